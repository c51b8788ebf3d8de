/*
 * The answer of "tiepdan changes": events and the cursor, for scripts.
 */
#ifndef TD_RENDER_CHANGES_H
#define TD_RENDER_CHANGES_H

#include <stdio.h>

#include "render/format.h"
#include "tiepdan.pb-c.h"

/*
 * The events of a ChangesReply and its cursor:
 *
 *   table  SEQ TIME RECEIPT UNIT ACTION FROM → TO NOTE, one line each (a
 *          withheld note reads "(withheld)"), or "No new events.", then a
 *          last line "cursor N";
 *   csv    a header, then one row per event whose last columns, cursor and
 *          more, repeat the reply's; with no events one row with only
 *          those two;
 *   json   {"cursor": N, "more": bool, "events": [...]}.
 *
 * Returns 0, or -1 if memory ran out or the stream failed.
 */
int td_output_changes(FILE *f, enum td_format fmt,
                      const Tiepdan__ChangesReply *r);

#endif
