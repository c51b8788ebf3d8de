/*
 * The read pool: connections to the replicas (read-db), and how far behind
 * the primary they are, so that the statistics, lists, reports and the
 * change feed can be read there without anybody reading the past.
 *
 * Freshness is measured, not assumed. Every PROBE_MS the write pool gives
 * the primary's WAL insert position L at a moment s (uv_hrtime() when the
 * question was sent): every commit this server saw acknowledged before s is
 * below L. Then the read pool gives the replay position R of the replica.
 * Once R >= L, the replica holds everything acknowledged before s: s is the
 * replica's "visible" time. A read that must see what was acknowledged up to
 * a moment t may use the replica only if t <= visible; otherwise it goes to
 * the primary. So:
 *
 * - an officer who has just written (submitted, moved a petition) reads
 *   from the primary until the replica has caught up with that write; the
 *   server keeps each principal's last write (or, for one it does not know,
 *   the moment it first sees him, for he may have written through another
 *   server a moment ago);
 * - the change feed serves from the replica the events up to the newest
 *   horizon that was final before the visible time (feed.h), and the rest
 *   at the next poll;
 * - a replica further behind than read-max-lag, or whose connections were
 *   just made again (perhaps to another replica), is not read until a new
 *   probe vouches for it.
 *
 * All connections of the read pool must reach the same replica at a time
 * (a conninfo naming the replicas in order, target_session_attrs
 * prefer-standby; or one proxy port with "balance first"): the probe
 * measures one connection for all.
 */
#ifndef TD_REPLICA_H
#define TD_REPLICA_H

#include <stdint.h>

#include "db/pool.h"
#include "state.h"

struct td_replica;

/* The read pool of srv->cfg->read_db, connecting; NULL when none is set. */
struct td_replica *td_replica_new(struct td_server *srv);
/* Starts probing (once the write pool is up). */
void td_replica_start(struct td_replica *r);
/* Stops probing and closes the pool; r is freed once its handles are. */
void td_replica_close(struct td_replica *r);

/* The moment up to which the replica holds every write this server saw
 * acknowledged (uv_hrtime()), or 0 when the replica may not be read now
 * (none, not connected, too far behind, or not yet vouched for). */
uint64_t td_replica_visible_ns(const struct td_server *srv);

/* The pool for a read that must see every write acknowledged before
 * need_ns: the read pool if it is visible that far, else the write pool.
 * Counts the choice for the metrics. */
struct td_pool *td_replica_pool_for(struct td_server *srv, uint64_t need_ns);

/* Principal id wrote something now (a request that may have written
 * ended). */
void td_replica_wrote(struct td_server *srv, int principal, uint64_t now_ns);

/* The moment principal's reads must see: his last write through this
 * server, or now for a principal it does not remember. */
uint64_t td_replica_need(struct td_server *srv, int principal, uint64_t now_ns);

struct td_replica_status {
  int configured;
  int up;                 /* Read pool connections up. */
  int64_t lag_us;         /* now - visible, or -1 when unknown. */
  int64_t lag_bytes;      /* Primary's last position - replica's, or -1. */
  uint64_t reads_replica; /* Reads that went to the replica, */
  uint64_t reads_primary; /* and those that could not. */
};
void td_replica_status(const struct td_server *srv,
                       struct td_replica_status *out);

#endif
