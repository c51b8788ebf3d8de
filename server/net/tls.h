/*
 * Server-side TLS setup: the SSL_CTX for mutual TLS and the helpers the
 * connection layer needs to identify a peer. The per-connection engine
 * (memory BIOs over a libuv stream) lives in conn.c.
 */
#ifndef TD_TLS_H
#define TD_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

/*
 * Builds the server context: TLS 1.2 minimum, no renegotiation, our
 * certificate chain and key, client certificates mandatory and verified
 * against ca_file. Returns a new context (caller frees with SSL_CTX_free), or
 * NULL with the reason in err.
 */
SSL_CTX *td_tls_server_ctx(const char *cert_file, const char *key_file,
                           const char *ca_file, char *err, size_t errlen);

/*
 * Each SSL made from the context must carry, as app data, a char buffer of
 * TD_TLS_REASON_MAX bytes where the verify callback writes why a client
 * certificate was refused ("certificate has expired"), for the log.
 */
#define TD_TLS_REASON_MAX 160

/* Lowercase hex SHA-256 of the certificate's DER encoding. Returns 0 or -1. */
int td_tls_fingerprint(X509 *cert, char out[65]);

/* The certificate's subject as a one-line UTF-8 string, into buf. */
void td_tls_subject(X509 *cert, char *buf, size_t n);

/* Writes the first error on OpenSSL's queue, or fallback, into buf. */
void td_tls_last_error(char *buf, size_t n, const char *fallback);

#endif
