/* Codes; see code.h. */
#include "common/code.h"

#include <string.h>

#include "common/limits.h"

int td_code_valid(const char *s)
{
  size_t n = strlen(s);
  size_t i;
  char c;

  if (n == 0 || n > TD_CODE_MAX)
    return 0;
  for (i = 0; i < n; i++) {
    c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
      return 0;
  }
  return 1;
}

const char *td_code_unit_level(const char *code)
{
  size_t n;

  n = strlen(code);
  return n == 2 ? "province" : n == 3 ? "district" : "commune";
}
