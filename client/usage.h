/*
 * The help texts of tiepdan: the main usage, which names every command,
 * and one per command, printed by --help and after a usage error.
 */
#ifndef TD_CLIENT_USAGE_H
#define TD_CLIENT_USAGE_H

extern const char td_usage_main[];
extern const char td_usage_whoami[];
extern const char td_usage_submit[];
extern const char td_usage_show[];
extern const char td_usage_list[];
extern const char td_usage_history[];
extern const char td_usage_stats[];
extern const char td_usage_report[];
extern const char td_usage_changes[];
extern const char td_usage_watch[];
extern const char td_usage_session[];
extern const char td_usage_session_open[];
extern const char td_usage_session_close[];
extern const char td_usage_session_list[];
extern const char td_usage_admin[];
extern const char td_usage_holidays_load[];
extern const char td_usage_admin_holidays[];
extern const char td_usage_admin_principal[];
extern const char td_usage_principal_add[];
extern const char td_usage_principal_revoke[];
extern const char td_usage_principal_list[];
extern const char td_usage_admin_unit[];
extern const char td_usage_unit_merge[];

/* The usage of a transition command (accept, ..., note); NULL for any
 * other word. */
const char *td_usage_transition(const char *command);

#endif
