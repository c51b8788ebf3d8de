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

/*
 * Makes sure the year of `today` and the next have a calendar: each that has
 * none gets the provisional days of domain/holidays.c, marked provisional
 * (a confirmed or provisional year is left as it is). Then reloads the cache
 * and, if a year was created, recomputes the open deadlines its days move,
 * each recorded in the petition's history as done by the server itself.
 * Calls done(arg, ok), ok 0 if the calendar could not be made or loaded.
 * Returns 0, or TD_EUNAVAIL if the pool cannot take the query (done is then not
 * called).
 */
TD_MUSTCHECK int td_calendar_ensure_years(struct td_server *srv, td_day today,
                                          void (*done)(void *arg, int ok),
                                          void *arg);

/*
 * Of rows[0..n), the open deadlines the calendar c moves: copies each such
 * row to moved[] and its new deadline to deadlines[] (both of n entries,
 * the caller's) and returns how many.
 */
size_t td_calendar_moved(const struct td_calendar_cache *c,
                         const struct td_recompute_row *rows, size_t n,
                         struct td_recompute_row *moved, td_day *deadlines);

/*
 * The warning for `today` with the cached calendar, "lịch nghỉ năm 2027 chưa
 * được xác nhận", into buf (n bytes), when today is on or after the
 * configured calendar-warn-from day and next year is not confirmed. Returns
 * buf, or NULL when there is nothing to warn about.
 */
const char *td_calendar_warning(const struct td_server *srv, td_day today,
                                char *buf, size_t n);

/*
 * Appends to buf (of n bytes, holding a NUL-terminated text) the line an
 * officer reads under a deadline counted over the days from..to when one of
 * their years is provisional. Returns 1 if it did, 0 if every year is
 * confirmed.
 */
int td_calendar_explain_provisional(const struct td_calendar_cache *c,
                                    td_day from, td_day to, int vi, char *buf,
                                    size_t n);

#endif
