/* Units' statements; see unit.h. */
#include "db/unit.h"

#include <string.h>

#include "db/rows.h"

static const char SQL_SCOPE[] =
    "SELECT count(*) FROM units u WHERE u.code = $2 AND u.valid_to IS NULL"
    "   AND u.id IN (SELECT id FROM td_unit_subtree($1::int))";

static const char SQL_PROVINCE[] =
    "SELECT pr.code, pr.name FROM units u JOIN units pr ON pr.id = "
    "u.province_id"
    " WHERE u.id = td_unit_current($1::int) AND pr.level = 'province'";

static const char SQL_MERGE[] =
    "SELECT * FROM td_merge_units($1::int, $2::text[], $3, $4, $5::date)";

static const char *const merge_verdicts[] = {
#define XX(name, text) text,
    TD_MERGE_VERDICTS(XX)
#undef XX
};

struct reach_call {
  td_unit_reached_cb cb;
  void *arg;
};

static void on_reach(void *arg, PGresult *res)
{
  struct reach_call *call = arg;
  struct td_unit_reached out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "unit", 0);
  if (out.err == 0 && PQntuples(res) == 1)
    out.found = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
  call->cb(call->arg, &out);
}

int td_db_unit_reach(const struct td_db *db, int caller_unit,
                     const char *unit_code, td_unit_reached_cb cb, void *arg)
{
  struct reach_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = unit_code;
  return td_rows_send(db, SQL_SCOPE, 2, params, on_reach, call);
}

/* The province of a unit ------------------------------------------------- */

struct province_call {
  struct td_arena *arena;
  td_unit_province_cb cb;
  void *arg;
};

static void on_province(void *arg, PGresult *res)
{
  struct province_call *call = arg;
  struct td_unit_province out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "province", 0);
  if (out.err == 0 && PQntuples(res) == 1)
    out.province =
        td_rows_unit(call->arena, td_rows_str(call->arena, res, 0, 0),
                     td_rows_str(call->arena, res, 0, 1), "province");
  call->cb(call->arg, &out);
}

int td_db_unit_province(const struct td_db *db, int unit_id,
                        td_unit_province_cb cb, void *arg)
{
  struct province_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[1];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, unit_id);
  return td_rows_send(db, SQL_PROVINCE, 1, params, on_province, call);
}

/* Mergers --------------------------------------------------------------------
 */

struct merge_call {
  struct td_arena *arena;
  td_merged_cb cb;
  void *arg;
};

static Tiepdan__MergeUnitsReply *map_merger(struct td_arena *a,
                                            const PGresult *res)
{
  Tiepdan__MergeUnitsReply *r = td_arena_alloc(a, sizeof(*r));
  int n = PQntuples(res);
  int i;

  tiepdan__merge_units_reply__init(r);
  r->unit = td_rows_unit(a, td_rows_str(a, res, 0, 3),
                         td_rows_str(a, res, 0, 4), "commune");
  r->merged = td_arena_alloc(a, sizeof(*r->merged) * (size_t)n);
  for (i = 0; i < n; i++) {
    Tiepdan__Unit *u = td_rows_unit(a, td_rows_str(a, res, i, 5),
                                    td_rows_str(a, res, i, 6), "commune");

    if (u != NULL)
      r->merged[r->n_merged++] = u;
  }
  r->has_petitions = td_rows_u32(res, 0, 7, &r->petitions);
  r->has_principals = td_rows_u32(res, 0, 8, &r->principals);
  return r;
}

static void on_merge(void *arg, PGresult *res)
{
  struct merge_call *call = arg;
  struct td_merged out;
  int verdict;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "merge", 0);
  if (out.err == 0 && PQntuples(res) < 1)
    out.err = TD_EINTERNAL;
  if (out.err == 0) {
    verdict = td_rows_verdict(merge_verdicts, TD_MERGE__COUNT,
                              PQgetvalue(res, 0, 0), "merge");
    if (verdict < 0)
      out.err = TD_EINTERNAL;
    else
      out.verdict = (enum td_merge_verdict)verdict;
  }
  if (out.err == 0) {
    out.detail = td_rows_str(call->arena, res, 0, 1);
    if (out.verdict == TD_MERGE_MERGED)
      out.reply = map_merger(call->arena, res);
  }
  call->cb(call->arg, &out);
}

int td_db_unit_merge(const struct td_db *db, int caller_unit,
                     const Tiepdan__MergeUnits *m, td_merged_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct merge_call *call = td_arena_alloc(a, sizeof(*call));
  struct td_array_lit codes = {NULL, 0, 0};
  const char *params[5];
  size_t i;

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  for (i = 0; i < m->n_old_codes; i++)
    td_array_add(&codes, m->old_codes[i]);
  params[0] = td_rows_int(a, caller_unit);
  params[1] = td_array_finish(a, &codes);
  params[2] = m->new_code;
  params[3] = m->new_name != NULL && m->new_name[0] ? m->new_name : NULL;
  params[4] = m->on;
  return td_rows_send(db, SQL_MERGE, 5, params, on_merge, call);
}
