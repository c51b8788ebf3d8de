/* The change feed's horizon, the principals' version, parked polls; see
 * feed.h. */
#include "feed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "db/feed.h"
#include "util/arena.h"

#define MARKS_MAX 64
#define SETTLING_MS 20 /* Between marks while events wait to be final. */
#define POKE_MS 5      /* After a request wrote. */
#define SWEEP_MS 50    /* How often parked polls are checked for time out. */
#define HISTORY 128    /* Horizons kept with their moment, for replicas. */

/* A mark not yet final: every event up to seq belongs to a transaction with
 * an id below xid. */
struct mark {
  uint64_t seq;
  uint64_t xid;
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
  /* The last horizons and when each became final (uv_hrtime()), oldest
   * first: what a replica may serve (td_feed_horizon_before). */
  struct {
    uint64_t seq;
    uint64_t ns;
  } history[HISTORY];
  int nhistory;
  struct mark marks[MARKS_MAX];
  int nmarks;
  uint64_t principals; /* Version from the last mark; 0: none usable. */
  uint64_t gen;        /* Bumped when the principals change here. */
  uint64_t sent_gen;   /* gen when the mark in flight was sent. */
  uint64_t last_ok_ns;
  uint64_t marks_sent;
  int warned;
  struct td_feed_wait *parked;
  unsigned nparked;
};

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

static void unlink_parked(struct td_feed *f, struct td_feed_wait *p)
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
                                   const struct td_feed_wait *p,
                                   const void *arg),
                       const void *arg, int timed_out)
{
  struct td_feed_wait *ready = NULL;
  struct td_feed_wait *p;
  struct td_feed_wait *next;

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
    p->wake(p->arg, timed_out);
  }
}

static int pick_passed(const struct td_feed *f, const struct td_feed_wait *p,
                       const void *arg)
{
  (void)arg;
  return p->since < f->horizon;
}

static int pick_expired(const struct td_feed *f, const struct td_feed_wait *p,
                        const void *arg)
{
  (void)f;
  return p->deadline_ns <= *(const uint64_t *)arg;
}

static int pick_owner(const struct td_feed *f, const struct td_feed_wait *p,
                      const void *arg)
{
  (void)f;
  return p->owner == arg;
}

static int pick_all(const struct td_feed *f, const struct td_feed_wait *p,
                    const void *arg)
{
  (void)f;
  (void)p;
  (void)arg;
  return 1;
}

static void advance(struct td_feed *f, uint64_t seq)
{
  if (seq <= f->horizon)
    return;
  f->horizon = seq;
  if (f->nhistory == HISTORY) {
    memmove(f->history, f->history + 1, sizeof(f->history[0]) * (HISTORY - 1));
    f->nhistory--;
  }
  f->history[f->nhistory].seq = seq;
  f->history[f->nhistory].ns = uv_hrtime();
  f->nhistory++;
}

uint64_t td_feed_horizon_before(const struct td_feed *f, uint64_t ns)
{
  int i;

  for (i = f->nhistory - 1; i >= 0; i--)
    if (f->history[i].ns <= ns)
      return f->history[i].seq;
  return 0;
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

static void on_mark(void *arg, const struct td_feed_marked *res)
{
  struct td_feed *f = arg;
  uint64_t seq = res->last_seq;
  uint64_t xid = res->xid;
  uint64_t xmin = res->xmin;
  uint64_t version = res->principals;

  f->in_flight = 0;
  if (f->stopped)
    return;
  if (res->err != 0) {
    if (!f->warned)
      td_warn("feed: cannot mark: %s", res->message);
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
  struct td_db db = {f->srv->pool, NULL, &f->srv->background_queries, NULL,
                     NULL};

  if (f->stopped || f->in_flight || f->srv->pool == NULL)
    return;
  if (td_db_feed_mark(&db, f->horizon, on_mark, f) != 0) {
    schedule(f, (uint64_t)f->srv->cfg->feed_interval_ms);
    return;
  }
  f->in_flight = 1;
  f->sent_gen = f->gen;
  f->marks_sent++;
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

void td_feed_park(struct td_feed *f, struct td_feed_wait *p)
{
  if (f->stopped) {
    p->wake(p->arg, 1);
    return;
  }
  p->prev = NULL;
  p->next = f->parked;
  if (f->parked != NULL)
    f->parked->prev = p;
  f->parked = p;
  if (f->nparked++ == 0)
    uv_timer_start(&f->sweep_timer, on_sweep, SWEEP_MS, SWEEP_MS);
}

void td_feed_owner_gone(struct td_feed *f, const void *owner)
{
  if (f->nparked > 0)
    wake_where(f, pick_owner, owner, 1);
}

void td_feed_status(const struct td_feed *f, struct td_feed_status *out)
{
  out->horizon = f->horizon;
  out->last_seq = f->last_seq;
  out->marks = f->marks_sent;
  out->parked = f->nparked;
}
