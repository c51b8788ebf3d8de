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

/* An Envelope (request_id 1) whose submit_petition holds body, as bytes. */
static size_t submission(uint8_t *out, const uint8_t *body, size_t n)
{
  out[0] = 0x08; /* request_id */
  out[1] = 0x01;
  out[2] = 0x62; /* submit_petition, length-delimited */
  out[3] = (uint8_t)n;
  memcpy(out + 4, body, n);
  return 4 + n;
}

/* protobuf-c keeps the bytes but C reads them cut at the NUL: the scan
 * names the field, nested messages included. */
static void a_nul_inside_a_string_is_found_with_its_field(void)
{
  static const uint8_t summary[] = {0x52, 3, 'a', 0, 'b'};
  static const uint8_t name[] = {0x42, 4, 0x0a, 2, 0, 'x'};
  static const uint8_t last[] = {0x22, 1, 'k', 0x52, 2, 'a', 0};
  uint8_t buf[64];
  size_t n;
  Tiepdan__Envelope *env;

  n = submission(buf, summary, sizeof(summary));
  env = tiepdan__envelope__unpack(NULL, n, buf);
  ASSERT_NOT_NULL(env);
  ASSERT_EQ(strlen(env->submit_petition->summary), 1);
  tiepdan__envelope__free_unpacked(env, NULL);
  ASSERT_STR_EQ(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n),
                "summary");
  n = submission(buf, name, sizeof(name));
  ASSERT_STR_EQ(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n),
                "name");
  n = submission(buf, last, sizeof(last));
  ASSERT_STR_EQ(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n),
                "summary");
}

/* A clean message, NULs in numbers and in an unknown field, and bytes cut
 * short are no string's NUL. */
static void nul_bytes_outside_strings_are_not_strings(void)
{
  static const uint8_t clean[] = {0x22, 1, 'k', 0x52, 2, 'a', 'b'};
  static const uint8_t numbers[] = {0x38, 0, 0x58, 0x80, 0x00};
  static const uint8_t unknown[] = {0xa2, 0x06, 2, 0, 0};
  static const uint8_t cut[] = {0x52, 9, 'a', 0};
  uint8_t buf[64];
  size_t n;

  n = submission(buf, clean, sizeof(clean));
  ASSERT(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n) == NULL);
  n = submission(buf, numbers, sizeof(numbers));
  ASSERT(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n) == NULL);
  n = submission(buf, unknown, sizeof(unknown));
  ASSERT(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n) == NULL);
  n = submission(buf, cut, sizeof(cut));
  ASSERT(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, n) == NULL);
  ASSERT(td_wire_nul_string(&tiepdan__envelope__descriptor, buf, 0) == NULL);
}

int main(void)
{
  RUN_TEST(petition_round_trip_keeps_vietnamese_bytes);
  RUN_TEST(pack_refuses_over_limit);
  RUN_TEST(enum_names_round_trip);
  RUN_TEST(a_nul_inside_a_string_is_found_with_its_field);
  RUN_TEST(nul_bytes_outside_strings_are_not_strings);
  return TEST_EXIT();
}
