/*
 * Statistics, always from the aggregates, never by counting petitions: the
 * province and nation rollup (td_stats_rollup) where it can answer, else
 * stat_cells; the sessions held; and the fold that moves pending changes
 * into the rollup.
 */
#ifndef TD_DB_STATS_H
#define TD_DB_STATS_H

#include "db/db.h"
#include "domain/deadline.h"
#include "domain/stats.h"
#include "tiepdan.pb-c.h"

struct td_stats_query {
  const char *unit_code; /* NULL: the caller's unit. */
  /* The window [from_day, to_day), YYYY-MM-DD: by months, the first day of
   * the first month and of the month after the last; by days (days set),
   * the first day and the day after the last, Vietnam days. For open_only,
   * "-infinity" and "infinity": every month. */
  const char *from_day;
  const char *to_day;
  int days; /* Count from the petitions themselves, not stat_cells. */
  /* Only the open petitions count (for StatsReply.open_now: their
   * open_within_deadline, open_overdue and open_due_soon). */
  int open_only;
  td_day today;
  int by_unit;
  const char *unit_level;
  int by_kind;
  int by_channel;
  int by_field;
  int by_status;
  const char *period;          /* "month", "quarter", "year" or "" */
  const char *kind;            /* NULL: every kind. */
  const char *channel;         /* NULL: every channel. */
  const char *exclude_channel; /* NULL: leave none out. */
  int soon_days;               /* For open_due_soon. */
};

/* 1 if the province and nation rollup can answer q: by months, grouped by
 * unit at the province or nation level and by period only, without filters
 * (the scope's level is the statement's to judge). */
int td_db_stats_rollup_can(const struct td_stats_query *q);

/* One group of an answer: its keys (unit, kind, channel, field, status,
 * period; "" when not grouped by it) and its counts. */
struct td_stat_row {
  const char *keys[6];
  struct td_stat_counts counts;
};

/* scope_found: the unit resolved in the caller's area (scope_id); declined:
 * the rollup was asked but the scope is below a province, ask again without
 * it; bad_channel: 1 if the channel, 2 if the exclude_channel is not a
 * known channel (then nothing else is set). */
struct td_stats {
  int err;
  int bad_channel;
  int scope_found;
  int scope_id;
  int declined;
  size_t n;
  struct td_stat_row *rows;
};
typedef void (*td_stats_cb)(void *arg, const struct td_stats *r);

TD_MUSTCHECK int td_db_stats_counts(const struct td_db *db, int caller_unit,
                                    const struct td_stats_query *q, int rollup,
                                    td_stats_cb cb, void *arg);

/* Sessions opened in the period under scope_unit, by type. */
struct td_session_stats {
  int err;
  size_t n;
  Tiepdan__SessionStat **stats;
};
typedef void (*td_session_stats_cb)(void *arg,
                                    const struct td_session_stats *r);
TD_MUSTCHECK int td_db_stats_sessions(const struct td_db *db, int scope_unit,
                                      const struct td_stats_query *q,
                                      td_session_stats_cb cb, void *arg);

/* claimed: this server had the period (another may have it: see
 * td_job_claim); moved: the fold changed the rollup. */
struct td_folded {
  int err;
  int claimed;
  int moved;
};
typedef void (*td_folded_cb)(void *arg, const struct td_folded *r);
/* Folds pending statistics changes into the rollup, and merges the search
 * index's pending list, unless another server (named by server) has folded
 * period slot already or is folding now. db->arena unused. */
TD_MUSTCHECK int td_db_stats_fold(const struct td_db *db, int64_t slot,
                                  const char *server, td_folded_cb cb,
                                  void *arg);

#endif
