/* Times as officers read them, on Vietnam's clock; see datetime.h. */
#include "render/datetime.h"

#include <stdio.h>
#include <string.h>

#include "common/day.h"
#include "lang/lang.h"

void td_datetime_format_short(int64_t t, char out[TD_DATETIME_MAX])
{
  struct td_vn_clock c;
  char day[TD_DAY_LEN];

  td_vn_clock(t, &c);
  if (td_lang_current() == TD_LANG_VI) {
    int y;
    int m;
    int d;

    td_day_to_ymd(c.day, &y, &m, &d);
    snprintf(out, TD_DATETIME_MAX, "%02d/%02d/%04d %02d:%02d", d, m, y, c.hour,
             c.minute);
    return;
  }
  td_day_format(c.day, day);
  snprintf(out, TD_DATETIME_MAX, "%s %02d:%02d", day, c.hour, c.minute);
}

void td_datetime_day_shown(const char *iso, char out[TD_DATETIME_MAX])
{
  int y;
  int m;
  int d;
  char end;

  if (td_lang_current() == TD_LANG_VI && iso != NULL && strlen(iso) == 10 &&
      sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    snprintf(out, TD_DATETIME_MAX, "%02d/%02d/%04d", d, m, y);
  else
    snprintf(out, TD_DATETIME_MAX, "%s", iso != NULL ? iso : "-");
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
