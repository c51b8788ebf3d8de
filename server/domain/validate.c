/* Request validation; see validate.h. */
#include "domain/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int td_invalid_set(struct td_invalid *out, const char *field, const char *fmt,
                   ...)
{
  va_list ap;

  out->field = field;
  va_start(ap, fmt);
  td_tmpl_vformat(&out->tmpl, out->message, sizeof(out->message), fmt, ap);
  va_end(ap);
  return -1;
}

/* A refusal of field whose message is the field's name and msg: msg is a
 * literal starting "%s: ", so that it is the template of the message. */
#define fail(out, field, msg) td_invalid_set(out, field, msg, field)

int td_text_check(const char *field, const char *s, size_t max, int multiline,
                  struct td_invalid *out)
{
  size_t n = strlen(s);
  size_t i;
  unsigned char ch;

  if (n > max) {
    return td_invalid_set(out, field, "%s: %zu bytes is over the limit of %zu",
                          field, n, max);
  }
  if (!td_utf8_valid(s, n))
    return fail(out, field, "%s: not valid UTF-8 text");
  for (i = 0; i < n; i++) {
    ch = (unsigned char)s[i];
    if (ch == '\t' || (multiline && (ch == '\n' || ch == '\r')))
      continue;
    if (ch < 0x20 || ch == 0x7F)
      return fail(out, field, "%s: contains a control character");
  }
  return 0;
}

/* An optional code: absent is fine, present must be well-formed. */
static int check_code(const char *field, const char *s, int required,
                      struct td_invalid *out)
{
  if (s == NULL || *s == '\0')
    return required ? fail(out, field, "%s: is required") : 0;
  if (!td_code_valid(s))
    return fail(out, field, "%s: is not a valid code");
  return 0;
}

static int check_petitioner(const Tiepdan__Petitioner *p,
                            struct td_invalid *out)
{
  size_t i;

  if (p == NULL)
    return 0;
  if (p->name != NULL &&
      td_text_check("petitioner.name", p->name, TD_NAME_MAX, 0, out) != 0)
    return -1;
  if (p->address != NULL && td_text_check("petitioner.address", p->address,
                                          TD_ADDRESS_MAX, 0, out) != 0)
    return -1;
  if (p->contact != NULL && td_text_check("petitioner.contact", p->contact,
                                          TD_CONTACT_MAX, 0, out) != 0)
    return -1;
  if (p->id_number != NULL) {
    if (strlen(p->id_number) > TD_ID_NUMBER_MAX)
      return fail(out, "petitioner.id_number", "%s: is too long");
    for (i = 0; p->id_number[i] != '\0'; i++) {
      char c = p->id_number[i];
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
            (c >= 'a' && c <= 'z')))
        return fail(out, "petitioner.id_number",
                    "%s: may hold only letters and digits");
    }
  }
  return 0;
}

int td_validate_submit(const Tiepdan__SubmitPetition *m, int64_t now,
                       struct td_invalid *out)
{
  if (m->idempotency_key == NULL || *m->idempotency_key == '\0')
    return fail(out, "idempotency_key", "%s: is required");
  if (!td_uuid_valid(m->idempotency_key))
    return fail(out, "idempotency_key", "%s: must be a UUID");
  if (check_code("unit_code", m->unit_code, 0, out) != 0 ||
      check_code("village_code", m->village_code, 0, out) != 0 ||
      check_code("kind", m->kind, 1, out) != 0 ||
      check_code("channel", m->channel, 1, out) != 0 ||
      check_code("field", m->field, 0, out) != 0)
    return -1;
  if (m->has_group_size &&
      (m->group_size < 1 || m->group_size > TD_GROUP_SIZE_MAX))
    return fail(out, "group_size", "%s: must be between 1 and 100000");
  if (check_petitioner(m->petitioner, out) != 0)
    return -1;
  if (m->summary == NULL || m->summary[0] == '\0')
    return fail(out, "summary", "%s: is required");
  if (td_text_check("summary", m->summary, TD_SUMMARY_MAX, 1, out) != 0)
    return -1;
  if (m->has_received_at) {
    if (m->received_at < TD_RECEIVED_MIN)
      return fail(out, "received_at", "%s: is before the year 2000");
    if (m->received_at > now + TD_RECEIVED_SKEW)
      return fail(out, "received_at", "%s: is in the future");
  }
  return 0;
}

int td_validate_receipt_no(const char *s, struct td_invalid *out)
{
  if (s == NULL || s[0] == '\0')
    return fail(out, "receipt_no", "%s: give the petition's receipt number");
  return td_text_check("receipt_no", s, TD_RECEIPT_NO_MAX, 0, out);
}

/* The instants a filter may name: 0001-01-01 to 9999-12-31 UTC, which
 * PostgreSQL's timestamps hold and every calendar here can print. */
#define FILTER_TIME_MIN (-62135596800LL)
#define FILTER_TIME_MAX 253402300799LL

static int check_filter_time(const char *field, int has, int64_t t,
                             struct td_invalid *out)
{
  if (has && (t < FILTER_TIME_MIN || t > FILTER_TIME_MAX))
    return fail(out, field, "%s: is not a time between the years 1 and 9999");
  return 0;
}

int td_validate_list(const Tiepdan__ListPetitions *m, struct td_invalid *out)
{
  if (check_code("unit_code", m->unit_code, 0, out) != 0 ||
      check_code("kind", m->kind, 0, out) != 0 ||
      check_code("channel", m->channel, 0, out) != 0 ||
      check_code("field", m->field, 0, out) != 0)
    return -1;
  if (m->has_status && (m->status < TIEPDAN__STATUS__RECEIVED ||
                        m->status > TIEPDAN__STATUS__WITHDRAWN))
    return fail(out, "status", "%s: is not a known status");
  if (check_filter_time("received_from", m->has_received_from, m->received_from,
                        out) != 0 ||
      check_filter_time("received_to", m->has_received_to, m->received_to,
                        out) != 0)
    return -1;
  if (m->has_received_from && m->has_received_to &&
      m->received_to <= m->received_from)
    return fail(out, "received_to", "%s: must be after received_from");
  if (m->text != NULL &&
      td_text_check("text", m->text, TD_TEXT_FILTER_MAX, 0, out) != 0)
    return -1;
  /* The handler reads the days as an int, where -1 means "no filter":
   * UINT32_MAX would have become that. */
  if (m->has_due_within_days && m->due_within_days > TD_DUE_WITHIN_MAX)
    return fail(out, "due_within_days", "%s: at most 366 days ahead");
  /* 0 is the handler's "no session", and no session has an id below 1. */
  if (m->has_session_id && m->session_id < 1)
    return fail(out, "session_id", "%s: a session's number, from 1");
  if (m->cursor != NULL && strlen(m->cursor) > 64)
    return fail(out, "cursor", "%s: is not a cursor this server made");
  return 0;
}

int td_validate_list_sessions(const Tiepdan__ListSessions *m,
                              struct td_invalid *out)
{
  if (check_filter_time("from", m->has_from, m->from, out) != 0 ||
      check_filter_time("to", m->has_to, m->to, out) != 0)
    return -1;
  if (m->has_from && m->has_to && m->to <= m->from)
    return fail(out, "to", "%s: must be after from");
  return 0;
}
