/*
 * Group commit of submissions.
 *
 * td_db_petition_submit (db/petition.h) does not send a statement of its
 * own: it queues the submission here. At the end of each turn of the loop
 * (a uv_check handle: after the turn's reads, never on a timer), the queue
 * goes to PostgreSQL as one batch, written by td_submit_batch in one
 * transaction; each submission's callback runs once that transaction has
 * committed (or failed). While TD_SUBMIT_BATCHES batches are being written,
 * new submissions wait for the next: under load the batches grow by
 * themselves, and a lone submission is sent at once.
 *
 * A batch never holds one idempotency key twice (the second submission of
 * a key waits for the next batch, and then finds the first's petition). A
 * batch that fails as a whole for a reason other than a lost connection is
 * written again one submission at a time, so one bad submission cannot
 * fail the others.
 */
#ifndef TD_DB_SUBMIT_H
#define TD_DB_SUBMIT_H

#include <stdint.h>
#include <uv.h>

#include "db/pool.h"

/* Batches written at once: the next one's checks and numbering overlap the
 * previous one's commit (waiting on its commune's counter only at the end). */
#define TD_SUBMIT_BATCHES 2
/* Submissions in one batch at most. */
#define TD_SUBMIT_BATCH_MAX 256

struct td_submits;

struct td_submits_stats {
  uint64_t batches;     /* Batches sent. */
  uint64_t submissions; /* Submissions in them. */
  uint64_t isolated;    /* Submissions written alone after a failed batch. */
  int largest;          /* The largest batch. */
};

/* *pool is read at each send: the server sets it to NULL when it stops. */
struct td_submits *td_submits_new(uv_loop_t *loop, struct td_pool **pool);

/* Fails what is queued (TD_EUNAVAIL), then closes the handle and frees
 * itself once no batch is in flight. */
void td_submits_close(struct td_submits *s);

void td_submits_stats(const struct td_submits *s, struct td_submits_stats *out);

#endif
