/*
 * tiepdan report: the period's report of a unit, as the communes' reports
 * word it (render/report.h), from several statistics requests sent on one
 * connection. The parser and the requests are pure, for tests; strings are
 * borrowed from argv.
 */
#ifndef TD_CMD_REPORT_H
#define TD_CMD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/stats.h"
#include "common/day.h"
#include "common/period.h"
#include "render/format.h"
#include "tiepdan.pb-c.h"

/* The document to sign (--doc), strings borrowed from argv; the rest
 * of what it says comes from the unit (render/report_doc.h). */
#define TD_REPORT_DOC_RECIPIENTS 16
struct td_report_doc_args {
  char *path;           /* .docx or .pdf; NULL: no document. */
  char *number;         /* "12/BC-UBND"; NULL: left to fill in. */
  char *place;          /* NULL: the unit's name without its level. */
  char *signer;         /* NULL: left to fill in. */
  char *signer_title;   /* NULL: "CHỦ TỊCH". */
  int year, month, day; /* --date; day 0: not given. */
  char *recipients[TD_REPORT_DOC_RECIPIENTS];
  size_t nrecipients;
};

struct td_report_args {
  char *unit; /* NULL: the caller's own unit. */
  /* The period, whole months inclusive: both are required. */
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  int lang;   /* An enum td_report_lang; Vietnamese by default. */
  char *xlsx; /* Write a workbook here; NULL: print. */
  int front;  /* The Front committee's own report instead. */
  /* The commune's report: count the Front's recommendations in its
   * figures instead of apart. */
  int include_front;
  int figure; /* --explain: a figure's index (cmd/report_explain.c); -1. */
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
  struct td_report_doc_args doc;
};

/* The requests of one report, sent in this order on one connection. */
enum td_report_query {
  TD_REPORT_Q_TOTAL,   /* No dimension: the totals and the sessions. */
  TD_REPORT_Q_KIND,    /* By kind. */
  TD_REPORT_Q_FIELD,   /* By field. */
  TD_REPORT_Q_CHANNEL, /* By channel. */
  TD_REPORT_Q_MONTH,   /* By month. */
  TD_REPORT_Q_UNIT,    /* With --unit: by unit, for the unit's name. */
  TD_REPORT_Q_FRONT,   /* The Front's recommendations, by status. */
  TD_REPORT_Q_N
};

/*
 * argv starts after "report": [--unit CODE] --from MONTH --to MONTH
 * [--lang vi|en] [--xlsx FILE] [--front | --include-front] [--table NAME],
 * and the document's --doc FILE [--number TEXT] [--date YYYY-MM-DD]
 * [--place NAME] [--signer NAME] [--signer-title TEXT] [--recipient
 * TEXT]... (--doc takes no --table or --xlsx, and makes the report
 * Vietnamese). The months are read as stats reads them (a day YYYY-MM-DD
 * stands for its month); both are required. fmt is the global --format: csv
 * prints one table, so it needs --table (or --xlsx); the table must be one
 * of the report's (front and front-list are the Front's, kind, field,
 * channel and month the commune's); --xlsx writes every table, so it takes
 * no --table.
 */
int td_cmd_parse_report(int argc, char **argv, enum td_format fmt,
                        struct td_report_args *a, char *err, size_t errlen);

/*
 * The GetStats of one query of a report (enum td_report_query), over the
 * period and unit of a. The unit query groups by unit at the level its
 * code names (2 digits a province, 3 a district, else a commune), so that
 * a row is the unit itself; the Front's takes channel front_supervision,
 * by status. The commune's report leaves the Front's recommendations out
 * of every other query (exclude_channel front_supervision) unless
 * include_front; the Front's report counts only them (channel
 * front_supervision) and sends no breakdown by kind, field, channel or
 * month. Returns 0, or -1 when a does not need that query.
 */
int td_cmd_report_request(const struct td_report_args *a, int query,
                          struct td_stats_req *r);

/* The period of a in Unix seconds, Vietnam's days: from the first day of
 * its first month (inclusive) to the first day after its last month
 * (exclusive), as the statistics count sessions and petitions. */
void td_cmd_report_bounds(const struct td_report_args *a, int64_t *from,
                          int64_t *to);

/* The ListSessions of a report (sessions opened in the period, of a's
 * unit, opened before to) and the ListPetitions of the Front's
 * recommendations (channel front_supervision, received in the period, one
 * page from cursor). */
void td_cmd_report_sessions_request(const struct td_report_args *a, int64_t to,
                                    Tiepdan__Envelope *env,
                                    Tiepdan__ListSessions *list);
void td_cmd_report_front_request(const struct td_report_args *a,
                                 const char *cursor, Tiepdan__Envelope *env,
                                 Tiepdan__ListPetitions *list);

/* The GetForm of a --form report (cmd/report_form.c), into m; with
 * --explain-cell, the drill-down of that figure. */
void td_cmd_report_form_request(const struct td_report_args *a,
                                Tiepdan__GetForm *m);

struct td_global_args;
/* --explain FIGURE (cmd/report_explain.c): received, resolved, withdrawn,
 * not_accepted, transferred, overdue or front; its index, or -1. */
int td_cmd_report_figure_parse(const char *v);
/* The ListPetitions of one page of a figure's petitions. */
void td_cmd_report_explain_request(const struct td_report_args *a,
                                   const char *cursor, Tiepdan__Envelope *env,
                                   Tiepdan__ListPetitions *list);
/* Lists the petitions behind a->figure. */
int td_cmd_report_explain(const struct td_global_args *g,
                          const struct td_report_args *a);
/* Runs a --form report on its own connection (cmd/report_form.c). */
int td_cmd_report_form(const struct td_global_args *g,
                       const struct td_report_args *a, const char *usage);

#endif
