/*
 * The outbox: every write the client makes, kept on the officer's PC until
 * the server has acknowledged it (issue 13). A SQLite database in WAL mode
 * with synchronous=FULL, so an entry the officer was told is kept survives
 * a power cut; secure_delete, so an acknowledged entry is erased, not just
 * marked; readable by its owner only.
 *
 * This file is the store alone: what is kept and in which order it goes.
 * Sending is the caller's (cmd/outbox.c); what an entry holds is opaque here
 * (the request as it will be sent, possibly sealed to the server).
 */
#ifndef TD_OUTBOX_STORE_H
#define TD_OUTBOX_STORE_H

#include <stddef.h>
#include <stdint.h>

struct td_outbox;

/* Where an entry stands. */
enum td_outbox_state {
  TD_OUTBOX_WAITING = 0, /* To be sent (again). */
  TD_OUTBOX_DECISION =
      1, /* The petition changed meanwhile: the officer decides. */
  TD_OUTBOX_REFUSED = 2, /* Refused for good: kept so nothing typed is lost. */
};

struct td_outbox_entry {
  int64_t seq;            /* Order of writing; entries go in this order. */
  int64_t created_at;     /* Unix seconds, the PC's clock. */
  const char *op;         /* "submit", "note", "accept", ... */
  const char *target;     /* The petition it acts on (receipt number or id). */
  const char *key;        /* Its idempotency key, made when it was typed. */
  const uint8_t *request; /* The request as it will be sent. */
  size_t request_len;
  int sealed;        /* request is sealed to the server (secret inside). */
  const char *label; /* What the officer is shown (never a secret). */
  enum td_outbox_state state;
  int attempts;
  int64_t last_try;       /* Unix seconds; 0 never. */
  int64_t next_try;       /* Not before; 0 at once. */
  const char *last_error; /* The last reply or failure, worded; may be NULL. */
};

/* The longest wait between two attempts, seconds. */
#define TD_OUTBOX_BACKOFF_MAX 300

/* Results besides 0. */
#define TD_OUTBOX_ERR (-1)     /* err says what. */
#define TD_OUTBOX_DAMAGED (-2) /* The file was damaged and was moved aside. */
#define TD_OUTBOX_NONE (-3)    /* Nothing (no entry, no number left). */

/*
 * Opens (creating if need be) the outbox at path, its folder made 0700 and
 * the file 0600. A file that is not a database or fails SQLite's
 * quick_check is moved aside to path.damaged-YYYYMMDD-HHMMSS (with its WAL)
 * and TD_OUTBOX_DAMAGED is returned with the new name in aside (never
 * opened empty in its place silently: the caller reports it, then may open
 * again to start a new one).
 */
int td_outbox_open(const char *path, struct td_outbox **out, char *aside,
                   size_t asidelen, char *err, size_t errlen);
/* Checkpoints and truncates the WAL (so erased entries leave no copy in it)
 * and closes. */
void td_outbox_close(struct td_outbox *ob);

/* A transaction around several calls (taking a receipt number and adding
 * the entry that prints it). */
int td_outbox_begin(struct td_outbox *ob, char *err, size_t errlen);
int td_outbox_commit(struct td_outbox *ob, char *err, size_t errlen);
void td_outbox_rollback(struct td_outbox *ob);

/* Adds e (seq, state, attempts and times are set here); *seq gets its
 * number. Durable when it returns 0 outside a transaction, or at commit. */
int td_outbox_add(struct td_outbox *ob, const struct td_outbox_entry *e,
                  int64_t now, int64_t *seq, char *err, size_t errlen);

/* Calls cb for every entry, oldest first; cb returns non-zero to stop. */
typedef int (*td_outbox_each_cb)(void *arg, const struct td_outbox_entry *e);
int td_outbox_each(struct td_outbox *ob, td_outbox_each_cb cb, void *arg,
                   char *err, size_t errlen);
/* How many entries wait (any state). */
int td_outbox_count(struct td_outbox *ob, int64_t *n, char *err, size_t errlen);

/*
 * The next entry to send at now: the oldest WAITING one whose next_try has
 * come, and no earlier entry on the same target still kept (a note never
 * overtakes the petition it belongs to, nor a step one that waits for a
 * decision). Its strings live until the next call on ob. TD_OUTBOX_NONE
 * when there is none.
 */
int td_outbox_next(struct td_outbox *ob, int64_t now, struct td_outbox_entry *e,
                   char *err, size_t errlen);
/* Whether entries kept before seq on the same petition hold it back: 0
 * none; 2 only entries another command holds (next_try after held_after),
 * which it is sending now; 1 others too; TD_OUTBOX_ERR. */
int td_outbox_blocked(struct td_outbox *ob, int64_t seq, int64_t held_after,
                      char *err, size_t errlen);
/* The entry that carries idempotency key key, into *seq; TD_OUTBOX_NONE
 * when there is none. */
int td_outbox_by_key(struct td_outbox *ob, const char *key, int64_t *seq,
                     char *err, size_t errlen);
/* Finds the entry seq (strings as for td_outbox_next). */
int td_outbox_get(struct td_outbox *ob, int64_t seq, struct td_outbox_entry *e,
                  char *err, size_t errlen);

/* The server acknowledged seq: erased. */
int td_outbox_acked(struct td_outbox *ob, int64_t seq, char *err,
                    size_t errlen);
/*
 * A try of seq failed at now. state WAITING: try again after a backoff
 * that grows with the attempts (1 s, 2 s, 4 s ... at most 5 minutes);
 * DECISION or REFUSED: kept, sent no more until the officer decides. why
 * is kept as the last error.
 */
int td_outbox_failed(struct td_outbox *ob, int64_t seq, int64_t now,
                     enum td_outbox_state state, const char *why, char *err,
                     size_t errlen);
/* The officer chose to send seq again (after a decision), with request
 * replaced when not NULL: WAITING at once. */
int td_outbox_retry(struct td_outbox *ob, int64_t seq, const uint8_t *request,
                    size_t request_len, char *err, size_t errlen);
/* Entry seq is not sent before next_try (0: at once): a command holds
 * the entry it is sending itself. The hold is this process's: once the
 * process has ended (killed while it held the entry), td_outbox_next
 * gives the entry out at once and td_outbox_blocked no longer counts it
 * as held. */
int td_outbox_hold(struct td_outbox *ob, int64_t seq, int64_t next_try,
                   char *err, size_t errlen);
/* Replaces the request of seq, and its target when not NULL (a submit
 * numbered offline: steps typed on that number wait behind it). */
int td_outbox_rewrite(struct td_outbox *ob, int64_t seq, const char *target,
                      const uint8_t *request, size_t request_len, char *err,
                      size_t errlen);
/* Entry seq, refused while the officer watched, stays but holds back
 * nothing that comes after it on its petition. */
int td_outbox_release(struct td_outbox *ob, int64_t seq, char *err,
                      size_t errlen);
/* The officer dropped seq: erased, and a line (when, what, why) kept in the
 * outbox's journal. */
int td_outbox_drop(struct td_outbox *ob, int64_t seq, int64_t now,
                   const char *why, char *err, size_t errlen);

/* A setting kept with the outbox (the workstation's id, the server's
 * certificate to seal to, ...). get: malloc'd value, or NULL when unset. */
char *td_outbox_meta_get(struct td_outbox *ob, const char *name);
int td_outbox_meta_set(struct td_outbox *ob, const char *name,
                       const char *value, char *err, size_t errlen);

/*
 * Receipt numbers leased by the server to this workstation (issue 13: a
 * final number with no link). add: the numbers first..last of prefix and
 * year. take: the lowest unused one of year into receipt_no (e.g.
 * "BL-2026-000123"), used up in the same transaction as the entry that
 * prints it; TD_OUTBOX_NONE when none is left. left: how many of year.
 */
int td_outbox_lease_add(struct td_outbox *ob, const char *prefix, int year,
                        int64_t first, int64_t last, char *err, size_t errlen);
int td_outbox_lease_take(struct td_outbox *ob, int year, char *receipt_no,
                         size_t cap, char *err, size_t errlen);
/* Forgets every leased number (the commune changed: a merge). */
int td_outbox_lease_clear(struct td_outbox *ob, char *err, size_t errlen);
int td_outbox_lease_left(struct td_outbox *ob, int year, int64_t *n, char *err,
                         size_t errlen);

#endif
