/*
 * tiepdan history: every recorded step of one petition. The parser and the
 * request are pure, for tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_HISTORY_H
#define TD_CMD_HISTORY_H

#include <stddef.h>

#include "tiepdan.pb-c.h"

struct td_history_args {
  char *ref;
  int audit; /* Also the reads of a secret identity. */
  int help;
};

struct td_history_req {
  Tiepdan__Envelope env;
  Tiepdan__GetHistory get;
};

/* Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_history(int argc, char **argv, struct td_history_args *a,
                         char *err, size_t errlen);
void td_cmd_history_request(const struct td_history_args *a,
                            struct td_history_req *r);

/* The steps of h to print: every one with audit, else all but the reads of
 * a secret identity (recorded, but not steps of the petition's life). Fills
 * out (room for h->n_events) and returns how many. */
size_t td_cmd_history_steps(const Tiepdan__HistoryReply *h, int audit,
                            Tiepdan__Event **out);

#endif
