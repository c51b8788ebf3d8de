/*
 * The official report forms: one filled for a unit and a period of days,
 * its check formulas verified on every row, or the petitions and sessions
 * behind one of its figures, disclosed as any read is (ops/disclose.c).
 */
#include <stdio.h>
#include <string.h>

#include "common/code.h"
#include "common/formula.h"
#include "db/form.h"
#include "ops/ops.h"
#include "domain/validate.h"
#include "util/log.h"

/* The longest period a form is filled for: five years and a day. */
#define FORM_DAYS_MAX 1827

/* Verifies each check on every row; the first row where one fails is
 * named (its unit code, or "total"). A formula that names a column left
 * blank is not verified, and says so by leaving ok unset. */
static void verify(Tiepdan__FormReply *r)
{
  size_t i, j;

  for (i = 0; i < r->n_checks; i++) {
    Tiepdan__FormCheck *c = r->checks[i];
    int unknown = 0;
    int ok = 1;

    for (j = 0; j < r->n_rows && ok; j++) {
      const Tiepdan__FormRow *row = r->rows[j];
      enum td_formula_result v =
          td_formula_check(c->formula, row->values, row->n_values);

      if (v == TD_FORMULA_UNKNOWN || v == TD_FORMULA_MALFORMED) {
        unknown = 1;
        break;
      }
      if (v == TD_FORMULA_FAILS) {
        ok = 0;
        c->failed_unit = row->total ? "total" : row->unit_code;
      }
    }
    if (unknown) {
      td_log(TD_LOG_WARN, "form %s: check \"%s\" cannot be verified", r->form,
             c->formula);
      continue;
    }
    c->has_ok = 1;
    c->ok = ok;
  }
}

static void on_filled(void *arg, const struct td_form_filled *res)
{
  struct td_req *req = arg;
  const Tiepdan__GetForm *m = req->env->get_form;
  Tiepdan__Envelope *env;

  if (!td_reply_reached(req, res->err, res->reached, m->unit_code,
                        "filling the form"))
    return;
  if (!res->has_form) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, "form",
                "form: no form %s is in force on %s; the forms are 01/TCD, "
                "02/XLD, 03/GQKN and 04/GQTC",
                m->form, m->to);
    return;
  }
  res->reply->from = m->from;
  res->reply->to = m->to;
  verify(res->reply);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_FORM_REPLY;
  env->form_reply = res->reply;
  td_req_reply(req, env);
}

static void on_items(void *arg, const struct td_form_items *res)
{
  struct td_req *req = arg;
  const Tiepdan__GetForm *m = req->env->get_form;
  Tiepdan__FormReply *r;
  Tiepdan__Envelope *env;
  int64_t *secret;
  size_t nsecret = 0;
  size_t i;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "explaining a figure of the form");
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__form_reply__init(r);
  r->form = m->form;
  r->from = m->from;
  r->to = m->to;
  r->items = td_arena_alloc(
      &req->arena, sizeof(*r->items) * ((size_t)res->n + res->nsessions + 1));
  secret = td_arena_alloc(&req->arena, sizeof(*secret) * ((size_t)res->n + 1));
  for (i = 0; i < (size_t)res->n; i++) {
    Tiepdan__FormItem *it = td_arena_alloc(&req->arena, sizeof(*it));

    tiepdan__form_item__init(it);
    it->kind = "petition";
    if (td_disclose_petition(req, &res->rows[i]))
      secret[nsecret++] = res->rows[i].p->id;
    it->petition = res->rows[i].p;
    it->has_weight = 1;
    it->weight = res->weights[i];
    r->items[r->n_items++] = it;
  }
  for (i = 0; i < res->nsessions; i++)
    r->items[r->n_items++] = res->sessions[i];
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_FORM_REPLY;
  env->form_reply = r;
  td_reply_audited(req, env, secret, nsecret, "form");
}

/* A form's code as the circulars write it: "01/TCD". */
static int form_code_valid(const char *s)
{
  size_t n = s != NULL ? strlen(s) : 0;
  size_t i;

  if (n == 0 || n > 16)
    return 0;
  for (i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
          s[i] == '/'))
      return 0;
  return 1;
}

void td_handle_form(struct td_req *req)
{
  const Tiepdan__GetForm *m = req->env->get_form;
  td_day from, to;
  int rc;

  if (!form_code_valid(m->form)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "form",
                "form: a form's code such as 01/TCD, 02/XLD, 03/GQKN or "
                "04/GQTC");
    return;
  }
  if (m->from == NULL || td_day_parse(m->from, &from) != 0 || m->to == NULL ||
      td_day_parse(m->to, &to) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                m->from == NULL || td_day_parse(m->from, &from) != 0 ? "from"
                                                                     : "to",
                "from, to: the first and last day of the period, YYYY-MM-DD");
    return;
  }
  if (to < from || to - from >= FORM_DAYS_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "to",
                "to: on or after from, at most %d days after it",
                FORM_DAYS_MAX - 1);
    return;
  }
  if (td_req_unit_asked(req, m->unit_code, NULL) != 0)
    return;
  if (m->explain_unit != NULL && m->explain_unit[0] != '\0' &&
      !td_code_valid(m->explain_unit)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "explain_unit",
                "explain_unit: the code of a unit of the form's rows, such "
                "as 03390");
    return;
  }
  if (m->has_explain_column) {
    if (m->explain_column == 0 || m->explain_column > 999) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "explain_column",
                  "explain_column: the number of a column of the form, from "
                  "1");
      return;
    }
    rc = td_db_form_explain(td_req_db_read(req), req->who->unit_id, m, on_items,
                            req);
  } else {
    rc = td_db_form_get(td_req_db_read(req), req->who->unit_id, m->form,
                        m->unit_code != NULL && m->unit_code[0] ? m->unit_code
                                                                : NULL,
                        m->from, m->to, on_filled, req);
  }
  if (rc != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "filling the form");
}
