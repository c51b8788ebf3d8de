/* What tiepdan prints: escaping, formats, tables of Vietnamese text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "output.h"
#include "utf8.h"

/* Captures what fn writes into a malloc'd string. */
struct capture {
  char *buf;
  size_t len;
  FILE *f;
};

static void capture_begin(struct capture *c)
{
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
}

static char *capture_end(struct capture *c)
{
  fclose(c->f);
  return c->buf;
}

static char *json_of(const char *s)
{
  struct capture c;

  capture_begin(&c);
  td_output_json_string(c.f, s);
  return capture_end(&c);
}

static char *csv_of(const char *s)
{
  struct capture c;

  capture_begin(&c);
  td_output_csv_field(c.f, s);
  return capture_end(&c);
}

static void vietnam(void)
{
  setenv("TZ", "ICT-7", 1);
  tzset();
}

static Tiepdan__Unit unit = TIEPDAN__UNIT__INIT;
static Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;

/* A petition as a server would send it; strings are static. */
static Tiepdan__Petition sample(int64_t id, const char *summary)
{
  Tiepdan__Petition p = TIEPDAN__PETITION__INIT;

  unit.code = "2600101";
  unit.name = "X\xc3\xa3 Tam D\xc6\xb0\xc6\xa1ng";
  who.name = "Nguy\xe1\xbb\x85n V\xc4\x83n An";
  who.id_number = "001203004567";
  p.has_id = 1;
  p.id = id;
  p.receipt_no = "BL-2026-000057";
  p.unit = &unit;
  p.kind = "complaint";
  p.channel = "regular_reception";
  p.petitioner = &who;
  p.summary = (char *)summary;
  p.has_status = 1;
  p.status = TIEPDAN__STATUS__RECEIVED;
  p.has_received_at = 1;
  p.received_at = 1772695800; /* 2026-03-05 14:30 in Vietnam. */
  return p;
}

static void test_format_names(void)
{
  enum td_format f;

  ASSERT_EQ(td_output_format_parse("json", &f), 0);
  ASSERT_EQ(f, TD_FORMAT_JSON);
  ASSERT_EQ(td_output_format_parse("csv", &f), 0);
  ASSERT_EQ(f, TD_FORMAT_CSV);
  ASSERT_EQ(td_output_format_parse("table", &f), 0);
  ASSERT_EQ(f, TD_FORMAT_TABLE);
  ASSERT_EQ(td_output_format_parse("xml", &f), -1);
}

static void test_json_escapes_quotes_backslashes_and_controls(void)
{
  char *s;

  s = json_of("a\"b\\c\nd\te\r\x01");
  ASSERT_STR_EQ(s, "\"a\\\"b\\\\c\\nd\\te\\r\\u0001\"");
  free(s);
}

static void test_json_passes_utf8_through(void)
{
  char *s;

  s = json_of("Nguy\xe1\xbb\x85n");
  ASSERT_STR_EQ(s, "\"Nguy\xe1\xbb\x85n\"");
  free(s);
  s = json_of(NULL);
  ASSERT_STR_EQ(s, "null");
  free(s);
}

static void test_csv_quotes_only_when_needed(void)
{
  char *s;

  s = csv_of("Th\xc3\xb4n \xc4\x90\xc3\xb4ng");
  ASSERT_STR_EQ(s, "Th\xc3\xb4n \xc4\x90\xc3\xb4ng");
  free(s);
  s = csv_of("a,b");
  ASSERT_STR_EQ(s, "\"a,b\"");
  free(s);
  s = csv_of("say \"hi\"");
  ASSERT_STR_EQ(s, "\"say \"\"hi\"\"\"");
  free(s);
  s = csv_of("two\nlines");
  ASSERT_STR_EQ(s, "\"two\nlines\"");
  free(s);
  s = csv_of(NULL);
  ASSERT_STR_EQ(s, "");
  free(s);
}

static void test_json_petition_has_iso_times_and_names(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  vietnam();
  p = sample(57, "x");
  capture_begin(&c);
  ASSERT_EQ(td_output_petition(c.f, TD_FORMAT_JSON, &p), 0);
  s = capture_end(&c);
  ASSERT(strstr(s, "{\"id\":57,\"receipt_no\":\"BL-2026-000057\"") == s);
  ASSERT(strstr(s, "\"received_at\":\"2026-03-05T14:30:00+07:00\"") != NULL);
  ASSERT(strstr(s, "\"status\":\"received\"") != NULL);
  ASSERT(strstr(s, "\"accepted_at\":null") != NULL);
  ASSERT(strstr(s, "\"petitioner_name\":\"Nguy\xe1\xbb\x85n") != NULL);
  ASSERT(strcmp(s + strlen(s) - 2, "}\n") == 0);
  free(s);
}

static void test_redacted_identity_is_withheld(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = sample(57, "x");
  p.has_redacted = 1;
  p.redacted = 1;
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Petitioner:    (withheld)\n") != NULL);
  ASSERT(strstr(s, "Nguy") == NULL);
  free(s);
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_JSON, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "\"petitioner_name\":null") != NULL);
  ASSERT(strstr(s, "\"redacted\":true") != NULL);
  free(s);
}

static void test_table_indents_summary_lines_and_blanks_controls(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = sample(57, "line one\nline\x1b[2Jtwo");
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Summary:       line one\n               line [2Jtwo\n") !=
         NULL);
  ASSERT(strchr(s, '\x1b') == NULL);
  free(s);
}

static void test_csv_list_has_header_and_crlf_rows(void)
{
  Tiepdan__Petition a;
  Tiepdan__Petition b;
  const Tiepdan__Petition *ps[2];
  struct capture c;
  char *s;

  a = sample(1, "a, b");
  b = sample(2, "c");
  ps[0] = &a;
  ps[1] = &b;
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_CSV, ps, 2, 0);
  s = capture_end(&c);
  ASSERT(strncmp(s, "id,receipt_no,unit_code,", 24) == 0);
  ASSERT(strstr(s, "\r\n1,BL-2026-000057,2600101,") != NULL);
  ASSERT(strstr(s, ",\"a, b\",received,") != NULL);
  ASSERT(strcmp(s + strlen(s) - 2, "\r\n") == 0);
  free(s);
}

static void test_json_list_is_an_array(void)
{
  Tiepdan__Petition a;
  const Tiepdan__Petition *ps[1];
  struct capture c;
  char *s;

  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_JSON, ps, 0, 0);
  s = capture_end(&c);
  ASSERT_STR_EQ(s, "[]\n");
  free(s);
  a = sample(1, "a");
  ps[0] = &a;
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_JSON, ps, 1, 0);
  s = capture_end(&c);
  ASSERT(strncmp(s, "[\n{\"id\":1,", 10) == 0);
  ASSERT(strcmp(s + strlen(s) - 4, "}\n]\n") == 0);
  free(s);
}

/* The byte offset of the start of column col (0-based) in the line. */
static size_t column_at(const char *line, const char *cell)
{
  char *copy;
  size_t w;

  copy = strndup(line, (size_t)(strstr(line, cell) - line));
  w = td_utf8_width(copy);
  free(copy);
  return w;
}

static void test_table_aligns_vietnamese_and_cuts_summaries(void)
{
  static const char long_text[] =
      "\xc4\x90\xe1\xbb\x81 ngh\xe1\xbb\x8b xem x\xc3\xa9t l\xe1\xba\xa1i "
      "ranh gi\xe1\xbb\x9bi th\xe1\xbb\xad"
      "a \xc4\x91\xe1\xba\xa5t s\xe1\xbb"
      "\x91 120 gi\xe1\xbb\xaf"
      "a hai h\xe1\xbb\x99 \xe1\xbb\x9f th\xc3\xb4n \xc4\x90\xc3\xb4ng";
  Tiepdan__Petition a;
  Tiepdan__Petition b;
  const Tiepdan__Petition *ps[2];
  struct capture c;
  char *s;
  char *l2;
  char *l3;

  vietnam();
  a = sample(1, long_text);
  b = sample(1000, "short");
  b.kind = "recommendation";
  ps[0] = &a;
  ps[1] = &b;
  capture_begin(&c);
  /* 6+16+18+16+10+9 = 75 columns before the summary: 25 are left. */
  td_output_list(c.f, TD_FORMAT_TABLE, ps, 2, 100);
  s = capture_end(&c);
  l2 = strchr(s, '\n') + 1;
  l3 = strchr(l2, '\n') + 1;
  ASSERT(strncmp(s, "ID    RECEIPT         RECEIVED          KIND", 44) == 0);
  ASSERT_EQ(column_at(l2, "2026-03-05 14:30"), 22);
  ASSERT_EQ(column_at(l3, "2026-03-05 14:30"), 22);
  ASSERT_EQ(column_at(l2, "received"), column_at(l3, "received"));
  ASSERT(strstr(l2, "\xe2\x80\xa6\n") != NULL);
  l3[-1] = '\0';
  ASSERT_EQ(td_utf8_width(l2), 100);
  free(s);
}

static void test_receipt_is_framed_above_the_petition(void)
{
  Tiepdan__SubmitReply r = TIEPDAN__SUBMIT_REPLY__INIT;
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = sample(57, "x");
  r.petition = &p;
  r.has_duplicate = 1;
  r.duplicate = 1;
  capture_begin(&c);
  td_output_submitted(c.f, TD_FORMAT_TABLE, &r);
  s = capture_end(&c);
  ASSERT(strstr(s,
                "\nReceipt number / S\xe1\xbb\x91 bi\xc3\xaan nh\xe1\xba\xadn:"
                " BL-2026-000057\n") != NULL);
  ASSERT(strstr(s, "already been recorded") != NULL);
  free(s);
}

int main(void)
{
  RUN_TEST(test_format_names);
  RUN_TEST(test_json_escapes_quotes_backslashes_and_controls);
  RUN_TEST(test_json_passes_utf8_through);
  RUN_TEST(test_csv_quotes_only_when_needed);
  RUN_TEST(test_json_petition_has_iso_times_and_names);
  RUN_TEST(test_redacted_identity_is_withheld);
  RUN_TEST(test_table_indents_summary_lines_and_blanks_controls);
  RUN_TEST(test_csv_list_has_header_and_crlf_rows);
  RUN_TEST(test_json_list_is_an_array);
  RUN_TEST(test_table_aligns_vietnamese_and_cuts_summaries);
  RUN_TEST(test_receipt_is_framed_above_the_petition);
  return TEST_EXIT();
}
