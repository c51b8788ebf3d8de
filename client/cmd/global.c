/* Global options; see global.h. */
#include "cmd/global.h"

#include <stdio.h>
#include <string.h>

#include "input/opt.h"
#include "lang/lang.h"

enum {
  O_HELP = 1,
  O_VERSION,
  O_SERVER,
  O_CERT,
  O_KEY,
  O_CA,
  O_CONFIG,
  O_TIMEOUT,
  O_EXCEL,
  O_LANG,
  O_FORMAT
};

static const struct td_opt global_opts[] = {
    {"help", 0, O_HELP},     {"version", 0, O_VERSION}, {"server", 1, O_SERVER},
    {"cert", 1, O_CERT},     {"key", 1, O_KEY},         {"ca", 1, O_CA},
    {"config", 1, O_CONFIG}, {"timeout", 1, O_TIMEOUT}, {"format", 1, O_FORMAT},
    {"excel", 0, O_EXCEL},   {"lang", 1, O_LANG},       {NULL, 0, 0},
};

static const struct td_opt *find_opt(const struct td_opt *opts, const char *opt)
{
  const char *eq;
  size_t n;

  if (strncmp(opt, "--", 2) != 0)
    return NULL;
  opt += 2;
  eq = strchr(opt, '=');
  n = eq ? (size_t)(eq - opt) : strlen(opt);
  for (; opts->name != NULL; opts++)
    if (strlen(opts->name) == n && memcmp(opts->name, opt, n) == 0)
      return opts;
  return NULL;
}

/* Like td_args_next, but explains the usual slip of putting a global
 * option after the command. */
int td_cmd__next(struct td_args *a, const struct td_opt *opts, char *err,
                 size_t errlen)
{
  int id;

  id = td_args_next(a, opts, err, errlen);
  if (id == TD_ARGS_ERROR && a->opt != NULL && !find_opt(opts, a->opt) &&
      find_opt(global_opts, a->opt))
    snprintf(err, errlen,
             _("%s is a global option: write it before the command, as in "
               "\"tiepdan --format json list\""),
             a->opt);
  return id;
}

int td_cmd__scan(int argc, char **argv, const struct td_opt *opts,
                 int (*apply)(void *ctx, int id, char *v, char *err,
                              size_t errlen),
                 void *ctx, char *err, size_t errlen)
{
  struct td_args args;
  int id;

  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, opts, err, errlen);
    if (id == TD_ARGS_END)
      return 0;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_opt_extra_word(args.value, err, errlen);
    if (apply(ctx, id, args.value, err, errlen) != 0)
      return -1;
  }
}

static int global_opt(struct td_global_args *g, int id, char *v, char *err,
                      size_t errlen)
{
  switch (id) {
  case O_HELP:
    g->help = 1;
    break;
  case O_VERSION:
    g->version = 1;
    break;
  case O_SERVER:
    g->flags.server = v;
    break;
  case O_CERT:
    g->flags.cert = v;
    break;
  case O_KEY:
    g->flags.key = v;
    break;
  case O_CA:
    g->flags.ca = v;
    break;
  case O_CONFIG:
    g->flags.config = v;
    break;
  case O_TIMEOUT:
    g->flags.timeout = v;
    break;
  case O_EXCEL:
    /* CSV that Excel opens as UTF-8: it needs the byte-order mark. */
    g->excel = 1;
    g->format = TD_FORMAT_CSV;
    break;
  case O_LANG:
    if (td_lang_set(v) == 0)
      break;
    snprintf(err, errlen, _("--lang must be vi or en, not \"%s\""), v);
    return -1;
  default:
    if (td_output_format_parse(v, &g->format) == 0)
      break;
    snprintf(err, errlen, _("--format must be table, csv or json, not \"%s\""),
             v);
    return -1;
  }
  return 0;
}

int td_cmd_parse_global(int argc, char **argv, struct td_global_args *g,
                        char *err, size_t errlen)
{
  struct td_args a;
  int id;

  memset(g, 0, sizeof(*g));
  g->format = TD_FORMAT_TABLE;
  td_args_init(&a, argc, argv);
  for (;;) {
    id = td_args_next(&a, global_opts, err, errlen);
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_END)
      return 0;
    if (id == TD_ARGS_WORD)
      break;
    if (global_opt(g, id, a.value, err, errlen) != 0)
      return -1;
  }
  g->command = a.value;
  g->argc = argc - a.next;
  g->argv = argv + a.next;
  return 0;
}
