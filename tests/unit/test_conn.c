/*
 * The transport (server/net/conn.c) between two in-process TLS peers on one
 * libuv loop, in the way of libuv's test-tcp-close.c. The server side is the
 * real td_conn, accepted by td_net on 127.0.0.1 and speaking to a test
 * protocol that records what the transport calls it with. The client side is
 * a TLS client over memory BIOs on a uv_tcp_t of the same loop, which writes
 * whatever plaintext a test asks for. Certificates are made at run time
 * (pki.h) and removed at the end.
 *
 * Each test is a small program: static handles, counters of callbacks,
 * uv_run, assertions on the counts, and uv_loop_close() == 0 at the end, so
 * every test is also a leak check (and runs under ASan in the suite). Nothing
 * waits on the clock: the loop runs until every handle is closed, and a timer
 * only stops a test that hangs, which then fails.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <uv.h>

#include "frame.h"
#include "net/conn.h"
#include "net/listener.h"
#include "net/tls.h"
#include "pki.h"
#include "test.h"
#include "util/config.h"
#include "util/log.h"

/* The server's frame limit in these tests: small, so tests can pass it. */
#define MAX_FRAME 64u
/* A test still running after this long has hung; it is stopped, and fails. */
#define SAFETY_MS 5000
#define MAX_SEEN 16

/* The server ------------------------------------------------------------ */

static uv_loop_t loop;
static struct td_config cfg;
static struct td_net net;
static int nconns;
static uv_timer_t safety;
static uv_idle_t stepper;
/* A test's own move, once per loop iteration; while there is one, the loop
 * polls without blocking, so the move runs even when nothing else happens. */
static void (*step)(void);
static int finished;
static int timed_out;

/* What the transport told the test protocol. */
static struct {
  struct td_conn *conn;
  int opens;
  int frames;
  int oversizes;
  int closings;
  int frees;
  int empties;          /* net->on_empty calls. */
  int ready;            /* td_conn_ready has been called. */
  int frames_unready;   /* on_frame calls before td_conn_ready. */
  int closings_at_free; /* on_closing calls seen when on_free ran. */
  int nconns_at_open;
  int open_arg_ok; /* on_open was given net->proto_arg. */
  size_t peer_sent_at_first_frame;
  char fingerprint[65];
  char subject[160];
  uint32_t oversize_len;
  uint32_t oversize_max;
  uint8_t data[1024]; /* Every payload, back to back. */
  size_t ndata;
  uint32_t len[MAX_SEEN]; /* Each payload's length, in order. */
} seen;

/* How the test protocol answers; each test sets it after server_start. */
static struct {
  int defer_ready;      /* on_open leaves td_conn_ready to the test. */
  int echo;             /* on_frame replies "echo:" and the payload. */
  int close_after_echo; /* ...and closes the connection at once. */
  int hold_requests;    /* on_frame starts a request the test finishes. */
  int goodbye_after;    /* The client says goodbye after this many frames. */
} script;

static int held; /* Requests started by on_frame and not yet done. */
static int frames_while_held;

/* The client ------------------------------------------------------------ */

/* An in-process TLS client: OpenSSL over memory BIOs on a libuv stream. */
static struct {
  uv_tcp_t tcp;
  uv_connect_t connect;
  uv_shutdown_t shutdown;
  SSL_CTX *ctx;
  SSL *ssl;  /* Owns rbio and wbio. */
  BIO *rbio; /* Network -> SSL. */
  BIO *wbio; /* SSL -> network. */
  struct td_framebuf rx;
  void (*on_secure)(void); /* Its handshake is done: what to send. */
  void (*on_reply)(void);  /* A whole frame came back. */
  size_t sent;             /* Plaintext bytes given to SSL_write. */
  size_t unwritten;        /* Bytes handed to libuv, not yet written. */
  int secure;              /* Its side of the handshake is done. */
  int replies;             /* Frames read back. */
  int replies_at_notify;   /* Frames read back before close_notify. */
  int close_notify;        /* The server closed TLS gracefully. */
  int tls_errors;          /* SSL reported a failure (an alert). */
  int eof;                 /* The server closed TCP. */
  int reset;               /* The socket failed (ECONNRESET). */
  int write_errors;
  int closing;
  int closed;
  uint8_t reply[256]; /* Every reply's payload, back to back. */
  size_t nreply;
} peer;

struct peer_write {
  uv_write_t req;
  size_t n;
  char data[];
};

static void maybe_finish(void);

static void peer_closed(uv_handle_t *h)
{
  (void)h;
  SSL_free(peer.ssl);
  SSL_CTX_free(peer.ctx);
  td_framebuf_free(&peer.rx);
  peer.closed = 1;
  maybe_finish();
}

static void peer_close(void)
{
  if (peer.closing)
    return;
  peer.closing = 1;
  uv_close((uv_handle_t *)&peer.tcp, peer_closed);
}

static void peer_written(uv_write_t *req, int status)
{
  struct peer_write *w = (struct peer_write *)req;

  peer.unwritten -= w->n;
  if (status < 0)
    peer.write_errors++;
  free(w);
}

/* Sends whatever SSL has produced. */
static void peer_flush(void)
{
  struct peer_write *w;
  uv_buf_t buf;
  size_t n;

  for (n = BIO_ctrl_pending(peer.wbio); n > 0;
       n = BIO_ctrl_pending(peer.wbio)) {
    w = malloc(sizeof(*w) + n);
    if (w == NULL)
      abort();
    w->n = (size_t)BIO_read(peer.wbio, w->data, (int)n);
    buf = uv_buf_init(w->data, (unsigned)w->n);
    if (peer.closing ||
        uv_write(&w->req, (uv_stream_t *)&peer.tcp, &buf, 1, peer_written)) {
      peer.write_errors++;
      free(w);
      continue;
    }
    peer.unwritten += w->n;
  }
}

/* Writes plaintext as it is: frames, parts of frames, anything. */
static void peer_write(const void *p, size_t n)
{
  ERR_clear_error();
  if (SSL_write(peer.ssl, p, (int)n) != (int)n) {
    peer.write_errors++;
    return;
  }
  peer.sent += n;
  peer_flush();
}

/* Ends TCP's sending half (FIN), without a TLS close_notify. */
static void peer_half_close(void)
{
  if (uv_shutdown(&peer.shutdown, (uv_stream_t *)&peer.tcp, NULL) != 0)
    peer.write_errors++;
}

/* Says goodbye properly: close_notify, then FIN; reads on until EOF. */
static void peer_goodbye(void)
{
  ERR_clear_error();
  SSL_shutdown(peer.ssl);
  peer_flush();
  peer_half_close();
}

static void peer_got_reply(const uint8_t *p, uint32_t n)
{
  if (peer.nreply + n <= sizeof(peer.reply)) {
    memcpy(peer.reply + peer.nreply, p, n);
    peer.nreply += n;
  }
  peer.replies++;
  if (peer.on_reply != NULL)
    peer.on_reply();
}

/* Runs SSL over what arrived: the handshake, then frames coming back. */
static void peer_pump(void)
{
  static char plain[16384];
  const uint8_t *p;
  uint32_t plen;
  int n;
  int e;

  if (!peer.secure) {
    ERR_clear_error();
    n = SSL_do_handshake(peer.ssl);
    peer_flush();
    if (n != 1) {
      if (SSL_get_error(peer.ssl, n) != SSL_ERROR_WANT_READ)
        peer.tls_errors++;
      return;
    }
    peer.secure = 1;
    if (peer.on_secure != NULL)
      peer.on_secure();
  }
  for (;;) {
    ERR_clear_error();
    n = SSL_read(peer.ssl, plain, sizeof(plain));
    if (n <= 0)
      break;
    if (td_framebuf_append(&peer.rx, plain, (size_t)n) != 0)
      abort();
    while (td_framebuf_next(&peer.rx, &p, &plen) == TD_FRAME_OK)
      peer_got_reply(p, plen);
  }
  e = SSL_get_error(peer.ssl, n);
  peer_flush();
  if (e == SSL_ERROR_ZERO_RETURN && !peer.close_notify) {
    peer.close_notify = 1;
    peer.replies_at_notify = peer.replies;
  } else if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_ZERO_RETURN) {
    peer.tls_errors++;
  }
}

static void peer_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
  static char space[65536];

  (void)h;
  (void)hint;
  *buf = uv_buf_init(space, sizeof(space));
}

/* The client closes only when the server has closed TCP, so each test sees
 * how the server ends a connection. */
static void peer_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
  (void)s;
  if (nread > 0) {
    if (BIO_write(peer.rbio, buf->base, (int)nread) != (int)nread)
      abort();
    peer_pump();
  } else if (nread == UV_EOF) {
    peer.eof = 1;
    peer_close();
  } else if (nread < 0) {
    peer.reset = 1;
    peer_close();
  }
}

static void peer_connected(uv_connect_t *req, int status)
{
  (void)req;
  if (status < 0 ||
      uv_read_start((uv_stream_t *)&peer.tcp, peer_alloc, peer_read) != 0) {
    peer.reset = 1;
    peer_close();
    return;
  }
  peer_pump();
}

/* Connects to the listener with cert and key (none when NULL), trusting the
 * test CA for the server. Returns 0 or -1. */
static int peer_start(const char *cert, const char *key)
{
  struct sockaddr_storage ss;
  int sslen = sizeof(ss);
  char path[512];

  peer.ctx = SSL_CTX_new(TLS_client_method());
  if (peer.ctx == NULL)
    return -1;
  if (cert != NULL &&
      (SSL_CTX_use_certificate_file(peer.ctx,
                                    pki_path(path, sizeof(path), cert),
                                    SSL_FILETYPE_PEM) != 1 ||
       SSL_CTX_use_PrivateKey_file(peer.ctx, pki_path(path, sizeof(path), key),
                                   SSL_FILETYPE_PEM) != 1))
    return -1;
  if (SSL_CTX_load_verify_file(peer.ctx,
                               pki_path(path, sizeof(path), "ca.crt")) != 1)
    return -1;
  SSL_CTX_set_verify(peer.ctx, SSL_VERIFY_PEER, NULL);
  peer.ssl = SSL_new(peer.ctx);
  peer.rbio = BIO_new(BIO_s_mem());
  peer.wbio = BIO_new(BIO_s_mem());
  if (peer.ssl == NULL || peer.rbio == NULL || peer.wbio == NULL)
    return -1;
  SSL_set_bio(peer.ssl, peer.rbio, peer.wbio);
  SSL_set_connect_state(peer.ssl);
  if (SSL_set1_host(peer.ssl, "localhost") != 1)
    return -1;
  td_framebuf_init(&peer.rx, TD_FRAME_DEFAULT_MAX);
  /* Each write its own segment: Nagle must not merge a test's writes. */
  if (uv_tcp_init(&loop, &peer.tcp) != 0 || uv_tcp_nodelay(&peer.tcp, 1) != 0 ||
      uv_tcp_getsockname(&net.listener, (struct sockaddr *)&ss, &sslen) != 0)
    return -1;
  return uv_tcp_connect(&peer.connect, &peer.tcp, (struct sockaddr *)&ss,
                        peer_connected);
}

/* The test protocol ------------------------------------------------------ */

static void proto_ready(void)
{
  seen.ready = 1;
  td_conn_ready(seen.conn);
}

static void proto_open(struct td_conn *c, void *arg, const char *fingerprint,
                       const char *subject)
{
  seen.open_arg_ok = arg == &seen;
  seen.opens++;
  seen.conn = c;
  seen.nconns_at_open = nconns;
  snprintf(seen.fingerprint, sizeof(seen.fingerprint), "%s", fingerprint);
  snprintf(seen.subject, sizeof(seen.subject), "%s", subject);
  td_conn_set_data(c, &seen);
  if (!script.defer_ready)
    proto_ready();
}

/* Sends prefix and body as one frame. */
static void proto_send(struct td_conn *c, const char *prefix,
                       const uint8_t *body, uint32_t n)
{
  uint8_t frame[4 + 256];
  size_t plen = strlen(prefix);

  if (plen + n > sizeof(frame) - 4)
    n = (uint32_t)(sizeof(frame) - 4 - plen);
  td_frame_put_header(frame, (uint32_t)(plen + n));
  memcpy(frame + 4, prefix, plen);
  if (n > 0)
    memcpy(frame + 4 + plen, body, n);
  td_conn_send(c, frame, 4 + plen + n);
}

static void proto_frame(struct td_conn *c, const uint8_t *payload, uint32_t len)
{
  if (!seen.ready)
    seen.frames_unready++;
  if (seen.frames == 0)
    seen.peer_sent_at_first_frame = peer.sent;
  if (seen.frames < MAX_SEEN && seen.ndata + len <= sizeof(seen.data)) {
    seen.len[seen.frames] = len;
    if (len > 0)
      memcpy(seen.data + seen.ndata, payload, len);
    seen.ndata += len;
  }
  seen.frames++;
  if (script.hold_requests) {
    frames_while_held += held > 0;
    held++;
    td_conn_req_start(c);
  }
  if (script.echo)
    proto_send(c, "echo:", payload, len);
  if (script.close_after_echo)
    td_conn_close(c, "test: replied, now closing");
  if (seen.frames == script.goodbye_after)
    peer_goodbye();
}

static void proto_oversize(struct td_conn *c, uint32_t len, uint32_t max)
{
  seen.oversizes++;
  seen.oversize_len = len;
  seen.oversize_max = max;
  proto_send(c, "too large", NULL, 0);
}

static void proto_closing(struct td_conn *c)
{
  if (td_conn_data(c) == &seen)
    seen.closings++;
}

static void proto_free(struct td_conn *c)
{
  if (td_conn_data(c) == &seen)
    seen.frees++;
  seen.closings_at_free = seen.closings;
}

static const struct td_conn_proto test_proto = {
    .on_open = proto_open,
    .on_frame = proto_frame,
    .on_oversize = proto_oversize,
    .on_closing = proto_closing,
    .on_free = proto_free,
};

/* The harness ------------------------------------------------------------ */

/* Both sides are gone: stop the server as tiepdand does, and the timers. */
static void finish(void)
{
  if (finished)
    return;
  finished = 1;
  td_net_drain(&net);
  uv_close((uv_handle_t *)&safety, NULL);
  uv_close((uv_handle_t *)&stepper, NULL);
}

static void maybe_finish(void)
{
  if (peer.closed && seen.empties > 0)
    finish();
}

static void on_empty(void *arg)
{
  (void)arg;
  seen.empties++;
  maybe_finish();
}

static void on_safety(uv_timer_t *t)
{
  (void)t;
  fprintf(stderr, "test_conn: the test hung; closing everything\n");
  timed_out = 1;
  td_conn_close_all(&net, "test hung");
  peer_close();
  finish();
}

static void on_step(uv_idle_t *h)
{
  (void)h;
  if (step != NULL)
    step();
}

/* A listener on 127.0.0.1 (a free port) with the test protocol, a fresh
 * loop, and everything recorded reset. Returns 0 or -1. */
static int server_start(void)
{
  char cert[512];
  char key[512];
  char ca[512];
  char err[256];

  memset(&seen, 0, sizeof(seen));
  memset(&script, 0, sizeof(script));
  memset(&peer, 0, sizeof(peer));
  memset(&net, 0, sizeof(net));
  held = frames_while_held = 0;
  finished = timed_out = 0;
  nconns = 0;
  step = NULL;
  if (uv_loop_init(&loop) != 0)
    return -1;
  td_config_init(&cfg);
  cfg.listen_port = 0;
  cfg.max_frame = MAX_FRAME;
  net.loop = &loop;
  net.cfg = &cfg;
  net.proto = &test_proto;
  net.proto_arg = &seen;
  net.nconns = &nconns;
  net.on_empty = on_empty;
  net.ssl_ctx =
      td_tls_server_ctx(pki_path(cert, sizeof(cert), "server.crt"),
                        pki_path(key, sizeof(key), "server.key"),
                        pki_path(ca, sizeof(ca), "ca.crt"), err, sizeof(err));
  if (net.ssl_ctx == NULL) {
    fprintf(stderr, "test_conn: %s\n", err);
    return -1;
  }
  if (td_net_bind(&net) != 0 || td_net_listen(&net) != 0)
    return -1;
  uv_timer_init(&loop, &safety);
  uv_timer_start(&safety, on_safety, SAFETY_MS, 0);
  uv_idle_init(&loop, &stepper);
  return 0;
}

/* Runs the loop until every handle is closed. Returns 0, or -1 if the test
 * hung and had to be stopped. */
static int run(void)
{
  if (step != NULL)
    uv_idle_start(&stepper, on_step);
  uv_run(&loop, UV_RUN_DEFAULT);
  return timed_out ? -1 : 0;
}

/* What server_start made that is not a handle. */
static void server_free(void)
{
  SSL_CTX_free(net.ssl_ctx);
  td_config_free(&cfg);
}

static size_t put_frame(uint8_t *out, const char *payload, uint32_t n)
{
  td_frame_put_header(out, n);
  if (n > 0)
    memcpy(out + 4, payload, n);
  return 4 + (size_t)n;
}

/* Lowercase hex SHA-256 of a certificate file's DER: the test's own oracle
 * for the fingerprint on_open is given. Returns 0 or -1. */
static int file_fingerprint(const char *name, char out[65])
{
  static const char hex[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned char *der = NULL;
  unsigned int mdlen = 0;
  char path[512];
  X509 *x;
  FILE *f;
  int n;
  int ok;
  unsigned int i;

  f = fopen(pki_path(path, sizeof(path), name), "r");
  if (f == NULL)
    return -1;
  x = PEM_read_X509(f, NULL, NULL, NULL);
  fclose(f);
  n = x != NULL ? i2d_X509(x, &der) : -1;
  X509_free(x);
  if (n <= 0)
    return -1;
  ok = EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL);
  OPENSSL_free(der);
  if (ok != 1 || mdlen != 32)
    return -1;
  for (i = 0; i < mdlen; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  out[64] = '\0';
  return 0;
}

/* The tests -------------------------------------------------------------- */

static uint8_t script_bytes[256];
static size_t script_len;
static size_t dripped;

/* Once the server takes frames, one byte per loop iteration: each is its
 * own TLS record and TCP segment, and the loop polls (the server reads what
 * has come) before the next is written. */
static void drip(void)
{
  if (seen.ready && dripped < script_len) {
    peer_write(script_bytes + dripped, 1);
    dripped++;
  }
}

static void a_frame_written_one_byte_at_a_time_arrives_once_whole(void)
{
  static const char payload[] = "đơn thư của công dân";
  uint32_t n = (uint32_t)strlen(payload);

  ASSERT_EQ(server_start(), 0);
  script.goodbye_after = 1;
  script_len = put_frame(script_bytes, payload, n);
  dripped = 0;
  step = drip;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.opens, 1);
  ASSERT_EQ(seen.frames, 1);
  ASSERT_EQ(seen.len[0], n);
  ASSERT(memcmp(seen.data, payload, n) == 0);
  /* Not a frame before its last byte was written. */
  ASSERT_EQ(seen.peer_sent_at_first_frame, script_len);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(seen.empties, 1);
  ASSERT_EQ(nconns, 0);
  ASSERT_EQ(peer.close_notify, 1);
  ASSERT_EQ(peer.eof, 1);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void send_three_frames_in_one_write(void)
{
  uint8_t buf[64];
  size_t n = 0;

  n += put_frame(buf + n, "first", 5);
  n += put_frame(buf + n, "", 0);
  n += put_frame(buf + n, "third one", 9);
  peer_write(buf, n);
}

static void several_frames_in_one_write_arrive_as_several_in_order(void)
{
  ASSERT_EQ(server_start(), 0);
  script.goodbye_after = 3;
  peer.on_secure = send_three_frames_in_one_write;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.frames, 3);
  ASSERT_EQ(seen.len[0], 5);
  ASSERT_EQ(seen.len[1], 0);
  ASSERT_EQ(seen.len[2], 9);
  ASSERT_EQ(seen.ndata, 14);
  ASSERT(memcmp(seen.data, "firstthird one", 14) == 0);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

/* A length one over the limit, and a few bytes of what it announces. */
static void send_oversized_header(void)
{
  uint8_t buf[4 + 8];

  td_frame_put_header(buf, MAX_FRAME + 1);
  memset(buf + 4, 'x', 8);
  peer_write(buf, sizeof(buf));
}

static void an_over_limit_length_calls_on_oversize_and_closes(void)
{
  ASSERT_EQ(server_start(), 0);
  peer.on_secure = send_oversized_header;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.oversizes, 1);
  ASSERT_EQ(seen.oversize_len, MAX_FRAME + 1);
  ASSERT_EQ(seen.oversize_max, MAX_FRAME);
  ASSERT_EQ(seen.frames, 0);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  /* What on_oversize sent arrives, then the server's close. */
  ASSERT_EQ(peer.replies, 1);
  ASSERT_EQ(peer.nreply, 9);
  ASSERT(memcmp(peer.reply, "too large", 9) == 0);
  ASSERT_EQ(peer.replies_at_notify, 1);
  ASSERT_EQ(peer.close_notify, 1);
  ASSERT_EQ(peer.eof, 1);
  ASSERT_EQ(peer.reset, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

/* A header announcing ten bytes, and three of them. */
static void send_part_of_a_frame(void)
{
  uint8_t buf[4 + 3];

  td_frame_put_header(buf, 10);
  memcpy(buf + 4, "abc", 3);
  peer_write(buf, sizeof(buf));
}

static void send_part_of_a_frame_then_fin(void)
{
  send_part_of_a_frame();
  peer_half_close();
}

static void send_part_of_a_frame_then_goodbye(void)
{
  send_part_of_a_frame();
  peer_goodbye();
}

static void a_peer_closing_tcp_mid_frame_frees_the_connection_once(void)
{
  ASSERT_EQ(server_start(), 0);
  peer.on_secure = send_part_of_a_frame_then_fin;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.opens, 1);
  ASSERT_EQ(seen.frames, 0);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(seen.closings_at_free, 1);
  ASSERT_EQ(seen.empties, 1);
  ASSERT_EQ(nconns, 0);
  ASSERT_EQ(peer.eof, 1);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void
a_peer_sending_close_notify_mid_frame_frees_the_connection_once(void)
{
  ASSERT_EQ(server_start(), 0);
  peer.on_secure = send_part_of_a_frame_then_goodbye;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.opens, 1);
  ASSERT_EQ(seen.frames, 0);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(seen.closings_at_free, 1);
  ASSERT_EQ(seen.empties, 1);
  ASSERT_EQ(nconns, 0);
  ASSERT_EQ(peer.close_notify, 1);
  ASSERT_EQ(peer.eof, 1);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void send_ping(void)
{
  uint8_t buf[8];

  peer_write(buf, put_frame(buf, "ping", 4));
}

static int settled;

/* td_conn_ready only once on_open has run, the client's frame has been
 * written, and the loop has gone round twice more with the server able to
 * read it: a transport that let frames through early would have by then. */
static void ready_when_the_frame_is_there(void)
{
  if (seen.ready || seen.opens == 0 || peer.sent == 0 || peer.unwritten > 0)
    return;
  if (++settled > 2)
    proto_ready();
}

static void on_open_gets_the_fingerprint_and_nothing_flows_before_ready(void)
{
  char expected[65];

  ASSERT_EQ(file_fingerprint("client.crt", expected), 0);
  ASSERT_EQ(server_start(), 0);
  script.defer_ready = 1;
  script.goodbye_after = 1;
  settled = 0;
  step = ready_when_the_frame_is_there;
  peer.on_secure = send_ping;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.opens, 1);
  ASSERT_EQ(seen.open_arg_ok, 1);
  ASSERT_STR_EQ(seen.fingerprint, expected);
  ASSERT(strstr(seen.subject, PKI_CLIENT_CN) != NULL);
  ASSERT_EQ(seen.nconns_at_open, 1);
  ASSERT_EQ(seen.ready, 1);
  ASSERT_EQ(seen.frames_unready, 0);
  ASSERT_EQ(seen.frames, 1);
  ASSERT_EQ(seen.len[0], 4);
  ASSERT(memcmp(seen.data, "ping", 4) == 0);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void on_first_reply_goodbye(void)
{
  if (peer.replies == 1)
    peer_goodbye();
}

static void td_conn_send_delivers_a_reply_the_client_reads(void)
{
  ASSERT_EQ(server_start(), 0);
  script.echo = 1;
  peer.on_secure = send_ping;
  peer.on_reply = on_first_reply_goodbye;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.frames, 1);
  ASSERT_EQ(peer.replies, 1);
  ASSERT_EQ(peer.nreply, 9);
  ASSERT(memcmp(peer.reply, "echo:ping", 9) == 0);
  ASSERT_EQ(peer.close_notify, 1);
  ASSERT_EQ(peer.eof, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void a_reply_sent_before_td_conn_close_arrives_before_the_close(void)
{
  ASSERT_EQ(server_start(), 0);
  script.echo = 1;
  script.close_after_echo = 1;
  peer.on_secure = send_ping;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.frames, 1);
  ASSERT_EQ(seen.closings, 1);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(peer.replies, 1);
  ASSERT(memcmp(peer.reply, "echo:ping", 9) == 0);
  ASSERT_EQ(peer.close_notify, 1);
  ASSERT_EQ(peer.replies_at_notify, 1);
  ASSERT_EQ(peer.eof, 1);
  ASSERT_EQ(peer.reset, 0);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

/* The client believes its TLS 1.3 handshake done before the server has
 * judged its certificate, and sends a frame at once. */
static void a_refused_client(const char *cert, const char *key)
{
  ASSERT_EQ(server_start(), 0);
  peer.on_secure = send_ping;
  ASSERT_EQ(peer_start(cert, key), 0);
  ASSERT_EQ(run(), 0);

  /* The protocol never hears of it; the transport frees it all the same. */
  ASSERT_EQ(seen.opens, 0);
  ASSERT_EQ(seen.frames, 0);
  ASSERT_EQ(seen.closings, 0);
  ASSERT_EQ(seen.frees, 0);
  ASSERT_EQ(seen.empties, 1);
  ASSERT_EQ(nconns, 0);
  /* Refused with an alert, not closed as if all were well. */
  ASSERT(peer.tls_errors > 0);
  ASSERT_EQ(peer.close_notify, 0);
  ASSERT_EQ(peer.replies, 0);
  ASSERT(peer.eof || peer.reset);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void a_client_without_a_certificate_never_reaches_on_open(void)
{
  a_refused_client(NULL, NULL);
}

static void a_client_of_another_ca_never_reaches_on_open(void)
{
  a_refused_client("rogue.crt", "rogue.key");
}

/* Finishes one held request per loop iteration. */
static void finish_a_held_request(void)
{
  if (held > 0) {
    held--;
    td_conn_req_done(seen.conn);
  }
}

static void frames_wait_while_max_in_flight_requests_run(void)
{
  ASSERT_EQ(server_start(), 0);
  cfg.max_in_flight = 1;
  script.hold_requests = 1;
  script.goodbye_after = 3;
  step = finish_a_held_request;
  peer.on_secure = send_three_frames_in_one_write;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.frames, 3);
  ASSERT_EQ(frames_while_held, 0);
  ASSERT_EQ(held, 0);
  ASSERT(memcmp(seen.data, "firstthird one", 14) == 0);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

static void a_connection_over_max_conns_is_refused_before_tls(void)
{
  ASSERT_EQ(server_start(), 0);
  cfg.max_conns = 0;
  peer.on_secure = send_ping;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);

  ASSERT_EQ(seen.opens, 0);
  ASSERT_EQ(seen.empties, 1);
  ASSERT_EQ(nconns, 0);
  ASSERT_EQ(peer.secure, 0);
  ASSERT(peer.eof || peer.reset);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);
}

/* After the first reply (the server is reading frames by then), one write
 * holding a whole frame and close_notify: one read on the server. */
static void send_frame_and_close_notify_together(void)
{
  uint8_t buf[16];

  if (peer.replies != 1)
    return;
  ERR_clear_error();
  if (SSL_write(peer.ssl, buf, (int)put_frame(buf, "last", 4)) != 8)
    peer.write_errors++;
  SSL_shutdown(peer.ssl);
  peer_flush();
}

/*
 * A whole frame decrypted in the same read as the peer's close_notify is a
 * request all the same: whether it is served must not depend on how TCP
 * split the bytes. (conn_pump once closed before processing it.)
 */
static void a_whole_frame_before_close_notify_is_delivered(void)
{
  ASSERT_EQ(server_start(), 0);
  script.echo = 1;
  peer.on_secure = send_ping;
  peer.on_reply = send_frame_and_close_notify_together;
  ASSERT_EQ(peer_start("client.crt", "client.key"), 0);
  ASSERT_EQ(run(), 0);
  ASSERT_EQ(peer.write_errors, 0);
  ASSERT_EQ(seen.frees, 1);
  ASSERT_EQ(nconns, 0);
  server_free();
  ASSERT(uv_loop_close(&loop) == 0);

  ASSERT_EQ(seen.frames, 2);
  ASSERT_EQ(seen.len[1], 4);
  ASSERT(memcmp(seen.data + 4, "last", 4) == 0);
}

int main(void)
{
  /* Each test's line must survive a sanitizer ending the program. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);
  td_log_set_level(TD_LOG_WARN);
  if (pki_make() != 0) {
    fprintf(stderr, "test_conn: cannot make the test PKI\n");
    pki_remove();
    return 1;
  }
  RUN_TEST(a_frame_written_one_byte_at_a_time_arrives_once_whole);
  RUN_TEST(several_frames_in_one_write_arrive_as_several_in_order);
  RUN_TEST(an_over_limit_length_calls_on_oversize_and_closes);
  RUN_TEST(a_peer_closing_tcp_mid_frame_frees_the_connection_once);
  RUN_TEST(a_peer_sending_close_notify_mid_frame_frees_the_connection_once);
  RUN_TEST(on_open_gets_the_fingerprint_and_nothing_flows_before_ready);
  RUN_TEST(td_conn_send_delivers_a_reply_the_client_reads);
  RUN_TEST(a_reply_sent_before_td_conn_close_arrives_before_the_close);
  RUN_TEST(a_client_without_a_certificate_never_reaches_on_open);
  RUN_TEST(a_client_of_another_ca_never_reaches_on_open);
  RUN_TEST(frames_wait_while_max_in_flight_requests_run);
  RUN_TEST(a_connection_over_max_conns_is_refused_before_tls);
  RUN_TEST(a_whole_frame_before_close_notify_is_delivered);
  if (pki_remove() != 0) {
    fprintf(stderr, "test_conn: cannot remove the test PKI\n");
    return 1;
  }
  return TEST_EXIT();
}
