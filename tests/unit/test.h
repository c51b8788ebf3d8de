/*
 * A minimal test harness in the spirit of libuv's task.h: each test is a
 * function, each check aborts the test with the file, line and expression
 * that failed. A test program returns non-zero if any test failed.
 */
#ifndef TD_TEST_H
#define TD_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int td_test_failures;

#define ASSERT(expr)                                                           \
  do {                                                                         \
    if (!(expr)) {                                                             \
      fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__,     \
              #expr);                                                          \
      td_test_failures++;                                                      \
      return;                                                                  \
    }                                                                          \
  } while (0)

#define ASSERT_EQ(a, b) ASSERT((a) == (b))
#define ASSERT_NE(a, b) ASSERT((a) != (b))
#define ASSERT_STR_EQ(a, b) ASSERT((a) != NULL && strcmp((a), (b)) == 0)
#define ASSERT_NULL(a) ASSERT((a) == NULL)
#define ASSERT_NOT_NULL(a) ASSERT((a) != NULL)

#define RUN_TEST(fn)                                                           \
  do {                                                                         \
    int before_ = td_test_failures;                                            \
    fn();                                                                      \
    printf("%s %s\n", td_test_failures == before_ ? "ok  " : "FAIL", #fn);     \
  } while (0)

#define TEST_EXIT() (td_test_failures == 0 ? 0 : 1)

#endif
