/* The outbox's store (SQLite); see store.h. */
#include "outbox/store.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lang/lang.h"

/* The store's format; a newer one is refused rather than misread. 2: an
 * entry names the process that holds it (entries.holder). */
#define TD_OUTBOX_FORMAT 2

struct td_outbox {
  sqlite3 *db;
  sqlite3_stmt *row; /* The statement whose row td_outbox_next/get returned. */
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta ("
    "  name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS entries ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  created_at INTEGER NOT NULL,"
    "  op TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  key TEXT NOT NULL UNIQUE,"
    "  request BLOB NOT NULL,"
    "  sealed INTEGER NOT NULL DEFAULT 0,"
    "  label TEXT NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_try INTEGER NOT NULL DEFAULT 0,"
    "  next_try INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    /* 0: refused while the officer watched, so it holds back nothing the
     * officer does next on its petition. */
    "  blocking INTEGER NOT NULL DEFAULT 1,"
    /* The process id of the command that holds the entry (next_try in
     * the future because it is sending it itself); 0 none. */
    "  holder INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS entries_target ON entries (target, seq);"
    /* What the officer dropped: when, what, why. */
    "CREATE TABLE IF NOT EXISTS journal ("
    "  at INTEGER NOT NULL, op TEXT NOT NULL, target TEXT NOT NULL,"
    "  label TEXT NOT NULL, why TEXT NOT NULL);"
    /* Receipt numbers leased to this workstation, next..last still free. */
    "CREATE TABLE IF NOT EXISTS leases ("
    "  prefix TEXT NOT NULL, year INTEGER NOT NULL,"
    "  next INTEGER NOT NULL, last INTEGER NOT NULL,"
    "  PRIMARY KEY (prefix, year, next));";

static int db_fail(struct td_outbox *ob, const char *what, char *err,
                   size_t errlen)
{
  snprintf(err, errlen, _("outbox: %s: %s"), what, sqlite3_errmsg(ob->db));
  return TD_OUTBOX_ERR;
}

static int exec(struct td_outbox *ob, const char *sql, char *err, size_t errlen)
{
  char *msg = NULL;

  if (sqlite3_exec(ob->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(err, errlen, _("outbox: %s"), msg ? msg : "?");
    sqlite3_free(msg);
    return TD_OUTBOX_ERR;
  }
  return 0;
}

/* mkdir -p of path's folder, each made 0700. */
static int make_folder(const char *path, char *err, size_t errlen)
{
  char dir[4096];
  char *p;
  size_t n = strlen(path);

  if (n >= sizeof(dir)) {
    snprintf(err, errlen, _("outbox: the path is too long: %s"), path);
    return TD_OUTBOX_ERR;
  }
  memcpy(dir, path, n + 1);
  p = strrchr(dir, '/');
  if (p == NULL || p == dir)
    return 0;
  *p = '\0';
  for (p = dir + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
      goto fail;
    *p = '/';
  }
  if (mkdir(dir, 0700) != 0 && errno != EEXIST)
    goto fail;
  return 0;
fail:
  snprintf(err, errlen, _("outbox: cannot make the folder %s: %s"), dir,
           strerror(errno));
  return TD_OUTBOX_ERR;
}

/* Moves path and its WAL and shared-memory files aside, under a name
 * no earlier copy has: two damaged outboxes found in the same second must
 * not overwrite each other. */
static void move_aside(const char *path, char *aside, size_t asidelen)
{
  static const char *const tails[] = {"", "-wal", "-shm"};
  char stamp[48], base[4200], from[4300], to[4300];
  time_t now = time(NULL);
  struct tm tm;
  size_t i, len;
  int n;

  localtime_r(&now, &tm);
  len = strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
  snprintf(base, sizeof(base), "%s.damaged-%s", path, stamp);
  for (n = 2; n < 1000 && access(base, F_OK) == 0; n++) {
    snprintf(stamp + len, sizeof(stamp) - len, "-%d", n);
    snprintf(base, sizeof(base), "%s.damaged-%s", path, stamp);
  }
  for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
    snprintf(from, sizeof(from), "%s%s", path, tails[i]);
    snprintf(to, sizeof(to), "%s%s", base, tails[i]);
    (void)rename(from, to);
  }
  snprintf(aside, asidelen, "%s", base);
}

/* Whether path exists with nothing in it, nor in its WAL. SQLite writes
 * the first page of a new outbox as soon as it is opened (switching to
 * WAL), so an empty file is one cut to nothing, not a new one: opened as
 * it is, it would silently become a new, empty outbox. */
static int emptied(const char *path)
{
  static const char tail[] = "-wal";
  char wal[4200];
  struct stat st;

  if (stat(path, &st) != 0 || st.st_size != 0)
    return 0;
  snprintf(wal, sizeof(wal), "%s%s", path, tail);
  return stat(wal, &st) != 0 || st.st_size == 0;
}

/* Whether the open database reads as sound: a database, of a format we
 * know, passing quick_check. */
static int sound(struct td_outbox *ob, char *err, size_t errlen)
{
  sqlite3_stmt *st = NULL;
  int rc, ok = 0;

  rc = sqlite3_prepare_v2(ob->db, "PRAGMA quick_check", -1, &st, NULL);
  if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *r = sqlite3_column_text(st, 0);
    ok = r != NULL && strcmp((const char *)r, "ok") == 0;
    if (!ok)
      snprintf(err, errlen, _("outbox: damaged: %s"),
               r ? (const char *)r : "?");
  } else {
    snprintf(err, errlen, _("outbox: damaged: %s"), sqlite3_errmsg(ob->db));
  }
  sqlite3_finalize(st);
  return ok;
}

/*
 * td_alive(pid) in SQL: 1 while the process pid runs (or cannot be told
 * dead), 0 once it has ended. A command killed while it held an entry
 * leaves a hold behind (next_try in the future); once its process is gone
 * the entry is sent by the next one that looks, not after the hold ran
 * out. A pid reused meanwhile only makes it wait for the hold, as before.
 */
static void sql_alive(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sqlite3_int64 pid = sqlite3_value_int64(argv[0]);
  int alive = 1;

  (void)argc;
  if (pid > 0 && pid != (sqlite3_int64)getpid() && kill((pid_t)pid, 0) != 0 &&
      errno == ESRCH)
    alive = 0;
  sqlite3_result_int(ctx, alive);
}

int td_outbox_open(const char *path, struct td_outbox **out, char *aside,
                   size_t asidelen, char *err, size_t errlen)
{
  struct td_outbox *ob;
  struct stat st;
  mode_t old;
  int fd, version = 0;
  sqlite3_stmt *s = NULL;

  *out = NULL;
  if (aside && asidelen)
    aside[0] = '\0';
  if (make_folder(path, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (emptied(path)) {
    snprintf(err, errlen, _("outbox: damaged: %s"),
             _("the file is empty: it was cut short"));
    move_aside(path, aside, asidelen);
    return TD_OUTBOX_DAMAGED;
  }
  /* Made by its owner for its owner, before SQLite writes a byte into it;
   * SQLite gives the WAL the database file's permissions. */
  old = umask(077);
  fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  umask(old);
  if (fd < 0) {
    snprintf(err, errlen, _("outbox: cannot open %s: %s"), path,
             strerror(errno));
    return TD_OUTBOX_ERR;
  }
  if (fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
    close(fd);
    snprintf(err, errlen, _("outbox: %s belongs to another user"), path);
    return TD_OUTBOX_ERR;
  }
  if ((st.st_mode & 077) != 0 && fchmod(fd, 0600) != 0) {
    close(fd);
    snprintf(err, errlen, _("outbox: cannot make %s private: %s"), path,
             strerror(errno));
    return TD_OUTBOX_ERR;
  }
  close(fd);

  ob = calloc(1, sizeof(*ob));
  if (ob == NULL) {
    snprintf(err, errlen, "%s", _("out of memory"));
    return TD_OUTBOX_ERR;
  }
  if (sqlite3_open_v2(path, &ob->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    db_fail(ob, path, err, errlen);
    sqlite3_close(ob->db);
    free(ob);
    return TD_OUTBOX_ERR;
  }
  sqlite3_busy_timeout(ob->db, 5000);
  /* A file that is not a database fails here (SQLITE_NOTADB), a damaged
   * one at quick_check. */
  if (!sound(ob, err, errlen)) {
    sqlite3_close(ob->db);
    free(ob);
    move_aside(path, aside, asidelen);
    return TD_OUTBOX_DAMAGED;
  }
  if (exec(ob,
           "PRAGMA journal_mode = WAL;"
           "PRAGMA synchronous = FULL;"
           "PRAGMA secure_delete = ON;",
           err, errlen) != 0)
    goto fail;
  if (sqlite3_prepare_v2(ob->db, "PRAGMA user_version", -1, &s, NULL) ==
          SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  if (version > TD_OUTBOX_FORMAT) {
    snprintf(err, errlen,
             _("outbox: %s was written by a newer tiepdan (format %d); "
               "update this one"),
             path, version);
    goto fail;
  }
  if (sqlite3_create_function(ob->db, "td_alive", 1, SQLITE_UTF8, NULL,
                              sql_alive, NULL, NULL) != SQLITE_OK) {
    db_fail(ob, "td_alive", err, errlen);
    goto fail;
  }
  if (exec(ob, "BEGIN IMMEDIATE", err, errlen) != 0 ||
      exec(ob, SCHEMA, err, errlen) != 0 ||
      (version == 1 &&
       exec(ob,
            "ALTER TABLE entries ADD COLUMN holder INTEGER NOT NULL "
            "DEFAULT 0",
            err, errlen) != 0) ||
      exec(ob, "PRAGMA user_version = 2; COMMIT", err, errlen) != 0) {
    td_outbox_rollback(ob);
    goto fail;
  }
  *out = ob;
  return 0;
fail:
  sqlite3_close(ob->db);
  free(ob);
  return TD_OUTBOX_ERR;
}

static void row_done(struct td_outbox *ob)
{
  if (ob->row) {
    sqlite3_finalize(ob->row);
    ob->row = NULL;
  }
}

void td_outbox_close(struct td_outbox *ob)
{
  if (ob == NULL)
    return;
  row_done(ob);
  /* Erased entries were zeroed in the database (secure_delete); their
   * pages may still sit in the WAL until it is checkpointed and cut. */
  sqlite3_exec(ob->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close(ob->db);
  free(ob);
}

int td_outbox_begin(struct td_outbox *ob, char *err, size_t errlen)
{
  row_done(ob);
  return exec(ob, "BEGIN IMMEDIATE", err, errlen);
}

int td_outbox_commit(struct td_outbox *ob, char *err, size_t errlen)
{
  return exec(ob, "COMMIT", err, errlen);
}

void td_outbox_rollback(struct td_outbox *ob)
{
  sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Prepares sql into *st, or fails naming what. */
static int prepare(struct td_outbox *ob, const char *sql, sqlite3_stmt **st,
                   char *err, size_t errlen)
{
  if (sqlite3_prepare_v2(ob->db, sql, -1, st, NULL) != SQLITE_OK)
    return db_fail(ob, sql, err, errlen);
  return 0;
}

/* Steps a statement that returns no row, then finalizes it. */
static int step_done(struct td_outbox *ob, sqlite3_stmt *st, const char *what,
                     char *err, size_t errlen)
{
  int rc = sqlite3_step(st);

  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return db_fail(ob, what, err, errlen);
  return 0;
}

int td_outbox_add(struct td_outbox *ob, const struct td_outbox_entry *e,
                  int64_t now, int64_t *seq, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob,
              "INSERT INTO entries (created_at, op, target, key, request, "
              "sealed, label) VALUES (?, ?, ?, ?, ?, ?, ?)",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, now);
  sqlite3_bind_text(st, 2, e->op, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, e->target ? e->target : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, e->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 5, e->request, (int)e->request_len, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 6, e->sealed != 0);
  sqlite3_bind_text(st, 7, e->label ? e->label : "", -1, SQLITE_TRANSIENT);
  if (step_done(ob, st, "add", err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (seq)
    *seq = sqlite3_last_insert_rowid(ob->db);
  return 0;
}

int td_outbox_blocked(struct td_outbox *ob, int64_t seq, int64_t held_after,
                      char *err, size_t errlen)
{
  sqlite3_stmt *st;
  int rc;

  row_done(ob);
  if (prepare(
          ob,
          "SELECT coalesce(min(CASE WHEN b.state = 0 AND b.next_try > ?"
          "                          AND (b.holder = 0 OR td_alive(b.holder))"
          "                         THEN 2 ELSE 1 END), 0)"
          "  FROM entries e JOIN entries b"
          "    ON b.target = e.target AND b.target <> ''"
          "   AND b.seq < e.seq AND b.blocking = 1 WHERE e.seq = ?",
          &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, held_after);
  sqlite3_bind_int64(st, 2, seq);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    rc = sqlite3_column_int(st, 0);
  else
    rc = db_fail(ob, "blocked", err, errlen);
  sqlite3_finalize(st);
  return rc;
}

int td_outbox_by_key(struct td_outbox *ob, const char *key, int64_t *seq,
                     char *err, size_t errlen)
{
  sqlite3_stmt *st;
  int rc;

  row_done(ob);
  if (prepare(ob, "SELECT seq FROM entries WHERE key = ?", &st, err, errlen) !=
      0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *seq = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW)
    return 0;
  if (rc != SQLITE_DONE)
    return db_fail(ob, "by key", err, errlen);
  return TD_OUTBOX_NONE;
}

#define ENTRY_COLUMNS                                                          \
  "seq, created_at, op, target, key, request, sealed, label, state, "          \
  "attempts, last_try, next_try, last_error"

static void read_entry(sqlite3_stmt *st, struct td_outbox_entry *e)
{
  memset(e, 0, sizeof(*e));
  e->seq = sqlite3_column_int64(st, 0);
  e->created_at = sqlite3_column_int64(st, 1);
  e->op = (const char *)sqlite3_column_text(st, 2);
  e->target = (const char *)sqlite3_column_text(st, 3);
  e->key = (const char *)sqlite3_column_text(st, 4);
  e->request = sqlite3_column_blob(st, 5);
  e->request_len = (size_t)sqlite3_column_bytes(st, 5);
  e->sealed = sqlite3_column_int(st, 6);
  e->label = (const char *)sqlite3_column_text(st, 7);
  e->state = (enum td_outbox_state)sqlite3_column_int(st, 8);
  e->attempts = sqlite3_column_int(st, 9);
  e->last_try = sqlite3_column_int64(st, 10);
  e->next_try = sqlite3_column_int64(st, 11);
  e->last_error = (const char *)sqlite3_column_text(st, 12);
}

int td_outbox_each(struct td_outbox *ob, td_outbox_each_cb cb, void *arg,
                   char *err, size_t errlen)
{
  sqlite3_stmt *st;
  struct td_outbox_entry e;
  int rc;

  row_done(ob);
  if (prepare(ob, "SELECT " ENTRY_COLUMNS " FROM entries ORDER BY seq", &st,
              err, errlen) != 0)
    return TD_OUTBOX_ERR;
  for (;;) {
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
      break;
    read_entry(st, &e);
    if (cb(arg, &e) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return db_fail(ob, "list", err, errlen);
  return 0;
}

/* One integer from sql, with up to one integer parameter. */
static int one_int(struct td_outbox *ob, const char *sql, int has_param,
                   int64_t param, int64_t *n, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  int rc;

  row_done(ob);
  if (prepare(ob, sql, &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (has_param)
    sqlite3_bind_int64(st, 1, param);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW)
    return db_fail(ob, "count", err, errlen);
  return 0;
}

int td_outbox_count(struct td_outbox *ob, int64_t *n, char *err, size_t errlen)
{
  return one_int(ob, "SELECT count(*) FROM entries", 0, 0, n, err, errlen);
}

/* Keeps the statement of a found row in ob->row, so e's strings live. */
static int found_row(struct td_outbox *ob, sqlite3_stmt *st,
                     struct td_outbox_entry *e, char *err, size_t errlen)
{
  int rc = sqlite3_step(st);

  if (rc == SQLITE_ROW) {
    ob->row = st;
    read_entry(st, e);
    return 0;
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE)
    return TD_OUTBOX_NONE;
  return db_fail(ob, "read", err, errlen);
}

int td_outbox_next(struct td_outbox *ob, int64_t now, struct td_outbox_entry *e,
                   char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob,
              "SELECT " ENTRY_COLUMNS " FROM entries e"
              " WHERE e.state = 0"
              "   AND (e.next_try <= ?"
              "        OR (e.holder <> 0 AND NOT td_alive(e.holder)))"
              "   AND NOT EXISTS (SELECT 1 FROM entries b"
              "                    WHERE b.target = e.target AND b.target <> ''"
              "                      AND b.seq < e.seq AND b.blocking = 1)"
              " ORDER BY e.seq LIMIT 1",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, now);
  return found_row(ob, st, e, err, errlen);
}

int td_outbox_get(struct td_outbox *ob, int64_t seq, struct td_outbox_entry *e,
                  char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob, "SELECT " ENTRY_COLUMNS " FROM entries WHERE seq = ?", &st,
              err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, seq);
  return found_row(ob, st, e, err, errlen);
}

int td_outbox_acked(struct td_outbox *ob, int64_t seq, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob, "DELETE FROM entries WHERE seq = ?", &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, seq);
  return step_done(ob, st, "acked", err, errlen);
}

/* The wait before try number attempts + 1: 1 s, doubling, at most 300 s. */
static int64_t backoff(int attempts)
{
  int64_t wait = 1;

  while (attempts-- > 1 && wait < 300)
    wait *= 2;
  return wait < 300 ? wait : 300;
}

int td_outbox_failed(struct td_outbox *ob, int64_t seq, int64_t now,
                     enum td_outbox_state state, const char *why, char *err,
                     size_t errlen)
{
  sqlite3_stmt *st;
  int64_t attempts;

  if (one_int(ob, "SELECT attempts FROM entries WHERE seq = ?", 1, seq,
              &attempts, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (prepare(ob,
              "UPDATE entries SET state = ?, attempts = attempts + 1,"
              " last_try = ?, next_try = ?, last_error = ?, holder = 0"
              " WHERE seq = ?",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int(st, 1, (int)state);
  sqlite3_bind_int64(st, 2, now);
  sqlite3_bind_int64(st, 3, now + backoff((int)attempts + 1));
  if (why)
    sqlite3_bind_text(st, 4, why, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, 4);
  sqlite3_bind_int64(st, 5, seq);
  return step_done(ob, st, "failed", err, errlen);
}

int td_outbox_retry(struct td_outbox *ob, int64_t seq, const uint8_t *request,
                    size_t request_len, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob,
              "UPDATE entries SET state = 0, next_try = 0, holder = 0,"
              " request = coalesce(?, request) WHERE seq = ?",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (request)
    sqlite3_bind_blob(st, 1, request, (int)request_len, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, 1);
  sqlite3_bind_int64(st, 2, seq);
  if (step_done(ob, st, "retry", err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (sqlite3_changes(ob->db) == 0)
    return TD_OUTBOX_NONE;
  return 0;
}

/* One UPDATE of entry seq with an integer or blob value. */
static int update_one(struct td_outbox *ob, const char *sql, int64_t seq,
                      int64_t v, const char *what, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob, sql, &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, v);
  sqlite3_bind_int64(st, 2, seq);
  if (step_done(ob, st, what, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (sqlite3_changes(ob->db) == 0)
    return TD_OUTBOX_NONE;
  return 0;
}

int td_outbox_hold(struct td_outbox *ob, int64_t seq, int64_t next_try,
                   char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob, "UPDATE entries SET next_try = ?, holder = ? WHERE seq = ?",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int64(st, 1, next_try);
  /* The holder is this process while the hold lasts. */
  sqlite3_bind_int64(st, 2, next_try > 0 ? (sqlite3_int64)getpid() : 0);
  sqlite3_bind_int64(st, 3, seq);
  if (step_done(ob, st, "hold", err, errlen) != 0)
    return TD_OUTBOX_ERR;
  return sqlite3_changes(ob->db) == 0 ? TD_OUTBOX_NONE : 0;
}

int td_outbox_rewrite(struct td_outbox *ob, int64_t seq, const char *target,
                      const uint8_t *request, size_t request_len, char *err,
                      size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob,
              "UPDATE entries SET request = ?, target = coalesce(?, target)"
              " WHERE seq = ?",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_blob(st, 1, request, (int)request_len, SQLITE_TRANSIENT);
  if (target != NULL)
    sqlite3_bind_text(st, 2, target, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, 2);
  sqlite3_bind_int64(st, 3, seq);
  if (step_done(ob, st, "rewrite", err, errlen) != 0)
    return TD_OUTBOX_ERR;
  return sqlite3_changes(ob->db) == 0 ? TD_OUTBOX_NONE : 0;
}

int td_outbox_release(struct td_outbox *ob, int64_t seq, char *err,
                      size_t errlen)
{
  return update_one(ob, "UPDATE entries SET blocking = ? WHERE seq = ?", seq, 0,
                    "release", err, errlen);
}

int td_outbox_drop(struct td_outbox *ob, int64_t seq, int64_t now,
                   const char *why, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  int changed;

  if (td_outbox_begin(ob, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  if (prepare(ob,
              "INSERT INTO journal (at, op, target, label, why)"
              " SELECT ?, op, target, label, ? FROM entries WHERE seq = ?",
              &st, err, errlen) != 0)
    goto fail;
  sqlite3_bind_int64(st, 1, now);
  sqlite3_bind_text(st, 2, why ? why : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, seq);
  if (step_done(ob, st, "drop", err, errlen) != 0)
    goto fail;
  changed = sqlite3_changes(ob->db);
  if (prepare(ob, "DELETE FROM entries WHERE seq = ?", &st, err, errlen) != 0)
    goto fail;
  sqlite3_bind_int64(st, 1, seq);
  if (step_done(ob, st, "drop", err, errlen) != 0)
    goto fail;
  if (td_outbox_commit(ob, err, errlen) != 0)
    goto fail;
  return changed ? 0 : TD_OUTBOX_NONE;
fail:
  td_outbox_rollback(ob);
  return TD_OUTBOX_ERR;
}

char *td_outbox_meta_get(struct td_outbox *ob, const char *name)
{
  sqlite3_stmt *st;
  char *v = NULL;

  row_done(ob);
  if (sqlite3_prepare_v2(ob->db, "SELECT value FROM meta WHERE name = ?", -1,
                         &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    v = t ? strdup((const char *)t) : NULL;
  }
  sqlite3_finalize(st);
  return v;
}

int td_outbox_meta_set(struct td_outbox *ob, const char *name,
                       const char *value, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (prepare(ob,
              "INSERT INTO meta (name, value) VALUES (?, ?)"
              " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
  return step_done(ob, st, "meta", err, errlen);
}

int td_outbox_lease_add(struct td_outbox *ob, const char *prefix, int year,
                        int64_t first, int64_t last, char *err, size_t errlen)
{
  sqlite3_stmt *st;

  row_done(ob);
  if (first < 1 || last < first) {
    snprintf(err, errlen, _("outbox: a lease of no numbers (%lld..%lld)"),
             (long long)first, (long long)last);
    return TD_OUTBOX_ERR;
  }
  if (prepare(
          ob,
          "INSERT INTO leases (prefix, year, next, last) VALUES (?, ?, ?, ?)",
          &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_text(st, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 2, year);
  sqlite3_bind_int64(st, 3, first);
  sqlite3_bind_int64(st, 4, last);
  return step_done(ob, st, "lease", err, errlen);
}

int td_outbox_lease_take(struct td_outbox *ob, int year, char *receipt_no,
                         size_t cap, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  char prefix[64];
  int64_t next, last;
  int rc;

  row_done(ob);
  if (prepare(ob,
              "SELECT prefix, next, last FROM leases WHERE year = ?"
              " ORDER BY next LIMIT 1",
              &st, err, errlen) != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_int(st, 1, year);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TD_OUTBOX_NONE
                             : db_fail(ob, "lease", err, errlen);
  }
  snprintf(prefix, sizeof(prefix), "%s",
           (const char *)sqlite3_column_text(st, 0));
  next = sqlite3_column_int64(st, 1);
  last = sqlite3_column_int64(st, 2);
  sqlite3_finalize(st);
  /* The same form as the server's own numbers (td_submit_petition). */
  snprintf(receipt_no, cap, "%s-%d-%06lld", prefix, year, (long long)next);
  if (next == last)
    rc = prepare(
        ob, "DELETE FROM leases WHERE prefix = ? AND year = ? AND next = ?",
        &st, err, errlen);
  else
    rc = prepare(ob,
                 "UPDATE leases SET next = next + 1"
                 " WHERE prefix = ? AND year = ? AND next = ?",
                 &st, err, errlen);
  if (rc != 0)
    return TD_OUTBOX_ERR;
  sqlite3_bind_text(st, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 2, year);
  sqlite3_bind_int64(st, 3, next);
  return step_done(ob, st, "lease", err, errlen);
}

int td_outbox_lease_clear(struct td_outbox *ob, char *err, size_t errlen)
{
  row_done(ob);
  return exec(ob, "DELETE FROM leases", err, errlen);
}

int td_outbox_lease_left(struct td_outbox *ob, int year, int64_t *n, char *err,
                         size_t errlen)
{
  return one_int(ob,
                 "SELECT coalesce(sum(last - next + 1), 0) FROM leases"
                 " WHERE year = ?",
                 1, year, n, err, errlen);
}
