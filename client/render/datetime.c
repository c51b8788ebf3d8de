/* Times as officers read them; see datetime.h. */
#include "render/datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int local(int64_t t, struct tm *tm)
{
  time_t tt;

  tt = (time_t)t;
  return localtime_r(&tt, tm) != NULL ? 0 : -1;
}

void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX])
{
  struct tm tm;

  if (local(t, &tm) != 0 ||
      strftime(out, TD_DATETIME_MAX, "%Y-%m-%d %H:%M", &tm) == 0)
    snprintf(out, TD_DATETIME_MAX, "%lld", (long long)t);
}

void td_datetime_format_iso(int64_t t, char out[TD_DATETIME_MAX])
{
  struct tm tm;
  size_t n;

  if (local(t, &tm) != 0 ||
      strftime(out, TD_DATETIME_MAX, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0) {
    snprintf(out, TD_DATETIME_MAX, "%lld", (long long)t);
    return;
  }
  /* strftime writes +0700; ISO 8601 extended format wants +07:00. */
  n = strlen(out);
  memmove(out + n - 1, out + n - 2, 3);
  out[n - 2] = ':';
}
