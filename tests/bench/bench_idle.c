/*
 * td_bench_idle: what idle mutual-TLS connections cost tiepdand.
 *
 *   td_bench_idle --server H:P --ca CA --cert C --key K --pid PID
 *                 [--conns N] [--samples S] [--settle-ms MS]
 *                 [--timeout-ms MS]
 *
 * After one client has come and gone (what the server sets up once is not
 * counted), reads the server's resident memory (VmRSS of /proc/PID/status),
 * then opens N connections one after the other, each a full handshake with
 * the client certificate followed by a Hello answered by a HelloReply, so
 * each is a logged-in connection like a workstation's. It holds them idle
 * for --settle-ms and reads the server's RSS again. While they are held, S new
 * clients each connect, shake hands and say Hello (the latency of one is
 * from just before connect to just after its HelloReply is decoded), then
 * every held connection says Hello again and must be answered: an idle
 * connection that gave its buffers back must still work. Then all of them
 * close; once the server has closed them too (its descriptors are back to
 * what they were, waiting at most --timeout-ms) and --settle-ms more, the RSS
 * is read a third time; one more new client must still be served.
 *
 * One SSL_CTX serves every connection, so the driver's own cost stays small
 * (the tiepdan client makes one per connection).
 *
 * Prints one line, key=value separated by spaces, sizes in KiB, times in ms:
 *   conns=N opened=N failures=F rss_before=.. rss_held=.. rss_after=..
 *   per_conn=.. retained_per_conn=.. open_s=.. new_p50=.. new_max=..
 *   held_p50=.. held_max=.. after=ok|failed
 * where per_conn = (rss_held - rss_before) / N and retained_per_conn =
 * (rss_after - rss_before) / N. Exit status: 0 when every connection and
 * every new client was served and the server answered after they left;
 * 1 otherwise; 2 bad command line; 3 the server could not be measured.
 */
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "frame.h"
#include "tiepdan.pb-c.h"
#include "wire.h"

struct bench {
  char host[256];
  char port[16];
  const char *ca;
  const char *cert;
  const char *key;
  long pid;
  long conns;
  long samples;
  long settle_ms;
  long timeout_ms;
  SSL_CTX *ctx;
  struct addrinfo *addr;
};

/* One client connection: its socket and TLS. */
struct peer {
  int fd;
  SSL *ssl;
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_bench_idle: %s\n"
          "usage: td_bench_idle --server H:P --ca CA --cert C --key K "
          "--pid PID [--conns N] [--samples S] [--settle-ms MS] "
          "[--timeout-ms MS]\n",
          why);
  return 2;
}

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
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

/* The server's resident set in KiB, or -1. */
static long server_rss_kib(long pid)
{
  char path[64];
  char line[256];
  long kib = -1;
  FILE *f;

  snprintf(path, sizeof(path), "/proc/%ld/status", pid);
  f = fopen(path, "r");
  if (f == NULL)
    return -1;
  while (fgets(line, sizeof(line), f) != NULL)
    if (strncmp(line, "VmRSS:", 6) == 0)
      kib = strtol(line + 6, NULL, 10);
  fclose(f);
  return kib;
}

/* How many descriptors the server has open, or -1. */
static long server_fds(long pid)
{
  char path[64];
  struct dirent *e;
  long n = 0;
  DIR *d;

  snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
  d = opendir(path);
  if (d == NULL)
    return -1;
  for (e = readdir(d); e != NULL; e = readdir(d))
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* Waits until the server holds no more descriptors than fds, so that it has
 * closed every connection the driver dropped (it takes a while when the
 * machine is busy), for at most timeout_ms. */
static void wait_closed(long pid, long fds, long timeout_ms)
{
  long waited;

  for (waited = 0; waited < timeout_ms; waited += 100) {
    if (server_fds(pid) <= fds)
      return;
    sleep_ms(100);
  }
}

/* Splits "host:port" (no IPv6 here: the benchmark runs on 127.0.0.1). */
static int split_server(struct bench *b, const char *s)
{
  const char *colon = strrchr(s, ':');

  if (colon == NULL || colon == s || (size_t)(colon - s) >= sizeof(b->host) ||
      strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof(b->port))
    return -1;
  memcpy(b->host, s, (size_t)(colon - s));
  b->host[colon - s] = '\0';
  snprintf(b->port, sizeof(b->port), "%s", colon + 1);
  return 0;
}

static int parse_args(struct bench *b, int argc, char **argv)
{
  const char *a;
  const char *v;
  int i;

  for (i = 1; i < argc; i += 2) {
    a = argv[i];
    v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL)
      return usage("an option lacks its value");
    if (strcmp(a, "--server") == 0 && split_server(b, v) == 0)
      continue;
    else if (strcmp(a, "--ca") == 0)
      b->ca = v;
    else if (strcmp(a, "--cert") == 0)
      b->cert = v;
    else if (strcmp(a, "--key") == 0)
      b->key = v;
    else if (strcmp(a, "--pid") == 0 && set_long(&b->pid, v, 1, 1L << 30))
      continue;
    else if (strcmp(a, "--conns") == 0 && set_long(&b->conns, v, 1, 1000000))
      continue;
    else if (strcmp(a, "--samples") == 0 && set_long(&b->samples, v, 1, 100000))
      continue;
    else if (strcmp(a, "--settle-ms") == 0 &&
             set_long(&b->settle_ms, v, 0, 600000))
      continue;
    else if (strcmp(a, "--timeout-ms") == 0 &&
             set_long(&b->timeout_ms, v, 1, 3600000))
      continue;
    else
      return usage(a);
  }
  if (b->host[0] == '\0' || b->ca == NULL || b->cert == NULL ||
      b->key == NULL || b->pid == 0)
    return usage("--server, --ca, --cert, --key and --pid are required");
  return 0;
}

/* One context for every connection: the server verified against ca, this
 * side presenting cert. */
static SSL_CTX *make_ctx(const struct bench *b)
{
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

  if (ctx == NULL)
    return NULL;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_load_verify_file(ctx, b->ca) != 1 ||
      SSL_CTX_use_certificate_chain_file(ctx, b->cert) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, b->key, SSL_FILETYPE_PEM) != 1) {
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

static void peer_close(struct peer *p)
{
  if (p->ssl != NULL) {
    SSL_shutdown(p->ssl);
    SSL_free(p->ssl);
  }
  if (p->fd >= 0)
    close(p->fd);
  p->ssl = NULL;
  p->fd = -1;
}

/* A connected socket with the driver's timeouts, or -1. */
static int dial(const struct bench *b)
{
  struct timeval tv = {b->timeout_ms / 1000, (b->timeout_ms % 1000) * 1000};
  int one = 1;
  int fd;

  fd = socket(b->addr->ai_family, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(fd, b->addr->ai_addr, b->addr->ai_addrlen) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Reads exactly n bytes. Returns 0 or -1. */
static int read_full(SSL *ssl, uint8_t *buf, size_t n)
{
  size_t got = 0;
  int r;

  while (got < n) {
    r = SSL_read(ssl, buf + got, (int)(n - got));
    if (r <= 0)
      return -1;
    got += (size_t)r;
  }
  return 0;
}

/* Says Hello and waits for a HelloReply. Returns 0, or -1 with err. */
static int hello(struct peer *p, char *err, size_t errlen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Hello h = TIEPDAN__HELLO__INIT;
  Tiepdan__Envelope *reply;
  uint8_t head[TD_FRAME_HEADER];
  uint8_t *frame;
  uint8_t *body;
  size_t len;
  uint32_t plen;
  int ok;

  h.has_protocol_version = 1;
  h.protocol_version = TD_PROTOCOL_VERSION;
  h.client_version = "td_bench_idle";
  env.has_request_id = 1;
  env.request_id = 1;
  env.body_case = TIEPDAN__ENVELOPE__BODY_HELLO;
  env.hello = &h;
  if (td_wire_pack(&env, TD_FRAME_DEFAULT_MAX, &frame, &len) != 0) {
    snprintf(err, errlen, "cannot pack Hello");
    return -1;
  }
  ok = SSL_write(p->ssl, frame, (int)len) == (int)len;
  free(frame);
  if (!ok || read_full(p->ssl, head, sizeof(head)) != 0) {
    snprintf(err, errlen, "no reply to Hello");
    return -1;
  }
  plen = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
         (uint32_t)head[2] << 8 | (uint32_t)head[3];
  body = plen <= TD_FRAME_DEFAULT_MAX ? malloc(plen + 1u) : NULL;
  if (body == NULL || read_full(p->ssl, body, plen) != 0) {
    free(body);
    snprintf(err, errlen, "reply of %u bytes not read", plen);
    return -1;
  }
  reply = tiepdan__envelope__unpack(NULL, plen, body);
  free(body);
  ok = reply != NULL && reply->body_case == TIEPDAN__ENVELOPE__BODY_HELLO_REPLY;
  if (!ok)
    snprintf(err, errlen, "reply to Hello is not a HelloReply (%s)",
             reply != NULL && reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR
                 ? reply->error->message
                 : "undecodable");
  if (reply != NULL)
    tiepdan__envelope__free_unpacked(reply, NULL);
  return ok ? 0 : -1;
}

/* Connects, shakes hands and says Hello. Returns 0, or -1 with err and p
 * closed. */
static int peer_open(const struct bench *b, struct peer *p, char *err,
                     size_t errlen)
{
  unsigned long e;

  p->ssl = NULL;
  p->fd = dial(b);
  if (p->fd < 0) {
    snprintf(err, errlen, "connect: %s", strerror(errno));
    return -1;
  }
  p->ssl = SSL_new(b->ctx);
  if (p->ssl == NULL || SSL_set_fd(p->ssl, p->fd) != 1 ||
      SSL_connect(p->ssl) != 1) {
    e = ERR_get_error();
    snprintf(err, errlen, "handshake: %s",
             e != 0 ? ERR_reason_error_string(e) : "connection closed");
    ERR_clear_error();
    peer_close(p);
    return -1;
  }
  if (hello(p, err, errlen) != 0) {
    peer_close(p);
    return -1;
  }
  return 0;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The median and the maximum of v[0..n), sorted in place. */
static void summarize(double *v, long n, double *p50, double *max)
{
  qsort(v, (size_t)n, sizeof(*v), cmp_double);
  *p50 = n > 0 ? v[(n - 1) / 2] : 0;
  *max = n > 0 ? v[n - 1] : 0;
}

/* New clients while the others are held: their latencies into lat. Returns
 * the failures. */
static long new_clients(const struct bench *b, double *lat, char *err,
                        size_t errlen)
{
  struct peer p;
  long failures = 0;
  double t0;
  long i;

  for (i = 0; i < b->samples; i++) {
    t0 = now_ms();
    if (peer_open(b, &p, err, errlen) != 0) {
      failures++;
      lat[i] = 0;
      continue;
    }
    lat[i] = now_ms() - t0;
    peer_close(&p);
  }
  return failures;
}

/* Every held connection says Hello again: latencies into lat. Returns the
 * failures. */
static long held_again(struct peer *held, long n, double *lat, char *err,
                       size_t errlen)
{
  long failures = 0;
  double t0;
  long i;

  for (i = 0; i < n; i++) {
    t0 = now_ms();
    if (hello(&held[i], err, errlen) != 0)
      failures++;
    lat[i] = now_ms() - t0;
  }
  return failures;
}

static int run(struct bench *b)
{
  struct peer *held = calloc((size_t)b->conns, sizeof(*held));
  double *lat = calloc((size_t)(b->conns > b->samples ? b->conns : b->samples),
                       sizeof(*lat));
  long rss_before, rss_held, rss_after, fds_before;
  long opened = 0, failures = 0, i;
  double t0, open_s, new_p50, new_max, held_p50, held_max;
  struct peer last;
  char err[256] = "";
  int after_ok;

  if (held == NULL || lat == NULL) {
    fprintf(stderr, "td_bench_idle: out of memory\n");
    return 1;
  }
  /* One client first, so that what the server sets up once (OpenSSL's
   * providers and caches, the principal's lookup) is not counted per
   * connection. */
  if (peer_open(b, &last, err, sizeof(err)) != 0) {
    fprintf(stderr, "td_bench_idle: first client: %s\n", err);
    free(held);
    free(lat);
    return 1;
  }
  peer_close(&last);
  sleep_ms(b->settle_ms);
  fds_before = server_fds(b->pid);
  rss_before = server_rss_kib(b->pid);
  t0 = now_ms();
  for (i = 0; i < b->conns; i++) {
    if (peer_open(b, &held[opened], err, sizeof(err)) == 0)
      opened++;
    else
      failures++;
  }
  open_s = (now_ms() - t0) / 1e3;
  sleep_ms(b->settle_ms);
  rss_held = server_rss_kib(b->pid);
  failures += new_clients(b, lat, err, sizeof(err));
  summarize(lat, b->samples, &new_p50, &new_max);
  failures += held_again(held, opened, lat, err, sizeof(err));
  summarize(lat, opened, &held_p50, &held_max);
  for (i = 0; i < opened; i++)
    peer_close(&held[i]);
  wait_closed(b->pid, fds_before, b->timeout_ms);
  sleep_ms(b->settle_ms);
  rss_after = server_rss_kib(b->pid);
  after_ok = peer_open(b, &last, err, sizeof(err)) == 0;
  if (after_ok)
    peer_close(&last);
  free(held);
  free(lat);
  if (rss_before < 0 || rss_held < 0 || rss_after < 0) {
    fprintf(stderr, "td_bench_idle: cannot read /proc/%ld/status\n", b->pid);
    return 3;
  }
  printf("conns=%ld opened=%ld failures=%ld rss_before=%ld rss_held=%ld "
         "rss_after=%ld per_conn=%.1f retained_per_conn=%.1f open_s=%.1f "
         "new_p50=%.2f new_max=%.2f held_p50=%.3f held_max=%.3f after=%s\n",
         b->conns, opened, failures, rss_before, rss_held, rss_after,
         (double)(rss_held - rss_before) / (double)b->conns,
         (double)(rss_after - rss_before) / (double)b->conns, open_s, new_p50,
         new_max, held_p50, held_max, after_ok ? "ok" : "failed");
  if (failures > 0 || !after_ok)
    fprintf(stderr, "td_bench_idle: last error: %s\n", err);
  return failures == 0 && after_ok ? 0 : 1;
}

int main(int argc, char **argv)
{
  struct bench b;
  struct addrinfo hints;
  int rc;

  memset(&b, 0, sizeof(b));
  b.conns = 1000;
  b.samples = 20;
  b.settle_ms = 2000;
  b.timeout_ms = 30000;
  rc = parse_args(&b, argc, argv);
  if (rc != 0)
    return rc;
  signal(SIGPIPE, SIG_IGN);
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(b.host, b.port, &hints, &b.addr) != 0)
    return usage("--server: unknown address");
  b.ctx = make_ctx(&b);
  if (b.ctx == NULL) {
    fprintf(stderr, "td_bench_idle: cannot load %s, %s or %s\n", b.ca, b.cert,
            b.key);
    freeaddrinfo(b.addr);
    return 2;
  }
  rc = run(&b);
  SSL_CTX_free(b.ctx);
  freeaddrinfo(b.addr);
  return rc;
}
