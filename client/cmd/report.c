/*
 * tiepdan report: the period in whole months, the unit, the language, and
 * where it goes; its statistics, fetched on one connection, written as
 * paragraphs, a table, json or a workbook. See report.h.
 */
#include "cmd/report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/audit.h"
#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/report_register.h"
#include "common/code.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "cmd/report_lists.h"
#include "render/report.h"
#include "render/report_doc.h"

enum {
  O_HELP = 1,
  O_UNIT,
  O_FROM,
  O_TO,
  O_LANG,
  O_XLSX,
  O_FRONT,
  O_TABLE,
  O_INCLUDE_FRONT,
  O_FIGURE,
  O_PERIOD,
  O_FORM,
  O_EXPLAIN
};

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] report --from MONTH --to MONTH "
    "[--unit CODE]\n"
    "                                      [--lang vi|en]\n"
    "                                      [--front | --include-front]\n"
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
    "thư): the citizens' petitions received in the period and how they stand\n"
    "today, their outcomes, group petitions (đoàn đông người) and kinds; then\n"
    "the reception sessions, dialogue conferences and voters' meetings held,\n"
    "each conference by its title when their titles differ. The\n"
    "recommendations the Fatherland Front forwards (channel\n"
    "front_supervision) are not counted among the petitions: one line says\n"
    "how many there were.\n"
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
    "  --include-front\n"
    "                 count the Front's recommendations among the petitions\n"
    "  --front        write the Front committee's own report instead (báo\n"
    "                 cáo kết quả giám sát, phản biện xã hội): its\n"
    "                 supervisions and social criticisms held, each by its\n"
    "                 title, the recommendations it forwarded (channel\n"
    "                 front_supervision, received in the period), how they\n"
    "                 stand today, the rate \"được tiếp thu, trả lời, giải\n"
    "                 quyết\", and each recommendation behind each figure\n"
    "  --table NAME   print one table instead: summary, kind, field, channel,\n"
    "                 month, sessions or session-list (each session); with\n"
    "                 --front: summary, sessions, session-list, front (by\n"
    "                 status) or front-list (each recommendation)\n"
    "  --xlsx FILE    write an Excel workbook instead, one sheet per table\n"
    "                 (Tổng hợp with the report's paragraphs, then the\n"
    "                 others), and print its path\n"
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
    "The Front's rate \"được tiếp thu, trả lời, giải quyết\" = its\n"
    "recommendations resolved (answered in writing, mediated or decided) /\n"
    "those it forwarded in the period, with one decimal (59 forwarded, 50\n"
    "resolved: 84.7%). Open and overdue petitions are counted as they stand\n"
    "today. In Vietnamese, one to nine are written with two digits (\"01\n"
    "đơn\") and percentages with a decimal comma (\"98,2%\"), as the reports\n"
    "write them.\n"
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
    "  tiepdan --format csv report --from 2025-07 --to 2026-06 --front "
    "--table front-list\n"
    "  tiepdan report --form 01/TCD --period 2026 --xlsx 01-TCD-2026.xlsx\n"
    "  tiepdan report --form 01/TCD --period 2026 --explain-cell 6\n");

/* The channel of the Front's recommendations. */
#define TD_REPORT_FRONT_CHANNEL ((char *)"front_supervision")

/* The document to sign (--doc) ----------------------------------------------*/

enum {
  O_DOC = 64,
  O_NUMBER,
  O_DATE,
  O_PLACE,
  O_SIGNER,
  O_SIGNER_TITLE,
  O_RECIPIENT
};

/* Printed after usage, before the document's. */
static const char explain_usage[] = N_(
    "\n"
    "The petitions behind a figure:\n"
    "  --explain FIGURE  list, as list prints them, the petitions behind one\n"
    "                 figure of the report for the same unit and period:\n"
    "                 received, resolved, withdrawn, not_accepted,\n"
    "                 transferred, overdue (open and past the deadline as of\n"
    "                 today, whatever the day received) or front (the\n"
    "                 Front's recommendations). Like the report, the Front's\n"
    "                 recommendations are left out unless --include-front\n");

/* Printed after usage. */
static const char doc_usage[] = N_(
    "\n"
    "The document a leader signs:\n"
    "  --doc FILE     write the report instead as an administrative document\n"
    "                 in the layout of Decree 30/2020/NĐ-CP, FILE.docx (to\n"
    "                 edit before signing) or FILE.pdf, and print its path:\n"
    "                 national heading and motto, the issuing body, number,\n"
    "                 place and date, BÁO CÁO and its subject, the report,\n"
    "                 recipients (Nơi nhận) and the signature block. It is\n"
    "                 always in Vietnamese, whatever --lang says\n"
    "  --number TEXT  its number and symbol, such as 12/BC-UBND (default:\n"
    "                 \"Số:      /BC-UBND\", to fill in by hand)\n"
    "  --date DAY     its date, YYYY-MM-DD (default: the day and month left\n"
    "                 blank to fill in, this year)\n"
    "  --place NAME   the place before the date (default: report_place in\n"
    "                 the configuration file, else the unit's name without\n"
    "                 \"Xã\" or \"Phường\")\n"
    "  --signer NAME  who signs (default: report_signer in the configuration\n"
    "                 file, else left blank to fill in)\n"
    "  --signer-title TEXT\n"
    "                 the signer's title (default: report_signer_title in the\n"
    "                 configuration file, else CHỦ TỊCH), under \"TM. ỦY BAN\n"
    "                 NHÂN DÂN\"\n"
    "  --recipient TEXT\n"
    "                 a recipient, once for each (at most 16; default: Thanh\n"
    "                 tra tỉnh and Ban Tiếp công dân tỉnh, for a province\n"
    "                 Thanh tra Chính phủ and Ban Tiếp công dân Trung ương);\n"
    "                 \"Lưu: VT.\" is always last\n"
    "\n"
    "Example:\n"
    "  tiepdan report --from 2026-01 --to 2026-12 --doc bao-cao.docx \\\n"
    "      --number 12/BC-UBND --date 2026-12-15 --signer \"Hoàng Văn "
    "Lãnh\"\n");

static int doc_opt(struct td_report_doc_args *d, int id, char *v, char *err,
                   size_t errlen)
{
  td_day day;

  switch (id) {
  case O_DOC:
    if (td_report_doc_kind(v) < 0)
      return td_opt_bad_value("--doc", v,
                              _("the path of a file ending in .docx or .pdf"),
                              err, errlen);
    d->path = v;
    return 0;
  case O_NUMBER:
    return td_opt_text("--number", v, &d->number, err, errlen);
  case O_DATE:
    if (td_day_parse(v, &day) != 0)
      return td_opt_bad_value("--date", v, _("a day YYYY-MM-DD"), err, errlen);
    td_day_to_ymd(day, &d->year, &d->month, &d->day);
    return 0;
  case O_PLACE:
    return td_opt_text("--place", v, &d->place, err, errlen);
  case O_SIGNER:
    return td_opt_text("--signer", v, &d->signer, err, errlen);
  case O_SIGNER_TITLE:
    return td_opt_text("--signer-title", v, &d->signer_title, err, errlen);
  default:
    if (d->nrecipients == TD_REPORT_DOC_RECIPIENTS) {
      snprintf(err, errlen, _("--recipient: at most %d recipients"),
               TD_REPORT_DOC_RECIPIENTS);
      return -1;
    }
    if (td_opt_text("--recipient", v, &d->recipients[d->nrecipients], err,
                    errlen) != 0)
      return -1;
    d->nrecipients++;
    return 0;
  }
}

/* The document's options go with --doc and with nothing that prints
 * something else; the document is Vietnamese. */
static int doc_check(struct td_report_args *a, char *err, size_t errlen)
{
  const struct td_report_doc_args *d = &a->doc;
  const char *lone;

  if (d->path == NULL) {
    lone = d->number         ? "--number"
           : d->day          ? "--date"
           : d->place        ? "--place"
           : d->signer       ? "--signer"
           : d->signer_title ? "--signer-title"
           : d->nrecipients  ? "--recipient"
                             : NULL;
    if (lone == NULL)
      return 0;
    snprintf(err, errlen,
             _("%s goes into the document to sign: give --doc FILE as well"),
             lone);
    return -1;
  }
  if (a->xlsx != NULL || a->table >= 0) {
    snprintf(err, errlen,
             _("--doc writes the whole report as a document; leave out %s"),
             a->xlsx != NULL ? "--xlsx" : "--table");
    return -1;
  }
  a->lang = TD_REPORT_VI;
  return 0;
}

/* "Bình Lư" of "Xã Bình Lư": the place a document is dated at. */
static const char *doc_place(const char *unit)
{
  static const char *const levels[] = {
      "Xã ",   "Phường ", "Thị trấn ",  "Thị xã ", "Đặc khu ",
      "Tỉnh ", "Huyện ",  "Thành phố ", "Quận ",
  };
  size_t i;

  for (i = 0; unit != NULL && i < sizeof(levels) / sizeof(*levels); i++)
    if (strncmp(unit, levels[i], strlen(levels[i])) == 0)
      return unit + strlen(levels[i]);
  return unit;
}

/* The configuration's settings for what the options did not say
 * (net/config.h); o outlives the document. */
static void doc_settings(struct td_report_doc_args *d,
                         const struct td_client_opts *o)
{
  if (d->signer == NULL)
    d->signer = o->report_signer;
  if (d->signer_title == NULL)
    d->signer_title = o->report_signer_title;
  if (d->place == NULL)
    d->place = o->report_place;
}

/* Writes the document of --doc and prints its path. */
static int doc_output(const struct td_report_args *a, const struct td_report *r)
{
  /* Where a commune's report goes, and a province's. */
  static const char *const to_province[] = {"Thanh tra tỉnh",
                                            "Ban Tiếp công dân tỉnh"};
  static const char *const to_nation[] = {"Thanh tra Chính phủ",
                                          "Ban Tiếp công dân Trung ương"};
  const char *const *recipients;
  const struct td_report_doc_args *o = &a->doc;
  struct td_report_doc d;
  struct td_report_text t;
  const char *unit;
  char issuer[512];
  char subject[512];
  char err[1024];
  int res;

  unit = r->unit_name != NULL && r->unit_name[0] != '\0' ? r->unit_name
                                                         : r->unit_code;
  memset(&d, 0, sizeof(d));
  d.superior = "ỦY BAN NHÂN DÂN";
  td_report_doc_upper(unit, issuer, sizeof(issuer));
  d.issuer = issuer;
  d.number = o->number;
  d.place = o->place != NULL ? o->place : doc_place(unit);
  d.year = o->year;
  d.month = o->month;
  d.day = o->day;
  /* Without --date, this year, day and month left to fill in. */
  if (o->day == 0)
    td_day_to_ymd(td_day_from_unix_vn((int64_t)time(NULL)), &d.year, &res,
                  &res);
  /* The official period by its name ("năm 2026", "6 tháng đầu năm
   * 2026"), else the months as days. */
  if (a->has_period) {
    td_period_name(&a->period, 1, err, sizeof(err));
    td_report_doc_subject_of(err, subject, sizeof(subject));
  } else {
    td_report_doc_subject(a->from, a->to, subject, sizeof(subject));
  }
  d.subject = subject;
  recipients = r->unit_code != NULL &&
                       strcmp(td_code_unit_level(r->unit_code), "province") == 0
                   ? to_nation
                   : to_province;
  d.recipients =
      o->nrecipients > 0 ? (const char *const *)o->recipients : recipients;
  d.nrecipients = o->nrecipients > 0 ? o->nrecipients : 2;
  d.authority = "TM. ỦY BAN NHÂN DÂN";
  d.signer_title = o->signer_title != NULL ? o->signer_title : "CHỦ TỊCH";
  d.signer_name = o->signer;
  if (td_report_text_make(r, &t) != 0) {
    td_report_text_free(&t);
    return td_call_internal(_("out of memory"));
  }
  d.body = &t;
  res = td_report_doc_write(o->path, &d, err, sizeof(err));
  td_report_text_free(&t);
  if (res != 0)
    return td_call_internal(err);
  /* The path alone, as --xlsx prints it. */
  printf("%s\n", o->path);
  return td_call_finish_output(0);
}

static const struct td_opt report_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"from", 1, O_FROM},
    {"to", 1, O_TO},
    {"lang", 1, O_LANG},
    {"xlsx", 1, O_XLSX},
    {"front", 0, O_FRONT},
    {"table", 1, O_TABLE},
    {"include-front", 0, O_INCLUDE_FRONT},
    {"explain", 1, O_FIGURE},
    {"period", 1, O_PERIOD},
    {"form", 1, O_FORM},
    {"explain-cell", 1, O_EXPLAIN},
    /* The document to sign. */
    {"doc", 1, O_DOC},
    {"number", 1, O_NUMBER},
    {"date", 1, O_DATE},
    {"place", 1, O_PLACE},
    {"signer", 1, O_SIGNER},
    {"signer-title", 1, O_SIGNER_TITLE},
    {"recipient", 1, O_RECIPIENT},
    {NULL, 0, 0},
};

#define TABLES                                                                 \
  N_("summary, kind, field, channel, month, sessions, session-list, front or " \
     "front-list")

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
  case O_FIGURE:
    a->figure = td_cmd_report_figure_parse(v);
    if (a->figure < 0)
      return td_opt_bad_value("--explain", v,
                              _("received, resolved, withdrawn, not_accepted, "
                                "transferred, overdue or front"),
                              err, errlen);
    return 0;
  case O_INCLUDE_FRONT:
    a->include_front = 1;
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
  case O_DOC:
  case O_NUMBER:
  case O_DATE:
  case O_PLACE:
  case O_SIGNER:
  case O_SIGNER_TITLE:
  case O_RECIPIENT:
    return doc_opt(&a->doc, id, v, err, errlen);
  default:
    a->table = td_report_table_parse(v);
    if (a->table < 0)
      return td_opt_bad_value("--table", v, _(TABLES), err, errlen);
    return 0;
  }
}

/* The Front's report and the commune's have their own tables. */
static int report_check_front(const struct td_report_args *a, char *err,
                              size_t errlen)
{
  if (a->front && a->include_front) {
    snprintf(err, errlen,
             _("--include-front counts the Front's recommendations in the "
               "commune's report; --front writes the Front's own report: "
               "give one of them"));
    return -1;
  }
  if (a->table >= 0 && !td_report_table_of(a->table, a->front)) {
    if (a->front)
      snprintf(err, errlen,
               _("--table %s is not a table of the Front's report; its "
                 "tables are summary, sessions, session-list, front and "
                 "front-list"),
               td_report_table_name(a->table));
    else
      snprintf(err, errlen,
               _("--table %s is a table of the Front's report: add --front"),
               td_report_table_name(a->table));
    return -1;
  }
  return 0;
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
  if (a->form[0] != '\0' && a->doc.path != NULL) {
    snprintf(err, errlen,
             _("--doc writes the whole report as a document; leave out %s"),
             "--form");
    return -1;
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
  if (report_check_front(a, err, errlen) != 0)
    return -1;
  if (a->figure >= 0) {
    if (a->xlsx != NULL || a->table >= 0 || a->doc.path != NULL || a->front) {
      snprintf(err, errlen,
               _("--explain lists the petitions behind a figure; leave out "
                 "--xlsx, --table, --doc and --front"));
      return -1;
    }
    return 0;
  }
  if (a->xlsx != NULL && a->table >= 0) {
    snprintf(err, errlen,
             _("--xlsx writes every table, one sheet each; leave out --table"));
    return -1;
  }
  if (fmt == TD_FORMAT_CSV && a->xlsx == NULL && a->doc.path == NULL &&
      a->table < 0) {
    snprintf(err, errlen,
             _("--format csv prints one table: name it with --table, one of "
               "%s"),
             _(TABLES));
    return -1;
  }
  return doc_check(a, err, errlen);
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
  a->figure = -1;
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

/* The Front's recommendations: counted alone in the Front's report and
 * in its own query, left out of the commune's figures unless asked. */
static void report_request_channel(const struct td_report_args *a, int query,
                                   Tiepdan__GetStats *get)
{
  if (query == TD_REPORT_Q_FRONT || a->front)
    get->channel = TD_REPORT_FRONT_CHANNEL;
  else if (!a->include_front)
    get->exclude_channel = TD_REPORT_FRONT_CHANNEL;
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
      (a->front && query >= TD_REPORT_Q_KIND && query <= TD_REPORT_Q_MONTH))
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
  report_request_channel(a, query, &r->get);
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
  r->period = a->has_period ? &a->period : NULL;
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
  r->front_report = a->front;
  r->include_front = a->include_front;
  /* The names of kinds, fields and channels are the server's. */
  r->hello = hello;
}

static int report_output(const struct td_global_args *g,
                         const struct td_report_args *a,
                         const struct td_report *r)
{
  char err[1024];

  if (a->doc.path != NULL)
    return doc_output(a, r);
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
  struct td_report_lists lists;
  struct td_client_opts o;
  struct td_session s;
  struct td_report r;
  char err[512];
  int code;

  /* The reception book reads its period in days: its own command line. */
  if (td_cmd_report_register_asked(g->argc, g->argv))
    return td_cmd_report_register(g, usage);
  if (td_cmd_parse_report(g->argc, g->argv, g->format, &a, err, sizeof(err)) !=
      0) {
    code = td_call_usage_error("report", err, usage);
    fputs(_(explain_usage), stderr);
    fputs(_(doc_usage), stderr);
    return code;
  }
  if (a.help) {
    td_call_print_usage(usage);
    td_call_print_usage(explain_usage);
    td_call_print_usage(doc_usage);
    putchar('\n');
    return td_call_print_usage(td_cmd_report_register_usage);
  }
  if (a.form[0] != '\0')
    return td_cmd_report_form(g, &a, usage);
  if (a.figure >= 0)
    return td_cmd_report_explain(g, &a);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    doc_settings(&a.doc, &o);
    memset(&x, 0, sizeof(x));
    td_call_session_start(&s, &o, 0);
    memset(&lists, 0, sizeof(lists));
    code = report_fetch(&s, &a, &x);
    if (code == TD_EXIT_OK && stats_of(&x, TD_REPORT_Q_TOTAL)->total == NULL)
      code = td_call_internal(
          _("the server's answer holds no totals; check that the "
            "client and server versions match"));
    if (code == TD_EXIT_OK)
      code = td_cmd_report_lists_fetch(&s, &a, stats_of(&x, TD_REPORT_Q_TOTAL),
                                       &lists);
    if (code == TD_EXIT_OK) {
      report_make(&a, &x, s.hello != NULL ? s.hello->hello_reply : NULL, &r);
      td_cmd_report_lists_give(&lists, &r);
      code = report_output(g, &a, &r);
    }
    /* The written report ends with the check code of the province's
     * record at the latest anchor (cmd/audit.h). */
    if (code == TD_EXIT_OK && a.xlsx == NULL && a.doc.path == NULL &&
        a.table < 0 && g->format == TD_FORMAT_TABLE) {
      td_cmd_audit_fetch_anchor_line(&s, a.unit, err, sizeof(err));
      fputs(err, stdout);
      code = td_call_finish_output(0);
    }
    td_session_close(&s);
    report_replies_free(&x);
    td_cmd_report_lists_free(&lists);
  }
  td_client_config_free(&o);
  return code;
}
