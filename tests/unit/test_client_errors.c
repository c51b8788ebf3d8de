/*
 * A server's Error in the officer's words, without a server: the template
 * translated through the catalog and the values put in by the client, the
 * field's label, the code in words; English as the server sent it; and a
 * template or translation that is not plain %s never reaches printf.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/call.h"
#include "lang/lang.h"
#include "test.h"
#include "test_client.h"

static int have_catalog;

/* An Error as tiepdand sends it (server/req.c). */
static Tiepdan__Error error(int code, const char *field, const char *message,
                            const char *tmpl, char **args, size_t nargs)
{
  Tiepdan__Error e = TIEPDAN__ERROR__INIT;

  e.has_code = 1;
  e.code = (Tiepdan__ErrorCode)code;
  e.field = (char *)field;
  e.message = (char *)message;
  e.template_ = (char *)tmpl;
  e.args = args;
  e.n_args = nargs;
  return e;
}

static void a_template_is_translated_and_its_values_put_in(void)
{
  char *args[] = {"BL-2026-000009"};
  Tiepdan__Error e =
      error(TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
            "no petition with receipt number BL-2026-000009 in your area",
            "no petition with receipt number %s in your area", args, 1);
  char buf[512];

  if (!have_catalog)
    return;
  ASSERT_STR_EQ(td_call_error_words(&e, buf, sizeof(buf)),
                "không có đơn nào có số biên nhận BL-2026-000009 trong địa "
                "bàn của bạn");
  ASSERT_STR_EQ(td_call_code_words(e.code), "không tìm thấy");
}

static void the_field_named_is_worded_as_its_label(void)
{
  char *args[] = {"received_at"};
  Tiepdan__Error e =
      error(TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "received_at",
            "received_at: is in the future", "%s: is in the future", args, 1);
  char buf[512];

  if (!have_catalog)
    return;
  ASSERT_STR_EQ(td_call_error_words(&e, buf, sizeof(buf)),
                "thời điểm tiếp nhận: là thời điểm trong tương lai");
}

static void a_fixed_phrase_is_worded_a_typed_value_is_not(void)
{
  char *step[] = {"start",
                  "a petition must be accepted before work on it starts",
                  "received"};
  char *typed[] = {"start"};
  Tiepdan__Error e1 =
      error(TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, "action",
            "cannot start: ...", "cannot %s: %s (the petition is %s)", step, 3);
  Tiepdan__Error e2 =
      error(TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "kind",
            "kind: 'start' is not a known kind of petition",
            "kind: '%s' is not a known kind of petition", typed, 1);
  char buf[512];

  if (!have_catalog)
    return;
  ASSERT_STR_EQ(td_call_error_words(&e1, buf, sizeof(buf)),
                "không thể bắt đầu giải quyết: đơn phải được thụ lý trước khi "
                "bắt đầu giải quyết (trạng thái hiện tại của đơn: mới tiếp "
                "nhận)");
  /* Quoted: what the officer typed, shown as typed. */
  ASSERT_STR_EQ(td_call_error_words(&e2, buf, sizeof(buf)),
                "'start' không phải loại đơn đã biết");
}

static void a_template_the_catalog_lacks_reads_in_english(void)
{
  char *args[] = {"7"};
  Tiepdan__Error e = error(TIEPDAN__ERROR_CODE__INTERNAL, NULL,
                           "a newer server's words about 7",
                           "a newer server's words about %s", args, 1);
  char buf[512];

  ASSERT_STR_EQ(td_call_error_words(&e, buf, sizeof(buf)),
                "a newer server's words about 7");
}

static void a_template_that_is_no_plain_s_gives_the_message(void)
{
  char *args[] = {"1", "2"};
  Tiepdan__Error bad =
      error(TIEPDAN__ERROR_CODE__INTERNAL, NULL, "as sent", "%n%x%s", args, 2);
  Tiepdan__Error missing = error(TIEPDAN__ERROR_CODE__INTERNAL, NULL, "as sent",
                                 "%s %s %s", args, 2);
  Tiepdan__Error none = error(TIEPDAN__ERROR_CODE__INTERNAL, NULL,
                              "an older server", NULL, NULL, 0);
  char buf[512];

  ASSERT_STR_EQ(td_call_error_words(&bad, buf, sizeof(buf)), "as sent");
  ASSERT_STR_EQ(td_call_error_words(&missing, buf, sizeof(buf)), "as sent");
  ASSERT_STR_EQ(td_call_error_words(&none, buf, sizeof(buf)),
                "an older server");
}

static void english_is_the_message_and_the_code_name(void)
{
  char *args[] = {"42"};
  Tiepdan__Error e = error(TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                           "no petition with id 42 in your area",
                           "no petition with id %s in your area", args, 1);
  char buf[512];

  ASSERT_EQ(td_lang_set("en"), 0);
  ASSERT_STR_EQ(td_call_error_words(&e, buf, sizeof(buf)),
                "no petition with id 42 in your area");
  ASSERT_STR_EQ(td_call_code_words(e.code), "NOT_FOUND");
  ASSERT_EQ(td_lang_set("vi"), 0);
}

static void every_code_has_words_in_vietnamese(void)
{
  int code;

  if (!have_catalog)
    return;
  for (code = 0; code <= TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION; code++)
    ASSERT(strchr(td_call_code_words(code), '_') == NULL);
}

/* In English a status the message names reads as words, not as its code;
 * a value typed by the officer (in quotes) stays as typed. */
static void english_words_a_status(void)
{
  char *args[] = {"withdraw", "not_accepted"};
  char *typed[] = {"not_accepted"};
  Tiepdan__Error e =
      error(TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION, "action",
            "cannot withdraw: closed (the petition is not_accepted)",
            "cannot %s: closed (the petition is %s)", args, 2);
  Tiepdan__Error q =
      error(TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, NULL,
            "'not_accepted' is not a name", "'%s' is not a name", typed, 1);
  char buf[512];

  ASSERT_EQ(td_lang_set("en"), 0);
  ASSERT_STR_EQ(td_call_error_words(&e, buf, sizeof(buf)),
                "cannot withdraw: closed (the petition is not accepted)");
  ASSERT_STR_EQ(td_call_error_words(&q, buf, sizeof(buf)),
                "'not_accepted' is not a name");
  ASSERT_EQ(td_lang_set("vi"), 0);
}

/* The server's warning about next year's holidays, in each language;
 * any other text (an older server's) as it came. */
static void the_calendar_warning_in_each_language(void)
{
  const char *w = "the holidays of 2027 are not confirmed yet";
  char buf[256];

  ASSERT_EQ(td_lang_set("en"), 0);
  ASSERT_STR_EQ(td_call_calendar_words(w, buf, sizeof(buf)), w);
  ASSERT_EQ(td_lang_set("vi"), 0);
  if (have_catalog)
    ASSERT_STR_EQ(td_call_calendar_words(w, buf, sizeof(buf)),
                  "lịch nghỉ năm 2027 chưa được xác nhận");
  ASSERT_STR_EQ(
      td_call_calendar_words("the holidays of 2027 are late", buf, sizeof(buf)),
      "the holidays of 2027 are late");
}

static void the_catalog_is_there(void)
{
  ASSERT(have_catalog);
}

int main(void)
{
  have_catalog = speak_vietnamese();
  RUN_TEST(the_catalog_is_there);
  RUN_TEST(a_template_is_translated_and_its_values_put_in);
  RUN_TEST(the_field_named_is_worded_as_its_label);
  RUN_TEST(a_fixed_phrase_is_worded_a_typed_value_is_not);
  RUN_TEST(a_template_the_catalog_lacks_reads_in_english);
  RUN_TEST(a_template_that_is_no_plain_s_gives_the_message);
  RUN_TEST(english_is_the_message_and_the_code_name);
  RUN_TEST(every_code_has_words_in_vietnamese);
  RUN_TEST(english_words_a_status);
  RUN_TEST(the_calendar_warning_in_each_language);
  return TEST_EXIT();
}
