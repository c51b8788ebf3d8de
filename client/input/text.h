/*
 * Free text as officers give it: a summary or a note typed on the command
 * line, read from standard input, or typed at the terminal.
 */
#ifndef TD_INPUT_TEXT_H
#define TD_INPUT_TEXT_H

#include <stddef.h>

/* Trims white space and a leading byte order mark from s, in place;
 * returns the start of what is left. */
char *td_text_trim(char *s);

/*
 * Reads all of standard input into a malloc'd string the caller frees, up
 * to the largest frame a server may take; what names the text in messages
 * ("the summary"). At a terminal the text ends with ONE Ctrl-D, pressed on
 * a line of its own or right after the last word (td_text_read_fd). Returns
 * NULL with err set if it is too long, cannot be read or is not text
 * (holds a NUL).
 */
char *td_text_read_stdin(const char *what, char *err, size_t errlen);

/*
 * Reads text typed at the terminal fd until the officer presses Ctrl-D
 * once: on an empty line (read() gives 0) or after text (read() gives a
 * line without its newline). Returns a malloc'd string, or NULL with err
 * set as td_text_read_stdin does; *interrupted is set when a signal (Ctrl-C)
 * stopped it, and may be NULL.
 */
char *td_text_read_fd(int fd, const char *what, int *interrupted, char *err,
                      size_t errlen);

/*
 * Reads one line typed at the terminal fd into buf (without its newline),
 * at most cap - 1 bytes; a longer line is cut. Returns 1 for a line (also
 * one ended by Ctrl-D after text), 0 when the officer pressed Ctrl-D on an
 * empty line or the input ended, -1 when a signal (Ctrl-C) or an error
 * stopped it.
 */
int td_text_read_line(int fd, char *buf, size_t cap);

#endif
