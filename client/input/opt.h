/*
 * The values of options as officers type them: dates and times, counts,
 * months, a petition's id or receipt number, a session's number; and the
 * messages that say what is wrong with one, in the words of the option.
 * Pure: nothing here prints or touches the network.
 */
#ifndef TD_INPUT_OPT_H
#define TD_INPUT_OPT_H

#include <stddef.h>
#include <stdint.h>

/* Each writes its message, in the officer's language, into err and returns
 * -1. want is what the option takes, already translated: _("a number"). */
int td_opt_extra_word(const char *w, char *err, size_t errlen);
int td_opt_bad_value(const char *opt, const char *v, const char *want,
                     char *err, size_t errlen);
int td_opt_missing(const char *opt, const char *example, char *err,
                   size_t errlen);

/* Checks that ref names a petition: an id from 1 (all digits) or another
 * word, taken for a receipt number. command goes into the example. Returns
 * 0, or -1 with err set. */
int td_opt_check_ref(const char *ref, const char *command, char *err,
                     size_t errlen);

/* 1 with *id set when ref is an id, else 0 (a receipt number). */
int td_opt_ref_id(const char *ref, int64_t *id);

/* Stores v in *slot when it holds text; -1 with err set when it is blank
 * ("--note is empty; write the text after it"). */
int td_opt_text(const char *opt, char *v, char **slot, char *err,
                size_t errlen);

/* Stores v in *slot when it can be a unit's code (which codes exist is the
 * server's to say); -1 with err set when it is blank. */
int td_opt_unit(const char *opt, char *v, char **slot, char *err,
                size_t errlen);

/* Whether s is NULL or holds only white space. */
int td_opt_blank(const char *s);

/* Parses "--at"-like values, "DD/MM/YYYY[ HH:MM]" or "YYYY-MM-DD[ HH:MM]",
 * Vietnam's time. Returns 0, or
 * -1 with err set. */
int td_opt_parse_at(const char *opt, const char *v, int64_t *at, int *has,
                    char *err, size_t errlen);

/* Parses a count for opt within [0, max]. Returns 0, or -1 with err set. */
int td_opt_parse_count(const char *opt, const char *v, uint32_t max,
                       uint32_t *n, int *has, char *err, size_t errlen);

/* Parses a session's number for --session. Returns 0, or -1 with err set. */
int td_opt_parse_session(const char *v, int64_t *id, int *has, char *err,
                         size_t errlen);

/*
 * "YYYY-MM", "YYYY-MM-DD" (its month; the day must exist) or "YYYY" (its
 * January, or its December when last is set) as a month index, year * 12
 * + (month - 1), within the years the server keeps statistics for
 * (common/limits.h). Returns 0 or -1.
 */
int td_opt_parse_month(const char *s, int last, int *index);

/* The local month of the Unix time now as a month index; -1 if the clock
 * cannot say. */
int td_opt_month_at(int64_t now);

#endif
