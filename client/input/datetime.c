/* Dates and times as officers type them; see datetime.h. */
#include "input/datetime.h"

#include <string.h>

/* Reads one or two digits at s into *v; returns how many, or 0. */
static size_t small_number(const char *s, int *v)
{
  size_t n = 0;

  *v = 0;
  while (n < 2 && s[n] >= '0' && s[n] <= '9')
    *v = *v * 10 + (s[n++] - '0');
  return n;
}

/* Reads exactly two digits at s; returns the value or -1. */
static int two_digits(const char *s)
{
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
    return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The day at the start of s, in either form, and the length it took;
 * 0 when there is none. */
static size_t leading_date(const char *s, td_day *out)
{
  size_t i;
  size_t n;
  int d;
  int m;
  int y = 0;

  if (strlen(s) >= 10 && s[4] == '-')
    return td_day_parse_n(s, 10, out) == 0 ? 10 : 0;
  n = small_number(s, &d);
  if (n == 0 || s[n] != '/')
    return 0;
  i = n + 1;
  n = small_number(s + i, &m);
  if (n == 0 || s[i + n] != '/')
    return 0;
  i += n + 1;
  for (n = 0; n < 4; n++) {
    if (s[i + n] < '0' || s[i + n] > '9')
      return 0;
    y = y * 10 + (s[i + n] - '0');
  }
  return td_day_from_ymd(y, m, d, out) == 0 ? i + 4 : 0;
}

int td_datetime_parse_date(const char *s, td_day *out)
{
  size_t n = leading_date(s, out);

  return n > 0 && s[n] == '\0' ? 0 : -1;
}

int td_datetime_parse(const char *s, int64_t *out)
{
  td_day day;
  size_t n = leading_date(s, &day);
  int h;
  int min;

  if (n == 0)
    return -1;
  if (s[n] == '\0') {
    *out = td_vn_time(day, 0, 0);
    return 0;
  }
  /* 'T' only after an ISO date. */
  if (strlen(s + n) != 6 || s[n + 3] != ':' ||
      !(s[n] == ' ' || (s[n] == 'T' && s[4] == '-')))
    return -1;
  h = two_digits(s + n + 1);
  min = two_digits(s + n + 4);
  if (h < 0 || h > 23 || min < 0 || min > 59)
    return -1;
  *out = td_vn_time(day, h, min);
  return 0;
}

int td_datetime_parse_day(const char *s, int days_after, int64_t *out)
{
  td_day day;

  if (td_datetime_parse_date(s, &day) != 0)
    return -1;
  *out = td_vn_time((td_day)(day + days_after), 0, 0);
  return 0;
}
