/*
 * tiepdan watch: a live dashboard of a district or province that redraws
 * its communes' counts whenever an event comes (render/watch.h draws a
 * frame). The parser is pure, for tests; td_watch_run is the loop that
 * talks to the server. Strings are borrowed from argv.
 */
#ifndef TD_CMD_WATCH_H
#define TD_CMD_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "net/conn.h"
#include "tiepdan.pb-c.h"

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
 * for the caller to report and free; or a negative TD_E* code with a
 * message in err.
 */
int td_watch_run(const struct td_watch_args *a, const struct td_client_opts *o,
                 FILE *out, int tty, Tiepdan__Envelope **error, char *err,
                 size_t errlen);

#endif
