/* The Vietnamese lunar calendar; see lunar.h. */
#include "domain/lunar.h"

#include <math.h>

/* Julian Day Number of td_day 0 (1970-01-01, at noon). */
#define JDN_EPOCH 2440588
/* Vietnam's offset from UT, in days. */
#define UTC_OFFSET (7.0 / 24.0)
/* Julian Date of the new moon of 1900-01-01, number 0 of our count (k). */
#define NEW_MOON_0 2415021.076998695
/* The mean synodic month, in days. */
#define SYNODIC 29.530588853
/* Radians per degree (M_PI is not ISO C). */
#define DEG (3.14159265358979323846 / 180.0)

/*
 * The Julian Date (UT) of new moon k, counted from the one of 1900-01-01:
 * Meeus' mean phase, the main periodic terms of the Sun's and Moon's
 * anomalies and the Moon's argument of latitude, less Delta T.
 */
static double new_moon_jd(int k)
{
  double t = k / 1236.85;
  double t2 = t * t;
  double t3 = t2 * t;
  double mean, m, mp, f, c, delta_t;

  mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 +
         0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m) -
      0.4068 * sin(mp) + 0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp) +
      0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp) +
      0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) -
      0.0006 * sin(2 * f + mp) + 0.0010 * sin(2 * f - mp) +
      0.0005 * sin(m + 2 * mp);
  if (t < -11)
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
              0.000000081 * t * t3;
  else
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + c - delta_t;
}

/* The local (UTC+7) day of new moon k: the first day of its month. */
static td_day new_moon_day(int k)
{
  return (td_day)(floor(new_moon_jd(k) + 0.5 + UTC_OFFSET) - JDN_EPOCH);
}

/* The sun's mean-equinox longitude, in degrees [0, 360), at Julian Date jd
 * (Meeus' low-precision formula, without nutation and aberration). */
static double sun_longitude(double jd)
{
  double t = (jd - 2451545.0) / 36525;
  double t2 = t * t;
  double m, l;

  m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) *
      DEG;
  l = 280.46645 + 36000.76983 * t + 0.0003032 * t2 +
      (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m) +
      (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
  l = fmod(l, 360.0);
  return l < 0 ? l + 360.0 : l;
}

/* The 30-degree sector (0..11; 9 begins at the winter solstice) the sun is
 * in at the local midnight that begins `day`. A month with no major solar
 * term begins and ends in the same sector. */
static int sun_sector(td_day day)
{
  double jd = (double)day + JDN_EPOCH - 0.5 - UTC_OFFSET;

  return (int)(sun_longitude(jd) / 30.0);
}

/* The number k of the new moon that begins the month containing `day`. */
static int lunation_of(td_day day)
{
  int k = (int)floor(((double)day + JDN_EPOCH - NEW_MOON_0) / SYNODIC);

  while (new_moon_day(k + 1) <= day)
    k++;
  while (new_moon_day(k) > day)
    k--;
  return k;
}

/* The number of the new moon that begins the eleventh month, the one
 * containing the winter solstice of Gregorian year y. */
static int month11_lunation(int y)
{
  td_day dec31;
  int k;

  if (td_day_from_ymd(y, 12, 31, &dec31) != 0)
    return 0;
  k = lunation_of(dec31);
  /* The sun already past 270 degrees when the month began: the solstice
   * fell in the month before. */
  if (sun_sector(new_moon_day(k)) >= 9)
    k--;
  return k;
}

/* In a thirteen-month year beginning with the eleventh month that new moon
 * k11 begins, the offset (1..12) of the leap month from that month: the
 * first month in which the sun stays in one sector. */
static int leap_offset(int k11)
{
  int j;

  for (j = 1; j < 13; j++)
    if (sun_sector(new_moon_day(k11 + j)) ==
        sun_sector(new_moon_day(k11 + j + 1)))
      return j;
  return 12;
}

/* The month number (1..12) of the month `offset` months after an
 * eleventh month, leap months not counted. */
static int month_at(int offset)
{
  return (10 + offset) % 12 + 1;
}

static int in_range(td_day day)
{
  td_day first, last;

  if (td_day_from_ymd(TD_LUNAR_FIRST_YEAR, 1, 1, &first) != 0 ||
      td_day_from_ymd(TD_LUNAR_LAST_YEAR, 12, 31, &last) != 0)
    return 0;
  return day >= first && day <= last;
}

int td_lunar_from_solar(td_day day, struct td_lunar_date *out)
{
  int y, m, d, k, ka, kb, diff, lo;

  if (!in_range(day))
    return TD_EINVAL;
  td_day_to_ymd(day, &y, &m, &d);
  k = lunation_of(day);
  ka = month11_lunation(y);
  out->year = y;
  if (ka >= k) {
    kb = ka;
    ka = month11_lunation(y - 1);
  } else {
    out->year = y + 1;
    kb = month11_lunation(y + 1);
  }
  diff = k - ka;
  out->day = day - new_moon_day(k) + 1;
  out->leap = 0;
  out->month = month_at(diff);
  if (kb - ka == 13) {
    lo = leap_offset(ka);
    if (diff >= lo)
      out->month = month_at(diff - 1);
    out->leap = diff == lo;
  }
  /* The eleventh and twelfth months before the new year's Tết belong to
   * the lunar year that began in the previous Gregorian year. */
  if (out->month >= 11 && diff < 4)
    out->year--;
  return 0;
}

int td_lunar_to_solar(const struct td_lunar_date *date, td_day *out)
{
  int ka, kb, off, lo;
  td_day start, day;

  if (date->month < 1 || date->month > 12 || date->day < 1 || date->day > 30 ||
      (date->leap != 0 && date->leap != 1) ||
      date->year < TD_LUNAR_FIRST_YEAR - 1 || date->year > TD_LUNAR_LAST_YEAR)
    return TD_EINVAL;
  /* The thirteen or fourteen months from one eleventh month to the next
   * that hold this month. */
  ka = month11_lunation(date->month < 11 ? date->year - 1 : date->year);
  kb = month11_lunation(date->month < 11 ? date->year : date->year + 1);
  off = (date->month + 1) % 12;
  if (kb - ka == 13) {
    lo = leap_offset(ka);
    if (date->leap && date->month != month_at(lo - 1))
      return TD_EINVAL;
    if (date->leap || off >= lo)
      off++;
  } else if (date->leap) {
    return TD_EINVAL;
  }
  start = new_moon_day(ka + off);
  if (date->day > new_moon_day(ka + off + 1) - start)
    return TD_EINVAL;
  day = start + date->day - 1;
  if (!in_range(day))
    return TD_EINVAL;
  *out = day;
  return 0;
}

int td_lunar_leap_month(int year)
{
  int ka, kb, lo, month;

  if (year < TD_LUNAR_FIRST_YEAR || year > TD_LUNAR_LAST_YEAR)
    return 0;
  /* Months 1 to 10 of `year` follow the eleventh month of year - 1; its
   * eleventh and twelfth follow its own eleventh month. */
  ka = month11_lunation(year - 1);
  kb = month11_lunation(year);
  if (kb - ka == 13) {
    lo = leap_offset(ka);
    month = month_at(lo - 1);
    if (month <= 10)
      return month;
  }
  ka = kb;
  kb = month11_lunation(year + 1);
  if (kb - ka == 13) {
    lo = leap_offset(ka);
    month = month_at(lo - 1);
    if (month >= 11)
      return month;
  }
  return 0;
}
