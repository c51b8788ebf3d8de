/*
 * tiepdan report --register: the citizen-reception book of a period
 * (render/register.h), from the petitions received in it, fetched page by
 * page on one connection. The parser and the request are pure, for tests;
 * strings are borrowed from argv.
 */
#ifndef TD_CMD_REPORT_REGISTER_H
#define TD_CMD_REPORT_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/global.h"
#include "cmd/list.h"
#include "common/day.h"

struct td_register_args {
  char *unit; /* NULL: the caller's own unit and those below it. */
  /* The period, days inclusive, in Vietnam: both are required. */
  td_day from;
  td_day to;
  char *lang; /* --lang vi|en; NULL: the client's language. */
  char *xlsx; /* Write a workbook here; NULL: print. */
  int help;
};

/* The book's section of report's usage. */
extern const char td_cmd_report_register_usage[];

/* Whether report's words ask for the book: --register before a "--". */
int td_cmd_report_register_asked(int argc, char **argv);

/*
 * argv starts after "report": --register --from DAY --to DAY [--unit
 * CODE] [--lang vi|en] [--xlsx FILE]. A day is YYYY-MM-DD or DD/MM/YYYY; a
 * month YYYY-MM stands for all its days (its first day as --from, its last
 * as --to), a year YYYY likewise. report's other options (--front,
 * --table) are refused. Returns 0, or -1 with what is wrong in err.
 */
int td_cmd_parse_register(int argc, char **argv, struct td_register_args *a,
                          char *err, size_t errlen);

/*
 * The ListPetitions of a page of the book: received from Vietnam's
 * midnight starting a->from to the one ending a->to (exclusive), the unit,
 * the largest page, after cursor (NULL: the first page).
 */
void td_cmd_register_request(const struct td_register_args *a,
                             const char *cursor, struct td_list_req *r);

/* The command; usage is report's own, printed for --help before the
 * book's section. */
int td_cmd_report_register(const struct td_global_args *g, const char *usage);

#endif
