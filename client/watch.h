/*
 * The change feed on the command line: "tiepdan changes", one Changes
 * request for scripts, and "tiepdan watch", a live dashboard of a district
 * or province that redraws its communes' counts whenever an event comes.
 *
 * The parsers and the renderer are pure (no network, no clock of their
 * own), so they are tested as plain functions; td_watch_run is the loop
 * that talks to the server. Strings in the structures are borrowed from
 * argv unless said otherwise.
 */
#ifndef TD_CLIENT_WATCH_H
#define TD_CLIENT_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/limits.h"
#include "conn.h"
#include "output.h"
#include "tiepdan.pb-c.h"

/* Every line of a frame fits this many display columns: one less than an
 * 80-column terminal, whose last column would wrap on some terminals. */
#define TD_WATCH_COLUMNS 79
/* How many of the latest events a frame shows. */
#define TD_WATCH_EVENTS 5
/* The long poll of the dashboard, shortened when --timeout is shorter. */
#define TD_WATCH_WAIT_MS 25000
/* Reconnecting waits this long at first, then twice as long each time. */
#define TD_WATCH_BACKOFF_MIN_MS 500
#define TD_WATCH_BACKOFF_MAX_MS 5000

struct td_watch_args {
  char *unit; /* Required. */
  int from;   /* The first month, as a month index (year * 12 + month - 1). */
  int once;
  int help;
};

/*
 * argv starts after "watch": --unit CODE [--from MONTH] [--once]. --from
 * is read as stats reads it (YYYY-MM, or a day or year standing for its
 * month) and defaults to January of now's year (now in Unix seconds, read
 * in local time); it may not lie after now's month. Returns 0, or -1 with
 * a message in err.
 */
int td_cmd_parse_watch(int argc, char **argv, int64_t now,
                       struct td_watch_args *a, char *err, size_t errlen);

struct td_changes_args {
  char *unit;     /* NULL: the caller's own unit. */
  uint64_t since; /* With has_since; without, the reply is only the cursor. */
  int has_since;
  uint32_t wait_s; /* Long poll, 0 to TD_CHANGES_WAIT_MAX_S seconds. */
  int has_wait;
  uint32_t limit; /* 1 to TD_CHANGES_LIMIT_MAX; the server's default. */
  int has_limit;
  int help;
};

/* argv starts after "changes": [--since N] [--wait SECONDS] [--limit N]
 * [--unit CODE]. Returns 0, or -1 with a message in err. */
int td_cmd_parse_changes(int argc, char **argv, struct td_changes_args *a,
                         char *err, size_t errlen);

/* A Changes request; points into itself and into the strings it was given,
 * which must outlive it. */
struct td_changes_req {
  Tiepdan__Envelope env;
  Tiepdan__Changes changes;
};

void td_cmd_changes_request(const struct td_changes_args *a,
                            struct td_changes_req *r);

/*
 * The events of a ChangesReply and its cursor:
 *
 *   table  SEQ TIME RECEIPT UNIT ACTION FROM → TO NOTE, one line each (a
 *          withheld note reads "(withheld)"), or "No new events.", then a
 *          last line "cursor N";
 *   csv    a header, then one row per event whose last columns, cursor and
 *          more, repeat the reply's; with no events one row with only
 *          those two;
 *   json   {"cursor": N, "more": bool, "events": [...]}.
 *
 * Returns 0, or -1 if memory ran out or the stream failed.
 */
int td_output_changes(FILE *f, enum td_format fmt,
                      const Tiepdan__ChangesReply *r);

/* The latest events, newest last, each kept as the line a frame shows. */
struct td_watch_feed {
  char *line[TD_WATCH_EVENTS]; /* Owned. */
  size_t n;
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

/* What one frame shows. stats may be NULL before the first answer. */
struct td_watch_view {
  const char *unit;
  const char *from; /* "YYYY-MM"; with to, the period of the counts. */
  const char *to;
  int64_t now; /* Unix seconds, shown in local time. */
  uint64_t cursor;
  const Tiepdan__StatsReply *stats;
  const struct td_watch_feed *feed;
  const char *status; /* "live", "reconnecting in 2 s: ..." */
};

/*
 * Writes one frame: a header with the unit, the time and the cursor; one
 * row per commune with CODE, COMMUNE, OPEN (within the deadline and
 * overdue), OVERDUE, DUE≤3D and ON TIME % ("–" when nothing was resolved);
 * a TOTAL row; the latest events; the status line. Every line fits
 * TD_WATCH_COLUMNS columns, whatever the server sent. Returns 0, or -1 if
 * memory ran out or the stream failed.
 */
int td_watch_render(FILE *f, const struct td_watch_view *v);

/* How td_watch_run ended, besides 0 (stopped by a signal, or --once). */
#define TD_WATCH_SERVER_ERROR 1 /* *error holds the server's Error. */

/*
 * Runs the dashboard on out until SIGINT or SIGTERM (which it handles
 * while it runs) or, with --once, after the first frame. tty says whether
 * out is a terminal: each frame then clears the screen; otherwise frames
 * follow each other with a blank line between. Failures of the network or
 * the server's retryable Errors are shown on the status line and waited
 * out with a growing pause, keeping the cursor, once the first frame is
 * drawn; before that, and for --once, they end the run.
 *
 * Returns 0; TD_WATCH_SERVER_ERROR with *error, an Envelope holding the
 * server's Error (a refusal, or a retryable one before the first frame),
 * for the caller to report and free; or a negative TD_CLI_E* code with a
 * message in err.
 */
int td_watch_run(const struct td_watch_args *a, const struct td_client_opts *o,
                 FILE *out, int tty, Tiepdan__Envelope **error, char *err,
                 size_t errlen);

#endif
