/* Check formulas; see formula.h. */
#include "common/formula.h"

#include <string.h>

static const char *skip_spaces(const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

/* Reads "a + b + ..." at *sp into *sum; returns TD_FORMULA_HOLDS (read),
 * MALFORMED or UNKNOWN. */
static int side(const char **sp, const int64_t *values, size_t n, int64_t *sum)
{
  const char *s = *sp;
  int unknown = 0;

  *sum = 0;
  for (;;) {
    long k = 0;
    int digits = 0;

    s = skip_spaces(s);
    while (*s >= '0' && *s <= '9' && digits < 4) {
      k = k * 10 + (*s++ - '0');
      digits++;
    }
    if (digits == 0 || (*s >= '0' && *s <= '9') || k < 1 ||
        k > TD_FORMULA_COLUMN_MAX)
      return TD_FORMULA_MALFORMED;
    if ((size_t)k > n || values[k - 1] < 0)
      unknown = 1;
    else
      *sum += values[k - 1];
    s = skip_spaces(s);
    if (*s != '+')
      break;
    s++;
  }
  *sp = s;
  return unknown ? TD_FORMULA_UNKNOWN : TD_FORMULA_HOLDS;
}

enum td_formula_result td_formula_check(const char *formula,
                                        const int64_t *values, size_t n)
{
  const char *s = formula;
  int64_t first;
  int64_t next;
  int unknown = 0;
  int holds = 1;
  int sides = 1;
  int r;

  if (s == NULL)
    return TD_FORMULA_MALFORMED;
  r = side(&s, values, n, &first);
  if (r == TD_FORMULA_MALFORMED)
    return r;
  unknown |= r == TD_FORMULA_UNKNOWN;
  if (strncmp(s, "<=", 2) == 0) {
    s += 2;
    r = side(&s, values, n, &next);
    if (r == TD_FORMULA_MALFORMED || *skip_spaces(s) != '\0')
      return TD_FORMULA_MALFORMED;
    if (unknown || r == TD_FORMULA_UNKNOWN)
      return TD_FORMULA_UNKNOWN;
    return first <= next ? TD_FORMULA_HOLDS : TD_FORMULA_FAILS;
  }
  while (*s == '=') {
    s++;
    r = side(&s, values, n, &next);
    if (r == TD_FORMULA_MALFORMED)
      return r;
    unknown |= r == TD_FORMULA_UNKNOWN;
    if (next != first)
      holds = 0;
    sides++;
  }
  if (*s != '\0' || sides < 2)
    return TD_FORMULA_MALFORMED;
  if (unknown)
    return TD_FORMULA_UNKNOWN;
  return holds ? TD_FORMULA_HOLDS : TD_FORMULA_FAILS;
}
