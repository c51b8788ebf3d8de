/*
 * What the report's text, tables and workbook all read: the names of the
 * tables and sheets, numbers as the reports write them, the rows of the
 * statistics, and the names of codes from the server's terms. See
 * report.h and report_int.h.
 */
#include "render/report_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "render/terms.h"

#define NUM 40 /* Room for any count or percentage, with its NUL. */
#define RATE_MAX 1e6

static const char *const table_names[TD_REPORT_N_TABLES] = {
    "summary",  "kind",  "field",        "channel",    "month",
    "sessions", "front", "session-list", "front-list",
};

const char *td_report_table_name(int table)
{
  if (table < 0 || table >= TD_REPORT_N_TABLES)
    return NULL;
  return table_names[table];
}

int td_report_table_parse(const char *name)
{
  int i;

  for (i = 0; name != NULL && i < TD_REPORT_N_TABLES; i++)
    if (strcmp(table_names[i], name) == 0)
      return i;
  return -1;
}

void td_report_count(char *buf, size_t len, enum td_report_lang lang,
                     uint64_t n)
{
  char digits[24];
  char out[NUM];
  size_t nd;
  size_t i;
  size_t o;

  /* "01 đơn": the reports write one to nine with two digits. */
  if (lang == TD_REPORT_VI && n > 0 && n < 10) {
    snprintf(buf, len, "0%u", (unsigned)n);
    return;
  }
  nd = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, n);
  o = 0;
  for (i = 0; i < nd; i++) {
    if (i > 0 && (nd - i) % 3 == 0)
      out[o++] = lang == TD_REPORT_VI ? '.' : ',';
    out[o++] = digits[i];
  }
  out[o] = '\0';
  snprintf(buf, len, "%s", out);
}

int td_report_percent(char *buf, size_t len, enum td_report_lang lang, int has,
                      double rate)
{
  uint64_t milli;

  /* Written so that NaN fails too. */
  if (!has || !(rate >= 0.0 && rate <= RATE_MAX)) {
    snprintf(buf, len, "-");
    return -1;
  }
  milli = (uint64_t)(rate * 1000.0 + 0.5);
  /* A report never rounds one open petition away, nor one resolved. */
  if (rate < 1.0 && milli >= 1000)
    milli = 999;
  if (rate > 0.0 && milli == 0)
    milli = 1;
  if (milli % 10 == 0)
    snprintf(buf, len, "%" PRIu64 "%%", milli / 10);
  else
    snprintf(buf, len, "%" PRIu64 "%c%" PRIu64 "%%", milli / 10,
             lang == TD_REPORT_VI ? ',' : '.', milli % 10);
  return 0;
}

const char *td_report_unit_name(const Tiepdan__StatsReply *by_unit,
                                const char *code)
{
  const char *key;
  size_t n;
  size_t i;

  if (by_unit == NULL || code == NULL)
    return NULL;
  n = strlen(code);
  for (i = 0; i < by_unit->n_rows; i++) {
    key = by_unit->rows[i]->n_keys > 0 ? by_unit->rows[i]->keys[0] : NULL;
    if (key != NULL && strncmp(key, code, n) == 0 && key[n] == ' ' &&
        key[n + 1] != '\0')
      return key + n + 1;
  }
  return NULL;
}

int td_report_table_of(int table, int front_report)
{
  switch (table) {
  case TD_REPORT_SUMMARY:
  case TD_REPORT_SESSIONS:
  case TD_REPORT_SESSION_LIST:
    return 1;
  case TD_REPORT_KIND:
  case TD_REPORT_FIELD:
  case TD_REPORT_CHANNEL:
  case TD_REPORT_MONTH:
    return !front_report;
  case TD_REPORT_FRONT:
  case TD_REPORT_FRONT_LIST:
    return front_report;
  default:
    return 0;
  }
}

/* Sheet names: at most 31 characters, as Excel allows. */
static const char *const sheets[2][TD_REPORT_N_TABLES] = {
    {"Tổng hợp", "Theo loại", "Theo lĩnh vực", "Theo kênh", "Theo tháng",
     "Tiếp công dân", "Kiến nghị sau giám sát", "Danh sách các cuộc",
     "Danh sách kiến nghị"},
    {"Summary", "By kind", "By field", "By channel", "By month",
     "Reception sessions", "Front recommendations", "Sessions one by one",
     "Recommendations one by one"},
};

/* The Front's report names its sessions otherwise. */
static const char *const front_sessions_sheet[2] = {
    "Giám sát, phản biện xã hội",
    "Supervision, social criticism",
};

const char *td_report__sheet(int id, enum td_report_lang lang)
{
  if (id < 0 || id >= TD_REPORT_N_TABLES)
    return NULL;
  return sheets[lang == TD_REPORT_VI ? 0 : 1][id];
}

const char *td_report__sheet_of(const struct td_report *r, int id)
{
  if (r->front_report && id == TD_REPORT_SESSIONS)
    return front_sessions_sheet[r->lang == TD_REPORT_VI ? 0 : 1];
  return td_report__sheet(id, r->lang);
}

const Tiepdan__StatRow *td_report__row(const Tiepdan__StatsReply *reply,
                                       const char *key)
{
  size_t i;

  if (reply == NULL)
    return NULL;
  for (i = 0; i < reply->n_rows; i++)
    if (reply->rows[i]->n_keys > 0 && reply->rows[i]->keys[0] != NULL &&
        strcmp(reply->rows[i]->keys[0], key) == 0)
      return reply->rows[i];
  return NULL;
}

const Tiepdan__SessionStat *td_report__sessions(const Tiepdan__StatsReply *r,
                                                int type)
{
  size_t i;

  if (r == NULL)
    return NULL;
  for (i = 0; i < r->n_sessions; i++)
    if (r->sessions[i]->has_type && (int)r->sessions[i]->type == type)
      return r->sessions[i];
  return NULL;
}

const char *td_report__title(enum td_report_lang lang)
{
  return lang == TD_REPORT_VI
             ? "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN, TIẾP NHẬN VÀ GIẢI QUYẾT ĐƠN "
               "THƯ"
             : "REPORT ON CITIZEN RECEPTION AND THE HANDLING OF PETITIONS";
}

const char *td_report__title_of(const struct td_report *r)
{
  if (!r->front_report)
    return td_report__title(r->lang);
  return r->lang == TD_REPORT_VI
             ? "BÁO CÁO KẾT QUẢ GIÁM SÁT, PHẢN BIỆN XÃ HỘI VÀ THEO DÕI VIỆC "
               "GIẢI QUYẾT KIẾN NGHỊ CỦA ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"
             : "REPORT ON THE SUPERVISION AND SOCIAL CRITICISM OF THE "
               "FATHERLAND FRONT COMMITTEE AND THE FOLLOW-UP OF ITS "
               "RECOMMENDATIONS";
}

int td_report__is_front_session(int type)
{
  return type == TIEPDAN__SESSION_TYPE__SUPERVISION ||
         type == TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM;
}

int td_report__is_front_code(const char *code)
{
  return code != NULL && (strcmp(code, "supervision") == 0 ||
                          strcmp(code, "social_criticism") == 0);
}

const char *td_report__name(const struct td_report *r, const char *vocabulary,
                            const char *code)
{
  const Tiepdan__Term *t;

  t = td_terms_find(r->hello, vocabulary, code);
  return t != NULL ? td_terms_name(t, r->lang == TD_REPORT_EN) : NULL;
}

/* The Front's recommendations, one by one -----------------------------------*/

enum td_report_figure td_report__figure(const Tiepdan__Petition *p)
{
  if (!p->has_status)
    return TD_FIG_OTHER;
  switch (p->status) {
  case TIEPDAN__STATUS__RESOLVED:
    return TD_FIG_RESOLVED;
  case TIEPDAN__STATUS__RECEIVED:
  case TIEPDAN__STATUS__ACCEPTED:
  case TIEPDAN__STATUS__IN_PROGRESS:
    /* As the statistics count them today: past the deadline is overdue. */
    return p->has_overdue && p->overdue ? TD_FIG_OVERDUE : TD_FIG_OPEN;
  case TIEPDAN__STATUS__NOT_ACCEPTED:
    return TD_FIG_NOT_ACCEPTED;
  case TIEPDAN__STATUS__TRANSFERRED:
    return TD_FIG_TRANSFERRED;
  case TIEPDAN__STATUS__WITHDRAWN:
    return TD_FIG_WITHDRAWN;
  default:
    return TD_FIG_OTHER;
  }
}

static const char *const figures[TD_FIG_N][3] = {
    {"resolved", "Đã tiếp thu, trả lời, giải quyết",
     "Accepted, answered and resolved"},
    {"open_within_deadline", "Đang giải quyết trong thời hạn",
     "Being handled within the deadline"},
    {"open_overdue", "Quá hạn chưa giải quyết", "Overdue, not yet resolved"},
    {"not_accepted", "Không thụ lý", "Not accepted"},
    {"transferred", "Chuyển cơ quan có thẩm quyền",
     "Transferred to the competent agency"},
    {"withdrawn", "Đã rút", "Withdrawn"},
    {"other", "Khác", "Other"},
};

const char *td_report__figure_code(int fig)
{
  return fig >= 0 && fig < TD_FIG_N ? figures[fig][0]
                                    : figures[TD_FIG_OTHER][0];
}

const char *td_report__figure_name(int fig, enum td_report_lang lang)
{
  if (fig < 0 || fig >= TD_FIG_N)
    fig = TD_FIG_OTHER;
  return figures[fig][lang == TD_REPORT_VI ? 1 : 2];
}

static int by_received(const void *a, const void *b)
{
  const Tiepdan__Petition *x = *(const Tiepdan__Petition *const *)a;
  const Tiepdan__Petition *y = *(const Tiepdan__Petition *const *)b;

  if (x->received_at != y->received_at)
    return x->received_at < y->received_at ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int by_opened(const void *a, const void *b)
{
  const Tiepdan__Session *x = *(const Tiepdan__Session *const *)a;
  const Tiepdan__Session *y = *(const Tiepdan__Session *const *)b;

  if (x->opened_at != y->opened_at)
    return x->opened_at < y->opened_at ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

const Tiepdan__Petition **td_report__front_sorted(const struct td_report *r,
                                                  size_t *n, int *bad)
{
  const Tiepdan__Petition **v;
  size_t i;

  *n = 0;
  if (!r->has_front_petitions || r->n_front_petitions == 0)
    return NULL;
  v = malloc(r->n_front_petitions * sizeof(*v));
  if (v == NULL) {
    *bad = 1;
    return NULL;
  }
  for (i = 0; i < r->n_front_petitions; i++)
    if (r->front_petitions[i] != NULL)
      v[(*n)++] = r->front_petitions[i];
  qsort(v, *n, sizeof(*v), by_received);
  return v;
}

const Tiepdan__Session **td_report__sessions_sorted(const struct td_report *r,
                                                    int front, size_t *n,
                                                    int *bad)
{
  const Tiepdan__Session **v;
  const Tiepdan__Session *s;
  size_t i;

  *n = 0;
  if (!r->has_sessions || r->n_sessions == 0)
    return NULL;
  v = malloc(r->n_sessions * sizeof(*v));
  if (v == NULL) {
    *bad = 1;
    return NULL;
  }
  for (i = 0; i < r->n_sessions; i++) {
    s = r->sessions[i];
    if (s != NULL &&
        td_report__is_front_session(s->has_type ? (int)s->type : 0) == front)
      v[(*n)++] = s;
  }
  qsort(v, *n, sizeof(*v), by_opened);
  return v;
}

void td_report__day(char *buf, size_t len, int has, int64_t t)
{
  char day[TD_DAY_LEN];

  if (!has) {
    snprintf(buf, len, "%s", "");
    return;
  }
  td_day_format(td_day_from_unix_vn(t), day);
  snprintf(buf, len, "%s", day);
}
