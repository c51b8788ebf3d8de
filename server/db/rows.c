/* Row and parameter helpers; see rows.h. */
#include "db/rows.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

int td_rows_status(const PGresult *res, const char *what, int command_ok)
{
  ExecStatusType st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

  if (res != NULL &&
      (st == PGRES_TUPLES_OK || (command_ok && st == PGRES_COMMAND_OK)))
    return 0;
  if (td_pool_result_retryable(res)) {
    td_warn("db: %s: %s", what,
            res != NULL ? PQresultErrorMessage(res) : "connection lost");
    return TD_EUNAVAIL;
  }
  td_error("db: %s failed: %s", what, PQresultErrorMessage(res));
  return TD_EINTERNAL;
}

char *td_rows_str(struct td_arena *a, const PGresult *r, int row, int col)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return NULL;
  return td_arena_strdup(a, PQgetvalue(r, row, col));
}

int td_rows_i64(const PGresult *r, int row, int col, int64_t *out)
{
  if (col < 0 || PQgetisnull(r, row, col))
    return 0;
  *out = strtoll(PQgetvalue(r, row, col), NULL, 10);
  return 1;
}

int td_rows_u32(const PGresult *r, int row, int col, uint32_t *out)
{
  int64_t v;

  if (!td_rows_i64(r, row, col, &v))
    return 0;
  *out = (uint32_t)v;
  return 1;
}

uint64_t td_rows_u64(const PGresult *r, int row, const char *name)
{
  int col = PQfnumber(r, name);

  if (col < 0 || PQgetisnull(r, row, col))
    return 0;
  return strtoull(PQgetvalue(r, row, col), NULL, 10);
}

int td_rows_bool(const PGresult *r, int row, int col)
{
  return col >= 0 && !PQgetisnull(r, row, col) &&
         strcmp(PQgetvalue(r, row, col), "t") == 0;
}

td_day td_rows_day(const PGresult *r, int row, int col)
{
  td_day d;

  if (col < 0 || PQgetisnull(r, row, col) ||
      td_day_parse(PQgetvalue(r, row, col), &d) != 0)
    return TD_DAY_NONE;
  return d;
}

char *td_rows_int(struct td_arena *a, int64_t v)
{
  char *s = td_arena_alloc(a, 24);

  snprintf(s, 24, "%" PRId64, v);
  return s;
}

char *td_rows_date(struct td_arena *a, td_day d)
{
  char *s;

  if (d == TD_DAY_NONE)
    return NULL;
  s = td_arena_alloc(a, 11);
  td_day_format(d, s);
  return s;
}

static void lit_put(struct td_array_lit *b, char c)
{
  if (b->len + 2 > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 256;
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL)
      abort();
  }
  b->p[b->len++] = c;
}

void td_array_add(struct td_array_lit *b, const char *s)
{
  lit_put(b, b->len == 0 ? '{' : ',');
  if (s == NULL) {
    lit_put(b, 'N');
    lit_put(b, 'U');
    lit_put(b, 'L');
    lit_put(b, 'L');
    return;
  }
  lit_put(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      lit_put(b, '\\');
    lit_put(b, *s);
  }
  lit_put(b, '"');
}

void td_array_add_int(struct td_array_lit *b, int64_t v)
{
  char num[24];

  snprintf(num, sizeof(num), "%" PRId64, v);
  td_array_add(b, num);
}

char *td_array_finish(struct td_arena *a, struct td_array_lit *b)
{
  char *out;

  if (b->len == 0)
    lit_put(b, '{');
  lit_put(b, '}');
  b->p[b->len] = '\0';
  out = td_arena_strdup(a, b->p);
  free(b->p);
  memset(b, 0, sizeof(*b));
  return out;
}

int td_rows_verdict(const char *const *names, int n, const char *s,
                    const char *what)
{
  int i;

  for (i = 0; s != NULL && i < n; i++)
    if (strcmp(names[i], s) == 0)
      return i;
  td_error("db: %s answered an unknown verdict \"%s\"", what,
           s != NULL ? s : "(null)");
  return -1;
}

int td_rows_head(const PGresult *res, const char *what,
                 const char *const *names, int n, int *scope_found,
                 int *verdict)
{
  int err = td_rows_status(res, what, 0);
  int scope;

  *scope_found = 0;
  *verdict = -1;
  if (err != 0)
    return err;
  scope = PQfnumber(res, "scope_id");
  *scope_found =
      scope < 0 || (PQntuples(res) > 0 && !PQgetisnull(res, 0, scope));
  if (PQfnumber(res, "result") < 0)
    return 0;
  if (PQntuples(res) == 1)
    *verdict = td_rows_verdict(names, n, PQgetvalue(res, 0, 0), what);
  return *verdict < 0 ? TD_EINTERNAL : 0;
}

Tiepdan__Unit *td_rows_unit(struct td_arena *a, char *code, char *name,
                            const char *level)
{
  Tiepdan__Unit *u;

  if (code == NULL)
    return NULL;
  u = td_arena_alloc(a, sizeof(*u));
  tiepdan__unit__init(u);
  u->code = code;
  u->name = name;
  u->level = (char *)level;
  return u;
}

static int counted(const struct td_db *db, int rc)
{
  if (rc != 0)
    return TD_EUNAVAIL;
  if (db->queries != NULL)
    (*db->queries)++;
  if (db->sent != NULL)
    *db->sent = 1;
  return 0;
}

int td_rows_send(const struct td_db *db, const char *sql, int n,
                 const char *const *params, td_pool_cb on_result, void *call)
{
  return counted(db, db->pool == NULL || td_pool_query(db->pool, sql, n, params,
                                                       on_result, call) != 0);
}

int td_rows_send_custom(const struct td_db *db, const char *sql, int n,
                        const char *const *params, td_pool_cb on_result,
                        void *call)
{
  return counted(db, db->pool == NULL ||
                         td_pool_query_custom(db->pool, sql, n, params,
                                              on_result, call) != 0);
}

/* Notices are not for the operator's screen. */
static void quiet(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

PGconn *td_db_connect_blocking(const char *conninfo, char *err, size_t errlen)
{
  PGconn *pg = PQconnectdb(conninfo);
  size_t n;

  if (PQstatus(pg) != CONNECTION_OK) {
    snprintf(err, errlen, "cannot connect to the database: %s",
             PQerrorMessage(pg));
    /* libpq's messages end with a newline; the operator's line has its own. */
    n = strlen(err);
    while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
      err[--n] = '\0';
    PQfinish(pg);
    return NULL;
  }
  PQsetNoticeProcessor(pg, quiet, NULL);
  return pg;
}
