/*
 * The certificate file an administrator registers with "tiepdan admin
 * principal add": read here, before anything is sent, so that a wrong file
 * is told apart from a refusal by the server.
 */
#ifndef TD_NET_CERT_H
#define TD_NET_CERT_H

#include <stddef.h>

#include "common/error.h"

/* Larger files are refused unread: a certificate is a few kilobytes. */
#define TD_CERT_FILE_MAX (64u * 1024u)

/*
 * Reads the first certificate in the PEM file at path and returns it
 * re-encoded as PEM in a malloc'd string the caller frees, or NULL with
 * what is wrong in err: the file cannot be read, holds no certificate (a
 * private key, say), or holds a CA's certificate rather than an officer's.
 * Only that certificate is returned, so a private key kept in the same
 * file never leaves the computer.
 */
TD_MUSTCHECK char *td_cert_read_pem(const char *path, char *err, size_t errlen);

#endif
