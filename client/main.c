/*
 * tiepdan: the command a commune's reception officer runs to record
 * citizens' petitions on tiepdand, to move them through their life
 * (accept, resolve, ...), to look them up, and to keep reception sessions;
 * and an administrator's, to load the public holidays.
 *
 * Exit status, which scripts rely on:
 *   0  success;
 *   1  unexpected internal error (out of memory, a reply this client cannot
 *      understand, standard output failing);
 *   2  usage error: a wrong or missing option, with the command's usage;
 *   3  cannot connect, or TLS failed, including a certificate one side
 *      refused or cannot read;
 *   4  the server refused the request (an Error a retry cannot help,
 *      including one about the whole connection, such as an unregistered
 *      certificate, and a CONFLICT: the petition changed between reading
 *      it and changing it, which is never retried);
 *   5  the server is temporarily unavailable: a retryable Error persisted
 *      through the retries, and nothing was recorded yet.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cert.h"
#include "cmd.h"
#include "config.h"
#include "conn.h"
#include "frame.h"
#include "holidays.h"
#include "output.h"
#include "report.h"
#include "session.h"
#include "usage.h"
#include "watch.h"
#include "wire.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_USAGE = 2,
  EXIT_CONNECT = 3,
  EXIT_REFUSED = 4,
  EXIT_UNAVAILABLE = 5
};

#define MAX_TEXT TD_FRAME_HARD_MAX
static int usage_error(const char *command, const char *err, const char *usage)
{
  fprintf(stderr, "tiepdan%s%s: %s\n\n%s", command ? " " : "",
          command ? command : "", err, usage);
  return EXIT_USAGE;
}

static int print_usage(const char *usage)
{
  fputs(usage, stdout);
  return EXIT_OK;
}

static int internal(const char *what)
{
  fprintf(stderr, "tiepdan: %s\n", what);
  return EXIT_INTERNAL;
}

static int resolve(const struct td_global_args *g, struct td_client_opts *o)
{
  char err[1024];

  if (td_client_config_resolve(&g->flags, o, err, sizeof(err)) == 0)
    return EXIT_OK;
  fprintf(stderr, "tiepdan: %s\nRun \"tiepdan --help\" for the options.\n",
          err);
  return EXIT_USAGE;
}

static void on_retry(void *arg, int attempt, int retries, int delay_ms,
                     const char *why)
{
  (void)arg;
  fprintf(stderr, "tiepdan: %s\ntiepdan: trying again in %d s (%d of %d)\n",
          why, delay_ms / 1000, attempt, retries);
}

/* Counts the retries in the int at arg, and tells them as on_retry does. */
static void on_retry_counted(void *arg, int attempt, int retries, int delay_ms,
                             const char *why)
{
  (*(int *)arg)++;
  on_retry(NULL, attempt, retries, delay_ms, why);
}

static void session_start(struct td_session *s, const struct td_client_opts *o,
                          int retries)
{
  td_session_init(s, o);
  s->retries = retries;
  s->on_retry = on_retry;
}

/* What a failed call tells the officer besides the error itself. */
struct call {
  const char *command; /* Names the option behind a refused field. */
  const char *key;     /* The idempotency key of a submit. */
  /* What to check when the request may have reached the server before
   * the connection failed; NULL when sending it again is harmless. */
  const char *unsure;
};

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

static int conn_failed(int r, const char *err, const struct td_session *s,
                       const struct call *c)
{
  fprintf(stderr, "tiepdan: %s\n", err);
  switch (r) {
  case TD_CLI_ENOMEM:
  case TD_CLI_EPROTO:
    return EXIT_INTERNAL;
  case TD_CLI_EUSAGE:
    return EXIT_USAGE;
  case TD_CLI_ETOOBIG:
    return EXIT_REFUSED;
  default:
    key_advice(c->key, s->maybe_sent);
    if (c->unsure != NULL && s->maybe_sent)
      fputs(c->unsure, stderr);
    return EXIT_CONNECT;
  }
}

static int is_command(const struct call *c, const char *command)
{
  return c->command != NULL && strcmp(c->command, command) == 0;
}

static const char *refusal_hint(const Tiepdan__Error *e, const struct call *c)
{
  const char *key = c->key;

  /* A server older than this client knows every request but the newest. */
  if (e->code == TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST &&
      (is_command(c, "stats") || is_command(c, "report")))
    return "this server does not offer statistics yet; ask your "
           "administrator to update tiepdand";
  if (e->code == TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST &&
      (is_command(c, "watch") || is_command(c, "changes")))
    return "this server does not offer the change feed yet; ask your "
           "administrator to update tiepdand";
  switch (e->code) {
  case TIEPDAN__ERROR_CODE__INVALID_ARGUMENT:
    return "correct that option and run the command again";
  case TIEPDAN__ERROR_CODE__UNAUTHENTICATED:
    return "this computer's certificate is not registered on the server, "
           "or was revoked; ask your administrator to register it";
  case TIEPDAN__ERROR_CODE__PERMISSION_DENIED:
    return "your account may not do this; ask your administrator";
  case TIEPDAN__ERROR_CODE__NOT_FOUND:
    if (is_command(c, "stats") || is_command(c, "report"))
      return "check the unit code given with --unit; you see statistics "
             "only of your own unit and the units below it";
    if (c->command != NULL && strncmp(c->command, "admin principal", 15) == 0)
      return "check the id or fingerprint with \"tiepdan admin principal "
             "list --all\"";
    return "check the id or receipt number; you see only petitions of your "
           "own unit and the units below it";
  case TIEPDAN__ERROR_CODE__CONFLICT:
    return key ? "this key was already used for a different petition; run "
                 "the command again without --key to record a new one"
               : "the record changed meanwhile; run the command again";
  case TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION:
    if (c->command != NULL && strncmp(c->command, "session", 7) == 0)
      return "the session is not in a state that allows this; see it with "
             "\"tiepdan session list\"";
    return "the petition's status does not allow this step; see where it "
           "stands with \"tiepdan show\" and \"tiepdan history\"";
  case TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION:
  case TIEPDAN__ERROR_CODE__BAD_FRAME:
  case TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE:
  case TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST:
    return "this tiepdan (version " TD_VERSION ") does not match the "
           "server; ask your administrator for the right version";
  default:
    return "tell your administrator the time this happened";
  }
}

static int refused(const Tiepdan__Error *e, const struct call *c)
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
  return EXIT_REFUSED;
}

static int unavailable(const Tiepdan__Error *e, const struct call *c)
{
  fprintf(stderr, "tiepdan: the server is temporarily unavailable: %s: %s\n",
          td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (c->key != NULL)
    key_advice(c->key, 0);
  else
    fputs("Try again in a few minutes.\n", stderr);
  return EXIT_UNAVAILABLE;
}

/* Checks that a reply has the body wanted. Returns EXIT_OK, or frees it
 * and returns an exit status after telling the officer why. */
static int judge(Tiepdan__Envelope **reply, int want, const struct call *c)
{
  const Tiepdan__Error *e;
  int code;

  if ((int)(*reply)->body_case == want)
    return EXIT_OK;
  e = (*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR ? (*reply)->error
                                                           : NULL;
  if (e == NULL)
    code = internal("the server sent an answer of the wrong kind; check "
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
 * wanted. Returns EXIT_OK with *reply to free, or an exit status after
 * telling the officer why.
 */
static int exchange(struct td_session *s, Tiepdan__Envelope *req, int want,
                    Tiepdan__Envelope **reply, const struct call *c)
{
  char err[1024];
  int r;

  r = td_session_call(s, req, reply, err, sizeof(err));
  if (r != 0)
    return conn_failed(r, err, s, c);
  return judge(reply, want, c);
}

static int finish_output(int r)
{
  if (r != 0 || fflush(stdout) != 0)
    return internal(errno ? strerror(errno) : "cannot write the output");
  return EXIT_OK;
}

static int run_whoami(const struct td_global_args *g)
{
  static const struct call c = {"whoami", NULL, NULL};
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int help;
  int code;

  if (td_cmd_parse_whoami(g->argc, g->argv, &help, err, sizeof(err)) != 0)
    return usage_error("whoami", err, td_usage_whoami);
  if (help)
    return print_usage(td_usage_whoami);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code = exchange(&s, NULL, TIEPDAN__ENVELOPE__BODY_HELLO_REPLY, &reply, &c);
    if (code == EXIT_OK) {
      code =
          finish_output(td_output_hello(stdout, g->format, reply->hello_reply));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

/* Reads all of standard input into a malloc'd string; what names it in
 * messages ("the summary"). */
static char *read_stdin(const char *what, char *err, size_t errlen)
{
  char *buf;
  char *p;
  size_t len;
  size_t cap;
  size_t n;

  buf = NULL;
  len = 0;
  cap = 0;
  do {
    if (cap - len < 4096) {
      cap = cap ? cap * 2 : 65536;
      p = cap <= MAX_TEXT ? realloc(buf, cap + 1) : NULL;
      if (p == NULL) {
        snprintf(err, errlen, "%s is too long", what);
        free(buf);
        return NULL;
      }
      buf = p;
    }
    n = fread(buf + len, 1, cap - len, stdin);
    len += n;
  } while (n > 0);
  if (ferror(stdin) || memchr(buf, '\0', len) != NULL) {
    snprintf(err, errlen, "cannot read %s from standard input%s", what,
             ferror(stdin) ? "" : ": it is not text");
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}

static int print_submitted(const struct td_global_args *g,
                           const Tiepdan__SubmitReply *r)
{
  if (g->format != TD_FORMAT_TABLE && r->duplicate)
    fputs("tiepdan: this petition had already been recorded; the original "
          "is shown\n",
          stderr);
  return finish_output(td_output_submitted(stdout, g->format, r));
}

static int submit(const struct td_global_args *g, struct td_submit_args *a)
{
  struct call c = {"submit", NULL, NULL};
  struct td_submit_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int code;

  a->summary = td_cmd_trim_summary(a->summary);
  if (td_cmd_submit_request(a, &req, err, sizeof(err)) != 0)
    return usage_error("submit", err, td_usage_submit);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, a->retries);
    c.key = req.key;
    code = exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY, &reply,
                    &c);
    if (code == EXIT_OK) {
      code = print_submitted(g, reply->submit_reply);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

static int run_submit(const struct td_global_args *g)
{
  struct td_submit_args a;
  char *text;
  char err[512];
  int code;

  if (td_cmd_parse_submit(g->argc, g->argv, isatty(STDIN_FILENO), &a, err,
                          sizeof(err)) != 0)
    return usage_error("submit", err, td_usage_submit);
  if (a.help)
    return print_usage(td_usage_submit);
  text = NULL;
  if (a.summary_stdin && isatty(STDIN_FILENO))
    fputs("tiepdan: type the summary, then press Ctrl-D on a new line\n",
          stderr);
  if (a.summary_stdin) {
    text = read_stdin("the summary", err, sizeof(err));
    if (text == NULL)
      return usage_error("submit", err, td_usage_submit);
    a.summary = text;
  }
  code = submit(g, &a);
  free(text);
  return code;
}

/* With --explain, says so when the server had nothing to explain. */
static void no_explanation(const struct td_global_args *g,
                           const struct td_show_req *req,
                           const Tiepdan__Petition *p)
{
  if (g->format == TD_FORMAT_TABLE && req->get.explain &&
      (p->explain == NULL || p->explain[0] == '\0'))
    fputs("\nHow the deadline was computed:\n  the server gave no "
          "explanation: no deadline runs for this petition now\n",
          stdout);
}

static int show(const struct td_global_args *g, struct td_show_req *req)
{
  static const struct call c = {"show", NULL, NULL};
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__Petition *p;
  int code;

  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code =
        exchange(&s, &req->env, TIEPDAN__ENVELOPE__BODY_GET_REPLY, &reply, &c);
    if (code == EXIT_OK) {
      p = reply->get_reply->petition;
      if (p != NULL) {
        code = td_output_petition(stdout, g->format, p);
        if (code == 0)
          no_explanation(g, req, p);
        code = finish_output(code);
      } else {
        code = internal("the server's answer holds no petition");
      }
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

static int run_show(const struct td_global_args *g)
{
  struct td_show_args a;
  struct td_show_req req;
  char err[512];

  if (td_cmd_parse_show(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return usage_error("show", err, td_usage_show);
  if (a.help)
    return print_usage(td_usage_show);
  td_cmd_show_request(&a, &req);
  return show(g, &req);
}

/* The pages of a listing, kept until all are printed. */
struct pages {
  Tiepdan__Envelope **env;
  size_t n;
  size_t total; /* Petitions in all pages. */
};

static void pages_free(struct pages *p)
{
  size_t i;

  for (i = 0; i < p->n; i++)
    tiepdan__envelope__free_unpacked(p->env[i], NULL);
  free(p->env);
}

static int pages_add(struct pages *p, Tiepdan__Envelope *env)
{
  Tiepdan__Envelope **grown;

  grown = realloc(p->env, (p->n + 1) * sizeof(*grown));
  if (grown == NULL) {
    tiepdan__envelope__free_unpacked(env, NULL);
    return internal("out of memory");
  }
  p->env = grown;
  p->env[p->n++] = env;
  p->total += env->list_reply->n_petitions;
  return EXIT_OK;
}

static int terminal_columns(void)
{
  struct winsize ws;

  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
    return ws.ws_col;
  return 0;
}

static int print_list(const struct td_global_args *g, const struct pages *p)
{
  const Tiepdan__Petition **all;
  const Tiepdan__ListReply *page;
  size_t i;
  size_t j;
  size_t k;
  int r;

  all = malloc((p->total ? p->total : 1) * sizeof(*all));
  if (all == NULL)
    return internal("out of memory");
  k = 0;
  for (i = 0; i < p->n; i++) {
    page = p->env[i]->list_reply;
    for (j = 0; j < page->n_petitions; j++)
      all[k++] = page->petitions[j];
  }
  r = td_output_list(stdout, g->format, all, k, terminal_columns());
  free(all);
  return finish_output(r);
}

/* Fetches one page, or every page with --all, into p. */
static int fetch(struct td_session *s, struct td_list_args *a, struct pages *p)
{
  static const struct call c = {"list", NULL, NULL};
  struct td_list_req req;
  Tiepdan__Envelope *reply;
  const char *next;
  int code;

  for (;;) {
    td_cmd_list_request(a, &req);
    code =
        exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_REPLY, &reply, &c);
    if (code == EXIT_OK)
      code = pages_add(p, reply);
    if (code != EXIT_OK)
      return code;
    next = reply->list_reply->next_cursor;
    if (!a->all || next == NULL || next[0] == '\0')
      return EXIT_OK;
    /* Don't believe nonsense: a cursor that does not move never ends. */
    if (a->cursor != NULL && strcmp(a->cursor, next) == 0)
      return internal("the server sent the same page twice");
    a->cursor = reply->list_reply->next_cursor;
  }
}

static int run_list(const struct td_global_args *g)
{
  struct td_list_args a;
  struct td_client_opts o;
  struct td_session s;
  struct pages p;
  const char *next;
  char err[512];
  int code;

  if (td_cmd_parse_list(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return usage_error("list", err, td_usage_list);
  if (a.help)
    return print_usage(td_usage_list);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    memset(&p, 0, sizeof(p));
    session_start(&s, &o, 0);
    code = fetch(&s, &a, &p);
    td_session_close(&s);
    if (code == EXIT_OK)
      code = print_list(g, &p);
    next = p.n > 0 ? p.env[p.n - 1]->list_reply->next_cursor : NULL;
    if (code == EXIT_OK && !a.all && next != NULL && next[0] != '\0')
      fprintf(stderr,
              "tiepdan: more petitions follow; add --cursor %s for the next "
              "page, or --all for every page\n",
              next);
    pages_free(&p);
  }
  td_client_config_free(&o);
  return code;
}

/* Transitions ------------------------------------------------------------*/

/* Reads the version and status of the petition a transition starts from. */
static int lookup(struct td_session *s, const struct td_transition_args *a,
                  const struct call *c, int64_t *version, int *status)
{
  struct td_show_req req;
  Tiepdan__Envelope *reply;
  const Tiepdan__Petition *p;
  int code;

  td_cmd_transition_lookup(a, &req);
  code = exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_GET_REPLY, &reply, c);
  if (code != EXIT_OK)
    return code;
  p = reply->get_reply->petition;
  if (p == NULL || !p->has_version) {
    code = internal("the server did not say which version of the petition "
                    "it holds; check that the client and server versions "
                    "match");
  } else {
    *version = p->version;
    *status = p->has_status ? (int)p->status : -1;
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  return code;
}

/*
 * The petition changed between reading it and changing it. Never retried:
 * the officer decided on what they saw, and must look again. When this
 * command itself had to send the change twice, the change that got in
 * first may be its own.
 */
static int conflict(const Tiepdan__Error *e, const struct td_transition_args *a,
                    int64_t version, int retried)
{
  fprintf(stderr, "tiepdan: refused: %s: %s\n", td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (retried)
    fprintf(stderr,
            "  petition %s is no longer at version %" PRId64
            ": this command had to send the change again after a failure, "
            "so the change recorded may be its own first attempt; see\n"
            "    tiepdan history %s\n",
            a->ref, version, a->ref);
  else
    fprintf(stderr,
            "  petition %s is no longer at version %" PRId64
            ": someone else changed it %s\n",
            a->ref, version,
            a->has_expect_version ? "since you looked at it"
                                  : "while this command was running");
  fprintf(stderr,
          "  hint: nothing was changed now; look at the petition with\n"
          "    tiepdan show %s\n"
          "  and run the command again if it still applies\n",
          a->ref);
  return EXIT_REFUSED;
}

/* Sends the Transition; a CONFLICT is explained, not retried. */
static int send_transition(struct td_session *s, struct td_transition_req *req,
                           const struct call *c,
                           const struct td_transition_args *a, int *retried,
                           Tiepdan__Envelope **reply)
{
  const Tiepdan__Error *e;
  char err[1024];
  int code;
  int r;

  *retried = 0;
  r = td_session_call(s, &req->env, reply, err, sizeof(err));
  if (r != 0)
    return conn_failed(r, err, s, c);
  e = (*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR ? (*reply)->error
                                                           : NULL;
  if (e == NULL || e->code != TIEPDAN__ERROR_CODE__CONFLICT ||
      td_session_error_retryable(e))
    return judge(reply, TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY, c);
  code = conflict(e, a, req->t.expected_version, *retried);
  tiepdan__envelope__free_unpacked(*reply, NULL);
  *reply = NULL;
  return code;
}

static int transition(const struct td_global_args *g,
                      const struct td_transition_args *a)
{
  struct td_transition_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char unsure[512];
  int64_t version;
  int retried;
  int status;
  int code;
  /* Reading the petition first is harmless to repeat: nothing to add. */
  struct call c = {g->command, NULL, NULL};

  code = resolve(g, &o);
  if (code != EXIT_OK) {
    td_client_config_free(&o);
    return code;
  }
  session_start(&s, &o, a->retries);
  retried = 0;
  s.on_retry = on_retry_counted;
  s.arg = &retried;
  version = a->expect_version;
  status = -1;
  /* A note is taken at any version: reading the petition first would
   * cost a round trip, and would answer a caller who may not add notes
   * with what the read says rather than with the server's refusal. */
  if (!a->has_expect_version && a->action != TIEPDAN__ACTION__NOTE)
    code = lookup(&s, a, &c, &version, &status);
  if (code == EXIT_OK && a->action == TIEPDAN__ACTION__NOTE)
    snprintf(unsure, sizeof(unsure),
             "The note may or may not have been recorded; check with\n"
             "  tiepdan history %s\n"
             "before adding it again.\n",
             a->ref);
  else if (code == EXIT_OK)
    snprintf(unsure, sizeof(unsure),
             "The change may or may not have been recorded. Run the command "
             "again with\n  --expect-version %" PRId64 "\n"
             "which cannot record it twice, or check with\n"
             "  tiepdan history %s\n",
             version, a->ref);
  if (code == EXIT_OK) {
    c.unsure = unsure;
    td_cmd_transition_request(a, version, &req);
    code = send_transition(&s, &req, &c, a, &retried, &reply);
  }
  if (code == EXIT_OK) {
    code = reply->transition_reply->petition
               ? finish_output(td_output_transition(stdout, g->format,
                                                    a->action, status,
                                                    reply->transition_reply))
               : internal("the server's answer holds no petition");
    tiepdan__envelope__free_unpacked(reply, NULL);
  }
  td_session_close(&s);
  td_client_config_free(&o);
  return code;
}

static int run_transition(const struct td_global_args *g)
{
  struct td_transition_args a;
  const char *usage;
  char *text;
  char err[512];
  int code;

  usage = td_usage_transition(g->command);
  if (td_cmd_parse_transition(g->command, g->argc, g->argv, &a, err,
                              sizeof(err)) != 0)
    return usage_error(g->command, err, usage);
  if (a.help)
    return print_usage(usage);
  text = NULL;
  if (a.note_stdin && isatty(STDIN_FILENO))
    fputs("tiepdan: type the note, then press Ctrl-D on a new line\n", stderr);
  if (a.note_stdin) {
    text = read_stdin("the note", err, sizeof(err));
    if (text == NULL)
      return usage_error(g->command, err, usage);
    a.note = text;
  }
  if (a.note != NULL)
    a.note = td_cmd_trim_summary(a.note);
  if (a.note != NULL && a.note[0] == '\0')
    code = usage_error(g->command, "the note is empty; write what happened",
                       usage);
  else
    code = transition(g, &a);
  free(text);
  return code;
}

/* History ----------------------------------------------------------------*/

static int run_history(const struct td_global_args *g)
{
  static const struct call c = {"history", NULL, NULL};
  struct td_history_args a;
  struct td_history_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int code;

  if (td_cmd_parse_history(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return usage_error("history", err, td_usage_history);
  if (a.help)
    return print_usage(td_usage_history);
  td_cmd_history_request(&a, &req);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code = exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY, &reply,
                    &c);
    if (code == EXIT_OK) {
      code = finish_output(
          td_output_history(stdout, g->format, reply->history_reply));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

/* Sessions ---------------------------------------------------------------*/

/* Sends a session request once and prints the session it answers with. */
static int session_call(const struct td_global_args *g, Tiepdan__Envelope *req,
                        const struct call *c, const char *done)
{
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__Session *session;
  int code;

  code = resolve(g, &o);
  if (code == EXIT_OK) {
    /* No retries: a session opened twice is two sessions. */
    session_start(&s, &o, 0);
    code = exchange(&s, req, TIEPDAN__ENVELOPE__BODY_SESSION_REPLY, &reply, c);
    if (code == EXIT_OK) {
      session = reply->session_reply->session;
      code = session ? finish_output(
                           td_output_session(stdout, g->format, session, done))
                     : internal("the server's answer holds no session");
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

static int session_open(const struct td_global_args *g, int argc, char **argv)
{
  static const struct call c = {
      "session open", NULL,
      "The session may or may not have been opened; check with\n"
      "  tiepdan session list\n"
      "before opening it again.\n"};
  struct td_session_open_args a;
  struct td_session_open_req req;
  char err[512];

  if (td_cmd_parse_session_open(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("session open", err, td_usage_session_open);
  if (a.help)
    return print_usage(td_usage_session_open);
  td_cmd_session_open_request(&a, &req);
  return session_call(g, &req.env, &c, "opened");
}

static int session_close(const struct td_global_args *g, int argc, char **argv)
{
  static const struct call c = {
      "session close", NULL,
      "The session may or may not have been closed; check with\n"
      "  tiepdan session list\n"};
  struct td_session_close_args a;
  struct td_session_close_req req;
  char err[512];

  if (td_cmd_parse_session_close(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("session close", err, td_usage_session_close);
  if (a.help)
    return print_usage(td_usage_session_close);
  td_cmd_session_close_request(&a, &req);
  return session_call(g, &req.env, &c, "closed");
}

static int session_list(const struct td_global_args *g, int argc, char **argv)
{
  static const struct call c = {"session list", NULL, NULL};
  struct td_session_list_args a;
  struct td_session_list_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__ListSessionsReply *l;
  char err[512];
  int code;

  if (td_cmd_parse_session_list(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("session list", err, td_usage_session_list);
  if (a.help)
    return print_usage(td_usage_session_list);
  td_cmd_session_list_request(&a, &req);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code = exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY,
                    &reply, &c);
    if (code == EXIT_OK) {
      l = reply->list_sessions_reply;
      code = finish_output(td_output_sessions(
          stdout, g->format, (const Tiepdan__Session *const *)l->sessions,
          l->n_sessions, terminal_columns()));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

static int is_help(const char *w)
{
  return strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0;
}

static int run_session(const struct td_global_args *g)
{
  char err[512];
  char *sub;

  if (g->argc == 0)
    return usage_error("session", "give open, close or list", td_usage_session);
  sub = g->argv[0];
  if (is_help(sub))
    return print_usage(td_usage_session);
  if (strcmp(sub, "open") == 0)
    return session_open(g, g->argc - 1, g->argv + 1);
  if (strcmp(sub, "close") == 0)
    return session_close(g, g->argc - 1, g->argv + 1);
  if (strcmp(sub, "list") == 0)
    return session_list(g, g->argc - 1, g->argv + 1);
  snprintf(err, sizeof(err), "unknown session command \"%s\"", sub);
  return usage_error("session", err, td_usage_session);
}

/* Administration ---------------------------------------------------------*/

static int holidays_load(const struct td_global_args *g,
                         const struct td_holidays_args *a,
                         const struct td_holidays *h)
{
  static const struct call c = {"admin holidays load", NULL, NULL};
  struct td_holidays_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__LoadHolidaysReply *r;
  int code;

  if (td_holidays_request(h, a->year, &req) != 0) {
    td_holidays_request_free(&req);
    return internal("out of memory");
  }
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    /* Loading the same year again gives the same holidays: safe to
     * retry. */
    session_start(&s, &o, TD_CMD_RETRIES_DEFAULT);
    code = exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY,
                    &reply, &c);
    if (code == EXIT_OK) {
      r = reply->load_holidays_reply;
      if (r->has_loaded && r->loaded != h->n)
        fprintf(stderr,
                "tiepdan: warning: %s holds %zu holidays but the server "
                "loaded %u\n",
                a->file, h->n, r->loaded);
      code = finish_output(
          td_output_holidays_loaded(stdout, g->format, a->year, r));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  td_holidays_request_free(&req);
  return code;
}

static int run_holidays_load(const struct td_global_args *g, int argc,
                             char **argv)
{
  struct td_holidays_args a;
  struct td_holidays h;
  char err[1024];
  int code;

  if (td_cmd_parse_holidays_load(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("admin holidays load", err, td_usage_holidays_load);
  if (a.help)
    return print_usage(td_usage_holidays_load);
  if (td_holidays_read(a.file, a.year, &h, err, sizeof(err)) != 0)
    code = usage_error("admin holidays load", err, td_usage_holidays_load);
  else
    code = holidays_load(g, &a, &h);
  td_holidays_free(&h);
  return code;
}

/* What prints a request's answer; arg is the command's own. */
typedef int (*print_fn)(const struct td_global_args *g,
                        const Tiepdan__Envelope *reply, const void *arg);

/* Sends one request, then prints its answer with print: the admin
 * commands and stats. */
static int call_and_print(const struct td_global_args *g,
                          Tiepdan__Envelope *req, int want, int retries,
                          const struct call *c, print_fn print, const void *arg)
{
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  int code;

  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, retries);
    code = exchange(&s, req, want, &reply, c);
    if (code == EXIT_OK) {
      code = print(g, reply, arg);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

static int print_principal(const struct td_global_args *g,
                           const Tiepdan__Envelope *reply, const void *done)
{
  const Tiepdan__Principal *p;

  p = reply->principal_reply->principal;
  if (p == NULL)
    return internal("the server's answer holds no principal");
  return finish_output(td_output_principal(stdout, g->format, p, done));
}

static int run_principal_add(const struct td_global_args *g, int argc,
                             char **argv)
{
  static const struct call c = {"admin principal add", NULL, NULL};
  struct td_principal_add_args a;
  struct td_principal_add_req req;
  char err[1024];
  char *pem;
  int code;

  if (td_cmd_parse_principal_add(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("admin principal add", err, td_usage_principal_add);
  if (a.help)
    return print_usage(td_usage_principal_add);
  pem = td_cert_read_pem(a.cert_file, err, sizeof(err));
  if (pem == NULL)
    return usage_error("admin principal add", err, td_usage_principal_add);
  td_cmd_principal_add_request(&a, pem, &req);
  /* Registering again registers the same: safe to retry. */
  code =
      call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY,
                     TD_CMD_RETRIES_DEFAULT, &c, print_principal, "registered");
  free(pem);
  return code;
}

static int run_principal_revoke(const struct td_global_args *g, int argc,
                                char **argv)
{
  static const struct call c = {"admin principal revoke", NULL, NULL};
  struct td_principal_revoke_args a;
  struct td_principal_revoke_req req;
  char err[512];

  if (td_cmd_parse_principal_revoke(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("admin principal revoke", err,
                       td_usage_principal_revoke);
  if (a.help)
    return print_usage(td_usage_principal_revoke);
  td_cmd_principal_revoke_request(&a, &req);
  /* Revoking again changes nothing: safe to retry. */
  return call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY,
                        TD_CMD_RETRIES_DEFAULT, &c, print_principal, "revoked");
}

static int print_principals(const struct td_global_args *g,
                            const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__ListPrincipalsReply *l;

  (void)arg;
  l = reply->list_principals_reply;
  return finish_output(td_output_principals(
      stdout, g->format, (const Tiepdan__Principal *const *)l->principals,
      l->n_principals, terminal_columns()));
}

static int run_principal_list(const struct td_global_args *g, int argc,
                              char **argv)
{
  static const struct call c = {"admin principal list", NULL, NULL};
  struct td_principal_list_args a;
  struct td_principal_list_req req;
  char err[512];

  if (td_cmd_parse_principal_list(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("admin principal list", err, td_usage_principal_list);
  if (a.help)
    return print_usage(td_usage_principal_list);
  td_cmd_principal_list_request(&a, &req);
  return call_and_print(g, &req.env,
                        TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS_REPLY, 0, &c,
                        print_principals, NULL);
}

static int print_merged(const struct td_global_args *g,
                        const Tiepdan__Envelope *reply, const void *on)
{
  return finish_output(
      td_output_merged(stdout, g->format, reply->merge_units_reply, on));
}

static int run_unit_merge(const struct td_global_args *g, int argc, char **argv)
{
  /* Sent once: a merger recorded twice is refused the second time, since
   * the old units no longer exist, and that would only confuse. */
  static const struct call c = {
      "admin unit merge", NULL,
      "The merger may or may not have been recorded. Running the same\n"
      "command again is safe: if it was recorded, the server refuses it,\n"
      "naming a unit that no longer exists.\n"};
  struct td_merge_args a;
  struct td_merge_req req;
  char err[512];

  if (td_cmd_parse_merge(argc, argv, &a, err, sizeof(err)) != 0)
    return usage_error("admin unit merge", err, td_usage_unit_merge);
  if (a.help)
    return print_usage(td_usage_unit_merge);
  td_cmd_merge_request(&a, &req);
  return call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_MERGE_UNITS_REPLY,
                        0, &c, print_merged, a.on);
}

/* One administration task: "admin GROUP TASK". */
struct admin_task {
  const char *group;
  const char *task;
  int (*run)(const struct td_global_args *g, int argc, char **argv);
};

static const struct admin_task admin_tasks[] = {
    {"holidays", "load", run_holidays_load},
    {"principal", "add", run_principal_add},
    {"principal", "revoke", run_principal_revoke},
    {"principal", "list", run_principal_list},
    {"unit", "merge", run_unit_merge},
};

/* A group of tasks: its usage, and what to write after it. */
struct admin_group {
  const char *name;
  const char *usage;
  const char *tasks;
};

static const struct admin_group admin_groups[] = {
    {"holidays", td_usage_admin_holidays, "give load YEAR FILE"},
    {"principal", td_usage_admin_principal, "give add, revoke or list"},
    {"unit", td_usage_admin_unit, "give merge"},
};

static const struct admin_group *admin_group(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof(admin_groups) / sizeof(admin_groups[0]); i++)
    if (strcmp(admin_groups[i].name, name) == 0)
      return &admin_groups[i];
  return NULL;
}

static int run_admin(const struct td_global_args *g)
{
  const struct admin_group *group;
  char command[64];
  char err[512];
  size_t i;

  if (g->argc == 0)
    return usage_error("admin", "give the task, e.g. principal list",
                       td_usage_admin);
  if (is_help(g->argv[0]))
    return print_usage(td_usage_admin);
  group = admin_group(g->argv[0]);
  if (group == NULL) {
    snprintf(err, sizeof(err), "unknown admin task \"%s\"", g->argv[0]);
    return usage_error("admin", err, td_usage_admin);
  }
  snprintf(command, sizeof(command), "admin %s", group->name);
  if (g->argc < 2)
    return usage_error(command, group->tasks, group->usage);
  if (is_help(g->argv[1]))
    return print_usage(group->usage);
  for (i = 0; i < sizeof(admin_tasks) / sizeof(admin_tasks[0]); i++)
    if (strcmp(admin_tasks[i].group, group->name) == 0 &&
        strcmp(admin_tasks[i].task, g->argv[1]) == 0)
      return admin_tasks[i].run(g, g->argc - 2, g->argv + 2);
  snprintf(err, sizeof(err), "unknown %s task \"%s\"", group->name, g->argv[1]);
  return usage_error(command, err, group->usage);
}

/* Statistics -------------------------------------------------------------*/

static int print_stats(const struct td_global_args *g,
                       const Tiepdan__Envelope *reply, const void *arg)
{
  (void)arg;
  return finish_output(td_output_stats(stdout, g->format, reply->stats_reply));
}

static int run_stats(const struct td_global_args *g)
{
  static const struct call c = {"stats", NULL, NULL};
  struct td_stats_args a;
  struct td_stats_req req;
  char err[512];

  if (td_cmd_parse_stats(g->argc, g->argv, (int64_t)time(NULL), &a, err,
                         sizeof(err)) != 0)
    return usage_error("stats", err, td_usage_stats);
  if (a.help)
    return print_usage(td_usage_stats);
  td_cmd_stats_request(&a, &req);
  /* Sent once, as the other reads are; running it again is harmless. */
  return call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY, 0, &c,
                        print_stats, NULL);
}

/* The change feed ---------------------------------------------------------*/

static int print_changes(const struct td_global_args *g,
                         const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__ChangesReply *r;

  (void)arg;
  r = reply->changes_reply;
  if (g->format == TD_FORMAT_TABLE && r->more)
    fprintf(stderr,
            "tiepdan: more events follow; run again with --since %" PRIu64 "\n",
            r->cursor);
  return finish_output(td_output_changes(stdout, g->format, r));
}

static int run_changes(const struct td_global_args *g)
{
  static const struct call c = {"changes", NULL, NULL};
  struct td_changes_args a;
  struct td_changes_req req;
  char err[512];

  if (td_cmd_parse_changes(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return usage_error("changes", err, td_usage_changes);
  if (a.help)
    return print_usage(td_usage_changes);
  td_cmd_changes_request(&a, &req);
  /* A read: sent once, as stats is. */
  return call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY, 0,
                        &c, print_changes, NULL);
}

static int run_watch(const struct td_global_args *g)
{
  static const struct call c = {"watch", NULL, NULL};
  struct td_watch_args a;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *error;
  char err[1024];
  int code;
  int r;

  if (td_cmd_parse_watch(g->argc, g->argv, (int64_t)time(NULL), &a, err,
                         sizeof(err)) != 0)
    return usage_error("watch", err, td_usage_watch);
  if (a.help)
    return print_usage(td_usage_watch);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    r = td_watch_run(&a, &o, stdout, isatty(STDOUT_FILENO), &error, err,
                     sizeof(err));
    if (r == TD_WATCH_SERVER_ERROR)
      code = judge(&error, TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY, &c);
    else if (r == TD_CLI_ENOMEM)
      code = internal(err);
    else if (r != 0) {
      /* Only for what conn_failed reads: nothing was ever recorded. */
      td_session_init(&s, &o);
      code = conn_failed(r, err, &s, &c);
    }
  }
  td_client_config_free(&o);
  return code;
}

/* Reports ----------------------------------------------------------------*/

/* The answers to a report's queries; NULL where not asked. */
struct report_replies {
  Tiepdan__Envelope *env[TD_REPORT_Q_N];
};

static void report_replies_free(struct report_replies *x)
{
  size_t i;

  for (i = 0; i < TD_REPORT_Q_N; i++)
    if (x->env[i] != NULL)
      tiepdan__envelope__free_unpacked(x->env[i], NULL);
}

static const Tiepdan__StatsReply *stats_of(const struct report_replies *x,
                                           int query)
{
  return x->env[query] != NULL ? x->env[query]->stats_reply : NULL;
}

/* Sends every query the report needs, one after the other on one
 * connection: reads, sent once, as stats sends its one. */
static int report_fetch(struct td_session *s, const struct td_report_args *a,
                        struct report_replies *x)
{
  static const struct call c = {"report", NULL, NULL};
  struct td_stats_req req;
  int code;
  int q;

  for (q = 0; q < TD_REPORT_Q_N; q++) {
    if (td_cmd_report_request(a, q, &req) != 0)
      continue;
    code = exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY,
                    &x->env[q], &c);
    if (code != EXIT_OK)
      return code;
  }
  return EXIT_OK;
}

/* The unit is the one asked for, named by its row in the statistics by
 * unit, or else the caller's own, as the server greeted it. */
static void report_make(const struct td_report_args *a,
                        const struct report_replies *x,
                        const Tiepdan__HelloReply *hello, struct td_report *r)
{
  const Tiepdan__Unit *own;

  memset(r, 0, sizeof(*r));
  own = hello != NULL ? hello->unit : NULL;
  r->lang = (enum td_report_lang)a->lang;
  r->from = a->from;
  r->to = a->to;
  if (a->unit != NULL) {
    r->unit_code = a->unit;
    r->unit_name = td_report_unit_name(stats_of(x, TD_REPORT_Q_UNIT), a->unit);
    if (r->unit_name == NULL && own != NULL && own->code != NULL &&
        strcmp(own->code, a->unit) == 0)
      r->unit_name = own->name;
  } else if (own != NULL) {
    r->unit_code = own->code;
    r->unit_name = own->name;
  }
  r->total = stats_of(x, TD_REPORT_Q_TOTAL);
  r->by_kind = stats_of(x, TD_REPORT_Q_KIND);
  r->by_field = stats_of(x, TD_REPORT_Q_FIELD);
  r->by_channel = stats_of(x, TD_REPORT_Q_CHANNEL);
  r->by_month = stats_of(x, TD_REPORT_Q_MONTH);
  r->front = stats_of(x, TD_REPORT_Q_FRONT);
}

static int report_output(const struct td_global_args *g,
                         const struct td_report_args *a,
                         const struct td_report *r)
{
  char err[1024];

  if (a->xlsx != NULL) {
    if (td_report_write_xlsx(a->xlsx, r, err, sizeof(err)) != 0)
      return internal(err);
    /* The path alone, for scripts: the workbook is the output. */
    printf("%s\n", a->xlsx);
    return finish_output(0);
  }
  if (g->format == TD_FORMAT_JSON)
    return finish_output(td_report_print_json(stdout, r, a->table));
  if (a->table >= 0)
    return finish_output(td_report_print_table(stdout, g->format, r, a->table));
  return finish_output(td_report_print(stdout, r));
}

static int run_report(const struct td_global_args *g)
{
  struct td_report_args a;
  struct report_replies x;
  struct td_client_opts o;
  struct td_session s;
  struct td_report r;
  char err[512];
  int code;

  if (td_cmd_parse_report(g->argc, g->argv, g->format, &a, err, sizeof(err)) !=
      0)
    return usage_error("report", err, td_usage_report);
  if (a.help)
    return print_usage(td_usage_report);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    memset(&x, 0, sizeof(x));
    session_start(&s, &o, 0);
    code = report_fetch(&s, &a, &x);
    if (code == EXIT_OK && stats_of(&x, TD_REPORT_Q_TOTAL)->total == NULL)
      code = internal("the server's answer holds no totals; check that the "
                      "client and server versions match");
    if (code == EXIT_OK) {
      report_make(&a, &x, s.hello != NULL ? s.hello->hello_reply : NULL, &r);
      code = report_output(g, &a, &r);
    }
    td_session_close(&s);
    report_replies_free(&x);
  }
  td_client_config_free(&o);
  return code;
}

struct command {
  const char *name;
  int (*run)(const struct td_global_args *g);
};

static const struct command commands[] = {
    {"whoami", run_whoami},       {"submit", run_submit},
    {"show", run_show},           {"list", run_list},
    {"history", run_history},     {"accept", run_transition},
    {"reject", run_transition},   {"transfer", run_transition},
    {"start", run_transition},    {"resolve", run_transition},
    {"withdraw", run_transition}, {"reopen", run_transition},
    {"extend", run_transition},   {"note", run_transition},
    {"session", run_session},     {"stats", run_stats},
    {"report", run_report},       {"changes", run_changes},
    {"watch", run_watch},         {"admin", run_admin},
};

int main(int argc, char **argv)
{
  struct td_global_args g;
  char err[512];
  size_t i;

  /* A server that hangs up mid-write must give an error, not kill us. */
  signal(SIGPIPE, SIG_IGN);
  if (td_cmd_parse_global(argc - 1, argv + 1, &g, err, sizeof(err)) != 0)
    return usage_error(NULL, err, td_usage_main);
  if (g.version) {
    printf("tiepdan %s (protocol %u)\n", TD_VERSION, TD_PROTOCOL_VERSION);
    return EXIT_OK;
  }
  if (g.help)
    return print_usage(td_usage_main);
  if (g.command == NULL)
    return usage_error(NULL, "no command given", td_usage_main);
  for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    if (strcmp(commands[i].name, g.command) == 0)
      return commands[i].run(&g);
  snprintf(err, sizeof(err), "unknown command \"%s\"", g.command);
  return usage_error(NULL, err, td_usage_main);
}
