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
  XX(KEY_CONFLICT, "key_conflict")                                             \
  XX(DELEGATED_REFUSED, "delegated_refused")                                   \
  XX(TYPE_DENIED, "type_denied")

enum td_session_close_verdict {
#define XX(name, text) TD_SESSION_CLOSE_##name,
  TD_SESSION_CLOSE_VERDICTS(XX)
#undef XX
      TD_SESSION_CLOSE__COUNT
};

/* For open and close: verdict, and sessions[0] when CREATED, CLOSED,
 * DUPLICATE or TYPE_DENIED (the session the caller may not close). For list:
 * scope_found (the unit filter resolved in the caller's area) and the sessions,
 * newest first. */
struct td_sessions {
  int err;
  enum td_session_close_verdict verdict;
  int scope_found;
  size_t n;
  Tiepdan__Session **sessions;
};
typedef void (*td_sessions_cb)(void *arg, const struct td_sessions *r);

/* hash: the SHA-256 (hex) of the request, sent with its idempotency key;
 * NULL without a key. types (close): the session types the caller may
 * close, as a PostgreSQL text array ("{supervision,social_criticism}"), or
 * NULL for any. DELEGATED_REFUSED (open): a delegated reception on or after
 * 1 July 2026; TYPE_DENIED (close): the session is of a type not in
 * types. */
TD_MUSTCHECK int td_db_session_open(const struct td_db *db, int caller_unit,
                                    int principal_id,
                                    const Tiepdan__OpenSession *m,
                                    const char *hash, td_sessions_cb cb,
                                    void *arg);
TD_MUSTCHECK int td_db_session_close(const struct td_db *db, int caller_unit,
                                     const Tiepdan__CloseSession *m,
                                     const char *hash, const char *types,
                                     td_sessions_cb cb, void *arg);
TD_MUSTCHECK int td_db_session_list(const struct td_db *db, int caller_unit,
                                    const Tiepdan__ListSessions *m,
                                    td_sessions_cb cb, void *arg);

#endif
