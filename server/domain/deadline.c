/* The deadline calendar; see deadline.h. */
#include "domain/deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* 1 if day is among the sorted days[0..n). */
static int listed(const td_day *days, size_t n, td_day day)
{
  size_t lo = 0;
  size_t hi = n;
  size_t mid;

  while (lo < hi) {
    mid = lo + (hi - lo) / 2;
    if (days[mid] == day)
      return 1;
    if (days[mid] < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* A day listed both off and worked is off: the announcement that gives a
 * day off is never overridden by a swap read from another line. */
int td_calendar_is_working(const struct td_calendar *cal, td_day day)
{
  if (listed(cal->holidays, cal->n, day))
    return 0;
  return td_day_weekday(day) < 5 || listed(cal->working, cal->nworking, day);
}

static int rule_in_force(const struct td_deadline_rule *r, td_day on)
{
  return r->effective_from <= on &&
         (r->effective_to == TD_DAY_NONE || on < r->effective_to);
}

const struct td_deadline_rule *
td_rule_pick(const struct td_deadline_rule *rules, size_t n, const char *kind,
             const char *step, td_day on)
{
  const struct td_deadline_rule *best = NULL;
  size_t i;

  for (i = 0; i < n; i++) {
    if (strcmp(rules[i].kind, kind) != 0 || strcmp(rules[i].step, step) != 0 ||
        !rule_in_force(&rules[i], on))
      continue;
    if (best == NULL || rules[i].effective_from > best->effective_from)
      best = &rules[i];
  }
  return best;
}

/* The period before extensions. A remote, complex case falls back through
 * the more specific periods the rule leaves at 0 to the plain one. */
static int base_days(const struct td_deadline_rule *r, int remote, int complex)
{
  if (remote && complex) {
    if (r->remote_complex_days != 0)
      return r->remote_complex_days;
    if (r->complex_days != 0)
      return r->complex_days;
    if (r->remote_days != 0)
      return r->remote_days;
    return r->days;
  }
  if (remote && r->remote_days != 0)
    return r->remote_days;
  if (complex && r->complex_days != 0)
    return r->complex_days;
  return r->days;
}

static int skip(struct td_deadline *out, td_day day)
{
  if (out->nskipped == TD_SKIPPED_MAX)
    return -1;
  out->skipped[out->nskipped++] = day;
  return 0;
}

/* Calendar days: the count ends start + total days later whatever those days
 * are; only if it ends on a day off does it move on (Art. 148), and the days
 * moved over are the skipped ones. A period of 0 days therefore ends on the
 * start day itself, or the next working day after it. */
static int count_calendar(const struct td_calendar *cal, td_day start,
                          int total, struct td_deadline *out)
{
  td_day day;

  out->counted_end = start + total;
  for (day = out->counted_end; !td_calendar_is_working(cal, day); day++)
    if (skip(out, day) != 0)
      return -1;
  out->due = day;
  return 0;
}

/* Working days: each day after the start is either counted or skipped, and
 * the count ends on the day it completes, which is a working day. A period
 * of 0 working days counts nothing and so ends on the start day. */
static int count_working(const struct td_calendar *cal, td_day start, int total,
                         struct td_deadline *out)
{
  td_day day = start;
  int counted = 0;

  while (counted < total) {
    day++;
    if (td_calendar_is_working(cal, day))
      counted++;
    else if (skip(out, day) != 0)
      return -1;
  }
  out->counted_end = day;
  out->due = day;
  return 0;
}

int td_deadline_compute(const struct td_deadline_rule *rule,
                        const struct td_deadline_input *in,
                        const struct td_calendar *cal, struct td_deadline *out)
{
  int64_t ext;
  int64_t total;

  if (in->extensions < 0 || in->extensions > rule->max_extensions)
    return -1;
  memset(out, 0, sizeof(*out));
  out->count = rule->count;
  out->base_days = base_days(rule, in->remote, in->complex);
  /* A rule with a negative period is refused rather than counted
   * backwards. Either count visits at most total + TD_SKIPPED_MAX days after
   * the start, so this bound keeps every day it visits a valid td_day. */
  ext = (int64_t)in->extensions * rule->extension_days;
  total = out->base_days + ext;
  if (out->base_days < 0 || ext < 0 ||
      in->start + total + TD_SKIPPED_MAX >= TD_DAY_NONE)
    return -1;
  out->extension_days = (int)ext;
  out->total_days = (int)total;
  if (rule->count == TD_DAYS_WORKING)
    return count_working(cal, in->start, out->total_days, out);
  return count_calendar(cal, in->start, out->total_days, out);
}

/* An snprintf that appends, so that the explanation can be written line by
 * line and still report the full length when buf is too small. */
struct text {
  char *buf;
  size_t n;
  size_t len;
  int vi; /* Vietnamese, for an officer who reads it; English otherwise. */
};

static void put(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
  va_list ap;
  int w;

  va_start(ap, fmt);
  if (t->len < t->n)
    w = vsnprintf(t->buf + t->len, t->n - t->len, fmt, ap);
  else
    w = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (w > 0)
    t->len += (size_t)w;
}

static const char *weekday_name(const struct text *t, td_day day)
{
  static const char *const names[7] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  "Saturday",
                                       "Sunday"};
  static const char *const names_vi[7] = {"thứ Hai", "thứ Ba",  "thứ Tư",
                                          "thứ Năm", "thứ Sáu", "thứ Bảy",
                                          "Chủ nhật"};

  return (t->vi ? names_vi : names)[td_day_weekday(day)];
}

/* A day as the reader writes it: "2026-04-14", or "14/04/2026". */
static void day_text(const struct text *t, td_day day, char out[11])
{
  int y;
  int m;
  int d;

  if (!t->vi) {
    td_day_format(day, out);
    return;
  }
  td_day_to_ymd(day, &y, &m, &d);
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
    td_day_format(day, out);
    return;
  }
  snprintf(out, 11, "%02u/%02u/%04u", (unsigned)d, (unsigned)m, (unsigned)y);
}

/* The Vietnamese of a rule's kind and step codes; the code when unknown. */
static const char *code_vi(const char *code)
{
  static const char *const map[][2] = {
      {"complaint", "khiếu nại"},      {"denunciation", "tố cáo"},
      {"recommendation", "kiến nghị"}, {"feedback", "phản ánh"},
      {"request", "đơn yêu cầu"},      {"accept", "thụ lý"},
      {"resolve", "giải quyết"},
  };
  size_t i;

  for (i = 0; code != NULL && i < sizeof(map) / sizeof(map[0]); i++)
    if (strcmp(map[i][0], code) == 0)
      return map[i][1];
  return code;
}

static void put_rule(struct text *t, const struct td_deadline_rule *rule)
{
  char from[11];
  char last[11];

  day_text(t, rule->effective_from, from);
  if (t->vi)
    put(t, "Quy định: %s / %s, áp dụng từ %s", code_vi(rule->kind),
        code_vi(rule->step), from);
  else
    put(t, "Rule: %s / %s, in force from %s", rule->kind, rule->step, from);
  if (rule->effective_to != TD_DAY_NONE) {
    /* effective_to is the first day the rule no longer applies. */
    day_text(t, rule->effective_to - 1, last);
    put(t, t->vi ? " đến %s" : " to %s", last);
  }
  put(t, " (%s)\n",
      rule->source != NULL ? rule->source
      : t->vi              ? "chưa ghi căn cứ"
                           : "no source given");
}

static void put_counted(struct text *t, const struct td_deadline_rule *rule,
                        const struct td_deadline_input *in,
                        const struct td_deadline *d)
{
  const char *unit = d->count == TD_DAYS_WORKING ? "working" : "calendar";
  const char *why = "";

  if (t->vi) {
    unit = d->count == TD_DAYS_WORKING ? "ngày làm việc" : "ngày";
    if (in->remote && in->complex)
      why = " (vùng sâu, vùng xa; vụ việc phức tạp)";
    else if (in->remote)
      why = " (vùng sâu, vùng xa)";
    else if (in->complex)
      why = " (vụ việc phức tạp)";
    put(t, "Số ngày tính: %d %s%s", d->base_days, unit, why);
    if (in->extensions > 0)
      put(t, " + %d lần gia hạn, mỗi lần %d ngày", in->extensions,
          rule->extension_days);
    else
      put(t, " + không gia hạn");
    put(t, " = %d %s\n", d->total_days, unit);
    return;
  }
  if (in->remote && in->complex)
    why = " (remote area, complex case)";
  else if (in->remote)
    why = " (remote area)";
  else if (in->complex)
    why = " (complex case)";
  put(t, "Counted: %d %s days%s", d->base_days, unit, why);
  if (in->extensions > 0)
    put(t, " + %d extension%s of %d days", in->extensions,
        in->extensions == 1 ? "" : "s", rule->extension_days);
  else
    put(t, " + no extension");
  put(t, " = %d %s days\n", d->total_days, unit);
}

static void put_skipped(struct text *t, const struct td_deadline *d)
{
  char day[11];
  int i;

  if (d->nskipped == 0) {
    put(t, t->vi ? "Ngày không tính: không có\n" : "Skipped: none\n");
    return;
  }
  put(t, t->vi ? "Ngày không tính:" : "Skipped:");
  for (i = 0; i < d->nskipped; i++) {
    day_text(t, d->skipped[i], day);
    put(t, "%s %s", i == 0 ? "" : ",", day);
  }
  if (d->count == TD_DAYS_WORKING)
    put(t, t->vi ? " (thứ Bảy, Chủ nhật và ngày nghỉ lễ, không tính)\n"
                 : " (weekends and public holidays, not counted)\n");
  else
    put(t, t->vi ? " (thứ Bảy, Chủ nhật và ngày nghỉ lễ ở cuối thời hạn)\n"
                 : " (weekends and public holidays at the end of the "
                   "period)\n");
}

int td_deadline_explain(const struct td_deadline_rule *rule,
                        const struct td_deadline_input *in,
                        const struct td_deadline *d, char *buf, size_t n)
{
  return td_deadline_explain_in(rule, in, d, 0, buf, n);
}

int td_deadline_explain_in(const struct td_deadline_rule *rule,
                           const struct td_deadline_input *in,
                           const struct td_deadline *d, int vi, char *buf,
                           size_t n)
{
  struct text t = {buf, n, 0, vi};
  char day[11];

  put_rule(&t, rule);
  day_text(&t, in->start, day);
  if (vi)
    put(&t,
        "Ngày bắt đầu: %s (%s); thời hạn tính từ ngày hôm sau (Bộ luật Dân "
        "sự, Điều 147)\n",
        day, weekday_name(&t, in->start));
  else
    put(&t,
        "Start: %s (%s); counting starts the next day (Civil Code Art. 147)\n",
        day, weekday_name(&t, in->start));
  put_counted(&t, rule, in, d);
  day_text(&t, d->counted_end, day);
  put(&t,
      vi ? "Ngày cuối theo số ngày tính: %s (%s)\n"
         : "Counting ends: %s (%s)\n",
      day, weekday_name(&t, d->counted_end));
  put_skipped(&t, d);
  day_text(&t, d->due, day);
  put(&t, vi ? "Thời hạn: %s (%s)" : "Deadline: %s (%s)", day,
      weekday_name(&t, d->due));
  if (d->due != d->counted_end)
    put(&t, vi ? ", lùi sang ngày làm việc tiếp theo (Bộ luật Dân sự, Điều "
                 "148)"
               : ", moved to the next working day (Civil Code Art. 148)");
  put(&t, "\n");
  return (int)t.len;
}

const struct td_deadline_rule *
td_rule_by_id(const struct td_deadline_rule *rules, size_t n, int id)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (rules[i].id == id)
      return &rules[i];
  return NULL;
}

td_day td_rule_last_day(const struct td_deadline_rule *rules, size_t n,
                        const struct td_deadline_rule *r)
{
  td_day end = r->effective_to;
  size_t i;

  for (i = 0; i < n; i++)
    if (rules[i].effective_from > r->effective_from &&
        (end == TD_DAY_NONE || rules[i].effective_from < end) &&
        strcmp(rules[i].kind, r->kind) == 0 &&
        strcmp(rules[i].step, r->step) == 0)
      end = rules[i].effective_from;
  return end == TD_DAY_NONE ? TD_DAY_NONE : end - 1;
}

int td_rule_extension_needs_especially_complex(const struct td_deadline_rule *r,
                                               int n_ext)
{
  return r->max_extensions > 1 && n_ext > 1;
}

/* A new period of step starting on c->day; no rule, no deadline. */
static void plan_start(const struct td_deadline_case *c, const char *step,
                       const struct td_deadline_rule *rules, size_t nrules,
                       const struct td_calendar *cal,
                       struct td_deadline_plan *out)
{
  out->step = step;
  out->in.start = c->day;
  out->in.remote = c->remote;
  out->in.complex = c->complex;
  out->in.extensions = 0;
  out->rule = c->kind != NULL
                  ? td_rule_pick(rules, nrules, c->kind, step, c->day)
                  : NULL;
  if (out->rule != NULL &&
      td_deadline_compute(out->rule, &out->in, cal, &out->due) != 0)
    out->rule = NULL;
}

enum td_deadline_refusal
td_deadline_for(enum td_deadline_event ev, const struct td_deadline_case *c,
                const struct td_deadline_rule *rules, size_t nrules,
                const struct td_calendar *cal, struct td_deadline_plan *out)
{
  memset(out, 0, sizeof(*out));
  switch (ev) {
  case TD_DEADLINE_RECEIVED:
    plan_start(c, "accept", rules, nrules, cal, out);
    return TD_DEADLINE_OK;
  case TD_DEADLINE_ACCEPTED:
    plan_start(c, "resolve", rules, nrules, cal, out);
    return TD_DEADLINE_OK;
  case TD_DEADLINE_EXTENDED:
    out->rule = td_rule_by_id(rules, nrules, c->rule_id);
    if (out->rule == NULL || c->step == NULL ||
        strcmp(c->step, "resolve") != 0 || c->start == TD_DAY_NONE) {
      out->rule = NULL;
      return TD_DEADLINE_NOTHING_TO_EXTEND;
    }
    out->step = "resolve";
    out->in.start = c->start;
    out->in.remote = c->remote;
    out->in.complex = c->complex;
    out->in.extensions = c->extensions + 1;
    if (out->in.extensions > out->rule->max_extensions)
      return TD_DEADLINE_NO_MORE_EXTENSIONS;
    if (!c->especially_complex && td_rule_extension_needs_especially_complex(
                                      out->rule, out->in.extensions))
      return TD_DEADLINE_NEEDS_ESPECIALLY_COMPLEX;
    if (td_deadline_compute(out->rule, &out->in, cal, &out->due) != 0)
      out->rule = NULL;
    return TD_DEADLINE_OK;
  case TD_DEADLINE_RUNNING:
    out->rule = td_rule_by_id(rules, nrules, c->rule_id);
    if (out->rule == NULL || c->start == TD_DAY_NONE) {
      out->rule = NULL;
      return TD_DEADLINE_OK;
    }
    out->step = out->rule->step;
    out->in.start = c->start;
    out->in.remote = c->remote;
    out->in.complex = c->complex;
    out->in.extensions = c->extensions;
    if (td_deadline_compute(out->rule, &out->in, cal, &out->due) != 0)
      return TD_DEADLINE_UNCOUNTABLE;
    return TD_DEADLINE_OK;
  }
  return TD_DEADLINE_OK;
}
