/* Assignments inside conditions, and comparisons that are fine. */
#include <stdio.h>
#include <string.h>

int next(void);

int conditions(const char *s, int a, int b)
{
  int c;
  int i;
  int n = 0;

  if ((c = next())) /* checksrc: expect assign-in-condition */
    n++;
  while ((c = next()) > 0) /* checksrc: expect assign-in-condition */
    n++;
  if (a == b || a != n || a <= b || a >= b || (a << 1) <= b || (a >> 1) >= b)
    n++;
  if (n > 0 && a > 0 && b > 0 && s != NULL && s[0] != '\0' && s[1] != '\0' &&
      (b = next()) != 0) /* checksrc: expect assign-in-condition */
    n++;
  if (a += 1) /* checksrc: expect assign-in-condition */
    n++;
  if (a <<= 1) /* checksrc: expect assign-in-condition */
    n++;
  switch (c = next()) { /* checksrc: expect assign-in-condition */
  default:
    break;
  }
  for (i = 0; (c = s[i]) != 0; i++) /* checksrc: expect assign-in-condition */
    n++;
  for (i = 0, c = 0; i < a; i++, c = i)
    n++;
  do
    n++;
  while ((a = next()) < 0); /* checksrc: expect assign-in-condition */
  if (s[0] == '=' || strcmp(s, "a=b") == 0)
    n++;
  c = (a == b);
  return n + c;
}
