/*
 * td_bench_stats: closed-loop latency benchmark of GetStats through tiepdand.
 *
 *   td_bench_stats --server H:P --ca CA --cert C --key K
 *                  --scenario nation|by-province|province
 *                  [--units CODE,CODE,...] [--from YYYY-MM] [--to YYYY-MM]
 *                  [--requests N] [--warmup N] [--conns C] [--timeout-ms MS]
 *
 * Each of the C connections (one thread each) sends one request, waits for
 * its reply, and sends the next: one request in flight per connection. The
 * latency of a request is the time from just before it is sent to just after
 * its reply is decoded, on the monotonic clock. The first --warmup requests
 * of every connection are not measured.
 *
 * Scenarios:
 *   nation       the nation's totals: unit_code VN (or the first of --units),
 *                no grouping
 *   by-province  the same, grouped by unit at the province level
 *   province     a province's totals, rotating through --units
 *
 * --from and --to default to January of the current year and the current
 * month (local time). Every reply must be a StatsReply whose total received
 * is above zero (and, grouped, that has rows); anything else is counted as a
 * failure and makes the exit status 1.
 *
 * Prints one line, key=value separated by spaces, milliseconds:
 *   scenario=S requests=N conns=C failures=F p50=.. p90=.. p99=.. max=..
 *   mean=.. rps=.. received=R rows=W from=F to=T figures=A/B/...
 * where received, rows and figures (every measure of the total, in the order
 * of tests/bench/stats_naive.sql) are those of the last reply (of the first
 * unit for the province scenario). Exit status: 0 ok, 1 failures, 2 bad command
 * line, 3 no connection.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/conn.h"

#define UNITS_MAX 256

enum scenario { SC_NATION, SC_BY_PROVINCE, SC_PROVINCE };

struct bench {
  struct td_client_opts opts;
  enum scenario sc;
  const char *sc_name;
  char *units[UNITS_MAX];
  int nunits;
  char from[8];
  char to[8];
  long requests; /* Measured, over all connections. */
  long warmup;   /* Per connection. */
  int conns;
};

struct worker {
  struct bench *b;
  pthread_t thread;
  int index;
  long n;            /* Requests to measure. */
  double *lat;       /* Their latencies, ms. */
  long done;         /* How many were measured. */
  long failures;     /* Replies that were not sane, or errors. */
  int fatal;         /* The connection could not be made (3) or broke (1). */
  uint64_t received; /* Of the last sane reply. */
  size_t rows;
  char figures[320]; /* Its total's measures, see total_figures. */
  char err[512];
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_bench_stats: %s\n"
          "usage: td_bench_stats --server H:P --ca CA --cert C --key K "
          "--scenario nation|by-province|province [--units CODE,...] "
          "[--from YYYY-MM] [--to YYYY-MM] [--requests N] [--warmup N] "
          "[--conns C] [--timeout-ms MS]\n",
          why);
  return 2;
}

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long number(const char *s, long min, long max)
{
  char *end;
  long n;

  errno = 0;
  n = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || n < min || n > max)
    return -1;
  return n;
}

/* Sets *out to the number s if it lies in [min, max]; 1 if it did. */
static int set_long(long *out, const char *s, long min, long max)
{
  long n = number(s, min, max);

  if (n < 0)
    return 0;
  *out = n;
  return 1;
}

static int set_int(int *out, const char *s, int min, int max)
{
  long n = number(s, min, max);

  if (n < 0)
    return 0;
  *out = (int)n;
  return 1;
}

static int month_valid(const char *s)
{
  return strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789-") == 7;
}

/* Splits a comma-separated list in place into b->units. */
static int split_units(struct bench *b, char *list)
{
  char *save = NULL;
  char *tok;

  for (tok = strtok_r(list, ",", &save); tok != NULL;
       tok = strtok_r(NULL, ",", &save)) {
    if (b->nunits == UNITS_MAX)
      return -1;
    b->units[b->nunits++] = tok;
  }
  return b->nunits > 0 ? 0 : -1;
}

/* Fills env with the i-th request of the scenario; m and dims are its
 * storage. */
static void make_request(const struct bench *b, long i, Tiepdan__Envelope *env,
                         Tiepdan__GetStats *m, Tiepdan__StatDim *dims)
{
  tiepdan__envelope__init(env);
  tiepdan__get_stats__init(m);
  m->from = (char *)b->from;
  m->to = (char *)b->to;
  switch (b->sc) {
  case SC_NATION:
    m->unit_code = b->nunits > 0 ? b->units[0] : "VN";
    break;
  case SC_BY_PROVINCE:
    m->unit_code = b->nunits > 0 ? b->units[0] : "VN";
    dims[0] = TIEPDAN__STAT_DIM__DIM_UNIT;
    m->n_group_by = 1;
    m->group_by = dims;
    m->unit_level = "province";
    break;
  case SC_PROVINCE:
    m->unit_code = b->units[i % b->nunits];
    break;
  }
  env->body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  env->get_stats = m;
}

/* Writes every measure of a total into buf, separated by '/', in the order
 * of the columns of tests/bench/stats_naive.sql, so that the benchmark can
 * compare them with the petitions counted directly. */
static void total_figures(const Tiepdan__StatRow *t, char *buf, size_t len)
{
  snprintf(
      buf, len,
      "%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/%llu/"
      "%llu/%llu/%llu",
      (unsigned long long)t->received, (unsigned long long)t->accepted,
      (unsigned long long)t->not_accepted, (unsigned long long)t->transferred,
      (unsigned long long)t->resolved,
      (unsigned long long)t->answered_in_writing,
      (unsigned long long)t->mediated_successfully,
      (unsigned long long)t->mediation_failed,
      (unsigned long long)t->decision_issued, (unsigned long long)t->withdrawn,
      (unsigned long long)t->resolved_on_time,
      (unsigned long long)t->resolved_late,
      (unsigned long long)t->open_within_deadline,
      (unsigned long long)t->open_overdue, (unsigned long long)t->open_due_soon,
      (unsigned long long)t->group_petitions);
}

/* Sends one request and judges its reply: 0 sane, 1 not sane (counted as a
 * failure), -1 the connection is broken. */
static int one_request(struct worker *w, struct td_conn *c, long i)
{
  Tiepdan__Envelope env;
  Tiepdan__GetStats m;
  Tiepdan__StatDim dims[1];
  Tiepdan__Envelope *reply = NULL;
  const Tiepdan__StatsReply *r;
  int rc;

  make_request(w->b, i, &env, &m, dims);
  rc = td_conn_call(c, &env, &reply, w->err, sizeof(w->err));
  if (rc != 0)
    return -1;
  rc = 0;
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR) {
    snprintf(w->err, sizeof(w->err), "error reply: %s",
             reply->error->message != NULL ? reply->error->message : "?");
    rc = 1;
  } else if (reply->body_case != TIEPDAN__ENVELOPE__BODY_STATS_REPLY) {
    snprintf(w->err, sizeof(w->err), "unexpected reply body %d",
             (int)reply->body_case);
    rc = 1;
  } else {
    r = reply->stats_reply;
    if (r->total == NULL || !r->total->has_received ||
        r->total->received == 0) {
      snprintf(w->err, sizeof(w->err), "reply for %s counts no petitions",
               env.get_stats->unit_code);
      rc = 1;
    } else if (w->b->sc == SC_BY_PROVINCE && r->n_rows == 0) {
      snprintf(w->err, sizeof(w->err), "grouped reply has no rows");
      rc = 1;
    } else if (w->b->sc != SC_PROVINCE || i % w->b->nunits == 0) {
      w->received = r->total->received;
      w->rows = r->n_rows;
      total_figures(r->total, w->figures, sizeof(w->figures));
    }
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  return rc;
}

static void *run_worker(void *arg)
{
  struct worker *w = arg;
  struct td_conn *c = NULL;
  long i;
  long total = w->b->warmup + w->n;
  double t0;
  int rc;

  if (td_conn_open(&w->b->opts, &c, w->err, sizeof(w->err)) != 0) {
    w->fatal = 3;
    return NULL;
  }
  /* Start each connection at a different unit so they do not march in
   * step. */
  for (i = 0; i < total; i++) {
    long k = i + w->index;

    t0 = now_ms();
    rc = one_request(w, c, k);
    if (rc < 0) {
      w->fatal = 1;
      break;
    }
    if (rc > 0)
      w->failures++;
    if (i >= w->b->warmup)
      w->lat[w->done++] = now_ms() - t0;
  }
  td_conn_close(c);
  return NULL;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of sorted v, nearest rank. */
static double percentile(const double *v, long n, double p)
{
  long rank;

  if (n == 0)
    return 0;
  rank = (long)(p / 100.0 * (double)n + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return v[rank - 1];
}

static int parse_args(struct bench *b, int argc, char **argv)
{
  char *units = NULL;
  char *scenario = NULL;
  int i;

  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    char *v = i + 1 < argc ? argv[i + 1] : NULL;

    if (v == NULL)
      return usage("every option takes a value");
    i++;
    if (strcmp(a, "--server") == 0)
      b->opts.server = v;
    else if (strcmp(a, "--ca") == 0)
      b->opts.ca = v;
    else if (strcmp(a, "--cert") == 0)
      b->opts.cert = v;
    else if (strcmp(a, "--key") == 0)
      b->opts.key = v;
    else if (strcmp(a, "--scenario") == 0)
      scenario = v;
    else if (strcmp(a, "--units") == 0)
      units = v;
    else if (strcmp(a, "--from") == 0 && month_valid(v))
      snprintf(b->from, sizeof(b->from), "%s", v);
    else if (strcmp(a, "--to") == 0 && month_valid(v))
      snprintf(b->to, sizeof(b->to), "%s", v);
    else if (strcmp(a, "--requests") == 0 &&
             set_long(&b->requests, v, 1, 100000000))
      ;
    else if (strcmp(a, "--warmup") == 0 &&
             set_long(&b->warmup, v, 0, 100000000))
      ;
    else if (strcmp(a, "--conns") == 0 && set_int(&b->conns, v, 1, 256))
      ;
    else if (strcmp(a, "--timeout-ms") == 0 &&
             set_int(&b->opts.timeout_ms, v, 0, 3600000))
      ;
    else
      return usage("unknown option or bad value");
  }
  if (b->opts.server == NULL || scenario == NULL)
    return usage("--server and --scenario are required");
  b->sc_name = scenario;
  if (strcmp(scenario, "nation") == 0)
    b->sc = SC_NATION;
  else if (strcmp(scenario, "by-province") == 0)
    b->sc = SC_BY_PROVINCE;
  else if (strcmp(scenario, "province") == 0)
    b->sc = SC_PROVINCE;
  else
    return usage("--scenario: nation, by-province or province");
  if (units != NULL && split_units(b, units) != 0)
    return usage("--units: a comma-separated list of unit codes");
  if (b->sc == SC_PROVINCE && b->nunits == 0)
    return usage("--scenario province needs --units");
  return 0;
}

int main(int argc, char **argv)
{
  struct bench b;
  struct worker *w;
  double *all;
  double t0;
  double elapsed;
  double sum = 0;
  long n = 0;
  long failures = 0;
  int status = 0;
  int i;
  long k;
  time_t t = time(NULL);
  struct tm tm;

  signal(SIGPIPE, SIG_IGN);
  memset(&b, 0, sizeof(b));
  b.requests = 2000;
  b.warmup = 100;
  b.conns = 1;
  b.opts.timeout_ms = 30000;
  localtime_r(&t, &tm);
  strftime(b.from, sizeof(b.from), "%Y-01", &tm);
  strftime(b.to, sizeof(b.to), "%Y-%m", &tm);
  i = parse_args(&b, argc, argv);
  if (i != 0)
    return i;

  w = calloc((size_t)b.conns, sizeof(*w));
  all = calloc((size_t)b.requests, sizeof(*all));
  if (w == NULL || all == NULL)
    return 1;
  for (i = 0; i < b.conns; i++) {
    w[i].b = &b;
    w[i].index = i;
    w[i].n = b.requests / b.conns + (i < b.requests % b.conns);
    w[i].lat = all + n;
    n += w[i].n;
  }
  t0 = now_ms();
  for (i = 0; i < b.conns; i++)
    if (pthread_create(&w[i].thread, NULL, run_worker, &w[i]) != 0)
      return 1;
  for (i = 0; i < b.conns; i++)
    pthread_join(w[i].thread, NULL);
  elapsed = now_ms() - t0;

  /* Pack the measured latencies together and gather the verdicts. */
  n = 0;
  for (i = 0; i < b.conns; i++) {
    if (w[i].fatal != 0) {
      fprintf(stderr, "td_bench_stats: connection %d: %s\n", i, w[i].err);
      if (status == 0 || w[i].fatal == 3)
        status = w[i].fatal;
    } else if (w[i].failures > 0) {
      fprintf(stderr,
              "td_bench_stats: connection %d: %ld bad replies, last: %s\n", i,
              w[i].failures, w[i].err);
    }
    failures += w[i].failures;
    for (k = 0; k < w[i].done; k++) {
      all[n] = w[i].lat[k];
      sum += all[n++];
    }
  }
  if (failures > 0 && status == 0)
    status = 1;
  qsort(all, (size_t)n, sizeof(*all), cmp_double);
  printf("scenario=%s requests=%ld conns=%d failures=%ld p50=%.3f p90=%.3f "
         "p99=%.3f max=%.3f mean=%.3f rps=%.1f received=%llu rows=%zu "
         "from=%s to=%s figures=%s\n",
         b.sc_name, n, b.conns, failures, percentile(all, n, 50),
         percentile(all, n, 90), percentile(all, n, 99),
         n > 0 ? all[n - 1] : 0.0, n > 0 ? sum / (double)n : 0.0,
         elapsed > 0 ? (double)(n + b.warmup * b.conns) * 1e3 / elapsed : 0.0,
         (unsigned long long)w[0].received, w[0].rows, b.from, b.to,
         w[0].figures[0] != '\0' ? w[0].figures : "-");
  free(all);
  free(w);
  return status;
}
