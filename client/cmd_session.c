/*
 * Command lines of reception sessions (session open, close, list) and of
 * the administrator's holiday loading. See cmd.h.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd_int.h"
#include "datetime.h"
#include "wire.h"

#define COUNT_MAX 1000000u /* People or opinions at one session. */
#define YEAR_MIN 1970
#define YEAR_MAX 2100

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
  O_TO
};

static const struct td_opt open_opts[] = {
    {"help", 0, O_HELP},   {"type", 1, O_TYPE},
    {"title", 1, O_TITLE}, {"presided-by", 1, O_PRESIDED_BY},
    {"unit", 1, O_UNIT},   {"at", 1, O_AT},
    {NULL, 0, 0},
};

static const struct td_opt close_opts[] = {
    {"help", 0, O_HELP},
    {"attendees", 1, O_ATTENDEES},
    {"opinions", 1, O_OPINIONS},
    {"resolved-on-spot", 1, O_RESOLVED_ON_SPOT},
    {"forwarded", 1, O_FORWARDED},
    {"note", 1, O_NOTE},
    {"at", 1, O_AT},
    {NULL, 0, 0},
};

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT}, {"type", 1, O_TYPE},
    {"from", 1, O_FROM}, {"to", 1, O_TO},     {NULL, 0, 0},
};

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
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
      {"voters", TIEPDAN__SESSION_TYPE__VOTERS_MEETING},
  };
  size_t i;

  *type = td_session_type_parse(v);
  for (i = 0; *type <= 0 && i < sizeof(words) / sizeof(words[0]); i++)
    if (strcmp(v, words[i].word) == 0)
      *type = words[i].type;
  if (*type > 0)
    return 0;
  *type = 0;
  return td_cmd__bad_value(
      "--type", v, "one of regular, periodic, dialogue, voters", err, errlen);
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
    return text("--title", v, &a->title, err, errlen);
  case O_PRESIDED_BY:
    return text("--presided-by", v, &a->presided_by, err, errlen);
  case O_UNIT:
    a->unit = v;
    return 0;
  default:
    return td_cmd__parse_at("--at", v, &a->at, &a->has_at, err, errlen);
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
    return td_cmd__missing("--type", "regular", err, errlen);
  if (a->presided_by == NULL)
    return td_cmd__missing("--presided-by", "\"Nguyễn Văn Bình\"", err, errlen);
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
    return td_cmd__parse_count("--attendees", v, COUNT_MAX, &a->attendees,
                               &a->has_attendees, err, errlen);
  case O_OPINIONS:
    return td_cmd__parse_count("--opinions", v, COUNT_MAX, &a->opinions,
                               &a->has_opinions, err, errlen);
  case O_RESOLVED_ON_SPOT:
    return td_cmd__parse_count("--resolved-on-spot", v, COUNT_MAX,
                               &a->resolved_on_spot, &a->has_resolved_on_spot,
                               err, errlen);
  case O_FORWARDED:
    return td_cmd__parse_count("--forwarded", v, COUNT_MAX, &a->forwarded,
                               &a->has_forwarded, err, errlen);
  case O_NOTE:
    return text("--note", v, &a->note, err, errlen);
  default:
    return td_cmd__parse_at("--at", v, &a->at, &a->has_at, err, errlen);
  }
}

static int session_number(const char *w, int64_t *id, char *err, size_t errlen)
{
  uint64_t n;

  if (td_args_uint(w, 1, INT64_MAX, &n) != 0)
    return td_cmd__bad_value("SESSION_ID", w,
                             "the number \"tiepdan session open\" printed", err,
                             errlen);
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
      return td_cmd__extra_word(args.value, err, errlen);
    if (id == TD_ARGS_WORD) {
      if (session_number(args.value, &a->id, err, errlen) != 0)
        return -1;
    } else if (close_opt(a, id, args.value, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help || a->id != 0)
    return 0;
  snprintf(err, errlen,
           "give the session's number, e.g. tiepdan session close 12 "
           "--attendees 40");
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
      return td_cmd__bad_value("--from", v, "a date YYYY-MM-DD", err, errlen);
    return 0;
  default:
    a->has_to = td_datetime_parse_day(v, 1, &a->to) == 0;
    if (!a->has_to)
      return td_cmd__bad_value("--to", v, "a date YYYY-MM-DD", err, errlen);
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
    snprintf(err, errlen, "--from must not be after --to");
    return -1;
  }
  return 0;
}

int td_cmd_parse_holidays_load(int argc, char **argv,
                               struct td_holidays_args *a, char *err,
                               size_t errlen)
{
  struct td_args args;
  uint64_t y;
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
    if (id == O_HELP) {
      a->help = 1;
    } else if (words == 0) {
      words++;
      if (td_args_uint(args.value, YEAR_MIN, YEAR_MAX, &y) != 0)
        return td_cmd__bad_value("YEAR", args.value, "a year such as 2026", err,
                                 errlen);
      a->year = (unsigned)y;
    } else if (words == 1) {
      words++;
      a->file = args.value;
    } else {
      return td_cmd__extra_word(args.value, err, errlen);
    }
  }
  if (a->help || words == 2)
    return 0;
  snprintf(err, errlen,
           "give the year and the file, e.g. tiepdan admin holidays load "
           "2026 holidays-2026.csv");
  return -1;
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
