/*
 * The citizen's receipt: its wording and plain text (render/receipt.c), the
 * PDF's shaping of decomposed Vietnamese (render/receipt_pdf.c), and the
 * receipt command's options (cmd/receipt.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/receipt.h"
#include "common/utf8.h"
#include "render/receipt.h"
#include "test.h"

/* 2026-12-01 01:15 UTC: 08:15 in Vietnam. */
#define RECEIVED 1796087700

static void sample(struct td_receipt *r)
{
  memset(r, 0, sizeof(*r));
  r->province = "Tỉnh Lai Châu";
  r->commune = "Xã Bình Lư";
  r->receipt_no = "BL-2026-000057";
  r->received_at = RECEIVED;
  r->citizen = "Phạm Thị Ngữ";
  r->kind = "Khiếu nại";
  r->channel = "Tiếp công dân thường xuyên";
  r->summary = "Đề nghị xem xét lại ranh giới thửa đất số 120 ở bản Nà Đa.";
  r->deadline = "2026-12-11";
  r->step = "accept";
  r->officer = "Nguyễn Thị Hoa";
}

/* The text receipt of r, malloc'd. */
static char *text_of(const struct td_receipt *r)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  if (f == NULL)
    return NULL;
  if (td_receipt_text(f, r) != 0) {
    fclose(f);
    free(buf);
    return NULL;
  }
  fclose(f);
  return buf;
}

static const char expected_text[] =
    "       ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "          XÃ BÌNH LƯ                 Độc lập - Tự do - Hạnh phúc\n"
    "           --------                     ---------------------\n"
    "      Số: BL-2026-000057          Bình Lư, ngày 01 tháng 12 năm 2026\n"
    "\n"
    "                           GIẤY BIÊN NHẬN ĐƠN\n"
    "                            (Kiêm phiếu hẹn)\n"
    "\n"
    "Ủy ban nhân dân xã Bình Lư, tỉnh Lai Châu đã nhận đơn như sau:\n"
    "- Họ và tên người nộp đơn: Phạm Thị Ngữ\n"
    "- Số biên nhận: BL-2026-000057\n"
    "- Thời điểm nhận: 08:15 ngày 01/12/2026\n"
    "- Loại đơn: Khiếu nại\n"
    "- Hình thức tiếp nhận: Tiếp công dân thường xuyên\n"
    "- Nội dung tóm tắt: Đề nghị xem xét lại ranh giới thửa đất số 120 ở bản\n"
    "  Nà Đa.\n"
    "\n"
    "Hẹn: chậm nhất đến hết ngày 11/12/2026, Ủy ban nhân dân xã Bình Lư xem\n"
    "xét, thụ lý hoặc trả lời việc không thụ lý đơn và thông báo cho người\n"
    "nộp đơn.\n"
    "Người nộp đơn giữ giấy này; khi hỏi về đơn, xin báo số biên nhận\n"
    "BL-2026-000057.\n"
    "\n"
    "        NGƯỜI NỘP ĐƠN                       NGƯỜI NHẬN ĐƠN\n"
    "     (Ký, ghi rõ họ tên)                 (Ký, ghi rõ họ tên)\n"
    "\n"
    "\n"
    "\n"
    "         Phạm Thị Ngữ                       Nguyễn Thị Hoa\n";

static void test_text_receipt_reads_as_the_form(void)
{
  struct td_receipt r;
  char *t;

  sample(&r);
  t = text_of(&r);
  ASSERT_STR_EQ(t, expected_text);
  free(t);
}

/* Vietnam's clock whatever the computer's zone: 08:15, not 01:15 or 20:15
 * the day before. */
static void test_text_receipt_is_on_vietnam_time(void)
{
  static const char *const zones[] = {"UTC", "America/New_York",
                                      "Asia/Ho_Chi_Minh"};
  struct td_receipt r;
  size_t i;
  char *t;

  sample(&r);
  for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
    setenv("TZ", zones[i], 1);
    t = text_of(&r);
    ASSERT_STR_EQ(t, expected_text);
    free(t);
  }
  unsetenv("TZ");
}

static void test_no_line_is_wider_than_the_paper(void)
{
  struct td_receipt r;
  char *t, *line, *save = NULL;

  sample(&r);
  r.summary = "Phản ánh việc đường vào bản Thẳm Phé bị sạt lở sau mưa lớn, "
              "xe máy không đi được, học sinh phải lội suối đến trường; đề "
              "nghị xã sớm khắc phục và hỗ trợ kinh phí sửa chữa.";
  t = text_of(&r);
  ASSERT_NOT_NULL(t);
  for (line = strtok_r(t, "\n", &save); line != NULL;
       line = strtok_r(NULL, "\n", &save))
    ASSERT(td_utf8_width(line) <= 72);
  free(t);
}

static void test_a_long_summary_is_cut_short(void)
{
  struct td_receipt r;
  struct td_receipt_words w;
  char longer[2048];
  size_t i;

  sample(&r);
  longer[0] = '\0';
  for (i = 0; i < 20; i++)
    strncat(longer, "Đề nghị giải quyết dứt điểm. ",
            sizeof(longer) - strlen(longer) - 1);
  r.summary = longer;
  ASSERT_EQ(td_receipt_words(&r, &w), 0);
  ASSERT_STR_EQ(w.label[w.nrows - 1], "Nội dung tóm tắt");
  ASSERT(td_utf8_width(w.value[w.nrows - 1]) <= TD_RECEIPT_SUMMARY_COLUMNS);
  ASSERT(strstr(w.value[w.nrows - 1], "…") != NULL);
  td_receipt_words_free(&w);
}

/* A caller the law does not allow gets neither the name nor the summary,
 * and the line under the citizen's signature stays empty for the hand. */
static void test_a_withheld_identity_says_so(void)
{
  struct td_receipt r;
  char *t;

  sample(&r);
  r.citizen = NULL;
  r.summary = NULL;
  r.withheld = 1;
  t = text_of(&r);
  ASSERT_NOT_NULL(t);
  ASSERT(strstr(t, "- Họ và tên người nộp đơn: (được giữ bí mật)\n") != NULL);
  ASSERT(strstr(t, "- Nội dung tóm tắt: (được giữ bí mật)\n") != NULL);
  ASSERT(strstr(t, "Phạm Thị Ngữ") == NULL);
  /* The last line: the officer's name alone, in the right column. */
  ASSERT(strstr(t, "\n\n\n\n" /* room to sign */
                   "                                            Nguyễn Thị "
                   "Hoa\n") != NULL);
  free(t);
}

static void test_next_step_follows_the_running_deadline(void)
{
  struct td_receipt r;
  struct td_receipt_words w;

  sample(&r);
  r.step = "resolve";
  r.deadline = "2027-01-15";
  ASSERT_EQ(td_receipt_words(&r, &w), 0);
  ASSERT_STR_EQ(w.next_step,
                "Hẹn: đơn đã được thụ lý; chậm nhất đến hết ngày 15/01/2027, "
                "Ủy ban nhân dân xã Bình Lư giải quyết và trả lời người nộp "
                "đơn.");
  td_receipt_words_free(&w);
  r.deadline = NULL;
  r.step = NULL;
  ASSERT_EQ(td_receipt_words(&r, &w), 0);
  ASSERT_STR_EQ(w.next_step, "Ủy ban nhân dân xã Bình Lư sẽ thông báo kết quả "
                             "xử lý đơn cho người nộp đơn.");
  td_receipt_words_free(&w);
}

/* A ward, a province unknown: the place and the agency still read right. */
static void test_other_units_name_the_place(void)
{
  struct td_receipt r;
  struct td_receipt_words w;

  sample(&r);
  r.commune = "Phường Đông Phong";
  r.province = NULL;
  ASSERT_EQ(td_receipt_words(&r, &w), 0);
  ASSERT_STR_EQ(w.agency, "PHƯỜNG ĐÔNG PHONG");
  ASSERT_STR_EQ(w.place_date, "Đông Phong, ngày 01 tháng 12 năm 2026");
  ASSERT_STR_EQ(w.intro,
                "Ủy ban nhân dân phường Đông Phong đã nhận đơn như sau:");
  td_receipt_words_free(&w);
}

/* 1 if the commands succeeded (the poppler tools are there). */
static int sh(const char *cmd)
{
  return system(cmd) == 0;
}

/*
 * Text typed decomposed (NFD, as Unikey's "Unicode tổ hợp" writes it) is
 * shaped into the same glyphs as composed text: the two PDFs render to the
 * same pixels.
 */
static void test_decomposed_text_prints_as_composed(void)
{
  struct td_receipt r;
  char dir[] = "/tmp/td-receipt-XXXXXX";
  char path[256], cmd[1024], err[256];

  if (!sh("command -v pdftoppm >/dev/null")) {
    printf("skip test_decomposed_text_prints_as_composed: no pdftoppm "
           "(poppler-utils)\n");
    return;
  }
  ASSERT_NOT_NULL(mkdtemp(dir));
  sample(&r);
  snprintf(path, sizeof(path), "%s/nfc.pdf", dir);
  ASSERT_EQ(td_receipt_pdf(path, &r, TD_PAPER_A5, err, sizeof(err)), 0);
  /* "Phạm Thị Ngữ" and the summary with each mark after its letter. */
  r.citizen = "Pha\xcc\xa3m Thi\xcc\xa3 Ngu\xcc\x9b\xcc\x83";
  r.summary = "\xc4\x90\x65\xcc\x82\xcc\x80 nghi\xcc\xa3 xem xe\xcc\x81t "
              "la\xcc\xa3i ranh gio\xcc\x9b\xcc\x81i thu\xcc\x9b\xcc\x89\x61 "
              "\xc4\x91\x61\xcc\x82\xcc\x81t so\xcc\x82\xcc\x81 120 "
              "o\xcc\x9b\xcc\x89 ba\xcc\x89n Na\xcc\x80 \xc4\x90\x61.";
  snprintf(path, sizeof(path), "%s/nfd.pdf", dir);
  ASSERT_EQ(td_receipt_pdf(path, &r, TD_PAPER_A5, err, sizeof(err)), 0);
  snprintf(cmd, sizeof(cmd),
           "cd %s && pdftoppm -png -r 72 -singlefile nfc.pdf nfc && "
           "pdftoppm -png -r 72 -singlefile nfd.pdf nfd && cmp -s nfc.png "
           "nfd.png",
           dir);
  ASSERT(sh(cmd));
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  ASSERT(sh(cmd));
}

static void test_an_unwritable_pdf_is_an_error(void)
{
  struct td_receipt r;
  char err[256];

  sample(&r);
  err[0] = '\0';
  ASSERT_EQ(td_receipt_pdf("/nonexistent-dir/receipt.pdf", &r, TD_PAPER_A4, err,
                           sizeof(err)),
            -1);
  ASSERT(strstr(err, "/nonexistent-dir/receipt.pdf") != NULL);
}

static int parse(struct td_receipt_args *a, char *err, int argc, ...)
{
  char *argv[8];
  va_list ap;
  int i;

  va_start(ap, argc);
  for (i = 0; i < argc && i < 8; i++)
    argv[i] = va_arg(ap, char *);
  va_end(ap);
  return td_cmd_parse_receipt(argc, argv, a, err, 512);
}

static void test_receipt_options(void)
{
  struct td_receipt_args a;
  char err[512];

  ASSERT_EQ(parse(&a, err, 1, "BL-2026-000057"), 0);
  ASSERT_STR_EQ(a.ref, "BL-2026-000057");
  ASSERT_NULL(a.pdf);
  ASSERT_EQ(a.paper, TD_PAPER_A5);
  ASSERT_EQ(parse(&a, err, 5, "57", "--pdf", "r.pdf", "--paper", "a4"), 0);
  ASSERT_STR_EQ(a.pdf, "r.pdf");
  ASSERT_EQ(a.paper, TD_PAPER_A4);
  ASSERT_EQ(parse(&a, err, 4, "57", "--pdf", "r.pdf", "--text"), 0);
  ASSERT_EQ(a.text, 1);
  ASSERT_EQ(parse(&a, err, 5, "57", "--pdf", "r.pdf", "--paper", "a3"), -1);
  ASSERT(strstr(err, "a3") != NULL);
  ASSERT_EQ(parse(&a, err, 3, "57", "--paper", "a4"), -1);
  ASSERT(strstr(err, "--pdf") != NULL);
  ASSERT_EQ(parse(&a, err, 2, "57", "58"), -1);
  ASSERT_EQ(parse(&a, err, 0), -1);
  ASSERT_EQ(parse(&a, err, 1, "--help"), 0);
  ASSERT_EQ(a.help, 1);
}

int main(void)
{
  RUN_TEST(test_text_receipt_reads_as_the_form);
  RUN_TEST(test_text_receipt_is_on_vietnam_time);
  RUN_TEST(test_no_line_is_wider_than_the_paper);
  RUN_TEST(test_a_long_summary_is_cut_short);
  RUN_TEST(test_a_withheld_identity_says_so);
  RUN_TEST(test_next_step_follows_the_running_deadline);
  RUN_TEST(test_other_units_name_the_place);
  RUN_TEST(test_decomposed_text_prints_as_composed);
  RUN_TEST(test_an_unwritable_pdf_is_an_error);
  RUN_TEST(test_receipt_options);
  return TEST_EXIT();
}
