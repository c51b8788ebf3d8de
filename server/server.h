/*
 * Serving: one libuv loop carrying the TLS listener, every client connection,
 * the PostgreSQL pool and the background work (the feed's marks, the
 * statistics folds, the daily summary), and the graceful stop.
 */
#ifndef TD_SERVER_H
#define TD_SERVER_H

#include "util/config.h"

#include <stddef.h>

/*
 * How SIGHUP reads the configuration again. reconfigure fills fresh as the
 * start did (the file, then the flags) and checks it: 0, or -1 with err.
 * Once everything new is in force, reconfigured is told (main applies the
 * logging settings).
 */
struct td_reconfig {
  int (*reconfigure)(struct td_config *fresh, char *err, size_t errlen,
                     void *arg);
  void (*reconfigured)(const struct td_config *cfg, void *arg);
  void *arg;
};

/*
 * Serves until SIGTERM or SIGINT and a graceful stop. Returns the process
 * exit status: 0 after a clean stop, 1 if the server could not start. cfg
 * is the configuration in force: a reload (SIGHUP, hooks non-NULL) changes
 * it in place, between two events of the loop.
 *
 * Under systemd (Type=notify) it says READY=1 once PostgreSQL answered and
 * the port accepts, RELOADING=1 and READY=1 around a reload, STOPPING=1
 * when it drains, and WATCHDOG=1 from the loop at half of WatchdogSec.
 */
int td_server_run(struct td_config *cfg, const struct td_reconfig *hooks);

#endif
