/* What tiepdan prints: escaping, formats, tables of Vietnamese text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "render/output.h"
#include "common/utf8.h"

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
  ASSERT(strstr(s, "Petitioner:     (withheld)\n") != NULL);
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
  ASSERT(strstr(s, "Summary:        line one\n"
                   "                line [2Jtwo\n") != NULL);
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
  td_output_list(c.f, TD_FORMAT_CSV, ps, 2, 0, 1);
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
  td_output_list(c.f, TD_FORMAT_JSON, ps, 0, 0, 1);
  s = capture_end(&c);
  ASSERT_STR_EQ(s, "[]\n");
  free(s);
  a = sample(1, "a");
  ps[0] = &a;
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_JSON, ps, 1, 0, 1);
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
  /* 6+16+18+16+10+10+6+9 = 91 columns before the summary: 29 are left. */
  td_output_list(c.f, TD_FORMAT_TABLE, ps, 2, 120, 1);
  s = capture_end(&c);
  l2 = strchr(s, '\n') + 1;
  l3 = strchr(l2, '\n') + 1;
  ASSERT(strncmp(s, "ID    RECEIPT         RECEIVED          KIND", 44) == 0);
  ASSERT_EQ(column_at(l2, "2026-03-05 14:30"), 22);
  ASSERT_EQ(column_at(l3, "2026-03-05 14:30"), 22);
  ASSERT_EQ(column_at(l2, "received"), column_at(l3, "received"));
  ASSERT(strstr(l2, "\xe2\x80\xa6\n") != NULL);
  l3[-1] = '\0';
  ASSERT_EQ(td_utf8_width(l2), 120);
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
  ASSERT(strstr(s, "\nReceipt number: BL-2026-000057\n") != NULL);
  ASSERT(strstr(s, "already been recorded") != NULL);
  free(s);
}

/* The citizen's earlier petitions follow the receipt, with how to mark the
 * new one; json carries them in the petition's object; none, no words. */
static void test_earlier_petitions_follow_the_receipt(void)
{
  Tiepdan__SubmitReply r = TIEPDAN__SUBMIT_REPLY__INIT;
  Tiepdan__Petition p, e;
  Tiepdan__Petition *cands[1];
  struct capture c;
  char *s;

  p = sample(57, "x");
  e = sample(12, "Tranh chấp đất");
  e.receipt_no = "BL-2026-000012";
  e.field = "land";
  e.received_at = 1772418600; /* 02/03/2026 09:30 in Vietnam. */
  cands[0] = &e;
  r.petition = &p;
  capture_begin(&c);
  td_output_submitted(c.f, TD_FORMAT_TABLE, &r);
  s = capture_end(&c);
  ASSERT(strstr(s, "earlier petitions") == NULL);
  ASSERT(strstr(s, "Visit:          first visit\n") != NULL);
  free(s);
  r.n_repeat_candidates = 1;
  r.repeat_candidates = cands;
  capture_begin(&c);
  td_output_submitted(c.f, TD_FORMAT_TABLE, &r);
  s = capture_end(&c);
  ASSERT(strstr(s, "This citizen has earlier petitions:\n"
                   "  BL-2026-000012 (2026-03-02, land, ") != NULL);
  ASSERT(strstr(s, "): Tranh chấp đất\n") != NULL);
  ASSERT(strstr(s, "If it is the same matter: tiepdan note BL-2026-000057 "
                   "--repeat-of BL-2026-000012\n") != NULL);
  free(s);
  capture_begin(&c);
  td_output_submitted(c.f, TD_FORMAT_JSON, &r);
  s = capture_end(&c);
  ASSERT(strstr(s, "{\"repeat_candidates\":[{\"receipt_no\":\"BL-2026-000012\","
                   "\"received_at\":\"2026-03-02T09:30:00+07:00\",\"kind\":"
                   "\"complaint\",\"field\":\"land\",\"status\":\"received\","
                   "\"summary\":\"Tranh chấp đất\"}],\"id\":57,") != NULL);
  ASSERT(strstr(s, "\"finding\":null}\n") != NULL);
  free(s);
  p.repeat_of = "BL-2026-000012";
  capture_begin(&c);
  td_output_submitted(c.f, TD_FORMAT_TABLE, &r);
  s = capture_end(&c);
  ASSERT(strstr(s, "Recorded as a repeat visit of BL-2026-000012.\n") != NULL);
  ASSERT(strstr(s, "If it is the same matter") == NULL);
  ASSERT(strstr(s, "repeat visit (earlier petition: BL-2026-000012)") != NULL);
  free(s);
}

/* A redacted petition says nothing of its visits; a finding is shown. */
static void test_show_withholds_the_visit_and_shows_the_finding(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = sample(5, "x");
  p.has_redacted = 1;
  p.redacted = 1;
  p.finding = "partly_correct";
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Visit:          (withheld)\n") != NULL);
  ASSERT(strstr(s, "Finding:        partly_correct\n") != NULL);
  free(s);
}

/* Whether s starts with prefix; says what came instead if not. */
static int starts(const char *s, const char *prefix)
{
  if (strncmp(s, prefix, strlen(prefix)) == 0)
    return 1;
  fprintf(stderr, "want: %s\ngot:  %.*s\n", prefix, (int)strlen(prefix), s);
  return 0;
}

/* An accepted petition 23 days from its deadline. */
static Tiepdan__Petition accepted(void)
{
  Tiepdan__Petition p;

  p = sample(1, "x");
  p.receipt_no = "BL-2026-000001";
  p.status = TIEPDAN__STATUS__ACCEPTED;
  p.deadline = "2026-03-16";
  p.deadline_step = "resolve";
  p.has_days_elapsed = 1;
  p.days_elapsed = 2;
  p.has_days_remaining = 1;
  p.days_remaining = 23;
  p.has_complex = 1;
  p.complex = 1;
  p.has_extensions = 1;
  p.extensions = 0;
  p.has_session_id = 1;
  p.session_id = 12;
  p.has_version = 1;
  p.version = 2;
  return p;
}

static void test_show_has_the_deadline_and_its_step(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  p.transfer_target = "Phòng Tư pháp";
  p.satisfaction = "satisfied";
  p.note = "Lý do";
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Deadline:       2026-03-16 (step: resolve)\n") != NULL);
  ASSERT(strstr(s, "Days elapsed:   2\n") != NULL);
  ASSERT(strstr(s, "Days remaining: 23\n") != NULL);
  ASSERT(strstr(s, "Complex:        yes\n") != NULL);
  ASSERT(strstr(s, "Extensions:     0\n") != NULL);
  ASSERT(strstr(s, "Transfer to:    Phòng Tư pháp\n") != NULL);
  ASSERT(strstr(s, "Satisfaction:   satisfied\n") != NULL);
  ASSERT(strstr(s, "Session:        12\n") != NULL);
  ASSERT(strstr(s, "Reason:         Lý do\n") != NULL);
  ASSERT(strstr(s, "How the deadline") == NULL);
  free(s);
}

static void test_show_says_how_overdue(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  p.days_remaining = -3;
  p.has_overdue = 1;
  p.overdue = 1;
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Days remaining: overdue by 3 days\n") != NULL);
  free(s);
  p.days_remaining = 0;
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "Days remaining: 0 (due today)\n") != NULL);
  free(s);
}

static void test_explanation_goes_under_a_heading(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  p.explain = "Rule: complaint, resolve, 30 days\n"
              "Skipped: 2026-03-07 (Saturday)\n";
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_TABLE, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "\n\nHow the deadline was computed:\n"
                   "  Rule: complaint, resolve, 30 days\n"
                   "  Skipped: 2026-03-07 (Saturday)\n") != NULL);
  /* It ends the output, with no indented empty line after it. */
  ASSERT(strcmp(s + strlen(s) - 11, "(Saturday)\n") == 0);
  free(s);
}

static void test_json_and_csv_carry_the_new_fields(void)
{
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  p.explain = "a\nb";
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_JSON, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, "\"complex\":true,\"extensions\":0,\"deadline_step\":"
                   "\"resolve\",\"days_elapsed\":2,\"days_remaining\":23,"
                   "\"overdue\":null,\"explain\":\"a\\nb\",\"transfer_target\":"
                   "null,\"satisfaction\":null,\"session_id\":12,\"note\":"
                   "null,\"repeat_of\":null,\"finding\":null}") != NULL);
  free(s);
  capture_begin(&c);
  td_output_petition(c.f, TD_FORMAT_CSV, &p);
  s = capture_end(&c);
  ASSERT(strstr(s, ",created_by,created_at,complex,extensions,deadline_step,"
                   "days_elapsed,days_remaining,overdue,explain,"
                   "transfer_target,satisfaction,session_id,note,repeat_of,"
                   "finding\r\n") != NULL);
  ASSERT(strstr(s, ",true,0,resolve,2,23,,\"a\nb\",,,12,,,\r\n") != NULL);
  free(s);
}

static void test_list_shows_deadline_and_days_left(void)
{
  Tiepdan__Petition a;
  Tiepdan__Petition b;
  Tiepdan__Petition d;
  const Tiepdan__Petition *ps[3];
  struct capture c;
  char *s;
  char *l2;
  char *l3;
  char *l4;

  vietnam();
  a = accepted();
  b = accepted();
  b.days_remaining = -4;
  d = sample(3, "closed");
  d.status = TIEPDAN__STATUS__RESOLVED;
  /* Days without a deadline mean nothing: LEFT stays "-". */
  d.has_days_remaining = 1;
  ps[0] = &a;
  ps[1] = &b;
  ps[2] = &d;
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_TABLE, ps, 3, 0, 1);
  s = capture_end(&c);
  l2 = strchr(s, '\n') + 1;
  l3 = strchr(l2, '\n') + 1;
  l4 = strchr(l3, '\n') + 1;
  ASSERT(strstr(s, "  STATUS    DEADLINE    LEFT  UNIT     SUMMARY\n") != NULL);
  ASSERT(strstr(l2, "  accepted  2026-03-16  23    2600101  x\n") != NULL);
  ASSERT(strstr(l3, "  accepted  2026-03-16  -4    2600101  x\n") != NULL);
  ASSERT(strstr(l4, "  resolved  -           -     2600101  closed\n") != NULL);
  free(s);
}

static void test_transition_line_then_the_petition(void)
{
  Tiepdan__TransitionReply r = TIEPDAN__TRANSITION_REPLY__INIT;
  Tiepdan__Event e = TIEPDAN__EVENT__INIT;
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  r.petition = &p;
  r.event = &e;
  e.has_from_status = 1;
  e.from_status = TIEPDAN__STATUS__RECEIVED;
  e.has_to_status = 1;
  e.to_status = TIEPDAN__STATUS__ACCEPTED;
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__ACCEPT, -1, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "BL-2026-000001: received \xe2\x86\x92 accepted (deadline "
                   "2026-03-16, 23 days left)\n\nReceipt:        "
                   "BL-2026-000001\n"));
  free(s);
  /* Without an event, the status read before the change stands in. */
  r.event = NULL;
  p.days_remaining = -1;
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__ACCEPT,
                       TIEPDAN__STATUS__RECEIVED, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "BL-2026-000001: received \xe2\x86\x92 accepted (deadline "
                   "2026-03-16, overdue by 1 day)\n"));
  free(s);
  p.days_remaining = 1;
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__ACCEPT,
                       TIEPDAN__STATUS__RECEIVED, &r);
  s = capture_end(&c);
  ASSERT(strstr(s, "(deadline 2026-03-16, 1 day left)\n") != NULL);
  free(s);
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_JSON, TIEPDAN__ACTION__ACCEPT, -1, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "{\"id\":1,"));
  free(s);
}

static void test_transition_line_for_notes_extensions_and_closing(void)
{
  Tiepdan__TransitionReply r = TIEPDAN__TRANSITION_REPLY__INIT;
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  p = accepted();
  p.status = TIEPDAN__STATUS__IN_PROGRESS;
  p.has_days_remaining = 0;
  r.petition = &p;
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__NOTE,
                       TIEPDAN__STATUS__IN_PROGRESS, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "BL-2026-000001: note added, still in_progress (deadline "
                   "2026-03-16)\n"));
  free(s);
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__EXTEND,
                       TIEPDAN__STATUS__IN_PROGRESS, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "BL-2026-000001: deadline extended, still in_progress"));
  free(s);
  p.status = TIEPDAN__STATUS__RESOLVED;
  p.deadline = NULL;
  capture_begin(&c);
  td_output_transition(c.f, TD_FORMAT_TABLE, TIEPDAN__ACTION__RESOLVE,
                       TIEPDAN__STATUS__IN_PROGRESS, &r);
  s = capture_end(&c);
  ASSERT(starts(s, "BL-2026-000001: in_progress \xe2\x86\x92 resolved\n\n"));
  free(s);
}

static Tiepdan__Event event(int64_t seq, const char *action, int from, int to,
                            const char *note)
{
  Tiepdan__Event e = TIEPDAN__EVENT__INIT;

  e.has_seq = 1;
  e.seq = seq;
  e.has_petition_id = 1;
  e.petition_id = 1;
  e.has_at = 1;
  e.at = 1772695800 + seq * 86400;
  e.actor = "Nguyễn Thị Hoa";
  e.actor_role = "reception";
  e.action = (char *)action;
  e.has_from_status = from >= 0;
  e.from_status = from;
  e.has_to_status = to >= 0;
  e.to_status = to;
  e.note = (char *)note;
  return e;
}

static void test_history_table(void)
{
  Tiepdan__HistoryReply h = TIEPDAN__HISTORY_REPLY__INIT;
  Tiepdan__Event ev[3];
  Tiepdan__Event *evs[3];
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  vietnam();
  p = accepted();
  h.petition = &p;
  ev[0] = event(1, "submit", -1, TIEPDAN__STATUS__RECEIVED, NULL);
  ev[1] = event(2, "accept", TIEPDAN__STATUS__RECEIVED,
                TIEPDAN__STATUS__ACCEPTED, "Hồ sơ đủ\ndòng hai");
  ev[0].changes = "{ }";
  ev[2] = event(3, "recompute", TIEPDAN__STATUS__ACCEPTED,
                TIEPDAN__STATUS__ACCEPTED, NULL);
  ev[2].actor_role = NULL;
  ev[2].actor = "system";
  ev[2].changes = "{\"deadline\":\"2026-03-17\"}";
  evs[0] = &ev[0];
  evs[1] = &ev[1];
  evs[2] = &ev[2];
  h.events = evs;
  h.n_events = 3;
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_TABLE, &h);
  s = capture_end(&c);
  ASSERT(starts(s, "Petition BL-2026-000001, now accepted\n\n"));
  ASSERT(strstr(s,
                "SEQ  TIME              ACTOR                       "
                "ACTION     FROM \xe2\x86\x92 TO            NOTE\n") != NULL);
  ASSERT(strstr(s, "\n1    2026-03-06 14:30  Nguyễn Thị Hoa (reception)  "
                   "submit     \xe2\x86\x92 received\n") != NULL);
  /* A note's second line and the changes line up under NOTE. */
  ASSERT(strstr(s, "accept     received \xe2\x86\x92 accepted  Hồ sơ đủ\n"
                   /* 5 + 18 + 28 + 11 + 21 columns before NOTE. */
                   "                                                  "
                   "                                 dòng hai\n") != NULL);
  /* The changes in words: a label, the day as the officer reads it. */
  ASSERT(strstr(s, "\n3    2026-03-08 14:30  system                      "
                   "recompute  accepted             changes: "
                   "Deadline: 2026-03-17\n") != NULL);
  free(s);
  /* The server's names, times on Vietnam's clock, yes and no; the status
   * (in its own column) and the rule's id left out; what is no flat object
   * shown as sent. */
  ev[2].changes =
      "{\"status\": \"resolved\", \"outcome\": \"answered_in_writing\", "
      "\"closed_at\": \"2026-12-02T04:54:01+07:00\", \"complex\": true, "
      "\"deadline_rule_id\": 12}";
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_TABLE, &h);
  s = capture_end(&c);
  ASSERT(strstr(s, "changes: Outcome: answered_in_writing; Closed on: "
                   "2026-12-02 04:54; Complex: yes\n") != NULL);
  free(s);
  ev[2].changes = "{\"merged\": {\"from\": 1}}";
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_TABLE, &h);
  s = capture_end(&c);
  ASSERT(strstr(s, "changes: {\"merged\": {\"from\": 1}}\n") != NULL);
  free(s);
  ev[2].changes = "{\"deadline\":\"2026-03-17\"}";
  h.n_events = 0;
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_TABLE, &h);
  s = capture_end(&c);
  ASSERT(strstr(s, "No events recorded.\n") != NULL);
  free(s);
}

static void test_history_csv_and_json(void)
{
  Tiepdan__HistoryReply h = TIEPDAN__HISTORY_REPLY__INIT;
  Tiepdan__Event ev[2];
  Tiepdan__Event *evs[2];
  Tiepdan__Petition p;
  struct capture c;
  char *s;

  vietnam();
  p = accepted();
  h.petition = &p;
  ev[0] = event(1, "submit", -1, TIEPDAN__STATUS__RECEIVED, NULL);
  ev[1] = event(2, "recompute", TIEPDAN__STATUS__ACCEPTED,
                TIEPDAN__STATUS__ACCEPTED, "x, y");
  ev[1].changes = "{\"deadline\":\"2026-03-17\"}";
  evs[0] = &ev[0];
  evs[1] = &ev[1];
  h.events = evs;
  h.n_events = 2;
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_CSV, &h);
  s = capture_end(&c);
  ASSERT(starts(s, "seq,petition_id,receipt_no,at,actor,actor_role,action,"
                   "from_status,to_status,note,changes\r\n1,1,"
                   "BL-2026-000001,2026-03-06T14:30:00+07:00,"));
  ASSERT(strstr(s, ",submit,,received,,\r\n") != NULL);
  ASSERT(strstr(s, ",recompute,accepted,accepted,\"x, y\","
                   "\"{\"\"deadline\"\":\"\"2026-03-17\"\"}\"\r\n") != NULL);
  free(s);
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_JSON, &h);
  s = capture_end(&c);
  ASSERT(starts(s, "[\n{\"seq\":1,\"petition_id\":1,\"receipt_no\":"));
  ASSERT(strstr(s, "\"from_status\":null,\"to_status\":\"received\"") != NULL);
  ASSERT(
      strstr(s,
             "\"changes\":\"{\\\"deadline\\\":\\\"2026-03-17\\\"}\"}\n]\n") !=
      NULL);
  free(s);
  h.n_events = 0;
  capture_begin(&c);
  td_output_history(c.f, TD_FORMAT_JSON, &h);
  s = capture_end(&c);
  ASSERT_STR_EQ(s, "[]\n");
  free(s);
}

/* The list without --wide: receipt, day received as officers write it,
 * kind and status by the server's names, the due day, the summary; every
 * line within 80 columns when the terminal's width is unknown, the
 * terminal's width when known. */
static void test_short_list_fits_80_columns(void)
{
  static const char long_text[] =
      "\xc4\x90\xe1\xbb\x81 ngh\xe1\xbb\x8b xem x\xc3\xa9t l\xe1\xba\xa1i "
      "ranh gi\xe1\xbb\x9bi th\xe1\xbb\xad"
      "a \xc4\x91\xe1\xba\xa5t s\xe1\xbb\x91 120 gi\xe1\xbb\xaf"
      "a hai h\xe1\xbb\x99 \xe1\xbb\x9f th\xc3\xb4n \xc4\x90\xc3\xb4ng";
  Tiepdan__HelloReply h = TIEPDAN__HELLO_REPLY__INIT;
  Tiepdan__Term kind = TIEPDAN__TERM__INIT;
  Tiepdan__Term status = TIEPDAN__TERM__INIT;
  Tiepdan__Term *terms[2];
  Tiepdan__Petition a;
  Tiepdan__Petition b;
  const Tiepdan__Petition *ps[2];
  struct capture c;
  char *s;
  char *line;
  char *next;

  vietnam();
  kind.vocabulary = "kind";
  kind.code = "complaint";
  kind.name_vi = "Khi\xe1\xba\xbfu n\xe1\xba\xa1i";
  kind.name_en = "Complaint";
  status.vocabulary = "status";
  status.code = "accepted";
  status.name_vi = "\xc4\x90\xc3\xa3 th\xe1\xbb\xa5 l\xc3\xbd";
  status.name_en = "Accepted";
  terms[0] = &kind;
  terms[1] = &status;
  h.terms = terms;
  h.n_terms = 2;
  a = accepted();
  a.summary = (char *)long_text;
  b = sample(2, "short");
  ps[0] = &a;
  ps[1] = &b;
  td_output_set_terms(&h);
  td_lang_set("vi");
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_TABLE, ps, 2, 0, 0);
  s = capture_end(&c);
  td_lang_set("en");
  td_output_set_terms(NULL);
  ASSERT(strncmp(s, "RECEIPT        RECEIVED   KIND", 30) == 0);
  /* The kind in the client's short form for the narrow column (its
   * English source here: the test has no catalog), the status by the
   * server's name (Vietnamese here), days as dd/mm/yyyy, no id, no unit. */
  ASSERT(strstr(s, "BL-2026-000001 05/03/2026 Complaint "
                   "\xc4\x90\xc3\xa3 th\xe1\xbb\xa5 l\xc3\xbd") != NULL);
  ASSERT(strstr(s, " 16/03/2026 ") != NULL);
  ASSERT(strstr(s, "2600101") == NULL);
  /* A code the server does not name is shown as the code. */
  ASSERT(strstr(s, " received ") != NULL);
  /* The long summary was cut to fit. */
  ASSERT(strstr(s, "\xe2\x80\xa6") != NULL);
  for (line = s; *line != '\0'; line = next + 1) {
    next = strchr(line, '\n');
    ASSERT_NOT_NULL(next);
    *next = '\0';
    ASSERT(td_utf8_width(line) <= 80);
  }
  free(s);
  capture_begin(&c);
  td_output_list(c.f, TD_FORMAT_TABLE, ps, 2, 100, 0);
  s = capture_end(&c);
  line = strchr(s, '\n') + 1;
  *strchr(line, '\n') = '\0';
  ASSERT_EQ(td_utf8_width(line), 100);
  free(s);
}

static void test_show_notes(void)
{
  Tiepdan__HistoryReply h = TIEPDAN__HISTORY_REPLY__INIT;
  Tiepdan__Event ev[4];
  Tiepdan__Event *evs[4];
  struct capture c;
  char *s;
  size_t i;

  vietnam();
  for (i = 0; i < 3; i++) {
    tiepdan__event__init(&ev[i]);
    ev[i].has_at = 1;
    ev[i].at = 1772695800 + (int64_t)i * 3600;
    ev[i].actor = "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Hoa";
    evs[i] = &ev[i];
  }
  ev[0].action = "submit";
  ev[1].action = "note";
  ev[1].note = "\xc4\x90\xc3\xa3 g\xe1\xbb\x8di \xc4\x91i\xe1\xbb\x87n";
  ev[2].action = "note";
  ev[2].redacted = 1;
  /* A step recorded with a note (the answer given with resolve) is shown
   * with its step; a step without one is not. */
  ev[3] = ev[0];
  ev[3].action = "resolve";
  ev[3].at = ev[2].at + 3600;
  ev[3].note = "Trả lời";
  evs[3] = &ev[3];
  h.events = evs;
  h.n_events = 4;
  capture_begin(&c);
  td_output_notes(c.f, (const Tiepdan__Event *const *)h.events, h.n_events);
  s = capture_end(&c);
  ASSERT(starts(
      s, "\nNotes:\n  2026-03-05 15:30  Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b "
         "Hoa:\n    \xc4\x90\xc3\xa3 g\xe1\xbb\x8di \xc4\x91i\xe1\xbb\x87n\n"));
  ASSERT(
      strstr(
          s,
          "16:30  Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Hoa:\n    (withheld)\n") !=
      NULL);
  ASSERT(strstr(s, "17:30  Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Hoa (resolve):\n"
                   "    Trả lời\n") != NULL);
  ASSERT(strstr(s, "(submit)") == NULL);
  free(s);
  /* No notes: nothing at all. */
  h.n_events = 1;
  capture_begin(&c);
  td_output_notes(c.f, (const Tiepdan__Event *const *)h.events, h.n_events);
  s = capture_end(&c);
  ASSERT_STR_EQ(s, "");
  free(s);
}

int main(void)
{
  /* Labels and times as an English reader sees them (no catalog here). */
  td_lang_set("en");
  RUN_TEST(test_format_names);
  RUN_TEST(test_earlier_petitions_follow_the_receipt);
  RUN_TEST(test_show_withholds_the_visit_and_shows_the_finding);
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
  RUN_TEST(test_short_list_fits_80_columns);
  RUN_TEST(test_show_notes);
  RUN_TEST(test_show_has_the_deadline_and_its_step);
  RUN_TEST(test_show_says_how_overdue);
  RUN_TEST(test_explanation_goes_under_a_heading);
  RUN_TEST(test_json_and_csv_carry_the_new_fields);
  RUN_TEST(test_list_shows_deadline_and_days_left);
  RUN_TEST(test_transition_line_then_the_petition);
  RUN_TEST(test_transition_line_for_notes_extensions_and_closing);
  RUN_TEST(test_history_table);
  RUN_TEST(test_history_csv_and_json);
  return TEST_EXIT();
}
