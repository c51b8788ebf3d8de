/*
 * Where a request enters: routing by body type, the role check that runs
 * before any handler (and so before any SQL), and the single exit through
 * which every reply leaves and every request is logged.
 */
#include <stdarg.h>
#include <stdio.h>

#include "conn.h"
#include "feed.h"
#include "handlers.h"
#include "log.h"
#include "permit.h"
#include "store.h"
#include "wire.h"

struct route {
  Tiepdan__Envelope__BodyCase body;
  const char *op;
  void (*handle)(struct td_req *);
  int needs_op; /* 0: anyone authenticated, or the handler decides from the
                 * request's content (a recommendation, a note). */
  enum td_op perm;
  int principals; /* May change who principals are or act for. */
};

static const struct route routes[] = {
    {TIEPDAN__ENVELOPE__BODY_HELLO, "hello", td_handle_hello, 0, TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION, "submit_petition",
     td_handle_submit, 0, TD_OP_SUBMIT, 0},
    {TIEPDAN__ENVELOPE__BODY_GET_PETITION, "get_petition", td_handle_get, 1,
     TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS, "list_petitions", td_handle_list,
     1, TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_TRANSITION, "transition", td_handle_transition, 0,
     TD_OP_UPDATE, 0},
    {TIEPDAN__ENVELOPE__BODY_GET_HISTORY, "get_history", td_handle_history, 1,
     TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_OPEN_SESSION, "open_session",
     td_handle_session_open, 1, TD_OP_SESSIONS, 0},
    {TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION, "close_session",
     td_handle_session_close, 1, TD_OP_SESSIONS, 0},
    {TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS, "list_sessions",
     td_handle_session_list, 1, TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL, "add_principal",
     td_handle_principal_add, 1, TD_OP_ADMIN, 1},
    {TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL, "revoke_principal",
     td_handle_principal_revoke, 1, TD_OP_ADMIN, 1},
    {TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS, "list_principals",
     td_handle_principal_list, 1, TD_OP_ADMIN, 0},
    {TIEPDAN__ENVELOPE__BODY_MERGE_UNITS, "merge_units", td_handle_merge_units,
     1, TD_OP_ADMIN, 1},
    {TIEPDAN__ENVELOPE__BODY_GET_STATS, "get_stats", td_handle_stats, 1,
     TD_OP_STATS, 0},
    {TIEPDAN__ENVELOPE__BODY_CHANGES, "changes", td_handle_changes, 1,
     TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_GET_SERVER_STATUS, "server_status",
     td_handle_server_status, 0, TD_OP_READ, 0},
    {TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS, "load_holidays",
     td_handle_load_holidays, 1, TD_OP_ADMIN, 0},
};

static const struct route *route_for(Tiepdan__Envelope__BodyCase body)
{
  size_t i;

  for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
    if (routes[i].body == body)
      return &routes[i];
  return NULL;
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
  if (req->checked_version != 0)
    td_conn_set_checked_version(c, req->checked_version);
  req->handler(req);
}

void td_dispatch(struct td_conn *c, Tiepdan__Envelope *env)
{
  struct td_req *req = td_xcalloc(1, sizeof(*req));
  const struct route *r;

  req->srv = td_conn_server(c);
  req->conn = c;
  req->who = td_conn_principal(c);
  req->env = env;
  req->id = env->request_id;
  req->start_ns = uv_hrtime();
  td_conn_req_start(c);
  r = route_for(env->body_case);
  if (r == NULL) {
    req->op = "unknown";
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST, NULL,
                "this server does not know request type %d (protocol %u)",
                (int)env->body_case, TD_PROTOCOL_VERSION);
    return;
  }
  req->op = r->op;
  if (r->needs_op && !td_permit_role(req->who->role, r->perm)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, NULL,
                "the %s role may not do %s", td_role_name(req->who->role),
                r->op);
    return;
  }
  req->handler = r->handle;
  if (r->principals) {
    /* Until it is done and a later mark is in, check everyone. */
    req->principals_change = 1;
    td_feed_principals_changed(req->srv->feed);
  }
  /*
   * A principal revoked since it connected is refused from its next request
   * on, without a restart: PostgreSQL is asked unless this connection's
   * principal was found active at the principals' version known now (see
   * feed.h), which a revocation here invalidates at once and one made
   * elsewhere within a feed interval.
   */
  req->checked_version = td_feed_principals_version(req->srv->feed);
  if (req->checked_version != 0 &&
      td_conn_checked_version(c) == req->checked_version) {
    req->handler(req);
    return;
  }
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
  if (req->principals_change)
    td_feed_principals_changed(req->srv->feed);
  else if (req->queried)
    td_feed_poke(req->srv->feed); /* It may have recorded events. */
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
