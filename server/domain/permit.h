/*
 * Who may do what, as one table: role x relation x operation.
 *
 * The relation is that of the unit acted on to the caller's unit: its own
 * unit, a child (anything below it, including communes merged into it), its
 * parent, a sibling, or unrelated. The server enforces the relation by
 * scoping every statement to the caller's unit and what lies below it, which
 * this table allows and nothing more; the role part is checked before any SQL.
 * Pure rules: unit-tested as the whole table.
 */
#ifndef TD_PERMIT_H
#define TD_PERMIT_H

enum td_relation {
  TD_REL_OWN = 0,
  TD_REL_CHILD,
  TD_REL_PARENT,
  TD_REL_SIBLING,
  TD_REL_UNRELATED,
  TD_REL__COUNT
};

enum td_op {
  TD_OP_SUBMIT = 0,            /* Log a petition of any kind. */
  TD_OP_SUBMIT_RECOMMENDATION, /* Forward a recommendation (the Front's). */
  TD_OP_READ,          /* Show or list petitions, their history, sessions. */
  TD_OP_READ_IDENTITY, /* See a denouncer or confidential petitioner. */
  TD_OP_UPDATE,        /* Move a petition through its life. */
  TD_OP_NOTE,          /* Add a note to a petition's history. */
  TD_OP_SESSIONS,      /* Open and close reception sessions. */
  TD_OP_STATS,         /* Counts and rates. */
  TD_OP_ADMIN,         /* Units, principals, rules, holidays. */
  TD_OP_CONNECT,       /* Say hello, ask the server's status. */
  /* Lease a block of the own commune's receipt numbers for a workstation
   * to hand out offline: the reception desk's alone. */
  TD_OP_LEASE_RECEIPTS,
  TD_OP__COUNT
};

/* 1 if a principal of role (a Tiepdan__Role) may perform op on a unit in
 * that relation to its own. */
int td_permit(int role, enum td_relation rel, enum td_op op);

/* 1 if the role may perform op on at least one relation: the check made
 * before any SQL, which then scopes to the relations allowed. */
int td_permit_role(int role, enum td_op op);

/* The operation a submission of this kind asks for: the Front forwards
 * recommendations (TD_OP_SUBMIT_RECOMMENDATION); logging any other kind is
 * the commune's work (TD_OP_SUBMIT). */
enum td_op td_op_for_submission(const char *kind);

/* The operation a lifecycle action (a Tiepdan__Action) asks for: a note is
 * TD_OP_NOTE, every other action TD_OP_UPDATE. */
enum td_op td_op_for_action(int action);

/*
 * 1 if role may perform op on a petition of this kind (a reference code).
 * Those who may add notes but not move petitions (the Front) follow up only
 * on the recommendations they forward; anything else reads as out of reach.
 */
int td_permit_kind(int role, enum td_op op, const char *kind);

/*
 * 1 if the petitioner's identity may be shown to this caller. A denouncer's
 * identity, or that of a petitioner who asked for confidentiality, is shown
 * only to those with TD_OP_READ_IDENTITY on the commune that handles the
 * petition today (Luật Tố cáo 2018 Art. 9, 47, 56); other identities go to
 * whoever may read the petition.
 */
int td_permit_identity(int role, int caller_unit, int handling_unit,
                       int is_denunciation, int confidential);

/*
 * 1 if a role that may run sessions (TD_OP_SESSIONS) may open and close one
 * of this type (a Tiepdan__SessionType). The Fatherland Front's committee
 * records its supervisions and social criticisms (giám sát, phản biện xã
 * hội) and only those; the commune's reception officers and leaders record
 * receptions, dialogues and voters' meetings, and none of the Front's.
 */
int td_permit_session_type(int role, int type);

/*
 * How the nation, the unit national rules (public holidays) act on, stands
 * to a caller whose unit has this level ("nation", "province", ...): its own
 * unit for a principal of the nation, its parent for everyone else, so that
 * td_permit decides with the same table as for any other unit.
 */
enum td_relation td_relation_of_nation(const char *caller_level);

/* "own", "child", ...; and "submit", "read", ... for messages and tests. */
const char *td_relation_name(enum td_relation rel);
const char *td_op_name(enum td_op op);

#endif
