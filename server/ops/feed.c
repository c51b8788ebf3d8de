/*
 * The change feed (Changes) and the server's status. A poll whose cursor is
 * at the horizon has nothing new to read: it is answered, or parked until
 * the horizon moves, from memory (feed.h). Only when events past the cursor
 * are final does the request read them from PostgreSQL.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "feed.h"
#include "replica.h"
#include "common/limits.h"
#include "db/feed.h"
#include "db/unit.h"
#include "ops/ops.h"
#include "domain/permit.h"
#include "domain/validate.h"

#define WAIT_MAX_MS (TD_CHANGES_WAIT_MAX_S * 1000)

struct changes_state {
  const char *unit_code; /* NULL: the caller's unit. */
  uint64_t since;        /* The cursor so far. */
  uint64_t upto;         /* The horizon the query in flight reads to. */
  uint64_t deadline_ns;  /* Until when a poll may wait. */
  int limit;
  struct td_feed_wait wait;
};

static void reply(struct td_req *req, Tiepdan__Event **events, size_t n,
                  uint64_t cursor, int more)
{
  Tiepdan__ChangesReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__changes_reply__init(r);
  r->n_events = n;
  r->events = events;
  r->has_cursor = 1;
  r->cursor = cursor;
  r->has_more = 1;
  r->more = more;
  env->body_case = TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY;
  env->changes_reply = r;
  td_req_reply(req, env);
}

static void step(struct td_req *req);

/* 1 if a store result may be used; else the request is answered. */
static int reached(struct td_req *req, int err, int found)
{
  struct changes_state *st = req->state;

  return td_reply_reached(req, err, found, st->unit_code,
                          "reading the change feed");
}

static void on_wake(void *arg, int timed_out)
{
  struct td_req *req = arg;
  struct changes_state *st = req->state;

  if (timed_out)
    reply(req, NULL, 0, st->since, 0);
  else
    step(req);
}

static void on_rows(void *arg, const struct td_changes *res)
{
  struct td_req *req = arg;
  struct changes_state *st = req->state;
  Tiepdan__Event **events;
  size_t n;
  size_t i;
  int more;

  if (!reached(req, res->err, res->scope_found))
    return;
  if (res->n == 0) {
    /* Nothing under this scope up to the horizon: wait on from there. */
    st->since = st->upto;
    step(req);
    return;
  }
  more = res->n > (size_t)st->limit;
  n = more ? (size_t)st->limit : res->n;
  events = td_arena_alloc(&req->arena, sizeof(*events) * n);
  for (i = 0; i < n; i++) {
    const struct td_change_row *c = &res->rows[i];

    events[i] = td_disclose_event(req, &c->secrecy, &c->ev);
  }
  reply(req, events, n, more ? (uint64_t)events[n - 1]->seq : st->upto, more);
}

/* The events up to the horizon: from the replica, up to the newest
 * horizon it holds, when that is past the cursor (replica.h); else from the
 * primary. */
static const struct td_db *changes_db(struct td_req *req, uint64_t horizon)
{
  struct changes_state *st = req->state;
  struct td_server *srv = req->srv;
  uint64_t visible = td_replica_visible_ns(srv);
  uint64_t held = visible ? td_feed_horizon_before(srv->feed, visible) : 0;

  if (held > st->since) {
    st->upto = held;
    return td_req_db_on(req, td_replica_pool_for(srv, visible));
  }
  st->upto = horizon;
  return td_req_db_on(req, td_replica_pool_for(srv, UINT64_MAX));
}

static void step(struct td_req *req)
{
  struct changes_state *st = req->state;
  uint64_t horizon = td_feed_horizon(req->srv->feed);

  if (st->since < horizon) {
    const struct td_db *db = changes_db(req, horizon);

    if (td_db_feed_changes(db, req->who->unit_id, st->unit_code, st->since,
                           st->upto, st->limit + 1, on_rows, req) != 0)
      td_reply_db_error(req, TD_EUNAVAIL, "reading the change feed");
    return;
  }
  if (uv_hrtime() < st->deadline_ns) {
    st->wait.since = st->since;
    st->wait.deadline_ns = st->deadline_ns;
    st->wait.owner = req->client;
    st->wait.wake = on_wake;
    st->wait.arg = req;
    td_feed_park(req->srv->feed, &st->wait);
    return;
  }
  reply(req, NULL, 0, st->since, 0);
}

static void on_last_seq(void *arg, const struct td_feed_last *res)
{
  struct td_req *req = arg;
  struct changes_state *st = req->state;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the change feed");
    return;
  }
  if (st->since > res->last_seq) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "since",
                "since: beyond the newest event (%llu); send the cursor a "
                "reply gave you",
                (unsigned long long)res->last_seq);
    return;
  }
  step(req);
}

/* Once the unit asked for is known to be in reach, poll or answer. */
static void start(struct td_req *req)
{
  const Tiepdan__Changes *m = req->env->changes;
  struct changes_state *st = req->state;

  if (!m->has_since) {
    /* From now on: the cursor only. */
    reply(req, NULL, 0, td_feed_horizon(req->srv->feed), 0);
    return;
  }
  st->since = m->since;
  st->deadline_ns = uv_hrtime() + (uint64_t)m->wait_ms * 1000000u;
  if (st->since > td_feed_horizon(req->srv->feed)) {
    /* Beyond what this server has seen: another server on the database
     * may have handed it out a moment ago, or nobody ever did, and echoing
     * it back would make the client skip every event up to it. */
    if (td_db_feed_last_seq(td_req_db(req), on_last_seq, req) != 0)
      td_reply_db_error(req, TD_EUNAVAIL, "reading the change feed");
    return;
  }
  step(req);
}

static void on_scope(void *arg, const struct td_unit_reached *res)
{
  struct td_req *req = arg;
  struct changes_state *st = req->state;

  if (!reached(req, res->err, res->found))
    return;
  snprintf(req->client->feed_unit, sizeof(req->client->feed_unit), "%s",
           st->unit_code);
  start(req);
}

void td_handle_changes(struct td_req *req)
{
  const Tiepdan__Changes *m = req->env->changes;
  struct changes_state *st = td_arena_alloc(&req->arena, sizeof(*st));

  memset(st, 0, sizeof(*st));
  st->limit = TD_CHANGES_LIMIT_DEFAULT;
  if (m->has_limit) {
    if (m->limit < 1 || m->limit > TD_CHANGES_LIMIT_MAX) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "limit",
                  "limit: from 1 to %d events", TD_CHANGES_LIMIT_MAX);
      return;
    }
    st->limit = (int)m->limit;
  }
  if (m->has_wait_ms && m->wait_ms > WAIT_MAX_MS) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "wait_ms",
                "wait_ms: at most %d", WAIT_MAX_MS);
    return;
  }
  if (td_req_unit_asked(req, m->unit_code, NULL) != 0)
    return;
  if (m->unit_code != NULL && m->unit_code[0])
    st->unit_code = m->unit_code;
  if (m->has_since && m->since > INT64_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "since",
                "since: not a cursor this server handed out");
    return;
  }
  req->state = st;
  /* A unit is checked once per connection; the polls that follow on it
   * need no database when nothing is new. */
  if (st->unit_code != NULL &&
      strcmp(req->client->feed_unit, st->unit_code) != 0) {
    if (td_db_unit_reach(td_req_db(req), req->who->unit_id, st->unit_code,
                         on_scope, req) != 0)
      td_reply_db_error(req, TD_EUNAVAIL, "reading the change feed");
    return;
  }
  start(req);
}

void td_handle_server_status(struct td_req *req)
{
  Tiepdan__ServerStatus *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);
  struct td_server *srv = req->srv;
  struct td_feed_status fs;
  struct td_pool_stats ps;

  td_feed_status(srv->feed, &fs);
  memset(&ps, 0, sizeof(ps));
  if (srv->pool != NULL)
    td_pool_stats(srv->pool, &ps);
  tiepdan__server_status__init(r);
  r->has_request_queries = r->has_background_queries = 1;
  r->request_queries = srv->request_queries;
  r->background_queries = srv->background_queries;
  r->has_connections = r->has_parked_polls = 1;
  r->connections = (uint32_t)srv->nconns;
  r->parked_polls = fs.parked;
  r->has_feed_horizon = r->has_last_seq = 1;
  r->feed_horizon = fs.horizon;
  r->last_seq = fs.last_seq;
  r->has_database_up = 1;
  r->database_up = ps.up > 0;
  r->has_uptime_s = 1;
  r->uptime_s = (uv_hrtime() - srv->started_ns) / 1000000000u;
  r->has_folds = 1;
  r->folds = srv->folds;
  env->body_case = TIEPDAN__ENVELOPE__BODY_SERVER_STATUS;
  env->server_status = r;
  td_req_reply(req, env);
}
