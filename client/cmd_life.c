/*
 * Command lines of a petition's life: the transitions (accept, reject, ...,
 * note) and its history. See cmd.h.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_int.h"
#include "wire.h"

enum {
  O_HELP = 1,
  O_NOTE,
  O_REASON,
  O_TO,
  O_OUTCOME,
  O_SATISFACTION,
  O_COMPLEX,
  O_DECISION_NO,
  O_AT,
  O_EXPECT_VERSION,
  O_RETRIES
};

static const struct td_opt transition_opts[] = {
    {"help", 0, O_HELP},       {"note", 1, O_NOTE},
    {"reason", 1, O_REASON},   {"to", 1, O_TO},
    {"outcome", 1, O_OUTCOME}, {"satisfaction", 1, O_SATISFACTION},
    {"complex", 0, O_COMPLEX}, {"decision-no", 1, O_DECISION_NO},
    {"at", 1, O_AT},           {"expect-version", 1, O_EXPECT_VERSION},
    {"retries", 1, O_RETRIES}, {NULL, 0, 0},
};

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

#define BIT(o) (1u << (o))
/* What every transition takes. */
#define COMMON (BIT(O_HELP) | BIT(O_AT))
/* What every transition that changes the petition takes. */
#define VERSIONED (BIT(O_EXPECT_VERSION) | BIT(O_RETRIES))

/* The options that mean something for an action, besides COMMON. */
static unsigned allowed(int action)
{
  switch (action) {
  case TIEPDAN__ACTION__ACCEPT:
    return VERSIONED | BIT(O_COMPLEX) | BIT(O_NOTE);
  case TIEPDAN__ACTION__TRANSFER:
    return VERSIONED | BIT(O_TO) | BIT(O_NOTE);
  case TIEPDAN__ACTION__START:
    return VERSIONED | BIT(O_NOTE);
  case TIEPDAN__ACTION__RESOLVE:
    return VERSIONED | BIT(O_OUTCOME) | BIT(O_SATISFACTION) | BIT(O_NOTE);
  case TIEPDAN__ACTION__WITHDRAW:
    return VERSIONED | BIT(O_REASON) | BIT(O_SATISFACTION);
  case TIEPDAN__ACTION__EXTEND:
    return VERSIONED | BIT(O_REASON) | BIT(O_DECISION_NO);
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
    return 0;
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
    snprintf(err, errlen, "%s takes --note, not --reason", command);
  else if (id == O_NOTE && (ok & BIT(O_REASON)))
    snprintf(err, errlen, "%s takes --reason, not --note", command);
  else if (id == O_NOTE && ok == 0)
    snprintf(err, errlen,
             "note takes its text as an argument: tiepdan note ID \"TEXT\"");
  else if (ok == 0 && (BIT(id) & VERSIONED))
    snprintf(err, errlen,
             "note does not take --%s: a note changes no state, so it is "
             "sent once and at any version",
             opt_name(id));
  else
    snprintf(err, errlen, "%s does not take --%s", command, opt_name(id));
  return -1;
}

/* A text option, which must say something. */
static int text(const char *opt, char *v, char **slot, char *err, size_t errlen)
{
  if (td_cmd__blank(v)) {
    snprintf(err, errlen, "%s is empty; write the text after it", opt);
    return -1;
  }
  *slot = v;
  return 0;
}

static int enum_value(int id, const char *v, struct td_transition_args *a,
                      char *err, size_t errlen)
{
  if (id == O_OUTCOME) {
    a->outcome = td_outcome_parse(v);
    if (a->outcome > 0)
      return 0;
    a->outcome = 0;
    return td_cmd__bad_value("--outcome", v,
                             "one of answered_in_writing, "
                             "mediated_successfully, mediation_failed, "
                             "decision_issued",
                             err, errlen);
  }
  a->satisfaction = td_satisfaction_parse(v);
  if (a->satisfaction > 0)
    return 0;
  a->satisfaction = 0;
  return td_cmd__bad_value("--satisfaction", v,
                           "one of satisfied, not_satisfied, not_asked", err,
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
  case O_NOTE:
    return text("--note", v, &a->note, err, errlen);
  case O_REASON:
    return text("--reason", v, &a->note, err, errlen);
  case O_TO:
    return text("--to", v, &a->transfer_target, err, errlen);
  case O_DECISION_NO:
    return text("--decision-no", v, &a->decision_no, err, errlen);
  case O_OUTCOME:
  case O_SATISFACTION:
    return enum_value(id, v, a, err, errlen);
  case O_AT:
    return td_cmd__parse_at("--at", v, &a->at, &a->has_at, err, errlen);
  case O_EXPECT_VERSION:
    if (td_args_uint(v, 0, INT64_MAX, &n) != 0)
      return td_cmd__bad_value("--expect-version", v,
                               "a version number, as \"tiepdan show\" prints "
                               "it",
                               err, errlen);
    a->expect_version = (int64_t)n;
    a->has_expect_version = 1;
    return 0;
  default:
    if (td_args_uint(v, 0, TD_CMD_RETRIES_MAX, &n) != 0)
      return td_cmd__bad_value("--retries", v, "a number from 0 to 10", err,
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
    return td_cmd__extra_word(w, err, errlen);
  if (a->note != NULL || a->note_stdin) {
    snprintf(err, errlen,
             "unexpected argument \"%s\": put the whole note in quotes, "
             "tiepdan note ID \"TEXT\"",
             w);
    return -1;
  }
  if (strcmp(w, "-") == 0)
    a->note_stdin = 1;
  else if (td_cmd__blank(w)) {
    snprintf(err, errlen, "the note is empty; write what happened");
    return -1;
  } else
    a->note = w;
  return 0;
}

/* What the server would refuse the action without. */
static int transition_check(struct td_transition_args *a, const char *command,
                            char *err, size_t errlen)
{
  if (td_cmd__check_ref(a->ref, command, err, errlen) != 0)
    return -1;
  switch (a->action) {
  case TIEPDAN__ACTION__REJECT:
    if (a->note == NULL)
      return td_cmd__missing("--reason", "\"Không thuộc thẩm quyền của xã\"",
                             err, errlen);
    break;
  case TIEPDAN__ACTION__WITHDRAW:
    if (a->note == NULL)
      return td_cmd__missing("--reason", "\"Công dân xin rút đơn\"", err,
                             errlen);
    break;
  case TIEPDAN__ACTION__REOPEN:
    if (a->note == NULL)
      return td_cmd__missing(
          "--reason", "\"Công dân không đồng ý với kết quả\"", err, errlen);
    break;
  case TIEPDAN__ACTION__EXTEND:
    if (a->note == NULL)
      return td_cmd__missing("--reason", "\"Cần xác minh thêm tại thực địa\"",
                             err, errlen);
    break;
  case TIEPDAN__ACTION__TRANSFER:
    if (a->transfer_target == NULL)
      return td_cmd__missing("--to", "\"Phòng Tài nguyên và Môi trường\"", err,
                             errlen);
    break;
  case TIEPDAN__ACTION__RESOLVE:
    if (a->outcome == 0)
      return td_cmd__missing("--outcome", "answered_in_writing", err, errlen);
    break;
  case TIEPDAN__ACTION__NOTE:
    if (a->note == NULL && !a->note_stdin) {
      snprintf(err, errlen,
               "give the note's text, e.g. tiepdan note %s \"Đã gọi điện "
               "cho công dân\", or - to read it from standard input",
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
    snprintf(err, errlen, "unknown command \"%s\"", command);
    return -1;
  }
  if (a->action != TIEPDAN__ACTION__NOTE)
    a->retries = TD_CMD_RETRIES_DEFAULT;
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

int td_cmd_parse_history(int argc, char **argv, struct td_history_args *a,
                         char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, help_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP)
      a->help = 1;
    else if (a->ref != NULL)
      return td_cmd__extra_word(args.value, err, errlen);
    else
      a->ref = args.value;
  }
  if (a->help)
    return 0;
  return td_cmd__check_ref(a->ref, "history", err, errlen);
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
  if (td_cmd__ref_id(a->ref, &r->t.petition_id)) {
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
  r->t.decision_no = a->decision_no;
  r->t.has_at = a->has_at;
  r->t.at = a->at;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  r->env.transition = &r->t;
}

void td_cmd_history_request(const struct td_history_args *a,
                            struct td_history_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetHistory get = TIEPDAN__GET_HISTORY__INIT;

  r->env = env;
  r->get = get;
  if (td_cmd__ref_id(a->ref, &r->get.petition_id)) {
    r->get.key_case = TIEPDAN__GET_HISTORY__KEY_PETITION_ID;
  } else {
    r->get.key_case = TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO;
    r->get.receipt_no = a->ref;
  }
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_HISTORY;
  r->env.get_history = &r->get;
}
