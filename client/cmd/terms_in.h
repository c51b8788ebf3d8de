/*
 * Values the way officers write them. Every option that takes a kind,
 * channel, field, outcome, status or session type accepts the code
 * ("complaint"), the Vietnamese name with or without its diacritics, in any
 * case and Unicode form ("Khiếu nại", "KHIEU NAI", "khieu_nai"), or the
 * English name ("Complaint"). The names are the server's (HelloReply.terms),
 * so the typed values are turned into codes in one place, after the Hello
 * and before the request leaves: td_terms_in_call, which every command's
 * exchange goes through. A value that names nothing is a usage error that
 * lists the valid ones in the officer's language.
 *
 * Options whose value is a protocol enum (--status, --outcome, --type) are
 * parsed before the Hello: td_terms_in_enum gives the enum value of a code,
 * and for anything else a placeholder that stands for the typed text until
 * td_terms_in_call resolves it; a placeholder is never sent.
 */
#ifndef TD_CMD_TERMS_IN_H
#define TD_CMD_TERMS_IN_H

#include <stddef.h>

#include "net/session.h"
#include "render/terms.h"
#include "tiepdan.pb-c.h"

/* Placeholders are from this value up, far above every enum's values. */
#define TD_TERMS_IN_PENDING 0x4000

/*
 * The value of typed for an enum option of vocabulary (TD_TERMS_STATUS,
 * TD_TERMS_OUTCOME or TD_TERMS_SESSION_TYPE): the enum value of a code, or
 * a placeholder (TD_TERMS_IN_PENDING or more) that keeps typed, which must
 * outlive the request (argv does). -1 when typed is blank or too many
 * values wait (more than one command gives).
 */
int td_terms_in_enum(const char *vocabulary, const char *typed);

/*
 * Resolves typed in vocabulary against h's terms: the code it names is
 * stored in *code (pointing into h). Returns 0; or -1 with err set, naming
 * opt ("--kind") and listing the valid values. With no terms of that
 * vocabulary in h (an older server) typed is taken as the code.
 */
int td_terms_in_code(const Tiepdan__HelloReply *h, const char *vocabulary,
                     const char *opt, const char *typed, const char **code,
                     char *err, size_t errlen);

/*
 * Replaces every typed value in the body of req (its fields kind, channel,
 * field, outcome, status, and the enum fields of type Status, Outcome and
 * SessionType) by its code, using h's terms. Returns 0, or -1 with err set
 * and req partly changed (it must then not be sent).
 */
int td_terms_in_resolve(const Tiepdan__HelloReply *h, Tiepdan__Envelope *req,
                        char *err, size_t errlen);

/*
 * td_session_call (net/session.h) with the typed values of req turned into
 * codes first, once the Hello has given the server's terms. Returns as
 * td_session_call does, or TD_EUSAGE with err set when a value names
 * nothing: then nothing was sent.
 */
int td_terms_in_call(struct td_session *s, Tiepdan__Envelope *req,
                     Tiepdan__Envelope **reply, char *err, size_t errlen);

#endif
