/* tiepdan admin holidays load; see admin_holidays.h. */
#include "cmd/admin_holidays.h"

#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/holidays.h"
#include "input/opt.h"
#include "render/output.h"

#define YEAR_MIN 1970
#define YEAR_MAX 2100

enum { O_HELP = 1 };

static const char usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin holidays load YEAR FILE\n"
    "\n"
    "Replaces the public holidays of YEAR on the server with those in FILE,\n"
    "then recomputes the deadline of every open petition they move. Every\n"
    "date in FILE must fall in YEAR.\n"
    "\n"
    "FILE is either CSV, one holiday a line:\n"
    "    date,name\n"
    "    2026-04-30,Ngày Giải phóng miền Nam\n"
    "    2026-09-02,\"Quốc khánh, ngày 1\"\n"
    "  (a header line is optional; lines starting with # are skipped; a name\n"
    "  with a comma goes in double quotes; \";\" may separate instead of "
    "\",\")\n"
    "or an iCalendar file (.ics) as calendars export it: each event gives\n"
    "one holiday per day from DTSTART up to DTEND, named by its SUMMARY.\n"
    "Repeating events are refused: export the year's holidays as single\n"
    "events. Save either file as UTF-8.\n";

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
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
    } else if (words == 0) {
      words++;
      if (td_args_uint(args.value, YEAR_MIN, YEAR_MAX, &y) != 0)
        return td_opt_bad_value("YEAR", args.value, "a year such as 2026", err,
                                errlen);
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
           "give the year and the file, e.g. tiepdan admin holidays load "
           "2026 holidays-2026.csv");
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
    return td_call_internal("out of memory");
  }
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    /* Loading the same year again gives the same holidays: safe to
     * retry. */
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = td_call_exchange(
        &s, &req.env, TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY, &reply, &c);
    if (code == TD_EXIT_OK) {
      r = reply->load_holidays_reply;
      if (r->has_loaded && r->loaded != h->n)
        fprintf(stderr,
                "tiepdan: warning: %s holds %zu holidays but the server "
                "loaded %u\n",
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
