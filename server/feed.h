/*
 * What the server learns from PostgreSQL in the background, so that the
 * requests that need nothing else are answered from memory:
 *
 * - the change feed's horizon: the event number up to which every event has
 *   either committed or never will, so a cursor never skips an event that a
 *   slower transaction commits later (numbers are handed out at insert, not
 *   at commit). See td_feed_mark in sql/functions/80_feed.sql for why one mark,
 * and the oldest running transaction seen by a later one, make a number final;
 * - the version of the principals, so a connection whose principal was
 *   checked at the current version need not be checked again.
 *
 * One statement (a "mark") brings both, every feed-interval when idle and
 * sooner while events are settling or after a request wrote something.
 * Long polls park here until the horizon passes their cursor.
 */
#ifndef TD_FEED_H
#define TD_FEED_H

#include <stdint.h>

#include "state.h"

struct td_feed;

struct td_feed *td_feed_new(struct td_server *srv);
/* Starts marking. */
void td_feed_start(struct td_feed *f);
/* Answers every parked poll (as timed out) and stops marking: the server is
 * draining. The feed still answers the calls below until td_feed_free, once
 * the loop has ended. */
void td_feed_stop(struct td_feed *f);
void td_feed_free(struct td_feed *f);

/* A request wrote to PostgreSQL: look for new events soon. */
void td_feed_poke(struct td_feed *f);

/* The principals changed here (added, revoked, units merged): every
 * connection is checked again until a mark taken after now comes back. */
void td_feed_principals_changed(struct td_feed *f);

/* The version of the principals known now, or 0 when it is not known well
 * enough to skip a check (no recent mark, or a change since). */
uint64_t td_feed_principals_version(const struct td_feed *f);

/* Every event up to this number is final. */
uint64_t td_feed_horizon(const struct td_feed *f);

/* The horizon as it was at uv_hrtime() ns (final then, so committed before
 * ns), or 0 when none that old is remembered: what a replica that holds
 * every commit before ns may serve (replica.h). */
uint64_t td_feed_horizon_before(const struct td_feed *f, uint64_t ns);

/* A parked poll. The caller owns the record (a request's arena) and fills
 * the first five fields; the feed links it until it wakes. */
struct td_feed_wait {
  uint64_t since;       /* Wake once the horizon passes this event. */
  uint64_t deadline_ns; /* Or at this uv_hrtime(), timed out. */
  const void *owner;    /* Its connection, for td_feed_owner_gone. */
  void (*wake)(void *arg, int timed_out);
  void *arg;
  struct td_feed_wait *prev;
  struct td_feed_wait *next;
};

/*
 * Holds w until the horizon passes w->since (wake(arg, 0)) or until its
 * deadline passes, its owner goes or the server stops (wake(arg, 1)). wake
 * runs later from the loop, except when the feed is stopped: then at once.
 */
void td_feed_park(struct td_feed *f, struct td_feed_wait *w);

/* The connection owner is closing: wake its parked polls now. */
void td_feed_owner_gone(struct td_feed *f, const void *owner);

struct td_feed_status {
  uint64_t horizon;
  uint64_t last_seq;
  uint64_t marks; /* Mark statements sent. */
  unsigned parked;
};
void td_feed_status(const struct td_feed *f, struct td_feed_status *out);

#endif
