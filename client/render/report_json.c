/* The report as one json object; see report.h. */
#include "render/report_int.h"

#include <stdio.h>

#include "render/format.h"

static void put_json_table(FILE *f, struct td_rtable *t)
{
  char buf[TD_RCELL_TEXT];
  const struct td_rcell *x;
  size_t i;
  size_t c;

  fputc('[', f);
  for (i = 0; i < t->nrows; i++) {
    fputs(i > 0 ? ",\n{" : "\n{", f);
    for (c = 0; c < t->ncols; c++) {
      if (c > 0)
        fputc(',', f);
      td_output_json_string(f, t->wire[c]);
      fputc(':', f);
      x = td_report__cell(t, i, c);
      if (x->type == TD_RC_TEXT)
        td_output_json_string(f, x->s);
      else
        fputs(x->type == TD_RC_NONE ? "null" : td_report__plain(x, buf), f);
    }
    fputc('}', f);
  }
  fputs(t->nrows > 0 ? "\n]" : "]", f);
}

static int put_json_text(FILE *f, const struct td_report *r)
{
  struct td_report_text text;
  size_t i;

  if (td_report_text_make(r, &text) != 0) {
    td_report_text_free(&text);
    return -1;
  }
  fputc('[', f);
  for (i = 0; i < text.n; i++) {
    fputs(i > 0 ? ",\n" : "\n", f);
    td_output_json_string(f, text.lines[i].text);
  }
  fputs(text.n > 0 ? "\n]" : "]", f);
  td_report_text_free(&text);
  return 0;
}

int td_report_print_json(FILE *f, const struct td_report *r, int table)
{
  struct td_rtable t;
  int id;

  fputs("{\"report\":", f);
  td_output_json_string(f, r->front_report ? "front" : "commune");
  fputs(",\"unit\":{\"code\":", f);
  td_output_json_string(f, r->unit_code);
  fputs(",\"name\":", f);
  td_output_json_string(f, r->unit_name);
  fputs("},\"from\":", f);
  td_output_json_string(f, r->from);
  fputs(",\"to\":", f);
  td_output_json_string(f, r->to);
  fputs(",\"today\":", f);
  td_output_json_string(f, r->total ? r->total->today : NULL);
  fputs(",\"lang\":", f);
  td_output_json_string(f, r->lang == TD_REPORT_VI ? "vi" : "en");
  fputs(",\"text\":", f);
  if (put_json_text(f, r) != 0)
    return -1;
  for (id = 0; id < TD_REPORT_N_TABLES; id++) {
    /* Every table of the report whose parts are known. */
    if ((table >= 0 && id != table) ||
        !td_report_table_of(id, r->front_report) ||
        (id == TD_REPORT_FRONT && r->front == NULL && table < 0) ||
        (id == TD_REPORT_SESSION_LIST && !r->has_sessions && table < 0) ||
        (id == TD_REPORT_FRONT_LIST && !r->has_front_petitions && table < 0))
      continue;
    if (td_report__table(r, id, &t) != 0) {
      td_report__table_free(&t);
      return -1;
    }
    fputs(",\n", f);
    td_output_json_string(f, td_report_table_name(id));
    fputc(':', f);
    put_json_table(f, &t);
    td_report__table_free(&t);
  }
  fputs("}\n", f);
  return ferror(f) ? -1 : 0;
}
