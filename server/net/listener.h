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
  uv_timer_t trim_timer;     /* Gives freed heap back; see td_net_churn. */
  unsigned listening : 1;
  unsigned draining : 1;
  char readbuf[65536]; /* libuv reads go here and are consumed at once. */
};

/* Resolves and binds cfg's listen address (getaddrinfo blocks: call it
 * before the loop runs). Returns 0 or TD_EIO, logged. After 0 the net holds
 * handles that td_net_drain closes. */
TD_MUSTCHECK int td_net_bind(struct td_net *net);

/* Notes the process's limit of file descriptors, and warns when it is below
 * what max-conns connections and the PostgreSQL pool need. */
void td_net_check_descriptors(struct td_net *net);

/* A connection was accepted on descriptor fd: logs (at most once a second)
 * when the descriptors are nearly all taken, since libuv then accepts and
 * closes the next connections without a word. */
void td_net_accepted_fd(struct td_net *net, int fd);

/* A connection came or went: the heap is trimmed a moment later, so that
 * what a burst of handshakes or of disconnects freed goes back to the
 * system instead of staying resident (glibc keeps freed memory inside its
 * heap). At most one trim per TD_NET_TRIM_DELAY_MS. A trim costs what it
 * gives back: a few ms while connections come and go, about 0.2 s of the
 * loop once when 10,000 leave at the same moment (2 shared cores). */
#define TD_NET_TRIM_DELAY_MS 1000
void td_net_churn(struct td_net *net);

/* Starts accepting. Returns 0 or TD_EIO, logged. */
TD_MUSTCHECK int td_net_listen(struct td_net *net);

/* No new connections: closes the listener, drains the connections. */
void td_net_drain(struct td_net *net);

#endif
