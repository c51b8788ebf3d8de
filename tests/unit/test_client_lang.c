/*
 * The officer's language (client/lang/): which language the environment
 * and td_lang_set choose, and that the catalog built from po/vi.po
 * (TD_LOCALE_DIR, the build's locale/) translates in Vietnamese and gives
 * the English source back in English.
 *
 * lang.c keeps its state in statics, and td_lang_set marks the language as
 * explicit for good, so the tests that read the environment run first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "lang/lang.h"
#include "net/config.h"

/* No locale variable and no TIEPDAN_LANG: an officer's bare machine. */
static void clear_env(void)
{
  unsetenv("TIEPDAN_LANG");
  unsetenv("LANGUAGE");
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
}

/* The language td_lang_init picks with LANG set to lang (NULL: unset). */
static enum td_lang with_lang(const char *lang)
{
  clear_env();
  if (lang != NULL)
    setenv("LANG", lang, 1);
  td_lang_init();
  return td_lang_current();
}

/* Without a catalog a Vietnamese client prints the English source. Runs
 * first: once found, the catalog stays found. */
static void test_no_catalog(void)
{
  ASSERT_EQ(with_lang(NULL), TD_LANG_VI);
  /* The test program has no locale/ beside it; only a tiepdan installed
   * in the prefix it was built for would give one. */
  if (td_lang_catalog_dir() == NULL) {
    ASSERT_STR_EQ(_("no command given"), "no command given");
    ASSERT_STR_EQ(td_ngettext("one petition", "%lu petitions", 2),
                  "%lu petitions");
  }
}

static void test_default_is_vietnamese(void)
{
  ASSERT_EQ(with_lang(NULL), TD_LANG_VI);
  ASSERT_EQ(with_lang(""), TD_LANG_VI);
  ASSERT_EQ(with_lang("C"), TD_LANG_VI);
  ASSERT_EQ(with_lang("POSIX"), TD_LANG_VI);
  ASSERT_EQ(with_lang("C.UTF-8"), TD_LANG_VI);
  ASSERT_EQ(with_lang("vi_VN.UTF-8"), TD_LANG_VI);
  /* A language this client does not speak: Vietnamese, not English. */
  ASSERT_EQ(with_lang("fr_FR.UTF-8"), TD_LANG_VI);
  /* Only td_lang_set and TIEPDAN_LANG make a choice explicit. */
  ASSERT_EQ(td_lang_explicit(), 0);
}

static void test_english_locale(void)
{
  ASSERT_EQ(with_lang("en_US.UTF-8"), TD_LANG_EN);
  ASSERT_EQ(with_lang("en_GB"), TD_LANG_EN);
  ASSERT_EQ(with_lang("en"), TD_LANG_EN);
  /* LC_ALL wins over LANG, LANGUAGE over both, as in gettext. */
  clear_env();
  setenv("LANG", "vi_VN.UTF-8", 1);
  setenv("LC_ALL", "en_US.UTF-8", 1);
  td_lang_init();
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  setenv("LANGUAGE", "vi", 1);
  td_lang_init();
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  ASSERT_EQ(td_lang_explicit(), 0);
}

/* A configuration file holding text; its path, to unlink. */
static char *conf(const char *text)
{
  static char path[] = "/tmp/test_client_lang.XXXXXX";
  FILE *f;
  int fd;

  memcpy(path + strlen(path) - 6, "XXXXXX", 6);
  fd = mkstemp(path);
  if (fd < 0)
    return NULL;
  f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

/* The settings language and excel: read, checked, and applied before
 * anything is printed. Runs before anything makes the choice explicit. */
static void test_config_settings(void)
{
  struct td_client_flags flags;
  struct td_client_opts o;
  char err[512];
  char *path;

  memset(&flags, 0, sizeof(flags));
  memset(&o, 0, sizeof(o));
  path = conf("server = localhost:7443\nlanguage = EN\nexcel = yes\n");
  ASSERT_NOT_NULL(path);
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.language, "EN");
  ASSERT_EQ(o.excel, 1);
  td_client_config_free(&o);
  unlink(path);

  path = conf("excel = không\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_EQ(o.excel, -1);
  ASSERT_STR_EQ(o.language, "");
  td_client_config_free(&o);
  unlink(path);

  /* Bad values are refused with the line. */
  path = conf("language = fr\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, ":1: language must be vi or en, not \"fr\"") != NULL);
  td_client_config_free(&o);
  unlink(path);
  path = conf("\nexcel = maybe\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, ":2: excel must be yes or no, not \"maybe\"") != NULL);
  td_client_config_free(&o);
  unlink(path);

  /* Applied early: language = en over a Vietnamese default. */
  ASSERT_EQ(with_lang(NULL), TD_LANG_VI);
  path = conf("language = en\nexcel = yes\n");
  flags.config = path;
  ASSERT_EQ(td_client_config_early(&flags), 1);
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  unlink(path);
  /* A file that is wrong changes nothing here: the command tells it. */
  ASSERT_EQ(with_lang(NULL), TD_LANG_VI);
  path = conf("language = en\nbogus\n");
  ASSERT_EQ(td_client_config_early(&flags), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  unlink(path);
  flags.config = "/nonexistent/client.conf";
  ASSERT_EQ(td_client_config_early(&flags), 0);
  /* An explicit choice wins over the setting. */
  ASSERT_EQ(td_lang_set("vi"), 0);
  path = conf("language = en\n");
  flags.config = path;
  ASSERT_EQ(td_client_config_early(&flags), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  unlink(path);
}

static void test_tiepdan_lang_wins(void)
{
  clear_env();
  setenv("LANG", "vi_VN.UTF-8", 1);
  setenv("TIEPDAN_LANG", "en", 1);
  td_lang_init();
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  ASSERT_EQ(td_lang_explicit(), 1);
  clear_env();
  setenv("LANG", "en_US.UTF-8", 1);
  setenv("TIEPDAN_LANG", "vi", 1);
  td_lang_init();
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  /* A TIEPDAN_LANG that names no language leaves it to the locale. */
  setenv("TIEPDAN_LANG", "klingon", 1);
  td_lang_init();
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
}

static void test_set_names(void)
{
  ASSERT_EQ(td_lang_set("en"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  ASSERT_EQ(td_lang_explicit(), 1);
  ASSERT_EQ(td_lang_set("vi"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  ASSERT_EQ(td_lang_set("EN"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  ASSERT_EQ(td_lang_set("vi_VN.UTF-8"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  ASSERT_EQ(td_lang_set("en_US.UTF-8"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  ASSERT_EQ(td_lang_set("tiếng việt"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  ASSERT_EQ(td_lang_set("English"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_EN);
  ASSERT_EQ(td_lang_set("Vietnamese"), 0);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
  /* Refused, and the language stays as it was. */
  ASSERT_EQ(td_lang_set("fr"), -1);
  ASSERT_EQ(td_lang_set("english please"), -1);
  ASSERT_EQ(td_lang_set("env"), -1);
  ASSERT_EQ(td_lang_set(""), -1);
  ASSERT_EQ(td_lang_set(NULL), -1);
  ASSERT_EQ(td_lang_current(), TD_LANG_VI);
}

/* The catalog the build compiled from po/vi.po. */
static void test_catalog_translates(void)
{
  const char *id = "no command given";
  const char *oom = "out of memory";
  const char *untranslated = "a message nobody translated";

  clear_env();
  setenv("TIEPDAN_LOCALEDIR", TD_LOCALE_DIR, 1);
  td_lang_init();
  ASSERT_NOT_NULL(td_lang_catalog_dir());
  ASSERT_STR_EQ(td_lang_catalog_dir(), TD_LOCALE_DIR);
  ASSERT_EQ(td_lang_set("vi"), 0);
  ASSERT_STR_EQ(_(id), "chưa ghi lệnh nào");
  ASSERT_STR_EQ(_(oom), "hết bộ nhớ");
  /* A format keeps its conversions. */
  ASSERT_STR_EQ(_("unknown command \"%s\""), "không có lệnh \"%s\"");
  /* What the catalog lacks comes back as it was given. */
  ASSERT_EQ(_(untranslated), untranslated);
  ASSERT_STR_EQ(td_ngettext("one petition", "%lu petitions", 1),
                "one petition");
  ASSERT_STR_EQ(td_ngettext("one petition", "%lu petitions", 2),
                "%lu petitions");
  /* English: the msgid itself, the very pointer. */
  ASSERT_EQ(td_lang_set("en"), 0);
  ASSERT_EQ(_(id), id);
  ASSERT_EQ(_(oom), oom);
  ASSERT_STR_EQ(td_ngettext("one petition", "%lu petitions", 3),
                "%lu petitions");
  /* And back: Vietnamese again after English. */
  ASSERT_EQ(td_lang_set("vi"), 0);
  ASSERT(strcmp(_(id), id) != 0);
}

int main(void)
{
  RUN_TEST(test_no_catalog);
  RUN_TEST(test_default_is_vietnamese);
  RUN_TEST(test_english_locale);
  RUN_TEST(test_config_settings);
  RUN_TEST(test_tiepdan_lang_wins);
  RUN_TEST(test_set_names);
  RUN_TEST(test_catalog_translates);
  return TEST_EXIT();
}
