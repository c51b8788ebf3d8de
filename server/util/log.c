/* Server logging; see log.h. */
#include "util/log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

/* The records carry no CODE_FILE: it would name the build's own folders. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "common/utf8.h"

/* Read by every thread that logs, set by the loop's (at start and on
 * SIGHUP): relaxed atomics, a record logged during a change takes either. */
static int min_level = TD_LOG_INFO;
static int format = TD_LOG_AUTO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};
static const char *const format_names[] = {"auto", "text", "json", "journal"};
static const int priorities[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR};

void td_log_set_level(enum td_log_level level)
{
  __atomic_store_n(&min_level, (int)level, __ATOMIC_RELAXED);
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

/* Whether stderr is the stream systemd connected to the journal: the
 * JOURNAL_STREAM it set names that stream's device and inode. */
static int stderr_is_journal(void)
{
  const char *js = getenv("JOURNAL_STREAM");
  unsigned long long dev, ino;
  struct stat st;

  if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
      fstat(2, &st) != 0)
    return 0;
  return (unsigned long long)st.st_dev == dev &&
         (unsigned long long)st.st_ino == ino;
}

/* Whether journald listens: sd_journal_send drops a record silently when
 * it does not, so without it the records stay on stderr. */
static int journal_listens(void)
{
  return access("/run/systemd/journal/socket", W_OK) == 0;
}

void td_log_set_format(enum td_log_format f)
{
  if (f == TD_LOG_AUTO)
    f = stderr_is_journal() ? TD_LOG_JOURNAL : TD_LOG_TEXT;
  if (f == TD_LOG_JOURNAL && !journal_listens())
    f = TD_LOG_TEXT;
  __atomic_store_n(&format, (int)f, __ATOMIC_RELAXED);
}

int td_log_parse_format(const char *name, enum td_log_format *out)
{
  int i;

  for (i = 0; i < 4; i++) {
    if (strcmp(name, format_names[i]) == 0) {
      *out = (enum td_log_format)i;
      return 0;
    }
  }
  return -1;
}

const char *td_log_format_name(void)
{
  int f = __atomic_load_n(&format, __ATOMIC_RELAXED);

  if (f == TD_LOG_AUTO)
    f = TD_LOG_TEXT; /* Not set yet: what td_log writes then. */
  return format_names[f];
}

static size_t stamp(char *buf, size_t n, const struct timeval *tv)
{
  struct tm tm;
  int k;

  gmtime_r(&tv->tv_sec, &tm);
  k = snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
               (int)(tv->tv_usec / 1000));
  return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

size_t td_log_text_line(char *buf, size_t n, const struct timeval *tv,
                        enum td_log_level level, const char *msg)
{
  size_t k = stamp(buf, n, tv);
  int m = snprintf(buf + k, n - k, " %s %s", level_names[level], msg);

  if (m < 0)
    return k;
  if ((size_t)m < n - k)
    return k + (size_t)m;
  /* Cut whole: drop the sequence the end split. */
  k = n - 1;
  while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
    k--;
  if (k > 0 && (unsigned char)buf[k - 1] >= 0xC0)
    k--;
  else
    k = n - 1;
  buf[k] = '\0';
  return k;
}

/* Appends s to buf as the inside of a JSON string: quotes, backslashes and
 * control characters escaped, bytes that are not UTF-8 replaced by U+FFFD,
 * so that every line is valid JSON whatever a message quotes. Stops whole
 * before the end of buf. */
static size_t json_escape(char *buf, size_t k, size_t n, const char *s)
{
  size_t len = strlen(s);
  size_t i = 0;

  while (i < len) {
    char esc[8];
    const char *out = s + i;
    size_t w;
    uint32_t cp;
    int step = td_utf8_decode(s + i, len - i, &cp);

    if (step == 0) {
      out = "\xEF\xBF\xBD";
      w = 3;
      step = 1;
    } else if (cp == '"' || cp == '\\') {
      esc[0] = '\\';
      esc[1] = (char)cp;
      out = esc;
      w = 2;
    } else if (cp < 0x20 || cp == 0x7F) {
      snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
      out = esc;
      w = 6;
    } else {
      w = (size_t)step;
    }
    if (k + w >= n)
      break;
    memcpy(buf + k, out, w);
    k += w;
    i += (size_t)step;
  }
  buf[k] = '\0';
  return k;
}

size_t td_log_json_line(char *buf, size_t n, const struct timeval *tv,
                        enum td_log_level level, const char *msg)
{
  static const char tail[] = "\"}";
  char ts[64];
  int k;

  if (n < 64 + sizeof(tail)) {
    buf[0] = '\0';
    return 0;
  }
  stamp(ts, sizeof(ts), tv);
  k = snprintf(buf, n, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"", ts,
               level_names[level]);
  k = (int)json_escape(buf, (size_t)k, n - (sizeof(tail) - 1), msg);
  memcpy(buf + k, tail, sizeof(tail));
  return (size_t)k + sizeof(tail) - 1;
}

void td_log(enum td_log_level level, const char *fmt, ...)
{
  char msg[2048];
  char line[4096];
  struct timeval tv;
  va_list ap;
  int f = __atomic_load_n(&format, __ATOMIC_RELAXED);

  if ((int)level < __atomic_load_n(&min_level, __ATOMIC_RELAXED))
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (f == TD_LOG_JOURNAL &&
      sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", priorities[level],
                      "SYSLOG_IDENTIFIER=tiepdand", "TIEPDAN_LEVEL=%s",
                      level_names[level], NULL) >= 0)
    return;
  gettimeofday(&tv, NULL);
  if (f == TD_LOG_JSON)
    td_log_json_line(line, sizeof(line), &tv, level, msg);
  else
    td_log_text_line(line, sizeof(line), &tv, level, msg);
  /* One write per line keeps lines whole when several processes share a
   * log. */
  fprintf(stderr, "%s\n", line);
}
