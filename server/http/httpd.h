/*
 * The metrics and health listener: plain HTTP on its own address (loopback
 * by default, metrics-listen), served by libmicrohttpd from its own threads,
 * so that no scrape ever waits on, or holds up, the libuv loop. It reads
 * only the atomics of util/metrics.h, and the business figures (open and
 * overdue petitions per province, from the statistics rollup) through a
 * PostgreSQL connection of its own, read at most every
 * TD_HTTPD_FIGURES_EVERY_S seconds under a statement timeout.
 *
 *   GET /metrics   Prometheus text format 0.0.4
 *   GET /healthz   200 "ok" while the process serves
 *   GET /readyz    200 "ready" while the pool has a live PostgreSQL
 *                  connection and the server is not draining; else 503 and
 *                  the reason
 * Anything else is 404; a method other than GET or HEAD is 405.
 */
#ifndef TD_HTTPD_H
#define TD_HTTPD_H

#include <stddef.h>

#include "util/config.h"

#define TD_HTTPD_FIGURES_EVERY_S 15

struct td_httpd;

/*
 * Binds cfg->metrics_host:metrics_port and starts serving. Returns the
 * listener, or NULL with a message in err (the address cannot be bound, or
 * the library failed). *port is the port bound (the one chosen when 0 was
 * asked). Call only when cfg->metrics_host is not NULL.
 */
struct td_httpd *td_httpd_start(const struct td_config *cfg, int *port,
                                char *err, size_t errlen);

/* Stops serving (waits for its threads) and frees h; NULL is ignored. */
void td_httpd_stop(struct td_httpd *h);

#endif
