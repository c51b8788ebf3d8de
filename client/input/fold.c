/* Folding typed values for comparison; see fold.h. */
#include "input/fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

/* Latin-1 letters U+00C0-U+00FF by their base letter; 0 keeps the letter
 * (Æ, ×, ß, ÷, ...). The lower case half repeats the upper case one. */
static const char latin1[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', /* C0-C7 */
    'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* C8-CF */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   /* D0-D7 */
    'o', 'u', 'u', 'u', 'u', 'y', 0,   0,   /* D8-DF */
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', /* E0-E7 */
    'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* E8-EF */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   /* F0-F7 */
    'o', 'u', 'u', 'u', 'u', 'y', 0,   'y', /* F8-FF */
};

/* The Vietnamese letters outside Latin-1: Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư, and
 * Latin Extended Additional U+1EA0-U+1EF9, which holds every vowel with a
 * tone as upper/lower case pairs, a block per base letter. */
static const struct {
  uint32_t first;
  uint32_t last;
  char base;
} ranges[] = {
    {0x0100, 0x0105, 'a'}, {0x0110, 0x0111, 'd'}, {0x0128, 0x0129, 'i'},
    {0x0168, 0x0169, 'u'}, {0x01A0, 0x01A1, 'o'}, {0x01AF, 0x01B0, 'u'},
    {0x1EA0, 0x1EB7, 'a'}, {0x1EB8, 0x1EC7, 'e'}, {0x1EC8, 0x1ECB, 'i'},
    {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'}, {0x1EF2, 0x1EF9, 'y'},
};

/* The base letter of cp, or 0 when it has none of ours. */
static char base_of(uint32_t cp)
{
  size_t i;

  if (cp >= 0xC0 && cp <= 0xFF)
    return latin1[cp - 0xC0];
  for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
    if (cp >= ranges[i].first && cp <= ranges[i].last)
      return ranges[i].base;
  return 0;
}

static int separator(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r') || strchr("_-,./()'", c);
}

char *td_fold(const char *s)
{
  const char *p;
  char *out;
  size_t len;
  size_t n;
  uint32_t cp;
  int k;
  int gap;

  if (s == NULL)
    s = "";
  len = strlen(s);
  /* Folding never lengthens: a letter becomes one byte, a mark none. */
  out = malloc(len + 1);
  if (out == NULL)
    return NULL;
  n = 0;
  gap = 0;
  for (p = s; *p != '\0'; p += k) {
    unsigned char c = (unsigned char)*p;
    char b;

    if (c < 0x80) {
      k = 1;
      if (c != '\0' && separator(c)) {
        gap = n > 0;
        continue;
      }
      b = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else {
      k = td_utf8_decode(p, len - (size_t)(p - s), &cp);
      if (k == 0) {
        k = 1; /* Not UTF-8: kept byte for byte. */
        cp = 0;
      } else if (cp >= 0x0300 && cp <= 0x036F) {
        continue; /* A combining mark: its letter was already folded. */
      }
      b = cp != 0 ? base_of(cp) : 0;
    }
    if (gap)
      out[n++] = ' ';
    gap = 0;
    if (b != 0)
      out[n++] = b;
    else {
      memcpy(out + n, p, (size_t)k);
      n += (size_t)k;
    }
  }
  out[n] = '\0';
  return out;
}
