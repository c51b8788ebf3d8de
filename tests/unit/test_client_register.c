/* The reception book: its command line and request, its lines from
 * petitions, and the book as a table, csv and json. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "test_client.h"
#include "common/utf8.h"
#include "cmd/report_register.h"
#include "render/register.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

/* The server's names of the codes the book uses, as sql/ gives them. */
static const Tiepdan__HelloReply *hello(void)
{
  static const char *const rows[][4] = {
      {"kind", "complaint", "Khiếu nại", "Complaint"},
      {"kind", "denunciation", "Tố cáo", "Denunciation"},
      {"kind", "feedback", "Phản ánh", "Feedback"},
      {"channel", "regular_reception", "Tiếp công dân thường xuyên",
       "Regular reception"},
      {"channel", "transferred_in", "Cơ quan khác chuyển đến",
       "Transferred from another agency"},
      {"status", "received", "Mới tiếp nhận", "Received"},
      {"status", "accepted", "Đã thụ lý", "Accepted"},
      {"status", "not_accepted", "Không thụ lý", "Not accepted"},
      {"status", "transferred", "Đã chuyển cơ quan có thẩm quyền",
       "Transferred"},
      {"status", "in_progress", "Đang giải quyết", "In progress"},
      {"status", "resolved", "Đã giải quyết", "Resolved"},
      {"status", "withdrawn", "Đã rút", "Withdrawn"},
      {"outcome", "answered_in_writing", "Trả lời bằng văn bản",
       "Answered in writing"},
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

/* 2026-03-DD HH:00 in Vietnam. */
static int64_t march(int day, int hour)
{
  td_day d = 0;

  if (td_day_from_ymd(2026, 3, day, &d) != 0)
    return 0;
  return td_vn_time(d, hour, 0);
}

struct sample {
  Tiepdan__Petition p[8];
  Tiepdan__Petitioner who[8];
  const Tiepdan__Petition *ptr[8];
  size_t n;
};

static Tiepdan__Petition *add(struct sample *s, int64_t id, int status,
                              const char *kind, int64_t at)
{
  static const Tiepdan__Petition pinit = TIEPDAN__PETITION__INIT;
  static const Tiepdan__Petitioner winit = TIEPDAN__PETITIONER__INIT;
  Tiepdan__Petition *p = &s->p[s->n];

  *p = pinit;
  s->who[s->n] = winit;
  p->has_id = 1;
  p->id = id;
  p->has_status = 1;
  p->status = (Tiepdan__Status)status;
  p->kind = (char *)kind;
  p->channel = "regular_reception";
  p->has_received_at = 1;
  p->received_at = at;
  p->petitioner = &s->who[s->n];
  s->ptr[s->n] = p;
  s->n++;
  return p;
}

/*
 * Every status, given newest first as the server lists them: a resolved
 * complaint, a denunciation withheld from the caller (whose name came all
 * the same), a group's feedback transferred on, one transferred in and
 * accepted, one refused, one received, one in progress, one withdrawn.
 */
static void sample(struct sample *s)
{
  Tiepdan__Petition *p;

  memset(s, 0, sizeof(*s));
  p = add(s, 8, TIEPDAN__STATUS__WITHDRAWN, "complaint", march(31, 23));
  p->receipt_no = "BL-2026-000008";
  p = add(s, 7, TIEPDAN__STATUS__IN_PROGRESS, "complaint", march(30, 9));
  p->receipt_no = "BL-2026-000007";
  p = add(s, 6, TIEPDAN__STATUS__RECEIVED, "complaint", march(29, 9));
  p->receipt_no = "BL-2026-000006";
  p = add(s, 5, TIEPDAN__STATUS__NOT_ACCEPTED, "complaint", march(25, 9));
  p->receipt_no = "BL-2026-000005";
  p->note = "Không thuộc thẩm quyền";
  p = add(s, 4, TIEPDAN__STATUS__ACCEPTED, "complaint", march(20, 9));
  p->receipt_no = "BL-2026-000004";
  p->channel = "transferred_in";
  p = add(s, 3, TIEPDAN__STATUS__TRANSFERRED, "feedback", march(15, 9));
  p->receipt_no = "BL-2026-000003";
  p->has_group_size = 1;
  p->group_size = 7;
  p->transfer_target = "Phòng Kinh tế huyện";
  p->summary = "Đường vào bản, \"sạt lở\"\nlần hai";
  p = add(s, 2, TIEPDAN__STATUS__RECEIVED, "denunciation", march(10, 9));
  p->receipt_no = "BL-2026-000002";
  p->has_redacted = 1;
  p->redacted = 1;
  p->petitioner->name = "Đinh Văn Kín";
  p->petitioner->id_number = "012099007777";
  p->petitioner->address = "Bản Pa Tần";
  p = add(s, 1, TIEPDAN__STATUS__RESOLVED, "complaint", march(1, 0));
  p->receipt_no = "BL-2026-000001";
  p->petitioner->name = "Trần Văn Công";
  p->petitioner->id_number = "012345678901";
  p->petitioner->address = "Bản Nà Khan";
  p->summary = "Bồi thường đất";
  p->outcome = "answered_in_writing";
  p->has_closed_at = 1;
  p->closed_at = march(12, 10);
}

static void make(struct sample *s, struct td_register *r)
{
  sample(s);
  ASSERT_EQ(td_register_make(s->ptr, s->n, hello(), 1, r), 0);
  r->unit_code = "03390";
  r->unit_name = "Xã Bình Lư";
  ASSERT_EQ(td_day_from_ymd(2026, 3, 1, &r->from), 0);
  ASSERT_EQ(td_day_from_ymd(2026, 3, 31, &r->to), 0);
}

/* The cell of the line of receipt number rn. */
static const char *cell(const struct td_register *r, const char *rn, int col)
{
  size_t i;

  for (i = 0; i < r->n; i++)
    if (strcmp(r->rows[i].receipt, rn) == 0)
      return r->rows[i].cell[col];
  return NULL;
}

static void test_oldest_first(void)
{
  struct sample s;
  struct td_register r;
  size_t i;

  make(&s, &r);
  ASSERT_EQ(r.n, 8);
  for (i = 0; i < r.n; i++) {
    char want[32];

    snprintf(want, sizeof(want), "BL-2026-%06zu", i + 1);
    ASSERT_STR_EQ(r.rows[i].receipt, want);
    snprintf(want, sizeof(want), "%zu", i + 1);
    ASSERT_STR_EQ(r.rows[i].cell[TD_REG_NO], want);
  }
  /* The first minute of the period is its day, in Vietnam. */
  ASSERT_STR_EQ(r.rows[0].cell[TD_REG_DAY], "2026-03-01");
  td_register_free(&r);
}

/* Each status in its column of "hướng xử lý", and only there. */
static void test_status_columns(void)
{
  static const struct {
    const char *rn;
    const char *accept, *ret, *transfer, *result;
  } want[] = {
      {"BL-2026-000001", "x", "", "",
       "Resolved: Answered in writing, "
       "2026-03-12"},
      {"BL-2026-000002", "", "", "", "Received"},
      {"BL-2026-000003", "", "", "Phòng Kinh tế huyện", "Transferred"},
      {"BL-2026-000004", "x", "", "", "Accepted"},
      {"BL-2026-000005", "", "x", "", "Not accepted"},
      {"BL-2026-000006", "", "", "", "Received"},
      {"BL-2026-000007", "x", "", "", "In progress"},
      {"BL-2026-000008", "", "", "", "Withdrawn"},
  };
  struct sample s;
  struct td_register r;
  size_t i;

  make(&s, &r);
  for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    ASSERT_STR_EQ(cell(&r, want[i].rn, TD_REG_ACCEPT), want[i].accept);
    ASSERT_STR_EQ(cell(&r, want[i].rn, TD_REG_RETURN), want[i].ret);
    ASSERT_STR_EQ(cell(&r, want[i].rn, TD_REG_TRANSFER), want[i].transfer);
    ASSERT_STR_EQ(cell(&r, want[i].rn, TD_REG_RESULT), want[i].result);
  }
  /* Transferred in: the body it came from; no other has one. */
  ASSERT_STR_EQ(cell(&r, "BL-2026-000004", TD_REG_EARLIER),
                "Transferred from another agency");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_EARLIER), "");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000001", TD_REG_EARLIER), "");
  /* A transfer without a target still marks its column. */
  s.p[5].transfer_target = NULL;
  td_register_free(&r);
  ASSERT_EQ(td_register_make(s.ptr, s.n, hello(), 1, &r), 0);
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_TRANSFER), "x");
  td_register_free(&r);
}

static void test_identity(void)
{
  struct sample s;
  struct td_register r;

  make(&s, &r);
  ASSERT_STR_EQ(cell(&r, "BL-2026-000001", TD_REG_NAME),
                "Trần Văn Công – Bản Nà Khan");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000001", TD_REG_ID), "012345678901");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000002", TD_REG_NAME), "(kept secret)");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000002", TD_REG_ID), "(kept secret)");
  ASSERT(r.rows[1].redacted);
  ASSERT(!r.rows[0].redacted);
  td_register_free(&r);
}

static void test_group_and_notes(void)
{
  struct sample s;
  struct td_register r;

  make(&s, &r);
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_KIND), "Feedback / 7 people");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_NOTE),
                "BL-2026-000003; Mass delegation");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000001", TD_REG_KIND),
                "Complaint / 1 person");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000001", TD_REG_NOTE), "BL-2026-000001");
  ASSERT_STR_EQ(cell(&r, "BL-2026-000005", TD_REG_NOTE),
                "BL-2026-000005; Không thuộc thẩm quyền");
  td_register_free(&r);
  /* Four people are not a mass delegation; five are. */
  sample(&s);
  s.p[5].group_size = 4;
  ASSERT_EQ(td_register_make(s.ptr, s.n, hello(), 1, &r), 0);
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_NOTE), "BL-2026-000003");
  td_register_free(&r);
  s.p[5].group_size = 5;
  ASSERT_EQ(td_register_make(s.ptr, s.n, hello(), 1, &r), 0);
  ASSERT_STR_EQ(cell(&r, "BL-2026-000003", TD_REG_NOTE),
                "BL-2026-000003; Mass delegation");
  td_register_free(&r);
}

/* What f would print, as a string to free. */
typedef int (*print_fn)(FILE *f, const struct td_register *r);

static char *printed(print_fn fn, const struct td_register *r)
{
  struct capture c;

  capture_begin(&c);
  if (fn(c.f, r) != 0)
    fprintf(c.f, "<error>");
  return capture_end(&c);
}

static int table80(FILE *f, const struct td_register *r)
{
  return td_register_print_table(f, r, 80);
}

static int table_wide(FILE *f, const struct td_register *r)
{
  return td_register_print_table(f, r, 0);
}

static void test_never_the_withheld(void)
{
  static const print_fn fns[] = {td_register_print_csv, td_register_print_json,
                                 table80, table_wide};
  struct sample s;
  struct td_register r;
  size_t i;
  char *out;

  make(&s, &r);
  for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
    out = printed(fns[i], &r);
    ASSERT_NOT_NULL(out);
    ASSERT_NULL(strstr(out, "<error>"));
    ASSERT_NULL(strstr(out, "Kín"));
    ASSERT_NULL(strstr(out, "012099007777"));
    ASSERT_NULL(strstr(out, "Pa Tần"));
    ASSERT_NOT_NULL(strstr(out, "(kept secret)"));
    /* The ordinary petitioner is there. */
    ASSERT_NOT_NULL(strstr(out, "012345678901"));
    free(out);
  }
  td_register_free(&r);
}

static void test_csv(void)
{
  struct sample s;
  struct td_register r;
  char *out;

  make(&s, &r);
  out = printed(td_register_print_csv, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out,
                 "no,received_on,name_address,id_number,content,kind_people,"
                 "earlier_body,accepted,returned,transferred,result,notes\r\n",
                 strlen("no,received_on,")) == 0);
  ASSERT_NOT_NULL(strstr(out, "\r\n1,2026-03-01,Trần Văn Công – Bản Nà "
                              "Khan,012345678901,Bồi thường đất,Complaint / "
                              "1 person,,x,,,\"Resolved: Answered in "
                              "writing, 2026-03-12\",BL-2026-000001\r\n"));
  /* The comma, the quotes and the newline of a summary, quoted. */
  ASSERT_NOT_NULL(strstr(out, "\r\n3,2026-03-15,,,\"Đường vào bản, "
                              "\"\"sạt lở\"\"\nlần hai\",Feedback / 7 "
                              "people,,,,Phòng Kinh tế huyện,Transferred,"
                              "BL-2026-000003; Mass delegation\r\n"));
  free(out);
  td_register_free(&r);
}

static void test_json(void)
{
  struct sample s;
  struct td_register r;
  char *out;

  make(&s, &r);
  out = printed(td_register_print_json, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(
      strncmp(out,
              "{\"unit\":{\"code\":\"03390\",\"name\":\"Xã Bình Lư\"},"
              "\"from\":\"2026-03-01\",\"to\":\"2026-03-31\",\"rows\":[{"
              "\"no\":1,\"received_on\":\"2026-03-01\"",
              strlen("{\"unit\":{\"code\":\"03390\",\"name\":\"Xã Bình "
                     "Lư\"},\"from\":\"2026-03-01\",\"to\":\"2026-03-31\","
                     "\"rows\":[{\"no\":1,\"received_on\":\"2026-03-01\"")) ==
      0);
  ASSERT_NOT_NULL(strstr(out, "\"content\":\"Đường vào bản, \\\"sạt "
                              "lở\\\"\\nlần hai\""));
  ASSERT_NOT_NULL(strstr(out, "\"receipt_no\":\"BL-2026-000002\","
                              "\"redacted\":true}"));
  free(out);
  td_register_free(&r);
}

/* For an 80-column terminal the columns narrow to their least (153 in
 * all, with the gaps: twelve columns do not fit 80); without a terminal
 * a name is never cut. */
static void test_table_width(void)
{
  struct sample s;
  struct td_register r;
  char *out;
  char *line;
  char *save = NULL;

  make(&s, &r);
  out = printed(table80, &r);
  ASSERT_NOT_NULL(out);
  ASSERT_NOT_NULL(strstr(out, "CITIZEN RECEPTION BOOK\nXã Bình Lư (03390)\n"
                              "From 2026-03-01 to 2026-03-31\n"));
  ASSERT_NOT_NULL(strstr(out, "8 petitions received in the period."));
  for (line = strtok_r(out, "\n", &save); line != NULL;
       line = strtok_r(NULL, "\n", &save))
    ASSERT(td_utf8_width(line) <= 153);
  free(out);
  out = printed(table_wide, &r);
  ASSERT_NOT_NULL(strstr(out, "Trần Văn Công – Bản Nà Khan"));
  free(out);
  td_register_free(&r);
  /* Nothing received: said so. */
  memset(&r, 0, sizeof(r));
  out = printed(table_wide, &r);
  ASSERT_NOT_NULL(strstr(out, "No petition was received in this period."));
  free(out);
}

static void test_parse(void)
{
  char *month[] = {"--register", "--from", "2026-02", "--to", "2026-02"};
  char *days[] = {"--register", "--from", "01/03/2026", "--to",
                  "2026-03-31", "--unit", "03390"};
  char *back[] = {"--register", "--from", "2026-03-31", "--to", "2026-03-01"};
  char *front[] = {"--register", "--from",  "2026-03",
                   "--to",       "2026-03", "--front"};
  char *bad[] = {"--register", "--from", "2026-02-30", "--to", "2026-03"};
  char *none[] = {"--register", "--to", "2026-03"};
  char *words[] = {"--from", "2026", "--register"};
  char *after[] = {"--from", "2026", "--", "--register"};
  struct td_register_args a;
  struct td_list_req req;
  td_day d;

  ASSERT_EQ(td_cmd_parse_register(ARGC(month), month, &a, err, sizeof(err)), 0);
  ASSERT_EQ(td_day_from_ymd(2026, 2, 1, &d), 0);
  ASSERT_EQ(a.from, d);
  ASSERT_EQ(td_day_from_ymd(2026, 2, 28, &d), 0);
  ASSERT_EQ(a.to, d);
  /* Vietnam's midnights, the end exclusive. */
  td_cmd_register_request(&a, NULL, &req);
  ASSERT(req.list.has_received_from && req.list.has_received_to);
  ASSERT_EQ(req.list.received_from, 1769878800); /* 2026-02-01T00:00+07 */
  ASSERT_EQ(req.list.received_to, 1772298000);   /* 2026-03-01T00:00+07 */
  ASSERT_NULL(req.list.cursor);
  td_cmd_register_request(&a, "abc", &req);
  ASSERT_STR_EQ(req.list.cursor, "abc");

  ASSERT_EQ(td_cmd_parse_register(ARGC(days), days, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.unit, "03390");
  ASSERT_EQ(td_day_from_ymd(2026, 3, 1, &d), 0);
  ASSERT_EQ(a.from, d);

  ASSERT_EQ(td_cmd_parse_register(ARGC(back), back, &a, err, sizeof(err)), -1);
  ASSERT_NOT_NULL(strstr(err, "--from 2026-03-31 is after --to 2026-03-01"));
  ASSERT_EQ(td_cmd_parse_register(ARGC(front), front, &a, err, sizeof(err)),
            -1);
  ASSERT_NOT_NULL(strstr(err, "leave out --front"));
  ASSERT_EQ(td_cmd_parse_register(ARGC(bad), bad, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_register(ARGC(none), none, &a, err, sizeof(err)), -1);
  ASSERT_NOT_NULL(strstr(err, "--from is required"));

  ASSERT(td_cmd_report_register_asked(ARGC(words), words));
  ASSERT(!td_cmd_report_register_asked(ARGC(after), after));
}

int main(void)
{
  vietnam();
  unsetenv("TIEPDAN_LANG");
  td_lang_init();
  if (td_lang_set("en") != 0)
    return 1;
  RUN_TEST(test_oldest_first);
  RUN_TEST(test_status_columns);
  RUN_TEST(test_identity);
  RUN_TEST(test_group_and_notes);
  RUN_TEST(test_never_the_withheld);
  RUN_TEST(test_csv);
  RUN_TEST(test_json);
  RUN_TEST(test_table_width);
  RUN_TEST(test_parse);
  return TEST_EXIT();
}
