/*
 * An error message in a form another language can word: the English
 * printf template it was formatted from and the values it was given.
 *
 * The server formats its message as always (for old clients and its log)
 * and, from the same format and arguments, a template in which every
 * conversion is written %s ("no petition with id %lld" becomes "no petition
 * with id %s") and each value as a string ("42"). The client looks the
 * template up in its catalog and puts the values into the translation with
 * td_tmpl_expand, which knows only %s, %N$s and %%: neither the template
 * nor a translation ever reaches printf as a format.
 */
#ifndef TD_COMMON_TMPL_H
#define TD_COMMON_TMPL_H

#include <stdarg.h>
#include <stddef.h>

/* Values an error message may have, and the bytes of each (longer ones
 * are cut at a character boundary). */
#define TD_TMPL_ARGS 8
#define TD_TMPL_ARG_MAX 200
#define TD_TMPL_MAX 512

struct td_tmpl {
  char text[TD_TMPL_MAX]; /* The template, conversions as %s. */
  size_t nargs;
  char args[TD_TMPL_ARGS][TD_TMPL_ARG_MAX];
};

/*
 * Formats fmt and ap into msg as vsnprintf does, and fills t with the
 * template and values. A conversion this does not know (%n, or more than
 * TD_TMPL_ARGS values) leaves t empty (text "" and no values): the message
 * is still right, only not translatable.
 */
void td_tmpl_vformat(struct td_tmpl *t, char *msg, size_t size, const char *fmt,
                     va_list ap);
void td_tmpl_format(struct td_tmpl *t, char *msg, size_t size, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

/*
 * Writes tmpl into out (size bytes, always terminated) with each %s
 * replaced by the next of args[0..nargs), each %N$s by args[N-1], and %% by
 * %. Returns 0, or -1 when tmpl has any other conversion or names a value
 * that is not there (out is then unusable: use the plain message).
 */
int td_tmpl_expand(char *out, size_t size, const char *tmpl,
                   const char *const *args, size_t nargs);

/* How many values tmpl takes: its %s, or the highest N of its %N$s; -1
 * when it has another conversion. A translation must take as many as its
 * template. */
int td_tmpl_count(const char *tmpl);

#endif
