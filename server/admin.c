/* Offline administration; see admin.h. */
#include "admin.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/tls.h"

/* Any fixed number: the key of the advisory lock migrators share. */
#define MIGRATE_LOCK 7448213

/* Migrations say "already exists, skipping" and the like; not for the
 * operator's screen. */
static void quiet(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

static PGconn *connect_db(const char *conninfo, char *err, size_t errlen)
{
  PGconn *pg = PQconnectdb(conninfo);

  if (PQstatus(pg) != CONNECTION_OK) {
    snprintf(err, errlen, "cannot connect to the database: %s",
             PQerrorMessage(pg));
    PQfinish(pg);
    return NULL;
  }
  PQsetNoticeProcessor(pg, quiet, NULL);
  return pg;
}

static int exec_ok(PGconn *pg, const char *sql, char *err, size_t errlen)
{
  PGresult *r = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(r);
  int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

  if (!ok)
    snprintf(err, errlen, "%s", PQresultErrorMessage(r));
  PQclear(r);
  return ok ? 0 : -1;
}

static char *read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;

  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0) {
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
      free(buf);
      buf = NULL;
    } else if (buf != NULL) {
      buf[n] = '\0';
    }
  }
  fclose(f);
  return buf;
}

static int is_migration(const struct dirent *d)
{
  const char *n = d->d_name;
  size_t len = strlen(n);

  return len > 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' && n[1] <= '9' &&
         n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
         strcmp(n + len - 4, ".sql") == 0;
}

static int applied(PGconn *pg, int version)
{
  char v[16];
  const char *params[1] = {v};
  PGresult *r;
  int found;

  snprintf(v, sizeof(v), "%d", version);
  r = PQexecParams(pg, "SELECT 1 FROM schema_migrations WHERE version = $1", 1,
                   NULL, params, NULL, NULL, 0);
  found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  PQclear(r);
  return found;
}

static int apply_one(PGconn *pg, const char *dir, const char *file, char *err,
                     size_t errlen)
{
  char path[4096];
  char v[16];
  char why[1024];
  const char *params[2] = {v, file};
  PGresult *r;
  char *sql;
  int rc;

  snprintf(path, sizeof(path), "%s/%s", dir, file);
  snprintf(v, sizeof(v), "%d", atoi(file));
  sql = read_file(path);
  if (sql == NULL) {
    snprintf(err, errlen, "cannot read %s", path);
    return -1;
  }
  rc = exec_ok(pg, "BEGIN", why, sizeof(why));
  if (rc == 0)
    rc = exec_ok(pg, sql, why, sizeof(why));
  free(sql);
  if (rc == 0) {
    r = PQexecParams(pg,
                     "INSERT INTO schema_migrations (version, name) "
                     "VALUES ($1, $2)",
                     2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      snprintf(why, sizeof(why), "%s", PQresultErrorMessage(r));
      rc = -1;
    }
    PQclear(r);
  }
  if (rc == 0)
    rc = exec_ok(pg, "COMMIT", why, sizeof(why));
  if (rc != 0) {
    PQclear(PQexec(pg, "ROLLBACK"));
    snprintf(err, errlen, "%s: %s", file, why);
    return -1;
  }
  printf("applied %s\n", file);
  return 0;
}

int td_admin_migrate(const char *conninfo, const char *sql_dir, char *err,
                     size_t errlen)
{
  struct dirent **list = NULL;
  char lock[64];
  PGconn *pg;
  int n;
  int i;
  int rc = 0;
  int count = 0;

  n = scandir(sql_dir, &list, is_migration, alphasort);
  if (n < 0) {
    snprintf(err, errlen, "cannot read migrations in %s", sql_dir);
    return -1;
  }
  pg = connect_db(conninfo, err, errlen);
  if (pg == NULL)
    rc = -1;
  snprintf(lock, sizeof(lock), "SELECT pg_advisory_lock(%d)", MIGRATE_LOCK);
  if (rc == 0)
    rc = exec_ok(pg, lock, err, errlen);
  if (rc == 0)
    rc = exec_ok(pg,
                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version integer PRIMARY KEY,"
                 " name text NOT NULL,"
                 " applied_at timestamptz NOT NULL DEFAULT now())",
                 err, errlen);
  for (i = 0; rc == 0 && i < n; i++) {
    if (applied(pg, atoi(list[i]->d_name)))
      continue;
    rc = apply_one(pg, sql_dir, list[i]->d_name, err, errlen);
    count += rc == 0;
  }
  if (rc == 0)
    printf("schema up to date (%d migration%s applied now)\n", count,
           count == 1 ? "" : "s");
  for (i = 0; i < n; i++)
    free(list[i]);
  free(list);
  PQfinish(pg);
  return rc;
}

static X509 *load_cert(const char *path)
{
  FILE *f = fopen(path, "r");
  X509 *x;

  if (f == NULL)
    return NULL;
  x = PEM_read_X509(f, NULL, NULL, NULL);
  fclose(f);
  return x;
}

int td_admin_add_principal(const char *conninfo, const char *cert_file,
                           const char *role, const char *unit_code,
                           const char *name, char *err, size_t errlen)
{
  char fp[65];
  char cn[256];
  const char *params[4];
  PGresult *r;
  PGconn *pg;
  X509 *x;
  int rc = -1;

  x = load_cert(cert_file);
  if (x == NULL || td_tls_fingerprint(x, fp) != 0) {
    snprintf(err, errlen, "%s: not a PEM certificate", cert_file);
    X509_free(x);
    return -1;
  }
  cn[0] = '\0';
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn,
                            sizeof(cn));
  X509_free(x);
  if (name == NULL)
    name = cn[0] ? cn : cert_file;
  pg = connect_db(conninfo, err, errlen);
  if (pg == NULL)
    return -1;
  params[0] = fp;
  params[1] = name;
  params[2] = role;
  params[3] = unit_code;
  r = PQexecParams(pg,
                   "INSERT INTO principals (cert_sha256, name, role, unit_id)"
                   " SELECT $1, $2, $3, td_unit_by_code($4)"
                   "  WHERE td_unit_by_code($4) IS NOT NULL"
                   " ON CONFLICT (cert_sha256) DO UPDATE"
                   "   SET name = excluded.name, role = excluded.role,"
                   "       unit_id = excluded.unit_id, revoked_at = NULL"
                   " RETURNING id",
                   4, NULL, params, NULL, NULL, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    snprintf(err, errlen, "%s", PQresultErrorMessage(r));
  else if (PQntuples(r) != 1)
    snprintf(err, errlen, "no unit exists today with code %s", unit_code);
  else {
    printf("principal %s: \"%s\" %s of unit %s (sha256 %s)\n",
           PQgetvalue(r, 0, 0), name, role, unit_code, fp);
    rc = 0;
  }
  PQclear(r);
  PQfinish(pg);
  return rc;
}
