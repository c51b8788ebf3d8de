/* Public holiday files; see holidays.h. */
#include "input/holidays.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/day.h"
#include "common/utf8.h"
#include "lang/lang.h"

#define EVENT_DAYS_MAX 366 /* The longest event believed: a whole year. */
#define SHOWN_MAX 40       /* Bytes of a bad value quoted in a message. */

struct parser {
  const char *p; /* The next line starts here. */
  const char *end;
  int line; /* Number of the line last read, from 1. */
  const char *file;
  unsigned year;
  int merge; /* A day given twice is merged (iCalendar), not refused. */
  char sep;  /* The CSV separator, for messages. */
  struct td_holidays *out;
  char *err;
  size_t errlen;
};

static int fail(struct parser *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes "FILE:LINE: message" (or "FILE: message" for line 0). */
static int fail(struct parser *ps, int line, const char *fmt, ...)
{
  va_list ap;
  int n;

  if (ps->errlen == 0)
    return -1;
  if (line > 0)
    n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->file, line);
  else
    n = snprintf(ps->err, ps->errlen, "%s: ", ps->file);
  if (n < 0 || (size_t)n >= ps->errlen)
    return -1;
  va_start(ap, fmt);
  vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

/* Parses the n bytes at s, "YYYY-MM-DD" (n 10) or "YYYYMMDD" (n 8), into a
 * day number; years before 1 are no holidays' either. */
static int parse_day(const char *s, size_t n, long *day)
{
  td_day d;
  int y;
  int m;
  int dd;

  if (td_day_parse_n(s, n, &d) != 0)
    return -1;
  td_day_to_ymd(d, &y, &m, &dd);
  if (y < 1)
    return -1;
  *day = d;
  return 0;
}

void td_holidays_free(struct td_holidays *h)
{
  size_t i;

  for (i = 0; i < h->n; i++) {
    free(h->v[i].name);
    free(h->v[i].source);
  }
  free(h->v);
  memset(h, 0, sizeof(*h));
}

static struct td_holiday *find_day(struct td_holidays *h, const char *date)
{
  size_t i;

  for (i = 0; i < h->n; i++)
    if (strcmp(h->v[i].date, date) == 0)
      return &h->v[i];
  return NULL;
}

/* What a day is, and where the law says so (NULL: the year's source). */
struct day_kind {
  int working;
  const char *source;
};

/* Adds day with name, checking the year, the name, that a working day is a
 * weekend day, and repeats. */
static int add(struct parser *ps, long day, const char *name, int line,
               const struct day_kind *k)
{
  struct td_holidays *h;
  struct td_holiday *dup;
  struct td_holiday *grown;
  char date[TD_DAY_LEN];
  int y;
  int m;
  int d;

  h = ps->out;
  td_day_to_ymd((td_day)day, &y, &m, &d);
  td_day_format((td_day)day, date);
  if (y != (int)ps->year)
    return fail(ps, line,
                _("%s is not in %u: a file loads the holidays of one year; "
                  "remove the line or check the year"),
                date, ps->year);
  if (name[0] == '\0')
    return fail(ps, line, _("the holiday on %s has no name"), date);
  if (!td_utf8_valid(name, strlen(name)))
    return fail(ps, line,
                _("the name of the holiday on %s is not UTF-8 text; save the "
                  "file as UTF-8 (in Excel: \"CSV UTF-8\")"),
                date);
  if (k->working && td_day_weekday((td_day)day) < 5)
    return fail(ps, line,
                _("%s is a weekday, a working day already; only a Saturday or "
                  "Sunday can be made a working day"),
                date);
  if (k->source != NULL && !td_utf8_valid(k->source, strlen(k->source)))
    return fail(ps, line, _("the source given for %s is not UTF-8 text"), date);
  dup = find_day(h, date);
  if (dup != NULL && ps->merge && dup->working == k->working)
    return 0;
  if (dup != NULL && dup->working != k->working)
    return fail(ps, line,
                _("%s is listed both as a day off and as a working day (also "
                  "on line %d)"),
                date, dup->line);
  if (dup != NULL)
    return fail(ps, line, _("%s is listed twice (also on line %d)"), date,
                dup->line);
  if (h->n == h->cap) {
    grown = realloc(h->v, (h->cap ? h->cap * 2 : 32) * sizeof(*grown));
    if (grown == NULL)
      return fail(ps, 0, _("out of memory"));
    h->v = grown;
    h->cap = h->cap ? h->cap * 2 : 32;
  }
  memcpy(h->v[h->n].date, date, sizeof(h->v[h->n].date));
  h->v[h->n].line = line;
  h->v[h->n].working = k->working;
  h->v[h->n].name = strdup(name);
  h->v[h->n].source = k->source != NULL ? strdup(k->source) : NULL;
  if (h->v[h->n].name == NULL || (k->source != NULL && !h->v[h->n].source)) {
    free(h->v[h->n].name);
    return fail(ps, 0, _("out of memory"));
  }
  h->n++;
  return 0;
}

/* Sets *s and *n to the next line without its end; returns 0 at the end. */
static int next_line(struct parser *ps, const char **s, size_t *n)
{
  const char *nl;

  if (ps->p >= ps->end)
    return 0;
  nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
  *s = ps->p;
  *n = nl ? (size_t)(nl - ps->p) : (size_t)(ps->end - ps->p);
  ps->p = nl ? nl + 1 : ps->end;
  if (*n > 0 && (*s)[*n - 1] == '\r')
    (*n)--;
  ps->line++;
  return 1;
}

static int is_blank(char c)
{
  return c == ' ' || c == '\t';
}

/* CSV ---------------------------------------------------------------------*/

/* ';' when the line separates with it outside quotes and has no ','. */
static char csv_separator(const char *s, size_t n)
{
  int quoted;
  int semi;
  size_t i;

  quoted = 0;
  semi = 0;
  for (i = 0; i < n; i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (!quoted && s[i] == ',')
      return ',';
    else if (!quoted && s[i] == ';')
      semi = 1;
  }
  return semi ? ';' : ',';
}

/* Reads one quoted field at s[*i] (the opening quote) into *o. */
static int csv_quoted(struct parser *ps, const char *s, size_t n, size_t *i,
                      char **o, char sep)
{
  for ((*i)++;; (*i)++) {
    if (*i >= n)
      return fail(ps, ps->line, _("a quoted name has no closing quote"));
    if (s[*i] == '"' && *i + 1 < n && s[*i + 1] == '"')
      (*i)++;
    else if (s[*i] == '"')
      break;
    *(*o)++ = s[*i];
  }
  for ((*i)++; *i < n && is_blank(s[*i]); (*i)++)
    continue;
  if (*i < n && s[*i] != sep)
    return fail(ps, ps->line,
                _("text after the closing quote of a name; inside quotes, "
                  "write a quote as \"\""));
  return 0;
}

#define CSV_FIELDS 4 /* Date, name, and optionally kind and source. */

/*
 * Splits the line into fields, unquoted and trimmed, copied into buf (n + 1
 * bytes) with f pointing at each. Returns how many fields there are,
 * CSV_FIELDS + 1 for more than CSV_FIELDS, or -1 after a message.
 */
static int csv_split(struct parser *ps, const char *s, size_t n, char sep,
                     char *buf, char *f[CSV_FIELDS])
{
  char *start;
  char *o;
  size_t i;
  int nf;

  o = buf;
  i = 0;
  for (nf = 0;; nf++) {
    if (nf == CSV_FIELDS)
      return CSV_FIELDS + 1;
    while (i < n && is_blank(s[i]))
      i++;
    f[nf] = o;
    if (i < n && s[i] == '"') {
      if (csv_quoted(ps, s, n, &i, &o, sep) != 0)
        return -1;
    } else {
      start = o;
      while (i < n && s[i] != sep)
        *o++ = s[i++];
      while (o > start && is_blank(o[-1]))
        o--;
    }
    *o++ = '\0';
    if (i >= n)
      return nf + 1;
    i++;
  }
}

/* A first line that does not start with a digit names the columns. */
static int csv_is_header(const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < n && (is_blank(s[i]) || s[i] == '"'); i++)
    continue;
  return i == n || s[i] < '0' || s[i] > '9';
}

/* The words a file may use for a day off and for a weekend working day
 * (UTF-8; "nghỉ", "làm việc", "làm bù"). */
static const char *const off_words[] = {"", "ngh\xe1\xbb\x89", "off", NULL};
static const char *const working_words[] = {"l\xc3\xa0m vi\xe1\xbb\x87"
                                            "c",
                                            "l\xc3\xa0m b\xc3\xb9", "working",
                                            NULL};

static int word_in(const char *s, const char *const *words)
{
  size_t i;

  for (i = 0; words[i] != NULL; i++)
    if (strcasecmp(s, words[i]) == 0)
      return 1;
  return 0;
}

/* The optional third and fourth fields: what the day is, and its source. */
static int csv_kind(struct parser *ps, char *const *f, int nf,
                    struct day_kind *k)
{
  k->working = 0;
  k->source = nf > 3 && f[3][0] != '\0' ? f[3] : NULL;
  if (nf < 3 || word_in(f[2], off_words))
    return 0;
  if (word_in(f[2], working_words)) {
    k->working = 1;
    return 0;
  }
  return fail(ps, ps->line,
              _("\"%.*s\" is not what a day is: write ngh\xe1\xbb\x89 (a day "
                "off) or l\xc3\xa0m vi\xe1\xbb\x87"
                "c (a weekend working day); put a name that holds a \"%c\" in "
                "double quotes"),
              SHOWN_MAX, f[2], ps->sep);
}

static int csv_line(struct parser *ps, const char *s, size_t n, char sep,
                    char *buf)
{
  char *f[CSV_FIELDS];
  struct day_kind k;
  long day;
  int nf;

  nf = csv_split(ps, s, n, sep, buf, f);
  if (nf < 0)
    return -1;
  if (nf == 1)
    return fail(ps, ps->line,
                _("expected DATE%cNAME, e.g. 2026-09-02%cQu\xe1\xbb\x91"
                  "c kh\xc3\xa1nh"),
                sep, sep);
  if (nf > CSV_FIELDS)
    return fail(ps, ps->line,
                _("more than four fields (date, name, kind, source); put a "
                  "name that holds a \"%c\" in double quotes"),
                sep);
  if (strlen(f[0]) != 10 || parse_day(f[0], 10, &day) != 0)
    return fail(ps, ps->line, _("\"%.*s\" is not a date YYYY-MM-DD"), SHOWN_MAX,
                f[0]);
  ps->sep = sep;
  if (csv_kind(ps, f, nf, &k) != 0)
    return -1;
  return add(ps, day, f[1], ps->line, &k);
}

static int parse_csv(struct parser *ps)
{
  const char *s;
  size_t n;
  char *buf;
  char sep;
  int first;
  int r;

  first = 1;
  sep = ',';
  r = 0;
  while (r == 0 && next_line(ps, &s, &n)) {
    while (n > 0 && is_blank(*s)) {
      s++;
      n--;
    }
    if (n == 0 || s[0] == '#')
      continue;
    if (first) {
      first = 0;
      sep = csv_separator(s, n);
      if (csv_is_header(s, n))
        continue;
    }
    buf = malloc(n + 1);
    if (buf == NULL)
      return fail(ps, 0, _("out of memory"));
    r = csv_line(ps, s, n, sep, buf);
    free(buf);
  }
  return r;
}

/* iCalendar ---------------------------------------------------------------*/

/* One VEVENT being read. */
struct event {
  int line;  /* Its BEGIN:VEVENT; 0 when outside an event. */
  int depth; /* Components open inside it, such as a VALARM. */
  long start;
  int start_line;
  long end;
  int end_line;
  long days; /* From DURATION; 0 when none. */
  int days_line;
  char *summary;
  char *source; /* X-TIEPDAN-SOURCE. */
  int working;  /* X-TIEPDAN-KIND:WORKING. */
  int cancelled;
  int repeat_line; /* Of an RRULE or RDATE. */
};

/* A growable buffer for one unfolded line. */
struct linebuf {
  char *s;
  size_t n;
  size_t cap;
};

static int buf_add(struct linebuf *b, const char *s, size_t n)
{
  char *grown;
  size_t cap;

  if (b->n + n + 1 > b->cap) {
    cap = b->cap ? b->cap : 256;
    while (b->n + n + 1 > cap)
      cap *= 2;
    grown = realloc(b->s, cap);
    if (grown == NULL)
      return -1;
    b->s = grown;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
  return 0;
}

/* Reads one content line, joining the folded lines that continue it.
 * Returns 1 with the line in b and its first line number in *line, 0 at
 * the end, or -1 after a message. */
static int ical_next(struct parser *ps, struct linebuf *b, int *line)
{
  const char *s;
  size_t n;

  if (!next_line(ps, &s, &n))
    return 0;
  *line = ps->line;
  b->n = 0;
  if (buf_add(b, s, n) != 0)
    return fail(ps, 0, _("out of memory"));
  while (ps->p < ps->end && is_blank(*ps->p)) {
    next_line(ps, &s, &n);
    if (buf_add(b, s + 1, n - 1) != 0)
      return fail(ps, 0, _("out of memory"));
  }
  return 1;
}

/* Splits "NAME;PARAMS:VALUE" in place. Returns 0, or -1 without a colon. */
static int ical_split(char *s, char **name, char **value)
{
  int quoted;
  char *p;

  *name = s;
  p = s + strcspn(s, ";:");
  quoted = 0;
  for (; *p != '\0'; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ':' && !quoted)
      break;
  }
  if (*p == '\0')
    return -1;
  *p = '\0';
  s[strcspn(s, ";")] = '\0';
  *value = p + 1;
  return 0;
}

/* Parses a DATE or DATE-TIME value ("20260430", "20260430T080000Z") into
 * its day; *past_midnight says whether it has a time after 00:00:00. */
static int ical_day(const char *v, long *day, int *past_midnight)
{
  size_t n;

  n = strlen(v);
  *past_midnight = 0;
  if (n == 8)
    return parse_day(v, 8, day);
  if ((n != 15 && !(n == 16 && v[15] == 'Z')) || v[8] != 'T' ||
      strspn(v + 9, "0123456789") < 6)
    return -1;
  *past_midnight = strncmp(v + 9, "000000", 6) != 0;
  return parse_day(v, 8, day);
}

/* DURATION of whole days or weeks: "P3D", "P1W". */
static int ical_duration(const char *v, long *days)
{
  char *end;
  long n;

  if (v[0] == '+')
    v++;
  if (v[0] != 'P' || v[1] < '0' || v[1] > '9')
    return -1;
  errno = 0;
  n = strtol(v + 1, &end, 10);
  if (errno != 0 || n < 1 || n > EVENT_DAYS_MAX || end[1] != '\0')
    return -1;
  if (end[0] == 'D')
    *days = n;
  else if (end[0] == 'W')
    *days = n * 7;
  else
    return -1;
  return 0;
}

/* Undoes the TEXT escapes of RFC 5545 in place; a line break becomes a
 * space, and surrounding blanks go. */
static void ical_unescape(char *s)
{
  char *o;
  char *p;

  o = s;
  for (p = s; *p != '\0'; p++) {
    if (*p == '\\' && p[1] != '\0') {
      p++;
      *o++ = *p == 'n' || *p == 'N' ? ' ' : *p;
    } else {
      *o++ = *p;
    }
  }
  while (o > s && is_blank(o[-1]))
    o--;
  *o = '\0';
  for (p = s; is_blank(*p); p++)
    continue;
  memmove(s, p, strlen(p) + 1);
}

static void event_reset(struct event *e, int line)
{
  free(e->summary);
  free(e->source);
  memset(e, 0, sizeof(*e));
  e->line = line;
}

static int event_finish(struct parser *ps, struct event *e)
{
  struct day_kind k = {e->working, e->source};
  long end;
  long d;
  int line;

  if (e->cancelled)
    return 0;
  if (e->repeat_line > 0)
    return fail(ps, e->repeat_line,
                _("repeating events (RRULE, RDATE) are not supported; export "
                  "the holidays of %u as single events"),
                ps->year);
  if (e->start_line == 0)
    return fail(ps, e->line, _("the event has no DTSTART"));
  if (e->summary == NULL || e->summary[0] == '\0')
    return fail(ps, e->line, _("the event has no SUMMARY to name the holiday"));
  end = e->end_line > 0 ? e->end : e->start + (e->days > 0 ? e->days : 1);
  line = e->end_line > 0 ? e->end_line : e->days_line;
  if (end <= e->start)
    return fail(ps, line, _("DTEND is not after DTSTART"));
  if (end - e->start > EVENT_DAYS_MAX)
    return fail(ps, line, _("the event lasts more than %d days"),
                EVENT_DAYS_MAX);
  for (d = e->start; d < end; d++)
    if (add(ps, d, e->summary, e->start_line, &k) != 0)
      return -1;
  return 0;
}

/* A property of the event itself (not of a VALARM inside it). */
static int event_property(struct parser *ps, struct event *e, const char *name,
                          char *value, int line)
{
  int past;

  if (strcasecmp(name, "DTSTART") == 0) {
    if (ical_day(value, &e->start, &past) != 0)
      return fail(ps, line, _("DTSTART \"%.*s\" is not a date YYYYMMDD"),
                  SHOWN_MAX, value);
    e->start_line = line;
  } else if (strcasecmp(name, "DTEND") == 0) {
    if (ical_day(value, &e->end, &past) != 0)
      return fail(ps, line, _("DTEND \"%.*s\" is not a date YYYYMMDD"),
                  SHOWN_MAX, value);
    /* DTEND is exclusive: a time past midnight reaches into its day. */
    e->end += past;
    e->end_line = line;
  } else if (strcasecmp(name, "DURATION") == 0) {
    if (ical_duration(value, &e->days) != 0)
      return fail(ps, line,
                  _("DURATION \"%.*s\" is not whole days (P3D) or weeks "
                    "(P1W); give DTEND instead"),
                  SHOWN_MAX, value);
    e->days_line = line;
  } else if (strcasecmp(name, "SUMMARY") == 0) {
    ical_unescape(value);
    free(e->summary);
    e->summary = strdup(value);
    if (e->summary == NULL)
      return fail(ps, 0, _("out of memory"));
  } else if (strcasecmp(name, "X-TIEPDAN-KIND") == 0) {
    if (strcasecmp(value, "WORKING") != 0 && strcasecmp(value, "OFF") != 0)
      return fail(ps, line,
                  _("X-TIEPDAN-KIND is OFF (a day off) or WORKING (a weekend "
                    "working day), not \"%.*s\""),
                  SHOWN_MAX, value);
    e->working = strcasecmp(value, "WORKING") == 0;
  } else if (strcasecmp(name, "X-TIEPDAN-SOURCE") == 0) {
    ical_unescape(value);
    free(e->source);
    e->source = strdup(value);
    if (e->source == NULL)
      return fail(ps, 0, _("out of memory"));
  } else if (strcasecmp(name, "STATUS") == 0) {
    e->cancelled = strcasecmp(value, "CANCELLED") == 0;
  } else if (strcasecmp(name, "RRULE") == 0 || strcasecmp(name, "RDATE") == 0) {
    e->repeat_line = line;
  }
  return 0;
}

static int ical_property(struct parser *ps, struct event *e, char *s, int line)
{
  char *name;
  char *value;

  if (ical_split(s, &name, &value) != 0)
    return fail(ps, line, _("not an iCalendar line NAME:VALUE"));
  if (strcasecmp(name, "BEGIN") == 0) {
    if (e->line > 0)
      e->depth++;
    else if (strcasecmp(value, "VEVENT") == 0)
      event_reset(e, line);
    return 0;
  }
  if (strcasecmp(name, "END") == 0) {
    if (e->line == 0)
      return 0;
    if (e->depth > 0) {
      e->depth--;
      return 0;
    }
    if (strcasecmp(value, "VEVENT") != 0)
      return fail(ps, line, _("END:%.*s inside an event that is not ended"),
                  SHOWN_MAX, value);
    if (event_finish(ps, e) != 0)
      return -1;
    event_reset(e, 0);
    return 0;
  }
  if (e->line > 0 && e->depth == 0)
    return event_property(ps, e, name, value, line);
  return 0;
}

static int parse_ical(struct parser *ps)
{
  struct linebuf b;
  struct event e;
  int line;
  int r;

  memset(&b, 0, sizeof(b));
  memset(&e, 0, sizeof(e));
  for (;;) {
    r = ical_next(ps, &b, &line);
    if (r <= 0)
      break;
    /* Blank lines are not content lines; some exporters leave them. */
    if (strspn(b.s, " \t") == b.n)
      continue;
    r = ical_property(ps, &e, b.s, line);
    if (r != 0)
      break;
  }
  if (r == 0 && e.line > 0)
    r = fail(ps, e.line, _("the event that begins here has no END:VEVENT"));
  event_reset(&e, 0);
  free(b.s);
  return r;
}

/* The whole file --------------------------------------------------------*/

static int by_date(const void *a, const void *b)
{
  return strcmp(((const struct td_holiday *)a)->date,
                ((const struct td_holiday *)b)->date);
}

/* Whether the first line that is not blank opens a calendar. */
static int is_ical(const char *s, const char *end)
{
  while (s < end && (is_blank(*s) || *s == '\r' || *s == '\n'))
    s++;
  return (size_t)(end - s) >= 15 && strncasecmp(s, "BEGIN:VCALENDAR", 15) == 0;
}

int td_holidays_parse(const char *text, size_t len, const char *file,
                      unsigned year, struct td_holidays *out, char *err,
                      size_t errlen)
{
  struct parser ps;
  int r;

  memset(out, 0, sizeof(*out));
  memset(&ps, 0, sizeof(ps));
  ps.p = text;
  ps.end = text + len;
  ps.file = file;
  ps.year = year;
  ps.out = out;
  ps.err = err;
  ps.errlen = errlen;
  if (errlen > 0)
    err[0] = '\0';
  /* Dates are written with four digits of year. */
  if (year < 1 || year > 9999)
    return fail(&ps, 0, _("%u is not a year this file can hold"), year);
  if (memchr(text, '\0', len) != NULL)
    return fail(&ps, 0, _("this is not a text file"));
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
    ps.p += 3;
  out->ical = is_ical(ps.p, ps.end);
  ps.merge = out->ical;
  r = out->ical ? parse_ical(&ps) : parse_csv(&ps);
  if (r != 0)
    return -1;
  if (out->n == 0)
    return fail(&ps, 0,
                _("no holidays found; a CSV file has lines like "
                  "2026-09-02,Qu\xe1\xbb\x91"
                  "c kh\xc3\xa1nh, an iCalendar file VEVENTs"));
  qsort(out->v, out->n, sizeof(out->v[0]), by_date);
  return 0;
}

int td_holidays_read(const char *path, unsigned year, struct td_holidays *out,
                     char *err, size_t errlen)
{
  char *text;
  FILE *f;
  size_t n;
  int r;

  memset(out, 0, sizeof(*out));
  f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(err, errlen, _("cannot read %s: %s"), path,
             errno == ENOENT ? _("no such file") : strerror(errno));
    return -1;
  }
  text = malloc(TD_HOLIDAYS_FILE_MAX + 1);
  if (text == NULL) {
    fclose(f);
    snprintf(err, errlen, _("out of memory"));
    return -1;
  }
  n = fread(text, 1, TD_HOLIDAYS_FILE_MAX + 1, f);
  r = -1;
  if (ferror(f))
    snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
  else if (n > TD_HOLIDAYS_FILE_MAX)
    snprintf(err, errlen,
             _("%s is larger than %u bytes; it is not a list of holidays"),
             path, TD_HOLIDAYS_FILE_MAX);
  else
    r = td_holidays_parse(text, n, path, year, out, err, errlen);
  fclose(f);
  free(text);
  return r;
}

int td_holidays_request(const struct td_holidays *h, unsigned year,
                        struct td_holidays_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__LoadHolidays load = TIEPDAN__LOAD_HOLIDAYS__INIT;
  static const Tiepdan__Holiday item = TIEPDAN__HOLIDAY__INIT;
  size_t i;
  size_t off = 0;
  size_t worked = 0;

  r->env = env;
  r->load = load;
  r->items = calloc(h->n ? h->n : 1, sizeof(*r->items));
  r->ptrs = calloc(h->n ? h->n : 1, sizeof(*r->ptrs));
  if (r->items == NULL || r->ptrs == NULL)
    return -1;
  for (i = 0; i < h->n; i++)
    off += !h->v[i].working;
  /* Days off first, then the working days, each in date order. */
  for (i = 0; i < h->n; i++) {
    size_t at = h->v[i].working ? off + worked++ : i - worked;

    r->items[i] = item;
    r->items[i].date = (char *)h->v[i].date;
    r->items[i].name = h->v[i].name;
    r->items[i].source = h->v[i].source;
    r->ptrs[at] = &r->items[i];
  }
  r->load.has_year = 1;
  r->load.year = year;
  r->load.n_holidays = off;
  r->load.holidays = r->ptrs;
  r->load.n_working_days = worked;
  r->load.working_days = r->ptrs + off;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS;
  r->env.load_holidays = &r->load;
  return 0;
}

void td_holidays_request_free(struct td_holidays_req *r)
{
  free(r->items);
  free(r->ptrs);
  r->items = NULL;
  r->ptrs = NULL;
}
