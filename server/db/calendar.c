/* The calendar's statements; see calendar.h. */
#include "db/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "db/rows.h"
#include "util/log.h"

/* Version, rules and holidays in one snapshot, as tagged rows. */
static const char SQL_CALENDAR[] =
    "SELECT 'version', version, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "       NULL, NULL, NULL, NULL, NULL FROM calendar_state"
    " UNION ALL"
    " SELECT 'rule', id, kind, step, effective_from::text, effective_to::text,"
    "       day_count, days, remote_days, complex_days, remote_complex_days,"
    "       max_extensions, extension_days, source FROM deadline_rules"
    " UNION ALL"
    " SELECT 'holiday', NULL, NULL, NULL, day::text, NULL, NULL, NULL, NULL,"
    "       NULL, NULL, NULL, NULL, NULL FROM public_holidays";

static const char SQL_HOLIDAYS[] =
    "SELECT id, version, rule, remote, complex, extensions, start::text,"
    "       deadline::text"
    "  FROM td_load_holidays($1::int, $2::date[], $3::text[])";

static const char SQL_RECOMPUTED[] =
    "SELECT td_store_recomputed($1::int, $2::bigint, $3, $4::bigint[],"
    "       $5::int[], $6::date[])";

void td_calendar_free(struct td_calendar_cache *c)
{
  size_t i;

  if (c == NULL)
    return;
  for (i = 0; i < c->nrules; i++) {
    free((char *)c->rules[i].kind);
    free((char *)c->rules[i].step);
    free((char *)c->rules[i].source);
  }
  free(c->rules);
  free(c->holidays);
  free(c);
}

static int cmp_day(const void *a, const void *b)
{
  td_day x = *(const td_day *)a;
  td_day y = *(const td_day *)b;

  return (x > y) - (x < y);
}

static int parse_rule(const PGresult *r, int row, struct td_deadline_rule *d)
{
  memset(d, 0, sizeof(*d));
  d->id = (int)strtol(PQgetvalue(r, row, 1), NULL, 10);
  d->kind = td_xstrdup(PQgetvalue(r, row, 2));
  d->step = td_xstrdup(PQgetvalue(r, row, 3));
  d->source = td_xstrdup(PQgetvalue(r, row, 13));
  if (td_day_parse(PQgetvalue(r, row, 4), &d->effective_from) != 0)
    return -1;
  d->effective_to = TD_DAY_NONE;
  if (!PQgetisnull(r, row, 5) &&
      td_day_parse(PQgetvalue(r, row, 5), &d->effective_to) != 0)
    return -1;
  d->count = strcmp(PQgetvalue(r, row, 6), "working") == 0 ? TD_DAYS_WORKING
                                                           : TD_DAYS_CALENDAR;
  d->days = (int)strtol(PQgetvalue(r, row, 7), NULL, 10);
  d->remote_days = (int)strtol(PQgetvalue(r, row, 8), NULL, 10);
  d->complex_days = (int)strtol(PQgetvalue(r, row, 9), NULL, 10);
  d->remote_complex_days = (int)strtol(PQgetvalue(r, row, 10), NULL, 10);
  d->max_extensions = (int)strtol(PQgetvalue(r, row, 11), NULL, 10);
  d->extension_days = (int)strtol(PQgetvalue(r, row, 12), NULL, 10);
  return 0;
}

static struct td_calendar_cache *parse(const PGresult *r)
{
  struct td_calendar_cache *c = td_xcalloc(1, sizeof(*c));
  int n = PQntuples(r);
  int i;

  c->rules = td_xcalloc((size_t)n, sizeof(*c->rules));
  c->holidays = td_xcalloc((size_t)n, sizeof(*c->holidays));
  for (i = 0; i < n; i++) {
    const char *tag = PQgetvalue(r, i, 0);

    if (strcmp(tag, "version") == 0) {
      c->version = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    } else if (strcmp(tag, "rule") == 0) {
      if (parse_rule(r, i, &c->rules[c->nrules++]) != 0)
        goto bad;
    } else if (td_day_parse(PQgetvalue(r, i, 4),
                            &c->holidays[c->nholidays++]) != 0) {
      goto bad;
    }
  }
  qsort(c->holidays, c->nholidays, sizeof(*c->holidays), cmp_day);
  return c;
bad:
  td_error("calendar: a rule or holiday has a date this server cannot read");
  td_calendar_free(c);
  return NULL;
}

struct load_call {
  td_calendar_loaded_cb cb;
  void *arg;
};

static void on_load(void *arg, PGresult *res)
{
  struct load_call *call = arg;
  struct td_calendar_loaded out;

  out.cache = NULL;
  out.err = td_rows_status(res, "calendar load", 0);
  if (out.err == 0) {
    out.cache = parse(res);
    if (out.cache == NULL)
      out.err = TD_EINTERNAL;
  }
  call->cb(call->arg, &out);
  free(call);
}

int td_db_calendar_load(const struct td_db *db, td_calendar_loaded_cb cb,
                        void *arg)
{
  struct load_call *call = td_xmalloc(sizeof(*call));

  call->cb = cb;
  call->arg = arg;
  if (td_rows_send(db, SQL_CALENDAR, 0, NULL, on_load, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}

/* A year's holidays -------------------------------------------------------- */

struct holidays_call {
  struct td_arena *arena;
  td_holidays_loaded_cb cb;
  void *arg;
};

static void on_holidays(void *arg, PGresult *res)
{
  struct holidays_call *call = arg;
  struct td_holidays_loaded out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "holiday load", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    out.rows =
        td_arena_alloc(call->arena, sizeof(*out.rows) * (size_t)(n ? n : 1));
    for (i = 0; i < n; i++) {
      struct td_recompute_row *r = &out.rows[out.n++];
      int64_t v = 0;

      td_rows_i64(res, i, 0, &r->id);
      td_rows_i64(res, i, 1, &v);
      r->version = (int)v;
      r->rule_id = td_rows_i64(res, i, 2, &v) ? (int)v : 0;
      r->remote = td_rows_bool(res, i, 3);
      r->complex = td_rows_bool(res, i, 4);
      r->extensions = td_rows_i64(res, i, 5, &v) ? (int)v : 0;
      r->start = td_rows_day(res, i, 6);
      r->deadline = td_rows_day(res, i, 7);
    }
  }
  call->cb(call->arg, &out);
}

int td_db_calendar_load_holidays(const struct td_db *db,
                                 const Tiepdan__LoadHolidays *m,
                                 td_holidays_loaded_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct holidays_call *call = td_arena_alloc(a, sizeof(*call));
  struct td_array_lit days = {NULL, 0, 0};
  struct td_array_lit names = {NULL, 0, 0};
  const char *params[3];
  size_t i;

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  for (i = 0; i < m->n_holidays; i++) {
    td_array_add(&days, m->holidays[i]->date);
    td_array_add(&names, m->holidays[i]->name);
  }
  params[0] = td_rows_int(a, m->year);
  params[1] = td_array_finish(a, &days);
  params[2] = td_array_finish(a, &names);
  return td_rows_send(db, SQL_HOLIDAYS, 3, params, on_holidays, call);
}

/* Recomputed deadlines ------------------------------------------------------
 */

struct recomputed_call {
  td_recomputed_cb cb;
  void *arg;
};

static void on_recomputed(void *arg, PGresult *res)
{
  struct recomputed_call *call = arg;
  struct td_recomputed out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "recompute", 0);
  if (out.err == 0 && PQntuples(res) != 1)
    out.err = TD_EINTERNAL;
  if (out.err == 0) {
    td_rows_i64(res, 0, 0, &out.count);
    /* td_store_recomputed answers -1 when the calendar moved on. */
    out.stale = out.count < 0;
  }
  call->cb(call->arg, &out);
}

int td_db_calendar_store_recomputed(const struct td_db *db, int principal_id,
                                    int64_t calendar, const char *note,
                                    const struct td_recompute_row *rows,
                                    const td_day *deadlines, size_t n,
                                    td_recomputed_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct recomputed_call *call = td_arena_alloc(a, sizeof(*call));
  struct td_array_lit ids = {NULL, 0, 0};
  struct td_array_lit versions = {NULL, 0, 0};
  struct td_array_lit dates = {NULL, 0, 0};
  const char *params[6];
  char day[11];
  size_t i;

  call->cb = cb;
  call->arg = arg;
  for (i = 0; i < n; i++) {
    td_array_add_int(&ids, rows[i].id);
    td_array_add_int(&versions, rows[i].version);
    td_day_format(deadlines[i], day);
    td_array_add(&dates, day);
  }
  params[0] = td_rows_int(a, principal_id);
  params[1] = td_rows_int(a, calendar);
  params[2] = note;
  params[3] = td_array_finish(a, &ids);
  params[4] = td_array_finish(a, &versions);
  params[5] = td_array_finish(a, &dates);
  return td_rows_send(db, SQL_RECOMPUTED, 6, params, on_recomputed, call);
}
