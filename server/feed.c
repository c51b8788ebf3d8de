/* The change feed's horizon, the principals' version, parked polls; see
 * feed.h. */
#include "feed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "store.h"

#define MARKS_MAX 64
#define SETTLING_MS 20 /* Between marks while events wait to be final. */
#define POKE_MS 5      /* After a request wrote. */
#define SWEEP_MS 50    /* How often parked polls are checked for time out. */

/* A mark not yet final: every event up to seq belongs to a transaction with
 * an id below xid. */
struct mark {
  uint64_t seq;
  uint64_t xid;
};

struct parked {
  struct td_req *req;
  uint64_t since;
  uint64_t deadline_ns;
  void (*wake)(struct td_req *req, int timed_out);
  struct parked *prev;
  struct parked *next;
};

struct td_feed {
  struct td_server *srv;
  uv_timer_t mark_timer;
  uv_timer_t sweep_timer;
  unsigned stopped : 1;
  unsigned in_flight : 1;
  unsigned again : 1; /* Mark again as soon as the one in flight returns. */
  uint64_t horizon;
  uint64_t last_seq;
  struct mark marks[MARKS_MAX];
  int nmarks;
  uint64_t principals; /* Version from the last mark; 0: none usable. */
  uint64_t gen;        /* Bumped when the principals change here. */
  uint64_t sent_gen;   /* gen when the mark in flight was sent. */
  uint64_t last_ok_ns;
  uint64_t marks_sent;
  int warned;
  struct parked *parked;
  unsigned nparked;
};

static const char SQL_MARK[] =
    "SELECT last_seq, coalesce(mark_xid::text, '0'), xmin::text, principals"
    "  FROM td_feed_mark($1::bigint)";

static void send_mark(struct td_feed *f);

static void on_mark_timer(uv_timer_t *t)
{
  send_mark(t->data);
}

/* Marks within delay_ms, or sooner if already due sooner. */
static void schedule(struct td_feed *f, uint64_t delay_ms)
{
  if (f->stopped)
    return;
  if (f->in_flight) {
    if (delay_ms < SETTLING_MS)
      f->again = 1;
    return;
  }
  if (uv_is_active((uv_handle_t *)&f->mark_timer) &&
      uv_timer_get_due_in(&f->mark_timer) <= delay_ms)
    return;
  uv_timer_start(&f->mark_timer, on_mark_timer, delay_ms, 0);
}

static void unlink_parked(struct td_feed *f, struct parked *p)
{
  if (p->prev != NULL)
    p->prev->next = p->next;
  else
    f->parked = p->next;
  if (p->next != NULL)
    p->next->prev = p->prev;
  p->prev = p->next = NULL;
  f->nparked--;
  if (f->nparked == 0)
    uv_timer_stop(&f->sweep_timer);
}

/* Wakes the parked polls `pick` chooses. They are unlinked first, so a
 * wake may park its request again. */
static void wake_where(struct td_feed *f,
                       int (*pick)(const struct td_feed *f,
                                   const struct parked *p, const void *arg),
                       const void *arg, int timed_out)
{
  struct parked *ready = NULL;
  struct parked *p;
  struct parked *next;

  for (p = f->parked; p != NULL; p = next) {
    next = p->next;
    if (pick(f, p, arg)) {
      unlink_parked(f, p);
      p->next = ready;
      ready = p;
    }
  }
  for (p = ready; p != NULL; p = next) {
    next = p->next;
    p->wake(p->req, timed_out);
  }
}

static int pick_passed(const struct td_feed *f, const struct parked *p,
                       const void *arg)
{
  (void)arg;
  return p->since < f->horizon;
}

static int pick_expired(const struct td_feed *f, const struct parked *p,
                        const void *arg)
{
  (void)f;
  return p->deadline_ns <= *(const uint64_t *)arg;
}

static int pick_conn(const struct td_feed *f, const struct parked *p,
                     const void *arg)
{
  (void)f;
  return p->req->conn == arg;
}

static int pick_all(const struct td_feed *f, const struct parked *p,
                    const void *arg)
{
  (void)f;
  (void)p;
  (void)arg;
  return 1;
}

static void advance(struct td_feed *f, uint64_t seq)
{
  if (seq > f->horizon)
    f->horizon = seq;
}

static void push_mark(struct td_feed *f, uint64_t seq, uint64_t xid)
{
  if (f->nmarks > 0 && f->marks[f->nmarks - 1].seq >= seq)
    return; /* The older mark says as much and settles sooner. */
  if (f->nmarks == MARKS_MAX)
    f->nmarks--; /* Replace the newest: later and larger is still true. */
  f->marks[f->nmarks].seq = seq;
  f->marks[f->nmarks].xid = xid;
  f->nmarks++;
}

static int parse_u64(const PGresult *res, int col, uint64_t *out)
{
  char *end;

  if (PQgetisnull(res, 0, col))
    return -1;
  *out = strtoull(PQgetvalue(res, 0, col), &end, 10);
  return *end == '\0' ? 0 : -1;
}

static void on_mark(void *arg, PGresult *res)
{
  struct td_feed *f = arg;
  uint64_t seq;
  uint64_t xid;
  uint64_t xmin;
  uint64_t version;

  f->in_flight = 0;
  if (f->stopped)
    return;
  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
      PQntuples(res) != 1 || parse_u64(res, 0, &seq) != 0 ||
      parse_u64(res, 1, &xid) != 0 || parse_u64(res, 2, &xmin) != 0 ||
      parse_u64(res, 3, &version) != 0) {
    if (!f->warned)
      td_warn("feed: cannot mark: %s",
              res != NULL ? PQresultErrorMessage(res) : "connection lost");
    f->warned = 1;
    f->again = 0;
    schedule(f, (uint64_t)f->srv->cfg->feed_interval_ms);
    return;
  }
  f->warned = 0;
  f->last_ok_ns = uv_hrtime();
  if (f->sent_gen == f->gen)
    f->principals = version;
  else
    f->again = 1; /* The principals changed while this mark was out. */
  /* xmin was read before this mark's own id was taken: it settles the
   * marks before this one; this one waits for the next. */
  while (f->nmarks > 0 && f->marks[0].xid <= xmin) {
    advance(f, f->marks[0].seq);
    memmove(&f->marks[0], &f->marks[1],
            sizeof(f->marks[0]) * (size_t)(f->nmarks - 1));
    f->nmarks--;
  }
  if (seq > f->horizon && xid != 0)
    push_mark(f, seq, xid);
  if (seq > f->last_seq)
    f->last_seq = seq;
  wake_where(f, pick_passed, NULL, 0);
  if (f->again) {
    f->again = 0;
    schedule(f, 0);
  } else {
    schedule(f, f->nmarks > 0 ? SETTLING_MS
                              : (uint64_t)f->srv->cfg->feed_interval_ms);
  }
}

static void send_mark(struct td_feed *f)
{
  char horizon[24];
  const char *params[1] = {horizon};

  if (f->stopped || f->in_flight || f->srv->pool == NULL)
    return;
  snprintf(horizon, sizeof(horizon), "%" PRIu64, f->horizon);
  if (td_pool_query(f->srv->pool, SQL_MARK, 1, params, on_mark, f) != 0) {
    schedule(f, (uint64_t)f->srv->cfg->feed_interval_ms);
    return;
  }
  f->in_flight = 1;
  f->sent_gen = f->gen;
  f->marks_sent++;
  f->srv->background_queries++;
}

static void on_sweep(uv_timer_t *t)
{
  struct td_feed *f = t->data;
  uint64_t now = uv_hrtime();

  wake_where(f, pick_expired, &now, 1);
}

struct td_feed *td_feed_new(struct td_server *srv)
{
  struct td_feed *f = td_xcalloc(1, sizeof(*f));

  f->srv = srv;
  uv_timer_init(srv->loop, &f->mark_timer);
  uv_timer_init(srv->loop, &f->sweep_timer);
  f->mark_timer.data = f->sweep_timer.data = f;
  return f;
}

void td_feed_start(struct td_feed *f)
{
  schedule(f, 0);
}

void td_feed_stop(struct td_feed *f)
{
  if (f->stopped)
    return;
  wake_where(f, pick_all, NULL, 1);
  f->stopped = 1;
  uv_close((uv_handle_t *)&f->mark_timer, NULL);
  uv_close((uv_handle_t *)&f->sweep_timer, NULL);
}

void td_feed_free(struct td_feed *f)
{
  free(f);
}

void td_feed_poke(struct td_feed *f)
{
  schedule(f, POKE_MS);
}

void td_feed_principals_changed(struct td_feed *f)
{
  f->gen++;
  f->principals = 0;
  schedule(f, 0);
}

uint64_t td_feed_principals_version(const struct td_feed *f)
{
  uint64_t stale_ns = (uint64_t)f->srv->cfg->feed_interval_ms * 4000000u;

  if (stale_ns < 1000000000u)
    stale_ns = 1000000000u;
  if (f->principals == 0 || uv_hrtime() - f->last_ok_ns > stale_ns)
    return 0;
  return f->principals;
}

uint64_t td_feed_horizon(const struct td_feed *f)
{
  return f->horizon;
}

void td_feed_park(struct td_feed *f, struct td_req *req, uint64_t since,
                  uint64_t deadline_ns,
                  void (*wake)(struct td_req *req, int timed_out))
{
  struct parked *p;

  if (f->stopped) {
    wake(req, 1);
    return;
  }
  p = td_arena_alloc(&req->arena, sizeof(*p));
  p->req = req;
  p->since = since;
  p->deadline_ns = deadline_ns;
  p->wake = wake;
  p->prev = NULL;
  p->next = f->parked;
  if (f->parked != NULL)
    f->parked->prev = p;
  f->parked = p;
  if (f->nparked++ == 0)
    uv_timer_start(&f->sweep_timer, on_sweep, SWEEP_MS, SWEEP_MS);
}

void td_feed_conn_closed(struct td_feed *f, const struct td_conn *c)
{
  if (f->nparked > 0)
    wake_where(f, pick_conn, c, 1);
}

void td_feed_status(const struct td_feed *f, struct td_feed_status *out)
{
  out->horizon = f->horizon;
  out->last_seq = f->last_seq;
  out->marks = f->marks_sent;
  out->parked = f->nparked;
}
