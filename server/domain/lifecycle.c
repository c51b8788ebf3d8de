/* The petition state machine; see lifecycle.h. */
#include "domain/lifecycle.h"

#include "wire.h"

#include <stdio.h>
#include <string.h>

#define TD_TRANSFER_TARGET_MAX 256

int td_status_is_open(int status)
{
  return status == TIEPDAN__STATUS__RECEIVED ||
         status == TIEPDAN__STATUS__ACCEPTED ||
         status == TIEPDAN__STATUS__IN_PROGRESS;
}

/* Marks a refusal's reason for the client's catalog: the reason is a value
 * of the server's message, which the client words in the officer's
 * language (tests/i18n/server_templates.sh lists them). */
#define WHY(s) (s)

/* The refusals shared by several states. */
static const char not_resolved[] =
    WHY("a petition not yet resolved cannot be reopened: there is no answer "
        "to contest");
static const char already_accepted[] =
    WHY("the petition has already been accepted");

/* Each from_* function returns NULL and sets *next when action is lawful from
 * that state, or the reason it is not. Notes are handled before them. */
static const char *from_received(int action, int *next)
{
  switch (action) {
  case TIEPDAN__ACTION__ACCEPT:
    *next = TIEPDAN__STATUS__ACCEPTED;
    return NULL;
  case TIEPDAN__ACTION__REJECT:
    *next = TIEPDAN__STATUS__NOT_ACCEPTED;
    return NULL;
  case TIEPDAN__ACTION__TRANSFER:
    *next = TIEPDAN__STATUS__TRANSFERRED;
    return NULL;
  case TIEPDAN__ACTION__START:
    return WHY("a petition must be accepted before work on it starts");
  case TIEPDAN__ACTION__RESOLVE:
    return WHY("a petition not yet accepted cannot be resolved: accept it and "
               "start work first");
  case TIEPDAN__ACTION__WITHDRAW:
    *next = TIEPDAN__STATUS__WITHDRAWN;
    return NULL;
  case TIEPDAN__ACTION__REOPEN:
    return not_resolved;
  default:
    /* The resolution deadline runs only from acceptance. */
    return WHY("only an accepted or in-progress petition's deadline can be "
               "extended");
  }
}

static const char *from_accepted(int action, int *next)
{
  switch (action) {
  case TIEPDAN__ACTION__ACCEPT:
    return already_accepted;
  case TIEPDAN__ACTION__REJECT:
    return WHY("an accepted petition can no longer be refused: withdraw it at "
               "the citizen's request or resolve it");
  case TIEPDAN__ACTION__TRANSFER:
    return WHY("an accepted petition is handled here and can no longer be "
               "transferred");
  case TIEPDAN__ACTION__START:
    *next = TIEPDAN__STATUS__IN_PROGRESS;
    return NULL;
  case TIEPDAN__ACTION__RESOLVE:
    /* Recording the answer is one step for the officer: the database
     * records the start of work and the resolution together
     * (td_apply_transition), both in the history. */
    *next = TIEPDAN__STATUS__RESOLVED;
    return NULL;
  case TIEPDAN__ACTION__WITHDRAW:
    *next = TIEPDAN__STATUS__WITHDRAWN;
    return NULL;
  case TIEPDAN__ACTION__REOPEN:
    return not_resolved;
  default:
    /* Extending the deadline leaves the petition where it is. */
    *next = TIEPDAN__STATUS__ACCEPTED;
    return NULL;
  }
}

static const char *from_in_progress(int action, int *next)
{
  switch (action) {
  case TIEPDAN__ACTION__ACCEPT:
    return already_accepted;
  case TIEPDAN__ACTION__REJECT:
    return WHY("a petition being worked on can no longer be refused: withdraw "
               "it at the citizen's request or resolve it");
  case TIEPDAN__ACTION__TRANSFER:
    return WHY(
        "a petition being worked on is handled here and can no longer be "
        "transferred");
  case TIEPDAN__ACTION__START:
    return WHY("work on the petition has already started");
  case TIEPDAN__ACTION__RESOLVE:
    *next = TIEPDAN__STATUS__RESOLVED;
    return NULL;
  case TIEPDAN__ACTION__WITHDRAW:
    *next = TIEPDAN__STATUS__WITHDRAWN;
    return NULL;
  case TIEPDAN__ACTION__REOPEN:
    return not_resolved;
  default:
    /* Extending the deadline leaves the petition where it is. */
    *next = TIEPDAN__STATUS__IN_PROGRESS;
    return NULL;
  }
}

/* status and action are known values here. */
static const char *transition(int status, int action, int *next)
{
  /* A note is history, not a step: it is lawful in every state. */
  if (action == TIEPDAN__ACTION__NOTE) {
    *next = status;
    return NULL;
  }
  switch (status) {
  case TIEPDAN__STATUS__RECEIVED:
    return from_received(action, next);
  case TIEPDAN__STATUS__ACCEPTED:
    return from_accepted(action, next);
  case TIEPDAN__STATUS__IN_PROGRESS:
    return from_in_progress(action, next);
  case TIEPDAN__STATUS__RESOLVED:
    /* The citizen contests the answer: work resumes on the same petition. */
    if (action == TIEPDAN__ACTION__REOPEN) {
      *next = TIEPDAN__STATUS__IN_PROGRESS;
      return NULL;
    }
    return WHY("a resolved petition can only be reopened or noted");
  case TIEPDAN__STATUS__NOT_ACCEPTED:
    return WHY(
        "a petition refused acceptance is closed: only a note can be added");
  case TIEPDAN__STATUS__TRANSFERRED:
    return WHY(
        "a transferred petition is handled by the agency it went to: only "
        "a note can be added here");
  default:
    return WHY("a withdrawn petition is closed: only a note can be added");
  }
}

int td_lifecycle_next(int status, int action, int *next, const char **why)
{
  const char *refusal;

  if (status < TIEPDAN__STATUS__RECEIVED ||
      status > TIEPDAN__STATUS__WITHDRAWN) {
    *why = "the petition's status is unknown";
    return -1;
  }
  if (action < TIEPDAN__ACTION__ACCEPT || action > TIEPDAN__ACTION__NOTE) {
    *why = "the action is unknown";
    return -1;
  }
  refusal = transition(status, action, next);
  if (refusal != NULL) {
    *why = refusal;
    return -1;
  }
  return 0;
}

/* A refusal of field whose message is the field's name and msg: msg is a
 * literal starting "%s: ", so that it is the template of the message. */
#define fail(out, field, msg) td_invalid_set(out, field, msg, field)

static int absent(const char *s)
{
  return s == NULL || *s == '\0';
}

int td_lifecycle_check_args(int action, const struct td_transition_args *a,
                            struct td_invalid *out)
{
  switch (action) {
  case TIEPDAN__ACTION__REJECT:
  case TIEPDAN__ACTION__WITHDRAW:
  case TIEPDAN__ACTION__REOPEN:
  case TIEPDAN__ACTION__EXTEND:
    if (absent(a->note))
      return fail(out, "note", "%s: a reason is required");
    break;
  case TIEPDAN__ACTION__NOTE:
    if (absent(a->note))
      return fail(out, "note", "%s: the text of the note is required");
    break;
  case TIEPDAN__ACTION__TRANSFER:
    if (absent(a->transfer_target))
      return fail(out, "transfer_target",
                  "%s: the agency the petition goes to is required");
    break;
  case TIEPDAN__ACTION__RESOLVE:
    if (a->outcome < TIEPDAN__OUTCOME__ANSWERED_IN_WRITING ||
        a->outcome > TIEPDAN__OUTCOME__DECISION_ISSUED)
      return fail(
          out, "outcome",
          "%s: is required: answered_in_writing, mediated_successfully, "
          "mediation_failed or decision_issued");
    break;
  case TIEPDAN__ACTION__ACCEPT:
  case TIEPDAN__ACTION__START:
    break;
  default:
    return fail(out, "action", "%s: is not a known action");
  }
  /* An outcome another action does not use is ignored, but an unknown one
   * is refused as every other unknown value is. */
  if (a->outcome != 0 && (a->outcome < TIEPDAN__OUTCOME__ANSWERED_IN_WRITING ||
                          a->outcome > TIEPDAN__OUTCOME__DECISION_ISSUED))
    return fail(out, "outcome", "%s: is not an outcome this server knows");
  /* A case is judged complex, or especially so, when it is accepted or
   * when its time limit is extended (Luật Tố cáo 2018, Điều 30). */
  if (a->especially_complex && action != TIEPDAN__ACTION__ACCEPT &&
      action != TIEPDAN__ACTION__EXTEND)
    return fail(out, "especially_complex",
                "%s: a case is recorded as especially complex only when it is "
                "accepted or extended");
  /* A text an action does not need is still stored when sent, so it must
   * be as clean as a required one. */
  if (!absent(a->note) &&
      td_text_check("note", a->note, TD_NOTE_MAX, 1, out) != 0)
    return -1;
  if (!absent(a->transfer_target) &&
      td_text_check("transfer_target", a->transfer_target,
                    TD_TRANSFER_TARGET_MAX, 0, out) != 0)
    return -1;
  return 0;
}
