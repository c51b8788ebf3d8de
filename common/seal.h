/*
 * Sealed requests (proto SealedRequest): bytes encrypted to the server's
 * TLS certificate, so that what waits in a workstation's outbox (a
 * denouncer's identity above all) is never on its disk in clear, and only
 * the server can open it.
 *
 * The format is CMS (RFC 5652) as OpenSSL 3 writes it, DER: an
 * AuthEnvelopedData (RFC 5083) with AES-256-GCM, whose content key is
 * encrypted to the certificate's key: RSA key transport or, for an EC key
 * (the test PKI's, deploy/pki.sh), ephemeral-static ECDH key agreement.
 * GCM rather than CBC because a corrupted or altered seal must fail to open,
 * not open to garbage.
 *
 * Both functions return 0, or -1 with the reason in err; *out is malloc'd
 * (the caller frees it) and holds *outn bytes.
 */
#ifndef TD_COMMON_SEAL_H
#define TD_COMMON_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "common/error.h"

/* The most td_unseal opens: a sealed request is one frame. */
#define TD_SEAL_MAX (16u << 20)

TD_MUSTCHECK int td_seal(X509 *cert, const uint8_t *in, size_t n, uint8_t **out,
                         size_t *outn, char *err, size_t errlen);

/* Opens a seal made for cert with its key. Anything else (not CMS, not an
 * enveloped kind, made for another certificate, altered, truncated) fails.
 */
TD_MUSTCHECK int td_unseal(EVP_PKEY *key, X509 *cert, const uint8_t *in,
                           size_t n, uint8_t **out, size_t *outn, char *err,
                           size_t errlen);

/* A PEM certificate (the first of a chain file) or private key from a
 * file; NULL with the reason in err. */
X509 *td_seal_read_cert(const char *path, char *err, size_t errlen);
EVP_PKEY *td_seal_read_key(const char *path, char *err, size_t errlen);

#endif
