/*
 * Dates and times as officers type them, to the minute, always in Vietnam's
 * time (UTC+7) whatever the computer's time zone: a PC left on UTC must not
 * move a citizen's visit by seven hours. render/datetime.h writes them back.
 */
#ifndef TD_INPUT_DATETIME_H
#define TD_INPUT_DATETIME_H

#include <stddef.h>
#include <stdint.h>

#include "common/day.h"

/*
 * Parses a day as officers write it, "DD/MM/YYYY" (the day and month may
 * have one digit), or as ISO, "YYYY-MM-DD". Returns 0, or -1 if s is not
 * such a date or names a day that does not exist.
 */
int td_datetime_parse_date(const char *s, td_day *out);

/*
 * Parses a day (as td_datetime_parse_date; midnight) or a day and a time,
 * "DD/MM/YYYY HH:MM" or "YYYY-MM-DD HH:MM" (a 'T' may replace the space in
 * ISO), as Vietnam's time into Unix seconds. Returns 0 or -1.
 */
int td_datetime_parse(const char *s, int64_t *out);

/*
 * Parses a day (as td_datetime_parse_date) and stores Vietnam's midnight
 * that starts the day days_after days later: 0 gives the start of that day,
 * 1 the exclusive end of it. Returns 0 or -1.
 */
int td_datetime_parse_day(const char *s, int days_after, int64_t *out);

#endif
