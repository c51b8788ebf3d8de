/* Statistics: the command line, the request, and what prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "test_client.h"
#include "cmd/field.h"
#include "cmd/stats.h"
#include "lang/lang.h"
#include "render/output.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[512];

/* 2026-04-15 10:00 in Vietnam. */
#define APRIL_15 ((int64_t)1776222000)
/* 2026-01-01 00:30 in Vietnam, still 2025-12-31 in UTC. */
#define NEW_YEAR ((int64_t)1767202200)

static int parse(int argc, char **argv, struct td_stats_args *a)
{
  return td_cmd_parse_stats(argc, argv, APRIL_15, a, err, sizeof(err));
}

/* Command line -----------------------------------------------------------*/

static void test_period_defaults_to_the_year_ending_this_month(void)
{
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(0, NULL, &a), 0);
  ASSERT_STR_EQ(a.from, "2025-05");
  ASSERT_STR_EQ(a.to, "2026-04");
  ASSERT_EQ(a.n_dims, 0);
  ASSERT_NULL(a.unit);
  ASSERT_NULL(a.level);
  /* The month is the local one: in Vietnam the year has already turned. */
  ASSERT_EQ(td_cmd_parse_stats(0, NULL, NEW_YEAR, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.to, "2026-01");
  ASSERT_STR_EQ(a.from, "2025-02");
}

static void test_from_defaults_to_eleven_months_before_to(void)
{
  char *to[] = {"--to", "2026-06"};
  char *early[] = {"--to", "2000-06"};
  char *from[] = {"--from", "2026-02"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(2, to, &a), 0);
  ASSERT_STR_EQ(a.from, "2025-07");
  ASSERT_STR_EQ(a.to, "2026-06");
  /* The server keeps nothing before 2000-01. */
  ASSERT_EQ(parse(2, early, &a), 0);
  ASSERT_STR_EQ(a.from, "2000-01");
  ASSERT_STR_EQ(a.to, "2000-06");
  ASSERT_EQ(parse(2, from, &a), 0);
  ASSERT_STR_EQ(a.from, "2026-02");
  ASSERT_STR_EQ(a.to, "2026-04");
}

static void test_months_may_be_given_as_days_or_years(void)
{
  char *years[] = {"--from", "2025", "--to", "2025"};
  char *days[] = {"--from=2026-02-28", "--to", "2026-03-01"};
  char *leap[] = {"--from", "2024-02-29", "--to", "2024-02"};
  char *one[] = {"--from", "2026-03", "--to", "2026-03"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(4, years, &a), 0);
  ASSERT_STR_EQ(a.from, "2025-01");
  ASSERT_STR_EQ(a.to, "2025-12");
  ASSERT_EQ(parse(3, days, &a), 0);
  ASSERT_STR_EQ(a.from, "2026-02");
  ASSERT_STR_EQ(a.to, "2026-03");
  ASSERT_EQ(parse(4, leap, &a), 0);
  ASSERT_STR_EQ(a.from, "2024-02");
  ASSERT_EQ(parse(4, one, &a), 0);
  ASSERT_STR_EQ(a.from, "2026-03");
  ASSERT_STR_EQ(a.to, "2026-03");
}

static void test_bad_months_are_usage_errors(void)
{
  static const char *const bad[] = {
      "2026-13",    "2026-00",    "2026-1",    "26-01",    "2026/01",
      "2026-02-30", "2025-02-29", "2026-01-1", "1999-12",  "2101-01",
      "202601",     "",           "abcd",      "2026-01 ", "2026-01-01x",
  };
  char *argv[2];
  struct td_stats_args a;
  size_t i;

  vietnam();
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    argv[0] = "--from";
    argv[1] = (char *)bad[i];
    ASSERT_EQ(parse(2, argv, &a), -1);
    ASSERT(strncmp(err, "--from must be a month YYYY-MM", 30) == 0);
    argv[0] = "--to";
    ASSERT_EQ(parse(2, argv, &a), -1);
    ASSERT(strncmp(err, "--to must be a month YYYY-MM", 28) == 0);
  }
  ASSERT(strstr(err, "not \"2026-01-01x\"") != NULL);
}

static void test_from_after_to_is_a_usage_error(void)
{
  char *both[] = {"--from", "2026-05", "--to", "2026-03"};
  char *years[] = {"--from", "2026", "--to", "2025-12-31"};
  char *future[] = {"--from", "2026-05"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(4, both, &a), -1);
  ASSERT_STR_EQ(err, "--from 2026-05 is after --to 2026-03");
  ASSERT_EQ(parse(4, years, &a), -1);
  ASSERT_STR_EQ(err, "--from 2026-01 is after --to 2025-12");
  /* Without --to the period ends this month. */
  ASSERT_EQ(parse(2, future, &a), -1);
  ASSERT_STR_EQ(err, "--from 2026-05 is after --to 2026-04 (the current "
                     "month); give --to as well");
}

static void test_by_keeps_the_order_given(void)
{
  char *commas[] = {"--by", "month,kind,unit"};
  char *repeated[] = {"--by", "status", "--by=Quarter, field", "--by", "unit"};
  char *all[] = {"--by", "unit,kind,channel,field,status,quarter"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(2, commas, &a), 0);
  ASSERT_EQ(a.n_dims, 3);
  ASSERT_EQ(a.dims[0], TIEPDAN__STAT_DIM__DIM_MONTH);
  ASSERT_EQ(a.dims[1], TIEPDAN__STAT_DIM__DIM_KIND);
  ASSERT_EQ(a.dims[2], TIEPDAN__STAT_DIM__DIM_UNIT);
  ASSERT_EQ(parse(5, repeated, &a), 0);
  ASSERT_EQ(a.n_dims, 4);
  ASSERT_EQ(a.dims[0], TIEPDAN__STAT_DIM__DIM_STATUS);
  ASSERT_EQ(a.dims[1], TIEPDAN__STAT_DIM__DIM_QUARTER);
  ASSERT_EQ(a.dims[2], TIEPDAN__STAT_DIM__DIM_FIELD);
  ASSERT_EQ(a.dims[3], TIEPDAN__STAT_DIM__DIM_UNIT);
  ASSERT_EQ(parse(2, all, &a), 0);
  ASSERT_EQ(a.n_dims, 6);
  ASSERT_EQ(a.dims[0], TIEPDAN__STAT_DIM__DIM_UNIT);
  ASSERT_EQ(a.dims[5], TIEPDAN__STAT_DIM__DIM_QUARTER);
}

static void test_bad_dimensions_are_usage_errors(void)
{
  char *unknown[] = {"--by", "month,week"};
  char *empty[] = {"--by", ""};
  char *hole[] = {"--by", "month,,kind"};
  char *trailing[] = {"--by", "month,"};
  char *twice[] = {"--by", "month", "--by", "kind,MONTH"};
  char *periods[] = {"--by", "year,kind", "--by", "month"};
  char *missing[] = {"--by"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(2, unknown, &a), -1);
  ASSERT_STR_EQ(err, "--by must name unit, kind, channel, field, status, "
                     "month, quarter or year, not \"week\"");
  ASSERT_EQ(parse(2, empty, &a), -1);
  ASSERT(strncmp(err, "--by has an empty name", 22) == 0);
  ASSERT_EQ(parse(2, hole, &a), -1);
  ASSERT(strncmp(err, "--by has an empty name", 22) == 0);
  ASSERT_EQ(parse(2, trailing, &a), -1);
  ASSERT(strncmp(err, "--by has an empty name", 22) == 0);
  ASSERT_EQ(parse(4, twice, &a), -1);
  ASSERT_STR_EQ(err, "--by names month twice; give each only once");
  ASSERT_EQ(parse(4, periods, &a), -1);
  ASSERT_STR_EQ(err, "--by takes one of month, quarter and year, not both "
                     "year and month");
  ASSERT_EQ(parse(1, missing, &a), -1);
  ASSERT_STR_EQ(err, "option --by needs a value");
}

static void test_level_needs_by_unit(void)
{
  char *alone[] = {"--level", "district"};
  char *other[] = {"--by", "month", "--level", "province"};
  char *ok[] = {"--level", "province", "--by", "month,unit"};
  char *bad[] = {"--by", "unit", "--level", "village"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(2, alone, &a), -1);
  ASSERT_STR_EQ(err, "--level says how units are grouped, so it needs --by "
                     "unit, e.g. --by unit --level district");
  ASSERT_EQ(parse(4, other, &a), -1);
  ASSERT(strstr(err, "needs --by unit") != NULL);
  /* The order of the options does not matter. */
  ASSERT_EQ(parse(4, ok, &a), 0);
  ASSERT_STR_EQ(a.level, "province");
  ASSERT_EQ(parse(4, bad, &a), -1);
  ASSERT_STR_EQ(err, "--level must be nation, province, district or commune, "
                     "not \"village\"");
}

static void test_other_usage_errors(void)
{
  char *word[] = {"2026"};
  char *blank[] = {"--unit", " "};
  char *unknown[] = {"--month", "2026-01"};
  char *global[] = {"--format", "csv"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(1, word, &a), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"2026\"");
  ASSERT_EQ(parse(2, blank, &a), -1);
  ASSERT_STR_EQ(err, "--unit must be a unit code such as 03390, not \" \"");
  ASSERT_EQ(parse(2, unknown, &a), -1);
  ASSERT_STR_EQ(err, "unknown option --month");
  ASSERT_EQ(parse(2, global, &a), -1);
  ASSERT(strstr(err, "is a global option") != NULL);
}

static void test_help_is_not_held_up_by_what_is_missing(void)
{
  char *argv[] = {"--level", "district", "--help"};
  char *shortopt[] = {"-h"};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(3, argv, &a), 0);
  ASSERT(a.help);
  ASSERT_EQ(parse(1, shortopt, &a), 0);
  ASSERT(a.help);
}

/* The request ------------------------------------------------------------*/

static void test_request_carries_period_dims_unit_and_level(void)
{
  char *argv[] = {"--unit", "12",        "--from",  "2026-01",
                  "--to",   "2026-06",   "--by",    "year",
                  "--by",   "unit,kind", "--level", "district"};
  struct td_stats_args a;
  struct td_stats_req r;
  Tiepdan__Envelope *back;
  uint8_t buf[256];
  size_t len;

  vietnam();
  ASSERT_EQ(parse(ARGC(argv), argv, &a), 0);
  td_cmd_stats_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_GET_STATS);
  ASSERT(r.env.get_stats == &r.get);
  ASSERT_STR_EQ(r.get.unit_code, "12");
  ASSERT_STR_EQ(r.get.from, "2026-01");
  ASSERT_STR_EQ(r.get.to, "2026-06");
  ASSERT_STR_EQ(r.get.unit_level, "district");
  ASSERT_EQ(r.get.n_group_by, 3);
  ASSERT_EQ(r.get.group_by[0], TIEPDAN__STAT_DIM__DIM_YEAR);
  ASSERT_EQ(r.get.group_by[1], TIEPDAN__STAT_DIM__DIM_UNIT);
  ASSERT_EQ(r.get.group_by[2], TIEPDAN__STAT_DIM__DIM_KIND);
  /* And so it goes on the wire. */
  len = tiepdan__envelope__get_packed_size(&r.env);
  ASSERT(len <= sizeof(buf));
  tiepdan__envelope__pack(&r.env, buf);
  back = tiepdan__envelope__unpack(NULL, len, buf);
  ASSERT_NOT_NULL(back);
  ASSERT_EQ(back->body_case, TIEPDAN__ENVELOPE__BODY_GET_STATS);
  ASSERT_EQ(back->get_stats->n_group_by, 3);
  ASSERT_EQ(back->get_stats->group_by[0], TIEPDAN__STAT_DIM__DIM_YEAR);
  ASSERT_EQ(back->get_stats->group_by[2], TIEPDAN__STAT_DIM__DIM_KIND);
  ASSERT_STR_EQ(back->get_stats->from, "2026-01");
  tiepdan__envelope__free_unpacked(back, NULL);
}

static void test_request_leaves_out_what_was_not_given(void)
{
  struct td_stats_args a;
  struct td_stats_req r;

  vietnam();
  ASSERT_EQ(parse(0, NULL, &a), 0);
  td_cmd_stats_request(&a, &r);
  ASSERT_NULL(r.get.unit_code);
  ASSERT_NULL(r.get.unit_level);
  ASSERT_EQ(r.get.n_group_by, 0);
  ASSERT_NULL(r.get.group_by);
  /* The period is always sent, defaults worked out. */
  ASSERT_STR_EQ(r.get.from, "2025-05");
  ASSERT_STR_EQ(r.get.to, "2026-04");
}

static void test_fields_name_the_stats_options(void)
{
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "group_by"), "--by");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "unit_level"), "--level");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "unit_code"), "--unit");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "from"), "--from");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "to"), "--to");
}

static void test_days_go_instead_of_months(void)
{
  char *argv[] = {
      "--from-day",        "2025-12-15",        "--to-day", "2026-12-14",
      "--exclude-channel", "front_supervision", "--by",     "kind"};
  struct td_stats_args a;
  struct td_stats_req r;
  Tiepdan__Envelope *back;
  uint8_t buf[256];
  size_t len;

  vietnam();
  ASSERT_EQ(parse(ARGC(argv), argv, &a), 0);
  ASSERT_EQ(a.days, 1);
  td_cmd_stats_request(&a, &r);
  ASSERT_STR_EQ(r.get.from_day, "2025-12-15");
  ASSERT_STR_EQ(r.get.to_day, "2026-12-14");
  /* Not the months as well: the server takes one or the other. */
  ASSERT_NULL(r.get.from);
  ASSERT_NULL(r.get.to);
  ASSERT_STR_EQ(r.get.exclude_channel, "front_supervision");
  len = tiepdan__envelope__get_packed_size(&r.env);
  ASSERT(len <= sizeof(buf));
  tiepdan__envelope__pack(&r.env, buf);
  back = tiepdan__envelope__unpack(NULL, len, buf);
  ASSERT_NOT_NULL(back);
  ASSERT_STR_EQ(back->get_stats->from_day, "2025-12-15");
  ASSERT_STR_EQ(back->get_stats->to_day, "2026-12-14");
  ASSERT_STR_EQ(back->get_stats->exclude_channel, "front_supervision");
  ASSERT_NULL(back->get_stats->from);
  tiepdan__envelope__free_unpacked(back, NULL);
  /* One day is a period. */
  {
    char *one[] = {"--from-day", "2026-03-14", "--to-day", "2026-03-14"};

    ASSERT_EQ(parse(ARGC(one), one, &a), 0);
    ASSERT_STR_EQ(a.from_day, "2026-03-14");
    ASSERT_STR_EQ(a.to_day, "2026-03-14");
  }
  /* Without days, none are sent. */
  ASSERT_EQ(parse(0, NULL, &a), 0);
  td_cmd_stats_request(&a, &r);
  ASSERT_NULL(r.get.from_day);
  ASSERT_NULL(r.get.to_day);
  ASSERT_NULL(r.get.exclude_channel);
}

static void test_bad_days_are_usage_errors(void)
{
  char *bad_day[] = {"--from-day", "2026-02-30", "--to-day", "2026-03-14"};
  char *alone[] = {"--from-day", "2026-01-01"};
  char *to_alone[] = {"--to-day", "2026-01-01"};
  char *backwards[] = {"--from-day", "2026-03-15", "--to-day", "2026-03-14"};
  char *mixed[] = {"--from",     "2026-01",  "--from-day",
                   "2026-01-01", "--to-day", "2026-01-31"};
  char *month_as_day[] = {"--from-day", "2026-01", "--to-day", "2026-01-31"};
  char *blank[] = {"--exclude-channel", ""};
  struct td_stats_args a;

  vietnam();
  ASSERT_EQ(parse(ARGC(bad_day), bad_day, &a), -1);
  ASSERT(strstr(err, "--from-day") != NULL);
  ASSERT(strstr(err, "2026-02-30") != NULL);
  ASSERT_EQ(parse(ARGC(alone), alone, &a), -1);
  ASSERT(strstr(err, "needs both --from-day and --to-day") != NULL);
  ASSERT_EQ(parse(ARGC(to_alone), to_alone, &a), -1);
  ASSERT(strstr(err, "needs both --from-day and --to-day") != NULL);
  ASSERT_EQ(parse(ARGC(backwards), backwards, &a), -1);
  ASSERT_STR_EQ(err, "--from-day 2026-03-15 is after --to-day 2026-03-14");
  ASSERT_EQ(parse(ARGC(mixed), mixed, &a), -1);
  ASSERT(strstr(err, "give one pair or the other") != NULL);
  ASSERT_EQ(parse(ARGC(month_as_day), month_as_day, &a), -1);
  ASSERT(strstr(err, "--from-day") != NULL);
  ASSERT_EQ(parse(ARGC(blank), blank, &a), -1);
  ASSERT(strstr(err, "--exclude-channel") != NULL);
}

static void test_fields_name_the_day_options(void)
{
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "from_day"), "--from-day");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "to_day"), "--to-day");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("stats", "exclude_channel"),
                "--exclude-channel");
}

static void test_dimension_names(void)
{
  ASSERT_STR_EQ(td_output_stat_dim_name(TIEPDAN__STAT_DIM__DIM_UNIT), "unit");
  ASSERT_STR_EQ(td_output_stat_dim_name(TIEPDAN__STAT_DIM__DIM_QUARTER),
                "quarter");
  ASSERT_STR_EQ(td_output_stat_dim_name(TIEPDAN__STAT_DIM__DIM_YEAR), "year");
  ASSERT_NULL(td_output_stat_dim_name(TIEPDAN__STAT_DIM__DIM_UNSPECIFIED));
  ASSERT_NULL(td_output_stat_dim_name(9));
}

/* What prints ------------------------------------------------------------*/

/* The fifteen counts in the order of the wire schema. */
static void set_counts(Tiepdan__StatRow *r, const uint64_t n[15])
{
  r->has_received = r->has_accepted = r->has_not_accepted = 1;
  r->has_transferred = r->has_resolved = r->has_answered_in_writing = 1;
  r->has_mediated_successfully = r->has_mediation_failed = 1;
  r->has_decision_issued = r->has_withdrawn = r->has_resolved_on_time = 1;
  r->has_resolved_late = r->has_open_within_deadline = 1;
  r->has_open_overdue = r->has_group_petitions = 1;
  r->received = n[0];
  r->accepted = n[1];
  r->not_accepted = n[2];
  r->transferred = n[3];
  r->resolved = n[4];
  r->answered_in_writing = n[5];
  r->mediated_successfully = n[6];
  r->mediation_failed = n[7];
  r->decision_issued = n[8];
  r->withdrawn = n[9];
  r->resolved_on_time = n[10];
  r->resolved_late = n[11];
  r->open_within_deadline = n[12];
  r->open_overdue = n[13];
  r->group_petitions = n[14];
}

/* A small reply: two months by kind, the total, two kinds of session. */
struct sample {
  Tiepdan__StatsReply reply;
  Tiepdan__StatDim dims[2];
  Tiepdan__StatRow r1, r2, total;
  Tiepdan__StatRow *rows[2];
  char *k1[2], *k2[2];
  Tiepdan__SessionStat s1, s2;
  Tiepdan__SessionStat *sessions[2];
};

static void sample(struct sample *s)
{
  static const Tiepdan__StatsReply reply = TIEPDAN__STATS_REPLY__INIT;
  static const Tiepdan__StatRow row = TIEPDAN__STAT_ROW__INIT;
  static const Tiepdan__SessionStat ss = TIEPDAN__SESSION_STAT__INIT;
  static const uint64_t c1[15] = {12, 10, 1, 1, 8, 5, 2, 1,
                                  0,  0,  7, 1, 2, 0, 1};
  static const uint64_t c2[15] = {3, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0};
  static const uint64_t ct[15] = {15, 12, 1, 2, 8, 5, 2, 1,
                                  0,  0,  7, 1, 3, 1, 1};

  s->reply = reply;
  s->r1 = s->r2 = s->total = row;
  s->s1 = s->s2 = ss;
  s->dims[0] = TIEPDAN__STAT_DIM__DIM_MONTH;
  s->dims[1] = TIEPDAN__STAT_DIM__DIM_KIND;
  s->k1[0] = "2026-01";
  s->k1[1] = "complaint";
  s->k2[0] = "2026-02";
  s->k2[1] = "feedback";
  set_counts(&s->r1, c1);
  s->r1.n_keys = 2;
  s->r1.keys = s->k1;
  s->r1.has_rate_resolved = s->r1.has_rate_on_time = 1;
  s->r1.rate_resolved = 8.0 / 12.0;
  s->r1.rate_on_time = 7.0 / 8.0;
  set_counts(&s->r2, c2);
  s->r2.n_keys = 2;
  s->r2.keys = s->k2;
  /* Nothing resolved: no on-time rate. */
  s->r2.has_rate_resolved = 1;
  s->r2.rate_resolved = 0.0;
  set_counts(&s->total, ct);
  s->total.has_rate_resolved = s->total.has_rate_on_time = 1;
  s->total.rate_resolved = 8.0 / 15.0;
  s->total.rate_on_time = 7.0 / 8.0;
  s->rows[0] = &s->r1;
  s->rows[1] = &s->r2;
  s->s1.has_type = 1;
  s->s1.type = TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION;
  s->s1.has_sessions = s->s1.has_attendees = s->s1.has_opinions = 1;
  s->s1.has_resolved_on_spot = s->s1.has_forwarded = 1;
  s->s1.sessions = 4;
  s->s1.attendees = 37;
  s->s1.opinions = 9;
  s->s1.resolved_on_spot = 6;
  s->s1.forwarded = 3;
  /* A figure not recorded stays unknown. */
  s->s2.has_type = 1;
  s->s2.type = TIEPDAN__SESSION_TYPE__VOTERS_MEETING;
  s->s2.has_sessions = s->s2.has_attendees = s->s2.has_opinions = 1;
  s->s2.has_forwarded = 1;
  s->s2.sessions = 1;
  s->s2.attendees = 120;
  s->s2.opinions = 14;
  s->s2.forwarded = 5;
  s->sessions[0] = &s->s1;
  s->sessions[1] = &s->s2;
  s->reply.n_group_by = 2;
  s->reply.group_by = s->dims;
  s->reply.n_rows = 2;
  s->reply.rows = s->rows;
  s->reply.total = &s->total;
  s->reply.n_sessions = 2;
  s->reply.sessions = s->sessions;
  s->reply.today = "2026-04-15";
}

static char *render(enum td_format fmt, const Tiepdan__StatsReply *r)
{
  struct capture c;

  capture_begin(&c);
  if (td_output_stats(c.f, fmt, r) != 0) {
    free(capture_end(&c));
    return NULL;
  }
  return capture_end(&c);
}

static void test_table_of_a_small_reply(void)
{
  struct sample s;
  char *out;

  sample(&s);
  out = render(TD_FORMAT_TABLE, &s.reply);
  ASSERT_STR_EQ(
      out, "MONTH    KIND       RECEIVED  ACCEPTED  NOT_ACC  TRANSF  RESOLVED  "
           "ON_TIME  LATE  OPEN  OVERDUE  WITHDR  GROUP  %RESOLVED  %ON_TIME\n"
           "2026-01  complaint        12        10        1       1         8  "
           "      7     1     2        0       0      1       66.7      87.5\n"
           "2026-02  feedback          3         2        0       1         0  "
           "      0     0     1        1       0      0        0.0         -\n"
           "TOTAL                     15        12        1       2         8  "
           "      7     1     3        1       0      1       53.3      87.5\n"
           "\n"
           "TYPE               SESSIONS  ATTENDEES  OPINIONS  ON_THE_SPOT  "
           "FORWARDED\n"
           "regular_reception         4         37         9            6  "
           "        3\n"
           "voters_meeting            1        120        14            -  "
           "        5\n"
           "\n"
           "OPEN and OVERDUE above: received in the period, as they stand on "
           "2026-04-15\n");
  free(out);
}

static void test_csv_of_a_small_reply(void)
{
  struct sample s;
  char *out;

  sample(&s);
  out = render(TD_FORMAT_CSV, &s.reply);
  ASSERT_STR_EQ(
      out, "month,kind,received,accepted,not_accepted,transferred,resolved,"
           "answered_in_writing,mediated_successfully,mediation_failed,"
           "decision_issued,withdrawn,resolved_on_time,resolved_late,"
           "open_within_deadline,open_overdue,group_petitions,rate_resolved,"
           "rate_on_time\r\n"
           "2026-01,complaint,12,10,1,1,8,5,2,1,0,0,7,1,2,0,1,0.667,0.875\r\n"
           "2026-02,feedback,3,2,0,1,0,0,0,0,0,0,0,0,1,1,0,0.000,\r\n"
           "TOTAL,TOTAL,15,12,1,2,8,5,2,1,0,0,7,1,3,1,1,0.533,0.875\r\n");
  free(out);
}

static void test_json_of_a_small_reply(void)
{
  struct sample s;
  char *out;

  sample(&s);
  out = render(TD_FORMAT_JSON, &s.reply);
  ASSERT_STR_EQ(
      out,
      "{\"today\":\"2026-04-15\",\"group_by\":[\"month\",\"kind\"],"
      "\"rows\":[\n"
      "{\"keys\":{\"month\":\"2026-01\",\"kind\":\"complaint\"},"
      "\"received\":12,\"accepted\":10,\"not_accepted\":1,"
      "\"transferred\":1,\"resolved\":8,\"answered_in_writing\":5,"
      "\"mediated_successfully\":2,\"mediation_failed\":1,"
      "\"decision_issued\":0,\"withdrawn\":0,\"resolved_on_time\":7,"
      "\"resolved_late\":1,\"open_within_deadline\":2,\"open_overdue\":0,"
      "\"group_petitions\":1,\"rate_resolved\":0.667,\"rate_on_time\":0.875},"
      "\n"
      "{\"keys\":{\"month\":\"2026-02\",\"kind\":\"feedback\"},"
      "\"received\":3,\"accepted\":2,\"not_accepted\":0,"
      "\"transferred\":1,\"resolved\":0,\"answered_in_writing\":0,"
      "\"mediated_successfully\":0,\"mediation_failed\":0,"
      "\"decision_issued\":0,\"withdrawn\":0,\"resolved_on_time\":0,"
      "\"resolved_late\":0,\"open_within_deadline\":1,\"open_overdue\":1,"
      "\"group_petitions\":0,\"rate_resolved\":0.000,\"rate_on_time\":null}"
      "\n],"
      "\"total\":{\"received\":15,\"accepted\":12,\"not_accepted\":1,"
      "\"transferred\":2,\"resolved\":8,\"answered_in_writing\":5,"
      "\"mediated_successfully\":2,\"mediation_failed\":1,"
      "\"decision_issued\":0,\"withdrawn\":0,\"resolved_on_time\":7,"
      "\"resolved_late\":1,\"open_within_deadline\":3,\"open_overdue\":1,"
      "\"group_petitions\":1,\"rate_resolved\":0.533,\"rate_on_time\":0.875},"
      "\"sessions\":[\n"
      "{\"type\":\"regular_reception\",\"sessions\":4,\"attendees\":37,"
      "\"opinions\":9,\"resolved_on_spot\":6,\"forwarded\":3},\n"
      "{\"type\":\"voters_meeting\",\"sessions\":1,\"attendees\":120,"
      "\"opinions\":14,\"resolved_on_spot\":null,\"forwarded\":5}\n"
      "]}\n");
  free(out);
}

/* Every open petition as of today: 2 within the deadline (1 due soon) and
 * 5 overdue, whatever the month they came in. */
static void with_open_now(struct sample *s, Tiepdan__StatRow *o)
{
  static const Tiepdan__StatRow row = TIEPDAN__STAT_ROW__INIT;

  sample(s);
  *o = row;
  o->has_open_within_deadline = o->has_open_overdue = o->has_open_due_soon = 1;
  o->open_within_deadline = 2;
  o->open_overdue = 5;
  o->open_due_soon = 1;
  s->reply.open_now = o;
}

static void test_table_says_what_is_open_as_of_today(void)
{
  struct sample s;
  Tiepdan__StatRow o;
  char *out;
  const char *tail;

  with_open_now(&s, &o);
  out = render(TD_FORMAT_TABLE, &s.reply);
  /* The period's own OPEN and OVERDUE (3 and 1) stay in the table. */
  ASSERT(strstr(out, "TOTAL                     15        12        1       "
                     "2         8        7     1     3        1") != NULL);
  tail = strstr(out, "OPEN and OVERDUE above: received in the period, as they "
                     "stand on 2026-04-15\n");
  ASSERT_NOT_NULL(tail);
  ASSERT_STR_EQ(tail, "OPEN and OVERDUE above: received in the period, as they "
                      "stand on 2026-04-15\n"
                      "As of 2026-04-15, every open petition whatever the "
                      "day it came in: 2 within the deadline, 5 overdue, 1 "
                      "of them due within 3 days\n");
  free(out);
}

static void test_json_has_open_now_apart(void)
{
  struct sample s;
  Tiepdan__StatRow o;
  char *out;

  with_open_now(&s, &o);
  out = render(TD_FORMAT_JSON, &s.reply);
  ASSERT(strstr(out, "\"rate_on_time\":0.875},\"open_now\":{"
                     "\"open_within_deadline\":2,\"open_overdue\":5,"
                     "\"open_due_soon\":1},\"sessions\":[") != NULL);
  free(out);
  /* An older server sends none: no member. */
  sample(&s);
  out = render(TD_FORMAT_JSON, &s.reply);
  ASSERT_NULL(strstr(out, "open_now"));
  free(out);
}

/* A reply for the whole period: one row without keys, which is the total. */
static void ungrouped(struct sample *s)
{
  sample(s);
  s->reply.n_group_by = 0;
  s->reply.group_by = NULL;
  s->reply.n_rows = 1;
  s->rows[0] = &s->total;
  s->reply.n_sessions = 0;
  s->reply.sessions = NULL;
}

static void test_without_dimensions_only_the_total_shows(void)
{
  struct sample s;
  char *out;

  ungrouped(&s);
  out = render(TD_FORMAT_TABLE, &s.reply);
  ASSERT_STR_EQ(
      out,
      "       RECEIVED  ACCEPTED  NOT_ACC  TRANSF  RESOLVED  ON_TIME  LATE  "
      "OPEN  OVERDUE  WITHDR  GROUP  %RESOLVED  %ON_TIME\n"
      "TOTAL        15        12        1       2         8        7     1  "
      "   3        1       0      1       53.3      87.5\n"
      "\n"
      "OPEN and OVERDUE above: received in the period, as they stand on "
      "2026-04-15\n");
  free(out);
  out = render(TD_FORMAT_CSV, &s.reply);
  ASSERT_STR_EQ(out, "received,accepted,not_accepted,transferred,resolved,"
                     "answered_in_writing,mediated_successfully,"
                     "mediation_failed,decision_issued,withdrawn,"
                     "resolved_on_time,resolved_late,open_within_deadline,"
                     "open_overdue,group_petitions,rate_resolved,"
                     "rate_on_time\r\n"
                     "15,12,1,2,8,5,2,1,0,0,7,1,3,1,1,0.533,0.875\r\n");
  free(out);
  /* json keeps the rows as the server sent them. */
  out = render(TD_FORMAT_JSON, &s.reply);
  ASSERT_NOT_NULL(out);
  ASSERT(strncmp(out,
                 "{\"today\":\"2026-04-15\",\"group_by\":[],\"rows\":[\n"
                 "{\"keys\":{},\"received\":15,",
                 67) == 0);
  ASSERT(strstr(out, "\"sessions\":[]}\n") != NULL);
  free(out);
}

static void test_what_the_server_left_out_stays_unknown(void)
{
  static const Tiepdan__StatsReply empty = TIEPDAN__STATS_REPLY__INIT;
  Tiepdan__StatsReply r;
  Tiepdan__StatDim dim;
  char *out;

  r = empty;
  dim = TIEPDAN__STAT_DIM__DIM_STATUS;
  r.n_group_by = 1;
  r.group_by = &dim;
  out = render(TD_FORMAT_TABLE, &r);
  ASSERT_STR_EQ(out, "STATUS  RECEIVED  ACCEPTED  NOT_ACC  TRANSF  RESOLVED  "
                     "ON_TIME  LATE  OPEN  OVERDUE  WITHDR  GROUP  %RESOLVED  "
                     "%ON_TIME\n"
                     "\n"
                     "OPEN and OVERDUE above: received in the period, as they "
                     "stand on today\n");
  free(out);
  out = render(TD_FORMAT_JSON, &r);
  ASSERT_STR_EQ(out, "{\"today\":null,\"group_by\":[\"status\"],\"rows\":[],"
                     "\"total\":null,\"sessions\":[]}\n");
  free(out);
}

static void test_missing_keys_and_nonsense_rates(void)
{
  static const Tiepdan__StatsReply empty = TIEPDAN__STATS_REPLY__INIT;
  static const Tiepdan__StatRow blank = TIEPDAN__STAT_ROW__INIT;
  Tiepdan__StatsReply r;
  Tiepdan__StatDim dims[2];
  Tiepdan__StatRow row;
  Tiepdan__StatRow *rows[1];
  char *keys[1];
  char *out;

  r = empty;
  row = blank;
  dims[0] = TIEPDAN__STAT_DIM__DIM_UNIT;
  dims[1] = TIEPDAN__STAT_DIM__DIM_FIELD;
  keys[0] = "03390, \"Bình Lư\"";
  row.n_keys = 1;
  row.keys = keys;
  row.has_received = 1;
  row.received = 4;
  row.has_rate_resolved = 1;
  row.rate_resolved = -0.5;
  row.has_rate_on_time = 1;
  row.rate_on_time = 1.0;
  rows[0] = &row;
  r.n_group_by = 2;
  r.group_by = dims;
  r.n_rows = 1;
  r.rows = rows;
  out = render(TD_FORMAT_CSV, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\r\n\"03390, \"\"Bình Lư\"\"\",,4,,,,,,,,,,,,,,,,1.000"
                     "\r\n") != NULL);
  free(out);
  out = render(TD_FORMAT_JSON, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out,
                "{\"keys\":{\"unit\":\"03390, \\\"Bình Lư\\\"\","
                "\"field\":null},\"received\":4,\"accepted\":null,") != NULL);
  ASSERT(strstr(out, "\"rate_resolved\":null,\"rate_on_time\":1.000}") != NULL);
  free(out);
}

/* 56 of 57 resolved, all on time: 98.2 % in a table, 0.982 elsewhere. */
static void test_rates_are_rounded_to_thousandths(void)
{
  static const Tiepdan__StatsReply empty = TIEPDAN__STATS_REPLY__INIT;
  static const Tiepdan__StatRow blank = TIEPDAN__STAT_ROW__INIT;
  Tiepdan__StatsReply r;
  Tiepdan__StatRow total;
  char *out;

  r = empty;
  total = blank;
  total.has_rate_resolved = total.has_rate_on_time = 1;
  total.rate_resolved = 56.0 / 57.0;
  total.rate_on_time = 56.0 / 56.0;
  r.total = &total;
  out = render(TD_FORMAT_TABLE, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "%RESOLVED  %ON_TIME\n") != NULL);
  ASSERT(strstr(out, "       98.2     100.0\n") != NULL);
  free(out);
  out = render(TD_FORMAT_CSV, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\r\n,,,,,,,,,,,,,,,0.982,1.000\r\n") != NULL);
  free(out);
  out = render(TD_FORMAT_JSON, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\"rate_resolved\":0.982,\"rate_on_time\":1.000}") !=
         NULL);
  free(out);
  /* To the nearest thousandth. */
  total.rate_resolved = 0.99951;
  total.rate_on_time = 0.00049;
  out = render(TD_FORMAT_CSV, &r);
  ASSERT_NOT_NULL(out);
  ASSERT(strstr(out, "\r\n,,,,,,,,,,,,,,,1.000,0.000\r\n") != NULL);
  free(out);
}

static void test_table_keeps_the_terminal_safe_and_aligned(void)
{
  static const Tiepdan__StatsReply empty = TIEPDAN__STATS_REPLY__INIT;
  static const Tiepdan__StatRow blank = TIEPDAN__STAT_ROW__INIT;
  Tiepdan__StatsReply r;
  Tiepdan__StatDim dim;
  Tiepdan__StatRow a, b;
  Tiepdan__StatRow *rows[2];
  char *ka[1], *kb[1];
  char *out;

  r = empty;
  a = b = blank;
  dim = TIEPDAN__STAT_DIM__DIM_UNIT;
  ka[0] = "Xã Bình Lư";
  kb[0] = "X\x1b[2Jy";
  a.n_keys = b.n_keys = 1;
  a.keys = ka;
  b.keys = kb;
  a.has_received = b.has_received = 1;
  a.received = 7;
  b.received = 1234;
  rows[0] = &a;
  rows[1] = &b;
  r.n_group_by = 1;
  r.group_by = &dim;
  r.n_rows = 2;
  r.rows = rows;
  out = render(TD_FORMAT_TABLE, &r);
  ASSERT_NOT_NULL(out);
  /* Ten columns for "Xã Bình Lư", its width, not its bytes. */
  ASSERT(strstr(out, "UNIT        RECEIVED  ACCEPTED") == out);
  ASSERT(strstr(out, "\nXã Bình Lư         7         -") != NULL);
  ASSERT(strstr(out, "\nX [2Jy          1234         -") != NULL);
  ASSERT_NULL(strchr(out, '\x1b'));
  free(out);
}

int main(void)
{
  /* The tables' English source words, and days as English shows them
   * (2026-04-15); the Vietnamese are tests/unit/test_client_i18n_render.c's. */
  td_lang_set("en");
  RUN_TEST(test_period_defaults_to_the_year_ending_this_month);
  RUN_TEST(test_from_defaults_to_eleven_months_before_to);
  RUN_TEST(test_months_may_be_given_as_days_or_years);
  RUN_TEST(test_bad_months_are_usage_errors);
  RUN_TEST(test_from_after_to_is_a_usage_error);
  RUN_TEST(test_by_keeps_the_order_given);
  RUN_TEST(test_bad_dimensions_are_usage_errors);
  RUN_TEST(test_level_needs_by_unit);
  RUN_TEST(test_other_usage_errors);
  RUN_TEST(test_help_is_not_held_up_by_what_is_missing);
  RUN_TEST(test_request_carries_period_dims_unit_and_level);
  RUN_TEST(test_request_leaves_out_what_was_not_given);
  RUN_TEST(test_fields_name_the_stats_options);
  RUN_TEST(test_days_go_instead_of_months);
  RUN_TEST(test_bad_days_are_usage_errors);
  RUN_TEST(test_fields_name_the_day_options);
  RUN_TEST(test_dimension_names);
  RUN_TEST(test_table_of_a_small_reply);
  RUN_TEST(test_csv_of_a_small_reply);
  RUN_TEST(test_json_of_a_small_reply);
  RUN_TEST(test_table_says_what_is_open_as_of_today);
  RUN_TEST(test_json_has_open_now_apart);
  RUN_TEST(test_without_dimensions_only_the_total_shows);
  RUN_TEST(test_what_the_server_left_out_stays_unknown);
  RUN_TEST(test_missing_keys_and_nonsense_rates);
  RUN_TEST(test_rates_are_rounded_to_thousandths);
  RUN_TEST(test_table_keeps_the_terminal_safe_and_aligned);
  return TEST_EXIT();
}
