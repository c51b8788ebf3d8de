/* A handler (layer 5) reaching up into the network layer by a relative
 * path; the database layer below it is fine. */
#include "petition.h"
#include "db/pool.h"
#include "../domain/permit.h"
#include "../net/listener.h" /* checksrc: expect wrong-way-include */

int td_example_petition(void)
{
  return td_example_pool() + td_example_permit() + td_example_listener();
}
