/* The calendar's statements; see calendar.h. */
#include "db/calendar.h"

#include <stdio.h>
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
    "       NULL, NULL, NULL, NULL, NULL FROM public_holidays"
    " UNION ALL"
    " SELECT 'working', NULL, NULL, NULL, day::text, NULL, NULL, NULL, NULL,"
    "       NULL, NULL, NULL, NULL, NULL FROM calendar_working_days"
    " UNION ALL"
    " SELECT 'year', year, status, NULL, NULL, NULL, NULL, NULL, NULL,"
    "       NULL, NULL, NULL, NULL, NULL FROM calendar_years";

static const char SQL_HOLIDAYS[] =
    "SELECT id, version, rule, remote, complex, extensions, start::text,"
    "       deadline::text"
    "  FROM td_load_holidays($1::int, $2::int, $3::date[], $4::text[],"
    "       array_replace($5::text[], '', NULL), $6::date[], $7::text[],"
    "       array_replace($8::text[], '', NULL), $9)";

static const char SQL_ENSURE[] =
    "SELECT td_calendar_ensure($1::int[], $2::date[], $3::text[], $4)";

static const char SQL_LIST[] =
    "SELECT year, status, confirmed_by, confirmed_at, source, what,"
    "       day::text, name, day_source"
    "  FROM td_calendar_list($1::int)";

/* The open petitions whose deadline a new calendar may move, as
 * td_load_holidays returns them. */
static const char SQL_OPEN[] =
    "SELECT p.id, p.version, p.deadline_rule_id, u.remote_area, p.complex,"
    "       p.extensions, p.deadline_start::text, p.deadline::text"
    "  FROM petitions p JOIN units u ON u.id = p.unit_id"
    " WHERE p.status IN ('received', 'accepted', 'in_progress')"
    "   AND p.deadline_rule_id IS NOT NULL"
    " ORDER BY p.id";

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
  free(c->working);
  free(c->years);
  free(c);
}

static int cmp_day(const void *a, const void *b)
{
  td_day x = *(const td_day *)a;
  td_day y = *(const td_day *)b;

  return (x > y) - (x < y);
}

static int cmp_year(const void *a, const void *b)
{
  int x = ((const struct td_calendar_year *)a)->year;
  int y = ((const struct td_calendar_year *)b)->year;

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
  c->working = td_xcalloc((size_t)n, sizeof(*c->working));
  c->years = td_xcalloc((size_t)n, sizeof(*c->years));
  for (i = 0; i < n; i++) {
    const char *tag = PQgetvalue(r, i, 0);

    if (strcmp(tag, "version") == 0) {
      c->version = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    } else if (strcmp(tag, "rule") == 0) {
      if (parse_rule(r, i, &c->rules[c->nrules++]) != 0)
        goto bad;
    } else if (strcmp(tag, "year") == 0) {
      c->years[c->nyears].year = (int)strtol(PQgetvalue(r, i, 1), NULL, 10);
      c->years[c->nyears++].confirmed =
          strcmp(PQgetvalue(r, i, 2), "confirmed") == 0;
    } else if (strcmp(tag, "working") == 0) {
      if (td_day_parse(PQgetvalue(r, i, 4), &c->working[c->nworking++]) != 0)
        goto bad;
    } else if (td_day_parse(PQgetvalue(r, i, 4),
                            &c->holidays[c->nholidays++]) != 0) {
      goto bad;
    }
  }
  qsort(c->holidays, c->nholidays, sizeof(*c->holidays), cmp_day);
  qsort(c->working, c->nworking, sizeof(*c->working), cmp_day);
  qsort(c->years, c->nyears, sizeof(*c->years), cmp_year);
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

/* Days as three arrays: dates, names, sources ("" for none). */
static void add_days(Tiepdan__Holiday **v, size_t n, struct td_array_lit *days,
                     struct td_array_lit *names, struct td_array_lit *sources)
{
  size_t i;

  for (i = 0; i < n; i++) {
    td_array_add(days, v[i]->date);
    td_array_add(names, v[i]->name);
    td_array_add(sources, v[i]->source != NULL ? v[i]->source : "");
  }
}

int td_db_calendar_load_holidays(const struct td_db *db, int principal_id,
                                 const Tiepdan__LoadHolidays *m,
                                 td_holidays_loaded_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct holidays_call *call = td_arena_alloc(a, sizeof(*call));
  struct td_array_lit lit[6];
  const char *params[9];
  char *source;
  int i;

  memset(lit, 0, sizeof(lit));
  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  add_days(m->holidays, m->n_holidays, &lit[0], &lit[1], &lit[2]);
  add_days(m->working_days, m->n_working_days, &lit[3], &lit[4], &lit[5]);
  params[0] = td_rows_int(a, principal_id);
  params[1] = td_rows_int(a, m->year);
  for (i = 0; i < 6; i++)
    params[2 + i] = td_array_finish(a, &lit[i]);
  if (m->source != NULL && m->source[0] != '\0') {
    params[8] = m->source;
  } else {
    source = td_arena_alloc(a, 96);
    snprintf(source, 96, "Lịch nghỉ năm %u do quản trị viên nạp", m->year);
    params[8] = source;
  }
  return td_rows_send(db, SQL_HOLIDAYS, 9, params, on_holidays, call);
}

int td_db_calendar_open(const struct td_db *db, td_holidays_loaded_cb cb,
                        void *arg)
{
  struct holidays_call *call = td_arena_alloc(db->arena, sizeof(*call));

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  return td_rows_send(db, SQL_OPEN, 0, NULL, on_holidays, call);
}

/* Provisional years ---------------------------------------------------------
 */

struct ensure_call {
  td_calendar_ensured_cb cb;
  void *arg;
};

static void on_ensured(void *arg, PGresult *res)
{
  struct ensure_call *call = arg;
  struct td_calendar_ensured out;
  int64_t y;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "calendar ensure", 0);
  for (i = 0; out.err == 0 && i < PQntuples(res); i++) {
    if (out.n < sizeof(out.created) / sizeof(out.created[0]) &&
        td_rows_i64(res, i, 0, &y))
      out.created[out.n++] = (int)y;
  }
  call->cb(call->arg, &out);
  free(call);
}

int td_db_calendar_ensure(const struct td_db *db, const int *years, size_t n,
                          const td_day *days, const char *const *names,
                          size_t ndays, const char *source,
                          td_calendar_ensured_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct ensure_call *call;
  struct td_array_lit ys = {NULL, 0, 0};
  struct td_array_lit ds = {NULL, 0, 0};
  struct td_array_lit ns = {NULL, 0, 0};
  const char *params[4];
  char day[TD_DAY_LEN];
  size_t i;

  for (i = 0; i < n; i++)
    td_array_add_int(&ys, years[i]);
  for (i = 0; i < ndays; i++) {
    td_day_format(days[i], day);
    td_array_add(&ds, day);
    td_array_add(&ns, names[i]);
  }
  params[0] = td_array_finish(a, &ys);
  params[1] = td_array_finish(a, &ds);
  params[2] = td_array_finish(a, &ns);
  params[3] = source;
  call = td_xmalloc(sizeof(*call));
  call->cb = cb;
  call->arg = arg;
  if (td_rows_send(db, SQL_ENSURE, 4, params, on_ensured, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}

/* The calendars, for an administrator --------------------------------------
 */

struct list_call {
  struct td_arena *arena;
  td_calendar_listed_cb cb;
  void *arg;
};

/* Appends one day to the year's days off or working days. */
static void list_day(struct td_arena *a, Tiepdan__CalendarYear *y,
                     const PGresult *res, int i, int working)
{
  Tiepdan__Holiday *h = td_arena_alloc(a, sizeof(*h));

  tiepdan__holiday__init(h);
  h->date = td_rows_str(a, res, i, 6);
  h->name = td_rows_str(a, res, i, 7);
  h->source = td_rows_str(a, res, i, 8);
  if (working)
    y->working_days[y->n_working_days++] = h;
  else
    y->days_off[y->n_days_off++] = h;
}

static Tiepdan__ListHolidaysReply *list_rows(struct td_arena *a,
                                             const PGresult *res)
{
  Tiepdan__ListHolidaysReply *r = td_arena_alloc(a, sizeof(*r));
  Tiepdan__CalendarYear *y = NULL;
  size_t n = (size_t)PQntuples(res);
  int64_t at;
  int i;

  tiepdan__list_holidays_reply__init(r);
  r->years = td_arena_alloc(a, sizeof(*r->years) * (n + 1));
  for (i = 0; i < (int)n; i++) {
    const char *what = PQgetvalue(res, i, 5);

    if (strcmp(what, "year") == 0) {
      y = td_arena_alloc(a, sizeof(*y));
      tiepdan__calendar_year__init(y);
      y->has_year = 1;
      y->year = (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10);
      y->has_confirmed = 1;
      y->confirmed = strcmp(PQgetvalue(res, i, 1), "confirmed") == 0;
      y->confirmed_by = td_rows_str(a, res, i, 2);
      y->has_confirmed_at = td_rows_i64(res, i, 3, &at);
      y->confirmed_at = at;
      y->source = td_rows_str(a, res, i, 4);
      y->days_off = td_arena_alloc(a, sizeof(*y->days_off) * (n + 1));
      y->working_days = td_arena_alloc(a, sizeof(*y->working_days) * (n + 1));
      r->years[r->n_years++] = y;
    } else if (y != NULL &&
               (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10) == y->year) {
      /* Days of a year without a calendar row are not listed: there are
       * none, since every load and every provisional year writes one. */
      list_day(a, y, res, i, strcmp(what, "work") == 0);
    }
  }
  return r;
}

static void on_listed(void *arg, PGresult *res)
{
  struct list_call *call = arg;
  struct td_calendar_listed out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "calendar list", 0);
  if (out.err == 0)
    out.reply = list_rows(call->arena, res);
  call->cb(call->arg, &out);
}

int td_db_calendar_list(const struct td_db *db, int from,
                        td_calendar_listed_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct list_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[1];

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, from);
  return td_rows_send(db, SQL_LIST, 1, params, on_listed, call);
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
  params[0] = principal_id > 0 ? td_rows_int(a, principal_id) : NULL;
  params[1] = td_rows_int(a, calendar);
  params[2] = note;
  params[3] = td_array_finish(a, &ids);
  params[4] = td_array_finish(a, &versions);
  params[5] = td_array_finish(a, &dates);
  return td_rows_send(db, SQL_RECOMPUTED, 6, params, on_recomputed, call);
}
