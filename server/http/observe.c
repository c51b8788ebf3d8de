/* What the loop publishes for the metrics listener; see observe.h. */
#include "http/observe.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/pool.h"
#include "feed.h"
#include "replica.h"
#include "util/arena.h"
#include "util/metrics.h"

struct td_observe {
  uv_timer_t timer;
  struct td_server *srv;
};

static void publish(struct td_server *srv)
{
  struct td_pool_stats ps;
  struct td_feed_status fs;
  struct td_replica_status rs;

  if (srv->pool != NULL) {
    td_pool_stats(srv->pool, &ps);
    TD_METRIC_SET(pool_idle, ps.idle);
    TD_METRIC_SET(pool_busy, ps.busy);
    TD_METRIC_SET(pool_connecting, ps.connecting);
    TD_METRIC_SET(pool_down, ps.down);
    TD_METRIC_SET(pool_queued, ps.queued);
  } else {
    /* Stopping: the pool is gone. */
    TD_METRIC_SET(pool_idle, 0);
    TD_METRIC_SET(pool_busy, 0);
    TD_METRIC_SET(pool_connecting, 0);
    TD_METRIC_SET(pool_queued, 0);
  }
  if (srv->feed != NULL) {
    td_feed_status(srv->feed, &fs);
    TD_METRIC_SET(feed_horizon, fs.horizon);
    TD_METRIC_SET(feed_parked, (int64_t)fs.parked);
  }
  td_replica_status(srv, &rs);
  TD_METRIC_SET(read_configured, rs.configured);
  TD_METRIC_SET(read_up, rs.up);
  TD_METRIC_SET(read_lag_us, rs.lag_us);
  TD_METRIC_SET(read_lag_bytes, rs.lag_bytes);
  TD_METRIC_SET(reads_replica, rs.reads_replica);
  TD_METRIC_SET(reads_primary, rs.reads_primary);
  TD_METRIC_SET(published, 1);
}

static void on_timer(uv_timer_t *t)
{
  struct td_observe *o = t->data;

  publish(o->srv);
}

struct td_observe *td_observe_start(struct td_server *srv)
{
  struct td_observe *o = td_xcalloc(1, sizeof(*o));

  o->srv = srv;
  uv_timer_init(srv->loop, &o->timer);
  o->timer.data = o;
  TD_METRIC_SET(start_time, (int64_t)time(NULL));
  publish(srv);
  uv_timer_start(&o->timer, on_timer, TD_OBSERVE_EVERY_MS, TD_OBSERVE_EVERY_MS);
  return o;
}

static void on_closed(uv_handle_t *h)
{
  free(h->data);
}

void td_observe_stop(struct td_observe *o)
{
  if (o == NULL)
    return;
  publish(o->srv);
  uv_close((uv_handle_t *)&o->timer, on_closed);
}

void td_observe_serving(struct td_observe *o)
{
  if (o != NULL)
    publish(o->srv);
  TD_METRIC_SET(serving, 1);
}

void td_observe_draining(void)
{
  TD_METRIC_SET(draining, 1);
}

/* A certificate's notAfter in unix seconds, or 0. */
static int64_t not_after(const X509 *x)
{
  const ASN1_TIME *t = X509_get0_notAfter(x);
  struct tm tm;

  if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
    return 0;
  return (int64_t)timegm(&tm);
}

void td_observe_certificates(struct ssl_ctx_st *ctx, const char *ca_file)
{
  X509 *cert = SSL_CTX_get0_certificate(ctx);
  int64_t soonest = 0;
  FILE *f;

  if (cert != NULL)
    TD_METRIC_SET(cert_server_expiry, not_after(cert));
  f = ca_file != NULL ? fopen(ca_file, "r") : NULL;
  if (f == NULL)
    return;
  for (;;) {
    X509 *ca = PEM_read_X509(f, NULL, NULL, NULL);
    int64_t t;

    if (ca == NULL)
      break;
    t = not_after(ca);
    if (t != 0 && (soonest == 0 || t < soonest))
      soonest = t;
    X509_free(ca);
  }
  ERR_clear_error();
  fclose(f);
  TD_METRIC_SET(cert_ca_expiry, soonest);
}
