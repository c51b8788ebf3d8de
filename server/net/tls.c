/* Server TLS context; see tls.h. */
#include "net/tls.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/* The TLS 1.2 suites offered: AEAD only (GCM, ChaCha20-Poly1305), each with an
 * ephemeral key exchange for forward secrecy; no CBC, no SHA-1, no static
 * RSA. ECDSA first, as the PKI issues EC keys; RSA for a server given one. */
#define TLS12_CIPHERS                                                          \
  "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"               \
  "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"                 \
  "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"

void td_tls_last_error(char *buf, size_t n, const char *fallback)
{
  unsigned long e = ERR_peek_last_error();

  if (e == 0)
    snprintf(buf, n, "%s", fallback);
  else
    ERR_error_string_n(e, buf, n);
  ERR_clear_error();
}

/* Keeps OpenSSL's verdict but remembers why, so the refusal can be logged
 * with a reason a person understands. */
static int on_verify(int ok, X509_STORE_CTX *store)
{
  SSL *ssl;
  char *reason;
  char subject[96];
  X509 *cert;

  if (ok)
    return ok;
  ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
  reason = ssl != NULL ? SSL_get_app_data(ssl) : NULL;
  if (reason == NULL)
    return ok;
  cert = X509_STORE_CTX_get_current_cert(store);
  subject[0] = '\0';
  if (cert != NULL)
    td_tls_subject(cert, subject, sizeof(subject));
  snprintf(reason, TD_TLS_REASON_MAX, "%s (%s)",
           X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)),
           subject);
  return ok;
}

SSL_CTX *td_tls_server_ctx(const char *cert_file, const char *key_file,
                           const char *ca_file, char *err, size_t errlen)
{
  static const unsigned char sid[] = "tiepdand";
  STACK_OF(X509_NAME) * names;
  SSL_CTX *ctx;
  char why[256];

  ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == NULL) {
    td_tls_last_error(why, sizeof(why), "SSL_CTX_new failed");
    snprintf(err, errlen, "TLS: %s", why);
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  /* TLS 1.3 offers only AEAD suites with forward secrecy already; its
   * defaults stay. */
  if (SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) != 1) {
    td_tls_last_error(why, sizeof(why), "refused");
    snprintf(err, errlen, "TLS 1.2 cipher list: %s", why);
    goto fail;
  }
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
    td_tls_last_error(why, sizeof(why), "unreadable");
    snprintf(err, errlen, "server certificate %s: %s", cert_file, why);
    goto fail;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
    td_tls_last_error(why, sizeof(why), "unreadable");
    snprintf(err, errlen, "server key %s: %s", key_file, why);
    goto fail;
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    snprintf(err, errlen, "server key %s does not match certificate %s",
             key_file, cert_file);
    goto fail;
  }
  if (SSL_CTX_load_verify_file(ctx, ca_file) != 1) {
    td_tls_last_error(why, sizeof(why), "unreadable");
    snprintf(err, errlen, "client CA %s: %s", ca_file, why);
    goto fail;
  }
  names = SSL_load_client_CA_file(ca_file);
  if (names == NULL) {
    snprintf(err, errlen, "client CA %s: no certificate names", ca_file);
    goto fail;
  }
  SSL_CTX_set_client_CA_list(ctx, names);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     on_verify);
  SSL_CTX_set_verify_depth(ctx, 4);
  SSL_CTX_set_session_id_context(ctx, sid, sizeof(sid) - 1);
  return ctx;
fail:
  SSL_CTX_free(ctx);
  return NULL;
}

int td_tls_fingerprint(X509 *cert, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  unsigned int i;

  if (X509_digest(cert, EVP_sha256(), md, &n) != 1 || n != 32)
    return -1;
  for (i = 0; i < n; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  return 0;
}

void td_tls_subject(X509 *cert, char *buf, size_t n)
{
  BIO *b = BIO_new(BIO_s_mem());
  int len;

  buf[0] = '\0';
  if (b == NULL)
    return;
  X509_NAME_print_ex(b, X509_get_subject_name(cert), 0,
                     XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  len = BIO_read(b, buf, (int)n - 1);
  buf[len > 0 ? len : 0] = '\0';
  BIO_free(b);
}
