/*
 * A small long-option scanner for tiepdan's command lines: "--name value",
 * "--name=value", bare words (positional arguments), and "--" to end the
 * options. Unlike getopt it keeps no global state and prints nothing, so
 * every error reaches the officer in the words of the command that failed.
 */
#ifndef TD_INPUT_ARGS_H
#define TD_INPUT_ARGS_H

#include <stddef.h>
#include <stdint.h>

#define TD_ARGS_END 0
#define TD_ARGS_WORD (-1)  /* A positional argument; see value. */
#define TD_ARGS_ERROR (-2) /* A message is in err. */

/* has_arg for an option whose value may be left out ("--print" or
 * "--print FILE"): the next word is its value unless it starts with "-";
 * without one the value is NULL. */
#define TD_ARGS_OPTIONAL_VALUE 2

struct td_opt {
  const char *name; /* Without the leading dashes; NULL ends a table. */
  int has_arg;      /* 0, 1 (a value is required) or TD_ARGS_OPTIONAL_VALUE. */
  int id;           /* Positive; what td_args_next returns for this option. */
};

/* Scanner state; argv is borrowed and must outlive every value. */
struct td_args {
  int argc;
  char **argv;
  int next;      /* Index of the next word to look at. */
  int opts_done; /* "--" was seen: everything after it is a word. */
  char *opt;     /* The option just returned, as typed, e.g. "--kind". */
  char *value;   /* Its value, or the positional word; borrowed. */
};

void td_args_init(struct td_args *a, int argc, char **argv);

/*
 * Returns the id of the next option in opts, TD_ARGS_WORD, TD_ARGS_END, or
 * TD_ARGS_ERROR for an unknown option or a missing value. "-h" stands for
 * "--help" when opts has it. A value may not start with "--" unless it is
 * attached with "=", because that is almost always a forgotten value.
 */
int td_args_next(struct td_args *a, const struct td_opt *opts, char *err,
                 size_t errlen);

/* Parses a decimal integer within [min, max]. Returns 0 or -1. */
int td_args_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
