/*
 * Units over the wire (the admin role, within its unit): recording that
 * communes of one province merged into a successor on a day.
 */
#include <string.h>

#include "common/limits.h"
#include "db/unit.h"
#include "domain/deadline.h"
#include "domain/validate.h"
#include "ops/ops.h"

/* The field a unit code of the request came in: one of the old codes, or
 * the successor's. */
static const char *field_of(const Tiepdan__MergeUnits *m, const char *code)
{
  size_t i;

  for (i = 0; i < m->n_old_codes; i++)
    if (strcmp(m->old_codes[i], code) == 0)
      return "old_codes";
  return "new_code";
}

/*
 * The refusals are worded in Vietnamese first, for the officer, then in
 * English. A unit outside the caller's area reads exactly as one that does
 * not exist (the words and the size of the answer are the same), as for a
 * petition's unit; a successor's code held by a unit outside the area cannot
 * read so, since a code that exists nowhere makes a new commune.
 */
static void on_merge(void *arg, const struct td_merged *res)
{
  struct td_req *req = arg;
  const Tiepdan__MergeUnits *m = req->env->merge_units;
  const char *code = res->detail != NULL ? res->detail : "";
  const char *field;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "recording the merger");
    return;
  }
  switch (res->verdict) {
  case TD_MERGE_MERGED:
    env = td_reply_new(req);
    env->body_case = TIEPDAN__ENVELOPE__BODY_MERGE_UNITS_REPLY;
    env->merge_units_reply = res->reply;
    td_req_reply(req, env);
    return;
  case TD_MERGE_UNKNOWN_UNIT:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: there is no unit %s in your area today", code);
    return;
  case TD_MERGE_NOT_A_COMMUNE:
    field = field_of(m, code);
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                "%s: %s is not a commune; only communes merge", field, code);
    return;
  case TD_MERGE_OTHER_PROVINCE:
    field = field_of(m, code);
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, field,
                "%s: communes merge only within one province, and %s with "
                "the others would not; merge the provinces first",
                field, code);
    return;
  case TD_MERGE_NEEDS_NAME:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "new_name",
                "new_name: the new commune %s needs a name", m->new_code);
    return;
  case TD_MERGE_BAD_DATE:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "on",
                "on: %s existed only from after %s", code, m->on);
    return;
  case TD_MERGE_CODE_TAKEN:
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "new_code",
                "new_code: %s is the code of a unit outside your area; give "
                "the new commune another code",
                code);
    return;
  case TD_MERGE__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "recording the merger");
}

void td_handle_merge_units(struct td_req *req)
{
  const Tiepdan__MergeUnits *m = req->env->merge_units;
  struct td_invalid inv;
  td_day on;
  size_t i;

  if (m->n_old_codes == 0 || m->n_old_codes > TD_MERGE_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: the communes that merge (1 to %d)", TD_MERGE_MAX);
    return;
  }
  for (i = 0; i < m->n_old_codes; i++) {
    if (!td_code_valid(m->old_codes[i])) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                  "old_codes: entry %zu is not a unit code", i + 1);
      return;
    }
  }
  if (m->new_code == NULL || !td_code_valid(m->new_code)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "new_code",
                "new_code: the code of the commune they become");
    return;
  }
  if (m->new_name != NULL &&
      td_text_check("new_name", m->new_name, TD_NAME_MAX, 0, &inv) != 0) {
    td_req_fail_invalid(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, &inv);
    return;
  }
  if (m->on == NULL || td_day_parse(m->on, &on) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "on",
                "on: the successor's first day, YYYY-MM-DD");
    return;
  }
  if (td_db_unit_merge(td_req_db(req), req->who->unit_id, m, on_merge, req) !=
      0)
    td_reply_db_error(req, TD_EUNAVAIL, "recording the merger");
}
