/*
 * The outbox-first write (see write.h): keep, then send; the flush before
 * each command; the workstation's leased receipt numbers; the versions of
 * petitions this computer saw, for steps typed offline.
 */
#include "cmd/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cmd/outbox.h"
#include "cmd/submit.h"
#include "cmd/terms_in.h"
#include "common/day.h"
#include "common/seal.h"
#include "lang/lang.h"

/* An entry this command is still deciding about waits this long before
 * another process (outbox watch) may send it; a command killed meanwhile
 * leaves it to be sent after that. */
#define HOLD_S 900

/* An entry that failed for want of a link this recently says the link is
 * down. */
#define LINK_DOWN_S 600

/* How long a command waits for another on the same petition. */
#define BUSY_WAIT_MS 20000

/* The year of Unix time t in Vietnam. */
static int vn_year(int64_t t)
{
  struct td_vn_clock c;
  char day[TD_DAY_LEN];

  td_vn_clock(t, &c);
  td_day_format(c.day, day);
  return (int)strtol(day, NULL, 10);
}

/* The server's certificate to seal to: the one of the connection when s
 * is connected, else the one kept from the last connection. */
static X509 *seal_cert(struct td_session *s, struct td_outbox *ob)
{
  char *pem = s->conn != NULL ? td_conn_peer_pem(s->conn) : NULL;
  X509 *x = NULL;
  BIO *b;

  if (pem == NULL)
    pem = td_outbox_meta_get(ob, "server_cert");
  if (pem == NULL)
    return NULL;
  b = BIO_new_mem_buf(pem, -1);
  if (b != NULL)
    x = PEM_read_bio_X509(b, NULL, NULL, NULL);
  BIO_free(b);
  free(pem);
  return x;
}

/* Whether req's times were stamped by this computer's clock (it carries
 * sent_at), and when it was last sent. */
static int clock_stamped(const Tiepdan__Envelope *req, int64_t *sent_at)
{
  if (req->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION &&
      req->submit_petition->has_sent_at) {
    *sent_at = req->submit_petition->sent_at;
    return 1;
  }
  if (req->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION &&
      req->transition->has_sent_at) {
    *sent_at = req->transition->sent_at;
    return 1;
  }
  return 0;
}

/* req as the outbox keeps it: packed, and sealed to the server when it
 * holds a secret. */
static int pack_entry(struct td_session *s, struct td_outbox *ob,
                      const Tiepdan__Envelope *req, int secret, uint8_t **buf,
                      size_t *len, char *err, size_t errlen)
{
  Tiepdan__Envelope outer = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SealedRequest sr = TIEPDAN__SEALED_REQUEST__INIT;
  uint8_t *plain, *cms = NULL;
  size_t n, cmsn = 0;
  X509 *cert;
  int rc;

  n = tiepdan__envelope__get_packed_size(req);
  plain = malloc(n ? n : 1);
  if (plain == NULL) {
    snprintf(err, errlen, "%s", _("out of memory"));
    return -1;
  }
  tiepdan__envelope__pack(req, plain);
  if (!secret) {
    *buf = plain;
    *len = n;
    return 0;
  }
  cert = seal_cert(s, ob);
  if (cert == NULL) {
    free(plain);
    snprintf(err, errlen, "%s",
             _("this computer has not reached the server yet, so it cannot "
               "seal a denouncer's or a confidential petitioner's identity "
               "for it; nothing was kept: try again when the link is up"));
    return -1;
  }
  rc = td_seal(cert, plain, n, &cms, &cmsn, err, errlen);
  OPENSSL_cleanse(plain, n);
  free(plain);
  X509_free(cert);
  if (rc != 0)
    return -1;
  sr.has_cms = 1;
  sr.cms.data = cms;
  sr.cms.len = cmsn;
  sr.has_sent_at = clock_stamped(req, &sr.sent_at);
  outer.body_case = TIEPDAN__ENVELOPE__BODY_SEALED_REQUEST;
  outer.sealed_request = &sr;
  *len = tiepdan__envelope__get_packed_size(&outer);
  *buf = malloc(*len ? *len : 1);
  if (*buf == NULL) {
    free(cms);
    snprintf(err, errlen, "%s", _("out of memory"));
    return -1;
  }
  tiepdan__envelope__pack(&outer, *buf);
  free(cms);
  return 0;
}

/* What the flush heard for w's entry. */
struct heard {
  int64_t seq;
  Tiepdan__Envelope *reply; /* A copy, the caller's. */
  struct td_outbox *ob;
};

static void on_reply(void *arg, const struct td_outbox_entry *e,
                     const Tiepdan__Envelope *reply)
{
  struct heard *h = arg;
  char target[96];
  int64_t seq = e->seq;
  uint8_t *buf;
  size_t n;

  /* e's strings go with the next call on the outbox. */
  snprintf(target, sizeof(target), "%s", e->target ? e->target : "");
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY &&
      reply->submit_reply->petition != NULL)
    td_write_saw(h->ob, reply->submit_reply->petition, target);
  else if (reply->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY &&
           reply->transition_reply->petition != NULL)
    td_write_saw(h->ob, reply->transition_reply->petition, target);
  if (seq != h->seq)
    return;
  n = tiepdan__envelope__get_packed_size(reply);
  buf = malloc(n ? n : 1);
  if (buf == NULL)
    return;
  tiepdan__envelope__pack(reply, buf);
  h->reply = tiepdan__envelope__unpack(NULL, n, buf);
  free(buf);
}

static void saw_secret(struct td_outbox *ob, const char *ref, int secret);

/*
 * The next leased number for the submit in w, set in its request (with the
 * workstation and the counter's time): the officer's own commune's, of the
 * year the citizen was received in. Call inside a transaction. Returns 1
 * when a number was taken into no, else 0.
 */
static int take_number(struct td_outbox *ob, struct td_write *w, int64_t now,
                       char *no, size_t cap, char **ws)
{
  Tiepdan__SubmitPetition *sp = w->req->submit_petition;
  char *unit, *role, err[512];
  int64_t at;
  int ok;

  *ws = NULL;
  if (w->req->body_case != TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION ||
      w->no_lease || (sp->receipt_no != NULL && sp->receipt_no[0] != '\0'))
    return 0;
  unit = td_outbox_meta_get(ob, "unit_code");
  role = td_outbox_meta_get(ob, "role");
  /* Leased numbers are the reception desk's, for its own commune. */
  ok = unit != NULL && role != NULL && strcmp(role, "reception") == 0 &&
       (sp->unit_code == NULL || sp->unit_code[0] == '\0' ||
        strcmp(sp->unit_code, unit) == 0);
  free(unit);
  free(role);
  if (!ok)
    return 0;
  *ws = td_outbox_meta_get(ob, "workstation");
  if (*ws == NULL)
    return 0;
  at = sp->has_received_at ? sp->received_at : now;
  if (td_outbox_lease_take(ob, vn_year(at), no, cap, err, sizeof(err)) != 0) {
    free(*ws);
    *ws = NULL;
    return 0;
  }
  sp->receipt_no = no;
  sp->workstation = *ws;
  return 1;
}

/*
 * Adds w, holding it for this command. A submit takes the next number
 * leased to this workstation in the same transaction, so the number the
 * citizen is given, online or not, is the one the server records. A key
 * already in the outbox (typed again with --key): an entry still waiting
 * is the one sent; one refused or waiting for a decision gives way to
 * what was typed now.
 */
static int keep(struct td_session *s, struct td_outbox *ob, struct td_write *w,
                int64_t next_try, char *err, size_t errlen)
{
  struct td_outbox_entry e;
  uint8_t *buf = NULL;
  size_t len = 0;
  char no[40], *ws = NULL, w_ws[40] = "";
  int64_t now = (int64_t)time(NULL), old;
  int rc, numbered;

  if (td_outbox_by_key(ob, w->key, &old, err, errlen) == 0 &&
      td_outbox_get(ob, old, &e, err, errlen) == 0) {
    if (e.state == TD_OUTBOX_WAITING) {
      w->seq = old;
      w->kept_at = e.created_at;
      return td_outbox_hold(ob, w->seq, next_try, err, errlen);
    }
    if (td_outbox_drop(ob, old, now, _("typed again with the same key"), err,
                       errlen) != 0)
      return -1;
  }
  if (td_outbox_begin(ob, err, errlen) != 0)
    return -1;
  numbered = take_number(ob, w, now, no, sizeof(no), &ws);
  memset(&e, 0, sizeof(e));
  rc = pack_entry(s, ob, w->req, w->secret, &buf, &len, err, errlen);
  if (numbered) {
    w->req->submit_petition->receipt_no = NULL;
    w->req->submit_petition->workstation = NULL;
    snprintf(w_ws, sizeof(w_ws), "%s", ws);
  }
  free(ws);
  if (rc == 0) {
    e.op = w->op;
    e.target = numbered ? no : w->target ? w->target : "";
    e.key = w->key;
    e.request = buf;
    e.request_len = len;
    e.sealed = w->secret;
    e.label = w->label;
    rc = td_outbox_add(ob, &e, now, &w->seq, err, errlen);
  }
  if (buf != NULL)
    OPENSSL_cleanse(buf, len);
  free(buf);
  if (rc == 0)
    rc = td_outbox_hold(ob, w->seq, next_try, err, errlen);
  if (rc != 0 || td_outbox_commit(ob, err, errlen) != 0) {
    td_outbox_rollback(ob);
    return -1;
  }
  w->kept_at = now;
  if (numbered) {
    snprintf(w->receipt_no, sizeof(w->receipt_no), "%s", no);
    snprintf(w->workstation, sizeof(w->workstation), "%s", w_ws);
    /* Whether its identities are secret is known here: a note typed on
     * that number before the link is back is sealed only if they are
     * (unknown numbers are sealed to be safe). */
    saw_secret(ob, no, w->secret);
  }
  return 0;
}

/* The entry was refused while the officer watched: with nothing typed in
 * it, it goes (the journal keeps a line); else it stays, out of the way of
 * what the officer does next on that petition. */
static void settle_refused(struct td_outbox *ob, struct td_write *w,
                           const char *words)
{
  struct td_outbox_entry e;
  char err[512];
  int decide;

  if (!w->typed) {
    (void)td_outbox_drop(ob, w->seq, (int64_t)time(NULL), words, err,
                         sizeof(err));
    return;
  }
  decide = td_outbox_get(ob, w->seq, &e, err, sizeof(err)) == 0 &&
           e.state == TD_OUTBOX_DECISION;
  (void)td_outbox_release(ob, w->seq, err, sizeof(err));
  if (decide)
    fprintf(stderr,
            _("tiepdan: what you typed is kept in the outbox as entry %lld: "
              "\"tiepdan outbox retry %lld\" sends it on the petition as it "
              "is now, \"tiepdan outbox drop %lld\" gives it up\n"),
            (long long)w->seq, (long long)w->seq, (long long)w->seq);
  else
    fprintf(stderr,
            _("tiepdan: what you typed is kept in the outbox as entry %lld: "
              "\"tiepdan outbox export %lld\" gives it back, \"tiepdan "
              "outbox drop %lld\" gives it up\n"),
            (long long)w->seq, (long long)w->seq, (long long)w->seq);
}

/* Whether a failure of the link is one of this computer's settings (its
 * certificate or key cannot be read), which waiting will not mend. A TLS
 * failure is not told apart from a link cut during the handshake, so the
 * entry is said kept like any other: the officer who reads "failed" might
 * type it again under a new key. */
static int settings_failure(int r)
{
  return r == TD_ECREDS || r == TD_EUSAGE;
}

static int write_send(struct td_session *s, struct td_outbox *ob,
                      struct td_write *w, Tiepdan__Envelope **reply);

/* The server's HelloReply kept from the last connection (its terms turn
 * what the officer typed into codes offline); NULL when none. */
Tiepdan__Envelope *td_write_kept_hello(struct td_outbox *ob)
{
  char *hex = td_outbox_meta_get(ob, "hello");
  Tiepdan__Envelope *env = NULL;
  uint8_t *buf;
  size_t n, i;

  if (hex == NULL)
    return NULL;
  n = strlen(hex) / 2;
  buf = malloc(n ? n : 1);
  if (buf != NULL) {
    for (i = 0; i < n; i++) {
      unsigned v;

      if (sscanf(hex + 2 * i, "%2x", &v) != 1)
        break;
      buf[i] = (uint8_t)v;
    }
    if (i == n)
      env = tiepdan__envelope__unpack(NULL, n, buf);
    free(buf);
  }
  free(hex);
  if (env != NULL && env->body_case != TIEPDAN__ENVELOPE__BODY_HELLO_REPLY) {
    tiepdan__envelope__free_unpacked(env, NULL);
    env = NULL;
  }
  return env;
}

static void keep_hello(struct td_session *s, struct td_outbox *ob)
{
  static const char digits[] = "0123456789abcdef";
  char *hex, err[256];
  uint8_t *buf;
  size_t n, i;

  if (s->hello == NULL || s->hello->hello_reply == NULL)
    return;
  n = tiepdan__envelope__get_packed_size(s->hello);
  buf = malloc(n ? n : 1);
  hex = malloc(2 * n + 1);
  if (buf != NULL && hex != NULL) {
    tiepdan__envelope__pack(s->hello, buf);
    for (i = 0; i < n; i++) {
      hex[2 * i] = digits[buf[i] >> 4];
      hex[2 * i + 1] = digits[buf[i] & 15];
    }
    hex[2 * n] = '\0';
    (void)td_outbox_meta_set(ob, "hello", hex, err, sizeof(err));
  }
  free(buf);
  free(hex);
}

/*
 * Turns what the officer typed (a kind's name, an outcome's) into codes
 * before the request is kept, sealed perhaps, for good: with the terms of
 * this connection, else of the last one. A computer that never reached the
 * server greets it first. Returns TD_EXIT_OK, or an exit status after
 * saying why (a value that names nothing is a usage error).
 */
static int resolve_typed(struct td_session *s, struct td_outbox *ob,
                         struct td_write *w, Tiepdan__Envelope **kept)
{
  Tiepdan__Envelope *hello = NULL;
  const Tiepdan__HelloReply *h = NULL;
  char err[2048];

  *kept = NULL;
  if (s->hello == NULL)
    *kept = td_write_kept_hello(ob);
  /* The session hands its Hello to whoever asks for it alone: it goes
   * back, for the terms of the answer and the leases. */
  if (s->hello == NULL && *kept == NULL &&
      td_session_call(s, NULL, &hello, err, sizeof(err)) == 0)
    s->hello = hello;
  if (s->hello != NULL)
    h = s->hello->hello_reply;
  else if (*kept != NULL)
    h = (*kept)->hello_reply;
  if (h == NULL)
    return TD_EXIT_OK; /* Sent as typed: codes pass, names are refused. */
  if (td_terms_in_resolve(h, w->req, err, sizeof(err)) != 0) {
    fprintf(stderr, "tiepdan: %s\n", err);
    return TD_EXIT_USAGE;
  }
  return TD_EXIT_OK;
}

int td_write_send(struct td_session *s, struct td_outbox *ob,
                  struct td_write *w, Tiepdan__Envelope **reply)
{
  Tiepdan__Envelope *kept_terms;
  int code;

  code = resolve_typed(s, ob, w, &kept_terms);
  if (code == TD_EXIT_OK && w->secret_of != NULL && w->secret_of(w->req))
    w->secret = 1;
  if (w->secret && w->sealed_label != NULL)
    w->label = w->sealed_label;
  if (code == TD_EXIT_OK)
    code = write_send(s, ob, w, reply);
  if (kept_terms != NULL)
    tiepdan__envelope__free_unpacked(kept_terms, NULL);
  return code;
}

/* Sends what waits, w's entry among it; what the server answered to w is
 * in h. */
static int flush_with(struct td_session *s, struct td_outbox *ob,
                      struct td_write *w, struct heard *h,
                      struct td_outbox_flush *r)
{
  struct td_outbox_flush mine;
  char err[1024];
  int rc, waited;

  memset(h, 0, sizeof(*h));
  h->seq = w->seq;
  h->ob = ob;
  /* What waits first, but w, which this command holds (another command
   * or outbox watch leaves it alone meanwhile)... */
  if (td_outbox_flush(s, ob, 0, 1, on_reply, h, r, err, sizeof(err)) != 0) {
    fprintf(stderr, "tiepdan: %s\n", err);
    return -1;
  }
  if (r->link_down)
    return 0;
  /* ...then w itself, once a command sending an earlier entry on the same
   * petition from this computer is done with it (a few seconds at most). */
  for (waited = 0;; waited += 50) {
    memset(&mine, 0, sizeof(mine));
    s->maybe_sent = 0;
    rc =
        td_outbox_send_one(s, ob, w->seq, on_reply, h, &mine, err, sizeof(err));
    if (rc != 2 || waited >= BUSY_WAIT_MS)
      break;
    usleep(50 * 1000);
  }
  if (rc < 0) {
    fprintf(stderr, "tiepdan: %s\n", err);
    return -1;
  }
  r->sent += mine.sent;
  r->link_down = mine.link_down;
  r->link_error = mine.link_error;
  r->left = mine.left;
  if (mine.link_down)
    snprintf(r->why, sizeof(r->why), "%s", mine.why);
  /* Its own refusal is told by the command, not counted with the rest. */
  return 0;
}

/* Whether the server refused the leased number w carried (its commune
 * merged into another since the block was leased, say). */
static int number_refused(const struct td_write *w, const Tiepdan__Envelope *r)
{
  const char *f;

  if (w->receipt_no[0] == '\0' || r == NULL ||
      r->body_case != TIEPDAN__ENVELOPE__BODY_ERROR ||
      r->error->code != TIEPDAN__ERROR_CODE__INVALID_ARGUMENT)
    return 0;
  f = r->error->field;
  return f != NULL &&
         (strcmp(f, "receipt_no") == 0 || strcmp(f, "workstation") == 0);
}

/* Sends w again without its leased number, which the server refused while
 * the officer watched (nothing was printed for the citizen yet): the
 * server numbers it, and the workstation's leases, stale, are forgotten. */
static int unnumber(struct td_session *s, struct td_outbox *ob,
                    struct td_write *w)
{
  uint8_t *buf = NULL;
  size_t len = 0;
  char err[512];
  int rc;

  (void)td_outbox_lease_clear(ob, err, sizeof(err));
  (void)td_outbox_meta_set(ob, "unit_code", "", err, sizeof(err));
  w->receipt_no[0] = '\0';
  rc = pack_entry(s, ob, w->req, w->secret, &buf, &len, err, sizeof(err));
  if (rc == 0)
    rc = td_outbox_rewrite(ob, w->seq, "", buf, len, err, sizeof(err));
  if (rc == 0)
    rc = td_outbox_retry(ob, w->seq, NULL, 0, err, sizeof(err));
  if (buf != NULL)
    OPENSSL_cleanse(buf, len);
  free(buf);
  return rc;
}

/*
 * w was kept and not sent: the times the deadline counts from are the
 * counter's, stamped now from this computer's clock (with sent_at, so the
 * server checks that clock); a time the officer typed stays as typed. A
 * submit that certainly never reached the server and has no number yet
 * takes one (may_number). All in one transaction that rewrites the entry.
 */
static void settle_kept(struct td_session *s, struct td_outbox *ob,
                        struct td_write *w, int may_number)
{
  Tiepdan__SubmitPetition *sp = NULL;
  Tiepdan__Transition *t = NULL;
  char no[40], *ws = NULL, err[512];
  uint8_t *buf = NULL;
  size_t len = 0;
  int changed = 0, numbered = 0;

  if (w->req->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION)
    sp = w->req->submit_petition;
  else if (w->req->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION)
    t = w->req->transition;
  if (td_outbox_begin(ob, err, sizeof(err)) != 0)
    return;
  if (sp != NULL && !sp->has_received_at) {
    sp->has_received_at = sp->has_sent_at = 1;
    sp->received_at = sp->sent_at = w->kept_at;
    changed = 1;
  }
  if (t != NULL && !t->has_at) {
    t->has_at = t->has_sent_at = 1;
    t->at = t->sent_at = w->kept_at;
    changed = 1;
  }
  if (sp != NULL && may_number && w->receipt_no[0] == '\0')
    numbered = take_number(ob, w, w->kept_at, no, sizeof(no), &ws);
  if (sp != NULL && !numbered && w->receipt_no[0] != '\0') {
    sp->receipt_no = w->receipt_no;
    sp->workstation = w->workstation;
  }
  if ((changed || numbered) &&
      pack_entry(s, ob, w->req, w->secret, &buf, &len, err, sizeof(err)) == 0 &&
      td_outbox_rewrite(ob, w->seq, numbered ? no : NULL, buf, len, err,
                        sizeof(err)) == 0 &&
      td_outbox_commit(ob, err, sizeof(err)) == 0) {
    if (numbered) {
      snprintf(w->receipt_no, sizeof(w->receipt_no), "%s", no);
      snprintf(w->workstation, sizeof(w->workstation), "%s", ws);
      saw_secret(ob, no, w->secret);
    }
  } else {
    td_outbox_rollback(ob);
  }
  if (sp != NULL) {
    sp->receipt_no = NULL;
    sp->workstation = NULL;
  }
  if (buf != NULL)
    OPENSSL_cleanse(buf, len);
  free(buf);
  free(ws);
}

/* Whether an entry failed to go for want of a link in the last minutes:
 * the link is known to be down. */
static int failed_lately(void *arg, const struct td_outbox_entry *e)
{
  int *down = arg;

  if (e->state == TD_OUTBOX_WAITING && e->attempts > 0 &&
      e->last_try > (int64_t)time(NULL) - LINK_DOWN_S)
    *down = 1;
  return *down;
}

static int write_send(struct td_session *s, struct td_outbox *ob,
                      struct td_write *w, Tiepdan__Envelope **reply)
{
  struct td_outbox_flush r;
  struct heard h;
  struct td_outbox_entry e;
  int down = 0;
  char err[1024];
  int rc, code;

  *reply = NULL;
  w->receipt_no[0] = '\0';
  if (keep(s, ob, w, (int64_t)time(NULL) + HOLD_S, err, sizeof(err)) != 0) {
    fprintf(stderr, "tiepdan: %s\n", err);
    return TD_EXIT_INTERNAL;
  }
  /* The link was down a moment ago: one try, not the retries' waits, so
   * the officer at the counter is told at once that the write is kept. */
  if (td_outbox_each(ob, failed_lately, &down, err, sizeof(err)) == 0 && down)
    s->retries = 0;
  if (flush_with(s, ob, w, &h, &r) != 0)
    return TD_EXIT_INTERNAL;
  if (number_refused(w, h.reply)) {
    tiepdan__envelope__free_unpacked(h.reply, NULL);
    if (unnumber(s, ob, w) != 0 || flush_with(s, ob, w, &h, &r) != 0)
      return TD_EXIT_INTERNAL;
  }
  if (h.reply != NULL && h.reply->body_case != TIEPDAN__ENVELOPE__BODY_ERROR) {
    /* The server took it: its answer is the command's. */
    *reply = h.reply;
    if (r.decisions + r.refused > 0)
      td_outbox_tell_flush(&r);
    td_write_top_up_leases(s, ob);
    return td_call_judge_on(s, reply, w->want, w->call);
  }
  if (h.reply != NULL && !td_session_error_retryable(h.reply->error)) {
    const Tiepdan__Error *x = h.reply->error;
    char why[1024], words[1200];

    snprintf(words, sizeof(words), "%s: %s", td_call_code_words(x->code),
             td_call_error_words(x, why, sizeof(why)));
    code = w->refused != NULL ? w->refused(x, w->refused_arg) : -1;
    if (code >= 0) {
      tiepdan__envelope__free_unpacked(h.reply, NULL);
    } else {
      *reply = h.reply;
      code = td_call_judge_on(s, reply, w->want, w->call);
      *reply = NULL;
    }
    settle_refused(ob, w, words);
    return code;
  }
  /* Not sent: kept, on the counter's time. A submit that certainly never
   * reached the server (no answer, and it never left this computer) may
   * take a leased number now. */
  rc = td_outbox_get(ob, w->seq, &e, err, sizeof(err));
  if (rc == 0) {
    int64_t next_try = e.next_try, now = (int64_t)time(NULL);

    settle_kept(s, ob, w,
                h.reply == NULL && (e.attempts == 0 || !s->maybe_sent));
    /* Decided: no longer this command's to send. Never tried (the link
     * fell on an earlier entry, or one before it on its petition holds it
     * back): at the next chance. */
    if (next_try > now + TD_OUTBOX_BACKOFF_MAX)
      (void)td_outbox_hold(ob, w->seq, 0, err, sizeof(err));
  }
  if (h.reply != NULL)
    tiepdan__envelope__free_unpacked(h.reply, NULL);
  code = TD_EXIT_OK;
  if (r.link_down && settings_failure(r.link_error)) {
    fprintf(stderr, "tiepdan: %s\n", r.why);
    code = TD_EXIT_CONNECT;
  } else if (r.link_down) {
    fprintf(stderr, _("tiepdan: the server cannot be reached now: %s\n"),
            r.why);
  }
  if (r.decisions + r.refused > 0)
    td_outbox_tell_flush(&r);
  return code;
}

int td_write_submit_secret(const Tiepdan__Envelope *req)
{
  const Tiepdan__SubmitPetition *sp;

  if (req->body_case != TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION)
    return 0;
  sp = req->submit_petition;
  return (sp->has_confidential && sp->confidential) ||
         (sp->kind != NULL && strcmp(sp->kind, "denunciation") == 0);
}

int td_write_print_kept(const struct td_global_args *g,
                        const struct td_write *w, const char *words)
{
  const char *no = w->receipt_no[0] ? w->receipt_no : NULL;
  int r;

  if (g->format == TD_FORMAT_JSON)
    r = printf("{\"sent\":false,\"outbox_entry\":%lld,\"receipt_no\":%s%s%s,"
               "\"idempotency_key\":\"%s\"}\n",
               (long long)w->seq, no ? "\"" : "", no ? no : "null",
               no ? "\"" : "", w->key);
  else if (g->format == TD_FORMAT_CSV)
    r = printf("sent,outbox_entry,receipt_no,idempotency_key\r\n"
               "false,%lld,%s,%s\r\n",
               (long long)w->seq, no ? no : "", w->key);
  else
    r = fputs(words, stdout);
  return td_call_finish_output(r < 0 ? -1 : 0);
}

/* The flush before a command --------------------------------------------- */

void td_write_flush_before(const struct td_client_opts *o, int budget_ms)
{
  struct td_client_opts quick = *o;
  struct td_outbox *ob = NULL;
  struct td_outbox_flush r;
  struct td_session s;
  char err[512];
  int64_t n = 0;

  if (td_outbox_open_default(o, 1, &ob) != 0 || ob == NULL)
    return;
  if (td_outbox_count(ob, &n, err, sizeof(err)) != 0 || n == 0) {
    td_outbox_close(ob);
    return;
  }
  /* Bounded: a link that does not answer soon is tried again later. */
  if (quick.timeout_ms <= 0 || quick.timeout_ms > budget_ms)
    quick.timeout_ms = budget_ms;
  td_session_init(&s, &quick);
  if (td_outbox_flush(&s, ob, budget_ms, 0, NULL, NULL, &r, err, sizeof(err)) !=
      0) {
    fprintf(stderr, "tiepdan: %s\n", err);
  } else {
    if (r.sent > 0)
      fprintf(stderr,
              td_ngettext("tiepdan: %d entry of the outbox was sent\n",
                          "tiepdan: %d entries of the outbox were sent\n",
                          (unsigned long)r.sent),
              r.sent);
    if (r.left > 0 && (r.link_down || r.decisions + r.refused > 0))
      fprintf(stderr,
              td_ngettext("tiepdan: %lld entry waits in the outbox: see "
                          "\"tiepdan outbox\"\n",
                          "tiepdan: %lld entries wait in the outbox: see "
                          "\"tiepdan outbox\"\n",
                          (unsigned long)r.left),
              (long long)r.left);
    if (s.conn != NULL && !r.link_down)
      td_write_top_up_leases(&s, ob);
  }
  td_session_close(&s);
  td_outbox_close(ob);
}

/* Versions seen ---------------------------------------------------------- */

static void saw_as(struct td_outbox *ob, const char *ref, int64_t version)
{
  char name[96], v[24], err[256];

  snprintf(name, sizeof(name), "version:%s", ref);
  snprintf(v, sizeof(v), "%lld", (long long)version);
  (void)td_outbox_meta_set(ob, name, v, err, sizeof(err));
}

static void saw_secret(struct td_outbox *ob, const char *ref, int secret)
{
  char name[96], err[256];

  snprintf(name, sizeof(name), "secret:%s", ref);
  (void)td_outbox_meta_set(ob, name, secret ? "1" : "0", err, sizeof(err));
}

int td_write_known_secret(struct td_outbox *ob, const char *ref)
{
  char name[96], *v;
  int secret;

  snprintf(name, sizeof(name), "secret:%s", ref);
  v = td_outbox_meta_get(ob, name);
  secret = v == NULL || strcmp(v, "0") != 0;
  free(v);
  return secret;
}

void td_write_saw(struct td_outbox *ob, const Tiepdan__Petition *p,
                  const char *ref)
{
  char id[24];
  int secret;

  if (ob == NULL || p == NULL || !p->has_version)
    return;
  secret = (p->has_confidential && p->confidential) ||
           (p->kind != NULL && strcmp(p->kind, "denunciation") == 0);
  if (ref != NULL && ref[0] != '\0')
    saw_secret(ob, ref, secret);
  if (p->receipt_no != NULL && p->receipt_no[0] != '\0')
    saw_secret(ob, p->receipt_no, secret);
  if (p->has_id) {
    snprintf(id, sizeof(id), "%lld", (long long)p->id);
    saw_as(ob, id, p->version);
  }
  if (p->receipt_no != NULL && p->receipt_no[0] != '\0')
    saw_as(ob, p->receipt_no, p->version);
  if (ref != NULL && ref[0] != '\0')
    saw_as(ob, ref, p->version);
}

/* Counts the steps on target still waiting (each will move its version
 * on by one). */
struct pending {
  const char *target;
  int64_t n;
};

static int count_step(void *arg, const struct td_outbox_entry *e)
{
  struct pending *p = arg;

  if (strcmp(e->target, p->target) == 0 && strcmp(e->op, "note") != 0 &&
      strcmp(e->op, "submit") != 0)
    p->n++;
  return 0;
}

int64_t td_write_known_version(struct td_outbox *ob, const char *ref)
{
  struct pending p = {ref, 0};
  char name[96], err[256], *v;
  int64_t version;

  snprintf(name, sizeof(name), "version:%s", ref);
  v = td_outbox_meta_get(ob, name);
  if (v == NULL)
    return -1;
  version = strtoll(v, NULL, 10);
  free(v);
  if (td_outbox_each(ob, count_step, &p, err, sizeof(err)) != 0)
    return -1;
  return version + p.n;
}

/* Leases ----------------------------------------------------------------- */

/* The workstation's UUID, made once. */
static char *workstation(struct td_outbox *ob)
{
  char *ws = td_outbox_meta_get(ob, "workstation");
  char uuid[TD_UUID_LEN + 1], err[256];

  if (ws != NULL)
    return ws;
  if (td_uuid_v4(uuid) != 0 ||
      td_outbox_meta_set(ob, "workstation", uuid, err, sizeof(err)) != 0)
    return NULL;
  return td_outbox_meta_get(ob, "workstation");
}

static void lease_year(struct td_session *s, struct td_outbox *ob,
                       const char *ws, int year)
{
  int keep = s->opts->offline_receipts > 0 ? s->opts->offline_receipts
                                           : TD_OFFLINE_RECEIPTS_DEFAULT;
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT, *reply = NULL;
  Tiepdan__LeaseReceipts m = TIEPDAN__LEASE_RECEIPTS__INIT;
  const Tiepdan__ReceiptLease *l;
  char why[512], err[256], until[24];
  int64_t left = 0;

  /* Topped up to keep once half of it is used. */
  if (td_outbox_lease_left(ob, year, &left, err, sizeof(err)) != 0 ||
      left * 2 >= keep)
    return;
  m.workstation = (char *)ws;
  m.has_count = 1;
  m.count = (uint32_t)(keep - left);
  m.has_year = 1;
  m.year = (uint32_t)year;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LEASE_RECEIPTS;
  env.lease_receipts = &m;
  if (td_session_call(s, &env, &reply, why, sizeof(why)) != 0)
    return;
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASE_REPLY) {
    l = reply->receipt_lease_reply;
    if (l->prefix != NULL && l->has_first && l->has_last)
      (void)td_outbox_lease_add(ob, l->prefix, (int)l->year, l->first, l->last,
                                err, sizeof(err));
  } else if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR &&
             !td_session_error_retryable(reply->error)) {
    /* Not this officer's to lease (not a commune's reception desk): ask
     * again tomorrow, not at every command. */
    snprintf(until, sizeof(until), "%lld", (long long)time(NULL) + 86400);
    (void)td_outbox_meta_set(ob, "lease_refused_until", until, err,
                             sizeof(err));
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
}

void td_write_top_up_leases(struct td_session *s, struct td_outbox *ob)
{
  const Tiepdan__HelloReply *h;
  char *ws, *v, err[256];
  int64_t now = (int64_t)time(NULL);
  int year;

  if (s->hello == NULL || s->hello->hello_reply == NULL)
    return;
  h = s->hello->hello_reply;
  keep_hello(s, ob);
  /* What an offline receipt prints of the officer and their commune. */
  if (h->unit != NULL && h->unit->code != NULL) {
    v = td_outbox_meta_get(ob, "unit_code");
    /* Another commune now (a merge): the numbers leased for the old one
     * are not this one's. */
    if (v != NULL && strcmp(v, h->unit->code) != 0)
      (void)td_outbox_lease_clear(ob, err, sizeof(err));
    free(v);
    (void)td_outbox_meta_set(ob, "unit_code", h->unit->code, err, sizeof(err));
    if (h->unit->name != NULL)
      (void)td_outbox_meta_set(ob, "unit_name", h->unit->name, err,
                               sizeof(err));
  }
  if (h->principal_name != NULL)
    (void)td_outbox_meta_set(ob, "officer", h->principal_name, err,
                             sizeof(err));
  (void)td_outbox_meta_set(
      ob, "role", h->role == TIEPDAN__ROLE__RECEPTION ? "reception" : "other",
      err, sizeof(err));
  /* Only a commune's reception desk hands out receipt numbers. */
  if (h->role != TIEPDAN__ROLE__RECEPTION)
    return;
  v = td_outbox_meta_get(ob, "lease_refused_until");
  if (v != NULL && strtoll(v, NULL, 10) > now) {
    free(v);
    return;
  }
  free(v);
  ws = workstation(ob);
  if (ws == NULL)
    return;
  year = vn_year(now);
  lease_year(s, ob, ws, year);
  /* In December, next year's numbers too: the link may be down on 1
   * January. */
  if (vn_year(now + 31 * 86400) != year)
    lease_year(s, ob, ws, year + 1);
  free(ws);
}
