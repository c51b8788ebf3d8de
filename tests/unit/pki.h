/*
 * A throwaway PKI for tests that speak TLS: a CA, a server certificate, a
 * client certificate it signed, and a client certificate of another CA, made
 * with OpenSSL's API at run time (EC P-256 keys, certificates built in
 * memory) and written as PEM files into a fresh temporary directory. No
 * certificate or key is ever committed.
 *
 * Memory: the files live until pki_remove; paths are built into the caller's
 * buffer.
 */
#ifndef TD_TEST_PKI_H
#define TD_TEST_PKI_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* The client certificate's common name: not ASCII, as officers' names are. */
#define PKI_CLIENT_CN "Nguyễn Thị Hoa"

/* Every file pki_make writes, so pki_remove can take them away again. */
static const char *const pki_files[] = {
    "ca.crt",     "ca.key",    "server.crt", "server.key", "client.crt",
    "client.key", "other.crt", "other.key",  "rogue.crt",  "rogue.key",
};

static char pki_dir[256];

/* The path of one of the PKI's files, in buf. */
static const char *pki_path(char *buf, size_t n, const char *name)
{
  snprintf(buf, n, "%s/%s", pki_dir, name);
  return buf;
}

static int pki_write_key(EVP_PKEY *k, const char *name)
{
  char path[512];
  FILE *f = fopen(pki_path(path, sizeof(path), name), "w");
  int ok;

  if (f == NULL)
    return -1;
  ok = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
  return fclose(f) == 0 && ok == 1 ? 0 : -1;
}

static int pki_write_cert(X509 *x, const char *name)
{
  char path[512];
  FILE *f = fopen(pki_path(path, sizeof(path), name), "w");
  int ok;

  if (f == NULL)
    return -1;
  ok = PEM_write_X509(f, x);
  return fclose(f) == 0 && ok == 1 ? 0 : -1;
}

static int pki_add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX v3;
  X509_EXTENSION *e;
  int ok;

  X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
  e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  if (e == NULL)
    return -1;
  ok = X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
  return ok == 1 ? 0 : -1;
}

/*
 * A certificate for cn, valid from a day ago for a day, signed by issuer
 * with issuer_key (self-signed, and a CA, when issuer is NULL). Returns a
 * new X509 or NULL.
 */
static X509 *pki_cert(const char *cn, EVP_PKEY *key, X509 *issuer,
                      EVP_PKEY *issuer_key)
{
  static long serial;
  X509 *x = X509_new();
  int ok;

  if (x == NULL)
    return NULL;
  ok = X509_set_version(x, 2) == 1 &&
       ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial) == 1 &&
       X509_gmtime_adj(X509_getm_notBefore(x), -86400L) != NULL &&
       X509_gmtime_adj(X509_getm_notAfter(x), 86400L) != NULL &&
       X509_set_pubkey(x, key) == 1 &&
       X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                                  (const unsigned char *)cn, -1, -1, 0) == 1 &&
       X509_set_issuer_name(x, X509_get_subject_name(issuer ? issuer : x)) == 1;
  if (ok && issuer == NULL)
    ok = pki_add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") == 0;
  else if (ok)
    ok = pki_add_ext(x, issuer, NID_subject_alt_name, "DNS:localhost") == 0;
  if (ok)
    ok = X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0;
  if (!ok) {
    X509_free(x);
    return NULL;
  }
  return x;
}

/* Makes a key and a certificate for cn and writes them as stem.key and
 * stem.crt. Returns 0 or -1; on success *keyp and *certp are the caller's
 * when given, freed here otherwise. */
static int pki_issue(const char *stem, const char *cn, X509 *issuer,
                     EVP_PKEY *issuer_key, EVP_PKEY **keyp, X509 **certp)
{
  char name[64];
  EVP_PKEY *k = EVP_EC_gen("P-256");
  X509 *x = k != NULL ? pki_cert(cn, k, issuer, issuer_key) : NULL;
  int rc = -1;

  snprintf(name, sizeof(name), "%s.key", stem);
  if (x != NULL && pki_write_key(k, name) == 0) {
    snprintf(name, sizeof(name), "%s.crt", stem);
    rc = pki_write_cert(x, name);
  }
  if (rc == 0 && keyp != NULL)
    *keyp = k;
  else
    EVP_PKEY_free(k);
  if (rc == 0 && certp != NULL)
    *certp = x;
  else
    X509_free(x);
  return rc;
}

/* Creates the directory and every file in it. Returns 0 or -1. */
static int pki_make(void)
{
  const char *tmp = getenv("TMPDIR");
  EVP_PKEY *ca_key = NULL;
  EVP_PKEY *other_key = NULL;
  X509 *ca = NULL;
  X509 *other = NULL;
  int rc;

  snprintf(pki_dir, sizeof(pki_dir), "%s/tiepdan-test-pki.XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp(pki_dir) == NULL)
    return -1;
  rc = pki_issue("ca", "tiepdan test CA", NULL, NULL, &ca_key, &ca);
  if (rc == 0)
    rc = pki_issue("other", "another CA", NULL, NULL, &other_key, &other);
  if (rc == 0)
    rc = pki_issue("server", "localhost", ca, ca_key, NULL, NULL);
  if (rc == 0)
    rc = pki_issue("client", PKI_CLIENT_CN, ca, ca_key, NULL, NULL);
  if (rc == 0)
    rc = pki_issue("rogue", PKI_CLIENT_CN, other, other_key, NULL, NULL);
  X509_free(ca);
  X509_free(other);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(other_key);
  return rc;
}

/* Removes every file and the directory. Returns 0 or -1. */
static int pki_remove(void)
{
  char path[512];
  size_t i;
  int rc = 0;

  for (i = 0; i < sizeof(pki_files) / sizeof(pki_files[0]); i++)
    if (unlink(pki_path(path, sizeof(path), pki_files[i])) != 0)
      rc = -1;
  if (rmdir(pki_dir) != 0)
    rc = -1;
  return rc;
}

#endif
