/* Offline administration; see admin.h. */
#include "admin.h"

#include <errno.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/principal.h"
#include "net/tls.h"
#include "wire.h"

/* Reads a PEM certificate; NULL with why in err (a file this user cannot
 * open is not called "not a certificate"). */
static X509 *load_cert(const char *path, char *err, size_t errlen)
{
  FILE *f = fopen(path, "r");
  X509 *x;

  if (f == NULL) {
    snprintf(err, errlen, "%s: %s%s", path, strerror(errno),
             errno == EACCES ? " (run this as a user who may read it)" : "");
    return NULL;
  }
  x = PEM_read_X509(f, NULL, NULL, NULL);
  fclose(f);
  if (x == NULL)
    snprintf(err, errlen, "%s: not a PEM certificate", path);
  return x;
}

int td_admin_add_principal(const char *conninfo, const char *cert_file,
                           const char *role, const char *unit_code,
                           const char *name, char *err, size_t errlen)
{
  char fp[65];
  char cn[256];
  int64_t id = 0;
  PGconn *pg;
  X509 *x;
  int rc;

  if (td_role_parse(role) <= 0) {
    snprintf(err, errlen,
             "--role %s is not a role; give reception, leader, front, "
             "dashboard or admin",
             role);
    return -1;
  }
  x = load_cert(cert_file, err, errlen);
  if (x == NULL)
    return -1;
  if (td_tls_fingerprint(x, fp) != 0) {
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
  pg = td_db_connect_blocking(conninfo, err, errlen);
  if (pg == NULL)
    return -1;
  rc =
      td_db_principal_register(pg, fp, name, role, unit_code, &id, err, errlen);
  if (rc == TD_ENOTFOUND)
    snprintf(err, errlen,
             "no unit exists today with code %s; load the units first: "
             "register an administrator of the nation (--role admin --unit "
             "VN; VN always exists), who runs \"tiepdan admin unit load "
             "FILE\" with the official list or \"tiepdan admin unit add\" "
             "(the demo loads deploy/seed/units.sql with psql)",
             unit_code);
  else if (rc == 0)
    printf("principal %lld: \"%s\" %s of unit %s (sha256 %s)\n", (long long)id,
           name, role, unit_code, fp);
  PQfinish(pg);
  return rc == 0 ? 0 : -1;
}
