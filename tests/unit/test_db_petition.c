/*
 * db/petition.c from canned results: submission (its parameters and every
 * verdict), one petition, a page, the identity-read audit and the daily
 * summary.
 */
#include "db/petition.h"
#include "test_db.h"

/* What each callback delivered, and how many times it ran. */
static struct td_submitted submitted;
static struct td_petition_got got;
static struct td_petition_page page;
static struct td_identity_reads audited;
static struct td_summary summary;
static int calls;

static void on_submitted(void *arg, const struct td_submitted *r)
{
  (void)arg;
  submitted = *r;
  calls++;
}

static void on_got(void *arg, const struct td_petition_got *r)
{
  (void)arg;
  got = *r;
  calls++;
}

static void on_page(void *arg, const struct td_petition_page *r)
{
  (void)arg;
  page = *r;
  calls++;
}

static void on_audited(void *arg, const struct td_identity_reads *r)
{
  (void)arg;
  audited = *r;
  calls++;
}

static void on_summary(void *arg, const struct td_summary *r)
{
  (void)arg;
  summary = *r;
  calls++;
}

/* A batch of submissions answers each by its place in the batch. */
static const char *const ord_result_cols[] = {"ord", "result"};
static const char *const scope_col[] = {"scope_id"};

/* Submission ----------------------------------------------------------------
 */

static Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;

static Tiepdan__SubmitPetition full_submission(void)
{
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;

  who.name = "Lò Văn Pâng";
  who.id_number = "012345678901";
  who.address = "Bản Thẳm, xã Bình Lư";
  who.contact = "0912 345 678";
  m.idempotency_key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  m.unit_code = "03390";
  m.village_code = "0339001";
  m.kind = "complaint";
  m.channel = "regular_reception";
  m.field = "land";
  m.has_group_size = 1;
  m.group_size = 6;
  m.petitioner = &who;
  m.has_confidential = 1;
  m.confidential = 1;
  m.summary = "Tranh chấp ranh giới đất nương";
  m.has_received_at = 1;
  m.received_at = 1767225600;
  m.has_session_id = 1;
  m.session_id = 12;
  return m;
}

static int submit(const Tiepdan__SubmitPetition *m,
                  const struct td_submit_deadline *d)
{
  calls = 0;
  memset(&submitted, 0, sizeof(submitted));
  int rc = td_db_petition_submit(&fake.db, 3, m, "ab01", d, on_submitted, NULL);

  /* The loop's turn sends what was queued: a batch of one. */
  fake_flush();
  return rc;
}

/* Parameter i of the last batch, a batch of one: the array literal of its
 * one value. */
static const char *one(const char *v)
{
  static char buf[32][256];
  static int next;
  char *b = buf[next++ % 32];

  if (v == NULL)
    return "{NULL}";
  snprintf(b, sizeof(buf[0]), "{\"%s\"}", v);
  return b;
}

/* fake_params_are for a batch of one submission. */
static int batch_of_one_is(const char *const *want, int n)
{
  const char *lit[32];
  int i;

  for (i = 0; i < n; i++)
    lit[i] = one(want[i]);
  return fake_params_are(lit, n);
}

static void submit_sends_its_21_parameters_in_order(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 7, 0, 0, 0, 0, 0, 0};
  const char *want[] = {"3",
                        "6f1c2d3e-4a5b-4c6d-8e7f-001122334455",
                        "ab01",
                        "03390",
                        "0339001",
                        "complaint",
                        "regular_reception",
                        "land",
                        "6",
                        "Lò Văn Pâng",
                        "012345678901",
                        "Bản Thẳm, xã Bình Lư",
                        "0912 345 678",
                        "true",
                        "Tranh chấp ranh giới đất nương",
                        "1767225600",
                        "12",
                        "9",
                        "7",
                        "2026-01-16",
                        "2026-01-23",
                        NULL,
                        NULL,
                        NULL,
                        NULL,
                        NULL,
                        "false"};

  d.plain = day_of("2026-01-16");
  d.remote = day_of("2026-01-23");
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT(batch_of_one_is(want, 27));
  ASSERT(sql_placeholders_are(fake_last()->sql, 27));
  ASSERT_EQ(calls, 0);
}

static void submit_sends_null_for_what_is_absent_and_false_and_one(void)
{
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};
  const char *want[] = {"3",      "6f1c2d3e-4a5b-4c6d-8e7f-001122334455",
                        "ab01",   NULL,
                        NULL,     "denunciation",
                        "mail",   NULL,
                        "1",      NULL,
                        NULL,     NULL,
                        NULL,     "false",
                        "Tố cáo", NULL,
                        NULL,     "9",
                        NULL,     NULL,
                        NULL,     NULL,
                        NULL,     NULL,
                        NULL,     NULL,
                        "false"};

  m.idempotency_key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  m.kind = "denunciation";
  m.channel = "mail";
  m.summary = "Tố cáo";
  d.plain = day_of("2026-01-16"); /* Without a rule no day is sent. */
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT(batch_of_one_is(want, 27));
}

/* A leased number goes with its workstation; a clock found off, with the
 * time claimed and the skew (the claim only when one was made). */
static void submit_sends_the_leased_number_and_the_clock(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 7200, 1, 1767232800, 0};

  m.receipt_no = "BL-2026-000101";
  m.workstation = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT_STR_EQ(fake_last()->params[21], one("BL-2026-000101"));
  ASSERT_STR_EQ(fake_last()->params[22], one(m.workstation));
  ASSERT_STR_EQ(fake_last()->params[23], one("1767232800"));
  ASSERT_STR_EQ(fake_last()->params[24], one("7200"));
  d.has_claimed = 0;
  m.receipt_no = "";
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT_STR_EQ(fake_last()->params[21], "{NULL}");
  ASSERT_STR_EQ(fake_last()->params[22], "{NULL}");
  ASSERT_STR_EQ(fake_last()->params[23], "{NULL}");
  ASSERT_STR_EQ(fake_last()->params[24], one("7200"));
}

/* The earlier petition it repeats, and whether to look for others. */
static void submit_sends_the_repeat_and_asks_for_candidates(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 1};

  m.repeat_of = "BL-2025-000031";
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT_STR_EQ(fake_last()->params[25], one("BL-2025-000031"));
  ASSERT_STR_EQ(fake_last()->params[26], one("true"));
  m.repeat_of = "";
  d.candidates = 0;
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT_STR_EQ(fake_last()->params[25], "{NULL}");
  ASSERT_STR_EQ(fake_last()->params[26], one("false"));
}

/* The petition, then its petitioner's earlier ones: mapped apart. */
static void submit_maps_the_candidates_after_the_petition(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 1};
  const char *names[64];
  const char *vals[64];
  PGresult *res;
  int n =
      cols_join(names, ord_result_cols, 2, petition_v_cols, PETITION_V_NCOLS);

  ASSERT_EQ(submit(&m, &d), 0);
  res = canned(names, n);
  vals[0] = "1";
  vals[1] = "created";
  cols_join(vals + 2, petition_full, PETITION_V_NCOLS, NULL, 0);
  canned_row(res, vals);
  vals[1] = "candidate";
  cols_join(vals + 2, petition_bare, PETITION_V_NCOLS, NULL, 0);
  canned_row(res, vals);
  canned_row(res, vals);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(submitted.err, 0);
  ASSERT_EQ(submitted.verdict, TD_SUBMIT_CREATED);
  assert_full_petition(submitted.row);
  ASSERT_EQ(submitted.n_candidates, 2);
  assert_bare_petition(&submitted.candidates[0]);
  assert_bare_petition(&submitted.candidates[1]);
}

static void submit_sends_false_when_confidential_is_set_false(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};

  m.confidential = 0;
  ASSERT_EQ(submit(&m, &d), 0);
  ASSERT_STR_EQ(fake_last()->params[13], one("false"));
}

static void answer_submit(const char *verdict, const char *const *petition)
{
  const char *v[] = {"1", verdict};

  fake_answer(0,
              petition_result(ord_result_cols, v, 2, petition, NULL, NULL, 0));
}

static const struct {
  const char *text; /* As td_submit_petition answers (sql/002). */
  enum td_submit_verdict verdict;
  int with_row;
} submit_cases[] = {
    {"created", TD_SUBMIT_CREATED, 1},
    {"duplicate", TD_SUBMIT_DUPLICATE, 1},
    {"key_conflict", TD_SUBMIT_KEY_CONFLICT, 0},
    {"stale_calendar", TD_SUBMIT_STALE_CALENDAR, 0},
    {"unknown_unit", TD_SUBMIT_UNKNOWN_UNIT, 0},
    {"unknown_village", TD_SUBMIT_UNKNOWN_VILLAGE, 0},
    {"unknown_kind", TD_SUBMIT_UNKNOWN_KIND, 0},
    {"unknown_channel", TD_SUBMIT_UNKNOWN_CHANNEL, 0},
    {"unknown_field", TD_SUBMIT_UNKNOWN_FIELD, 0},
    {"unknown_session", TD_SUBMIT_UNKNOWN_SESSION, 0},
    {"receipt_invalid", TD_SUBMIT_RECEIPT_INVALID, 0},
    {"receipt_not_leased", TD_SUBMIT_RECEIPT_NOT_LEASED, 0},
    {"receipt_used", TD_SUBMIT_RECEIPT_USED, 0},
    {"receipt_year", TD_SUBMIT_RECEIPT_YEAR, 0},
    {"before_lease", TD_SUBMIT_BEFORE_LEASE, 0},
    {"repeat_not_found", TD_SUBMIT_REPEAT_NOT_FOUND, 0},
    {"repeat_not_older", TD_SUBMIT_REPEAT_NOT_OLDER, 0},
    {"repeat_secret", TD_SUBMIT_REPEAT_SECRET, 0},
};

static void every_submit_verdict_is_reached_from_its_sql_text(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};
  int reached[TD_SUBMIT__COUNT] = {0};
  int i;

#define XX(name, text) +1
  ASSERT_EQ(COUNT_OF(submit_cases), 0 TD_SUBMIT_VERDICTS(XX));
#undef XX
  for (i = 0; i < COUNT_OF(submit_cases); i++) {
    fake_teardown();
    fake_setup();
    ASSERT_EQ(submit(&m, &d), 0);
    answer_submit(submit_cases[i].text,
                  submit_cases[i].with_row ? petition_full : NULL);
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(submitted.err, 0);
    ASSERT_EQ(submitted.verdict, submit_cases[i].verdict);
    if (submit_cases[i].with_row)
      assert_full_petition(submitted.row);
    else
      ASSERT_NULL(submitted.row);
    reached[submitted.verdict]++;
  }
  for (i = 0; i < TD_SUBMIT__COUNT; i++)
    ASSERT_EQ(reached[i], 1);
}

static void an_unknown_submit_verdict_is_internal_never_a_guess(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};

  ASSERT_EQ(submit(&m, &d), 0);
  answer_submit("Created", petition_full);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(submitted.err, TD_EINTERNAL);
  ASSERT_NULL(submitted.row);
}

static void created_or_duplicate_without_the_petition_is_internal(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};

  ASSERT_EQ(submit(&m, &d), 0);
  answer_submit("created", NULL);
  ASSERT_EQ(submitted.err, TD_EINTERNAL);
  ASSERT_EQ(submit(&m, &d), 0);
  fake_answer(1, petition_result(ord_result_cols,
                                 (const char *[]){"1", "duplicate"}, 2, NULL,
                                 NULL, NULL, 0));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(submitted.err, TD_EINTERNAL);
}

static void submit_with_two_rows_or_none_is_internal(void)
{
  Tiepdan__SubmitPetition m = full_submission();
  struct td_submit_deadline d = {9, 0, 0, 0, 0, 0, 0, 0};
  const char *names[64];
  const char *vals[64];
  PGresult *res;
  int n =
      cols_join(names, ord_result_cols, 2, petition_v_cols, PETITION_V_NCOLS);

  vals[0] = "1";
  vals[1] = "created";
  cols_join(vals + 2, petition_full, PETITION_V_NCOLS, NULL, 0);
  ASSERT_EQ(submit(&m, &d), 0);
  res = canned(names, n);
  canned_row(res, vals);
  canned_row(res, vals);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(submitted.err, TD_EINTERNAL);
  ASSERT_EQ(submit(&m, &d), 0);
  fake_answer(1, canned(names, n));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(submitted.err, TD_EINTERNAL);
}

/* One petition ---------------------------------------------------------------
 */

static void get_by_id_sends_the_caller_unit_and_the_id(void)
{
  const char *want[] = {"11", "57"};

  ASSERT_EQ(td_db_petition_get(&fake.db, 11, 57, NULL, on_got, NULL), 0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
  ASSERT(strstr(fake_last()->sql, "v.id = $2::bigint") != NULL);
}

static void get_by_receipt_sends_the_caller_unit_and_the_receipt(void)
{
  const char *want[] = {"11", "BL-2026-000057"};

  ASSERT_EQ(td_db_petition_get(&fake.db, 11, 0, "BL-2026-000057", on_got, NULL),
            0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
  ASSERT(strstr(fake_last()->sql, "v.receipt_no = upper($2::text)") != NULL);
}

static void get_maps_every_column_of_a_petition(void)
{
  calls = 0;
  ASSERT_EQ(td_db_petition_get(&fake.db, 11, 57, NULL, on_got, NULL), 0);
  fake_answer(0, petition_result(NULL, NULL, 0, petition_full, NULL, NULL, 0));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(got.err, 0);
  assert_full_petition(got.row);
}

static void get_maps_null_columns_to_absent_fields(void)
{
  calls = 0;
  ASSERT_EQ(td_db_petition_get(&fake.db, 11, 58, NULL, on_got, NULL), 0);
  fake_answer(0, petition_result(NULL, NULL, 0, petition_bare, NULL, NULL, 0));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(got.err, 0);
  assert_bare_petition(got.row);
}

static void get_without_a_row_is_not_found(void)
{
  calls = 0;
  ASSERT_EQ(td_db_petition_get(&fake.db, 11, 57, NULL, on_got, NULL), 0);
  fake_answer(0, canned(petition_v_cols, PETITION_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(got.err, TD_ENOTFOUND);
  ASSERT_NULL(got.row);
}

/* A page ------------------------------------------------------------------- */

static struct td_list_query list_query(void)
{
  struct td_list_query q;

  memset(&q, 0, sizeof(q));
  q.limit = 2;
  q.due_within = -1;
  q.today = day_of("2026-03-15");
  return q;
}

static void list_sends_its_17_parameters_in_order(void)
{
  struct td_list_query q = list_query();
  const char *want[] = {
      "11",  "03390", "complaint", "accepted", "1767225600", "1769904000",
      "đất", "57",    "3",         "true",     "5",          "2026-03-15",
      "12",  "true",  "true",      "digital",  "land"};

  q.unit_code = "03390";
  q.kind = "complaint";
  q.status = "accepted";
  q.received_from = 1767225600;
  q.received_to = 1769904000;
  q.text = "đất";
  q.after_id = 57;
  q.overdue = 1;
  q.due_within = 5;
  q.session_id = 12;
  q.sees_own_sealed = 1;
  q.channel = "digital";
  q.field = "land";
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  ASSERT(fake_params_are(want, 17));
  ASSERT(sql_placeholders_are(fake_last()->sql, 17));
}

static void list_sends_null_for_each_filter_not_asked(void)
{
  struct td_list_query q = list_query();
  const char *want[] = {"11", NULL,    NULL,    NULL, NULL, NULL,
                        NULL, NULL,    "3",     NULL, NULL, "2026-03-15",
                        NULL, "false", "false", NULL, NULL};

  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  ASSERT(fake_params_are(want, 17));
  ASSERT(sql_placeholders_are(fake_last()->sql, 17));
}

/* Without a text, the page leaves out the passes that look for one: the
 * same page, for less planning. */
static void list_without_a_text_sends_the_page_alone(void)
{
  struct td_list_query q = list_query();

  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  ASSERT(strstr(fake_last()->sql, " plain AS (") != NULL);
  ASSERT(strstr(fake_last()->sql, " walk AS ") == NULL);
  q.text = "đất";
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  ASSERT(strstr(fake_last()->sql, " walk AS ") != NULL);
}

static void list_orders_by_urgency_when_due_within_zero_is_asked(void)
{
  struct td_list_query q = list_query();

  q.due_within = 0;
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  ASSERT_STR_EQ(fake_last()->params[10], "0");
  ASSERT_STR_EQ(fake_last()->params[13], "true");
}

/* A page result: the scope column, then td_petition_v, one row each. */
static PGresult *page_result(const char *scope, const char *const *const *rows,
                             int n)
{
  const char *names[64];
  const char *vals[64];
  PGresult *res;
  int ncols = cols_join(names, scope_col, 1, petition_v_cols, PETITION_V_NCOLS);
  int i;
  int k;

  res = canned(names, ncols);
  for (i = 0; i < n; i++) {
    vals[0] = scope;
    for (k = 0; k < PETITION_V_NCOLS; k++)
      vals[1 + k] = rows[i] != NULL ? rows[i][k] : NULL;
    canned_row(res, vals);
  }
  return res;
}

static void a_page_maps_its_rows_and_the_row_beyond_gives_the_cursor(void)
{
  struct td_list_query q = list_query();
  const char *const *rows[] = {petition_full, petition_bare, petition_full};

  calls = 0;
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  fake_answer(0, page_result("11", rows, 3));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(page.err, 0);
  ASSERT_EQ(page.scope_found, 1);
  ASSERT_EQ(page.n, 2);
  assert_full_petition(&page.rows[0]);
  assert_bare_petition(&page.rows[1]);
  ASSERT_EQ(page.next_id, 58);
}

static void a_page_that_is_not_full_has_no_cursor(void)
{
  struct td_list_query q = list_query();
  const char *const *rows[] = {petition_full, petition_bare};

  calls = 0;
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  fake_answer(0, page_result("11", rows, 2));
  ASSERT_EQ(page.err, 0);
  ASSERT_EQ(page.n, 2);
  ASSERT_EQ(page.next_id, 0);
}

static void a_page_of_a_unit_in_scope_without_petitions_is_empty(void)
{
  struct td_list_query q = list_query();
  const char *const *rows[] = {NULL};

  calls = 0;
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  fake_answer(0, page_result("11", rows, 1));
  ASSERT_EQ(page.err, 0);
  ASSERT_EQ(page.scope_found, 1);
  ASSERT_EQ(page.n, 0);
  ASSERT_EQ(page.next_id, 0);
}

static void a_page_of_a_unit_out_of_scope_says_so(void)
{
  struct td_list_query q = list_query();
  const char *const *rows[] = {NULL};

  calls = 0;
  q.unit_code = "01234";
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  fake_answer(0, page_result(NULL, rows, 1));
  ASSERT_EQ(page.err, 0);
  ASSERT_EQ(page.scope_found, 0);
  ASSERT_EQ(page.n, 0);
}

static void a_page_without_its_scope_row_is_internal(void)
{
  struct td_list_query q = list_query();

  calls = 0;
  ASSERT_EQ(td_db_petition_list(&fake.db, 11, &q, on_page, NULL), 0);
  fake_answer(0, page_result("11", NULL, 0));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(page.err, TD_EINTERNAL);
}

/* Identity reads -------------------------------------------------------------
 */

static void identity_reads_send_the_ids_as_an_array(void)
{
  const int64_t ids[] = {57, 58};
  const char *want[] = {"3", "list", "{\"57\",\"58\"}"};

  ASSERT_EQ(td_db_petition_identity_reads(&fake.db, 3, ids, 2, "list",
                                          on_audited, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
  ASSERT(sql_placeholders_are(fake_last()->sql, 3));
}

static void identity_reads_of_nothing_send_an_empty_array(void)
{
  const char *want[] = {"3", "show", "{}"};

  ASSERT_EQ(td_db_petition_identity_reads(&fake.db, 3, NULL, 0, "show",
                                          on_audited, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
}

static void identity_reads_succeed_on_command_ok(void)
{
  const int64_t ids[] = {57};

  calls = 0;
  audited.err = -1;
  ASSERT_EQ(td_db_petition_identity_reads(&fake.db, 3, ids, 1, "history",
                                          on_audited, NULL),
            0);
  fake_answer(0, PQmakeEmptyPGresult(NULL, PGRES_COMMAND_OK));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(audited.err, 0);
}

/* The daily summary ----------------------------------------------------------
 */

static void the_summary_sends_the_day_and_maps_each_commune(void)
{
  const char *want[] = {"2026-03-15", "20527", "host:7443 pid 9"};
  const char *a[] = {"2026-03-15", "03390", "Xã Bình Lư", "5", "1", "2"};
  const char *b[] = {"2026-03-15", "03405", "Xã Bản Bo", "3", "0", "0"};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_petition_summary(&fake.db, day_of("2026-03-15"), 20527,
                                   "host:7443 pid 9", on_summary, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
  ASSERT(sql_placeholders_are(fake_last()->sql, 3));
  res = canned(summary_cols, COUNT_OF(summary_cols));
  canned_row(res, a);
  canned_row(res, b);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(summary.err, 0);
  ASSERT_STR_EQ(summary.day, "2026-03-15");
  ASSERT_EQ(summary.n, 2);
  ASSERT_STR_EQ(summary.rows[0].code, "03390");
  ASSERT_STR_EQ(summary.rows[0].name, "Xã Bình Lư");
  ASSERT_EQ(summary.rows[0].open, 5);
  ASSERT_EQ(summary.rows[0].overdue, 1);
  ASSERT_EQ(summary.rows[0].due_soon, 2);
  ASSERT_STR_EQ(summary.rows[1].code, "03405");
  ASSERT_EQ(summary.rows[1].open, 3);
  ASSERT_EQ(summary.rows[1].overdue, 0);
  ASSERT_EQ(summary.rows[1].due_soon, 0);
}

/* Also what a server gets when another server has the period. */
static void a_summary_without_open_petitions_is_empty(void)
{
  calls = 0;
  ASSERT_EQ(td_db_petition_summary(&fake.db, day_of("2026-03-15"), 20527, "s",
                                   on_summary, NULL),
            0);
  fake_answer(0, canned(summary_cols, COUNT_OF(summary_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(summary.err, 0);
  ASSERT_EQ(summary.n, 0);
  ASSERT_STR_EQ(summary.day, "2026-03-15");
}

int main(void)
{
  RUN_DB_TEST(submit_sends_its_21_parameters_in_order);
  RUN_DB_TEST(submit_sends_null_for_what_is_absent_and_false_and_one);
  RUN_DB_TEST(submit_sends_the_leased_number_and_the_clock);
  RUN_DB_TEST(submit_sends_false_when_confidential_is_set_false);
  RUN_DB_TEST(submit_sends_the_repeat_and_asks_for_candidates);
  RUN_DB_TEST(submit_maps_the_candidates_after_the_petition);
  RUN_DB_TEST(every_submit_verdict_is_reached_from_its_sql_text);
  RUN_DB_TEST(an_unknown_submit_verdict_is_internal_never_a_guess);
  RUN_DB_TEST(created_or_duplicate_without_the_petition_is_internal);
  RUN_DB_TEST(submit_with_two_rows_or_none_is_internal);
  RUN_DB_TEST(get_by_id_sends_the_caller_unit_and_the_id);
  RUN_DB_TEST(get_by_receipt_sends_the_caller_unit_and_the_receipt);
  RUN_DB_TEST(get_maps_every_column_of_a_petition);
  RUN_DB_TEST(get_maps_null_columns_to_absent_fields);
  RUN_DB_TEST(get_without_a_row_is_not_found);
  RUN_DB_TEST(list_sends_its_17_parameters_in_order);
  RUN_DB_TEST(list_sends_null_for_each_filter_not_asked);
  RUN_DB_TEST(list_without_a_text_sends_the_page_alone);
  RUN_DB_TEST(list_orders_by_urgency_when_due_within_zero_is_asked);
  RUN_DB_TEST(a_page_maps_its_rows_and_the_row_beyond_gives_the_cursor);
  RUN_DB_TEST(a_page_that_is_not_full_has_no_cursor);
  RUN_DB_TEST(a_page_of_a_unit_in_scope_without_petitions_is_empty);
  RUN_DB_TEST(a_page_of_a_unit_out_of_scope_says_so);
  RUN_DB_TEST(a_page_without_its_scope_row_is_internal);
  RUN_DB_TEST(identity_reads_send_the_ids_as_an_array);
  RUN_DB_TEST(identity_reads_of_nothing_send_an_empty_array);
  RUN_DB_TEST(identity_reads_succeed_on_command_ok);
  RUN_DB_TEST(the_summary_sends_the_day_and_maps_each_commune);
  RUN_DB_TEST(a_summary_without_open_petitions_is_empty);
  return TEST_EXIT();
}
