/*
 * The deadline calendar: counting legal periods over weekends and public
 * holidays, and explaining the count. Pure: no I/O, no clock, no allocation.
 *
 * Counting follows the Civil Code 2015: the day the period starts from is
 * not counted (Art. 147); a period in calendar days that ends on a weekend
 * day or public holiday ends instead at the end of the next working day
 * (Art. 148). A period in working days counts only working days (Monday to
 * Friday, not a public holiday), so it always ends on a working day.
 */
#ifndef TD_DEADLINE_H
#define TD_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

/* td_day and its arithmetic (from and to y-m-d, parsing, formatting,
 * weekdays, Vietnam's day of a Unix time) are common to server and client. */
#include "common/day.h"

/* The days off besides weekends (public holidays, days in lieu: a weekday
 * that is a day off) and the weekend days that are working days (a make-up
 * Saturday): sorted, duplicate-free arrays, borrowed. Initialise with
 * designated initializers; working may be NULL when nworking is 0. */
struct td_calendar {
  const td_day *holidays;
  size_t n;
  const td_day *working;
  size_t nworking;
};

/* 1 if not a listed day off, and Monday to Friday or a listed weekend
 * working day. */
int td_calendar_is_working(const struct td_calendar *cal, td_day day);

enum td_day_count { TD_DAYS_CALENDAR = 0, TD_DAYS_WORKING = 1 };

/*
 * A deadline rule as stored in deadline_rules. A *_days value of 0 means
 * "same as days". The rule applies to petitions whose step starts on a day in
 * [effective_from, effective_to); effective_to is TD_DAY_NONE when open.
 */
struct td_deadline_rule {
  int id;
  const char *kind; /* petition kind code, e.g. "complaint" */
  const char *step; /* "accept" (from receipt) or "resolve" (from acceptance) */
  td_day effective_from;
  td_day effective_to;
  enum td_day_count count;
  int days;
  int remote_days;
  int complex_days;
  int remote_complex_days;
  int max_extensions;
  int extension_days;
  const char *source; /* legal basis, e.g. "Luật Khiếu nại 2011, Điều 28" */
};

/*
 * The rule for kind and step in force on day `on` (the day the step started:
 * the rule in force at acceptance governs the whole resolution), or NULL.
 * If several match, the one with the latest effective_from wins.
 */
const struct td_deadline_rule *
td_rule_pick(const struct td_deadline_rule *rules, size_t n, const char *kind,
             const char *step, td_day on);

/* The rule with this id, or NULL. */
const struct td_deadline_rule *
td_rule_by_id(const struct td_deadline_rule *rules, size_t n, int id);

/*
 * The last day rule r governs: the day before its effective_to, or before
 * the effective_from of the next rule of its kind and step, whichever comes
 * first; TD_DAY_NONE while no later rule replaces it. A change of the law
 * is a new row, never an edit of the old one, so the old row's own
 * effective_to often stays open and its end comes from its successor.
 */
td_day td_rule_last_day(const struct td_deadline_rule *rules, size_t n,
                        const struct td_deadline_rule *r);

/*
 * Whether the n_ext-th extension (1 for the first) of a period under rule r
 * needs a case recorded as especially complex: any extension after the
 * first does (Luật Tố cáo 2018, Điều 30: a complex case may be extended
 * once, an especially complex one twice). A rule allowing at most one
 * extension never asks for it.
 */
int td_rule_extension_needs_especially_complex(const struct td_deadline_rule *r,
                                               int n_ext);

struct td_deadline_input {
  td_day start;   /* The day the step started (receipt or acceptance). */
  int remote;     /* The commune is a remote area (vùng sâu, vùng xa). */
  int complex;    /* The case was judged complex when accepted. */
  int extensions; /* Extensions granted so far. */
};

#define TD_SKIPPED_MAX 128

struct td_deadline {
  td_day due;         /* The effective deadline. */
  td_day counted_end; /* Where counting ended, before any roll-forward. */
  int base_days;      /* days, remote_days, complex_days or both. */
  int extension_days; /* extensions x rule.extension_days. */
  int total_days;     /* base_days + extension_days. */
  enum td_day_count count;
  /* Non-working days passed over: inside the count for working days, or
   * rolled over at the end for calendar days. Ascending. */
  int nskipped;
  td_day skipped[TD_SKIPPED_MAX];
};

/*
 * Computes the deadline. Returns 0, or -1 if in->extensions exceeds
 * rule->max_extensions (an extension the rule does not allow), or if the
 * count would pass over more than TD_SKIPPED_MAX non-working days.
 */
int td_deadline_compute(const struct td_deadline_rule *rule,
                        const struct td_deadline_input *in,
                        const struct td_calendar *cal, struct td_deadline *out);

/*
 * Writes a few lines for the officer (English, one fact per line): the rule
 * and its legal source, the start and that counting starts the next day, the
 * days counted and why that many (remote, complex, extensions), where
 * counting ended, the dates skipped, and the effective deadline with its
 * weekday. Truncates to n bytes (always NUL-terminated). Returns the length
 * it would have written, like snprintf.
 */
int td_deadline_explain(const struct td_deadline_rule *rule,
                        const struct td_deadline_input *in,
                        const struct td_deadline *d, char *buf, size_t n);

/* The same, in Vietnamese when vi is set (dates DD/MM/YYYY, weekdays and
 * the law's names as officers read them), for a client that asks for it. */
int td_deadline_explain_in(const struct td_deadline_rule *rule,
                           const struct td_deadline_input *in,
                           const struct td_deadline *d, int vi, char *buf,
                           size_t n);

/*
 * Which deadline a step of a petition's life runs to: the one answer every
 * handler asks for, whether it starts a deadline, moves it or derives it
 * again.
 */
enum td_deadline_event {
  /* Received: the period to accept or refuse starts on the day of receipt,
   * under the rule in force that day. */
  TD_DEADLINE_RECEIVED,
  /* Accepted or reopened: the period to resolve starts that day, under the
   * rule in force that day, which then governs the whole resolution. */
  TD_DEADLINE_ACCEPTED,
  /* One more extension of the running resolution period. */
  TD_DEADLINE_EXTENDED,
  /* The running deadline again, from its own rule, start and extensions
   * (to explain it, or after the public holidays changed). */
  TD_DEADLINE_RUNNING
};

/* What the deadline depends on. */
struct td_deadline_case {
  const char *kind; /* RECEIVED, ACCEPTED: the petition's kind code. */
  td_day day;       /* RECEIVED, ACCEPTED: the day of the event. */
  int remote;       /* The handling commune is a remote area. */
  int complex;      /* Judged complex (at acceptance). */
  int extensions;   /* Extensions granted so far. */
  int rule_id;      /* EXTENDED, RUNNING: the running step's rule, or 0. */
  const char *step; /* EXTENDED: the running step ("accept", "resolve"). */
  td_day start;     /* EXTENDED, RUNNING: the running step's start. */
  /* EXTENDED: the case is recorded especially complex, or is being now. */
  int especially_complex;
};

/* The answer: no rule (no deadline runs), or the rule, the step it governs,
 * what was counted and the deadline. */
struct td_deadline_plan {
  const struct td_deadline_rule *rule;
  const char *step; /* "accept" or "resolve". */
  struct td_deadline_input in;
  struct td_deadline due; /* Meaningful when rule is not NULL. */
};

enum td_deadline_refusal {
  TD_DEADLINE_OK = 0,
  TD_DEADLINE_NOTHING_TO_EXTEND,  /* No resolution deadline runs. */
  TD_DEADLINE_NO_MORE_EXTENSIONS, /* The rule allows no more; plan.rule set. */
  TD_DEADLINE_UNCOUNTABLE,        /* RUNNING: its rule cannot count it. */
  /* EXTENDED: a second extension for a case not recorded especially
   * complex; plan.rule set, plan.in.extensions the one refused. */
  TD_DEADLINE_NEEDS_ESPECIALLY_COMPLEX
};

/* Plans the deadline of event ev for c with the rules and holidays given.
 * Returns TD_DEADLINE_OK with out set (out->rule NULL when no rule applies),
 * or why the event cannot have one. */
enum td_deadline_refusal
td_deadline_for(enum td_deadline_event ev, const struct td_deadline_case *c,
                const struct td_deadline_rule *rules, size_t nrules,
                const struct td_calendar *cal, struct td_deadline_plan *out);

#endif
