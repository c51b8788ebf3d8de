/* A command (client layer 4) may include rendering (2), never a server
 * header. */
#include "submit.h"
#include "render/table.h"
#include "proto/wire.h"
#include "server/db/pool.h" /* checksrc: expect wrong-way-include */

int td_example_submit(void)
{
  return td_example_table() + td_example_wire() + td_example_pool();
}
