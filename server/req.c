/*
 * The request core; see req.h. Every reply leaves through req_finish, which
 * writes the request's log line, tells the feed what the request did, and
 * releases the request's hold on its connection.
 */
#include "req.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "calendar.h"
#include "common/tmpl.h"
#include "common/uuid.h"
#include "domain/validate.h"
#include "feed.h"
#include "replica.h"
#include "db/petition.h"
#include "util/log.h"
#include "util/metrics.h"
#include "wire.h"

struct td_req *td_req_new(struct td_server *srv, struct td_client *cl,
                          Tiepdan__Envelope *env)
{
  struct td_req *req = td_xcalloc(1, sizeof(*req));

  req->srv = srv;
  req->client = cl;
  req->who = &cl->who;
  req->env = env;
  req->id = env->request_id;
  req->start_ns = uv_hrtime();
  req->op = "unknown";
  req->db.arena = &req->arena;
  req->db.queries = &srv->request_queries;
  req->db.sent = &req->queried;
  return req;
}

const struct td_db *td_req_db(struct td_req *req)
{
  /* The pool goes when the server stops; a late request finds none. */
  req->db.pool = req->srv->pool;
  req->db.submits = req->srv->submits;
  return &req->db;
}

const struct td_db *td_req_db_read(struct td_req *req)
{
  uint64_t now = uv_hrtime();

  req->reads_only = 1;
  req->db.pool = td_replica_pool_for(
      req->srv, td_replica_need(req->srv, req->who->id, now));
  req->db.submits = req->srv->submits;
  return &req->db;
}

const struct td_db *td_req_db_on(struct td_req *req, struct td_pool *pool)
{
  req->reads_only = 1;
  req->db.pool = pool;
  req->db.submits = req->srv->submits;
  return &req->db;
}

static void req_finish(struct td_req *req, const char *result,
                       const char *detail)
{
  uint64_t ns = uv_hrtime() - req->start_ns;
  double ms = (double)ns / 1e6;
  struct td_client *cl = req->client;

  td_metrics_request(req->op, result, ns);

  td_info("req op=%s id=%llu principal=\"%s\" role=%s unit=%s peer=%s "
          "result=%s%s%s ms=%.2f",
          req->op, (unsigned long long)req->id, req->who->name,
          td_role_name(req->who->role), req->who->unit_code, cl->peer, result,
          detail ? " " : "", detail ? detail : "", ms);
  /* What may have written: read from the primary until the replica has it. */
  if (req->queried && !req->reads_only)
    td_replica_wrote(req->srv, req->who->id, uv_hrtime());
  if (req->principals_change)
    td_feed_principals_changed(req->srv->feed);
  else if (req->queried)
    td_feed_poke(req->srv->feed); /* It may have recorded events. */
  tiepdan__envelope__free_unpacked(req->env, NULL);
  td_arena_free(&req->arena);
  free(req);
  cl->release(cl);
}

void td_req_reply(struct td_req *req, Tiepdan__Envelope *reply)
{
  reply->has_request_id = 1;
  reply->request_id = req->id;
  req->client->send(req->client, reply);
  req_finish(req, "OK", NULL);
}

/* Sends an Error with msg and the template it was made from, logs, frees
 * req. */
static void send_error(struct td_req *req, Tiepdan__ErrorCode code,
                       const char *field, const char *msg,
                       const struct td_tmpl *t)
{
  Tiepdan__Envelope env;
  Tiepdan__Error err;
  char *args[TD_TMPL_ARGS];
  char detail[600];

  td_wire_error(&env, &err, req->id, code, field, msg);
  td_wire_error_template(&err, t, args);
  req->client->send(req->client, &env);
  snprintf(detail, sizeof(detail), "msg=\"%s\"", msg);
  req_finish(req, td_error_code_name(code), detail);
}

void td_req_fail(struct td_req *req, Tiepdan__ErrorCode code, const char *field,
                 const char *fmt, ...)
{
  struct td_tmpl t;
  char msg[512];
  va_list ap;

  va_start(ap, fmt);
  td_tmpl_vformat(&t, msg, sizeof(msg), fmt, ap);
  va_end(ap);
  send_error(req, code, field, msg, &t);
}

void td_req_fail_invalid(struct td_req *req, Tiepdan__ErrorCode code,
                         const struct td_invalid *inv)
{
  send_error(req, code, inv->field, inv->message, &inv->tmpl);
}

Tiepdan__Envelope *td_reply_new(struct td_req *req)
{
  Tiepdan__Envelope *env = td_arena_alloc(&req->arena, sizeof(*env));

  tiepdan__envelope__init(env);
  return env;
}

void td_reply_db_error(struct td_req *req, int err, const char *what)
{
  if (err == TD_EUNAVAIL)
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNAVAILABLE, NULL,
                "the database is unavailable, so %s did not happen; "
                "send the same request again shortly",
                what);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__INTERNAL, NULL,
                "the server could not complete %s; the administrator has the "
                "details in the server log",
                what);
}

int td_req_unit_asked(struct td_req *req, const char *code, const char **unit)
{
  const char *u = code != NULL && code[0] ? code : NULL;

  if (unit != NULL)
    *unit = u;
  if (u != NULL && !td_code_valid(u)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: not a unit code");
    return -1;
  }
  return 0;
}

int td_reply_reached(struct td_req *req, int err, int scope_found,
                     const char *unit_code, const char *what)
{
  if (err != 0) {
    td_reply_db_error(req, err, what);
    return 0;
  }
  if (!scope_found) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no unit %s in your area",
                unit_code != NULL ? unit_code : "");
    return 0;
  }
  return 1;
}

void td_reply_no_petition(struct td_req *req, int64_t id, const char *receipt)
{
  if (receipt == NULL)
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no petition with id %lld in your area", (long long)id);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no petition with receipt number %s in your area", receipt);
}

struct audited {
  Tiepdan__Envelope *reply;
};

static void on_audit(void *arg, const struct td_identity_reads *res)
{
  struct td_req *req = arg;
  struct audited *a = req->state;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "recording who read the identity");
    return;
  }
  td_req_reply(req, a->reply);
}

void td_reply_audited(struct td_req *req, Tiepdan__Envelope *reply,
                      const int64_t *ids, size_t n, const char *what)
{
  struct audited *a;

  if (n == 0) {
    td_req_reply(req, reply);
    return;
  }
  a = td_arena_alloc(&req->arena, sizeof(*a));
  a->reply = reply;
  req->state = a;
  if (td_db_petition_identity_reads(td_req_db(req), req->who->id, ids, n, what,
                                    on_audit, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "recording who read the identity");
}

struct restart {
  struct td_req *req;
  void (*handler)(struct td_req *);
};

static void on_fresh_calendar(void *arg, int ok)
{
  struct restart *r = arg;
  struct td_req *req = r->req;

  if (!ok) {
    td_reply_db_error(req, TD_EUNAVAIL, "loading the calendar");
    return;
  }
  r->handler(req);
}

void td_req_restart_with_fresh_calendar(struct td_req *req,
                                        void (*handler)(struct td_req *))
{
  struct restart *r;

  if (++req->attempts > 2) {
    td_reply_db_error(req, TD_EUNAVAIL, "loading the calendar");
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  r->req = req;
  r->handler = handler;
  if (td_calendar_reload(req->srv, on_fresh_calendar, r) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "loading the calendar");
}

int64_t td_now(void)
{
  return (int64_t)time(NULL);
}

td_day td_today(void)
{
  return td_day_from_unix_vn(td_now());
}

int td_time_plausible(int64_t t)
{
  return t >= TD_RECEIVED_MIN && t <= td_now() + TD_RECEIVED_SKEW;
}

int td_req_hash(struct td_req *req, const ProtobufCMessage *m, char out[65])
{
  size_t n = protobuf_c_message_get_packed_size(m);
  uint8_t *buf = td_arena_alloc(&req->arena, n ? n : 1);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  unsigned int i;

  protobuf_c_message_pack(m, buf);
  if (EVP_Digest(buf, n, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
    return -1;
  for (i = 0; i < mdlen; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  return 0;
}

int td_req_key_ok(struct td_req *req, const char *key)
{
  if (key == NULL || td_uuid_valid(key))
    return 1;
  td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "idempotency_key",
              "idempotency_key: must be a UUID");
  return 0;
}

int td_req_clock_skew(struct td_req *req, int has_sent_at, int64_t sent_at,
                      int64_t *skew)
{
  int64_t d;

  *skew = 0;
  if (!has_sent_at)
    return 0;
  if (sent_at < TD_RECEIVED_MIN || sent_at > td_now() + TD_CLOCK_MAX_AHEAD) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "sent_at",
                "sent_at: the workstation's clock reads before 2000 or more "
                "than a year ahead; set it right and send again");
    return -1;
  }
  d = sent_at - td_now();
  if (d > TD_CLOCK_TOLERANCE || d < -TD_CLOCK_TOLERANCE)
    *skew = d;
  return 0;
}
