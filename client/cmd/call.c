/* What every command does the same way; see call.h. */
#include "cmd/call.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/field.h"
#include "cmd/field_label.h"
#include "cmd/terms_in.h"
#include "common/tmpl.h"
#include "lang/lang.h"
#include "render/output.h"
#include "render/terms.h"
#include "wire.h"

/* A client and server of different versions: what the officer can do. */
#define VERSION_HINT                                                           \
  N_("this tiepdan (version %s) does not match the server; ask your "          \
     "administrator for the right version")

/* usage is translated here, so that a command may pass its N_() text (an
 * already translated one reads the same through _). */
int td_call_usage_error(const char *command, const char *err, const char *usage)
{
  fprintf(stderr, "tiepdan%s%s: %s\n\n%s", command ? " " : "",
          command ? command : "", err, _(usage));
  return TD_EXIT_USAGE;
}

int td_call_print_usage(const char *usage)
{
  fputs(_(usage), stdout);
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
  fprintf(stderr, "tiepdan: %s\n", err);
  fputs(_("Run \"tiepdan --help\" for the options.\n"), stderr);
  return TD_EXIT_USAGE;
}

void td_call_on_retry(void *arg, int attempt, int retries, int delay_ms,
                      const char *why, const Tiepdan__Error *e)
{
  char words[1024];

  (void)arg;
  /* The server's reason in the officer's words; a connection's own. */
  fprintf(stderr, "tiepdan: %s\n",
          e != NULL ? td_call_error_words(e, words, sizeof(words)) : why);
  fprintf(stderr, _("tiepdan: trying again in %d s (%d of %d)\n"),
          delay_ms / 1000, attempt, retries);
}

/* Counts the retries in the int at arg, and tells them as on_retry does. */
void td_call_on_retry_counted(void *arg, int attempt, int retries, int delay_ms,
                              const char *why, const Tiepdan__Error *e)
{
  (*(int *)arg)++;
  td_call_on_retry(NULL, attempt, retries, delay_ms, why, e);
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
    fputs(_("The petition may or may not have been recorded.\n"), stderr);
  else
    fputs(_("The petition was NOT recorded yet.\n"), stderr);
  fprintf(stderr,
          _("Run the same command again later with\n"
            "  --key %s\n"
            "so that it cannot be recorded twice.\n"),
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
      fputs(_(c->unsure), stderr);
    return TD_EXIT_CONNECT;
  }
}

/* The hint for an error: the command's own when it has one (marked with
 * N_ or already translated: either reads right through _), else the
 * general one. Written into buf when it needs formatting. */
static const char *refusal_hint(const Tiepdan__Error *e,
                                const struct td_call *c, char *buf, size_t size)
{
  switch (e->code) {
  case TIEPDAN__ERROR_CODE__INVALID_ARGUMENT:
    return _("correct that option and run the command again");
  case TIEPDAN__ERROR_CODE__UNAUTHENTICATED:
    return _("this computer's certificate is not registered on the server, "
             "or was revoked; ask your administrator to register it");
  case TIEPDAN__ERROR_CODE__PERMISSION_DENIED:
    return _("your account may not do this; ask your administrator");
  case TIEPDAN__ERROR_CODE__NOT_FOUND:
    if (c->not_found != NULL)
      return _(c->not_found);
    return _("check the id or receipt number; you see only petitions of your "
             "own unit and the units below it");
  case TIEPDAN__ERROR_CODE__CONFLICT:
    return c->key ? _("this key was already used for a different petition; "
                      "run the command again without --key to record a new "
                      "one")
                  : _("the record changed meanwhile; run the command again");
  case TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION:
    if (c->illegal_step != NULL)
      return _(c->illegal_step);
    return _("the petition's status does not allow this step; see where it "
             "stands with \"tiepdan show\" and \"tiepdan history\"");
  case TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST:
    /* A server older than this client knows every request but the
     * newest. */
    if (c->unknown != NULL)
      return _(c->unknown);
    snprintf(buf, size, _(VERSION_HINT), TD_VERSION);
    return buf;
  case TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION:
  case TIEPDAN__ERROR_CODE__BAD_FRAME:
  case TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE:
    snprintf(buf, size, _(VERSION_HINT), TD_VERSION);
    return buf;
  default:
    return _("tell your administrator the time this happened");
  }
}

/* The error codes in the officer's words (Vietnamese); English prints the
 * code's name, which scripts and the tests read. */
static const char *const code_words[] = {
    [TIEPDAN__ERROR_CODE__ERROR_UNSPECIFIED] = N_("unspecified error"),
    [TIEPDAN__ERROR_CODE__BAD_FRAME] = N_("message not understood"),
    [TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE] = N_("message too large"),
    [TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST] = N_("request not known"),
    [TIEPDAN__ERROR_CODE__INVALID_ARGUMENT] = N_("invalid information"),
    [TIEPDAN__ERROR_CODE__UNAUTHENTICATED] = N_("certificate not registered"),
    [TIEPDAN__ERROR_CODE__PERMISSION_DENIED] = N_("not permitted"),
    [TIEPDAN__ERROR_CODE__NOT_FOUND] = N_("not found"),
    [TIEPDAN__ERROR_CODE__CONFLICT] = N_("conflict"),
    [TIEPDAN__ERROR_CODE__UNAVAILABLE] = N_("unavailable"),
    [TIEPDAN__ERROR_CODE__SHUTTING_DOWN] = N_("shutting down"),
    [TIEPDAN__ERROR_CODE__OVERLOADED] = N_("overloaded"),
    [TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION] = N_("version not supported"),
    [TIEPDAN__ERROR_CODE__INTERNAL] = N_("internal error"),
    [TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION] = N_("step not allowed"),
};

/* The code in the current language: its name in English, which scripts
 * read; words in Vietnamese, never the name. */
const char *td_call_code_words(int code)
{
  if (td_lang_current() == TD_LANG_EN)
    return td_error_code_name(code);
  if (code < 0 || (size_t)code >= sizeof(code_words) / sizeof(code_words[0]) ||
      code_words[code] == NULL)
    return _("unspecified error");
  return _(code_words[code]);
}

/* The server's names of reference codes (a kind, a status) while a reply
 * of td_call_exchange is judged: its session's HelloReply, or NULL. */
static const Tiepdan__HelloReply *judged_terms;

/* The name the server's reference data gives the code v, in Vietnamese;
 * NULL when v is no code of theirs. */
static const char *term_name(const char *v)
{
  static const char *const vocabularies[] = {
      TD_TERMS_KIND,   TD_TERMS_CHANNEL, TD_TERMS_FIELD,
      TD_TERMS_STATUS, TD_TERMS_OUTCOME, TD_TERMS_SESSION_TYPE,
  };
  const Tiepdan__Term *t;
  size_t i;

  for (i = 0; i < sizeof(vocabularies) / sizeof(vocabularies[0]); i++) {
    t = td_terms_find(judged_terms, vocabularies[i], v);
    if (t != NULL)
      return td_terms_name(t, 0);
  }
  return NULL;
}

/*
 * A value of a server error in the officer's words: the label of the field
 * it names; a fixed phrase the server uses (a status, a step, a refusal's
 * reason, what it was doing: the catalog holds those under the context
 * "server value", so that no other value, a citizen's text, is ever
 * translated); the name of a code (a kind) in the server's reference data;
 * else as sent. A value the message quotes ('%s') is what the officer typed,
 * and is shown as typed.
 */
static const char *worded_value(const char *v, int quoted,
                                const Tiepdan__Error *e, char *key, size_t size)
{
  static const char ctx[] = "server value\004";
  const char *label;
  const char *t;
  int n;

  if (quoted)
    return v;
  label = e->field != NULL && strcmp(v, e->field) == 0 ? td_cmd_field_label(v)
                                                       : NULL;
  if (label != NULL)
    return label;
  /* The catalog's phrase first: it is worded for the middle of a sentence
   * ("không thụ lý"), the terms' names for a heading ("Không thụ lý"). */
  n = snprintf(key, size, "%s%s", ctx, v);
  if (n >= 0 && (size_t)n < size) {
    t = td_gettext(key);
    if (t != key)
      return t;
  }
  label = term_name(v);
  return label != NULL ? label : v;
}

/* Whether the i-th conversion of the server's template (each is %s) is in
 * quotes: '%s'. */
static int quoted_at(const char *tmpl, size_t i)
{
  const char *p;

  for (p = strchr(tmpl, '%'); p != NULL; p = strchr(p + 2, '%')) {
    if (p[1] == '%')
      continue;
    if (i-- == 0)
      return p > tmpl && p[-1] == '\'';
    if (p[1] == '\0')
      break;
  }
  return 0;
}

/*
 * The server's message in the current language, into buf: its template
 * (common/tmpl.h) translated by the catalog, with the values put in here.
 * The plain message when there is no template (an older server), the
 * language is English (the message is the English already), or the
 * translation does not fit the values.
 */
/*
 * The English message: the server's, but with a status it names written as
 * words ("the petition is not accepted", not "not_accepted"); the message
 * as sent when it names none.
 */
static const char *english_words(const Tiepdan__Error *e, const char *msg,
                                 char *buf, size_t size)
{
  const char *values[TD_TMPL_ARGS];
  char words[TD_TMPL_ARGS][TD_TMPL_ARG_MAX + 1];
  const char *v;
  int changed = 0;
  size_t i;
  char *u;

  for (i = 0; i < e->n_args; i++) {
    v = e->args[i] != NULL ? e->args[i] : "";
    values[i] = v;
    if (quoted_at(e->template_, i) || td_status_parse(v) <= 0 ||
        strlen(v) > TD_TMPL_ARG_MAX)
      continue;
    snprintf(words[i], sizeof(words[i]), "%s", v);
    for (u = words[i]; *u != '\0'; u++)
      if (*u == '_')
        *u = ' ';
    values[i] = words[i];
    changed = 1;
  }
  if (!changed ||
      td_tmpl_expand(buf, size, e->template_, values, e->n_args) != 0)
    return msg;
  return buf;
}

const char *td_call_error_words(const Tiepdan__Error *e, char *buf, size_t size)
{
  const char *values[TD_TMPL_ARGS];
  char keys[TD_TMPL_ARGS][TD_TMPL_ARG_MAX + 16];
  const char *msg = e->message != NULL ? e->message : _("(no message)");
  size_t i;

  if (e->template_ == NULL || e->template_[0] == '\0' ||
      e->n_args > TD_TMPL_ARGS)
    return msg;
  if (td_lang_current() == TD_LANG_EN)
    return english_words(e, msg, buf, size);
  for (i = 0; i < e->n_args; i++)
    values[i] =
        worded_value(e->args[i] != NULL ? e->args[i] : "",
                     quoted_at(e->template_, i), e, keys[i], sizeof(keys[i]));
  if (td_tmpl_expand(buf, size, td_gettext(e->template_), values, e->n_args) !=
      0)
    return msg;
  return buf;
}

static int refused(const Tiepdan__Error *e, const struct td_call *c)
{
  char msg[1024];
  char hint[512];
  const char *opt;
  const char *label;

  fprintf(stderr, _("tiepdan: refused: %s: %s\n"), td_call_code_words(e->code),
          td_call_error_words(e, msg, sizeof(msg)));
  if (e->field != NULL && e->field[0] != '\0') {
    opt = td_cmd_option_of_field_in(c->command, e->field);
    label =
        td_lang_current() == TD_LANG_EN ? NULL : td_cmd_field_label(e->field);
    if (label == NULL)
      label = e->field;
    if (opt != NULL)
      fprintf(stderr, _("  field: %s (option %s)\n"), label, opt);
    else
      fprintf(stderr, _("  field: %s\n"), label);
  }
  fprintf(stderr, _("  hint: %s\n"), refusal_hint(e, c, hint, sizeof(hint)));
  return TD_EXIT_REFUSED;
}

static int unavailable(const Tiepdan__Error *e, const struct td_call *c)
{
  char msg[1024];

  fprintf(stderr, _("tiepdan: the server is temporarily unavailable: %s: %s\n"),
          td_call_code_words(e->code),
          td_call_error_words(e, msg, sizeof(msg)));
  if (c->key != NULL)
    key_advice(c->key, 0);
  else
    fputs(_("Try again in a few minutes.\n"), stderr);
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
        td_call_internal(_("the server sent an answer of the wrong kind; "
                           "check that the client and server versions match"));
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
  return td_call_judge_on(s, reply, want, c);
}

int td_call_judge_on(const struct td_session *s, Tiepdan__Envelope **reply,
                     int want, const struct td_call *c)
{
  int r;

  judged_terms = s->hello != NULL ? s->hello->hello_reply : NULL;
  r = td_call_judge(reply, want, c);
  judged_terms = NULL;
  return r;
}

const char *td_call_calendar_words(const char *warning, char *buf, size_t size)
{
  int year;
  int end = 0;

  if (sscanf(warning, "the holidays of %4d are not confirmed yet%n", &year,
             &end) == 1 &&
      end > 0 && warning[end] == '\0')
    snprintf(buf, size, _("the holidays of %d are not confirmed yet"), year);
  else
    snprintf(buf, size, "%s", warning);
  return buf;
}

int td_call_finish_output(int r)
{
  if (r != 0 || fflush(stdout) != 0)
    return td_call_internal(errno ? strerror(errno)
                                  : _("cannot write the output"));
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
      /* The names of statuses and the like, in the officer's language. */
      td_output_set_terms(s.hello ? s.hello->hello_reply : NULL);
      code = print(g, reply, arg);
      td_output_set_terms(NULL);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
