/* Server configuration; see config.h. */
#include "util/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

void td_config_init(struct td_config *c)
{
  memset(c, 0, sizeof(*c));
  c->listen_host = strdup("127.0.0.1");
  c->listen_port = 7443;
  c->pool_size = 4;
  c->read_pool_size = 4;
  c->read_max_lag_ms = 30 * 1000;
  c->max_frame = TD_FRAME_DEFAULT_MAX;
  c->idle_timeout_ms = 300 * 1000;
  c->handshake_timeout_ms = 10 * 1000;
  c->drain_timeout_ms = 30 * 1000;
  c->max_conns = 20000;
  c->max_in_flight = 64;
  c->summary_interval_ms = 86400 * 1000;
  c->feed_interval_ms = 250;
  c->fold_interval_ms = 1000;
  c->calendar_warn_month = 10;
  c->calendar_warn_day = 1;
  c->anchor_interval_ms = 3600 * 1000;
  c->metrics_host = strdup("127.0.0.1");
  c->metrics_port = 9743;
}

/* "MM-DD", a day that every year has (so not 02-29). */
static int set_month_day(struct td_config *c, const char *v)
{
  char *end;
  long m;
  long d;
  static const int last[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  if (!isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]) ||
      v[2] != '-' || !isdigit((unsigned char)v[3]) ||
      !isdigit((unsigned char)v[4]) || v[5] != '\0')
    return -1;
  m = strtol(v, &end, 10);
  d = strtol(v + 3, &end, 10);
  if (m < 1 || m > 12 || d < 1 || d > last[m - 1])
    return -1;
  c->calendar_warn_month = (int)m;
  c->calendar_warn_day = (int)d;
  return 0;
}

void td_config_free(struct td_config *c)
{
  free(c->listen_host);
  free(c->metrics_host);
  free(c->db);
  free(c->read_db);
  free(c->cert);
  free(c->key);
  free(c->ca);
  free(c->crl);
  free(c->sql_dir);
  free(c->log_level);
  free(c->log_format);
  memset(c, 0, sizeof(*c));
}

int td_config_split_hostport(const char *s, char **host, int *port)
{
  const char *colon;
  const char *h = s;
  size_t hlen;
  char *end;
  long p;

  if (s[0] == '[') {
    colon = strstr(s, "]:");
    if (colon == NULL)
      return TD_EINVAL;
    h = s + 1;
    hlen = (size_t)(colon - h);
    colon++;
  } else {
    colon = strrchr(s, ':');
    if (colon == NULL)
      return TD_EINVAL;
    hlen = (size_t)(colon - s);
  }
  if (hlen == 0)
    return TD_EINVAL;
  errno = 0;
  p = strtol(colon + 1, &end, 10);
  if (errno != 0 || *end != '\0' || end == colon + 1 || p < 1 || p > 65535)
    return TD_EINVAL;
  *host = strndup(h, hlen);
  if (*host == NULL)
    return TD_EINVAL;
  *port = (int)p;
  return 0;
}

static int set_int(int *out, const char *v, long lo, long hi, long scale)
{
  char *end;
  long n;

  errno = 0;
  n = strtol(v, &end, 10);
  if (errno != 0 || *end != '\0' || end == v || n < lo || n > hi)
    return -1;
  *out = (int)(n * scale);
  return 0;
}

static void set_str(char **field, const char *v)
{
  free(*field);
  *field = strdup(v);
}

/* "off", or HOST:PORT where PORT may be 0 (a free port, chosen at bind). */
static int set_metrics_listen(struct td_config *c, const char *v)
{
  char copy[512];
  size_t n = strlen(v);
  char *host = NULL;
  int port = 0;

  if (strcmp(v, "off") != 0) {
    if (n < 2 || n >= sizeof(copy))
      return TD_EINVAL;
    memcpy(copy, v, n + 1);
    /* td_config_split_hostport wants a port from 1: ask it about 1. */
    if (strcmp(copy + n - 2, ":0") == 0)
      copy[n - 1] = '1';
    if (td_config_split_hostport(copy, &host, &port) != 0)
      return TD_EINVAL;
    if (copy[n - 1] != v[n - 1])
      port = 0;
  }
  free(c->metrics_host);
  c->metrics_host = host;
  c->metrics_port = port;
  return 0;
}

int td_config_set(struct td_config *c, const char *key, const char *value,
                  char *err, size_t errlen)
{
  int n = 0;
  int rc = 0;

  if (strcmp(key, "listen") == 0) {
    char *host;
    int port;

    if (td_config_split_hostport(value, &host, &port) != 0) {
      snprintf(err, errlen, "listen: expected HOST:PORT, got '%s'", value);
      return TD_EINVAL;
    }
    free(c->listen_host);
    c->listen_host = host;
    c->listen_port = port;
  } else if (strcmp(key, "metrics-listen") == 0) {
    rc = set_metrics_listen(c, value);
    if (rc != 0) {
      snprintf(err, errlen,
               "metrics-listen: expected HOST:PORT (port 0: any free one) "
               "or off, got '%s'",
               value);
      return TD_EINVAL;
    }
  } else if (strcmp(key, "db") == 0) {
    set_str(&c->db, value);
  } else if (strcmp(key, "cert") == 0) {
    set_str(&c->cert, value);
  } else if (strcmp(key, "key") == 0) {
    set_str(&c->key, value);
  } else if (strcmp(key, "ca") == 0) {
    set_str(&c->ca, value);
  } else if (strcmp(key, "crl") == 0) {
    set_str(&c->crl, value);
  } else if (strcmp(key, "sql-dir") == 0) {
    set_str(&c->sql_dir, value);
  } else if (strcmp(key, "log-level") == 0) {
    if (strcmp(value, "debug") != 0 && strcmp(value, "info") != 0 &&
        strcmp(value, "warn") != 0 && strcmp(value, "error") != 0) {
      snprintf(err, errlen,
               "log-level: expected debug, info, warn or error, got '%s'",
               value);
      return TD_EINVAL;
    }
    set_str(&c->log_level, value);
  } else if (strcmp(key, "log-format") == 0) {
    if (strcmp(value, "auto") != 0 && strcmp(value, "text") != 0 &&
        strcmp(value, "json") != 0 && strcmp(value, "journal") != 0) {
      snprintf(err, errlen,
               "log-format: expected text, json, journal or auto, got '%s'",
               value);
      return TD_EINVAL;
    }
    set_str(&c->log_format, value);
  } else if (strcmp(key, "pool-size") == 0) {
    rc = set_int(&c->pool_size, value, 1, 256, 1);
  } else if (strcmp(key, "read-db") == 0) {
    set_str(&c->read_db, value);
  } else if (strcmp(key, "read-pool-size") == 0) {
    rc = set_int(&c->read_pool_size, value, 1, 256, 1);
  } else if (strcmp(key, "read-max-lag") == 0) {
    rc = set_int(&c->read_max_lag_ms, value, 1, 3600, 1000);
  } else if (strcmp(key, "max-frame") == 0) {
    rc = set_int(&n, value, 1024, TD_FRAME_HARD_MAX, 1);
    if (rc == 0)
      c->max_frame = (uint32_t)n;
  } else if (strcmp(key, "idle-timeout") == 0) {
    rc = set_int(&c->idle_timeout_ms, value, 1, 86400, 1000);
  } else if (strcmp(key, "handshake-timeout") == 0) {
    rc = set_int(&c->handshake_timeout_ms, value, 1, 600, 1000);
  } else if (strcmp(key, "drain-timeout") == 0) {
    rc = set_int(&c->drain_timeout_ms, value, 1, 3600, 1000);
  } else if (strcmp(key, "max-conns") == 0) {
    rc = set_int(&c->max_conns, value, 1, 1000000, 1);
  } else if (strcmp(key, "summary-interval") == 0) {
    rc = set_int(&c->summary_interval_ms, value, 1, 86400 * 7, 1000);
  } else if (strcmp(key, "feed-interval") == 0) {
    rc = set_int(&c->feed_interval_ms, value, 10, 60000, 1);
  } else if (strcmp(key, "fold-interval") == 0) {
    rc = set_int(&c->fold_interval_ms, value, 10, 3600 * 1000, 1);
  } else if (strcmp(key, "anchor-interval") == 0) {
    rc = set_int(&c->anchor_interval_ms, value, 1, 86400 * 7, 1000);
  } else if (strcmp(key, "max-in-flight") == 0) {
    rc = set_int(&c->max_in_flight, value, 1, 4096, 1);
  } else if (strcmp(key, "calendar-warn-from") == 0) {
    if (set_month_day(c, value) != 0) {
      snprintf(err, errlen, "%s: expected MM-DD such as 10-01, got '%s'", key,
               value);
      return TD_EINVAL;
    }
  } else {
    snprintf(err, errlen, "unknown setting '%s'", key);
    return TD_EINVAL;
  }
  if (rc != 0) {
    snprintf(err, errlen, "%s: value '%s' is not a number in range", key,
             value);
    return TD_EINVAL;
  }
  return 0;
}

static char *trim(char *s)
{
  char *e;

  while (isspace((unsigned char)*s))
    s++;
  e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

int td_config_load(struct td_config *c, const char *path, char *err,
                   size_t errlen)
{
  char line[4096];
  char msg[512];
  char *k;
  char *eq;
  FILE *f;
  int lineno = 0;

  f = fopen(path, "r");
  if (f == NULL) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return TD_EINVAL;
  }
  while (fgets(line, sizeof(line), f) != NULL) {
    lineno++;
    k = trim(line);
    if (*k == '\0' || *k == '#')
      continue;
    eq = strchr(k, '=');
    if (eq == NULL) {
      snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
      fclose(f);
      return TD_EINVAL;
    }
    *eq = '\0';
    if (td_config_set(c, trim(k), trim(eq + 1), msg, sizeof(msg)) != 0) {
      snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
      fclose(f);
      return TD_EINVAL;
    }
  }
  fclose(f);
  return 0;
}

int td_config_check(const struct td_config *c, char *err, size_t errlen)
{
  if (c->db == NULL) {
    snprintf(err, errlen,
             "no database: give --db CONNINFO or db = in the "
             "config file");
    return TD_EINVAL;
  }
  if (c->cert == NULL || c->key == NULL || c->ca == NULL) {
    snprintf(err, errlen, "TLS is mandatory: give --cert, --key and --ca");
    return TD_EINVAL;
  }
  return 0;
}

static int str_differs(const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a != b;
  return strcmp(a, b) != 0;
}

static void name_one(char *buf, size_t n, int *count, const char *name)
{
  size_t k = strlen(buf);

  snprintf(buf + k, n - k, "%s%s", *count > 0 ? ", " : "", name);
  (*count)++;
}

int td_config_restart_only(const struct td_config *a, const struct td_config *b,
                           char *buf, size_t n)
{
  int count = 0;

  buf[0] = '\0';
  if (str_differs(a->listen_host, b->listen_host) ||
      a->listen_port != b->listen_port)
    name_one(buf, n, &count, "listen");
  if (str_differs(a->db, b->db))
    name_one(buf, n, &count, "db");
  if (a->pool_size != b->pool_size)
    name_one(buf, n, &count, "pool-size");
  if (str_differs(a->read_db, b->read_db))
    name_one(buf, n, &count, "read-db");
  if (a->read_pool_size != b->read_pool_size)
    name_one(buf, n, &count, "read-pool-size");
  if (str_differs(a->sql_dir, b->sql_dir))
    name_one(buf, n, &count, "sql-dir");
  if (str_differs(a->metrics_host, b->metrics_host) ||
      a->metrics_port != b->metrics_port)
    name_one(buf, n, &count, "metrics-listen");
  return count;
}
