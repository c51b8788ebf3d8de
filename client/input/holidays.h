/*
 * Public holiday files, as an administrator gets them, turned into the
 * LoadHolidays request.
 *
 * Two formats, told apart by content: a file whose first line is
 * BEGIN:VCALENDAR is iCalendar (RFC 5545), anything else is CSV.
 *
 *   CSV        one "YYYY-MM-DD,Name" per line; the name may be in double
 *              quotes (with "" for a quote) and must be when it holds a
 *              comma; ';' may separate instead of ',' (Excel in a
 *              Vietnamese locale writes that); blank lines and lines
 *              starting with '#' are skipped, and so is a first line that
 *              does not start with a digit (a header). A date listed
 *              twice is an error: one of the two is a typing mistake.
 *              Two optional fields follow the name (files of two fields
 *              read as before): what the day is, "nghỉ" (a day off, the
 *              default; also "off" or empty) or "làm việc" (a Saturday or
 *              Sunday that is a working day, the make-up day of a swap;
 *              also "làm bù", "working"), and the day's legal source.
 *   iCalendar  each VEVENT gives one holiday per day from DTSTART up to
 *              DTEND, which is exclusive (a date-time DTEND past midnight
 *              includes its day), or for DURATION PnD / PnW, or one day;
 *              SUMMARY names it; folded lines are unfolded; cancelled
 *              events are skipped; days that events share are merged,
 *              keeping the first name; repeating events (RRULE, RDATE)
 *              are refused, as their days would have to be guessed.
 *              X-TIEPDAN-KIND:WORKING makes an event's days weekend
 *              working days (OFF, the default, days off), and
 *              X-TIEPDAN-SOURCE gives their legal source; calendars that
 *              do not know these properties ignore them.
 *
 * Lines may end in LF or CRLF; a UTF-8 byte order mark is skipped. Every
 * day must fall in the year being loaded. Messages name the file and line.
 */
#ifndef TD_INPUT_HOLIDAYS_H
#define TD_INPUT_HOLIDAYS_H

#include <stddef.h>

#include "common/error.h"

#include "tiepdan.pb-c.h"

/* Larger files are refused before they are read: a year has 366 days. */
#define TD_HOLIDAYS_FILE_MAX (1u << 20)

struct td_holiday {
  char date[11]; /* YYYY-MM-DD. */
  char *name;    /* Owned. */
  int line;      /* Where the file gives it. */
  int working;   /* A weekend day that is a working day, not a day off. */
  char *source;  /* Its legal source, owned; NULL when the file gives none. */
};

/* Holidays sorted by date, each date once. Owns its names. */
struct td_holidays {
  struct td_holiday *v;
  size_t n;
  size_t cap;
  int ical; /* The file was iCalendar. */
};

/*
 * Parses text[0..len) into out, which the caller frees with
 * td_holidays_free, also after a failure. file names the text in messages.
 * Returns 0, or -1 with "FILE:LINE: what is wrong" in err (or without the
 * line for a failure of the whole file, such as running out of memory).
 */
TD_MUSTCHECK int td_holidays_parse(const char *text, size_t len,
                                   const char *file, unsigned year,
                                   struct td_holidays *out, char *err,
                                   size_t errlen);

/* Reads path and parses it as td_holidays_parse does. */
TD_MUSTCHECK int td_holidays_read(const char *path, unsigned year,
                                  struct td_holidays *out, char *err,
                                  size_t errlen);

void td_holidays_free(struct td_holidays *h);

/* A LoadHolidays request over h, whose strings it borrows: its days off
 * in holidays, its weekend working days in working_days. */
struct td_holidays_req {
  Tiepdan__Envelope env;
  Tiepdan__LoadHolidays load;
  Tiepdan__Holiday *items; /* Owned. */
  Tiepdan__Holiday **ptrs; /* Owned. */
};

/* Returns 0, or -1 if memory ran out; free with td_holidays_request_free
 * either way. */
TD_MUSTCHECK int td_holidays_request(const struct td_holidays *h, unsigned year,
                                     struct td_holidays_req *r);
void td_holidays_request_free(struct td_holidays_req *r);

#endif
