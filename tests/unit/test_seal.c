/*
 * Sealed requests (common/seal.c): what a workstation's outbox seals to the
 * server's certificate opens with the server's key, and with nothing else;
 * a damaged seal never opens, to garbage or otherwise. Both kinds of key a
 * server may serve TLS with: RSA (key transport) and EC (key agreement; the
 * test PKI's, deploy/pki.sh). Keys and certificates are made here, in
 * memory.
 */
#include <openssl/cms.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "common/seal.h"
#include "test.h"

/* What an outbox seals: a denouncer's identity among other bytes. */
static const char secret[] = "\x0a\x12Lò Thị Tố\x12\x0c"
                             "001099012345"
                             "Tố cáo cán bộ địa chính thu tiền sai quy định";

/* 1 if the n bytes of hay hold needle. */
static int holds(const uint8_t *hay, size_t n, const char *needle)
{
  size_t k = strlen(needle);
  size_t i;

  for (i = 0; i + k <= n; i++)
    if (memcmp(hay + i, needle, k) == 0)
      return 1;
  return 0;
}

/* A self-signed certificate for key, valid from a day ago for a day. */
static X509 *cert_for(EVP_PKEY *key, const char *cn)
{
  X509 *x = X509_new();
  int ok;

  if (x == NULL)
    return NULL;
  ok = X509_set_version(x, 2) == 1 &&
       ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1 &&
       X509_gmtime_adj(X509_getm_notBefore(x), -86400L) != NULL &&
       X509_gmtime_adj(X509_getm_notAfter(x), 86400L) != NULL &&
       X509_set_pubkey(x, key) == 1 &&
       X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                                  (const unsigned char *)cn, -1, -1, 0) == 1 &&
       X509_set_issuer_name(x, X509_get_subject_name(x)) == 1 &&
       X509_sign(x, key, EVP_sha256()) > 0;
  if (!ok) {
    X509_free(x);
    return NULL;
  }
  return x;
}

static EVP_PKEY *rsa_key(void)
{
  return EVP_RSA_gen(2048);
}

static EVP_PKEY *ec_key(void)
{
  return EVP_EC_gen("P-256");
}

/* Seals with a certificate of make()'s key, opens with that key, and with
 * another key of the same kind presented with the same certificate. */
static void round_trip(EVP_PKEY *(*make)(void))
{
  EVP_PKEY *key = make();
  EVP_PKEY *other = make();
  X509 *cert = key != NULL ? cert_for(key, "tiepdand") : NULL;
  X509 *other_cert = other != NULL ? cert_for(other, "another server") : NULL;
  uint8_t *sealed = NULL;
  uint8_t *opened = NULL;
  const unsigned char *p;
  CMS_ContentInfo *cms;
  size_t n = 0;
  size_t m = 0;
  char err[512];

  ASSERT_NOT_NULL(cert);
  ASSERT_NOT_NULL(other_cert);
  ASSERT_EQ(td_seal(cert, (const uint8_t *)secret, sizeof(secret), &sealed, &n,
                    err, sizeof(err)),
            0);
  ASSERT(n > sizeof(secret));
  /* The identity is not in the seal in clear. */
  /* An AuthEnvelopedData: GCM, whose tag refuses any alteration. */
  p = sealed;
  cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
  ASSERT_NOT_NULL(cms);
  ASSERT_EQ(OBJ_obj2nid(CMS_get0_type(cms)), NID_id_smime_ct_authEnvelopedData);
  CMS_ContentInfo_free(cms);
  ASSERT(!holds(sealed, n, "Lò Thị Tố"));
  ASSERT(!holds(sealed, n, "001099012345"));
  ASSERT_EQ(td_unseal(key, cert, sealed, n, &opened, &m, err, sizeof(err)), 0);
  ASSERT_EQ(m, sizeof(secret));
  ASSERT_EQ(memcmp(opened, secret, m), 0);
  free(opened);
  opened = NULL;
  /* Another server's key and certificate: no recipient for it. */
  ASSERT_EQ(
      td_unseal(other, other_cert, sealed, n, &opened, &m, err, sizeof(err)),
      -1);
  ASSERT_NULL(opened);
  ASSERT(strstr(err, "cannot open the seal") != NULL);
  /* The right certificate with a wrong key: fails too. */
  ASSERT_EQ(td_unseal(other, cert, sealed, n, &opened, &m, err, sizeof(err)),
            -1);
  ASSERT_NULL(opened);
  OPENSSL_free(sealed);
  X509_free(cert);
  X509_free(other_cert);
  EVP_PKEY_free(key);
  EVP_PKEY_free(other);
}

static void rsa_round_trip_and_wrong_key(void)
{
  round_trip(rsa_key);
}

static void ec_round_trip_and_wrong_key(void)
{
  round_trip(ec_key);
}

/* Every truncation, and a flipped byte anywhere, fails to open: GCM's tag
 * covers the content, DER the structure. */
static void damaged_seals_never_open(void)
{
  EVP_PKEY *key = ec_key();
  X509 *cert = key != NULL ? cert_for(key, "tiepdand") : NULL;
  uint8_t *sealed = NULL;
  uint8_t *opened = NULL;
  size_t n = 0;
  size_t m = 0;
  size_t i;
  char err[512];

  ASSERT_NOT_NULL(cert);
  ASSERT_EQ(td_seal(cert, (const uint8_t *)secret, sizeof(secret), &sealed, &n,
                    err, sizeof(err)),
            0);
  for (i = 0; i < n; i++) {
    ASSERT_EQ(td_unseal(key, cert, sealed, i, &opened, &m, err, sizeof(err)),
              -1);
    ASSERT_NULL(opened);
  }
  for (i = 0; i < n; i++) {
    sealed[i] ^= 0x01;
    if (td_unseal(key, cert, sealed, n, &opened, &m, err, sizeof(err)) == 0) {
      /* A bit no part of the message depends on (DER leaves none): the
       * content must then be exactly what was sealed. */
      ASSERT_EQ(m, sizeof(secret));
      ASSERT_EQ(memcmp(opened, secret, m), 0);
      free(opened);
      opened = NULL;
    }
    sealed[i] ^= 0x01;
  }
  OPENSSL_free(sealed);
  X509_free(cert);
  EVP_PKEY_free(key);
}

/* Random bytes, and things that are CMS but not sealed, are refused. */
static void what_is_not_a_seal_is_refused(void)
{
  EVP_PKEY *key = ec_key();
  X509 *cert = key != NULL ? cert_for(key, "tiepdand") : NULL;
  uint8_t junk[512];
  uint8_t *opened = NULL;
  unsigned char *der = NULL;
  size_t m = 0;
  int len;
  int i;
  char err[512];

  ASSERT_NOT_NULL(cert);
  srand(13);
  for (i = 0; i < 200; i++) {
    size_t n = (size_t)(rand() % (int)sizeof(junk)) + 1;
    size_t k;

    for (k = 0; k < n; k++)
      junk[k] = (uint8_t)rand();
    ASSERT_EQ(td_unseal(key, cert, junk, n, &opened, &m, err, sizeof(err)), -1);
    ASSERT_NULL(opened);
  }
  ASSERT_EQ(td_unseal(key, cert, junk, 0, &opened, &m, err, sizeof(err)), -1);
  /* A certificate is DER, but not CMS. */
  len = i2d_X509(cert, &der);
  ASSERT(len > 0);
  ASSERT_EQ(
      td_unseal(key, cert, der, (size_t)len, &opened, &m, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "not a CMS message") != NULL);
  OPENSSL_free(der);
  X509_free(cert);
  EVP_PKEY_free(key);
}

/* An empty content seals and opens as empty. */
static void empty_content_round_trips(void)
{
  EVP_PKEY *key = ec_key();
  X509 *cert = key != NULL ? cert_for(key, "tiepdand") : NULL;
  uint8_t *sealed = NULL;
  uint8_t *opened = NULL;
  size_t n = 0;
  size_t m = 1;
  char err[512];

  ASSERT_NOT_NULL(cert);
  ASSERT_EQ(td_seal(cert, NULL, 0, &sealed, &n, err, sizeof(err)), 0);
  ASSERT_EQ(td_unseal(key, cert, sealed, n, &opened, &m, err, sizeof(err)), 0);
  ASSERT_EQ(m, 0);
  free(opened);
  OPENSSL_free(sealed);
  X509_free(cert);
  EVP_PKEY_free(key);
}

int main(void)
{
  RUN_TEST(rsa_round_trip_and_wrong_key);
  RUN_TEST(ec_round_trip_and_wrong_key);
  RUN_TEST(damaged_seals_never_open);
  RUN_TEST(what_is_not_a_seal_is_refused);
  RUN_TEST(empty_content_round_trips);
  return TEST_EXIT();
}
