/* Tests may include anything. */
#include "server/net/listener.h"
#include "server/db/pool.h"
#include "client/cmd/submit.h"

int main(void)
{
  return td_example_listener() + td_example_pool() + td_example_submit();
}
