/* The tamper-evident record's statements; see audit.h. */
#include "db/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/rows.h"

/* Columns by position: the verdict, the scope, then what the reply says. */
static const char SQL_VERIFY[] =
    "SELECT v.result, v.scope_id, v.receipt_no, v.seq, v.events, v.petitions,"
    "       v.anchors, v.anchor_province, v.anchor_up_to, v.anchor_hash,"
    "       v.anchor_at, v.anchor_petitions, v.anchor_events,"
    "       v.found_petitions, v.found_events"
    "  FROM td_audit_verify($1::int, $2) v";

enum verify_col {
  V_RESULT,
  V_SCOPE,
  V_RECEIPT,
  V_SEQ,
  V_EVENTS,
  V_PETITIONS,
  V_ANCHORS,
  V_A_PROVINCE,
  V_A_UP_TO,
  V_A_HASH,
  V_A_AT,
  V_A_PETITIONS,
  V_A_EVENTS,
  V_FOUND_PETITIONS,
  V_FOUND_EVENTS,
  V__COUNT
};

static const char SQL_LATEST[] =
    "SELECT l.scope_id, l.province_code, l.up_to_seq, l.hash, l.made_at,"
    "       l.petitions, l.events, l.province_name"
    "  FROM td_audit_latest_anchor($1::int, $2) l";

enum latest_col {
  L_SCOPE,
  L_PROVINCE,
  L_UP_TO,
  L_HASH,
  L_AT,
  L_PETITIONS,
  L_EVENTS,
  L_PROVINCE_NAME,
  L__COUNT
};

static const char SQL_ANCHOR[] = "SELECT td_audit_anchor($1::bigint)";

static const char *const findings[] = {
#define XX(name, text) text,
    TD_AUDIT_FINDINGS(XX)
#undef XX
};

/* A count column into *v, with *has saying whether it was there. */
static void u64_col(const PGresult *res, int col, protobuf_c_boolean *has,
                    uint64_t *v)
{
  int64_t x;

  *has = td_rows_i64(res, 0, col, &x) && x >= 0;
  *v = *has ? (uint64_t)x : 0;
}

/* The anchor whose columns start at province (in the order of
 * SQL_VERIFY's or SQL_LATEST's), or NULL when there is none. */
struct anchor_cols {
  int province, province_name, up_to, hash, at, petitions, events;
};

static Tiepdan__AuditAnchor *map_anchor(struct td_arena *a, const PGresult *res,
                                        const struct anchor_cols *c)
{
  Tiepdan__AuditAnchor *x;

  if (PQgetisnull(res, 0, c->hash))
    return NULL;
  x = td_arena_alloc(a, sizeof(*x));
  tiepdan__audit_anchor__init(x);
  x->province_code = td_rows_str(a, res, 0, c->province);
  x->province_name =
      c->province_name >= 0 ? td_rows_str(a, res, 0, c->province_name) : NULL;
  x->hash = td_rows_str(a, res, 0, c->hash);
  u64_col(res, c->up_to, &x->has_up_to_seq, &x->up_to_seq);
  x->has_made_at = td_rows_i64(res, 0, c->at, &x->made_at);
  u64_col(res, c->petitions, &x->has_petitions, &x->petitions);
  u64_col(res, c->events, &x->has_events, &x->events);
  return x;
}

/* Verifying ------------------------------------------------------------------
 */

struct verify_call {
  struct td_arena *arena;
  td_audit_verified_cb cb;
  void *arg;
};

static Tiepdan__VerifyAuditReply *map_verified(struct td_arena *a,
                                               const PGresult *res)
{
  static const struct anchor_cols cols = {
      V_A_PROVINCE, -1, V_A_UP_TO, V_A_HASH, V_A_AT, V_A_PETITIONS, V_A_EVENTS};
  Tiepdan__VerifyAuditReply *r = td_arena_alloc(a, sizeof(*r));

  tiepdan__verify_audit_reply__init(r);
  r->receipt_no = td_rows_str(a, res, 0, V_RECEIPT);
  u64_col(res, V_SEQ, &r->has_seq, &r->seq);
  u64_col(res, V_EVENTS, &r->has_events, &r->events);
  u64_col(res, V_PETITIONS, &r->has_petitions, &r->petitions);
  u64_col(res, V_ANCHORS, &r->has_anchors, &r->anchors);
  u64_col(res, V_FOUND_PETITIONS, &r->has_found_petitions, &r->found_petitions);
  u64_col(res, V_FOUND_EVENTS, &r->has_found_events, &r->found_events);
  r->anchor = map_anchor(a, res, &cols);
  return r;
}

static void on_verify(void *arg, PGresult *res)
{
  struct verify_call *call = arg;
  struct td_audit_verified out;
  int verdict;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "audit verify", 0);
  if (out.err == 0 && (PQntuples(res) != 1 || PQnfields(res) != V__COUNT))
    out.err = TD_EINTERNAL;
  if (out.err == 0)
    out.scope_found = !PQgetisnull(res, 0, V_SCOPE);
  if (out.err == 0 && out.scope_found) {
    verdict = td_rows_verdict(findings, TD_AUDIT__COUNT,
                              PQgetvalue(res, 0, V_RESULT), "audit verify");
    if (verdict < 0)
      out.err = TD_EINTERNAL;
    else
      out.finding = (enum td_audit_finding)verdict;
  }
  if (out.err == 0 && out.scope_found)
    out.reply = map_verified(call->arena, res);
  call->cb(call->arg, &out);
}

int td_db_audit_verify(const struct td_db *db, int caller_unit,
                       const char *unit_code, td_audit_verified_cb cb,
                       void *arg)
{
  struct verify_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = unit_code;
  return td_rows_send(db, SQL_VERIFY, 2, params, on_verify, call);
}

/* The latest anchor ----------------------------------------------------------
 */

struct latest_call {
  struct td_arena *arena;
  td_audit_latest_cb cb;
  void *arg;
};

static void on_latest(void *arg, PGresult *res)
{
  static const struct anchor_cols cols = {
      L_PROVINCE, L_PROVINCE_NAME, L_UP_TO, L_HASH,
      L_AT,       L_PETITIONS,     L_EVENTS};
  struct latest_call *call = arg;
  struct td_audit_latest out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "latest anchor", 0);
  if (out.err == 0 && (PQntuples(res) != 1 || PQnfields(res) != L__COUNT))
    out.err = TD_EINTERNAL;
  if (out.err == 0)
    out.scope_found = !PQgetisnull(res, 0, L_SCOPE);
  if (out.err == 0 && out.scope_found)
    out.anchor = map_anchor(call->arena, res, &cols);
  call->cb(call->arg, &out);
}

int td_db_audit_latest(const struct td_db *db, int caller_unit,
                       const char *unit_code, td_audit_latest_cb cb, void *arg)
{
  struct latest_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = unit_code;
  return td_rows_send(db, SQL_LATEST, 2, params, on_latest, call);
}

/* Anchoring ------------------------------------------------------------------
 */

struct anchor_call {
  td_audit_anchored_cb cb;
  void *arg;
};

static void on_anchor(void *arg, PGresult *res)
{
  struct anchor_call *call = arg;
  struct td_audit_anchored out;
  int64_t made = 0;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "audit anchor", 0);
  if (out.err == 0 &&
      (PQntuples(res) != 1 || !td_rows_i64(res, 0, 0, &made) || made < 0))
    out.err = TD_EINTERNAL;
  out.made = (int)made;
  call->cb(call->arg, &out);
  free(call);
}

int td_db_audit_anchor(const struct td_db *db, uint64_t up_to,
                       td_audit_anchored_cb cb, void *arg)
{
  struct anchor_call *call = td_xmalloc(sizeof(*call));
  char num[24];
  const char *params[1];

  call->cb = cb;
  call->arg = arg;
  snprintf(num, sizeof(num), "%" PRIu64, up_to);
  params[0] = num;
  if (td_rows_send(db, SQL_ANCHOR, 1, params, on_anchor, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}
