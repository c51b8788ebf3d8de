/*
 * Validation of what a client sends, before anything touches the database.
 * Pure functions: no I/O, no clock (callers pass "now"), no allocation.
 */
#ifndef TD_VALIDATE_H
#define TD_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

/* Byte limits on text fields. A summary of 16 KiB is several pages. */
#define TD_SUMMARY_MAX 16384
#define TD_NAME_MAX 256
#define TD_ADDRESS_MAX 512
#define TD_CONTACT_MAX 256
#define TD_ID_NUMBER_MAX 32
#define TD_CODE_MAX 32
#define TD_TEXT_FILTER_MAX 256
#define TD_GROUP_SIZE_MAX 100000
/* Petitions received before this (2000-01-01) are not plausible. */
#define TD_RECEIVED_MIN 946684800
/* Clock skew tolerated between a commune PC and the server, in seconds. */
#define TD_RECEIVED_SKEW 300

/* Why a field was refused: the field's wire name and a human message. */
struct td_invalid {
  const char *field;
  char message[160];
};

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
int td_utf8_valid(const char *s, size_t n);

/*
 * Checks a text field: UTF-8, at most max bytes, and no control characters
 * except tab, and line breaks when multiline. Returns 0, or -1 with out set.
 */
int td_text_check(const char *field, const char *s, size_t max, int multiline,
                  struct td_invalid *out);

/* 1 if s is a canonical UUID: 8-4-4-4-12 hex digits. */
int td_uuid_valid(const char *s);

/* 1 if s is a reference code: 1..32 of [a-z0-9_.-] (case-insensitive). */
int td_code_valid(const char *s);

/*
 * Checks a SubmitPetition as received. now is the server's Unix time.
 * Returns 0, or -1 with the first offending field in out.
 */
int td_validate_submit(const Tiepdan__SubmitPetition *m, int64_t now,
                       struct td_invalid *out);

/* Checks the filters of a ListPetitions. Returns 0 or -1 with out set. */
int td_validate_list(const Tiepdan__ListPetitions *m, struct td_invalid *out);

#endif
