/*
 * The command lines of the change feed: "watch" and "changes". See
 * watch.h.
 */
#include "watch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "cmd.h"
#include "cmd_int.h"

enum { O_HELP = 1, O_UNIT, O_FROM, O_ONCE, O_SINCE, O_WAIT, O_LIMIT };

static const struct td_opt watch_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT}, {"from", 1, O_FROM},
    {"once", 0, O_ONCE}, {NULL, 0, 0},
};

static const struct td_opt changes_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT},   {"since", 1, O_SINCE},
    {"wait", 1, O_WAIT}, {"limit", 1, O_LIMIT}, {NULL, 0, 0},
};

static int unit_opt(char **unit, char *v, char *err, size_t errlen)
{
  if (td_cmd__blank(v))
    return td_cmd__bad_value("--unit", v, "a unit code such as 12 or 03390",
                             err, errlen);
  *unit = v;
  return 0;
}

/* What watch's options said, before the defaults. */
struct watch_parse {
  struct td_watch_args *a;
  int from; /* -1 when not given. */
};

static int watch_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct watch_parse *p = ctx;

  switch (id) {
  case O_HELP:
    p->a->help = 1;
    return 0;
  case O_UNIT:
    return unit_opt(&p->a->unit, v, err, errlen);
  case O_FROM:
    if (td_cmd__parse_month(v, 0, &p->from) == 0)
      return 0;
    return td_cmd__bad_value("--from", v,
                             "a month YYYY-MM from 2000-01 to 2100-12 (a "
                             "day YYYY-MM-DD or a year YYYY will also do)",
                             err, errlen);
  default:
    p->a->once = 1;
    return 0;
  }
}

int td_cmd_parse_watch(int argc, char **argv, int64_t now,
                       struct td_watch_args *a, char *err, size_t errlen)
{
  struct watch_parse p;
  char from[TD_MONTH_LEN];
  int month;

  memset(a, 0, sizeof(*a));
  p.a = a;
  p.from = -1;
  if (td_cmd__scan(argc, argv, watch_opts, watch_opt, &p, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  if (a->unit == NULL)
    return td_cmd__missing("--unit", "12", err, errlen);
  month = td_cmd__month_at(now);
  if (month < 0) {
    snprintf(err, errlen,
             "cannot tell the current month from the system "
             "clock");
    return -1;
  }
  a->from = p.from >= 0 ? p.from : month - month % 12;
  if (a->from > month) {
    td_month_index_format(a->from, from);
    snprintf(err, errlen,
             "--from %s is after the current month; the dashboard counts "
             "from --from to now",
             from);
    return -1;
  }
  return 0;
}

static int changes_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_changes_args *a = ctx;
  uint64_t n;

  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    return unit_opt(&a->unit, v, err, errlen);
  case O_SINCE:
    if (td_args_uint(v, 0, UINT64_MAX, &n) != 0)
      return td_cmd__bad_value("--since", v,
                               "a cursor: the number a previous \"tiepdan "
                               "changes\" printed, or 0",
                               err, errlen);
    a->since = n;
    a->has_since = 1;
    return 0;
  case O_WAIT:
    if (td_args_uint(v, 0, TD_CHANGES_WAIT_MAX_S, &n) != 0)
      return td_cmd__bad_value("--wait", v, "a number of seconds from 0 to 60",
                               err, errlen);
    a->wait_s = (uint32_t)n;
    a->has_wait = 1;
    return 0;
  default:
    if (td_args_uint(v, 1, TD_CHANGES_LIMIT_MAX, &n) != 0)
      return td_cmd__bad_value("--limit", v, "a number from 1 to 1000", err,
                               errlen);
    a->limit = (uint32_t)n;
    a->has_limit = 1;
    return 0;
  }
}

int td_cmd_parse_changes(int argc, char **argv, struct td_changes_args *a,
                         char *err, size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, changes_opts, changes_opt, a, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  /* Without a cursor the server answers at once with the cursor alone:
   * there would be nothing to wait for. */
  if (a->has_wait && a->wait_s > 0 && !a->has_since) {
    snprintf(err, errlen,
             "--wait needs --since: without a cursor the server only tells "
             "the current one, at once");
    return -1;
  }
  return 0;
}

void td_cmd_changes_request(const struct td_changes_args *a,
                            struct td_changes_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__Changes changes = TIEPDAN__CHANGES__INIT;

  r->env = env;
  r->changes = changes;
  r->changes.has_since = a->has_since;
  r->changes.since = a->since;
  r->changes.has_limit = a->has_limit;
  r->changes.limit = a->limit;
  r->changes.has_wait_ms = a->has_wait && a->wait_s > 0;
  r->changes.wait_ms = a->wait_s * 1000;
  r->changes.unit_code = a->unit;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_CHANGES;
  r->env.changes = &r->changes;
}
