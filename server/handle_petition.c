/*
 * Petition handlers (Hello, SubmitPetition, GetPetition, ListPetitions) and
 * the helpers all handlers share; see handlers.h.
 */
#include "handlers.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "conn.h"
#include "deadline.h"
#include "lifecycle.h"
#include "log.h"
#include "permit.h"
#include "validate.h"
#include "wire.h"

Tiepdan__Envelope *td_reply_new(struct td_req *req)
{
  Tiepdan__Envelope *env = td_arena_alloc(&req->arena, sizeof(*env));

  tiepdan__envelope__init(env);
  return env;
}

int64_t td_now(void)
{
  return (int64_t)time(NULL);
}

td_day td_today(void)
{
  return td_day_from_unix_vn(td_now());
}

int td_time_plausible(int64_t t)
{
  return t >= TD_RECEIVED_MIN && t <= td_now() + TD_RECEIVED_SKEW;
}

void td_reply_no_petition(struct td_req *req, int64_t id, const char *receipt)
{
  if (receipt == NULL)
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no petition with id %lld in your area", (long long)id);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no petition with receipt number %s in your area", receipt);
}

struct restart {
  struct td_req *req;
  void (*handler)(struct td_req *);
};

static void on_fresh_calendar(void *arg, int ok)
{
  struct restart *r = arg;
  struct td_req *req = r->req;

  if (!ok) {
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the calendar");
    return;
  }
  r->handler(req);
}

void td_restart_with_fresh_calendar(struct td_req *req,
                                    void (*handler)(struct td_req *))
{
  struct restart *r;

  if (++req->attempts > 2) {
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the calendar");
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  r->req = req;
  r->handler = handler;
  if (td_calendar_reload(req->srv, on_fresh_calendar, r) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the calendar");
}

void td_reply_store_error(struct td_req *req, int status, const char *what)
{
  if (status == TD_STORE_UNAVAILABLE)
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNAVAILABLE, NULL,
                "the database is unavailable, so %s did not happen; "
                "send the same request again shortly",
                what);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__INTERNAL, NULL,
                "the server could not complete %s; the administrator has the "
                "details in the server log",
                what);
}

static void days_left(Tiepdan__Petition *p, const struct td_petition_row *row,
                      td_day today);

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

struct audited {
  Tiepdan__Envelope *reply;
};

static void on_audit(struct td_req *req, const struct td_store_result *res)
{
  struct audited *a = req->state;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "recording who read the identity");
    return;
  }
  td_req_reply(req, a->reply);
}

void td_reply_audited(struct td_req *req, Tiepdan__Envelope *reply,
                      const int64_t *ids, size_t n, const char *what)
{
  struct audited *a;

  if (n == 0) {
    td_req_reply(req, reply);
    return;
  }
  a = td_arena_alloc(&req->arena, sizeof(*a));
  a->reply = reply;
  req->state = a;
  if (td_store_identity_reads(req, ids, n, what, on_audit) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE,
                         "recording who read the identity");
}

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

/* Hello ----------------------------------------------------------------- */

void td_handle_hello(struct td_req *req)
{
  const Tiepdan__Hello *h = req->env->hello;
  const struct td_principal *who = req->who;
  struct td_arena *a = &req->arena;
  Tiepdan__Envelope *env;
  Tiepdan__HelloReply *r;
  Tiepdan__Unit *u;

  if (h->has_protocol_version && h->protocol_version != TD_PROTOCOL_VERSION) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION,
                "protocol_version",
                "this server speaks protocol %u, the client %u: install the "
                "client that matches the server",
                TD_PROTOCOL_VERSION, h->protocol_version);
    return;
  }
  r = td_arena_alloc(a, sizeof(*r));
  u = td_arena_alloc(a, sizeof(*u));
  tiepdan__hello_reply__init(r);
  tiepdan__unit__init(u);
  u->code = (char *)who->unit_code;
  u->name = (char *)who->unit_name;
  u->level = (char *)who->unit_level;
  r->has_protocol_version = 1;
  r->protocol_version = TD_PROTOCOL_VERSION;
  r->server_version = TD_VERSION;
  r->has_role = 1;
  r->role = (Tiepdan__Role)who->role;
  r->unit = u;
  r->principal_name = (char *)who->name;
  r->has_max_frame = 1;
  r->max_frame = req->srv->cfg->max_frame;
  r->has_max_in_flight = 1;
  r->max_in_flight = (uint32_t)req->srv->cfg->max_in_flight;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_HELLO_REPLY;
  env->hello_reply = r;
  td_req_reply(req, env);
}

/* SubmitPetition ---------------------------------------------------------- */

/* SHA-256 of the submission as sent, so a reused key with other content is
 * told apart from an honest retry. */
static int submission_hash(struct td_req *req, const Tiepdan__SubmitPetition *m,
                           char out[65])
{
  size_t n = tiepdan__submit_petition__get_packed_size(m);
  uint8_t *buf = td_arena_alloc(&req->arena, n ? n : 1);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  unsigned int i;

  tiepdan__submit_petition__pack(m, buf);
  if (EVP_Digest(buf, n, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
    return -1;
  for (i = 0; i < mdlen; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  return 0;
}

static void on_submitted(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__SubmitPetition *m = req->env->submit_petition;
  Tiepdan__Envelope *env;
  Tiepdan__SubmitReply *r;
  const char *o = res->outcome;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "recording the petition");
    return;
  }
  if (strcmp(o, "created") == 0 || strcmp(o, "duplicate") == 0) {
    if (res->n != 1) {
      td_reply_store_error(req, TD_STORE_ERROR, "reading back the petition");
      return;
    }
    td_petition_finish(req, &res->rows[0]);
    r = td_arena_alloc(&req->arena, sizeof(*r));
    tiepdan__submit_reply__init(r);
    r->petition = res->rows[0].p;
    r->has_duplicate = 1;
    r->duplicate = strcmp(o, "duplicate") == 0;
    env = td_reply_new(req);
    env->body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY;
    env->submit_reply = r;
    td_req_reply(req, env);
  } else if (strcmp(o, "key_conflict") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "idempotency_key",
                "idempotency key %s was already used for a different "
                "petition; submit this one with a new key",
                m->idempotency_key);
  } else if (strcmp(o, "unknown_unit") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no commune %s in your area",
                m->unit_code != NULL ? m->unit_code : req->who->unit_code);
  } else if (strcmp(o, "unknown_village") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "village_code",
                "village_code: there is no village %s in this commune",
                m->village_code);
  } else if (strcmp(o, "unknown_kind") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "kind",
                "kind: '%s' is not a known kind of petition", m->kind);
  } else if (strcmp(o, "unknown_channel") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "channel",
                "channel: '%s' is not a known channel", m->channel);
  } else if (strcmp(o, "unknown_session") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "session_id",
                "session_id: there is no session %lld of this commune",
                (long long)m->session_id);
  } else if (strcmp(o, "stale_calendar") == 0) {
    td_restart_with_fresh_calendar(req, td_handle_submit);
  } else if (strcmp(o, "unknown_field") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "field",
                "field: '%s' is not a known field", m->field);
  } else {
    td_reply_store_error(req, TD_STORE_ERROR, "recording the petition");
  }
}

/* The deadline to accept or refuse the petition runs from its receipt. The
 * commune is resolved in SQL, so both the remote and the ordinary value go. */
static void acceptance_deadline(struct td_req *req,
                                const Tiepdan__SubmitPetition *m,
                                struct td_submit_deadline *d)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  const struct td_deadline_rule *rule;
  struct td_deadline_input in = {0, 0, 0, 0};
  struct td_deadline out;

  memset(d, 0, sizeof(*d));
  d->calendar = cal != NULL ? cal->version : 0;
  in.start =
      td_day_from_unix_vn(m->has_received_at ? m->received_at : td_now());
  rule = cal != NULL ? td_rule_pick(cal->rules, cal->nrules, m->kind, "accept",
                                    in.start)
                     : NULL;
  if (rule == NULL || td_deadline_compute(rule, &in, &days, &out) != 0)
    return;
  d->rule_id = rule->id;
  d->plain = out.due;
  in.remote = 1;
  if (td_deadline_compute(rule, &in, &days, &out) != 0) {
    d->rule_id = 0;
    return;
  }
  d->remote = out.due;
}

void td_handle_submit(struct td_req *req)
{
  const Tiepdan__SubmitPetition *m = req->env->submit_petition;
  struct td_submit_deadline d;
  struct td_invalid inv;
  char hash[65];

  /* The Front forwards recommendations; logging other kinds is the
   * commune's work. */
  if (!td_permit_role(req->who->role,
                      m->kind != NULL && strcmp(m->kind, "recommendation") == 0
                          ? TD_OP_SUBMIT_RECOMMENDATION
                          : TD_OP_SUBMIT)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "kind",
                "the %s role may not log a petition of kind %s",
                td_role_name(req->who->role), m->kind ? m->kind : "(none)");
    return;
  }
  if (td_validate_submit(m, td_now(), &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return;
  }
  if (submission_hash(req, m, hash) != 0) {
    td_reply_store_error(req, TD_STORE_ERROR, "recording the petition");
    return;
  }
  acceptance_deadline(req, m, &d);
  if (td_store_submit(req, m, hash, &d, on_submitted) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "recording the petition");
}

/* GetPetition ------------------------------------------------------------- */

/* Recomputes the running deadline from its rule and says how. */
static void explain(struct td_req *req, const struct td_petition_row *row)
{
  const struct td_calendar_cache *cal = req->srv->calendar;
  const struct td_deadline_rule *rule = td_calendar_rule(cal, row->rule_id);
  struct td_calendar days = td_calendar_days(cal);
  struct td_deadline_input in;
  struct td_deadline d;
  char *buf;

  if (rule == NULL || row->deadline_start == TD_DAY_NONE) {
    row->p->explain = "No deadline runs for this petition.";
    return;
  }
  in.start = row->deadline_start;
  in.remote = row->remote;
  in.complex = row->p->complex;
  in.extensions = (int)row->p->extensions;
  if (td_deadline_compute(rule, &in, &days, &d) != 0) {
    row->p->explain = "The deadline cannot be recomputed from its rule.";
    return;
  }
  buf = td_arena_alloc(&req->arena, 4096);
  td_deadline_explain(rule, &in, &d, buf, 4096);
  if (d.due != row->deadline)
    td_warn("petition %lld: stored deadline differs from its rule",
            (long long)row->p->id);
  row->p->explain = buf;
}

static void on_got(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__GetPetition *g = req->env->get_petition;
  Tiepdan__Envelope *env;
  Tiepdan__GetReply *r;
  int secret;

  if (res->status == TD_STORE_NOT_FOUND) {
    /* Out of scope and non-existent read exactly alike. */
    td_reply_no_petition(
        req, g->id,
        g->key_case == TIEPDAN__GET_PETITION__KEY_ID ? NULL : g->receipt_no);
    return;
  }
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "reading the petition");
    return;
  }
  secret = td_petition_finish(req, &res->rows[0]);
  if (g->has_explain && g->explain)
    explain(req, &res->rows[0]);
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__get_reply__init(r);
  r->petition = res->rows[0].p;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_GET_REPLY;
  env->get_reply = r;
  td_reply_audited(req, env, &r->petition->id, secret ? 1 : 0, "show");
}

void td_handle_get(struct td_req *req)
{
  const Tiepdan__GetPetition *g = req->env->get_petition;
  struct td_invalid inv;
  int rc;

  switch (g->key_case) {
  case TIEPDAN__GET_PETITION__KEY_ID:
    if (g->id <= 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                  "id: must be a positive number");
      return;
    }
    rc = td_store_get(req, g->id, NULL, on_got);
    break;
  case TIEPDAN__GET_PETITION__KEY_RECEIPT_NO:
    if (g->receipt_no[0] == '\0' ||
        td_text_check("receipt_no", g->receipt_no, 64, 0, &inv) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "receipt_no",
                  "receipt_no: not a receipt number");
      return;
    }
    rc = td_store_get(req, 0, g->receipt_no, on_got);
    break;
  default:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                "give the petition's id or its receipt number");
    return;
  }
  if (rc != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "reading the petition");
}

/* ListPetitions ----------------------------------------------------------- */

static void on_listed(struct td_req *req, const struct td_store_result *res)
{
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

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "listing petitions");
    return;
  }
  if (!res->scope_found) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no unit %s in your area", m->unit_code);
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_reply__init(r);
  r->petitions = td_arena_alloc(&req->arena, sizeof(*r->petitions) *
                                                 (size_t)(res->n ? res->n : 1));
  for (i = 0; i < res->n; i++) {
    if (td_petition_finish(req, &res->rows[i]))
      secret[nsecret++] = res->rows[i].p->id;
    sz = tiepdan__petition__get_packed_size(res->rows[i].p) + 8;
    /* A page never outgrows one frame: stop early and continue from here. */
    if (i > 0 && used + sz > budget) {
      next_id = res->rows[i - 1].p->id;
      break;
    }
    used += sz;
    r->petitions[r->n_petitions++] = res->rows[i].p;
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
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
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
  q.status = m->has_status ? td_status_name(m->status) : NULL;
  q.received_from = m->has_received_from ? m->received_from : 0;
  q.received_to = m->has_received_to ? m->received_to : 0;
  q.text = m->text != NULL && m->text[0] ? m->text : NULL;
  q.overdue = m->has_overdue && m->overdue;
  q.due_within = m->has_due_within_days ? (int)m->due_within_days : -1;
  q.session_id = m->has_session_id ? m->session_id : 0;
  q.today = td_today();
  q.limit = TD_LIST_DEFAULT;
  if (m->has_page_size && m->page_size > 0)
    q.limit = m->page_size > TD_LIST_MAX ? TD_LIST_MAX : (int)m->page_size;
  if (td_store_list(req, &q, on_listed) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "listing petitions");
}
