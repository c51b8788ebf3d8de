/* Non-blocking libpq pool on libuv; see pool.h. */
#include "db/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/log.h"
#include "util/metrics.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
/* libpq ignores connect_timeout in PQconnectPoll, so the pool keeps time. */
#define CONNECT_TIMEOUT_MS 5000

enum pgc_state { PGC_DOWN, PGC_CONNECTING, PGC_IDLE, PGC_BUSY, PGC_CLOSED };

/* A query's statement when it is sent unprepared (td_pool_query_custom). */
#define STMT_UNPREPARED (-1)

struct pgq {
  struct pgq *next;
  const char *sql;
  int stmt; /* Index in td_pool.stmts, or STMT_UNPREPARED. */
  td_pool_cb cb;
  void *arg;
  int nparams;
  char **params; /* Points into the same allocation. */
};

struct pgc {
  struct td_pool *pool;
  int idx;
  PGconn *pg;
  uv_poll_t *poll; /* Heap: swapped when PQsocket changes, freed on close. */
  int poll_fd;
  int events;
  uv_timer_t timer; /* Connect timeout, then reconnect backoff. */
  enum pgc_state st;
  struct pgq *q; /* Query in flight. */
  PGresult *res; /* Result kept while draining PQgetResult. */
  int backoff_ms;
  int ever_up;
  int preparing;        /* c->q's statement is being prepared. */
  unsigned char *ready; /* ready[i]: statement i is prepared here. */
  int nready;           /* Length of ready. */
};

struct td_pool {
  uv_loop_t *loop;
  char *conninfo;
  char *target; /* target_session_attrs unless the conninfo says; or NULL. */
  int size;
  struct pgc *conns;
  struct pgq *head;
  struct pgq *tail;
  int up;
  int closing;
  int open_handles;
  void (*on_up)(void *);
  void *up_arg;
  void (*on_closed)(void *);
  void *closed_arg;
  struct td_pool_stats stats;
  /* Every statement ever sent prepared, by address: statement i is named
   * "td<i>" on each connection that prepared it. There are a few dozen, so
   * a linear search costs less than the round trip it saves. */
  const char **stmts;
  int nstmts;
  int stmts_cap;
};

static void pgc_connect(struct pgc *c);
static void pgc_on_io(uv_poll_t *h, int status, int events);
static void pool_pump(struct td_pool *p);

static void on_notice(void *arg, const PGresult *res)
{
  struct pgc *c = arg;

  td_debug("db[%d] notice: %s", c->idx, PQresultErrorMessage(res));
}

static void free_handle(uv_handle_t *h)
{
  struct td_pool *p = h->data;

  free(h);
  if (p != NULL && p->closing && --p->open_handles == 0 && p->on_closed)
    p->on_closed(p->closed_arg);
}

static void drop_poll(struct pgc *c)
{
  if (c->poll == NULL)
    return;
  /* libuv: the fd may be closed right after uv_poll_stop/uv_close. */
  uv_poll_stop(c->poll);
  c->poll->data = c->pool->closing ? c->pool : NULL;
  if (c->pool->closing)
    c->pool->open_handles++;
  uv_close((uv_handle_t *)c->poll, free_handle);
  c->poll = NULL;
  c->poll_fd = -1;
  c->events = 0;
}

/* Watches PQsocket for events, re-creating the poll handle if libpq moved to
 * another socket (each connection attempt may open a new one). */
static int pgc_watch(struct pgc *c, int events)
{
  int fd = PQsocket(c->pg);
  int rc;

  if (fd < 0)
    return -1;
  if (c->poll != NULL && fd != c->poll_fd)
    drop_poll(c);
  if (c->poll == NULL) {
    c->poll = td_xmalloc(sizeof(*c->poll));
    rc = uv_poll_init_socket(c->pool->loop, c->poll, fd);
    if (rc != 0) {
      free(c->poll);
      c->poll = NULL;
      return -1;
    }
    c->poll->data = c;
    c->poll_fd = fd;
    c->events = 0;
  }
  if (events != c->events) {
    if (uv_poll_start(c->poll, events, pgc_on_io) != 0)
      return -1;
    c->events = events;
  }
  return 0;
}

static void fail_queued(struct td_pool *p)
{
  struct pgq *q;

  for (q = p->head; q != NULL; q = p->head) {
    p->head = q->next;
    if (p->head == NULL)
      p->tail = NULL;
    p->stats.queued--;
    p->stats.failures++;
    q->cb(q->arg, NULL);
    free(q);
  }
}

static void on_backoff(uv_timer_t *t)
{
  pgc_connect(t->data);
}

/* The connection is unusable: fail its query, drop it, and try again later. */
static void pgc_fail(struct pgc *c, const char *why)
{
  struct td_pool *p = c->pool;
  struct pgq *q = c->q;
  int was_up = c->st == PGC_IDLE || c->st == PGC_BUSY;

  td_log(p->closing ? TD_LOG_DEBUG : TD_LOG_WARN, "db[%d] %s: %s", c->idx, why,
         c->pg != NULL ? PQerrorMessage(c->pg) : "out of memory");
  if (!p->closing)
    td_metrics_db_error(NULL); /* Class 08: connection exception. */
  uv_timer_stop(&c->timer);
  drop_poll(c);
  if (c->res != NULL) {
    PQclear(c->res);
    c->res = NULL;
  }
  if (c->pg != NULL) {
    PQfinish(c->pg);
    c->pg = NULL;
  }
  c->st = PGC_DOWN;
  c->q = NULL;
  /* A new session knows none of the statements. */
  c->preparing = 0;
  if (c->ready != NULL)
    memset(c->ready, 0, (size_t)c->nready);
  if (was_up)
    p->up--;
  if (q != NULL) {
    p->stats.in_flight--;
    p->stats.failures++;
    q->cb(q->arg, NULL);
    free(q);
  }
  /* Nobody can serve the queue now: tell the waiters at once. */
  if (p->up == 0)
    fail_queued(p);
  if (p->closing)
    return;
  uv_timer_start(&c->timer, on_backoff, (uint64_t)c->backoff_ms, 0);
  c->backoff_ms *= 2;
  if (c->backoff_ms > BACKOFF_MAX_MS)
    c->backoff_ms = BACKOFF_MAX_MS;
}

static void on_connect_timeout(uv_timer_t *t)
{
  struct pgc *c = t->data;

  if (c->st == PGC_CONNECTING)
    pgc_fail(c, "connection attempt timed out");
}

static void pgc_connect(struct pgc *c)
{
  struct td_pool *p = c->pool;
  /* Ours first: what the operator wrote in the conninfo overrides them.
   * Times the database renders (the fields an event records as changed)
   * read in Vietnam's one time zone. */
  const char *keys[] = {"keepalives",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "options",
                        "target_session_attrs",
                        "dbname",
                        "fallback_application_name",
                        NULL};
  const char *vals[] = {"1",
                        "10",
                        "3",
                        "3",
                        "15000",
                        "-c TimeZone=Asia/Ho_Chi_Minh",
                        p->target != NULL ? p->target : "any",
                        p->conninfo,
                        "tiepdand",
                        NULL};

  c->pg = PQconnectStartParams(keys, vals, 1);
  if (c->pg == NULL || PQstatus(c->pg) == CONNECTION_BAD) {
    pgc_fail(c, "cannot start connecting");
    return;
  }
  PQsetnonblocking(c->pg, 1);
  PQsetNoticeReceiver(c->pg, on_notice, c);
  c->st = PGC_CONNECTING;
  /* "Behave as if PQconnectPoll last returned PGRES_POLLING_WRITING." */
  if (pgc_watch(c, UV_WRITABLE) != 0) {
    pgc_fail(c, "cannot watch the socket");
    return;
  }
  uv_timer_start(&c->timer, on_connect_timeout, CONNECT_TIMEOUT_MS, 0);
}

static void pgc_connect_step(struct pgc *c)
{
  struct td_pool *p = c->pool;
  int rc = 0;

  switch (PQconnectPoll(c->pg)) {
  case PGRES_POLLING_READING:
    rc = pgc_watch(c, UV_READABLE);
    break;
  case PGRES_POLLING_WRITING:
    rc = pgc_watch(c, UV_WRITABLE);
    break;
  case PGRES_POLLING_OK:
    uv_timer_stop(&c->timer);
    c->st = PGC_IDLE;
    c->backoff_ms = BACKOFF_MIN_MS;
    if (c->ever_up)
      p->stats.reconnects++;
    c->ever_up = 1;
    td_info("db[%d] connected", c->idx);
    /* Stay readable while idle so a server-side close is noticed at once. */
    rc = pgc_watch(c, UV_READABLE);
    if (rc == 0 && p->up++ == 0 && p->on_up != NULL)
      p->on_up(p->up_arg);
    if (rc == 0)
      pool_pump(p);
    break;
  default:
    pgc_fail(c, "cannot connect");
    return;
  }
  if (rc != 0)
    pgc_fail(c, "cannot watch the socket");
}

static void pgc_flush(struct pgc *c)
{
  int rc = PQflush(c->pg);

  /* While output is pending, stay readable too: the server may be blocked
   * sending to us, and reading is what unblocks it. */
  if (rc < 0)
    pgc_fail(c, "cannot send");
  else if (pgc_watch(c, rc == 1 ? UV_READABLE | UV_WRITABLE : UV_READABLE))
    pgc_fail(c, "cannot watch the socket");
}

static void stmt_name(int stmt, char *buf, size_t len)
{
  snprintf(buf, len, "td%d", stmt);
}

static int pgc_is_ready(const struct pgc *c, int stmt)
{
  return stmt < c->nready && c->ready[stmt];
}

static void pgc_mark_ready(struct pgc *c, int stmt)
{
  unsigned char *grown;
  int n;

  if (stmt >= c->nready) {
    n = c->pool->stmts_cap;
    grown = td_xcalloc((size_t)n, 1);
    if (c->ready != NULL)
      memcpy(grown, c->ready, (size_t)c->nready);
    free(c->ready);
    c->ready = grown;
    c->nready = n;
  }
  c->ready[stmt] = 1;
}

/* Sends q's statement: as it is, prepared, or to be prepared first (then
 * pgc_complete executes it when PostgreSQL has accepted it). */
static int pgc_send_statement(struct pgc *c, const struct pgq *q)
{
  char name[16];

  if (q->stmt == STMT_UNPREPARED)
    return PQsendQueryParams(c->pg, q->sql, q->nparams, NULL,
                             (const char *const *)q->params, NULL, NULL, 0);
  stmt_name(q->stmt, name, sizeof(name));
  if (pgc_is_ready(c, q->stmt))
    return PQsendQueryPrepared(c->pg, name, q->nparams,
                               (const char *const *)q->params, NULL, NULL, 0);
  c->preparing = 1;
  c->pool->stats.prepares++;
  return PQsendPrepare(c->pg, name, q->sql, q->nparams, NULL);
}

static void pgc_send(struct pgc *c, struct pgq *q)
{
  struct td_pool *p = c->pool;

  c->q = q;
  c->st = PGC_BUSY;
  p->stats.in_flight++;
  p->stats.queries++;
  if (!pgc_send_statement(c, q)) {
    pgc_fail(c, "cannot send query");
    return;
  }
  pgc_flush(c);
}

/* The statement being prepared was accepted: execute it. A statement that
 * cannot be prepared (bad SQL) hands its error to the caller instead, as
 * sending it unprepared would have. Returns 1 if the query goes on. */
static int pgc_prepared(struct pgc *c, PGresult *res)
{
  c->preparing = 0;
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    return 0;
  PQclear(res);
  c->res = NULL;
  pgc_mark_ready(c, c->q->stmt);
  if (!pgc_send_statement(c, c->q))
    pgc_fail(c, "cannot send query");
  else
    pgc_flush(c);
  return 1;
}

/* Result complete: hand it over, then the connection serves the queue. */
static void pgc_complete(struct pgc *c)
{
  struct td_pool *p = c->pool;
  struct pgq *q = c->q;
  PGresult *res = c->res;

  if (c->preparing && pgc_prepared(c, res))
    return;
  c->q = NULL;
  c->res = NULL;
  c->st = PGC_IDLE;
  p->stats.in_flight--;
  if (res != NULL && PQresultStatus(res) == PGRES_FATAL_ERROR)
    td_metrics_db_error(PQresultErrorField(res, PG_DIAG_SQLSTATE));
  /* A statement that left a transaction open would poison the next user. */
  if (PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
    c->q = q;
    c->st = PGC_BUSY;
    p->stats.in_flight++;
    PQclear(res);
    pgc_fail(c, "connection left inside a transaction");
    return;
  }
  q->cb(q->arg, res);
  /* Connected to a primary that has become a standby since (Patroni demoted
   * it, or a proxy still leads here): every write would fail the same way.
   * Make the connection again: target_session_attrs finds the primary. */
  if (res != NULL && PQresultStatus(res) == PGRES_FATAL_ERROR &&
      td_pool_sqlstate_is(res, "25006") && p->target != NULL &&
      strcmp(p->target, "read-write") == 0) {
    PQclear(res);
    free(q);
    pgc_fail(c, "the database is read-only now (a demoted primary?)");
    pool_pump(p);
    return;
  }
  PQclear(res);
  free(q);
  pool_pump(p);
}

static void pgc_read(struct pgc *c)
{
  PGresult *r;

  if (!PQconsumeInput(c->pg)) {
    pgc_fail(c, "connection lost");
    return;
  }
  if (c->st == PGC_IDLE) {
    /* Nothing asked: only a notice, or the server going away. */
    if (PQstatus(c->pg) == CONNECTION_BAD)
      pgc_fail(c, "connection lost");
    return;
  }
  while (c->st == PGC_BUSY && !PQisBusy(c->pg)) {
    r = PQgetResult(c->pg);
    if (r == NULL) {
      pgc_complete(c);
      return;
    }
    /* Keep the last result; an error result outranks a later one. */
    if (c->res != NULL && PQresultStatus(c->res) == PGRES_FATAL_ERROR) {
      PQclear(r);
      continue;
    }
    PQclear(c->res);
    c->res = r;
  }
}

static void pgc_on_io(uv_poll_t *h, int status, int events)
{
  struct pgc *c = h->data;

  if (c == NULL)
    return;
  if (c->st == PGC_CONNECTING) {
    pgc_connect_step(c);
    return;
  }
  if (status < 0) {
    pgc_fail(c, uv_strerror(status));
    return;
  }
  if (events & UV_WRITABLE) {
    pgc_flush(c);
    if (c->st == PGC_DOWN)
      return;
  }
  if (events & UV_READABLE)
    pgc_read(c);
}

static void pool_pump(struct td_pool *p)
{
  struct pgq *q;
  int i;

  for (i = 0; i < p->size && p->head != NULL; i++) {
    if (p->conns[i].st != PGC_IDLE)
      continue;
    q = p->head;
    p->head = q->next;
    if (p->head == NULL)
      p->tail = NULL;
    p->stats.queued--;
    pgc_send(&p->conns[i], q);
  }
}

struct td_pool *td_pool_new(uv_loop_t *loop, const char *conninfo,
                            const char *target, int size,
                            void (*on_up)(void *arg), void *up_arg)
{
  struct td_pool *p = td_xcalloc(1, sizeof(*p));
  int i;

  p->loop = loop;
  p->conninfo = td_xstrdup(conninfo);
  p->target = target != NULL ? td_xstrdup(target) : NULL;
  p->size = size;
  p->on_up = on_up;
  p->up_arg = up_arg;
  p->conns = td_xcalloc((size_t)size, sizeof(*p->conns));
  for (i = 0; i < size; i++) {
    struct pgc *c = &p->conns[i];

    c->pool = p;
    c->idx = i;
    c->poll_fd = -1;
    c->backoff_ms = BACKOFF_MIN_MS;
    uv_timer_init(loop, &c->timer);
    c->timer.data = c;
    pgc_connect(c);
  }
  return p;
}

/* The index of the statement sql, registered on first sight. */
static int pool_stmt(struct td_pool *p, const char *sql)
{
  const char **grown;
  int i;

  for (i = 0; i < p->nstmts; i++)
    if (p->stmts[i] == sql)
      return i;
  if (p->nstmts == p->stmts_cap) {
    p->stmts_cap = p->stmts_cap ? p->stmts_cap * 2 : 64;
    grown = td_xcalloc((size_t)p->stmts_cap, sizeof(*grown));
    if (p->stmts != NULL)
      memcpy(grown, p->stmts, (size_t)p->nstmts * sizeof(*grown));
    free(p->stmts);
    p->stmts = grown;
  }
  p->stmts[p->nstmts] = sql;
  return p->nstmts++;
}

static int pool_enqueue(struct td_pool *p, const char *sql, int prepare,
                        int nparams, const char *const *params, td_pool_cb cb,
                        void *arg)
{
  struct pgq *q;
  size_t lens[64];
  size_t total = 0;
  char *blob;
  int i;

  if (p->closing)
    return TD_ESHUTDOWN;
  if (p->up == 0)
    return TD_EUNAVAIL;
  if (nparams < 0 || nparams > 64)
    return TD_EINVAL;
  for (i = 0; i < nparams; i++) {
    lens[i] = params[i] != NULL ? strlen(params[i]) + 1 : 0;
    total += lens[i];
  }
  q = td_xmalloc(sizeof(*q) + (size_t)nparams * sizeof(char *) + total);
  q->next = NULL;
  q->sql = sql;
  q->stmt = prepare ? pool_stmt(p, sql) : STMT_UNPREPARED;
  q->cb = cb;
  q->arg = arg;
  q->nparams = nparams;
  q->params = (char **)(q + 1);
  blob = (char *)(q->params + nparams);
  for (i = 0; i < nparams; i++) {
    if (params[i] == NULL) {
      q->params[i] = NULL;
      continue;
    }
    memcpy(blob, params[i], lens[i]);
    q->params[i] = blob;
    blob += lens[i];
  }
  if (p->tail != NULL)
    p->tail->next = q;
  else
    p->head = q;
  p->tail = q;
  p->stats.queued++;
  pool_pump(p);
  return 0;
}

int td_pool_query(struct td_pool *p, const char *sql, int nparams,
                  const char *const *params, td_pool_cb cb, void *arg)
{
  return pool_enqueue(p, sql, 1, nparams, params, cb, arg);
}

int td_pool_query_custom(struct td_pool *p, const char *sql, int nparams,
                         const char *const *params, td_pool_cb cb, void *arg)
{
  return pool_enqueue(p, sql, 0, nparams, params, cb, arg);
}

void td_pool_stats(const struct td_pool *p, struct td_pool_stats *out)
{
  int i;

  *out = p->stats;
  out->up = p->up;
  out->idle = out->busy = out->connecting = out->down = 0;
  for (i = 0; i < p->size; i++) {
    switch (p->conns[i].st) {
    case PGC_IDLE:
      out->idle++;
      break;
    case PGC_BUSY:
      out->busy++;
      break;
    case PGC_CONNECTING:
      out->connecting++;
      break;
    case PGC_DOWN:
    case PGC_CLOSED:
      out->down++;
      break;
    }
  }
}

static void on_timer_closed(uv_handle_t *h)
{
  struct pgc *c = h->data;
  struct td_pool *p = c->pool;

  if (--p->open_handles == 0 && p->on_closed)
    p->on_closed(p->closed_arg);
}

static void pool_free(struct td_pool *p)
{
  int i;

  for (i = 0; i < p->size; i++)
    free(p->conns[i].ready);
  free(p->stmts);
  free(p->conns);
  free(p->conninfo);
  free(p->target);
  free(p);
}

struct close_ctx {
  struct td_pool *pool;
  void (*done)(void *);
  void *arg;
};

static void on_pool_closed(void *arg)
{
  struct close_ctx *cc = arg;

  pool_free(cc->pool);
  if (cc->done != NULL)
    cc->done(cc->arg);
  free(cc);
}

void td_pool_close(struct td_pool *p, void (*done)(void *arg), void *arg)
{
  struct close_ctx *cc = td_xmalloc(sizeof(*cc));
  int i;

  cc->pool = p;
  cc->done = done;
  cc->arg = arg;
  p->closing = 1;
  p->on_closed = on_pool_closed;
  p->closed_arg = cc;
  fail_queued(p);
  /* One count for the loop below, so callbacks cannot finish early. */
  p->open_handles = 1;
  for (i = 0; i < p->size; i++) {
    struct pgc *c = &p->conns[i];

    if (c->st != PGC_DOWN && c->st != PGC_CLOSED)
      pgc_fail(c, "closing the pool");
    c->st = PGC_CLOSED;
    p->open_handles++;
    uv_close((uv_handle_t *)&c->timer, on_timer_closed);
  }
  if (--p->open_handles == 0)
    on_pool_closed(cc);
}

int td_pool_result_retryable(const PGresult *res)
{
  const char *state;

  if (res == NULL)
    return 1;
  /* A result that is no failure, but not the one the statement should give
   * (rows from a command, say), is a bug: sending it again cannot help. */
  if (PQresultStatus(res) != PGRES_FATAL_ERROR &&
      PQresultStatus(res) != PGRES_BAD_RESPONSE &&
      PQresultStatus(res) != PGRES_NONFATAL_ERROR)
    return 0;
  state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  if (state == NULL)
    return 1; /* libpq-side failure, e.g. the connection dropped. */
  /* 08: connection exception; 57P0x: shutdown; 40001/40P01: retry races. */
  /* 25006: a read-only transaction, on a primary demoted under us. */
  return strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 ||
         strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
         strcmp(state, "53300") == 0 || strcmp(state, "25006") == 0;
}

int td_pool_sqlstate_is(const PGresult *res, const char *state)
{
  const char *s =
      res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

  return s != NULL && strcmp(s, state) == 0;
}
