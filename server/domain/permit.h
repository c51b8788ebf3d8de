/*
 * Who may do what. Pure rules over roles and unit relations; the server asks
 * them before running any SQL that returns data. Issue 4 widens this into the
 * full role x relation x operation table.
 */
#ifndef TD_PERMIT_H
#define TD_PERMIT_H

enum td_op {
  TD_OP_SUBMIT = 0, /* Log a new petition. */
  TD_OP_READ,       /* Show or list petitions, history and sessions. */
  TD_OP_UPDATE,     /* Move a petition through its life; run sessions. */
  TD_OP_ADMIN,      /* Units, principals, rules, holidays. */
  TD_OP__COUNT
};

/* 1 if a principal of this role (a Tiepdan__Role value) may perform op. */
int td_permit_role(int role, enum td_op op);

/*
 * 1 if the petitioner's identity may be shown to this caller. A denouncer's
 * identity, or that of a petitioner who asked for confidentiality, is shown
 * only to the reception officers and leaders of the commune that handles the
 * petition today (Luật Tố cáo 2018 Art. 9, 47, 56).
 */
int td_permit_identity(int role, int caller_unit, int handling_unit,
                       int is_denunciation, int confidential);

#endif
