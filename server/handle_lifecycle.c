/*
 * Moving a petition through its life, and reading its history.
 *
 * A transition reads the petition (scoped to the caller), lets the domain
 * decide whether the action is lawful from its state and what the new
 * deadline is, then writes through td_apply_transition, which re-checks under
 * the row lock that the petition and the calendar are still as read. So a
 * refused action changes nothing, and of two officers acting at once exactly
 * one wins; the other is told, and decides again knowing what changed.
 */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "deadline.h"
#include "handlers.h"
#include "lifecycle.h"
#include "permit.h"
#include "validate.h"
#include "wire.h"

#define DECISION_NO_MAX 64

static int get_key(const Tiepdan__Transition *m, int64_t *id,
                   const char **receipt)
{
  *id = 0;
  *receipt = NULL;
  if (m->key_case == TIEPDAN__TRANSITION__KEY_PETITION_ID && m->petition_id > 0)
    *id = m->petition_id;
  else if (m->key_case == TIEPDAN__TRANSITION__KEY_RECEIPT_NO &&
           m->receipt_no[0] != '\0' && strlen(m->receipt_no) <= 64)
    *receipt = m->receipt_no;
  else
    return -1;
  return 0;
}

/* Everything that can be refused without reading the petition. */
static int check_request(struct td_req *req, const Tiepdan__Transition *m)
{
  struct td_transition_args args;
  struct td_invalid inv;
  int action = m->has_action ? (int)m->action : 0;
  int64_t id;
  const char *receipt;

  if (td_action_name(action) == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "action",
                "action: not an action this server knows");
    return -1;
  }
  if (get_key(m, &id, &receipt) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "petition_id",
                "give the petition's id or its receipt number");
    return -1;
  }
  if (action != TIEPDAN__ACTION__NOTE && !m->has_expected_version) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "expected_version",
                "expected_version: state the version of the petition you "
                "looked at");
    return -1;
  }
  args.note = m->note;
  args.transfer_target = m->transfer_target;
  args.outcome = m->has_outcome ? (int)m->outcome : 0;
  if (td_lifecycle_check_args(action, &args, &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return -1;
  }
  if (m->has_satisfaction && (td_satisfaction_name(m->satisfaction) == NULL ||
                              (action != TIEPDAN__ACTION__RESOLVE &&
                               action != TIEPDAN__ACTION__WITHDRAW))) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "satisfaction",
                "satisfaction: record it when the petition is resolved or "
                "withdrawn, as satisfied, not_satisfied or not_asked");
    return -1;
  }
  if (m->decision_no != NULL &&
      td_text_check("decision_no", m->decision_no, DECISION_NO_MAX, 0, &inv)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return -1;
  }
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return -1;
  }
  return 0;
}

/* Fills the deadline part of w for the actions that start or move one.
 * Returns 0, or -1 after answering the request. */
static int new_deadline(struct td_req *req, const Tiepdan__Transition *m,
                        const struct td_petition_row *row,
                        struct td_transition_write *w)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  const struct td_deadline_rule *rule;
  struct td_deadline_input in;
  struct td_deadline d;

  memset(&in, 0, sizeof(in));
  switch (m->action) {
  case TIEPDAN__ACTION__ACCEPT:
  case TIEPDAN__ACTION__REOPEN:
    /* The rule in force on the day the resolution starts governs it. */
    in.start = td_day_from_unix_vn(w->at);
    in.remote = row->remote;
    in.complex =
        m->action == TIEPDAN__ACTION__ACCEPT ? w->complex : row->p->complex;
    rule = td_rule_pick(cal->rules, cal->nrules, row->p->kind, "resolve",
                        in.start);
    break;
  case TIEPDAN__ACTION__EXTEND:
    rule = td_calendar_rule(cal, row->rule_id);
    if (rule == NULL || row->p->deadline_step == NULL ||
        strcmp(row->p->deadline_step, "resolve") != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                  "no resolution deadline runs for this petition, so there "
                  "is nothing to extend");
      return -1;
    }
    in.start = row->deadline_start;
    in.remote = row->remote;
    in.complex = row->p->complex;
    in.extensions = (int)row->p->extensions + 1;
    if (in.extensions > rule->max_extensions) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                  "the rule for this petition (%s) allows %d extension(s) "
                  "and %u were granted already",
                  rule->source, rule->max_extensions, row->p->extensions);
      return -1;
    }
    break;
  default:
    return 0;
  }
  w->set_deadline = 1;
  w->step = "resolve";
  w->start = in.start;
  w->extensions = in.extensions;
  w->deadline = TD_DAY_NONE;
  w->rule_id = 0;
  if (rule != NULL && td_deadline_compute(rule, &in, &days, &d) == 0) {
    w->rule_id = rule->id;
    w->deadline = d.due;
  }
  return 0;
}

static void on_written(struct td_req *req, const struct td_store_result *res);

static void on_read(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__Transition *m = req->env->transition;
  struct td_petition_row *row;
  struct td_transition_write *w;
  const char *why;
  int next;

  if (res->status == TD_STORE_NOT_FOUND) {
    td_reply_no_petition(req, m->petition_id,
                         m->key_case == TIEPDAN__TRANSITION__KEY_RECEIPT_NO
                             ? m->receipt_no
                             : NULL);
    return;
  }
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "reading the petition");
    return;
  }
  row = &res->rows[0];
  /* Those who may not update (the Front) follow up with notes only on the
   * recommendations it forwards; anything else reads as out of reach. */
  if (!td_permit_role(req->who->role, TD_OP_UPDATE) &&
      (row->p->kind == NULL || strcmp(row->p->kind, "recommendation") != 0)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "action",
                "the %s role may add notes only to recommendations",
                td_role_name(req->who->role));
    return;
  }
  if (m->action != TIEPDAN__ACTION__NOTE &&
      row->p->version != m->expected_version) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "expected_version",
                "the petition changed since you looked at it: you saw version "
                "%lld, it is now version %lld and %s; look at it again and "
                "decide",
                (long long)m->expected_version, (long long)row->p->version,
                td_status_name(row->p->status));
    return;
  }
  if (td_lifecycle_next(row->p->status, m->action, &next, &why) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, "action",
                "cannot %s: %s (the petition is %s)", td_action_name(m->action),
                why, td_status_name(row->p->status));
    return;
  }
  w = td_arena_alloc(&req->arena, sizeof(*w));
  w->id = row->p->id;
  w->expected_version = (int)row->p->version;
  w->calendar = req->srv->calendar->version;
  w->action = td_action_name(m->action);
  w->to_status = td_status_name(next);
  w->at = m->has_at ? m->at : td_now();
  if (m->has_at && w->at < row->p->received_at) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: before the petition was received");
    return;
  }
  w->note = m->note != NULL && m->note[0] ? m->note : NULL;
  w->transfer_target = m->transfer_target;
  w->outcome = m->has_outcome ? td_outcome_name(m->outcome) : NULL;
  w->satisfaction =
      m->has_satisfaction ? td_satisfaction_name(m->satisfaction) : NULL;
  w->complex = m->has_complex && m->complex;
  w->decision_no = m->decision_no;
  w->extensions = (int)row->p->extensions;
  if (new_deadline(req, m, row, w) != 0)
    return;
  req->state = row;
  if (td_store_transition(req, w, on_written) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "recording the change");
}

static void on_written(struct td_req *req, const struct td_store_result *res)
{
  const struct td_petition_row *before = req->state;
  const Tiepdan__Transition *m = req->env->transition;
  Tiepdan__TransitionReply *r;
  Tiepdan__Envelope *env;
  Tiepdan__Event *e;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "recording the change");
    return;
  }
  if (strcmp(res->outcome, "stale_calendar") == 0) {
    td_restart_with_fresh_calendar(req, td_handle_transition);
    return;
  }
  if (strcmp(res->outcome, "ok") != 0 || res->n != 1) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "expected_version",
                "someone changed the petition at the same moment; look at it "
                "again and decide");
    return;
  }
  td_petition_finish(req, &res->rows[0]);
  e = td_arena_alloc(&req->arena, sizeof(*e));
  tiepdan__event__init(e);
  e->has_seq = 1;
  e->seq = res->event_seq;
  e->has_petition_id = 1;
  e->petition_id = res->rows[0].p->id;
  e->has_at = 1;
  e->at = td_now();
  e->actor = (char *)req->who->name;
  e->actor_role = (char *)td_role_name(req->who->role);
  e->action = (char *)td_action_name(m->action);
  e->has_from_status = 1;
  e->from_status = before->p->status;
  e->has_to_status = 1;
  e->to_status = res->rows[0].p->status;
  e->note = m->note;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__transition_reply__init(r);
  r->petition = res->rows[0].p;
  r->event = e;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY;
  env->transition_reply = r;
  td_req_reply(req, env);
}

void td_handle_transition(struct td_req *req)
{
  const Tiepdan__Transition *m = req->env->transition;
  const char *receipt;
  int64_t id;

  if (!td_permit_role(req->who->role, m->action == TIEPDAN__ACTION__NOTE
                                          ? TD_OP_NOTE
                                          : TD_OP_UPDATE)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "action",
                "the %s role may not %s a petition",
                td_role_name(req->who->role),
                m->action == TIEPDAN__ACTION__NOTE ? "add notes to" : "change");
    return;
  }
  if (check_request(req, m) != 0)
    return;
  get_key(m, &id, &receipt);
  if (td_store_get(req, id, receipt, on_read) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "reading the petition");
}

/* History ------------------------------------------------------------------ */

/* The petition a history is for, and whether it shows a secret identity. */
struct history {
  struct td_petition_row *row;
  int secret;
};

static void on_events(struct td_req *req, const struct td_store_result *res)
{
  struct history *h = req->state;
  struct td_petition_row *row = h->row;
  Tiepdan__HistoryReply *r;
  Tiepdan__Envelope *env;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "reading the history");
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__history_reply__init(r);
  r->petition = row->p;
  r->n_events = res->nevents;
  r->events = res->events;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY;
  env->history_reply = r;
  td_reply_audited(req, env, &row->p->id, h->secret ? 1 : 0, "history");
}

static void on_history_petition(struct td_req *req,
                                const struct td_store_result *res)
{
  const Tiepdan__GetHistory *m = req->env->get_history;
  struct history *h;

  if (res->status == TD_STORE_NOT_FOUND) {
    td_reply_no_petition(req, m->petition_id,
                         m->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO
                             ? m->receipt_no
                             : NULL);
    return;
  }
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "reading the petition");
    return;
  }
  h = td_arena_alloc(&req->arena, sizeof(*h));
  h->row = &res->rows[0];
  h->secret = td_petition_finish(req, h->row);
  req->state = h;
  if (td_store_history(req, res->rows[0].p->id, on_events) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "reading the history");
}

void td_handle_history(struct td_req *req)
{
  const Tiepdan__GetHistory *m = req->env->get_history;
  int rc;

  if (m->key_case == TIEPDAN__GET_HISTORY__KEY_PETITION_ID &&
      m->petition_id > 0) {
    rc = td_store_get(req, m->petition_id, NULL, on_history_petition);
  } else if (m->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO &&
             m->receipt_no[0] != '\0' && strlen(m->receipt_no) <= 64) {
    rc = td_store_get(req, 0, m->receipt_no, on_history_petition);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "petition_id",
                "give the petition's id or its receipt number");
    return;
  }
  if (rc != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "reading the petition");
}
