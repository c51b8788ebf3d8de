/*
 * One client connection: TLS over a libuv TCP stream with memory BIOs, the
 * frame loop, per-connection limits and the graceful close. The transport
 * knows frames, never what they mean: it calls the protocol through the
 * callbacks it was given (pgbouncer's sbuf_init(sbuf, proto_fn)).
 *
 * States: HANDSHAKE (TLS, under the handshake timeout) -> AUTH (the
 * protocol is told the peer's certificate and decides; nothing is read) ->
 * READY (whole frames go to on_frame) -> CLOSING.
 * Memory: a connection is freed when its handles are closed and no one
 * holds a reference (td_conn_ref); on_free runs then. Requests that outlive
 * a dropped peer complete normally and what they send is discarded. A
 * connection with no request in flight and no partial frame holds no
 * buffers: what stays is the TLS state (mostly OpenSSL's: the SSL object,
 * the peer's certificate, the cipher contexts) and this module's struct.
 */
#ifndef TD_NET_CONN_H
#define TD_NET_CONN_H

#include <stddef.h>
#include <stdint.h>

struct td_conn;
struct td_net;

struct td_conn_proto {
  /* TLS is up and the peer's certificate verified: fingerprint is its hex
   * SHA-256, subject its name for messages (both borrowed). The connection
   * reads nothing until td_conn_ready, or closes. */
  void (*on_open)(struct td_conn *c, void *arg, const char *fingerprint,
                  const char *subject);
  /* One whole frame's payload, borrowed for the call. */
  void (*on_frame)(struct td_conn *c, const uint8_t *payload, uint32_t len);
  /* A frame's length is over the limit: say so; the connection then closes
   * without reading the rest. */
  void (*on_oversize)(struct td_conn *c, uint32_t len, uint32_t max);
  /* The connection has begun to close: what waits on it should stop. */
  void (*on_closing)(struct td_conn *c);
  /* The connection is about to be freed: release what td_conn_data holds. */
  void (*on_free)(struct td_conn *c);
};

/* Accepts one pending connection on the listener of net. */
void td_conn_accept(struct td_net *net);

/* The protocol's per-connection object. */
void td_conn_set_data(struct td_conn *c, void *data);
void *td_conn_data(const struct td_conn *c);

/* The protocol accepts the peer: frames flow from now on. */
void td_conn_ready(struct td_conn *c);

/* Sends one frame (header and payload) as it is; dropped if closing. */
void td_conn_send(struct td_conn *c, const uint8_t *frame, size_t len);

/* "127.0.0.1:51234", for logs; lives as long as the connection. */
const char *td_conn_peer(const struct td_conn *c);

/* A reference that keeps the connection's memory alive. */
void td_conn_ref(struct td_conn *c);
void td_conn_unref(struct td_conn *c);

/* A request in flight: holds a reference and counts against the
 * per-connection limit, which pauses reading while it is reached. */
void td_conn_req_start(struct td_conn *c);
void td_conn_req_done(struct td_conn *c);

/* Closes after sending what is queued. */
void td_conn_close(struct td_conn *c, const char *why);

/* Closes every connection of net, whatever it is doing. */
void td_conn_close_all(struct td_net *net, const char *why);

/* Drain: close idle connections now, busy ones when their work ends. */
void td_conn_drain_all(struct td_net *net);

#endif
