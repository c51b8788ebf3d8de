/* Command-line parsing and request building; see cmd.h. */
#include "cmd.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_int.h"
#include "datetime.h"
#include "wire.h"

enum {
  O_HELP = 1,
  O_VERSION,
  O_SERVER,
  O_CERT,
  O_KEY,
  O_CA,
  O_CONFIG,
  O_TIMEOUT,
  O_FORMAT,
  O_UNIT,
  O_VILLAGE,
  O_KIND,
  O_CHANNEL,
  O_FIELD,
  O_GROUP_SIZE,
  O_NAME,
  O_ID_NUMBER,
  O_ADDRESS,
  O_CONTACT,
  O_CONFIDENTIAL,
  O_RECEIVED,
  O_SUMMARY,
  O_RETRIES,
  O_STATUS,
  O_FROM,
  O_TO,
  O_TEXT,
  O_LIMIT,
  O_CURSOR,
  O_ALL,
  O_SESSION,
  O_EXPLAIN,
  O_OVERDUE,
  O_DUE_WITHIN
};

static const struct td_opt global_opts[] = {
    {"help", 0, O_HELP},     {"version", 0, O_VERSION},
    {"server", 1, O_SERVER}, {"cert", 1, O_CERT},
    {"key", 1, O_KEY},       {"ca", 1, O_CA},
    {"config", 1, O_CONFIG}, {"timeout", 1, O_TIMEOUT},
    {"format", 1, O_FORMAT}, {NULL, 0, 0},
};

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

static const struct td_opt submit_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"village", 1, O_VILLAGE},
    {"kind", 1, O_KIND},
    {"channel", 1, O_CHANNEL},
    {"field", 1, O_FIELD},
    {"group-size", 1, O_GROUP_SIZE},
    {"name", 1, O_NAME},
    {"id-number", 1, O_ID_NUMBER},
    {"address", 1, O_ADDRESS},
    {"contact", 1, O_CONTACT},
    {"confidential", 0, O_CONFIDENTIAL},
    {"received", 1, O_RECEIVED},
    {"summary", 1, O_SUMMARY},
    {"key", 1, O_KEY},
    {"retries", 1, O_RETRIES},
    {"session", 1, O_SESSION},
    {NULL, 0, 0},
};

static const struct td_opt show_opts[] = {
    {"help", 0, O_HELP},
    {"explain", 0, O_EXPLAIN},
    {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},       {"unit", 1, O_UNIT},
    {"kind", 1, O_KIND},       {"status", 1, O_STATUS},
    {"from", 1, O_FROM},       {"to", 1, O_TO},
    {"text", 1, O_TEXT},       {"limit", 1, O_LIMIT},
    {"cursor", 1, O_CURSOR},   {"all", 0, O_ALL},
    {"overdue", 0, O_OVERDUE}, {"due-within", 1, O_DUE_WITHIN},
    {"session", 1, O_SESSION}, {NULL, 0, 0},
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
             "%s is a global option: write it before the command, as in "
             "\"tiepdan --format json list\"",
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
      return td_cmd__extra_word(args.value, err, errlen);
    if (apply(ctx, id, args.value, err, errlen) != 0)
      return -1;
  }
}

int td_cmd__extra_word(const char *w, char *err, size_t errlen)
{
  snprintf(err, errlen, "unexpected argument \"%s\"", w);
  return -1;
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
  default:
    if (td_output_format_parse(v, &g->format) == 0)
      break;
    snprintf(err, errlen, "--format must be table, csv or json, not \"%s\"", v);
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

int td_cmd_parse_whoami(int argc, char **argv, int *help, char *err,
                        size_t errlen)
{
  struct td_args a;
  int id;

  *help = 0;
  td_args_init(&a, argc, argv);
  for (;;) {
    id = td_cmd__next(&a, help_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_cmd__extra_word(a.value, err, errlen);
    *help = 1;
  }
  return 0;
}

int td_cmd__bad_value(const char *opt, const char *v, const char *want,
                      char *err, size_t errlen)
{
  snprintf(err, errlen, "%s must be %s, not \"%s\"", opt, want, v);
  return -1;
}

int td_cmd__blank(const char *s)
{
  if (s == NULL)
    return 1;
  while (isspace((unsigned char)*s))
    s++;
  return *s == '\0';
}

int td_cmd__parse_at(const char *opt, const char *v, int64_t *at, int *has,
                     char *err, size_t errlen)
{
  *has = td_datetime_parse(v, at) == 0;
  if (!*has)
    return td_cmd__bad_value(opt, v, "a local time \"YYYY-MM-DD[ HH:MM]\"", err,
                             errlen);
  return 0;
}

int td_cmd__parse_count(const char *opt, const char *v, uint32_t max,
                        uint32_t *n, int *has, char *err, size_t errlen)
{
  char want[64];
  uint64_t u;

  if (td_args_uint(v, 0, max, &u) != 0) {
    snprintf(want, sizeof(want), "a number from 0 to %u", (unsigned)max);
    return td_cmd__bad_value(opt, v, want, err, errlen);
  }
  *n = (uint32_t)u;
  *has = 1;
  return 0;
}

/* A session's id, for --session. */
static int session_id(const char *v, int64_t *id, int *has, char *err,
                      size_t errlen)
{
  uint64_t n;

  if (td_args_uint(v, 1, INT64_MAX, &n) != 0)
    return td_cmd__bad_value("--session", v,
                             "the number of a session, as \"tiepdan session "
                             "list\" shows",
                             err, errlen);
  *id = (int64_t)n;
  *has = 1;
  return 0;
}

static int submit_number(struct td_submit_args *s, int id, const char *v,
                         char *err, size_t errlen)
{
  uint64_t n;

  if (id == O_GROUP_SIZE) {
    if (td_args_uint(v, 1, 100000, &n) != 0)
      return td_cmd__bad_value("--group-size", v, "a number of people from 1",
                               err, errlen);
    s->group_size = (uint32_t)n;
    s->has_group_size = 1;
    return 0;
  }
  if (td_args_uint(v, 0, TD_CMD_RETRIES_MAX, &n) != 0)
    return td_cmd__bad_value("--retries", v, "a number from 0 to 10", err,
                             errlen);
  s->retries = (int)n;
  return 0;
}

static int submit_text(struct td_submit_args *s, int id, char *v)
{
  char **slot;

  switch (id) {
  case O_UNIT:
    slot = &s->unit;
    break;
  case O_VILLAGE:
    slot = &s->village;
    break;
  case O_KIND:
    slot = &s->kind;
    break;
  case O_CHANNEL:
    slot = &s->channel;
    break;
  case O_FIELD:
    slot = &s->field;
    break;
  case O_NAME:
    slot = &s->name;
    break;
  case O_ID_NUMBER:
    slot = &s->id_number;
    break;
  case O_ADDRESS:
    slot = &s->address;
    break;
  case O_CONTACT:
    slot = &s->contact;
    break;
  default:
    slot = &s->summary;
  }
  *slot = v;
  return 0;
}

static int submit_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_submit_args *s = ctx;
  switch (id) {
  case O_HELP:
    s->help = 1;
    return 0;
  case O_CONFIDENTIAL:
    s->confidential = 1;
    return 0;
  case O_GROUP_SIZE:
  case O_RETRIES:
    return submit_number(s, id, v, err, errlen);
  case O_SESSION:
    return session_id(v, &s->session_id, &s->has_session, err, errlen);
  case O_RECEIVED:
    return td_cmd__parse_at("--received", v, &s->received_at, &s->has_received,
                            err, errlen);
  case O_KEY:
    /* A mistyped key would record the petition a second time. */
    if (!td_uuid_valid(v))
      return td_cmd__bad_value(
          "--key", v, "the key that an earlier submit printed", err, errlen);
    s->key = v;
    return 0;
  default:
    return submit_text(s, id, v);
  }
}

int td_cmd__missing(const char *opt, const char *example, char *err,
                    size_t errlen)
{
  snprintf(err, errlen, "%s is required, e.g. %s %s", opt, opt, example);
  return -1;
}

static int submit_check(struct td_submit_args *s, int stdin_tty, char *err,
                        size_t errlen)
{
  int dash;

  if (s->help)
    return 0;
  if (s->kind == NULL)
    return td_cmd__missing("--kind", "complaint", err, errlen);
  if (s->channel == NULL)
    return td_cmd__missing("--channel", "regular_reception", err, errlen);
  dash = s->summary != NULL && strcmp(s->summary, "-") == 0;
  if (s->summary != NULL && !dash)
    return 0;
  /* "--summary -" reads stdin even from a terminal, where the officer
   * types the text; without it a terminal would just seem to hang. */
  if (!dash && stdin_tty) {
    snprintf(err, errlen,
             "--summary is required: give the text, or \"--summary -\" to "
             "read it from standard input");
    return -1;
  }
  s->summary = NULL;
  s->summary_stdin = 1;
  return 0;
}

int td_cmd_parse_submit(int argc, char **argv, int stdin_tty,
                        struct td_submit_args *a, char *err, size_t errlen)
{
  memset(a, 0, sizeof(*a));
  a->retries = TD_CMD_RETRIES_DEFAULT;
  if (td_cmd__scan(argc, argv, submit_opts, submit_opt, a, err, errlen) != 0)
    return -1;
  return submit_check(a, stdin_tty, err, errlen);
}

static int all_digits(const char *s)
{
  return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

int td_cmd__check_ref(const char *ref, const char *command, char *err,
                      size_t errlen)
{
  uint64_t n;

  if (ref == NULL || ref[0] == '\0') {
    snprintf(err, errlen,
             "give the petition's id or receipt number, e.g. tiepdan %s "
             "BL-2026-000001",
             command);
    return -1;
  }
  if (all_digits(ref) && td_args_uint(ref, 1, INT64_MAX, &n) != 0)
    return td_cmd__bad_value("the id", ref, "a number from 1", err, errlen);
  return 0;
}

int td_cmd__ref_id(const char *ref, int64_t *id)
{
  uint64_t n;

  if (!all_digits(ref) || td_args_uint(ref, 1, INT64_MAX, &n) != 0)
    return 0;
  *id = (int64_t)n;
  return 1;
}

int td_cmd_parse_show(int argc, char **argv, struct td_show_args *a, char *err,
                      size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, show_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP)
      a->help = 1;
    else if (id == O_EXPLAIN)
      a->explain = 1;
    else if (a->ref != NULL)
      return td_cmd__extra_word(args.value, err, errlen);
    else
      a->ref = args.value;
  }
  if (a->help)
    return 0;
  return td_cmd__check_ref(a->ref, "show", err, errlen);
}

static int list_day(struct td_list_args *l, int id, const char *v, char *err,
                    size_t errlen)
{
  if (id == O_FROM) {
    l->has_from = td_datetime_parse_day(v, 0, &l->from) == 0;
    if (!l->has_from)
      return td_cmd__bad_value("--from", v, "a date YYYY-MM-DD", err, errlen);
  } else {
    l->has_to = td_datetime_parse_day(v, 1, &l->to) == 0;
    if (!l->has_to)
      return td_cmd__bad_value("--to", v, "a date YYYY-MM-DD", err, errlen);
  }
  return 0;
}

/* "3d" or "3": petitions due within that many days. */
static int due_within(struct td_list_args *l, const char *v, char *err,
                      size_t errlen)
{
  char num[16];
  uint64_t n;
  size_t len;

  len = strlen(v);
  if (len > 0 && v[len - 1] == 'd')
    len--;
  if (len == 0 || len >= sizeof(num))
    goto bad;
  memcpy(num, v, len);
  num[len] = '\0';
  if (td_args_uint(num, 1, TD_DUE_WITHIN_MAX, &n) != 0)
    goto bad;
  l->due_within = (uint32_t)n;
  l->has_due_within = 1;
  return 0;

bad:
  return td_cmd__bad_value("--due-within", v,
                           "a number of days from 1 to 366, e.g. 3d or 3", err,
                           errlen);
}

static int list_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_list_args *l = ctx;
  uint64_t n;

  switch (id) {
  case O_HELP:
    l->help = 1;
    return 0;
  case O_ALL:
    l->all = 1;
    return 0;
  case O_OVERDUE:
    l->overdue = 1;
    return 0;
  case O_DUE_WITHIN:
    return due_within(l, v, err, errlen);
  case O_SESSION:
    return session_id(v, &l->session_id, &l->has_session, err, errlen);
  case O_UNIT:
    l->unit = v;
    return 0;
  case O_KIND:
    l->kind = v;
    return 0;
  case O_TEXT:
    l->text = v;
    return 0;
  case O_CURSOR:
    l->cursor = v;
    return 0;
  case O_FROM:
  case O_TO:
    return list_day(l, id, v, err, errlen);
  case O_LIMIT:
    if (td_args_uint(v, 1, 10000, &n) != 0)
      return td_cmd__bad_value("--limit", v, "a number from 1 to 10000", err,
                               errlen);
    l->limit = (uint32_t)n;
    l->has_limit = 1;
    return 0;
  default:
    l->status = td_status_parse(v);
    l->has_status = l->status >= 0;
    if (!l->has_status)
      return td_cmd__bad_value("--status", v,
                               "one of received, accepted, not_accepted, "
                               "transferred, in_progress, resolved, withdrawn",
                               err, errlen);
    return 0;
  }
}

int td_cmd_parse_list(int argc, char **argv, struct td_list_args *a, char *err,
                      size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, list_opts, list_opt, a, err, errlen) != 0)
    return -1;
  if (a->has_from && a->has_to && a->from >= a->to) {
    snprintf(err, errlen, "--from must not be after --to");
    return -1;
  }
  /* Overdue petitions are past due, not due within some days: the two
   * filters together would ask for nothing sensible. */
  if (a->overdue && a->has_due_within) {
    snprintf(err, errlen,
             "give --overdue or --due-within, not both; --due-within lists "
             "what falls due soon, --overdue what is already late");
    return -1;
  }
  return 0;
}

char *td_cmd_trim_summary(char *s)
{
  char *end;

  if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
    s += 3;
  while (isspace((unsigned char)*s))
    s++;
  end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1]))
    end--;
  *end = '\0';
  return s;
}

static void petitioner(const struct td_submit_args *a, struct td_submit_req *r)
{
  if (!a->name && !a->id_number && !a->address && !a->contact)
    return;
  r->who.name = a->name;
  r->who.id_number = a->id_number;
  r->who.address = a->address;
  r->who.contact = a->contact;
  r->submit.petitioner = &r->who;
}

int td_cmd_submit_request(const struct td_submit_args *a,
                          struct td_submit_req *r, char *err, size_t errlen)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__SubmitPetition sp = TIEPDAN__SUBMIT_PETITION__INIT;
  static const Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;

  if (a->summary == NULL || a->summary[0] == '\0') {
    snprintf(err, errlen,
             "the summary is empty: write what the citizen "
             "asks for with --summary");
    return -1;
  }
  if (a->key != NULL)
    snprintf(r->key, sizeof(r->key), "%s", a->key);
  else if (td_uuid_v4(r->key) != 0) {
    snprintf(err, errlen, "the system's random number source failed");
    return -1;
  }
  r->env = env;
  r->submit = sp;
  r->who = who;
  r->submit.idempotency_key = r->key;
  r->submit.unit_code = a->unit;
  r->submit.village_code = a->village;
  r->submit.kind = a->kind;
  r->submit.channel = a->channel;
  r->submit.field = a->field;
  r->submit.has_group_size = a->has_group_size;
  r->submit.group_size = a->group_size;
  petitioner(a, r);
  r->submit.has_confidential = a->confidential;
  r->submit.confidential = a->confidential;
  r->submit.summary = a->summary;
  r->submit.has_received_at = a->has_received;
  r->submit.received_at = a->received_at;
  r->submit.has_session_id = a->has_session;
  r->submit.session_id = a->session_id;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  r->env.submit_petition = &r->submit;
  return 0;
}

void td_cmd_show_request(const struct td_show_args *a, struct td_show_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetPetition get = TIEPDAN__GET_PETITION__INIT;

  r->env = env;
  r->get = get;
  if (td_cmd__ref_id(a->ref, &r->get.id)) {
    r->get.key_case = TIEPDAN__GET_PETITION__KEY_ID;
  } else {
    r->get.key_case = TIEPDAN__GET_PETITION__KEY_RECEIPT_NO;
    r->get.receipt_no = a->ref;
  }
  r->get.has_explain = a->explain;
  r->get.explain = a->explain;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_PETITION;
  r->env.get_petition = &r->get;
}

void td_cmd_list_request(const struct td_list_args *a, struct td_list_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPetitions list = TIEPDAN__LIST_PETITIONS__INIT;

  r->env = env;
  r->list = list;
  r->list.unit_code = a->unit;
  r->list.kind = a->kind;
  r->list.has_status = a->has_status;
  r->list.status = a->has_status ? (Tiepdan__Status)a->status : 0;
  r->list.has_received_from = a->has_from;
  r->list.received_from = a->from;
  r->list.has_received_to = a->has_to;
  r->list.received_to = a->to;
  r->list.text = a->text;
  r->list.cursor = a->cursor;
  r->list.has_page_size = a->has_limit;
  r->list.page_size = a->limit;
  r->list.has_overdue = a->overdue;
  r->list.overdue = a->overdue;
  r->list.has_due_within_days = a->has_due_within;
  r->list.due_within_days = a->due_within;
  r->list.has_session_id = a->has_session;
  r->list.session_id = a->session_id;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  r->env.list_petitions = &r->list;
}

const char *td_cmd_option_of_field(const char *field)
{
  static const char *const map[][2] = {
      {"idempotency_key", "--key"},
      {"unit_code", "--unit"},
      {"village_code", "--village"},
      {"kind", "--kind"},
      {"channel", "--channel"},
      {"field", "--field"},
      {"group_size", "--group-size"},
      {"name", "--name"},
      {"id_number", "--id-number"},
      {"address", "--address"},
      {"contact", "--contact"},
      {"confidential", "--confidential"},
      {"summary", "--summary"},
      {"received_at", "--received"},
      {"status", "--status"},
      {"received_from", "--from"},
      {"received_to", "--to"},
      {"text", "--text"},
      {"cursor", "--cursor"},
      {"page_size", "--limit"},
      {"session_id", "--session"},
      {"overdue", "--overdue"},
      {"due_within_days", "--due-within"},
      {"explain", "--explain"},
      {"transfer_target", "--to"},
      {"outcome", "--outcome"},
      {"satisfaction", "--satisfaction"},
      {"complex", "--complex"},
      {"decision_no", "--decision-no"},
      {"at", "--at"},
      {"expected_version", "--expect-version"},
      {"note", "--note"},
      {"type", "--type"},
      {"title", "--title"},
      {"presided_by", "--presided-by"},
      {"attendees", "--attendees"},
      {"opinions", "--opinions"},
      {"resolved_on_spot", "--resolved-on-spot"},
      {"forwarded", "--forwarded"},
      {"from", "--from"},
      {"to", "--to"},
      {"year", "YEAR"},
      {"certificate_pem", "--cert"},
      {"role", "--role"},
      {"include_revoked", "--all"},
      {"new_code", "--into"},
      {"new_name", "--name"},
      {"on", "--on"},
      {"group_by", "--by"},
      {"unit_level", "--level"},
  };
  const char *dot;
  size_t i;

  if (field == NULL)
    return NULL;
  /* "petitioner.name" names the same option as "name". */
  dot = strrchr(field, '.');
  if (dot != NULL)
    field = dot + 1;
  for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (strcmp(map[i][0], field) == 0)
      return map[i][1];
  return NULL;
}

/* Where a field means another option than it does elsewhere. */
static const char *const field_in[][3] = {
    {"reject", "note", "--reason"},
    {"withdraw", "note", "--reason"},
    {"reopen", "note", "--reason"},
    {"extend", "note", "--reason"},
    {"note", "note", "TEXT"},
    {"session close", "session_id", "SESSION_ID"},
    {"admin holidays load", "holidays", "FILE"},
    {"admin holidays load", "name", "FILE"},
    {"admin principal revoke", "id", "ID"},
    {"admin principal revoke", "fingerprint", "FINGERPRINT"},
    {"admin unit merge", "old_codes", "OLD"},
    {"report", "kind", "--front"},
    {"report", "channel", "--front"},
};

const char *td_cmd_option_of_field_in(const char *command, const char *field)
{
  const char *base;
  size_t i;

  if (field == NULL)
    return NULL;
  /* "holidays[3].date" concerns FILE as much as "holidays" does. */
  base = strrchr(field, '.');
  base = base ? base + 1 : field;
  for (i = 0; command != NULL && i < sizeof(field_in) / sizeof(field_in[0]);
       i++)
    if (strcmp(field_in[i][0], command) == 0 &&
        (strcmp(field_in[i][1], base) == 0 ||
         strncmp(field_in[i][1], field, strlen(field_in[i][1])) == 0))
      return field_in[i][2];
  return td_cmd_option_of_field(field);
}
