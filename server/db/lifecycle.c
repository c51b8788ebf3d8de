/* Transitions and history; see lifecycle.h. */
#include "db/lifecycle.h"

#include <string.h>

#include "db/rows.h"
#include "util/log.h"
#include "wire.h"

static const char SQL_TRANSITION[] =
    "SELECT t.result, (t.petition).*, t.event_seq"
    "  FROM td_apply_transition($1::int, $2::bigint, $3::int, $4::bigint, $5,"
    "       $6, to_timestamp($7::bigint), $8, $9, $10, $11, $12::bool, $13,"
    "       $14::bool, $15::date, $16::int, $17, $18::date, $19::int) t";

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
    if (verdict < 0 || (out.verdict == TD_TRANSITION_APPLIED && n != 1))
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
  const char *params[19];

  call->arena = a;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(a, principal_id);
  params[1] = td_rows_int(a, w->id);
  params[2] = td_rows_int(a, w->expected_version);
  params[3] = td_rows_int(a, w->calendar);
  params[4] = w->action;
  params[5] = w->to_status;
  params[6] = td_rows_int(a, w->at);
  params[7] = w->note;
  params[8] = w->transfer_target;
  params[9] = w->outcome;
  params[10] = w->satisfaction;
  params[11] = w->complex ? "true" : "false";
  params[12] = w->decision_no;
  params[13] = w->set_deadline ? "true" : "false";
  params[14] = w->set_deadline ? td_rows_date(a, w->deadline) : NULL;
  params[15] =
      w->set_deadline && w->rule_id ? td_rows_int(a, w->rule_id) : NULL;
  params[16] = w->set_deadline ? w->step : NULL;
  params[17] = w->set_deadline ? td_rows_date(a, w->start) : NULL;
  params[18] = td_rows_int(a, w->extensions);
  return td_rows_send(db, SQL_TRANSITION, 19, params, on_apply, call);
}

/* History ----------------------------------------------------------------- */

static const char SQL_HISTORY[] =
    "SELECT e.seq, e.petition_id, extract(epoch FROM e.at)::bigint, pr.name,"
    "       pr.role, e.action, e.from_status, e.to_status, e.note,"
    "       e.changes::text"
    "  FROM petition_events e JOIN principals pr ON pr.id = e.actor_id"
    " WHERE e.petition_id = $1::bigint ORDER BY e.seq";

/* An event from columns 0..9 in SQL_HISTORY's order. */
Tiepdan__Event *td_rows_event(struct td_arena *a, const PGresult *res, int i)
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
  e->note = td_rows_str(a, res, i, 8);
  e->changes = td_rows_str(a, res, i, 9);
  return e;
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
      out.events[out.n++] = td_rows_event(call->arena, res, i);
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
