/* SQL statements and row mapping; see store.h. */
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "wire.h"

static const char SQL_PRINCIPAL[] =
    "SELECT p.id, p.name, p.role, u.id, u.code, u.name, u.level"
    "  FROM principals p JOIN units u ON u.id = p.unit_id"
    " WHERE p.cert_sha256 = $1 AND p.revoked_at IS NULL";

static const char SQL_SUBMIT[] =
    "SELECT s.result, (s.petition).*"
    "  FROM td_submit_petition($1::int, $2::uuid, decode($3, 'hex'), $4, $5,"
    "       $6, $7, $8, $9::int, $10, $11, $12, $13, $14::bool, $15,"
    "       coalesce(to_timestamp($16::bigint), now())) s";

static const char SQL_GET[] =
    "SELECT v.* FROM td_petition_v v"
    " WHERE (v.id = $2::bigint OR v.receipt_no = $3)"
    "   AND v.unit_id IN (SELECT id FROM td_unit_subtree($1::int))";

/*
 * One round trip answers both "is the unit filter in scope" (scope_id) and
 * the page: a single row with a NULL scope_id means the unit is unknown or
 * outside the caller's scope, which are answered alike.
 */
static const char SQL_LIST[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id),"
    " page AS ("
    "  SELECT p.id FROM petitions p, scope s"
    "   WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "     AND ($3::text IS NULL OR p.kind = $3)"
    "     AND ($4::text IS NULL OR p.status = $4)"
    "     AND ($5::bigint IS NULL OR p.received_at >= to_timestamp($5))"
    "     AND ($6::bigint IS NULL OR p.received_at < to_timestamp($6))"
    "     AND ($7::text IS NULL"
    "          OR p.summary ILIKE '%' || td_like_escape($7) || '%'"
    "          OR p.receipt_no ILIKE '%' || td_like_escape($7) || '%')"
    "     AND ($8::bigint IS NULL OR (p.received_at, p.id) <"
    "          (SELECT c.received_at, c.id FROM petitions c WHERE c.id = $8))"
    "   ORDER BY p.received_at DESC, p.id DESC"
    "   LIMIT $9::int)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN page pg ON true"
    "  LEFT JOIN td_petition_v v ON v.id = pg.id"
    " ORDER BY v.received_at DESC NULLS LAST, v.id DESC";

struct store_call {
  struct td_req *req;
  td_store_cb cb;
  int limit; /* For list. */
};

/* Column positions of td_petition_v in a result, found by name. */
struct cols {
  int id, receipt_no, handling_unit_id, unit_code, unit_name, village_code,
      village_name, kind, channel, field, group_size, name, id_number, address,
      contact, confidential, summary, status, outcome, received_at, accepted_at,
      closed_at, deadline, version, created_by, created_at;
};

static void find_cols(const PGresult *r, struct cols *c)
{
  c->id = PQfnumber(r, "id");
  c->receipt_no = PQfnumber(r, "receipt_no");
  c->handling_unit_id = PQfnumber(r, "handling_unit_id");
  c->unit_code = PQfnumber(r, "unit_code");
  c->unit_name = PQfnumber(r, "unit_name");
  c->village_code = PQfnumber(r, "village_code");
  c->village_name = PQfnumber(r, "village_name");
  c->kind = PQfnumber(r, "kind");
  c->channel = PQfnumber(r, "channel");
  c->field = PQfnumber(r, "field");
  c->group_size = PQfnumber(r, "group_size");
  c->name = PQfnumber(r, "petitioner_name");
  c->id_number = PQfnumber(r, "petitioner_id_number");
  c->address = PQfnumber(r, "petitioner_address");
  c->contact = PQfnumber(r, "petitioner_contact");
  c->confidential = PQfnumber(r, "confidential");
  c->summary = PQfnumber(r, "summary");
  c->status = PQfnumber(r, "status");
  c->outcome = PQfnumber(r, "outcome");
  c->received_at = PQfnumber(r, "received_at");
  c->accepted_at = PQfnumber(r, "accepted_at");
  c->closed_at = PQfnumber(r, "closed_at");
  c->deadline = PQfnumber(r, "deadline");
  c->version = PQfnumber(r, "version");
  c->created_by = PQfnumber(r, "created_by");
  c->created_at = PQfnumber(r, "created_at");
}

/* A text column copied into the arena, or NULL for SQL NULL. */
static char *col_str(struct td_arena *a, const PGresult *r, int row, int col)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return NULL;
  return td_arena_strdup(a, PQgetvalue(r, row, col));
}

static int col_i64(const PGresult *r, int row, int col, int64_t *out)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return 0;
  *out = strtoll(PQgetvalue(r, row, col), NULL, 10);
  return 1;
}

static Tiepdan__Unit *unit_msg(struct td_arena *a, char *code, char *name,
                               const char *level)
{
  Tiepdan__Unit *u;

  if (code == NULL)
    return NULL;
  u = td_arena_alloc(a, sizeof(*u));
  tiepdan__unit__init(u);
  u->code = code;
  u->name = name;
  u->level = (char *)level;
  return u;
}

static void map_row(struct td_arena *a, const PGresult *r, int row,
                    const struct cols *c, struct td_petition_row *out)
{
  Tiepdan__Petition *p = td_arena_alloc(a, sizeof(*p));
  Tiepdan__Petitioner *who = td_arena_alloc(a, sizeof(*who));
  int64_t v;

  tiepdan__petition__init(p);
  tiepdan__petitioner__init(who);
  p->has_id = col_i64(r, row, c->id, &p->id);
  p->receipt_no = col_str(a, r, row, c->receipt_no);
  p->unit = unit_msg(a, col_str(a, r, row, c->unit_code),
                     col_str(a, r, row, c->unit_name), "commune");
  p->village = unit_msg(a, col_str(a, r, row, c->village_code),
                        col_str(a, r, row, c->village_name), "village");
  p->kind = col_str(a, r, row, c->kind);
  p->channel = col_str(a, r, row, c->channel);
  p->field = col_str(a, r, row, c->field);
  if (col_i64(r, row, c->group_size, &v)) {
    p->has_group_size = 1;
    p->group_size = (uint32_t)v;
  }
  who->name = col_str(a, r, row, c->name);
  who->id_number = col_str(a, r, row, c->id_number);
  who->address = col_str(a, r, row, c->address);
  who->contact = col_str(a, r, row, c->contact);
  p->petitioner = who;
  p->has_confidential = 1;
  p->confidential = strcmp(PQgetvalue(r, row, c->confidential), "t") == 0;
  p->summary = col_str(a, r, row, c->summary);
  p->has_status = 1;
  p->status = td_status_parse(PQgetvalue(r, row, c->status));
  p->outcome = col_str(a, r, row, c->outcome);
  p->has_received_at = col_i64(r, row, c->received_at, &p->received_at);
  p->has_accepted_at = col_i64(r, row, c->accepted_at, &p->accepted_at);
  p->has_closed_at = col_i64(r, row, c->closed_at, &p->closed_at);
  p->deadline = col_str(a, r, row, c->deadline);
  p->has_version = col_i64(r, row, c->version, &p->version);
  p->created_by = col_str(a, r, row, c->created_by);
  p->has_created_at = col_i64(r, row, c->created_at, &p->created_at);
  out->p = p;
  out->handling_unit_id = 0;
  if (col_i64(r, row, c->handling_unit_id, &v))
    out->handling_unit_id = (int)v;
}

/* Classifies a result; logs what a person must look at. */
static int result_status(const PGresult *res, const char *what)
{
  if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK)
    return TD_STORE_OK;
  if (td_pool_result_retryable(res)) {
    td_warn("db: %s: %s", what,
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
    return TD_STORE_UNAVAILABLE;
  }
  td_error("db: %s failed: %s", what, PQresultErrorMessage(res));
  return TD_STORE_ERROR;
}

static int queue(struct td_req *req, const char *sql, int n,
                 const char *const *params, td_pool_cb on_result,
                 td_store_cb cb, int limit)
{
  struct store_call *sc = td_arena_alloc(&req->arena, sizeof(*sc));

  sc->req = req;
  sc->cb = cb;
  sc->limit = limit;
  if (td_pool_query(req->srv->pool, sql, n, params, on_result, sc) != 0)
    return TD_STORE_UNAVAILABLE;
  return 0;
}

static char *fmt_int(struct td_arena *a, int64_t v)
{
  char *s = td_arena_alloc(a, 24);

  snprintf(s, 24, "%" PRId64, v);
  return s;
}

/* Principal ------------------------------------------------------------ */

struct principal_call {
  void (*cb)(void *arg, int status, const struct td_principal *p);
  void *arg;
};

static void copy_field(char *dst, size_t n, const PGresult *r, int col)
{
  snprintf(dst, n, "%s", PQgetvalue(r, 0, col));
}

static void on_principal(void *arg, PGresult *res)
{
  struct principal_call *pc = arg;
  struct td_principal p;
  int st = result_status(res, "principal lookup");

  memset(&p, 0, sizeof(p));
  if (st == TD_STORE_OK && PQntuples(res) == 0)
    st = TD_STORE_NOT_FOUND;
  if (st == TD_STORE_OK) {
    p.id = atoi(PQgetvalue(res, 0, 0));
    copy_field(p.name, sizeof(p.name), res, 1);
    p.role = td_role_parse(PQgetvalue(res, 0, 2));
    p.unit_id = atoi(PQgetvalue(res, 0, 3));
    copy_field(p.unit_code, sizeof(p.unit_code), res, 4);
    copy_field(p.unit_name, sizeof(p.unit_name), res, 5);
    copy_field(p.unit_level, sizeof(p.unit_level), res, 6);
  }
  pc->cb(pc->arg, st, &p);
  free(pc);
}

int td_store_principal(struct td_pool *pool, const char *fingerprint,
                       void (*cb)(void *arg, int status,
                                  const struct td_principal *p),
                       void *arg)
{
  struct principal_call *pc = td_xmalloc(sizeof(*pc));
  const char *params[1] = {fingerprint};

  pc->cb = cb;
  pc->arg = arg;
  if (td_pool_query(pool, SQL_PRINCIPAL, 1, params, on_principal, pc) != 0) {
    free(pc);
    return TD_STORE_UNAVAILABLE;
  }
  return 0;
}

/* Petitions ------------------------------------------------------------- */

static void map_rows(struct td_req *req, const PGresult *res, int skip_null,
                     struct td_store_result *out)
{
  struct cols c;
  int n = PQntuples(res);
  int i;

  find_cols(res, &c);
  out->rows =
      td_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*out->rows));
  out->n = 0;
  for (i = 0; i < n; i++) {
    if (skip_null && PQgetisnull(res, i, c.id))
      continue;
    map_row(&req->arena, res, i, &c, &out->rows[out->n++]);
  }
}

static void on_submit(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "submit");
  if (out.status == TD_STORE_OK && PQntuples(res) != 1) {
    td_error("db: submit returned %d rows", PQntuples(res));
    out.status = TD_STORE_ERROR;
  }
  if (out.status == TD_STORE_OK) {
    out.outcome = td_arena_strdup(&sc->req->arena, PQgetvalue(res, 0, 0));
    map_rows(sc->req, res, 1, &out);
  }
  sc->cb(sc->req, &out);
}

int td_store_submit(struct td_req *req, const Tiepdan__SubmitPetition *m,
                    const char *hash, td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const Tiepdan__Petitioner *who = m->petitioner;
  const char *params[16];

  params[0] = fmt_int(a, req->who->id);
  params[1] = m->idempotency_key;
  params[2] = hash;
  params[3] = m->unit_code;
  params[4] = m->village_code;
  params[5] = m->kind;
  params[6] = m->channel;
  params[7] = m->field;
  params[8] = fmt_int(a, m->has_group_size ? m->group_size : 1);
  params[9] = who != NULL ? who->name : NULL;
  params[10] = who != NULL ? who->id_number : NULL;
  params[11] = who != NULL ? who->address : NULL;
  params[12] = who != NULL ? who->contact : NULL;
  params[13] = m->has_confidential && m->confidential ? "true" : "false";
  params[14] = m->summary;
  params[15] = m->has_received_at ? fmt_int(a, m->received_at) : NULL;
  return queue(req, SQL_SUBMIT, 16, params, on_submit, cb, 0);
}

static void on_get(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "get");
  if (out.status == TD_STORE_OK && PQntuples(res) == 0)
    out.status = TD_STORE_NOT_FOUND;
  if (out.status == TD_STORE_OK)
    map_rows(sc->req, res, 0, &out);
  sc->cb(sc->req, &out);
}

int td_store_get(struct td_req *req, int64_t id, const char *receipt,
                 td_store_cb cb)
{
  const char *params[3];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = id > 0 ? fmt_int(&req->arena, id) : NULL;
  params[2] = receipt;
  return queue(req, SQL_GET, 3, params, on_get, cb, 0);
}

static void on_list(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "list");
  if (out.status == TD_STORE_OK && PQntuples(res) < 1) {
    td_error("db: list returned no scope row");
    out.status = TD_STORE_ERROR;
  }
  if (out.status != TD_STORE_OK) {
    sc->cb(sc->req, &out);
    return;
  }
  out.scope_found = !PQgetisnull(res, 0, 0);
  map_rows(sc->req, res, 1, &out);
  /* One row more than asked for means there is a next page. */
  if (out.n > sc->limit) {
    out.n = sc->limit;
    out.next_id = out.rows[out.n - 1].p->id;
  }
  sc->cb(sc->req, &out);
}

int td_store_list(struct td_req *req, const struct td_list_query *q,
                  td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[9];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = q->unit_code;
  params[2] = q->kind;
  params[3] = q->status;
  params[4] = q->received_from ? fmt_int(a, q->received_from) : NULL;
  params[5] = q->received_to ? fmt_int(a, q->received_to) : NULL;
  params[6] = q->text;
  params[7] = q->after_id ? fmt_int(a, q->after_id) : NULL;
  params[8] = fmt_int(a, q->limit + 1);
  return queue(req, SQL_LIST, 9, params, on_list, cb, q->limit);
}
