/*
 * tiepdan: the command a commune's reception officer runs to record
 * citizens' petitions on tiepdand and to look them up.
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
 *      certificate);
 *   5  the server is temporarily unavailable: a retryable Error persisted
 *      through the retries, and nothing was recorded yet.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "conn.h"
#include "frame.h"
#include "output.h"
#include "session.h"
#include "wire.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_USAGE = 2,
  EXIT_CONNECT = 3,
  EXIT_REFUSED = 4,
  EXIT_UNAVAILABLE = 5
};

#define MAX_SUMMARY TD_FRAME_HARD_MAX

static const char main_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] COMMAND [OPTIONS]\n"
    "\n"
    "Records citizens' petitions on the commune's tiepdan server and looks\n"
    "them up.\n"
    "\n"
    "Commands:\n"
    "  whoami   show whom this computer's certificate belongs to\n"
    "  submit   record a petition and print its receipt number\n"
    "  show     print one petition, by id or receipt number\n"
    "  list     list petitions, newest first\n"
    "Run \"tiepdan COMMAND --help\" for the options of a command.\n"
    "\n"
    "Global options (each may also come from the environment variable or the\n"
    "configuration file key named after it):\n"
    "  --server HOST:PORT  the server              TIEPDAN_SERVER, server\n"
    "  --cert FILE         this computer's cert    TIEPDAN_CERT, cert\n"
    "  --key FILE          its private key         TIEPDAN_KEY, key\n"
    "  --ca FILE           the CA of the server    TIEPDAN_CA, ca\n"
    "  --timeout SECONDS   network wait (30)       TIEPDAN_TIMEOUT, timeout\n"
    "  --config FILE       configuration file (TIEPDAN_CONFIG; by default\n"
    "                      ~/.config/tiepdan/client.conf, else\n"
    "                      /etc/tiepdan/client.conf)\n"
    "  --format FORMAT     table (default), csv or json\n"
    "  --help, --version\n"
    "Options on the command line win over the environment, which wins over\n"
    "the configuration file.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  unexpected internal error\n"
    "  2  usage error: a wrong or missing option\n"
    "  3  cannot connect, or TLS failed (e.g. a refused certificate)\n"
    "  4  the server refused the request\n"
    "  5  the server is temporarily unavailable; nothing was recorded yet\n";

static const char whoami_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] whoami\n"
    "\n"
    "Connects and shows the account this computer's certificate belongs to:\n"
    "its name, role and unit, and the server's version. A quick check that\n"
    "the certificate and the connection work.\n";

static const char submit_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] submit --kind KIND --channel CHANNEL\n"
    "                                      [--summary TEXT|-] [OPTIONS]\n"
    "\n"
    "Records a petition and prints its receipt number (số biên nhận) for the\n"
    "citizen. If the server cannot be reached or is busy, tries again with\n"
    "the same key, so the petition is never recorded twice.\n"
    "\n"
    "Required:\n"
    "  --kind KIND        complaint, denunciation, recommendation, feedback,\n"
    "                     request\n"
    "  --channel CHANNEL  regular_reception, periodic_reception, dialogue,\n"
    "                     voters_meeting, front_supervision, suggestion_box,\n"
    "                     digital, transferred_in\n"
    "  --summary TEXT     what the citizen asks; \"--summary -\" reads it\n"
    "                     from standard input, as does leaving it out when\n"
    "                     the input is a pipe or a file\n"
    "Optional:\n"
    "  --unit CODE        the handling commune (default: your own unit)\n"
    "  --village CODE     the village concerned\n"
    "  --field FIELD      land, social_policy, economy, rural_infrastructure,\n"
    "                     electricity, environment, admin_procedure,\n"
    "                     digital_transformation, security_order, culture\n"
    "  --group-size N     number of signatories (5 or more: a group petition)\n"
    "  --name NAME        the petitioner's full name\n"
    "  --id-number NUMBER the petitioner's citizen ID number\n"
    "  --address TEXT     the petitioner's address\n"
    "  --contact TEXT     the petitioner's phone or e-mail\n"
    "  --confidential     the petitioner asked to keep their identity secret\n"
    "  --received \"YYYY-MM-DD[ HH:MM]\"\n"
    "                     when it was received, local time (default: now)\n"
    "  --key KEY          the key an earlier, unfinished submit printed\n"
    "  --retries N        retries after a failure, default 3 (after 1, 2, 4 "
    "s)\n"
    "\n"
    "Example:\n"
    "  tiepdan submit --kind complaint --channel regular_reception \\\n"
    "    --field land --name \"Nguyễn Văn An\" \\\n"
    "    --summary \"Đề nghị xem xét lại ranh giới thửa đất số 120.\"\n";

static const char show_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] show ID|RECEIPT\n"
    "\n"
    "Prints every field of one petition, found by its id (digits only) or its\n"
    "receipt number (e.g. BL-2026-000001). An identity kept from your role\n"
    "shows as (withheld).\n";

static const char list_usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] list [OPTIONS]\n"
    "\n"
    "Lists petitions of your unit and the units below it, newest first.\n"
    "\n"
    "  --unit CODE        only this unit\n"
    "  --kind KIND        only this kind, e.g. complaint\n"
    "  --status STATUS    received, accepted, not_accepted, transferred,\n"
    "                     in_progress, resolved or withdrawn\n"
    "  --from YYYY-MM-DD  received on or after this day\n"
    "  --to YYYY-MM-DD    received on or before this day\n"
    "  --text TEXT        summary or receipt number contains TEXT\n"
    "  --limit N          petitions per page\n"
    "  --cursor CURSOR    continue where a previous page stopped\n"
    "  --all              fetch every page\n";

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

static void session_start(struct td_session *s, const struct td_client_opts *o,
                          int retries)
{
  td_session_init(s, o);
  s->retries = retries;
  s->on_retry = on_retry;
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

static int conn_failed(int r, const char *err, const struct td_session *s,
                       const char *key)
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
    key_advice(key, s->maybe_sent);
    return EXIT_CONNECT;
  }
}

static const char *refusal_hint(const Tiepdan__Error *e, const char *key)
{
  switch (e->code) {
  case TIEPDAN__ERROR_CODE__INVALID_ARGUMENT:
    return "correct that option and run the command again";
  case TIEPDAN__ERROR_CODE__UNAUTHENTICATED:
    return "this computer's certificate is not registered on the server; "
           "ask your administrator to register it";
  case TIEPDAN__ERROR_CODE__PERMISSION_DENIED:
    return "your account may not do this; ask your administrator";
  case TIEPDAN__ERROR_CODE__NOT_FOUND:
    return "check the id or receipt number; you see only petitions of your "
           "own unit and the units below it";
  case TIEPDAN__ERROR_CODE__CONFLICT:
    return key ? "this key was already used for a different petition; run "
                 "the command again without --key to record a new one"
               : "the record changed meanwhile; run the command again";
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

static int refused(const Tiepdan__Error *e, const char *key)
{
  const char *opt;

  fprintf(stderr, "tiepdan: refused: %s: %s\n", td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (e->field != NULL && e->field[0] != '\0') {
    opt = td_cmd_option_of_field(e->field);
    fprintf(stderr, "  field: %s%s%s%s\n", e->field, opt ? " (option " : "",
            opt ? opt : "", opt ? ")" : "");
  }
  fprintf(stderr, "  hint: %s\n", refusal_hint(e, key));
  return EXIT_REFUSED;
}

static int unavailable(const Tiepdan__Error *e, const char *key)
{
  fprintf(stderr, "tiepdan: the server is temporarily unavailable: %s: %s\n",
          td_error_code_name(e->code),
          e->message ? e->message : "(no message)");
  if (key != NULL)
    key_advice(key, 0);
  else
    fputs("Try again in a few minutes.\n", stderr);
  return EXIT_UNAVAILABLE;
}

/*
 * Sends req (NULL: only the Hello) and checks that the reply has the body
 * wanted. Returns EXIT_OK with *reply to free, or an exit status after
 * telling the officer why. key is the idempotency key of a submit.
 */
static int exchange(struct td_session *s, Tiepdan__Envelope *req, int want,
                    Tiepdan__Envelope **reply, const char *key)
{
  const Tiepdan__Error *e;
  char err[1024];
  int code;
  int r;

  r = td_session_call(s, req, reply, err, sizeof(err));
  if (r != 0)
    return conn_failed(r, err, s, key);
  if ((int)(*reply)->body_case == want)
    return EXIT_OK;
  e = (*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR ? (*reply)->error
                                                           : NULL;
  if (e == NULL)
    code = internal("the server sent an answer of the wrong kind; check "
                    "that the client and server versions match");
  else if (td_session_error_retryable(e))
    code = unavailable(e, key);
  else
    code = refused(e, key);
  tiepdan__envelope__free_unpacked(*reply, NULL);
  *reply = NULL;
  return code;
}

static int finish_output(int r)
{
  if (r != 0 || fflush(stdout) != 0)
    return internal(errno ? strerror(errno) : "cannot write the output");
  return EXIT_OK;
}

static int run_whoami(const struct td_global_args *g)
{
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int help;
  int code;

  if (td_cmd_parse_whoami(g->argc, g->argv, &help, err, sizeof(err)) != 0)
    return usage_error("whoami", err, whoami_usage);
  if (help)
    return print_usage(whoami_usage);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code =
        exchange(&s, NULL, TIEPDAN__ENVELOPE__BODY_HELLO_REPLY, &reply, NULL);
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

/* Reads all of standard input into a malloc'd string. */
static char *read_stdin(char *err, size_t errlen)
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
      p = cap <= MAX_SUMMARY ? realloc(buf, cap + 1) : NULL;
      if (p == NULL) {
        snprintf(err, errlen, "the summary is too long");
        free(buf);
        return NULL;
      }
      buf = p;
    }
    n = fread(buf + len, 1, cap - len, stdin);
    len += n;
  } while (n > 0);
  if (ferror(stdin) || memchr(buf, '\0', len) != NULL) {
    snprintf(err, errlen, "cannot read the summary from standard input%s",
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
  struct td_submit_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int code;

  a->summary = td_cmd_trim_summary(a->summary);
  if (td_cmd_submit_request(a, &req, err, sizeof(err)) != 0)
    return usage_error("submit", err, submit_usage);
  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, a->retries);
    code = exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY, &reply,
                    req.key);
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
    return usage_error("submit", err, submit_usage);
  if (a.help)
    return print_usage(submit_usage);
  text = NULL;
  if (a.summary_stdin && isatty(STDIN_FILENO))
    fputs("tiepdan: type the summary, then press Ctrl-D on a new line\n",
          stderr);
  if (a.summary_stdin) {
    text = read_stdin(err, sizeof(err));
    if (text == NULL)
      return usage_error("submit", err, submit_usage);
    a.summary = text;
  }
  code = submit(g, &a);
  free(text);
  return code;
}

static int show(const struct td_global_args *g, struct td_show_req *req)
{
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__Petition *p;
  int code;

  code = resolve(g, &o);
  if (code == EXIT_OK) {
    session_start(&s, &o, 0);
    code = exchange(&s, &req->env, TIEPDAN__ENVELOPE__BODY_GET_REPLY, &reply,
                    NULL);
    if (code == EXIT_OK) {
      p = reply->get_reply->petition;
      code = p ? finish_output(td_output_petition(stdout, g->format, p))
               : internal("the server's answer holds no petition");
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
    return usage_error("show", err, show_usage);
  if (a.help)
    return print_usage(show_usage);
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
  struct td_list_req req;
  Tiepdan__Envelope *reply;
  const char *next;
  int code;

  for (;;) {
    td_cmd_list_request(a, &req);
    code =
        exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_REPLY, &reply, NULL);
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
    return usage_error("list", err, list_usage);
  if (a.help)
    return print_usage(list_usage);
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

struct command {
  const char *name;
  int (*run)(const struct td_global_args *g);
};

static const struct command commands[] = {
    {"whoami", run_whoami},
    {"submit", run_submit},
    {"show", run_show},
    {"list", run_list},
};

int main(int argc, char **argv)
{
  struct td_global_args g;
  char err[512];
  size_t i;

  /* A server that hangs up mid-write must give an error, not kill us. */
  signal(SIGPIPE, SIG_IGN);
  if (td_cmd_parse_global(argc - 1, argv + 1, &g, err, sizeof(err)) != 0)
    return usage_error(NULL, err, main_usage);
  if (g.version) {
    printf("tiepdan %s (protocol %u)\n", TD_VERSION, TD_PROTOCOL_VERSION);
    return EXIT_OK;
  }
  if (g.help)
    return print_usage(main_usage);
  if (g.command == NULL)
    return usage_error(NULL, "no command given", main_usage);
  for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    if (strcmp(commands[i].name, g.command) == 0)
      return commands[i].run(&g);
  snprintf(err, sizeof(err), "unknown command \"%s\"", g.command);
  return usage_error(NULL, err, main_usage);
}
