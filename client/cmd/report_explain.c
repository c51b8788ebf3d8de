/*
 * tiepdan report --explain FIGURE: the petitions behind one figure of the
 * narrative report, for the same unit and period, as `list` prints them, so
 * a province can check a commune's numbers. Like the report, it leaves out
 * the Front's recommendations (channel front_supervision) unless
 * --include-front; "front" lists only them. Open and overdue are as of
 * today, whatever the day received, as the report counts them.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/report.h"
#include "lang/lang.h"
#include "common/limits.h"
#include "render/output.h"
#include "wire.h"

#define FRONT_CHANNEL "front_supervision"
#define PAGES_MAX 100000

static const struct figure {
  const char *name;
  const char *status; /* NULL: any. */
  int open_now;       /* 1: open, 2: open and overdue; no period. */
} figures[] = {
    {"received", NULL, 0},
    {"resolved", "resolved", 0},
    {"withdrawn", "withdrawn", 0},
    {"not_accepted", "not_accepted", 0},
    {"transferred", "transferred", 0},
    {"overdue", NULL, 2},
    {"front", NULL, 0},
};

int td_cmd_report_figure_parse(const char *v)
{
  size_t i;

  for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
    if (strcmp(v, figures[i].name) == 0)
      return (int)i;
  return -1;
}

void td_cmd_report_explain_request(const struct td_report_args *a,
                                   const char *cursor, Tiepdan__Envelope *env,
                                   Tiepdan__ListPetitions *list)
{
  static const Tiepdan__Envelope env0 = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPetitions list0 = TIEPDAN__LIST_PETITIONS__INIT;
  const struct figure *f = &figures[a->figure];

  *env = env0;
  *list = list0;
  list->unit_code = a->unit;
  if (f->open_now == 2) {
    list->has_overdue = 1;
    list->overdue = 1;
  } else {
    td_cmd_report_bounds(a, &list->received_from, &list->received_to);
    list->has_received_from = 1;
    list->has_received_to = 1;
  }
  if (f->status != NULL) {
    list->has_status = 1;
    list->status = td_status_parse(f->status);
  }
  if (strcmp(f->name, "front") == 0)
    list->channel = (char *)FRONT_CHANNEL;
  list->cursor = (char *)cursor;
  list->has_page_size = 1;
  list->page_size = TD_LIST_MAX;
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env->list_petitions = list;
}

struct kept {
  Tiepdan__Envelope **env;
  size_t n_env;
  const Tiepdan__Petition **ps;
  size_t n;
};

static void kept_free(struct kept *k)
{
  size_t i;

  for (i = 0; i < k->n_env; i++)
    tiepdan__envelope__free_unpacked(k->env[i], NULL);
  free(k->env);
  free(k->ps);
}

/* Keeps the page and those of its petitions the figure counts. */
static int keep(struct kept *k, Tiepdan__Envelope *reply, int with_front)
{
  const Tiepdan__ListReply *page = reply->list_reply;
  Tiepdan__Envelope **env;
  const Tiepdan__Petition **ps;
  size_t i;

  env = realloc(k->env, (k->n_env + 1) * sizeof(*env));
  if (env == NULL) {
    tiepdan__envelope__free_unpacked(reply, NULL);
    return -1;
  }
  k->env = env;
  k->env[k->n_env++] = reply;
  ps = realloc(k->ps, (k->n + page->n_petitions + 1) * sizeof(*ps));
  if (ps == NULL)
    return -1;
  k->ps = ps;
  for (i = 0; i < page->n_petitions; i++) {
    const Tiepdan__Petition *p = page->petitions[i];

    if (p == NULL || (!with_front && p->channel != NULL &&
                      strcmp(p->channel, FRONT_CHANNEL) == 0))
      continue;
    k->ps[k->n++] = p;
  }
  return 0;
}

int td_cmd_report_explain(const struct td_global_args *g,
                          const struct td_report_args *a)
{
  static const struct td_call c = {
      .command = "report",
      .not_found = N_("check the unit code given with --unit; you see "
                      "petitions only of your own unit and the units below "
                      "it")};
  const struct figure *f = &figures[a->figure];
  int with_front = a->include_front || strcmp(f->name, "front") == 0;
  Tiepdan__ListPetitions list;
  Tiepdan__Envelope req;
  Tiepdan__Envelope *reply;
  struct td_client_opts o;
  struct td_session s;
  struct kept k;
  const char *cursor = NULL;
  const char *next;
  int pages;
  int code;

  memset(&k, 0, sizeof(k));
  code = td_call_resolve(g, &o);
  if (code != TD_EXIT_OK) {
    td_client_config_free(&o);
    return code;
  }
  td_call_session_start(&s, &o, 0);
  for (pages = 0; pages < PAGES_MAX && code == TD_EXIT_OK; pages++) {
    td_cmd_report_explain_request(a, cursor, &req, &list);
    code = td_call_exchange(&s, &req, TIEPDAN__ENVELOPE__BODY_LIST_REPLY,
                            &reply, &c);
    if (code != TD_EXIT_OK)
      break;
    if (keep(&k, reply, with_front) != 0) {
      code = td_call_internal(_("out of memory"));
      break;
    }
    next = reply->list_reply->next_cursor;
    if (next == NULL || next[0] == '\0')
      break;
    if (cursor != NULL && strcmp(cursor, next) == 0) {
      code = td_call_internal(_("the server sent the same page twice"));
      break;
    }
    cursor = next;
  }
  if (code == TD_EXIT_OK) {
    if (s.hello != NULL)
      td_output_set_terms(s.hello->hello_reply);
    code = td_call_finish_output(td_output_list(stdout, g->format, k.ps, k.n,
                                                td_call_terminal_columns(), 0));
    if (code == TD_EXIT_OK && g->format == TD_FORMAT_TABLE)
      printf(td_ngettext("%zu petition behind the figure %s.\n",
                         "%zu petitions behind the figure %s.\n", k.n),
             k.n, f->name);
  }
  td_session_close(&s);
  kept_free(&k);
  td_client_config_free(&o);
  return code;
}
