/*
 * tiepdan report --form: one official form filled by the server for the
 * caller's unit (or --unit) and an official period, printed, written as the
 * form's workbook, or explained figure by figure (--explain-cell). See
 * render/form.h for how it is laid out.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/report.h"
#include "lang/lang.h"
#include "render/report_form.h"
#include "render/report.h"

void td_cmd_report_form_request(const struct td_report_args *a,
                                Tiepdan__GetForm *m)
{
  tiepdan__get_form__init(m);
  m->form = (char *)a->form;
  m->unit_code = a->unit;
  m->from = (char *)a->from_day;
  m->to = (char *)a->to_day;
  if (a->explain > 0) {
    m->has_explain_column = 1;
    m->explain_column = a->explain;
    m->explain_unit = a->explain_unit;
  }
}

static int form_output(const struct td_global_args *g,
                       const struct td_report_args *a,
                       const Tiepdan__FormReply *r)
{
  struct td_form_doc d;
  char err[1024];

  d.period = &a->period;
  d.vi = a->lang == TD_REPORT_VI;
  if (a->explain > 0)
    return td_call_finish_output(td_form_print_items(
        stdout, g->format, r, a->explain, a->explain_unit, &d));
  if (a->xlsx != NULL) {
    if (td_form_write_xlsx(a->xlsx, r, &d, err, sizeof(err)) != 0)
      return td_call_internal(err);
    printf("%s\n", a->xlsx);
    return td_call_finish_output(0);
  }
  return td_call_finish_output(td_form_print(stdout, g->format, r, &d));
}

int td_cmd_report_form(const struct td_global_args *g,
                       const struct td_report_args *a, const char *usage)
{
  static const struct td_call c = {
      .command = "report",
      .not_found = N_("check the form (01/TCD, 02/XLD, 03/GQKN or 04/GQTC) "
                      "and the unit given with --unit; you see the forms "
                      "only of your own unit and the units below it"),
      .unknown = N_("this server does not fill the official forms yet; ask "
                    "your administrator to update tiepdand")};
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetForm m;
  Tiepdan__Envelope *reply = NULL;
  struct td_client_opts o;
  struct td_session s;
  int code;

  (void)usage;
  td_cmd_report_form_request(a, &m);
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_FORM;
  env.get_form = &m;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, 0);
    code = td_call_exchange(&s, &env, TIEPDAN__ENVELOPE__BODY_FORM_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK)
      code = form_output(g, a, reply->form_reply);
    if (reply != NULL)
      tiepdan__envelope__free_unpacked(reply, NULL);
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
