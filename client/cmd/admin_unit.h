/*
 * tiepdan admin unit merge OLD... --into NEW --on DAY: records that
 * communes merged. The parser and the request are pure, for tests; strings
 * are borrowed from argv.
 */
#ifndef TD_CMD_ADMIN_UNIT_H
#define TD_CMD_ADMIN_UNIT_H

#include <stddef.h>

#include "common/day.h"
#include "common/limits.h"
#include "tiepdan.pb-c.h"

struct td_merge_args {
  char *old[TD_MERGE_MAX];
  size_t n_old;
  char *into;
  char *name;
  char *on; /* YYYY-MM-DD (on_iso), from the day as typed. */
  char on_iso[TD_DAY_LEN];
  int help;
};

struct td_merge_req {
  Tiepdan__Envelope env;
  Tiepdan__MergeUnits merge;
};

/* argv starts after "admin unit merge": OLD [OLD...] --into NEW
 * [--name NAME] --on YYYY-MM-DD. A code given twice is refused. Returns 0,
 * or -1 with what is wrong in err. */
int td_cmd_parse_merge(int argc, char **argv, struct td_merge_args *a,
                       char *err, size_t errlen);
void td_cmd_merge_request(const struct td_merge_args *a,
                          struct td_merge_req *r);

/* admin unit add CODE --name NAME --parent CODE [--level L] [--since D],
 * and admin unit rename CODE --name NAME (level, parent, since unused). */
struct td_unit_add_args {
  char *code;
  char *name;
  char *parent;
  const char *level; /* province, district, commune, village. */
  char *since;       /* YYYY-MM-DD (since_iso), or NULL. */
  char since_iso[TD_DAY_LEN];
  int help;
};

struct td_unit_add_req {
  Tiepdan__Envelope env;
  Tiepdan__AddUnits add;
  Tiepdan__UnitEntry entry;
  Tiepdan__UnitEntry *one[1];
};

/* Without --level, the level is told by the code (2, 3 or 5 digits); a code
 * that tells none is refused. Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_unit_add(int argc, char **argv, struct td_unit_add_args *a,
                          char *err, size_t errlen);
void td_cmd_unit_add_request(const struct td_unit_add_args *a,
                             struct td_unit_add_req *r);
int td_cmd_parse_unit_rename(int argc, char **argv, struct td_unit_add_args *a,
                             char *err, size_t errlen);

/* The level a word of a file or of --level means (province, tỉnh, xã...),
 * or NULL. */
const char *td_unit_level_parse(const char *w);
/* The level a code of 2, 3 or 5 digits is the code of, or NULL. */
const char *td_unit_level_of_code(const char *code);
/* Whether code is written as a code of level is. */
int td_unit_code_fits(const char *level, const char *code);

/* What admin unit load read from its file: the units, each with its line,
 * or the complaints about its wrong lines (at most
 * TD_UNITS_FILE_COMPLAINTS of them, then how many more) in err. */
#define TD_UNITS_FILE_COMPLAINTS 20
#define TD_UNITS_FILE_ERR 8192
struct td_units_file {
  Tiepdan__UnitEntry **entries;
  size_t n;
  unsigned bad;
  char err[TD_UNITS_FILE_ERR];
};

/* Parses text (changed in place) as the file of admin unit load. Returns 0,
 * or -1 with err set (the wrong lines, or a file without units). Free f
 * with td_units_file_free either way. */
int td_units_file_parse(char *text, struct td_units_file *f);
void td_units_file_free(struct td_units_file *f);

#endif
