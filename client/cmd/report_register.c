/*
 * tiepdan report --register: the period in days, the unit, where it goes;
 * the petitions received in it, every page on one connection, written as
 * the reception book. See report_register.h.
 */
#include "cmd/report_register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/call.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/register.h"

enum {
  O_HELP = 1,
  O_REGISTER,
  O_UNIT,
  O_FROM,
  O_TO,
  O_LANG,
  O_XLSX,
  O_FRONT,
  O_TABLE
};

const char td_cmd_report_register_usage[] = N_(
    "The citizen-reception book (sổ tiếp công dân, Mẫu số 03 of Circular\n"
    "04/2021/TT-TTCP):\n"
    "\n"
    "  tiepdan [GLOBAL OPTIONS] report --register --from DAY --to DAY\n"
    "                                  [--unit CODE] [--lang vi|en] [--xlsx "
    "FILE]\n"
    "\n"
    "One line per petition received in the period, oldest first: date, name\n"
    "and address, ID number, content, kind and number of people, the body\n"
    "that handled it before, how it was handled (accepted, returned with\n"
    "guidance, transferred), its result, notes (receipt number, mass\n"
    "delegation). A petitioner's identity that you may not see is written\n"
    "\"(kept secret)\".\n"
    "\n"
    "  --register     write the book instead of the report\n"
    "  --from DAY     the first day, YYYY-MM-DD or DD/MM/YYYY; a month\n"
    "                 YYYY-MM counts from its first day (required)\n"
    "  --to DAY       the last day, the same way; a month counts to its last\n"
    "                 day (required). Days begin at midnight, Vietnam time\n"
    "  --xlsx FILE    write the book as an Excel workbook in its printed\n"
    "                 layout (A4 landscape), and print its path\n"
    "\n"
    "With --format csv: a header row and one row per petition; with --format\n"
    "json: every line as an object.\n"
    "\n"
    "Examples:\n"
    "  tiepdan report --register --from 2026-01 --to 2026-06\n"
    "  tiepdan report --register --from 01/07/2025 --to 31/12/2025 --xlsx "
    "so.xlsx\n");

static const struct td_opt register_opts[] = {
    {"help", 0, O_HELP},   {"register", 0, O_REGISTER},
    {"unit", 1, O_UNIT},   {"from", 1, O_FROM},
    {"to", 1, O_TO},       {"lang", 1, O_LANG},
    {"xlsx", 1, O_XLSX},   {"front", 0, O_FRONT},
    {"table", 1, O_TABLE}, {NULL, 0, 0},
};

int td_cmd_report_register_asked(int argc, char **argv)
{
  int i;

  for (i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0)
      return 0;
    if (strcmp(argv[i], "--register") == 0)
      return 1;
  }
  return 0;
}

/*
 * A day, or a month or a year standing for its days: the first of them
 * when last is 0, else the last. Years from TD_STATS_YEAR_MIN to
 * TD_STATS_YEAR_MAX, as the reports take them.
 */
static int period_day(const char *s, int last, td_day *out)
{
  char month[TD_MONTH_LEN];
  int index;
  int y;
  int m;
  int d;

  switch (strlen(s)) {
  case 4:
    snprintf(month, sizeof(month), "%.4s-%s", s, last ? "12" : "01");
    break;
  case 7:
    memcpy(month, s, sizeof(month));
    break;
  default:
    if (td_datetime_parse_date(s, out) != 0)
      return -1;
    td_day_to_ymd(*out, &y, &m, &d);
    return y >= TD_STATS_YEAR_MIN && y <= TD_STATS_YEAR_MAX ? 0 : -1;
  }
  if (td_month_index_parse(month, &index) != 0)
    return -1;
  y = index / 12;
  m = index % 12 + 1;
  if (y < TD_STATS_YEAR_MIN || y > TD_STATS_YEAR_MAX)
    return -1;
  return td_day_from_ymd(y, m, last ? td_day_days_in_month(y, m) : 1, out) == 0
             ? 0
             : -1;
}

struct parsed {
  struct td_register_args *a;
  int has_from;
  int has_to;
};

static int register_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct parsed *p = ctx;

  switch (id) {
  case O_HELP:
    p->a->help = 1;
    return 0;
  case O_REGISTER:
    return 0;
  case O_UNIT:
    return td_opt_unit("--unit", v, &p->a->unit, err, errlen);
  case O_FROM:
  case O_TO:
    if (period_day(v, id == O_TO, id == O_FROM ? &p->a->from : &p->a->to) != 0)
      return td_opt_bad_value(
          id == O_FROM ? "--from" : "--to", v,
          _("a day YYYY-MM-DD or DD/MM/YYYY, or a month YYYY-MM, from 2000 "
            "to 2100"),
          err, errlen);
    if (id == O_FROM)
      p->has_from = 1;
    else
      p->has_to = 1;
    return 0;
  case O_LANG:
    if (strcmp(v, "vi") != 0 && strcmp(v, "en") != 0)
      return td_opt_bad_value("--lang", v, _("vi or en"), err, errlen);
    p->a->lang = v;
    return 0;
  case O_XLSX:
    if (v[0] == '\0')
      return td_opt_bad_value("--xlsx", v, _("the path of the file to write"),
                              err, errlen);
    p->a->xlsx = v;
    return 0;
  default:
    snprintf(err, errlen,
             _("--register writes the reception book, one line per "
               "petition; leave out %s"),
             id == O_FRONT ? "--front" : "--table");
    return -1;
  }
}

int td_cmd_parse_register(int argc, char **argv, struct td_register_args *a,
                          char *err, size_t errlen)
{
  struct parsed p = {a, 0, 0};
  char from[TD_DAY_LEN];
  char to[TD_DAY_LEN];

  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, register_opts, register_opt, &p, err, errlen) !=
      0)
    return -1;
  if (a->help)
    return 0;
  if (!p.has_from)
    return td_opt_missing("--from", "2026-01-01", err, errlen);
  if (!p.has_to)
    return td_opt_missing("--to", "2026-06-30", err, errlen);
  if (a->from > a->to) {
    td_day_format(a->from, from);
    td_day_format(a->to, to);
    snprintf(err, errlen, _("--from %s is after --to %s"), from, to);
    return -1;
  }
  return 0;
}

void td_cmd_register_request(const struct td_register_args *a,
                             const char *cursor, struct td_list_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPetitions list = TIEPDAN__LIST_PETITIONS__INIT;

  r->env = env;
  r->list = list;
  r->list.unit_code = a->unit;
  r->list.has_received_from = 1;
  r->list.received_from = td_vn_time(a->from, 0, 0);
  r->list.has_received_to = 1;
  r->list.received_to = td_vn_time((td_day)(a->to + 1), 0, 0);
  r->list.cursor = (char *)cursor;
  r->list.has_page_size = 1;
  r->list.page_size = TD_LIST_MAX;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  r->env.list_petitions = &r->list;
}

/* The pages of the book, kept until it is written. */
struct pages {
  Tiepdan__Envelope **env;
  size_t n;
  size_t total;
};

static void pages_free(struct pages *p)
{
  size_t i;

  for (i = 0; i < p->n; i++)
    tiepdan__envelope__free_unpacked(p->env[i], NULL);
  free(p->env);
}

static int fetch(struct td_session *s, const struct td_register_args *a,
                 struct pages *p)
{
  static const struct td_call c = {
      .command = "report",
      .not_found = N_("check the unit code given with --unit; you see "
                      "petitions only of your own unit and the units below "
                      "it")};
  struct td_list_req req;
  Tiepdan__Envelope **grown;
  Tiepdan__Envelope *reply;
  const char *cursor = NULL;
  const char *next;
  int code;

  for (;;) {
    td_cmd_register_request(a, cursor, &req);
    code = td_call_exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_REPLY,
                            &reply, &c);
    if (code != TD_EXIT_OK)
      return code;
    grown = realloc(p->env, (p->n + 1) * sizeof(*grown));
    if (grown == NULL) {
      tiepdan__envelope__free_unpacked(reply, NULL);
      return td_call_internal(_("out of memory"));
    }
    p->env = grown;
    p->env[p->n++] = reply;
    p->total += reply->list_reply->n_petitions;
    next = reply->list_reply->next_cursor;
    if (next == NULL || next[0] == '\0')
      return TD_EXIT_OK;
    /* A cursor that does not move would never end. */
    if (cursor != NULL && strcmp(cursor, next) == 0)
      return td_call_internal(_("the server sent the same page twice"));
    cursor = next;
  }
}

/* The unit's name: the caller's own, or that of a petition of it. */
static void unit_of(const struct td_register_args *a,
                    const Tiepdan__HelloReply *hello,
                    const Tiepdan__Petition *const *all, size_t n,
                    struct td_register *r)
{
  const Tiepdan__Unit *own = hello != NULL ? hello->unit : NULL;
  size_t i;

  if (a->unit == NULL) {
    r->unit_code = own != NULL ? own->code : NULL;
    r->unit_name = own != NULL ? own->name : NULL;
    return;
  }
  r->unit_code = a->unit;
  if (own != NULL && own->code != NULL && strcmp(own->code, a->unit) == 0) {
    r->unit_name = own->name;
    return;
  }
  for (i = 0; i < n; i++)
    if (all[i]->unit != NULL && all[i]->unit->code != NULL &&
        strcmp(all[i]->unit->code, a->unit) == 0) {
      r->unit_name = all[i]->unit->name;
      return;
    }
}

static int output(const struct td_global_args *g,
                  const struct td_register_args *a, const struct td_register *r)
{
  char err[1024];

  if (a->xlsx != NULL) {
    if (td_register_write_xlsx(a->xlsx, r, err, sizeof(err)) != 0)
      return td_call_internal(err);
    /* The path alone, for scripts: the workbook is the output. */
    printf("%s\n", a->xlsx);
    return td_call_finish_output(0);
  }
  if (g->format == TD_FORMAT_CSV)
    return td_call_finish_output(td_register_print_csv(stdout, r));
  if (g->format == TD_FORMAT_JSON)
    return td_call_finish_output(td_register_print_json(stdout, r));
  return td_call_finish_output(
      td_register_print_table(stdout, r, td_call_terminal_columns()));
}

/* Every page's petitions in one array, and the book made of them. */
static int write_book(const struct td_global_args *g,
                      const struct td_register_args *a, const struct pages *p,
                      const Tiepdan__HelloReply *hello)
{
  const Tiepdan__Petition **all;
  struct td_register r;
  size_t i;
  size_t j;
  size_t k = 0;
  int code;

  all = malloc((p->total ? p->total : 1) * sizeof(*all));
  if (all == NULL)
    return td_call_internal(_("out of memory"));
  for (i = 0; i < p->n; i++)
    for (j = 0; j < p->env[i]->list_reply->n_petitions; j++)
      all[k++] = p->env[i]->list_reply->petitions[j];
  if (td_register_make(all, k, hello, td_lang_current() == TD_LANG_EN, &r) !=
      0) {
    free(all);
    return td_call_internal(_("out of memory"));
  }
  unit_of(a, hello, all, k, &r);
  r.from = a->from;
  r.to = a->to;
  code = output(g, a, &r);
  td_register_free(&r);
  free(all);
  return code;
}

int td_cmd_report_register(const struct td_global_args *g, const char *usage)
{
  struct td_register_args a;
  struct td_client_opts o;
  struct td_session s;
  struct pages p;
  char err[512];
  int code;

  if (td_cmd_parse_register(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("report", err, td_cmd_report_register_usage);
  if (a.help) {
    td_call_print_usage(usage);
    putchar('\n');
    return td_call_print_usage(td_cmd_report_register_usage);
  }
  /* The book's words in the language asked for, as report's --lang. */
  if (a.lang != NULL && td_lang_set(a.lang) != 0)
    return td_call_internal(_("this language is not available"));
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    memset(&p, 0, sizeof(p));
    td_call_session_start(&s, &o, 0);
    code = fetch(&s, &a, &p);
    if (code == TD_EXIT_OK)
      code =
          write_book(g, &a, &p, s.hello != NULL ? s.hello->hello_reply : NULL);
    td_session_close(&s);
    pages_free(&p);
  }
  td_client_config_free(&o);
  return code;
}
