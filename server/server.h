/*
 * Serving: one libuv loop carrying the TLS listener, every client connection,
 * the PostgreSQL pool and the background work (the feed's marks, the
 * statistics folds, the daily summary), and the graceful stop.
 */
#ifndef TD_SERVER_H
#define TD_SERVER_H

#include "util/config.h"

/*
 * Serves until SIGTERM or SIGINT and a graceful stop. Returns the process
 * exit status: 0 after a clean stop, 1 if the server could not start.
 */
int td_server_run(const struct td_config *cfg);

#endif
