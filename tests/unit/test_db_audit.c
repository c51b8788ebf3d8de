/*
 * db/audit.c from canned results: the parameters of td_audit_verify,
 * td_audit_latest_anchor and td_audit_anchor, every finding of the
 * verifier from its SQL text, the reply's counts and anchor, and what is
 * internal.
 */
#include "db/audit.h"
#include "test_db.h"

static struct td_audit_verified verified;
static struct td_audit_latest latest;
static struct td_audit_anchored anchored;
static int calls;

static void on_verified(void *arg, const struct td_audit_verified *r)
{
  (void)arg;
  verified = *r;
  calls++;
}

static void on_latest(void *arg, const struct td_audit_latest *r)
{
  (void)arg;
  latest = *r;
  calls++;
}

static void on_anchored(void *arg, const struct td_audit_anchored *r)
{
  (void)arg;
  anchored = *r;
  calls++;
}

/* The columns of the verify statement, in its order. */
static const char *const verify_cols[] = {
    "result",        "scope_id",        "receipt_no",  "seq",
    "events",        "petitions",       "anchors",     "anchor_province",
    "anchor_up_to",  "anchor_hash",     "anchor_at",   "anchor_petitions",
    "anchor_events", "found_petitions", "found_events"};

static const char hash[] =
    "03a7b9e71f897ba725dcbb8ab7422c6273bc17fa98e3ed5070fafe070f955077";

static PGresult *verify_result(const char *const *row)
{
  PGresult *res = canned(verify_cols, COUNT_OF(verify_cols));

  canned_row(res, row);
  return res;
}

static void verify_sends_the_caller_unit_and_the_code(void)
{
  const char *want[] = {"3390", "12"};

  ASSERT_EQ(td_db_audit_verify(&fake.db, 3390, "12", on_verified, NULL), 0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
}

static void verify_of_the_callers_own_unit_sends_null(void)
{
  const char *want[] = {"7", NULL};

  ASSERT_EQ(td_db_audit_verify(&fake.db, 7, NULL, on_verified, NULL), 0);
  ASSERT(fake_params_are(want, 2));
}

static void every_finding_is_reached_from_its_sql_text(void)
{
  static const struct {
    const char *text;
    enum td_audit_finding finding;
  } cases[] = {
      {"ok", TD_AUDIT_INTACT},
      {"missing", TD_AUDIT_MISSING},
      {"reordered", TD_AUDIT_REORDERED},
      {"altered", TD_AUDIT_ALTERED},
      {"unsealed", TD_AUDIT_UNSEALED},
      {"head_mismatch", TD_AUDIT_HEAD_MISMATCH},
      {"anchor_mismatch", TD_AUDIT_ANCHOR_MISMATCH},
  };
  int i;

  ASSERT_EQ(COUNT_OF(cases), TD_AUDIT__COUNT);
  for (i = 0; i < COUNT_OF(cases); i++) {
    const char *row[] = {cases[i].text, "12", NULL, NULL, "0",  "0",  "0", NULL,
                         NULL,          NULL, NULL, NULL, NULL, NULL, NULL};

    calls = 0;
    ASSERT_EQ(td_db_audit_verify(&fake.db, 1, NULL, on_verified, NULL), 0);
    fake_answer(fake.ncalls - 1, verify_result(row));
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(verified.err, 0);
    ASSERT_EQ(verified.scope_found, 1);
    ASSERT_EQ(verified.finding, cases[i].finding);
    ASSERT_NOT_NULL(verified.reply);
  }
}

static void an_unknown_finding_is_internal(void)
{
  const char *row[] = {"scrambled", "12", NULL, NULL, "0",  "0",  "0", NULL,
                       NULL,        NULL, NULL, NULL, NULL, NULL, NULL};

  calls = 0;
  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, NULL, on_verified, NULL), 0);
  fake_answer(0, verify_result(row));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(verified.err, TD_EINTERNAL);
  ASSERT_NULL(verified.reply);
}

static void a_unit_out_of_the_area_is_not_reached(void)
{
  const char *row[] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       NULL, NULL, NULL, NULL, NULL, NULL, NULL};

  calls = 0;
  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, "11", on_verified, NULL), 0);
  fake_answer(0, verify_result(row));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(verified.err, 0);
  ASSERT_EQ(verified.scope_found, 0);
  ASSERT_NULL(verified.reply);
}

static void a_broken_link_maps_its_petition_and_event(void)
{
  const char *row[] = {"altered", "12",  "BL-2026-000001",
                       "57",      "120", "31",
                       "4",       NULL,  NULL,
                       NULL,      NULL,  NULL,
                       NULL,      NULL,  NULL};

  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, NULL, on_verified, NULL), 0);
  fake_answer(0, verify_result(row));
  ASSERT_EQ(verified.finding, TD_AUDIT_ALTERED);
  ASSERT_STR_EQ(verified.reply->receipt_no, "BL-2026-000001");
  ASSERT(verified.reply->has_seq && verified.reply->seq == 57);
  ASSERT(verified.reply->has_events && verified.reply->events == 120);
  ASSERT(verified.reply->has_petitions && verified.reply->petitions == 31);
  ASSERT(verified.reply->has_anchors && verified.reply->anchors == 4);
  ASSERT_NULL(verified.reply->anchor);
  ASSERT(!verified.reply->has_found_petitions);
}

static void an_anchor_mismatch_maps_the_anchor_and_what_is_found(void)
{
  const char *row[] = {
      "anchor_mismatch", "12", NULL, NULL, "118", "30", "4", "12", "99", hash,
      "1796146445",      "3",  "9",  "2",  "7"};
  const Tiepdan__AuditAnchor *a;

  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, "12", on_verified, NULL), 0);
  fake_answer(0, verify_result(row));
  ASSERT_EQ(verified.finding, TD_AUDIT_ANCHOR_MISMATCH);
  a = verified.reply->anchor;
  ASSERT_NOT_NULL(a);
  ASSERT_STR_EQ(a->province_code, "12");
  ASSERT_STR_EQ(a->hash, hash);
  ASSERT(a->has_up_to_seq && a->up_to_seq == 99);
  ASSERT(a->has_made_at && a->made_at == 1796146445);
  ASSERT(a->has_petitions && a->petitions == 3);
  ASSERT(a->has_events && a->events == 9);
  ASSERT(verified.reply->has_found_petitions &&
         verified.reply->found_petitions == 2);
  ASSERT(verified.reply->has_found_events && verified.reply->found_events == 7);
  ASSERT_NULL(verified.reply->receipt_no);
  ASSERT(!verified.reply->has_seq);
}

static void a_verify_without_its_one_row_is_internal(void)
{
  calls = 0;
  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, NULL, on_verified, NULL), 0);
  fake_answer(0, canned(verify_cols, COUNT_OF(verify_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(verified.err, TD_EINTERNAL);
}

static void a_lost_connection_is_unavailable(void)
{
  calls = 0;
  ASSERT_EQ(td_db_audit_verify(&fake.db, 1, NULL, on_verified, NULL), 0);
  fake_answer(0, NULL);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(verified.err, TD_EUNAVAIL);
}

/* The latest anchor ------------------------------------------------------- */

static const char *const latest_cols[] = {
    "scope_id", "province_code", "up_to_seq", "hash",
    "made_at",  "petitions",     "events",    "province_name"};

static void latest_sends_the_caller_unit_and_the_code(void)
{
  const char *want[] = {"3390", "03390"};

  ASSERT_EQ(td_db_audit_latest(&fake.db, 3390, "03390", on_latest, NULL), 0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
}

static void the_latest_anchor_maps_its_columns(void)
{
  const char *row[] = {"5",          "12", "99", hash,
                       "1796146445", "3",  "9",  "Tỉnh Lai Châu"};
  PGresult *res = canned(latest_cols, COUNT_OF(latest_cols));

  canned_row(res, row);
  calls = 0;
  ASSERT_EQ(td_db_audit_latest(&fake.db, 1, NULL, on_latest, NULL), 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(latest.err, 0);
  ASSERT_EQ(latest.scope_found, 1);
  ASSERT_NOT_NULL(latest.anchor);
  ASSERT_STR_EQ(latest.anchor->hash, hash);
  ASSERT_STR_EQ(latest.anchor->province_name, "Tỉnh Lai Châu");
  ASSERT(latest.anchor->has_made_at && latest.anchor->made_at == 1796146445);
}

static void before_the_first_anchor_there_is_none(void)
{
  const char *row[] = {"5", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  PGresult *res = canned(latest_cols, COUNT_OF(latest_cols));

  canned_row(res, row);
  ASSERT_EQ(td_db_audit_latest(&fake.db, 1, NULL, on_latest, NULL), 0);
  fake_answer(0, res);
  ASSERT_EQ(latest.err, 0);
  ASSERT_EQ(latest.scope_found, 1);
  ASSERT_NULL(latest.anchor);
}

static void a_latest_anchor_out_of_the_area_is_not_reached(void)
{
  const char *row[] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  PGresult *res = canned(latest_cols, COUNT_OF(latest_cols));

  canned_row(res, row);
  ASSERT_EQ(td_db_audit_latest(&fake.db, 1, "11", on_latest, NULL), 0);
  fake_answer(0, res);
  ASSERT_EQ(latest.err, 0);
  ASSERT_EQ(latest.scope_found, 0);
  ASSERT_NULL(latest.anchor);
}

/* Anchoring ---------------------------------------------------------------- */

static void anchoring_sends_the_horizon(void)
{
  const char *want[] = {"18446744073709551615"};

  ASSERT_EQ(td_db_audit_anchor(&fake.db, UINT64_MAX, on_anchored, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
}

static void anchoring_counts_the_anchors_made(void)
{
  const char *cols[] = {"td_audit_anchor"};
  const char *two[] = {"2"};
  PGresult *res = canned(cols, 1);

  canned_row(res, two);
  calls = 0;
  ASSERT_EQ(td_db_audit_anchor(&fake.db, 40, on_anchored, NULL), 0);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(anchored.err, 0);
  ASSERT_EQ(anchored.made, 2);
}

static void anchoring_without_its_count_is_internal(void)
{
  const char *cols[] = {"td_audit_anchor"};

  calls = 0;
  ASSERT_EQ(td_db_audit_anchor(&fake.db, 40, on_anchored, NULL), 0);
  fake_answer(0, canned(cols, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(anchored.err, TD_EINTERNAL);
}

static void anchoring_with_no_connection_is_unavailable_at_once(void)
{
  calls = 0;
  fake.refuse = 1;
  ASSERT_EQ(td_db_audit_anchor(&fake.db, 40, on_anchored, NULL), TD_EUNAVAIL);
  ASSERT_EQ(calls, 0);
}

int main(void)
{
  RUN_DB_TEST(verify_sends_the_caller_unit_and_the_code);
  RUN_DB_TEST(verify_of_the_callers_own_unit_sends_null);
  RUN_DB_TEST(every_finding_is_reached_from_its_sql_text);
  RUN_DB_TEST(an_unknown_finding_is_internal);
  RUN_DB_TEST(a_unit_out_of_the_area_is_not_reached);
  RUN_DB_TEST(a_broken_link_maps_its_petition_and_event);
  RUN_DB_TEST(an_anchor_mismatch_maps_the_anchor_and_what_is_found);
  RUN_DB_TEST(a_verify_without_its_one_row_is_internal);
  RUN_DB_TEST(a_lost_connection_is_unavailable);
  RUN_DB_TEST(latest_sends_the_caller_unit_and_the_code);
  RUN_DB_TEST(the_latest_anchor_maps_its_columns);
  RUN_DB_TEST(before_the_first_anchor_there_is_none);
  RUN_DB_TEST(a_latest_anchor_out_of_the_area_is_not_reached);
  RUN_DB_TEST(anchoring_sends_the_horizon);
  RUN_DB_TEST(anchoring_counts_the_anchors_made);
  RUN_DB_TEST(anchoring_without_its_count_is_internal);
  RUN_DB_TEST(anchoring_with_no_connection_is_unavailable_at_once);
  return TEST_EXIT();
}
