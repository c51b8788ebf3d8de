/*
 * Validation of what a client sends, before anything touches the database.
 * Pure functions: no I/O, no clock (callers pass "now"), no allocation.
 */
#ifndef TD_VALIDATE_H
#define TD_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

/* The byte limits on text fields (TD_SUMMARY_MAX ...), shared with the
 * client; UTF-8, UUID and code syntax likewise (td_utf8_valid,
 * td_uuid_valid, td_code_valid). */
#include "common/code.h"
#include "common/limits.h"
#include "common/tmpl.h"
#include "common/utf8.h"
#include "common/uuid.h"

/* Petitions received before this (2000-01-01) are not plausible. */
#define TD_RECEIVED_MIN 946684800
/* Clock skew tolerated between a commune PC and the server, in seconds. */
#define TD_RECEIVED_SKEW 300

/* Why a field was refused: the field's wire name, a human message, and the
 * template the message was made from (common/tmpl.h), which the client
 * words in its officer's language. */
struct td_invalid {
  const char *field;
  char message[160];
  struct td_tmpl tmpl;
};

/* Sets out: field, and the message formatted from fmt (an English template
 * whose values include the field's name where it says so:
 * td_invalid_set(out, "kind", "%s: is required", "kind")). Returns -1. */
int td_invalid_set(struct td_invalid *out, const char *field, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));

/*
 * Checks a text field: UTF-8, at most max bytes, and no control characters
 * except tab, and line breaks when multiline. Returns 0, or -1 with out set.
 */
int td_text_check(const char *field, const char *s, size_t max, int multiline,
                  struct td_invalid *out);

/*
 * Checks a SubmitPetition as received. now is the server's Unix time.
 * Returns 0, or -1 with the first offending field in out.
 */
int td_validate_submit(const Tiepdan__SubmitPetition *m, int64_t now,
                       struct td_invalid *out);

/* The longest receipt number a request may name, in bytes. */
#define TD_RECEIPT_NO_MAX 64

/* Checks a receipt number a request names a petition by: not empty, at most
 * TD_RECEIPT_NO_MAX bytes of valid UTF-8 without control characters.
 * Returns 0 or -1 with out set (field receipt_no). */
int td_validate_receipt_no(const char *s, struct td_invalid *out);

/* Checks the filters of a ListPetitions (each time within the years 1 to
 * 9999, which PostgreSQL holds). Returns 0 or -1 with out set. */
int td_validate_list(const Tiepdan__ListPetitions *m, struct td_invalid *out);

/* Checks the period of a ListSessions: each time within the years 1 to
 * 9999, to after from. Returns 0 or -1 with out set (field from or to). */
int td_validate_list_sessions(const Tiepdan__ListSessions *m,
                              struct td_invalid *out);

#endif
