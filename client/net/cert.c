/* Reading a certificate to register; see cert.h. */
#include "net/cert.h"

#include <errno.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/lang.h"

/* Reads the whole of a small file into a malloc'd, NUL-terminated buffer. */
static char *slurp(const char *path, char *err, size_t errlen)
{
  struct stat st;
  FILE *f;
  char *buf;
  size_t n;

  f = fopen(path, "rb");
  if (f == NULL || fstat(fileno(f), &st) != 0) {
    snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
    if (f != NULL)
      fclose(f);
    return NULL;
  }
  if (!S_ISREG(st.st_mode) || st.st_size > (off_t)TD_CERT_FILE_MAX) {
    snprintf(
        err, errlen,
        _("%s is not a certificate file: %s; give the officer's .crt file"),
        path, S_ISREG(st.st_mode) ? _("it is too large") : _("not a file"));
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)st.st_size + 1);
  n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
  if (buf == NULL || ferror(f)) {
    snprintf(err, errlen, _("cannot read %s: %s"), path,
             buf ? strerror(errno) : _("out of memory"));
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  buf[n] = '\0';
  return buf;
}

/* Explains a file that holds no certificate. */
static void no_certificate(const char *path, const char *text, char *err,
                           size_t errlen)
{
  if (strstr(text, "PRIVATE KEY-----") != NULL)
    snprintf(err, errlen,
             _("%s holds a private key, not a certificate; give the .crt file "
               "issued with it (the key stays on the officer's computer)"),
             path);
  else
    snprintf(
        err, errlen,
        _("%s is not a PEM certificate: no \"-----BEGIN CERTIFICATE-----\" "
          "block in it; give the .crt file issued for the officer"),
        path);
}

static char *to_pem(X509 *x)
{
  BIO *out;
  char *data;
  char *pem;
  long n;

  out = BIO_new(BIO_s_mem());
  pem = NULL;
  if (out != NULL && PEM_write_bio_X509(out, x) == 1) {
    n = BIO_get_mem_data(out, &data);
    pem = n > 0 ? malloc((size_t)n + 1) : NULL;
    if (pem != NULL) {
      memcpy(pem, data, (size_t)n);
      pem[n] = '\0';
    }
  }
  BIO_free(out);
  return pem;
}

/* An officer's certificate x as PEM, or NULL with err set: a CA's
 * certificate is refused. */
static char *officer_pem(X509 *x, const char *path, char *err, size_t errlen)
{
  char *pem;

  if (X509_check_ca(x) != 0) {
    snprintf(err, errlen,
             _("%s is the certificate of a certification authority, not of an "
               "officer; give the .crt file issued for the officer"),
             path);
    return NULL;
  }
  pem = to_pem(x);
  if (pem == NULL)
    snprintf(err, errlen, _("out of memory"));
  return pem;
}

char *td_cert_read_pem(const char *path, char *err, size_t errlen)
{
  char *text;
  char *pem;
  BIO *in;
  X509 *x;

  text = slurp(path, err, errlen);
  if (text == NULL)
    return NULL;
  in = BIO_new_mem_buf(text, -1);
  x = in ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;
  BIO_free(in);
  pem = NULL;
  if (x == NULL)
    no_certificate(path, text, err, errlen);
  else
    pem = officer_pem(x, path, err, errlen);
  X509_free(x);
  free(text);
  /* A failed read leaves errors on OpenSSL's queue; they are told above. */
  ERR_clear_error();
  return pem;
}
