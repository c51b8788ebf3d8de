/*
 * Server-side TLS setup: the SSL_CTX for mutual TLS and the helpers the
 * connection layer needs to identify a peer. The per-connection engine
 * (memory BIOs over a libuv stream) lives in conn.c.
 */
#ifndef TD_TLS_H
#define TD_TLS_H

#include <stddef.h>
#include <time.h>

#include <openssl/ssl.h>

#include "common/error.h"

/*
 * Builds the server context: TLS 1.2 minimum, no renegotiation, our
 * certificate chain and key, client certificates mandatory and verified
 * against ca_file. Returns a new context (caller frees with SSL_CTX_free), or
 * NULL with the reason in err.
 */
SSL_CTX *td_tls_server_ctx(const char *cert_file, const char *key_file,
                           const char *ca_file, char *err, size_t errlen);

/*
 * Each SSL made from the context must carry, as app data during its
 * handshake, a char buffer of TD_TLS_REASON_MAX bytes where the verify
 * callback writes why a client certificate was refused ("certificate
 * revoked (serial 3A..., CN=...)"), for the log. Once the handshake is over
 * the app data may be NULL: nothing is written then.
 */
#define TD_TLS_REASON_MAX 256

/* What a CRL file brought into force, for the log. */
struct td_tls_crl_info {
  int crls;           /* CRLs in the file. */
  int revoked;        /* Certificates they list, all CRLs together. */
  int whole_chain;    /* 1: every certificate of a client's chain is checked
                         (each CA of the CA file has a CRL); 0: the client
                         certificate only. */
  int cas_without;    /* CAs of the CA file without a CRL in the file. */
  char without[96];   /* The subject of the first of them, or "". */
  time_t next_update; /* The earliest nextUpdate of the CRLs; 0 if none. */
};

/*
 * Checks every client certificate against the CRLs in crl_file (PEM, one or
 * more, each signed by a CA of ca_file) from the next handshake on: a new
 * certificate store, holding ca_file's certificates, those CRLs and the CRL
 * checking flags, replaces the context's. A handshake already past its
 * certificate is not affected. A CRL whose nextUpdate has passed (or whose
 * lastUpdate is still to come) stays in force: its certificates are still
 * refused, the others still served (the caller warns about it).
 *
 * On any problem (unreadable, no CRL, not PEM, signed by no CA of ca_file)
 * the context is left exactly as it was and err says why. Returns 0, filling
 * *info, or TD_EINVAL.
 */
TD_MUSTCHECK int td_tls_load_crl(SSL_CTX *ctx, const char *ca_file,
                                 const char *crl_file,
                                 struct td_tls_crl_info *info, char *err,
                                 size_t errlen);

/* Lowercase hex SHA-256 of the certificate's DER encoding. Returns 0 or -1. */
int td_tls_fingerprint(X509 *cert, char out[65]);

/* The certificate's subject as a one-line UTF-8 string, into buf. */
void td_tls_subject(X509 *cert, char *buf, size_t n);

/* Writes the first error on OpenSSL's queue, or fallback, into buf. */
void td_tls_last_error(char *buf, size_t n, const char *fallback);

#endif
