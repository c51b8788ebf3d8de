/*
 * Principals over the wire (the admin role, within its unit): registering a
 * certificate for a role and a unit, revoking one, listing them.
 */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <string.h>

#include "db/principal.h"
#include "domain/validate.h"
#include "net/tls.h"
#include "ops/ops.h"
#include "wire.h"

static void reply_principal(struct td_req *req, Tiepdan__Principal *p)
{
  Tiepdan__PrincipalReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__principal_reply__init(r);
  r->principal = p;
  env->body_case = TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY;
  env->principal_reply = r;
  td_req_reply(req, env);
}

/*
 * The refusals are English templates, which the client words in the
 * officer's language (po/vi.po). A unit or a principal outside the caller's
 * area reads exactly as one that does not exist, as a petition's does:
 * INVALID_ARGUMENT naming the unit, NOT_FOUND for a principal to revoke.
 */
static void no_unit(struct td_req *req, const char *code)
{
  td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
              "unit_code: there is no unit %s in your area", code);
}

static void on_added(void *arg, const struct td_principals *res)
{
  struct td_req *req = arg;
  const Tiepdan__AddPrincipal *m = req->env->add_principal;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "registering the principal");
    return;
  }
  switch (res->verdict) {
  case TD_PRINCIPAL_ADD_ADDED:
    reply_principal(req, res->principals[0]);
    return;
  case TD_PRINCIPAL_ADD_UNKNOWN_UNIT:
    no_unit(req, m->unit_code);
    return;
  case TD_PRINCIPAL_ADD_FOREIGN:
    /* The administrator holds the certificate, so saying it is registered
     * elsewhere tells nothing new; NOT_FOUND would only send them looking
     * for a typo. */
    td_req_fail(req, TIEPDAN__ERROR_CODE__PERMISSION_DENIED, "certificate_pem",
                "certificate_pem: this certificate belongs to a principal "
                "outside your area; only that area's administrator may "
                "change it");
    return;
  case TD_PRINCIPAL_ADD_REVOKED:
    td_req_fail(req, TIEPDAN__ERROR_CODE__CONFLICT, "reactivate",
                "certificate_pem: this certificate was revoked; register it "
                "again only to let its holder back in, and say so "
                "(reactivate)");
    return;
  case TD_PRINCIPAL_ADD__COUNT:
    break;
  }
  td_reply_db_error(req, TD_EINTERNAL, "registering the principal");
}

/* The certificate's fingerprint and common name, from its PEM text. */
static int read_certificate(const char *pem, char fp[65], char *cn, size_t n)
{
  BIO *b = BIO_new_mem_buf(pem, -1);
  X509 *x = b != NULL ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
  int rc = -1;

  if (x != NULL && td_tls_fingerprint(x, fp) == 0) {
    cn[0] = '\0';
    X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn,
                              (int)n);
    rc = 0;
  }
  X509_free(x);
  BIO_free(b);
  ERR_clear_error();
  return rc;
}

void td_handle_principal_add(struct td_req *req)
{
  const Tiepdan__AddPrincipal *m = req->env->add_principal;
  struct td_invalid inv;
  const char *role = m->has_role ? td_role_name(m->role) : NULL;
  char *fp = td_arena_alloc(&req->arena, 65);
  char *cn = td_arena_alloc(&req->arena, 256);
  const char *name;

  if (m->certificate_pem == NULL || strlen(m->certificate_pem) > 65536 ||
      read_certificate(m->certificate_pem, fp, cn, 256) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "certificate_pem",
                "certificate_pem: not a PEM certificate");
    return;
  }
  if (role == NULL) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "role",
                "role: reception, leader, front, dashboard or admin");
    return;
  }
  if (m->unit_code == NULL || !td_code_valid(m->unit_code)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: the unit the principal acts for");
    return;
  }
  name = m->name != NULL && m->name[0] ? m->name : cn;
  if (name[0] == '\0' ||
      td_text_check("name", name, TD_NAME_MAX, 0, &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "name",
                "name: give the officer's name (the certificate has none "
                "usable)");
    return;
  }
  if (td_db_principal_add(td_req_db(req), req->who->unit_id, fp, name, role,
                          m->unit_code, m->has_reactivate && m->reactivate,
                          on_added, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "registering the principal");
}

static void on_revoked(void *arg, const struct td_principals *res)
{
  struct td_req *req = arg;

  if (res->err != 0) {
    td_reply_db_error(req, res->err, "revoking the principal");
    return;
  }
  if (res->n != 1) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no principal in your area matches, or it is revoked "
                "already");
    return;
  }
  reply_principal(req, res->principals[0]);
}

static int is_fingerprint(const char *s)
{
  size_t i;

  for (i = 0; s[i] != '\0'; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return 0;
  return i == 64;
}

void td_handle_principal_revoke(struct td_req *req)
{
  const Tiepdan__RevokePrincipal *m = req->env->revoke_principal;
  int rc;

  if (m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_ID && m->id > INT32_MAX) {
    /* Principals' ids are the database's integers: none is that large. */
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                "id: no principal has an id above %d", INT32_MAX);
    return;
  }
  if (m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_ID && m->id > 0) {
    if (m->id == req->who->id) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                  "you cannot revoke your own certificate; ask another "
                  "administrator");
      return;
    }
    rc = td_db_principal_revoke(td_req_db(req), req->who->unit_id, m->id, NULL,
                                on_revoked, req);
  } else if (m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_FINGERPRINT &&
             is_fingerprint(m->fingerprint)) {
    if (strcmp(m->fingerprint, req->who->fingerprint) == 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "fingerprint",
                  "you cannot revoke your own certificate; ask another "
                  "administrator");
      return;
    }
    rc = td_db_principal_revoke(td_req_db(req), req->who->unit_id, 0,
                                m->fingerprint, on_revoked, req);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT,
                m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_FINGERPRINT
                    ? "fingerprint"
                    : "id",
                "give the principal's id or its certificate's fingerprint "
                "(64 lowercase hex digits)");
    return;
  }
  if (rc != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "revoking the principal");
}

static void on_principals_listed(void *arg, const struct td_principals *res)
{
  struct td_req *req = arg;
  const Tiepdan__ListPrincipals *m = req->env->list_principals;
  Tiepdan__ListPrincipalsReply *r;
  Tiepdan__Envelope *env;

  if (res->err == 0 && !res->scope_found) {
    no_unit(req, m->unit_code != NULL ? m->unit_code : "");
    return;
  }
  if (!td_reply_reached(req, res->err, res->scope_found, m->unit_code,
                        "listing principals"))
    return;
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_principals_reply__init(r);
  r->n_principals = res->n;
  r->principals = res->principals;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS_REPLY;
  env->list_principals_reply = r;
  td_req_reply(req, env);
}

void td_handle_principal_list(struct td_req *req)
{
  const Tiepdan__ListPrincipals *m = req->env->list_principals;
  const char *unit;

  if (td_req_unit_asked(req, m->unit_code, &unit) != 0)
    return;
  if (td_db_principal_list(td_req_db(req), req->who->unit_id, unit,
                           m->has_include_revoked && m->include_revoked,
                           on_principals_listed, req) != 0)
    td_reply_db_error(req, TD_EUNAVAIL, "listing principals");
}
