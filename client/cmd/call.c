/* What every command does the same way; see call.h. */
#include "cmd/call.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/field.h"
#include "cmd/terms_in.h"
#include "wire.h"

/* A client and server of different versions: what the officer can do. */
#define VERSION_HINT                                                           \
  "this tiepdan (version " TD_VERSION ") does not match the server; ask "      \
  "your administrator for the right version"

int td_call_usage_error(const char *command, const char *err, const char *usage)
{
  fprintf(stderr, "tiepdan%s%s: %s\n\n%s", command ? " " : "",
          command ? command : "", err, usage);
  return TD_EXIT_USAGE;
}

int td_call_print_usage(const char *usage)
{
  fputs(usage, stdout);
  return TD_EXIT_OK;
}

int td_call_internal(const char *what)
{
  fprintf(stderr, "tiepdan: %s\n", what);
  return TD_EXIT_INTERNAL;
}

int td_call_is_help(const char *w)
{
  return strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0;
}

int td_call_resolve(const struct td_global_args *g, struct td_client_opts *o)
{
  char err[1024];

  if (td_client_config_resolve(&g->flags, o, err, sizeof(err)) == 0)
    return TD_EXIT_OK;
  fprintf(stderr, "tiepdan: %s\nRun \"tiepdan --help\" for the options.\n",
          err);
  return TD_EXIT_USAGE;
}

void td_call_on_retry(void *arg, int attempt, int retries, int delay_ms,
                      const char *why)
{
  (void)arg;
  fprintf(stderr, "tiepdan: %s\ntiepdan: trying again in %d s (%d of %d)\n",
          why, delay_ms / 1000, attempt, retries);
}

/* Counts the retries in the int at arg, and tells them as on_retry does. */
void td_call_on_retry_counted(void *arg, int attempt, int retries, int delay_ms,
                              const char *why)
{
  (*(int *)arg)++;
  td_call_on_retry(NULL, attempt, retries, delay_ms, why);
}

void td_call_session_start(struct td_session *s, const struct td_client_opts *o,
                           int retries)
{
  td_session_init(s, o);
  s->retries = retries;
  s->on_retry = td_call_on_retry;
}

/* Tells a submit's officer how to finish the job without a duplicate. */
static void key_advice(const char *key, int maybe_sent)
{
  if (key == NULL)
    return;
  if (maybe_sent)
    fputs("The petition may or may not have been recorded.\n", stderr);
  else
    fputs("The petition was NOT recorded yet.\n", stderr);
  fprintf(stderr,
          "Run the same command again later with\n"
          "  --key %s\n"
          "so that it cannot be recorded twice.\n",
          key);
}

int td_call_conn_failed(int r, const char *err, const struct td_session *s,
                        const struct td_call *c)
{
  fprintf(stderr, "tiepdan: %s\n", err);
  switch (r) {
  case TD_ENOMEM:
  case TD_EPROTO:
    return TD_EXIT_INTERNAL;
  case TD_EUSAGE:
    return TD_EXIT_USAGE;
  case TD_ETOOBIG:
    return TD_EXIT_REFUSED;
  default:
    key_advice(c->key, s->maybe_sent);
    if (c->unsure != NULL && s->maybe_sent)
      fputs(c->unsure, stderr);
    return TD_EXIT_CONNECT;
  }
}

static const char *refusal_hint(const Tiepdan__Error *e,
                                const struct td_call *c)
{
  switch (e->code) {
  case TIEPDAN__ERROR_CODE__INVALID_ARGUMENT:
    return "correct that option and run the command again";
  case TIEPDAN__ERROR_CODE__UNAUTHENTICATED:
    return "this computer's certificate is not registered on the server, "
           "or was revoked; ask your administrator to register it";
  case TIEPDAN__ERROR_CODE__PERMISSION_DENIED:
    return "your account may not do this; ask your administrator";
  case TIEPDAN__ERROR_CODE__NOT_FOUND:
    if (c->not_found != NULL)
      return c->not_found;
    return "check the id or receipt number; you see only petitions of your "
           "own unit and the units below it";
  case TIEPDAN__ERROR_CODE__CONFLICT:
    return c->key ? "this key was already used for a different petition; "
                    "run the command again without --key to record a new one"
                  : "the record changed meanwhile; run the command again";
  case TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION:
    if (c->illegal_step != NULL)
      return c->illegal_step;
    return "the petition's status does not allow this step; see where it "
           "stands with \"tiepdan show\" and \"tiepdan history\"";
  case TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST:
    /* A server older than this client knows every request but the
     * newest. */
    if (c->unknown != NULL)
      return c->unknown;
    return VERSION_HINT;
  case TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION:
  case TIEPDAN__ERROR_CODE__BAD_FRAME:
  case TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE:
    return VERSION_HINT;
  default:
    return "tell your administrator the time this happened";
  }
}

static int refused(const Tiepdan__Error *e, const struct td_call *c)
{
  const char *opt;

  fprintf(stderr, "tiepdan: refused: %s: %s\n", td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (e->field != NULL && e->field[0] != '\0') {
    opt = td_cmd_option_of_field_in(c->command, e->field);
    fprintf(stderr, "  field: %s%s%s%s\n", e->field, opt ? " (option " : "",
            opt ? opt : "", opt ? ")" : "");
  }
  fprintf(stderr, "  hint: %s\n", refusal_hint(e, c));
  return TD_EXIT_REFUSED;
}

static int unavailable(const Tiepdan__Error *e, const struct td_call *c)
{
  fprintf(stderr, "tiepdan: the server is temporarily unavailable: %s: %s\n",
          td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (c->key != NULL)
    key_advice(c->key, 0);
  else
    fputs("Try again in a few minutes.\n", stderr);
  return TD_EXIT_UNAVAILABLE;
}

/* Checks that a reply has the body wanted. Returns TD_EXIT_OK, or frees it
 * and returns an exit status after telling the officer why. */
int td_call_judge(Tiepdan__Envelope **reply, int want, const struct td_call *c)
{
  const Tiepdan__Error *e;
  int code;

  if ((int)(*reply)->body_case == want)
    return TD_EXIT_OK;
  e = (*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR ? (*reply)->error
                                                           : NULL;
  if (e == NULL)
    code =
        td_call_internal("the server sent an answer of the wrong kind; check "
                         "that the client and server versions match");
  else if (td_session_error_retryable(e))
    code = unavailable(e, c);
  else
    code = refused(e, c);
  tiepdan__envelope__free_unpacked(*reply, NULL);
  *reply = NULL;
  return code;
}

/*
 * Sends req (NULL: only the Hello) and checks that the reply has the body
 * wanted. Returns TD_EXIT_OK with *reply to free, or an exit status after
 * telling the officer why.
 */
int td_call_exchange(struct td_session *s, Tiepdan__Envelope *req, int want,
                     Tiepdan__Envelope **reply, const struct td_call *c)
{
  char err[1024];
  int r;

  r = td_terms_in_call(s, req, reply, err, sizeof(err));
  if (r != 0)
    return td_call_conn_failed(r, err, s, c);
  return td_call_judge(reply, want, c);
}

int td_call_finish_output(int r)
{
  if (r != 0 || fflush(stdout) != 0)
    return td_call_internal(errno ? strerror(errno)
                                  : "cannot write the output");
  return TD_EXIT_OK;
}

int td_call_terminal_columns(void)
{
  struct winsize ws;

  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
    return ws.ws_col;
  return 0;
}

/* Sends one request, then prints its answer with print: the admin
 * commands and stats. */
int td_call_and_print(const struct td_global_args *g, Tiepdan__Envelope *req,
                      int want, int retries, const struct td_call *c,
                      td_call_print_fn print, const void *arg)
{
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  int code;

  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, retries);
    code = td_call_exchange(&s, req, want, &reply, c);
    if (code == TD_EXIT_OK) {
      code = print(g, reply, arg);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
