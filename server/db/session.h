/*
 * Reception sessions, dialogue conferences and voters' meetings: opening,
 * closing with what was raised, listing; scoped to the caller's unit.
 */
#ifndef TD_DB_SESSION_H
#define TD_DB_SESSION_H

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* The verdicts of td_open_session and td_close_session, written once.
 * DUPLICATE: the idempotency key was seen with the same request; the
 * session is the one it opened or closed. KEY_CONFLICT: seen with another
 * request; nothing changed. */
#define TD_SESSION_CLOSE_VERDICTS(XX)                                          \
  XX(CLOSED, "ok")                                                             \
  XX(NOT_FOUND, "not_found")                                                   \
  XX(ALREADY_CLOSED, "already_closed")                                         \
  XX(BEFORE_OPEN, "before_open")                                               \
  XX(COUNTS, "counts")                                                         \
  XX(CREATED, "created")                                                       \
  XX(UNKNOWN_UNIT, "unknown_unit")                                             \
  XX(DUPLICATE, "duplicate")                                                   \
  XX(KEY_CONFLICT, "key_conflict")

enum td_session_close_verdict {
#define XX(name, text) TD_SESSION_CLOSE_##name,
  TD_SESSION_CLOSE_VERDICTS(XX)
#undef XX
      TD_SESSION_CLOSE__COUNT
};

/* For open and close: verdict, and sessions[0] when CREATED, CLOSED or
 * DUPLICATE. For list: scope_found (the
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

/* hash: the SHA-256 (hex) of the request, sent with its idempotency key;
 * NULL without a key. */
TD_MUSTCHECK int td_db_session_open(const struct td_db *db, int caller_unit,
                                    int principal_id,
                                    const Tiepdan__OpenSession *m,
                                    const char *hash, td_sessions_cb cb,
                                    void *arg);
TD_MUSTCHECK int td_db_session_close(const struct td_db *db, int caller_unit,
                                     const Tiepdan__CloseSession *m,
                                     const char *hash, td_sessions_cb cb,
                                     void *arg);
TD_MUSTCHECK int td_db_session_list(const struct td_db *db, int caller_unit,
                                    const Tiepdan__ListSessions *m,
                                    td_sessions_cb cb, void *arg);

#endif
