/* Transitions and history; see lifecycle.h. */
#include "db/lifecycle.h"

#include <string.h>

#include "db/rows.h"
#include "util/log.h"
#include "wire.h"

/* The transition's parameters, $1 to $26 in this order; the SQL names each
 * argument of td_apply_transition, so its signature's order does not
 * matter. */
enum transition_param {
  TR_PRINCIPAL,
  TR_ID,
  TR_EXPECTED,
  TR_CALENDAR,
  TR_ACTION,
  TR_TO_STATUS,
  TR_AT,
  TR_NOTE,
  TR_TRANSFER,
  TR_OUTCOME,
  TR_SATISFACTION,
  TR_COMPLEX,
  TR_DECISION_NO,
  TR_SET_DEADLINE,
  TR_DEADLINE,
  TR_RULE,
  TR_STEP,
  TR_START,
  TR_EXTENSIONS,
  TR_ESPECIALLY_COMPLEX,
  TR_KEY,
  TR_HASH,
  TR_CLAIMED,
  TR_SKEW,
  TR_FINDING,
  TR_REPEAT_OF,
  TR__N
};

static const char SQL_TRANSITION[] =
    "SELECT t.result, (t.petition).*, t.event_seq"
    "  FROM td_apply_transition("
    "       p_principal => $1::int, p_id => $2::bigint,"
    "       p_expected => $3::int, p_calendar => $4::bigint,"
    "       p_action => $5, p_to_status => $6,"
    "       p_at => to_timestamp($7::bigint), p_note => $8,"
    "       p_transfer => $9, p_outcome => $10, p_satisfaction => $11,"
    "       p_complex => $12::bool, p_decision_no => $13,"
    "       p_set_deadline => $14::bool, p_deadline => $15::date,"
    "       p_rule => $16::int, p_step => $17, p_start => $18::date,"
    "       p_extensions => $19::int,"
    "       p_especially_complex => $20::bool, p_key => $21::uuid,"
    "       p_hash => decode($22, 'hex'),"
    "       p_claimed => to_timestamp($23::bigint),"
    "       p_skew => $24::bigint, p_finding => $25, p_repeat_of => $26) t";

static const char *const transition_verdicts[] = {
#define XX(name, text) text,
    TD_TRANSITION_VERDICTS(XX)
#undef XX
};

struct apply_call {
  struct td_arena *arena;
  td_transitioned_cb cb;
  void *arg;
};

static void on_apply(void *arg, PGresult *res)
{
  struct apply_call *call = arg;
  struct td_transitioned out;
  struct td_petition_row *rows = NULL;
  int verdict;
  int n = 0;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "transition", 0);
  if (out.err == 0 && PQntuples(res) != 1) {
    td_error("db: transition returned %d rows", PQntuples(res));
    out.err = TD_EINTERNAL;
  }
  if (out.err == 0) {
    verdict = td_rows_verdict(transition_verdicts, TD_TRANSITION__COUNT,
                              PQgetvalue(res, 0, 0), "transition");
    out.verdict = (enum td_transition_verdict)verdict;
    td_rows_petitions(call->arena, res, 1, &rows, &n);
    td_rows_i64(res, 0, PQfnumber(res, "event_seq"), &out.event_seq);
    if (verdict < 0 || ((out.verdict == TD_TRANSITION_APPLIED ||
                         out.verdict == TD_TRANSITION_DUPLICATE) &&
                        n != 1))
      out.err = TD_EINTERNAL;
    else if (n == 1)
      out.row = &rows[0];
  }
  call->cb(call->arg, &out);
}

int td_db_lifecycle_apply(const struct td_db *db, int principal_id,
                          const struct td_transition_write *w,
                          td_transitioned_cb cb, void *arg)
{
  struct td_arena *a = db->arena;
  struct apply_call *call = td_arena_alloc(a, sizeof(*call));
  const char *params[TR__N];

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  params[TR_PRINCIPAL] = td_rows_int(a, principal_id);
  params[TR_ID] = td_rows_int(a, w->id);
  params[TR_EXPECTED] = td_rows_int(a, w->expected_version);
  params[TR_CALENDAR] = td_rows_int(a, w->calendar);
  params[TR_ACTION] = w->action;
  params[TR_TO_STATUS] = w->to_status;
  params[TR_AT] = td_rows_int(a, w->at);
  params[TR_NOTE] = w->note;
  params[TR_TRANSFER] = w->transfer_target;
  params[TR_OUTCOME] = w->outcome;
  params[TR_SATISFACTION] = w->satisfaction;
  params[TR_COMPLEX] = w->complex ? "true" : "false";
  params[TR_DECISION_NO] = w->decision_no;
  params[TR_SET_DEADLINE] = w->set_deadline ? "true" : "false";
  params[TR_DEADLINE] = w->set_deadline ? td_rows_date(a, w->deadline) : NULL;
  params[TR_RULE] =
      w->set_deadline && w->rule_id ? td_rows_int(a, w->rule_id) : NULL;
  params[TR_STEP] = w->set_deadline ? w->step : NULL;
  params[TR_START] = w->set_deadline ? td_rows_date(a, w->start) : NULL;
  params[TR_EXTENSIONS] = td_rows_int(a, w->extensions);
  params[TR_ESPECIALLY_COMPLEX] = w->especially_complex ? "true" : "false";
  params[TR_KEY] = w->hash != NULL ? w->key : NULL;
  params[TR_HASH] = w->key != NULL ? w->hash : NULL;
  params[TR_CLAIMED] = w->clock_skew ? td_rows_int(a, w->claimed_at) : NULL;
  params[TR_SKEW] = w->clock_skew ? td_rows_int(a, w->clock_skew) : NULL;
  params[TR_FINDING] = w->finding;
  params[TR_REPEAT_OF] = w->repeat_of;
  return td_rows_send(db, SQL_TRANSITION, TR__N, params, on_apply, call);
}

/* History ----------------------------------------------------------------- */

static const char SQL_HISTORY[] =
    "SELECT e.seq, e.petition_id, extract(epoch FROM e.at)::bigint,"
    "       coalesce(pr.name, 'System (provisional holidays)'),"
    "       pr.role, e.action, e.from_status, e.to_status, e.note,"
    "       e.changes::text, (e.changes - td_sealed_columns())::text"
    "  FROM petition_events e LEFT JOIN principals pr ON pr.id = e.actor_id"
    " WHERE e.petition_id = $1::bigint ORDER BY e.seq";

/* The same columns for the event an idempotency key was recorded with, and
 * whether it was recorded for the same request. */
static const char SQL_BY_KEY[] =
    "SELECT e.seq, e.petition_id, extract(epoch FROM e.at)::bigint,"
    "       coalesce(pr.name, 'Hệ thống (lịch nghỉ tạm tính)'),"
    "       pr.role, e.action, e.from_status, e.to_status, e.note,"
    "       e.changes::text, (e.changes - td_sealed_columns())::text,"
    "       e.request_hash = decode($2, 'hex')"
    "  FROM petition_events e LEFT JOIN principals pr ON pr.id = e.actor_id"
    " WHERE e.idempotency_key = $1::uuid";

/* An event from columns 0..10 in SQL_HISTORY's order, its texts sealed. */
void td_rows_event(struct td_arena *a, const PGresult *res, int i,
                   struct td_event_row *out)
{
  Tiepdan__Event *e = td_arena_alloc(a, sizeof(*e));
  char *st;

  tiepdan__event__init(e);
  e->has_seq = td_rows_i64(res, i, 0, &e->seq);
  e->has_petition_id = td_rows_i64(res, i, 1, &e->petition_id);
  e->has_at = td_rows_i64(res, i, 2, &e->at);
  e->actor = td_rows_str(a, res, i, 3);
  e->actor_role = td_rows_str(a, res, i, 4);
  e->action = td_rows_str(a, res, i, 5);
  st = td_rows_str(a, res, i, 6);
  if (st != NULL && td_status_parse(st) > 0) {
    e->has_from_status = 1;
    e->from_status = td_status_parse(st);
  }
  st = td_rows_str(a, res, i, 7);
  if (st != NULL && td_status_parse(st) > 0) {
    e->has_to_status = 1;
    e->to_status = td_status_parse(st);
  }
  out->event = e;
  out->note = td_rows_str(a, res, i, 8);
  out->changes = td_rows_str(a, res, i, 9);
  out->changes_public = td_rows_str(a, res, i, 10);
}

struct history_call {
  struct td_arena *arena;
  td_history_cb cb;
  void *arg;
};

static void on_history(void *arg, PGresult *res)
{
  struct history_call *call = arg;
  struct td_history out;
  int n;
  int i;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "history", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    out.events =
        td_arena_alloc(call->arena, sizeof(*out.events) * (size_t)(n ? n : 1));
    for (i = 0; i < n; i++)
      td_rows_event(call->arena, res, i, &out.events[out.n++]);
  }
  call->cb(call->arg, &out);
}

int td_db_lifecycle_history(const struct td_db *db, int64_t petition_id,
                            td_history_cb cb, void *arg)
{
  struct history_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[1];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, petition_id);
  return td_rows_send(db, SQL_HISTORY, 1, params, on_history, call);
}

/* A step's key --------------------------------------------------------------
 */

struct by_key_call {
  struct td_arena *arena;
  td_keyed_event_cb cb;
  void *arg;
};

static void on_by_key(void *arg, PGresult *res)
{
  struct by_key_call *call = arg;
  struct td_keyed_event out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "transition key", 0);
  if (out.err == 0 && PQntuples(res) == 1) {
    out.found = 1;
    out.same = td_rows_bool(res, 0, 11);
    td_rows_event(call->arena, res, 0, &out.event);
  }
  call->cb(call->arg, &out);
}

int td_db_lifecycle_by_key(const struct td_db *db, const char *key,
                           const char *hash, td_keyed_event_cb cb, void *arg)
{
  struct by_key_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[2];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = key;
  params[1] = hash;
  return td_rows_send(db, SQL_BY_KEY, 2, params, on_by_key, call);
}
