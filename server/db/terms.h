/*
 * The reference vocabularies (kinds, channels, fields, statuses, outcomes,
 * session types) with their Vietnamese and English names, from the view
 * td_terms, read once so that clients never keep copies of the names.
 */
#ifndef TD_DB_TERMS_H
#define TD_DB_TERMS_H

#include "db/db.h"
#include "tiepdan.pb-c.h"

/* The terms as Term messages, in the view's order (vocabulary, then sort).
 * Owned by the struct: td_terms_free releases all of it. */
struct td_terms {
  size_t n;
  Tiepdan__Term **terms;
};

void td_terms_free(struct td_terms *t);

/* terms is malloc'd and passes to the callback (NULL when err is set). */
struct td_terms_loaded {
  int err;
  struct td_terms *terms;
};
typedef void (*td_terms_loaded_cb)(void *arg, const struct td_terms_loaded *r);

/* Reads td_terms. db->arena is not used. */
TD_MUSTCHECK int td_db_terms_load(const struct td_db *db, td_terms_loaded_cb cb,
                                  void *arg);

#endif
