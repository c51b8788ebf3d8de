/*
 * db/lifecycle.c from canned results: a state change (its parameters and
 * every verdict of td_apply_transition) and a petition's history.
 */
#include "db/lifecycle.h"
#include "test_db.h"

static struct td_transitioned applied;
static struct td_history history;
static int calls;

static void on_applied(void *arg, const struct td_transitioned *r)
{
  (void)arg;
  applied = *r;
  calls++;
}

static void on_history(void *arg, const struct td_history *r)
{
  (void)arg;
  history = *r;
  calls++;
}

static const char *const result_col[] = {"result"};
static const char *const seq_col[] = {"event_seq"};

static struct td_transition_write accept_write(void)
{
  struct td_transition_write w;

  memset(&w, 0, sizeof(w));
  w.id = 57;
  w.expected_version = 3;
  w.calendar = 9;
  w.action = "accept";
  w.to_status = "accepted";
  w.at = 1767312000;
  w.note = "Thụ lý";
  w.complex = 1;
  w.set_deadline = 1;
  w.deadline = day_of("2026-02-16");
  w.rule_id = 7;
  w.step = "resolve";
  w.start = day_of("2026-01-02");
  w.extensions = 0;
  return w;
}

static int apply(const struct td_transition_write *w)
{
  calls = 0;
  memset(&applied, 0, sizeof(applied));
  return td_db_lifecycle_apply(&fake.db, 3, w, on_applied, NULL);
}

static void apply_sends_its_26_parameters_in_order(void)
{
  struct td_transition_write w = accept_write();
  const char *want[] = {
      "3",          "57",     "3",          "9",  "accept",  "accepted",
      "1767312000", "Thụ lý", NULL,         NULL, NULL,      "true",
      NULL,         "true",   "2026-02-16", "7",  "resolve", "2026-01-02",
      "0",          "false",  NULL,         NULL, NULL,      NULL,
      NULL,         NULL};

  ASSERT_EQ(apply(&w), 0);
  ASSERT(fake_params_are(want, 26));
  ASSERT(sql_placeholders_are(fake_last()->sql, 26));
  ASSERT_EQ(calls, 0);
}

/* A keyed step sends its key and hash; a clock found off, the time it
 * claimed and the skew. */
static void apply_sends_the_key_and_the_clock(void)
{
  struct td_transition_write w = accept_write();

  w.key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  w.hash = "ab01";
  w.clock_skew = -3600;
  w.claimed_at = 1767308400;
  ASSERT_EQ(apply(&w), 0);
  ASSERT_STR_EQ(fake_last()->params[20], w.key);
  ASSERT_STR_EQ(fake_last()->params[21], "ab01");
  ASSERT_STR_EQ(fake_last()->params[22], "1767308400");
  ASSERT_STR_EQ(fake_last()->params[23], "-3600");
}

static void apply_without_a_new_deadline_sends_null_for_it(void)
{
  struct td_transition_write w = accept_write();
  const char *want[] = {
      "3",         "57",         "3",          "9",       "resolve",
      "resolved",  "1767312000", NULL,         "UBND xã", "answered_in_writing",
      "satisfied", "false",      "QĐ-12/2026", "false",   NULL,
      NULL,        NULL,         NULL,         "2",       "true",
      NULL,        NULL,         NULL,         NULL,      "partly_correct",
      NULL};

  w.action = "resolve";
  w.to_status = "resolved";
  w.note = NULL;
  w.transfer_target = "UBND xã";
  w.outcome = "answered_in_writing";
  w.satisfaction = "satisfied";
  w.complex = 0;
  w.decision_no = "QĐ-12/2026";
  w.set_deadline = 0;
  w.extensions = 2;
  w.especially_complex = 1;
  w.finding = "partly_correct";
  ASSERT_EQ(apply(&w), 0);
  ASSERT(fake_params_are(want, 26));
}

/* A note that marks a repeat visit sends the earlier receipt number. */
static void a_note_sends_the_petition_it_repeats(void)
{
  struct td_transition_write w = accept_write();

  w.action = "note";
  w.to_status = "received";
  w.note = NULL;
  w.set_deadline = 0;
  w.repeat_of = "BL-2025-000031";
  ASSERT_EQ(apply(&w), 0);
  ASSERT_STR_EQ(fake_last()->params[4], "note");
  ASSERT_NULL(fake_last()->params[24]);
  ASSERT_STR_EQ(fake_last()->params[25], "BL-2025-000031");
}

static void a_new_deadline_without_a_rule_sends_null_for_the_rule(void)
{
  struct td_transition_write w = accept_write();

  w.rule_id = 0;
  ASSERT_EQ(apply(&w), 0);
  ASSERT_STR_EQ(fake_last()->params[14], "2026-02-16");
  ASSERT_NULL(fake_last()->params[15]);
}

static void answer_apply(int i, const char *verdict,
                         const char *const *petition, const char *seq)
{
  const char *v[] = {verdict};
  const char *s[] = {seq};

  fake_answer(i, petition_result(result_col, v, 1, petition, seq_col, s, 1));
}

static const struct {
  const char *text; /* As td_apply_transition answers (sql/002). */
  enum td_transition_verdict verdict;
  int with_row;
} transition_cases[] = {
    {"ok", TD_TRANSITION_APPLIED, 1},
    {"conflict", TD_TRANSITION_CONFLICT, 0},
    {"stale_calendar", TD_TRANSITION_STALE_CALENDAR, 0},
    {"duplicate", TD_TRANSITION_DUPLICATE, 1},
    {"key_conflict", TD_TRANSITION_KEY_CONFLICT, 0},
    {"unknown_finding", TD_TRANSITION_UNKNOWN_FINDING, 0},
    {"repeat_not_found", TD_TRANSITION_REPEAT_NOT_FOUND, 0},
    {"repeat_not_older", TD_TRANSITION_REPEAT_NOT_OLDER, 0},
    {"repeat_secret", TD_TRANSITION_REPEAT_SECRET, 0},
    {"repeat_self", TD_TRANSITION_REPEAT_SELF, 0},
};

static void every_transition_verdict_is_reached_from_its_sql_text(void)
{
  struct td_transition_write w = accept_write();
  int reached[TD_TRANSITION__COUNT] = {0};
  int i;

#define XX(name, text) +1
  ASSERT_EQ(COUNT_OF(transition_cases), 0 TD_TRANSITION_VERDICTS(XX));
#undef XX
  for (i = 0; i < COUNT_OF(transition_cases); i++) {
    fake_teardown();
    fake_setup();
    ASSERT_EQ(apply(&w), 0);
    answer_apply(0, transition_cases[i].text,
                 transition_cases[i].with_row ? petition_full : NULL,
                 transition_cases[i].with_row ? "901" : NULL);
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(applied.err, 0);
    ASSERT_EQ(applied.verdict, transition_cases[i].verdict);
    if (transition_cases[i].with_row) {
      assert_full_petition(applied.row);
      ASSERT_EQ(applied.event_seq, 901);
    } else {
      ASSERT_NULL(applied.row);
      ASSERT_EQ(applied.event_seq, 0);
    }
    reached[applied.verdict]++;
  }
  for (i = 0; i < TD_TRANSITION__COUNT; i++)
    ASSERT_EQ(reached[i], 1);
}

static void an_unknown_transition_verdict_is_internal(void)
{
  struct td_transition_write w = accept_write();

  ASSERT_EQ(apply(&w), 0);
  answer_apply(0, "applied", petition_full, "901");
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(applied.err, TD_EINTERNAL);
  ASSERT_NULL(applied.row);
}

static void applied_without_the_petition_is_internal(void)
{
  struct td_transition_write w = accept_write();

  ASSERT_EQ(apply(&w), 0);
  answer_apply(0, "ok", NULL, "901");
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(applied.err, TD_EINTERNAL);
}

static void a_transition_with_two_rows_or_none_is_internal(void)
{
  struct td_transition_write w = accept_write();
  const char *names[64];
  const char *vals[64];
  PGresult *res;
  int n = cols_join(names, result_col, 1, petition_v_cols, PETITION_V_NCOLS);

  names[n++] = seq_col[0];
  vals[0] = "ok";
  cols_join(vals + 1, petition_full, PETITION_V_NCOLS, NULL, 0);
  vals[n - 1] = "901";
  ASSERT_EQ(apply(&w), 0);
  res = canned(names, n);
  canned_row(res, vals);
  canned_row(res, vals);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(applied.err, TD_EINTERNAL);
  ASSERT_EQ(apply(&w), 0);
  fake_answer(1, canned(names, n));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(applied.err, TD_EINTERNAL);
}

/* History ----------------------------------------------------------------- */

static void history_sends_the_petition_id(void)
{
  const char *want[] = {"57"};

  ASSERT_EQ(td_db_lifecycle_history(&fake.db, 57, on_history, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
}

static void history_maps_every_column_of_each_event_oldest_first(void)
{
  const char *submit[] = {"900",
                          "57",
                          "1767225600",
                          "Nguyễn Thị Hoa",
                          "reception",
                          "submit",
                          NULL,
                          "received",
                          NULL,
                          "{\"status\": \"received\"}",
                          "{\"status\": \"received\"}"};
  const char *accept[] = {"901",
                          "57",
                          "1767312000",
                          "Hoàng Văn Lãnh",
                          "leader",
                          "accept",
                          "received",
                          "accepted",
                          "Thụ lý",
                          "{\"complex\": true, \"note\": \"x\"}",
                          "{\"complex\": true}"};
  const char *read[] = {
      "902",   "57", "1767312001", "Sùng A Tính", "dashboard", "identity_read",
      "bogus", "",   NULL,         NULL,          NULL};
  PGresult *res;
  Tiepdan__Event *e;
  const struct td_event_row *row;

  calls = 0;
  ASSERT_EQ(td_db_lifecycle_history(&fake.db, 57, on_history, NULL), 0);
  res = canned(history_cols, COUNT_OF(history_cols));
  canned_row(res, submit);
  canned_row(res, accept);
  canned_row(res, read);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(history.err, 0);
  ASSERT_EQ(history.n, 3);
  row = &history.events[0];
  e = row->event;
  ASSERT(e->has_seq && e->seq == 900);
  ASSERT(!e->has_from_status);
  ASSERT(e->has_to_status && e->to_status == TIEPDAN__STATUS__RECEIVED);
  ASSERT_NULL(row->note);
  ASSERT_NULL(e->note);
  row = &history.events[1];
  e = row->event;
  ASSERT(e->has_seq && e->seq == 901);
  ASSERT(e->has_petition_id && e->petition_id == 57);
  ASSERT(e->has_at && e->at == 1767312000);
  ASSERT_STR_EQ(e->actor, "Hoàng Văn Lãnh");
  ASSERT_STR_EQ(e->actor_role, "leader");
  ASSERT_STR_EQ(e->action, "accept");
  ASSERT(e->has_from_status && e->from_status == TIEPDAN__STATUS__RECEIVED);
  ASSERT(e->has_to_status && e->to_status == TIEPDAN__STATUS__ACCEPTED);
  /* The texts are sealed: read apart, never into the wire message. */
  ASSERT_NULL(e->note);
  ASSERT_NULL(e->changes);
  ASSERT_STR_EQ(row->note, "Thụ lý");
  ASSERT_STR_EQ(row->changes, "{\"complex\": true, \"note\": \"x\"}");
  ASSERT_STR_EQ(row->changes_public, "{\"complex\": true}");
  ASSERT_NULL(e->receipt_no);
  ASSERT_NULL(e->unit_code);
  ASSERT(!e->has_redacted);
  /* A status this build does not know is left out, not guessed. */
  row = &history.events[2];
  e = row->event;
  ASSERT(!e->has_from_status);
  ASSERT(!e->has_to_status);
  ASSERT_NULL(row->changes);
}

static void a_petition_without_events_has_an_empty_history(void)
{
  calls = 0;
  ASSERT_EQ(td_db_lifecycle_history(&fake.db, 57, on_history, NULL), 0);
  fake_answer(0, canned(history_cols, COUNT_OF(history_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(history.err, 0);
  ASSERT_EQ(history.n, 0);
}

int main(void)
{
  RUN_DB_TEST(apply_sends_its_26_parameters_in_order);
  RUN_DB_TEST(apply_sends_the_key_and_the_clock);
  RUN_DB_TEST(apply_without_a_new_deadline_sends_null_for_it);
  RUN_DB_TEST(a_note_sends_the_petition_it_repeats);
  RUN_DB_TEST(a_new_deadline_without_a_rule_sends_null_for_the_rule);
  RUN_DB_TEST(every_transition_verdict_is_reached_from_its_sql_text);
  RUN_DB_TEST(an_unknown_transition_verdict_is_internal);
  RUN_DB_TEST(applied_without_the_petition_is_internal);
  RUN_DB_TEST(a_transition_with_two_rows_or_none_is_internal);
  RUN_DB_TEST(history_sends_the_petition_id);
  RUN_DB_TEST(history_maps_every_column_of_each_event_oldest_first);
  RUN_DB_TEST(a_petition_without_events_has_an_empty_history);
  return TEST_EXIT();
}
