/* Error templates: what the server captures from a printf format and its
 * arguments, and how the client puts values into a translation. */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "common/tmpl.h"
#include "test.h"

static void each_conversion_becomes_s_and_its_value_a_string(void)
{
  struct td_tmpl t;
  char msg[256];

  td_tmpl_format(&t, msg, sizeof(msg), "%s: %zu bytes, %d, %lld, %u, 100%%",
                 "summary", (size_t)4097, -3, 12345678901LL, 7u);
  ASSERT_STR_EQ(msg, "summary: 4097 bytes, -3, 12345678901, 7, 100%");
  ASSERT_STR_EQ(t.text, "%s: %s bytes, %s, %s, %s, 100%%");
  ASSERT_EQ(t.nargs, 5);
  ASSERT_STR_EQ(t.args[0], "summary");
  ASSERT_STR_EQ(t.args[1], "4097");
  ASSERT_STR_EQ(t.args[2], "-3");
  ASSERT_STR_EQ(t.args[3], "12345678901");
  ASSERT_STR_EQ(t.args[4], "7");
  td_tmpl_format(&t, msg, sizeof(msg), "%" PRId64 ", %x, %c, %.*s, %ld",
                 (int64_t)-9, 255u, 'Q', 3, "abcdef", 8L);
  ASSERT_STR_EQ(msg, "-9, ff, Q, abc, 8");
  ASSERT_STR_EQ(t.text, "%s, %s, %s, %s, %s");
  ASSERT_EQ(t.nargs, 5);
  ASSERT_STR_EQ(t.args[0], "-9");
  ASSERT_STR_EQ(t.args[1], "ff");
  ASSERT_STR_EQ(t.args[2], "Q");
  ASSERT_STR_EQ(t.args[3], "abc");
  ASSERT_STR_EQ(t.args[4], "8");
}

static void width_and_precision_shape_the_value(void)
{
  struct td_tmpl t;
  char msg[64];

  td_tmpl_format(&t, msg, sizeof(msg), "[%5d|%-4s|%*d|%.2f]", 42, "ab", 3, 7,
                 1.5);
  ASSERT_STR_EQ(msg, "[   42|ab  |  7|1.50]");
  ASSERT_STR_EQ(t.text, "[%s|%s|%s|%s]");
  ASSERT_EQ(t.nargs, 4);
  ASSERT_STR_EQ(t.args[0], "   42");
  ASSERT_STR_EQ(t.args[2], "  7");
  ASSERT_STR_EQ(t.args[3], "1.50");
}

static void no_conversion_no_values(void)
{
  struct td_tmpl t;
  char msg[64];

  td_tmpl_format(&t, msg, sizeof(msg), "%s", "");
  td_tmpl_format(&t, msg, sizeof(msg), "plain words");
  ASSERT_STR_EQ(msg, "plain words");
  ASSERT_STR_EQ(t.text, "plain words");
  ASSERT_EQ(t.nargs, 0);
}

static void too_many_values_leave_no_template(void)
{
  struct td_tmpl t;
  char msg[64];

  td_tmpl_format(&t, msg, sizeof(msg), "%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6,
                 7, 8, 9);
  ASSERT_STR_EQ(msg, "123456789");
  ASSERT_STR_EQ(t.text, "");
  ASSERT_EQ(t.nargs, 0);
}

static void a_long_value_is_cut_on_a_character(void)
{
  struct td_tmpl t;
  char msg[1024];
  char v[600];
  size_t i;

  /* "ệ" is 3 bytes: 200 of them do not fit TD_TMPL_ARG_MAX. */
  for (i = 0; i + 3 < sizeof(v); i += 3)
    memcpy(v + i, "\xe1\xbb\x87", 3);
  v[i] = '\0';
  td_tmpl_format(&t, msg, sizeof(msg), "x %s", v);
  ASSERT_EQ(t.nargs, 1);
  ASSERT(strlen(t.args[0]) < TD_TMPL_ARG_MAX);
  ASSERT_EQ(strlen(t.args[0]) % 3, 0);
}

static void expand_puts_values_in_order_or_by_number(void)
{
  const char *const a[] = {"BL-1", "Thanh Hóa"};
  char out[128];

  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "không có đơn %s ở %s", a, 2), 0);
  ASSERT_STR_EQ(out, "không có đơn BL-1 ở Thanh Hóa");
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "ở %2$s: đơn %1$s, 5%%", a, 2), 0);
  ASSERT_STR_EQ(out, "ở Thanh Hóa: đơn BL-1, 5%");
}

static void expand_refuses_what_is_not_a_plain_s(void)
{
  const char *const a[] = {"%n%s%x", "2"};
  char out[64];

  /* A value is copied, never read as a format. */
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "[%s]", a, 1), 0);
  ASSERT_STR_EQ(out, "[%n%s%x]");
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%d", a, 2), -1);
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%n", a, 2), -1);
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%s %s %s", a, 2), -1);
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%3$s", a, 2), -1);
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%0$s", a, 2), -1);
  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "trailing %", a, 2), -1);
}

static void expand_cuts_on_a_character(void)
{
  const char *const a[] = {"đơn đơn đơn"};
  char out[6];

  ASSERT_EQ(td_tmpl_expand(out, sizeof(out), "%s", a, 1), 0);
  /* "đơn" is d4 91 c6 a1 6e: 5 bytes fit, "đơn"; never half a letter. */
  ASSERT_STR_EQ(out, "đơn");
  ASSERT_EQ(td_tmpl_expand(out, 4, "%s", a, 1), 0);
  ASSERT_STR_EQ(out, "đ");
}

static void count_of_values(void)
{
  ASSERT_EQ(td_tmpl_count("none, 100%%"), 0);
  ASSERT_EQ(td_tmpl_count("%s and %s"), 2);
  ASSERT_EQ(td_tmpl_count("%2$s before %1$s"), 2);
  ASSERT_EQ(td_tmpl_count("%d"), -1);
}

int main(void)
{
  RUN_TEST(each_conversion_becomes_s_and_its_value_a_string);
  RUN_TEST(width_and_precision_shape_the_value);
  RUN_TEST(no_conversion_no_values);
  RUN_TEST(too_many_values_leave_no_template);
  RUN_TEST(a_long_value_is_cut_on_a_character);
  RUN_TEST(expand_puts_values_in_order_or_by_number);
  RUN_TEST(expand_refuses_what_is_not_a_plain_s);
  RUN_TEST(expand_cuts_on_a_character);
  RUN_TEST(count_of_values);
  return TEST_EXIT();
}
