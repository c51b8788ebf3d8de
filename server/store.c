/* SQL statements and row mapping; see store.h. */
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "wire.h"

static const char SQL_PRINCIPAL[] =
    "SELECT p.id, p.name, p.role, u.id, u.code, u.name, u.level"
    "  FROM principals p JOIN units u ON u.id = td_unit_current(p.unit_id)"
    " WHERE p.cert_sha256 = $1 AND p.revoked_at IS NULL";

static const char SQL_SUBMIT[] =
    "SELECT s.result, (s.petition).*"
    "  FROM td_submit_petition($1::int, $2::uuid, decode($3, 'hex'), $4, $5,"
    "       $6, $7, $8, $9::int, $10, $11, $12, $13, $14::bool, $15,"
    "       coalesce(to_timestamp($16::bigint), now()), $17::bigint,"
    "       $18::bigint, $19::int, $20::date, $21::date) s";

static const char SQL_GET[] =
    "SELECT v.* FROM td_petition_v v"
    " WHERE (v.id = $2::bigint OR v.receipt_no = $3)"
    "   AND v.unit_id IN (SELECT id FROM td_unit_subtree($1::int))";

/*
 * One round trip answers both "is the unit filter in scope" (scope_id) and
 * the page: a single row with a NULL scope_id means the unit is unknown or
 * outside the caller's scope, which are answered alike.
 */
static const char SQL_LIST[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id),"
    " page AS ("
    "  SELECT p.id FROM petitions p, scope s"
    "   WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "     AND ($3::text IS NULL OR p.kind = $3)"
    "     AND ($4::text IS NULL OR p.status = $4)"
    "     AND ($5::bigint IS NULL OR p.received_at >= to_timestamp($5))"
    "     AND ($6::bigint IS NULL OR p.received_at < to_timestamp($6))"
    "     AND ($7::text IS NULL"
    "          OR p.summary ILIKE '%' || td_like_escape($7) || '%'"
    "          OR p.receipt_no ILIKE '%' || td_like_escape($7) || '%')"
    "     AND ($10::bool IS NOT TRUE"
    "          OR (p.status IN ('received', 'accepted', 'in_progress')"
    "              AND p.deadline < $12::date))"
    "     AND ($11::int IS NULL"
    "          OR (p.status IN ('received', 'accepted', 'in_progress')"
    "              AND p.deadline <= $12::date + $11::int))"
    "     AND ($13::bigint IS NULL OR p.session_id = $13)"
    "     AND ($8::bigint IS NULL OR CASE WHEN $14::bool"
    "          THEN (p.deadline, p.id) >"
    "               (SELECT c.deadline, c.id FROM petitions c WHERE c.id = $8)"
    "          ELSE (p.received_at, p.id) <"
    "               (SELECT c.received_at, c.id FROM petitions c WHERE c.id = "
    "$8)"
    "          END)"
    "   ORDER BY CASE WHEN $14::bool THEN p.deadline END,"
    "            CASE WHEN $14::bool THEN p.id END,"
    "            p.received_at DESC, p.id DESC"
    "   LIMIT $9::int)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN page pg ON true"
    "  LEFT JOIN td_petition_v v ON v.id = pg.id"
    " ORDER BY CASE WHEN $14::bool THEN v.deadline END NULLS LAST,"
    "          CASE WHEN $14::bool THEN v.id END,"
    "          v.received_at DESC NULLS LAST, v.id DESC";

static const char SQL_TRANSITION[] =
    "SELECT t.result, (t.petition).*, t.event_seq"
    "  FROM td_apply_transition($1::int, $2::bigint, $3::int, $4::bigint, $5,"
    "       $6, to_timestamp($7::bigint), $8, $9, $10, $11, $12::bool, $13,"
    "       $14::bool, $15::date, $16::int, $17, $18::date, $19::int) t";

static const char SQL_HISTORY[] =
    "SELECT e.seq, e.petition_id, extract(epoch FROM e.at)::bigint, pr.name,"
    "       pr.role, e.action, e.from_status, e.to_status, e.note,"
    "       e.changes::text"
    "  FROM petition_events e JOIN principals pr ON pr.id = e.actor_id"
    " WHERE e.petition_id = $1::bigint ORDER BY e.seq";

static const char SQL_SESSION_OPEN[] =
    "WITH ins AS ("
    "  INSERT INTO sessions (unit_id, type, title, presided_by, opened_at,"
    "                        created_by)"
    "  SELECT u.id, $3, coalesce($4, ''), $5,"
    "         coalesce(to_timestamp($6::bigint), now()), $7::int"
    "    FROM units u"
    "   WHERE u.id = CASE WHEN $2::text IS NULL THEN $1::int"
    "                ELSE td_unit_by_code($2) END"
    "     AND u.level = 'commune' AND u.valid_to IS NULL"
    "     AND u.id IN (SELECT id FROM td_unit_subtree($1::int))"
    "  RETURNING *)"
    " SELECT ins.id, u.code AS unit_code, u.name AS unit_name, ins.type,"
    "        ins.title, ins.presided_by,"
    "        extract(epoch FROM ins.opened_at)::bigint AS opened_at,"
    "        NULL::bigint AS closed_at, ins.attendees, ins.opinions,"
    "        ins.resolved_on_spot, ins.forwarded, ins.note, 0 AS petitions"
    "   FROM ins JOIN units u ON u.id = ins.unit_id";

static const char SQL_SESSION_CLOSE[] =
    "SELECT c.result, (c.session).*"
    "  FROM td_close_session($1::int, $2::bigint,"
    "       coalesce(to_timestamp($3::bigint), now()), $4::int, $5::int,"
    "       $6::int, $7::int, $8) c";

static const char SQL_SESSION_LIST[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN td_session_v v"
    "    ON v.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "   AND ($3::text IS NULL OR v.type = $3)"
    "   AND ($4::bigint IS NULL OR v.opened_at >= $4)"
    "   AND ($5::bigint IS NULL OR v.opened_at < $5)"
    " ORDER BY v.opened_at DESC NULLS LAST, v.id DESC LIMIT 500";

static const char SQL_HOLIDAYS[] =
    "SELECT id, version, rule, remote, complex, extensions, start::text,"
    "       deadline::text"
    "  FROM td_load_holidays($1::int, $2::date[], $3::text[])";

static const char SQL_RECOMPUTED[] =
    "SELECT td_store_recomputed($1::int, $2::bigint, $3, $4::bigint[],"
    "       $5::int[], $6::date[])";

static const char SQL_PRINCIPAL_ACTIVE[] =
    "SELECT 1 FROM principals WHERE id = $1::int AND revoked_at IS NULL";

static const char SQL_ADD_PRINCIPAL[] =
    "SELECT a.result, (a.principal).*"
    "  FROM td_add_principal($1::int, $2, $3, $4, $5) a";

/* The view still shows the row as it was; revoked_at is now. */
static const char SQL_REVOKE_PRINCIPAL[] =
    "WITH r AS ("
    "  UPDATE principals p SET revoked_at = now()"
    "   WHERE (p.id = $2::int OR p.cert_sha256 = $3)"
    "     AND td_unit_current(p.unit_id) IN"
    "         (SELECT id FROM td_unit_subtree($1::int))"
    "     AND p.revoked_at IS NULL"
    "  RETURNING p.id)"
    " SELECT v.id, v.name, v.role, v.fingerprint, v.unit_code, v.unit_name,"
    "        v.unit_level, v.created_at,"
    "        floor(extract(epoch FROM now()))::bigint AS revoked_at"
    "   FROM td_principal_v v JOIN r USING (id)";

static const char SQL_LIST_PRINCIPALS[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id)"
    " SELECT s.id AS scope_id, v.* FROM scope s"
    "  LEFT JOIN td_principal_v v"
    "    ON v.current_unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "   AND ($3::bool OR v.revoked_at IS NULL)"
    " ORDER BY v.unit_code, v.name, v.id";

static const char SQL_MERGE[] =
    "SELECT * FROM td_merge_units($1::int, $2::text[], $3, $4, $5::date)";

static const char SQL_IDENTITY_READS[] =
    "INSERT INTO petition_events (petition_id, unit_id, actor_id, action,"
    "                             from_status, to_status, note)"
    " SELECT p.id, p.unit_id, $1::int, 'identity_read', p.status, p.status, $2"
    "   FROM petitions p WHERE p.id = ANY ($3::bigint[])";

/*
 * Statistics from stat_cells. The grouping is chosen by flags ($6, $8..$11)
 * and the period word ($12), so the statement stays fixed and parameterised:
 * a dimension not asked for groups as ''. Months: [$3, $4). Overdue is judged
 * on $5, due soon up to $5 + $15. A single row with a NULL scope_id means the
 * unit is out of reach.
 */
static const char SQL_STATS[] =
    "WITH scope AS ("
    "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"
    "         ELSE (SELECT u.id FROM units u WHERE u.code = $2"
    "                 AND u.valid_to IS NULL"
    "                 AND u.id IN (SELECT id FROM td_unit_subtree($1::int)))"
    "         END AS id),"
    " cells AS ("
    "  SELECT c.* FROM stat_cells c, scope s"
    "   WHERE c.unit_id IN (SELECT id FROM td_unit_subtree(s.id))"
    "     AND c.month >= $3::date AND c.month < $4::date AND c.n > 0"
    "     AND ($13::text IS NULL OR c.kind = $13)"
    "     AND ($14::text IS NULL OR c.channel = $14)),"
    " unit_keys AS ("
    "  SELECT d.unit_id,"
    "         CASE WHEN $6::bool THEN td_unit_at_level(d.unit_id, $7)"
    "              ELSE '' END AS k"
    "    FROM (SELECT DISTINCT unit_id FROM cells) d)"
    " SELECT s.id AS scope_id,"
    "  coalesce(uk.k, '') AS k_unit,"
    "  CASE WHEN $8::bool THEN c.kind ELSE '' END AS k_kind,"
    "  CASE WHEN $9::bool THEN c.channel ELSE '' END AS k_channel,"
    "  CASE WHEN $10::bool THEN c.field ELSE '' END AS k_field,"
    "  CASE WHEN $11::bool THEN c.status ELSE '' END AS k_status,"
    "  CASE $12::text WHEN 'month' THEN to_char(c.month, 'YYYY-MM')"
    "                 WHEN 'quarter' THEN to_char(c.month, 'YYYY-\"Q\"Q')"
    "                 WHEN 'year' THEN to_char(c.month, 'YYYY')"
    "                 ELSE '' END AS k_period,"
    "  sum(c.n) AS received,"
    "  sum(c.n) FILTER (WHERE c.accepted) AS accepted,"
    "  sum(c.n) FILTER (WHERE c.status = 'not_accepted') AS not_accepted,"
    "  sum(c.n) FILTER (WHERE c.status = 'transferred') AS transferred,"
    "  sum(c.n) FILTER (WHERE c.status = 'resolved') AS resolved,"
    "  sum(c.n) FILTER (WHERE c.outcome = 'answered_in_writing')"
    "    AS answered_in_writing,"
    "  sum(c.n) FILTER (WHERE c.outcome = 'mediated_successfully')"
    "    AS mediated_successfully,"
    "  sum(c.n) FILTER (WHERE c.outcome = 'mediation_failed')"
    "    AS mediation_failed,"
    "  sum(c.n) FILTER (WHERE c.outcome = 'decision_issued') AS "
    "decision_issued,"
    "  sum(c.n) FILTER (WHERE c.status = 'withdrawn') AS withdrawn,"
    "  sum(c.n) FILTER (WHERE c.status = 'resolved' AND c.on_time)"
    "    AS resolved_on_time,"
    "  sum(c.n) FILTER (WHERE c.status = 'resolved' AND NOT c.on_time)"
    "    AS resolved_late,"
    "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"
    "                                      'in_progress')"
    "                     AND c.deadline >= $5::date) AS open_within_deadline,"
    "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"
    "                                      'in_progress')"
    "                     AND c.deadline < $5::date) AS open_overdue,"
    "  sum(c.n) FILTER (WHERE c.status IN ('received', 'accepted',"
    "                                      'in_progress')"
    "                     AND c.deadline >= $5::date"
    "                     AND c.deadline <= $5::date + $15::int)"
    "    AS open_due_soon,"
    "  sum(c.n) FILTER (WHERE c.grp) AS group_petitions"
    " FROM scope s LEFT JOIN cells c ON true"
    " LEFT JOIN unit_keys uk ON uk.unit_id = c.unit_id"
    " GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 2, 3, 4, 5, 6, 7";

/*
 * The same figures for a province or the nation from the rollup, by the
 * function td_stats_rollup (sql/004_stats.sql): a few rows per province and
 * month whatever the number of petitions. It can group by unit at the
 * province or nation level and by period only. The column rollup is false
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

const char td_store_sql_summary[] =
    "SELECT $1::text, u.code, u.name,"
    "       count(*),"
    "       count(*) FILTER (WHERE p.deadline < $1::date),"
    "       count(*) FILTER (WHERE p.deadline BETWEEN $1::date"
    "                                            AND $1::date + 3)"
    "  FROM petitions p JOIN units u ON u.id = td_unit_current(p.unit_id)"
    " WHERE p.status IN ('received', 'accepted', 'in_progress')"
    " GROUP BY u.code, u.name ORDER BY u.code";

struct store_call {
  struct td_req *req;
  td_store_cb cb;
  int limit; /* For list. */
};

/* Column positions of td_petition_v in a result, found by name. */
struct cols {
  int id, receipt_no, handling_unit_id, unit_code, unit_name, village_code,
      village_name, kind, channel, field, group_size, name, id_number, address,
      contact, confidential, summary, status, outcome, received_at, accepted_at,
      closed_at, deadline, version, created_by, created_at, remote_area,
      complex, extensions, deadline_rule_id, deadline_step, deadline_start,
      transfer_target, satisfaction, session_id, note;
};

static void find_cols(const PGresult *r, struct cols *c)
{
  c->id = PQfnumber(r, "id");
  c->receipt_no = PQfnumber(r, "receipt_no");
  c->handling_unit_id = PQfnumber(r, "handling_unit_id");
  c->unit_code = PQfnumber(r, "unit_code");
  c->unit_name = PQfnumber(r, "unit_name");
  c->village_code = PQfnumber(r, "village_code");
  c->village_name = PQfnumber(r, "village_name");
  c->kind = PQfnumber(r, "kind");
  c->channel = PQfnumber(r, "channel");
  c->field = PQfnumber(r, "field");
  c->group_size = PQfnumber(r, "group_size");
  c->name = PQfnumber(r, "petitioner_name");
  c->id_number = PQfnumber(r, "petitioner_id_number");
  c->address = PQfnumber(r, "petitioner_address");
  c->contact = PQfnumber(r, "petitioner_contact");
  c->confidential = PQfnumber(r, "confidential");
  c->summary = PQfnumber(r, "summary");
  c->status = PQfnumber(r, "status");
  c->outcome = PQfnumber(r, "outcome");
  c->received_at = PQfnumber(r, "received_at");
  c->accepted_at = PQfnumber(r, "accepted_at");
  c->closed_at = PQfnumber(r, "closed_at");
  c->deadline = PQfnumber(r, "deadline");
  c->version = PQfnumber(r, "version");
  c->created_by = PQfnumber(r, "created_by");
  c->created_at = PQfnumber(r, "created_at");
  c->remote_area = PQfnumber(r, "remote_area");
  c->complex = PQfnumber(r, "complex");
  c->extensions = PQfnumber(r, "extensions");
  c->deadline_rule_id = PQfnumber(r, "deadline_rule_id");
  c->deadline_step = PQfnumber(r, "deadline_step");
  c->deadline_start = PQfnumber(r, "deadline_start");
  c->transfer_target = PQfnumber(r, "transfer_target");
  c->satisfaction = PQfnumber(r, "satisfaction");
  c->session_id = PQfnumber(r, "session_id");
  c->note = PQfnumber(r, "note");
}

/* A text column copied into the arena, or NULL for SQL NULL. */
static char *col_str(struct td_arena *a, const PGresult *r, int row, int col)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return NULL;
  return td_arena_strdup(a, PQgetvalue(r, row, col));
}

static int col_i64(const PGresult *r, int row, int col, int64_t *out)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return 0;
  *out = strtoll(PQgetvalue(r, row, col), NULL, 10);
  return 1;
}

static int col_bool(const PGresult *r, int row, int col)
{
  return col >= 0 && !PQgetisnull(r, row, col) &&
         strcmp(PQgetvalue(r, row, col), "t") == 0;
}

static td_day col_day(const PGresult *r, int row, int col)
{
  td_day d;

  if (col < 0 || PQgetisnull(r, row, col) ||
      td_day_parse(PQgetvalue(r, row, col), &d) != 0)
    return TD_DAY_NONE;
  return d;
}

static Tiepdan__Unit *unit_msg(struct td_arena *a, char *code, char *name,
                               const char *level)
{
  Tiepdan__Unit *u;

  if (code == NULL)
    return NULL;
  u = td_arena_alloc(a, sizeof(*u));
  tiepdan__unit__init(u);
  u->code = code;
  u->name = name;
  u->level = (char *)level;
  return u;
}

static void map_row(struct td_arena *a, const PGresult *r, int row,
                    const struct cols *c, struct td_petition_row *out)
{
  Tiepdan__Petition *p = td_arena_alloc(a, sizeof(*p));
  Tiepdan__Petitioner *who = td_arena_alloc(a, sizeof(*who));
  int64_t v;

  tiepdan__petition__init(p);
  tiepdan__petitioner__init(who);
  p->has_id = col_i64(r, row, c->id, &p->id);
  p->receipt_no = col_str(a, r, row, c->receipt_no);
  p->unit = unit_msg(a, col_str(a, r, row, c->unit_code),
                     col_str(a, r, row, c->unit_name), "commune");
  p->village = unit_msg(a, col_str(a, r, row, c->village_code),
                        col_str(a, r, row, c->village_name), "village");
  p->kind = col_str(a, r, row, c->kind);
  p->channel = col_str(a, r, row, c->channel);
  p->field = col_str(a, r, row, c->field);
  if (col_i64(r, row, c->group_size, &v)) {
    p->has_group_size = 1;
    p->group_size = (uint32_t)v;
  }
  who->name = col_str(a, r, row, c->name);
  who->id_number = col_str(a, r, row, c->id_number);
  who->address = col_str(a, r, row, c->address);
  who->contact = col_str(a, r, row, c->contact);
  p->petitioner = who;
  p->has_confidential = 1;
  p->confidential = strcmp(PQgetvalue(r, row, c->confidential), "t") == 0;
  p->summary = col_str(a, r, row, c->summary);
  p->has_status = 1;
  p->status = td_status_parse(PQgetvalue(r, row, c->status));
  p->outcome = col_str(a, r, row, c->outcome);
  p->has_received_at = col_i64(r, row, c->received_at, &p->received_at);
  p->has_accepted_at = col_i64(r, row, c->accepted_at, &p->accepted_at);
  p->has_closed_at = col_i64(r, row, c->closed_at, &p->closed_at);
  p->deadline = col_str(a, r, row, c->deadline);
  p->has_version = col_i64(r, row, c->version, &p->version);
  p->created_by = col_str(a, r, row, c->created_by);
  p->has_created_at = col_i64(r, row, c->created_at, &p->created_at);
  p->has_complex = 1;
  p->complex = col_bool(r, row, c->complex);
  if (col_i64(r, row, c->extensions, &v)) {
    p->has_extensions = 1;
    p->extensions = (uint32_t)v;
  }
  p->deadline_step = col_str(a, r, row, c->deadline_step);
  p->transfer_target = col_str(a, r, row, c->transfer_target);
  p->satisfaction = col_str(a, r, row, c->satisfaction);
  p->has_session_id = col_i64(r, row, c->session_id, &p->session_id);
  p->note = col_str(a, r, row, c->note);
  out->p = p;
  out->handling_unit_id = 0;
  if (col_i64(r, row, c->handling_unit_id, &v))
    out->handling_unit_id = (int)v;
  out->remote = col_bool(r, row, c->remote_area);
  out->rule_id = col_i64(r, row, c->deadline_rule_id, &v) ? (int)v : 0;
  out->deadline = col_day(r, row, c->deadline);
  out->deadline_start = col_day(r, row, c->deadline_start);
}

/* Classifies a result; logs what a person must look at. */
static int result_status(const PGresult *res, const char *what)
{
  if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK)
    return TD_STORE_OK;
  if (td_pool_result_retryable(res)) {
    td_warn("db: %s: %s", what,
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
    return TD_STORE_UNAVAILABLE;
  }
  td_error("db: %s failed: %s", what, PQresultErrorMessage(res));
  return TD_STORE_ERROR;
}

static int queue(struct td_req *req, const char *sql, int n,
                 const char *const *params, td_pool_cb on_result,
                 td_store_cb cb, int limit)
{
  struct store_call *sc = td_arena_alloc(&req->arena, sizeof(*sc));

  sc->req = req;
  sc->cb = cb;
  sc->limit = limit;
  if (td_pool_query(req->srv->pool, sql, n, params, on_result, sc) != 0)
    return TD_STORE_UNAVAILABLE;
  req->srv->request_queries++;
  req->queried = 1;
  return 0;
}

static char *fmt_int(struct td_arena *a, int64_t v)
{
  char *s = td_arena_alloc(a, 24);

  snprintf(s, 24, "%" PRId64, v);
  return s;
}

/* Principal ------------------------------------------------------------ */

struct principal_call {
  void (*cb)(void *arg, int status, const struct td_principal *p);
  void *arg;
};

static void copy_field(char *dst, size_t n, const PGresult *r, int col)
{
  snprintf(dst, n, "%s", PQgetvalue(r, 0, col));
}

static void on_principal(void *arg, PGresult *res)
{
  struct principal_call *pc = arg;
  struct td_principal p;
  int st = result_status(res, "principal lookup");

  memset(&p, 0, sizeof(p));
  if (st == TD_STORE_OK && PQntuples(res) == 0)
    st = TD_STORE_NOT_FOUND;
  if (st == TD_STORE_OK) {
    p.id = atoi(PQgetvalue(res, 0, 0));
    copy_field(p.name, sizeof(p.name), res, 1);
    p.role = td_role_parse(PQgetvalue(res, 0, 2));
    p.unit_id = atoi(PQgetvalue(res, 0, 3));
    copy_field(p.unit_code, sizeof(p.unit_code), res, 4);
    copy_field(p.unit_name, sizeof(p.unit_name), res, 5);
    copy_field(p.unit_level, sizeof(p.unit_level), res, 6);
  }
  pc->cb(pc->arg, st, &p);
  free(pc);
}

int td_store_principal(struct td_pool *pool, const char *fingerprint,
                       void (*cb)(void *arg, int status,
                                  const struct td_principal *p),
                       void *arg)
{
  struct principal_call *pc = td_xmalloc(sizeof(*pc));
  const char *params[1] = {fingerprint};

  pc->cb = cb;
  pc->arg = arg;
  if (td_pool_query(pool, SQL_PRINCIPAL, 1, params, on_principal, pc) != 0) {
    free(pc);
    return TD_STORE_UNAVAILABLE;
  }
  return 0;
}

/* Petitions ------------------------------------------------------------- */

static void map_rows(struct td_req *req, const PGresult *res, int skip_null,
                     struct td_store_result *out)
{
  struct cols c;
  int n = PQntuples(res);
  int i;

  find_cols(res, &c);
  out->rows =
      td_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*out->rows));
  out->n = 0;
  for (i = 0; i < n; i++) {
    if (skip_null && PQgetisnull(res, i, c.id))
      continue;
    map_row(&req->arena, res, i, &c, &out->rows[out->n++]);
  }
}

static void on_submit(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "submit");
  if (out.status == TD_STORE_OK && PQntuples(res) != 1) {
    td_error("db: submit returned %d rows", PQntuples(res));
    out.status = TD_STORE_ERROR;
  }
  if (out.status == TD_STORE_OK) {
    out.outcome = td_arena_strdup(&sc->req->arena, PQgetvalue(res, 0, 0));
    map_rows(sc->req, res, 1, &out);
  }
  sc->cb(sc->req, &out);
}

static char *fmt_day(struct td_arena *a, td_day d)
{
  char *s;

  if (d == TD_DAY_NONE)
    return NULL;
  s = td_arena_alloc(a, 11);
  td_day_format(d, s);
  return s;
}

int td_store_submit(struct td_req *req, const Tiepdan__SubmitPetition *m,
                    const char *hash, const struct td_submit_deadline *d,
                    td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const Tiepdan__Petitioner *who = m->petitioner;
  const char *params[21];

  params[0] = fmt_int(a, req->who->id);
  params[1] = m->idempotency_key;
  params[2] = hash;
  params[3] = m->unit_code;
  params[4] = m->village_code;
  params[5] = m->kind;
  params[6] = m->channel;
  params[7] = m->field;
  params[8] = fmt_int(a, m->has_group_size ? m->group_size : 1);
  params[9] = who != NULL ? who->name : NULL;
  params[10] = who != NULL ? who->id_number : NULL;
  params[11] = who != NULL ? who->address : NULL;
  params[12] = who != NULL ? who->contact : NULL;
  params[13] = m->has_confidential && m->confidential ? "true" : "false";
  params[14] = m->summary;
  params[15] = m->has_received_at ? fmt_int(a, m->received_at) : NULL;
  params[16] = m->has_session_id ? fmt_int(a, m->session_id) : NULL;
  params[17] = fmt_int(a, d->calendar);
  params[18] = d->rule_id ? fmt_int(a, d->rule_id) : NULL;
  params[19] = d->rule_id ? fmt_day(a, d->plain) : NULL;
  params[20] = d->rule_id ? fmt_day(a, d->remote) : NULL;
  return queue(req, SQL_SUBMIT, 21, params, on_submit, cb, 0);
}

static void on_get(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "get");
  if (out.status == TD_STORE_OK && PQntuples(res) == 0)
    out.status = TD_STORE_NOT_FOUND;
  if (out.status == TD_STORE_OK)
    map_rows(sc->req, res, 0, &out);
  sc->cb(sc->req, &out);
}

int td_store_get(struct td_req *req, int64_t id, const char *receipt,
                 td_store_cb cb)
{
  const char *params[3];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = id > 0 ? fmt_int(&req->arena, id) : NULL;
  params[2] = receipt;
  return queue(req, SQL_GET, 3, params, on_get, cb, 0);
}

static void on_list(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "list");
  if (out.status == TD_STORE_OK && PQntuples(res) < 1) {
    td_error("db: list returned no scope row");
    out.status = TD_STORE_ERROR;
  }
  if (out.status != TD_STORE_OK) {
    sc->cb(sc->req, &out);
    return;
  }
  out.scope_found = !PQgetisnull(res, 0, 0);
  map_rows(sc->req, res, 1, &out);
  /* One row more than asked for means there is a next page. */
  if (out.n > sc->limit) {
    out.n = sc->limit;
    out.next_id = out.rows[out.n - 1].p->id;
  }
  sc->cb(sc->req, &out);
}

int td_store_list(struct td_req *req, const struct td_list_query *q,
                  td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[14];
  int urgency = q->overdue || q->due_within >= 0;

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = q->unit_code;
  params[2] = q->kind;
  params[3] = q->status;
  params[4] = q->received_from ? fmt_int(a, q->received_from) : NULL;
  params[5] = q->received_to ? fmt_int(a, q->received_to) : NULL;
  params[6] = q->text;
  params[7] = q->after_id ? fmt_int(a, q->after_id) : NULL;
  params[8] = fmt_int(a, q->limit + 1);
  params[9] = q->overdue ? "true" : NULL;
  params[10] = q->due_within >= 0 ? fmt_int(a, q->due_within) : NULL;
  params[11] = fmt_day(a, q->today);
  params[12] = q->session_id ? fmt_int(a, q->session_id) : NULL;
  params[13] = urgency ? "true" : "false";
  return queue(req, SQL_LIST, 14, params, on_list, cb, q->limit);
}

/* Transitions and history ----------------------------------------------- */

static void on_transition(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;
  int col;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "transition");
  if (out.status == TD_STORE_OK && PQntuples(res) != 1) {
    td_error("db: transition returned %d rows", PQntuples(res));
    out.status = TD_STORE_ERROR;
  }
  if (out.status == TD_STORE_OK) {
    out.outcome = td_arena_strdup(&sc->req->arena, PQgetvalue(res, 0, 0));
    map_rows(sc->req, res, 1, &out);
    col = PQfnumber(res, "event_seq");
    col_i64(res, 0, col, &out.event_seq);
  }
  sc->cb(sc->req, &out);
}

int td_store_transition(struct td_req *req, const struct td_transition_write *w,
                        td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[19];

  params[0] = fmt_int(a, req->who->id);
  params[1] = fmt_int(a, w->id);
  params[2] = fmt_int(a, w->expected_version);
  params[3] = fmt_int(a, w->calendar);
  params[4] = w->action;
  params[5] = w->to_status;
  params[6] = fmt_int(a, w->at);
  params[7] = w->note;
  params[8] = w->transfer_target;
  params[9] = w->outcome;
  params[10] = w->satisfaction;
  params[11] = w->complex ? "true" : "false";
  params[12] = w->decision_no;
  params[13] = w->set_deadline ? "true" : "false";
  params[14] = w->set_deadline ? fmt_day(a, w->deadline) : NULL;
  params[15] = w->set_deadline && w->rule_id ? fmt_int(a, w->rule_id) : NULL;
  params[16] = w->set_deadline ? w->step : NULL;
  params[17] = w->set_deadline ? fmt_day(a, w->start) : NULL;
  params[18] = fmt_int(a, w->extensions);
  return queue(req, SQL_TRANSITION, 19, params, on_transition, cb, 0);
}

/* An event from columns 0..9 in SQL_HISTORY's order. */
static Tiepdan__Event *map_event(struct td_arena *a, const PGresult *res, int i)
{
  Tiepdan__Event *e = td_arena_alloc(a, sizeof(*e));
  char *st;

  tiepdan__event__init(e);
  e->has_seq = col_i64(res, i, 0, &e->seq);
  e->has_petition_id = col_i64(res, i, 1, &e->petition_id);
  e->has_at = col_i64(res, i, 2, &e->at);
  e->actor = col_str(a, res, i, 3);
  e->actor_role = col_str(a, res, i, 4);
  e->action = col_str(a, res, i, 5);
  st = col_str(a, res, i, 6);
  if (st != NULL && td_status_parse(st) > 0) {
    e->has_from_status = 1;
    e->from_status = td_status_parse(st);
  }
  st = col_str(a, res, i, 7);
  if (st != NULL && td_status_parse(st) > 0) {
    e->has_to_status = 1;
    e->to_status = td_status_parse(st);
  }
  e->note = col_str(a, res, i, 8);
  e->changes = col_str(a, res, i, 9);
  return e;
}

static void on_history(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_arena *a = &sc->req->arena;
  struct td_store_result out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "history");
  if (out.status == TD_STORE_OK) {
    n = PQntuples(res);
    out.events = td_arena_alloc(a, sizeof(*out.events) * (size_t)(n ? n : 1));
    for (i = 0; i < n; i++)
      out.events[out.nevents++] = map_event(a, res, i);
  }
  sc->cb(sc->req, &out);
}

int td_store_history(struct td_req *req, int64_t petition_id, td_store_cb cb)
{
  const char *params[1];

  params[0] = fmt_int(&req->arena, petition_id);
  return queue(req, SQL_HISTORY, 1, params, on_history, cb, 0);
}

/* The change feed ------------------------------------------------------- */

/*
 * Events numbered in ($3, $4] of petitions under the scope (the caller's
 * unit $1, or $2 under it), oldest first, at most $5. Reads of identities
 * are audit records, not changes, and are left out; so is the changes JSON,
 * which may name a petitioner. A single row with a NULL scope_id means the
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
    "        NULL::text AS changes, p.receipt_no, hu.code, p.kind,"
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

static void on_changes(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_arena *a = &sc->req->arena;
  struct td_store_result out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "change feed");
  if (out.status == TD_STORE_OK && PQntuples(res) < 1)
    out.status = TD_STORE_ERROR;
  if (out.status == TD_STORE_OK) {
    n = PQntuples(res);
    out.scope_found = !PQgetisnull(res, 0, 17);
    out.changes = td_arena_alloc(a, sizeof(*out.changes) * (size_t)n);
    for (i = 0; i < n && out.scope_found; i++) {
      struct td_change_row *c = &out.changes[out.nchanges];
      int64_t unit = 0;

      if (PQgetisnull(res, i, 0))
        continue;
      c->event = map_event(a, res, i);
      c->event->receipt_no = col_str(a, res, i, 10);
      c->event->unit_code = col_str(a, res, i, 11);
      c->event->kind = col_str(a, res, i, 12);
      c->event->deadline = col_str(a, res, i, 13);
      c->denunciation = strcmp(PQgetvalue(res, i, 14), "t") == 0;
      c->confidential = strcmp(PQgetvalue(res, i, 15), "t") == 0;
      col_i64(res, i, 16, &unit);
      c->handling_unit_id = (int)unit;
      out.nchanges++;
    }
  }
  sc->cb(sc->req, &out);
}

static const char SQL_SCOPE[] =
    "SELECT count(*) FROM units u WHERE u.code = $2 AND u.valid_to IS NULL"
    "   AND u.id IN (SELECT id FROM td_unit_subtree($1::int))";

static void on_scope(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "unit");
  if (out.status == TD_STORE_OK && PQntuples(res) == 1)
    out.scope_found = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
  sc->cb(sc->req, &out);
}

int td_store_scope(struct td_req *req, const char *unit_code, td_store_cb cb)
{
  const char *params[2];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = unit_code;
  return queue(req, SQL_SCOPE, 2, params, on_scope, cb, 0);
}

int td_store_changes(struct td_req *req, const char *unit_code, uint64_t after,
                     uint64_t upto, int limit, td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[5];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = unit_code;
  params[2] = fmt_int(a, (int64_t)after);
  params[3] = fmt_int(a, (int64_t)upto);
  params[4] = fmt_int(a, limit);
  return queue(req, SQL_CHANGES, 5, params, on_changes, cb, 0);
}

const char td_store_sql_fold[] = "SELECT td_stat_fold()";

/* Sessions -------------------------------------------------------------- */

static int col_u32(const PGresult *r, int row, int col, uint32_t *out)
{
  int64_t v;

  if (!col_i64(r, row, col, &v))
    return 0;
  *out = (uint32_t)v;
  return 1;
}

/* Maps rows of td_session_v (or the same columns) from column `first` on. */
static void map_sessions(struct td_req *req, const PGresult *res,
                         struct td_store_result *out)
{
  struct td_arena *a = &req->arena;
  int n = PQntuples(res);
  int id = PQfnumber(res, "id");
  int i;

  out->sessions =
      td_arena_alloc(a, sizeof(*out->sessions) * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    Tiepdan__Session *s;
    char *type;

    if (PQgetisnull(res, i, id))
      continue;
    s = td_arena_alloc(a, sizeof(*s));
    tiepdan__session__init(s);
    s->has_id = col_i64(res, i, id, &s->id);
    s->unit =
        unit_msg(a, col_str(a, res, i, PQfnumber(res, "unit_code")),
                 col_str(a, res, i, PQfnumber(res, "unit_name")), "commune");
    type = col_str(a, res, i, PQfnumber(res, "type"));
    if (type != NULL) {
      s->has_type = 1;
      s->type = td_session_type_parse(type);
    }
    s->title = col_str(a, res, i, PQfnumber(res, "title"));
    s->presided_by = col_str(a, res, i, PQfnumber(res, "presided_by"));
    s->has_opened_at =
        col_i64(res, i, PQfnumber(res, "opened_at"), &s->opened_at);
    s->has_closed_at =
        col_i64(res, i, PQfnumber(res, "closed_at"), &s->closed_at);
    s->has_attendees =
        col_u32(res, i, PQfnumber(res, "attendees"), &s->attendees);
    s->has_opinions = col_u32(res, i, PQfnumber(res, "opinions"), &s->opinions);
    s->has_resolved_on_spot = col_u32(
        res, i, PQfnumber(res, "resolved_on_spot"), &s->resolved_on_spot);
    s->has_forwarded =
        col_u32(res, i, PQfnumber(res, "forwarded"), &s->forwarded);
    s->note = col_str(a, res, i, PQfnumber(res, "note"));
    s->has_petitions =
        col_u32(res, i, PQfnumber(res, "petitions"), &s->petitions);
    out->sessions[out->nsessions++] = s;
  }
}

/* The parts common to results that may carry a scope_id column (a unit
 * filter resolved in reach) and a result column (a function's verdict).
 * Returns 1 if the rows may be mapped. */
static int read_verdict(struct store_call *sc, const PGresult *res,
                        const char *what, struct td_store_result *out)
{
  int scope;

  memset(out, 0, sizeof(*out));
  out->status = result_status(res, what);
  if (out->status != TD_STORE_OK)
    return 0;
  scope = PQfnumber(res, "scope_id");
  out->scope_found =
      scope < 0 || (PQntuples(res) > 0 && !PQgetisnull(res, 0, scope));
  if (PQfnumber(res, "result") >= 0 && PQntuples(res) == 1)
    out->outcome = td_arena_strdup(&sc->req->arena, PQgetvalue(res, 0, 0));
  return 1;
}

static void on_sessions(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  if (read_verdict(sc, res, "sessions", &out))
    map_sessions(sc->req, res, &out);
  sc->cb(sc->req, &out);
}

int td_store_session_open(struct td_req *req, const Tiepdan__OpenSession *m,
                          td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[7];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  params[2] = td_session_type_name(m->type);
  params[3] = m->title;
  params[4] = m->presided_by;
  params[5] = m->has_at ? fmt_int(a, m->at) : NULL;
  params[6] = fmt_int(a, req->who->id);
  return queue(req, SQL_SESSION_OPEN, 7, params, on_sessions, cb, 0);
}

int td_store_session_close(struct td_req *req, const Tiepdan__CloseSession *m,
                           td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[8];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = fmt_int(a, m->session_id);
  params[2] = m->has_at ? fmt_int(a, m->at) : NULL;
  params[3] = m->has_attendees ? fmt_int(a, m->attendees) : NULL;
  params[4] = m->has_opinions ? fmt_int(a, m->opinions) : NULL;
  params[5] = m->has_resolved_on_spot ? fmt_int(a, m->resolved_on_spot) : NULL;
  params[6] = m->has_forwarded ? fmt_int(a, m->forwarded) : NULL;
  params[7] = m->note;
  return queue(req, SQL_SESSION_CLOSE, 8, params, on_sessions, cb, 0);
}

int td_store_session_list(struct td_req *req, const Tiepdan__ListSessions *m,
                          td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[5];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  params[2] = m->has_type ? td_session_type_name(m->type) : NULL;
  params[3] = m->has_from ? fmt_int(a, m->from) : NULL;
  params[4] = m->has_to ? fmt_int(a, m->to) : NULL;
  return queue(req, SQL_SESSION_LIST, 5, params, on_sessions, cb, 0);
}

/* Holidays ---------------------------------------------------------------- */

/* A PostgreSQL array literal built element by element, in linear time. */
struct array_lit {
  char *p;
  size_t len;
  size_t cap;
};

static void lit_put(struct array_lit *b, char c)
{
  if (b->len + 2 > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 256;
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL)
      abort();
  }
  b->p[b->len++] = c;
}

/* Appends s as a quoted element. */
static void lit_elem(struct array_lit *b, const char *s)
{
  lit_put(b, b->len == 0 ? '{' : ',');
  lit_put(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      lit_put(b, '\\');
    lit_put(b, *s);
  }
  lit_put(b, '"');
}

/* Closes the literal and moves it into the arena. */
static char *lit_finish(struct td_arena *a, struct array_lit *b)
{
  char *out;

  if (b->len == 0)
    lit_put(b, '{');
  lit_put(b, '}');
  b->p[b->len] = '\0';
  out = td_arena_strdup(a, b->p);
  free(b->p);
  memset(b, 0, sizeof(*b));
  return out;
}

static void on_holidays(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "holiday load");
  if (out.status == TD_STORE_OK) {
    n = PQntuples(res);
    out.recompute = td_arena_alloc(&sc->req->arena, sizeof(*out.recompute) *
                                                        (size_t)(n ? n : 1));
    for (i = 0; i < n; i++) {
      struct td_recompute_row *r = &out.recompute[out.nrecompute++];
      int64_t v = 0;

      col_i64(res, i, 0, &r->id);
      col_i64(res, i, 1, &v);
      r->version = (int)v;
      r->rule_id = col_i64(res, i, 2, &v) ? (int)v : 0;
      r->remote = col_bool(res, i, 3);
      r->complex = col_bool(res, i, 4);
      r->extensions = col_i64(res, i, 5, &v) ? (int)v : 0;
      r->start = col_day(res, i, 6);
      r->deadline = col_day(res, i, 7);
    }
  }
  sc->cb(sc->req, &out);
}

int td_store_holidays_load(struct td_req *req, const Tiepdan__LoadHolidays *m,
                           td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  struct array_lit days = {NULL, 0, 0};
  struct array_lit names = {NULL, 0, 0};
  const char *params[3];
  size_t i;

  for (i = 0; i < m->n_holidays; i++) {
    lit_elem(&days, m->holidays[i]->date);
    lit_elem(&names, m->holidays[i]->name);
  }
  params[0] = fmt_int(a, m->year);
  params[1] = lit_finish(a, &days);
  params[2] = lit_finish(a, &names);
  return queue(req, SQL_HOLIDAYS, 3, params, on_holidays, cb, 0);
}

static void on_recomputed(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "recompute");
  if (out.status == TD_STORE_OK)
    col_i64(res, 0, 0, &out.count);
  sc->cb(sc->req, &out);
}

int td_store_recomputed(struct td_req *req, int64_t calendar, const char *note,
                        const struct td_recompute_row *rows,
                        const td_day *deadlines, size_t n, td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  struct array_lit ids = {NULL, 0, 0};
  struct array_lit versions = {NULL, 0, 0};
  struct array_lit dates = {NULL, 0, 0};
  const char *params[6];
  char num[24];
  char day[11];
  size_t i;

  for (i = 0; i < n; i++) {
    snprintf(num, sizeof(num), "%" PRId64, rows[i].id);
    lit_elem(&ids, num);
    snprintf(num, sizeof(num), "%d", rows[i].version);
    lit_elem(&versions, num);
    td_day_format(deadlines[i], day);
    lit_elem(&dates, day);
  }
  params[0] = fmt_int(a, req->who->id);
  params[1] = fmt_int(a, calendar);
  params[2] = note;
  params[3] = lit_finish(a, &ids);
  params[4] = lit_finish(a, &versions);
  params[5] = lit_finish(a, &dates);
  return queue(req, SQL_RECOMPUTED, 6, params, on_recomputed, cb, 0);
}

/* Principals -------------------------------------------------------------- */

static void on_active(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "principal check");
  if (out.status == TD_STORE_OK && PQntuples(res) == 0)
    out.status = TD_STORE_NOT_FOUND;
  sc->cb(sc->req, &out);
}

int td_store_principal_active(struct td_req *req, td_store_cb cb)
{
  const char *params[1];

  params[0] = fmt_int(&req->arena, req->who->id);
  return queue(req, SQL_PRINCIPAL_ACTIVE, 1, params, on_active, cb, 0);
}

static void map_principals(struct td_req *req, const PGresult *res,
                           struct td_store_result *out)
{
  struct td_arena *a = &req->arena;
  int n = PQntuples(res);
  int id = PQfnumber(res, "id");
  int i;

  out->principals =
      td_arena_alloc(a, sizeof(*out->principals) * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    Tiepdan__Principal *p;
    char *role;

    if (id < 0 || PQgetisnull(res, i, id))
      continue;
    p = td_arena_alloc(a, sizeof(*p));
    tiepdan__principal__init(p);
    p->has_id = col_i64(res, i, id, &p->id);
    p->name = col_str(a, res, i, PQfnumber(res, "name"));
    role = col_str(a, res, i, PQfnumber(res, "role"));
    if (role != NULL && td_role_parse(role) > 0) {
      p->has_role = 1;
      p->role = td_role_parse(role);
    }
    p->unit = unit_msg(a, col_str(a, res, i, PQfnumber(res, "unit_code")),
                       col_str(a, res, i, PQfnumber(res, "unit_name")),
                       col_str(a, res, i, PQfnumber(res, "unit_level")));
    p->fingerprint = col_str(a, res, i, PQfnumber(res, "fingerprint"));
    p->has_created_at =
        col_i64(res, i, PQfnumber(res, "created_at"), &p->created_at);
    p->has_revoked_at =
        col_i64(res, i, PQfnumber(res, "revoked_at"), &p->revoked_at);
    out->principals[out->nprincipals++] = p;
  }
}

static void on_principals(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  if (read_verdict(sc, res, "principals", &out))
    map_principals(sc->req, res, &out);
  sc->cb(sc->req, &out);
}

int td_store_principal_add(struct td_req *req, const char *fingerprint,
                           const char *name, const char *role,
                           const char *unit_code, td_store_cb cb)
{
  const char *params[5];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = fingerprint;
  params[2] = name;
  params[3] = role;
  params[4] = unit_code;
  return queue(req, SQL_ADD_PRINCIPAL, 5, params, on_principals, cb, 0);
}

int td_store_principal_revoke(struct td_req *req, int64_t id,
                              const char *fingerprint, td_store_cb cb)
{
  const char *params[3];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = id > 0 ? fmt_int(&req->arena, id) : NULL;
  params[2] = fingerprint;
  return queue(req, SQL_REVOKE_PRINCIPAL, 3, params, on_principals, cb, 0);
}

int td_store_principal_list(struct td_req *req, const char *unit_code,
                            int include_revoked, td_store_cb cb)
{
  const char *params[3];

  params[0] = fmt_int(&req->arena, req->who->unit_id);
  params[1] = unit_code;
  params[2] = include_revoked ? "true" : "false";
  return queue(req, SQL_LIST_PRINCIPALS, 3, params, on_principals, cb, 0);
}

/* Merges ---------------------------------------------------------------- */

static void on_merged(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_arena *a = &sc->req->arena;
  struct td_store_result out;
  Tiepdan__MergeUnitsReply *r;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "merge");
  if (out.status == TD_STORE_OK && PQntuples(res) < 1)
    out.status = TD_STORE_ERROR;
  if (out.status != TD_STORE_OK) {
    sc->cb(sc->req, &out);
    return;
  }
  out.outcome = td_arena_strdup(a, PQgetvalue(res, 0, 0));
  out.detail = col_str(a, res, 0, 1);
  n = PQntuples(res);
  r = td_arena_alloc(a, sizeof(*r));
  tiepdan__merge_units_reply__init(r);
  r->unit =
      unit_msg(a, col_str(a, res, 0, 3), col_str(a, res, 0, 4), "commune");
  r->merged = td_arena_alloc(a, sizeof(*r->merged) * (size_t)n);
  for (i = 0; i < n; i++) {
    Tiepdan__Unit *u =
        unit_msg(a, col_str(a, res, i, 5), col_str(a, res, i, 6), "commune");

    if (u != NULL)
      r->merged[r->n_merged++] = u;
  }
  r->has_petitions = col_u32(res, 0, 7, &r->petitions);
  r->has_principals = col_u32(res, 0, 8, &r->principals);
  out.merge = r;
  sc->cb(sc->req, &out);
}

int td_store_merge(struct td_req *req, const Tiepdan__MergeUnits *m,
                   td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  struct array_lit codes = {NULL, 0, 0};
  const char *params[5];
  size_t i;

  for (i = 0; i < m->n_old_codes; i++)
    lit_elem(&codes, m->old_codes[i]);
  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = lit_finish(a, &codes);
  params[2] = m->new_code;
  params[3] = m->new_name != NULL && m->new_name[0] ? m->new_name : NULL;
  params[4] = m->on;
  return queue(req, SQL_MERGE, 5, params, on_merged, cb, 0);
}

/* Audit ------------------------------------------------------------------ */

static void on_audited(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_store_result out;

  memset(&out, 0, sizeof(out));
  out.status = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK
                   ? TD_STORE_OK
                   : result_status(res, "identity read audit");
  sc->cb(sc->req, &out);
}

int td_store_identity_reads(struct td_req *req, const int64_t *ids, size_t n,
                            const char *what, td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  struct array_lit list = {NULL, 0, 0};
  const char *params[3];
  char num[24];
  size_t i;

  for (i = 0; i < n; i++) {
    snprintf(num, sizeof(num), "%" PRId64, ids[i]);
    lit_elem(&list, num);
  }
  params[0] = fmt_int(a, req->who->id);
  params[1] = what;
  params[2] = lit_finish(a, &list);
  return queue(req, SQL_IDENTITY_READS, 3, params, on_audited, cb, 0);
}

/* Statistics -------------------------------------------------------------- */

static uint64_t col_u64(const PGresult *r, int row, const char *name)
{
  int col = PQfnumber(r, name);

  if (col < 0 || PQgetisnull(r, row, col))
    return 0;
  return strtoull(PQgetvalue(r, row, col), NULL, 10);
}

static void on_stats(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_arena *a = &sc->req->arena;
  struct td_store_result out;
  static const char *const keys[] = {"k_unit",  "k_kind",   "k_channel",
                                     "k_field", "k_status", "k_period"};
  int n;
  int i;
  int k;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "statistics");
  if (out.status == TD_STORE_OK && PQntuples(res) < 1)
    out.status = TD_STORE_ERROR;
  if (out.status != TD_STORE_OK) {
    sc->cb(sc->req, &out);
    return;
  }
  out.scope_found = !PQgetisnull(res, 0, 0);
  out.scope_id = out.scope_found ? atoi(PQgetvalue(res, 0, 0)) : 0;
  if (out.scope_found && PQfnumber(res, "rollup") >= 0 &&
      strcmp(PQgetvalue(res, 0, PQfnumber(res, "rollup")), "t") != 0) {
    out.declined = 1;
    sc->cb(sc->req, &out);
    return;
  }
  n = PQntuples(res);
  out.stats = td_arena_alloc(a, sizeof(*out.stats) * (size_t)n);
  for (i = 0; i < n; i++) {
    struct td_stat_row *r = &out.stats[out.nstats];
    struct td_stat_counts *c = &r->counts;

    if (PQgetisnull(res, i, PQfnumber(res, "received")))
      continue; /* The scope row of an empty period. */
    for (k = 0; k < 6; k++)
      r->keys[k] = col_str(a, res, i, PQfnumber(res, keys[k]));
    c->received = col_u64(res, i, "received");
    c->accepted = col_u64(res, i, "accepted");
    c->not_accepted = col_u64(res, i, "not_accepted");
    c->transferred = col_u64(res, i, "transferred");
    c->resolved = col_u64(res, i, "resolved");
    c->answered_in_writing = col_u64(res, i, "answered_in_writing");
    c->mediated_successfully = col_u64(res, i, "mediated_successfully");
    c->mediation_failed = col_u64(res, i, "mediation_failed");
    c->decision_issued = col_u64(res, i, "decision_issued");
    c->withdrawn = col_u64(res, i, "withdrawn");
    c->resolved_on_time = col_u64(res, i, "resolved_on_time");
    c->resolved_late = col_u64(res, i, "resolved_late");
    c->open_within_deadline = col_u64(res, i, "open_within_deadline");
    c->open_overdue = col_u64(res, i, "open_overdue");
    c->group_petitions = col_u64(res, i, "group_petitions");
    c->open_due_soon = col_u64(res, i, "open_due_soon");
    out.nstats++;
  }
  sc->cb(sc->req, &out);
}

int td_stats_query_rollup(const struct td_stats_query *q)
{
  return !q->by_kind && !q->by_channel && !q->by_field && !q->by_status &&
         q->kind == NULL && q->channel == NULL &&
         (!q->by_unit || strcmp(q->unit_level, "province") == 0 ||
          strcmp(q->unit_level, "nation") == 0);
}

int td_store_stats(struct td_req *req, const struct td_stats_query *q,
                   int rollup, td_store_cb cb)
{
  struct td_arena *a = &req->arena;
  const char *params[15];

  params[0] = fmt_int(a, req->who->unit_id);
  params[1] = q->unit_code;
  params[2] = q->from_day;
  params[3] = q->to_day;
  params[4] = fmt_day(a, q->today);
  params[5] = q->by_unit ? "true" : "false";
  params[6] = q->unit_level;
  if (rollup) {
    params[7] = q->period;
    params[8] = fmt_int(a, q->soon_days);
    return queue(req, SQL_STATS_ROLLUP, 9, params, on_stats, cb, 0);
  }
  params[7] = q->by_kind ? "true" : "false";
  params[8] = q->by_channel ? "true" : "false";
  params[9] = q->by_field ? "true" : "false";
  params[10] = q->by_status ? "true" : "false";
  params[11] = q->period;
  params[12] = q->kind;
  params[13] = q->channel;
  params[14] = fmt_int(a, q->soon_days);
  return queue(req, SQL_STATS, 15, params, on_stats, cb, 0);
}

static void on_session_stats(void *arg, PGresult *res)
{
  struct store_call *sc = arg;
  struct td_arena *a = &sc->req->arena;
  struct td_store_result out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.status = result_status(res, "session statistics");
  if (out.status == TD_STORE_OK) {
    n = PQntuples(res);
    out.session_stats =
        td_arena_alloc(a, sizeof(*out.session_stats) * (size_t)(n ? n : 1));
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
      out.session_stats[out.nsession_stats++] = s;
    }
  }
  sc->cb(sc->req, &out);
}

int td_store_session_stats(struct td_req *req, int scope_unit,
                           const struct td_stats_query *q, td_store_cb cb)
{
  const char *params[3];

  params[0] = fmt_int(&req->arena, scope_unit);
  params[1] = q->from_day;
  params[2] = q->to_day;
  return queue(req, SQL_SESSION_STATS, 3, params, on_session_stats, cb, 0);
}
