/* Local dates and times as officers type and read them. */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "input/datetime.h"
#include "render/datetime.h"

/* 2026-03-05 00:00 UTC. */
#define MAR5_UTC INT64_C(1772668800)

/* Vietnam's offset, written in POSIX form so no tz database is needed. */

static void test_parse_date_and_time_as_local(void)
{
  int64_t t;

  vietnam();
  ASSERT_EQ(td_datetime_parse("2026-03-05 14:30", &t), 0);
  ASSERT_EQ(t, MAR5_UTC + 7 * 3600 + 30 * 60);
  ASSERT_EQ(td_datetime_parse("2026-03-05T14:30", &t), 0);
  ASSERT_EQ(t, MAR5_UTC + 7 * 3600 + 30 * 60);
}

static void test_parse_date_alone_is_local_midnight(void)
{
  int64_t t;

  vietnam();
  ASSERT_EQ(td_datetime_parse("2026-03-05", &t), 0);
  ASSERT_EQ(t, MAR5_UTC - 7 * 3600);
}

static void test_parse_refuses_days_that_do_not_exist(void)
{
  int64_t t;

  vietnam();
  ASSERT_EQ(td_datetime_parse("2026-02-29", &t), -1);
  ASSERT_EQ(td_datetime_parse("2024-02-29", &t), 0);
  ASSERT_EQ(td_datetime_parse("2026-04-31", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-13-01", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-00-10", &t), -1);
}

static void test_parse_refuses_other_shapes(void)
{
  int64_t t;

  vietnam();
  ASSERT_EQ(td_datetime_parse("2026-3-5", &t), -1);
  ASSERT_EQ(td_datetime_parse("05/03/26", &t), -1);
  ASSERT_EQ(td_datetime_parse("05-03-2026", &t), -1);
  ASSERT_EQ(td_datetime_parse("005/03/2026", &t), -1);
  ASSERT_EQ(td_datetime_parse("05/03/2026T14:30", &t), -1);
  ASSERT_EQ(td_datetime_parse("05/03/2026 14:30x", &t), -1);
  ASSERT_EQ(td_datetime_parse("/03/2026", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-03-05 24:00", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-03-05 14:60", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-03-05 14:30:00", &t), -1);
  ASSERT_EQ(td_datetime_parse("2026-03-05x", &t), -1);
  ASSERT_EQ(td_datetime_parse("", &t), -1);
}

static void test_parse_day_gives_the_midnight_after(void)
{
  int64_t from;
  int64_t to;

  vietnam();
  ASSERT_EQ(td_datetime_parse_day("2026-03-05", 0, &from), 0);
  ASSERT_EQ(td_datetime_parse_day("2026-03-05", 1, &to), 0);
  ASSERT_EQ(to - from, 24 * 3600);
  ASSERT_EQ(td_datetime_parse_day("2025-12-31", 1, &to), 0);
  ASSERT_EQ(td_datetime_parse("2026-01-01", &from), 0);
  ASSERT_EQ(to, from);
  ASSERT_EQ(td_datetime_parse_day("2026-03-05 10:00", 0, &to), -1);
}

static void test_format_short_in_local_time(void)
{
  char s[TD_DATETIME_MAX];

  vietnam();
  td_lang_set("en");
  td_datetime_format_short(MAR5_UTC + 30 * 60, s);
  ASSERT_STR_EQ(s, "2026-03-05 07:30");
  /* In Vietnamese, day first, as officers write it. */
  td_lang_set("vi");
  td_datetime_format_short(MAR5_UTC + 30 * 60, s);
  ASSERT_STR_EQ(s, "05/03/2026 07:30");
  td_datetime_day_shown("2026-03-16", s);
  ASSERT_STR_EQ(s, "16/03/2026");
  td_datetime_day_shown("soon", s);
  ASSERT_STR_EQ(s, "soon");
  td_datetime_day_shown(NULL, s);
  ASSERT_STR_EQ(s, "-");
  td_lang_set("en");
  td_datetime_day_shown("2026-03-16", s);
  ASSERT_STR_EQ(s, "2026-03-16");
}

static void test_format_iso_has_the_offset_with_a_colon(void)
{
  char s[TD_DATETIME_MAX];

  vietnam();
  td_datetime_format_iso(MAR5_UTC, s);
  ASSERT_STR_EQ(s, "2026-03-05T07:00:00+07:00");
  /* Not the computer's zone: Vietnam's. */
  setenv("TZ", "EST+5", 1);
  tzset();
  td_datetime_format_iso(MAR5_UTC, s);
  ASSERT_STR_EQ(s, "2026-03-05T07:00:00+07:00");
}

/* Officers write days first; the same instants as ISO. */
static void test_parse_day_month_year(void)
{
  int64_t t;
  td_day d;

  vietnam();
  ASSERT_EQ(td_datetime_parse("05/03/2026 14:30", &t), 0);
  ASSERT_EQ(t, MAR5_UTC + 7 * 3600 + 30 * 60);
  ASSERT_EQ(td_datetime_parse("5/3/2026 14:30", &t), 0);
  ASSERT_EQ(t, MAR5_UTC + 7 * 3600 + 30 * 60);
  ASSERT_EQ(td_datetime_parse("05/03/2026", &t), 0);
  ASSERT_EQ(t, MAR5_UTC - 7 * 3600);
  ASSERT_EQ(td_datetime_parse("31/02/2026", &t), -1);
  ASSERT_EQ(td_datetime_parse("29/02/2024", &t), 0);
  ASSERT_EQ(td_datetime_parse("01/13/2026", &t), -1);
  ASSERT_EQ(td_datetime_parse_date("1/12/2026", &d), 0);
  ASSERT_EQ(d, 20788); /* 2026-12-01 */
  ASSERT_EQ(td_datetime_parse_date("2026-12-01", &d), 0);
  ASSERT_EQ(d, 20788);
  ASSERT_EQ(td_datetime_parse_date("1/12/2026 08:00", &d), -1);
  ASSERT_EQ(td_datetime_parse_day("01/12/2026", 1, &t), 0);
  ASSERT_EQ(t, INT64_C(1796086800) - 8 * 3600 + 86400);
}

/* A PC left on UTC, or anywhere else, reads and writes Vietnam's time:
 * "2026-12-01 08:00" is 01:00 UTC, whatever TZ says. */
static void test_every_zone_reads_and_writes_vietnam_time(void)
{
  static const char *const zones[] = {"UTC0", "EST+5", "Asia/Ho_Chi_Minh",
                                      "NZST-12NZDT", ""};
  char s[TD_DATETIME_MAX];
  int64_t t;
  size_t i;

  for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
    setenv("TZ", zones[i], 1);
    tzset();
    ASSERT_EQ(td_datetime_parse("2026-12-01 08:00", &t), 0);
    ASSERT_EQ(t, INT64_C(1796086800));
    ASSERT_EQ(td_datetime_parse("01/12/2026 08:00", &t), 0);
    ASSERT_EQ(t, INT64_C(1796086800));
    td_datetime_format_short(INT64_C(1796086800), s);
    ASSERT_STR_EQ(s, "2026-12-01 08:00");
    td_datetime_format_iso(INT64_C(1796086800) + 59, s);
    ASSERT_STR_EQ(s, "2026-12-01T08:00:59+07:00");
    /* Late in the evening in UTC is the next morning in Vietnam. */
    td_datetime_format_short(INT64_C(1796086800) - 9 * 3600, s);
    ASSERT_STR_EQ(s, "2026-11-30 23:00");
  }
}

int main(void)
{
  td_lang_set("en");
  RUN_TEST(test_parse_date_and_time_as_local);
  RUN_TEST(test_parse_date_alone_is_local_midnight);
  RUN_TEST(test_parse_refuses_days_that_do_not_exist);
  RUN_TEST(test_parse_refuses_other_shapes);
  RUN_TEST(test_parse_day_gives_the_midnight_after);
  RUN_TEST(test_format_short_in_local_time);
  RUN_TEST(test_format_iso_has_the_offset_with_a_colon);
  RUN_TEST(test_parse_day_month_year);
  RUN_TEST(test_every_zone_reads_and_writes_vietnam_time);
  return TEST_EXIT();
}
