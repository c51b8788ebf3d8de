/* The metrics and health listener; see httpd.h. */
#include "http/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/metrics.h"

/* HTTP connections served at once, and how long an idle one may stay: a
 * scraper needs one; the rest is someone misbehaving. */
#define HTTP_MAX_CONNS 64
#define HTTP_TIMEOUT_S 10
/* Threads serving HTTP: a scrape that waits on PostgreSQL for the figures
 * leaves the other to answer /healthz and /readyz. */
#define HTTP_THREADS 2
/* The figures' connection and statement may take this long. */
#define FIGURES_CONNECT_TIMEOUT "3"
#define FIGURES_STATEMENT_TIMEOUT "-c statement_timeout=2000"

/*
 * Open and overdue petitions per province: the rollup (stat_rollup_open,
 * one row per province, month and deadline, deadlines past at the last fold
 * kept as one row) plus the changes not yet folded into it
 * (stat_rollup_pending), as the statistics read them. Overdue: open past its
 * deadline, today in Vietnam. A few hundred rows per province at most.
 */
static const char figures_sql[] =
    "SELECT u.code, u.name,"
    "       coalesce(sum(o.open), 0)::bigint,"
    "       coalesce(sum(o.open) FILTER (WHERE o.deadline < d.day), 0)::bigint"
    "  FROM units u"
    "  CROSS JOIN (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    "                     AS day) d"
    "  LEFT JOIN (SELECT province_id, deadline, open FROM stat_rollup_open"
    "             UNION ALL"
    "             SELECT province_id, deadline, open FROM stat_rollup_pending"
    "              WHERE open <> 0) o ON o.province_id = u.id"
    " WHERE u.level = 'province' AND u.merged_into IS NULL"
    " GROUP BY u.code, u.name ORDER BY u.code";

struct td_httpd {
  struct MHD_Daemon *mhd;
  char *conninfo;
  /* The figures: refresh held while PostgreSQL is asked (only one thread
   * asks; the others serve what is there), text while it is read or
   * replaced. */
  pthread_mutex_t refresh;
  pthread_mutex_t text;
  PGconn *pg;
  char *figures;        /* Exposition lines, or NULL before the first read. */
  time_t figures_at;    /* When they were read. */
  time_t tried_at;      /* When they were last asked for. */
  int figures_failures; /* Reads that failed. */
  int warned;           /* A failure was logged since the last success. */
};

/* The figures ------------------------------------------------------------- */

static void figures_failed(struct td_httpd *h, const char *what)
{
  char msg[256];
  size_t n;

  snprintf(msg, sizeof(msg), "%s",
           h->pg != NULL ? PQerrorMessage(h->pg) : "out of memory");
  n = strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  if (!h->warned)
    td_warn("metrics: cannot read the petition figures (%s): %s; the last "
            "ones stay until the next try",
            what, msg);
  h->warned = 1;
  PQfinish(h->pg);
  h->pg = NULL;
  pthread_mutex_lock(&h->text);
  h->figures_failures++;
  pthread_mutex_unlock(&h->text);
}

static int figures_connect(struct td_httpd *h)
{
  const char *const keys[] = {"dbname", "connect_timeout", "options",
                              "application_name", NULL};
  const char *const values[] = {h->conninfo, FIGURES_CONNECT_TIMEOUT,
                                FIGURES_STATEMENT_TIMEOUT, "tiepdand metrics",
                                NULL};

  if (h->pg != NULL && PQstatus(h->pg) == CONNECTION_OK)
    return 0;
  PQfinish(h->pg);
  h->pg = PQconnectdbParams(keys, values, 1);
  if (h->pg == NULL || PQstatus(h->pg) != CONNECTION_OK) {
    figures_failed(h, "connect");
    return -1;
  }
  return 0;
}

/* Asks PostgreSQL for the figures and renders them. */
static void figures_read(struct td_httpd *h)
{
  struct td_mbuf b = {NULL, 0, 0, 0};
  PGresult *res;
  int i;
  int n;

  if (figures_connect(h) != 0)
    return;
  res = PQexec(h->pg, figures_sql);
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    PQclear(res);
    figures_failed(h, "query");
    return;
  }
  n = PQntuples(res);
  for (i = 0; i < n; i++) {
    td_mbuf_printf(&b, "tiepdan_petitions_open{province=\"");
    td_mbuf_label(&b, PQgetvalue(res, i, 0));
    td_mbuf_printf(&b, "\",name=\"");
    td_mbuf_label(&b, PQgetvalue(res, i, 1));
    td_mbuf_printf(&b, "\"} %s\n", PQgetvalue(res, i, 2));
  }
  for (i = 0; i < n; i++) {
    td_mbuf_printf(&b, "tiepdan_petitions_overdue{province=\"");
    td_mbuf_label(&b, PQgetvalue(res, i, 0));
    td_mbuf_printf(&b, "\",name=\"");
    td_mbuf_label(&b, PQgetvalue(res, i, 1));
    td_mbuf_printf(&b, "\"} %s\n", PQgetvalue(res, i, 3));
  }
  PQclear(res);
  if (b.oom) {
    free(b.p);
    return;
  }
  if (h->warned)
    td_info("metrics: the petition figures are read again");
  h->warned = 0;
  pthread_mutex_lock(&h->text);
  free(h->figures);
  h->figures = b.p != NULL ? b.p : strdup("");
  h->figures_at = time(NULL);
  pthread_mutex_unlock(&h->text);
}

/* Re-reads the figures if they are older than TD_HTTPD_FIGURES_EVERY_S,
 * unless another thread is at it. */
static void figures_refresh(struct td_httpd *h)
{
  time_t now = time(NULL);

  if (pthread_mutex_trylock(&h->refresh) != 0)
    return;
  if (h->tried_at == 0 || now - h->tried_at >= TD_HTTPD_FIGURES_EVERY_S ||
      now < h->tried_at) {
    h->tried_at = now;
    figures_read(h);
  }
  pthread_mutex_unlock(&h->refresh);
}

static void figures_render(struct td_httpd *h, struct td_mbuf *b)
{
  pthread_mutex_lock(&h->text);
  td_mbuf_printf(b,
                 "# HELP tiepdan_petitions_open Open petitions per province, "
                 "from the statistics rollup.\n"
                 "# TYPE tiepdan_petitions_open gauge\n");
  if (h->figures != NULL) {
    const char *over = strstr(h->figures, "tiepdan_petitions_overdue");

    td_mbuf_printf(
        b, "%.*s",
        (int)(over != NULL ? over - h->figures : (ptrdiff_t)strlen(h->figures)),
        h->figures);
    td_mbuf_printf(b,
                   "# HELP tiepdan_petitions_overdue Open petitions past "
                   "their deadline per province, from the statistics "
                   "rollup.\n"
                   "# TYPE tiepdan_petitions_overdue gauge\n%s",
                   over != NULL ? over : "");
  } else {
    td_mbuf_printf(b, "# HELP tiepdan_petitions_overdue Open petitions past "
                      "their deadline per province, from the statistics "
                      "rollup.\n"
                      "# TYPE tiepdan_petitions_overdue gauge\n");
  }
  td_mbuf_printf(b,
                 "# HELP tiepdan_petitions_figures_timestamp_seconds When "
                 "the petition figures were last read, unix time (0: "
                 "never).\n"
                 "# TYPE tiepdan_petitions_figures_timestamp_seconds gauge\n"
                 "tiepdan_petitions_figures_timestamp_seconds %lld\n"
                 "# HELP tiepdan_petitions_figures_failures_total Reads of "
                 "the petition figures that failed.\n"
                 "# TYPE tiepdan_petitions_figures_failures_total counter\n"
                 "tiepdan_petitions_figures_failures_total %d\n",
                 (long long)h->figures_at, h->figures_failures);
  pthread_mutex_unlock(&h->text);
}

/* Answers ------------------------------------------------------------------ */

static enum MHD_Result answer(struct MHD_Connection *conn, unsigned status,
                              const char *type, char *body, size_t len,
                              enum MHD_ResponseMemoryMode mode)
{
  struct MHD_Response *r;
  enum MHD_Result ret;

  r = MHD_create_response_from_buffer(len, body, mode);
  if (r == NULL) {
    if (mode == MHD_RESPMEM_MUST_FREE)
      free(body);
    return MHD_NO;
  }
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  ret = MHD_queue_response(conn, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result text(struct MHD_Connection *conn, unsigned status,
                            const char *s)
{
  return answer(conn, status, "text/plain; charset=utf-8", (char *)s, strlen(s),
                MHD_RESPMEM_PERSISTENT);
}

static enum MHD_Result serve_metrics(struct td_httpd *h,
                                     struct MHD_Connection *conn)
{
  struct td_mbuf b = {NULL, 0, 0, 0};

  figures_refresh(h);
  td_metrics_render(&b, TD_VERSION);
  figures_render(h, &b);
  if (b.oom || b.p == NULL) {
    free(b.p);
    return text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
  }
  return answer(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
                b.p, b.len, MHD_RESPMEM_MUST_FREE);
}

/* Whether the server can serve a client now, and if not why. */
static enum MHD_Result serve_ready(struct MHD_Connection *conn)
{
  if (TD_METRIC_GET(draining))
    return text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                "not ready: draining (the server is stopping)\n");
  if (!TD_METRIC_GET(published))
    return text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "not ready: starting\n");
  if (TD_METRIC_GET(pool_idle) + TD_METRIC_GET(pool_busy) == 0)
    return text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                "not ready: PostgreSQL is not answering (no pool connection "
                "is up)\n");
  if (!TD_METRIC_GET(serving))
    return text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                "not ready: starting (loading the deadline rules, holidays "
                "and reference names)\n");
  return text(conn, MHD_HTTP_OK, "ready\n");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
  struct td_httpd *h = cls;

  (void)version;
  (void)upload;
  (void)state;
  /* A body is never wanted: drop whatever comes. */
  *upload_size = 0;
  if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
      strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
    return text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
                "method not allowed: use GET\n");
  if (strcmp(url, "/metrics") == 0)
    return serve_metrics(h, conn);
  if (strcmp(url, "/healthz") == 0)
    return text(conn, MHD_HTTP_OK, "ok\n");
  if (strcmp(url, "/readyz") == 0)
    return serve_ready(conn);
  return text(conn, MHD_HTTP_NOT_FOUND,
              "not found: /metrics, /healthz and /readyz are served\n");
}

/* Starting and stopping ---------------------------------------------------- */

/* Binds host:port; returns the listening socket or -1 with err. */
static int bind_address(const char *host, int port, int *bound, char *err,
                        size_t errlen)
{
  struct sockaddr_storage ss;
  socklen_t len;
  int one = 1;
  int fd;

  memset(&ss, 0, sizeof(ss));
  if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
    ss.ss_family = AF_INET;
    ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
    len = sizeof(struct sockaddr_in);
  } else if (inet_pton(AF_INET6, host,
                       &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
    ss.ss_family = AF_INET6;
    ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
    len = sizeof(struct sockaddr_in6);
  } else {
    snprintf(err, errlen,
             "metrics-listen %s:%d: not an IP address (give a numeric "
             "address, e.g. 127.0.0.1:9743, or off)",
             host, port);
    return -1;
  }
  fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    snprintf(err, errlen, "metrics-listen: socket: %s", strerror(errno));
    return -1;
  }
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 64) != 0) {
    snprintf(err, errlen,
             "cannot serve metrics on %s%s%s:%d: %s (set metrics-listen to "
             "a free HOST:PORT, or to off)",
             ss.ss_family == AF_INET6 ? "[" : "", host,
             ss.ss_family == AF_INET6 ? "]" : "", port, strerror(errno));
    close(fd);
    return -1;
  }
  len = sizeof(ss);
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
    snprintf(err, errlen, "metrics-listen: getsockname: %s", strerror(errno));
    close(fd);
    return -1;
  }
  *bound =
      ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                     : ((struct sockaddr_in *)&ss)->sin_port);
  return fd;
}

struct td_httpd *td_httpd_start(const struct td_config *cfg, int *port,
                                char *err, size_t errlen)
{
  struct td_httpd *h;
  int fd;

  fd = bind_address(cfg->metrics_host, cfg->metrics_port, port, err, errlen);
  if (fd < 0)
    return NULL;
  h = calloc(1, sizeof(*h));
  if (h != NULL)
    h->conninfo = strdup(cfg->db);
  if (h == NULL || h->conninfo == NULL) {
    snprintf(err, errlen, "metrics: out of memory");
    free(h);
    close(fd);
    return NULL;
  }
  pthread_mutex_init(&h->refresh, NULL);
  pthread_mutex_init(&h->text, NULL);
  h->mhd = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, on_request,
      h, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)HTTP_THREADS, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)HTTP_MAX_CONNS, MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned)HTTP_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)32768, MHD_OPTION_END);
  if (h->mhd == NULL) {
    snprintf(err, errlen,
             "cannot serve metrics on %s:%d: libmicrohttpd "
             "failed to start",
             cfg->metrics_host, *port);
    close(fd);
    pthread_mutex_destroy(&h->refresh);
    pthread_mutex_destroy(&h->text);
    free(h->conninfo);
    free(h);
    return NULL;
  }
  return h;
}

void td_httpd_stop(struct td_httpd *h)
{
  if (h == NULL)
    return;
  /* Joins the threads and closes the listening socket it was given. */
  MHD_stop_daemon(h->mhd);
  PQfinish(h->pg);
  pthread_mutex_destroy(&h->refresh);
  pthread_mutex_destroy(&h->text);
  free(h->figures);
  free(h->conninfo);
  free(h);
}
