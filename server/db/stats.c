/* Statistics' statements; see stats.h. */
#include "db/stats.h"

#include <stdlib.h>
#include <string.h>

#include "db/rows.h"
#include "wire.h"

/*
 * Statistics from stat_cells. The grouping is chosen by flags ($6, $8..$11)
 * and the period word ($12), so the statement stays fixed and parameterised:
 * a dimension not asked for groups as ''. Months: [$3, $4). Overdue is judged
 * on $5, due soon up to $5 + $15. Filters: kind $13, channel $14, not channel
 * $16, only the open ones if $17. A single row with a NULL scope_id means the
 * unit is out of reach; channel_ok or exclude_ok false, that $14 or $16
 * is no channel.
 *
 * The units of the area are joined (unit_scope, as td_unit_subtree reads
 * it) rather than filtered with IN, so that each unit's cells are one range
 * of stat_cells' key, (unit_id, month, ...): every month of a commune, as
 * open_now asks, is a few hundred cells, not a scan of the table.
 *
 * SQL_STATS_DAYS counts the same cells from the petitions themselves, by
 * td_stat_key, the definition the trigger keeps stat_cells by, for petitions
 * received in [$3, $4) as Vietnam timestamps: one range of
 * petitions_unit_received per unit.
 */
#define STATS_SCOPE                                                            \
  "WITH scope AS ("                                                            \
  "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"                           \
  "         ELSE td_unit_in_area($1::int, $2::text)"                           \
  "         END AS id,"                                                        \
  "         ($14::text IS NULL"                                                \
  "          OR EXISTS (SELECT 1 FROM channels h WHERE h.code = $14))"         \
  "           AS channel_ok,"                                                  \
  "         ($16::text IS NULL"                                                \
  "          OR EXISTS (SELECT 1 FROM channels h WHERE h.code = $16))"         \
  "           AS exclude_ok),"

#define STATS_OPEN "('received', 'accepted', 'in_progress')"

#define STATS_TAIL                                                             \
  " unit_keys AS ("                                                            \
  "  SELECT d.unit_id,"                                                        \
  "         CASE WHEN $6::bool THEN td_unit_at_level(d.unit_id, $7)"           \
  "              ELSE '' END AS k"                                             \
  "    FROM (SELECT DISTINCT unit_id FROM cells) d)"                           \
  " SELECT s.id AS scope_id,"                                                  \
  "  coalesce(uk.k, '') AS k_unit,"                                            \
  "  CASE WHEN $8::bool THEN c.kind ELSE '' END AS k_kind,"                    \
  "  CASE WHEN $9::bool THEN c.channel ELSE '' END AS k_channel,"              \
  "  CASE WHEN $10::bool THEN c.field ELSE '' END AS k_field,"                 \
  "  CASE WHEN $11::bool THEN c.status ELSE '' END AS k_status,"               \
  "  CASE $12::text WHEN 'month' THEN to_char(c.month, 'YYYY-MM')"             \
  "                 WHEN 'quarter' THEN to_char(c.month, 'YYYY-\"Q\"Q')"       \
  "                 WHEN 'year' THEN to_char(c.month, 'YYYY')"                 \
  "                 ELSE '' END AS k_period,"                                  \
  "  sum(c.n) AS received,"                                                    \
  "  sum(c.n) FILTER (WHERE c.accepted) AS accepted,"                          \
  "  sum(c.n) FILTER (WHERE c.status = 'not_accepted') AS not_accepted,"       \
  "  sum(c.n) FILTER (WHERE c.status = 'transferred') AS transferred,"         \
  "  sum(c.n) FILTER (WHERE c.status = 'resolved') AS resolved,"               \
  "  sum(c.n) FILTER (WHERE c.outcome = 'answered_in_writing')"                \
  "    AS answered_in_writing,"                                                \
  "  sum(c.n) FILTER (WHERE c.outcome = 'mediated_successfully')"              \
  "    AS mediated_successfully,"                                              \
  "  sum(c.n) FILTER (WHERE c.outcome = 'mediation_failed')"                   \
  "    AS mediation_failed,"                                                   \
  "  sum(c.n) FILTER (WHERE c.outcome = 'decision_issued') AS "                \
  "decision_issued,"                                                           \
  "  sum(c.n) FILTER (WHERE c.status = 'withdrawn') AS withdrawn,"             \
  "  sum(c.n) FILTER (WHERE c.status = 'resolved' AND c.on_time)"              \
  "    AS resolved_on_time,"                                                   \
  "  sum(c.n) FILTER (WHERE c.status = 'resolved' AND NOT c.on_time)"          \
  "    AS resolved_late,"                                                      \
  "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"              \
  "                                      'in_progress')"                       \
  "                     AND c.deadline >= $5::date) AS open_within_deadline,"  \
  "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"              \
  "                                      'in_progress')"                       \
  "                     AND c.deadline < $5::date) AS open_overdue,"           \
  "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"              \
  "                                      'in_progress')"                       \
  "                     AND c.deadline >= $5::date"                            \
  "                     AND c.deadline <= $5::date + $15::int)"                \
  "    AS open_due_soon,"                                                      \
  "  sum(c.n) FILTER (WHERE c.grp) AS group_petitions,"                        \
  "  bool_and(s.channel_ok) AS channel_ok,"                                    \
  "  bool_and(s.exclude_ok) AS exclude_ok"                                     \
  " FROM scope s LEFT JOIN cells c ON true"                                    \
  " LEFT JOIN unit_keys uk ON uk.unit_id = c.unit_id"                          \
  " GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 2, 3, 4, 5, 6, 7"

static const char SQL_STATS[] = STATS_SCOPE
    " cells AS ("
    "  SELECT c.* FROM scope s"
    "    JOIN unit_scope us ON us.ancestor = s.id"
    "    JOIN stat_cells c ON c.unit_id = us.unit"
    "   WHERE s.channel_ok AND s.exclude_ok"
    "     AND c.month >= $3::date AND c.month < $4::date AND c.n > 0"
    "     AND ($13::text IS NULL OR c.kind = $13)"
    "     AND ($14::text IS NULL OR c.channel = $14)"
    "     AND ($16::text IS NULL OR c.channel <> $16)"
    "     AND (NOT $17::bool OR c.status IN " STATS_OPEN "))," STATS_TAIL;

static const char SQL_STATS_DAYS[] = STATS_SCOPE
    " cells AS ("
    "  SELECT k.*, 1::bigint AS n"
    "    FROM scope s"
    "    JOIN unit_scope us ON us.ancestor = s.id"
    "    JOIN petitions p ON p.unit_id = us.unit,"
    "    LATERAL td_stat_key(p) k"
    "   WHERE s.channel_ok AND s.exclude_ok"
    "     AND p.received_at >= $3::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'"
    "     AND p.received_at < $4::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'"
    "     AND ($13::text IS NULL OR p.kind = $13)"
    "     AND ($14::text IS NULL OR p.channel = $14)"
    "     AND ($16::text IS NULL OR p.channel <> $16)"
    "     AND (NOT $17::bool OR p.status IN " STATS_OPEN "))," STATS_TAIL;

/*
 * The same figures for a province or the nation from the rollup, by the
 * function td_stats_rollup (sql/functions/70_stats.sql): a few rows per
 * province and month whatever the number of petitions. It can group by unit at
 * the province or nation level and by period only. The column rollup is false
 * when the scope is below a province: ask SQL_STATS.
 */
static const char SQL_STATS_ROLLUP[] =
    "SELECT scope_id, rollup, k_unit, '' AS k_kind, '' AS k_channel,"
    "       '' AS k_field, '' AS k_status, k_period, received, accepted,"
    "       not_accepted, transferred, resolved, answered_in_writing,"
    "       mediated_successfully, mediation_failed, decision_issued,"
    "       withdrawn, resolved_on_time, resolved_late, open_within_deadline,"
    "       open_overdue, open_due_soon, group_petitions"
    "  FROM td_stats_rollup($1::int, $2, $3::date, $4::date, $5::date,"
    "                       $6::bool, $7, $8, $9::int)";

static const char SQL_SESSION_STATS[] =
    "SELECT v.type, count(*), coalesce(sum(v.attendees), 0),"
    "       coalesce(sum(v.opinions), 0), coalesce(sum(v.resolved_on_spot), 0),"
    "       coalesce(sum(v.forwarded), 0)"
    "  FROM sessions v"
    " WHERE v.unit_id IN (SELECT id FROM td_unit_subtree($1::int))"
    "   AND v.opened_at >= $2::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'"
    "   AND v.opened_at < $3::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'"
    " GROUP BY v.type ORDER BY v.type";

/* The fold, and with it the search index's pending list merged, off the
 * submissions' path (td_search_clean, sql/functions/35_search.sql). */
static const char SQL_FOLD[] = "SELECT td_job_fold($1, $2)";

struct stats_call {
  struct td_arena *arena;
  td_stats_cb cb;
  void *arg;
};

static void on_stats(void *arg, PGresult *res)
{
  struct stats_call *call = arg;
  struct td_arena *a = call->arena;
  struct td_stats out;
  static const char *const keys[] = {"k_unit",  "k_kind",   "k_channel",
                                     "k_field", "k_status", "k_period"};
  int n;
  int i;
  int k;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "statistics", 0);
  if (out.err == 0 && PQntuples(res) < 1)
    out.err = TD_EINTERNAL;
  if (out.err != 0) {
    call->cb(call->arg, &out);
    return;
  }
  if (PQfnumber(res, "channel_ok") >= 0 &&
      (strcmp(PQgetvalue(res, 0, PQfnumber(res, "channel_ok")), "f") == 0 ||
       strcmp(PQgetvalue(res, 0, PQfnumber(res, "exclude_ok")), "f") == 0)) {
    out.bad_channel =
        strcmp(PQgetvalue(res, 0, PQfnumber(res, "channel_ok")), "f") == 0 ? 1
                                                                           : 2;
    call->cb(call->arg, &out);
    return;
  }
  out.scope_found = !PQgetisnull(res, 0, 0);
  out.scope_id =
      out.scope_found ? (int)strtol(PQgetvalue(res, 0, 0), NULL, 10) : 0;
  if (out.scope_found && PQfnumber(res, "rollup") >= 0 &&
      strcmp(PQgetvalue(res, 0, PQfnumber(res, "rollup")), "t") != 0) {
    out.declined = 1;
    call->cb(call->arg, &out);
    return;
  }
  n = PQntuples(res);
  out.rows = td_arena_alloc(a, sizeof(*out.rows) * (size_t)n);
  for (i = 0; i < n; i++) {
    struct td_stat_row *r = &out.rows[out.n];
    struct td_stat_counts *c = &r->counts;

    if (PQgetisnull(res, i, PQfnumber(res, "received")))
      continue; /* The scope row of an empty period. */
    for (k = 0; k < 6; k++)
      r->keys[k] = td_rows_str(a, res, i, PQfnumber(res, keys[k]));
    c->received = td_rows_u64(res, i, "received");
    c->accepted = td_rows_u64(res, i, "accepted");
    c->not_accepted = td_rows_u64(res, i, "not_accepted");
    c->transferred = td_rows_u64(res, i, "transferred");
    c->resolved = td_rows_u64(res, i, "resolved");
    c->answered_in_writing = td_rows_u64(res, i, "answered_in_writing");
    c->mediated_successfully = td_rows_u64(res, i, "mediated_successfully");
    c->mediation_failed = td_rows_u64(res, i, "mediation_failed");
    c->decision_issued = td_rows_u64(res, i, "decision_issued");
    c->withdrawn = td_rows_u64(res, i, "withdrawn");
    c->resolved_on_time = td_rows_u64(res, i, "resolved_on_time");
    c->resolved_late = td_rows_u64(res, i, "resolved_late");
    c->open_within_deadline = td_rows_u64(res, i, "open_within_deadline");
    c->open_overdue = td_rows_u64(res, i, "open_overdue");
    c->group_petitions = td_rows_u64(res, i, "group_petitions");
    c->open_due_soon = td_rows_u64(res, i, "open_due_soon");
    out.n++;
  }
  call->cb(call->arg, &out);
}

int td_db_stats_rollup_can(const struct td_stats_query *q)
{
  return !q->days && !q->by_kind && !q->by_channel && !q->by_field &&
         !q->by_status && q->kind == NULL && q->channel == NULL &&
         q->exclude_channel == NULL &&
         (!q->by_unit || strcmp(q->unit_level, "province") == 0 ||
          strcmp(q->unit_level, "nation") == 0);
}

int td_db_stats_counts(const struct td_db *db, int caller_unit,
                       const struct td_stats_query *q, int rollup,
                       td_stats_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct stats_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[17];

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, caller_unit);
  params[1] = q->unit_code;
  params[2] = q->from_day;
  params[3] = q->to_day;
  params[4] = td_rows_date(a, q->today);
  params[5] = q->by_unit ? "true" : "false";
  params[6] = q->unit_level;
  if (rollup) {
    params[7] = q->period;
    params[8] = td_rows_int(a, q->soon_days);
    return td_rows_send(db, SQL_STATS_ROLLUP, 9, params, on_stats, call);
  }
  params[7] = q->by_kind ? "true" : "false";
  params[8] = q->by_channel ? "true" : "false";
  params[9] = q->by_field ? "true" : "false";
  params[10] = q->by_status ? "true" : "false";
  params[11] = q->period;
  params[12] = q->kind;
  params[13] = q->channel;
  params[14] = td_rows_int(a, q->soon_days);
  params[15] = q->exclude_channel;
  params[16] = q->open_only ? "true" : "false";
  /* Planned for its values on every call: a generic plan cannot tell a
   * scope of one commune from the nation's thousands of units. */
  return td_rows_send_custom(db, q->days ? SQL_STATS_DAYS : SQL_STATS, 17,
                             params, on_stats, call);
}

/* Sessions held -------------------------------------------------------------
 */

struct sessions_call {
  struct td_arena *arena;
  td_session_stats_cb cb;
  void *arg;
};

static void on_session_stats(void *arg, PGresult *res)
{
  struct sessions_call *call = arg;
  struct td_arena *a = call->arena;
  struct td_session_stats out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "session statistics", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    out.stats = td_arena_alloc(a, sizeof(*out.stats) * (size_t)(n ? n : 1));
    for (i = 0; i < n; i++) {
      Tiepdan__SessionStat *s = td_arena_alloc(a, sizeof(*s));

      tiepdan__session_stat__init(s);
      s->has_type = 1;
      s->type = td_session_type_parse(PQgetvalue(res, i, 0));
      s->has_sessions = 1;
      s->sessions = strtoull(PQgetvalue(res, i, 1), NULL, 10);
      s->has_attendees = 1;
      s->attendees = strtoull(PQgetvalue(res, i, 2), NULL, 10);
      s->has_opinions = 1;
      s->opinions = strtoull(PQgetvalue(res, i, 3), NULL, 10);
      s->has_resolved_on_spot = 1;
      s->resolved_on_spot = strtoull(PQgetvalue(res, i, 4), NULL, 10);
      s->has_forwarded = 1;
      s->forwarded = strtoull(PQgetvalue(res, i, 5), NULL, 10);
      out.stats[out.n++] = s;
    }
  }
  call->cb(call->arg, &out);
}

int td_db_stats_sessions(const struct td_db *db, int scope_unit,
                         const struct td_stats_query *q, td_session_stats_cb cb,
                         void *arg)
{
  struct sessions_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[3];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, scope_unit);
  params[1] = q->from_day;
  params[2] = q->to_day;
  return td_rows_send(db, SQL_SESSION_STATS, 3, params, on_session_stats, call);
}

/* The fold ----------------------------------------------------------------- */

struct fold_call {
  td_folded_cb cb;
  void *arg;
};

static void on_fold(void *arg, PGresult *res)
{
  struct fold_call *call = arg;
  struct td_folded out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "statistics fold", 0);
  if (out.err == 0 && PQntuples(res) == 1) {
    out.claimed = PQgetvalue(res, 0, 0)[0] != '-';
    out.moved = out.claimed && strcmp(PQgetvalue(res, 0, 0), "0") != 0;
  }
  call->cb(call->arg, &out);
  free(call);
}

int td_db_stats_fold(const struct td_db *db, int64_t slot, const char *server,
                     td_folded_cb cb, void *arg)
{
  struct fold_call *call = td_xmalloc(sizeof(*call));
  char slot_s[24];
  const char *params[2] = {slot_s, server};

  snprintf(slot_s, sizeof(slot_s), "%lld", (long long)slot);
  call->cb = cb;
  call->arg = arg;
  if (td_rows_send(db, SQL_FOLD, 2, params, on_fold, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}
