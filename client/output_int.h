/*
 * What the output modules share; not for other modules, hence the
 * td_output__ prefix.
 */
#ifndef TD_CLIENT_OUTPUT_INT_H
#define TD_CLIENT_OUTPUT_INT_H

#include <stdio.h>

/* Writes s for a terminal, on one line: control characters, which could
 * move the cursor or worse, become spaces. */
void td_output__clean(FILE *f, const char *s);

#endif
