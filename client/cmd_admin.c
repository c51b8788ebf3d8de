/*
 * Command lines of administration: registering and revoking principals,
 * listing them, and recording a merger of communes. See cmd.h.
 */
#include "cmd.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_int.h"
#include "datetime.h"
#include "wire.h"

enum { O_HELP = 1, O_CERT, O_ROLE, O_UNIT, O_NAME, O_ALL, O_INTO, O_ON };

static const struct td_opt add_opts[] = {
    {"help", 0, O_HELP}, {"cert", 1, O_CERT}, {"role", 1, O_ROLE},
    {"unit", 1, O_UNIT}, {"name", 1, O_NAME}, {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"all", 0, O_ALL},
    {NULL, 0, 0},
};

static const struct td_opt merge_opts[] = {
    {"help", 0, O_HELP}, {"into", 1, O_INTO}, {"name", 1, O_NAME},
    {"on", 1, O_ON},     {NULL, 0, 0},
};

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

/* A unit's code; which codes exist is the server's to say. */
static int unit_code(const char *opt, char *v, char **slot, char *err,
                     size_t errlen)
{
  if (td_cmd__blank(v))
    return td_cmd__bad_value(opt, v, "a unit code such as 03390", err, errlen);
  *slot = v;
  return 0;
}

static int text(const char *opt, char *v, char **slot, char *err, size_t errlen)
{
  if (td_cmd__blank(v)) {
    snprintf(err, errlen, "%s is empty; write the text after it", opt);
    return -1;
  }
  *slot = v;
  return 0;
}

static int add_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_principal_add_args *a = ctx;
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_CERT:
    return text("--cert", v, &a->cert_file, err, errlen);
  case O_UNIT:
    return unit_code("--unit", v, &a->unit, err, errlen);
  case O_NAME:
    return text("--name", v, &a->name, err, errlen);
  default:
    a->role = td_role_parse(v);
    if (a->role > 0)
      return 0;
    a->role = 0;
    return td_cmd__bad_value(
        "--role", v, "one of reception, leader, front, dashboard, admin", err,
        errlen);
  }
}

int td_cmd_parse_principal_add(int argc, char **argv,
                               struct td_principal_add_args *a, char *err,
                               size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, add_opts, add_opt, a, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  if (a->cert_file == NULL)
    return td_cmd__missing("--cert", "hoa.crt", err, errlen);
  if (a->role == 0)
    return td_cmd__missing("--role", "reception", err, errlen);
  if (a->unit == NULL)
    return td_cmd__missing("--unit", "03390", err, errlen);
  return 0;
}

/*
 * A fingerprint as tools print it: 64 hex digits, or 32 pairs separated by
 * colons as "openssl x509 -fingerprint -sha256" writes them; any case.
 * Writes lowercase hex without colons into out. Returns 0 or -1.
 */
static int fingerprint(const char *s, char out[TD_CMD_FINGERPRINT_LEN + 1])
{
  size_t colons;
  size_t len;
  size_t i;
  size_t n;

  len = strlen(s);
  colons = len == TD_CMD_FINGERPRINT_LEN / 2 * 3 - 1;
  if (len != TD_CMD_FINGERPRINT_LEN && !colons)
    return -1;
  n = 0;
  for (i = 0; i < len; i++) {
    if (colons && i % 3 == 2) {
      if (s[i] != ':')
        return -1;
      continue;
    }
    if (!isxdigit((unsigned char)s[i]))
      return -1;
    out[n++] = (char)tolower((unsigned char)s[i]);
  }
  out[n] = '\0';
  return 0;
}

static int revoke_key(struct td_principal_revoke_args *a, const char *w,
                      char *err, size_t errlen)
{
  uint64_t n;

  /* An id has digits only and never 64 of them: int64 stops at 19. */
  if (fingerprint(w, a->fingerprint) == 0)
    return 0;
  a->fingerprint[0] = '\0';
  if (td_args_uint(w, 1, INT64_MAX, &n) == 0) {
    a->id = (int64_t)n;
    return 0;
  }
  return td_cmd__bad_value("the principal", w,
                           "its id or its certificate's SHA-256 fingerprint "
                           "(64 hex digits), as \"tiepdan admin principal "
                           "list\" shows them",
                           err, errlen);
}

int td_cmd_parse_principal_revoke(int argc, char **argv,
                                  struct td_principal_revoke_args *a, char *err,
                                  size_t errlen)
{
  struct td_args args;
  int words;
  int id;

  memset(a, 0, sizeof(*a));
  words = 0;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, help_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP)
      a->help = 1;
    else if (words++ > 0)
      return td_cmd__extra_word(args.value, err, errlen);
    else if (revoke_key(a, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help || words == 1)
    return 0;
  snprintf(err, errlen,
           "give the principal's id or fingerprint, e.g. tiepdan admin "
           "principal revoke 12; \"tiepdan admin principal list\" shows them");
  return -1;
}

int td_cmd_parse_principal_list(int argc, char **argv,
                                struct td_principal_list_args *a, char *err,
                                size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, list_opts, err, errlen);
    if (id == TD_ARGS_END)
      return 0;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_cmd__extra_word(args.value, err, errlen);
    if (id == O_HELP)
      a->help = 1;
    else if (id == O_ALL)
      a->all = 1;
    else if (unit_code("--unit", args.value, &a->unit, err, errlen) != 0)
      return -1;
  }
}

static int merge_old(struct td_merge_args *a, char *w, char *err, size_t errlen)
{
  size_t i;

  if (a->n_old == TD_MERGE_MAX) {
    snprintf(err, errlen, "at most %d units merge at once", TD_MERGE_MAX);
    return -1;
  }
  for (i = 0; i < a->n_old; i++)
    if (strcmp(a->old[i], w) == 0) {
      snprintf(err, errlen, "unit %s is given twice", w);
      return -1;
    }
  if (unit_code("OLD", w, &a->old[a->n_old], err, errlen) != 0)
    return -1;
  a->n_old++;
  return 0;
}

static int merge_opt(struct td_merge_args *a, int id, char *v, char *err,
                     size_t errlen)
{
  int64_t t;

  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_INTO:
    return unit_code("--into", v, &a->into, err, errlen);
  case O_NAME:
    return text("--name", v, &a->name, err, errlen);
  default:
    /* Sent as typed, so it must be exactly the date meant. */
    if (td_datetime_parse_day(v, 0, &t) != 0)
      return td_cmd__bad_value(
          "--on", v, "the successor's first day, YYYY-MM-DD", err, errlen);
    a->on = v;
    return 0;
  }
}

int td_cmd_parse_merge(int argc, char **argv, struct td_merge_args *a,
                       char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, merge_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      if (merge_old(a, args.value, err, errlen) != 0)
        return -1;
    } else if (merge_opt(a, id, args.value, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help)
    return 0;
  if (a->n_old == 0) {
    snprintf(err, errlen,
             "give the codes of the units that merge, e.g. tiepdan admin "
             "unit merge 03405 03430 --into 03405 --name \"Xã Tả Lèng\" "
             "--on 2026-07-01");
    return -1;
  }
  if (a->into == NULL)
    return td_cmd__missing("--into", "03405", err, errlen);
  if (a->on == NULL)
    return td_cmd__missing("--on", "2026-07-01", err, errlen);
  if (a->n_old == 1 && strcmp(a->old[0], a->into) == 0) {
    snprintf(err, errlen,
             "unit %s cannot merge into itself alone; name the units that "
             "join it",
             a->into);
    return -1;
  }
  return 0;
}

void td_cmd_principal_add_request(const struct td_principal_add_args *a,
                                  char *pem, struct td_principal_add_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__AddPrincipal add = TIEPDAN__ADD_PRINCIPAL__INIT;

  r->env = env;
  r->add = add;
  r->add.certificate_pem = pem;
  r->add.name = a->name;
  r->add.has_role = a->role != 0;
  r->add.role = (Tiepdan__Role)a->role;
  r->add.unit_code = a->unit;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL;
  r->env.add_principal = &r->add;
}

void td_cmd_principal_revoke_request(const struct td_principal_revoke_args *a,
                                     struct td_principal_revoke_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__RevokePrincipal revoke =
      TIEPDAN__REVOKE_PRINCIPAL__INIT;

  r->env = env;
  r->revoke = revoke;
  if (a->fingerprint[0] != '\0') {
    r->revoke.key_case = TIEPDAN__REVOKE_PRINCIPAL__KEY_FINGERPRINT;
    r->revoke.fingerprint = (char *)a->fingerprint;
  } else {
    r->revoke.key_case = TIEPDAN__REVOKE_PRINCIPAL__KEY_ID;
    r->revoke.id = a->id;
  }
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL;
  r->env.revoke_principal = &r->revoke;
}

void td_cmd_principal_list_request(const struct td_principal_list_args *a,
                                   struct td_principal_list_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPrincipals list = TIEPDAN__LIST_PRINCIPALS__INIT;

  r->env = env;
  r->list = list;
  r->list.unit_code = a->unit;
  r->list.has_include_revoked = a->all;
  r->list.include_revoked = a->all;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS;
  r->env.list_principals = &r->list;
}

void td_cmd_merge_request(const struct td_merge_args *a, struct td_merge_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__MergeUnits merge = TIEPDAN__MERGE_UNITS__INIT;

  r->env = env;
  r->merge = merge;
  r->merge.n_old_codes = a->n_old;
  r->merge.old_codes = (char **)a->old;
  r->merge.new_code = a->into;
  r->merge.new_name = a->name;
  r->merge.on = a->on;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_MERGE_UNITS;
  r->env.merge_units = &r->merge;
}
