/* The reports' periods; see period.h. */
#include "common/period.h"

#include <stdio.h>
#include <string.h>

void td_period_of(enum td_period_kind kind, int year, struct td_period *out)
{
  /* The last month of each window; every window starts on the 15th of the
   * month after the previous one ended. */
  int start_y = year, start_m = 12, end_m = 12;

  switch (kind) {
  case TD_PERIOD_Q1:
    start_y = year - 1;
    end_m = 3;
    break;
  case TD_PERIOD_Q2:
    start_m = 3;
    end_m = 6;
    break;
  case TD_PERIOD_Q3:
    start_m = 6;
    end_m = 9;
    break;
  case TD_PERIOD_Q4:
    start_m = 9;
    end_m = 12;
    break;
  case TD_PERIOD_6M:
    start_y = year - 1;
    end_m = 6;
    break;
  case TD_PERIOD_9M:
    start_y = year - 1;
    end_m = 9;
    break;
  default:
    start_y = year - 1;
    end_m = 12;
    break;
  }
  out->kind = kind;
  out->year = year;
  /* The 15th and the 14th exist in every month of every year a period
   * may name, so these cannot fail there. */
  if (td_day_from_ymd(start_y, start_m, 15, &out->from) != 0)
    out->from = 0;
  if (td_day_from_ymd(year, end_m, 14, &out->to) != 0)
    out->to = 0;
}

static int parse_year(const char *s, size_t n, int *year)
{
  int y = 0;
  size_t i;

  if (n != 4)
    return -1;
  for (i = 0; i < 4; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    y = y * 10 + (s[i] - '0');
  }
  if (y < TD_PERIOD_YEAR_MIN || y > TD_PERIOD_YEAR_MAX)
    return -1;
  *year = y;
  return 0;
}

int td_period_parse(const char *s, struct td_period *out)
{
  static const struct {
    const char *suffix;
    enum td_period_kind kind;
  } kinds[] = {
      {"-Q1", TD_PERIOD_Q1}, {"-Q2", TD_PERIOD_Q2}, {"-Q3", TD_PERIOD_Q3},
      {"-Q4", TD_PERIOD_Q4}, {"-6M", TD_PERIOD_6M}, {"-9M", TD_PERIOD_9M},
      {"-q1", TD_PERIOD_Q1}, {"-q2", TD_PERIOD_Q2}, {"-q3", TD_PERIOD_Q3},
      {"-q4", TD_PERIOD_Q4}, {"-6m", TD_PERIOD_6M}, {"-9m", TD_PERIOD_9M},
  };
  const char *dots;
  size_t n;
  size_t i;
  int year;

  if (s == NULL)
    return TD_EINVAL;
  n = strlen(s);
  dots = strstr(s, "..");
  if (dots != NULL) {
    struct td_period p;
    int y1, y2, m, d;

    memset(&p, 0, sizeof(p));
    p.kind = TD_PERIOD_DAYS;
    if (td_day_parse_n(s, (size_t)(dots - s), &p.from) != 0 ||
        (size_t)(dots - s) != 10 || strlen(dots + 2) != 10 ||
        td_day_parse(dots + 2, &p.to) != 0 || p.to < p.from)
      return TD_EINVAL;
    td_day_to_ymd(p.from, &y1, &m, &d);
    td_day_to_ymd(p.to, &y2, &m, &d);
    if (y1 < TD_PERIOD_YEAR_MIN || y2 > TD_PERIOD_YEAR_MAX)
      return TD_EINVAL;
    *out = p;
    return 0;
  }
  if (parse_year(s, n < 4 ? n : 4, &year) != 0)
    return TD_EINVAL;
  if (n == 4) {
    td_period_of(TD_PERIOD_YEAR, year, out);
    return 0;
  }
  for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    if (strcmp(s + 4, kinds[i].suffix) == 0) {
      td_period_of(kinds[i].kind, year, out);
      return 0;
    }
  return TD_EINVAL;
}

/* "15/12/2025", "01/7/2025", "05/02/2026": the day as administrative
 * documents write it (Nghị định 30/2020/NĐ-CP, Phụ lục I): a day below 10
 * and the months January and February with a leading zero. */
static void dmy(td_day day, char *buf, size_t len)
{
  int y, m, d;

  td_day_to_ymd(day, &y, &m, &d);
  snprintf(buf, len, m <= 2 ? "%02d/%02d/%04d" : "%02d/%d/%04d", d, m, y);
}

void td_period_name(const struct td_period *p, int vi, char *buf, size_t len)
{
  static const char *const roman[] = {"I", "II", "III", "IV"};
  static const char *const ordinal[] = {"first", "second", "third", "fourth"};
  char a[16], b[16];

  switch (p->kind) {
  case TD_PERIOD_Q1:
  case TD_PERIOD_Q2:
  case TD_PERIOD_Q3:
  case TD_PERIOD_Q4:
    if (vi)
      snprintf(buf, len, "quý %s năm %d", roman[p->kind - TD_PERIOD_Q1],
               p->year);
    else
      snprintf(buf, len, "the %s quarter of %d",
               ordinal[p->kind - TD_PERIOD_Q1], p->year);
    return;
  case TD_PERIOD_6M:
    snprintf(buf, len, vi ? "6 tháng đầu năm %d" : "the first half of %d",
             p->year);
    return;
  case TD_PERIOD_9M:
    snprintf(buf, len, vi ? "9 tháng năm %d" : "the first nine months of %d",
             p->year);
    return;
  case TD_PERIOD_YEAR:
    snprintf(buf, len, vi ? "năm %d" : "%d", p->year);
    return;
  default:
    dmy(p->from, a, sizeof(a));
    dmy(p->to, b, sizeof(b));
    snprintf(buf, len, vi ? "từ ngày %s đến ngày %s" : "from %s to %s", a, b);
    return;
  }
}

void td_period_window(const struct td_period *p, int vi, char *buf, size_t len)
{
  char a[16], b[16];

  dmy(p->from, a, sizeof(a));
  dmy(p->to, b, sizeof(b));
  snprintf(buf, len,
           vi ? "Số liệu tính từ ngày %s đến ngày %s" : "Figures from %s to %s",
           a, b);
}
