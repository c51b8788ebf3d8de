/* The values of options; see opt.h. */
#include "input/opt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/day.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/datetime.h"
#include "lang/lang.h"

int td_opt_extra_word(const char *w, char *err, size_t errlen)
{
  snprintf(err, errlen, _("unexpected argument \"%s\""), w);
  return -1;
}

int td_opt_bad_value(const char *opt, const char *v, const char *want,
                     char *err, size_t errlen)
{
  snprintf(err, errlen, _("%s must be %s, not \"%s\""), opt, want, v);
  return -1;
}

int td_opt_missing(const char *opt, const char *example, char *err,
                   size_t errlen)
{
  snprintf(err, errlen, _("%s is required, e.g. %s %s"), opt, opt, example);
  return -1;
}

int td_opt_blank(const char *s)
{
  if (s == NULL)
    return 1;
  while (isspace((unsigned char)*s))
    s++;
  return *s == '\0';
}

int td_opt_parse_at(const char *opt, const char *v, int64_t *at, int *has,
                    char *err, size_t errlen)
{
  *has = td_datetime_parse(v, at) == 0;
  if (!*has)
    return td_opt_bad_value(
        opt, v,
        _("a time in Vietnam \"DD/MM/YYYY[ HH:MM]\" or \"YYYY-MM-DD[ HH:MM]\""),
        err, errlen);
  return 0;
}

int td_opt_parse_count(const char *opt, const char *v, uint32_t max,
                       uint32_t *n, int *has, char *err, size_t errlen)
{
  char want[64];
  uint64_t u;

  if (td_args_uint(v, 0, max, &u) != 0) {
    snprintf(want, sizeof(want), _("a number from 0 to %u"), (unsigned)max);
    return td_opt_bad_value(opt, v, want, err, errlen);
  }
  *n = (uint32_t)u;
  *has = 1;
  return 0;
}

/* A session's id, for --session. */
int td_opt_parse_session(const char *v, int64_t *id, int *has, char *err,
                         size_t errlen)
{
  uint64_t n;

  if (td_args_uint(v, 1, INT64_MAX, &n) != 0)
    return td_opt_bad_value("--session", v,
                            _("the number of a session, as \"tiepdan session "
                              "list\" shows"),
                            err, errlen);
  *id = (int64_t)n;
  *has = 1;
  return 0;
}

static int all_digits(const char *s)
{
  return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

int td_opt_check_ref(const char *ref, const char *command, char *err,
                     size_t errlen)
{
  uint64_t n;

  if (ref == NULL || ref[0] == '\0') {
    snprintf(err, errlen,
             _("give the petition's id or receipt number, e.g. tiepdan %s "
               "BL-2026-000001"),
             command);
    return -1;
  }
  if (all_digits(ref) && td_args_uint(ref, 1, INT64_MAX, &n) != 0)
    return td_opt_bad_value(_("the id"), ref, _("a number from 1"), err,
                            errlen);
  return 0;
}

int td_opt_ref_id(const char *ref, int64_t *id)
{
  uint64_t n;

  if (!all_digits(ref) || td_args_uint(ref, 1, INT64_MAX, &n) != 0)
    return 0;
  *id = (int64_t)n;
  return 1;
}

/* See opt.h; stats, report and watch read their months so. */
int td_opt_parse_month(const char *s, int last, int *index)
{
  char month[TD_MONTH_LEN];
  td_day day;

  switch (strlen(s)) {
  case 4: /* A year: its January, or its December as the last month. */
    snprintf(month, sizeof(month), "%.4s-%s", s, last ? "12" : "01");
    break;
  case 7:
    memcpy(month, s, sizeof(month));
    break;
  case 10: /* A day, which must exist: its month. */
    if (td_day_parse(s, &day) != 0)
      return -1;
    snprintf(month, sizeof(month), "%.7s", s);
    break;
  default:
    return -1;
  }
  if (td_month_index_parse(month, index) != 0 ||
      *index < td_month_index(TD_STATS_YEAR_MIN, 1) ||
      *index > td_month_index(TD_STATS_YEAR_MAX, 12))
    return -1;
  return 0;
}

int td_opt_month_at(int64_t now)
{
  int y;
  int m;
  int d;

  /* The month in Vietnam, whatever the computer's zone. */
  td_day_to_ymd(td_day_from_unix_vn(now), &y, &m, &d);
  return td_month_index(y, m);
}

int td_opt_text(const char *opt, char *v, char **slot, char *err, size_t errlen)
{
  if (td_opt_blank(v)) {
    snprintf(err, errlen, _("%s is empty; write the text after it"), opt);
    return -1;
  }
  *slot = v;
  return 0;
}

int td_opt_unit(const char *opt, char *v, char **slot, char *err, size_t errlen)
{
  if (td_opt_blank(v))
    return td_opt_bad_value(opt, v, _("a unit code such as 03390"), err,
                            errlen);
  *slot = v;
  return 0;
}
