/*
 * Reception sessions, dialogue conferences and voters' meetings: opened when
 * they start, closed with what was raised and answered there, listed for the
 * reports ("3 dialogues, 370 attendees, 84 opinions, 81 resolved on the
 * spot"). Petitions link to the session they came from.
 */
#include <string.h>

#include "handlers.h"
#include "validate.h"
#include "wire.h"

#define TITLE_MAX 500
#define NOTE_MAX 4000

static void reply_session(struct td_req *req, Tiepdan__Session *s)
{
  Tiepdan__SessionReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__session_reply__init(r);
  r->session = s;
  env->body_case = TIEPDAN__ENVELOPE__BODY_SESSION_REPLY;
  env->session_reply = r;
  td_req_reply(req, env);
}

static void on_opened(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__OpenSession *m = req->env->open_session;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "opening the session");
    return;
  }
  if (res->nsessions != 1) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no commune %s in your area",
                m->unit_code != NULL ? m->unit_code : req->who->unit_code);
    return;
  }
  reply_session(req, res->sessions[0]);
}

void td_handle_session_open(struct td_req *req)
{
  const Tiepdan__OpenSession *m = req->env->open_session;
  struct td_invalid inv;

  if (!m->has_type || td_session_type_name(m->type) == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "type",
                "type: regular_reception, periodic_reception, dialogue or "
                "voters_meeting");
    return;
  }
  if (m->unit_code != NULL && m->unit_code[0] && !td_code_valid(m->unit_code)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: not a unit code");
    return;
  }
  if ((m->title != NULL &&
       td_text_check("title", m->title, TITLE_MAX, 0, &inv) != 0) ||
      (m->presided_by != NULL &&
       td_text_check("presided_by", m->presided_by, TD_NAME_MAX, 0, &inv))) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return;
  }
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return;
  }
  if (td_store_session_open(req, m, on_opened) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "opening the session");
}

static void on_closed(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__CloseSession *m = req->env->close_session;
  const char *o = res->outcome;

  if (res->status != TD_STORE_OK || o == NULL) {
    td_reply_store_error(
        req, res->status == TD_STORE_OK ? TD_STORE_ERROR : res->status,
        "closing the session");
  } else if (strcmp(o, "ok") == 0 && res->nsessions == 1) {
    reply_session(req, res->sessions[0]);
  } else if (strcmp(o, "not_found") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no session %lld in your area", (long long)m->session_id);
  } else if (strcmp(o, "already_closed") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, NULL,
                "session %lld is already closed", (long long)m->session_id);
  } else if (strcmp(o, "before_open") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: a session cannot close before it opened");
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "resolved_on_spot",
                "resolved_on_spot: opinions resolved on the spot and "
                "forwarded cannot exceed the opinions raised");
  }
}

void td_handle_session_close(struct td_req *req)
{
  const Tiepdan__CloseSession *m = req->env->close_session;
  struct td_invalid inv;
  uint32_t settled = 0;

  if (!m->has_session_id || m->session_id <= 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "session_id",
                "session_id: which session to close");
    return;
  }
  if (m->note != NULL &&
      td_text_check("note", m->note, NOTE_MAX, 1, &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return;
  }
  if (m->has_resolved_on_spot)
    settled += m->resolved_on_spot;
  if (m->has_forwarded)
    settled += m->forwarded;
  if (settled > (m->has_opinions ? m->opinions : 0) ||
      (m->has_attendees && m->attendees > 1000000) ||
      (m->has_opinions && m->opinions > 1000000)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "resolved_on_spot",
                "resolved_on_spot: opinions resolved on the spot and "
                "forwarded cannot exceed the opinions raised");
    return;
  }
  if (m->has_at && !td_time_plausible(m->at)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "at",
                "at: not a plausible time (before 2000 or in the future)");
    return;
  }
  if (td_store_session_close(req, m, on_closed) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "closing the session");
}

static void on_listed(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__ListSessions *m = req->env->list_sessions;
  Tiepdan__ListSessionsReply *r;
  Tiepdan__Envelope *env;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "listing sessions");
    return;
  }
  if (!res->scope_found) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no unit %s in your area", m->unit_code);
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_sessions_reply__init(r);
  r->n_sessions = res->nsessions;
  r->sessions = res->sessions;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY;
  env->list_sessions_reply = r;
  td_req_reply(req, env);
}

void td_handle_session_list(struct td_req *req)
{
  const Tiepdan__ListSessions *m = req->env->list_sessions;

  if (m->unit_code != NULL && m->unit_code[0] && !td_code_valid(m->unit_code)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: not a unit code");
    return;
  }
  if (m->has_type && td_session_type_name(m->type) == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "type",
                "type: regular_reception, periodic_reception, dialogue or "
                "voters_meeting");
    return;
  }
  if (td_store_session_list(req, m, on_listed) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "listing sessions");
}
