/*
 * The change feed: the events after a cursor under a scope, and the mark
 * from which the server learns how far the feed is final (see feed.h and
 * td_feed_mark in sql).
 */
#ifndef TD_DB_FEED_H
#define TD_DB_FEED_H

#include "db/db.h"
#include "db/petition.h"
#include "tiepdan.pb-c.h"

/* An event of the change feed, its texts sealed, with its petition's
 * secrecy. */
struct td_change_row {
  struct td_event_row ev;
  struct td_secrecy secrecy;
};

/* scope_found: unit_code resolved in the caller's area. */
struct td_changes {
  int err;
  int scope_found;
  size_t n;
  struct td_change_row *rows;
};
typedef void (*td_changes_cb)(void *arg, const struct td_changes *r);

/* Events numbered in (after, upto] under the scope (unit_code, or the
 * caller's unit when NULL), oldest first, at most limit. */
TD_MUSTCHECK int td_db_feed_changes(const struct td_db *db, int caller_unit,
                                    const char *unit_code, uint64_t after,
                                    uint64_t upto, int limit, td_changes_cb cb,
                                    void *arg);

/* A mark: the last event number handed out, the id the mark's own
 * transaction took (0 if none was needed), the oldest running transaction
 * seen before it, and the principals' version. */
struct td_feed_marked {
  int err;
  const char *message; /* Why, when err is set; borrowed. Not logged. */
  uint64_t last_seq;
  uint64_t xid;
  uint64_t xmin;
  uint64_t principals;
};
typedef void (*td_feed_marked_cb)(void *arg, const struct td_feed_marked *r);
/* db->arena is not used. */
TD_MUSTCHECK int td_db_feed_mark(const struct td_db *db, uint64_t horizon,
                                 td_feed_marked_cb cb, void *arg);

/* The last event number the database has handed out, committed or not: no
 * server ever gave a cursor beyond it. err is 0 or TD_EUNAVAIL /
 * TD_EINTERNAL. */
struct td_feed_last {
  int err;
  uint64_t last_seq;
};
typedef void (*td_feed_last_cb)(void *arg, const struct td_feed_last *r);
TD_MUSTCHECK int td_db_feed_last_seq(const struct td_db *db, td_feed_last_cb cb,
                                     void *arg);

#endif
