/* Cached deadline rules and holidays; see calendar.h. */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include "db/calendar.h"
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
  struct td_db db = {srv->pool, NULL, NULL, NULL};

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
  struct td_calendar cal = {NULL, 0};

  if (c != NULL) {
    cal.holidays = c->holidays;
    cal.n = c->nholidays;
  }
  return cal;
}
