/*
 * td_bench_search: closed-loop latency benchmark of text search
 * (ListPetitions.text) through tiepdand.
 *
 *   td_bench_search --server H:P --ca CA --cert C --key K --queries FILE
 *                   [--unit CODE] [--page-size N] [--requests N]
 *                   [--warmup N] [--offset N] [--timeout-ms MS] [--raw FILE]
 *                   [--label NAME]
 *
 * One connection sends one ListPetitions, waits for its reply, and sends the
 * next. Request i searches line (i + offset) of FILE (UTF-8, one query a
 * line, as an officer would type it: with or without diacritics, any case,
 * NFC or NFD), in --unit if given, else in the caller's own area. The
 * latency of a request is the time from just before it is sent to just
 * after its reply is decoded, on the monotonic clock; the first --warmup
 * requests are not measured. --raw appends every measured request to FILE,
 * one a line: its latency (ms), the rows it found and its query, separated
 * by tabs, so a script can pool several runs and see which queries are slow.
 *
 * Every reply must be a ListReply; an error reply is a failure and makes the
 * exit status 1. Prints one line, key=value separated by spaces, ms:
 *   label=L requests=N failures=F p50=.. p95=.. p99=.. max=.. mean=..
 *   rps=.. rows=R empty=E
 * where rows is the number of petitions returned over all measured
 * requests and empty the number of measured requests that found none.
 * Exit status: 0 ok, 1 failures, 2 bad command line, 3 no connection.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/conn.h"

#define QUERIES_MAX 4096
#define QUERY_LEN 512

struct bench {
  struct td_client_opts opts;
  const char *queries_path;
  const char *raw_path;
  const char *label;
  char *unit;
  char *queries[QUERIES_MAX];
  int nqueries;
  long page_size;
  long requests;
  long warmup;
  long offset;
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_bench_search: %s\n"
          "usage: td_bench_search --server H:P --ca CA --cert C --key K "
          "--queries FILE [--unit CODE] [--page-size N] [--requests N] "
          "[--warmup N] [--offset N] [--timeout-ms MS] [--raw FILE] "
          "[--label NAME]\n",
          why);
  return 2;
}

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Sets *out to the number s if it lies in [min, max]; 1 if it did. */
static int set_long(long *out, const char *s, long min, long max)
{
  char *end;
  long n;

  errno = 0;
  n = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || n < min || n > max)
    return 0;
  *out = n;
  return 1;
}

static int set_int(int *out, const char *s, int min, int max)
{
  long n;

  if (!set_long(&n, s, min, max))
    return 0;
  *out = (int)n;
  return 1;
}

/* Reads the queries, one a line; empty lines are skipped. */
static int read_queries(struct bench *b)
{
  FILE *f = fopen(b->queries_path, "r");
  char line[QUERY_LEN];

  if (f == NULL) {
    fprintf(stderr, "td_bench_search: %s: %s\n", b->queries_path,
            strerror(errno));
    return -1;
  }
  while (fgets(line, sizeof(line), f) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0')
      continue;
    if (b->nqueries == QUERIES_MAX)
      break;
    b->queries[b->nqueries] = strdup(line);
    if (b->queries[b->nqueries] == NULL) {
      fclose(f);
      return -1;
    }
    b->nqueries++;
  }
  fclose(f);
  if (b->nqueries == 0) {
    fprintf(stderr, "td_bench_search: %s holds no query\n", b->queries_path);
    return -1;
  }
  return 0;
}

/* Sends request i and judges its reply: 0 a ListReply (its size in *rows),
 * 1 anything else (a failure), -1 the connection is broken. */
static int one_request(const struct bench *b, struct td_conn *c, long i,
                       size_t *rows, char *err, size_t errlen)
{
  Tiepdan__Envelope env;
  Tiepdan__ListPetitions m;
  Tiepdan__Envelope *reply = NULL;
  int rc;

  tiepdan__envelope__init(&env);
  tiepdan__list_petitions__init(&m);
  m.text = b->queries[(i + b->offset) % b->nqueries];
  m.unit_code = b->unit;
  if (b->page_size > 0) {
    m.has_page_size = 1;
    m.page_size = (uint32_t)b->page_size;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env.list_petitions = &m;
  if (td_conn_call(c, &env, &reply, err, errlen) != 0)
    return -1;
  rc = 0;
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_LIST_REPLY) {
    *rows = reply->list_reply->n_petitions;
  } else if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR) {
    snprintf(err, errlen, "error reply to \"%s\": %s", m.text,
             reply->error->message != NULL ? reply->error->message : "?");
    rc = 1;
  } else {
    snprintf(err, errlen, "unexpected reply body %d", (int)reply->body_case);
    rc = 1;
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  return rc;
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
    else if (strcmp(a, "--queries") == 0)
      b->queries_path = v;
    else if (strcmp(a, "--unit") == 0)
      b->unit = v;
    else if (strcmp(a, "--raw") == 0)
      b->raw_path = v;
    else if (strcmp(a, "--label") == 0)
      b->label = v;
    else if (strcmp(a, "--page-size") == 0 &&
             set_long(&b->page_size, v, 1, 100000))
      ;
    else if (strcmp(a, "--requests") == 0 &&
             set_long(&b->requests, v, 1, 100000000))
      ;
    else if (strcmp(a, "--warmup") == 0 &&
             set_long(&b->warmup, v, 0, 100000000))
      ;
    else if (strcmp(a, "--offset") == 0 &&
             set_long(&b->offset, v, 0, 100000000))
      ;
    else if (strcmp(a, "--timeout-ms") == 0 &&
             set_int(&b->opts.timeout_ms, v, 0, 3600000))
      ;
    else
      return usage("unknown option or bad value");
  }
  if (b->opts.server == NULL || b->queries_path == NULL)
    return usage("--server and --queries are required");
  return 0;
}

int main(int argc, char **argv)
{
  struct bench b;
  struct td_conn *c = NULL;
  double *lat;
  double t0;
  double started;
  double elapsed;
  double sum = 0;
  long n = 0;
  long failures = 0;
  long empty = 0;
  unsigned long long rows_all = 0;
  char err[512] = "";
  FILE *raw = NULL;
  long *got = NULL;
  long i;
  int rc;

  signal(SIGPIPE, SIG_IGN);
  memset(&b, 0, sizeof(b));
  b.requests = 1000;
  b.warmup = 50;
  b.label = "search";
  b.opts.timeout_ms = 30000;
  rc = parse_args(&b, argc, argv);
  if (rc != 0)
    return rc;
  if (read_queries(&b) != 0)
    return 2;
  lat = calloc((size_t)b.requests, sizeof(*lat));
  got = calloc((size_t)b.requests, sizeof(*got));
  if (lat == NULL || got == NULL) {
    free(lat);
    free(got);
    return 1;
  }
  if (td_conn_open(&b.opts, &c, err, sizeof(err)) != 0) {
    fprintf(stderr, "td_bench_search: %s\n", err);
    return 3;
  }
  started = now_ms();
  for (i = 0; i < b.warmup + b.requests; i++) {
    size_t rows = 0;

    t0 = now_ms();
    rc = one_request(&b, c, i, &rows, err, sizeof(err));
    if (rc < 0) {
      fprintf(stderr, "td_bench_search: connection broken: %s\n", err);
      td_conn_close(c);
      free(lat);
      free(got);
      return 1;
    }
    if (i < b.warmup)
      continue;
    lat[n] = now_ms() - t0;
    got[n] = rc > 0 ? -1 : (long)rows;
    sum += lat[n++];
    if (rc > 0) {
      failures++;
      continue;
    }
    rows_all += rows;
    empty += rows == 0;
  }
  elapsed = now_ms() - started;
  td_conn_close(c);
  if (failures > 0)
    fprintf(stderr, "td_bench_search: %ld failures, last: %s\n", failures, err);
  if (b.raw_path != NULL) {
    raw = fopen(b.raw_path, "a");
    if (raw == NULL) {
      fprintf(stderr, "td_bench_search: %s: %s\n", b.raw_path, strerror(errno));
      free(lat);
      free(got);
      return 1;
    }
    for (i = 0; i < n; i++)
      fprintf(raw, "%.3f\t%ld\t%s\n", lat[i], got[i],
              b.queries[(b.warmup + i + b.offset) % b.nqueries]);
    if (fclose(raw) != 0) {
      free(lat);
      free(got);
      return 1;
    }
  }
  qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
  printf("label=%s requests=%ld failures=%ld p50=%.3f p95=%.3f p99=%.3f "
         "max=%.3f mean=%.3f rps=%.1f rows=%llu empty=%ld\n",
         b.label, n, failures, percentile(lat, n, 50), percentile(lat, n, 95),
         percentile(lat, n, 99), n > 0 ? lat[n - 1] : 0.0,
         n > 0 ? sum / (double)n : 0.0,
         elapsed > 0 ? (double)(n + b.warmup) * 1e3 / elapsed : 0.0, rows_all,
         empty);
  free(lat);
  free(got);
  return failures > 0 ? 1 : 0;
}
