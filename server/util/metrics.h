/*
 * The server's metrics: counters and gauges that the loop thread writes and
 * the metrics listener's thread (http/httpd.c) reads, so every field is a C11
 * atomic, written and read with relaxed order (a scrape needs each number
 * as it is, not an order between them). Labelled series whose label values
 * are only known at run time (requests by operation and result) live in
 * fixed tables that only the loop thread appends to, publishing each new
 * entry with a release store of the table's length.
 *
 * The names, as exposed (td_metrics_render): see the README's "Metrics and
 * health".
 */
#ifndef TD_METRICS_H
#define TD_METRICS_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Why a connection was closed before its handshake. */
enum td_refused {
  TD_REFUSED_MAX_CONNS, /* More than max-conns connections. */
  TD_REFUSED_DRAINING,  /* The server is stopping. */
  TD_REFUSED_N
};

/* Why a TLS handshake failed (td_metrics_tls_verify_reason maps OpenSSL's
 * verify result). */
enum td_tls_failure {
  TD_TLSF_UNKNOWN_CA,      /* Not issued by the client CA. */
  TD_TLSF_REVOKED,         /* Listed in the CRL. */
  TD_TLSF_EXPIRED,         /* notAfter has passed. */
  TD_TLSF_NOT_YET_VALID,   /* notBefore is ahead. */
  TD_TLSF_BAD_CERTIFICATE, /* Any other verification failure. */
  TD_TLSF_NO_CERTIFICATE,  /* The client sent none. */
  TD_TLSF_PROTOCOL,        /* Not TLS, or TLS we do not speak. */
  TD_TLSF_TIMEOUT,         /* handshake-timeout passed. */
  TD_TLSF_CLOSED,          /* The peer hung up in the middle. */
  TD_TLSF_N
};

/* SQLSTATE classes: two characters of [0-9A-Z]. */
#define TD_SQLSTATE_CLASSES (36 * 36)

struct td_metrics {
  _Atomic int64_t start_time; /* Unix seconds. */
  _Atomic uint64_t conns_accepted;
  _Atomic int64_t conns_open;
  _Atomic uint64_t refused[TD_REFUSED_N];
  _Atomic uint64_t tls_failures[TD_TLSF_N];
  /* The pool, as the loop last published it (http/observe.c). */
  _Atomic int64_t pool_idle;
  _Atomic int64_t pool_busy;
  _Atomic int64_t pool_connecting;
  _Atomic int64_t pool_down;
  _Atomic int64_t pool_queued;
  _Atomic uint64_t db_errors[TD_SQLSTATE_CLASSES];
  /* The read pool (replica.h), as the loop last published it. */
  _Atomic int read_configured;
  _Atomic int64_t read_up;
  _Atomic int64_t read_lag_us;    /* -1: unknown. */
  _Atomic int64_t read_lag_bytes; /* -1: unknown. */
  _Atomic uint64_t reads_replica;
  _Atomic uint64_t reads_primary;
  _Atomic uint64_t feed_horizon;
  _Atomic int64_t feed_parked;
  /* Certificates' notAfter, unix seconds; 0 when unknown. */
  _Atomic int64_t cert_server_expiry;
  _Atomic int64_t cert_ca_expiry;
  _Atomic int64_t cert_client_expiry; /* The soonest seen verified. */
  _Atomic int draining;
  _Atomic int published; /* The loop has published the pool at least once. */
  _Atomic int serving;   /* The TLS port accepts (READY=1 was said). */
};

extern struct td_metrics td_metrics;

#define TD_METRIC_ADD(field, v)                                                \
  atomic_fetch_add_explicit(&td_metrics.field, (v), memory_order_relaxed)
#define TD_METRIC_INC(field) TD_METRIC_ADD(field, 1)
#define TD_METRIC_SET(field, v)                                                \
  atomic_store_explicit(&td_metrics.field, (v), memory_order_relaxed)
#define TD_METRIC_GET(field)                                                   \
  atomic_load_explicit(&td_metrics.field, memory_order_relaxed)

/* A request ended: op and result name it (copied, at most 31 bytes each),
 * ns is how long it took. Loop thread only. */
void td_metrics_request(const char *op, const char *result, uint64_t ns);

/* A statement failed with sqlstate (NULL: the connection was lost, counted
 * as class 08, connection exception). Loop thread only. */
void td_metrics_db_error(const char *sqlstate);

/* A verified client certificate valid until not_after (unix seconds): keeps
 * the soonest. */
void td_metrics_client_expiry(int64_t not_after);

/* A growing text buffer for the exposition. */
struct td_mbuf {
  char *p;
  size_t len;
  size_t cap;
  int oom; /* An allocation failed: the text is cut short. */
};

void td_mbuf_printf(struct td_mbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a label value: backslash, double quote and newline escaped. */
void td_mbuf_label(struct td_mbuf *b, const char *s);

/* Appends every metric above in Prometheus text format 0.0.4. Any thread. */
void td_metrics_render(struct td_mbuf *b, const char *version);

/* The names of the reasons, as the label values say them. */
const char *td_refused_name(enum td_refused r);
const char *td_tls_failure_name(enum td_tls_failure f);

#endif
