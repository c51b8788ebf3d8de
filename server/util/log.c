/* Server logging; see log.h. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static enum td_log_level min_level = TD_LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void td_log_set_level(enum td_log_level level)
{
  min_level = level;
}

int td_log_parse_level(const char *name, enum td_log_level *out)
{
  int i;

  for (i = 0; i < 4; i++) {
    if (strcmp(name, level_names[i]) == 0) {
      *out = (enum td_log_level)i;
      return 0;
    }
  }
  return -1;
}

void td_log(enum td_log_level level, const char *fmt, ...)
{
  char line[2048];
  struct timeval tv;
  struct tm tm;
  va_list ap;
  int n;

  if (level < min_level)
    return;
  gettimeofday(&tv, NULL);
  gmtime_r(&tv.tv_sec, &tm);
  n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s ",
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
               tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000),
               level_names[level]);
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
  va_end(ap);
  /* One write per line keeps lines whole when several processes share a log. */
  fprintf(stderr, "%s\n", line);
}
