/*
 * The statement behind the receipt's header (server/db/unit.c,
 * td_db_unit_province): the province of the unit a petition is handled by.
 */
#include "test_db.h"

#include "db/unit.h"

static struct td_unit_province got;
static int calls;

static void on_province(void *arg, const struct td_unit_province *r)
{
  (void)arg;
  got = *r;
  calls++;
}

static const char *const cols[] = {"code", "name"};

static void the_province_is_asked_by_the_handling_unit(void)
{
  const char *want[] = {"42"};
  const char *row[] = {"12", "Tỉnh Lai Châu"};
  PGresult *res = canned(cols, 2);

  calls = 0;
  ASSERT_EQ(td_db_unit_province(&fake.db, 42, on_province, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
  /* The unit as it stands today: a merged commune's successor. */
  ASSERT(strstr(fake_last()->sql, "td_unit_current($1::int)") != NULL);
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(got.err, 0);
  ASSERT_NOT_NULL(got.province);
  ASSERT_STR_EQ(got.province->code, "12");
  ASSERT_STR_EQ(got.province->name, "Tỉnh Lai Châu");
  ASSERT_STR_EQ(got.province->level, "province");
}

static void a_unit_without_a_province_has_none(void)
{
  calls = 0;
  ASSERT_EQ(td_db_unit_province(&fake.db, 1, on_province, NULL), 0);
  fake_answer(0, canned(cols, 2));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(got.err, 0);
  ASSERT_NULL(got.province);
}

static void a_database_error_is_passed_on(void)
{
  calls = 0;
  ASSERT_EQ(td_db_unit_province(&fake.db, 42, on_province, NULL), 0);
  fake_answer_error(0, 1);
  ASSERT_EQ(calls, 1);
  ASSERT_NE(got.err, 0);
  ASSERT_NULL(got.province);
}

int main(void)
{
  RUN_DB_TEST(the_province_is_asked_by_the_handling_unit);
  RUN_DB_TEST(a_unit_without_a_province_has_none);
  RUN_DB_TEST(a_database_error_is_passed_on);
  return TEST_EXIT();
}
