/*
 * Where a request enters: routing by body type, the role check that runs
 * before any handler (and so before any SQL), and the single exit through
 * which every reply leaves and every request is logged.
 */
#include <stdarg.h>
#include <stdio.h>

#include "conn.h"
#include "handlers.h"
#include "log.h"
#include "permit.h"
#include "store.h"
#include "wire.h"

struct route {
  const char *op;
  void (*handle)(struct td_req *);
  int needs_op; /* 0: anyone authenticated, or the handler decides from the
                 * request's content (a recommendation, a note). */
  enum td_op perm;
};

static int route_for(Tiepdan__Envelope__BodyCase body, struct route *r)
{
  switch (body) {
  case TIEPDAN__ENVELOPE__BODY_HELLO:
    *r = (struct route){"hello", td_handle_hello, 0, TD_OP_READ};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION:
    *r = (struct route){"submit_petition", td_handle_submit, 0, TD_OP_SUBMIT};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_GET_PETITION:
    *r = (struct route){"get_petition", td_handle_get, 1, TD_OP_READ};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS:
    *r = (struct route){"list_petitions", td_handle_list, 1, TD_OP_READ};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_TRANSITION:
    *r = (struct route){"transition", td_handle_transition, 0, TD_OP_UPDATE};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_GET_HISTORY:
    *r = (struct route){"get_history", td_handle_history, 1, TD_OP_READ};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_OPEN_SESSION:
    *r = (struct route){"open_session", td_handle_session_open, 1,
                        TD_OP_SESSIONS};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION:
    *r = (struct route){"close_session", td_handle_session_close, 1,
                        TD_OP_SESSIONS};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS:
    *r = (struct route){"list_sessions", td_handle_session_list, 1, TD_OP_READ};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL:
    *r = (struct route){"add_principal", td_handle_principal_add, 1,
                        TD_OP_ADMIN};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL:
    *r = (struct route){"revoke_principal", td_handle_principal_revoke, 1,
                        TD_OP_ADMIN};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS:
    *r = (struct route){"list_principals", td_handle_principal_list, 1,
                        TD_OP_ADMIN};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_MERGE_UNITS:
    *r = (struct route){"merge_units", td_handle_merge_units, 1, TD_OP_ADMIN};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_GET_STATS:
    *r = (struct route){"get_stats", td_handle_stats, 1, TD_OP_STATS};
    return 0;
  case TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS:
    *r = (struct route){"load_holidays", td_handle_load_holidays, 1,
                        TD_OP_ADMIN};
    return 0;
  default:
    return -1;
  }
}

static void on_principal_checked(struct td_req *req,
                                 const struct td_store_result *res)
{
  struct td_conn *c = req->conn;

  if (res->status == TD_STORE_NOT_FOUND) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNAUTHENTICATED, NULL,
                "this certificate has been revoked; ask your administrator "
                "for a new one");
    td_conn_close(c, "principal revoked");
    return;
  }
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "checking your certificate");
    return;
  }
  req->handler(req);
}

void td_dispatch(struct td_conn *c, Tiepdan__Envelope *env)
{
  struct td_req *req = td_xcalloc(1, sizeof(*req));
  struct route r;

  req->srv = td_conn_server(c);
  req->conn = c;
  req->who = td_conn_principal(c);
  req->env = env;
  req->id = env->request_id;
  req->start_ns = uv_hrtime();
  td_conn_req_start(c);
  if (route_for(env->body_case, &r) != 0) {
    req->op = "unknown";
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST, NULL,
                "this server does not know request type %d (protocol %u)",
                (int)env->body_case, TD_PROTOCOL_VERSION);
    return;
  }
  req->op = r.op;
  if (r.needs_op && !td_permit_role(req->who->role, r.perm)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, NULL,
                "the %s role may not do %s", td_role_name(req->who->role),
                r.op);
    return;
  }
  req->handler = r.handle;
  /* A principal revoked since it connected is refused from its next
   * request on: PostgreSQL is asked every time, so the revocation needs no
   * restart and reaches every server. */
  if (td_store_principal_active(req, on_principal_checked) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE,
                         "checking your certificate");
}

static void req_finish(struct td_req *req, const char *result,
                       const char *detail)
{
  double ms = (double)(uv_hrtime() - req->start_ns) / 1e6;

  td_info("req op=%s id=%llu principal=\"%s\" role=%s unit=%s peer=%s "
          "result=%s%s%s ms=%.2f",
          req->op, (unsigned long long)req->id, req->who->name,
          td_role_name(req->who->role), req->who->unit_code,
          td_conn_peer(req->conn), result, detail ? " " : "",
          detail ? detail : "", ms);
  tiepdan__envelope__free_unpacked(req->env, NULL);
  td_arena_free(&req->arena);
  td_conn_req_done(req->conn);
  free(req);
}

void td_req_reply(struct td_req *req, Tiepdan__Envelope *reply)
{
  reply->has_request_id = 1;
  reply->request_id = req->id;
  td_conn_send(req->conn, reply);
  req_finish(req, "OK", NULL);
}

void td_req_fail(struct td_req *req, Tiepdan__ErrorCode code, const char *field,
                 const char *fmt, ...)
{
  char msg[512];
  char detail[600];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  td_conn_send_error(req->conn, req->id, code, field, msg);
  snprintf(detail, sizeof(detail), "msg=\"%s\"", msg);
  req_finish(req, td_error_code_name(code), detail);
}
