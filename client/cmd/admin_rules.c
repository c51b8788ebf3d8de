/*
 * tiepdan admin rules list [--on DATE]: the deadline rules in force on a
 * day, with their periods and legal sources, as officers name them. Every
 * registered officer may run it (the rules are public law); it sits under
 * admin with the calendar's other tasks.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "common/utf8.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/format.h"
#include "render/terms.h"

enum { O_HELP = 1, O_ON };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin rules list [--on DD/MM/YYYY]\n"
    "\n"
    "Prints the deadline rules in force on a day (default: today): for each\n"
    "kind of petition, the periods to accept and to resolve it, in days or\n"
    "working days, the periods in remote areas and for complex cases, the\n"
    "extensions allowed, when the rule is in force and its legal basis. A\n"
    "deadline follows the rule in force on the day its counting starts (the\n"
    "day received for acceptance, the day accepted for resolution), so a\n"
    "petition received before a new rule takes effect keeps the old one.\n"
    "\n"
    "  --on DD/MM/YYYY    the day, or YYYY-MM-DD (default: today)\n"
    "\n"
    "Every officer with a registered certificate may see them.\n");

static const struct td_opt rules_opts[] = {
    {"help", 0, O_HELP},
    {"on", 1, O_ON},
    {NULL, 0, 0},
};

struct rules_args {
  char *on; /* NULL: today, as the server counts it; else on_iso. */
  char on_iso[TD_DAY_LEN];
  int help;
};

static int rules_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct rules_args *a = ctx;
  td_day day;

  if (id == O_HELP) {
    a->help = 1;
    return 0;
  }
  if (td_datetime_parse_date(v, &day) != 0)
    return td_opt_bad_value("--on", v, _("a date DD/MM/YYYY or YYYY-MM-DD"),
                            err, errlen);
  td_day_format(day, a->on_iso);
  a->on = a->on_iso;
  return 0;
}

/* A label padded to one column for every rule, counted in characters on
 * the screen, not bytes. */
#define LABEL_WIDTH 29

static void put_label(FILE *f, const char *label)
{
  size_t w = td_utf8_width(label);

  fprintf(f, "  %s", label);
  for (; w < LABEL_WIDTH; w++)
    fputc(' ', f);
}

/* "10 days" or "7 working days". */
static void put_days(FILE *f, int days, int working)
{
  fprintf(f,
          working ? td_ngettext("%d working day", "%d working days",
                                (unsigned long)days)
                  : td_ngettext("%d day", "%d days", (unsigned long)days),
          days);
}

/* A period the rule may leave at 0, meaning "the same as the plain one". */
static void put_period(FILE *f, const char *label, int days, int plain,
                       int working)
{
  put_label(f, label);
  put_days(f, days != 0 ? days : plain, working);
  fputs(days != 0 ? "\n" : _(" (as the general period)\n"), f);
}

static void put_rule_table(FILE *f, const Tiepdan__HelloReply *h,
                           const Tiepdan__DeadlineRule *r)
{
  const Tiepdan__Term *kind = td_terms_find(h, TD_TERMS_KIND, r->kind);
  int accept = r->step != NULL && strcmp(r->step, "accept") == 0;

  fputc('\n', f);
  td_output_clean(f, kind != NULL
                         ? td_terms_name(kind, td_lang_current() == TD_LANG_EN)
                         : r->kind);
  fputs(accept ? _(" — Period to accept (from the day received)\n")
               : _(" — Period to resolve (from the day accepted)\n"),
        f);
  put_label(f, _("Period:"));
  put_days(f, r->days, r->working_days);
  fputc('\n', f);
  put_period(f, _("Remote areas:"), r->remote_days, r->days, r->working_days);
  put_period(f, _("Complex cases:"), r->complex_days, r->days, r->working_days);
  put_period(f, _("Complex, remote areas:"), r->remote_complex_days,
             r->complex_days != 0 ? r->complex_days : r->days, r->working_days);
  put_label(f, _("Extensions:"));
  if (r->max_extensions == 0)
    fputs(_("none\n"), f);
  else
    fprintf(f, _("at most %d, of %d days each%s\n"), r->max_extensions,
            r->extension_days,
            r->max_extensions > 1
                ? _("; from the second on only for an especially complex case")
                : "");
  put_label(f, _("In force:"));
  fprintf(f, _("from %s"), r->effective_from ? r->effective_from : "?");
  if (r->effective_to != NULL)
    fprintf(f, _(" to the end of %s"), r->effective_to);
  fputc('\n', f);
  put_label(f, _("Legal basis:"));
  td_output_clean(f, r->source != NULL ? r->source : _("(not given)"));
  fputc('\n', f);
}

/* csv and json carry the wire's names, as every other command's do. */
static const char csv_header[] =
    "id,kind,step,working_days,days,remote_days,complex_days,"
    "remote_complex_days,max_extensions,extension_days,effective_from,"
    "effective_to,source\r\n";

static void put_rule_csv(FILE *f, const Tiepdan__DeadlineRule *r)
{
  fprintf(f, "%d,", r->id);
  td_output_csv_field(f, r->kind);
  fputc(',', f);
  td_output_csv_field(f, r->step);
  fprintf(f, ",%s,%d,%d,%d,%d,%d,%d,", r->working_days ? "true" : "false",
          r->days, r->remote_days, r->complex_days, r->remote_complex_days,
          r->max_extensions, r->extension_days);
  td_output_csv_field(f, r->effective_from);
  fputc(',', f);
  td_output_csv_field(f, r->effective_to);
  fputc(',', f);
  td_output_csv_field(f, r->source);
  fputs("\r\n", f);
}

static void put_rule_json(FILE *f, const Tiepdan__DeadlineRule *r)
{
  fprintf(f, "{\"id\":%d,\"kind\":", r->id);
  td_output_json_string(f, r->kind);
  fputs(",\"step\":", f);
  td_output_json_string(f, r->step);
  fprintf(f,
          ",\"working_days\":%s,\"days\":%d,\"remote_days\":%d,"
          "\"complex_days\":%d,\"remote_complex_days\":%d,"
          "\"max_extensions\":%d,\"extension_days\":%d,\"effective_from\":",
          r->working_days ? "true" : "false", r->days, r->remote_days,
          r->complex_days, r->remote_complex_days, r->max_extensions,
          r->extension_days);
  td_output_json_string(f, r->effective_from);
  fputs(",\"effective_to\":", f);
  td_output_json_string(f, r->effective_to);
  fputs(",\"source\":", f);
  td_output_json_string(f, r->source);
  fputc('}', f);
}

static int print_rules(FILE *f, enum td_format fmt,
                       const Tiepdan__HelloReply *h,
                       const Tiepdan__RulesReply *r)
{
  size_t i;

  if (fmt == TD_FORMAT_CSV) {
    fputs(csv_header, f);
    for (i = 0; i < r->n_rules; i++)
      put_rule_csv(f, r->rules[i]);
  } else if (fmt == TD_FORMAT_JSON) {
    fputs("{\"on\":", f);
    td_output_json_string(f, r->on);
    fputs(",\"rules\":[", f);
    for (i = 0; i < r->n_rules; i++) {
      if (i > 0)
        fputc(',', f);
      put_rule_json(f, r->rules[i]);
    }
    fputs("]}\n", f);
  } else {
    fprintf(f, _("Deadline rules in force on %s\n"),
            r->on != NULL ? r->on : "?");
    for (i = 0; i < r->n_rules; i++)
      put_rule_table(f, h, r->rules[i]);
    if (r->n_rules == 0)
      fputs(_("\nNo rule is in force on this day.\n"), f);
  }
  return ferror(f) ? -1 : 0;
}

int td_cmd_admin_rules_list(const struct td_global_args *g, int argc,
                            char **argv)
{
  static const struct td_call c = {.command = "admin rules list"};
  static const Tiepdan__Envelope env_init = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListRules list_init = TIEPDAN__LIST_RULES__INIT;
  Tiepdan__Envelope env = env_init;
  Tiepdan__ListRules list = list_init;
  Tiepdan__Envelope *reply;
  struct td_client_opts o;
  struct td_session s;
  struct rules_args a;
  char err[512];
  int code;

  memset(&a, 0, sizeof(a));
  if (td_cmd__scan(argc, argv, rules_opts, rules_opt, &a, err, sizeof(err)) !=
      0)
    return td_call_usage_error("admin rules list", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  list.on = a.on;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_RULES;
  env.list_rules = &list;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    /* Reading changes nothing: safe to retry. */
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = td_call_exchange(&s, &env, TIEPDAN__ENVELOPE__BODY_RULES_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      code = td_call_finish_output(print_rules(
          stdout, g->format, s.hello != NULL ? s.hello->hello_reply : NULL,
          reply->rules_reply));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
