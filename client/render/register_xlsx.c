/* The citizen-reception book as a workbook in its printed layout, with
 * libxlsxwriter; see register.h. */
#include "render/register.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "common/utf8.h"
#include "lang/lang.h"
#include "render/datetime.h"

/* The rows of the sheet: three lines of head, a blank one, the two-level
 * header, the numbered row, then the book. */
#define R_TITLE 0
#define R_UNIT 1
#define R_PERIOD 2
#define R_HEAD 4 /* "Hướng xử lý" over columns 8 to 10. */
#define R_SUB 5  /* Their own headings. */
#define R_NUM 6  /* (1) ... (12) */
#define R_FIRST 7

#define LAST_COL (TD_REG_NCOLS - 1)

/* A4 in Excel's paper codes. */
#define PAPER_A4 9
/* The font of administrative documents, and the height of one of its
 * lines in points. */
#define FONT "Times New Roman"
#define FONT_SIZE 12
#define LINE_PT 16.0
/* Characters a unit of width holds (lines_in): text, bold headings. */
#define CELL_PER_UNIT 1.2
#define HEAD_PER_UNIT 1.0

/*
 * Column widths, in characters of the sheet's default font: about 160 in
 * all, which A4 landscape takes at about nine tenths, so the print stays
 * near 12 points. The content and the names get the room; the kind and
 * number of people ("Đơn yêu cầu / 1 người") one line; the marks of
 * columns 8 and 9 the least.
 */
static const double col_width[TD_REG_NCOLS] = {
    4.5, 10.5, 18, 15, 22, 18, 11, 8.5, 9, 12.5, 16, 15,
};

struct formats {
  lxw_format *title;
  lxw_format *sub;
  lxw_format *period;
  lxw_format *head;
  lxw_format *num;
  lxw_format *cell;
  lxw_format *centre;
};

/* The first error of a series of calls. */
struct status {
  lxw_error err;
};

static void check(struct status *st, lxw_error e)
{
  if (st->err == LXW_NO_ERROR)
    st->err = e;
}

static lxw_format *font(lxw_workbook *wb)
{
  lxw_format *f = workbook_add_format(wb);

  if (f != NULL) {
    format_set_font_name(f, FONT);
    format_set_font_size(f, FONT_SIZE);
  }
  return f;
}

static lxw_format *boxed(lxw_workbook *wb, int bold, uint8_t align)
{
  lxw_format *f = font(wb);

  if (f != NULL) {
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, align);
    format_set_align(f,
                     bold ? LXW_ALIGN_VERTICAL_CENTER : LXW_ALIGN_VERTICAL_TOP);
    if (bold)
      format_set_bold(f);
  }
  return f;
}

static int make_formats(lxw_workbook *wb, struct formats *fm)
{
  fm->title = font(wb);
  fm->sub = font(wb);
  fm->period = font(wb);
  fm->head = boxed(wb, 1, LXW_ALIGN_CENTER);
  fm->num = boxed(wb, 0, LXW_ALIGN_CENTER);
  fm->cell = boxed(wb, 0, LXW_ALIGN_LEFT);
  fm->centre = boxed(wb, 0, LXW_ALIGN_CENTER);
  if (fm->title == NULL || fm->sub == NULL || fm->period == NULL ||
      fm->head == NULL || fm->num == NULL || fm->cell == NULL ||
      fm->centre == NULL)
    return -1;
  format_set_bold(fm->title);
  format_set_font_size(fm->title, 14);
  format_set_align(fm->title, LXW_ALIGN_CENTER);
  format_set_bold(fm->sub);
  format_set_align(fm->sub, LXW_ALIGN_CENTER);
  format_set_italic(fm->period);
  format_set_align(fm->period, LXW_ALIGN_CENTER);
  format_set_italic(fm->num);
  format_set_align(fm->num, LXW_ALIGN_VERTICAL_CENTER);
  return 0;
}

/* The columns a span of s takes. */
static size_t span_width(const char *s, size_t n)
{
  char *part = strndup(s, n);
  size_t w = part != NULL ? td_utf8_width(part) : n;

  free(part);
  return w;
}

/*
 * About how many lines s takes in column col when wrapped as a spreadsheet
 * wraps it: word by word, a newline starting a line, a word longer than a
 * line cut. A line holds about per_unit characters a unit of the column's
 * width: LibreOffice's PDF puts 1.15 to 1.3 of Times New Roman 12 in one,
 * fewer in bold capitals; counted short, so that a row is too tall rather
 * than cut. A row is given the height of its tallest cell, as neither
 * Excel nor LibreOffice fits the height of a wrapped row when it opens a
 * file whose rows have none.
 */
static size_t lines_in(const char *s, size_t col, double per_unit)
{
  size_t room = (size_t)(col_width[col] * per_unit);
  size_t lines = 0;
  size_t used;
  size_t len;
  size_t end;
  size_t w;
  size_t i;

  if (room < 1)
    room = 1;
  for (;;) {
    len = strcspn(s, "\n");
    lines++;
    used = 0;
    for (i = 0; i < len;) {
      while (i < len && s[i] == ' ')
        i++;
      if (i >= len)
        break;
      end = i;
      while (end < len && s[end] != ' ')
        end++;
      w = span_width(s + i, end - i);
      if (used > 0 && used + 1 + w > room) {
        lines++;
        used = 0;
      }
      if (used > 0)
        used++;
      /* A word wider than a line takes the lines it needs. */
      while (w > room) {
        lines++;
        w -= room;
      }
      used += w;
      i = end;
    }
    if (s[len] == '\0')
      return lines;
    s += len + 1;
  }
}

static double height(size_t lines)
{
  return (double)lines * LINE_PT + 4;
}

static int is_centred(size_t col)
{
  return col == TD_REG_NO || col == TD_REG_DAY || col == TD_REG_ACCEPT ||
         col == TD_REG_RETURN;
}

/* The title, the unit and the period, each across the sheet. */
static void put_title(struct status *st, lxw_worksheet *ws,
                      const struct td_register *r, const struct formats *fm)
{
  char unit[512];
  char period[256];
  char from[TD_DATETIME_MAX];
  char to[TD_DATETIME_MAX];
  char iso[TD_DAY_LEN];

  check(st, worksheet_merge_range(ws, R_TITLE, 0, R_TITLE, LAST_COL,
                                  _("CITIZEN RECEPTION BOOK"), fm->title));
  check(st, worksheet_set_row(ws, R_TITLE, 22, NULL));
  if (r->unit_name != NULL && r->unit_code != NULL)
    snprintf(unit, sizeof(unit), "%s (%s)", r->unit_name, r->unit_code);
  else
    snprintf(unit, sizeof(unit), "%s", r->unit_code ? r->unit_code : "");
  check(st,
        worksheet_merge_range(ws, R_UNIT, 0, R_UNIT, LAST_COL, unit, fm->sub));
  td_day_format(r->from, iso);
  td_datetime_day_shown(iso, from);
  td_day_format(r->to, iso);
  td_datetime_day_shown(iso, to);
  snprintf(period, sizeof(period), _("From %s to %s"), from, to);
  check(st, worksheet_merge_range(ws, R_PERIOD, 0, R_PERIOD, LAST_COL, period,
                                  fm->period));
}

/* The two-level header and the numbered row: every heading but those of
 * columns 8 to 10 spans both header rows; "Hướng xử lý" spans those
 * three. */
static void put_header(struct status *st, lxw_worksheet *ws,
                       const struct formats *fm)
{
  size_t head_lines = 1;
  size_t sub_lines = 1;
  size_t lines;
  char num[16];
  size_t c;

  for (c = 0; c < TD_REG_NCOLS; c++) {
    const char *h = td_register_heading((int)c);

    lines = lines_in(h, c, HEAD_PER_UNIT);
    if (c >= TD_REG_ACCEPT && c <= TD_REG_TRANSFER) {
      check(st, worksheet_write_string(ws, R_SUB, (lxw_col_t)c, h, fm->head));
      if (lines > sub_lines)
        sub_lines = lines;
    } else {
      check(st, worksheet_merge_range(ws, R_HEAD, (lxw_col_t)c, R_SUB,
                                      (lxw_col_t)c, h, fm->head));
      if (lines > head_lines + sub_lines)
        head_lines = lines - sub_lines;
    }
    snprintf(num, sizeof(num), "(%zu)", c + 1);
    check(st, worksheet_write_string(ws, R_NUM, (lxw_col_t)c, num, fm->num));
  }
  check(st, worksheet_merge_range(ws, R_HEAD, TD_REG_ACCEPT, R_HEAD,
                                  TD_REG_TRANSFER, _("Direction of handling"),
                                  fm->head));
  check(st, worksheet_set_row(ws, R_HEAD, height(head_lines), NULL));
  check(st, worksheet_set_row(ws, R_SUB, height(sub_lines), NULL));
}

static void put_rows(struct status *st, lxw_worksheet *ws,
                     const struct td_register *r, const struct formats *fm)
{
  lxw_row_t row;
  size_t lines;
  size_t most;
  size_t i;
  size_t c;

  if (r->n == 0) {
    check(st, worksheet_merge_range(ws, R_FIRST, 0, R_FIRST, LAST_COL,
                                    _("No petition was received in this "
                                      "period."),
                                    fm->centre));
    return;
  }
  for (i = 0; i < r->n; i++) {
    row = (lxw_row_t)(R_FIRST + i);
    most = 1;
    for (c = 0; c < TD_REG_NCOLS; c++) {
      const char *s = r->rows[i].cell[c];

      check(st, worksheet_write_string(ws, row, (lxw_col_t)c, s,
                                       is_centred(c) ? fm->centre : fm->cell));
      lines = lines_in(s, c, CELL_PER_UNIT);
      if (lines > most)
        most = lines;
    }
    check(st, worksheet_set_row(ws, row, height(most), NULL));
  }
}

/* Landscape A4, one page wide and as many tall as it takes, the header
 * rows on every page, the page numbers at the foot. */
static void page_setup(struct status *st, lxw_worksheet *ws)
{
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, PAPER_A4);
  worksheet_set_margins(ws, 0.5, 0.4, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  check(st, worksheet_repeat_rows(ws, R_HEAD, R_NUM));
  check(st, worksheet_set_footer(ws, "&C&P/&N"));
}

static int fill(lxw_workbook *wb, struct status *st,
                const struct td_register *r)
{
  struct formats fm;
  lxw_worksheet *ws;
  size_t c;

  if (make_formats(wb, &fm) != 0)
    return -1;
  ws = workbook_add_worksheet(wb, _("Reception book"));
  if (ws == NULL)
    return -1;
  for (c = 0; c < TD_REG_NCOLS; c++)
    check(st, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width[c],
                                   NULL));
  put_title(st, ws, r, &fm);
  put_header(st, ws, &fm);
  put_rows(st, ws, r, &fm);
  page_setup(st, ws);
  return 0;
}

int td_register_write_xlsx(const char *path, const struct td_register *r,
                           char *err, size_t errlen)
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
    snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
    return -1;
  }
  fclose(probe);
  wb = workbook_new(path);
  if (wb == NULL) {
    unlink(path);
    snprintf(err, errlen, _("cannot make the workbook %s: out of memory"),
             path);
    return -1;
  }
  res = fill(wb, &st, r);
  closed = workbook_close(wb);
  if (res == 0 && st.err == LXW_NO_ERROR && closed == LXW_NO_ERROR)
    return 0;
  unlink(path);
  if (res != 0)
    snprintf(err, errlen, _("cannot make the workbook %s: out of memory"),
             path);
  else
    snprintf(err, errlen, _("cannot write %s: %s"), path,
             lxw_strerror(closed != LXW_NO_ERROR ? closed : st.err));
  return -1;
}
