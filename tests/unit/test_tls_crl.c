/*
 * td_tls_load_crl: which CRL files are taken, which are refused (leaving the
 * context as it was), and what the certificate store then decides for a
 * chain root -> intermediate -> client, with the context's own verify
 * callback (so an out-of-date CRL is judged as a handshake judges it).
 *
 * The PKI is made in memory with OpenSSL's API and written as PEM files into
 * a fresh temporary directory, removed at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "net/tls.h"
#include "test.h"

static char dir[256];
static EVP_PKEY *root_key, *inter_key, *other_key;
static X509 *root, *inter, *leaf1, *leaf2, *other;
static SSL_CTX *ctx;

static const char *const files[] = {
    "server.crt", "server.key",  "chain.pem",     "root.crt",
    "crl.pem",    "garbage.pem", "truncated.pem", "empty.pem",
};

static const char *path_of(char *buf, size_t n, const char *name)
{
  snprintf(buf, n, "%s/%s", dir, name);
  return buf;
}

static int add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX v3;
  X509_EXTENSION *e;
  int ok;

  X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
  e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  if (e == NULL)
    return 0;
  ok = X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
  return ok == 1;
}

/* A certificate for cn valid a day either side of now, signed by issuer
 * (self-signed when NULL); a CA that may sign CRLs when ca is set. */
static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer,
                       EVP_PKEY *issuer_key, int ca)
{
  static long serial = 100;
  X509 *x = X509_new();
  int ok;

  ok = x != NULL && X509_set_version(x, 2) == 1 &&
       ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial) == 1 &&
       X509_gmtime_adj(X509_getm_notBefore(x), -86400L) != NULL &&
       X509_gmtime_adj(X509_getm_notAfter(x), 86400L) != NULL &&
       X509_set_pubkey(x, key) == 1 &&
       X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                                  (const unsigned char *)cn, -1, -1, 0) == 1 &&
       X509_set_issuer_name(x, X509_get_subject_name(issuer ? issuer : x)) == 1;
  if (ok && ca)
    ok = add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") &&
         add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
  if (ok && !ca)
    ok = add_ext(x, x, NID_subject_alt_name, "DNS:localhost");
  if (ok)
    ok = X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0;
  if (!ok) {
    X509_free(x);
    return NULL;
  }
  return x;
}

/* A CRL of issuer listing revoked (NULL-terminated), its nextUpdate at
 * next_days from now (negative: passed). */
static X509_CRL *make_crl(X509 *issuer, EVP_PKEY *key, X509 **revoked,
                          long next_days)
{
  X509_CRL *crl = X509_CRL_new();
  ASN1_TIME *last = X509_gmtime_adj(NULL, next_days < 0 ? -86400L * 60 : -60);
  ASN1_TIME *next = X509_gmtime_adj(NULL, next_days * 86400L);
  X509_REVOKED *r;
  int ok;

  ok = crl != NULL && last != NULL && next != NULL &&
       X509_CRL_set_version(crl, 1) == 1 &&
       X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) == 1 &&
       X509_CRL_set1_lastUpdate(crl, last) == 1 &&
       X509_CRL_set1_nextUpdate(crl, next) == 1;
  for (; ok && revoked != NULL && *revoked != NULL; revoked++) {
    r = X509_REVOKED_new();
    ok = r != NULL &&
         X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(*revoked)) ==
             1 &&
         X509_REVOKED_set_revocationDate(r, last) == 1 &&
         X509_CRL_add0_revoked(crl, r) == 1;
    if (!ok)
      X509_REVOKED_free(r);
  }
  ok = ok && X509_CRL_sort(crl) == 1 &&
       X509_CRL_sign(crl, key, EVP_sha256()) > 0;
  ASN1_TIME_free(last);
  ASN1_TIME_free(next);
  if (!ok) {
    X509_CRL_free(crl);
    return NULL;
  }
  return crl;
}

/* Writes the CRLs (NULL-terminated, each freed) into crl.pem. */
static int write_crls(X509_CRL *a, X509_CRL *b)
{
  char path[512];
  FILE *f = fopen(path_of(path, sizeof(path), "crl.pem"), "w");
  int ok = f != NULL && a != NULL;

  if (ok)
    ok = PEM_write_X509_CRL(f, a) == 1;
  if (ok && b != NULL)
    ok = PEM_write_X509_CRL(f, b) == 1;
  X509_CRL_free(a);
  X509_CRL_free(b);
  if (f != NULL && fclose(f) != 0)
    ok = 0;
  return ok ? 0 : -1;
}

static int write_certs(const char *name, X509 *a, X509 *b)
{
  char path[512];
  FILE *f = fopen(path_of(path, sizeof(path), name), "w");
  int ok = f != NULL && PEM_write_X509(f, a) == 1 &&
           (b == NULL || PEM_write_X509(f, b) == 1);

  if (f != NULL && fclose(f) != 0)
    ok = 0;
  return ok ? 0 : -1;
}

static int write_text(const char *name, const char *text, size_t n)
{
  char path[512];
  FILE *f = fopen(path_of(path, sizeof(path), name), "w");
  int ok = f != NULL && fwrite(text, 1, n, f) == n;

  if (f != NULL && fclose(f) != 0)
    ok = 0;
  return ok ? 0 : -1;
}

/* The verdict on leaf through the context's store and verify callback:
 * X509_V_OK, or the error that refused it. */
static int verdict(X509 *leaf)
{
  X509_STORE_CTX *s = X509_STORE_CTX_new();
  int rc;

  if (s == NULL ||
      X509_STORE_CTX_init(s, SSL_CTX_get_cert_store(ctx), leaf, NULL) != 1) {
    X509_STORE_CTX_free(s);
    return -1;
  }
  X509_STORE_CTX_set_verify_cb(s, SSL_CTX_get_verify_callback(ctx));
  X509_STORE_CTX_set_purpose(s, X509_PURPOSE_SSL_CLIENT);
  rc = X509_verify_cert(s) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(s);
  if (rc == X509_V_OK && X509_STORE_CTX_get_error(s) != X509_V_OK)
    rc = X509_STORE_CTX_get_error(s);
  X509_STORE_CTX_free(s);
  return rc;
}

static int load(const char *ca, const char *crl, struct td_tls_crl_info *info,
                char *err, size_t errlen)
{
  char ca_path[512];
  char crl_path[512];

  return td_tls_load_crl(ctx, path_of(ca_path, sizeof(ca_path), ca),
                         path_of(crl_path, sizeof(crl_path), crl), info, err,
                         errlen);
}

static void the_intermediate_s_crl_refuses_the_client_it_lists(void)
{
  X509 *revoked[] = {leaf1, NULL};
  struct td_tls_crl_info info;
  char err[512];

  ASSERT_EQ(write_crls(make_crl(inter, inter_key, revoked, 30), NULL), 0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  ASSERT_EQ(info.crls, 1);
  ASSERT_EQ(info.revoked, 1);
  /* The root has no CRL: only the client certificate can be checked. */
  ASSERT_EQ(info.whole_chain, 0);
  ASSERT_EQ(info.cas_without, 1);
  ASSERT(strstr(info.without, "CN = root CA") != NULL);
  ASSERT(info.next_update > time(NULL) + 29 * 86400);
  ASSERT_EQ(verdict(leaf1), X509_V_ERR_CERT_REVOKED);
  ASSERT_EQ(verdict(leaf2), X509_V_OK);
}

static void with_a_crl_from_every_ca_a_revoked_intermediate_is_refused(void)
{
  X509 *revoked[] = {inter, NULL};
  struct td_tls_crl_info info;
  char err[512];

  ASSERT_EQ(write_crls(make_crl(root, root_key, revoked, 30),
                       make_crl(inter, inter_key, NULL, 30)),
            0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  ASSERT_EQ(info.crls, 2);
  ASSERT_EQ(info.whole_chain, 1);
  ASSERT_EQ(info.cas_without, 0);
  ASSERT_EQ(verdict(leaf2), X509_V_ERR_CERT_REVOKED);
}

static void with_a_crl_from_every_ca_an_unrevoked_chain_passes(void)
{
  struct td_tls_crl_info info;
  char err[512];

  ASSERT_EQ(write_crls(make_crl(root, root_key, NULL, 30),
                       make_crl(inter, inter_key, NULL, 30)),
            0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  ASSERT_EQ(info.whole_chain, 1);
  ASSERT_EQ(info.revoked, 0);
  ASSERT_EQ(verdict(leaf1), X509_V_OK);
}

static void a_ca_without_a_crl_has_its_clients_refused(void)
{
  struct td_tls_crl_info info;
  char err[512];

  /* Only the root's CRL: the intermediate's clients cannot be checked. */
  ASSERT_EQ(write_crls(make_crl(root, root_key, NULL, 30), NULL), 0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  ASSERT_EQ(info.cas_without, 1);
  ASSERT(strstr(info.without, "CN = intermediate CA") != NULL);
  ASSERT_EQ(verdict(leaf2), X509_V_ERR_UNABLE_TO_GET_CRL);
}

static void an_out_of_date_crl_still_refuses_what_it_lists_only(void)
{
  X509 *revoked[] = {leaf1, NULL};
  struct td_tls_crl_info info;
  char err[512];

  ASSERT_EQ(write_crls(make_crl(root, root_key, NULL, -1),
                       make_crl(inter, inter_key, revoked, -1)),
            0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  ASSERT(info.next_update != 0 && info.next_update < time(NULL));
  ASSERT_EQ(verdict(leaf1), X509_V_ERR_CERT_REVOKED);
  ASSERT_EQ(verdict(leaf2), X509_V_OK);
}

/* Each bad file is refused with its reason, and the store in force stays. */
static void refused(const char *crl, const char *ca, const char *needle)
{
  X509_STORE *before = SSL_CTX_get_cert_store(ctx);
  struct td_tls_crl_info info;
  char err[512] = "";

  ASSERT_EQ(load(ca, crl, &info, err, sizeof(err)), TD_EINVAL);
  if (strstr(err, needle) == NULL)
    fprintf(stderr, "expected '%s' in: %s\n", needle, err);
  ASSERT(strstr(err, needle) != NULL);
  ASSERT(SSL_CTX_get_cert_store(ctx) == before);
}

static void bad_crl_files_are_refused_and_the_crl_in_force_stays(void)
{
  X509 *revoked[] = {leaf1, NULL};
  struct td_tls_crl_info info;
  char err[512];

  ASSERT_EQ(write_crls(make_crl(inter, inter_key, revoked, 30), NULL), 0);
  ASSERT_EQ(load("chain.pem", "crl.pem", &info, err, sizeof(err)), 0);
  refused("missing.pem", "chain.pem", "No such file or directory");
  refused("empty.pem", "chain.pem", "no CRL in it");
  refused("garbage.pem", "chain.pem", "no CRL in it");
  refused("truncated.pem", "chain.pem", "not a valid PEM CRL");
  /* Signed by a CA the server does not trust for clients. */
  ASSERT_EQ(write_crls(make_crl(other, other_key, NULL, 30), NULL), 0);
  refused("crl.pem", "chain.pem", "is not signed by a CA of");
  /* The intermediate's CRL, with only the root in the CA file. */
  ASSERT_EQ(write_crls(make_crl(inter, inter_key, NULL, 30), NULL), 0);
  refused("crl.pem", "root.crt", "is not signed by a CA of");
  ASSERT_EQ(verdict(leaf1), X509_V_ERR_CERT_REVOKED);
}

static int setup(void)
{
  const char *tmp = getenv("TMPDIR");
  static const char garbage[] = "-----BEGIN X509 CRL-----\nnot base64!\n";
  EVP_PKEY *server_key = EVP_EC_gen("P-256");
  EVP_PKEY *k1 = EVP_EC_gen("P-256");
  EVP_PKEY *k2 = EVP_EC_gen("P-256");
  X509 *server;
  char path[512];
  char ca[512];
  char err[512];
  FILE *f;
  int rc;

  snprintf(dir, sizeof(dir), "%s/tiepdan-test-crl.XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  root_key = EVP_EC_gen("P-256");
  inter_key = EVP_EC_gen("P-256");
  other_key = EVP_EC_gen("P-256");
  if (mkdtemp(dir) == NULL || server_key == NULL || k1 == NULL || k2 == NULL)
    return -1;
  root = make_cert("root CA", root_key, NULL, NULL, 1);
  inter = make_cert("intermediate CA", inter_key, root, root_key, 1);
  other = make_cert("another CA", other_key, NULL, NULL, 1);
  leaf1 = make_cert("Máy xách tay 1", k1, inter, inter_key, 0);
  leaf2 = make_cert("Máy xách tay 2", k2, inter, inter_key, 0);
  server = make_cert("localhost", server_key, root, root_key, 0);
  f = fopen(path_of(path, sizeof(path), "server.key"), "w");
  rc = root && inter && other && leaf1 && leaf2 && server && f != NULL &&
               PEM_write_PrivateKey(f, server_key, NULL, NULL, 0, NULL, NULL) ==
                   1
           ? 0
           : -1;
  if (f != NULL)
    fclose(f);
  if (rc == 0)
    rc = write_certs("server.crt", server, NULL);
  if (rc == 0)
    rc = write_certs("chain.pem", root, inter);
  if (rc == 0)
    rc = write_certs("root.crt", root, NULL);
  if (rc == 0)
    rc = write_text("empty.pem", "", 0);
  if (rc == 0)
    rc = write_text("garbage.pem", "garbage\n", 8);
  if (rc == 0)
    rc = write_text("truncated.pem", garbage, sizeof(garbage) - 1);
  X509_free(server);
  EVP_PKEY_free(server_key);
  EVP_PKEY_free(k1);
  EVP_PKEY_free(k2);
  if (rc == 0)
    ctx = td_tls_server_ctx(path_of(path, sizeof(path), "server.crt"),
                            path_of(err, sizeof(err), "server.key"),
                            path_of(ca, sizeof(ca), "chain.pem"), err,
                            sizeof(err));
  return rc == 0 && ctx != NULL ? 0 : -1;
}

static int teardown(void)
{
  char path[512];
  size_t i;

  SSL_CTX_free(ctx);
  X509_free(root);
  X509_free(inter);
  X509_free(other);
  X509_free(leaf1);
  X509_free(leaf2);
  EVP_PKEY_free(root_key);
  EVP_PKEY_free(inter_key);
  EVP_PKEY_free(other_key);
  for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
    unlink(path_of(path, sizeof(path), files[i]));
  return rmdir(dir);
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (setup() != 0) {
    fprintf(stderr, "test_tls_crl: cannot make the test PKI\n");
    teardown();
    return 1;
  }
  RUN_TEST(the_intermediate_s_crl_refuses_the_client_it_lists);
  RUN_TEST(with_a_crl_from_every_ca_a_revoked_intermediate_is_refused);
  RUN_TEST(with_a_crl_from_every_ca_an_unrevoked_chain_passes);
  RUN_TEST(a_ca_without_a_crl_has_its_clients_refused);
  RUN_TEST(an_out_of_date_crl_still_refuses_what_it_lists_only);
  RUN_TEST(bad_crl_files_are_refused_and_the_crl_in_force_stays);
  if (teardown() != 0) {
    fprintf(stderr, "test_tls_crl: cannot remove the test PKI\n");
    return 1;
  }
  return TEST_EXIT();
}
