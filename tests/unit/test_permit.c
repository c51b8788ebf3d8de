/* The permission table in full: every role, every relation, every
 * operation, written out literally here so a change to permit.c that is not
 * also made here fails. */
#include "domain/permit.h"
#include "test.h"
#include "tiepdan.pb-c.h"

/* For each role and operation, the relations allowed, as a string of the
 * first letters: o(wn) c(hild) p(arent) s(ibling) u(nrelated). */
static const char *const expect[5][TD_OP__COUNT] = {
    /*       submit rec read ident update note sess stats admin connect
     *       lease */
    /* reception */ {"oc", "oc", "oc", "o", "oc", "oc", "oc", "oc", "", "o",
                     "o"},
    /* leader    */
    {"oc", "oc", "oc", "o", "oc", "oc", "oc", "oc", "", "o", ""},
    /* front     */ {"", "oc", "oc", "", "", "oc", "oc", "oc", "", "o", ""},
    /* dashboard */ {"", "", "oc", "", "", "", "", "oc", "", "o", ""},
    /* admin     */ {"", "", "", "", "", "", "", "", "oc", "o", ""},
};

static void role_relation_operation_table(void)
{
  static const char letters[] = "ocpsu";
  int role;
  int op;
  int rel;

  for (role = TIEPDAN__ROLE__RECEPTION; role <= TIEPDAN__ROLE__ADMIN; role++)
    for (op = 0; op < TD_OP__COUNT; op++)
      for (rel = 0; rel < TD_REL__COUNT; rel++) {
        const char *allowed = expect[role - TIEPDAN__ROLE__RECEPTION][op];
        int want = strchr(allowed, letters[rel]) != NULL;

        if (td_permit(role, (enum td_relation)rel, (enum td_op)op) != want)
          fprintf(stderr, "role %d %s %s: want %d\n", role,
                  td_relation_name(rel), td_op_name(op), want);
        ASSERT_EQ(td_permit(role, (enum td_relation)rel, (enum td_op)op), want);
        ASSERT_EQ(td_permit_role(role, (enum td_op)op), allowed[0] != '\0');
      }
}

static void nobody_acts_above_or_beside_its_unit(void)
{
  int role;
  int op;

  /* The server's scoping (own unit and below) relies on this. */
  for (role = 0; role <= TIEPDAN__ROLE__ADMIN + 1; role++)
    for (op = 0; op < TD_OP__COUNT; op++) {
      ASSERT_EQ(td_permit(role, TD_REL_PARENT, op), 0);
      ASSERT_EQ(td_permit(role, TD_REL_SIBLING, op), 0);
      ASSERT_EQ(td_permit(role, TD_REL_UNRELATED, op), 0);
    }
}

static void unknown_roles_and_values_get_nothing(void)
{
  int op;

  for (op = 0; op < TD_OP__COUNT; op++) {
    ASSERT_EQ(td_permit_role(TIEPDAN__ROLE__ROLE_UNSPECIFIED, op), 0);
    ASSERT_EQ(td_permit_role(99, op), 0);
    ASSERT_EQ(td_permit(TIEPDAN__ROLE__LEADER, (enum td_relation)99, op), 0);
  }
  ASSERT_EQ(td_permit_role(TIEPDAN__ROLE__LEADER, (enum td_op)99), 0);
}

static void identity_table(void)
{
  int role;
  int secret;

  for (role = 0; role <= TIEPDAN__ROLE__ADMIN; role++) {
    int commune_officer =
        role == TIEPDAN__ROLE__RECEPTION || role == TIEPDAN__ROLE__LEADER;

    /* An ordinary petition's identity is visible to whoever may read it. */
    ASSERT_EQ(td_permit_identity(role, 1, 2, 0, 0), 1);
    for (secret = 1; secret <= 3; secret++) {
      int denunciation = secret & 1;
      int confidential = (secret & 2) != 0;

      /* Only the handling commune's officers, and only that commune. */
      ASSERT_EQ(td_permit_identity(role, 7, 7, denunciation, confidential),
                commune_officer);
      ASSERT_EQ(td_permit_identity(role, 7, 8, denunciation, confidential), 0);
    }
  }
}

static void a_submission_asks_by_its_kind(void)
{
  ASSERT_EQ(td_op_for_submission("recommendation"),
            TD_OP_SUBMIT_RECOMMENDATION);
  ASSERT_EQ(td_op_for_submission("complaint"), TD_OP_SUBMIT);
  ASSERT_EQ(td_op_for_submission("denunciation"), TD_OP_SUBMIT);
  ASSERT_EQ(td_op_for_submission(NULL), TD_OP_SUBMIT);
  /* So the Front forwards recommendations and nothing else. */
  ASSERT_EQ(td_permit_role(TIEPDAN__ROLE__FRONT,
                           td_op_for_submission("recommendation")),
            1);
  ASSERT_EQ(
      td_permit_role(TIEPDAN__ROLE__FRONT, td_op_for_submission("complaint")),
      0);
}

static void a_note_is_not_an_update(void)
{
  int action;

  for (action = TIEPDAN__ACTION__ACCEPT; action <= TIEPDAN__ACTION__NOTE;
       action++)
    ASSERT_EQ(td_op_for_action(action),
              action == TIEPDAN__ACTION__NOTE ? TD_OP_NOTE : TD_OP_UPDATE);
}

static void the_front_notes_only_recommendations(void)
{
  int role;

  ASSERT_EQ(td_permit_kind(TIEPDAN__ROLE__FRONT, TD_OP_NOTE, "recommendation"),
            1);
  ASSERT_EQ(td_permit_kind(TIEPDAN__ROLE__FRONT, TD_OP_NOTE, "complaint"), 0);
  ASSERT_EQ(td_permit_kind(TIEPDAN__ROLE__FRONT, TD_OP_NOTE, NULL), 0);
  ASSERT_EQ(
      td_permit_kind(TIEPDAN__ROLE__FRONT, TD_OP_UPDATE, "recommendation"), 0);
  /* The commune's officers note and update every kind. */
  for (role = TIEPDAN__ROLE__RECEPTION; role <= TIEPDAN__ROLE__LEADER; role++) {
    ASSERT_EQ(td_permit_kind(role, TD_OP_NOTE, "denunciation"), 1);
    ASSERT_EQ(td_permit_kind(role, TD_OP_UPDATE, "complaint"), 1);
  }
  ASSERT_EQ(
      td_permit_kind(TIEPDAN__ROLE__DASHBOARD, TD_OP_NOTE, "recommendation"),
      0);
  ASSERT_EQ(td_permit_kind(TIEPDAN__ROLE__ADMIN, TD_OP_NOTE, "recommendation"),
            0);
}

/* National rules (public holidays) act on the nation: its own unit for a
 * principal of the nation, a unit above everyone else's. */
static void only_the_nations_admin_administers_the_nation(void)
{
  static const char *const below[] = {"province", "district", "commune", "",
                                      NULL};
  int i;

  ASSERT_EQ(td_relation_of_nation("nation"), TD_REL_OWN);
  ASSERT(td_permit(TIEPDAN__ROLE__ADMIN, td_relation_of_nation("nation"),
                   TD_OP_ADMIN));
  for (i = 0; below[i] != NULL; i++) {
    ASSERT_EQ(td_relation_of_nation(below[i]), TD_REL_PARENT);
    ASSERT(!td_permit(TIEPDAN__ROLE__ADMIN, td_relation_of_nation(below[i]),
                      TD_OP_ADMIN));
  }
  ASSERT_EQ(td_relation_of_nation(NULL), TD_REL_PARENT);
}

/* Who records which sessions, written out for every role and type: the
 * Front its supervisions and social criticisms, the commune's officers the
 * rest, nobody else anything. Columns in Tiepdan__SessionType order from 1:
 * regular periodic dialogue voters adhoc delegated supervision criticism. */
static void sessions_are_recorded_by_type(void)
{
  static const char *const expect_types[5] = {
      /* reception */ "11111100",
      /* leader    */ "11111100",
      /* front     */ "00000011",
      /* dashboard */ "00000000",
      /* admin     */ "00000000",
  };
  int role;
  int type;

  for (role = TIEPDAN__ROLE__RECEPTION; role <= TIEPDAN__ROLE__ADMIN; role++)
    for (type = 1; type <= 8; type++)
      ASSERT_EQ(td_permit_session_type(role, type),
                expect_types[role - TIEPDAN__ROLE__RECEPTION][type - 1] == '1');
  /* No type, an unknown type or an unknown role: nothing. */
  ASSERT_EQ(td_permit_session_type(TIEPDAN__ROLE__LEADER, 0), 0);
  ASSERT_EQ(td_permit_session_type(TIEPDAN__ROLE__LEADER, 9), 0);
  ASSERT_EQ(td_permit_session_type(TIEPDAN__ROLE__FRONT, 9), 0);
  ASSERT_EQ(td_permit_session_type(99, TIEPDAN__SESSION_TYPE__SUPERVISION), 0);
  ASSERT_EQ(td_permit_session_type(TIEPDAN__ROLE__ROLE_UNSPECIFIED,
                                   TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION),
            0);
}

int main(void)
{
  RUN_TEST(role_relation_operation_table);
  RUN_TEST(nobody_acts_above_or_beside_its_unit);
  RUN_TEST(unknown_roles_and_values_get_nothing);
  RUN_TEST(identity_table);
  RUN_TEST(a_submission_asks_by_its_kind);
  RUN_TEST(a_note_is_not_an_update);
  RUN_TEST(the_front_notes_only_recommendations);
  RUN_TEST(only_the_nations_admin_administers_the_nation);
  RUN_TEST(sessions_are_recorded_by_type);
  return TEST_EXIT();
}
