/* Permission rules; see permit.h. */
#include "permit.h"

#include "tiepdan.pb-c.h"

int td_permit_role(int role, enum td_op op)
{
  switch (op) {
  case TD_OP_SUBMIT:
    /* The Front forwards the recommendations it collects; dashboards and
     * administrators never log petitions. */
    return role == TIEPDAN__ROLE__RECEPTION || role == TIEPDAN__ROLE__LEADER ||
           role == TIEPDAN__ROLE__FRONT;
  case TD_OP_READ:
    return role == TIEPDAN__ROLE__RECEPTION || role == TIEPDAN__ROLE__LEADER ||
           role == TIEPDAN__ROLE__FRONT || role == TIEPDAN__ROLE__DASHBOARD;
  case TD_OP_UPDATE:
    /* The commune's own officers carry a petition through its life. */
    return role == TIEPDAN__ROLE__RECEPTION || role == TIEPDAN__ROLE__LEADER;
  case TD_OP_ADMIN:
    return role == TIEPDAN__ROLE__ADMIN;
  case TD_OP__COUNT:
    break;
  }
  return 0;
}

int td_permit_identity(int role, int caller_unit, int handling_unit,
                       int is_denunciation, int confidential)
{
  if (!is_denunciation && !confidential)
    return 1;
  return (role == TIEPDAN__ROLE__RECEPTION || role == TIEPDAN__ROLE__LEADER) &&
         caller_unit == handling_unit;
}
