/* Free text; see text.h. */
#include "input/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "lang/lang.h"

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

/* Makes room for 4096 more bytes in *buf; -1 past MAX_TEXT or without
 * memory. */
static int grow(char **buf, size_t len, size_t *cap)
{
  char *p;

  if (*cap - len >= 4096)
    return 0;
  *cap = *cap ? *cap * 2 : 65536;
  p = *cap <= MAX_TEXT ? realloc(*buf, *cap + 1) : NULL;
  if (p == NULL)
    return -1;
  *buf = p;
  return 0;
}

/* Ends buf at len, or frees it and says why it is no text. */
static char *finish(char *buf, size_t len, int failed, const char *what,
                    char *err, size_t errlen)
{
  if (failed || memchr(buf, '\0', len) != NULL) {
    if (failed)
      snprintf(err, errlen, _("cannot read %s from standard input"), what);
    else
      snprintf(err, errlen,
               _("cannot read %s from standard input: it is not text"), what);
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}

char *td_text_read_stdin(const char *what, char *err, size_t errlen)
{
  char *buf;
  size_t len;
  size_t cap;
  size_t n;

  /* stdio would want a second Ctrl-D at a terminal: read() the lines. */
  if (isatty(STDIN_FILENO))
    return td_text_read_fd(STDIN_FILENO, what, NULL, err, errlen);
  buf = NULL;
  len = 0;
  cap = 0;
  do {
    if (grow(&buf, len, &cap) != 0) {
      snprintf(err, errlen, _("%s is too long"), what);
      free(buf);
      return NULL;
    }
    n = fread(buf + len, 1, cap - len, stdin);
    len += n;
  } while (n > 0);
  return finish(buf, len, ferror(stdin), what, err, errlen);
}

char *td_text_read_fd(int fd, const char *what, int *interrupted, char *err,
                      size_t errlen)
{
  char *buf;
  size_t len;
  size_t cap;
  ssize_t n;
  int tty;

  if (interrupted != NULL)
    *interrupted = 0;
  tty = isatty(fd);
  buf = NULL;
  len = 0;
  cap = 0;
  for (;;) {
    if (grow(&buf, len, &cap) != 0) {
      snprintf(err, errlen, _("%s is too long"), what);
      free(buf);
      return NULL;
    }
    /* A terminal gives one line per read(), the newline included. */
    n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR && interrupted != NULL) {
      *interrupted = 1;
      snprintf(err, errlen, _("interrupted by Ctrl-C"));
      free(buf);
      return NULL;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return finish(buf, len, 1, what, err, errlen);
    len += (size_t)n;
    /* Ctrl-D on an empty line gives nothing; after text it gives the text
     * without a newline. Either way the officer is done. A file ends when
     * read() gives nothing. */
    if (n == 0 || (tty && buf[len - 1] != '\n'))
      break;
  }
  return finish(buf, len, 0, what, err, errlen);
}

int td_text_read_line(int fd, char *buf, size_t cap)
{
  char line[4096];
  size_t len;
  ssize_t n;

  /* A terminal gives one line per read(): with its newline after Enter,
   * without it after Ctrl-D, nothing after Ctrl-D on an empty line. */
  n = read(fd, line, sizeof(line));
  if (n < 0)
    return -1; /* EINTR too: Ctrl-C cancels the question. */
  if (n == 0)
    return 0;
  len = (size_t)n;
  if (line[len - 1] == '\n')
    len--;
  if (len >= cap)
    len = cap - 1;
  memcpy(buf, line, len);
  buf[len] = '\0';
  return 1;
}
