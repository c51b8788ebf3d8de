/*
 * tiepdan list: petitions newest first, or overdue and due soon, a page at
 * a time or every page. The parser and the request are pure, for tests;
 * strings are borrowed from argv.
 */
#ifndef TD_CMD_LIST_H
#define TD_CMD_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

struct td_list_args {
  char *unit;
  char *kind;
  char *channel;
  char *field;
  char *text;
  char *cursor;
  int status;
  int has_status;
  int64_t from; /* Inclusive start of the --from day. */
  int has_from;
  int64_t to; /* Exclusive: the midnight after the --to day. */
  int has_to;
  uint32_t limit;
  int has_limit;
  int overdue;
  uint32_t due_within; /* Days, 1 to TD_DUE_WITHIN_MAX. */
  int has_due_within;
  int64_t session_id;
  int has_session;
  int all;
  int wide; /* Every column of the table (--wide). */
  int help;
};

struct td_list_req {
  Tiepdan__Envelope env;
  Tiepdan__ListPetitions list;
};

/* Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_list(int argc, char **argv, struct td_list_args *a, char *err,
                      size_t errlen);
void td_cmd_list_request(const struct td_list_args *a, struct td_list_req *r);

#endif
