/*
 * The check formulas of an official form, over its numbered columns:
 * "1 = 4 + 13 + 22" (the left side equals the sum on the right), several
 * sides "9 = 10 + 11 + 12 = 13 + 14" (all equal), or "8 <= 7" (at most).
 * Each side is a sum of column numbers. The forms print these in their
 * numbered row; the server verifies them on every row it fills. Pure.
 */
#ifndef TD_COMMON_FORMULA_H
#define TD_COMMON_FORMULA_H

#include <stddef.h>
#include <stdint.h>

/* The columns a formula may name. */
#define TD_FORMULA_COLUMN_MAX 999

enum td_formula_result {
  TD_FORMULA_HOLDS = 1,
  TD_FORMULA_FAILS = 0,
  TD_FORMULA_MALFORMED = -1, /* Not a formula of the form above. */
  TD_FORMULA_UNKNOWN = -2    /* Names a column beyond n or one left blank. */
};

/*
 * Evaluates formula over values: values[k - 1] is column k, n of them; a
 * negative value is a column left blank (not recorded), which makes the
 * formula TD_FORMULA_UNKNOWN.
 */
enum td_formula_result td_formula_check(const char *formula,
                                        const int64_t *values, size_t n);

#endif
