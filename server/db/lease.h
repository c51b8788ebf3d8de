/*
 * Receipt numbers leased to a workstation (sql/functions/65_receipts.sql):
 * taking a block, and listing a commune's blocks.
 */
#ifndef TD_DB_LEASE_H
#define TD_DB_LEASE_H

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* td_lease_receipts's verdicts, written once. */
#define TD_LEASE_VERDICTS(XX)                                                  \
  XX(LEASED, "ok")                                                             \
  XX(NOT_COMMUNE, "not_commune")                                               \
  XX(YEAR, "year")

enum td_lease_verdict {
#define XX(name, text) TD_LEASE_##name,
  TD_LEASE_VERDICTS(XX)
#undef XX
      TD_LEASE__COUNT
};

/* For a lease: verdict, and leases[0] when LEASED. For a list:
 * scope_found (the unit asked for is in the caller's area) and the
 * leases, newest first. */
struct td_leases {
  int err;
  enum td_lease_verdict verdict;
  int scope_found;
  size_t n;
  Tiepdan__ReceiptLease **leases;
};
typedef void (*td_leases_cb)(void *arg, const struct td_leases *r);

TD_MUSTCHECK int td_db_lease_take(const struct td_db *db, int principal_id,
                                  const char *workstation, unsigned count,
                                  unsigned year, td_leases_cb cb, void *arg);
/* unit_code NULL: the caller's unit; year 0: every year. */
TD_MUSTCHECK int td_db_lease_list(const struct td_db *db, int caller_unit,
                                  const char *unit_code, unsigned year,
                                  td_leases_cb cb, void *arg);

#endif
