/* Petitions' statements and their rows; see petition.h. */
#include "db/petition.h"

#include <stdio.h>
#include <string.h>

#include "db/rows.h"
#include "util/log.h"
#include "wire.h"

static const char SQL_IDENTITY_READS[] =
    "INSERT INTO petition_events (petition_id, unit_id, actor_id, action,"
    "                             from_status, to_status, note)"
    " SELECT p.id, p.unit_id, $1::int, 'identity_read', p.status, p.status, $2"
    "   FROM petitions p WHERE p.id = ANY ($3::bigint[])";

/* See td_job_summary: no rows when another server has the period. */
static const char SQL_SUMMARY[] =
    "SELECT * FROM td_job_summary($1::date, $2, $3)";

/* Column positions of td_petition_v in a result, found by name. */
struct cols {
  int id, receipt_no, handling_unit_id, unit_code, unit_name, village_code,
      village_name, kind, channel, field, group_size, name, id_number, address,
      contact, confidential, summary, status, outcome, received_at, accepted_at,
      closed_at, deadline, version, created_by, created_at, remote_area,
      complex, extensions, deadline_rule_id, deadline_step, deadline_start,
      transfer_target, satisfaction, session_id, note, especially_complex,
      clock_suspect, clock_skew, received_at_claimed, repeat_of, finding;
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
  c->especially_complex = PQfnumber(r, "especially_complex");
  c->clock_suspect = PQfnumber(r, "clock_suspect");
  c->clock_skew = PQfnumber(r, "clock_skew");
  c->received_at_claimed = PQfnumber(r, "received_at_claimed");
  c->repeat_of = PQfnumber(r, "repeat_of");
  c->finding = PQfnumber(r, "finding");
}

static void map_row(struct td_arena *a, const PGresult *r, int row,
                    const struct cols *c, struct td_petition_row *out)
{
  Tiepdan__Petition *p = td_arena_alloc(a, sizeof(*p));
  Tiepdan__Petitioner *who = td_arena_alloc(a, sizeof(*who));
  struct td_sealed *sealed = &out->sealed;
  int64_t v;

  tiepdan__petition__init(p);
  tiepdan__petitioner__init(who);
  p->has_id = td_rows_i64(r, row, c->id, &p->id);
  p->receipt_no = td_rows_str(a, r, row, c->receipt_no);
  p->unit = td_rows_unit(a, td_rows_str(a, r, row, c->unit_code),
                         td_rows_str(a, r, row, c->unit_name), "commune");
  p->village = td_rows_unit(a, td_rows_str(a, r, row, c->village_code),
                            td_rows_str(a, r, row, c->village_name), "village");
  p->kind = td_rows_str(a, r, row, c->kind);
  p->channel = td_rows_str(a, r, row, c->channel);
  p->field = td_rows_str(a, r, row, c->field);
  if (td_rows_i64(r, row, c->group_size, &v)) {
    p->has_group_size = 1;
    p->group_size = (uint32_t)v;
  }
  who->name = td_rows_str(a, r, row, c->name);
  who->id_number = td_rows_str(a, r, row, c->id_number);
  who->address = td_rows_str(a, r, row, c->address);
  who->contact = td_rows_str(a, r, row, c->contact);
  sealed->petitioner = who;
  p->has_confidential = 1;
  p->confidential = strcmp(PQgetvalue(r, row, c->confidential), "t") == 0;
  sealed->summary = td_rows_str(a, r, row, c->summary);
  p->has_status = 1;
  p->status = td_status_parse(PQgetvalue(r, row, c->status));
  p->outcome = td_rows_str(a, r, row, c->outcome);
  p->has_received_at = td_rows_i64(r, row, c->received_at, &p->received_at);
  p->has_accepted_at = td_rows_i64(r, row, c->accepted_at, &p->accepted_at);
  p->has_closed_at = td_rows_i64(r, row, c->closed_at, &p->closed_at);
  p->deadline = td_rows_str(a, r, row, c->deadline);
  p->has_version = td_rows_i64(r, row, c->version, &p->version);
  p->created_by = td_rows_str(a, r, row, c->created_by);
  p->has_created_at = td_rows_i64(r, row, c->created_at, &p->created_at);
  p->has_complex = 1;
  p->complex = td_rows_bool(r, row, c->complex);
  if (td_rows_i64(r, row, c->extensions, &v)) {
    p->has_extensions = 1;
    p->extensions = (uint32_t)v;
  }
  p->deadline_step = td_rows_str(a, r, row, c->deadline_step);
  sealed->transfer_target = td_rows_str(a, r, row, c->transfer_target);
  p->satisfaction = td_rows_str(a, r, row, c->satisfaction);
  p->has_session_id = td_rows_i64(r, row, c->session_id, &p->session_id);
  sealed->note = td_rows_str(a, r, row, c->note);
  /* Columns absent from a result (td_rows_str reads -1 as NULL) read as
   * a first visit without a finding. */
  sealed->repeat_of = td_rows_str(a, r, row, c->repeat_of);
  p->finding = td_rows_str(a, r, row, c->finding);
  /* Only a flagged petition says anything of the clock (columns absent
   * from a result read as not flagged). */
  if (c->clock_suspect >= 0 && td_rows_bool(r, row, c->clock_suspect)) {
    p->has_clock_suspect = 1;
    p->clock_suspect = 1;
    p->has_clock_skew = td_rows_i64(r, row, c->clock_skew, &p->clock_skew);
    p->has_received_at_claimed =
        td_rows_i64(r, row, c->received_at_claimed, &p->received_at_claimed);
  }
  out->p = p;
  out->handling_unit_id = 0;
  if (td_rows_i64(r, row, c->handling_unit_id, &v))
    out->handling_unit_id = (int)v;
  out->secrecy.denunciation =
      p->kind != NULL && strcmp(p->kind, "denunciation") == 0;
  out->secrecy.confidential = p->confidential;
  out->secrecy.handling_unit_id = out->handling_unit_id;
  out->remote = td_rows_bool(r, row, c->remote_area);
  out->especially_complex = td_rows_bool(r, row, c->especially_complex);
  out->rule_id = td_rows_i64(r, row, c->deadline_rule_id, &v) ? (int)v : 0;
  out->deadline = td_rows_day(r, row, c->deadline);
  out->deadline_start = td_rows_day(r, row, c->deadline_start);
}

void td_rows_petitions(struct td_arena *a, const PGresult *res, int skip_null,
                       struct td_petition_row **rows, int *n)
{
  struct cols c;
  int total = PQntuples(res);
  int i;

  find_cols(res, &c);
  *rows = td_arena_alloc(a, (size_t)(total ? total : 1) * sizeof(**rows));
  *n = 0;
  for (i = 0; i < total; i++) {
    if (skip_null && PQgetisnull(res, i, c.id))
      continue;
    map_row(a, res, i, &c, &(*rows)[(*n)++]);
  }
}

void td_rows_petitions_pick(struct td_arena *a, const PGresult *res,
                            const int *which, int n,
                            struct td_petition_row **rows)
{
  struct cols c;
  int i;

  find_cols(res, &c);
  *rows = td_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(**rows));
  for (i = 0; i < n; i++)
    map_row(a, res, which[i], &c, &(*rows)[i]);
}

/* One petition ---------------------------------------------------------------
 */

/*
 * By id or by receipt number, a statement each: one index scan of petitions
 * (its primary key, or the unique receipt number), the scope one probe of
 * unit_scope's primary key. A petition out of the caller's scope reads as
 * one that does not exist. td_petition_v computes nothing per row: its
 * units and the unit that handles the petition today (units.current_id)
 * are joined by primary key.
 */
static const char SQL_GET_BY_ID[] =
    "SELECT v.* FROM td_petition_v v"
    " WHERE v.id = $2::bigint"
    "   AND EXISTS (SELECT 1 FROM unit_scope s"
    "                WHERE s.ancestor = $1::int AND s.unit = v.unit_id)";

static const char SQL_GET_BY_RECEIPT[] =
    "SELECT v.* FROM td_petition_v v"
    " WHERE v.receipt_no = upper($2::text)"
    "   AND EXISTS (SELECT 1 FROM unit_scope s"
    "                WHERE s.ancestor = $1::int AND s.unit = v.unit_id)";

struct get_call {
  struct td_arena *arena;
  td_petition_got_cb cb;
  void *arg;
};

static void on_get(void *arg, PGresult *res)
{
  struct get_call *call = arg;
  struct td_petition_got out;
  struct td_petition_row *rows;
  int n;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "get", 0);
  if (out.err == 0 && PQntuples(res) == 0)
    out.err = TD_ENOTFOUND;
  if (out.err == 0) {
    td_rows_petitions(call->arena, res, 0, &rows, &n);
    out.row = &rows[0];
  }
  call->cb(call->arg, &out);
}

int td_db_petition_get(const struct td_db *db, int caller_unit, int64_t id,
                       const char *receipt, td_petition_got_cb cb, void *arg)
{
  struct get_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  if (receipt != NULL) {
    params[1] = receipt;
    return td_rows_send(db, SQL_GET_BY_RECEIPT, 2, params, on_get, call);
  }
  params[1] = td_rows_int(db->arena, id);
  return td_rows_send(db, SQL_GET_BY_ID, 2, params, on_get, call);
}

/* A page ----------------------------------------------------------------------
 */

/*
 * One round trip answers both "is the unit filter in scope" (scope_id) and
 * the page: a single row with a NULL scope_id means the unit is unknown or
 * outside the caller's scope, which are answered alike. What a petition
 * must satisfy is td_list_filter and td_list_text_match
 * (sql/functions/35_search.sql), inlined wherever rows are read.
 *
 * Without a text, the page names its units from unit_scope (what
 * td_unit_subtree reads) rather than through the CTE, one branch for each
 * case (the caller's area, or the unit --unit names in it, a former commune
 * included: td_unit_in_area), the other pruned as the parameters are known,
 * so the planner sees which units the page covers and reads each newest
 * first (petitions_unit_received).
 *
 * With a text, the area's units are read one by one, in two passes whose
 * cost does not depend on how many petitions the country holds:
 *  - walk: each unit's k newest petitions (before the cursor) from
 *    petitions_unit_received, k = 2,000 for a commune and fewer for each
 *    unit of a larger area (at least 200); the country's 2,000 newest for
 *    the nation. The walk holds every petition of the area down to its
 *    edge, the newest of the oldest rows of the units it did not read to
 *    the end: if a page of them match, that page is exact. A common word
 *    ("điện") is answered here. In an area of one unit (most communes)
 *    each row is judged as the index scan reads it (one heap fetch), not
 *    looked up again by its id afterwards: at ten million petitions the
 *    lookups' index pages cost more than the rows. A larger area walks the
 *    index alone and looks up only the rows above the edge, which are few
 *    of the many it walked.
 *  - deep: otherwise, and when the page is ordered by deadline, each unit's
 *    candidates from petitions_search_keys (the text's trigrams tagged with
 *    the unit: sql/schema/013_search_keys.sql), older than the edge. A word
 *    that is rare in the area has few. A text with no trigram reads the
 *    units' rows instead.
 * Each gate is a one-time filter: a pass that is not needed is not run.
 * OFFSET 0 keeps the deep pass's conditions on the walk's edge and the
 * cursor out of its index scan: pushed into it, the planner would AND the
 * few candidates of the keys with a bitmap of every petition of the country
 * older than the edge (petitions_received), seconds instead of
 * milliseconds.
 */
/* scope is MATERIALIZED: read once by SQL_PAGE, it would otherwise be
 * inlined into every row of the page, td_unit_in_area with it. */
#define LIST_HEAD                                                              \
  "WITH scope AS MATERIALIZED ("                                               \
  "  SELECT CASE WHEN $2::text IS NULL THEN $1::int"                           \
  "         ELSE td_unit_in_area($1::int, $2::text)"                           \
  "         END AS id),"                                                       \
  " cursor AS ("                                                               \
  "  SELECT c.received_at, c.deadline, c.id FROM petitions c"                  \
  "   WHERE c.id = $8::bigint),"                                               \
  " plain AS ("                                                                \
  "  SELECT p.id FROM petitions p"                                             \
  "   WHERE $7::text IS NULL"                                                  \
  "     AND p.unit_id IN ("                                                    \
  "           SELECT s.unit FROM unit_scope s"                                 \
  "            WHERE $2::text IS NULL AND s.ancestor = $1::int"                \
  "           UNION ALL"                                                       \
  "           SELECT s.unit FROM unit_scope s"                                 \
  "            WHERE $2::text IS NOT NULL"                                     \
  "              AND s.ancestor = td_unit_in_area($1::int, $2::text))"         \
  "     AND td_list_filter(p, $3::text, $4::text, $5::bigint, $6::bigint,"     \
  "                        $10::bool, $11::int, $12::date, $13::bigint,"       \
  "                        $16::text, $17::text)"                              \
  "     AND ($8::bigint IS NULL OR CASE WHEN $14::bool"                        \
  "          THEN (p.deadline, p.id) >"                                        \
  "               (SELECT c.deadline, c.id FROM cursor c)"                     \
  "          ELSE (p.received_at, p.id) <"                                     \
  "               (SELECT c.received_at, c.id FROM cursor c)"                  \
  "          END)"                                                             \
  "   ORDER BY CASE WHEN $14::bool THEN p.deadline END,"                       \
  "            CASE WHEN $14::bool THEN p.id END,"                             \
  "            p.received_at DESC, p.id DESC"                                  \
  "   LIMIT $9::int),"

#define LIST_TAIL                                                              \
  " SELECT s.id AS scope_id, v.* FROM scope s"                                 \
  "  LEFT JOIN page pg ON true"                                                \
  "  LEFT JOIN td_petition_v v ON v.id = pg.id"                                \
  " ORDER BY CASE WHEN $14::bool THEN v.deadline END NULLS LAST,"              \
  "          CASE WHEN $14::bool THEN v.id END,"                               \
  "          v.received_at DESC NULLS LAST, v.id DESC"

static const char SQL_LIST[] = LIST_HEAD
    " area AS MATERIALIZED ("
    "  SELECT s.unit FROM unit_scope s"
    "   WHERE $7::text IS NOT NULL AND s.ancestor = (SELECT id FROM scope)),"
    " per AS ("
    "  SELECT greatest(200, 2000 / greatest(1, (SELECT count(*) FROM area)))"
    "         ::int AS k),"
    " walk AS MATERIALIZED ("
    "  SELECT r.id, r.received_at, r.deadline, a.unit, r.hit"
    "    FROM area a CROSS JOIN LATERAL ("
    "    SELECT q.id, q.received_at, q.deadline,"
    "           td_list_filter(q, $3::text, $4::text, $5::bigint, $6::bigint,"
    "                          $10::bool, $11::int, $12::date, $13::bigint,"
    "                          $16::text, $17::text)"
    "           AND td_list_text_match(q, $7::text, $1::int, $15::bool) AS hit"
    "      FROM petitions q"
    "     WHERE q.unit_id = a.unit"
    "       AND ($8::bigint IS NULL OR (q.received_at, q.id) <"
    "            (SELECT c.received_at, c.id FROM cursor c))"
    "     ORDER BY q.received_at DESC, q.id DESC"
    "     LIMIT (SELECT k FROM per)) r"
    "   WHERE NOT $14::bool AND (SELECT count(*) FROM area) = 1"
    "     AND (SELECT u.parent_id FROM units u"
    "           WHERE u.id = (SELECT id FROM scope)) IS NOT NULL"
    "  UNION ALL"
    "  SELECT r.id, r.received_at, NULL::date, a.unit, NULL::bool"
    "    FROM area a CROSS JOIN LATERAL ("
    "    SELECT q.id, q.received_at FROM petitions q"
    "     WHERE q.unit_id = a.unit"
    "       AND ($8::bigint IS NULL OR (q.received_at, q.id) <"
    "            (SELECT c.received_at, c.id FROM cursor c))"
    "     ORDER BY q.received_at DESC, q.id DESC"
    "     LIMIT (SELECT k FROM per)) r"
    "   WHERE NOT $14::bool AND (SELECT count(*) FROM area) > 1"
    "     AND (SELECT u.parent_id FROM units u"
    "           WHERE u.id = (SELECT id FROM scope)) IS NOT NULL"
    "  UNION ALL"
    "  (SELECT q.id, q.received_at, NULL::date, 0, NULL::bool FROM petitions q"
    "    WHERE NOT $14::bool AND $7::text IS NOT NULL"
    "      AND (SELECT u.parent_id FROM units u"
    "            WHERE u.id = (SELECT id FROM scope)) IS NULL"
    "      AND ($8::bigint IS NULL OR (q.received_at, q.id) <"
    "           (SELECT c.received_at, c.id FROM cursor c))"
    "    ORDER BY q.received_at DESC, q.id DESC LIMIT 2000)),"
    " edge AS MATERIALIZED ("
    "  SELECT o.received_at, o.id FROM ("
    "    SELECT DISTINCT ON (w.unit) w.received_at, w.id FROM walk w"
    "     WHERE w.unit IN (SELECT x.unit FROM walk x GROUP BY x.unit"
    "                       HAVING count(*) = CASE WHEN x.unit = 0 THEN 2000"
    "                                         ELSE (SELECT k FROM per) END)"
    "     ORDER BY w.unit, w.received_at, w.id) o"
    "   ORDER BY o.received_at DESC, o.id DESC LIMIT 1),"
    " hits AS MATERIALIZED ("
    "  (SELECT w.id, w.received_at, w.deadline FROM walk w"
    "    WHERE w.hit AND (NOT EXISTS (SELECT 1 FROM edge)"
    "                     OR (w.received_at, w.id) >="
    "                        (SELECT e.received_at, e.id FROM edge e))"
    "    ORDER BY w.received_at DESC, w.id DESC LIMIT $9::int)"
    "  UNION ALL"
    "  (SELECT p.id, p.received_at, p.deadline FROM walk w"
    "    JOIN petitions p ON p.id = w.id"
    "    WHERE w.hit IS NULL AND (NOT EXISTS (SELECT 1 FROM edge)"
    "                             OR (w.received_at, w.id) >="
    "                                (SELECT e.received_at, e.id FROM edge e))"
    "      AND td_list_filter(p, $3::text, $4::text, $5::bigint, $6::bigint,"
    "                         $10::bool, $11::int, $12::date, $13::bigint,"
    "                         $16::text, $17::text)"
    "      AND td_list_text_match(p, $7::text, $1::int, $15::bool)"
    "    ORDER BY p.received_at DESC, p.id DESC LIMIT $9::int)),"
    " deep AS ("
    "  SELECT q.id, q.received_at, q.deadline FROM area a CROSS JOIN LATERAL ("
    "    SELECT q.id, q.received_at, q.deadline FROM petitions q"
    "     WHERE ((cardinality(td_search_query_keys(0, $7::text)) > 0"
    "             AND td_search_keys(q.unit_id, q.search_sealed, q.receipt_no)"
    "                 @> td_search_query_keys(a.unit, $7::text))"
    "            OR (cardinality(td_search_query_keys(0, $7::text)) = 0"
    "                AND q.unit_id = a.unit))"
    "       AND td_list_filter(q, $3::text, $4::text, $5::bigint, $6::bigint,"
    "                          $10::bool, $11::int, $12::date, $13::bigint,"
    "                          $16::text, $17::text)"
    "       AND td_list_text_match(q, $7::text, $1::int, $15::bool)"
    "     OFFSET 0) q"
    "   WHERE ($14::bool OR (EXISTS (SELECT 1 FROM edge)"
    "                        AND (SELECT count(*) FROM hits) < $9::int))"
    "     AND ($14::bool OR (q.received_at, q.id) <"
    "          (SELECT e.received_at, e.id FROM edge e))"
    "     AND ($8::bigint IS NULL OR NOT $14::bool OR (q.deadline, q.id) >"
    "          (SELECT c.deadline, c.id FROM cursor c))),"
    " page AS ("
    "  SELECT id FROM plain"
    "  UNION ALL"
    "  (SELECT f.id FROM (SELECT * FROM hits UNION ALL SELECT * FROM deep) f"
    "    ORDER BY CASE WHEN $14::bool THEN f.deadline END,"
    "             CASE WHEN $14::bool THEN f.id END,"
    "             f.received_at DESC, f.id DESC"
    "    LIMIT $9::int))" LIST_TAIL;

/*
 * The page without a text, most lists: SQL_LIST without the passes of a
 * text, which are empty then but cost the planner four times what the rest
 * does on every call. $15 matters only to a text; it is selected so that,
 * like every parameter, it has a type.
 */
static const char SQL_PAGE[] = LIST_HEAD
    " page AS (SELECT id, $15::bool AS sees_own_sealed FROM plain)" LIST_TAIL;

struct list_call {
  struct td_arena *arena;
  int limit;
  td_petition_page_cb cb;
  void *arg;
};

static void on_list(void *arg, PGresult *res)
{
  struct list_call *call = arg;
  struct td_petition_page out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "list", 0);
  if (out.err == 0 && PQntuples(res) < 1) {
    td_error("db: list returned no scope row");
    out.err = TD_EINTERNAL;
  }
  if (out.err == 0) {
    out.scope_found = !PQgetisnull(res, 0, 0);
    td_rows_petitions(call->arena, res, 1, &out.rows, &out.n);
    /* One row more than asked for means there is a next page. */
    if (out.n > call->limit) {
      out.n = call->limit;
      out.next_id = out.rows[out.n - 1].p->id;
    }
  }
  call->cb(call->arg, &out);
}

int td_db_petition_list(const struct td_db *db, int caller_unit,
                        const struct td_list_query *q, td_petition_page_cb cb,
                        void *arg)
{
  struct td_arena *a = db->arena;
  struct list_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[17];
  int urgency = q->overdue || q->due_within >= 0;

  call->arena = a;
  call->limit = q->limit;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, caller_unit);
  params[1] = q->unit_code;
  params[2] = q->kind;
  params[3] = q->status;
  params[4] = q->received_from ? td_rows_int(a, q->received_from) : NULL;
  params[5] = q->received_to ? td_rows_int(a, q->received_to) : NULL;
  params[6] = q->text;
  params[7] = q->after_id ? td_rows_int(a, q->after_id) : NULL;
  params[8] = td_rows_int(a, q->limit + 1);
  params[9] = q->overdue ? "true" : NULL;
  params[10] = q->due_within >= 0 ? td_rows_int(a, q->due_within) : NULL;
  params[11] = td_rows_date(a, q->today);
  params[12] = q->session_id ? td_rows_int(a, q->session_id) : NULL;
  params[13] = urgency ? "true" : "false";
  params[14] = q->sees_own_sealed ? "true" : "false";
  params[15] = q->channel;
  params[16] = q->field;
  /* Planned for its values on every call: the page's plan prunes the
   * branches the parameters rule out, and reads a commune's units otherwise
   * than the nation's, which a generic plan cannot. */
  return td_rows_send_custom(db, q->text != NULL ? SQL_LIST : SQL_PAGE, 17,
                             params, on_list, call);
}

/* Who read a secret identity ------------------------------------------------
 */

struct audit_call {
  td_identity_reads_cb cb;
  void *arg;
};

static void on_audited(void *arg, PGresult *res)
{
  struct audit_call *call = arg;
  struct td_identity_reads out;

  out.err = td_rows_status(res, "identity read audit", 1);
  call->cb(call->arg, &out);
}

int td_db_petition_identity_reads(const struct td_db *db, int principal_id,
                                  const int64_t *ids, size_t n,
                                  const char *what, td_identity_reads_cb cb,
                                  void *arg)
{
  struct audit_call *call = td_arena_alloc(db->arena, sizeof(*call));
  struct td_array_lit list = {NULL, 0, 0};
  const char *params[3];
  size_t i;

  call->cb = cb;
  call->arg = arg;
  for (i = 0; i < n; i++)
    td_array_add_int(&list, ids[i]);
  params[0] = td_rows_int(db->arena, principal_id);
  params[1] = what;
  params[2] = td_array_finish(db->arena, &list);
  return td_rows_send(db, SQL_IDENTITY_READS, 3, params, on_audited, call);
}

/* The daily summary -----------------------------------------------------------
 */

struct summary_call {
  struct td_arena *arena;
  const char *day;
  td_summary_cb cb;
  void *arg;
};

static void on_summary(void *arg, PGresult *res)
{
  struct summary_call *call = arg;
  struct td_summary out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.day = call->day;
  out.err = td_rows_status(res, "summary", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    out.rows = td_arena_alloc(call->arena, sizeof(*out.rows) * (size_t)(n + 1));
    for (i = 0; i < n; i++) {
      struct td_summary_row *r = &out.rows[out.n++];

      r->code = td_rows_str(call->arena, res, i, 1);
      r->name = td_rows_str(call->arena, res, i, 2);
      td_rows_i64(res, i, 3, &r->open);
      td_rows_i64(res, i, 4, &r->overdue);
      td_rows_i64(res, i, 5, &r->due_soon);
    }
  }
  call->cb(call->arg, &out);
}

int td_db_petition_summary(const struct td_db *db, td_day today, int64_t slot,
                           const char *server, td_summary_cb cb, void *arg)
{
  struct summary_call *call = td_arena_alloc(db->arena, sizeof(*call));
  char slot_s[24];
  const char *params[3] = {NULL, slot_s, server};

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  call->day = params[0] = td_rows_date(db->arena, today);
  snprintf(slot_s, sizeof(slot_s), "%lld", (long long)slot);
  return td_rows_send(db, SQL_SUMMARY, 3, params, on_summary, call);
}
