/* The Vietnamese lunar calendar: Lunar New Year's Day and Giỗ Tổ Hùng
 * Vương of every year 1990-2050 against a published table, a round trip
 * for every day 1900-2100, the leap months of known years, and the dates
 * that do not exist. */
#include "domain/lunar.h"
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

/*
 * Mùng 1 Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar) of each year,
 * as published by python-holidays (github.com/vacanza/holidays, file
 * holidays/calendars/chinese.py, class _ChineseLunisolar): its tables
 * LUNAR_NEW_YEAR_DATES and HUNG_KINGS_DATES, with the Vietnamese calendar's
 * own dates from VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES and
 * VIETNAMESE_CALENDAR_HUNG_KINGS_DATES where Vietnam (UTC+7) differs from
 * China (UTC+8): Tết 2007 (17 February) and 2030 (2 February), Giỗ Tổ 2009
 * (4 April), 2037 (24 April) and 2038 (13 April). Copied as published;
 * spot checks against well-known days: Tết 2024 is 10 February, 2025 is
 * 29 January, 2026 is 17 February, 2027 is 6 February, and the official
 * days off of 2025 and 2026 in sql/schema/002_reference.sql include Giỗ Tổ
 * on 7 April 2025 and 27 April 2026 (Sunday 26 April, compensated).
 */
static const struct {
  int year;
  const char *tet;
  const char *hung_kings;
} published[] = {
    {1990, "1990-01-27", "1990-04-05"}, {1991, "1991-02-15", "1991-04-24"},
    {1992, "1992-02-04", "1992-04-12"}, {1993, "1993-01-23", "1993-04-01"},
    {1994, "1994-02-10", "1994-04-20"}, {1995, "1995-01-31", "1995-04-09"},
    {1996, "1996-02-19", "1996-04-27"}, {1997, "1997-02-07", "1997-04-16"},
    {1998, "1998-01-28", "1998-04-06"}, {1999, "1999-02-16", "1999-04-25"},
    {2000, "2000-02-05", "2000-04-14"}, {2001, "2001-01-24", "2001-04-03"},
    {2002, "2002-02-12", "2002-04-22"}, {2003, "2003-02-01", "2003-04-11"},
    {2004, "2004-01-22", "2004-04-28"}, {2005, "2005-02-09", "2005-04-18"},
    {2006, "2006-01-29", "2006-04-07"}, {2007, "2007-02-17", "2007-04-26"},
    {2008, "2008-02-07", "2008-04-15"}, {2009, "2009-01-26", "2009-04-04"},
    {2010, "2010-02-14", "2010-04-23"}, {2011, "2011-02-03", "2011-04-12"},
    {2012, "2012-01-23", "2012-03-31"}, {2013, "2013-02-10", "2013-04-19"},
    {2014, "2014-01-31", "2014-04-09"}, {2015, "2015-02-19", "2015-04-28"},
    {2016, "2016-02-08", "2016-04-16"}, {2017, "2017-01-28", "2017-04-06"},
    {2018, "2018-02-16", "2018-04-25"}, {2019, "2019-02-05", "2019-04-14"},
    {2020, "2020-01-25", "2020-04-02"}, {2021, "2021-02-12", "2021-04-21"},
    {2022, "2022-02-01", "2022-04-10"}, {2023, "2023-01-22", "2023-04-29"},
    {2024, "2024-02-10", "2024-04-18"}, {2025, "2025-01-29", "2025-04-07"},
    {2026, "2026-02-17", "2026-04-26"}, {2027, "2027-02-06", "2027-04-16"},
    {2028, "2028-01-26", "2028-04-04"}, {2029, "2029-02-13", "2029-04-23"},
    {2030, "2030-02-02", "2030-04-12"}, {2031, "2031-01-23", "2031-04-01"},
    {2032, "2032-02-11", "2032-04-19"}, {2033, "2033-01-31", "2033-04-09"},
    {2034, "2034-02-19", "2034-04-28"}, {2035, "2035-02-08", "2035-04-17"},
    {2036, "2036-01-28", "2036-04-06"}, {2037, "2037-02-15", "2037-04-24"},
    {2038, "2038-02-04", "2038-04-13"}, {2039, "2039-01-24", "2039-04-03"},
    {2040, "2040-02-12", "2040-04-20"}, {2041, "2041-02-01", "2041-04-10"},
    {2042, "2042-01-22", "2042-04-29"}, {2043, "2043-02-10", "2043-04-19"},
    {2044, "2044-01-30", "2044-04-07"}, {2045, "2045-02-17", "2045-04-26"},
    {2046, "2046-02-06", "2046-04-15"}, {2047, "2047-01-26", "2047-04-04"},
    {2048, "2048-02-14", "2048-04-22"}, {2049, "2049-02-02", "2049-04-11"},
    {2050, "2050-01-23", "2050-04-01"},
};

static void lunar_new_year_matches_the_published_table(void)
{
  size_t i;
  td_day got;

  ASSERT_EQ(N(published), (size_t)61);
  for (i = 0; i < N(published); i++) {
    struct td_lunar_date tet = {1, 1, published[i].year, 0};

    ASSERT_EQ(td_lunar_to_solar(&tet, &got), 0);
    ASSERT_DAY(got, published[i].tet);
  }
}

static void hung_kings_day_matches_the_published_table(void)
{
  size_t i;
  td_day got;

  for (i = 0; i < N(published); i++) {
    struct td_lunar_date hung = {10, 3, published[i].year, 0};

    ASSERT_EQ(td_lunar_to_solar(&hung, &got), 0);
    ASSERT_DAY(got, published[i].hung_kings);
  }
}

/* The other way: each published day reads as 1/1 and 10/3 of its year. */
static void published_days_read_back_as_their_lunar_dates(void)
{
  size_t i;
  struct td_lunar_date l;

  for (i = 0; i < N(published); i++) {
    ASSERT_EQ(td_lunar_from_solar(day(published[i].tet), &l), 0);
    ASSERT(l.day == 1 && l.month == 1 && l.year == published[i].year &&
           l.leap == 0);
    ASSERT_EQ(td_lunar_from_solar(day(published[i].hung_kings), &l), 0);
    ASSERT(l.day == 10 && l.month == 3 && l.year == published[i].year &&
           l.leap == 0);
  }
}

static void well_known_tet_days(void)
{
  static const struct {
    int year;
    const char *tet;
  } cases[] = {
      {2024, "2024-02-10"},
      {2025, "2025-01-29"},
      {2026, "2026-02-17"},
      {2027, "2027-02-06"},
  };
  size_t i;
  td_day got;

  for (i = 0; i < N(cases); i++) {
    struct td_lunar_date tet = {1, 1, cases[i].year, 0};

    ASSERT_EQ(td_lunar_to_solar(&tet, &got), 0);
    ASSERT_DAY(got, cases[i].tet);
  }
}

/* Every day of 1900-2100 converts to a lunar date and back to itself, and
 * consecutive days make a calendar: the next lunar day, or the first of a
 * month after a 29th or 30th, the year turning only at 1/1. */
static void every_day_1900_2100_round_trips(void)
{
  td_day d, first = day("1900-01-01"), last = day("2100-12-31"), back;
  struct td_lunar_date l, prev;
  int first_of_month;

  ASSERT_EQ(td_lunar_from_solar(first, &prev), 0);
  for (d = first; d <= last; d++) {
    ASSERT_EQ(td_lunar_from_solar(d, &l), 0);
    ASSERT_EQ(td_lunar_to_solar(&l, &back), 0);
    ASSERT_EQ(back, d);
    if (d == first)
      continue;
    first_of_month = l.day == 1;
    if (!first_of_month) {
      ASSERT(l.day == prev.day + 1 && l.month == prev.month &&
             l.year == prev.year && l.leap == prev.leap);
    } else {
      ASSERT(prev.day == 29 || prev.day == 30);
      if (l.leap)
        ASSERT(l.month == prev.month && l.year == prev.year);
      else if (l.month == 1)
        ASSERT(prev.month == 12 && l.year == prev.year + 1);
      else
        ASSERT(l.month == prev.month + 1 && l.year == prev.year);
    }
    prev = l;
  }
}

static void leap_months_of_known_years(void)
{
  static const struct {
    int year;
    int leap_month; /* 0: none */
    const char *first_day;
  } cases[] = {
      {2012, 4, "2012-05-21"},  {2014, 9, "2014-10-24"},
      {2017, 6, "2017-07-23"},  {2020, 4, "2020-05-23"},
      {2023, 2, "2023-03-22"},  {2025, 6, "2025-07-25"},
      {2033, 11, "2033-12-22"}, {2021, 0, NULL},
      {2022, 0, NULL},          {2024, 0, NULL},
      {2026, 0, NULL},          {2027, 0, NULL},
  };
  size_t i;
  td_day got;

  for (i = 0; i < N(cases); i++) {
    ASSERT_EQ(td_lunar_leap_month(cases[i].year), cases[i].leap_month);
    if (cases[i].first_day != NULL) {
      struct td_lunar_date l = {1, cases[i].leap_month, cases[i].year, 1};

      ASSERT_EQ(td_lunar_to_solar(&l, &got), 0);
      ASSERT_DAY(got, cases[i].first_day);
    }
  }
}

/* The leap month follows the regular month of the same number. */
static void the_leap_month_follows_its_namesake(void)
{
  struct td_lunar_date regular = {1, 6, 2025, 0}, leap = {1, 6, 2025, 1};
  td_day r, l;

  ASSERT_EQ(td_lunar_to_solar(&regular, &r), 0);
  ASSERT_EQ(td_lunar_to_solar(&leap, &l), 0);
  ASSERT_DAY(r, "2025-06-25");
  ASSERT(l - r == 29 || l - r == 30);
}

static void dates_that_do_not_exist_are_refused(void)
{
  static const struct td_lunar_date cases[] = {
      {1, 4, 2024, 1},   /* 2024 has no leap month */
      {1, 5, 2020, 1},   /* 2020's leap month is the 4th */
      {30, 12, 2024, 0}, /* the 12th month of 2024 has 29 days */
      {30, 12, 2025, 0}, /* so has that of 2025 */
      {0, 1, 2026, 0},   {31, 1, 2026, 0}, {1, 0, 2026, 0}, {1, 13, 2026, 0},
      {1, 1, 2026, 2},   {1, 1, 1898, 0},  {1, 1, 2101, 0},
  };
  size_t i;
  td_day got = 0;

  for (i = 0; i < N(cases); i++) {
    ASSERT_EQ(td_lunar_to_solar(&cases[i], &got), TD_EINVAL);
    ASSERT_EQ(got, 0);
  }
}

static void the_last_days_of_the_lunar_year_exist(void)
{
  struct td_lunar_date l29 = {29, 12, 2024, 0}, l30 = {30, 12, 2023, 0};
  td_day got;

  ASSERT_EQ(td_lunar_to_solar(&l29, &got), 0);
  ASSERT_DAY(got, "2025-01-28");
  ASSERT_EQ(td_lunar_to_solar(&l30, &got), 0);
  ASSERT_DAY(got, "2024-02-09");
}

static void days_outside_the_range_are_refused(void)
{
  struct td_lunar_date l;

  ASSERT_EQ(td_lunar_from_solar(day("1899-12-31"), &l), TD_EINVAL);
  ASSERT_EQ(td_lunar_from_solar(day("2101-01-01"), &l), TD_EINVAL);
  ASSERT_EQ(td_lunar_leap_month(1899), 0);
  ASSERT_EQ(td_lunar_leap_month(2101), 0);
}

int main(void)
{
  RUN_TEST(lunar_new_year_matches_the_published_table);
  RUN_TEST(hung_kings_day_matches_the_published_table);
  RUN_TEST(published_days_read_back_as_their_lunar_dates);
  RUN_TEST(well_known_tet_days);
  RUN_TEST(every_day_1900_2100_round_trips);
  RUN_TEST(leap_months_of_known_years);
  RUN_TEST(the_leap_month_follows_its_namesake);
  RUN_TEST(dates_that_do_not_exist_are_refused);
  RUN_TEST(the_last_days_of_the_lunar_year_exist);
  RUN_TEST(days_outside_the_range_are_refused);
  return TEST_EXIT();
}
