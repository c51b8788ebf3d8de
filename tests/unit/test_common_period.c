/* The official reporting periods (15th to 14th windows) of every kind for
 * 2025 to 2027, how they are parsed and named, and the forms' check
 * formulas. */
#include <stdint.h>
#include <string.h>

#include "common/formula.h"
#include "common/period.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void expect_window(const char *text, const char *from, const char *to)
{
  struct td_period p;
  char a[TD_DAY_LEN], b[TD_DAY_LEN];

  ASSERT_EQ(td_period_parse(text, &p), 0);
  td_day_format(p.from, a);
  td_day_format(p.to, b);
  ASSERT_STR_EQ(a, from);
  ASSERT_STR_EQ(b, to);
}

static void every_window_of_2025_to_2027(void)
{
  static const char *const cases[][3] = {
      {"2025-Q1", "2024-12-15", "2025-03-14"},
      {"2025-Q2", "2025-03-15", "2025-06-14"},
      {"2025-Q3", "2025-06-15", "2025-09-14"},
      {"2025-Q4", "2025-09-15", "2025-12-14"},
      {"2025-6M", "2024-12-15", "2025-06-14"},
      {"2025-9M", "2024-12-15", "2025-09-14"},
      {"2025", "2024-12-15", "2025-12-14"},
      {"2026-Q1", "2025-12-15", "2026-03-14"},
      {"2026-Q2", "2026-03-15", "2026-06-14"},
      {"2026-Q3", "2026-06-15", "2026-09-14"},
      {"2026-Q4", "2026-09-15", "2026-12-14"},
      {"2026-6M", "2025-12-15", "2026-06-14"},
      {"2026-9M", "2025-12-15", "2026-09-14"},
      {"2026", "2025-12-15", "2026-12-14"},
      {"2027-Q1", "2026-12-15", "2027-03-14"},
      {"2027-Q2", "2027-03-15", "2027-06-14"},
      {"2027-Q3", "2027-06-15", "2027-09-14"},
      {"2027-Q4", "2027-09-15", "2027-12-14"},
      {"2027-6M", "2026-12-15", "2027-06-14"},
      {"2027-9M", "2026-12-15", "2027-09-14"},
      {"2027", "2026-12-15", "2027-12-14"},
      {"2026-q1", "2025-12-15", "2026-03-14"},
      {"2026-6m", "2025-12-15", "2026-06-14"},
      {"2025-07-01..2026-12-02", "2025-07-01", "2026-12-02"},
      {"2026-12-02..2026-12-02", "2026-12-02", "2026-12-02"},
  };
  size_t i;

  for (i = 0; i < N(cases); i++)
    expect_window(cases[i][0], cases[i][1], cases[i][2]);
}

/* The quarters of a year tile its annual window without gap or overlap,
 * and the next year's first quarter starts the day after. */
static void quarters_tile_the_year(void)
{
  int year;

  for (year = 2000; year <= 2100; year++) {
    struct td_period q[4], y, next;
    int k;

    for (k = 0; k < 4; k++)
      td_period_of((enum td_period_kind)(TD_PERIOD_Q1 + k), year, &q[k]);
    td_period_of(TD_PERIOD_YEAR, year, &y);
    td_period_of(TD_PERIOD_Q1, year + 1, &next);
    ASSERT_EQ(q[0].from, y.from);
    ASSERT_EQ(q[3].to, y.to);
    for (k = 1; k < 4; k++)
      ASSERT_EQ(q[k].from, q[k - 1].to + 1);
    ASSERT_EQ(next.from, y.to + 1);
  }
}

static void bad_periods_are_refused(void)
{
  static const char *const bad[] = {
      "",
      "2026-Q5",
      "2026-Q0",
      "2026-H1",
      "26",
      "20260",
      "2026-",
      "1999",
      "2101",
      "2026-12-15..2026-12-14",
      "2026-02-30..2026-03-01",
      "2026-01-01..",
      "..2026-01-01",
      "2026-1-1..2026-2-1",
      "abcd",
      "2026-6M ",
      " 2026",
  };
  struct td_period p;
  size_t i;

  for (i = 0; i < N(bad); i++)
    ASSERT_NE(td_period_parse(bad[i], &p), 0);
  ASSERT_NE(td_period_parse(NULL, &p), 0);
}

static void periods_are_named_as_reports_name_them(void)
{
  static const char *const cases[][3] = {
      {"2026-Q1", "quý I năm 2026", "the first quarter of 2026"},
      {"2026-Q4", "quý IV năm 2026", "the fourth quarter of 2026"},
      {"2026-6M", "6 tháng đầu năm 2026", "the first half of 2026"},
      {"2026-9M", "9 tháng năm 2026", "the first nine months of 2026"},
      {"2026", "năm 2026", "2026"},
      {"2025-07-01..2026-12-02", "từ ngày 01/7/2025 đến ngày 02/12/2026",
       "from 01/7/2025 to 02/12/2026"},
      {"2026-02-05..2026-03-09", "từ ngày 05/02/2026 đến ngày 09/3/2026",
       "from 05/02/2026 to 09/3/2026"},
  };
  char buf[128];
  struct td_period p;
  size_t i;

  for (i = 0; i < N(cases); i++) {
    ASSERT_EQ(td_period_parse(cases[i][0], &p), 0);
    td_period_name(&p, 1, buf, sizeof(buf));
    ASSERT_STR_EQ(buf, cases[i][1]);
    td_period_name(&p, 0, buf, sizeof(buf));
    ASSERT_STR_EQ(buf, cases[i][2]);
  }
  ASSERT_EQ(td_period_parse("2026", &p), 0);
  td_period_window(&p, 1, buf, sizeof(buf));
  ASSERT_STR_EQ(buf, "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026");
}

static void formulas_hold_fail_and_refuse(void)
{
  /* Columns 1..6. */
  int64_t v[] = {10, 4, 6, 3, 3, -1};

  ASSERT_EQ(td_formula_check("1 = 2 + 3", v, 6), TD_FORMULA_HOLDS);
  ASSERT_EQ(td_formula_check("1=2+3", v, 6), TD_FORMULA_HOLDS);
  ASSERT_EQ(td_formula_check("3 = 4 + 5", v, 6), TD_FORMULA_HOLDS);
  ASSERT_EQ(td_formula_check("1 = 2 + 3 = 2 + 4 + 5", v, 6), TD_FORMULA_HOLDS);
  ASSERT_EQ(td_formula_check("1 = 2 + 4", v, 6), TD_FORMULA_FAILS);
  ASSERT_EQ(td_formula_check("1 = 2 + 3 = 2 + 4", v, 6), TD_FORMULA_FAILS);
  ASSERT_EQ(td_formula_check("2 <= 3", v, 6), TD_FORMULA_HOLDS);
  ASSERT_EQ(td_formula_check("3 <= 2", v, 6), TD_FORMULA_FAILS);
  ASSERT_EQ(td_formula_check("4 <= 5", v, 6), TD_FORMULA_HOLDS);
  /* A blank column or one beyond the row cannot be verified. */
  ASSERT_EQ(td_formula_check("1 = 2 + 6", v, 6), TD_FORMULA_UNKNOWN);
  ASSERT_EQ(td_formula_check("1 = 2 + 7", v, 6), TD_FORMULA_UNKNOWN);
  ASSERT_EQ(td_formula_check("6 <= 1", v, 6), TD_FORMULA_UNKNOWN);
  /* Not formulas. */
  ASSERT_EQ(td_formula_check("1", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("1 = ", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("1 = 2 +", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("1 = 2 - 3", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("0 = 2", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("1 = 20000", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("1 <= 2 <= 3", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check("a = b", v, 6), TD_FORMULA_MALFORMED);
  ASSERT_EQ(td_formula_check(NULL, v, 6), TD_FORMULA_MALFORMED);
}

int main(void)
{
  RUN_TEST(every_window_of_2025_to_2027);
  RUN_TEST(quarters_tile_the_year);
  RUN_TEST(bad_periods_are_refused);
  RUN_TEST(periods_are_named_as_reports_name_them);
  RUN_TEST(formulas_hold_fail_and_refuse);
  return TEST_EXIT();
}
