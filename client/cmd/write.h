/*
 * Every write the officer makes goes through the outbox (issue 13): it is
 * committed to the outbox on this computer first, then sent, and erased
 * only once the server has acknowledged it. A write the server cannot take
 * now is kept and sent later, by the next command or by `tiepdan outbox
 * watch`, with the same idempotency key, so it is recorded exactly once.
 *
 * Receipt numbers offline: a submit that certainly never reached the
 * server (no connection was made) takes the next number of a block this
 * workstation leased while online, so the citizen leaves with the receipt
 * number the petition will keep for ever. Blocks are topped up whenever
 * the link is up.
 */
#ifndef TD_CMD_WRITE_H
#define TD_CMD_WRITE_H

#include <stdint.h>

#include "cmd/call.h"
#include "cmd/global.h"
#include "net/session.h"
#include "outbox/store.h"
#include "tiepdan.pb-c.h"

struct td_write {
  const char *op;         /* "submit", "accept", "note", "session open", ... */
  const char *target;     /* The petition it acts on, as typed; "" for none. */
  const char *label;      /* What `tiepdan outbox` shows; never a secret. */
  Tiepdan__Envelope *req; /* Carries its idempotency key. */
  const char *key;
  int secret; /* Names a denouncer or a confidential petitioner: sealed. */
  /* Whether req, its typed values made codes, is secret (a denunciation):
   * decided once they are; may be NULL. */
  int (*secret_of)(const Tiepdan__Envelope *req);
  const char *sealed_label; /* The label of a secret entry. */
  /* Tells a refusal the command words itself (a CONFLICT): returns an
   * exit status, or -1 to have it told as any other. May be NULL. */
  int (*refused)(const Tiepdan__Error *e, void *arg);
  void *refused_arg;
  int typed; /* Holds text the officer typed (kept when refused). */
  /* A submit sent again under the key an earlier one printed (--key): it
   * may be recorded already, numbered, so it takes no leased number. */
  int no_lease;
  int want; /* The body of the reply wanted. */
  const struct td_call *call;
  /* Set by td_write_send. */
  int64_t seq;          /* Its entry in the outbox. */
  char receipt_no[40];  /* A submit's leased number, when it took one. */
  char workstation[40]; /* The workstation that leased it. */
  int64_t kept_at;      /* When it was kept (the counter's time). */
};

/*
 * Opens the outbox of o's certificate for a command, sends what waits in
 * it for at most budget_ms over a connection of its own, and tells the
 * officer on standard error what could not go. Quiet when the outbox is
 * empty or was never made. For every command that talks to the server.
 */
void td_write_flush_before(const struct td_client_opts *o, int budget_ms);

/*
 * Keeps w in ob, then sends what waits and w over s (which may already be
 * connected). Returns TD_EXIT_OK with *reply set when the server answered
 * w with the body wanted (the caller prints it and frees it); TD_EXIT_OK
 * with *reply NULL when w is kept to be sent later (the officer was told,
 * with w->seq, w->receipt_no); or another exit status after telling the
 * officer why (a refusal: what was typed stays in the outbox when w->typed).
 */
int td_write_send(struct td_session *s, struct td_outbox *ob,
                  struct td_write *w, Tiepdan__Envelope **reply);

/*
 * Tells that w was kept to be sent later: for a script, on standard output,
 * what it needs (csv or json: sent false, the entry, the receipt number
 * handed out offline or null, the key); for the officer, words (a
 * sentence ending in a newline). Returns an exit status.
 */
int td_write_print_kept(const struct td_global_args *g,
                        const struct td_write *w, const char *words);

/* Whether a SubmitPetition is secret: a denunciation, or a petitioner who
 * asked for confidentiality. */
int td_write_submit_secret(const Tiepdan__Envelope *req);

/* The server's HelloReply kept from the last connection, to free; NULL
 * when this computer never reached the server. */
Tiepdan__Envelope *td_write_kept_hello(struct td_outbox *ob);

/* The version this computer last saw of petition ref, plus the steps on it
 * still waiting in the outbox; -1 when it never saw it. */
int64_t td_write_known_version(struct td_outbox *ob, const char *ref);

/* Whether this computer saw petition ref as secret (a denunciation, a
 * confidential petitioner); 1 also when it never saw it. */
int td_write_known_secret(struct td_outbox *ob, const char *ref);

/* Remembers the version of a petition the server just showed (by its id
 * and receipt number, and as ref when not NULL). */
void td_write_saw(struct td_outbox *ob, const Tiepdan__Petition *p,
                  const char *ref);

/* Keeps the workstation's leased numbers topped up over s (connected):
 * this year's, and in December next year's too. Quiet; a server that
 * will not lease to this officer is asked again only a day later. */
void td_write_top_up_leases(struct td_session *s, struct td_outbox *ob);

#endif
