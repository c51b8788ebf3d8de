/*
 * Who is speaking: the protocol of a connection, given to the transport as
 * its callbacks (net/conn.h). When TLS is up, the certificate's principal is
 * looked up in PostgreSQL; then each frame is decoded into a request, its
 * principal checked again if it may have been revoked since, and the
 * request handed to dispatch.c.
 */
#ifndef TD_SESSION_H
#define TD_SESSION_H

#include "net/conn.h"
#include "state.h"

/* The callbacks; their arg (on_open) is the struct td_server. */
extern const struct td_conn_proto td_session_proto;

#endif
