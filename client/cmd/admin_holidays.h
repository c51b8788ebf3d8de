/*
 * tiepdan admin holidays load YEAR FILE: loads the public holidays of a
 * year from a CSV or iCalendar file (input/holidays.h), confirming it;
 * tiepdan admin holidays list: every year's calendar. The parser is pure,
 * for tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_ADMIN_HOLIDAYS_H
#define TD_CMD_ADMIN_HOLIDAYS_H

#include <stddef.h>

struct td_holidays_args {
  unsigned year;
  char *file;
  char *source; /* --source: the announcement's name, or NULL. */
  int help;
};

/* argv starts after "admin holidays load": YEAR FILE. Returns 0, or -1
 * with what is wrong in err. */
int td_cmd_parse_holidays_load(int argc, char **argv,
                               struct td_holidays_args *a, char *err,
                               size_t errlen);

#endif
