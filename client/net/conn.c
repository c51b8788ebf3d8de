/* Blocking mutual-TLS connection; see conn.h for the contract. */
#include "net/conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/buffer.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "frame.h"
#include "wire.h"

#include "lang/lang.h"

struct td_conn {
  int fd;
  SSL_CTX *ctx;
  SSL *ssl;
  int timeout_ms;
  uint64_t next_id;
  uint32_t max_payload; /* Limit on what we send; the server's max_frame. */
  int broken;           /* A fatal error happened: no close_notify. */
  int got_reply;        /* A frame arrived, so the handshake was accepted. */
  int has_cert;
  size_t last_frame; /* Bytes of the last frame received, with its header. */
  char expiry[16];   /* notAfter of our certificate, YYYY-MM-DD. */
  char *server;      /* For messages. */
  char *ca;
  struct td_framebuf fb;
};

enum tls_op { OP_CONNECT, OP_READ, OP_WRITE };

/* How long a new TLS 1.3 connection waits for the server's verdict on our
 * certificate before it sends anything; see await_verdict. */
#define VERDICT_MS 500

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
  va_list ap;

  if (errlen > 0) {
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return code;
}

int td_conn_split_server(const char *server, char *host, size_t hostlen,
                         char *port, size_t portlen, char *err, size_t errlen)
{
  const char *h;
  const char *colon;
  size_t hl;

  h = server;
  if (server[0] == '[') {
    h = server + 1;
    colon = strchr(h, ']');
    if (colon == NULL || colon[1] != ':')
      goto bad;
    hl = (size_t)(colon - h);
    colon++;
  } else {
    colon = strrchr(server, ':');
    if (colon == NULL || memchr(server, ':', (size_t)(colon - server)))
      goto bad;
    hl = (size_t)(colon - server);
  }
  if (hl == 0 || hl >= hostlen || colon[1] == '\0' ||
      strlen(colon + 1) >= portlen ||
      strspn(colon + 1, "0123456789") != strlen(colon + 1))
    goto bad;
  memcpy(host, h, hl);
  host[hl] = '\0';
  memcpy(port, colon + 1, strlen(colon + 1) + 1);
  return 0;

bad:
  return fail(err, errlen, TD_EUSAGE,
              _("the server address \"%s\" is not HOST:PORT; write it like "
                "tiepdan.example.vn:7443, 10.0.0.5:7443 or [2001:db8::5]:7443"),
              server);
}

static int64_t now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A deadline of -1 means wait forever. */
static int64_t deadline_in(int timeout_ms)
{
  return timeout_ms > 0 ? now_ms() + timeout_ms : -1;
}

/* Returns 0 when fd is ready, TD_ETIMEOUT, or -1 with errno set. */
static int wait_fd(int fd, short events, int64_t deadline)
{
  struct pollfd p;
  int64_t left;
  int r;

  for (;;) {
    left = -1;
    if (deadline >= 0) {
      left = deadline - now_ms();
      if (left < 0)
        left = 0;
    }
    p.fd = fd;
    p.events = events;
    p.revents = 0;
    r = poll(&p, 1, (int)left);
    if (r > 0)
      return 0;
    if (r == 0)
      return TD_ETIMEOUT;
    if (errno != EINTR)
      return -1;
  }
}

/* Officers read these; strerror's capitalised forms read oddly mid-line. */
static const char *net_reason(int e)
{
  switch (e) {
  case ECONNREFUSED:
    return _("connection refused");
  case EHOSTUNREACH:
    return _("no route to the host");
  case ENETUNREACH:
    return _("the network is unreachable");
  case ECONNRESET:
    return _("the connection was reset");
  case ETIMEDOUT:
    return _("no answer");
  default:
    return strerror(e);
  }
}

static const char *duration(int ms, char buf[32])
{
  if (ms % 1000 == 0)
    snprintf(buf, 32, _("%d s"), ms / 1000);
  else
    snprintf(buf, 32, _("%d ms"), ms);
  return buf;
}

static int set_nonblocking(int fd)
{
  int fl;

  fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
    return -1;
  return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Returns a connected socket, or -1 with *why set to an errno value. */
static int connect_one(const struct addrinfo *ai, int64_t deadline, int *why)
{
  socklen_t len;
  int soerr;
  int fd;
  int one;
  int r;

  fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
  if (fd < 0 || set_nonblocking(fd) < 0)
    goto fail;
  if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
    if (errno != EINPROGRESS)
      goto fail;
    r = wait_fd(fd, POLLOUT, deadline);
    if (r == TD_ETIMEOUT)
      errno = ETIMEDOUT;
    if (r != 0)
      goto fail;
    len = sizeof(soerr);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
      goto fail;
    if (soerr != 0) {
      errno = soerr;
      goto fail;
    }
  }
  /* Requests and replies are small and strictly alternate: Nagle only
   * adds delay. */
  one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;

fail:
  *why = errno;
  if (fd >= 0)
    close(fd);
  return -1;
}

static int connect_tcp(struct td_conn *c, const char *host, const char *port,
                       char *err, size_t errlen)
{
  struct addrinfo hints;
  struct addrinfo *res;
  struct addrinfo *ai;
  int64_t deadline;
  char buf[32];
  int why;
  int r;

  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  r = getaddrinfo(host, port, &hints, &res);
  if (r != 0)
    return fail(err, errlen, TD_ECONNECT,
                _("cannot find server %s: %s; check the name in --server or "
                  "in the configuration file"),
                c->server, r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
  deadline = deadline_in(c->timeout_ms);
  why = ECONNREFUSED;
  for (ai = res; ai != NULL && c->fd < 0; ai = ai->ai_next)
    c->fd = connect_one(ai, deadline, &why);
  freeaddrinfo(res);
  if (c->fd >= 0)
    return 0;
  if (why == ETIMEDOUT)
    return fail(err, errlen, TD_ETIMEOUT,
                _("cannot reach server %s: no answer within %s; check the "
                  "address and the network, or try again later"),
                c->server, duration(c->timeout_ms, buf));
  return fail(err, errlen, TD_ECONNECT,
              _("cannot reach server %s: %s; check the address and the "
                "network, or try again later"),
              c->server, net_reason(why));
}

/* Encrypted keys are refused rather than prompted for: tiepdan runs in
 * scripts too, and an officer cannot know the passphrase anyway. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
  (void)buf;
  (void)size;
  (void)rwflag;
  (void)u;
  return -1;
}

static int check_file(const char *what, const char *flag, const char *path,
                      char *err, size_t errlen)
{
  FILE *f;

  f = fopen(path, "r");
  if (f != NULL) {
    fclose(f);
    return 0;
  }
  if (errno == ENOENT)
    return fail(err, errlen, TD_ECREDS,
                _("the %s file %s does not exist; check --%s or the "
                  "configuration file"),
                _(what), path, flag);
  if (errno == EACCES)
    return fail(err, errlen, TD_ECREDS,
                _("cannot read the %s file %s: permission denied; ask your "
                  "administrator to give your account access to it"),
                _(what), path);
  return fail(err, errlen, TD_ECREDS, _("cannot read the %s file %s: %s"),
              _(what), path, strerror(errno));
}

static void asn1_date(const ASN1_TIME *t, char *out, size_t outlen)
{
  struct tm tm;

  if (ASN1_TIME_to_tm(t, &tm) != 1 ||
      strftime(out, outlen, "%Y-%m-%d", &tm) == 0)
    snprintf(out, outlen, "%s", _("an unknown date"));
}

/* The server would refuse an out-of-date certificate with a bare alert;
 * saying so before connecting is clearer. */
static int check_validity(struct td_conn *c, const char *cert, char *err,
                          size_t errlen)
{
  X509 *x;
  char date[16];

  x = SSL_CTX_get0_certificate(c->ctx);
  asn1_date(X509_get0_notAfter(x), c->expiry, sizeof(c->expiry));
  if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0)
    return fail(err, errlen, TD_ECREDS,
                _("this computer's certificate %s expired on %s; ask your "
                  "administrator for a new one"),
                cert, c->expiry);
  if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
    asn1_date(X509_get0_notBefore(x), date, sizeof(date));
    return fail(err, errlen, TD_ECREDS,
                _("this computer's certificate %s is valid only from %s; check "
                  "this computer's date and time"),
                cert, date);
  }
  return 0;
}

static EVP_PKEY *read_key(const char *path)
{
  EVP_PKEY *k;
  BIO *b;

  b = BIO_new_file(path, "r");
  if (b == NULL)
    return NULL;
  k = PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL);
  BIO_free(b);
  return k;
}

static int load_identity(struct td_conn *c, const struct td_client_opts *o,
                         char *err, size_t errlen)
{
  EVP_PKEY *pkey;
  int r;

  if (o->cert == NULL && o->key == NULL)
    return 0;
  if (o->cert == NULL || o->key == NULL)
    return fail(err, errlen, TD_EUSAGE,
                _("--cert and --key go together: give both or neither"));
  r = check_file(N_("certificate"), "cert", o->cert, err, errlen);
  if (r == 0)
    r = check_file(N_("key"), "key", o->key, err, errlen);
  if (r != 0)
    return r;
  if (SSL_CTX_use_certificate_chain_file(c->ctx, o->cert) != 1)
    return fail(err, errlen, TD_ECREDS,
                _("%s does not hold a PEM certificate; check --cert"), o->cert);
  pkey = read_key(o->key);
  if (pkey == NULL)
    return fail(
        err, errlen, TD_ECREDS,
        _("%s does not hold an unencrypted PEM private key; check --key"),
        o->key);
  /* OpenSSL checks here that the key is the certificate's. */
  r = SSL_CTX_use_PrivateKey(c->ctx, pkey);
  EVP_PKEY_free(pkey);
  if (r != 1)
    return fail(err, errlen, TD_ECREDS,
                _("the key in %s does not match the certificate in %s; "
                  "check that --cert and --key are a pair"),
                o->key, o->cert);
  c->has_cert = 1;
  return check_validity(c, o->cert, err, errlen);
}

static int load_trust(struct td_conn *c, const struct td_client_opts *o,
                      char *err, size_t errlen)
{
  int r;

  if (o->ca == NULL) {
    SSL_CTX_set_default_verify_paths(c->ctx);
    return 0;
  }
  r = check_file(N_("CA"), "ca", o->ca, err, errlen);
  if (r != 0)
    return r;
  if (SSL_CTX_load_verify_file(c->ctx, o->ca) != 1)
    return fail(err, errlen, TD_ECREDS,
                _("%s does not hold a PEM CA certificate; check --ca"), o->ca);
  return 0;
}

static int make_ctx(struct td_conn *c, const struct td_client_opts *o,
                    char *err, size_t errlen)
{
  int r;

  ERR_clear_error();
  c->ctx = SSL_CTX_new(TLS_client_method());
  if (c->ctx == NULL)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
  r = load_trust(c, o, err, errlen);
  if (r == 0)
    r = load_identity(c, o, err, errlen);
  ERR_clear_error();
  return r;
}

static int is_ip_literal(const char *host)
{
  unsigned char buf[sizeof(struct in6_addr)];

  return inet_pton(AF_INET, host, buf) == 1 ||
         inet_pton(AF_INET6, host, buf) == 1;
}

static int make_ssl(struct td_conn *c, const char *host, char *err,
                    size_t errlen)
{
  int ok;

  c->ssl = SSL_new(c->ctx);
  if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  /* SNI must not carry an address (RFC 6066), and an address is checked
   * against the certificate's IP entries, not its DNS names. */
  if (is_ip_literal(host)) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
  } else {
    ok = SSL_set_tlsext_host_name(c->ssl, host) == 1 &&
         SSL_set1_host(c->ssl, host) == 1;
  }
  if (ok != 1)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  return 0;
}

static int verify_failure(struct td_conn *c, long v, char *err, size_t errlen)
{
  switch (v) {
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    return fail(err, errlen, TD_ETLS,
                _("the certificate of server %s is not signed by the CA in %s; "
                  "check --server and --ca, or ask your administrator"),
                c->server, c->ca ? c->ca : _("this computer's trust store"));
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return fail(err, errlen, TD_ETLS,
                _("the certificate of server %s has expired; tell the server's "
                  "administrator, or check this computer's date and time"),
                c->server);
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return fail(err, errlen, TD_ETLS,
                _("the certificate of server %s is not valid yet; check this "
                  "computer's date and time"),
                c->server);
  case X509_V_ERR_HOSTNAME_MISMATCH:
  case X509_V_ERR_IP_ADDRESS_MISMATCH:
    return fail(err, errlen, TD_ETLS,
                _("the certificate of server %s was issued for another name; "
                  "check --server: use the name the administrator gave you"),
                c->server);
  default:
    return fail(err, errlen, TD_ETLS,
                _("the certificate of server %s cannot be trusted: %s"),
                c->server, X509_verify_cert_error_string(v));
  }
}

static int refused_expired(struct td_conn *c, char *err, size_t errlen)
{
  return fail(err, errlen, TD_ETLS,
              _("the server refused this computer's certificate: it has "
                "expired on %s; ask your administrator for a new one"),
              c->expiry);
}

static int refused_handshake(struct td_conn *c, char *err, size_t errlen)
{
  if (!c->has_cert)
    return fail(err, errlen, TD_ETLS,
                _("the server requires a certificate: give --cert and --key"));
  return fail(err, errlen, TD_ETLS,
              _("the TLS handshake with server %s failed: the server does not "
                "accept this computer's certificate, or the two share no TLS "
                "version; ask your administrator"),
              c->server);
}

/* Maps an alert the server sent, or -1 if reason is no alert we explain. */
static int alert_failure(struct td_conn *c, int reason, char *err,
                         size_t errlen)
{
  const char *why;

  switch (reason) {
  case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    return fail(err, errlen, TD_ETLS,
                _("the server requires a certificate: give --cert and --key"));
  case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    return refused_expired(c, err, errlen);
  case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
    return refused_handshake(c, err, errlen);
  case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    why = _("it is not signed by a CA the server trusts; ask your "
            "administrator for a certificate from the right CA");
    break;
  case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    why = _("it has been revoked; ask your administrator for a new one");
    break;
  case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
  case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
  case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    why = _("it is not valid for a client; ask your administrator for a "
            "new one");
    break;
  case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
    why = _("access denied; ask your administrator");
    break;
  case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
  case SSL_R_UNSUPPORTED_PROTOCOL:
    return fail(err, errlen, TD_ETLS,
                _("server %s does not offer TLS 1.2 or newer; tell its "
                  "administrator"),
                c->server);
  case SSL_R_WRONG_VERSION_NUMBER:
  case SSL_R_PACKET_LENGTH_TOO_LONG:
    return fail(
        err, errlen, TD_ETLS,
        _("%s does not answer in TLS: it is not a tiepdan server; check "
          "the port in --server"),
        c->server);
  default:
    return -1;
  }
  return fail(err, errlen, TD_ETLS,
              _("the server refused this computer's certificate: %s"), why);
}

static int closed_failure(struct td_conn *c, enum tls_op op, char *err,
                          size_t errlen)
{
  if (op == OP_CONNECT)
    return fail(err, errlen, TD_ETLS,
                _("server %s closed the connection during the TLS handshake; "
                  "check that it is a tiepdan server, or try again later"),
                c->server);
  if (!c->got_reply)
    return fail(err, errlen, TD_ECLOSED,
                _("server %s closed the connection without answering; it may "
                  "not accept this computer's certificate, or it is stopping"),
                c->server);
  return fail(err, errlen, TD_ECLOSED, _("server %s closed the connection"),
              c->server);
}

static int tls_failure(struct td_conn *c, int e, int sys, enum tls_op op,
                       char *err, size_t errlen)
{
  unsigned long code;
  int reason;
  int r;

  if (e == SSL_ERROR_ZERO_RETURN)
    return closed_failure(c, op, err, errlen);
  c->broken = 1;
  if (op == OP_CONNECT && SSL_get_verify_result(c->ssl) != X509_V_OK)
    return verify_failure(c, SSL_get_verify_result(c->ssl), err, errlen);
  code = ERR_peek_error();
  reason = ERR_GET_REASON(code);
  r = alert_failure(c, reason, err, errlen);
  if (r != -1)
    return r;
  if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING ||
      (e == SSL_ERROR_SYSCALL && code == 0 && sys == 0))
    return closed_failure(c, op, err, errlen);
  if (e == SSL_ERROR_SYSCALL && code == 0 && op != OP_CONNECT && !c->got_reply)
    return closed_failure(c, op, err, errlen);
  if (e == SSL_ERROR_SYSCALL && code == 0)
    return fail(err, errlen, op == OP_CONNECT ? TD_ETLS : TD_ECLOSED,
                _("connection to server %s lost: %s"), c->server,
                net_reason(sys));
  return fail(err, errlen, op == OP_CONNECT ? TD_ETLS : TD_EPROTO,
              _("TLS error with server %s: %s"), c->server,
              ERR_reason_error_string(code) ? ERR_reason_error_string(code)
                                            : _("unknown error"));
}

static int timed_out(struct td_conn *c, enum tls_op op, char *err,
                     size_t errlen)
{
  char buf[32];

  c->broken = 1;
  if (op == OP_CONNECT)
    return fail(err, errlen, TD_ETIMEOUT,
                _("server %s did not complete the TLS handshake within %s; "
                  "try again later"),
                c->server, duration(c->timeout_ms, buf));
  if (op == OP_READ)
    return fail(err, errlen, TD_ETIMEOUT,
                _("server %s did not answer within %s; try again later"),
                c->server, duration(c->timeout_ms, buf));
  return fail(err, errlen, TD_ETIMEOUT,
              _("server %s did not take the request within %s; try again "
                "later"),
              c->server, duration(c->timeout_ms, buf));
}

static int tls_call(struct td_conn *c, enum tls_op op, void *buf, size_t n,
                    size_t *done)
{
  ERR_clear_error();
  errno = 0;
  switch (op) {
  case OP_CONNECT:
    return SSL_connect(c->ssl);
  case OP_READ:
    return SSL_read_ex(c->ssl, buf, n, done);
  default:
    return SSL_write_ex(c->ssl, buf, n, done);
  }
}

/* Runs one OpenSSL operation to completion, waiting on the socket as
 * OpenSSL asks, within one deadline. */
static int tls_io(struct td_conn *c, enum tls_op op, void *buf, size_t n,
                  size_t *done, char *err, size_t errlen)
{
  int64_t deadline;
  short ev;
  int sys;
  int r;
  int e;

  deadline = deadline_in(c->timeout_ms);
  for (;;) {
    r = tls_call(c, op, buf, n, done);
    sys = errno;
    if (r == 1)
      return 0;
    e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ)
      ev = POLLIN;
    else if (e == SSL_ERROR_WANT_WRITE)
      ev = POLLOUT;
    else
      return tls_failure(c, e, sys, op, err, errlen);
    r = wait_fd(c->fd, ev, deadline);
    if (r == TD_ETIMEOUT)
      return timed_out(c, op, err, errlen);
    if (r != 0)
      return fail(err, errlen, TD_ECLOSED, _("connection to %s lost: %s"),
                  c->server, strerror(errno));
  }
}

/*
 * In TLS 1.3 the server judges our certificate only after our side of the
 * handshake is done. If it refuses, it sends an alert and closes; had we
 * sent a request meanwhile, the close would carry a reset that destroys the
 * alert unread, and the officer would not learn why. So wait a moment for
 * the server's first word: its session tickets mean yes, an alert means no.
 * A server that sends no tickets costs this wait once per connection.
 */
static int await_verdict(struct td_conn *c, char *err, size_t errlen)
{
  uint8_t buf[4096];
  int wait_ms;
  size_t n;
  int sys;
  int r;
  int e;

  if (SSL_version(c->ssl) != TLS1_3_VERSION)
    return 0;
  wait_ms = c->timeout_ms > 0 && c->timeout_ms < VERDICT_MS ? c->timeout_ms
                                                            : VERDICT_MS;
  if (wait_fd(c->fd, POLLIN, now_ms() + wait_ms) != 0)
    return 0;
  r = tls_call(c, OP_READ, buf, sizeof(buf), &n);
  sys = errno;
  if (r == 1)
    return td_framebuf_append(&c->fb, buf, n) == 0
               ? 0
               : fail(err, errlen, TD_ENOMEM, _("out of memory"));
  e = SSL_get_error(c->ssl, r);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
    return 0;
  return tls_failure(c, e, sys, OP_READ, err, errlen);
}

static struct td_conn *conn_new(const struct td_client_opts *o)
{
  struct td_conn *c;

  c = calloc(1, sizeof(*c));
  if (c == NULL)
    return NULL;
  c->fd = -1;
  c->timeout_ms = o->timeout_ms;
  c->max_payload = TD_FRAME_DEFAULT_MAX;
  /* Replies are bounded by the hard cap, not by what the server accepts. */
  td_framebuf_init(&c->fb, TD_FRAME_HARD_MAX);
  c->server = strdup(o->server);
  c->ca = o->ca ? strdup(o->ca) : NULL;
  if (c->server == NULL || (o->ca && c->ca == NULL)) {
    td_conn_abort(c);
    return NULL;
  }
  return c;
}

int td_conn_open(const struct td_client_opts *o, struct td_conn **out,
                 char *err, size_t errlen)
{
  struct td_conn *c;
  char host[256];
  char port[16];
  int r;

  *out = NULL;
  if (o->server == NULL)
    return fail(err, errlen, TD_EUSAGE,
                _("no server given: use --server HOST:PORT"));
  r = td_conn_split_server(o->server, host, sizeof(host), port, sizeof(port),
                           err, errlen);
  if (r != 0)
    return r;
  c = conn_new(o);
  if (c == NULL)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  r = make_ctx(c, o, err, errlen);
  if (r == 0)
    r = connect_tcp(c, host, port, err, errlen);
  if (r == 0)
    r = make_ssl(c, host, err, errlen);
  if (r == 0)
    r = tls_io(c, OP_CONNECT, NULL, 0, NULL, err, errlen);
  if (r == 0)
    r = await_verdict(c, err, errlen);
  if (r != 0) {
    td_conn_abort(c);
    return r;
  }
  *out = c;
  return 0;
}

int td_conn_send_raw(struct td_conn *c, const void *buf, size_t n, char *err,
                     size_t errlen)
{
  size_t done;

  if (n == 0)
    return 0;
  return tls_io(c, OP_WRITE, (void *)buf, n, &done, err, errlen);
}

static int read_more(struct td_conn *c, char *err, size_t errlen)
{
  uint8_t buf[16384];
  size_t n;
  int r;

  r = tls_io(c, OP_READ, buf, sizeof(buf), &n, err, errlen);
  if (r == TD_ECLOSED && td_framebuf_pending(&c->fb) > 0)
    return fail(err, errlen, TD_ECLOSED,
                _("server %s closed the connection in the middle of a reply"),
                c->server);
  if (r != 0)
    return r;
  if (td_framebuf_append(&c->fb, buf, n) != 0)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  return 0;
}

int td_conn_recv(struct td_conn *c, Tiepdan__Envelope **env, char *err,
                 size_t errlen)
{
  enum td_frame_status st;
  const uint8_t *payload;
  uint32_t plen;
  int r;

  *env = NULL;
  for (;;) {
    st = td_framebuf_next(&c->fb, &payload, &plen);
    if (st == TD_FRAME_OK)
      break;
    if (st == TD_FRAME_TOO_LARGE) {
      c->broken = 1;
      return fail(
          err, errlen, TD_EPROTO,
          _("server %s sent a frame larger than %u bytes; it is not a "
            "tiepdan server, or its version does not match this client"),
          c->server, TD_FRAME_HARD_MAX);
    }
    r = read_more(c, err, errlen);
    if (r != 0)
      return r;
  }
  c->got_reply = 1;
  c->last_frame = TD_FRAME_HEADER + (size_t)plen;
  *env = tiepdan__envelope__unpack(NULL, plen, payload);
  if (*env == NULL)
    return fail(err, errlen, TD_EPROTO,
                _("server %s sent a reply this client cannot decode; check "
                  "that the client and server versions match"),
                c->server);
  return 0;
}

size_t td_conn_last_frame_size(const struct td_conn *c)
{
  return c->last_frame;
}

int td_conn_fd(const struct td_conn *c)
{
  return c != NULL ? c->fd : -1;
}

static int send_request(struct td_conn *c, Tiepdan__Envelope *req, char *err,
                        size_t errlen)
{
  uint8_t *buf;
  size_t n;
  int r;

  req->has_request_id = 1;
  req->request_id = ++c->next_id;
  r = td_wire_pack(req, c->max_payload, &buf, &n);
  if (r == -E2BIG)
    return fail(err, errlen, TD_ETOOBIG,
                _("the request is %zu bytes, more than the %u bytes server %s "
                  "accepts; shorten the summary"),
                tiepdan__envelope__get_packed_size(req), c->max_payload,
                c->server);
  if (r != 0)
    return fail(err, errlen, TD_ENOMEM, _("out of memory"));
  r = td_conn_send_raw(c, buf, n, err, errlen);
  free(buf);
  return r;
}

static void learn_limits(struct td_conn *c, const Tiepdan__Envelope *reply)
{
  const Tiepdan__HelloReply *h;

  if (reply->body_case != TIEPDAN__ENVELOPE__BODY_HELLO_REPLY)
    return;
  h = reply->hello_reply;
  if (h->has_max_frame && h->max_frame > 0)
    c->max_payload =
        h->max_frame < TD_FRAME_HARD_MAX ? h->max_frame : TD_FRAME_HARD_MAX;
}

int td_conn_call(struct td_conn *c, Tiepdan__Envelope *req,
                 Tiepdan__Envelope **reply, char *err, size_t errlen)
{
  Tiepdan__Envelope *env;
  int r;

  *reply = NULL;
  r = send_request(c, req, err, errlen);
  if (r != 0)
    return r;
  for (;;) {
    r = td_conn_recv(c, &env, err, errlen);
    if (r != 0)
      return r;
    if (env->request_id == req->request_id ||
        (env->request_id == 0 &&
         env->body_case == TIEPDAN__ENVELOPE__BODY_ERROR))
      break;
    /* A late reply to a request we gave up on: not ours to show. */
    tiepdan__envelope__free_unpacked(env, NULL);
  }
  learn_limits(c, env);
  *reply = env;
  return 0;
}

static void conn_free(struct td_conn *c)
{
  if (c->fd >= 0)
    close(c->fd);
  SSL_free(c->ssl);
  SSL_CTX_free(c->ctx);
  td_framebuf_free(&c->fb);
  free(c->server);
  free(c->ca);
  free(c);
  /* Errors of this connection must not be blamed on the next one. */
  ERR_clear_error();
}

void td_conn_close(struct td_conn *c)
{
  if (c == NULL)
    return;
  if (c->ssl != NULL && !c->broken && SSL_is_init_finished(c->ssl)) {
    ERR_clear_error();
    /* One attempt: the socket is non-blocking and we do not wait for the
     * server's close_notify. */
    SSL_shutdown(c->ssl);
  }
  conn_free(c);
}

void td_conn_abort(struct td_conn *c)
{
  if (c == NULL)
    return;
  conn_free(c);
}

char *td_conn_peer_pem(const struct td_conn *c)
{
  X509 *x;
  BIO *b;
  BUF_MEM *m;
  char *pem = NULL;

  if (c == NULL || c->ssl == NULL)
    return NULL;
  x = SSL_get1_peer_certificate(c->ssl);
  if (x == NULL)
    return NULL;
  b = BIO_new(BIO_s_mem());
  if (b != NULL && PEM_write_bio_X509(b, x) == 1) {
    BIO_get_mem_ptr(b, &m);
    pem = malloc(m->length + 1);
    if (pem != NULL) {
      memcpy(pem, m->data, m->length);
      pem[m->length] = '\0';
    }
  }
  BIO_free(b);
  X509_free(x);
  return pem;
}
