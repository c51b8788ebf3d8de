/* Days and months; see day.h. */
#include "common/day.h"

#include <stdio.h>
#include <string.h>

/* Civil dates <-> day numbers follow Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"): the year
 * is shifted to start in March so that the leap day falls last, and whole
 * 400-year eras of 146097 days keep the arithmetic exact for negative days.
 * 719468 is the number of days from 0000-03-01 to 1970-01-01. Everything is
 * done in 64 bits so that no td_day, not even TD_DAY_NONE, overflows. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
  int64_t era;
  int64_t yoe;
  int64_t doy;
  int64_t doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
  int64_t era;
  int64_t doe;
  int64_t yoe;
  int64_t doy;
  int64_t mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

int td_day_is_leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int td_day_days_in_month(int y, int m)
{
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  if (m < 1 || m > 12)
    return 0;
  return m == 2 && td_day_is_leap(y) ? 29 : days[m - 1];
}

int td_day_from_ymd(int y, int m, int d, td_day *out)
{
  int64_t day;

  if (d < 1 || d > td_day_days_in_month(y, m))
    return TD_EINVAL;
  day = days_from_civil(y, m, d);
  /* TD_DAY_NONE is reserved for "no end", so it is no date either. */
  if (day < INT32_MIN || day >= TD_DAY_NONE)
    return TD_EINVAL;
  *out = (td_day)day;
  return 0;
}

void td_day_to_ymd(td_day day, int *y, int *m, int *d)
{
  civil_from_days(day, y, m, d);
}

/* Reads exactly n digits at s into *v; returns 0 or TD_EINVAL. */
static int digits(const char *s, int n, int *v)
{
  int i;

  *v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return TD_EINVAL;
    *v = *v * 10 + (s[i] - '0');
  }
  return 0;
}

int td_day_parse_n(const char *s, size_t n, td_day *out)
{
  int dashed = n == 10;
  int y;
  int m;
  int d;

  if (n != 10 && n != 8)
    return TD_EINVAL;
  if (dashed && (s[4] != '-' || s[7] != '-'))
    return TD_EINVAL;
  if (digits(s, 4, &y) != 0 || digits(s + (dashed ? 5 : 4), 2, &m) != 0 ||
      digits(s + (dashed ? 8 : 6), 2, &d) != 0)
    return TD_EINVAL;
  return td_day_from_ymd(y, m, d, out);
}

int td_day_parse(const char *s, td_day *out)
{
  if (s == NULL || strlen(s) != 10)
    return TD_EINVAL;
  return td_day_parse_n(s, 10, out);
}

void td_day_format(td_day day, char out[TD_DAY_LEN])
{
  int y;
  int m;
  int d;

  td_day_to_ymd(day, &y, &m, &d);
  /* Years outside 0000..9999 do not fit the format; no petition lives
   * there. The remainders tell the compiler what fits (a Release build's
   * -Wformat-truncation). */
  snprintf(out, TD_DAY_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
           (unsigned)m % 100u, (unsigned)d % 100u);
}

int td_day_weekday(td_day day)
{
  /* 1970-01-01, day 0, was a Thursday (3 with Monday = 0). */
  int64_t r = ((int64_t)day + 3) % 7;

  return (int)(r < 0 ? r + 7 : r);
}

td_day td_day_from_unix_vn(int64_t t)
{
  /* Floor division first, then the UTC+7 offset on the remainder, so that
   * neither negative times nor times near INT64_MAX go wrong. */
  int64_t q = t / 86400;
  int64_t r = t % 86400;

  if (r < 0) {
    r += 86400;
    q--;
  }
  if (r + 7 * 3600 >= 86400)
    q++;
  return (td_day)q;
}

int64_t td_vn_time(td_day day, int hour, int minute)
{
  return (int64_t)day * 86400 + hour * 3600 + minute * 60 - TD_VN_OFFSET_S;
}

void td_vn_clock(int64_t t, struct td_vn_clock *out)
{
  int64_t r;

  out->day = td_day_from_unix_vn(t);
  /* The seconds since Vietnam's midnight: the remainder first, so that no
   * time near INT64_MAX overflows. */
  r = t % 86400;
  if (r < 0)
    r += 86400;
  r = (r + TD_VN_OFFSET_S) % 86400;
  out->hour = (int)(r / 3600);
  out->minute = (int)(r / 60 % 60);
  out->second = (int)(r % 60);
}

int td_days_between(td_day a, td_day b)
{
  return (int)((int64_t)b - (int64_t)a);
}

int td_month_index_parse(const char *s, int *index)
{
  int y;
  int m;

  if (s == NULL || strlen(s) != 7 || s[4] != '-')
    return TD_EINVAL;
  if (digits(s, 4, &y) != 0 || digits(s + 5, 2, &m) != 0 || m < 1 || m > 12)
    return TD_EINVAL;
  *index = td_month_index(y, m);
  return 0;
}

void td_month_index_format(int index, char out[TD_MONTH_LEN])
{
  unsigned i;

  /* Indexes of four-digit years are never negative; anything else is cut
   * to the format rather than overflow it. */
  i = index < 0 ? 0u : (unsigned)index;
  snprintf(out, TD_MONTH_LEN, "%04u-%02u", i / 12 % 10000, i % 12 + 1);
}
