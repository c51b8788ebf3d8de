/*
 * The command line of a report: the period in whole months, the unit, the
 * language, and where it goes. See cmd.h.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "common/code.h"
#include "cmd_int.h"
#include "report.h"

enum { O_HELP = 1, O_UNIT, O_FROM, O_TO, O_LANG, O_XLSX, O_FRONT, O_TABLE };

static const struct td_opt report_opts[] = {
    {"help", 0, O_HELP},   {"unit", 1, O_UNIT},   {"from", 1, O_FROM},
    {"to", 1, O_TO},       {"lang", 1, O_LANG},   {"xlsx", 1, O_XLSX},
    {"front", 0, O_FRONT}, {"table", 1, O_TABLE}, {NULL, 0, 0},
};

#define TABLES "summary, kind, field, channel, month, sessions or front"

/* What was typed of the period. */
struct period {
  int from; /* Month index; -1 when not given. */
  int to;
};

static int month_opt(const char *opt, const char *v, int last, int *index,
                     char *err, size_t errlen)
{
  if (td_cmd__parse_month(v, last, index) == 0)
    return 0;
  return td_cmd__bad_value(opt, v,
                           "a month YYYY-MM or a day YYYY-MM-DD (which stands "
                           "for its month), from 2000-01 to 2100-12",
                           err, errlen);
}

static int report_opt(struct td_report_args *a, struct period *p, int id,
                      char *v, char *err, size_t errlen)
{
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    if (td_cmd__blank(v))
      return td_cmd__bad_value("--unit", v, "a unit code such as 03390", err,
                               errlen);
    a->unit = v;
    return 0;
  case O_FROM:
    return month_opt("--from", v, 0, &p->from, err, errlen);
  case O_TO:
    return month_opt("--to", v, 1, &p->to, err, errlen);
  case O_LANG:
    if (strcmp(v, "vi") == 0)
      a->lang = TD_REPORT_VI;
    else if (strcmp(v, "en") == 0)
      a->lang = TD_REPORT_EN;
    else
      return td_cmd__bad_value("--lang", v, "vi or en", err, errlen);
    return 0;
  case O_XLSX:
    if (v[0] == '\0')
      return td_cmd__bad_value("--xlsx", v, "the path of the file to write",
                               err, errlen);
    a->xlsx = v;
    return 0;
  case O_FRONT:
    a->front = 1;
    return 0;
  default:
    a->table = td_report_table_parse(v);
    if (a->table < 0)
      return td_cmd__bad_value("--table", v, TABLES, err, errlen);
    return 0;
  }
}

static int report_check(struct td_report_args *a, const struct period *p,
                        enum td_format fmt, char *err, size_t errlen)
{
  if (p->from < 0)
    return td_cmd__missing("--from", "2025-07", err, errlen);
  if (p->to < 0)
    return td_cmd__missing("--to", "2026-06", err, errlen);
  td_month_index_format(p->from, a->from);
  td_month_index_format(p->to, a->to);
  if (p->from > p->to) {
    snprintf(err, errlen, "--from %s is after --to %s", a->from, a->to);
    return -1;
  }
  if (a->table == TD_REPORT_FRONT && !a->front) {
    snprintf(err, errlen,
             "--table front shows the Front's recommendations, so it needs "
             "--front as well");
    return -1;
  }
  if (a->xlsx != NULL && a->table >= 0) {
    snprintf(err, errlen,
             "--xlsx writes every table, one sheet each; leave out --table");
    return -1;
  }
  if (fmt == TD_FORMAT_CSV && a->xlsx == NULL && a->table < 0) {
    snprintf(err, errlen,
             "--format csv prints one table: name it with --table, one of "
             "%s",
             TABLES);
    return -1;
  }
  return 0;
}

int td_cmd_parse_report(int argc, char **argv, enum td_format fmt,
                        struct td_report_args *a, char *err, size_t errlen)
{
  struct td_args args;
  struct period p;
  int id;

  memset(a, 0, sizeof(*a));
  a->lang = TD_REPORT_VI;
  a->table = -1;
  p.from = -1;
  p.to = -1;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, report_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_cmd__extra_word(args.value, err, errlen);
    if (report_opt(a, &p, id, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help)
    return 0;
  return report_check(a, &p, fmt, err, errlen);
}

int td_cmd_report_request(const struct td_report_args *a, int query,
                          struct td_stats_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetStats get = TIEPDAN__GET_STATS__INIT;
  static const Tiepdan__StatDim dims[TD_REPORT_Q_N] = {
      [TD_REPORT_Q_TOTAL] = TIEPDAN__STAT_DIM__DIM_UNSPECIFIED,
      [TD_REPORT_Q_KIND] = TIEPDAN__STAT_DIM__DIM_KIND,
      [TD_REPORT_Q_FIELD] = TIEPDAN__STAT_DIM__DIM_FIELD,
      [TD_REPORT_Q_CHANNEL] = TIEPDAN__STAT_DIM__DIM_CHANNEL,
      [TD_REPORT_Q_MONTH] = TIEPDAN__STAT_DIM__DIM_MONTH,
      [TD_REPORT_Q_UNIT] = TIEPDAN__STAT_DIM__DIM_UNIT,
      [TD_REPORT_Q_FRONT] = TIEPDAN__STAT_DIM__DIM_STATUS,
  };

  if (query < 0 || query >= TD_REPORT_Q_N ||
      (query == TD_REPORT_Q_UNIT && a->unit == NULL) ||
      (query == TD_REPORT_Q_FRONT && !a->front))
    return -1;
  r->env = env;
  r->get = get;
  r->get.unit_code = a->unit;
  r->get.from = (char *)a->from;
  r->get.to = (char *)a->to;
  if (query != TD_REPORT_Q_TOTAL) {
    r->dims[0] = dims[query];
    r->get.n_group_by = 1;
    r->get.group_by = r->dims;
  }
  if (query == TD_REPORT_Q_UNIT)
    r->get.unit_level = (char *)td_code_unit_level(a->unit);
  if (query == TD_REPORT_Q_FRONT) {
    r->get.kind = "recommendation";
    r->get.channel = "front_supervision";
  }
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  r->env.get_stats = &r->get;
  return 0;
}
