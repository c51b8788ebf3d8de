/*
 * What the tests of server/db/ share: a fake pool that stands in for
 * PostgreSQL, canned results built with libpq's public API, and the columns
 * each statement's SELECT produces.
 *
 * db/ reaches PostgreSQL only through td_pool_query, td_pool_query_custom
 * and td_pool_result_retryable. A test program that includes this header
 * defines all three itself, so the linker resolves them here and never pulls
 * db/pool.o out of the static library (were it pulled, the two definitions
 * would fail the link). The fake records every statement: the SQL, a copy of
 * the parameters and the callback; a test then answers it with a canned
 * result, as the pool would, and checks what the db/ callback delivered.
 *
 * Each test runs between fake_setup() and fake_teardown() (RUN_DB_TEST):
 * a fresh arena and td_db, and at the end every statement left unanswered
 * is answered with NULL, so a failed assertion leaks nothing either.
 */
#ifndef TD_TEST_DB_H
#define TD_TEST_DB_H

#include <libpq-fe.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "db/db.h"
#include "db/petition.h"
#include "db/pool.h"
#include "db/submit.h"
#include "test.h"
#include "util/arena.h"

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The pool is opaque to db/: the fake gives it a body of its own. */
struct td_pool {
  int calls;
};

#define FAKE_CALLS_MAX 8
#define FAKE_PARAMS_MAX 32

struct fake_call {
  const char *sql;
  int n;
  char *params[FAKE_PARAMS_MAX]; /* Copies; NULL for SQL NULL. */
  td_pool_cb cb;
  void *arg;
  int answered;
};

static struct {
  struct td_pool pool;
  struct fake_call calls[FAKE_CALLS_MAX];
  int ncalls;
  int refuse;    /* td_pool_query fails as with no connection up. */
  int retryable; /* What td_pool_result_retryable says of an error result. */
  struct td_arena arena;
  struct td_db db;
  uint64_t queries;
  unsigned sent;
  struct td_pool *pool_ptr;   /* What the submissions' batches are sent to. */
  struct td_submits *submits; /* Group commit: db/submit.h. */
} fake;

int td_pool_query(struct td_pool *p, const char *sql, int nparams,
                  const char *const *params, td_pool_cb cb, void *arg)
{
  struct fake_call *c;
  int i;

  p->calls++;
  if (fake.refuse || fake.ncalls == FAKE_CALLS_MAX || nparams > FAKE_PARAMS_MAX)
    return -11; /* -EAGAIN, as the pool answers with no connection. */
  c = &fake.calls[fake.ncalls++];
  memset(c, 0, sizeof(*c));
  c->sql = sql;
  c->n = nparams;
  for (i = 0; i < nparams; i++)
    c->params[i] = params[i] != NULL ? td_xstrdup(params[i]) : NULL;
  c->cb = cb;
  c->arg = arg;
  return 0;
}

/* Recorded alike: what a test checks is the statement and its values. */
int td_pool_query_custom(struct td_pool *p, const char *sql, int nparams,
                         const char *const *params, td_pool_cb cb, void *arg)
{
  return td_pool_query(p, sql, nparams, params, cb, arg);
}

/* The real pool judges by SQLSTATE, which a canned result has none of: the
 * test says. A lost connection (NULL) is always worth a retry. */
int td_pool_result_retryable(const PGresult *res)
{
  return res == NULL || fake.retryable;
}

static inline void fake_setup(void)
{
  memset(&fake, 0, sizeof(fake));
  fake.db.pool = &fake.pool;
  fake.db.arena = &fake.arena;
  fake.db.queries = &fake.queries;
  fake.db.sent = &fake.sent;
  fake.pool_ptr = &fake.pool;
  fake.submits = td_submits_new(uv_default_loop(), &fake.pool_ptr);
  fake.db.submits = fake.submits;
}

/* The end of a turn of the loop: the submissions queued go as a batch. */
static inline void fake_flush(void)
{
  uv_run(uv_default_loop(), UV_RUN_NOWAIT);
}

static inline void fake_teardown(void)
{
  int i;
  int k;

  for (i = 0; i < fake.ncalls; i++) {
    struct fake_call *c = &fake.calls[i];

    if (!c->answered) {
      c->answered = 1;
      c->cb(c->arg, NULL);
    }
    for (k = 0; k < c->n; k++)
      free(c->params[k]);
  }
  fake.ncalls = 0;
  td_submits_close(fake.submits);
  fake_flush();
  td_arena_free(&fake.arena);
}

#define RUN_DB_TEST(fn)                                                        \
  do {                                                                         \
    fake_setup();                                                              \
    RUN_TEST(fn);                                                              \
    fake_teardown();                                                           \
  } while (0)

/* The statement sent last, or NULL. */
static inline struct fake_call *fake_last(void)
{
  return fake.ncalls > 0 ? &fake.calls[fake.ncalls - 1] : NULL;
}

/* 1 if the last statement has n parameters equal to want (NULL: SQL NULL),
 * else 0 after saying which one differs. */
static inline int fake_params_are(const char *const *want, int n)
{
  struct fake_call *c = fake_last();
  int i;

  if (c == NULL || c->n != n) {
    fprintf(stderr, "  expected %d parameters, got %d\n", n,
            c != NULL ? c->n : -1);
    return 0;
  }
  for (i = 0; i < n; i++) {
    const char *got = c->params[i];

    if ((got == NULL) != (want[i] == NULL) ||
        (got != NULL && strcmp(got, want[i]) != 0)) {
      fprintf(stderr, "  parameter $%d: expected %s, got %s\n", i + 1,
              want[i] != NULL ? want[i] : "NULL", got != NULL ? got : "NULL");
      return 0;
    }
  }
  return 1;
}

/* 1 if sql uses exactly $1..$n, each at least once: PostgreSQL refuses a
 * parameter it cannot type because no placeholder names it. */
static inline int sql_placeholders_are(const char *sql, int n)
{
  char seen[FAKE_PARAMS_MAX + 2];
  const char *s;
  int i;

  memset(seen, 0, sizeof(seen));
  for (s = sql; *s; s++) {
    if (*s == '$' && s[1] >= '0' && s[1] <= '9') {
      long k = strtol(s + 1, NULL, 10);

      if (k < 1 || k > n)
        return 0;
      seen[k] = 1;
    }
  }
  for (i = 1; i <= n; i++)
    if (!seen[i])
      return 0;
  return 1;
}

/* A PGRES_TUPLES_OK result with these columns (text) and no rows yet. */
static inline PGresult *canned(const char *const *names, int ncols)
{
  PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
  PGresAttDesc attrs[64];
  int i;

  if (res == NULL || ncols > COUNT_OF(attrs))
    abort();
  memset(attrs, 0, sizeof(attrs));
  for (i = 0; i < ncols; i++) {
    attrs[i].name = (char *)names[i];
    attrs[i].typid = 25; /* text */
    attrs[i].typlen = -1;
    attrs[i].atttypmod = -1;
  }
  if (ncols > 0 && !PQsetResultAttrs(res, ncols, attrs))
    abort();
  return res;
}

/* Appends a row: one value per column, NULL for SQL NULL. */
static inline void canned_row(PGresult *res, const char *const *values)
{
  int row = PQntuples(res);
  int i;

  for (i = 0; i < PQnfields(res); i++)
    if (!PQsetvalue(res, row, i, (char *)values[i],
                    values[i] != NULL ? (int)strlen(values[i]) : -1))
      abort();
}

/* names[0..n) followed by more[0..m), into out; returns n + m. */
static inline int cols_join(const char **out, const char *const *names, int n,
                            const char *const *more, int m)
{
  if (n > 0)
    memcpy(out, names, sizeof(*out) * (size_t)n);
  if (m > 0)
    memcpy(out + n, more, sizeof(*out) * (size_t)m);
  return n + m;
}

/* Answers statement i with res, as the pool does (res borrowed for the
 * call), then frees res. */
static inline void fake_answer(int i, PGresult *res)
{
  struct fake_call *c = &fake.calls[i];

  c->answered = 1;
  c->cb(c->arg, res);
  if (res != NULL)
    PQclear(res);
}

/* Answers statement i with an error result that td_pool_result_retryable
 * judges retryable or not. */
static inline void fake_answer_error(int i, int retryable)
{
  fake.retryable = retryable;
  fake_answer(i, PQmakeEmptyPGresult(NULL, PGRES_FATAL_ERROR));
  fake.retryable = 0;
}

/* The columns each statement's SELECT produces, in order ------------------ */

/* td_petition_v (sql/functions/30_petition.sql). */
static const char *const petition_v_cols[] = {
    "id",
    "receipt_no",
    "unit_id",
    "handling_unit_id",
    "unit_code",
    "unit_name",
    "village_code",
    "village_name",
    "kind",
    "channel",
    "field",
    "group_size",
    "petitioner_name",
    "petitioner_id_number",
    "petitioner_address",
    "petitioner_contact",
    "confidential",
    "summary",
    "status",
    "outcome",
    "received_at",
    "accepted_at",
    "closed_at",
    "deadline",
    "version",
    "created_by",
    "created_at",
    "remote_area",
    "complex",
    "extensions",
    "deadline_rule_id",
    "deadline_step",
    "deadline_start",
    "transfer_target",
    "satisfaction",
    "session_id",
    "note",
    "repeat_of",
    "finding",
};
#define PETITION_V_NCOLS COUNT_OF(petition_v_cols)

/* A petition with every column set, in petition_v_cols' order. */
static const char *const petition_full[] = {
    "57",
    "BL-2026-000057",
    "3390",
    "4001",
    "03390",
    "Xã Bình Lư",
    "0339001",
    "Bản Thẳm",
    "complaint",
    "regular_reception",
    "land",
    "6",
    "Lò Văn Pâng",
    "012345678901",
    "Bản Thẳm, xã Bình Lư",
    "0912 345 678",
    "t",
    "Tranh chấp ranh giới đất nương",
    "in_progress",
    "answered_in_writing",
    "1767225600",
    "1767312000",
    "1767398400",
    "2026-02-16",
    "4",
    "Nguyễn Thị Hoa",
    "1767225601",
    "t",
    "t",
    "1",
    "7",
    "resolve",
    "2026-01-02",
    "Phòng Tài nguyên và Môi trường",
    "satisfied",
    "12",
    "Đã hẹn đối thoại",
    "BL-2025-000031",
    "partly_correct",
};

/* A petition with every column NULL but those db/ reads without a NULL
 * check (confidential, status) and a few that name it. */
static const char *const petition_bare[] = {
    "58",       "BL-2026-000058",
    "3390",     NULL,
    "03390",    "Xã Bình Lư",
    NULL,       NULL,
    "other",    "mail",
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    "f",        NULL,
    "received", NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,       "f",
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,
};

/* td_session_v (sql/functions/50_session.sql). */
static const char *const session_v_cols[] = {
    "id",        "unit_id",   "unit_code",    "unit_name",
    "type",      "title",     "presided_by",  "opened_at",
    "closed_at", "attendees", "opinions",     "resolved_on_spot",
    "forwarded", "note",      "petitions",    "number",
    "theme",     "groups",    "group_people",
};
#define SESSION_V_NCOLS COUNT_OF(session_v_cols)

/* td_principal_v (sql/functions/60_access.sql). */
static const char *const principal_v_cols[] = {
    "id",         "name",       "role",       "fingerprint",
    "unit_code",  "unit_name",  "unit_level", "current_unit_id",
    "created_at", "revoked_at",
};
#define PRINCIPAL_V_NCOLS COUNT_OF(principal_v_cols)

/* The history statement (db/lifecycle.c); the change feed continues it. */
static const char *const history_cols[] = {
    "seq",         "petition_id", "extract", "name",    "role", "action",
    "from_status", "to_status",   "note",    "changes", "text",
};

/* The change feed (db/feed.c). */
static const char *const changes_cols[] = {
    "seq",      "petition_id",  "extract",   "name",     "role",
    "action",   "from_status",  "to_status", "note",     "changes",
    "text",     "receipt_no",   "code",      "kind",     "case",
    "?column?", "confidential", "id",        "scope_id",
};

/* Statistics from stat_cells (db/stats.c): scope, keys, measures. */
static const char *const stats_cols[] = {
    "scope_id",
    "k_unit",
    "k_kind",
    "k_channel",
    "k_field",
    "k_status",
    "k_period",
    "received",
    "accepted",
    "not_accepted",
    "transferred",
    "resolved",
    "answered_in_writing",
    "mediated_successfully",
    "mediation_failed",
    "decision_issued",
    "withdrawn",
    "resolved_on_time",
    "resolved_late",
    "open_within_deadline",
    "open_overdue",
    "open_due_soon",
    "group_petitions",
};

/* The same from td_stats_rollup: scope_id, rollup, then as above. */
static const char *const rollup_cols[] = {
    "scope_id",
    "rollup",
    "k_unit",
    "k_kind",
    "k_channel",
    "k_field",
    "k_status",
    "k_period",
    "received",
    "accepted",
    "not_accepted",
    "transferred",
    "resolved",
    "answered_in_writing",
    "mediated_successfully",
    "mediation_failed",
    "decision_issued",
    "withdrawn",
    "resolved_on_time",
    "resolved_late",
    "open_within_deadline",
    "open_overdue",
    "open_due_soon",
    "group_petitions",
};

/* The calendar snapshot (db/calendar.c), named as the UNION's first
 * branch names them. */
static const char *const calendar_cols[] = {
    "?column?", "version",  "?column?", "?column?", "?column?",
    "?column?", "?column?", "?column?", "?column?", "?column?",
    "?column?", "?column?", "?column?", "?column?",
};

/* td_load_holidays as db/calendar.c selects it. */
static const char *const holidays_cols[] = {
    "id",      "version",    "rule",  "remote",
    "complex", "extensions", "start", "deadline",
};

/* td_merge_units (sql/functions/10_units.sql). */
static const char *const merge_cols[] = {
    "result",   "detail",   "unit_id",   "unit_code",  "unit_name",
    "old_code", "old_name", "petitions", "principals",
};

/* The principal lookup (db/principal.c). */
static const char *const lookup_cols[] = {
    "id", "name", "role", "id", "code", "name", "level",
};

/* The revocation (db/principal.c). */
static const char *const revoke_cols[] = {
    "id",        "name",       "role",       "fingerprint", "unit_code",
    "unit_name", "unit_level", "created_at", "revoked_at",
};

/* The session opened (db/session.c). */
static const char *const session_open_cols[] = {
    "id",        "unit_code",    "unit_name",        "type",
    "title",     "presided_by",  "opened_at",        "closed_at",
    "attendees", "opinions",     "resolved_on_spot", "forwarded",
    "note",      "petitions",    "number",           "theme",
    "groups",    "group_people",
};

/* The feed's mark (db/feed.c). */
static const char *const mark_cols[] = {
    "last_seq",
    "coalesce",
    "xmin",
    "principals",
};

/* The daily summary (db/petition.c). */
static const char *const summary_cols[] = {
    "text", "code", "name", "count", "count", "count",
};

/* Sessions held (db/stats.c). */
static const char *const session_stats_cols[] = {
    "type", "count", "coalesce", "coalesce", "coalesce", "coalesce",
};

/* Rows of td_petition_v as db/ maps them ---------------------------------- */

static inline td_day day_of(const char *s)
{
  td_day d = TD_DAY_NONE;

  if (td_day_parse(s, &d) != 0)
    abort();
  return d;
}

/* Checks every field mapped from petition_full. */
static inline void assert_full_petition(const struct td_petition_row *r)
{
  const Tiepdan__Petition *p;

  ASSERT_NOT_NULL(r);
  p = r->p;
  ASSERT_NOT_NULL(p);
  ASSERT(p->has_id && p->id == 57);
  ASSERT_STR_EQ(p->receipt_no, "BL-2026-000057");
  ASSERT_NOT_NULL(p->unit);
  ASSERT_STR_EQ(p->unit->code, "03390");
  ASSERT_STR_EQ(p->unit->name, "Xã Bình Lư");
  ASSERT_STR_EQ(p->unit->level, "commune");
  ASSERT_NOT_NULL(p->village);
  ASSERT_STR_EQ(p->village->code, "0339001");
  ASSERT_STR_EQ(p->village->name, "Bản Thẳm");
  ASSERT_STR_EQ(p->village->level, "village");
  ASSERT_STR_EQ(p->kind, "complaint");
  ASSERT_STR_EQ(p->channel, "regular_reception");
  ASSERT_STR_EQ(p->field, "land");
  ASSERT(p->has_group_size && p->group_size == 6);
  /* What may name the petitioner is sealed: read apart, never into p. */
  ASSERT_NULL(p->petitioner);
  ASSERT_NULL(p->summary);
  ASSERT_NULL(p->note);
  ASSERT_NULL(p->transfer_target);
  ASSERT_NOT_NULL(r->sealed.petitioner);
  ASSERT_STR_EQ(r->sealed.petitioner->name, "Lò Văn Pâng");
  ASSERT_STR_EQ(r->sealed.petitioner->id_number, "012345678901");
  ASSERT_STR_EQ(r->sealed.petitioner->address, "Bản Thẳm, xã Bình Lư");
  ASSERT_STR_EQ(r->sealed.petitioner->contact, "0912 345 678");
  ASSERT(p->has_confidential && p->confidential);
  ASSERT(!p->has_redacted);
  ASSERT_STR_EQ(r->sealed.summary, "Tranh chấp ranh giới đất nương");
  ASSERT_EQ(r->secrecy.denunciation, 0);
  ASSERT_EQ(r->secrecy.confidential, 1);
  ASSERT_EQ(r->secrecy.handling_unit_id, 4001);
  ASSERT(p->has_status && p->status == TIEPDAN__STATUS__IN_PROGRESS);
  ASSERT_STR_EQ(p->outcome, "answered_in_writing");
  ASSERT(p->has_received_at && p->received_at == 1767225600);
  ASSERT(p->has_accepted_at && p->accepted_at == 1767312000);
  ASSERT(p->has_closed_at && p->closed_at == 1767398400);
  ASSERT_STR_EQ(p->deadline, "2026-02-16");
  ASSERT(p->has_version && p->version == 4);
  ASSERT_STR_EQ(p->created_by, "Nguyễn Thị Hoa");
  ASSERT(p->has_created_at && p->created_at == 1767225601);
  ASSERT(p->has_complex && p->complex);
  ASSERT(p->has_extensions && p->extensions == 1);
  ASSERT_STR_EQ(p->deadline_step, "resolve");
  ASSERT(!p->has_days_elapsed && !p->has_days_remaining && !p->has_overdue);
  ASSERT_NULL(p->explain);
  ASSERT_STR_EQ(r->sealed.transfer_target, "Phòng Tài nguyên và Môi trường");
  ASSERT_STR_EQ(p->satisfaction, "satisfied");
  ASSERT(p->has_session_id && p->session_id == 12);
  ASSERT_STR_EQ(r->sealed.note, "Đã hẹn đối thoại");
  /* The link names the same petitioner: sealed with the identity. */
  ASSERT_STR_EQ(r->sealed.repeat_of, "BL-2025-000031");
  ASSERT_NULL(r->p->repeat_of);
  ASSERT_STR_EQ(r->p->finding, "partly_correct");
  ASSERT_EQ(r->handling_unit_id, 4001);
  ASSERT_EQ(r->remote, 1);
  ASSERT_EQ(r->rule_id, 7);
  ASSERT_EQ(r->deadline, day_of("2026-02-16"));
  ASSERT_EQ(r->deadline_start, day_of("2026-01-02"));
}

/* Checks that petition_bare's NULL columns are absent fields. */
static inline void assert_bare_petition(const struct td_petition_row *r)
{
  const Tiepdan__Petition *p;

  ASSERT_NOT_NULL(r);
  p = r->p;
  ASSERT_NOT_NULL(p);
  ASSERT(p->has_id && p->id == 58);
  ASSERT_STR_EQ(p->receipt_no, "BL-2026-000058");
  ASSERT_NOT_NULL(p->unit);
  ASSERT_NULL(p->village);
  ASSERT_STR_EQ(p->kind, "other");
  ASSERT_STR_EQ(p->channel, "mail");
  ASSERT_NULL(p->field);
  ASSERT(!p->has_group_size);
  ASSERT_NOT_NULL(r->sealed.petitioner);
  ASSERT_NULL(r->sealed.petitioner->name);
  ASSERT_NULL(r->sealed.petitioner->id_number);
  ASSERT_NULL(r->sealed.petitioner->address);
  ASSERT_NULL(r->sealed.petitioner->contact);
  ASSERT(p->has_confidential && !p->confidential);
  ASSERT_NULL(r->sealed.summary);
  ASSERT_EQ(r->secrecy.denunciation, 0);
  ASSERT_EQ(r->secrecy.confidential, 0);
  ASSERT(p->has_status && p->status == TIEPDAN__STATUS__RECEIVED);
  ASSERT_NULL(p->outcome);
  ASSERT(!p->has_received_at && !p->has_accepted_at && !p->has_closed_at);
  ASSERT_NULL(p->deadline);
  ASSERT(!p->has_version);
  ASSERT_NULL(p->created_by);
  ASSERT(!p->has_created_at);
  ASSERT(p->has_complex && !p->complex);
  ASSERT(!p->has_extensions);
  ASSERT_NULL(p->deadline_step);
  ASSERT_NULL(r->sealed.transfer_target);
  ASSERT_NULL(p->satisfaction);
  ASSERT(!p->has_session_id);
  ASSERT_NULL(r->sealed.note);
  ASSERT_NULL(r->sealed.repeat_of);
  ASSERT_NULL(r->p->finding);
  ASSERT_EQ(r->handling_unit_id, 0);
  ASSERT_EQ(r->remote, 0);
  ASSERT_EQ(r->rule_id, 0);
  ASSERT_EQ(r->deadline, TD_DAY_NONE);
  ASSERT_EQ(r->deadline_start, TD_DAY_NONE);
}

/* A result of pre columns (pre_vals), the columns of td_petition_v (petition,
 * or every one NULL when petition is NULL), then post columns: one row. */
static inline PGresult *petition_result(const char *const *pre,
                                        const char *const *pre_vals, int npre,
                                        const char *const *petition,
                                        const char *const *post,
                                        const char *const *post_vals, int npost)
{
  const char *names[64];
  const char *vals[64];
  PGresult *res;
  int n;
  int i;

  n = cols_join(names, pre, npre, petition_v_cols, PETITION_V_NCOLS);
  cols_join(names + n, post, npost, NULL, 0);
  cols_join(vals, pre_vals, npre, NULL, 0);
  for (i = 0; i < PETITION_V_NCOLS; i++)
    vals[npre + i] = petition != NULL ? petition[i] : NULL;
  cols_join(vals + n, post_vals, npost, NULL, 0);
  res = canned(names, n + npost);
  canned_row(res, vals);
  return res;
}

#endif
