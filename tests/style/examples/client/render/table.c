/* Rendering (client layer 2) reaching up into a command (4). */
#include "table.h"
#include "cmd/submit.h" /* checksrc: expect wrong-way-include */

int td_example_table(void)
{
  return td_example_submit();
}
