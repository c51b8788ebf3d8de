/* The server's metrics; see metrics.h. */
#include "util/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct td_metrics td_metrics;

/* Request latency buckets, upper bounds in seconds ("le"), and in ns. */
#define NBUCKETS 13
static const char *const bucket_le[NBUCKETS] = {
    "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};
static const uint64_t bucket_ns[NBUCKETS] = {
    1000000ull,    2500000ull,    5000000ull,    10000000ull,  25000000ull,
    50000000ull,   100000000ull,  250000000ull,  500000000ull, 1000000000ull,
    2500000000ull, 5000000000ull, 10000000000ull};

#define NAME_MAX_LEN 32
#define MAX_OPS 64
#define MAX_RESULTS 24

struct result_slot {
  char name[NAME_MAX_LEN];
  _Atomic uint64_t n;
};

/* One operation: its latency histogram and its results. The loop thread
 * writes a slot's name before publishing it (release on nresults / nops);
 * readers load the count with acquire and read only the slots below it. */
struct op_slot {
  char name[NAME_MAX_LEN];
  _Atomic uint64_t bucket[NBUCKETS]; /* Not cumulative; render adds up. */
  _Atomic uint64_t count;
  _Atomic uint64_t sum_ns;
  struct result_slot results[MAX_RESULTS];
  _Atomic int nresults;
};

static struct op_slot ops[MAX_OPS];
static _Atomic int nops;

static void copy_name(char *dst, const char *src)
{
  size_t n = strlen(src);

  if (n >= NAME_MAX_LEN)
    n = NAME_MAX_LEN - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static int same_name(const char *slot, const char *s)
{
  return strncmp(slot, s, NAME_MAX_LEN - 1) == 0;
}

/* The slot of op; the last one takes every operation beyond MAX_OPS. */
static struct op_slot *op_slot(const char *op)
{
  int n = atomic_load_explicit(&nops, memory_order_relaxed);
  int i;

  for (i = 0; i < n; i++)
    if (same_name(ops[i].name, op))
      return &ops[i];
  if (n == MAX_OPS)
    return &ops[MAX_OPS - 1];
  copy_name(ops[n].name, n == MAX_OPS - 1 ? "other" : op);
  atomic_store_explicit(&nops, n + 1, memory_order_release);
  return &ops[n];
}

static struct result_slot *result_slot(struct op_slot *o, const char *result)
{
  int n = atomic_load_explicit(&o->nresults, memory_order_relaxed);
  int i;

  for (i = 0; i < n; i++)
    if (same_name(o->results[i].name, result))
      return &o->results[i];
  if (n == MAX_RESULTS)
    return &o->results[MAX_RESULTS - 1];
  copy_name(o->results[n].name, n == MAX_RESULTS - 1 ? "other" : result);
  atomic_store_explicit(&o->nresults, n + 1, memory_order_release);
  return &o->results[n];
}

void td_metrics_request(const char *op, const char *result, uint64_t ns)
{
  struct op_slot *o = op_slot(op != NULL ? op : "unknown");
  struct result_slot *r = result_slot(o, result != NULL ? result : "unknown");
  int b;

  atomic_fetch_add_explicit(&r->n, 1, memory_order_relaxed);
  for (b = 0; b < NBUCKETS && ns > bucket_ns[b]; b++)
    ;
  if (b < NBUCKETS)
    atomic_fetch_add_explicit(&o->bucket[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&o->sum_ns, ns, memory_order_relaxed);
  atomic_fetch_add_explicit(&o->count, 1, memory_order_relaxed);
}

static int class_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return 10 + (c - 'A');
  return -1;
}

static char digit_class(int d)
{
  return (char)(d < 10 ? '0' + d : 'A' + (d - 10));
}

void td_metrics_db_error(const char *sqlstate)
{
  int hi;
  int lo;

  if (sqlstate == NULL || strlen(sqlstate) < 2)
    sqlstate = "08";
  hi = class_digit(sqlstate[0]);
  lo = class_digit(sqlstate[1]);
  if (hi < 0 || lo < 0) {
    hi = class_digit('X');
    lo = class_digit('X');
  }
  TD_METRIC_INC(db_errors[hi * 36 + lo]);
}

void td_metrics_client_expiry(int64_t not_after)
{
  int64_t seen = TD_METRIC_GET(cert_client_expiry);

  /* Only the loop thread writes it: no compare-and-swap needed. */
  if (seen == 0 || not_after < seen)
    TD_METRIC_SET(cert_client_expiry, not_after);
}

/* The exposition ------------------------------------------------------------
 */

void td_mbuf_printf(struct td_mbuf *b, const char *fmt, ...)
{
  va_list ap;
  int n;

  if (b->oom)
    return;
  for (;;) {
    va_start(ap, fmt);
    n = vsnprintf(b->p != NULL ? b->p + b->len : NULL,
                  b->p != NULL ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->oom = 1;
      return;
    }
    if (b->p != NULL && (size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    }
    {
      size_t cap = b->cap ? b->cap * 2 : 8192;
      char *p;

      while (cap < b->len + (size_t)n + 1)
        cap *= 2;
      p = realloc(b->p, cap);
      if (p == NULL) {
        b->oom = 1;
        return;
      }
      b->p = p;
      b->cap = cap;
    }
  }
}

void td_mbuf_label(struct td_mbuf *b, const char *s)
{
  const char *run = s;

  for (; *s != '\0'; s++) {
    if (*s != '\\' && *s != '"' && *s != '\n')
      continue;
    td_mbuf_printf(b, "%.*s\\%c", (int)(s - run), run, *s == '\n' ? 'n' : *s);
    run = s + 1;
  }
  td_mbuf_printf(b, "%s", run);
}

static const char *const refused_names[TD_REFUSED_N] = {"max_conns",
                                                        "draining"};
static const char *const tls_names[TD_TLSF_N] = {
    "unknown_ca",     "revoked",  "expired", "not_yet_valid", "bad_certificate",
    "no_certificate", "protocol", "timeout", "closed"};

const char *td_refused_name(enum td_refused r)
{
  return (unsigned)r < TD_REFUSED_N ? refused_names[r] : "other";
}

const char *td_tls_failure_name(enum td_tls_failure f)
{
  return (unsigned)f < TD_TLSF_N ? tls_names[f] : "other";
}

static void head(struct td_mbuf *b, const char *name, const char *type,
                 const char *help)
{
  td_mbuf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void gauge(struct td_mbuf *b, const char *name, const char *help,
                  long long v)
{
  head(b, name, "gauge", help);
  td_mbuf_printf(b, "%s %lld\n", name, v);
}

/* The replicas: only when read-db is set. The lag is NaN until a probe has
 * vouched for the replica (and while it may not be read). */
static void render_read_pool(struct td_mbuf *b)
{
  int64_t lag_us = TD_METRIC_GET(read_lag_us);
  int64_t lag_bytes = TD_METRIC_GET(read_lag_bytes);

  if (!TD_METRIC_GET(read_configured))
    return;
  gauge(b, "tiepdan_read_pool_connections_up",
        "Connections of the read pool (the replicas) up now.",
        TD_METRIC_GET(read_up));
  head(b, "tiepdan_read_pool_lag_seconds", "gauge",
       "How far the replica is behind: the age of the newest moment up to "
       "which it holds every write this server saw acknowledged.");
  if (lag_us < 0)
    td_mbuf_printf(b, "tiepdan_read_pool_lag_seconds NaN\n");
  else
    td_mbuf_printf(b, "tiepdan_read_pool_lag_seconds %.3f\n",
                   (double)lag_us / 1e6);
  head(b, "tiepdan_read_pool_lag_bytes", "gauge",
       "WAL the replica has still to replay, in bytes.");
  if (lag_bytes < 0)
    td_mbuf_printf(b, "tiepdan_read_pool_lag_bytes NaN\n");
  else
    td_mbuf_printf(b, "tiepdan_read_pool_lag_bytes %lld\n",
                   (long long)lag_bytes);
  head(b, "tiepdan_reads_total", "counter",
       "Reads that could go to a replica (statistics, lists, reports, the "
       "change feed), by where they went.");
  td_mbuf_printf(b,
                 "tiepdan_reads_total{pool=\"replica\"} %llu\n"
                 "tiepdan_reads_total{pool=\"primary\"} %llu\n",
                 (unsigned long long)TD_METRIC_GET(reads_replica),
                 (unsigned long long)TD_METRIC_GET(reads_primary));
}

static void render_requests(struct td_mbuf *b)
{
  int n = atomic_load_explicit(&nops, memory_order_acquire);
  int i;
  int j;

  head(b, "tiepdan_requests_total", "counter",
       "Requests answered, by operation and result (OK or the error code).");
  for (i = 0; i < n; i++) {
    int nr = atomic_load_explicit(&ops[i].nresults, memory_order_acquire);

    for (j = 0; j < nr; j++) {
      td_mbuf_printf(b, "tiepdan_requests_total{op=\"");
      td_mbuf_label(b, ops[i].name);
      td_mbuf_printf(b, "\",result=\"");
      td_mbuf_label(b, ops[i].results[j].name);
      td_mbuf_printf(b, "\"} %llu\n",
                     (unsigned long long)atomic_load_explicit(
                         &ops[i].results[j].n, memory_order_relaxed));
    }
  }
  head(b, "tiepdan_request_duration_seconds", "histogram",
       "Time from a request's arrival to its answer, by operation.");
  for (i = 0; i < n; i++) {
    uint64_t cum = 0;
    uint64_t count;
    uint64_t sum;

    /* The count is read first and the buckets never exceed it, so the
     * +Inf bucket, which is the count, is never below the last bucket. */
    count = atomic_load_explicit(&ops[i].count, memory_order_relaxed);
    sum = atomic_load_explicit(&ops[i].sum_ns, memory_order_relaxed);
    for (j = 0; j < NBUCKETS; j++) {
      cum += atomic_load_explicit(&ops[i].bucket[j], memory_order_relaxed);
      if (cum > count)
        cum = count;
      td_mbuf_printf(b, "tiepdan_request_duration_seconds_bucket{op=\"");
      td_mbuf_label(b, ops[i].name);
      td_mbuf_printf(b, "\",le=\"%s\"} %llu\n", bucket_le[j],
                     (unsigned long long)cum);
    }
    td_mbuf_printf(b, "tiepdan_request_duration_seconds_bucket{op=\"");
    td_mbuf_label(b, ops[i].name);
    td_mbuf_printf(b, "\",le=\"+Inf\"} %llu\n", (unsigned long long)count);
    td_mbuf_printf(b, "tiepdan_request_duration_seconds_sum{op=\"");
    td_mbuf_label(b, ops[i].name);
    td_mbuf_printf(b, "\"} %.9f\n", (double)sum / 1e9);
    td_mbuf_printf(b, "tiepdan_request_duration_seconds_count{op=\"");
    td_mbuf_label(b, ops[i].name);
    td_mbuf_printf(b, "\"} %llu\n", (unsigned long long)count);
  }
}

static void render_db_errors(struct td_mbuf *b)
{
  int i;

  head(b, "tiepdan_db_errors_total", "counter",
       "Statements PostgreSQL failed, and connections lost or refused "
       "(class 08), by SQLSTATE class.");
  for (i = 0; i < TD_SQLSTATE_CLASSES; i++) {
    uint64_t v = TD_METRIC_GET(db_errors[i]);

    if (v != 0 || i == 8) /* Class 08 always shows. */
      td_mbuf_printf(b, "tiepdan_db_errors_total{class=\"%c%c\"} %llu\n",
                     digit_class(i / 36), digit_class(i % 36),
                     (unsigned long long)v);
  }
}

static void render_expiry(struct td_mbuf *b)
{
  static const char *const which[3] = {"server", "ca", "client"};
  int64_t v[3];
  int i;

  v[0] = TD_METRIC_GET(cert_server_expiry);
  v[1] = TD_METRIC_GET(cert_ca_expiry);
  v[2] = TD_METRIC_GET(cert_client_expiry);
  head(b, "tiepdan_certificate_expiry_timestamp_seconds", "gauge",
       "When a certificate expires (notAfter, unix time): the server's, the "
       "client CA's (the soonest), the soonest verified client's since start.");
  for (i = 0; i < 3; i++)
    if (v[i] != 0)
      td_mbuf_printf(b,
                     "tiepdan_certificate_expiry_timestamp_seconds{"
                     "certificate=\"%s\"} %lld\n",
                     which[i], (long long)v[i]);
}

void td_metrics_render(struct td_mbuf *b, const char *version)
{
  int i;

  head(b, "tiepdan_build_info", "gauge", "The server's version.");
  td_mbuf_printf(b, "tiepdan_build_info{version=\"");
  td_mbuf_label(b, version);
  td_mbuf_printf(b, "\"} 1\n");
  gauge(b, "tiepdan_start_time_seconds", "When the server started, unix time.",
        TD_METRIC_GET(start_time));
  render_requests(b);
  head(b, "tiepdan_connections_accepted_total", "counter",
       "Client connections accepted on the TLS port.");
  td_mbuf_printf(b, "tiepdan_connections_accepted_total %llu\n",
                 (unsigned long long)TD_METRIC_GET(conns_accepted));
  gauge(b, "tiepdan_connections_open", "Client connections open now.",
        TD_METRIC_GET(conns_open));
  head(b, "tiepdan_connections_refused_total", "counter",
       "Connections closed before their handshake, by reason.");
  for (i = 0; i < TD_REFUSED_N; i++)
    td_mbuf_printf(b, "tiepdan_connections_refused_total{reason=\"%s\"} %llu\n",
                   refused_names[i],
                   (unsigned long long)TD_METRIC_GET(refused[i]));
  head(b, "tiepdan_tls_handshake_failures_total", "counter",
       "TLS handshakes that failed, by reason.");
  for (i = 0; i < TD_TLSF_N; i++)
    td_mbuf_printf(
        b, "tiepdan_tls_handshake_failures_total{reason=\"%s\"} %llu\n",
        tls_names[i], (unsigned long long)TD_METRIC_GET(tls_failures[i]));
  head(b, "tiepdan_db_pool_connections", "gauge",
       "PostgreSQL connections of the pool, by state.");
  td_mbuf_printf(b,
                 "tiepdan_db_pool_connections{state=\"idle\"} %lld\n"
                 "tiepdan_db_pool_connections{state=\"busy\"} %lld\n"
                 "tiepdan_db_pool_connections{state=\"connecting\"} %lld\n"
                 "tiepdan_db_pool_connections{state=\"broken\"} %lld\n",
                 (long long)TD_METRIC_GET(pool_idle),
                 (long long)TD_METRIC_GET(pool_busy),
                 (long long)TD_METRIC_GET(pool_connecting),
                 (long long)TD_METRIC_GET(pool_down));
  gauge(b, "tiepdan_db_pool_queue_depth",
        "Statements waiting for a pool connection.",
        TD_METRIC_GET(pool_queued));
  render_db_errors(b);
  render_read_pool(b);
  gauge(b, "tiepdan_feed_horizon",
        "The change feed's horizon: the event id below which every event "
        "has committed.",
        (long long)TD_METRIC_GET(feed_horizon));
  gauge(b, "tiepdan_feed_parked_polls",
        "Change feed polls parked, waiting for new events.",
        TD_METRIC_GET(feed_parked));
  gauge(b, "tiepdan_draining",
        "1 while the server is stopping (no new connections).",
        TD_METRIC_GET(draining));
  render_expiry(b);
}
