/*
 * Receipt numbers a workstation hands out with no link (README, "Offline:
 * the server's side"): LeaseReceipts takes a block of the caller's commune's
 * numbers for its workstation; ListReceiptLeases shows a commune's blocks to
 * those who administer it, to explain the gaps unused numbers leave.
 */
#include <string.h>

#include "common/code.h"
#include "common/day.h"
#include "common/uuid.h"
#include "db/lease.h"
#include "domain/validate.h"
#include "ops/ops.h"
#include "wire.h"

/* A block is what one workstation may hand out in a long outage, not a
 * reserve of the commune's year: a busy commune logs a few thousand
 * petitions a year. */
#define LEASE_MAX 1000u

static void on_leased(void *arg, const struct td_leases *res)
{
  struct td_req *req = arg;
  const Tiepdan__LeaseReceipts *m = req->env->lease_receipts;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "leasing receipt numbers");
    return;
  }
  switch (res->verdict) {
  case TD_LEASE_LEASED:
    env = td_reply_new(req);
    env->body_case = TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASE_REPLY;
    env->receipt_lease_reply = res->leases[0];
    td_req_reply(req, env);
    return;
  case TD_LEASE_NOT_COMMUNE:
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, NULL,
                "receipt numbers are leased by the reception desk of a "
                "commune, and %s is not a commune",
                req->who->unit_code);
    return;
  case TD_LEASE_YEAR:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "year",
                "year: numbers of %u cannot be leased now: only this year's, "
                "and in December the next year's",
                m->year);
    return;
  case TD_LEASE__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "leasing receipt numbers");
}

void td_handle_lease_receipts(struct td_req *req)
{
  const Tiepdan__LeaseReceipts *m = req->env->lease_receipts;
  unsigned year;
  int y;
  int mo;
  int d;

  if (m->workstation == NULL || !td_uuid_valid(m->workstation)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "workstation",
                "workstation: the UUID the workstation made for itself");
    return;
  }
  if (!m->has_count || m->count < 1 || m->count > LEASE_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "count",
                "count: from 1 to %u numbers", LEASE_MAX);
    return;
  }
  if (m->has_year && (m->year < 2000 || m->year > 9999)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "year",
                "year: from 2000 to 9999");
    return;
  }
  td_day_to_ymd(td_today(), &y, &mo, &d);
  year = m->has_year ? m->year : (unsigned)y;
  if (td_db_lease_take(td_req_db(req), req->who->id, m->workstation, m->count,
                       year, on_leased, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "leasing receipt numbers");
}

static void on_listed(void *arg, const struct td_leases *res)
{
  struct td_req *req = arg;
  const Tiepdan__ListReceiptLeases *m = req->env->list_receipt_leases;
  Tiepdan__ReceiptLeasesReply *r;
  Tiepdan__Envelope *env;

  if (!td_reply_reached(req, res->err, res->scope_found, m->unit_code,
                        "listing receipt leases"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__receipt_leases_reply__init(r);
  r->n_leases = res->n;
  r->leases = res->leases;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASES_REPLY;
  env->receipt_leases_reply = r;
  td_req_reply(req, env);
}

void td_handle_list_receipt_leases(struct td_req *req)
{
  const Tiepdan__ListReceiptLeases *m = req->env->list_receipt_leases;
  const char *unit;

  if (td_req_unit_asked(req, m->unit_code, &unit) != 0)
    return;
  if (m->has_year && (m->year < 2000 || m->year > 9999)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "year",
                "year: from 2000 to 9999");
    return;
  }
  if (td_db_lease_list(td_req_db(req), req->who->unit_id, unit,
                       m->has_year ? m->year : 0, on_listed, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing receipt leases");
}
