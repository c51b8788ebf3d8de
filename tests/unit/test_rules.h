/*
 * What the deadline tests share: dates from their text, and the deadline
 * rules of the laws as the database holds them (deadline_rules).
 */
#ifndef TD_TEST_RULES_H
#define TD_TEST_RULES_H

#include "domain/deadline.h"

/* A date from its text; TD_DAY_NONE (which no check expects) if malformed. */
static inline td_day day(const char *s)
{
  td_day d;

  return td_day_parse(s, &d) == 0 ? d : TD_DAY_NONE;
}

/* Luật Khiếu nại 2011 Art. 28: a first-time complaint is resolved within 30
 * days of acceptance, 45 if complex; 45 and 60 in remote areas. */
static inline struct td_deadline_rule complaint_resolve(void)
{
  struct td_deadline_rule r = {
      .id = 1,
      .kind = "complaint",
      .step = "resolve",
      .effective_from = day("2011-07-01"),
      .effective_to = TD_DAY_NONE,
      .count = TD_DAYS_CALENDAR,
      .days = 30,
      .remote_days = 45,
      .complex_days = 45,
      .remote_complex_days = 60,
      .source = "Luật Khiếu nại 2011, Điều 28",
  };
  return r;
}

/* Luật Khiếu nại 2011 Art. 27: accept within 10 days of receipt. */
static inline struct td_deadline_rule complaint_accept(void)
{
  struct td_deadline_rule r = {
      .id = 2,
      .kind = "complaint",
      .step = "accept",
      .effective_from = day("2011-07-01"),
      .effective_to = TD_DAY_NONE,
      .count = TD_DAYS_CALENDAR,
      .days = 10,
      .source = "Luật Khiếu nại 2011, Điều 27",
  };
  return r;
}

/* Luật Tố cáo 2018 Art. 30: 30 days, extended by at most 30 days twice. */
static inline struct td_deadline_rule denunciation_resolve(void)
{
  struct td_deadline_rule r = {
      .id = 3,
      .kind = "denunciation",
      .step = "resolve",
      .effective_from = day("2019-01-01"),
      .effective_to = TD_DAY_NONE,
      .count = TD_DAYS_CALENDAR,
      .days = 30,
      .max_extensions = 2,
      .extension_days = 30,
      .source = "Luật Tố cáo 2018, Điều 30",
  };
  return r;
}

/* A period counted in working days. */
static inline struct td_deadline_rule ten_working_days(void)
{
  struct td_deadline_rule r = {
      .id = 4,
      .kind = "denunciation",
      .step = "accept",
      .effective_from = day("2019-01-01"),
      .effective_to = TD_DAY_NONE,
      .count = TD_DAYS_WORKING,
      .days = 10,
      .source = "Luật Tố cáo 2018, Điều 24",
  };
  return r;
}

#endif
