/*
 * libFuzzer target: an Envelope as the server receives it.
 *
 * The bytes are one frame's payload. They go through what the server does
 * before any SQL: protobuf-c's unpack, the session's scan for strings with
 * a NUL inside (td_wire_nul_string), and the domain's validation of the
 * body (server/domain/validate.c, the transition's arguments in
 * server/domain/lifecycle.c). Whatever the input, nothing may crash or read
 * out of bounds, and a request the validators pass must hold only what
 * they promise: text of valid UTF-8 within its limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "domain/validate.h"
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed "now" (2026-06-01), so that a run is reproducible. */
#define FUZZ_NOW 1780272000

static void must_be_text(const char *s, size_t max)
{
  if (s != NULL && (strlen(s) > max || !td_utf8_valid(s, strlen(s))))
    abort();
}

static void check_submit(const Tiepdan__SubmitPetition *m)
{
  struct td_invalid inv;

  if (td_validate_submit(m, FUZZ_NOW, &inv) != 0) {
    if (inv.field == NULL)
      abort();
    return;
  }
  must_be_text(m->summary, TD_SUMMARY_MAX);
  if (m->petitioner != NULL) {
    must_be_text(m->petitioner->name, TD_NAME_MAX);
    must_be_text(m->petitioner->address, TD_ADDRESS_MAX);
    must_be_text(m->petitioner->contact, TD_CONTACT_MAX);
  }
  if (m->has_group_size &&
      (m->group_size < 1 || m->group_size > TD_GROUP_SIZE_MAX))
    abort();
}

static void check_receipt(const char *s)
{
  struct td_invalid inv;

  if (td_validate_receipt_no(s, &inv) == 0)
    must_be_text(s, TD_RECEIPT_NO_MAX);
  else if (inv.field == NULL || strcmp(inv.field, "receipt_no") != 0)
    abort();
}

static void check_transition(const Tiepdan__Transition *m)
{
  struct td_transition_args args;
  struct td_invalid inv;
  int next;
  const char *why;
  int status;

  memset(&args, 0, sizeof(args));
  args.note = m->note;
  args.transfer_target = m->transfer_target;
  args.outcome = m->has_outcome ? (int)m->outcome : 0;
  if (td_lifecycle_check_args((int)m->action, &args, &inv) == 0)
    must_be_text(m->note, TD_NOTE_MAX);
  for (status = 0; status <= TIEPDAN__STATUS__WITHDRAWN + 1; status++)
    if (td_lifecycle_next(status, (int)m->action, &next, &why) != 0 &&
        why == NULL)
      abort();
  if (m->key_case == TIEPDAN__TRANSITION__KEY_RECEIPT_NO)
    check_receipt(m->receipt_no);
}

static void check_body(const Tiepdan__Envelope *env)
{
  struct td_invalid inv;

  switch (env->body_case) {
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION:
    check_submit(env->submit_petition);
    break;
  case TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS:
    if (td_validate_list(env->list_petitions, &inv) != 0 && inv.field == NULL)
      abort();
    break;
  case TIEPDAN__ENVELOPE__BODY_GET_PETITION:
    if (env->get_petition->key_case == TIEPDAN__GET_PETITION__KEY_RECEIPT_NO)
      check_receipt(env->get_petition->receipt_no);
    break;
  case TIEPDAN__ENVELOPE__BODY_TRANSITION:
    check_transition(env->transition);
    break;
  case TIEPDAN__ENVELOPE__BODY_GET_HISTORY:
    if (env->get_history->key_case == TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO)
      check_receipt(env->get_history->receipt_no);
    break;
  default:
    break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Tiepdan__Envelope *env;
  const char *nul;
  uint8_t *again;
  size_t n;

  nul = td_wire_nul_string(&tiepdan__envelope__descriptor, data, size);
  env = tiepdan__envelope__unpack(NULL, size, data);
  if (env == NULL)
    return 0;
  /* What the session refuses never reaches the handlers. */
  if (nul == NULL)
    check_body(env);
  /* What was decoded packs again, to the size protobuf-c computes. */
  n = tiepdan__envelope__get_packed_size(env);
  again = malloc(n ? n : 1);
  if (again == NULL || tiepdan__envelope__pack(env, again) != n)
    abort();
  free(again);
  tiepdan__envelope__free_unpacked(env, NULL);
  return 0;
}
