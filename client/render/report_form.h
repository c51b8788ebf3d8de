/*
 * An official report form (biểu mẫu) as the server filled it (FormReply):
 * its header laid out from the column tree, for a terminal, csv, json and
 * an Excel workbook in the form's own layout; and the petitions behind one
 * figure. Pure: the functions take the stream or the path.
 */
#ifndef TD_RENDER_REPORT_FORM_H
#define TD_RENDER_REPORT_FORM_H

#include <stddef.h>
#include <stdio.h>

#include "common/period.h"
#include "render/output.h"
#include "tiepdan.pb-c.h"

/* Where each column of the form sits in a header of depth rows: the leaves,
 * left to right, are the data columns. */
struct td_form_cell {
  const Tiepdan__FormColumn *col;
  size_t row, first, last; /* Header row; first and last leaf it spans. */
  size_t bottom;           /* Its last header row (a leaf spans down). */
};

struct td_form_layout {
  size_t depth;                       /* Header rows. */
  size_t nleaves;                     /* Data columns. */
  const Tiepdan__FormColumn **leaves; /* Left to right. */
  size_t ncells;
  struct td_form_cell *cells;
};

/* Lays the columns out. Returns 0, or -1 if memory ran out or the tree is
 * broken (a parent named that is not a column, or a cycle). */
int td_form_layout(const Tiepdan__FormReply *r, struct td_form_layout *l);
void td_form_layout_free(struct td_form_layout *l);

/* The value of leaf in row: -1 for a manual column (left blank). */
long long td_form_value(const Tiepdan__FormRow *row,
                        const Tiepdan__FormColumn *leaf);

/* What the document is about: the period and language. */
struct td_form_doc {
  const struct td_period *period;
  int vi; /* Vietnamese labels (else English). */
};

/*
 * The form on f: for a terminal, one line per data column with its
 * number, its label under its groups, the value of each unit (when there
 * are at most 6) and the total, then the checks; csv: a header row of
 * unit_code, unit_name, c1..cN, a row per unit and TOTAL, blanks where
 * manual; json: the whole form. Returns 0 or -1 if the stream failed.
 */
int td_form_print(FILE *f, enum td_format fmt, const Tiepdan__FormReply *r,
                  const struct td_form_doc *d);

/* The petitions and sessions behind one figure. */
int td_form_print_items(FILE *f, enum td_format fmt,
                        const Tiepdan__FormReply *r, unsigned column,
                        const char *unit, const struct td_form_doc *d);

/*
 * The workbook of the form at path, laid out as the circular prints it:
 * the form's label and basis top left, the title and the period centred,
 * the multi-level header with merged cells, the numbered row (A, B, 1..N),
 * a row per unit and the total in bold, the checks under the table, the
 * signatures; A4 landscape, one page wide, the header repeated on every
 * page, Times New Roman, counts in the Vietnamese number format. Returns 0,
 * or -1 with the reason in err; a file it could not finish is removed.
 */
int td_form_write_xlsx(const char *path, const Tiepdan__FormReply *r,
                       const struct td_form_doc *d, char *err, size_t errlen);

#endif
