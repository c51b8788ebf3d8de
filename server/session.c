/* Who is speaking on a connection; see session.h. */
#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/tmpl.h"
#include "dispatch.h"
#include "feed.h"
#include "frame.h"
#include "req.h"
#include "db/principal.h"
#include "util/log.h"
#include "wire.h"

struct session {
  struct td_client client; /* First: requests see this. */
  struct td_conn *conn;
  struct td_server *srv;
  uint64_t auth_version; /* Principals' version when the lookup left. */
  unsigned closing : 1;
};

static struct session *of_client(struct td_client *cl)
{
  return (struct session *)cl;
}

/* Packs env into a frame and sends it; a reply too large to pack closes
 * the connection (the client could not read it anyway). */
static void client_send(struct td_client *cl, const Tiepdan__Envelope *env)
{
  struct session *s = of_client(cl);
  uint8_t *buf;
  size_t len;
  int rc;

  if (s->closing)
    return;
  rc = td_wire_pack(env, TD_FRAME_HARD_MAX, &buf, &len);
  if (rc != 0) {
    td_error("conn %s: cannot pack a reply: %s", cl->peer, strerror(-rc));
    td_conn_close(s->conn, "reply too large");
    return;
  }
  td_conn_send(s->conn, buf, len);
  free(buf);
}

static void client_release(struct td_client *cl)
{
  td_conn_req_done(of_client(cl)->conn);
}

/* An error about the connection itself (request_id 0). */
static void send_conn_error(struct session *s, Tiepdan__ErrorCode code,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void send_conn_error(struct session *s, Tiepdan__ErrorCode code,
                            const char *fmt, ...)
{
  Tiepdan__Envelope env;
  Tiepdan__Error err;
  struct td_tmpl t;
  char *args[TD_TMPL_ARGS];
  char msg[512];
  va_list ap;

  va_start(ap, fmt);
  td_tmpl_vformat(&t, msg, sizeof(msg), fmt, ap);
  va_end(ap);
  td_wire_error(&env, &err, 0, code, NULL, msg);
  td_wire_error_template(&err, &t, args);
  client_send(&s->client, &env);
}

/* Connection set-up ------------------------------------------------------- */

struct lookup {
  struct session *s;
  char subject[160];
};

static void on_principal(void *arg, const struct td_principal_found *res)
{
  struct lookup *l = arg;
  struct session *s = l->s;
  struct td_principal *who = &s->client.who;
  const struct td_principal *p = &res->p;

  if (s->closing)
    goto out;
  if (res->err == 0) {
    who->id = p->id;
    who->role = p->role;
    who->unit_id = p->unit_id;
    memcpy(who->name, p->name, sizeof(who->name));
    memcpy(who->unit_code, p->unit_code, sizeof(who->unit_code));
    memcpy(who->unit_name, p->unit_name, sizeof(who->unit_name));
    memcpy(who->unit_level, p->unit_level, sizeof(who->unit_level));
    /* Found active at (at least) the version known when the lookup left. */
    s->client.checked_version = s->auth_version;
    td_info("conn %s: principal \"%s\" role=%s unit=%s", s->client.peer,
            who->name, td_role_name(who->role), who->unit_code);
    td_conn_ready(s->conn);
  } else if (res->err == TD_ENOTFOUND) {
    td_warn("conn %s: refused: certificate not registered or revoked "
            "(%s, sha256 %s)",
            s->client.peer, l->subject, who->fingerprint);
    send_conn_error(s, TIEPDAN__ERROR_CODE__UNAUTHENTICATED,
                    "this certificate (%s) is not registered with the server "
                    "or was revoked; ask your administrator to register "
                    "fingerprint %s",
                    l->subject, who->fingerprint);
    td_conn_close(s->conn, "unknown principal");
  } else {
    send_conn_error(s, TIEPDAN__ERROR_CODE__UNAVAILABLE,
                    "the server cannot reach its database; try again shortly");
    td_conn_close(s->conn, "database unavailable");
  }
out:
  td_conn_unref(s->conn);
  free(l);
}

static void on_open(struct td_conn *c, void *arg, const char *fingerprint,
                    const char *subject)
{
  struct td_server *srv = arg;
  struct session *s = td_xcalloc(1, sizeof(*s));
  struct td_db db = {NULL, NULL, NULL, NULL, NULL};
  struct lookup *l;

  s->conn = c;
  s->srv = srv;
  s->client.peer = td_conn_peer(c);
  s->client.send = client_send;
  s->client.release = client_release;
  snprintf(s->client.who.fingerprint, sizeof(s->client.who.fingerprint), "%s",
           fingerprint);
  td_conn_set_data(c, s);
  l = td_xcalloc(1, sizeof(*l));
  l->s = s;
  snprintf(l->subject, sizeof(l->subject), "%s", subject);
  td_conn_ref(c);
  s->auth_version = td_feed_principals_version(srv->feed);
  db.pool = srv->pool;
  db.queries = &srv->request_queries;
  if (td_db_principal_lookup(&db, fingerprint, on_principal, l) == 0)
    return;
  td_conn_unref(c);
  free(l);
  send_conn_error(s, TIEPDAN__ERROR_CODE__UNAVAILABLE,
                  "the server cannot reach its database; try again shortly");
  td_conn_close(c, "database unavailable");
}

/* Requests ------------------------------------------------------------------
 */

static void on_principal_checked(void *arg,
                                 const struct td_principal_active *res)
{
  struct td_req *req = arg;
  struct td_client *cl = req->client;

  if (res->err == TD_ENOTFOUND) {
    /* The connection outlives the request: it closes after the reply. */
    td_conn_ref(of_client(cl)->conn);
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNAUTHENTICATED, NULL,
                "this certificate has been revoked; ask your administrator "
                "for a new one");
    td_conn_close(of_client(cl)->conn, "principal revoked");
    td_conn_unref(of_client(cl)->conn);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "checking your certificate");
    return;
  }
  if (req->checked_version != 0)
    cl->checked_version = req->checked_version;
  td_dispatch(req);
}

static void on_frame(struct td_conn *c, const uint8_t *payload, uint32_t len)
{
  struct session *s = td_conn_data(c);
  struct td_server *srv = s->srv;
  Tiepdan__Envelope *env;
  struct td_req *req;
  const char *nul;

  env = tiepdan__envelope__unpack(NULL, len, payload);
  if (env == NULL) {
    td_warn("conn %s: undecodable frame of %u bytes from %s", s->client.peer,
            len, s->client.who.name);
    send_conn_error(s, TIEPDAN__ERROR_CODE__BAD_FRAME,
                    "a frame of %u bytes is not a valid tiepdan message", len);
    return;
  }
  td_conn_req_start(c);
  req = td_req_new(srv, &s->client, env);
  /* Every handler reads strings as C strings: one cut at a NUL would be
   * checked and stored as something other than what was sent. */
  nul = td_wire_nul_string(&tiepdan__envelope__descriptor, payload, len);
  if (nul != NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, nul,
                "%s: a NUL byte inside the text", nul);
    return;
  }
  if (td_dispatch_changes_principals(env->body_case)) {
    /* Until it is done and a later mark is in, check everyone. */
    req->principals_change = 1;
    td_feed_principals_changed(srv->feed);
  }
  /*
   * A principal revoked since it connected is refused from its next request
   * on, without a restart: PostgreSQL is asked unless this connection's
   * principal was found active at the principals' version known now (see
   * feed.h), which a revocation here invalidates at once and one made
   * elsewhere within a feed interval.
   */
  req->checked_version = td_feed_principals_version(srv->feed);
  if (req->checked_version != 0 &&
      s->client.checked_version == req->checked_version) {
    td_dispatch(req);
    return;
  }
  if (td_db_principal_active(td_req_db(req), req->who->id, on_principal_checked,
                             req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "checking your certificate");
}

static void on_oversize(struct td_conn *c, uint32_t len, uint32_t max)
{
  send_conn_error(td_conn_data(c), TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE,
                  "a frame of %u bytes is over this server's limit of %u "
                  "bytes; the connection is closed",
                  len, max);
}

static void on_closing(struct td_conn *c)
{
  struct session *s = td_conn_data(c);

  s->closing = 1;
  td_feed_owner_gone(s->srv->feed, &s->client);
}

static void on_free(struct td_conn *c)
{
  free(td_conn_data(c));
}

const struct td_conn_proto td_session_proto = {
    .on_open = on_open,
    .on_frame = on_frame,
    .on_oversize = on_oversize,
    .on_closing = on_closing,
    .on_free = on_free,
};
