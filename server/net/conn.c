/*
 * Client connections: OpenSSL over libuv with memory BIOs.
 *
 * Bytes from the socket go into rbio; SSL turns them into plaintext that is
 * appended to the frame buffer; whole frames become requests. Everything SSL
 * writes (handshake, records, alerts) lands in wbio and is flushed to the
 * socket after every SSL call. See conn.h for the states and ownership.
 */
#include "net/conn.h"

#include <openssl/buffer.h>
#include <openssl/err.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "net/listener.h"
#include "net/tls.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/metrics.h"

/* Stop reading a client that does not read its replies past this much. */
#define UNSENT_HIGH_WATER (4u << 20)
/* How long a closing connection may take to flush before it is cut. */
#define CLOSE_LINGER_MS 5000

enum conn_state { CONN_HANDSHAKE, CONN_AUTH, CONN_READY, CONN_CLOSING };

struct td_conn {
  uv_tcp_t tcp;
  uv_timer_t timer; /* Handshake, then idle, then linger timeout. */
  uv_shutdown_t shutdown;
  struct td_net *net;
  struct td_conn *prev;
  struct td_conn *next;
  SSL *ssl;  /* Owns rbio and wbio. */
  BIO *rbio; /* Network -> SSL. */
  BIO *wbio; /* SSL -> network. */
  enum conn_state state;
  struct td_framebuf rx;
  void *data; /* The protocol's. */
  char peer[64];
  char *tls_reason; /* TD_TLS_REASON_MAX bytes during the handshake only. */
  int refs;
  int open_handles;
  int inflight;
  size_t unsent;
  unsigned reading : 1;
  unsigned tls_done : 1;
  unsigned tls_failed : 1;
  unsigned handles_closing : 1;
  unsigned draining : 1;
  unsigned processing : 1;
};

struct conn_write {
  uv_write_t req;
  struct td_conn *c;
  size_t n;
  char data[];
};

static void conn_process(struct td_conn *c);

void td_conn_set_data(struct td_conn *c, void *data)
{
  c->data = data;
}

void *td_conn_data(const struct td_conn *c)
{
  return c->data;
}

const char *td_conn_peer(const struct td_conn *c)
{
  return c->peer;
}

void td_conn_ref(struct td_conn *c)
{
  c->refs++;
}

void td_conn_unref(struct td_conn *c)
{
  struct td_net *net = c->net;

  if (--c->refs > 0)
    return;
  if (c->data != NULL)
    net->proto->on_free(c);
  if (c->prev != NULL)
    c->prev->next = c->next;
  else
    net->conns = c->next;
  if (c->next != NULL)
    c->next->prev = c->prev;
  net->n--;
  *net->nconns = net->n;
  TD_METRIC_SET(conns_open, net->n);
  SSL_free(c->ssl);
  free(c->tls_reason);
  td_framebuf_free(&c->rx);
  free(c);
  td_net_churn(net);
  if (net->n == 0 && net->on_empty != NULL)
    net->on_empty(net->empty_arg);
}

static void on_handle_closed(uv_handle_t *h)
{
  struct td_conn *c = h->data;

  if (--c->open_handles == 0)
    td_conn_unref(c);
}

static void close_handles(struct td_conn *c)
{
  if (c->handles_closing)
    return;
  c->handles_closing = 1;
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
  (void)status;
  close_handles(req->handle->data);
}

static void on_write(uv_write_t *req, int status)
{
  struct conn_write *w = (struct conn_write *)req;
  struct td_conn *c = w->c;
  int was_over = c->unsent > UNSENT_HIGH_WATER;

  c->unsent -= w->n;
  free(w);
  if (status < 0 && status != UV_ECANCELED) {
    td_conn_close(c, uv_strerror(status));
    return;
  }
  if (was_over && c->unsent <= UNSENT_HIGH_WATER)
    conn_process(c);
}

/* Sends whatever SSL has produced. Called after every SSL operation. */
static void flush_tls(struct td_conn *c)
{
  struct conn_write *w;
  uv_buf_t buf;
  size_t n;

  for (n = BIO_ctrl_pending(c->wbio); n > 0; n = BIO_ctrl_pending(c->wbio)) {
    w = td_xmalloc(sizeof(*w) + n);
    w->c = c;
    w->n = (size_t)BIO_read(c->wbio, w->data, (int)n);
    buf = uv_buf_init(w->data, (unsigned)w->n);
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_write) != 0) {
      free(w);
      c->tls_failed = 1;
      td_conn_close(c, "write failed");
      return;
    }
    c->unsent += w->n;
  }
}

/* A handshake failed, for the metrics. */
static void count_tls_failure(enum td_tls_failure f)
{
  TD_METRIC_INC(tls_failures[f]);
}

static void on_timer(uv_timer_t *t)
{
  struct td_conn *c = t->data;

  switch (c->state) {
  case CONN_HANDSHAKE:
  case CONN_AUTH:
    td_warn("conn %s: handshake timed out", c->peer);
    if (c->state == CONN_HANDSHAKE)
      count_tls_failure(TD_TLSF_TIMEOUT);
    c->tls_failed = c->state == CONN_HANDSHAKE;
    td_conn_close(c, "handshake timeout");
    break;
  case CONN_READY:
    if (c->inflight > 0) {
      uv_timer_again(t);
      return;
    }
    td_info("conn %s: idle, closing", c->peer);
    td_conn_close(c, "idle timeout");
    break;
  case CONN_CLOSING:
    close_handles(c);
    break;
  }
}

static void restart_idle_timer(struct td_conn *c)
{
  uint64_t ms = (uint64_t)c->net->cfg->idle_timeout_ms;

  uv_timer_start(&c->timer, on_timer, ms, ms);
}

void td_conn_close(struct td_conn *c, const char *why)
{
  if (c->state == CONN_CLOSING)
    return;
  td_debug("conn %s: closing: %s", c->peer, why);
  c->state = CONN_CLOSING;
  if (c->data != NULL)
    c->net->proto->on_closing(c);
  if (c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = 0;
  }
  if (c->tls_done && !c->tls_failed) {
    ERR_clear_error();
    SSL_shutdown(c->ssl);
    flush_tls(c);
  }
  uv_timer_start(&c->timer, on_timer, CLOSE_LINGER_MS, 0);
  /* Let queued replies and close_notify reach the peer, then close. */
  if (c->handles_closing ||
      uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shutdown) != 0)
    close_handles(c);
}

void td_conn_send(struct td_conn *c, const uint8_t *frame, size_t len)
{
  int rc;

  if (c->state == CONN_CLOSING)
    return;
  ERR_clear_error();
  rc = SSL_write(c->ssl, frame, (int)len);
  if (rc <= 0) {
    c->tls_failed = 1;
    td_conn_close(c, "TLS write failed");
    return;
  }
  flush_tls(c);
}

static int conn_paused(const struct td_conn *c)
{
  return c->inflight >= c->net->cfg->max_in_flight ||
         c->unsent > UNSENT_HIGH_WATER || c->draining;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

static void alloc_read(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
  struct td_conn *c = h->data;

  (void)hint;
  *buf = uv_buf_init(c->net->readbuf, sizeof(c->net->readbuf));
}

/* Reads from the socket only when there is room to act on what comes. */
static void update_reading(struct td_conn *c)
{
  int want =
      c->state == CONN_HANDSHAKE || (c->state == CONN_READY && !conn_paused(c));

  if (want && !c->reading) {
    if (uv_read_start((uv_stream_t *)&c->tcp, alloc_read, on_read) == 0)
      c->reading = 1;
  } else if (!want && c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = 0;
  }
}

static uint32_t pending_frame_length(const struct td_framebuf *fb)
{
  const uint8_t *p = fb->data + fb->off;

  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

/* A new, empty memory BIO to take the place of bio when bio is empty but
 * keeps storage (a memory BIO never shrinks: it keeps room for the largest
 * record or reply that ever passed). NULL when bio should stay. */
static BIO *fresh_bio(BIO *bio)
{
  BUF_MEM *bm = NULL;

  BIO_get_mem_ptr(bio, &bm);
  if (bm == NULL || bm->max == 0 || BIO_ctrl_pending(bio) > 0)
    return NULL;
  return BIO_new(BIO_s_mem());
}

/* An idle connection gives back what it holds for traffic: the frame
 * buffer and the storage of both memory BIOs (OpenSSL gives back its record
 * buffers itself, SSL_MODE_RELEASE_BUFFERS). Thousands of workstations stay
 * connected and mostly silent, so what an idle connection keeps is most of
 * the server's memory. The next request allocates again. */
static void conn_shed(struct td_conn *c)
{
  uint32_t max = c->rx.max_payload;
  BIO *b;

  if (c->inflight > 0 || td_framebuf_pending(&c->rx) > 0)
    return;
  if (c->rx.cap > 0) {
    td_framebuf_free(&c->rx);
    td_framebuf_init(&c->rx, max);
  }
  b = fresh_bio(c->rbio);
  if (b != NULL) {
    SSL_set0_rbio(c->ssl, b);
    c->rbio = b;
  }
  b = fresh_bio(c->wbio);
  if (b != NULL) {
    SSL_set0_wbio(c->ssl, b);
    c->wbio = b;
  }
}

/* Turns buffered frames into requests while the connection may take more. */
static void conn_process(struct td_conn *c)
{
  const uint8_t *payload;
  uint32_t plen;
  enum td_frame_status st;

  /* A request finished synchronously re-enters here; the outer loop goes on. */
  if (c->processing)
    return;
  c->processing = 1;
  while (c->state == CONN_READY && !conn_paused(c)) {
    st = td_framebuf_next(&c->rx, &payload, &plen);
    if (st == TD_FRAME_NEED_MORE)
      break;
    if (st == TD_FRAME_TOO_LARGE) {
      td_warn("conn %s: frame of %u bytes over the limit of %u", c->peer,
              pending_frame_length(&c->rx), c->rx.max_payload);
      c->net->proto->on_oversize(c, pending_frame_length(&c->rx),
                                 c->rx.max_payload);
      td_conn_close(c, "frame too large");
      break;
    }
    restart_idle_timer(c);
    c->net->proto->on_frame(c, payload, plen);
  }
  c->processing = 0;
  if (c->state == CONN_CLOSING)
    return;
  conn_shed(c);
  update_reading(c);
}

void td_conn_ready(struct td_conn *c)
{
  if (c->state != CONN_AUTH)
    return;
  c->state = CONN_READY;
  restart_idle_timer(c);
  conn_process(c);
}

/* The soonest expiry of a verified client certificate, for the metrics. */
static void note_client_expiry(X509 *peer)
{
  const ASN1_TIME *na = X509_get0_notAfter(peer);
  struct tm tm;

  if (na != NULL && ASN1_TIME_to_tm(na, &tm) == 1)
    td_metrics_client_expiry((int64_t)timegm(&tm));
}

/* Handshake done: the protocol decides who this is. */
static void conn_authenticate(struct td_conn *c)
{
  X509 *peer = SSL_get0_peer_certificate(c->ssl);
  char fingerprint[65];
  char subject[160];

  if (peer == NULL || SSL_get_verify_result(c->ssl) != X509_V_OK ||
      td_tls_fingerprint(peer, fingerprint) != 0) {
    td_warn("conn %s: refused: no verified client certificate", c->peer);
    count_tls_failure(peer == NULL ? TD_TLSF_NO_CERTIFICATE
                                   : TD_TLSF_BAD_CERTIFICATE);
    td_conn_close(c, "no verified certificate");
    return;
  }
  td_tls_subject(peer, subject, sizeof(subject));
  note_client_expiry(peer);
  c->state = CONN_AUTH;
  update_reading(c);
  c->net->proto->on_open(c, c->net->proto_arg, fingerprint, subject);
}

/* Why the handshake failed, for the metrics: the certificate's verify
 * result if it was refused, else what OpenSSL's error queue says. */
static enum td_tls_failure tls_failure_of(struct td_conn *c)
{
  unsigned long e = ERR_peek_error();

  switch (SSL_get_verify_result(c->ssl)) {
  case X509_V_OK:
    break;
  case X509_V_ERR_CERT_REVOKED:
    return TD_TLSF_REVOKED;
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return TD_TLSF_EXPIRED;
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return TD_TLSF_NOT_YET_VALID;
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    return TD_TLSF_UNKNOWN_CA;
  default:
    return TD_TLSF_BAD_CERTIFICATE;
  }
  if (ERR_GET_LIB(e) == ERR_LIB_SSL &&
      ERR_GET_REASON(e) == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
    return TD_TLSF_NO_CERTIFICATE;
  return TD_TLSF_PROTOCOL;
}

static void tls_refused(struct td_conn *c)
{
  const char *reason = c->tls_reason != NULL ? c->tls_reason : "";
  char why[256];

  if (!c->tls_done)
    count_tls_failure(tls_failure_of(c));
  td_tls_last_error(why, sizeof(why), "handshake failed");
  td_warn("conn %s: TLS refused: %s%s%s", c->peer, why, reason[0] ? ": " : "",
          reason);
  c->tls_failed = 1;
  td_conn_close(c, "TLS handshake failed");
}

/* The certificate is verified once, at the handshake: the buffer for why it
 * was refused is not kept for the connection's life. */
static void forget_tls_reason(struct td_conn *c)
{
  SSL_set_app_data(c->ssl, NULL);
  free(c->tls_reason);
  c->tls_reason = NULL;
}

/* Runs SSL over whatever arrived: handshake first, then plaintext. */
static void conn_pump(struct td_conn *c)
{
  char plain[16384];
  int n;
  int e;

  if (c->state == CONN_HANDSHAKE) {
    ERR_clear_error();
    n = SSL_do_handshake(c->ssl);
    flush_tls(c);
    if (n != 1) {
      if (SSL_get_error(c->ssl, n) != SSL_ERROR_WANT_READ)
        tls_refused(c);
      return;
    }
    c->tls_done = 1;
    forget_tls_reason(c);
    conn_authenticate(c);
  }
  if (c->state == CONN_CLOSING)
    return;
  for (;;) {
    ERR_clear_error();
    n = SSL_read(c->ssl, plain, sizeof(plain));
    if (n <= 0)
      break;
    if (td_framebuf_append(&c->rx, plain, (size_t)n) != 0) {
      td_conn_close(c, "out of memory");
      return;
    }
  }
  e = SSL_get_error(c->ssl, n);
  flush_tls(c);
  if (e == SSL_ERROR_ZERO_RETURN) {
    /* Whole frames that came with the close are requests all the same:
     * serve them (their replies are dropped), as if TCP had split the read. */
    if (c->state == CONN_READY)
      conn_process(c);
    td_conn_close(c, "peer sent close_notify");
    return;
  }
  if (e != SSL_ERROR_WANT_READ) {
    c->tls_failed = 1;
    tls_refused(c);
    return;
  }
  if (c->state == CONN_READY)
    conn_process(c);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
  struct td_conn *c = s->data;

  if (nread > 0) {
    if (BIO_write(c->rbio, buf->base, (int)nread) != (int)nread) {
      td_conn_close(c, "out of memory");
      return;
    }
    conn_pump(c);
  } else if (nread == UV_EOF) {
    if (td_framebuf_pending(&c->rx) > 0)
      td_warn("conn %s: peer closed in the middle of a frame (%zu bytes)",
              c->peer, td_framebuf_pending(&c->rx));
    c->tls_failed = !c->tls_done;
    if (c->state == CONN_HANDSHAKE)
      count_tls_failure(TD_TLSF_CLOSED);
    td_conn_close(c, "peer closed");
  } else if (nread < 0) {
    if (c->state == CONN_HANDSHAKE)
      count_tls_failure(TD_TLSF_CLOSED);
    c->tls_failed = 1;
    td_conn_close(c, uv_strerror((int)nread));
  }
}

static void peer_name(struct td_conn *c)
{
  struct sockaddr_storage ss;
  int len = sizeof(ss);
  char host[48] = "?";
  int port = 0;

  if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
    if (ss.ss_family == AF_INET6) {
      uv_ip6_name((struct sockaddr_in6 *)&ss, host, sizeof(host));
      port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    } else {
      uv_ip4_name((struct sockaddr_in *)&ss, host, sizeof(host));
      port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
  }
  snprintf(c->peer, sizeof(c->peer), "%s:%d", host, port);
}

void td_conn_accept(struct td_net *net)
{
  struct td_conn *c = td_xcalloc(1, sizeof(*c));
  uv_os_fd_t fd;

  c->net = net;
  c->refs = 1;
  c->open_handles = 2;
  c->state = CONN_HANDSHAKE;
  uv_tcp_init(net->loop, &c->tcp);
  uv_timer_init(net->loop, &c->timer);
  c->tcp.data = c;
  c->timer.data = c;
  td_framebuf_init(&c->rx, net->cfg->max_frame);
  c->next = net->conns;
  if (net->conns != NULL)
    net->conns->prev = c;
  net->conns = c;
  net->n++;
  *net->nconns = net->n;
  TD_METRIC_SET(conns_open, net->n);
  TD_METRIC_INC(conns_accepted);
  if (uv_accept((uv_stream_t *)&net->listener, (uv_stream_t *)&c->tcp) != 0) {
    c->tls_failed = 1;
    td_conn_close(c, "accept failed");
    return;
  }
  peer_name(c);
  if (uv_fileno((uv_handle_t *)&c->tcp, &fd) == 0)
    td_net_accepted_fd(net, (int)fd);
  if (net->n > net->cfg->max_conns || net->draining) {
    td_warn("conn %s: refused: %s", c->peer,
            net->draining ? "server stopping" : "too many connections");
    TD_METRIC_INC(
        refused[net->draining ? TD_REFUSED_DRAINING : TD_REFUSED_MAX_CONNS]);
    c->tls_failed = 1;
    td_conn_close(c, "refused");
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  c->ssl = SSL_new(net->ssl_ctx);
  c->rbio = BIO_new(BIO_s_mem());
  c->wbio = BIO_new(BIO_s_mem());
  if (c->ssl == NULL || c->rbio == NULL || c->wbio == NULL) {
    BIO_free(c->rbio);
    BIO_free(c->wbio);
    c->tls_failed = 1;
    td_conn_close(c, "out of memory");
    return;
  }
  SSL_set_bio(c->ssl, c->rbio, c->wbio);
  SSL_set_accept_state(c->ssl);
  c->tls_reason = td_xcalloc(1, TD_TLS_REASON_MAX);
  SSL_set_app_data(c->ssl, c->tls_reason);
  uv_timer_start(&c->timer, on_timer, (uint64_t)net->cfg->handshake_timeout_ms,
                 0);
  update_reading(c);
  td_net_churn(net);
}

void td_conn_req_start(struct td_conn *c)
{
  c->inflight++;
  c->refs++;
}

void td_conn_req_done(struct td_conn *c)
{
  c->inflight--;
  if (c->state == CONN_READY) {
    if (c->draining && c->inflight == 0)
      td_conn_close(c, "server stopping");
    else
      conn_process(c);
  }
  td_conn_unref(c);
}

void td_conn_drain_all(struct td_net *net)
{
  struct td_conn *c;

  for (c = net->conns; c != NULL; c = c->next) {
    c->draining = 1;
    if (c->state != CONN_READY || c->inflight == 0)
      td_conn_close(c, "server stopping");
    else
      update_reading(c);
  }
}

void td_conn_close_all(struct td_net *net, const char *why)
{
  struct td_conn *c;

  for (c = net->conns; c != NULL; c = c->next)
    td_conn_close(c, why);
}
