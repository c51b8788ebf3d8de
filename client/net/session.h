/*
 * A conversation with tiepdand as one command needs it: connect, greet with
 * Hello, send the request, and when the network fails or the server says a
 * retry can help, reconnect and send the very same request again after 1 s,
 * 2 s, 4 s, ... A submit carries its idempotency key in the request, so
 * sending it again can never record the petition twice.
 */
#ifndef TD_NET_SESSION_H
#define TD_NET_SESSION_H

#include <stddef.h>

#include "common/error.h"

#include "net/conn.h"
#include "tiepdan.pb-c.h"

/* Told before each retry: attempt counts from 1; why is the failure, e
 * the server's Error when it was one (NULL for a connection's). */
typedef void (*td_session_retry_cb)(void *arg, int attempt, int retries,
                                    int delay_ms, const char *why,
                                    const Tiepdan__Error *e);

struct td_session {
  const struct td_client_opts *opts; /* Borrowed. */
  struct td_conn *conn;
  Tiepdan__Envelope *hello; /* The server's HelloReply; owned. */
  int retries;              /* Attempts after the first; 0 by default. */
  int backoff_ms;           /* Wait before the first retry; then doubles. */
  /* After a failure: whether the request had left this computer, so the
   * server may have acted on it. */
  int maybe_sent;
  td_session_retry_cb on_retry;
  void *arg;
};

void td_session_init(struct td_session *s, const struct td_client_opts *o);

/*
 * Sends req (request_id is set by the connection) and stores the reply in
 * *reply, which the caller frees with tiepdan__envelope__free_unpacked. The
 * reply may carry an Error, including one the server gave to the Hello; it
 * is a retryable one only if the retries ran out. With req NULL, only
 * connects and greets: *reply is then the HelloReply. Returns 0, or a
 * TD_E* code with a message in err once the retries ran out or the
 * failure is not one that a retry can help (a refused certificate).
 */
TD_MUSTCHECK int td_session_call(struct td_session *s, Tiepdan__Envelope *req,
                                 Tiepdan__Envelope **reply, char *err,
                                 size_t errlen);

/* Whether a server's Error says that sending the same request again can
 * help; the code decides when the server did not say. */
int td_session_error_retryable(const Tiepdan__Error *e);

/* Closes the connection and frees what the session holds. */
void td_session_close(struct td_session *s);

#endif
