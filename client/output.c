/* Output formats; see output.h. */
#include "output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "utf8.h"
#include "wire.h"

#define GAP 2            /* Spaces between table columns. */
#define SUMMARY_MIN 20   /* The summary column never gets narrower. */
#define SUMMARY_PLAIN 50 /* Its width when the terminal's is unknown. */

int td_output_format_parse(const char *s, enum td_format *out)
{
  if (strcmp(s, "table") == 0)
    *out = TD_FORMAT_TABLE;
  else if (strcmp(s, "csv") == 0)
    *out = TD_FORMAT_CSV;
  else if (strcmp(s, "json") == 0)
    *out = TD_FORMAT_JSON;
  else
    return -1;
  return 0;
}

void td_output_json_string(FILE *f, const char *s)
{
  const unsigned char *p;

  if (s == NULL) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p == '\r')
      fputs("\\r", f);
    else if (*p == '\t')
      fputs("\\t", f);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

void td_output_csv_field(FILE *f, const char *s)
{
  const char *p;

  if (s == NULL)
    return;
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (p = s; *p != '\0'; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

/*
 * Writes s for a terminal: control characters, which could move the cursor
 * or worse, become spaces. A newline becomes a newline and indent when
 * indent is given, else a space.
 */
static void put_clean(FILE *f, const char *s, const char *indent)
{
  const unsigned char *p;

  for (p = (const unsigned char *)s; *p != '\0'; p++) {
    if (*p == '\n' && indent != NULL) {
      fputc('\n', f);
      fputs(indent, f);
    } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
      fputc(' ', f); /* A C1 control, U+0080-U+009F. */
      p++;
    } else if (*p < 0x20 || *p == 0x7f) {
      fputc(' ', f);
    } else {
      fputc(*p, f);
    }
  }
}

static void pad(FILE *f, size_t n)
{
  while (n-- > 0)
    fputc(' ', f);
}

static int finish(FILE *f)
{
  return ferror(f) ? -1 : 0;
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

#define LABEL_W 14

static void row(FILE *f, const char *label, const char *value)
{
  static const char indent[LABEL_W + 2] = "               ";

  fprintf(f, "%-*s ", LABEL_W, label);
  put_clean(f, value ? value : "-", indent);
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

static void row_unit(FILE *f, const char *label, const Tiepdan__Unit *u)
{
  fprintf(f, "%-*s ", LABEL_W, label);
  if (u == NULL || (u->code == NULL && u->name == NULL)) {
    fputs("-\n", f);
    return;
  }
  put_clean(f, u->code ? u->code : "", NULL);
  if (u->code != NULL && u->name != NULL)
    fputc(' ', f);
  put_clean(f, u->name ? u->name : "", NULL);
  fputc('\n', f);
}

static void rows_petitioner(FILE *f, const Tiepdan__Petition *p)
{
  const Tiepdan__Petitioner *w;
  const char *withheld;

  w = p->petitioner;
  withheld = p->redacted ? "(withheld)" : NULL;
  row(f, "Petitioner:", withheld ? withheld : w ? w->name : NULL);
  row(f, "ID number:", withheld ? withheld : w ? w->id_number : NULL);
  row(f, "Address:", withheld ? withheld : w ? w->address : NULL);
  row(f, "Contact:", withheld ? withheld : w ? w->contact : NULL);
}

static void put_petition_table(FILE *f, const Tiepdan__Petition *p)
{
  row(f, "Receipt:", p->receipt_no);
  row_int(f, "ID:", p->has_id, p->id);
  row(f, "Status:", p->has_status ? td_status_name(p->status) : NULL);
  row_unit(f, "Unit:", p->unit);
  row_unit(f, "Village:", p->village);
  row(f, "Kind:", p->kind);
  row(f, "Channel:", p->channel);
  row(f, "Field:", p->field);
  row_int(f, "Group size:", p->has_group_size, p->group_size);
  rows_petitioner(f, p);
  row(f, "Confidential:",
      !p->has_confidential ? NULL
      : p->confidential    ? "yes"
                           : "no");
  row_time(f, "Received:", p->has_received_at, p->received_at);
  row_time(f, "Accepted:", p->has_accepted_at, p->accepted_at);
  row_time(f, "Closed:", p->has_closed_at, p->closed_at);
  row(f, "Deadline:", p->deadline);
  row(f, "Outcome:", p->outcome);
  row_int(f, "Version:", p->has_version, p->version);
  row(f, "Logged by:", p->created_by);
  row_time(f, "Logged at:", p->has_created_at, p->created_at);
  row(f, "Summary:", p->summary);
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
  static const char label[] = "Receipt number / Số biên nhận: ";
  size_t w;
  size_t i;

  w = td_utf8_width(label) + td_utf8_width(receipt);
  for (i = 0; i < w; i++)
    fputc('=', f);
  fprintf(f, "\n%s", label);
  put_clean(f, receipt, NULL);
  fputc('\n', f);
  for (i = 0; i < w; i++)
    fputc('=', f);
  fputc('\n', f);
  if (duplicate)
    fputs("This petition had already been recorded with the same key; no "
          "new petition was created.\n"
          "Đơn này đã được ghi nhận trước đó; không tạo đơn mới.\n",
          f);
  fputc('\n', f);
}

int td_output_submitted(FILE *f, enum td_format fmt,
                        const Tiepdan__SubmitReply *r)
{
  const Tiepdan__Petition *p;
  static const Tiepdan__Petition none = TIEPDAN__PETITION__INIT;

  p = r->petition ? r->petition : &none;
  if (fmt == TD_FORMAT_TABLE)
    put_receipt(f, p->receipt_no ? p->receipt_no : "-", r->duplicate);
  return td_output_petition(f, fmt, p);
}

/* The columns of the list table, in order; the summary comes last. */
enum {
  L_ID,
  L_RECEIPT,
  L_RECEIVED,
  L_KIND,
  L_STATUS,
  L_UNIT,
  L_SUMMARY,
  L_COUNT
};

static const char *const list_heads[L_COUNT] = {
    "ID", "RECEIPT", "RECEIVED", "KIND", "STATUS", "UNIT", "SUMMARY"};

struct list_row {
  const char *cell[L_COUNT];
  char id[24];
  char received[TD_DATETIME_MAX];
  char *summary; /* Cut to the column; owned. */
};

static void fill_row(struct list_row *r, const Tiepdan__Petition *p)
{
  snprintf(r->id, sizeof(r->id), "%" PRId64, p->id);
  td_datetime_format_short(p->received_at, r->received);
  r->cell[L_ID] = p->has_id ? r->id : "";
  r->cell[L_RECEIPT] = p->receipt_no ? p->receipt_no : "";
  r->cell[L_RECEIVED] = p->has_received_at ? r->received : "";
  r->cell[L_KIND] = p->kind ? p->kind : "";
  r->cell[L_STATUS] = p->has_status && td_status_name(p->status)
                          ? td_status_name(p->status)
                          : "";
  r->cell[L_UNIT] = unit_code(p->unit) ? unit_code(p->unit) : "";
  r->cell[L_SUMMARY] = "";
}

/* Widths of the columns before the summary, and what the summary gets. */
static size_t measure(struct list_row *rows, size_t n, size_t *w, int columns)
{
  size_t used;
  size_t i;
  int c;

  used = 0;
  for (c = 0; c < L_SUMMARY; c++) {
    w[c] = strlen(list_heads[c]);
    for (i = 0; i < n; i++)
      if (td_utf8_width(rows[i].cell[c]) > w[c])
        w[c] = td_utf8_width(rows[i].cell[c]);
    used += w[c] + GAP;
  }
  if (columns <= 0)
    return SUMMARY_PLAIN;
  return (size_t)columns > used + SUMMARY_MIN ? (size_t)columns - used
                                              : SUMMARY_MIN;
}

static void put_table_line(FILE *f, const char *const *cell, const size_t *w)
{
  int c;

  for (c = 0; c < L_SUMMARY; c++) {
    put_clean(f, cell[c], NULL);
    pad(f, w[c] - td_utf8_width(cell[c]) + GAP);
  }
  put_clean(f, cell[L_SUMMARY], NULL);
  fputc('\n', f);
}

static int put_list_table(FILE *f, const Tiepdan__Petition *const *ps, size_t n,
                          int columns)
{
  struct list_row *rows;
  size_t w[L_COUNT];
  size_t sw;
  size_t i;
  int r;

  if (n == 0) {
    fputs("No petitions found.\n", f);
    return finish(f);
  }
  rows = calloc(n, sizeof(*rows));
  if (rows == NULL)
    return -1;
  for (i = 0; i < n; i++)
    fill_row(&rows[i], ps[i]);
  sw = measure(rows, n, w, columns);
  r = 0;
  for (i = 0; i < n && r == 0; i++) {
    rows[i].summary = td_utf8_truncate(ps[i]->summary, sw);
    r = rows[i].summary ? 0 : -1;
    rows[i].cell[L_SUMMARY] = rows[i].summary;
  }
  if (r == 0) {
    put_table_line(f, list_heads, w);
    for (i = 0; i < n; i++)
      put_table_line(f, rows[i].cell, w);
  }
  for (i = 0; i < n; i++)
    free(rows[i].summary);
  free(rows);
  return r == 0 ? finish(f) : -1;
}

int td_output_list(FILE *f, enum td_format fmt,
                   const Tiepdan__Petition *const *ps, size_t n, int columns)
{
  size_t i;

  if (fmt == TD_FORMAT_TABLE)
    return put_list_table(f, ps, n, columns);
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
  row(f, "Principal:", h->principal_name);
  row(f, "Role:", h->has_role ? td_role_name(h->role) : NULL);
  row_unit(f, "Unit:", h->unit);
  row(f, "Server:", h->server_version);
  row_int(f, "Protocol:", h->has_protocol_version, h->protocol_version);
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
