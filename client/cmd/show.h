/*
 * tiepdan show: prints one petition, by id or receipt number. The parser
 * and the request are pure, for tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_SHOW_H
#define TD_CMD_SHOW_H

#include <stddef.h>

#include "tiepdan.pb-c.h"

struct td_show_args {
  char *ref; /* An id (all digits) or a receipt number. */
  int explain;
  int help;
};

struct td_show_req {
  Tiepdan__Envelope env;
  Tiepdan__GetPetition get;
};

/* Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_show(int argc, char **argv, struct td_show_args *a, char *err,
                      size_t errlen);
void td_cmd_show_request(const struct td_show_args *a, struct td_show_req *r);

#endif
