/* Times as officers read them, on Vietnam's clock; see datetime.h. */
#include "render/datetime.h"

#include <stdio.h>

#include "common/day.h"

void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX])
{
  struct td_vn_clock c;
  char day[TD_DAY_LEN];

  td_vn_clock(t, &c);
  td_day_format(c.day, day);
  snprintf(out, TD_DATETIME_MAX, "%s %02d:%02d", day, c.hour, c.minute);
}

void td_datetime_format_iso(int64_t t, char out[TD_DATETIME_MAX])
{
  struct td_vn_clock c;
  char day[TD_DAY_LEN];

  td_vn_clock(t, &c);
  td_day_format(c.day, day);
  snprintf(out, TD_DATETIME_MAX, "%sT%02d:%02d:%02d+07:00", day, c.hour,
           c.minute, c.second);
}
