/* Statistics definitions; see stats.h. */
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

void td_stats_add(struct td_stat_counts *sum, const struct td_stat_counts *x)
{
  sum->received += x->received;
  sum->accepted += x->accepted;
  sum->not_accepted += x->not_accepted;
  sum->transferred += x->transferred;
  sum->resolved += x->resolved;
  sum->answered_in_writing += x->answered_in_writing;
  sum->mediated_successfully += x->mediated_successfully;
  sum->mediation_failed += x->mediation_failed;
  sum->decision_issued += x->decision_issued;
  sum->withdrawn += x->withdrawn;
  sum->resolved_on_time += x->resolved_on_time;
  sum->resolved_late += x->resolved_late;
  sum->open_within_deadline += x->open_within_deadline;
  sum->open_overdue += x->open_overdue;
  sum->group_petitions += x->group_petitions;
  sum->open_due_soon += x->open_due_soon;
}

static int ratio(uint64_t num, uint64_t den, double *rate)
{
  if (den == 0)
    return -1;
  *rate = (double)num / (double)den;
  return 0;
}

int td_stats_rate_resolved(const struct td_stat_counts *c, double *rate)
{
  return ratio(c->resolved, c->received, rate);
}

int td_stats_rate_on_time(const struct td_stat_counts *c, double *rate)
{
  return ratio(c->resolved_on_time, c->resolved, rate);
}

int td_stats_check(const struct td_stat_counts *c, const char **why)
{
  if (c->not_accepted + c->transferred + c->resolved + c->withdrawn +
          c->open_within_deadline + c->open_overdue !=
      c->received) {
    *why = "the statuses do not add up to received";
    return -1;
  }
  if (c->answered_in_writing + c->mediated_successfully + c->mediation_failed +
          c->decision_issued !=
      c->resolved) {
    *why = "the outcomes do not add up to resolved";
    return -1;
  }
  if (c->resolved_on_time + c->resolved_late != c->resolved) {
    *why = "on time and late do not add up to resolved";
    return -1;
  }
  if (c->open_due_soon > c->open_within_deadline) {
    *why = "more due soon than open within the deadline";
    return -1;
  }
  if (c->accepted > c->received || c->group_petitions > c->received) {
    *why = "a part is larger than the whole";
    return -1;
  }
  return 0;
}

int td_month_parse(const char *s, int *index)
{
  int y;
  int m;

  if (strlen(s) != 7 || s[4] != '-')
    return -1;
  if (sscanf(s, "%4d-%2d", &y, &m) != 2 || y < 2000 || y > 2100 || m < 1 ||
      m > 12)
    return -1;
  *index = y * 12 + (m - 1);
  return 0;
}

void td_month_first_day(int index, char out[11])
{
  /* Indexes come from td_month_parse: years 2000..2101 fit in four digits. */
  unsigned y = (unsigned)(index / 12) % 10000u;
  unsigned m = (unsigned)(index % 12) + 1u;

  snprintf(out, 11, "%04u-%02u-01", y, m);
}
