/*
 * One client connection: TLS over a libuv TCP stream with memory BIOs, the
 * frame loop, per-connection limits and the graceful close.
 *
 * States: HANDSHAKE (TLS, under the handshake timeout) -> AUTH (looking up the
 * certificate's principal) -> READY (frames become requests) -> CLOSING.
 * Memory: a connection is freed when its handles are closed and no request
 * holds a reference; requests that outlive a dropped peer complete normally
 * and their replies are discarded.
 */
#ifndef TD_CONN_H
#define TD_CONN_H

#include "server.h"

/* Accepts one pending connection on the listener. */
void td_conn_accept(struct td_server *srv);

/* Packs and sends env on the connection (dropped if it is closing). */
void td_conn_send(struct td_conn *c, const Tiepdan__Envelope *env);

/* Sends an Error reply; request_id 0 means it concerns the connection. */
void td_conn_send_error(struct td_conn *c, uint64_t request_id,
                        Tiepdan__ErrorCode code, const char *field,
                        const char *message);

/* The principal of an authenticated connection. */
const struct td_principal *td_conn_principal(const struct td_conn *c);
struct td_server *td_conn_server(const struct td_conn *c);
/* "127.0.0.1:51234", for logs. */
const char *td_conn_peer(const struct td_conn *c);

/* The principals' version (feed.h) at which this connection's principal was
 * last found active; 0 for never. */
uint64_t td_conn_checked_version(const struct td_conn *c);
void td_conn_set_checked_version(struct td_conn *c, uint64_t version);

/* The last unit code a Changes request on this connection was found to
 * reach ("" for none), so the polls that follow need not ask again. */
const char *td_conn_feed_unit(const struct td_conn *c);
void td_conn_set_feed_unit(struct td_conn *c, const char *code);

/* Request bookkeeping: a request in flight holds a reference. */
void td_conn_req_start(struct td_conn *c);
void td_conn_req_done(struct td_conn *c);

/* Closes after sending what is queued. */
void td_conn_close(struct td_conn *c, const char *why);

/* Closes every connection, whatever it is doing. */
void td_conn_close_all(struct td_server *srv, const char *why);

/* Server drain: close idle connections now, busy ones when their work ends. */
void td_conn_drain_all(struct td_server *srv);

#endif
