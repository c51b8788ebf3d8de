/*
 * What the report's text, tables and workbook all read: the names of the
 * tables and sheets, numbers as the reports write them, the rows of the
 * statistics, and the names of codes from the server's terms. See
 * report.h and report_int.h.
 */
#include "render/report_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/terms.h"

#define NUM 40 /* Room for any count or percentage, with its NUL. */
#define RATE_MAX 1e6

static const char *const table_names[TD_REPORT_N_TABLES] = {
    "summary", "kind", "field", "channel", "month", "sessions", "front",
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

static const char *const sheets[2][TD_REPORT_N_TABLES] = {
    {"Tổng hợp", "Theo loại", "Theo lĩnh vực", "Theo kênh", "Theo tháng",
     "Tiếp công dân", "Kiến nghị sau giám sát"},
    {"Summary", "By kind", "By field", "By channel", "By month",
     "Reception sessions", "Front recommendations"},
};

const char *td_report__sheet(int id, enum td_report_lang lang)
{
  if (id < 0 || id >= TD_REPORT_N_TABLES)
    return NULL;
  return sheets[lang == TD_REPORT_VI ? 0 : 1][id];
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

const char *td_report__name(const struct td_report *r, const char *vocabulary,
                            const char *code)
{
  const Tiepdan__Term *t;

  t = td_terms_find(r->hello, vocabulary, code);
  return t != NULL ? td_terms_name(t, r->lang == TD_REPORT_EN) : NULL;
}
