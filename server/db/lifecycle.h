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
};

/* td_apply_transition's verdicts, written once. */
#define TD_TRANSITION_VERDICTS(XX)                                             \
  XX(APPLIED, "ok")                                                            \
  XX(CONFLICT, "conflict")                                                     \
  XX(STALE_CALENDAR, "stale_calendar")

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
