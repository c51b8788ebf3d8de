/*
 * The petition state machine: which action is lawful from which state, and
 * what each action must carry. Pure: no I/O, no clock.
 *
 *   received    -> accept -> accepted
 *               -> reject -> not_accepted   (reason required)
 *               -> transfer -> transferred  (target agency required)
 *   accepted    -> start -> in_progress
 *   in_progress -> resolve -> resolved      (outcome required)
 *   received | accepted | in_progress -> withdraw -> withdrawn
 *   resolved    -> reopen -> in_progress    (the citizen contests; reason
 * required) accepted | in_progress -> extend        (state unchanged; reason
 * required) any state   -> note                     (state unchanged; text
 * required)
 *
 * Every other (state, action) pair is refused with a message that says why.
 * States are Tiepdan__Status values; actions are Tiepdan__Action values.
 */
#ifndef TD_LIFECYCLE_H
#define TD_LIFECYCLE_H

#include "tiepdan.pb-c.h"
#include "domain/validate.h"

/* What an action request carries besides its petition. Borrowed strings;
 * NULL or "" means absent. outcome is a Tiepdan__Outcome (0 = absent). */
struct td_transition_args {
  const char *note;
  const char *transfer_target;
  int outcome;
  int especially_complex; /* Recorded especially complex: accept, extend. */
};

/* 1 for received, accepted, in_progress: the petition still awaits an answer.
 */
int td_status_is_open(int status);

/*
 * If action is lawful from status, returns 0 and sets *next (equal to status
 * for extend and note). Otherwise returns -1 and sets *why to a static
 * sentence for the officer, e.g. "a petition must be accepted before work on
 * it starts".
 */
int td_lifecycle_next(int status, int action, int *next, const char **why);

/*
 * Checks that the action carries what it needs: reject, withdraw, reopen and
 * extend a reason in note; transfer a transfer_target; resolve an outcome;
 * note a text. Texts must pass td_text_check (note: 4000 bytes, multiline;
 * transfer_target: 256 bytes). especially_complex goes only with accept and
 * extend, where the case is judged. Returns 0 or -1 with out set (field
 * names: "note", "transfer_target", "outcome", "especially_complex").
 */
int td_lifecycle_check_args(int action, const struct td_transition_args *a,
                            struct td_invalid *out);

/* Action and outcome names are in proto/wire.h. */

#endif
