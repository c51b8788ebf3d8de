/* Dates and times as officers type them; see datetime.h. */
#include "input/datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/day.h"

/* Reads exactly two digits at s; returns the value or -1. */
static int two_digits(const char *s)
{
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
    return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Fills the date part of tm from the "YYYY-MM-DD" that starts s; returns 0
 * or -1. mktime takes years from 1900. */
static int parse_date(const char *s, struct tm *tm)
{
  td_day day;
  int y;
  int m;
  int d;

  if (strlen(s) < 10 || td_day_parse_n(s, 10, &day) != 0)
    return -1;
  td_day_to_ymd(day, &y, &m, &d);
  if (y < 1900)
    return -1;
  memset(tm, 0, sizeof(*tm));
  tm->tm_year = y - 1900;
  tm->tm_mon = m - 1;
  tm->tm_mday = d;
  tm->tm_isdst = -1;
  return 0;
}

static int make_time(struct tm *tm, int64_t *out)
{
  time_t t;

  t = mktime(tm);
  if (t == (time_t)-1)
    return -1;
  *out = (int64_t)t;
  return 0;
}

int td_datetime_parse(const char *s, int64_t *out)
{
  struct tm tm;
  int h;
  int min;

  if (parse_date(s, &tm) != 0)
    return -1;
  if (s[10] == '\0')
    return make_time(&tm, out);
  if (strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
    return -1;
  h = two_digits(s + 11);
  min = two_digits(s + 14);
  if (h < 0 || h > 23 || min < 0 || min > 59)
    return -1;
  tm.tm_hour = h;
  tm.tm_min = min;
  return make_time(&tm, out);
}

int td_datetime_parse_day(const char *s, int days_after, int64_t *out)
{
  struct tm tm;

  if (strlen(s) != 10 || parse_date(s, &tm) != 0)
    return -1;
  /* mktime carries the day over month and year ends. */
  tm.tm_mday += days_after;
  return make_time(&tm, out);
}
