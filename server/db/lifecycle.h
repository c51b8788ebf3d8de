/*
 * A petition's life: one state change (td_apply_transition) and the events
 * of its history.
 */
#ifndef TD_DB_LIFECYCLE_H
#define TD_DB_LIFECYCLE_H

#include "db/db.h"
#include "db/petition.h"

/* A state change, as td_apply_transition takes it. */
struct td_transition_write {
  int64_t id;
  int expected_version;
  int64_t calendar;
  const char *action;
  const char *to_status;
  int64_t at;
  const char *note;
  const char *transfer_target;
  const char *outcome;
  const char *satisfaction;
  int complex;
  int especially_complex; /* Record it (accept, extend); never unset. */
  const char *decision_no;
  int set_deadline;
  td_day deadline;
  int rule_id;
  const char *step;
  td_day start;
  int extensions;
  /* Transition.idempotency_key and the SHA-256 (hex) of the request, both
   * NULL without a key. */
  const char *key;
  const char *hash;
  /* A workstation clock more than 5 minutes off (clock_skew, seconds, 0
   * when not): at is corrected already, claimed_at is what it said. */
  int64_t clock_skew;
  int64_t claimed_at;
  /* For resolve of a complaint or denunciation: what it found (NULL: not
   * said). For note: the receipt number of the earlier petition this one
   * repeats (NULL: no link). */
  const char *finding;
  const char *repeat_of;
};

/* td_apply_transition's verdicts, written once. */
#define TD_TRANSITION_VERDICTS(XX)                                             \
  XX(APPLIED, "ok")                                                            \
  XX(CONFLICT, "conflict")                                                     \
  XX(STALE_CALENDAR, "stale_calendar")                                         \
  XX(DUPLICATE, "duplicate")                                                   \
  XX(KEY_CONFLICT, "key_conflict")                                             \
  XX(UNKNOWN_FINDING, "unknown_finding")                                       \
  XX(REPEAT_NOT_FOUND, "repeat_not_found")                                     \
  XX(REPEAT_NOT_OLDER, "repeat_not_older")                                     \
  XX(REPEAT_SECRET, "repeat_secret")                                           \
  XX(REPEAT_SELF, "repeat_self")

enum td_transition_verdict {
#define XX(name, text) TD_TRANSITION_##name,
  TD_TRANSITION_VERDICTS(XX)
#undef XX
      TD_TRANSITION__COUNT
};

/* When APPLIED: the petition as it is now and the event recorded. */
struct td_transitioned {
  int err;
  enum td_transition_verdict verdict;
  struct td_petition_row *row;
  int64_t event_seq;
};
typedef void (*td_transitioned_cb)(void *arg, const struct td_transitioned *r);

TD_MUSTCHECK int td_db_lifecycle_apply(const struct td_db *db, int principal_id,
                                       const struct td_transition_write *w,
                                       td_transitioned_cb cb, void *arg);

/* The event a Transition's idempotency key was recorded with: found, and
 * whether it was recorded for the same request (hash, hex). */
struct td_keyed_event {
  int err;
  int found;
  int same;
  struct td_event_row event;
};
typedef void (*td_keyed_event_cb)(void *arg, const struct td_keyed_event *r);

TD_MUSTCHECK int td_db_lifecycle_by_key(const struct td_db *db, const char *key,
                                        const char *hash, td_keyed_event_cb cb,
                                        void *arg);

/* Events of a petition, oldest first, their texts sealed (td_event_row). */
struct td_history {
  int err;
  size_t n;
  struct td_event_row *events;
};
typedef void (*td_history_cb)(void *arg, const struct td_history *r);

/* The caller has already checked the petition is in its area. */
TD_MUSTCHECK int td_db_lifecycle_history(const struct td_db *db,
                                         int64_t petition_id, td_history_cb cb,
                                         void *arg);

#endif
