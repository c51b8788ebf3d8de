/* Leased receipt numbers' statements; see lease.h. */
#include "db/lease.h"

#include <stdio.h>
#include <string.h>

#include "db/rows.h"

static const char SQL_LEASE[] =
    "SELECT l.result, (l.lease).*"
    "  FROM td_lease_receipts($1::int, $2::uuid, $3::int, $4::int) l";

static const char SQL_LEASES[] =
    "SELECT r.scope_id, (r.lease).*"
    "  FROM td_receipt_leases($1::int, $2, $3::int) r";

static const char *const lease_verdicts[] = {
#define XX(name, text) text,
    TD_LEASE_VERDICTS(XX)
#undef XX
};

struct lease_call {
  struct td_arena *arena;
  const char *what;
  td_leases_cb cb;
  void *arg;
};

/* A receipt number as td_submit_petition writes them: PREFIX-YYYY-NNNNNN. */
static char *receipt_no(struct td_arena *a, const char *prefix, uint32_t year,
                        uint32_t no)
{
  size_t n = strlen(prefix) + 24;
  char *s = td_arena_alloc(a, n);

  snprintf(s, n, "%s-%u-%06u", prefix, year, no);
  return s;
}

static void map_leases(struct td_arena *a, const PGresult *res,
                       struct td_leases *out)
{
  int n = PQntuples(res);
  int id = PQfnumber(res, "id");
  int i;

  out->leases = td_arena_alloc(a, sizeof(*out->leases) * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    Tiepdan__ReceiptLease *l;

    if (id < 0 || PQgetisnull(res, i, id))
      continue;
    l = td_arena_alloc(a, sizeof(*l));
    tiepdan__receipt_lease__init(l);
    l->has_id = td_rows_i64(res, i, id, &l->id);
    l->unit = td_rows_unit(
        a, td_rows_str(a, res, i, PQfnumber(res, "unit_code")),
        td_rows_str(a, res, i, PQfnumber(res, "unit_name")), "commune");
    l->prefix = td_rows_str(a, res, i, PQfnumber(res, "prefix"));
    l->has_year = td_rows_u32(res, i, PQfnumber(res, "year"), &l->year);
    l->has_first = td_rows_u32(res, i, PQfnumber(res, "first_no"), &l->first);
    l->has_last = td_rows_u32(res, i, PQfnumber(res, "last_no"), &l->last);
    l->has_leased_at =
        td_rows_i64(res, i, PQfnumber(res, "leased_at"), &l->leased_at);
    l->workstation = td_rows_str(a, res, i, PQfnumber(res, "workstation"));
    l->principal_name =
        td_rows_str(a, res, i, PQfnumber(res, "principal_name"));
    l->has_used = td_rows_u32(res, i, PQfnumber(res, "used"), &l->used);
    if (l->prefix != NULL && l->has_year && l->has_first && l->has_last) {
      l->first_receipt_no = receipt_no(a, l->prefix, l->year, l->first);
      l->last_receipt_no = receipt_no(a, l->prefix, l->year, l->last);
    }
    out->leases[out->n++] = l;
  }
}

static void on_leases(void *arg, PGresult *res)
{
  struct lease_call *call = arg;
  struct td_leases out;
  int verdict;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_head(res, call->what, lease_verdicts, TD_LEASE__COUNT,
                         &out.scope_found, &verdict);
  if (out.err == 0) {
    map_leases(call->arena, res, &out);
    if (verdict == TD_LEASE_LEASED && out.n != 1)
      out.err = TD_EINTERNAL;
    else if (verdict >= 0)
      out.verdict = (enum td_lease_verdict)verdict;
  }
  call->cb(call->arg, &out);
}

static int send_leases(const struct td_db *db, const char *what,
                       const char *sql, int n, const char *const *params,
                       td_leases_cb cb, void *arg)
{
  struct lease_call *call = td_arena_alloc(db->arena, sizeof(*call));

  call->arena = db->arena;
  call->what = what;
  call->cb = cb;
  call->arg = arg;
  return td_rows_send(db, sql, n, params, on_leases, call);
}

int td_db_lease_take(const struct td_db *db, int principal_id,
                     const char *workstation, unsigned count, unsigned year,
                     td_leases_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  const char *params[4];

  params[0] = td_rows_int(a, principal_id);
  params[1] = workstation;
  params[2] = td_rows_int(a, count);
  params[3] = td_rows_int(a, year);
  return send_leases(db, "lease receipts", SQL_LEASE, 4, params, cb, arg);
}

int td_db_lease_list(const struct td_db *db, int caller_unit,
                     const char *unit_code, unsigned year, td_leases_cb cb,
                     void *arg)
{
  struct td_arena *a = db->arena;
  const char *params[3];

  params[0] = td_rows_int(a, caller_unit);
  params[1] = unit_code;
  params[2] = year ? td_rows_int(a, year) : NULL;
  return send_leases(db, "receipt leases", SQL_LEASES, 3, params, cb, arg);
}
