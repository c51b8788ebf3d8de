/* The change feed on the command line: watch's frame, its lines of events,
 * the command lines of watch and changes, and what changes prints. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "common/utf8.h"
#include "cmd/changes.h"
#include "cmd/watch.h"
#include "render/changes.h"
#include "render/watch.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

/* 2026-04-15 10:03 in Vietnam. */
#define APRIL_15 ((int64_t)1776222180)

/* The widest line of s, in display columns. */
static size_t widest(const char *s)
{
  size_t max;
  size_t w;
  char *copy;
  char *line;
  char *save;

  max = 0;
  copy = strdup(s);
  for (line = strtok_r(copy, "\n", &save); line != NULL;
       line = strtok_r(NULL, "\n", &save)) {
    w = td_utf8_width(line);
    max = w > max ? w : max;
  }
  free(copy);
  return max;
}

/* The line of s that starts with prefix; a copy, or NULL. */
static char *line_of(const char *s, const char *prefix)
{
  const char *p;
  size_t n;

  for (p = s; p != NULL && *p != '\0';
       p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
    if (strncmp(p, prefix, strlen(prefix)) == 0) {
      n = strchr(p, '\n') ? (size_t)(strchr(p, '\n') - p) : strlen(p);
      return strndup(p, n);
    }
  }
  return NULL;
}

/* A commune's row of statistics. */
static void row(Tiepdan__StatRow *r, char **key, uint64_t within,
                uint64_t overdue, uint64_t soon, uint64_t resolved, double rate)
{
  static const Tiepdan__StatRow init = TIEPDAN__STAT_ROW__INIT;

  *r = init;
  r->n_keys = 1;
  r->keys = key;
  r->has_open_within_deadline = 1;
  r->open_within_deadline = within;
  r->has_open_overdue = 1;
  r->open_overdue = overdue;
  r->has_open_due_soon = 1;
  r->open_due_soon = soon;
  r->has_resolved = 1;
  r->resolved = resolved;
  r->has_rate_on_time = resolved > 0;
  r->rate_on_time = rate;
}

static void event(Tiepdan__Event *e, const char *receipt, const char *action,
                  int from, int to, const char *note)
{
  static const Tiepdan__Event init = TIEPDAN__EVENT__INIT;

  *e = init;
  e->has_seq = 1;
  e->seq = 42;
  e->has_petition_id = 1;
  e->petition_id = 1;
  e->has_at = 1;
  e->at = APRIL_15;
  e->receipt_no = (char *)receipt;
  e->unit_code = "03390";
  e->action = (char *)action;
  e->has_from_status = from != 0;
  e->from_status = (Tiepdan__Status)from;
  e->has_to_status = to != 0;
  e->to_status = (Tiepdan__Status)to;
  e->note = (char *)note;
}

/* Renders a province of two communes, one with a very long name. */
/* What render_province's reply says of every open petition today; NULL:
 * nothing, as an older server. */
static Tiepdan__StatRow *frame_open_now;
/* By commune, every open petition whatever the day received; NULL: none
 * asked, as before. */
static const Tiepdan__StatsReply *frame_open_all;

static char *render_province(struct td_watch_feed *feed, const char *status)
{
  static char *k1[] = {"03390 Xã Bình Lư"};
  static char *k2[] = {"03405 Xã Tả Lèng Phường Đông Phong Thành Phố Lai "
                       "Châu Mường Khoa Bản Hon Nùng Nàng Sơn Bình"};
  Tiepdan__StatsReply s = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatRow r1;
  Tiepdan__StatRow r2;
  Tiepdan__StatRow total;
  Tiepdan__StatRow *rows[2];
  struct td_watch_view v;
  struct capture c;

  row(&r1, k1, 3, 2, 1, 4, 0.75);
  row(&r2, k2, 1, 0, 0, 0, 0.0);
  row(&total, NULL, 4, 2, 1, 4, 0.75);
  rows[0] = &r1;
  rows[1] = &r2;
  s.n_rows = 2;
  s.rows = rows;
  s.total = &total;
  s.today = "2026-04-15";
  s.open_now = frame_open_now;
  memset(&v, 0, sizeof(v));
  v.unit = "12";
  v.from = "2026-01";
  v.to = "2026-04";
  v.now = APRIL_15;
  v.cursor = 1234;
  v.stats = &s;
  v.open_all = frame_open_all;
  v.feed = feed;
  v.status = status;
  capture_begin(&c);
  if (td_watch_render(c.f, &v) != 0)
    fputs("RENDER FAILED", c.f);
  return capture_end(&c);
}

/* The frame -----------------------------------------------------------------*/

static void test_frame_fits_80_columns_with_long_vietnamese_names(void)
{
  char *out;

  vietnam();
  out = render_province(NULL, "live");
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  /* The long name is cut with an ellipsis, the short one whole. */
  ASSERT(strstr(out, "Xã Tả Lèng Phường Đông Phong Thàn…") != NULL);
  ASSERT(strstr(out, "Xã Bình Lư ") != NULL);
  ASSERT(strstr(out, "RENDER FAILED") == NULL);
  free(out);
}

static void test_frame_header_names_unit_time_and_cursor(void)
{
  char *out;
  char *l;

  vietnam();
  out = render_province(NULL, "live");
  l = line_of(out, "tiepdan watch:");
  ASSERT_STR_EQ(l, "tiepdan watch: unit 12  2026-04-15 10:03:00  cursor 1234");
  free(l);
  ASSERT(strstr(out, "Received 2026-01 to 2026-04; open as of 2026-04-15") !=
         NULL);
  free(out);
}

static void test_frame_counts_open_as_within_deadline_plus_overdue(void)
{
  char *out;
  char *l;

  vietnam();
  out = render_province(NULL, "live");
  l = line_of(out, "CODE");
  ASSERT_NOT_NULL(l);
  ASSERT(strstr(l, "COMMUNE") != NULL);
  ASSERT(strstr(l, "OPEN  OVERDUE   DUE≤3D  ON TIME %") != NULL);
  free(l);
  /* 3 within + 2 overdue = 5 open; 2 overdue; 1 due soon; 75.0 %. */
  l = line_of(out, "03390");
  ASSERT_NOT_NULL(l);
  ASSERT_EQ(td_utf8_width(l), TD_WATCH_COLUMNS);
  ASSERT(strstr(l, "        5        2        1       75.0") != NULL);
  free(l);
  free(out);
}

static void test_frame_shows_a_dash_when_nothing_was_resolved(void)
{
  char *out;
  char *l;

  vietnam();
  out = render_province(NULL, "live");
  l = line_of(out, "03405");
  ASSERT_NOT_NULL(l);
  ASSERT(strstr(l, "        1        0        0          –") != NULL);
  free(l);
  free(out);
}

static void test_frame_has_a_total_row(void)
{
  char *out;
  char *l;

  vietnam();
  out = render_province(NULL, "live");
  l = line_of(out, "TOTAL");
  ASSERT_NOT_NULL(l);
  ASSERT(strstr(l, "        6        2        1       75.0") != NULL);
  free(l);
  free(out);
}

/* The row as of today: every open petition of the area, whatever the
 * month it came in, apart from the period's TOTAL; no ON TIME % there. */
static void test_frame_shows_every_open_petition_as_of_today(void)
{
  Tiepdan__StatRow now;
  char *out;
  char *l;

  vietnam();
  out = render_province(NULL, "live");
  ASSERT_NULL(strstr(out, "AS OF TODAY"));
  free(out);
  row(&now, NULL, 4, 9, 1, 0, 0.0);
  now.has_resolved = 0;
  frame_open_now = &now;
  out = render_province(NULL, "live");
  frame_open_now = NULL;
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  l = line_of(out, "AS OF TODAY:");
  ASSERT_STR_EQ(
      l, "AS OF TODAY: every open petition, whatever the day it came in");
  free(l);
  /* The period's TOTAL is unchanged: 6 open, 2 overdue. */
  l = line_of(out, "TOTAL");
  ASSERT(strstr(l, "        6        2        1       75.0") != NULL);
  free(l);
  /* 4 within + 9 overdue = 13 open; 9 overdue; 1 due soon; no rate. */
  l = line_of(out, "AS OF TODAY, ALL OPEN");
  ASSERT_NOT_NULL(l);
  ASSERT_STR_EQ(l, "AS OF TODAY, ALL OPEN                           13    "
                   "    9        1");
  free(l);
  /* And the row comes after TOTAL. */
  ASSERT(strstr(out, "TOTAL") < strstr(out, "AS OF TODAY, ALL OPEN"));
  free(out);
}

/* With every open petition by commune: each commune's OPEN, OVERDUE and
 * DUE≤3D are today's, whatever the day received, its ON TIME % the
 * period's; a commune with open petitions of earlier years only has its
 * row too, with no rate; TOTAL's open figures are open_now's; the header
 * says which is which. */
static void test_frame_counts_every_open_petition_by_commune(void)
{
  static char *k1[] = {"03390 Xã Bình Lư"};
  static char *k3[] = {"03430 Xã Khun Há"};
  Tiepdan__StatsReply all = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatRow a1, a3, now;
  Tiepdan__StatRow *rows[2];
  char *out;
  char *l;

  vietnam();
  /* Bình Lư: 3 within and 7 overdue today (2 overdue in the period);
   * Khun Há: 1 overdue from an earlier year, nothing this period. */
  row(&a1, k1, 3, 7, 1, 9, 0.5);
  row(&a3, k3, 0, 1, 0, 0, 0.0);
  rows[0] = &a1;
  rows[1] = &a3;
  all.n_rows = 2;
  all.rows = rows;
  row(&now, NULL, 4, 8, 1, 0, 0.0);
  frame_open_all = &all;
  frame_open_now = &now;
  out = render_province(NULL, "live");
  frame_open_all = NULL;
  frame_open_now = NULL;
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  l = line_of(out, "OPEN, OVERDUE, DUE:");
  ASSERT_STR_EQ(l, "OPEN, OVERDUE, DUE: every open petition today, whatever "
                   "the day it came in");
  free(l);
  /* Bình Lư: 10 open, 7 overdue, 1 due soon today; 75.0 % on time in the
   * period (not the 50 % of every year). */
  l = line_of(out, "03390");
  ASSERT(strstr(l, "       10        7        1       75.0") != NULL);
  free(l);
  /* Tả Lèng, received in the period, nothing open today. */
  l = line_of(out, "03405");
  ASSERT(strstr(l, "        0        0        0          –") != NULL);
  free(l);
  l = line_of(out, "03430");
  ASSERT_NOT_NULL(l);
  ASSERT(strstr(l, "        1        1        0          –") != NULL);
  free(l);
  /* TOTAL: 12 open, 8 overdue today; the period's 75.0 %. */
  l = line_of(out, "TOTAL");
  ASSERT(strstr(l, "       12        8        1       75.0") != NULL);
  free(l);
  ASSERT_NULL(strstr(out, "AS OF TODAY, ALL OPEN"));
  free(out);
}

static void test_total_is_added_up_when_the_server_sends_none(void)
{
  static char *k1[] = {"03390 Xã Bình Lư"};
  static char *k2[] = {"03405 Xã Tả Lèng"};
  Tiepdan__StatsReply s = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatRow r1;
  Tiepdan__StatRow r2;
  Tiepdan__StatRow *rows[2];
  struct td_watch_view v;
  struct capture c;
  char *out;
  char *l;

  row(&r1, k1, 1, 1, 0, 2, 1.0);
  r1.has_resolved_on_time = 1;
  r1.resolved_on_time = 2;
  row(&r2, k2, 2, 0, 2, 2, 0.0);
  r2.has_resolved_on_time = 1;
  r2.resolved_on_time = 0;
  rows[0] = &r1;
  rows[1] = &r2;
  s.n_rows = 2;
  s.rows = rows;
  memset(&v, 0, sizeof(v));
  v.unit = "12";
  v.stats = &s;
  capture_begin(&c);
  ASSERT_EQ(td_watch_render(c.f, &v), 0);
  out = capture_end(&c);
  l = line_of(out, "TOTAL");
  ASSERT_NOT_NULL(l);
  ASSERT(strstr(l, "        4        1        2       50.0") != NULL);
  free(l);
  free(out);
}

static void test_frame_shows_latest_events_and_status(void)
{
  const char *reason = "connection to 127.0.0.1:4433 lost: Connection "
                       "refused, and a very long explanation after that "
                       "which goes on and on past eighty columns";
  struct td_watch_feed feed;
  Tiepdan__Event e;
  char status[512];
  char *out;
  char *l;

  vietnam();
  td_watch_feed_init(&feed);
  event(&e, "BL-2026-000001", "submit", 0, TIEPDAN__STATUS__RECEIVED, NULL);
  ASSERT_EQ(td_watch_feed_push(&feed, &e), 0);
  snprintf(status, sizeof(status), "reconnecting in 2 s: %s", reason);
  out = render_province(&feed, status);
  td_watch_feed_free(&feed);
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  ASSERT(strstr(out, "\n  10:03 BL-2026-000001 submit → received\n") != NULL);
  l = line_of(out, "Status:");
  ASSERT_NOT_NULL(l);
  ASSERT(strncmp(l, "Status: reconnecting in 2 s: connection to", 42) == 0);
  ASSERT(strstr(l, "…") != NULL);
  free(l);
  free(out);
}

static void test_frame_without_statistics_yet(void)
{
  struct td_watch_view v;
  struct capture c;
  char *out;

  memset(&v, 0, sizeof(v));
  v.unit = "12";
  v.status = "live";
  capture_begin(&c);
  ASSERT_EQ(td_watch_render(c.f, &v), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "(waiting for the statistics)") != NULL);
  ASSERT(strstr(out, "(none since the dashboard started)") != NULL);
  free(out);
}

static void test_frame_cleans_control_characters_from_the_server(void)
{
  static char *k[] = {"03390 Xã \033[2JBình\nLư"};
  Tiepdan__StatsReply s = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatRow r;
  Tiepdan__StatRow *rows[1];
  struct td_watch_view v;
  struct capture c;
  char *out;

  row(&r, k, 0, 0, 0, 0, 0.0);
  rows[0] = &r;
  s.n_rows = 1;
  s.rows = rows;
  memset(&v, 0, sizeof(v));
  v.unit = "12\033[H";
  v.stats = &s;
  capture_begin(&c);
  ASSERT_EQ(td_watch_render(c.f, &v), 0);
  out = capture_end(&c);
  ASSERT(strchr(out, '\033') == NULL);
  ASSERT(strstr(out, "Xã  [2JBình Lư") != NULL);
  free(out);
}

static void test_huge_counts_still_fit(void)
{
  static char *k[] = {"03390 Xã Bình Lư"};
  Tiepdan__StatsReply s = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatRow r;
  Tiepdan__StatRow *rows[1];
  struct td_watch_view v;
  struct capture c;
  char *out;

  row(&r, k, UINT64_MAX / 2, UINT64_MAX / 2, UINT64_MAX, 1, 1e300);
  rows[0] = &r;
  s.n_rows = 1;
  s.rows = rows;
  memset(&v, 0, sizeof(v));
  v.unit = "12";
  v.stats = &s;
  capture_begin(&c);
  ASSERT_EQ(td_watch_render(c.f, &v), 0);
  out = capture_end(&c);
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  ASSERT(strstr(out, "9999999+") != NULL);
  free(out);
}

/* Lines of events
 * ------------------------------------------------------------*/

static void test_event_line_names_time_receipt_action_and_change(void)
{
  Tiepdan__Event e;
  char *l;

  vietnam();
  event(&e, "BL-2026-000001", "accept", TIEPDAN__STATUS__RECEIVED,
        TIEPDAN__STATUS__ACCEPTED, NULL);
  l = td_watch_event_line(&e, 77);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000001 accept received → accepted");
  free(l);
  /* A note changes no status. */
  event(&e, "BL-2026-000001", "note", TIEPDAN__STATUS__ACCEPTED,
        TIEPDAN__STATUS__ACCEPTED, "Hẹn trả lời ngày thứ Hai");
  l = td_watch_event_line(&e, 77);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000001 note: Hẹn trả lời ngày thứ Hai");
  free(l);
}

static void test_event_line_shortens_notes_and_withholds_redacted(void)
{
  Tiepdan__Event e;
  char *l;

  vietnam();
  event(&e, "BL-2026-000001", "note", 0, 0,
        "Đã làm việc với ông Đinh Văn Kín về việc thu tiền sai quy định của "
        "trưởng bản, hẹn trả lời vào tuần sau");
  l = td_watch_event_line(&e, 60);
  ASSERT_NOT_NULL(l);
  ASSERT_EQ(td_utf8_width(l), 60);
  ASSERT(strstr(l, "…") != NULL);
  free(l);
  event(&e, "BL-2026-000001", "note", 0, 0, NULL);
  e.redacted = 1;
  l = td_watch_event_line(&e, 77);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000001 note  (note withheld)");
  free(l);
}

static void test_feed_keeps_the_latest_five(void)
{
  struct td_watch_feed feed;
  Tiepdan__Event e;
  char receipt[32];
  int i;

  vietnam();
  td_watch_feed_init(&feed);
  for (i = 1; i <= 7; i++) {
    snprintf(receipt, sizeof(receipt), "BL-2026-%06d", i);
    event(&e, receipt, "submit", 0, TIEPDAN__STATUS__RECEIVED, NULL);
    ASSERT_EQ(td_watch_feed_push(&feed, &e), 0);
  }
  ASSERT_EQ(feed.n, TD_WATCH_EVENTS);
  ASSERT(strstr(feed.line[0], "BL-2026-000003") != NULL);
  ASSERT(strstr(feed.line[4], "BL-2026-000007") != NULL);
  td_watch_feed_free(&feed);
}

/* Command lines
 * --------------------------------------------------------------*/

static void test_watch_needs_a_unit(void)
{
  struct td_watch_args a;

  vietnam();
  ASSERT_EQ(td_cmd_parse_watch(0, NULL, APRIL_15, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "--unit is required, e.g. --unit 12");
}

static void test_watch_from_defaults_to_january(void)
{
  char *v[] = {"--unit", "12", "--once"};
  char *from[] = {"--unit", "12", "--from", "2025-07"};
  struct td_watch_args a;

  vietnam();
  ASSERT_EQ(td_cmd_parse_watch(ARGC(v), v, APRIL_15, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.unit, "12");
  ASSERT_EQ(a.from, 2026 * 12);
  ASSERT_EQ(a.once, 1);
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(from), from, APRIL_15, &a, err, sizeof(err)), 0);
  ASSERT_EQ(a.from, 2025 * 12 + 6);
  ASSERT_EQ(a.once, 0);
}

static void test_watch_refuses_bad_options(void)
{
  char *month[] = {"--unit", "12", "--from", "2026-13"};
  char *future[] = {"--unit", "12", "--from", "2026-05"};
  char *blank[] = {"--unit", " "};
  char *word[] = {"--unit", "12", "now"};
  char *unknown[] = {"--unit", "12", "--every", "5"};
  char *global[] = {"--unit", "12", "--format", "json"};
  struct td_watch_args a;

  vietnam();
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(month), month, APRIL_15, &a, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "--from must be a month YYYY-MM") != NULL);
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(future), future, APRIL_15, &a, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "--from 2026-05 is after the current month") != NULL);
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(blank), blank, APRIL_15, &a, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "--unit must be a unit code") != NULL);
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(word), word, APRIL_15, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"now\"");
  ASSERT_EQ(td_cmd_parse_watch(ARGC(unknown), unknown, APRIL_15, &a, err,
                               sizeof(err)),
            -1);
  ASSERT(strstr(err, "--every") != NULL);
  ASSERT_EQ(
      td_cmd_parse_watch(ARGC(global), global, APRIL_15, &a, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "global option") != NULL);
}

static void test_watch_help_needs_nothing_else(void)
{
  char *v[] = {"--help"};
  struct td_watch_args a;

  ASSERT_EQ(td_cmd_parse_watch(ARGC(v), v, APRIL_15, &a, err, sizeof(err)), 0);
  ASSERT_EQ(a.help, 1);
}

static void test_changes_builds_the_request(void)
{
  char *v[] = {"--since", "41",   "--wait", "30",
               "--limit", "1000", "--unit", "03390"};
  char *none[] = {"--unit", "12"};
  struct td_changes_args a;
  struct td_changes_req r;

  ASSERT_EQ(td_cmd_parse_changes(ARGC(v), v, &a, err, sizeof(err)), 0);
  td_cmd_changes_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_CHANGES);
  ASSERT(r.changes.has_since && r.changes.since == 41);
  ASSERT(r.changes.has_wait_ms && r.changes.wait_ms == 30000);
  ASSERT(r.changes.has_limit && r.changes.limit == 1000);
  ASSERT_STR_EQ(r.changes.unit_code, "03390");
  ASSERT_EQ(td_cmd_parse_changes(ARGC(none), none, &a, err, sizeof(err)), 0);
  td_cmd_changes_request(&a, &r);
  ASSERT(!r.changes.has_since && !r.changes.has_wait_ms &&
         !r.changes.has_limit);
}

static void test_changes_refuses_bad_options(void)
{
  char *limit0[] = {"--limit", "0"};
  char *limit[] = {"--limit", "1001"};
  char *wait[] = {"--since", "1", "--wait", "61"};
  char *since[] = {"--since", "-1"};
  char *nosince[] = {"--wait", "10"};
  char *word[] = {"12"};
  struct td_changes_args a;

  ASSERT_EQ(td_cmd_parse_changes(ARGC(limit0), limit0, &a, err, sizeof(err)),
            -1);
  ASSERT_STR_EQ(err, "--limit must be a number from 1 to 1000, not \"0\"");
  ASSERT_EQ(td_cmd_parse_changes(ARGC(limit), limit, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_changes(ARGC(wait), wait, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--wait must be a number of seconds from 0 to 60") !=
         NULL);
  ASSERT_EQ(td_cmd_parse_changes(ARGC(since), since, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--since must be a cursor") != NULL);
  ASSERT_EQ(td_cmd_parse_changes(ARGC(nosince), nosince, &a, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "--wait needs --since") != NULL);
  ASSERT_EQ(td_cmd_parse_changes(ARGC(word), word, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"12\"");
}

/* What changes prints
 * --------------------------------------------------------*/

static char *print_changes(enum td_format fmt, size_t n)
{
  Tiepdan__ChangesReply r = TIEPDAN__CHANGES_REPLY__INIT;
  Tiepdan__Event e;
  Tiepdan__Event *events[1];
  struct capture c;

  event(&e, "BL-2026-000001", "note", TIEPDAN__STATUS__ACCEPTED,
        TIEPDAN__STATUS__ACCEPTED, "Hẹn, \"thứ Hai\"");
  events[0] = &e;
  r.n_events = n;
  r.events = events;
  r.has_cursor = 1;
  r.cursor = 57;
  r.has_more = 1;
  capture_begin(&c);
  if (td_output_changes(c.f, fmt, &r) != 0)
    fputs("OUTPUT FAILED", c.f);
  return capture_end(&c);
}

static void test_changes_table_ends_with_the_cursor(void)
{
  char *out;

  vietnam();
  out = print_changes(TD_FORMAT_TABLE, 1);
  ASSERT(strstr(out, "42  2026-04-15 10:03  BL-2026-000001  03390  note  "
                     "accepted → accepted  Hẹn, \"thứ Hai\"\n") != NULL);
  ASSERT(strlen(out) > 10 &&
         strcmp(out + strlen(out) - 10, "cursor 57\n") == 0);
  free(out);
  out = print_changes(TD_FORMAT_TABLE, 0);
  ASSERT_STR_EQ(out, "No new events.\ncursor 57\n");
  free(out);
}

static void test_changes_json_holds_cursor_and_events(void)
{
  char *out;

  vietnam();
  out = print_changes(TD_FORMAT_JSON, 0);
  ASSERT_STR_EQ(out, "{\"cursor\":57,\"more\":false,\"events\":[]}\n");
  free(out);
  out = print_changes(TD_FORMAT_JSON, 1);
  ASSERT(strncmp(out,
                 "{\"cursor\":57,\"more\":false,\"events\":[\n{\"seq\":42,",
                 47) == 0);
  ASSERT(strstr(out, "\"note\":\"Hẹn, \\\"thứ Hai\\\"\",\"redacted\":false}") !=
         NULL);
  free(out);
}

static void test_changes_csv_carries_the_cursor_on_each_row(void)
{
  char *out;

  vietnam();
  out = print_changes(TD_FORMAT_CSV, 0);
  ASSERT(
      strstr(out, ",note,redacted,cursor,more\r\n,,,,,,,,,,,,,,57,false\r\n") !=
      NULL);
  free(out);
  out = print_changes(TD_FORMAT_CSV, 1);
  ASSERT(strstr(out, "\r\n42,1,BL-2026-000001,03390,") != NULL);
  ASSERT(strstr(out, ",\"Hẹn, \"\"thứ Hai\"\"\",false,57,false\r\n") != NULL);
  free(out);
}

int main(void)
{
  /* Labels and times as an English reader sees them (no catalog here). */
  td_lang_set("en");
  RUN_TEST(test_frame_fits_80_columns_with_long_vietnamese_names);
  RUN_TEST(test_frame_header_names_unit_time_and_cursor);
  RUN_TEST(test_frame_counts_open_as_within_deadline_plus_overdue);
  RUN_TEST(test_frame_shows_a_dash_when_nothing_was_resolved);
  RUN_TEST(test_frame_has_a_total_row);
  RUN_TEST(test_frame_shows_every_open_petition_as_of_today);
  RUN_TEST(test_frame_counts_every_open_petition_by_commune);
  RUN_TEST(test_total_is_added_up_when_the_server_sends_none);
  RUN_TEST(test_frame_shows_latest_events_and_status);
  RUN_TEST(test_frame_without_statistics_yet);
  RUN_TEST(test_frame_cleans_control_characters_from_the_server);
  RUN_TEST(test_huge_counts_still_fit);
  RUN_TEST(test_event_line_names_time_receipt_action_and_change);
  RUN_TEST(test_event_line_shortens_notes_and_withholds_redacted);
  RUN_TEST(test_feed_keeps_the_latest_five);
  RUN_TEST(test_watch_needs_a_unit);
  RUN_TEST(test_watch_from_defaults_to_january);
  RUN_TEST(test_watch_refuses_bad_options);
  RUN_TEST(test_watch_help_needs_nothing_else);
  RUN_TEST(test_changes_builds_the_request);
  RUN_TEST(test_changes_refuses_bad_options);
  RUN_TEST(test_changes_table_ends_with_the_cursor);
  RUN_TEST(test_changes_json_holds_cursor_and_events);
  RUN_TEST(test_changes_csv_carries_the_cursor_on_each_row);
  return TEST_EXIT();
}
