/*
 * Times as officers read them: always on Vietnam's clock (UTC+7), whatever
 * the computer's time zone, to the minute in tables and to the second with
 * the offset in csv and json.
 */
#ifndef TD_RENDER_DATETIME_H
#define TD_RENDER_DATETIME_H

#include <stddef.h>
#include <stdint.h>

/* Room for any string the format functions write, with its NUL. */
#define TD_DATETIME_MAX 32

/* "DD/MM/YYYY HH:MM" in Vietnam's time, for tables; "YYYY-MM-DD HH:MM"
 * when the officer reads English. */
void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX]);

/* A day the server sends as "YYYY-MM-DD" (a deadline) as the officer
 * writes it, "DD/MM/YYYY" in Vietnamese; anything else as it came, NULL as
 * "-". */
void td_datetime_day_shown(const char *iso, char out[TD_DATETIME_MAX]);

/* ISO 8601 with Vietnam's offset, "2026-03-05T14:30:00+07:00". */
void td_datetime_format_iso(int64_t t, char out[TD_DATETIME_MAX]);

#endif
