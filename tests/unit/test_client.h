/*
 * What the client's unit tests share: Vietnam's time zone, capturing what a
 * function writes to a FILE into a string, and Vietnamese from the catalog
 * the build compiled.
 */
#ifndef TD_TEST_CLIENT_H
#define TD_TEST_CLIENT_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lang/lang.h"

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

/* Vietnamese from the catalog the build compiled beside the programs:
 * <build>/locale, the tests being in <build>/tests. Returns whether the
 * catalog was found. */
static inline int speak_vietnamese(void)
{
  char exe[PATH_MAX];
  char dir[PATH_MAX + 16];
  ssize_t n;
  char *slash;

  n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      snprintf(dir, sizeof(dir), "%s/../locale", exe);
      setenv("TIEPDAN_LOCALEDIR", dir, 1);
    }
  }
  unsetenv("TIEPDAN_LANG");
  td_lang_init();
  return td_lang_set("vi") == 0 && td_lang_catalog_dir() != NULL;
}

#endif
