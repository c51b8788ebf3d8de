/* Principals' statements; see principal.h. */
#include "db/principal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/rows.h"
#include "wire.h"

static const char SQL_LOOKUP[] =
    "SELECT p.id, p.name, p.role, u.id, u.code, u.name, u.level"
    "  FROM principals p JOIN units u ON u.id = td_unit_current(p.unit_id)"
    " WHERE p.cert_sha256 = $1 AND p.revoked_at IS NULL";

static const char SQL_ACTIVE[] =
    "SELECT 1 FROM principals WHERE id = $1::int AND revoked_at IS NULL";

static const char SQL_ADD[] =
    "SELECT a.result, (a.principal).*"
    "  FROM td_add_principal($1::int, $2, $3, $4, $5, $6::bool) a";

/* The view still shows the row as it was; revoked_at is now. */
static const char SQL_REVOKE[] =
    "WITH r AS ("
    "  UPDATE principals p SET revoked_at = now()"
    "   WHERE (p.id = $2::int OR p.cert_sha256 = $3)"
    "     AND td_unit_current(p.unit_id) IN"
    "         (SELECT id FROM td_unit_subtree($1::int))"
    "     AND p.revoked_at IS NULL"
    "  RETURNING p.id)"
    " SELECT v.id, v.name, v.role, v.fingerprint, v.unit_code, v.unit_name,"
    "        v.unit_level, v.created_at,"
    "        floor(extract(epoch FROM now()))::bigint AS revoked_at"
    "   FROM td_principal_v v JOIN r USING (id)";

static const char SQL_LIST[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN td_principal_v v"
    "    ON v.current_unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "   AND ($3::bool OR v.revoked_at IS NULL)"
    " ORDER BY v.unit_code, v.name, v.id";

static const char *const add_verdicts[] = {
#define XX(name, text) text,
    TD_PRINCIPAL_ADD_VERDICTS(XX)
#undef XX
};

/* Lookup ------------------------------------------------------------------ */

struct lookup_call {
  td_principal_found_cb cb;
  void *arg;
};

static void copy_field(char *dst, size_t n, const PGresult *r, int col)
{
  snprintf(dst, n, "%s", PQgetvalue(r, 0, col));
}

static void on_lookup(void *arg, PGresult *res)
{
  struct lookup_call *call = arg;
  struct td_principal_found out;
  int64_t v = 0;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "principal lookup", 0);
  if (out.err == 0 && PQntuples(res) == 0)
    out.err = TD_ENOTFOUND;
  if (out.err == 0) {
    td_rows_i64(res, 0, 0, &v);
    out.p.id = (int)v;
    copy_field(out.p.name, sizeof(out.p.name), res, 1);
    out.p.role = td_role_parse(PQgetvalue(res, 0, 2));
    td_rows_i64(res, 0, 3, &v);
    out.p.unit_id = (int)v;
    copy_field(out.p.unit_code, sizeof(out.p.unit_code), res, 4);
    copy_field(out.p.unit_name, sizeof(out.p.unit_name), res, 5);
    copy_field(out.p.unit_level, sizeof(out.p.unit_level), res, 6);
  }
  call->cb(call->arg, &out);
  free(call);
}

int td_db_principal_lookup(const struct td_db *db, const char *fingerprint,
                           td_principal_found_cb cb, void *arg)
{
  struct lookup_call *call = td_xmalloc(sizeof(*call));
  const char *params[1] = {fingerprint};

  call->cb = cb;
  call->arg = arg;
  if (td_rows_send(db, SQL_LOOKUP, 1, params, on_lookup, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}

/* Still active ------------------------------------------------------------- */

struct active_call {
  td_principal_active_cb cb;
  void *arg;
};

static void on_active(void *arg, PGresult *res)
{
  struct active_call *call = arg;
  struct td_principal_active out;

  out.err = td_rows_status(res, "principal check", 0);
  if (out.err == 0 && PQntuples(res) == 0)
    out.err = TD_ENOTFOUND;
  call->cb(call->arg, &out);
}

int td_db_principal_active(const struct td_db *db, int principal_id,
                           td_principal_active_cb cb, void *arg)
{
  struct active_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[1];

  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, principal_id);
  return td_rows_send(db, SQL_ACTIVE, 1, params, on_active, call);
}

/* The admin's view --------------------------------------------------------- */

struct principals_call {
  struct td_arena *arena;
  const char *what;
  td_principals_cb cb;
  void *arg;
};

static void map_principals(struct td_arena *a, const PGresult *res,
                           struct td_principals *out)
{
  int n = PQntuples(res);
  int id = PQfnumber(res, "id");
  int i;

  out->principals =
      td_arena_alloc(a, sizeof(*out->principals) * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    Tiepdan__Principal *p;
    char *role;

    if (id < 0 || PQgetisnull(res, i, id))
      continue;
    p = td_arena_alloc(a, sizeof(*p));
    tiepdan__principal__init(p);
    p->has_id = td_rows_i64(res, i, id, &p->id);
    p->name = td_rows_str(a, res, i, PQfnumber(res, "name"));
    role = td_rows_str(a, res, i, PQfnumber(res, "role"));
    if (role != NULL && td_role_parse(role) > 0) {
      p->has_role = 1;
      p->role = td_role_parse(role);
    }
    p->unit =
        td_rows_unit(a, td_rows_str(a, res, i, PQfnumber(res, "unit_code")),
                     td_rows_str(a, res, i, PQfnumber(res, "unit_name")),
                     td_rows_str(a, res, i, PQfnumber(res, "unit_level")));
    p->fingerprint = td_rows_str(a, res, i, PQfnumber(res, "fingerprint"));
    p->has_created_at =
        td_rows_i64(res, i, PQfnumber(res, "created_at"), &p->created_at);
    p->has_revoked_at =
        td_rows_i64(res, i, PQfnumber(res, "revoked_at"), &p->revoked_at);
    out->principals[out->n++] = p;
  }
}

static void on_principals(void *arg, PGresult *res)
{
  struct principals_call *call = arg;
  struct td_principals out;
  int verdict;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_head(res, call->what, add_verdicts, TD_PRINCIPAL_ADD__COUNT,
                         &out.scope_found, &verdict);
  if (out.err == 0) {
    map_principals(call->arena, res, &out);
    /* A registration answers with the principal it made. */
    if (verdict == TD_PRINCIPAL_ADD_ADDED && out.n != 1)
      out.err = TD_EINTERNAL;
    else if (verdict >= 0)
      out.verdict = (enum td_principal_add_verdict)verdict;
  }
  call->cb(call->arg, &out);
}

static int send_principals(const struct td_db *db, const char *what,
                           const char *sql, int n, const char *const *params,
                           td_principals_cb cb, void *arg)
{
  struct principals_call *call = td_arena_alloc(db->arena, sizeof(*call));

  call->arena = db->arena;
  call->what = what;
  call->cb = cb;
  call->arg = arg;
  return td_rows_send(db, sql, n, params, on_principals, call);
}

int td_db_principal_add(const struct td_db *db, int caller_unit,
                        const char *fingerprint, const char *name,
                        const char *role, const char *unit_code, int reactivate,
                        td_principals_cb cb, void *arg)
{
  const char *params[6];

  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = fingerprint;
  params[2] = name;
  params[3] = role;
  params[4] = unit_code;
  params[5] = reactivate ? "true" : "false";
  return send_principals(db, "principal add", SQL_ADD, 6, params, cb, arg);
}

int td_db_principal_revoke(const struct td_db *db, int caller_unit, int64_t id,
                           const char *fingerprint, td_principals_cb cb,
                           void *arg)
{
  const char *params[3];

  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = id > 0 ? td_rows_int(db->arena, id) : NULL;
  params[2] = fingerprint;
  return send_principals(db, "principal revoke", SQL_REVOKE, 3, params, cb,
                         arg);
}

int td_db_principal_list(const struct td_db *db, int caller_unit,
                         const char *unit_code, int include_revoked,
                         td_principals_cb cb, void *arg)
{
  const char *params[3];

  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = unit_code;
  params[2] = include_revoked ? "true" : "false";
  return send_principals(db, "principal list", SQL_LIST, 3, params, cb, arg);
}

/* Offline registration ----------------------------------------------------- */

static const char SQL_REGISTER[] =
    "INSERT INTO principals (cert_sha256, name, role, unit_id)"
    " SELECT $1, $2, $3, td_unit_by_code($4)"
    "  WHERE td_unit_by_code($4) IS NOT NULL"
    " ON CONFLICT (cert_sha256) DO UPDATE"
    "   SET name = excluded.name, role = excluded.role,"
    "       unit_id = excluded.unit_id, revoked_at = NULL"
    " RETURNING id";

int td_db_principal_register(PGconn *pg, const char *fingerprint,
                             const char *name, const char *role,
                             const char *unit_code, int64_t *id, char *err,
                             size_t errlen)
{
  const char *params[4] = {fingerprint, name, role, unit_code};
  PGresult *r = PQexecParams(pg, SQL_REGISTER, 4, NULL, params, NULL, NULL, 0);
  int rc = 0;

  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    snprintf(err, errlen, "%s", PQresultErrorMessage(r));
    rc = TD_EINTERNAL;
  } else if (PQntuples(r) != 1 || !td_rows_i64(r, 0, 0, id)) {
    rc = TD_ENOTFOUND;
  }
  PQclear(r);
  return rc;
}
