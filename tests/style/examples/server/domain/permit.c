/* The domain (layer 2) reaching up into the database layer. */
#include <stdio.h>

#include "permit.h"
#include "wire.h"
#include "tiepdan.pb-c.h"
#include "store.h"
#include "db/pool.h" /* checksrc: expect wrong-way-include */

int td_example_permit(void)
{
  return td_example_wire() + td_example_store() + td_example_pool();
}
