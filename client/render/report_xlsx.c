/* The report as an Excel workbook, with libxlsxwriter; see report.h. */
#include "render/report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "render/report_int.h"
#include "common/utf8.h"

/* Column widths, in characters. */
#define W_CODE 22
#define W_NAME 36
#define W_NUM 14
#define W_DAY 12
/* About how many characters of a paragraph fit on a line of the merged
 * cells it fills, and the height of one line in points. */
#define PARA_COLS 8
#define PARA_CHARS 120
#define LINE_HEIGHT 15

struct formats {
  lxw_format *bold;
  lxw_format *pct;
  lxw_format *bold_pct;
  lxw_format *title;
  lxw_format *wrap;
};

/* The first error of a series of calls, and where. */
struct status {
  lxw_error err;
};

static void check(struct status *st, lxw_error e)
{
  if (st->err == LXW_NO_ERROR)
    st->err = e;
}

static void put_cell(struct status *st, lxw_worksheet *ws, lxw_row_t row,
                     lxw_col_t col, const struct td_rcell *c, int bold,
                     const struct formats *fm)
{
  switch (c->type) {
  case TD_RC_TEXT:
    if (c->s != NULL && c->s[0] != '\0')
      check(st,
            worksheet_write_string(ws, row, col, c->s, bold ? fm->bold : NULL));
    break;
  case TD_RC_COUNT:
    check(st, worksheet_write_number(ws, row, col, (double)c->n,
                                     bold ? fm->bold : NULL));
    break;
  case TD_RC_RATE:
    check(st, worksheet_write_number(ws, row, col, c->rate,
                                     bold ? fm->bold_pct : fm->pct));
    break;
  default:
    /* Unknown: left empty, never 0. */
    break;
  }
}

/* The table at row first: a bold header, the rows, a bold TOTAL. Returns
 * the row after it. */
static lxw_row_t put_table(struct status *st, lxw_worksheet *ws,
                           lxw_row_t first, struct td_rtable *t,
                           const struct formats *fm)
{
  size_t i;
  size_t c;

  for (c = 0; c < t->ncols; c++)
    check(st, worksheet_write_string(ws, first, (lxw_col_t)c, t->head[c],
                                     fm->bold));
  for (i = 0; i < t->nrows; i++)
    for (c = 0; c < t->ncols; c++)
      put_cell(st, ws, (lxw_row_t)(first + 1 + i), (lxw_col_t)c,
               &t->cells[i * t->ncols + c], i == t->total_row, fm);
  return (lxw_row_t)(first + 1 + t->nrows);
}

static void widths(struct status *st, lxw_worksheet *ws, size_t ncols)
{
  check(st, worksheet_set_column(ws, 0, 0, W_CODE, NULL));
  check(st, worksheet_set_column(ws, 1, 1, W_NAME, NULL));
  if (ncols > 2)
    check(st, worksheet_set_column(ws, 2, (lxw_col_t)(ncols - 1), W_NUM, NULL));
}

static void label(struct status *st, lxw_worksheet *ws, lxw_row_t row,
                  const char *k, const char *v, const struct formats *fm)
{
  check(st, worksheet_write_string(ws, row, 0, k, fm->bold));
  if (v != NULL && v[0] != '\0')
    check(st, worksheet_write_string(ws, row, 1, v, NULL));
}

/* The summary: title, unit and period, the headline figures, then the
 * report's paragraphs, each across the width of the sheet. */
static int summary_sheet(struct status *st, lxw_worksheet *ws,
                         const struct td_report *r, const struct formats *fm)
{
  struct td_report_text text;
  struct td_rtable t;
  char sub[512];
  lxw_row_t row;
  size_t lines;
  size_t i;
  int vi;

  vi = r->lang == TD_REPORT_VI;
  if (td_report__table(r, TD_REPORT_SUMMARY, &t) != 0) {
    td_report__table_free(&t);
    return -1;
  }
  if (td_report_text_make(r, &text) != 0) {
    td_report_text_free(&text);
    td_report__table_free(&t);
    return -1;
  }
  widths(st, ws, t.ncols);
  check(st,
        worksheet_write_string(ws, 0, 0, td_report__title_of(r), fm->title));
  td_report__subtitle(r, sub, sizeof(sub));
  check(st, worksheet_write_string(ws, 1, 0, sub, NULL));
  label(st, ws, 2, vi ? "Từ tháng" : "From", r->from, fm);
  label(st, ws, 3, vi ? "Đến tháng" : "To", r->to, fm);
  label(st, ws, 4, vi ? "Số liệu tính đến ngày" : "Figures as of",
        r->total ? r->total->today : NULL, fm);
  row = put_table(st, ws, 6, &t, fm);
  row++;
  check(st, worksheet_write_string(ws, row++, 0, vi ? "Báo cáo" : "Report",
                                   fm->bold));
  for (i = 0; i < text.n; i++) {
    /* The title and the unit head the sheet already. */
    if (text.lines[i].kind == TD_REPORT_TITLE)
      continue;
    if (text.lines[i].kind == TD_REPORT_HEADING) {
      check(st,
            worksheet_write_string(ws, row++, 0, text.lines[i].text, fm->bold));
      continue;
    }
    lines = td_utf8_width(text.lines[i].text) / PARA_CHARS + 1;
    check(st, worksheet_merge_range(ws, row, 0, row, PARA_COLS - 1,
                                    text.lines[i].text, fm->wrap));
    check(st, worksheet_set_row(ws, row, (double)(lines * LINE_HEIGHT), NULL));
    row++;
  }
  td_report_text_free(&text);
  td_report__table_free(&t);
  return 0;
}

/* The lists' columns: wide for texts, narrow for days and numbers. */
static void list_widths(struct status *st, lxw_worksheet *ws,
                        const struct td_rtable *t, const struct formats *fm)
{
  static const struct {
    const char *wire;
    double width;
  } wide[] = {
      {"summary", 60},     {"title", 40},       {"theme", 36},
      {"presided_by", 24}, {"status_name", 22}, {"figure_name", 30},
      {"type_name", 24},   {"outcome", 22},     {"receipt_no", 18},
  };
  double w;
  size_t c;
  size_t i;

  for (c = 0; c < t->ncols; c++) {
    w = W_DAY;
    for (i = 0; i < sizeof(wide) / sizeof(*wide); i++)
      if (strcmp(t->wire[c], wide[i].wire) == 0)
        w = wide[i].width;
    check(st, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w,
                                   w >= 36 ? fm->wrap : NULL));
  }
}

static int table_sheet(struct status *st, lxw_worksheet *ws,
                       const struct td_report *r, int id,
                       const struct formats *fm)
{
  struct td_rtable t;

  if (td_report__table(r, id, &t) != 0) {
    td_report__table_free(&t);
    return -1;
  }
  if (id == TD_REPORT_SESSION_LIST || id == TD_REPORT_FRONT_LIST)
    list_widths(st, ws, &t, fm);
  else
    widths(st, ws, t.ncols);
  put_table(st, ws, 0, &t, fm);
  worksheet_freeze_panes(ws, 1, 2);
  td_report__table_free(&t);
  return 0;
}

static void make_formats(lxw_workbook *wb, struct formats *fm)
{
  fm->bold = workbook_add_format(wb);
  format_set_bold(fm->bold);
  fm->pct = workbook_add_format(wb);
  format_set_num_format(fm->pct, "0.0%");
  fm->bold_pct = workbook_add_format(wb);
  format_set_bold(fm->bold_pct);
  format_set_num_format(fm->bold_pct, "0.0%");
  fm->title = workbook_add_format(wb);
  format_set_bold(fm->title);
  format_set_font_size(fm->title, 13);
  fm->wrap = workbook_add_format(wb);
  format_set_text_wrap(fm->wrap);
  format_set_align(fm->wrap, LXW_ALIGN_VERTICAL_TOP);
}

/* The sheets; returns -1 if memory ran out. */
static int fill(lxw_workbook *wb, struct status *st, const struct td_report *r)
{
  struct formats fm;
  lxw_worksheet *ws;
  int id;

  make_formats(wb, &fm);
  if (fm.bold == NULL || fm.pct == NULL || fm.bold_pct == NULL ||
      fm.title == NULL || fm.wrap == NULL)
    return -1;
  for (id = 0; id < TD_REPORT_N_TABLES; id++) {
    /* The report's tables whose parts are known. */
    if (!td_report_table_of(id, r->front_report) ||
        (id == TD_REPORT_FRONT && r->front == NULL) ||
        (id == TD_REPORT_SESSION_LIST && !r->has_sessions) ||
        (id == TD_REPORT_FRONT_LIST && !r->has_front_petitions))
      continue;
    ws = workbook_add_worksheet(wb, td_report__sheet_of(r, id));
    if (ws == NULL)
      return -1;
    if (id == TD_REPORT_SUMMARY ? summary_sheet(st, ws, r, &fm)
                                : table_sheet(st, ws, r, id, &fm))
      return -1;
  }
  return 0;
}

int td_report_write_xlsx(const char *path, const struct td_report *r, char *err,
                         size_t errlen)
{
  struct status st = {LXW_NO_ERROR};
  lxw_workbook *wb;
  lxw_error closed;
  FILE *probe;
  int res;

  /* libxlsxwriter opens the file only when closing the workbook, and then
   * says why it failed in its own words on stderr: find out first. */
  probe = fopen(path, "wb");
  if (probe == NULL) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  fclose(probe);
  wb = workbook_new(path);
  if (wb == NULL) {
    unlink(path);
    snprintf(err, errlen, "cannot make the workbook %s: out of memory", path);
    return -1;
  }
  res = fill(wb, &st, r);
  closed = workbook_close(wb);
  if (res == 0 && st.err == LXW_NO_ERROR && closed == LXW_NO_ERROR)
    return 0;
  unlink(path);
  if (res != 0)
    snprintf(err, errlen, "cannot make the workbook %s: out of memory", path);
  else
    snprintf(err, errlen, "cannot write %s: %s", path,
             lxw_strerror(closed != LXW_NO_ERROR ? closed : st.err));
  return -1;
}
