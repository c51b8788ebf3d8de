/*
 * tiepdan admin principal add|revoke|list: registering an officer's
 * certificate, revoking it, listing them. See admin_principal.h.
 */
#include "cmd/admin_principal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "net/cert.h"
#include "render/output.h"
#include "wire.h"

enum { O_HELP = 1, O_CERT, O_ROLE, O_UNIT, O_NAME, O_ALL, O_REACTIVATE };

static const char usage_principal_add[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin principal add --cert FILE "
       "--role ROLE\n"
       "                                   --unit CODE [--name NAME] "
       "[--reactivate]\n"
       "\n"
       "Registers the holder of a certificate, who can connect at once: no\n"
       "restart of the server is needed. Registering a certificate again\n"
       "changes its role, unit or name. A certificate registered to a unit\n"
       "outside your area is refused: only that area's administrator may\n"
       "change it.\n"
       "\n"
       "  --cert FILE   the officer's certificate (.crt, PEM), as \"pki.sh "
       "issue\"\n"
       "                wrote it; only the certificate is sent, never a key\n"
       "  --role ROLE   reception, leader, front, dashboard or admin\n"
       "  --unit CODE   the unit they act for, e.g. 03390\n"
       "  --name NAME   their name as logs and histories show it (default:\n"
       "                the certificate's common name)\n"
       "  --reactivate  the certificate was revoked: let its holder back in\n"
       "                (without it a revoked certificate is refused)\n"
       "\n"
       "The --cert here is this command's own; the global --cert before\n"
       "\"admin\" is the administrator's certificate.\n");

static const char usage_principal_revoke[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin principal revoke ID|FINGERPRINT\n"
       "\n"
       "Revokes a principal: its next request is refused, on a connection\n"
       "already open too, without restarting the server. Give its id or its\n"
       "certificate's SHA-256 fingerprint (64 hex digits, with or without\n"
       "colons), as \"tiepdan admin principal list\" shows them. Only\n"
       "\"admin principal add --reactivate\" lifts it.\n");

static const char usage_principal_list[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin principal list [--unit CODE] "
       "[--all]\n"
       "\n"
       "Lists the principals of your unit and the units below it: id, name,\n"
       "role, unit, certificate fingerprint (the first 16 digits in a table,\n"
       "all of them in csv and json), when registered and when revoked.\n"
       "\n"
       "  --unit CODE  only this unit and the units below it\n"
       "  --all        include revoked principals\n");

static const struct td_opt add_opts[] = {
    {"help", 0, O_HELP}, {"cert", 1, O_CERT}, {"role", 1, O_ROLE},
    {"unit", 1, O_UNIT}, {"name", 1, O_NAME}, {"reactivate", 0, O_REACTIVATE},
    {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"all", 0, O_ALL},
    {NULL, 0, 0},
};

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

static int add_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_principal_add_args *a = ctx;
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_CERT:
    return td_opt_text("--cert", v, &a->cert_file, err, errlen);
  case O_UNIT:
    return td_opt_unit("--unit", v, &a->unit, err, errlen);
  case O_NAME:
    return td_opt_text("--name", v, &a->name, err, errlen);
  case O_REACTIVATE:
    a->reactivate = 1;
    return 0;
  default:
    a->role = td_role_parse(v);
    if (a->role > 0)
      return 0;
    a->role = 0;
    return td_opt_bad_value(
        "--role", v, _("one of reception, leader, front, dashboard, admin"),
        err, errlen);
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
    return td_opt_missing("--cert", "hoa.crt", err, errlen);
  if (a->role == 0)
    return td_opt_missing("--role", "reception", err, errlen);
  if (a->unit == NULL)
    return td_opt_missing("--unit", "03390", err, errlen);
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
  return td_opt_bad_value(_("the principal"), w,
                          _("its id or its certificate's SHA-256 fingerprint "
                            "(64 hex digits), as \"tiepdan admin principal "
                            "list\" shows them"),
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
      return td_opt_extra_word(args.value, err, errlen);
    else if (revoke_key(a, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help || words == 1)
    return 0;
  snprintf(
      err, errlen,
      _("give the principal's id or fingerprint, e.g. tiepdan admin "
        "principal revoke 12; \"tiepdan admin principal list\" shows them"));
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
      return td_opt_extra_word(args.value, err, errlen);
    if (id == O_HELP)
      a->help = 1;
    else if (id == O_ALL)
      a->all = 1;
    else if (td_opt_unit("--unit", args.value, &a->unit, err, errlen) != 0)
      return -1;
  }
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
  r->add.has_reactivate = a->reactivate != 0;
  r->add.reactivate = a->reactivate != 0;
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

static int print_principal(const struct td_global_args *g,
                           const Tiepdan__Envelope *reply, const void *done)
{
  const Tiepdan__Principal *p;

  p = reply->principal_reply->principal;
  if (p == NULL)
    return td_call_internal(_("the server's answer holds no principal"));
  return td_call_finish_output(td_output_principal(stdout, g->format, p, done));
}

int td_cmd_admin_principal_add(const struct td_global_args *g, int argc,
                               char **argv)
{
  static const struct td_call c = {
      .command = "admin principal add",
      .not_found =
          N_("check the id or fingerprint with \"tiepdan admin principal "
             "list --all\"")};
  struct td_principal_add_args a;
  struct td_principal_add_req req;
  char err[1024];
  char *pem;
  int code;

  if (td_cmd_parse_principal_add(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin principal add", err, usage_principal_add);
  if (a.help)
    return td_call_print_usage(usage_principal_add);
  pem = td_cert_read_pem(a.cert_file, err, sizeof(err));
  if (pem == NULL)
    return td_call_usage_error("admin principal add", err, usage_principal_add);
  td_cmd_principal_add_request(&a, pem, &req);
  /* Registering again registers the same: safe to retry. */
  code = td_call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_principal,
                           N_("registered"));
  free(pem);
  return code;
}

int td_cmd_admin_principal_revoke(const struct td_global_args *g, int argc,
                                  char **argv)
{
  static const struct td_call c = {
      .command = "admin principal revoke",
      .not_found =
          N_("check the id or fingerprint with \"tiepdan admin principal "
             "list --all\"")};
  struct td_principal_revoke_args a;
  struct td_principal_revoke_req req;
  char err[512];

  if (td_cmd_parse_principal_revoke(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin principal revoke", err,
                               usage_principal_revoke);
  if (a.help)
    return td_call_print_usage(usage_principal_revoke);
  td_cmd_principal_revoke_request(&a, &req);
  /* Revoking again changes nothing: safe to retry. */
  return td_call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_principal,
                           N_("revoked"));
}

static int print_principals(const struct td_global_args *g,
                            const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__ListPrincipalsReply *l;

  (void)arg;
  l = reply->list_principals_reply;
  return td_call_finish_output(td_output_principals(
      stdout, g->format, (const Tiepdan__Principal *const *)l->principals,
      l->n_principals, td_call_terminal_columns()));
}

int td_cmd_admin_principal_list(const struct td_global_args *g, int argc,
                                char **argv)
{
  static const struct td_call c = {
      .command = "admin principal list",
      .not_found =
          N_("check the id or fingerprint with \"tiepdan admin principal "
             "list --all\"")};
  struct td_principal_list_args a;
  struct td_principal_list_req req;
  char err[512];

  if (td_cmd_parse_principal_list(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin principal list", err,
                               usage_principal_list);
  if (a.help)
    return td_call_print_usage(usage_principal_list);
  td_cmd_principal_list_request(&a, &req);
  return td_call_and_print(g, &req.env,
                           TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS_REPLY, 0, &c,
                           print_principals, NULL);
}
