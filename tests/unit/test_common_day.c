/* Days and months as server and client count them: conversions both ways
 * over two centuries, leap years, month ends, weekdays of known dates,
 * impossible dates, parsing and formatting, Vietnam's day of a Unix time,
 * and month indexes. */
#include <stdint.h>

#include "common/day.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A date from its text; TD_DAY_NONE (which no check expects) if malformed. */
static td_day day(const char *s)
{
  td_day d;

  return td_day_parse(s, &d) == 0 ? d : TD_DAY_NONE;
}

#define ASSERT_DAY(d, text)                                                    \
  do {                                                                         \
    char got_[TD_DAY_LEN];                                                     \
    td_day_format((d), got_);                                                  \
    ASSERT_STR_EQ(got_, (text));                                               \
  } while (0)

static void leap_years_follow_the_gregorian_rule(void)
{
  static const struct {
    int year;
    int leap;
  } cases[] = {
      {1600, 1}, {1700, 0}, {1800, 0}, {1900, 0}, {1970, 0}, {1996, 1},
      {1999, 0}, {2000, 1}, {2001, 0}, {2004, 1}, {2023, 0}, {2024, 1},
      {2025, 0}, {2026, 0}, {2028, 1}, {2096, 1}, {2100, 0}, {2200, 0},
      {2300, 0}, {2400, 1}, {0, 1},    {4, 1},    {100, 0},  {400, 1},
  };
  size_t i;

  for (i = 0; i < N(cases); i++)
    ASSERT_EQ(td_day_is_leap(cases[i].year), cases[i].leap);
}

static void months_end_where_the_calendar_says(void)
{
  static const int common[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
  static const int leap[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  td_day d;
  int m;

  for (m = 1; m <= 12; m++) {
    ASSERT_EQ(td_day_days_in_month(2026, m), common[m - 1]);
    ASSERT_EQ(td_day_days_in_month(2024, m), leap[m - 1]);
    ASSERT_EQ(td_day_days_in_month(1900, m), common[m - 1]);
    ASSERT_EQ(td_day_days_in_month(2000, m), leap[m - 1]);
    /* The last day of each month exists, the day after it does not. */
    ASSERT_EQ(td_day_from_ymd(2026, m, common[m - 1], &d), 0);
    ASSERT_EQ(td_day_from_ymd(2026, m, common[m - 1] + 1, &d), TD_EINVAL);
  }
  ASSERT_EQ(td_day_days_in_month(2026, 0), 0);
  ASSERT_EQ(td_day_days_in_month(2026, 13), 0);
}

/* Weekdays of dates looked up on printed calendars. */
static void weekdays_of_known_dates(void)
{
  static const struct {
    const char *date;
    int weekday; /* 0 = Monday. */
  } cases[] = {
      {"1945-09-02", 6}, /* Independence Day: a Sunday. */
      {"1969-12-31", 2}, {"1970-01-01", 3}, {"1975-04-30", 2},
      {"2000-01-01", 5}, {"2000-02-29", 1}, {"2024-02-29", 3},
      {"2025-07-01", 1}, /* The two-level local government begins. */
      {"2026-01-01", 3}, {"2026-02-17", 1}, /* Tết Bính Ngọ. */
      {"2026-07-01", 2}, {"2026-09-02", 2}, {"2100-12-31", 4},
  };
  size_t i;

  for (i = 0; i < N(cases); i++)
    ASSERT_EQ(td_day_weekday(day(cases[i].date)), cases[i].weekday);
}

static void impossible_dates_in_a_table_are_refused(void)
{
  static const int cases[][3] = {
      {2026, 2, 29}, {2025, 2, 29}, {1900, 2, 29}, {2100, 2, 29},
      {2026, 4, 31}, {2026, 6, 31}, {2026, 9, 31}, {2026, 11, 31},
      {2026, 0, 1},  {2026, 13, 1}, {2026, 1, 0},  {2026, 1, 32},
      {2026, -1, 1}, {2026, 1, -1}, {2024, 2, 30},
  };
  td_day d = 7;
  size_t i;

  for (i = 0; i < N(cases); i++)
    ASSERT_EQ(td_day_from_ymd(cases[i][0], cases[i][1], cases[i][2], &d),
              TD_EINVAL);
  ASSERT_EQ(d, 7);
}

static void parse_n_reads_both_forms_of_n_bytes(void)
{
  td_day d;

  ASSERT_EQ(td_day_parse_n("2026-02-13 and more", 10, &d), 0);
  ASSERT_EQ(d, 20497);
  ASSERT_EQ(td_day_parse_n("20260213T080000Z", 8, &d), 0);
  ASSERT_EQ(d, 20497);
  ASSERT_EQ(td_day_parse_n("20260230", 8, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse_n("2026021", 7, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse_n("2026-0213", 9, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse_n("2026-02-1x", 10, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse_n("2026x02-13", 10, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse_n("2026-02-13", 8, &d), TD_EINVAL);
}

static void month_indexes_parse_and_format(void)
{
  static const char *const bad[] = {"2026",     "2026-1",  "2026-13",
                                    "2026-00",  "2026-1a", "2026/01",
                                    "2026-011", "",        "x026-01"};
  char out[TD_MONTH_LEN];
  int index = 7;
  size_t i;

  ASSERT_EQ(td_month_index(2026, 1), 2026 * 12);
  ASSERT_EQ(td_month_index_parse("2026-01", &index), 0);
  ASSERT_EQ(index, td_month_index(2026, 1));
  ASSERT_EQ(td_month_index_parse("2025-12", &index), 0);
  ASSERT_EQ(index, td_month_index(2026, 1) - 1);
  for (i = 0; i < N(bad); i++)
    ASSERT_EQ(td_month_index_parse(bad[i], &index), TD_EINVAL);
  ASSERT_EQ(td_month_index_parse(NULL, &index), TD_EINVAL);
  ASSERT_EQ(index, td_month_index(2025, 12));
  td_month_index_format(td_month_index(2026, 7), out);
  ASSERT_STR_EQ(out, "2026-07");
  td_month_index_format(td_month_index(2000, 1) - 1, out);
  ASSERT_STR_EQ(out, "1999-12");
  td_month_index_format(td_month_index(987, 10), out);
  ASSERT_STR_EQ(out, "0987-10");
}

/* Every day from 1900 to 2100 converts both ways, and consecutive day
 * numbers are consecutive dates on the calendar. */
static void every_day_from_1900_to_2100_round_trips(void)
{
  td_day first;
  td_day last;
  td_day d;
  td_day back;
  int y = 1900;
  int m = 1;
  int dd = 1;
  int gy;
  int gm;
  int gd;

  ASSERT_EQ(td_day_from_ymd(1900, 1, 1, &first), 0);
  ASSERT_EQ(td_day_from_ymd(2100, 12, 31, &last), 0);
  ASSERT_EQ(first, -25567);
  ASSERT_EQ(last, 47846);
  for (d = first; d <= last; d++) {
    td_day_to_ymd(d, &gy, &gm, &gd);
    ASSERT_EQ(gy, y);
    ASSERT_EQ(gm, m);
    ASSERT_EQ(gd, dd);
    ASSERT_EQ(td_day_from_ymd(gy, gm, gd, &back), 0);
    ASSERT_EQ(back, d);
    if (++dd > td_day_days_in_month(y, m)) {
      dd = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
}

static void known_days_and_weekdays(void)
{
  td_day d;

  ASSERT_EQ(td_day_from_ymd(1970, 1, 1, &d), 0);
  ASSERT_EQ(d, 0);
  ASSERT_EQ(td_day_weekday(0), 3); /* Thursday. */
  ASSERT_EQ(td_day_weekday(-1), 2);
  ASSERT_EQ(day("2000-03-01"), 11017);
  ASSERT_EQ(td_day_weekday(day("2000-03-01")), 2);
  ASSERT_EQ(td_day_weekday(day("2000-01-01")), 5);
  ASSERT_EQ(td_day_weekday(day("1900-01-01")), 0);
  ASSERT_EQ(day("2026-02-13"), 20497);
  ASSERT_EQ(td_day_weekday(day("2026-02-13")), 4);
  ASSERT_EQ(td_day_weekday(day("2026-03-15")), 6);
  ASSERT_EQ(td_day_weekday(day("2026-04-27")), 0);
  ASSERT_EQ(td_day_weekday(day("1969-12-28")), 6);
}

/* Weekdays cycle Monday to Sunday without a break, before 1970 as after. */
static void weekdays_cycle_from_1900_to_2100(void)
{
  td_day d;

  for (d = day("1900-01-01"); d < day("2100-12-31"); d++) {
    ASSERT(td_day_weekday(d) >= 0 && td_day_weekday(d) <= 6);
    ASSERT_EQ(td_day_weekday(d + 1), (td_day_weekday(d) + 1) % 7);
  }
}

static void leap_days_follow_the_gregorian_rule(void)
{
  td_day d;

  ASSERT_EQ(td_day_from_ymd(2024, 2, 29, &d), 0);
  ASSERT_EQ(td_day_from_ymd(2000, 2, 29, &d), 0);
  ASSERT_EQ(td_day_from_ymd(2025, 2, 29, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(1900, 2, 29, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2100, 2, 29, &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse("2024-02-29", &d), 0);
  ASSERT_EQ(td_day_parse("2025-02-29", &d), TD_EINVAL);
}

static void impossible_dates_are_refused(void)
{
  td_day d;

  ASSERT_EQ(td_day_from_ymd(2026, 2, 30, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 4, 31, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 0, 1, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 13, 1, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 1, 0, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 1, 32, &d), TD_EINVAL);
  ASSERT_EQ(td_day_from_ymd(2026, 12, 31, &d), 0);
}

static void parse_accepts_exactly_yyyy_mm_dd(void)
{
  static const char *const bad[] = {
      "2026-2-1",   "2026-02-01x", "",           "2026/02/01", "20260201",
      "2026-02-1a", " 026-02-01",  "+026-02-01", "2026-02-00", "2026-13-01",
      "2026-02-30", "2026-02-01 ", "2026x02-01", "2026-02x01"};
  td_day d = 7;
  size_t i;

  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    ASSERT_EQ(td_day_parse(bad[i], &d), TD_EINVAL);
  ASSERT_EQ(td_day_parse(NULL, &d), TD_EINVAL);
  ASSERT_EQ(d, 7);
  ASSERT_EQ(td_day_parse("2026-02-13", &d), 0);
  ASSERT_EQ(d, 20497);
}

static void format_pads_with_zeros(void)
{
  td_day d;

  ASSERT_EQ(td_day_from_ymd(987, 6, 5, &d), 0);
  ASSERT_DAY(d, "0987-06-05");
  ASSERT_DAY(0, "1970-01-01");
  ASSERT_DAY(-1, "1969-12-31");
  ASSERT_DAY(20497, "2026-02-13");
}

/* Midnight in Vietnam is 17:00 UTC the day before. */
static void unix_time_is_read_in_vietnam_time(void)
{
  ASSERT_DAY(td_day_from_unix_vn(1770915600), "2026-02-13");
  ASSERT_DAY(td_day_from_unix_vn(1770915599), "2026-02-12");
  ASSERT_DAY(td_day_from_unix_vn(1770915600 + 86399), "2026-02-13");
  ASSERT_EQ(td_day_from_unix_vn(0), 0);
  ASSERT_EQ(td_day_from_unix_vn(61199), 0);
  ASSERT_EQ(td_day_from_unix_vn(61200), 1);
  ASSERT_EQ(td_day_from_unix_vn(-25200), 0);
  ASSERT_EQ(td_day_from_unix_vn(-25201), -1);
  ASSERT_EQ(td_day_from_unix_vn(-25200 - 86400), -1);
  ASSERT_EQ(td_day_from_unix_vn(-25201 - 86400), -2);
}

/* Vietnam's clock and back, at the edges of a day and of time itself. */
static void vietnam_clock_round_trips(void)
{
  static const int64_t times[] = {INT64_C(0),          INT64_C(-1),
                                  INT64_C(1770915599), INT64_C(1770915600),
                                  INT64_C(1796086859), INT64_C(-2208988800),
                                  INT64_C(4102444799)};
  struct td_vn_clock c;
  td_day day;
  size_t i;

  ASSERT_EQ(td_day_from_ymd(2026, 12, 1, &day), 0);
  ASSERT_EQ(td_vn_time(day, 8, 0), INT64_C(1796086800));
  td_vn_clock(INT64_C(1796086859), &c);
  ASSERT_EQ(c.day, day);
  ASSERT_EQ(c.hour, 8);
  ASSERT_EQ(c.minute, 0);
  ASSERT_EQ(c.second, 59);
  /* 17:00 UTC is midnight of the next day in Vietnam. */
  td_vn_clock(td_vn_time(day, 0, 0) - 1, &c);
  ASSERT_EQ(c.day, day - 1);
  ASSERT_EQ(c.hour, 23);
  ASSERT_EQ(c.minute, 59);
  ASSERT_EQ(c.second, 59);
  for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
    td_vn_clock(times[i], &c);
    ASSERT(c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60 &&
           c.second >= 0 && c.second < 60);
    ASSERT_EQ(c.day, td_day_from_unix_vn(times[i]));
    ASSERT_EQ(td_vn_time(c.day, c.hour, c.minute) + c.second, times[i]);
  }
}

static void days_between_is_signed(void)
{
  ASSERT_EQ(td_days_between(day("2026-02-13"), day("2026-03-16")), 31);
  ASSERT_EQ(td_days_between(day("2026-03-16"), day("2026-02-13")), -31);
  ASSERT_EQ(td_days_between(day("2024-02-28"), day("2024-03-01")), 2);
  ASSERT_EQ(td_days_between(day("2026-02-13"), day("2026-02-13")), 0);
}

int main(void)
{
  RUN_TEST(every_day_from_1900_to_2100_round_trips);
  RUN_TEST(known_days_and_weekdays);
  RUN_TEST(weekdays_cycle_from_1900_to_2100);
  RUN_TEST(leap_days_follow_the_gregorian_rule);
  RUN_TEST(impossible_dates_are_refused);
  RUN_TEST(parse_accepts_exactly_yyyy_mm_dd);
  RUN_TEST(format_pads_with_zeros);
  RUN_TEST(unix_time_is_read_in_vietnam_time);
  RUN_TEST(days_between_is_signed);
  RUN_TEST(vietnam_clock_round_trips);
  RUN_TEST(leap_years_follow_the_gregorian_rule);
  RUN_TEST(months_end_where_the_calendar_says);
  RUN_TEST(weekdays_of_known_dates);
  RUN_TEST(impossible_dates_in_a_table_are_refused);
  RUN_TEST(parse_n_reads_both_forms_of_n_bytes);
  RUN_TEST(month_indexes_parse_and_format);
  return TEST_EXIT();
}
