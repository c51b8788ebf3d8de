/*
 * db/stats.c and db/feed.c from canned results: statistics from the cells
 * and from the rollup (every measure and key, the declined and out-of-scope
 * answers), sessions held, the fold, the change feed and its mark.
 */
#include "db/feed.h"
#include "db/stats.h"
#include "test_db.h"

static struct td_stats stats;
static struct td_session_stats session_stats;
static struct td_folded folded;
static struct td_changes changes;
static struct td_feed_marked marked;
static char marked_message[128];
static int calls;

static void on_stats(void *arg, const struct td_stats *r)
{
  (void)arg;
  stats = *r;
  calls++;
}

static void on_session_stats(void *arg, const struct td_session_stats *r)
{
  (void)arg;
  session_stats = *r;
  calls++;
}

static void on_folded(void *arg, const struct td_folded *r)
{
  (void)arg;
  folded = *r;
  calls++;
}

static void on_changes(void *arg, const struct td_changes *r)
{
  (void)arg;
  changes = *r;
  calls++;
}

/* The message is borrowed from the result: copied while it lives. */
static void on_marked(void *arg, const struct td_feed_marked *r)
{
  (void)arg;
  marked = *r;
  snprintf(marked_message, sizeof(marked_message), "%s",
           r->message != NULL ? r->message : "(none)");
  marked.message = marked_message;
  calls++;
}

static struct td_stats_query stats_query(void)
{
  struct td_stats_query q;

  memset(&q, 0, sizeof(q));
  q.from_day = "2026-01-01";
  q.to_day = "2026-04-01";
  q.today = day_of("2026-03-15");
  q.unit_level = "commune";
  q.period = "";
  q.soon_days = 3;
  return q;
}

static int count(const struct td_stats_query *q, int rollup)
{
  calls = 0;
  memset(&stats, 0, sizeof(stats));
  return td_db_stats_counts(&fake.db, 11, q, rollup, on_stats, NULL);
}

static void cell_statistics_send_their_17_parameters_in_order(void)
{
  struct td_stats_query q = stats_query();
  const char *want[] = {
      "11",        "03390", "2026-01-01", "2026-04-01", "2026-03-15", "true",
      "commune",   "true",  "false",      "true",       "false",      "quarter",
      "complaint", NULL,    "7",          NULL,         "false"};

  q.unit_code = "03390";
  q.by_unit = 1;
  q.by_kind = 1;
  q.by_field = 1;
  q.period = "quarter";
  q.kind = "complaint";
  q.soon_days = 7;
  ASSERT_EQ(count(&q, 0), 0);
  ASSERT(fake_params_are(want, 17));
  ASSERT(sql_placeholders_are(fake_last()->sql, 17));
  ASSERT(strstr(fake_last()->sql, "JOIN stat_cells") != NULL);
}

/* A period in days, the Front's petitions left out, only the open ones:
 * the same 17 parameters, counted from the petitions themselves. */
static void day_statistics_count_the_petitions_with_the_same_parameters(void)
{
  struct td_stats_query q = stats_query();
  const char *want[] = {
      "11",         NULL,    "2025-12-15", "2026-03-15",
      "2026-03-15", "false", "commune",    "false",
      "false",      "false", "false",      "",
      NULL,         NULL,    "3",          "front_supervision",
      "true"};

  q.from_day = "2025-12-15";
  q.to_day = "2026-03-15";
  q.days = 1;
  q.exclude_channel = "front_supervision";
  q.open_only = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  ASSERT_EQ(count(&q, 0), 0);
  ASSERT(fake_params_are(want, 17));
  ASSERT(sql_placeholders_are(fake_last()->sql, 17));
  ASSERT(strstr(fake_last()->sql, "stat_cells") == NULL);
  ASSERT(strstr(fake_last()->sql, "td_stat_key(p)") != NULL);
}

/* The statement says a channel is unknown: nothing else is read. */
static void an_unknown_channel_is_reported_as_such(void)
{
  struct td_stats_query q = stats_query();
  static const char *const cols[] = {"scope_id", "k_unit", "received",
                                     "channel_ok", "exclude_ok"};
  const char *row[] = {"11", "", NULL, "t", "f"};
  PGresult *res;

  q.exclude_channel = "nowhere";
  ASSERT_EQ(count(&q, 0), 0);
  res = canned(cols, COUNT_OF(cols));
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.bad_channel, 2);
  ASSERT_EQ(stats.n, 0);
}

static void cell_statistics_send_false_for_each_dimension_not_asked(void)
{
  struct td_stats_query q = stats_query();
  const char *want[] = {"11",         NULL,
                        "2026-01-01", "2026-04-01",
                        "2026-03-15", "false",
                        "commune",    "false",
                        "true",       "false",
                        "true",       "",
                        NULL,         "regular_reception",
                        "3",          NULL,
                        "false"};

  q.by_channel = 1;
  q.by_status = 1;
  q.channel = "regular_reception";
  ASSERT_EQ(count(&q, 0), 0);
  ASSERT(fake_params_are(want, 17));
}

static void rollup_statistics_send_their_9_parameters_in_order(void)
{
  struct td_stats_query q = stats_query();
  const char *want[] = {"1",          NULL,         "2026-01-01",
                        "2026-04-01", "2026-03-15", "true",
                        "province",   "month",      "3"};

  q.by_unit = 1;
  q.unit_level = "province";
  q.period = "month";
  calls = 0;
  ASSERT_EQ(td_db_stats_counts(&fake.db, 1, &q, 1, on_stats, NULL), 0);
  ASSERT(fake_params_are(want, 9));
  ASSERT(sql_placeholders_are(fake_last()->sql, 9));
}

/* A row of stats_cols: scope, six keys, then 16 distinct measures from
 * base + 1 in the statement's order. */
static void stats_row(PGresult *res, const char *scope, const char *const *keys,
                      int base)
{
  static char nums[16][24];
  const char *row[COUNT_OF(stats_cols)];
  int i;

  row[0] = scope;
  for (i = 0; i < 6; i++)
    row[1 + i] = keys != NULL ? keys[i] : NULL;
  for (i = 0; i < 16; i++) {
    snprintf(nums[i], sizeof(nums[i]), "%d", base + 1 + i);
    row[7 + i] = keys != NULL ? nums[i] : NULL;
  }
  canned_row(res, row);
}

/* The measures of a row made by stats_row with base. */
static void assert_measures(const struct td_stat_counts *c, uint64_t base)
{
  ASSERT_EQ(c->received, base + 1);
  ASSERT_EQ(c->accepted, base + 2);
  ASSERT_EQ(c->not_accepted, base + 3);
  ASSERT_EQ(c->transferred, base + 4);
  ASSERT_EQ(c->resolved, base + 5);
  ASSERT_EQ(c->answered_in_writing, base + 6);
  ASSERT_EQ(c->mediated_successfully, base + 7);
  ASSERT_EQ(c->mediation_failed, base + 8);
  ASSERT_EQ(c->decision_issued, base + 9);
  ASSERT_EQ(c->withdrawn, base + 10);
  ASSERT_EQ(c->resolved_on_time, base + 11);
  ASSERT_EQ(c->resolved_late, base + 12);
  ASSERT_EQ(c->open_within_deadline, base + 13);
  ASSERT_EQ(c->open_overdue, base + 14);
  ASSERT_EQ(c->open_due_soon, base + 15);
  ASSERT_EQ(c->group_petitions, base + 16);
}

static void cell_statistics_map_every_key_and_measure(void)
{
  struct td_stats_query q = stats_query();
  const char *a[] = {"03390", "complaint", "regular_reception",
                     "land",  "resolved",  "2026-Q1"};
  const char *b[] = {"03405", "", "", "", "", ""};
  PGresult *res;
  int k;

  ASSERT_EQ(count(&q, 0), 0);
  res = canned(stats_cols, COUNT_OF(stats_cols));
  stats_row(res, "11", a, 100);
  stats_row(res, "11", b, 200);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 1);
  ASSERT_EQ(stats.scope_id, 11);
  ASSERT_EQ(stats.declined, 0);
  ASSERT_EQ(stats.n, 2);
  for (k = 0; k < 6; k++) {
    ASSERT_STR_EQ(stats.rows[0].keys[k], a[k]);
    ASSERT_STR_EQ(stats.rows[1].keys[k], b[k]);
  }
  assert_measures(&stats.rows[0].counts, 100);
  assert_measures(&stats.rows[1].counts, 200);
}

static void a_null_measure_counts_zero(void)
{
  struct td_stats_query q = stats_query();
  const char *row[COUNT_OF(stats_cols)];
  PGresult *res;
  int i;

  ASSERT_EQ(count(&q, 0), 0);
  res = canned(stats_cols, COUNT_OF(stats_cols));
  row[0] = "11";
  for (i = 1; i < 7; i++)
    row[i] = "";
  row[7] = "5"; /* FILTERed sums of no row are NULL. */
  for (i = 8; i < COUNT_OF(stats_cols); i++)
    row[i] = NULL;
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.n, 1);
  ASSERT_EQ(stats.rows[0].counts.received, 5);
  ASSERT_EQ(stats.rows[0].counts.accepted, 0);
  ASSERT_EQ(stats.rows[0].counts.group_petitions, 0);
}

static void statistics_of_an_empty_period_have_no_rows(void)
{
  struct td_stats_query q = stats_query();
  PGresult *res;

  ASSERT_EQ(count(&q, 0), 0);
  res = canned(stats_cols, COUNT_OF(stats_cols));
  stats_row(res, "11", NULL, 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 1);
  ASSERT_EQ(stats.scope_id, 11);
  ASSERT_EQ(stats.n, 0);
}

static void statistics_of_a_unit_out_of_scope_say_so(void)
{
  struct td_stats_query q = stats_query();
  PGresult *res;

  q.unit_code = "01234";
  ASSERT_EQ(count(&q, 0), 0);
  res = canned(stats_cols, COUNT_OF(stats_cols));
  stats_row(res, NULL, NULL, 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 0);
  ASSERT_EQ(stats.scope_id, 0);
  ASSERT_EQ(stats.n, 0);
}

static void statistics_without_the_scope_row_are_internal(void)
{
  struct td_stats_query q = stats_query();

  ASSERT_EQ(count(&q, 0), 0);
  fake_answer(0, canned(stats_cols, COUNT_OF(stats_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, TD_EINTERNAL);
}

/* A row of rollup_cols: scope, rollup, the unit and period keys (the others
 * are '' in the statement), measures from base + 1. */
static void rollup_row(PGresult *res, const char *scope, const char *rollup,
                       const char *unit, const char *period, int base)
{
  static char nums[16][24];
  const char *row[COUNT_OF(rollup_cols)];
  int i;

  row[0] = scope;
  row[1] = rollup;
  row[2] = unit;
  for (i = 3; i < 7; i++)
    row[i] = unit != NULL ? "" : NULL;
  row[7] = period;
  for (i = 0; i < 16; i++) {
    snprintf(nums[i], sizeof(nums[i]), "%d", base + 1 + i);
    row[8 + i] = unit != NULL ? nums[i] : NULL;
  }
  canned_row(res, row);
}

static void the_rollup_maps_every_measure_and_its_keys(void)
{
  struct td_stats_query q = stats_query();
  PGresult *res;

  q.by_unit = 1;
  q.unit_level = "province";
  q.period = "month";
  ASSERT_EQ(count(&q, 1), 0);
  res = canned(rollup_cols, COUNT_OF(rollup_cols));
  rollup_row(res, "1", "t", "12", "2026-01", 1000);
  rollup_row(res, "1", "t", "12", "2026-02", 2000);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 1);
  ASSERT_EQ(stats.scope_id, 1);
  ASSERT_EQ(stats.declined, 0);
  ASSERT_EQ(stats.n, 2);
  ASSERT_STR_EQ(stats.rows[0].keys[0], "12");
  ASSERT_STR_EQ(stats.rows[0].keys[1], "");
  ASSERT_STR_EQ(stats.rows[0].keys[4], "");
  ASSERT_STR_EQ(stats.rows[0].keys[5], "2026-01");
  ASSERT_STR_EQ(stats.rows[1].keys[5], "2026-02");
  assert_measures(&stats.rows[0].counts, 1000);
  assert_measures(&stats.rows[1].counts, 2000);
}

static void the_rollup_declines_a_scope_below_a_province(void)
{
  struct td_stats_query q = stats_query();
  PGresult *res;

  ASSERT_EQ(count(&q, 1), 0);
  res = canned(rollup_cols, COUNT_OF(rollup_cols));
  rollup_row(res, "3390", "f", NULL, NULL, 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 1);
  ASSERT_EQ(stats.declined, 1);
  ASSERT_EQ(stats.n, 0);
}

static void the_rollup_of_a_unit_out_of_scope_says_so_and_does_not_decline(void)
{
  struct td_stats_query q = stats_query();
  PGresult *res;

  q.unit_code = "01234";
  ASSERT_EQ(count(&q, 1), 0);
  res = canned(rollup_cols, COUNT_OF(rollup_cols));
  rollup_row(res, NULL, "f", NULL, NULL, 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(stats.err, 0);
  ASSERT_EQ(stats.scope_found, 0);
  ASSERT_EQ(stats.declined, 0);
  ASSERT_EQ(stats.n, 0);
}

static void the_rollup_answers_only_units_at_province_or_nation_by_period(void)
{
  struct td_stats_query q = stats_query();

  ASSERT_EQ(td_db_stats_rollup_can(&q), 1); /* Not by unit: the scope's. */
  q.by_unit = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q.unit_level = "province";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 1);
  q.unit_level = "nation";
  q.period = "year";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 1);
  q.by_kind = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.by_channel = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.by_field = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.by_status = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.kind = "complaint";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.channel = "mail";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.exclude_channel = "front_supervision";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  q = stats_query();
  q.days = 1;
  ASSERT_EQ(td_db_stats_rollup_can(&q), 0);
  /* Every open petition, any month: still the rollup's. */
  q = stats_query();
  q.open_only = 1;
  q.from_day = "-infinity";
  q.to_day = "infinity";
  ASSERT_EQ(td_db_stats_rollup_can(&q), 1);
}

/* Sessions held -------------------------------------------------------------
 */

static void session_statistics_send_the_scope_and_the_months(void)
{
  struct td_stats_query q = stats_query();
  const char *want[] = {"3390", "2026-01-01", "2026-04-01"};

  ASSERT_EQ(td_db_stats_sessions(&fake.db, 3390, &q, on_session_stats, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
  ASSERT(sql_placeholders_are(fake_last()->sql, 3));
}

static void session_statistics_map_each_type_and_count(void)
{
  struct td_stats_query q = stats_query();
  const char *a[] = {"dialogue", "2", "35", "7", "3", "4"};
  const char *b[] = {"voters_meeting", "1", "120", "15", "10", "5"};
  PGresult *res;
  const Tiepdan__SessionStat *s;

  calls = 0;
  ASSERT_EQ(td_db_stats_sessions(&fake.db, 3390, &q, on_session_stats, NULL),
            0);
  res = canned(session_stats_cols, COUNT_OF(session_stats_cols));
  canned_row(res, a);
  canned_row(res, b);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(session_stats.err, 0);
  ASSERT_EQ(session_stats.n, 2);
  s = session_stats.stats[0];
  ASSERT(s->has_type && s->type == TIEPDAN__SESSION_TYPE__DIALOGUE);
  ASSERT(s->has_sessions && s->sessions == 2);
  ASSERT(s->has_attendees && s->attendees == 35);
  ASSERT(s->has_opinions && s->opinions == 7);
  ASSERT(s->has_resolved_on_spot && s->resolved_on_spot == 3);
  ASSERT(s->has_forwarded && s->forwarded == 4);
  s = session_stats.stats[1];
  ASSERT(s->type == TIEPDAN__SESSION_TYPE__VOTERS_MEETING);
  ASSERT_EQ(s->sessions, 1);
  ASSERT_EQ(s->attendees, 120);
  ASSERT_EQ(s->opinions, 15);
  ASSERT_EQ(s->resolved_on_spot, 10);
  ASSERT_EQ(s->forwarded, 5);
}

static void a_period_without_sessions_has_no_session_statistics(void)
{
  struct td_stats_query q = stats_query();

  calls = 0;
  ASSERT_EQ(td_db_stats_sessions(&fake.db, 3390, &q, on_session_stats, NULL),
            0);
  fake_answer(0, canned(session_stats_cols, COUNT_OF(session_stats_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(session_stats.err, 0);
  ASSERT_EQ(session_stats.n, 0);
}

/* The fold ----------------------------------------------------------------- */

static void the_fold_says_whether_it_moved_the_rollup(void)
{
  const char *cols[] = {"td_job_fold"};
  const char *want[] = {"1780000000", "host:7443 pid 9"};
  const char *three[] = {"3"};
  const char *zero[] = {"0"};
  const char *other[] = {"-1"};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_stats_fold(&fake.db, 1780000000, "host:7443 pid 9", on_folded,
                             NULL),
            0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
  res = canned(cols, 1);
  canned_row(res, three);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(folded.err, 0);
  ASSERT_EQ(folded.claimed, 1);
  ASSERT_EQ(folded.moved, 1);
  ASSERT_EQ(td_db_stats_fold(&fake.db, 1, "s", on_folded, NULL), 0);
  res = canned(cols, 1);
  canned_row(res, zero);
  fake_answer(1, res);
  ASSERT_EQ(calls, 2);
  ASSERT_EQ(folded.err, 0);
  ASSERT_EQ(folded.claimed, 1);
  ASSERT_EQ(folded.moved, 0);
  /* Another server had the period. */
  ASSERT_EQ(td_db_stats_fold(&fake.db, 1, "s", on_folded, NULL), 0);
  res = canned(cols, 1);
  canned_row(res, other);
  fake_answer(2, res);
  ASSERT_EQ(calls, 3);
  ASSERT_EQ(folded.err, 0);
  ASSERT_EQ(folded.claimed, 0);
  ASSERT_EQ(folded.moved, 0);
}

/* The change feed -----------------------------------------------------------
 */

static void the_feed_sends_scope_cursor_bound_and_limit(void)
{
  const char *want[] = {"11", "03390", "900", "1200", "500"};
  const char *mine[] = {"11", NULL, "0", "9000000000", "1"};

  ASSERT_EQ(td_db_feed_changes(&fake.db, 11, "03390", 900, 1200, 500,
                               on_changes, NULL),
            0);
  ASSERT(fake_params_are(want, 5));
  ASSERT(sql_placeholders_are(fake_last()->sql, 5));
  ASSERT_EQ(td_db_feed_changes(&fake.db, 11, NULL, 0, 9000000000ULL, 1,
                               on_changes, NULL),
            0);
  ASSERT(fake_params_are(mine, 5));
}

static void the_feed_maps_each_event_with_what_its_redaction_needs(void)
{
  const char *a[] = {"901",
                     "57",
                     "1767312000",
                     "Hoàng Văn Lãnh",
                     "leader",
                     "accept",
                     "received",
                     "accepted",
                     "Thụ lý",
                     "{\"note\": \"Thụ lý\", \"status\": \"accepted\"}",
                     "{\"status\": \"accepted\"}",
                     "BL-2026-000057",
                     "03390",
                     "denunciation",
                     "2026-02-16",
                     "t",
                     "t",
                     "4001",
                     "11"};
  const char *b[] = {"905",       "58",        "1767400000",  "Nguyễn Thị Hoa",
                     "reception", "resolve",   "in_progress", "resolved",
                     NULL,        NULL,        NULL,          "BL-2026-000058",
                     "03390",     "complaint", NULL,          "f",
                     "f",         "4001",      "11"};
  PGresult *res;
  const struct td_change_row *c;

  calls = 0;
  ASSERT_EQ(
      td_db_feed_changes(&fake.db, 11, NULL, 900, 1200, 500, on_changes, NULL),
      0);
  res = canned(changes_cols, COUNT_OF(changes_cols));
  canned_row(res, a);
  canned_row(res, b);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(changes.err, 0);
  ASSERT_EQ(changes.scope_found, 1);
  ASSERT_EQ(changes.n, 2);
  c = &changes.rows[0];
  ASSERT(c->ev.event->has_seq && c->ev.event->seq == 901);
  ASSERT(c->ev.event->has_petition_id && c->ev.event->petition_id == 57);
  ASSERT(c->ev.event->has_at && c->ev.event->at == 1767312000);
  ASSERT_STR_EQ(c->ev.event->actor, "Hoàng Văn Lãnh");
  ASSERT_STR_EQ(c->ev.event->actor_role, "leader");
  ASSERT_STR_EQ(c->ev.event->action, "accept");
  ASSERT(c->ev.event->from_status == TIEPDAN__STATUS__RECEIVED);
  ASSERT(c->ev.event->to_status == TIEPDAN__STATUS__ACCEPTED);
  /* The texts are sealed: read apart, never into the wire message. */
  ASSERT_NULL(c->ev.event->note);
  ASSERT_NULL(c->ev.event->changes);
  ASSERT_STR_EQ(c->ev.note, "Thụ lý");
  ASSERT_STR_EQ(c->ev.changes,
                "{\"note\": \"Thụ lý\", \"status\": \"accepted\"}");
  ASSERT_STR_EQ(c->ev.changes_public, "{\"status\": \"accepted\"}");
  ASSERT_STR_EQ(c->ev.event->receipt_no, "BL-2026-000057");
  ASSERT_STR_EQ(c->ev.event->unit_code, "03390");
  ASSERT_STR_EQ(c->ev.event->kind, "denunciation");
  ASSERT_STR_EQ(c->ev.event->deadline, "2026-02-16");
  ASSERT(!c->ev.event->has_redacted);
  ASSERT_EQ(c->secrecy.denunciation, 1);
  ASSERT_EQ(c->secrecy.confidential, 1);
  ASSERT_EQ(c->secrecy.handling_unit_id, 4001);
  c = &changes.rows[1];
  ASSERT_EQ(c->ev.event->seq, 905);
  ASSERT_NULL(c->ev.note);
  ASSERT_NULL(c->ev.event->deadline); /* Closed: no deadline runs. */
  ASSERT_EQ(c->secrecy.denunciation, 0);
  ASSERT_EQ(c->secrecy.confidential, 0);
}

static void the_feed_of_a_scope_without_new_events_is_empty(void)
{
  const char *row[COUNT_OF(changes_cols)] = {NULL};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(
      td_db_feed_changes(&fake.db, 11, NULL, 900, 1200, 500, on_changes, NULL),
      0);
  row[18] = "11";
  res = canned(changes_cols, COUNT_OF(changes_cols));
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(changes.err, 0);
  ASSERT_EQ(changes.scope_found, 1);
  ASSERT_EQ(changes.n, 0);
}

static void the_feed_of_a_unit_out_of_scope_says_so(void)
{
  const char *row[COUNT_OF(changes_cols)] = {NULL};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_feed_changes(&fake.db, 11, "01234", 900, 1200, 500,
                               on_changes, NULL),
            0);
  res = canned(changes_cols, COUNT_OF(changes_cols));
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(changes.err, 0);
  ASSERT_EQ(changes.scope_found, 0);
  ASSERT_EQ(changes.n, 0);
}

static void the_feed_without_its_scope_row_is_internal(void)
{
  calls = 0;
  ASSERT_EQ(
      td_db_feed_changes(&fake.db, 11, NULL, 900, 1200, 500, on_changes, NULL),
      0);
  fake_answer(0, canned(changes_cols, COUNT_OF(changes_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(changes.err, TD_EINTERNAL);
}

/* The mark ------------------------------------------------------------------
 */

static int mark(uint64_t horizon)
{
  calls = 0;
  memset(&marked, 0, sizeof(marked));
  return td_db_feed_mark(&fake.db, horizon, on_marked, NULL);
}

static PGresult *mark_result(const char *seq, const char *xid, const char *xmin,
                             const char *principals)
{
  const char *row[] = {seq, xid, xmin, principals};
  PGresult *res = canned(mark_cols, COUNT_OF(mark_cols));

  canned_row(res, row);
  return res;
}

static void the_mark_sends_the_horizon(void)
{
  const char *want[] = {"18446744073709551615"};

  ASSERT_EQ(mark(UINT64_MAX), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
}

static void the_mark_maps_its_four_numbers(void)
{
  ASSERT_EQ(mark(1200), 0);
  fake_answer(0, mark_result("1205", "4711", "4700", "3"));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(marked.err, 0);
  ASSERT_EQ(marked.last_seq, 1205);
  ASSERT_EQ(marked.xid, 4711);
  ASSERT_EQ(marked.xmin, 4700);
  ASSERT_EQ(marked.principals, 3);
  ASSERT_STR_EQ(marked.message, "(none)");
}

static void an_unreadable_mark_is_internal(void)
{
  ASSERT_EQ(mark(1200), 0);
  fake_answer(0, mark_result("1205", "4711x", "4700", "3"));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(marked.err, TD_EINTERNAL);
  ASSERT_STR_EQ(marked.message, "the mark's row cannot be read");
  ASSERT_EQ(mark(1200), 0);
  fake_answer(1, mark_result("1205", "0", NULL, "3"));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(marked.err, TD_EINTERNAL);
  ASSERT_EQ(mark(1200), 0);
  fake_answer(2, canned(mark_cols, COUNT_OF(mark_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(marked.err, TD_EINTERNAL);
}

static void a_mark_lost_or_refused_says_why(void)
{
  ASSERT_EQ(mark(1200), 0);
  fake_answer(0, NULL);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(marked.err, TD_EUNAVAIL);
  ASSERT_STR_EQ(marked.message, "connection lost");
  ASSERT_EQ(mark(1200), 0);
  fake_answer_error(1, 1);
  ASSERT_EQ(marked.err, TD_EUNAVAIL);
  ASSERT_EQ(mark(1200), 0);
  fake_answer_error(2, 0);
  ASSERT_EQ(marked.err, TD_EINTERNAL);
}

int main(void)
{
  RUN_DB_TEST(cell_statistics_send_their_17_parameters_in_order);
  RUN_DB_TEST(day_statistics_count_the_petitions_with_the_same_parameters);
  RUN_DB_TEST(an_unknown_channel_is_reported_as_such);
  RUN_DB_TEST(cell_statistics_send_false_for_each_dimension_not_asked);
  RUN_DB_TEST(rollup_statistics_send_their_9_parameters_in_order);
  RUN_DB_TEST(cell_statistics_map_every_key_and_measure);
  RUN_DB_TEST(a_null_measure_counts_zero);
  RUN_DB_TEST(statistics_of_an_empty_period_have_no_rows);
  RUN_DB_TEST(statistics_of_a_unit_out_of_scope_say_so);
  RUN_DB_TEST(statistics_without_the_scope_row_are_internal);
  RUN_DB_TEST(the_rollup_maps_every_measure_and_its_keys);
  RUN_DB_TEST(the_rollup_declines_a_scope_below_a_province);
  RUN_DB_TEST(the_rollup_of_a_unit_out_of_scope_says_so_and_does_not_decline);
  RUN_DB_TEST(the_rollup_answers_only_units_at_province_or_nation_by_period);
  RUN_DB_TEST(session_statistics_send_the_scope_and_the_months);
  RUN_DB_TEST(session_statistics_map_each_type_and_count);
  RUN_DB_TEST(a_period_without_sessions_has_no_session_statistics);
  RUN_DB_TEST(the_fold_says_whether_it_moved_the_rollup);
  RUN_DB_TEST(the_feed_sends_scope_cursor_bound_and_limit);
  RUN_DB_TEST(the_feed_maps_each_event_with_what_its_redaction_needs);
  RUN_DB_TEST(the_feed_of_a_scope_without_new_events_is_empty);
  RUN_DB_TEST(the_feed_of_a_unit_out_of_scope_says_so);
  RUN_DB_TEST(the_feed_without_its_scope_row_is_internal);
  RUN_DB_TEST(the_mark_sends_the_horizon);
  RUN_DB_TEST(the_mark_maps_its_four_numbers);
  RUN_DB_TEST(an_unreadable_mark_is_internal);
  RUN_DB_TEST(a_mark_lost_or_refused_says_why);
  return TEST_EXIT();
}
