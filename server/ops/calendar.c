/*
 * Public holidays over the wire: loading a year's (its days off and its
 * weekend working days) replaces it and confirms it, then the deadline of
 * every open petition is recomputed with the new calendar and each one that
 * moved is recorded, with the reason, in its history. Listing shows every
 * year's calendar, provisional or confirmed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db/calendar.h"
#include "domain/deadline.h"
#include "domain/validate.h"
#include "ops/ops.h"

#define HOLIDAYS_MAX 60
#define HOLIDAY_NAME_MAX 200
#define SOURCE_MAX 500

struct load {
  struct td_recompute_row *rows; /* Open petitions, from the load. */
  size_t nrows;
  struct td_recompute_row *moved; /* Those whose deadline moves. */
  td_day *deadlines;
  size_t nmoved;
};

static void recompute(struct td_req *req);

static int cmp_day(const void *a, const void *b)
{
  td_day x = *(const td_day *)a;
  td_day y = *(const td_day *)b;

  return (x > y) - (x < y);
}

/* Checks days[0..n) of the year (field names them in errors) into out:
 * valid dates of m->year, named, with a source that is text if any; a
 * working day must be a Saturday or Sunday. */
static int check_days(struct td_req *req, const Tiepdan__LoadHolidays *m,
                      const char *field, Tiepdan__Holiday **v, size_t n,
                      int working, td_day *out)
{
  struct td_invalid inv;
  size_t i;
  int y;
  int mo;
  int d;

  for (i = 0; i < n; i++) {
    const Tiepdan__Holiday *h = v[i];

    if (h->date == NULL || td_day_parse(h->date, &out[i]) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                  "%s: entry %zu has no valid date (YYYY-MM-DD)", field, i + 1);
      return -1;
    }
    td_day_to_ymd(out[i], &y, &mo, &d);
    if ((uint32_t)y != m->year) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                  "%s: %s is not in %u", field, h->date, m->year);
      return -1;
    }
    if (working && td_day_weekday(out[i]) < 5) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                  "%s: %s is a weekday, already a working day", field, h->date);
      return -1;
    }
    if (h->name == NULL || h->name[0] == '\0' ||
        td_text_check(field, h->name, HOLIDAY_NAME_MAX, 0, &inv) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                  "%s: %s needs a name", field, h->date);
      return -1;
    }
    if (h->source != NULL &&
        td_text_check(field, h->source, SOURCE_MAX, 1, &inv) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                  "%s: the source of %s is not text of at most %d bytes", field,
                  h->date, SOURCE_MAX);
      return -1;
    }
  }
  return 0;
}

/* Refuses a day given twice, as a day off or worked, or both. */
static int check_repeats(struct td_req *req, td_day *days, size_t n)
{
  size_t i;

  qsort(days, n, sizeof(*days), cmp_day);
  for (i = 1; i < n; i++) {
    if (days[i] == days[i - 1]) {
      char s[11];

      td_day_format(days[i], s);
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                  "holidays: %s is given twice", s);
      return -1;
    }
  }
  return 0;
}

static int check(struct td_req *req, const Tiepdan__LoadHolidays *m)
{
  struct td_invalid inv;
  td_day *days;

  if (!m->has_year || m->year < 2000 || m->year > 2100) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "year",
                "year: between 2000 and 2100");
    return -1;
  }
  if (m->n_holidays > HOLIDAYS_MAX || m->n_working_days > HOLIDAYS_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                m->n_holidays > HOLIDAYS_MAX ? "holidays" : "working_days",
                "at most %d days off and %d working days in a year",
                HOLIDAYS_MAX, HOLIDAYS_MAX);
    return -1;
  }
  if (m->source != NULL &&
      td_text_check("source", m->source, SOURCE_MAX, 1, &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "source",
                "source: text of at most %d bytes", SOURCE_MAX);
    return -1;
  }
  days = td_arena_alloc(
      &req->arena, sizeof(*days) * (m->n_holidays + m->n_working_days + 1));
  if (check_days(req, m, "holidays", m->holidays, m->n_holidays, 0, days) !=
          0 ||
      check_days(req, m, "working_days", m->working_days, m->n_working_days, 1,
                 days + m->n_holidays) != 0)
    return -1;
  return check_repeats(req, days, m->n_holidays + m->n_working_days);
}

static void reply(struct td_req *req, int64_t recomputed)
{
  const Tiepdan__LoadHolidays *m = req->env->load_holidays;
  Tiepdan__LoadHolidaysReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__load_holidays_reply__init(r);
  r->has_year = 1;
  r->year = m->year;
  r->has_loaded = 1;
  r->loaded = (uint32_t)(m->n_holidays + m->n_working_days);
  r->has_recomputed = 1;
  r->recomputed = (uint32_t)recomputed;
  env->body_case = TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY;
  env->load_holidays_reply = r;
  td_req_reply(req, env);
}

static void on_stored(void *arg, const struct td_recomputed *res)
{
  struct td_req *req = arg;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "storing the new deadlines");
    return;
  }
  if (res->stale) {
    /* The calendar changed again meanwhile: compute with the newest. */
    td_req_restart_with_fresh_calendar(req, recompute);
    return;
  }
  reply(req, res->count);
}

/* Computes every open deadline with the (fresh) cached calendar and stores
 * those that moved. */
static void recompute(struct td_req *req)
{
  const Tiepdan__LoadHolidays *m = req->env->load_holidays;
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct load *l = req->state;
  char *note;

  l->nmoved = td_calendar_moved(cal, l->rows, l->nrows, l->moved, l->deadlines);
  if (l->nmoved == 0) {
    reply(req, 0);
    return;
  }
  note = td_arena_alloc(&req->arena, 96);
  snprintf(note, 96, "public holidays of %u reloaded; deadline recomputed",
           m->year);
  if (td_db_calendar_store_recomputed(
          td_req_db(req), req->who->id, cal->version, note, l->moved,
          l->deadlines, l->nmoved, on_stored, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "storing the new deadlines");
}

static void on_calendar(void *arg, int ok)
{
  struct td_req *req = arg;

  if (!ok) {
    td_reply_db_error(req, TD_EUNAVAIL, "loading the calendar");
    return;
  }
  recompute(req);
}

static void on_loaded(void *arg, const struct td_holidays_loaded *res)
{
  struct td_req *req = arg;
  struct load *l;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "loading the holidays");
    return;
  }
  l = td_arena_alloc(&req->arena, sizeof(*l));
  l->rows = res->rows;
  l->nrows = res->n;
  l->moved = td_arena_alloc(&req->arena, sizeof(*l->moved) * (l->nrows + 1));
  l->deadlines =
      td_arena_alloc(&req->arena, sizeof(*l->deadlines) * (l->nrows + 1));
  req->state = l;
  if (td_calendar_reload(req->srv, on_calendar, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "loading the calendar");
}

void td_handle_load_holidays(struct td_req *req)
{
  if (check(req, req->env->load_holidays) != 0)
    return;
  if (td_db_calendar_load_holidays(td_req_db(req), req->who->id,
                                   req->env->load_holidays, on_loaded,
                                   req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "loading the holidays");
}

/* ListHolidays ------------------------------------------------------------ */

static void on_listed(void *arg, const struct td_calendar_listed *res)
{
  struct td_req *req = arg;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "listing the holidays");
    return;
  }
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_HOLIDAYS_REPLY;
  env->list_holidays_reply = res->reply;
  td_req_reply(req, env);
}

void td_handle_list_holidays(struct td_req *req)
{
  const Tiepdan__ListHolidays *m = req->env->list_holidays;
  int from = 2000;

  if (m->has_from_year) {
    if (m->from_year < 2000 || m->from_year > 2100) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "from_year",
                  "from_year: between 2000 and 2100");
      return;
    }
    from = (int)m->from_year;
  }
  if (td_db_calendar_list(td_req_db(req), from, on_listed, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing the holidays");
}
