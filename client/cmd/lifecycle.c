/*
 * A petition's life on the command line: each step reads the petition's
 * version first (unless --expect-version gives it), then sends the change
 * expecting that version, so that a change made meanwhile is refused, not
 * overwritten. See lifecycle.h.
 */
#include "cmd/lifecycle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/outbox.h"
#include "cmd/submit.h"
#include "cmd/terms_in.h"
#include "cmd/write.h"
#include "common/utf8.h"
#include "input/args.h"
#include "input/opt.h"
#include "input/text.h"
#include "lang/lang.h"
#include "render/output.h"
#include "wire.h"

enum {
  O_HELP = 1,
  O_NOTE,
  O_REASON,
  O_TO,
  O_OUTCOME,
  O_SATISFACTION,
  O_COMPLEX,
  O_ESPECIALLY_COMPLEX,
  O_DECISION_NO,
  O_AT,
  O_EXPECT_VERSION,
  O_RETRIES,
  O_FINDING,
  O_REPEAT_OF
};

/* The usages are put together when printed (td_usage_transition), each
 * part translated: what a command takes, then --at, then for all but note
 * what every change of state takes. */
static const char transition_at[] =
    N_("  --at \"DD/MM/YYYY[ HH:MM]\"\n"
       "                     when it happened, Vietnam time (default: now)\n");

static const char transition_common[] = N_(
    "  --expect-version N change it only if it is still at version N, as\n"
    "                     \"tiepdan show\" printed it\n"
    "  --retries N        retries after a failure, default 3 (after 1, 2, 4 "
    "s)\n"
    "\n"
    "The petition is read first to learn its version, and is changed only if\n"
    "it is still at that version. If someone else changed it in between,\n"
    "nothing is changed: look at it with \"tiepdan show ID\" and run the\n"
    "command again if it still applies.\n");

static const char accept_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] accept ID|RECEIPT [OPTIONS]\n"
       "\n"
       "Accepts a received petition for handling (thụ lý). The resolution\n"
       "deadline starts from this day; a complex case gets the longer one.\n"
       "\n"
       "  --complex          the case is complex (longer deadline)\n"
       "  --especially-complex\n"
       "                     the case is especially complex (and so complex):\n"
       "                     a denunciation may be extended twice (Law on\n"
       "                     Denunciations 2018, Article 30(3))\n"
       "  --note TEXT        a note for the history\n");

static const char reject_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] reject ID|RECEIPT --reason TEXT "
       "[OPTIONS]\n"
       "\n"
       "Refuses to accept a received petition (không thụ lý), with the reason\n"
       "the citizen will be told.\n"
       "\n"
       "  --reason TEXT      why it is not accepted "
       "(required)\n");

static const char transfer_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] transfer ID|RECEIPT --to AGENCY "
       "[OPTIONS]\n"
       "\n"
       "Sends a received petition on to the agency competent to handle it.\n"
       "\n"
       "  --to AGENCY        the agency it goes to (required)\n"
       "  --note TEXT        a note for the history\n");

static const char start_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] start ID|RECEIPT [OPTIONS]\n"
       "\n"
       "Records that work on an accepted petition has begun.\n"
       "\n"
       "  --note TEXT        a note for the history\n");

static const char resolve_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] resolve ID|RECEIPT --outcome OUTCOME "
       "[OPTIONS]\n"
       "\n"
       "Records how a petition was resolved. An accepted petition on which\n"
       "work was not recorded as started is started and resolved at once,\n"
       "both steps in its history.\n"
       "\n"
       "  --outcome OUTCOME  answered_in_writing, mediated_successfully,\n"
       "                     mediation_failed or decision_issued (required)\n"
       "  --satisfaction S   whether the citizen was satisfied: satisfied,\n"
       "                     not_satisfied or not_asked\n"
       "  --finding F        for a complaint or a denunciation, what the\n"
       "                     resolution found: correct, incorrect or\n"
       "                     partly_correct (cleared if it is reopened)\n"
       "  --note TEXT        a note for the history\n");

static const char withdraw_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] withdraw ID|RECEIPT --reason TEXT "
       "[OPTIONS]\n"
       "\n"
       "Records that the citizen withdrew an open petition.\n"
       "\n"
       "  --reason TEXT      why, in the citizen's words (required)\n"
       "  --satisfaction S   satisfied, not_satisfied or "
       "not_asked\n");

static const char reopen_usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] reopen ID|RECEIPT --reason TEXT "
    "[OPTIONS]\n"
    "\n"
    "Puts a resolved petition back in progress because the citizen contests\n"
    "the answer.\n"
    "\n"
    "  --reason TEXT      what the citizen contests "
    "(required)\n");

static const char extend_usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] extend ID|RECEIPT --reason TEXT "
       "[OPTIONS]\n"
       "\n"
       "Extends the deadline of an accepted or in-progress petition by the\n"
       "period the law allows; the server refuses more extensions than that.\n"
       "\n"
       "  --reason TEXT      why more time is needed (required)\n"
       "  --decision-no NO   the number of the extension decision\n"
       "  --especially-complex\n"
       "                     record that the case is especially complex: only\n"
       "                     then is a denunciation extended a second time\n"
       "                     (Law on Denunciations 2018, Article 30(3)); not\n"
       "                     needed again once recorded on acceptance or an\n"
       "                     earlier extension\n");

static const char note_usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] note ID|RECEIPT TEXT|- [OPTIONS]\n"
    "       tiepdan [GLOBAL OPTIONS] note ID|RECEIPT --repeat-of EARLIER "
    "[TEXT]\n"
    "\n"
    "Adds a note to a petition's history; its status and version do not\n"
    "change. \"-\" reads the text from standard input.\n"
    "\n"
    "  --repeat-of EARLIER\n"
    "                     the petitioner came before about the same matter:\n"
    "                     mark the petition as repeating that earlier one\n"
    "                     (tiếp nhiều lần), by its receipt number; the text\n"
    "                     is then optional\n");

/* After --at in note's usage. */
static const char note_tail[] =
    N_("\n"
       "A note is sent once, without retries: if the connection fails, check\n"
       "with \"tiepdan history ID\" whether it was recorded before adding it\n"
       "again.\n");

const char *td_usage_transition(const char *command)
{
  static const struct {
    const char *command;
    const char *usage;
  } usages[] = {
      {"accept", accept_usage},     {"reject", reject_usage},
      {"transfer", transfer_usage}, {"start", start_usage},
      {"resolve", resolve_usage},   {"withdraw", withdraw_usage},
      {"reopen", reopen_usage},     {"extend", extend_usage},
      {"note", note_usage},
  };
  /* The longest usage, translated, fits with room to spare. */
  static char text[8192];
  size_t i;

  for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++) {
    if (strcmp(usages[i].command, command) != 0)
      continue;
    snprintf(text, sizeof(text), "%s%s%s", _(usages[i].usage), _(transition_at),
             strcmp(command, "note") == 0 ? _(note_tail)
                                          : _(transition_common));
    return text;
  }
  return NULL;
}

static const struct td_opt transition_opts[] = {
    {"help", 0, O_HELP},
    {"note", 1, O_NOTE},
    {"reason", 1, O_REASON},
    {"to", 1, O_TO},
    {"outcome", 1, O_OUTCOME},
    {"satisfaction", 1, O_SATISFACTION},
    {"complex", 0, O_COMPLEX},
    {"especially-complex", 0, O_ESPECIALLY_COMPLEX},
    {"decision-no", 1, O_DECISION_NO},
    {"at", 1, O_AT},
    {"expect-version", 1, O_EXPECT_VERSION},
    {"retries", 1, O_RETRIES},
    {"finding", 1, O_FINDING},
    {"repeat-of", 1, O_REPEAT_OF},
    {NULL, 0, 0},
};

#define BIT(o) (1u << (o))
/* What every transition takes. */
#define COMMON (BIT(O_HELP) | BIT(O_AT))
/* What every transition that changes the petition takes. */
#define VERSIONED (BIT(O_EXPECT_VERSION) | BIT(O_RETRIES))
/* What note takes besides its text. */
#define NOTE_OPTS BIT(O_REPEAT_OF)

/* The options that mean something for an action, besides COMMON. */
static unsigned allowed(int action)
{
  switch (action) {
  case TIEPDAN__ACTION__ACCEPT:
    return VERSIONED | BIT(O_COMPLEX) | BIT(O_ESPECIALLY_COMPLEX) | BIT(O_NOTE);
  case TIEPDAN__ACTION__TRANSFER:
    return VERSIONED | BIT(O_TO) | BIT(O_NOTE);
  case TIEPDAN__ACTION__START:
    return VERSIONED | BIT(O_NOTE);
  case TIEPDAN__ACTION__RESOLVE:
    return VERSIONED | BIT(O_OUTCOME) | BIT(O_SATISFACTION) | BIT(O_FINDING) |
           BIT(O_NOTE);
  case TIEPDAN__ACTION__WITHDRAW:
    return VERSIONED | BIT(O_REASON) | BIT(O_SATISFACTION);
  case TIEPDAN__ACTION__EXTEND:
    return VERSIONED | BIT(O_REASON) | BIT(O_DECISION_NO) |
           BIT(O_ESPECIALLY_COMPLEX);
  case TIEPDAN__ACTION__REJECT:
  case TIEPDAN__ACTION__REOPEN:
    return VERSIONED | BIT(O_REASON);
  default:
    /*
     * note: its text is an argument. A note leaves the version as it is,
     * so the server takes it at any version: a version check would
     * promise what it cannot keep, and a retry after a lost answer could
     * record the note twice. It is sent once.
     */
    return NOTE_OPTS;
  }
}

static const char *opt_name(int id)
{
  const struct td_opt *o;

  for (o = transition_opts; o->name != NULL; o++)
    if (o->id == id)
      return o->name;
  return "?";
}

/* Explains an option the command does not take, with the one it does. */
static int not_for(const char *command, int id, unsigned ok, char *err,
                   size_t errlen)
{
  if (id == O_REASON && (ok & BIT(O_NOTE)))
    snprintf(err, errlen, _("%s takes --note, not --reason"), command);
  else if (id == O_NOTE && (ok & BIT(O_REASON)))
    snprintf(err, errlen, _("%s takes --reason, not --note"), command);
  else if (id == O_NOTE && ok == NOTE_OPTS)
    snprintf(err, errlen, "%s",
             _("note takes its text as an argument: tiepdan note ID \"TEXT\""));
  else if (ok == NOTE_OPTS && (BIT(id) & VERSIONED))
    snprintf(err, errlen,
             _("note does not take --%s: a note changes no state, so it is "
               "sent once and at any version"),
             opt_name(id));
  else
    snprintf(err, errlen, _("%s does not take --%s"), command, opt_name(id));
  return -1;
}

/* A text option, which must say something. */
static int enum_value(int id, const char *v, struct td_transition_args *a,
                      char *err, size_t errlen)
{
  if (id == O_OUTCOME) {
    a->outcome = td_terms_in_enum(TD_TERMS_OUTCOME, v);
    if (a->outcome > 0)
      return 0;
    a->outcome = 0;
    return td_opt_bad_value("--outcome", v,
                            _("one of answered_in_writing, "
                              "mediated_successfully, mediation_failed, "
                              "decision_issued"),
                            err, errlen);
  }
  a->satisfaction = td_satisfaction_parse(v);
  if (a->satisfaction > 0)
    return 0;
  a->satisfaction = 0;
  return td_opt_bad_value("--satisfaction", v,
                          _("one of satisfied, not_satisfied, not_asked"), err,
                          errlen);
}

static int transition_opt(struct td_transition_args *a, int id, char *v,
                          char *err, size_t errlen)
{
  uint64_t n;

  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_COMPLEX:
    a->complex = 1;
    return 0;
  case O_ESPECIALLY_COMPLEX:
    a->especially_complex = 1;
    return 0;
  case O_NOTE:
    return td_opt_text("--note", v, &a->note, err, errlen);
  case O_REASON:
    return td_opt_text("--reason", v, &a->note, err, errlen);
  case O_TO:
    return td_opt_text("--to", v, &a->transfer_target, err, errlen);
  case O_DECISION_NO:
    return td_opt_text("--decision-no", v, &a->decision_no, err, errlen);
  case O_FINDING:
    return td_opt_text("--finding", v, &a->finding, err, errlen);
  case O_REPEAT_OF:
    return td_opt_text("--repeat-of", v, &a->repeat_of, err, errlen);
  case O_OUTCOME:
  case O_SATISFACTION:
    return enum_value(id, v, a, err, errlen);
  case O_AT:
    return td_opt_parse_at("--at", v, &a->at, &a->has_at, err, errlen);
  case O_EXPECT_VERSION:
    if (td_args_uint(v, 0, INT64_MAX, &n) != 0)
      return td_opt_bad_value("--expect-version", v,
                              _("a version number, as \"tiepdan show\" "
                                "prints it"),
                              err, errlen);
    a->expect_version = (int64_t)n;
    a->has_expect_version = 1;
    return 0;
  default:
    if (td_args_uint(v, 0, TD_CALL_RETRIES_MAX, &n) != 0)
      return td_opt_bad_value("--retries", v, _("a number from 0 to 10"), err,
                              errlen);
    a->retries = (int)n;
    return 0;
  }
}

/* The positional words: ID, and for note its TEXT. */
static int transition_word(struct td_transition_args *a, char *w, char *err,
                           size_t errlen)
{
  if (a->ref == NULL) {
    a->ref = w;
    return 0;
  }
  if (a->action != TIEPDAN__ACTION__NOTE)
    return td_opt_extra_word(w, err, errlen);
  if (a->note != NULL || a->note_stdin) {
    snprintf(err, errlen,
             _("unexpected argument \"%s\": put the whole note in quotes, "
               "tiepdan note ID \"TEXT\""),
             w);
    return -1;
  }
  if (strcmp(w, "-") == 0)
    a->note_stdin = 1;
  else if (td_opt_blank(w)) {
    snprintf(err, errlen, "%s", _("the note is empty; write what happened"));
    return -1;
  } else
    a->note = w;
  return 0;
}

/* What the server would refuse the action without. */
static int transition_check(struct td_transition_args *a, const char *command,
                            char *err, size_t errlen)
{
  if (td_opt_check_ref(a->ref, command, err, errlen) != 0)
    return -1;
  switch (a->action) {
  case TIEPDAN__ACTION__REJECT:
    if (a->note == NULL)
      return td_opt_missing("--reason", "\"Không thuộc thẩm quyền của xã\"",
                            err, errlen);
    break;
  case TIEPDAN__ACTION__WITHDRAW:
    if (a->note == NULL)
      return td_opt_missing("--reason", "\"Công dân xin rút đơn\"", err,
                            errlen);
    break;
  case TIEPDAN__ACTION__REOPEN:
    if (a->note == NULL)
      return td_opt_missing("--reason", "\"Công dân không đồng ý với kết quả\"",
                            err, errlen);
    break;
  case TIEPDAN__ACTION__EXTEND:
    if (a->note == NULL)
      return td_opt_missing("--reason", "\"Cần xác minh thêm tại thực địa\"",
                            err, errlen);
    break;
  case TIEPDAN__ACTION__TRANSFER:
    if (a->transfer_target == NULL)
      return td_opt_missing("--to", "\"Phòng Tài nguyên và Môi trường\"", err,
                            errlen);
    break;
  case TIEPDAN__ACTION__RESOLVE:
    if (a->outcome == 0)
      return td_opt_missing("--outcome", "answered_in_writing", err, errlen);
    break;
  case TIEPDAN__ACTION__NOTE:
    if (a->note == NULL && !a->note_stdin && a->repeat_of == NULL) {
      snprintf(err, errlen,
               _("give the note's text, e.g. tiepdan note %s \"Đã gọi điện "
                 "cho công dân\", or - to read it from standard input"),
               a->ref);
      return -1;
    }
    break;
  default:
    break;
  }
  return 0;
}

int td_cmd_is_transition(const char *command)
{
  return td_action_parse(command) > 0;
}

int td_cmd_parse_transition(const char *command, int argc, char **argv,
                            struct td_transition_args *a, char *err,
                            size_t errlen)
{
  struct td_args args;
  unsigned ok;
  int id;

  memset(a, 0, sizeof(*a));
  a->action = td_action_parse(command);
  if (a->action <= 0) {
    snprintf(err, errlen, _("unknown command \"%s\""), command);
    return -1;
  }
  if (a->action != TIEPDAN__ACTION__NOTE)
    a->retries = TD_CALL_RETRIES_DEFAULT;
  ok = allowed(a->action);
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, transition_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      if (transition_word(a, args.value, err, errlen) != 0)
        return -1;
      continue;
    }
    if (!(BIT(id) & (COMMON | ok)))
      return not_for(command, id, ok, err, errlen);
    if (transition_opt(a, id, args.value, err, errlen) != 0)
      return -1;
  }
  if (a->help)
    return 0;
  return transition_check(a, command, err, errlen);
}

void td_cmd_transition_lookup(const struct td_transition_args *a,
                              struct td_show_req *r)
{
  struct td_show_args show;

  memset(&show, 0, sizeof(show));
  show.ref = a->ref;
  td_cmd_show_request(&show, r);
}

void td_cmd_transition_request(const struct td_transition_args *a,
                               int64_t version, struct td_transition_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__Transition t = TIEPDAN__TRANSITION__INIT;

  r->env = env;
  r->t = t;
  if (td_opt_ref_id(a->ref, &r->t.petition_id)) {
    r->t.key_case = TIEPDAN__TRANSITION__KEY_PETITION_ID;
  } else {
    r->t.key_case = TIEPDAN__TRANSITION__KEY_RECEIPT_NO;
    r->t.receipt_no = a->ref;
  }
  r->t.has_action = 1;
  r->t.action = (Tiepdan__Action)a->action;
  /* A note changes no version, so it states none. */
  r->t.has_expected_version = a->action != TIEPDAN__ACTION__NOTE;
  r->t.expected_version = r->t.has_expected_version ? version : 0;
  r->t.note = a->note;
  r->t.transfer_target = a->transfer_target;
  r->t.has_outcome = a->outcome != 0;
  r->t.outcome = (Tiepdan__Outcome)a->outcome;
  r->t.has_satisfaction = a->satisfaction != 0;
  r->t.satisfaction = (Tiepdan__Satisfaction)a->satisfaction;
  r->t.has_complex = a->complex;
  r->t.complex = a->complex;
  r->t.has_especially_complex = a->especially_complex;
  r->t.especially_complex = a->especially_complex;
  r->t.decision_no = a->decision_no;
  r->t.finding = a->finding;
  r->t.repeat_of = a->repeat_of;
  r->t.has_at = a->has_at;
  r->t.at = a->at;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  r->env.transition = &r->t;
}

/* What a lookup found besides the version: whether the link is down (the
 * step is then kept with the version this computer last saw), and whether
 * the petition's identities are secret (a note on it is sealed). */
struct seen {
  int offline;
  int secret;
};

/* Reads the version and status of the petition a transition starts from. */
static int lookup(struct td_session *s, struct td_outbox *ob,
                  const struct td_transition_args *a, const struct td_call *c,
                  int64_t *version, int *status, struct seen *seen)
{
  struct td_show_req req;
  Tiepdan__Envelope *reply = NULL;
  const Tiepdan__Petition *p;
  char err[1024];
  int code;
  int r;

  td_cmd_transition_lookup(a, &req);
  r = td_terms_in_call(s, &req.env, &reply, err, sizeof(err));
  if (r == TD_ECONNECT || r == TD_ETIMEOUT || r == TD_ECLOSED || r == TD_EIO ||
      (r == 0 && reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR &&
       td_session_error_retryable(reply->error))) {
    /* Offline: the step is kept, on the version last seen here. */
    if (reply != NULL)
      tiepdan__envelope__free_unpacked(reply, NULL);
    seen->offline = 1;
    *version = td_write_known_version(ob, a->ref);
    seen->secret = td_write_known_secret(ob, a->ref);
    fprintf(stderr, _("tiepdan: the server cannot be reached now: %s\n"),
            r != 0 ? err : _("it is busy"));
    return TD_EXIT_OK;
  }
  if (r != 0)
    return td_call_conn_failed(r, err, s, c);
  code = td_call_judge_on(s, &reply, TIEPDAN__ENVELOPE__BODY_GET_REPLY, c);
  if (code != TD_EXIT_OK)
    return code;
  p = reply->get_reply->petition;
  if (p == NULL || !p->has_version) {
    code = td_call_internal(_("the server did not say which version of the "
                              "petition it holds; check that the client and "
                              "server versions match"));
  } else {
    *version = p->version;
    *status = p->has_status ? (int)p->status : -1;
    seen->secret = (p->has_confidential && p->confidential) ||
                   (p->kind != NULL && strcmp(p->kind, "denunciation") == 0);
    td_write_saw(ob, p, a->ref);
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  return code;
}

/*
 * The petition changed between reading it and changing it. Never retried:
 * the officer decided on what they saw, and must look again. When this
 * command itself had to send the change twice, the change that got in
 * first may be its own.
 */
static int conflict(const Tiepdan__Error *e, const struct td_transition_args *a,
                    int64_t version, int retried)
{
  char words[1024];

  fprintf(stderr, _("tiepdan: refused: %s: %s\n"), td_call_code_words(e->code),
          td_call_error_words(e, words, sizeof(words)));
  if (retried)
    fprintf(stderr,
            _("  petition %s is no longer at version %lld"
              ": this command had to send the change again after a failure, "
              "so the change recorded may be its own first attempt; see\n"
              "    tiepdan history %s\n"),
            a->ref, (long long)version, a->ref);
  else
    fprintf(stderr,
            _("  petition %s is no longer at version %lld"
              ": someone else changed it %s\n"),
            a->ref, (long long)version,
            a->has_expect_version ? _("since you looked at it")
                                  : _("while this command was running"));
  fprintf(stderr,
          _("  hint: nothing was changed now; look at the petition with\n"
            "    tiepdan show %s\n"
            "  and run the command again if it still applies\n"),
          a->ref);
  return TD_EXIT_REFUSED;
}

/* What a CONFLICT is told with. */
struct conflict_ctx {
  const struct td_transition_args *a;
  int64_t version;
  const int *retried;
};

static int on_refused(const Tiepdan__Error *e, void *arg)
{
  const struct conflict_ctx *x = arg;

  if (e->code != TIEPDAN__ERROR_CODE__CONFLICT)
    return -1;
  return conflict(e, x->a, x->version, *x->retried);
}

/* What `tiepdan outbox` shows of a step: the command, the petition, the
 * start of the note (not of a secret one). */
static void step_label(const char *command, const struct td_transition_args *a,
                       char *buf, size_t cap)
{
  char *cut = a->note ? td_utf8_truncate(a->note, 36) : NULL;

  if (cut != NULL)
    snprintf(buf, cap, "%s %s: %s", command, a->ref, cut);
  else
    snprintf(buf, cap, "%s %s", command, a->ref);
  free(cut);
}

static int transition(const struct td_global_args *g,
                      const struct td_transition_args *a)
{
  struct td_transition_req req;
  struct td_client_opts o;
  struct td_session s;
  struct td_outbox *ob = NULL;
  struct td_write w;
  struct seen seen = {0, 0};
  struct conflict_ctx cx;
  Tiepdan__Envelope *reply;
  char unsure[512], label[160], sealed[160], key[TD_UUID_LEN + 1];
  char words[512];
  int64_t version;
  int retried;
  int status;
  int code;
  /* Reading the petition first is harmless to repeat: nothing to add. */
  struct td_call c = {.command = g->command};

  /* An extension is refused by the rule as often as by the status. */
  if (strcmp(g->command, "extend") == 0)
    c.illegal_step =
        _("see which step the petition is at, its deadline and how many "
          "times it was extended with \"tiepdan show ID --explain\" and "
          "\"tiepdan history ID\"");
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK && td_outbox_open_default(&o, 0, &ob) != 0)
    code = TD_EXIT_INTERNAL;
  if (code == TD_EXIT_OK && td_uuid_v4(key) != 0)
    code = td_call_internal(_("the system's random number source failed"));
  if (code != TD_EXIT_OK) {
    if (ob != NULL)
      td_outbox_close(ob);
    td_client_config_free(&o);
    return code;
  }
  td_call_session_start(&s, &o, a->retries);
  retried = 0;
  s.on_retry = td_call_on_retry_counted;
  s.arg = &retried;
  version = a->expect_version;
  status = -1;
  /* A note is taken at any version: reading the petition first would
   * cost a round trip, and would answer a caller who may not add notes
   * with what the read says rather than with the server's refusal. */
  if (!a->has_expect_version && a->action != TIEPDAN__ACTION__NOTE)
    code = lookup(&s, ob, a, &c, &version, &status, &seen);
  else
    seen.secret = td_write_known_secret(ob, a->ref);
  if (code == TD_EXIT_OK && a->action == TIEPDAN__ACTION__NOTE)
    snprintf(unsure, sizeof(unsure),
             _("The note may or may not have been recorded; check with\n"
               "  tiepdan history %s\n"
               "before adding it again.\n"),
             a->ref);
  else if (code == TD_EXIT_OK)
    snprintf(unsure, sizeof(unsure),
             _("The change may or may not have been recorded. Run the "
               "command again with\n  --expect-version %lld\n"
               "which cannot record it twice, or check with\n"
               "  tiepdan history %s\n"),
             (long long)version, a->ref);
  if (code == TD_EXIT_OK) {
    c.unsure = unsure;
    /* A version never seen here (-1): read when it is sent. */
    td_cmd_transition_request(a, version < 0 ? 0 : version, &req);
    if (version < 0)
      req.t.has_expected_version = 0;
    req.t.idempotency_key = key;
    memset(&w, 0, sizeof(w));
    step_label(g->command, a, label, sizeof(label));
    snprintf(sealed, sizeof(sealed), _("%s %s (sealed: a secret petition)"),
             g->command, a->ref);
    w.op = g->command;
    w.target = a->ref;
    w.label = label;
    w.sealed_label = sealed;
    w.req = &req.env;
    w.key = key;
    /* A note on a secret petition may name the denouncer. */
    w.secret = a->note != NULL && seen.secret;
    w.typed = a->note != NULL;
    w.want = TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY;
    w.call = &c;
    cx.a = a;
    cx.version = version;
    cx.retried = &retried;
    w.refused = on_refused;
    w.refused_arg = &cx;
    code = td_write_send(&s, ob, &w, &reply);
    if (code == TD_EXIT_OK && reply == NULL) {
      snprintf(words, sizeof(words),
               _("Not sent yet: \"%s %s\" is kept in the outbox (entry %lld) "
                 "and will be sent when the link is back.\n"),
               g->command, a->ref, (long long)w.seq);
      code = td_write_print_kept(g, &w, words);
    } else if (code == TD_EXIT_OK) {
      if (s.hello != NULL)
        td_output_set_terms(s.hello->hello_reply);
      code = reply->transition_reply->petition
                 ? td_call_finish_output(
                       td_output_transition(stdout, g->format, a->action,
                                            status, reply->transition_reply))
                 : td_call_internal(_("the server's answer holds no petition"));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
  }
  td_output_set_terms(NULL);
  td_session_close(&s);
  td_outbox_close(ob);
  td_client_config_free(&o);
  return code;
}

int td_cmd_transition(const struct td_global_args *g)
{
  struct td_transition_args a;
  const char *usage;
  char *text;
  char err[512];
  int code;

  usage = td_usage_transition(g->command);
  if (td_cmd_parse_transition(g->command, g->argc, g->argv, &a, err,
                              sizeof(err)) != 0)
    return td_call_usage_error(g->command, err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  text = NULL;
  if (a.note_stdin && isatty(STDIN_FILENO))
    fputs(_("tiepdan: type the note, then press Ctrl-D on a new line\n"),
          stderr);
  if (a.note_stdin) {
    text = td_text_read_stdin(_("the note"), err, sizeof(err));
    if (text == NULL)
      return td_call_usage_error(g->command, err, usage);
    a.note = text;
  }
  if (a.note != NULL)
    a.note = td_text_trim(a.note);
  if (a.note != NULL && a.note[0] == '\0')
    code = td_call_usage_error(
        g->command, _("the note is empty; write what happened"), usage);
  else
    code = transition(g, &a);
  free(text);
  return code;
}
