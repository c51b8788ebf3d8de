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

/* ops/petition.c */
void td_handle_hello(struct td_req *req);
void td_handle_submit(struct td_req *req);
void td_handle_get(struct td_req *req);
void td_handle_list(struct td_req *req);
/* ops/lifecycle.c */
void td_handle_transition(struct td_req *req);
void td_handle_history(struct td_req *req);
/* ops/session.c */
void td_handle_session_open(struct td_req *req);
void td_handle_session_close(struct td_req *req);
void td_handle_session_list(struct td_req *req);
/* ops/calendar.c */
void td_handle_load_holidays(struct td_req *req);
/* ops/principal.c */
void td_handle_principal_add(struct td_req *req);
void td_handle_principal_revoke(struct td_req *req);
void td_handle_principal_list(struct td_req *req);
/* ops/unit.c */
void td_handle_merge_units(struct td_req *req);
/* ops/stats.c */
void td_handle_stats(struct td_req *req);
/* ops/feed.c */
void td_handle_changes(struct td_req *req);
void td_handle_server_status(struct td_req *req);

/* ops/disclose.c: makes a petition row fit to leave the server for this
 * caller: withholds the identity the law keeps secret and fills the
 * deadline's day counts. Returns 1 if it leaves a secret identity in (the
 * caller may see it), which the handler must then record with
 * td_reply_audited. */
int td_petition_finish(struct td_req *req, struct td_petition_row *row);

#endif
