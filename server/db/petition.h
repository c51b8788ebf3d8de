/*
 * Petitions: submission, reading one, listing a page, and recording who read
 * a secret identity. Every statement is scoped to the caller's unit and what
 * lies below it, so a petition outside it reads as one that does not exist.
 */
#ifndef TD_DB_PETITION_H
#define TD_DB_PETITION_H

#include "db/db.h"
#include "domain/deadline.h"
#include "tiepdan.pb-c.h"

/* Whether what was written about a petition is kept from most readers: a
 * denunciation, or a petition the citizen asked to keep confidential, and the
 * unit that handles it today (whose officers may be allowed to read it). */
struct td_secrecy {
  int denunciation;
  int confidential;
  int handling_unit_id;
};

/*
 * Everything of a petition that may name the petitioner: the identity, and
 * every text a citizen or an officer wrote (the summary, the last refusal or
 * withdrawal reason, the transfer target). The database layer reads it here,
 * never into the wire message; only td_disclose_petition (ops/disclose.c)
 * moves it into the reply, for a caller the law allows. A read path that
 * forgets to call it sends none of it.
 */
struct td_sealed {
  Tiepdan__Petitioner *petitioner;
  char *summary;
  char *note;
  char *transfer_target;
  /* The earlier petition it repeats: it has the same petitioner. */
  char *repeat_of;
};

/* An event as read: the wire message without its texts, which may name the
 * petitioner of a secret petition; td_disclose_event (ops/disclose.c) puts
 * back what the caller may read. */
struct td_event_row {
  Tiepdan__Event *event; /* In the arena; note and changes left out. */
  char *note;
  char *changes;        /* Every field the event changed, as JSON. */
  char *changes_public; /* The same without the sealed fields. */
};

/* A petition as read, with what handlers need beyond the wire message: the
 * sealed texts and their secrecy, and the deadline inputs. */
struct td_petition_row {
  Tiepdan__Petition *p; /* In the arena; without the sealed fields. */
  struct td_sealed sealed;
  struct td_secrecy secrecy;
  int handling_unit_id;
  int remote;      /* The commune is a remote area. */
  int rule_id;     /* Deadline rule of the running step, or 0. */
  td_day deadline; /* TD_DAY_NONE when no deadline runs. */
  td_day deadline_start;
  /* Recorded especially complex: a denunciation's second extension. */
  int especially_complex;
};

/* td_submit_petition's verdicts (sql functions), written once. */
#define TD_SUBMIT_VERDICTS(XX)                                                 \
  XX(CREATED, "created")                                                       \
  XX(DUPLICATE, "duplicate")                                                   \
  XX(KEY_CONFLICT, "key_conflict")                                             \
  XX(STALE_CALENDAR, "stale_calendar")                                         \
  XX(UNKNOWN_UNIT, "unknown_unit")                                             \
  XX(UNKNOWN_VILLAGE, "unknown_village")                                       \
  XX(UNKNOWN_KIND, "unknown_kind")                                             \
  XX(UNKNOWN_CHANNEL, "unknown_channel")                                       \
  XX(UNKNOWN_FIELD, "unknown_field")                                           \
  XX(UNKNOWN_SESSION, "unknown_session")                                       \
  XX(RECEIPT_INVALID, "receipt_invalid")                                       \
  XX(RECEIPT_NOT_LEASED, "receipt_not_leased")                                 \
  XX(RECEIPT_USED, "receipt_used")                                             \
  XX(RECEIPT_YEAR, "receipt_year")                                             \
  XX(BEFORE_LEASE, "before_lease")                                             \
  XX(REPEAT_NOT_FOUND, "repeat_not_found")                                     \
  XX(REPEAT_NOT_OLDER, "repeat_not_older")                                     \
  XX(REPEAT_SECRET, "repeat_secret")

enum td_submit_verdict {
#define XX(name, text) TD_SUBMIT_##name,
  TD_SUBMIT_VERDICTS(XX)
#undef XX
      TD_SUBMIT__COUNT
};

/* The acceptance deadline the handler computed for a submission, what it
 * found of the workstation's clock, and whether the caller may be shown
 * the petitioner's earlier petitions. */
struct td_submit_deadline {
  int64_t calendar; /* Version of the calendar used. */
  int rule_id;      /* 0: no rule applies. */
  td_day plain;     /* For a commune that is not remote. */
  td_day remote;    /* For a remote commune. */
  /* More than 5 minutes off: client minus server (s), 0 when not; then
   * received_at was corrected, and claimed_at is what the workstation said
   * (when has_claimed: it said nothing when it let the server's now be). */
  int64_t clock_skew;
  int has_claimed;
  int64_t claimed_at;
  /* Read the earlier petitions of the same petitioner too (the caller's
   * role may read the identity): td_repeat_candidates. */
  int candidates;
};

/* row is set for CREATED and DUPLICATE (the petition as stored), with the
 * earlier petitions of its petitioner when asked, best first. */
struct td_submitted {
  int err;
  enum td_submit_verdict verdict;
  struct td_petition_row *row;
  struct td_petition_row *candidates;
  int n_candidates;
};
typedef void (*td_submitted_cb)(void *arg, const struct td_submitted *r);

/* Records m for principal_id; hash is the hex SHA-256 of m as sent. */
TD_MUSTCHECK int td_db_petition_submit(const struct td_db *db, int principal_id,
                                       const Tiepdan__SubmitPetition *m,
                                       const char *hash,
                                       const struct td_submit_deadline *d,
                                       td_submitted_cb cb, void *arg);

/* err TD_ENOTFOUND: no such petition in the caller's area. */
struct td_petition_got {
  int err;
  struct td_petition_row *row;
};
typedef void (*td_petition_got_cb)(void *arg, const struct td_petition_got *r);

/* By receipt number when receipt is not NULL, else by id, under
 * caller_unit. */
TD_MUSTCHECK int td_db_petition_get(const struct td_db *db, int caller_unit,
                                    int64_t id, const char *receipt,
                                    td_petition_got_cb cb, void *arg);

struct td_list_query {
  const char *unit_code;
  /* The caller may read the sealed texts of secret petitions of its own
   * unit (td_permit_identity): text then searches them too. */
  int sees_own_sealed;
  const char *kind;
  const char *channel; /* NULL = any. */
  const char *field;   /* NULL = any. */
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

/* A page: scope_found (the unit filter resolved in the caller's area), the
 * rows, and the cursor of the next page (0: none). */
struct td_petition_page {
  int err;
  int scope_found;
  int n;
  struct td_petition_row *rows;
  int64_t next_id;
};
typedef void (*td_petition_page_cb)(void *arg,
                                    const struct td_petition_page *r);

TD_MUSTCHECK int td_db_petition_list(const struct td_db *db, int caller_unit,
                                     const struct td_list_query *q,
                                     td_petition_page_cb cb, void *arg);

/* Records that principal_id was shown the secret identity in these
 * petitions (what: "show", "list", "history", "receipt"). */
struct td_identity_reads {
  int err;
};
typedef void (*td_identity_reads_cb)(void *arg,
                                     const struct td_identity_reads *r);
TD_MUSTCHECK int
td_db_petition_identity_reads(const struct td_db *db, int principal_id,
                              const int64_t *ids, size_t n, const char *what,
                              td_identity_reads_cb cb, void *arg);

/* The daily summary: per commune with open petitions, how many are open,
 * overdue and due within 3 days on the day asked. */
struct td_summary_row {
  const char *code;
  const char *name;
  int64_t open;
  int64_t overdue;
  int64_t due_soon;
};
struct td_summary {
  int err;
  const char *day; /* The day asked, YYYY-MM-DD. */
  size_t n;
  struct td_summary_row *rows;
};
typedef void (*td_summary_cb)(void *arg, const struct td_summary *r);
/* The daily summary for today, unless another server (named by server)
 * has given period slot already: then no rows. */
TD_MUSTCHECK int td_db_petition_summary(const struct td_db *db, td_day today,
                                        int64_t slot, const char *server,
                                        td_summary_cb cb, void *arg);

#endif
