/* Cached deadline rules and holidays; see calendar.h. */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "log.h"
#include "server.h"

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

struct reload {
  struct td_server *srv;
  void (*done)(void *, int);
  void *arg;
};

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
  d->id = atoi(PQgetvalue(r, row, 1));
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
  d->days = atoi(PQgetvalue(r, row, 7));
  d->remote_days = atoi(PQgetvalue(r, row, 8));
  d->complex_days = atoi(PQgetvalue(r, row, 9));
  d->remote_complex_days = atoi(PQgetvalue(r, row, 10));
  d->max_extensions = atoi(PQgetvalue(r, row, 11));
  d->extension_days = atoi(PQgetvalue(r, row, 12));
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

static void on_loaded(void *arg, PGresult *res)
{
  struct reload *rl = arg;
  struct td_server *srv = rl->srv;
  struct td_calendar_cache *c = NULL;

  if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK)
    c = parse(res);
  else
    td_warn("calendar: reload failed: %s",
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
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

  rl->srv = srv;
  rl->done = done;
  rl->arg = arg;
  if (td_pool_query(srv->pool, SQL_CALENDAR, 0, NULL, on_loaded, rl) != 0) {
    free(rl);
    return -1;
  }
  return 0;
}

const struct td_deadline_rule *
td_calendar_rule(const struct td_calendar_cache *c, int id)
{
  size_t i;

  for (i = 0; c != NULL && i < c->nrules; i++)
    if (c->rules[i].id == id)
      return &c->rules[i];
  return NULL;
}

struct td_calendar td_calendar_days(const struct td_calendar_cache *c)
{
  struct td_calendar cal = {NULL, 0};

  if (c != NULL) {
    cal.holidays = c->holidays;
    cal.n = c->nholidays;
  }
  return cal;
}
