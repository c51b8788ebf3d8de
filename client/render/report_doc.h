/*
 * The report as the document a leader signs: an administrative document in
 * the layout of Nghị định 30/2020/NĐ-CP, as DOCX (for the office to edit
 * before signing) or PDF (to print as it is). Pure: nothing here touches
 * the network.
 *
 * The page is A4 portrait, margins top and bottom 20 mm, left 30 mm, right
 * 15 mm; Times New Roman in the DOCX (Liberation Serif, metric-compatible,
 * in the PDF), 13 pt in the heading blocks, 14 pt in the body. Top left the
 * superior body, the issuing body in bold with a short rule under it, and
 * "Số: .../BC-UBND"; top right the national heading and the motto in bold,
 * the motto ruled, then the place and date in italics. Centred "BÁO CÁO"
 * and the subject in bold. The body: headings in bold, paragraphs
 * justified with a first-line indent. Bottom left "Nơi nhận:" and the
 * recipients, "- Lưu: VT." last; bottom right the authority, the signer's
 * title, room to sign and seal, the signer's name in bold. Pages are
 * numbered from the second, at the top centre.
 *
 * The document is always in Vietnamese: its frame is the Decree's, and the
 * caller gives the body in Vietnamese (td_report_text_make with
 * TD_REPORT_VI).
 */
#ifndef TD_RENDER_REPORT_DOC_H
#define TD_RENDER_REPORT_DOC_H

#include <stddef.h>

#include "render/report.h"

/* Everything is borrowed. */
struct td_report_doc {
  const char *superior; /* "ỦY BAN NHÂN DÂN"; NULL leaves the line out. */
  const char *issuer;   /* "XÃ BÌNH LƯ" */
  const char *number;   /* "12/BC-UBND"; NULL: "     /BC-UBND" to fill in. */
  const char *place;    /* "Bình Lư" */
  int year, month, day; /* day 0: "ngày ... tháng ... năm YEAR" to fill in. */
  const char *subject;  /* Under "BÁO CÁO". */
  /* The paragraphs; its TITLE lines are left out, the document has its
   * own title. */
  const struct td_report_text *body;
  const char *const *recipients; /* "Thanh tra tỉnh"; "- Lưu: VT." follows. */
  size_t nrecipients;
  const char *authority;    /* "TM. ỦY BAN NHÂN DÂN"; NULL: none. */
  const char *signer_title; /* "CHỦ TỊCH" */
  const char *signer_name;  /* NULL: a blank line to fill in. */
};

/* What a path names: a DOCX, a PDF, or neither (-1), by its extension in
 * any case. */
enum td_report_doc_kind { TD_REPORT_DOCX = 0, TD_REPORT_PDF = 1 };
int td_report_doc_kind(const char *path);

/*
 * Writes the document at path, DOCX or PDF by the path's extension.
 * Returns 0, or -1 with the reason in err; a file it could not finish is
 * removed (a DOCX is written to a temporary file and renamed only when
 * whole).
 */
int td_report_doc_write(const char *path, const struct td_report_doc *d,
                        char *err, size_t errlen);
int td_report_doc_docx(const char *path, const struct td_report_doc *d,
                       char *err, size_t errlen);
int td_report_doc_pdf(const char *path, const struct td_report_doc *d,
                      char *err, size_t errlen);

/* The lines both formats share, written into buf: "Số: 12/BC-UBND" or
 * "Số:      /BC-UBND"; "Bình Lư, ngày 02 tháng 12 năm 2026" (a day below
 * 10 and the months 1 and 2 with a leading 0, as the Decree writes them),
 * or "Bình Lư, ngày      tháng      năm 2026" without a day. */
void td_report_doc_number_line(const struct td_report_doc *d, char *buf,
                               size_t len);
void td_report_doc_date_line(const struct td_report_doc *d, char *buf,
                             size_t len);
/* "- Thanh tra tỉnh;" for recipient i (trailing ";" or "." given dropped),
 * and "- Lưu: VT." for i == d->nrecipients. */
void td_report_doc_recipient_line(const struct td_report_doc *d, size_t i,
                                  char *buf, size_t len);

/*
 * s in capitals, Vietnamese letters too ("Xã Bình Lư" -> "XÃ BÌNH LƯ"),
 * cut to len bytes on a whole character. Combining marks stay as they are.
 */
void td_report_doc_upper(const char *s, char *buf, size_t len);

/*
 * The subject of a report of the months from to to (YYYY-MM): "Kết quả
 * công tác tiếp công dân, tiếp nhận, xử lý và giải quyết\nđơn thư năm 2026"
 * for a whole year, else "... tháng 6/2026", else "... từ ngày 01/7/2025
 * đến ngày 30/6/2026"; the line break balances the title's two lines (the
 * DOCX writes it as a break, the PDF's metadata as a space).
 */
void td_report_doc_subject(const char *from, const char *to, char *buf,
                           size_t len);
/* The same subject for a period already named ("năm 2026", "6 tháng đầu
 * năm 2026", "từ ngày 01/7/2025 đến ngày 02/12/2026"). */
void td_report_doc_subject_of(const char *period, char *buf, size_t len);

#endif
