/*
 * The tamper-evident record (sql/functions/85_audit.sql): verifying the
 * hash chains and anchors of an area, the latest anchor of a province, and
 * the anchoring the server does in the background.
 */
#ifndef TD_DB_AUDIT_H
#define TD_DB_AUDIT_H

#include <stdint.h>

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* td_audit_verify's results, written once. */
#define TD_AUDIT_FINDINGS(XX)                                                  \
  XX(INTACT, "ok")                                                             \
  XX(MISSING, "missing")                                                       \
  XX(REORDERED, "reordered")                                                   \
  XX(ALTERED, "altered")                                                       \
  XX(UNSEALED, "unsealed")                                                     \
  XX(HEAD_MISMATCH, "head_mismatch")                                           \
  XX(ANCHOR_MISMATCH, "anchor_mismatch")

enum td_audit_finding {
#define XX(name, text) TD_AUDIT_##name,
  TD_AUDIT_FINDINGS(XX)
#undef XX
      TD_AUDIT__COUNT
};

/* scope_found: the unit asked for is in the caller's area; then finding,
 * and reply (in the arena) with everything but its finding, which the
 * handler sets from the enum. */
struct td_audit_verified {
  int err;
  int scope_found;
  enum td_audit_finding finding;
  Tiepdan__VerifyAuditReply *reply;
};
typedef void (*td_audit_verified_cb)(void *arg,
                                     const struct td_audit_verified *r);
/* Verifies the record of unit_code's area (NULL: caller_unit's own). */
TD_MUSTCHECK int td_db_audit_verify(const struct td_db *db, int caller_unit,
                                    const char *unit_code,
                                    td_audit_verified_cb cb, void *arg);

/* anchor: the latest anchor of the unit's province, in the arena; NULL
 * before the first. */
struct td_audit_latest {
  int err;
  int scope_found;
  Tiepdan__AuditAnchor *anchor;
};
typedef void (*td_audit_latest_cb)(void *arg, const struct td_audit_latest *r);
/* The latest anchor of the province unit_code (NULL: caller_unit) is in. */
TD_MUSTCHECK int td_db_audit_latest(const struct td_db *db, int caller_unit,
                                    const char *unit_code,
                                    td_audit_latest_cb cb, void *arg);

/* made: the anchors made, one per province whose record moved. */
struct td_audit_anchored {
  int err;
  int made;
};
typedef void (*td_audit_anchored_cb)(void *arg,
                                     const struct td_audit_anchored *r);
/* Anchors every province's record up to event up_to, below which no event
 * may still commit (the change feed's horizon). db->arena unused. */
TD_MUSTCHECK int td_db_audit_anchor(const struct td_db *db, uint64_t up_to,
                                    td_audit_anchored_cb cb, void *arg);

#endif
