/* The report's paragraphs, in Vietnamese and English; see report.h. */
#include "render/report_int.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "common/utf8.h"
#include "render/format.h"
#include "render/terms.h"
#include "wire.h"

#define NUM 40             /* Room for any count or percentage, with its NUL. */
#define NAME_MAX_BYTES 256 /* Room for the name of a kind. */
#define TITLE_MAX_BYTES 1024 /* Room for the title of a session. */
#define RATE_MAX 1e6

/* Numbers -----------------------------------------------------------------*/

/* Buffers for the numbers of one sentence, used in turn. */
struct nums {
  char buf[12][NUM];
  size_t next;
  enum td_report_lang lang;
};

static char *next_buf(struct nums *x)
{
  char *b;

  b = x->buf[x->next % 12];
  x->next++;
  return b;
}

/* A count, or "-" when the server did not send it. */
static const char *num(struct nums *x, int has, uint64_t n)
{
  char *b;

  b = next_buf(x);
  if (!has)
    snprintf(b, NUM, "-");
  else
    td_report_count(b, NUM, x->lang, n);
  return b;
}

/* A percentage, or NULL when there is none. */
static const char *pct(struct nums *x, int has, double rate)
{
  char *b;

  b = next_buf(x);
  return td_report_percent(b, NUM, x->lang, has, rate) == 0 ? b : NULL;
}

#define COUNT(x, row, f) num((x), (row)->has_##f, (row)->f)

/* English plurals: one thing or many. */
static const char *pl(int has, uint64_t n, const char *one, const char *many)
{
  return has && n == 1 ? one : many;
}

#define PL(row, f, one, many) pl((row)->has_##f, (row)->f, one, many)

/* Periods and days ----------------------------------------------------------*/

static const char *const months_en[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* "YYYY-MM" into its year and month; 0, or -1 for anything else. */
static int ym(const char *s, int *y, int *m)
{
  int index;

  if (td_month_index_parse(s, &index) != 0)
    return -1;
  *y = index / 12;
  *m = index % 12 + 1;
  return 0;
}

/* "tháng 7/2025" or "July 2025"; the text as given if it is not a month. */
static void put_month(FILE *f, enum td_report_lang lang, const char *s)
{
  int y;
  int m;

  if (ym(s, &y, &m) != 0)
    td_output_clean(f, s ? s : "?");
  else if (lang == TD_REPORT_VI)
    fprintf(f, "tháng %d/%d", m, y);
  else
    fprintf(f, "%s %d", months_en[m - 1], y);
}

enum period_shape { ONE_MONTH, WHOLE_YEAR, SPAN };

static enum period_shape shape(const struct td_report *r, int *year)
{
  int fy;
  int fm;
  int ty;
  int tm;

  if (ym(r->from, &fy, &fm) != 0 || ym(r->to, &ty, &tm) != 0)
    return SPAN;
  *year = fy;
  if (fy == ty && fm == tm)
    return ONE_MONTH;
  if (fy == ty && fm == 1 && tm == 12)
    return WHOLE_YEAR;
  return SPAN;
}

/*
 * The period, to open a sentence ("Từ tháng 7/2025 đến tháng 6/2026",
 * "Trong năm 2025", "From July 2025 to June 2026") or, without lead, to
 * follow the unit's name ("từ tháng 7/2025 đến tháng 6/2026").
 */
static void put_period(FILE *f, const struct td_report *r, int lead)
{
  int vi;
  int y;

  vi = r->lang == TD_REPORT_VI;
  y = 0;
  if (r->period != NULL) {
    struct td_period days = *r->period;
    char name[96];

    /* "Trong năm 2026 (từ ngày 15/12/2025 đến ngày 14/12/2026)", or the
     * two days alone for a period of days ("Từ ngày 01/7/2025 ..."). */
    days.kind = TD_PERIOD_DAYS;
    if (r->period->kind != TD_PERIOD_DAYS) {
      td_period_name(r->period, vi, name, sizeof(name));
      fprintf(f, "%s%s (", lead ? (vi ? "Trong " : "In ") : "", name);
    }
    td_period_name(&days, vi, name, sizeof(name));
    if (lead && r->period->kind == TD_PERIOD_DAYS)
      name[0] = vi ? 'T' : 'F'; /* "từ ..." and "from ..." open a sentence. */
    fputs(name, f);
    if (r->period->kind != TD_PERIOD_DAYS)
      fputc(')', f);
    return;
  }
  switch (shape(r, &y)) {
  case ONE_MONTH:
    if (lead)
      fputs(vi ? "Trong " : "In ", f);
    put_month(f, r->lang, r->from);
    return;
  case WHOLE_YEAR:
    if (lead)
      fprintf(f, vi ? "Trong năm %d" : "In %d", y);
    else
      fprintf(f, vi ? "năm %d" : "%d", y);
    return;
  default:
    fputs(vi ? (lead ? "Từ " : "từ ") : (lead ? "From " : ""), f);
    put_month(f, r->lang, r->from);
    fputs(vi ? " đến " : " to ", f);
    put_month(f, r->lang, r->to);
  }
}

/* "YYYY-MM-DD" as "15/4/2026" or "15 April 2026". */
static void put_day(FILE *f, enum td_report_lang lang, const char *s)
{
  td_day day;
  int y;
  int m;
  int d;

  if (td_day_parse(s, &day) != 0) {
    td_output_clean(f, s);
    return;
  }
  td_day_to_ymd(day, &y, &m, &d);
  if (lang == TD_REPORT_VI)
    fprintf(f, "%02d/%d/%d", d, m, y);
  else
    fprintf(f, "%d %s %d", d, months_en[m - 1], y);
}

/* Units -------------------------------------------------------------------*/

/* In running Vietnamese text the level is written in lower case: "xã Bình
 * Lư", "tỉnh Lai Châu". */
static const char *const levels[][2] = {
    {"Xã ", "xã "},
    {"Phường ", "phường "},
    {"Thị trấn ", "thị trấn "},
    {"Thị xã ", "thị xã "},
    {"Đặc khu ", "đặc khu "},
    {"Huyện ", "huyện "},
    {"Quận ", "quận "},
    {"Thành phố ", "thành phố "},
    {"Tỉnh ", "tỉnh "},
};

static int unit_known(const struct td_report *r)
{
  return (r->unit_name != NULL && r->unit_name[0] != '\0') ||
         (r->unit_code != NULL && r->unit_code[0] != '\0');
}

/* The unit as a sentence names it; returns 0 when it is not known. */
static int put_unit(FILE *f, const struct td_report *r)
{
  const char *name;
  size_t i;
  size_t n;

  name = r->unit_name;
  if (name != NULL && name[0] != '\0') {
    for (i = 0; r->lang == TD_REPORT_VI && i < sizeof(levels) / sizeof(*levels);
         i++) {
      n = strlen(levels[i][0]);
      if (strncmp(name, levels[i][0], n) == 0) {
        fputs(levels[i][1], f);
        name += n;
        break;
      }
    }
    td_output_clean(f, name);
    return 1;
  }
  if (r->unit_code != NULL && r->unit_code[0] != '\0') {
    fputs(r->lang == TD_REPORT_VI ? "đơn vị " : "unit ", f);
    td_output_clean(f, r->unit_code);
    return 1;
  }
  return 0;
}

/* "Xã Bình Lư (03390), từ tháng 7/2025 đến tháng 6/2026"; the Front's:
 * "Ủy ban MTTQ Việt Nam xã Bình Lư (03390), từ ...". */
static void put_subtitle(FILE *f, const struct td_report *r)
{
  int named;

  named = r->unit_name != NULL && r->unit_name[0] != '\0';
  if (r->front_report) {
    fputs(r->lang == TD_REPORT_VI ? "Ủy ban MTTQ Việt Nam "
                                  : "Fatherland Front committee of ",
          f);
    if (named)
      put_unit(f, r);
    else if (r->unit_code == NULL || r->unit_code[0] == '\0')
      fputs(r->lang == TD_REPORT_VI ? "đơn vị" : "the unit", f);
  } else if (named)
    td_output_clean(f, r->unit_name);
  if (r->unit_code != NULL && r->unit_code[0] != '\0') {
    fputs(named ? " (" : (r->lang == TD_REPORT_VI ? "Đơn vị " : "Unit "), f);
    td_output_clean(f, r->unit_code);
    fputs(named ? ")" : "", f);
    named = 1;
  }
  if (named)
    fputs(", ", f);
  put_period(f, r, !named);
}

void td_report__subtitle(const struct td_report *r, char *buf, size_t len)
{
  FILE *f;
  char *s;
  size_t n;

  s = NULL;
  f = open_memstream(&s, &n);
  if (f != NULL) {
    put_subtitle(f, r);
    if (fclose(f) != 0) {
      free(s);
      s = NULL;
    }
  }
  snprintf(buf, len, "%s", s ? s : "");
  free(s);
}

/* Lines -------------------------------------------------------------------*/

struct line {
  FILE *f;
  char *buf;
  size_t len;
};

static int line_begin(struct line *l)
{
  l->buf = NULL;
  l->len = 0;
  l->f = open_memstream(&l->buf, &l->len);
  return l->f != NULL ? 0 : -1;
}

/* Ends the line and adds it to t; frees it if that fails. */
static int line_end(struct td_report_text *t, enum td_report_line_kind kind,
                    struct line *l)
{
  struct td_report_line *grown;
  int bad;

  bad = ferror(l->f);
  if (fclose(l->f) != 0 || bad || l->buf == NULL) {
    free(l->buf);
    return -1;
  }
  grown = realloc(t->lines, (t->n + 1) * sizeof(*grown));
  if (grown == NULL) {
    free(l->buf);
    return -1;
  }
  t->lines = grown;
  t->lines[t->n].kind = kind;
  t->lines[t->n].text = l->buf;
  t->n++;
  return 0;
}

/* Adds a line written by put(f, r, arg). */
typedef void (*put_fn)(FILE *f, const struct td_report *r, const void *arg);

static int add(struct td_report_text *t, enum td_report_line_kind kind,
               put_fn put, const struct td_report *r, const void *arg)
{
  struct line l;

  if (line_begin(&l) != 0)
    return -1;
  put(l.f, r, arg);
  return line_end(t, kind, &l);
}

static void put_string(FILE *f, const struct td_report *r, const void *s)
{
  (void)r;
  fputs(s, f);
}

static void put_subtitle_line(FILE *f, const struct td_report *r,
                              const void *arg)
{
  (void)arg;
  put_subtitle(f, r);
}

static void put_as_of(FILE *f, const struct td_report *r, const void *arg)
{
  (void)arg;
  fputs(r->lang == TD_REPORT_VI ? "Số liệu tính đến ngày " : "Figures as of ",
        f);
  put_day(f, r->lang, r->total->today);
  fputs(r->lang == TD_REPORT_VI
            ? " (đơn đang giải quyết, quá hạn tính theo ngày này)."
            : " (open and overdue petitions as they stand that day).",
        f);
}

/* 1. Petitions --------------------------------------------------------------*/

/* Every open petition of the area as of the server's day, whatever the day
 * it came in; NULL from a server that sends none (or without that day):
 * then the period's own open figures are written as before. */
static const Tiepdan__StatRow *open_now(const struct td_report *r)
{
  if (r->total->open_now == NULL || r->total->today == NULL)
    return NULL;
  return r->total->open_now;
}

static void vi_received(FILE *f, const struct td_report *r,
                        const Tiepdan__StatRow *t)
{
  struct nums x = {.lang = TD_REPORT_VI};
  const Tiepdan__StatRow *o = open_now(r);
  const char *p;

  put_period(f, r, 1);
  fputs(", ", f);
  if (put_unit(f, r))
    fputc(' ', f);
  fprintf(f, "đã tiếp nhận %s đơn, đã giải quyết %s đơn",
          COUNT(&x, t, received), COUNT(&x, t, resolved));
  p = pct(&x, t->has_rate_resolved, t->rate_resolved);
  if (p != NULL)
    fprintf(f, ", đạt %s", p);
  fprintf(f, "; trong đó giải quyết trong hạn %s đơn",
          COUNT(&x, t, resolved_on_time));
  p = pct(&x, t->has_rate_on_time, t->rate_on_time);
  if (p != NULL)
    fprintf(f, " (%s)", p);
  fprintf(f, ", giải quyết quá hạn %s đơn. ", COUNT(&x, t, resolved_late));
  if (o != NULL) {
    /* Every open petition today, whatever the day it was received: an
     * overdue one from an earlier year is still to be resolved. */
    fputs("Tính đến ngày ", f);
    put_day(f, r->lang, r->total->today);
    fprintf(f,
            ", hiện còn %s đơn đang giải quyết trong thời hạn, %s đơn quá "
            "hạn chưa giải quyết (mọi đơn đang mở, kể cả đơn tiếp nhận "
            "trước kỳ); trong kỳ có %s đơn công dân xin rút, %s đơn không "
            "thụ lý, %s đơn chuyển cơ quan có thẩm quyền.",
            COUNT(&x, o, open_within_deadline), COUNT(&x, o, open_overdue),
            COUNT(&x, t, withdrawn), COUNT(&x, t, not_accepted),
            COUNT(&x, t, transferred));
    return;
  }
  fprintf(f,
          "Hiện còn %s đơn đang giải quyết trong thời hạn, %s đơn quá hạn "
          "chưa giải quyết; %s đơn công dân xin rút, %s đơn không thụ lý, "
          "%s đơn chuyển cơ quan có thẩm quyền.",
          COUNT(&x, t, open_within_deadline), COUNT(&x, t, open_overdue),
          COUNT(&x, t, withdrawn), COUNT(&x, t, not_accepted),
          COUNT(&x, t, transferred));
}

static void en_received(FILE *f, const struct td_report *r,
                        const Tiepdan__StatRow *t)
{
  struct nums x = {.lang = TD_REPORT_EN};
  const Tiepdan__StatRow *o = open_now(r);
  const char *p;

  put_period(f, r, 1);
  fputs(", ", f);
  if (!put_unit(f, r))
    fputs("the unit", f);
  fprintf(f, " received %s %s; %s %s resolved", COUNT(&x, t, received),
          PL(t, received, "petition", "petitions"), COUNT(&x, t, resolved),
          PL(t, resolved, "was", "were"));
  p = pct(&x, t->has_rate_resolved, t->rate_resolved);
  if (p != NULL)
    fprintf(f, " (%s)", p);
  fprintf(f, ", of which %s within the deadline",
          COUNT(&x, t, resolved_on_time));
  p = pct(&x, t->has_rate_on_time, t->rate_on_time);
  if (p != NULL)
    fprintf(f, " (%s)", p);
  fprintf(f, " and %s late. ", COUNT(&x, t, resolved_late));
  if (o != NULL) {
    fputs("As of ", f);
    put_day(f, r->lang, r->total->today);
    fprintf(f,
            ", %s %s still being handled within the deadline and %s %s "
            "overdue (every open petition, including those received before "
            "the period); in the period %s %s withdrawn by the citizen, %s "
            "not accepted and %s transferred to the competent agency.",
            COUNT(&x, o, open_within_deadline),
            PL(o, open_within_deadline, "is", "are"),
            COUNT(&x, o, open_overdue), PL(o, open_overdue, "is", "are"),
            COUNT(&x, t, withdrawn), PL(t, withdrawn, "was", "were"),
            COUNT(&x, t, not_accepted), COUNT(&x, t, transferred));
    return;
  }
  fprintf(f,
          "%s %s still being handled within the deadline and %s %s overdue; "
          "%s %s withdrawn by the citizen, %s not accepted and %s "
          "transferred to the competent agency.",
          COUNT(&x, t, open_within_deadline),
          PL(t, open_within_deadline, "is", "are"), COUNT(&x, t, open_overdue),
          PL(t, open_overdue, "is", "are"), COUNT(&x, t, withdrawn),
          PL(t, withdrawn, "was", "were"), COUNT(&x, t, not_accepted),
          COUNT(&x, t, transferred));
}

static void put_received(FILE *f, const struct td_report *r, const void *arg)
{
  if (r->lang == TD_REPORT_VI)
    vi_received(f, r, arg);
  else
    en_received(f, r, arg);
}

/* In the order of the Trà Sơn report: "02 đơn hoà giải thành, 01 đơn hoà
 * giải không thành; 05 đơn trả lời văn bản". */
static void put_outcomes(FILE *f, const struct td_report *r, const void *arg)
{
  const Tiepdan__StatRow *t = arg;
  struct nums x = {.lang = r->lang};

  if (r->lang == TD_REPORT_VI)
    fprintf(f,
            "Kết quả giải quyết: hòa giải thành %s đơn, hòa giải không thành "
            "%s đơn, trả lời bằng văn bản %s đơn, ban hành quyết định giải "
            "quyết %s đơn.",
            COUNT(&x, t, mediated_successfully), COUNT(&x, t, mediation_failed),
            COUNT(&x, t, answered_in_writing), COUNT(&x, t, decision_issued));
  else
    fprintf(f,
            "Outcomes: %s mediated successfully, %s failed mediation, %s "
            "answered in writing, %s settled by a decision.",
            COUNT(&x, t, mediated_successfully), COUNT(&x, t, mediation_failed),
            COUNT(&x, t, answered_in_writing), COUNT(&x, t, decision_issued));
}

static void put_groups(FILE *f, const struct td_report *r, const void *arg)
{
  const Tiepdan__StatRow *t = arg;
  struct nums x = {.lang = r->lang};

  if (r->lang == TD_REPORT_VI)
    fprintf(f,
            "Đơn của đoàn đông người (từ 05 người cùng đứng đơn trở lên): %s "
            "đơn.",
            COUNT(&x, t, group_petitions));
  else
    fprintf(f, "Group petitions (five or more signatories): %s.",
            COUNT(&x, t, group_petitions));
}

/*
 * Kinds in running text take the names the server's terms give them, with
 * the grammar of the sentence: in Vietnamese in lower case after the count
 * and the noun "đơn", which a name that starts with it does not repeat
 * ("08 đơn khiếu nại", "08 đơn yêu cầu"); in English in lower case, with
 * a plural ("8 complaints").
 */

/* English nouns that have no plural of their own, counted in pieces. */
static const char *const uncountable[] = {"feedback"};

/* The lower-case letter of a Vietnamese capital, or 0 for any other code
 * point: À-Ý; Ă Đ Ĩ Ũ Ơ Ư; and Ạ-Ỹ, where each capital is even and its
 * small letter the next code point. */
static uint32_t lower_of(uint32_t cp)
{
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xdd && cp != 0xd7))
    return cp + 0x20;
  if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 || cp == 0x1a0 ||
      cp == 0x1af || (cp >= 0x1ea0 && cp <= 0x1ef8 && cp % 2 == 0))
    return cp + 1;
  return 0;
}

/* name with its first letter in lower case, as running text has it
 * ("Khiếu nại" in "08 đơn khiếu nại"); the rest stays, capitals of
 * abbreviations (MTTQ) too. Cut to len bytes. */
static void lowered(const char *name, char *buf, size_t len)
{
  char first[4];
  uint32_t cp;
  int n;
  int k;

  n = td_utf8_decode(name, strnlen(name, 4), &cp);
  k = n > 0 && lower_of(cp) != 0 ? td_utf8_encode(lower_of(cp), first) : 0;
  if (k > 0)
    snprintf(buf, len, "%.*s%s", k, first, name + n);
  else
    snprintf(buf, len, "%s", name);
}

/* "08 đơn khiếu nại": the noun of a petition once, also before a name
 * that starts with it ("Đơn yêu cầu"). */
static void put_kind_vi(FILE *f, const char *count, const char *name)
{
  static const char noun[] = "đơn ";
  char low[NAME_MAX_BYTES];

  lowered(name, low, sizeof(low));
  fprintf(f, "%s ", count);
  if (strncmp(low, noun, sizeof(noun) - 1) != 0)
    fputs(noun, f);
  td_output_clean(f, low);
}

/* "8 complaints", "1 piece of feedback". */
static void put_kind_en(FILE *f, const char *count, int has, uint64_t n,
                        const char *name)
{
  char low[NAME_MAX_BYTES];
  size_t i;

  lowered(name, low, sizeof(low));
  fprintf(f, "%s ", count);
  for (i = 0; i < sizeof(uncountable) / sizeof(*uncountable); i++) {
    if (strcmp(low, uncountable[i]) == 0) {
      fprintf(f, "%s%s", pl(has, n, "piece of ", "pieces of "), low);
      return;
    }
  }
  td_output_clean(f, low);
  fputs(pl(has, n, "", "s"), f);
}

static void put_kind(FILE *f, const struct td_report *r, struct nums *x,
                     const Tiepdan__StatRow *row, const char *name)
{
  int has;
  uint64_t n;

  /* A kind the server did not name had no petition. */
  has = row == NULL || row->has_received;
  n = row != NULL ? row->received : 0;
  if (r->lang == TD_REPORT_VI)
    put_kind_vi(f, num(x, has, n), name);
  else
    put_kind_en(f, num(x, has, n), has, n, name);
}

static void put_kinds(FILE *f, const struct td_report *r, const void *arg)
{
  const Tiepdan__StatsReply *k = arg;
  struct nums x = {.lang = r->lang};
  const Tiepdan__StatRow *row;
  const Tiepdan__Term *kind;
  const char *code;
  size_t nkinds;
  size_t shown;
  size_t i;

  fputs(r->lang == TD_REPORT_VI ? "Theo loại đơn: " : "By kind: ", f);
  nkinds = td_terms_count(r->hello, TD_TERMS_KIND);
  shown = nkinds;
  for (i = 0; i < nkinds; i++) {
    kind = td_terms_at(r->hello, TD_TERMS_KIND, i);
    if (i > 0)
      fputs(", ", f);
    put_kind(f, r, &x, td_report__row(k, kind->code),
             td_terms_name(kind, r->lang == TD_REPORT_EN));
  }
  /* A kind the server's terms do not name. */
  for (i = 0; i < k->n_rows; i++) {
    row = k->rows[i];
    code = row->n_keys > 0 ? row->keys[0] : NULL;
    if (code == NULL || code[0] == '\0' ||
        td_terms_find(r->hello, TD_TERMS_KIND, code) != NULL)
      continue;
    if (shown > 0)
      fputs(", ", f);
    shown++;
    if (r->lang == TD_REPORT_VI) {
      fprintf(f, "%s đơn loại ", num(&x, row->has_received, row->received));
      td_output_clean(f, code);
    } else {
      fprintf(f, "%s of kind ", num(&x, row->has_received, row->received));
      td_output_clean(f, code);
    }
  }
  fputc('.', f);
}

/* 2. Sessions ---------------------------------------------------------------*/

/* The figures of one kind of session; all zero when none was held. */
struct sess {
  int has[5];
  uint64_t v[5]; /* sessions, attendees, opinions, on the spot, forwarded */
};

static void sess_of(const struct td_report *r, int type, struct sess *s)
{
  const Tiepdan__SessionStat *x;
  size_t i;

  x = td_report__sessions(r->total, type);
  for (i = 0; i < 5; i++) {
    s->has[i] = 1;
    s->v[i] = 0;
  }
  if (x == NULL)
    return;
  s->has[0] = x->has_sessions;
  s->v[0] = x->sessions;
  s->has[1] = x->has_attendees;
  s->v[1] = x->attendees;
  s->has[2] = x->has_opinions;
  s->v[2] = x->opinions;
  s->has[3] = x->has_resolved_on_spot;
  s->v[3] = x->resolved_on_spot;
  s->has[4] = x->has_forwarded;
  s->v[4] = x->forwarded;
}

#define S(x, s, i) num((x), (s)->has[i], (s)->v[i])

/* "Tổ chức 08 cuộc tiếp công dân (0 định kỳ, 08 thường xuyên), tiếp 12
 * lượt công dân." */
static void put_reception(FILE *f, const struct td_report *r, const void *arg)
{
  struct nums x = {.lang = r->lang};
  struct sess reg;
  struct sess per;
  int has_all;
  uint64_t n;
  uint64_t people;
  int vi;

  (void)arg;
  vi = r->lang == TD_REPORT_VI;
  sess_of(r, TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION, &reg);
  sess_of(r, TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION, &per);
  has_all = reg.has[0] && per.has[0];
  n = reg.v[0] + per.v[0];
  if (has_all && n == 0) {
    fputs(vi ? "Không tổ chức cuộc tiếp công dân nào."
             : "No citizen reception session was held.",
          f);
    return;
  }
  if (vi)
    fprintf(f, "Tổ chức %s cuộc tiếp công dân (%s định kỳ, %s thường xuyên)",
            num(&x, has_all, n), S(&x, &per, 0), S(&x, &reg, 0));
  else
    fprintf(f, "%s citizen reception %s held (%s periodic, %s regular)",
            num(&x, has_all, n), pl(has_all, n, "session was", "sessions were"),
            S(&x, &per, 0), S(&x, &reg, 0));
  people = reg.v[1] + per.v[1];
  if (reg.has[1] && per.has[1] && people > 0)
    fprintf(f, vi ? ", tiếp %s lượt công dân" : ", receiving %s %s",
            num(&x, 1, people), pl(1, people, "citizen", "citizens"));
  fputc('.', f);
}

/* What a kind of meeting is called, and whether it is the Front's. */
struct meeting {
  int type;
  const char *vi;        /* "hội nghị đối thoại" */
  const char *vi_people; /* Who attends: "người", "cử tri". */
  const char *en_one;
  const char *en_many;
  int front; /* The Front's: how many, each by its title. */
};

static const struct meeting meetings[] = {
    {TIEPDAN__SESSION_TYPE__DIALOGUE, "hội nghị đối thoại", "người",
     "dialogue conference", "dialogue conferences", 0},
    {TIEPDAN__SESSION_TYPE__VOTERS_MEETING, "hội nghị tiếp xúc cử tri",
     "cử tri", "voters' meeting", "voters' meetings", 0},
    {TIEPDAN__SESSION_TYPE__SUPERVISION, "cuộc giám sát", "người",
     "supervision", "supervisions", 1},
    {TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM, "cuộc phản biện xã hội", "người",
     "social criticism session", "social criticism sessions", 1},
};

static const struct meeting *meeting_of(int type)
{
  size_t i;

  for (i = 0; i < sizeof(meetings) / sizeof(*meetings); i++)
    if (meetings[i].type == type)
      return &meetings[i];
  return &meetings[0];
}

/* Sessions of one type that share a title and a theme. */
struct group {
  const char *title; /* NULL or "": untitled. */
  const char *theme;
  uint64_t n;
  uint64_t people;
  uint64_t opinions;
};

static int same(const char *a, const char *b)
{
  return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/*
 * The sessions of type grouped by title and theme, in the order they were
 * first held, into *out (malloc'd): their number, or 0 when they are not
 * to be told one by one: the sessions are unknown, they are not all there
 * (the statistics count expected of them), or they all share one title.
 */
static size_t groups_of(const struct td_report *r, const struct meeting *m,
                        int has_expected, uint64_t expected, struct group **out)
{
  const Tiepdan__Session **v;
  const Tiepdan__Session *s;
  struct group *g;
  size_t nv;
  size_t ng;
  size_t listed;
  size_t i;
  size_t k;
  int bad;

  *out = NULL;
  bad = 0;
  v = td_report__sessions_sorted(r, m->front, &nv, &bad);
  g = nv > 0 ? calloc(nv, sizeof(*g)) : NULL;
  ng = 0;
  listed = 0;
  for (i = 0; g != NULL && i < nv; i++) {
    s = v[i];
    if (!s->has_type || (int)s->type != m->type)
      continue;
    listed++;
    for (k = 0; k < ng; k++)
      if (same(g[k].title, s->title) && same(g[k].theme, s->theme))
        break;
    if (k == ng) {
      g[k].title = s->title;
      g[k].theme = s->theme;
      ng++;
    }
    g[k].n++;
    g[k].people += s->has_attendees ? s->attendees : 0;
    g[k].opinions += s->has_opinions ? s->opinions : 0;
  }
  free(v);
  /* Told one by one only when every session the figures count is there
   * and their titles differ. */
  if (g == NULL || ng < 2 || !has_expected || listed != expected) {
    free(g);
    return 0;
  }
  *out = g;
  return ng;
}

/* "02 hội nghị đối thoại tại Kà Tinh (114 người, 10 ý kiến)". */
static void put_group(FILE *f, const struct td_report *r, struct nums *x,
                      const struct meeting *m, const struct group *g)
{
  char low[TITLE_MAX_BYTES];
  int titled;
  int themed;
  int figures;
  int vi;

  vi = r->lang == TD_REPORT_VI;
  titled = g->title != NULL && g->title[0] != '\0';
  themed = g->theme != NULL && g->theme[0] != '\0';
  figures = !m->front || g->people > 0 || g->opinions > 0;
  fprintf(f, "%s ", num(x, 1, g->n));
  if (titled && vi) {
    lowered(g->title, low, sizeof(low));
    td_output_clean(f, low);
  } else if (titled) {
    fputc('"', f);
    td_output_clean(f, g->title);
    fputc('"', f);
  } else
    fputs(vi ? m->vi : pl(1, g->n, m->en_one, m->en_many), f);
  if (!themed && !figures)
    return;
  fputs(" (", f);
  if (themed) {
    fputs(vi ? "chủ đề: " : "theme: ", f);
    td_output_clean(f, g->theme);
    if (figures)
      fputs("; ", f);
  }
  if (figures && vi)
    fprintf(f, "%s %s, %s ý kiến", num(x, 1, g->people), m->vi_people,
            num(x, 1, g->opinions));
  else if (figures)
    fprintf(f, "%s %s, %s %s", num(x, 1, g->people),
            pl(1, g->people, "attendee", "attendees"), num(x, 1, g->opinions),
            pl(1, g->opinions, "opinion", "opinions"));
  fputc(')', f);
}

/* ": A, B và C" */
static void put_groups_list(FILE *f, const struct td_report *r, struct nums *x,
                            const struct meeting *m, const struct group *g,
                            size_t n)
{
  size_t i;

  fputs(": ", f);
  for (i = 0; i < n; i++) {
    if (i > 0)
      fputs(i + 1 < n ? ", " : (r->lang == TD_REPORT_VI ? " và " : " and "), f);
    put_group(f, r, x, m, &g[i]);
  }
}

/*
 * "Tổ chức 03 hội nghị đối thoại, 370 lượt người tham dự, 84 ý kiến, giải
 * quyết tại chỗ 81 ý kiến, chuyển 03 ý kiến đến cơ quan có thẩm quyền."
 * When their titles differ, each title with its figures first: "Tổ chức 03
 * hội nghị đối thoại: 02 hội nghị đối thoại tại Kà Tinh (114 người, 10 ý
 * kiến) và 01 đối thoại với thanh niên (51 người, 04 ý kiến); tổng cộng
 * ...". The Front's supervisions and social criticisms: how many, and each
 * title.
 */
static void put_meetings(FILE *f, const struct td_report *r, int type)
{
  const struct meeting *m;
  struct nums x = {.lang = r->lang};
  struct group *g;
  struct sess s;
  size_t ng;

  m = meeting_of(type);
  sess_of(r, type, &s);
  if (s.has[0] && s.v[0] == 0) {
    if (r->lang == TD_REPORT_VI)
      fprintf(f, "Không tổ chức %s nào.", m->vi);
    else
      fprintf(f, "No %s was held.", m->en_one);
    return;
  }
  ng = groups_of(r, m, s.has[0], s.v[0], &g);
  if (r->lang == TD_REPORT_VI) {
    fprintf(f, "Tổ chức %s %s", S(&x, &s, 0), m->vi);
    if (ng > 0)
      put_groups_list(f, r, &x, m, g, ng);
    if (!m->front)
      fprintf(f,
              "%s %s lượt %s tham dự, %s ý kiến, giải quyết tại chỗ %s ý "
              "kiến, chuyển %s ý kiến đến cơ quan có thẩm quyền",
              ng > 0 ? "; tổng cộng" : ",", S(&x, &s, 1), m->vi_people,
              S(&x, &s, 2), S(&x, &s, 3), S(&x, &s, 4));
  } else {
    fprintf(f, "%s %s %s", S(&x, &s, 0),
            pl(s.has[0], s.v[0], m->en_one, m->en_many),
            pl(s.has[0], s.v[0], "was held", "were held"));
    if (ng > 0)
      put_groups_list(f, r, &x, m, g, ng);
    if (!m->front)
      fprintf(f,
              "%s%s %s, %s %s, %s resolved on the spot, %s forwarded to the "
              "competent agencies",
              ng > 0 ? "; in all " : ": ", S(&x, &s, 1),
              pl(s.has[1], s.v[1], "attendee", "attendees"), S(&x, &s, 2),
              pl(s.has[2], s.v[2], "opinion", "opinions"), S(&x, &s, 3),
              S(&x, &s, 4));
  }
  fputc('.', f);
  free(g);
}

static void put_dialogues(FILE *f, const struct td_report *r, const void *arg)
{
  (void)arg;
  put_meetings(f, r, TIEPDAN__SESSION_TYPE__DIALOGUE);
}

static void put_voters(FILE *f, const struct td_report *r, const void *arg)
{
  (void)arg;
  put_meetings(f, r, TIEPDAN__SESSION_TYPE__VOTERS_MEETING);
}

static void put_supervisions(FILE *f, const struct td_report *r,
                             const void *arg)
{
  (void)arg;
  put_meetings(f, r, TIEPDAN__SESSION_TYPE__SUPERVISION);
}

static void put_criticisms(FILE *f, const struct td_report *r, const void *arg)
{
  (void)arg;
  put_meetings(f, r, TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM);
}

/* 3. The Front --------------------------------------------------------------*/

/* "; 01 kiến nghị không thụ lý" when there is any. */
static void put_extra(FILE *f, struct nums *x, int has, uint64_t n,
                      const char *vi, const char *en)
{
  if (!has || n == 0)
    return;
  if (x->lang == TD_REPORT_VI)
    fprintf(f, "; %s kiến nghị %s", num(x, has, n), vi);
  else
    fprintf(f, "; %s %s", num(x, has, n), en);
}

/* "Ủy ban MTTQ Việt Nam xã Bình Lư". */
static void put_front_committee(FILE *f, const struct td_report *r)
{
  fputs("Ủy ban MTTQ Việt Nam", f);
  if (unit_known(r)) {
    fputc(' ', f);
    put_unit(f, r);
  }
}

/* "the Fatherland Front committee of Xã Bình Lư". */
static void put_front_committee_en(FILE *f, const struct td_report *r)
{
  fputs("the Fatherland Front committee of ", f);
  if (!put_unit(f, r))
    fputs("the unit", f);
}

/*
 * In the commune's report, the Front's recommendations beside the
 * citizens' petitions: "Ngoài ra, Ủy ban MTTQ Việt Nam xã Bình Lư chuyển
 * đến 59 kiến nghị qua giám sát, phản biện xã hội (không tính vào số đơn
 * trên)."; with include_front, that the figures include them.
 */
static void put_front_apart(FILE *f, const struct td_report *r, const void *arg)
{
  const Tiepdan__StatRow *t = arg;
  struct nums x = {.lang = r->lang};
  int none;

  none = t->has_received && t->received == 0;
  if (r->lang == TD_REPORT_VI) {
    if (none) {
      fputs("Trong kỳ, ", f);
      put_front_committee(f, r);
      fputs(" không chuyển đến kiến nghị nào qua giám sát, phản biện xã hội.",
            f);
    } else if (r->include_front) {
      fprintf(f, "Số đơn trên bao gồm %s kiến nghị do ",
              COUNT(&x, t, received));
      put_front_committee(f, r);
      fputs(" chuyển đến qua giám sát, phản biện xã hội.", f);
    } else {
      fputs("Ngoài ra, ", f);
      put_front_committee(f, r);
      fprintf(f,
              " chuyển đến %s kiến nghị qua giám sát, phản biện xã hội "
              "(không tính vào số đơn trên).",
              COUNT(&x, t, received));
    }
    return;
  }
  if (none) {
    fputs("In the period ", f);
    put_front_committee_en(f, r);
    fputs(" forwarded no recommendation from its supervision and social "
          "criticism.",
          f);
  } else if (r->include_front) {
    fprintf(f, "The figures above include the %s %s forwarded by ",
            COUNT(&x, t, received),
            PL(t, received, "recommendation", "recommendations"));
    put_front_committee_en(f, r);
    fputs(" from its supervision and social criticism.", f);
  } else {
    fputs("In addition, ", f);
    put_front_committee_en(f, r);
    fprintf(f,
            " forwarded %s %s from its supervision and social criticism "
            "(not counted in the figures above).",
            COUNT(&x, t, received),
            PL(t, received, "recommendation", "recommendations"));
  }
}

/*
 * "Ủy ban MTTQ Việt Nam xã Bình Lư chuyển 59 kiến nghị qua giám sát, phản
 * biện xã hội, 84,7% được tiếp thu, trả lời, giải quyết (50 kiến nghị); 03
 * kiến nghị đang giải quyết trong thời hạn, 02 kiến nghị quá hạn chưa giải
 * quyết."
 */
static void vi_front(FILE *f, const struct td_report *r,
                     const Tiepdan__StatRow *t)
{
  struct nums x = {.lang = TD_REPORT_VI};
  const char *p;

  if (t->has_received && t->received == 0) {
    fputs("Trong kỳ không có kiến nghị nào của ", f);
    put_front_committee(f, r);
    fputs(" chuyển đến qua giám sát, phản biện xã hội.", f);
    return;
  }
  put_front_committee(f, r);
  fprintf(f, " chuyển %s kiến nghị qua giám sát, phản biện xã hội",
          COUNT(&x, t, received));
  p = pct(&x, t->has_rate_resolved, t->rate_resolved);
  if (p != NULL)
    fprintf(f, ", %s được tiếp thu, trả lời, giải quyết (%s kiến nghị)", p,
            COUNT(&x, t, resolved));
  else
    fprintf(f, ", %s kiến nghị được tiếp thu, trả lời, giải quyết",
            COUNT(&x, t, resolved));
  fprintf(f,
          "; %s kiến nghị đang giải quyết trong thời hạn, %s kiến nghị quá "
          "hạn chưa giải quyết",
          COUNT(&x, t, open_within_deadline), COUNT(&x, t, open_overdue));
  put_extra(f, &x, t->has_not_accepted, t->not_accepted, "không thụ lý", "");
  put_extra(f, &x, t->has_transferred, t->transferred,
            "chuyển cơ quan có thẩm quyền", "");
  put_extra(f, &x, t->has_withdrawn, t->withdrawn, "đã rút", "");
  fputc('.', f);
}

static void en_front(FILE *f, const struct td_report *r,
                     const Tiepdan__StatRow *t)
{
  struct nums x = {.lang = TD_REPORT_EN};
  const char *p;

  fputs("The Fatherland Front committee of ", f);
  if (!put_unit(f, r))
    fputs("the unit", f);
  if (t->has_received && t->received == 0) {
    fputs(" forwarded no recommendation from its supervision and social "
          "criticism in the period.",
          f);
    return;
  }
  fprintf(f, " forwarded %s %s from its supervision and social criticism",
          COUNT(&x, t, received),
          PL(t, received, "recommendation", "recommendations"));
  p = pct(&x, t->has_rate_resolved, t->rate_resolved);
  if (p != NULL)
    fprintf(f, "; %s were accepted, answered and resolved (%s %s)", p,
            COUNT(&x, t, resolved),
            PL(t, resolved, "recommendation", "recommendations"));
  else
    fprintf(f, "; %s %s accepted, answered and resolved",
            COUNT(&x, t, resolved), PL(t, resolved, "was", "were"));
  fprintf(f, "; %s %s being handled within the deadline and %s %s overdue",
          COUNT(&x, t, open_within_deadline),
          PL(t, open_within_deadline, "is", "are"), COUNT(&x, t, open_overdue),
          PL(t, open_overdue, "is", "are"));
  put_extra(f, &x, t->has_not_accepted, t->not_accepted, "", "not accepted");
  put_extra(f, &x, t->has_transferred, t->transferred, "",
            "transferred to the competent agency");
  put_extra(f, &x, t->has_withdrawn, t->withdrawn, "", "withdrawn");
  fputc('.', f);
}

static void put_front(FILE *f, const struct td_report *r, const void *arg)
{
  if (r->lang == TD_REPORT_VI)
    vi_front(f, r, arg);
  else
    en_front(f, r, arg);
}

/* How the rate is counted, with its numbers. */
static void put_rate_defined(FILE *f, const struct td_report *r,
                             const void *arg)
{
  const Tiepdan__StatRow *t = arg;
  struct nums x = {.lang = r->lang};

  if (r->lang == TD_REPORT_VI)
    fprintf(f,
            "Tỷ lệ được tiếp thu, trả lời, giải quyết là số kiến nghị đã "
            "giải quyết, kể cả trả lời bằng văn bản (%s), trên số kiến nghị "
            "chuyển đến trong kỳ (%s).",
            COUNT(&x, t, resolved), COUNT(&x, t, received));
  else
    fprintf(f,
            "The rate accepted, answered and resolved is the recommendations "
            "resolved, answered in writing included (%s), over those "
            "forwarded in the period (%s).",
            COUNT(&x, t, resolved), COUNT(&x, t, received));
}

/* The petitions behind the figures ------------------------------------------*/

struct figure_arg {
  int fig;
  uint64_t n;
};

/* "Đã tiếp thu, trả lời, giải quyết (50 kiến nghị):" */
static void put_figure_head(FILE *f, const struct td_report *r, const void *arg)
{
  const struct figure_arg *a = arg;
  struct nums x = {.lang = r->lang};

  fprintf(f, "%s (%s %s):", td_report__figure_name(a->fig, r->lang),
          num(&x, 1, a->n),
          r->lang == TD_REPORT_VI
              ? "kiến nghị"
              : pl(1, a->n, "recommendation", "recommendations"));
}

/* "- BL-2026-000012, 15/07/2025: Sửa đường bản Nà Phát (Đã giải quyết)";
 * an open one with its deadline. */
static void put_item(FILE *f, const struct td_report *r, const void *arg)
{
  const Tiepdan__Petition *p = arg;
  const char *status;
  char day[TD_DAY_LEN];
  int vi;

  vi = r->lang == TD_REPORT_VI;
  fputs("- ", f);
  td_output_clean(f, p->receipt_no != NULL ? p->receipt_no : "?");
  if (p->has_received_at) {
    fputs(", ", f);
    td_report__day(day, sizeof(day), 1, p->received_at);
    put_day(f, r->lang, day);
  }
  fputs(": ", f);
  td_output_clean(f, p->summary != NULL ? p->summary : "");
  status = p->has_status ? td_status_name(p->status) : NULL;
  if (status == NULL)
    return;
  fputs(" (", f);
  td_output_clean(f, td_report__name(r, TD_TERMS_STATUS, status) != NULL
                         ? td_report__name(r, TD_TERMS_STATUS, status)
                         : status);
  if (p->deadline != NULL && p->deadline[0] != '\0' &&
      (td_report__figure(p) == TD_FIG_OPEN ||
       td_report__figure(p) == TD_FIG_OVERDUE)) {
    fputs(vi ? ", hạn " : ", due ", f);
    put_day(f, r->lang, p->deadline);
  }
  fputc(')', f);
}

static void put_list_differs(FILE *f, const struct td_report *r,
                             const void *arg)
{
  const uint64_t *n = arg;
  struct nums x = {.lang = r->lang};

  if (r->lang == TD_REPORT_VI)
    fprintf(f,
            "Lưu ý: danh sách có %s kiến nghị, số liệu thống kê là %s kiến "
            "nghị.",
            num(&x, 1, n[0]), num(&x, 1, n[1]));
  else
    fprintf(f,
            "Note: the list holds %s recommendations where the statistics "
            "count %s.",
            num(&x, 1, n[0]), num(&x, 1, n[1]));
}

/* Each figure with the recommendations it counts, one item each. */
static int add_front_list(const struct td_report *r, struct td_report_text *t,
                          const Tiepdan__StatRow *total)
{
  const Tiepdan__Petition **v;
  struct figure_arg a;
  uint64_t n[2];
  size_t nv;
  size_t i;
  int bad;

  bad = 0;
  v = td_report__front_sorted(r, &nv, &bad);
  if (bad)
    return -1;
  if (total->has_received && total->received != nv) {
    n[0] = nv;
    n[1] = total->received;
    bad |= add(t, TD_REPORT_PARAGRAPH, put_list_differs, r, n);
  }
  for (a.fig = 0; a.fig < TD_FIG_N; a.fig++) {
    a.n = 0;
    for (i = 0; i < nv; i++)
      a.n += (int)td_report__figure(v[i]) == a.fig;
    if (a.n == 0)
      continue;
    bad |= add(t, TD_REPORT_PARAGRAPH, put_figure_head, r, &a);
    for (i = 0; i < nv; i++)
      if ((int)td_report__figure(v[i]) == a.fig)
        bad |= add(t, TD_REPORT_ITEM, put_item, r, v[i]);
  }
  free(v);
  return bad ? -1 : 0;
}

/* The whole text ------------------------------------------------------------*/

static const char *const headings[2][2] = {
    {"1. Tiếp nhận, giải quyết đơn thư",
     "2. Tiếp công dân, đối thoại, tiếp xúc cử tri"},
    {"1. Petitions received and how they stand",
     "2. Citizen reception, dialogue conferences and voters' meetings"},
};

static const char *const front_headings[2][3] = {
    {"1. Giám sát, phản biện xã hội",
     "2. Kiến nghị sau giám sát, phản biện xã hội và kết quả giải quyết",
     "3. Các kiến nghị theo từng số liệu"},
    {"1. Supervision and social criticism",
     "2. Recommendations forwarded and how they stand",
     "3. The recommendations behind each figure"},
};

static const Tiepdan__StatRow blank_row = TIEPDAN__STAT_ROW__INIT;

/* The Front's recommendations: by status, or else the total of a report
 * that counted only them. */
static const Tiepdan__StatRow *front_row(const struct td_report *r)
{
  if (r->front != NULL && r->front->total != NULL)
    return r->front->total;
  if (r->front_report && r->total != NULL && r->total->total != NULL)
    return r->total->total;
  return &blank_row;
}

static int front_text_make(const struct td_report *r, struct td_report_text *t)
{
  const char *const *h;
  const Tiepdan__StatRow *row;
  int bad;

  h = front_headings[r->lang == TD_REPORT_VI ? 0 : 1];
  row = front_row(r);
  bad = add(t, TD_REPORT_TITLE, put_string, r, td_report__title_of(r));
  bad |= add(t, TD_REPORT_TITLE, put_subtitle_line, r, NULL);
  if (r->total != NULL && r->total->today != NULL)
    bad |= add(t, TD_REPORT_PARAGRAPH, put_as_of, r, NULL);
  bad |= add(t, TD_REPORT_HEADING, put_string, r, h[0]);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_supervisions, r, NULL);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_criticisms, r, NULL);
  bad |= add(t, TD_REPORT_HEADING, put_string, r, h[1]);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_front, r, row);
  if (row->has_received && row->received > 0)
    bad |= add(t, TD_REPORT_PARAGRAPH, put_rate_defined, r, row);
  if (r->has_front_petitions) {
    bad |= add(t, TD_REPORT_HEADING, put_string, r, h[2]);
    bad |= add_front_list(r, t, row);
  }
  return bad ? -1 : 0;
}

int td_report_text_make(const struct td_report *r, struct td_report_text *t)
{
  const Tiepdan__StatRow *total;
  const char *const *h;
  int bad;

  t->lines = NULL;
  t->n = 0;
  if (r->front_report)
    return front_text_make(r, t);
  h = headings[r->lang == TD_REPORT_VI ? 0 : 1];
  /* Without a total every figure is unknown, and shows as "-". */
  total = r->total != NULL && r->total->total != NULL ? r->total->total
                                                      : &blank_row;
  bad = add(t, TD_REPORT_TITLE, put_string, r, td_report__title_of(r));
  bad |= add(t, TD_REPORT_TITLE, put_subtitle_line, r, NULL);
  if (r->total != NULL && r->total->today != NULL)
    bad |= add(t, TD_REPORT_PARAGRAPH, put_as_of, r, NULL);
  bad |= add(t, TD_REPORT_HEADING, put_string, r, h[0]);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_received, r, total);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_outcomes, r, total);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_groups, r, total);
  if (r->by_kind != NULL)
    bad |= add(t, TD_REPORT_PARAGRAPH, put_kinds, r, r->by_kind);
  if (r->front != NULL)
    bad |= add(t, TD_REPORT_PARAGRAPH, put_front_apart, r, front_row(r));
  bad |= add(t, TD_REPORT_HEADING, put_string, r, h[1]);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_reception, r, NULL);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_dialogues, r, NULL);
  bad |= add(t, TD_REPORT_PARAGRAPH, put_voters, r, NULL);
  return bad ? -1 : 0;
}

void td_report_text_free(struct td_report_text *t)
{
  size_t i;

  for (i = 0; i < t->n; i++)
    free(t->lines[i].text);
  free(t->lines);
  t->lines = NULL;
  t->n = 0;
}

int td_report_print(FILE *f, const struct td_report *r)
{
  struct td_report_text t;
  size_t i;
  int res;

  res = td_report_text_make(r, &t);
  for (i = 0; res == 0 && i < t.n; i++) {
    /* A blank line after the title block and before each heading. */
    if (i > 0 &&
        (t.lines[i].kind == TD_REPORT_HEADING ||
         t.lines[i - 1].kind == TD_REPORT_TITLE) &&
        t.lines[i].kind != TD_REPORT_TITLE)
      fputc('\n', f);
    fputs(t.lines[i].text, f);
    fputc('\n', f);
  }
  td_report_text_free(&t);
  if (res != 0 || ferror(f))
    return -1;
  return 0;
}
