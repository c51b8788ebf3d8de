/*
 * What the loop publishes for the metrics listener (http/httpd.c): the
 * pool's connections by state and its queue, the change feed's horizon and
 * parked polls, every TD_OBSERVE_EVERY_MS from a timer of the loop, so the
 * listener's threads read atomics and never the loop's own structures; and
 * the expiry of the server's and the CA's certificates.
 */
#ifndef TD_OBSERVE_H
#define TD_OBSERVE_H

#include "state.h"

#define TD_OBSERVE_EVERY_MS 250

struct td_observe;
struct ssl_ctx_st;

/* Publishes now, then every TD_OBSERVE_EVERY_MS. */
struct td_observe *td_observe_start(struct td_server *srv);
/* Closes the timer (frees o once it is closed); NULL is ignored. */
void td_observe_stop(struct td_observe *o);

/* The server accepts clients from now on: published at once, so /readyz
 * agrees with READY=1 from the moment it is said. */
void td_observe_serving(struct td_observe *o);

/* The server is stopping: /readyz says so. */
void td_observe_draining(void);

/* Publishes the notAfter of ctx's certificate and the soonest of those in
 * the PEM file ca_file (the client CA bundle). */
void td_observe_certificates(struct ssl_ctx_st *ctx, const char *ca_file);

#endif
