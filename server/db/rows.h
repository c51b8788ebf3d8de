/*
 * Reading rows and writing parameters, shared by the statements of db/:
 * text columns into the arena, numbers, booleans and days, PostgreSQL array
 * literals, and the classification of a result into 0 or a TD_E* code.
 * Internal to db/.
 */
#ifndef TD_DB_ROWS_H
#define TD_DB_ROWS_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/deadline.h"
#include "tiepdan.pb-c.h"

/* 0 for a result with rows (PGRES_TUPLES_OK, or COMMAND_OK when
 * command_ok), TD_EUNAVAIL for a lost connection or a retryable failure
 * (logged as a warning), else TD_EINTERNAL (logged as an error). what names
 * the statement in the log. */
int td_rows_status(const PGresult *res, const char *what, int command_ok);

/* A text column copied into the arena, or NULL for SQL NULL or a column
 * that is not there (col < 0). */
char *td_rows_str(struct td_arena *a, const PGresult *r, int row, int col);
/* 1 and *out set if the column holds a number, else 0. */
int td_rows_i64(const PGresult *r, int row, int col, int64_t *out);
int td_rows_u32(const PGresult *r, int row, int col, uint32_t *out);
/* The named column as a count; 0 for NULL or missing. */
uint64_t td_rows_u64(const PGresult *r, int row, const char *name);
/* 1 for "t". */
int td_rows_bool(const PGresult *r, int row, int col);
/* A date column; TD_DAY_NONE for NULL. */
td_day td_rows_day(const PGresult *r, int row, int col);

/* Parameters, in the arena: a number, a day (NULL for TD_DAY_NONE). */
char *td_rows_int(struct td_arena *a, int64_t v);
char *td_rows_date(struct td_arena *a, td_day d);

/* A PostgreSQL array literal built element by element, in linear time. */
struct td_array_lit {
  char *p;
  size_t len;
  size_t cap;
};
/* s NULL adds an SQL NULL. */
void td_array_add(struct td_array_lit *b, const char *s);
void td_array_add_int(struct td_array_lit *b, int64_t v);
/* Closes the literal ("{}" when empty) and moves it into the arena. */
char *td_array_finish(struct td_arena *a, struct td_array_lit *b);

/* Index of s in names[0..n), or -1: how a function's verdict becomes an
 * enum (logged as an error when unknown). */
int td_rows_verdict(const char *const *names, int n, const char *s,
                    const char *what);

/*
 * What a result says before its rows, for statements that may carry a
 * scope_id column (a unit filter resolved in the caller's area) and a result
 * column (an SQL function's verdict, one of names[0..n)): *scope_found (1
 * without the column), *verdict (-1 without the column). Returns 0, the
 * result's error (td_rows_status), or TD_EINTERNAL for a verdict that is not
 * one of names or not on exactly one row.
 */
int td_rows_head(const PGresult *res, const char *what,
                 const char *const *names, int n, int *scope_found,
                 int *verdict);

/* A Unit message in the arena, or NULL when code is NULL. */
Tiepdan__Unit *td_rows_unit(struct td_arena *a, char *code, char *name,
                            const char *level);

struct td_petition_row;
struct td_event_row;
/* Maps rows of td_petition_v (or results with its columns) into the arena;
 * with skip_null, rows whose id is NULL (a scope row) are left out.
 * Defined in db/petition.c. */
void td_rows_petitions(struct td_arena *a, const PGresult *res, int skip_null,
                       struct td_petition_row **rows, int *n);
/* The same for the rows numbered which[0..n), in that order. */
void td_rows_petitions_pick(struct td_arena *a, const PGresult *res,
                            const int *which, int n,
                            struct td_petition_row **rows);

/* An event from columns 0..10 in the order of the history statement: seq,
 * petition, at, actor, role, action, from, to, note, changes,
 * changes_public; note and changes are sealed (struct td_event_row).
 * Defined in db/lifecycle.c. */
void td_rows_event(struct td_arena *a, const PGresult *res, int i,
                   struct td_event_row *out);

/* Sends sql (a static string: the pool prepares it once per connection)
 * through the pool on behalf of db, counting it. Returns 0 or TD_EUNAVAIL. */
int td_rows_send(const struct td_db *db, const char *sql, int n,
                 const char *const *params, td_pool_cb on_result, void *call);
/* As td_rows_send, for a statement planned for its values on every call
 * (td_pool_query_custom). */
int td_rows_send_custom(const struct td_db *db, const char *sql, int n,
                        const char *const *params, td_pool_cb on_result,
                        void *call);

#endif
