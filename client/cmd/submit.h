/*
 * tiepdan submit: records a petition and prints its receipt number. The
 * parser and the request are pure, for tests; strings are borrowed from
 * argv unless said otherwise.
 */
#ifndef TD_CMD_SUBMIT_H
#define TD_CMD_SUBMIT_H

#include <stddef.h>
#include <stdint.h>

#include "common/uuid.h"
#include "tiepdan.pb-c.h"

struct td_submit_args {
  char *unit;
  char *village;
  char *kind;
  char *channel;
  char *field;
  char *name;
  char *id_number;
  char *address;
  char *contact;
  char *summary;   /* NULL until read from stdin when summary_stdin is set. */
  char *key;       /* NULL: make a fresh one. */
  char *repeat_of; /* --repeat-of: the earlier petition it repeats. */
  int64_t session_id;
  int has_session;
  uint32_t group_size;
  int has_group_size;
  int confidential;
  int64_t received_at;
  int has_received;
  int retries;
  int summary_stdin;
  int print;      /* --print: then the citizen's receipt. */
  char *print_to; /* --print FILE: as a PDF there; NULL: as text. */
  int form;       /* Ask at the terminal for what is missing (cmd/form.h). */
  int help;
};

/* Messages of one request, built in place; strings are borrowed. */
struct td_submit_req {
  Tiepdan__Envelope env;
  Tiepdan__SubmitPetition submit;
  Tiepdan__Petitioner who;
  char key[TD_UUID_LEN + 1];
};

/* The stdin_tty of td_cmd_parse_submit when standard input and output are
 * both a terminal: the guided form asks for what is missing. */
#define TD_SUBMIT_FORM 2

/* stdin_tty tells whether standard input is a terminal: without --summary
 * the summary is read from stdin only when it is not. With TD_SUBMIT_FORM,
 * a missing --kind, --channel or --summary (or "--summary -") sets a->form
 * rather than being an error. Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_submit(int argc, char **argv, int stdin_tty,
                        struct td_submit_args *a, char *err, size_t errlen);

/*
 * Builds the SubmitPetition of a, with the key of a or else a new random
 * one (in r->key). Returns 0, or -1 if the summary is empty or the system's
 * random source failed.
 */
int td_cmd_submit_request(const struct td_submit_args *a,
                          struct td_submit_req *r, char *err, size_t errlen);

/* Writes a fresh random (version 4) UUID, an idempotency key, and its NUL
 * into out. Returns 0, or -1 if the system's random source failed. */
int td_uuid_v4(char out[TD_UUID_LEN + 1]);

#endif
