/* The transport (layer 3) knows only the callbacks it is given: it may
 * include the layers below it and its own, but no handler, and no client
 * header. */
#include "listener.h"
#include "db/pool.h"
#include "ops/petition.h"        /* checksrc: expect wrong-way-include */
#include "client/render/table.h" /* checksrc: expect wrong-way-include */

int td_example_listener(void)
{
  return td_example_petition() + td_example_table();
}
