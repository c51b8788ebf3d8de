/*
 * What of a petition leaves the server for this caller. The database layer
 * reads everything that may name the petitioner of a secret petition apart
 * from the wire message (struct td_sealed, struct td_event_row); these
 * functions alone put it back, for a caller the law allows (the rule is
 * td_permit_identity, domain/permit.c), so a read path that forgets them
 * sends nothing secret. They also fill the running deadline's day counts.
 * Shared by every handler that returns petitions or events.
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

static int is_secret(const struct td_secrecy *s)
{
  return s->denunciation || s->confidential;
}

int td_may_unseal(const struct td_req *req, const struct td_secrecy *s)
{
  return td_permit_identity(req->who->role, req->who->unit_id,
                            s->handling_unit_id, s->denunciation,
                            s->confidential);
}

int td_disclose_petition(struct td_req *req, struct td_petition_row *row)
{
  Tiepdan__Petition *p = row->p;
  int unsealed = td_may_unseal(req, &row->secrecy);

  if (unsealed) {
    p->petitioner = row->sealed.petitioner;
    p->summary = row->sealed.summary;
    p->note = row->sealed.note;
    p->transfer_target = row->sealed.transfer_target;
    p->repeat_of = row->sealed.repeat_of;
  } else {
    p->has_redacted = 1;
    p->redacted = 1;
  }
  days_left(p, row, td_today());
  return unsealed && is_secret(&row->secrecy);
}

Tiepdan__Event *td_disclose_event(struct td_req *req,
                                  const struct td_secrecy *s,
                                  const struct td_event_row *ev)
{
  Tiepdan__Event *e = ev->event;

  if (td_may_unseal(req, s)) {
    e->note = ev->note;
    e->changes = ev->changes;
  } else {
    e->changes = ev->changes_public;
    /* Marked only when something was in fact withheld. */
    if (ev->note != NULL || (ev->changes != NULL &&
                             (ev->changes_public == NULL ||
                              strcmp(ev->changes, ev->changes_public) != 0))) {
      e->has_redacted = 1;
      e->redacted = 1;
    }
  }
  return e;
}
