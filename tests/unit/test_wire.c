/* Wire helpers: an Envelope survives pack and unpack byte for byte, and the
 * enum names the client prints map both ways. */
#include "frame.h"
#include "test.h"
#include "wire.h"

static void petition_round_trip_keeps_vietnamese_bytes(void)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;
  Tiepdan__Envelope *back;
  const char *summary = "Đề nghị sửa đường điện sinh hoạt bản Chu Va – "
                        "“khẩn cấp” ✓";
  uint8_t *buf;
  size_t len;

  m.summary = (char *)summary;
  m.kind = "request";
  env.has_request_id = 1;
  env.request_id = 42;
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &m;
  ASSERT_EQ(td_wire_pack(&env, TD_FRAME_DEFAULT_MAX, &buf, &len), 0);
  ASSERT_EQ(len, 4 + tiepdan__envelope__get_packed_size(&env));
  back = tiepdan__envelope__unpack(NULL, len - 4, buf + 4);
  free(buf);
  ASSERT_NOT_NULL(back);
  ASSERT_EQ(back->request_id, 42);
  ASSERT_EQ(back->body_case, TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION);
  ASSERT(strcmp(back->submit_petition->summary, summary) == 0);
  tiepdan__envelope__free_unpacked(back, NULL);
}

static void pack_refuses_over_limit(void)
{
  static char big[2048];
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;
  uint8_t *buf = NULL;
  size_t len;

  memset(big, 'x', sizeof(big) - 1);
  m.summary = big;
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &m;
  ASSERT(td_wire_pack(&env, 1024, &buf, &len) < 0);
  ASSERT_NULL(buf);
}

static void enum_names_round_trip(void)
{
  int v;

  for (v = TIEPDAN__STATUS__RECEIVED; v <= TIEPDAN__STATUS__WITHDRAWN; v++)
    ASSERT_EQ(td_status_parse(td_status_name(v)), v);
  for (v = TIEPDAN__ROLE__RECEPTION; v <= TIEPDAN__ROLE__ADMIN; v++)
    ASSERT_EQ(td_role_parse(td_role_name(v)), v);
  ASSERT_NULL(td_status_name(0));
  ASSERT_NULL(td_status_name(99));
  ASSERT_EQ(td_status_parse("closed"), -1);
  ASSERT_EQ(td_role_parse(NULL), -1);
  ASSERT_STR_EQ(td_error_code_name(TIEPDAN__ERROR_CODE__INVALID_ARGUMENT),
                "INVALID_ARGUMENT");
  ASSERT_STR_EQ(td_error_code_name(1000), "UNKNOWN");
  ASSERT_EQ(td_error_code_retryable(TIEPDAN__ERROR_CODE__UNAVAILABLE), 1);
  ASSERT_EQ(td_error_code_retryable(TIEPDAN__ERROR_CODE__INVALID_ARGUMENT), 0);
}

int main(void)
{
  RUN_TEST(petition_round_trip_keeps_vietnamese_bytes);
  RUN_TEST(pack_refuses_over_limit);
  RUN_TEST(enum_names_round_trip);
  return TEST_EXIT();
}
