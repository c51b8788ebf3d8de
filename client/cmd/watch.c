/*
 * tiepdan watch; see cmd/watch.h. The dashboard's loop: one connection, one
 * request at a time: learn the cursor, read the statistics, draw; then
 * long-poll the change feed and, when events come, read the statistics
 * again and redraw. When the connection fails the loop shows why, waits,
 * reconnects and reads the statistics again, keeping the cursor, so no
 * event is missed.
 */
#include "cmd/watch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "common/day.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "net/session.h"
#include "render/watch.h"
#include "wire.h"

enum { O_HELP = 1, O_UNIT, O_FROM, O_ONCE };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] watch --unit CODE [--from MONTH] "
    "[--once]\n"
    "\n"
    "A live dashboard of a district or province: one row per commune with\n"
    "the petitions received since --from as they stand now, the latest\n"
    "events, and a status line. It waits for the server's change feed and\n"
    "redraws whenever a petition is recorded or moves. If the connection\n"
    "is lost or the server restarts, it says so, reconnects after 0.5 s,\n"
    "1 s, 2 s, ... up to 5 s, and goes on without missing an event. Ctrl-C\n"
    "(or SIGTERM) ends it. On a terminal each frame replaces the last;\n"
    "otherwise (a log, a pipe) frames follow each other with a blank line\n"
    "between them.\n"
    "\n"
    "  --unit CODE    the district or province (or a commune) to watch\n"
    "                 (required); you see only your own unit and the units\n"
    "                 below it\n"
    "  --from MONTH   count petitions received from this month, YYYY-MM\n"
    "                 (default: January of this year), to this month\n"
    "  --once         draw one frame and exit\n"
    "\n"
    "Columns: OPEN: open petitions, within the deadline or past it;\n"
    "OVERDUE: open and past the deadline; DUE\xe2\x89\xa4"
    "3D: open, within the\n"
    "deadline, and due within 3 days; ON TIME %: resolved on time / resolved\n"
    "(\"\xe2\x80\x93\": nothing resolved yet). OPEN, OVERDUE and "
    "DUE\xe2\x89\xa4"
    "3D count\n"
    "every petition open today, whatever the day it came in (a commune with\n"
    "open petitions of earlier years has its row too); ON TIME % counts the\n"
    "petitions received since --from.\n"
    "\n"
    "Example:\n"
    "  tiepdan watch --unit 12\n");

static const struct td_opt watch_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT}, {"from", 1, O_FROM},
    {"once", 0, O_ONCE}, {NULL, 0, 0},
};

static int unit_opt(char **unit, char *v, char *err, size_t errlen)
{
  if (td_opt_blank(v))
    return td_opt_bad_value("--unit", v, _("a unit code such as 12 or 03390"),
                            err, errlen);
  *unit = v;
  return 0;
}

/* What watch's options said, before the defaults. */
struct watch_parse {
  struct td_watch_args *a;
  int from; /* -1 when not given. */
};

static int watch_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct watch_parse *p = ctx;

  switch (id) {
  case O_HELP:
    p->a->help = 1;
    return 0;
  case O_UNIT:
    return unit_opt(&p->a->unit, v, err, errlen);
  case O_FROM:
    if (td_opt_parse_month(v, 0, &p->from) == 0)
      return 0;
    return td_opt_bad_value("--from", v,
                            _("a month YYYY-MM from 2000-01 to 2100-12 (a "
                              "day YYYY-MM-DD or a year YYYY will also do)"),
                            err, errlen);
  default:
    p->a->once = 1;
    return 0;
  }
}

int td_cmd_parse_watch(int argc, char **argv, int64_t now,
                       struct td_watch_args *a, char *err, size_t errlen)
{
  struct watch_parse p;
  char from[TD_MONTH_LEN];
  int month;

  memset(a, 0, sizeof(*a));
  p.a = a;
  p.from = -1;
  if (td_cmd__scan(argc, argv, watch_opts, watch_opt, &p, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  if (a->unit == NULL)
    return td_opt_missing("--unit", "12", err, errlen);
  month = td_opt_month_at(now);
  if (month < 0) {
    snprintf(err, errlen,
             _("cannot tell the current month from the system clock"));
    return -1;
  }
  a->from = p.from >= 0 ? p.from : month - month % 12;
  if (a->from > month) {
    td_month_index_format(a->from, from);
    snprintf(err, errlen,
             _("--from %s is after the current month; the dashboard counts "
               "from --from to now"),
             from);
    return -1;
  }
  return 0;
}

/* Set by SIGINT and SIGTERM. */
static volatile sig_atomic_t stopping;
/* The socket a call may be blocked on, for the handler to shut down; -1
 * when there is none. */
static volatile sig_atomic_t blocked_fd = -1;

static void on_signal(int sig)
{
  int saved;
  int fd;

  (void)sig;
  saved = errno;
  stopping = 1;
  fd = blocked_fd;
  if (fd >= 0)
    shutdown(fd, SHUT_RDWR);
  errno = saved;
}

struct watch {
  const struct td_watch_args *a;
  struct td_session s;
  Tiepdan__Envelope *stats; /* The last StatsReply; owned. */
  struct td_watch_feed feed;
  uint64_t cursor;
  int wait_ms;    /* Of each long poll. */
  int backoff_ms; /* Before the next reconnection. */
  /* Every open petition by commune, whatever the day received (the last
   * 20 years: what GetStats reaches); NULL from an older server. */
  Tiepdan__Envelope *open_all;
  int drawn; /* A frame with statistics was drawn. */
  int stale; /* The statistics must be read again before a poll. */
  int more;  /* The server has more events ready. */
  FILE *out;
  int tty;
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  char status[512];
};

/* The local month of now as "YYYY-MM"; January 1970's if the clock cannot
 * say, which no period the dashboard asks for runs to. */
static void this_month(char out[TD_MONTH_LEN])
{
  int month;

  month = td_opt_month_at((int64_t)time(NULL));
  td_month_index_format(month >= 0 ? month : td_month_index(1970, 1), out);
}

static void drop(struct watch *w)
{
  blocked_fd = -1;
  td_session_close(&w->s);
}

/*
 * Sends req and checks the body of the reply. Returns 0 with *reply,
 * TD_WATCH_SERVER_ERROR with *reply an Error, or a TD_E* code with a
 * message in err. Either way *reply is the caller's to free.
 */
static int call(struct watch *w, Tiepdan__Envelope *req, int want,
                Tiepdan__Envelope **reply, char *err, size_t errlen)
{
  int r;

  *reply = NULL;
  blocked_fd = td_conn_fd(w->s.conn);
  if (stopping)
    return TD_ECLOSED;
  r = td_session_call(&w->s, req, reply, err, errlen);
  blocked_fd = td_conn_fd(w->s.conn);
  if (r != 0)
    return r;
  if ((int)(*reply)->body_case == want)
    return 0;
  if ((*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR)
    return TD_WATCH_SERVER_ERROR;
  tiepdan__envelope__free_unpacked(*reply, NULL);
  *reply = NULL;
  snprintf(err, errlen,
           _("the server sent an answer of the wrong kind; check "
             "that the client and server versions match"));
  return TD_EPROTO;
}

static int draw(struct watch *w)
{
  struct td_watch_view v;

  v.unit = w->a->unit;
  v.from = w->from;
  v.to = w->to;
  v.now = (int64_t)time(NULL);
  v.cursor = w->cursor;
  v.stats = w->stats != NULL ? w->stats->stats_reply : NULL;
  v.open_all = w->open_all != NULL ? w->open_all->stats_reply : NULL;
  v.feed = &w->feed;
  v.status = w->status;
  if (w->tty)
    fputs("\033[H\033[2J", w->out);
  if (td_watch_render(w->out, &v) != 0)
    return -1;
  if (!w->tty)
    fputc('\n', w->out);
  return fflush(w->out) != 0 || ferror(w->out) ? -1 : 0;
}

/* Reads the statistics into w->stats; see call for what it returns. */
static int stats(struct watch *w, Tiepdan__Envelope **reply, char *err,
                 size_t errlen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetStats get = TIEPDAN__GET_STATS__INIT;
  Tiepdan__StatDim by = TIEPDAN__STAT_DIM__DIM_UNIT;
  char back[TD_MONTH_LEN];
  int month;
  int r;

  this_month(w->to);
  get.unit_code = w->a->unit;
  get.from = w->from;
  get.to = w->to;
  get.n_group_by = 1;
  get.group_by = &by;
  get.unit_level = "commune";
  get.has_soon_days = 1;
  get.soon_days = TD_STATS_SOON_DAYS;
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  env.get_stats = &get;
  r = call(w, &env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY, reply, err, errlen);
  if (r != 0)
    return r;
  if (w->stats != NULL)
    tiepdan__envelope__free_unpacked(w->stats, NULL);
  w->stats = *reply;
  *reply = NULL;
  /* The open figures of each commune, whatever the day received: the same
   * by commune from as far back as GetStats reaches. */
  if (td_opt_parse_month(w->to, 0, &month) != 0)
    return 0;
  td_month_index_format(month - 239, back);
  get.from = back;
  r = call(w, &env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY, reply, err, errlen);
  if (r != 0)
    return r;
  if (w->open_all != NULL)
    tiepdan__envelope__free_unpacked(w->open_all, NULL);
  w->open_all = *reply;
  *reply = NULL;
  return 0;
}

/* One Changes request: without a cursor at the start, then a long poll
 * (or, when the server has more ready, a poll that does not wait). */
static int changes(struct watch *w, int first, Tiepdan__Envelope **reply,
                   char *err, size_t errlen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Changes c = TIEPDAN__CHANGES__INIT;

  c.unit_code = w->a->unit;
  if (!first) {
    c.has_since = 1;
    c.since = w->cursor;
    c.has_wait_ms = !w->more;
    c.wait_ms = (uint32_t)w->wait_ms;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_CHANGES;
  env.changes = &c;
  return call(w, &env, TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY, reply, err,
              errlen);
}

/* Sleeps ms, or less if a signal asks us to stop. */
static void pause_ms(int ms)
{
  struct timespec ts;

  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000;
  while (!stopping && nanosleep(&ts, &ts) != 0 && errno == EINTR)
    continue;
}

static int retryable(int r, const Tiepdan__Envelope *reply)
{
  if (r == TD_WATCH_SERVER_ERROR)
    return td_session_error_retryable(reply->error);
  return r == TD_ECONNECT || r == TD_ETIMEOUT || r == TD_ECLOSED ||
         r == TD_ETLS;
}

/*
 * A call failed with r. Once the dashboard runs, a failure that can pass
 * is shown, waited out and answered by reconnecting: returns 0. Anything
 * else ends the run: returns r, with the server's Error moved to *error.
 */
static int trouble(struct watch *w, int r, Tiepdan__Envelope **reply,
                   Tiepdan__Envelope **error, const char *err)
{
  const Tiepdan__Error *e;
  char delay[16];

  if (stopping) {
    r = 0;
  } else if (w->drawn && !w->a->once && retryable(r, *reply)) {
    e = r == TD_WATCH_SERVER_ERROR ? (*reply)->error : NULL;
    if (w->backoff_ms % 1000 == 0)
      snprintf(delay, sizeof(delay), _("%d s"), w->backoff_ms / 1000);
    else
      snprintf(delay, sizeof(delay), _("%d.%d s"), w->backoff_ms / 1000,
               w->backoff_ms % 1000 / 100);
    if (e != NULL) {
      char words[512];

      snprintf(w->status, sizeof(w->status), _("reconnecting in %s: %s: %s"),
               delay, td_call_code_words(e->code),
               td_call_error_words(e, words, sizeof(words)));
    } else
      snprintf(w->status, sizeof(w->status), _("reconnecting in %s: %s"), delay,
               err);
    drop(w);
    w->stale = 1;
    w->more = 0;
    r = draw(w) != 0 ? TD_ENOMEM : 0;
    if (r == 0)
      pause_ms(w->backoff_ms);
    w->backoff_ms *= 2;
    if (w->backoff_ms > TD_WATCH_BACKOFF_MAX_MS)
      w->backoff_ms = TD_WATCH_BACKOFF_MAX_MS;
  } else if (r == TD_WATCH_SERVER_ERROR) {
    *error = *reply;
    *reply = NULL;
  }
  if (*reply != NULL)
    tiepdan__envelope__free_unpacked(*reply, NULL);
  *reply = NULL;
  return r;
}

/* "live", and the server's warning that next year's holidays are only
 * provisional while it gives one. */
static void live_status(struct watch *w)
{
  const Tiepdan__Envelope *h = w->s.hello;
  char words[256];

  if (h != NULL && h->hello_reply != NULL &&
      h->hello_reply->calendar_warning != NULL)
    snprintf(w->status, sizeof(w->status), _("live; %s"),
             td_call_calendar_words(h->hello_reply->calendar_warning, words,
                                    sizeof(words)));
  else
    snprintf(w->status, sizeof(w->status), "%s", _("live"));
}

/* Reads the statistics and draws them as live. */
static int refresh(struct watch *w, Tiepdan__Envelope **error, char *err,
                   size_t errlen)
{
  Tiepdan__Envelope *reply;
  int r;

  r = stats(w, &reply, err, errlen);
  if (r != 0)
    return trouble(w, r, &reply, error, err);
  w->stale = 0;
  w->backoff_ms = TD_WATCH_BACKOFF_MIN_MS;
  live_status(w);
  if (draw(w) != 0) {
    snprintf(err, errlen, _("cannot write the dashboard: %s"), strerror(errno));
    return TD_ENOMEM;
  }
  w->drawn = 1;
  return 0;
}

/* Takes the events of a reply; returns 0 or -1 (memory). */
static int take(struct watch *w, const Tiepdan__ChangesReply *c)
{
  size_t i;

  /* The statuses of the lines are named by the server's terms. */
  w->feed.terms = w->s.hello != NULL ? w->s.hello->hello_reply : NULL;
  for (i = 0; i < c->n_events; i++)
    if (td_watch_feed_push(&w->feed, c->events[i]) != 0)
      return -1;
  if (c->has_cursor)
    w->cursor = c->cursor;
  w->more = c->more && c->n_events > 0;
  return 0;
}

static int start(struct watch *w, Tiepdan__Envelope **error, char *err,
                 size_t errlen)
{
  Tiepdan__Envelope *reply;
  int r;

  r = changes(w, 1, &reply, err, errlen);
  if (r != 0)
    return trouble(w, r, &reply, error, err);
  r = take(w, reply->changes_reply);
  tiepdan__envelope__free_unpacked(reply, NULL);
  if (r != 0) {
    snprintf(err, errlen, "%s", _("out of memory"));
    return TD_ENOMEM;
  }
  return refresh(w, error, err, errlen);
}

/* One turn of the loop: catch up after a failure, or wait for events. */
static int step(struct watch *w, Tiepdan__Envelope **error, char *err,
                size_t errlen)
{
  Tiepdan__Envelope *reply;
  size_t got;
  int r;

  if (w->stale)
    return refresh(w, error, err, errlen);
  r = changes(w, 0, &reply, err, errlen);
  if (r != 0)
    return trouble(w, r, &reply, error, err);
  got = reply->changes_reply->n_events;
  r = take(w, reply->changes_reply);
  tiepdan__envelope__free_unpacked(reply, NULL);
  if (r != 0) {
    snprintf(err, errlen, "%s", _("out of memory"));
    return TD_ENOMEM;
  }
  /* Redraw once the events are all in; a terminal's clock moves anyway. */
  if (got > 0 && !w->more)
    return refresh(w, error, err, errlen);
  if (got == 0 && w->tty && draw(w) != 0) {
    snprintf(err, errlen, _("cannot write the dashboard: %s"), strerror(errno));
    return TD_ENOMEM;
  }
  return 0;
}

/* The long poll must end well before the network wait gives up on it. */
static int poll_wait(const struct td_client_opts *o)
{
  int ms;

  if (o->timeout_ms <= 0 || o->timeout_ms - 5000 >= TD_WATCH_WAIT_MS)
    return TD_WATCH_WAIT_MS;
  ms = o->timeout_ms - 5000;
  return ms > o->timeout_ms / 2 ? ms : o->timeout_ms / 2;
}

int td_watch_run(const struct td_watch_args *a, const struct td_client_opts *o,
                 FILE *out, int tty, Tiepdan__Envelope **error, char *err,
                 size_t errlen)
{
  struct sigaction sa;
  struct sigaction old_int;
  struct sigaction old_term;
  struct watch w;
  int r;

  *error = NULL;
  memset(&w, 0, sizeof(w));
  w.a = a;
  w.out = out;
  w.tty = tty;
  w.wait_ms = poll_wait(o);
  w.backoff_ms = TD_WATCH_BACKOFF_MIN_MS;
  td_month_index_format(a->from, w.from);
  this_month(w.to);
  td_watch_feed_init(&w.feed);
  td_session_init(&w.s, o);
  stopping = 0;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  r = start(&w, error, err, errlen);
  while (r == 0 && !a->once && !stopping)
    r = step(&w, error, err, errlen);
  if (stopping && r != TD_WATCH_SERVER_ERROR)
    r = 0;

  drop(&w);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  if (w.stats != NULL)
    tiepdan__envelope__free_unpacked(w.stats, NULL);
  if (w.open_all != NULL)
    tiepdan__envelope__free_unpacked(w.open_all, NULL);
  td_watch_feed_free(&w.feed);
  return r;
}

int td_cmd_watch(const struct td_global_args *g)
{
  struct td_call c = {.command = "watch"};
  struct td_watch_args a;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *error;
  char err[1024];
  int code;
  int r;

  if (td_cmd_parse_watch(g->argc, g->argv, (int64_t)time(NULL), &a, err,
                         sizeof(err)) != 0)
    return td_call_usage_error("watch", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  c.unknown = _("this server does not offer the change feed yet; ask your "
                "administrator to update tiepdand");
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    r = td_watch_run(&a, &o, stdout, isatty(STDOUT_FILENO), &error, err,
                     sizeof(err));
    if (r == TD_WATCH_SERVER_ERROR)
      code = td_call_judge(&error, TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY, &c);
    else if (r == TD_ENOMEM)
      code = td_call_internal(err);
    else if (r != 0) {
      /* Only for what conn_failed reads: nothing was ever recorded. */
      td_session_init(&s, &o);
      code = td_call_conn_failed(r, err, &s, &c);
    }
  }
  td_client_config_free(&o);
  return code;
}
