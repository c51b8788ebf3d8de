/* Free text; see text.h. */
#include "input/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"

#define MAX_TEXT TD_FRAME_HARD_MAX

char *td_text_trim(char *s)
{
  char *end;

  if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
    s += 3;
  while (isspace((unsigned char)*s))
    s++;
  end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1]))
    end--;
  *end = '\0';
  return s;
}

char *td_text_read_stdin(const char *what, char *err, size_t errlen)
{
  char *buf;
  char *p;
  size_t len;
  size_t cap;
  size_t n;

  buf = NULL;
  len = 0;
  cap = 0;
  do {
    if (cap - len < 4096) {
      cap = cap ? cap * 2 : 65536;
      p = cap <= MAX_TEXT ? realloc(buf, cap + 1) : NULL;
      if (p == NULL) {
        snprintf(err, errlen, "%s is too long", what);
        free(buf);
        return NULL;
      }
      buf = p;
    }
    n = fread(buf + len, 1, cap - len, stdin);
    len += n;
  } while (n > 0);
  if (ferror(stdin) || memchr(buf, '\0', len) != NULL) {
    snprintf(err, errlen, "cannot read %s from standard input%s", what,
             ferror(stdin) ? "" : ": it is not text");
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}
