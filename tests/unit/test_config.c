/* Server configuration: file parsing, flags overriding the file, and every
 * malformed value refused with the line it came from. */
#include <stdio.h>
#include <unistd.h>

#include "util/config.h"
#include "test.h"

static char *write_tmp(const char *text)
{
  static char path[64];
  FILE *f;
  int fd;

  snprintf(path, sizeof(path), "/tmp/td-config-XXXXXX");
  fd = mkstemp(path);
  if (fd < 0)
    return NULL;
  f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

static void defaults(void)
{
  struct td_config c;

  td_config_init(&c);
  ASSERT_STR_EQ(c.listen_host, "127.0.0.1");
  ASSERT_EQ(c.listen_port, 7443);
  ASSERT_EQ(c.max_frame, 1u << 20);
  ASSERT_EQ(c.pool_size, 4);
  ASSERT_NULL(c.read_db);
  ASSERT_EQ(c.read_pool_size, 4);
  ASSERT_EQ(c.read_max_lag_ms, 30000);
  td_config_free(&c);
}

static void file_then_flag_overrides(void)
{
  struct td_config c;
  char err[256];
  char *path = write_tmp("# comment\n\nlisten = 0.0.0.0:8443\n"
                         "db = host=/run/pg dbname=td\npool-size=8\n"
                         "idle-timeout = 60\n");

  ASSERT_NOT_NULL(path);
  td_config_init(&c);
  ASSERT_EQ(td_config_load(&c, path, err, sizeof(err)), 0);
  ASSERT_STR_EQ(c.listen_host, "0.0.0.0");
  ASSERT_EQ(c.listen_port, 8443);
  ASSERT_STR_EQ(c.db, "host=/run/pg dbname=td");
  ASSERT_EQ(c.pool_size, 8);
  ASSERT_EQ(c.idle_timeout_ms, 60000);
  ASSERT_EQ(td_config_set(&c, "pool-size", "2", err, sizeof(err)), 0);
  ASSERT_EQ(c.pool_size, 2);
  unlink(path);
  td_config_free(&c);
}

static void errors_name_file_and_line(void)
{
  struct td_config c;
  char err[256];
  char *path = write_tmp("listen = 127.0.0.1:1\nbogus = 1\n");

  ASSERT_NOT_NULL(path);
  td_config_init(&c);
  ASSERT_EQ(td_config_load(&c, path, err, sizeof(err)), TD_EINVAL);
  ASSERT(strstr(err, ":2: unknown setting 'bogus'") != NULL);
  unlink(path);
  td_config_free(&c);
}

static void bad_values_refused(void)
{
  struct td_config c;
  char err[256];

  td_config_init(&c);
  ASSERT_EQ(td_config_set(&c, "listen", "nohost", err, sizeof(err)), TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "listen", "h:0", err, sizeof(err)), TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "listen", "h:65536", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "pool-size", "0", err, sizeof(err)), TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "pool-size", "4x", err, sizeof(err)), TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "read-pool-size", "0", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "read-max-lag", "0", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "read-max-lag", "3601", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "read-max-lag", "2", err, sizeof(err)), 0);
  ASSERT_EQ(c.read_max_lag_ms, 2000);
  ASSERT_EQ(td_config_set(&c, "max-frame", "17000000", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(c.pool_size, 4);
  ASSERT_EQ(td_config_check(&c, err, sizeof(err)), TD_EINVAL);
  td_config_free(&c);
}

static void metrics_listen(void)
{
  struct td_config c;
  char err[256];

  td_config_init(&c);
  ASSERT_STR_EQ(c.metrics_host, "127.0.0.1");
  ASSERT_EQ(c.metrics_port, 9743);
  ASSERT_EQ(
      td_config_set(&c, "metrics-listen", "127.0.0.1:0", err, sizeof(err)), 0);
  ASSERT_STR_EQ(c.metrics_host, "127.0.0.1");
  ASSERT_EQ(c.metrics_port, 0);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", "[::1]:9100", err, sizeof(err)),
            0);
  ASSERT_STR_EQ(c.metrics_host, "::1");
  ASSERT_EQ(c.metrics_port, 9100);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", "off", err, sizeof(err)), 0);
  ASSERT(c.metrics_host == NULL);
  ASSERT_EQ(
      td_config_set(&c, "metrics-listen", "127.0.0.1:10", err, sizeof(err)), 0);
  ASSERT_EQ(c.metrics_port, 10);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", "nohost", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", ":0", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", "h:65536", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_EQ(td_config_set(&c, "metrics-listen", "", err, sizeof(err)),
            TD_EINVAL);
  /* A refused value leaves the one in force. */
  ASSERT_STR_EQ(c.metrics_host, "127.0.0.1");
  ASSERT_EQ(c.metrics_port, 10);
  td_config_free(&c);
}

static void ipv6_listen(void)
{
  char *host = NULL;
  int port = 0;

  ASSERT_EQ(td_config_split_hostport("[::1]:7443", &host, &port), 0);
  ASSERT_STR_EQ(host, "::1");
  ASSERT_EQ(port, 7443);
  free(host);
  ASSERT_EQ(td_config_split_hostport("[::1]7443", &host, &port), TD_EINVAL);
}

/* log-level and log-format are checked when read, so a reload with a bad
 * one is refused before anything changes. */
static void log_settings(void)
{
  struct td_config c;
  char err[256];

  td_config_init(&c);
  ASSERT_NULL(c.log_format);
  ASSERT_EQ(td_config_set(&c, "log-format", "json", err, sizeof(err)), 0);
  ASSERT_STR_EQ(c.log_format, "json");
  ASSERT_EQ(td_config_set(&c, "log-format", "journal", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&c, "log-format", "auto", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&c, "log-format", "text", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&c, "log-format", "xml", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_STR_EQ(err,
                "log-format: expected text, json, journal or auto, got 'xml'");
  ASSERT_STR_EQ(c.log_format, "text");
  ASSERT_EQ(td_config_set(&c, "log-level", "warn", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&c, "log-level", "loud", err, sizeof(err)),
            TD_EINVAL);
  ASSERT_STR_EQ(err,
                "log-level: expected debug, info, warn or error, got 'loud'");
  ASSERT_STR_EQ(c.log_level, "warn");
  td_config_free(&c);
}

/* What a SIGHUP cannot change is named, every one of it. */
static void restart_only(void)
{
  struct td_config a;
  struct td_config b;
  char err[256];
  char names[128];

  td_config_init(&a);
  td_config_init(&b);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 0);
  ASSERT_STR_EQ(names, "");
  ASSERT_EQ(td_config_set(&b, "cert", "new.crt", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&b, "max-conns", "10", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&b, "log-level", "debug", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 0);
  ASSERT_EQ(td_config_set(&b, "pool-size", "9", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 1);
  ASSERT_STR_EQ(names, "pool-size");
  ASSERT_EQ(td_config_set(&b, "listen", "0.0.0.0:7443", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&b, "db", "host=/run/postgresql", err, sizeof(err)),
            0);
  ASSERT_EQ(
      td_config_set(&b, "sql-dir", "/usr/share/tiepdan/sql", err, sizeof(err)),
      0);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 4);
  ASSERT_STR_EQ(names, "listen, db, pool-size, sql-dir");
  ASSERT_EQ(td_config_set(&b, "read-max-lag", "5", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 4);
  ASSERT_EQ(td_config_set(&b, "read-db", "port=5433", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_set(&b, "read-pool-size", "2", err, sizeof(err)), 0);
  ASSERT_EQ(td_config_restart_only(&a, &b, names, sizeof(names)), 6);
  ASSERT_STR_EQ(names, "listen, db, pool-size, read-db, read-pool-size, "
                       "sql-dir");
  td_config_free(&a);
  td_config_free(&b);
}

int main(void)
{
  RUN_TEST(defaults);
  RUN_TEST(file_then_flag_overrides);
  RUN_TEST(errors_name_file_and_line);
  RUN_TEST(bad_values_refused);
  RUN_TEST(ipv6_listen);
  RUN_TEST(log_settings);
  RUN_TEST(restart_only);
  RUN_TEST(metrics_listen);
  return TEST_EXIT();
}
