/* The route table; see dispatch.h. */
#include "dispatch.h"

#include <stdlib.h>

#include "common/seal.h"
#include "domain/permit.h"
#include "ops/ops.h"
#include "util/log.h"
#include "wire.h"

/* How a row's operation is refined by what the request carries. */
enum refine { BY_NOTHING, BY_KIND, BY_ACTION };

/* Flags. */
#define PRINCIPALS 1u /* May change who principals are or act for. */
/* Acts on rules of the whole nation: the role must be allowed the operation
 * on the nation as it stands to the caller's unit (only its own for a
 * principal of the nation; a province's admin is below it). */
#define NATIONAL 2u

/* XX(BODY, name, handler, op, refine, flags), one row per operation. */
#define TD_ROUTES(XX)                                                          \
  XX(HELLO, "hello", td_handle_hello, TD_OP_CONNECT, BY_NOTHING, 0)            \
  XX(SUBMIT_PETITION, "submit_petition", td_handle_submit, TD_OP_SUBMIT,       \
     BY_KIND, 0)                                                               \
  XX(GET_PETITION, "get_petition", td_handle_get, TD_OP_READ, BY_NOTHING, 0)   \
  XX(GET_RECEIPT, "get_receipt", td_handle_receipt, TD_OP_READ, BY_NOTHING, 0) \
  XX(LIST_PETITIONS, "list_petitions", td_handle_list, TD_OP_READ, BY_NOTHING, \
     0)                                                                        \
  XX(TRANSITION, "transition", td_handle_transition, TD_OP_UPDATE, BY_ACTION,  \
     0)                                                                        \
  XX(GET_HISTORY, "get_history", td_handle_history, TD_OP_READ, BY_NOTHING, 0) \
  XX(OPEN_SESSION, "open_session", td_handle_session_open, TD_OP_SESSIONS,     \
     BY_NOTHING, 0)                                                            \
  XX(CLOSE_SESSION, "close_session", td_handle_session_close, TD_OP_SESSIONS,  \
     BY_NOTHING, 0)                                                            \
  XX(LIST_SESSIONS, "list_sessions", td_handle_session_list, TD_OP_READ,       \
     BY_NOTHING, 0)                                                            \
  XX(ADD_PRINCIPAL, "add_principal", td_handle_principal_add, TD_OP_ADMIN,     \
     BY_NOTHING, PRINCIPALS)                                                   \
  XX(REVOKE_PRINCIPAL, "revoke_principal", td_handle_principal_revoke,         \
     TD_OP_ADMIN, BY_NOTHING, PRINCIPALS)                                      \
  XX(LIST_PRINCIPALS, "list_principals", td_handle_principal_list,             \
     TD_OP_ADMIN, BY_NOTHING, 0)                                               \
  XX(MERGE_UNITS, "merge_units", td_handle_merge_units, TD_OP_ADMIN,           \
     BY_NOTHING, PRINCIPALS)                                                   \
  XX(ADD_UNITS, "add_units", td_handle_add_units, TD_OP_ADMIN, BY_NOTHING,     \
     PRINCIPALS)                                                               \
  XX(RENAME_UNIT, "rename_unit", td_handle_rename_unit, TD_OP_ADMIN,           \
     BY_NOTHING, PRINCIPALS)                                                   \
  XX(LIST_UNITS, "list_units", td_handle_list_units, TD_OP_ADMIN, BY_NOTHING,  \
     0)                                                                        \
  XX(GET_STATS, "get_stats", td_handle_stats, TD_OP_STATS, BY_NOTHING, 0)      \
  XX(GET_FORM, "get_form", td_handle_form, TD_OP_STATS, BY_NOTHING, 0)         \
  XX(CHANGES, "changes", td_handle_changes, TD_OP_READ, BY_NOTHING, 0)         \
  XX(GET_SERVER_STATUS, "server_status", td_handle_server_status,              \
     TD_OP_CONNECT, BY_NOTHING, 0)                                             \
  XX(LOAD_HOLIDAYS, "load_holidays", td_handle_load_holidays, TD_OP_ADMIN,     \
     BY_NOTHING, NATIONAL)                                                     \
  XX(LIST_HOLIDAYS, "list_holidays", td_handle_list_holidays, TD_OP_ADMIN,     \
     BY_NOTHING, 0)                                                            \
  XX(LIST_RULES, "list_rules", td_handle_list_rules, TD_OP_CONNECT,            \
     BY_NOTHING, 0)                                                            \
  XX(VERIFY_AUDIT, "verify_audit", td_handle_audit_verify, TD_OP_ADMIN,        \
     BY_NOTHING, 0)                                                            \
  XX(GET_ANCHOR, "get_anchor", td_handle_audit_anchor, TD_OP_STATS,            \
     BY_NOTHING, 0)                                                            \
  XX(LEASE_RECEIPTS, "lease_receipts", td_handle_lease_receipts,               \
     TD_OP_LEASE_RECEIPTS, BY_NOTHING, 0)                                      \
  XX(LIST_RECEIPT_LEASES, "list_receipt_leases",                               \
     td_handle_list_receipt_leases, TD_OP_ADMIN, BY_NOTHING, 0)                \
  XX(SEALED_REQUEST, "sealed_request", td_handle_sealed, TD_OP_CONNECT,        \
     BY_NOTHING, 0)

/* Each handler is declared here, by its row; it lives in ops/<concern>.c. */
#define XX(body, name, handler, perm, refine, flags)                           \
  void handler(struct td_req *req);
TD_ROUTES(XX)
#undef XX

struct route {
  Tiepdan__Envelope__BodyCase body;
  const char *op;
  void (*handle)(struct td_req *);
  enum td_op perm;
  enum refine refine;
  unsigned flags;
};

static const struct route routes[] = {
#define XX(body, name, handler, perm, refine, flags)                           \
  {TIEPDAN__ENVELOPE__BODY_##body, name, handler, perm, refine, flags},
    TD_ROUTES(XX)
#undef XX
};

static const struct route *route_for(Tiepdan__Envelope__BodyCase body)
{
  size_t i;

  for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
    if (routes[i].body == body)
      return &routes[i];
  return NULL;
}

/* The operation this request asks of the permission table. */
static enum td_op asked(const struct route *r, const Tiepdan__Envelope *env)
{
  switch (r->refine) {
  case BY_KIND:
    return td_op_for_submission(env->submit_petition->kind);
  case BY_ACTION:
    return td_op_for_action(env->transition->action);
  case BY_NOTHING:
    break;
  }
  return r->perm;
}

int td_dispatch_changes_principals(Tiepdan__Envelope__BodyCase body)
{
  const struct route *r = route_for(body);

  return r != NULL && (r->flags & PRINCIPALS) != 0;
}

void td_dispatch(struct td_req *req)
{
  const struct route *r = route_for(req->env->body_case);
  enum td_op op;

  if (r == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST, NULL,
                "this server does not know request type %d (protocol %u)",
                (int)req->env->body_case, TD_PROTOCOL_VERSION);
    return;
  }
  req->op = r->op;
  op = asked(r, req->env);
  if (!td_permit_role(req->who->role, op)) {
    if (r->refine == BY_KIND)
      td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "kind",
                  "the %s role may not log a petition of kind %s",
                  td_role_name(req->who->role),
                  req->env->submit_petition->kind
                      ? req->env->submit_petition->kind
                      : "(none)");
    else if (r->refine == BY_ACTION)
      td_req_fail(
          req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "action",
          "the %s role may not %s a petition", td_role_name(req->who->role),
          op == TD_OP_NOTE ? TD_VALUE("add notes to") : TD_VALUE("change"));
    else
      td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, NULL,
                  "the %s role may not do %s", td_role_name(req->who->role),
                  r->op);
    return;
  }
  if ((r->flags & NATIONAL) != 0 &&
      !td_permit(req->who->role, td_relation_of_nation(req->who->unit_level),
                 op)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, NULL,
                "%s acts on the whole nation: only an administrator of the "
                "nation (VN) may do it",
                r->op);
    return;
  }
  r->handle(req);
}

/*
 * A SealedRequest (proto/tiepdan.proto): opened with the key and the
 * certificate the server serves TLS with, then routed as if its inner
 * request had come in clear on this connection, from this principal, with
 * this request's id (the reply carries it), through the same permission
 * checks. Only the writes an outbox may hold a secret in are accepted
 * inside: a submission and a lifecycle step; a seal inside a seal is not
 * one of them. Whatever cannot be opened or read is refused with
 * INVALID_ARGUMENT on cms, and nothing changes.
 */
/* Opens with the certificate in force, or one a reload replaced. */
static int unseal(const struct td_server *srv, const uint8_t *in, size_t len,
                  uint8_t **out, size_t *n, char *err, size_t errlen)
{
  char ignored[256];
  int i;

  if (td_unseal(srv->seal_key, srv->seal_cert, in, len, out, n, err, errlen) ==
      0)
    return 0;
  for (i = 0; i < TD_SEAL_KEPT && srv->seal_old_key[i] != NULL; i++)
    if (td_unseal(srv->seal_old_key[i], srv->seal_old_cert[i], in, len, out, n,
                  ignored, sizeof(ignored)) == 0)
      return 0;
  return -1;
}

void td_handle_sealed(struct td_req *req)
{
  const Tiepdan__SealedRequest *m = req->env->sealed_request;
  Tiepdan__Envelope *inner;
  const char *nul;
  uint8_t *buf;
  size_t n;
  char err[512];

  if (req->srv->seal_key == NULL || req->srv->seal_cert == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INTERNAL, NULL,
                "this server cannot open sealed requests");
    return;
  }
  if (!m->has_cms || m->cms.len == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "cms",
                "cms: the sealed request is empty");
    return;
  }
  if (unseal(req->srv, m->cms.data, m->cms.len, &buf, &n, err, sizeof(err)) !=
      0) {
    td_warn("sealed request from \"%s\": %s", req->who->name, err);
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "cms",
                "cms: the sealed request cannot be opened: it was not "
                "sealed to this server's certificate, or it is damaged");
    return;
  }
  inner = tiepdan__envelope__unpack(NULL, n, buf);
  nul = inner != NULL
            ? td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n)
            : NULL;
  free(buf);
  if (inner == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "cms",
                "cms: what was sealed is not a tiepdan request");
    return;
  }
  if (inner->body_case != TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION &&
      inner->body_case != TIEPDAN__ENVELOPE__BODY_TRANSITION) {
    tiepdan__envelope__free_unpacked(inner, NULL);
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "cms",
                "cms: only a petition's submission or a step of its life "
                "may be sealed");
    return;
  }
  if (m->has_sent_at) {
    if (inner->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION &&
        !inner->submit_petition->has_sent_at) {
      inner->submit_petition->has_sent_at = 1;
      inner->submit_petition->sent_at = m->sent_at;
    } else if (inner->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION &&
               !inner->transition->has_sent_at) {
      inner->transition->has_sent_at = 1;
      inner->transition->sent_at = m->sent_at;
    }
  }
  /* The request is the inner one from here on: the outer is freed, and the
   * request ends with the inner's. */
  tiepdan__envelope__free_unpacked(req->env, NULL);
  req->env = inner;
  inner->has_request_id = 1;
  inner->request_id = req->id;
  if (nul != NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, nul,
                "%s: a NUL byte inside the text", nul);
    return;
  }
  td_dispatch(req);
}
