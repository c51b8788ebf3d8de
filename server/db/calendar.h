/*
 * The deadline calendar in PostgreSQL: the rules and public holidays read
 * as one versioned snapshot, a year's holidays replaced, and the deadlines a
 * reload moved stored back.
 */
#ifndef TD_DB_CALENDAR_H
#define TD_DB_CALENDAR_H

#include "db/db.h"
#include "domain/deadline.h"
#include "tiepdan.pb-c.h"

/* Rules and holidays at one version. */
struct td_calendar_cache {
  int64_t version;
  struct td_deadline_rule *rules; /* Strings owned by the cache. */
  size_t nrules;
  td_day *holidays; /* Sorted. */
  size_t nholidays;
};

void td_calendar_free(struct td_calendar_cache *c);

/* cache is malloc'd and passes to the callback, which frees it (with
 * td_calendar_free) or keeps it; NULL when err is set. */
struct td_calendar_loaded {
  int err;
  struct td_calendar_cache *cache;
};
typedef void (*td_calendar_loaded_cb)(void *arg,
                                      const struct td_calendar_loaded *r);

/* Reads the snapshot. db->arena is not used. */
TD_MUSTCHECK int td_db_calendar_load(const struct td_db *db,
                                     td_calendar_loaded_cb cb, void *arg);

/* An open petition whose deadline a holiday reload may move. */
struct td_recompute_row {
  int64_t id;
  int version;
  int rule_id;
  int remote;
  int complex;
  int extensions;
  td_day start;
  td_day deadline;
};

/* The open petitions, to recompute with the new calendar. */
struct td_holidays_loaded {
  int err;
  size_t n;
  struct td_recompute_row *rows;
};
typedef void (*td_holidays_loaded_cb)(void *arg,
                                      const struct td_holidays_loaded *r);

/* Replaces m's year of public holidays. */
TD_MUSTCHECK int td_db_calendar_load_holidays(const struct td_db *db,
                                              const Tiepdan__LoadHolidays *m,
                                              td_holidays_loaded_cb cb,
                                              void *arg);

/* How many deadlines were stored, or stale when the calendar changed again
 * since `calendar` (nothing stored). */
struct td_recomputed {
  int err;
  int stale;
  int64_t count;
};
typedef void (*td_recomputed_cb)(void *arg, const struct td_recomputed *r);

/* Stores deadlines[i] for rows[i], each recorded in the petition's history
 * by principal_id with note. */
TD_MUSTCHECK int td_db_calendar_store_recomputed(
    const struct td_db *db, int principal_id, int64_t calendar,
    const char *note, const struct td_recompute_row *rows,
    const td_day *deadlines, size_t n, td_recomputed_cb cb, void *arg);

#endif
