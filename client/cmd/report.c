/*
 * tiepdan report: the period in whole months, the unit, the language, and
 * where it goes; its statistics, fetched on one connection, written as
 * paragraphs, a table, json or a workbook. See report.h.
 */
#include "cmd/report.h"

#include <stdio.h>
#include <string.h>

#include "cmd/audit.h"
#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/report_register.h"
#include "common/code.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/report.h"

enum {
  O_HELP = 1,
  O_UNIT,
  O_FROM,
  O_TO,
  O_LANG,
  O_XLSX,
  O_FRONT,
  O_TABLE,
  O_PERIOD,
  O_FORM,
  O_EXPLAIN
};

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] report --from MONTH --to MONTH "
    "[--unit CODE]\n"
    "                                      [--lang vi|en] [--front]\n"
    "                                      [--table NAME | --xlsx FILE]\n"
    "       tiepdan [GLOBAL OPTIONS] report --period PERIOD [--unit CODE] "
    "...\n"
    "       tiepdan [GLOBAL OPTIONS] report --form FORM --period PERIOD\n"
    "                                      [--unit CODE] [--lang vi|en]\n"
    "                                      [--xlsx FILE | --explain-cell "
    "[UNIT:]N]\n"
    "\n"
    "Writes the report of a unit for a period in the order and words of the\n"
    "communes' own reports (báo cáo kết quả tiếp công dân, giải quyết đơn\n"
    "thư): the petitions received in the period and how they stand today,\n"
    "their outcomes, group petitions (đoàn đông người) and kinds; then the\n"
    "reception sessions, dialogue conferences and voters' meetings held;\n"
    "with --front, the Front's recommendations after supervision.\n"
    "\n"
    "  --from MONTH   the first month, YYYY-MM (required). Statistics are\n"
    "                 kept by whole months: a day YYYY-MM-DD stands for its\n"
    "                 month, so --from 2025-07-15 counts from 1 July 2025\n"
    "  --to MONTH     the last month, the same way (required): --to\n"
    "                 2026-06-10 counts to the end of June 2026\n"
    "  --unit CODE    this unit and the units below it (default: your own\n"
    "                 unit)\n"
    "  --lang LANG    vi (Vietnamese) or en (English); by default the\n"
    "                 language this client speaks (tiepdan --lang)\n"
    "  --front        add the follow-up of the Fatherland Front's\n"
    "                 recommendations: those of kind recommendation that came\n"
    "                 by channel front_supervision. Their rate \"tiếp thu, "
    "trả\n"
    "                 lời, giải quyết\" is resolved / received of them\n"
    "  --table NAME   print one table instead: summary, kind, field, channel,\n"
    "                 month, sessions, or front (with --front)\n"
    "  --xlsx FILE    write an Excel workbook instead, one sheet per table\n"
    "                 (Tổng hợp with the report's paragraphs, Theo loại,\n"
    "                 Theo lĩnh vực, Theo kênh, Theo tháng, Tiếp công dân),\n"
    "                 and print its path\n"
    "\n"
    "  --period PERIOD  the official reporting period instead of --from and\n"
    "                 --to, counted by day: YYYY-Q1 (15 Dec of the year\n"
    "                 before to 14 Mar), YYYY-Q2 (15 Mar to 14 Jun), YYYY-Q3\n"
    "                 (15 Jun to 14 Sep), YYYY-Q4 (15 Sep to 14 Dec), YYYY-6M\n"
    "                 (15 Dec to 14 Jun), YYYY-9M (15 Dec to 14 Sep), YYYY\n"
    "                 (the year: 15 Dec to 14 Dec), or FROM..TO, two days\n"
    "                 YYYY-MM-DD (both included)\n"
    "  --form FORM    fill an official form of Circular 06/2025/TT-TTCP for\n"
    "                 the period: 01/TCD (citizen reception), 02/XLD\n"
    "                 (receiving and processing petitions), 03/GQKN\n"
    "                 (complaints resolved), 04/GQTC (denunciations\n"
    "                 resolved); a row per unit below yours, then the total,\n"
    "                 and its check formulas verified. --xlsx writes it in\n"
    "                 the form's layout, ready to print\n"
    "  --explain-cell [UNIT:]N  with --form: list the petitions and\n"
    "                 sessions behind column N of the total row, or of\n"
    "                 UNIT's row\n"
    "\n"
    "Rates: resolved = resolved / received; on time = resolved on time /\n"
    "resolved; left out (\"-\" in tables) when there is nothing to divide by.\n"
    "Open and overdue petitions are counted as they stand today. In\n"
    "Vietnamese, one to nine are written with two digits (\"01 đơn\") and\n"
    "percentages with a decimal comma (\"98,2%\"), as the reports write them.\n"
    "\n"
    "With --format csv, --table is required: that table with a header row,\n"
    "codes and plain numbers, rates as fractions (0.982), for scripts. With\n"
    "--format json: the paragraphs and every table as one object.\n"
    "\n"
    "Examples:\n"
    "  tiepdan report --from 2025-07 --to 2026-06\n"
    "  tiepdan report --from 2024-01 --to 2024-09 --lang en --front\n"
    "  tiepdan report --from 2025-07 --to 2026-06 --xlsx bao-cao.xlsx\n"
    "  tiepdan --format csv report --from 2025-07 --to 2026-06 --table kind\n"
    "  tiepdan report --form 01/TCD --period 2026 --xlsx 01-TCD-2026.xlsx\n"
    "  tiepdan report --form 01/TCD --period 2026 --explain-cell 6\n");

static const struct td_opt report_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"from", 1, O_FROM},
    {"to", 1, O_TO},
    {"lang", 1, O_LANG},
    {"xlsx", 1, O_XLSX},
    {"front", 0, O_FRONT},
    {"table", 1, O_TABLE},
    {"period", 1, O_PERIOD},
    {"form", 1, O_FORM},
    {"explain-cell", 1, O_EXPLAIN},
    {NULL, 0, 0},
};

/* What was typed of the period. */
struct period {
  int from; /* Month index; -1 when not given. */
  int to;
};

static int month_opt(const char *opt, const char *v, int last, int *index,
                     char *err, size_t errlen)
{
  if (td_opt_parse_month(v, last, index) == 0)
    return 0;
  return td_opt_bad_value(opt, v,
                          _("a month YYYY-MM or a day YYYY-MM-DD (which stands "
                            "for its month), from 2000-01 to 2100-12"),
                          err, errlen);
}

/* "01/TCD", in any case. */
static int form_opt(struct td_report_args *a, const char *v, char *err,
                    size_t errlen)
{
  size_t n = strlen(v);
  size_t i;

  if (n == 0 || n >= sizeof(a->form))
    return td_opt_bad_value(
        "--form", v, _("01/TCD, 02/XLD, 03/GQKN or 04/GQTC"), err, errlen);
  for (i = 0; i < n; i++) {
    char c = v[i];

    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '/'))
      return td_opt_bad_value(
          "--form", v, _("01/TCD, 02/XLD, 03/GQKN or 04/GQTC"), err, errlen);
    a->form[i] = c;
  }
  a->form[n] = '\0';
  return 0;
}

/* "6" or "03390:6". */
static int explain_opt(struct td_report_args *a, char *v, char *err,
                       size_t errlen)
{
  char *colon = strrchr(v, ':');
  const char *num = colon != NULL ? colon + 1 : v;
  unsigned long n = 0;
  size_t i;

  for (i = 0; num[i] != '\0' && i < 4; i++) {
    if (num[i] < '0' || num[i] > '9')
      break;
    n = n * 10 + (unsigned long)(num[i] - '0');
  }
  if (i == 0 || num[i] != '\0' || n == 0 || n > 999 ||
      (colon != NULL && colon == v))
    return td_opt_bad_value("--explain-cell", v,
                            _("a column's number N, or UNIT:N for the row of "
                              "a unit, e.g. 6 or 03390:6"),
                            err, errlen);
  a->explain = (unsigned)n;
  if (colon != NULL) {
    *colon = '\0';
    a->explain_unit = v;
  }
  return 0;
}

static int report_opt(struct td_report_args *a, struct period *p, int id,
                      char *v, char *err, size_t errlen)
{
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    if (td_opt_blank(v))
      return td_opt_bad_value("--unit", v, _("a unit code such as 03390"), err,
                              errlen);
    a->unit = v;
    return 0;
  case O_FROM:
    return month_opt("--from", v, 0, &p->from, err, errlen);
  case O_TO:
    return month_opt("--to", v, 1, &p->to, err, errlen);
  case O_LANG:
    if (strcmp(v, "vi") == 0)
      a->lang = TD_REPORT_VI;
    else if (strcmp(v, "en") == 0)
      a->lang = TD_REPORT_EN;
    else
      return td_opt_bad_value("--lang", v, _("vi or en"), err, errlen);
    return 0;
  case O_XLSX:
    if (v[0] == '\0')
      return td_opt_bad_value("--xlsx", v, _("the path of the file to write"),
                              err, errlen);
    a->xlsx = v;
    return 0;
  case O_FRONT:
    a->front = 1;
    return 0;
  case O_PERIOD:
    if (td_period_parse(v, &a->period) != 0)
      return td_opt_bad_value(
          "--period", v,
          _("YYYY-Q1, YYYY-Q2, YYYY-Q3, YYYY-Q4, YYYY-6M, YYYY-9M, YYYY, or "
            "FROM..TO with two days YYYY-MM-DD"),
          err, errlen);
    a->has_period = 1;
    return 0;
  case O_FORM:
    return form_opt(a, v, err, errlen);
  case O_EXPLAIN:
    return explain_opt(a, v, err, errlen);
  default:
    a->table = td_report_table_parse(v);
    if (a->table < 0)
      return td_opt_bad_value(
          "--table", v,
          _("summary, kind, field, channel, month, sessions or front"), err,
          errlen);
    return 0;
  }
}

static int report_check_rest(struct td_report_args *a, enum td_format fmt,
                             char *err, size_t errlen);

static int report_check_form(struct td_report_args *a, const struct period *p,
                             char *err, size_t errlen)
{
  if (!a->has_period) {
    snprintf(err, errlen,
             _("--form needs the period: --period 2026 (the year, 15 Dec to "
               "14 Dec), 2026-Q1, 2026-6M, 2026-9M or FROM..TO"));
    return -1;
  }
  if (p->from >= 0 || p->to >= 0 || a->front || a->table >= 0) {
    snprintf(err, errlen,
             _("--form fills one official form for --period; leave out "
               "--from, --to, --front and --table"));
    return -1;
  }
  if (a->explain > 0 && a->xlsx != NULL) {
    snprintf(err, errlen,
             _("--explain-cell lists the petitions behind a figure; leave "
               "out --xlsx"));
    return -1;
  }
  return 0;
}

static int report_check(struct td_report_args *a, const struct period *p,
                        enum td_format fmt, char *err, size_t errlen)
{
  if (a->has_period) {
    td_day_format(a->period.from, a->from_day);
    td_day_format(a->period.to, a->to_day);
  }
  if (a->form[0] != '\0')
    return report_check_form(a, p, err, errlen);
  if (a->explain > 0) {
    snprintf(err, errlen,
             _("--explain-cell explains a figure of a form: give --form as "
               "well"));
    return -1;
  }
  if (a->has_period) {
    int y, m, d;

    if (p->from >= 0 || p->to >= 0) {
      snprintf(err, errlen,
               _("--period gives the whole period: leave out --from and "
                 "--to"));
      return -1;
    }
    /* The months the days fall in name the period where months are
     * shown; the figures are counted by day. */
    td_day_to_ymd(a->period.from, &y, &m, &d);
    td_month_index_format(td_month_index(y, m), a->from);
    td_day_to_ymd(a->period.to, &y, &m, &d);
    td_month_index_format(td_month_index(y, m), a->to);
    return report_check_rest(a, fmt, err, errlen);
  }
  if (p->from < 0)
    return td_opt_missing("--from", "2025-07", err, errlen);
  if (p->to < 0)
    return td_opt_missing("--to", "2026-06", err, errlen);
  td_month_index_format(p->from, a->from);
  td_month_index_format(p->to, a->to);
  if (p->from > p->to) {
    snprintf(err, errlen, _("--from %s is after --to %s"), a->from, a->to);
    return -1;
  }
  return report_check_rest(a, fmt, err, errlen);
}

static int report_check_rest(struct td_report_args *a, enum td_format fmt,
                             char *err, size_t errlen)
{
  if (a->table == TD_REPORT_FRONT && !a->front) {
    snprintf(err, errlen,
             _("--table front shows the Front's recommendations, so it needs "
               "--front as well"));
    return -1;
  }
  if (a->xlsx != NULL && a->table >= 0) {
    snprintf(err, errlen,
             _("--xlsx writes every table, one sheet each; leave out --table"));
    return -1;
  }
  if (fmt == TD_FORMAT_CSV && a->xlsx == NULL && a->table < 0) {
    snprintf(err, errlen,
             _("--format csv prints one table: name it with --table, one of "
               "%s"),
             _("summary, kind, field, channel, month, sessions or front"));
    return -1;
  }
  return 0;
}

int td_cmd_parse_report(int argc, char **argv, enum td_format fmt,
                        struct td_report_args *a, char *err, size_t errlen)
{
  struct td_args args;
  struct period p;
  int id;

  memset(a, 0, sizeof(*a));
  /* Without --lang, the report is in the officer's language. */
  a->lang = td_lang_current() == TD_LANG_EN ? TD_REPORT_EN : TD_REPORT_VI;
  a->table = -1;
  p.from = -1;
  p.to = -1;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, report_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_opt_extra_word(args.value, err, errlen);
    if (report_opt(a, &p, id, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help)
    return 0;
  return report_check(a, &p, fmt, err, errlen);
}

int td_cmd_report_request(const struct td_report_args *a, int query,
                          struct td_stats_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetStats get = TIEPDAN__GET_STATS__INIT;
  static const Tiepdan__StatDim dims[TD_REPORT_Q_N] = {
      [TD_REPORT_Q_TOTAL] = TIEPDAN__STAT_DIM__DIM_UNSPECIFIED,
      [TD_REPORT_Q_KIND] = TIEPDAN__STAT_DIM__DIM_KIND,
      [TD_REPORT_Q_FIELD] = TIEPDAN__STAT_DIM__DIM_FIELD,
      [TD_REPORT_Q_CHANNEL] = TIEPDAN__STAT_DIM__DIM_CHANNEL,
      [TD_REPORT_Q_MONTH] = TIEPDAN__STAT_DIM__DIM_MONTH,
      [TD_REPORT_Q_UNIT] = TIEPDAN__STAT_DIM__DIM_UNIT,
      [TD_REPORT_Q_FRONT] = TIEPDAN__STAT_DIM__DIM_STATUS,
  };

  if (query < 0 || query >= TD_REPORT_Q_N ||
      (query == TD_REPORT_Q_UNIT && a->unit == NULL) ||
      (query == TD_REPORT_Q_FRONT && !a->front))
    return -1;
  r->env = env;
  r->get = get;
  r->get.unit_code = a->unit;
  if (a->has_period) {
    r->get.from_day = (char *)a->from_day;
    r->get.to_day = (char *)a->to_day;
  } else {
    r->get.from = (char *)a->from;
    r->get.to = (char *)a->to;
  }
  if (query != TD_REPORT_Q_TOTAL) {
    r->dims[0] = dims[query];
    r->get.n_group_by = 1;
    r->get.group_by = r->dims;
  }
  if (query == TD_REPORT_Q_UNIT)
    r->get.unit_level = (char *)td_code_unit_level(a->unit);
  if (query == TD_REPORT_Q_FRONT) {
    r->get.kind = "recommendation";
    r->get.channel = "front_supervision";
  }
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  r->env.get_stats = &r->get;
  return 0;
}

/* The answers to a report's queries; NULL where not asked. */
struct report_replies {
  Tiepdan__Envelope *env[TD_REPORT_Q_N];
};

static void report_replies_free(struct report_replies *x)
{
  size_t i;

  for (i = 0; i < TD_REPORT_Q_N; i++)
    if (x->env[i] != NULL)
      tiepdan__envelope__free_unpacked(x->env[i], NULL);
}

static const Tiepdan__StatsReply *stats_of(const struct report_replies *x,
                                           int query)
{
  return x->env[query] != NULL ? x->env[query]->stats_reply : NULL;
}

/* Sends every query the report needs, one after the other on one
 * connection: reads, sent once, as stats sends its one. */
static int report_fetch(struct td_session *s, const struct td_report_args *a,
                        struct report_replies *x)
{
  static const struct td_call c = {
      .command = "report",
      .not_found =
          N_("check the unit code given with --unit; you see statistics "
             "only of your own unit and the units below it"),
      .unknown = N_("this server does not offer statistics yet; ask your "
                    "administrator to update tiepdand")};
  struct td_stats_req req;
  int code;
  int q;

  for (q = 0; q < TD_REPORT_Q_N; q++) {
    if (td_cmd_report_request(a, q, &req) != 0)
      continue;
    code = td_call_exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_STATS_REPLY,
                            &x->env[q], &c);
    if (code != TD_EXIT_OK)
      return code;
  }
  return TD_EXIT_OK;
}

/* The unit is the one asked for, named by its row in the statistics by
 * unit, or else the caller's own, as the server greeted it. */
static void report_make(const struct td_report_args *a,
                        const struct report_replies *x,
                        const Tiepdan__HelloReply *hello, struct td_report *r)
{
  const Tiepdan__Unit *own;

  memset(r, 0, sizeof(*r));
  own = hello != NULL ? hello->unit : NULL;
  r->lang = (enum td_report_lang)a->lang;
  r->from = a->from;
  r->to = a->to;
  if (a->unit != NULL) {
    r->unit_code = a->unit;
    r->unit_name = td_report_unit_name(stats_of(x, TD_REPORT_Q_UNIT), a->unit);
    if (r->unit_name == NULL && own != NULL && own->code != NULL &&
        strcmp(own->code, a->unit) == 0)
      r->unit_name = own->name;
  } else if (own != NULL) {
    r->unit_code = own->code;
    r->unit_name = own->name;
  }
  r->total = stats_of(x, TD_REPORT_Q_TOTAL);
  r->by_kind = stats_of(x, TD_REPORT_Q_KIND);
  r->by_field = stats_of(x, TD_REPORT_Q_FIELD);
  r->by_channel = stats_of(x, TD_REPORT_Q_CHANNEL);
  r->by_month = stats_of(x, TD_REPORT_Q_MONTH);
  r->front = stats_of(x, TD_REPORT_Q_FRONT);
  /* The names of kinds, fields and channels are the server's. */
  r->hello = hello;
}

static int report_output(const struct td_global_args *g,
                         const struct td_report_args *a,
                         const struct td_report *r)
{
  char err[1024];

  if (a->xlsx != NULL) {
    if (td_report_write_xlsx(a->xlsx, r, err, sizeof(err)) != 0)
      return td_call_internal(err);
    /* The path alone, for scripts: the workbook is the output. */
    printf("%s\n", a->xlsx);
    return td_call_finish_output(0);
  }
  if (g->format == TD_FORMAT_JSON)
    return td_call_finish_output(td_report_print_json(stdout, r, a->table));
  if (a->table >= 0)
    return td_call_finish_output(
        td_report_print_table(stdout, g->format, r, a->table));
  return td_call_finish_output(td_report_print(stdout, r));
}

int td_cmd_report(const struct td_global_args *g)
{
  struct td_report_args a;
  struct report_replies x;
  struct td_client_opts o;
  struct td_session s;
  struct td_report r;
  char err[512];
  int code;

  /* The reception book reads its period in days: its own command line. */
  if (td_cmd_report_register_asked(g->argc, g->argv))
    return td_cmd_report_register(g, usage);
  if (td_cmd_parse_report(g->argc, g->argv, g->format, &a, err, sizeof(err)) !=
      0)
    return td_call_usage_error("report", err, usage);
  if (a.help) {
    td_call_print_usage(usage);
    putchar('\n');
    return td_call_print_usage(td_cmd_report_register_usage);
  }
  if (a.form[0] != '\0')
    return td_cmd_report_form(g, &a, usage);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    memset(&x, 0, sizeof(x));
    td_call_session_start(&s, &o, 0);
    code = report_fetch(&s, &a, &x);
    if (code == TD_EXIT_OK && stats_of(&x, TD_REPORT_Q_TOTAL)->total == NULL)
      code = td_call_internal(
          _("the server's answer holds no totals; check that the "
            "client and server versions match"));
    if (code == TD_EXIT_OK) {
      report_make(&a, &x, s.hello != NULL ? s.hello->hello_reply : NULL, &r);
      code = report_output(g, &a, &r);
    }
    /* The written report ends with the check code of the province's
     * record at the latest anchor (cmd/audit.h). */
    if (code == TD_EXIT_OK && a.xlsx == NULL && a.table < 0 &&
        g->format == TD_FORMAT_TABLE) {
      td_cmd_audit_fetch_anchor_line(&s, a.unit, err, sizeof(err));
      fputs(err, stdout);
      code = td_call_finish_output(0);
    }
    td_session_close(&s);
    report_replies_free(&x);
  }
  td_client_config_free(&o);
  return code;
}
