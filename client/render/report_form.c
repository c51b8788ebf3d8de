/* Official forms for a terminal, csv and json; see report_form.h. */
#include "render/report_form.h"

#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "lang/lang.h"
#include "render/format.h"
#include "wire.h"

/* Index of the column named id, or -1. */
static long index_of(const Tiepdan__FormReply *r, const char *id)
{
  size_t i;

  if (id == NULL)
    return -1;
  for (i = 0; i < r->n_columns; i++)
    if (r->columns[i]->id != NULL && strcmp(r->columns[i]->id, id) == 0)
      return (long)i;
  return -1;
}

struct walk {
  const Tiepdan__FormReply *r;
  long *parent;
  size_t *depth;
  struct td_form_layout *l;
};

/* Places column i and its children, leaves left to right. */
static void place(struct walk *w, size_t i)
{
  struct td_form_cell *c = &w->l->cells[w->l->ncells++];
  size_t first = w->l->nleaves;
  size_t j;
  int leaf = 1;

  c->col = w->r->columns[i];
  c->row = w->depth[i];
  for (j = 0; j < w->r->n_columns; j++)
    if (w->parent[j] == (long)i) {
      leaf = 0;
      place(w, j);
    }
  if (leaf)
    w->l->leaves[w->l->nleaves++] = w->r->columns[i];
  c->first = first;
  c->last = w->l->nleaves - 1;
  c->bottom = leaf ? (size_t)-1 : c->row; /* Leaves: set once depth is known. */
}

int td_form_layout(const Tiepdan__FormReply *r, struct td_form_layout *l)
{
  size_t n = r->n_columns;
  struct walk w;
  size_t i, k;
  int rc = -1;

  memset(l, 0, sizeof(*l));
  w.r = r;
  w.l = l;
  w.parent = calloc(n ? n : 1, sizeof(*w.parent));
  w.depth = calloc(n ? n : 1, sizeof(*w.depth));
  l->leaves = calloc(n ? n : 1, sizeof(*l->leaves));
  l->cells = calloc(n ? n : 1, sizeof(*l->cells));
  if (w.parent == NULL || w.depth == NULL || l->leaves == NULL ||
      l->cells == NULL)
    goto out;
  for (i = 0; i < n; i++) {
    const char *p = r->columns[i]->parent;

    w.parent[i] = p != NULL && p[0] != '\0' ? index_of(r, p) : -1;
    if (p != NULL && p[0] != '\0' && w.parent[i] < 0)
      goto out;
  }
  for (i = 0; i < n; i++) {
    long at = w.parent[i];

    for (k = 0; at >= 0; k++) {
      if (k > n)
        goto out; /* A cycle. */
      at = w.parent[at];
    }
    w.depth[i] = k;
    if (k + 1 > l->depth)
      l->depth = k + 1;
  }
  for (i = 0; i < n; i++)
    if (w.parent[i] < 0)
      place(&w, i);
  for (i = 0; i < l->ncells; i++)
    if (l->cells[i].bottom == (size_t)-1)
      l->cells[i].bottom = l->depth - 1;
  rc = 0;
out:
  free(w.parent);
  free(w.depth);
  if (rc != 0)
    td_form_layout_free(l);
  return rc;
}

void td_form_layout_free(struct td_form_layout *l)
{
  free(l->leaves);
  free(l->cells);
  memset(l, 0, sizeof(*l));
}

long long td_form_value(const Tiepdan__FormRow *row,
                        const Tiepdan__FormColumn *leaf)
{
  if (leaf->manual || !leaf->has_number || leaf->number == 0 ||
      leaf->number > row->n_values)
    return -1;
  return (long long)row->values[leaf->number - 1];
}

static const char *label(const Tiepdan__FormColumn *c, int vi)
{
  const char *s = vi ? c->label_vi : c->label_en;

  if (s == NULL || s[0] == '\0')
    s = vi ? c->label_en : c->label_vi;
  return s != NULL ? s : "";
}

/* "Tiếp thường xuyên › Số vụ việc › Tiếp lần đầu". */
static void path_from(const Tiepdan__FormColumn *const *chain, size_t n,
                      size_t skip, int vi, char *buf, size_t len)
{
  size_t used = 0;

  buf[0] = '\0';
  if (skip > 0)
    used = (size_t)snprintf(buf, len, "… › ");
  n -= skip;
  while (n > 0 && used + 1 < len) {
    const char *text = label(chain[--n], vi);
    int w = snprintf(buf + used, len - used, "%s%s", text, n > 0 ? " › " : "");
    if (w < 0 || (size_t)w >= len - used)
      break;
    used += (size_t)w;
  }
}

/* The column under its groups; with width, the outer groups left out
 * ("… › Số vụ việc › Tiếp lần đầu") until it fits, so the column's own
 * words stay. */
static void path_fit(const Tiepdan__FormReply *r, const Tiepdan__FormColumn *c,
                     int vi, size_t width, char *buf, size_t len)
{
  const Tiepdan__FormColumn *chain[16];
  size_t n = 0;
  size_t skip;
  long at;

  chain[n++] = c;
  at = index_of(r, c->parent);
  while (at >= 0 && n < 16) {
    chain[n++] = r->columns[at];
    at = index_of(r, r->columns[at]->parent);
  }
  for (skip = 0;; skip++) {
    path_from(chain, n, skip, vi, buf, len);
    if (width == 0 || skip + 1 >= n || td_utf8_width(buf) <= width)
      return;
  }
}

static void path_of(const Tiepdan__FormReply *r, const Tiepdan__FormColumn *c,
                    int vi, char *buf, size_t len)
{
  path_fit(r, c, vi, 0, buf, len);
}

/* A value for a terminal: "-" for blank. */
static void value_text(long long v, char *buf, size_t len)
{
  if (v < 0)
    snprintf(buf, len, "-");
  else
    snprintf(buf, len, "%lld", v);
}

static const char *row_name(const Tiepdan__FormRow *row, int vi)
{
  if (row->total)
    return vi ? "Tổng cộng" : "Total";
  return row->unit_name != NULL ? row->unit_name : row->unit_code;
}

static void print_csv(FILE *f, const Tiepdan__FormReply *r,
                      const struct td_form_layout *l)
{
  size_t i, j;

  fputs("unit_code,unit_name", f);
  for (j = 0; j < l->nleaves; j++)
    fprintf(f, ",c%u", l->leaves[j]->number);
  fputs("\r\n", f);
  for (i = 0; i < r->n_rows; i++) {
    const Tiepdan__FormRow *row = r->rows[i];

    td_output_csv_field(f, row->total ? "TOTAL" : row->unit_code);
    fputc(',', f);
    td_output_csv_field(f, row->total ? "" : row->unit_name);
    for (j = 0; j < l->nleaves; j++) {
      long long v = td_form_value(row, l->leaves[j]);

      fputc(',', f);
      if (v >= 0)
        fprintf(f, "%lld", v);
    }
    fputs("\r\n", f);
  }
}

static void print_json(FILE *f, const Tiepdan__FormReply *r,
                       const struct td_form_layout *l,
                       const struct td_form_doc *d)
{
  char buf[128];
  size_t i, j;

  fputs("{\"form\":", f);
  td_output_json_string(f, r->form);
  fputs(",\"version\":", f);
  td_output_json_string(f, r->version);
  fputs(",\"basis\":", f);
  td_output_json_string(f, r->basis);
  fputs(",\"title\":", f);
  td_output_json_string(f, d->vi ? r->title_vi : r->title_en);
  fputs(",\"from\":", f);
  td_output_json_string(f, r->from);
  fputs(",\"to\":", f);
  td_output_json_string(f, r->to);
  if (d->period != NULL) {
    td_period_name(d->period, d->vi, buf, sizeof(buf));
    fputs(",\"period\":", f);
    td_output_json_string(f, buf);
  }
  fputs(",\"unit\":", f);
  td_output_json_string(f, r->unit != NULL ? r->unit->code : NULL);
  fputs(",\"columns\":[", f);
  for (j = 0; j < l->nleaves; j++) {
    path_of(r, l->leaves[j], d->vi, buf, sizeof(buf));
    fprintf(f, "%s{\"number\":%u,\"label\":", j ? "," : "",
            l->leaves[j]->number);
    td_output_json_string(f, buf);
    fprintf(f, ",\"manual\":%s}", l->leaves[j]->manual ? "true" : "false");
  }
  fputs("],\"rows\":[", f);
  for (i = 0; i < r->n_rows; i++) {
    const Tiepdan__FormRow *row = r->rows[i];

    fputs(i ? ",{\"unit_code\":" : "{\"unit_code\":", f);
    if (row->total)
      fputs("null", f);
    else
      td_output_json_string(f, row->unit_code);
    fputs(",\"unit_name\":", f);
    td_output_json_string(f, row_name(row, d->vi));
    fprintf(f, ",\"total\":%s,\"values\":[", row->total ? "true" : "false");
    for (j = 0; j < l->nleaves; j++) {
      long long v = td_form_value(row, l->leaves[j]);

      if (v >= 0)
        fprintf(f, "%s%lld", j ? "," : "", v);
      else
        fprintf(f, "%snull", j ? "," : "");
    }
    fputs("]}", f);
  }
  fputs("],\"checks\":[", f);
  for (i = 0; i < r->n_checks; i++) {
    fputs(i ? ",{\"formula\":" : "{\"formula\":", f);
    td_output_json_string(f, r->checks[i]->formula);
    fprintf(f, ",\"ok\":%s",
            !r->checks[i]->has_ok ? "null"
            : r->checks[i]->ok    ? "true"
                                  : "false");
    if (r->checks[i]->failed_unit != NULL) {
      fputs(",\"failed_unit\":", f);
      td_output_json_string(f, r->checks[i]->failed_unit);
    }
    fputc('}', f);
  }
  fputs("]}\n", f);
}

/* At most this many units side by side on a terminal. */
#define TERM_UNITS 6

static void print_table(FILE *f, const Tiepdan__FormReply *r,
                        const struct td_form_layout *l,
                        const struct td_form_doc *d)
{
  char path[512], v[32], pname[128], window[128];
  size_t units = r->n_rows > 0 ? r->n_rows - 1 : 0;
  int side = units > 1 && units <= TERM_UNITS;
  size_t i, j;

  fprintf(f, "%s  %s\n", r->form != NULL ? r->form : "",
          d->vi ? r->title_vi : r->title_en);
  if (d->period != NULL) {
    td_period_name(d->period, d->vi, pname, sizeof(pname));
    td_period_window(d->period, d->vi, window, sizeof(window));
    fprintf(f, "%s: %s (%s)\n", r->unit != NULL ? r->unit->name : "", pname,
            window);
  }
  fprintf(f, _("Form version: %s; %s\n"), r->version ? r->version : "",
          r->basis ? r->basis : "");
  if (side) {
    fprintf(f, "%-5s %-60s", "", "");
    for (i = 0; i + 1 < r->n_rows; i++)
      fprintf(f, " %8s", r->rows[i]->unit_code);
    fprintf(f, " %8s\n", _("TOTAL"));
  }
  for (j = 0; j < l->nleaves; j++) {
    char *cut;
    size_t w;

    path_fit(r, l->leaves[j], d->vi, 60, path, sizeof(path));
    cut = td_utf8_truncate(path, 60);
    w = td_utf8_width(cut);
    fprintf(f, "(%u)%*s %s%*s", l->leaves[j]->number,
            l->leaves[j]->number < 10 ? 2 : 1, "", cut != NULL ? cut : path,
            (int)(w < 60 ? 60 - w : 0), "");
    free(cut);
    if (side)
      for (i = 0; i + 1 < r->n_rows; i++) {
        value_text(td_form_value(r->rows[i], l->leaves[j]), v, sizeof(v));
        fprintf(f, " %8s", v);
      }
    value_text(td_form_value(r->rows[r->n_rows - 1], l->leaves[j]), v,
               sizeof(v));
    fprintf(f, " %8s\n", v);
  }
  if (units > TERM_UNITS)
    fprintf(f,
            _("%zu units: the totals are shown; write the form with --xlsx "
              "FILE, or --format csv, for the figures of each.\n"),
            units);
  for (i = 0; i < r->n_checks; i++) {
    const Tiepdan__FormCheck *c = r->checks[i];

    if (!c->has_ok)
      fprintf(f, _("Check %s: not verified (a column is left blank)\n"),
              c->formula);
    else if (c->ok)
      fprintf(f, _("Check %s: holds\n"), c->formula);
    else
      fprintf(f, _("Check %s: FAILS at %s\n"), c->formula,
              c->failed_unit != NULL ? c->failed_unit : "?");
  }
}

int td_form_print(FILE *f, enum td_format fmt, const Tiepdan__FormReply *r,
                  const struct td_form_doc *d)
{
  struct td_form_layout l;

  if (td_form_layout(r, &l) != 0)
    return -1;
  if (fmt == TD_FORMAT_CSV)
    print_csv(f, r, &l);
  else if (fmt == TD_FORMAT_JSON)
    print_json(f, r, &l, d);
  else if (r->n_rows > 0)
    print_table(f, r, &l, d);
  td_form_layout_free(&l);
  return ferror(f) ? -1 : 0;
}

int td_form_print_items(FILE *f, enum td_format fmt,
                        const Tiepdan__FormReply *r, unsigned column,
                        const char *unit, const struct td_form_doc *d)
{
  size_t i;
  long long sum = 0;

  (void)d;
  if (fmt == TD_FORMAT_CSV)
    fputs("kind,receipt_no,received_at,status,weight,summary\r\n", f);
  else if (fmt == TD_FORMAT_JSON)
    fputs("{\"items\":[", f);
  for (i = 0; i < r->n_items; i++) {
    const Tiepdan__FormItem *it = r->items[i];
    const Tiepdan__Petition *p = it->petition;
    const Tiepdan__Session *s = it->session;
    char when[TD_DAY_LEN] = "";
    const char *what;
    const char *text;

    sum += it->weight;
    if (p != NULL && p->has_received_at)
      td_day_format(td_day_from_unix_vn(p->received_at), when);
    else if (s != NULL && s->has_opened_at)
      td_day_format(td_day_from_unix_vn(s->opened_at), when);
    what = p != NULL ? p->receipt_no : s != NULL ? s->title : NULL;
    text = p != NULL ? (p->redacted && p->summary == NULL ? _("(withheld)")
                                                          : p->summary)
                     : NULL;
    if (fmt == TD_FORMAT_CSV) {
      td_output_csv_field(f, it->kind);
      fputc(',', f);
      td_output_csv_field(f, what);
      fprintf(f, ",%s,%s,%lld,", when,
              p != NULL ? td_status_name(p->status) : "",
              (long long)it->weight);
      td_output_csv_field(f, text);
      fputs("\r\n", f);
    } else if (fmt == TD_FORMAT_JSON) {
      fputs(i ? ",{\"kind\":" : "{\"kind\":", f);
      td_output_json_string(f, it->kind);
      fputs(",\"ref\":", f);
      td_output_json_string(f, what);
      fputs(",\"date\":", f);
      td_output_json_string(f, when);
      fprintf(f, ",\"weight\":%lld", (long long)it->weight);
      if (text != NULL) {
        fputs(",\"summary\":", f);
        td_output_json_string(f, text);
      }
      fputc('}', f);
    } else {
      fprintf(f, "%-10s ", when);
      td_output_clean(f, what != NULL ? what : "");
      fprintf(f, "  %5lld  ", (long long)it->weight);
      td_output_clean(f, text != NULL ? text : "");
      fputc('\n', f);
    }
  }
  if (fmt == TD_FORMAT_JSON)
    fputs("]}\n", f);
  else if (fmt != TD_FORMAT_CSV)
    fprintf(f, _("Column (%u)%s%s: %zu items, adding up to %lld.\n"), column,
            unit != NULL ? " " : "", unit != NULL ? unit : "", r->n_items, sum);
  return ferror(f) ? -1 : 0;
}
