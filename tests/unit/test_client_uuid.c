/* Idempotency keys: random version 4 UUIDs. */
#include <string.h>

#include "test.h"
#include "uuid.h"

static void test_format_sets_version_and_variant(void)
{
  unsigned char b[16];
  char s[TD_UUID_LEN + 1];

  memset(b, 0xff, sizeof(b));
  td_uuid_format(b, s);
  ASSERT_STR_EQ(s, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  memset(b, 0, sizeof(b));
  td_uuid_format(b, s);
  ASSERT_STR_EQ(s, "00000000-0000-4000-8000-000000000000");
}

static void test_v4_is_valid_and_fresh_each_time(void)
{
  char a[TD_UUID_LEN + 1];
  char b[TD_UUID_LEN + 1];

  ASSERT_EQ(td_uuid_v4(a), 0);
  ASSERT_EQ(td_uuid_v4(b), 0);
  ASSERT(td_uuid_valid(a));
  ASSERT_EQ(a[14], '4');
  ASSERT(strchr("89ab", a[19]) != NULL);
  ASSERT(strcmp(a, b) != 0);
}

static void test_valid_accepts_either_case(void)
{
  ASSERT(td_uuid_valid("0f8d63cf-e435-49e2-bc14-5d42faa8a7a4"));
  ASSERT(td_uuid_valid("0F8D63CF-E435-49E2-BC14-5D42FAA8A7A4"));
}

static void test_valid_refuses_other_shapes(void)
{
  ASSERT(!td_uuid_valid(""));
  ASSERT(!td_uuid_valid("0f8d63cf-e435-49e2-bc14-5d42faa8a7a"));
  ASSERT(!td_uuid_valid("0f8d63cf-e435-49e2-bc14-5d42faa8a7a4a"));
  ASSERT(!td_uuid_valid("0f8d63cfe-435-49e2-bc14-5d42faa8a7a4"));
  ASSERT(!td_uuid_valid("0f8d63cf-e435-49e2-bc14-5d42faa8a7g4"));
}

int main(void)
{
  RUN_TEST(test_format_sets_version_and_variant);
  RUN_TEST(test_v4_is_valid_and_fresh_each_time);
  RUN_TEST(test_valid_accepts_either_case);
  RUN_TEST(test_valid_refuses_other_shapes);
  return TEST_EXIT();
}
