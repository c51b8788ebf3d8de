/*
 * Petition handlers: SubmitPetition, GetPetition, ListPetitions.
 */
#include "ops/ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "common/limits.h"
#include "common/uuid.h"
#include "db/lifecycle.h"
#include "domain/deadline.h"
#include "domain/lifecycle.h"
#include "util/log.h"
#include "domain/permit.h"
#include "domain/validate.h"
#include "wire.h"

/* SubmitPetition ---------------------------------------------------------- */

/* Whether the caller may be shown a petitioner's earlier petitions: a role
 * that reads identities (never the Front's or a dashboard's), and only in
 * its own commune, where it reads those of secret petitions too. The
 * database is asked for them only then (td_submit_deadline.candidates). */
static int sees_repeats(const struct td_req *req)
{
  return td_permit(req->who->role, TD_REL_OWN, TD_OP_READ_IDENTITY);
}

/* An earlier petition as the officer is shown it: enough to tell whether it
 * is the same matter, nothing of its identity (it is the same petitioner). */
static Tiepdan__Petition *brief(struct td_req *req,
                                const struct td_petition_row *row)
{
  Tiepdan__Petition *b = td_arena_alloc(&req->arena, sizeof(*b));
  const Tiepdan__Petition *p = row->p;

  tiepdan__petition__init(b);
  b->receipt_no = p->receipt_no;
  b->has_received_at = p->has_received_at;
  b->received_at = p->received_at;
  b->kind = p->kind;
  b->field = p->field;
  b->has_status = p->has_status;
  b->status = p->status;
  b->summary = row->sealed.summary;
  return b;
}

/* The earlier petitions this caller may be shown. Every one must be
 * readable with its identity by the caller, and the petition itself too;
 * otherwise none is shown, and the reply is the same as when there are
 * none, so nothing tells that a match was found. */
static void add_candidates(struct td_req *req, Tiepdan__SubmitReply *r,
                           const struct td_submitted *res)
{
  int i;

  if (res->n_candidates <= 0 || !sees_repeats(req) ||
      res->row->handling_unit_id != req->who->unit_id ||
      !td_may_unseal(req, &res->row->secrecy))
    return;
  r->repeat_candidates = td_arena_alloc(
      &req->arena, sizeof(*r->repeat_candidates) * (size_t)res->n_candidates);
  for (i = 0; i < res->n_candidates; i++) {
    const struct td_petition_row *c = &res->candidates[i];

    if (c->handling_unit_id != req->who->unit_id ||
        !td_may_unseal(req, &c->secrecy))
      continue;
    r->repeat_candidates[r->n_repeat_candidates++] = brief(req, c);
  }
}

static void reply_submitted(struct td_req *req, const struct td_submitted *res,
                            int duplicate)
{
  Tiepdan__SubmitReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  (void)td_disclose_petition(req, res->row);
  tiepdan__submit_reply__init(r);
  r->petition = res->row->p;
  r->has_duplicate = 1;
  r->duplicate = duplicate;
  add_candidates(req, r, res);
  env->body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY;
  env->submit_reply = r;
  td_req_reply(req, env);
}

static void on_submitted(void *arg, const struct td_submitted *res)
{
  struct td_req *req = arg;
  const Tiepdan__SubmitPetition *m = req->env->submit_petition;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "recording the petition");
    return;
  }
  switch (res->verdict) {
  case TD_SUBMIT_CREATED:
  case TD_SUBMIT_DUPLICATE:
    reply_submitted(req, res, res->verdict == TD_SUBMIT_DUPLICATE);
    return;
  case TD_SUBMIT_KEY_CONFLICT:
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "idempotency_key",
                "idempotency key %s was already used for a different "
                "petition; submit this one with a new key",
                m->idempotency_key);
    return;
  case TD_SUBMIT_STALE_CALENDAR:
    td_req_restart_with_fresh_calendar(req, td_handle_submit);
    return;
  case TD_SUBMIT_UNKNOWN_UNIT:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no commune %s in your area",
                m->unit_code != NULL ? m->unit_code : req->who->unit_code);
    return;
  case TD_SUBMIT_UNKNOWN_VILLAGE:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "village_code",
                "village_code: there is no village %s in this commune",
                m->village_code);
    return;
  case TD_SUBMIT_UNKNOWN_KIND:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "kind",
                "kind: '%s' is not a known kind of petition", m->kind);
    return;
  case TD_SUBMIT_UNKNOWN_CHANNEL:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "channel",
                "channel: '%s' is not a known channel", m->channel);
    return;
  case TD_SUBMIT_UNKNOWN_FIELD:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "field",
                "field: '%s' is not a known field", m->field);
    return;
  case TD_SUBMIT_UNKNOWN_SESSION:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "session_id",
                "session_id: there is no session %lld of this commune",
                (long long)m->session_id);
    return;
  case TD_SUBMIT_RECEIPT_INVALID:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "receipt_no",
                "receipt_no: %s is not a receipt number of this commune "
                "(PREFIX-YEAR-NNNNNN)",
                m->receipt_no);
    return;
  case TD_SUBMIT_RECEIPT_NOT_LEASED:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "receipt_no",
                "receipt_no: %s is not in a block of numbers leased to you "
                "on this workstation; nothing was recorded",
                m->receipt_no);
    return;
  case TD_SUBMIT_RECEIPT_USED:
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "receipt_no",
                "receipt_no: %s was already given to another petition; "
                "nothing was recorded",
                m->receipt_no);
    return;
  case TD_SUBMIT_RECEIPT_YEAR:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "receipt_no",
                "receipt_no: %s is a number of another year than the one "
                "the citizen was received in",
                m->receipt_no);
    return;
  case TD_SUBMIT_BEFORE_LEASE:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "received_at",
                "received_at: before the block of %s was leased, so the "
                "time or the number is wrong",
                m->receipt_no);
    return;
  case TD_SUBMIT_REPEAT_NOT_FOUND:
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, "repeat_of",
                "repeat_of: there is no petition %s in this commune or the "
                "communes merged into it; nothing was recorded",
                m->repeat_of);
    return;
  case TD_SUBMIT_REPEAT_NOT_OLDER:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                "repeat_of: %s was not received before this petition, so "
                "this one cannot repeat it; nothing was recorded",
                m->repeat_of);
    return;
  case TD_SUBMIT_REPEAT_SECRET:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "repeat_of",
                "repeat_of: %s keeps its petitioner secret (a denunciation "
                "or a confidential petition) and this petition does not, "
                "so the link would disclose it; record this one as "
                "confidential, or leave the link out; nothing was recorded",
                m->repeat_of);
    return;
  case TD_SUBMIT__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "recording the petition");
}

/* The deadline to accept or refuse the petition runs from its receipt. The
 * commune is resolved in SQL, so both the remote and the ordinary value go. */
static void acceptance_deadline(struct td_req *req,
                                const Tiepdan__SubmitPetition *m,
                                struct td_submit_deadline *d)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  struct td_deadline_case c;
  struct td_deadline_plan plain;
  struct td_deadline_plan remote;

  memset(d, 0, sizeof(*d));
  if (cal == NULL)
    return;
  d->calendar = cal->version;
  memset(&c, 0, sizeof(c));
  c.kind = m->kind;
  c.day = td_day_from_unix_vn(m->has_received_at ? m->received_at : td_now());
  td_deadline_for(TD_DEADLINE_RECEIVED, &c, cal->rules, cal->nrules, &days,
                  &plain);
  c.remote = 1;
  td_deadline_for(TD_DEADLINE_RECEIVED, &c, cal->rules, cal->nrules, &days,
                  &remote);
  if (plain.rule == NULL || remote.rule == NULL)
    return;
  d->rule_id = plain.rule->id;
  d->plain = plain.due.due;
  d->remote = remote.due.due;
}

/*
 * What a submission keeps across its restarts (a stale calendar): the hash
 * of the submission as it came and the clock's correction are worked out
 * once, because the correction rewrites received_at.
 */
struct submission {
  char hash[65];
  int64_t skew;
  int has_claimed;
  int64_t claimed_at;
};

/* The hash (SHA-256 of the submission as sent, but for sent_at, which
 * differs with each attempt), so a reused key with other content is told
 * apart from an honest retry; then the workstation's clock: more than 5
 * minutes off, the time it claims the citizen was received is corrected by
 * the difference and recorded with it. Returns 0, or -1 after answering. */
static int first_look(struct td_req *req, struct submission *st)
{
  Tiepdan__SubmitPetition *m = req->env->submit_petition;
  Tiepdan__SubmitPetition copy = *m;

  if (td_req_clock_skew(req, m->has_sent_at, m->sent_at, &st->skew) != 0)
    return -1;
  copy.has_sent_at = 0;
  copy.sent_at = 0;
  if (td_req_hash(req, &copy.base, st->hash) != 0) {
    td_reply_db_error(req, TD_EINTERNAL, "recording the petition");
    return -1;
  }
  if (st->skew != 0 && m->has_received_at) {
    st->has_claimed = 1;
    st->claimed_at = m->received_at;
    m->received_at -= st->skew;
  }
  return 0;
}

/* A number the workstation handed out comes with the workstation that
 * leased it. Returns 0, or -1 after answering. */
static int check_leased(struct td_req *req, const Tiepdan__SubmitPetition *m)
{
  struct td_invalid inv;

  if (m->workstation != NULL && !td_uuid_valid(m->workstation)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "workstation",
                "workstation: the UUID the workstation made for itself");
    return -1;
  }
  if (m->receipt_no == NULL || m->receipt_no[0] == '\0')
    return 0;
  if (td_validate_receipt_no(m->receipt_no, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return -1;
  }
  if (m->workstation == NULL || !td_uuid_valid(m->workstation)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "workstation",
                "workstation: a leased receipt number comes with the UUID of "
                "the workstation that leased it");
    return -1;
  }
  return 0;
}

/* SubmitPetition.repeat_of: a receipt number, given by a role that may
 * judge, by the identity, that the same petitioner came before. Returns 0,
 * or -1 after answering. */
static int check_repeat(struct td_req *req, const Tiepdan__SubmitPetition *m)
{
  struct td_invalid inv;

  if (m->repeat_of == NULL || m->repeat_of[0] == '\0')
    return 0;
  if (td_text_check("repeat_of", m->repeat_of, TD_RECEIPT_NO_MAX, 0, &inv) !=
      0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return -1;
  }
  if (!sees_repeats(req)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "repeat_of",
                "repeat_of: the %s role may not read petitioners' identities, "
                "so it cannot mark a petition as a repeat visit",
                td_role_name(req->who->role));
    return -1;
  }
  return 0;
}

void td_handle_submit(struct td_req *req)
{
  const Tiepdan__SubmitPetition *m = req->env->submit_petition;
  struct submission *st = req->state;
  struct td_submit_deadline d;
  struct td_invalid inv;

  if (st == NULL) {
    st = td_arena_alloc(&req->arena, sizeof(*st));
    memset(st, 0, sizeof(*st));
    req->state = st;
    if (first_look(req, st) != 0)
      return;
  }
  /* Judged after the correction: a corrected time in the future is
   * refused as any other. */
  if (td_validate_submit(m, td_now(), &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (check_leased(req, m) != 0 || check_repeat(req, m) != 0)
    return;
  acceptance_deadline(req, m, &d);
  d.candidates = sees_repeats(req);
  d.clock_skew = st->skew;
  d.has_claimed = st->has_claimed;
  d.claimed_at = st->claimed_at;
  if (td_db_petition_submit(td_req_db(req), req->who->id, m, st->hash, &d,
                            on_submitted, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "recording the petition");
}

/* GetPetition ------------------------------------------------------------- */

/* Recomputes the running deadline from its rule and says how, in
 * Vietnamese when the client asks for it (GetPetition.language "vi"). */
static void explain(struct td_req *req, const struct td_petition_row *row,
                    int vi)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  struct td_deadline_case c;
  struct td_deadline_plan plan;
  char *buf;

  memset(&c, 0, sizeof(c));
  c.rule_id = row->rule_id;
  c.start = row->deadline_start;
  c.remote = row->remote;
  c.complex = row->p->complex;
  c.extensions = (int)row->p->extensions;
  if (cal == NULL || td_deadline_for(TD_DEADLINE_RUNNING, &c, cal->rules,
                                     cal->nrules, &days, &plan) != 0) {
    row->p->explain = vi ? "Không tính lại được thời hạn theo quy định của nó."
                         : "The deadline cannot be recomputed from its rule.";
    return;
  }
  if (plan.rule == NULL) {
    row->p->explain = vi ? "Đơn này hiện không có thời hạn nào đang tính."
                         : "No deadline runs for this petition.";
    return;
  }
  buf = td_arena_alloc(&req->arena, 4096);
  td_deadline_explain_in(plan.rule, &plan.in, &plan.due, vi, buf, 4096);
  td_calendar_explain_provisional(cal, plan.in.start + 1, plan.due.due, vi, buf,
                                  4096);
  if (plan.due.due != row->deadline)
    td_warn("petition %lld: stored deadline differs from its rule",
            (long long)row->p->id);
  row->p->explain = buf;
}

/* The petition read, while its notes are fetched. */
struct got {
  Tiepdan__Envelope *env;
  struct td_petition_row *row;
  int secret;
};

/* show with notes: the petition's note events, disclosed as its history
 * discloses them, in the same reply and under the same single record of who
 * read the identity. */
static void on_notes(void *arg, const struct td_history *res)
{
  struct td_req *req = arg;
  struct got *g = req->state;
  Tiepdan__GetReply *r = g->env->get_reply;
  size_t i;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the notes");
    return;
  }
  r->notes =
      td_arena_alloc(&req->arena, sizeof(*r->notes) * (res->n ? res->n : 1));
  r->n_notes = 0;
  /* A note, and every other step recorded with one (the answer given
   * with resolve, the reason for an extension); reads of the identity are
   * the audit's, not the officer's notes. */
  for (i = 0; i < res->n; i++) {
    const char *action = res->events[i].event->action;
    Tiepdan__Event *e;

    if (action == NULL || strcmp(action, "identity_read") == 0)
      continue;
    e = td_disclose_event(req, &g->row->secrecy, &res->events[i]);
    if (strcmp(action, "note") == 0 ||
        (e != NULL && e->note != NULL && e->note[0] != '\0'))
      r->notes[r->n_notes++] = e;
  }
  td_reply_audited(req, g->env, &g->row->p->id, g->secret ? 1 : 0, "show");
}

static void on_got(void *arg, const struct td_petition_got *res)
{
  struct td_req *req = arg;
  const Tiepdan__GetPetition *g = req->env->get_petition;
  Tiepdan__Envelope *env;
  Tiepdan__GetReply *r;
  struct got *got;
  int secret;

  if (res->err == TD_ENOTFOUND) {
    /* Out of scope and non-existent read exactly alike. */
    td_reply_no_petition(
        req, g->id,
        g->key_case == TIEPDAN__GET_PETITION__KEY_ID ? NULL : g->receipt_no);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the petition");
    return;
  }
  secret = td_disclose_petition(req, res->row);
  if (g->has_explain && g->explain)
    explain(req, res->row,
            g->language != NULL && strcmp(g->language, "vi") == 0);
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__get_reply__init(r);
  r->petition = res->row->p;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_GET_REPLY;
  env->get_reply = r;
  if (g->has_notes && g->notes) {
    got = td_arena_alloc(&req->arena, sizeof(*got));
    got->env = env;
    got->row = res->row;
    got->secret = secret;
    req->state = got;
    if (td_db_lifecycle_history(td_req_db(req), res->row->p->id, on_notes,
                                req) != 0)
      td_reply_db_error(req, TD_EUNAVAIL, "reading the notes");
    return;
  }
  td_reply_audited(req, env, &r->petition->id, secret ? 1 : 0, "show");
}

void td_handle_get(struct td_req *req)
{
  const Tiepdan__GetPetition *g = req->env->get_petition;

  if (g->language != NULL && g->language[0] != '\0' &&
      strcmp(g->language, "vi") != 0 && strcmp(g->language, "en") != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "language",
                "language: must be vi or en");
    return;
  }
  td_read_petition(
      req, g->key_case == TIEPDAN__GET_PETITION__KEY_ID ? g->id : 0,
      g->key_case == TIEPDAN__GET_PETITION__KEY_RECEIPT_NO ? g->receipt_no
                                                           : NULL,
      g->key_case != TIEPDAN__GET_PETITION__KEY__NOT_SET, on_got);
}

void td_read_petition(struct td_req *req, int64_t id, const char *receipt_no,
                      int has_key, td_petition_got_cb cb)
{
  struct td_invalid inv;
  int rc;

  if (!has_key) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                "give the petition's id or its receipt number");
    return;
  }
  if (receipt_no == NULL) {
    if (id <= 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                  "id: must be a positive number");
      return;
    }
    rc = td_db_petition_get(td_req_db(req), req->who->unit_id, id, NULL, cb,
                            req);
  } else {
    if (receipt_no[0] == '\0' ||
        td_text_check("receipt_no", receipt_no, 64, 0, &inv) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "receipt_no",
                  "receipt_no: not a receipt number");
      return;
    }
    rc = td_db_petition_get(td_req_db(req), req->who->unit_id, 0, receipt_no,
                            cb, req);
  }
  if (rc != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the petition");
}

/* ListPetitions ----------------------------------------------------------- */

static void on_listed(void *arg, const struct td_petition_page *res)
{
  struct td_req *req = arg;
  const Tiepdan__ListPetitions *m = req->env->list_petitions;
  /* Room for the envelope around the page, within the frame limit. */
  size_t budget = req->srv->cfg->max_frame - 1024;
  size_t used = 0;
  size_t sz;
  Tiepdan__Envelope *env;
  Tiepdan__ListReply *r;
  int64_t next_id = res->next_id;
  int64_t *secret = td_arena_alloc(
      &req->arena, sizeof(*secret) * (size_t)(res->n ? res->n : 1));
  size_t nsecret = 0;
  int i;

  if (!td_reply_reached(req, res->err, res->scope_found, m->unit_code,
                        "listing petitions"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_reply__init(r);
  r->petitions = td_arena_alloc(&req->arena, sizeof(*r->petitions) *
                                                 (size_t)(res->n ? res->n : 1));
  for (i = 0; i < res->n; i++) {
    int unsealed = td_disclose_petition(req, &res->rows[i]);

    sz = tiepdan__petition__get_packed_size(res->rows[i].p) + 8;
    /* A page never outgrows one frame: stop early and continue from here. */
    if (i > 0 && used + sz > budget) {
      next_id = res->rows[i - 1].p->id;
      break;
    }
    used += sz;
    r->petitions[r->n_petitions++] = res->rows[i].p;
    if (unsealed)
      secret[nsecret++] = res->rows[i].p->id;
  }
  if (next_id > 0) {
    r->next_cursor = td_arena_alloc(&req->arena, 24);
    snprintf(r->next_cursor, 24, "p%lld", (long long)next_id);
  }
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_REPLY;
  env->list_reply = r;
  td_reply_audited(req, env, secret, nsecret, "list");
}

static int parse_cursor(const char *s, int64_t *id)
{
  char *end;
  long long v;

  if (s[0] != 'p' || s[1] < '1' || s[1] > '9')
    return -1;
  v = strtoll(s + 1, &end, 10);
  if (*end != '\0' || v <= 0)
    return -1;
  *id = v;
  return 0;
}

void td_handle_list(struct td_req *req)
{
  const Tiepdan__ListPetitions *m = req->env->list_petitions;
  struct td_list_query q;
  struct td_invalid inv;

  if (td_validate_list(m, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  memset(&q, 0, sizeof(q));
  if (m->cursor != NULL && m->cursor[0] != '\0' &&
      parse_cursor(m->cursor, &q.after_id) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "cursor",
                "cursor: not a cursor this server made");
    return;
  }
  q.unit_code = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  q.kind = m->kind != NULL && m->kind[0] ? m->kind : NULL;
  q.channel = m->channel != NULL && m->channel[0] ? m->channel : NULL;
  q.field = m->field != NULL && m->field[0] ? m->field : NULL;
  q.status = m->has_status ? td_status_name(m->status) : NULL;
  q.received_from = m->has_received_from ? m->received_from : 0;
  q.received_to = m->has_received_to ? m->received_to : 0;
  q.text = m->text != NULL && m->text[0] ? m->text : NULL;
  q.overdue = m->has_overdue && m->overdue;
  q.due_within = m->has_due_within_days ? (int)m->due_within_days : -1;
  q.session_id = m->has_session_id ? m->session_id : 0;
  q.today = td_today();
  q.sees_own_sealed =
      td_permit(req->who->role, TD_REL_OWN, TD_OP_READ_IDENTITY);
  q.limit = TD_LIST_DEFAULT;
  if (m->has_page_size && m->page_size > 0)
    q.limit = m->page_size > TD_LIST_MAX ? TD_LIST_MAX : (int)m->page_size;
  if (td_db_petition_list(td_req_db_read(req), req->who->unit_id, &q, on_listed,
                          req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing petitions");
}
