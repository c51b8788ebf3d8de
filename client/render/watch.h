/*
 * A frame of "tiepdan watch", the live dashboard: the communes' counts, the
 * latest events and a status line, fitted to a terminal's width. Pure: no
 * network, no clock of its own.
 */
#ifndef TD_RENDER_WATCH_H
#define TD_RENDER_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tiepdan.pb-c.h"

/* Every line of a frame fits this many display columns: one less than an
 * 80-column terminal, whose last column would wrap on some terminals. */
#define TD_WATCH_COLUMNS 79
/* How many of the latest events a frame shows. */
#define TD_WATCH_EVENTS 5

/* The latest events, newest last, each kept as the line a frame shows. */
struct td_watch_feed {
  char *line[TD_WATCH_EVENTS]; /* Owned. */
  size_t n;
  /* The server's terms that name the statuses of the lines pushed; NULL:
   * their codes. Borrowed: the session's HelloReply. */
  const Tiepdan__HelloReply *terms;
};

void td_watch_feed_init(struct td_watch_feed *f);
/* Adds e's line, dropping the oldest when full. Returns 0 or -1 (memory). */
int td_watch_feed_push(struct td_watch_feed *f, const Tiepdan__Event *e);
void td_watch_feed_free(struct td_watch_feed *f);

/*
 * One event as a line of at most width columns, e.g. "10:03 BL-2026-000001
 * submit → received", with a shortened note after it; control characters
 * become spaces. The time is local. Returns a malloc'd string, or NULL if
 * memory ran out.
 */
char *td_watch_event_line(const Tiepdan__Event *e, size_t width);
/* The same, the statuses named by terms (the HelloReply's, in the
 * officer's language; NULL: their codes) and the action and the words in
 * the officer's language. */
char *td_watch_event_line_in(const Tiepdan__Event *e, size_t width,
                             const Tiepdan__HelloReply *terms);

/* What one frame shows. stats may be NULL before the first answer. */
struct td_watch_view {
  const char *unit;
  const char *from; /* "YYYY-MM"; with to, the period of the counts. */
  const char *to;
  int64_t now; /* Unix seconds, shown in local time. */
  uint64_t cursor;
  const Tiepdan__StatsReply *stats;
  /* By commune, every petition received in the last 20 years as it stands
   * today: where OPEN, OVERDUE and DUE≤3D come from, whatever the day a
   * petition came in (ON TIME % stays the period's). NULL: from stats, the
   * period's, with open_now's row below TOTAL (an older server). */
  const Tiepdan__StatsReply *open_all;
  const struct td_watch_feed *feed;
  const char *status; /* "live", "reconnecting in 2 s: ..." */
};

/*
 * Writes one frame: a header with the unit, the time and the cursor; one
 * row per commune with CODE, COMMUNE, OPEN (within the deadline and
 * overdue), OVERDUE, DUE≤3D and ON TIME % ("–" when nothing was resolved);
 * a TOTAL row; then, when the server sends open_now, a row of every open
 * petition as of today whatever the day it came in (the rows count those
 * received in the period); the latest events; the status line. Every line fits
 * TD_WATCH_COLUMNS columns, whatever the server sent. Returns 0, or -1 if
 * memory ran out or the stream failed.
 */
int td_watch_render(FILE *f, const struct td_watch_view *v);

#endif
