/* Reports: the command line, the requests, the words, the tables, the
 * workbook. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "test_client.h"
#include "cmd/field.h"
#include "cmd/report.h"
#include "render/report.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

/* Sample replies ---------------------------------------------------------*/

/* The counts in the order of the wire schema. */
enum {
  RECEIVED,
  ACCEPTED,
  NOT_ACCEPTED,
  TRANSFERRED,
  RESOLVED,
  ANSWERED,
  MEDIATED,
  MEDIATION_FAILED,
  DECISION,
  WITHDRAWN,
  ON_TIME,
  LATE,
  OPEN,
  OVERDUE,
  GROUP,
  N_COUNTS
};

static void set_counts(Tiepdan__StatRow *r, const uint64_t n[N_COUNTS])
{
  static const Tiepdan__StatRow blank = TIEPDAN__STAT_ROW__INIT;

  *r = blank;
  r->has_received = r->has_accepted = r->has_not_accepted = 1;
  r->has_transferred = r->has_resolved = r->has_answered_in_writing = 1;
  r->has_mediated_successfully = r->has_mediation_failed = 1;
  r->has_decision_issued = r->has_withdrawn = r->has_resolved_on_time = 1;
  r->has_resolved_late = r->has_open_within_deadline = 1;
  r->has_open_overdue = r->has_group_petitions = 1;
  r->received = n[RECEIVED];
  r->accepted = n[ACCEPTED];
  r->not_accepted = n[NOT_ACCEPTED];
  r->transferred = n[TRANSFERRED];
  r->resolved = n[RESOLVED];
  r->answered_in_writing = n[ANSWERED];
  r->mediated_successfully = n[MEDIATED];
  r->mediation_failed = n[MEDIATION_FAILED];
  r->decision_issued = n[DECISION];
  r->withdrawn = n[WITHDRAWN];
  r->resolved_on_time = n[ON_TIME];
  r->resolved_late = n[LATE];
  r->open_within_deadline = n[OPEN];
  r->open_overdue = n[OVERDUE];
  r->group_petitions = n[GROUP];
  /* As the server derives them (stats.h). */
  r->has_rate_resolved = n[RECEIVED] > 0;
  r->rate_resolved = n[RECEIVED] ? (double)n[RESOLVED] / n[RECEIVED] : 0;
  r->has_rate_on_time = n[RESOLVED] > 0;
  r->rate_on_time = n[RESOLVED] ? (double)n[ON_TIME] / n[RESOLVED] : 0;
}

static void set_session(Tiepdan__SessionStat *s, int type, uint64_t n,
                        uint64_t attendees, uint64_t opinions, uint64_t spot,
                        uint64_t forwarded)
{
  static const Tiepdan__SessionStat blank = TIEPDAN__SESSION_STAT__INIT;

  *s = blank;
  s->has_type = s->has_sessions = s->has_attendees = s->has_opinions = 1;
  s->has_resolved_on_spot = s->has_forwarded = 1;
  s->type = (Tiepdan__SessionType)type;
  s->sessions = n;
  s->attendees = attendees;
  s->opinions = opinions;
  s->resolved_on_spot = spot;
  s->forwarded = forwarded;
}

#define MAX_ROWS 4

/* A StatsReply grouped by one dimension (or none), with its rows. */
struct reply {
  Tiepdan__StatsReply r;
  Tiepdan__StatDim dim;
  Tiepdan__StatRow total;
  Tiepdan__StatRow row[MAX_ROWS];
  Tiepdan__StatRow *rows[MAX_ROWS];
  char *keys[MAX_ROWS][1];
  Tiepdan__SessionStat ss[4];
  Tiepdan__SessionStat *sessions[4];
};

static void reply_init(struct reply *x, int dim, const uint64_t total[])
{
  static const Tiepdan__StatsReply blank = TIEPDAN__STATS_REPLY__INIT;

  x->r = blank;
  x->dim = (Tiepdan__StatDim)dim;
  if (dim != 0) {
    x->r.n_group_by = 1;
    x->r.group_by = &x->dim;
  }
  set_counts(&x->total, total);
  x->r.total = &x->total;
  x->r.rows = x->rows;
  x->r.sessions = x->sessions;
  x->r.today = "2026-06-20";
}

static void reply_row(struct reply *x, char *key, const uint64_t n[])
{
  size_t i = x->r.n_rows++;

  set_counts(&x->row[i], n);
  x->keys[i][0] = key;
  x->row[i].n_keys = 1;
  x->row[i].keys = x->keys[i];
  x->rows[i] = &x->row[i];
}

static void reply_session(struct reply *x, int type, uint64_t n,
                          uint64_t attendees, uint64_t opinions, uint64_t spot,
                          uint64_t forwarded)
{
  size_t i = x->r.n_sessions++;

  set_session(&x->ss[i], type, n, attendees, opinions, spot, forwarded);
  x->sessions[i] = &x->ss[i];
}

/*
 * The server's greeting as a test server would send it: the terms name
 * every kind, channel, field, status and session type as the database's
 * reference rows do (sql/, name_vi and name_en), in the order officers
 * list them.
 */
static const Tiepdan__HelloReply *hello(void)
{
  static const char *const rows[][4] = {
      {"kind", "complaint", "Khiếu nại", "Complaint"},
      {"kind", "denunciation", "Tố cáo", "Denunciation"},
      {"kind", "recommendation", "Kiến nghị", "Recommendation"},
      {"kind", "feedback", "Phản ánh", "Feedback"},
      {"kind", "request", "Đơn yêu cầu", "Request"},
      {"channel", "regular_reception", "Tiếp công dân thường xuyên",
       "Regular reception"},
      {"channel", "periodic_reception", "Tiếp công dân định kỳ",
       "Periodic reception by leaders"},
      {"channel", "dialogue", "Đối thoại trực tiếp", "Dialogue conference"},
      {"channel", "voters_meeting", "Tiếp xúc cử tri", "Voters' meeting"},
      {"channel", "front_supervision", "Giám sát, phản biện xã hội của MTTQ",
       "Front supervision and social criticism"},
      {"channel", "suggestion_box", "Hòm thư góp ý", "Suggestion box"},
      {"channel", "digital", "Nền tảng số (cổng, Zalo, fanpage)",
       "Digital platforms"},
      {"channel", "transferred_in", "Cơ quan khác chuyển đến",
       "Transferred from another agency"},
      {"field", "land", "Đất đai, giải phóng mặt bằng",
       "Land and site clearance"},
      {"field", "social_policy", "Chế độ chính sách",
       "Policies and social welfare"},
      {"field", "economy", "Phát triển kinh tế", "Economic development"},
      {"field", "rural_infrastructure", "Nông thôn mới, hạ tầng",
       "New rural development and infrastructure"},
      {"field", "electricity", "Điện sinh hoạt", "Household electricity"},
      {"field", "environment", "Môi trường", "Environment"},
      {"field", "admin_procedure", "Cải cách thủ tục hành chính",
       "Administrative procedures"},
      {"field", "digital_transformation", "Chuyển đổi số",
       "Digital transformation"},
      {"field", "security_order", "An ninh, trật tự", "Security and order"},
      {"field", "culture", "Văn hóa, phong tục", "Culture and customs"},
      {"status", "received", "Mới tiếp nhận", "Received"},
      {"status", "accepted", "Đã thụ lý", "Accepted"},
      {"status", "not_accepted", "Không thụ lý", "Not accepted"},
      {"status", "transferred", "Đã chuyển cơ quan có thẩm quyền",
       "Transferred"},
      {"status", "in_progress", "Đang giải quyết", "In progress"},
      {"status", "resolved", "Đã giải quyết", "Resolved"},
      {"status", "withdrawn", "Đã rút", "Withdrawn"},
      {"session_type", "regular_reception", "Tiếp công dân thường xuyên",
       "Regular reception"},
      {"session_type", "periodic_reception", "Tiếp công dân định kỳ",
       "Periodic reception by leaders"},
      {"session_type", "dialogue", "Hội nghị đối thoại", "Dialogue conference"},
      {"session_type", "voters_meeting", "Tiếp xúc cử tri", "Voters' meeting"},
  };
  static Tiepdan__Term terms[sizeof(rows) / sizeof(rows[0])];
  static Tiepdan__Term *ptrs[sizeof(rows) / sizeof(rows[0])];
  static Tiepdan__HelloReply h = TIEPDAN__HELLO_REPLY__INIT;
  static const Tiepdan__Term init = TIEPDAN__TERM__INIT;
  size_t i;

  for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    terms[i] = init;
    terms[i].vocabulary = (char *)rows[i][0];
    terms[i].code = (char *)rows[i][1];
    terms[i].name_vi = (char *)rows[i][2];
    terms[i].name_en = (char *)rows[i][3];
    ptrs[i] = &terms[i];
  }
  h.n_terms = sizeof(rows) / sizeof(rows[0]);
  h.terms = ptrs;
  return &h;
}

/*
 * Bình Lư since the merger (the Đảng ủy's report of June 2026): 57
 * petitions, 56 resolved on time, one still within its deadline; three
 * dialogue conferences: 370 attendees, 84 opinions, 81 resolved on the
 * spot, 3 forwarded.
 */
struct binh_lu {
  struct reply total, kind, field, channel, month;
  struct td_report rep;
};

static void binh_lu(struct binh_lu *b, enum td_report_lang lang)
{
  static const uint64_t all[N_COUNTS] = {
      [RECEIVED] = 57, [ACCEPTED] = 57, [RESOLVED] = 56,
      [ANSWERED] = 56, [ON_TIME] = 56,  [OPEN] = 1};
  static const uint64_t june[N_COUNTS] = {
      [RECEIVED] = 5, [ACCEPTED] = 5, [RESOLVED] = 4,
      [ANSWERED] = 4, [ON_TIME] = 4,  [OPEN] = 1};
  static const uint64_t before[N_COUNTS] = {[RECEIVED] = 52,
                                            [ACCEPTED] = 52,
                                            [RESOLVED] = 52,
                                            [ANSWERED] = 52,
                                            [ON_TIME] = 52};

  reply_init(&b->total, 0, all);
  reply_session(&b->total, TIEPDAN__SESSION_TYPE__DIALOGUE, 3, 370, 84, 81, 3);
  reply_init(&b->kind, TIEPDAN__STAT_DIM__DIM_KIND, all);
  reply_row(&b->kind, "request", all);
  reply_init(&b->field, TIEPDAN__STAT_DIM__DIM_FIELD, all);
  reply_row(&b->field, "admin_procedure", all);
  reply_init(&b->channel, TIEPDAN__STAT_DIM__DIM_CHANNEL, all);
  reply_row(&b->channel, "regular_reception", all);
  reply_init(&b->month, TIEPDAN__STAT_DIM__DIM_MONTH, all);
  reply_row(&b->month, "2025-07", before);
  reply_row(&b->month, "2026-06", june);
  memset(&b->rep, 0, sizeof(b->rep));
  b->rep.lang = lang;
  b->rep.unit_code = "03390";
  b->rep.unit_name = "Xã Bình Lư";
  b->rep.from = "2025-07";
  b->rep.to = "2026-06";
  b->rep.total = &b->total.r;
  b->rep.by_kind = &b->kind.r;
  b->rep.by_field = &b->field.r;
  b->rep.by_channel = &b->channel.r;
  b->rep.by_month = &b->month.r;
  b->rep.hello = hello();
}

/*
 * Trà Sơn, nine months of 2024: 8 regular reception sessions, none
 * periodic; 8 petitions, all requests: 2 mediated successfully, 1
 * mediation failed, 5 answered in writing.
 */
struct tra_son {
  struct reply total, kind;
  struct td_report rep;
};

static void tra_son(struct tra_son *t, enum td_report_lang lang)
{
  static const uint64_t all[N_COUNTS] = {
      [RECEIVED] = 8, [ACCEPTED] = 8,         [RESOLVED] = 8, [ANSWERED] = 5,
      [MEDIATED] = 2, [MEDIATION_FAILED] = 1, [ON_TIME] = 8,  [GROUP] = 0,
  };

  reply_init(&t->total, 0, all);
  reply_session(&t->total, TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION, 8, 8, 0, 0,
                0);
  reply_init(&t->kind, TIEPDAN__STAT_DIM__DIM_KIND, all);
  reply_row(&t->kind, "request", all);
  memset(&t->rep, 0, sizeof(t->rep));
  t->rep.lang = lang;
  t->rep.unit_code = "03391";
  t->rep.unit_name = "Xã Trà Sơn";
  t->rep.from = "2024-01";
  t->rep.to = "2024-09";
  t->rep.total = &t->total.r;
  t->rep.by_kind = &t->kind.r;
  t->rep.hello = hello();
}

static char *text_of(const struct td_report *r)
{
  struct capture c;

  capture_begin(&c);
  if (td_report_print(c.f, r) != 0) {
    free(capture_end(&c));
    return NULL;
  }
  return capture_end(&c);
}

/* Whether out has want as a whole line. */
static int has_line(const char *out, const char *want)
{
  const char *p;
  size_t n;

  n = strlen(want);
  for (p = strstr(out, want); p != NULL; p = strstr(p + 1, want))
    if ((p == out || p[-1] == '\n') && p[n] == '\n')
      return 1;
  fprintf(stderr, "missing line: %s\nin:\n%s\n", want, out);
  return 0;
}

/* Numbers ----------------------------------------------------------------*/

static void test_counts_are_written_as_the_reports_write_them(void)
{
  char b[40];

  td_report_count(b, sizeof(b), TD_REPORT_VI, 0);
  ASSERT_STR_EQ(b, "0");
  td_report_count(b, sizeof(b), TD_REPORT_VI, 1);
  ASSERT_STR_EQ(b, "01");
  td_report_count(b, sizeof(b), TD_REPORT_VI, 9);
  ASSERT_STR_EQ(b, "09");
  td_report_count(b, sizeof(b), TD_REPORT_VI, 10);
  ASSERT_STR_EQ(b, "10");
  td_report_count(b, sizeof(b), TD_REPORT_VI, 370);
  ASSERT_STR_EQ(b, "370");
  /* "hòa giải được 9.142 vụ việc, hòa giải thành 6.572 vụ việc". */
  td_report_count(b, sizeof(b), TD_REPORT_VI, 9142);
  ASSERT_STR_EQ(b, "9.142");
  td_report_count(b, sizeof(b), TD_REPORT_VI, 1234567);
  ASSERT_STR_EQ(b, "1.234.567");
  td_report_count(b, sizeof(b), TD_REPORT_EN, 1);
  ASSERT_STR_EQ(b, "1");
  td_report_count(b, sizeof(b), TD_REPORT_EN, 9142);
  ASSERT_STR_EQ(b, "9,142");
  td_report_count(b, sizeof(b), TD_REPORT_EN, UINT64_MAX);
  ASSERT_STR_EQ(b, "18,446,744,073,709,551,615");
}

static void test_percentages_have_a_decimal_comma_in_vietnamese(void)
{
  char b[40];

  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, 56.0 / 57.0), 0);
  ASSERT_STR_EQ(b, "98,2%");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_EN, 1, 56.0 / 57.0), 0);
  ASSERT_STR_EQ(b, "98.2%");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, 1.0), 0);
  ASSERT_STR_EQ(b, "100%");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, 0.85), 0);
  ASSERT_STR_EQ(b, "85%");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, 0.0), 0);
  ASSERT_STR_EQ(b, "0%");
  /* Never 100% while one is left, nor 0% once one is done. */
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, 1999.0 / 2000), 0);
  ASSERT_STR_EQ(b, "99,9%");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_EN, 1, 1.0 / 5000), 0);
  ASSERT_STR_EQ(b, "0.1%");
  /* Absent, or nonsense: no percentage. */
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 0, 0.5), -1);
  ASSERT_STR_EQ(b, "-");
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, -0.5), -1);
  ASSERT_EQ(td_report_percent(b, sizeof(b), TD_REPORT_VI, 1, NAN), -1);
}

/* The words --------------------------------------------------------------*/

/* The server's open_now: every open petition as of its day, whatever the
 * day received, instead of the period's open ones (1 within its deadline,
 * none overdue): here 3 within and 5 overdue, some of earlier years. */
static void test_open_figures_are_as_of_the_day_for_every_open_petition(void)
{
  static const Tiepdan__StatRow blank = TIEPDAN__STAT_ROW__INIT;
  Tiepdan__StatRow now = blank;
  struct binh_lu b;
  char *out;

  now.has_open_within_deadline = now.has_open_overdue = 1;
  now.has_open_due_soon = 1;
  now.open_within_deadline = 3;
  now.open_overdue = 5;
  binh_lu(&b, TD_REPORT_VI);
  b.total.r.open_now = &now;
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(
      out, "Từ tháng 7/2025 đến tháng 6/2026, xã Bình Lư đã tiếp nhận 57 "
           "đơn, đã giải quyết 56 đơn, đạt 98,2%; trong đó giải quyết trong "
           "hạn 56 đơn (100%), giải quyết quá hạn 0 đơn. Tính đến ngày "
           "20/6/2026, hiện còn 03 đơn đang giải quyết trong thời hạn, 05 "
           "đơn quá hạn chưa giải quyết (mọi đơn đang mở, kể cả đơn tiếp "
           "nhận trước kỳ); trong kỳ có 0 đơn công dân xin rút, 0 đơn không "
           "thụ lý, 0 đơn chuyển cơ quan có thẩm quyền."));
  free(out);
  binh_lu(&b, TD_REPORT_EN);
  b.total.r.open_now = &now;
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "and 0 late. As of 20 June 2026, 3 are still being "
                     "handled within the deadline and 5 are overdue (every "
                     "open petition, including those received before the "
                     "period); in the period 0 were withdrawn by the "
                     "citizen, 0 not accepted and 0 transferred to the "
                     "competent agency.") != NULL);
  free(out);
}

static void test_binh_lu_in_vietnamese(void)
{
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out,
                 "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN, TIẾP NHẬN VÀ GIẢI QUYẾT "
                 "ĐƠN THƯ\n"
                 "Xã Bình Lư (03390), từ tháng 7/2025 đến tháng 6/2026\n"
                 "\n"
                 "Số liệu tính đến ngày 20/6/2026 (đơn đang giải quyết, quá "
                 "hạn tính theo ngày này).\n"
                 "\n"
                 "1. Tiếp nhận, giải quyết đơn thư\n",
                 strlen("BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN, TIẾP NHẬN VÀ GIẢI "
                        "QUYẾT ĐƠN THƯ\n"
                        "Xã Bình Lư (03390), từ tháng 7/2025 đến tháng "
                        "6/2026\n\n"
                        "Số liệu tính đến ngày 20/6/2026 (đơn đang giải "
                        "quyết, quá hạn tính theo ngày này).\n\n"
                        "1. Tiếp nhận, giải quyết đơn thư\n")) == 0);
  ASSERT(has_line(out, "Xã Bình Lư (03390), từ tháng 7/2025 đến tháng "
                       "6/2026"));
  ASSERT(has_line(out, "Số liệu tính đến ngày 20/6/2026 (đơn đang giải "
                       "quyết, quá hạn tính theo ngày này)."));
  ASSERT(has_line(
      out, "Từ tháng 7/2025 đến tháng 6/2026, xã Bình Lư đã tiếp nhận 57 "
           "đơn, đã giải quyết 56 đơn, đạt 98,2%; trong đó giải quyết trong "
           "hạn 56 đơn (100%), giải quyết quá hạn 0 đơn. Hiện còn 01 đơn "
           "đang giải quyết trong thời hạn, 0 đơn quá hạn chưa giải quyết; "
           "0 đơn công dân xin rút, 0 đơn không thụ lý, 0 đơn chuyển cơ quan "
           "có thẩm quyền."));
  ASSERT(has_line(out, "Kết quả giải quyết: hòa giải thành 0 đơn, hòa giải "
                       "không thành 0 đơn, trả lời bằng văn bản 56 đơn, ban "
                       "hành quyết định giải quyết 0 đơn."));
  ASSERT(has_line(out, "Đơn của đoàn đông người (từ 05 người cùng đứng đơn "
                       "trở lên): 0 đơn."));
  ASSERT(has_line(out, "Theo loại đơn: 0 đơn khiếu nại, 0 đơn tố cáo, 0 đơn "
                       "kiến nghị, 0 đơn phản ánh, 57 đơn yêu cầu."));
  ASSERT(has_line(out, "Không tổ chức cuộc tiếp công dân nào."));
  ASSERT(has_line(out, "Tổ chức 03 hội nghị đối thoại, 370 lượt người tham "
                       "dự, 84 ý kiến, giải quyết tại chỗ 81 ý kiến, chuyển "
                       "03 ý kiến đến cơ quan có thẩm quyền."));
  ASSERT(has_line(out, "Không tổ chức hội nghị tiếp xúc cử tri nào."));
  /* In the reports' order: petitions, then sessions; no Front section. */
  ASSERT(strstr(out, "1. Tiếp nhận") < strstr(out, "2. Tiếp công dân"));
  ASSERT(strstr(out, "đã tiếp nhận 57") < strstr(out, "Kết quả giải quyết"));
  ASSERT(strstr(out, "Kết quả giải quyết") < strstr(out, "đoàn đông người"));
  ASSERT(strstr(out, "đoàn đông người") < strstr(out, "Theo loại đơn"));
  ASSERT(strstr(out, "cuộc tiếp công dân") < strstr(out, "đối thoại, 370"));
  ASSERT_NULL(strstr(out, "3. "));
  free(out);
}

static void test_binh_lu_in_english(void)
{
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_EN);
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "REPORT ON CITIZEN RECEPTION AND THE HANDLING OF "
                       "PETITIONS"));
  ASSERT(has_line(out, "Xã Bình Lư (03390), July 2025 to June 2026"));
  ASSERT(has_line(out, "Figures as of 20 June 2026 (open and overdue "
                       "petitions as they stand that day)."));
  ASSERT(has_line(
      out, "From July 2025 to June 2026, Xã Bình Lư received 57 petitions; "
           "56 were resolved (98.2%), of which 56 within the deadline "
           "(100%) and 0 late. 1 is still being handled within the deadline "
           "and 0 are overdue; 0 were withdrawn by the citizen, 0 not "
           "accepted and 0 transferred to the competent agency."));
  ASSERT(has_line(out, "Outcomes: 0 mediated successfully, 0 failed "
                       "mediation, 56 answered in writing, 0 settled by a "
                       "decision."));
  ASSERT(has_line(out, "Group petitions (five or more signatories): 0."));
  ASSERT(has_line(out, "By kind: 0 complaints, 0 denunciations, 0 "
                       "recommendations, 0 pieces of feedback, 57 "
                       "requests."));
  ASSERT(has_line(out, "No citizen reception session was held."));
  ASSERT(has_line(out, "3 dialogue conferences were held: 370 attendees, 84 "
                       "opinions, 81 resolved on the spot, 3 forwarded to "
                       "the competent agencies."));
  ASSERT(has_line(out, "No voters' meeting was held."));
  free(out);
}

static void test_tra_son_in_vietnamese(void)
{
  struct tra_son t;
  char *out;

  tra_son(&t, TD_REPORT_VI);
  out = text_of(&t.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(
      out, "Từ tháng 1/2024 đến tháng 9/2024, xã Trà Sơn đã tiếp nhận 08 "
           "đơn, đã giải quyết 08 đơn, đạt 100%; trong đó giải quyết trong "
           "hạn 08 đơn (100%), giải quyết quá hạn 0 đơn. Hiện còn 0 đơn đang "
           "giải quyết trong thời hạn, 0 đơn quá hạn chưa giải quyết; 0 đơn "
           "công dân xin rút, 0 đơn không thụ lý, 0 đơn chuyển cơ quan có "
           "thẩm quyền."));
  ASSERT(has_line(out, "Kết quả giải quyết: hòa giải thành 02 đơn, hòa giải "
                       "không thành 01 đơn, trả lời bằng văn bản 05 đơn, ban "
                       "hành quyết định giải quyết 0 đơn."));
  ASSERT(has_line(out, "Theo loại đơn: 0 đơn khiếu nại, 0 đơn tố cáo, 0 đơn "
                       "kiến nghị, 0 đơn phản ánh, 08 đơn yêu cầu."));
  ASSERT(has_line(out, "Tổ chức 08 cuộc tiếp công dân (0 định kỳ, 08 thường "
                       "xuyên), tiếp 08 lượt công dân."));
  ASSERT(has_line(out, "Không tổ chức hội nghị đối thoại nào."));
  free(out);
}

static void test_tra_son_in_english(void)
{
  struct tra_son t;
  char *out;

  tra_son(&t, TD_REPORT_EN);
  out = text_of(&t.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(
      out, "From January 2024 to September 2024, Xã Trà Sơn received 8 "
           "petitions; 8 were resolved (100%), of which 8 within the "
           "deadline (100%) and 0 late. 0 are still being handled within "
           "the deadline and 0 are overdue; 0 were withdrawn by the citizen, "
           "0 not accepted and 0 transferred to the competent agency."));
  ASSERT(has_line(out, "Outcomes: 2 mediated successfully, 1 failed "
                       "mediation, 5 answered in writing, 0 settled by a "
                       "decision."));
  ASSERT(has_line(out, "8 citizen reception sessions were held (0 periodic, "
                       "8 regular), receiving 8 citizens."));
  ASSERT(has_line(out, "No dialogue conference was held."));
  free(out);
}

static void test_one_of_each_and_whole_periods(void)
{
  static const uint64_t one[N_COUNTS] = {[RECEIVED] = 1,
                                         [ACCEPTED] = 1,
                                         [RESOLVED] = 1,
                                         [ANSWERED] = 1,
                                         [LATE] = 1};
  struct reply total;
  struct td_report r;
  char *out;

  reply_init(&total, 0, one);
  reply_session(&total, TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION, 1, 1, 0, 0,
                0);
  reply_session(&total, TIEPDAN__SESSION_TYPE__VOTERS_MEETING, 1, 1, 1, 0, 1);
  memset(&r, 0, sizeof(r));
  r.lang = TD_REPORT_EN;
  r.unit_name = "Tỉnh Lai Châu";
  r.from = "2025-01";
  r.to = "2025-12";
  r.total = &total.r;
  out = text_of(&r);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "Tỉnh Lai Châu, 2025"));
  ASSERT(has_line(
      out, "In 2025, Tỉnh Lai Châu received 1 petition; 1 was resolved "
           "(100%), of which 0 within the deadline (0%) and 1 late. 0 are "
           "still being handled within the deadline and 0 are overdue; 0 "
           "were withdrawn by the citizen, 0 not accepted and 0 transferred "
           "to the competent agency."));
  ASSERT(has_line(out, "1 citizen reception session was held (1 periodic, "
                       "0 regular), receiving 1 citizen."));
  ASSERT(has_line(out, "1 voters' meeting was held: 1 attendee, 1 opinion, 0 "
                       "resolved on the spot, 1 forwarded to the competent "
                       "agencies."));
  /* No kinds asked: no sentence about them. */
  ASSERT_NULL(strstr(out, "By kind"));
  free(out);
  r.lang = TD_REPORT_VI;
  r.to = "2025-01";
  out = text_of(&r);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "Tỉnh Lai Châu, tháng 1/2025"));
  ASSERT(strstr(out, "Trong tháng 1/2025, tỉnh Lai Châu đã tiếp nhận 01 "
                     "đơn, đã giải quyết 01 đơn, đạt 100%; trong đó giải "
                     "quyết trong hạn 0 đơn (0%), giải quyết quá hạn 01 "
                     "đơn.") != NULL);
  ASSERT(has_line(out, "Tổ chức 01 cuộc tiếp công dân (01 định kỳ, 0 thường "
                       "xuyên), tiếp 01 lượt công dân."));
  ASSERT(has_line(out, "Tổ chức 01 hội nghị tiếp xúc cử tri, 01 lượt cử tri "
                       "tham dự, 01 ý kiến, giải quyết tại chỗ 0 ý kiến, "
                       "chuyển 01 ý kiến đến cơ quan có thẩm quyền."));
  free(out);
}

static void test_nothing_received_has_no_rates(void)
{
  static const uint64_t none[N_COUNTS] = {0};
  struct reply total;
  struct td_report r;
  char *out;

  reply_init(&total, 0, none);
  memset(&r, 0, sizeof(r));
  r.lang = TD_REPORT_VI;
  r.unit_code = "03405";
  r.from = "2026-01";
  r.to = "2026-03";
  r.total = &total.r;
  out = text_of(&r);
  ASSERT_NOT_NULL(out);
  /* No name known: the code. No percentage: nothing to divide by. */
  ASSERT(has_line(out, "Đơn vị 03405, từ tháng 1/2026 đến tháng 3/2026"));
  ASSERT(strstr(out,
                "Từ tháng 1/2026 đến tháng 3/2026, đơn vị 03405 đã "
                "tiếp nhận 0 đơn, đã giải quyết 0 đơn; trong đó giải "
                "quyết trong hạn 0 đơn, giải quyết quá hạn 0 đơn.") != NULL);
  ASSERT_NULL(strstr(out, "%"));
  free(out);
  /* A measure the server left out shows as "-", never as 0. */
  total.total.has_received = 0;
  out = text_of(&r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "đã tiếp nhận - đơn") != NULL);
  free(out);
}

/* The Front's recommendations after supervision, by status. */
struct front {
  struct reply by_status;
};

static void front(struct front *f, uint64_t received, uint64_t resolved,
                  uint64_t open, uint64_t overdue)
{
  uint64_t all[N_COUNTS] = {0};
  uint64_t res[N_COUNTS] = {0};

  all[RECEIVED] = received;
  all[ACCEPTED] = resolved + open + overdue;
  all[RESOLVED] = res[RECEIVED] = res[ACCEPTED] = res[RESOLVED] = resolved;
  all[ANSWERED] = res[ANSWERED] = resolved;
  all[ON_TIME] = res[ON_TIME] = resolved;
  all[OPEN] = open;
  all[OVERDUE] = overdue;
  reply_init(&f->by_status, TIEPDAN__STAT_DIM__DIM_STATUS, all);
  reply_row(&f->by_status, "resolved", res);
}

static void test_the_fronts_follow_up(void)
{
  struct binh_lu b;
  struct front f;
  char *out;

  /* 17 of 20: 85%, as the Bình Lư report puts it. */
  binh_lu(&b, TD_REPORT_VI);
  front(&f, 20, 17, 2, 1);
  b.rep.front = &f.by_status.r;
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "3. Theo dõi kết quả giải quyết kiến nghị sau giám "
                       "sát của Mặt trận"));
  ASSERT(has_line(out, "Ủy ban MTTQ Việt Nam xã Bình Lư chuyển 20 kiến nghị "
                       "sau giám sát, 85% được tiếp thu, trả lời, giải quyết "
                       "(17 kiến nghị); 02 kiến nghị đang giải quyết trong "
                       "thời hạn, 01 kiến nghị quá hạn chưa giải quyết."));
  free(out);
  b.rep.lang = TD_REPORT_EN;
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "The Fatherland Front committee of Xã Bình Lư "
                       "forwarded 20 recommendations after supervision; 85% "
                       "were accepted, answered and resolved (17 "
                       "recommendations); 2 are being handled within the "
                       "deadline and 1 is overdue."));
  free(out);
  /* 59 forwarded, 50 resolved: 84,7%; one refused is said too. */
  front(&f, 59, 50, 8, 0);
  f.by_status.total.not_accepted = 1;
  b.rep.lang = TD_REPORT_VI;
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "Ủy ban MTTQ Việt Nam xã Bình Lư chuyển 59 kiến nghị "
                       "sau giám sát, 84,7% được tiếp thu, trả lời, giải "
                       "quyết (50 kiến nghị); 08 kiến nghị đang giải quyết "
                       "trong thời hạn, 0 kiến nghị quá hạn chưa giải quyết; "
                       "01 kiến nghị không thụ lý."));
  free(out);
  /* None forwarded. */
  front(&f, 0, 0, 0, 0);
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT(has_line(out, "Trong kỳ không có kiến nghị nào của Ủy ban MTTQ Việt "
                       "Nam xã Bình Lư chuyển đến sau giám sát."));
  free(out);
}

static void test_text_is_safe_for_a_terminal(void)
{
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  b.rep.unit_name = "Xã \x1b[2JLạ";
  out = text_of(&b.rep);
  ASSERT_NOT_NULL(out);
  ASSERT_NULL(strchr(out, '\x1b'));
  ASSERT(strstr(out, "xã  [2JLạ đã tiếp nhận") != NULL);
  free(out);
}

/* Tables -----------------------------------------------------------------*/

static char *table_of(const struct td_report *r, enum td_format fmt, int t)
{
  struct capture c;

  capture_begin(&c);
  if (td_report_print_table(c.f, fmt, r, t) != 0) {
    free(capture_end(&c));
    return NULL;
  }
  return capture_end(&c);
}

static void test_csv_kind_table(void)
{
  struct tra_son t;
  char *out;

  tra_son(&t, TD_REPORT_VI);
  out = table_of(&t.rep, TD_FORMAT_CSV, TD_REPORT_KIND);
  ASSERT_NOT_NULL(out);
  ASSERT_STR_EQ(
      out, "kind,name,received,accepted,not_accepted,transferred,resolved,"
           "answered_in_writing,mediated_successfully,mediation_failed,"
           "decision_issued,withdrawn,resolved_on_time,resolved_late,"
           "open_within_deadline,open_overdue,group_petitions,rate_resolved,"
           "rate_on_time\r\n"
           "complaint,Khiếu nại,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,\r\n"
           "denunciation,Tố cáo,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,\r\n"
           "recommendation,Kiến nghị,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,\r\n"
           "feedback,Phản ánh,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,\r\n"
           "request,Đơn yêu cầu,8,8,0,0,8,5,2,1,0,0,8,0,0,0,0,1.000,1.000\r\n"
           "TOTAL,Tổng cộng,8,8,0,0,8,5,2,1,0,0,8,0,0,0,0,1.000,1.000\r\n");
  free(out);
  /* English names; the codes stay. */
  t.rep.lang = TD_REPORT_EN;
  out = table_of(&t.rep, TD_FORMAT_CSV, TD_REPORT_KIND);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\r\nrequest,Request,8,") != NULL);
  ASSERT(strstr(out, "\r\nTOTAL,Total,8,") != NULL);
  free(out);
}

static void test_csv_summary_and_sessions(void)
{
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  out = table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_SUMMARY);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out, "measure,name,value\r\nreceived,Tiếp nhận,57\r\n",
                 strlen("measure,name,value\r\nreceived,Tiếp nhận,57\r\n")) ==
         0);
  ASSERT(strstr(out, "\r\nresolved_on_time,Giải quyết trong hạn,56\r\n") !=
         NULL);
  ASSERT(strstr(out, "\r\nopen_within_deadline,Đang giải quyết trong hạn,1"
                     "\r\n") != NULL);
  ASSERT(strstr(out,
                "\r\nrate_resolved,Tỷ lệ giải quyết,0.982\r\n"
                "rate_on_time,Tỷ lệ giải quyết đúng hạn,1.000\r\n") != NULL);
  free(out);
  out = table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_SESSIONS);
  ASSERT_NOT_NULL(out);
  ASSERT_STR_EQ(out,
                "type,name,sessions,attendees,opinions,resolved_on_spot,"
                "forwarded\r\n"
                "regular_reception,Tiếp công dân thường xuyên,0,0,0,0,0\r\n"
                "periodic_reception,Tiếp công dân định kỳ,0,0,0,0,0\r\n"
                "dialogue,Hội nghị đối thoại,3,370,84,81,3\r\n"
                "voters_meeting,Tiếp xúc cử tri,0,0,0,0,0\r\n"
                "TOTAL,Tổng cộng,3,370,84,81,3\r\n");
  free(out);
}

static void test_csv_months_cover_the_period(void)
{
  struct binh_lu b;
  char *out;
  char *p;
  int lines;

  binh_lu(&b, TD_REPORT_VI);
  out = table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_MONTH);
  ASSERT_NOT_NULL(out);
  /* A header, twelve months, the total. */
  lines = 0;
  for (p = strstr(out, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n"))
    lines++;
  ASSERT_EQ(lines, 14);
  ASSERT(strstr(out, "\r\n2025-07,Tháng 7/2025,52,52,0,0,52,") != NULL);
  /* A month with nothing is a row of zeros without rates. */
  ASSERT(strstr(out, "\r\n2025-08,Tháng 8/2025,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
                     ",\r\n") != NULL);
  ASSERT(strstr(out, "\r\n2026-06,Tháng 6/2026,5,5,0,0,4,") != NULL);
  ASSERT(strstr(out, "\r\nTOTAL,Tổng cộng,57,") != NULL);
  free(out);
}

static void test_unknown_codes_and_unclassified_fields_keep_a_row(void)
{
  static const uint64_t two[N_COUNTS] = {[RECEIVED] = 2, [OPEN] = 2};
  static const uint64_t one[N_COUNTS] = {[RECEIVED] = 1, [OPEN] = 1};
  struct reply field;
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  reply_init(&field, TIEPDAN__STAT_DIM__DIM_FIELD, two);
  reply_row(&field, "", one);
  reply_row(&field, "water_supply", one);
  b.rep.by_field = &field.r;
  out = table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_FIELD);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\r\nland,Đất đai, giải phóng mặt bằng,0,") == NULL);
  ASSERT(strstr(out, "\r\nland,\"Đất đai, giải phóng mặt bằng\",0,") != NULL);
  ASSERT(strstr(out, "\r\n,Chưa phân loại,1,0,") != NULL);
  ASSERT(strstr(out, "\r\nwater_supply,water_supply,1,0,") != NULL);
  /* The extra rows come after the known ones, before the total. */
  ASSERT(strstr(out, "culture,") < strstr(out, ",Chưa phân loại"));
  ASSERT(strstr(out, "water_supply,") < strstr(out, "TOTAL,"));
  free(out);
}

static void test_terminal_table_is_aligned(void)
{
  struct binh_lu b;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  out = table_of(&b.rep, TD_FORMAT_TABLE, TD_REPORT_SESSIONS);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out,
                 "TYPE                NAME                        SESSIONS  "
                 "ATTENDEES  OPINIONS  RESOLVED_ON_SPOT  FORWARDED\n",
                 40) == 0);
  ASSERT(strstr(out, "dialogue            Hội nghị đối thoại                 "
                     "3        370        84                81          3"
                     "\n") != NULL);
  free(out);
  out = table_of(&b.rep, TD_FORMAT_TABLE, TD_REPORT_SUMMARY);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\nrate_resolved          Tỷ lệ giải quyết              "
                     "98,2%\nrate_on_time           Tỷ lệ giải quyết đúng hạn"
                     "      100%\n") != NULL);
  free(out);
}

static void test_front_table_needs_the_fronts_figures(void)
{
  struct binh_lu b;
  struct front f;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  ASSERT_NULL(table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_FRONT));
  front(&f, 20, 17, 2, 1);
  b.rep.front = &f.by_status.r;
  out = table_of(&b.rep, TD_FORMAT_CSV, TD_REPORT_FRONT);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out, "status,name,received,", 21) == 0);
  ASSERT(strstr(out, "\r\nreceived,Mới tiếp nhận,0,") != NULL);
  ASSERT(strstr(out, "\r\nresolved,Đã giải quyết,17,17,0,0,17,") != NULL);
  ASSERT(strstr(out, "\r\nTOTAL,Tổng cộng,20,20,0,0,17,17,0,0,0,0,17,0,2,1,"
                     "0,0.850,1.000\r\n") != NULL);
  free(out);
}

static void test_json_has_every_table_and_the_text(void)
{
  struct binh_lu b;
  struct capture c;
  char *out;

  binh_lu(&b, TD_REPORT_VI);
  capture_begin(&c);
  ASSERT_EQ(td_report_print_json(c.f, &b.rep, -1), 0);
  out = capture_end(&c);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out,
                 "{\"unit\":{\"code\":\"03390\",\"name\":\"Xã Bình Lư\"},"
                 "\"from\":\"2025-07\",\"to\":\"2026-06\",\"today\":"
                 "\"2026-06-20\",\"lang\":\"vi\",\"text\":[",
                 60) == 0);
  ASSERT(strstr(out, "\"Từ tháng 7/2025 đến tháng 6/2026, xã Bình Lư đã "
                     "tiếp nhận 57 đơn,") != NULL);
  ASSERT(strstr(out, ",\n\"summary\":[\n{\"measure\":\"received\",\"name\":"
                     "\"Tiếp nhận\",\"value\":57}") != NULL);
  ASSERT(strstr(out, ",\n\"kind\":[") != NULL);
  ASSERT(strstr(out, "{\"kind\":\"request\",\"name\":\"Đơn yêu cầu\","
                     "\"received\":57,") != NULL);
  ASSERT(strstr(out, "\"rate_resolved\":0.982,\"rate_on_time\":1.000}") !=
         NULL);
  ASSERT(strstr(out, "{\"kind\":\"complaint\",\"name\":\"Khiếu nại\","
                     "\"received\":0,") != NULL);
  ASSERT(strstr(out, "\"rate_resolved\":null,\"rate_on_time\":null}") != NULL);
  ASSERT(strstr(out, ",\n\"field\":[") != NULL);
  ASSERT(strstr(out, ",\n\"channel\":[") != NULL);
  ASSERT(strstr(out, ",\n\"month\":[") != NULL);
  ASSERT(strstr(out, ",\n\"sessions\":[") != NULL);
  ASSERT_NULL(strstr(out, "\"front\":"));
  ASSERT(strcmp(out + strlen(out) - 3, "]}\n") == 0);
  free(out);
  /* One table. */
  capture_begin(&c);
  ASSERT_EQ(td_report_print_json(c.f, &b.rep, TD_REPORT_SESSIONS), 0);
  out = capture_end(&c);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\"sessions\":[") != NULL);
  ASSERT_NULL(strstr(out, "\"kind\":["));
  free(out);
}

static void test_table_names(void)
{
  ASSERT_STR_EQ(td_report_table_name(TD_REPORT_SUMMARY), "summary");
  ASSERT_STR_EQ(td_report_table_name(TD_REPORT_FRONT), "front");
  ASSERT_NULL(td_report_table_name(TD_REPORT_N_TABLES));
  ASSERT_EQ(td_report_table_parse("month"), TD_REPORT_MONTH);
  ASSERT_EQ(td_report_table_parse("sessions"), TD_REPORT_SESSIONS);
  ASSERT_EQ(td_report_table_parse("Month"), -1);
  ASSERT_EQ(td_report_table_parse(NULL), -1);
}

static void test_unit_name_from_the_statistics_by_unit(void)
{
  static const uint64_t n[N_COUNTS] = {[RECEIVED] = 3};
  struct reply u;

  reply_init(&u, TIEPDAN__STAT_DIM__DIM_UNIT, n);
  reply_row(&u, "033901 Xã Lạ", n);
  reply_row(&u, "03390 Xã Bình Lư", n);
  ASSERT_STR_EQ(td_report_unit_name(&u.r, "03390"), "Xã Bình Lư");
  ASSERT_NULL(td_report_unit_name(&u.r, "0339"));
  ASSERT_NULL(td_report_unit_name(&u.r, "12"));
  ASSERT_NULL(td_report_unit_name(NULL, "03390"));
}

/* The workbook -----------------------------------------------------------*/

static unsigned u16(const unsigned char *p)
{
  return p[0] | (unsigned)p[1] << 8;
}

static unsigned long u32(const unsigned char *p)
{
  return u16(p) | (unsigned long)u16(p + 2) << 16;
}

/* Whether the zip's central directory lists name. */
static int zip_has(const unsigned char *z, size_t n, const char *name)
{
  size_t len;
  size_t i;

  len = strlen(name);
  /* Central directory headers: PK\1\2, the name's length at 28, the
   * name at 46. */
  for (i = 0; i + 46 <= n; i++)
    if (memcmp(z + i, "PK\x01\x02", 4) == 0 && u16(z + i + 28) == len &&
        i + 46 + len <= n && memcmp(z + i + 46, name, len) == 0)
      return 1;
  return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
  unsigned char *buf;
  FILE *f;
  long size;

  f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  rewind(f);
  buf = size > 0 ? malloc((size_t)size) : NULL;
  if (buf != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *n = buf ? (size_t)size : 0;
  return buf;
}

static void test_xlsx_is_a_zip_with_a_sheet_per_table(void)
{
  char path[] = "/tmp/td_report_XXXXXX";
  struct binh_lu b;
  struct front f;
  unsigned char *z;
  size_t n;
  int fd;

  fd = mkstemp(path);
  ASSERT(fd >= 0);
  close(fd);
  binh_lu(&b, TD_REPORT_VI);
  ASSERT_EQ(td_report_write_xlsx(path, &b.rep, err, sizeof(err)), 0);
  z = slurp(path, &n);
  ASSERT_NOT_NULL(z);
  ASSERT(n > 4000);
  ASSERT(memcmp(z, "PK\x03\x04", 4) == 0);
  /* The end of the central directory: its last 22 bytes, here with no
   * comment, count the entries. */
  ASSERT(memcmp(z + n - 22, "PK\x05\x06", 4) == 0);
  ASSERT(u32(z + n - 22 + 16) < n);
  ASSERT(zip_has(z, n, "xl/workbook.xml"));
  ASSERT(zip_has(z, n, "xl/worksheets/sheet1.xml"));
  ASSERT(zip_has(z, n, "xl/worksheets/sheet6.xml"));
  ASSERT(!zip_has(z, n, "xl/worksheets/sheet7.xml"));
  free(z);
  /* With the Front's figures, a seventh sheet. */
  front(&f, 20, 17, 2, 1);
  b.rep.front = &f.by_status.r;
  b.rep.lang = TD_REPORT_EN;
  ASSERT_EQ(td_report_write_xlsx(path, &b.rep, err, sizeof(err)), 0);
  z = slurp(path, &n);
  ASSERT_NOT_NULL(z);
  ASSERT(zip_has(z, n, "xl/worksheets/sheet7.xml"));
  free(z);
  unlink(path);
}

static void test_xlsx_that_cannot_be_written(void)
{
  struct binh_lu b;

  binh_lu(&b, TD_REPORT_VI);
  err[0] = '\0';
  ASSERT_EQ(td_report_write_xlsx("/nonexistent-dir/bao-cao.xlsx", &b.rep, err,
                                 sizeof(err)),
            -1);
  ASSERT(strstr(err, "cannot write /nonexistent-dir/bao-cao.xlsx: No such "
                     "file or directory") != NULL);
  ASSERT_EQ(access("/nonexistent-dir/bao-cao.xlsx", F_OK), -1);
}

/* The command line -------------------------------------------------------*/

static int parse(int argc, char **argv, enum td_format fmt,
                 struct td_report_args *a)
{
  err[0] = '\0';
  return td_cmd_parse_report(argc, argv, fmt, a, err, sizeof(err));
}

static void test_parse_the_period_as_whole_months(void)
{
  char *days[] = {"--from", "2025-07-15", "--to", "2026-06-10"};
  char *months[] = {"--to", "2024-09", "--from", "2024-01", "--lang", "en"};
  struct td_report_args a;

  ASSERT_EQ(parse(ARGC(days), days, TD_FORMAT_TABLE, &a), 0);
  ASSERT_STR_EQ(a.from, "2025-07");
  ASSERT_STR_EQ(a.to, "2026-06");
  ASSERT_EQ(a.lang, TD_REPORT_VI);
  ASSERT_EQ(a.table, -1);
  ASSERT_NULL(a.unit);
  ASSERT_NULL(a.xlsx);
  ASSERT_EQ(a.front, 0);
  ASSERT_EQ(parse(ARGC(months), months, TD_FORMAT_TABLE, &a), 0);
  ASSERT_STR_EQ(a.from, "2024-01");
  ASSERT_STR_EQ(a.to, "2024-09");
  ASSERT_EQ(a.lang, TD_REPORT_EN);
}

static void test_parse_every_option(void)
{
  char *all[] = {"--unit", "03390",   "--from",  "2025-07",
                 "--to",   "2026-06", "--front", "--table=front"};
  char *xlsx[] = {"--from", "2025-07", "--to", "2026-06", "--xlsx", "r.xlsx"};
  struct td_report_args a;

  ASSERT_EQ(parse(ARGC(all), all, TD_FORMAT_CSV, &a), 0);
  ASSERT_STR_EQ(a.unit, "03390");
  ASSERT_EQ(a.front, 1);
  ASSERT_EQ(a.table, TD_REPORT_FRONT);
  /* csv with a workbook: the workbook is the output. */
  ASSERT_EQ(parse(ARGC(xlsx), xlsx, TD_FORMAT_CSV, &a), 0);
  ASSERT_STR_EQ(a.xlsx, "r.xlsx");
}

static void test_argument_errors(void)
{
  char *no_from[] = {"--to", "2026-06"};
  char *no_to[] = {"--from", "2026-01"};
  char *backwards[] = {"--from", "2026-06", "--to", "2026-01"};
  char *bad_month[] = {"--from", "2026-13", "--to", "2026-12"};
  char *bad_day[] = {"--from", "2026-02-30", "--to", "2026-12"};
  char *bad_lang[] = {"--from", "2026-01", "--to", "2026-12", "--lang", "fr"};
  char *bad_table[] = {"--from",  "2026-01", "--to",
                       "2026-12", "--table", "units"};
  char *front_only[] = {"--from",  "2026-01", "--to",
                        "2026-12", "--table", "front"};
  char *both[] = {"--from",  "2026-01", "--to",   "2026-12",
                  "--table", "kind",    "--xlsx", "r.xlsx"};
  char *plain[] = {"--from", "2026-01", "--to", "2026-12"};
  char *word[] = {"--from", "2026-01", "--to", "2026-12", "kind"};
  char *global[] = {"--from", "2026-01", "--to", "2026-12", "--format", "csv"};
  char *unit[] = {"--from", "2026-01", "--to", "2026-12", "--unit", " "};
  char *empty_xlsx[] = {"--from", "2026-01", "--to", "2026-12", "--xlsx=", ""};
  struct td_report_args a;

  ASSERT_EQ(parse(ARGC(no_from), no_from, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "--from is required, e.g. --from 2025-07");
  ASSERT_EQ(parse(ARGC(no_to), no_to, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "--to is required, e.g. --to 2026-06");
  ASSERT_EQ(parse(ARGC(backwards), backwards, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "--from 2026-06 is after --to 2026-01");
  ASSERT_EQ(parse(ARGC(bad_month), bad_month, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "--from must be a month YYYY-MM or a day YYYY-MM-DD") ==
         err);
  ASSERT_EQ(parse(ARGC(bad_day), bad_day, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "not \"2026-02-30\"") != NULL);
  ASSERT_EQ(parse(ARGC(bad_lang), bad_lang, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "--lang must be vi or en, not \"fr\"");
  ASSERT_EQ(parse(ARGC(bad_table), bad_table, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "--table must be summary, kind, field, channel, month, "
                     "sessions or front, not \"units\"");
  ASSERT_EQ(parse(ARGC(front_only), front_only, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "needs --front") != NULL);
  ASSERT_EQ(parse(ARGC(both), both, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "leave out --table") != NULL);
  ASSERT_EQ(parse(ARGC(plain), plain, TD_FORMAT_CSV, &a), -1);
  ASSERT(strstr(err, "--format csv prints one table: name it with --table") ==
         err);
  ASSERT_EQ(parse(ARGC(plain), plain, TD_FORMAT_JSON, &a), 0);
  ASSERT_EQ(parse(ARGC(word), word, TD_FORMAT_TABLE, &a), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"kind\"");
  ASSERT_EQ(parse(ARGC(global), global, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "--format is a global option") == err);
  ASSERT_EQ(parse(ARGC(unit), unit, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "--unit must be a unit code") == err);
  ASSERT_EQ(parse(ARGC(empty_xlsx) - 1, empty_xlsx, TD_FORMAT_TABLE, &a), -1);
  ASSERT(strstr(err, "--xlsx must be the path") == err);
}

static void test_help_is_not_held_up_by_what_is_missing(void)
{
  char *help[] = {"--help"};
  struct td_report_args a;

  ASSERT_EQ(parse(ARGC(help), help, TD_FORMAT_CSV, &a), 0);
  ASSERT_EQ(a.help, 1);
}

static void test_requests(void)
{
  char *plain[] = {"--from", "2025-07", "--to", "2026-06"};
  char *both[] = {"--from", "2025-07", "--to",   "2026-06",
                  "--unit", "12",      "--front"};
  struct td_report_args a;
  struct td_stats_req r;

  ASSERT_EQ(parse(ARGC(plain), plain, TD_FORMAT_TABLE, &a), 0);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_TOTAL, &r), 0);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_GET_STATS);
  ASSERT(r.env.get_stats == &r.get);
  ASSERT_STR_EQ(r.get.from, "2025-07");
  ASSERT_STR_EQ(r.get.to, "2026-06");
  ASSERT_EQ(r.get.n_group_by, 0);
  ASSERT_NULL(r.get.unit_code);
  ASSERT_NULL(r.get.kind);
  ASSERT_NULL(r.get.channel);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_MONTH, &r), 0);
  ASSERT_EQ(r.get.n_group_by, 1);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_MONTH);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_KIND, &r), 0);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_KIND);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_FIELD, &r), 0);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_FIELD);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_CHANNEL, &r), 0);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_CHANNEL);
  /* Not asked for: not sent. */
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_UNIT, &r), -1);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_FRONT, &r), -1);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_N, &r), -1);
  ASSERT_EQ(parse(ARGC(both), both, TD_FORMAT_TABLE, &a), 0);
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_UNIT, &r), 0);
  ASSERT_STR_EQ(r.get.unit_code, "12");
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_UNIT);
  /* A province's code: its row is at the province level. */
  ASSERT_STR_EQ(r.get.unit_level, "province");
  ASSERT_EQ(td_cmd_report_request(&a, TD_REPORT_Q_FRONT, &r), 0);
  ASSERT_STR_EQ(r.get.kind, "recommendation");
  ASSERT_STR_EQ(r.get.channel, "front_supervision");
  ASSERT_EQ(r.get.n_group_by, 1);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_STATUS);
  ASSERT_STR_EQ(r.get.unit_code, "12");
}

static void test_fields_name_the_report_options(void)
{
  ASSERT_STR_EQ(td_cmd_option_of_field_in("report", "unit_code"), "--unit");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("report", "from"), "--from");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("report", "kind"), "--front");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("report", "channel"), "--front");
}

/* The names are the server's: a kind renamed in the database is named so
 * in the paragraphs and the tables, in running text in lower case. */
static void test_names_come_from_the_servers_terms(void)
{
  static char name_vi[] = "Yêu cầu giải quyết";
  static char name_en[] = "Claim";
  Tiepdan__HelloReply h;
  Tiepdan__Term **terms;
  struct tra_son t;
  char *out;
  size_t i;

  tra_son(&t, TD_REPORT_VI);
  h = *hello();
  terms = malloc(h.n_terms * sizeof(*terms));
  ASSERT_NOT_NULL(terms);
  for (i = 0; i < h.n_terms; i++) {
    terms[i] = malloc(sizeof(**terms));
    *terms[i] = *h.terms[i];
    if (strcmp(terms[i]->code, "request") == 0) {
      terms[i]->name_vi = name_vi;
      terms[i]->name_en = name_en;
    }
  }
  h.terms = terms;
  t.rep.hello = &h;
  out = text_of(&t.rep);
  ASSERT(has_line(out, "Theo loại đơn: 0 đơn khiếu nại, 0 đơn tố cáo, 0 đơn "
                       "kiến nghị, 0 đơn phản ánh, 08 đơn yêu cầu giải "
                       "quyết."));
  free(out);
  out = table_of(&t.rep, TD_FORMAT_CSV, TD_REPORT_KIND);
  ASSERT(strstr(out, "\r\nrequest,Yêu cầu giải quyết,8,") != NULL);
  free(out);
  t.rep.lang = TD_REPORT_EN;
  out = text_of(&t.rep);
  ASSERT(strstr(out, "0 pieces of feedback, 8 claims.") != NULL);
  free(out);
  for (i = 0; i < h.n_terms; i++)
    free(terms[i]);
  free(terms);
}

/* A server that sends no terms leaves the codes unnamed: they stand for
 * themselves, and only those with petitions have rows. */
static void test_without_terms_codes_stand_for_themselves(void)
{
  struct tra_son t;
  char *out;

  tra_son(&t, TD_REPORT_VI);
  t.rep.hello = NULL;
  out = text_of(&t.rep);
  ASSERT(has_line(out, "Theo loại đơn: 08 đơn loại request."));
  free(out);
  out = table_of(&t.rep, TD_FORMAT_CSV, TD_REPORT_KIND);
  ASSERT(strstr(out, "\r\nrequest,request,8,") != NULL);
  ASSERT(strstr(out, "complaint") == NULL);
  free(out);
}

int main(void)
{
  RUN_TEST(test_names_come_from_the_servers_terms);
  RUN_TEST(test_without_terms_codes_stand_for_themselves);
  RUN_TEST(test_counts_are_written_as_the_reports_write_them);
  RUN_TEST(test_percentages_have_a_decimal_comma_in_vietnamese);
  RUN_TEST(test_binh_lu_in_vietnamese);
  RUN_TEST(test_open_figures_are_as_of_the_day_for_every_open_petition);
  RUN_TEST(test_binh_lu_in_english);
  RUN_TEST(test_tra_son_in_vietnamese);
  RUN_TEST(test_tra_son_in_english);
  RUN_TEST(test_one_of_each_and_whole_periods);
  RUN_TEST(test_nothing_received_has_no_rates);
  RUN_TEST(test_the_fronts_follow_up);
  RUN_TEST(test_text_is_safe_for_a_terminal);
  RUN_TEST(test_csv_kind_table);
  RUN_TEST(test_csv_summary_and_sessions);
  RUN_TEST(test_csv_months_cover_the_period);
  RUN_TEST(test_unknown_codes_and_unclassified_fields_keep_a_row);
  RUN_TEST(test_terminal_table_is_aligned);
  RUN_TEST(test_front_table_needs_the_fronts_figures);
  RUN_TEST(test_json_has_every_table_and_the_text);
  RUN_TEST(test_table_names);
  RUN_TEST(test_unit_name_from_the_statistics_by_unit);
  RUN_TEST(test_xlsx_is_a_zip_with_a_sheet_per_table);
  RUN_TEST(test_xlsx_that_cannot_be_written);
  RUN_TEST(test_parse_the_period_as_whole_months);
  RUN_TEST(test_parse_every_option);
  RUN_TEST(test_argument_errors);
  RUN_TEST(test_help_is_not_held_up_by_what_is_missing);
  RUN_TEST(test_requests);
  RUN_TEST(test_fields_name_the_report_options);
  return TEST_EXIT();
}
