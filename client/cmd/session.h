/*
 * tiepdan session open|close|list: reception sessions, dialogue
 * conferences and voters' meetings. The parsers and the requests are pure,
 * for tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_SESSION_H
#define TD_CMD_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

struct td_session_open_args {
  char *unit;
  char *title;
  char *presided_by;
  char *theme;
  int type;        /* A Tiepdan__SessionType. */
  uint32_t number; /* Kỳ tiếp số, when has_number. */
  int has_number;
  int64_t at;
  int has_at;
  int help;
};

struct td_session_close_args {
  int64_t id;
  char *note;
  uint32_t attendees;
  uint32_t opinions;
  uint32_t resolved_on_spot;
  uint32_t forwarded;
  uint32_t groups;       /* Mass delegations (đoàn đông người). */
  uint32_t group_people; /* People in them, part of the attendees. */
  int has_groups;
  int has_group_people;
  int has_attendees;
  int has_opinions;
  int has_resolved_on_spot;
  int has_forwarded;
  int64_t at;
  int has_at;
  int help;
};

struct td_session_list_args {
  char *unit;
  int type; /* 0: any. */
  int64_t from;
  int has_from;
  int64_t to; /* Exclusive: the midnight after the --to day. */
  int has_to;
  int help;
};

struct td_session_open_req {
  Tiepdan__Envelope env;
  Tiepdan__OpenSession open;
};

struct td_session_close_req {
  Tiepdan__Envelope env;
  Tiepdan__CloseSession close;
};

struct td_session_list_req {
  Tiepdan__Envelope env;
  Tiepdan__ListSessions list;
};

/* argv starts after "session open", "session close", "session list". Each
 * returns 0, or -1 with what is wrong in err. Opening requires --type and
 * --presided-by; the title is optional, as a regular reception needs none. */
int td_cmd_parse_session_open(int argc, char **argv,
                              struct td_session_open_args *a, char *err,
                              size_t errlen);
int td_cmd_parse_session_close(int argc, char **argv,
                               struct td_session_close_args *a, char *err,
                               size_t errlen);
int td_cmd_parse_session_list(int argc, char **argv,
                              struct td_session_list_args *a, char *err,
                              size_t errlen);
void td_cmd_session_open_request(const struct td_session_open_args *a,
                                 struct td_session_open_req *r);
void td_cmd_session_close_request(const struct td_session_close_args *a,
                                  struct td_session_close_req *r);
void td_cmd_session_list_request(const struct td_session_list_args *a,
                                 struct td_session_list_req *r);

#endif
