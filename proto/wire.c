/* Wire helpers; see wire.h. */
#include "wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/tmpl.h"
#include "frame.h"

int td_wire_pack(const Tiepdan__Envelope *env, uint32_t max_payload,
                 uint8_t **out, size_t *outlen)
{
  size_t n;
  uint8_t *p;

  n = tiepdan__envelope__get_packed_size(env);
  if (n > max_payload)
    return -E2BIG;
  p = malloc(TD_FRAME_HEADER + n);
  if (p == NULL)
    return -ENOMEM;
  td_frame_put_header(p, (uint32_t)n);
  tiepdan__envelope__pack(env, p + TD_FRAME_HEADER);
  *out = p;
  *outlen = TD_FRAME_HEADER + n;
  return 0;
}

static const char *const error_names[] = {
    [TIEPDAN__ERROR_CODE__ERROR_UNSPECIFIED] = "ERROR_UNSPECIFIED",
    [TIEPDAN__ERROR_CODE__BAD_FRAME] = "BAD_FRAME",
    [TIEPDAN__ERROR_CODE__FRAME_TOO_LARGE] = "FRAME_TOO_LARGE",
    [TIEPDAN__ERROR_CODE__UNKNOWN_REQUEST] = "UNKNOWN_REQUEST",
    [TIEPDAN__ERROR_CODE__INVALID_ARGUMENT] = "INVALID_ARGUMENT",
    [TIEPDAN__ERROR_CODE__UNAUTHENTICATED] = "UNAUTHENTICATED",
    [TIEPDAN__ERROR_CODE__PERMISSION_DENIED] = "PERMISSION_DENIED",
    [TIEPDAN__ERROR_CODE__NOT_FOUND] = "NOT_FOUND",
    [TIEPDAN__ERROR_CODE__CONFLICT] = "CONFLICT",
    [TIEPDAN__ERROR_CODE__UNAVAILABLE] = "UNAVAILABLE",
    [TIEPDAN__ERROR_CODE__SHUTTING_DOWN] = "SHUTTING_DOWN",
    [TIEPDAN__ERROR_CODE__OVERLOADED] = "OVERLOADED",
    [TIEPDAN__ERROR_CODE__UNSUPPORTED_VERSION] = "UNSUPPORTED_VERSION",
    [TIEPDAN__ERROR_CODE__INTERNAL] = "INTERNAL",
    [TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION] = "ILLEGAL_TRANSITION",
};

/* Reads a varint at *off; 0, or -1 if it runs past len or past 10 bytes. */
static int read_varint(const uint8_t *p, size_t len, size_t *off, uint64_t *v)
{
  unsigned shift;

  *v = 0;
  for (shift = 0; shift < 70 && *off < len; shift += 7) {
    uint8_t b = p[(*off)++];

    *v |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0)
      return 0;
  }
  return -1;
}

/* Nested messages deeper than this are not looked into; ours nest three. */
#define NUL_SCAN_DEPTH 16

static const char *nul_string(const ProtobufCMessageDescriptor *desc,
                              const uint8_t *p, size_t len, int depth)
{
  const ProtobufCFieldDescriptor *f;
  const char *found;
  size_t off = 0;
  uint64_t key;
  uint64_t n;

  while (off < len && read_varint(p, len, &off, &key) == 0) {
    switch (key & 7) {
    case 0: /* varint */
      if (read_varint(p, len, &off, &n) != 0)
        return NULL;
      break;
    case 1: /* 64-bit */
    case 5: /* 32-bit */
      n = (key & 7) == 1 ? 8 : 4;
      if (n > len - off)
        return NULL;
      off += n;
      break;
    case 2: /* length-delimited */
      if (read_varint(p, len, &off, &n) != 0 || n > len - off)
        return NULL;
      f = (key >> 3) <= 0x1fffffff ? protobuf_c_message_descriptor_get_field(
                                         desc, (unsigned)(key >> 3))
                                   : NULL;
      if (f != NULL && f->type == PROTOBUF_C_TYPE_STRING &&
          memchr(p + off, 0, n) != NULL)
        return f->name;
      if (f != NULL && f->type == PROTOBUF_C_TYPE_MESSAGE &&
          depth < NUL_SCAN_DEPTH) {
        found = nul_string(f->descriptor, p + off, n, depth + 1);
        if (found != NULL)
          return found;
      }
      off += n;
      break;
    default: /* groups: not in this protocol */
      return NULL;
    }
  }
  return NULL;
}

const char *td_wire_nul_string(const ProtobufCMessageDescriptor *desc,
                               const uint8_t *data, size_t len)
{
  return nul_string(desc, data, len, 0);
}

const char *td_error_code_name(int code)
{
  if (code < 0 || (size_t)code >= sizeof(error_names) / sizeof(error_names[0]))
    return "UNKNOWN";
  return error_names[code];
}

int td_error_code_retryable(int code)
{
  switch (code) {
  case TIEPDAN__ERROR_CODE__UNAVAILABLE:
  case TIEPDAN__ERROR_CODE__SHUTTING_DOWN:
  case TIEPDAN__ERROR_CODE__OVERLOADED:
    return 1;
  default:
    return 0;
  }
}

static const char *const status_names[] = {
    [TIEPDAN__STATUS__RECEIVED] = "received",
    [TIEPDAN__STATUS__ACCEPTED] = "accepted",
    [TIEPDAN__STATUS__NOT_ACCEPTED] = "not_accepted",
    [TIEPDAN__STATUS__TRANSFERRED] = "transferred",
    [TIEPDAN__STATUS__IN_PROGRESS] = "in_progress",
    [TIEPDAN__STATUS__RESOLVED] = "resolved",
    [TIEPDAN__STATUS__WITHDRAWN] = "withdrawn",
};

static const char *const role_names[] = {
    [TIEPDAN__ROLE__RECEPTION] = "reception",
    [TIEPDAN__ROLE__LEADER] = "leader",
    [TIEPDAN__ROLE__FRONT] = "front",
    [TIEPDAN__ROLE__DASHBOARD] = "dashboard",
    [TIEPDAN__ROLE__ADMIN] = "admin",
};

static const char *const action_names[] = {
    [TIEPDAN__ACTION__ACCEPT] = "accept",
    [TIEPDAN__ACTION__REJECT] = "reject",
    [TIEPDAN__ACTION__TRANSFER] = "transfer",
    [TIEPDAN__ACTION__START] = "start",
    [TIEPDAN__ACTION__RESOLVE] = "resolve",
    [TIEPDAN__ACTION__WITHDRAW] = "withdraw",
    [TIEPDAN__ACTION__REOPEN] = "reopen",
    [TIEPDAN__ACTION__EXTEND] = "extend",
    [TIEPDAN__ACTION__NOTE] = "note",
};

static const char *const outcome_names[] = {
    [TIEPDAN__OUTCOME__ANSWERED_IN_WRITING] = "answered_in_writing",
    [TIEPDAN__OUTCOME__MEDIATED_SUCCESSFULLY] = "mediated_successfully",
    [TIEPDAN__OUTCOME__MEDIATION_FAILED] = "mediation_failed",
    [TIEPDAN__OUTCOME__DECISION_ISSUED] = "decision_issued",
};

static const char *const satisfaction_names[] = {
    [TIEPDAN__SATISFACTION__SATISFIED] = "satisfied",
    [TIEPDAN__SATISFACTION__NOT_SATISFIED] = "not_satisfied",
    [TIEPDAN__SATISFACTION__NOT_ASKED] = "not_asked",
};

static const char *const session_type_names[] = {
    [TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION] = "regular_reception",
    [TIEPDAN__SESSION_TYPE__PERIODIC_RECEPTION] = "periodic_reception",
    [TIEPDAN__SESSION_TYPE__DIALOGUE] = "dialogue",
    [TIEPDAN__SESSION_TYPE__VOTERS_MEETING] = "voters_meeting",
    [TIEPDAN__SESSION_TYPE__ADHOC_RECEPTION] = "adhoc_reception",
    [TIEPDAN__SESSION_TYPE__DELEGATED_RECEPTION] = "delegated_reception",
    [TIEPDAN__SESSION_TYPE__SUPERVISION] = "supervision",
    [TIEPDAN__SESSION_TYPE__SOCIAL_CRITICISM] = "social_criticism",
};

/* The unspecified value 0 has no name, so it neither prints nor parses. */
static const char *name_of(const char *const *names, size_t n, int v)
{
  if (v < 0 || (size_t)v >= n)
    return NULL;
  return names[v];
}

static int parse_name(const char *const *names, size_t n, const char *s)
{
  size_t i;

  if (s == NULL)
    return -1;
  for (i = 0; i < n; i++)
    if (names[i] != NULL && strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *td_status_name(int status)
{
  return name_of(status_names, COUNT(status_names), status);
}

int td_status_parse(const char *name)
{
  return parse_name(status_names, COUNT(status_names), name);
}

const char *td_role_name(int role)
{
  return name_of(role_names, COUNT(role_names), role);
}

int td_role_parse(const char *name)
{
  return parse_name(role_names, COUNT(role_names), name);
}

const char *td_action_name(int action)
{
  return name_of(action_names, COUNT(action_names), action);
}

int td_action_parse(const char *name)
{
  return parse_name(action_names, COUNT(action_names), name);
}

const char *td_outcome_name(int outcome)
{
  return name_of(outcome_names, COUNT(outcome_names), outcome);
}

int td_outcome_parse(const char *name)
{
  return parse_name(outcome_names, COUNT(outcome_names), name);
}

const char *td_satisfaction_name(int satisfaction)
{
  return name_of(satisfaction_names, COUNT(satisfaction_names), satisfaction);
}

int td_satisfaction_parse(const char *name)
{
  return parse_name(satisfaction_names, COUNT(satisfaction_names), name);
}

const char *td_session_type_name(int type)
{
  return name_of(session_type_names, COUNT(session_type_names), type);
}

int td_session_type_parse(const char *name)
{
  return parse_name(session_type_names, COUNT(session_type_names), name);
}

void td_wire_error(Tiepdan__Envelope *env, Tiepdan__Error *err,
                   uint64_t request_id, int code, const char *field,
                   const char *message)
{
  tiepdan__envelope__init(env);
  tiepdan__error__init(err);
  err->has_code = 1;
  err->code = (Tiepdan__ErrorCode)code;
  err->message = (char *)message;
  err->has_retryable = 1;
  err->retryable = td_error_code_retryable(code);
  err->field = (char *)field;
  env->has_request_id = 1;
  env->request_id = request_id;
  env->body_case = TIEPDAN__ENVELOPE__BODY_ERROR;
  env->error = err;
}

void td_wire_error_template(Tiepdan__Error *err, const struct td_tmpl *t,
                            char **args)
{
  size_t i;

  if (t == NULL || t->text[0] == '\0')
    return;
  for (i = 0; i < t->nargs; i++)
    args[i] = (char *)t->args[i];
  err->template_ = (char *)t->text;
  err->n_args = t->nargs;
  err->args = args;
}
