/*
 * Days and months of the proleptic Gregorian calendar, as server and client
 * count them: a day is a number (days since 1970-01-01), so that periods
 * are subtractions and days compare as integers. Pure: no clock, no I/O, no
 * allocation.
 *
 * A month is likewise one number, its index year * 12 + (month - 1), so
 * that "the eleventh month before" is a subtraction.
 */
#ifndef TD_COMMON_DAY_H
#define TD_COMMON_DAY_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* A date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t td_day;
/* No date: reserved, e.g. for "no end"; no td_day_* function returns it. */
#define TD_DAY_NONE INT32_MAX

/* "YYYY-MM-DD" and its NUL. */
#define TD_DAY_LEN 11
/* "YYYY-MM" and its NUL. */
#define TD_MONTH_LEN 8

/* 1 if y is a leap year (every 4th, but not every 100th, but every 400th). */
int td_day_is_leap(int y);

/* Days in month m (1..12) of year y; 0 for a month outside 1..12. */
int td_day_days_in_month(int y, int m);

/* Converts y-m-d. Returns 0, or TD_EINVAL for a day that does not exist
 * (2026-02-30) or lies outside td_day. */
TD_MUSTCHECK int td_day_from_ymd(int y, int m, int d, td_day *out);
void td_day_to_ymd(td_day day, int *y, int *m, int *d);

/* Parses exactly "YYYY-MM-DD" (NUL-terminated). Returns 0 or TD_EINVAL. */
TD_MUSTCHECK int td_day_parse(const char *s, td_day *out);

/* Parses the n bytes at s, which need not end in a NUL: "YYYY-MM-DD" when
 * n is 10, the basic form "YYYYMMDD" (iCalendar's) when n is 8. Returns 0,
 * or TD_EINVAL for any other length, a non-digit or a day that does not
 * exist. */
TD_MUSTCHECK int td_day_parse_n(const char *s, size_t n, td_day *out);

/* Writes "YYYY-MM-DD" and a NUL into out. */
void td_day_format(td_day day, char out[TD_DAY_LEN]);

/* 0 = Monday ... 6 = Sunday. */
int td_day_weekday(td_day day);

/* The day (in Vietnam, UTC+7, which keeps no daylight saving time) that
 * contains Unix time t. */
td_day td_day_from_unix_vn(int64_t t);

/* Vietnam's offset from UTC, all year: it keeps no summer time. Every time
 * an officer types or reads is Vietnam's, whatever the computer's zone. */
#define TD_VN_OFFSET_S (7 * 3600)

/* The Unix time of hour:minute (0..23, 0..59) on day, in Vietnam. */
int64_t td_vn_time(td_day day, int hour, int minute);

/* Unix time t as Vietnam's clock shows it. */
struct td_vn_clock {
  td_day day;
  int hour;   /* 0..23 */
  int minute; /* 0..59 */
  int second; /* 0..59 */
};
void td_vn_clock(int64_t t, struct td_vn_clock *out);

/* Whole days from a to b (b - a); negative when b is before a. */
int td_days_between(td_day a, td_day b);

/* The month index of year y and month m (1..12). */
static inline int td_month_index(int y, int m)
{
  return y * 12 + m - 1;
}

/* Parses exactly "YYYY-MM" into a month index. Returns 0 or TD_EINVAL. */
TD_MUSTCHECK int td_month_index_parse(const char *s, int *index);

/* Writes a month index (0000-01 to 9999-12) as "YYYY-MM" and a NUL. */
void td_month_index_format(int index, char out[TD_MONTH_LEN]);

#endif
