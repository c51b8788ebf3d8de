/* Statistics definitions: rates, their absence, consistency, months. */
#include "domain/stats.h"
#include "test.h"

/* Bình Lư since the merger: 57 received, 56 resolved on time, 1 open within
 * its deadline. */
static struct td_stat_counts binh_lu(void)
{
  struct td_stat_counts c;

  memset(&c, 0, sizeof(c));
  c.received = 57;
  c.accepted = 57;
  c.resolved = 56;
  c.answered_in_writing = 56;
  c.resolved_on_time = 56;
  c.open_within_deadline = 1;
  return c;
}

static void rates_of_the_binh_lu_report(void)
{
  struct td_stat_counts c = binh_lu();
  double r;
  const char *why;

  ASSERT_EQ(td_stats_check(&c, &why), 0);
  ASSERT_EQ(td_stats_rate_resolved(&c, &r), 0);
  ASSERT(r > 0.9824 && r < 0.9825); /* 56 / 57 */
  ASSERT_EQ(td_stats_rate_on_time(&c, &r), 0);
  ASSERT(r == 1.0); /* 56 / 56 */
}

static void a_rate_without_denominator_is_absent(void)
{
  struct td_stat_counts c;
  double r = -7;

  memset(&c, 0, sizeof(c));
  ASSERT_EQ(td_stats_rate_resolved(&c, &r), -1);
  ASSERT_EQ(td_stats_rate_on_time(&c, &r), -1);
  ASSERT(r == -7);
  c.received = 3;
  c.open_overdue = 3;
  ASSERT_EQ(td_stats_rate_resolved(&c, &r), 0);
  ASSERT(r == 0.0);
  ASSERT_EQ(td_stats_rate_on_time(&c, &r), -1);
}

static void add_sums_every_measure(void)
{
  struct td_stat_counts a = binh_lu();
  struct td_stat_counts b = binh_lu();
  const char *why;

  b.open_due_soon = 1;
  td_stats_add(&a, &b);
  ASSERT_EQ(a.open_due_soon, 1);
  ASSERT_EQ(a.received, 114);
  ASSERT_EQ(a.resolved_on_time, 112);
  ASSERT_EQ(a.open_within_deadline, 2);
  ASSERT_EQ(td_stats_check(&a, &why), 0);
}

static void inconsistent_counts_are_named(void)
{
  struct td_stat_counts c = binh_lu();
  const char *why = NULL;

  c.open_overdue = 1;
  ASSERT_EQ(td_stats_check(&c, &why), -1);
  ASSERT(strstr(why, "statuses") != NULL);
  c = binh_lu();
  c.resolved_late = 1;
  ASSERT_EQ(td_stats_check(&c, &why), -1);
  ASSERT(strstr(why, "on time") != NULL);
  c = binh_lu();
  c.decision_issued = 1;
  ASSERT_EQ(td_stats_check(&c, &why), -1);
  ASSERT(strstr(why, "outcomes") != NULL);
  c = binh_lu();
  c.group_petitions = 58;
  ASSERT_EQ(td_stats_check(&c, &why), -1);
  c = binh_lu();
  c.open_due_soon = 1;
  ASSERT_EQ(td_stats_check(&c, &why), 0);
  c.open_due_soon = 2;
  ASSERT_EQ(td_stats_check(&c, &why), -1);
  ASSERT(strstr(why, "due soon") != NULL);
}

static void months(void)
{
  char day[11];
  int i;
  int j;

  ASSERT_EQ(td_month_parse("2025-07", &i), 0);
  ASSERT_EQ(td_month_parse("2026-06", &j), 0);
  ASSERT_EQ(j - i, 11);
  td_month_first_day(i, day);
  ASSERT_STR_EQ(day, "2025-07-01");
  td_month_first_day(j + 1, day);
  ASSERT_STR_EQ(day, "2026-07-01");
  td_month_first_day(2026 * 12 + 11, day);
  ASSERT_STR_EQ(day, "2026-12-01");
  ASSERT_EQ(td_month_parse("2026-13", &i), -1);
  ASSERT_EQ(td_month_parse("2026-00", &i), -1);
  ASSERT_EQ(td_month_parse("2026-7", &i), -1);
  ASSERT_EQ(td_month_parse("1999-12", &i), -1);
  ASSERT_EQ(td_month_parse("2026-07-01", &i), -1);
}

int main(void)
{
  RUN_TEST(rates_of_the_binh_lu_report);
  RUN_TEST(a_rate_without_denominator_is_absent);
  RUN_TEST(add_sums_every_measure);
  RUN_TEST(inconsistent_counts_are_named);
  RUN_TEST(months);
  return TEST_EXIT();
}
