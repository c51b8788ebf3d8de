/* tiepdan admin unit merge; see admin_unit.h. */
#include "cmd/admin_unit.h"

#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/output.h"

enum { O_HELP = 1, O_NAME, O_INTO, O_ON };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin unit merge OLD [OLD...] --into "
    "NEW\n"
    "                                   [--name NAME] --on YYYY-MM-DD\n"
    "\n"
    "Records that the communes OLD merged into NEW: they end the day before\n"
    "--on. Their petitions keep their unit in the records, and the successor\n"
    "sees them, handles them and counts them; their officers act for the\n"
    "successor from now on. If NEW does not exist yet, or is one of the old\n"
    "codes (a successor that keeps a predecessor's code), it is created as a\n"
    "commune named --name, continuing that predecessor's receipt numbers.\n"
    "\n"
    "  --into NEW        the successor's code\n"
    "  --name NAME       the successor's name, when it is created\n"
    "  --on YYYY-MM-DD   the successor's first day\n"
    "\n"
    "Example:\n"
    "  tiepdan admin unit merge 03405 03430 --into 03405 \\\n"
    "    --name \"Xã Tả Lèng\" --on 2026-07-01\n"
    "\n"
    "It is sent once, without retries.\n");

static const struct td_opt merge_opts[] = {
    {"help", 0, O_HELP}, {"into", 1, O_INTO}, {"name", 1, O_NAME},
    {"on", 1, O_ON},     {NULL, 0, 0},
};

static int merge_old(struct td_merge_args *a, char *w, char *err, size_t errlen)
{
  size_t i;

  if (a->n_old == TD_MERGE_MAX) {
    snprintf(err, errlen, _("at most %d units merge at once"), TD_MERGE_MAX);
    return -1;
  }
  for (i = 0; i < a->n_old; i++)
    if (strcmp(a->old[i], w) == 0) {
      snprintf(err, errlen, _("unit %s is given twice"), w);
      return -1;
    }
  if (td_opt_unit("OLD", w, &a->old[a->n_old], err, errlen) != 0)
    return -1;
  a->n_old++;
  return 0;
}

static int merge_opt(struct td_merge_args *a, int id, char *v, char *err,
                     size_t errlen)
{
  td_day day;

  switch (id) {
  case O_HELP:
    a->help = 1;
    return 0;
  case O_INTO:
    return td_opt_unit("--into", v, &a->into, err, errlen);
  case O_NAME:
    return td_opt_text("--name", v, &a->name, err, errlen);
  default:
    if (td_datetime_parse_date(v, &day) != 0)
      return td_opt_bad_value("--on", v,
                              _("the successor's first day, DD/MM/YYYY or "
                                "YYYY-MM-DD"),
                              err, errlen);
    td_day_format(day, a->on_iso);
    a->on = a->on_iso;
    return 0;
  }
}

int td_cmd_parse_merge(int argc, char **argv, struct td_merge_args *a,
                       char *err, size_t errlen)
{
  struct td_args args;
  int id;

  memset(a, 0, sizeof(*a));
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, merge_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == TD_ARGS_WORD) {
      if (merge_old(a, args.value, err, errlen) != 0)
        return -1;
    } else if (merge_opt(a, id, args.value, err, errlen) != 0) {
      return -1;
    }
  }
  if (a->help)
    return 0;
  if (a->n_old == 0) {
    snprintf(err, errlen,
             _("give the codes of the units that merge, e.g. tiepdan admin "
               "unit merge 03405 03430 --into 03405 --name \"Xã Tả Lèng\" "
               "--on 2026-07-01"));
    return -1;
  }
  if (a->into == NULL)
    return td_opt_missing("--into", "03405", err, errlen);
  if (a->on == NULL)
    return td_opt_missing("--on", "2026-07-01", err, errlen);
  if (a->n_old == 1 && strcmp(a->old[0], a->into) == 0) {
    snprintf(err, errlen,
             _("unit %s cannot merge into itself alone; name the units that "
               "join it"),
             a->into);
    return -1;
  }
  return 0;
}

void td_cmd_merge_request(const struct td_merge_args *a, struct td_merge_req *r)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__MergeUnits merge = TIEPDAN__MERGE_UNITS__INIT;

  r->env = env;
  r->merge = merge;
  r->merge.n_old_codes = a->n_old;
  r->merge.old_codes = (char **)a->old;
  r->merge.new_code = a->into;
  r->merge.new_name = a->name;
  r->merge.on = a->on;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_MERGE_UNITS;
  r->env.merge_units = &r->merge;
}

static int print_merged(const struct td_global_args *g,
                        const Tiepdan__Envelope *reply, const void *on)
{
  return td_call_finish_output(
      td_output_merged(stdout, g->format, reply->merge_units_reply, on));
}

int td_cmd_admin_unit_merge(const struct td_global_args *g, int argc,
                            char **argv)
{
  /* Sent once: a merger recorded twice is refused the second time, since
   * the old units no longer exist, and that would only confuse. */
  static const struct td_call c = {
      .command = "admin unit merge",
      .unsure = N_(
          "The merger may or may not have been recorded. Running the same\n"
          "command again is safe: if it was recorded, the server refuses it,\n"
          "naming a unit that no longer exists.\n")};
  struct td_merge_args a;
  struct td_merge_req req;
  char err[512];

  if (td_cmd_parse_merge(argc, argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("admin unit merge", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  td_cmd_merge_request(&a, &req);
  return td_call_and_print(g, &req.env,
                           TIEPDAN__ENVELOPE__BODY_MERGE_UNITS_REPLY, 0, &c,
                           print_merged, a.on);
}
