/*
 * The outbox seen from the commands (issue 13): where it lives, and the
 * sending of what waits in it (outbox/store.h keeps it). `tiepdan outbox`
 * itself is td_cmd_outbox (cmd/builtin.h).
 */
#ifndef TD_CMD_OUTBOX_H
#define TD_CMD_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "net/session.h"
#include "outbox/store.h"

/*
 * The outbox's file: $TIEPDAN_OUTBOX, else $XDG_STATE_HOME/tiepdan/
 * outbox.db, else ~/.local/state/tiepdan/outbox.db. Returns 0, or -1 with
 * err set when none can be named (no HOME).
 */
int td_outbox_path(char *path, size_t cap, char *err, size_t errlen);

/*
 * Opens the outbox at its path. A damaged file is moved aside and the
 * officer told where (on standard error), and a new outbox opened in its
 * place: never silently. Returns 0, or -1 after telling the officer why.
 */
int td_outbox_open_default(struct td_outbox **ob);

/* What a flush did. */
struct td_outbox_flush {
  int sent;       /* Acknowledged and erased. */
  int decisions;  /* Put aside for the officer's decision. */
  int refused;    /* Refused for good (kept). */
  int link_down;  /* The server could not be reached (or not in time). */
  int64_t left;   /* Entries still in the outbox. */
  char why[1024]; /* The last failure, worded, when link_down. */
};

/* Told of each entry the server acknowledged, with its reply. */
typedef void (*td_outbox_sent_cb)(void *arg, const struct td_outbox_entry *e,
                                  const Tiepdan__Envelope *reply);

/*
 * Sends what may go now, oldest first, over s (connecting if need be),
 * until nothing may go, the link fails, or budget_ms has passed (0: no
 * limit). Each entry is sent once per flush; a lost link leaves it
 * waiting, with its backoff. Returns 0, or -1 with err set when the
 * outbox itself failed.
 */
int td_outbox_flush(struct td_session *s, struct td_outbox *ob, int budget_ms,
                    td_outbox_sent_cb on_sent, void *arg,
                    struct td_outbox_flush *r, char *err, size_t errlen);

#endif
