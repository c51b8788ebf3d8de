/*
 * The database layer: every SQL statement of the server lives in
 * server/db/<concern>.c (or in sql/functions/), parameterised, sent through
 * the non-blocking pool. Each call has a result type of its own; a
 * function's verdict comes back as an enum parsed once here, so handlers
 * switch on it and an unknown verdict is an error, never a guess.
 *
 * Conventions of every call td_db_<concern>_<verb>(db, ..., cb, arg):
 * - it returns 0, and then cb(arg, result) runs exactly once, later, from the
 *   loop; or TD_EUNAVAIL (no connection, or stopping) and cb never runs;
 * - result->err is 0, TD_ENOTFOUND where the call says so, TD_EUNAVAIL
 *   (retry), or TD_EINTERNAL (a bug or a broken schema; logged here);
 * - what a result points to lives in db->arena; the result itself is
 *   borrowed for the duration of cb.
 * Nothing here decides who may see what: handlers do, with domain/permit.h.
 */
#ifndef TD_DB_H
#define TD_DB_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "db/pool.h"
#include "db/submit.h"
#include "util/arena.h"

/* What a statement needs from its caller. */
struct td_db {
  struct td_pool *pool;
  struct td_arena *arena; /* Results live here. */
  uint64_t *queries;      /* Bumped for every statement sent. */
  unsigned *sent;         /* Set to 1 once a statement is sent (may be NULL). */
  struct td_submits *submits; /* Group commit of submissions (db/submit.h). */
};

/*
 * Offline work (tiepdand --migrate, --add-principal) runs before the loop,
 * never inside it, with plain blocking libpq: a connection whose notices
 * ("already exists, skipping") stay off the operator's screen, or NULL with
 * a message in err. The caller closes it with PQfinish.
 */
PGconn *td_db_connect_blocking(const char *conninfo, char *err, size_t errlen);

#endif
