/*
 * Administration over the wire (the admin role, within its unit): loading a
 * year's public holidays, registering and revoking principals, and recording
 * unit mergers. Loading holidays replaces the year, then recomputes the
 * deadline of every open petition with the new calendar and records each one
 * that moved, with the reason, in its history.
 */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "deadline.h"
#include "handlers.h"
#include "tls.h"
#include "validate.h"
#include "wire.h"

#define HOLIDAYS_MAX 60
#define HOLIDAY_NAME_MAX 200

struct load {
  struct td_recompute_row *rows; /* Open petitions, from the load. */
  size_t nrows;
  struct td_recompute_row *moved; /* Those whose deadline moves. */
  td_day *deadlines;
  size_t nmoved;
};

static void recompute(struct td_req *req);

static int cmp_day(const void *a, const void *b)
{
  td_day x = *(const td_day *)a;
  td_day y = *(const td_day *)b;

  return (x > y) - (x < y);
}

static int check(struct td_req *req, const Tiepdan__LoadHolidays *m)
{
  td_day *days;
  struct td_invalid inv;
  size_t i;
  int y;
  int mo;
  int d;

  if (!m->has_year || m->year < 2000 || m->year > 2100) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "year",
                "year: between 2000 and 2100");
    return -1;
  }
  if (m->n_holidays > HOLIDAYS_MAX) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                "holidays: at most %d days in a year", HOLIDAYS_MAX);
    return -1;
  }
  days = td_arena_alloc(&req->arena, sizeof(*days) * (m->n_holidays + 1));
  for (i = 0; i < m->n_holidays; i++) {
    const Tiepdan__Holiday *h = m->holidays[i];

    if (h->date == NULL || td_day_parse(h->date, &days[i]) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                  "holidays: entry %zu has no valid date (YYYY-MM-DD)", i + 1);
      return -1;
    }
    td_day_to_ymd(days[i], &y, &mo, &d);
    if ((uint32_t)y != m->year) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                  "holidays: %s is not in %u", h->date, m->year);
      return -1;
    }
    if (h->name == NULL || h->name[0] == '\0' ||
        td_text_check("holidays", h->name, HOLIDAY_NAME_MAX, 0, &inv) != 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                  "holidays: %s needs a name", h->date);
      return -1;
    }
  }
  qsort(days, m->n_holidays, sizeof(*days), cmp_day);
  for (i = 1; i < m->n_holidays; i++) {
    if (days[i] == days[i - 1]) {
      char s[11];

      td_day_format(days[i], s);
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "holidays",
                  "holidays: %s is given twice", s);
      return -1;
    }
  }
  return 0;
}

static void reply(struct td_req *req, int64_t recomputed)
{
  const Tiepdan__LoadHolidays *m = req->env->load_holidays;
  Tiepdan__LoadHolidaysReply *r = td_arena_alloc(&req->arena, sizeof(*r));
  Tiepdan__Envelope *env = td_reply_new(req);

  tiepdan__load_holidays_reply__init(r);
  r->has_year = 1;
  r->year = m->year;
  r->has_loaded = 1;
  r->loaded = (uint32_t)m->n_holidays;
  r->has_recomputed = 1;
  r->recomputed = (uint32_t)recomputed;
  env->body_case = TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY;
  env->load_holidays_reply = r;
  td_req_reply(req, env);
}

static void on_stored(struct td_req *req, const struct td_store_result *res)
{
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "storing the new deadlines");
    return;
  }
  if (res->count < 0) {
    /* The calendar changed again meanwhile: compute with the newest. */
    td_restart_with_fresh_calendar(req, recompute);
    return;
  }
  reply(req, res->count);
}

/* Computes every open deadline with the (fresh) cached calendar and stores
 * those that moved. */
static void recompute(struct td_req *req)
{
  const Tiepdan__LoadHolidays *m = req->env->load_holidays;
  const struct td_calendar_cache *cal = req->srv->calendar;
  struct td_calendar days = td_calendar_days(cal);
  struct load *l = req->state;
  char *note;
  size_t i;

  l->nmoved = 0;
  for (i = 0; i < l->nrows; i++) {
    const struct td_recompute_row *r = &l->rows[i];
    const struct td_deadline_rule *rule = td_calendar_rule(cal, r->rule_id);
    struct td_deadline_input in = {r->start, r->remote, r->complex,
                                   r->extensions};
    struct td_deadline d;

    if (rule == NULL || r->start == TD_DAY_NONE ||
        td_deadline_compute(rule, &in, &days, &d) != 0 || d.due == r->deadline)
      continue;
    l->moved[l->nmoved] = *r;
    l->deadlines[l->nmoved++] = d.due;
  }
  if (l->nmoved == 0) {
    reply(req, 0);
    return;
  }
  note = td_arena_alloc(&req->arena, 96);
  snprintf(note, 96, "public holidays of %u reloaded; deadline recomputed",
           m->year);
  if (td_store_recomputed(req, cal->version, note, l->moved, l->deadlines,
                          l->nmoved, on_stored) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE,
                         "storing the new deadlines");
}

static void on_calendar(void *arg, int ok)
{
  struct td_req *req = arg;

  if (!ok) {
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the calendar");
    return;
  }
  recompute(req);
}

static void on_loaded(struct td_req *req, const struct td_store_result *res)
{
  struct load *l;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "loading the holidays");
    return;
  }
  l = td_arena_alloc(&req->arena, sizeof(*l));
  l->rows = res->recompute;
  l->nrows = res->nrecompute;
  l->moved = td_arena_alloc(&req->arena, sizeof(*l->moved) * (l->nrows + 1));
  l->deadlines =
      td_arena_alloc(&req->arena, sizeof(*l->deadlines) * (l->nrows + 1));
  req->state = l;
  if (td_calendar_reload(req->srv, on_calendar, req) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the calendar");
}

void td_handle_load_holidays(struct td_req *req)
{
  if (check(req, req->env->load_holidays) != 0)
    return;
  if (td_store_holidays_load(req, req->env->load_holidays, on_loaded) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "loading the holidays");
}

/* Principals ------------------------------------------------------------- */

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

static void on_added(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__AddPrincipal *m = req->env->add_principal;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "registering the principal");
  } else if (res->outcome != NULL && strcmp(res->outcome, "ok") == 0 &&
             res->nprincipals == 1) {
    reply_principal(req, res->principals[0]);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no unit %s in your area", m->unit_code);
  }
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
  if (td_store_principal_add(req, fp, name, role, m->unit_code, on_added) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE,
                         "registering the principal");
}

static void on_revoked(struct td_req *req, const struct td_store_result *res)
{
  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "revoking the principal");
    return;
  }
  if (res->nprincipals != 1) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__NOT_FOUND, NULL,
                "no principal in your area matches, or it is revoked already");
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

  if (m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_ID && m->id > 0) {
    if (m->id == req->who->id) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                  "you cannot revoke your own certificate; ask another "
                  "administrator");
      return;
    }
    rc = td_store_principal_revoke(req, m->id, NULL, on_revoked);
  } else if (m->key_case == TIEPDAN__REVOKE_PRINCIPAL__KEY_FINGERPRINT &&
             is_fingerprint(m->fingerprint)) {
    if (strcmp(m->fingerprint, req->who->fingerprint) == 0) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "fingerprint",
                  "you cannot revoke your own certificate; ask another "
                  "administrator");
      return;
    }
    rc = td_store_principal_revoke(req, 0, m->fingerprint, on_revoked);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "id",
                "give the principal's id or its certificate's fingerprint "
                "(64 lowercase hex digits)");
    return;
  }
  if (rc != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "revoking the principal");
}

static void on_principals_listed(struct td_req *req,
                                 const struct td_store_result *res)
{
  const Tiepdan__ListPrincipals *m = req->env->list_principals;
  Tiepdan__ListPrincipalsReply *r;
  Tiepdan__Envelope *env;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "listing principals");
    return;
  }
  if (!res->scope_found) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: there is no unit %s in your area", m->unit_code);
    return;
  }
  r = td_arena_alloc(&req->arena, sizeof(*r));
  tiepdan__list_principals_reply__init(r);
  r->n_principals = res->nprincipals;
  r->principals = res->principals;
  env = td_reply_new(req);
  env->body_case = TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS_REPLY;
  env->list_principals_reply = r;
  td_req_reply(req, env);
}

void td_handle_principal_list(struct td_req *req)
{
  const Tiepdan__ListPrincipals *m = req->env->list_principals;
  const char *unit =
      m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;

  if (unit != NULL && !td_code_valid(unit)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "unit_code",
                "unit_code: not a unit code");
    return;
  }
  if (td_store_principal_list(req, unit,
                              m->has_include_revoked && m->include_revoked,
                              on_principals_listed) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "listing principals");
}

/* Merges ------------------------------------------------------------------ */

static void on_merge(struct td_req *req, const struct td_store_result *res)
{
  const Tiepdan__MergeUnits *m = req->env->merge_units;
  const char *o = res->outcome;
  const char *code = res->detail != NULL ? res->detail : "";
  Tiepdan__Envelope *env;

  if (res->status != TD_STORE_OK) {
    td_reply_store_error(req, res->status, "recording the merger");
  } else if (strcmp(o, "ok") == 0) {
    env = td_reply_new(req);
    env->body_case = TIEPDAN__ENVELOPE__BODY_MERGE_UNITS_REPLY;
    env->merge_units_reply = res->merge;
    td_req_reply(req, env);
  } else if (strcmp(o, "unknown_unit") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: there is no unit %s in your area today", code);
  } else if (strcmp(o, "not_a_commune") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: %s is not a commune; only communes merge", code);
  } else if (strcmp(o, "other_province") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: communes merge only within one province, and %s "
                "with the others would not; merge the provinces first",
                code);
  } else if (strcmp(o, "needs_name") == 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "new_name",
                "new_name: the new commune %s needs a name", m->new_code);
  } else {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "on",
                "on: %s existed only from after %s", code, m->on);
  }
}

void td_handle_merge_units(struct td_req *req)
{
  const Tiepdan__MergeUnits *m = req->env->merge_units;
  struct td_invalid inv;
  td_day on;
  size_t i;

  if (m->n_old_codes == 0 || m->n_old_codes > 64) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                "old_codes: the communes that merge (1 to 64)");
    return;
  }
  for (i = 0; i < m->n_old_codes; i++) {
    if (!td_code_valid(m->old_codes[i])) {
      td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "old_codes",
                  "old_codes: entry %zu is not a unit code", i + 1);
      return;
    }
  }
  if (m->new_code == NULL || !td_code_valid(m->new_code)) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "new_code",
                "new_code: the code of the commune they become");
    return;
  }
  if (m->new_name != NULL &&
      td_text_check("new_name", m->new_name, TD_NAME_MAX, 0, &inv) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, inv.field, "%s",
                inv.message);
    return;
  }
  if (m->on == NULL || td_day_parse(m->on, &on) != 0) {
    td_req_fail(req, TIEPDAN__ERROR_CODE__INVALID_ARGUMENT, "on",
                "on: the successor's first day, YYYY-MM-DD");
    return;
  }
  if (td_store_merge(req, m, on_merge) != 0)
    td_reply_store_error(req, TD_STORE_UNAVAILABLE, "recording the merger");
}
