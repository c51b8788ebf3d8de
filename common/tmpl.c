/* Error templates; see tmpl.h. */
#include "common/tmpl.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* Appends the n bytes at s to buf (cap bytes, *len used), truncating. */
static void append(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
  if (*len + 1 >= cap)
    return;
  if (n > cap - 1 - *len)
    n = cap - 1 - *len;
  memcpy(buf + *len, s, n);
  *len += n;
  buf[*len] = '\0';
}

/* Drops a UTF-8 character that truncation left incomplete at s's end. */
static void trim_partial(char *s)
{
  size_t n = strlen(s);
  size_t i = n;
  unsigned char lead;
  size_t need;

  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i == 0)
    return;
  lead = (unsigned char)s[i - 1];
  need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (n - (i - 1) < need)
    s[i - 1] = '\0';
}

/*
 * The one place a format that is not a literal reaches printf: spec is a
 * single conversion cut from a format the compiler checked against the
 * same arguments (td_req_fail and its kin are declared format(printf)), so
 * the value pulled here has the type the conversion names.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* Formats the one value of the conversion spec (with its length modifier
 * len and conversion character conv) from ap into out; stars is how many
 * ints ('*' width, precision) it takes before the value. Returns 0, or -1
 * for a conversion this does not know. */
static int one(char *out, size_t size, const char *spec, const char *len,
               char conv, int stars, va_list *ap)
{
  int w1 = 0;
  int w2 = 0;

  if (stars >= 1)
    w1 = va_arg(*ap, int);
  if (stars >= 2)
    w2 = va_arg(*ap, int);
#define PUT(type)                                                              \
  do {                                                                         \
    type v_ = va_arg(*ap, type);                                               \
    if (stars == 0)                                                            \
      snprintf(out, size, spec, v_);                                           \
    else if (stars == 1)                                                       \
      snprintf(out, size, spec, w1, v_);                                       \
    else                                                                       \
      snprintf(out, size, spec, w1, w2, v_);                                   \
  } while (0)
  switch (conv) {
  case 'd':
  case 'i':
    if (strcmp(len, "l") == 0)
      PUT(long);
    else if (strcmp(len, "ll") == 0)
      PUT(long long);
    else if (strcmp(len, "z") == 0)
      PUT(ssize_t);
    else if (strcmp(len, "j") == 0)
      PUT(intmax_t);
    else if (strcmp(len, "t") == 0)
      PUT(ptrdiff_t);
    else
      PUT(int); /* hh and h are promoted to int. */
    return 0;
  case 'u':
  case 'o':
  case 'x':
  case 'X':
    if (strcmp(len, "l") == 0)
      PUT(unsigned long);
    else if (strcmp(len, "ll") == 0)
      PUT(unsigned long long);
    else if (strcmp(len, "z") == 0)
      PUT(size_t);
    else if (strcmp(len, "j") == 0)
      PUT(uintmax_t);
    else if (strcmp(len, "t") == 0)
      PUT(ptrdiff_t);
    else
      PUT(unsigned);
    return 0;
  case 'c':
    PUT(int);
    return 0;
  case 's':
    PUT(const char *);
    return 0;
  case 'p':
    PUT(void *);
    return 0;
  case 'f':
  case 'F':
  case 'e':
  case 'E':
  case 'g':
  case 'G':
  case 'a':
  case 'A':
    if (strcmp(len, "L") == 0)
      PUT(long double);
    else
      PUT(double);
    return 0;
  default:
    return -1;
  }
#undef PUT
}

void td_tmpl_vformat(struct td_tmpl *t, char *msg, size_t size, const char *fmt,
                     va_list ap)
{
  va_list mine;
  va_list walk;
  size_t len = 0;
  const char *p = fmt;
  const char *start;
  char spec[32];
  char lenmod[3];
  size_t n;
  int stars;

  va_copy(mine, ap);
  vsnprintf(msg, size, fmt, mine);
  va_end(mine);

  t->text[0] = '\0';
  t->nargs = 0;
  va_copy(walk, ap);
  while (*p != '\0') {
    if (*p != '%') {
      n = strcspn(p, "%");
      append(t->text, sizeof(t->text), &len, p, n);
      p += n;
      continue;
    }
    if (p[1] == '%') {
      append(t->text, sizeof(t->text), &len, "%%", 2);
      p += 2;
      continue;
    }
    start = p++;
    stars = 0;
    p += strspn(p, "-+ #0'");
    if (*p == '*') {
      stars++;
      p++;
    } else {
      p += strspn(p, "0123456789");
    }
    if (*p == '.') {
      p++;
      if (*p == '*') {
        stars++;
        p++;
      } else {
        p += strspn(p, "0123456789");
      }
    }
    n = strspn(p, "hlLzjt");
    if (n > 2 || (size_t)(p + n + 1 - start) >= sizeof(spec) ||
        t->nargs == TD_TMPL_ARGS)
      goto unknown;
    memcpy(lenmod, p, n);
    lenmod[n] = '\0';
    p += n;
    if (*p == '\0')
      goto unknown;
    memcpy(spec, start, (size_t)(p + 1 - start));
    spec[p + 1 - start] = '\0';
    if (one(t->args[t->nargs], sizeof(t->args[0]), spec, lenmod, *p, stars,
            &walk) != 0)
      goto unknown;
    trim_partial(t->args[t->nargs]);
    t->nargs++;
    p++;
    append(t->text, sizeof(t->text), &len, "%s", 2);
  }
  va_end(walk);
  return;
unknown:
  va_end(walk);
  t->text[0] = '\0';
  t->nargs = 0;
}

#pragma GCC diagnostic pop

void td_tmpl_format(struct td_tmpl *t, char *msg, size_t size, const char *fmt,
                    ...)
{
  va_list ap;

  va_start(ap, fmt);
  td_tmpl_vformat(t, msg, size, fmt, ap);
  va_end(ap);
}

/* Reads "%s" or "%N$s" at p (p[0] == '%'). Returns the bytes read and sets
 * *index (0-based; -1 for the next in order), or 0 if it is neither. */
static size_t conversion(const char *p, int *index)
{
  size_t i = 1;
  int n = 0;

  if (p[1] == 's') {
    *index = -1;
    return 2;
  }
  while (p[i] >= '0' && p[i] <= '9' && n < 1000)
    n = n * 10 + (p[i++] - '0');
  if (i == 1 || n == 0 || p[i] != '$' || p[i + 1] != 's')
    return 0;
  *index = n - 1;
  return i + 2;
}

int td_tmpl_expand(char *out, size_t size, const char *tmpl,
                   const char *const *args, size_t nargs)
{
  size_t len = 0;
  size_t next = 0;
  size_t n;
  int index;
  const char *v;

  if (size == 0)
    return -1;
  out[0] = '\0';
  while (*tmpl != '\0') {
    if (*tmpl != '%') {
      n = strcspn(tmpl, "%");
      append(out, size, &len, tmpl, n);
      tmpl += n;
      continue;
    }
    if (tmpl[1] == '%') {
      append(out, size, &len, "%", 1);
      tmpl += 2;
      continue;
    }
    n = conversion(tmpl, &index);
    if (n == 0)
      return -1;
    if (index < 0)
      index = (int)next++;
    if ((size_t)index >= nargs || args[index] == NULL)
      return -1;
    v = args[index];
    append(out, size, &len, v, strlen(v));
    tmpl += n;
  }
  if (len + 1 >= size)
    trim_partial(out);
  return 0;
}

int td_tmpl_count(const char *tmpl)
{
  int next = 0;
  int most = 0;
  int index;
  size_t n;

  for (tmpl = strchr(tmpl, '%'); tmpl != NULL; tmpl = strchr(tmpl, '%')) {
    if (tmpl[1] == '%') {
      tmpl += 2;
      continue;
    }
    n = conversion(tmpl, &index);
    if (n == 0)
      return -1;
    if (index < 0)
      index = next++;
    if (index + 1 > most)
      most = index + 1;
    tmpl += n;
  }
  return most;
}
