/*
 * Units: whether a code names a unit in the caller's area, and mergers of
 * communes.
 */
#ifndef TD_DB_UNIT_H
#define TD_DB_UNIT_H

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* found: unit_code names a unit of today in caller_unit's area. */
struct td_unit_reached {
  int err;
  int found;
};
typedef void (*td_unit_reached_cb)(void *arg, const struct td_unit_reached *r);
TD_MUSTCHECK int td_db_unit_reach(const struct td_db *db, int caller_unit,
                                  const char *unit_code, td_unit_reached_cb cb,
                                  void *arg);

/* The province of the unit a petition is handled by, as that unit stands
 * today (a merged commune's successor): province is NULL when there is none
 * (a unit of the nation itself). In the arena. */
struct td_unit_province {
  int err;
  Tiepdan__Unit *province;
};
typedef void (*td_unit_province_cb)(void *arg,
                                    const struct td_unit_province *r);
TD_MUSTCHECK int td_db_unit_province(const struct td_db *db, int unit_id,
                                     td_unit_province_cb cb, void *arg);

/* td_merge_units's verdicts, written once. */
#define TD_MERGE_VERDICTS(XX)                                                  \
  XX(MERGED, "ok")                                                             \
  XX(UNKNOWN_UNIT, "unknown_unit")                                             \
  XX(NOT_A_COMMUNE, "not_a_commune")                                           \
  XX(OTHER_PROVINCE, "other_province")                                         \
  XX(NEEDS_NAME, "needs_name")                                                 \
  XX(BAD_DATE, "bad_date")                                                     \
  XX(CODE_TAKEN, "code_taken")

enum td_merge_verdict {
#define XX(name, text) TD_MERGE_##name,
  TD_MERGE_VERDICTS(XX)
#undef XX
      TD_MERGE__COUNT
};

/* detail: the code a refusal concerns; reply: the merger when MERGED. */
struct td_merged {
  int err;
  enum td_merge_verdict verdict;
  const char *detail;
  Tiepdan__MergeUnitsReply *reply;
};
typedef void (*td_merged_cb)(void *arg, const struct td_merged *r);
TD_MUSTCHECK int td_db_unit_merge(const struct td_db *db, int caller_unit,
                                  const Tiepdan__MergeUnits *m, td_merged_cb cb,
                                  void *arg);

#endif
