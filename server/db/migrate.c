/* The schema migrator; see migrate.h. */
#include "db/migrate.h"
#include "db/db.h"

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any fixed number: the key of the advisory lock migrators share. */
#define MIGRATE_LOCK "7448213"
/* The last schema file the migrator of dec2cc3, which kept no checksums,
 * can have recorded. */
#define UNCHECKED_LAST 5

struct sql_file {
  char name[256];
  int version;     /* NNN of a schema file; 0 for a functions file. */
  char sha256[65]; /* Of the content, in hex. */
  char *text;      /* The content, owned, NUL-terminated. */
  int recorded;    /* A schema file already in schema_migrations. */
  int adopt;       /* ... recorded without a checksum, before they were kept. */
  char old_name[256]; /* The name it was recorded under, if adopted. */
};

struct file_list {
  struct sql_file *v;
  int n;
};

/* libpq's messages end with a newline; the operator's line adds its own. */
static void copy_message(char *dst, size_t len, const char *msg)
{
  size_t n;

  snprintf(dst, len, "%s", msg);
  n = strlen(dst);
  while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
    dst[--n] = '\0';
}

static int exec_ok(PGconn *pg, const char *sql, char *why, size_t whylen)
{
  PGresult *r = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(r);
  int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

  if (!ok)
    copy_message(why, whylen, PQresultErrorMessage(r));
  PQclear(r);
  return ok ? 0 : -1;
}

/* Runs a parameterised statement that returns no rows. */
static int exec_params(PGconn *pg, const char *sql, int n,
                       const char *const *params, char *why, size_t whylen)
{
  PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

  if (!ok)
    copy_message(why, whylen, PQresultErrorMessage(r));
  PQclear(r);
  return ok ? 0 : -1;
}

/* Files ------------------------------------------------------------------ */

static int schema_version(const char *n)
{
  size_t len = strlen(n);

  if (len <= 8 || strcmp(n + len - 4, ".sql") != 0 || n[3] != '_')
    return -1;
  if (n[0] < '0' || n[0] > '9' || n[1] < '0' || n[1] > '9' || n[2] < '0' ||
      n[2] > '9')
    return -1;
  return (n[0] - '0') * 100 + (n[1] - '0') * 10 + (n[2] - '0');
}

static int is_schema_file(const struct dirent *d)
{
  return schema_version(d->d_name) > 0;
}

static int is_functions_file(const struct dirent *d)
{
  size_t len = strlen(d->d_name);

  return d->d_name[0] != '.' && len > 4 &&
         strcmp(d->d_name + len - 4, ".sql") == 0;
}

/* Reads path whole into *out (malloc'd, NUL-terminated); a NUL byte inside
 * would silently cut the SQL short, so it is refused. */
static int read_text(const char *path, char **out, char *err, size_t errlen)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n = -1;

  if (f != NULL && fseek(f, 0, SEEK_END) == 0)
    n = ftell(f);
  if (n >= 0 && fseek(f, 0, SEEK_SET) == 0)
    buf = malloc((size_t)n + 1);
  if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
    buf[n] = '\0';
    if (strlen(buf) == (size_t)n) {
      fclose(f);
      *out = buf;
      return 0;
    }
    snprintf(err, errlen, "%s contains a NUL byte", path);
  } else {
    snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
  }
  free(buf);
  if (f != NULL)
    fclose(f);
  return -1;
}

static int sha256_hex(const char *text, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  unsigned int i;

  if (EVP_Digest(text, strlen(text), md, &len, EVP_sha256(), NULL) != 1 ||
      len != 32)
    return -1;
  for (i = 0; i < len; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  return 0;
}

static void free_files(struct file_list *l)
{
  int i;

  for (i = 0; i < l->n; i++)
    free(l->v[i].text);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static int load_file(const char *dir, const char *name, int version,
                     struct sql_file *f, char *err, size_t errlen)
{
  char path[4096];

  memset(f, 0, sizeof(*f));
  if (snprintf(f->name, sizeof(f->name), "%s", name) >= (int)sizeof(f->name) ||
      snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
    snprintf(err, errlen, "%s/%s: name too long", dir, name);
    return -1;
  }
  f->version = version;
  if (read_text(path, &f->text, err, errlen) != 0)
    return -1;
  if (sha256_hex(f->text, f->sha256) != 0) {
    snprintf(err, errlen, "%s: cannot compute its SHA-256", path);
    return -1;
  }
  return 0;
}

/* Reads every file of sql_dir/sub in the order of their names: the schema
 * files if schema, else the functions files. Two schema files with one
 * number are refused. */
static int load_dir(const char *sql_dir, const char *sub, int schema,
                    struct file_list *out, char *err, size_t errlen)
{
  struct dirent **names = NULL;
  char dir[4096];
  int n;
  int i;
  int rc = 0;

  snprintf(dir, sizeof(dir), "%s/%s", sql_dir, sub);
  n = scandir(dir, &names, schema ? is_schema_file : is_functions_file,
              alphasort);
  if (n < 0) {
    snprintf(err, errlen, "cannot read %s: %s", dir, strerror(errno));
    return -1;
  }
  out->n = 0;
  out->v = calloc((size_t)n + 1, sizeof(*out->v));
  if (out->v == NULL) {
    snprintf(err, errlen, "out of memory");
    rc = -1;
  }
  for (i = 0; rc == 0 && i < n; i++) {
    rc = load_file(dir, names[i]->d_name,
                   schema ? schema_version(names[i]->d_name) : 0, &out->v[i],
                   err, errlen);
    out->n = i + 1;
    if (rc == 0 && schema && i > 0 &&
        out->v[i].version == out->v[i - 1].version) {
      snprintf(err, errlen, "%s/%s and %s share the number %03d", dir,
               out->v[i - 1].name, out->v[i].name, out->v[i].version);
      rc = -1;
    }
  }
  for (i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

/* What schema_migrations says ----------------------------------------- */

static struct sql_file *by_version(struct file_list *l, int version)
{
  int i;

  for (i = 0; i < l->n; i++)
    if (l->v[i].version == version)
      return &l->v[i];
  return NULL;
}

/* Checks one record against the files: the file must exist and be as it
 * was applied; a record made before checksums were kept is marked for
 * adoption. */
static int check_record(struct file_list *l, int version, const char *name,
                        const char *sha, char *err, size_t errlen)
{
  struct sql_file *f = by_version(l, version);

  if (f == NULL) {
    snprintf(err, errlen,
             "the database has %s applied but schema/ has no file %03d_*.sql:"
             " these SQL files are older than the database",
             name, version);
    return -1;
  }
  f->recorded = 1;
  if (sha == NULL && version <= UNCHECKED_LAST) {
    f->adopt = 1;
    snprintf(f->old_name, sizeof(f->old_name), "%s", name);
    return 0;
  }
  if (sha == NULL || strcmp(sha, f->sha256) != 0 ||
      strcmp(name, f->name) != 0) {
    snprintf(err, errlen,
             "schema/%s has changed since it was applied as %s (sha256 %.12s"
             " then, %.12s now): a released schema file is never edited; "
             "restore it and put the change in a new numbered file",
             f->name, name, sha ? sha : "unrecorded", f->sha256);
    return -1;
  }
  return 0;
}

static int check_records(PGconn *pg, struct file_list *l, char *err,
                         size_t errlen)
{
  PGresult *r = PQexec(pg, "SELECT version, name, sha256"
                           "  FROM schema_migrations ORDER BY version");
  int rc = 0;
  int i;

  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    copy_message(err, errlen, PQresultErrorMessage(r));
    rc = -1;
  }
  for (i = 0; rc == 0 && i < PQntuples(r); i++)
    rc = check_record(
        l, (int)strtol(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1),
        PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2), err, errlen);
  PQclear(r);
  return rc;
}

/* Applying ---------------------------------------------------------------- */

/* Gives a record made before checksums were kept today's name and checksum. */
static int adopt(PGconn *pg, const struct sql_file *f, char *err, size_t errlen)
{
  char v[16];
  const char *params[3] = {v, f->name, f->sha256};
  char why[1024];

  snprintf(v, sizeof(v), "%d", f->version);
  if (exec_params(pg,
                  "UPDATE schema_migrations SET name = $2, sha256 = $3"
                  " WHERE version = $1 AND sha256 IS NULL",
                  3, params, why, sizeof(why)) != 0) {
    snprintf(err, errlen, "%s: %s", f->name, why);
    return -1;
  }
  printf("adopted %s (applied as %s before checksums were kept)\n", f->name,
         f->old_name);
  return 0;
}

static int apply_schema_file(PGconn *pg, const struct sql_file *f, char *err,
                             size_t errlen)
{
  char v[16];
  const char *params[3] = {v, f->name, f->sha256};
  char why[1024];
  int rc;

  snprintf(v, sizeof(v), "%d", f->version);
  rc = exec_ok(pg, "BEGIN", why, sizeof(why));
  if (rc == 0)
    rc = exec_ok(pg, f->text, why, sizeof(why));
  if (rc == 0)
    rc = exec_params(pg,
                     "INSERT INTO schema_migrations (version, name, sha256)"
                     " VALUES ($1, $2, $3)",
                     3, params, why, sizeof(why));
  if (rc == 0)
    rc = exec_ok(pg, "COMMIT", why, sizeof(why));
  if (rc != 0) {
    PQclear(PQexec(pg, "ROLLBACK"));
    snprintf(err, errlen, "schema/%s: %s", f->name, why);
    return -1;
  }
  printf("applied %s\n", f->name);
  return 0;
}

static int apply_schema(PGconn *pg, struct file_list *l, char *err,
                        size_t errlen)
{
  int count = 0;
  int rc = 0;
  int i;

  for (i = 0; rc == 0 && i < l->n; i++)
    if (l->v[i].adopt)
      rc = adopt(pg, &l->v[i], err, errlen);
  for (i = 0; rc == 0 && i < l->n; i++) {
    if (l->v[i].recorded)
      continue;
    rc = apply_schema_file(pg, &l->v[i], err, errlen);
    count += rc == 0;
  }
  if (rc == 0)
    printf("schema up to date (%d migration%s applied now)\n", count,
           count == 1 ? "" : "s");
  return rc;
}

static int apply_functions(PGconn *pg, struct file_list *l, char *err,
                           size_t errlen)
{
  char why[1024];
  int rc;
  int i;

  rc = exec_ok(pg, "BEGIN", why, sizeof(why));
  if (rc != 0)
    snprintf(err, errlen, "%s", why);
  for (i = 0; rc == 0 && i < l->n; i++) {
    rc = exec_ok(pg, l->v[i].text, why, sizeof(why));
    if (rc != 0)
      snprintf(err, errlen, "functions/%s: %s", l->v[i].name, why);
  }
  if (rc == 0 && exec_ok(pg, "COMMIT", why, sizeof(why)) != 0) {
    snprintf(err, errlen, "functions: %s", why);
    rc = -1;
  }
  if (rc != 0) {
    PQclear(PQexec(pg, "ROLLBACK"));
    return -1;
  }
  printf("functions: %d file%s re-applied\n", l->n, l->n == 1 ? "" : "s");
  return 0;
}

/* The table of applied schema files, as dec2cc3 made it plus the checksum
 * column it lacked. */
static int prepare(PGconn *pg, char *err, size_t errlen)
{
  if (exec_ok(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err, errlen) !=
      0)
    return -1;
  return exec_ok(pg,
                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version integer PRIMARY KEY,"
                 " name text NOT NULL,"
                 " applied_at timestamptz NOT NULL DEFAULT now(),"
                 " sha256 text);"
                 "ALTER TABLE schema_migrations"
                 " ADD COLUMN IF NOT EXISTS sha256 text",
                 err, errlen);
}

int td_db_migrate(const char *conninfo, const char *sql_dir, char *err,
                  size_t errlen)
{
  struct file_list schema = {NULL, 0};
  struct file_list functions = {NULL, 0};
  PGconn *pg = NULL;
  int rc;

  rc = load_dir(sql_dir, "schema", 1, &schema, err, errlen);
  if (rc == 0)
    rc = load_dir(sql_dir, "functions", 0, &functions, err, errlen);
  if (rc == 0) {
    pg = td_db_connect_blocking(conninfo, err, errlen);
    if (pg == NULL)
      rc = -1;
  }
  if (rc == 0)
    rc = prepare(pg, err, errlen);
  if (rc == 0)
    rc = check_records(pg, &schema, err, errlen);
  if (rc == 0)
    rc = apply_schema(pg, &schema, err, errlen);
  if (rc == 0)
    rc = apply_functions(pg, &functions, err, errlen);
  PQfinish(pg);
  free_files(&schema);
  free_files(&functions);
  return rc;
}
