/*
 * tiepdan admin audit verify, without a server: its arguments, the request
 * they make, and what the officer reads for each finding.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/audit.h"
#include "lang/lang.h"
#include "test.h"
#include "test_client.h"

static const char hash[] =
    "03a7b9e71f897ba725dcbb8ab7422c6273bc17fa98e3ed5070fafe070f955077";

static void verify_takes_a_unit_or_none(void)
{
  char unit[] = "12";
  char *with[] = {"--unit", unit};
  struct td_audit_args a;
  struct td_audit_req r;
  char err[256];

  ASSERT_EQ(td_cmd_parse_audit(0, NULL, &a, err, sizeof(err)), 0);
  ASSERT_NULL(a.unit);
  ASSERT_EQ(td_cmd_parse_audit(2, with, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.unit, "12");
  td_cmd_audit_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_VERIFY_AUDIT);
  ASSERT_STR_EQ(r.env.verify_audit->unit_code, "12");
}

static void verify_refuses_a_stray_word(void)
{
  char word[] = "12";
  char *argv[] = {word};
  struct td_audit_args a;
  char err[256];

  ASSERT_EQ(td_cmd_parse_audit(1, argv, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--unit") != NULL);
}

static void an_intact_record_gives_its_counts_and_check_code(void)
{
  Tiepdan__VerifyAuditReply r = TIEPDAN__VERIFY_AUDIT_REPLY__INIT;
  Tiepdan__AuditAnchor a = TIEPDAN__AUDIT_ANCHOR__INIT;
  char out[1024];

  r.finding = TIEPDAN__AUDIT_FINDING__AUDIT_INTACT;
  r.events = 9;
  r.petitions = 3;
  r.anchors = 2;
  a.hash = (char *)hash;
  a.has_made_at = 1;
  a.made_at = 1796146445;
  r.anchor = &a;
  ASSERT_EQ(td_cmd_audit_describe(&r, out, sizeof(out)), 1);
  ASSERT(strncmp(out,
                 "Chuỗi nhật ký toàn vẹn: 9 sự kiện, 3 đơn; 2 mốc kiểm chứng "
                 "khớp.\nMã kiểm chứng dữ liệu: ",
                 strlen("Chuỗi nhật ký toàn vẹn: 9 sự kiện, 3 đơn; 2 mốc kiểm "
                        "chứng khớp.\nMã kiểm chứng dữ liệu: ")) == 0);
  ASSERT(strstr(out, hash) != NULL);
  ASSERT(strstr(out, " (lúc ") != NULL);
}

static void each_broken_link_names_the_petition_and_event(void)
{
  static const struct {
    Tiepdan__AuditFinding f;
    const char *words;
  } cases[] = {
      {TIEPDAN__AUDIT_FINDING__AUDIT_MISSING, "mất bước ghi nhận"},
      {TIEPDAN__AUDIT_FINDING__AUDIT_REORDERED, "bị đảo thứ tự"},
      {TIEPDAN__AUDIT_FINDING__AUDIT_ALTERED, "bị sửa"},
      {TIEPDAN__AUDIT_FINDING__AUDIT_UNSEALED, "không có dấu niêm phong"},
      {TIEPDAN__AUDIT_FINDING__AUDIT_HEAD_MISMATCH, "bước cuối"},
  };
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    Tiepdan__VerifyAuditReply r = TIEPDAN__VERIFY_AUDIT_REPLY__INIT;
    char out[1024];

    r.finding = cases[i].f;
    r.receipt_no = "BL-2026-000001";
    r.has_seq = 1;
    r.seq = 57;
    ASSERT_EQ(td_cmd_audit_describe(&r, out, sizeof(out)), 0);
    ASSERT(strncmp(out, "PHÁT HIỆN SAI LỆCH: ", 22) == 0);
    ASSERT(strstr(out, "BL-2026-000001") != NULL);
    ASSERT(strstr(out, "sự kiện số 57") != NULL);
    ASSERT(strstr(out, cases[i].words) != NULL);
  }
}

static void an_anchor_mismatch_says_what_it_held_and_what_is_left(void)
{
  Tiepdan__VerifyAuditReply r = TIEPDAN__VERIFY_AUDIT_REPLY__INIT;
  Tiepdan__AuditAnchor a = TIEPDAN__AUDIT_ANCHOR__INIT;
  char out[1024];

  r.finding = TIEPDAN__AUDIT_FINDING__AUDIT_ANCHOR_MISMATCH;
  a.province_code = "12";
  a.hash = (char *)hash;
  a.up_to_seq = 99;
  a.petitions = 3;
  a.events = 9;
  r.anchor = &a;
  r.found_petitions = 2;
  r.found_events = 7;
  ASSERT_EQ(td_cmd_audit_describe(&r, out, sizeof(out)), 0);
  ASSERT(strstr(out, "mốc kiểm chứng của tỉnh 12") != NULL);
  ASSERT(strstr(out, "đến sự kiện số 99") != NULL);
  ASSERT(strstr(out, "mốc ghi 3 đơn, 9 sự kiện; nay còn 2 đơn, 7 sự kiện") !=
         NULL);
}

static void a_short_buffer_is_cut_not_overrun(void)
{
  Tiepdan__VerifyAuditReply r = TIEPDAN__VERIFY_AUDIT_REPLY__INIT;
  char out[16];

  memset(out, 'x', sizeof(out));
  r.finding = TIEPDAN__AUDIT_FINDING__AUDIT_ALTERED;
  r.receipt_no = "BL-2026-000001";
  ASSERT_EQ(td_cmd_audit_describe(&r, out, 10), 0);
  ASSERT(memchr(out, '\0', 10) != NULL);
  ASSERT_EQ(out[10], 'x');
}

/* The same in English: the source the Vietnamese is translated from. */
static void in_english_too(void)
{
  Tiepdan__VerifyAuditReply r = TIEPDAN__VERIFY_AUDIT_REPLY__INIT;
  char out[1024];

  ASSERT_EQ(td_lang_set("en"), 0);
  r.finding = TIEPDAN__AUDIT_FINDING__AUDIT_INTACT;
  r.events = 9;
  r.petitions = 3;
  r.anchors = 2;
  ASSERT_EQ(td_cmd_audit_describe(&r, out, sizeof(out)), 1);
  ASSERT_STR_EQ(out, "The log's chain is intact: 9 events, 3 petitions; 2 "
                     "check codes match.\n");
  r.finding = TIEPDAN__AUDIT_FINDING__AUDIT_ALTERED;
  r.receipt_no = "BL-2026-000001";
  r.has_seq = 1;
  r.seq = 57;
  ASSERT_EQ(td_cmd_audit_describe(&r, out, sizeof(out)), 0);
  ASSERT_STR_EQ(out, "DISCREPANCY FOUND: petition BL-2026-000001 has an "
                     "edited step: event 57 no longer holds what was "
                     "recorded.\n");
  ASSERT_EQ(td_lang_set("vi"), 0);
}

static void no_anchor_gives_no_line(void)
{
  Tiepdan__AuditAnchor a = TIEPDAN__AUDIT_ANCHOR__INIT;
  char out[256] = "stale";

  td_cmd_audit_anchor_line(NULL, out, sizeof(out));
  ASSERT_STR_EQ(out, "");
  td_cmd_audit_anchor_line(&a, out, sizeof(out));
  ASSERT_STR_EQ(out, "");
  a.hash = (char *)hash;
  td_cmd_audit_anchor_line(&a, out, sizeof(out));
  ASSERT(strncmp(out, "Mã kiểm chứng dữ liệu: ", 25) == 0);
}

int main(void)
{
  setenv("TZ", "Asia/Ho_Chi_Minh", 1);
  if (!speak_vietnamese())
    fprintf(stderr, "no Vietnamese catalog beside this test\n");
  RUN_TEST(verify_takes_a_unit_or_none);
  RUN_TEST(verify_refuses_a_stray_word);
  RUN_TEST(an_intact_record_gives_its_counts_and_check_code);
  RUN_TEST(each_broken_link_names_the_petition_and_event);
  RUN_TEST(an_anchor_mismatch_says_what_it_held_and_what_is_left);
  RUN_TEST(a_short_buffer_is_cut_not_overrun);
  RUN_TEST(no_anchor_gives_no_line);
  RUN_TEST(in_english_too);
  return TEST_EXIT();
}
