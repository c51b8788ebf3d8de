/*
 * The command lines of tiepdan: global options, then one command with its
 * own options. Parsing checks what can be checked without the server
 * (required options, numbers, dates, names of statuses) and turns the
 * options into request messages; the server validates everything else.
 * Nothing here prints or touches the network. Strings in the structures
 * are borrowed from argv unless said otherwise.
 */
#ifndef TD_CLIENT_CMD_H
#define TD_CLIENT_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "output.h"
#include "tiepdan.pb-c.h"
#include "uuid.h"

#define TD_CMD_RETRIES_DEFAULT 3
#define TD_CMD_RETRIES_MAX 10

struct td_global_args {
  struct td_client_flags flags;
  enum td_format format;
  int help;
  int version;
  char *command; /* NULL when none was given. */
  int argc;      /* The words after the command. */
  char **argv;
};

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
  char *summary; /* NULL until read from stdin when summary_stdin is set. */
  char *key;     /* NULL: make a fresh one. */
  uint32_t group_size;
  int has_group_size;
  int confidential;
  int64_t received_at;
  int has_received;
  int retries;
  int summary_stdin;
  int help;
};

struct td_show_args {
  char *ref; /* An id (all digits) or a receipt number. */
  int help;
};

struct td_list_args {
  char *unit;
  char *kind;
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
  int all;
  int help;
};

/* Messages of one request, built in place; strings are borrowed. */
struct td_submit_req {
  Tiepdan__Envelope env;
  Tiepdan__SubmitPetition submit;
  Tiepdan__Petitioner who;
  char key[TD_UUID_LEN + 1];
};

struct td_show_req {
  Tiepdan__Envelope env;
  Tiepdan__GetPetition get;
};

struct td_list_req {
  Tiepdan__Envelope env;
  Tiepdan__ListPetitions list;
};

/*
 * Each parser returns 0, or -1 with what is wrong in err. argv starts after
 * the program name (global) or after the command word (commands).
 */
int td_cmd_parse_global(int argc, char **argv, struct td_global_args *g,
                        char *err, size_t errlen);
int td_cmd_parse_whoami(int argc, char **argv, int *help, char *err,
                        size_t errlen);
/* stdin_tty tells whether standard input is a terminal: without --summary
 * the summary is read from stdin only when it is not. */
int td_cmd_parse_submit(int argc, char **argv, int stdin_tty,
                        struct td_submit_args *a, char *err, size_t errlen);
int td_cmd_parse_show(int argc, char **argv, struct td_show_args *a, char *err,
                      size_t errlen);
int td_cmd_parse_list(int argc, char **argv, struct td_list_args *a, char *err,
                      size_t errlen);

/*
 * Trims white space and a leading byte order mark from a summary, in
 * place; returns the start of what is left.
 */
char *td_cmd_trim_summary(char *s);

/*
 * Builds the SubmitPetition of a, with the key of a or else a new random
 * one (in r->key). Returns 0, or -1 if the summary is empty or the system's
 * random source failed.
 */
int td_cmd_submit_request(const struct td_submit_args *a,
                          struct td_submit_req *r, char *err, size_t errlen);
void td_cmd_show_request(const struct td_show_args *a, struct td_show_req *r);
void td_cmd_list_request(const struct td_list_args *a, struct td_list_req *r);

/* The command-line option behind a field named in an INVALID_ARGUMENT
 * error, e.g. "--group-size" for "group_size"; NULL if none. */
const char *td_cmd_option_of_field(const char *field);

#endif
