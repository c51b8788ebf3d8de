/*
 * The steps of a petition's life, one command each: accept, reject,
 * transfer, start, resolve, withdraw, reopen, extend and note, which share
 * this file as git's log and show share builtin/log.c. The parser and the
 * requests are pure, for tests; strings are borrowed from argv unless said
 * otherwise.
 */
#ifndef TD_CMD_LIFECYCLE_H
#define TD_CMD_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/show.h"
#include "tiepdan.pb-c.h"

/*
 * One step in a petition's life: accept, reject, transfer, start, resolve,
 * withdraw, reopen, extend or note, which is also the command's name.
 */
struct td_transition_args {
  int action; /* A Tiepdan__Action. */
  char *ref;
  char *note; /* --note, --reason, or the text of note; NULL if none. */
  char *transfer_target;
  char *decision_no;
  char *finding;    /* resolve: as typed; the server's code once resolved. */
  char *repeat_of;  /* note: the earlier petition's receipt number. */
  int outcome;      /* A Tiepdan__Outcome; 0 when not given. */
  int satisfaction; /* A Tiepdan__Satisfaction; 0 when not given. */
  int complex;
  int especially_complex; /* accept, extend: vụ việc đặc biệt phức tạp. */
  int64_t at;
  int has_at;
  int64_t expect_version;
  int has_expect_version;
  int retries;    /* 0 for note: see td_cmd_parse_transition. */
  int note_stdin; /* "note ID -": the text comes from standard input. */
  int help;
};

struct td_transition_req {
  Tiepdan__Envelope env;
  Tiepdan__Transition t;
};

/* Whether command names a transition (accept, reject, ..., note). */
int td_cmd_is_transition(const char *command);

/* The usage of a transition command; NULL for any other word. */
const char *td_usage_transition(const char *command);

/*
 * Parses the options of a transition command. Each action takes only the
 * options that mean something for it, and requires what the server would
 * refuse it without: --reason (reject, withdraw, reopen, extend), --to
 * (transfer), --outcome (resolve), TEXT (note). A given text must not be
 * blank; the caller trims it. A note changes no state and leaves the
 * version alone, so the server takes it at any version: note has no
 * --expect-version and no --retries, and is sent once.
 */
int td_cmd_parse_transition(const char *command, int argc, char **argv,
                            struct td_transition_args *a, char *err,
                            size_t errlen);

/* The GetPetition that learns the version and status a transition starts
 * from. A note needs neither, and is sent without it. */
void td_cmd_transition_lookup(const struct td_transition_args *a,
                              struct td_show_req *r);
/* The Transition itself, expecting the petition at version; a note
 * expects none. */
void td_cmd_transition_request(const struct td_transition_args *a,
                               int64_t version, struct td_transition_req *r);

#endif
