/* The lifecycle commands: what each transition takes, refuses, and sends. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "cmd/call.h"
#include "cmd/field.h"
#include "cmd/history.h"
#include "cmd/lifecycle.h"
#include "cmd/terms_in.h"
#include "wire.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

static int parse(const char *command, int argc, char **argv,
                 struct td_transition_args *a)
{
  return td_cmd_parse_transition(command, argc, argv, a, err, sizeof(err));
}

/* That the main usage names each of them: test_client_main. */
static void test_every_action_is_a_command_with_a_usage(void)
{
  static const char *const names[] = {"accept", "reject",  "transfer",
                                      "start",  "resolve", "withdraw",
                                      "reopen", "extend",  "note"};
  size_t i;

  for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    ASSERT(td_cmd_is_transition(names[i]));
    ASSERT_EQ(td_action_parse(names[i]), (int)i + 1);
    ASSERT_NOT_NULL(td_usage_transition(names[i]));
    ASSERT(strstr(td_usage_transition(names[i]), names[i]) != NULL);
    /* Every step but a note is checked against the version. */
    ASSERT((strstr(td_usage_transition(names[i]), "--expect-version") !=
            NULL) == (strcmp(names[i], "note") != 0));
  }
  ASSERT(!td_cmd_is_transition("show"));
  ASSERT(!td_cmd_is_transition("submit"));
  ASSERT_NULL(td_usage_transition("show"));
}

static void test_accept_by_receipt_is_complex_with_a_time(void)
{
  char *argv[] = {"BL-2026-000001", "--complex", "--note",
                  "Hồ sơ đủ",       "--at",      "2026-03-05 08:00"};
  struct td_transition_args a;
  struct td_transition_req r;

  vietnam();
  ASSERT_EQ(parse("accept", ARGC(argv), argv, &a), 0);
  ASSERT_EQ(a.action, TIEPDAN__ACTION__ACCEPT);
  ASSERT_EQ(a.retries, TD_CALL_RETRIES_DEFAULT);
  td_cmd_transition_request(&a, 4, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_TRANSITION);
  ASSERT(r.env.transition == &r.t);
  ASSERT_EQ(r.t.key_case, TIEPDAN__TRANSITION__KEY_RECEIPT_NO);
  ASSERT_STR_EQ(r.t.receipt_no, "BL-2026-000001");
  ASSERT(r.t.has_action && r.t.action == TIEPDAN__ACTION__ACCEPT);
  ASSERT(r.t.has_expected_version && r.t.expected_version == 4);
  ASSERT(r.t.has_complex && r.t.complex);
  ASSERT_STR_EQ(r.t.note, "Hồ sơ đủ");
  /* 2026-03-05 08:00 in Vietnam is 01:00 UTC. */
  ASSERT(r.t.has_at && r.t.at == 1772672400);
  ASSERT(!r.t.has_outcome);
  ASSERT(!r.t.has_satisfaction);
  ASSERT_NULL(r.t.transfer_target);
  ASSERT_NULL(r.t.decision_no);
}

static void test_an_id_of_digits_is_a_petition_id(void)
{
  char *argv[] = {"57"};
  struct td_transition_args a;
  struct td_transition_req r;
  struct td_show_req look;

  ASSERT_EQ(parse("start", 1, argv, &a), 0);
  td_cmd_transition_request(&a, 0, &r);
  ASSERT_EQ(r.t.key_case, TIEPDAN__TRANSITION__KEY_PETITION_ID);
  ASSERT_EQ(r.t.petition_id, 57);
  ASSERT(r.t.has_expected_version && r.t.expected_version == 0);
  ASSERT(!r.t.has_complex);
  ASSERT(!r.t.has_at);
  ASSERT_NULL(r.t.note);
  /* The version is learnt from the same petition first. */
  td_cmd_transition_lookup(&a, &look);
  ASSERT_EQ(look.env.body_case, TIEPDAN__ENVELOPE__BODY_GET_PETITION);
  ASSERT_EQ(look.get.key_case, TIEPDAN__GET_PETITION__KEY_ID);
  ASSERT_EQ(look.get.id, 57);
  ASSERT(!look.get.explain);
}

static void test_expect_version_and_retries_are_kept(void)
{
  char *argv[] = {"57", "--expect-version", "9", "--retries", "0"};
  char *bad[] = {"57", "--expect-version", "v9"};
  struct td_transition_args a;

  ASSERT_EQ(parse("start", ARGC(argv), argv, &a), 0);
  ASSERT(a.has_expect_version);
  ASSERT_EQ(a.expect_version, 9);
  ASSERT_EQ(a.retries, 0);
  ASSERT_EQ(parse("start", ARGC(bad), bad, &a), -1);
  ASSERT(strstr(err, "--expect-version must be a version number") != NULL);
}

static void test_reject_withdraw_reopen_extend_need_a_reason(void)
{
  static const char *const needy[] = {"reject", "withdraw", "reopen", "extend"};
  char *argv[] = {"57"};
  char *blank[] = {"57", "--reason", "  \t"};
  struct td_transition_args a;
  size_t i;

  for (i = 0; i < sizeof(needy) / sizeof(needy[0]); i++) {
    ASSERT_EQ(parse(needy[i], 1, argv, &a), -1);
    ASSERT(strncmp(err, "--reason is required, e.g. --reason \"", 37) == 0);
    ASSERT_EQ(parse(needy[i], 3, blank, &a), -1);
    ASSERT_STR_EQ(err, "--reason is empty; write the text after it");
  }
}

static void test_reject_sends_the_reason_as_note(void)
{
  char *argv[] = {"57", "--reason", "Không thuộc thẩm quyền"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("reject", 3, argv, &a), 0);
  td_cmd_transition_request(&a, 1, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__REJECT);
  ASSERT_STR_EQ(r.t.note, "Không thuộc thẩm quyền");
}

static void test_note_and_reason_are_not_interchangeable(void)
{
  char *reason[] = {"57", "--reason", "x"};
  char *note[] = {"57", "--note", "x"};
  char *outcome[] = {"57", "--outcome", "decision_issued"};
  char *complex[] = {"57", "--complex", "--reason", "x"};
  struct td_transition_args a;

  ASSERT_EQ(parse("accept", 3, reason, &a), -1);
  ASSERT_STR_EQ(err, "accept takes --note, not --reason");
  ASSERT_EQ(parse("reject", 3, note, &a), -1);
  ASSERT_STR_EQ(err, "reject takes --reason, not --note");
  ASSERT_EQ(parse("note", 3, note, &a), -1);
  ASSERT(strstr(err, "note takes its text as an argument") != NULL);
  ASSERT_EQ(parse("start", 3, outcome, &a), -1);
  ASSERT_STR_EQ(err, "start does not take --outcome");
  ASSERT_EQ(parse("extend", 4, complex, &a), -1);
  ASSERT_STR_EQ(err, "extend does not take --complex");
}

static void test_transfer_needs_the_agency(void)
{
  char *none[] = {"57", "--note", "x"};
  char *argv[] = {"57", "--to", "Phòng Tài nguyên và Môi trường"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("transfer", 3, none, &a), -1);
  ASSERT(strncmp(err, "--to is required", 16) == 0);
  ASSERT_EQ(parse("transfer", 3, argv, &a), 0);
  td_cmd_transition_request(&a, 2, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__TRANSFER);
  ASSERT_STR_EQ(r.t.transfer_target, "Phòng Tài nguyên và Môi trường");
  ASSERT_NULL(r.t.note);
}

static void test_resolve_needs_a_known_outcome(void)
{
  char *none[] = {"57"};
  char *unknown[] = {"57", "--outcome", "answered"};
  char *blank[] = {"57", "--outcome", ""};
  char *argv[] = {"57",
                  "--outcome",
                  "mediated_successfully",
                  "--satisfaction",
                  "not_satisfied",
                  "--note",
                  "Hòa giải"};
  char *bad_sat[] = {"57", "--outcome", "decision_issued", "--satisfaction",
                     "happy"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("resolve", 1, none, &a), -1);
  ASSERT_STR_EQ(err, "--outcome is required, e.g. --outcome "
                     "answered_in_writing");
  /* A value that is no code may be a name: the server's terms tell, after
   * the Hello (test_client_terms_in). A blank one is wrong now. */
  ASSERT_EQ(parse("resolve", 3, unknown, &a), 0);
  ASSERT(a.outcome >= TD_TERMS_IN_PENDING);
  ASSERT_EQ(parse("resolve", 3, blank, &a), -1);
  ASSERT(strstr(err, "--outcome must be one of answered_in_writing, "
                     "mediated_successfully, mediation_failed, "
                     "decision_issued, not \"\"") != NULL);
  ASSERT_EQ(parse("resolve", 5, bad_sat, &a), -1);
  ASSERT(strstr(err, "--satisfaction must be one of satisfied") != NULL);
  ASSERT_EQ(parse("resolve", ARGC(argv), argv, &a), 0);
  td_cmd_transition_request(&a, 3, &r);
  ASSERT(r.t.has_outcome);
  ASSERT_EQ(r.t.outcome, TIEPDAN__OUTCOME__MEDIATED_SUCCESSFULLY);
  ASSERT(r.t.has_satisfaction);
  ASSERT_EQ(r.t.satisfaction, TIEPDAN__SATISFACTION__NOT_SATISFIED);
  ASSERT_STR_EQ(r.t.note, "Hòa giải");
}

static void test_withdraw_takes_satisfaction(void)
{
  char *argv[] = {"57", "--reason", "Đã tự thỏa thuận", "--satisfaction",
                  "satisfied"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("withdraw", ARGC(argv), argv, &a), 0);
  td_cmd_transition_request(&a, 3, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__WITHDRAW);
  ASSERT_EQ(r.t.satisfaction, TIEPDAN__SATISFACTION__SATISFIED);
  ASSERT(!r.t.has_outcome);
}

static void test_reopen_and_extend(void)
{
  char *reopen[] = {"57", "--reason", "Công dân không đồng ý"};
  char *extend[] = {"57", "--reason", "Cần xác minh", "--decision-no",
                    "12/QĐ-UBND"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("reopen", 3, reopen, &a), 0);
  td_cmd_transition_request(&a, 6, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__REOPEN);
  ASSERT_STR_EQ(r.t.note, "Công dân không đồng ý");
  ASSERT_EQ(parse("extend", 5, extend, &a), 0);
  td_cmd_transition_request(&a, 6, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__EXTEND);
  ASSERT_STR_EQ(r.t.decision_no, "12/QĐ-UBND");
  ASSERT_STR_EQ(r.t.note, "Cần xác minh");
}

/* Accept and extend record an especially complex case (Luật Tố cáo 2018,
 * Điều 30); no other step takes the option, and without it nothing is
 * sent. */
static void test_especially_complex_on_accept_and_extend_only(void)
{
  char *accept[] = {"57", "--especially-complex"};
  char *extend[] = {"57", "--reason", "Vụ việc đặc biệt phức tạp",
                    "--especially-complex"};
  char *plain[] = {"57", "--reason", "Cần xác minh"};
  char *start[] = {"57", "--especially-complex"};
  char *resolve[] = {"57", "--outcome", "answered_in_writing",
                     "--especially-complex"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("accept", ARGC(accept), accept, &a), 0);
  td_cmd_transition_request(&a, 1, &r);
  ASSERT(r.t.has_especially_complex && r.t.especially_complex);
  ASSERT(!r.t.has_complex);
  ASSERT_EQ(parse("extend", ARGC(extend), extend, &a), 0);
  td_cmd_transition_request(&a, 3, &r);
  ASSERT(r.t.has_especially_complex && r.t.especially_complex);
  ASSERT_EQ(parse("extend", ARGC(plain), plain, &a), 0);
  td_cmd_transition_request(&a, 3, &r);
  ASSERT(!r.t.has_especially_complex);
  ASSERT_EQ(parse("start", ARGC(start), start, &a), -1);
  ASSERT_STR_EQ(err, "start does not take --especially-complex");
  ASSERT_EQ(parse("resolve", ARGC(resolve), resolve, &a), -1);
  ASSERT_STR_EQ(err, "resolve does not take --especially-complex");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("extend", "especially_complex"),
                "--especially-complex");
}

static void test_note_takes_its_text_or_stdin(void)
{
  char *text[] = {"57", "Đã gọi điện cho công dân"};
  char *dash[] = {"57", "-"};
  char *none[] = {"57"};
  char *unquoted[] = {"57", "Đã", "gọi"};
  char *empty[] = {"57", " "};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("note", 2, text, &a), 0);
  ASSERT(!a.note_stdin);
  td_cmd_transition_request(&a, 8, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__NOTE);
  ASSERT_STR_EQ(r.t.note, "Đã gọi điện cho công dân");
  /* A note is taken at any version: it states none. */
  ASSERT(!r.t.has_expected_version);
  ASSERT_EQ(parse("note", 2, dash, &a), 0);
  ASSERT(a.note_stdin);
  ASSERT_NULL(a.note);
  ASSERT_EQ(parse("note", 1, none, &a), -1);
  ASSERT(strstr(err, "give the note's text") != NULL);
  ASSERT_EQ(parse("note", 3, unquoted, &a), -1);
  ASSERT(strstr(err, "put the whole note in quotes") != NULL);
  ASSERT_EQ(parse("note", 2, empty, &a), -1);
  ASSERT(strstr(err, "the note is empty") != NULL);
}

static void test_a_note_is_sent_once_at_any_version(void)
{
  char *plain[] = {"57", "x"};
  char *version[] = {"57", "x", "--expect-version", "3"};
  char *retries[] = {"57", "x", "--retries", "2"};
  char *at[] = {"57", "x", "--at", "2026-03-05"};
  struct td_transition_args a;

  ASSERT_EQ(parse("note", 2, plain, &a), 0);
  ASSERT_EQ(a.retries, 0);
  ASSERT_EQ(parse("note", 4, version, &a), -1);
  ASSERT(strstr(err, "note does not take --expect-version") != NULL);
  ASSERT_EQ(parse("note", 4, retries, &a), -1);
  ASSERT(strstr(err, "note does not take --retries") != NULL);
  ASSERT_EQ(parse("note", 4, at, &a), 0);
  ASSERT(a.has_at);
}

/* A note may mark a repeat visit, its text then optional; only a note. */
static void test_a_note_marks_a_repeat_visit(void)
{
  char *bare[] = {"BL-2026-000014", "--repeat-of", "BL-2026-000001"};
  char *texted[] = {"57", "--repeat-of", "BL-2026-000001", "Cùng thửa đất"};
  char *blank[] = {"57", "--repeat-of", " "};
  char *accept[] = {"57", "--repeat-of", "BL-2026-000001"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("note", ARGC(bare), bare, &a), 0);
  td_cmd_transition_request(&a, 0, &r);
  ASSERT_EQ(r.t.action, TIEPDAN__ACTION__NOTE);
  ASSERT_STR_EQ(r.t.repeat_of, "BL-2026-000001");
  ASSERT_NULL(r.t.note);
  ASSERT(!r.t.has_expected_version);
  ASSERT_EQ(parse("note", ARGC(texted), texted, &a), 0);
  td_cmd_transition_request(&a, 0, &r);
  ASSERT_STR_EQ(r.t.note, "Cùng thửa đất");
  ASSERT_STR_EQ(r.t.repeat_of, "BL-2026-000001");
  ASSERT_EQ(parse("note", ARGC(blank), blank, &a), -1);
  ASSERT(strstr(err, "--repeat-of is empty") != NULL);
  ASSERT_EQ(parse("accept", ARGC(accept), accept, &a), -1);
  ASSERT(strstr(err, "accept does not take --repeat-of") != NULL);
}

/* What a resolution found goes with resolve, and nothing else. */
static void test_resolve_takes_a_finding(void)
{
  char *ok[] = {"57", "--outcome", "answered_in_writing", "--finding",
                "partly_correct"};
  char *start[] = {"57", "--finding", "correct"};
  struct td_transition_args a;
  struct td_transition_req r;

  ASSERT_EQ(parse("resolve", ARGC(ok), ok, &a), 0);
  td_cmd_transition_request(&a, 6, &r);
  ASSERT_STR_EQ(r.t.finding, "partly_correct");
  ASSERT(strstr(td_usage_transition("resolve"), "--finding") != NULL);
  ASSERT_EQ(parse("start", ARGC(start), start, &a), -1);
  ASSERT(strstr(err, "start does not take --finding") != NULL);
  ASSERT_STR_EQ(td_cmd_option_of_field("finding"), "--finding");
  ASSERT_STR_EQ(td_cmd_option_of_field("repeat_of"), "--repeat-of");
}

static void test_transition_usage_errors(void)
{
  char *none[] = {"--complex"};
  char *two[] = {"57", "58"};
  char *zero[] = {"0"};
  char *at[] = {"57", "--at", "31/02/2026"};
  char *retries[] = {"57", "--retries", "11"};
  char *global[] = {"57", "--format", "json"};
  char *help[] = {"--help"};
  struct td_transition_args a;

  ASSERT_EQ(parse("accept", 1, none, &a), -1);
  ASSERT(strstr(err, "give the petition's id or receipt number, e.g. "
                     "tiepdan accept") != NULL);
  ASSERT_EQ(parse("accept", 2, two, &a), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"58\"");
  ASSERT_EQ(parse("accept", 1, zero, &a), -1);
  ASSERT(strstr(err, "the id must be a number from 1") != NULL);
  ASSERT_EQ(parse("accept", 3, at, &a), -1);
  ASSERT(strstr(err, "--at must be a time in Vietnam") != NULL);
  ASSERT_EQ(parse("accept", 3, retries, &a), -1);
  ASSERT(strstr(err, "--retries must be") != NULL);
  ASSERT_EQ(parse("accept", 3, global, &a), -1);
  ASSERT(strstr(err, "--format is a global option") != NULL);
  ASSERT_EQ(parse("frobnicate", 1, zero, &a), -1);
  /* Help needs nothing else, even where a reason is required. */
  ASSERT_EQ(parse("reject", 1, help, &a), 0);
  ASSERT(a.help);
}

static void test_history_by_id_or_receipt(void)
{
  char *id[] = {"57"};
  char *receipt[] = {"BL-2026-000057"};
  char *none[] = {"--help"};
  struct td_history_args a;
  struct td_history_req r;

  ASSERT_EQ(td_cmd_parse_history(1, id, &a, err, sizeof(err)), 0);
  td_cmd_history_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_GET_HISTORY);
  ASSERT(r.env.get_history == &r.get);
  ASSERT_EQ(r.get.key_case, TIEPDAN__GET_HISTORY__KEY_PETITION_ID);
  ASSERT_EQ(r.get.petition_id, 57);
  ASSERT_EQ(td_cmd_parse_history(1, receipt, &a, err, sizeof(err)), 0);
  td_cmd_history_request(&a, &r);
  ASSERT_EQ(r.get.key_case, TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO);
  ASSERT_STR_EQ(r.get.receipt_no, "BL-2026-000057");
  ASSERT_EQ(td_cmd_parse_history(0, none, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "tiepdan history BL-") != NULL);
  ASSERT_EQ(td_cmd_parse_history(1, none, &a, err, sizeof(err)), 0);
  ASSERT(a.help);
}

static void test_history_shows_identity_reads_only_with_audit(void)
{
  char *audit[] = {"--audit", "57"};
  char *plain[] = {"57"};
  static const char *const actions[] = {"submit", "identity_read", "accept",
                                        "identity_read", "note"};
  Tiepdan__Event ev[5];
  Tiepdan__Event *evp[5];
  Tiepdan__Event *out[5];
  Tiepdan__HistoryReply h = TIEPDAN__HISTORY_REPLY__INIT;
  struct td_history_args a;
  size_t i;

  ASSERT_EQ(td_cmd_parse_history(2, audit, &a, err, sizeof(err)), 0);
  ASSERT(a.audit);
  ASSERT_STR_EQ(a.ref, "57");
  ASSERT_EQ(td_cmd_parse_history(1, plain, &a, err, sizeof(err)), 0);
  ASSERT(!a.audit);
  for (i = 0; i < 5; i++) {
    tiepdan__event__init(&ev[i]);
    ev[i].action = (char *)actions[i];
    evp[i] = &ev[i];
  }
  h.n_events = 5;
  h.events = evp;
  /* The reads stay recorded; the steps of the petition's life are shown. */
  ASSERT_EQ(td_cmd_history_steps(&h, 0, out), 3);
  ASSERT(out[0] == &ev[0] && out[1] == &ev[2] && out[2] == &ev[4]);
  ASSERT_EQ(td_cmd_history_steps(&h, 1, out), 5);
  for (i = 0; i < 5; i++)
    ASSERT(out[i] == &ev[i]);
  h.n_events = 0;
  ASSERT_EQ(td_cmd_history_steps(&h, 0, out), 0);
}

static void test_refused_fields_name_the_option_of_the_command(void)
{
  ASSERT_STR_EQ(td_cmd_option_of_field_in("reject", "note"), "--reason");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("accept", "note"), "--note");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("note", "note"), "TEXT");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("transfer", "transfer_target"),
                "--to");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("resolve", "outcome"), "--outcome");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("accept", "expected_version"),
                "--expect-version");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("session close", "session_id"),
                "SESSION_ID");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("submit", "session_id"), "--session");
  ASSERT_STR_EQ(
      td_cmd_option_of_field_in("admin holidays load", "holidays[3].date"),
      "FILE");
  ASSERT_STR_EQ(td_cmd_option_of_field_in(NULL, "group_size"), "--group-size");
  ASSERT_NULL(td_cmd_option_of_field_in("accept", NULL));
}

int main(void)
{
  RUN_TEST(test_every_action_is_a_command_with_a_usage);
  RUN_TEST(test_accept_by_receipt_is_complex_with_a_time);
  RUN_TEST(test_an_id_of_digits_is_a_petition_id);
  RUN_TEST(test_expect_version_and_retries_are_kept);
  RUN_TEST(test_reject_withdraw_reopen_extend_need_a_reason);
  RUN_TEST(test_reject_sends_the_reason_as_note);
  RUN_TEST(test_note_and_reason_are_not_interchangeable);
  RUN_TEST(test_transfer_needs_the_agency);
  RUN_TEST(test_resolve_needs_a_known_outcome);
  RUN_TEST(test_withdraw_takes_satisfaction);
  RUN_TEST(test_reopen_and_extend);
  RUN_TEST(test_especially_complex_on_accept_and_extend_only);
  RUN_TEST(test_note_takes_its_text_or_stdin);
  RUN_TEST(test_a_note_is_sent_once_at_any_version);
  RUN_TEST(test_a_note_marks_a_repeat_visit);
  RUN_TEST(test_resolve_takes_a_finding);
  RUN_TEST(test_transition_usage_errors);
  RUN_TEST(test_history_by_id_or_receipt);
  RUN_TEST(test_history_shows_identity_reads_only_with_audit);
  RUN_TEST(test_refused_fields_name_the_option_of_the_command);
  return TEST_EXIT();
}
