/*
 * The global options of tiepdan (--server, --format, ...), which come
 * before the command, and the reading of a command's own options, which
 * must tell a global option put after the command apart from an unknown
 * one. Strings are borrowed from argv.
 */
#ifndef TD_CMD_GLOBAL_H
#define TD_CMD_GLOBAL_H

#include <stddef.h>

#include "input/args.h"
#include "net/config.h"
#include "render/format.h"

struct td_global_args {
  struct td_client_flags flags;
  enum td_format format;
  int excel; /* --excel: csv, after a UTF-8 byte-order mark. */
  int help;
  int version;
  char *command; /* NULL when none was given. */
  int argc;      /* The words after the command. */
  char **argv;
};

/* argv starts after the program name. Returns 0, or -1 with what is wrong
 * in err. */
int td_cmd_parse_global(int argc, char **argv, struct td_global_args *g,
                        char *err, size_t errlen);

/* td_args_next, explaining a global option put after the command. */
int td_cmd__next(struct td_args *a, const struct td_opt *opts, char *err,
                 size_t errlen);

/* Reads every option of a command that takes no other word, passing each to
 * apply(ctx, id, value, err, errlen). Returns 0, or -1 with err set (an
 * unknown option, a stray word, or what apply refused). */
int td_cmd__scan(int argc, char **argv, const struct td_opt *opts,
                 int (*apply)(void *ctx, int id, char *v, char *err,
                              size_t errlen),
                 void *ctx, char *err, size_t errlen);

#endif
