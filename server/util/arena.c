/* Per-request arena; see arena.h. */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 4096

struct td_arena_chunk {
  struct td_arena_chunk *next;
  size_t used;
  size_t cap;
  max_align_t data[];
};

static void oom(size_t n)
{
  fprintf(stderr, "tiepdand: out of memory allocating %zu bytes\n", n);
  abort();
}

void *td_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);

  if (p == NULL)
    oom(n);
  return p;
}

void *td_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);

  if (p == NULL)
    oom(n * size);
  return p;
}

char *td_xstrdup(const char *s)
{
  size_t n = strlen(s) + 1;

  return memcpy(td_xmalloc(n), s, n);
}

void *td_arena_alloc(struct td_arena *a, size_t n)
{
  struct td_arena_chunk *c = a->head;
  size_t align = sizeof(max_align_t);
  size_t need = (n + align - 1) / align * align;
  size_t cap;
  void *p;

  if (c == NULL || c->cap - c->used < need) {
    cap = need > CHUNK_MIN ? need : CHUNK_MIN;
    c = td_xmalloc(sizeof(*c) + cap);
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  p = (char *)c->data + c->used;
  c->used += need;
  memset(p, 0, n);
  return p;
}

char *td_arena_strdup(struct td_arena *a, const char *s)
{
  size_t n = strlen(s) + 1;

  return memcpy(td_arena_alloc(a, n), s, n);
}

void td_arena_free(struct td_arena *a)
{
  struct td_arena_chunk *c = a->head;
  struct td_arena_chunk *next;

  while (c != NULL) {
    next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
}
