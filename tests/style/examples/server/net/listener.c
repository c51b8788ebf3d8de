/* The network layer (8) may include every server layer below it, but no
 * client header. */
#include "listener.h"
#include "ops/petition.h"
#include "db/pool.h"
#include "client/render/table.h" /* checksrc: expect wrong-way-include */

int td_example_listener(void)
{
  return td_example_petition() + td_example_table();
}
