/*
 * td_bench_read: closed-loop benchmark of the read path through tiepdand:
 * GetPetition by id, GetPetition by receipt number, ListPetitions of a
 * commune.
 *
 *   td_bench_read --server H:P --ca CA --cert C --key K
 *                 --scenario id|receipt|list --keys FILE
 *                 [--requests N] [--warmup N] [--conns C] [--page N]
 *                 [--timeout-ms MS] [--print FILE]
 *
 * The keys file holds one key a line: "ID RECEIPT_NO" for id and receipt,
 * a commune's code for list. Request i reads key i modulo their number;
 * each connection starts at another key so they do not march in step.
 *
 * Each of the C connections (one thread each) sends one request, waits for
 * its reply and sends the next. A request's latency runs from just before
 * it is sent to just after its reply is decoded (monotonic clock); the
 * first --warmup requests of every connection are not measured. A reply
 * must be a GetReply holding the petition asked for (its id, its receipt
 * number), or a ListReply whose petitions are all of the commune asked
 * for; anything else is a failure.
 *
 * --print FILE (one connection only) writes what each reply says, for
 * comparison with what the database holds:
 *   id|receipt_no|unit code|status|version|received_at|deadline|kind
 * for a petition, and "list|CODE|ID,ID,..." for a page.
 *
 * Prints one line, key=value separated by spaces, milliseconds:
 *   scenario=S requests=N conns=C failures=F p50=.. p90=.. p99=.. max=..
 *   mean=.. rps=..
 * Exit status: 0 ok, 1 failures, 2 bad command line, 3 no connection.
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

#define KEY_MAX 64

enum scenario { SC_ID, SC_RECEIPT, SC_LIST };

struct key {
  int64_t id;
  char text[KEY_MAX]; /* The receipt number, or the commune's code. */
};

struct bench {
  struct td_client_opts opts;
  enum scenario sc;
  const char *sc_name;
  struct key *keys;
  long nkeys;
  long requests; /* Measured, over all connections. */
  long warmup;   /* Per connection. */
  int conns;
  int page;
  FILE *print;
};

struct worker {
  struct bench *b;
  pthread_t thread;
  int index;
  long n;        /* Requests to measure. */
  double *lat;   /* Their latencies, ms. */
  long done;     /* How many were measured. */
  long failures; /* Replies that were not sane, or errors. */
  int fatal;     /* The connection could not be made (3) or broke (1). */
  char err[512];
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_bench_read: %s\n"
          "usage: td_bench_read --server H:P --ca CA --cert C --key K "
          "--scenario id|receipt|list --keys FILE [--requests N] "
          "[--warmup N] [--conns C] [--page N] [--timeout-ms MS] "
          "[--print FILE]\n",
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

/* One line of the keys file into k: "ID RECEIPT" or "CODE". */
static int parse_key(enum scenario sc, const char *line, struct key *k)
{
  long long id;

  memset(k, 0, sizeof(*k));
  if (sc == SC_LIST)
    return sscanf(line, "%63s", k->text) == 1 ? 0 : -1;
  if (sscanf(line, "%lld %63s", &id, k->text) != 2 || id <= 0)
    return -1;
  k->id = id;
  return 0;
}

static int load_keys(struct bench *b, const char *path)
{
  FILE *f = fopen(path, "r");
  char line[256];
  long cap = 0;
  int whole;

  if (f == NULL)
    return -1;
  while (fgets(line, sizeof(line), f) != NULL) {
    if (line[0] == '\n')
      continue;
    if (b->nkeys == cap) {
      struct key *grown;

      cap = cap ? cap * 2 : 1024;
      grown = realloc(b->keys, (size_t)cap * sizeof(*grown));
      if (grown == NULL)
        break;
      b->keys = grown;
    }
    if (parse_key(b->sc, line, &b->keys[b->nkeys]) != 0)
      break;
    b->nkeys++;
  }
  whole = feof(f);
  fclose(f);
  return !whole || b->nkeys == 0 ? -1 : 0;
}

static const char *status_name(Tiepdan__Status s)
{
  const ProtobufCEnumValue *v =
      protobuf_c_enum_descriptor_get_value(&tiepdan__status__descriptor, s);

  return v != NULL ? v->name : "?";
}

static void print_petition(FILE *f, const Tiepdan__Petition *p)
{
  fprintf(f, "%lld|%s|%s|%s|%lld|%lld|%s|%s\n", (long long)p->id,
          p->receipt_no != NULL ? p->receipt_no : "",
          p->unit != NULL && p->unit->code != NULL ? p->unit->code : "",
          status_name(p->status), (long long)p->version,
          (long long)p->received_at, p->deadline != NULL ? p->deadline : "",
          p->kind != NULL ? p->kind : "");
}

/* Fills env with the request for key k; g and l are its storage. */
static void make_request(const struct bench *b, const struct key *k,
                         Tiepdan__Envelope *env, Tiepdan__GetPetition *g,
                         Tiepdan__ListPetitions *l)
{
  tiepdan__envelope__init(env);
  if (b->sc == SC_LIST) {
    tiepdan__list_petitions__init(l);
    l->unit_code = (char *)k->text;
    l->has_page_size = 1;
    l->page_size = (uint32_t)b->page;
    env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
    env->list_petitions = l;
    return;
  }
  tiepdan__get_petition__init(g);
  if (b->sc == SC_ID) {
    g->key_case = TIEPDAN__GET_PETITION__KEY_ID;
    g->id = k->id;
  } else {
    g->key_case = TIEPDAN__GET_PETITION__KEY_RECEIPT_NO;
    g->receipt_no = (char *)k->text;
  }
  env->body_case = TIEPDAN__ENVELOPE__BODY_GET_PETITION;
  env->get_petition = g;
}

/* 0 if the reply answers the request for k, else 1 with the reason. */
static int judge(struct worker *w, const struct key *k,
                 const Tiepdan__Envelope *reply)
{
  const Tiepdan__Petition *p;
  size_t i;

  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR) {
    snprintf(w->err, sizeof(w->err), "error reply: %s",
             reply->error->message != NULL ? reply->error->message : "?");
    return 1;
  }
  if (w->b->sc == SC_LIST) {
    if (reply->body_case != TIEPDAN__ENVELOPE__BODY_LIST_REPLY)
      goto unexpected;
    for (i = 0; i < reply->list_reply->n_petitions; i++) {
      p = reply->list_reply->petitions[i];
      if (p->unit == NULL || p->unit->code == NULL ||
          strcmp(p->unit->code, k->text) != 0) {
        snprintf(w->err, sizeof(w->err), "page of %s holds petition %lld",
                 k->text, (long long)p->id);
        return 1;
      }
    }
    return 0;
  }
  if (reply->body_case != TIEPDAN__ENVELOPE__BODY_GET_REPLY ||
      reply->get_reply->petition == NULL)
    goto unexpected;
  p = reply->get_reply->petition;
  if (p->id != k->id || p->receipt_no == NULL ||
      strcmp(p->receipt_no, k->text) != 0) {
    snprintf(w->err, sizeof(w->err), "asked for %lld %s, got %lld %s",
             (long long)k->id, k->text, (long long)p->id,
             p->receipt_no != NULL ? p->receipt_no : "-");
    return 1;
  }
  return 0;
unexpected:
  snprintf(w->err, sizeof(w->err), "unexpected reply body %d",
           (int)reply->body_case);
  return 1;
}

static void print_reply(FILE *f, const struct key *k,
                        const Tiepdan__Envelope *reply)
{
  const Tiepdan__ListReply *r = reply->list_reply;
  size_t i;

  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_GET_REPLY) {
    print_petition(f, reply->get_reply->petition);
    return;
  }
  fprintf(f, "list|%s|", k->text);
  for (i = 0; i < r->n_petitions; i++)
    fprintf(f, "%s%lld", i ? "," : "", (long long)r->petitions[i]->id);
  fputc('\n', f);
}

/* Sends one request and judges its reply: 0 sane, 1 not sane (counted as a
 * failure), -1 the connection is broken. */
static int one_request(struct worker *w, struct td_conn *c, long i)
{
  const struct key *k = &w->b->keys[i % w->b->nkeys];
  Tiepdan__Envelope env;
  Tiepdan__GetPetition g;
  Tiepdan__ListPetitions l;
  Tiepdan__Envelope *reply = NULL;
  int rc;

  make_request(w->b, k, &env, &g, &l);
  if (td_conn_call(c, &env, &reply, w->err, sizeof(w->err)) != 0)
    return -1;
  rc = judge(w, k, reply);
  if (rc == 0 && w->b->print != NULL)
    print_reply(w->b->print, k, reply);
  tiepdan__envelope__free_unpacked(reply, NULL);
  return rc;
}

static void *run_worker(void *arg)
{
  struct worker *w = arg;
  struct td_conn *c = NULL;
  long total = w->b->warmup + w->n;
  long i;
  double t0;
  int rc;

  if (td_conn_open(&w->b->opts, &c, w->err, sizeof(w->err)) != 0) {
    w->fatal = 3;
    return NULL;
  }
  for (i = 0; i < total; i++) {
    t0 = now_ms();
    rc = one_request(w, c, i + (long)w->index * 7919);
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

static int set_scenario(struct bench *b, const char *s)
{
  b->sc_name = s;
  if (strcmp(s, "id") == 0)
    b->sc = SC_ID;
  else if (strcmp(s, "receipt") == 0)
    b->sc = SC_RECEIPT;
  else if (strcmp(s, "list") == 0)
    b->sc = SC_LIST;
  else
    return -1;
  return 0;
}

static int parse_args(struct bench *b, int argc, char **argv)
{
  const char *keys = NULL;
  const char *print = NULL;
  const char *scenario = NULL;
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
    else if (strcmp(a, "--keys") == 0)
      keys = v;
    else if (strcmp(a, "--print") == 0)
      print = v;
    else if (strcmp(a, "--requests") == 0 &&
             set_long(&b->requests, v, 1, 100000000))
      ;
    else if (strcmp(a, "--warmup") == 0 &&
             set_long(&b->warmup, v, 0, 100000000))
      ;
    else if (strcmp(a, "--conns") == 0 && set_int(&b->conns, v, 1, 256))
      ;
    else if (strcmp(a, "--page") == 0 && set_int(&b->page, v, 1, 1000))
      ;
    else if (strcmp(a, "--timeout-ms") == 0 &&
             set_int(&b->opts.timeout_ms, v, 0, 3600000))
      ;
    else
      return usage("unknown option or bad value");
  }
  if (b->opts.server == NULL || scenario == NULL || keys == NULL)
    return usage("--server, --scenario and --keys are required");
  if (set_scenario(b, scenario) != 0)
    return usage("--scenario: id, receipt or list");
  if (load_keys(b, keys) != 0)
    return usage("--keys: cannot read the keys, or a line is not a key");
  if (print != NULL && b->conns != 1)
    return usage("--print needs --conns 1");
  if (print != NULL)
    b->print = fopen(print, "w");
  if (print != NULL && b->print == NULL)
    return usage("--print: cannot write the file");
  return 0;
}

/* Runs the workers; returns the time they took, ms. */
static double run(struct bench *b, struct worker *w, double *all)
{
  double t0;
  long n = 0;
  int i;

  for (i = 0; i < b->conns; i++) {
    w[i].b = b;
    w[i].index = i;
    w[i].n = b->requests / b->conns + (i < b->requests % b->conns);
    w[i].lat = all + n;
    n += w[i].n;
  }
  t0 = now_ms();
  for (i = 0; i < b->conns; i++)
    if (pthread_create(&w[i].thread, NULL, run_worker, &w[i]) != 0)
      abort();
  for (i = 0; i < b->conns; i++)
    pthread_join(w[i].thread, NULL);
  return now_ms() - t0;
}

int main(int argc, char **argv)
{
  struct bench b;
  struct worker *w;
  double *all;
  double elapsed;
  double sum = 0;
  long n = 0;
  long failures = 0;
  int status = 0;
  int i;
  long k;

  signal(SIGPIPE, SIG_IGN);
  memset(&b, 0, sizeof(b));
  b.requests = 2000;
  b.warmup = 100;
  b.conns = 1;
  b.page = 20;
  b.opts.timeout_ms = 30000;
  i = parse_args(&b, argc, argv);
  if (i != 0)
    return i;
  w = calloc((size_t)b.conns, sizeof(*w));
  all = calloc((size_t)b.requests, sizeof(*all));
  if (w == NULL || all == NULL)
    return 1;
  elapsed = run(&b, w, all);

  /* Pack the measured latencies together and gather the verdicts. */
  for (i = 0; i < b.conns; i++) {
    if (w[i].fatal != 0) {
      fprintf(stderr, "td_bench_read: connection %d: %s\n", i, w[i].err);
      if (status == 0 || w[i].fatal == 3)
        status = w[i].fatal;
    } else if (w[i].failures > 0) {
      fprintf(stderr,
              "td_bench_read: connection %d: %ld bad replies, last: %s\n", i,
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
  if (b.print != NULL && fclose(b.print) != 0 && status == 0)
    status = 1;
  qsort(all, (size_t)n, sizeof(*all), cmp_double);
  printf("scenario=%s requests=%ld conns=%d failures=%ld p50=%.3f p90=%.3f "
         "p99=%.3f max=%.3f mean=%.3f rps=%.1f\n",
         b.sc_name, n, b.conns, failures, percentile(all, n, 50),
         percentile(all, n, 90), percentile(all, n, 99),
         n > 0 ? all[n - 1] : 0.0, n > 0 ? sum / (double)n : 0.0,
         elapsed > 0 ? (double)(n + b.warmup * b.conns) * 1e3 / elapsed : 0.0);
  free(b.keys);
  free(all);
  free(w);
  return status;
}
