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

/* Adding, renaming and listing units (sql/functions/11_unit_admin.sql):
 * td_add_units's and td_rename_unit's verdicts, written once. The first
 * three are what became of a unit; the others, refusals. */
#define TD_UNITS_VERDICTS(XX)                                                  \
  XX(ADDED, "added")                                                           \
  XX(RENAMED, "renamed")                                                       \
  XX(UNCHANGED, "unchanged")                                                   \
  XX(BAD_LEVEL, "bad_level")                                                   \
  XX(BAD_CODE, "bad_code")                                                     \
  XX(EMPTY_NAME, "empty_name")                                                 \
  XX(TWICE, "twice")                                                           \
  XX(UNKNOWN_PARENT, "unknown_parent")                                         \
  XX(PARENT_LEVEL, "parent_level")                                             \
  XX(OUTSIDE_AREA, "outside_area")                                             \
  XX(DUPLICATE, "duplicate")                                                   \
  XX(EXISTS_ELSEWHERE, "exists_elsewhere")                                     \
  XX(BAD_DATE, "bad_date")                                                     \
  XX(UNKNOWN_UNIT, "unknown_unit")                                             \
  XX(OWN_UNIT, "own_unit")

enum td_units_verdict {
#define XX(name, text) TD_UNITS_##name,
  TD_UNITS_VERDICTS(XX)
#undef XX
      TD_UNITS__COUNT
};

/* refused: 0 when the units were written (reply says how), else the
 * refusal in verdict, about the unit at index idx (0-based) of the request,
 * detail naming what it concerns (see the SQL). In the arena. */
struct td_units_done {
  int err;
  int refused;
  enum td_units_verdict verdict;
  size_t idx;
  const char *detail;
  Tiepdan__AddUnitsReply *reply;
};
typedef void (*td_units_done_cb)(void *arg, const struct td_units_done *r);
TD_MUSTCHECK int td_db_units_add(const struct td_db *db, int caller_unit,
                                 const Tiepdan__AddUnits *m,
                                 td_units_done_cb cb, void *arg);
TD_MUSTCHECK int td_db_unit_rename(const struct td_db *db, int caller_unit,
                                   const Tiepdan__RenameUnit *m,
                                   td_units_done_cb cb, void *arg);

struct td_units_listed {
  int err;
  Tiepdan__ListUnitsReply *reply;
};
typedef void (*td_units_listed_cb)(void *arg, const struct td_units_listed *r);
TD_MUSTCHECK int td_db_units_list(const struct td_db *db, int caller_unit,
                                  int ended, td_units_listed_cb cb, void *arg);

#endif
