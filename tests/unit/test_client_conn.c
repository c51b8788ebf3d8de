/*
 * The client's TLS connection against a small OpenSSL server in a child
 * process, with certificates made for each run: what the officer is told
 * when a certificate is wrong on either side, and that a reply is matched
 * to its request.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "test.h"
#include "net/conn.h"
#include "frame.h"
#include "wire.h"

#define DAY (24 * 3600L)

static char dir[64];

/* A path in the test's directory, in one of eight rotating buffers. */
static char *P(const char *name)
{
  static char buf[8][128];
  static int i;
  char *p;

  p = buf[i++ % 8];
  snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
  return p;
}

static EVP_PKEY *new_key(const char *file)
{
  EVP_PKEY *k;
  FILE *f;

  k = EVP_EC_gen("P-256");
  f = fopen(P(file), "w");
  PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
  fclose(f);
  return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX v3;
  X509_EXTENSION *e;

  X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
  e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
}

/*
 * Makes a certificate for cn valid from `from` to `to` seconds from now,
 * signed by issuer (self-signed when NULL), and writes it to file.
 */
static X509 *new_cert(const char *file, const char *cn, EVP_PKEY *key,
                      X509 *issuer, EVP_PKEY *issuer_key, long from, long to)
{
  static long serial;
  X509 *x;
  FILE *f;

  x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(x), from);
  X509_gmtime_adj(X509_getm_notAfter(x), to);
  X509_set_pubkey(x, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(issuer ? issuer : x));
  if (issuer == NULL)
    add_ext(x, NULL, NID_basic_constraints, "critical,CA:TRUE");
  else
    add_ext(x, issuer, NID_subject_alt_name, "DNS:localhost");
  X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256());
  f = fopen(P(file), "w");
  PEM_write_X509(f, x);
  fclose(f);
  return x;
}

/* The PKI of a test run: a CA, a server, a good client, an expired
 * client, and a client of another CA. */
static void make_pki(void)
{
  EVP_PKEY *ca_key;
  EVP_PKEY *other_key;
  EVP_PKEY *k;
  X509 *ca;
  X509 *other;
  X509 *x;

  ca_key = new_key("ca.key");
  ca = new_cert("ca.crt", "Test CA", ca_key, NULL, NULL, -DAY, 30 * DAY);
  other_key = new_key("other.key");
  other =
      new_cert("other.crt", "Other CA", other_key, NULL, NULL, -DAY, 30 * DAY);
  k = new_key("server.key");
  X509_free(new_cert("server.crt", "localhost", k, ca, ca_key, -DAY, DAY));
  EVP_PKEY_free(k);
  k = new_key("client.key");
  X509_free(new_cert("client.crt", "officer", k, ca, ca_key, -DAY, DAY));
  EVP_PKEY_free(k);
  k = new_key("expired.key");
  x = new_cert("expired.crt", "old officer", k, ca, ca_key, -3 * DAY, -DAY);
  X509_free(x);
  EVP_PKEY_free(k);
  k = new_key("rogue.key");
  X509_free(new_cert("rogue.crt", "rogue", k, other, other_key, -DAY, DAY));
  EVP_PKEY_free(k);
  X509_free(ca);
  X509_free(other);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(other_key);
}

static int listener(int *port)
{
  struct sockaddr_in sa;
  socklen_t len;
  int fd;

  fd = socket(AF_INET, SOCK_STREAM, 0);
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 4) != 0)
    abort();
  len = sizeof(sa);
  getsockname(fd, (struct sockaddr *)&sa, &len);
  *port = ntohs(sa.sin_port);
  return fd;
}

/* Answers every Hello with a HelloReply that lowers max_frame to 64, and
 * any other request by closing the connection. */
static void answer(SSL *ssl)
{
  Tiepdan__Envelope out = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__HelloReply hr = TIEPDAN__HELLO_REPLY__INIT;
  Tiepdan__Envelope *in;
  struct td_framebuf fb;
  const uint8_t *pl;
  uint8_t buf[4096];
  uint8_t *frame;
  uint32_t plen;
  size_t n;
  int r;

  td_framebuf_init(&fb, TD_FRAME_DEFAULT_MAX);
  for (;;) {
    r = SSL_read(ssl, buf, sizeof(buf));
    if (r <= 0 || td_framebuf_append(&fb, buf, (size_t)r) != 0)
      break;
    if (td_framebuf_next(&fb, &pl, &plen) != TD_FRAME_OK)
      continue;
    in = tiepdan__envelope__unpack(NULL, plen, pl);
    if (in == NULL || in->body_case != TIEPDAN__ENVELOPE__BODY_HELLO)
      break;
    out.has_request_id = 1;
    out.request_id = in->request_id;
    out.body_case = TIEPDAN__ENVELOPE__BODY_HELLO_REPLY;
    out.hello_reply = &hr;
    hr.has_max_frame = 1;
    hr.max_frame = 64;
    tiepdan__envelope__free_unpacked(in, NULL);
    td_wire_pack(&out, TD_FRAME_DEFAULT_MAX, &frame, &n);
    SSL_write(ssl, frame, (int)n);
    free(frame);
  }
  SSL_shutdown(ssl);
}

/* Serves one connection in a child process, as tiepdand would: it asks
 * every client for a certificate signed by the test CA. */
static pid_t serve(int ls)
{
  SSL_CTX *ctx;
  SSL *ssl;
  pid_t pid;
  int fd;

  pid = fork();
  if (pid != 0)
    return pid;
  /* Should a test fail before stopping it, the child must not linger. */
  alarm(10);
  ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate_chain_file(ctx, P("server.crt"));
  SSL_CTX_use_PrivateKey_file(ctx, P("server.key"), SSL_FILETYPE_PEM);
  SSL_CTX_load_verify_file(ctx, P("ca.crt"));
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     NULL);
  fd = accept(ls, NULL, NULL);
  ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) == 1)
    answer(ssl);
  /* _exit: the child owns nothing the parent's leak check should see. */
  _exit(0);
}

struct run {
  struct td_client_opts o;
  char server[32];
  int ls;
  pid_t pid;
};

static void start(struct run *r, const char *host, const char *cert,
                  const char *key, const char *ca)
{
  int port;

  r->ls = listener(&port);
  snprintf(r->server, sizeof(r->server), "%s:%d", host, port);
  r->o.server = r->server;
  r->o.cert = cert ? P(cert) : NULL;
  r->o.key = key ? P(key) : NULL;
  r->o.ca = P(ca);
  r->o.timeout_ms = 5000;
  r->pid = serve(r->ls);
}

static void stop(struct run *r)
{
  kill(r->pid, SIGKILL);
  waitpid(r->pid, NULL, 0);
  close(r->ls);
}

static void hello(Tiepdan__Envelope *env, Tiepdan__Hello *h)
{
  env->body_case = TIEPDAN__ENVELOPE__BODY_HELLO;
  env->hello = h;
}

/* Opens and, as tiepdan does, says Hello; returns the first failure. */
static int open_and_greet(struct run *r, char *err, size_t errlen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Hello h = TIEPDAN__HELLO__INIT;
  Tiepdan__Envelope *reply;
  struct td_conn *c;
  int rc;

  hello(&env, &h);
  rc = td_conn_open(&r->o, &c, err, errlen);
  if (rc != 0)
    return rc;
  rc = td_conn_call(c, &env, &reply, err, errlen);
  if (rc == 0)
    tiepdan__envelope__free_unpacked(reply, NULL);
  td_conn_close(c);
  return rc;
}

static void test_reply_matches_request_and_limit_is_learnt(void)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Hello h = TIEPDAN__HELLO__INIT;
  Tiepdan__Envelope *reply;
  struct td_conn *c;
  struct run r;
  char err[512];

  start(&r, "localhost", "client.crt", "client.key", "ca.crt");
  ASSERT_EQ(td_conn_open(&r.o, &c, err, sizeof(err)), 0);
  hello(&env, &h);
  ASSERT_EQ(td_conn_call(c, &env, &reply, err, sizeof(err)), 0);
  ASSERT_EQ(env.request_id, 1);
  ASSERT_EQ(reply->request_id, 1);
  ASSERT_EQ(reply->body_case, TIEPDAN__ENVELOPE__BODY_HELLO_REPLY);
  tiepdan__envelope__free_unpacked(reply, NULL);
  /* The server's max_frame of 64 bytes now bounds requests. */
  h.client_version = "a client version string longer than sixty-four bytes "
                     "in all, surely";
  ASSERT_EQ(td_conn_call(c, &env, &reply, err, sizeof(err)), TD_ETOOBIG);
  ASSERT(strstr(err, "more than the 64 bytes") != NULL);
  td_conn_close(c);
  stop(&r);
}

static void test_server_closing_is_reported_as_closed(void)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Envelope *reply;
  struct td_conn *c;
  struct run r;
  char err[512];

  start(&r, "localhost", "client.crt", "client.key", "ca.crt");
  ASSERT_EQ(td_conn_open(&r.o, &c, err, sizeof(err)), 0);
  /* An empty Envelope is no Hello: the test server hangs up. */
  ASSERT_EQ(td_conn_call(c, &env, &reply, err, sizeof(err)), TD_ECLOSED);
  ASSERT(strstr(err, "closed the connection") != NULL);
  td_conn_close(c);
  stop(&r);
}

static void test_server_of_another_ca_is_not_trusted(void)
{
  struct run r;
  char err[512];

  start(&r, "localhost", "client.crt", "client.key", "other.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ETLS);
  ASSERT(strstr(err, "is not signed by the CA in") != NULL);
  stop(&r);
}

static void test_server_name_must_match_its_certificate(void)
{
  struct run r;
  char err[512];

  /* The server's certificate names localhost, not 127.0.0.1. */
  start(&r, "127.0.0.1", "client.crt", "client.key", "ca.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ETLS);
  ASSERT(strstr(err, "was issued for another name") != NULL);
  stop(&r);
}

static void test_client_of_another_ca_is_refused(void)
{
  struct run r;
  char err[512];

  start(&r, "localhost", "rogue.crt", "rogue.key", "ca.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ETLS);
  ASSERT(strstr(err, "not signed by a CA the server trusts") != NULL);
  stop(&r);
}

static void test_missing_client_certificate_is_explained(void)
{
  struct run r;
  char err[512];

  start(&r, "localhost", NULL, NULL, "ca.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ETLS);
  ASSERT_STR_EQ(err,
                "the server requires a certificate: give --cert and --key");
  stop(&r);
}

static void test_local_files_are_checked_before_connecting(void)
{
  struct run r;
  char err[512];

  start(&r, "localhost", "expired.crt", "expired.key", "ca.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ECREDS);
  ASSERT(strstr(err, "expired on") != NULL);
  r.o.key = P("client.key");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ECREDS);
  ASSERT(strstr(err, "does not match the certificate") != NULL);
  r.o.key = P("missing.key");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ECREDS);
  ASSERT(strstr(err, "missing.key does not exist") != NULL);
  r.o.key = P("client.crt");
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ECREDS);
  ASSERT(strstr(err, "does not hold an unencrypted PEM private key") != NULL);
  stop(&r);
}

static void test_refused_connection_is_explained(void)
{
  struct run r;
  char err[512];

  start(&r, "localhost", "client.crt", "client.key", "ca.crt");
  stop(&r);
  ASSERT_EQ(open_and_greet(&r, err, sizeof(err)), TD_ECONNECT);
  ASSERT(strstr(err, "connection refused; check the address") != NULL);
}

int main(void)
{
  char cmd[128];

  snprintf(dir, sizeof(dir), "/tmp/td_test_conn.XXXXXX");
  if (mkdtemp(dir) == NULL)
    return 1;
  signal(SIGPIPE, SIG_IGN);
  make_pki();
  RUN_TEST(test_reply_matches_request_and_limit_is_learnt);
  RUN_TEST(test_server_closing_is_reported_as_closed);
  RUN_TEST(test_server_of_another_ca_is_not_trusted);
  RUN_TEST(test_server_name_must_match_its_certificate);
  RUN_TEST(test_client_of_another_ca_is_refused);
  RUN_TEST(test_missing_client_certificate_is_explained);
  RUN_TEST(test_local_files_are_checked_before_connecting);
  RUN_TEST(test_refused_connection_is_explained);
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  if (system(cmd) != 0)
    return 1;
  return TEST_EXIT();
}
