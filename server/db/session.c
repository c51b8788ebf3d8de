/* Sessions' statements; see session.h. */
#include "db/session.h"

#include <string.h>

#include "db/rows.h"
#include "wire.h"

static const char SQL_SESSION_OPEN[] =
    "SELECT o.result, (o.session).*"
    "  FROM td_open_session($1::int, $2, $3, $4, $5, to_timestamp($6::bigint),"
    "       $7::int, $8::uuid, decode($9, 'hex'), $10::int, $11) o";

static const char SQL_SESSION_CLOSE[] =
    "SELECT c.result, (c.session).*"
    "  FROM td_close_session($1::int, $2::bigint,"
    "       coalesce(to_timestamp($3::bigint), now()), $4::int, $5::int,"
    "       $6::int, $7::int, $8, $9::uuid, decode($10, 'hex'), $11::int,"
    "       $12::int, $13::text[]) c";

static const char SQL_SESSION_LIST[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN td_session_v v"
    "    ON v.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "   AND ($3::text IS NULL OR v.type = $3)"
    "   AND ($4::bigint IS NULL OR v.opened_at >= $4)"
    "   AND ($5::bigint IS NULL OR v.opened_at < $5)"
    " ORDER BY v.opened_at DESC NULLS LAST, v.id DESC LIMIT 500";

static const char *const close_verdicts[] = {
#define XX(name, text) text,
    TD_SESSION_CLOSE_VERDICTS(XX)
#undef XX
};

struct sessions_call {
  struct td_arena *arena;
  const char *what;
  td_sessions_cb cb;
  void *arg;
};

/* Maps rows of td_session_v (or results with its columns). */
static void map_sessions(struct td_arena *a, const PGresult *res,
                         struct td_sessions *out)
{
  int n = PQntuples(res);
  int id = PQfnumber(res, "id");
  int i;

  out->sessions =
      td_arena_alloc(a, sizeof(*out->sessions) * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    Tiepdan__Session *s;
    char *type;

    if (PQgetisnull(res, i, id))
      continue;
    s = td_arena_alloc(a, sizeof(*s));
    tiepdan__session__init(s);
    s->has_id = td_rows_i64(res, i, id, &s->id);
    s->unit = td_rows_unit(
        a, td_rows_str(a, res, i, PQfnumber(res, "unit_code")),
        td_rows_str(a, res, i, PQfnumber(res, "unit_name")), "commune");
    type = td_rows_str(a, res, i, PQfnumber(res, "type"));
    if (type != NULL) {
      s->has_type = 1;
      s->type = td_session_type_parse(type);
    }
    s->title = td_rows_str(a, res, i, PQfnumber(res, "title"));
    s->presided_by = td_rows_str(a, res, i, PQfnumber(res, "presided_by"));
    s->has_opened_at =
        td_rows_i64(res, i, PQfnumber(res, "opened_at"), &s->opened_at);
    s->has_closed_at =
        td_rows_i64(res, i, PQfnumber(res, "closed_at"), &s->closed_at);
    s->has_attendees =
        td_rows_u32(res, i, PQfnumber(res, "attendees"), &s->attendees);
    s->has_opinions =
        td_rows_u32(res, i, PQfnumber(res, "opinions"), &s->opinions);
    s->has_resolved_on_spot = td_rows_u32(
        res, i, PQfnumber(res, "resolved_on_spot"), &s->resolved_on_spot);
    s->has_forwarded =
        td_rows_u32(res, i, PQfnumber(res, "forwarded"), &s->forwarded);
    s->note = td_rows_str(a, res, i, PQfnumber(res, "note"));
    s->has_petitions =
        td_rows_u32(res, i, PQfnumber(res, "petitions"), &s->petitions);
    s->has_number = td_rows_u32(res, i, PQfnumber(res, "number"), &s->number);
    s->theme = td_rows_str(a, res, i, PQfnumber(res, "theme"));
    s->has_groups = td_rows_u32(res, i, PQfnumber(res, "groups"), &s->groups);
    s->has_group_people =
        td_rows_u32(res, i, PQfnumber(res, "group_people"), &s->group_people);
    out->sessions[out->n++] = s;
  }
}

static void on_sessions(void *arg, PGresult *res)
{
  struct sessions_call *call = arg;
  struct td_sessions out;
  int verdict;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_head(res, call->what, close_verdicts,
                         TD_SESSION_CLOSE__COUNT, &out.scope_found, &verdict);
  if (out.err == 0) {
    map_sessions(call->arena, res, &out);
    /* An open or a close answers with the session it opened or closed. */
    if ((verdict == TD_SESSION_CLOSE_CLOSED ||
         verdict == TD_SESSION_CLOSE_CREATED ||
         verdict == TD_SESSION_CLOSE_DUPLICATE) &&
        out.n != 1)
      out.err = TD_EINTERNAL;
    else if (verdict >= 0)
      out.verdict = (enum td_session_close_verdict)verdict;
  }
  call->cb(call->arg, &out);
}

static int send_sessions(const struct td_db *db, const char *what,
                         const char *sql, int n, const char *const *params,
                         td_sessions_cb cb, void *arg)
{
  struct sessions_call *call = td_arena_alloc(db->arena, sizeof(*call));

  call->arena = db->arena;
  call->what = what;
  call->cb = cb;
  call->arg = arg;
  return td_rows_send(db, sql, n, params, on_sessions, call);
}

int td_db_session_open(const struct td_db *db, int caller_unit,
                       int principal_id, const Tiepdan__OpenSession *m,
                       const char *hash, td_sessions_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  const char *params[11];

  params[0] = td_rows_int(a, caller_unit);
  params[1] = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  params[2] = td_session_type_name(m->type);
  params[3] = m->title;
  params[4] = m->presided_by;
  params[5] = m->has_at ? td_rows_int(a, m->at) : NULL;
  params[6] = td_rows_int(a, principal_id);
  params[7] = hash != NULL ? m->idempotency_key : NULL;
  params[8] = hash;
  params[9] = m->has_number ? td_rows_int(a, m->number) : NULL;
  params[10] = m->theme;
  return send_sessions(db, "session open", SQL_SESSION_OPEN, 11, params, cb,
                       arg);
}

int td_db_session_close(const struct td_db *db, int caller_unit,
                        const Tiepdan__CloseSession *m, const char *hash,
                        const char *types, td_sessions_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  const char *params[13];

  params[0] = td_rows_int(a, caller_unit);
  params[1] = td_rows_int(a, m->session_id);
  params[2] = m->has_at ? td_rows_int(a, m->at) : NULL;
  params[3] = m->has_attendees ? td_rows_int(a, m->attendees) : NULL;
  params[4] = m->has_opinions ? td_rows_int(a, m->opinions) : NULL;
  params[5] =
      m->has_resolved_on_spot ? td_rows_int(a, m->resolved_on_spot) : NULL;
  params[6] = m->has_forwarded ? td_rows_int(a, m->forwarded) : NULL;
  params[7] = m->note;
  params[8] = hash != NULL ? m->idempotency_key : NULL;
  params[9] = hash;
  params[10] = m->has_groups ? td_rows_int(a, m->groups) : NULL;
  params[11] = m->has_group_people ? td_rows_int(a, m->group_people) : NULL;
  params[12] = types;
  return send_sessions(db, "session close", SQL_SESSION_CLOSE, 13, params, cb,
                       arg);
}

int td_db_session_list(const struct td_db *db, int caller_unit,
                       const Tiepdan__ListSessions *m, td_sessions_cb cb,
                       void *arg)
{
  struct td_arena *a = db->arena;
  const char *params[5];

  params[0] = td_rows_int(a, caller_unit);
  params[1] = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  params[2] = m->has_type ? td_session_type_name(m->type) : NULL;
  params[3] = m->has_from ? td_rows_int(a, m->from) : NULL;
  params[4] = m->has_to ? td_rows_int(a, m->to) : NULL;
  return send_sessions(db, "session list", SQL_SESSION_LIST, 5, params, cb,
                       arg);
}
