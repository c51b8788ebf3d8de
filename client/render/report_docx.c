/*
 * The report as a DOCX the office can edit before the leader signs it, and
 * what the DOCX and the PDF share; see report_doc.h.
 *
 * Why a writer of our own and not a library: a DOCX is a zip of a few XML
 * parts (WordprocessingML, ECMA-376), and a report needs only a handful of
 * its elements: paragraphs with alignment, indent and spacing, runs in
 * bold, italics or another size, two borderless tables for the heading and
 * signature blocks, paragraph borders for the short rules, and a header
 * with the page number. Debian has no maintained C library that writes
 * DOCX (libreoffice's UNO needs a running office; pandoc and python-docx
 * are not C), while the zip container is exactly what a library should do
 * for us: libzip (Debian's libzip-dev) writes it, deflated, to a temporary
 * file that it renames only when the archive is whole. Every text is
 * escaped for XML here, and bytes that are not UTF-8 become U+FFFD, so a
 * name with "<" or "&" cannot break the document. Word and LibreOffice
 * open the result; tests/integration/test_report_doc.sh converts it with
 * LibreOffice and reads it back.
 */
#include "render/report_doc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "common/day.h"
#include "common/utf8.h"
#include "lang/lang.h"

/* Shared lines ------------------------------------------------------------*/

int td_report_doc_kind(const char *path)
{
  const char *dot;

  dot = path != NULL ? strrchr(path, '.') : NULL;
  if (dot == NULL || dot == path || dot[-1] == '/')
    return -1;
  if (strcasecmp(dot, ".docx") == 0)
    return TD_REPORT_DOCX;
  if (strcasecmp(dot, ".pdf") == 0)
    return TD_REPORT_PDF;
  return -1;
}

int td_report_doc_write(const char *path, const struct td_report_doc *d,
                        char *err, size_t errlen)
{
  switch (td_report_doc_kind(path)) {
  case TD_REPORT_DOCX:
    return td_report_doc_docx(path, d, err, errlen);
  case TD_REPORT_PDF:
    return td_report_doc_pdf(path, d, err, errlen);
  default:
    snprintf(err, errlen, _("%s: the document is written as .docx or .pdf"),
             path != NULL ? path : "");
    return -1;
  }
}

/* Room left to fill by hand, as offices leave it. */
#define BLANK "      "

void td_report_doc_number_line(const struct td_report_doc *d, char *buf,
                               size_t len)
{
  if (d->number != NULL && d->number[0] != '\0')
    snprintf(buf, len, "Số: %s", d->number);
  else
    snprintf(buf, len, "Số:" BLANK "/BC-UBND");
}

/*
 * Nghị định 30/2020, Phụ lục I: a day below 10 and the months 1 and 2 are
 * written with a leading 0 ("ngày 05 tháng 02 năm 2026", "ngày 15 tháng 7
 * năm 2026").
 */
void td_report_doc_date_line(const struct td_report_doc *d, char *buf,
                             size_t len)
{
  const char *place;

  place = d->place != NULL && d->place[0] != '\0' ? d->place : NULL;
  if (d->day < 1 || d->day > 31 || d->month < 1 || d->month > 12)
    snprintf(buf, len, "%s%sngày" BLANK "tháng" BLANK "năm %d",
             place ? place : "", place ? ", " : "", d->year);
  else
    snprintf(buf, len, "%s%sngày %02d tháng %s%d năm %d", place ? place : "",
             place ? ", " : "", d->day, d->month <= 2 ? "0" : "", d->month,
             d->year);
}

void td_report_doc_recipient_line(const struct td_report_doc *d, size_t i,
                                  char *buf, size_t len)
{
  const char *s;
  size_t n;

  if (i >= d->nrecipients || d->recipients[i] == NULL) {
    snprintf(buf, len, "- Lưu: VT.");
    return;
  }
  s = d->recipients[i];
  while (*s == ' ' || *s == '-')
    s++;
  n = strlen(s);
  while (n > 0 && (s[n - 1] == ';' || s[n - 1] == '.' || s[n - 1] == ' '))
    n--;
  snprintf(buf, len, "- %.*s;", (int)n, s);
}

/* The capital of a Vietnamese small letter, or 0 for any other code point:
 * a-z, à-ý; ă đ ĩ ũ ơ ư; and ạ-ỹ, where each small letter is odd and its
 * capital the code point before. The inverse of report_text.c's lower_of. */
static uint32_t upper_of(uint32_t cp)
{
  if ((cp >= 'a' && cp <= 'z') || (cp >= 0xe0 && cp <= 0xfd && cp != 0xf7))
    return cp - 0x20;
  if (cp == 0x103 || cp == 0x111 || cp == 0x129 || cp == 0x169 || cp == 0x1a1 ||
      cp == 0x1b0 || (cp >= 0x1ea1 && cp <= 0x1ef9 && cp % 2))
    return cp - 1;
  return 0;
}

void td_report_doc_upper(const char *s, char *buf, size_t len)
{
  size_t i;
  size_t o;
  uint32_t cp;
  char enc[4];
  int n;
  int k;

  if (len == 0)
    return;
  o = 0;
  for (i = 0; s != NULL && s[i] != '\0'; i += (size_t)n) {
    n = td_utf8_decode(s + i, strnlen(s + i, 4), &cp);
    if (n == 0)
      n = 1; /* A stray byte: U+FFFD in its place. */
    k = td_utf8_encode(upper_of(cp) ? upper_of(cp) : cp, enc);
    if (o + (size_t)k >= len)
      break;
    memcpy(buf + o, enc, (size_t)k);
    o += (size_t)k;
  }
  buf[o] = '\0';
}

/* The line breaks before "đơn thư": the title's two lines are balanced,
 * and the year never stands alone on the second. */
static const char subject_lead[] =
    "Kết quả công tác tiếp công dân, tiếp nhận, xử lý và giải quyết\nđơn thư";

void td_report_doc_subject_of(const char *period, char *buf, size_t len)
{
  if (period != NULL && period[0] != '\0')
    snprintf(buf, len, "%s %s", subject_lead, period);
  else
    snprintf(buf, len, "%s", subject_lead);
}

/* "01/7/2025", "28/02/2026": a day below 10 and the months 1 and 2 with a
 * leading 0, as the Decree writes them. */
static void put_dmy(char *buf, size_t len, int y, int m, int d)
{
  snprintf(buf, len, "%02d/%s%d/%d", d, m <= 2 ? "0" : "", m, y);
}

void td_report_doc_subject(const char *from, const char *to, char *buf,
                           size_t len)
{
  char a_day[48];
  char b_day[48];
  char span[128];
  int a;
  int b;
  int fy;
  int fm;
  int ty;
  int tm;

  if (td_month_index_parse(from, &a) != 0 ||
      td_month_index_parse(to, &b) != 0) {
    snprintf(buf, len, "%s", subject_lead);
    return;
  }
  fy = a / 12;
  fm = a % 12 + 1;
  ty = b / 12;
  tm = b % 12 + 1;
  if (a == b)
    snprintf(buf, len, "%s tháng %d/%d", subject_lead, fm, fy);
  else if (fy == ty && fm == 1 && tm == 12)
    snprintf(buf, len, "%s năm %d", subject_lead, fy);
  else {
    put_dmy(a_day, sizeof(a_day), fy, fm, 1);
    put_dmy(b_day, sizeof(b_day), ty, tm, td_day_days_in_month(ty, tm));
    snprintf(span, sizeof(span), "từ ngày %s đến ngày %s", a_day, b_day);
    td_report_doc_subject_of(span, buf, len);
  }
}

/* XML ---------------------------------------------------------------------*/

/*
 * s as the text of an element: &, <, > and " escaped; tabs and line breaks
 * as WordprocessingML writes them when in a run (in), else as spaces;
 * other control characters, which XML 1.0 has no room for, left out; bytes
 * that are not UTF-8 as U+FFFD.
 */
static void esc(FILE *f, const char *s, int in_run)
{
  size_t i;
  uint32_t cp;
  int n;

  for (i = 0; s != NULL && s[i] != '\0'; i += (size_t)n) {
    n = td_utf8_decode(s + i, strnlen(s + i, 4), &cp);
    if (n == 0) {
      fputs("\xef\xbf\xbd", f);
      n = 1;
      continue;
    }
    switch (cp) {
    case '&':
      fputs("&amp;", f);
      break;
    case '<':
      fputs("&lt;", f);
      break;
    case '>':
      fputs("&gt;", f);
      break;
    case '"':
      fputs("&quot;", f);
      break;
    case '\t':
      fputs(in_run ? "</w:t><w:tab/><w:t xml:space=\"preserve\">" : " ", f);
      break;
    case '\n':
      fputs(in_run ? "</w:t><w:br/><w:t xml:space=\"preserve\">" : " ", f);
      break;
    default:
      if (cp < 0x20 || cp == 0xfffe || cp == 0xffff)
        break;
      fwrite(s + i, 1, (size_t)n, f);
    }
  }
}

enum { PLAIN = 0, BOLD = 1, ITALIC = 2, UNDERLINE = 4 };
enum align { LEFT, CENTER, BOTH };

/* Sizes in points. */
#define HEAD_PT 13
#define BODY_PT 14
#define TO_PT 12   /* "Nơi nhận:" */
#define LIST_PT 11 /* The recipients. */

/* The page, in twentieths of a point (twips): A4, margins 20/20/30/15 mm. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TB 1134
#define MARGIN_L 1701
#define MARGIN_R 850
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
/* The heading's columns: the bodies' and the nation's. */
#define HEAD_L 3600
#define HEAD_R (TEXT_W - HEAD_L)
/* The signature's: recipients and signer. */
#define SIGN_L 4700
#define SIGN_R (TEXT_W - SIGN_L)
/* The motto at 13 pt bold is about this long, its rule as long. */
#define MOTTO_W 3160
/* The first-line indent of the body: 1 cm. */
#define INDENT 567

static const char nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char motto[] = "Độc lập - Tự do - Hạnh phúc";

static void run(FILE *f, const char *text, int style, int pt)
{
  fputs("<w:r><w:rPr>", f);
  if (style & BOLD)
    fputs("<w:b/><w:bCs/>", f);
  if (style & ITALIC)
    fputs("<w:i/><w:iCs/>", f);
  /* In the schema's order (ECMA-376 CT_RPr), which Word insists on. */
  fprintf(f, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", pt * 2, pt * 2);
  if (style & UNDERLINE)
    fputs("<w:u w:val=\"single\"/>", f);
  fputs("</w:rPr>", f);
  fputs("<w:t xml:space=\"preserve\">", f);
  esc(f, text, 1);
  fputs("</w:t></w:r>", f);
}

/* Paragraph properties: alignment, first-line indent, space after (points),
 * keep with the next; the size of an empty paragraph's mark. */
static void ppr(FILE *f, enum align a, int first, int after, int keep, int pt)
{
  static const char *const jc[] = {"left", "center", "both"};

  fputs("<w:pPr>", f);
  if (keep)
    fputs("<w:keepNext/>", f);
  fprintf(f,
          "<w:spacing w:before=\"0\" w:after=\"%d\" w:line=\"%d\" "
          "w:lineRule=\"auto\"/>",
          after * 20, first ? 276 : 240);
  if (first)
    fprintf(f, "<w:ind w:firstLine=\"%d\"/>", first);
  fprintf(f, "<w:jc w:val=\"%s\"/>", jc[a]);
  fprintf(f, "<w:rPr><w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>",
          pt * 2, pt * 2);
  fputs("</w:pPr>", f);
}

static void para(FILE *f, enum align a, int first, int after, int keep,
                 const char *text, int style, int pt)
{
  fputs("<w:p>", f);
  ppr(f, a, first, after, keep, pt);
  if (text != NULL && text[0] != '\0')
    run(f, text, style, pt);
  fputs("</w:p>\n", f);
}

/* A short rule, centred in a column width wide: an empty paragraph a few
 * points high whose bottom border the indents cut to len. */
static void rule(FILE *f, int width, int len)
{
  int side = (width - len) / 2;

  fprintf(f,
          "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" "
          "w:space=\"0\" w:color=\"000000\"/></w:pBdr>"
          "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" "
          "w:lineRule=\"exact\"/>"
          "<w:ind w:left=\"%d\" w:right=\"%d\"/><w:jc w:val=\"center\"/>"
          "<w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>\n",
          side > 0 ? side : 0, side > 0 ? side : 0);
}

/* A borderless table of two columns, as offices lay out the heading and
 * the signature. Elements are written in the schema's order throughout:
 * Word refuses a document whose properties come in another. */
static void table_begin(FILE *f, int left, int right)
{
  fprintf(f,
          "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
          "<w:tblBorders>"
          "<w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
          "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
          "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
          "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
          "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/>"
          "<w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>"
          "<w:tblLook w:val=\"0000\"/></w:tblPr>"
          "<w:tblGrid><w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/>"
          "</w:tblGrid>\n",
          left + right, left, right);
}

static void cell_begin(FILE *f, int width)
{
  fprintf(f, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>",
          width);
}

/* The heading: bodies and nation, then number and place and date. */
static void heading(FILE *f, const struct td_report_doc *d)
{
  char line[512];

  table_begin(f, HEAD_L, HEAD_R);
  fputs("<w:tr>", f);
  cell_begin(f, HEAD_L);
  if (d->superior != NULL && d->superior[0] != '\0')
    para(f, CENTER, 0, 0, 0, d->superior, PLAIN, HEAD_PT);
  para(f, CENTER, 0, 0, 0, d->issuer, BOLD, HEAD_PT);
  rule(f, HEAD_L, HEAD_L / 3);
  fputs("</w:tc>", f);
  cell_begin(f, HEAD_R);
  para(f, CENTER, 0, 0, 0, nation, BOLD, HEAD_PT);
  para(f, CENTER, 0, 0, 0, motto, BOLD, HEAD_PT);
  rule(f, HEAD_R, MOTTO_W);
  fputs("</w:tc></w:tr>\n<w:tr>", f);
  cell_begin(f, HEAD_L);
  td_report_doc_number_line(d, line, sizeof(line));
  para(f, CENTER, 0, 0, 0, "", PLAIN, 4);
  para(f, CENTER, 0, 0, 0, line, PLAIN, HEAD_PT);
  fputs("</w:tc>", f);
  cell_begin(f, HEAD_R);
  td_report_doc_date_line(d, line, sizeof(line));
  para(f, CENTER, 0, 0, 0, "", PLAIN, 4);
  para(f, CENTER, 0, 0, 0, line, ITALIC, BODY_PT);
  fputs("</w:tc></w:tr></w:tbl>\n", f);
}

static void title(FILE *f, const struct td_report_doc *d)
{
  para(f, CENTER, 0, 0, 0, "", PLAIN, BODY_PT);
  para(f, CENTER, 0, 0, 1, "BÁO CÁO", BOLD, BODY_PT);
  para(f, CENTER, 0, 0, 1, d->subject, BOLD, BODY_PT);
  rule(f, TEXT_W, TEXT_W / 5);
  para(f, CENTER, 0, 0, 0, "", PLAIN, BODY_PT);
}

static void body(FILE *f, const struct td_report_doc *d)
{
  const struct td_report_line *l;
  size_t i;

  for (i = 0; d->body != NULL && i < d->body->n; i++) {
    l = &d->body->lines[i];
    if (l->kind == TD_REPORT_TITLE)
      continue;
    para(f, BOTH, INDENT, 6, l->kind == TD_REPORT_HEADING, l->text,
         l->kind == TD_REPORT_HEADING ? BOLD : PLAIN, BODY_PT);
  }
}

static void signature(FILE *f, const struct td_report_doc *d)
{
  char line[512];
  size_t i;
  int k;

  para(f, LEFT, 0, 0, 1, "", PLAIN, BODY_PT);
  table_begin(f, SIGN_L, SIGN_R);
  /* The block stays on one page, with the body's last lines. */
  fputs("<w:tr><w:trPr><w:cantSplit/></w:trPr>", f);
  cell_begin(f, SIGN_L);
  para(f, LEFT, 0, 0, 0, "Nơi nhận:", BOLD | ITALIC, TO_PT);
  for (i = 0; i <= d->nrecipients; i++) {
    td_report_doc_recipient_line(d, i, line, sizeof(line));
    para(f, LEFT, 0, 0, 0, line, PLAIN, LIST_PT);
  }
  fputs("</w:tc>", f);
  cell_begin(f, SIGN_R);
  if (d->authority != NULL && d->authority[0] != '\0')
    para(f, CENTER, 0, 0, 0, d->authority, BOLD, HEAD_PT);
  para(f, CENTER, 0, 0, 0, d->signer_title, BOLD, HEAD_PT);
  /* Room to sign and seal. */
  for (k = 0; k < 4; k++)
    para(f, CENTER, 0, 0, 0, "", PLAIN, BODY_PT);
  para(f, CENTER, 0, 0, 0, d->signer_name, BOLD, BODY_PT);
  fputs("</w:tc></w:tr></w:tbl>\n", f);
}

static const char xml_decl[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
static const char ns_w[] =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"";

static void document(FILE *f, const struct td_report_doc *d)
{
  fprintf(f, "%s<w:document %s><w:body>\n", xml_decl, ns_w);
  heading(f, d);
  title(f, d);
  body(f, d);
  signature(f, d);
  /* Pages numbered from the second: the first page's header (titlePg)
   * is empty. */
  fprintf(f,
          "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
          "<w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
          "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
          "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
          "w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
          "<w:titlePg/></w:sectPr>\n</w:body></w:document>\n",
          PAGE_W, PAGE_H, MARGIN_TB, MARGIN_R, MARGIN_TB, MARGIN_L);
}

static void header_numbered(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f,
          "%s<w:hdr %s><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
          "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
          "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
          "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
          "<w:r><w:t>2</w:t></w:r>"
          "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>\n",
          xml_decl, ns_w);
}

static void header_first(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f, "%s<w:hdr %s><w:p/></w:hdr>\n", xml_decl, ns_w);
}

static void styles(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f,
          "%s<w:styles %s><w:docDefaults><w:rPrDefault><w:rPr>"
          "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
          "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
          "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>"
          "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
          "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
          "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
          "</w:pPr></w:pPrDefault></w:docDefaults>"
          "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
          "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
          "<w:style w:type=\"table\" w:default=\"1\" "
          "w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
          "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
          "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/>"
          "<w:bottom w:w=\"0\" w:type=\"dxa\"/>"
          "<w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
          "</w:style></w:styles>\n",
          xml_decl, ns_w, BODY_PT * 2, BODY_PT * 2);
}

static void settings(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f,
          "%s<w:settings %s><w:defaultTabStop w:val=\"720\"/>"
          "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
          "<w:compat/></w:settings>\n",
          xml_decl, ns_w);
}

static void content_types(FILE *f, const struct td_report_doc *d)
{
  static const char wml[] =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.";

  (void)d;
  fprintf(f,
          "%s<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
          "content-types\">"
          "<Default Extension=\"rels\" ContentType=\"application/"
          "vnd.openxmlformats-package.relationships+xml\"/>"
          "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          "<Override PartName=\"/word/document.xml\" "
          "ContentType=\"%sdocument.main+xml\"/>"
          "<Override PartName=\"/word/styles.xml\" "
          "ContentType=\"%sstyles+xml\"/>"
          "<Override PartName=\"/word/settings.xml\" "
          "ContentType=\"%ssettings+xml\"/>"
          "<Override PartName=\"/word/header1.xml\" "
          "ContentType=\"%sheader+xml\"/>"
          "<Override PartName=\"/word/header2.xml\" "
          "ContentType=\"%sheader+xml\"/>"
          "<Override PartName=\"/docProps/core.xml\" "
          "ContentType=\"application/"
          "vnd.openxmlformats-package.core-properties+xml\"/>"
          "</Types>\n",
          xml_decl, wml, wml, wml, wml, wml);
}

#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE                                                               \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void package_rels(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f,
          "%s<Relationships xmlns=\"" REL_NS "\">"
          "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" "
          "Target=\"word/document.xml\"/>"
          "<Relationship Id=\"rId2\" "
          "Type=\"http://schemas.openxmlformats.org/package/2006/"
          "relationships/metadata/core-properties\" "
          "Target=\"docProps/core.xml\"/></Relationships>\n",
          xml_decl);
}

static void document_rels(FILE *f, const struct td_report_doc *d)
{
  (void)d;
  fprintf(f,
          "%s<Relationships xmlns=\"" REL_NS "\">"
          "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "styles\" "
          "Target=\"styles.xml\"/>"
          "<Relationship Id=\"rId2\" Type=\"" REL_TYPE "settings\" "
          "Target=\"settings.xml\"/>"
          "<Relationship Id=\"rId3\" Type=\"" REL_TYPE "header\" "
          "Target=\"header1.xml\"/>"
          "<Relationship Id=\"rId4\" Type=\"" REL_TYPE "header\" "
          "Target=\"header2.xml\"/></Relationships>\n",
          xml_decl);
}

static void core(FILE *f, const struct td_report_doc *d)
{
  fprintf(f,
          "%s<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
          "package/2006/metadata/core-properties\" "
          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
          "<dc:title>Báo cáo ",
          xml_decl);
  esc(f, d->subject, 0);
  fputs("</dc:title><dc:creator>", f);
  esc(f, d->issuer, 0);
  fputs("</dc:creator><dc:language>vi-VN</dc:language>"
        "</cp:coreProperties>\n",
        f);
}

/* The package
 * ----------------------------------------------------------------*/

typedef void (*part_fn)(FILE *f, const struct td_report_doc *d);

static const struct {
  const char *name;
  part_fn write;
} parts[] = {
    {"[Content_Types].xml", content_types},
    {"_rels/.rels", package_rels},
    {"docProps/core.xml", core},
    {"word/document.xml", document},
    {"word/styles.xml", styles},
    {"word/settings.xml", settings},
    {"word/header1.xml", header_numbered},
    {"word/header2.xml", header_first},
    {"word/_rels/document.xml.rels", document_rels},
};

/* Adds one part to z; 0, or -1 with the reason in err. */
static int add_part(zip_t *z, const char *name, part_fn write,
                    const struct td_report_doc *d, char *err, size_t errlen)
{
  zip_source_t *src;
  char *buf;
  size_t len;
  FILE *f;
  int bad;

  buf = NULL;
  f = open_memstream(&buf, &len);
  if (f == NULL) {
    snprintf(err, errlen, "%s", _("out of memory"));
    return -1;
  }
  write(f, d);
  bad = ferror(f);
  if (fclose(f) != 0 || bad || buf == NULL) {
    free(buf);
    snprintf(err, errlen, "%s", _("out of memory"));
    return -1;
  }
  /* libzip frees buf with the source. */
  src = zip_source_buffer(z, buf, len, 1);
  if (src == NULL) {
    free(buf);
    snprintf(err, errlen, "%s", zip_strerror(z));
    return -1;
  }
  if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
    zip_source_free(src);
    snprintf(err, errlen, "%s", zip_strerror(z));
    return -1;
  }
  return 0;
}

int td_report_doc_docx(const char *path, const struct td_report_doc *d,
                       char *err, size_t errlen)
{
  char why[256];
  zip_error_t ze;
  zip_t *z;
  size_t i;
  int code;

  z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (z == NULL) {
    zip_error_init_with_code(&ze, code);
    snprintf(err, errlen, _("cannot write %s: %s"), path,
             zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return -1;
  }
  for (i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
    if (add_part(z, parts[i].name, parts[i].write, d, why, sizeof(why)) != 0) {
      /* Nothing was written: libzip writes only when closing. */
      zip_discard(z);
      snprintf(err, errlen, _("cannot write %s: %s"), path, why);
      return -1;
    }
  }
  /* libzip writes a temporary file beside path and renames it only when
   * whole; on failure it removes it. */
  if (zip_close(z) != 0) {
    snprintf(err, errlen, _("cannot write %s: %s"), path, zip_strerror(z));
    zip_discard(z);
    return -1;
  }
  return 0;
}
