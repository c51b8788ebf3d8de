/*
 * Dates and times as officers type them: in the computer's local time zone
 * (TZ is respected), to the minute. render/datetime.h writes them back.
 */
#ifndef TD_INPUT_DATETIME_H
#define TD_INPUT_DATETIME_H

#include <stddef.h>
#include <stdint.h>

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

#endif
