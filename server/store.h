/*
 * The store: every SQL statement the server runs, and the mapping of rows to
 * wire messages. All statements are parameterised and go through the
 * non-blocking pool. Nothing here decides who may see what; handlers do,
 * with the rules in domain/permit.h, before replying.
 */
#ifndef TD_STORE_H
#define TD_STORE_H

#include "server.h"

enum td_store_status {
  TD_STORE_OK = 0,
  TD_STORE_NOT_FOUND,   /* No row (or not in the caller's scope). */
  TD_STORE_UNAVAILABLE, /* Database unreachable or shutting down: retry. */
  TD_STORE_ERROR        /* A bug or a broken schema: logged. */
};

/* The daily summary per commune ($1: today, YYYY-MM-DD); columns: day,
 * code, name, open, overdue, due within 3 days. */
extern const char td_store_sql_summary[];
/* Folds pending statistics changes into the rollup; one bigint column. */
extern const char td_store_sql_fold[];

/* Looks up the principal registered for a certificate fingerprint. */
int td_store_principal(struct td_pool *pool, const char *fingerprint,
                       void (*cb)(void *arg, int status,
                                  const struct td_principal *p),
                       void *arg);

#include "deadline.h"
#include "stats.h"

/* One group of a statistics answer: its keys (unit, kind, channel, field,
 * status, period; "" when not grouped by it) and its counts. */
struct td_stat_row {
  const char *keys[6];
  struct td_stat_counts counts;
};

/* A petition as read, with what handlers need beyond the wire message:
 * redaction (handling unit) and the deadline inputs. */
struct td_petition_row {
  Tiepdan__Petition *p; /* In the request's arena. */
  int handling_unit_id;
  int remote;      /* The commune is a remote area. */
  int rule_id;     /* Deadline rule of the running step, or 0. */
  td_day deadline; /* TD_DAY_NONE when no deadline runs. */
  td_day deadline_start;
};

/* An open petition whose deadline a holiday reload may move. */
struct td_recompute_row {
  int64_t id;
  int version;
  int rule_id;
  int remote;
  int complex;
  int extensions;
  td_day start;
  td_day deadline;
};

/* An event of the change feed, with what its redaction needs. */
struct td_change_row {
  Tiepdan__Event *event; /* In the request's arena. */
  int denunciation;
  int confidential;
  int handling_unit_id;
};

struct td_store_result {
  int status;          /* enum td_store_status */
  const char *outcome; /* td_submit_petition's result, for submit. */
  int scope_found;     /* For list: the unit filter resolved in scope. */
  int n;
  struct td_petition_row *rows;
  int64_t next_id;   /* For list: cursor of the next page, or 0. */
  int64_t event_seq; /* For a transition: the event it recorded. */
  int64_t count;     /* For a recompute: petitions updated. */
  size_t nevents;
  Tiepdan__Event **events;
  size_t nsessions;
  Tiepdan__Session **sessions;
  size_t nrecompute;
  struct td_recompute_row *recompute;
  size_t nprincipals;
  Tiepdan__Principal **principals;
  const char *detail;              /* For a merge: the code refused. */
  Tiepdan__MergeUnitsReply *merge; /* For a merge that went through. */
  int scope_id; /* For statistics: the unit resolved as the scope. */
  int declined; /* For statistics from the rollup: not a province or the
                 * nation; ask again with rollup 0. */
  size_t nstats;
  struct td_stat_row *stats;
  size_t nsession_stats;
  Tiepdan__SessionStat **session_stats;
  size_t nchanges;
  struct td_change_row *changes;
};

typedef void (*td_store_cb)(struct td_req *req,
                            const struct td_store_result *res);

/*
 * Each call returns 0 (cb runs once, later) or TD_STORE_UNAVAILABLE (cb never
 * runs). hash is the hex SHA-256 of the submission as sent.
 */
/* The acceptance deadline the handler computed for a submission. */
struct td_submit_deadline {
  int64_t calendar; /* Version of the calendar used. */
  int rule_id;      /* 0: no rule applies. */
  td_day plain;     /* For a commune that is not remote. */
  td_day remote;    /* For a remote commune. */
};

int td_store_submit(struct td_req *req, const Tiepdan__SubmitPetition *m,
                    const char *hash, const struct td_submit_deadline *d,
                    td_store_cb cb);
int td_store_get(struct td_req *req, int64_t id, const char *receipt,
                 td_store_cb cb);

struct td_list_query {
  const char *unit_code;
  const char *kind;
  const char *status;
  int64_t received_from; /* 0 = no bound */
  int64_t received_to;
  const char *text;
  int64_t after_id; /* From the cursor; 0 = first page. */
  int limit;
  int overdue;        /* Only open petitions past their deadline. */
  int due_within;     /* Only open petitions due within N days; -1 = off. */
  int64_t session_id; /* 0 = any. */
  td_day today;       /* In Vietnam, for overdue and due_within. */
};

int td_store_list(struct td_req *req, const struct td_list_query *q,
                  td_store_cb cb);

/* A state change, as td_apply_transition takes it (sql/002_lifecycle.sql). */
struct td_transition_write {
  int64_t id;
  int expected_version;
  int64_t calendar;
  const char *action;
  const char *to_status;
  int64_t at;
  const char *note;
  const char *transfer_target;
  const char *outcome;
  const char *satisfaction;
  int complex;
  const char *decision_no;
  int set_deadline;
  td_day deadline;
  int rule_id;
  const char *step;
  td_day start;
  int extensions;
};

/* res->outcome: ok | conflict | stale_calendar; rows[0] and event_seq on ok. */
int td_store_transition(struct td_req *req, const struct td_transition_write *w,
                        td_store_cb cb);
/* Events of a petition (already scope-checked by the caller), oldest first. */
int td_store_history(struct td_req *req, int64_t petition_id, td_store_cb cb);

int td_store_session_open(struct td_req *req, const Tiepdan__OpenSession *m,
                          td_store_cb cb);
/* res->outcome: ok | not_found | already_closed | before_open | counts. */
int td_store_session_close(struct td_req *req, const Tiepdan__CloseSession *m,
                           td_store_cb cb);
/* res->scope_found as for list. */
int td_store_session_list(struct td_req *req, const Tiepdan__ListSessions *m,
                          td_store_cb cb);

/* Replaces a year's holidays; res->recompute lists the open petitions. */
int td_store_holidays_load(struct td_req *req, const Tiepdan__LoadHolidays *m,
                           td_store_cb cb);
/* Stores recomputed deadlines; res->count is how many, -1 if stale. */
int td_store_recomputed(struct td_req *req, int64_t calendar, const char *note,
                        const struct td_recompute_row *rows,
                        const td_day *deadlines, size_t n, td_store_cb cb);

/* NOT_FOUND when the caller's principal has been revoked since it connected. */
int td_store_principal_active(struct td_req *req, td_store_cb cb);

/* res->outcome ok | unknown_unit; res->principals[0] on ok. */
int td_store_principal_add(struct td_req *req, const char *fingerprint,
                           const char *name, const char *role,
                           const char *unit_code, td_store_cb cb);
/* res->nprincipals is 0 when nothing in scope matched. */
int td_store_principal_revoke(struct td_req *req, int64_t id,
                              const char *fingerprint, td_store_cb cb);
int td_store_principal_list(struct td_req *req, const char *unit_code,
                            int include_revoked, td_store_cb cb);

/* res->outcome: ok | unknown_unit | not_a_commune | needs_name | bad_date,
 * res->detail the code concerned; res->merge on ok. */
int td_store_merge(struct td_req *req, const Tiepdan__MergeUnits *m,
                   td_store_cb cb);

/* Records that the caller was shown the secret identity in these petitions. */
int td_store_identity_reads(struct td_req *req, const int64_t *ids, size_t n,
                            const char *what, td_store_cb cb);

struct td_stats_query {
  const char *unit_code; /* NULL: the caller's unit. */
  const char *from_day;  /* First day of the first month, YYYY-MM-DD. */
  const char *to_day;    /* First day after the last month. */
  td_day today;
  int by_unit;
  const char *unit_level;
  int by_kind;
  int by_channel;
  int by_field;
  int by_status;
  const char *period;  /* "month", "quarter", "year" or "" */
  const char *kind;    /* NULL: every kind. */
  const char *channel; /* NULL: every channel. */
  int soon_days;       /* For open_due_soon. */
};

/* 1 if the province and nation rollup can answer q: grouped by unit at the
 * province or nation level and by period only, without filters (the
 * scope's level is the statement's to judge). */
int td_stats_query_rollup(const struct td_stats_query *q);

/* Counts from the aggregates (never the petitions): from the rollup if
 * rollup (res->declined if the scope is below a province), else from the
 * cells; res->scope_found as for list; res->stats the groups. */
int td_store_stats(struct td_req *req, const struct td_stats_query *q,
                   int rollup, td_store_cb cb);
/* Sessions opened in the period under scope_unit, by type. */
int td_store_session_stats(struct td_req *req, int scope_unit,
                           const struct td_stats_query *q, td_store_cb cb);

/* Whether unit_code names a unit in the caller's area: res->scope_found. */
int td_store_scope(struct td_req *req, const char *unit_code, td_store_cb cb);

/* Events numbered in (after, upto] under the scope, oldest first, at most
 * limit; res->scope_found as for list. */
int td_store_changes(struct td_req *req, const char *unit_code, uint64_t after,
                     uint64_t upto, int limit, td_store_cb cb);

#endif
