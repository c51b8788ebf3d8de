/* The reference vocabularies; see terms.h. */
#include "db/terms.h"

#include <stdlib.h>

#include "db/rows.h"

static const char SQL_TERMS[] =
    "SELECT vocabulary, code, name_vi, name_en FROM td_terms"
    " ORDER BY vocabulary, sort, code";

void td_terms_free(struct td_terms *t)
{
  size_t i;

  if (t == NULL)
    return;
  for (i = 0; i < t->n; i++) {
    free(t->terms[i]->vocabulary);
    free(t->terms[i]->code);
    free(t->terms[i]->name_vi);
    free(t->terms[i]->name_en);
    free(t->terms[i]);
  }
  free(t->terms);
  free(t);
}

static struct td_terms *map_terms(const PGresult *res)
{
  struct td_terms *t = td_xcalloc(1, sizeof(*t));
  int n = PQntuples(res);
  int i;

  t->terms = td_xcalloc((size_t)n + 1, sizeof(*t->terms));
  for (i = 0; i < n; i++) {
    Tiepdan__Term *term = td_xcalloc(1, sizeof(*term));

    tiepdan__term__init(term);
    term->vocabulary = td_xstrdup(PQgetvalue(res, i, 0));
    term->code = td_xstrdup(PQgetvalue(res, i, 1));
    term->name_vi = td_xstrdup(PQgetvalue(res, i, 2));
    term->name_en = td_xstrdup(PQgetvalue(res, i, 3));
    t->terms[t->n++] = term;
  }
  return t;
}

struct load_call {
  td_terms_loaded_cb cb;
  void *arg;
};

static void on_load(void *arg, PGresult *res)
{
  struct load_call *call = arg;
  struct td_terms_loaded out;

  out.terms = NULL;
  out.err = td_rows_status(res, "terms", 0);
  if (out.err == 0)
    out.terms = map_terms(res);
  call->cb(call->arg, &out);
  free(call);
}

int td_db_terms_load(const struct td_db *db, td_terms_loaded_cb cb, void *arg)
{
  struct load_call *call = td_xmalloc(sizeof(*call));

  call->cb = cb;
  call->arg = arg;
  if (td_rows_send(db, SQL_TERMS, 0, NULL, on_load, call) != 0) {
    free(call);
    return TD_EUNAVAIL;
  }
  return 0;
}
