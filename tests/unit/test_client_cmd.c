/* Command lines: what tiepdan accepts, refuses, and sends. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "cmd/field.h"
#include "cmd/global.h"
#include "cmd/list.h"
#include "cmd/show.h"
#include "cmd/submit.h"
#include "cmd/terms_in.h"
#include "input/text.h"
#include "net/conn.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

static void test_global_options_stop_at_the_command(void)
{
  char *argv[] = {"--server", "h:1",  "--format=json", "--key",
                  "k.pem",    "list", "--all"};
  struct td_global_args g;

  ASSERT_EQ(td_cmd_parse_global(ARGC(argv), argv, &g, err, sizeof(err)), 0);
  ASSERT_STR_EQ(g.flags.server, "h:1");
  ASSERT_STR_EQ(g.flags.key, "k.pem");
  ASSERT_EQ(g.format, TD_FORMAT_JSON);
  ASSERT_STR_EQ(g.command, "list");
  ASSERT_EQ(g.argc, 1);
  ASSERT_STR_EQ(g.argv[0], "--all");
}

static void test_excel_is_csv_with_a_mark(void)
{
  char *excel[] = {"--excel", "list"};
  char *plain[] = {"--format", "csv", "list"};
  struct td_global_args g;

  ASSERT_EQ(td_cmd_parse_global(ARGC(excel), excel, &g, err, sizeof(err)), 0);
  ASSERT_EQ(g.format, TD_FORMAT_CSV);
  ASSERT(g.excel);
  ASSERT_STR_EQ(g.command, "list");
  ASSERT_EQ(td_cmd_parse_global(ARGC(plain), plain, &g, err, sizeof(err)), 0);
  ASSERT_EQ(g.format, TD_FORMAT_CSV);
  ASSERT(!g.excel);
}

static void test_global_errors(void)
{
  char *unknown[] = {"--sever", "h:1", "list"};
  char *missing[] = {"--server"};
  char *format[] = {"--format", "xml", "list"};
  char *eaten[] = {"--server", "--format", "json"};
  struct td_global_args g;

  ASSERT_EQ(td_cmd_parse_global(3, unknown, &g, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "unknown option --sever");
  ASSERT_EQ(td_cmd_parse_global(1, missing, &g, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "option --server needs a value");
  ASSERT_EQ(td_cmd_parse_global(3, format, &g, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--format must be table, csv or json") != NULL);
  /* A forgotten value must not swallow the next option. */
  ASSERT_EQ(td_cmd_parse_global(3, eaten, &g, err, sizeof(err)), -1);
}

static void test_no_command_is_not_an_error_for_the_parser(void)
{
  char *argv[] = {"--version"};
  struct td_global_args g;

  ASSERT_EQ(td_cmd_parse_global(1, argv, &g, err, sizeof(err)), 0);
  ASSERT(g.version);
  ASSERT_NULL(g.command);
}

static void test_submit_requires_kind_and_channel(void)
{
  char *no_kind[] = {"--channel", "digital", "--summary", "x"};
  char *no_channel[] = {"--kind", "complaint", "--summary", "x"};
  struct td_submit_args a;

  ASSERT_EQ(td_cmd_parse_submit(4, no_kind, 1, &a, err, sizeof(err)), -1);
  ASSERT(strncmp(err, "--kind is required", 18) == 0);
  ASSERT_EQ(td_cmd_parse_submit(4, no_channel, 1, &a, err, sizeof(err)), -1);
  ASSERT(strncmp(err, "--channel is required", 21) == 0);
}

static void test_submit_help_needs_nothing_else(void)
{
  char *argv[] = {"-h"};
  struct td_submit_args a;

  ASSERT_EQ(td_cmd_parse_submit(1, argv, 1, &a, err, sizeof(err)), 0);
  ASSERT(a.help);
}

static void test_submit_summary_sources(void)
{
  char *given[] = {"--kind", "k", "--channel", "c", "--summary", "text"};
  char *dash[] = {"--kind", "k", "--channel", "c", "--summary", "-"};
  char *absent[] = {"--kind", "k", "--channel", "c"};
  struct td_submit_args a;

  ASSERT_EQ(td_cmd_parse_submit(6, given, 0, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.summary, "text");
  ASSERT(!a.summary_stdin);
  /* "-" reads standard input even from a terminal. */
  ASSERT_EQ(td_cmd_parse_submit(6, dash, 1, &a, err, sizeof(err)), 0);
  ASSERT(a.summary_stdin);
  ASSERT_NULL(a.summary);
  /* Absent: read a pipe, but do not sit waiting on a terminal. */
  ASSERT_EQ(td_cmd_parse_submit(4, absent, 0, &a, err, sizeof(err)), 0);
  ASSERT(a.summary_stdin);
  ASSERT_EQ(td_cmd_parse_submit(4, absent, 1, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--summary is required") != NULL);
}

static void test_submit_numbers_dates_and_keys(void)
{
  char *ok[] = {"--kind",    "k", "--channel",    "c",
                "--summary", "s", "--group-size", "5",
                "--retries", "0", "--received",   "2026-03-05 14:30"};
  char *zero_group[] = {"--kind", "k", "--channel", "c", "--group-size", "0"};
  char *many_retries[] = {"--retries", "11"};
  char *bad_date[] = {"--received", "5/3/26"};
  char *bad_key[] = {"--key", "BL-2026-000001"};
  struct td_submit_args a;

  vietnam();
  ASSERT_EQ(td_cmd_parse_submit(ARGC(ok), ok, 1, &a, err, sizeof(err)), 0);
  ASSERT(a.has_group_size);
  ASSERT_EQ(a.group_size, 5);
  ASSERT_EQ(a.retries, 0);
  ASSERT(a.has_received);
  ASSERT_EQ(a.received_at, 1772695800);
  ASSERT_EQ(td_cmd_parse_submit(6, zero_group, 1, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--group-size must be") != NULL);
  ASSERT_EQ(td_cmd_parse_submit(2, many_retries, 1, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_submit(2, bad_date, 1, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--received must be") != NULL);
  /* As officers write it: day first. */
  ok[11] = "5/3/2026 14:30";
  ASSERT_EQ(td_cmd_parse_submit(ARGC(ok), ok, 1, &a, err, sizeof(err)), 0);
  ASSERT(a.has_received);
  ASSERT_EQ(a.received_at, 1772695800);
  ASSERT_EQ(td_cmd_parse_submit(2, bad_key, 1, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--key must be") != NULL);
}

static void test_submit_refuses_stray_words_and_global_options(void)
{
  char *word[] = {"--kind", "k", "complaint"};
  char *global[] = {"--kind", "k", "--format", "json"};
  struct td_submit_args a;

  ASSERT_EQ(td_cmd_parse_submit(3, word, 1, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"complaint\"");
  ASSERT_EQ(td_cmd_parse_submit(4, global, 1, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--format is a global option") != NULL);
}

static void test_submit_request_carries_every_option(void)
{
  char *argv[] = {"--kind",    "complaint", "--channel",     "digital",
                  "--unit",    "2600101",   "--name",        "An",
                  "--summary", "s",         "--confidential"};
  struct td_submit_args a;
  struct td_submit_req r;

  ASSERT_EQ(td_cmd_parse_submit(ARGC(argv), argv, 1, &a, err, sizeof(err)), 0);
  ASSERT_EQ(td_cmd_submit_request(&a, &r, err, sizeof(err)), 0);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION);
  ASSERT(r.env.submit_petition == &r.submit);
  ASSERT_STR_EQ(r.submit.kind, "complaint");
  ASSERT_STR_EQ(r.submit.unit_code, "2600101");
  ASSERT_NULL(r.submit.field);
  ASSERT(r.submit.petitioner == &r.who);
  ASSERT_STR_EQ(r.who.name, "An");
  ASSERT(r.submit.has_confidential && r.submit.confidential);
  ASSERT(!r.submit.has_received_at);
  ASSERT(td_uuid_valid(r.submit.idempotency_key));
  ASSERT_EQ(r.submit.idempotency_key[14], '4');
}

static void test_submit_request_keeps_a_given_key(void)
{
  char *argv[] = {
      "--kind",    "k", "--channel", "c",
      "--summary", "s", "--key",     "0f8d63cf-e435-49e2-bc14-5d42faa8a7a4"};
  struct td_submit_args a;
  struct td_submit_req r;

  ASSERT_EQ(td_cmd_parse_submit(ARGC(argv), argv, 1, &a, err, sizeof(err)), 0);
  ASSERT_EQ(td_cmd_submit_request(&a, &r, err, sizeof(err)), 0);
  ASSERT_STR_EQ(r.submit.idempotency_key,
                "0f8d63cf-e435-49e2-bc14-5d42faa8a7a4");
  ASSERT_NULL(r.submit.petitioner);
}

static void test_submit_request_refuses_an_empty_summary(void)
{
  char text[] = "\xef\xbb\xbf \n\t \r\n";
  char *argv[] = {"--kind", "k", "--channel", "c", "--summary", text};
  struct td_submit_args a;
  struct td_submit_req r;

  ASSERT_EQ(td_cmd_parse_submit(6, argv, 1, &a, err, sizeof(err)), 0);
  a.summary = td_text_trim(a.summary);
  ASSERT_EQ(td_cmd_submit_request(&a, &r, err, sizeof(err)), -1);
  ASSERT(strstr(err, "the summary is empty") != NULL);
}

static void test_trim_summary(void)
{
  char text[] = "\xef\xbb\xbf  \xc4\x90\xc6\xa1n\nhai d\xc3\xb2ng \n\n";

  ASSERT_STR_EQ(td_text_trim(text), "\xc4\x90\xc6\xa1n\nhai d\xc3\xb2ng");
}

static void test_show_takes_an_id_or_a_receipt(void)
{
  char *id[] = {"57"};
  char *receipt[] = {"BL-2026-000057"};
  char *huge[] = {"99999999999999999999"};
  char *two[] = {"1", "2"};
  struct td_show_args a;
  struct td_show_req r;

  ASSERT_EQ(td_cmd_parse_show(1, id, &a, err, sizeof(err)), 0);
  td_cmd_show_request(&a, &r);
  ASSERT_EQ(r.get.key_case, TIEPDAN__GET_PETITION__KEY_ID);
  ASSERT_EQ(r.get.id, 57);
  ASSERT_EQ(td_cmd_parse_show(1, receipt, &a, err, sizeof(err)), 0);
  td_cmd_show_request(&a, &r);
  ASSERT_EQ(r.get.key_case, TIEPDAN__GET_PETITION__KEY_RECEIPT_NO);
  ASSERT_STR_EQ(r.get.receipt_no, "BL-2026-000057");
  ASSERT_EQ(td_cmd_parse_show(1, huge, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_show(2, two, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_show(0, two, &a, err, sizeof(err)), -1);
}

static void test_list_dates_make_an_inclusive_range(void)
{
  char *argv[] = {"--from",      "2026-03-01", "--to", "2026-03-31", "--status",
                  "in_progress", "--limit",    "50",   "--all"};
  struct td_list_args a;
  struct td_list_req r;

  vietnam();
  ASSERT_EQ(td_cmd_parse_list(ARGC(argv), argv, &a, err, sizeof(err)), 0);
  td_cmd_list_request(&a, &r);
  /* 2026-03-01 00:00 and 2026-04-01 00:00 in Vietnam. */
  ASSERT(r.list.has_received_from && r.list.received_from == 1772298000);
  ASSERT(r.list.has_received_to && r.list.received_to == 1774976400);
  ASSERT(r.list.has_status);
  ASSERT_EQ(r.list.status, TIEPDAN__STATUS__IN_PROGRESS);
  ASSERT(r.list.has_page_size && r.list.page_size == 50);
  ASSERT(a.all);
  ASSERT_NULL(r.list.cursor);
}

static void test_list_errors(void)
{
  char *status[] = {"--status", "done"};
  char *order[] = {"--from", "2026-03-05", "--to", "2026-03-04"};
  char *same_day[] = {"--from", "2026-03-05", "--to", "2026-03-05"};
  char *limit[] = {"--limit", "0"};
  struct td_list_args a;

  /* A status that is no code may be its name: the server's terms tell,
   * after the Hello (test_client_terms_in). A blank one is wrong now. */
  ASSERT_EQ(td_cmd_parse_list(2, status, &a, err, sizeof(err)), 0);
  ASSERT(a.has_status && a.status >= TD_TERMS_IN_PENDING);
  status[1] = " ";
  ASSERT_EQ(td_cmd_parse_list(2, status, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--status must be one of received") != NULL);
  ASSERT_EQ(td_cmd_parse_list(4, order, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_list(4, same_day, &a, err, sizeof(err)), 0);
  ASSERT_EQ(td_cmd_parse_list(2, limit, &a, err, sizeof(err)), -1);
}

static void test_show_explain_asks_the_server(void)
{
  char *plain[] = {"57"};
  char *explain[] = {"BL-2026-000057", "--explain"};
  struct td_show_args a;
  struct td_show_req r;

  ASSERT_EQ(td_cmd_parse_show(1, plain, &a, err, sizeof(err)), 0);
  td_cmd_show_request(&a, &r);
  ASSERT(!r.get.has_explain);
  ASSERT_EQ(td_cmd_parse_show(2, explain, &a, err, sizeof(err)), 0);
  td_cmd_show_request(&a, &r);
  ASSERT(r.get.has_explain && r.get.explain);
  ASSERT_STR_EQ(r.get.receipt_no, "BL-2026-000057");
}

static void test_list_overdue_and_session(void)
{
  char *argv[] = {"--overdue", "--session", "12"};
  char *plain[] = {"--all"};
  struct td_list_args a;
  struct td_list_req r;

  ASSERT_EQ(td_cmd_parse_list(3, argv, &a, err, sizeof(err)), 0);
  td_cmd_list_request(&a, &r);
  ASSERT(r.list.has_overdue && r.list.overdue);
  ASSERT(!r.list.has_due_within_days);
  ASSERT(r.list.has_session_id && r.list.session_id == 12);
  ASSERT_EQ(td_cmd_parse_list(1, plain, &a, err, sizeof(err)), 0);
  td_cmd_list_request(&a, &r);
  ASSERT(!r.list.has_overdue);
  ASSERT(!r.list.has_session_id);
}

static void test_list_due_within_takes_days_with_or_without_d(void)
{
  static const char *const good[][2] = {
      {"3d", "3"}, {"3", "3"}, {"1d", "1"}, {"366", "366"}};
  static const char *const bad[] = {"0",  "0d",  "367", "d",  "3days",
                                    "-3", "3 d", "",    "3dd"};
  char *argv[2];
  struct td_list_args a;
  struct td_list_req r;
  size_t i;

  argv[0] = "--due-within";
  for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
    argv[1] = (char *)good[i][0];
    ASSERT_EQ(td_cmd_parse_list(2, argv, &a, err, sizeof(err)), 0);
    td_cmd_list_request(&a, &r);
    ASSERT(r.list.has_due_within_days);
    ASSERT_EQ(r.list.due_within_days, (uint32_t)strtoul(good[i][1], NULL, 10));
  }
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    argv[1] = (char *)bad[i];
    ASSERT_EQ(td_cmd_parse_list(2, argv, &a, err, sizeof(err)), -1);
    ASSERT(strstr(err, "--due-within must be a number of days from 1 to 366") !=
           NULL);
  }
}

static void test_list_overdue_and_due_within_exclude_each_other(void)
{
  char *argv[] = {"--overdue", "--due-within", "3d"};
  char *session[] = {"--session", "0"};
  struct td_list_args a;

  ASSERT_EQ(td_cmd_parse_list(3, argv, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "give --overdue or --due-within, not both") != NULL);
  ASSERT_EQ(td_cmd_parse_list(2, session, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--session must be the number of a session") != NULL);
}

static void test_submit_links_a_session(void)
{
  char *argv[] = {"--kind",    "k", "--channel", "periodic_reception",
                  "--summary", "s", "--session", "12"};
  char *plain[] = {"--kind", "k", "--channel", "c", "--summary", "s"};
  struct td_submit_args a;
  struct td_submit_req r;

  ASSERT_EQ(td_cmd_parse_submit(ARGC(argv), argv, 1, &a, err, sizeof(err)), 0);
  ASSERT_EQ(td_cmd_submit_request(&a, &r, err, sizeof(err)), 0);
  ASSERT(r.submit.has_session_id && r.submit.session_id == 12);
  ASSERT_EQ(td_cmd_parse_submit(ARGC(plain), plain, 1, &a, err, sizeof(err)),
            0);
  ASSERT_EQ(td_cmd_submit_request(&a, &r, err, sizeof(err)), 0);
  ASSERT(!r.submit.has_session_id);
}

static void test_fields_map_to_options(void)
{
  ASSERT_STR_EQ(td_cmd_option_of_field("group_size"), "--group-size");
  ASSERT_STR_EQ(td_cmd_option_of_field("petitioner.id_number"), "--id-number");
  ASSERT_STR_EQ(td_cmd_option_of_field("received_at"), "--received");
  ASSERT_NULL(td_cmd_option_of_field("nonsense"));
  ASSERT_NULL(td_cmd_option_of_field(NULL));
}

static void test_server_addresses(void)
{
  char host[64];
  char port[8];

  ASSERT_EQ(td_conn_split_server("tiepdan.example.vn:7443", host, sizeof(host),
                                 port, sizeof(port), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(host, "tiepdan.example.vn");
  ASSERT_STR_EQ(port, "7443");
  ASSERT_EQ(td_conn_split_server("[2001:db8::5]:7443", host, sizeof(host), port,
                                 sizeof(port), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(host, "2001:db8::5");
  ASSERT_EQ(td_conn_split_server("10.0.0.5:1", host, sizeof(host), port,
                                 sizeof(port), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(host, "10.0.0.5");
  ASSERT_STR_EQ(port, "1");
}

static void test_bad_server_addresses(void)
{
  static const char *const bad[] = {"tiepdan.example.vn",
                                    "2001:db8::5:7443",
                                    "[2001:db8::5]7443",
                                    "[2001:db8::5]:",
                                    ":7443",
                                    "host:https",
                                    "[::1:7443",
                                    "host:123456789"};
  char host[64];
  char port[8];
  size_t i;

  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    ASSERT_EQ(td_conn_split_server(bad[i], host, sizeof(host), port,
                                   sizeof(port), err, sizeof(err)),
              TD_EUSAGE);
    ASSERT(strstr(err, "is not HOST:PORT") != NULL);
  }
}

int main(void)
{
  RUN_TEST(test_global_options_stop_at_the_command);
  RUN_TEST(test_excel_is_csv_with_a_mark);
  RUN_TEST(test_global_errors);
  RUN_TEST(test_no_command_is_not_an_error_for_the_parser);
  RUN_TEST(test_submit_requires_kind_and_channel);
  RUN_TEST(test_submit_help_needs_nothing_else);
  RUN_TEST(test_submit_summary_sources);
  RUN_TEST(test_submit_numbers_dates_and_keys);
  RUN_TEST(test_submit_refuses_stray_words_and_global_options);
  RUN_TEST(test_submit_request_carries_every_option);
  RUN_TEST(test_submit_request_keeps_a_given_key);
  RUN_TEST(test_submit_request_refuses_an_empty_summary);
  RUN_TEST(test_trim_summary);
  RUN_TEST(test_show_takes_an_id_or_a_receipt);
  RUN_TEST(test_list_dates_make_an_inclusive_range);
  RUN_TEST(test_list_errors);
  RUN_TEST(test_show_explain_asks_the_server);
  RUN_TEST(test_list_overdue_and_session);
  RUN_TEST(test_list_due_within_takes_days_with_or_without_d);
  RUN_TEST(test_list_overdue_and_due_within_exclude_each_other);
  RUN_TEST(test_submit_links_a_session);
  RUN_TEST(test_fields_map_to_options);
  RUN_TEST(test_server_addresses);
  RUN_TEST(test_bad_server_addresses);
  return TEST_EXIT();
}
