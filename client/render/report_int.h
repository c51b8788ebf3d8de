/*
 * What the report's files share; not for other modules, hence the
 * td_report__ prefix. They call each other one way only: report_data.c
 * (names, numbers, rows) is read by report_text.c (the paragraphs) and
 * report_table.c (the tables, built once from the replies and written as
 * csv or for a terminal); report_json.c and report_xlsx.c write both.
 */
#ifndef TD_RENDER_REPORT_INT_H
#define TD_RENDER_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "render/report.h"

enum td_rcell_type {
  TD_RC_NONE,  /* Not known: the server did not send it. */
  TD_RC_TEXT,  /* s */
  TD_RC_COUNT, /* n */
  TD_RC_RATE   /* rate, a fraction */
};

struct td_rcell {
  enum td_rcell_type type;
  const char *s;
  uint64_t n;
  double rate;
};

/* Room for any number a cell shows, with its NUL. */
#define TD_RCELL_TEXT 40

/* Room for a row's own texts: a month's code and name, a day. */
#define TD_RTEXT 48

struct td_rtable {
  int id; /* enum td_report_table */
  size_t ncols;
  size_t nrows;              /* Not counting the header. */
  size_t nkeys;              /* Leading text columns. */
  size_t total_row;          /* The TOTAL row, or nrows when there is none. */
  const char **wire;         /* Column names for csv and json. */
  const char **head;         /* Column headings in the report's language. */
  struct td_rcell *cells;    /* nrows * ncols */
  char (*text)[2][TD_RTEXT]; /* Per row. */
};

/* Builds table id of r. Returns 0, or -1 if memory ran out or the table
 * is front without r->front; td_report__table_free frees either. */
int td_report__table(const struct td_report *r, int id, struct td_rtable *t);
void td_report__table_free(struct td_rtable *t);

/* The cell at row and col of t. */
const struct td_rcell *td_report__cell(const struct td_rtable *t, size_t row,
                                       size_t col);
/* The cell as csv and json write it, in buf if it must be written there;
 * NULL when unknown. */
const char *td_report__plain(const struct td_rcell *c, char buf[TD_RCELL_TEXT]);

/* The sheet name of table id in lang; td_report__sheet_of, of table id
 * in the report r (the Front's names its sessions otherwise). */
const char *td_report__sheet(int id, enum td_report_lang lang);
const char *td_report__sheet_of(const struct td_report *r, int id);

/* Whether a session type, or its code, is the Front's (supervision,
 * social_criticism). */
int td_report__is_front_session(int type);
int td_report__is_front_code(const char *code);

/* The row of reply whose first key is key, or NULL. */
const Tiepdan__StatRow *td_report__row(const Tiepdan__StatsReply *reply,
                                       const char *key);

/* The session figures of type in reply, or NULL. */
const Tiepdan__SessionStat *td_report__sessions(const Tiepdan__StatsReply *r,
                                                int type);

/* The name of code in vocabulary (render/terms.h) in r->lang, as the
 * server's terms give it; NULL when they do not name it. */
const char *td_report__name(const struct td_report *r, const char *vocabulary,
                            const char *code);

/* The commune's report's title in lang, and the title of the report r,
 * the commune's or the Front's (report_data.c). */
const char *td_report__title(enum td_report_lang lang);
const char *td_report__title_of(const struct td_report *r);

/* The line naming the unit and period, written into buf (report_text.c). */
void td_report__subtitle(const struct td_report *r, char *buf, size_t len);

/* The figure of the Front's report a recommendation is counted in. */
enum td_report_figure {
  TD_FIG_RESOLVED,
  TD_FIG_OPEN,    /* Open within its deadline. */
  TD_FIG_OVERDUE, /* Open past its deadline. */
  TD_FIG_NOT_ACCEPTED,
  TD_FIG_TRANSFERRED,
  TD_FIG_WITHDRAWN,
  TD_FIG_OTHER, /* A status this client does not know. */
  TD_FIG_N
};

enum td_report_figure td_report__figure(const Tiepdan__Petition *p);
/* The figure's code ("resolved", "open_within_deadline", ...) and its name
 * in lang. */
const char *td_report__figure_code(int fig);
const char *td_report__figure_name(int fig, enum td_report_lang lang);

/* The Front's recommendations of r, oldest received first; the sessions of
 * r, oldest opened first, only the Front's (front 1) or only the others
 * (front 0). malloc'd arrays of borrowed pointers, which the caller frees;
 * NULL with *n 0 when there are none or memory ran out (*bad then set). */
const Tiepdan__Petition **td_report__front_sorted(const struct td_report *r,
                                                  size_t *n, int *bad);
const Tiepdan__Session **td_report__sessions_sorted(const struct td_report *r,
                                                    int front, size_t *n,
                                                    int *bad);

/* The day of Unix time t in Vietnam as "YYYY-MM-DD" into buf, or "" when
 * has is 0. */
void td_report__day(char *buf, size_t len, int has, int64_t t);

#endif
