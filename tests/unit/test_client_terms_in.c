/*
 * Values the way officers write them (cmd/terms_in.h), against a
 * HelloReply built from the real reference data: the terms are read from
 * sql/schema/002_reference.sql and 007_terms.sql, as the server sends them.
 * Every code, every Vietnamese name with and without diacritics, in upper
 * case and in decomposed Unicode, and every English name resolves to its
 * code; an unknown value lists the valid ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "cmd/terms_in.h"
#include "common/utf8.h"
#include "input/fold.h"
#include "lang/lang.h"
#include "wire.h"

#define MAX_TERMS 64

static Tiepdan__Term term_store[MAX_TERMS];
static Tiepdan__Term *term_ptrs[MAX_TERMS];
static Tiepdan__HelloReply hello = TIEPDAN__HELLO_REPLY__INIT;

/* The reference tables and the vocabularies they are sent as. */
static const char *const tables[][2] = {
    {"petition_kinds", "kind"}, {"channels", "channel"},
    {"fields", "field"},        {"statuses", "status"},
    {"outcomes", "outcome"},    {"session_types", "session_type"},
};

/* Reads one quoted SQL string at *p ('' is a quote) into a malloc'd
 * string; NULL if there is none. */
static char *sql_string(const char **p)
{
  const char *s = strchr(*p, '\'');
  char *out;
  size_t n = 0;

  if (s == NULL)
    return NULL;
  out = malloc(strlen(s) + 1);
  for (s++; *s != '\0'; s++) {
    if (*s == '\'' && s[1] == '\'')
      out[n++] = *s++;
    else if (*s == '\'')
      break;
    else
      out[n++] = *s;
  }
  out[n] = '\0';
  *p = *s ? s + 1 : s;
  return out;
}

/* Adds the rows "('code', 'name_vi', 'name_en', sort)" of each INSERT INTO
 * a reference table in file. */
static void load(const char *file)
{
  char path[1024];
  char line[1024];
  const char *vocabulary = NULL;
  const char *p;
  FILE *f;
  size_t i;

  snprintf(path, sizeof(path), "%s/sql/schema/%s", TD_SOURCE_DIR, file);
  f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  while (fgets(line, sizeof(line), f) != NULL) {
    if (strncmp(line, "INSERT INTO ", 12) == 0) {
      vocabulary = NULL;
      for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strncmp(line + 12, tables[i][0], strlen(tables[i][0])) == 0 &&
            line[12 + strlen(tables[i][0])] == ' ')
          vocabulary = tables[i][1];
      continue;
    }
    p = line;
    while (*p == ' ')
      p++;
    if (vocabulary == NULL || *p != '(') {
      if (*p != '(')
        vocabulary = strchr(line, ';') ? NULL : vocabulary;
      continue;
    }
    if (hello.n_terms == MAX_TERMS)
      exit(1);
    Tiepdan__Term *t = &term_store[hello.n_terms];
    tiepdan__term__init(t);
    t->vocabulary = (char *)vocabulary;
    t->code = sql_string(&p);
    t->name_vi = sql_string(&p);
    t->name_en = sql_string(&p);
    term_ptrs[hello.n_terms++] = t;
    if (strchr(p, ';') != NULL)
      vocabulary = NULL;
  }
  fclose(f);
}

/* Precomposed Vietnamese letters, each row a vowel without a tone and then
 * with huyền, sắc, hỏi, ngã, nặng; lower case rows then upper case. */
static const char *const vowels[24][6] = {
    {"a", "à", "á", "ả", "ã", "ạ"}, {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"},
    {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"e", "è", "é", "ẻ", "ẽ", "ẹ"},
    {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"i", "ì", "í", "ỉ", "ĩ", "ị"},
    {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"},
    {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"u", "ù", "ú", "ủ", "ũ", "ụ"},
    {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"},
    {"A", "À", "Á", "Ả", "Ã", "Ạ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"},
    {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"},
    {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"},
    {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"},
    {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"},
};
static const char base[] = "aaaeeiooouuy";
static const char *const modifier[12] = {
    "", "\xcc\x86", "\xcc\x82", "", "\xcc\x82", "", /* a ă â e ê i */
    "", "\xcc\x82", "\xcc\x9b", "", "\xcc\x9b", "", /* o ô ơ u ư y */
};
static const char *const tone[6] = {"",         "\xcc\x80", "\xcc\x81",
                                    "\xcc\x89", "\xcc\x83", "\xcc\xa3"};

enum spelling { PLAIN, UPPER, NFD };

/* s written another way: without diacritics (PLAIN, đ as d), in upper
 * case with them (UPPER), or decomposed (NFD). Independent of the fold
 * under test: it goes by the tables above. */
static char *respell(const char *s, enum spelling how)
{
  char *out = malloc(strlen(s) * 4 + 1);
  size_t n = 0;
  size_t len;
  int row;
  int t;
  int k;

  while (*s != '\0') {
    for (row = 0; row < 24; row++) {
      for (t = 0; t < 6; t++) {
        len = strlen(vowels[row][t]);
        if (strncmp(s, vowels[row][t], len) == 0)
          break;
      }
      if (t < 6)
        break;
    }
    if (row < 24) {
      int v = row % 12;
      int up = row >= 12 || how == UPPER;

      if (how == UPPER) {
        memcpy(out + n, vowels[v + 12][t], strlen(vowels[v + 12][t]));
        n += strlen(vowels[v + 12][t]);
      } else {
        out[n++] = (char)(up ? base[v] - 'a' + 'A' : base[v]);
        if (how == NFD)
          n += (size_t)snprintf(out + n, 16, "%s%s", modifier[v], tone[t]);
      }
      s += len;
    } else if (strncmp(s, "đ", 2) == 0 || strncmp(s, "Đ", 2) == 0) {
      if (how == PLAIN)
        out[n++] = s[1] == '\x91' ? 'd' : 'D';
      else {
        memcpy(out + n, how == UPPER ? "Đ" : s, 2);
        n += 2;
      }
      s += 2;
    } else {
      k = (unsigned char)*s >= 0x80 ? 0 : 1;
      if (k == 0) {
        uint32_t cp;
        k = td_utf8_decode(s, strlen(s), &cp);
        memcpy(out + n, s, (size_t)k);
        n += (size_t)k;
      } else {
        out[n++] = how == UPPER && *s >= 'a' && *s <= 'z'
                       ? (char)(*s - 'a' + 'A')
                       : *s;
      }
      s += k;
    }
  }
  out[n] = '\0';
  return out;
}

/* Whether typed resolves to want in vocabulary. */
static int resolves(const char *vocabulary, const char *typed, const char *want)
{
  const char *code = NULL;
  char err[2048];

  if (td_terms_in_code(&hello, vocabulary, "--x", typed, &code, err,
                       sizeof(err)) != 0) {
    fprintf(stderr, "  %s \"%s\": %s\n", vocabulary, typed, err);
    return 0;
  }
  if (strcmp(code, want) != 0) {
    fprintf(stderr, "  %s \"%s\" gave %s, not %s\n", vocabulary, typed, code,
            want);
    return 0;
  }
  return 1;
}

static void test_reference_data_was_read(void)
{
  size_t i;

  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_KIND), 5);
  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_CHANNEL), 8);
  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_FIELD), 10);
  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_STATUS), 7);
  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_OUTCOME), 4);
  ASSERT_EQ(td_terms_count(&hello, TD_TERMS_SESSION_TYPE), 4);
  ASSERT_STR_EQ(td_terms_find(&hello, TD_TERMS_KIND, "complaint")->name_vi,
                "Khiếu nại");
  ASSERT_STR_EQ(
      td_terms_find(&hello, TD_TERMS_SESSION_TYPE, "voters_meeting")->name_en,
      "Voters' meeting");
  for (i = 0; i < hello.n_terms; i++)
    ASSERT(hello.terms[i]->name_vi != NULL && hello.terms[i]->name_en != NULL);
}

static void test_every_code_and_name_resolves(void)
{
  const Tiepdan__Term *t;
  char *s;
  size_t i;
  int how;

  for (i = 0; i < hello.n_terms; i++) {
    t = hello.terms[i];
    ASSERT(resolves(t->vocabulary, t->code, t->code));
    ASSERT(resolves(t->vocabulary, t->name_vi, t->code));
    ASSERT(resolves(t->vocabulary, t->name_en, t->code));
    for (how = PLAIN; how <= NFD; how++) {
      s = respell(t->name_vi, (enum spelling)how);
      ASSERT(resolves(t->vocabulary, s, t->code));
      free(s);
    }
    /* Without diacritics and in capitals: "KHIEU NAI". */
    s = respell(t->name_vi, PLAIN);
    char *u = respell(s, UPPER);
    ASSERT(resolves(t->vocabulary, u, t->code));
    free(u);
    free(s);
  }
}

static void test_as_officers_type_them(void)
{
  ASSERT(resolves(TD_TERMS_KIND, "khieu_nai", "complaint"));
  ASSERT(resolves(TD_TERMS_KIND, "khieu nai", "complaint"));
  ASSERT(resolves(TD_TERMS_KIND, "KHIẾU NẠI", "complaint"));
  ASSERT(resolves(TD_TERMS_KIND, "Khiếu Nại", "complaint"));
  ASSERT(resolves(TD_TERMS_KIND, "  tố   cáo ", "denunciation"));
  ASSERT(resolves(TD_TERMS_KIND, "COMPLAINT", "complaint"));
  ASSERT(resolves(TD_TERMS_CHANNEL, "tiep cong dan thuong xuyen",
                  "regular_reception"));
  ASSERT(resolves(TD_TERMS_CHANNEL, "regular reception", "regular_reception"));
  ASSERT(resolves(TD_TERMS_FIELD, "dien sinh hoat", "electricity"));
  ASSERT(resolves(TD_TERMS_OUTCOME, "Hoà giải thành", "mediated_successfully"));
  ASSERT(resolves(TD_TERMS_STATUS, "da thu ly", "accepted"));
}

/* The start of a name is enough when it is the start of one name only:
 * "dat dai" for "Đất đai, giải phóng mặt bằng". */
static void test_a_unique_prefix_resolves(void)
{
  ASSERT(resolves(TD_TERMS_FIELD, "dat dai", "land"));
  ASSERT(resolves(TD_TERMS_FIELD, "ĐẤT ĐAI", "land"));
  ASSERT(resolves(TD_TERMS_FIELD, "Đất", "land"));
  ASSERT(resolves(TD_TERMS_KIND, "khieu", "complaint"));
  ASSERT(resolves(TD_TERMS_KIND, "kien", "recommendation"));
  ASSERT(resolves(TD_TERMS_CHANNEL, "hom thu", "suggestion_box"));
  ASSERT(
      resolves(TD_TERMS_CHANNEL, "tiep cong dan dinh", "periodic_reception"));
  ASSERT(resolves(TD_TERMS_STATUS, "dang giai", "in_progress"));
  ASSERT(resolves(TD_TERMS_OUTCOME, "tra loi", "answered_in_writing"));
  /* A whole name wins over the start of a longer one. */
  ASSERT(resolves(TD_TERMS_OUTCOME, "hoa giai thanh", "mediated_successfully"));
  ASSERT(resolves(TD_TERMS_OUTCOME, "hoa giai khong", "mediation_failed"));
}

/* The start of more than one name is refused, naming those it may be and
 * no other. */
static void test_an_ambiguous_prefix_lists_the_candidates(void)
{
  const char *code = NULL;
  char err[2048];

  td_lang_set("vi");
  ASSERT_EQ(td_terms_in_code(&hello, TD_TERMS_CHANNEL, "--channel", "tiep",
                             &code, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "--channel: \"tiep\"") != NULL);
  ASSERT(strstr(err, "\n  Tiếp công dân thường xuyên (regular_reception)") !=
         NULL);
  ASSERT(strstr(err, "\n  Tiếp công dân định kỳ (periodic_reception)") != NULL);
  ASSERT(strstr(err, "\n  Tiếp xúc cử tri (voters_meeting)") != NULL);
  ASSERT(strstr(err, "dialogue") == NULL);
  ASSERT(strstr(err, "digital") == NULL);
  ASSERT_EQ(td_terms_in_code(&hello, TD_TERMS_OUTCOME, "--outcome", "hoa giai",
                             &code, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "(mediated_successfully)") != NULL);
  ASSERT(strstr(err, "(mediation_failed)") != NULL);
  ASSERT(strstr(err, "answered_in_writing") == NULL);
  td_lang_set("en");
  ASSERT_EQ(td_terms_in_code(&hello, TD_TERMS_CHANNEL, "--channel", "tiep",
                             &code, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "may be more than one channel of reception") != NULL);
  ASSERT(strstr(err, "\n  Regular reception (regular_reception)") != NULL);
  td_lang_set("vi");
}

/* No two terms of a vocabulary are written alike once folded, or one name
 * would stand for two codes (and be refused as unknown). */
static void test_names_are_unambiguous(void)
{
  const Tiepdan__Term *t;
  const Tiepdan__Term *u;
  size_t i;
  size_t j;
  int k;
  int l;

  for (i = 0; i < hello.n_terms; i++)
    for (j = i + 1; j < hello.n_terms; j++) {
      t = hello.terms[i];
      u = hello.terms[j];
      if (strcmp(t->vocabulary, u->vocabulary) != 0)
        continue;
      for (k = 0; k < 3; k++)
        for (l = 0; l < 3; l++) {
          const char *a = k == 0 ? t->code : k == 1 ? t->name_vi : t->name_en;
          const char *b = l == 0 ? u->code : l == 1 ? u->name_vi : u->name_en;
          char *fa = td_fold(a);
          char *fb = td_fold(b);
          int same = strcmp(fa, fb) == 0;

          free(fa);
          free(fb);
          ASSERT(!same);
        }
    }
}

static void test_unknown_lists_the_valid_ones(void)
{
  const Tiepdan__Term *t;
  const char *code;
  char err[2048];
  char want[256];
  size_t v;
  size_t i;

  for (v = 0; v < sizeof(tables) / sizeof(tables[0]); v++) {
    td_lang_set("vi");
    ASSERT_EQ(td_terms_in_code(&hello, tables[v][1], "--kind", "don thu", &code,
                               err, sizeof(err)),
              -1);
    ASSERT(strstr(err, "--kind") != NULL && strstr(err, "\"don thu\"") != NULL);
    for (i = 0; i < td_terms_count(&hello, tables[v][1]); i++) {
      t = td_terms_at(&hello, tables[v][1], i);
      snprintf(want, sizeof(want), "\n  %s (%s)", t->name_vi, t->code);
      ASSERT(strstr(err, want) != NULL);
    }
    td_lang_set("en");
    ASSERT_EQ(td_terms_in_code(&hello, tables[v][1], "--kind", "", &code, err,
                               sizeof(err)),
              -1);
    for (i = 0; i < td_terms_count(&hello, tables[v][1]); i++) {
      t = td_terms_at(&hello, tables[v][1], i);
      snprintf(want, sizeof(want), "\n  %s (%s)", t->name_en, t->code);
      ASSERT(strstr(err, want) != NULL);
    }
  }
  td_lang_set("vi");
}

/* An older server that sends no terms: the value goes as typed, for the
 * server to judge. */
static void test_without_terms_the_value_is_sent_as_typed(void)
{
  Tiepdan__HelloReply none = TIEPDAN__HELLO_REPLY__INIT;
  const char *code = NULL;
  char err[256];

  ASSERT_EQ(td_terms_in_code(&none, TD_TERMS_KIND, "--kind", "khiếu nại", &code,
                             err, sizeof(err)),
            0);
  ASSERT_STR_EQ(code, "khiếu nại");
}

/* The one place: every typed value in a request's body becomes its code. */
static void test_requests_are_resolved_before_sending(void)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SubmitPetition sp = TIEPDAN__SUBMIT_PETITION__INIT;
  Tiepdan__ListPetitions lp = TIEPDAN__LIST_PETITIONS__INIT;
  Tiepdan__Transition tr = TIEPDAN__TRANSITION__INIT;
  Tiepdan__OpenSession os = TIEPDAN__OPEN_SESSION__INIT;
  char kind[] = "KHIEU NAI";
  char channel[] = "Tiếp công dân thường xuyên";
  char field[] = "dien sinh hoat";
  char summary[] = "khiếu nại";
  char err[2048];
  int v;

  sp.kind = kind;
  sp.channel = channel;
  sp.field = field;
  sp.summary = summary;
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &sp;
  ASSERT_EQ(td_terms_in_resolve(&hello, &env, err, sizeof(err)), 0);
  ASSERT_STR_EQ(sp.kind, "complaint");
  ASSERT_STR_EQ(sp.channel, "regular_reception");
  ASSERT_STR_EQ(sp.field, "electricity");
  ASSERT(sp.summary == summary); /* Not a code: left alone. */

  v = td_terms_in_enum(TD_TERMS_STATUS, "accepted");
  ASSERT_EQ(v, TIEPDAN__STATUS__ACCEPTED);
  v = td_terms_in_enum(TD_TERMS_STATUS, "Đang giải quyết");
  ASSERT(v >= TD_TERMS_IN_PENDING);
  lp.has_status = 1;
  lp.status = (Tiepdan__Status)v;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env.list_petitions = &lp;
  ASSERT_EQ(td_terms_in_resolve(&hello, &env, err, sizeof(err)), 0);
  ASSERT_EQ(lp.status, TIEPDAN__STATUS__IN_PROGRESS);

  tr.has_outcome = 1;
  tr.outcome = (Tiepdan__Outcome)td_terms_in_enum(TD_TERMS_OUTCOME,
                                                  "hoa giai khong thanh");
  env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  env.transition = &tr;
  ASSERT_EQ(td_terms_in_resolve(&hello, &env, err, sizeof(err)), 0);
  ASSERT_EQ(tr.outcome, TIEPDAN__OUTCOME__MEDIATION_FAILED);

  os.has_type = 1;
  os.type = (Tiepdan__SessionType)td_terms_in_enum(TD_TERMS_SESSION_TYPE,
                                                   "TIẾP XÚC CỬ TRI");
  env.body_case = TIEPDAN__ENVELOPE__BODY_OPEN_SESSION;
  env.open_session = &os;
  ASSERT_EQ(td_terms_in_resolve(&hello, &env, err, sizeof(err)), 0);
  ASSERT_EQ(os.type, TIEPDAN__SESSION_TYPE__VOTERS_MEETING);

  /* An unknown one is refused, naming the option and the valid values. */
  tr.outcome = (Tiepdan__Outcome)td_terms_in_enum(TD_TERMS_OUTCOME, "xong");
  env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  env.transition = &tr;
  ASSERT_EQ(td_terms_in_resolve(&hello, &env, err, sizeof(err)), -1);
  ASSERT(strstr(err, "--outcome") != NULL);
  ASSERT(strstr(err, "(answered_in_writing)") != NULL);
  ASSERT(strstr(err, "(decision_issued)") != NULL);
  ASSERT_EQ(td_terms_in_enum(TD_TERMS_OUTCOME, "  "), -1);
}

int main(void)
{
  td_lang_init();
  td_lang_set("vi");
  load("002_reference.sql");
  load("007_terms.sql");
  hello.terms = term_ptrs;
  RUN_TEST(test_reference_data_was_read);
  RUN_TEST(test_every_code_and_name_resolves);
  RUN_TEST(test_as_officers_type_them);
  RUN_TEST(test_a_unique_prefix_resolves);
  RUN_TEST(test_an_ambiguous_prefix_lists_the_candidates);
  RUN_TEST(test_names_are_unambiguous);
  RUN_TEST(test_unknown_lists_the_valid_ones);
  RUN_TEST(test_without_terms_the_value_is_sent_as_typed);
  RUN_TEST(test_requests_are_resolved_before_sending);
  return TEST_EXIT();
}
