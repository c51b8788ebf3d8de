/*
 * tiepdand: the server's command line. Reads the configuration, then either
 * runs an offline task (--migrate, --add-principal) or serves (server.c).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "db/migrate.h"
#include "util/config.h"
#include "util/log.h"
#include "server.h"

#ifndef TD_SQL_DIR
#define TD_SQL_DIR "sql"
#endif

static const char usage[] =
    "Usage: tiepdand [OPTIONS]\n"
    "       tiepdand --migrate [--db CONNINFO] [--sql-dir DIR]\n"
    "       tiepdand --add-principal CERT --role ROLE --unit CODE [--name N]\n"
    "\n"
    "Serves citizens' petitions to tiepdan clients over mutual TLS, storing\n"
    "them in PostgreSQL.\n"
    "\n"
    "Options (each may also be set in the config file as `name = value`):\n"
    "  --config FILE           read settings from FILE first\n"
    "  --listen HOST:PORT      address to serve (default 127.0.0.1:7443)\n"
    "  --metrics-listen HOST:PORT  serve /metrics, /healthz and /readyz over\n"
    "                          HTTP there (default 127.0.0.1:9743; port 0:\n"
    "                          any free one, logged; off: none)\n"
    "  --db CONNINFO           libpq connection string (use hostaddr= or a\n"
    "                          socket directory: host names resolve blocking)\n"
    "  --cert FILE --key FILE  the server's certificate chain and key (PEM)\n"
    "  --ca FILE               CA that signs client certificates\n"
    "  --crl FILE              CRLs of that CA (PEM): a certificate listed is\n"
    "                          refused at the handshake; re-read when the\n"
    "                          file changes and on SIGHUP\n"
    "  --pool-size N           PostgreSQL connections (default 4)\n"
    "  --read-db CONNINFO      the replicas, for statistics, lists, reports\n"
    "                          and the change feed while they keep up\n"
    "                          (default: none, everything on --db)\n"
    "  --read-pool-size N      connections to the replicas (default 4)\n"
    "  --read-max-lag S        staler replicas are not read (default 30)\n"
    "  --max-frame BYTES       largest request accepted (default 1048576)\n"
    "  --max-conns N           connections served at once (default 20000)\n"
    "  --max-in-flight N       requests in flight per connection (default 64)\n"
    "  --idle-timeout SECONDS  close idle connections (default 300)\n"
    "  --handshake-timeout S   TLS handshake limit (default 10)\n"
    "  --drain-timeout S       on SIGTERM, wait this long for work (default "
    "30)\n"
    "  --summary-interval S    log open and overdue petitions per commune\n"
    "                          this often (default 86400)\n"
    "  --feed-interval MS      how often the change feed looks for new\n"
    "                          events when nothing is happening (default 250)\n"
    "  --fold-interval MS      how often statistics changes are folded into\n"
    "                          the province rollup (default 1000)\n"
    "  --calendar-warn-from MM-DD  from this day of the year, warn while\n"
    "                          next year's holidays are unconfirmed (10-01)\n"
    "  --anchor-interval S     how often each province's record is anchored\n"
    "                          (default 3600)\n"
    "  --log-level LEVEL       debug, info, warn or error (default info)\n"
    "  --log-format FORMAT     text, json (a JSON object a line) or journal\n"
    "                          (systemd's, with priorities); default: journal\n"
    "                          when started by systemd, else text\n"
    "  --sql-dir DIR           the sql folder, holding schema/ and functions/\n"
    "                          (for --migrate)\n"
    "  --migrate               apply new schema files, re-apply the\n"
    "                          functions, and exit\n"
    "  --add-principal CERT    register CERT's holder with --role and --unit\n"
    "  --role ROLE             reception, leader, front, dashboard or admin\n"
    "  --unit CODE             the unit the principal acts for\n"
    "  --name NAME             the principal's name (default: certificate CN)\n"
    "  --help, --version\n"
    "\n"
    "SIGTERM or SIGINT: stop accepting, finish the requests in flight, exit "
    "0.\n"
    "SIGHUP: re-read the config file, the certificate and key, the CA and\n"
    "the CRL, and apply them to new connections; connections already open\n"
    "go on. Anything that fails keeps all of the old in force; listen, db,\n"
    "pool-size, read-db, read-pool-size and sql-dir take effect only at a\n"
    "restart.\n";

enum mode { MODE_SERVE, MODE_MIGRATE, MODE_ADD_PRINCIPAL };

struct args {
  enum mode mode;
  const char *config;
  const char *principal_cert;
  const char *role;
  const char *unit;
  const char *name;
};

static const struct option long_opts[] = {
    {"config", required_argument, NULL, 'c'},
    {"listen", required_argument, NULL, 0},
    {"metrics-listen", required_argument, NULL, 0},
    {"db", required_argument, NULL, 0},
    {"cert", required_argument, NULL, 0},
    {"key", required_argument, NULL, 0},
    {"ca", required_argument, NULL, 0},
    {"crl", required_argument, NULL, 0},
    {"pool-size", required_argument, NULL, 0},
    {"read-db", required_argument, NULL, 0},
    {"read-pool-size", required_argument, NULL, 0},
    {"read-max-lag", required_argument, NULL, 0},
    {"max-frame", required_argument, NULL, 0},
    {"max-conns", required_argument, NULL, 0},
    {"max-in-flight", required_argument, NULL, 0},
    {"summary-interval", required_argument, NULL, 0},
    {"feed-interval", required_argument, NULL, 0},
    {"fold-interval", required_argument, NULL, 0},
    {"calendar-warn-from", required_argument, NULL, 0},
    {"anchor-interval", required_argument, NULL, 0},
    {"idle-timeout", required_argument, NULL, 0},
    {"handshake-timeout", required_argument, NULL, 0},
    {"drain-timeout", required_argument, NULL, 0},
    {"log-level", required_argument, NULL, 0},
    {"log-format", required_argument, NULL, 0},
    {"sql-dir", required_argument, NULL, 0},
    {"migrate", no_argument, NULL, 'm'},
    {"add-principal", required_argument, NULL, 'p'},
    {"role", required_argument, NULL, 'r'},
    {"unit", required_argument, NULL, 'u'},
    {"name", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* Two passes: the config file first, then flags override it. Returns 0,
 * -1 after --help or --version, or 2 with the problem in err. Run again on
 * SIGHUP (reconfigure), so that flags go on overriding the file. */
static int parse_args(int argc, char **argv, struct td_config *cfg,
                      struct args *a, char *err, size_t errlen)
{
  int idx;
  int ch;

  memset(a, 0, sizeof(*a));
  err[0] = '\0';
  opterr = 0;
  optind = 1;
  for (ch = getopt_long(argc, argv, "", long_opts, &idx); ch != -1;
       ch = getopt_long(argc, argv, "", long_opts, &idx)) {
    if (ch == 'c')
      a->config = optarg;
  }
  if (a->config != NULL && td_config_load(cfg, a->config, err, errlen))
    return 2;
  optind = 1;
  for (ch = getopt_long(argc, argv, ":", long_opts, &idx); ch != -1;
       ch = getopt_long(argc, argv, ":", long_opts, &idx)) {
    switch (ch) {
    case 0:
      if (td_config_set(cfg, long_opts[idx].name, optarg, err, errlen))
        return 2;
      break;
    case 'c':
      break;
    case 'm':
      a->mode = MODE_MIGRATE;
      break;
    case 'p':
      a->mode = MODE_ADD_PRINCIPAL;
      a->principal_cert = optarg;
      break;
    case 'r':
      a->role = optarg;
      break;
    case 'u':
      a->unit = optarg;
      break;
    case 'n':
      a->name = optarg;
      break;
    case 'h':
      fputs(usage, stdout);
      return -1;
    case 'V':
      printf("tiepdand %s (protocol 1)\n", TD_VERSION);
      return -1;
    case ':':
      snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
      return 2;
    default:
      snprintf(err, errlen, "unknown option '%s'", argv[optind - 1]);
      return 2;
    }
  }
  if (optind < argc) {
    snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
    return 2;
  }
  return 0;
}

/* Applies the logging settings of cfg. */
static void apply_logging(const struct td_config *cfg)
{
  enum td_log_level level = TD_LOG_INFO;
  enum td_log_format format = TD_LOG_AUTO;

  if (cfg->log_level != NULL)
    (void)td_log_parse_level(cfg->log_level, &level);
  if (cfg->log_format != NULL)
    (void)td_log_parse_format(cfg->log_format, &format);
  td_log_set_level(level);
  td_log_set_format(format);
  if (format == TD_LOG_JOURNAL && strcmp(td_log_format_name(), "journal") != 0)
    td_warn("log-format journal: no journal listens here "
            "(/run/systemd/journal/socket); logging to stderr as text");
}

/* The command line, kept for SIGHUP. */
struct cmdline {
  int argc;
  char **argv;
};

/* Reads the configuration again, as at the start: the file, then the
 * flags. Returns 0 with fresh filled, or -1 with err. */
static int reconfigure(struct td_config *fresh, char *err, size_t errlen,
                       void *arg)
{
  const struct cmdline *cl = arg;
  struct args a;

  td_config_init(fresh);
  if (parse_args(cl->argc, cl->argv, fresh, &a, err, errlen) != 0 ||
      td_config_check(fresh, err, errlen) != 0) {
    td_config_free(fresh);
    return -1;
  }
  return 0;
}

/* Applies what a reload changed that main owns: the logging. */
static void reconfigured(const struct td_config *cfg, void *arg)
{
  (void)arg;
  apply_logging(cfg);
}

int main(int argc, char **argv)
{
  struct td_config cfg;
  struct args a;
  struct cmdline cl = {argc, argv};
  struct td_reconfig rc_hooks = {reconfigure, reconfigured, &cl};
  char err[1024];
  int rc;

  signal(SIGPIPE, SIG_IGN);
  td_config_init(&cfg);
  rc = parse_args(argc, argv, &cfg, &a, err, sizeof(err));
  if (rc != 0) {
    if (rc > 0)
      fprintf(stderr, "tiepdand: %s\nTry 'tiepdand --help'.\n", err);
    td_config_free(&cfg);
    return rc < 0 ? 0 : rc;
  }
  apply_logging(&cfg);
  if (a.mode != MODE_SERVE && cfg.db == NULL) {
    fprintf(stderr, "tiepdand: give --db CONNINFO\n");
    rc = 2;
  } else if (a.mode == MODE_MIGRATE) {
    rc = td_db_migrate(cfg.db, cfg.sql_dir ? cfg.sql_dir : TD_SQL_DIR, err,
                       sizeof(err));
  } else if (a.mode == MODE_ADD_PRINCIPAL) {
    if (a.role == NULL || a.unit == NULL) {
      fprintf(stderr, "tiepdand: --add-principal needs --role and --unit\n");
      rc = 2;
    } else {
      rc = td_admin_add_principal(cfg.db, a.principal_cert, a.role, a.unit,
                                  a.name, err, sizeof(err));
    }
  } else if (td_config_check(&cfg, err, sizeof(err)) != 0) {
    rc = -1;
  } else {
    rc = td_server_run(&cfg, &rc_hooks);
  }
  if (rc < 0) {
    fprintf(stderr, "tiepdand: %s\n", err);
    rc = 1;
  }
  td_config_free(&cfg);
  return rc;
}
