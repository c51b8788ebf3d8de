/*
 * The citizen's receipt as a PDF; see receipt.h. Pango lays the text out
 * and shapes it with HarfBuzz, so Vietnamese comes out right even when it
 * was typed decomposed (a letter followed by its combining marks, as
 * Unikey's "Unicode tổ hợp" writes it) and with stacked marks (ệ, ở, ữ);
 * cairo's PDF surface embeds the subset of the font it used, so the
 * receipt prints the same on any computer and pdftotext reads it back.
 * The font is Liberation Serif (Debian's fonts-liberation2), metric-
 * compatible with the Times New Roman of administrative documents, with
 * every Vietnamese letter and combining mark.
 */
#include "render/receipt.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "lang/lang.h"

#define FONT_FAMILY "Liberation Serif"

/* Points in a millimetre. */
#define MM (72.0 / 25.4)

/* The page, its margins and type sizes, in points. The A4 figures follow
 * Nghị định 30/2020/NĐ-CP (left 30 mm, right 15 mm, top and bottom 20 mm,
 * text 13 to 14 pt, here 14); A5 is the same page scaled down by its ratio. */
struct page {
  double width, height;
  double left, right, top;
  double text; /* Body size. */
  double title;
};

static void page_for(enum td_paper paper, struct page *pg)
{
  double k = paper == TD_PAPER_A4 ? 1.0 : 1.0 / 1.41421356;

  pg->width = (paper == TD_PAPER_A4 ? 210.0 : 148.0) * MM;
  pg->height = (paper == TD_PAPER_A4 ? 297.0 : 210.0) * MM;
  pg->left = 30.0 * MM * k;
  pg->right = 15.0 * MM * k;
  pg->top = 20.0 * MM * k;
  pg->text = 14.0 * k;
  pg->title = 16.0 * k;
}

/* What draws the page: where the next line goes. */
struct pen {
  cairo_t *cr;
  PangoContext *pango; /* Of a font map of our own, freed with it. */
  const struct page *pg;
  double y;
};

enum style { PLAIN = 0, BOLD = 1, ITALIC = 2 };

/* A paragraph of text at (x, y), width wide, aligned; returns its height.
 * The text is plain (not markup); style applies to all of it. */
static double paragraph(struct pen *p, double x, double y, double width,
                        const char *text, double size, int style,
                        PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new(p->pango);
  PangoFontDescription *font = pango_font_description_new();
  int w, h;

  pango_font_description_set_family(font, FONT_FAMILY);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  if (style & BOLD)
    pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  if (style & ITALIC)
    pango_font_description_set_style(font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, text, -1);
  cairo_move_to(p->cr, x, y);
  pango_cairo_show_layout(p->cr, layout);
  pango_layout_get_size(layout, &w, &h);
  pango_font_description_free(font);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

/* A short rule centred under a header column, as the documents draw it. */
static void rule(struct pen *p, double x, double width, double len)
{
  double mid = x + width / 2;

  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, mid - len / 2, p->y);
  cairo_line_to(p->cr, mid + len / 2, p->y);
  cairo_stroke(p->cr);
}

/* Two columns side by side (the header, the signatures); the pen moves
 * below the taller. */
static void columns(struct pen *p, const char *left, int lstyle,
                    const char *right, int rstyle, double size)
{
  const struct page *pg = p->pg;
  double body = pg->width - pg->left - pg->right;
  double lw = body * 0.40;
  double rw = body - lw;
  double hl =
      paragraph(p, pg->left, p->y, lw, left, size, lstyle, PANGO_ALIGN_CENTER);
  double hr = paragraph(p, pg->left + lw, p->y, rw, right, size, rstyle,
                        PANGO_ALIGN_CENTER);

  p->y += hl > hr ? hl : hr;
}

static void header(struct pen *p, const struct td_receipt_words *w)
{
  const struct page *pg = p->pg;
  double body = pg->width - pg->left - pg->right;
  double lw = body * 0.40;
  double s = pg->text * 0.92;
  char *agency = g_strdup_printf("%s\n%s", w->agency_top, w->agency);
  char *nation = g_strdup_printf("%s\n%s", td_receipt_nation, td_receipt_motto);
  double hl, hr;

  hl = paragraph(p, pg->left, p->y, lw, agency, s, BOLD, PANGO_ALIGN_CENTER);
  hr = paragraph(p, pg->left + lw, p->y, body - lw, nation, s, BOLD,
                 PANGO_ALIGN_CENTER);
  p->y += (hl > hr ? hl : hr) + 3;
  rule(p, pg->left, lw, lw * 0.35);
  rule(p, pg->left + lw, body - lw, (body - lw) * 0.62);
  p->y += pg->text * 0.6;
  columns(p, w->number, PLAIN, w->place_date, ITALIC, pg->text * 0.92);
  g_free(agency);
  g_free(nation);
}

static void body(struct pen *p, const struct td_receipt_words *w)
{
  const struct page *pg = p->pg;
  double x = pg->left;
  double width = pg->width - pg->left - pg->right;
  double gap = pg->text * 0.35;
  char *line;
  int i;

  p->y += pg->text * 1.6;
  p->y += paragraph(p, x, p->y, width, w->title, pg->title, BOLD,
                    PANGO_ALIGN_CENTER);
  p->y += paragraph(p, x, p->y, width, w->subtitle, pg->text, ITALIC,
                    PANGO_ALIGN_CENTER);
  p->y += pg->text * 1.2;
  p->y += paragraph(p, x, p->y, width, w->intro, pg->text, PLAIN,
                    PANGO_ALIGN_LEFT) +
          gap;
  for (i = 0; i < w->nrows; i++) {
    line = g_strdup_printf("- %s: %s", w->label[i], w->value[i]);
    p->y +=
        paragraph(p, x, p->y, width, line, pg->text, PLAIN, PANGO_ALIGN_LEFT) +
        gap;
    g_free(line);
  }
  p->y += gap;
  p->y += paragraph(p, x, p->y, width, w->next_step, pg->text, BOLD,
                    PANGO_ALIGN_LEFT) +
          gap;
  p->y +=
      paragraph(p, x, p->y, width, w->keep, pg->text, ITALIC, PANGO_ALIGN_LEFT);
}

static void signatures(struct pen *p, const struct td_receipt_words *w)
{
  const struct page *pg = p->pg;

  p->y += pg->text * 1.6;
  columns(p, td_receipt_sign_citizen, BOLD, td_receipt_sign_officer, BOLD,
          pg->text);
  columns(p, td_receipt_sign_hint, ITALIC, td_receipt_sign_hint, ITALIC,
          pg->text * 0.9);
  /* Room to sign. */
  p->y += pg->text * 4.5;
  columns(p, w->citizen_name, BOLD, w->officer_name, BOLD, pg->text);
}

int td_receipt_pdf(const char *path, const struct td_receipt *r,
                   enum td_paper paper, char *err, size_t errlen)
{
  struct td_receipt_words w;
  struct page pg;
  struct pen p;
  cairo_surface_t *surface;
  PangoFontMap *fonts;
  cairo_status_t st;

  if (td_receipt_words(r, &w) != 0) {
    td_receipt_words_free(&w);
    snprintf(err, errlen, "%s", _("out of memory"));
    return -1;
  }
  page_for(paper, &pg);
  surface = cairo_pdf_surface_create(path, pg.width, pg.height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 "Giấy biên nhận đơn");
  p.cr = cairo_create(surface);
  /* A font map of its own rather than Pango's process-wide one, so that
   * everything it loaded from fontconfig is freed with it. */
  fonts = pango_cairo_font_map_new();
  p.pango = pango_font_map_create_context(fonts);
  pango_cairo_update_context(p.cr, p.pango);
  p.pg = &pg;
  p.y = pg.top;
  cairo_set_source_rgb(p.cr, 0, 0, 0);
  header(&p, &w);
  body(&p, &w);
  signatures(&p, &w);
  cairo_show_page(p.cr);
  g_object_unref(p.pango);
  g_object_unref(fonts);
  cairo_destroy(p.cr);
  cairo_surface_finish(surface);
  st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  td_receipt_words_free(&w);
  if (st != CAIRO_STATUS_SUCCESS) {
    snprintf(err, errlen, "%s: %s", path, cairo_status_to_string(st));
    return -1;
  }
  return 0;
}
