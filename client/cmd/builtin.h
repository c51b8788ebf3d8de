/*
 * The commands of tiepdan, one file each under cmd/ (git's builtin.h):
 * main.c's table of commands names these. Each takes the global options
 * and the words after the command (g->argc, g->argv), does its work, prints
 * its result, and returns the exit status (cmd/call.h, enum td_exit).
 */
#ifndef TD_CMD_BUILTIN_H
#define TD_CMD_BUILTIN_H

#include "cmd/global.h"

int td_cmd_whoami(const struct td_global_args *g);
int td_cmd_submit(const struct td_global_args *g);
int td_cmd_show(const struct td_global_args *g);
int td_cmd_receipt(const struct td_global_args *g);
int td_cmd_list(const struct td_global_args *g);
int td_cmd_history(const struct td_global_args *g);
/* accept, reject, transfer, start, resolve, withdraw, reopen, extend and
 * note: the step is g->command. */
int td_cmd_transition(const struct td_global_args *g);
int td_cmd_session(const struct td_global_args *g);
int td_cmd_stats(const struct td_global_args *g);
int td_cmd_report(const struct td_global_args *g);
int td_cmd_changes(const struct td_global_args *g);
int td_cmd_watch(const struct td_global_args *g);
int td_cmd_admin(const struct td_global_args *g);
int td_cmd_outbox(const struct td_global_args *g);

#endif
