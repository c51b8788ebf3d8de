/* Validation of client input: limits and every field of a submission, each
 * refused field named. (UTF-8, UUIDs and codes: test_common_*.) */
#include <stdint.h>

#include "domain/lifecycle.h"
#include "domain/validate.h"
#include "test.h"

#define NOW 1780000000 /* 2026-05-28 */

static Tiepdan__SubmitPetition good(Tiepdan__Petitioner *who)
{
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;

  m.idempotency_key = "3f1c2a4e-9b7d-4c1e-8a2f-0123456789ab";
  m.kind = "complaint";
  m.channel = "regular_reception";
  m.field = "land";
  m.summary = "Ông Lò Văn Minh, bản Nà Đa, đề nghị xem xét lại ranh giới đất.";
  m.petitioner = who;
  return m;
}

static void a_good_submission_passes(void)
{
  Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;
  Tiepdan__SubmitPetition m;
  struct td_invalid inv;

  who.name = "Lò Văn Minh";
  who.id_number = "012345678901";
  m = good(&who);
  ASSERT_EQ(td_validate_submit(&m, NOW, &inv), 0);
}

/* Each case breaks one field; the error must name that field. */
static void each_bad_field_is_named(void)
{
  static char big[TD_SUMMARY_MAX + 2];
  struct td_invalid inv;
  Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;
  Tiepdan__SubmitPetition m;

  memset(big, 'a', sizeof(big) - 1);

#define EXPECT_FIELD(mutation, name)                                           \
  do {                                                                         \
    who = (Tiepdan__Petitioner)TIEPDAN__PETITIONER__INIT;                      \
    m = good(&who);                                                            \
    mutation;                                                                  \
    ASSERT_EQ(td_validate_submit(&m, NOW, &inv), -1);                          \
    ASSERT_STR_EQ(inv.field, name);                                            \
  } while (0)

  EXPECT_FIELD(m.idempotency_key = NULL, "idempotency_key");
  EXPECT_FIELD(m.idempotency_key = "not-a-uuid", "idempotency_key");
  EXPECT_FIELD(m.kind = NULL, "kind");
  EXPECT_FIELD(m.kind = "khiếu nại", "kind");
  EXPECT_FIELD(m.channel = "", "channel");
  EXPECT_FIELD(m.field = "a b", "field");
  EXPECT_FIELD(m.unit_code = "03390;drop", "unit_code");
  EXPECT_FIELD(m.village_code = "x/y", "village_code");
  EXPECT_FIELD(m.summary = NULL, "summary");
  EXPECT_FIELD(m.summary = "", "summary");
  EXPECT_FIELD(m.summary = big, "summary");
  EXPECT_FIELD(m.summary = "bad \xC3\x28 utf8", "summary");
  EXPECT_FIELD(m.summary = "bell \x07", "summary");
  EXPECT_FIELD((m.has_group_size = 1, m.group_size = 0), "group_size");
  EXPECT_FIELD((m.has_group_size = 1, m.group_size = 100001), "group_size");
  EXPECT_FIELD(who.name = "line\nbreak", "petitioner.name");
  EXPECT_FIELD(who.id_number = "0123-456", "petitioner.id_number");
  EXPECT_FIELD(who.address = "\xFF", "petitioner.address");
  EXPECT_FIELD((m.has_received_at = 1, m.received_at = NOW + 3600),
               "received_at");
  EXPECT_FIELD((m.has_received_at = 1, m.received_at = 100), "received_at");
#undef EXPECT_FIELD
}

static void limits_are_inclusive(void)
{
  static char exact[TD_SUMMARY_MAX + 1];
  Tiepdan__SubmitPetition m = good(NULL);
  struct td_invalid inv;

  memset(exact, 'a', TD_SUMMARY_MAX);
  m.summary = exact;
  m.has_group_size = 1;
  m.group_size = TD_GROUP_SIZE_MAX;
  m.has_received_at = 1;
  m.received_at = NOW + TD_RECEIVED_SKEW;
  ASSERT_EQ(td_validate_submit(&m, NOW, &inv), 0);
}

static void multiline_summary_allowed_single_line_name_not(void)
{
  struct td_invalid inv;

  ASSERT_EQ(td_text_check("summary", "dòng 1\r\ndòng 2\tx", 100, 1, &inv), 0);
  ASSERT_EQ(td_text_check("name", "a\nb", 100, 0, &inv), -1);
  ASSERT_EQ(td_text_check("name", "a\x7f", 100, 0, &inv), -1);
}

static void list_filters(void)
{
  Tiepdan__ListPetitions m = TIEPDAN__LIST_PETITIONS__INIT;
  struct td_invalid inv;

  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.has_status = 1;
  m.status = 99;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "status");
  m.status = TIEPDAN__STATUS__RESOLVED;
  m.has_received_from = m.has_received_to = 1;
  m.received_from = 200;
  m.received_to = 100;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "received_to");
  m.received_to = 300;
  m.text = "\xC3";
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "text");
  m.text = NULL;
  /* Channel and field are codes, like kind. */
  m.channel = "digital";
  m.field = "land";
  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.channel = "not a code";
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "channel");
  m.channel = "";
  m.field = "đất";
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "field");
}

/* Times PostgreSQL cannot hold are refused here, by name, not by the
 * database as an internal error. */
static void list_times_stay_within_years_1_to_9999(void)
{
  static const struct {
    int64_t from, to;
    const char *field; /* NULL: accepted. */
  } cases[] = {
      {-62135596800LL, 253402300799LL, NULL},
      {-62135596801LL, 100, "received_from"},
      {100, 253402300800LL, "received_to"},
      {INT64_MAX - 1, INT64_MAX, "received_from"},
      {INT64_MIN, 0, "received_from"},
      {0, INT64_MAX, "received_to"},
  };
  Tiepdan__ListPetitions m = TIEPDAN__LIST_PETITIONS__INIT;
  struct td_invalid inv;
  size_t i;

  m.has_received_from = 1;
  m.has_received_to = 1;
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    m.received_from = cases[i].from;
    m.received_to = cases[i].to;
    if (cases[i].field == NULL) {
      ASSERT_EQ(td_validate_list(&m, &inv), 0);
      continue;
    }
    ASSERT_EQ(td_validate_list(&m, &inv), -1);
    ASSERT_STR_EQ(inv.field, cases[i].field);
  }
}

/* Found by tests/integration/test_fieldfuzz.sh: UINT32_MAX days became the
 * handler's -1, "no filter", and session 0 or -1 listed as no session. */
static void list_due_within_and_session_are_bounded(void)
{
  Tiepdan__ListPetitions m = TIEPDAN__LIST_PETITIONS__INIT;
  struct td_invalid inv;

  m.has_due_within_days = 1;
  m.due_within_days = 0;
  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.due_within_days = TD_DUE_WITHIN_MAX;
  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.due_within_days = TD_DUE_WITHIN_MAX + 1;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "due_within_days");
  m.due_within_days = UINT32_MAX;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "due_within_days");
  m.due_within_days = 3;
  m.has_session_id = 1;
  m.session_id = 1;
  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.session_id = INT64_MAX;
  ASSERT_EQ(td_validate_list(&m, &inv), 0);
  m.session_id = 0;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "session_id");
  m.session_id = INT64_MIN;
  ASSERT_EQ(td_validate_list(&m, &inv), -1);
  ASSERT_STR_EQ(inv.field, "session_id");
}

/* Also found by test_fieldfuzz: ListSessions took any from and to. */
static void list_sessions_period_within_years_1_to_9999(void)
{
  static const struct {
    int has_from, has_to;
    int64_t from, to;
    const char *field; /* NULL: accepted. */
  } cases[] = {
      {0, 0, 0, 0, NULL},
      {1, 1, -62135596800LL, 253402300799LL, NULL},
      {1, 0, -1, 0, NULL},
      {0, 1, 0, 4294967296LL, NULL},
      {1, 1, -62135596801LL, 100, "from"},
      {1, 1, 100, 253402300800LL, "to"},
      {1, 0, INT64_MIN, 0, "from"},
      {0, 1, 0, INT64_MAX, "to"},
      {1, 1, 200, 200, "to"},
      {1, 1, 2147483648LL, 1780000000, "to"},
  };
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  struct td_invalid inv;
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    m.has_from = cases[i].has_from;
    m.has_to = cases[i].has_to;
    m.from = cases[i].from;
    m.to = cases[i].to;
    if (cases[i].field == NULL) {
      ASSERT_EQ(td_validate_list_sessions(&m, &inv), 0);
      continue;
    }
    ASSERT_EQ(td_validate_list_sessions(&m, &inv), -1);
    ASSERT_STR_EQ(inv.field, cases[i].field);
  }
}

/* Found by test_fieldfuzz: an unknown outcome sent with a note was
 * ignored, and the note stored. */
static void an_unknown_outcome_is_refused_with_any_action(void)
{
  static const int actions[] = {
      TIEPDAN__ACTION__ACCEPT, TIEPDAN__ACTION__NOTE, TIEPDAN__ACTION__RESOLVE,
      TIEPDAN__ACTION__TRANSFER, TIEPDAN__ACTION__EXTEND};
  static const int bad[] = {-1, 5, 99, INT32_MAX, INT32_MIN};
  struct td_transition_args a = {"Ghi chú", "Tòa án nhân dân tỉnh", 0, 0};
  struct td_invalid inv;
  size_t i, j;

  for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
    a.outcome = TIEPDAN__OUTCOME__DECISION_ISSUED;
    ASSERT_EQ(td_lifecycle_check_args(actions[i], &a, &inv), 0);
    for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
      a.outcome = bad[j];
      ASSERT_EQ(td_lifecycle_check_args(actions[i], &a, &inv), -1);
      ASSERT_STR_EQ(inv.field, "outcome");
    }
  }
}

int main(void)
{
  RUN_TEST(a_good_submission_passes);
  RUN_TEST(each_bad_field_is_named);
  RUN_TEST(limits_are_inclusive);
  RUN_TEST(multiline_summary_allowed_single_line_name_not);
  RUN_TEST(list_filters);
  RUN_TEST(list_times_stay_within_years_1_to_9999);
  RUN_TEST(list_due_within_and_session_are_bounded);
  RUN_TEST(list_sessions_period_within_years_1_to_9999);
  RUN_TEST(an_unknown_outcome_is_refused_with_any_action);
  return TEST_EXIT();
}
