/*
 * The server's shared state: what the background modules (feed.c,
 * calendar.c), the request core (req.c) and the handlers read. A struct
 * and nothing else, so that every module above the database layer may see
 * it without depending on another module's functions.
 */
#ifndef TD_STATE_H
#define TD_STATE_H

#include <stdint.h>
#include <uv.h>

#include "db/pool.h"
#include "util/config.h"

struct td_calendar_cache;
struct td_feed;
struct td_replica;
struct td_terms;
struct x509_st;
struct evp_pkey_st;

struct td_server {
  uv_loop_t *loop;
  const struct td_config *cfg;
  struct td_pool *pool;               /* NULL once stopping. */
  struct td_submits *submits;         /* Group commit; db/submit.h. */
  struct td_calendar_cache *calendar; /* Rules and holidays; calendar.h. */
  struct td_feed *feed;               /* Horizon, principals; feed.h. */
  struct td_replica *replica;         /* The read pool, or NULL; replica.h. */
  struct td_terms *terms; /* Names of the reference codes; db/terms.h. */
  uint64_t started_ns;
  uint64_t request_queries;    /* Statements sent for clients' requests. */
  uint64_t background_queries; /* Marks, folds, summaries. */
  uint64_t fold_runs;          /* Periods this server folded. */
  uint64_t folds;              /* Folds that moved something. */
  char name[128];              /* "host:port pid N", for job_runs. */
  int nconns;                  /* Open connections, kept by the listener. */
  /* The certificate and key the server serves TLS with (references of its
   * own): what opens a SealedRequest (dispatch.c). A reload that brings a
   * new key keeps the ones before it, newest first, so that what an
   * officer's outbox sealed to the old certificate still opens. */
  struct x509_st *seal_cert;
  struct evp_pkey_st *seal_key;
#define TD_SEAL_KEPT 4
  struct x509_st *seal_old_cert[TD_SEAL_KEPT];
  struct evp_pkey_st *seal_old_key[TD_SEAL_KEPT];
};

#endif
