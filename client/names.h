/*
 * The names officers type and read for the lifecycle enums of the wire
 * schema: actions, outcomes, satisfaction and session types. Statuses and
 * roles are named in proto/wire.h, which the server shares; these are the
 * client's own, so that the words on its command line are its business.
 */
#ifndef TD_CLIENT_NAMES_H
#define TD_CLIENT_NAMES_H

/* "accept", "reject", ..., "note"; NULL for values outside the enum. */
const char *td_names_action(int action);
/* Returns the Tiepdan__Action value, or -1 for an unknown name. */
int td_names_action_parse(const char *name);

/* "answered_in_writing", "mediated_successfully", "mediation_failed",
 * "decision_issued". */
const char *td_names_outcome(int outcome);
int td_names_outcome_parse(const char *name);

/* "satisfied", "not_satisfied", "not_asked". */
const char *td_names_satisfaction(int satisfaction);
int td_names_satisfaction_parse(const char *name);

/* "regular", "periodic", "dialogue", "voters": the words of --type. */
const char *td_names_session_type(int type);
int td_names_session_type_parse(const char *name);

#endif
