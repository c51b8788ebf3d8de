/* tiepdan show: one petition, by id or receipt number; see show.h. */
#include "cmd/show.h"

#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

enum { O_HELP = 1, O_EXPLAIN };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] show ID|RECEIPT [--explain]\n"
    "\n"
    "Prints every field of one petition, found by its id (digits only) or its\n"
    "receipt number (e.g. BL-2026-000001): its status, its deadline and the\n"
    "step it is for (accept: deciding whether to accept it; resolve:\n"
    "answering it), the days elapsed and remaining, then the notes added to\n"
    "it with their time and author. An identity kept from your role shows\n"
    "as (withheld).\n"
    "\n"
    "  --explain  also print how the server computed the deadline: the rule\n"
    "             and its legal basis, the days counted, the holidays and\n"
    "             weekends skipped\n");

static const struct td_opt show_opts[] = {
    {"help", 0, O_HELP},
    {"explain", 0, O_EXPLAIN},
    {NULL, 0, 0},
};

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
      return td_opt_extra_word(args.value, err, errlen);
    else
      a->ref = args.value;
  }
  if (a->help)
    return 0;
  return td_opt_check_ref(a->ref, "show", err, errlen);
}

void td_cmd_show_request(const struct td_show_args *a, struct td_show_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__GetPetition get = TIEPDAN__GET_PETITION__INIT;

  r->env = env;
  r->get = get;
  if (td_opt_ref_id(a->ref, &r->get.id)) {
    r->get.key_case = TIEPDAN__GET_PETITION__KEY_ID;
  } else {
    r->get.key_case = TIEPDAN__GET_PETITION__KEY_RECEIPT_NO;
    r->get.receipt_no = a->ref;
  }
  r->get.has_explain = a->explain;
  r->get.explain = a->explain;
  /* The server words the explanation; it says it in the officer's language. */
  if (a->explain)
    r->get.language = td_lang_current() == TD_LANG_VI ? "vi" : "en";
  /* The notes come with the petition, in one reply: one read of it, and
   * one record of who read a secret identity. */
  r->get.has_notes = 1;
  r->get.notes = 1;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_GET_PETITION;
  r->env.get_petition = &r->get;
}

/* With --explain, says so when the server had nothing to explain. */
static void no_explanation(const struct td_global_args *g,
                           const struct td_show_req *req,
                           const Tiepdan__Petition *p)
{
  if (g->format == TD_FORMAT_TABLE && req->get.explain &&
      (p->explain == NULL || p->explain[0] == '\0'))
    fputs(_("\nHow the deadline was computed:\n  the server gave no "
            "explanation: no deadline runs for this petition now\n"),
          stdout);
}

static int show(const struct td_global_args *g, struct td_show_req *req)
{
  static const struct td_call c = {.command = "show"};
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  const Tiepdan__Petition *p;
  int code;

  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(&s, &req->env, TIEPDAN__ENVELOPE__BODY_GET_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      p = reply->get_reply->petition;
      if (s.hello != NULL)
        td_output_set_terms(s.hello->hello_reply);
      if (p != NULL) {
        code = td_output_petition(stdout, g->format, p);
        if (code == 0)
          no_explanation(g, req, p);
        code = td_call_finish_output(code);
        if (code == TD_EXIT_OK && g->format == TD_FORMAT_TABLE)
          code = td_call_finish_output(td_output_notes(
              stdout, (const Tiepdan__Event *const *)reply->get_reply->notes,
              reply->get_reply->n_notes));
      } else {
        code = td_call_internal(_("the server's answer holds no petition"));
      }
      td_output_set_terms(NULL);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}

int td_cmd_show(const struct td_global_args *g)
{
  struct td_show_args a;
  struct td_show_req req;
  char err[512];

  if (td_cmd_parse_show(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("show", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  td_cmd_show_request(&a, &req);
  return show(g, &req);
}
