/*
 * Server logging: one record per event. Three forms:
 *
 *   text     one line on stderr, timestamped in UTC ("2026-12-02T17:40:00.123Z
 *            info listening on ..."), for a terminal or a test script;
 *   json     one JSON object a line on stderr ({"ts":..,"level":..,"msg":..}),
 *            for a log shipper;
 *   journal  straight to systemd's journal with the record's priority
 *            (PRIORITY=3 error, 4 warn, 6 info, 7 debug), so `journalctl -p
 *            warning -u tiepdand` shows what needs a person.
 *
 * The default (auto) is journal when stderr is the journal's stream (systemd
 * sets JOURNAL_STREAM to its device and inode), text otherwise. A record the
 * journal refuses goes to stderr as text instead, never lost. Safe to call
 * from any thread (the metrics listener has its own).
 */
#ifndef TD_LOG_H
#define TD_LOG_H

#include <stddef.h>
#include <sys/time.h>

enum td_log_level { TD_LOG_DEBUG = 0, TD_LOG_INFO, TD_LOG_WARN, TD_LOG_ERROR };

enum td_log_format {
  TD_LOG_AUTO = 0,
  TD_LOG_TEXT,
  TD_LOG_JSON,
  TD_LOG_JOURNAL
};

void td_log_set_level(enum td_log_level level);
/* Returns 0 and sets *out for "debug", "info", "warn", "error"; else -1. */
int td_log_parse_level(const char *name, enum td_log_level *out);

/* Sets the form; TD_LOG_AUTO decides as above. */
void td_log_set_format(enum td_log_format format);
/* Returns 0 and sets *out for "auto", "text", "json", "journal"; else -1. */
int td_log_parse_format(const char *name, enum td_log_format *out);
/* The form in force, auto resolved: "text", "json" or "journal". */
const char *td_log_format_name(void);

void td_log(enum td_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The two stderr forms of one record, without the newline, into buf (always
 * terminated; cut at a character boundary if too long). Pure, for the tests.
 */
size_t td_log_text_line(char *buf, size_t n, const struct timeval *tv,
                        enum td_log_level level, const char *msg);
size_t td_log_json_line(char *buf, size_t n, const struct timeval *tv,
                        enum td_log_level level, const char *msg);

#define td_debug(...) td_log(TD_LOG_DEBUG, __VA_ARGS__)
#define td_info(...) td_log(TD_LOG_INFO, __VA_ARGS__)
#define td_warn(...) td_log(TD_LOG_WARN, __VA_ARGS__)
#define td_error(...) td_log(TD_LOG_ERROR, __VA_ARGS__)

#endif
