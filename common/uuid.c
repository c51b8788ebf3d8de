/* UUIDs; see uuid.h. */
#include "common/uuid.h"

#include <string.h>

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

static int is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
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
    } else if (!is_hex(s[i])) {
      return 0;
    }
  }
  return 1;
}
