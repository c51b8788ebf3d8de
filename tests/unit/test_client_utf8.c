/* Display width and truncation of Vietnamese text in tables. */
#include <stdlib.h>

#include "test.h"
#include "utf8.h"

static void test_width_counts_ascii_bytes(void)
{
  ASSERT_EQ(td_utf8_width("BL-2026-000001"), 14);
  ASSERT_EQ(td_utf8_width(""), 0);
  ASSERT_EQ(td_utf8_width(NULL), 0);
}

static void test_width_counts_precomposed_letters_once(void)
{
  /* "Nguyễn" has six letters, "ễ" being three bytes. */
  ASSERT_EQ(td_utf8_width("Nguy\xe1\xbb\x85n"), 6);
  ASSERT_EQ(td_utf8_width("X\xc3\xa3 Tam D\xc6\xb0\xc6\xa1ng"), 12);
}

static void test_width_ignores_combining_marks(void)
{
  /* "ễ" decomposed: e, U+0302 circumflex, U+0303 tilde. */
  ASSERT_EQ(td_utf8_width("Nguye\xcc\x82\xcc\x83n"), 6);
  /* The ends of the range U+0300-U+036F, and just outside it. */
  ASSERT_EQ(td_utf8_width("a\xcc\x80"), 1);
  ASSERT_EQ(td_utf8_width("a\xcd\xaf"), 1);
  ASSERT_EQ(td_utf8_width("a\xcd\xb0"), 2);
}

static void test_width_counts_each_invalid_byte(void)
{
  ASSERT_EQ(td_utf8_width("a\xff\xfe"), 3);
  /* A lead byte cut short by the end of the string. */
  ASSERT_EQ(td_utf8_width("a\xe1\xbb"), 3);
  /* An overlong encoding of '/' is not UTF-8. */
  ASSERT_EQ(td_utf8_width("\xc0\xaf"), 2);
}

static void test_truncate_keeps_short_text(void)
{
  char *s;

  s = td_utf8_truncate("Nguy\xe1\xbb\x85n", 6);
  ASSERT_STR_EQ(s, "Nguy\xe1\xbb\x85n");
  free(s);
}

static void test_truncate_cuts_with_ellipsis_to_the_width(void)
{
  char *s;

  s = td_utf8_truncate("\xc4\x90\xe1\xbb\x81 ngh\xe1\xbb\x8b xem x\xc3\xa9t",
                       6);
  /* Five letters and the ellipsis: "Đề ng…". */
  ASSERT_STR_EQ(s, "\xc4\x90\xe1\xbb\x81 ng\xe2\x80\xa6");
  ASSERT_EQ(td_utf8_width(s), 6);
  free(s);
}

static void test_truncate_keeps_marks_with_their_letter(void)
{
  char *s;

  /* "ễabc" decomposed, cut to 2: the marks stay with the e. */
  s = td_utf8_truncate("e\xcc\x82\xcc\x83"
                       "abc",
                       2);
  ASSERT_STR_EQ(s, "e\xcc\x82\xcc\x83\xe2\x80\xa6");
  free(s);
}

static void test_truncate_to_tiny_widths(void)
{
  char *s;

  s = td_utf8_truncate("abc", 1);
  ASSERT_STR_EQ(s, "\xe2\x80\xa6");
  free(s);
  s = td_utf8_truncate("abc", 0);
  ASSERT_STR_EQ(s, "");
  free(s);
  s = td_utf8_truncate(NULL, 3);
  ASSERT_STR_EQ(s, "");
  free(s);
}

int main(void)
{
  RUN_TEST(test_width_counts_ascii_bytes);
  RUN_TEST(test_width_counts_precomposed_letters_once);
  RUN_TEST(test_width_ignores_combining_marks);
  RUN_TEST(test_width_counts_each_invalid_byte);
  RUN_TEST(test_truncate_keeps_short_text);
  RUN_TEST(test_truncate_cuts_with_ellipsis_to_the_width);
  RUN_TEST(test_truncate_keeps_marks_with_their_letter);
  RUN_TEST(test_truncate_to_tiny_widths);
  return TEST_EXIT();
}
