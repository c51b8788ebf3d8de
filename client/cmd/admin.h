/*
 * tiepdan admin GROUP TASK: the administrator's tasks, one file per group
 * (admin_holidays.c, admin_principal.c, admin_unit.c, admin_rules.c). Each
 * task's entry takes the words after "admin GROUP TASK" and returns an exit
 * status.
 */
#ifndef TD_CMD_ADMIN_H
#define TD_CMD_ADMIN_H

#include "cmd/global.h"

int td_cmd_admin_holidays_load(const struct td_global_args *g, int argc,
                               char **argv);
int td_cmd_admin_holidays_list(const struct td_global_args *g, int argc,
                               char **argv);
int td_cmd_admin_principal_add(const struct td_global_args *g, int argc,
                               char **argv);
int td_cmd_admin_principal_revoke(const struct td_global_args *g, int argc,
                                  char **argv);
int td_cmd_admin_principal_list(const struct td_global_args *g, int argc,
                                char **argv);
int td_cmd_admin_unit_merge(const struct td_global_args *g, int argc,
                            char **argv);
int td_cmd_admin_unit_add(const struct td_global_args *g, int argc,
                          char **argv);
int td_cmd_admin_unit_rename(const struct td_global_args *g, int argc,
                             char **argv);
int td_cmd_admin_unit_list(const struct td_global_args *g, int argc,
                           char **argv);
int td_cmd_admin_unit_load(const struct td_global_args *g, int argc,
                           char **argv);
int td_cmd_admin_rules_list(const struct td_global_args *g, int argc,
                            char **argv);
int td_cmd_admin_audit_verify(const struct td_global_args *g, int argc,
                              char **argv);

#endif
