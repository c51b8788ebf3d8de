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

/* ops/disclose.c: what of a petition or an event leaves the server for this
 * caller. The database layer reads whatever may name the petitioner of a
 * secret petition apart (struct td_sealed, struct td_event_row); only these
 * put it back, for a caller the law allows.
 *
 * td_may_unseal: whether the caller may read the sealed texts of a petition
 * of this secrecy (always, when it is not secret).
 *
 * td_disclose_petition: fills row->p with the sealed fields the caller may
 * read (or marks it redacted) and the deadline's day counts. Returns 1 if it
 * disclosed a secret petition's identity and texts, which the handler must
 * then record with td_reply_audited.
 *
 * td_disclose_event: the event with its note and changes as the caller may
 * read them (the changes without the sealed fields otherwise). */
int td_may_unseal(const struct td_req *req, const struct td_secrecy *s);
int td_disclose_petition(struct td_req *req, struct td_petition_row *row);
Tiepdan__Event *td_disclose_event(struct td_req *req,
                                  const struct td_secrecy *s,
                                  const struct td_event_row *ev);

/* Reads one petition for GetPetition and GetReceipt, by id (receipt_no
 * NULL) or receipt number, within the caller's area, after checking the
 * key; refuses a request that gives neither (has_key 0). cb gets the row,
 * or TD_ENOTFOUND for one out of reach or absent, alike. */
void td_read_petition(struct td_req *req, int64_t id, const char *receipt_no,
                      int has_key, td_petition_got_cb cb);

#endif
