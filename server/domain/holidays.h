/*
 * The provisional public holidays of a year: the days the Labour Code 2019
 * fixes, placed as the Government usually places them, for a year whose
 * official arrangement is not yet known. Pure: no I/O, no clock, no
 * allocation.
 *
 * The Labour Code 2019 (Bộ luật Lao động 45/2019/QH14, in force since
 * 1 January 2021), Art. 112(1), gives eleven days: 1 January; five days of
 * Tết Nguyên đán; 30 April; 1 May; 2 September and one day before or after
 * it; the 10th day of the 3rd lunar month (Giỗ Tổ Hùng Vương). The Prime
 * Minister fixes each year which five days make up Tết and which day joins
 * 2 September (Art. 112(3) as we read it; the paragraph was not checked
 * against the official text). Until that is announced, we place them so:
 *
 * - Tết: the last day of the old lunar year (29 or 30 tháng Chạp) and the
 *   first four days of the new one, the placement we understand the
 *   Government has announced most often. The seeded official years
 *   show both placements: 2026 used it (16-20 February); 2025 took two
 *   days before and three after (27-31 January) to line the break up with
 *   a weekend. Which one a year will get cannot be computed.
 * - 2 September: the day before (1 September) when it is Monday to Friday,
 *   except that a Thursday 2 September takes Friday 3 September, making a
 *   four-day weekend; when 1 September is a weekend day, 3 September. The
 *   seeded official years agree (2025, Tuesday: 1-2; 2026, Wednesday:
 *   1-2), and so do the announcements of 2021 (Thursday: 2-3), 2022
 *   (Friday: 1-2), 2023 (Saturday: 1-2) and 2024 (Monday: 2-3) as we
 *   recall them; those four are not in the database and want checking
 *   against the Prime Minister's notices.
 *
 * A holiday that falls on the weekly rest day (Saturday or Sunday for state
 * agencies) is compensated by the next working day (Labour Code 2019,
 * Art. 111, on weekly rest: "được nghỉ bù ngày nghỉ hằng tuần vào ngày làm
 * việc kế tiếp"; paragraph 3 as we read it): taking the
 * weekend holidays in order, each gets the first Monday-to-Friday day after
 * it that is neither a holiday nor already a compensation day. So a Tết
 * break Friday to Tuesday is followed by compensation on Wednesday and
 * Thursday. If two of the rules ever fell on the same day, the day is
 * listed once and nothing compensates it: the law provides compensation for
 * a holiday on a weekly rest day only.
 *
 * What the provisional calendar cannot know: the Government's swaps of a
 * working day for a make-up Saturday (e.g. Friday 2 May 2025) and a
 * different Tết placement; the official year replaces the provisional one.
 */
#ifndef TD_HOLIDAYS_H
#define TD_HOLIDAYS_H

#include <stddef.h>

#include "common/day.h"

/* The first year the Labour Code 2019's list applies to, and the last one
 * the lunar calendar (lunar.h) covers. */
#define TD_HOLIDAYS_FIRST_YEAR 2021
#define TD_HOLIDAYS_LAST_YEAR 2100

/* XX(name, text): TD_HOLIDAY_<name>, and the name officers use for it. */
#define TD_HOLIDAY_MAP(XX)                                                     \
  XX(NEW_YEAR, "Tết Dương lịch")                                               \
  XX(TET, "Tết Nguyên đán")                                                    \
  XX(HUNG_KINGS, "Giỗ Tổ Hùng Vương")                                          \
  XX(VICTORY, "Ngày Chiến thắng")                                              \
  XX(LABOUR, "Ngày Quốc tế Lao động")                                          \
  XX(NATIONAL, "Quốc khánh")                                                   \
  XX(COMPENSATION, "nghỉ bù")

enum td_holiday_kind {
#define XX(name, text) TD_HOLIDAY_##name,
  TD_HOLIDAY_MAP(XX)
#undef XX
      TD_HOLIDAY__COUNT
};

/* The Vietnamese name of a kind; "" for a value outside the enum. */
const char *td_holiday_name(enum td_holiday_kind kind);

struct td_holiday {
  td_day day;
  enum td_holiday_kind kind;
};

/* Eleven days, and at most one compensation day for each. */
#define TD_HOLIDAYS_MAX 22

/*
 * Writes the provisional holidays of Gregorian year `year` into out (cap
 * entries, owned by the caller), in ascending order of day, each day once.
 * Weekend holidays are listed too, with the compensation days after them.
 * Returns the number written, or TD_EINVAL for a year outside
 * TD_HOLIDAYS_FIRST_YEAR..TD_HOLIDAYS_LAST_YEAR, or TD_ETOOBIG if cap is too
 * small (TD_HOLIDAYS_MAX always suffices).
 */
TD_MUSTCHECK int td_holidays_provisional(int year, struct td_holiday *out,
                                         size_t cap);

/* The legal source recorded with a provisional year and its days. */
#define TD_HOLIDAYS_PROVISIONAL_SOURCE                                                      \
  "Bộ luật Lao động 2019, Điều 112 (lịch tạm tính, chờ thông báo của " \
  "Chính phủ)"

/* A year whose calendar is held: confirmed (the Government's announcement
 * was loaded) or provisional (computed here). */
struct td_calendar_year {
  int year;
  int confirmed;
};

/*
 * The first year from that of `from` to that of `to` (inclusive) whose
 * calendar is not confirmed (provisional, or not held at all among
 * years[0..n)), or 0 if every one is. A deadline counted over those days
 * rests on that year's provisional days.
 */
int td_holidays_unconfirmed_in(const struct td_calendar_year *years, size_t n,
                               td_day from, td_day to);

/*
 * The year an administrator must be warned about on `today`: next year,
 * when today is on or after warn_month-warn_day of its year and next year's
 * calendar is not confirmed; else 0.
 */
int td_holidays_warn_year(const struct td_calendar_year *years, size_t n,
                          td_day today, int warn_month, int warn_day);

#endif
