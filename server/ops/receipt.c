/*
 * GetReceipt: what the citizen's receipt (giấy biên nhận) prints. The
 * petition is read and disclosed exactly as GetPetition reads it, under the
 * caller's area and the identity rules of disclose.c: the officer who
 * logged a confidential petition prints the citizen's name, since the
 * citizen gave it, and that read is recorded like any other; a caller the
 * law does not allow gets the receipt without it. The province of the
 * handling commune comes with it, for the receipt's header.
 */
#include "ops/ops.h"

#include "db/unit.h"
#include "domain/validate.h"

/* Between the two reads: the reply so far and whether it holds a secret
 * identity, whose read is recorded before it leaves. */
struct receipt_state {
  Tiepdan__ReceiptReply *reply;
  int64_t id;
  int secret;
};

static void on_province(void *arg, const struct td_unit_province *res)
{
  struct td_req *req = arg;
  struct receipt_state *st = req->state;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the commune's province");
    return;
  }
  st->reply->province = res->province;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_RECEIPT_REPLY;
  env->receipt_reply = st->reply;
  td_reply_audited(req, env, &st->id, st->secret ? 1 : 0, "receipt");
}

static void on_got(void *arg, const struct td_petition_got *res)
{
  struct td_req *req = arg;
  const Tiepdan__GetReceipt *g = req->env->get_receipt;
  struct receipt_state *st;

  if (res->err == TD_ENOTFOUND) {
    /* Out of scope and non-existent read exactly alike. */
    td_reply_no_petition(
        req, g->id,
        g->key_case == TIEPDAN__GET_RECEIPT__KEY_ID ? NULL : g->receipt_no);
    return;
  }
  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the petition");
    return;
  }
  st = td_arena_alloc(&req->arena, sizeof(*st));
  st->reply = td_arena_alloc(&req->arena, sizeof(*st->reply));
  tiepdan__receipt_reply__init(st->reply);
  st->secret = td_disclose_petition(req, res->row);
  st->reply->petition = res->row->p;
  st->id = res->row->p->id;
  req->state = st;
  if (td_db_unit_province(td_req_db(req), res->row->handling_unit_id,
                          on_province, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the commune's province");
}

void td_handle_receipt(struct td_req *req)
{
  const Tiepdan__GetReceipt *g = req->env->get_receipt;

  td_read_petition(req, g->key_case == TIEPDAN__GET_RECEIPT__KEY_ID ? g->id : 0,
                   g->key_case == TIEPDAN__GET_RECEIPT__KEY_RECEIPT_NO
                       ? g->receipt_no
                       : NULL,
                   g->key_case != TIEPDAN__GET_RECEIPT__KEY__NOT_SET, on_got);
}
