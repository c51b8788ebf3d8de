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

/* Adding, renaming, listing ------------------------------------------------
 */

static const char SQL_ADD[] =
    "SELECT * FROM td_add_units($1::int, $2::boolean, $3::text[], $4::text[],"
    " $5::text[], $6::text[], $7::date[])";

static const char SQL_RENAME[] =
    "SELECT * FROM td_rename_unit($1::int, $2, $3)";

static const char SQL_LIST[] = "SELECT * FROM td_list_units($1::int, $2)";

static const char *const units_verdicts[] = {
#define XX(name, text) text,
    TD_UNITS_VERDICTS(XX)
#undef XX
};

struct units_call {
  struct td_arena *arena;
  int skip; /* 1 when the rows carry an index after the result. */
  td_units_done_cb cb;
  void *arg;
};

/* A UnitEntry from the columns code, name, level, parent_code, since and
 * until (until < 0: none), from col on. */
static Tiepdan__UnitEntry *map_entry(struct td_arena *a, const PGresult *res,
                                     int row, int col, int until)
{
  Tiepdan__UnitEntry *e = td_arena_alloc(a, sizeof(*e));

  tiepdan__unit_entry__init(e);
  e->code = td_rows_str(a, res, row, col);
  e->name = td_rows_str(a, res, row, col + 1);
  e->level = td_rows_str(a, res, row, col + 2);
  e->parent_code = td_rows_str(a, res, row, col + 3);
  e->since = td_rows_str(a, res, row, col + 4);
  e->until = until >= 0 ? td_rows_str(a, res, row, until) : NULL;
  return e;
}

static Tiepdan__AddUnitsReply *map_units(struct td_arena *a,
                                         const PGresult *res, int skip,
                                         const int *verdicts)
{
  Tiepdan__AddUnitsReply *r = td_arena_alloc(a, sizeof(*r));
  int n = PQntuples(res);
  int i;

  tiepdan__add_units_reply__init(r);
  r->added = td_arena_alloc(a, sizeof(*r->added) * (size_t)n);
  r->renamed = td_arena_alloc(a, sizeof(*r->renamed) * (size_t)n);
  r->has_unchanged = 1;
  for (i = 0; i < n; i++) {
    if (verdicts[i] == TD_UNITS_ADDED)
      r->added[r->n_added++] = map_entry(a, res, i, 1 + skip, -1);
    else if (verdicts[i] == TD_UNITS_RENAMED)
      r->renamed[r->n_renamed++] = map_entry(a, res, i, 1 + skip, -1);
    else
      r->unchanged++;
  }
  return r;
}

static void on_units(void *arg, PGresult *res)
{
  struct units_call *call = arg;
  struct td_units_done out;
  int *verdicts = NULL;
  int n = 0;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "units", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    if (n < 1)
      out.err = TD_EINTERNAL;
    else
      verdicts = td_arena_alloc(call->arena, sizeof(*verdicts) * (size_t)n);
  }
  for (i = 0; out.err == 0 && i < n; i++) {
    verdicts[i] = td_rows_verdict(units_verdicts, TD_UNITS__COUNT,
                                  PQgetvalue(res, i, 0), "units");
    if (verdicts[i] < 0)
      out.err = TD_EINTERNAL;
  }
  if (out.err == 0 && verdicts[0] > TD_UNITS_UNCHANGED) {
    out.refused = 1;
    out.verdict = (enum td_units_verdict)verdicts[0];
    if (call->skip) {
      int64_t idx = 1;

      (void)td_rows_i64(res, 0, 1, &idx);
      out.idx = idx > 0 ? (size_t)(idx - 1) : 0;
    }
    out.detail = td_rows_str(call->arena, res, 0, 6 + call->skip);
  } else if (out.err == 0) {
    out.verdict = (enum td_units_verdict)verdicts[0];
    out.reply = map_units(call->arena, res, call->skip, verdicts);
  }
  call->cb(call->arg, &out);
}

int td_db_units_add(const struct td_db *db, int caller_unit,
                    const Tiepdan__AddUnits *m, td_units_done_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct units_call *call = td_arena_alloc(a, sizeof(*call));
  struct td_array_lit lit[5] = {{NULL, 0, 0}};
  const char *params[7];
  size_t i;
  int c;

  call->arena = a;
  call->skip = 1;
  call->cb = cb;
  call->arg = arg;
  for (i = 0; i < m->n_units; i++) {
    const Tiepdan__UnitEntry *e = m->units[i];

    td_array_add(&lit[0], e->code != NULL ? e->code : "");
    td_array_add(&lit[1], e->name != NULL ? e->name : "");
    td_array_add(&lit[2], e->level);
    td_array_add(&lit[3], e->parent_code != NULL ? e->parent_code : "");
    td_array_add(&lit[4], e->since != NULL && e->since[0] ? e->since : NULL);
  }
  params[0] = td_rows_int(a, caller_unit);
  params[1] = m->has_load && m->load ? "t" : "f";
  for (c = 0; c < 5; c++)
    params[2 + c] = td_array_finish(a, &lit[c]);
  return td_rows_send(db, SQL_ADD, 7, params, on_units, call);
}

int td_db_unit_rename(const struct td_db *db, int caller_unit,
                      const Tiepdan__RenameUnit *m, td_units_done_cb cb,
                      void *arg)
{
  struct td_arena *a = db->arena;
  struct units_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[3];

  call->arena = a;
  call->skip = 0;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, caller_unit);
  params[1] = m->code;
  params[2] = m->name != NULL ? m->name : "";
  return td_rows_send(db, SQL_RENAME, 3, params, on_units, call);
}

struct list_call {
  struct td_arena *arena;
  td_units_listed_cb cb;
  void *arg;
};

static void on_list(void *arg, PGresult *res)
{
  struct list_call *call = arg;
  struct td_units_listed out;
  Tiepdan__ListUnitsReply *r;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "units", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    r = td_arena_alloc(call->arena, sizeof(*r));
    tiepdan__list_units_reply__init(r);
    r->units = td_arena_alloc(call->arena, sizeof(*r->units) * (size_t)(n + 1));
    for (i = 0; i < n; i++)
      r->units[r->n_units++] = map_entry(call->arena, res, i, 0, 5);
    out.reply = r;
  }
  call->cb(call->arg, &out);
}

int td_db_units_list(const struct td_db *db, int caller_unit, int ended,
                     td_units_listed_cb cb, void *arg)
{
  struct list_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = ended ? "t" : "f";
  return td_rows_send(db, SQL_LIST, 2, params, on_list, call);
}
