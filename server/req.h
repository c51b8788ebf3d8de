/*
 * The request core: the state every handler may use, the request object, and
 * the ONE reply path (Redis's networking.c: "the functions command
 * implementations call"). Handlers depend on this module; it depends on no
 * handler and on no transport.
 *
 * A request enters in the session layer (session.c: a decoded Envelope from
 * an authenticated connection), is routed and authorised in dispatch.c,
 * handled in ops/<concern>.c, and reaches PostgreSQL only through db/.
 * Exactly one reply goes back per request, through td_req_reply or
 * td_req_fail, which also log the request's line and release it.
 */
#ifndef TD_REQ_H
#define TD_REQ_H

#include <stdint.h>
#include <uv.h>

#include "db/db.h"
#include "db/principal.h"
#include "domain/deadline.h"
#include "state.h"
#include "tiepdan.pb-c.h"
#include "util/arena.h"

struct td_invalid;

/*
 * What requests on one connection share with it. The session layer owns it
 * and gives each request a pointer; the functions say how a reply reaches
 * the peer without this module knowing the transport.
 */
struct td_client {
  struct td_principal who;
  uint64_t checked_version; /* Principals' version (feed.h) at which `who`
                             * was last found active; 0 for never. */
  char feed_unit[40]; /* Last unit a Changes request was found to reach. */
  const char *peer;   /* "127.0.0.1:51234", for logs. */
  /* Packs and sends env (dropped if the connection is closing). */
  void (*send)(struct td_client *cl, const Tiepdan__Envelope *env);
  /* A request of this connection has ended: releases its reference. */
  void (*release)(struct td_client *cl);
};

struct td_req {
  struct td_server *srv;
  struct td_client *client;       /* Holds a reference until the reply. */
  const struct td_principal *who; /* Borrowed from client. */
  Tiepdan__Envelope *env;         /* The request, owned. */
  uint64_t id;
  uint64_t start_ns;
  const char *op;                   /* Name for the log line. */
  struct td_arena arena;            /* Reply memory, freed with the request. */
  void *state;                      /* A handler's own, in the arena. */
  void (*handler)(struct td_req *); /* Runs once the caller is checked. */
  uint64_t checked_version;         /* Principals' version when checked. */
  unsigned queried;                 /* Sent something to PostgreSQL. */
  unsigned principals_change : 1;   /* Adds, revokes, merges. */
  unsigned reads_only : 1;          /* Used td_req_db_read: writes nothing. */
  struct td_db db;                  /* See td_req_db. */
  int attempts;                     /* Restarts after a stale calendar. */
};

/* A request for env from cl; takes env and a reference on cl (released when
 * the request ends). */
struct td_req *td_req_new(struct td_server *srv, struct td_client *cl,
                          Tiepdan__Envelope *env);

/* What db/ calls need for this request: the pool as it is now, the
 * request's arena (results live as long as the request) and its counters. */
const struct td_db *td_req_db(struct td_req *req);

/* As td_req_db, for a request that only reads and may read a replica
 * (statistics, lists, reports): the read pool when it holds every write
 * of the caller (replica.h), else the primary. */
const struct td_db *td_req_db_read(struct td_req *req);
/* As td_req_db_read, on the pool chosen by the caller (the change feed). */
const struct td_db *td_req_db_on(struct td_req *req, struct td_pool *pool);

/* Sends reply (built in req->arena or static), logs, frees req. */
void td_req_reply(struct td_req *req, Tiepdan__Envelope *reply);
/* Sends an Error reply with code and a formatted message, logs, frees req. */
void td_req_fail(struct td_req *req, Tiepdan__ErrorCode code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Marks a fixed phrase passed as a value of an error message ("the %s role
 * may not %s a petition": "change"), so that the client's catalog words it
 * (tests/i18n/server_templates.sh lists them). */
#define TD_VALUE(s) (s)
/* Sends the INVALID_ARGUMENT (or other code) a validation found: inv's
 * field, message and template (domain/validate.h). */
void td_req_fail_invalid(struct td_req *req, Tiepdan__ErrorCode code,
                         const struct td_invalid *inv);

/* An empty reply Envelope in the request's arena. */
Tiepdan__Envelope *td_reply_new(struct td_req *req);

/* Answers a database failure (a negative TD_E* code): UNAVAILABLE
 * (retryable) for TD_EUNAVAIL, else INTERNAL. what is a gerund phrase:
 * "recording the petition". */
void td_reply_db_error(struct td_req *req, int err, const char *what);

/* The unit a request names in unit_code, in *unit (unless unit is NULL):
 * NULL when it names none (the caller's own). Returns 0, or -1 after refusing a
 * code that is not a unit code. */
int td_req_unit_asked(struct td_req *req, const char *code, const char **unit);

/* 1 if a database answer may be used; else answers the request and
 * returns 0: the database's error (what: "listing sessions"), or
 * INVALID_ARGUMENT on unit_code when the unit asked for is not in the
 * caller's area (unknown and out of reach read alike). */
int td_reply_reached(struct td_req *req, int err, int scope_found,
                     const char *unit_code, const char *what);

/* Answers NOT_FOUND for a petition key, alike for unknown and out of scope. */
void td_reply_no_petition(struct td_req *req, int64_t id, const char *receipt);

/*
 * Sends reply once the reads of secret identities in ids[0..n) are recorded
 * as events (what: "show", "list", "history", "receipt"); with n = 0 at once.
 * If the record cannot be written, the reply is not sent: no secret leaves the
 * server unrecorded.
 */
void td_reply_audited(struct td_req *req, Tiepdan__Envelope *reply,
                      const int64_t *ids, size_t n, const char *what);

/*
 * After a write refused for a stale calendar: reloads it and runs handler
 * again from the start, at most twice; then answers UNAVAILABLE.
 */
void td_req_restart_with_fresh_calendar(struct td_req *req,
                                        void (*handler)(struct td_req *));

/*
 * The SHA-256 (64 hex digits, in out) of a request message as packed: what
 * an idempotency key is recorded with, so that a resend of the same request
 * is told apart from the key reused for another. A caller clears what
 * differs between attempts of one request (sent_at) in a copy first.
 * Returns 0, or -1 when the digest cannot be computed.
 */
int td_req_hash(struct td_req *req, const ProtobufCMessage *m, char out[65]);

/* 1 if key is absent or a UUID; else refuses the request (INVALID_ARGUMENT
 * on idempotency_key) and returns 0. */
int td_req_key_ok(struct td_req *req, const char *key);

/* The clock guard (README, "Offline: the server's side"): sets *skew to
 * how far a workstation's clock was off when it sent an attempt (sent_at,
 * its clock, minus the server's now, in seconds) when by more than
 * TD_CLOCK_TOLERANCE, else to 0 (also without sent_at). A clock that reads
 * before 2000 or more than a year ahead (a dead battery: 1970) is not one
 * to correct by, since what it stamped is as wrong: refused
 * (INVALID_ARGUMENT on sent_at) so the officer sets it right; returns -1
 * after answering. */
#define TD_CLOCK_TOLERANCE 300
#define TD_CLOCK_MAX_AHEAD (366 * 86400)
int td_req_clock_skew(struct td_req *req, int has_sent_at, int64_t sent_at,
                      int64_t *skew);

/* Today in Vietnam. */
td_day td_today(void);

/* The current Unix time, and whether t is acceptable as "when it happened":
 * not before 2000 and not in the future beyond the clock skew allowed. */
int64_t td_now(void);
int td_time_plausible(int64_t t);

#endif
