/*
 * Dates and times as officers type and read them: in the computer's local
 * time zone (TZ is respected), to the minute.
 */
#ifndef TD_CLIENT_DATETIME_H
#define TD_CLIENT_DATETIME_H

#include <stddef.h>
#include <stdint.h>

/* Room for any string the format functions write, with its NUL. */
#define TD_DATETIME_MAX 32

/*
 * Parses "YYYY-MM-DD" (midnight) or "YYYY-MM-DD HH:MM" (a 'T' may replace
 * the space) as local time into Unix seconds. Returns 0, or -1 if s is not
 * such a date or names a day that does not exist.
 */
int td_datetime_parse(const char *s, int64_t *out);

/*
 * Parses "YYYY-MM-DD" and stores the local midnight that starts the day
 * days_after days later: 0 gives the start of that day, 1 the exclusive end
 * of it. Returns 0 or -1.
 */
int td_datetime_parse_day(const char *s, int days_after, int64_t *out);

/* "YYYY-MM-DD HH:MM" in local time, for tables. */
void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX]);

/* ISO 8601 with the local offset, "2026-03-05T14:30:00+07:00". */
void td_datetime_format_iso(int64_t t, char out[TD_DATETIME_MAX]);

#endif
