/*
 * Serving: one libuv loop carrying the TLS listener, every client connection
 * and the PostgreSQL pool, and the graceful stop.
 *
 * Start-up order: bind the port (fail fast if taken), connect the pool, and
 * only when PostgreSQL answers start accepting, so no client is ever told
 * the database is missing merely because the server is starting.
 */
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ssl.h>

#include "calendar.h"
#include "conn.h"
#include "feed.h"
#include "log.h"
#include "store.h"
#include "server.h"
#include "tls.h"

/* Serving ----------------------------------------------------------------- */

static void stop_everything(struct td_server *srv)
{
  if (srv->stopped)
    return;
  srv->stopped = 1;
  uv_close((uv_handle_t *)&srv->drain_timer, NULL);
  uv_close((uv_handle_t *)&srv->summary_timer, NULL);
  uv_close((uv_handle_t *)&srv->fold_timer, NULL);
  td_feed_stop(srv->feed);
  uv_close((uv_handle_t *)&srv->sigterm, NULL);
  uv_close((uv_handle_t *)&srv->sigint, NULL);
  if (srv->pool != NULL) {
    td_pool_close(srv->pool, NULL, NULL);
    srv->pool = NULL;
  }
  td_info("stopped");
}

void td_server_conn_gone(struct td_server *srv)
{
  if (srv->draining && srv->nconns == 0)
    stop_everything(srv);
}

static void on_drain_timeout(uv_timer_t *t)
{
  struct td_server *srv = t->data;
  struct td_pool *pool = srv->pool;

  td_warn("drain timeout: %d connection(s) still busy; closing them",
          srv->nconns);
  td_conn_close_all(srv, "drain timeout");
  /* Queries still out fail now, which releases the last requests. */
  srv->pool = NULL;
  if (pool != NULL)
    td_pool_close(pool, NULL, NULL);
}

void td_server_drain(struct td_server *srv)
{
  if (srv->draining)
    return;
  srv->draining = 1;
  td_info("stopping: no new connections; finishing %d connection(s)",
          srv->nconns);
  uv_close((uv_handle_t *)&srv->listener, NULL);
  uv_timer_stop(&srv->fold_timer);
  /* Parked polls are answered now, so their connections can close. */
  td_feed_stop(srv->feed);
  td_conn_drain_all(srv);
  uv_timer_start(&srv->drain_timer, on_drain_timeout,
                 (uint64_t)srv->cfg->drain_timeout_ms, 0);
  td_server_conn_gone(srv);
}

static void on_signal(uv_signal_t *h, int signum)
{
  td_info("received %s", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  td_server_drain(h->data);
}

static void on_connection(uv_stream_t *listener, int status)
{
  struct td_server *srv = listener->data;

  if (status < 0) {
    td_warn("accept: %s", uv_strerror(status));
    return;
  }
  td_conn_accept(srv);
}

/* The daily line per commune: what is open, overdue and due within 3 days. */
static void on_summary(void *arg, PGresult *res)
{
  struct td_server *srv = arg;
  int i;

  (void)srv;
  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
    td_warn("summary: %s",
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
    return;
  }
  for (i = 0; i < PQntuples(res); i++)
    td_info("summary day=%s unit=%s name=\"%s\" open=%s overdue=%s "
            "due_within_3_days=%s",
            PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
            PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
            PQgetvalue(res, i, 5));
}

static void on_summary_timer(uv_timer_t *t)
{
  struct td_server *srv = t->data;
  char today[11];
  const char *params[1] = {today};

  td_day_format(td_day_from_unix_vn((int64_t)time(NULL)), today);
  if (td_pool_query(srv->pool, td_store_sql_summary, 1, params, on_summary,
                    srv) != 0)
    td_warn("summary: the database is unavailable; next one tomorrow");
  else
    srv->background_queries++;
}

static void on_fold(void *arg, PGresult *res)
{
  struct td_server *srv = arg;

  srv->fold_in_flight = 0;
  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
    td_warn("statistics fold: %s",
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
    return;
  }
  if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "0") != 0)
    srv->folds++;
}

/* Moves the statistics changes of the last interval into the rollup. */
static void on_fold_timer(uv_timer_t *t)
{
  struct td_server *srv = t->data;

  if (srv->fold_in_flight || srv->pool == NULL)
    return;
  if (td_pool_query(srv->pool, td_store_sql_fold, 0, NULL, on_fold, srv) != 0)
    return;
  srv->fold_in_flight = 1;
  srv->background_queries++;
}

static void start_listening(struct td_server *srv)
{
  uint64_t every = (uint64_t)srv->cfg->summary_interval_ms;
  int rc;

  rc = uv_listen((uv_stream_t *)&srv->listener, 1024, on_connection);
  if (rc != 0) {
    td_error("listen on %s:%d: %s", srv->cfg->listen_host,
             srv->cfg->listen_port, uv_strerror(rc));
    td_server_drain(srv);
    return;
  }
  srv->listening = 1;
  td_info("listening on %s:%d", srv->cfg->listen_host, srv->cfg->listen_port);
  uv_timer_start(&srv->summary_timer, on_summary_timer, every, every);
  uv_timer_start(&srv->fold_timer, on_fold_timer,
                 (uint64_t)srv->cfg->fold_interval_ms,
                 (uint64_t)srv->cfg->fold_interval_ms);
  td_feed_start(srv->feed);
}

static void on_db_up(void *arg);

static void on_calendar_retry(uv_timer_t *t)
{
  on_db_up(t->data);
}

/* Deadlines need the rules and holidays: serve only once they are loaded. */
static void on_calendar_ready(void *arg, int ok)
{
  struct td_server *srv = arg;

  if (srv->listening || srv->draining)
    return;
  if (ok) {
    start_listening(srv);
    return;
  }
  td_error("cannot load deadline rules and holidays (is the schema migrated? "
           "run tiepdand --migrate); retrying");
  uv_timer_start(&srv->summary_timer, on_calendar_retry, 2000, 0);
}

static void on_db_up(void *arg)
{
  struct td_server *srv = arg;

  if (srv->listening || srv->draining)
    return;
  if (td_calendar_reload(srv, on_calendar_ready, srv) != 0)
    uv_timer_start(&srv->summary_timer, on_calendar_retry, 2000, 0);
}

/* Resolves the listen address before the loop runs (getaddrinfo blocks). */
static int bind_listener(struct td_server *srv)
{
  struct addrinfo hints;
  struct addrinfo *ai = NULL;
  char port[8];
  int rc;

  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  snprintf(port, sizeof(port), "%d", srv->cfg->listen_port);
  rc = getaddrinfo(srv->cfg->listen_host, port, &hints, &ai);
  if (rc != 0) {
    td_error("listen address %s: %s", srv->cfg->listen_host, gai_strerror(rc));
    return -1;
  }
  uv_tcp_init(srv->loop, &srv->listener);
  srv->listener.data = srv;
  rc = uv_tcp_bind(&srv->listener, ai->ai_addr, 0);
  freeaddrinfo(ai);
  if (rc != 0) {
    td_error("bind %s:%d: %s", srv->cfg->listen_host, srv->cfg->listen_port,
             uv_strerror(rc));
    uv_close((uv_handle_t *)&srv->listener, NULL);
    return -1;
  }
  return 0;
}

int td_server_run(const struct td_config *cfg)
{
  struct td_server *srv;
  char err[512];
  int rc = 0;

  srv = td_xcalloc(1, sizeof(*srv));
  srv->cfg = cfg;
  srv->loop = uv_default_loop();
  srv->ssl_ctx =
      td_tls_server_ctx(cfg->cert, cfg->key, cfg->ca, err, sizeof(err));
  if (srv->ssl_ctx == NULL) {
    td_error("%s", err);
    free(srv);
    return 1;
  }
  if (bind_listener(srv) != 0) {
    uv_run(srv->loop, UV_RUN_DEFAULT);
    SSL_CTX_free(srv->ssl_ctx);
    free(srv);
    return 1;
  }
  uv_signal_init(srv->loop, &srv->sigterm);
  uv_signal_init(srv->loop, &srv->sigint);
  srv->sigterm.data = srv->sigint.data = srv;
  uv_signal_start(&srv->sigterm, on_signal, SIGTERM);
  uv_signal_start(&srv->sigint, on_signal, SIGINT);
  uv_timer_init(srv->loop, &srv->drain_timer);
  srv->drain_timer.data = srv;
  uv_timer_init(srv->loop, &srv->summary_timer);
  srv->summary_timer.data = srv;
  uv_timer_init(srv->loop, &srv->fold_timer);
  srv->fold_timer.data = srv;
  srv->feed = td_feed_new(srv);
  srv->started_ns = uv_hrtime();
  td_info("tiepdand %s starting; waiting for the database", TD_VERSION);
  srv->pool = td_pool_new(srv->loop, cfg->db, cfg->pool_size, on_db_up, srv);
  uv_run(srv->loop, UV_RUN_DEFAULT);
  if (uv_loop_close(srv->loop) != 0) {
    td_error("loop closed with handles still open");
    rc = 1;
  }
  SSL_CTX_free(srv->ssl_ctx);
  td_calendar_free(srv->calendar);
  td_feed_free(srv->feed);
  free(srv);
  return rc;
}
