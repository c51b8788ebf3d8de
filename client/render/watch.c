/* The dashboard's frame and its lines of events; see render/watch.h. */
#include "render/watch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/day.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "lang/lang.h"
#include "render/terms.h"
#include "wire.h"

#define ARROW "\xe2\x86\x92"   /* U+2192, one column. */
#define EN_DASH "\xe2\x80\x93" /* U+2013, one column: no rate. */
#define CELL 24                /* Room for any number a cell shows. */
/* A count wider than a cell leaves room for is shown as this and "+". */
#define COUNT_SHOWN_MAX 9999999u

/* The columns of the table, in display columns, gaps included: CODE and
 * COMMUNE are written left-aligned, the numbers right-aligned. */
enum {
  W_CODE = 7,
  W_NAME = 34,
  W_OPEN = 9,
  W_OVERDUE = 9,
  W_SOON = 9,
  W_RATE = 11
};

/* The sums add up to TD_WATCH_COLUMNS, so every row fits. */
typedef char
    widths_fit[W_CODE + W_NAME + W_OPEN + W_OVERDUE + W_SOON + W_RATE ==
                       TD_WATCH_COLUMNS
                   ? 1
                   : -1];

/* A copy of s (NULL: "") in which control characters, which could move
 * the cursor or worse, became spaces; NULL if memory ran out. */
static char *clean_dup(const char *s)
{
  unsigned char *p;
  char *c;

  c = strdup(s != NULL ? s : "");
  if (c == NULL)
    return NULL;
  for (p = (unsigned char *)c; *p != '\0'; p++) {
    if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
      /* A C1 control, U+0080-U+009F: two bytes, two spaces. */
      p[0] = ' ';
      p[1] = ' ';
      p++;
    } else if (*p < 0x20 || *p == 0x7f) {
      *p = ' ';
    }
  }
  return c;
}

/* s made safe and cut to width columns; malloc'd, NULL if memory ran
 * out. */
static char *fit(const char *s, size_t width)
{
  char *c;
  char *t;

  c = clean_dup(s);
  if (c == NULL)
    return NULL;
  t = td_utf8_truncate(c, width);
  free(c);
  return t;
}

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

/* Writes s cut to width columns, then spaces up to width when fill is set.
 * Returns 0 or -1 (memory). */
static int put_fit(FILE *f, const char *s, size_t width, int fill)
{
  char *t;

  t = fit(s, width);
  if (t == NULL)
    return -1;
  fputs(t, f);
  if (fill)
    pad(f, width - td_utf8_width(t));
  free(t);
  return 0;
}

/* A line of at most TD_WATCH_COLUMNS columns. */
static int put_line(FILE *f, const char *s)
{
  if (put_fit(f, s, TD_WATCH_COLUMNS, 0) != 0)
    return -1;
  fputc('\n', f);
  return 0;
}

/* Writes s right-aligned in width columns; s is narrower. */
static void put_right(FILE *f, const char *s, size_t width)
{
  pad(f, width - td_utf8_width(s));
  fputs(s, f);
}

/* A status's name from the server's terms in the officer's language; its
 * code without terms (or when the server names it not). */
static const char *status_text(const Tiepdan__HelloReply *terms, int has,
                               int status)
{
  const Tiepdan__Term *t;
  const char *code;

  if (!has)
    return NULL;
  code = td_status_name(status);
  if (code == NULL)
    return "?";
  t = td_terms_find(terms, TD_TERMS_STATUS, code);
  return t != NULL ? td_terms_name(t, td_lang_current() == TD_LANG_EN) : code;
}

/* The events' actions, as the officer reads them: the server names no
 * action (they are steps of the client's commands, not reference data). */
static const struct {
  const char *code;
  const char *name;
} actions[] = {
    {"submit", N_("submit")},       {"accept", N_("accept")},
    {"reject", N_("reject")},       {"transfer", N_("transfer")},
    {"start", N_("start")},         {"resolve", N_("resolve")},
    {"withdraw", N_("withdraw")},   {"reopen", N_("reopen")},
    {"extend", N_("extend")},       {"note", N_("note")},
    {"recompute", N_("recompute")},
};

static const char *action_text(const char *code)
{
  size_t i;

  if (code == NULL)
    return "?";
  for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
    if (strcmp(actions[i].code, code) == 0)
      return _(actions[i].name);
  return code;
}

/* "received → accepted", "→ received", or "" when the status stayed. */
static void change_text(const Tiepdan__Event *e,
                        const Tiepdan__HelloReply *terms, char *out,
                        size_t outlen)
{
  const char *from;
  const char *to;

  from = status_text(terms, e->has_from_status, e->from_status);
  to = status_text(terms, e->has_to_status, e->to_status);
  if (to == NULL || (from != NULL && strcmp(from, to) == 0))
    snprintf(out, outlen, "%s", "");
  else if (from == NULL)
    snprintf(out, outlen, " " ARROW " %s", to);
  else
    snprintf(out, outlen, " %s " ARROW " %s", from, to);
}

char *td_watch_event_line_in(const Tiepdan__Event *e, size_t width,
                             const Tiepdan__HelloReply *terms)
{
  char change[256];
  char when[16];
  char id[32];
  const char *receipt;
  const char *action;
  const char *note;
  const char *withheld;
  struct td_vn_clock clock;
  size_t n;
  char *s;
  char *line;

  if (e->has_at) {
    td_vn_clock(e->at, &clock);
    snprintf(when, sizeof(when), "%02d:%02d", clock.hour, clock.minute);
  } else {
    snprintf(when, sizeof(when), "--:--");
  }
  snprintf(id, sizeof(id), "#%" PRId64, e->petition_id);
  receipt = e->receipt_no != NULL && e->receipt_no[0] ? e->receipt_no : id;
  action = action_text(e->action);
  change_text(e, terms, change, sizeof(change));
  note = e->note != NULL && e->note[0] != '\0' ? e->note : NULL;
  withheld = _("(note withheld)");
  n = strlen(when) + strlen(receipt) + strlen(action) + strlen(change) +
      strlen(withheld) + (note ? strlen(note) : 0) + 32;
  s = malloc(n);
  if (s == NULL)
    return NULL;
  snprintf(s, n, "%s %s %s%s%s%s%s", when, receipt, action, change,
           e->redacted ? "  "
           : note      ? ": "
                       : "",
           e->redacted ? withheld : "", !e->redacted && note ? note : "");
  line = fit(s, width);
  free(s);
  return line;
}

char *td_watch_event_line(const Tiepdan__Event *e, size_t width)
{
  return td_watch_event_line_in(e, width, NULL);
}

void td_watch_feed_init(struct td_watch_feed *f)
{
  memset(f, 0, sizeof(*f));
}

int td_watch_feed_push(struct td_watch_feed *f, const Tiepdan__Event *e)
{
  char *line;

  /* Indented by two under its heading. */
  line = td_watch_event_line_in(e, TD_WATCH_COLUMNS - 2, f->terms);
  if (line == NULL)
    return -1;
  if (f->n == TD_WATCH_EVENTS) {
    free(f->line[0]);
    memmove(f->line, f->line + 1, (TD_WATCH_EVENTS - 1) * sizeof(f->line[0]));
    f->n--;
  }
  f->line[f->n++] = line;
  return 0;
}

void td_watch_feed_free(struct td_watch_feed *f)
{
  size_t i;

  for (i = 0; i < f->n; i++)
    free(f->line[i]);
  f->n = 0;
}

/* A count in at most W_OPEN - 1 columns. */
static const char *count_cell(char buf[CELL], int has, uint64_t n)
{
  if (!has)
    n = 0;
  if (n > COUNT_SHOWN_MAX)
    snprintf(buf, CELL, "%u+", COUNT_SHOWN_MAX);
  else
    snprintf(buf, CELL, "%" PRIu64, n);
  return buf;
}

/* The share resolved on time in percent, "98.2"; a dash when nothing was
 * resolved, or the server sent a share that is none. */
static const char *rate_cell(char buf[CELL], const Tiepdan__StatRow *r)
{
  /* Written so that NaN fails too. */
  if (!r->has_rate_on_time || !(r->rate_on_time >= 0.0) ||
      !(r->rate_on_time <= 1.0))
    return EN_DASH;
  snprintf(buf, CELL, "%.1f", r->rate_on_time * 100.0);
  return buf;
}

static uint64_t count(int has, uint64_t n)
{
  return has ? n : 0;
}

/* The numbers of a row, after its CODE and COMMUNE: OPEN, OVERDUE and
 * DUE≤3D of r (zeros when NULL), then ON TIME % of rate (a dash when
 * NULL), or none if !with_rate. */
static void put_numbers_from(FILE *f, const Tiepdan__StatRow *r,
                             const Tiepdan__StatRow *rate, int with_rate)
{
  static const Tiepdan__StatRow none = TIEPDAN__STAT_ROW__INIT;
  char buf[CELL];
  uint64_t open;

  if (r == NULL)
    r = &none;
  open = count(r->has_open_within_deadline, r->open_within_deadline) +
         count(r->has_open_overdue, r->open_overdue);
  put_right(f, count_cell(buf, 1, open), W_OPEN);
  put_right(f, count_cell(buf, 1, count(r->has_open_overdue, r->open_overdue)),
            W_OVERDUE);
  put_right(f,
            count_cell(buf, 1, count(r->has_open_due_soon, r->open_due_soon)),
            W_SOON);
  if (with_rate)
    put_right(f, rate != NULL ? rate_cell(buf, rate) : EN_DASH, W_RATE);
  fputc('\n', f);
}

static void put_numbers_of(FILE *f, const Tiepdan__StatRow *r, int rate)
{
  put_numbers_from(f, r, r, rate);
}

static void put_numbers(FILE *f, const Tiepdan__StatRow *r)
{
  put_numbers_of(f, r, 1);
}

/* One commune: keys[0] of r is "CODE Name"; with from_open, its open
 * figures from open (zeros when NULL) and its rate from rate (a dash when
 * NULL), else both from r. */
static int put_row_from(FILE *f, const Tiepdan__StatRow *r,
                        const Tiepdan__StatRow *open,
                        const Tiepdan__StatRow *rate, int from_open)
{
  const char *key;
  const char *sp;
  char code[CELL];
  int rc;

  key = r->n_keys > 0 && r->keys[0] != NULL ? r->keys[0] : "";
  sp = strchr(key, ' ');
  snprintf(code, sizeof(code), "%.*s",
           (int)(sp != NULL ? (size_t)(sp - key) : strlen(key)), key);
  rc = put_fit(f, code, W_CODE - 1, 1);
  fputc(' ', f);
  if (rc == 0)
    rc = put_fit(f, sp != NULL ? sp + 1 : "", W_NAME, 1);
  if (rc == 0 && from_open)
    put_numbers_from(f, open, rate, 1);
  else if (rc == 0)
    put_numbers(f, r);
  return rc;
}

static int put_row(FILE *f, const Tiepdan__StatRow *r)
{
  return put_row_from(f, r, NULL, NULL, 0);
}

static const char *key_of(const Tiepdan__StatRow *r)
{
  return r != NULL && r->n_keys > 0 && r->keys[0] != NULL ? r->keys[0] : "";
}

/* The row of reply s whose key is key, or NULL. */
static const Tiepdan__StatRow *row_keyed(const Tiepdan__StatsReply *s,
                                         const char *key)
{
  size_t i;

  for (i = 0; s != NULL && i < s->n_rows; i++)
    if (s->rows[i] != NULL && strcmp(key_of(s->rows[i]), key) == 0)
      return s->rows[i];
  return NULL;
}

static int has_open(const Tiepdan__StatRow *r)
{
  return count(r->has_open_within_deadline, r->open_within_deadline) +
             count(r->has_open_overdue, r->open_overdue) >
         0;
}

/* The TOTAL row: the server's, or the rows added up if it sent none. */
static void total_of(const Tiepdan__StatsReply *s, Tiepdan__StatRow *t)
{
  static const Tiepdan__StatRow init = TIEPDAN__STAT_ROW__INIT;
  const Tiepdan__StatRow *r;
  uint64_t resolved;
  uint64_t on_time;
  size_t i;

  if (s->total != NULL) {
    *t = *s->total;
    return;
  }
  *t = init;
  resolved = 0;
  on_time = 0;
  for (i = 0; i < s->n_rows; i++) {
    r = s->rows[i];
    t->open_within_deadline +=
        count(r->has_open_within_deadline, r->open_within_deadline);
    t->open_overdue += count(r->has_open_overdue, r->open_overdue);
    t->open_due_soon += count(r->has_open_due_soon, r->open_due_soon);
    resolved += count(r->has_resolved, r->resolved);
    on_time += count(r->has_resolved_on_time, r->resolved_on_time);
  }
  t->has_open_within_deadline = 1;
  t->has_open_overdue = 1;
  t->has_open_due_soon = 1;
  t->has_rate_on_time = resolved > 0;
  t->rate_on_time = resolved > 0 ? (double)on_time / (double)resolved : 0.0;
}

/* A heading cut to width - 1 columns, right-aligned in width: translated
 * headings are as wide as the translator made them. */
static int put_head_right(FILE *f, const char *s, size_t width)
{
  char *t;

  t = fit(s, width - 1);
  if (t == NULL)
    return -1;
  put_right(f, t, width);
  free(t);
  return 0;
}

static int put_table(FILE *f, const Tiepdan__StatsReply *s,
                     const Tiepdan__StatsReply *all)
{
  Tiepdan__StatRow total;
  Tiepdan__StatRow all_total;
  size_t i;

  /* Headings: short, as the columns are narrow. */
  if (put_fit(f, _("CODE"), W_CODE, 1) != 0 ||
      put_fit(f, _("COMMUNE"), W_NAME, 1) != 0 ||
      put_head_right(f, _("OPEN"), W_OPEN) != 0 ||
      put_head_right(f, _("OVERDUE"), W_OVERDUE) != 0 ||
      put_head_right(f,
                     _("DUE\xe2\x89\xa4"
                       "3D"),
                     W_SOON) != 0 || /* DUE≤3D */
      put_head_right(f, _("ON TIME %"), W_RATE) != 0)
    return -1;
  fputc('\n', f);
  if (all != NULL) {
    /* Every commune with an open petition or one received in the period:
     * its open figures as of today, its rate of the period. */
    for (i = 0; i < s->n_rows; i++)
      if (s->rows[i] != NULL &&
          put_row_from(f, s->rows[i], row_keyed(all, key_of(s->rows[i])),
                       s->rows[i], 1) != 0)
        return -1;
    for (i = 0; i < all->n_rows; i++)
      if (all->rows[i] != NULL && has_open(all->rows[i]) &&
          row_keyed(s, key_of(all->rows[i])) == NULL &&
          put_row_from(f, all->rows[i], all->rows[i], NULL, 1) != 0)
        return -1;
    total_of(s, &total);
    total_of(all, &all_total);
    if (put_fit(f, _("TOTAL"), W_CODE + W_NAME, 1) != 0)
      return -1;
    put_numbers_from(f, s->open_now != NULL ? s->open_now : &all_total, &total,
                     1);
    return 0;
  }
  if (s->n_rows == 0)
    fprintf(f, "%s\n", _("(no petitions in this period)"));
  for (i = 0; i < s->n_rows; i++)
    if (s->rows[i] != NULL && put_row(f, s->rows[i]) != 0)
      return -1;
  total_of(s, &total);
  if (put_fit(f, _("TOTAL"), W_CODE + W_NAME, 1) != 0)
    return -1;
  put_numbers(f, &total);
  /* The rows count what was received in the period; this one every open
   * petition of the area, whatever the day it came in: the one to act on.
   * An older server sends none. */
  if (s->open_now != NULL) {
    if (put_fit(f, _("AS OF TODAY, ALL OPEN"), W_CODE + W_NAME, 1) != 0)
      return -1;
    put_numbers_of(f, s->open_now, 0);
  }
  return 0;
}

static int put_head(FILE *f, const struct td_watch_view *v)
{
  char line[512];
  char when[32];
  char cursor[32];
  struct td_vn_clock clock;
  char day[TD_DAY_LEN];
  const char *today;

  td_vn_clock(v->now, &clock);
  td_day_format(clock.day, day);
  snprintf(when, sizeof(when), "%s %02d:%02d:%02d", day, clock.hour,
           clock.minute, clock.second);
  snprintf(cursor, sizeof(cursor), "%" PRIu64, v->cursor);
  snprintf(line, sizeof(line), _("tiepdan watch: unit %s  %s  cursor %s"),
           v->unit ? v->unit : "?", when, cursor);
  if (put_line(f, line) != 0)
    return -1;
  today = v->stats != NULL && v->stats->today != NULL ? v->stats->today : NULL;
  snprintf(line, sizeof(line),
           _("Received %s to %s; open as of %s; DUE\xe2\x89\xa4%dD: due in "
             "%d days"),
           v->from ? v->from : "?", v->to ? v->to : "?",
           today ? today : _("today"), TD_STATS_SOON_DAYS, TD_STATS_SOON_DAYS);
  if (put_line(f, line) != 0)
    return -1;
  if (v->open_all != NULL) {
    /* Which figures are which. */
    snprintf(line, sizeof(line), "%s",
             _("OPEN, OVERDUE, DUE: every open petition today, whatever the "
               "day it came in"));
    if (put_line(f, line) != 0)
      return -1;
    snprintf(line, sizeof(line), "%s",
             _("ON TIME %: of the petitions received in the period"));
    return put_line(f, line);
  }
  if (v->stats == NULL || v->stats->open_now == NULL)
    return 0;
  snprintf(line, sizeof(line), "%s",
           _("AS OF TODAY: every open petition, whatever the day it came in"));
  return put_line(f, line);
}

int td_watch_render(FILE *f, const struct td_watch_view *v)
{
  char line[512];
  size_t i;
  int r;

  r = put_head(f, v);
  fputc('\n', f);
  if (r == 0 && v->stats != NULL)
    r = put_table(f, v->stats, v->open_all);
  else if (r == 0)
    fprintf(f, "%s\n", _("(waiting for the statistics)"));
  fprintf(f, "\n%s\n", _("Latest events:"));
  if (v->feed == NULL || v->feed->n == 0)
    fprintf(f, "  %s\n", _("(none since the dashboard started)"));
  for (i = 0; v->feed != NULL && i < v->feed->n; i++) {
    fputs("  ", f);
    fputs(v->feed->line[i], f);
    fputc('\n', f);
  }
  fputc('\n', f);
  snprintf(line, sizeof(line), _("Status: %s"), v->status ? v->status : "");
  if (r == 0)
    r = put_line(f, line);
  if (r != 0 || ferror(f))
    return -1;
  return 0;
}
