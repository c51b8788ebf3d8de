/* Offline administration; see admin.h. */
#include "admin.h"

#include <libpq-fe.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls.h"

/* Notices are not for the operator's screen. */
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
