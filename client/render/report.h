/*
 * The report of a unit for a period, as the communes' own reports write
 * it (báo cáo kết quả tiếp công dân, giải quyết đơn thư): paragraphs in
 * Vietnamese or English, and the tables behind them, from the StatsReplies
 * of one "tiepdan report". Pure: nothing here touches the network; the
 * functions that print take the stream, and the workbook its path.
 *
 * The figures mean what server/domain/stats.h says: petitions RECEIVED in
 * the period as they stand today; rate_resolved = resolved / received,
 * rate_on_time = resolved_on_time / resolved, absent when there is nothing
 * to divide by. The Front's rate "tiếp thu, trả lời, giải quyết" is the
 * rate_resolved of the recommendations that came through the Front's
 * supervision and social criticism (channel front_supervision).
 *
 * Two reports are written from the same parts. The commune's (the default)
 * counts citizens' petitions: the Front's recommendations are left out of
 * its figures and told in one line of their own, unless include_front.
 * The Front committee's own (front_report) tells its supervisions and
 * social criticisms held, the recommendations it forwarded, how they stand
 * and the petitions behind each figure.
 *
 * Numbers in Vietnamese text are written as the reports write them: 1 to 9
 * with two digits ("01 đơn"), thousands with a dot ("9.142"), percentages
 * with one decimal and a decimal comma ("98,2%", "85%"); in English with a
 * thousands comma and a decimal point ("98.2%"). csv and json carry plain
 * numbers and the rates as fractions ("0.982"), as "tiepdan stats" does.
 */
#ifndef TD_RENDER_REPORT_H
#define TD_RENDER_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/period.h"
#include "render/output.h"
#include "tiepdan.pb-c.h"

enum td_report_lang { TD_REPORT_VI = 0, TD_REPORT_EN = 1 };

/* The tables, in the order of the workbook's sheets. */
enum td_report_table {
  TD_REPORT_SUMMARY,
  TD_REPORT_KIND,
  TD_REPORT_FIELD,
  TD_REPORT_CHANNEL,
  TD_REPORT_MONTH,
  TD_REPORT_SESSIONS,
  TD_REPORT_FRONT,        /* The Front's report: its recommendations. */
  TD_REPORT_SESSION_LIST, /* Each session of the period, one by one. */
  TD_REPORT_FRONT_LIST,   /* The Front's report: each recommendation. */
  TD_REPORT_N_TABLES
};

/* What a report is made of; everything is borrowed. */
struct td_report {
  enum td_report_lang lang;
  const char *unit_code; /* NULL when unknown. */
  const char *unit_name; /* "Xã Bình Lư"; NULL when unknown. */
  const char *from;      /* The first month, YYYY-MM. */
  const char *to;        /* The last month, YYYY-MM. */
  /* The official period in days (common/period.h), which then names the
   * period instead of the months; NULL: the months. */
  const struct td_period *period;
  /* Without dimensions: the total and the sessions. Required. */
  const Tiepdan__StatsReply *total;
  /* Grouped by one dimension each; NULL leaves the figures unknown. */
  const Tiepdan__StatsReply *by_kind;
  const Tiepdan__StatsReply *by_field;
  const Tiepdan__StatsReply *by_channel;
  const Tiepdan__StatsReply *by_month;
  /* The Front's recommendations (channel front_supervision) grouped by
   * status; NULL leaves them unknown. */
  const Tiepdan__StatsReply *front;
  /* 1: the Front committee's own report; 0: the commune's. */
  int front_report;
  /* In the commune's report: 1 when its figures include the Front's
   * recommendations, 0 when they were left out (and r->front counts them
   * apart). */
  int include_front;
  /* The sessions opened in the period, in any order (ListSessions); with
   * has_sessions 0 unknown, and the sessions are told by type only. */
  const Tiepdan__Session *const *sessions;
  size_t n_sessions;
  int has_sessions;
  /* The Front's recommendations received in the period (ListPetitions,
   * channel front_supervision); with has_front_petitions 0 unknown. */
  const Tiepdan__Petition *const *front_petitions;
  size_t n_front_petitions;
  int has_front_petitions;
  /* The server's greeting, whose terms name the kinds, fields, channels,
   * statuses and session types (render/terms.h); NULL leaves them unnamed,
   * shown by their codes. */
  const Tiepdan__HelloReply *hello;
};

/* "summary", "kind", "field", "channel", "month", "sessions", "front",
 * "session-list", "front-list"; NULL outside the enum. */
const char *td_report_table_name(int table);
/* The table named, or -1. */
int td_report_table_parse(const char *name);

/* Whether table belongs to the commune's report (front_report 0) or to the
 * Front's (1): the commune's has every table but front and front-list; the
 * Front's has summary (its own figures), sessions, front, session-list and
 * front-list. */
int td_report_table_of(int table, int front_report);

/*
 * A count as the text of lang writes it: "01", "57", "9.142" in
 * Vietnamese; "1", "57", "9,142" in English. Writes at most len bytes.
 */
void td_report_count(char *buf, size_t len, enum td_report_lang lang,
                     uint64_t n);

/*
 * A rate (a fraction) as a percentage with at most one decimal: "98,2%",
 * "100%" in Vietnamese, "98.2%" in English. Returns 0, or -1 and "-" when
 * the rate is absent (has is 0) or not a number from 0 to 1e6.
 */
int td_report_percent(char *buf, size_t len, enum td_report_lang lang, int has,
                      double rate);

/*
 * The name of unit code in a reply grouped by unit, whose keys read
 * "CODE NAME": a pointer into the reply, or NULL when no row names it.
 */
const char *td_report_unit_name(const Tiepdan__StatsReply *by_unit,
                                const char *code);

/* The lines of the report: a title, headings, paragraphs, and the items
 * of a list that follow a paragraph. */
enum td_report_line_kind {
  TD_REPORT_TITLE,
  TD_REPORT_HEADING,
  TD_REPORT_PARAGRAPH,
  TD_REPORT_ITEM
};

struct td_report_line {
  enum td_report_line_kind kind;
  char *text; /* Owned. */
};

struct td_report_text {
  struct td_report_line *lines;
  size_t n;
};

/*
 * Writes the report in r->lang, in the order of the reports. The
 * commune's: the title, the unit and period, the day the figures stand on;
 * 1. petitions received and how they stand, their outcomes, group
 * petitions, the kinds, and the Front's recommendations counted apart (or
 * said to be included); 2. reception sessions, dialogue conferences and
 * voters' meetings, each conference by its title when the sessions are
 * known and their titles differ ("02 hội nghị đối thoại tại Kà Tinh (114
 * người, 10 ý kiến) và 01 đối thoại với thanh niên (51 người, 04 ý
 * kiến)"). The Front's: 1. supervisions and social criticisms held, by
 * title; 2. the recommendations forwarded, how they stand and the rate
 * "được tiếp thu, trả lời, giải quyết"; 3. with the petitions known, the
 * recommendations behind each figure, one item each.
 * Returns 0, or -1 if memory ran out; td_report_text_free frees either.
 */
int td_report_text_make(const struct td_report *r, struct td_report_text *t);
void td_report_text_free(struct td_report_text *t);

/* The report as text for a terminal or a document: one line per
 * paragraph, a blank line before each heading. */
int td_report_print(FILE *f, const struct td_report *r);

/*
 * One table: as csv (a header row of wire names, then the rows, CRLF), or
 * aligned for a terminal (any other fmt but json). Breakdowns have the
 * key (kind, field, channel, month, status), its name in r->lang, every
 * measure and the two rates, then a TOTAL row; every kind, field, channel
 * and status the server's terms name, in their order, and every month of
 * the period has a row, with zeros when no petition fell in it; a code the
 * terms do not name follows them, named by itself. summary is
 * measure,name,value; sessions is
 * type,name,sessions,attendees,opinions,resolved_on_spot,forwarded (in
 * the commune's report every type but the Front's, in the Front's only
 * its supervision and social_criticism); session-list is
 * id,opened,type,type_name,title,theme,presided_by,attendees,opinions,
 * resolved_on_spot,forwarded, oldest first, then a TOTAL row; front-list is
 * receipt_no,received,summary,status,status_name,figure,figure_name,
 * deadline,outcome,closed, oldest first, where figure is the report's
 * figure the petition is counted in (resolved, open_within_deadline,
 * open_overdue, not_accepted, transferred, withdrawn). The Front's summary
 * is measure,name,value of supervisions, social_criticisms, forwarded,
 * the figures and rate_resolved.
 * Returns 0, or -1 if memory ran out, the stream failed or the table is
 * not one of the report's (td_report_table_of) or its parts are unknown.
 */
int td_report_print_table(FILE *f, enum td_format fmt,
                          const struct td_report *r, int table);

/* Every table of the report (or only table, when it is not -1) and the
 * paragraphs as one json object: {"report": "commune" or "front", "unit":
 * {"code", "name"}, "from", "to", "today", "lang", "text": [...],
 * "summary": [{...}], "kind": [...], ...}. */
int td_report_print_json(FILE *f, const struct td_report *r, int table);

/*
 * Writes an Excel workbook at path: one sheet per table of the report (the
 * summary with the headline figures and the report's paragraphs), named in
 * r->lang ("Tổng hợp", "Theo loại", ...), a bold
 * header row, counts as numbers, rates as percentages (0.0%). Returns 0,
 * or -1 with the reason in err; a file it could not finish is removed.
 */
int td_report_write_xlsx(const char *path, const struct td_report *r, char *err,
                         size_t errlen);

#endif
