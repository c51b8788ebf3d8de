/*
 * Folding typed values (input/fold.h): every Vietnamese letter with every
 * tone, upper and lower case, precomposed and decomposed, folds to its
 * base letter; words fold as officers expect them to match.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "input/fold.h"

/* The twelve vowels, each without a tone and then with huyền, sắc, hỏi,
 * ngã and nặng, as precomposed letters (NFC). */
static const char *const lower[12][6] = {
    {"a", "à", "á", "ả", "ã", "ạ"}, {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"},
    {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"e", "è", "é", "ẻ", "ẽ", "ẹ"},
    {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"i", "ì", "í", "ỉ", "ĩ", "ị"},
    {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"},
    {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"u", "ù", "ú", "ủ", "ũ", "ụ"},
    {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"},
};
static const char *const upper[12][6] = {
    {"A", "À", "Á", "Ả", "Ã", "Ạ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"},
    {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"},
    {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"},
    {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"},
    {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"},
};
/* Each vowel's base letter and the mark that makes it (breve, circumflex,
 * horn), as NFD writes it. */
static const char base[12] = {'a', 'a', 'a', 'e', 'e', 'i',
                              'o', 'o', 'o', 'u', 'u', 'y'};
static const char *const modifier[12] = {
    "", "\xcc\x86", "\xcc\x82", "", "\xcc\x82", "", /* a ă â e ê i */
    "", "\xcc\x82", "\xcc\x9b", "", "\xcc\x9b", "", /* o ô ơ u ư y */
};
/* No tone, then U+0300, U+0301, U+0309, U+0303, U+0323. */
static const char *const tone[6] = {"",         "\xcc\x80", "\xcc\x81",
                                    "\xcc\x89", "\xcc\x83", "\xcc\xa3"};

/* Whether s folds to want. */
static int folds_to(const char *s, const char *want)
{
  char *f = td_fold(s);
  int ok = f != NULL && strcmp(f, want) == 0;

  if (!ok)
    fprintf(stderr, "  \"%s\" folded to \"%s\", not \"%s\"\n", s,
            f ? f : "(null)", want);
  free(f);
  return ok;
}

static void test_every_precomposed_letter_and_tone(void)
{
  char want[2] = {0, 0};
  int v;
  int t;

  for (v = 0; v < 12; v++)
    for (t = 0; t < 6; t++) {
      want[0] = base[v];
      ASSERT(folds_to(lower[v][t], want));
      ASSERT(folds_to(upper[v][t], want));
    }
  ASSERT(folds_to("đ", "d"));
  ASSERT(folds_to("Đ", "d"));
}

static void test_every_decomposed_letter_and_tone(void)
{
  char in[16];
  char want[2] = {0, 0};
  int v;
  int t;

  for (v = 0; v < 12; v++)
    for (t = 0; t < 6; t++) {
      want[0] = base[v];
      /* Canonical order puts the dot below before the breve or
       * circumflex; typing tools do either. */
      snprintf(in, sizeof(in), "%c%s%s", base[v], modifier[v], tone[t]);
      ASSERT(folds_to(in, want));
      snprintf(in, sizeof(in), "%c%s%s", base[v] - 'a' + 'A', tone[t],
               modifier[v]);
      ASSERT(folds_to(in, want));
    }
}

/* A decomposed vowel folds exactly as its precomposed one, inside a word. */
static void test_decomposed_words_fold_as_precomposed(void)
{
  char nfd[32];
  char *a;
  char *b;
  int v;
  int t;

  for (v = 0; v < 12; v++)
    for (t = 0; t < 6; t++) {
      snprintf(nfd, sizeof(nfd), "Kh%c%s%sT", base[v], modifier[v], tone[t]);
      a = td_fold(nfd);
      snprintf(nfd, sizeof(nfd), "kh%st", lower[v][t]);
      b = td_fold(nfd);
      ASSERT(a != NULL && b != NULL && strcmp(a, b) == 0);
      free(a);
      free(b);
    }
}

static void test_words_as_officers_type_them(void)
{
  const char *const same[] = {
      "khiếu nại",      "Khiếu Nại",
      "KHIẾU NẠI",      "khieu nai",
      "khieu_nai",      "KHIEU-NAI",
      "  khiếu   nại ", "khie\xcc\x82\xcc\x81u na\xcc\xa3i", /* NFD */
      "khiếu\tnại",
  };
  size_t i;

  for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
    ASSERT(folds_to(same[i], "khieu nai"));
  ASSERT(folds_to("Điện sinh hoạt", "dien sinh hoat"));
  ASSERT(folds_to("ĐIỆN SINH HOẠT", "dien sinh hoat"));
  ASSERT(folds_to("Hòa giải thành", "hoa giai thanh"));
  ASSERT(folds_to("Hoà giải thành", "hoa giai thanh"));
  ASSERT(folds_to("Giám sát, phản biện xã hội của MTTQ",
                  "giam sat phan bien xa hoi cua mttq"));
  ASSERT(folds_to("Nền tảng số (cổng, Zalo, fanpage)",
                  "nen tang so cong zalo fanpage"));
  ASSERT(folds_to("regular_reception", "regular reception"));
  ASSERT(folds_to("Voters' meeting", "voters meeting"));
  ASSERT(folds_to("", ""));
  ASSERT(folds_to(" _-", ""));
  ASSERT(folds_to(NULL, ""));
}

/* What is not ours matches only itself: other scripts and bytes that are
 * not UTF-8 are kept, digits too. */
static void test_other_text_is_kept(void)
{
  ASSERT(folds_to("Ж 10", "Ж 10"));
  ASSERT(folds_to("a\xff"
                  "b",
                  "a\xff"
                  "b"));
  ASSERT(folds_to("\xe1\xba", "\xe1\xba"));
  ASSERT(folds_to("Æß", "Æß"));
  ASSERT(folds_to("Ñ Ç Ü", "n c u"));
}

int main(void)
{
  RUN_TEST(test_every_precomposed_letter_and_tone);
  RUN_TEST(test_every_decomposed_letter_and_tone);
  RUN_TEST(test_decomposed_words_fold_as_precomposed);
  RUN_TEST(test_words_as_officers_type_them);
  RUN_TEST(test_other_text_is_kept);
  return TEST_EXIT();
}
