/*
 * What every command does the same way, as git's run_builtin and usage
 * functions do it for git's: tell a usage error and print a usage; resolve
 * the connection options; send a request and judge its reply; and turn
 * every failure into the exit status scripts rely on, with words for the
 * officer on standard error. Commands print their results themselves.
 */
#ifndef TD_CMD_CALL_H
#define TD_CMD_CALL_H

#include "cmd/global.h"
#include "net/config.h"
#include "net/session.h"
#include "tiepdan.pb-c.h"

/* Exit statuses; main.c's comment says what each promises. */
enum td_exit {
  TD_EXIT_OK = 0,
  TD_EXIT_INTERNAL = 1,
  TD_EXIT_USAGE = 2,
  TD_EXIT_CONNECT = 3,
  TD_EXIT_REFUSED = 4,
  TD_EXIT_UNAVAILABLE = 5
};

/* Retries of a request that is safe to send again. */
#define TD_CALL_RETRIES_DEFAULT 3
#define TD_CALL_RETRIES_MAX 10

/*
 * What a failed call tells the officer besides the error itself. Only
 * command is required; the hints replace the general ones for this
 * command.
 */
struct td_call {
  const char *command; /* Names the option behind a refused field. */
  const char *key;     /* The idempotency key of a submit. */
  /* What to check when the request may have reached the server before
   * the connection failed; NULL when sending it again is harmless. */
  const char *unsure;
  const char *not_found;    /* The hint for NOT_FOUND. */
  const char *unknown;      /* For UNKNOWN_REQUEST: an older server. */
  const char *illegal_step; /* For ILLEGAL_TRANSITION. */
};

/* "tiepdan COMMAND: err", a blank line and usage on standard error;
 * returns TD_EXIT_USAGE. command may be NULL (the global options). */
int td_call_usage_error(const char *command, const char *err,
                        const char *usage);
/* Prints usage on standard output (--help); returns TD_EXIT_OK. */
int td_call_print_usage(const char *usage);
/* "tiepdan: what" on standard error; returns TD_EXIT_INTERNAL. */
int td_call_internal(const char *what);
/* Whether w asks for help: "--help" or "-h". */
int td_call_is_help(const char *w);

/* Fills o from g's flags, the environment and the configuration file
 * (net/config.h). Returns TD_EXIT_OK, or TD_EXIT_USAGE after saying why;
 * o is the caller's to free with td_client_config_free either way. */
int td_call_resolve(const struct td_global_args *g, struct td_client_opts *o);

/* A session that retries retries times, telling the officer each time. */
void td_call_session_start(struct td_session *s, const struct td_client_opts *o,
                           int retries);
/* The retry notice td_call_session_start installs, and one that also
 * counts the retries in the int at arg. */
void td_call_on_retry(void *arg, int attempt, int retries, int delay_ms,
                      const char *why, const Tiepdan__Error *e);
void td_call_on_retry_counted(void *arg, int attempt, int retries, int delay_ms,
                              const char *why, const Tiepdan__Error *e);

/* The exit status of a TD_E* failure r of the network, after telling the
 * officer err and, for a request that may have been recorded, what to do. */
int td_call_conn_failed(int r, const char *err, const struct td_session *s,
                        const struct td_call *c);

/*
 * A server's Error in the officer's language, for a command that tells it
 * itself: the code in words ("không tìm thấy"; its name, NOT_FOUND, in
 * English) and the message, worded from its template and values
 * (common/tmpl.h) into buf, or the message as sent when it has none.
 */
const char *td_call_code_words(int code);
const char *td_call_error_words(const Tiepdan__Error *e, char *buf,
                                size_t size);

/* Checks that a reply has the body wanted. Returns TD_EXIT_OK, or frees it
 * and returns an exit status after telling the officer why. */
int td_call_judge(Tiepdan__Envelope **reply, int want, const struct td_call *c);

/*
 * The server's warning that next year's holidays are only provisional
 * (HelloReply.calendar_warning, "the holidays of 2027 are not confirmed
 * yet") in the officer's language, into buf; another text, an older
 * server's, as it came. Returns buf.
 */
const char *td_call_calendar_words(const char *warning, char *buf, size_t size);

/* td_call_judge, an error's values that are codes (a kind, a status) named
 * by the terms of s's HelloReply. */
int td_call_judge_on(const struct td_session *s, Tiepdan__Envelope **reply,
                     int want, const struct td_call *c);

/*
 * Sends req (NULL: only the Hello) and checks that the reply has the body
 * wanted. Returns TD_EXIT_OK with *reply to free, or an exit status after
 * telling the officer why.
 */
int td_call_exchange(struct td_session *s, Tiepdan__Envelope *req, int want,
                     Tiepdan__Envelope **reply, const struct td_call *c);

/* What prints a request's answer; arg is the command's own. */
typedef int (*td_call_print_fn)(const struct td_global_args *g,
                                const Tiepdan__Envelope *reply,
                                const void *arg);

/* Resolves the options, sends one request with retries, and prints its
 * answer with print. Returns an exit status. */
int td_call_and_print(const struct td_global_args *g, Tiepdan__Envelope *req,
                      int want, int retries, const struct td_call *c,
                      td_call_print_fn print, const void *arg);

/* TD_EXIT_OK if r is 0 and standard output took everything, else
 * TD_EXIT_INTERNAL after saying why. */
int td_call_finish_output(int r);

/* The width of the terminal on standard output; 0 when it is none. */
int td_call_terminal_columns(void);

#endif
