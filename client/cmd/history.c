/* tiepdan history: the steps of one petition; see history.h. */
#include "cmd/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

enum { O_HELP = 1, O_AUDIT };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] history [--audit] ID|RECEIPT\n"
    "\n"
    "Prints every recorded step of one petition, oldest first: when, by\n"
    "whom, what was done, the status before and after, and the note. When\n"
    "the step changed fields (a deadline recomputed, say), their new values\n"
    "follow as JSON under the note. With --format csv or json, one record\n"
    "per step.\n"
    "\n"
    "  --audit   also list each time an officer was shown the identity of a\n"
    "            denouncer or of a confidential petitioner (always "
    "recorded)\n");

static const struct td_opt history_opts[] = {
    {"help", 0, O_HELP},
    {"audit", 0, O_AUDIT},
    {NULL, 0, 0},
};

int td_cmd_parse_history(int argc, char **argv, struct td_history_args *a,
                         char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, history_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP)
      a->help = 1;
    else if (id == O_AUDIT)
      a->audit = 1;
    else if (a->ref != NULL)
      return td_opt_extra_word(args.value, err, errlen);
    else
      a->ref = args.value;
  }
  if (a->help)
    return 0;
  return td_opt_check_ref(a->ref, "history", err, errlen);
}

void td_cmd_history_request(const struct td_history_args *a,
                            struct td_history_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetHistory get = TIEPDAN__GET_HISTORY__INIT;

  r->env = env;
  r->get = get;
  if (td_opt_ref_id(a->ref, &r->get.petition_id)) {
    r->get.key_case = TIEPDAN__GET_HISTORY__KEY_PETITION_ID;
  } else {
    r->get.key_case = TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO;
    r->get.receipt_no = a->ref;
  }
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_HISTORY;
  r->env.get_history = &r->get;
}

size_t td_cmd_history_steps(const Tiepdan__HistoryReply *h, int audit,
                            Tiepdan__Event **out)
{
  size_t n = 0;
  size_t i;

  for (i = 0; i < h->n_events; i++) {
    const char *action = h->events[i]->action;

    if (audit || action == NULL || strcmp(action, "identity_read") != 0)
      out[n++] = h->events[i];
  }
  return n;
}

/* Prints reply's steps as a asks. */
static int print_steps(const struct td_global_args *g,
                       const struct td_history_args *a,
                       const Tiepdan__HistoryReply *reply)
{
  Tiepdan__HistoryReply shown = *reply;
  Tiepdan__Event **steps;
  int rc;

  steps = malloc(sizeof(*steps) * (reply->n_events ? reply->n_events : 1));
  if (steps == NULL)
    return -1;
  shown.events = steps;
  shown.n_events = td_cmd_history_steps(reply, a->audit, steps);
  rc = td_output_history(stdout, g->format, &shown);
  free(steps);
  return rc;
}

int td_cmd_history(const struct td_global_args *g)
{
  static const struct td_call c = {.command = "history"};
  struct td_history_args a;
  struct td_history_req req;
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int code;

  if (td_cmd_parse_history(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("history", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  td_cmd_history_request(&a, &req);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(&s, &req.env, TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      if (s.hello != NULL)
        td_output_set_terms(s.hello->hello_reply);
      code = td_call_finish_output(print_steps(g, &a, reply->history_reply));
      td_output_set_terms(NULL);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
