/* Cached deadline rules and holidays; see calendar.h. */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/calendar.h"
#include "domain/holidays.h"
#include "util/arena.h"
#include "util/log.h"
#include "state.h"

struct reload {
  struct td_server *srv;
  void (*done)(void *, int);
  void *arg;
};

static void on_loaded(void *arg, const struct td_calendar_loaded *res)
{
  struct reload *rl = arg;
  struct td_server *srv = rl->srv;
  struct td_calendar_cache *c = res->cache;

  if (c != NULL) {
    if (srv->calendar == NULL || c->version >= srv->calendar->version) {
      if (srv->calendar == NULL || c->version != srv->calendar->version)
        td_info("calendar: version %lld, %zu rules, %zu holidays",
                (long long)c->version, c->nrules, c->nholidays);
      td_calendar_free(srv->calendar);
      srv->calendar = c;
    } else {
      td_calendar_free(c);
    }
  }
  rl->done(rl->arg, c != NULL);
  free(rl);
}

int td_calendar_reload(struct td_server *srv, void (*done)(void *arg, int ok),
                       void *arg)
{
  struct reload *rl = td_xmalloc(sizeof(*rl));
  struct td_db db = {srv->pool, NULL, NULL, NULL, NULL};

  rl->srv = srv;
  rl->done = done;
  rl->arg = arg;
  if (td_db_calendar_load(&db, on_loaded, rl) != 0) {
    free(rl);
    return TD_EUNAVAIL;
  }
  return 0;
}

struct td_calendar td_calendar_days(const struct td_calendar_cache *c)
{
  struct td_calendar cal = {.holidays = NULL, .n = 0};

  if (c != NULL) {
    cal.holidays = c->holidays;
    cal.n = c->nholidays;
    cal.working = c->working;
    cal.nworking = c->nworking;
  }
  return cal;
}

/* Provisional years ---------------------------------------------------------
 */

size_t td_calendar_moved(const struct td_calendar_cache *c,
                         const struct td_recompute_row *rows, size_t n,
                         struct td_recompute_row *moved, td_day *deadlines)
{
  struct td_calendar days = td_calendar_days(c);
  size_t i;
  size_t nmoved = 0;

  for (i = 0; i < n; i++) {
    const struct td_recompute_row *r = &rows[i];
    struct td_deadline_case dc;
    struct td_deadline_plan plan;

    memset(&dc, 0, sizeof(dc));
    dc.rule_id = r->rule_id;
    dc.start = r->start;
    dc.remote = r->remote;
    dc.complex = r->complex;
    dc.extensions = r->extensions;
    if (td_deadline_for(TD_DEADLINE_RUNNING, &dc, c->rules, c->nrules, &days,
                        &plan) != TD_DEADLINE_OK ||
        plan.rule == NULL || plan.due.due == r->deadline)
      continue;
    moved[nmoved] = *r;
    deadlines[nmoved++] = plan.due.due;
  }
  return nmoved;
}

/* Making the provisional years, and the deadlines they move, in the
 * background: the state of one run, freed by finish(). */
struct ensure {
  struct td_server *srv;
  struct td_arena arena; /* Parameters and rows of every statement. */
  void (*done)(void *, int);
  void *arg;
  struct td_calendar_ensured created;
  int attempts; /* Recomputations overtaken by another calendar change. */
};

static void finish(struct ensure *e, int ok)
{
  e->done(e->arg, ok);
  td_arena_free(&e->arena);
  free(e);
}

static void on_fresh(void *arg, int ok);

static struct td_db ensure_db(struct ensure *e)
{
  struct td_db db = {e->srv->pool, &e->arena, NULL, NULL, NULL};

  return db;
}

static void on_stored(void *arg, const struct td_recomputed *res)
{
  struct ensure *e = arg;

  if (res->err != 0) {
    td_warn("calendar: cannot store the deadlines the provisional days move: "
            "%s; they are recomputed when the year is loaded",
            td_strerror(res->err));
  } else if (res->stale && ++e->attempts < 3) {
    /* The calendar changed again meanwhile: compute with the newest. */
    if (td_calendar_reload(e->srv, on_fresh, e) == 0)
      return;
  } else if (!res->stale) {
    td_info("calendar: %lld open deadline(s) recomputed with the provisional "
            "days",
            (long long)res->count);
  }
  finish(e, 1);
}

static void on_open(void *arg, const struct td_holidays_loaded *res)
{
  struct ensure *e = arg;
  const struct td_calendar_cache *c = e->srv->calendar;
  struct td_recompute_row *moved;
  struct td_db db = ensure_db(e);
  td_day *deadlines;
  char *note;
  size_t n;

  if (res->err != 0 || c == NULL) {
    td_warn("calendar: cannot read the open deadlines to recompute");
    finish(e, 1);
    return;
  }
  moved = td_arena_alloc(&e->arena, sizeof(*moved) * (res->n + 1));
  deadlines = td_arena_alloc(&e->arena, sizeof(*deadlines) * (res->n + 1));
  n = td_calendar_moved(c, res->rows, res->n, moved, deadlines);
  if (n == 0) {
    finish(e, 1);
    return;
  }
  note = td_arena_alloc(&e->arena, 128);
  if (e->created.n > 1)
    snprintf(note, 128,
             "provisional public holidays of %d-%d stored; deadline "
             "recomputed",
             e->created.created[0], e->created.created[e->created.n - 1]);
  else
    snprintf(note, 128,
             "provisional public holidays of %d stored; deadline recomputed",
             e->created.created[0]);
  if (td_db_calendar_store_recomputed(&db, 0, c->version, note, moved,
                                      deadlines, n, on_stored, e) != 0)
    finish(e, 1);
}

/* The cache is fresh: recompute the open deadlines if a year was made. */
static void on_fresh(void *arg, int ok)
{
  struct ensure *e = arg;
  struct td_db db = ensure_db(e);

  if (!ok || e->created.n == 0) {
    finish(e, ok);
    return;
  }
  if (td_db_calendar_open(&db, on_open, e) != 0)
    finish(e, 1);
}

static void on_ensured(void *arg, const struct td_calendar_ensured *res)
{
  struct ensure *e = arg;
  size_t i;

  if (res->err != 0) {
    td_warn("calendar: cannot create the provisional years: %s",
            td_strerror(res->err));
    finish(e, 0);
    return;
  }
  e->created = *res;
  for (i = 0; i < res->n; i++)
    td_info("calendar: %d has no holidays yet; stored the provisional ones "
            "(%s)",
            res->created[i], TD_HOLIDAYS_PROVISIONAL_SOURCE);
  if (td_calendar_reload(e->srv, on_fresh, e) != 0)
    finish(e, 0);
}

int td_calendar_ensure_years(struct td_server *srv, td_day today,
                             void (*done)(void *arg, int ok), void *arg)
{
  struct td_holiday h[2 * TD_HOLIDAYS_MAX];
  td_day days[2 * TD_HOLIDAYS_MAX];
  const char *names[2 * TD_HOLIDAYS_MAX];
  int years[2];
  size_t n = 0;
  size_t ny = 0;
  struct ensure *e;
  struct td_db db = {srv->pool, NULL, NULL, NULL, NULL};
  int y, m, d, k, i;

  td_day_to_ymd(today, &y, &m, &d);
  for (k = 0; k < 2; k++) {
    int got = td_holidays_provisional(y + k, h, TD_HOLIDAYS_MAX);

    /* Beyond the lunar calendar's range (2100) nothing can be computed: the
     * year then needs an official load. */
    if (got < 0)
      continue;
    years[ny++] = y + k;
    for (i = 0; i < got; i++) {
      days[n] = h[i].day;
      names[n++] = td_holiday_name(h[i].kind);
    }
  }
  e = td_xcalloc(1, sizeof(*e));
  e->srv = srv;
  e->done = done;
  e->arg = arg;
  db.arena = &e->arena;
  if (td_db_calendar_ensure(&db, years, ny, days, names, n,
                            TD_HOLIDAYS_PROVISIONAL_SOURCE, on_ensured,
                            e) != 0) {
    td_arena_free(&e->arena);
    free(e);
    return TD_EUNAVAIL;
  }
  return 0;
}

const char *td_calendar_warning(const struct td_server *srv, td_day today,
                                char *buf, size_t n)
{
  const struct td_calendar_cache *c = srv->calendar;
  int year;

  if (c == NULL)
    return NULL;
  year = td_holidays_warn_year(c->years, c->nyears, today,
                               srv->cfg->calendar_warn_month,
                               srv->cfg->calendar_warn_day);
  if (year == 0)
    return NULL;
  /* English, as the log reads it; the client words it for its officer
   * (client/cmd/call.c td_call_calendar_words). */
  snprintf(buf, n, "the holidays of %d are not confirmed yet", year);
  return buf;
}

int td_calendar_explain_provisional(const struct td_calendar_cache *c,
                                    td_day from, td_day to, int vi, char *buf,
                                    size_t n)
{
  size_t len = strlen(buf);
  int year;

  if (c == NULL || to < from)
    return 0;
  year = td_holidays_unconfirmed_in(c->years, c->nyears, from, to);
  if (year == 0 || len >= n)
    return 0;
  if (vi)
    snprintf(buf + len, n - len,
             "Lưu ý: lịch nghỉ năm %d chưa được xác nhận; thời hạn tính theo "
             "lịch tạm tính (Bộ luật Lao động 2019, Điều 112) và có thể đổi "
             "khi lịch chính thức được nạp\n",
             year);
  else
    snprintf(buf + len, n - len,
             "Note: the holidays of %d are not confirmed yet; the deadline "
             "follows the provisional calendar (Labour Code 2019, Art. 112) "
             "and may change when the official one is loaded\n",
             year);
  return 1;
}
