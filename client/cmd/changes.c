/* tiepdan changes: the events after a cursor; see changes.h. */
#include "cmd/changes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/changes.h"

enum { O_HELP = 1, O_UNIT, O_SINCE, O_WAIT, O_LIMIT };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] changes [--since N] [--wait SECONDS]\n"
    "                                       [--limit N] [--unit CODE]\n"
    "\n"
    "Prints the events recorded after the cursor N in your unit and the\n"
    "units below it, oldest first, then the new cursor to give as --since\n"
    "next time. Without --since it prints only the current cursor: start\n"
    "there to follow what happens from now on. Notes you may not read are\n"
    "withheld.\n"
    "\n"
    "  --since N       the cursor a previous run printed (0: from the start)\n"
    "  --wait SECONDS  when nothing is new, wait up to this long (0 to 60)\n"
    "                  for an event before answering; needs --since\n"
    "  --limit N       at most N events (1 to 1000, default 100); when more\n"
    "                  are ready the table says so on standard error\n"
    "  --unit CODE     only the events of this unit and the units below it\n"
    "\n"
    "Output: table: one line per event, then \"cursor N\"; csv: one row per\n"
    "event, its last columns the cursor and more (with no events, one row\n"
    "with only those); json: {\"cursor\": N, \"more\": false, \"events\":\n"
    "[...]}.\n"
    "\n"
    "Example:\n"
    "  c=$(tiepdan --format json changes | jq .cursor)\n"
    "  tiepdan changes --since \"$c\" --wait 60\n");

static const struct td_opt changes_opts[] = {
    {"help", 0, O_HELP}, {"unit", 1, O_UNIT},   {"since", 1, O_SINCE},
    {"wait", 1, O_WAIT}, {"limit", 1, O_LIMIT}, {NULL, 0, 0},
};

static int unit_opt(char **unit, char *v, char *err, size_t errlen)
{
  if (td_opt_blank(v))
    return td_opt_bad_value("--unit", v, _("a unit code such as 12 or 03390"),
                            err, errlen);
  *unit = v;
  return 0;
}

static int changes_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_changes_args *a = ctx;
  uint64_t n;

  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_UNIT:
    return unit_opt(&a->unit, v, err, errlen);
  case O_SINCE:
    if (td_args_uint(v, 0, UINT64_MAX, &n) != 0)
      return td_opt_bad_value("--since", v,
                              _("a cursor: the number a previous "
                                "\"tiepdan changes\" printed, or 0"),
                              err, errlen);
    a->since = n;
    a->has_since = 1;
    return 0;
  case O_WAIT:
    if (td_args_uint(v, 0, TD_CHANGES_WAIT_MAX_S, &n) != 0)
      return td_opt_bad_value(
          "--wait", v, _("a number of seconds from 0 to 60"), err, errlen);
    a->wait_s = (uint32_t)n;
    a->has_wait = 1;
    return 0;
  default:
    if (td_args_uint(v, 1, TD_CHANGES_LIMIT_MAX, &n) != 0)
      return td_opt_bad_value("--limit", v, _("a number from 1 to 1000"), err,
                              errlen);
    a->limit = (uint32_t)n;
    a->has_limit = 1;
    return 0;
  }
}

int td_cmd_parse_changes(int argc, char **argv, struct td_changes_args *a,
                         char *err, size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, changes_opts, changes_opt, a, err, errlen) != 0)
    return -1;
  if (a->help)
    return 0;
  /* Without a cursor the server answers at once with the cursor alone:
   * there would be nothing to wait for. */
  if (a->has_wait && a->wait_s > 0 && !a->has_since) {
    snprintf(err, errlen,
             _("--wait needs --since: without a cursor the server only "
               "tells the current one, at once"));
    return -1;
  }
  return 0;
}

void td_cmd_changes_request(const struct td_changes_args *a,
                            struct td_changes_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__Changes changes = TIEPDAN__CHANGES__INIT;

  r->env = env;
  r->changes = changes;
  r->changes.has_since = a->has_since;
  r->changes.since = a->since;
  r->changes.has_limit = a->has_limit;
  r->changes.limit = a->limit;
  r->changes.has_wait_ms = a->has_wait && a->wait_s > 0;
  r->changes.wait_ms = a->wait_s * 1000;
  r->changes.unit_code = a->unit;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_CHANGES;
  r->env.changes = &r->changes;
}

static int print_changes(const struct td_global_args *g,
                         const Tiepdan__Envelope *reply, const void *arg)
{
  const Tiepdan__ChangesReply *r;
  char cursor[32];

  (void)arg;
  r = reply->changes_reply;
  snprintf(cursor, sizeof(cursor), "%" PRIu64, r->cursor);
  if (g->format == TD_FORMAT_TABLE && r->more)
    fprintf(stderr,
            _("tiepdan: more events follow; run again with --since %s\n"),
            cursor);
  return td_call_finish_output(td_output_changes(stdout, g->format, r));
}

int td_cmd_changes(const struct td_global_args *g)
{
  struct td_call c = {.command = "changes"};
  struct td_changes_args a;
  struct td_changes_req req;
  char err[512];

  if (td_cmd_parse_changes(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("changes", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  c.unknown = _("this server does not offer the change feed yet; ask your "
                "administrator to update tiepdand");
  td_cmd_changes_request(&a, &req);
  /* A read: sent once, as stats is. */
  return td_call_and_print(g, &req.env, TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY,
                           0, &c, print_changes, NULL);
}
