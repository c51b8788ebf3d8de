/*
 * tiepdan report: the period's report of a unit, as the communes' reports
 * word it (render/report.h), from several statistics requests sent on one
 * connection. The parser and the requests are pure, for tests; strings are
 * borrowed from argv.
 */
#ifndef TD_CMD_REPORT_H
#define TD_CMD_REPORT_H

#include <stddef.h>

#include "cmd/stats.h"
#include "common/day.h"
#include "common/period.h"
#include "render/format.h"
#include "tiepdan.pb-c.h"

struct td_report_args {
  char *unit; /* NULL: the caller's own unit. */
  /* The period, whole months inclusive: both are required. */
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  int lang;   /* An enum td_report_lang; Vietnamese by default. */
  char *xlsx; /* Write a workbook here; NULL: print. */
  int front;  /* Add the Front's recommendations after supervision. */
  int table;  /* An enum td_report_table; -1: the report's paragraphs. */
  int help;
  /* --period: the official window in days (common/period.h); the report's
   * figures are then counted by day, and a form needs it. */
  int has_period;
  struct td_period period;
  char from_day[TD_DAY_LEN];
  char to_day[TD_DAY_LEN];
  char form[17];      /* --form: "01/TCD"; empty: no form. */
  unsigned explain;   /* --explain-cell: the column's number; 0: none. */
  char *explain_unit; /* Its row's unit code; NULL: the total row. */
};

/* The requests of one report, sent in this order on one connection. */
enum td_report_query {
  TD_REPORT_Q_TOTAL,   /* No dimension: the totals and the sessions. */
  TD_REPORT_Q_KIND,    /* By kind. */
  TD_REPORT_Q_FIELD,   /* By field. */
  TD_REPORT_Q_CHANNEL, /* By channel. */
  TD_REPORT_Q_MONTH,   /* By month. */
  TD_REPORT_Q_UNIT,    /* With --unit: by unit, for the unit's name. */
  TD_REPORT_Q_FRONT,   /* With --front: the Front's, by status. */
  TD_REPORT_Q_N
};

/*
 * argv starts after "report": [--unit CODE] --from MONTH --to MONTH
 * [--lang vi|en] [--xlsx FILE] [--front] [--table NAME]. The months are
 * read as stats reads them (a day YYYY-MM-DD stands for its month); both
 * are required. fmt is the global --format: csv prints one table, so it
 * needs --table (or --xlsx); --table front needs --front; --xlsx writes
 * every table, so it takes no --table.
 */
int td_cmd_parse_report(int argc, char **argv, enum td_format fmt,
                        struct td_report_args *a, char *err, size_t errlen);

/*
 * The GetStats of one query of a report (enum td_report_query), over the
 * period and unit of a. The unit query groups by unit at the level its
 * code names (2 digits a province, 3 a district, else a commune), so that
 * a row is the unit itself; the Front's takes kind recommendation and
 * channel front_supervision, by status. Returns 0, or -1 when a does not
 * need that query (no --unit, no --front).
 */
int td_cmd_report_request(const struct td_report_args *a, int query,
                          struct td_stats_req *r);

/* The GetForm of a --form report (cmd/report_form.c), into m; with
 * --explain-cell, the drill-down of that figure. */
void td_cmd_report_form_request(const struct td_report_args *a,
                                Tiepdan__GetForm *m);

struct td_global_args;
/* Runs a --form report on its own connection (cmd/report_form.c). */
int td_cmd_report_form(const struct td_global_args *g,
                       const struct td_report_args *a, const char *usage);

#endif
