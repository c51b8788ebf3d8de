/*
 * The report as a PDF, to print as it is; see report_doc.h. As the
 * receipt's PDF (receipt_pdf.c): Pango lays the Vietnamese out and shapes
 * it with HarfBuzz, cairo's PDF surface embeds the subset of Liberation
 * Serif it used (Debian's fonts-liberation2, metric-compatible with the
 * Times New Roman of the DOCX), so it prints the same anywhere and
 * pdftotext reads it back. The body flows line by line over as many pages
 * as it needs; a heading stays with the lines that follow it, and the
 * signature block is never split; pages are numbered from the second, at
 * the top centre, as the Decree asks.
 */
#include "render/report_doc.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lang/lang.h"

#define FONT_FAMILY "Liberation Serif"

/* Points in a millimetre. */
#define MM (72.0 / 25.4)

/* A4, margins per Nghị định 30/2020: top and bottom 20 mm, left 30 mm,
 * right 15 mm. Sizes in points, as the DOCX has them. */
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define LEFT (30.0 * MM)
#define RIGHT (15.0 * MM)
#define TOP (20.0 * MM)
#define BOTTOM (20.0 * MM)
#define TEXT_W (PAGE_W - LEFT - RIGHT)
#define HEAD_L 180.0 /* The bodies' column; the nation's is the rest. */
#define SIGN_L 235.0 /* The recipients' column; the signer's is the rest. */
#define HEAD_PT 13.0
#define BODY_PT 14.0
#define TO_PT 12.0
#define LIST_PT 11.0
#define INDENT (10.0 * MM)
#define LINE_SPACING 1.15
#define PARA_GAP 6.0 /* Points after a body paragraph. */

static const char nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char motto[] = "Độc lập - Tự do - Hạnh phúc";

enum { PLAIN = 0, BOLD = 1, ITALIC = 2 };

/* What draws the pages: where the next line goes. */
struct pen {
  cairo_t *cr;
  PangoContext *pango; /* Of a font map of our own, freed with it. */
  double y;
  int page; /* 1, 2, ... */
};

struct style {
  double size;
  int face; /* PLAIN, BOLD, ITALIC */
  PangoAlignment align;
  int justify;
  double indent;
  double spacing; /* Line spacing factor; 0: the font's own. */
};

static PangoLayout *layout_of(struct pen *p, double width, const char *text,
                              const struct style *s)
{
  PangoLayout *layout = pango_layout_new(p->pango);
  PangoFontDescription *font = pango_font_description_new();

  pango_font_description_set_family(font, FONT_FAMILY);
  pango_font_description_set_absolute_size(font, s->size * PANGO_SCALE);
  if (s->face & BOLD)
    pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  if (s->face & ITALIC)
    pango_font_description_set_style(font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, s->align);
  pango_layout_set_justify(layout, s->justify);
  pango_layout_set_indent(layout, (int)(s->indent * PANGO_SCALE));
  if (s->spacing > 0)
    pango_layout_set_line_spacing(layout, (float)s->spacing);
  pango_layout_set_text(layout, text != NULL ? text : "", -1);
  return layout;
}

static double height_of(PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size(layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

/* The width of the ink of text's first line, in points. */
static double ink_width(struct pen *p, const char *text, const struct style *s)
{
  PangoLayout *layout = layout_of(p, TEXT_W, text, s);
  PangoRectangle ink;

  pango_layout_get_extents(layout, &ink, NULL);
  g_object_unref(layout);
  return (double)ink.width / PANGO_SCALE;
}

/* A block drawn whole at (x, y); returns its height. */
static double block(struct pen *p, double x, double y, double width,
                    const char *text, const struct style *s)
{
  PangoLayout *layout = layout_of(p, width, text, s);
  double h = height_of(layout);

  cairo_move_to(p->cr, x, y);
  pango_cairo_show_layout(p->cr, layout);
  g_object_unref(layout);
  return h;
}

/* A rule len long centred in the column at x, width wide, at y. */
static void rule(struct pen *p, double x, double width, double y, double len)
{
  double mid = x + width / 2;

  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, mid - len / 2, y);
  cairo_line_to(p->cr, mid + len / 2, y);
  cairo_stroke(p->cr);
}

/* Ends the page and starts the next, numbered at the top centre. */
static void new_page(struct pen *p)
{
  static const struct style num = {HEAD_PT, PLAIN, PANGO_ALIGN_CENTER, 0, 0, 0};
  char n[16];

  cairo_show_page(p->cr);
  p->page++;
  snprintf(n, sizeof(n), "%d", p->page);
  block(p, LEFT, 10.0 * MM, TEXT_W, n, &num);
  p->y = TOP;
}

static double room(const struct pen *p)
{
  return PAGE_H - BOTTOM - p->y;
}

/* A paragraph across the text width, line by line, onto the next page
 * where this one is full. */
static void flow(struct pen *p, const char *text, const struct style *s)
{
  PangoLayout *layout = layout_of(p, TEXT_W, text, s);
  PangoLayoutIter *it = pango_layout_get_iter(layout);
  PangoRectangle line;
  double shift = p->y;
  double top = 0;
  double h;
  int base;

  do {
    pango_layout_iter_get_line_extents(it, NULL, &line);
    base = pango_layout_iter_get_baseline(it);
    top = (double)line.y / PANGO_SCALE;
    h = (double)line.height / PANGO_SCALE;
    if (shift + top + h > PAGE_H - BOTTOM) {
      new_page(p);
      shift = p->y - top;
    }
    cairo_move_to(p->cr, LEFT + (double)line.x / PANGO_SCALE,
                  shift + (double)base / PANGO_SCALE);
    pango_cairo_show_layout_line(p->cr,
                                 pango_layout_iter_get_line_readonly(it));
    p->y = shift + top + h;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_object_unref(layout);
}

static void heading(struct pen *p, const struct td_report_doc *d)
{
  static const struct style sup = {HEAD_PT, PLAIN, PANGO_ALIGN_CENTER, 0, 0, 0};
  static const struct style bold = {HEAD_PT, BOLD, PANGO_ALIGN_CENTER, 0, 0, 0};
  static const struct style nat = {HEAD_PT, BOLD, PANGO_ALIGN_CENTER, 0, 0, 0};
  static const struct style num = {HEAD_PT, PLAIN, PANGO_ALIGN_CENTER, 0, 0, 0};
  static const struct style date = {BODY_PT, ITALIC, PANGO_ALIGN_CENTER,
                                    0,       0,      0};
  double rw = TEXT_W - HEAD_L;
  double yl = p->y;
  double yr = p->y;
  double w;
  char line[512];

  if (d->superior != NULL && d->superior[0] != '\0')
    yl += block(p, LEFT, yl, HEAD_L, d->superior, &sup);
  yl += block(p, LEFT, yl, HEAD_L, d->issuer, &bold);
  /* Under the issuer, a rule a third to a half of its line. */
  w = ink_width(p, d->issuer, &bold);
  if (w > HEAD_L)
    w = HEAD_L;
  rule(p, LEFT, HEAD_L, yl + 2, w * 0.45 > 40 ? w * 0.45 : 40);
  yr += block(p, LEFT + HEAD_L, yr, rw, nation, &nat);
  yr += block(p, LEFT + HEAD_L, yr, rw, motto, &bold);
  /* Under the motto, a rule as long as it. */
  rule(p, LEFT + HEAD_L, rw, yr + 1, ink_width(p, motto, &bold));
  p->y = (yl > yr ? yl : yr) + 10;
  td_report_doc_number_line(d, line, sizeof(line));
  yl = p->y + block(p, LEFT, p->y, HEAD_L, line, &num);
  td_report_doc_date_line(d, line, sizeof(line));
  yr = p->y + block(p, LEFT + HEAD_L, p->y, rw, line, &date);
  p->y = yl > yr ? yl : yr;
}

static void title(struct pen *p, const struct td_report_doc *d)
{
  static const struct style t = {BODY_PT, BOLD, PANGO_ALIGN_CENTER, 0, 0, 0};

  p->y += BODY_PT * 1.6;
  p->y += block(p, LEFT, p->y, TEXT_W, "BÁO CÁO", &t);
  p->y += block(p, LEFT, p->y, TEXT_W, d->subject, &t);
  rule(p, LEFT, TEXT_W, p->y + 3, TEXT_W / 4);
  p->y += BODY_PT * 1.4;
}

static void body(struct pen *p, const struct td_report_doc *d)
{
  static const struct style para = {BODY_PT, PLAIN,  PANGO_ALIGN_LEFT,
                                    1,       INDENT, LINE_SPACING};
  static const struct style head = {BODY_PT, BOLD,   PANGO_ALIGN_LEFT,
                                    1,       INDENT, LINE_SPACING};
  const struct td_report_line *l;
  size_t i;

  for (i = 0; d->body != NULL && i < d->body->n; i++) {
    l = &d->body->lines[i];
    if (l->kind == TD_REPORT_TITLE)
      continue;
    /* A heading keeps three lines of what follows with it. */
    if (l->kind == TD_REPORT_HEADING && room(p) < BODY_PT * LINE_SPACING * 4.5)
      new_page(p);
    flow(p, l->text, l->kind == TD_REPORT_HEADING ? &head : &para);
    p->y += PARA_GAP;
  }
}

/* The signature block, on this page if it fits, else on the next. */
static void signature(struct pen *p, const struct td_report_doc *d)
{
  static const struct style to = {TO_PT, BOLD | ITALIC, PANGO_ALIGN_LEFT, 0, 0,
                                  0};
  static const struct style list = {LIST_PT, PLAIN, PANGO_ALIGN_LEFT, 0, 0, 0};
  static const struct style sign = {HEAD_PT, BOLD, PANGO_ALIGN_CENTER, 0, 0, 0};
  static const struct style name = {BODY_PT, BOLD, PANGO_ALIGN_CENTER, 0, 0, 0};
  GString *left = g_string_new(NULL);
  GString *right = g_string_new(NULL);
  PangoLayout *l;
  PangoLayout *r;
  double rw = TEXT_W - SIGN_L;
  double hl, hr, hn, y;
  char line[512];
  size_t i;

  for (i = 0; i <= d->nrecipients; i++) {
    td_report_doc_recipient_line(d, i, line, sizeof(line));
    g_string_append_printf(left, "%s%s", i ? "\n" : "", line);
  }
  if (d->authority != NULL && d->authority[0] != '\0')
    g_string_append_printf(right, "%s\n", d->authority);
  g_string_append(right, d->signer_title != NULL ? d->signer_title : "");
  l = layout_of(p, SIGN_L, left->str, &list);
  r = layout_of(p, rw, right->str, &sign);
  hl = TO_PT * 1.2 + height_of(l);
  /* Room to sign and seal: about five lines. */
  hn = BODY_PT * 1.2;
  hr = height_of(r) + BODY_PT * 5.5 + hn;
  p->y += BODY_PT;
  if (room(p) < (hl > hr ? hl : hr))
    new_page(p);
  y = p->y;
  y += block(p, LEFT, y, SIGN_L, "Nơi nhận:", &to);
  cairo_move_to(p->cr, LEFT, y);
  pango_cairo_show_layout(p->cr, l);
  cairo_move_to(p->cr, LEFT + SIGN_L, p->y);
  pango_cairo_show_layout(p->cr, r);
  y = p->y + height_of(r) + BODY_PT * 5.5;
  if (d->signer_name != NULL && d->signer_name[0] != '\0')
    block(p, LEFT + SIGN_L, y, rw, d->signer_name, &name);
  p->y += hl > hr ? hl : hr;
  g_object_unref(l);
  g_object_unref(r);
  g_string_free(left, TRUE);
  g_string_free(right, TRUE);
}

int td_report_doc_pdf(const char *path, const struct td_report_doc *d,
                      char *err, size_t errlen)
{
  cairo_surface_t *surface;
  PangoFontMap *fonts;
  cairo_status_t st;
  struct pen p;
  char title_meta[512];
  size_t i;

  surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
  st = cairo_surface_status(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    snprintf(err, errlen, _("cannot write %s: %s"), path,
             cairo_status_to_string(st));
    return -1;
  }
  snprintf(title_meta, sizeof(title_meta), "Báo cáo %s",
           d->subject != NULL ? d->subject : "");
  for (i = 0; title_meta[i] != '\0'; i++)
    if (title_meta[i] == '\n')
      title_meta[i] = ' ';
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title_meta);
  p.cr = cairo_create(surface);
  /* A font map of its own rather than Pango's process-wide one, so that
   * everything it loaded from fontconfig is freed with it. */
  fonts = pango_cairo_font_map_new();
  p.pango = pango_font_map_create_context(fonts);
  pango_cairo_update_context(p.cr, p.pango);
  p.y = TOP;
  p.page = 1;
  cairo_set_source_rgb(p.cr, 0, 0, 0);
  heading(&p, d);
  title(&p, d);
  body(&p, d);
  signature(&p, d);
  cairo_show_page(p.cr);
  g_object_unref(p.pango);
  g_object_unref(fonts);
  cairo_destroy(p.cr);
  cairo_surface_finish(surface);
  st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    /* Not a document anyone should print. */
    unlink(path);
    snprintf(err, errlen, _("cannot write %s: %s"), path,
             cairo_status_to_string(st));
    return -1;
  }
  return 0;
}
