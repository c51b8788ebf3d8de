/* The officer's language; see lang.h. */
#include "lang/lang.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DOMAIN "tiepdan"

static enum td_lang current = TD_LANG_VI;
static int is_explicit;
static char catalog_dir[PATH_MAX];
static int catalog_found;

/* Whether name (a locale or a language's name) means lang's code, "vi" or
 * "en": "en", "en_US.UTF-8", "EN", "english"; "vi", "vi_VN", "tiếng việt"
 * and "vietnamese". */
static int names(const char *name, const char *code)
{
  size_t n = strlen(code);

  if (strncasecmp(name, code, n) == 0 &&
      (name[n] == '\0' || name[n] == '_' || name[n] == '.' || name[n] == '@' ||
       name[n] == '-' || name[n] == ':'))
    return 1;
  if (strcmp(code, "en") == 0)
    return strcasecmp(name, "english") == 0 ||
           strcasecmp(name, "tiếng anh") == 0 ||
           strcasecmp(name, "TIẾNG ANH") == 0 ||
           strcasecmp(name, "tieng anh") == 0;
  return strcasecmp(name, "vietnamese") == 0 ||
         strcasecmp(name, "tiếng việt") == 0 ||
         strcasecmp(name, "TIẾNG VIỆT") == 0 ||
         strcasecmp(name, "Tiếng Việt") == 0 ||
         strcasecmp(name, "tieng viet") == 0;
}

int td_lang_set(const char *name)
{
  if (name == NULL)
    return -1;
  if (names(name, "vi"))
    current = TD_LANG_VI;
  else if (names(name, "en"))
    current = TD_LANG_EN;
  else
    return -1;
  is_explicit = 1;
  return 0;
}

int td_lang_explicit(void)
{
  return is_explicit;
}

enum td_lang td_lang_current(void)
{
  return current;
}

/* The first of the locale's variables that is set, as gettext reads them. */
static const char *locale_name(void)
{
  static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                     "LANG"};
  const char *v;
  size_t i;

  for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    v = getenv(vars[i]);
    if (v != NULL && v[0] != '\0')
      return v;
  }
  return NULL;
}

static int has_catalog(const char *dir)
{
  char path[PATH_MAX];
  int n;

  n = snprintf(path, sizeof(path), "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
  return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

static int try_dir(const char *dir)
{
  int n;

  if (dir == NULL || dir[0] == '\0' || !has_catalog(dir))
    return 0;
  n = snprintf(catalog_dir, sizeof(catalog_dir), "%s", dir);
  return n > 0 && (size_t)n < sizeof(catalog_dir);
}

/* TIEPDAN_LOCALEDIR; beside the program (a build tree: <dir>/locale); the
 * installed tree relative to the program (<bin>/../share/locale), so a
 * moved installation still finds it; the prefix it was built for. */
static void find_catalog(void)
{
  char exe[PATH_MAX];
  char dir[PATH_MAX + 32];
  ssize_t n;
  char *slash;

  if (try_dir(getenv("TIEPDAN_LOCALEDIR")))
    goto found;
  n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      snprintf(dir, sizeof(dir), "%s/locale", exe);
      if (try_dir(dir))
        goto found;
      snprintf(dir, sizeof(dir), "%s/../share/locale", exe);
      if (try_dir(dir))
        goto found;
    }
  }
#ifdef TD_LOCALEDIR
  if (try_dir(TD_LOCALEDIR))
    goto found;
#endif
  return;
found:
  catalog_found = 1;
}

void td_lang_init(void)
{
  const char *env;
  const char *loc;

  env = getenv("TIEPDAN_LANG");
  if (env == NULL || env[0] == '\0' || td_lang_set(env) != 0) {
    loc = locale_name();
    current = loc != NULL && names(loc, "en") ? TD_LANG_EN : TD_LANG_VI;
  }
  /*
   * Only the messages and the character set follow the locale: numbers in
   * csv and json stay "1.5" whatever it says. gettext ignores LANGUAGE in
   * the "C" locale, which is what a machine without a Vietnamese locale
   * installed gives; C.UTF-8 is built into glibc and lets it read the
   * catalog named by LANGUAGE, which we set to ours.
   */
  setlocale(LC_CTYPE, "");
  if (setlocale(LC_MESSAGES, "") == NULL ||
      strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
      strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
    setlocale(LC_MESSAGES, "C.UTF-8");
  find_catalog();
  if (catalog_found) {
    bindtextdomain(DOMAIN, catalog_dir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
  }
}

const char *td_lang_catalog_dir(void)
{
  return catalog_found ? catalog_dir : NULL;
}

/* The catalog is looked up under "vi" whatever the locale is called: set
 * here rather than at init so that a language chosen later (--lang, the
 * setting) takes effect. */
static void want_vi(void)
{
  static int done;
  const char *l;

  if (done)
    return;
  l = getenv("LANGUAGE");
  if (l == NULL || strcmp(l, "vi") != 0)
    setenv("LANGUAGE", "vi", 1);
  done = 1;
}

const char *td_gettext(const char *msgid)
{
  if (current == TD_LANG_EN || !catalog_found || msgid[0] == '\0')
    return msgid;
  want_vi();
  return dgettext(DOMAIN, msgid);
}

const char *td_ngettext(const char *one, const char *many, unsigned long n)
{
  if (current == TD_LANG_EN || !catalog_found)
    return n == 1 ? one : many;
  want_vi();
  return dngettext(DOMAIN, one, many, n);
}
