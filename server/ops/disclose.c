/*
 * What of a petition leaves the server for this caller: the identity the law
 * keeps secret is withheld (the server, never the client, decides, with the
 * rule in domain/permit.c), and the running deadline's day counts are
 * filled. Shared by every handler that returns petitions.
 */
#include "ops/ops.h"

#include <string.h>

#include "domain/lifecycle.h"
#include "domain/permit.h"

/* The day counts of a running deadline. */
static void days_left(Tiepdan__Petition *p, const struct td_petition_row *row,
                      td_day today)
{
  if (row->deadline == TD_DAY_NONE || !td_status_is_open(p->status))
    return;
  p->has_days_remaining = 1;
  p->days_remaining = td_days_between(today, row->deadline);
  p->has_overdue = 1;
  p->overdue = today > row->deadline;
  if (row->deadline_start != TD_DAY_NONE) {
    p->has_days_elapsed = 1;
    p->days_elapsed = td_days_between(row->deadline_start, today);
  }
}

/* Withholds the petitioner's identity from callers the law does not allow
 * to see it (the server, never the client, decides), and fills the day counts
 * of the running deadline. */
int td_petition_finish(struct td_req *req, struct td_petition_row *row)
{
  Tiepdan__Petition *p = row->p;
  int denunciation = p->kind != NULL && strcmp(p->kind, "denunciation") == 0;
  int secret = denunciation || p->confidential;
  td_day today = td_today();

  if (!td_permit_identity(req->who->role, req->who->unit_id,
                          row->handling_unit_id, denunciation,
                          p->confidential)) {
    p->petitioner = NULL;
    p->has_redacted = 1;
    p->redacted = 1;
    secret = 0;
  }
  days_left(p, row, today);
  return secret;
}
