/* The server's log records: the text line and the JSON line of one record,
 * what JSON escapes (quotes, backslashes, control characters, bytes that
 * are not UTF-8), Vietnamese kept as it is, and a record too long for its
 * buffer cut whole, never inside a character. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "test.h"

/* 2026-12-02T10:20:30.456Z */
static const struct timeval when = {1796206830, 456789};

static void text_line(void)
{
  char buf[256];
  size_t n = td_log_text_line(buf, sizeof(buf), &when, TD_LOG_WARN,
                              "calendar: Tết 2027 unconfirmed");

  ASSERT_STR_EQ(buf,
                "2026-12-02T10:20:30.456Z warn calendar: Tết 2027 unconfirmed");
  ASSERT_EQ(n, strlen(buf));
}

static void json_line(void)
{
  char buf[512];
  size_t n = td_log_json_line(
      buf, sizeof(buf), &when, TD_LOG_INFO,
      "summary name=\"Xã Bình Lư\" path=C:\\x tab\there\nnew \x01 end");

  ASSERT_STR_EQ(buf, "{\"ts\":\"2026-12-02T10:20:30.456Z\",\"level\":\"info\","
                     "\"msg\":\"summary name=\\\"Xã Bình Lư\\\" path=C:\\\\x "
                     "tab\\u0009here\\u000anew \\u0001 end\"}");
  ASSERT_EQ(n, strlen(buf));
}

/* A name typed in another encoding must not make the line invalid JSON. */
static void json_not_utf8(void)
{
  char buf[256];

  td_log_json_line(buf, sizeof(buf), &when, TD_LOG_ERROR,
                   "bad \xC3 and \xFF\xFE end");
  ASSERT_STR_EQ(buf, "{\"ts\":\"2026-12-02T10:20:30.456Z\",\"level\":\"error\","
                     "\"msg\":\"bad \xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD "
                     "end\"}");
}

/* Cut whole: the object is closed, and no character is split. */
static void json_cut(void)
{
  char buf[96];
  char msg[200];
  size_t n;
  int i;

  for (i = 0; i < 30; i++)
    memcpy(msg + 2 * i, "ư", 2); /* Two bytes each. */
  msg[60] = '\0';
  n = td_log_json_line(buf, sizeof(buf), &when, TD_LOG_INFO, msg);
  ASSERT(n < sizeof(buf));
  ASSERT_EQ(n, strlen(buf));
  ASSERT(strcmp(buf + n - 2, "\"}") == 0);
  ASSERT_EQ(strncmp(buf + n - 4, "ư", 2), 0);
}

static void text_cut(void)
{
  char buf[40];
  size_t n;

  n = td_log_text_line(buf, sizeof(buf), &when, TD_LOG_INFO,
                       "ưưưưưưưưưưưưưưưưưưưư");
  ASSERT_EQ(n, strlen(buf));
  ASSERT(n < sizeof(buf));
  /* 24 bytes of time and " info " then whole characters only. */
  ASSERT_EQ((n - 30) % 2, 0);
}

static void names(void)
{
  enum td_log_format f;
  enum td_log_level l;

  ASSERT_EQ(td_log_parse_format("json", &f), 0);
  ASSERT_EQ(f, TD_LOG_JSON);
  ASSERT_EQ(td_log_parse_format("journal", &f), 0);
  ASSERT_EQ(f, TD_LOG_JOURNAL);
  ASSERT_EQ(td_log_parse_format("auto", &f), 0);
  ASSERT_EQ(f, TD_LOG_AUTO);
  ASSERT_EQ(td_log_parse_format("syslog", &f), -1);
  ASSERT_EQ(td_log_parse_level("error", &l), 0);
  ASSERT_EQ(l, TD_LOG_ERROR);
  ASSERT_EQ(td_log_parse_level("trace", &l), -1);
  /* Not under systemd's journal stream: auto is text. */
  unsetenv("JOURNAL_STREAM");
  td_log_set_format(TD_LOG_AUTO);
  ASSERT_STR_EQ(td_log_format_name(), "text");
  td_log_set_format(TD_LOG_JSON);
  ASSERT_STR_EQ(td_log_format_name(), "json");
}

int main(void)
{
  RUN_TEST(text_line);
  RUN_TEST(json_line);
  RUN_TEST(json_not_utf8);
  RUN_TEST(json_cut);
  RUN_TEST(text_cut);
  RUN_TEST(names);
  return TEST_EXIT();
}
