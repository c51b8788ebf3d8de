/*
 * What tiepdan prints on standard output, in three formats:
 *
 *   table  for people: a vertical "label: value" list for one record, an
 *          aligned table for many; text is made safe for a terminal and long
 *          summaries and titles are cut with "…";
 *   csv    RFC 4180, a header row then one row per record, CRLF endings;
 *   json   one object per record (show, submit, a transition, a session),
 *          an array for lists (list, history, session list).
 *
 * csv and json carry every field in full, under the names of the wire
 * schema, with times in ISO 8601 and the local offset; a field the server
 * did not send is empty (csv) or null (json). Times in tables are local
 * "YYYY-MM-DD HH:MM". The command prints what these functions write.
 * Functions return 0, or -1 if memory ran out or the stream failed.
 */
#ifndef TD_RENDER_OUTPUT_H
#define TD_RENDER_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "render/format.h"
#include "tiepdan.pb-c.h"

int td_output_petition(FILE *f, enum td_format fmt, const Tiepdan__Petition *p);

/* The result of submit: in a table, the receipt number framed above the
 * petition, and a note if the server had already recorded it. */
int td_output_submitted(FILE *f, enum td_format fmt,
                        const Tiepdan__SubmitReply *r);

/*
 * Petitions as a table, CSV rows or a JSON array. columns is the width of
 * the terminal for the table (0 when unknown); the summary gets what the
 * other columns leave of it. The table is short by default: receipt
 * number, day received (dd/mm/yyyy), kind, status, due day and summary in
 * 80 columns (or the terminal's width); wide adds the id, the time, days
 * left and the unit, with the columns as wide as their cells.
 */
int td_output_list(FILE *f, enum td_format fmt,
                   const Tiepdan__Petition *const *ps, size_t n, int columns,
                   int wide);

/*
 * The server's HelloReply whose terms name kinds, channels, fields,
 * statuses, outcomes and session types in tables and records for people,
 * in the officer's language (csv and json keep the codes); borrowed until
 * the next call. Without it (NULL), the codes are shown.
 */
void td_output_set_terms(const Tiepdan__HelloReply *h);

/* For a table: a step of a petition's life (an event's action code) in the
 * officer's words, and a status by the terms td_output_set_terms gave; an
 * unknown code as it is, NULL as NULL. */
const char *td_output_action_word(const char *action);
const char *td_output_status_word(int status);

/* For show's table: the notes added to a petition (GetReply's notes, note
 * events oldest first), each with its time and author, under a heading;
 * nothing when it has none. Events of other actions are passed over. */
int td_output_notes(FILE *f, const Tiepdan__Event *const *notes, size_t n);

int td_output_hello(FILE *f, enum td_format fmt, const Tiepdan__HelloReply *h);

/*
 * The result of a transition: in a table, one line such as
 * "BL-2026-000001: received → accepted (deadline 2026-03-16, 23 days left)"
 * above the petition; in csv and json the petition alone. action is the
 * Tiepdan__Action sent; seen_status the status read before it (-1 when
 * unknown), used if the reply carries no event.
 */
int td_output_transition(FILE *f, enum td_format fmt, int action,
                         int seen_status, const Tiepdan__TransitionReply *r);

/*
 * A petition's history, oldest first: in a table, a heading with the
 * petition and its status, then SEQ, TIME, ACTOR, ACTION, FROM → TO, NOTE,
 * with a note's further lines and the JSON of the fields that changed
 * indented under it; in csv and json one record per event, with the
 * changes as a string.
 */
int td_output_history(FILE *f, enum td_format fmt,
                      const Tiepdan__HistoryReply *h);

/* One session; in a table, "Session N done." heads it when done is given
 * ("opened", "closed"). */
int td_output_session(FILE *f, enum td_format fmt, const Tiepdan__Session *s,
                      const char *done);

/* Sessions as a table (the title gets what the terminal leaves), csv rows
 * or a json array. */
int td_output_sessions(FILE *f, enum td_format fmt,
                       const Tiepdan__Session *const *ss, size_t n,
                       int columns);

/* "loaded N holidays for YEAR; recomputed the deadline of M open
 * petitions", or those numbers as csv or json. year is the one asked for,
 * shown if the reply does not say. */
int td_output_holidays_loaded(FILE *f, enum td_format fmt, unsigned year,
                              const Tiepdan__LoadHolidaysReply *r);

/* One principal; in a table, "Principal N registered." heads it when done
 * is given ("registered", "revoked"). */
int td_output_principal(FILE *f, enum td_format fmt,
                        const Tiepdan__Principal *p, const char *done);

/* Principals as a table (ID, NAME, ROLE, UNIT, FINGERPRINT cut to its first
 * 16 digits, CREATED, REVOKED), csv rows or a json array; csv and json
 * carry the fingerprint in full. */
int td_output_principals(FILE *f, enum td_format fmt,
                         const Tiepdan__Principal *const *ps, size_t n,
                         int columns);

/* The result of a merger: the successor, from which day (on, as asked),
 * the units merged into it, and how many petitions and principals it now
 * has from them. In csv one row with the merged codes space-separated; in
 * json one object with them as an array. */
int td_output_merged(FILE *f, enum td_format fmt,
                     const Tiepdan__MergeUnitsReply *r, const char *on);

/* What became of units: added by "admin unit add", renamed by "admin unit
 * rename", or added, renamed and left as is by "admin unit load". In csv a
 * row per unit added or renamed (action,code,name,level,parent_code,since);
 * in json one object {added, renamed, unchanged}. */
enum td_out_units { TD_OUT_UNITS_ADD, TD_OUT_UNITS_RENAME, TD_OUT_UNITS_LOAD };
int td_output_units_changed(FILE *f, enum td_format fmt,
                            const Tiepdan__AddUnitsReply *r,
                            enum td_out_units what);

/* The units of "admin unit list": a table (code, level, parent, first and
 * last day, name), csv or a json array. */
int td_output_units(FILE *f, enum td_format fmt,
                    const Tiepdan__UnitEntry *const *units, size_t n,
                    int columns);

/* "unit", "kind", "channel", "field", "status", "month", "quarter" or
 * "year" for a Tiepdan__StatDim; NULL outside the enum. */
const char *td_output_stat_dim_name(int dim);

/*
 * Statistics, one row per StatRow, then the total.
 *
 *   table  the keys under the names of the dimensions (MONTH, KIND, ...),
 *          then RECEIVED ACCEPTED NOT_ACC TRANSF RESOLVED ON_TIME LATE OPEN
 *          OVERDUE WITHDR GROUP %RESOLVED %ON_TIME, numbers to the right;
 *          a TOTAL row; the reception sessions, by type, if there were
 *          any; then "Open/overdue as of DAY";
 *   csv    the keys, then every measure under its wire name, the rates
 *          last; the total's keys all read TOTAL; no sessions;
 *   json   {"today", "group_by", "rows": [{"keys": {dim: value}, measures}],
 *          "total", "sessions"}.
 *
 * The rates are rounded to thousandths, with a dot whatever the locale: in
 * a table as percentages, "98.2", in csv and json as the fractions the
 * wire carries, "0.982". A rate the server left out (nothing to divide by)
 * is "-" in a table, empty in csv and null in json, as is any other
 * measure left out.
 * Without dimensions the rows are the total itself, so a table and csv
 * show only the total. Text from the server is made safe for a terminal.
 */
int td_output_stats(FILE *f, enum td_format fmt, const Tiepdan__StatsReply *r);
/* The same, the table naming kinds, channels, fields, statuses and
 * session types by terms (the HelloReply's; NULL: their codes) in the
 * officer's language; csv and json keep the codes. */
int td_output_stats_in(FILE *f, enum td_format fmt,
                       const Tiepdan__StatsReply *r,
                       const Tiepdan__HelloReply *terms);

#endif
