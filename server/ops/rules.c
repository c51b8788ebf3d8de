/*
 * The deadline rules in force on a day (tiepdan admin rules list): for each
 * petition kind and step, the rule td_deadline_for would pick for a step
 * starting that day, with its periods, its days in force and its legal
 * source.
 *
 * The rules are public law and say nothing of any unit, so every
 * registered officer may read them (TD_OP_CONNECT), not only
 * administrators: the officer who tells a citizen a deadline should be able
 * to show where it comes from. The answer is read from the server's cached
 * copy, reloaded first, so that rules migrated while the server runs show
 * at once; no statement of its own is needed.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db/terms.h"
#include "ops/ops.h"

/* Where a kind stands in the officers' order: the order of the terms the
 * database lists (petition_kinds.sort); unknown kinds last. */
static size_t kind_rank(const struct td_terms *t, const char *kind)
{
  size_t i;
  size_t rank = 0;

  for (i = 0; t != NULL && i < t->n; i++) {
    if (t->terms[i]->vocabulary == NULL || t->terms[i]->code == NULL ||
        strcmp(t->terms[i]->vocabulary, "kind") != 0)
      continue;
    if (strcmp(t->terms[i]->code, kind) == 0)
      return rank;
    rank++;
  }
  return rank;
}

struct ranked {
  const struct td_deadline_rule *rule;
  size_t kind_rank;
};

/* By kind in the officers' order, then the kind's code, then accept (from
 * receipt) before resolve (from acceptance). */
static int by_kind_then_step(const void *a, const void *b)
{
  const struct ranked *x = a;
  const struct ranked *y = b;
  int c;

  if (x->kind_rank != y->kind_rank)
    return x->kind_rank < y->kind_rank ? -1 : 1;
  c = strcmp(x->rule->kind, y->rule->kind);
  if (c != 0)
    return c;
  return strcmp(x->rule->step, y->rule->step);
}

static char *day_text(struct td_arena *a, td_day day)
{
  char *s = td_arena_alloc(a, TD_DAY_LEN);

  td_day_format(day, s);
  return s;
}

/* One rule as the wire has it; strings borrowed from the cache, which
 * stays until the reply is sent. */
static Tiepdan__DeadlineRule *rule_msg(struct td_arena *a,
                                       const struct td_calendar_cache *c,
                                       const struct td_deadline_rule *r)
{
  Tiepdan__DeadlineRule *m = td_arena_alloc(a, sizeof(*m));
  td_day last = td_rule_last_day(c->rules, c->nrules, r);

  tiepdan__deadline_rule__init(m);
  m->has_id = 1;
  m->id = r->id;
  m->kind = (char *)r->kind;
  m->step = (char *)r->step;
  m->has_working_days = 1;
  m->working_days = r->count == TD_DAYS_WORKING;
  m->has_days = 1;
  m->days = r->days;
  m->has_remote_days = 1;
  m->remote_days = r->remote_days;
  m->has_complex_days = 1;
  m->complex_days = r->complex_days;
  m->has_remote_complex_days = 1;
  m->remote_complex_days = r->remote_complex_days;
  m->has_max_extensions = 1;
  m->max_extensions = r->max_extensions;
  m->has_extension_days = 1;
  m->extension_days = r->extension_days;
  m->effective_from = day_text(a, r->effective_from);
  m->effective_to = last != TD_DAY_NONE ? day_text(a, last) : NULL;
  m->source = (char *)r->source;
  return m;
}

/* The rules in force on `on`: for each (kind, step), the one the engine
 * picks, so what the list shows is what a deadline would use. */
static void reply_rules(struct td_req *req, td_day on)
{
  const struct td_calendar_cache *c = req->srv->calendar;
  struct td_arena *a = &req->arena;
  struct ranked *picked;
  Tiepdan__RulesReply *r;
  Tiepdan__Envelope *env;
  size_t i;
  size_t n = 0;

  picked = td_arena_alloc(a, (c->nrules + 1) * sizeof(*picked));
  for (i = 0; i < c->nrules; i++) {
    if (td_rule_pick(c->rules, c->nrules, c->rules[i].kind, c->rules[i].step,
                     on) != &c->rules[i])
      continue;
    picked[n].rule = &c->rules[i];
    picked[n].kind_rank = kind_rank(req->srv->terms, c->rules[i].kind);
    n++;
  }
  qsort(picked, n, sizeof(*picked), by_kind_then_step);
  r = td_arena_alloc(a, sizeof(*r));
  tiepdan__rules_reply__init(r);
  r->on = day_text(a, on);
  r->n_rules = n;
  r->rules = td_arena_alloc(a, (n + 1) * sizeof(*r->rules));
  for (i = 0; i < n; i++)
    r->rules[i] = rule_msg(a, c, picked[i].rule);
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_RULES_REPLY;
  env->rules_reply = r;
  td_req_reply(req, env);
}

/* The day asked for, kept until the calendar is fresh. */
struct list_rules {
  struct td_req *req;
  td_day on;
};

static void on_fresh(void *arg, int ok)
{
  struct list_rules *l = arg;

  if (!ok || l->req->srv->calendar == NULL) {
    td_reply_db_error(l->req, TD_EUNAVAIL, "reading the deadline rules");
    return;
  }
  reply_rules(l->req, l->on);
}

void td_handle_list_rules(struct td_req *req)
{
  const Tiepdan__ListRules *m = req->env->list_rules;
  struct list_rules *l;

  l = td_arena_alloc(&req->arena, sizeof(*l));
  l->req = req;
  l->on = td_today();
  if (m->on != NULL && m->on[0] != '\0' && td_day_parse(m->on, &l->on) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "on",
                "on: not a valid day; write it YYYY-MM-DD, e.g. 2026-07-01");
    return;
  }
  if (td_calendar_reload(req->srv, on_fresh, l) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "reading the deadline rules");
}
