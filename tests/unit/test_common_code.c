/* The syntax of reference and unit codes, and a unit's level by its code. */
#include <string.h>

#include "common/code.h"
#include "common/limits.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The server's checks of codes, from test_validate. */
static void codes_as_the_server_checks_them(void)
{
  ASSERT(td_code_valid("03390"));
  ASSERT(td_code_valid("regular_reception"));
  ASSERT(!td_code_valid(""));
  ASSERT(!td_code_valid("012345678901234567890123456789012"));
  ASSERT(!td_code_valid("a'b"));
}

static void valid_codes(void)
{
  static const char *const cases[] = {
      "VN",        "12",
      "117",       "03390",
      "complaint", "front_supervision",
      "a.b-c_d",   "A",
      "Z9",        "01234567890123456789012345678901", /* 32 */
  };
  size_t i;

  for (i = 0; i < N(cases); i++)
    ASSERT(td_code_valid(cases[i]));
}

static void invalid_codes(void)
{
  static const char *const cases[] = {
      "",       " ",
      "03390 ", " 03390",
      "a b",    "a/b",
      "a;b",    "a'b",
      "a\"b",   "a\tb",
      "a\nb",   "x\xc3\xa3",
      "%",      "0123456789012345678901234567890123",
      "a\\b",
  };
  size_t i;

  for (i = 0; i < N(cases); i++)
    ASSERT(!td_code_valid(cases[i]));
}

static void the_longest_code_is_td_code_max(void)
{
  char s[TD_CODE_MAX + 2];

  memset(s, 'a', sizeof(s));
  s[TD_CODE_MAX] = '\0';
  ASSERT(td_code_valid(s));
  s[TD_CODE_MAX] = 'a';
  s[TD_CODE_MAX + 1] = '\0';
  ASSERT(!td_code_valid(s));
}

static void a_units_level_comes_from_its_code(void)
{
  ASSERT_STR_EQ(td_code_unit_level("12"), "province");
  ASSERT_STR_EQ(td_code_unit_level("117"), "district");
  ASSERT_STR_EQ(td_code_unit_level("03390"), "commune");
  ASSERT_STR_EQ(td_code_unit_level("1"), "commune");
}

int main(void)
{
  RUN_TEST(codes_as_the_server_checks_them);
  RUN_TEST(valid_codes);
  RUN_TEST(invalid_codes);
  RUN_TEST(the_longest_code_is_td_code_max);
  RUN_TEST(a_units_level_comes_from_its_code);
  return TEST_EXIT();
}
