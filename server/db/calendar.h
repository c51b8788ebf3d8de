/*
 * The deadline calendar in PostgreSQL: the rules and public holidays read
 * as one versioned snapshot, a year's holidays replaced, and the deadlines a
 * reload moved stored back.
 */
#ifndef TD_DB_CALENDAR_H
#define TD_DB_CALENDAR_H

#include "db/db.h"
#include "domain/deadline.h"
#include "domain/holidays.h"
#include "tiepdan.pb-c.h"

/* Rules and holidays at one version. */
struct td_calendar_cache {
  int64_t version;
  struct td_deadline_rule *rules; /* Strings owned by the cache. */
  size_t nrules;
  td_day *holidays; /* Sorted. */
  size_t nholidays;
  td_day *working; /* Weekend days worked, sorted. */
  size_t nworking;
  struct td_calendar_year *years; /* Ascending. */
  size_t nyears;
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

/* Replaces m's year of days off and weekend working days and marks the
 * year confirmed by principal_id, with m->source (or a default naming the
 * load) as its legal source. */
TD_MUSTCHECK int td_db_calendar_load_holidays(const struct td_db *db,
                                              int principal_id,
                                              const Tiepdan__LoadHolidays *m,
                                              td_holidays_loaded_cb cb,
                                              void *arg);

/* The open petitions with a running deadline, as td_db_calendar_load_holidays
 * returns them, changing nothing. */
TD_MUSTCHECK int td_db_calendar_open(const struct td_db *db,
                                     td_holidays_loaded_cb cb, void *arg);

/* The years a calendar was created for by td_db_calendar_ensure. */
struct td_calendar_ensured {
  int err;
  int created[8];
  size_t n;
};
typedef void (*td_calendar_ensured_cb)(void *arg,
                                       const struct td_calendar_ensured *r);

/* Gives each of years[0..n) (n <= 8) that has no calendar the provisional
 * days days[0..ndays) that fall in it, with source. db->arena is not used:
 * this is background work. */
TD_MUSTCHECK int td_db_calendar_ensure(const struct td_db *db, const int *years,
                                       size_t n, const td_day *days,
                                       const char *const *names, size_t ndays,
                                       const char *source,
                                       td_calendar_ensured_cb cb, void *arg);

/* The calendars from year `from` on, as the reply to ListHolidays, in the
 * request's arena. */
struct td_calendar_listed {
  int err;
  Tiepdan__ListHolidaysReply *reply;
};
typedef void (*td_calendar_listed_cb)(void *arg,
                                      const struct td_calendar_listed *r);

TD_MUSTCHECK int td_db_calendar_list(const struct td_db *db, int from,
                                     td_calendar_listed_cb cb, void *arg);

/* How many deadlines were stored, or stale when the calendar changed again
 * since `calendar` (nothing stored). */
struct td_recomputed {
  int err;
  int stale;
  int64_t count;
};
typedef void (*td_recomputed_cb)(void *arg, const struct td_recomputed *r);

/* Stores deadlines[i] for rows[i], each recorded in the petition's history
 * by principal_id (0: by the server itself) with note. */
TD_MUSTCHECK int td_db_calendar_store_recomputed(
    const struct td_db *db, int principal_id, int64_t calendar,
    const char *note, const struct td_recompute_row *rows,
    const td_day *deadlines, size_t n, td_recomputed_cb cb, void *arg);

#endif
