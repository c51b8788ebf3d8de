/* UUIDs as both programs write and check them: the version 4 form made
 * from random bytes, and the shape of a UUID of any version. */
#include <string.h>

#include "common/uuid.h"
#include "test.h"

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

/* The server's checks of idempotency keys, from test_validate. */
static void test_valid_as_the_server_checks_keys(void)
{
  ASSERT(td_uuid_valid("00000000-0000-4000-8000-000000000000"));
  ASSERT(td_uuid_valid("ABCDEF00-0000-4000-8000-00000000000f"));
  ASSERT(!td_uuid_valid("00000000-0000-4000-8000-00000000000"));
  ASSERT(!td_uuid_valid("00000000x0000-4000-8000-000000000000"));
  ASSERT(!td_uuid_valid("g0000000-0000-4000-8000-000000000000"));
}

/* Every version 4 form made from random bytes is a valid UUID, with its
 * version and variant digits where RFC 4122 puts them. */
static void test_format_of_any_bytes_is_valid(void)
{
  unsigned char b[16];
  char s[TD_UUID_LEN + 1];
  unsigned v;
  size_t i;

  for (v = 0; v < 256; v++) {
    for (i = 0; i < sizeof(b); i++)
      b[i] = (unsigned char)(v * 31 + i * 7);
    td_uuid_format(b, s);
    ASSERT(td_uuid_valid(s));
    ASSERT_EQ(strlen(s), TD_UUID_LEN);
    ASSERT_EQ(s[14], '4');
    ASSERT(strchr("89ab", s[19]) != NULL);
  }
}

int main(void)
{
  RUN_TEST(test_format_sets_version_and_variant);
  RUN_TEST(test_valid_accepts_either_case);
  RUN_TEST(test_valid_refuses_other_shapes);
  RUN_TEST(test_valid_as_the_server_checks_keys);
  RUN_TEST(test_format_of_any_bytes_is_valid);
  return TEST_EXIT();
}
