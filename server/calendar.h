/*
 * The server's copy of the deadline rules and public holidays, so computing a
 * deadline needs no extra round trip. Every write that used it states its
 * version; PostgreSQL refuses a stale one (the rules or holidays changed,
 * perhaps through another tiepdand), and the request reloads and starts
 * over. So the cache can be stale only for a moment, and never wrongly.
 */
#ifndef TD_CALENDAR_H
#define TD_CALENDAR_H

#include <stdint.h>

#include "db/calendar.h"
#include "domain/deadline.h"
#include "state.h"

/*
 * Reloads srv->calendar from PostgreSQL, then calls done(arg, ok). A newer
 * copy replaces the current one; an older one (a slow reload overtaken by a
 * newer) is dropped. Returns 0, or TD_EUNAVAIL if the pool cannot take the
 * query (done is then not called).
 */
TD_MUSTCHECK int td_calendar_reload(struct td_server *srv,
                                    void (*done)(void *arg, int ok), void *arg);

/* The holidays as a td_calendar (borrowed from the cache). */
struct td_calendar td_calendar_days(const struct td_calendar_cache *c);

#endif
