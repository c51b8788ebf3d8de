/* Fresh idempotency keys; see uuid.h. */
#include "uuid.h"

#include <openssl/rand.h>

int td_uuid_v4(char out[TD_UUID_LEN + 1])
{
  unsigned char b[16];

  if (RAND_bytes(b, sizeof(b)) != 1)
    return -1;
  td_uuid_format(b, out);
  return 0;
}
