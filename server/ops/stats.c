/*
 * Statistics: counts and rates of the petitions received in a period, from
 * the aggregates that every petition change keeps (sql/functions/70_stats.sql)
 * for whole months, or from the petitions themselves for a period in days;
 * every open petition of the area as of today, whatever the month it came
 * in (open_now, from the aggregates); and the sessions held. What each
 * measure and rate means is stats.h's.
 */
#include <string.h>

#include "common/day.h"

#include "db/stats.h"
#include "ops/ops.h"
#include "domain/stats.h"
#include "domain/validate.h"
#include "wire.h"

#define MONTHS_MAX 240
/* A period in days runs at most five years: the longest a report spans. */
#define DAY_YEARS_MAX 5

/* The figures of the period and those open today are asked at once, on two
 * of the pool's connections, and read when both have come (counts, open);
 * then the session figures, which need the area the first resolved. */
struct stats_state {
  struct td_stats_query q;
  struct td_stats_query open; /* q for every open petition, any month. */
  Tiepdan__StatsReply *reply;
  int scope_id;
  int pending;            /* Of the two count queries. */
  struct td_stats counts; /* Their results (rows in the request's arena). */
  struct td_stats open_res;
};

static void fail_channel(struct td_req *req, const Tiepdan__GetStats *m,
                         int which)
{
  if (which == 1)
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "channel",
                "channel: '%s' is not a known channel", m->channel);
  else
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "exclude_channel",
                "exclude_channel: '%s' is not a known channel",
                m->exclude_channel);
}

static Tiepdan__StatRow *row_msg(struct td_req *req,
                                 const struct td_stat_counts *c)
{
  Tiepdan__StatRow *r = td_arena_alloc(&req->arena, sizeof(*r));

  tiepdan__stat_row__init(r);
#define PUT(f)                                                                 \
  do {                                                                         \
    r->has_##f = 1;                                                            \
    r->f = c->f;                                                               \
  } while (0)
  PUT(received);
  PUT(accepted);
  PUT(not_accepted);
  PUT(transferred);
  PUT(resolved);
  PUT(answered_in_writing);
  PUT(mediated_successfully);
  PUT(mediation_failed);
  PUT(decision_issued);
  PUT(withdrawn);
  PUT(resolved_on_time);
  PUT(resolved_late);
  PUT(open_within_deadline);
  PUT(open_overdue);
  PUT(group_petitions);
  PUT(open_due_soon);
#undef PUT
  r->has_rate_resolved = td_stats_rate_resolved(c, &r->rate_resolved) == 0;
  r->has_rate_on_time = td_stats_rate_on_time(c, &r->rate_on_time) == 0;
  return r;
}

/* The key of a group for one dimension, in the order asked. */
static const char *key_for(const struct td_stat_row *row, int dim)
{
  switch (dim) {
  case TIEPDAN__STAT_DIM__DIM_UNIT:
    return row->keys[0];
  case TIEPDAN__STAT_DIM__DIM_KIND:
    return row->keys[1];
  case TIEPDAN__STAT_DIM__DIM_CHANNEL:
    return row->keys[2];
  case TIEPDAN__STAT_DIM__DIM_FIELD:
    return row->keys[3];
  case TIEPDAN__STAT_DIM__DIM_STATUS:
    return row->keys[4];
  default:
    return row->keys[5];
  }
}

static void on_counts(void *arg, const struct td_stats *res);
static void on_open_counts(void *arg, const struct td_stats *res);

static void on_sessions(void *arg, const struct td_session_stats *res)
{
  struct td_req *req = arg;
  struct stats_state *st = req->state;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "reading the session figures");
    return;
  }
  st->reply->n_sessions = res->n;
  st->reply->sessions = res->stats;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_STATS_REPLY;
  env->stats_reply = st->reply;
  td_req_reply(req, env);
}

/* Every open petition of the area, as of today: one row, ungrouped. */
static void open_now(struct td_req *req, const struct td_stats *res)
{
  struct stats_state *st = req->state;
  struct td_stat_counts c;
  Tiepdan__StatRow *row;

  if (res->err != 0 || !res->scope_found) {
    td_reply_db_error(req, res->err != 0 ? res->err : TD_EINTERNAL,
                      "counting the open petitions");
    return;
  }
  memset(&c, 0, sizeof(c));
  if (res->n > 0)
    c = res->rows[0].counts;
  row = td_arena_alloc(&req->arena, sizeof(*row));
  tiepdan__stat_row__init(row);
  row->has_open_within_deadline = 1;
  row->open_within_deadline = c.open_within_deadline;
  row->has_open_overdue = 1;
  row->open_overdue = c.open_overdue;
  row->has_open_due_soon = 1;
  row->open_due_soon = c.open_due_soon;
  st->reply->open_now = row;
  if (td_db_stats_sessions(td_req_db_read(req), st->scope_id, &st->q,
                           on_sessions, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the session figures");
}

/* The figures of the period, then those open today. */
static void counts_then_open(struct td_req *req)
{
  const Tiepdan__GetStats *m = req->env->get_stats;
  struct stats_state *st = req->state;
  const struct td_stats *res = &st->counts;
  struct td_stat_counts total;
  Tiepdan__StatsReply *r;
  char *today;
  size_t i;
  size_t d;

  if (res->err == 0 && res->bad_channel) {
    fail_channel(req, m, res->bad_channel);
    return;
  }
  if (!td_reply_reached(req, res->err, res->scope_found, m->unit_code,
                        "computing the statistics"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__stats_reply__init(r);
  r->n_group_by = m->n_group_by;
  r->group_by = m->group_by;
  r->rows =
      td_arena_alloc(&req->arena, sizeof(*r->rows) * (res->n ? res->n : 1));
  memset(&total, 0, sizeof(total));
  for (i = 0; i < res->n; i++) {
    const struct td_stat_row *row = &res->rows[i];
    Tiepdan__StatRow *msg = row_msg(req, &row->counts);

    msg->n_keys = m->n_group_by;
    msg->keys =
        td_arena_alloc(&req->arena, sizeof(char *) * (m->n_group_by + 1));
    for (d = 0; d < m->n_group_by; d++)
      msg->keys[d] = (char *)key_for(row, m->group_by[d]);
    r->rows[r->n_rows++] = msg;
    td_stats_add(&total, &row->counts);
  }
  r->total = row_msg(req, &total);
  today = td_arena_alloc(&req->arena, 11);
  td_day_format(st->q.today, today);
  r->today = today;
  st->reply = r;
  st->scope_id = res->scope_id;
  open_now(req, &st->open_res);
}

/* A count query's answer, kept until the other's has come. Below a
 * province the rollup declines and the cells answer: asked again. */
static void on_any_counts(struct td_req *req, const struct td_stats *res,
                          int open)
{
  struct stats_state *st = req->state;
  struct td_stats *keep = open ? &st->open_res : &st->counts;

  *keep = *res;
  if (res->err == 0 && res->declined) {
    if (td_db_stats_counts(td_req_db_read(req), req->who->unit_id,
                           open ? &st->open : &st->q, 0,
                           open ? on_open_counts : on_counts, req) == 0)
      return;
    keep->err = TD_EUNAVAIL;
  }
  if (--st->pending == 0)
    counts_then_open(req);
}

static void on_counts(void *arg, const struct td_stats *res)
{
  on_any_counts(arg, res, 0);
}

static void on_open_counts(void *arg, const struct td_stats *res)
{
  on_any_counts(arg, res, 1);
}

static int check_dims(struct td_req *req, const Tiepdan__GetStats *m,
                      struct td_stats_query *q)
{
  unsigned seen = 0;
  size_t i;

  q->period = "";
  for (i = 0; i < m->n_group_by; i++) {
    int d = m->group_by[i];

    if (d < TIEPDAN__STAT_DIM__DIM_UNIT || d > TIEPDAN__STAT_DIM__DIM_YEAR ||
        (seen & (1u << d))) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "group_by",
                  "group_by: each of unit, kind, channel, field, status and "
                  "one of month, quarter, year, at most once");
      return -1;
    }
    seen |= 1u << d;
    if (d >= TIEPDAN__STAT_DIM__DIM_MONTH) {
      if (q->period[0] != '\0') {
        td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "group_by",
                    "group_by: one of month, quarter or year, not several");
        return -1;
      }
      q->period = d == TIEPDAN__STAT_DIM__DIM_MONTH     ? "month"
                  : d == TIEPDAN__STAT_DIM__DIM_QUARTER ? "quarter"
                                                        : "year";
    }
  }
  q->by_unit = (seen >> TIEPDAN__STAT_DIM__DIM_UNIT) & 1;
  q->by_kind = (seen >> TIEPDAN__STAT_DIM__DIM_KIND) & 1;
  q->by_channel = (seen >> TIEPDAN__STAT_DIM__DIM_CHANNEL) & 1;
  q->by_field = (seen >> TIEPDAN__STAT_DIM__DIM_FIELD) & 1;
  q->by_status = (seen >> TIEPDAN__STAT_DIM__DIM_STATUS) & 1;
  q->unit_level =
      m->unit_level != NULL && m->unit_level[0] ? m->unit_level : "commune";
  if (strcmp(q->unit_level, "nation") != 0 &&
      strcmp(q->unit_level, "province") != 0 &&
      strcmp(q->unit_level, "district") != 0 &&
      strcmp(q->unit_level, "commune") != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_level",
                "unit_level: nation, province, district or commune");
    return -1;
  }
  q->soon_days = m->has_soon_days ? (int)m->soon_days : TD_STATS_SOON_DAYS;
  if (m->has_soon_days && m->soon_days > TD_STATS_SOON_DAYS_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "soon_days",
                "soon_days: at most %d", TD_STATS_SOON_DAYS_MAX);
    return -1;
  }
  return 0;
}

/* Whether s was sent and is not empty. */
static int given(const char *s)
{
  return s != NULL && s[0] != '\0';
}

/* The window of whole months from, to: [q->from_day, q->to_day). */
static int window_months(struct td_req *req, const Tiepdan__GetStats *m,
                         struct td_stats_query *q)
{
  char *from = td_arena_alloc(&req->arena, TD_DAY_LEN);
  char *to = td_arena_alloc(&req->arena, TD_DAY_LEN);
  int f;
  int t;

  if (m->from == NULL || td_month_parse(m->from, &f) != 0 || m->to == NULL ||
      td_month_parse(m->to, &t) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                m->from == NULL || td_month_parse(m->from, &f) != 0 ? "from"
                                                                    : "to",
                "from, to: the first and last month, YYYY-MM");
    return -1;
  }
  if (t < f || t - f >= MONTHS_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "to",
                "to: from the first month to the last, at most %d months",
                MONTHS_MAX);
    return -1;
  }
  td_month_first_day(f, from);
  td_month_first_day(t + 1, to);
  q->from_day = from;
  q->to_day = to;
  return 0;
}

/* Parses a day of a window, 2000-01-01 to 2100-12-31 like the months. */
static int day_parse(const char *s, td_day *out)
{
  td_day lo;
  td_day hi;

  if (td_day_parse(s, out) != 0 || td_day_from_ymd(2000, 1, 1, &lo) != 0 ||
      td_day_from_ymd(2100, 12, 31, &hi) != 0)
    return -1;
  return *out < lo || *out > hi ? -1 : 0;
}

/* The window of days from_day, to_day, both included, Vietnam days:
 * [q->from_day, the day after to_day). An official period runs from the
 * 15th to the 14th, which months cannot say. */
static int window_days(struct td_req *req, const Tiepdan__GetStats *m,
                       struct td_stats_query *q)
{
  char *from = td_arena_alloc(&req->arena, TD_DAY_LEN);
  char *to = td_arena_alloc(&req->arena, TD_DAY_LEN);
  td_day f;
  td_day t;
  td_day limit;
  int y;
  int mo;
  int d;

  /* Each day that was sent is checked first, so the error names it. */
  if (given(m->from_day) && day_parse(m->from_day, &f) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "from_day",
                "from_day: the first day, YYYY-MM-DD, from 2000-01-01 to "
                "2100-12-31");
    return -1;
  }
  if (given(m->to_day) && day_parse(m->to_day, &t) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "to_day",
                "to_day: the last day, YYYY-MM-DD, from 2000-01-01 to "
                "2100-12-31");
    return -1;
  }
  if (!given(m->from_day) || !given(m->to_day)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                given(m->from_day) ? "to_day" : "from_day",
                "from_day, to_day: both the first and the last day, or "
                "neither");
    return -1;
  }
  if (given(m->from) || given(m->to)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                given(m->from) ? "from" : "to",
                "from_day, to_day: a period in days, instead of the months "
                "from, to, not with them");
    return -1;
  }
  /* At most five years: to_day before the same day five years on (1 March
   * for 29 February). */
  td_day_to_ymd(f, &y, &mo, &d);
  if (td_day_from_ymd(y + DAY_YEARS_MAX, mo, d, &limit) != 0 &&
      td_day_from_ymd(y + DAY_YEARS_MAX, 3, 1, &limit) != 0)
    limit = f + 365 * DAY_YEARS_MAX;
  if (t < f || t >= limit) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "to_day",
                "to_day: from the first day to the last, at most %d years",
                DAY_YEARS_MAX);
    return -1;
  }
  td_day_format(f, from);
  td_day_format(t + 1, to);
  q->from_day = from;
  q->to_day = to;
  q->days = 1;
  return 0;
}

void td_handle_stats(struct td_req *req)
{
  const Tiepdan__GetStats *m = req->env->get_stats;
  struct stats_state *st = td_arena_alloc(&req->arena, sizeof(*st));
  struct td_stats_query *q = &st->q;

  memset(st, 0, sizeof(*st));
  if (given(m->from_day) || given(m->to_day) ? window_days(req, m, q) != 0
                                             : window_months(req, m, q) != 0)
    return;
  if (td_req_unit_asked(req, m->unit_code, NULL) != 0)
    return;
  if (check_dims(req, m, q) != 0)
    return;
  q->unit_code = given(m->unit_code) ? m->unit_code : NULL;
  q->kind = given(m->kind) ? m->kind : NULL;
  q->channel = given(m->channel) ? m->channel : NULL;
  q->exclude_channel = given(m->exclude_channel) ? m->exclude_channel : NULL;
  if ((q->kind != NULL && !td_code_valid(q->kind)) ||
      (q->channel != NULL && !td_code_valid(q->channel))) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                q->kind != NULL && !td_code_valid(q->kind) ? "kind" : "channel",
                "kind, channel: reference codes such as recommendation or "
                "front_supervision");
    return;
  }
  if (q->exclude_channel != NULL && !td_code_valid(q->exclude_channel)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "exclude_channel",
                "exclude_channel: a channel's code such as "
                "front_supervision");
    return;
  }
  q->today = td_today();
  /* Open now: the same area and filters, every month, ungrouped, from the
   * aggregates (whose cells keep each open petition's deadline). */
  st->open = *q;
  st->open.from_day = "-infinity";
  st->open.to_day = "infinity";
  st->open.days = 0;
  st->open.open_only = 1;
  st->open.by_unit = 0;
  st->open.by_kind = 0;
  st->open.by_channel = 0;
  st->open.by_field = 0;
  st->open.by_status = 0;
  st->open.period = "";
  req->state = st;
  st->pending = 2;
  if (td_db_stats_counts(td_req_db_read(req), req->who->unit_id, q,
                         td_db_stats_rollup_can(q), on_counts, req) != 0) {
    td_reply_db_error(req, TD_EUNAVAIL, "computing the statistics");
    return;
  }
  if (td_db_stats_counts(td_req_db_read(req), req->who->unit_id, &st->open,
                         td_db_stats_rollup_can(&st->open), on_open_counts,
                         req) != 0) {
    /* Read as a failed count once the first has come. */
    st->open_res.err = TD_EUNAVAIL;
    if (--st->pending == 0)
      counts_then_open(req);
  }
}
