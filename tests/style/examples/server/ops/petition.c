/* A handler (layer 5) reaching up into the session layer by a relative
 * path; the database layer and the transport below it are fine. */
#include "petition.h"
#include "db/pool.h"
#include "../domain/permit.h"
#include "../net/listener.h"
#include "../session.h" /* checksrc: expect wrong-way-include */

int td_example_petition(void)
{
  return td_example_pool() + td_example_permit() + td_example_listener() +
         td_example_session();
}
