/* Statistics in three formats; see output.h. */
#include "render/output.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/datetime.h"
#include "render/format.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "lang/lang.h"
#include "render/terms.h"
#include "wire.h"

#define GAP 2   /* Spaces between table columns. */
#define CELL 24 /* Room for any number a cell shows, with its NUL. */
/* A rate past this is nonsense that would not fit a cell; shown as none. */
#define RATE_MAX 1e6

static const char *const dim_names[] = {
    NULL,     "unit",  "kind",    "channel", "field",
    "status", "month", "quarter", "year",
};

/* The table's headings, in the officer's language (translated at use). */
static const char *const dim_heads[] = {
    NULL,         N_("UNIT"),  N_("KIND"),    N_("CHANNEL"), N_("FIELD"),
    N_("STATUS"), N_("MONTH"), N_("QUARTER"), N_("YEAR"),
};

/* The vocabulary of the server's terms that names a dimension's keys;
 * NULL for those shown as they come (units, months). */
static const char *const dim_terms[] = {
    NULL,           NULL,
    TD_TERMS_KIND,  TD_TERMS_CHANNEL,
    TD_TERMS_FIELD, TD_TERMS_STATUS,
    NULL,           NULL,
    NULL,
};

#define N_DIMS (sizeof(dim_names) / sizeof(dim_names[0]))

const char *td_output_stat_dim_name(int dim)
{
  if (dim <= 0 || (size_t)dim >= N_DIMS)
    return NULL;
  return dim_names[dim];
}

/* A dimension this build does not know still gets a column. */
static const char *dim_name(int dim)
{
  return dim > 0 && (size_t)dim < N_DIMS ? dim_names[dim] : "unknown";
}

static const char *dim_head(int dim)
{
  return dim > 0 && (size_t)dim < N_DIMS ? _(dim_heads[dim]) : "?";
}

/*
 * A count of a StatRow, by where its has_ flag and its value are: the
 * tables below say once which field is which, for every format.
 */
struct count {
  const char *name; /* The wire name, for csv and json. */
  size_t has;
  size_t val;
};

#define COUNT(field)                                                           \
  .name = #field, .has = offsetof(Tiepdan__StatRow, has_##field),              \
  .val = offsetof(Tiepdan__StatRow, field)

/* Every count, in the order of the wire schema. */
static const struct count counts[] = {
    {COUNT(received)},
    {COUNT(accepted)},
    {COUNT(not_accepted)},
    {COUNT(transferred)},
    {COUNT(resolved)},
    {COUNT(answered_in_writing)},
    {COUNT(mediated_successfully)},
    {COUNT(mediation_failed)},
    {COUNT(decision_issued)},
    {COUNT(withdrawn)},
    {COUNT(resolved_on_time)},
    {COUNT(resolved_late)},
    {COUNT(open_within_deadline)},
    {COUNT(open_overdue)},
    {COUNT(group_petitions)},
};

#define N_COUNTS (sizeof(counts) / sizeof(counts[0]))

/* The table's counts, in its order; the outcomes are left to csv and
 * json, which have room. */
static const struct {
  const char *head;
  struct count count;
} table_counts[] = {
    {N_("RECEIVED"), {COUNT(received)}},
    {N_("ACCEPTED"), {COUNT(accepted)}},
    {N_("NOT_ACC"), {COUNT(not_accepted)}},
    {N_("TRANSF"), {COUNT(transferred)}},
    {N_("RESOLVED"), {COUNT(resolved)}},
    {N_("ON_TIME"), {COUNT(resolved_on_time)}},
    {N_("LATE"), {COUNT(resolved_late)}},
    {N_("OPEN"), {COUNT(open_within_deadline)}},
    {N_("OVERDUE"), {COUNT(open_overdue)}},
    {N_("WITHDR"), {COUNT(withdrawn)}},
    {N_("GROUP"), {COUNT(group_petitions)}},
};

#define N_TABLE_COUNTS (sizeof(table_counts) / sizeof(table_counts[0]))

static const char *const rate_names[] = {"rate_resolved", "rate_on_time"};
static const char *const rate_heads[] = {N_("%RESOLVED"), N_("%ON_TIME")};

#define N_RATES 2
#define N_MEASURE_COLS (N_TABLE_COUNTS + N_RATES)

/* The count c of row; returns whether the server sent it. */
static int get_count(const Tiepdan__StatRow *row, const struct count *c,
                     uint64_t *n)
{
  protobuf_c_boolean has;

  memcpy(&has, (const char *)row + c->has, sizeof(has));
  memcpy(n, (const char *)row + c->val, sizeof(*n));
  return has;
}

/*
 * A rate in thousandths, the precision the table shows: as a percentage
 * with one decimal, "98.2", or, for csv and json, as the fraction the wire
 * carries, "0.982"; a dot whatever the locale. NULL when the server left
 * the rate out or sent no number.
 */
static const char *rate_text(const Tiepdan__StatRow *row, int i, int percent,
                             char buf[CELL])
{
  uint64_t milli;
  double rate;
  int has;

  has = i == 0 ? row->has_rate_resolved : row->has_rate_on_time;
  rate = i == 0 ? row->rate_resolved : row->rate_on_time;
  /* Written so that NaN fails too. */
  if (!has || !(rate >= 0.0 && rate <= RATE_MAX))
    return NULL;
  milli = (uint64_t)(rate * 1000.0 + 0.5);
  if (percent)
    snprintf(buf, CELL, "%" PRIu64 ".%" PRIu64, milli / 10, milli % 10);
  else
    snprintf(buf, CELL, "%" PRIu64 ".%03" PRIu64, milli / 1000, milli % 1000);
  return buf;
}

static const char *count_text(int has, uint64_t n, char buf[CELL])
{
  snprintf(buf, CELL, "%" PRIu64, n);
  return has ? buf : NULL;
}

/* Key k of row; NULL when the server sent fewer keys than dimensions. */
static const char *key_of(const Tiepdan__StatRow *row, size_t k)
{
  return k < row->n_keys ? row->keys[k] : NULL;
}

/* Key k of row as the table shows it: a kind, channel, field or status by
 * its name in the server's terms, in the officer's language. */
static const char *key_name(const Tiepdan__StatsReply *r,
                            const Tiepdan__StatRow *row, size_t k,
                            const Tiepdan__HelloReply *terms)
{
  const Tiepdan__Term *t;
  const char *key;
  int dim;

  key = key_of(row, k);
  dim = k < r->n_group_by ? r->group_by[k] : 0;
  if (key == NULL || dim <= 0 || (size_t)dim >= N_DIMS || !dim_terms[dim])
    return key;
  t = td_terms_find(terms, dim_terms[dim], key);
  return t != NULL ? td_terms_name(t, td_lang_current() == TD_LANG_EN) : key;
}

/* Tables -----------------------------------------------------------------*/

/*
 * Cells in rows, the first row heading the columns; the first nleft
 * columns are text, aligned left, the others numbers, aligned right.
 */
struct grid {
  const char **cells;
  size_t ncols;
  size_t nrows;
  size_t nleft;
};

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

static void put_grid_row(FILE *f, const struct grid *g, const char **cell,
                         const size_t *w)
{
  size_t c;
  size_t n;

  for (c = 0; c < g->ncols; c++) {
    if (c > 0)
      pad(f, GAP);
    n = td_utf8_width(cell[c]);
    if (c >= g->nleft)
      pad(f, w[c] - n);
    td_output_clean(f, cell[c]);
    if (c < g->nleft && c + 1 < g->ncols)
      pad(f, w[c] - n);
  }
  fputc('\n', f);
}

static int put_grid(FILE *f, const struct grid *g)
{
  size_t *w;
  size_t n;
  size_t c;
  size_t i;

  w = calloc(g->ncols, sizeof(*w));
  if (w == NULL)
    return -1;
  for (i = 0; i < g->nrows; i++)
    for (c = 0; c < g->ncols; c++) {
      n = td_utf8_width(g->cells[i * g->ncols + c]);
      w[c] = n > w[c] ? n : w[c];
    }
  for (i = 0; i < g->nrows; i++)
    put_grid_row(f, g, &g->cells[i * g->ncols], w);
  free(w);
  return 0;
}

/* The numbers of one table row. */
struct measure_text {
  char num[N_MEASURE_COLS][CELL];
};

static void fill_measures(const char **cell, struct measure_text *x,
                          const Tiepdan__StatRow *row)
{
  const char *s;
  uint64_t n;
  size_t i;
  int has;

  for (i = 0; i < N_TABLE_COUNTS; i++) {
    has = get_count(row, &table_counts[i].count, &n);
    s = count_text(has, n, x->num[i]);
    cell[i] = s ? s : "-";
  }
  for (i = 0; i < N_RATES; i++) {
    s = rate_text(row, (int)i, 1, x->num[N_TABLE_COUNTS + i]);
    cell[N_TABLE_COUNTS + i] = s ? s : "-";
  }
}

/*
 * One column per dimension, or, without dimensions, one with no heading
 * for the word TOTAL; rows only with dimensions, as without them a row
 * is the total again.
 */
static int put_rows_table(FILE *f, const Tiepdan__StatsReply *r,
                          const Tiepdan__HelloReply *terms)
{
  struct measure_text *text;
  const Tiepdan__StatRow *row;
  const char *key;
  struct grid g;
  size_t nrows;
  size_t nkeys;
  size_t i;
  size_t k;
  int res;

  nkeys = r->n_group_by > 0 ? r->n_group_by : 1;
  nrows = r->n_group_by > 0 ? r->n_rows : 0;
  g.ncols = nkeys + N_MEASURE_COLS;
  g.nrows = 1 + nrows + (r->total != NULL);
  g.nleft = nkeys;
  g.cells = calloc(g.nrows * g.ncols, sizeof(*g.cells));
  text = calloc(g.nrows, sizeof(*text));
  res = -1;
  if (g.cells != NULL && text != NULL) {
    for (k = 0; k < nkeys; k++)
      g.cells[k] = r->n_group_by > 0 ? dim_head(r->group_by[k]) : "";
    for (i = 0; i < N_TABLE_COUNTS; i++)
      g.cells[nkeys + i] = _(table_counts[i].head);
    for (i = 0; i < N_RATES; i++)
      g.cells[nkeys + N_TABLE_COUNTS + i] = _(rate_heads[i]);
    for (i = 1; i < g.nrows; i++) {
      row = i <= nrows ? r->rows[i - 1] : r->total;
      for (k = 0; k < nkeys; k++) {
        key = i <= nrows ? key_name(r, row, k, terms)
              : k == 0   ? _("TOTAL")
                         : "";
        g.cells[i * g.ncols + k] = key ? key : "";
      }
      fill_measures(&g.cells[i * g.ncols + nkeys], &text[i], row);
    }
    res = put_grid(f, &g);
  }
  free(g.cells);
  free(text);
  return res;
}

enum { S_TYPE, S_SESSIONS, S_ATTENDEES, S_OPINIONS, S_SPOT, S_FORWARDED, S_N };

static const char *const session_heads[S_N] = {
    N_("TYPE"),     N_("SESSIONS"),    N_("ATTENDEES"),
    N_("OPINIONS"), N_("ON_THE_SPOT"), N_("FORWARDED"),
};

struct session_text {
  char num[S_N][CELL];
};

static const char *session_type(const Tiepdan__SessionStat *s)
{
  return s->has_type ? td_session_type_name(s->type) : NULL;
}

/* A session type's name from the server's terms, in the officer's
 * language; its code when the server names it not. */
static const char *session_type_name(const Tiepdan__SessionStat *s,
                                     const Tiepdan__HelloReply *terms)
{
  const Tiepdan__Term *t;
  const char *code;

  code = session_type(s);
  t = td_terms_find(terms, TD_TERMS_SESSION_TYPE, code);
  return t != NULL ? td_terms_name(t, td_lang_current() == TD_LANG_EN) : code;
}

static void fill_session(const char **cell, struct session_text *x,
                         const Tiepdan__SessionStat *s,
                         const Tiepdan__HelloReply *terms)
{
  const char *v[S_N];
  size_t i;

  v[S_TYPE] = session_type_name(s, terms);
  v[S_SESSIONS] = count_text(s->has_sessions, s->sessions, x->num[S_SESSIONS]);
  v[S_ATTENDEES] =
      count_text(s->has_attendees, s->attendees, x->num[S_ATTENDEES]);
  v[S_OPINIONS] = count_text(s->has_opinions, s->opinions, x->num[S_OPINIONS]);
  v[S_SPOT] =
      count_text(s->has_resolved_on_spot, s->resolved_on_spot, x->num[S_SPOT]);
  v[S_FORWARDED] =
      count_text(s->has_forwarded, s->forwarded, x->num[S_FORWARDED]);
  for (i = 0; i < S_N; i++)
    cell[i] = v[i] ? v[i] : "-";
}

static int put_sessions_table(FILE *f, const Tiepdan__StatsReply *r,
                              const Tiepdan__HelloReply *terms)
{
  struct session_text *text;
  struct grid g;
  size_t i;
  int res;

  g.ncols = S_N;
  g.nrows = 1 + r->n_sessions;
  g.nleft = 1;
  g.cells = calloc(g.nrows * g.ncols, sizeof(*g.cells));
  text = calloc(g.nrows, sizeof(*text));
  res = -1;
  if (g.cells != NULL && text != NULL) {
    for (i = 0; i < S_N; i++)
      g.cells[i] = _(session_heads[i]);
    for (i = 0; i < r->n_sessions; i++)
      fill_session(&g.cells[(i + 1) * S_N], &text[i + 1], r->sessions[i],
                   terms);
    res = put_grid(f, &g);
  }
  free(g.cells);
  free(text);
  return res;
}

/* The server's day "YYYY-MM-DD" as printable ASCII, cut to fit day. */
static const char *plain_day(const char *s, char day[CELL])
{
  size_t i;

  for (i = 0; s[i] != '\0' && i + 1 < CELL; i++)
    day[i] = s[i] > 0x20 && s[i] < 0x7f ? s[i] : '?';
  day[i] = '\0';
  return day;
}

/* Every open petition of the area as of today, whatever the period above
 * (the rows count only those received in it); nothing from an older server
 * that does not send it. */
static void put_open_now_line(FILE *f, const Tiepdan__StatsReply *r,
                              const char *day)
{
  const Tiepdan__StatRow *o = r->open_now;
  char within[CELL];
  char overdue[CELL];
  char soon[CELL];

  if (o == NULL)
    return;
  /* The server sends all three; an absent one is shown as 0. */
  fprintf(f,
          _("As of %s, every open petition whatever the day it came in: %s "
            "within the deadline, %s overdue, %s of them due within %d "
            "days\n"),
          day, count_text(1, o->open_within_deadline, within),
          count_text(1, o->open_overdue, overdue),
          count_text(1, o->open_due_soon, soon), TD_STATS_SOON_DAYS);
}

static int put_stats_table(FILE *f, const Tiepdan__StatsReply *r,
                           const Tiepdan__HelloReply *terms)
{
  char day[CELL];
  char shown[TD_DATETIME_MAX];

  if (put_rows_table(f, r, terms) != 0)
    return -1;
  if (r->n_sessions > 0) {
    fputc('\n', f);
    if (put_sessions_table(f, r, terms) != 0)
      return -1;
  }
  fputc('\n', f);
  /* The day as the officer writes it: 10/12/2026 in Vietnamese. */
  if (r->today != NULL)
    td_datetime_day_shown(plain_day(r->today, day), shown);
  fprintf(f,
          _("OPEN and OVERDUE above: received in the period, as they stand on "
            "%s\n"),
          r->today ? shown : _("today"));
  put_open_now_line(f, r, r->today ? shown : _("today"));
  return 0;
}

/* csv --------------------------------------------------------------------*/

/* The measures of row, after keys if it has any, to the end of the line. */
static void put_csv_measures(FILE *f, const Tiepdan__StatRow *row, int keys)
{
  char buf[CELL];
  uint64_t n;
  size_t i;
  int has;

  for (i = 0; i < N_COUNTS; i++) {
    if (keys || i > 0)
      fputc(',', f);
    has = get_count(row, &counts[i], &n);
    td_output_csv_field(f, count_text(has, n, buf));
  }
  for (i = 0; i < N_RATES; i++) {
    fputc(',', f);
    td_output_csv_field(f, rate_text(row, (int)i, 0, buf));
  }
  fputs("\r\n", f);
}

/* Keys first: a row's own, or TOTAL in each. Without dimensions there are
 * no keys, and the total is the only row. */
static void put_csv_row(FILE *f, const Tiepdan__StatsReply *r,
                        const Tiepdan__StatRow *row, int total)
{
  size_t k;

  for (k = 0; k < r->n_group_by; k++) {
    if (k > 0)
      fputc(',', f);
    td_output_csv_field(f, total ? "TOTAL" : key_of(row, k));
  }
  put_csv_measures(f, row, r->n_group_by > 0);
}

static void put_stats_csv(FILE *f, const Tiepdan__StatsReply *r)
{
  size_t i;

  for (i = 0; i < r->n_group_by; i++) {
    if (i > 0)
      fputc(',', f);
    td_output_csv_field(f, dim_name(r->group_by[i]));
  }
  for (i = 0; i < N_COUNTS; i++) {
    if (i > 0 || r->n_group_by > 0)
      fputc(',', f);
    td_output_csv_field(f, counts[i].name);
  }
  for (i = 0; i < N_RATES; i++) {
    fputc(',', f);
    td_output_csv_field(f, rate_names[i]);
  }
  fputs("\r\n", f);
  for (i = 0; r->n_group_by > 0 && i < r->n_rows; i++)
    put_csv_row(f, r, r->rows[i], 0);
  if (r->total != NULL)
    put_csv_row(f, r, r->total, 1);
}

/* json -------------------------------------------------------------------*/

static void put_json_name(FILE *f, const char *name)
{
  td_output_json_string(f, name);
  fputc(':', f);
}

/* Writes s, or null when s is NULL, as a json number. */
static void put_json_number(FILE *f, const char *s)
{
  fputs(s ? s : "null", f);
}

/* The measures as members; after others when more is set. */
static void put_json_measures(FILE *f, const Tiepdan__StatRow *row, int more)
{
  char buf[CELL];
  uint64_t n;
  size_t i;
  int has;

  for (i = 0; i < N_COUNTS; i++) {
    if (more || i > 0)
      fputc(',', f);
    put_json_name(f, counts[i].name);
    has = get_count(row, &counts[i], &n);
    put_json_number(f, count_text(has, n, buf));
  }
  for (i = 0; i < N_RATES; i++) {
    fputc(',', f);
    put_json_name(f, rate_names[i]);
    put_json_number(f, rate_text(row, (int)i, 0, buf));
  }
}

static void put_json_row(FILE *f, const Tiepdan__StatsReply *r,
                         const Tiepdan__StatRow *row)
{
  size_t k;

  fputs("{\"keys\":{", f);
  for (k = 0; k < r->n_group_by; k++) {
    if (k > 0)
      fputc(',', f);
    put_json_name(f, dim_name(r->group_by[k]));
    td_output_json_string(f, key_of(row, k));
  }
  fputc('}', f);
  put_json_measures(f, row, 1);
  fputc('}', f);
}

/* The total is a row without keys. */
static void put_json_total(FILE *f, const Tiepdan__StatRow *row)
{
  if (row == NULL) {
    fputs("null", f);
    return;
  }
  fputc('{', f);
  put_json_measures(f, row, 0);
  fputc('}', f);
}

static void put_json_open_now(FILE *f, const Tiepdan__StatRow *o)
{
  char buf[CELL];

  put_json_name(f, "open_within_deadline");
  put_json_number(
      f, count_text(o->has_open_within_deadline, o->open_within_deadline, buf));
  fputc(',', f);
  put_json_name(f, "open_overdue");
  put_json_number(f, count_text(o->has_open_overdue, o->open_overdue, buf));
  fputc(',', f);
  put_json_name(f, "open_due_soon");
  put_json_number(f, count_text(o->has_open_due_soon, o->open_due_soon, buf));
}

static void put_json_session(FILE *f, const Tiepdan__SessionStat *s)
{
  char buf[CELL];

  fputc('{', f);
  put_json_name(f, "type");
  td_output_json_string(f, session_type(s));
  fputc(',', f);
  put_json_name(f, "sessions");
  put_json_number(f, count_text(s->has_sessions, s->sessions, buf));
  fputc(',', f);
  put_json_name(f, "attendees");
  put_json_number(f, count_text(s->has_attendees, s->attendees, buf));
  fputc(',', f);
  put_json_name(f, "opinions");
  put_json_number(f, count_text(s->has_opinions, s->opinions, buf));
  fputc(',', f);
  put_json_name(f, "resolved_on_spot");
  put_json_number(
      f, count_text(s->has_resolved_on_spot, s->resolved_on_spot, buf));
  fputc(',', f);
  put_json_name(f, "forwarded");
  put_json_number(f, count_text(s->has_forwarded, s->forwarded, buf));
  fputc('}', f);
}

static void put_stats_json(FILE *f, const Tiepdan__StatsReply *r)
{
  size_t i;

  fputc('{', f);
  put_json_name(f, "today");
  td_output_json_string(f, r->today);
  fputs(",\"group_by\":[", f);
  for (i = 0; i < r->n_group_by; i++) {
    if (i > 0)
      fputc(',', f);
    td_output_json_string(f, dim_name(r->group_by[i]));
  }
  fputs("],\"rows\":[", f);
  for (i = 0; i < r->n_rows; i++) {
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json_row(f, r, r->rows[i]);
  }
  fputs(r->n_rows > 0 ? "\n],\"total\":" : "],\"total\":", f);
  put_json_total(f, r->total);
  if (r->open_now != NULL) {
    /* Every open petition as of today, whatever the period. */
    fputs(",\"open_now\":{", f);
    put_json_open_now(f, r->open_now);
    fputc('}', f);
  }
  fputs(",\"sessions\":[", f);
  for (i = 0; i < r->n_sessions; i++) {
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json_session(f, r->sessions[i]);
  }
  fputs(r->n_sessions > 0 ? "\n]}\n" : "]}\n", f);
}

int td_output_stats(FILE *f, enum td_format fmt, const Tiepdan__StatsReply *r)
{
  return td_output_stats_in(f, fmt, r, NULL);
}

int td_output_stats_in(FILE *f, enum td_format fmt,
                       const Tiepdan__StatsReply *r,
                       const Tiepdan__HelloReply *terms)
{
  if (fmt == TD_FORMAT_TABLE) {
    if (put_stats_table(f, r, terms) != 0)
      return -1;
  } else if (fmt == TD_FORMAT_CSV) {
    put_stats_csv(f, r);
  } else {
    put_stats_json(f, r);
  }
  return ferror(f) ? -1 : 0;
}
