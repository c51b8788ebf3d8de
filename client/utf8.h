/*
 * Display width of UTF-8 text, for aligning Vietnamese in a terminal.
 *
 * A code point takes one column, except the combining marks U+0300-U+036F,
 * which take none: Vietnamese typed in decomposed form ("a" + U+0301) must
 * line up with the precomposed form ("á"). A byte that does not start a valid
 * UTF-8 sequence counts as one column, as terminals show it as one
 * replacement character.
 */
#ifndef TD_CLIENT_UTF8_H
#define TD_CLIENT_UTF8_H

#include <stddef.h>

/* Whether s is valid UTF-8 (no overlong forms, no surrogates). */
int td_utf8_valid(const char *s);

/* Columns that s takes; NULL takes none. */
size_t td_utf8_width(const char *s);

/*
 * Returns a malloc'd copy of s cut to at most width columns, ending in "…"
 * when it had to be cut; the caller frees it. Combining marks stay with the
 * letter they follow. NULL is treated as "". Returns NULL if memory ran out.
 */
char *td_utf8_truncate(const char *s, size_t width);

#endif
