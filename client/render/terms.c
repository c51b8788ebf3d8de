/* Names of reference codes from the server; see terms.h. */
#include "render/terms.h"

#include <string.h>

/* Whether t is a term of vocabulary that can be looked up. */
static int of(const Tiepdan__Term *t, const char *vocabulary)
{
  return t->vocabulary != NULL && t->code != NULL && t->code[0] != '\0' &&
         strcmp(t->vocabulary, vocabulary) == 0;
}

size_t td_terms_count(const Tiepdan__HelloReply *h, const char *vocabulary)
{
  size_t n;
  size_t i;

  n = 0;
  for (i = 0; h != NULL && i < h->n_terms; i++)
    n += (size_t)of(h->terms[i], vocabulary);
  return n;
}

const Tiepdan__Term *td_terms_at(const Tiepdan__HelloReply *h,
                                 const char *vocabulary, size_t i)
{
  size_t k;

  for (k = 0; h != NULL && k < h->n_terms; k++) {
    if (!of(h->terms[k], vocabulary))
      continue;
    if (i == 0)
      return h->terms[k];
    i--;
  }
  return NULL;
}

const Tiepdan__Term *td_terms_find(const Tiepdan__HelloReply *h,
                                   const char *vocabulary, const char *code)
{
  size_t k;

  for (k = 0; h != NULL && code != NULL && k < h->n_terms; k++)
    if (of(h->terms[k], vocabulary) && strcmp(h->terms[k]->code, code) == 0)
      return h->terms[k];
  return NULL;
}

const char *td_terms_name(const Tiepdan__Term *t, int english)
{
  const char *name;

  name = english ? t->name_en : t->name_vi;
  return name != NULL && name[0] != '\0' ? name : t->code;
}
