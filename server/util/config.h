/*
 * Server configuration: a file of `key = value` lines, overridden by command
 * line flags of the same names (`--pool-size 8` sets `pool-size`). Parsing is
 * pure (no I/O but reading the named file), so it is unit-tested directly.
 */
#ifndef TD_CONFIG_H
#define TD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

struct td_config {
  char *listen_host; /* Owned strings; td_config_free releases them. */
  int listen_port;
  char *db;      /* libpq conninfo of the primary (the write pool). */
  char *read_db; /* Of the replicas (the read pool), or NULL: none. */
  char *cert;
  char *key;
  char *ca;
  char *crl; /* PEM CRLs of the client CA(s), or NULL: no CRL checking. */
  char *sql_dir;
  char *log_level;  /* debug, info, warn, error; NULL: info. */
  char *log_format; /* auto, text, json, journal; NULL: auto. */
  int pool_size;
  int read_pool_size;
  int read_max_lag_ms; /* Staler than this, reads go to the primary. */
  uint32_t max_frame;
  int idle_timeout_ms;
  int handshake_timeout_ms;
  int drain_timeout_ms;
  int max_conns;
  int max_in_flight;       /* Per connection. */
  int summary_interval_ms; /* Between the per-commune summary lines. */
  int feed_interval_ms;    /* Between the change feed's marks when idle. */
  int fold_interval_ms;    /* Between statistics folds. */
  /* From this day of each year (calendar-warn-from = MM-DD, default 10-01)
   * the server warns while next year's holidays are not confirmed. */
  int calendar_warn_month;
  int calendar_warn_day;
  int anchor_interval_ms; /* Between anchors of the record. */
  /* The metrics and health listener (metrics-listen = HOST:PORT or off):
   * NULL when off; port 0 picks a free port. */
  char *metrics_host;
  int metrics_port;
};

/* Fills the defaults. */
void td_config_init(struct td_config *c);
void td_config_free(struct td_config *c);

/*
 * Sets one key. Returns 0, or TD_EINVAL with a message in err (unknown key,
 * value out of range, malformed HOST:PORT).
 */
TD_MUSTCHECK int td_config_set(struct td_config *c, const char *key,
                               const char *value, char *err, size_t errlen);

/* Reads a config file. Returns 0, or TD_EINVAL with "file:line: problem" in
 * err. */
TD_MUSTCHECK int td_config_load(struct td_config *c, const char *path,
                                char *err, size_t errlen);

/* Checks that what the server needs is present. Returns 0, or TD_EINVAL with
 * err. */
TD_MUSTCHECK int td_config_check(const struct td_config *c, char *err,
                                 size_t errlen);

/*
 * The settings a running server cannot take from a SIGHUP, only from a
 * restart: writes the names of those that differ between a and b into buf
 * ("listen, db"; "" if none). Returns how many differ.
 */
int td_config_restart_only(const struct td_config *a, const struct td_config *b,
                           char *buf, size_t n);

/* Splits "host:port" or "[v6]:port". Returns 0 or TD_EINVAL. *host is
 * malloc'd. */
TD_MUSTCHECK int td_config_split_hostport(const char *s, char **host,
                                          int *port);

#endif
