/* The petition state machine as a full table: every status against every
 * action, what each action must carry, and the names of actions and
 * outcomes. */
#include "domain/lifecycle.h"
#include "wire.h"
#include "test.h"

/* Short names so that the expected table below fits on a screen. */
#define RCV TIEPDAN__STATUS__RECEIVED
#define ACC TIEPDAN__STATUS__ACCEPTED
#define NAC TIEPDAN__STATUS__NOT_ACCEPTED
#define TRF TIEPDAN__STATUS__TRANSFERRED
#define INP TIEPDAN__STATUS__IN_PROGRESS
#define RES TIEPDAN__STATUS__RESOLVED
#define WDR TIEPDAN__STATUS__WITHDRAWN
#define NO (-1)

/* The statuses and actions tried: every enum value, and the first values
 * out of range on either side. */
static const int statuses[] = {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8};
static const int actions[] = {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

static void every_status_against_every_action(void)
{
  /* Rows follow statuses[], columns actions[]: -1, none, accept, reject,
   * transfer, start, resolve, withdraw, reopen, extend, note, 10. Each cell
   * is the next state for a lawful action, NO for a refusal. */
  static const int expect[10][12] = {
      /* -1   */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
      /* none */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
      /* rcv  */ {NO, NO, ACC, NAC, TRF, NO, NO, WDR, NO, NO, RCV, NO},
      /* acc: resolve records the start and the resolution at once. */
      /* acc  */ {NO, NO, NO, NO, NO, INP, RES, WDR, NO, ACC, ACC, NO},
      /* nac  */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NAC, NO},
      /* trf  */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, TRF, NO},
      /* inp  */ {NO, NO, NO, NO, NO, NO, RES, WDR, NO, INP, INP, NO},
      /* res  */ {NO, NO, NO, NO, NO, NO, NO, NO, INP, NO, RES, NO},
      /* wdr  */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, WDR, NO},
      /* 8    */ {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
  };
  size_t s;
  size_t a;
  int next;
  const char *why;

  for (s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
    for (a = 0; a < sizeof(actions) / sizeof(actions[0]); a++) {
      next = -42;
      why = NULL;
      if (expect[s][a] == NO) {
        ASSERT_EQ(td_lifecycle_next(statuses[s], actions[a], &next, &why), -1);
        ASSERT_NOT_NULL(why);
        ASSERT(strlen(why) > 10);
      } else {
        ASSERT_EQ(td_lifecycle_next(statuses[s], actions[a], &next, &why), 0);
        ASSERT_EQ(next, expect[s][a]);
      }
    }
  }
}

static void refusals_say_why(void)
{
  int next;
  const char *why;

#define EXPECT_WHY(status, action, text)                                       \
  do {                                                                         \
    why = NULL;                                                                \
    ASSERT_EQ(                                                                 \
        td_lifecycle_next(status, TIEPDAN__ACTION__##action, &next, &why),     \
        -1);                                                                   \
    ASSERT_STR_EQ(why, text);                                                  \
  } while (0)

  EXPECT_WHY(RCV, START,
             "a petition must be accepted before work on it starts");
  EXPECT_WHY(RCV, RESOLVE,
             "a petition not yet accepted cannot be resolved: accept it and "
             "start work first");
  EXPECT_WHY(RCV, EXTEND,
             "only an accepted or in-progress petition's deadline can be "
             "extended");
  EXPECT_WHY(ACC, ACCEPT, "the petition has already been accepted");
  EXPECT_WHY(INP, START, "work on the petition has already started");
  EXPECT_WHY(INP, REOPEN,
             "a petition not yet resolved cannot be reopened: there is no "
             "answer to contest");
  EXPECT_WHY(RES, WITHDRAW,
             "a resolved petition can only be reopened or noted");
  EXPECT_WHY(RES, EXTEND, "a resolved petition can only be reopened or noted");
  EXPECT_WHY(WDR, REOPEN,
             "a withdrawn petition is closed: only a note can be added");
  EXPECT_WHY(NAC, ACCEPT,
             "a petition refused acceptance is closed: only a note can be "
             "added");
  EXPECT_WHY(TRF, RESOLVE,
             "a transferred petition is handled by the agency it went to: "
             "only a note can be added here");
  EXPECT_WHY(0, NOTE, "the petition's status is unknown");
  EXPECT_WHY(99, ACCEPT, "the petition's status is unknown");
#undef EXPECT_WHY

  why = NULL;
  ASSERT_EQ(td_lifecycle_next(RCV, 0, &next, &why), -1);
  ASSERT_STR_EQ(why, "the action is unknown");
  why = NULL;
  ASSERT_EQ(td_lifecycle_next(RCV, 10, &next, &why), -1);
  ASSERT_STR_EQ(why, "the action is unknown");
}

static void open_statuses_await_an_answer(void)
{
  static const int expect[] = {0, 0, 1, 1, 0, 0, 1, 0, 0, 0};
  size_t s;

  for (s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++)
    ASSERT_EQ(td_status_is_open(statuses[s]), expect[s]);
}

/* A note of exactly n bytes, or a target, for the limit checks. */
static char *fill(char *buf, size_t n)
{
  memset(buf, 'a', n);
  buf[n] = '\0';
  return buf;
}

static void reasons_are_required_where_the_law_wants_one(void)
{
  static const int need_note[] = {
      TIEPDAN__ACTION__REJECT, TIEPDAN__ACTION__WITHDRAW,
      TIEPDAN__ACTION__REOPEN, TIEPDAN__ACTION__EXTEND, TIEPDAN__ACTION__NOTE};
  static char exact[4001];
  static char over[4002];
  struct td_transition_args a;
  struct td_invalid inv;
  size_t i;

  for (i = 0; i < sizeof(need_note) / sizeof(need_note[0]); i++) {
#define EXPECT_NOTE(value, result)                                             \
  do {                                                                         \
    memset(&a, 0, sizeof(a));                                                  \
    memset(&inv, 0, sizeof(inv));                                              \
    a.note = (value);                                                          \
    ASSERT_EQ(td_lifecycle_check_args(need_note[i], &a, &inv), (result));      \
    if ((result) != 0)                                                         \
      ASSERT_STR_EQ(inv.field, "note");                                        \
  } while (0)

    EXPECT_NOTE(NULL, -1);
    EXPECT_NOTE("", -1);
    EXPECT_NOTE(fill(over, 4001), -1);
    EXPECT_NOTE("bad \xC3\x28 utf8", -1);
    EXPECT_NOTE("bell \x07", -1);
    EXPECT_NOTE(fill(exact, 4000), 0);
    EXPECT_NOTE("Công dân rút đơn.\r\nĐã ký biên bản.\tx", 0);
#undef EXPECT_NOTE
  }
}

static void transfer_needs_a_single_line_target(void)
{
  static char exact[257];
  static char over[258];
  struct td_transition_args a;
  struct td_invalid inv;

#define EXPECT_TARGET(value, result)                                           \
  do {                                                                         \
    memset(&a, 0, sizeof(a));                                                  \
    memset(&inv, 0, sizeof(inv));                                              \
    a.transfer_target = (value);                                               \
    ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__TRANSFER, &a, &inv),    \
              (result));                                                       \
    if ((result) != 0)                                                         \
      ASSERT_STR_EQ(inv.field, "transfer_target");                             \
  } while (0)

  EXPECT_TARGET(NULL, -1);
  EXPECT_TARGET("", -1);
  EXPECT_TARGET(fill(over, 257), -1);
  EXPECT_TARGET("\xFF", -1);
  EXPECT_TARGET("Toà án\nnhân dân", -1);
  EXPECT_TARGET("x\r", -1);
  EXPECT_TARGET("del \x7f", -1);
  EXPECT_TARGET(fill(exact, 256), 0);
  EXPECT_TARGET("Toà án nhân dân huyện Mường Khương", 0);
#undef EXPECT_TARGET
}

static void resolve_needs_a_known_outcome(void)
{
  struct td_transition_args a;
  struct td_invalid inv;
  int outcome;

  memset(&a, 0, sizeof(a));
  for (outcome = -1; outcome <= 6; outcome++) {
    a.outcome = outcome;
    inv.field = NULL;
    if (outcome >= 1 && outcome <= 4) {
      ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__RESOLVE, &a, &inv), 0);
    } else {
      ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__RESOLVE, &a, &inv),
                -1);
      ASSERT_STR_EQ(inv.field, "outcome");
    }
  }
}

static void accept_and_start_need_nothing(void)
{
  struct td_transition_args a;
  struct td_invalid inv;

  memset(&a, 0, sizeof(a));
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__ACCEPT, &a, &inv), 0);
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__START, &a, &inv), 0);
  a.note = "";
  a.transfer_target = "";
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__ACCEPT, &a, &inv), 0);
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__START, &a, &inv), 0);
}

static void optional_texts_are_still_checked(void)
{
  struct td_transition_args a;
  struct td_invalid inv;

  memset(&a, 0, sizeof(a));
  a.note = "\xC3";
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__ACCEPT, &a, &inv), -1);
  ASSERT_STR_EQ(inv.field, "note");
  a.note = "Đủ điều kiện thụ lý.";
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__ACCEPT, &a, &inv), 0);
  a.outcome = TIEPDAN__OUTCOME__ANSWERED_IN_WRITING;
  a.note = "\x01";
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__RESOLVE, &a, &inv), -1);
  ASSERT_STR_EQ(inv.field, "note");
  a.note = NULL;
  a.transfer_target = "line\nbreak";
  ASSERT_EQ(td_lifecycle_check_args(TIEPDAN__ACTION__TRANSFER, &a, &inv), -1);
  ASSERT_STR_EQ(inv.field, "transfer_target");
}

/* The case is judged when it is accepted or its time limit extended (Luật
 * Tố cáo 2018, Điều 30); on any other step the flag is refused by name. */
static void especially_complex_goes_with_accept_and_extend_only(void)
{
  static const struct {
    int action;
    const char *note;
    const char *target;
    int outcome;
    int ok;
  } cases[] = {
      {TIEPDAN__ACTION__ACCEPT, NULL, NULL, 0, 1},
      {TIEPDAN__ACTION__EXTEND, "Vụ việc đặc biệt phức tạp", NULL, 0, 1},
      {TIEPDAN__ACTION__REJECT, "Không thuộc thẩm quyền", NULL, 0, 0},
      {TIEPDAN__ACTION__TRANSFER, NULL, "Thanh tra tỉnh", 0, 0},
      {TIEPDAN__ACTION__START, NULL, NULL, 0, 0},
      {TIEPDAN__ACTION__RESOLVE, NULL, NULL,
       TIEPDAN__OUTCOME__ANSWERED_IN_WRITING, 0},
      {TIEPDAN__ACTION__WITHDRAW, "Rút đơn", NULL, 0, 0},
      {TIEPDAN__ACTION__REOPEN, "Không đồng ý", NULL, 0, 0},
      {TIEPDAN__ACTION__NOTE, "Ghi chú", NULL, 0, 0},
  };
  struct td_transition_args a;
  struct td_invalid inv;
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    memset(&a, 0, sizeof(a));
    memset(&inv, 0, sizeof(inv));
    a.note = cases[i].note;
    a.transfer_target = cases[i].target;
    a.outcome = cases[i].outcome;
    /* Without the flag every case is complete. */
    ASSERT_EQ(td_lifecycle_check_args(cases[i].action, &a, &inv), 0);
    a.especially_complex = 1;
    ASSERT_EQ(td_lifecycle_check_args(cases[i].action, &a, &inv),
              cases[i].ok ? 0 : -1);
    if (!cases[i].ok)
      ASSERT_STR_EQ(inv.field, "especially_complex");
  }
}

static void unknown_action_is_refused(void)
{
  struct td_transition_args a;
  struct td_invalid inv;

  memset(&a, 0, sizeof(a));
  a.note = "x";
  ASSERT_EQ(td_lifecycle_check_args(0, &a, &inv), -1);
  ASSERT_STR_EQ(inv.field, "action");
  ASSERT_EQ(td_lifecycle_check_args(10, &a, &inv), -1);
  ASSERT_STR_EQ(inv.field, "action");
}

static void action_names_round_trip(void)
{
  static const char *const names[] = {
      NULL,      "accept",   "reject", "transfer", "start",
      "resolve", "withdraw", "reopen", "extend",   "note"};
  int a;

  for (a = 1; a <= 9; a++) {
    ASSERT_STR_EQ(td_action_name(a), names[a]);
    ASSERT_EQ(td_action_parse(names[a]), a);
  }
  ASSERT_NULL(td_action_name(0));
  ASSERT_NULL(td_action_name(10));
  ASSERT_NULL(td_action_name(-1));
  ASSERT_EQ(td_action_parse("ACCEPT"), -1);
  ASSERT_EQ(td_action_parse("accept "), -1);
  ASSERT_EQ(td_action_parse(""), -1);
  ASSERT_EQ(td_action_parse(NULL), -1);
}

static void outcome_names_round_trip(void)
{
  static const char *const names[] = {NULL, "answered_in_writing",
                                      "mediated_successfully",
                                      "mediation_failed", "decision_issued"};
  int o;

  for (o = 1; o <= 4; o++) {
    ASSERT_STR_EQ(td_outcome_name(o), names[o]);
    ASSERT_EQ(td_outcome_parse(names[o]), o);
  }
  ASSERT_NULL(td_outcome_name(0));
  ASSERT_NULL(td_outcome_name(5));
  ASSERT_NULL(td_outcome_name(-1));
  ASSERT_EQ(td_outcome_parse("answered"), -1);
  ASSERT_EQ(td_outcome_parse(""), -1);
  ASSERT_EQ(td_outcome_parse(NULL), -1);
}

int main(void)
{
  RUN_TEST(every_status_against_every_action);
  RUN_TEST(refusals_say_why);
  RUN_TEST(open_statuses_await_an_answer);
  RUN_TEST(reasons_are_required_where_the_law_wants_one);
  RUN_TEST(transfer_needs_a_single_line_target);
  RUN_TEST(resolve_needs_a_known_outcome);
  RUN_TEST(accept_and_start_need_nothing);
  RUN_TEST(optional_texts_are_still_checked);
  RUN_TEST(especially_complex_goes_with_accept_and_extend_only);
  RUN_TEST(unknown_action_is_refused);
  RUN_TEST(action_names_round_trip);
  RUN_TEST(outcome_names_round_trip);
  return TEST_EXIT();
}
