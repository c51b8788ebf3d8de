/* Submissions, written in batches (group commit); see submit.h. */
#include "db/submit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/petition.h"
#include "db/rows.h"
#include "util/log.h"

/* The arrays of td_submit_batch, $1 to $27 in this order; the SQL names
 * each argument, so the function's order does not matter. */
enum submit_param {
  SUBMIT_PRINCIPAL,
  SUBMIT_KEY,
  SUBMIT_HASH,
  SUBMIT_UNIT,
  SUBMIT_VILLAGE,
  SUBMIT_KIND,
  SUBMIT_CHANNEL,
  SUBMIT_FIELD,
  SUBMIT_GROUP_SIZE,
  SUBMIT_NAME,
  SUBMIT_ID_NUMBER,
  SUBMIT_ADDRESS,
  SUBMIT_CONTACT,
  SUBMIT_CONFIDENTIAL,
  SUBMIT_SUMMARY,
  SUBMIT_RECEIVED_AT,
  SUBMIT_SESSION,
  SUBMIT_CALENDAR,
  SUBMIT_RULE,
  SUBMIT_DEADLINE,
  SUBMIT_DEADLINE_REMOTE,
  SUBMIT_RECEIPT_NO,
  SUBMIT_WORKSTATION,
  SUBMIT_CLAIMED,
  SUBMIT_SKEW,
  SUBMIT_REPEAT_OF,
  SUBMIT_CANDIDATES,
  SUBMIT__N
};

/* received_at is Unix seconds, or NULL for the server's now; so are the
 * workstation's claimed times. */
static const char SQL_BATCH[] =
    "SELECT s.ord, s.result, (s.petition).*"
    "  FROM td_submit_batch("
    "       p_principal => $1::int[], p_key => $2::uuid[], p_hash => "
    "$3::text[],"
    "       p_unit_code => $4::text[], p_village => $5::text[],"
    "       p_kind => $6::text[], p_channel => $7::text[],"
    "       p_field => $8::text[], p_group_size => $9::int[],"
    "       p_name => $10::text[], p_id_number => $11::text[],"
    "       p_address => $12::text[], p_contact => $13::text[],"
    "       p_confidential => $14::bool[], p_summary => $15::text[],"
    "       p_received_at => (SELECT array_agg(coalesce(to_timestamp(t), now())"
    "                                          ORDER BY o)"
    "                           FROM unnest($16::bigint[]) WITH ORDINALITY"
    "                                AS u(t, o)),"
    "       p_session => $17::bigint[], p_calendar => $18::bigint[],"
    "       p_rule => $19::int[], p_deadline => $20::date[],"
    "       p_deadline_remote => $21::date[], p_receipt_no => $22::text[],"
    "       p_workstation => $23::uuid[],"
    "       p_claimed => (SELECT array_agg(to_timestamp(t) ORDER BY o)"
    "                       FROM unnest($24::bigint[]) WITH ORDINALITY"
    "                            AS u(t, o)),"
    "       p_skew => $25::bigint[], p_repeat_of => $26::text[],"
    "       p_candidates => $27::bool[]) s";

static const char *const submit_verdicts[] = {
#define XX(name, text) text,
    TD_SUBMIT_VERDICTS(XX)
#undef XX
};

/* One submission, queued or in a batch. Its parameters and its result live
 * in the request's arena, which lasts until its callback has run. */
struct sub {
  struct sub *next;
  struct td_arena *arena;
  td_submitted_cb cb;
  void *arg;
  const char *key;
  unsigned alone : 1; /* Its batch failed: written on its own. */
  const char *params[SUBMIT__N];
};

struct batch {
  struct td_submits *owner;
  struct sub *head;
  int n;
};

struct td_submits {
  uv_check_t check;
  struct td_pool **pool;
  struct sub *head;
  struct sub *tail;
  int in_flight;
  unsigned closing : 1;
  unsigned closed : 1;
  struct td_submits_stats stats;
};

static void flush(struct td_submits *s);

static void deliver_error(struct sub *it, int err)
{
  struct td_submitted out;

  memset(&out, 0, sizeof(out));
  out.err = err;
  it->cb(it->arg, &out);
}

static void fail_list(struct sub *it, int err)
{
  struct sub *next;

  for (; it != NULL; it = next) {
    next = it->next;
    deliver_error(it, err);
  }
}

static void maybe_free(struct td_submits *s)
{
  if (s->closing && s->closed && s->in_flight == 0)
    free(s);
}

/* Whether every row after the first is an earlier petition. */
static int candidates_only(const PGresult *res, const int *rows, int n)
{
  int i;

  for (i = 1; i < n; i++)
    if (strcmp(PQgetvalue(res, rows[i], 1), "candidate") != 0)
      return 0;
  return 1;
}

/* The answer of the submission numbered ord: its rows, in which[0..n),
 * the petition's row first, then at most 5 earlier petitions. */
static void answer(struct sub *it, const PGresult *res, const int *which, int n)
{
  struct td_submitted out;
  struct td_petition_row *rows = NULL;
  int verdict;
  int has_row;

  memset(&out, 0, sizeof(out));
  if (n < 1 || n > 6 || !candidates_only(res, which, n)) {
    td_error("db: submit answered with %d rows", n);
    deliver_error(it, TD_EINTERNAL);
    return;
  }
  verdict = td_rows_verdict(submit_verdicts, TD_SUBMIT__COUNT,
                            PQgetvalue(res, which[0], 1), "submit");
  has_row = !PQgetisnull(res, which[0], 2);
  if (verdict < 0 ||
      has_row !=
          (verdict == TD_SUBMIT_CREATED || verdict == TD_SUBMIT_DUPLICATE) ||
      (!has_row && n > 1)) {
    deliver_error(it, TD_EINTERNAL);
    return;
  }
  out.verdict = (enum td_submit_verdict)verdict;
  if (has_row) {
    td_rows_petitions_pick(it->arena, res, which, n, &rows);
    out.row = &rows[0];
    out.candidates = n > 1 ? &rows[1] : NULL;
    out.n_candidates = n - 1;
  }
  it->cb(it->arg, &out);
}

/* Hands each submission of b its rows: those whose ord (from 1) is its
 * place in the batch. */
static void answer_all(struct batch *b, const PGresult *res)
{
  int total = PQntuples(res);
  int *count = calloc((size_t)b->n + 1, sizeof(int));
  int *first = calloc((size_t)b->n + 2, sizeof(int));
  int *which = malloc((size_t)(total ? total : 1) * sizeof(int));
  int *fill = calloc((size_t)b->n + 1, sizeof(int));
  struct sub *it;
  struct sub *next;
  int64_t ord;
  int i;
  int k;

  if (count == NULL || first == NULL || which == NULL || fill == NULL)
    abort();
  for (i = 0; i < total; i++) {
    if (!td_rows_i64(res, i, 0, &ord) || ord < 1 || ord > b->n) {
      td_error("db: submit answered for submission %s of %d",
               PQgetvalue(res, i, 0), b->n);
      fail_list(b->head, TD_EINTERNAL);
      goto out;
    }
    count[ord]++;
  }
  /* Rows grouped by submission, each group in the order returned: its
   * petition first, then its candidates, best first. */
  for (k = 1; k <= b->n; k++)
    first[k + 1] = first[k] + count[k];
  for (i = 0; i < total; i++) {
    td_rows_i64(res, i, 0, &ord);
    which[first[ord] + fill[ord]++] = i;
  }
  for (it = b->head, k = 1; it != NULL; it = next, k++) {
    next = it->next;
    answer(it, res, which + first[k], count[k]);
  }
out:
  free(count);
  free(first);
  free(which);
  free(fill);
}

static void on_batch(void *arg, PGresult *res)
{
  struct batch *b = arg;
  struct td_submits *s = b->owner;
  int err = td_rows_status(res, "submit", 0);
  struct sub *it;

  s->in_flight--;
  if (err == TD_EINTERNAL && b->n > 1 && !s->closing) {
    /* Not the connection: something in one submission. Each goes again
     * alone, first in the queue, so the good ones still get written. */
    td_warn("db: a batch of %d submissions failed; writing each alone", b->n);
    for (it = b->head; it->next != NULL; it = it->next)
      it->alone = 1;
    it->alone = 1;
    it->next = s->head;
    if (s->head == NULL)
      s->tail = it;
    s->head = b->head;
    s->stats.isolated += (uint64_t)b->n;
  } else if (err != 0) {
    fail_list(b->head, err);
  } else {
    answer_all(b, res);
  }
  free(b);
  if (s->closing) {
    fail_list(s->head, TD_EUNAVAIL);
    s->head = s->tail = NULL;
    maybe_free(s);
    return;
  }
  flush(s);
}

static int key_in(const struct sub *list, const char *key)
{
  for (; list != NULL; list = list->next)
    if (strcasecmp(list->key, key) == 0)
      return 1;
  return 0;
}

/* Takes the next batch off the queue: in order, up to the maximum, but
 * never a key twice, and a submission marked alone by itself. What stays
 * queued keeps its order. */
static struct batch *take(struct td_submits *s)
{
  struct batch *b = td_xcalloc(1, sizeof(*b));
  struct sub *rest = NULL;
  struct sub **rest_tail = &rest;
  struct sub **tail = &b->head;
  struct sub *it;
  struct sub *next;
  int full = 0;

  s->tail = NULL;
  for (it = s->head; it != NULL; it = next) {
    next = it->next;
    it->next = NULL;
    if (!full && (b->n == 0 || !it->alone) && !key_in(b->head, it->key)) {
      *tail = it;
      tail = &it->next;
      b->n++;
      full = b->n == TD_SUBMIT_BATCH_MAX || it->alone;
      continue;
    }
    *rest_tail = it;
    rest_tail = &it->next;
    s->tail = it;
  }
  s->head = rest;
  return b;
}

static void send_batch(struct td_submits *s, struct batch *b)
{
  struct td_arena arena = {NULL};
  struct td_array_lit lit[SUBMIT__N];
  const char *params[SUBMIT__N];
  struct sub *it;
  int rc;
  int p;

  memset(lit, 0, sizeof(lit));
  for (it = b->head; it != NULL; it = it->next)
    for (p = 0; p < SUBMIT__N; p++)
      td_array_add(&lit[p], it->params[p]);
  for (p = 0; p < SUBMIT__N; p++)
    params[p] = td_array_finish(&arena, &lit[p]);
  rc = *s->pool != NULL
           ? td_pool_query(*s->pool, SQL_BATCH, SUBMIT__N, params, on_batch, b)
           : TD_EUNAVAIL;
  td_arena_free(&arena);
  if (rc != 0) {
    fail_list(b->head, TD_EUNAVAIL);
    free(b);
    return;
  }
  s->in_flight++;
  s->stats.batches++;
  s->stats.submissions += (uint64_t)b->n;
  if (b->n > s->stats.largest)
    s->stats.largest = b->n;
}

static void flush(struct td_submits *s)
{
  while (s->head != NULL && s->in_flight < TD_SUBMIT_BATCHES) {
    struct batch *b = take(s);

    b->owner = s;
    send_batch(s, b);
  }
}

/* The end of a turn of the loop: what this turn's reads queued goes now. */
static void on_check(uv_check_t *h)
{
  struct td_submits *s = h->data;

  uv_check_stop(h);
  flush(s);
}

struct td_submits *td_submits_new(uv_loop_t *loop, struct td_pool **pool)
{
  struct td_submits *s = td_xcalloc(1, sizeof(*s));

  s->pool = pool;
  uv_check_init(loop, &s->check);
  s->check.data = s;
  return s;
}

static void on_closed(uv_handle_t *h)
{
  struct td_submits *s = h->data;

  s->closed = 1;
  maybe_free(s);
}

void td_submits_close(struct td_submits *s)
{
  if (s == NULL || s->closing)
    return;
  s->closing = 1;
  fail_list(s->head, TD_EUNAVAIL);
  s->head = s->tail = NULL;
  uv_close((uv_handle_t *)&s->check, on_closed);
}

void td_submits_stats(const struct td_submits *s, struct td_submits_stats *out)
{
  *out = s->stats;
}

int td_db_petition_submit(const struct td_db *db, int principal_id,
                          const Tiepdan__SubmitPetition *m, const char *hash,
                          const struct td_submit_deadline *d,
                          td_submitted_cb cb, void *arg)
{
  struct td_submits *s = db->submits;
  struct td_arena *a = db->arena;
  const Tiepdan__Petitioner *who = m->petitioner;
  struct sub *it;
  const char **params;

  if (s == NULL || s->closing || db->pool == NULL)
    return TD_EUNAVAIL;
  it = td_arena_alloc(a, sizeof(*it));
  it->arena = a;
  it->cb = cb;
  it->arg = arg;
  it->key = m->idempotency_key;
  params = it->params;
  params[SUBMIT_PRINCIPAL] = td_rows_int(a, principal_id);
  params[SUBMIT_KEY] = m->idempotency_key;
  params[SUBMIT_HASH] = hash;
  params[SUBMIT_UNIT] = m->unit_code;
  params[SUBMIT_VILLAGE] = m->village_code;
  params[SUBMIT_KIND] = m->kind;
  params[SUBMIT_CHANNEL] = m->channel;
  params[SUBMIT_FIELD] = m->field;
  params[SUBMIT_GROUP_SIZE] =
      td_rows_int(a, m->has_group_size ? m->group_size : 1);
  params[SUBMIT_NAME] = who != NULL ? who->name : NULL;
  params[SUBMIT_ID_NUMBER] = who != NULL ? who->id_number : NULL;
  params[SUBMIT_ADDRESS] = who != NULL ? who->address : NULL;
  params[SUBMIT_CONTACT] = who != NULL ? who->contact : NULL;
  params[SUBMIT_CONFIDENTIAL] =
      m->has_confidential && m->confidential ? "true" : "false";
  params[SUBMIT_SUMMARY] = m->summary;
  params[SUBMIT_RECEIVED_AT] =
      m->has_received_at ? td_rows_int(a, m->received_at) : NULL;
  params[SUBMIT_SESSION] =
      m->has_session_id ? td_rows_int(a, m->session_id) : NULL;
  params[SUBMIT_CALENDAR] = td_rows_int(a, d->calendar);
  params[SUBMIT_RULE] = d->rule_id ? td_rows_int(a, d->rule_id) : NULL;
  params[SUBMIT_DEADLINE] = d->rule_id ? td_rows_date(a, d->plain) : NULL;
  params[SUBMIT_DEADLINE_REMOTE] =
      d->rule_id ? td_rows_date(a, d->remote) : NULL;
  params[SUBMIT_RECEIPT_NO] =
      m->receipt_no != NULL && m->receipt_no[0] ? m->receipt_no : NULL;
  params[SUBMIT_WORKSTATION] =
      params[SUBMIT_RECEIPT_NO] != NULL ? m->workstation : NULL;
  params[SUBMIT_CLAIMED] =
      d->clock_skew && d->has_claimed ? td_rows_int(a, d->claimed_at) : NULL;
  /* With sent_at the times came from the workstation's clock: the skew
   * found, 0 when the clock was right; without it, NULL (typed times). */
  params[SUBMIT_SKEW] =
      m->has_sent_at || d->clock_skew ? td_rows_int(a, d->clock_skew) : NULL;
  params[SUBMIT_REPEAT_OF] =
      m->repeat_of != NULL && m->repeat_of[0] ? m->repeat_of : NULL;
  params[SUBMIT_CANDIDATES] = d->candidates ? "true" : "false";
  if (s->tail != NULL)
    s->tail->next = it;
  else
    s->head = it;
  s->tail = it;
  if (db->queries != NULL)
    (*db->queries)++;
  if (db->sent != NULL)
    *db->sent = 1;
  uv_check_start(&s->check, on_check);
  return 0;
}
