/* Holiday files: CSV and iCalendar as administrators get them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "input/holidays.h"

static char err[512];

static int parse(const char *text, unsigned year, struct td_holidays *h)
{
  return td_holidays_parse(text, strlen(text), "h", year, h, err, sizeof(err));
}

static void test_csv_with_header_comments_and_quotes(void)
{
  static const char text[] = "# Ngày lễ 2026\n"
                             "date,name\n"
                             "\n"
                             "2026-09-02,\"Quốc khánh, ngày 1\"\n"
                             "  2026-01-01 , Tết Dương lịch  \n"
                             "2026-04-30,\"Ngày \"\"Giải phóng\"\"\"\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT(!h.ical);
  ASSERT_EQ(h.n, 3);
  /* Sorted by date, whatever the file's order. */
  ASSERT_STR_EQ(h.v[0].date, "2026-01-01");
  ASSERT_STR_EQ(h.v[0].name, "Tết Dương lịch");
  ASSERT_EQ(h.v[0].line, 5);
  ASSERT_STR_EQ(h.v[1].date, "2026-04-30");
  ASSERT_STR_EQ(h.v[1].name, "Ngày \"Giải phóng\"");
  ASSERT_STR_EQ(h.v[2].name, "Quốc khánh, ngày 1");
  td_holidays_free(&h);
}

static void test_csv_crlf_bom_semicolons_and_no_header(void)
{
  static const char text[] = "\xef\xbb\xbf"
                             "2026-04-30;Giải phóng miền Nam\r\n"
                             "2026-05-01;\"Quốc tế Lao động; 1/5\"\r\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT_EQ(h.n, 2);
  ASSERT_STR_EQ(h.v[0].name, "Giải phóng miền Nam");
  ASSERT_STR_EQ(h.v[1].date, "2026-05-01");
  ASSERT_STR_EQ(h.v[1].name, "Quốc tế Lao động; 1/5");
  td_holidays_free(&h);
}

static void test_csv_date_outside_the_year_names_the_line(void)
{
  static const char text[] = "2026-01-01,Tết Dương lịch\n"
                             "2025-12-31,Giao thừa\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), -1);
  ASSERT(strncmp(err, "h:2: 2025-12-31 is not in 2026", 30) == 0);
  td_holidays_free(&h);
}

static void test_csv_malformed_lines(void)
{
  static const struct {
    const char *text;
    const char *error;
  } cases[] = {
      {"2026-01-01\n", "h:1: expected DATE,NAME"},
      {"2026-01-01,Tết,Dương lịch\n",
       "h:1: \"Dương lịch\" is not what a day is"},
      {"2026-01-01,a,nghỉ,b,c\n", "h:1: more than four fields"},
      {"2026-02-20,a,làm việc\n", "h:1: 2026-02-20 is a weekday"},
      {"2026-02-21,a,làm việc\n2026-02-21,b\n",
       "h:2: 2026-02-21 is listed both as a day off and as a working day"},
      {"2026-01-01,x\n01/05/2026,Lao động\n",
       "h:2: \"01/05/2026\" is not a date YYYY-MM-DD"},
      {"2026-02-30,x\n", "h:1: \"2026-02-30\" is not a date"},
      {"2026-01-01,\"Tết\n", "h:1: a quoted name has no closing quote"},
      {"2026-01-01,\"Tết\" x\n", "h:1: text after the closing quote"},
      {"2026-01-01,\n", "h:1: the holiday on 2026-01-01 has no name"},
      {"2026-01-01,T\xe9t\n", "h:1: the name of the holiday on 2026-01-01 "
                              "is not UTF-8"},
      {"2026-01-01,a\n2026-01-01,b\n",
       "h:2: 2026-01-01 is listed twice (also on line 1)"},
      {"# nothing\n\n", "h: no holidays found"},
      {"", "h: no holidays found"},
  };
  struct td_holidays h;
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    err[0] = '\0';
    if (parse(cases[i].text, 2026, &h) != -1 ||
        strncmp(err, cases[i].error, strlen(cases[i].error)) != 0)
      fprintf(stderr, "case %zu: got \"%s\"\n", i, err);
    ASSERT(strncmp(err, cases[i].error, strlen(cases[i].error)) == 0);
    td_holidays_free(&h);
  }
}

static void test_a_header_is_only_the_first_line(void)
{
  static const char text[] = "2026-01-01,Tết\nngày,tên\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), -1);
  ASSERT(strstr(err, "h:2: \"ngày\" is not a date") != NULL);
  td_holidays_free(&h);
}

static void test_text_with_nul_bytes_is_refused(void)
{
  static const char text[] = "2026-01-01,T\0t\n";
  struct td_holidays h;

  ASSERT_EQ(td_holidays_parse(text, sizeof(text) - 1, "h", 2026, &h, err,
                              sizeof(err)),
            -1);
  ASSERT_STR_EQ(err, "h: this is not a text file");
  td_holidays_free(&h);
}

/* Tết 2026: Saturday 14 February to Sunday 22 February, DTEND exclusive;
 * CRLF endings and a SUMMARY folded over two lines, as Google exports. */
static const char tet[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Asia/Ho_Chi_Minh\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0700\r\n"
    "TZOFFSETTO:+0700\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20260214\r\n"
    "DTEND;VALUE=DATE:20260223\r\n"
    "SUMMARY;LANGUAGE=vi:Tết Nguyên Đán\\, nghỉ \r\n"
    " liên tục\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "SUMMARY:Nhắc\r\n"
    "DTSTART:20250101\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART:20260902T000000\r\n"
    "SUMMARY:Quốc khánh\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static void test_ical_multi_day_event_gives_one_holiday_a_day(void)
{
  struct td_holidays h;
  size_t i;

  ASSERT_EQ(parse(tet, 2026, &h), 0);
  ASSERT(h.ical);
  ASSERT_EQ(h.n, 10);
  ASSERT_STR_EQ(h.v[0].date, "2026-02-14");
  ASSERT_STR_EQ(h.v[8].date, "2026-02-22");
  ASSERT_STR_EQ(h.v[9].date, "2026-09-02");
  ASSERT_STR_EQ(h.v[9].name, "Quốc khánh");
  for (i = 0; i < 9; i++) {
    /* Unfolded, unescaped, and not the alarm's SUMMARY. */
    ASSERT_STR_EQ(h.v[i].name, "Tết Nguyên Đán, nghỉ liên tục");
    ASSERT_EQ(h.v[i].line, 13);
  }
  td_holidays_free(&h);
}

static void test_ical_end_crosses_months_and_durations_count_days(void)
{
  static const char text[] = "BEGIN:VCALENDAR\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20260430\n"
                             "DTEND;VALUE=DATE:20260502\n"
                             "SUMMARY:30/4 - 1/5\n"
                             "END:VEVENT\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20261231\n"
                             "DURATION:P1D\n"
                             "SUMMARY:Cuối năm\n"
                             "END:VEVENT\n"
                             "END:VCALENDAR\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT_EQ(h.n, 3);
  ASSERT_STR_EQ(h.v[0].date, "2026-04-30");
  ASSERT_STR_EQ(h.v[1].date, "2026-05-01");
  ASSERT_STR_EQ(h.v[2].date, "2026-12-31");
  td_holidays_free(&h);
}

static void test_ical_overlapping_events_merge_cancelled_are_skipped(void)
{
  static const char text[] = "BEGIN:VCALENDAR\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20260901\n"
                             "DTEND;VALUE=DATE:20260903\n"
                             "SUMMARY:Quốc khánh\n"
                             "END:VEVENT\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20260902\n"
                             "SUMMARY:Ngày 2/9\n"
                             "END:VEVENT\n"
                             "BEGIN:VEVENT\n"
                             "STATUS:CANCELLED\n"
                             "DTSTART;VALUE=DATE:20260903\n"
                             "SUMMARY:Bỏ\n"
                             "END:VEVENT\n"
                             "END:VCALENDAR\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT_EQ(h.n, 2);
  ASSERT_STR_EQ(h.v[1].date, "2026-09-02");
  ASSERT_STR_EQ(h.v[1].name, "Quốc khánh");
  td_holidays_free(&h);
}

static void test_ical_event_reaching_into_another_year_is_refused(void)
{
  static const char text[] = "BEGIN:VCALENDAR\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20261231\n"
                             "DTEND;VALUE=DATE:20270102\n"
                             "SUMMARY:Tết Dương lịch\n"
                             "END:VEVENT\n"
                             "END:VCALENDAR\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), -1);
  ASSERT(strncmp(err, "h:3: 2027-01-01 is not in 2026", 30) == 0);
  td_holidays_free(&h);
}

static void test_ical_malformed(void)
{
  static const struct {
    const char *body;
    const char *error;
  } cases[] = {
      {"BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n",
       "h:2: the event has no DTSTART"},
      {"BEGIN:VEVENT\nDTSTART:20260101\nEND:VEVENT\n",
       "h:2: the event has no SUMMARY"},
      {"BEGIN:VEVENT\nDTSTART:2026-01-01\nSUMMARY:x\nEND:VEVENT\n",
       "h:3: DTSTART \"2026-01-01\" is not a date YYYYMMDD"},
      {"BEGIN:VEVENT\nDTSTART:20260105\nDTEND:20260105\nSUMMARY:x\n"
       "END:VEVENT\n",
       "h:4: DTEND is not after DTSTART"},
      {"BEGIN:VEVENT\nDTSTART:20260101\nDURATION:PT8H\nSUMMARY:x\n"
       "END:VEVENT\n",
       "h:4: DURATION \"PT8H\" is not whole days"},
      {"BEGIN:VEVENT\nDTSTART:20260101\nRRULE:FREQ=YEARLY\nSUMMARY:x\n"
       "END:VEVENT\n",
       "h:4: repeating events (RRULE, RDATE) are not supported"},
      {"BEGIN:VEVENT\nDTSTART:20260101\nSUMMARY:x\n", "h:2: the event that "
                                                      "begins here has no "
                                                      "END:VEVENT"},
      {"BEGIN:VEVENT\nthis is not a property\n",
       "h:3: not an iCalendar line NAME:VALUE"},
      {"BEGIN:VEVENT\nDTSTART:20260101\nSUMMARY:x\nEND:VCALENDAR\n",
       "h:5: END:VCALENDAR inside an event"},
      {"END:VCALENDAR\n", "h: no holidays found"},
  };
  struct td_holidays h;
  char text[512];
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    snprintf(text, sizeof(text), "BEGIN:VCALENDAR\n%s", cases[i].body);
    err[0] = '\0';
    if (parse(text, 2026, &h) != -1 ||
        strncmp(err, cases[i].error, strlen(cases[i].error)) != 0)
      fprintf(stderr, "case %zu: got \"%s\"\n", i, err);
    ASSERT(strncmp(err, cases[i].error, strlen(cases[i].error)) == 0);
    td_holidays_free(&h);
  }
}

static void test_ical_is_told_by_content_not_by_name(void)
{
  static const char text[] = "\n  \r\nbegin:vcalendar\n"
                             "BEGIN:VEVENT\nDTSTART:20260101T080000Z\n"
                             "DTEND:20260101T170000Z\nSUMMARY:Tết\n"
                             "END:VEVENT\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT(h.ical);
  /* A date-time end past midnight still ends with its own day. */
  ASSERT_EQ(h.n, 1);
  ASSERT_STR_EQ(h.v[0].date, "2026-01-01");
  td_holidays_free(&h);
}

static void test_request_carries_every_holiday(void)
{
  static const char text[] = "2026-04-30,A\n2026-01-01,B\n";
  struct td_holidays_req r;
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2026, &h), 0);
  ASSERT_EQ(td_holidays_request(&h, 2026, &r), 0);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS);
  ASSERT(r.env.load_holidays == &r.load);
  ASSERT(r.load.has_year && r.load.year == 2026);
  ASSERT_EQ(r.load.n_holidays, 2);
  ASSERT_STR_EQ(r.load.holidays[0]->date, "2026-01-01");
  ASSERT_STR_EQ(r.load.holidays[0]->name, "B");
  ASSERT_STR_EQ(r.load.holidays[1]->date, "2026-04-30");
  td_holidays_request_free(&r);
  td_holidays_free(&h);
}

/* The official 2027 of issue 11's test: Tết as a swap (Monday 15 February
 * off for Saturday 20 worked), each with its source; two-field lines mean
 * days off as before. */
static void test_csv_kind_and_source_fields(void)
{
  static const char text[] = "date;name;kind;source\n"
                             "2027-01-01;Tết Dương lịch\n"
                             "2027-02-15;Nghỉ bù;nghỉ;Thông báo 1/TB-BNV\n"
                             "2027-02-20;Làm bù cho 15/02;làm việc;"
                             "\"Thông báo 1/TB-BNV; mục 2\"\n"
                             "2027-02-27;Làm bù;Working\n";
  struct td_holidays_req r;
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2027, &h), 0);
  ASSERT_EQ(h.n, 4);
  ASSERT_EQ(h.v[0].working, 0);
  ASSERT(h.v[0].source == NULL);
  ASSERT_EQ(h.v[1].working, 0);
  ASSERT_STR_EQ(h.v[1].source, "Thông báo 1/TB-BNV");
  ASSERT_EQ(h.v[2].working, 1);
  ASSERT_STR_EQ(h.v[2].source, "Thông báo 1/TB-BNV; mục 2");
  ASSERT_EQ(h.v[3].working, 1);
  ASSERT_EQ(td_holidays_request(&h, 2027, &r), 0);
  ASSERT_EQ(r.load.n_holidays, 2);
  ASSERT_STR_EQ(r.load.holidays[0]->date, "2027-01-01");
  ASSERT_STR_EQ(r.load.holidays[1]->date, "2027-02-15");
  ASSERT_STR_EQ(r.load.holidays[1]->source, "Thông báo 1/TB-BNV");
  ASSERT_EQ(r.load.n_working_days, 2);
  ASSERT_STR_EQ(r.load.working_days[0]->date, "2027-02-20");
  ASSERT_STR_EQ(r.load.working_days[1]->date, "2027-02-27");
  td_holidays_request_free(&r);
  td_holidays_free(&h);
}

/* iCalendar: X-TIEPDAN-KIND and X-TIEPDAN-SOURCE, which other calendars
 * ignore. */
static void test_ical_working_days_and_sources(void)
{
  static const char text[] = "BEGIN:VCALENDAR\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20270220\n"
                             "SUMMARY:Làm bù\n"
                             "X-TIEPDAN-KIND:WORKING\n"
                             "X-TIEPDAN-SOURCE:Thông báo 1/TB-BNV\\, mục 2\n"
                             "END:VEVENT\n"
                             "BEGIN:VEVENT\n"
                             "DTSTART;VALUE=DATE:20270215\n"
                             "SUMMARY:Nghỉ bù\n"
                             "X-TIEPDAN-KIND:OFF\n"
                             "END:VEVENT\n"
                             "END:VCALENDAR\n";
  static const char bad[] = "BEGIN:VCALENDAR\n"
                            "BEGIN:VEVENT\n"
                            "DTSTART;VALUE=DATE:20270220\n"
                            "SUMMARY:x\n"
                            "X-TIEPDAN-KIND:HALF\n"
                            "END:VEVENT\n"
                            "END:VCALENDAR\n";
  struct td_holidays h;

  ASSERT_EQ(parse(text, 2027, &h), 0);
  ASSERT_EQ(h.n, 2);
  ASSERT_STR_EQ(h.v[0].date, "2027-02-15");
  ASSERT_EQ(h.v[0].working, 0);
  ASSERT_STR_EQ(h.v[1].date, "2027-02-20");
  ASSERT_EQ(h.v[1].working, 1);
  ASSERT_STR_EQ(h.v[1].source, "Thông báo 1/TB-BNV, mục 2");
  td_holidays_free(&h);
  ASSERT_EQ(parse(bad, 2027, &h), -1);
  ASSERT(strncmp(err, "h:5: X-TIEPDAN-KIND is OFF", 26) == 0);
  td_holidays_free(&h);
}

static void test_read_names_the_file(void)
{
  char path[] = "/tmp/test_client_holidays.XXXXXX";
  struct td_holidays h;
  FILE *f;
  int fd;

  fd = mkstemp(path);
  ASSERT(fd >= 0);
  f = fdopen(fd, "w");
  fputs("2026-01-01,Tết\n2027-01-01,Tết\n", f);
  fclose(f);
  ASSERT_EQ(td_holidays_read(path, 2026, &h, err, sizeof(err)), -1);
  td_holidays_free(&h);
  ASSERT(strncmp(err, path, strlen(path)) == 0);
  ASSERT(strstr(err, ":2: 2027-01-01 is not in 2026") != NULL);
  ASSERT_EQ(td_holidays_read(path, 2027, &h, err, sizeof(err)), -1);
  td_holidays_free(&h);
  unlink(path);
  ASSERT_EQ(td_holidays_read(path, 2026, &h, err, sizeof(err)), -1);
  ASSERT(strstr(err, "no such file") != NULL);
  td_holidays_free(&h);
}

int main(void)
{
  RUN_TEST(test_csv_with_header_comments_and_quotes);
  RUN_TEST(test_csv_crlf_bom_semicolons_and_no_header);
  RUN_TEST(test_csv_date_outside_the_year_names_the_line);
  RUN_TEST(test_csv_malformed_lines);
  RUN_TEST(test_a_header_is_only_the_first_line);
  RUN_TEST(test_csv_kind_and_source_fields);
  RUN_TEST(test_ical_working_days_and_sources);
  RUN_TEST(test_text_with_nul_bytes_is_refused);
  RUN_TEST(test_ical_multi_day_event_gives_one_holiday_a_day);
  RUN_TEST(test_ical_end_crosses_months_and_durations_count_days);
  RUN_TEST(test_ical_overlapping_events_merge_cancelled_are_skipped);
  RUN_TEST(test_ical_event_reaching_into_another_year_is_refused);
  RUN_TEST(test_ical_malformed);
  RUN_TEST(test_ical_is_told_by_content_not_by_name);
  RUN_TEST(test_request_carries_every_holiday);
  RUN_TEST(test_read_names_the_file);
  return TEST_EXIT();
}
