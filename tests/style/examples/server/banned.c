/* Each banned function called once, and look-alikes that are fine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ops {
  char *(*gets)(char *);
  int (*atoi)(const char *);
};

/* Comments may name them: sprintf(buf, "%d", n), strcat(a, b). */
void banned(char *buf, size_t size, const char *s, struct ops *o)
{
  char *save;
  int n;
  long l;

  sprintf(buf, "%d", 1);       /* checksrc: expect banned-function */
  strcpy(buf, s);              /* checksrc: expect banned-function */
  strcat(buf, s);              /* checksrc: expect banned-function */
  n = atoi(s);                 /* checksrc: expect banned-function */
  l = atol(s);                 /* checksrc: expect banned-function */
  strtok(buf, ",");            /* checksrc: expect banned-function */
  gets(buf);                   /* checksrc: expect banned-function */
  n += vsprintf(buf, s, NULL); /* checksrc: expect banned-function */
  snprintf(buf, size, "strcpy(%s) and atoi(%d)", s, n);
  strtok_r(buf, ",", &save);
  strncat(buf, s, size - strlen(buf) - 1);
  o->gets(buf);
  n = o->atoi(s) + (int)l;
  // gets(buf) in a line comment
  puts("sprintf(buf)");
}
