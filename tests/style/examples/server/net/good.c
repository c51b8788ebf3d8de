/* A good example: everything here is allowed, so checksrc says nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listener.h"
#include "db/pool.h"
#include "wire.h"
#include "tiepdan.pb-c.h"

/* Not sprintf(buf, s), not while ((n = read()) > 0). */
int good(char *buf, size_t size, const char *s)
{
  char *end;
  long n;
  int c;

  n = strtol(s, &end, 10);
  if (end == s || *end != '\0' || n < 0)
    return -1;
  snprintf(buf, size, "%ld sprintf(x) strcat(y)", n);
  c = td_example_listener();
  while (c != 0 && c <= 10 && c >= -10)
    c = td_example_listener();
  for (c = 0; c < (int)n; c++)
    buf[c] = (char)(c == '=' ? '!' : '=');
  return c + td_example_pool() + td_example_wire();
}
