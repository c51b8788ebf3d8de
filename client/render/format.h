/*
 * The three formats tiepdan prints in (table, csv, json), and what every
 * renderer writes with: a JSON string, a CSV field, text made safe for a
 * terminal.
 */
#ifndef TD_RENDER_FORMAT_H
#define TD_RENDER_FORMAT_H

#include <stdio.h>

enum td_format { TD_FORMAT_TABLE, TD_FORMAT_CSV, TD_FORMAT_JSON };

/* Parses "table", "csv" or "json"; returns 0, or -1 for another word. */
int td_output_format_parse(const char *s, enum td_format *out);

/* Writes s as a JSON string with its quotes, or null for NULL. */
void td_output_json_string(FILE *f, const char *s);

/* Writes s as one CSV field, quoted only when it has to be. NULL writes an
 * empty field. */
void td_output_csv_field(FILE *f, const char *s);

/*
 * Writes s for a terminal: control characters, which could move the cursor
 * or worse, become spaces. A newline becomes a newline and indent when
 * indent is given, else a space.
 */
void td_output_clean_indent(FILE *f, const char *s, const char *indent);

/* Writes s for a terminal, on one line: control characters, which could
 * move the cursor or worse, become spaces. */
void td_output_clean(FILE *f, const char *s);

#endif
