/*
 * Hello: the protocol both sides speak, who the caller is (role, unit,
 * name), the limits this server keeps, and the names of every reference
 * code, so a client prints the database's words and never its own copies;
 * and, from calendar-warn-from on, that next year's holidays are only
 * provisional.
 */
#include "calendar.h"
#include "db/terms.h"
#include "ops/ops.h"
#include "wire.h"

void td_handle_hello(struct td_req *req)
{
  const Tiepdan__Hello *h = req->env->hello;
  const struct td_principal *who = req->who;
  struct td_arena *a = &req->arena;
  Tiepdan__Envelope *env;
  Tiepdan__HelloReply *r;
  Tiepdan__Unit *u;
  char warning[128];

  if (h->has_protocol_version && h->protocol_version != TD_PROTOCOL_VERSION) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION,
                "protocol_version",
                "this server speaks protocol %u, the client %u: install the "
                "client that matches the server",
                TD_PROTOCOL_VERSION, h->protocol_version);
    return;
  }
  r = td_arena_alloc(a, sizeof(*r));
  u = td_arena_alloc(a, sizeof(*u));
  tiepdan__hello_reply__init(r);
  tiepdan__unit__init(u);
  u->code = (char *)who->unit_code;
  u->name = (char *)who->unit_name;
  u->level = (char *)who->unit_level;
  r->has_protocol_version = 1;
  r->protocol_version = TD_PROTOCOL_VERSION;
  r->server_version = TD_VERSION;
  r->has_role = 1;
  r->role = (Tiepdan__Role)who->role;
  r->unit = u;
  r->principal_name = (char *)who->name;
  r->has_max_frame = 1;
  r->max_frame = req->srv->cfg->max_frame;
  r->has_max_in_flight = 1;
  r->max_in_flight = (uint32_t)req->srv->cfg->max_in_flight;
  if (req->srv->terms != NULL) {
    r->n_terms = req->srv->terms->n;
    r->terms = req->srv->terms->terms;
  }
  if (td_calendar_warning(req->srv, td_today(), warning, sizeof(warning)) !=
      NULL)
    r->calendar_warning = td_arena_strdup(a, warning);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_HELLO_REPLY;
  env->hello_reply = r;
  td_req_reply(req, env);
}
