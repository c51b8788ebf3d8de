/*
 * db/rows.c: reading columns, writing parameters and array literals,
 * classifying a result, parsing a verdict; and the proof that statements
 * go to the test's fake pool, never to PostgreSQL.
 */
#include "db/rows.h"
#include "test_db.h"

static const char *const cols3[] = {"n", "flag", "day"};

static PGresult *one_row(const char *n, const char *flag, const char *day)
{
  PGresult *res = canned(cols3, 3);
  const char *row[] = {n, flag, day};

  canned_row(res, row);
  return res;
}

static int sends;
static PGresult *sent_res;

static void on_sent(void *arg, PGresult *res)
{
  (void)arg;
  sends++;
  sent_res = res;
}

static void statements_go_to_the_test_pool_not_to_postgresql(void)
{
  const char *params[] = {"1", NULL};

  sends = 0;
  ASSERT_EQ(td_rows_send(&fake.db, "SELECT $1, $2", 2, params, on_sent, NULL),
            0);
  ASSERT_EQ(fake.pool.calls, 1);
  ASSERT_EQ(fake.ncalls, 1);
  ASSERT_STR_EQ(fake_last()->sql, "SELECT $1, $2");
  ASSERT(fake_params_are(params, 2));
  ASSERT_EQ(fake.queries, 1);
  ASSERT_EQ(fake.sent, 1);
  ASSERT_EQ(sends, 0); /* Never inside the call. */
  fake_answer(0, NULL);
  ASSERT_EQ(sends, 1);
  ASSERT_NULL(sent_res);
}

static void a_statement_the_pool_refuses_is_unavailable_and_not_counted(void)
{
  sends = 0;
  fake.refuse = 1;
  ASSERT_EQ(td_rows_send(&fake.db, "SELECT 1", 0, NULL, on_sent, NULL),
            TD_EUNAVAIL);
  ASSERT_EQ(fake.pool.calls, 1);
  ASSERT_EQ(fake.queries, 0);
  ASSERT_EQ(fake.sent, 0);
  ASSERT_EQ(sends, 0);
}

static void without_a_pool_a_statement_is_unavailable(void)
{
  struct td_db db = fake.db;

  db.pool = NULL;
  db.sent = NULL;
  ASSERT_EQ(td_rows_send(&db, "SELECT 1", 0, NULL, on_sent, NULL), TD_EUNAVAIL);
  ASSERT_EQ(fake.pool.calls, 0);
  ASSERT_EQ(fake.queries, 0);
}

static void a_statement_is_counted_without_a_sent_flag(void)
{
  struct td_db db = fake.db;

  db.sent = NULL;
  db.queries = NULL;
  ASSERT_EQ(td_rows_send(&db, "SELECT 1", 0, NULL, on_sent, NULL), 0);
  ASSERT_EQ(fake.ncalls, 1);
}

static void status_of_rows_is_zero(void)
{
  PGresult *res = one_row("1", "t", "2026-01-01");

  ASSERT_EQ(td_rows_status(res, "test", 0), 0);
  ASSERT_EQ(td_rows_status(res, "test", 1), 0);
  PQclear(res);
}

static void status_of_command_ok_is_zero_only_when_allowed(void)
{
  PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_COMMAND_OK);

  ASSERT_EQ(td_rows_status(res, "test", 1), 0);
  fake.retryable = 0;
  ASSERT_EQ(td_rows_status(res, "test", 0), TD_EINTERNAL);
  PQclear(res);
}

static void status_of_a_lost_connection_is_unavailable(void)
{
  ASSERT_EQ(td_rows_status(NULL, "test", 0), TD_EUNAVAIL);
  ASSERT_EQ(td_rows_status(NULL, "test", 1), TD_EUNAVAIL);
}

static void status_of_a_retryable_error_is_unavailable(void)
{
  PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_FATAL_ERROR);

  fake.retryable = 1;
  ASSERT_EQ(td_rows_status(res, "test", 0), TD_EUNAVAIL);
  PQclear(res);
}

static void status_of_another_error_is_internal(void)
{
  PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_FATAL_ERROR);

  fake.retryable = 0;
  ASSERT_EQ(td_rows_status(res, "test", 0), TD_EINTERNAL);
  ASSERT_EQ(td_rows_status(res, "test", 1), TD_EINTERNAL);
  PQclear(res);
}

static void str_copies_into_the_arena_and_null_stays_null(void)
{
  PGresult *res = one_row("42", NULL, "2026-01-01");
  char *s = td_rows_str(&fake.arena, res, 0, 0);

  PQclear(res); /* The copy outlives the result. */
  ASSERT_STR_EQ(s, "42");
  res = one_row("42", NULL, "2026-01-01");
  ASSERT_NULL(td_rows_str(&fake.arena, res, 0, 1));
  ASSERT_NULL(td_rows_str(&fake.arena, res, 0, -1));
  PQclear(res);
}

static void i64_reads_numbers_and_says_when_absent(void)
{
  PGresult *res = one_row("-9000000000", NULL, "2026-01-01");
  int64_t v = 7;
  int got;
  int null_got;
  int missing_got;

  got = td_rows_i64(res, 0, 0, &v);
  null_got = td_rows_i64(res, 0, 1, &v);
  missing_got = td_rows_i64(res, 0, -1, &v);
  PQclear(res);
  ASSERT_EQ(got, 1);
  ASSERT_EQ(null_got, 0);
  ASSERT_EQ(missing_got, 0);
  ASSERT_EQ(v, -9000000000LL);
}

static void u32_reads_numbers_and_says_when_absent(void)
{
  PGresult *res = one_row("4000000000", NULL, "2026-01-01");
  uint32_t v = 7;
  int got;
  int null_got;

  got = td_rows_u32(res, 0, 0, &v);
  null_got = td_rows_u32(res, 0, 1, &v);
  PQclear(res);
  ASSERT_EQ(got, 1);
  ASSERT_EQ(null_got, 0);
  ASSERT_EQ(v, 4000000000u);
}

static void u64_reads_by_name_and_is_zero_for_null_or_missing(void)
{
  PGresult *res = one_row("18446744073709551615", NULL, "2026-01-01");
  uint64_t big = td_rows_u64(res, 0, "n");
  uint64_t null_v = td_rows_u64(res, 0, "flag");
  uint64_t missing = td_rows_u64(res, 0, "nothing");

  PQclear(res);
  ASSERT_EQ(big, UINT64_MAX);
  ASSERT_EQ(null_v, 0);
  ASSERT_EQ(missing, 0);
}

static void bool_is_true_only_for_t(void)
{
  PGresult *res = canned(cols3, 3);
  const char *t[] = {"t", "f", NULL};
  const char *other[] = {"true", "1", "T"};
  int got[6];

  canned_row(res, t);
  canned_row(res, other);
  got[0] = td_rows_bool(res, 0, 0);
  got[1] = td_rows_bool(res, 0, 1);
  got[2] = td_rows_bool(res, 0, 2);
  got[3] = td_rows_bool(res, 0, -1);
  got[4] = td_rows_bool(res, 1, 0);
  got[5] = td_rows_bool(res, 1, 2);
  PQclear(res);
  ASSERT_EQ(got[0], 1);
  ASSERT_EQ(got[1], 0);
  ASSERT_EQ(got[2], 0);
  ASSERT_EQ(got[3], 0);
  ASSERT_EQ(got[4], 0);
  ASSERT_EQ(got[5], 0);
}

static void day_reads_a_date_and_is_none_for_null_bad_or_missing(void)
{
  PGresult *res = canned(cols3, 3);
  const char *good[] = {"2026-02-16", NULL, "2026-02-30"};
  const char *bad[] = {"2026-2-16", "16/02/2026", ""};
  td_day want;
  td_day got[6];

  canned_row(res, good);
  canned_row(res, bad);
  got[0] = td_rows_day(res, 0, 0);
  got[1] = td_rows_day(res, 0, 1);
  got[2] = td_rows_day(res, 0, 2);
  got[3] = td_rows_day(res, 0, -1);
  got[4] = td_rows_day(res, 1, 0);
  got[5] = td_rows_day(res, 1, 1);
  PQclear(res);
  ASSERT_EQ(td_day_parse("2026-02-16", &want), 0);
  ASSERT_EQ(got[0], want);
  ASSERT_EQ(got[1], TD_DAY_NONE);
  ASSERT_EQ(got[2], TD_DAY_NONE); /* 30 February */
  ASSERT_EQ(got[3], TD_DAY_NONE);
  ASSERT_EQ(got[4], TD_DAY_NONE);
  ASSERT_EQ(got[5], TD_DAY_NONE);
}

static void int_and_date_parameters_are_text_in_the_arena(void)
{
  td_day d;

  ASSERT_STR_EQ(td_rows_int(&fake.arena, 0), "0");
  ASSERT_STR_EQ(td_rows_int(&fake.arena, INT64_MIN), "-9223372036854775808");
  ASSERT_STR_EQ(td_rows_int(&fake.arena, INT64_MAX), "9223372036854775807");
  ASSERT_EQ(td_day_parse("2026-01-02", &d), 0);
  ASSERT_STR_EQ(td_rows_date(&fake.arena, d), "2026-01-02");
  ASSERT_NULL(td_rows_date(&fake.arena, TD_DAY_NONE));
}

static void an_empty_array_literal_is_braces(void)
{
  struct td_array_lit b = {NULL, 0, 0};
  char *lit = td_array_finish(&fake.arena, &b);

  ASSERT_STR_EQ(lit, "{}");
  ASSERT_NULL(b.p);
}

static void array_elements_are_quoted_with_quotes_and_backslashes_escaped(void)
{
  struct td_array_lit b = {NULL, 0, 0};
  char *lit;

  td_array_add(&b, "03390");
  td_array_add(&b, "Tết \"Nguyên Đán\"");
  td_array_add(&b, "C:\\dir");
  td_array_add(&b, "a,b{c}");
  td_array_add(&b, "");
  lit = td_array_finish(&fake.arena, &b);
  ASSERT_STR_EQ(lit, "{\"03390\",\"Tết \\\"Nguyên Đán\\\"\",\"C:\\\\dir\","
                     "\"a,b{c}\",\"\"}");
}

static void integer_array_elements_are_quoted_numbers(void)
{
  struct td_array_lit b = {NULL, 0, 0};
  char *lit;

  td_array_add_int(&b, 57);
  td_array_add_int(&b, -1);
  lit = td_array_finish(&fake.arena, &b);
  ASSERT_STR_EQ(lit, "{\"57\",\"-1\"}");
}

static void a_long_array_literal_grows_and_keeps_every_element(void)
{
  struct td_array_lit b = {NULL, 0, 0};
  char *lit;
  int i;

  for (i = 0; i < 1000; i++)
    td_array_add_int(&b, i);
  lit = td_array_finish(&fake.arena, &b);
  ASSERT_EQ(strncmp(lit, "{\"0\",\"1\",", 9), 0);
  ASSERT_STR_EQ(lit + strlen(lit) - 7, ",\"999\"}");
  ASSERT_EQ(strlen(lit), 2 + 1000 * 2 + 999 + (10 + 90 * 2 + 900 * 3));
}

static void a_verdict_is_its_index_and_an_unknown_one_is_minus_one(void)
{
  static const char *const names[] = {"ok", "conflict", "stale_calendar"};

  ASSERT_EQ(td_rows_verdict(names, 3, "ok", "test"), 0);
  ASSERT_EQ(td_rows_verdict(names, 3, "stale_calendar", "test"), 2);
  ASSERT_EQ(td_rows_verdict(names, 3, "OK", "test"), -1);
  ASSERT_EQ(td_rows_verdict(names, 3, "", "test"), -1);
  ASSERT_EQ(td_rows_verdict(names, 3, NULL, "test"), -1);
  ASSERT_EQ(td_rows_verdict(names, 2, "stale_calendar", "test"), -1);
}

static void a_unit_needs_a_code(void)
{
  Tiepdan__Unit *u;

  ASSERT_NULL(td_rows_unit(&fake.arena, NULL, "Xã Bình Lư", "commune"));
  u = td_rows_unit(&fake.arena, "03390", "Xã Bình Lư", "commune");
  ASSERT_NOT_NULL(u);
  ASSERT_STR_EQ(u->code, "03390");
  ASSERT_STR_EQ(u->name, "Xã Bình Lư");
  ASSERT_STR_EQ(u->level, "commune");
}

int main(void)
{
  RUN_DB_TEST(statements_go_to_the_test_pool_not_to_postgresql);
  RUN_DB_TEST(a_statement_the_pool_refuses_is_unavailable_and_not_counted);
  RUN_DB_TEST(without_a_pool_a_statement_is_unavailable);
  RUN_DB_TEST(a_statement_is_counted_without_a_sent_flag);
  RUN_DB_TEST(status_of_rows_is_zero);
  RUN_DB_TEST(status_of_command_ok_is_zero_only_when_allowed);
  RUN_DB_TEST(status_of_a_lost_connection_is_unavailable);
  RUN_DB_TEST(status_of_a_retryable_error_is_unavailable);
  RUN_DB_TEST(status_of_another_error_is_internal);
  RUN_DB_TEST(str_copies_into_the_arena_and_null_stays_null);
  RUN_DB_TEST(i64_reads_numbers_and_says_when_absent);
  RUN_DB_TEST(u32_reads_numbers_and_says_when_absent);
  RUN_DB_TEST(u64_reads_by_name_and_is_zero_for_null_or_missing);
  RUN_DB_TEST(bool_is_true_only_for_t);
  RUN_DB_TEST(day_reads_a_date_and_is_none_for_null_bad_or_missing);
  RUN_DB_TEST(int_and_date_parameters_are_text_in_the_arena);
  RUN_DB_TEST(an_empty_array_literal_is_braces);
  RUN_DB_TEST(array_elements_are_quoted_with_quotes_and_backslashes_escaped);
  RUN_DB_TEST(integer_array_elements_are_quoted_numbers);
  RUN_DB_TEST(a_long_array_literal_grows_and_keeps_every_element);
  RUN_DB_TEST(a_verdict_is_its_index_and_an_unknown_one_is_minus_one);
  RUN_DB_TEST(a_unit_needs_a_code);
  return TEST_EXIT();
}
