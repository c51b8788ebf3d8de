/*
 * tiepdan: the command a commune's reception officer runs to record
 * citizens' petitions on tiepdand, to move them through their life
 * (accept, resolve, ...), to look them up, and to keep reception sessions;
 * and an administrator's, to load the public holidays. This file is the
 * table of commands and the dispatch to them (git's git.c); each command
 * lives in cmd/, with its usage, options, request and printing.
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
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/global.h"
#include "cmd/write.h"
#include "lang/lang.h"
#include "wire.h"

/* The sections of the main usage, in order. */
enum section { COMMANDS, STEPS, SESSIONS, ADMINISTRATION, N_SECTIONS };

static const char *const sections[N_SECTIONS] = {
    N_("Commands"),
    N_("Steps in a petition's life, each given the id or receipt number"),
    N_("Reception sessions"),
    N_("Administration (administrators)"),
};

/*
 * One command: its name, what runs it, and its line in the main usage
 * (synopsis, NULL for the name alone, translated when it has placeholders
 * such as YEAR, and a summary whose lines break at '\n'). admin has a line per
 * group of tasks; the first row runs it.
 */
struct command {
  const char *name;
  int (*run)(const struct td_global_args *g);
  enum section section;
  const char *synopsis;
  const char *summary;
};

static const struct command commands[] = {
    {"whoami", td_cmd_whoami, COMMANDS, NULL,
     N_("show whom this computer's certificate belongs to")},
    {"submit", td_cmd_submit, COMMANDS, NULL,
     N_("record a petition and print its receipt number")},
    {"receipt", td_cmd_receipt, COMMANDS, NULL,
     N_("print the citizen's receipt, as text or PDF")},
    {"show", td_cmd_show, COMMANDS, NULL,
     N_("print one petition, by id or receipt number")},
    {"list", td_cmd_list, COMMANDS, NULL,
     N_("list petitions: newest first, or overdue and due soon")},
    {"history", td_cmd_history, COMMANDS, NULL,
     N_("print every recorded step of one petition")},
    {"stats", td_cmd_stats, COMMANDS, NULL,
     N_("count the petitions received in a period: accepted,\n"
        "resolved on time or late, still open or overdue")},
    {"report", td_cmd_report, COMMANDS, NULL,
     N_("write the period's report, as the communes' reports word\n"
        "it, in Vietnamese or English, or as an Excel workbook")},
    {"watch", td_cmd_watch, COMMANDS, NULL,
     N_("a live dashboard of a district's or province's communes:\n"
        "open, overdue and due petitions, redrawn as events come")},
    {"changes", td_cmd_changes, COMMANDS, NULL,
     N_("print the events recorded after a cursor, for scripts")},
    {"accept", td_cmd_transition, STEPS, NULL,
     N_("accept it for handling (thụ lý): the resolution deadline\n"
        "starts")},
    {"reject", td_cmd_transition, STEPS, NULL,
     N_("refuse to accept it, with the reason")},
    {"transfer", td_cmd_transition, STEPS, NULL,
     N_("send it on to the competent agency")},
    {"start", td_cmd_transition, STEPS, NULL,
     N_("begin work on an accepted petition")},
    {"resolve", td_cmd_transition, STEPS, NULL,
     N_("record how it was resolved")},
    {"withdraw", td_cmd_transition, STEPS, NULL,
     N_("record that the citizen withdrew it")},
    {"reopen", td_cmd_transition, STEPS, NULL,
     N_("reopen a resolved petition that the citizen contests")},
    {"extend", td_cmd_transition, STEPS, NULL,
     N_("extend its deadline, with the reason")},
    {"note", td_cmd_transition, STEPS, NULL, N_("add a note to its history")},
    {"session", td_cmd_session, SESSIONS, "session open|close|list",
     N_("open a session, close it with its figures, list them")},
    {"outbox", td_cmd_outbox, SESSIONS, "outbox [list|send|watch|...]",
     N_("what this computer kept to send when the link is back:\n"
        "list it, send it now, keep sending, decide on it")},
    {"admin", td_cmd_admin, ADMINISTRATION, N_("admin holidays load YEAR FILE"),
     N_("load the public holidays of a year")},
    {"admin", td_cmd_admin, ADMINISTRATION, "admin principal add|revoke|list",
     N_("register an officer's certificate, revoke it, list them")},
    {"admin", td_cmd_admin, ADMINISTRATION,
     N_("admin unit merge OLD... --into NEW --on DATE"),
     N_("record that communes merged")},
    {"admin", td_cmd_admin, ADMINISTRATION,
     N_("admin audit verify [--unit CODE]"),
     N_("check that no petition's history was altered")},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage_head[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] COMMAND [OPTIONS]\n"
       "\n"
       "Records citizens' petitions on the commune's tiepdan server and looks\n"
       "them up.\n");

static const char usage_tail[] = N_(
    "\n"
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
    "  --excel             csv that Excel opens with its Vietnamese intact\n"
    "                      (a UTF-8 byte-order mark first)\n"
    "  --lang vi|en        vi (the default) or en  TIEPDAN_LANG, language\n"
    "  --help, --version\n"
    "Options on the command line win over the environment, which wins over\n"
    "the configuration file.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  unexpected internal error\n"
    "  2  usage error: a wrong or missing option\n"
    "  3  cannot connect, or TLS failed (e.g. a refused certificate)\n"
    "  4  the server refused the request, including a change to a petition\n"
    "     that someone else changed meanwhile\n"
    "  5  the server is temporarily unavailable; nothing was recorded yet\n");

/* How long a command waits for the outbox's entries to go first. */
#define FLUSH_BEFORE_MS 3000

/* Summaries start in this column; a longer synopsis has a line of its own. */
#define SUMMARY_COLUMN 12

/* One command's line (or lines) of the main usage. */
static void put_command(FILE *f, const struct command *c)
{
  const char *name = c->synopsis != NULL ? _(c->synopsis) : c->name;
  const char *line = _(c->summary);
  size_t n;
  int w;

  w = SUMMARY_COLUMN - 4;
  if (strlen(name) <= (size_t)w)
    fprintf(f, "  %-*s  ", w, name);
  else
    fprintf(f, "  %s\n%*s", name, SUMMARY_COLUMN, "");
  for (;;) {
    n = strcspn(line, "\n");
    fprintf(f, "%.*s\n", (int)n, line);
    if (line[n] == '\0')
      return;
    line += n + 1;
    fprintf(f, "%*s", SUMMARY_COLUMN, "");
  }
}

/* The main usage, made from the table of commands. */
static void put_usage(FILE *f)
{
  size_t i;

  fputs(_(usage_head), f);
  for (i = 0; i < N_COMMANDS; i++) {
    if (i == 0 || commands[i].section != commands[i - 1].section)
      fprintf(f, "\n%s:\n", _(sections[commands[i].section]));
    put_command(f, &commands[i]);
  }
  fputs(_(usage_tail), f);
}

static int usage_error(const char *err)
{
  fprintf(stderr, "tiepdan: %s\n\n", err);
  put_usage(stderr);
  return TD_EXIT_USAGE;
}

/*
 * Every command that talks to the server first sends what waits in the
 * outbox, for a few seconds at most (issue 13). The writes do it
 * themselves, after keeping their own entry; `outbox` is about nothing
 * else. Quiet unless there was something to send.
 */
static void flush_before(const struct command *c,
                         const struct td_global_args *g)
{
  struct td_client_opts o;
  char err[1024];
  int i;

  if (c->run == td_cmd_outbox || c->run == td_cmd_submit ||
      c->run == td_cmd_transition || c->run == td_cmd_session)
    return;
  for (i = 0; i < g->argc; i++)
    if (td_call_is_help(g->argv[i]))
      return;
  memset(&o, 0, sizeof(o));
  if (td_client_config_resolve(&g->flags, &o, err, sizeof(err)) == 0)
    td_write_flush_before(&o, FLUSH_BEFORE_MS);
  td_client_config_free(&o);
}

static const struct command *find(const char *name)
{
  size_t i;

  for (i = 0; i < N_COMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int main(int argc, char **argv)
{
  const struct command *c;
  struct td_global_args g;
  char err[512];

  /* A server that hangs up mid-write must give an error, not kill us. */
  signal(SIGPIPE, SIG_IGN);
  td_lang_init();
  if (td_cmd_parse_global(argc - 1, argv + 1, &g, err, sizeof(err)) != 0)
    return usage_error(err);
  /* The language and excel settings of the configuration file. */
  if (td_client_config_early(&g.flags) && g.format == TD_FORMAT_CSV)
    g.excel = 1;
  if (g.version) {
    printf("tiepdan %s (protocol %u)\n", TD_VERSION, TD_PROTOCOL_VERSION);
    return TD_EXIT_OK;
  }
  if (g.help) {
    put_usage(stdout);
    return TD_EXIT_OK;
  }
  if (g.command == NULL)
    return usage_error(_("no command given"));
  c = find(g.command);
  if (c != NULL) {
    /* Excel reads a CSV file as UTF-8 only after the byte-order mark. */
    flush_before(c, &g);
    if (g.excel)
      fputs("\xEF\xBB\xBF", stdout);
    return c->run(&g);
  }
  snprintf(err, sizeof(err), _("unknown command \"%s\""), g.command);
  return usage_error(err);
}
