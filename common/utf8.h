/*
 * UTF-8 as server and client read it: one decoder, hence one meaning of
 * "valid" (no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF,
 * no truncated sequence), and the display width used to align Vietnamese
 * in a terminal.
 *
 * A code point takes one column, except the combining marks U+0300-U+036F,
 * which take none: Vietnamese typed in decomposed form ("a" + U+0301) must
 * line up with the precomposed form ("á"). A byte that does not start a
 * valid sequence counts as one column, as terminals show it as one
 * replacement character.
 */
#ifndef TD_COMMON_UTF8_H
#define TD_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the code point that starts the n bytes at s into *cp. Returns
 * its length in bytes (1 to 4), or 0 if those bytes do not start a valid
 * sequence (and when n is 0); *cp is then U+FFFD.
 */
int td_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes the UTF-8 of code point cp into out. Returns its length (1 to 4),
 * or 0 for a surrogate or a value past U+10FFFF, which have none. */
int td_utf8_encode(uint32_t cp, char out[4]);

/* 1 if s[0..n) is well-formed UTF-8, else 0. A NUL byte is valid UTF-8;
 * callers that store C strings check for it themselves. */
int td_utf8_valid(const char *s, size_t n);

/* Columns that the C string s takes; NULL takes none. */
size_t td_utf8_width(const char *s);

/*
 * Returns a malloc'd copy of s cut to at most width columns, ending in "…"
 * when it had to be cut; the caller frees it. Combining marks stay with the
 * letter they follow. NULL is treated as "". Returns NULL if memory ran out.
 */
char *td_utf8_truncate(const char *s, size_t width);

#endif
