/*
 * An official form as an Excel workbook in the circular's own layout, with
 * libxlsxwriter; see report_form.h. One sheet: the form's label and basis, the
 * reporting and receiving units, the title and the period, the header of
 * the column tree with merged cells, the numbered row, the units and the
 * total, the checks, the signatures. Landscape A4 fitted to one page wide,
 * the header rows repeated on every page, so a printer gets what the
 * province expects on paper.
 */
#include "render/report_form.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#define FONT "Times New Roman"
/* Widths in characters: the order number, the unit, a figure. */
#define W_NO 5
#define W_UNIT 22
#define W_FIG 7.2
/* A header row's height in points: three or four short lines. */
#define HEAD_HEIGHT 46
/* Counts in the Vietnamese way (9.142), whatever the reader's locale:
 * the locale code 042A (Vietnamese) rides on the format. */
#define NUM_FORMAT "[$-42A]#,##0"

struct fm {
  lxw_format *head, *num_row, *cell_text, *cell_num, *total_text, *total_num;
  lxw_format *title, *subtitle, *left_bold, *left, *center_bold, *center_it,
      *note;
};

struct st {
  lxw_error err;
};

static void ck(struct st *s, lxw_error e)
{
  if (s->err == LXW_NO_ERROR)
    s->err = e;
}

static lxw_format *fmt_new(lxw_workbook *wb, int bold, int border, int wrap,
                           uint8_t align, int size)
{
  lxw_format *f = workbook_add_format(wb);

  format_set_font_name(f, FONT);
  format_set_font_size(f, size);
  if (bold)
    format_set_bold(f);
  if (border)
    format_set_border(f, LXW_BORDER_THIN);
  if (wrap)
    format_set_text_wrap(f);
  format_set_align(f, align);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  return f;
}

static void formats(lxw_workbook *wb, struct fm *m)
{
  m->head = fmt_new(wb, 1, 1, 1, LXW_ALIGN_CENTER, 9);
  m->num_row = fmt_new(wb, 0, 1, 0, LXW_ALIGN_CENTER, 10);
  format_set_italic(m->num_row);
  m->cell_text = fmt_new(wb, 0, 1, 1, LXW_ALIGN_LEFT, 11);
  m->cell_num = fmt_new(wb, 0, 1, 0, LXW_ALIGN_CENTER, 11);
  format_set_num_format(m->cell_num, NUM_FORMAT);
  m->total_text = fmt_new(wb, 1, 1, 1, LXW_ALIGN_LEFT, 11);
  m->total_num = fmt_new(wb, 1, 1, 0, LXW_ALIGN_CENTER, 11);
  format_set_num_format(m->total_num, NUM_FORMAT);
  m->title = fmt_new(wb, 1, 0, 1, LXW_ALIGN_CENTER, 14);
  m->subtitle = fmt_new(wb, 0, 0, 0, LXW_ALIGN_CENTER, 12);
  format_set_italic(m->subtitle);
  m->left_bold = fmt_new(wb, 1, 0, 0, LXW_ALIGN_LEFT, 12);
  m->left = fmt_new(wb, 0, 0, 0, LXW_ALIGN_LEFT, 11);
  m->center_bold = fmt_new(wb, 1, 0, 0, LXW_ALIGN_CENTER, 12);
  m->center_it = fmt_new(wb, 0, 0, 0, LXW_ALIGN_CENTER, 11);
  format_set_italic(m->center_it);
  m->note = fmt_new(wb, 0, 0, 1, LXW_ALIGN_LEFT, 10);
  format_set_italic(m->note);
}

static const char *label(const Tiepdan__FormColumn *c, int vi)
{
  const char *s = vi ? c->label_vi : c->label_en;

  return s != NULL && s[0] ? s : (c->label_vi != NULL ? c->label_vi : "");
}

/* Writes s over the cells from (r1, c1) to (r2, c2), merged unless one. */
static void span(struct st *s, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                 lxw_row_t r2, lxw_col_t c2, const char *text, lxw_format *f)
{
  if (r1 == r2 && c1 == c2)
    ck(s, worksheet_write_string(ws, r1, c1, text, f));
  else
    ck(s, worksheet_merge_range(ws, r1, c1, r2, c2, text, f));
}

/* The header and numbered rows at row top; returns the row after them. */
static lxw_row_t header(struct st *s, lxw_worksheet *ws, lxw_row_t top,
                        const struct td_form_layout *l, int vi,
                        const struct fm *m)
{
  lxw_row_t last = (lxw_row_t)(top + l->depth - 1);
  char num[16];
  size_t i;

  span(s, ws, top, 0, last, 0, vi ? "STT" : "No.", m->head);
  span(s, ws, top, 1, last, 1, vi ? "Đơn vị" : "Unit", m->head);
  for (i = 0; i < l->ncells; i++) {
    const struct td_form_cell *c = &l->cells[i];

    span(s, ws, (lxw_row_t)(top + c->row), (lxw_col_t)(2 + c->first),
         (lxw_row_t)(top + c->bottom), (lxw_col_t)(2 + c->last),
         label(c->col, vi), m->head);
  }
  for (i = 0; i < l->depth; i++)
    ck(s, worksheet_set_row(ws, (lxw_row_t)(top + i), HEAD_HEIGHT, NULL));
  ck(s, worksheet_write_string(ws, last + 1, 0, "A", m->num_row));
  ck(s, worksheet_write_string(ws, last + 1, 1, "B", m->num_row));
  for (i = 0; i < l->nleaves; i++) {
    snprintf(num, sizeof(num), "%u", l->leaves[i]->number);
    ck(s, worksheet_write_string(ws, last + 1, (lxw_col_t)(2 + i), num,
                                 m->num_row));
  }
  return last + 2;
}

static lxw_row_t body(struct st *s, lxw_worksheet *ws, lxw_row_t row,
                      const Tiepdan__FormReply *r,
                      const struct td_form_layout *l, int vi,
                      const struct fm *m)
{
  size_t i, j;

  for (i = 0; i < r->n_rows; i++, row++) {
    const Tiepdan__FormRow *fr = r->rows[i];
    lxw_format *tf = fr->total ? m->total_text : m->cell_text;
    lxw_format *nf = fr->total ? m->total_num : m->cell_num;

    if (fr->total)
      ck(s, worksheet_write_string(ws, row, 0, "", tf));
    else
      ck(s, worksheet_write_number(ws, row, 0, (double)(i + 1), nf));
    ck(s, worksheet_write_string(
              ws, row, 1,
              fr->total ? (vi ? "Tổng cộng" : "Total")
                        : (fr->unit_name ? fr->unit_name : fr->unit_code),
              tf));
    for (j = 0; j < l->nleaves; j++) {
      long long v = td_form_value(fr, l->leaves[j]);

      if (v < 0)
        ck(s, worksheet_write_blank(ws, row, (lxw_col_t)(2 + j), nf));
      else
        ck(s,
           worksheet_write_number(ws, row, (lxw_col_t)(2 + j), (double)v, nf));
    }
  }
  return row;
}

static void put(struct st *s, lxw_workbook *wb, const Tiepdan__FormReply *r,
                const struct td_form_layout *l, const struct td_form_doc *d)
{
  struct fm m;
  lxw_worksheet *ws;
  lxw_col_t lastcol = (lxw_col_t)(l->nleaves + 1);
  lxw_col_t half = (lxw_col_t)(lastcol / 2);
  lxw_row_t row, head_top;
  char buf[256], pname[128];
  size_t i;
  int vi = d->vi;

  formats(wb, &m);
  ws = workbook_add_worksheet(
      wb, r->form != NULL && strchr(r->form, '/') == NULL ? r->form : NULL);
  if (ws == NULL) {
    ck(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  ck(s, worksheet_set_column(ws, 0, 0, W_NO, NULL));
  ck(s, worksheet_set_column(ws, 1, 1, W_UNIT, NULL));
  ck(s, worksheet_set_column(ws, 2, lastcol, W_FIG, NULL));

  /* The label and basis top left, the national heading top right. */
  snprintf(buf, sizeof(buf), "%s %s", vi ? "Biểu số" : "Form",
           r->form != NULL ? r->form : "");
  span(s, ws, 0, 0, 0, half, buf, m.left_bold);
  snprintf(buf, sizeof(buf), "%s%s", vi ? "Ban hành kèm theo " : "Basis: ",
           r->basis != NULL ? r->basis : "");
  span(s, ws, 1, 0, 1, half, buf, m.left);
  snprintf(buf, sizeof(buf), "%s%s",
           vi ? "Đơn vị báo cáo: " : "Reporting unit: ",
           r->unit != NULL && r->unit->name != NULL ? r->unit->name : "");
  span(s, ws, 2, 0, 2, half, buf, m.left);
  span(s, ws, 0, half + 1, 0, lastcol,
       vi ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
          : "SOCIALIST REPUBLIC OF VIET NAM",
       m.center_bold);
  span(s, ws, 1, half + 1, 1, lastcol,
       vi ? "Độc lập - Tự do - Hạnh phúc"
          : "Independence - Freedom - Happiness",
       m.center_bold);

  span(s, ws, 4, 0, 4, lastcol, vi ? r->title_vi : r->title_en, m.title);
  ck(s, worksheet_set_row(ws, 4, 22, NULL));
  pname[0] = '\0';
  if (d->period != NULL) {
    char w[128], n[96];

    td_period_window(d->period, vi, w, sizeof(w));
    td_period_name(d->period, vi, n, sizeof(n));
    snprintf(pname, sizeof(pname), "(%s: %s)", vi ? "Kỳ báo cáo" : "Period", n);
    span(s, ws, 5, 0, 5, lastcol, w, m.subtitle);
    span(s, ws, 6, 0, 6, lastcol, pname, m.subtitle);
  }
  head_top = 8;
  row = header(s, ws, head_top, l, vi, &m);
  /* The header and its numbered row on every printed page. */
  ck(s, worksheet_repeat_rows(ws, head_top, row - 1));
  row = body(s, ws, row, r, l, vi, &m);

  row++;
  for (i = 0; i < r->n_checks; i++, row++) {
    const Tiepdan__FormCheck *c = r->checks[i];

    snprintf(buf, sizeof(buf), "%s %s: %s", vi ? "Kiểm tra" : "Check",
             c->formula,
             !c->has_ok ? (vi ? "không kiểm tra được (cột để trống)"
                              : "not verified (a blank column)")
             : c->ok    ? (vi ? "đúng" : "holds")
                        : (vi ? "SAI" : "FAILS"));
    span(s, ws, row, 0, row, lastcol, buf, m.note);
  }
  snprintf(buf, sizeof(buf), "%s %s",
           vi ? "Phiên bản biểu mẫu:" : "Form version:",
           r->version != NULL ? r->version : "");
  span(s, ws, row, 0, row, lastcol, buf, m.note);
  row += 2;
  span(s, ws, row, 0, row, half, vi ? "NGƯỜI LẬP BIỂU" : "PREPARED BY",
       m.center_bold);
  span(s, ws, row, half + 1, row, lastcol,
       vi ? "THỦ TRƯỞNG ĐƠN VỊ" : "HEAD OF THE UNIT", m.center_bold);
  row++;
  span(s, ws, row, 0, row, half,
       vi ? "(Ký, ghi rõ họ tên)" : "(Signature, name)", m.center_it);
  span(s, ws, row, half + 1, row, lastcol,
       vi ? "(Ký tên, đóng dấu)" : "(Signature and seal)", m.center_it);
}

int td_form_write_xlsx(const char *path, const Tiepdan__FormReply *r,
                       const struct td_form_doc *d, char *err, size_t errlen)
{
  struct td_form_layout l;
  lxw_workbook *wb;
  struct st s = {LXW_NO_ERROR};
  lxw_error e;

  if (td_form_layout(r, &l) != 0) {
    snprintf(err, errlen, "the form's columns do not make a tree");
    return -1;
  }
  wb = workbook_new(path);
  if (wb == NULL) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    td_form_layout_free(&l);
    return -1;
  }
  put(&s, wb, r, &l, d);
  td_form_layout_free(&l);
  e = workbook_close(wb);
  if (s.err == LXW_NO_ERROR)
    s.err = e;
  if (s.err != LXW_NO_ERROR) {
    snprintf(err, errlen, "cannot write %s: %s", path, lxw_strerror(s.err));
    unlink(path);
    return -1;
  }
  return 0;
}
