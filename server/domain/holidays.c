/* The provisional public holidays of a year; see holidays.h. */
#include "domain/holidays.h"

#include "domain/lunar.h"

static const char *const names[] = {
#define XX(name, text) text,
    TD_HOLIDAY_MAP(XX)
#undef XX
};

const char *td_holiday_name(enum td_holiday_kind kind)
{
  if ((int)kind < 0 || kind >= TD_HOLIDAY__COUNT)
    return "";
  return names[kind];
}

static int is_weekend(td_day day)
{
  return td_day_weekday(day) >= 5;
}

/* 1 if `day` is among the n entries of list. */
static int listed(const struct td_holiday *list, size_t n, td_day day)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (list[i].day == day)
      return 1;
  return 0;
}

/* Adds day unless it is listed already. */
static void add(struct td_holiday *list, size_t *n, td_day day,
                enum td_holiday_kind kind)
{
  if (listed(list, *n, day))
    return;
  list[*n].day = day;
  list[*n].kind = kind;
  (*n)++;
}

static void sort_by_day(struct td_holiday *list, size_t n)
{
  size_t i, j;
  struct td_holiday h;

  for (i = 1; i < n; i++) {
    h = list[i];
    for (j = i; j > 0 && list[j - 1].day > h.day; j--)
      list[j] = list[j - 1];
    list[j] = h;
  }
}

static TD_MUSTCHECK int ymd(int y, int m, int d, td_day *out)
{
  return td_day_from_ymd(y, m, d, out);
}

/* The day that joins 2 September (see holidays.h). */
static td_day national_day_pair(td_day sep2)
{
  int wd = td_day_weekday(sep2);

  if (wd == 3 || is_weekend(sep2 - 1))
    return sep2 + 1;
  return sep2 - 1;
}

/* The eleven days of Art. 112(1), sorted, each day once. */
static TD_MUSTCHECK int statutory(int year, struct td_holiday *list, size_t *n)
{
  struct td_lunar_date tet = {1, 1, year, 0};
  struct td_lunar_date hung = {10, 3, year, 0};
  td_day jan1, apr30, may1, sep2, tet1, hung_day;
  int i;

  if (ymd(year, 1, 1, &jan1) != 0 || ymd(year, 4, 30, &apr30) != 0 ||
      ymd(year, 5, 1, &may1) != 0 || ymd(year, 9, 2, &sep2) != 0 ||
      td_lunar_to_solar(&tet, &tet1) != 0 ||
      td_lunar_to_solar(&hung, &hung_day) != 0)
    return TD_EINVAL;
  *n = 0;
  add(list, n, jan1, TD_HOLIDAY_NEW_YEAR);
  for (i = -1; i <= 3; i++)
    add(list, n, tet1 + i, TD_HOLIDAY_TET);
  add(list, n, hung_day, TD_HOLIDAY_HUNG_KINGS);
  add(list, n, apr30, TD_HOLIDAY_VICTORY);
  add(list, n, may1, TD_HOLIDAY_LABOUR);
  add(list, n, sep2, TD_HOLIDAY_NATIONAL);
  add(list, n, national_day_pair(sep2), TD_HOLIDAY_NATIONAL);
  sort_by_day(list, *n);
  return 0;
}

/* Art. 111 (weekly rest): each weekend holiday, in order, is made up on the
 * first Monday-to-Friday day after it that is not yet a day off. */
static void compensate(struct td_holiday *list, size_t *n)
{
  size_t i, nstat = *n;
  td_day day;

  for (i = 0; i < nstat; i++) {
    if (!is_weekend(list[i].day))
      continue;
    day = list[i].day + 1;
    while (is_weekend(day) || listed(list, *n, day))
      day++;
    add(list, n, day, TD_HOLIDAY_COMPENSATION);
  }
  sort_by_day(list, *n);
}

int td_holidays_provisional(int year, struct td_holiday *out, size_t cap)
{
  struct td_holiday list[TD_HOLIDAYS_MAX];
  size_t n, i;
  int err;

  if (year < TD_HOLIDAYS_FIRST_YEAR || year > TD_HOLIDAYS_LAST_YEAR)
    return TD_EINVAL;
  err = statutory(year, list, &n);
  if (err != 0)
    return err;
  compensate(list, &n);
  if (n > cap)
    return TD_ETOOBIG;
  for (i = 0; i < n; i++)
    out[i] = list[i];
  return (int)n;
}

static int confirmed(const struct td_calendar_year *years, size_t n, int year)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (years[i].year == year)
      return years[i].confirmed;
  return 0;
}

int td_holidays_unconfirmed_in(const struct td_calendar_year *years, size_t n,
                               td_day from, td_day to)
{
  int y0, y1, m, d, y;

  td_day_to_ymd(from, &y0, &m, &d);
  td_day_to_ymd(to, &y1, &m, &d);
  for (y = y0; y <= y1; y++)
    if (!confirmed(years, n, y))
      return y;
  return 0;
}

int td_holidays_warn_year(const struct td_calendar_year *years, size_t n,
                          td_day today, int warn_month, int warn_day)
{
  int y, m, d;

  td_day_to_ymd(today, &y, &m, &d);
  if (m < warn_month || (m == warn_month && d < warn_day))
    return 0;
  return confirmed(years, n, y + 1) ? 0 : y + 1;
}
