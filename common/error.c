/* The error convention; see error.h. */
#include "error.h"

const char *td_strerror(int err)
{
  switch (err) {
  case TD_EOK:
    return "success";
#define XX(name, text)                                                         \
  case TD_E##name:                                                             \
    return text;
    TD_ERRNO_MAP(XX)
#undef XX
  default:
    return "unknown error";
  }
}

const char *td_errname(int err)
{
  switch (err) {
  case TD_EOK:
    return "TD_EOK";
#define XX(name, text)                                                         \
  case TD_E##name:                                                             \
    return "TD_E" #name;
    TD_ERRNO_MAP(XX)
#undef XX
  default:
    return "TD_E?";
  }
}
