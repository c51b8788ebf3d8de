/* Option resolution; see config.h for the rules. */
#include "net/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "input/args.h"
#include "lang/lang.h"

void td_client_config_free(struct td_client_opts *o)
{
  free(o->server);
  free(o->cert);
  free(o->key);
  free(o->ca);
  free(o->report_signer);
  free(o->report_signer_title);
  free(o->report_place);
  memset(o, 0, sizeof(*o));
}

/* Replaces *slot with a copy of v; returns 0 or -1 if memory ran out. */
static int set_str(char **slot, const char *v)
{
  char *copy;

  copy = strdup(v);
  if (copy == NULL)
    return -1;
  free(*slot);
  *slot = copy;
  return 0;
}

/* A relative path in a file is taken from the file's own directory. */
static int set_path(char **slot, const char *v, const char *file)
{
  const char *slash;
  char *p;
  size_t len;
  int n;

  slash = strrchr(file, '/');
  if (v[0] == '/' || slash == NULL)
    return set_str(slot, v);
  n = (int)(slash - file);
  len = (size_t)n + 1 + strlen(v) + 1;
  p = malloc(len);
  if (p == NULL)
    return -1;
  snprintf(p, len, "%.*s/%s", n, file, v);
  free(*slot);
  *slot = p;
  return 0;
}

static int parse_timeout(const char *v, int *ms)
{
  uint64_t s;

  if (td_args_uint(v, 1, TD_CLIENT_TIMEOUT_MAX, &s) != 0)
    return -1;
  *ms = (int)s * 1000;
  return 0;
}

static char *trim(char *s)
{
  char *end;

  while (isspace((unsigned char)*s))
    s++;
  end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1]))
    end--;
  *end = '\0';
  return s;
}

/* Cuts a comment: a line starting with '#', or " #" anywhere. */
static void cut_comment(char *s)
{
  char *p;

  for (p = s; *p != '\0'; p++) {
    if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
      *p = '\0';
      return;
    }
  }
}

/* "yes" or "no" (also "có", "không"), any case: 1 or 0; -1 for neither. */
static int yes_no(const char *v)
{
  if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "c\xc3\xb3") == 0 ||
      strcasecmp(v, "C\xc3\x93") == 0)
    return 1;
  if (strcasecmp(v, "no") == 0 || strcasecmp(v, "kh\xc3\xb4ng") == 0 ||
      strcasecmp(v, "KH\xc3\x94NG") == 0)
    return 0;
  return -1;
}

/* What the language setting may say: vi or en, any case. */
static int language_ok(const char *v)
{
  return strcasecmp(v, "vi") == 0 || strcasecmp(v, "en") == 0;
}

/* The settings language and excel, checked here and applied by
 * td_client_config_early before the command prints anything. */
static int set_setting(struct td_client_opts *o, const char *k, const char *v,
                       const char *path, int lineno, char *err, size_t errlen)
{
  int yes;

  if (strcmp(k, "language") == 0) {
    if (strlen(v) >= sizeof(o->language) || !language_ok(v)) {
      snprintf(err, errlen, _("%s:%d: language must be vi or en, not \"%s\""),
               path, lineno, v);
      return -1;
    }
    snprintf(o->language, sizeof(o->language), "%s", v);
    return 0;
  }
  yes = yes_no(v);
  if (yes < 0) {
    snprintf(err, errlen, _("%s:%d: excel must be yes or no, not \"%s\""), path,
             lineno, v);
    return -1;
  }
  o->excel = yes ? 1 : -1;
  return 0;
}

static int set_key(struct td_client_opts *o, const char *k, const char *v,
                   const char *path)
{
  if (strcmp(k, "server") == 0)
    return set_str(&o->server, v);
  if (strcmp(k, "cert") == 0)
    return set_path(&o->cert, v, path);
  if (strcmp(k, "key") == 0)
    return set_path(&o->key, v, path);
  if (strcmp(k, "ca") == 0)
    return set_path(&o->ca, v, path);
  if (strcmp(k, "report_signer") == 0)
    return set_str(&o->report_signer, v);
  if (strcmp(k, "report_signer_title") == 0)
    return set_str(&o->report_signer_title, v);
  if (strcmp(k, "report_place") == 0)
    return set_str(&o->report_place, v);
  return -2;
}

static int parse_line(char *line, struct td_client_opts *o, const char *path,
                      int lineno, char *err, size_t errlen)
{
  char *eq;
  char *k;
  char *v;
  int r;

  cut_comment(line);
  k = trim(line);
  if (*k == '\0')
    return 0;
  eq = strchr(k, '=');
  if (eq == NULL) {
    snprintf(err, errlen, _("%s:%d: expected \"key = value\""), path, lineno);
    return -1;
  }
  *eq = '\0';
  k = trim(k);
  v = trim(eq + 1);
  if (*v == '\0') {
    snprintf(err, errlen, _("%s:%d: %s has no value"), path, lineno, k);
    return -1;
  }
  if (strcmp(k, "timeout") == 0) {
    r = parse_timeout(v, &o->timeout_ms);
    if (r != 0)
      snprintf(err, errlen,
               _("%s:%d: timeout must be a whole number of seconds from 1 to "
                 "%d"),
               path, lineno, TD_CLIENT_TIMEOUT_MAX);
    return r;
  }
  if (strcmp(k, "language") == 0 || strcmp(k, "excel") == 0)
    return set_setting(o, k, v, path, lineno, err, errlen);
  if (strcmp(k, "offline_receipts") == 0) {
    char *end;
    long n = strtol(v, &end, 10);

    if (*end != '\0' || n < 1 || n > TD_OFFLINE_RECEIPTS_MAX) {
      snprintf(err, errlen,
               _("%s:%d: offline_receipts must be a number of receipt numbers "
                 "from 1 to %d"),
               path, lineno, TD_OFFLINE_RECEIPTS_MAX);
      return -1;
    }
    o->offline_receipts = (int)n;
    return 0;
  }
  r = set_key(o, k, v, path);
  if (r == -2)
    snprintf(err, errlen,
             _("%s:%d: unknown key \"%s\"; the keys are server, cert, key, ca, "
               "timeout, language, excel, offline_receipts, report_signer, "
               "report_signer_title and report_place"),
             path, lineno, k);
  else if (r != 0)
    snprintf(err, errlen, _("out of memory"));
  return r == 0 ? 0 : -1;
}

int td_client_config_read(const char *path, struct td_client_opts *o, char *err,
                          size_t errlen)
{
  FILE *f;
  char *line;
  size_t cap;
  int lineno;
  int r;

  f = fopen(path, "r");
  if (f == NULL) {
    snprintf(err, errlen, _("cannot read the configuration file %s: %s"), path,
             strerror(errno));
    return TD_EUSAGE;
  }
  line = NULL;
  cap = 0;
  r = 0;
  for (lineno = 1; r == 0 && getline(&line, &cap, f) >= 0; lineno++) {
    /* Files saved by Windows editors may start with a byte order mark. */
    if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
      memmove(line, line + 3, strlen(line + 3) + 1);
    r = parse_line(line, o, path, lineno, err, errlen);
  }
  if (r == 0 && ferror(f)) {
    snprintf(err, errlen, _("cannot read the configuration file %s: %s"), path,
             strerror(errno));
    r = -1;
  }
  free(line);
  fclose(f);
  return r == 0 ? 0 : TD_EUSAGE;
}

static const char *env(const char *name)
{
  const char *v;

  v = getenv(name);
  return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * Picks the file to read into path. Returns 1 if there is one, 0 if none,
 * -1 if a file named by --config or TIEPDAN_CONFIG does not exist.
 */
static int find_file(const struct td_client_flags *f, char *path,
                     size_t pathlen, char *err, size_t errlen)
{
  const char *named;
  const char *home;

  named = f->config ? f->config : env("TIEPDAN_CONFIG");
  if (named != NULL) {
    if (access(named, F_OK) == 0) {
      snprintf(path, pathlen, "%s", named);
      return 1;
    }
    snprintf(err, errlen,
             _("the configuration file %s (from %s) does not exist"), named,
             f->config ? "--config" : "TIEPDAN_CONFIG");
    return -1;
  }
  home = env("HOME");
  if (home != NULL) {
    snprintf(path, pathlen, "%s/.config/tiepdan/client.conf", home);
    if (access(path, F_OK) == 0)
      return 1;
  }
  snprintf(path, pathlen, "%s", TD_CLIENT_CONFIG_SYSTEM);
  return access(path, F_OK) == 0;
}

/* Takes the flag, else the environment variable, over what the file said. */
static int pick(char **slot, const char *flag, const char *var)
{
  const char *v;

  v = flag ? flag : env(var);
  if (v == NULL)
    return 0;
  return set_str(slot, v);
}

static int pick_timeout(const struct td_client_flags *f,
                        struct td_client_opts *o, char *err, size_t errlen)
{
  const char *v;

  v = f->timeout ? f->timeout : env("TIEPDAN_TIMEOUT");
  if (v != NULL && parse_timeout(v, &o->timeout_ms) != 0) {
    snprintf(err, errlen,
             _("%s must be a whole number of seconds from 1 to %d, not \"%s\""),
             f->timeout ? "--timeout" : "TIEPDAN_TIMEOUT",
             TD_CLIENT_TIMEOUT_MAX, v);
    return -1;
  }
  if (o->timeout_ms == 0)
    o->timeout_ms = TD_CLIENT_TIMEOUT_DEFAULT * 1000;
  return 0;
}

/* The server refuses a client without a certificate anyway; saying so
 * before connecting tells the officer which option is missing. */
static int check_complete(const struct td_client_opts *o, const char *file,
                          char *err, size_t errlen)
{
  if (o->server == NULL) {
    snprintf(err, errlen,
             _("no server given: use --server HOST:PORT, set TIEPDAN_SERVER, "
               "or write \"server = HOST:PORT\" in %s"),
             file);
    return TD_EUSAGE;
  }
  if (o->cert == NULL || o->key == NULL) {
    snprintf(err, errlen,
             _("%s: use --cert FILE --key FILE, set TIEPDAN_CERT and "
               "TIEPDAN_KEY, or write \"cert =\" and \"key =\" in %s"),
             o->cert || o->key ? _("--cert and --key go together")
                               : _("no certificate given"),
             file);
    return TD_EUSAGE;
  }
  return 0;
}

int td_client_config_resolve(const struct td_client_flags *f,
                             struct td_client_opts *o, char *err, size_t errlen)
{
  char path[4096];
  int found;

  memset(o, 0, sizeof(*o));
  found = find_file(f, path, sizeof(path), err, errlen);
  if (found < 0)
    return TD_EUSAGE;
  if (found && td_client_config_read(path, o, err, errlen) != 0)
    return TD_EUSAGE;
  if (pick(&o->server, f->server, "TIEPDAN_SERVER") != 0 ||
      pick(&o->cert, f->cert, "TIEPDAN_CERT") != 0 ||
      pick(&o->key, f->key, "TIEPDAN_KEY") != 0 ||
      pick(&o->ca, f->ca, "TIEPDAN_CA") != 0) {
    snprintf(err, errlen, _("out of memory"));
    return TD_EUSAGE;
  }
  if (pick_timeout(f, o, err, errlen) != 0)
    return TD_EUSAGE;
  return check_complete(o, found ? path : "~/.config/tiepdan/client.conf", err,
                        errlen);
}

int td_client_config_early(const struct td_client_flags *f)
{
  struct td_client_opts o;
  char path[4096];
  char err[512];
  int excel;

  memset(&o, 0, sizeof(o));
  /* A file missing or wrong is told when the command connects; --help
   * and commands that do not connect go on in the default language. */
  if (find_file(f, path, sizeof(path), err, sizeof(err)) != 1 ||
      td_client_config_read(path, &o, err, sizeof(err)) != 0) {
    td_client_config_free(&o);
    return 0;
  }
  if (o.language[0] != '\0' && !td_lang_explicit() &&
      td_lang_set(o.language) != 0)
    o.language[0] = '\0';
  excel = o.excel > 0;
  td_client_config_free(&o);
  return excel;
}
