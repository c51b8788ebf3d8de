/* tiepdan admin unit add|rename|list|load; see admin_unit.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/admin.h"
#include "cmd/admin_unit.h"
#include "cmd/call.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

enum { O_HELP = 1, O_NAME, O_PARENT, O_LEVEL, O_SINCE, O_ALL };

static const char usage_add[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin unit add CODE --name NAME --parent "
    "CODE\n"
    "                                   [--level LEVEL] [--since YYYY-MM-DD]\n"
    "\n"
    "Adds a unit under a unit of your area: a commune under your province,\n"
    "a village under a commune. Its officers can then be registered with\n"
    "\"tiepdan admin principal add --unit CODE\".\n"
    "\n"
    "  --name NAME        its name, e.g. \"Xã Trà Sơn\"\n"
    "  --parent CODE      the unit it belongs to: the nation VN for a\n"
    "                     province, a province for a district or a commune\n"
    "                     (or a district, before 2025), a commune for a "
    "village\n"
    "  --level LEVEL      province, district, commune or village; by "
    "default\n"
    "                     told by the code: 2 digits a province, 3 a\n"
    "                     district, 5 a commune\n"
    "  --since YYYY-MM-DD its first day (default: it always existed)\n"
    "\n"
    "Example:\n"
    "  tiepdan admin unit add 03999 --name \"Xã Trà Sơn\" --parent 12\n"
    "\n"
    "To add the whole official list at once, see \"tiepdan admin unit "
    "load\".\n");

static const char usage_rename[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin unit rename CODE --name NAME\n"
       "\n"
       "Renames a unit of your area below your own unit. It keeps its code,\n"
       "its petitions and its officers; lists and reports show the new name\n"
       "from now on.\n"
       "\n"
       "Example:\n"
       "  tiepdan admin unit rename 03999 --name \"Xã Trà Sơn Mới\"\n");

static const char usage_list[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin unit list [--all]\n"
       "\n"
       "Lists the units of your area that exist today: code, level, the unit\n"
       "each belongs to, first and last day, name.\n"
       "\n"
       "  --all   also the units that ended (merged, or of a level that was\n"
       "          abolished)\n");

static const char usage_load[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin unit load FILE\n"
    "\n"
    "Adds the units of the official list in FILE, all or none: if a line is\n"
    "wrong, nothing is added and every wrong line is named. Loading the same\n"
    "file again adds nothing: a unit that exists with the same level and\n"
    "parent is left as is, or renamed if the file names it otherwise.\n"
    "\n"
    "FILE has one unit a line, its fields separated by commas (CSV) or by\n"
    "tabs (TSV):\n"
    "  code,name,level,parent code[,first day YYYY-MM-DD]\n"
    "  12,Tỉnh Lai Châu,province,VN\n"
    "  03999,Xã Trà Sơn,commune,12\n"
    "The level is province, district, commune or village (tỉnh, huyện, xã,\n"
    "phường, thị trấn, thôn, bản); a parent may come later in the file. A\n"
    "header line starting with \"code\" or \"mã\", blank lines and lines\n"
    "starting with # are skipped; a field with a comma is written in double\n"
    "quotes.\n");

/* Levels ------------------------------------------------------------------ */

/* The words a file may give a level in, and the level each means. */
static const struct {
  const char *word;
  const char *level;
} level_words[] = {
    {"province", "province"},  {"tỉnh", "province"},
    {"thành phố", "province"}, {"district", "district"},
    {"huyện", "district"},     {"quận", "district"},
    {"thị xã", "district"},    {"commune", "commune"},
    {"xã", "commune"},         {"phường", "commune"},
    {"thị trấn", "commune"},   {"đặc khu", "commune"},
    {"village", "village"},    {"thôn", "village"},
    {"bản", "village"},        {"tổ dân phố", "village"},
};

const char *td_unit_level_parse(const char *w)
{
  size_t i;

  for (i = 0; i < sizeof(level_words) / sizeof(level_words[0]); i++)
    if (strcmp(level_words[i].word, w) == 0)
      return level_words[i].level;
  return NULL;
}

static int all_digits(const char *s, size_t n)
{
  size_t i;

  if (strlen(s) != n)
    return 0;
  for (i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

const char *td_unit_level_of_code(const char *code)
{
  if (all_digits(code, 2))
    return "province";
  if (all_digits(code, 3))
    return "district";
  if (all_digits(code, 5))
    return "commune";
  return NULL;
}

int td_unit_code_fits(const char *level, const char *code)
{
  size_t i;

  if (strcmp(level, "village") != 0)
    return td_unit_level_of_code(code) != NULL &&
           strcmp(td_unit_level_of_code(code), level) == 0;
  if (code[0] == '\0' || strlen(code) > TD_CODE_MAX)
    return 0;
  for (i = 0; code[i]; i++)
    if (!isalnum((unsigned char)code[i]) && strchr("._-", code[i]) == NULL)
      return 0;
  return 1;
}

/* The day as YYYY-MM-DD in iso, from DD/MM/YYYY or YYYY-MM-DD. */
static int parse_day(const char *v, char iso[TD_DAY_LEN])
{
  td_day day;

  if (td_datetime_parse_date(v, &day) != 0)
    return -1;
  td_day_format(day, iso);
  return 0;
}

/* admin unit add ------------------------------------------------------------
 */

static const struct td_opt add_opts[] = {
    {"help", 0, O_HELP},   {"name", 1, O_NAME},   {"parent", 1, O_PARENT},
    {"level", 1, O_LEVEL}, {"since", 1, O_SINCE}, {NULL, 0, 0},
};

static int add_opt(struct td_unit_add_args *a, int id, char *v, char *err,
                   size_t errlen)
{
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_NAME:
    return td_opt_text("--name", v, &a->name, err, errlen);
  case O_PARENT:
    return td_opt_unit("--parent", v, &a->parent, err, errlen);
  case O_LEVEL:
    a->level = td_unit_level_parse(v);
    if (a->level == NULL)
      return td_opt_bad_value("--level", v,
                              _("province, district, commune or village"), err,
                              errlen);
    return 0;
  default:
    if (parse_day(v, a->since_iso) != 0)
      return td_opt_bad_value("--since", v,
                              _("the unit's first day, DD/MM/YYYY or "
                                "YYYY-MM-DD"),
                              err, errlen);
    a->since = a->since_iso;
    return 0;
  }
}

int td_cmd_parse_unit_add(int argc, char **argv, struct td_unit_add_args *a,
                          char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, add_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      if (a->code != NULL)
        return td_opt_extra_word(args.value, err, errlen);
      if (td_opt_unit("CODE", args.value, &a->code, err, errlen) != 0)
        return -1;
    } else if (add_opt(a, id, args.value, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help)
    return 0;
  if (a->code == NULL) {
    snprintf(err, errlen,
             _("give the new unit's code, e.g. tiepdan admin unit add 03999 "
               "--name \"Xã Trà Sơn\" --parent 12"));
    return -1;
  }
  if (a->name == NULL)
    return td_opt_missing("--name", "\"Xã Trà Sơn\"", err, errlen);
  if (a->parent == NULL)
    return td_opt_missing("--parent", "12", err, errlen);
  if (a->level == NULL) {
    a->level = td_unit_level_of_code(a->code);
    if (a->level == NULL) {
      snprintf(err, errlen,
               _("%s is not the code of a province (2 digits), a district (3) "
                 "or a commune (5); for a village, give --level village"),
               a->code);
      return -1;
    }
  }
  return 0;
}

void td_cmd_unit_add_request(const struct td_unit_add_args *a,
                             struct td_unit_add_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__AddUnits add = TIEPDAN__ADD_UNITS__INIT;
  static const Tiepdan__UnitEntry entry = TIEPDAN__UNIT_ENTRY__INIT;

  r->env = env;
  r->add = add;
  r->entry = entry;
  r->entry.code = a->code;
  r->entry.name = a->name;
  r->entry.level = (char *)a->level;
  r->entry.parent_code = a->parent;
  r->entry.since = a->since;
  r->one[0] = &r->entry;
  r->add.n_units = 1;
  r->add.units = r->one;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_ADD_UNITS;
  r->env.add_units = &r->add;
}

static int print_changed(const struct td_global_args *g,
                         const Tiepdan__Envelope *reply, const void *what)
{
  return td_call_finish_output(
      td_output_units_changed(stdout, g->format, reply->add_units_reply,
                              *(const enum td_out_units *)what));
}

int td_cmd_admin_unit_add(const struct td_global_args *g, int argc, char **argv)
{
  /* Sent once: a unit added twice is refused the second time, as a code
   * that exists already. */
  static const struct td_call c = {
      .command = "admin unit add",
      .unsure = N_("The unit may or may not have been added: check with\n"
                   "\"tiepdan admin unit list\".\n")};
  static const enum td_out_units what = TD_OUT_UNITS_ADD;
  struct td_unit_add_args a;
  struct td_unit_add_req req;
  char err[512];

  if (td_cmd_parse_unit_add(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin unit add", err, usage_add);
  if (a.help)
    return td_call_print_usage(usage_add);
  td_cmd_unit_add_request(&a, &req);
  return td_call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_ADD_UNITS_REPLY,
                           0, &c, print_changed, &what);
}

/* admin unit rename ---------------------------------------------------------
 */

static const struct td_opt rename_opts[] = {
    {"help", 0, O_HELP},
    {"name", 1, O_NAME},
    {NULL, 0, 0},
};

int td_cmd_parse_unit_rename(int argc, char **argv, struct td_unit_add_args *a,
                             char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, rename_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      if (a->code != NULL)
        return td_opt_extra_word(args.value, err, errlen);
      if (td_opt_unit("CODE", args.value, &a->code, err, errlen) != 0)
        return -1;
    } else if (id == O_HELP) {
      a->help = 1;
    } else if (td_opt_text("--name", args.value, &a->name, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help)
    return 0;
  if (a->code == NULL) {
    snprintf(err, errlen,
             _("give the code of the unit to rename, e.g. tiepdan admin unit "
               "rename 03999 --name \"Xã Trà Sơn Mới\""));
    return -1;
  }
  if (a->name == NULL)
    return td_opt_missing("--name", "\"Xã Trà Sơn Mới\"", err, errlen);
  return 0;
}

int td_cmd_admin_unit_rename(const struct td_global_args *g, int argc,
                             char **argv)
{
  static const struct td_call c = {.command = "admin unit rename"};
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__RenameUnit rename0 = TIEPDAN__RENAME_UNIT__INIT;
  static const enum td_out_units what = TD_OUT_UNITS_RENAME;
  struct td_unit_add_args a;
  Tiepdan__Envelope env = env0;
  Tiepdan__RenameUnit rename = rename0;
  char err[512];

  if (td_cmd_parse_unit_rename(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin unit rename", err, usage_rename);
  if (a.help)
    return td_call_print_usage(usage_rename);
  rename.code = a.code;
  rename.name = a.name;
  env.body_case = TIEPDAN__ENVELOPE__BODY_RENAME_UNIT;
  env.rename_unit = &rename;
  /* Renaming again to the same name changes nothing: safe to retry. */
  return td_call_and_print(g, &env, TIEPDAN__ENVELOPE__BODY_ADD_UNITS_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_changed, &what);
}

/* admin unit list -----------------------------------------------------------
 */

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},
    {"all", 0, O_ALL},
    {NULL, 0, 0},
};

static int print_units(const struct td_global_args *g,
                       const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__ListUnitsReply *l = reply->list_units_reply;

  (void)arg;
  return td_call_finish_output(td_output_units(
      stdout, g->format, (const Tiepdan__UnitEntry *const *)l->units,
      l->n_units, td_call_terminal_columns()));
}

int td_cmd_admin_unit_list(const struct td_global_args *g, int argc,
                           char **argv)
{
  static const struct td_call c = {.command = "admin unit list"};
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListUnits list0 = TIEPDAN__LIST_UNITS__INIT;
  Tiepdan__Envelope env = env0;
  Tiepdan__ListUnits list = list0;
  struct td_args args;
  char err[512];
  int all = 0;
  int id;

  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, list_opts, err, sizeof(err));
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return td_call_usage_error("admin unit list", err, usage_list);
    if (id == TD_ARGS_WORD) {
      (void)td_opt_extra_word(args.value, err, sizeof(err));
      return td_call_usage_error("admin unit list", err, usage_list);
    }
    if (id == O_HELP)
      return td_call_print_usage(usage_list);
    all = 1;
  }
  list.has_include_ended = all;
  list.include_ended = all;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_UNITS;
  env.list_units = &list;
  return td_call_and_print(g, &env, TIEPDAN__ENVELOPE__BODY_LIST_UNITS_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_units, NULL);
}

/* admin unit load ------------------------------------------------------------
 */

/* Appends a line's complaint to the file's, up to a limit. */
static void complain(struct td_units_file *f, unsigned line, const char *what)
{
  size_t at = strlen(f->err);

  f->bad++;
  if (f->bad > TD_UNITS_FILE_COMPLAINTS)
    return;
  if (at > 0 && at + 1 < sizeof(f->err))
    f->err[at++] = '\n';
  snprintf(f->err + at, sizeof(f->err) - at, _("line %u: %s"), line, what);
}

/* Splits line (NUL-terminated, no newline) into at most max fields at sep,
 * in place; a field in double quotes may hold sep, and "" in it is one ".
 * Returns the number of fields, or -1 for a quote never closed. */
static int split_fields(char *line, char sep, char **field, int max)
{
  char *r = line;
  char *w;
  int n = 0;

  for (;;) {
    while (*r == ' ')
      r++;
    w = r;
    if (n == max)
      return max + 1;
    field[n++] = w;
    if (*r == '"') {
      r++;
      for (;;) {
        if (*r == '\0')
          return -1;
        if (*r == '"' && r[1] == '"') {
          *w++ = '"';
          r += 2;
        } else if (*r == '"') {
          r++;
          break;
        } else {
          *w++ = *r++;
        }
      }
      while (*r == ' ')
        r++;
      if (*r != sep && *r != '\0')
        return -1;
    } else {
      while (*r != sep && *r != '\0')
        *w++ = *r++;
      while (w > field[n - 1] && (w[-1] == ' ' || w[-1] == '\r'))
        w--;
    }
    if (*r == '\0') {
      *w = '\0';
      return n;
    }
    *w = '\0';
    r++;
  }
}

static int header_line(const char *first)
{
  return strncasecmp(first, "code", 4) == 0 || strncmp(first, "mã", 3) == 0 ||
         strncmp(first, "Mã", 3) == 0 || strncmp(first, "MÃ", 3) == 0;
}

/* Reads one line into the file's entries, or complains of it. */
static void read_line(struct td_units_file *f, char *text, unsigned line)
{
  Tiepdan__UnitEntry *e;
  char *field[6];
  char msg[256];
  const char *level;
  char iso[TD_DAY_LEN];
  size_t i;
  int n;

  n = split_fields(text, strchr(text, '\t') != NULL ? '\t' : ',', field, 5);
  if (n < 0) {
    complain(f, line, _("a double quote is not closed"));
    return;
  }
  if (n < 4 || n > 5) {
    complain(f, line,
             _("give code, name, level, parent code and, optionally, the "
               "first day"));
    return;
  }
  level = td_unit_level_parse(field[2]);
  if (level == NULL) {
    snprintf(msg, sizeof(msg),
             _("\"%s\" is not a level; give province, district, commune or "
               "village"),
             field[2]);
    complain(f, line, msg);
    return;
  }
  if (!td_unit_code_fits(level, field[0])) {
    snprintf(msg, sizeof(msg),
             _("\"%s\" is not the code of a %s (a province has 2 digits, a "
               "district 3, a commune 5)"),
             field[0], _(level));
    complain(f, line, msg);
    return;
  }
  if (td_opt_blank(field[1])) {
    snprintf(msg, sizeof(msg), _("the unit %s has no name"), field[0]);
    complain(f, line, msg);
    return;
  }
  if (field[3][0] == '\0') {
    snprintf(msg, sizeof(msg), _("the unit %s has no parent code"), field[0]);
    complain(f, line, msg);
    return;
  }
  /* A code of any level is written as a village's may be. */
  if (!td_unit_code_fits("village", field[3])) {
    snprintf(msg, sizeof(msg), _("\"%s\" is not a unit's code"), field[3]);
    complain(f, line, msg);
    return;
  }
  if (n == 5 && field[4][0] != '\0' && parse_day(field[4], iso) != 0) {
    snprintf(msg, sizeof(msg),
             _("\"%s\" is not a day; give YYYY-MM-DD or DD/MM/YYYY"), field[4]);
    complain(f, line, msg);
    return;
  }
  for (i = 0; i < f->n; i++)
    if (strcmp(f->entries[i]->code, field[0]) == 0) {
      snprintf(msg, sizeof(msg),
               _("the code %s is given a second time (first "
                 "on line %u)"),
               field[0], f->entries[i]->line);
      complain(f, line, msg);
      return;
    }
  if (f->n == TD_UNITS_LOAD_MAX) {
    snprintf(msg, sizeof(msg), _("more than %d units in one file"),
             TD_UNITS_LOAD_MAX);
    complain(f, line, msg);
    return;
  }
  e = calloc(1, sizeof(*e));
  if (e == NULL) {
    complain(f, line, _("out of memory"));
    return;
  }
  tiepdan__unit_entry__init(e);
  e->code = strdup(field[0]);
  e->name = strdup(field[1]);
  e->level = (char *)level;
  e->parent_code = strdup(field[3]);
  e->since = n == 5 && field[4][0] != '\0' ? strdup(iso) : NULL;
  e->has_line = 1;
  e->line = line;
  f->entries[f->n++] = e;
}

int td_units_file_parse(char *text, struct td_units_file *f)
{
  unsigned line = 0;
  char *next;
  int first = 1;

  memset(f, 0, sizeof(*f));
  f->entries = calloc(TD_UNITS_LOAD_MAX, sizeof(*f->entries));
  if (f->entries == NULL) {
    snprintf(f->err, sizeof(f->err), "%s", _("out of memory"));
    return -1;
  }
  /* A UTF-8 byte-order mark, as a spreadsheet writes one. */
  if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
    text += 3;
  for (; text != NULL; text = next) {
    line++;
    next = strchr(text, '\n');
    if (next != NULL)
      *next++ = '\0';
    if (text[0] != '\0' && text[strlen(text) - 1] == '\r')
      text[strlen(text) - 1] = '\0';
    if (td_opt_blank(text) || text[0] == '#')
      continue;
    if (first && header_line(text)) {
      first = 0;
      continue;
    }
    first = 0;
    read_line(f, text, line);
  }
  if (f->bad > TD_UNITS_FILE_COMPLAINTS) {
    size_t at = strlen(f->err);

    snprintf(f->err + at, sizeof(f->err) - at, "\n");
    at = strlen(f->err);
    snprintf(f->err + at, sizeof(f->err) - at, _("and %u more wrong lines"),
             f->bad - TD_UNITS_FILE_COMPLAINTS);
  }
  if (f->bad == 0 && f->n == 0)
    snprintf(f->err, sizeof(f->err), "%s", _("the file holds no unit"));
  return f->bad == 0 && f->n > 0 ? 0 : -1;
}

void td_units_file_free(struct td_units_file *f)
{
  size_t i;

  for (i = 0; i < f->n; i++) {
    free(f->entries[i]->code);
    free(f->entries[i]->name);
    free(f->entries[i]->parent_code);
    free(f->entries[i]->since);
    free(f->entries[i]);
  }
  free(f->entries);
  memset(f, 0, sizeof(*f));
}

static const struct td_opt load_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

/* The whole of path, NUL-terminated, or NULL with err set. */
static char *read_file(const char *path, char *err, size_t errlen)
{
  FILE *in = fopen(path, "rb");
  char *buf = NULL;
  size_t len = 0;
  size_t cap = 0;
  size_t got;

  if (in == NULL) {
    snprintf(err, errlen, _("%s: cannot be read: %s"), path, strerror(errno));
    return NULL;
  }
  for (;;) {
    if (cap - len < 4096) {
      char *bigger = realloc(buf, cap + 65536);

      if (bigger == NULL) {
        free(buf);
        fclose(in);
        snprintf(err, errlen, "%s", _("out of memory"));
        return NULL;
      }
      buf = bigger;
      cap += 65536;
    }
    got = fread(buf + len, 1, cap - len - 1, in);
    len += got;
    if (got == 0)
      break;
  }
  if (ferror(in)) {
    snprintf(err, errlen, _("%s: cannot be read: %s"), path, strerror(errno));
    free(buf);
    fclose(in);
    return NULL;
  }
  fclose(in);
  buf[len] = '\0';
  if (strlen(buf) != len) {
    snprintf(err, errlen, _("%s: not a text file"), path);
    free(buf);
    return NULL;
  }
  return buf;
}

int td_cmd_admin_unit_load(const struct td_global_args *g, int argc,
                           char **argv)
{
  static const struct td_call c = {.command = "admin unit load"};
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__AddUnits add0 = TIEPDAN__ADD_UNITS__INIT;
  static const enum td_out_units what = TD_OUT_UNITS_LOAD;
  struct td_units_file f;
  Tiepdan__Envelope env = env0;
  Tiepdan__AddUnits add = add0;
  struct td_args args;
  char *path = NULL;
  char *text;
  char err[TD_UNITS_FILE_ERR + 512];
  int code;
  int id;

  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, load_opts, err, sizeof(err));
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return td_call_usage_error("admin unit load", err, usage_load);
    if (id == O_HELP)
      return td_call_print_usage(usage_load);
    if (path != NULL) {
      (void)td_opt_extra_word(args.value, err, sizeof(err));
      return td_call_usage_error("admin unit load", err, usage_load);
    }
    path = args.value;
  }
  if (path == NULL)
    return td_call_usage_error(
        "admin unit load",
        _("give the file of units, e.g. tiepdan admin unit load units.csv"),
        usage_load);
  text = read_file(path, err, sizeof(err));
  if (text == NULL)
    return td_call_usage_error("admin unit load", err, usage_load);
  if (td_units_file_parse(text, &f) != 0) {
    snprintf(err, sizeof(err), _("%s: nothing was sent:\n%s"), path, f.err);
    free(text);
    td_units_file_free(&f);
    return td_call_usage_error("admin unit load", err, usage_load);
  }
  free(text);
  add.n_units = f.n;
  add.units = f.entries;
  add.has_load = 1;
  add.load = 1;
  env.body_case = TIEPDAN__ENVELOPE__BODY_ADD_UNITS;
  env.add_units = &add;
  /* Loading again changes nothing: safe to retry. */
  code = td_call_and_print(g, &env, TIEPDAN__ENVELOPE__BODY_ADD_UNITS_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_changed, &what);
  td_units_file_free(&f);
  return code;
}
