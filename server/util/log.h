/*
 * Server logging: one line per event on stderr, timestamped in UTC, so a
 * supervisor (systemd, a test script) keeps the record. Only the server uses
 * this; the pure layers never print.
 */
#ifndef TD_LOG_H
#define TD_LOG_H

enum td_log_level { TD_LOG_DEBUG = 0, TD_LOG_INFO, TD_LOG_WARN, TD_LOG_ERROR };

void td_log_set_level(enum td_log_level level);
/* Returns 0 and sets *out for "debug", "info", "warn", "error"; else -1. */
int td_log_parse_level(const char *name, enum td_log_level *out);
void td_log(enum td_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define td_debug(...) td_log(TD_LOG_DEBUG, __VA_ARGS__)
#define td_info(...) td_log(TD_LOG_INFO, __VA_ARGS__)
#define td_warn(...) td_log(TD_LOG_WARN, __VA_ARGS__)
#define td_error(...) td_log(TD_LOG_ERROR, __VA_ARGS__)

#endif
