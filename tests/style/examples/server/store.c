/* A file at a path outside the layer table: its includes are not checked
 * for layers (today's tree still has such files while they move). */
#include "store.h"
#include "net/listener.h"

int td_example_store(void)
{
  return td_example_listener();
}
