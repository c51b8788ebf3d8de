/*
 * Request handlers: one per request type, grouped by concern in handle_*.c.
 * Each receives an authorised request and ends it with exactly one
 * td_req_reply or td_req_fail. The helpers below are shared among them.
 */
#ifndef TD_HANDLERS_H
#define TD_HANDLERS_H

#include "server.h"
#include "store.h"

/* handle_petition.c */
void td_handle_hello(struct td_req *req);
void td_handle_submit(struct td_req *req);
void td_handle_get(struct td_req *req);
void td_handle_list(struct td_req *req);
/* handle_lifecycle.c */
void td_handle_transition(struct td_req *req);
void td_handle_history(struct td_req *req);
/* handle_session.c */
void td_handle_session_open(struct td_req *req);
void td_handle_session_close(struct td_req *req);
void td_handle_session_list(struct td_req *req);
/* handle_admin.c */
void td_handle_load_holidays(struct td_req *req);
void td_handle_principal_add(struct td_req *req);
void td_handle_principal_revoke(struct td_req *req);
void td_handle_principal_list(struct td_req *req);
void td_handle_merge_units(struct td_req *req);

/* handle_stats.c */
void td_handle_stats(struct td_req *req);
/* handle_feed.c */
void td_handle_changes(struct td_req *req);
void td_handle_server_status(struct td_req *req);

/* Page sizes for ListPetitions. */
#define TD_LIST_DEFAULT 50
#define TD_LIST_MAX 200

/* An empty reply Envelope in the request's arena. */
Tiepdan__Envelope *td_reply_new(struct td_req *req);

/* Answers a store failure: UNAVAILABLE (retryable) or INTERNAL. what is a
 * gerund phrase: "recording the petition". */
void td_reply_store_error(struct td_req *req, int status, const char *what);

/* Makes a petition row fit to leave the server for this caller: withholds
 * the identity the law keeps secret and fills the deadline's day counts.
 * Returns 1 if it leaves a secret identity in (the caller may see it), which
 * the handler must then record with td_reply_audited. */
int td_petition_finish(struct td_req *req, struct td_petition_row *row);

/*
 * Sends reply once the reads of secret identities in ids[0..n) are recorded
 * as events (what: "show", "list", "history"); with n = 0 at once. If the
 * record cannot be written, the reply is not sent: no secret leaves the
 * server unrecorded.
 */
void td_reply_audited(struct td_req *req, Tiepdan__Envelope *reply,
                      const int64_t *ids, size_t n, const char *what);

/* Today in Vietnam. */
td_day td_today(void);

/* The current Unix time, and whether t is acceptable as "when it happened":
 * not before 2000 and not in the future beyond the clock skew allowed. */
int64_t td_now(void);
int td_time_plausible(int64_t t);

/*
 * After a write refused for a stale calendar: reloads it and runs handler
 * again from the start, at most twice; then answers UNAVAILABLE.
 */
void td_restart_with_fresh_calendar(struct td_req *req,
                                    void (*handler)(struct td_req *));

/* Answers NOT_FOUND for a petition key, alike for unknown and out of scope. */
void td_reply_no_petition(struct td_req *req, int64_t id, const char *receipt);

#endif
