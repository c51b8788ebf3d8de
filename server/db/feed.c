/* The change feed's statements; see feed.h. */
#include "db/feed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/rows.h"

/*
 * Events numbered in ($3, $4] of petitions under the scope (the caller's
 * unit $1, or $2 under it), oldest first, at most $5. Reads of identities
 * are audit records, not changes, and are left out. The texts are sealed as
 * in the history (td_rows_event). A single row with a NULL scope_id means the
 * unit is out of reach; a scope row with NULL seq, that nothing matched.
 */
static const char SQL_CHANGES[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id)"
    " SELECT e.seq, e.petition_id, extract(epoch FROM e.at)::bigint, pr.name,"
    "        pr.role, e.action, e.from_status, e.to_status, e.note,"
    "        e.changes::text, (e.changes - td_sealed_columns())::text,"
    "        p.receipt_no, hu.code, p.kind,"
    "        CASE WHEN p.status IN ('received', 'accepted', 'in_progress')"
    "             THEN p.deadline::text END,"
    "        p.kind = 'denunciation', p.confidential, hu.id, s.id AS scope_id"
    "   FROM scope s"
    "   LEFT JOIN LATERAL ("
    "     SELECT x.* FROM petition_events x"
    "      WHERE s.id IS NOT NULL AND x.seq > $3::bigint"
    "        AND x.seq <= $4::bigint AND x.action <> 'identity_read'"
    "        AND x.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "      ORDER BY x.seq LIMIT $5::int) e ON true"
    "   LEFT JOIN petitions p ON p.id = e.petition_id"
    "   LEFT JOIN principals pr ON pr.id = e.actor_id"
    "   LEFT JOIN units hu ON hu.id = td_unit_current(p.unit_id)"
    "  ORDER BY e.seq";

static const char SQL_MARK[] =
    "SELECT last_seq, coalesce(mark_xid::text, '0'), xmin::text, principals"
    "  FROM td_feed_mark($1::bigint)";

static const char SQL_LAST_SEQ[] =
    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
    "  FROM petition_events_seq";

struct changes_call {
  struct td_arena *arena;
  td_changes_cb cb;
  void *arg;
};

static void on_changes(void *arg, PGresult *res)
{
  struct changes_call *call = arg;
  struct td_arena *a = call->arena;
  struct td_changes out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "change feed", 0);
  if (out.err == 0 && PQntuples(res) < 1)
    out.err = TD_EINTERNAL;
  if (out.err == 0) {
    n = PQntuples(res);
    out.scope_found = !PQgetisnull(res, 0, 18);
    out.rows = td_arena_alloc(a, sizeof(*out.rows) * (size_t)n);
    for (i = 0; i < n && out.scope_found; i++) {
      struct td_change_row *c = &out.rows[out.n];
      int64_t unit = 0;

      if (PQgetisnull(res, i, 0))
        continue;
      td_rows_event(a, res, i, &c->ev);
      c->ev.event->receipt_no = td_rows_str(a, res, i, 11);
      c->ev.event->unit_code = td_rows_str(a, res, i, 12);
      c->ev.event->kind = td_rows_str(a, res, i, 13);
      c->ev.event->deadline = td_rows_str(a, res, i, 14);
      c->secrecy.denunciation = td_rows_bool(res, i, 15);
      c->secrecy.confidential = td_rows_bool(res, i, 16);
      td_rows_i64(res, i, 17, &unit);
      c->secrecy.handling_unit_id = (int)unit;
      out.n++;
    }
  }
  call->cb(call->arg, &out);
}

int td_db_feed_changes(const struct td_db *db, int caller_unit,
                       const char *unit_code, uint64_t after, uint64_t upto,
                       int limit, td_changes_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct changes_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[5];

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, caller_unit);
  params[1] = unit_code;
  params[2] = td_rows_int(a, (int64_t)after);
  params[3] = td_rows_int(a, (int64_t)upto);
  params[4] = td_rows_int(a, limit);
  return td_rows_send(db, SQL_CHANGES, 5, params, on_changes, call);
}

/* Marks ----------------------------------------------------------------------
 */

struct mark_call {
  td_feed_marked_cb cb;
  void *arg;
};

static int parse_u64(const PGresult *res, int col, uint64_t *out)
{
  char *end;

  if (PQgetisnull(res, 0, col))
    return -1;
  *out = strtoull(PQgetvalue(res, 0, col), &end, 10);
  return *end == '\0' ? 0 : -1;
}

static void on_mark(void *arg, PGresult *res)
{
  struct mark_call *call = arg;
  struct td_feed_marked out;

  /* Marks repeat every interval: the feed logs a failure once, not here. */
  memset(&out, 0, sizeof(out));
  if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
    out.err = td_pool_result_retryable(res) ? TD_EUNAVAIL : TD_EINTERNAL;
    out.message = res != NULL ? PQresultErrorMessage(res) : "connection lost";
  } else if ((PQntuples(res) != 1 || parse_u64(res, 0, &out.last_seq) != 0 ||
              parse_u64(res, 1, &out.xid) != 0 ||
              parse_u64(res, 2, &out.xmin) != 0 ||
              parse_u64(res, 3, &out.principals) != 0)) {
    out.err = TD_EINTERNAL;
    out.message = "the mark's row cannot be read";
  }
  call->cb(call->arg, &out);
  free(call);
}

int td_db_feed_mark(const struct td_db *db, uint64_t horizon,
                    td_feed_marked_cb cb, void *arg)
{
  struct mark_call *call = td_xmalloc(sizeof(*call));
  char cursor[24];
  const char *params[1] = {cursor};

  call->cb = cb;
  call->arg = arg;
  snprintf(cursor, sizeof(cursor), "%" PRIu64, horizon);
  if (td_rows_send(db, SQL_MARK, 1, params, on_mark, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}

/* The last event number --------------------------------------------------- */

struct last_call {
  td_feed_last_cb cb;
  void *arg;
};

static void on_last_seq(void *arg, PGresult *res)
{
  struct last_call *call = arg;
  struct td_feed_last out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "feed last event", 0);
  if (out.err == 0 &&
      (PQntuples(res) != 1 || parse_u64(res, 0, &out.last_seq) != 0))
    out.err = TD_EINTERNAL;
  call->cb(call->arg, &out);
}

int td_db_feed_last_seq(const struct td_db *db, td_feed_last_cb cb, void *arg)
{
  struct last_call *call = td_arena_alloc(db->arena, sizeof(*call));

  call->cb = cb;
  call->arg = arg;
  return td_rows_send(db, SQL_LAST_SEQ, 0, NULL, on_last_seq, call);
}
