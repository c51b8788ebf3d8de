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
#include "db/lifecycle.h"
#include "db/terms.h"
#include "domain/deadline.h"
#include "ops/ops.h"
#include "domain/lifecycle.h"
#include "domain/permit.h"
#include "domain/validate.h"
#include "wire.h"

#define DECISION_NO_MAX 64

/*
 * What a transition keeps across its restarts (a stale calendar, a second
 * look at its key): the request's hash and the clock's correction are
 * worked out once, from the request as it came, because the correction
 * rewrites Transition.at.
 *
 * Exactly once: a step sent with an idempotency key is looked up by its key
 * before the petition is read, since a resent step that succeeded the first
 * time would otherwise fail the version check (its expected version is the
 * one it moved the petition from). If the step fails a check of the
 * petition's state, the key is looked up once more: a copy of the same step
 * may have been recorded meanwhile, on another connection.
 */
struct transition {
  char hash[65];
  int keyed;
  int looked_up;      /* The key was looked up since the last (re)start. */
  int looked_again;   /* After a refusal or a lost race: once. */
  int64_t skew;       /* The workstation's clock, when over 5 minutes. */
  int64_t claimed_at; /* Transition.at as the workstation said it. */
  struct td_event_row first; /* The key's event, when found. */
  struct td_petition_row *row;
};

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

static int has_text(const char *s)
{
  return s != NULL && s[0] != '\0';
}

/* Transition.finding goes with a resolve, Transition.repeat_of with a
 * note, each a short code or a receipt number. Returns 0, or -1 after
 * answering. */
static int check_repeat_finding(struct td_req *req,
                                const Tiepdan__Transition *m, int action)
{
  struct td_invalid inv;

  if (has_text(m->finding)) {
    if (action != TIEPDAN__ACTION__RESOLVE) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "finding",
                  "finding: record it when the petition is resolved");
      return -1;
    }
    if (td_text_check("finding", m->finding, 32, 0, &inv) != 0) {
      td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
      return -1;
    }
  }
  if (has_text(m->repeat_of)) {
    if (action != TIEPDAN__ACTION__NOTE) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                  "repeat_of: mark a repeat visit with a note");
      return -1;
    }
    if (td_text_check("repeat_of", m->repeat_of, TD_RECEIPT_NO_MAX, 0, &inv) !=
        0) {
      td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
      return -1;
    }
  }
  return 0;
}

/* What the petition read allows of the finding and the repeat link: a
 * finding only for a complaint or a denunciation (what forms 03/GQKN and
 * 04/GQTC count), a link only by a caller who reads this petitioner's
 * identity, since the link says the two petitioners are one. Returns 0, or
 * -1 after answering. */
static int check_on_petition(struct td_req *req, const Tiepdan__Transition *m,
                             const struct td_petition_row *row)
{
  const char *kind = row->p->kind != NULL ? row->p->kind : "";

  if (has_text(m->finding) && strcmp(kind, "complaint") != 0 &&
      strcmp(kind, "denunciation") != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "finding",
                "finding: only a complaint or a denunciation is found "
                "correct, incorrect or partly correct; this petition is a %s",
                kind);
    return -1;
  }
  if (has_text(m->repeat_of) &&
      (!td_permit(req->who->role, TD_REL_OWN, TD_OP_READ_IDENTITY) ||
       row->handling_unit_id != req->who->unit_id ||
       !td_may_unseal(req, &row->secrecy))) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "repeat_of",
                "repeat_of: only an officer who may read this petitioner's "
                "identity can mark the petition as a repeat visit");
    return -1;
  }
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
  if (m->key_case == TIEPDAN__TRANSITION__KEY_RECEIPT_NO &&
      td_validate_receipt_no(m->receipt_no, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
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
  if (check_repeat_finding(req, m, action) != 0)
    return -1;
  /* A note that marks a repeat visit says what it is by its link: no
   * text is needed beside it. */
  args.note = action == TIEPDAN__ACTION__NOTE && has_text(m->repeat_of) &&
                      !has_text(m->note)
                  ? m->repeat_of
                  : m->note;
  args.transfer_target = m->transfer_target;
  args.outcome = m->has_outcome ? (int)m->outcome : 0;
  args.especially_complex = m->has_especially_complex && m->especially_complex;
  if (td_lifecycle_check_args(action, &args, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
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
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return -1;
  }
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return -1;
  }
  return 0;
}

/* Looks the key up again after a refusal, once: a copy that won a race is
 * found then, as it committed before the petition was read or written.
 * Returns 1 if it did (the request goes on from there), 0 if the refusal
 * stands. */
static int look_again(struct td_req *req)
{
  struct transition *st = req->state;

  if (!st->keyed || st->looked_again)
    return 0;
  st->looked_again = 1;
  st->looked_up = 0;
  td_handle_transition(req);
  return 1;
}

/* Fills the deadline part of w for the actions that start or move one.
 * Returns 0, or -1 after answering the request. */
static int new_deadline(struct td_req *req, const Tiepdan__Transition *m,
                        const struct td_petition_row *row,
                        struct td_transition_write *w)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  enum td_deadline_event ev;
  struct td_deadline_case c;
  struct td_deadline_plan plan;

  if (m->action == TIEPDAN__ACTION__ACCEPT ||
      m->action == TIEPDAN__ACTION__REOPEN)
    ev = TD_DEADLINE_ACCEPTED;
  else if (m->action == TIEPDAN__ACTION__EXTEND)
    ev = TD_DEADLINE_EXTENDED;
  else
    return 0;
  memset(&c, 0, sizeof(c));
  c.kind = row->p->kind;
  c.day = td_day_from_unix_vn(w->at);
  c.remote = row->remote;
  c.complex =
      m->action == TIEPDAN__ACTION__ACCEPT ? w->complex : row->p->complex;
  c.especially_complex = w->especially_complex || row->especially_complex;
  c.extensions = (int)row->p->extensions;
  c.rule_id = row->rule_id;
  c.step = row->p->deadline_step;
  c.start = row->deadline_start;
  switch (td_deadline_for(ev, &c, cal->rules, cal->nrules, &days, &plan)) {
  case TD_DEADLINE_OK:
  case TD_DEADLINE_UNCOUNTABLE:
    break;
  case TD_DEADLINE_NOTHING_TO_EXTEND:
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                "no resolution deadline runs for this petition, so there "
                "is nothing to extend");
    return -1;
  case TD_DEADLINE_NO_MORE_EXTENSIONS:
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                "the rule for this petition (%s) allows %d extension(s) "
                "and %u were granted already",
                plan.rule->source, plan.rule->max_extensions,
                row->p->extensions);
    return -1;
  case TD_DEADLINE_NEEDS_ESPECIALLY_COMPLEX:
    /* The refusal names the rule and its limits, in the officer's terms:
     * the status is not what stands in the way. */
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION,
                "especially_complex",
                "a %s may be extended a second time only when the case is "
                "especially complex: a complex case is extended once, an "
                "especially complex one twice, each time by at most %d "
                "days; this case is not recorded as especially complex. "
                "Basis: %s",
                row->p->kind, plan.rule->extension_days, plan.rule->source);
    return -1;
  }
  w->set_deadline = 1;
  w->step = "resolve";
  w->start = plan.in.start;
  w->extensions = plan.in.extensions;
  w->deadline = plan.rule != NULL ? plan.due.due : TD_DAY_NONE;
  w->rule_id = plan.rule != NULL ? plan.rule->id : 0;
  return 0;
}

static void on_written(void *arg, const struct td_transitioned *res);

static void on_read(void *arg, const struct td_petition_got *res)
{
  struct td_req *req = arg;
  const Tiepdan__Transition *m = req->env->transition;
  struct transition *st = req->state;
  struct td_petition_row *row;
  struct td_transition_write *w;
  const char *why;
  int next;

  if (res->err == TD_ENOTFOUND) {
    td_reply_no_petition(req, m->petition_id,
                         m->key_case == TIEPDAN__TRANSITION__KEY_RECEIPT_NO
                             ? m->receipt_no
                             : NULL);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the petition");
    return;
  }
  row = res->row;
  /* Those who may not update (the Front) follow up with notes only on the
   * recommendations it forwards; anything else reads as out of reach. */
  if (!td_permit_kind(req->who->role, td_op_for_action(m->action),
                      row->p->kind)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "action",
                "the %s role may add notes only to recommendations",
                td_role_name(req->who->role));
    return;
  }
  if (check_on_petition(req, m, row) != 0)
    return;
  if (m->action != TIEPDAN__ACTION__NOTE &&
      row->p->version != m->expected_version) {
    if (look_again(req))
      return;
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "expected_version",
                "the petition changed since you looked at it: you saw version "
                "%lld, it is now version %lld and %s; look at it again and "
                "decide",
                (long long)m->expected_version, (long long)row->p->version,
                td_status_name(row->p->status));
    return;
  }
  if (td_lifecycle_next(row->p->status, m->action, &next, &why) != 0) {
    if (look_again(req))
      return;
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
  w->especially_complex = m->has_especially_complex && m->especially_complex;
  /* An especially complex case is a complex one. */
  w->complex = (m->has_complex && m->complex) ||
               (m->action == TIEPDAN__ACTION__ACCEPT && w->especially_complex);
  w->decision_no = m->decision_no;
  w->extensions = (int)row->p->extensions;
  w->key = st->keyed ? m->idempotency_key : NULL;
  w->hash = st->keyed ? st->hash : NULL;
  w->clock_skew = st->skew;
  w->claimed_at = st->claimed_at;
  w->finding = has_text(m->finding) ? m->finding : NULL;
  w->repeat_of = has_text(m->repeat_of) ? m->repeat_of : NULL;
  if (new_deadline(req, m, row, w) != 0)
    return;
  st->row = row;
  if (td_db_lifecycle_apply(td_req_db(req), req->who->id, w, on_written, req) !=
      0)
    td_reply_db_error(req, TD_EUNAVAIL, "recording the change");
}

static void on_written(void *arg, const struct td_transitioned *res)
{
  struct td_req *req = arg;
  struct transition *st = req->state;
  const struct td_petition_row *before = st->row;
  const Tiepdan__Transition *m = req->env->transition;
  Tiepdan__TransitionReply *r;
  Tiepdan__Envelope *env;
  Tiepdan__Event *e;
  struct td_event_row ev;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "recording the change");
    return;
  }
  switch (res->verdict) {
  case TD_TRANSITION_APPLIED:
    break;
  case TD_TRANSITION_STALE_CALENDAR:
    st->looked_up = 1; /* Looked up already: only the calendar was stale. */
    td_req_restart_with_fresh_calendar(req, td_handle_transition);
    return;
  case TD_TRANSITION_DUPLICATE:
  case TD_TRANSITION_KEY_CONFLICT:
    /* A copy of this step raced past the first look and won: answer as
     * the look finds it now. */
    if (look_again(req))
      return;
    td_reply_db_error(req, TD_EINTERNAL, "recording the change");
    return;
  case TD_TRANSITION_UNKNOWN_FINDING:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "finding",
                "finding: '%s' is not a known finding (correct, incorrect, "
                "partly_correct)",
                m->finding);
    return;
  case TD_TRANSITION_REPEAT_NOT_FOUND:
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, "repeat_of",
                "repeat_of: there is no petition %s in this commune or the "
                "communes merged into it; nothing was recorded",
                m->repeat_of);
    return;
  case TD_TRANSITION_REPEAT_NOT_OLDER:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                "repeat_of: %s was not received before this petition, so "
                "this one cannot repeat it; nothing was recorded",
                m->repeat_of);
    return;
  case TD_TRANSITION_REPEAT_SECRET:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                "repeat_of: %s keeps its petitioner secret (a denunciation "
                "or a confidential petition) and this petition does not, "
                "so the link would disclose it; nothing was recorded",
                m->repeat_of);
    return;
  case TD_TRANSITION_REPEAT_SELF:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                "repeat_of: a petition cannot repeat itself");
    return;
  case TD_TRANSITION_CONFLICT:
  case TD_TRANSITION__COUNT:
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "expected_version",
                "someone changed the petition at the same moment; look at it "
                "again and decide");
    return;
  }
  (void)td_disclose_petition(req, res->row);
  e = td_arena_alloc(&req->arena, sizeof(*e));
  tiepdan__event__init(e);
  e->has_seq = 1;
  e->seq = res->event_seq;
  e->has_petition_id = 1;
  e->petition_id = res->row->p->id;
  e->has_at = 1;
  e->at = td_now();
  e->actor = (char *)req->who->name;
  e->actor_role = (char *)td_role_name(req->who->role);
  e->action = (char *)td_action_name(m->action);
  e->has_from_status = 1;
  e->from_status = before->p->status;
  e->has_to_status = 1;
  e->to_status = res->row->p->status;
  memset(&ev, 0, sizeof(ev));
  ev.event = e;
  ev.note = m->note;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__transition_reply__init(r);
  r->petition = res->row->p;
  r->event = td_disclose_event(req, &res->row->secrecy, &ev);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY;
  env->transition_reply = r;
  td_req_reply(req, env);
}

/* The first step's answer for its resend: the petition as it is now, the
 * event the step recorded. */
static void on_first_petition(void *arg, const struct td_petition_got *res)
{
  struct td_req *req = arg;
  struct transition *st = req->state;
  Tiepdan__TransitionReply *r;
  Tiepdan__Envelope *env;

  if (res->err == TD_ENOTFOUND) {
    td_reply_no_petition(req, st->first.event->petition_id, NULL);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the petition");
    return;
  }
  (void)td_disclose_petition(req, res->row);
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__transition_reply__init(r);
  r->petition = res->row->p;
  r->event = td_disclose_event(req, &res->row->secrecy, &st->first);
  r->has_duplicate = 1;
  r->duplicate = 1;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY;
  env->transition_reply = r;
  td_req_reply(req, env);
}

static void read_petition(struct td_req *req)
{
  const Tiepdan__Transition *m = req->env->transition;
  const char *receipt;
  int64_t id;

  get_key(m, &id, &receipt);
  if (td_db_petition_get(td_req_db(req), req->who->unit_id, id, receipt,
                         on_read, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the petition");
}

static void on_key(void *arg, const struct td_keyed_event *res)
{
  struct td_req *req = arg;
  struct transition *st = req->state;
  const Tiepdan__Transition *m = req->env->transition;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "looking up the idempotency key");
    return;
  }
  st->looked_up = 1;
  if (!res->found) {
    read_petition(req);
    return;
  }
  if (!res->same) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "idempotency_key",
                "idempotency key %s was already used for a different step; "
                "send this one with a new key",
                m->idempotency_key);
    return;
  }
  st->first = res->event;
  if (td_db_petition_get(td_req_db(req), req->who->unit_id,
                         res->event.event->petition_id, NULL, on_first_petition,
                         req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the petition");
}

/* Once per request: the key's hash, from the request as sent but for
 * sent_at (each attempt differs in it), then the clock's correction of at.
 * Returns 0, or -1 after answering. */
static int first_look(struct td_req *req, struct transition *st)
{
  Tiepdan__Transition *m = req->env->transition;
  Tiepdan__Transition copy;

  if (!td_req_key_ok(req, m->idempotency_key) ||
      td_req_clock_skew(req, m->has_sent_at, m->sent_at, &st->skew) != 0)
    return -1;
  if (m->idempotency_key != NULL) {
    copy = *m;
    copy.has_sent_at = 0;
    copy.sent_at = 0;
    if (td_req_hash(req, &copy.base, st->hash) != 0) {
      td_reply_db_error(req, TD_EINTERNAL, "recording the change");
      return -1;
    }
    st->keyed = 1;
  }
  /* A clock more than 5 minutes off: the step happened when the
   * workstation said, by the server's clock. */
  if (st->skew != 0 && m->has_at) {
    st->claimed_at = m->at;
    m->at -= st->skew;
  }
  return 0;
}

void td_handle_transition(struct td_req *req)
{
  const Tiepdan__Transition *m = req->env->transition;
  struct transition *st = req->state;

  if (st == NULL) {
    st = td_arena_alloc(&req->arena, sizeof(*st));
    memset(st, 0, sizeof(*st));
    req->state = st;
    if (first_look(req, st) != 0)
      return;
  }
  if (check_request(req, m) != 0)
    return;
  if (st->keyed && !st->looked_up) {
    if (td_db_lifecycle_by_key(td_req_db(req), m->idempotency_key, st->hash,
                               on_key, req) != 0)
      td_reply_db_error(req, TD_EUNAVAIL, "looking up the idempotency key");
    return;
  }
  read_petition(req);
}

/* History ------------------------------------------------------------------ */

/* The petition a history is for, and whether it shows a secret identity. */
struct history {
  struct td_petition_row *row;
  int secret;
};

static void on_events(void *arg, const struct td_history *res)
{
  struct td_req *req = arg;
  struct history *h = req->state;
  struct td_petition_row *row = h->row;
  Tiepdan__HistoryReply *r;
  Tiepdan__Envelope *env;
  size_t i;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the history");
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__history_reply__init(r);
  r->petition = row->p;
  r->n_events = res->n;
  r->events =
      td_arena_alloc(&req->arena, sizeof(*r->events) * (res->n ? res->n : 1));
  for (i = 0; i < res->n; i++)
    r->events[i] = td_disclose_event(req, &row->secrecy, &res->events[i]);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY;
  env->history_reply = r;
  td_reply_audited(req, env, &row->p->id, h->secret ? 1 : 0, "history");
}

static void on_history_petition(void *arg, const struct td_petition_got *res)
{
  struct td_req *req = arg;
  const Tiepdan__GetHistory *m = req->env->get_history;
  struct history *h;

  if (res->err == TD_ENOTFOUND) {
    td_reply_no_petition(req, m->petition_id,
                         m->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO
                             ? m->receipt_no
                             : NULL);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the petition");
    return;
  }
  h = td_arena_alloc(&req->arena, sizeof(*h));
  h->row = res->row;
  h->secret = td_disclose_petition(req, h->row);
  req->state = h;
  if (td_db_lifecycle_history(td_req_db(req), h->row->p->id, on_events, req) !=
      0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the history");
}

void td_handle_history(struct td_req *req)
{
  const Tiepdan__GetHistory *m = req->env->get_history;
  struct td_invalid inv;
  int rc;

  if (m->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO &&
      td_validate_receipt_no(m->receipt_no, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (m->key_case == TIEPDAN__GET_HISTORY__KEY_PETITION_ID &&
      m->petition_id > 0) {
    rc = td_db_petition_get(td_req_db(req), req->who->unit_id, m->petition_id,
                            NULL, on_history_petition, req);
  } else if (m->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO &&
             m->receipt_no[0] != '\0' && strlen(m->receipt_no) <= 64) {
    rc = td_db_petition_get(td_req_db(req), req->who->unit_id, 0, m->receipt_no,
                            on_history_petition, req);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "petition_id",
                "give the petition's id or its receipt number");
    return;
  }
  if (rc != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the petition");
}
