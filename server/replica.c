/* The read pool and its freshness; see replica.h. */
#include "replica.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/log.h"

#define PROBE_MS 200
#define SAMPLES 64      /* Primary positions waiting for the replica. */
#define PRINCIPALS 1024 /* Last writes remembered (a direct-mapped cache). */

/* The primary's WAL insert position, and a replica's replay position (its
 * own insert position if it is no standby: read-db naming the primary). */
static const char SQL_PRIMARY_LSN[] =
    "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn";
static const char SQL_REPLICA_LSN[] =
    "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
    "            ELSE pg_current_wal_insert_lsn() END - '0/0'::pg_lsn";

struct sample {
  uint64_t ns;  /* Asked at. */
  uint64_t lsn; /* Every commit acknowledged before ns is below. */
};

struct wrote {
  int principal; /* 0: empty. */
  uint64_t ns;
};

struct td_replica {
  struct td_server *srv;
  struct td_pool *pool;
  uv_timer_t timer;
  unsigned in_flight : 1;
  unsigned closing : 1;
  unsigned timer_closed : 1;
  uint64_t probe_ns;   /* The sample in flight. */
  uint64_t reconnects; /* The read pool's, at the last probe. */
  struct sample samples[SAMPLES];
  int nsamples;
  uint64_t visible_ns; /* 0: not vouched for. */
  uint64_t last_lsn;   /* The primary's newest position seen. */
  int64_t lag_bytes;
  uint64_t reads_replica;
  uint64_t reads_primary;
  struct wrote wrote[PRINCIPALS];
};

static int parse_lsn(PGresult *res, uint64_t *out)
{
  char *end;

  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
      PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
    return -1;
  *out = strtoull(PQgetvalue(res, 0, 0), &end, 10);
  return *end == '\0' || *end == '.' ? 0 : -1;
}

/* The newest sample the replica at position lsn holds: the replica is
 * visible up to its moment; the samples before it are done with. */
static void replayed(struct td_replica *r, uint64_t lsn)
{
  int best = -1;
  int i;

  for (i = 0; i < r->nsamples; i++)
    if (r->samples[i].lsn <= lsn)
      best = i;
  r->lag_bytes = r->last_lsn > lsn ? (int64_t)(r->last_lsn - lsn) : 0;
  if (best < 0)
    return;
  if (r->samples[best].ns > r->visible_ns)
    r->visible_ns = r->samples[best].ns;
  memmove(r->samples, r->samples + best,
          sizeof(r->samples[0]) * (size_t)(r->nsamples - best));
  r->nsamples -= best;
}

/* Freed once closed and no probe is out: the write pool may answer one
 * after the read pool has gone. */
static void maybe_free(struct td_replica *r)
{
  if (r->closing && r->timer_closed && !r->in_flight)
    free(r);
}

static void on_replica_lsn(void *arg, PGresult *res)
{
  struct td_replica *r = arg;
  struct td_pool_stats ps;
  uint64_t lsn;

  r->in_flight = 0;
  if (r->closing) {
    maybe_free(r);
    return;
  }
  td_pool_stats(r->pool, &ps);
  if (ps.reconnects != r->reconnects) {
    /* Connections made again may reach another replica: start over. */
    r->reconnects = ps.reconnects;
    r->visible_ns = 0;
    r->nsamples = 0;
    return;
  }
  if (parse_lsn(res, &lsn) == 0)
    replayed(r, lsn);
}

static void on_primary_lsn(void *arg, PGresult *res)
{
  struct td_replica *r = arg;
  uint64_t lsn;

  if (r->closing) {
    r->in_flight = 0;
    maybe_free(r);
    return;
  }
  if (parse_lsn(res, &lsn) != 0) {
    r->in_flight = 0;
    return;
  }
  if (r->nsamples == SAMPLES) {
    memmove(r->samples, r->samples + 1, sizeof(r->samples[0]) * (SAMPLES - 1));
    r->nsamples--;
  }
  r->samples[r->nsamples].ns = r->probe_ns;
  r->samples[r->nsamples].lsn = lsn;
  r->nsamples++;
  r->last_lsn = lsn;
  if (td_pool_query(r->pool, SQL_REPLICA_LSN, 0, NULL, on_replica_lsn, r) != 0)
    r->in_flight = 0;
}

static void on_probe(uv_timer_t *t)
{
  struct td_replica *r = t->data;
  struct td_pool *primary = r->srv->pool;

  if (r->in_flight || primary == NULL)
    return;
  r->probe_ns = uv_hrtime();
  if (td_pool_query(primary, SQL_PRIMARY_LSN, 0, NULL, on_primary_lsn, r) == 0)
    r->in_flight = 1;
}

struct td_replica *td_replica_new(struct td_server *srv)
{
  struct td_replica *r;

  if (srv->cfg->read_db == NULL)
    return NULL;
  r = td_xcalloc(1, sizeof(*r));
  r->srv = srv;
  r->pool = td_pool_new(srv->loop, srv->cfg->read_db, "prefer-standby",
                        srv->cfg->read_pool_size, NULL, NULL);
  uv_timer_init(srv->loop, &r->timer);
  r->timer.data = r;
  td_info("read pool: %d connection(s) to the replicas; reads go there "
          "while they keep within %d s of the primary",
          srv->cfg->read_pool_size, srv->cfg->read_max_lag_ms / 1000);
  return r;
}

void td_replica_start(struct td_replica *r)
{
  if (r != NULL && !uv_is_active((uv_handle_t *)&r->timer))
    uv_timer_start(&r->timer, on_probe, 0, PROBE_MS);
}

static void on_timer_closed(uv_handle_t *h)
{
  struct td_replica *r = h->data;

  r->timer_closed = 1;
  maybe_free(r);
}

static void on_pool_closed(void *arg)
{
  struct td_replica *r = arg;

  uv_close((uv_handle_t *)&r->timer, on_timer_closed);
}

void td_replica_close(struct td_replica *r)
{
  if (r == NULL || r->closing)
    return;
  r->closing = 1;
  uv_timer_stop(&r->timer);
  td_pool_close(r->pool, on_pool_closed, r);
}

uint64_t td_replica_visible_ns(const struct td_server *srv)
{
  const struct td_replica *r = srv->replica;
  struct td_pool_stats ps;

  if (r == NULL || r->closing || r->visible_ns == 0)
    return 0;
  td_pool_stats(r->pool, &ps);
  if (ps.up == 0 || uv_hrtime() - r->visible_ns >
                        (uint64_t)srv->cfg->read_max_lag_ms * 1000000u)
    return 0;
  return r->visible_ns;
}

struct td_pool *td_replica_pool_for(struct td_server *srv, uint64_t need_ns)
{
  struct td_replica *r = srv->replica;
  uint64_t visible = td_replica_visible_ns(srv);

  if (r == NULL)
    return srv->pool;
  if (visible == 0 || need_ns > visible) {
    r->reads_primary++;
    return srv->pool;
  }
  r->reads_replica++;
  return r->pool;
}

void td_replica_wrote(struct td_server *srv, int principal, uint64_t now_ns)
{
  struct td_replica *r = srv->replica;
  struct wrote *w;

  if (r == NULL || principal <= 0)
    return;
  w = &r->wrote[(unsigned)principal % PRINCIPALS];
  w->principal = principal;
  w->ns = now_ns;
}

uint64_t td_replica_need(struct td_server *srv, int principal, uint64_t now_ns)
{
  struct td_replica *r = srv->replica;
  struct wrote *w;

  if (r == NULL || principal <= 0)
    return now_ns;
  w = &r->wrote[(unsigned)principal % PRINCIPALS];
  if (w->principal != principal) {
    /* Not known here (or pushed out by another): he may have written a
     * moment ago, through another server. From now on he is known. */
    w->principal = principal;
    w->ns = now_ns;
  }
  return w->ns;
}

void td_replica_status(const struct td_server *srv,
                       struct td_replica_status *out)
{
  const struct td_replica *r = srv->replica;
  struct td_pool_stats ps;

  memset(out, 0, sizeof(*out));
  out->lag_us = -1;
  out->lag_bytes = -1;
  if (r == NULL)
    return;
  out->configured = 1;
  td_pool_stats(r->pool, &ps);
  out->up = ps.up;
  if (r->visible_ns != 0 && !r->closing) {
    out->lag_us = (int64_t)((uv_hrtime() - r->visible_ns) / 1000u);
    out->lag_bytes = r->lag_bytes;
  }
  out->reads_replica = r->reads_replica;
  out->reads_primary = r->reads_primary;
}
