/*
 * Reception sessions, dialogue conferences and voters' meetings: opening,
 * closing with what was raised, listing; scoped to the caller's unit.
 */
#ifndef TD_DB_SESSION_H
#define TD_DB_SESSION_H

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* td_close_session's verdicts, written once; opening has one verdict, a
 * session or none (no such commune in the caller's area). */
#define TD_SESSION_CLOSE_VERDICTS(XX)                                          \
  XX(CLOSED, "ok")                                                             \
  XX(NOT_FOUND, "not_found")                                                   \
  XX(ALREADY_CLOSED, "already_closed")                                         \
  XX(BEFORE_OPEN, "before_open")                                               \
  XX(COUNTS, "counts")

enum td_session_close_verdict {
#define XX(name, text) TD_SESSION_CLOSE_##name,
  TD_SESSION_CLOSE_VERDICTS(XX)
#undef XX
      TD_SESSION_CLOSE__COUNT
};

/* For open: sessions[0], or n == 0 when the commune is not in reach. For
 * close: verdict, and sessions[0] when CLOSED. For list: scope_found (the
 * unit filter resolved in the caller's area) and the sessions, newest
 * first. */
struct td_sessions {
  int err;
  enum td_session_close_verdict verdict;
  int scope_found;
  size_t n;
  Tiepdan__Session **sessions;
};
typedef void (*td_sessions_cb)(void *arg, const struct td_sessions *r);

TD_MUSTCHECK int td_db_session_open(const struct td_db *db, int caller_unit,
                                    int principal_id,
                                    const Tiepdan__OpenSession *m,
                                    td_sessions_cb cb, void *arg);
TD_MUSTCHECK int td_db_session_close(const struct td_db *db, int caller_unit,
                                     const Tiepdan__CloseSession *m,
                                     td_sessions_cb cb, void *arg);
TD_MUSTCHECK int td_db_session_list(const struct td_db *db, int caller_unit,
                                    const Tiepdan__ListSessions *m,
                                    td_sessions_cb cb, void *arg);

#endif
