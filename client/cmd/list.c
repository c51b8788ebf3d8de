/* tiepdan list: petitions, a page or every page; see list.h. */
#include "cmd/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/terms_in.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"
#include "wire.h"

enum {
  O_HELP = 1,
  O_UNIT,
  O_KIND,
  O_STATUS,
  O_FROM,
  O_TO,
  O_TEXT,
  O_LIMIT,
  O_CURSOR,
  O_ALL,
  O_SESSION,
  O_OVERDUE,
  O_DUE_WITHIN,
  O_CHANNEL,
  O_FIELD,
  O_WIDE
};

static const char usage[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] list [OPTIONS]\n"
       "\n"
       "Lists petitions of your unit and the units below it, newest first;\n"
       "with --overdue or --due-within, the most urgent first. The table fits\n"
       "80 columns: receipt number, day received, kind, status, the day the\n"
       "current step is due (DUE) and the summary. With --wide, also the id,\n"
       "the time received, LEFT (the days until the deadline; negative:\n"
       "overdue by that many days; -: no deadline runs) and the unit.\n"
       "\n"
       "  --unit CODE        only this unit, or a former commune merged into\n"
       "                     your area (what was recorded under it)\n"
       "  --kind KIND        only this kind, e.g. complaint\n"
       "  --channel CHANNEL  only petitions that came this way, e.g. digital\n"
       "  --field FIELD      only this field, e.g. land\n"
       "  --status STATUS    received, accepted, not_accepted, transferred,\n"
       "                     in_progress, resolved or withdrawn\n"
       "  --from DD/MM/YYYY received on or after this day\n"
       "  --to DD/MM/YYYY   received on or before this day\n"
       "  --text TEXT        TEXT in the summary, a note, the receipt\n"
       "                     number or, if you may see it, the petitioner's\n"
       "                     name or ID number; with or without diacritics,\n"
       "                     in any case\n"
       "  --limit N          petitions per page\n"
       "  --cursor CURSOR    continue where a previous page stopped\n"
       "  --all              fetch every page\n"
       "  --overdue          only open petitions past their deadline\n"
       "  --due-within DAYS  only open petitions due within DAYS days (1 to\n"
       "                     366), written 3d or 3\n"
       "  --session ID       only petitions from this reception session\n"
       "  --wide             every column, as wide as its content\n");

static const struct td_opt list_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"kind", 1, O_KIND},
    {"status", 1, O_STATUS},
    {"from", 1, O_FROM},
    {"to", 1, O_TO},
    {"text", 1, O_TEXT},
    {"limit", 1, O_LIMIT},
    {"cursor", 1, O_CURSOR},
    {"all", 0, O_ALL},
    {"overdue", 0, O_OVERDUE},
    {"due-within", 1, O_DUE_WITHIN},
    {"session", 1, O_SESSION},
    {"channel", 1, O_CHANNEL},
    {"field", 1, O_FIELD},
    {"wide", 0, O_WIDE},
    {NULL, 0, 0},
};

static int list_day(struct td_list_args *l, int id, const char *v, char *err,
                    size_t errlen)
{
  if (id == O_FROM) {
    l->has_from = td_datetime_parse_day(v, 0, &l->from) == 0;
    if (!l->has_from)
      return td_opt_bad_value("--from", v, _("a date DD/MM/YYYY or YYYY-MM-DD"),
                              err, errlen);
  } else {
    l->has_to = td_datetime_parse_day(v, 1, &l->to) == 0;
    if (!l->has_to)
      return td_opt_bad_value("--to", v, _("a date DD/MM/YYYY or YYYY-MM-DD"),
                              err, errlen);
  }
  return 0;
}

/* "3d" or "3": petitions due within that many days. */
static int due_within(struct td_list_args *l, const char *v, char *err,
                      size_t errlen)
{
  char num[16];
  uint64_t n;
  size_t len;

  len = strlen(v);
  if (len > 0 && v[len - 1] == 'd')
    len--;
  if (len == 0 || len >= sizeof(num))
    goto bad;
  memcpy(num, v, len);
  num[len] = '\0';
  if (td_args_uint(num, 1, TD_DUE_WITHIN_MAX, &n) != 0)
    goto bad;
  l->due_within = (uint32_t)n;
  l->has_due_within = 1;
  return 0;

bad:
  return td_opt_bad_value("--due-within", v,
                          _("a number of days from 1 to 366, e.g. 3d or 3"),
                          err, errlen);
}

static int list_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_list_args *l = ctx;
  uint64_t n;

  switch (id) {
  case O_HELP:
    l->help = 1;
    return 0;
  case O_ALL:
    l->all = 1;
    return 0;
  case O_OVERDUE:
    l->overdue = 1;
    return 0;
  case O_DUE_WITHIN:
    return due_within(l, v, err, errlen);
  case O_SESSION:
    return td_opt_parse_session(v, &l->session_id, &l->has_session, err,
                                errlen);
  case O_UNIT:
    l->unit = v;
    return 0;
  case O_KIND:
    l->kind = v;
    return 0;
  case O_CHANNEL:
    l->channel = v;
    return 0;
  case O_FIELD:
    l->field = v;
    return 0;
  case O_WIDE:
    l->wide = 1;
    return 0;
  case O_TEXT:
    l->text = v;
    return 0;
  case O_CURSOR:
    l->cursor = v;
    return 0;
  case O_FROM:
  case O_TO:
    return list_day(l, id, v, err, errlen);
  case O_LIMIT:
    if (td_args_uint(v, 1, 10000, &n) != 0)
      return td_opt_bad_value("--limit", v, _("a number from 1 to 10000"), err,
                              errlen);
    l->limit = (uint32_t)n;
    l->has_limit = 1;
    return 0;
  default:
    l->status = td_terms_in_enum(TD_TERMS_STATUS, v);
    l->has_status = l->status >= 0;
    if (!l->has_status)
      return td_opt_bad_value("--status", v,
                              _("one of received, accepted, not_accepted, "
                                "transferred, in_progress, resolved, "
                                "withdrawn"),
                              err, errlen);
    return 0;
  }
}

int td_cmd_parse_list(int argc, char **argv, struct td_list_args *a, char *err,
                      size_t errlen)
{
  memset(a, 0, sizeof(*a));
  if (td_cmd__scan(argc, argv, list_opts, list_opt, a, err, errlen) != 0)
    return -1;
  if (a->has_from && a->has_to && a->from >= a->to) {
    snprintf(err, errlen, "%s", _("--from must not be after --to"));
    return -1;
  }
  /* Overdue petitions are past due, not due within some days: the two
   * filters together would ask for nothing sensible. */
  if (a->overdue && a->has_due_within) {
    snprintf(err, errlen, "%s",
             _("give --overdue or --due-within, not both; --due-within lists "
               "what falls due soon, --overdue what is already late"));
    return -1;
  }
  return 0;
}

void td_cmd_list_request(const struct td_list_args *a, struct td_list_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListPetitions list = TIEPDAN__LIST_PETITIONS__INIT;

  r->env = env;
  r->list = list;
  r->list.unit_code = a->unit;
  r->list.kind = a->kind;
  r->list.channel = a->channel;
  r->list.field = a->field;
  r->list.has_status = a->has_status;
  r->list.status = a->has_status ? (Tiepdan__Status)a->status : 0;
  r->list.has_received_from = a->has_from;
  r->list.received_from = a->from;
  r->list.has_received_to = a->has_to;
  r->list.received_to = a->to;
  r->list.text = a->text;
  r->list.cursor = a->cursor;
  r->list.has_page_size = a->has_limit;
  r->list.page_size = a->limit;
  r->list.has_overdue = a->overdue;
  r->list.overdue = a->overdue;
  r->list.has_due_within_days = a->has_due_within;
  r->list.due_within_days = a->due_within;
  r->list.has_session_id = a->has_session;
  r->list.session_id = a->session_id;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  r->env.list_petitions = &r->list;
}

/* The pages of a listing, kept until all are printed. */
struct pages {
  Tiepdan__Envelope **env;
  size_t n;
  size_t total; /* Petitions in all pages. */
};

static void pages_free(struct pages *p)
{
  size_t i;

  for (i = 0; i < p->n; i++)
    tiepdan__envelope__free_unpacked(p->env[i], NULL);
  free(p->env);
}

static int pages_add(struct pages *p, Tiepdan__Envelope *env)
{
  Tiepdan__Envelope **grown;

  grown = realloc(p->env, (p->n + 1) * sizeof(*grown));
  if (grown == NULL) {
    tiepdan__envelope__free_unpacked(env, NULL);
    return td_call_internal(_("out of memory"));
  }
  p->env = grown;
  p->env[p->n++] = env;
  p->total += env->list_reply->n_petitions;
  return TD_EXIT_OK;
}

static int print_list(const struct td_global_args *g,
                      const struct td_list_args *a, const struct pages *p)
{
  const Tiepdan__Petition **all;
  const Tiepdan__ListReply *page;
  size_t i;
  size_t j;
  size_t k;
  int r;

  all = malloc((p->total ? p->total : 1) * sizeof(*all));
  if (all == NULL)
    return td_call_internal(_("out of memory"));
  k = 0;
  for (i = 0; i < p->n; i++) {
    page = p->env[i]->list_reply;
    for (j = 0; j < page->n_petitions; j++)
      all[k++] = page->petitions[j];
  }
  r = td_output_list(stdout, g->format, all, k, td_call_terminal_columns(),
                     a->wide);
  free(all);
  return td_call_finish_output(r);
}

/* Fetches one page, or every page with --all, into p. */
static int fetch(struct td_session *s, struct td_list_args *a, struct pages *p)
{
  static const struct td_call c = {.command = "list"};
  struct td_list_req req;
  Tiepdan__Envelope *reply;
  const char *next;
  int code;

  for (;;) {
    td_cmd_list_request(a, &req);
    code = td_call_exchange(s, &req.env, TIEPDAN__ENVELOPE__BODY_LIST_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK)
      code = pages_add(p, reply);
    if (code != TD_EXIT_OK)
      return code;
    next = reply->list_reply->next_cursor;
    if (!a->all || next == NULL || next[0] == '\0')
      return TD_EXIT_OK;
    /* Don't believe nonsense: a cursor that does not move never ends. */
    if (a->cursor != NULL && strcmp(a->cursor, next) == 0)
      return td_call_internal(_("the server sent the same page twice"));
    a->cursor = reply->list_reply->next_cursor;
  }
}

int td_cmd_list(const struct td_global_args *g)
{
  struct td_list_args a;
  struct td_client_opts o;
  struct td_session s;
  struct pages p;
  const char *next;
  char err[512];
  int code;

  if (td_cmd_parse_list(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("list", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    memset(&p, 0, sizeof(p));
    td_call_session_start(&s, &o, 0);
    code = fetch(&s, &a, &p);
    /* The kinds' and statuses' names are the server's, in its Hello. */
    if (s.hello != NULL)
      td_output_set_terms(s.hello->hello_reply);
    if (code == TD_EXIT_OK)
      code = print_list(g, &a, &p);
    td_output_set_terms(NULL);
    td_session_close(&s);
    next = p.n > 0 ? p.env[p.n - 1]->list_reply->next_cursor : NULL;
    if (code == TD_EXIT_OK && !a.all && next != NULL && next[0] != '\0')
      fprintf(stderr,
              _("tiepdan: more petitions follow; add --cursor %s for the next "
                "page, or --all for every page\n"),
              next);
    pages_free(&p);
  }
  td_client_config_free(&o);
  return code;
}
