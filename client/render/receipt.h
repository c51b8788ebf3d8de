/*
 * The citizen's receipt (giấy biên nhận đơn, kiêm phiếu hẹn): what the
 * reception officer hands over once a petition is recorded. Its wording is
 * Vietnamese whatever the officer's language, because it is an official
 * paper for the citizen; the layout follows the administrative documents'
 * (Nghị định 30/2020/NĐ-CP): the agency and the national motto side by
 * side, the number and the place and date, the title, the facts, what
 * happens next and by when, and a place for both to sign.
 *
 * The render layer only lays out what it is given: the command fills a
 * struct td_receipt from the server's ReceiptReply and HelloReply. Every
 * string is borrowed.
 */
#ifndef TD_RENDER_RECEIPT_H
#define TD_RENDER_RECEIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct td_receipt {
  const char *province;   /* "Tỉnh Lai Châu"; NULL when unknown. */
  const char *commune;    /* "Xã Bình Lư": the handling commune. */
  const char *receipt_no; /* "BL-2026-000001". */
  int64_t received_at;    /* Unix seconds. */
  const char *citizen;    /* NULL or "" when withheld or not given. */
  int withheld;           /* The identity was kept from this officer. */
  const char *kind;       /* Vietnamese name of the kind. */
  const char *channel;    /* Vietnamese name of the channel; may be NULL. */
  const char *summary;    /* May be NULL (withheld). */
  const char *deadline;   /* "YYYY-MM-DD" of the running step, or NULL. */
  const char *step;       /* "accept" or "resolve", with deadline. */
  const char *officer;    /* The officer who prints it. */
};

enum td_paper { TD_PAPER_A5, TD_PAPER_A4 };

/* The summary is cut to this many columns on the receipt. */
#define TD_RECEIPT_SUMMARY_COLUMNS 240

/*
 * The receipt's wording, made once for both renderings. Each string is
 * malloc'd (td_receipt_words_free frees them); rows are label and value
 * pairs in order. Returns 0, or -1 when memory ran out.
 */
#define TD_RECEIPT_ROWS 6
struct td_receipt_words {
  char *agency_top; /* "ỦY BAN NHÂN DÂN" */
  char *agency;     /* "XÃ BÌNH LƯ" */
  char *number;     /* "Số: BL-2026-000001" */
  char *place_date; /* "Bình Lư, ngày 01 tháng 12 năm 2026" */
  char *title;      /* "GIẤY BIÊN NHẬN ĐƠN" */
  char *subtitle;   /* "(Kiêm phiếu hẹn)" */
  char *intro; /* "Ủy ban nhân dân xã Bình Lư, tỉnh Lai Châu ..." */
  char *label[TD_RECEIPT_ROWS];
  char *value[TD_RECEIPT_ROWS];
  int nrows;
  char *next_step;    /* What happens next and by when. */
  char *keep;         /* Keep this paper; quote the number. */
  char *citizen_name; /* Under the citizen's signature; "" when withheld. */
  char *officer_name;
};

/* The motto lines and the signature captions, the same on every receipt. */
extern const char td_receipt_nation[];
extern const char td_receipt_motto[];
extern const char td_receipt_sign_citizen[];
extern const char td_receipt_sign_officer[];
extern const char td_receipt_sign_hint[];

int td_receipt_words(const struct td_receipt *r, struct td_receipt_words *w);
void td_receipt_words_free(struct td_receipt_words *w);

/* The receipt as plain text for a simple printer, 72 columns wide by
 * display width. Returns 0, or -1 when memory ran out or out failed. */
int td_receipt_text(FILE *out, const struct td_receipt *r);

/* The receipt as a one-page PDF at path. Returns 0, or -1 with why in err
 * (the file cannot be written, memory ran out). */
int td_receipt_pdf(const char *path, const struct td_receipt *r,
                   enum td_paper paper, char *err, size_t errlen);

#endif
