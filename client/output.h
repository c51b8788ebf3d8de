/*
 * What tiepdan prints on standard output, in three formats:
 *
 *   table  for people: a vertical "label: value" list for one petition, an
 *          aligned table for many; text is made safe for a terminal and long
 *          summaries are cut with "…";
 *   csv    RFC 4180, a header row then one row per petition, CRLF endings;
 *   json   one object per petition (show, submit), an array for list.
 *
 * csv and json carry every field in full, under the names of the wire
 * schema, with times in ISO 8601 and the local offset; a field the server
 * did not send is empty (csv) or null (json). Times in tables are local
 * "YYYY-MM-DD HH:MM". This module and main.c are the only ones that print.
 * Functions return 0, or -1 if memory ran out or the stream failed.
 */
#ifndef TD_CLIENT_OUTPUT_H
#define TD_CLIENT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "tiepdan.pb-c.h"

enum td_format { TD_FORMAT_TABLE, TD_FORMAT_CSV, TD_FORMAT_JSON };

/* Parses "table", "csv" or "json"; returns 0, or -1 for another word. */
int td_output_format_parse(const char *s, enum td_format *out);

/* Writes s as a JSON string with its quotes, or null for NULL. */
void td_output_json_string(FILE *f, const char *s);

/* Writes s as one CSV field, quoted only when it has to be. NULL writes an
 * empty field. */
void td_output_csv_field(FILE *f, const char *s);

int td_output_petition(FILE *f, enum td_format fmt, const Tiepdan__Petition *p);

/* The result of submit: in a table, the receipt number framed above the
 * petition, and a note if the server had already recorded it. */
int td_output_submitted(FILE *f, enum td_format fmt,
                        const Tiepdan__SubmitReply *r);

/*
 * Petitions as a table, CSV rows or a JSON array. columns is the width of
 * the terminal for the table (0 when unknown); the summary gets what the
 * other columns leave of it.
 */
int td_output_list(FILE *f, enum td_format fmt,
                   const Tiepdan__Petition *const *ps, size_t n, int columns);

int td_output_hello(FILE *f, enum td_format fmt, const Tiepdan__HelloReply *h);

#endif
