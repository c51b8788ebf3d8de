/*
 * What the client's unit tests share: Vietnam's time zone, and capturing
 * what a function writes to a FILE into a string.
 */
#ifndef TD_TEST_CLIENT_H
#define TD_TEST_CLIENT_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline void vietnam(void)
{
  setenv("TZ", "ICT-7", 1);
  tzset();
}

/* Captures what is written to f into a malloc'd string. */
struct capture {
  char *buf;
  size_t len;
  FILE *f;
};

static inline void capture_begin(struct capture *c)
{
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
}

static inline char *capture_end(struct capture *c)
{
  fclose(c->f);
  return c->buf;
}

#endif
