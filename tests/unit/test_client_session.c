/* Reception sessions and holiday loading: command lines and what prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "cmd/admin_holidays.h"
#include "cmd/session.h"
#include "render/output.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

static void test_open_needs_type_and_chair(void)
{
  char *no_type[] = {"--title", "t", "--presided-by", "p"};
  char *no_title[] = {"--type", "regular", "--presided-by", "p"};
  char *no_chair[] = {"--type", "regular", "--title", "t"};
  char *blank_title[] = {"--type", "regular", "--title", " "};
  char *bad_type[] = {"--type", ""};
  char *word[] = {"12"};
  struct td_session_open_args a;

  ASSERT_EQ(td_cmd_parse_session_open(4, no_type, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "--type is required, e.g. --type regular");
  /* A regular reception needs no title. */
  ASSERT_EQ(td_cmd_parse_session_open(4, no_title, &a, err, sizeof(err)), 0);
  ASSERT_NULL(a.title);
  ASSERT_EQ(td_cmd_parse_session_open(4, blank_title, &a, err, sizeof(err)),
            -1);
  ASSERT_STR_EQ(err, "--title is empty; write the text after it");
  ASSERT_EQ(td_cmd_parse_session_open(4, no_chair, &a, err, sizeof(err)), -1);
  ASSERT(strncmp(err, "--presided-by is required", 25) == 0);
  ASSERT_EQ(td_cmd_parse_session_open(2, bad_type, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "--type must be one of regular, periodic, adhoc, "
                     "delegated, dialogue, voters, supervision, criticism, "
                     "not \"\"");
  ASSERT_EQ(td_cmd_parse_session_open(1, word, &a, err, sizeof(err)), -1);
}

static void test_open_request(void)
{
  char *argv[] = {"--type",          "voters",        "--title",
                  "Tiếp xúc cử tri", "--presided-by", "Nguyễn Văn Bình",
                  "--unit",          "03390",         "--at",
                  "2026-03-05 14:00"};
  struct td_session_open_args a;
  struct td_session_open_req r;

  vietnam();
  ASSERT_EQ(td_cmd_parse_session_open(ARGC(argv), argv, &a, err, sizeof(err)),
            0);
  td_cmd_session_open_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_OPEN_SESSION);
  ASSERT(r.env.open_session == &r.open);
  ASSERT(r.open.has_type);
  ASSERT_EQ(r.open.type, TIEPDAN__SESSION_TYPE__VOTERS_MEETING);
  ASSERT_STR_EQ(r.open.title, "Tiếp xúc cử tri");
  ASSERT_STR_EQ(r.open.presided_by, "Nguyễn Văn Bình");
  ASSERT_STR_EQ(r.open.unit_code, "03390");
  ASSERT(r.open.has_at && r.open.at == 1772694000);
}

static void test_close_request_carries_the_figures(void)
{
  char *argv[] = {
      "12", "--attendees", "40", "--opinions", "7",  "--resolved-on-spot",
      "5",  "--forwarded", "2",  "--note",     "Yên"};
  char *partial[] = {"12", "--opinions", "0"};
  struct td_session_close_args a;
  struct td_session_close_req r;

  ASSERT_EQ(td_cmd_parse_session_close(ARGC(argv), argv, &a, err, sizeof(err)),
            0);
  td_cmd_session_close_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION);
  ASSERT(r.close.has_session_id && r.close.session_id == 12);
  ASSERT(r.close.has_attendees && r.close.attendees == 40);
  ASSERT(r.close.has_opinions && r.close.opinions == 7);
  ASSERT(r.close.has_resolved_on_spot && r.close.resolved_on_spot == 5);
  ASSERT(r.close.has_forwarded && r.close.forwarded == 2);
  ASSERT_STR_EQ(r.close.note, "Yên");
  ASSERT(!r.close.has_at);
  /* A figure not given is not sent as zero; zero given is. */
  ASSERT_EQ(td_cmd_parse_session_close(3, partial, &a, err, sizeof(err)), 0);
  td_cmd_session_close_request(&a, &r);
  ASSERT(!r.close.has_attendees);
  ASSERT(r.close.has_opinions && r.close.opinions == 0);
}

static void test_close_errors(void)
{
  char *none[] = {"--attendees", "4"};
  char *bad_id[] = {"S12"};
  char *two[] = {"12", "13"};
  char *negative[] = {"12", "--attendees", "-4"};
  char *huge[] = {"12", "--opinions", "99999999999"};
  struct td_session_close_args a;

  ASSERT_EQ(td_cmd_parse_session_close(2, none, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "give the session's number") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(1, bad_id, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "SESSION_ID must be") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(2, two, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_session_close(3, negative, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_session_close(3, huge, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--opinions must be a number from 0") != NULL);
}

/* Every type an officer may type: the short words, the wire codes. */
static void test_open_takes_every_type(void)
{
  static const struct {
    const char *word;
    int type;
  } cases[] = {
      {"regular", TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION},
      {"periodic", TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION},
      {"adhoc", TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION},
      {"delegated", TIEPDAN__SESSION_TYPE__DELEGATED_RECEPTION},
      {"dialogue", TIEPDAN__SESSION_TYPE__DIALOGUE},
      {"voters", TIEPDAN__SESSION_TYPE__VOTERS_MEETING},
      {"supervision", TIEPDAN__SESSION_TYPE__SUPERVISION},
      {"criticism", TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM},
      {"adhoc_reception", TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION},
      {"delegated_reception", TIEPDAN__SESSION_TYPE__DELEGATED_RECEPTION},
      {"social_criticism", TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM},
      {"periodic_reception", TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION},
  };
  struct td_session_open_args a;
  struct td_session_list_args l;
  size_t i;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *argv[] = {"--type", (char *)cases[i].word, "--presided-by", "p"};

    ASSERT_EQ(td_cmd_parse_session_open(4, argv, &a, err, sizeof(err)), 0);
    ASSERT_EQ(a.type, cases[i].type);
    ASSERT_EQ(td_cmd_parse_session_list(2, argv, &l, err, sizeof(err)), 0);
    ASSERT_EQ(l.type, cases[i].type);
  }
}

static void test_open_number_and_theme(void)
{
  char *periodic[] = {"--type",   "periodic", "--presided-by", "p",
                      "--number", "3",        "--theme",       "Đất đai"};
  char *adhoc[] = {"--type", "adhoc", "--presided-by", "p", "--number", "1"};
  char *dialogue[] = {"--type", "dialogue", "--presided-by",
                      "p",      "--number", "2"};
  char *zero[] = {"--type", "periodic", "--presided-by", "p", "--number", "0"};
  char *huge[] = {"--type", "periodic", "--presided-by",
                  "p",      "--number", "1001"};
  char *word[] = {"--type", "periodic", "--presided-by", "p", "--number", "ba"};
  char *blank[] = {"--type", "dialogue", "--presided-by", "p", "--theme", " "};
  char *none[] = {"--type", "periodic", "--presided-by", "p"};
  struct td_session_open_args a;
  struct td_session_open_req r;

  ASSERT_EQ(td_cmd_parse_session_open(8, periodic, &a, err, sizeof(err)), 0);
  td_cmd_session_open_request(&a, &r);
  ASSERT(r.open.has_number && r.open.number == 3);
  ASSERT_STR_EQ(r.open.theme, "Đất đai");
  ASSERT_EQ(td_cmd_parse_session_open(6, adhoc, &a, err, sizeof(err)), 0);
  td_cmd_session_open_request(&a, &r);
  ASSERT(r.open.has_number && r.open.number == 1);
  ASSERT_NULL(r.open.theme);
  /* Without --number a periodic reception leaves it to the server. */
  ASSERT_EQ(td_cmd_parse_session_open(4, none, &a, err, sizeof(err)), 0);
  td_cmd_session_open_request(&a, &r);
  ASSERT(!r.open.has_number);
  ASSERT_EQ(td_cmd_parse_session_open(6, dialogue, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "--number is only for a periodic or ad hoc reception "
                     "(kỳ tiếp số)");
  ASSERT_EQ(td_cmd_parse_session_open(6, zero, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--number must be a session number from 1") != NULL);
  ASSERT_EQ(td_cmd_parse_session_open(6, huge, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_session_open(6, word, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_session_open(6, blank, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "--theme is empty; write the text after it");
}

static void test_close_groups(void)
{
  char *ok[] = {"12", "--attendees",    "40", "--groups",
                "2",  "--group-people", "15"};
  char *none[] = {"12", "--groups", "0"};
  char *people_only[] = {"12", "--attendees", "40", "--group-people", "5"};
  char *groups_only[] = {"12", "--attendees", "40", "--groups", "1"};
  char *fewer[] = {"12", "--attendees",    "40", "--groups",
                   "3",  "--group-people", "2"};
  char *more[] = {"12", "--attendees",    "10", "--groups",
                  "1",  "--group-people", "11"};
  char *no_att[] = {"12", "--groups", "1", "--group-people", "6"};
  struct td_session_close_args a;
  struct td_session_close_req r;

  ASSERT_EQ(td_cmd_parse_session_close(7, ok, &a, err, sizeof(err)), 0);
  td_cmd_session_close_request(&a, &r);
  ASSERT(r.close.has_groups && r.close.groups == 2);
  ASSERT(r.close.has_group_people && r.close.group_people == 15);
  ASSERT_EQ(td_cmd_parse_session_close(3, none, &a, err, sizeof(err)), 0);
  td_cmd_session_close_request(&a, &r);
  ASSERT(r.close.has_groups && r.close.groups == 0);
  ASSERT(!r.close.has_group_people);
  ASSERT_EQ(td_cmd_parse_session_close(5, people_only, &a, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "--group-people needs --groups") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(5, groups_only, &a, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "--groups needs --group-people") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(7, fewer, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "cannot be fewer than --groups") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(7, more, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "cannot be more than --attendees") != NULL);
  ASSERT_EQ(td_cmd_parse_session_close(5, no_att, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--group-people needs --attendees") != NULL);
}

static void test_list_request_takes_an_inclusive_day_range(void)
{
  char *argv[] = {"--type",     "dialogue", "--from",
                  "2026-03-01", "--to",     "2026-03-31"};
  char *order[] = {"--from", "2026-03-02", "--to", "2026-03-01"};
  struct td_session_list_args a;
  struct td_session_list_req r;

  vietnam();
  ASSERT_EQ(td_cmd_parse_session_list(ARGC(argv), argv, &a, err, sizeof(err)),
            0);
  td_cmd_session_list_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS);
  ASSERT(r.list.has_type && r.list.type == TIEPDAN__SESSION_TYPE__DIALOGUE);
  ASSERT(r.list.has_from && r.list.from == 1772298000);
  ASSERT(r.list.has_to && r.list.to == 1774976400);
  ASSERT_NULL(r.list.unit_code);
  ASSERT_EQ(td_cmd_parse_session_list(4, order, &a, err, sizeof(err)), -1);
}

static void test_holidays_load_takes_a_year_and_a_file(void)
{
  char *ok[] = {"2026", "h.csv"};
  char *one[] = {"2026"};
  char *year[] = {"26", "h.csv"};
  char *three[] = {"2026", "h.csv", "x"};
  struct td_holidays_args a;

  ASSERT_EQ(td_cmd_parse_holidays_load(2, ok, &a, err, sizeof(err)), 0);
  ASSERT_EQ(a.year, 2026);
  ASSERT_STR_EQ(a.file, "h.csv");
  ASSERT_EQ(td_cmd_parse_holidays_load(1, one, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "give the year and the file") != NULL);
  ASSERT_EQ(td_cmd_parse_holidays_load(2, year, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "YEAR must be a year") != NULL);
  ASSERT_EQ(td_cmd_parse_holidays_load(3, three, &a, err, sizeof(err)), -1);
}

static Tiepdan__Unit unit = TIEPDAN__UNIT__INIT;

static Tiepdan__Session sample(int64_t id, const char *title)
{
  Tiepdan__Session s = TIEPDAN__SESSION__INIT;

  unit.code = "03390";
  unit.name = "Xã Tam Dương";
  s.has_id = 1;
  s.id = id;
  s.unit = &unit;
  s.has_type = 1;
  s.type = TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION;
  s.title = (char *)title;
  s.presided_by = "Nguyễn Văn Bình";
  s.has_opened_at = 1;
  s.opened_at = 1772694000; /* 2026-03-05 14:00 in Vietnam. */
  return s;
}

static void test_opened_session_table_leads_with_its_number(void)
{
  Tiepdan__Session s;
  struct capture c;
  char *out;

  vietnam();
  s = sample(12, "Định kỳ tháng 3");
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_TABLE, &s, "opened");
  out = capture_end(&c);
  ASSERT(strncmp(out, "Session 12 opened.\n\nSession:        12\n", 38) == 0);
  ASSERT(strstr(out, "Type:           periodic_reception\n") != NULL);
  ASSERT(strstr(out, "Opened:         2026-03-05 14:00\n") != NULL);
  ASSERT(strstr(out, "Closed:         -\n") != NULL);
  ASSERT(strstr(out, "Unit:           03390 Xã Tam Dương\n") != NULL);
  free(out);
  /* A session without a title, as a server sends it: "". */
  s.title = "";
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_TABLE, &s, NULL);
  out = capture_end(&c);
  ASSERT(strncmp(out, "Session:        12\n", 19) == 0);
  ASSERT(strstr(out, "Title:          -\n") != NULL);
  free(out);
}

static void test_session_json_and_csv_use_wire_names(void)
{
  Tiepdan__Session s;
  struct capture c;
  char *out;

  vietnam();
  s = sample(12, "a, b");
  s.has_attendees = 1;
  s.attendees = 40;
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_JSON, &s, "opened");
  out = capture_end(&c);
  ASSERT(strncmp(out, "{\"id\":12,\"unit_code\":\"03390\",", 29) == 0);
  ASSERT(strstr(out, "\"type\":\"periodic_reception\"") != NULL);
  ASSERT(strstr(out, "\"opened_at\":\"2026-03-05T14:00:00+07:00\"") != NULL);
  ASSERT(strstr(out, "\"closed_at\":null") != NULL);
  ASSERT(strstr(out, "\"attendees\":40,\"opinions\":null") != NULL);
  ASSERT(strstr(out, "opened.") == NULL);
  free(out);
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_CSV, &s, NULL);
  out = capture_end(&c);
  ASSERT(strncmp(out, "id,unit_code,unit_name,type,title,", 34) == 0);
  ASSERT(strstr(out, "\r\n12,03390,") != NULL);
  ASSERT(strstr(out, ",\"a, b\",") != NULL);
  free(out);
}

static int starts(const char *s, const char *prefix)
{
  if (strncmp(s, prefix, strlen(prefix)) == 0)
    return 1;
  fprintf(stderr, "want: %s\ngot:  %.*s\n", prefix, (int)strlen(prefix), s);
  return 0;
}

static size_t column_at(const char *line, const char *cell)
{
  const char *p;
  size_t w;

  p = strstr(line, cell);
  if (p == NULL)
    return (size_t)-1;
  /* Counts columns, not bytes: each UTF-8 lead byte starts one. */
  for (w = 0; line < p; line++)
    if ((*line & 0xc0) != 0x80)
      w++;
  return w;
}

static void test_session_list_table_has_every_column(void)
{
  Tiepdan__Session a;
  Tiepdan__Session b;
  const Tiepdan__Session *ss[2];
  struct capture c;
  char *out;
  char *l2;
  char *l3;

  vietnam();
  a = sample(7, "Tiếp công dân định kỳ tháng 3 năm 2026 tại hội trường xã");
  b = sample(1012, "Đối thoại");
  b.type = TIEPDAN__SESSION_TYPE__DIALOGUE;
  b.has_closed_at = 1;
  b.closed_at = 1772704800; /* 17:00. */
  b.has_attendees = 1;
  b.attendees = 40;
  b.has_opinions = 1;
  b.opinions = 7;
  b.has_resolved_on_spot = 1;
  b.resolved_on_spot = 5;
  b.has_forwarded = 1;
  b.forwarded = 2;
  b.has_petitions = 1;
  b.petitions = 3;
  ss[0] = &a;
  ss[1] = &b;
  capture_begin(&c);
  td_output_sessions(c.f, TD_FORMAT_TABLE, ss, 2, 0);
  out = capture_end(&c);
  l2 = strchr(out, '\n') + 1;
  l3 = strchr(l2, '\n') + 1;
  ASSERT(starts(out,
                "ID    TYPE                OPENED            CLOSED            "
                "PRESIDED BY      ATTENDEES  OPINIONS  ON THE SPOT  "
                "FORWARDED  DELEGATIONS  PETITIONS  TITLE\n"));
  ASSERT(starts(l2,
                "7     periodic_reception  2026-03-05 14:00  -                 "
                "Nguyễn Văn Bình  -          -         -            "
                "-          -            -          Tiếp"));
  ASSERT(starts(l3, "1012  dialogue            2026-03-05 14:00  "
                    "2026-03-05 17:00  Nguyễn Văn Bình  40         7         "
                    "5            2          -            3          Đ"));
  ASSERT_EQ(column_at(l3, "40"), column_at(out, "ATTENDEES"));
  ASSERT_EQ(column_at(l3, "Đối thoại"), column_at(out, "TITLE"));
  /* Without a terminal the title gets 50 columns, cut with "…". */
  ASSERT(strstr(l2, "\xe2\x80\xa6\n") != NULL);
  free(out);
  capture_begin(&c);
  td_output_sessions(c.f, TD_FORMAT_TABLE, ss, 0, 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "No sessions found.\n");
  free(out);
  capture_begin(&c);
  td_output_sessions(c.f, TD_FORMAT_JSON, ss, 2, 0);
  out = capture_end(&c);
  ASSERT(strncmp(out, "[\n{\"id\":7,", 10) == 0);
  ASSERT(strstr(out, "},\n{\"id\":1012,") != NULL);
  ASSERT(strcmp(out + strlen(out) - 4, "}\n]\n") == 0);
  free(out);
}

static void test_session_shows_number_theme_and_delegations(void)
{
  Tiepdan__Session s;
  const Tiepdan__Session *ss[1];
  struct capture c;
  char *out;

  vietnam();
  s = sample(12, "Tiếp định kỳ");
  s.has_number = 1;
  s.number = 3;
  s.theme = "Đất đai";
  s.has_groups = 1;
  s.groups = 2;
  s.has_group_people = 1;
  s.group_people = 15;
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_TABLE, &s, NULL);
  out = capture_end(&c);
  ASSERT(strstr(out, "Number:         3\n") != NULL);
  ASSERT(strstr(out, "Theme:          Đất đai\n") != NULL);
  ASSERT(strstr(out, "Delegations:    2 (15 people)\n") != NULL);
  free(out);
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_JSON, &s, NULL);
  out = capture_end(&c);
  ASSERT(strstr(out, "\"number\":3,\"theme\":\"Đất đai\",\"groups\":2,"
                     "\"group_people\":15}") != NULL);
  free(out);
  ss[0] = &s;
  capture_begin(&c);
  td_output_sessions(c.f, TD_FORMAT_TABLE, ss, 1, 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "periodic_reception, no. 3") != NULL);
  ASSERT(strstr(out, "2 (15 people)") != NULL);
  ASSERT(strstr(out, "Tiếp định kỳ (theme: Đất đai)") != NULL);
  free(out);
  /* A session without them prints none of their rows. */
  s = sample(13, "Thường xuyên");
  capture_begin(&c);
  td_output_session(c.f, TD_FORMAT_TABLE, &s, NULL);
  out = capture_end(&c);
  ASSERT(strstr(out, "Number:") == NULL);
  ASSERT(strstr(out, "Theme:") == NULL);
  ASSERT(strstr(out, "Delegations:") == NULL);
  free(out);
}

static void test_holidays_loaded(void)
{
  Tiepdan__LoadHolidaysReply r = TIEPDAN__LOAD_HOLIDAYS_REPLY__INIT;
  struct capture c;
  char *out;

  r.has_year = 1;
  r.year = 2026;
  r.has_loaded = 1;
  r.loaded = 11;
  r.has_recomputed = 1;
  r.recomputed = 3;
  capture_begin(&c);
  td_output_holidays_loaded(c.f, TD_FORMAT_TABLE, 2026, &r);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "loaded 11 holidays for 2026; recomputed the deadline "
                     "of 3 open petitions\n");
  free(out);
  r.has_year = 0;
  r.loaded = 1;
  r.recomputed = 1;
  capture_begin(&c);
  td_output_holidays_loaded(c.f, TD_FORMAT_TABLE, 2027, &r);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "loaded 1 holiday for 2027; recomputed the deadline "
                     "of 1 open petition\n");
  free(out);
  capture_begin(&c);
  td_output_holidays_loaded(c.f, TD_FORMAT_JSON, 2027, &r);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "{\"year\":2027,\"loaded\":1,\"recomputed\":1}\n");
  free(out);
}

int main(void)
{
  /* Labels and times as an English reader sees them (no catalog here). */
  td_lang_set("en");
  RUN_TEST(test_open_needs_type_and_chair);
  RUN_TEST(test_open_request);
  RUN_TEST(test_close_request_carries_the_figures);
  RUN_TEST(test_close_errors);
  RUN_TEST(test_open_takes_every_type);
  RUN_TEST(test_open_number_and_theme);
  RUN_TEST(test_close_groups);
  RUN_TEST(test_list_request_takes_an_inclusive_day_range);
  RUN_TEST(test_holidays_load_takes_a_year_and_a_file);
  RUN_TEST(test_opened_session_table_leads_with_its_number);
  RUN_TEST(test_session_json_and_csv_use_wire_names);
  RUN_TEST(test_session_list_table_has_every_column);
  RUN_TEST(test_session_shows_number_theme_and_delegations);
  RUN_TEST(test_holidays_loaded);
  return TEST_EXIT();
}
