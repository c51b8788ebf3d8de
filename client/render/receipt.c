/* The citizen's receipt: its wording and its plain text; see receipt.h. */
#include "render/receipt.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/utf8.h"

/* The receipt speaks Vietnamese to the citizen whatever the officer reads,
 * so none of this goes through the catalog. */
const char td_receipt_nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const char td_receipt_motto[] = "Độc lập - Tự do - Hạnh phúc";
const char td_receipt_sign_citizen[] = "NGƯỜI NỘP ĐƠN";
const char td_receipt_sign_officer[] = "NGƯỜI NHẬN ĐƠN";
const char td_receipt_sign_hint[] = "(Ký, ghi rõ họ tên)";

static const char withheld_text[] = "(được giữ bí mật)";

/* Width of the text receipt and of its two header columns. */
#define TEXT_COLUMNS 72
#define LEFT_COLUMNS 30

/* The time t in Vietnam (UTC+7, no daylight saving), whatever this
 * computer's zone. */
static void vietnam_time(int64_t t, struct tm *tm)
{
  time_t v = (time_t)(t + 7 * 3600);

  gmtime_r(&v, tm);
}

/* "Xã Bình Lư" without the word of its level: "Bình Lư", as the place
 * before a document's date. */
static const char *place_of(const char *commune)
{
  static const char *const levels[] = {"Xã ",      "Phường ", "Thị trấn ",
                                       "Đặc khu ", "xã ",     "phường "};
  size_t i, n;

  for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
    n = strlen(levels[i]);
    if (strncmp(commune, levels[i], n) == 0 && commune[n] != '\0')
      return commune + n;
  }
  return commune;
}

/* s with its first letter in lower case, "Xã Bình Lư" -> "xã Bình Lư", for
 * the middle of a sentence. */
static char *lower_first(const char *s)
{
  gunichar c;
  char first[8];
  int n;

  if (s == NULL || s[0] == '\0' || !g_utf8_validate(s, -1, NULL))
    return g_strdup(s != NULL ? s : "");
  c = g_unichar_tolower(g_utf8_get_char(s));
  n = g_unichar_to_utf8(c, first);
  return g_strdup_printf("%.*s%s", n, first, g_utf8_next_char(s));
}

static char *upper(const char *s)
{
  if (s == NULL || !g_utf8_validate(s, -1, NULL))
    return g_strdup(s != NULL ? s : "");
  return g_utf8_strup(s, -1);
}

/* "2026-12-11" -> "11/12/2026"; NULL when it is no such date. */
static char *day_vn(const char *iso)
{
  int y, m, d;
  char tail;

  if (iso == NULL || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return NULL;
  return g_strdup_printf("%02d/%02d/%04d", d, m, y);
}

static char *summary_of(const struct td_receipt *r)
{
  char *cut, *out;

  if (r->summary == NULL || r->summary[0] == '\0')
    return g_strdup(r->withheld ? withheld_text : "");
  cut = td_utf8_truncate(r->summary, TD_RECEIPT_SUMMARY_COLUMNS);
  if (cut == NULL)
    return NULL;
  out = g_strdup(cut);
  free(cut);
  return out;
}

static char *citizen_of(const struct td_receipt *r)
{
  if (r->citizen != NULL && r->citizen[0] != '\0')
    return g_strdup(r->citizen);
  return g_strdup(r->withheld ? withheld_text : "(không ghi tên)");
}

/* What happens next, by the deadline of the running step. */
static char *next_step(const struct td_receipt *r, const char *agency)
{
  char *day = day_vn(r->deadline);
  char *s;

  if (day != NULL && r->step != NULL && strcmp(r->step, "resolve") == 0)
    s = g_strdup_printf("Hẹn: đơn đã được thụ lý; chậm nhất đến hết ngày %s, "
                        "Ủy ban nhân dân %s giải quyết và trả lời người nộp "
                        "đơn.",
                        day, agency);
  else if (day != NULL)
    s = g_strdup_printf("Hẹn: chậm nhất đến hết ngày %s, Ủy ban nhân dân %s "
                        "xem xét, thụ lý hoặc trả lời việc không thụ lý đơn "
                        "và thông báo cho người nộp đơn.",
                        day, agency);
  else
    s = g_strdup_printf("Ủy ban nhân dân %s sẽ thông báo kết quả xử lý đơn "
                        "cho người nộp đơn.",
                        agency);
  g_free(day);
  return s;
}

static void add_row(struct td_receipt_words *w, const char *label, char *value)
{
  w->label[w->nrows] = g_strdup(label);
  w->value[w->nrows] = value;
  w->nrows++;
}

static void fill_rows(const struct td_receipt *r, struct td_receipt_words *w)
{
  struct tm tm;

  vietnam_time(r->received_at, &tm);
  add_row(w, "Họ và tên người nộp đơn", citizen_of(r));
  add_row(w, "Số biên nhận", g_strdup(r->receipt_no));
  add_row(w, "Thời điểm nhận",
          g_strdup_printf("%02d:%02d ngày %02d/%02d/%04d", tm.tm_hour,
                          tm.tm_min, tm.tm_mday, tm.tm_mon + 1,
                          tm.tm_year + 1900));
  add_row(w, "Loại đơn", g_strdup(r->kind));
  if (r->channel != NULL && r->channel[0] != '\0')
    add_row(w, "Hình thức tiếp nhận", g_strdup(r->channel));
  add_row(w, "Nội dung tóm tắt", summary_of(r));
}

int td_receipt_words(const struct td_receipt *r, struct td_receipt_words *w)
{
  char *commune_lc = lower_first(r->commune);
  char *province_lc = lower_first(r->province);
  struct tm tm;
  int i;

  memset(w, 0, sizeof(*w));
  vietnam_time(r->received_at, &tm);
  w->agency_top = g_strdup("ỦY BAN NHÂN DÂN");
  w->agency = upper(r->commune);
  w->number = g_strdup_printf("Số: %s", r->receipt_no);
  w->place_date =
      g_strdup_printf("%s, ngày %02d tháng %02d năm %04d", place_of(r->commune),
                      tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
  w->title = g_strdup("GIẤY BIÊN NHẬN ĐƠN");
  w->subtitle = g_strdup("(Kiêm phiếu hẹn)");
  w->intro =
      g_strdup_printf("Ủy ban nhân dân %s%s%s đã nhận đơn như sau:", commune_lc,
                      province_lc[0] != '\0' ? ", " : "", province_lc);
  fill_rows(r, w);
  w->next_step = next_step(r, commune_lc);
  w->keep = g_strdup_printf("Người nộp đơn giữ giấy này; khi hỏi về đơn, xin "
                            "báo số biên nhận %s.",
                            r->receipt_no);
  w->citizen_name =
      g_strdup(r->citizen != NULL && !r->withheld ? r->citizen : "");
  w->officer_name = g_strdup(r->officer != NULL ? r->officer : "");
  g_free(commune_lc);
  g_free(province_lc);
  for (i = 0; i < w->nrows; i++)
    if (w->value[i] == NULL)
      return -1;
  return 0;
}

void td_receipt_words_free(struct td_receipt_words *w)
{
  int i;

  g_free(w->agency_top);
  g_free(w->agency);
  g_free(w->number);
  g_free(w->place_date);
  g_free(w->title);
  g_free(w->subtitle);
  g_free(w->intro);
  for (i = 0; i < w->nrows; i++) {
    g_free(w->label[i]);
    g_free(w->value[i]);
  }
  g_free(w->next_step);
  g_free(w->keep);
  g_free(w->citizen_name);
  g_free(w->officer_name);
  memset(w, 0, sizeof(*w));
}

/* Plain text ------------------------------------------------------------- */

static void spaces(FILE *out, size_t n)
{
  while (n-- > 0)
    fputc(' ', out);
}

/* s centred in width columns (display width), padded on the right too when
 * pad is set, so a second column can follow. */
static void centred(FILE *out, const char *s, size_t width, int pad)
{
  size_t w = td_utf8_width(s);
  size_t left = w < width ? (width - w) / 2 : 0;

  spaces(out, left);
  fputs(s, out);
  if (pad && left + w < width)
    spaces(out, width - left - w);
}

static void two_columns(FILE *out, const char *left, const char *right)
{
  centred(out, left, LEFT_COLUMNS, 1);
  centred(out, right, TEXT_COLUMNS - LEFT_COLUMNS, 0);
  fputc('\n', out);
}

/* Words of text, wrapped to TEXT_COLUMNS by display width: the first line
 * after lead, the next ones indented by indent columns. Line breaks of the
 * text (a summary typed on several lines) count as spaces. */
static void wrapped(FILE *out, const char *lead, const char *text,
                    size_t indent)
{
  static const char blanks[] = " \t\r\n";
  const char *p = text + strspn(text, blanks);
  size_t col = td_utf8_width(lead);
  int fresh = 1; /* Nothing yet on this line after the lead or indent. */

  fputs(lead, out);
  while (*p != '\0') {
    size_t n = strcspn(p, blanks);
    char *word = g_strndup(p, n);
    size_t w = td_utf8_width(word);

    if (!fresh && col + 1 + w > TEXT_COLUMNS) {
      fputc('\n', out);
      spaces(out, indent);
      col = indent;
      fresh = 1;
    }
    if (!fresh) {
      fputc(' ', out);
      col++;
    }
    fputs(word, out);
    col += w;
    fresh = 0;
    g_free(word);
    p += n;
    p += strspn(p, blanks);
  }
  fputc('\n', out);
}

int td_receipt_text(FILE *out, const struct td_receipt *r)
{
  struct td_receipt_words w;
  char *lead;
  int i;

  if (td_receipt_words(r, &w) != 0) {
    td_receipt_words_free(&w);
    return -1;
  }
  two_columns(out, w.agency_top, td_receipt_nation);
  two_columns(out, w.agency, td_receipt_motto);
  two_columns(out, "--------", "---------------------");
  two_columns(out, w.number, w.place_date);
  fputc('\n', out);
  centred(out, w.title, TEXT_COLUMNS, 0);
  fputc('\n', out);
  centred(out, w.subtitle, TEXT_COLUMNS, 0);
  fputs("\n\n", out);
  wrapped(out, "", w.intro, 0);
  for (i = 0; i < w.nrows; i++) {
    lead = g_strdup_printf("- %s: ", w.label[i]);
    wrapped(out, lead, w.value[i], 2);
    g_free(lead);
  }
  fputc('\n', out);
  wrapped(out, "", w.next_step, 0);
  wrapped(out, "", w.keep, 0);
  fputc('\n', out);
  two_columns(out, td_receipt_sign_citizen, td_receipt_sign_officer);
  two_columns(out, td_receipt_sign_hint, td_receipt_sign_hint);
  fputs("\n\n\n", out);
  two_columns(out, w.citizen_name, w.officer_name);
  td_receipt_words_free(&w);
  return ferror(out) ? -1 : 0;
}
