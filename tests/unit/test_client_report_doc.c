/*
 * The report as the document a leader signs (render/report_doc.h): the
 * lines both formats share, the DOCX read back with libzip (every part
 * there, the texts escaped, the page and margins of the Decree), and the
 * PDF (A4, several pages for a long body); bad paths refused, leaving no
 * file behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "cmd/report.h"
#include "net/config.h"
#include "render/report_doc.h"
#include "test.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof(*(v))))

static char dir[] = "/tmp/td-report-doc-XXXXXX";

static const char *const recipients[] = {"Thanh tra tỉnh", "- UBND tỉnh;"};

static struct td_report_line lines[] = {
    {TD_REPORT_TITLE, "BÁO CÁO KẾT QUẢ (left out)"},
    {TD_REPORT_HEADING, "1. Tiếp nhận, giải quyết đơn thư"},
    {TD_REPORT_PARAGRAPH,
     "Trong năm 2026, xã Bình Lư đã tiếp nhận 57 đơn, đã giải quyết 56 đơn."},
    {TD_REPORT_PARAGRAPH, "Ông A <&> bà B \"trích\" 'x'"},
};
static struct td_report_text text = {lines, 4};

static void sample(struct td_report_doc *d)
{
  memset(d, 0, sizeof(*d));
  d->superior = "ỦY BAN NHÂN DÂN";
  d->issuer = "XÃ BÌNH LƯ";
  d->number = "12/BC-UBND";
  d->place = "Bình Lư";
  d->year = 2026;
  d->month = 12;
  d->day = 2;
  d->subject = "Kết quả công tác tiếp công dân <&> năm 2026";
  d->body = &text;
  d->recipients = recipients;
  d->nrecipients = 2;
  d->authority = "TM. ỦY BAN NHÂN DÂN";
  d->signer_title = "CHỦ TỊCH";
  d->signer_name = "Hoàng Văn Lãnh";
}

/* The part name of the DOCX at path, malloc'd and NUL-ended; NULL when
 * it is not there. */
static char *part(const char *path, const char *name)
{
  zip_stat_t st;
  zip_file_t *zf;
  zip_t *z;
  char *buf;
  int code;

  z = zip_open(path, ZIP_RDONLY, &code);
  if (z == NULL)
    return NULL;
  buf = NULL;
  if (zip_stat(z, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
    zf = zip_fopen(z, name, 0);
    buf = zf != NULL ? calloc(1, st.size + 1) : NULL;
    if (buf != NULL && zip_fread(zf, buf, st.size) != (zip_int64_t)st.size) {
      free(buf);
      buf = NULL;
    }
    if (zf != NULL)
      zip_fclose(zf);
  }
  zip_close(z);
  return buf;
}

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;

  if (f == NULL)
    return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  buf = calloc(1, (size_t)n + 1);
  if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void test_lines(void)
{
  struct td_report_doc d;
  char b[256];

  sample(&d);
  td_report_doc_number_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Số: 12/BC-UBND");
  d.number = NULL;
  td_report_doc_number_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Số:      /BC-UBND");
  td_report_doc_date_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Bình Lư, ngày 02 tháng 12 năm 2026");
  /* The Decree: a day below 10, and January and February, with a 0. */
  d.month = 2;
  d.day = 5;
  td_report_doc_date_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Bình Lư, ngày 05 tháng 02 năm 2026");
  d.month = 7;
  d.day = 15;
  td_report_doc_date_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Bình Lư, ngày 15 tháng 7 năm 2026");
  d.day = 0;
  td_report_doc_date_line(&d, b, sizeof(b));
  ASSERT_STR_EQ(b, "Bình Lư, ngày      tháng      năm 2026");
  td_report_doc_recipient_line(&d, 0, b, sizeof(b));
  ASSERT_STR_EQ(b, "- Thanh tra tỉnh;");
  td_report_doc_recipient_line(&d, 1, b, sizeof(b));
  ASSERT_STR_EQ(b, "- UBND tỉnh;");
  td_report_doc_recipient_line(&d, 2, b, sizeof(b));
  ASSERT_STR_EQ(b, "- Lưu: VT.");
}

static void test_upper_and_subject(void)
{
  char b[256];

  td_report_doc_upper("Xã Bình Lư", b, sizeof(b));
  ASSERT_STR_EQ(b, "XÃ BÌNH LƯ");
  td_report_doc_upper("Phường Đông Hưng Thuận ơi ữ ệ ở ằ", b, sizeof(b));
  ASSERT_STR_EQ(b, "PHƯỜNG ĐÔNG HƯNG THUẬN ƠI Ữ Ệ Ở Ằ");
  /* Cut on a whole character. */
  td_report_doc_upper("ưư", b, 4);
  ASSERT_STR_EQ(b, "Ư");
  td_report_doc_subject("2026-01", "2026-12", b, sizeof(b));
  ASSERT_STR_EQ(b, "Kết quả công tác tiếp công dân, tiếp nhận, xử lý và giải "
                   "quyết\nđơn thư năm 2026");
  td_report_doc_subject("2025-07", "2026-02", b, sizeof(b));
  ASSERT(strstr(b, "đơn thư từ ngày 01/7/2025 đến ngày 28/02/2026") != NULL);
  td_report_doc_subject_of("6 tháng đầu năm 2026", b, sizeof(b));
  ASSERT(strstr(b, "giải quyết\nđơn thư 6 tháng đầu năm 2026") != NULL);
  td_report_doc_subject("2024-02", "2024-02", b, sizeof(b));
  ASSERT(strstr(b, "đơn thư tháng 2/2024") != NULL);
}

static void test_kind(void)
{
  ASSERT_EQ(td_report_doc_kind("a/bao-cao.docx"), TD_REPORT_DOCX);
  ASSERT_EQ(td_report_doc_kind("BAO-CAO.PDF"), TD_REPORT_PDF);
  ASSERT_EQ(td_report_doc_kind("bao-cao.doc"), -1);
  ASSERT_EQ(td_report_doc_kind("bao-cao"), -1);
  ASSERT_EQ(td_report_doc_kind("dir.docx/x"), -1);
  ASSERT_EQ(td_report_doc_kind(".docx"), -1);
}

static void test_docx(void)
{
  static const char *const names[] = {"[Content_Types].xml",
                                      "_rels/.rels",
                                      "word/_rels/document.xml.rels",
                                      "word/styles.xml",
                                      "word/settings.xml",
                                      "word/header1.xml",
                                      "docProps/core.xml"};
  struct td_report_doc d;
  char path[256];
  char err[256];
  char *doc;
  char *core;
  char *p;
  size_t i;

  sample(&d);
  snprintf(path, sizeof(path), "%s/bao-cao.docx", dir);
  ASSERT_EQ(td_report_doc_write(path, &d, err, sizeof(err)), 0);
  doc = part(path, "word/document.xml");
  ASSERT_NOT_NULL(doc);
  for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
    p = part(path, names[i]);
    ASSERT_NOT_NULL(p);
    ASSERT(strncmp(p, "<?xml", 5) == 0);
    free(p);
  }
  ASSERT(strstr(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != NULL);
  ASSERT(strstr(doc, "Độc lập - Tự do - Hạnh phúc") != NULL);
  ASSERT(strstr(doc, ">ỦY BAN NHÂN DÂN<") != NULL);
  ASSERT(strstr(doc, ">XÃ BÌNH LƯ<") != NULL);
  ASSERT(strstr(doc, "Số: 12/BC-UBND") != NULL);
  ASSERT(strstr(doc, "Bình Lư, ngày 02 tháng 12 năm 2026") != NULL);
  ASSERT(strstr(doc, ">BÁO CÁO<") != NULL);
  /* Every text escaped: the subject's and the body's <&> and quotes. */
  ASSERT(strstr(doc, "tiếp công dân &lt;&amp;&gt; năm 2026") != NULL);
  ASSERT(strstr(doc, "Ông A &lt;&amp;&gt; bà B &quot;trích&quot; 'x'") != NULL);
  ASSERT(strstr(doc, "<&>") == NULL);
  ASSERT(strstr(doc, "1. Tiếp nhận, giải quyết đơn thư") != NULL);
  ASSERT(strstr(doc, "đã tiếp nhận 57 đơn") != NULL);
  /* The report's own title is not repeated under the document's. */
  ASSERT(strstr(doc, "left out") == NULL);
  ASSERT(strstr(doc, "Nơi nhận:") != NULL);
  ASSERT(strstr(doc, "- Thanh tra tỉnh;") != NULL);
  ASSERT(strstr(doc, "- Lưu: VT.") != NULL);
  ASSERT(strstr(doc, "TM. ỦY BAN NHÂN DÂN") != NULL);
  ASSERT(strstr(doc, ">CHỦ TỊCH<") != NULL);
  ASSERT(strstr(doc, ">Hoàng Văn Lãnh<") != NULL);
  /* A4 portrait; top and bottom 20 mm, left 30 mm, right 15 mm. */
  ASSERT(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") != NULL);
  ASSERT(strstr(doc, "w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" "
                     "w:left=\"1701\"") != NULL);
  /* Page numbers from the second page. */
  ASSERT(strstr(doc, "<w:titlePg/>") != NULL);
  core = part(path, "docProps/core.xml");
  ASSERT_NOT_NULL(core);
  ASSERT(strstr(core, "&lt;&amp;&gt;") != NULL);
  p = part(path, "word/styles.xml");
  ASSERT_NOT_NULL(p);
  ASSERT(strstr(p, "Times New Roman") != NULL);
  free(p);
  free(core);
  free(doc);
}

/* Control characters and bytes that are not UTF-8 cannot break the XML. */
static void test_docx_bad_bytes(void)
{
  struct td_report_line bad[] = {{TD_REPORT_PARAGRAPH, "a\x01"
                                                       "b\xff"
                                                       "c"}};
  struct td_report_text t = {bad, 1};
  struct td_report_doc d;
  char path[256];
  char err[256];
  char *doc;

  sample(&d);
  d.body = &t;
  snprintf(path, sizeof(path), "%s/bad.docx", dir);
  ASSERT_EQ(td_report_doc_docx(path, &d, err, sizeof(err)), 0);
  doc = part(path, "word/document.xml");
  ASSERT_NOT_NULL(doc);
  ASSERT(strstr(doc, "ab\xef\xbf\xbd"
                     "c") != NULL);
  free(doc);
}

/* How many pages the PDF at path has: cairo writes one "/Type /Page"
 * object per page and one "/Type /Pages". */
/* Whether the len bytes at buf, NULs and all, hold s. */
static int holds(const char *buf, size_t len, const char *s)
{
  size_t k = strlen(s);
  size_t i;

  for (i = 0; i + k <= len; i++)
    if (memcmp(buf + i, s, k) == 0)
      return 1;
  return 0;
}

static int pages_of(const char *buf, size_t len)
{
  static const char page[] = "/Type /Page";
  size_t k = sizeof(page) - 1;
  size_t i;
  int n = 0;

  for (i = 0; i + k < len; i++)
    if (memcmp(buf + i, page, k) == 0 && buf[i + k] != 's')
      n++;
  return n;
}

static void test_pdf(void)
{
  static struct td_report_line many[80];
  struct td_report_text t = {many, 80};
  struct td_report_doc d;
  char path[256];
  char err[256];
  char *buf;
  size_t len;
  size_t i;

  sample(&d);
  snprintf(path, sizeof(path), "%s/bao-cao.pdf", dir);
  ASSERT_EQ(td_report_doc_write(path, &d, err, sizeof(err)), 0);
  buf = slurp(path, &len);
  ASSERT_NOT_NULL(buf);
  ASSERT(strncmp(buf, "%PDF-", 5) == 0);
  ASSERT_EQ(pages_of(buf, len), 1);
  /* A4: 595.28 x 841.89 points. */
  ASSERT(holds(buf, len, "/MediaBox [ 0 0 595.275591 841.889764 ]"));
  free(buf);
  /* A long body goes on over several pages. */
  for (i = 0; i < 80; i++) {
    many[i].kind = i % 10 == 0 ? TD_REPORT_HEADING : TD_REPORT_PARAGRAPH;
    many[i].text = "Trong năm 2026, xã Bình Lư đã tiếp nhận 57 đơn, đã giải "
                   "quyết 56 đơn, đạt 98,2%; trong đó giải quyết trong hạn 56 "
                   "đơn, giải quyết quá hạn 0 đơn.";
  }
  d.body = &t;
  ASSERT_EQ(td_report_doc_pdf(path, &d, err, sizeof(err)), 0);
  buf = slurp(path, &len);
  ASSERT_NOT_NULL(buf);
  ASSERT(pages_of(buf, len) >= 3);
  /* The same as a DOCX, to look at (TD_KEEP=1 keeps it). */
  snprintf(path, sizeof(path), "%s/long.docx", dir);
  ASSERT_EQ(td_report_doc_docx(path, &d, err, sizeof(err)), 0);
  free(buf);
}

static void test_bad_paths(void)
{
  struct td_report_doc d;
  struct stat st;
  char path[256];
  char err[256];

  sample(&d);
  err[0] = '\0';
  snprintf(path, sizeof(path), "%s/bao-cao.odt", dir);
  ASSERT_EQ(td_report_doc_write(path, &d, err, sizeof(err)), -1);
  ASSERT(strstr(err, ".docx") != NULL);
  ASSERT(stat(path, &st) != 0);
  ASSERT_EQ(
      td_report_doc_write("/nonexistent-dir/r.docx", &d, err, sizeof(err)), -1);
  ASSERT(strstr(err, "/nonexistent-dir/r.docx") != NULL);
  ASSERT_EQ(td_report_doc_write("/nonexistent-dir/r.pdf", &d, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "/nonexistent-dir/r.pdf") != NULL);
}

static int parse(int argc, char **argv, enum td_format fmt, char *err,
                 size_t errlen, struct td_report_args *a)
{
  err[0] = '\0';
  return td_cmd_parse_report(argc, argv, fmt, a, err, errlen);
}

static void test_parse_doc_options(void)
{
  char *all[] = {
      "--from",         "2026-01",      "--to",        "2026-12",
      "--lang",         "en",           "--doc",       "bao-cao.DOCX",
      "--number",       "12/BC-UBND",   "--date",      "2026-02-05",
      "--place",        "Bình Lư",      "--signer",    "Hoàng Văn Lãnh",
      "--signer-title", "PHÓ CHỦ TỊCH", "--recipient", "Thanh tra tỉnh",
      "--recipient",    "UBND tỉnh"};
  char *csv[] = {"--from", "2026-01", "--to", "2026-12", "--doc", "x.pdf"};
  char *odt[] = {"--from", "2026-01", "--to", "2026-12", "--doc", "x.odt"};
  char *lone[] = {"--from", "2026-01", "--to", "2026-12", "--number", "1"};
  char *xlsx[] = {"--from", "2026-01", "--to",   "2026-12",
                  "--doc",  "x.pdf",   "--xlsx", "x.xlsx"};
  char *table[] = {"--from", "2026-01", "--to",    "2026-12",
                   "--doc",  "x.pdf",   "--table", "kind"};
  char *day[] = {"--from", "2026-01", "--to",   "2026-12",
                 "--doc",  "x.pdf",   "--date", "2026-02-30"};
  char *blank[] = {"--from", "2026-01", "--to",     "2026-12",
                   "--doc",  "x.pdf",   "--signer", " "};
  char *many[6 + 2 * (TD_REPORT_DOC_RECIPIENTS + 1)] = {
      "--from", "2026-01", "--to", "2026-12", "--doc", "x.pdf"};
  struct td_report_args a;
  char err[512];
  int i;

  ASSERT_EQ(parse(ARGC(all), all, TD_FORMAT_TABLE, err, sizeof(err), &a), 0);
  ASSERT_STR_EQ(a.doc.path, "bao-cao.DOCX");
  ASSERT_STR_EQ(a.doc.number, "12/BC-UBND");
  ASSERT_EQ(a.doc.year, 2026);
  ASSERT_EQ(a.doc.month, 2);
  ASSERT_EQ(a.doc.day, 5);
  ASSERT_STR_EQ(a.doc.place, "Bình Lư");
  ASSERT_STR_EQ(a.doc.signer, "Hoàng Văn Lãnh");
  ASSERT_STR_EQ(a.doc.signer_title, "PHÓ CHỦ TỊCH");
  ASSERT_EQ(a.doc.nrecipients, 2);
  ASSERT_STR_EQ(a.doc.recipients[1], "UBND tỉnh");
  /* The document is Vietnamese, whatever --lang says. */
  ASSERT_EQ(a.lang, TD_REPORT_VI);
  /* A document is not a table: csv needs no --table with it. */
  ASSERT_EQ(parse(ARGC(csv), csv, TD_FORMAT_CSV, err, sizeof(err), &a), 0);
  ASSERT_NULL(a.doc.number);
  ASSERT_EQ(a.doc.day, 0);
  ASSERT_EQ(parse(ARGC(odt), odt, TD_FORMAT_TABLE, err, sizeof(err), &a), -1);
  ASSERT(strstr(err, ".docx or .pdf") != NULL);
  ASSERT_EQ(parse(ARGC(lone), lone, TD_FORMAT_TABLE, err, sizeof(err), &a), -1);
  ASSERT(strstr(err, "--number goes into the document") != NULL);
  ASSERT_EQ(parse(ARGC(xlsx), xlsx, TD_FORMAT_TABLE, err, sizeof(err), &a), -1);
  ASSERT(strstr(err, "leave out --xlsx") != NULL);
  ASSERT_EQ(parse(ARGC(table), table, TD_FORMAT_TABLE, err, sizeof(err), &a),
            -1);
  ASSERT(strstr(err, "leave out --table") != NULL);
  ASSERT_EQ(parse(ARGC(day), day, TD_FORMAT_TABLE, err, sizeof(err), &a), -1);
  ASSERT(strstr(err, "--date") != NULL);
  ASSERT_EQ(parse(ARGC(blank), blank, TD_FORMAT_TABLE, err, sizeof(err), &a),
            -1);
  ASSERT(strstr(err, "--signer") != NULL);
  for (i = 0; i <= TD_REPORT_DOC_RECIPIENTS; i++) {
    many[6 + 2 * i] = "--recipient";
    many[7 + 2 * i] = "Thanh tra tỉnh";
  }
  ASSERT_EQ(parse(ARGC(many) - 2, many, TD_FORMAT_TABLE, err, sizeof(err), &a),
            0);
  ASSERT_EQ(a.doc.nrecipients, TD_REPORT_DOC_RECIPIENTS);
  ASSERT_EQ(parse(ARGC(many), many, TD_FORMAT_TABLE, err, sizeof(err), &a), -1);
  ASSERT(strstr(err, "at most 16 recipients") != NULL);
}

/* The configuration's settings for the document. */
static void test_config_settings(void)
{
  struct td_client_opts o;
  char path[256];
  char err[512];
  FILE *f;

  snprintf(path, sizeof(path), "%s/client.conf", dir);
  f = fopen(path, "w");
  ASSERT_NOT_NULL(f);
  fputs("report_signer = Hoàng Văn Lãnh\n"
        "report_signer_title = PHÓ CHỦ TỊCH # acting\n"
        "report_place = Bình Lư\n",
        f);
  fclose(f);
  memset(&o, 0, sizeof(o));
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.report_signer, "Hoàng Văn Lãnh");
  ASSERT_STR_EQ(o.report_signer_title, "PHÓ CHỦ TỊCH");
  ASSERT_STR_EQ(o.report_place, "Bình Lư");
  td_client_config_free(&o);
  ASSERT_NULL(o.report_signer);
  f = fopen(path, "w");
  ASSERT_NOT_NULL(f);
  fputs("report_signr = x\n", f);
  fclose(f);
  ASSERT_NE(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT(strstr(err, "report_signer_title and report_place") != NULL);
  td_client_config_free(&o);
}

int main(void)
{
  char cmd[128];
  int rc;

  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  RUN_TEST(test_lines);
  RUN_TEST(test_upper_and_subject);
  RUN_TEST(test_kind);
  RUN_TEST(test_docx);
  RUN_TEST(test_docx_bad_bytes);
  RUN_TEST(test_pdf);
  RUN_TEST(test_bad_paths);
  RUN_TEST(test_parse_doc_options);
  RUN_TEST(test_config_settings);
  if (getenv("TD_KEEP") != NULL)
    return TEST_EXIT();
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  rc = system(cmd);
  (void)rc;
  return TEST_EXIT();
}
