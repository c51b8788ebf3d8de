/*
 * tiepdan whoami: connects and shows whom this computer's certificate
 * belongs to, a quick check of the certificate and the connection; an
 * administrator also sees the server's warning about next year's holidays.
 */
#include "cmd/builtin.h"

#include <stdio.h>

#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

enum { O_HELP = 1 };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] whoami\n"
    "\n"
    "Connects and shows the account this computer's certificate belongs to:\n"
    "its name, role and unit, and the server's version. A quick check that\n"
    "the certificate and the connection work.\n");

static const struct td_opt help_opts[] = {
    {"help", 0, O_HELP},
    {NULL, 0, 0},
};

static int parse(int argc, char **argv, int *help, char *err, size_t errlen)
{
  struct td_args a;
  int id;

  *help = 0;
  td_args_init(&a, argc, argv);
  for (;;) {
    id = td_cmd__next(&a, help_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD)
      return td_opt_extra_word(a.value, err, errlen);
    *help = 1;
  }
  return 0;
}

/* An administrator is told, on standard error so that the output stays
 * what scripts read, when next year's holidays are only provisional. */
static void warn_calendar(const Tiepdan__HelloReply *h)
{
  char words[256];

  if (h->calendar_warning == NULL || !h->has_role ||
      h->role != TIEPDAN__ROLE__ADMIN)
    return;
  fprintf(stderr,
          _("Warning: %s; deadlines are counted on a provisional calendar. "
            "Load the Government's announcement: tiepdan admin holidays "
            "load YEAR FILE (see tiepdan admin holidays list)\n"),
          td_call_calendar_words(h->calendar_warning, words, sizeof(words)));
}

int td_cmd_whoami(const struct td_global_args *g)
{
  static const struct td_call c = {.command = "whoami"};
  struct td_client_opts o;
  struct td_session s;
  Tiepdan__Envelope *reply;
  char err[512];
  int help;
  int code;

  if (parse(g->argc, g->argv, &help, err, sizeof(err)) != 0)
    return td_call_usage_error("whoami", err, _(usage));
  if (help)
    return td_call_print_usage(_(usage));
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(&s, NULL, TIEPDAN__ENVELOPE__BODY_HELLO_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      td_output_set_terms(reply->hello_reply);
      code = td_call_finish_output(
          td_output_hello(stdout, g->format, reply->hello_reply));
      td_output_set_terms(NULL);
      warn_calendar(reply->hello_reply);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
