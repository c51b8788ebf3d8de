/*
 * The periods of the official reports and their data windows. The
 * Government Inspectorate's reporting regime (Thông tư 02/2021/TT-TTCP
 * Art. 7, kept by 01/2024 and 06/2025) counts each report's figures from
 * the 15th of one month to the 14th of another, so that the report can be
 * written and sent by the end of the month:
 *
 *   YYYY-Q1  15 Dec of the year before .. 14 Mar
 *   YYYY-Q2  15 Mar .. 14 Jun      YYYY-Q3  15 Jun .. 14 Sep
 *   YYYY-Q4  15 Sep .. 14 Dec
 *   YYYY-6M  15 Dec of the year before .. 14 Jun (six months)
 *   YYYY-9M  15 Dec of the year before .. 14 Sep (nine months)
 *   YYYY     15 Dec of the year before .. 14 Dec (the annual report)
 *   FROM..TO any two days YYYY-MM-DD, both included (thematic, ad hoc)
 *
 * Pure: no clock, no I/O.
 */
#ifndef TD_COMMON_PERIOD_H
#define TD_COMMON_PERIOD_H

#include <stddef.h>

#include "common/day.h"

enum td_period_kind {
  TD_PERIOD_Q1 = 1,
  TD_PERIOD_Q2,
  TD_PERIOD_Q3,
  TD_PERIOD_Q4,
  TD_PERIOD_6M,
  TD_PERIOD_9M,
  TD_PERIOD_YEAR,
  TD_PERIOD_DAYS /* FROM..TO */
};

struct td_period {
  enum td_period_kind kind;
  int year; /* The report's year; 0 for TD_PERIOD_DAYS. */
  td_day from;
  td_day to; /* Included. */
};

/* The years a period may name. */
#define TD_PERIOD_YEAR_MIN 2000
#define TD_PERIOD_YEAR_MAX 2100

/* Parses one of the forms above. Returns 0, or TD_EINVAL for anything else,
 * a day that does not exist, TO before FROM, or a year outside the range. */
TD_MUSTCHECK int td_period_parse(const char *s, struct td_period *out);

/* The window of kind for year (not TD_PERIOD_DAYS). */
void td_period_of(enum td_period_kind kind, int year, struct td_period *out);

/* The period as the reports name it, in Vietnamese ("quý I năm 2026",
 * "6 tháng đầu năm 2026", "9 tháng năm 2026", "năm 2026", or "từ ngày
 * 01/7/2025 đến ngày 14/12/2026") or English ("the first quarter of 2026",
 * ...). vi selects the language. Writes at most len bytes. */
void td_period_name(const struct td_period *p, int vi, char *buf, size_t len);

/* "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026" (vi) or "Figures
 * from 15/12/2025 to 14/12/2026" (en), the line under a form's title. */
void td_period_window(const struct td_period *p, int vi, char *buf, size_t len);

#endif
