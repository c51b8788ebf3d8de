/* The citizen-reception book: its lines, and the book for a terminal, as
 * csv and as json; see register.h. */
#include "render/register.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "lang/lang.h"
#include "render/datetime.h"
#include "render/terms.h"
#include "wire.h"

/* A group of five or more signatories is a mass delegation (đoàn đông
 * người), as the reports count group petitions. */
#define GROUP_MIN 5

static const char *const headings[TD_REG_NCOLS] = {
    N_("No."),
    N_("Date received"),
    N_("Full name – Address"),
    N_("ID card / Citizen ID / Passport"),
    N_("Content of the case"),
    N_("Kind of petition / Number of people"),
    N_("Body that has handled it"),
    N_("Accepted for resolution"),
    N_("Returned with guidance"),
    N_("Transferred to the competent body"),
    N_("Follow-up of the result"),
    N_("Notes"),
};

static const char *const wires[TD_REG_NCOLS] = {
    "no",       "received_on", "name_address", "id_number",
    "content",  "kind_people", "earlier_body", "accepted",
    "returned", "transferred", "result",       "notes",
};

const char *td_register_heading(int col)
{
  return col >= 0 && col < TD_REG_NCOLS ? _(headings[col]) : NULL;
}

const char *td_register_wire(int col)
{
  return col >= 0 && col < TD_REG_NCOLS ? wires[col] : NULL;
}

/* Lines ------------------------------------------------------------------*/

static int blank(const char *s)
{
  return s == NULL || s[0] == '\0';
}

/* The server's name of code, or the code when it names none; NULL for no
 * code. */
static const char *named(const Tiepdan__HelloReply *h, const char *vocabulary,
                         const char *code, int english)
{
  const Tiepdan__Term *t;

  if (blank(code))
    return NULL;
  t = td_terms_find(h, vocabulary, code);
  return t != NULL ? td_terms_name(t, english) : code;
}

/* A day as the officer writes it: DD/MM/YYYY in Vietnamese, else ISO. */
static void day_shown(td_day day, char out[TD_DATETIME_MAX])
{
  char iso[TD_DAY_LEN];

  td_day_format(day, iso);
  td_datetime_day_shown(iso, out);
}

/* A cell being written: an in-memory stream, joined parts. */
struct cellbuf {
  char *s;
  size_t len;
  FILE *f;
  int parts;
};

static int cell_open(struct cellbuf *c)
{
  c->s = NULL;
  c->len = 0;
  c->parts = 0;
  c->f = open_memstream(&c->s, &c->len);
  return c->f != NULL ? 0 : -1;
}

/* Adds s after sep when something came before it; nothing for a blank s. */
static void cell_add(struct cellbuf *c, const char *sep, const char *s)
{
  if (blank(s))
    return;
  if (c->parts++ > 0)
    fputs(sep, c->f);
  fputs(s, c->f);
}

/* The cell's string, or NULL if memory ran out. */
static char *cell_close(struct cellbuf *c)
{
  int bad;

  bad = ferror(c->f);
  if (fclose(c->f) != 0 || bad) {
    free(c->s);
    return NULL;
  }
  return c->s;
}

static char *text(const char *s)
{
  return strdup(s != NULL ? s : "");
}

static int status_is(const Tiepdan__Petition *p, Tiepdan__Status s)
{
  return p->has_status && p->status == s;
}

static char *name_cell(const Tiepdan__Petition *p, int redacted)
{
  struct cellbuf c;

  if (redacted)
    return text(_("(kept secret)"));
  if (p->petitioner == NULL)
    return text("");
  if (cell_open(&c) != 0)
    return NULL;
  cell_add(&c, " – ", p->petitioner->name);
  cell_add(&c, " – ", p->petitioner->address);
  return cell_close(&c);
}

static char *kind_cell(const Tiepdan__Petition *p, const Tiepdan__HelloReply *h,
                       int english)
{
  struct cellbuf c;
  char people[64];
  unsigned n;

  /* A petition without a count is one person's. */
  n = p->has_group_size && p->group_size > 0 ? p->group_size : 1;
  snprintf(people, sizeof(people), td_ngettext("%u person", "%u people", n), n);
  if (cell_open(&c) != 0)
    return NULL;
  cell_add(&c, " / ", named(h, TD_TERMS_KIND, p->kind, english));
  cell_add(&c, " / ", people);
  return cell_close(&c);
}

/*
 * The body that handled the matter before: for now only known of a
 * petition another agency transferred in, by its transfer target when one
 * was recorded on it (not the agency it was itself transferred on to), else
 * by the channel's name.
 */
static char *earlier_cell(const Tiepdan__Petition *p,
                          const Tiepdan__HelloReply *h, int english)
{
  if (blank(p->channel) || strcmp(p->channel, "transferred_in") != 0)
    return text("");
  if (!blank(p->transfer_target) && !status_is(p, TIEPDAN__STATUS__TRANSFERRED))
    return text(p->transfer_target);
  return text(named(h, TD_TERMS_CHANNEL, p->channel, english));
}

static char *transfer_cell(const Tiepdan__Petition *p)
{
  if (!status_is(p, TIEPDAN__STATUS__TRANSFERRED))
    return text("");
  return text(blank(p->transfer_target) ? "x" : p->transfer_target);
}

/* The status, the outcome, and the day it closed. */
static char *result_cell(const Tiepdan__Petition *p,
                         const Tiepdan__HelloReply *h, int english)
{
  struct cellbuf c;
  char day[TD_DATETIME_MAX];
  const char *status;

  status = p->has_status ? td_status_name((int)p->status) : NULL;
  if (cell_open(&c) != 0)
    return NULL;
  cell_add(&c, "", named(h, TD_TERMS_STATUS, status, english));
  cell_add(&c, ": ", named(h, TD_TERMS_OUTCOME, p->outcome, english));
  if (p->has_closed_at && p->closed_at > 0) {
    day_shown(td_day_from_unix_vn(p->closed_at), day);
    cell_add(&c, ", ", day);
  }
  return cell_close(&c);
}

static char *note_cell(const Tiepdan__Petition *p)
{
  struct cellbuf c;

  if (cell_open(&c) != 0)
    return NULL;
  cell_add(&c, "; ", p->receipt_no);
  if (p->has_group_size && p->group_size >= GROUP_MIN)
    cell_add(&c, "; ", _("Mass delegation"));
  cell_add(&c, "; ", p->note);
  return cell_close(&c);
}

static void row_free(struct td_register_row *r)
{
  size_t c;

  for (c = 0; c < TD_REG_NCOLS; c++)
    free(r->cell[c]);
}

static int row_make(const Tiepdan__Petition *p, size_t no,
                    const Tiepdan__HelloReply *h, int english,
                    struct td_register_row *r)
{
  char buf[TD_DATETIME_MAX];
  size_t c;

  memset(r, 0, sizeof(*r));
  r->redacted = p->has_redacted && p->redacted;
  r->receipt = p->receipt_no;
  r->id = p->has_id ? p->id : 0;
  r->day = p->has_received_at ? td_day_from_unix_vn(p->received_at) : 0;
  snprintf(buf, sizeof(buf), "%zu", no);
  r->cell[TD_REG_NO] = text(buf);
  buf[0] = '\0';
  if (p->has_received_at)
    day_shown(r->day, buf);
  r->cell[TD_REG_DAY] = text(buf);
  r->cell[TD_REG_NAME] = name_cell(p, r->redacted);
  /* Nothing of a withheld identity, even if a field came. */
  r->cell[TD_REG_ID] =
      text(r->redacted ? _("(kept secret)")
                       : (p->petitioner ? p->petitioner->id_number : NULL));
  r->cell[TD_REG_CONTENT] = text(p->summary);
  r->cell[TD_REG_KIND] = kind_cell(p, h, english);
  r->cell[TD_REG_EARLIER] = earlier_cell(p, h, english);
  r->cell[TD_REG_ACCEPT] =
      text(status_is(p, TIEPDAN__STATUS__ACCEPTED) ||
                   status_is(p, TIEPDAN__STATUS__IN_PROGRESS) ||
                   status_is(p, TIEPDAN__STATUS__RESOLVED)
               ? "x"
               : "");
  r->cell[TD_REG_RETURN] =
      text(status_is(p, TIEPDAN__STATUS__NOT_ACCEPTED) ? "x" : "");
  r->cell[TD_REG_TRANSFER] = transfer_cell(p);
  r->cell[TD_REG_RESULT] = result_cell(p, h, english);
  r->cell[TD_REG_NOTE] = note_cell(p);
  for (c = 0; c < TD_REG_NCOLS; c++)
    if (r->cell[c] == NULL) {
      row_free(r);
      return -1;
    }
  return 0;
}

/* Oldest received first; the same second by id. */
static int by_receipt(const void *a, const void *b)
{
  const Tiepdan__Petition *x = *(const Tiepdan__Petition *const *)a;
  const Tiepdan__Petition *y = *(const Tiepdan__Petition *const *)b;
  int64_t tx = x->has_received_at ? x->received_at : 0;
  int64_t ty = y->has_received_at ? y->received_at : 0;

  if (tx != ty)
    return tx < ty ? -1 : 1;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return 0;
}

int td_register_make(const Tiepdan__Petition *const *p, size_t n,
                     const Tiepdan__HelloReply *hello, int english,
                     struct td_register *out)
{
  const Tiepdan__Petition **order;
  size_t i;

  memset(out, 0, sizeof(*out));
  if (n == 0)
    return 0;
  order = malloc(n * sizeof(*order));
  out->rows = calloc(n, sizeof(*out->rows));
  if (order == NULL || out->rows == NULL)
    goto oom;
  memcpy(order, p, n * sizeof(*order));
  qsort(order, n, sizeof(*order), by_receipt);
  for (i = 0; i < n; i++) {
    if (row_make(order[i], i + 1, hello, english, &out->rows[i]) != 0)
      goto oom;
    out->n = i + 1;
  }
  free(order);
  return 0;

oom:
  free(order);
  td_register_free(out);
  return -1;
}

void td_register_free(struct td_register *r)
{
  size_t i;

  for (i = 0; i < r->n; i++)
    row_free(&r->rows[i]);
  free(r->rows);
  r->rows = NULL;
  r->n = 0;
}

/* The terminal ---------------------------------------------------------*/

/* Columns between cells. */
#define GAP 2

/* How narrow a column may get to fit the terminal, and how wide it gets
 * when there is room: a line of text is cut into lines of this width. */
static const unsigned char min_width[TD_REG_NCOLS] = {3,  10, 14, 12, 20, 12,
                                                      10, 6,  6,  10, 14, 14};
static const unsigned char max_width[TD_REG_NCOLS] = {5,  10, 40, 20, 50, 30,
                                                      30, 12, 12, 30, 40, 40};

/* The columns code point cp takes, as td_utf8_width counts them. */
static size_t cp_width(uint32_t cp)
{
  return cp >= 0x300 && cp <= 0x36F ? 0 : 1;
}

/* Length in bytes of the code point at s (1 for a broken one). */
static size_t cp_len(const char *s, size_t n, uint32_t *cp)
{
  int len = td_utf8_decode(s, n, cp);

  return len > 0 ? (size_t)len : 1;
}

static size_t span_width(const char *s, size_t n)
{
  size_t w = 0;
  size_t i = 0;
  uint32_t cp;

  while (i < n) {
    i += cp_len(s + i, n - i, &cp);
    w += cp_width(cp);
  }
  return w;
}

/* The lines of a wrapped cell. */
struct wrapped {
  char **line;
  size_t n;
  size_t cap;
  int oom;
};

static void add_line(struct wrapped *w, const char *s, size_t len)
{
  char **grown;
  char *copy;

  if (w->oom)
    return;
  if (w->n == w->cap) {
    grown = realloc(w->line, (w->cap ? w->cap * 2 : 4) * sizeof(*grown));
    if (grown == NULL) {
      w->oom = 1;
      return;
    }
    w->line = grown;
    w->cap = w->cap ? w->cap * 2 : 4;
  }
  copy = malloc(len + 1);
  if (copy == NULL) {
    w->oom = 1;
    return;
  }
  memcpy(copy, s, len);
  copy[len] = '\0';
  w->line[w->n++] = copy;
}

static void wrapped_free(struct wrapped *w)
{
  size_t i;

  for (i = 0; i < w->n; i++)
    free(w->line[i]);
  free(w->line);
  memset(w, 0, sizeof(*w));
}

/* Bytes of the longest start of s[0..n) that fits width columns (at least
 * one code point, with the marks that follow it). */
static size_t fit_bytes(const char *s, size_t n, size_t width)
{
  size_t i = 0;
  size_t w = 0;
  size_t len;
  uint32_t cp;

  while (i < n) {
    len = cp_len(s + i, n - i, &cp);
    if (w + cp_width(cp) > width && i > 0)
      break;
    w += cp_width(cp);
    i += len;
  }
  return i;
}

/* One paragraph (no newline) into lines of width columns, word by word;
 * a word longer than a line is cut. */
static void wrap_para(struct wrapped *w, const char *s, size_t n, size_t width)
{
  char *line;
  size_t used = 0; /* Bytes in line. */
  size_t lw = 0;   /* Its width. */
  size_t i = 0;
  size_t start;
  size_t ww;
  size_t cut;

  line = malloc(n + 1);
  if (line == NULL) {
    w->oom = 1;
    return;
  }
  for (;;) {
    while (i < n && s[i] == ' ')
      i++;
    if (i >= n)
      break;
    start = i;
    while (i < n && s[i] != ' ')
      i++;
    ww = span_width(s + start, i - start);
    if (used > 0 && lw + 1 + ww <= width) {
      line[used++] = ' ';
      memcpy(line + used, s + start, i - start);
      used += i - start;
      lw += 1 + ww;
      continue;
    }
    if (used > 0)
      add_line(w, line, used);
    used = 0;
    lw = 0;
    /* A word wider than the column is cut into pieces that fit. */
    while (ww > width) {
      cut = fit_bytes(s + start, i - start, width);
      add_line(w, s + start, cut);
      start += cut;
      ww = span_width(s + start, i - start);
    }
    memcpy(line, s + start, i - start);
    used = i - start;
    lw = ww;
  }
  if (used > 0 || w->n == 0)
    add_line(w, line, used);
  free(line);
}

/* s cut into lines of at most width columns; control characters, which
 * could move a terminal's cursor, are spaces, and a newline starts a line. */
static int wrap(const char *s, size_t width, struct wrapped *w)
{
  char *clean;
  size_t n;
  size_t i;
  size_t start;

  memset(w, 0, sizeof(*w));
  n = strlen(s);
  clean = malloc(n + 1);
  if (clean == NULL)
    return -1;
  for (i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];

    clean[i] = (ch < 0x20 && ch != '\n') || ch == 0x7f ? ' ' : s[i];
  }
  clean[n] = '\0';
  start = 0;
  for (i = 0; i <= n; i++)
    if (i == n || clean[i] == '\n') {
      wrap_para(w, clean + start, i - start, width);
      start = i + 1;
    }
  free(clean);
  if (w->oom) {
    wrapped_free(w);
    return -1;
  }
  return 0;
}

/* The widest line of s (between newlines), in columns. */
static size_t widest_line(const char *s)
{
  size_t best = 0;
  size_t len;
  size_t w;

  for (;;) {
    len = strcspn(s, "\n");
    w = span_width(s, len);
    if (w > best)
      best = w;
    if (s[len] == '\0')
      return best;
    s += len + 1;
  }
}

/* Each column as wide as its content within its bounds; then, to fit a
 * terminal, the wide ones narrowed, the widest first. */
static void widths(const struct td_register *r, int columns,
                   size_t w[TD_REG_NCOLS])
{
  size_t total;
  size_t i;
  size_t c;
  size_t best;

  for (c = 0; c < TD_REG_NCOLS; c++) {
    w[c] = min_width[c];
    for (i = 0; i < r->n; i++)
      if (widest_line(r->rows[i].cell[c]) > w[c])
        w[c] = widest_line(r->rows[i].cell[c]);
    if (w[c] > max_width[c])
      w[c] = max_width[c];
  }
  if (columns <= 0)
    return;
  for (;;) {
    total = GAP * (TD_REG_NCOLS - 1);
    for (c = 0; c < TD_REG_NCOLS; c++)
      total += w[c];
    if (total <= (size_t)columns)
      return;
    best = TD_REG_NCOLS;
    for (c = 0; c < TD_REG_NCOLS; c++)
      if (w[c] > min_width[c] &&
          (best == TD_REG_NCOLS ||
           w[c] - min_width[c] > w[best] - min_width[best]))
        best = c;
    if (best == TD_REG_NCOLS)
      return; /* As narrow as it goes: the terminal wraps the rest. */
    w[best]--;
  }
}

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

/* One line of the table: the cells wrapped, side by side. */
static int put_line(FILE *f, const char *const cell[TD_REG_NCOLS],
                    const size_t w[TD_REG_NCOLS])
{
  struct wrapped lines[TD_REG_NCOLS];
  size_t height = 0;
  size_t k;
  size_t c;
  size_t used;
  size_t last;
  int res = 0;

  memset(lines, 0, sizeof(lines));
  for (c = 0; c < TD_REG_NCOLS; c++) {
    if (wrap(cell[c], w[c], &lines[c]) != 0)
      res = -1;
    if (lines[c].n > height)
      height = lines[c].n;
  }
  for (k = 0; res == 0 && k < height; k++) {
    /* No spaces after the last cell that has something on this line. */
    last = 0;
    for (c = 0; c < TD_REG_NCOLS; c++)
      if (k < lines[c].n && lines[c].line[k][0] != '\0')
        last = c;
    used = 0;
    for (c = 0; c <= last; c++) {
      const char *s = k < lines[c].n ? lines[c].line[k] : "";

      if (c > 0)
        pad(f, GAP);
      fputs(s, f);
      used = td_utf8_width(s);
      if (c < last)
        pad(f, w[c] - used);
    }
    fputc('\n', f);
  }
  for (c = 0; c < TD_REG_NCOLS; c++)
    wrapped_free(&lines[c]);
  return res;
}

static void rule(FILE *f, const size_t w[TD_REG_NCOLS])
{
  size_t total = GAP * (TD_REG_NCOLS - 1);
  size_t c;

  for (c = 0; c < TD_REG_NCOLS; c++)
    total += w[c];
  while (total-- > 0)
    fputc('-', f);
  fputc('\n', f);
}

/* The unit and the period, on two lines, as the book's head says them. */
static void put_head(FILE *f, const struct td_register *r)
{
  char from[TD_DATETIME_MAX];
  char to[TD_DATETIME_MAX];

  fprintf(f, "%s\n", _("CITIZEN RECEPTION BOOK"));
  if (!blank(r->unit_name) && !blank(r->unit_code))
    fprintf(f, "%s (%s)\n", r->unit_name, r->unit_code);
  else if (!blank(r->unit_code))
    fprintf(f, "%s\n", r->unit_code);
  day_shown(r->from, from);
  day_shown(r->to, to);
  fprintf(f, _("From %s to %s"), from, to);
  fputc('\n', f);
}

int td_register_print_table(FILE *f, const struct td_register *r, int columns)
{
  const char *cell[TD_REG_NCOLS];
  size_t w[TD_REG_NCOLS];
  size_t i;
  size_t c;
  int res = 0;

  put_head(f, r);
  fputc('\n', f);
  widths(r, columns, w);
  for (c = 0; c < TD_REG_NCOLS; c++)
    cell[c] = td_register_heading((int)c);
  res = put_line(f, cell, w);
  rule(f, w);
  for (i = 0; res == 0 && i < r->n; i++) {
    for (c = 0; c < TD_REG_NCOLS; c++)
      cell[c] = r->rows[i].cell[c];
    res = put_line(f, cell, w);
  }
  if (r->n > 0)
    rule(f, w);
  if (r->n == 0)
    fprintf(f, "%s\n", _("No petition was received in this period."));
  else
    fprintf(f,
            td_ngettext("%zu petition received in the period.",
                        "%zu petitions received in the period.", r->n),
            r->n);
  if (r->n > 0)
    fputc('\n', f);
  return res != 0 || ferror(f) ? -1 : 0;
}

/* csv and json -----------------------------------------------------------*/

/* The cell as csv and json give it: the day as ISO. */
static const char *plain(const struct td_register_row *row, size_t c,
                         char buf[TD_DAY_LEN])
{
  if (c == TD_REG_DAY && row->cell[c][0] != '\0') {
    td_day_format(row->day, buf);
    return buf;
  }
  return row->cell[c];
}

int td_register_print_csv(FILE *f, const struct td_register *r)
{
  char buf[TD_DAY_LEN];
  size_t i;
  size_t c;

  for (c = 0; c < TD_REG_NCOLS; c++) {
    if (c > 0)
      fputc(',', f);
    td_output_csv_field(f, wires[c]);
  }
  fputs("\r\n", f);
  for (i = 0; i < r->n; i++) {
    for (c = 0; c < TD_REG_NCOLS; c++) {
      if (c > 0)
        fputc(',', f);
      td_output_csv_field(f, plain(&r->rows[i], c, buf));
    }
    fputs("\r\n", f);
  }
  return ferror(f) ? -1 : 0;
}

int td_register_print_json(FILE *f, const struct td_register *r)
{
  char buf[TD_DAY_LEN];
  size_t i;
  size_t c;

  fputs("{\"unit\":{\"code\":", f);
  td_output_json_string(f, r->unit_code);
  fputs(",\"name\":", f);
  td_output_json_string(f, r->unit_name);
  td_day_format(r->from, buf);
  fputs("},\"from\":", f);
  td_output_json_string(f, buf);
  td_day_format(r->to, buf);
  fputs(",\"to\":", f);
  td_output_json_string(f, buf);
  fputs(",\"rows\":[", f);
  for (i = 0; i < r->n; i++) {
    const struct td_register_row *row = &r->rows[i];

    fprintf(f, "%s{\"no\":%zu", i > 0 ? "," : "", i + 1);
    for (c = 1; c < TD_REG_NCOLS; c++) {
      fprintf(f, ",\"%s\":", wires[c]);
      td_output_json_string(f, plain(row, c, buf));
    }
    fputs(",\"id\":", f);
    fprintf(f, "%" PRId64, row->id);
    fputs(",\"receipt_no\":", f);
    td_output_json_string(f, row->receipt);
    fprintf(f, ",\"redacted\":%s}", row->redacted ? "true" : "false");
  }
  fputs("]}\n", f);
  return ferror(f) ? -1 : 0;
}
