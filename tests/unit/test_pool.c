/*
 * The libpq pool (server/db/pool.c) against a real PostgreSQL 15 of its own.
 *
 * Written in the way of PostgreSQL's libpq_pipeline.c (one function per
 * behaviour; every result the pool hands over is checked, and a failure says
 * which expectation broke and what libpq said) and of libuv's
 * test-tcp-close.c (static handles, counters of callbacks, uv_run, assertions
 * on the counts, and uv_loop_close() == 0 at the end of every test, so every
 * test is also a check that the pool closes all it opened).
 *
 * The tests stop and restart PostgreSQL, so they never use the suite's shared
 * cluster: main() makes a throwaway one with deploy/lib.sh (initdb into a
 * temporary directory, a free loopback port, run as user postgres when we are
 * root, since PostgreSQL refuses to run as root), runs the tests in a child
 * process, and stops and removes the cluster when the child ends, whether it
 * passed, failed or crashed. Missing PostgreSQL binaries are a failure, not a
 * skip: tests/run.sh installs them.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netinet/in.h>

#include "db/pool.h"
#include "util/log.h"
#include "test.h"

#ifndef TD_SOURCE_DIR
#error "TD_SOURCE_DIR (the source tree, for deploy/lib.sh) must be defined"
#endif

/* The pool's first backoff delay (BACKOFF_MIN_MS in pool.c). */
#define FIRST_BACKOFF_MS 100
/* The pool's longest backoff delay (BACKOFF_MAX_MS in pool.c). */
#define MAX_BACKOFF_MS 5000
/* Refused attempts watched before PostgreSQL is started. */
#define REFUSED_ATTEMPTS 5
/* How late a timer may fire on a loaded machine under ASan. */
#define SLACK_MS 400
#define QUEUED 40
#define WAIT_MS 15000

/* Fails the current test with a message naming the broken expectation. */
#define FAILF(...)                                                             \
  do {                                                                         \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                            \
    fprintf(stderr, __VA_ARGS__);                                              \
    fputc('\n', stderr);                                                       \
    td_test_failures++;                                                        \
    return;                                                                    \
  } while (0)

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond))                                                               \
      FAILF(__VA_ARGS__);                                                      \
  } while (0)

/* What one query's callback saw. */
struct reply {
  int called;    /* Times the callback ran: the contract says once. */
  int seq;       /* Position among all callbacks of the test. */
  int was_null;  /* res == NULL: the connection broke. */
  int retryable; /* td_pool_result_retryable(res). */
  ExecStatusType status;
  char sqlstate[6];
  char value[64];    /* First column of the first row, if any. */
  char message[256]; /* PQresultErrorMessage. */
};

/* The throwaway cluster (set up by main before the tests run). */
static char pg_dir[256];
static char pg_port[16];
static int pg_port_num;
static char conninfo[256];
static int pg_running;

static uv_loop_t loop;
static uv_timer_t tick;
static uv_tcp_t listener;
static uv_process_t starter;
static struct td_pool *pool;
static int loop_open;

static int up_cb_called;
static int closed_cb_called;
static int query_cb_called;
static int in_pool_query;
static uint64_t up_at;

static int attempts;
static uint64_t attempt_at[REFUSED_ATTEMPTS];
static int starter_exit_cb_called;
static int64_t starter_status;
static uint64_t starter_exited_at;

/* --- The cluster, through deploy/lib.sh ------------------------------- */

/* Runs script in bash after sourcing deploy/lib.sh, with $1 the source tree,
 * $2 the cluster's directory and $3 its port; returns its exit status. */
static int lib_sh(const char *script)
{
  char full[512];
  pid_t pid;
  int status;

  snprintf(full, sizeof(full), ". \"$1/deploy/lib.sh\" && %s", script);
  pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execlp("bash", "bash", "-c", full, "test_pool", TD_SOURCE_DIR, pg_dir,
           pg_port, (char *)NULL);
    _exit(127);
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int pg_stop(void)
{
  int rc = lib_sh("td_pg_stop \"$2\"");

  if (rc == 0)
    pg_running = 0;
  return rc;
}

/* pg_ctl restart starts a stopped cluster too ("trying to start anyway"). */
static int pg_restart(void)
{
  int rc = lib_sh("td_pg_restart \"$2\"");

  if (rc == 0)
    pg_running = 1;
  return rc;
}

static int pg_ensure_running(void)
{
  return pg_running ? 0 : pg_restart();
}

/* A loopback TCP port nothing listens on now. */
static int free_port(void)
{
  struct sockaddr_in a;
  socklen_t len = sizeof(a);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int port = -1;

  if (fd < 0)
    return -1;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

/* --- Callbacks ------------------------------------------------------------ */

static void tick_cb(uv_timer_t *t)
{
  (void)t; /* Only wakes uv_run(UV_RUN_ONCE) so run_until sees the time. */
}

static void up_cb(void *arg)
{
  (void)arg;
  up_cb_called++;
  up_at = uv_now(&loop);
}

static void closed_cb(void *arg)
{
  (void)arg;
  closed_cb_called++;
}

static void copy_text(char *dst, size_t size, const char *src)
{
  snprintf(dst, size, "%s", src != NULL ? src : "");
}

static void query_cb(void *arg, PGresult *res)
{
  struct reply *r = arg;

  ASSERT(!in_pool_query);
  r->called++;
  r->seq = query_cb_called++;
  r->retryable = td_pool_result_retryable(res);
  if (res == NULL) {
    r->was_null = 1;
    return;
  }
  r->status = PQresultStatus(res);
  copy_text(r->sqlstate, sizeof(r->sqlstate),
            PQresultErrorField(res, PG_DIAG_SQLSTATE));
  copy_text(r->message, sizeof(r->message), PQresultErrorMessage(res));
  if (PQntuples(res) > 0 && PQnfields(res) > 0)
    copy_text(r->value, sizeof(r->value), PQgetvalue(res, 0, 0));
}

/* --- Helpers ---------------------------------------------------------- */

static int query(const char *sql, int nparams, const char *const *params,
                 struct reply *r)
{
  int rc;

  in_pool_query = 1;
  rc = td_pool_query(pool, sql, nparams, params, query_cb, r);
  in_pool_query = 0;
  return rc;
}

/* Runs the loop until *counter reaches target or ms pass; 0 if reached. */
static int run_until(const int *counter, int target, uint64_t ms)
{
  uint64_t deadline;

  uv_update_time(&loop);
  deadline = uv_now(&loop) + ms;
  uv_timer_start(&tick, tick_cb, 20, 20);
  while (*counter < target && uv_now(&loop) < deadline)
    uv_run(&loop, UV_RUN_ONCE);
  uv_timer_stop(&tick);
  return *counter >= target ? 0 : -1;
}

/* Runs the loop for ms whatever happens. */
static void run_for(uint64_t ms)
{
  int never = 0;

  (void)run_until(&never, 1, ms);
}

static void reset_counters(void)
{
  up_cb_called = 0;
  closed_cb_called = 0;
  query_cb_called = 0;
  up_at = 0;
  attempts = 0;
  starter_exit_cb_called = 0;
  starter_status = -1;
  starter_exited_at = 0;
}

/* Opens the loop and its tick timer, counters at zero. */
static void open_loop(void)
{
  reset_counters();
  uv_loop_init(&loop);
  uv_timer_init(&loop, &tick);
  loop_open = 1;
}

/* Opens the loop and a pool of size connections to the given conninfo. */
static void open_pool(const char *ci, int size)
{
  open_loop();
  pool = td_pool_new(&loop, ci, "read-write", size, up_cb, NULL);
}

/* The end of every test: nothing left open on the loop. */
#define ASSERT_LOOP_CLOSES()                                                   \
  do {                                                                         \
    ASSERT_EQ(uv_loop_close(&loop), 0);                                        \
    loop_open = 0;                                                             \
  } while (0)

/* Closes the pool and the tick and lets the loop finish its close callbacks.
 * The test then asserts closed_cb_called == 1 and uv_loop_close == 0. */
static void close_pool(void)
{
  if (pool != NULL)
    td_pool_close(pool, closed_cb, NULL);
  pool = NULL;
  uv_close((uv_handle_t *)&tick, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
}

/* After a test that failed half-way: close what it left open, so the next
 * test starts from a clean loop. */
static void close_walk_cb(uv_handle_t *h, void *arg)
{
  (void)arg;
  if (!uv_is_closing(h))
    uv_close(h, NULL);
}

static void teardown(void)
{
  if (!loop_open)
    return;
  if (pool != NULL)
    td_pool_close(pool, closed_cb, NULL);
  pool = NULL;
  uv_walk(&loop, close_walk_cb, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  if (uv_loop_close(&loop) != 0)
    fprintf(stderr, "teardown: the loop still has handles\n");
  loop_open = 0;
}

static void wait_up(void)
{
  CHECK(run_until(&up_cb_called, 1, WAIT_MS) == 0,
        "the pool did not connect to PostgreSQL on %s within %d ms", pg_port,
        WAIT_MS);
}

/* --- Reconnect with backoff -------------------------------------------- */

static void starter_exit_cb(uv_process_t *p, int64_t status, int signal)
{
  (void)signal;
  starter_exit_cb_called++;
  starter_status = status;
  starter_exited_at = uv_now(&loop);
  uv_close((uv_handle_t *)p, NULL);
}

/* Starts PostgreSQL without blocking the loop, so the pool keeps trying. */
static int start_postgres_async(void)
{
  char *args[] = {"bash",
                  "-c",
                  ". \"$1/deploy/lib.sh\" && td_pg_restart \"$2\"",
                  "test_pool",
                  TD_SOURCE_DIR,
                  pg_dir,
                  NULL};
  uv_stdio_container_t stdio[3];
  uv_process_options_t opts;

  memset(&opts, 0, sizeof(opts));
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = UV_INHERIT_FD;
  stdio[1].data.fd = 1;
  stdio[2].flags = UV_INHERIT_FD;
  stdio[2].data.fd = 2;
  opts.file = "bash";
  opts.args = args;
  opts.exit_cb = starter_exit_cb;
  opts.stdio = stdio;
  opts.stdio_count = 3;
  return uv_spawn(&loop, &starter, &opts);
}

static void free_handle(uv_handle_t *h)
{
  free(h);
}

/* Stands where PostgreSQL will be: each connection attempt of the pool is
 * accepted, timed and closed, so libpq fails it and the pool backs off. */
static void attempt_cb(uv_stream_t *server, int status)
{
  uv_tcp_t *c;

  ASSERT_EQ(status, 0);
  c = malloc(sizeof(*c));
  ASSERT_NOT_NULL(c);
  uv_tcp_init(&loop, c);
  ASSERT_EQ(uv_accept(server, (uv_stream_t *)c), 0);
  uv_close((uv_handle_t *)c, free_handle);
  if (attempts < REFUSED_ATTEMPTS)
    attempt_at[attempts++] = uv_now(&loop);
  if (attempts == REFUSED_ATTEMPTS && !uv_is_closing((uv_handle_t *)server)) {
    uv_close((uv_handle_t *)server, NULL);
    ASSERT_EQ(start_postgres_async(), 0);
  }
}

static int listen_on_pg_port(void)
{
  struct sockaddr_in a;
  int rc;

  rc = uv_ip4_addr("127.0.0.1", pg_port_num, &a);
  if (rc == 0)
    rc = uv_tcp_init(&loop, &listener);
  if (rc == 0)
    rc = uv_tcp_bind(&listener, (const struct sockaddr *)&a, 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&listener, 16, attempt_cb);
  return rc;
}

/*
 * PostgreSQL is down when the pool starts; it comes up later. The pool keeps
 * trying, waiting 100, 200, 400, 800 ms between attempts (each delay double
 * the last), connects once PostgreSQL listens, and calls on_up once.
 */
static void reconnects_with_backoff_until_postgres_is_up(void)
{
  struct td_pool_stats st;
  struct reply r = {0};
  uint64_t gap;
  uint64_t expected;
  int i;

  CHECK(pg_stop() == 0, "td_pg_stop failed; see the cluster's log in %s",
        pg_dir);
  open_loop();
  CHECK(listen_on_pg_port() == 0, "cannot listen on 127.0.0.1:%s", pg_port);
  pool = td_pool_new(&loop, conninfo, NULL, 1, up_cb, NULL);
  CHECK(query("SELECT 1", 0, NULL, &r) == TD_EUNAVAIL,
        "a query before any connection is up must be refused with TD_EUNAVAIL");

  CHECK(run_until(&up_cb_called, 1, WAIT_MS) == 0,
        "on_up did not run within %d ms of PostgreSQL starting (%d refused "
        "attempts seen, starter exited %d with %lld)",
        WAIT_MS, attempts, starter_exit_cb_called, (long long)starter_status);
  CHECK(attempts == REFUSED_ATTEMPTS, "%d attempts seen, expected %d", attempts,
        REFUSED_ATTEMPTS);
  for (i = 1; i < REFUSED_ATTEMPTS; i++) {
    gap = attempt_at[i] - attempt_at[i - 1];
    expected = (uint64_t)FIRST_BACKOFF_MS << (i - 1);
    fprintf(stderr, "attempt %d came %llu ms after the one before\n", i + 1,
            (unsigned long long)gap);
    CHECK(gap >= expected * 9 / 10 && gap <= expected + SLACK_MS,
          "attempt %d came %llu ms after attempt %d, expected about %llu ms",
          i + 1, (unsigned long long)gap, i, (unsigned long long)expected);
  }
  CHECK(run_until(&starter_exit_cb_called, 1, WAIT_MS) == 0,
        "td_pg_restart did not finish");
  CHECK(starter_status == 0, "td_pg_restart exited with %lld",
        (long long)starter_status);
  pg_running = 1;
  CHECK(up_at >= attempt_at[REFUSED_ATTEMPTS - 1],
        "on_up ran before the last refused attempt");
  CHECK(up_at <= starter_exited_at + MAX_BACKOFF_MS + SLACK_MS,
        "on_up ran %llu ms after PostgreSQL was up: more than the longest "
        "backoff (%d ms)",
        (unsigned long long)(up_at - starter_exited_at), MAX_BACKOFF_MS);
  td_pool_stats(pool, &st);
  CHECK(st.up == 1, "stats.up is %d, expected 1", st.up);
  CHECK(st.reconnects == 0,
        "stats.reconnects is %llu: a first connection is not a reconnect",
        (unsigned long long)st.reconnects);
  CHECK(st.failures == 0, "stats.failures is %llu, no query was lost",
        (unsigned long long)st.failures);

  CHECK(query("SELECT 1", 0, NULL, &r) == 0,
        "the pool refused a query once connected");
  CHECK(run_until(&r.called, 1, WAIT_MS) == 0, "SELECT 1 never answered");
  CHECK(!r.was_null && r.status == PGRES_TUPLES_OK,
        "SELECT 1 after connecting: expected PGRES_TUPLES_OK, got %s: %s",
        r.was_null ? "NULL" : PQresStatus(r.status), r.message);
  ASSERT_STR_EQ(r.value, "1");
  ASSERT_EQ(up_cb_called, 1);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_EQ(starter_exit_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- A restart between two queries ------------------------------------- */

/*
 * First query answers; PostgreSQL restarts (fast shutdown) before the pool
 * notices; the next query is lost (NULL, or a retryable error result, as
 * pool.h promises) rather than hanging; the pool reconnects on its own, on_up
 * runs again, and the query after that is answered by a new backend.
 */
static void restart_between_two_queries_then_reconnects(void)
{
  struct td_pool_stats st;
  struct reply before = {0};
  struct reply lost = {0};
  struct reply after = {0};

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  open_pool(conninfo, 1);
  wait_up();

  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &before), 0);
  CHECK(run_until(&before.called, 1, WAIT_MS) == 0,
        "the first query never answered");
  CHECK(!before.was_null && before.status == PGRES_TUPLES_OK,
        "first query: expected PGRES_TUPLES_OK, got %s: %s",
        before.was_null ? "NULL" : PQresStatus(before.status), before.message);

  CHECK(pg_restart() == 0, "td_pg_restart failed; see %s/log", pg_dir);
  /* The loop has not run since: the pool still believes it is connected. */
  CHECK(query("SELECT pg_backend_pid()", 0, NULL, &lost) == 0,
        "a query right after the restart must be accepted (the pool cannot "
        "know yet), got an error");
  CHECK(run_until(&lost.called, 1, WAIT_MS) == 0,
        "the query sent on the dead connection never completed");
  fprintf(stderr, "query across the restart got %s %s\n",
          lost.was_null ? "NULL" : PQresStatus(lost.status), lost.sqlstate);
  CHECK(lost.was_null || (lost.status == PGRES_FATAL_ERROR && lost.retryable),
        "the query across the restart: expected NULL or a retryable error, "
        "got %s %s: %s",
        PQresStatus(lost.status), lost.sqlstate, lost.message);
  CHECK(lost.retryable, "td_pool_result_retryable says a lost query is final");

  CHECK(run_until(&up_cb_called, 2, WAIT_MS) == 0,
        "on_up did not run again: the pool did not reconnect within %d ms",
        WAIT_MS);
  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &after), 0);
  CHECK(run_until(&after.called, 1, WAIT_MS) == 0,
        "the query after reconnecting never answered");
  CHECK(!after.was_null && after.status == PGRES_TUPLES_OK,
        "query after reconnecting: expected PGRES_TUPLES_OK, got %s: %s",
        after.was_null ? "NULL" : PQresStatus(after.status), after.message);
  CHECK(strcmp(before.value, after.value) != 0,
        "the same backend (pid %s) answered before and after a restart",
        after.value);

  td_pool_stats(pool, &st);
  CHECK(st.reconnects == 1, "stats.reconnects is %llu, expected 1",
        (unsigned long long)st.reconnects);
  CHECK(st.failures == (lost.was_null ? 1u : 0u),
        "stats.failures is %llu after %s", (unsigned long long)st.failures,
        lost.was_null ? "one lost query" : "an error result");
  CHECK(st.up == 1 && st.in_flight == 0 && st.queued == 0,
        "stats after the restart: up %d in_flight %d queued %d", st.up,
        st.in_flight, st.queued);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- A statement that errors --------------------------------------------- */

/*
 * A failing statement comes back as an error result with its SQLSTATE (not
 * NULL), is not retryable unless the SQLSTATE says so, and the connection
 * goes on serving the same session: no reconnect, no lost query.
 */
static void failing_statement_returns_error_and_keeps_connection(void)
{
  static const char *const not_an_int[] = {"mười"};
  struct td_pool_stats st;
  struct reply pid_before = {0};
  struct reply div0 = {0};
  struct reply bad_param = {0};
  struct reply serialization = {0};
  struct reply pid_after = {0};

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  open_pool(conninfo, 1);
  wait_up();

  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &pid_before), 0);
  ASSERT_EQ(query("SELECT 1/0", 0, NULL, &div0), 0);
  ASSERT_EQ(query("SELECT $1::int", 1, not_an_int, &bad_param), 0);
  ASSERT_EQ(query("DO $$BEGIN RAISE EXCEPTION 'race' USING ERRCODE = "
                  "'serialization_failure'; END$$",
                  0, NULL, &serialization),
            0);
  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &pid_after), 0);
  CHECK(run_until(&query_cb_called, 5, WAIT_MS) == 0,
        "only %d of 5 queries answered", query_cb_called);

  CHECK(!div0.was_null && div0.status == PGRES_FATAL_ERROR,
        "SELECT 1/0: expected PGRES_FATAL_ERROR, got %s",
        div0.was_null ? "NULL" : PQresStatus(div0.status));
  CHECK(strcmp(div0.sqlstate, "22012") == 0,
        "SELECT 1/0: expected SQLSTATE 22012 (division_by_zero), got %s: %s",
        div0.sqlstate, div0.message);
  CHECK(!div0.retryable, "division by zero must not be retryable");

  CHECK(!bad_param.was_null && bad_param.status == PGRES_FATAL_ERROR,
        "a bad parameter: expected PGRES_FATAL_ERROR, got %s",
        bad_param.was_null ? "NULL" : PQresStatus(bad_param.status));
  CHECK(strcmp(bad_param.sqlstate, "22P02") == 0,
        "a bad parameter: expected SQLSTATE 22P02, got %s: %s",
        bad_param.sqlstate, bad_param.message);
  CHECK(!bad_param.retryable, "a bad parameter must not be retryable");

  CHECK(!serialization.was_null && serialization.status == PGRES_FATAL_ERROR,
        "serialization failure: expected PGRES_FATAL_ERROR, got %s",
        serialization.was_null ? "NULL" : PQresStatus(serialization.status));
  CHECK(strcmp(serialization.sqlstate, "40001") == 0,
        "serialization failure: expected SQLSTATE 40001, got %s: %s",
        serialization.sqlstate, serialization.message);
  CHECK(serialization.retryable, "a serialization failure must be retryable");

  CHECK(!pid_after.was_null && pid_after.status == PGRES_TUPLES_OK,
        "the query after the errors: expected PGRES_TUPLES_OK, got %s: %s",
        pid_after.was_null ? "NULL" : PQresStatus(pid_after.status),
        pid_after.message);
  CHECK(strcmp(pid_before.value, pid_after.value) == 0,
        "errors must not cost the connection: backend %s before, %s after",
        pid_before.value, pid_after.value);

  td_pool_stats(pool, &st);
  CHECK(st.failures == 0 && st.reconnects == 0 && st.queries == 5,
        "stats after errors: failures %llu reconnects %llu queries %llu, "
        "expected 0 0 5",
        (unsigned long long)st.failures, (unsigned long long)st.reconnects,
        (unsigned long long)st.queries);
  ASSERT_EQ(up_cb_called, 1);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- Prepared statements -------------------------------------------------- */

static const char SQL_PLUS_ONE[] = "SELECT $1::int + 1";
static const char SQL_PREPARED[] =
    "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1";
static const char SQL_BROKEN[] = "SELECT FROM WHERE";

static void expect_value(const struct reply *r, const char *want,
                         const char *what)
{
  if (r->was_null || r->status != PGRES_TUPLES_OK ||
      strcmp(r->value, want) != 0)
    fprintf(stderr, "%s: expected %s, got %s %s: %s\n", what, want,
            r->was_null ? "NULL" : PQresStatus(r->status), r->value,
            r->message);
  ASSERT(!r->was_null && r->status == PGRES_TUPLES_OK &&
         strcmp(r->value, want) == 0);
}

/*
 * A statement is prepared the first time a connection sends it and only
 * executed afterwards, each time with its own values; one that PostgreSQL
 * refuses hands its error to the caller and costs no connection; a custom
 * one is never prepared; a new session prepares again.
 */
static void statements_are_prepared_once_per_connection(void)
{
  static const char *const one[] = {"1"};
  static const char *const two[] = {"2"};
  static const char *const plus_one[] = {SQL_PLUS_ONE};
  static const char *const custom[] = {"SELECT 7"};
  struct td_pool_stats st;
  struct reply r[9];
  int rc;

  memset(r, 0, sizeof(r));
  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  open_pool(conninfo, 1);
  wait_up();

  ASSERT_EQ(query(SQL_PLUS_ONE, 1, one, &r[0]), 0);
  ASSERT_EQ(query(SQL_PLUS_ONE, 1, two, &r[1]), 0);
  ASSERT_EQ(query(SQL_PREPARED, 1, plus_one, &r[2]), 0);
  ASSERT_EQ(query(SQL_BROKEN, 0, NULL, &r[3]), 0);
  ASSERT_EQ(query(SQL_BROKEN, 0, NULL, &r[4]), 0);
  in_pool_query = 1;
  rc = td_pool_query_custom(pool, custom[0], 0, NULL, query_cb, &r[5]);
  in_pool_query = 0;
  ASSERT_EQ(rc, 0);
  ASSERT_EQ(query(SQL_PREPARED, 1, custom, &r[6]), 0);
  CHECK(run_until(&query_cb_called, 7, WAIT_MS) == 0,
        "only %d of 7 queries answered", query_cb_called);
  expect_value(&r[0], "2", "the first execution");
  expect_value(&r[1], "3", "the second execution, with its own value");
  expect_value(&r[2], "1", "the statement prepared in the session");
  CHECK(r[3].status == PGRES_FATAL_ERROR && r[4].status == PGRES_FATAL_ERROR &&
            strcmp(r[3].sqlstate, "42601") == 0 &&
            strcmp(r[4].sqlstate, "42601") == 0,
        "a statement with a syntax error: expected 42601 twice, got %s %s",
        r[3].sqlstate, r[4].sqlstate);
  expect_value(&r[5], "7", "the custom statement");
  expect_value(&r[6], "0", "the custom statement is not prepared");
  td_pool_stats(pool, &st);
  /* SQL_PLUS_ONE and SQL_PREPARED once each, SQL_BROKEN at each try. */
  CHECK(st.prepares == 4 && st.queries == 7 && st.reconnects == 0,
        "prepares %llu queries %llu reconnects %llu, expected 4 7 0",
        (unsigned long long)st.prepares, (unsigned long long)st.queries,
        (unsigned long long)st.reconnects);

  CHECK(pg_restart() == 0, "td_pg_restart failed; see %s/log", pg_dir);
  ASSERT_EQ(query(SQL_PLUS_ONE, 1, two, &r[7]), 0);
  CHECK(run_until(&r[7].called, 1, WAIT_MS) == 0, "lost query never ended");
  CHECK(run_until(&up_cb_called, 2, WAIT_MS) == 0, "the pool did not return");
  ASSERT_EQ(query(SQL_PLUS_ONE, 1, two, &r[8]), 0);
  CHECK(run_until(&r[8].called, 1, WAIT_MS) == 0, "no answer after restart");
  expect_value(&r[8], "3", "the statement in a new session");
  td_pool_stats(pool, &st);
  CHECK(st.prepares == 5, "prepares %llu after a new session, expected 5",
        (unsigned long long)st.prepares);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- A connection left inside a transaction ------------------------------ */

/*
 * A statement that opens a transaction and does not close it ("BEGIN"). The
 * next user of that connection must not find itself inside it.
 *
 * What the pool really does (pgc_complete checks PQtransactionStatus after
 * each result): it does not hand the connection on; it drops it and connects
 * again. The price, asserted here so a change to it is noticed:
 *   - the BEGIN's own caller gets NULL, as if the connection had broken,
 *     not its PGRES_COMMAND_OK, and td_pool_result_retryable(NULL) says
 *     "retry", although retrying the same statement fails the same way;
 *   - with one connection, the pool is then down, so a query merely waiting
 *     in the queue behind the BEGIN fails with NULL too, though PostgreSQL
 *     is healthy;
 *   - each costs a stats.failures, and the new connection a reconnect.
 * The next query runs on a new backend, outside any transaction block.
 */
static void transaction_left_open_is_not_inherited(void)
{
  struct td_pool_stats st;
  struct reply pid_before = {0};
  struct reply begin = {0};
  struct reply behind = {0};
  struct reply savepoint = {0};
  struct reply pid_after = {0};

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  open_pool(conninfo, 1);
  wait_up();
  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &pid_before), 0);
  CHECK(run_until(&pid_before.called, 1, WAIT_MS) == 0,
        "the first query never answered");
  ASSERT_EQ(pid_before.status, PGRES_TUPLES_OK);

  ASSERT_EQ(query("BEGIN", 0, NULL, &begin), 0);
  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &behind), 0);
  CHECK(run_until(&query_cb_called, 3, WAIT_MS) == 0,
        "the BEGIN and the query behind it never completed");
  CHECK(begin.was_null,
        "BEGIN left open: the pool now hands over %s instead of NULL "
        "(the behaviour changed: check the next user is protected)",
        PQresStatus(begin.status));
  CHECK(begin.retryable, "td_pool_result_retryable(NULL) no longer says "
                         "retry: update the account above");
  CHECK(behind.was_null,
        "the query queued behind the BEGIN got %s %s, expected NULL (the "
        "pool fails its queue when its only connection is dropped)",
        PQresStatus(behind.status), behind.value);
  CHECK(begin.seq < behind.seq, "the queued query failed before the BEGIN");

  CHECK(run_until(&up_cb_called, 2, WAIT_MS) == 0,
        "the pool did not reconnect after dropping the connection");
  /* SAVEPOINT succeeds only inside a transaction block. */
  ASSERT_EQ(query("SAVEPOINT pool_probe", 0, NULL, &savepoint), 0);
  ASSERT_EQ(query("SELECT pg_backend_pid()", 0, NULL, &pid_after), 0);
  CHECK(run_until(&query_cb_called, 5, WAIT_MS) == 0,
        "the queries after reconnecting never answered");
  CHECK(!savepoint.was_null && savepoint.status == PGRES_FATAL_ERROR &&
            strcmp(savepoint.sqlstate, "25P01") == 0,
        "SAVEPOINT on the next connection: expected PGRES_FATAL_ERROR 25P01 "
        "(no transaction block), got %s %s: %s",
        savepoint.was_null ? "NULL" : PQresStatus(savepoint.status),
        savepoint.sqlstate, savepoint.message);
  CHECK(!pid_after.was_null && pid_after.status == PGRES_TUPLES_OK,
        "the query after reconnecting: expected PGRES_TUPLES_OK, got %s",
        pid_after.was_null ? "NULL" : PQresStatus(pid_after.status));
  CHECK(strcmp(pid_before.value, pid_after.value) != 0,
        "backend %s answered after the BEGIN: the connection was reused",
        pid_after.value);

  td_pool_stats(pool, &st);
  CHECK(st.failures == 2 && st.reconnects == 1,
        "stats: failures %llu reconnects %llu, expected 2 and 1",
        (unsigned long long)st.failures, (unsigned long long)st.reconnects);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- Queue order --------------------------------------------------------- */

/*
 * With one connection, queries queued at once are answered in the order they
 * were queued, none inside td_pool_query, and each with its own parameters
 * although the caller's buffer is reused (the pool copies them).
 */
static void queued_queries_answer_in_fifo_order(void)
{
  static struct reply r[QUEUED];
  struct td_pool_stats st;
  char buf[16];
  const char *params[1] = {buf};
  int i;

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  memset(r, 0, sizeof(r));
  open_pool(conninfo, 1);
  wait_up();

  for (i = 0; i < QUEUED; i++) {
    snprintf(buf, sizeof(buf), "%d", i);
    CHECK(query("SELECT $1::int", 1, params, &r[i]) == 0,
          "query %d refused while connected", i);
  }
  memset(buf, 'x', sizeof(buf) - 1);
  buf[sizeof(buf) - 1] = '\0';
  ASSERT_EQ(query_cb_called, 0);
  td_pool_stats(pool, &st);
  CHECK(st.in_flight == 1 && st.queued == QUEUED - 1,
        "after queuing %d: in_flight %d queued %d, expected 1 and %d", QUEUED,
        st.in_flight, st.queued, QUEUED - 1);

  CHECK(run_until(&query_cb_called, QUEUED, WAIT_MS) == 0,
        "only %d of %d queued queries answered", query_cb_called, QUEUED);
  for (i = 0; i < QUEUED; i++) {
    snprintf(buf, sizeof(buf), "%d", i);
    CHECK(r[i].called == 1, "query %d: callback ran %d times", i, r[i].called);
    CHECK(!r[i].was_null && r[i].status == PGRES_TUPLES_OK,
          "query %d: expected PGRES_TUPLES_OK, got %s: %s", i,
          r[i].was_null ? "NULL" : PQresStatus(r[i].status), r[i].message);
    CHECK(r[i].seq == i, "query %d answered in position %d", i, r[i].seq);
    CHECK(strcmp(r[i].value, buf) == 0, "query %d answered %s", i, r[i].value);
  }
  td_pool_stats(pool, &st);
  CHECK(st.queries == QUEUED && st.queued == 0 && st.in_flight == 0,
        "stats: queries %llu queued %d in_flight %d",
        (unsigned long long)st.queries, st.queued, st.in_flight);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* --- Refusals and closing ------------------------------------------------ */

/* While no connection is up, td_pool_query says TD_EUNAVAIL at once, and its
 * callback never runs; the pool closes cleanly while still trying. */
static void query_refused_with_eagain_while_down(void)
{
  char ci[128];
  struct reply r = {0};
  int port = free_port();

  CHECK(port > 0, "no free loopback port");
  snprintf(ci, sizeof(ci),
           "host=127.0.0.1 port=%d user=tiepdan dbname=tiepdan "
           "sslmode=disable gssencmode=disable",
           port);
  open_pool(ci, 2);
  ASSERT_EQ(query("SELECT 1", 0, NULL, &r), TD_EUNAVAIL);
  run_for(3 * FIRST_BACKOFF_MS + 100);
  ASSERT_EQ(query("SELECT 1", 0, NULL, &r), TD_EUNAVAIL);
  ASSERT_EQ(up_cb_called, 0);

  close_pool();
  ASSERT_EQ(r.called, 0);
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* Once td_pool_close is called, td_pool_query says TD_ESHUTDOWN and its
 * callback never runs; done runs once. */
static void query_refused_with_eshutdown_once_closing(void)
{
  struct reply r = {0};

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  open_pool(conninfo, 1);
  wait_up();
  td_pool_close(pool, closed_cb, NULL);
  ASSERT_EQ(query("SELECT 1", 0, NULL, &r), TD_ESHUTDOWN);
  pool = NULL;

  close_pool();
  ASSERT_EQ(r.called, 0);
  ASSERT_EQ(closed_cb_called, 1);
  ASSERT_LOOP_CLOSES();
}

/* Closing with queries pending: each callback runs exactly once, with NULL;
 * as pool.h says, the queued ones fail first, then the one in flight. */
static void close_fails_pending_queries_with_null(void)
{
  struct reply r[3];
  int i;

  CHECK(pg_ensure_running() == 0, "cannot start PostgreSQL in %s", pg_dir);
  memset(r, 0, sizeof(r));
  open_pool(conninfo, 1);
  wait_up();
  for (i = 0; i < 3; i++)
    ASSERT_EQ(query("SELECT pg_sleep(0.1)", 0, NULL, &r[i]), 0);

  close_pool();
  ASSERT_EQ(closed_cb_called, 1);
  for (i = 0; i < 3; i++) {
    CHECK(r[i].called == 1, "query %d: callback ran %d times", i, r[i].called);
    CHECK(r[i].was_null, "query %d: expected NULL on close, got %s", i,
          PQresStatus(r[i].status));
  }
  CHECK(r[1].seq < r[2].seq && r[2].seq < r[0].seq,
        "order on close: queued %d and %d, in flight %d; expected the "
        "queued ones first, in order",
        r[1].seq, r[2].seq, r[0].seq);
  ASSERT_LOOP_CLOSES();
}

/* A result that is no failure but not the one expected (a command's where
 * rows were due) is a bug, never worth a retry; a lost connection (NULL) and
 * a libpq-side failure without SQLSTATE are. */
static void only_failures_can_be_retryable(void)
{
  PGresult *ok = PQmakeEmptyPGresult(NULL, PGRES_COMMAND_OK);
  PGresult *rows = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
  PGresult *bad = PQmakeEmptyPGresult(NULL, PGRES_FATAL_ERROR);

  CHECK(ok != NULL && rows != NULL && bad != NULL,
        "libpq must make empty results");
  CHECK(td_pool_result_retryable(ok) == 0,
        "a COMMAND_OK result must not be retryable");
  CHECK(td_pool_result_retryable(rows) == 0,
        "a TUPLES_OK result must not be retryable");
  CHECK(td_pool_result_retryable(bad) == 1,
        "a failure without SQLSTATE (libpq-side) must be retryable");
  CHECK(td_pool_result_retryable(NULL) == 1,
        "a lost connection (NULL) must be retryable");
  PQclear(ok);
  PQclear(rows);
  PQclear(bad);
}

/* --- The program -----------------------------------------------------------
 */

#define RUN(fn)                                                                \
  do {                                                                         \
    RUN_TEST(fn);                                                              \
    teardown();                                                                \
    fflush(stdout);                                                            \
  } while (0)

static int run_tests(void)
{
  signal(SIGPIPE, SIG_IGN);
  td_log_set_level(TD_LOG_WARN);
  RUN(reconnects_with_backoff_until_postgres_is_up);
  RUN(restart_between_two_queries_then_reconnects);
  RUN(failing_statement_returns_error_and_keeps_connection);
  RUN(statements_are_prepared_once_per_connection);
  RUN(transaction_left_open_is_not_inherited);
  RUN(queued_queries_answer_in_fifo_order);
  RUN(query_refused_with_eagain_while_down);
  RUN(query_refused_with_eshutdown_once_closing);
  RUN(close_fails_pending_queries_with_null);
  RUN(only_failures_can_be_retryable);
  return TEST_EXIT();
}

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t stop_requested;

/* SIGINT, SIGTERM, SIGHUP in the parent: the tests stop, the cleanup runs. */
static void on_stop_signal(int sig)
{
  (void)sig;
  stop_requested = 1;
  if (child_pid > 0)
    kill((pid_t)child_pid, SIGTERM);
}

static void handle_stop_signals(void (*handler)(int))
{
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = handler;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}

/* Makes the cluster's directory, picks its port and starts it; 0 if done. */
static int start_cluster(void)
{
  const char *tmp = getenv("TMPDIR");
  int port = free_port();

  snprintf(pg_dir, sizeof(pg_dir), "%s/td-test-pool.XXXXXX",
           tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
  /* 0755, so user postgres can enter it, as deploy/lib.sh's td_tmpdir. */
  if (port < 0 || mkdtemp(pg_dir) == NULL || chmod(pg_dir, 0755) != 0) {
    fprintf(stderr, "test_pool: cannot make a directory or find a port\n");
    pg_dir[0] = '\0';
    return -1;
  }
  pg_port_num = port;
  snprintf(pg_port, sizeof(pg_port), "%d", port);
  snprintf(conninfo, sizeof(conninfo),
           "host=127.0.0.1 port=%d user=tiepdan dbname=tiepdan "
           "sslmode=disable gssencmode=disable",
           port);
  if (lib_sh("td_pg_start \"$2\" \"$3\"") != 0) {
    fprintf(stderr, "test_pool: cannot start a PostgreSQL 15 cluster of its "
                    "own (are the postgresql-15 binaries installed? "
                    "tests/run.sh installs them)\n");
    return -1;
  }
  pg_running = 1;
  return 0;
}

static void remove_cluster(void)
{
  if (pg_dir[0] == '\0')
    return;
  if (lib_sh("td_pg_stop \"$2\"; rm -rf -- \"$2\"") != 0)
    fprintf(stderr, "test_pool: could not remove %s\n", pg_dir);
}

/* Runs the tests in a child; returns the program's exit status. */
static int run_in_child(void)
{
  pid_t pid;
  int status = 0;

  fflush(NULL);
  pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    handle_stop_signals(SIG_DFL);
    exit(run_tests());
  }
  child_pid = pid;
  if (stop_requested)
    kill(pid, SIGTERM);
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      child_pid = 0;
      return 1;
    }
  }
  child_pid = 0;
  if (WIFSIGNALED(status)) {
    fprintf(stderr, "test_pool: the tests died of signal %d\n",
            WTERMSIG(status));
    return 1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Here only, in the parent: the cluster is stopped and removed whatever
 * became of the tests, a crash or a signal included. */
int main(void)
{
  int rc = 1;

  handle_stop_signals(on_stop_signal);
  if (start_cluster() == 0 && !stop_requested)
    rc = run_in_child();
  remove_cluster();
  return rc;
}
