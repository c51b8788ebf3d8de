/*
 * The names of reference codes (kinds, channels, fields, statuses,
 * outcomes, session types) as the server gives them in its HelloReply's
 * terms, from the database's name_vi and name_en. The client types no name
 * of its own: a code the server does not name is shown as the code.
 * Everything returned points into the HelloReply, which the caller keeps.
 */
#ifndef TD_RENDER_TERMS_H
#define TD_RENDER_TERMS_H

#include <stddef.h>

#include "tiepdan.pb-c.h"

/* The vocabularies of Term.vocabulary. */
#define TD_TERMS_KIND "kind"
#define TD_TERMS_CHANNEL "channel"
#define TD_TERMS_FIELD "field"
#define TD_TERMS_STATUS "status"
#define TD_TERMS_OUTCOME "outcome"
#define TD_TERMS_SESSION_TYPE "session_type"
#define TD_TERMS_FINDING "finding"

/* How many terms vocabulary has in h; 0 for a NULL h. */
size_t td_terms_count(const Tiepdan__HelloReply *h, const char *vocabulary);

/* The i-th term of vocabulary, in the order the server lists them (as
 * officers list them); NULL when there are no more. A term without a code
 * is passed over. */
const Tiepdan__Term *td_terms_at(const Tiepdan__HelloReply *h,
                                 const char *vocabulary, size_t i);

/* The term of code in vocabulary, or NULL. */
const Tiepdan__Term *td_terms_find(const Tiepdan__HelloReply *h,
                                   const char *vocabulary, const char *code);

/* The name of t in Vietnamese, or in English when english is set; the
 * code when the server sent no such name. */
const char *td_terms_name(const Tiepdan__Term *t, int english);

#endif
