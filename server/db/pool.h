/*
 * A non-blocking libpq connection pool driven by the libuv loop.
 *
 * Each connection is a small state machine (down, connecting, idle, busy)
 * watched by a uv_poll_t; queries wait in one FIFO and go to the first idle
 * connection. No libpq call here can block the loop: connections are made
 * with PQconnectStartParams/PQconnectPoll, queries are sent in non-blocking
 * mode and results are read only when PQisBusy says they are complete.
 * Broken connections are re-made with exponential backoff.
 *
 * Contract with callers: td_pool_query either returns 0, and then the callback
 * runs exactly once, later, from the loop; or it returns a negative error and
 * the callback never runs. The callback never runs inside td_pool_query.
 */
#ifndef TD_PGPOOL_H
#define TD_PGPOOL_H

#include <libpq-fe.h>
#include <stdint.h>
#include <uv.h>

#include "common/error.h"

struct td_pool;

/*
 * res is the query's result (PGRES_TUPLES_OK, or an error result: check with
 * PQresultStatus), borrowed for the duration of the call; or NULL when the
 * connection broke before the result came, in which case whether the query
 * took effect is unknown and only an idempotent retry is safe.
 */
typedef void (*td_pool_cb)(void *arg, PGresult *res);

struct td_pool_stats {
  uint64_t queries;    /* Queries sent to PostgreSQL. */
  uint64_t prepares;   /* Statements prepared on a connection. */
  uint64_t failures;   /* Queries lost to a broken connection. */
  uint64_t reconnects; /* Successful connections after the first. */
  int up;              /* Connections ready now. */
  int queued;          /* Queries waiting for a connection. */
  int in_flight;       /* Queries sent, result not yet delivered. */
  int idle;            /* Connections by state: ready, */
  int busy;            /* running a query, */
  int connecting;      /* being made, */
  int down;            /* broken, waiting to be made again. */
};

/*
 * Creates the pool and starts connecting. conninfo is copied. target, if not
 * NULL, is libpq's target_session_attrs unless conninfo sets it: "read-write"
 * for the primary (a multi-host conninfo then finds it, and a connection
 * that finds the database read-only, SQLSTATE 25006, is made again) or
 * "prefer-standby" for the replicas. on_up, if not NULL, runs each time the
 * pool goes from no usable connection to one.
 */
struct td_pool *td_pool_new(uv_loop_t *loop, const char *conninfo,
                            const char *target, int size,
                            void (*on_up)(void *arg), void *up_arg);

/*
 * Queues a query. sql must be a string with static storage (the statements
 * are static strings in db/<concern>.c): its address names the statement,
 * which each connection prepares the first time it sends it (one extra round
 * trip) and then only executes, until the connection is re-made. params are
 * copied (NULL means SQL NULL). Returns 0, TD_EUNAVAIL when no connection to
 * PostgreSQL is up, TD_ESHUTDOWN when the pool is closing, or TD_EINVAL for
 * a bad argument.
 *
 * PostgreSQL may switch a prepared statement to a generic plan, one for any
 * values, after five executions. A statement whose plan must follow its
 * values (branches pruned by the parameters, a scope of one commune or of
 * the nation) goes through td_pool_query_custom instead.
 */
TD_MUSTCHECK int td_pool_query(struct td_pool *p, const char *sql, int nparams,
                               const char *const *params, td_pool_cb cb,
                               void *arg);

/* As td_pool_query, but the statement is sent unprepared, so it is parsed
 * and planned for the values given on every call; sql is only borrowed. */
TD_MUSTCHECK int td_pool_query_custom(struct td_pool *p, const char *sql,
                                      int nparams, const char *const *params,
                                      td_pool_cb cb, void *arg);

void td_pool_stats(const struct td_pool *p, struct td_pool_stats *out);

/*
 * Closes every connection and frees the pool once its handles are closed,
 * then calls done(arg). Queued queries fail with res == NULL first. Call it
 * when no query is in flight, or their callbacks get NULL.
 */
void td_pool_close(struct td_pool *p, void (*done)(void *arg), void *arg);

/* 1 if a failed result is worth retrying: lost connection, shutdown,
 * serialization failure or deadlock, too many connections, or a read-only
 * database (a demoted primary: the pool connects to the new one). */
int td_pool_result_retryable(const PGresult *res);

/* 1 if res is an error of SQLSTATE state. */
int td_pool_sqlstate_is(const PGresult *res, const char *state);

#endif
