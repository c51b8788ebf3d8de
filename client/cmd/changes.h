/*
 * tiepdan changes: one Changes request, the events recorded after a
 * cursor, for scripts. The parser and the request are pure, for tests;
 * strings are borrowed from argv.
 */
#ifndef TD_CMD_CHANGES_H
#define TD_CMD_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "common/limits.h"
#include "tiepdan.pb-c.h"

struct td_changes_args {
  char *unit;     /* NULL: the caller's own unit. */
  uint64_t since; /* With has_since; without, the reply is only the cursor. */
  int has_since;
  uint32_t wait_s; /* Long poll, 0 to TD_CHANGES_WAIT_MAX_S seconds. */
  int has_wait;
  uint32_t limit; /* 1 to TD_CHANGES_LIMIT_MAX; the server's default. */
  int has_limit;
  int help;
};

/* argv starts after "changes": [--since N] [--wait SECONDS] [--limit N]
 * [--unit CODE]. Returns 0, or -1 with a message in err. */
int td_cmd_parse_changes(int argc, char **argv, struct td_changes_args *a,
                         char *err, size_t errlen);

/* A Changes request; points into itself and into the strings it was given,
 * which must outlive it. */
struct td_changes_req {
  Tiepdan__Envelope env;
  Tiepdan__Changes changes;
};

void td_cmd_changes_request(const struct td_changes_args *a,
                            struct td_changes_req *r);

#endif
