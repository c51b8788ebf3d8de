/*
 * The conventions of db.h, call by call: every call returns 0 and calls
 * back exactly once, or returns TD_EUNAVAIL and never calls back; a lost
 * connection and a retryable error are TD_EUNAVAIL, any other error
 * TD_EINTERNAL; and what a call answers when the statement returns no row.
 */
#include "db/calendar.h"
#include "db/feed.h"
#include "db/lifecycle.h"
#include "db/petition.h"
#include "db/principal.h"
#include "db/session.h"
#include "db/stats.h"
#include "db/unit.h"
#include "test_db.h"

static int calls;
static int last_err;

static void seen(int err)
{
  calls++;
  last_err = err;
}

#define ERR_CB(name, type)                                                     \
  static void name(void *arg, const type *r)                                   \
  {                                                                            \
    (void)arg;                                                                 \
    seen(r->err);                                                              \
  }
ERR_CB(err_submitted, struct td_submitted)
ERR_CB(err_got, struct td_petition_got)
ERR_CB(err_page, struct td_petition_page)
ERR_CB(err_audited, struct td_identity_reads)
ERR_CB(err_summary, struct td_summary)
ERR_CB(err_applied, struct td_transitioned)
ERR_CB(err_history, struct td_history)
ERR_CB(err_sessions, struct td_sessions)
ERR_CB(err_found, struct td_principal_found)
ERR_CB(err_active, struct td_principal_active)
ERR_CB(err_principals, struct td_principals)
ERR_CB(err_reached, struct td_unit_reached)
ERR_CB(err_merged, struct td_merged)
ERR_CB(err_units, struct td_units_done)
ERR_CB(err_units_listed, struct td_units_listed)
ERR_CB(err_holidays, struct td_holidays_loaded)
ERR_CB(err_recomputed, struct td_recomputed)
ERR_CB(err_ensured, struct td_calendar_ensured)
ERR_CB(err_listed, struct td_calendar_listed)
ERR_CB(err_stats, struct td_stats)
ERR_CB(err_session_stats, struct td_session_stats)
ERR_CB(err_folded, struct td_folded)
ERR_CB(err_changes, struct td_changes)
ERR_CB(err_marked, struct td_feed_marked)
#undef ERR_CB

static void err_loaded(void *arg, const struct td_calendar_loaded *r)
{
  (void)arg;
  td_calendar_free(r->cache);
  seen(r->err);
}

/* One representative call of each kind. */

static Tiepdan__SubmitPetition submission = TIEPDAN__SUBMIT_PETITION__INIT;
static Tiepdan__OpenSession opening = TIEPDAN__OPEN_SESSION__INIT;
static Tiepdan__CloseSession closing = TIEPDAN__CLOSE_SESSION__INIT;
static Tiepdan__ListSessions listing = TIEPDAN__LIST_SESSIONS__INIT;
static Tiepdan__MergeUnits merger = TIEPDAN__MERGE_UNITS__INIT;
static Tiepdan__UnitEntry unit_entry = TIEPDAN__UNIT_ENTRY__INIT;
static Tiepdan__UnitEntry *unit_entries[] = {&unit_entry};
static Tiepdan__AddUnits units_added = TIEPDAN__ADD_UNITS__INIT;
static Tiepdan__RenameUnit unit_renamed = TIEPDAN__RENAME_UNIT__INIT;
static Tiepdan__LoadHolidays year = TIEPDAN__LOAD_HOLIDAYS__INIT;

static struct td_stats_query stats_query(void)
{
  struct td_stats_query q;

  memset(&q, 0, sizeof(q));
  q.from_day = "2026-01-01";
  q.to_day = "2026-04-01";
  q.today = 20527;
  q.unit_level = "commune";
  q.period = "";
  q.soon_days = 3;
  return q;
}

static int start_submit(const struct td_db *db)
{
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};

  int rc =
      td_db_petition_submit(db, 3, &submission, "ab", &d, err_submitted, NULL);

  /* Queued for the loop's turn, which sends it in a batch. */
  fake_flush();
  return rc;
}

static int start_get(const struct td_db *db)
{
  return td_db_petition_get(db, 11, 57, NULL, err_got, NULL);
}

static int start_list(const struct td_db *db)
{
  struct td_list_query q;

  memset(&q, 0, sizeof(q));
  q.limit = 50;
  q.due_within = -1;
  q.today = 20527;
  return td_db_petition_list(db, 11, &q, err_page, NULL);
}

static int start_identity_reads(const struct td_db *db)
{
  const int64_t ids[] = {57};

  return td_db_petition_identity_reads(db, 3, ids, 1, "show", err_audited,
                                       NULL);
}

static int start_summary(const struct td_db *db)
{
  return td_db_petition_summary(db, 20527, 1, "s", err_summary, NULL);
}

static int start_apply(const struct td_db *db)
{
  struct td_transition_write w;

  memset(&w, 0, sizeof(w));
  w.id = 57;
  w.action = "note";
  w.to_status = "received";
  return td_db_lifecycle_apply(db, 3, &w, err_applied, NULL);
}

static int start_history(const struct td_db *db)
{
  return td_db_lifecycle_history(db, 57, err_history, NULL);
}

static int start_session_open(const struct td_db *db)
{
  return td_db_session_open(db, 11, 3, &opening, NULL, err_sessions, NULL);
}

static int start_session_close(const struct td_db *db)
{
  return td_db_session_close(db, 11, &closing, NULL, NULL, err_sessions, NULL);
}

static int start_session_list(const struct td_db *db)
{
  return td_db_session_list(db, 11, &listing, err_sessions, NULL);
}

static int start_lookup(const struct td_db *db)
{
  return td_db_principal_lookup(db, "ab", err_found, NULL);
}

static int start_active(const struct td_db *db)
{
  return td_db_principal_active(db, 3, err_active, NULL);
}

static int start_add(const struct td_db *db)
{
  return td_db_principal_add(db, 12, "ab", "Hoa", "reception", "03390", 0,
                             err_principals, NULL);
}

static int start_revoke(const struct td_db *db)
{
  return td_db_principal_revoke(db, 12, 9, NULL, err_principals, NULL);
}

static int start_principal_list(const struct td_db *db)
{
  return td_db_principal_list(db, 12, NULL, 0, err_principals, NULL);
}

static int start_reach(const struct td_db *db)
{
  return td_db_unit_reach(db, 11, "03390", err_reached, NULL);
}

static int start_merge(const struct td_db *db)
{
  return td_db_unit_merge(db, 12, &merger, err_merged, NULL);
}

static int start_units_add(const struct td_db *db)
{
  return td_db_units_add(db, 12, &units_added, err_units, NULL);
}

static int start_unit_rename(const struct td_db *db)
{
  return td_db_unit_rename(db, 12, &unit_renamed, err_units, NULL);
}

static int start_units_list(const struct td_db *db)
{
  return td_db_units_list(db, 12, 1, err_units_listed, NULL);
}

static int start_calendar(const struct td_db *db)
{
  return td_db_calendar_load(db, err_loaded, NULL);
}

static int start_holidays(const struct td_db *db)
{
  return td_db_calendar_load_holidays(db, 1, &year, err_holidays, NULL);
}

static int start_ensure(const struct td_db *db)
{
  static const int years[] = {2027};

  return td_db_calendar_ensure(db, years, 1, NULL, NULL, 0, "nguồn",
                               err_ensured, NULL);
}

static int start_calendar_list(const struct td_db *db)
{
  return td_db_calendar_list(db, 2026, err_listed, NULL);
}

static const char *const ensure_cols[] = {"td_calendar_ensure"};
static const char *const calendar_list_cols[] = {
    "year", "status", "confirmed_by", "confirmed_at", "source",
    "what", "day",    "name",         "day_source"};

static int start_recomputed(const struct td_db *db)
{
  return td_db_calendar_store_recomputed(db, 3, 9, "note", NULL, NULL, 0,
                                         err_recomputed, NULL);
}

static int start_stats(const struct td_db *db)
{
  struct td_stats_query q = stats_query();

  return td_db_stats_counts(db, 11, &q, 0, err_stats, NULL);
}

static int start_rollup(const struct td_db *db)
{
  struct td_stats_query q = stats_query();

  return td_db_stats_counts(db, 11, &q, 1, err_stats, NULL);
}

static int start_session_stats(const struct td_db *db)
{
  struct td_stats_query q = stats_query();

  return td_db_stats_sessions(db, 11, &q, err_session_stats, NULL);
}

static int start_fold(const struct td_db *db)
{
  return td_db_stats_fold(db, 1, "s", err_folded, NULL);
}

static int start_changes(const struct td_db *db)
{
  return td_db_feed_changes(db, 11, NULL, 0, 100, 500, err_changes, NULL);
}

static int start_mark(const struct td_db *db)
{
  return td_db_feed_mark(db, 100, err_marked, NULL);
}

static const char *const active_cols[] = {"?column?"};
static const char *const reach_cols[] = {"count"};
static const char *const units_add_cols[] = {
    "result", "idx", "code", "name", "level", "parent_code", "since", "detail"};
static const char *const unit_rename_cols[] = {
    "result", "code", "name", "level", "parent_code", "since", "detail"};
static const char *const units_list_cols[] = {"code",        "name",  "level",
                                              "parent_code", "since", "until"};
static const char *const recomputed_cols[] = {"td_store_recomputed"};
static const char *const fold_cols[] = {"td_stat_fold"};
static const char *submit_cols[64];
static const char *apply_cols[64];
static const char *close_cols[64];
static const char *add_cols[64];
static const char *page_cols[64];
static const char *session_list_cols[64];
static const char *principal_list_cols[64];

/* What each call answers to a statement that returned no row. */
static struct call_kind {
  const char *name;
  int (*start)(const struct td_db *db);
  const char *const *cols;
  int ncols;
  int no_row; /* err for zero rows */
} kinds[] = {
    {"petition submit", start_submit, submit_cols, 0, TD_EINTERNAL},
    {"petition get", start_get, petition_v_cols, PETITION_V_NCOLS,
     TD_ENOTFOUND},
    {"petition list", start_list, page_cols, 0, TD_EINTERNAL},
    {"identity reads", start_identity_reads, NULL, 0, 0},
    {"summary", start_summary, summary_cols, COUNT_OF(summary_cols), 0},
    {"transition", start_apply, apply_cols, 0, TD_EINTERNAL},
    {"history", start_history, history_cols, COUNT_OF(history_cols), 0},
    {"session open", start_session_open, session_open_cols,
     COUNT_OF(session_open_cols), 0},
    {"session close", start_session_close, close_cols, 0, TD_EINTERNAL},
    {"session list", start_session_list, session_list_cols, 0, 0},
    {"principal lookup", start_lookup, lookup_cols, COUNT_OF(lookup_cols),
     TD_ENOTFOUND},
    {"principal active", start_active, active_cols, 1, TD_ENOTFOUND},
    {"principal add", start_add, add_cols, 0, TD_EINTERNAL},
    {"principal revoke", start_revoke, revoke_cols, COUNT_OF(revoke_cols), 0},
    {"principal list", start_principal_list, principal_list_cols, 0, 0},
    {"unit reach", start_reach, reach_cols, 1, 0},
    {"unit merge", start_merge, merge_cols, COUNT_OF(merge_cols), TD_EINTERNAL},
    {"units add", start_units_add, units_add_cols, COUNT_OF(units_add_cols),
     TD_EINTERNAL},
    {"unit rename", start_unit_rename, unit_rename_cols,
     COUNT_OF(unit_rename_cols), TD_EINTERNAL},
    {"units list", start_units_list, units_list_cols, COUNT_OF(units_list_cols),
     0},
    {"calendar load", start_calendar, calendar_cols, COUNT_OF(calendar_cols),
     0},
    {"holiday load", start_holidays, holidays_cols, COUNT_OF(holidays_cols), 0},
    {"calendar ensure", start_ensure, ensure_cols, 1, 0},
    {"calendar list", start_calendar_list, calendar_list_cols,
     COUNT_OF(calendar_list_cols), 0},
    {"recomputed", start_recomputed, recomputed_cols, 1, TD_EINTERNAL},
    {"statistics", start_stats, stats_cols, COUNT_OF(stats_cols), TD_EINTERNAL},
    {"rollup", start_rollup, rollup_cols, COUNT_OF(rollup_cols), TD_EINTERNAL},
    {"session statistics", start_session_stats, session_stats_cols,
     COUNT_OF(session_stats_cols), 0},
    {"fold", start_fold, fold_cols, 1, 0},
    {"change feed", start_changes, changes_cols, COUNT_OF(changes_cols),
     TD_EINTERNAL},
    {"feed mark", start_mark, mark_cols, COUNT_OF(mark_cols), TD_EINTERNAL},
};

static const char *const result_col[] = {"result"};
/* A batch of submissions answers each by its place in the batch. */
static const char *const ord_result_cols[] = {"ord", "result"};
static const char *const scope_col[] = {"scope_id"};
static const char *const seq_col[] = {"event_seq"};

/* The columns made of a view and a column before (and after) it. */
static void set_cols(const char *name, const char **cols,
                     const char *const *pre, const char *const *view, int nview,
                     const char *const *post, int npost)
{
  int i;
  int n = cols_join(cols, pre, 1, view, nview);

  n += cols_join(cols + n, post, npost, NULL, 0);
  for (i = 0; i < COUNT_OF(kinds); i++)
    if (strcmp(kinds[i].name, name) == 0)
      kinds[i].ncols = n;
}

static void setup_kinds(void)
{
  static char *codes[] = {"03390"};

  submission.idempotency_key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  submission.kind = "complaint";
  submission.channel = "mail";
  submission.summary = "Đơn";
  closing.session_id = 12;
  merger.n_old_codes = 1;
  merger.old_codes = codes;
  merger.new_code = "03390";
  merger.on = "2025-07-01";
  unit_entry.code = "03999";
  unit_entry.name = "Xã Trà Sơn";
  unit_entry.level = "commune";
  unit_entry.parent_code = "12";
  units_added.n_units = 1;
  units_added.units = unit_entries;
  unit_renamed.code = "03999";
  unit_renamed.name = "Xã Trà Sơn Mới";
  year.has_year = 1;
  year.year = 2026;
  kinds[0].ncols = cols_join(submit_cols, ord_result_cols, 2, petition_v_cols,
                             PETITION_V_NCOLS);
  set_cols("petition list", page_cols, scope_col, petition_v_cols,
           PETITION_V_NCOLS, NULL, 0);
  set_cols("transition", apply_cols, result_col, petition_v_cols,
           PETITION_V_NCOLS, seq_col, 1);
  set_cols("session close", close_cols, result_col, session_v_cols,
           SESSION_V_NCOLS, NULL, 0);
  set_cols("session list", session_list_cols, scope_col, session_v_cols,
           SESSION_V_NCOLS, NULL, 0);
  set_cols("principal add", add_cols, result_col, principal_v_cols,
           PRINCIPAL_V_NCOLS, NULL, 0);
  set_cols("principal list", principal_list_cols, scope_col, principal_v_cols,
           PRINCIPAL_V_NCOLS, NULL, 0);
}

/* Starts kind k on a fresh fake and checks it was sent and not answered. */
static int start(int k)
{
  fake_teardown();
  fake_setup();
  calls = 0;
  last_err = 12345;
  if (kinds[k].start(&fake.db) != 0 || fake.ncalls != 1 || calls != 0) {
    fprintf(stderr, "  %s was not sent as expected\n", kinds[k].name);
    return -1;
  }
  return 0;
}

/* 1 if kind k called back once with err want, else 0 after saying so. */
static int answered(int k, int want)
{
  if (calls == 1 && last_err == want)
    return 1;
  fprintf(stderr, "  %s: %d callbacks, err %d (%s), expected %d (%s)\n",
          kinds[k].name, calls, last_err, td_errname(last_err), want,
          td_errname(want));
  return 0;
}

static void every_call_is_counted_and_sent_once(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    ASSERT_EQ(start(k), 0);
    ASSERT_EQ(fake.queries, 1);
    ASSERT_EQ(fake.sent, 1);
    ASSERT(sql_placeholders_are(fake_last()->sql, fake_last()->n));
  }
}

static void
every_call_the_pool_refuses_is_unavailable_and_never_calls_back(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    fake_teardown();
    fake_setup();
    fake.refuse = 1;
    calls = 0;
    /* A submission is queued for a batch (group commit): a pool that
     * refuses the batch is told to its callback, once. */
    if (kinds[k].start == start_submit) {
      ASSERT_EQ(kinds[k].start(&fake.db), 0);
      ASSERT_EQ(fake.ncalls, 0);
      ASSERT_EQ(fake.pool.calls, 1);
      ASSERT_EQ(calls, 1);
      ASSERT_EQ(last_err, TD_EUNAVAIL);
      continue;
    }
    ASSERT_EQ(kinds[k].start(&fake.db), TD_EUNAVAIL);
    ASSERT_EQ(fake.ncalls, 0);
    ASSERT_EQ(fake.pool.calls, 1);
    ASSERT_EQ(fake.queries, 0);
    ASSERT_EQ(calls, 0);
  }
}

static void every_call_without_a_pool_is_unavailable(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    fake_teardown();
    fake_setup();
    fake.db.pool = NULL;
    calls = 0;
    ASSERT_EQ(kinds[k].start(&fake.db), TD_EUNAVAIL);
    ASSERT_EQ(fake.pool.calls, 0);
    ASSERT_EQ(calls, 0);
  }
}

static void every_call_maps_a_lost_connection_to_unavailable(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    ASSERT_EQ(start(k), 0);
    fake_answer(0, NULL);
    ASSERT(answered(k, TD_EUNAVAIL));
  }
}

static void every_call_maps_a_retryable_error_to_unavailable(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    ASSERT_EQ(start(k), 0);
    fake_answer_error(0, 1);
    ASSERT(answered(k, TD_EUNAVAIL));
  }
}

static void every_call_maps_another_error_to_internal(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    ASSERT_EQ(start(k), 0);
    fake_answer_error(0, 0);
    ASSERT(answered(k, TD_EINTERNAL));
  }
}

static void every_call_answers_no_row_as_its_contract_says(void)
{
  int k;

  for (k = 0; k < COUNT_OF(kinds); k++) {
    ASSERT_EQ(start(k), 0);
    fake_answer(0, canned(kinds[k].cols, kinds[k].ncols));
    ASSERT(answered(k, kinds[k].no_row));
  }
}

int main(void)
{
  setup_kinds();
  RUN_DB_TEST(every_call_is_counted_and_sent_once);
  RUN_DB_TEST(every_call_the_pool_refuses_is_unavailable_and_never_calls_back);
  RUN_DB_TEST(every_call_without_a_pool_is_unavailable);
  RUN_DB_TEST(every_call_maps_a_lost_connection_to_unavailable);
  RUN_DB_TEST(every_call_maps_a_retryable_error_to_unavailable);
  RUN_DB_TEST(every_call_maps_another_error_to_internal);
  RUN_DB_TEST(every_call_answers_no_row_as_its_contract_says);
  return TEST_EXIT();
}
