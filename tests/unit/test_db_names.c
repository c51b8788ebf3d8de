/*
 * Names as long as the server accepts them come back whole from the
 * principal lookup: a principal's name in AddPrincipal and a new commune's
 * name in MergeUnits may be up to TD_NAME_MAX (256) bytes, and the
 * connection's principal keeps them whole, never cut inside a character.
 * (Once it held them in 128 bytes and cut them silently.)
 */
#include "db/principal.h"
#include "domain/validate.h"
#include "test_db.h"

static struct td_principal_found found;

static void on_found(void *arg, const struct td_principal_found *r)
{
  (void)arg;
  found = *r;
}

/* 155 bytes of valid UTF-8, under TD_NAME_MAX; byte 127 is inside "ế". */
static const char long_name[] =
    "Nguyễn Thị Hoa, Phó Chủ tịch Ủy ban nhân dân xã Bình Lư, phụ trách "
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo";

/* 170 bytes of valid UTF-8, under TD_NAME_MAX, as MergeUnits accepts. */
static const char long_unit[] =
    "Xã Bình Lư (hợp nhất từ các xã Bình Lư, Phong Thổ, Nà Tăm, Bản Bo và "
    "một phần xã Tam Đường theo Nghị quyết của Ủy ban Thường vụ)";

static void look_up(const char *name, const char *unit_name)
{
  const char *row[] = {"3",     name,      "reception", "4001",
                       "03390", unit_name, "commune"};
  PGresult *res;

  memset(&found, 0, sizeof(found));
  if (td_db_principal_lookup(&fake.db, "ab", on_found, NULL) != 0)
    abort();
  res = canned(lookup_cols, COUNT_OF(lookup_cols));
  canned_row(res, row);
  fake_answer(0, res);
}

static void lookup_keeps_a_principal_name_of_up_to_256_bytes_whole(void)
{
  ASSERT(strlen(long_name) > 127 && strlen(long_name) <= TD_NAME_MAX);
  look_up(long_name, "Xã Bình Lư");
  ASSERT_EQ(found.err, 0);
  fprintf(stderr, "  name delivered: %zu of %zu bytes\n", strlen(found.p.name),
          strlen(long_name));
  ASSERT_STR_EQ(found.p.name, long_name);
}

static void lookup_never_cuts_a_principal_name_inside_a_character(void)
{
  look_up(long_name, "Xã Bình Lư");
  ASSERT_EQ(found.err, 0);
  ASSERT(td_utf8_valid(found.p.name, strlen(found.p.name)));
}

static void lookup_keeps_a_unit_name_of_up_to_256_bytes_whole(void)
{
  ASSERT(strlen(long_unit) > 127 && strlen(long_unit) <= TD_NAME_MAX);
  look_up("Nguyễn Thị Hoa", long_unit);
  ASSERT_EQ(found.err, 0);
  fprintf(stderr, "  unit name delivered: %zu of %zu bytes\n",
          strlen(found.p.unit_name), strlen(long_unit));
  ASSERT_STR_EQ(found.p.unit_name, long_unit);
}

int main(void)
{
  RUN_DB_TEST(lookup_keeps_a_principal_name_of_up_to_256_bytes_whole);
  RUN_DB_TEST(lookup_never_cuts_a_principal_name_inside_a_character);
  RUN_DB_TEST(lookup_keeps_a_unit_name_of_up_to_256_bytes_whole);
  return TEST_EXIT();
}
