/*
 * The TLS listener: binds, accepts and keeps the list of open connections.
 * What the connections carry is the protocol's, given as callbacks.
 */
#ifndef TD_NET_LISTENER_H
#define TD_NET_LISTENER_H

#include <openssl/ssl.h>
#include <uv.h>

#include "common/error.h"
#include "net/conn.h"
#include "util/config.h"

struct td_net {
  uv_loop_t *loop;
  const struct td_config *cfg;
  SSL_CTX *ssl_ctx;
  const struct td_conn_proto *proto;
  void *proto_arg;             /* Given to proto->on_open. */
  int *nconns;                 /* Kept up to date here; the server's counter. */
  void (*on_empty)(void *arg); /* A connection went and none is left. */
  void *empty_arg;
  uv_tcp_t listener;
  struct td_conn *conns; /* Open connections, a doubly linked list. */
  int n;
  uint64_t fd_limit;         /* RLIMIT_NOFILE; 0 for none known. */
  uint64_t emfile_logged_ms; /* When running out of descriptors was logged. */
  unsigned listening : 1;
  unsigned draining : 1;
  char readbuf[65536]; /* libuv reads go here and are consumed at once. */
};

/* Resolves and binds cfg's listen address (getaddrinfo blocks: call it
 * before the loop runs). Returns 0 or TD_EIO, logged. */
TD_MUSTCHECK int td_net_bind(struct td_net *net);

/* Notes the process's limit of file descriptors, and warns when it is below
 * what max-conns connections and the PostgreSQL pool need. */
void td_net_check_descriptors(struct td_net *net);

/* A connection was accepted on descriptor fd: logs (at most once a second)
 * when the descriptors are nearly all taken, since libuv then accepts and
 * closes the next connections without a word. */
void td_net_accepted_fd(struct td_net *net, int fd);

/* Starts accepting. Returns 0 or TD_EIO, logged. */
TD_MUSTCHECK int td_net_listen(struct td_net *net);

/* No new connections: closes the listener, drains the connections. */
void td_net_drain(struct td_net *net);

#endif
