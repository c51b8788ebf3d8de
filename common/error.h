/*
 * The one error convention of tiepdan's C code, server and client alike: a
 * fallible function returns 0 (or a count) on success and a negative TD_E*
 * code on failure; td_strerror() names the code for a log line. Codes are
 * written once, in TD_ERRNO_MAP, from which the enum and the names are made
 * (libuv's UV_ERRNO_MAP).
 *
 * TD_MUSTCHECK marks a fallible function whose result must not be ignored:
 * the build treats an ignored result as an error (pgbouncer's _MUSTCHECK).
 */
#ifndef TD_COMMON_ERROR_H
#define TD_COMMON_ERROR_H

#define TD_MUSTCHECK __attribute__((warn_unused_result))

/* XX(name, text): TD_E<name>, and what it means in a log line. */
#define TD_ERRNO_MAP(XX)                                                       \
  XX(NOMEM, "out of memory")                                                   \
  XX(INVAL, "invalid argument")                                                \
  XX(NOTFOUND, "no such record")                                               \
  XX(UNAVAIL, "the database cannot be reached")                                \
  XX(SHUTDOWN, "shutting down")                                                \
  XX(TOOBIG, "too large")                                                      \
  XX(PROTO, "not a message of the protocol")                                   \
  XX(IO, "input/output error")                                                 \
  XX(CONNECT, "the server cannot be reached")                                  \
  XX(TLS, "TLS handshake failed or a certificate was refused")                 \
  XX(CREDS, "the certificate, key or CA file is unusable")                     \
  XX(TIMEOUT, "timed out")                                                     \
  XX(CLOSED, "the peer closed the connection")                                 \
  XX(USAGE, "wrong options")                                                   \
  XX(INTERNAL, "internal error (a bug or a broken schema)")

enum td_errno {
  TD_EOK = 0,
#define XX(name, text) TD_E##name,
  TD_E__FIRST = -1000,
  TD_ERRNO_MAP(XX)
#undef XX
      TD_E__LAST
};

/* A short English text for a log line; "unknown error" for any other code.
 * The officer never reads it: the client words errors in their language. */
const char *td_strerror(int err);
/* "TD_ENOMEM" etc., or "TD_E?" for a code outside the map. */
const char *td_errname(int err);

#endif
