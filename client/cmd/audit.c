/* tiepdan admin audit verify, and the report's anchor line; see audit.h. */
#include "cmd/audit.h"

#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/datetime.h"

enum { O_HELP = 1, O_UNIT };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin audit verify [--unit CODE]\n"
    "\n"
    "Has the server check that the history of every petition of the area is\n"
    "exactly as it was recorded. Each step of a petition is sealed with a\n"
    "code (SHA-256) computed from the step and the seal of the step before\n"
    "it; every hour the server also fixes a check code of each province's\n"
    "record (mã kiểm chứng dữ liệu), which the province's reports print. The\n"
    "check recomputes every seal and every check code and names the first\n"
    "step found edited, deleted, reordered or added from outside tiepdan,\n"
    "or the check code that no longer matches (a petition deleted or\n"
    "rewritten with its history).\n"
    "\n"
    "  --unit CODE   the unit whose record is checked, with the units below\n"
    "                it (default: your own unit); the check codes are\n"
    "                checked for a province or the nation\n"
    "\n"
    "Exit status: 0 the record is intact; 6 it is not (what was found is\n"
    "printed); the others as for every command.\n");

static const struct td_opt audit_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {NULL, 0, 0},
};

int td_cmd_parse_audit(int argc, char **argv, struct td_audit_args *a,
                       char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, audit_opts, err, errlen);
    if (id == TD_ARGS_END)
      return 0;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      snprintf(err, errlen, _("unexpected \"%s\"; give the unit with --unit"),
               args.value);
      return -1;
    }
    if (id == O_HELP)
      a->help = 1;
    else if (td_opt_unit("--unit", args.value, &a->unit, err, errlen) != 0)
      return -1;
  }
}

void td_cmd_audit_request(const struct td_audit_args *a, struct td_audit_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__VerifyAudit verify = TIEPDAN__VERIFY_AUDIT__INIT;

  r->env = env;
  r->verify = verify;
  r->verify.unit_code = a->unit;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_VERIFY_AUDIT;
  r->env.verify_audit = &r->verify;
}

void td_cmd_audit_anchor_line(const Tiepdan__AuditAnchor *a, char *out,
                              size_t len)
{
  char at[TD_DATETIME_MAX];

  if (len == 0)
    return;
  out[0] = '\0';
  if (a == NULL || a->hash == NULL)
    return;
  if (a->has_made_at) {
    td_datetime_format_short(a->made_at, at);
    snprintf(out, len, _("Check code of the record: %s (at %s)\n"), a->hash,
             at);
  } else {
    snprintf(out, len, _("Check code of the record: %s\n"), a->hash);
  }
}

/* What the first broken link is, in the officers' words. */
static void describe_break(const Tiepdan__VerifyAuditReply *r, char *out,
                           size_t len)
{
  const char *no =
      r->receipt_no != NULL ? r->receipt_no : _("(number unknown)");
  unsigned long long seq = r->has_seq ? (unsigned long long)r->seq : 0;

  switch (r->finding) {
  case TIEPDAN__AUDIT_FINDING__AUDIT_MISSING:
    snprintf(out, len,
             _("petition %s lost a recorded step at event %llu (deleted "
               "from the log).\n"),
             no, seq);
    return;
  case TIEPDAN__AUDIT_FINDING__AUDIT_REORDERED:
    snprintf(out, len, _("petition %s has steps out of order at event %llu.\n"),
             no, seq);
    return;
  case TIEPDAN__AUDIT_FINDING__AUDIT_ALTERED:
    snprintf(out, len,
             _("petition %s has an edited step: event %llu no longer holds "
               "what was recorded.\n"),
             no, seq);
    return;
  case TIEPDAN__AUDIT_FINDING__AUDIT_UNSEALED:
    snprintf(out, len,
             _("petition %s has a step added outside tiepdan: event %llu "
               "has no seal.\n"),
             no, seq);
    return;
  case TIEPDAN__AUDIT_FINDING__AUDIT_HEAD_MISMATCH:
    snprintf(out, len,
             _("the last step of petition %s (event %llu) is not the last "
               "step recorded.\n"),
             no, seq);
    return;
  default:
    snprintf(out, len, _("the check's result is unknown (code %d).\n"),
             (int)r->finding);
    return;
  }
}

/* An anchor that no longer matches: which one, what it fixed, what is
 * found now. */
static void describe_anchor(const Tiepdan__VerifyAuditReply *r, char *out,
                            size_t len)
{
  const Tiepdan__AuditAnchor *a = r->anchor;
  char at[TD_DATETIME_MAX] = "?";

  if (a == NULL) {
    snprintf(out, len, "%s", _("a check code no longer matches the record.\n"));
    return;
  }
  if (a->has_made_at)
    td_datetime_format_short(a->made_at, at);
  snprintf(out, len,
           _("the record no longer matches the check code of province %s "
             "at %s (code %s, up to event %llu): it counted %llu petitions, "
             "%llu events; now there are %llu petitions, %llu events. A "
             "petition was deleted or rewritten with its history.\n"),
           a->province_code != NULL ? a->province_code : "?", at,
           a->hash != NULL ? a->hash : "?", (unsigned long long)a->up_to_seq,
           (unsigned long long)a->petitions, (unsigned long long)a->events,
           (unsigned long long)r->found_petitions,
           (unsigned long long)r->found_events);
}

int td_cmd_audit_describe(const Tiepdan__VerifyAuditReply *r, char *out,
                          size_t len)
{
  static const char broken[] = N_("DISCREPANCY FOUND: ");
  size_t n;

  if (len == 0)
    return 0;
  if (r->finding == TIEPDAN__AUDIT_FINDING__AUDIT_INTACT) {
    n = (size_t)snprintf(
        out, len, _("The log's chain is intact: %llu events, %llu petitions"),
        (unsigned long long)r->events, (unsigned long long)r->petitions);
    if (n < len && r->anchors > 0)
      n += (size_t)snprintf(out + n, len - n, _("; %llu check codes match"),
                            (unsigned long long)r->anchors);
    if (n < len)
      n += (size_t)snprintf(out + n, len - n, ".\n");
    if (n < len)
      td_cmd_audit_anchor_line(r->anchor, out + n, len - n);
    return 1;
  }
  n = (size_t)snprintf(out, len, "%s", _(broken));
  if (n >= len)
    return 0;
  if (r->finding == TIEPDAN__AUDIT_FINDING__AUDIT_ANCHOR_MISMATCH)
    describe_anchor(r, out + n, len - n);
  else
    describe_break(r, out + n, len - n);
  return 0;
}

static int print_verified(const struct td_global_args *g,
                          const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__VerifyAuditReply *r = reply->verify_audit_reply;
  char text[2048];
  int intact;

  (void)g;
  (void)arg;
  intact = td_cmd_audit_describe(r, text, sizeof(text));
  fputs(text, stdout);
  if (td_call_finish_output(0) != TD_EXIT_OK)
    return TD_EXIT_INTERNAL;
  return intact ? TD_EXIT_OK : TD_EXIT_AUDIT_BROKEN;
}

int td_cmd_admin_audit_verify(const struct td_global_args *g, int argc,
                              char **argv)
{
  static const struct td_call c = {
      .command = "admin audit verify",
      .unknown = N_("this server cannot verify the record yet; ask for "
                    "tiepdand to be updated")};
  struct td_audit_args a;
  struct td_audit_req req;
  char err[512];

  if (td_cmd_parse_audit(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin audit verify", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  td_cmd_audit_request(&a, &req);
  return td_call_and_print(g, &req.env,
                           TIEPDAN__ENVELOPE__BODY_VERIFY_AUDIT_REPLY,
                           TD_CALL_RETRIES_DEFAULT, &c, print_verified, NULL);
}

void td_cmd_audit_fetch_anchor_line(struct td_session *s, const char *unit,
                                    char *out, size_t len)
{
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetAnchor get0 = TIEPDAN__GET_ANCHOR__INIT;
  Tiepdan__Envelope env = env0;
  Tiepdan__GetAnchor get = get0;
  Tiepdan__Envelope *reply = NULL;
  char err[512];

  if (len > 0)
    out[0] = '\0';
  get.unit_code = (char *)unit;
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_ANCHOR;
  env.get_anchor = &get;
  if (td_session_call(s, &env, &reply, err, sizeof(err)) != 0)
    return;
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ANCHOR_REPLY &&
      reply->anchor_reply != NULL)
    td_cmd_audit_anchor_line(reply->anchor_reply->anchor, out, len);
  tiepdan__envelope__free_unpacked(reply, NULL);
}
