/* UTF-8; see utf8.h. */
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column. */
#define REPLACEMENT 0xfffd

/* The length of the sequence a lead byte starts, with its payload bits in
 * *v; 0 for a byte that starts none (a continuation byte, 0xC0 and 0xC1,
 * which could only start overlong forms, and 0xF5 to 0xFF, past U+10FFFF). */
static int lead(unsigned char b, uint32_t *v)
{
  if (b < 0x80) {
    *v = b;
    return 1;
  }
  if (b >= 0xc2 && b <= 0xdf) {
    *v = b & 0x1f;
    return 2;
  }
  if (b >= 0xe0 && b <= 0xef) {
    *v = b & 0x0f;
    return 3;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    *v = b & 0x07;
    return 4;
  }
  return 0;
}

int td_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  uint32_t v;
  int len;
  int i;

  *cp = REPLACEMENT;
  len = n > 0 ? lead(s[0], &v) : 0;
  if (len == 0 || n < (size_t)len)
    return 0;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    v = v << 6 | (s[i] & 0x3f);
  }
  /* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
  if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
      (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
    return 0;
  *cp = v;
  return len;
}

int td_utf8_encode(uint32_t cp, char out[4])
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xc0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
    return 0;
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | cp >> 18);
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

int td_utf8_valid(const char *s, size_t n)
{
  uint32_t cp;
  size_t i;
  int len;

  for (i = 0; i < n; i += (size_t)len) {
    len = td_utf8_decode(s + i, n - i, &cp);
    if (len == 0)
      return 0;
  }
  return 1;
}

/* Decodes at s, a C string: a sequence is never read past its NUL, since
 * a NUL is no continuation byte. An invalid byte is one U+FFFD. */
static size_t next(const char *s, uint32_t *cp)
{
  int len;

  len = td_utf8_decode(s, 4, cp);
  return len > 0 ? (size_t)len : 1;
}

static int is_combining(uint32_t cp)
{
  return cp >= 0x300 && cp <= 0x36f;
}

size_t td_utf8_width(const char *s)
{
  uint32_t cp;
  size_t w;

  w = 0;
  if (s == NULL)
    return 0;
  while (*s != '\0') {
    s += next(s, &cp);
    if (!is_combining(cp))
      w++;
  }
  return w;
}

/* Bytes of the longest prefix of s that fits in width columns, with the
 * combining marks that follow its last letter. */
static size_t fit(const char *s, size_t width)
{
  const char *p;
  uint32_t cp;
  size_t n;
  size_t w;

  w = 0;
  p = s;
  while (*p != '\0') {
    n = next(p, &cp);
    if (!is_combining(cp)) {
      if (w == width)
        break;
      w++;
    }
    p += n;
  }
  return (size_t)(p - s);
}

char *td_utf8_truncate(const char *s, size_t width)
{
  char *out;
  size_t n;

  if (s == NULL)
    s = "";
  if (td_utf8_width(s) <= width)
    return strdup(s);
  if (width == 0)
    return strdup("");
  n = fit(s, width - 1);
  out = malloc(n + sizeof(ELLIPSIS));
  if (out == NULL)
    return NULL;
  memcpy(out, s, n);
  memcpy(out + n, ELLIPSIS, sizeof(ELLIPSIS));
  return out;
}
