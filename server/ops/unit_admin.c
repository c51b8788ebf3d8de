/*
 * Units over the wire (the admin role, within its area): adding units one
 * at a time or from the official list, renaming one, listing them. The
 * checks that need the units (parents, levels, area, codes taken) are
 * td_add_units's and td_rename_unit's (sql/functions/11_unit_admin.sql);
 * these answer what they say in words, naming the line of the file a unit
 * came from when the client gave it.
 */
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "common/limits.h"
#include "db/unit.h"
#include "domain/validate.h"
#include "ops/ops.h"

#define BAD TIEPDAN__ERROR_CODE__INVALID_ARGUMENT

/* A level as the messages say it, worded by the client's catalog. */
static const char *level_word(const char *level)
{
  static const char *const words[] = {TD_VALUE("nation"), TD_VALUE("province"),
                                      TD_VALUE("district"), TD_VALUE("commune"),
                                      TD_VALUE("village")};
  size_t i;

  for (i = 0; level != NULL && i < sizeof(words) / sizeof(words[0]); i++)
    if (strcmp(words[i], level) == 0)
      return words[i];
  return level != NULL ? level : "-";
}

static const char *str(const char *s)
{
  return s != NULL ? s : "";
}

/* The line of the entry at idx, or 0 when it came from no file. */
static unsigned line_of(const Tiepdan__AddUnits *m, size_t idx)
{
  if (idx >= m->n_units || !m->units[idx]->has_line)
    return 0;
  return m->units[idx]->line;
}

/* The refusals of a unit that came from a line of a file. */
static void refuse_line(struct td_req *req, const struct td_units_done *res,
                        const Tiepdan__UnitEntry *e, unsigned line)
{
  const Tiepdan__AddUnits *m = req->env->add_units;
  const char *d = str(res->detail);

  switch (res->verdict) {
  case TD_UNITS_BAD_LEVEL:
    td_req_fail(req, BAD, "units",
                "units: line %u: \"%s\" is not a level; give province, "
                "district, commune or village",
                line, str(e->level));
    return;
  case TD_UNITS_BAD_CODE:
    td_req_fail(req, BAD, "units",
                "units: line %u: %s is not the code of a %s (a province "
                "has 2 digits, a district 3, a commune 5)",
                line, str(e->code), level_word(e->level));
    return;
  case TD_UNITS_EMPTY_NAME:
    td_req_fail(req, BAD, "units", "units: line %u: the unit %s has no name",
                line, str(e->code));
    return;
  case TD_UNITS_TWICE:
    td_req_fail(req, BAD, "units",
                "units: line %u: the code %s is given a second time (first "
                "on line %u)",
                line, str(e->code),
                line_of(m, (size_t)(strtoul(d, NULL, 10) - 1)));
    return;
  case TD_UNITS_UNKNOWN_PARENT:
    td_req_fail(req, BAD, "units",
                "units: line %u: no unit exists today with code %s, the "
                "parent of %s",
                line, d, str(e->code));
    return;
  case TD_UNITS_PARENT_LEVEL:
    td_req_fail(req, BAD, "units",
                "units: line %u: a %s cannot belong to %s, a %s", line,
                level_word(e->level), str(e->parent_code), level_word(d));
    return;
  case TD_UNITS_OUTSIDE_AREA:
    td_req_fail(req, BAD, "units",
                "units: line %u: %s is outside your area; only its "
                "administrator adds units there",
                line, d);
    return;
  case TD_UNITS_EXISTS_ELSEWHERE:
    td_req_fail(req, BAD, "units",
                "units: line %u: %s exists already with another level or "
                "parent (%s); a load does not move units",
                line, str(e->code), d);
    return;
  case TD_UNITS_BAD_DATE:
    td_req_fail(req, BAD, "units",
                "units: line %u: %s cannot begin before its parent, which "
                "exists from %s",
                line, str(e->code), d);
    return;
  case TD_UNITS_ADDED:
  case TD_UNITS_RENAMED:
  case TD_UNITS_UNCHANGED:
  case TD_UNITS_DUPLICATE:
  case TD_UNITS_UNKNOWN_UNIT:
  case TD_UNITS_OWN_UNIT:
  case TD_UNITS__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "adding units");
}

/* The refusals of a unit given on the command line, or of a rename. */
static void refuse(struct td_req *req, const struct td_units_done *res,
                   const Tiepdan__UnitEntry *e)
{
  const char *d = str(res->detail);

  switch (res->verdict) {
  case TD_UNITS_BAD_LEVEL:
    td_req_fail(req, BAD, "level",
                "level: \"%s\" is not a level; give province, district, "
                "commune or village",
                str(e->level));
    return;
  case TD_UNITS_BAD_CODE:
    td_req_fail(req, BAD, "code",
                "code: %s is not the code of a %s (a province has 2 "
                "digits, a district 3, a commune 5)",
                str(e->code), level_word(e->level));
    return;
  case TD_UNITS_EMPTY_NAME:
    td_req_fail(req, BAD, "name", "name: the unit %s has no name",
                str(e->code));
    return;
  case TD_UNITS_TWICE:
    td_req_fail(req, BAD, "code", "code: %s is given twice", str(e->code));
    return;
  case TD_UNITS_UNKNOWN_PARENT:
    td_req_fail(req, BAD, "parent_code",
                "parent_code: no unit exists today with code %s", d);
    return;
  case TD_UNITS_PARENT_LEVEL:
    td_req_fail(req, BAD, "parent_code",
                "parent_code: a %s cannot belong to %s, a %s",
                level_word(e->level), str(e->parent_code), level_word(d));
    return;
  case TD_UNITS_OUTSIDE_AREA:
    td_req_fail(req, BAD, "parent_code",
                "parent_code: %s is outside your area; only its "
                "administrator adds units there",
                d);
    return;
  case TD_UNITS_DUPLICATE:
    td_req_fail(req, BAD, "code",
                "code: the unit %s exists already (%s); to change its name, "
                "rename it",
                str(e->code), d);
    return;
  case TD_UNITS_BAD_DATE:
    td_req_fail(req, BAD, "since",
                "since: %s cannot begin before its parent, which exists "
                "from %s",
                str(e->code), d);
    return;
  case TD_UNITS_ADDED:
  case TD_UNITS_RENAMED:
  case TD_UNITS_UNCHANGED:
  case TD_UNITS_EXISTS_ELSEWHERE:
  case TD_UNITS_UNKNOWN_UNIT:
  case TD_UNITS_OWN_UNIT:
  case TD_UNITS__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "adding units");
}

static void reply_units(struct td_req *req, Tiepdan__AddUnitsReply *r)
{
  Tiepdan__Envelope *env = td_reply_new(req);

  env->body_case = TIEPDAN__ENVELOPE__BODY_ADD_UNITS_REPLY;
  env->add_units_reply = r;
  td_req_reply(req, env);
}

static void on_added(void *arg, const struct td_units_done *res)
{
  struct td_req *req = arg;
  const Tiepdan__AddUnits *m = req->env->add_units;
  const Tiepdan__UnitEntry *e;
  unsigned line;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "adding units");
    return;
  }
  if (!res->refused) {
    reply_units(req, res->reply);
    return;
  }
  e = m->units[res->idx < m->n_units ? res->idx : 0];
  line = line_of(m, res->idx);
  if (line > 0)
    refuse_line(req, res, e, line);
  else
    refuse(req, res, e);
}

/* What the database need not be asked about: sizes, text, the form of a
 * day. Codes and names are checked there, by level, with the line. */
static int entry_ok(struct td_req *req, const Tiepdan__UnitEntry *e, size_t i)
{
  struct td_invalid inv;
  td_day day;

  if (e->code == NULL || !td_code_valid(e->code) || e->parent_code == NULL ||
      !td_code_valid(e->parent_code)) {
    td_req_fail(req, BAD, "units",
                "units: entry %zu needs a code and a parent's code, each of "
                "letters, digits, '.', '_' or '-', at most %d",
                i + 1, TD_CODE_MAX);
    return 0;
  }
  if (e->level != NULL &&
      td_text_check("level", e->level, TD_CODE_MAX, 0, &inv) != 0) {
    td_req_fail_invalid(req, BAD, &inv);
    return 0;
  }
  if (e->name != NULL &&
      td_text_check("name", e->name, TD_NAME_MAX, 0, &inv) != 0) {
    td_req_fail_invalid(req, BAD, &inv);
    return 0;
  }
  if (e->until != NULL) {
    td_req_fail(req, BAD, "until",
                "until: a unit ends by a merger (admin unit merge), not "
                "when it is added");
    return 0;
  }
  if (e->since != NULL && e->since[0] != '\0' &&
      td_day_parse(e->since, &day) != 0) {
    td_req_fail(req, BAD, "since", "since: %s is not a day, YYYY-MM-DD",
                e->since);
    return 0;
  }
  return 1;
}

void td_handle_add_units(struct td_req *req)
{
  const Tiepdan__AddUnits *m = req->env->add_units;
  size_t i;

  if (m->n_units == 0 || m->n_units > TD_UNITS_LOAD_MAX) {
    td_req_fail(req, BAD, "units", "units: give 1 to %d units",
                TD_UNITS_LOAD_MAX);
    return;
  }
  for (i = 0; i < m->n_units; i++)
    if (!entry_ok(req, m->units[i], i))
      return;
  if (td_db_units_add(td_req_db(req), req->who->unit_id, m, on_added, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "adding units");
}

static void on_renamed(void *arg, const struct td_units_done *res)
{
  struct td_req *req = arg;
  const Tiepdan__RenameUnit *m = req->env->rename_unit;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "renaming the unit");
    return;
  }
  switch (res->verdict) {
  case TD_UNITS_RENAMED:
  case TD_UNITS_UNCHANGED:
    reply_units(req, res->reply);
    return;
  case TD_UNITS_UNKNOWN_UNIT:
    td_req_fail(req, BAD, "code", "code: no unit exists today with code %s",
                m->code);
    return;
  case TD_UNITS_OWN_UNIT:
    td_req_fail(req, BAD, "code",
                "code: %s is your own unit; the administrator above you "
                "renames it",
                m->code);
    return;
  case TD_UNITS_OUTSIDE_AREA:
    td_req_fail(req, BAD, "code",
                "code: %s is outside your area; only its administrator "
                "renames it",
                m->code);
    return;
  case TD_UNITS_EMPTY_NAME:
    td_req_fail(req, BAD, "name", "name: give the unit's new name");
    return;
  case TD_UNITS_ADDED:
  case TD_UNITS_BAD_LEVEL:
  case TD_UNITS_BAD_CODE:
  case TD_UNITS_TWICE:
  case TD_UNITS_UNKNOWN_PARENT:
  case TD_UNITS_PARENT_LEVEL:
  case TD_UNITS_DUPLICATE:
  case TD_UNITS_EXISTS_ELSEWHERE:
  case TD_UNITS_BAD_DATE:
  case TD_UNITS__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "renaming the unit");
}

void td_handle_rename_unit(struct td_req *req)
{
  const Tiepdan__RenameUnit *m = req->env->rename_unit;
  struct td_invalid inv;

  if (m->code == NULL || !td_code_valid(m->code)) {
    td_req_fail(req, BAD, "code", "code: the code of the unit to rename");
    return;
  }
  if (m->name != NULL &&
      td_text_check("name", m->name, TD_NAME_MAX, 0, &inv) != 0) {
    td_req_fail_invalid(req, BAD, &inv);
    return;
  }
  if (td_db_unit_rename(td_req_db(req), req->who->unit_id, m, on_renamed,
                        req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "renaming the unit");
}

static void on_listed(void *arg, const struct td_units_listed *res)
{
  struct td_req *req = arg;
  Tiepdan__Envelope *env;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "listing units");
    return;
  }
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_UNITS_REPLY;
  env->list_units_reply = res->reply;
  td_req_reply(req, env);
}

void td_handle_list_units(struct td_req *req)
{
  const Tiepdan__ListUnits *m = req->env->list_units;

  if (td_db_units_list(td_req_db(req), req->who->unit_id,
                       m->has_include_ended && m->include_ended, on_listed,
                       req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing units");
}
