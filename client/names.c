/* Names of the lifecycle enums; see names.h. */
#include "names.h"

#include <stddef.h>
#include <string.h>

#include "tiepdan.pb-c.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const actions[] = {
    [TIEPDAN__ACTION__ACCEPT] = "accept",
    [TIEPDAN__ACTION__REJECT] = "reject",
    [TIEPDAN__ACTION__TRANSFER] = "transfer",
    [TIEPDAN__ACTION__START] = "start",
    [TIEPDAN__ACTION__RESOLVE] = "resolve",
    [TIEPDAN__ACTION__WITHDRAW] = "withdraw",
    [TIEPDAN__ACTION__REOPEN] = "reopen",
    [TIEPDAN__ACTION__EXTEND] = "extend",
    [TIEPDAN__ACTION__NOTE] = "note",
};

static const char *const outcomes[] = {
    [TIEPDAN__OUTCOME__ANSWERED_IN_WRITING] = "answered_in_writing",
    [TIEPDAN__OUTCOME__MEDIATED_SUCCESSFULLY] = "mediated_successfully",
    [TIEPDAN__OUTCOME__MEDIATION_FAILED] = "mediation_failed",
    [TIEPDAN__OUTCOME__DECISION_ISSUED] = "decision_issued",
};

static const char *const satisfactions[] = {
    [TIEPDAN__SATISFACTION__SATISFIED] = "satisfied",
    [TIEPDAN__SATISFACTION__NOT_SATISFIED] = "not_satisfied",
    [TIEPDAN__SATISFACTION__NOT_ASKED] = "not_asked",
};

static const char *const session_types[] = {
    [TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION] = "regular",
    [TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION] = "periodic",
    [TIEPDAN__SESSION_TYPE__DIALOGUE] = "dialogue",
    [TIEPDAN__SESSION_TYPE__VOTERS_MEETING] = "voters",
};

static const char *name_of(const char *const *names, size_t n, int v)
{
  if (v < 0 || (size_t)v >= n)
    return NULL;
  return names[v];
}

static int parse_name(const char *const *names, size_t n, const char *s)
{
  size_t i;

  if (s == NULL)
    return -1;
  for (i = 0; i < n; i++)
    if (names[i] != NULL && strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

const char *td_names_action(int action)
{
  return name_of(actions, COUNT(actions), action);
}

int td_names_action_parse(const char *name)
{
  return parse_name(actions, COUNT(actions), name);
}

const char *td_names_outcome(int outcome)
{
  return name_of(outcomes, COUNT(outcomes), outcome);
}

int td_names_outcome_parse(const char *name)
{
  return parse_name(outcomes, COUNT(outcomes), name);
}

const char *td_names_satisfaction(int satisfaction)
{
  return name_of(satisfactions, COUNT(satisfactions), satisfaction);
}

int td_names_satisfaction_parse(const char *name)
{
  return parse_name(satisfactions, COUNT(satisfactions), name);
}

const char *td_names_session_type(int type)
{
  return name_of(session_types, COUNT(session_types), type);
}

int td_names_session_type_parse(const char *name)
{
  return parse_name(session_types, COUNT(session_types), name);
}
