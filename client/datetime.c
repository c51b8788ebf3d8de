/* Local dates and times; see datetime.h. */
#include "datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Reads exactly n digits at s; returns the value or -1. */
static int digits(const char *s, int n)
{
  int v;
  int i;

  v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static int days_in_month(int y, int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return 29;
  return days[m - 1];
}

/* Fills the date part of tm from "YYYY-MM-DD"; returns 0 or -1. */
static int parse_date(const char *s, struct tm *tm)
{
  int y;
  int m;
  int d;

  if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
    return -1;
  y = digits(s, 4);
  m = digits(s + 5, 2);
  d = digits(s + 8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
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
  h = digits(s + 11, 2);
  min = digits(s + 14, 2);
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

static int local(int64_t t, struct tm *tm)
{
  time_t tt;

  tt = (time_t)t;
  return localtime_r(&tt, tm) != NULL ? 0 : -1;
}

void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX])
{
  struct tm tm;

  if (local(t, &tm) != 0 ||
      strftime(out, TD_DATETIME_MAX, "%Y-%m-%d %H:%M", &tm) == 0)
    snprintf(out, TD_DATETIME_MAX, "%lld", (long long)t);
}

void td_datetime_format_iso(int64_t t, char out[TD_DATETIME_MAX])
{
  struct tm tm;
  size_t n;

  if (local(t, &tm) != 0 ||
      strftime(out, TD_DATETIME_MAX, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0) {
    snprintf(out, TD_DATETIME_MAX, "%lld", (long long)t);
    return;
  }
  /* strftime writes +0700; ISO 8601 extended format wants +07:00. */
  n = strlen(out);
  memmove(out + n - 1, out + n - 2, 3);
  out[n - 2] = ':';
}
