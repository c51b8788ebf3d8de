/*
 * tiepdan admin: the table of the administrator's tasks, "admin GROUP
 * TASK", and the usage of each group. The tasks live in admin_*.c.
 */
#include "cmd/admin.h"

#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "lang/lang.h"

static const char usage_admin[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin TASK ...\n"
    "\n"
    "Administration, for an administrator's certificate. Each acts on the\n"
    "administrator's own unit and the units below it.\n"
    "\n"
    "  admin holidays load YEAR FILE\n"
    "            replace the public holidays of YEAR with those in FILE,\n"
    "            then recompute the deadlines they move\n"
    "  admin holidays list [--from YEAR]\n"
    "            each year's days off, provisional or confirmed\n"
    "  admin principal add --cert FILE --role ROLE --unit CODE [--name NAME]\n"
    "            register the officer holding a certificate; they can work\n"
    "            at once, without restarting the server\n"
    "  admin principal revoke ID|FINGERPRINT\n"
    "            refuse that certificate from its next request on\n"
    "  admin principal list [--unit CODE] [--all]\n"
    "            list who may connect, and for which unit\n"
    "  admin unit add CODE --name NAME --parent CODE [--level LEVEL]\n"
    "            add a unit (a commune, a village...) in your area\n"
    "  admin unit rename CODE --name NAME\n"
    "            rename a unit of your area\n"
    "  admin unit list [--all]\n"
    "            list the units of your area\n"
    "  admin unit load FILE\n"
    "            add the official list of units from a CSV or TSV file\n"
    "  admin unit merge OLD [OLD...] --into NEW [--name NAME] --on DATE\n"
    "            record that communes merged into one\n"
    "  admin rules list [--on DATE]\n"
    "            the deadline rules in force on a day, with their legal\n"
    "            basis (every officer may see them)\n"
    "  admin audit verify [--unit CODE]\n"
    "            check that no petition's history was altered, deleted or\n"
    "            reordered (hash chains and anchors)\n"
    "Run \"tiepdan admin principal add --help\" and so on for the details.\n");

static const char usage_admin_holidays[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin holidays load|list ...\n"
    "\n"
    "  admin holidays load YEAR FILE  replace (and confirm) a year's holidays\n"
    "  admin holidays list            each year's calendar and its status\n"
    "Run \"tiepdan admin holidays load --help\" for the file formats.\n");

static const char usage_admin_principal[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin principal add|revoke|list ...\n"
    "\n"
    "Principals are the certificates the server knows: each acts in one role\n"
    "for one unit.\n"
    "\n"
    "  admin principal add     register a certificate's holder\n"
    "  admin principal revoke  refuse a certificate from now on\n"
    "  admin principal list    list the principals of your area\n"
    "Run \"tiepdan admin principal add --help\" and so on for their "
    "options.\n");

static const char usage_admin_rules[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] admin rules list [--on YYYY-MM-DD]\n"
    "\n"
    "Prints the deadline rules in force on a day. Run \"tiepdan admin rules\n"
    "list --help\" for the details.\n");

static const char usage_admin_unit[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin unit add|rename|list|load|merge "
       "...\n"
       "\n"
       "Administrative units: the nation, provinces, communes and villages.\n"
       "\n"
       "  admin unit add     add a unit under a unit of your area\n"
       "  admin unit rename  rename a unit of your area\n"
       "  admin unit list    list the units of your area\n"
       "  admin unit load    add the official list of units from a file\n"
       "  admin unit merge   record that communes merged into one\n"
       "Run \"tiepdan admin unit add --help\" and so on for their options.\n");

static const char usage_admin_audit[] =
    N_("Usage: tiepdan [GLOBAL OPTIONS] admin audit verify [--unit CODE]\n"
       "\n"
       "Checks that the record was not altered. Run \"tiepdan admin audit "
       "verify\n"
       "--help\" for the details.\n");

/* One administration task: "admin GROUP TASK". */
struct admin_task {
  const char *group;
  const char *task;
  int (*run)(const struct td_global_args *g, int argc, char **argv);
};

static const struct admin_task admin_tasks[] = {
    {"holidays", "load", td_cmd_admin_holidays_load},
    {"holidays", "list", td_cmd_admin_holidays_list},
    {"principal", "add", td_cmd_admin_principal_add},
    {"principal", "revoke", td_cmd_admin_principal_revoke},
    {"principal", "list", td_cmd_admin_principal_list},
    {"unit", "add", td_cmd_admin_unit_add},
    {"unit", "rename", td_cmd_admin_unit_rename},
    {"unit", "list", td_cmd_admin_unit_list},
    {"unit", "load", td_cmd_admin_unit_load},
    {"unit", "merge", td_cmd_admin_unit_merge},
    {"rules", "list", td_cmd_admin_rules_list},
    {"audit", "verify", td_cmd_admin_audit_verify},
};

/* A group of tasks: its usage, and what to write after it. */
struct admin_group {
  const char *name;
  const char *usage;
  const char *tasks;
};

static const struct admin_group admin_groups[] = {
    {"holidays", usage_admin_holidays, N_("give load YEAR FILE, or list")},
    {"principal", usage_admin_principal, N_("give add, revoke or list")},
    {"unit", usage_admin_unit, N_("give add, rename, list, load or merge")},
    {"rules", usage_admin_rules, N_("give list")},
    {"audit", usage_admin_audit, N_("give verify")},
};

static const struct admin_group *admin_group(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof(admin_groups) / sizeof(admin_groups[0]); i++)
    if (strcmp(admin_groups[i].name, name) == 0)
      return &admin_groups[i];
  return NULL;
}

int td_cmd_admin(const struct td_global_args *g)
{
  const struct admin_group *group;
  char command[64];
  char err[512];
  size_t i;

  if (g->argc == 0)
    return td_call_usage_error("admin", _("give the task, e.g. principal list"),
                               usage_admin);
  if (td_call_is_help(g->argv[0]))
    return td_call_print_usage(usage_admin);
  group = admin_group(g->argv[0]);
  if (group == NULL) {
    snprintf(err, sizeof(err), _("unknown admin task \"%s\""), g->argv[0]);
    return td_call_usage_error("admin", err, usage_admin);
  }
  snprintf(command, sizeof(command), "admin %s", group->name);
  if (g->argc < 2)
    return td_call_usage_error(command, _(group->tasks), group->usage);
  if (td_call_is_help(g->argv[1]))
    return td_call_print_usage(group->usage);
  for (i = 0; i < sizeof(admin_tasks) / sizeof(admin_tasks[0]); i++)
    if (strcmp(admin_tasks[i].group, group->name) == 0 &&
        strcmp(admin_tasks[i].task, g->argv[1]) == 0)
      return admin_tasks[i].run(g, g->argc - 2, g->argv + 2);
  snprintf(err, sizeof(err), _("unknown %s task \"%s\""), group->name,
           g->argv[1]);
  return td_call_usage_error(command, err, group->usage);
}
