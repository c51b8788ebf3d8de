/*
 * Request handlers: one per request type, grouped by concern in
 * ops/<concern>.c; dispatch.c routes to them. Each receives a request whose
 * caller has been authenticated and whose role may do the operation, and
 * ends it with exactly one td_req_reply or td_req_fail (req.h).
 */
#ifndef TD_OPS_H
#define TD_OPS_H

#include "db/petition.h"
#include "req.h"

/* The handlers are declared by their rows of the route table (dispatch.c):
 * adding a request type adds one row there and one function in ops/. The
 * two that restart themselves after a stale calendar are declared again
 * here, for their own files. */
void td_handle_submit(struct td_req *req);
void td_handle_transition(struct td_req *req);

/* ops/disclose.c: makes a petition row fit to leave the server for this
 * caller: withholds the identity the law keeps secret and fills the
 * deadline's day counts. Returns 1 if it leaves a secret identity in (the
 * caller may see it), which the handler must then record with
 * td_reply_audited. */
int td_petition_finish(struct td_req *req, struct td_petition_row *row);

#endif
