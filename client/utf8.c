/* UTF-8 display width; see utf8.h. */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column. */

/*
 * Decodes the code point at s. Returns its length in bytes (at least 1) and
 * stores it in *cp, or U+FFFD for a byte that starts no valid sequence.
 */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
  size_t n;
  size_t i;
  uint32_t v;

  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] >= 0xc2 && s[0] <= 0xdf) {
    n = 2;
    v = s[0] & 0x1f;
  } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
    n = 3;
    v = s[0] & 0x0f;
  } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
    n = 4;
    v = s[0] & 0x07;
  } else {
    goto bad;
  }
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80)
      goto bad;
    v = v << 6 | (s[i] & 0x3f);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
  if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
      (v >= 0xd800 && v <= 0xdfff))
    goto bad;
  *cp = v;
  return n;

bad:
  *cp = 0xfffd;
  return 1;
}

static int is_combining(uint32_t cp)
{
  return cp >= 0x300 && cp <= 0x36f;
}

int td_utf8_valid(const char *s)
{
  const unsigned char *p;
  uint32_t cp;
  size_t n;

  for (p = (const unsigned char *)s; *p != '\0'; p += n) {
    n = decode(p, &cp);
    /* decode reads one byte of a sequence it refuses. */
    if (n == 1 && *p >= 0x80)
      return 0;
  }
  return 1;
}

size_t td_utf8_width(const char *s)
{
  const unsigned char *p;
  uint32_t cp;
  size_t w;

  w = 0;
  if (s == NULL)
    return 0;
  for (p = (const unsigned char *)s; *p != '\0';) {
    p += decode(p, &cp);
    if (!is_combining(cp))
      w++;
  }
  return w;
}

/* Bytes of the longest prefix of s that fits in width columns, with the
 * combining marks that follow its last letter. */
static size_t fit(const char *s, size_t width)
{
  const unsigned char *p;
  uint32_t cp;
  size_t n;
  size_t w;

  w = 0;
  p = (const unsigned char *)s;
  while (*p != '\0') {
    n = decode(p, &cp);
    if (!is_combining(cp)) {
      if (w == width)
        break;
      w++;
    }
    p += n;
  }
  return (size_t)(p - (const unsigned char *)s);
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
