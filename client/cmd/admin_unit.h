/*
 * tiepdan admin unit merge OLD... --into NEW --on DAY: records that
 * communes merged. The parser and the request are pure, for tests; strings
 * are borrowed from argv.
 */
#ifndef TD_CMD_ADMIN_UNIT_H
#define TD_CMD_ADMIN_UNIT_H

#include <stddef.h>

#include "common/day.h"
#include "common/limits.h"
#include "tiepdan.pb-c.h"

struct td_merge_args {
  char *old[TD_MERGE_MAX];
  size_t n_old;
  char *into;
  char *name;
  char *on; /* YYYY-MM-DD (on_iso), from the day as typed. */
  char on_iso[TD_DAY_LEN];
  int help;
};

struct td_merge_req {
  Tiepdan__Envelope env;
  Tiepdan__MergeUnits merge;
};

/* argv starts after "admin unit merge": OLD [OLD...] --into NEW
 * [--name NAME] --on YYYY-MM-DD. A code given twice is refused. Returns 0,
 * or -1 with what is wrong in err. */
int td_cmd_parse_merge(int argc, char **argv, struct td_merge_args *a,
                       char *err, size_t errlen);
void td_cmd_merge_request(const struct td_merge_args *a,
                          struct td_merge_req *r);

#endif
