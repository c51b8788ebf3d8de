/*
 * A per-request bump allocator. Everything a handler builds for its reply
 * (messages, copied strings) comes from the request's arena and is released at
 * once when the request ends, so reply building needs no per-field frees.
 * Allocation failure aborts the process, as Redis's zmalloc does: a server
 * that cannot allocate a few hundred bytes cannot answer anyone anyway.
 */
#ifndef TD_ARENA_H
#define TD_ARENA_H

#include <stddef.h>

struct td_arena_chunk;

struct td_arena {
  struct td_arena_chunk *head;
};

void *td_arena_alloc(struct td_arena *a, size_t n); /* Zeroed memory. */
char *td_arena_strdup(struct td_arena *a, const char *s);
void td_arena_free(struct td_arena *a);

/* malloc/calloc that abort on failure. */
void *td_xmalloc(size_t n);
void *td_xcalloc(size_t n, size_t size);
char *td_xstrdup(const char *s);

#endif
