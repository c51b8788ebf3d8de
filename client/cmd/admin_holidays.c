/* tiepdan admin holidays load and list; see admin_holidays.h. */
#include "cmd/admin_holidays.h"

#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/holidays.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/datetime.h"
#include "render/output.h"

#define YEAR_MIN 1970
#define YEAR_MAX 2100

enum { O_HELP = 1, O_SOURCE, O_FROM };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin holidays load YEAR FILE "
    "[--source TEXT]\n"
    "\n"
    "Replaces the public holidays of YEAR on the server with those in FILE,\n"
    "the Government's announcement, and marks the year confirmed (until\n"
    "then the server uses the provisional days it computes from the Labour\n"
    "Code); then recomputes the deadline of every open petition they move.\n"
    "Every date in FILE must fall in YEAR. --source names the announcement\n"
    "(e.g. \"Thông báo 6150/TB-BNV\").\n"
    "\n"
    "FILE is either CSV, one day a line:\n"
    "    date,name[,kind[,source]]\n"
    "    2026-04-30,Ngày Giải phóng miền Nam\n"
    "    2026-09-02,\"Quốc khánh, ngày 1\"\n"
    "    2025-05-02,Nghỉ bù,nghỉ,Thông báo 6150/TB-BNV\n"
    "    2025-04-26,Làm bù cho ngày 02/5,làm việc,Thông báo 6150/TB-BNV\n"
    "  (kind is \"nghỉ\", a day off, the default, or \"làm việc\", a Saturday\n"
    "  or Sunday worked in exchange for a day off; a header line is\n"
    "  optional; lines starting with # are skipped; a name with a comma\n"
    "  goes in double quotes; \";\" may separate instead of \",\")\n"
    "or an iCalendar file (.ics) as calendars export it: each event gives\n"
    "one holiday per day from DTSTART up to DTEND, named by its SUMMARY;\n"
    "X-TIEPDAN-KIND:WORKING makes them working days, X-TIEPDAN-SOURCE gives\n"
    "their source. Repeating events are refused: export the year's holidays\n"
    "as single events. Save either file as UTF-8.\n");

static const char usage_list[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin holidays list [--from YEAR]\n"
       "\n"
       "Shows the calendar of each year the server holds (from YEAR on):\n"
       "confirmed (loaded from the Government's announcement, by whom and\n"
       "when) or provisional (computed from the Labour Code 2019, Art. 112,\n"
       "until someone loads the announcement), its days off and its weekend\n"
       "working days, each with its legal source.\n");

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {"source", 1, O_SOURCE},
    {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},
    {"from", 1, O_FROM},
    {NULL, 0, 0},
};

int td_cmd_parse_holidays_load(int argc, char **argv,
                               struct td_holidays_args *a, char *err,
                               size_t errlen)
{
  struct td_args args;
  uint64_t y;
  int words;
  int id;

  memset(a, 0, sizeof(*a));
  words = 0;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, help_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP) {
      a->help = 1;
    } else if (id == O_SOURCE) {
      a->source = args.value;
    } else if (words == 0) {
      words++;
      if (td_args_uint(args.value, YEAR_MIN, YEAR_MAX, &y) != 0)
        return td_opt_bad_value("YEAR", args.value, _("a year such as 2026"),
                                err, errlen);
      a->year = (unsigned)y;
    } else if (words == 1) {
      words++;
      a->file = args.value;
    } else {
      return td_opt_extra_word(args.value, err, errlen);
    }
  }
  if (a->help || words == 2)
    return 0;
  snprintf(err, errlen,
           _("give the year and the file, e.g. tiepdan admin holidays load "
             "2026 holidays-2026.csv"));
  return -1;
}

static int holidays_load(const struct td_global_args *g,
                         const struct td_holidays_args *a,
                         const struct td_holidays *h)
{
  static const struct td_call c = {.command = "admin holidays load"};
  struct td_holidays_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__LoadHolidaysReply *r;
  int code;

  if (td_holidays_request(h, a->year, &req) != 0) {
    td_holidays_request_free(&req);
    return td_call_internal(_("out of memory"));
  }
  req.load.source = a->source;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    /* Loading the same year again gives the same holidays: safe to
     * retry. */
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = td_call_exchange(
        &s, &req.env, TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY, &reply, &c);
    if (code == TD_EXIT_OK) {
      r = reply->load_holidays_reply;
      if (r->has_loaded &&
          r->loaded != req.load.n_holidays + req.load.n_working_days)
        fprintf(stderr,
                _("tiepdan: warning: %s holds %zu holidays but the server "
                  "loaded %u\n"),
                a->file, h->n, r->loaded);
      code = td_call_finish_output(
          td_output_holidays_loaded(stdout, g->format, a->year, r));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  td_holidays_request_free(&req);
  return code;
}

int td_cmd_admin_holidays_load(const struct td_global_args *g, int argc,
                               char **argv)
{
  struct td_holidays_args a;
  struct td_holidays h;
  char err[1024];
  int code;

  if (td_cmd_parse_holidays_load(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin holidays load", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  if (td_holidays_read(a.file, a.year, &h, err, sizeof(err)) != 0)
    code = td_call_usage_error("admin holidays load", err, usage);
  else
    code = holidays_load(g, &a, &h);
  td_holidays_free(&h);
  return code;
}

/* admin holidays list ------------------------------------------------------ */

static int parse_list(int argc, char **argv, unsigned *from, int *help,
                      char *err, size_t errlen)
{
  struct td_args args;
  uint64_t y;
  int id;

  *from = 0;
  *help = 0;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, list_opts, err, errlen);
    if (id == TD_ARGS_END)
      return 0;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP) {
      *help = 1;
    } else if (id == O_FROM) {
      if (td_args_uint(args.value, 2000, YEAR_MAX, &y) != 0)
        return td_opt_bad_value("--from", args.value, _("a year such as 2026"),
                                err, errlen);
      *from = (unsigned)y;
    } else {
      return td_opt_extra_word(args.value, err, errlen);
    }
  }
}

static void print_days(FILE *f, const char *title, Tiepdan__Holiday **v,
                       size_t n)
{
  size_t i;

  if (n == 0)
    return;
  fprintf(f, "  %s:\n", title);
  for (i = 0; i < n; i++) {
    fprintf(f, "    %s  %s", v[i]->date ? v[i]->date : "?",
            v[i]->name ? v[i]->name : "");
    if (v[i]->source != NULL)
      fprintf(f, _("  (source: %s)"), v[i]->source);
    fputc('\n', f);
  }
}

static void print_year(FILE *f, const Tiepdan__CalendarYear *y)
{
  char at[TD_DATETIME_MAX];

  if (y->confirmed) {
    fprintf(f, _("Year %u: confirmed"), y->year);
    if (y->confirmed_by != NULL)
      fprintf(f, _(" by %s"), y->confirmed_by);
    if (y->has_confirmed_at) {
      td_datetime_format_short(y->confirmed_at, at);
      fprintf(f, _(" at %s"), at);
    }
    fputc('\n', f);
  } else {
    fprintf(f,
            _("Year %u: PROVISIONAL, not confirmed (an administrator of the "
              "nation loads the Government's announcement: tiepdan admin "
              "holidays load %u FILE)\n"),
            y->year, y->year);
  }
  fprintf(f, _("  Source: %s\n"),
          y->source != NULL ? y->source : _("not given"));
  print_days(f, _("Days off"), y->days_off, y->n_days_off);
  print_days(f, _("Weekend working days (made up)"), y->working_days,
             y->n_working_days);
}

int td_cmd_admin_holidays_list(const struct td_global_args *g, int argc,
                               char **argv)
{
  static const struct td_call c = {.command = "admin holidays list"};
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__ListHolidays m = TIEPDAN__LIST_HOLIDAYS__INIT;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__ListHolidaysReply *r;
  char err[512];
  unsigned from;
  int help;
  int code;
  size_t i;

  if (parse_list(argc, argv, &from, &help, err, sizeof(err)) != 0)
    return td_call_usage_error("admin holidays list", err, usage_list);
  if (help)
    return td_call_print_usage(usage_list);
  m.has_from_year = from != 0;
  m.from_year = from;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_HOLIDAYS;
  env.list_holidays = &m;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = td_call_exchange(
        &s, &env, TIEPDAN__ENVELOPE__BODY_LIST_HOLIDAYS_REPLY, &reply, &c);
    if (code == TD_EXIT_OK) {
      r = reply->list_holidays_reply;
      if (r->n_years == 0)
        fputs(_("No year's holidays are loaded yet.\n"), stdout);
      for (i = 0; i < r->n_years; i++)
        print_year(stdout, r->years[i]);
      code = td_call_finish_output(fflush(stdout) == 0 ? 0 : -1);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
