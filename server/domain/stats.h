/*
 * What the statistics mean: the measures counted for a group of petitions
 * and the rates derived from them, defined here once. Pure.
 *
 * The petitions counted are those RECEIVED in the period, as they stand
 * today:
 *   received             all of them;
 *   accepted             those accepted for handling (thụ lý), even if later
 *                        resolved, withdrawn or reopened;
 *   not_accepted, transferred, withdrawn, resolved: by current status, and
 *                        resolved split by outcome;
 *   resolved_on_time     resolved on or before the effective deadline (or
 *                        with no deadline); resolved_late the others;
 *   open_within_deadline received, accepted or in progress, and not past the
 *                        deadline (or with none) on the day asked;
 *   open_overdue         open and past the deadline on the day asked;
 *   open_due_soon        of open_within_deadline, those whose deadline is
 *                        within TD_STATS_SOON_DAYS (or the days asked) of
 *                        the day asked, that day and the last included;
 *   group_petitions      signed by five or more (đoàn đông người).
 * Rates:
 *   rate_resolved = resolved / received;
 *   rate_on_time  = resolved_on_time / resolved.
 * A rate with a zero denominator has no value (it is absent, not 0).
 *
 * Open now (StatsReply.open_now) is the three open measures again, counted
 * over every petition of the area whatever the day it was received, on the
 * day asked: what a dashboard must act on, apart from the period's figures.
 * A period is whole months (from the aggregates) or days, Vietnam days
 * from_day to to_day included (from the petitions), the same measures.
 */
#ifndef TD_STATS_H
#define TD_STATS_H

#include <stdint.h>

#include "common/limits.h"

struct td_stat_counts {
  uint64_t received;
  uint64_t accepted;
  uint64_t not_accepted;
  uint64_t transferred;
  uint64_t resolved;
  uint64_t answered_in_writing;
  uint64_t mediated_successfully;
  uint64_t mediation_failed;
  uint64_t decision_issued;
  uint64_t withdrawn;
  uint64_t resolved_on_time;
  uint64_t resolved_late;
  uint64_t open_within_deadline;
  uint64_t open_overdue;
  uint64_t group_petitions;
  uint64_t open_due_soon;
};

/* "Due within 3 days" (TD_STATS_SOON_DAYS) and how far a request may ask
 * (TD_STATS_SOON_DAYS_MAX) are limits both programs keep: common/limits.h. */

/* Adds x into sum, measure by measure. */
void td_stats_add(struct td_stat_counts *sum, const struct td_stat_counts *x);

/* Each returns 0 and the rate in [0, 1], or -1 when it has no value. */
int td_stats_rate_resolved(const struct td_stat_counts *c, double *rate);
int td_stats_rate_on_time(const struct td_stat_counts *c, double *rate);

/*
 * Checks that the counts are consistent: every petition is in exactly one
 * status bucket, the outcomes and the timeliness add up to resolved.
 * Returns 0, or -1 naming the broken equation in *why.
 */
int td_stats_check(const struct td_stat_counts *c, const char **why);

/* Parses "YYYY-MM" (2000..2100) into a month index y * 12 + (m - 1). */
int td_month_parse(const char *s, int *index);
/* Writes the first day of the month index as "YYYY-MM-01". */
void td_month_first_day(int index, char out[11]);

#endif
