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

#include "common/day.h"
#include "common/limits.h"
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
  int64_t session_id;
  int has_session;
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
  int explain;
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
  int overdue;
  uint32_t due_within; /* Days, 1 to TD_DUE_WITHIN_MAX. */
  int has_due_within;
  int64_t session_id;
  int has_session;
  int all;
  int help;
};

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
  int outcome;      /* A Tiepdan__Outcome; 0 when not given. */
  int satisfaction; /* A Tiepdan__Satisfaction; 0 when not given. */
  int complex;
  int64_t at;
  int has_at;
  int64_t expect_version;
  int has_expect_version;
  int retries;    /* 0 for note: see td_cmd_parse_transition. */
  int note_stdin; /* "note ID -": the text comes from standard input. */
  int help;
};

struct td_history_args {
  char *ref;
  int help;
};

struct td_session_open_args {
  char *unit;
  char *title;
  char *presided_by;
  int type; /* A Tiepdan__SessionType. */
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

struct td_holidays_args {
  unsigned year;
  char *file;
  int help;
};

struct td_principal_add_args {
  char *cert_file;
  char *name; /* NULL: the server takes the certificate's CN. */
  char *unit;
  int role; /* A Tiepdan__Role. */
  int help;
};

/* The length of a SHA-256 fingerprint in hex. */
#define TD_CMD_FINGERPRINT_LEN 64

struct td_principal_revoke_args {
  int64_t id; /* 0 when revoking by fingerprint. */
  /* Lowercase hex without colons; empty when revoking by id. */
  char fingerprint[TD_CMD_FINGERPRINT_LEN + 1];
  int help;
};

struct td_principal_list_args {
  char *unit;
  int all; /* Include revoked principals. */
  int help;
};

struct td_merge_args {
  char *old[TD_MERGE_MAX];
  size_t n_old;
  char *into;
  char *name;
  char *on; /* YYYY-MM-DD, checked to be a real day. */
  int help;
};

/* Each dimension at most once: there are eight, of which at most six go
 * together. */
#define TD_CMD_STATS_DIMS_MAX 8

struct td_stats_args {
  char *unit;
  char *level; /* province, district or commune; NULL: the server's. */
  int dims[TD_CMD_STATS_DIMS_MAX]; /* Tiepdan__StatDim, in the order given. */
  size_t n_dims;
  /* The period, whole months inclusive, always filled in: the defaults
   * are worked out by the parser. */
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  int help;
};

struct td_report_args {
  char *unit; /* NULL: the caller's own unit. */
  /* The period, whole months inclusive: both are required. */
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  int lang;   /* An enum td_report_lang; Vietnamese by default. */
  char *xlsx; /* Write a workbook here; NULL: print. */
  int front;  /* Add the Front's recommendations after supervision. */
  int table;  /* An enum td_report_table; -1: the report's paragraphs. */
  int help;
};

/* The requests of one report, sent in this order on one connection. */
enum td_report_query {
  TD_REPORT_Q_TOTAL,   /* No dimension: the totals and the sessions. */
  TD_REPORT_Q_KIND,    /* By kind. */
  TD_REPORT_Q_FIELD,   /* By field. */
  TD_REPORT_Q_CHANNEL, /* By channel. */
  TD_REPORT_Q_MONTH,   /* By month. */
  TD_REPORT_Q_UNIT,    /* With --unit: by unit, for the unit's name. */
  TD_REPORT_Q_FRONT,   /* With --front: the Front's, by status. */
  TD_REPORT_Q_N
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

struct td_transition_req {
  Tiepdan__Envelope env;
  Tiepdan__Transition t;
};

struct td_history_req {
  Tiepdan__Envelope env;
  Tiepdan__GetHistory get;
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

struct td_principal_add_req {
  Tiepdan__Envelope env;
  Tiepdan__AddPrincipal add;
};

struct td_principal_revoke_req {
  Tiepdan__Envelope env;
  Tiepdan__RevokePrincipal revoke;
};

struct td_principal_list_req {
  Tiepdan__Envelope env;
  Tiepdan__ListPrincipals list;
};

struct td_merge_req {
  Tiepdan__Envelope env;
  Tiepdan__MergeUnits merge;
};

/* Points into the td_stats_args it was built from, which must outlive
 * it. */
struct td_stats_req {
  Tiepdan__Envelope env;
  Tiepdan__GetStats get;
  Tiepdan__StatDim dims[TD_CMD_STATS_DIMS_MAX];
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

/* Whether command names a transition (accept, reject, ..., note). */
int td_cmd_is_transition(const char *command);
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
int td_cmd_parse_history(int argc, char **argv, struct td_history_args *a,
                         char *err, size_t errlen);
/* argv starts after "session open", "session close", "session list".
 * Opening requires --type and --presided-by; the title is optional, as a
 * regular reception needs none. */
int td_cmd_parse_session_open(int argc, char **argv,
                              struct td_session_open_args *a, char *err,
                              size_t errlen);
int td_cmd_parse_session_close(int argc, char **argv,
                               struct td_session_close_args *a, char *err,
                               size_t errlen);
int td_cmd_parse_session_list(int argc, char **argv,
                              struct td_session_list_args *a, char *err,
                              size_t errlen);
/* argv starts after "admin holidays load": YEAR FILE. */
int td_cmd_parse_holidays_load(int argc, char **argv,
                               struct td_holidays_args *a, char *err,
                               size_t errlen);

/* argv starts after "admin principal add": --cert FILE --role ROLE --unit
 * CODE [--name NAME], all but --name required. */
int td_cmd_parse_principal_add(int argc, char **argv,
                               struct td_principal_add_args *a, char *err,
                               size_t errlen);
/* argv starts after "admin principal revoke": one ID (digits) or
 * FINGERPRINT (64 hex digits, colons between pairs allowed, any case). */
int td_cmd_parse_principal_revoke(int argc, char **argv,
                                  struct td_principal_revoke_args *a, char *err,
                                  size_t errlen);
/* argv starts after "admin principal list": [--unit CODE] [--all]. */
int td_cmd_parse_principal_list(int argc, char **argv,
                                struct td_principal_list_args *a, char *err,
                                size_t errlen);
/* argv starts after "admin unit merge": OLD [OLD...] --into NEW
 * [--name NAME] --on YYYY-MM-DD. A code given twice is refused. */
int td_cmd_parse_merge(int argc, char **argv, struct td_merge_args *a,
                       char *err, size_t errlen);

/*
 * argv starts after "stats": [--unit CODE] [--from MONTH] [--to MONTH]
 * [--by DIM[,DIM...]]... [--level LEVEL]. A month is YYYY-MM; YYYY-MM-DD
 * stands for its month, and a bare YYYY for its January as --from and its
 * December as --to. --to defaults to the month of now (Unix seconds, taken
 * in local time), --from to the eleventh month before --to: a year in all.
 * The dimensions are unit, kind, channel, field, status, and one of month,
 * quarter and year, each at most once, kept in the order given; --level
 * needs --by unit.
 */
int td_cmd_parse_stats(int argc, char **argv, int64_t now,
                       struct td_stats_args *a, char *err, size_t errlen);

/*
 * argv starts after "report": [--unit CODE] --from MONTH --to MONTH
 * [--lang vi|en] [--xlsx FILE] [--front] [--table NAME]. The months are
 * read as stats reads them (a day YYYY-MM-DD stands for its month); both
 * are required. fmt is the global --format: csv prints one table, so it
 * needs --table (or --xlsx); --table front needs --front; --xlsx writes
 * every table, so it takes no --table.
 */
int td_cmd_parse_report(int argc, char **argv, enum td_format fmt,
                        struct td_report_args *a, char *err, size_t errlen);

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

/* The GetPetition that learns the version and status a transition starts
 * from. A note needs neither, and is sent without it. */
void td_cmd_transition_lookup(const struct td_transition_args *a,
                              struct td_show_req *r);
/* The Transition itself, expecting the petition at version; a note
 * expects none. */
void td_cmd_transition_request(const struct td_transition_args *a,
                               int64_t version, struct td_transition_req *r);
void td_cmd_history_request(const struct td_history_args *a,
                            struct td_history_req *r);
void td_cmd_session_open_request(const struct td_session_open_args *a,
                                 struct td_session_open_req *r);
void td_cmd_session_close_request(const struct td_session_close_args *a,
                                  struct td_session_close_req *r);
void td_cmd_session_list_request(const struct td_session_list_args *a,
                                 struct td_session_list_req *r);

/* The AddPrincipal of a, carrying pem, the certificate as read from
 * a->cert_file (borrowed, like the strings of a). */
void td_cmd_principal_add_request(const struct td_principal_add_args *a,
                                  char *pem, struct td_principal_add_req *r);
void td_cmd_principal_revoke_request(const struct td_principal_revoke_args *a,
                                     struct td_principal_revoke_req *r);
void td_cmd_principal_list_request(const struct td_principal_list_args *a,
                                   struct td_principal_list_req *r);
void td_cmd_merge_request(const struct td_merge_args *a,
                          struct td_merge_req *r);

void td_cmd_stats_request(const struct td_stats_args *a,
                          struct td_stats_req *r);

/*
 * The GetStats of one query of a report (enum td_report_query), over the
 * period and unit of a. The unit query groups by unit at the level its
 * code names (2 digits a province, 3 a district, else a commune), so that
 * a row is the unit itself; the Front's takes kind recommendation and
 * channel front_supervision, by status. Returns 0, or -1 when a does not
 * need that query (no --unit, no --front).
 */
int td_cmd_report_request(const struct td_report_args *a, int query,
                          struct td_stats_req *r);

/* The command-line option behind a field named in an INVALID_ARGUMENT
 * error, e.g. "--group-size" for "group_size"; NULL if none. */
const char *td_cmd_option_of_field(const char *field);

/* The same for the given command ("reject", "session close", ...), where
 * one field can stand for different options: note is --reason for reject
 * but --note for accept. */
const char *td_cmd_option_of_field_in(const char *command, const char *field);

#endif
