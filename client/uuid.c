/* UUIDv4; see uuid.h. */
#include "uuid.h"

#include <string.h>

#include <openssl/rand.h>

void td_uuid_format(const unsigned char bytes[16], char out[TD_UUID_LEN + 1])
{
  static const char hex[] = "0123456789abcdef";
  unsigned char b[16];
  size_t i;
  char *p;

  memcpy(b, bytes, sizeof(b));
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* Version 4. */
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant. */
  p = out;
  for (i = 0; i < sizeof(b); i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    *p++ = hex[b[i] >> 4];
    *p++ = hex[b[i] & 0x0f];
  }
  *p = '\0';
}

int td_uuid_v4(char out[TD_UUID_LEN + 1])
{
  unsigned char b[16];

  if (RAND_bytes(b, sizeof(b)) != 1)
    return -1;
  td_uuid_format(b, out);
  return 0;
}

int td_uuid_valid(const char *s)
{
  size_t i;

  if (strlen(s) != TD_UUID_LEN)
    return 0;
  for (i = 0; i < TD_UUID_LEN; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-')
        return 0;
    } else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL) {
      return 0;
    }
  }
  return 1;
}
