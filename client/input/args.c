/* Long-option scanner; see args.h. */
#include "input/args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"

void td_args_init(struct td_args *a, int argc, char **argv)
{
  memset(a, 0, sizeof(*a));
  a->argc = argc;
  a->argv = argv;
}

static const struct td_opt *find(const struct td_opt *opts, const char *name,
                                 size_t len)
{
  for (; opts->name != NULL; opts++)
    if (strlen(opts->name) == len && memcmp(opts->name, name, len) == 0)
      return opts;
  return NULL;
}

static int take_value(struct td_args *a, const struct td_opt *o, const char *eq,
                      char *err, size_t errlen)
{
  if (!o->has_arg) {
    if (eq == NULL)
      return o->id;
    snprintf(err, errlen, _("option --%s takes no value"), o->name);
    return TD_ARGS_ERROR;
  }
  if (eq != NULL) {
    a->value = (char *)eq + 1;
    return o->id;
  }
  if (o->has_arg == TD_ARGS_OPTIONAL_VALUE) {
    if (a->next < a->argc && a->argv[a->next][0] != '-')
      a->value = a->argv[a->next++];
    return o->id;
  }
  if (a->next >= a->argc || strncmp(a->argv[a->next], "--", 2) == 0) {
    snprintf(err, errlen, _("option --%s needs a value"), o->name);
    return TD_ARGS_ERROR;
  }
  a->value = a->argv[a->next++];
  return o->id;
}

int td_args_next(struct td_args *a, const struct td_opt *opts, char *err,
                 size_t errlen)
{
  const struct td_opt *o;
  const char *name;
  const char *eq;
  char *w;

  a->opt = NULL;
  a->value = NULL;
  if (a->next >= a->argc)
    return TD_ARGS_END;
  w = a->argv[a->next++];
  if (a->opts_done || w[0] != '-' || strcmp(w, "-") == 0) {
    a->value = w;
    return TD_ARGS_WORD;
  }
  if (strcmp(w, "--") == 0) {
    a->opts_done = 1;
    return td_args_next(a, opts, err, errlen);
  }
  a->opt = w;
  name = strcmp(w, "-h") == 0 ? "--help" : w;
  eq = strchr(name, '=');
  o = NULL;
  if (name[1] == '-')
    o = find(opts, name + 2, eq ? (size_t)(eq - name - 2) : strlen(name + 2));
  if (o == NULL) {
    snprintf(err, errlen, _("unknown option %.*s"),
             eq ? (int)(eq - name) : (int)strlen(name), name);
    return TD_ARGS_ERROR;
  }
  return take_value(a, o, eq, err, errlen);
}

int td_args_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
  unsigned long long v;
  char *end;

  if (s[0] < '0' || s[0] > '9')
    return -1;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < min || v > max)
    return -1;
  *out = (uint64_t)v;
  return 0;
}
