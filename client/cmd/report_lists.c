/* The sessions and the Front's recommendations of a report; see
 * report_lists.h. */
#include "cmd/report_lists.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "common/limits.h"
#include "lang/lang.h"

/* More pages than any period could need: a cursor that never ends. */
#define PAGES_MAX 100000

void td_cmd_report_bounds(const struct td_report_args *a, int64_t *from,
                          int64_t *to)
{
  td_day day;
  int first;
  int last;

  /* --period: its days, both included. */
  if (a->has_period) {
    *from = td_vn_time(a->period.from, 0, 0);
    *to = td_vn_time(a->period.to + 1, 0, 0);
    return;
  }
  /* The parser wrote both months; 2000-01 to 2100-12. */
  if (td_month_index_parse(a->from, &first) != 0)
    first = td_month_index(2000, 1);
  if (td_month_index_parse(a->to, &last) != 0)
    last = td_month_index(2100, 12);
  last++;
  if (td_day_from_ymd(first / 12, first % 12 + 1, 1, &day) != 0)
    day = 0;
  *from = td_vn_time(day, 0, 0);
  if (td_day_from_ymd(last / 12, last % 12 + 1, 1, &day) != 0)
    day = 0;
  *to = td_vn_time(day, 0, 0);
}

void td_cmd_report_sessions_request(const struct td_report_args *a, int64_t to,
                                    Tiepdan__Envelope *env,
                                    Tiepdan__ListSessions *list)
{
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListSessions list0 = TIEPDAN__LIST_SESSIONS__INIT;
  int64_t end;

  *env = env0;
  *list = list0;
  list->unit_code = a->unit;
  td_cmd_report_bounds(a, &list->from, &end);
  list->has_from = 1;
  list->has_to = 1;
  list->to = to < end ? to : end;
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS;
  env->list_sessions = list;
}

void td_cmd_report_front_request(const struct td_report_args *a,
                                 const char *cursor, Tiepdan__Envelope *env,
                                 Tiepdan__ListPetitions *list)
{
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPetitions list0 = TIEPDAN__LIST_PETITIONS__INIT;

  *env = env0;
  *list = list0;
  list->unit_code = a->unit;
  list->channel = (char *)"front_supervision";
  td_cmd_report_bounds(a, &list->received_from, &list->received_to);
  list->has_received_from = 1;
  list->has_received_to = 1;
  list->cursor = (char *)cursor;
  list->has_page_size = 1;
  list->page_size = TD_LIST_MAX;
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env->list_petitions = list;
}

/* Keeps reply in l; frees it if there is no room. */
static int keep(struct td_report_lists *l, Tiepdan__Envelope *reply)
{
  Tiepdan__Envelope **grown;

  grown = realloc(l->env, (l->n_env + 1) * sizeof(*grown));
  if (grown == NULL) {
    tiepdan__envelope__free_unpacked(reply, NULL);
    return td_call_internal(_("out of memory"));
  }
  l->env = grown;
  l->env[l->n_env++] = reply;
  return TD_EXIT_OK;
}

static int seen(const struct td_report_lists *l, int64_t id)
{
  size_t i;

  for (i = 0; i < l->n_sessions; i++)
    if (l->sessions[i]->id == id)
      return 1;
  return 0;
}

/* Adds the sessions of page not yet seen; their number, or -1 if memory
 * ran out. *oldest becomes the earliest opening among them. */
static long add_sessions(struct td_report_lists *l,
                         const Tiepdan__ListSessionsReply *page,
                         int64_t *oldest)
{
  const Tiepdan__Session **grown;
  const Tiepdan__Session *x;
  long added;
  size_t i;

  grown = realloc(l->sessions,
                  (l->n_sessions + page->n_sessions + 1) * sizeof(*grown));
  if (grown == NULL)
    return -1;
  l->sessions = grown;
  added = 0;
  for (i = 0; i < page->n_sessions; i++) {
    x = page->sessions[i];
    if (x == NULL || !x->has_id || seen(l, x->id))
      continue;
    l->sessions[l->n_sessions++] = x;
    added++;
    if (x->has_opened_at && x->opened_at < *oldest)
      *oldest = x->opened_at;
  }
  return added;
}

/* How many sessions the statistics count in the period. */
static uint64_t sessions_counted(const Tiepdan__StatsReply *total)
{
  uint64_t n;
  size_t i;

  n = 0;
  for (i = 0; total != NULL && i < total->n_sessions; i++)
    n += total->sessions[i]->has_sessions ? total->sessions[i]->sessions : 0;
  return n;
}

/*
 * The server answers with the newest sessions first, a page at most; while
 * fewer than the statistics count have come, asks for those opened before
 * the oldest so far (and at its second: the ids keep each once).
 */
static int fetch_sessions(struct td_session *s, const struct td_report_args *a,
                          const Tiepdan__StatsReply *total,
                          struct td_report_lists *l)
{
  static const struct td_call c = {.command = "report"};
  Tiepdan__ListSessions list;
  Tiepdan__Envelope req;
  Tiepdan__Envelope *reply;
  uint64_t want;
  int64_t from;
  int64_t to;
  int64_t oldest;
  long added;
  int code;

  want = sessions_counted(total);
  td_cmd_report_bounds(a, &from, &to);
  for (;;) {
    td_cmd_report_sessions_request(a, to, &req, &list);
    code = td_call_exchange(
        s, &req, TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY, &reply, &c);
    if (code == TD_EXIT_OK)
      code = keep(l, reply);
    if (code != TD_EXIT_OK)
      return code;
    oldest = to;
    added = add_sessions(l, reply->list_sessions_reply, &oldest);
    if (added < 0)
      return td_call_internal(_("out of memory"));
    if (added == 0 || l->n_sessions >= want || oldest <= from)
      break;
    to = oldest + 1;
  }
  l->has_sessions = 1;
  return TD_EXIT_OK;
}

static int add_petitions(struct td_report_lists *l,
                         const Tiepdan__ListReply *page)
{
  const Tiepdan__Petition **grown;
  size_t i;

  grown = realloc(l->petitions,
                  (l->n_petitions + page->n_petitions + 1) * sizeof(*grown));
  if (grown == NULL)
    return td_call_internal(_("out of memory"));
  l->petitions = grown;
  for (i = 0; i < page->n_petitions; i++)
    if (page->petitions[i] != NULL)
      l->petitions[l->n_petitions++] = page->petitions[i];
  return TD_EXIT_OK;
}

/* Every page of the Front's recommendations of the period. */
static int fetch_front(struct td_session *s, const struct td_report_args *a,
                       struct td_report_lists *l)
{
  static const struct td_call c = {.command = "report"};
  Tiepdan__ListPetitions list;
  Tiepdan__Envelope req;
  Tiepdan__Envelope *reply;
  const char *cursor;
  const char *next;
  int pages;
  int code;

  cursor = NULL;
  for (pages = 0; pages < PAGES_MAX; pages++) {
    td_cmd_report_front_request(a, cursor, &req, &list);
    code = td_call_exchange(s, &req, TIEPDAN__ENVELOPE__BODY_LIST_REPLY, &reply,
                            &c);
    if (code == TD_EXIT_OK)
      code = keep(l, reply);
    if (code == TD_EXIT_OK)
      code = add_petitions(l, reply->list_reply);
    if (code != TD_EXIT_OK)
      return code;
    next = reply->list_reply->next_cursor;
    if (next == NULL || next[0] == '\0')
      break;
    /* Don't believe nonsense: a cursor that does not move never ends. */
    if (cursor != NULL && strcmp(cursor, next) == 0)
      return td_call_internal(_("the server sent the same page twice"));
    cursor = next;
  }
  l->has_petitions = 1;
  return TD_EXIT_OK;
}

int td_cmd_report_lists_fetch(struct td_session *s,
                              const struct td_report_args *a,
                              const Tiepdan__StatsReply *total,
                              struct td_report_lists *l)
{
  int code;

  code = fetch_sessions(s, a, total, l);
  if (code == TD_EXIT_OK && a->front)
    code = fetch_front(s, a, l);
  return code;
}

void td_cmd_report_lists_give(const struct td_report_lists *l,
                              struct td_report *r)
{
  r->sessions = l->sessions;
  r->n_sessions = l->n_sessions;
  r->has_sessions = l->has_sessions;
  r->front_petitions = l->petitions;
  r->n_front_petitions = l->n_petitions;
  r->has_front_petitions = l->has_petitions;
}

void td_cmd_report_lists_free(struct td_report_lists *l)
{
  size_t i;

  for (i = 0; i < l->n_env; i++)
    tiepdan__envelope__free_unpacked(l->env[i], NULL);
  free(l->env);
  free(l->sessions);
  free(l->petitions);
  memset(l, 0, sizeof(*l));
}
