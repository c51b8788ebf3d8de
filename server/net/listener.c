/* The TLS listener; see listener.h. */
#include "net/listener.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

static void on_connection(uv_stream_t *listener, int status)
{
  struct td_net *net = listener->data;

  if (status < 0) {
    td_warn("accept: %s", uv_strerror(status));
    return;
  }
  td_conn_accept(net);
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
  return 0;
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
  td_conn_drain_all(net);
}
