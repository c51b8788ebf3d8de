/* The deadline calendar: working days, the legal periods
 * counted over the 2026 Vietnamese holidays, rule versions by effective
 * date, and the explanation an officer reads. Expected dates were counted by
 * hand on a 2026 calendar. */
#include "domain/deadline.h"

#include <string.h>

#include "test.h"
#include "test_rules.h"

#define ASSERT_DAY(d, text)                                                    \
  do {                                                                         \
    char got_[11];                                                             \
    td_day_format((d), got_);                                                  \
    ASSERT_STR_EQ(got_, (text));                                               \
  } while (0)

/* The 2026 public holidays for civil servants: New Year, the Tết break from
 * Saturday 14 to Sunday 22 February, the Hùng Kings' day observed on Monday
 * 27 April, 30 April, 1 May, and National Day 1-2 September. */
static struct td_calendar vn2026(void)
{
  static const char *const dates[] = {
      "2026-01-01", "2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17",
      "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22",
      "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"};
  static td_day days[sizeof(dates) / sizeof(dates[0])];
  struct td_calendar cal = {.holidays = days,
                            .n = sizeof(days) / sizeof(days[0])};
  size_t i;

  for (i = 0; i < cal.n; i++)
    days[i] = day(dates[i]);
  return cal;
}

static int compute(const struct td_deadline_rule *r, const char *start,
                   int remote, int complex, int extensions,
                   const struct td_calendar *cal, struct td_deadline *d)
{
  struct td_deadline_input in = {day(start), remote, complex, extensions};

  return td_deadline_compute(r, &in, cal, d);
}

/* 1 if d skipped exactly the dates in want, in order. */
static int skipped_are(const struct td_deadline *d, const char *const *want,
                       int n)
{
  int i;

  if (d->nskipped != n)
    return 0;
  for (i = 0; i < n; i++)
    if (d->skipped[i] != day(want[i]))
      return 0;
  return 1;
}

static void working_days_exclude_weekends_and_holidays(void)
{
  struct td_calendar cal = vn2026();
  struct td_calendar none = {.holidays = NULL, .n = 0};

  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-02-13")), 1);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-02-14")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-02-16")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-02-20")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-02-23")), 1);
  /* The first and last holidays of the list, and the days around them. */
  ASSERT_EQ(td_calendar_is_working(&cal, day("2025-12-31")), 1);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-01-01")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-01-02")), 1);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-09-02")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-09-03")), 1);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-04-27")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2026-04-28")), 1);
  ASSERT_EQ(td_calendar_is_working(&none, day("2026-02-16")), 1);
  ASSERT_EQ(td_calendar_is_working(&none, day("2026-02-15")), 0);
}

/* The binary search agrees with a plain scan for every day around 2026 and
 * every length of holiday list, so no position in the list is missed. */
static void holiday_lookup_matches_a_linear_scan(void)
{
  struct td_calendar full = vn2026();
  struct td_calendar cal = full;
  td_day d;
  size_t i;
  int listed;

  for (cal.n = 0; cal.n <= full.n; cal.n++) {
    for (d = day("2025-12-25"); d <= day("2027-01-05"); d++) {
      listed = 0;
      for (i = 0; i < cal.n; i++)
        listed |= cal.holidays[i] == d;
      ASSERT_EQ(td_calendar_is_working(&cal, d),
                td_day_weekday(d) < 5 && !listed);
    }
  }
}

/* Accepted the Friday before Tết: 30 days end on Sunday 15 March, so the
 * deadline is Monday 16 March (Art. 148). */
static void complaint_accepted_before_tet_rolls_to_monday(void)
{
  static const char *const skipped[] = {"2026-03-15"};
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-02-13", 0, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 30);
  ASSERT_EQ(d.extension_days, 0);
  ASSERT_EQ(d.total_days, 30);
  ASSERT_EQ(d.count, TD_DAYS_CALENDAR);
  ASSERT_DAY(d.counted_end, "2026-03-15");
  ASSERT_DAY(d.due, "2026-03-16");
  ASSERT(skipped_are(&d, skipped, 1));
}

/* Received the Friday before the week before Tết: 10 days end on Monday 16
 * February, inside the Tết break, so acceptance is due Monday 23 February. */
static void acceptance_ending_in_tet_moves_past_it(void)
{
  static const char *const skipped[] = {
      "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
      "2026-02-20", "2026-02-21", "2026-02-22"};
  struct td_deadline_rule r = complaint_accept();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-02-06", 0, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.total_days, 10);
  ASSERT_DAY(d.counted_end, "2026-02-16");
  ASSERT_DAY(d.due, "2026-02-23");
  ASSERT(skipped_are(&d, skipped, 7));
}

static void remote_commune_gets_45_days(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-02-13", 1, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 45);
  ASSERT_EQ(d.total_days, 45);
  ASSERT_DAY(d.counted_end, "2026-03-30");
  ASSERT_DAY(d.due, "2026-03-30");
  ASSERT_EQ(d.nskipped, 0);
}

static void complex_case_gets_45_days(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  r.remote_days = 50; /* So that taking the remote period would show. */
  ASSERT_EQ(compute(&r, "2026-02-13", 0, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 45);
  ASSERT_DAY(d.due, "2026-03-30");
}

static void remote_complex_case_gets_60_days(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-02-13", 1, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 60);
  ASSERT_DAY(d.counted_end, "2026-04-14");
  ASSERT_DAY(d.due, "2026-04-14");
  ASSERT_EQ(d.nskipped, 0);
}

/* A period the rule leaves at 0 is the same as the next more general one. */
static void unset_periods_fall_back(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  r.remote_days = 0;
  r.complex_days = 0;
  r.remote_complex_days = 0;
  ASSERT_EQ(compute(&r, "2026-02-13", 1, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 30);
  ASSERT_EQ(compute(&r, "2026-02-13", 1, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 30);
  ASSERT_EQ(compute(&r, "2026-02-13", 0, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 30);
  r.remote_days = 40;
  ASSERT_EQ(compute(&r, "2026-02-13", 1, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 40);
  r.complex_days = 44;
  ASSERT_EQ(compute(&r, "2026-02-13", 1, 1, 0, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 44);
}

/* Ten working days from the Friday before Tết: the two weekends and the
 * Tết weekdays are passed over; the count runs 23-27 February and 2-6
 * March. */
static void working_days_pass_over_tet(void)
{
  static const char *const skipped[] = {
      "2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17",
      "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21",
      "2026-02-22", "2026-02-28", "2026-03-01"};
  struct td_deadline_rule r = ten_working_days();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-02-13", 0, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.count, TD_DAYS_WORKING);
  ASSERT_EQ(d.total_days, 10);
  ASSERT_DAY(d.counted_end, "2026-03-06");
  ASSERT_DAY(d.due, "2026-03-06");
  ASSERT(skipped_are(&d, skipped, 11));
}

static void zero_calendar_days_end_on_start_or_next_working_day(void)
{
  struct td_deadline_rule r = complaint_accept();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  r.days = 0;
  ASSERT_EQ(compute(&r, "2026-02-13", 0, 0, 0, &cal, &d), 0);
  ASSERT_DAY(d.due, "2026-02-13");
  ASSERT_EQ(d.nskipped, 0);
  ASSERT_EQ(compute(&r, "2026-02-14", 0, 0, 0, &cal, &d), 0);
  ASSERT_DAY(d.counted_end, "2026-02-14");
  ASSERT_DAY(d.due, "2026-02-23");
  ASSERT_EQ(d.nskipped, 9);
}

static void zero_working_days_end_on_start(void)
{
  struct td_deadline_rule r = ten_working_days();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  r.days = 0;
  ASSERT_EQ(compute(&r, "2026-02-14", 0, 0, 0, &cal, &d), 0);
  ASSERT_DAY(d.counted_end, "2026-02-14");
  ASSERT_DAY(d.due, "2026-02-14");
  ASSERT_EQ(d.nskipped, 0);
}

/* 30 days from Monday 2 March end on Wednesday 1 April; once extended they
 * end on Labour Day, Friday 1 May, and run to Monday 4 May; twice extended
 * on Sunday 31 May, and run to Monday 1 June. */
static void denunciation_extended_once_then_twice(void)
{
  static const char *const once[] = {"2026-05-01", "2026-05-02", "2026-05-03"};
  static const char *const twice[] = {"2026-05-31"};
  struct td_deadline_rule r = denunciation_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 0, &cal, &d), 0);
  ASSERT_EQ(d.total_days, 30);
  ASSERT_DAY(d.due, "2026-04-01");
  ASSERT_EQ(d.nskipped, 0);

  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 1, &cal, &d), 0);
  ASSERT_EQ(d.base_days, 30);
  ASSERT_EQ(d.extension_days, 30);
  ASSERT_EQ(d.total_days, 60);
  ASSERT_DAY(d.counted_end, "2026-05-01");
  ASSERT_DAY(d.due, "2026-05-04");
  ASSERT(skipped_are(&d, once, 3));

  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 2, &cal, &d), 0);
  ASSERT_EQ(d.extension_days, 60);
  ASSERT_EQ(d.total_days, 90);
  ASSERT_DAY(d.counted_end, "2026-05-31");
  ASSERT_DAY(d.due, "2026-06-01");
  ASSERT(skipped_are(&d, twice, 1));
}

static void third_extension_is_refused(void)
{
  struct td_deadline_rule r = denunciation_resolve();
  struct td_deadline_rule c = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 3, &cal, &d), -1);
  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, -1, &cal, &d), -1);
  /* The complaint rule allows no extension at all. */
  ASSERT_EQ(compute(&c, "2026-03-02", 0, 0, 1, &cal, &d), -1);
  ASSERT_EQ(compute(&c, "2026-03-02", 0, 0, -1, &cal, &d), -1);
}

/* A rule with a negative period, or a count that would run past the last
 * representable day, is refused rather than counted. */
static void impossible_periods_are_refused(void)
{
  struct td_deadline_rule r = denunciation_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {TD_DAY_NONE - 100, 0, 0, 0};
  struct td_deadline d;

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), -1);
  r.days = -5;
  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 0, &cal, &d), -1);
  r.days = 30;
  r.extension_days = -30;
  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 0, &cal, &d), 0);
  ASSERT_EQ(compute(&r, "2026-03-02", 0, 0, 1, &cal, &d), -1);
}

/* Saturday 25 April is followed by Sunday and the Hùng Kings' Monday. */
static void saturday_before_a_monday_holiday_rolls_to_tuesday(void)
{
  static const char *const skipped[] = {"2026-04-25", "2026-04-26",
                                        "2026-04-27"};
  struct td_deadline_rule r = complaint_accept();
  struct td_calendar cal = vn2026();
  struct td_deadline d;

  ASSERT_EQ(compute(&r, "2026-04-15", 0, 0, 0, &cal, &d), 0);
  ASSERT_DAY(d.counted_end, "2026-04-25");
  ASSERT_DAY(d.due, "2026-04-28");
  ASSERT(skipped_are(&d, skipped, 3));
}

/* From a Friday, each 5 working days cost one weekend: 320 working days
 * skip exactly TD_SKIPPED_MAX (128) days, one more needs 130. */
static void too_many_skipped_days_are_refused(void)
{
  static td_day closed[200];
  struct td_deadline_rule r = ten_working_days();
  struct td_calendar none = {.holidays = NULL, .n = 0};
  struct td_calendar shut = {.holidays = closed, .n = 200};
  struct td_deadline d;
  int i;

  r.days = 320;
  ASSERT_EQ(compute(&r, "2026-02-13", 0, 0, 0, &none, &d), 0);
  ASSERT_EQ(d.nskipped, TD_SKIPPED_MAX);
  r.days = 321;
  ASSERT_EQ(compute(&r, "2026-02-13", 0, 0, 0, &none, &d), -1);

  for (i = 0; i < 200; i++)
    closed[i] = day("2026-03-01") + i;
  r = complaint_accept();
  ASSERT_EQ(compute(&r, "2026-02-25", 0, 0, 0, &shut, &d), -1);
}

/* Two versions of one rule, the second in force from 1 July 2026 (the
 * amending law 136/2025/QH15); its periods here are only a fixture. */
static void rule_in_force_at_acceptance_governs(void)
{
  struct td_deadline_rule rules[3];
  const struct td_deadline_rule *got;

  rules[0] = complaint_resolve();
  rules[0].effective_to = day("2026-07-01");
  rules[1] = complaint_accept();
  rules[2] = complaint_resolve();
  rules[2].id = 9;
  rules[2].effective_from = day("2026-07-01");
  rules[2].days = 20;

  got = td_rule_pick(rules, 3, "complaint", "resolve", day("2026-06-30"));
  ASSERT_EQ(got, &rules[0]);
  got = td_rule_pick(rules, 3, "complaint", "resolve", day("2026-07-01"));
  ASSERT_EQ(got, &rules[2]);
  got = td_rule_pick(rules, 3, "complaint", "accept", day("2026-07-01"));
  ASSERT_EQ(got, &rules[1]);
}

static void effective_from_is_inclusive_and_effective_to_exclusive(void)
{
  struct td_deadline_rule r = complaint_resolve();

  r.effective_to = day("2026-07-01");
  ASSERT_EQ(td_rule_pick(&r, 1, "complaint", "resolve", day("2011-07-01")), &r);
  ASSERT_NULL(td_rule_pick(&r, 1, "complaint", "resolve", day("2011-06-30")));
  ASSERT_EQ(td_rule_pick(&r, 1, "complaint", "resolve", day("2026-06-30")), &r);
  ASSERT_NULL(td_rule_pick(&r, 1, "complaint", "resolve", day("2026-07-01")));
}

static void no_matching_rule_gives_null(void)
{
  struct td_deadline_rule rules[2];

  rules[0] = complaint_resolve();
  rules[1] = denunciation_resolve();
  ASSERT_NULL(
      td_rule_pick(rules, 2, "recommendation", "resolve", day("2026-03-02")));
  ASSERT_NULL(td_rule_pick(rules, 2, "complaint", "accept", day("2026-03-02")));
  ASSERT_NULL(
      td_rule_pick(rules, 2, "denunciation", "resolve", day("2018-12-31")));
  ASSERT_NULL(
      td_rule_pick(rules, 0, "complaint", "resolve", day("2026-03-02")));
  ASSERT_EQ(
      td_rule_pick(rules, 2, "denunciation", "resolve", day("2019-01-01")),
      &rules[1]);
}

/* When two open-ended versions overlap, the later one wins in any order. */
static void latest_effective_from_wins(void)
{
  struct td_deadline_rule rules[2];

  rules[0] = complaint_resolve();
  rules[1] = complaint_resolve();
  rules[1].effective_from = day("2026-07-01");
  ASSERT_EQ(td_rule_pick(rules, 2, "complaint", "resolve", day("2026-07-01")),
            &rules[1]);
  ASSERT_EQ(td_rule_pick(rules, 2, "complaint", "resolve", day("2026-06-30")),
            &rules[0]);
  rules[0].effective_from = day("2026-07-01");
  rules[1].effective_from = day("2011-07-01");
  ASSERT_EQ(td_rule_pick(rules, 2, "complaint", "resolve", day("2027-01-01")),
            &rules[0]);
}

static void explain_states_rule_start_count_skipped_and_deadline(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-02-13"), 0, 0, 0};
  struct td_deadline d;
  char buf[2048];
  int n;

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  n = td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_EQ((size_t)n, strlen(buf));
  ASSERT_NOT_NULL(strstr(buf, "Rule: complaint / resolve, in force from "
                              "2011-07-01 (Luật Khiếu nại 2011, Điều 28)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Start: 2026-02-13 (Friday); counting starts "
                              "the next day (Civil Code Art. 147)\n"));
  ASSERT_NOT_NULL(
      strstr(buf, "Counted: 30 calendar days + no extension = 30 calendar "
                  "days\n"));
  ASSERT_NOT_NULL(strstr(buf, "Counting ends: 2026-03-15 (Sunday)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Skipped: 2026-03-15 (weekends and public "
                              "holidays at the end of the period)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Deadline: 2026-03-16 (Monday), moved to the "
                              "next working day (Civil Code Art. 148)\n"));
  /* The same, in Vietnamese, for the officer who reads it. */
  n = td_deadline_explain_in(&r, &in, &d, 1, buf, sizeof(buf));
  ASSERT_EQ((size_t)n, strlen(buf));
  ASSERT_NOT_NULL(strstr(buf, "Quy định: khiếu nại / giải quyết, áp dụng từ "
                              "01/07/2011 (Luật Khiếu nại 2011, Điều 28)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Ngày bắt đầu: 13/02/2026 (thứ Sáu); thời hạn "
                              "tính từ ngày hôm sau (Bộ luật Dân sự, Điều "
                              "147)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Số ngày tính: 30 ngày + không gia hạn = 30 "
                              "ngày\n"));
  ASSERT_NOT_NULL(strstr(buf, "Ngày cuối theo số ngày tính: 15/03/2026 (Chủ "
                              "nhật)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Ngày không tính: 15/03/2026 (thứ Bảy, Chủ nhật "
                              "và ngày nghỉ lễ ở cuối thời hạn)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Thời hạn: 16/03/2026 (thứ Hai), lùi sang ngày "
                              "làm việc tiếp theo (Bộ luật Dân sự, Điều "
                              "148)\n"));
  ASSERT_NULL(strstr(buf, "Deadline"));
}

static void explain_without_roll_forward_skips_nothing(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-02-13"), 1, 0, 0};
  struct td_deadline d;
  char buf[2048];

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "Counted: 45 calendar days (remote area)"));
  ASSERT_NOT_NULL(strstr(buf, "Skipped: none\n"));
  ASSERT_NOT_NULL(strstr(buf, "Deadline: 2026-03-30 (Monday)\n"));
  ASSERT_NULL(strstr(buf, "Art. 148"));
}

static void explain_lists_working_days_passed_over(void)
{
  struct td_deadline_rule r = ten_working_days();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-02-13"), 0, 0, 0};
  struct td_deadline d;
  char buf[2048];

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "Counted: 10 working days"));
  ASSERT_NOT_NULL(strstr(buf, "Skipped: 2026-02-14, 2026-02-15, 2026-02-16, "
                              "2026-02-17, 2026-02-18, 2026-02-19, "
                              "2026-02-20, 2026-02-21, 2026-02-22, "
                              "2026-02-28, 2026-03-01 (weekends and public "
                              "holidays, not counted)\n"));
  ASSERT_NOT_NULL(strstr(buf, "Deadline: 2026-03-06 (Friday)\n"));
}

static void explain_counts_extensions_and_remote_complex(void)
{
  struct td_deadline_rule r = denunciation_resolve();
  struct td_deadline_rule c = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-03-02"), 0, 0, 2};
  struct td_deadline d;
  char buf[2048];

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "Counted: 30 calendar days + 2 extensions of "
                              "30 days = 90 calendar days\n"));
  in.extensions = 1;
  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "+ 1 extension of 30 days = 60 calendar"));
  in.extensions = 0;
  in.remote = in.complex = 1;
  ASSERT_EQ(td_deadline_compute(&c, &in, &cal, &d), 0);
  td_deadline_explain(&c, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "Counted: 60 calendar days (remote area, "
                              "complex case) + no extension"));
}

static void explain_shows_the_last_day_of_a_superseded_rule(void)
{
  struct td_deadline_rule r = complaint_resolve();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-02-13"), 0, 0, 0};
  struct td_deadline d;
  char buf[2048];

  r.effective_to = day("2026-07-01");
  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  td_deadline_explain(&r, &in, &d, buf, sizeof(buf));
  ASSERT_NOT_NULL(strstr(buf, "in force from 2011-07-01 to 2026-06-30 ("));
}

static void explain_truncates_like_snprintf(void)
{
  struct td_deadline_rule r = ten_working_days();
  struct td_calendar cal = vn2026();
  struct td_deadline_input in = {day("2026-02-13"), 0, 0, 0};
  struct td_deadline d;
  char full[2048];
  char small[40];
  int n;

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  n = td_deadline_explain(&r, &in, &d, full, sizeof(full));
  ASSERT(n > (int)sizeof(small));
  ASSERT_EQ(td_deadline_explain(&r, &in, &d, small, sizeof(small)), n);
  ASSERT_EQ(strlen(small), sizeof(small) - 1);
  ASSERT_EQ(memcmp(small, full, sizeof(small) - 1), 0);
  ASSERT_EQ(td_deadline_explain(&r, &in, &d, NULL, 0), n);
}

/* The rules td_deadline_for chooses from, as the server's cache holds them. */
static void four_rules(struct td_deadline_rule out[4])
{
  out[0] = complaint_resolve();
  out[1] = complaint_accept();
  out[2] = denunciation_resolve();
  out[3] = ten_working_days();
}

static void receipt_starts_the_acceptance_period(void)
{
  struct td_deadline_rule rules[4];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c = {0};
  struct td_deadline_plan plan;

  four_rules(rules);
  c.kind = "complaint";
  c.day = day("2026-02-05");
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_RECEIVED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT(plan.rule == &rules[1]);
  ASSERT_STR_EQ(plan.step, "accept");
  /* Ten days end on Sunday 15 February, inside Tết: the next working day. */
  ASSERT_DAY(plan.due.due, "2026-02-23");
  /* A kind without an acceptance rule has no deadline. */
  c.kind = "feedback";
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_RECEIVED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT(plan.rule == NULL);
}

static void acceptance_starts_the_resolution_period(void)
{
  struct td_deadline_rule rules[4];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c = {0};
  struct td_deadline_plan plan;

  four_rules(rules);
  c.kind = "complaint";
  c.day = day("2026-03-02");
  c.remote = 1;
  c.complex = 1;
  c.extensions = 5; /* A reopened case starts over without extensions. */
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_ACCEPTED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT(plan.rule == &rules[0]);
  ASSERT_STR_EQ(plan.step, "resolve");
  ASSERT_EQ(plan.in.extensions, 0);
  ASSERT_EQ(plan.due.total_days, 60);
  ASSERT_DAY(plan.due.due, "2026-05-04");
}

static void extension_adds_to_the_running_resolution(void)
{
  struct td_deadline_rule rules[4];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c = {0};
  struct td_deadline_plan plan;

  four_rules(rules);
  c.rule_id = 3;
  c.step = "resolve";
  c.start = day("2026-03-02");
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT_EQ(plan.in.extensions, 1);
  ASSERT_DAY(plan.due.due, "2026-05-04");
  c.extensions = 2;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_NO_MORE_EXTENSIONS);
  ASSERT(plan.rule == &rules[2]);
  /* Nothing to extend while accepting, or without a running rule. */
  c.extensions = 0;
  c.step = "accept";
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_NOTHING_TO_EXTEND);
  c.step = "resolve";
  c.rule_id = 99;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_NOTHING_TO_EXTEND);
  c.rule_id = 3;
  c.start = TD_DAY_NONE;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_NOTHING_TO_EXTEND);
}

static void the_running_deadline_is_derived_again_from_its_rule(void)
{
  struct td_deadline_rule rules[4];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c = {0};
  struct td_deadline_plan plan;

  four_rules(rules);
  c.rule_id = 3;
  c.start = day("2026-03-02");
  c.extensions = 2;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_RUNNING, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT_STR_EQ(plan.step, "resolve");
  ASSERT_DAY(plan.due.due, "2026-06-01");
  /* More extensions than the rule allows cannot be counted. */
  c.extensions = 3;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_RUNNING, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_UNCOUNTABLE);
  /* No running rule: no deadline. */
  c.rule_id = 0;
  ASSERT_EQ(td_deadline_for(TD_DEADLINE_RUNNING, &c, rules, 4, &cal, &plan),
            TD_DEADLINE_OK);
  ASSERT(plan.rule == NULL);
}

/* A weekend day the Government makes a working day (a make-up Saturday for
 * a swapped weekday off): Saturday 20 February 2027 here, with Monday 15
 * February given off in exchange. */
static void a_make_up_saturday_is_a_working_day(void)
{
  td_day off = day("2027-02-15");
  td_day worked = day("2027-02-20");
  struct td_calendar cal = {
      .holidays = &off, .n = 1, .working = &worked, .nworking = 1};
  struct td_calendar both = {
      .holidays = &worked, .n = 1, .working = &worked, .nworking = 1};

  ASSERT_EQ(td_calendar_is_working(&cal, day("2027-02-20")), 1);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2027-02-21")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2027-02-15")), 0);
  ASSERT_EQ(td_calendar_is_working(&cal, day("2027-02-16")), 1);
  /* Listed both ways, the day off wins. */
  ASSERT_EQ(td_calendar_is_working(&both, day("2027-02-20")), 0);
}

/* Ten working days from Monday 8 February 2027 with Saturday 20 worked:
 * 9-12, 15-19 and the Saturday are ten, so the period ends on Saturday 20;
 * without it, on Monday 22. With the swap that gives Monday 15 off in
 * exchange, the Saturday makes up for it: Monday 22 again, 15 skipped. */
static void a_make_up_saturday_counts_in_a_working_day_period(void)
{
  struct td_deadline_rule r = ten_working_days();
  struct td_deadline_input in = {day("2027-02-08"), 0, 0, 0};
  td_day off = day("2027-02-15");
  td_day worked = day("2027-02-20");
  struct td_calendar saturday = {
      .holidays = NULL, .n = 0, .working = &worked, .nworking = 1};
  struct td_calendar swap = {
      .holidays = &off, .n = 1, .working = &worked, .nworking = 1};
  struct td_calendar plain = {.holidays = NULL, .n = 0};
  struct td_deadline d;

  ASSERT_EQ(td_deadline_compute(&r, &in, &saturday, &d), 0);
  ASSERT_EQ(d.due, day("2027-02-20"));
  ASSERT_EQ(d.nskipped, 2); /* 13, 14: a weekend. */
  ASSERT_EQ(td_deadline_compute(&r, &in, &plain, &d), 0);
  ASSERT_EQ(d.due, day("2027-02-22"));
  ASSERT_EQ(td_deadline_compute(&r, &in, &swap, &d), 0);
  ASSERT_EQ(d.due, day("2027-02-22"));
  ASSERT_EQ(d.nskipped, 4); /* 13, 14, 15 and 21. */
  ASSERT_EQ(d.skipped[2], day("2027-02-15"));
}

/* A calendar-day period that ends on a make-up Saturday ends there: it is
 * a working day, so Art. 148 moves nothing. */
static void a_calendar_period_may_end_on_a_make_up_saturday(void)
{
  struct td_deadline_rule r = complaint_accept();
  struct td_deadline_input in = {day("2027-02-10"), 0, 0, 0};
  td_day off = day("2027-02-15");
  td_day worked = day("2027-02-20");
  struct td_calendar cal = {
      .holidays = &off, .n = 1, .working = &worked, .nworking = 1};
  struct td_deadline d;

  ASSERT_EQ(td_deadline_compute(&r, &in, &cal, &d), 0);
  ASSERT_EQ(d.counted_end, day("2027-02-20"));
  ASSERT_EQ(d.due, day("2027-02-20"));
  ASSERT_EQ(d.nskipped, 0);
}

/* The rules as schema 011 leaves them: the rows of 2012 and 2019 and, for
 * the articles Law 136/2025/QH15 amends, rows of their own from 1 July
 * 2026 (the old rows are never edited, so their effective_to stays open).
 * The recommendation's resolution rule allows one extension. */
#define LAW_RULES 7
static void rules_across_2026_07_01(struct td_deadline_rule out[LAW_RULES])
{
  static const struct {
    int id;
    const char *kind, *step, *from;
    enum td_day_count count;
    int days, remote, complex, remote_complex, max_ext, ext_days;
  } rows[LAW_RULES] = {
      {1, "complaint", "accept", "2012-07-01", TD_DAYS_CALENDAR, 10, 0, 0, 0, 0,
       0},
      {2, "complaint", "resolve", "2012-07-01", TD_DAYS_CALENDAR, 30, 45, 45,
       60, 0, 0},
      {3, "denunciation", "accept", "2019-01-01", TD_DAYS_WORKING, 7, 0, 0, 0,
       0, 0},
      {4, "denunciation", "resolve", "2019-01-01", TD_DAYS_CALENDAR, 30, 0, 0,
       0, 2, 30},
      {8, "recommendation", "resolve", "2021-11-15", TD_DAYS_WORKING, 10, 0, 0,
       0, 1, 10},
      {11, "complaint", "accept", "2026-07-01", TD_DAYS_CALENDAR, 10, 0, 0, 0,
       0, 0},
      {14, "denunciation", "resolve", "2026-07-01", TD_DAYS_CALENDAR, 30, 0, 0,
       0, 2, 30},
  };
  int i;

  for (i = 0; i < LAW_RULES; i++) {
    memset(&out[i], 0, sizeof(out[i]));
    out[i].id = rows[i].id;
    out[i].kind = rows[i].kind;
    out[i].step = rows[i].step;
    out[i].effective_from = day(rows[i].from);
    out[i].effective_to = TD_DAY_NONE;
    out[i].count = rows[i].count;
    out[i].days = rows[i].days;
    out[i].remote_days = rows[i].remote;
    out[i].complex_days = rows[i].complex;
    out[i].remote_complex_days = rows[i].remote_complex;
    out[i].max_extensions = rows[i].max_ext;
    out[i].extension_days = rows[i].ext_days;
    out[i].source = rows[i].from;
  }
}

/* A step that starts on 30 June 2026 keeps the old rule; one that starts
 * on 1 July 2026 takes the new one; a rule the amendment leaves alone
 * goes on. */
static void the_rule_in_force_on_the_day_the_step_starts_governs(void)
{
  static const struct {
    enum td_deadline_event ev;
    const char *kind, *on;
    int rule_id;
    const char *due;
  } cases[] = {
      {TD_DEADLINE_RECEIVED, "complaint", "2026-06-30", 1, "2026-07-10"},
      /* 10 days end on Saturday 11 July: Monday. */
      {TD_DEADLINE_RECEIVED, "complaint", "2026-07-01", 11, "2026-07-13"},
      {TD_DEADLINE_RECEIVED, "complaint", "2030-01-02", 11, "2030-01-14"},
      {TD_DEADLINE_ACCEPTED, "complaint", "2026-06-30", 2, "2026-07-30"},
      /* No new resolution row for complaints here: the old one goes on. */
      {TD_DEADLINE_ACCEPTED, "complaint", "2026-07-01", 2, "2026-07-31"},
      /* 7 working days: Wed 1 Jul ... Fri 10 Jul. */
      {TD_DEADLINE_RECEIVED, "denunciation", "2026-06-30", 3, "2026-07-09"},
      {TD_DEADLINE_RECEIVED, "denunciation", "2026-07-01", 3, "2026-07-10"},
      {TD_DEADLINE_ACCEPTED, "denunciation", "2026-06-30", 4, "2026-07-30"},
      {TD_DEADLINE_ACCEPTED, "denunciation", "2026-07-01", 14, "2026-07-31"},
      {TD_DEADLINE_ACCEPTED, "denunciation", "2018-12-31", 0, NULL},
  };
  struct td_deadline_rule rules[LAW_RULES];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c;
  struct td_deadline_plan plan;
  size_t i;

  rules_across_2026_07_01(rules);
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    memset(&c, 0, sizeof(c));
    c.kind = cases[i].kind;
    c.day = day(cases[i].on);
    ASSERT_EQ(td_deadline_for(cases[i].ev, &c, rules, LAW_RULES, &cal, &plan),
              TD_DEADLINE_OK);
    if (cases[i].rule_id == 0) {
      ASSERT(plan.rule == NULL);
      continue;
    }
    ASSERT(plan.rule != NULL);
    ASSERT_EQ(plan.rule->id, cases[i].rule_id);
    ASSERT_DAY(plan.due.due, cases[i].due);
  }
}

/* A superseded row ends the day before its successor starts, or before its
 * own effective_to if that comes first; the newest row runs on. */
static void a_rule_ends_the_day_before_its_successor(void)
{
  struct td_deadline_rule rules[LAW_RULES];

  rules_across_2026_07_01(rules);
  ASSERT_DAY(td_rule_last_day(rules, LAW_RULES, &rules[0]), "2026-06-30");
  ASSERT_DAY(td_rule_last_day(rules, LAW_RULES, &rules[3]), "2026-06-30");
  ASSERT_EQ(td_rule_last_day(rules, LAW_RULES, &rules[5]), TD_DAY_NONE);
  ASSERT_EQ(td_rule_last_day(rules, LAW_RULES, &rules[6]), TD_DAY_NONE);
  /* Only a successor of the same kind and step counts. */
  ASSERT_EQ(td_rule_last_day(rules, LAW_RULES, &rules[1]), TD_DAY_NONE);
  ASSERT_EQ(td_rule_last_day(rules, LAW_RULES, &rules[4]), TD_DAY_NONE);
  rules[0].effective_to = day("2026-03-01");
  ASSERT_DAY(td_rule_last_day(rules, LAW_RULES, &rules[0]), "2026-02-28");
  rules[0].effective_to = day("2027-01-01");
  ASSERT_DAY(td_rule_last_day(rules, LAW_RULES, &rules[0]), "2026-06-30");
}

/* Luật Tố cáo 2018, Điều 30: a complex denunciation may be extended once,
 * an especially complex one twice, never three times; a rule allowing one
 * extension never asks whether the case is especially complex. */
static void a_second_extension_needs_an_especially_complex_case(void)
{
  static const struct {
    int rule; /* Index in rules_across_2026_07_01. */
    int granted;
    int especially;
    enum td_deadline_refusal want;
    const char *due;
  } cases[] = {
      {3, 0, 0, TD_DEADLINE_OK, "2026-05-04"},
      {3, 0, 1, TD_DEADLINE_OK, "2026-05-04"},
      {3, 1, 0, TD_DEADLINE_NEEDS_ESPECIALLY_COMPLEX, NULL},
      {3, 1, 1, TD_DEADLINE_OK, "2026-06-01"},
      {3, 2, 0, TD_DEADLINE_NO_MORE_EXTENSIONS, NULL},
      {3, 2, 1, TD_DEADLINE_NO_MORE_EXTENSIONS, NULL},
      {6, 1, 0, TD_DEADLINE_NEEDS_ESPECIALLY_COMPLEX, NULL},
      {6, 1, 1, TD_DEADLINE_OK, "2026-06-01"},
      /* 10 working days from Mon 2 March, then 10 more. */
      {4, 0, 0, TD_DEADLINE_OK, "2026-03-30"},
      {4, 1, 0, TD_DEADLINE_NO_MORE_EXTENSIONS, NULL},
      {4, 1, 1, TD_DEADLINE_NO_MORE_EXTENSIONS, NULL},
  };
  struct td_deadline_rule rules[LAW_RULES];
  struct td_calendar cal = vn2026();
  struct td_deadline_case c;
  struct td_deadline_plan plan;
  size_t i;

  rules_across_2026_07_01(rules);
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    memset(&c, 0, sizeof(c));
    c.rule_id = rules[cases[i].rule].id;
    c.step = "resolve";
    c.start = day("2026-03-02");
    c.extensions = cases[i].granted;
    c.especially_complex = cases[i].especially;
    ASSERT_EQ(td_deadline_for(TD_DEADLINE_EXTENDED, &c, rules, LAW_RULES, &cal,
                              &plan),
              cases[i].want);
    if (cases[i].want != TD_DEADLINE_OK) {
      /* The refusal can name the rule and its limits. */
      ASSERT(plan.rule == &rules[cases[i].rule]);
      continue;
    }
    ASSERT_EQ(plan.in.extensions, cases[i].granted + 1);
    ASSERT_DAY(plan.due.due, cases[i].due);
  }
  ASSERT(!td_rule_extension_needs_especially_complex(&rules[3], 1));
  ASSERT(td_rule_extension_needs_especially_complex(&rules[3], 2));
  ASSERT(!td_rule_extension_needs_especially_complex(&rules[4], 1));
  ASSERT(!td_rule_extension_needs_especially_complex(&rules[1], 2));
}

int main(void)
{
  RUN_TEST(receipt_starts_the_acceptance_period);
  RUN_TEST(acceptance_starts_the_resolution_period);
  RUN_TEST(extension_adds_to_the_running_resolution);
  RUN_TEST(the_running_deadline_is_derived_again_from_its_rule);
  RUN_TEST(the_rule_in_force_on_the_day_the_step_starts_governs);
  RUN_TEST(a_rule_ends_the_day_before_its_successor);
  RUN_TEST(a_second_extension_needs_an_especially_complex_case);
  RUN_TEST(working_days_exclude_weekends_and_holidays);
  RUN_TEST(holiday_lookup_matches_a_linear_scan);
  RUN_TEST(complaint_accepted_before_tet_rolls_to_monday);
  RUN_TEST(acceptance_ending_in_tet_moves_past_it);
  RUN_TEST(remote_commune_gets_45_days);
  RUN_TEST(complex_case_gets_45_days);
  RUN_TEST(remote_complex_case_gets_60_days);
  RUN_TEST(unset_periods_fall_back);
  RUN_TEST(working_days_pass_over_tet);
  RUN_TEST(zero_calendar_days_end_on_start_or_next_working_day);
  RUN_TEST(zero_working_days_end_on_start);
  RUN_TEST(denunciation_extended_once_then_twice);
  RUN_TEST(third_extension_is_refused);
  RUN_TEST(impossible_periods_are_refused);
  RUN_TEST(saturday_before_a_monday_holiday_rolls_to_tuesday);
  RUN_TEST(too_many_skipped_days_are_refused);
  RUN_TEST(rule_in_force_at_acceptance_governs);
  RUN_TEST(effective_from_is_inclusive_and_effective_to_exclusive);
  RUN_TEST(no_matching_rule_gives_null);
  RUN_TEST(latest_effective_from_wins);
  RUN_TEST(explain_states_rule_start_count_skipped_and_deadline);
  RUN_TEST(explain_without_roll_forward_skips_nothing);
  RUN_TEST(explain_lists_working_days_passed_over);
  RUN_TEST(explain_counts_extensions_and_remote_complex);
  RUN_TEST(explain_shows_the_last_day_of_a_superseded_rule);
  RUN_TEST(explain_truncates_like_snprintf);
  RUN_TEST(a_make_up_saturday_is_a_working_day);
  RUN_TEST(a_make_up_saturday_counts_in_a_working_day_period);
  RUN_TEST(a_calendar_period_may_end_on_a_make_up_saturday);
  return TEST_EXIT();
}
