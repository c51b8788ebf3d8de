/* The permission rules as full tables: every role against every operation,
 * and who sees a petitioner's identity. */
#include "permit.h"
#include "test.h"
#include "tiepdan.pb-c.h"

static void role_by_operation_table(void)
{
  /* Rows: roles in enum order from RECEPTION; columns: SUBMIT, READ,
   * UPDATE, ADMIN. */
  static const int expect[5][TD_OP__COUNT] = {
      /* reception */ {1, 1, 1, 0},
      /* leader    */ {1, 1, 1, 0},
      /* front     */ {1, 1, 0, 0},
      /* dashboard */ {0, 1, 0, 0},
      /* admin     */ {0, 0, 0, 1},
  };
  int role;
  int op;

  for (role = TIEPDAN__ROLE__RECEPTION; role <= TIEPDAN__ROLE__ADMIN; role++)
    for (op = 0; op < TD_OP__COUNT; op++)
      ASSERT_EQ(td_permit_role(role, (enum td_op)op),
                expect[role - TIEPDAN__ROLE__RECEPTION][op]);
  for (op = 0; op < TD_OP__COUNT; op++) {
    ASSERT_EQ(td_permit_role(TIEPDAN__ROLE__ROLE_UNSPECIFIED, op), 0);
    ASSERT_EQ(td_permit_role(99, op), 0);
  }
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

int main(void)
{
  RUN_TEST(role_by_operation_table);
  RUN_TEST(identity_table);
  return TEST_EXIT();
}
