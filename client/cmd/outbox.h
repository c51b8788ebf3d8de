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
 * The outbox of the certificate o names, one file per certificate, so an
 * officer who holds several posts on one computer never sends one post's
 * entries with another's certificate: outbox-XXXXXXXXXXXXXXXX.db (the
 * start of the certificate's SHA-256 fingerprint) in the folder
 * $TIEPDAN_OUTBOX, else $XDG_STATE_HOME/tiepdan, else
 * ~/.local/state/tiepdan. Returns 0, or -1 with err set when none can be
 * named (no HOME, no readable certificate).
 */
int td_outbox_path(const struct td_client_opts *o, char *path, size_t cap,
                   char *err, size_t errlen);

/*
 * Opens the outbox of o's certificate. A damaged file is moved aside and
 * the officer told where (on standard error), and a new outbox opened in
 * its place: never silently. With only_if_exists, an outbox that was never
 * made is not made now (*ob NULL, 0 returned). Returns 0, or -1 after
 * telling the officer why.
 */
int td_outbox_open_default(const struct td_client_opts *o, int only_if_exists,
                           struct td_outbox **ob);

/* What a flush did. */
struct td_outbox_flush {
  int sent;       /* Acknowledged and erased. */
  int decisions;  /* Put aside for the officer's decision. */
  int refused;    /* Refused for good (kept). */
  int link_down;  /* The server could not be reached (or not in time). */
  int link_error; /* Its TD_E* code; 0 for a busy server's Error. */
  int64_t left;   /* Entries still in the outbox. */
  char why[1024]; /* The last failure, worded, when link_down. */
};

/* Told of every answer the server gave to an entry, an Error included,
 * before the outbox records what became of it. */
typedef void (*td_outbox_reply_cb)(void *arg, const struct td_outbox_entry *e,
                                   const Tiepdan__Envelope *reply);

/*
 * Sends what may go now, oldest first, over s (connecting if need be),
 * until nothing may go, the link fails, or budget_ms has passed (0: no
 * limit); forced (the officer asked, or outbox watch, which paces its
 * tries itself), without waiting for an entry's backoff. Each entry is
 * sent once per flush, with this attempt's time (sent_at) so the server
 * can tell a wrong clock; a lost link leaves it waiting, with its backoff.
 * When s connects, the server's certificate is kept with the outbox (to
 * seal secrets to it offline). Returns 0, or -1 with err set when the
 * outbox itself failed.
 */
int td_outbox_flush(struct td_session *s, struct td_outbox *ob, int budget_ms,
                    int force, td_outbox_reply_cb on_reply, void *arg,
                    struct td_outbox_flush *r, char *err, size_t errlen);

/*
 * Sends entry seq alone, held by this command, once nothing kept before it
 * on its petition holds it back; r counts as for a flush (not cleared).
 * Returns 0 when it was sent and answered; 1 when it was not (held back,
 * gone, or the link is down: r says); 2 when held back only by entries
 * other commands are sending now (worth a short wait); -1 with err set
 * when the outbox failed.
 */
int td_outbox_send_one(struct td_session *s, struct td_outbox *ob, int64_t seq,
                       td_outbox_reply_cb on_reply, void *arg,
                       struct td_outbox_flush *r, char *err, size_t errlen);

/* Tells the officer on standard error what a flush could not do: the link
 * is down, entries need a decision or were refused. */
void td_outbox_tell_flush(const struct td_outbox_flush *r);

#endif
