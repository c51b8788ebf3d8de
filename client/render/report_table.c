/* The report's tables, built once and written as csv or for a terminal;
 * see report.h and report_int.h. */
#include "render/report_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "render/format.h"
#include "common/utf8.h"
#include "render/terms.h"
#include "wire.h"

#define CELL TD_RCELL_TEXT
#define GAP 2            /* Spaces between the columns of a terminal table. */
#define GRID_TEXT_MAX 48 /* Columns of a text cell on a terminal. */
#define RATE_MAX 1e6
/* More months than the server keeps (2000-01 to 2100-12) never come. */
#define MONTHS_MAX 1212

/* The measures -----------------------------------------------------------*/

struct measure {
  const char *wire;
  size_t has;
  size_t val;
  const char *vi;
  const char *en;
};

#define M(f)                                                                   \
#f, offsetof(Tiepdan__StatRow, has_##f), offsetof(Tiepdan__StatRow, f)

/* In the order of the wire schema. */
static const struct measure measures[] = {
    {M(received), "Tiếp nhận", "Received"},
    {M(accepted), "Thụ lý", "Accepted"},
    {M(not_accepted), "Không thụ lý", "Not accepted"},
    {M(transferred), "Chuyển cơ quan có thẩm quyền", "Transferred"},
    {M(resolved), "Đã giải quyết", "Resolved"},
    {M(answered_in_writing), "Trả lời bằng văn bản", "Answered in writing"},
    {M(mediated_successfully), "Hòa giải thành", "Mediated successfully"},
    {M(mediation_failed), "Hòa giải không thành", "Mediation failed"},
    {M(decision_issued), "Ban hành quyết định", "Decision issued"},
    {M(withdrawn), "Rút đơn", "Withdrawn"},
    {M(resolved_on_time), "Giải quyết trong hạn", "Resolved on time"},
    {M(resolved_late), "Giải quyết quá hạn", "Resolved late"},
    {M(open_within_deadline), "Đang giải quyết trong hạn",
     "Open within the deadline"},
    {M(open_overdue), "Quá hạn chưa giải quyết", "Open and overdue"},
    {M(group_petitions), "Đơn đông người", "Group petitions"},
};

#define N_MEASURES (sizeof(measures) / sizeof(measures[0]))

/* The rates: their wire names and the report's headings. */
static const struct {
  const char *code;
  const char *vi;
  const char *en;
} rates[] = {
    {"rate_resolved", "Tỷ lệ giải quyết", "Rate resolved"},
    {"rate_on_time", "Tỷ lệ giải quyết đúng hạn", "Rate resolved on time"},
};

#define N_RATES 2
#define N_BREAKDOWN_COLS (2 + N_MEASURES + N_RATES)

/* Building -----------------------------------------------------------------*/

static int alloc_table(struct td_rtable *t, int id, size_t ncols, size_t nrows)
{
  t->id = id;
  t->ncols = ncols;
  t->nrows = nrows;
  t->nkeys = 2;
  t->total_row = nrows;
  t->wire = calloc(ncols, sizeof(*t->wire));
  t->head = calloc(ncols, sizeof(*t->head));
  t->cells = calloc(nrows * ncols + 1, sizeof(*t->cells));
  t->text = calloc(nrows + 1, sizeof(*t->text));
  return t->wire && t->head && t->cells && t->text ? 0 : -1;
}

void td_report__table_free(struct td_rtable *t)
{
  free(t->wire);
  free(t->head);
  free(t->cells);
  free(t->text);
  memset(t, 0, sizeof(*t));
}

static struct td_rcell *cell(struct td_rtable *t, size_t row, size_t col)
{
  return &t->cells[row * t->ncols + col];
}

const struct td_rcell *td_report__cell(const struct td_rtable *t, size_t row,
                                       size_t col)
{
  return &t->cells[row * t->ncols + col];
}

static void set_text(struct td_rcell *c, const char *s)
{
  c->type = TD_RC_TEXT;
  c->s = s;
}

static void set_count(struct td_rcell *c, int has, uint64_t n)
{
  c->type = has ? TD_RC_COUNT : TD_RC_NONE;
  c->n = n;
}

static void set_rate(struct td_rcell *c, int has, double rate)
{
  c->type = has && rate >= 0.0 && rate <= RATE_MAX ? TD_RC_RATE : TD_RC_NONE;
  c->rate = rate;
}

/* The measures of row from column first; a group the server did not name
 * had no petitions (zeros, no rates); without the reply, all unknown. */
static void set_measures(struct td_rtable *t, size_t r, size_t first,
                         const Tiepdan__StatRow *row, int zero)
{
  protobuf_c_boolean has;
  uint64_t n;
  size_t i;

  for (i = 0; i < N_MEASURES; i++) {
    if (row == NULL) {
      set_count(cell(t, r, first + i), zero, 0);
      continue;
    }
    memcpy(&has, (const char *)row + measures[i].has, sizeof(has));
    memcpy(&n, (const char *)row + measures[i].val, sizeof(n));
    set_count(cell(t, r, first + i), has, n);
  }
  set_rate(cell(t, r, first + N_MEASURES), row && row->has_rate_resolved,
           row ? row->rate_resolved : 0.0);
  set_rate(cell(t, r, first + N_MEASURES + 1), row && row->has_rate_on_time,
           row ? row->rate_on_time : 0.0);
}

static void measure_heads(struct td_rtable *t, size_t first,
                          enum td_report_lang lang)
{
  size_t i;

  for (i = 0; i < N_MEASURES; i++) {
    t->wire[first + i] = measures[i].wire;
    t->head[first + i] = lang == TD_REPORT_VI ? measures[i].vi : measures[i].en;
  }
  for (i = 0; i < N_RATES; i++) {
    t->wire[first + N_MEASURES + i] = rates[i].code;
    t->head[first + N_MEASURES + i] =
        lang == TD_REPORT_VI ? rates[i].vi : rates[i].en;
  }
}

/* "2025-07" as a month index, or -1. */
static int month_index(const char *s)
{
  int index;

  return td_month_index_parse(s, &index) == 0 ? index : -1;
}

static void month_name(char *buf, int index, enum td_report_lang lang)
{
  static const char *const en[12] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December",
  };

  if (lang == TD_REPORT_VI)
    snprintf(buf, TD_RTEXT, "Tháng %d/%d", index % 12 + 1, index / 12);
  else
    snprintf(buf, TD_RTEXT, "%s %d", en[index % 12], index / 12);
}

/* What a breakdown is by. */
struct dim {
  const char *wire; /* The key column's name. */
  const char *vi;
  const char *en;
  /* The vocabulary of the server's terms whose every code has a row; NULL:
   * the months of the period. */
  const char *terms;
};

static const struct dim dims[TD_REPORT_N_TABLES] = {
    [TD_REPORT_KIND] = {"kind", "Loại đơn", "Kind", TD_TERMS_KIND},
    [TD_REPORT_FIELD] = {"field", "Lĩnh vực", "Field", TD_TERMS_FIELD},
    [TD_REPORT_CHANNEL] = {"channel", "Kênh tiếp nhận", "Channel",
                           TD_TERMS_CHANNEL},
    [TD_REPORT_MONTH] = {"month", "Tháng", "Month", NULL},
    [TD_REPORT_FRONT] = {"status", "Trạng thái", "Status", TD_TERMS_STATUS},
};

static const Tiepdan__StatsReply *reply_of(const struct td_report *r, int id)
{
  switch (id) {
  case TD_REPORT_KIND:
    return r->by_kind;
  case TD_REPORT_FIELD:
    return r->by_field;
  case TD_REPORT_CHANNEL:
    return r->by_channel;
  case TD_REPORT_MONTH:
    return r->by_month;
  default:
    return r->front;
  }
}

/* Whether row of a breakdown belongs after the known groups. */
static int extra(const struct td_report *r, const struct dim *d,
                 const Tiepdan__StatRow *row, int first, int last)
{
  const char *key;
  int m;

  key = row->n_keys > 0 ? row->keys[0] : NULL;
  if (key == NULL)
    return 0;
  /* An empty key is a group of no petitions but for the field: those
   * filed without one. */
  if (key[0] == '\0')
    return d->terms != NULL && strcmp(d->terms, TD_TERMS_FIELD) == 0 &&
           row->has_received && row->received > 0;
  if (d->terms != NULL)
    return td_terms_find(r->hello, d->terms, key) == NULL;
  m = month_index(key);
  return m < first || m > last;
}

/* One row of a breakdown: its code, its name, its measures. */
static void breakdown_row(struct td_rtable *t, size_t i, const char *code,
                          const char *name, const Tiepdan__StatRow *row,
                          int zero)
{
  snprintf(t->text[i][0], TD_RTEXT, "%s", code);
  snprintf(t->text[i][1], TD_RTEXT, "%s", name);
  set_text(cell(t, i, 0), t->text[i][0]);
  set_text(cell(t, i, 1), t->text[i][1]);
  set_measures(t, i, 2, row, zero);
}

static int build_breakdown(const struct td_report *r, int id,
                           struct td_rtable *t)
{
  const Tiepdan__StatsReply *reply;
  const Tiepdan__Term *term;
  const struct dim *d;
  const char *key;
  char name[TD_RTEXT];
  char code[TD_RTEXT];
  size_t nknown;
  size_t nrows;
  size_t i;
  size_t k;
  int first;
  int last;

  d = &dims[id];
  reply = reply_of(r, id);
  first = month_index(r->from);
  last = month_index(r->to);
  /* Not a period the server could have answered: no months to list. */
  if (d->terms == NULL &&
      (first < 0 || last < first || last - first >= MONTHS_MAX)) {
    first = 0;
    last = -1;
  }
  if (d->terms != NULL)
    nknown = td_terms_count(r->hello, d->terms);
  else
    nknown = (size_t)(last - first + 1);
  nrows = nknown + 1;
  for (i = 0; reply != NULL && i < reply->n_rows; i++)
    nrows += (size_t)extra(r, d, reply->rows[i], first, last);
  if (alloc_table(t, id, N_BREAKDOWN_COLS, nrows) != 0)
    return -1;
  t->wire[0] = d->wire;
  t->head[0] = r->lang == TD_REPORT_VI ? "Mã" : "Code";
  t->wire[1] = "name";
  t->head[1] = r->lang == TD_REPORT_VI ? d->vi : d->en;
  measure_heads(t, 2, r->lang);
  for (i = 0; i < nknown; i++) {
    if (d->terms != NULL) {
      term = td_terms_at(r->hello, d->terms, i);
      breakdown_row(t, i, term->code,
                    td_terms_name(term, r->lang == TD_REPORT_EN),
                    td_report__row(reply, term->code), reply != NULL);
      continue;
    }
    snprintf(code, sizeof(code), "%04d-%02d", (first + (int)i) / 12,
             (first + (int)i) % 12 + 1);
    month_name(name, first + (int)i, r->lang);
    breakdown_row(t, i, code, name, td_report__row(reply, code), reply != NULL);
  }
  k = nknown;
  for (i = 0; reply != NULL && i < reply->n_rows; i++) {
    if (!extra(r, d, reply->rows[i], first, last))
      continue;
    key = reply->rows[i]->keys[0];
    /* A field left empty, or a code the server's terms do not name. */
    if (key[0] == '\0')
      snprintf(name, sizeof(name), "%s",
               r->lang == TD_REPORT_VI ? "Chưa phân loại" : "Not classified");
    else
      snprintf(name, sizeof(name), "%s", key);
    breakdown_row(t, k++, key, name, reply->rows[i], 1);
  }
  t->total_row = k;
  breakdown_row(t, k, "TOTAL", r->lang == TD_REPORT_VI ? "Tổng cộng" : "Total",
                reply ? reply->total : NULL, 0);
  return 0;
}

static int build_summary(const struct td_report *r, struct td_rtable *t)
{
  const Tiepdan__StatRow *row;
  protobuf_c_boolean has;
  uint64_t n;
  size_t i;

  if (alloc_table(t, TD_REPORT_SUMMARY, 3, N_MEASURES + N_RATES) != 0)
    return -1;
  t->wire[0] = "measure";
  t->wire[1] = "name";
  t->wire[2] = "value";
  t->head[0] = r->lang == TD_REPORT_VI ? "Mã chỉ tiêu" : "Code";
  t->head[1] = r->lang == TD_REPORT_VI ? "Chỉ tiêu" : "Measure";
  t->head[2] = r->lang == TD_REPORT_VI ? "Số liệu" : "Value";
  row = r->total != NULL ? r->total->total : NULL;
  for (i = 0; i < N_MEASURES; i++) {
    set_text(cell(t, i, 0), measures[i].wire);
    set_text(cell(t, i, 1),
             r->lang == TD_REPORT_VI ? measures[i].vi : measures[i].en);
    has = 0;
    n = 0;
    if (row != NULL) {
      memcpy(&has, (const char *)row + measures[i].has, sizeof(has));
      memcpy(&n, (const char *)row + measures[i].val, sizeof(n));
    }
    set_count(cell(t, i, 2), has, n);
  }
  for (i = 0; i < N_RATES; i++) {
    set_text(cell(t, N_MEASURES + i, 0), rates[i].code);
    set_text(cell(t, N_MEASURES + i, 1),
             r->lang == TD_REPORT_VI ? rates[i].vi : rates[i].en);
  }
  set_rate(cell(t, N_MEASURES, 2), row && row->has_rate_resolved,
           row ? row->rate_resolved : 0.0);
  set_rate(cell(t, N_MEASURES + 1, 2), row && row->has_rate_on_time,
           row ? row->rate_on_time : 0.0);
  return 0;
}

static const char *const session_wire[] = {
    "type",      "name",     "sessions",
    "attendees", "opinions", "resolved_on_spot",
    "forwarded",
};
static const char *const session_vi[] = {
    "Mã",
    "Hình thức",
    "Số cuộc",
    "Lượt người tham dự",
    "Ý kiến",
    "Giải quyết tại chỗ",
    "Chuyển cơ quan có thẩm quyền",
};
static const char *const session_en[] = {
    "Code",      "Type",     "Sessions",
    "Attendees", "Opinions", "Resolved on the spot",
    "Forwarded",
};

#define N_SESSION_COLS 7

/* The figures of s, or zeros when none was held; added into sum. */
static void session_row(struct td_rtable *t, size_t i,
                        const Tiepdan__SessionStat *s, int *has_sum,
                        uint64_t *sum)
{
  int has[5];
  uint64_t v[5];
  size_t k;

  has[0] = s ? s->has_sessions : 1;
  v[0] = s ? s->sessions : 0;
  has[1] = s ? s->has_attendees : 1;
  v[1] = s ? s->attendees : 0;
  has[2] = s ? s->has_opinions : 1;
  v[2] = s ? s->opinions : 0;
  has[3] = s ? s->has_resolved_on_spot : 1;
  v[3] = s ? s->resolved_on_spot : 0;
  has[4] = s ? s->has_forwarded : 1;
  v[4] = s ? s->forwarded : 0;
  for (k = 0; k < 5; k++) {
    set_count(cell(t, i, 2 + k), has[k], v[k]);
    has_sum[k] = has_sum[k] && has[k];
    sum[k] += v[k];
  }
}

/* One row per session type the server names, in its order, then the
 * total. */
static int build_sessions(const struct td_report *r, struct td_rtable *t)
{
  int has_sum[5] = {1, 1, 1, 1, 1};
  uint64_t sum[5] = {0, 0, 0, 0, 0};
  const Tiepdan__Term *type;
  size_t ntypes;
  size_t row;
  size_t n;
  size_t i;
  size_t k;
  int code;

  /* The commune's report has the commune's sessions, the Front's its own
   * supervisions and social criticisms. */
  ntypes = td_terms_count(r->hello, TD_TERMS_SESSION_TYPE);
  n = 0;
  for (i = 0; i < ntypes; i++) {
    type = td_terms_at(r->hello, TD_TERMS_SESSION_TYPE, i);
    n += td_report__is_front_code(type->code) == r->front_report;
  }
  if (alloc_table(t, TD_REPORT_SESSIONS, N_SESSION_COLS, n + 1) != 0)
    return -1;
  for (k = 0; k < N_SESSION_COLS; k++) {
    t->wire[k] = session_wire[k];
    t->head[k] = r->lang == TD_REPORT_VI ? session_vi[k] : session_en[k];
  }
  row = 0;
  for (i = 0; i < ntypes; i++) {
    type = td_terms_at(r->hello, TD_TERMS_SESSION_TYPE, i);
    if (td_report__is_front_code(type->code) != r->front_report)
      continue;
    code = td_session_type_parse(type->code);
    set_text(cell(t, row, 0), type->code);
    set_text(cell(t, row, 1), td_terms_name(type, r->lang == TD_REPORT_EN));
    session_row(t, row, td_report__sessions(r->total, code), has_sum, sum);
    row++;
  }
  t->total_row = n;
  set_text(cell(t, n, 0), "TOTAL");
  set_text(cell(t, n, 1), r->lang == TD_REPORT_VI ? "Tổng cộng" : "Total");
  for (k = 0; k < 5; k++)
    set_count(cell(t, n, 2 + k), has_sum[k], sum[k]);
  return 0;
}

/* Each session
 * ----------------------------------------------------------------*/

static const char *const list_wire[] = {
    "id",        "opened",      "type",      "type_name", "title",
    "theme",     "presided_by", "attendees", "opinions",  "resolved_on_spot",
    "forwarded",
};
static const char *const list_vi[] = {
    "Số",
    "Ngày",
    "Mã",
    "Hình thức",
    "Tên cuộc",
    "Chủ đề",
    "Chủ trì",
    "Số người tham dự",
    "Ý kiến",
    "Giải quyết tại chỗ",
    "Chuyển cơ quan có thẩm quyền",
};
static const char *const list_en[] = {
    "No.",       "Date",        "Code",      "Type",     "Title",
    "Theme",     "Presided by", "Attendees", "Opinions", "Resolved on the spot",
    "Forwarded",
};

#define N_LIST_COLS 11

/* One row per session of the report's kind, oldest first, then TOTAL. */
static int build_session_list(const struct td_report *r, struct td_rtable *t)
{
  const Tiepdan__Session **v;
  const Tiepdan__Session *s;
  const char *code;
  const char *name;
  uint64_t sum[4] = {0, 0, 0, 0};
  size_t nv;
  size_t i;
  size_t k;
  int bad;

  if (!r->has_sessions)
    return -1;
  bad = 0;
  v = td_report__sessions_sorted(r, r->front_report, &nv, &bad);
  if (bad || alloc_table(t, TD_REPORT_SESSION_LIST, N_LIST_COLS, nv + 1) != 0) {
    free(v);
    return -1;
  }
  for (k = 0; k < N_LIST_COLS; k++) {
    t->wire[k] = list_wire[k];
    t->head[k] = r->lang == TD_REPORT_VI ? list_vi[k] : list_en[k];
  }
  t->nkeys = 7;
  for (i = 0; i < nv; i++) {
    s = v[i];
    set_count(cell(t, i, 0), s->has_id, (uint64_t)s->id);
    td_report__day(t->text[i][0], TD_RTEXT, s->has_opened_at, s->opened_at);
    set_text(cell(t, i, 1), t->text[i][0]);
    code = s->has_type ? td_session_type_name(s->type) : NULL;
    name =
        code != NULL ? td_report__name(r, TD_TERMS_SESSION_TYPE, code) : NULL;
    set_text(cell(t, i, 2), code != NULL ? code : "");
    set_text(cell(t, i, 3), name != NULL ? name : (code ? code : ""));
    set_text(cell(t, i, 4), s->title != NULL ? s->title : "");
    set_text(cell(t, i, 5), s->theme != NULL ? s->theme : "");
    set_text(cell(t, i, 6), s->presided_by != NULL ? s->presided_by : "");
    set_count(cell(t, i, 7), s->has_attendees, s->attendees);
    set_count(cell(t, i, 8), s->has_opinions, s->opinions);
    set_count(cell(t, i, 9), s->has_resolved_on_spot, s->resolved_on_spot);
    set_count(cell(t, i, 10), s->has_forwarded, s->forwarded);
    sum[0] += s->has_attendees ? s->attendees : 0;
    sum[1] += s->has_opinions ? s->opinions : 0;
    sum[2] += s->has_resolved_on_spot ? s->resolved_on_spot : 0;
    sum[3] += s->has_forwarded ? s->forwarded : 0;
  }
  free(v);
  t->total_row = nv;
  set_count(cell(t, nv, 0), 1, nv);
  set_text(cell(t, nv, 1), "TOTAL");
  set_text(cell(t, nv, 3), r->lang == TD_REPORT_VI ? "Tổng cộng" : "Total");
  for (k = 0; k < 4; k++)
    set_count(cell(t, nv, 7 + k), 1, sum[k]);
  return 0;
}

/* The Front's recommendations, each -----------------------------------------*/

static const char *const front_list_wire[] = {
    "receipt_no", "received",    "summary",  "status",  "status_name",
    "figure",     "figure_name", "deadline", "outcome", "closed",
};
static const char *const front_list_vi[] = {
    "Số biên nhận", "Ngày nhận",     "Nội dung",         "Mã trạng thái",
    "Trạng thái",   "Mã số liệu",    "Tính vào số liệu", "Hạn giải quyết",
    "Kết quả",      "Ngày kết thúc",
};
static const char *const front_list_en[] = {
    "Receipt no.", "Received",   "Summary",  "Status code", "Status",
    "Figure code", "Counted in", "Deadline", "Outcome",     "Closed",
};

#define N_FRONT_LIST_COLS 10

static int build_front_list(const struct td_report *r, struct td_rtable *t)
{
  const Tiepdan__Petition **v;
  const Tiepdan__Petition *p;
  const char *status;
  const char *name;
  size_t nv;
  size_t i;
  size_t k;
  int fig;
  int bad;

  if (!r->has_front_petitions)
    return -1;
  bad = 0;
  v = td_report__front_sorted(r, &nv, &bad);
  if (bad || alloc_table(t, TD_REPORT_FRONT_LIST, N_FRONT_LIST_COLS, nv) != 0) {
    free(v);
    return -1;
  }
  for (k = 0; k < N_FRONT_LIST_COLS; k++) {
    t->wire[k] = front_list_wire[k];
    t->head[k] = r->lang == TD_REPORT_VI ? front_list_vi[k] : front_list_en[k];
  }
  t->nkeys = N_FRONT_LIST_COLS;
  for (i = 0; i < nv; i++) {
    p = v[i];
    set_text(cell(t, i, 0), p->receipt_no != NULL ? p->receipt_no : "");
    td_report__day(t->text[i][0], TD_RTEXT, p->has_received_at, p->received_at);
    set_text(cell(t, i, 1), t->text[i][0]);
    set_text(cell(t, i, 2), p->summary != NULL ? p->summary : "");
    status = p->has_status ? td_status_name(p->status) : NULL;
    name = status != NULL ? td_report__name(r, TD_TERMS_STATUS, status) : NULL;
    set_text(cell(t, i, 3), status != NULL ? status : "");
    set_text(cell(t, i, 4), name != NULL ? name : (status ? status : ""));
    fig = (int)td_report__figure(p);
    set_text(cell(t, i, 5), td_report__figure_code(fig));
    set_text(cell(t, i, 6), td_report__figure_name(fig, r->lang));
    set_text(cell(t, i, 7), p->deadline != NULL ? p->deadline : "");
    name = p->outcome != NULL && p->outcome[0] != '\0'
               ? td_report__name(r, TD_TERMS_OUTCOME, p->outcome)
               : NULL;
    set_text(cell(t, i, 8),
             name != NULL ? name : (p->outcome != NULL ? p->outcome : ""));
    td_report__day(t->text[i][1], TD_RTEXT, p->has_closed_at, p->closed_at);
    set_text(cell(t, i, 9), t->text[i][1]);
  }
  free(v);
  return 0;
}

/* The Front's summary: its sessions, the recommendations and the rate. */
static int build_front_summary(const struct td_report *r, struct td_rtable *t)
{
  static const struct {
    const char *wire;
    const char *vi;
    const char *en;
  } rows[] = {
      {"supervisions", "Số cuộc giám sát", "Supervisions"},
      {"social_criticisms", "Số cuộc phản biện xã hội",
       "Social criticism sessions"},
      {"forwarded", "Kiến nghị chuyển đến", "Recommendations forwarded"},
      {"resolved", "Đã tiếp thu, trả lời, giải quyết",
       "Accepted, answered and resolved"},
      {"answered_in_writing", "Trong đó trả lời bằng văn bản",
       "Of which answered in writing"},
      {"open_within_deadline", "Đang giải quyết trong thời hạn",
       "Being handled within the deadline"},
      {"open_overdue", "Quá hạn chưa giải quyết", "Overdue, not yet resolved"},
      {"not_accepted", "Không thụ lý", "Not accepted"},
      {"transferred", "Chuyển cơ quan có thẩm quyền",
       "Transferred to the competent agency"},
      {"withdrawn", "Đã rút", "Withdrawn"},
      {"rate_resolved", "Tỷ lệ được tiếp thu, trả lời, giải quyết",
       "Rate accepted, answered and resolved"},
  };
  const Tiepdan__SessionStat *ss;
  const Tiepdan__StatRow *x;
  size_t n;
  size_t i;

  n = sizeof(rows) / sizeof(rows[0]);
  if (alloc_table(t, TD_REPORT_SUMMARY, 3, n) != 0)
    return -1;
  t->wire[0] = "measure";
  t->wire[1] = "name";
  t->wire[2] = "value";
  t->head[0] = r->lang == TD_REPORT_VI ? "Mã chỉ tiêu" : "Code";
  t->head[1] = r->lang == TD_REPORT_VI ? "Chỉ tiêu" : "Measure";
  t->head[2] = r->lang == TD_REPORT_VI ? "Số liệu" : "Value";
  for (i = 0; i < n; i++) {
    set_text(cell(t, i, 0), rows[i].wire);
    set_text(cell(t, i, 1), r->lang == TD_REPORT_VI ? rows[i].vi : rows[i].en);
  }
  /* A type no session of which was held is not in the reply: none. */
  ss = td_report__sessions(r->total, TIEPDAN__SESSION_TYPE__SUPERVISION);
  set_count(cell(t, 0, 2), r->total != NULL && (ss == NULL || ss->has_sessions),
            ss != NULL ? ss->sessions : 0);
  ss = td_report__sessions(r->total, TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM);
  set_count(cell(t, 1, 2), r->total != NULL && (ss == NULL || ss->has_sessions),
            ss != NULL ? ss->sessions : 0);
  x = r->front != NULL ? r->front->total : NULL;
  if (x == NULL && r->total != NULL)
    x = r->total->total;
  if (x == NULL)
    return 0;
  set_count(cell(t, 2, 2), x->has_received, x->received);
  set_count(cell(t, 3, 2), x->has_resolved, x->resolved);
  set_count(cell(t, 4, 2), x->has_answered_in_writing, x->answered_in_writing);
  set_count(cell(t, 5, 2), x->has_open_within_deadline,
            x->open_within_deadline);
  set_count(cell(t, 6, 2), x->has_open_overdue, x->open_overdue);
  set_count(cell(t, 7, 2), x->has_not_accepted, x->not_accepted);
  set_count(cell(t, 8, 2), x->has_transferred, x->transferred);
  set_count(cell(t, 9, 2), x->has_withdrawn, x->withdrawn);
  set_rate(cell(t, 10, 2), x->has_rate_resolved, x->rate_resolved);
  return 0;
}

int td_report__table(const struct td_report *r, int id, struct td_rtable *t)
{
  memset(t, 0, sizeof(*t));
  if (!td_report_table_of(id, r->front_report))
    return -1;
  switch (id) {
  case TD_REPORT_SUMMARY:
    return r->front_report ? build_front_summary(r, t) : build_summary(r, t);
  case TD_REPORT_SESSIONS:
    return build_sessions(r, t);
  case TD_REPORT_KIND:
  case TD_REPORT_FIELD:
  case TD_REPORT_CHANNEL:
  case TD_REPORT_MONTH:
    return build_breakdown(r, id, t);
  case TD_REPORT_FRONT:
    return r->front != NULL ? build_breakdown(r, id, t) : -1;
  case TD_REPORT_SESSION_LIST:
    return build_session_list(r, t);
  case TD_REPORT_FRONT_LIST:
    return build_front_list(r, t);
  default:
    return -1;
  }
}

/* Writing ------------------------------------------------------------------*/

/* A rate as the fraction the wire carries, in thousandths: "0.982". */
static void fraction(char buf[CELL], double rate)
{
  uint64_t milli;

  milli = (uint64_t)(rate * 1000.0 + 0.5);
  snprintf(buf, CELL, "%" PRIu64 ".%03" PRIu64, milli / 1000, milli % 1000);
}

/* The cell as csv and json write it; NULL when unknown. */
const char *td_report__plain(const struct td_rcell *c, char buf[CELL])
{
  switch (c->type) {
  case TD_RC_TEXT:
    return c->s;
  case TD_RC_COUNT:
    snprintf(buf, CELL, "%" PRIu64, c->n);
    return buf;
  case TD_RC_RATE:
    fraction(buf, c->rate);
    return buf;
  default:
    return NULL;
  }
}

static void put_csv(FILE *f, struct td_rtable *t)
{
  char buf[CELL];
  size_t i;
  size_t c;

  for (c = 0; c < t->ncols; c++) {
    if (c > 0)
      fputc(',', f);
    td_output_csv_field(f, t->wire[c]);
  }
  fputs("\r\n", f);
  for (i = 0; i < t->nrows; i++) {
    for (c = 0; c < t->ncols; c++) {
      if (c > 0)
        fputc(',', f);
      td_output_csv_field(f, td_report__plain(cell(t, i, c), buf));
    }
    fputs("\r\n", f);
  }
}

/* The cell for a person: rates as percentages in the report's language. */
static const char *shown(const struct td_rcell *c, enum td_report_lang lang,
                         char buf[CELL])
{
  if (c->type == TD_RC_RATE) {
    td_report_percent(buf, CELL, lang, 1, c->rate);
    return buf;
  }
  if (c->type == TD_RC_NONE)
    return "-";
  return td_report__plain(c, buf);
}

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

/* Aligned: text to the left, numbers to the right, headed by the wire
 * names in capitals as "tiepdan stats" heads its columns. */
static int put_grid(FILE *f, struct td_rtable *t, enum td_report_lang lang)
{
  char(*text)[CELL];
  const char **s;
  char **cut;
  size_t *w;
  size_t n;
  size_t i;
  size_t c;
  size_t k;
  int res;

  n = (t->nrows + 1) * t->ncols;
  s = calloc(n, sizeof(*s));
  text = calloc(n, sizeof(*text));
  w = calloc(t->ncols, sizeof(*w));
  cut = calloc(n, sizeof(*cut));
  res = -1;
  if (s != NULL && text != NULL && w != NULL && cut != NULL) {
    for (c = 0; c < t->ncols; c++) {
      snprintf(text[c], CELL, "%s", t->wire[c]);
      for (i = 0; text[c][i] != '\0'; i++)
        text[c][i] = (char)toupper((unsigned char)text[c][i]);
      s[c] = text[c];
    }
    for (i = 0; i < t->nrows; i++)
      for (c = 0; c < t->ncols; c++) {
        k = (i + 1) * t->ncols + c;
        s[k] = shown(cell(t, i, c), lang, text[k]);
        /* A summary or a title is cut on a terminal; csv, json and the
         * workbook have it whole. */
        if (td_utf8_width(s[k]) > GRID_TEXT_MAX) {
          cut[k] = td_utf8_truncate(s[k], GRID_TEXT_MAX);
          s[k] = cut[k] != NULL ? cut[k] : "";
        }
      }
    for (i = 0; i < n; i++)
      if (td_utf8_width(s[i]) > w[i % t->ncols])
        w[i % t->ncols] = td_utf8_width(s[i]);
    for (i = 0; i <= t->nrows; i++) {
      for (c = 0; c < t->ncols; c++) {
        n = td_utf8_width(s[i * t->ncols + c]);
        if (c > 0)
          pad(f, GAP);
        if (c >= t->nkeys)
          pad(f, w[c] - n);
        td_output_clean(f, s[i * t->ncols + c]);
        if (c < t->nkeys && c + 1 < t->ncols)
          pad(f, w[c] - n);
      }
      fputc('\n', f);
    }
    res = 0;
  }
  for (i = 0; cut != NULL && i < (t->nrows + 1) * t->ncols; i++)
    free(cut[i]);
  free(cut);
  free(s);
  free(text);
  free(w);
  return res;
}

int td_report_print_table(FILE *f, enum td_format fmt,
                          const struct td_report *r, int table)
{
  struct td_rtable t;
  int res;

  res = td_report__table(r, table, &t);
  if (res == 0 && fmt == TD_FORMAT_CSV)
    put_csv(f, &t);
  else if (res == 0)
    res = put_grid(f, &t, r->lang);
  td_report__table_free(&t);
  if (res != 0 || ferror(f))
    return -1;
  return 0;
}
