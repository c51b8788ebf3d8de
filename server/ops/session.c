/*
 * Reception sessions, dialogue conferences and voters' meetings: opened when
 * they start, closed with what was raised and answered there, listed for the
 * reports ("3 dialogues, 370 attendees, 84 opinions, 81 resolved on the
 * spot"). Petitions link to the session they came from.
 */
#include <string.h>

#include "db/session.h"
#include "ops/ops.h"
#include "domain/permit.h"
#include "domain/validate.h"
#include "wire.h"

/* The largest session number (kỳ tiếp số) of a year: a commune receives
 * periodically a few dozen times a year at most. */
#define SESSION_NUMBER_MAX 1000u

/* What a bad or missing type is told. */
#define TYPE_WORDS                                                             \
  "type: regular_reception, periodic_reception, adhoc_reception, "             \
  "delegated_reception, dialogue, voters_meeting, supervision or "             \
  "social_criticism"

/* Refuses a session type the caller's role does not record. */
static void type_denied(struct td_req *req, int type)
{
  td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "type",
              "the %s role may not open or close a session of type %s",
              td_role_name(req->who->role), td_session_type_name(type));
}

static void reply_session(struct td_req *req, Tiepdan__Session *s,
                          int duplicate)
{
  Tiepdan__SessionReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__session_reply__init(r);
  r->session = s;
  r->has_duplicate = duplicate;
  r->duplicate = duplicate;
  env->body_case = TIEPDAN__ENVELOPE__BODY_SESSION_REPLY;
  env->session_reply = r;
  td_req_reply(req, env);
}

/* The key came before with another request: a mistake, never a retry. */
static void key_conflict(struct td_req *req, const char *key, int opening)
{
  if (opening)
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "idempotency_key",
                "idempotency key %s was already used to open another "
                "session; send this one with a new key",
                key);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "idempotency_key",
                "idempotency key %s was already used to close a session "
                "otherwise; send this one with a new key",
                key);
}

static void on_opened(void *arg, const struct td_sessions *res)
{
  struct td_req *req = arg;
  const Tiepdan__OpenSession *m = req->env->open_session;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "opening the session");
    return;
  }
  switch (res->verdict) {
  case TD_SESSION_CLOSE_CREATED:
  case TD_SESSION_CLOSE_DUPLICATE:
    reply_session(req, res->sessions[0],
                  res->verdict == TD_SESSION_CLOSE_DUPLICATE);
    return;
  case TD_SESSION_CLOSE_KEY_CONFLICT:
    key_conflict(req, m->idempotency_key, 1);
    return;
  case TD_SESSION_CLOSE_UNKNOWN_UNIT:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no commune %s in your area",
                m->unit_code != NULL ? m->unit_code : req->who->unit_code);
    return;
  case TD_SESSION_CLOSE_DELEGATED_REFUSED:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "type",
                "from 1 July 2026 the Chairman of a commune's People's "
                "Committee may not delegate citizen reception (Law No. "
                "136/2025/QH15)");
    return;
  case TD_SESSION_CLOSE_CLOSED: /* Verdicts of a close, never of an open. */
  case TD_SESSION_CLOSE_NOT_FOUND:
  case TD_SESSION_CLOSE_ALREADY_CLOSED:
  case TD_SESSION_CLOSE_BEFORE_OPEN:
  case TD_SESSION_CLOSE_COUNTS:
  case TD_SESSION_CLOSE_TYPE_DENIED:
  case TD_SESSION_CLOSE__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "opening the session");
}

/* The hash an idempotency key is recorded with (hex in out), or NULL
 * without a key; NULL after answering when it cannot be computed. */
static const char *keyed_hash(struct td_req *req, const char *key,
                              const ProtobufCMessage *m, char out[65],
                              int *failed)
{
  *failed = 0;
  if (key == NULL)
    return NULL;
  if (td_req_hash(req, m, out) != 0) {
    td_reply_db_error(req, TD_EINTERNAL, "recording the session");
    *failed = 1;
    return NULL;
  }
  return out;
}

void td_handle_session_open(struct td_req *req)
{
  const Tiepdan__OpenSession *m = req->env->open_session;
  struct td_invalid inv;
  const char *hash;
  char buf[65];
  int failed;

  if (!m->has_type || td_session_type_name(m->type) == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "type", TYPE_WORDS);
    return;
  }
  if (!td_permit_session_type(req->who->role, m->type)) {
    type_denied(req, m->type);
    return;
  }
  if (td_req_unit_asked(req, m->unit_code, NULL) != 0)
    return;
  /* Only the head's receptions are numbered in their year (kỳ tiếp số). */
  if (m->has_number && m->type != TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION &&
      m->type != TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "number",
                "number: only periodic and ad hoc receptions have a session "
                "number, not a session of type %s",
                td_session_type_name(m->type));
    return;
  }
  if (m->has_number && (m->number == 0 || m->number > SESSION_NUMBER_MAX)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "number",
                "number: a session number from 1 to %u", SESSION_NUMBER_MAX);
    return;
  }
  if ((m->title != NULL &&
       td_text_check("title", m->title, TD_TITLE_MAX, 0, &inv) != 0) ||
      (m->theme != NULL &&
       td_text_check("theme", m->theme, TD_TITLE_MAX, 0, &inv) != 0) ||
      (m->presided_by != NULL &&
       td_text_check("presided_by", m->presided_by, TD_NAME_MAX, 0, &inv))) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return;
  }
  if (!td_req_key_ok(req, m->idempotency_key))
    return;
  hash = keyed_hash(req, m->idempotency_key, &m->base, buf, &failed);
  if (failed)
    return;
  if (td_db_session_open(td_req_db(req), req->who->unit_id, req->who->id, m,
                         hash, on_opened, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "opening the session");
}

static void on_closed(void *arg, const struct td_sessions *res)
{
  struct td_req *req = arg;
  const Tiepdan__CloseSession *m = req->env->close_session;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "closing the session");
    return;
  }
  switch (res->verdict) {
  case TD_SESSION_CLOSE_CLOSED:
  case TD_SESSION_CLOSE_DUPLICATE:
    reply_session(req, res->sessions[0],
                  res->verdict == TD_SESSION_CLOSE_DUPLICATE);
    return;
  case TD_SESSION_CLOSE_KEY_CONFLICT:
    key_conflict(req, m->idempotency_key, 0);
    return;
  case TD_SESSION_CLOSE_NOT_FOUND:
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no session %lld in your area", (long long)m->session_id);
    return;
  case TD_SESSION_CLOSE_ALREADY_CLOSED:
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                "session %lld is already closed", (long long)m->session_id);
    return;
  case TD_SESSION_CLOSE_BEFORE_OPEN:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: a session cannot close before it opened");
    return;
  case TD_SESSION_CLOSE_COUNTS:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "resolved_on_spot",
                "resolved_on_spot: opinions resolved on the spot and "
                "forwarded cannot exceed the opinions raised");
    return;
  case TD_SESSION_CLOSE_TYPE_DENIED:
    if (res->n == 1 && res->sessions[0]->has_type) {
      type_denied(req, res->sessions[0]->type);
      return;
    }
    break;
  case TD_SESSION_CLOSE_CREATED: /* Verdicts of an open. */
  case TD_SESSION_CLOSE_UNKNOWN_UNIT:
  case TD_SESSION_CLOSE_DELEGATED_REFUSED:
  case TD_SESSION_CLOSE__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "closing the session");
}

/* The most people or opinions one session counts: far above any meeting,
 * far below what the database's integer columns hold. */
#define SESSION_COUNT_MAX 1000000u

/* 1 if a count is absent or plausible; else refuses the request naming the
 * field and returns 0. */
static int count_ok(struct td_req *req, const char *field, int has, uint32_t n)
{
  if (!has || n <= SESSION_COUNT_MAX)
    return 1;
  td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
              "%s: at most %u", field, SESSION_COUNT_MAX);
  return 0;
}

/* The session types the caller's role may close, as a PostgreSQL text
 * array, in the request's arena. */
static const char *closable_types(struct td_req *req)
{
  char *buf = td_arena_alloc(&req->arena, 256);
  size_t len = 0;
  int type;

  buf[len++] = '{';
  for (type = 1; td_session_type_name(type) != NULL; type++) {
    const char *name = td_session_type_name(type);
    size_t n = strlen(name);

    if (!td_permit_session_type(req->who->role, type) || len + n + 3 > 256)
      continue;
    if (len > 1)
      buf[len++] = ',';
    memcpy(buf + len, name, n);
    len += n;
  }
  buf[len++] = '}';
  buf[len] = '\0';
  return buf;
}

/* 1 if the mass delegations (đoàn đông người) of a close add up: people in
 * them at least the delegations and at most the attendees, each given with
 * what it is part of; else refuses naming the field and returns 0. The
 * table's CHECKs hold the same, but the officer is told here, in words. */
static int groups_ok(struct td_req *req, const Tiepdan__CloseSession *m)
{
  /* Each refusal names the field the request gave. */
  if (m->has_group_people && !m->has_groups) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "group_people",
                "group_people: give the number of mass delegations (groups) "
                "with the people in them");
    return 0;
  }
  if (m->has_groups && m->groups > 0 && !m->has_group_people) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "groups",
                "groups: give the people in the %u mass delegations "
                "(group_people) too",
                m->groups);
    return 0;
  }
  if (!m->has_group_people)
    return 1;
  if (m->group_people < m->groups) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "group_people",
                "group_people: %u people cannot make %u mass delegations",
                m->group_people, m->groups);
    return 0;
  }
  if (!m->has_attendees && m->group_people > 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "attendees",
                "attendees: give the people who came, of whom the %u in mass "
                "delegations are a part",
                m->group_people);
    return 0;
  }
  if (m->has_attendees && m->group_people > m->attendees) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "group_people",
                "group_people: %u people in mass delegations cannot be more "
                "than the %u attendees",
                m->group_people, m->attendees);
    return 0;
  }
  return 1;
}

void td_handle_session_close(struct td_req *req)
{
  const Tiepdan__CloseSession *m = req->env->close_session;
  struct td_invalid inv;
  uint32_t settled = 0;
  const char *hash;
  char buf[65];
  int failed;

  if (!m->has_session_id || m->session_id <= 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "session_id",
                "session_id: which session to close");
    return;
  }
  if (m->note != NULL &&
      td_text_check("note", m->note, TD_NOTE_MAX, 1, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (!count_ok(req, "attendees", m->has_attendees, m->attendees) ||
      !count_ok(req, "opinions", m->has_opinions, m->opinions) ||
      !count_ok(req, "resolved_on_spot", m->has_resolved_on_spot,
                m->resolved_on_spot) ||
      !count_ok(req, "forwarded", m->has_forwarded, m->forwarded) ||
      !count_ok(req, "groups", m->has_groups, m->groups) ||
      !count_ok(req, "group_people", m->has_group_people, m->group_people))
    return;
  /* Each is at most SESSION_COUNT_MAX now, so the sum cannot wrap. */
  if (m->has_resolved_on_spot)
    settled += m->resolved_on_spot;
  if (m->has_forwarded)
    settled += m->forwarded;
  if (settled > (m->has_opinions ? m->opinions : 0)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "resolved_on_spot",
                "resolved_on_spot: opinions resolved on the spot and "
                "forwarded cannot exceed the opinions raised");
    return;
  }
  if (!groups_ok(req, m))
    return;
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return;
  }
  if (!td_req_key_ok(req, m->idempotency_key))
    return;
  hash = keyed_hash(req, m->idempotency_key, &m->base, buf, &failed);
  if (failed)
    return;
  if (td_db_session_close(td_req_db(req), req->who->unit_id, m, hash,
                          closable_types(req), on_closed, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "closing the session");
}

static void on_listed(void *arg, const struct td_sessions *res)
{
  struct td_req *req = arg;
  const Tiepdan__ListSessions *m = req->env->list_sessions;
  Tiepdan__ListSessionsReply *r;
  Tiepdan__Envelope *env;

  if (!td_reply_reached(req, res->err, res->scope_found, m->unit_code,
                        "listing sessions"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_sessions_reply__init(r);
  r->n_sessions = res->n;
  r->sessions = res->sessions;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY;
  env->list_sessions_reply = r;
  td_req_reply(req, env);
}

void td_handle_session_list(struct td_req *req)
{
  const Tiepdan__ListSessions *m = req->env->list_sessions;
  struct td_invalid inv;

  if (td_req_unit_asked(req, m->unit_code, NULL) != 0)
    return;
  if (m->has_type && td_session_type_name(m->type) == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "type", TYPE_WORDS);
    return;
  }
  if (td_validate_list_sessions(m, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (td_db_session_list(td_req_db(req), req->who->unit_id, m, on_listed,
                         req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing sessions");
}
