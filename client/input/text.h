/*
 * Free text as officers give it: a summary or a note typed on the command
 * line or read from standard input.
 */
#ifndef TD_INPUT_TEXT_H
#define TD_INPUT_TEXT_H

#include <stddef.h>

/* Trims white space and a leading byte order mark from s, in place;
 * returns the start of what is left. */
char *td_text_trim(char *s);

/* Reads all of standard input into a malloc'd string the caller frees, up
 * to the largest frame a server may take; what names the text in messages
 * ("the summary"). Returns NULL with err set if it is too long, cannot be
 * read or is not text (holds a NUL). */
char *td_text_read_stdin(const char *what, char *err, size_t errlen);

#endif
