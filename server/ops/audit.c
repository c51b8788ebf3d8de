/*
 * The tamper-evident record over the wire: an administrator verifies the
 * hash chains and anchors of its own area (VerifyAudit); whoever may read
 * a unit's statistics may read the latest anchor of its province, which
 * reports print (GetAnchor). Both are scoped to the caller's area in SQL.
 */
#include "common/code.h"
#include "db/audit.h"
#include "ops/ops.h"

/* The wire's name for what the verifier found. */
static Tiepdan__AuditFinding wire_finding(enum td_audit_finding f)
{
  switch (f) {
  case TD_AUDIT_INTACT:
    return TIEPDAN__AUDIT_FINDING__AUDIT_INTACT;
  case TD_AUDIT_MISSING:
    return TIEPDAN__AUDIT_FINDING__AUDIT_MISSING;
  case TD_AUDIT_REORDERED:
    return TIEPDAN__AUDIT_FINDING__AUDIT_REORDERED;
  case TD_AUDIT_ALTERED:
    return TIEPDAN__AUDIT_FINDING__AUDIT_ALTERED;
  case TD_AUDIT_UNSEALED:
    return TIEPDAN__AUDIT_FINDING__AUDIT_UNSEALED;
  case TD_AUDIT_HEAD_MISMATCH:
    return TIEPDAN__AUDIT_FINDING__AUDIT_HEAD_MISMATCH;
  case TD_AUDIT_ANCHOR_MISMATCH:
    return TIEPDAN__AUDIT_FINDING__AUDIT_ANCHOR_MISMATCH;
  case TD_AUDIT__COUNT:
    break;
  }
  return TIEPDAN__AUDIT_FINDING__AUDIT_FINDING_UNSPECIFIED;
}

static void on_verified(void *arg, const struct td_audit_verified *res)
{
  struct td_req *req = arg;
  Tiepdan__Envelope *env;

  if (!td_reply_reached(req, res->err, res->scope_found,
                        req->env->verify_audit->unit_code,
                        "verifying the record"))
    return;
  res->reply->has_finding = 1;
  res->reply->finding = wire_finding(res->finding);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_VERIFY_AUDIT_REPLY;
  env->verify_audit_reply = res->reply;
  td_req_reply(req, env);
}

void td_handle_audit_verify(struct td_req *req)
{
  const char *unit;

  if (td_req_unit_asked(req, req->env->verify_audit->unit_code, &unit) != 0)
    return;
  if (td_db_audit_verify(td_req_db(req), req->who->unit_id, unit, on_verified,
                         req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "verifying the record");
}

static void on_latest(void *arg, const struct td_audit_latest *res)
{
  struct td_req *req = arg;
  Tiepdan__AnchorReply *r;
  Tiepdan__Envelope *env;

  if (!td_reply_reached(req, res->err, res->scope_found,
                        req->env->get_anchor->unit_code,
                        "reading the latest anchor"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__anchor_reply__init(r);
  r->anchor = res->anchor;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_ANCHOR_REPLY;
  env->anchor_reply = r;
  td_req_reply(req, env);
}

void td_handle_audit_anchor(struct td_req *req)
{
  const char *unit;

  if (td_req_unit_asked(req, req->env->get_anchor->unit_code, &unit) != 0)
    return;
  if (td_db_audit_latest(td_req_db(req), req->who->unit_id, unit, on_latest,
                         req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the latest anchor");
}
