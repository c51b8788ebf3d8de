/* The permission table; see permit.h. */
#include "domain/permit.h"

#include <string.h>

#include "tiepdan.pb-c.h"

/* Bits: which relations each role may act on, per operation. */
#define OWN (1u << TD_REL_OWN)
#define CHILD (1u << TD_REL_CHILD)
#define AREA (OWN | CHILD)

/* Rows in Tiepdan__Role order from RECEPTION; columns in enum td_op order. */
static const unsigned table[5][TD_OP__COUNT] = {
    /*         SUBMIT SUB_REC READ IDENT UPDATE NOTE SESS STATS ADMIN CONN
     *         LEASE */
    /* reception */ {AREA, AREA, AREA, OWN, AREA, AREA, AREA, AREA, 0, OWN,
                     OWN},
    /* leader    */ {AREA, AREA, AREA, OWN, AREA, AREA, AREA, AREA, 0, OWN, 0},
    /* front     */ {0, AREA, AREA, 0, 0, AREA, AREA, AREA, 0, OWN, 0},
    /* dashboard */ {0, 0, AREA, 0, 0, 0, 0, AREA, 0, OWN, 0},
    /* admin     */ {0, 0, 0, 0, 0, 0, 0, 0, AREA, OWN, 0},
};

static unsigned row(int role, enum td_op op)
{
  if (role < TIEPDAN__ROLE__RECEPTION || role > TIEPDAN__ROLE__ADMIN ||
      (int)op < 0 || op >= TD_OP__COUNT)
    return 0;
  return table[role - TIEPDAN__ROLE__RECEPTION][op];
}

int td_permit(int role, enum td_relation rel, enum td_op op)
{
  if ((int)rel < 0 || rel >= TD_REL__COUNT)
    return 0;
  return (row(role, op) & (1u << rel)) != 0;
}

int td_permit_role(int role, enum td_op op)
{
  return row(role, op) != 0;
}

enum td_op td_op_for_submission(const char *kind)
{
  return kind != NULL && strcmp(kind, "recommendation") == 0
             ? TD_OP_SUBMIT_RECOMMENDATION
             : TD_OP_SUBMIT;
}

enum td_op td_op_for_action(int action)
{
  return action == TIEPDAN__ACTION__NOTE ? TD_OP_NOTE : TD_OP_UPDATE;
}

int td_permit_kind(int role, enum td_op op, const char *kind)
{
  if (!td_permit_role(role, op))
    return 0;
  if (op == TD_OP_NOTE && !td_permit_role(role, TD_OP_UPDATE))
    return kind != NULL && strcmp(kind, "recommendation") == 0;
  return 1;
}

int td_permit_identity(int role, int caller_unit, int handling_unit,
                       int is_denunciation, int confidential)
{
  if (!is_denunciation && !confidential)
    return 1;
  return caller_unit == handling_unit &&
         td_permit(role, TD_REL_OWN, TD_OP_READ_IDENTITY);
}

int td_permit_session_type(int role, int type)
{
  int front_type = type == TIEPDAN__SESSION_TYPE__SUPERVISION ||
                   type == TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM;

  if (type <= TIEPDAN__SESSION_TYPE__SESSION_TYPE_UNSPECIFIED ||
      type > TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM ||
      !td_permit_role(role, TD_OP_SESSIONS))
    return 0;
  /* The Front records its own activities and nothing of the commune's;
   * the commune's officers record theirs and none of the Front's. */
  return role == TIEPDAN__ROLE__FRONT ? front_type : !front_type;
}

enum td_relation td_relation_of_nation(const char *caller_level)
{
  return caller_level != NULL && strcmp(caller_level, "nation") == 0
             ? TD_REL_OWN
             : TD_REL_PARENT;
}

const char *td_relation_name(enum td_relation rel)
{
  static const char *const names[] = {"own", "child", "parent", "sibling",
                                      "unrelated"};

  return (int)rel >= 0 && rel < TD_REL__COUNT ? names[rel] : "?";
}

const char *td_op_name(enum td_op op)
{
  static const char *const names[] = {"submit",
                                      "submit a recommendation",
                                      "read",
                                      "read the identity",
                                      "update",
                                      "note",
                                      "run sessions",
                                      "read statistics",
                                      "administer",
                                      "connect",
                                      "lease receipt numbers"};

  return (int)op >= 0 && op < TD_OP__COUNT ? names[op] : "?";
}
