/* UTF-8 as both programs read it: what is valid (a table of well-formed
 * text and of every kind of malformed sequence), decoding, and the display
 * width and truncation of Vietnamese text in tables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct bytes {
  const char *s;
  size_t n;
  const char *why;
};

#define B(lit, why)                                                            \
  {                                                                            \
    lit, sizeof(lit) - 1, why                                                  \
  }

static void utf8_accepts_vietnamese_and_rejects_malformed(void)
{
  ASSERT(
      td_utf8_valid("Tiếp dân ở xã Bình Lư", strlen("Tiếp dân ở xã Bình Lư")));
  ASSERT(td_utf8_valid("\xF0\x9F\x98\x80", 4));  /* U+1F600 */
  ASSERT(!td_utf8_valid("\xC3", 1));             /* Truncated. */
  ASSERT(!td_utf8_valid("\xC0\xAF", 2));         /* Overlong '/'. */
  ASSERT(!td_utf8_valid("\xE0\x80\xAF", 3));     /* Overlong. */
  ASSERT(!td_utf8_valid("\xED\xA0\x80", 3));     /* Surrogate. */
  ASSERT(!td_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF. */
  ASSERT(!td_utf8_valid("\xFF", 1));
  ASSERT(!td_utf8_valid("a\x80"
                        "b",
                        3)); /* Stray continuation. */
}

static void valid_text_is_accepted(void)
{
  static const struct bytes cases[] = {
      B("", "empty"),
      B("Ti\xe1\xba\xbfp d\xc3\xa2n \xe1\xbb\x9f x\xc3\xa3 B\xc3\xacnh "
        "L\xc6\xb0",
        "Vietnamese, precomposed"),
      B("Nguye\xcc\x82\xcc\x83n", "Vietnamese, decomposed"),
      B("\x7f", "U+007F, the last single byte"),
      B("\xc2\x80", "U+0080, the first two-byte"),
      B("\xdf\xbf", "U+07FF, the last two-byte"),
      B("\xe0\xa0\x80", "U+0800, the first three-byte"),
      B("\xed\x9f\xbf", "U+D7FF, just below the surrogates"),
      B("\xee\x80\x80", "U+E000, just above the surrogates"),
      B("\xef\xbf\xbd", "U+FFFD itself"),
      B("\xef\xbf\xbf", "U+FFFF"),
      B("\xf0\x90\x80\x80", "U+10000, the first four-byte"),
      B("\xf0\x9f\x98\x80", "U+1F600"),
      B("\xf4\x8f\xbf\xbf", "U+10FFFF, the last code point"),
      B("a\0b", "a NUL byte"),
  };
  size_t i;

  for (i = 0; i < N(cases); i++) {
    if (!td_utf8_valid(cases[i].s, cases[i].n))
      fprintf(stderr, "refused: %s\n", cases[i].why);
    ASSERT(td_utf8_valid(cases[i].s, cases[i].n));
  }
}

static void malformed_text_is_refused(void)
{
  static const struct bytes cases[] = {
      B("\x80", "a lone continuation byte"),
      B("a\x80"
        "b",
        "a stray continuation byte"),
      B("\xbf", "the last continuation byte"),
      B("\xc0\xaf", "overlong '/' in two bytes (C0)"),
      B("\xc1\xbf", "overlong in two bytes (C1)"),
      B("\xe0\x80\xaf", "overlong '/' in three bytes"),
      B("\xe0\x9f\xbf", "overlong U+07FF in three bytes"),
      B("\xf0\x80\x80\xaf", "overlong '/' in four bytes"),
      B("\xf0\x8f\xbf\xbf", "overlong U+FFFF in four bytes"),
      B("\xed\xa0\x80", "U+D800, the first surrogate"),
      B("\xed\xbf\xbf", "U+DFFF, the last surrogate"),
      B("\xed\xa0\xbd\xed\xb8\x80", "a surrogate pair (CESU-8)"),
      B("\xf4\x90\x80\x80", "U+110000, past Unicode"),
      B("\xf5\x80\x80\x80", "lead byte F5"),
      B("\xf8\x88\x80\x80\x80", "a five-byte form"),
      B("\xfc\x84\x80\x80\x80\x80", "a six-byte form"),
      B("\xfe", "byte FE"),
      B("\xff", "byte FF"),
      B("\xc3", "a two-byte sequence cut short"),
      B("\xe1\xbb", "a three-byte sequence cut short"),
      B("\xf0\x9f\x98", "a four-byte sequence cut short"),
      B("\xe1\xbb"
        "x",
        "a three-byte sequence broken by ASCII"),
      B("\xc3\xc3\xa9", "a lead byte where a continuation belongs"),
  };
  size_t i;

  for (i = 0; i < N(cases); i++) {
    if (td_utf8_valid(cases[i].s, cases[i].n))
      fprintf(stderr, "accepted: %s\n", cases[i].why);
    ASSERT(!td_utf8_valid(cases[i].s, cases[i].n));
  }
}

/* Validity looks only at the n bytes given, not at what follows. */
static void valid_reads_only_n_bytes(void)
{
  ASSERT(td_utf8_valid("ab\xff", 2));
  ASSERT(!td_utf8_valid("\xc3\xa9", 1));
  ASSERT(td_utf8_valid("\xc3\xa9", 2));
}

static void decode_gives_the_code_point_and_its_length(void)
{
  uint32_t cp;

  ASSERT_EQ(td_utf8_decode("A", 1, &cp), 1);
  ASSERT_EQ(cp, 0x41);
  ASSERT_EQ(td_utf8_decode("\xc6\xb0", 2, &cp), 2);
  ASSERT_EQ(cp, 0x1b0); /* ư */
  ASSERT_EQ(td_utf8_decode("\xe1\xbb\x85n", 4, &cp), 3);
  ASSERT_EQ(cp, 0x1ec5); /* ễ */
  ASSERT_EQ(td_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
  ASSERT_EQ(cp, 0x10ffff);
  ASSERT_EQ(td_utf8_decode("\xc0\xaf", 2, &cp), 0);
  ASSERT_EQ(cp, 0xfffd);
  ASSERT_EQ(td_utf8_decode("\xe1\xbb\x85", 2, &cp), 0);
  ASSERT_EQ(td_utf8_decode("", 0, &cp), 0);
}

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

/* Every code point that has a UTF-8 form encodes to what decodes back to
 * it; surrogates and values past U+10FFFF have none. */
static void encode_is_the_inverse_of_decode(void)
{
  char buf[4];
  uint32_t cp;
  uint32_t back;
  int n;

  for (cp = 0; cp <= 0x10ffff; cp++) {
    n = td_utf8_encode(cp, buf);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      ASSERT_EQ(n, 0);
      continue;
    }
    ASSERT_EQ(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
    ASSERT_EQ(td_utf8_decode(buf, (size_t)n, &back), n);
    ASSERT_EQ(back, cp);
  }
  ASSERT_EQ(td_utf8_encode(0x110000, buf), 0);
}

int main(void)
{
  RUN_TEST(encode_is_the_inverse_of_decode);
  RUN_TEST(utf8_accepts_vietnamese_and_rejects_malformed);
  RUN_TEST(valid_text_is_accepted);
  RUN_TEST(malformed_text_is_refused);
  RUN_TEST(valid_reads_only_n_bytes);
  RUN_TEST(decode_gives_the_code_point_and_its_length);
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
