/*
 * The citizen-reception book (sổ tiếp công dân, Mẫu số 03 of Circular
 * 04/2021/TT-TTCP): one line per petition received in a period, oldest
 * first, in the book's twelve columns. Pure: the lines are made from the
 * petitions and the server's terms (render/terms.h), then written for a
 * terminal, as csv, as json or as a workbook in the book's printed layout.
 *
 * The petitioner's identity is what the server sent: when it withheld it
 * from the caller (Petition.redacted), the name, address and ID number
 * columns say "(kept secret)" and nothing of the petitioner is printed, even
 * if a field came.
 */
#ifndef TD_RENDER_REGISTER_H
#define TD_RENDER_REGISTER_H

#include <stddef.h>
#include <stdio.h>

#include "common/day.h"
#include "render/format.h"
#include "tiepdan.pb-c.h"

/* The book's columns, numbered (1) to (12) in the printed form. */
enum td_register_col {
  TD_REG_NO,       /* (1) STT. */
  TD_REG_DAY,      /* (2) Ngày tiếp. */
  TD_REG_NAME,     /* (3) Họ tên – Địa chỉ. */
  TD_REG_ID,       /* (4) CMND/CCCD/Hộ chiếu. */
  TD_REG_CONTENT,  /* (5) Nội dung vụ việc: the summary. */
  TD_REG_KIND,     /* (6) Phân loại đơn / Số người. */
  TD_REG_EARLIER,  /* (7) Cơ quan đã giải quyết. */
  TD_REG_ACCEPT,   /* (8) Thụ lý để giải quyết: "x". */
  TD_REG_RETURN,   /* (9) Trả lại đơn và hướng dẫn: "x". */
  TD_REG_TRANSFER, /* (10) Chuyển đơn: the agency, or "x". */
  TD_REG_RESULT,   /* (11) Theo dõi kết quả giải quyết. */
  TD_REG_NOTE,     /* (12) Ghi chú. */
  TD_REG_NCOLS
};

/* One line of the book: every cell a malloc'd string ("" when empty). */
struct td_register_row {
  char *cell[TD_REG_NCOLS];
  td_day day;          /* The day received (column 2), in Vietnam. */
  const char *receipt; /* Borrowed from the petition. */
  int64_t id;          /* The petition's id; 0 when it had none. */
  int redacted;        /* The identity was withheld from the caller. */
};

struct td_register {
  /* The unit and the period (days, inclusive); borrowed, may be NULL. */
  const char *unit_code;
  const char *unit_name;
  td_day from;
  td_day to;
  size_t n;
  struct td_register_row *rows;
};

/*
 * Makes the lines of the petitions p[0..n), oldest received first (by
 * receipt time, then id), naming kinds, statuses, outcomes and channels
 * from hello's terms (in English when english is set; codes when the
 * server names none). The words of the book itself are the officer's
 * language (lang/lang.h). out's unit and period are left for the caller.
 * Returns 0, or -1 when memory ran out (out is then empty).
 */
int td_register_make(const Tiepdan__Petition *const *p, size_t n,
                     const Tiepdan__HelloReply *hello, int english,
                     struct td_register *out);
void td_register_free(struct td_register *r);

/* The heading of column col in the officer's language, and its name in
 * csv and json ("no", "received_on", ...). */
const char *td_register_heading(int col);
const char *td_register_wire(int col);

/*
 * For a terminal: a title, the unit and the period, then the table, each
 * cell wrapped to its column by display width. columns is the terminal's
 * width (0: not a terminal, every column as wide as its content up to a
 * cap, so that a line of text is never split); the wide columns shrink to
 * fit it down to a minimum. Returns 0, or -1 on an error of f or memory.
 */
int td_register_print_table(FILE *f, const struct td_register *r, int columns);

/* csv: a header row of the columns' names, then one row per line, CRLF;
 * the day as YYYY-MM-DD. */
int td_register_print_csv(FILE *f, const struct td_register *r);

/* json: {"unit":..., "from":..., "to":..., "rows":[{...}]}. */
int td_register_print_json(FILE *f, const struct td_register *r);

/*
 * The book as a workbook in its printed layout: the title, the unit and
 * the period, the two-level header (Hướng xử lý over columns 8 to 10) with
 * merged cells, the numbered row (1) to (12), A4 landscape fitted to one
 * page wide, the header repeated on every page, Times New Roman 12,
 * wrapped text and borders. Returns 0, or -1 with err set; a file that
 * could not be written whole is removed.
 */
int td_register_write_xlsx(const char *path, const struct td_register *r,
                           char *err, size_t errlen);

#endif
