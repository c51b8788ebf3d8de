/*
 * Principals: who a certificate is, whether it is still active, and the
 * admin's registrations and revocations, each scoped to the caller's unit.
 */
#ifndef TD_DB_PRINCIPAL_H
#define TD_DB_PRINCIPAL_H

#include "common/limits.h"
#include "db/db.h"
#include "tiepdan.pb-c.h"

/* A registered, unrevoked principal, as the server keeps it for a
 * connection. */
struct td_principal {
  int id;
  int role;    /* Tiepdan__Role. */
  int unit_id; /* units.id of the unit it acts for today. */
  char name[TD_NAME_MAX + 1];
  char unit_code[40];
  char unit_name[TD_NAME_MAX + 1];
  char unit_level[16];
  char fingerprint[65];
};

/* err is 0 (p set), TD_ENOTFOUND (not registered or revoked), TD_EUNAVAIL
 * or TD_EINTERNAL. p->fingerprint is left as the caller had it. */
struct td_principal_found {
  int err;
  struct td_principal p;
};
typedef void (*td_principal_found_cb)(void *arg,
                                      const struct td_principal_found *r);

/* Looks up the principal of a certificate's hex SHA-256. No arena. */
TD_MUSTCHECK int td_db_principal_lookup(const struct td_db *db,
                                        const char *fingerprint,
                                        td_principal_found_cb cb, void *arg);

/* err: 0 while principal_id is active, TD_ENOTFOUND once revoked. */
struct td_principal_active {
  int err;
};
typedef void (*td_principal_active_cb)(void *arg,
                                       const struct td_principal_active *r);
TD_MUSTCHECK int td_db_principal_active(const struct td_db *db,
                                        int principal_id,
                                        td_principal_active_cb cb, void *arg);

/* td_add_principal's verdicts (sql/functions/60_access.sql), written once:
 * FOREIGN, the certificate belongs to a principal outside the caller's area;
 * REVOKED, to a revoked principal of the area, and reactivation was not
 * asked for. Neither changed anything. */
#define TD_PRINCIPAL_ADD_VERDICTS(XX)                                          \
  XX(ADDED, "ok")                                                              \
  XX(UNKNOWN_UNIT, "unknown_unit")                                             \
  XX(FOREIGN, "foreign")                                                       \
  XX(REVOKED, "revoked")

enum td_principal_add_verdict {
#define XX(name, text) TD_PRINCIPAL_ADD_##name,
  TD_PRINCIPAL_ADD_VERDICTS(XX)
#undef XX
      TD_PRINCIPAL_ADD__COUNT
};

/* Principals as the admin sees them. For add: verdict, and principals[0]
 * when ADDED. For revoke: the one revoked, or none if nothing in scope
 * matched. For list: scope_found (the unit filter resolved in the caller's
 * area) and the principals. */
struct td_principals {
  int err;
  enum td_principal_add_verdict verdict;
  int scope_found;
  size_t n;
  Tiepdan__Principal **principals;
};
typedef void (*td_principals_cb)(void *arg, const struct td_principals *r);

/* Registers (or re-registers) a certificate under caller_unit's area; a
 * revoked one of the area is registered again only when reactivate is 1. */
TD_MUSTCHECK int td_db_principal_add(const struct td_db *db, int caller_unit,
                                     const char *fingerprint, const char *name,
                                     const char *role, const char *unit_code,
                                     int reactivate, td_principals_cb cb,
                                     void *arg);
/* Revokes by id (> 0) or fingerprint, within caller_unit's area. */
TD_MUSTCHECK int td_db_principal_revoke(const struct td_db *db, int caller_unit,
                                        int64_t id, const char *fingerprint,
                                        td_principals_cb cb, void *arg);
/* Lists the principals under unit_code (NULL: the caller's unit). */
TD_MUSTCHECK int td_db_principal_list(const struct td_db *db, int caller_unit,
                                      const char *unit_code,
                                      int include_revoked, td_principals_cb cb,
                                      void *arg);

/*
 * Registers (or re-registers, un-revoking) a certificate's principal for
 * the unit that exists today under unit_code, offline (tiepdand
 * --add-principal), on a blocking connection. Returns 0 with *id set,
 * TD_ENOTFOUND when no unit has that code today, or TD_EINTERNAL with the
 * database's message in err.
 */
TD_MUSTCHECK int td_db_principal_register(PGconn *pg, const char *fingerprint,
                                          const char *name, const char *role,
                                          const char *unit_code, int64_t *id,
                                          char *err, size_t errlen);

#endif
