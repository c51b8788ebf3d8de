/*
 * tiepdan session open|close|list: reception sessions on the command line.
 * Opening and closing are sent once: a session opened twice is two
 * sessions. See session.h.
 */
#include "cmd/session.h"

#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/outbox.h"
#include "cmd/submit.h"
#include "cmd/terms_in.h"
#include "cmd/write.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"
#include "wire.h"

#define COUNT_MAX 1000000u /* People or opinions at one session. */
#define NUMBER_MAX 1000u   /* Kỳ tiếp số: a year's periodic receptions. */

/* The hint for a session the server will not open, close or list. */
#define ILLEGAL_STEP                                                           \
  N_("the session is not in a state that allows this; see it with "            \
     "\"tiepdan session list\"")

enum {
  O_HELP = 1,
  O_TYPE,
  O_TITLE,
  O_PRESIDED_BY,
  O_UNIT,
  O_AT,
  O_ATTENDEES,
  O_OPINIONS,
  O_RESOLVED_ON_SPOT,
  O_FORWARDED,
  O_NOTE,
  O_FROM,
  O_TO,
  O_NUMBER,
  O_THEME,
  O_GROUPS,
  O_GROUP_PEOPLE
};

static const char usage_session[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] session open|close|list [OPTIONS]\n"
    "\n"
    "Reception sessions (buổi tiếp công dân): open one when it starts, link\n"
    "the petitions it brings with \"tiepdan submit --session ID\", close it\n"
    "with its figures when it ends.\n"
    "\n"
    "  session open   open a session and print its number\n"
    "  session close  close it, with attendance and opinions\n"
    "  session list   list sessions\n"
    "Run \"tiepdan session open --help\" and so on for their options.\n");

static const char usage_session_open[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] session open --type TYPE "
    "--presided-by NAME\n"
    "                                           [--title TEXT] [OPTIONS]\n"
    "\n"
    "Opens a reception session and prints its number, which submit --session\n"
    "and session close take.\n"
    "\n"
    "  --type TYPE        regular (thường xuyên), periodic (định kỳ của Chủ\n"
    "                     tịch), adhoc (đột xuất), delegated (ủy quyền; not\n"
    "                     for a commune from 01/7/2026), dialogue (đối\n"
    "                     thoại), voters (tiếp xúc cử tri); the Front's:\n"
    "                     supervision (giám sát) or criticism (phản biện xã\n"
    "                     hội)\n"
    "  --presided-by NAME who presides over it\n"
    "  --title TEXT       what the session is about\n"
    "  --theme TEXT       its theme (chủ đề), e.g. a dialogue with the youth\n"
    "  --number N         a periodic or ad hoc reception's number in the year\n"
    "                     (kỳ tiếp số); a periodic one takes the next by\n"
    "                     default\n"
    "  --unit CODE        the unit holding it (default: your own unit)\n"
    "  --at \"DD/MM/YYYY[ HH:MM]\"\n"
    "                     when it opened, Vietnam time (default: now)\n"
    "\n"
    "It is sent once, without retries, so that it cannot be opened twice.\n");

static const char usage_session_close[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] session close SESSION_ID [OPTIONS]\n"
    "\n"
    "Closes a reception session and records its figures.\n"
    "\n"
    "  --attendees N          people who came\n"
    "  --opinions N           opinions raised\n"
    "  --resolved-on-spot N   of those, answered there and then\n"
    "  --forwarded N          of those, sent on to competent agencies\n"
    "  --groups N             mass delegations (đoàn đông người) received\n"
    "  --group-people N       people who came in them (part of the\n"
    "                         attendees)\n"
    "  --note TEXT            a note on the session\n"
    "  --at \"DD/MM/YYYY[ HH:MM]\"\n"
    "                         when it closed, Vietnam time (default: now)\n");

static const char usage_session_list[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] session list [OPTIONS]\n"
       "\n"
       "Lists reception sessions of your unit.\n"
       "\n"
       "  --unit CODE        only this unit\n"
       "  --type TYPE        only regular, periodic, adhoc, delegated,\n"
       "                     dialogue, voters, supervision or criticism\n"
       "  --from DD/MM/YYYY opened on or after this day\n"
       "  --to DD/MM/YYYY   opened on or before this day\n");

static const struct td_opt open_opts[] = {
    {"help", 0, O_HELP},
    {"type", 1, O_TYPE},
    {"title", 1, O_TITLE},
    {"presided-by", 1, O_PRESIDED_BY},
    {"unit", 1, O_UNIT},
    {"at", 1, O_AT},
    {"number", 1, O_NUMBER},
    {"theme", 1, O_THEME},
    {NULL, 0, 0},
};

static const struct td_opt close_opts[] = {
    {"help", 0, O_HELP},
    {"attendees", 1, O_ATTENDEES},
    {"opinions", 1, O_OPINIONS},
    {"resolved-on-spot", 1, O_RESOLVED_ON_SPOT},
    {"forwarded", 1, O_FORWARDED},
    {"groups", 1, O_GROUPS},
    {"group-people", 1, O_GROUP_PEOPLE},
    {"note", 1, O_NOTE},
    {"at", 1, O_AT},
    {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT}, {"type", 1, O_TYPE},
    {"from", 1, O_FROM}, {"to", 1, O_TO},     {NULL, 0, 0},
};

/* The short words an officer types, besides the wire names. */
static int session_type(const char *v, int *type, char *err, size_t errlen)
{
  static const struct {
    const char *word;
    int type;
  } words[] = {
      {"regular", TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION},
      {"periodic", TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION},
      {"adhoc", TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION},
      {"delegated", TIEPDAN__SESSION_TYPE__DELEGATED_RECEPTION},
      {"voters", TIEPDAN__SESSION_TYPE__VOTERS_MEETING},
      {"criticism", TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM},
  };
  size_t i;

  *type = td_session_type_parse(v);
  for (i = 0; *type <= 0 && i < sizeof(words) / sizeof(words[0]); i++)
    if (strcmp(v, words[i].word) == 0)
      *type = words[i].type;
  if (*type <= 0)
    *type = td_terms_in_enum(TD_TERMS_SESSION_TYPE, v);
  if (*type > 0)
    return 0;
  *type = 0;
  return td_opt_bad_value("--type", v,
                          _("one of regular, periodic, adhoc, delegated, "
                            "dialogue, voters, supervision, criticism"),
                          err, errlen);
}

static int open_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_session_open_args *a = ctx;
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_TYPE:
    return session_type(v, &a->type, err, errlen);
  case O_TITLE:
    return td_opt_text("--title", v, &a->title, err, errlen);
  case O_PRESIDED_BY:
    return td_opt_text("--presided-by", v, &a->presided_by, err, errlen);
  case O_UNIT:
    a->unit = v;
    return 0;
  case O_THEME:
    return td_opt_text("--theme", v, &a->theme, err, errlen);
  case O_NUMBER:
    if (td_opt_parse_count("--number", v, NUMBER_MAX, &a->number,
                           &a->has_number, err, errlen) != 0)
      return -1;
    if (a->number == 0)
      return td_opt_bad_value("--number", v, _("a session number from 1"), err,
                              errlen);
    return 0;
  default:
    return td_opt_parse_at("--at", v, &a->at, &a->has_at, err, errlen);
  }
}

int td_cmd_parse_session_open(int argc, char **argv,
                              struct td_session_open_args *a, char *err,
                              size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, open_opts, open_opt, a, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  if (a->type == 0)
    return td_opt_missing("--type", "regular", err, errlen);
  if (a->presided_by == NULL)
    return td_opt_missing("--presided-by", "\"Nguyễn Văn Bình\"", err, errlen);
  /* Said here too, so that a refused number is not kept in the outbox. */
  if (a->has_number && a->type != TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION &&
      a->type != TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION) {
    snprintf(err, errlen, "%s",
             _("--number is only for a periodic or ad hoc reception (kỳ "
               "tiếp số)"));
    return -1;
  }
  return 0;
}

static int close_opt(struct td_session_close_args *a, int id, char *v,
                     char *err, size_t errlen)
{
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_ATTENDEES:
    return td_opt_parse_count("--attendees", v, COUNT_MAX, &a->attendees,
                              &a->has_attendees, err, errlen);
  case O_OPINIONS:
    return td_opt_parse_count("--opinions", v, COUNT_MAX, &a->opinions,
                              &a->has_opinions, err, errlen);
  case O_RESOLVED_ON_SPOT:
    return td_opt_parse_count("--resolved-on-spot", v, COUNT_MAX,
                              &a->resolved_on_spot, &a->has_resolved_on_spot,
                              err, errlen);
  case O_FORWARDED:
    return td_opt_parse_count("--forwarded", v, COUNT_MAX, &a->forwarded,
                              &a->has_forwarded, err, errlen);
  case O_GROUPS:
    return td_opt_parse_count("--groups", v, COUNT_MAX, &a->groups,
                              &a->has_groups, err, errlen);
  case O_GROUP_PEOPLE:
    return td_opt_parse_count("--group-people", v, COUNT_MAX, &a->group_people,
                              &a->has_group_people, err, errlen);
  case O_NOTE:
    return td_opt_text("--note", v, &a->note, err, errlen);
  default:
    return td_opt_parse_at("--at", v, &a->at, &a->has_at, err, errlen);
  }
}

/* The mass delegations add up: checked here too, so that figures the
 * server would refuse are not kept in the outbox. */
static int close_groups_ok(const struct td_session_close_args *a, char *err,
                           size_t errlen)
{
  const char *msg = NULL;

  if (a->has_group_people && !a->has_groups)
    msg = _("--group-people needs --groups, the number of delegations");
  else if (a->has_groups && a->groups > 0 && !a->has_group_people)
    msg = _("--groups needs --group-people, the people who came in them");
  else if (a->has_group_people && a->group_people < a->groups)
    msg = _("--group-people cannot be fewer than --groups: each delegation "
            "has at least one person");
  else if (a->has_group_people && a->group_people > 0 && !a->has_attendees)
    msg = _("--group-people needs --attendees: the people in delegations are "
            "part of the attendees");
  else if (a->has_group_people && a->group_people > a->attendees)
    msg = _("--group-people cannot be more than --attendees");
  if (msg == NULL)
    return 0;
  snprintf(err, errlen, "%s", msg);
  return -1;
}

static int session_number(const char *w, int64_t *id, char *err, size_t errlen)
{
  uint64_t n;

  if (td_args_uint(w, 1, INT64_MAX, &n) != 0)
    return td_opt_bad_value("SESSION_ID", w,
                            _("the number \"tiepdan session open\" printed"),
                            err, errlen);
  *id = (int64_t)n;
  return 0;
}

int td_cmd_parse_session_close(int argc, char **argv,
                               struct td_session_close_args *a, char *err,
                               size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, close_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD && a->id != 0)
      return td_opt_extra_word(args.value, err, errlen);
    if (id == TD_ARGS_WORD) {
      if (session_number(args.value, &a->id, err, errlen) != 0)
        return -1;
    } else if (close_opt(a, id, args.value, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help)
    return 0;
  if (a->id != 0)
    return close_groups_ok(a, err, errlen);
  snprintf(err, errlen, "%s",
           _("give the session's number, e.g. tiepdan session close 12 "
             "--attendees 40"));
  return -1;
}

static int list_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_session_list_args *a = ctx;
  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    a->unit = v;
    return 0;
  case O_TYPE:
    return session_type(v, &a->type, err, errlen);
  case O_FROM:
    a->has_from = td_datetime_parse_day(v, 0, &a->from) == 0;
    if (!a->has_from)
      return td_opt_bad_value("--from", v, _("a date DD/MM/YYYY or YYYY-MM-DD"),
                              err, errlen);
    return 0;
  default:
    a->has_to = td_datetime_parse_day(v, 1, &a->to) == 0;
    if (!a->has_to)
      return td_opt_bad_value("--to", v, _("a date DD/MM/YYYY or YYYY-MM-DD"),
                              err, errlen);
    return 0;
  }
}

int td_cmd_parse_session_list(int argc, char **argv,
                              struct td_session_list_args *a, char *err,
                              size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, list_opts, list_opt, a, err, errlen) != 0)
    return -1;
  if (a->has_from && a->has_to && a->from >= a->to) {
    snprintf(err, errlen, "%s", _("--from must not be after --to"));
    return -1;
  }
  return 0;
}

void td_cmd_session_open_request(const struct td_session_open_args *a,
                                 struct td_session_open_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__OpenSession open = TIEPDAN__OPEN_SESSION__INIT;

  r->env = env;
  r->open = open;
  r->open.unit_code = a->unit;
  r->open.has_type = a->type != 0;
  r->open.type = (Tiepdan__SessionType)a->type;
  r->open.title = a->title;
  r->open.presided_by = a->presided_by;
  r->open.has_at = a->has_at;
  r->open.at = a->at;
  r->open.has_number = a->has_number;
  r->open.number = a->number;
  r->open.theme = a->theme;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_OPEN_SESSION;
  r->env.open_session = &r->open;
}

void td_cmd_session_close_request(const struct td_session_close_args *a,
                                  struct td_session_close_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__CloseSession close = TIEPDAN__CLOSE_SESSION__INIT;

  r->env = env;
  r->close = close;
  r->close.has_session_id = 1;
  r->close.session_id = a->id;
  r->close.has_attendees = a->has_attendees;
  r->close.attendees = a->attendees;
  r->close.has_opinions = a->has_opinions;
  r->close.opinions = a->opinions;
  r->close.has_resolved_on_spot = a->has_resolved_on_spot;
  r->close.resolved_on_spot = a->resolved_on_spot;
  r->close.has_forwarded = a->has_forwarded;
  r->close.forwarded = a->forwarded;
  r->close.has_groups = a->has_groups;
  r->close.groups = a->groups;
  r->close.has_group_people = a->has_group_people;
  r->close.group_people = a->group_people;
  r->close.note = a->note;
  r->close.has_at = a->has_at;
  r->close.at = a->at;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION;
  r->env.close_session = &r->close;
}

void td_cmd_session_list_request(const struct td_session_list_args *a,
                                 struct td_session_list_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListSessions list = TIEPDAN__LIST_SESSIONS__INIT;

  r->env = env;
  r->list = list;
  r->list.unit_code = a->unit;
  r->list.has_type = a->type != 0;
  r->list.type = (Tiepdan__SessionType)a->type;
  r->list.has_from = a->has_from;
  r->list.from = a->from;
  r->list.has_to = a->has_to;
  r->list.to = a->to;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS;
  r->env.list_sessions = &r->list;
}

/* Keeps a session request in the outbox, sends it, and prints the session
 * it answers with; or tells that it was kept. */
static int session_call(const struct td_global_args *g, Tiepdan__Envelope *req,
                        char *key, const struct td_call *c, const char *done,
                        const char *label)
{
  struct td_client_opts o;
  struct td_session s;
  struct td_outbox *ob = NULL;
  struct td_write w;
  Tiepdan__Envelope *reply;
  const Tiepdan__Session *session;
  char words[512];
  int code;

  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK && td_outbox_open_default(&o, 0, &ob) != 0)
    code = TD_EXIT_INTERNAL;
  if (code == TD_EXIT_OK && td_uuid_v4(key) != 0)
    code = td_call_internal(_("the system's random number source failed"));
  if (code == TD_EXIT_OK) {
    /* Its key makes a retry safe: a session is never opened twice. */
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    memset(&w, 0, sizeof(w));
    w.op = c->command;
    w.target = "";
    w.label = label;
    w.req = req;
    w.key = key;
    w.want = TIEPDAN__ENVELOPE__BODY_SESSION_REPLY;
    w.call = c;
    code = td_write_send(&s, ob, &w, &reply);
    if (code == TD_EXIT_OK && reply == NULL) {
      snprintf(words, sizeof(words),
               _("Not sent yet: \"%s\" is kept in the outbox (entry %lld) "
                 "and will be sent when the link is back.\n"),
               label, (long long)w.seq);
      code = td_write_print_kept(g, &w, words);
    } else if (code == TD_EXIT_OK) {
      session = reply->session_reply->session;
      td_output_set_terms(s.hello ? s.hello->hello_reply : NULL);
      code = session
                 ? td_call_finish_output(
                       td_output_session(stdout, g->format, session, done))
                 : td_call_internal(_("the server's answer holds no session"));
      td_output_set_terms(NULL);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  if (ob != NULL)
    td_outbox_close(ob);
  td_client_config_free(&o);
  return code;
}

static int session_open(const struct td_global_args *g, int argc, char **argv)
{
  static const struct td_call c = {
      .command = "session open",
      .unsure = N_("The session may or may not have been opened; check with\n"
                   "  tiepdan session list\n"
                   "before opening it again.\n"),
      .illegal_step = ILLEGAL_STEP};
  struct td_session_open_args a;
  struct td_session_open_req req;
  char key[TD_UUID_LEN + 1];
  char err[512];

  if (td_cmd_parse_session_open(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("session open", err, usage_session_open);
  if (a.help)
    return td_call_print_usage(usage_session_open);
  td_cmd_session_open_request(&a, &req);
  req.open.idempotency_key = key;
  return session_call(g, &req.env, key, &c, _("opened"),
                      _("open a reception session"));
}

static int session_close(const struct td_global_args *g, int argc, char **argv)
{
  static const struct td_call c = {
      .command = "session close",
      .unsure = N_("The session may or may not have been closed; check with\n"
                   "  tiepdan session list\n"),
      .illegal_step = ILLEGAL_STEP};
  struct td_session_close_args a;
  struct td_session_close_req req;
  char key[TD_UUID_LEN + 1], label[96];
  char err[512];

  if (td_cmd_parse_session_close(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("session close", err, usage_session_close);
  if (a.help)
    return td_call_print_usage(usage_session_close);
  td_cmd_session_close_request(&a, &req);
  req.close.idempotency_key = key;
  snprintf(label, sizeof(label), _("close reception session %lld"),
           (long long)req.close.session_id);
  return session_call(g, &req.env, key, &c, _("closed"), label);
}

static int session_list(const struct td_global_args *g, int argc, char **argv)
{
  static const struct td_call c = {.command = "session list",
                                   .illegal_step = ILLEGAL_STEP};
  struct td_session_list_args a;
  struct td_session_list_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__ListSessionsReply *l;
  char err[512];
  int code;

  if (td_cmd_parse_session_list(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("session list", err, usage_session_list);
  if (a.help)
    return td_call_print_usage(usage_session_list);
  td_cmd_session_list_request(&a, &req);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(
        &s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY, &reply, &c);
    if (code == TD_EXIT_OK) {
      l = reply->list_sessions_reply;
      td_output_set_terms(s.hello ? s.hello->hello_reply : NULL);
      code = td_call_finish_output(td_output_sessions(
          stdout, g->format, (const Tiepdan__Session *const *)l->sessions,
          l->n_sessions, td_call_terminal_columns()));
      td_output_set_terms(NULL);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

int td_cmd_session(const struct td_global_args *g)
{
  char err[512];
  char *sub;

  if (g->argc == 0)
    return td_call_usage_error("session", _("give open, close or list"),
                               usage_session);
  sub = g->argv[0];
  if (td_call_is_help(sub))
    return td_call_print_usage(usage_session);
  if (strcmp(sub, "open") == 0)
    return session_open(g, g->argc - 1, g->argv + 1);
  if (strcmp(sub, "close") == 0)
    return session_close(g, g->argc - 1, g->argv + 1);
  if (strcmp(sub, "list") == 0)
    return session_list(g, g->argc - 1, g->argv + 1);
  snprintf(err, sizeof(err), _("unknown session command \"%s\""), sub);
  return td_call_usage_error("session", err, usage_session);
}
