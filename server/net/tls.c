/* Server TLS context; see tls.h. */
#include "net/tls.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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

/* The certificate's serial number in hex, into buf ("?" if unreadable). */
static void serial_hex(X509 *cert, char *buf, size_t n)
{
  BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
  char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;

  snprintf(buf, n, "%s", hex != NULL ? hex : "?");
  OPENSSL_free(hex);
  BN_free(bn);
}

/* A CRL past its nextUpdate (or before its lastUpdate) is still the newest
 * word of the CA the server has: refusing every client for it would close
 * every commune's office for an operator's late renewal, and accepting the
 * certificates it lists would undo the revocations. So it stays in force and
 * the server warns about it (server.c); OpenSSL goes on to check the
 * certificate against it. */
static int crl_time_tolerated(int error)
{
  return error == X509_V_ERR_CRL_HAS_EXPIRED ||
         error == X509_V_ERR_CRL_NOT_YET_VALID;
}

/* Keeps OpenSSL's verdict but remembers why, so the refusal can be logged
 * with a reason a person understands; a revoked certificate is named by its
 * serial number too, as the CRL names it. */
static int on_verify(int ok, X509_STORE_CTX *store)
{
  SSL *ssl;
  char *reason;
  char subject[96];
  char serial[48];
  X509 *cert;
  int error;

  if (ok)
    return ok;
  error = X509_STORE_CTX_get_error(store);
  if (crl_time_tolerated(error)) {
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
  }
  ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
  reason = ssl != NULL ? SSL_get_app_data(ssl) : NULL;
  if (reason == NULL)
    return ok;
  cert = X509_STORE_CTX_get_current_cert(store);
  subject[0] = '\0';
  serial[0] = '\0';
  if (cert != NULL) {
    td_tls_subject(cert, subject, sizeof(subject));
    if (error == X509_V_ERR_CERT_REVOKED)
      serial_hex(cert, serial, sizeof(serial));
  }
  snprintf(reason, TD_TLS_REASON_MAX, "%s (%s%s%s%s)",
           X509_verify_cert_error_string(error), serial[0] ? "serial " : "",
           serial, serial[0] ? ", " : "", subject);
  return ok;
}

/* What an idle connection holds. Thousands of workstations stay connected
 * all day and speak now and then: the 16 KiB record buffers are given back
 * between records, and nothing outlives a connection. Clients connect
 * afresh (the tiepdan command builds a context per connection), so a session
 * cache would only hold each session's peer certificate for nobody (up to
 * 20,480 of them). One TLS 1.3 ticket is still sent, stateless (sealed into
 * the ticket, nothing kept here): it is how a client learns, before it
 * sends anything, that its certificate was accepted (the client's
 * await_verdict; an alert means refused). Without it every tiepdan command
 * waited half a second for a verdict that never came. */
static void keep_connections_small(SSL_CTX *ctx)
{
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx, 1);
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
  keep_connections_small(ctx);
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

/* The name as a one-line UTF-8 string, into buf. */
static void name_print(const X509_NAME *name, char *buf, size_t n)
{
  BIO *b = BIO_new(BIO_s_mem());
  int len;

  buf[0] = '\0';
  if (b == NULL)
    return;
  X509_NAME_print_ex(b, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  len = BIO_read(b, buf, (int)n - 1);
  buf[len > 0 ? len : 0] = '\0';
  BIO_free(b);
}

void td_tls_subject(X509 *cert, char *buf, size_t n)
{
  name_print(X509_get_subject_name(cert), buf, n);
}

/* CRLs --------------------------------------------------------------------- */

/* Reads every PEM CRL of path. Returns a new stack (caller frees with
 * sk_X509_CRL_pop_free) or NULL with err. */
static STACK_OF(X509_CRL) *
    read_crls(const char *path, char *err, size_t errlen)
{
  STACK_OF(X509_CRL) * crls;
  X509_CRL *crl;
  unsigned long e;
  char why[256];
  FILE *f;

  f = fopen(path, "r");
  if (f == NULL) {
    snprintf(err, errlen, "crl %s: %s", path, strerror(errno));
    return NULL;
  }
  crls = sk_X509_CRL_new_null();
  ERR_clear_error();
  for (crl = PEM_read_X509_CRL(f, NULL, NULL, NULL); crl != NULL;
       crl = PEM_read_X509_CRL(f, NULL, NULL, NULL)) {
    if (crls == NULL || sk_X509_CRL_push(crls, crl) == 0) {
      X509_CRL_free(crl);
      break;
    }
  }
  fclose(f);
  /* The reader stops at the end of the file with "no start line"; any
   * other error is a damaged CRL. */
  e = ERR_peek_last_error();
  if (crls != NULL && ERR_GET_LIB(e) == ERR_LIB_PEM &&
      ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
    ERR_clear_error();
  if (crls == NULL || ERR_peek_last_error() != 0) {
    td_tls_last_error(why, sizeof(why), "out of memory");
    snprintf(err, errlen, "crl %s: not a valid PEM CRL: %s", path, why);
  } else if (sk_X509_CRL_num(crls) == 0) {
    snprintf(err, errlen,
             "crl %s: no CRL in it (expected -----BEGIN X509 CRL-----)", path);
  } else {
    return crls;
  }
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  return NULL;
}

/* The certificate of certs that issued and signed crl, or NULL. */
static X509 *crl_signer(STACK_OF(X509) * certs, X509_CRL *crl)
{
  X509 *c;
  int i;

  for (i = 0; i < sk_X509_num(certs); i++) {
    c = sk_X509_value(certs, i);
    if (X509_NAME_cmp(X509_get_subject_name(c), X509_CRL_get_issuer(crl)) ==
            0 &&
        X509_CRL_verify(crl, X509_get0_pubkey(c)) == 1)
      return c;
  }
  ERR_clear_error();
  return NULL;
}

/* Notes crl's revocations and nextUpdate in info. */
static void note_crl(struct td_tls_crl_info *info, X509_CRL *crl)
{
  const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
  STACK_OF(X509_REVOKED) *revoked = X509_CRL_get_REVOKED(crl);
  struct tm tm;
  time_t when;

  info->crls++;
  info->revoked += revoked != NULL ? sk_X509_REVOKED_num(revoked) : 0;
  if (next == NULL || ASN1_TIME_to_tm(next, &tm) != 1)
    return;
  when = timegm(&tm);
  if (info->next_update == 0 || when < info->next_update)
    info->next_update = when;
}

/* Fills info->cas_without with the CAs of certs that signed none of crls. */
static void note_cas_without_crl(struct td_tls_crl_info *info,
                                 STACK_OF(X509) * certs,
                                 STACK_OF(X509_CRL) * crls)
{
  STACK_OF(X509) * one;
  X509 *c;
  int i;
  int j;
  int found;

  for (i = 0; i < sk_X509_num(certs); i++) {
    c = sk_X509_value(certs, i);
    if (X509_check_ca(c) == 0)
      continue;
    one = sk_X509_new_null();
    found = 0;
    if (one != NULL && sk_X509_push(one, c) > 0)
      for (j = 0; j < sk_X509_CRL_num(crls) && !found; j++)
        found = crl_signer(one, sk_X509_CRL_value(crls, j)) != NULL;
    sk_X509_free(one);
    if (found)
      continue;
    if (info->cas_without++ == 0)
      td_tls_subject(c, info->without, sizeof(info->without));
  }
}

/* Adds crls to store, each checked against the CAs in it. Returns 0, or -1
 * with err. */
static int add_crls(X509_STORE *store, STACK_OF(X509_CRL) * crls,
                    const char *ca_file, const char *crl_file,
                    struct td_tls_crl_info *info, char *err, size_t errlen)
{
  STACK_OF(X509) *certs = X509_STORE_get1_all_certs(store);
  X509_CRL *crl;
  char issuer[128];
  int rc = 0;
  int i;

  for (i = 0; i < sk_X509_CRL_num(crls) && rc == 0; i++) {
    crl = sk_X509_CRL_value(crls, i);
    if (certs == NULL || crl_signer(certs, crl) == NULL) {
      name_print(X509_CRL_get_issuer(crl), issuer, sizeof(issuer));
      snprintf(err, errlen,
               "crl %s: the CRL of %s is not signed by a CA of %s (CRL %d "
               "of the file)",
               crl_file, issuer, ca_file, i + 1);
      rc = -1;
    } else if (X509_STORE_add_crl(store, crl) != 1) {
      td_tls_last_error(issuer, sizeof(issuer), "refused");
      snprintf(err, errlen, "crl %s: %s", crl_file, issuer);
      rc = -1;
    } else {
      note_crl(info, crl);
    }
  }
  if (rc == 0)
    note_cas_without_crl(info, certs, crls);
  sk_X509_pop_free(certs, X509_free);
  return rc;
}

int td_tls_load_crl(SSL_CTX *ctx, const char *ca_file, const char *crl_file,
                    struct td_tls_crl_info *info, char *err, size_t errlen)
{
  STACK_OF(X509_CRL) * crls;
  X509_STORE *store;
  char why[256];
  unsigned long flags = X509_V_FLAG_CRL_CHECK;

  memset(info, 0, sizeof(*info));
  crls = read_crls(crl_file, err, errlen);
  if (crls == NULL)
    return TD_EINVAL;
  store = X509_STORE_new();
  if (store == NULL || X509_STORE_load_file(store, ca_file) != 1) {
    td_tls_last_error(why, sizeof(why), "out of memory");
    snprintf(err, errlen, "client CA %s: %s", ca_file, why);
    goto fail;
  }
  if (add_crls(store, crls, ca_file, crl_file, info, err, errlen) != 0)
    goto fail;
  /* With a CRL from every CA, the intermediates are checked too; without,
   * OpenSSL could only refuse every chain through the CA that has none. */
  info->whole_chain = info->cas_without == 0;
  if (info->whole_chain)
    flags |= X509_V_FLAG_CRL_CHECK_ALL;
  X509_STORE_set_flags(store, flags);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  /* One loop thread: no handshake is inside OpenSSL's verification now,
   * and none keeps the old store, which this frees. */
  SSL_CTX_set_cert_store(ctx, store);
  return 0;
fail:
  X509_STORE_free(store);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  return TD_EINVAL;
}
