/* The TLS listener; see listener.h. */
#include "net/listener.h"

#include <malloc.h>
#include <netdb.h>
#include <stdint.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

/* Descriptors kept free before running out is reported. */
#define FDS_LOW 4

/* Out of file descriptors, libuv accepts and closes new connections without
 * telling us: say so, at most once a second, with what to change. */
static void out_of_descriptors(struct td_net *net, const char *why)
{
  uint64_t now = uv_now(net->loop);

  if (net->emfile_logged_ms != 0 && now - net->emfile_logged_ms < 1000)
    return;
  net->emfile_logged_ms = now;
  td_error("accept: out of file descriptors (%s) with %d connection(s) open; "
           "new connections are closed unanswered; raise the process's limit "
           "(LimitNOFILE=, ulimit -n) or lower max-conns",
           why, net->n);
}

void td_net_accepted_fd(struct td_net *net, int fd)
{
  if (net->fd_limit != 0 && (uint64_t)fd + FDS_LOW >= net->fd_limit)
    out_of_descriptors(net, "the limit is nearly reached");
}

static void on_connection(uv_stream_t *listener, int status)
{
  struct td_net *net = listener->data;

  if (status == UV_EMFILE || status == UV_ENFILE) {
    out_of_descriptors(net, uv_strerror(status));
    return;
  }
  if (status < 0) {
    td_warn("accept: %s", uv_strerror(status));
    return;
  }
  td_conn_accept(net);
}

static void on_trim(uv_timer_t *t)
{
  uint64_t t0 = uv_hrtime();
  int gave = malloc_trim(0);

  (void)t;
  td_debug("heap trimmed in %.1f ms%s", (double)(uv_hrtime() - t0) / 1e6,
           gave ? "" : ": nothing to give back");
}

void td_net_churn(struct td_net *net)
{
  if (net->draining || uv_is_active((uv_handle_t *)&net->trim_timer))
    return;
  uv_timer_start(&net->trim_timer, on_trim, TD_NET_TRIM_DELAY_MS, 0);
}

int td_net_bind(struct td_net *net)
{
  const struct td_config *cfg = net->cfg;
  struct addrinfo hints;
  struct addrinfo *ai = NULL;
  char port[8];
  int rc;

  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  snprintf(port, sizeof(port), "%d", cfg->listen_port);
  rc = getaddrinfo(cfg->listen_host, port, &hints, &ai);
  if (rc != 0) {
    td_error("listen address %s: %s", cfg->listen_host, gai_strerror(rc));
    return TD_EIO;
  }
  uv_tcp_init(net->loop, &net->listener);
  net->listener.data = net;
  rc = uv_tcp_bind(&net->listener, ai->ai_addr, 0);
  freeaddrinfo(ai);
  if (rc != 0) {
    td_error("bind %s:%d: %s", cfg->listen_host, cfg->listen_port,
             uv_strerror(rc));
    uv_close((uv_handle_t *)&net->listener, NULL);
    return TD_EIO;
  }
  uv_timer_init(net->loop, &net->trim_timer);
  return 0;
}

/* Beyond one per connection: the listener, the pool, the loop's own, logs. */
#define FDS_SPARE 32

void td_net_check_descriptors(struct td_net *net)
{
  struct rlimit rl;
  uint64_t need =
      (uint64_t)net->cfg->max_conns + (uint64_t)net->cfg->pool_size + FDS_SPARE;

  net->fd_limit = 0;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return;
  net->fd_limit = (uint64_t)rl.rlim_cur;
  if (net->fd_limit >= need)
    return;
  td_warn("max-conns is %d but this process may open only %llu file "
          "descriptors (about %llu needed): connections past the limit will "
          "be closed unanswered; raise LimitNOFILE= (ulimit -n) or lower "
          "max-conns",
          net->cfg->max_conns, (unsigned long long)rl.rlim_cur,
          (unsigned long long)need);
}

int td_net_listen(struct td_net *net)
{
  int rc = uv_listen((uv_stream_t *)&net->listener, 1024, on_connection);

  if (rc != 0) {
    td_error("listen on %s:%d: %s", net->cfg->listen_host,
             net->cfg->listen_port, uv_strerror(rc));
    return TD_EIO;
  }
  net->listening = 1;
  td_info("listening on %s:%d", net->cfg->listen_host, net->cfg->listen_port);
  return 0;
}

void td_net_drain(struct td_net *net)
{
  if (net->draining)
    return;
  net->draining = 1;
  uv_close((uv_handle_t *)&net->listener, NULL);
  uv_close((uv_handle_t *)&net->trim_timer, NULL);
  td_conn_drain_all(net);
}
