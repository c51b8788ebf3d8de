/* Idempotency keys: fresh random version 4 UUIDs. */
#include <string.h>

#include "test.h"
#include "cmd/submit.h"

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

int main(void)
{
  RUN_TEST(test_v4_is_valid_and_fresh_each_time);
  return TEST_EXIT();
}
