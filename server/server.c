/*
 * Serving: one libuv loop carrying the TLS listener, every client connection
 * and the PostgreSQL pool, and the graceful stop.
 *
 * Start-up order: bind the port (fail fast if taken), connect the pool, and
 * only when PostgreSQL answers start accepting, so no client is ever told
 * the database is missing merely because the server is starting.
 */
#include "server.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <systemd/sd-daemon.h>

#include "calendar.h"
#include "feed.h"
#include "http/httpd.h"
#include "http/observe.h"
#include "net/listener.h"
#include "net/tls.h"
#include "replica.h"
#include "session.h"
#include "state.h"
#include "db/audit.h"
#include "db/petition.h"
#include "db/stats.h"
#include "db/submit.h"
#include "db/terms.h"
#include "util/log.h"

/* The process: the shared state, the transport and the timers. */
struct serve {
  struct td_server srv;            /* What handlers see. */
  struct td_config *cfg;           /* The same, writable by a reload. */
  const struct td_reconfig *hooks; /* How a reload reads it; or NULL. */
  struct td_net net;
  uv_signal_t sigterm;
  uv_signal_t sigint;
  uv_signal_t sighup;  /* Reloads; see reload. */
  uv_timer_t watchdog; /* Tells systemd the loop turns. */
  uv_timer_t drain_timer;
  uv_timer_t crl_timer; /* Looks at the CRL file; see on_crl_timer. */
  struct stat crl_seen; /* The CRL file as last read (or failed to be). */
  int crl_stat_errno;   /* Why the last look failed, or 0. */
  time_t crl_next_update;
  time_t crl_warned; /* When an out-of-date CRL was last complained of. */
  uv_timer_t summary_timer;  /* Daily summary; start-up retries. */
  uv_timer_t fold_timer;     /* Statistics folds; see 004_stats. */
  uv_timer_t calendar_timer; /* This year's and next year's calendars. */
  td_day calendar_warned;    /* The day the calendar warning was last logged. */
  uv_timer_t anchor_timer;   /* Anchors of the record; see 85_audit. */
  struct td_observe *observe; /* Publishes for the metrics listener. */
  uint64_t fold_tried;        /* Fold periods asked for and answered. */
  unsigned fold_in_flight : 1;
  unsigned crl_loaded : 1; /* A CRL is in force. */
  unsigned anchor_in_flight : 1;
  unsigned listening : 1;
  unsigned draining : 1;
  unsigned stopped : 1;
};

/* Stopping ----------------------------------------------------------------- */

/* How group commit went, for the operator (and the tests). */
static void log_submits(const struct td_submits *s)
{
  struct td_submits_stats st;

  if (s == NULL)
    return;
  td_submits_stats(s, &st);
  td_info("submissions: %llu in %llu batch(es), the largest %d; %llu written "
          "alone after their batch failed",
          (unsigned long long)st.submissions, (unsigned long long)st.batches,
          st.largest, (unsigned long long)st.isolated);
}

static void stop_everything(struct serve *sv)
{
  if (sv->stopped)
    return;
  sv->stopped = 1;
  uv_close((uv_handle_t *)&sv->drain_timer, NULL);
  uv_close((uv_handle_t *)&sv->summary_timer, NULL);
  uv_close((uv_handle_t *)&sv->calendar_timer, NULL);
  uv_close((uv_handle_t *)&sv->fold_timer, NULL);
  uv_close((uv_handle_t *)&sv->crl_timer, NULL);
  uv_close((uv_handle_t *)&sv->anchor_timer, NULL);
  uv_close((uv_handle_t *)&sv->watchdog, NULL);
  td_feed_stop(sv->srv.feed);
  td_observe_stop(sv->observe);
  uv_close((uv_handle_t *)&sv->sigterm, NULL);
  uv_close((uv_handle_t *)&sv->sigint, NULL);
  uv_close((uv_handle_t *)&sv->sighup, NULL);
  if (sv->srv.pool != NULL) {
    td_pool_close(sv->srv.pool, NULL, NULL);
    sv->srv.pool = NULL;
  }
  td_replica_close(sv->srv.replica);
  sv->srv.replica = NULL;
  log_submits(sv->srv.submits);
  td_info("statistics fold: %llu of the %llu period(s) tried here%s",
          (unsigned long long)sv->srv.fold_runs,
          (unsigned long long)sv->fold_tried,
          sv->srv.fold_runs < sv->fold_tried
              ? " (the others were folded by another server)"
              : "");
  td_submits_close(sv->srv.submits);
  sv->srv.submits = NULL;
  td_info("stopped");
}

/* The last connection went: finish a drain. */
static void on_no_connections(void *arg)
{
  struct serve *sv = arg;

  if (sv->draining && sv->srv.nconns == 0)
    stop_everything(sv);
}

static void on_drain_timeout(uv_timer_t *t)
{
  struct serve *sv = t->data;
  struct td_pool *pool = sv->srv.pool;

  td_warn("drain timeout: %d connection(s) still busy; closing them",
          sv->srv.nconns);
  td_conn_close_all(&sv->net, "drain timeout");
  /* Queries still out fail now, which releases the last requests. */
  sv->srv.pool = NULL;
  if (pool != NULL)
    td_pool_close(pool, NULL, NULL);
  td_replica_close(sv->srv.replica);
  sv->srv.replica = NULL;
}

/* The graceful stop: no new connections, finish work, then exit. */
static void drain(struct serve *sv)
{
  if (sv->draining)
    return;
  sv->draining = 1;
  (void)sd_notifyf(0, "STOPPING=1\nSTATUS=stopping: finishing %d connection(s)",
                   sv->srv.nconns);
  td_observe_draining();
  td_info("stopping: no new connections; finishing %d connection(s)",
          sv->srv.nconns);
  uv_timer_stop(&sv->fold_timer);
  uv_timer_stop(&sv->calendar_timer);
  uv_timer_stop(&sv->anchor_timer);
  /* Parked polls are answered now, so their connections can close. */
  td_feed_stop(sv->srv.feed);
  td_net_drain(&sv->net);
  uv_timer_start(&sv->drain_timer, on_drain_timeout,
                 (uint64_t)sv->srv.cfg->drain_timeout_ms, 0);
  on_no_connections(sv);
}

static void on_signal(uv_signal_t *h, int signum)
{
  td_info("received %s", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  drain(h->data);
}

/* Background work ---------------------------------------------------------- */

/* The daily line per commune: what is open, overdue and due within 3 days. */
static void on_summary(void *arg, const struct td_summary *res)
{
  struct td_arena *a = arg;
  size_t i;

  if (res->err != 0)
    td_warn("summary: %s", td_strerror(res->err));
  for (i = 0; i < res->n; i++)
    td_info("summary day=%s unit=%s name=\"%s\" open=%lld overdue=%lld "
            "due_within_3_days=%lld",
            res->day, res->rows[i].code, res->rows[i].name,
            (long long)res->rows[i].open, (long long)res->rows[i].overdue,
            (long long)res->rows[i].due_soon);
  td_arena_free(a);
  free(a);
}

/* The period of a job run every interval_ms, the same on every server of
 * the database (see td_job_claim in sql/functions/95_jobs.sql). */
static int64_t job_slot(int interval_ms)
{
  uv_timeval64_t now;

  if (uv_gettimeofday(&now) != 0 || interval_ms <= 0)
    return 0;
  return (now.tv_sec * 1000 + now.tv_usec / 1000) / interval_ms;
}

/* With several servers on the database, only the first of each period gives
 * it (the others get no rows). */
static void on_summary_timer(uv_timer_t *t)
{
  struct serve *sv = t->data;
  struct td_arena *a = td_xcalloc(1, sizeof(*a));
  struct td_db db = {sv->srv.pool, a, &sv->srv.background_queries, NULL, NULL};

  if (td_db_petition_summary(&db, td_day_from_unix_vn((int64_t)time(NULL)),
                             job_slot(sv->srv.cfg->summary_interval_ms),
                             sv->srv.name, on_summary, a) != 0) {
    td_warn("summary: the database is unavailable; next one tomorrow");
    td_arena_free(a);
    free(a);
  }
}

static void on_fold(void *arg, const struct td_folded *res)
{
  struct serve *sv = arg;

  sv->fold_in_flight = 0;
  if (res->err == 0)
    sv->fold_tried++;
  if (res->claimed)
    sv->srv.fold_runs++;
  if (res->moved)
    sv->srv.folds++;
}

/* Moves the statistics changes of the last interval into the rollup: once
 * per interval, by whichever server of the database comes first. */
static void on_fold_timer(uv_timer_t *t)
{
  struct serve *sv = t->data;
  struct td_db db = {sv->srv.pool, NULL, &sv->srv.background_queries, NULL,
                     NULL};

  if (sv->fold_in_flight || sv->srv.pool == NULL)
    return;
  if (td_db_stats_fold(&db, job_slot(sv->srv.cfg->fold_interval_ms),
                       sv->srv.name, on_fold, sv) == 0) {
    sv->fold_in_flight = 1;
  }
}

/* The CRL ------------------------------------------------------------------ */

/* How often the CRL file is looked at (one stat), and how often an
 * out-of-date CRL is complained of. */
#define CRL_LOOK_MS 5000
#define CRL_NAG_S 3600

/* Says, loudly and at most every CRL_NAG_S, that the CRL's nextUpdate has
 * passed; see crl_time_tolerated in net/tls.c for why it stays in force. */
static void crl_warn_if_late(struct serve *sv, time_t now)
{
  char when[32];

  if (sv->crl_next_update == 0 || now < sv->crl_next_update ||
      (sv->crl_warned != 0 && now - sv->crl_warned < CRL_NAG_S))
    return;
  sv->crl_warned = now;
  strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
           gmtime(&sv->crl_next_update));
  td_error("crl %s is out of date: its next update was due %s. It stays in "
           "force (the certificates it lists are still refused, the others "
           "served); issue a new CRL and put it in place",
           sv->srv.cfg->crl, when);
}

/* Reads cfg's CRL file into ctx; why says what prompted it. On failure ctx
 * is left as it was and err says why. Returns 0 or -1. */
static int crl_read(struct serve *sv, SSL_CTX *ctx, const struct td_config *cfg,
                    const char *why, char *err, size_t errlen)
{
  struct td_tls_crl_info info;
  char when[32] = "none given";

  if (td_tls_load_crl(ctx, cfg->ca, cfg->crl, &info, err, errlen) != 0)
    return -1;
  if (info.next_update != 0)
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
             gmtime(&info.next_update));
  td_info("crl %s loaded (%s): %d CRL(s), %d certificate(s) revoked, next "
          "update %s; checking %s",
          cfg->crl, why, info.crls, info.revoked, when,
          info.whole_chain ? "every certificate of the chain"
                           : "the client certificate only");
  if (info.cas_without > 0)
    td_warn("crl %s: %d CA(s) of %s have no CRL in it (first: %s); a client "
            "certificate one of them issued is refused",
            cfg->crl, info.cas_without, cfg->ca, info.without);
  sv->crl_next_update = info.next_update;
  sv->crl_warned = 0;
  return 0;
}

/* Reads the CRL file into the context in force; why says what prompted
 * it. On failure the CRL in force stays. Returns 0 or -1. */
static int crl_load(struct serve *sv, const char *why)
{
  char err[512];

  if (crl_read(sv, sv->net.ssl_ctx, sv->srv.cfg, why, err, sizeof(err)) != 0) {
    td_error("%s; %s", err,
             sv->crl_loaded ? "the CRL loaded before stays in force"
                            : "cannot start without it");
    return -1;
  }
  sv->crl_loaded = 1;
  crl_warn_if_late(sv, time(NULL));
  return 0;
}

/* Whether the file is another one, or written since, than when last read. */
static int crl_changed(const struct stat *a, const struct stat *b)
{
  return a->st_ino != b->st_ino || a->st_dev != b->st_dev ||
         a->st_size != b->st_size || a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
         a->st_mtim.tv_nsec != b->st_mtim.tv_nsec ||
         a->st_ctim.tv_sec != b->st_ctim.tv_sec ||
         a->st_ctim.tv_nsec != b->st_ctim.tv_nsec;
}

/* A province revokes a stolen laptop's certificate by putting a new CRL in
 * place: one stat every CRL_LOOK_MS notices it, with no signal and no
 * restart. */
static void on_crl_timer(uv_timer_t *t)
{
  struct serve *sv = t->data;
  struct stat st;

  if (stat(sv->srv.cfg->crl, &st) != 0) {
    if (sv->crl_stat_errno != errno)
      td_error("crl %s: %s; the CRL loaded before stays in force",
               sv->srv.cfg->crl, strerror(errno));
    sv->crl_stat_errno = errno;
  } else if (sv->crl_stat_errno != 0 || crl_changed(&st, &sv->crl_seen)) {
    sv->crl_stat_errno = 0;
    sv->crl_seen = st;
    (void)crl_load(sv, "the file changed");
  }
  crl_warn_if_late(sv, time(NULL));
}

/* Reloading --------------------------------------------------------------- */

/* Takes references to the certificate and key ctx serves with, for opening
 * sealed requests; a new key pushes the ones before it down the list. */
static void seal_keep(struct td_server *srv, SSL_CTX *ctx)
{
  X509 *cert = SSL_CTX_get0_certificate(ctx);
  EVP_PKEY *key = SSL_CTX_get0_privatekey(ctx);
  int i;

  if (cert == NULL || key == NULL)
    return;
  X509_up_ref(cert);
  EVP_PKEY_up_ref(key);
  if (srv->seal_key != NULL && EVP_PKEY_eq(srv->seal_key, key) != 1) {
    X509_free(srv->seal_old_cert[TD_SEAL_KEPT - 1]);
    EVP_PKEY_free(srv->seal_old_key[TD_SEAL_KEPT - 1]);
    for (i = TD_SEAL_KEPT - 1; i > 0; i--) {
      srv->seal_old_cert[i] = srv->seal_old_cert[i - 1];
      srv->seal_old_key[i] = srv->seal_old_key[i - 1];
    }
    srv->seal_old_cert[0] = srv->seal_cert;
    srv->seal_old_key[0] = srv->seal_key;
  } else {
    X509_free(srv->seal_cert);
    EVP_PKEY_free(srv->seal_key);
  }
  srv->seal_cert = cert;
  srv->seal_key = key;
}

static void seal_free(struct td_server *srv)
{
  int i;

  X509_free(srv->seal_cert);
  EVP_PKEY_free(srv->seal_key);
  for (i = 0; i < TD_SEAL_KEPT; i++) {
    X509_free(srv->seal_old_cert[i]);
    EVP_PKEY_free(srv->seal_old_key[i]);
  }
}

/* "CN=..., valid until 2027-12-01" of the certificate ctx serves with. */
static void describe_cert(SSL_CTX *ctx, char *buf, size_t n)
{
  X509 *cert = SSL_CTX_get0_certificate(ctx);
  const ASN1_TIME *until = cert != NULL ? X509_get0_notAfter(cert) : NULL;
  struct tm tm;
  char subject[160];

  if (cert == NULL) {
    snprintf(buf, n, "none");
    return;
  }
  td_tls_subject(cert, subject, sizeof(subject));
  if (until != NULL && ASN1_TIME_to_tm(until, &tm) == 1)
    snprintf(buf, n, "%s, valid until %04d-%02d-%02d", subject,
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  else
    snprintf(buf, n, "%s", subject);
}

static void swap_str(char **live, char **fresh)
{
  char *t = *live;

  *live = *fresh;
  *fresh = t;
}

/* Restarts a repeating timer whose interval changed. */
static void retime(struct serve *sv, uv_timer_t *t, uv_timer_cb cb, int old_ms,
                   int new_ms)
{
  if (old_ms == new_ms || !sv->listening || sv->draining ||
      !uv_is_active((uv_handle_t *)t))
    return;
  uv_timer_start(t, cb, (uint64_t)new_ms, (uint64_t)new_ms);
}

static void on_anchor_timer(uv_timer_t *t);

/* SIGHUP: the configuration file, the certificate and key, the client CA
 * and the CRL read again and checked as a whole, before anything changes;
 * then put in force at once, between two events of the loop. Connections
 * already open keep the context they were accepted with (each SSL holds a
 * reference to it) and go on undisturbed; the next handshake uses the new
 * material. If anything is wrong, nothing changes and the log says what. */
static void reload(struct serve *sv)
{
  struct td_config fresh;
  struct td_config *cfg = sv->cfg;
  SSL_CTX *ctx;
  SSL_CTX *old;
  char err[1024];
  char what[256];
  char fixed[128];
  time_t next_update = sv->crl_next_update;

  if (sv->hooks == NULL || sv->hooks->reconfigure == NULL) {
    td_warn("SIGHUP: this server was started without a way to reload");
    return;
  }
  (void)sd_notify(0, "RELOADING=1\nSTATUS=reloading");
  if (sv->hooks->reconfigure(&fresh, err, sizeof(err), sv->hooks->arg) != 0) {
    td_error("reload refused: %s; the configuration in force stays", err);
    goto done;
  }
  ctx = td_tls_server_ctx(fresh.cert, fresh.key, fresh.ca, err, sizeof(err));
  if (ctx == NULL) {
    td_error("reload refused: %s; the configuration, certificate, key and CA "
             "in force stay",
             err);
    td_config_free(&fresh);
    goto done;
  }
  if (fresh.crl != NULL &&
      crl_read(sv, ctx, &fresh, "SIGHUP", err, sizeof(err)) != 0) {
    td_error("reload refused: %s; the configuration, certificate, key, CA "
             "and CRL in force stay",
             err);
    sv->crl_next_update = next_update;
    SSL_CTX_free(ctx);
    td_config_free(&fresh);
    goto done;
  }
  /* Everything new is good: put it in force. */
  old = sv->net.ssl_ctx;
  sv->net.ssl_ctx = ctx;
  SSL_CTX_free(old);
  seal_keep(&sv->srv, ctx);
  td_observe_certificates(ctx, fresh.ca);
  if (td_config_restart_only(cfg, &fresh, fixed, sizeof(fixed)) > 0)
    td_warn("reload: %s changed in the configuration; that takes effect at "
            "the next restart, the running value stays until then",
            fixed);
  retime(sv, &sv->summary_timer, on_summary_timer, cfg->summary_interval_ms,
         fresh.summary_interval_ms);
  retime(sv, &sv->fold_timer, on_fold_timer, cfg->fold_interval_ms,
         fresh.fold_interval_ms);
  retime(sv, &sv->anchor_timer, on_anchor_timer, cfg->anchor_interval_ms,
         fresh.anchor_interval_ms);
  swap_str(&cfg->cert, &fresh.cert);
  swap_str(&cfg->key, &fresh.key);
  swap_str(&cfg->ca, &fresh.ca);
  swap_str(&cfg->crl, &fresh.crl);
  swap_str(&cfg->log_level, &fresh.log_level);
  swap_str(&cfg->log_format, &fresh.log_format);
  cfg->max_frame = fresh.max_frame;
  cfg->idle_timeout_ms = fresh.idle_timeout_ms;
  cfg->handshake_timeout_ms = fresh.handshake_timeout_ms;
  cfg->drain_timeout_ms = fresh.drain_timeout_ms;
  cfg->max_conns = fresh.max_conns;
  cfg->max_in_flight = fresh.max_in_flight;
  cfg->summary_interval_ms = fresh.summary_interval_ms;
  cfg->feed_interval_ms = fresh.feed_interval_ms;
  cfg->fold_interval_ms = fresh.fold_interval_ms;
  cfg->calendar_warn_month = fresh.calendar_warn_month;
  cfg->calendar_warn_day = fresh.calendar_warn_day;
  cfg->anchor_interval_ms = fresh.anchor_interval_ms;
  td_config_free(&fresh);
  if (sv->hooks->reconfigured != NULL)
    sv->hooks->reconfigured(cfg, sv->hooks->arg);
  /* The CRL file is watched from now on as it is now. */
  sv->crl_loaded = cfg->crl != NULL;
  sv->crl_stat_errno = 0;
  if (cfg->crl == NULL || stat(cfg->crl, &sv->crl_seen) != 0)
    memset(&sv->crl_seen, 0, sizeof(sv->crl_seen));
  if (cfg->crl == NULL)
    uv_timer_stop(&sv->crl_timer);
  else if (!uv_is_active((uv_handle_t *)&sv->crl_timer))
    uv_timer_start(&sv->crl_timer, on_crl_timer, CRL_LOOK_MS, CRL_LOOK_MS);
  if (cfg->crl != NULL)
    crl_warn_if_late(sv, time(NULL));
  describe_cert(ctx, what, sizeof(what));
  td_info("reloaded: serving with %s; client CA %s; crl %s; log level %s, "
          "format %s; the %d open connection(s) go on as they were",
          what, cfg->ca, cfg->crl != NULL ? cfg->crl : "none",
          cfg->log_level != NULL ? cfg->log_level : "info",
          td_log_format_name(), sv->srv.nconns);
done:
  (void)sd_notifyf(0, "READY=1\nSTATUS=%s",
                   sv->listening ? "serving" : "waiting for the database");
}

static void on_sighup(uv_signal_t *h, int signum)
{
  (void)signum;
  td_info("received SIGHUP: reloading");
  reload(h->data);
}

/* Tells systemd the loop turns (WatchdogSec): from a timer of the loop
 * itself, so a loop stuck in a call stops the pings and systemd restarts
 * the server. */
static void on_watchdog(uv_timer_t *t)
{
  (void)t;
  (void)sd_notify(0, "WATCHDOG=1");
}

/* Loads the CRL before anything is served. Returns 0, or -1 when it cannot
 * be loaded: then the server does not start. */
static int crl_start(struct serve *sv)
{
  if (sv->srv.cfg->crl == NULL)
    return 0;
  if (stat(sv->srv.cfg->crl, &sv->crl_seen) != 0)
    memset(&sv->crl_seen, 0, sizeof(sv->crl_seen));
  return crl_load(sv, "start");
}

static void on_anchored(void *arg, const struct td_audit_anchored *res)
{
  struct serve *sv = arg;

  sv->anchor_in_flight = 0;
  if (res->err != 0)
    td_warn("audit anchor: %s; trying again at the next interval",
            td_strerror(res->err));
  else if (res->made > 0)
    td_info("audit anchor: %d province(s) anchored", res->made);
}

/* Anchors every province's record up to the change feed's horizon, below
 * which no event can still commit. */
static void on_anchor_timer(uv_timer_t *t)
{
  struct serve *sv = t->data;
  struct td_db db = {sv->srv.pool, NULL, &sv->srv.background_queries, NULL,
                     NULL};
  uint64_t horizon = td_feed_horizon(sv->srv.feed);

  if (sv->anchor_in_flight || sv->srv.pool == NULL || horizon == 0)
    return;
  if (td_db_audit_anchor(&db, horizon, on_anchored, sv) == 0)
    sv->anchor_in_flight = 1;
}

/* Starting ----------------------------------------------------------------- */

static void start_listening(struct serve *sv)
{
  uint64_t every = (uint64_t)sv->srv.cfg->summary_interval_ms;
  uint64_t fold = (uint64_t)sv->srv.cfg->fold_interval_ms;
  uint64_t anchor = (uint64_t)sv->srv.cfg->anchor_interval_ms;

  if (td_net_listen(&sv->net) != 0) {
    drain(sv);
    return;
  }
  sv->listening = 1;
  td_observe_serving(sv->observe);
  /* PostgreSQL answered, the references are loaded and the port accepts. */
  (void)sd_notifyf(0, "READY=1\nSTATUS=serving on %s:%d",
                   sv->srv.cfg->listen_host, sv->srv.cfg->listen_port);
  uv_timer_start(&sv->summary_timer, on_summary_timer, every, every);
  uv_timer_start(&sv->fold_timer, on_fold_timer, fold, fold);
  uv_timer_start(&sv->anchor_timer, on_anchor_timer, anchor, anchor);
  td_feed_start(sv->srv.feed);
  td_replica_start(sv->srv.replica);
}

static void on_db_up(void *arg);

/* Once a day, while next year's holidays are only provisional from
 * calendar-warn-from on, the log says so. */
static void warn_calendar(struct serve *sv)
{
  td_day today = td_day_from_unix_vn((int64_t)time(NULL));
  char msg[128];

  if (today == sv->calendar_warned ||
      td_calendar_warning(&sv->srv, today, msg, sizeof(msg)) == NULL)
    return;
  sv->calendar_warned = today;
  td_warn("calendar: %s; an administrator of the nation must load the "
          "Government's announcement (tiepdan admin holidays load)",
          msg);
}

static void on_calendar_checked(void *arg, int ok)
{
  struct serve *sv = arg;

  if (!ok)
    td_warn("calendar: the daily check failed; next one in an hour");
  else
    warn_calendar(sv);
}

/* Every hour, so a new year (or day to warn on) is seen within the hour:
 * the years' calendars exist, the cache is fresh, and the warning logged. */
static void on_calendar_timer(uv_timer_t *t)
{
  struct serve *sv = t->data;

  if (sv->srv.pool == NULL)
    return;
  if (td_calendar_ensure_years(&sv->srv,
                               td_day_from_unix_vn((int64_t)time(NULL)),
                               on_calendar_checked, sv) != 0)
    td_warn("calendar: the database is unavailable; next check in an hour");
}

static void on_calendar_retry(uv_timer_t *t)
{
  on_db_up(t->data);
}

/* Clients are told the names of the reference codes in Hello: serve only
 * once they are loaded too. */
static void on_terms(void *arg, const struct td_terms_loaded *res)
{
  struct serve *sv = arg;

  if (sv->listening || sv->draining) {
    td_terms_free(res->terms);
    return;
  }
  if (res->err != 0) {
    td_error("cannot load the names of the reference codes (is the schema "
             "migrated? run tiepdand --migrate); retrying");
    uv_timer_start(&sv->summary_timer, on_calendar_retry, 2000, 0);
    return;
  }
  td_terms_free(sv->srv.terms);
  sv->srv.terms = res->terms;
  start_listening(sv);
}

static void load_terms(struct serve *sv)
{
  struct td_db db = {sv->srv.pool, NULL, NULL, NULL, NULL};

  if (td_db_terms_load(&db, on_terms, sv) != 0)
    uv_timer_start(&sv->summary_timer, on_calendar_retry, 2000, 0);
}

/* Deadlines need the rules and holidays: serve only once they are loaded. */
static void on_calendar_ready(void *arg, int ok)
{
  struct serve *sv = arg;

  if (sv->listening || sv->draining)
    return;
  if (ok) {
    warn_calendar(sv);
    uv_timer_start(&sv->calendar_timer, on_calendar_timer, 3600 * 1000,
                   3600 * 1000);
    load_terms(sv);
    return;
  }
  td_error("cannot load deadline rules and holidays (is the schema migrated? "
           "run tiepdand --migrate); retrying");
  uv_timer_start(&sv->summary_timer, on_calendar_retry, 2000, 0);
}

/* Start-up order: bind the port (fail fast if taken), connect the pool, and
 * only when PostgreSQL answers start accepting, so no client is ever told
 * the database is missing merely because the server is starting. */
static void on_db_up(void *arg)
{
  struct serve *sv = arg;

  if (sv->listening || sv->draining)
    return;
  if (td_calendar_ensure_years(&sv->srv,
                               td_day_from_unix_vn((int64_t)time(NULL)),
                               on_calendar_ready, sv) != 0)
    uv_timer_start(&sv->summary_timer, on_calendar_retry, 2000, 0);
}

static void init_timer(struct serve *sv, uv_timer_t *t)
{
  uv_timer_init(sv->srv.loop, t);
  t->data = sv;
}

/* The metrics and health listener, unless metrics-listen is off. Returns 0,
 * or -1 when its address cannot be bound: then the server does not start. */
static int start_metrics(struct serve *sv, struct td_httpd **httpd)
{
  const struct td_config *cfg = sv->srv.cfg;
  char err[512];
  int port;

  *httpd = NULL;
  td_observe_certificates(sv->net.ssl_ctx, cfg->ca);
  if (cfg->metrics_host == NULL)
    return 0;
  *httpd = td_httpd_start(cfg, &port, err, sizeof(err));
  if (*httpd == NULL) {
    td_error("%s", err);
    return -1;
  }
  td_info("metrics on %s%s%s:%d", strchr(cfg->metrics_host, ':') ? "[" : "",
          cfg->metrics_host, strchr(cfg->metrics_host, ':') ? "]" : "", port);
  return 0;
}

/* How job_runs and the logs of several servers tell this one apart. */
static void name_server(struct td_server *srv)
{
  char host[64];
  size_t len = sizeof(host);

  if (uv_os_gethostname(host, &len) != 0)
    snprintf(host, sizeof(host), "localhost");
  snprintf(srv->name, sizeof(srv->name), "%s:%d pid %d", host,
           srv->cfg->listen_port, (int)uv_os_getpid());
}

int td_server_run(struct td_config *cfg, const struct td_reconfig *hooks)
{
  struct td_httpd *httpd;
  struct serve *sv;
  char err[512];
  uint64_t watchdog_us = 0;
  int rc = 0;

  sv = td_xcalloc(1, sizeof(*sv));
  sv->cfg = cfg;
  sv->hooks = hooks;
  sv->srv.cfg = cfg;
  sv->srv.loop = uv_default_loop();
  sv->net.loop = sv->srv.loop;
  sv->net.cfg = cfg;
  sv->net.proto = &td_session_proto;
  sv->net.proto_arg = &sv->srv;
  sv->net.nconns = &sv->srv.nconns;
  sv->net.on_empty = on_no_connections;
  sv->net.empty_arg = sv;
  sv->net.ssl_ctx =
      td_tls_server_ctx(cfg->cert, cfg->key, cfg->ca, err, sizeof(err));
  if (sv->net.ssl_ctx == NULL) {
    td_error("%s", err);
    free(sv);
    return 1;
  }
  seal_keep(&sv->srv, sv->net.ssl_ctx);
  if (crl_start(sv) != 0) {
    seal_free(&sv->srv);
    SSL_CTX_free(sv->net.ssl_ctx);
    free(sv);
    return 1;
  }
  td_net_check_descriptors(&sv->net);
  if (td_net_bind(&sv->net) != 0) {
    uv_run(sv->srv.loop, UV_RUN_DEFAULT);
    seal_free(&sv->srv);
    SSL_CTX_free(sv->net.ssl_ctx);
    free(sv);
    return 1;
  }
  if (start_metrics(sv, &httpd) != 0) {
    td_net_drain(&sv->net);
    uv_run(sv->srv.loop, UV_RUN_DEFAULT);
    SSL_CTX_free(sv->net.ssl_ctx);
    free(sv);
    return 1;
  }
  uv_signal_init(sv->srv.loop, &sv->sigterm);
  uv_signal_init(sv->srv.loop, &sv->sigint);
  sv->sigterm.data = sv->sigint.data = sv;
  uv_signal_start(&sv->sigterm, on_signal, SIGTERM);
  uv_signal_start(&sv->sigint, on_signal, SIGINT);
  uv_signal_init(sv->srv.loop, &sv->sighup);
  sv->sighup.data = sv;
  uv_signal_start(&sv->sighup, on_sighup, SIGHUP);
  init_timer(sv, &sv->drain_timer);
  init_timer(sv, &sv->crl_timer);
  if (cfg->crl != NULL)
    uv_timer_start(&sv->crl_timer, on_crl_timer, CRL_LOOK_MS, CRL_LOOK_MS);
  init_timer(sv, &sv->summary_timer);
  init_timer(sv, &sv->fold_timer);
  init_timer(sv, &sv->calendar_timer);
  init_timer(sv, &sv->anchor_timer);
  init_timer(sv, &sv->watchdog);
  if (sd_watchdog_enabled(0, &watchdog_us) > 0 && watchdog_us >= 2000) {
    uv_timer_start(&sv->watchdog, on_watchdog, 0, watchdog_us / 2000);
    td_info("systemd watchdog: a ping every %llu ms",
            (unsigned long long)(watchdog_us / 2000));
  }
  (void)sd_notify(0, "STATUS=waiting for the database");
  sv->srv.feed = td_feed_new(&sv->srv);
  sv->srv.started_ns = uv_hrtime();
  name_server(&sv->srv);
  td_info("tiepdand %s starting; waiting for the database", TD_VERSION);
  sv->srv.pool = td_pool_new(sv->srv.loop, cfg->db, "read-write",
                             cfg->pool_size, on_db_up, sv);
  sv->srv.replica = td_replica_new(&sv->srv);
  sv->srv.submits = td_submits_new(sv->srv.loop, &sv->srv.pool);
  if (cfg->metrics_host != NULL)
    sv->observe = td_observe_start(&sv->srv);
  uv_run(sv->srv.loop, UV_RUN_DEFAULT);
  td_httpd_stop(httpd);
  if (uv_loop_close(sv->srv.loop) != 0) {
    td_error("loop closed with handles still open");
    rc = 1;
  }
  seal_free(&sv->srv);
  SSL_CTX_free(sv->net.ssl_ctx);
  td_calendar_free(sv->srv.calendar);
  td_terms_free(sv->srv.terms);
  td_feed_free(sv->srv.feed);
  free(sv);
  return rc;
}
