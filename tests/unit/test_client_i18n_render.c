/*
 * The words of stats' table and watch's frame in the officer's language:
 * headings from the catalog built from po/vi.po (TD_LOCALE_DIR), the names
 * of kinds, statuses and session types from the server's terms (name_vi,
 * name_en), never the client's; csv and json keep the codes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_client.h"
#include "common/utf8.h"
#include "lang/lang.h"
#include "render/output.h"
#include "render/watch.h"

/* The server's terms, as a HelloReply carries them. */
static Tiepdan__Term term_kind = TIEPDAN__TERM__INIT;
static Tiepdan__Term term_received = TIEPDAN__TERM__INIT;
static Tiepdan__Term term_accepted = TIEPDAN__TERM__INIT;
static Tiepdan__Term term_session = TIEPDAN__TERM__INIT;
static Tiepdan__Term *terms[4];
static Tiepdan__HelloReply hello = TIEPDAN__HELLO_REPLY__INIT;

static void set_term(Tiepdan__Term *t, const char *voc, const char *code,
                     const char *vi, const char *en)
{
  t->vocabulary = (char *)voc;
  t->code = (char *)code;
  t->name_vi = (char *)vi;
  t->name_en = (char *)en;
}

static void make_terms(void)
{
  set_term(&term_kind, "kind", "complaint", "Khiếu nại", "Complaint");
  set_term(&term_received, "status", "received", "Đã tiếp nhận",
           "Received (not yet accepted)");
  set_term(&term_accepted, "status", "accepted", "Đã thụ lý",
           "Accepted for handling");
  set_term(&term_session, "session_type", "regular_reception",
           "Tiếp thường xuyên", "Regular reception");
  terms[0] = &term_kind;
  terms[1] = &term_received;
  terms[2] = &term_accepted;
  terms[3] = &term_session;
  hello.n_terms = 4;
  hello.terms = terms;
}

/* An acceptance at 10:03, from received to accepted. */
static void make_event(Tiepdan__Event *e)
{
  static const Tiepdan__Event init = TIEPDAN__EVENT__INIT;

  *e = init;
  e->has_at = 1;
  e->at = 1776222180; /* 2026-04-15 10:03 in Vietnam. */
  e->has_petition_id = 1;
  e->petition_id = 7;
  e->receipt_no = "BL-2026-000007";
  e->action = "accept";
  e->has_from_status = 1;
  e->from_status = TIEPDAN__STATUS__RECEIVED;
  e->has_to_status = 1;
  e->to_status = TIEPDAN__STATUS__ACCEPTED;
}

static void test_event_line_names_statuses_by_terms(void)
{
  Tiepdan__Event e;
  char *l;

  make_event(&e);
  ASSERT_EQ(td_lang_set("vi"), 0);
  l = td_watch_event_line_in(&e, 77, &hello);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000007 thụ lý Đã tiếp nhận → Đã thụ lý");
  free(l);
  e.redacted = 1;
  l = td_watch_event_line_in(&e, 120, &hello);
  ASSERT(strstr(l, "(ghi chú không được xem)") != NULL);
  free(l);
  e.redacted = 0;

  ASSERT_EQ(td_lang_set("en"), 0);
  l = td_watch_event_line_in(&e, 120, &hello);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000007 accept Received (not yet accepted) "
                   "→ Accepted for handling");
  free(l);
  /* Without terms: the codes, as before. */
  l = td_watch_event_line(&e, 77);
  ASSERT_STR_EQ(l, "10:03 BL-2026-000007 accept received → accepted");
  free(l);
  /* A name wider than the line is cut to it, by display width. */
  ASSERT_EQ(td_lang_set("vi"), 0);
  l = td_watch_event_line_in(&e, 30, &hello);
  ASSERT(td_utf8_width(l) <= 30);
  free(l);
}

/* The widest line of s, in display columns. */
static size_t widest(const char *s)
{
  const char *end;
  size_t max;
  size_t w;
  char *line;

  max = 0;
  for (; *s != '\0'; s = *end ? end + 1 : end) {
    end = s + strcspn(s, "\n");
    line = strndup(s, (size_t)(end - s));
    w = td_utf8_width(line);
    max = w > max ? w : max;
    free(line);
  }
  return max;
}

static void test_watch_frame_in_vietnamese(void)
{
  static const Tiepdan__StatsReply init = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatsReply s = init;
  struct td_watch_view v;
  struct capture c;
  char *out;

  ASSERT_EQ(td_lang_set("vi"), 0);
  s.today = "2026-04-15";
  memset(&v, 0, sizeof(v));
  v.unit = "12";
  v.from = "2026-01";
  v.to = "2026-04";
  v.now = 1776222180;
  v.stats = &s;
  v.status = _("live");
  capture_begin(&c);
  ASSERT_EQ(td_watch_render(c.f, &v), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "tiepdan watch: đơn vị 12") != NULL);
  ASSERT(strstr(out, "MÃ     XÃ") != NULL);
  ASSERT(strstr(out, "QUÁ HẠN") != NULL);
  ASSERT(strstr(out, "(không có đơn trong kỳ này)") != NULL);
  ASSERT(strstr(out, "TỔNG CỘNG") != NULL);
  ASSERT(strstr(out, "Sự kiện mới nhất:") != NULL);
  ASSERT(strstr(out, "Trạng thái: đang cập nhật") != NULL);
  ASSERT(strstr(out, "Tiếp nhận 2026-01 đến 2026-04, tính đến 2026-04-15; "
                     "HẠN≤3N: hạn trong 3 ngày\n") != NULL);
  /* Every line fits the frame, in display columns. */
  ASSERT(widest(out) <= TD_WATCH_COLUMNS);
  /* No English heading left. */
  ASSERT_NULL(strstr(out, "OVERDUE"));
  ASSERT_NULL(strstr(out, "TOTAL"));
  ASSERT_NULL(strstr(out, "Latest"));
  free(out);
}

/* A stats reply grouped by kind and status, with a session. */
static void test_stats_table_names_by_terms(void)
{
  static const Tiepdan__StatsReply init = TIEPDAN__STATS_REPLY__INIT;
  static const Tiepdan__StatRow row_init = TIEPDAN__STAT_ROW__INIT;
  static const Tiepdan__SessionStat ss_init = TIEPDAN__SESSION_STAT__INIT;
  Tiepdan__StatsReply r = init;
  Tiepdan__StatRow row = row_init;
  Tiepdan__StatRow total = row_init;
  Tiepdan__StatRow *rows[1];
  Tiepdan__SessionStat ss = ss_init;
  Tiepdan__SessionStat *sessions[1];
  Tiepdan__StatDim dims[2] = {TIEPDAN__STAT_DIM__DIM_KIND,
                              TIEPDAN__STAT_DIM__DIM_STATUS};
  char *keys[2] = {"complaint", "accepted"};
  struct capture c;
  char *out;

  row.n_keys = 2;
  row.keys = keys;
  row.has_received = 1;
  row.received = 3;
  total.has_received = 1;
  total.received = 3;
  rows[0] = &row;
  r.n_group_by = 2;
  r.group_by = dims;
  r.n_rows = 1;
  r.rows = rows;
  r.total = &total;
  r.today = "2026-04-15";
  ss.has_type = 1;
  ss.type = TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION;
  ss.has_sessions = 1;
  ss.sessions = 2;
  sessions[0] = &ss;
  r.n_sessions = 1;
  r.sessions = sessions;

  ASSERT_EQ(td_lang_set("vi"), 0);
  capture_begin(&c);
  ASSERT_EQ(td_output_stats_in(c.f, TD_FORMAT_TABLE, &r, &hello), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "LOẠI ĐƠN") != NULL);
  ASSERT(strstr(out, "TRẠNG THÁI") != NULL);
  ASSERT(strstr(out, "TIẾP NHẬN") != NULL);
  ASSERT(strstr(out, "Khiếu nại") != NULL);
  ASSERT(strstr(out, "Đã thụ lý") != NULL);
  ASSERT(strstr(out, "TỔNG CỘNG") != NULL);
  ASSERT(strstr(out, "Tiếp thường xuyên") != NULL);
  ASSERT(strstr(out, "ĐANG GQ và QUÁ HẠN ở trên: đơn tiếp nhận trong kỳ, tính "
                     "đến ngày 15/04/2026\n") != NULL);
  ASSERT_NULL(strstr(out, "complaint"));
  ASSERT_NULL(strstr(out, "RECEIVED"));
  free(out);

  ASSERT_EQ(td_lang_set("en"), 0);
  capture_begin(&c);
  ASSERT_EQ(td_output_stats_in(c.f, TD_FORMAT_TABLE, &r, &hello), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "KIND") != NULL);
  ASSERT(strstr(out, "Complaint") != NULL);
  ASSERT(strstr(out, "Accepted for handling") != NULL);
  ASSERT(strstr(out, "Regular reception") != NULL);
  ASSERT(strstr(out, "OPEN and OVERDUE above: received in the period, as they "
                     "stand on 2026-04-15\n") != NULL);
  free(out);

  /* csv keeps the codes and the wire names, whatever the language. */
  ASSERT_EQ(td_lang_set("vi"), 0);
  capture_begin(&c);
  ASSERT_EQ(td_output_stats_in(c.f, TD_FORMAT_CSV, &r, &hello), 0);
  out = capture_end(&c);
  ASSERT(strncmp(out, "kind,status,received,", 21) == 0);
  ASSERT(strstr(out, "\r\ncomplaint,accepted,3,") != NULL);
  ASSERT(strstr(out, "TOTAL,TOTAL,3") != NULL);
  free(out);
}

int main(void)
{
  unsetenv("LANGUAGE");
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
  unsetenv("TIEPDAN_LANG");
  setenv("TIEPDAN_LOCALEDIR", TD_LOCALE_DIR, 1);
  td_lang_init();
  make_terms();
  RUN_TEST(test_event_line_names_statuses_by_terms);
  RUN_TEST(test_watch_frame_in_vietnamese);
  RUN_TEST(test_stats_table_names_by_terms);
  return TEST_EXIT();
}
