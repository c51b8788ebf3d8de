/*
 * tiepdan stats: counts of the petitions received in a period, grouped as
 * asked. The parser and the request are pure, for tests; strings are
 * borrowed from argv.
 */
#ifndef TD_CMD_STATS_H
#define TD_CMD_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "common/day.h"
#include "tiepdan.pb-c.h"

/* Each dimension at most once: there are eight, of which at most six go
 * together. */
#define TD_CMD_STATS_DIMS_MAX 8

struct td_stats_args {
  char *unit;
  char *level; /* province, district or commune; NULL: the server's. */
  int dims[TD_CMD_STATS_DIMS_MAX]; /* Tiepdan__StatDim, in the order given. */
  size_t n_dims;
  /* The period, whole months inclusive, always filled in: the defaults
   * are worked out by the parser. */
  char from[TD_MONTH_LEN];
  char to[TD_MONTH_LEN];
  /* A period in days instead (days set): both days included, YYYY-MM-DD. */
  int days;
  char from_day[TD_DAY_LEN];
  char to_day[TD_DAY_LEN];
  char *exclude_channel; /* Leave out what came this way; NULL: none. */
  int help;
};

/* Points into the td_stats_args it was built from, which must outlive
 * it. */
struct td_stats_req {
  Tiepdan__Envelope env;
  Tiepdan__GetStats get;
  Tiepdan__StatDim dims[TD_CMD_STATS_DIMS_MAX];
};

/*
 * argv starts after "stats": [--unit CODE] [--from MONTH] [--to MONTH]
 * [--by DIM[,DIM...]]... [--level LEVEL]. A month is YYYY-MM; YYYY-MM-DD
 * stands for its month, and a bare YYYY for its January as --from and its
 * December as --to. --to defaults to the month of now (Unix seconds, taken
 * in local time), --from to the eleventh month before --to: a year in all.
 * The dimensions are unit, kind, channel, field, status, and one of month,
 * quarter and year, each at most once, kept in the order given; --level
 * needs --by unit. --from-day DAY --to-day DAY (both, YYYY-MM-DD, in
 * order) give a period in days instead of --from and --to;
 * --exclude-channel CODE leaves out what came that way.
 */
int td_cmd_parse_stats(int argc, char **argv, int64_t now,
                       struct td_stats_args *a, char *err, size_t errlen);

void td_cmd_stats_request(const struct td_stats_args *a,
                          struct td_stats_req *r);

#endif
