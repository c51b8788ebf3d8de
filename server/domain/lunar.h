/*
 * The Vietnamese lunar calendar (âm lịch), computed astronomically for
 * Vietnam's time zone, UTC+7. Pure: no I/O, no clock, no allocation.
 *
 * The rules are those of the calendar in use in Vietnam, as Hồ Ngọc Đức
 * described them for his published converter; the code is our own:
 *
 * - A month begins on the local day (UTC+7) of a new moon.
 * - The month that contains the winter solstice (the sun at 270 degrees) is
 *   the eleventh month.
 * - A lunar year with thirteen months from one eleventh month to the next
 *   has a leap month: the first month after the eleventh in which the sun
 *   enters no new 30-degree sector (no major solar term, trung khí). It
 *   repeats the number of the month before it.
 *
 * New moons come from Jean Meeus' series ("Astronomical Algorithms", with
 * the same truncation Hồ Ngọc Đức uses: errors of a few minutes) and an
 * approximation of Delta T; the sun's longitude from Meeus' low-precision
 * formula (about 0.01 degree). A day can therefore come out wrong only when
 * a new moon or a solar term falls within minutes of local midnight.
 * tests/unit/test_lunar.c compares every Lunar New Year's Day and every
 * Giỗ Tổ Hùng Vương from 1990 to 2050 with a published table.
 *
 * Range: solar days from 1900-01-01 to 2100-12-31, and the lunar dates
 * that fall on them. Before 1968 the official calendars of Vietnam were
 * computed for UTC+8; these functions always use UTC+7, so they give
 * today's rules projected back, not the historical calendars.
 *
 * Why the server's domain, not common/: only the server decides which days
 * are holidays (holidays.h); the client shows the days the server sends, so
 * that both always agree.
 */
#ifndef TD_LUNAR_H
#define TD_LUNAR_H

#include "common/day.h"

/* The first and last Gregorian years whose days these functions accept or
 * return. */
#define TD_LUNAR_FIRST_YEAR 1900
#define TD_LUNAR_LAST_YEAR 2100

/* A lunar date. year is the Gregorian year in which the lunar year begins
 * (the year of its Tết): the eleventh and twelfth months of lunar year 2026
 * run from December 2026 to 5 February 2027, the eve of Tết 2027. */
struct td_lunar_date {
  int day;   /* 1..30 */
  int month; /* 1..12 */
  int year;
  int leap; /* 1 in a leap month (tháng nhuận), else 0 */
};

/* The lunar date of a solar day. Returns 0, or TD_EINVAL for a day outside
 * TD_LUNAR_FIRST_YEAR-01-01 .. TD_LUNAR_LAST_YEAR-12-31. */
TD_MUSTCHECK int td_lunar_from_solar(td_day day, struct td_lunar_date *out);

/* The solar day of a lunar date. Returns 0, or TD_EINVAL for a date that
 * does not exist (a leap flag on a month that is not that year's leap
 * month, the 30th of a 29-day month, a month outside 1..12) or whose day
 * lies outside the range above. */
TD_MUSTCHECK int td_lunar_to_solar(const struct td_lunar_date *date,
                                   td_day *out);

/* The leap month (1..12) of lunar year `year`, or 0 if it has none; 0 also
 * for a year outside the range. */
int td_lunar_leap_month(int year);

#endif
