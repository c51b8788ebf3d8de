/*
 * What the command-line parsers in cmd*.c share; not for other modules,
 * hence the td_cmd__ prefix.
 */
#ifndef TD_CLIENT_CMD_INT_H
#define TD_CLIENT_CMD_INT_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"

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

/* Each writes its message into err and returns -1. */
int td_cmd__extra_word(const char *w, char *err, size_t errlen);
int td_cmd__bad_value(const char *opt, const char *v, const char *want,
                      char *err, size_t errlen);
int td_cmd__missing(const char *opt, const char *example, char *err,
                    size_t errlen);

/* Checks that ref names a petition: an id from 1 (all digits) or another
 * word, taken for a receipt number. command goes into the example. */
int td_cmd__check_ref(const char *ref, const char *command, char *err,
                      size_t errlen);

/* 1 with *id set when ref is an id, else 0 (a receipt number). */
int td_cmd__ref_id(const char *ref, int64_t *id);

/* Whether s is NULL or holds only white space. */
int td_cmd__blank(const char *s);

/* Parses "--at"-like values, "YYYY-MM-DD[ HH:MM]" local time. */
int td_cmd__parse_at(const char *opt, const char *v, int64_t *at, int *has,
                     char *err, size_t errlen);

/* Parses a count for opt within [0, max]. */
int td_cmd__parse_count(const char *opt, const char *v, uint32_t max,
                        uint32_t *n, int *has, char *err, size_t errlen);

/*
 * "YYYY-MM", "YYYY-MM-DD" (its month; the day must exist) or "YYYY" (its
 * January, or its December when last is set) as a month index, year * 12
 * + (month - 1), from 2000-01 to 2100-12: the months the server keeps
 * statistics for. Returns 0 or -1.
 */
int td_cmd__parse_month(const char *s, int last, int *index);

/* The local month of the Unix time now as a month index; -1 if the clock
 * cannot say. */
int td_cmd__month_at(int64_t now);

#endif
