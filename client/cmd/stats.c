/*
 * tiepdan stats: the period in whole months, the unit, and what to group
 * by; the counts as a table, csv or json. See stats.h.
 */
#include "cmd/stats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

/* The first month the server keeps statistics for. */
#define MONTH_MIN (TD_STATS_YEAR_MIN * 12)
/* A year of months, the default period, ends with --to. */
#define DEFAULT_SPAN 12

enum {
  O_HELP = 1,
  O_UNIT,
  O_FROM,
  O_TO,
  O_BY,
  O_LEVEL,
  O_FROM_DAY,
  O_TO_DAY,
  O_EXCLUDE
};

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] stats [--unit CODE] [--from MONTH] "
    "[--to MONTH]\n"
    "                                     [--from-day DAY --to-day DAY]\n"
    "                                     [--by DIM[,DIM...]] "
    "[--level LEVEL]\n"
    "                                     [--exclude-channel CODE]\n"
    "\n"
    "Counts the petitions received in a period of whole months (or of\n"
    "days), as they stand today, in your unit and the units below it: one\n"
    "row per group, then a TOTAL row, then the reception sessions held in\n"
    "the period, then every petition open today whatever the day it came\n"
    "in.\n"
    "\n"
    "  --unit CODE        this unit and the units below it (default: your\n"
    "                     own unit)\n"
    "  --from MONTH       the first month, YYYY-MM; a day YYYY-MM-DD stands\n"
    "                     for its month, a year YYYY for its January\n"
    "                     (default: 11 months before --to, a year in all)\n"
    "  --to MONTH         the last month, the same way; a year YYYY stands\n"
    "                     for its December (default: the current month)\n"
    "  --by DIM[,DIM...]  one row per group of unit, kind, channel, field,\n"
    "                     status, and one of month, quarter or year;\n"
    "                     several group in the order given, with commas or\n"
    "                     --by again\n"
    "  --level LEVEL      with --by unit: count by nation, province,\n"
    "                     district or commune (default: commune)\n"
    "  --from-day DAY, --to-day DAY\n"
    "                     a period in days, YYYY-MM-DD, both included, at\n"
    "                     most five years, instead of --from and --to (an\n"
    "                     official period runs from the 15th to the 14th)\n"
    "  --exclude-channel CODE\n"
    "                     leave out the petitions that came this way, e.g.\n"
    "                     front_supervision: the Front's recommendations\n"
    "\n"
    "Columns: RECEIVED; ACCEPTED for handling (thụ lý); NOT_ACC(epted);\n"
    "TRANSF(erred); RESOLVED, of which ON_TIME and LATE; OPEN: still open\n"
    "within the deadline; OVERDUE: open and past it; WITHDR(awn); GROUP:\n"
    "petitions of five or more signatories; %RESOLVED = RESOLVED / RECEIVED\n"
    "and %ON_TIME = ON_TIME / RESOLVED, in percent (\"-\": nothing to\n"
    "divide by). OPEN and OVERDUE count the petitions received in the\n"
    "period, judged on the day named below the table; the last line\n"
    "counts every petition open that day, whatever the day it came in\n"
    "(json: open_now). csv and json also split RESOLVED by outcome and\n"
    "name every measure as the wire schema does, with the rates as\n"
    "fractions: 0.982 where the table shows 98.2.\n"
    "\n"
    "Example:\n"
    "  tiepdan stats --from 2026-01 --to 2026-06 --by month,kind\n");

static const struct td_opt stats_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"from", 1, O_FROM},
    {"to", 1, O_TO},
    {"by", 1, O_BY},
    {"level", 1, O_LEVEL},
    {"from-day", 1, O_FROM_DAY},
    {"to-day", 1, O_TO_DAY},
    {"exclude-channel", 1, O_EXCLUDE},
    {NULL, 0, 0},
};

/* What was typed, before the defaults are worked out. */
struct period {
  int from; /* Month index; -1 when not given. */
  int to;
  int from_day_set;
  int to_day_set;
  td_day from_day;
  td_day to_day;
};

static int day_opt(const char *opt, const char *v, td_day *day, int *set,
                   char *err, size_t errlen)
{
  if (td_day_parse(v, day) != 0)
    return td_opt_bad_value(opt, v, _("a day YYYY-MM-DD, e.g. 2025-12-15"), err,
                            errlen);
  *set = 1;
  return 0;
}

static int month_opt(const char *opt, const char *v, int last, int *index,
                     char *err, size_t errlen)
{
  if (td_opt_parse_month(v, last, index) == 0)
    return 0;
  return td_opt_bad_value(opt, v,
                          _("a month YYYY-MM from 2000-01 to 2100-12 (a day "
                            "YYYY-MM-DD or a year YYYY will also do)"),
                          err, errlen);
}

/* The dimension named by the n bytes at w, in any case; 0 if none. */
static int dim_of(const char *w, size_t n)
{
  const char *name;
  int d;

  for (d = TIEPDAN__STAT_DIM__DIM_UNIT; d <= TIEPDAN__STAT_DIM__DIM_YEAR; d++) {
    name = td_output_stat_dim_name(d);
    if (name != NULL && strlen(name) == n && strncasecmp(name, w, n) == 0)
      return d;
  }
  return 0;
}

static int is_period(int d)
{
  return d == TIEPDAN__STAT_DIM__DIM_MONTH ||
         d == TIEPDAN__STAT_DIM__DIM_QUARTER ||
         d == TIEPDAN__STAT_DIM__DIM_YEAR;
}

static int add_dim(struct td_stats_args *a, const char *w, size_t n, char *err,
                   size_t errlen)
{
  size_t i;
  int d;

  d = dim_of(w, n);
  if (d == 0) {
    snprintf(err, errlen,
             _("--by must name unit, kind, channel, field, status, month, "
               "quarter or year, not \"%.*s\""),
             (int)n, w);
    return -1;
  }
  for (i = 0; i < a->n_dims; i++) {
    if (a->dims[i] == d) {
      snprintf(err, errlen, _("--by names %s twice; give each only once"),
               td_output_stat_dim_name(d));
      return -1;
    }
    /* A month names its quarter and year already: the server refuses
     * periods within periods. */
    if (is_period(a->dims[i]) && is_period(d)) {
      snprintf(err, errlen,
               _("--by takes one of month, quarter and year, not both %s "
                 "and %s"),
               td_output_stat_dim_name(a->dims[i]), td_output_stat_dim_name(d));
      return -1;
    }
  }
  /* Eight names, none twice, always fit. */
  a->dims[a->n_dims++] = d;
  return 0;
}

/* "month,kind" or "month, kind": the names in order. */
static int by_opt(struct td_stats_args *a, const char *v, char *err,
                  size_t errlen)
{
  const char *end;
  size_t n;

  for (;;) {
    v += strspn(v, " ");
    end = strchr(v, ',');
    n = end ? (size_t)(end - v) : strlen(v);
    while (n > 0 && v[n - 1] == ' ')
      n--;
    if (n == 0) {
      snprintf(err, errlen,
               _("--by has an empty name; write the names with commas "
                 "between them, e.g. --by month,kind"));
      return -1;
    }
    if (add_dim(a, v, n, err, errlen) != 0)
      return -1;
    if (end == NULL)
      return 0;
    v = end + 1;
  }
}

static int level_opt(struct td_stats_args *a, char *v, char *err, size_t errlen)
{
  if (strcmp(v, "nation") != 0 && strcmp(v, "province") != 0 &&
      strcmp(v, "district") != 0 && strcmp(v, "commune") != 0)
    return td_opt_bad_value(
        "--level", v, _("nation, province, district or commune"), err, errlen);
  a->level = v;
  return 0;
}

static int stats_opt(struct td_stats_args *a, struct period *p, int id, char *v,
                     char *err, size_t errlen)
{
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    if (td_opt_blank(v))
      return td_opt_bad_value("--unit", v, _("a unit code such as 03390"), err,
                              errlen);
    a->unit = v;
    return 0;
  case O_FROM:
    return month_opt("--from", v, 0, &p->from, err, errlen);
  case O_TO:
    return month_opt("--to", v, 1, &p->to, err, errlen);
  case O_BY:
    return by_opt(a, v, err, errlen);
  case O_FROM_DAY:
    return day_opt("--from-day", v, &p->from_day, &p->from_day_set, err,
                   errlen);
  case O_TO_DAY:
    return day_opt("--to-day", v, &p->to_day, &p->to_day_set, err, errlen);
  case O_EXCLUDE:
    if (td_opt_blank(v))
      return td_opt_bad_value("--exclude-channel", v,
                              _("a channel's code such as front_supervision"),
                              err, errlen);
    a->exclude_channel = v;
    return 0;
  default:
    return level_opt(a, v, err, errlen);
  }
}

/* A period in days: both ends, in order, and not with months. */
static int days_check(struct td_stats_args *a, const struct period *p,
                      char *err, size_t errlen)
{
  if (p->from >= 0 || p->to >= 0) {
    snprintf(err, errlen,
             _("--from-day and --to-day give the period in days instead of "
               "--from and --to; give one pair or the other"));
    return -1;
  }
  if (!p->from_day_set || !p->to_day_set) {
    snprintf(err, errlen,
             _("a period in days needs both --from-day and --to-day, e.g. "
               "--from-day 2025-12-15 --to-day 2026-12-14"));
    return -1;
  }
  td_day_format(p->from_day, a->from_day);
  td_day_format(p->to_day, a->to_day);
  if (p->from_day > p->to_day) {
    snprintf(err, errlen, _("--from-day %s is after --to-day %s"), a->from_day,
             a->to_day);
    return -1;
  }
  a->days = 1;
  return 0;
}

static int has_dim(const struct td_stats_args *a, int d)
{
  size_t i;

  for (i = 0; i < a->n_dims; i++)
    if (a->dims[i] == d)
      return 1;
  return 0;
}

/* Works out the defaults and checks that the period runs forwards. */
static int period_check(struct td_stats_args *a, const struct period *p,
                        int64_t now, char *err, size_t errlen)
{
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  int f;
  int t;

  t = p->to >= 0 ? p->to : td_opt_month_at(now);
  if (t < 0) {
    snprintf(err, errlen,
             _("cannot tell the current month from the system "
               "clock; give --to, e.g. --to 2026-12"));
    return -1;
  }
  f = p->from >= 0 ? p->from : t - (DEFAULT_SPAN - 1);
  if (f < MONTH_MIN)
    f = MONTH_MIN;
  td_month_index_format(f, from);
  td_month_index_format(t, to);
  if (f > t) {
    if (p->to >= 0)
      snprintf(err, errlen, _("--from %s is after --to %s"), from, to);
    else
      snprintf(err, errlen,
               _("--from %s is after --to %s (the current month); give --to "
                 "as well"),
               from, to);
    return -1;
  }
  memcpy(a->from, from, sizeof(from));
  memcpy(a->to, to, sizeof(to));
  return 0;
}

int td_cmd_parse_stats(int argc, char **argv, int64_t now,
                       struct td_stats_args *a, char *err, size_t errlen)
{
  struct td_args args;
  struct period p;
  int id;

  memset(a, 0, sizeof(*a));
  memset(&p, 0, sizeof(p));
  p.from = -1;
  p.to = -1;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, stats_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_opt_extra_word(args.value, err, errlen);
    if (stats_opt(a, &p, id, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help)
    return 0;
  if (a->level != NULL && !has_dim(a, TIEPDAN__STAT_DIM__DIM_UNIT)) {
    snprintf(err, errlen,
             _("--level says how units are grouped, so it needs --by unit, "
               "e.g. --by unit --level %s"),
             a->level);
    return -1;
  }
  if (p.from_day_set || p.to_day_set)
    return days_check(a, &p, err, errlen);
  return period_check(a, &p, now, err, errlen);
}

void td_cmd_stats_request(const struct td_stats_args *a, struct td_stats_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetStats get = TIEPDAN__GET_STATS__INIT;
  size_t i;

  r->env = env;
  r->get = get;
  for (i = 0; i < a->n_dims; i++)
    r->dims[i] = (Tiepdan__StatDim)a->dims[i];
  r->get.unit_code = a->unit;
  if (a->days) {
    r->get.from_day = (char *)a->from_day;
    r->get.to_day = (char *)a->to_day;
  } else {
    r->get.from = (char *)a->from;
    r->get.to = (char *)a->to;
  }
  r->get.exclude_channel = a->exclude_channel;
  r->get.n_group_by = a->n_dims;
  r->get.group_by = a->n_dims > 0 ? r->dims : NULL;
  r->get.unit_level = a->level;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  r->env.get_stats = &r->get;
}

int td_cmd_stats(const struct td_global_args *g)
{
  struct td_call c = {.command = "stats"};
  struct td_client_opts o;
  struct td_stats_args a;
  struct td_stats_req req;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int code;

  if (td_cmd_parse_stats(g->argc, g->argv, (int64_t)time(NULL), &a, err,
                         sizeof(err)) != 0)
    return td_call_usage_error("stats", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  c.not_found = _("check the unit code given with --unit; you see "
                  "statistics only of your own unit and the units below it");
  c.unknown = _("this server does not offer statistics yet; ask your "
                "administrator to update tiepdand");
  td_cmd_stats_request(&a, &req);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    /* Sent once, as the other reads are; running it again is harmless. */
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      /* The server's terms name the kinds, statuses ... of the table. */
      code = td_call_finish_output(
          td_output_stats_in(stdout, g->format, reply->stats_reply,
                             s.hello != NULL ? s.hello->hello_reply : NULL));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
