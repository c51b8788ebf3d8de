/* Records and tables of petitions, sessions, principals; see output.h. */
#include "render/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "render/datetime.h"
#include "render/format.h"
#include "render/terms.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "wire.h"

#define GAP 2            /* Spaces between table columns. */
#define SUMMARY_MIN 20   /* The summary column never gets narrower. */
#define SUMMARY_PLAIN 50 /* Its width when the terminal's is unknown. */
/* The short list (list without --wide) fits NARROW columns when the
 * terminal's width is unknown, or the terminal's width: its kind and
 * status are cut to these widths, and its summary is never narrower than
 * NARROW_SUMMARY. */
#define NARROW 80
#define NARROW_KIND 10
#define NARROW_STATUS 15
#define NARROW_SUMMARY 12
#define TABLE_COLS_MAX 12
#define ARROW "\xe2\x86\x92" /* U+2192, one column. */

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

static int finish(FILE *f)
{
  return ferror(f) ? -1 : 0;
}

/* The server's reference names, from the HelloReply td_output_set_terms
 * was given; borrowed. */
static const Tiepdan__HelloReply *terms;

void td_output_set_terms(const Tiepdan__HelloReply *h)
{
  terms = h;
}

/* The name of code in vocabulary, in the officer's language, as the
 * server names it; the code itself when the server does not. */
static const char *term(const char *vocabulary, const char *code)
{
  const Tiepdan__Term *t;

  if (code == NULL)
    return NULL;
  t = td_terms_find(terms, vocabulary, code);
  return t ? td_terms_name(t, td_lang_current() == TD_LANG_EN) : code;
}

static const char *status_term(int status)
{
  return term(TD_TERMS_STATUS, td_status_name(status));
}

/* Words the server has no reference data for, translated here. */
struct word {
  const char *code;
  const char *text;
};

static const struct word action_words[] = {
    {"submit", N_("submit")},
    {"accept", N_("accept")},
    {"reject", N_("reject")},
    {"transfer", N_("transfer")},
    {"start", N_("start")},
    {"resolve", N_("resolve")},
    {"withdraw", N_("withdraw")},
    {"reopen", N_("reopen")},
    {"extend", N_("extend")},
    {"note", N_("note")},
    {"recompute", N_("recompute")},
    {"identity_read", N_("identity read")},
    {NULL, NULL},
};

/* What an identity_read event's note holds: the request that showed the
 * identity. */
static const struct word read_words[] = {
    {"show", N_("shown by show")},
    {"list", N_("shown in a list")},
    {"history", N_("shown in a history")},
    {"receipt", N_("shown on a receipt")},
    {NULL, NULL},
};

static const struct word satisfaction_words[] = {
    {"satisfied", N_("satisfied")},
    {"not_satisfied", N_("not satisfied")},
    {"not_asked", N_("not asked")},
    {NULL, NULL},
};

static const struct word role_words[] = {
    {"reception", N_("reception")}, {"leader", N_("leader")},
    {"front", N_("front")},         {"dashboard", N_("dashboard")},
    {"admin", N_("admin")},         {NULL, NULL},
};

static const struct word step_words[] = {
    {"accept", N_("accept")},
    {"resolve", N_("resolve")},
    {NULL, NULL},
};

static const char *word(const struct word *w, const char *code)
{
  if (code == NULL)
    return NULL;
  for (; w->code != NULL; w++)
    if (strcmp(w->code, code) == 0)
      return _(w->text);
  return code;
}

const char *td_output_action_word(const char *action)
{
  return word(action_words, action);
}

const char *td_output_status_word(int status)
{
  return td_status_name(status) ? status_term(status) : NULL;
}

static const char *role_word(int role)
{
  return word(role_words, td_role_name(role));
}

/* One value of a csv row or json object. */
enum val_kind { V_NULL, V_STR, V_NUM, V_BOOL };

struct val {
  enum val_kind kind;
  const char *s; /* V_STR; borrowed, or buf. */
  char buf[TD_DATETIME_MAX];
  int b;
};

static void v_str(struct val *v, const char *s)
{
  v->kind = s ? V_STR : V_NULL;
  v->s = s;
}

static void v_int(struct val *v, int has, int64_t n)
{
  v->kind = has ? V_NUM : V_NULL;
  snprintf(v->buf, sizeof(v->buf), "%" PRId64, n);
}

static void v_bool(struct val *v, int has, int b)
{
  v->kind = has ? V_BOOL : V_NULL;
  v->b = b;
}

static void v_time(struct val *v, int has, int64_t t)
{
  td_datetime_format_iso(t, v->buf);
  v->kind = has ? V_STR : V_NULL;
  v->s = v->buf;
}

static void put_json_val(FILE *f, const struct val *v)
{
  switch (v->kind) {
  case V_STR:
    td_output_json_string(f, v->s);
    break;
  case V_NUM:
    fputs(v->buf, f);
    break;
  case V_BOOL:
    fputs(v->b ? "true" : "false", f);
    break;
  default:
    fputs("null", f);
  }
}

static void put_json(FILE *f, const char *const *names, const struct val *vals,
                     size_t n)
{
  size_t i;

  fputc('{', f);
  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    td_output_json_string(f, names[i]);
    fputc(':', f);
    put_json_val(f, &vals[i]);
  }
  fputc('}', f);
}

static void put_csv_header(FILE *f, const char *const *names, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    td_output_csv_field(f, names[i]);
  }
  fputs("\r\n", f);
}

static void put_csv_row(FILE *f, const struct val *vals, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    if (vals[i].kind == V_STR)
      td_output_csv_field(f, vals[i].s);
    else if (vals[i].kind == V_NUM)
      fputs(vals[i].buf, f);
    else if (vals[i].kind == V_BOOL)
      fputs(vals[i].b ? "true" : "false", f);
  }
  fputs("\r\n", f);
}

/* The flat record of a petition shared by csv and json. */
static const char *const petition_names[] = {
    "id",
    "receipt_no",
    "unit_code",
    "unit_name",
    "village_code",
    "village_name",
    "kind",
    "channel",
    "field",
    "group_size",
    "petitioner_name",
    "petitioner_id_number",
    "petitioner_address",
    "petitioner_contact",
    "confidential",
    "redacted",
    "summary",
    "status",
    "received_at",
    "accepted_at",
    "closed_at",
    "deadline",
    "outcome",
    "version",
    "created_by",
    "created_at",
    "complex",
    "extensions",
    "deadline_step",
    "days_elapsed",
    "days_remaining",
    "overdue",
    "explain",
    "transfer_target",
    "satisfaction",
    "session_id",
    "note",
    "repeat_of",
    "finding",
};

#define PETITION_COLS (sizeof(petition_names) / sizeof(petition_names[0]))

static const char *unit_code(const Tiepdan__Unit *u)
{
  return u ? u->code : NULL;
}

static const char *unit_name(const Tiepdan__Unit *u)
{
  return u ? u->name : NULL;
}

static void petitioner_vals(const Tiepdan__Petition *p, struct val *v)
{
  const Tiepdan__Petitioner *w;

  /* A redacted identity stays empty even if a server sent some of it. */
  w = p->redacted ? NULL : p->petitioner;
  v_str(&v[0], w ? w->name : NULL);
  v_str(&v[1], w ? w->id_number : NULL);
  v_str(&v[2], w ? w->address : NULL);
  v_str(&v[3], w ? w->contact : NULL);
}

static void petition_vals(const Tiepdan__Petition *p, struct val *v)
{
  v_int(&v[0], p->has_id, p->id);
  v_str(&v[1], p->receipt_no);
  v_str(&v[2], unit_code(p->unit));
  v_str(&v[3], unit_name(p->unit));
  v_str(&v[4], unit_code(p->village));
  v_str(&v[5], unit_name(p->village));
  v_str(&v[6], p->kind);
  v_str(&v[7], p->channel);
  v_str(&v[8], p->field);
  v_int(&v[9], p->has_group_size, p->group_size);
  petitioner_vals(p, &v[10]);
  v_bool(&v[14], p->has_confidential, p->confidential);
  v_bool(&v[15], p->has_redacted, p->redacted);
  v_str(&v[16], p->summary);
  v_str(&v[17], p->has_status ? td_status_name(p->status) : NULL);
  v_time(&v[18], p->has_received_at, p->received_at);
  v_time(&v[19], p->has_accepted_at, p->accepted_at);
  v_time(&v[20], p->has_closed_at, p->closed_at);
  v_str(&v[21], p->deadline);
  v_str(&v[22], p->outcome);
  v_int(&v[23], p->has_version, p->version);
  v_str(&v[24], p->created_by);
  v_time(&v[25], p->has_created_at, p->created_at);
  v_bool(&v[26], p->has_complex, p->complex);
  v_int(&v[27], p->has_extensions, p->extensions);
  v_str(&v[28], p->deadline_step);
  v_int(&v[29], p->has_days_elapsed, p->days_elapsed);
  v_int(&v[30], p->has_days_remaining, p->days_remaining);
  v_bool(&v[31], p->has_overdue, p->overdue);
  v_str(&v[32], p->explain);
  v_str(&v[33], p->transfer_target);
  v_str(&v[34], p->satisfaction);
  v_int(&v[35], p->has_session_id, p->session_id);
  v_str(&v[36], p->note);
  v_str(&v[37], p->repeat_of);
  v_str(&v[38], p->finding);
}

static void put_petition_json(FILE *f, const Tiepdan__Petition *p)
{
  struct val v[PETITION_COLS];

  petition_vals(p, v);
  put_json(f, petition_names, v, PETITION_COLS);
}

static void put_petition_csv(FILE *f, const Tiepdan__Petition *p)
{
  struct val v[PETITION_COLS];

  petition_vals(p, v);
  put_csv_row(f, v, PETITION_COLS);
}

#define LABEL_W 15

/* label, padded to LABEL_W columns by its display width, and a space. */
static void put_label(FILE *f, const char *label)
{
  size_t w;

  w = td_utf8_width(label);
  fputs(label, f);
  pad(f, w < LABEL_W ? LABEL_W - w + 1 : 1);
}

static void row(FILE *f, const char *label, const char *value)
{
  static const char indent[LABEL_W + 2] = "                ";

  put_label(f, label);
  td_output_clean_indent(f, value && value[0] != '\0' ? value : "-", indent);
  fputc('\n', f);
}

static void row_int(FILE *f, const char *label, int has, int64_t n)
{
  char buf[24];

  snprintf(buf, sizeof(buf), "%" PRId64, n);
  row(f, label, has ? buf : NULL);
}

static void row_time(FILE *f, const char *label, int has, int64_t t)
{
  char buf[TD_DATETIME_MAX];

  td_datetime_format_short(t, buf);
  row(f, label, has ? buf : NULL);
}

/* A petition whose sending computer's clock was wrong (issue 13): by how
 * much, and what it claimed before the server corrected it. */
static void row_clock(FILE *f, const Tiepdan__Petition *p)
{
  char buf[256], when[TD_DATETIME_MAX];
  long long min;

  if (!p->has_clock_suspect || !p->clock_suspect)
    return;
  min = (long long)((p->clock_skew < 0 ? -p->clock_skew : p->clock_skew) / 60);
  td_datetime_format_short(p->received_at_claimed, when);
  if (p->clock_skew >= 0)
    snprintf(buf, sizeof(buf),
             _("the sending computer's clock was %lld min fast: it said %s, "
               "corrected"),
             min, when);
  else
    snprintf(buf, sizeof(buf),
             _("the sending computer's clock was %lld min slow: it said %s, "
               "corrected"),
             min, when);
  row(f, _("Clock warning:"), buf);
}

/* First or repeat visit (tiếp lần đầu, tiếp nhiều lần), as the forms count
 * it. A redacted petition withholds the link with the identity: whether
 * it repeats another is not said then. */
static void row_visit(FILE *f, const Tiepdan__Petition *p)
{
  char buf[160];

  if (p->repeat_of != NULL) {
    snprintf(buf, sizeof(buf), _("repeat visit (earlier petition: %s)"),
             p->repeat_of);
    row(f, _("Visit:"), buf);
  } else if (!(p->has_redacted && p->redacted)) {
    row(f, _("Visit:"), _("first visit"));
  } else {
    row(f, _("Visit:"), _("(withheld)"));
  }
}

static void row_yes_no(FILE *f, const char *label, int has, int b)
{
  row(f, label, !has ? NULL : b ? _("yes") : _("no"));
}

static void row_unit(FILE *f, const char *label, const Tiepdan__Unit *u)
{
  put_label(f, label);
  if (u == NULL || (u->code == NULL && u->name == NULL)) {
    fputs("-\n", f);
    return;
  }
  td_output_clean_indent(f, u->code ? u->code : "", NULL);
  if (u->code != NULL && u->name != NULL)
    fputc(' ', f);
  td_output_clean_indent(f, u->name ? u->name : "", NULL);
  fputc('\n', f);
}

static void rows_petitioner(FILE *f, const Tiepdan__Petition *p)
{
  const Tiepdan__Petitioner *w;
  const char *withheld;

  w = p->petitioner;
  withheld = p->redacted ? _("(withheld)") : NULL;
  row(f, _("Petitioner:"), withheld ? withheld : w ? w->name : NULL);
  row(f, _("ID number:"), withheld ? withheld : w ? w->id_number : NULL);
  row(f, _("Address:"), withheld ? withheld : w ? w->address : NULL);
  row(f, _("Contact:"), withheld ? withheld : w ? w->contact : NULL);
}

/* "3 days left", "due today", "overdue by 2 days". */
static const char *days_left(int n, char buf[48])
{
  if (n > 0)
    snprintf(buf, 48, td_ngettext("%d day left", "%d days left", n), n);
  else if (n == 0)
    snprintf(buf, 48, "%s", _("due today"));
  else
    snprintf(buf, 48,
             td_ngettext("overdue by %d day", "overdue by %d days", -n), -n);
  return buf;
}

static void rows_deadline(FILE *f, const Tiepdan__Petition *p)
{
  char buf[96];
  char left[48];
  char day[TD_DATETIME_MAX];

  td_datetime_day_shown(p->deadline, day);
  if (p->deadline != NULL && p->deadline_step != NULL)
    snprintf(buf, sizeof(buf), _("%s (step: %s)"), day,
             word(step_words, p->deadline_step));
  row(f, _("Deadline:"), p->deadline_step ? buf : p->deadline ? day : NULL);
  row_int(f, _("Days elapsed:"), p->has_days_elapsed, p->days_elapsed);
  if (p->has_days_remaining && p->days_remaining < 0)
    row(f, _("Days remaining:"), days_left(p->days_remaining, left));
  else if (p->has_days_remaining && p->days_remaining == 0)
    row(f, _("Days remaining:"), _("0 (due today)"));
  else if (p->has_days_remaining)
    row_int(f, _("Days remaining:"), 1, p->days_remaining);
  else
    row(f, _("Days remaining:"),
        p->has_overdue && p->overdue ? _("overdue") : NULL);
  row_yes_no(f, _("Complex:"), p->has_complex, p->complex);
  row_int(f, _("Extensions:"), p->has_extensions, p->extensions);
}

/* Writes s under a heading, each line indented, without trailing breaks. */
static void put_block(FILE *f, const char *heading, const char *s)
{
  size_t n;
  char *copy;

  n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    n--;
  copy = strndup(s, n);
  fprintf(f, "\n%s\n  ", heading);
  td_output_clean_indent(f, copy ? copy : s, "  ");
  fputc('\n', f);
  free(copy);
}

static void put_petition_table(FILE *f, const Tiepdan__Petition *p)
{
  row(f, _("Receipt:"), p->receipt_no);
  row_int(f, _("ID:"), p->has_id, p->id);
  row(f, _("Status:"), p->has_status ? status_term(p->status) : NULL);
  row_unit(f, _("Unit:"), p->unit);
  row_unit(f, _("Village:"), p->village);
  row(f, _("Kind:"), term(TD_TERMS_KIND, p->kind));
  row(f, _("Channel:"), term(TD_TERMS_CHANNEL, p->channel));
  row(f, _("Field:"), term(TD_TERMS_FIELD, p->field));
  row_int(f, _("Group size:"), p->has_group_size, p->group_size);
  rows_petitioner(f, p);
  row_yes_no(f, _("Confidential:"), p->has_confidential, p->confidential);
  row_time(f, _("Received:"), p->has_received_at, p->received_at);
  row_visit(f, p);
  row_clock(f, p);
  row_time(f, _("Accepted:"), p->has_accepted_at, p->accepted_at);
  row_time(f, _("Closed:"), p->has_closed_at, p->closed_at);
  rows_deadline(f, p);
  row(f, _("Outcome:"), term(TD_TERMS_OUTCOME, p->outcome));
  if (p->finding != NULL)
    row(f, _("Finding:"), term(TD_TERMS_FINDING, p->finding));
  row(f, _("Satisfaction:"), word(satisfaction_words, p->satisfaction));
  row(f, _("Transfer to:"), p->transfer_target);
  row_int(f, _("Session:"), p->has_session_id, p->session_id);
  /* The petition's note is the reason of its last refusal, transfer,
   * withdrawal or reopening; the notes added to it are show's (below). */
  row(f, _("Reason:"), p->note);
  row_int(f, _("Version:"), p->has_version, p->version);
  row(f, _("Logged by:"), p->created_by);
  row_time(f, _("Logged at:"), p->has_created_at, p->created_at);
  /* A secret petition's texts are withheld with its identity. */
  row(f, _("Summary:"),
      p->summary == NULL && p->redacted ? _("(withheld)") : p->summary);
  if (p->explain != NULL && p->explain[0] != '\0')
    put_block(f, _("How the deadline was computed:"), p->explain);
}

int td_output_petition(FILE *f, enum td_format fmt, const Tiepdan__Petition *p)
{
  if (fmt == TD_FORMAT_JSON) {
    put_petition_json(f, p);
    fputc('\n', f);
  } else if (fmt == TD_FORMAT_CSV) {
    put_csv_header(f, petition_names, PETITION_COLS);
    put_petition_csv(f, p);
  } else {
    put_petition_table(f, p);
  }
  return finish(f);
}

static void put_receipt(FILE *f, const char *receipt, int duplicate)
{
  const char *label;
  size_t w;
  size_t i;

  label = _("Receipt number: ");
  w = td_utf8_width(label) + td_utf8_width(receipt);
  for (i = 0; i < w; i++)
    fputc('=', f);
  fprintf(f, "\n%s", label);
  td_output_clean_indent(f, receipt, NULL);
  fputc('\n', f);
  for (i = 0; i < w; i++)
    fputc('=', f);
  fputc('\n', f);
  if (duplicate)
    fputs(_("This petition had already been recorded with the same key; no "
            "new petition was created.\n"),
          f);
  fputc('\n', f);
}

/* The earlier petitions of the same citizen the server proposes, and how
 * to mark this one as repeating one of them. */
static void put_candidates(FILE *f, const Tiepdan__SubmitReply *r,
                           const Tiepdan__Petition *p)
{
  char day[TD_DATETIME_MAX];
  const char *about;
  char *cut;
  size_t i;

  if (r->n_repeat_candidates == 0)
    return;
  fputs(_("This citizen has earlier petitions:\n"), f);
  for (i = 0; i < r->n_repeat_candidates; i++) {
    const Tiepdan__Petition *c = r->repeat_candidates[i];

    /* The day alone: "DD/MM/YYYY HH:MM" up to its space. */
    td_datetime_format_short(c->received_at, day);
    day[strcspn(day, " ")] = '\0';
    about = c->field != NULL ? term(TD_TERMS_FIELD, c->field)
                             : term(TD_TERMS_KIND, c->kind);
    cut = td_utf8_truncate(c->summary != NULL ? c->summary : "", 60);
    fputs("  ", f);
    td_output_clean_indent(f, c->receipt_no ? c->receipt_no : "-", NULL);
    fprintf(f, " (%s, ", c->has_received_at ? day : "-");
    td_output_clean_indent(f, about ? about : "-", NULL);
    fprintf(f, ", %s): ", c->has_status ? status_term(c->status) : "-");
    td_output_clean_indent(f, cut ? cut : "", "    ");
    fputc('\n', f);
    free(cut);
  }
  if (p->repeat_of != NULL) {
    fprintf(f, _("Recorded as a repeat visit of %s.\n"), p->repeat_of);
  } else {
    fprintf(f, _("If it is the same matter: tiepdan note %s --repeat-of %s\n"),
            p->receipt_no ? p->receipt_no : "-",
            r->repeat_candidates[0]->receipt_no
                ? r->repeat_candidates[0]->receipt_no
                : "-");
  }
  fputc('\n', f);
}

/* An earlier petition proposed at intake, as json: what tells the matter. */
static const char *const candidate_names[] = {
    "receipt_no", "received_at", "kind", "field", "status", "summary",
};

#define CANDIDATE_COLS (sizeof(candidate_names) / sizeof(candidate_names[0]))

static void put_candidate_json(FILE *f, const Tiepdan__Petition *c)
{
  struct val v[CANDIDATE_COLS];

  v_str(&v[0], c->receipt_no);
  v_time(&v[1], c->has_received_at, c->received_at);
  v_str(&v[2], c->kind);
  v_str(&v[3], c->field);
  v_str(&v[4], c->has_status ? td_status_name(c->status) : NULL);
  v_str(&v[5], c->summary);
  put_json(f, candidate_names, v, CANDIDATE_COLS);
}

/* json: the petition's object; the earlier petitions proposed, when there
 * are any, under "repeat_candidates" at its head, so that the petition's
 * own fields stay its last of each name for a script that reads the last
 * one. */
static void put_submitted_json(FILE *f, const Tiepdan__SubmitReply *r,
                               const Tiepdan__Petition *p)
{
  struct val v[PETITION_COLS];
  size_t i;

  petition_vals(p, v);
  if (r->n_repeat_candidates == 0) {
    put_json(f, petition_names, v, PETITION_COLS);
    fputc('\n', f);
    return;
  }
  fputc('{', f);
  td_output_json_string(f, "repeat_candidates");
  fputs(":[", f);
  for (i = 0; i < r->n_repeat_candidates; i++) {
    if (i > 0)
      fputc(',', f);
    put_candidate_json(f, r->repeat_candidates[i]);
  }
  fputs("]", f);
  for (i = 0; i < PETITION_COLS; i++) {
    fputc(',', f);
    td_output_json_string(f, petition_names[i]);
    fputc(':', f);
    put_json_val(f, &v[i]);
  }
  fputs("}\n", f);
}

int td_output_submitted(FILE *f, enum td_format fmt,
                        const Tiepdan__SubmitReply *r)
{
  const Tiepdan__Petition *p;
  static const Tiepdan__Petition none = TIEPDAN__PETITION__INIT;

  p = r->petition ? r->petition : &none;
  if (fmt == TD_FORMAT_JSON) {
    put_submitted_json(f, r, p);
    return finish(f);
  }
  if (fmt == TD_FORMAT_TABLE) {
    put_receipt(f, p->receipt_no ? p->receipt_no : "-", r->duplicate);
    put_candidates(f, r, p);
  }
  return td_output_petition(f, fmt, p);
}

/*
 * A table for people: every column as wide as its widest cell, the last
 * one taking what the terminal leaves and cut with "…" to fit, or, with
 * wrap, written whole with its further lines indented under it. Cells are
 * borrowed; rows hold ncols cells each. Cutting points each row's last
 * cell at a copy that lives only while put_table runs.
 */
struct table {
  const char *const *heads;
  size_t ncols; /* At most TABLE_COLS_MAX. */
  const char **cells;
  size_t nrows;
  int columns; /* The terminal's width; 0 when unknown. */
  int wrap;
  /* The short list: one space between columns, the whole line within
   * NARROW columns when the terminal's width is unknown or smaller. */
  int narrow;
};

static void put_table_line(FILE *f, const char *const *cell, size_t ncols,
                           const size_t *w, const char *indent, size_t gap)
{
  size_t c;

  for (c = 0; c + 1 < ncols; c++) {
    td_output_clean_indent(f, cell[c], NULL);
    /* No blanks at the end of a line whose last cell is empty. */
    if (c + 2 < ncols || cell[ncols - 1][0] != '\0')
      pad(f, w[c] - td_utf8_width(cell[c]) + gap);
  }
  td_output_clean_indent(f, cell[ncols - 1], indent);
  fputc('\n', f);
}

/* Widths of the columns before the last; returns the columns they take. */
static size_t measure(const struct table *t, size_t *w)
{
  size_t used;
  size_t c;
  size_t i;
  size_t cw;

  used = 0;
  for (c = 0; c + 1 < t->ncols; c++) {
    w[c] = td_utf8_width(t->heads[c]);
    for (i = 0; i < t->nrows; i++) {
      cw = td_utf8_width(t->cells[i * t->ncols + c]);
      w[c] = cw > w[c] ? cw : w[c];
    }
    used += w[c] + (t->narrow ? 1 : GAP);
  }
  return used;
}

static int put_table(FILE *f, const struct table *t)
{
  const char *heads[TABLE_COLS_MAX];
  struct table shown;
  size_t w[TABLE_COLS_MAX];
  const char **last;
  char *indent;
  size_t used;
  size_t lw;
  size_t i;
  int r;

  /* The column heads are marked with N_() and read in the officer's
   * language. */
  for (i = 0; i < t->ncols; i++)
    heads[i] = _(t->heads[i]);
  shown = *t;
  shown.heads = heads;
  t = &shown;
  used = measure(t, w);
  if (t->narrow) {
    lw = t->columns > 0 ? (size_t)t->columns : NARROW;
    lw = lw > used + NARROW_SUMMARY ? lw - used : NARROW_SUMMARY;
  } else {
    lw = t->columns <= 0                           ? SUMMARY_PLAIN
         : (size_t)t->columns > used + SUMMARY_MIN ? (size_t)t->columns - used
                                                   : SUMMARY_MIN;
  }
  indent = malloc(used + 1);
  last = calloc(t->nrows + 1, sizeof(*last));
  r = indent && last ? 0 : -1;
  if (r == 0) {
    memset(indent, ' ', used);
    indent[used] = '\0';
  }
  for (i = 0; i < t->nrows && r == 0 && !t->wrap; i++) {
    last[i] = td_utf8_truncate(t->cells[i * t->ncols + t->ncols - 1], lw);
    r = last[i] ? 0 : -1;
  }
  if (r == 0) {
    put_table_line(f, t->heads, t->ncols, w, NULL, t->narrow ? 1 : GAP);
    for (i = 0; i < t->nrows; i++) {
      if (!t->wrap)
        t->cells[i * t->ncols + t->ncols - 1] = last[i];
      put_table_line(f, &t->cells[i * t->ncols], t->ncols, w,
                     t->wrap ? indent : NULL, t->narrow ? 1 : GAP);
    }
  }
  for (i = 0; last != NULL && i < t->nrows; i++)
    free((char *)last[i]);
  free(last);
  free(indent);
  return r == 0 ? finish(f) : -1;
}

/* The columns of the list table, in order; the summary comes last. */
enum {
  L_ID,
  L_RECEIPT,
  L_RECEIVED,
  L_KIND,
  L_STATUS,
  L_DEADLINE,
  L_LEFT,
  L_UNIT,
  L_SUMMARY,
  L_COUNT
};

static const char *const list_heads[L_COUNT] = {
    N_("ID"),       N_("RECEIPT"), N_("RECEIVED"), N_("KIND"),   N_("STATUS"),
    N_("DEADLINE"), N_("LEFT"),    N_("UNIT"),     N_("SUMMARY")};

/* The text of one row's cells. */
struct list_text {
  char id[24];
  char received[TD_DATETIME_MAX];
  char deadline[TD_DATETIME_MAX];
  char left[16];
};

static void fill_row(const char **cell, struct list_text *x,
                     const Tiepdan__Petition *p)
{
  snprintf(x->id, sizeof(x->id), "%" PRId64, p->id);
  td_datetime_format_short(p->received_at, x->received);
  snprintf(x->left, sizeof(x->left), "%d", (int)p->days_remaining);
  cell[L_ID] = p->has_id ? x->id : "";
  cell[L_RECEIPT] = p->receipt_no ? p->receipt_no : "";
  cell[L_RECEIVED] = p->has_received_at ? x->received : "";
  cell[L_KIND] = p->kind ? term(TD_TERMS_KIND, p->kind) : "";
  cell[L_STATUS] =
      p->has_status && td_status_name(p->status) ? status_term(p->status) : "";
  td_datetime_day_shown(p->deadline, x->deadline);
  cell[L_DEADLINE] = x->deadline;
  /* Days left only mean something while a deadline runs. */
  cell[L_LEFT] = p->deadline && p->has_days_remaining ? x->left : "-";
  cell[L_UNIT] = unit_code(p->unit) ? unit_code(p->unit) : "";
  cell[L_SUMMARY] = p->summary    ? p->summary
                    : p->redacted ? _("(withheld)")
                                  : "";
}

/* The short list's columns: what an officer scans for, in 80 columns. */
enum {
  SH_RECEIPT,
  SH_RECEIVED,
  SH_KIND,
  SH_STATUS,
  SH_DEADLINE,
  SH_SUMMARY,
  SH_COUNT
};

static const char *const short_heads[SH_COUNT] = {N_("RECEIPT"), N_("RECEIVED"),
                                                  N_("KIND"),    N_("STATUS"),
                                                  N_("DUE"),     N_("SUMMARY")};

/* The text of one short row's cells; kind and status are owned. */
struct short_text {
  char received[16];
  char deadline[16];
  char *kind;
  char *status;
};

/* "2026-03-16" as "16/03/2026"; anything else as it came. */
static void day_vn(const char *iso, char out[16])
{
  int y;
  int m;
  int d;
  char end;

  if (iso != NULL && strlen(iso) == 10 &&
      sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    snprintf(out, 16, "%02d/%02d/%04d", d, m, y);
  else
    snprintf(out, 16, "%s", iso ? iso : "-");
}

/*
 * The short list's kind and status: the server's names are for show and
 * --wide ("Đã chuyển cơ quan có thẩm quyền"), and cut to the narrow column
 * they read badly, so the codes whose names are too long have a short form
 * here, worded as the officers say it. A code not in the table (one the
 * server added later) is its name, cut.
 */
static const struct word short_words[] = {
    {"complaint", N_("Complaint")},       {"denunciation", N_("Denunc.")},
    {"recommendation", N_("Recommend.")}, {"feedback", N_("Feedback")},
    {"request", N_("Request")},           {"transferred", N_("Transferred")},
};

static char *short_term(const char *vocabulary, const char *code, int width)
{
  size_t i;

  if (code == NULL)
    return td_utf8_truncate("", width);
  for (i = 0; i < sizeof(short_words) / sizeof(short_words[0]); i++)
    if (strcmp(short_words[i].code, code) == 0 &&
        td_terms_find(terms, vocabulary, code) != NULL)
      return td_utf8_truncate(_(short_words[i].text), width);
  return td_utf8_truncate(term(vocabulary, code), width);
}

static int fill_short(const char **cell, struct short_text *x,
                      const Tiepdan__Petition *p)
{
  char when[TD_DATETIME_MAX];

  /* The day alone, as officers write it: "2026-03-16 08:30" becomes
   * "16/03/2026". */
  td_datetime_format_short(p->received_at, when);
  when[10] = '\0';
  day_vn(when, x->received);
  day_vn(p->deadline, x->deadline);
  x->kind = short_term(TD_TERMS_KIND, p->kind, NARROW_KIND);
  x->status = short_term(TD_TERMS_STATUS,
                         p->has_status ? td_status_name(p->status) : NULL,
                         NARROW_STATUS);
  cell[SH_RECEIPT] = p->receipt_no ? p->receipt_no : "";
  cell[SH_RECEIVED] = p->has_received_at ? x->received : "";
  cell[SH_KIND] = x->kind ? x->kind : "";
  cell[SH_STATUS] = x->status ? x->status : "";
  cell[SH_DEADLINE] = p->deadline ? x->deadline : "-";
  cell[SH_SUMMARY] = p->summary    ? p->summary
                     : p->redacted ? _("(withheld)")
                                   : "";
  return x->kind && x->status ? 0 : -1;
}

static int put_short_table(FILE *f, const Tiepdan__Petition *const *ps,
                           size_t n, int columns)
{
  struct short_text *text;
  struct table t;
  size_t i;
  int r;

  memset(&t, 0, sizeof(t));
  t.heads = short_heads;
  t.ncols = SH_COUNT;
  t.nrows = n;
  t.columns = columns;
  t.narrow = 1;
  t.cells = calloc(n * SH_COUNT, sizeof(*t.cells));
  text = calloc(n, sizeof(*text));
  r = t.cells && text ? 0 : -1;
  for (i = 0; i < n && r == 0; i++)
    r = fill_short(&t.cells[i * SH_COUNT], &text[i], ps[i]);
  if (r == 0)
    r = put_table(f, &t);
  for (i = 0; text != NULL && i < n; i++) {
    free(text[i].kind);
    free(text[i].status);
  }
  free(t.cells);
  free(text);
  return r;
}

static int put_list_table(FILE *f, const Tiepdan__Petition *const *ps, size_t n,
                          int columns, int wide)
{
  struct list_text *text;
  struct table t;
  size_t i;
  int r;

  if (n == 0) {
    fputs(_("No petitions found.\n"), f);
    return finish(f);
  }
  if (!wide)
    return put_short_table(f, ps, n, columns);
  memset(&t, 0, sizeof(t));
  t.heads = list_heads;
  t.ncols = L_COUNT;
  t.nrows = n;
  t.columns = columns;
  t.cells = calloc(n * L_COUNT, sizeof(*t.cells));
  text = calloc(n, sizeof(*text));
  r = -1;
  if (t.cells != NULL && text != NULL) {
    for (i = 0; i < n; i++)
      fill_row(&t.cells[i * L_COUNT], &text[i], ps[i]);
    r = put_table(f, &t);
  }
  free(t.cells);
  free(text);
  return r;
}

int td_output_list(FILE *f, enum td_format fmt,
                   const Tiepdan__Petition *const *ps, size_t n, int columns,
                   int wide)
{
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_list_table(f, ps, n, columns, wide);
  if (fmt == TD_FORMAT_CSV) {
    put_csv_header(f, petition_names, PETITION_COLS);
    for (i = 0; i < n; i++)
      put_petition_csv(f, ps[i]);
    return finish(f);
  }
  fputc('[', f);
  for (i = 0; i < n; i++) {
    fputs(i > 0 ? ",\n" : "\n", f);
    put_petition_json(f, ps[i]);
  }
  fputs(n > 0 ? "\n]\n" : "]\n", f);
  return finish(f);
}

static const char *const hello_names[] = {
    "principal_name",   "role",       "unit_code",
    "unit_name",        "unit_level", "server_version",
    "protocol_version", "max_frame",  "max_in_flight",
};

#define HELLO_COLS (sizeof(hello_names) / sizeof(hello_names[0]))

static void hello_vals(const Tiepdan__HelloReply *h, struct val *v)
{
  v_str(&v[0], h->principal_name);
  v_str(&v[1], h->has_role ? td_role_name(h->role) : NULL);
  v_str(&v[2], unit_code(h->unit));
  v_str(&v[3], unit_name(h->unit));
  v_str(&v[4], h->unit ? h->unit->level : NULL);
  v_str(&v[5], h->server_version);
  v_int(&v[6], h->has_protocol_version, h->protocol_version);
  v_int(&v[7], h->has_max_frame, h->max_frame);
  v_int(&v[8], h->has_max_in_flight, h->max_in_flight);
}

static void put_hello_table(FILE *f, const Tiepdan__HelloReply *h)
{
  row(f, _("Principal:"), h->principal_name);
  row(f, _("Role:"), h->has_role ? role_word(h->role) : NULL);
  row_unit(f, _("Unit:"), h->unit);
  row(f, _("Server:"), h->server_version);
  row_int(f, _("Protocol:"), h->has_protocol_version, h->protocol_version);
}

int td_output_hello(FILE *f, enum td_format fmt, const Tiepdan__HelloReply *h)
{
  struct val v[HELLO_COLS];

  if (fmt == TD_FORMAT_TABLE) {
    put_hello_table(f, h);
    return finish(f);
  }
  hello_vals(h, v);
  if (fmt == TD_FORMAT_JSON) {
    put_json(f, hello_names, v, HELLO_COLS);
    fputc('\n', f);
  } else {
    put_csv_header(f, hello_names, HELLO_COLS);
    put_csv_row(f, v, HELLO_COLS);
  }
  return finish(f);
}

/* Transitions ------------------------------------------------------------*/

static const char *status_or(int status, const char *dflt)
{
  const char *s;

  s = status >= 0 && td_status_name(status) ? status_term(status) : NULL;
  return s ? s : dflt;
}

/* "BL-2026-000001: received → accepted (deadline 2026-03-16, 23 days
 * left)". */
static void put_change(FILE *f, int action, int seen,
                       const Tiepdan__TransitionReply *r,
                       const Tiepdan__Petition *p)
{
  const Tiepdan__Event *e;
  char left[48];
  int from;
  int to;

  e = r->event;
  from = e && e->has_from_status ? (int)e->from_status : seen;
  to = e && e->has_to_status ? (int)e->to_status
       : p->has_status       ? (int)p->status
                             : -1;
  if (p->receipt_no != NULL)
    td_output_clean_indent(f, p->receipt_no, NULL);
  else
    fprintf(f, _("petition %lld"), (long long)p->id);
  fputs(": ", f);
  if (action == TIEPDAN__ACTION__NOTE)
    fprintf(f, _("note added, still %s"), status_or(to, _("unchanged")));
  else if (action == TIEPDAN__ACTION__EXTEND)
    fprintf(f, _("deadline extended, still %s"), status_or(to, _("unchanged")));
  else if (from >= 0 && from != to)
    fprintf(f, "%s " ARROW " %s", status_or(from, "?"), status_or(to, "?"));
  else
    fprintf(f, _("%s, now %s"),
            td_action_name(action) ? word(action_words, td_action_name(action))
                                   : _("done"),
            status_or(to, "?"));
  if (p->deadline != NULL) {
    char day[TD_DATETIME_MAX];

    td_datetime_day_shown(p->deadline, day);
    fputs(_(" (deadline "), f);
    td_output_clean_indent(f, day, NULL);
    if (p->has_days_remaining)
      fprintf(f, ", %s", days_left(p->days_remaining, left));
    fputc(')', f);
  }
  fputc('\n', f);
}

int td_output_transition(FILE *f, enum td_format fmt, int action,
                         int seen_status, const Tiepdan__TransitionReply *r)
{
  static const Tiepdan__Petition none = TIEPDAN__PETITION__INIT;
  const Tiepdan__Petition *p;

  p = r->petition ? r->petition : &none;
  if (fmt == TD_FORMAT_TABLE) {
    put_change(f, action, seen_status, r, p);
    fputc('\n', f);
  }
  return td_output_petition(f, fmt, p);
}

/* The notes of a petition, under show's record: each note, and each step
 * recorded with one (the answer of resolve, an extension's reason), oldest
 * first, with its day and time, who wrote it, and the step when it was
 * not a note. */
int td_output_notes(FILE *f, const Tiepdan__Event *const *notes, size_t n)
{
  const Tiepdan__Event *e;
  char at[TD_DATETIME_MAX];
  size_t shown;
  size_t i;

  shown = 0;
  for (i = 0; i < n; i++) {
    e = notes[i];
    if (e->action != NULL && strcmp(e->action, "note") != 0 &&
        (e->note == NULL || e->note[0] == '\0'))
      continue;
    if (shown++ == 0)
      fprintf(f, "\n%s\n", _("Notes:"));
    td_datetime_format_short(e->at, at);
    fprintf(f, "  %s  ", e->has_at ? at : "-");
    td_output_clean_indent(f, e->actor ? e->actor : "-", NULL);
    if (e->action != NULL && strcmp(e->action, "note") != 0) {
      fputs(" (", f);
      td_output_clean_indent(f, word(action_words, e->action), NULL);
      fputc(')', f);
    }
    fputs(":\n    ", f);
    td_output_clean_indent(
        f, e->redacted || e->note == NULL ? _("(withheld)") : e->note, "    ");
    fputc('\n', f);
  }
  return finish(f);
}

/* History ----------------------------------------------------------------*/

static const char *const event_names[] = {
    "seq",    "petition_id", "receipt_no", "at",   "actor",   "actor_role",
    "action", "from_status", "to_status",  "note", "changes",
};

#define EVENT_COLS (sizeof(event_names) / sizeof(event_names[0]))

static void event_vals(const Tiepdan__Event *e, const char *receipt,
                       struct val *v)
{
  v_int(&v[0], e->has_seq, e->seq);
  v_int(&v[1], e->has_petition_id, e->petition_id);
  v_str(&v[2], receipt);
  v_time(&v[3], e->has_at, e->at);
  v_str(&v[4], e->actor);
  v_str(&v[5], e->actor_role);
  v_str(&v[6], e->action);
  v_str(&v[7], e->has_from_status ? td_status_name(e->from_status) : NULL);
  v_str(&v[8], e->has_to_status ? td_status_name(e->to_status) : NULL);
  v_str(&v[9], e->note);
  /* A string, not embedded JSON: what the server sent is not ours to
   * vouch for, and a string keeps the output valid whatever it is. */
  v_str(&v[10], e->changes);
}

enum { H_SEQ, H_TIME, H_ACTOR, H_ACTION, H_CHANGE, H_NOTE, H_COUNT };

static const char *const history_heads[H_COUNT] = {
    N_("SEQ"),    N_("TIME"),      N_("ACTOR"),
    N_("ACTION"), N_("FROM → TO"), N_("NOTE")};

/* The text of one event's cells; the owned strings are freed after. */
struct event_text {
  char seq[24];
  char at[TD_DATETIME_MAX];
  char *actor;  /* Owned. */
  char *change; /* Owned. */
  char *note;   /* The note, then the changes; owned. */
};

static char *joined(const char *a, const char *sep, const char *b)
{
  size_t n;
  char *s;

  if (a == NULL)
    a = "";
  if (b == NULL)
    b = "";
  n = strlen(a) + strlen(sep) + strlen(b) + 1;
  s = malloc(n);
  if (s != NULL)
    snprintf(s, n, "%s%s%s", a, sep, b);
  return s;
}

/* "received → accepted", "→ received", or the status alone when the
 * event did not change it. */
static char *change_text(const Tiepdan__Event *e)
{
  const char *from;
  const char *to;

  from = e->has_from_status ? status_or(e->from_status, "?") : NULL;
  to = e->has_to_status ? status_or(e->to_status, "?") : NULL;
  if (from == NULL && to == NULL)
    return strdup("-");
  if (from == NULL)
    return joined(ARROW " ", "", to);
  if (to == NULL || strcmp(from, to) == 0)
    return strdup(from);
  return joined(from, " " ARROW " ", to);
}

/* "Nguyễn Thị Hoa (reception)". */
/* The actor of a step no principal took: the server itself, recomputing
 * deadlines the provisional holidays moved (server/db/lifecycle.c). */
static const struct word system_words[] = {
    {"System (provisional holidays)", N_("System (provisional holidays)")},
    {NULL, NULL},
};

static char *actor_text(const Tiepdan__Event *e)
{
  const char *name;
  const char *role;
  size_t n;
  char *s;

  name = e->actor ? e->actor : "";
  if (e->actor_role == NULL || e->actor_role[0] == '\0')
    return strdup(word(system_words, name));
  role = word(role_words, e->actor_role);
  n = strlen(name) + strlen(role) + 4;
  s = malloc(n);
  if (s != NULL)
    snprintf(s, n, "%s (%s)", name, role);
  return s;
}

/*
 * An event's changes in the officer's words: the server records them as a
 * flat JSON object of the petition's new values ({"deadline": "2027-01-18",
 * "outcome": "answered_in_writing", ...}); the history shows them as
 * "Deadline: 18/01/2027; Outcome: Answered in writing" with the server's
 * names and the officer's dates. What is no flat object comes out as sent.
 */
struct change_label {
  const char *key;
  const char *label; /* NULL: not shown (the status is in its own column). */
  const char *vocabulary;
};

static const struct change_label change_labels[] = {
    {"status", NULL, NULL},
    {"deadline_rule_id", NULL, NULL},
    {"unit_id", NULL, NULL},
    {"village_id", NULL, NULL},
    {"outcome", N_("Outcome"), TD_TERMS_OUTCOME},
    {"finding", N_("Finding"), TD_TERMS_FINDING},
    {"repeat_of", N_("Repeat of"), NULL},
    {"kind", N_("Kind"), TD_TERMS_KIND},
    {"channel", N_("Channel"), TD_TERMS_CHANNEL},
    {"field", N_("Field"), TD_TERMS_FIELD},
    {"received_at", N_("Received"), NULL},
    {"accepted_at", N_("Accepted on"), NULL},
    {"closed_at", N_("Closed on"), NULL},
    {"deadline", N_("Deadline"), NULL},
    {"extended_deadline", N_("Extended deadline"), NULL},
    {"deadline_start", N_("Counted from"), NULL},
    {"deadline_step", N_("Deadline of the step"), NULL},
    {"handling_agency", N_("Handling agency"), NULL},
    {"transfer_target", N_("Transferred to"), NULL},
    {"session_id", N_("Session"), NULL},
    {"satisfaction", N_("Satisfaction"), NULL},
    {"complex", N_("Complex"), NULL},
    {"especially_complex", N_("Especially complex"), NULL},
    {"extensions", N_("Extensions"), NULL},
    {"decision_no", N_("Decision number"), NULL},
    {"note", N_("Reason"), NULL},
    {"summary", N_("Summary"), NULL},
    {"petitioner_name", N_("Petitioner"), NULL},
    {"petitioner_id_number", N_("ID number"), NULL},
    {"petitioner_address", N_("Address"), NULL},
    {"petitioner_contact", N_("Contact"), NULL},
    {"confidential", N_("Confidential"), NULL},
    {"group_size", N_("Number of people"), NULL},
};

/* Reads the JSON string at *p (after its opening quote) into out, NUL
 * ended; 0, or -1 when it is not one this reader takes. */
static int json_string(const char **p, char *out, size_t outlen)
{
  const char *s = *p;
  size_t n = 0;
  char c;

  for (;;) {
    c = *s++;
    if (c == '\0')
      return -1;
    if (c == '"')
      break;
    if (c == '\\') {
      c = *s++;
      switch (c) {
      case '"':
      case '\\':
      case '/':
        break;
      case 'n':
      case 't':
      case 'r':
        c = ' ';
        break;
      default: /* \u and the rest: leave the whole object as sent. */
        return -1;
      }
    }
    if (n + 1 >= outlen)
      return -1;
    out[n++] = c;
  }
  out[n] = '\0';
  *p = s;
  return 0;
}

/* A value as the officer reads it, into out. */
static void change_value(const struct change_label *l, const char *v,
                         int is_string, char *out, size_t outlen)
{
  int y, mo, d, h, mi;
  char end;

  if (!is_string) {
    if (strcmp(v, "true") == 0)
      v = _("yes");
    else if (strcmp(v, "false") == 0)
      v = _("no");
    else if (strcmp(v, "null") == 0)
      v = "-";
    snprintf(out, outlen, "%s", v);
    return;
  }
  if (l != NULL && l->vocabulary != NULL)
    v = term(l->vocabulary, v);
  else if (l != NULL && strcmp(l->key, "deadline_step") == 0)
    v = word(step_words, v);
  else if (l != NULL && strcmp(l->key, "satisfaction") == 0)
    v = word(satisfaction_words, v);
  if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%c", &y, &mo, &d, &end) == 3) {
    td_datetime_day_shown(v, out);
    return;
  }
  /* A time the database wrote on Vietnam's clock, "2026-12-02T04:54:01+07:00".
   */
  if (strlen(v) == 25 && strcmp(v + 19, "+07:00") == 0 &&
      sscanf(v, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5) {
    if (td_lang_current() == TD_LANG_VI)
      snprintf(out, outlen, "%02d/%02d/%04d %02d:%02d", d, mo, y, h, mi);
    else
      snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
    return;
  }
  snprintf(out, outlen, "%s", v);
}

/* The words of changes, malloc'd; NULL when they are not a flat object of
 * scalars (the caller then shows them as sent) or memory ran out. */
static char *change_words(const char *json)
{
  char key[64];
  char val[512];
  char shown[600];
  const struct change_label *l;
  const char *p = json;
  char *out;
  size_t n = 0;
  size_t cap = strlen(json) * 2 + 256;
  size_t i, k;
  int is_string;

  out = malloc(cap);
  if (out == NULL)
    return NULL;
  out[0] = '\0';
  p += strspn(p, " \t\r\n");
  if (*p++ != '{')
    goto raw;
  for (;;) {
    p += strspn(p, " \t\r\n");
    if (*p == '}')
      break;
    if (*p++ != '"' || json_string(&p, key, sizeof(key)) != 0)
      goto raw;
    p += strspn(p, " \t\r\n");
    if (*p++ != ':')
      goto raw;
    p += strspn(p, " \t\r\n");
    is_string = *p == '"';
    if (is_string) {
      p++;
      if (json_string(&p, val, sizeof(val)) != 0)
        goto raw;
    } else {
      k = strcspn(p, ",} \t\r\n");
      if (k == 0 || k >= sizeof(val) || *p == '{' || *p == '[')
        goto raw;
      memcpy(val, p, k);
      val[k] = '\0';
      p += k;
    }
    l = NULL;
    for (i = 0; i < sizeof(change_labels) / sizeof(change_labels[0]); i++)
      if (strcmp(change_labels[i].key, key) == 0)
        l = &change_labels[i];
    if (l == NULL || l->label != NULL) {
      change_value(l, val, is_string, shown, sizeof(shown));
      k = (size_t)snprintf(out + n, cap - n, "%s%s: %s", n ? "; " : "",
                           l ? _(l->label) : key, shown);
      if (k >= cap - n)
        goto raw;
      n += k;
    }
    p += strspn(p, " \t\r\n");
    if (*p == ',')
      p++;
    else if (*p != '}')
      goto raw;
  }
  return out;
raw:
  free(out);
  return NULL;
}

/* Whether changes says nothing: absent, empty, or an empty object. */
static int no_changes(const char *s)
{
  if (s == NULL)
    return 1;
  s += strspn(s, " \t\r\n");
  if (*s == '{') {
    s++;
    s += strspn(s, " \t\r\n");
    if (*s != '}')
      return 0;
    s++;
    s += strspn(s, " \t\r\n");
  }
  return *s == '\0';
}

static int fill_event(const char **cell, struct event_text *x,
                      const Tiepdan__Event *e)
{
  snprintf(x->seq, sizeof(x->seq), "%" PRId64, e->seq);
  td_datetime_format_short(e->at, x->at);
  x->actor = actor_text(e);
  x->change = change_text(e);
  if (!no_changes(e->changes)) {
    char *words = change_words(e->changes);
    const char *c = words != NULL ? words : e->changes;

    if (words != NULL && words[0] == '\0')
      x->note = strdup(e->note && e->note[0] ? e->note : "");
    else
      x->note = e->note && e->note[0] ? joined(e->note, _("\nchanges: "), c)
                                      : joined(_("changes: "), "", c);
    free(words);
  } else if (e->action != NULL && strcmp(e->action, "identity_read") == 0)
    x->note = strdup(e->note ? word(read_words, e->note) : "");
  else
    x->note = strdup(e->note && e->note[0] ? e->note : "");
  cell[H_SEQ] = e->has_seq ? x->seq : "";
  cell[H_TIME] = e->has_at ? x->at : "";
  cell[H_ACTOR] = x->actor;
  cell[H_ACTION] = e->action ? word(action_words, e->action) : "";
  cell[H_CHANGE] = x->change;
  cell[H_NOTE] = x->note;
  return x->actor && x->change && x->note ? 0 : -1;
}

static void put_history_head(FILE *f, const Tiepdan__HistoryReply *h)
{
  const Tiepdan__Petition *p;

  p = h->petition;
  if (p == NULL)
    return;
  fputs(_("Petition "), f);
  if (p->receipt_no != NULL)
    td_output_clean_indent(f, p->receipt_no, NULL);
  else
    fprintf(f, "%" PRId64, p->id);
  if (p->has_status && td_status_name(p->status))
    fprintf(f, _(", now %s"), status_term(p->status));
  fputs("\n\n", f);
}

static int put_history_table(FILE *f, const Tiepdan__HistoryReply *h)
{
  struct event_text *text;
  struct table t;
  size_t n;
  size_t i;
  int r;

  put_history_head(f, h);
  n = h->n_events;
  if (n == 0) {
    fputs(_("No events recorded.\n"), f);
    return finish(f);
  }
  memset(&t, 0, sizeof(t));
  t.heads = history_heads;
  t.ncols = H_COUNT;
  t.nrows = n;
  t.wrap = 1;
  t.cells = calloc(n * H_COUNT, sizeof(*t.cells));
  text = calloc(n, sizeof(*text));
  r = t.cells && text ? 0 : -1;
  for (i = 0; i < n && r == 0; i++)
    r = fill_event(&t.cells[i * H_COUNT], &text[i], h->events[i]);
  if (r == 0)
    r = put_table(f, &t);
  for (i = 0; text != NULL && i < n; i++) {
    free(text[i].actor);
    free(text[i].change);
    free(text[i].note);
  }
  free(text);
  free(t.cells);
  return r;
}

int td_output_history(FILE *f, enum td_format fmt,
                      const Tiepdan__HistoryReply *h)
{
  struct val v[EVENT_COLS];
  const char *receipt;
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_history_table(f, h);
  receipt = h->petition ? h->petition->receipt_no : NULL;
  if (fmt == TD_FORMAT_CSV)
    put_csv_header(f, event_names, EVENT_COLS);
  else
    fputc('[', f);
  for (i = 0; i < h->n_events; i++) {
    event_vals(h->events[i], receipt, v);
    if (fmt == TD_FORMAT_CSV) {
      put_csv_row(f, v, EVENT_COLS);
      continue;
    }
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json(f, event_names, v, EVENT_COLS);
  }
  if (fmt == TD_FORMAT_JSON)
    fputs(h->n_events > 0 ? "\n]\n" : "]\n", f);
  return finish(f);
}

/* Sessions ---------------------------------------------------------------*/

static const char *const session_names[] = {
    "id",        "unit_code",    "unit_name",        "type",
    "title",     "presided_by",  "opened_at",        "closed_at",
    "attendees", "opinions",     "resolved_on_spot", "forwarded",
    "petitions", "note",         "number",           "theme",
    "groups",    "group_people",
};

#define SESSION_COLS (sizeof(session_names) / sizeof(session_names[0]))

static const char *session_type(const Tiepdan__Session *s)
{
  return s->has_type
             ? term(TD_TERMS_SESSION_TYPE, td_session_type_name(s->type))
             : NULL;
}

static void session_vals(const Tiepdan__Session *s, struct val *v)
{
  v_int(&v[0], s->has_id, s->id);
  v_str(&v[1], unit_code(s->unit));
  v_str(&v[2], unit_name(s->unit));
  v_str(&v[3], s->has_type ? td_session_type_name(s->type) : NULL);
  v_str(&v[4], s->title);
  v_str(&v[5], s->presided_by);
  v_time(&v[6], s->has_opened_at, s->opened_at);
  v_time(&v[7], s->has_closed_at, s->closed_at);
  v_int(&v[8], s->has_attendees, s->attendees);
  v_int(&v[9], s->has_opinions, s->opinions);
  v_int(&v[10], s->has_resolved_on_spot, s->resolved_on_spot);
  v_int(&v[11], s->has_forwarded, s->forwarded);
  v_int(&v[12], s->has_petitions, s->petitions);
  v_str(&v[13], s->note);
  v_int(&v[14], s->has_number, s->number);
  v_str(&v[15], s->theme);
  v_int(&v[16], s->has_groups, s->groups);
  v_int(&v[17], s->has_group_people, s->group_people);
}

/* The mass delegations (đoàn đông người) of a session in words: "2 (15
 * people)"; NULL when not recorded. */
static const char *session_groups(const Tiepdan__Session *s, char *buf,
                                  size_t size)
{
  if (!s->has_groups)
    return NULL;
  if (s->has_group_people)
    snprintf(buf, size, _("%u (%u people)"), s->groups, s->group_people);
  else
    snprintf(buf, size, "%u", s->groups);
  return buf;
}

static void put_session_table(FILE *f, const Tiepdan__Session *s,
                              const char *done)
{
  char groups[64];

  if (done != NULL && s->has_id)
    fprintf(f, _("Session %lld %s.\n\n"), (long long)s->id, done);
  row_int(f, _("Session:"), s->has_id, s->id);
  row(f, _("Type:"), session_type(s));
  /* What only some sessions have is printed when they have it. */
  if (s->has_number)
    row_int(f, _("Number:"), 1, s->number);
  row(f, _("Title:"), s->title);
  if (s->theme != NULL && s->theme[0] != '\0')
    row(f, _("Theme:"), s->theme);
  row_unit(f, _("Unit:"), s->unit);
  row(f, _("Presided by:"), s->presided_by);
  row_time(f, _("Opened:"), s->has_opened_at, s->opened_at);
  row_time(f, _("Closed:"), s->has_closed_at, s->closed_at);
  row_int(f, _("Attendees:"), s->has_attendees, s->attendees);
  row_int(f, _("Opinions:"), s->has_opinions, s->opinions);
  row_int(f, _("On the spot:"), s->has_resolved_on_spot, s->resolved_on_spot);
  row_int(f, _("Forwarded:"), s->has_forwarded, s->forwarded);
  if (s->has_groups)
    row(f, _("Delegations:"), session_groups(s, groups, sizeof(groups)));
  row_int(f, _("Petitions:"), s->has_petitions, s->petitions);
  row(f, _("Note:"), s->note);
}

int td_output_session(FILE *f, enum td_format fmt, const Tiepdan__Session *s,
                      const char *done)
{
  struct val v[SESSION_COLS];

  if (fmt == TD_FORMAT_TABLE) {
    put_session_table(f, s, done);
    return finish(f);
  }
  session_vals(s, v);
  if (fmt == TD_FORMAT_JSON) {
    put_json(f, session_names, v, SESSION_COLS);
    fputc('\n', f);
  } else {
    put_csv_header(f, session_names, SESSION_COLS);
    put_csv_row(f, v, SESSION_COLS);
  }
  return finish(f);
}

enum {
  S_ID,
  S_TYPE,
  S_OPENED,
  S_CLOSED,
  S_PRESIDED,
  S_ATTENDEES,
  S_OPINIONS,
  S_SPOT,
  S_FORWARDED,
  S_GROUPS,
  S_PETITIONS,
  S_TITLE,
  S_COUNT
};

static const char *const session_heads[S_COUNT] = {
    N_("ID"),          N_("TYPE"),        N_("OPENED"),    N_("CLOSED"),
    N_("PRESIDED BY"), N_("ATTENDEES"),   N_("OPINIONS"),  N_("ON THE SPOT"),
    N_("FORWARDED"),   N_("DELEGATIONS"), N_("PETITIONS"), N_("TITLE")};

/* The text of one session's cells. */
struct session_text {
  char num[6][24];
  char opened[TD_DATETIME_MAX];
  char closed[TD_DATETIME_MAX];
  char type[160];
  char groups[64];
  char title[TD_TITLE_MAX * 2 + 8];
};

static const char *count_cell(char buf[24], int has, int64_t n)
{
  snprintf(buf, 24, "%" PRId64, n);
  return has ? buf : "-";
}

static void fill_session(const char **cell, struct session_text *x,
                         const Tiepdan__Session *s)
{
  const char *type;

  type = session_type(s);
  /* A numbered reception says its number with its type: "Tiếp định kỳ của
   * Chủ tịch UBND, kỳ tiếp số 3". */
  if (type != NULL && s->has_number) {
    snprintf(x->type, sizeof(x->type), _("%s, no. %u"), type, s->number);
    type = x->type;
  }
  /* The theme follows the title, so that two dialogues and a youth
   * dialogue read apart. */
  if (s->theme != NULL && s->theme[0] != '\0') {
    if (s->title != NULL && s->title[0] != '\0')
      snprintf(x->title, sizeof(x->title), _("%s (theme: %s)"), s->title,
               s->theme);
    else
      snprintf(x->title, sizeof(x->title), _("theme: %s"), s->theme);
    cell[S_TITLE] = x->title;
  } else {
    cell[S_TITLE] = s->title ? s->title : "";
  }
  td_datetime_format_short(s->opened_at, x->opened);
  td_datetime_format_short(s->closed_at, x->closed);
  cell[S_ID] = count_cell(x->num[0], s->has_id, s->id);
  cell[S_TYPE] = type ? type : "";
  cell[S_OPENED] = s->has_opened_at ? x->opened : "";
  cell[S_CLOSED] = s->has_closed_at ? x->closed : "-";
  cell[S_PRESIDED] = s->presided_by ? s->presided_by : "";
  cell[S_ATTENDEES] = count_cell(x->num[1], s->has_attendees, s->attendees);
  cell[S_OPINIONS] = count_cell(x->num[2], s->has_opinions, s->opinions);
  cell[S_SPOT] =
      count_cell(x->num[3], s->has_resolved_on_spot, s->resolved_on_spot);
  cell[S_FORWARDED] = count_cell(x->num[4], s->has_forwarded, s->forwarded);
  cell[S_GROUPS] = session_groups(s, x->groups, sizeof(x->groups));
  if (cell[S_GROUPS] == NULL)
    cell[S_GROUPS] = "-";
  cell[S_PETITIONS] = count_cell(x->num[5], s->has_petitions, s->petitions);
}

static int put_sessions_table(FILE *f, const Tiepdan__Session *const *ss,
                              size_t n, int columns)
{
  struct session_text *text;
  struct table t;
  size_t i;
  int r;

  if (n == 0) {
    fputs(_("No sessions found.\n"), f);
    return finish(f);
  }
  memset(&t, 0, sizeof(t));
  t.heads = session_heads;
  t.ncols = S_COUNT;
  t.nrows = n;
  t.columns = columns;
  t.cells = calloc(n * S_COUNT, sizeof(*t.cells));
  text = calloc(n, sizeof(*text));
  r = -1;
  if (t.cells != NULL && text != NULL) {
    for (i = 0; i < n; i++)
      fill_session(&t.cells[i * S_COUNT], &text[i], ss[i]);
    r = put_table(f, &t);
  }
  free(t.cells);
  free(text);
  return r;
}

int td_output_sessions(FILE *f, enum td_format fmt,
                       const Tiepdan__Session *const *ss, size_t n, int columns)
{
  struct val v[SESSION_COLS];
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_sessions_table(f, ss, n, columns);
  if (fmt == TD_FORMAT_CSV)
    put_csv_header(f, session_names, SESSION_COLS);
  else
    fputc('[', f);
  for (i = 0; i < n; i++) {
    session_vals(ss[i], v);
    if (fmt == TD_FORMAT_CSV) {
      put_csv_row(f, v, SESSION_COLS);
      continue;
    }
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json(f, session_names, v, SESSION_COLS);
  }
  if (fmt == TD_FORMAT_JSON)
    fputs(n > 0 ? "\n]\n" : "]\n", f);
  return finish(f);
}

/* Holidays ---------------------------------------------------------------*/

static const char *const holidays_names[] = {"year", "loaded", "recomputed"};

int td_output_holidays_loaded(FILE *f, enum td_format fmt, unsigned year,
                              const Tiepdan__LoadHolidaysReply *r)
{
  struct val v[3];
  unsigned y;

  y = r->has_year ? r->year : year;
  if (fmt == TD_FORMAT_TABLE) {
    fprintf(f,
            td_ngettext("loaded %u holiday for %u; ",
                        "loaded %u holidays for %u; ", r->loaded),
            r->loaded, y);
    fprintf(f,
            td_ngettext("recomputed the deadline of %u open petition\n",
                        "recomputed the deadline of %u open petitions\n",
                        r->recomputed),
            r->recomputed);
    return finish(f);
  }
  v_int(&v[0], 1, y);
  v_int(&v[1], r->has_loaded, r->loaded);
  v_int(&v[2], r->has_recomputed, r->recomputed);
  if (fmt == TD_FORMAT_JSON) {
    put_json(f, holidays_names, v, 3);
    fputc('\n', f);
  } else {
    put_csv_header(f, holidays_names, 3);
    put_csv_row(f, v, 3);
  }
  return finish(f);
}

/* Principals -------------------------------------------------------------*/

static const char *const principal_names[] = {
    "id",         "name",        "role",       "unit_code",  "unit_name",
    "unit_level", "fingerprint", "created_at", "revoked_at",
};

#define PRINCIPAL_COLS (sizeof(principal_names) / sizeof(principal_names[0]))

static const char *role_of(const Tiepdan__Principal *p)
{
  return p->has_role ? td_role_name(p->role) : NULL;
}

static const char *role_shown(const Tiepdan__Principal *p)
{
  return p->has_role ? role_word(p->role) : NULL;
}

static void principal_vals(const Tiepdan__Principal *p, struct val *v)
{
  v_int(&v[0], p->has_id, p->id);
  v_str(&v[1], p->name);
  v_str(&v[2], role_of(p));
  v_str(&v[3], unit_code(p->unit));
  v_str(&v[4], unit_name(p->unit));
  v_str(&v[5], p->unit ? p->unit->level : NULL);
  v_str(&v[6], p->fingerprint);
  v_time(&v[7], p->has_created_at, p->created_at);
  v_time(&v[8], p->has_revoked_at, p->revoked_at);
}

static void put_principal_table(FILE *f, const Tiepdan__Principal *p,
                                const char *done)
{
  if (done != NULL && p->has_id)
    fprintf(f, _("Principal %lld %s.\n\n"), (long long)p->id, _(done));
  row_int(f, _("ID:"), p->has_id, p->id);
  row(f, _("Name:"), p->name);
  row(f, _("Role:"), role_shown(p));
  row_unit(f, _("Unit:"), p->unit);
  row(f, _("Fingerprint:"), p->fingerprint);
  row_time(f, _("Created:"), p->has_created_at, p->created_at);
  row_time(f, _("Revoked:"), p->has_revoked_at, p->revoked_at);
}

int td_output_principal(FILE *f, enum td_format fmt,
                        const Tiepdan__Principal *p, const char *done)
{
  struct val v[PRINCIPAL_COLS];

  if (fmt == TD_FORMAT_TABLE) {
    put_principal_table(f, p, done);
    return finish(f);
  }
  principal_vals(p, v);
  if (fmt == TD_FORMAT_JSON) {
    put_json(f, principal_names, v, PRINCIPAL_COLS);
    fputc('\n', f);
  } else {
    put_csv_header(f, principal_names, PRINCIPAL_COLS);
    put_csv_row(f, v, PRINCIPAL_COLS);
  }
  return finish(f);
}

enum {
  P_ID,
  P_NAME,
  P_ROLE,
  P_UNIT,
  P_FINGERPRINT,
  P_CREATED,
  P_REVOKED,
  P_COUNT
};

static const char *const principal_heads[P_COUNT] = {
    N_("ID"),          N_("NAME"),    N_("ROLE"),   N_("UNIT"),
    N_("FINGERPRINT"), N_("CREATED"), N_("REVOKED")};

/* Enough of a fingerprint to tell certificates apart at a glance. */
#define FINGERPRINT_SHOWN 16

/* The text of one principal's cells. */
struct principal_text {
  char id[24];
  char fingerprint[FINGERPRINT_SHOWN + sizeof("\xe2\x80\xa6")];
  char created[TD_DATETIME_MAX];
  char revoked[TD_DATETIME_MAX];
};

static void fill_principal(const char **cell, struct principal_text *x,
                           const Tiepdan__Principal *p)
{
  const char *fp;

  fp = p->fingerprint ? p->fingerprint : "";
  snprintf(x->id, sizeof(x->id), "%" PRId64, p->id);
  if (strlen(fp) > FINGERPRINT_SHOWN)
    snprintf(x->fingerprint, sizeof(x->fingerprint), "%.*s\xe2\x80\xa6",
             FINGERPRINT_SHOWN, fp);
  else
    snprintf(x->fingerprint, sizeof(x->fingerprint), "%s", fp);
  td_datetime_format_short(p->created_at, x->created);
  td_datetime_format_short(p->revoked_at, x->revoked);
  cell[P_ID] = p->has_id ? x->id : "";
  cell[P_NAME] = p->name ? p->name : "";
  cell[P_ROLE] = role_shown(p) ? role_shown(p) : "";
  cell[P_UNIT] = unit_code(p->unit) ? unit_code(p->unit) : "";
  cell[P_FINGERPRINT] = x->fingerprint;
  cell[P_CREATED] = p->has_created_at ? x->created : "";
  cell[P_REVOKED] = p->has_revoked_at ? x->revoked : "-";
}

static int put_principals_table(FILE *f, const Tiepdan__Principal *const *ps,
                                size_t n, int columns)
{
  struct principal_text *text;
  struct table t;
  size_t i;
  int r;

  if (n == 0) {
    fputs(_("No principals found.\n"), f);
    return finish(f);
  }
  memset(&t, 0, sizeof(t));
  t.heads = principal_heads;
  t.ncols = P_COUNT;
  t.nrows = n;
  t.columns = columns;
  t.cells = calloc(n * P_COUNT, sizeof(*t.cells));
  text = calloc(n, sizeof(*text));
  r = -1;
  if (t.cells != NULL && text != NULL) {
    for (i = 0; i < n; i++)
      fill_principal(&t.cells[i * P_COUNT], &text[i], ps[i]);
    r = put_table(f, &t);
  }
  free(t.cells);
  free(text);
  return r;
}

int td_output_principals(FILE *f, enum td_format fmt,
                         const Tiepdan__Principal *const *ps, size_t n,
                         int columns)
{
  struct val v[PRINCIPAL_COLS];
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_principals_table(f, ps, n, columns);
  if (fmt == TD_FORMAT_CSV)
    put_csv_header(f, principal_names, PRINCIPAL_COLS);
  else
    fputc('[', f);
  for (i = 0; i < n; i++) {
    principal_vals(ps[i], v);
    if (fmt == TD_FORMAT_CSV) {
      put_csv_row(f, v, PRINCIPAL_COLS);
      continue;
    }
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json(f, principal_names, v, PRINCIPAL_COLS);
  }
  if (fmt == TD_FORMAT_JSON)
    fputs(n > 0 ? "\n]\n" : "]\n", f);
  return finish(f);
}

/* Merges -----------------------------------------------------------------*/

static const char *const merged_names[] = {
    "unit_code", "unit_name", "unit_level", "on",
    "merged",    "petitions", "principals",
};

#define MERGED_COLS (sizeof(merged_names) / sizeof(merged_names[0]))
#define M_MERGED 4 /* Where "merged" is in merged_names. */

/* "03405 Xã Tả Lèng", cleaned for a terminal. */
static void put_unit(FILE *f, const Tiepdan__Unit *u)
{
  if (u == NULL || (u->code == NULL && u->name == NULL)) {
    fputc('-', f);
    return;
  }
  td_output_clean_indent(f, u->code ? u->code : "", NULL);
  if (u->code != NULL && u->name != NULL)
    fputc(' ', f);
  td_output_clean_indent(f, u->name ? u->name : "", NULL);
}

static void put_merged_table(FILE *f, const Tiepdan__MergeUnitsReply *r,
                             const char *on)
{
  size_t i;

  fputs(_("Merged into "), f);
  put_unit(f, r->unit);
  fputs(_(" from "), f);
  td_output_clean_indent(f, on ? on : "-", NULL);
  fputs(".\n\n", f);
  row_unit(f, _("Successor:"), r->unit);
  row(f, _("First day:"), on);
  for (i = 0; i < r->n_merged; i++) {
    put_label(f, i == 0 ? _("Merged:") : "");
    put_unit(f, r->merged[i]);
    fputc('\n', f);
  }
  if (r->n_merged == 0)
    row(f, _("Merged:"), NULL);
  row_int(f, _("Petitions:"), r->has_petitions, r->petitions);
  row_int(f, _("Principals:"), r->has_principals, r->principals);
}

/* The merged units' codes, space-separated, in a malloc'd string. */
static char *merged_codes(const Tiepdan__MergeUnitsReply *r)
{
  const char *code;
  size_t len;
  size_t at;
  size_t n;
  size_t i;
  char *s;

  len = 1;
  for (i = 0; i < r->n_merged; i++)
    len += strlen(unit_code(r->merged[i]) ? unit_code(r->merged[i]) : "") + 1;
  s = malloc(len);
  if (s == NULL)
    return NULL;
  at = 0;
  s[0] = '\0';
  for (i = 0; i < r->n_merged; i++) {
    code = unit_code(r->merged[i]);
    n = strlen(code ? code : "");
    if (i > 0)
      s[at++] = ' ';
    memcpy(s + at, code ? code : "", n);
    at += n;
    s[at] = '\0';
  }
  return s;
}

/* One json field, with the comma before it unless it is the first. */
static void put_json_field(FILE *f, size_t i, const struct val *v)
{
  if (i > 0)
    fputc(',', f);
  td_output_json_string(f, merged_names[i]);
  fputc(':', f);
  put_json_val(f, &v[i]);
}

/* As put_json, but "merged" is an array of {code, name}. */
static void put_merged_json(FILE *f, const Tiepdan__MergeUnitsReply *r,
                            const struct val *v)
{
  size_t i;

  fputc('{', f);
  for (i = 0; i < M_MERGED; i++)
    put_json_field(f, i, v);
  fputs(",\"merged\":[", f);
  for (i = 0; i < r->n_merged; i++) {
    fputs(i > 0 ? ",{\"code\":" : "{\"code\":", f);
    td_output_json_string(f, unit_code(r->merged[i]));
    fputs(",\"name\":", f);
    td_output_json_string(f, unit_name(r->merged[i]));
    fputc('}', f);
  }
  fputc(']', f);
  for (i = M_MERGED + 1; i < MERGED_COLS; i++)
    put_json_field(f, i, v);
  fputs("}\n", f);
}

int td_output_merged(FILE *f, enum td_format fmt,
                     const Tiepdan__MergeUnitsReply *r, const char *on)
{
  struct val v[MERGED_COLS];
  char *codes;

  if (fmt == TD_FORMAT_TABLE) {
    put_merged_table(f, r, on);
    return finish(f);
  }
  codes = merged_codes(r);
  if (codes == NULL)
    return -1;
  v_str(&v[0], unit_code(r->unit));
  v_str(&v[1], unit_name(r->unit));
  v_str(&v[2], r->unit ? r->unit->level : NULL);
  v_str(&v[3], on);
  v_str(&v[4], codes);
  v_int(&v[5], r->has_petitions, r->petitions);
  v_int(&v[6], r->has_principals, r->principals);
  if (fmt == TD_FORMAT_JSON) {
    put_merged_json(f, r, v);
  } else {
    put_csv_header(f, merged_names, MERGED_COLS);
    put_csv_row(f, v, MERGED_COLS);
  }
  free(codes);
  return finish(f);
}

/* Units ------------------------------------------------------------------*/

/* A level in the officer's language. */
static const char *level_shown(const char *level)
{
  static const char *const levels[] = {N_("nation"), N_("province"),
                                       N_("district"), N_("commune"),
                                       N_("village")};
  size_t i;

  for (i = 0; level != NULL && i < sizeof(levels) / sizeof(levels[0]); i++)
    if (strcmp(levels[i], level) == 0)
      return _(levels[i]);
  return level != NULL ? level : "";
}

static const char *const unit_names[] = {"code",        "name",  "level",
                                         "parent_code", "since", "until"};
#define UNIT_COLS (sizeof(unit_names) / sizeof(unit_names[0]))

static void unit_vals(const Tiepdan__UnitEntry *u, struct val *v)
{
  v_str(&v[0], u->code);
  v_str(&v[1], u->name);
  v_str(&v[2], u->level);
  v_str(&v[3], u->parent_code);
  v_str(&v[4], u->since);
  v_str(&v[5], u->until);
}

enum { U_CODE, U_LEVEL, U_PARENT, U_SINCE, U_UNTIL, U_NAME, U_COUNT };

static const char *const unit_heads[U_COUNT] = {N_("CODE"),   N_("LEVEL"),
                                                N_("PARENT"), N_("SINCE"),
                                                N_("UNTIL"),  N_("UNIT NAME")};

static int put_units_table(FILE *f, const Tiepdan__UnitEntry *const *us,
                           size_t n, int columns)
{
  struct table t;
  const char **c;
  size_t i;
  int r;

  if (n == 0) {
    fputs(_("No units found.\n"), f);
    return finish(f);
  }
  memset(&t, 0, sizeof(t));
  t.heads = unit_heads;
  t.ncols = U_COUNT;
  t.nrows = n;
  t.columns = columns;
  t.cells = calloc(n * U_COUNT, sizeof(*t.cells));
  if (t.cells == NULL)
    return -1;
  for (i = 0; i < n; i++) {
    c = &t.cells[i * U_COUNT];
    c[U_CODE] = us[i]->code ? us[i]->code : "";
    c[U_LEVEL] = level_shown(us[i]->level);
    c[U_PARENT] = us[i]->parent_code ? us[i]->parent_code : "-";
    c[U_SINCE] = us[i]->since ? us[i]->since : "-";
    c[U_UNTIL] = us[i]->until ? us[i]->until : "-";
    c[U_NAME] = us[i]->name ? us[i]->name : "";
  }
  r = put_table(f, &t);
  free(t.cells);
  return r;
}

int td_output_units(FILE *f, enum td_format fmt,
                    const Tiepdan__UnitEntry *const *us, size_t n, int columns)
{
  struct val v[UNIT_COLS];
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_units_table(f, us, n, columns);
  if (fmt == TD_FORMAT_CSV)
    put_csv_header(f, unit_names, UNIT_COLS);
  else
    fputc('[', f);
  for (i = 0; i < n; i++) {
    unit_vals(us[i], v);
    if (fmt == TD_FORMAT_CSV) {
      put_csv_row(f, v, UNIT_COLS);
      continue;
    }
    fputs(i > 0 ? ",\n" : "\n", f);
    put_json(f, unit_names, v, UNIT_COLS);
  }
  if (fmt == TD_FORMAT_JSON)
    fputs(n > 0 ? "\n]\n" : "]\n", f);
  return finish(f);
}

/* "03999 Xã Trà Sơn (commune of 12)", in the officer's words. */
static void put_unit_entry(FILE *f, const Tiepdan__UnitEntry *u)
{
  td_output_clean_indent(f, u->code ? u->code : "", NULL);
  fputc(' ', f);
  td_output_clean_indent(f, u->name ? u->name : "", NULL);
  fputs(" (", f);
  fprintf(f, _("%s of %s"), level_shown(u->level),
          u->parent_code ? u->parent_code : "-");
  if (u->since != NULL) {
    fputs(", ", f);
    fprintf(f, _("from %s"), u->since);
  }
  fputs(")\n", f);
}

static void put_units_changed_text(FILE *f, const Tiepdan__AddUnitsReply *r,
                                   enum td_out_units what)
{
  size_t i;

  if (what == TD_OUT_UNITS_ADD && r->n_added == 1) {
    fputs(_("Added "), f);
    put_unit_entry(f, r->added[0]);
    return;
  }
  if (what == TD_OUT_UNITS_RENAME) {
    if (r->n_renamed == 1) {
      fputs(_("Renamed: "), f);
      put_unit_entry(f, r->renamed[0]);
    } else {
      fputs(_("The unit already has that name; nothing changed.\n"), f);
    }
    return;
  }
  fprintf(f, _("Added %zu, renamed %zu, left as is %u.\n"), r->n_added,
          r->n_renamed, r->unchanged);
  for (i = 0; i < r->n_added; i++) {
    fputs(_("  added:   "), f);
    put_unit_entry(f, r->added[i]);
  }
  for (i = 0; i < r->n_renamed; i++) {
    fputs(_("  renamed: "), f);
    put_unit_entry(f, r->renamed[i]);
  }
}

static void put_units_json(FILE *f, const char *key,
                           Tiepdan__UnitEntry *const *us, size_t n)
{
  struct val v[UNIT_COLS];
  size_t i;

  td_output_json_string(f, key);
  fputs(":[", f);
  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    unit_vals(us[i], v);
    put_json(f, unit_names, v, UNIT_COLS - 1);
  }
  fputc(']', f);
}

int td_output_units_changed(FILE *f, enum td_format fmt,
                            const Tiepdan__AddUnitsReply *r,
                            enum td_out_units what)
{
  static const char *const names[] = {"action", "code",        "name",
                                      "level",  "parent_code", "since"};
  struct val v[UNIT_COLS + 1];
  size_t i;

  if (fmt == TD_FORMAT_TABLE) {
    put_units_changed_text(f, r, what);
    return finish(f);
  }
  if (fmt == TD_FORMAT_JSON) {
    fputc('{', f);
    put_units_json(f, "added", r->added, r->n_added);
    fputc(',', f);
    put_units_json(f, "renamed", r->renamed, r->n_renamed);
    fprintf(f, ",\"unchanged\":%u}\n", r->unchanged);
    return finish(f);
  }
  put_csv_header(f, names, UNIT_COLS);
  for (i = 0; i < r->n_added + r->n_renamed; i++) {
    const Tiepdan__UnitEntry *u =
        i < r->n_added ? r->added[i] : r->renamed[i - r->n_added];

    v_str(&v[0], i < r->n_added ? "added" : "renamed");
    unit_vals(u, v + 1);
    put_csv_row(f, v, UNIT_COLS);
  }
  return finish(f);
}
