/*
 * The server's shared state and the request object every handler receives.
 *
 * A request enters in conn.c (a whole frame decoded into an Envelope), is
 * authorised and routed in dispatch.c, handled in handlers.c, and reaches
 * PostgreSQL only through store.c. Exactly one reply goes back per request,
 * through td_req_reply or td_req_fail, which also log the request's line.
 */
#ifndef TD_SERVER_H
#define TD_SERVER_H

#include <openssl/ssl.h>
#include <stdint.h>
#include <uv.h>

#include "arena.h"
#include "config.h"
#include "db/pool.h"
#include "tiepdan.pb-c.h"

struct td_conn;

/* Who is speaking on a connection, from its certificate. */
struct td_principal {
  int id;
  int role;    /* Tiepdan__Role. */
  int unit_id; /* units.id */
  char name[128];
  char unit_code[40];
  char unit_name[128];
  char unit_level[16];
  char fingerprint[65];
};

struct td_server {
  uv_loop_t *loop;
  const struct td_config *cfg;
  SSL_CTX *ssl_ctx;
  struct td_pool *pool;
  uv_tcp_t listener;
  uv_signal_t sigterm;
  uv_signal_t sigint;
  uv_timer_t drain_timer;
  struct td_calendar_cache *calendar; /* Rules and holidays; see calendar.h. */
  uv_timer_t summary_timer;           /* Daily summary; start-up retries. */
  uv_timer_t fold_timer;              /* Statistics folds; see 004_stats. */
  struct td_feed *feed;               /* Horizon, principals; see feed.h. */
  uint64_t started_ns;
  uint64_t request_queries;    /* Statements sent for clients' requests. */
  uint64_t background_queries; /* Marks, folds, summaries. */
  uint64_t folds;              /* Folds that moved something. */
  unsigned fold_in_flight : 1;
  struct td_conn *conns; /* Open connections, a doubly linked list. */
  int nconns;
  unsigned listening : 1;
  unsigned draining : 1;
  unsigned stopped : 1;
  char readbuf[65536]; /* libuv reads go here and are consumed at once. */
};

struct td_req {
  struct td_server *srv;
  struct td_conn *conn;           /* Holds a reference until the reply. */
  const struct td_principal *who; /* Borrowed from conn. */
  Tiepdan__Envelope *env;         /* The request, owned. */
  uint64_t id;
  uint64_t start_ns;
  const char *op;                   /* Name for the log line. */
  struct td_arena arena;            /* Reply memory, freed with the request. */
  void *state;                      /* A handler's own, in the arena. */
  void (*handler)(struct td_req *); /* Runs once the caller is checked. */
  uint64_t checked_version;         /* Principals' version when checked. */
  unsigned queried : 1;             /* Sent something to PostgreSQL. */
  unsigned principals_change : 1;   /* Adds, revokes, merges. */
  int attempts;                     /* Restarts after a stale calendar. */
};

/* Sends reply (built in req->arena or static), logs, frees req. */
void td_req_reply(struct td_req *req, Tiepdan__Envelope *reply);
/* Sends an Error reply with code and a formatted message, logs, frees req. */
void td_req_fail(struct td_req *req, Tiepdan__ErrorCode code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Routes a decoded Envelope from an authenticated connection. Takes env. */
void td_dispatch(struct td_conn *c, Tiepdan__Envelope *env);

/*
 * Serves until SIGTERM or SIGINT and a graceful stop. Returns the process
 * exit status: 0 after a clean stop, 1 if the server could not start.
 */
int td_server_run(const struct td_config *cfg);

/* Starts the graceful stop: no new connections, finish work, then exit. */
void td_server_drain(struct td_server *srv);
/* Called by conn.c when a connection is gone, to finish a drain. */
void td_server_conn_gone(struct td_server *srv);

#endif
