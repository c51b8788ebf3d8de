/* Sealed requests; see seal.h. */
#include "common/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>

/* err: what failed, and OpenSSL's first reason when it gave one. */
static int fail(char *err, size_t errlen, const char *what)
{
  unsigned long e = ERR_get_error();
  char why[256];

  if (e != 0) {
    ERR_error_string_n(e, why, sizeof(why));
    snprintf(err, errlen, "%s (%s)", what, why);
  } else {
    snprintf(err, errlen, "%s", what);
  }
  ERR_clear_error();
  return -1;
}

int td_seal(X509 *cert, const uint8_t *in, size_t n, uint8_t **out,
            size_t *outn, char *err, size_t errlen)
{
  STACK_OF(X509) *to = NULL;
  CMS_ContentInfo *cms = NULL;
  BIO *bin = NULL;
  unsigned char *der = NULL;
  int len;
  int rc = -1;

  *out = NULL;
  *outn = 0;
  if (cert == NULL || n > TD_SEAL_MAX || n > (size_t)INT32_MAX)
    return fail(err, errlen, "nothing to seal to, or too much to seal");
  to = sk_X509_new_null();
  bin = BIO_new_mem_buf(n ? in : (const uint8_t *)"", (int)n);
  if (to == NULL || bin == NULL || sk_X509_push(to, cert) <= 0) {
    fail(err, errlen, "out of memory");
    goto done;
  }
  /* An AEAD cipher makes CMS_encrypt write an AuthEnvelopedData. */
  cms = CMS_encrypt(to, bin, EVP_aes_256_gcm(), CMS_BINARY);
  if (cms == NULL) {
    fail(err, errlen, "cannot seal to this certificate");
    goto done;
  }
  len = i2d_CMS_ContentInfo(cms, &der);
  if (len <= 0) {
    fail(err, errlen, "cannot write the seal");
    goto done;
  }
  *out = der;
  *outn = (size_t)len;
  rc = 0;
done:
  CMS_ContentInfo_free(cms);
  BIO_free(bin);
  sk_X509_free(to); /* The certificate stays the caller's. */
  return rc;
}

int td_unseal(EVP_PKEY *key, X509 *cert, const uint8_t *in, size_t n,
              uint8_t **out, size_t *outn, char *err, size_t errlen)
{
  const unsigned char *p = in;
  CMS_ContentInfo *cms = NULL;
  BIO *bout = NULL;
  char *data;
  long len;
  int type;
  int rc = -1;

  *out = NULL;
  *outn = 0;
  if (key == NULL || cert == NULL || in == NULL || n == 0 || n > TD_SEAL_MAX)
    return fail(err, errlen, "no seal, or one larger than a request");
  cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
  if (cms == NULL || p != in + n) {
    fail(err, errlen, "not a CMS message");
    goto done;
  }
  type = OBJ_obj2nid(CMS_get0_type(cms));
  if (type != NID_pkcs7_enveloped &&
      type != NID_id_smime_ct_authEnvelopedData) {
    fail(err, errlen, "not a CMS EnvelopedData");
    goto done;
  }
  bout = BIO_new(BIO_s_mem());
  if (bout == NULL) {
    fail(err, errlen, "out of memory");
    goto done;
  }
  /* With cert, only the recipient made for it is tried: a seal for another
   * certificate fails here rather than decrypting with a wrong key. */
  if (CMS_decrypt(cms, key, cert, NULL, bout, CMS_BINARY) != 1) {
    fail(err, errlen,
         "cannot open the seal: not made for this server, or "
         "damaged");
    goto done;
  }
  len = BIO_get_mem_data(bout, &data);
  if (len < 0 || (size_t)len > TD_SEAL_MAX) {
    fail(err, errlen, "the sealed content is too large");
    goto done;
  }
  *out = malloc(len > 0 ? (size_t)len : 1);
  if (*out == NULL) {
    fail(err, errlen, "out of memory");
    goto done;
  }
  if (len > 0)
    memcpy(*out, data, (size_t)len);
  *outn = (size_t)len;
  rc = 0;
done:
  BIO_free(bout);
  CMS_ContentInfo_free(cms);
  return rc;
}

X509 *td_seal_read_cert(const char *path, char *err, size_t errlen)
{
  FILE *f = fopen(path, "r");
  X509 *x;

  if (f == NULL) {
    snprintf(err, errlen, "%s: cannot be read", path);
    return NULL;
  }
  x = PEM_read_X509(f, NULL, NULL, NULL);
  fclose(f);
  if (x == NULL)
    fail(err, errlen, "not a PEM certificate");
  return x;
}

EVP_PKEY *td_seal_read_key(const char *path, char *err, size_t errlen)
{
  FILE *f = fopen(path, "r");
  EVP_PKEY *k;

  if (f == NULL) {
    snprintf(err, errlen, "%s: cannot be read", path);
    return NULL;
  }
  k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
  fclose(f);
  if (k == NULL)
    fail(err, errlen, "not a PEM private key");
  return k;
}
