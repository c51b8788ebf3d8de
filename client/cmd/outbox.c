/*
 * The outbox from the commands (see outbox.h), and `tiepdan outbox`: what
 * waits, with its age, attempts and last error; send now; keep sending in
 * the background; and the officer's decisions on what the server would not
 * take as it was (retry on the petition as it is now, drop, or take the
 * typed text out).
 */
#include "cmd/outbox.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/write.h"
#include "common/utf8.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/datetime.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* The start of the SHA-256 fingerprint of the certificate at path, in
 * hex: what names its outbox. */
static int cert_tag(const char *path, char tag[17], char *err, size_t errlen)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0, i;
  X509 *x = NULL;
  FILE *f;

  f = path != NULL ? fopen(path, "r") : NULL;
  if (f != NULL) {
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
  }
  if (x == NULL || X509_digest(x, EVP_sha256(), md, &n) != 1 || n < 8) {
    X509_free(x);
    snprintf(err, errlen,
             _("cannot read this computer's certificate %s, which names its "
               "outbox"),
             path != NULL ? path : "-");
    return -1;
  }
  X509_free(x);
  for (i = 0; i < 8; i++)
    snprintf(tag + 2 * i, 3, "%02x", md[i]);
  return 0;
}

int td_outbox_path(const struct td_client_opts *o, char *path, size_t cap,
                   char *err, size_t errlen)
{
  const char *v = getenv("TIEPDAN_OUTBOX");
  const char *state = getenv("XDG_STATE_HOME");
  const char *home = getenv("HOME");
  char tag[17];
  int n;

  if (cert_tag(o->cert, tag, err, errlen) != 0)
    return -1;
  if (v != NULL && v[0] != '\0') {
    n = snprintf(path, cap, "%s/outbox-%s.db", v, tag);
  } else if (state != NULL && state[0] == '/') {
    n = snprintf(path, cap, "%s/tiepdan/outbox-%s.db", state, tag);
  } else if (home != NULL && home[0] != '\0') {
    n = snprintf(path, cap, "%s/.local/state/tiepdan/outbox-%s.db", home, tag);
  } else {
    snprintf(err, errlen, "%s",
             _("no place for the outbox: set HOME or TIEPDAN_OUTBOX"));
    return -1;
  }
  if (n < 0 || (size_t)n >= cap) {
    snprintf(err, errlen, "%s", _("the outbox's path is too long"));
    return -1;
  }
  return 0;
}

int td_outbox_open_default(const struct td_client_opts *o, int only_if_exists,
                           struct td_outbox **ob)
{
  char path[4096], aside[4200], err[512];
  int r;

  *ob = NULL;
  if (td_outbox_path(o, path, sizeof(path), err, sizeof(err)) != 0) {
    /* Only looking: the command itself tells what is wrong. */
    if (only_if_exists)
      return 0;
    fprintf(stderr, "tiepdan: %s\n", err);
    return -1;
  }
  if (only_if_exists && access(path, F_OK) != 0)
    return 0;
  r = td_outbox_open(path, ob, aside, sizeof(aside), err, sizeof(err));
  if (r == TD_OUTBOX_DAMAGED) {
    /* Said loudly: what it held may still be read from the copy. */
    fprintf(stderr,
            _("tiepdan: the outbox was damaged (%s). It was kept aside as "
              "%s; a new, empty outbox is used from now on. Show the kept "
              "file to your technician: what it holds may not have reached "
              "the server.\n"),
            err, aside);
    r = td_outbox_open(path, ob, aside, sizeof(aside), err, sizeof(err));
  }
  if (r != 0) {
    fprintf(stderr, "tiepdan: %s\n", err);
    *ob = NULL;
    return -1;
  }
  return 0;
}

static int64_t now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How a refusal leaves an entry: the petition changed under a step (the
 * officer decides), or a refusal no retry can fix. */
static enum td_outbox_state refusal_state(const struct td_outbox_entry *en,
                                          const Tiepdan__Error *e)
{
  /* Only a step has a petition that can move under it. */
  if (strcmp(en->op, "submit") != 0 && strncmp(en->op, "session", 7) != 0 &&
      (e->code == TIEPDAN__ERROR_CODE__CONFLICT ||
       e->code == TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION))
    return TD_OUTBOX_DECISION;
  return TD_OUTBOX_REFUSED;
}

/* This attempt's time, so the server can tell a wrong clock, in an entry
 * whose times this computer's clock stamped (it carries sent_at from when
 * it was kept; a sealed request carries it outside the seal). A time the
 * officer typed is theirs, not the clock's: nothing to correct. */
static void stamp(Tiepdan__Envelope *req, int64_t now)
{
  switch (req->body_case) {
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION:
    if (req->submit_petition->has_sent_at)
      req->submit_petition->sent_at = now;
    break;
  case TIEPDAN__ENVELOPE__BODY_TRANSITION:
    if (req->transition->has_sent_at)
      req->transition->sent_at = now;
    break;
  case TIEPDAN__ENVELOPE__BODY_SEALED_REQUEST:
    if (req->sealed_request->has_sent_at)
      req->sealed_request->sent_at = now;
    break;
  default:
    break;
  }
}

static int versionless(const Tiepdan__Envelope *req)
{
  return req->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION &&
         !req->transition->has_expected_version &&
         req->transition->action != TIEPDAN__ACTION__NOTE;
}

/* Reads the version of the petition of the step req into it. Returns as
 * td_session_call; *reply is set only to the server's Error. */
static int read_version(struct td_session *s, Tiepdan__Envelope *req,
                        Tiepdan__Envelope **reply, char *why, size_t whylen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT, *got = NULL;
  Tiepdan__GetPetition get = TIEPDAN__GET_PETITION__INIT;
  const Tiepdan__Transition *t = req->transition;
  int rc;

  *reply = NULL;
  if (t->key_case == TIEPDAN__TRANSITION__KEY_PETITION_ID) {
    get.key_case = TIEPDAN__GET_PETITION__KEY_ID;
    get.id = t->petition_id;
  } else {
    get.key_case = TIEPDAN__GET_PETITION__KEY_RECEIPT_NO;
    get.receipt_no = t->receipt_no;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_PETITION;
  env.get_petition = &get;
  rc = td_session_call(s, &env, &got, why, whylen);
  if (rc != 0)
    return rc;
  if (got->body_case == TIEPDAN__ENVELOPE__BODY_GET_REPLY &&
      got->get_reply->petition != NULL &&
      got->get_reply->petition->has_version) {
    req->transition->has_expected_version = 1;
    req->transition->expected_version = got->get_reply->petition->version;
    tiepdan__envelope__free_unpacked(got, NULL);
    return 0;
  }
  *reply = got; /* An Error, told as the step's own. */
  return 0;
}

/* Keeps the certificate of the server s reached, to seal to it offline. */
static void keep_server_cert(struct td_session *s, struct td_outbox *ob)
{
  char *pem = td_conn_peer_pem(s->conn), *old, err[256];

  if (pem == NULL)
    return;
  old = td_outbox_meta_get(ob, "server_cert");
  if (old == NULL || strcmp(old, pem) != 0)
    (void)td_outbox_meta_set(ob, "server_cert", pem, err, sizeof(err));
  free(old);
  free(pem);
}

/* Sends entry e over s and records what became of it. Returns 0 when the
 * flush may go on, 1 when the link is down (stop), -1 when the outbox
 * failed (err). */
static int send_entry(struct td_session *s, struct td_outbox *ob,
                      const struct td_outbox_entry *e,
                      td_outbox_reply_cb on_reply, void *arg,
                      struct td_outbox_flush *r, char *err, size_t errlen)
{
  Tiepdan__Envelope *req, *reply = NULL;
  enum td_outbox_state st;
  int64_t seq = e->seq;
  char why[512], words[1024];
  int rc;

  req = tiepdan__envelope__unpack(NULL, e->request_len, e->request);
  if (req == NULL) {
    /* Kept as typed, for the officer to take out: never thrown away. */
    if (td_outbox_failed(ob, seq, (int64_t)time(NULL), TD_OUTBOX_REFUSED,
                         _("the entry cannot be read back"), err, errlen) != 0)
      return -1;
    r->refused++;
    return 0;
  }
  /* A step typed offline on a petition never seen here: on the version
   * the server holds when it is sent. */
  rc = versionless(req) ? read_version(s, req, &reply, why, sizeof(why)) : 0;
  if (rc == 0 && reply == NULL) {
    stamp(req, (int64_t)time(NULL));
    rc = td_session_call(s, req, &reply, why, sizeof(why));
  }
  tiepdan__envelope__free_unpacked(req, NULL);
  if (rc != 0) {
    r->link_down = 1;
    r->link_error = rc;
    snprintf(r->why, sizeof(r->why), "%s", why);
    if (td_outbox_failed(ob, seq, (int64_t)time(NULL), TD_OUTBOX_WAITING, why,
                         err, errlen) != 0)
      return -1;
    return 1;
  }
  /* e's strings live until the next call on ob: what they decide first. */
  st = reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR &&
               !td_session_error_retryable(reply->error)
           ? refusal_state(e, reply->error)
           : TD_OUTBOX_WAITING;
  if (on_reply != NULL)
    on_reply(arg, e, reply);
  keep_server_cert(s, ob);
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR) {
    const Tiepdan__Error *x = reply->error;

    snprintf(words, sizeof(words), "%s: %s", td_call_code_words(x->code),
             td_call_error_words(x, why, sizeof(why)));
    rc = td_outbox_failed(ob, seq, (int64_t)time(NULL), st, words, err, errlen);
    tiepdan__envelope__free_unpacked(reply, NULL);
    if (rc != 0)
      return -1;
    if (st == TD_OUTBOX_WAITING) {
      r->link_down = 1;
      snprintf(r->why, sizeof(r->why), "%s", words);
      return 1;
    }
    if (st == TD_OUTBOX_DECISION)
      r->decisions++;
    else
      r->refused++;
    return 0;
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  if (td_outbox_acked(ob, seq, err, errlen) != 0)
    return -1;
  r->sent++;
  return 0;
}

int td_outbox_flush(struct td_session *s, struct td_outbox *ob, int budget_ms,
                    int force, td_outbox_reply_cb on_reply, void *arg,
                    struct td_outbox_flush *r, char *err, size_t errlen)
{
  int64_t start = now_ms(), last_seq = 0;
  struct td_outbox_entry e;
  int rc;

  memset(r, 0, sizeof(*r));
  for (;;) {
    if (budget_ms > 0 && now_ms() - start >= budget_ms)
      break;
    /* Forced: past the backoff, not past a command's hold. */
    rc = td_outbox_next(
        ob, (int64_t)time(NULL) + (force ? TD_OUTBOX_BACKOFF_MAX : 0), &e, err,
        errlen);
    if (rc == TD_OUTBOX_NONE)
      break;
    if (rc != 0)
      return -1;
    /* Once per flush: an entry retried within its backoff waits. */
    if (e.seq <= last_seq)
      break;
    last_seq = e.seq;
    rc = send_entry(s, ob, &e, on_reply, arg, r, err, errlen);
    if (rc < 0)
      return -1;
    if (rc > 0)
      break;
  }
  if (td_outbox_count(ob, &r->left, err, errlen) != 0)
    return -1;
  return 0;
}

int td_outbox_send_one(struct td_session *s, struct td_outbox *ob, int64_t seq,
                       td_outbox_reply_cb on_reply, void *arg,
                       struct td_outbox_flush *r, char *err, size_t errlen)
{
  struct td_outbox_entry e;
  int rc;

  rc = td_outbox_blocked(ob, seq, (int64_t)time(NULL) + TD_OUTBOX_BACKOFF_MAX,
                         err, errlen);
  if (rc < 0)
    return -1;
  if (rc > 0)
    return rc;
  rc = td_outbox_get(ob, seq, &e, err, errlen);
  if (rc != 0)
    return rc == TD_OUTBOX_NONE ? 1 : -1;
  rc = send_entry(s, ob, &e, on_reply, arg, r, err, errlen);
  if (rc < 0 || td_outbox_count(ob, &r->left, err, errlen) != 0)
    return -1;
  return rc;
}

void td_outbox_tell_flush(const struct td_outbox_flush *r)
{
  if (r->link_down)
    fprintf(stderr, _("tiepdan: the server cannot be reached now: %s\n"),
            r->why);
  if (r->decisions > 0)
    fprintf(stderr,
            td_ngettext("tiepdan: %d entry needs your decision: see tiepdan "
                        "outbox\n",
                        "tiepdan: %d entries need your decision: see tiepdan "
                        "outbox\n",
                        (unsigned long)r->decisions),
            r->decisions);
  if (r->refused > 0)
    fprintf(stderr,
            td_ngettext("tiepdan: %d entry was refused and is kept: see "
                        "tiepdan outbox\n",
                        "tiepdan: %d entries were refused and are kept: see "
                        "tiepdan outbox\n",
                        (unsigned long)r->refused),
            r->refused);
}

/* tiepdan outbox ------------------------------------------------------------
 */

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] outbox [COMMAND]\n"
    "\n"
    "Everything this computer writes (petitions, notes, steps, sessions) is\n"
    "kept in the outbox until the server has recorded it, so nothing typed\n"
    "is lost when the link drops. Every command sends what waits first.\n"
    "\n"
    "Commands:\n"
    "  (none), list       what waits: its age, attempts and last error\n"
    "  send [--wait]      send now; --wait keeps trying until all is sent\n"
    "  watch              keep sending in the background while the link\n"
    "                     comes and goes (stop with Ctrl-C)\n"
    "  show N             entry N in full\n"
    "  retry N            send entry N again (a step: on the petition as it\n"
    "                     is now)\n"
    "  drop N [--reason TEXT]\n"
    "                     give up entry N (the outbox keeps a line of it)\n"
    "  export N [FILE]    write the text typed in entry N to FILE (or show\n"
    "                     it), to correct it and submit it again\n");

/* The state of an entry in words. */
static const char *state_words(const struct td_outbox_entry *e)
{
  switch (e->state) {
  case TD_OUTBOX_DECISION:
    return _("needs your decision");
  case TD_OUTBOX_REFUSED:
    return _("refused");
  case TD_OUTBOX_WAITING:
  default:
    return e->attempts > 0 ? _("waiting to be sent again")
                           : _("waiting to be sent");
  }
}

/* An age in the officer's words: "3 phút", "2 giờ", "5 ngày". */
static void age_words(int64_t seconds, char *buf, size_t cap)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds < 60)
    snprintf(buf, cap, _("%lld s"), (long long)seconds);
  else if (seconds < 3600)
    snprintf(buf, cap, _("%lld min"), (long long)(seconds / 60));
  else if (seconds < 86400)
    snprintf(buf, cap, _("%lld h"), (long long)(seconds / 3600));
  else
    snprintf(buf, cap, _("%lld days"), (long long)(seconds / 86400));
}

static int print_entry_line(void *arg, const struct td_outbox_entry *e)
{
  char age[32], *label;
  int64_t *n = arg;

  age_words((int64_t)time(NULL) - e->created_at, age, sizeof(age));
  label = td_utf8_truncate(e->label ? e->label : "", 44);
  printf("%4lld  %-8s  %s\n", (long long)e->seq, age, label ? label : "");
  printf("      %s", state_words(e));
  if (e->attempts > 0)
    printf(_(", %d attempts"), e->attempts);
  if (e->last_error != NULL && e->last_error[0] != '\0')
    printf(": %s", e->last_error);
  printf("\n");
  free(label);
  (*n)++;
  return 0;
}

static int outbox_list(struct td_outbox *ob)
{
  char err[512];
  int64_t n = 0;

  if (td_outbox_each(ob, print_entry_line, &n, err, sizeof(err)) != 0)
    return td_call_internal(err);
  if (n == 0)
    printf("%s\n",
           _("The outbox is empty: everything has reached the server."));
  return TD_EXIT_OK;
}

/* What the officer is told of an entry the server took. */
static void told_sent(void *arg, const struct td_outbox_entry *e,
                      const Tiepdan__Envelope *reply)
{
  (void)arg;
  if (reply->body_case != TIEPDAN__ENVELOPE__BODY_ERROR)
    printf(_("sent: %s\n"), e->label ? e->label : e->op);
}

static volatile sig_atomic_t stop_watch;
static void on_stop(int sig)
{
  (void)sig;
  stop_watch = 1;
}

/*
 * send [--wait] and watch: flush, and for wait and watch, again after a
 * pause until all is sent (wait) or forever (watch). Every flush here goes
 * past the entries' own backoff: a failure of the link is the link's, not
 * the entry's, and an entry that met several dropped connections would
 * otherwise wait minutes after the link is back, holding back what follows
 * it on its petition. The pause paces the tries instead: it grows while
 * the link is away and starts over whenever the link carried something,
 * since a link that comes and goes is worth trying again at once.
 */
static int outbox_send(const struct td_client_opts *o, struct td_outbox *ob,
                       int wait, int watch)
{
  struct td_session s;
  struct td_outbox_flush r;
  char err[512];
  int code = TD_EXIT_OK, pause_s = 1;

  td_session_init(&s, o);
  if (watch) {
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
  }
  for (;;) {
    if (td_outbox_flush(&s, ob, watch ? 0 : 30000, 1, told_sent, NULL, &r, err,
                        sizeof(err)) != 0) {
      code = td_call_internal(err);
      break;
    }
    fflush(stdout);
    /* The link is up: keep the workstation's receipt numbers topped up. */
    if (r.sent > 0 && s.conn != NULL)
      td_write_top_up_leases(&s, ob);
    if (!wait && !watch) {
      td_outbox_tell_flush(&r);
      code = r.link_down ? TD_EXIT_CONNECT : TD_EXIT_OK;
      break;
    }
    if (wait && (r.left == 0 || (!r.link_down && r.sent == 0))) {
      td_outbox_tell_flush(&r);
      code = TD_EXIT_OK;
      break;
    }
    if (r.link_down) {
      td_session_close(&s);
      td_session_init(&s, o);
    }
    if (watch && stop_watch)
      break;
    if (r.sent > 0) {
      pause_s = 1;
      continue;
    }
    sleep((unsigned)pause_s);
    if (watch && stop_watch)
      break;
    /* The server is away: wait longer each time, up to a minute. */
    if (r.link_down)
      pause_s = pause_s < 30 ? pause_s * 2 : 60;
    else
      pause_s = 1;
  }
  td_session_close(&s);
  return code;
}

/* N as an entry's number. */
static int entry_number(const char *w, int64_t *seq, char *err, size_t errlen)
{
  char *end;
  long long v;

  errno = 0;
  v = strtoll(w, &end, 10);
  if (errno != 0 || end == w || *end != '\0' || v < 1) {
    snprintf(err, errlen, _("\"%s\" is not the number of an outbox entry"), w);
    return -1;
  }
  *seq = v;
  return 0;
}

/* Finds entry seq, or tells the officer there is none. Returns an exit
 * status. */
static int get_entry(struct td_outbox *ob, int64_t seq,
                     struct td_outbox_entry *e)
{
  char err[512];
  int rc = td_outbox_get(ob, seq, e, err, sizeof(err));

  if (rc == TD_OUTBOX_NONE) {
    fprintf(stderr, _("tiepdan: there is no entry %lld in the outbox\n"),
            (long long)seq);
    return TD_EXIT_USAGE;
  }
  return rc == 0 ? TD_EXIT_OK : td_call_internal(err);
}

/* The text the officer typed in an entry's request: a submit's summary or
 * a step's note. */
static const char *typed_text(const Tiepdan__Envelope *env)
{
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION)
    return env->submit_petition->summary;
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION)
    return env->transition->note;
  return NULL;
}

static int outbox_show(struct td_outbox *ob, int64_t seq, const char *to,
                       int export)
{
  struct td_outbox_entry e;
  Tiepdan__Envelope *env;
  char when[TD_DATETIME_MAX];
  const char *text;
  int rc;

  rc = get_entry(ob, seq, &e);
  if (rc != TD_EXIT_OK)
    return rc;
  if (e.sealed) {
    fprintf(stderr, "%s\n",
            _("tiepdan: this entry is sealed for the server (it names a "
              "denouncer or a petitioner kept confidential): its content "
              "cannot be shown on this computer"));
    return export ? TD_EXIT_REFUSED : TD_EXIT_OK;
  }
  env = tiepdan__envelope__unpack(NULL, e.request_len, e.request);
  text = env ? typed_text(env) : NULL;
  if (export) {
    FILE *f = stdout;
    int ok;

    if (text == NULL) {
      fprintf(stderr, "%s\n", _("tiepdan: this entry holds no typed text"));
      if (env)
        tiepdan__envelope__free_unpacked(env, NULL);
      return TD_EXIT_USAGE;
    }
    if (to != NULL)
      f = fopen(to, "w");
    if (f == NULL) {
      fprintf(stderr, _("tiepdan: cannot write %s: %s\n"), to, strerror(errno));
      tiepdan__envelope__free_unpacked(env, NULL);
      return TD_EXIT_INTERNAL;
    }
    ok = fprintf(f, "%s\n", text) >= 0;
    if (f != stdout)
      ok = (fclose(f) == 0) && ok;
    tiepdan__envelope__free_unpacked(env, NULL);
    return ok ? TD_EXIT_OK
              : td_call_internal(_("the text could not be written"));
  }
  td_datetime_format_short(e.created_at, when);
  printf(_("Entry:          %lld\n"), (long long)e.seq);
  printf(_("Written:        %s\n"), when);
  printf(_("What:           %s\n"), e.label ? e.label : "");
  printf(_("State:          %s\n"), state_words(&e));
  printf(_("Attempts:       %d\n"), e.attempts);
  if (e.last_error)
    printf(_("Last error:     %s\n"), e.last_error);
  printf(_("Key:            %s\n"), e.key);
  if (text)
    printf(_("Text:\n%s\n"), text);
  if (env)
    tiepdan__envelope__free_unpacked(env, NULL);
  return TD_EXIT_OK;
}

/* retry N: a step sent again applies to the petition as it is now (the
 * officer has seen what changed), so the version it was typed against is
 * dropped. */
static int outbox_retry(struct td_outbox *ob, int64_t seq)
{
  struct td_outbox_entry e;
  Tiepdan__Envelope *env = NULL;
  uint8_t *buf = NULL;
  size_t len = 0;
  char err[512];
  int rc;

  rc = get_entry(ob, seq, &e);
  if (rc != TD_EXIT_OK)
    return rc;
  if (!e.sealed)
    env = tiepdan__envelope__unpack(NULL, e.request_len, e.request);
  if (env != NULL && env->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION &&
      env->transition->has_expected_version) {
    env->transition->has_expected_version = 0;
    len = tiepdan__envelope__get_packed_size(env);
    buf = malloc(len ? len : 1);
    if (buf == NULL) {
      tiepdan__envelope__free_unpacked(env, NULL);
      return td_call_internal(_("out of memory"));
    }
    tiepdan__envelope__pack(env, buf);
  }
  if (env)
    tiepdan__envelope__free_unpacked(env, NULL);
  rc = td_outbox_retry(ob, seq, buf, len, err, sizeof(err));
  free(buf);
  if (rc != 0)
    return td_call_internal(err);
  printf(_("Entry %lld will be sent again.\n"), (long long)seq);
  return TD_EXIT_OK;
}

enum { O_HELP = 1, O_WAIT, O_REASON };

static const struct td_opt opts[] = {
    {"help", 0, O_HELP},
    {"wait", 0, O_WAIT},
    {"reason", 1, O_REASON},
    {NULL, 0, 0},
};

int td_cmd_outbox(const struct td_global_args *g)
{
  struct td_client_opts o;
  struct td_outbox *ob;
  struct td_args a;
  const char *sub = NULL, *words[2] = {NULL, NULL}, *reason = NULL;
  char err[512];
  int id, nwords = 0, wait = 0, code;
  int64_t seq = 0;

  td_args_init(&a, g->argc, g->argv);
  for (;;) {
    id = td_cmd__next(&a, opts, err, sizeof(err));
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return td_call_usage_error("outbox", err, _(usage));
    if (id == O_HELP)
      return td_call_print_usage(_(usage));
    if (id == O_WAIT)
      wait = 1;
    else if (id == O_REASON)
      reason = a.value;
    else if (id != TD_ARGS_WORD)
      continue;
    else if (sub == NULL)
      sub = a.value;
    else if (nwords < 2)
      words[nwords++] = a.value;
    else
      return td_call_usage_error("outbox", _("too many words"), _(usage));
  }
  if (sub == NULL)
    sub = "list";
  if (strcmp(sub, "list") != 0 && strcmp(sub, "send") != 0 &&
      strcmp(sub, "watch") != 0 && strcmp(sub, "show") != 0 &&
      strcmp(sub, "retry") != 0 && strcmp(sub, "drop") != 0 &&
      strcmp(sub, "export") != 0) {
    snprintf(err, sizeof(err), _("unknown outbox command \"%s\""), sub);
    return td_call_usage_error("outbox", err, _(usage));
  }
  if (strcmp(sub, "show") == 0 || strcmp(sub, "retry") == 0 ||
      strcmp(sub, "drop") == 0 || strcmp(sub, "export") == 0) {
    if (nwords < 1)
      return td_call_usage_error("outbox", _("give the entry's number"),
                                 _(usage));
    if (entry_number(words[0], &seq, err, sizeof(err)) != 0)
      return td_call_usage_error("outbox", err, _(usage));
  }
  code = td_call_resolve(g, &o);
  if (code != TD_EXIT_OK) {
    td_client_config_free(&o);
    return code;
  }
  if (td_outbox_open_default(&o, 0, &ob) != 0) {
    td_client_config_free(&o);
    return TD_EXIT_INTERNAL;
  }
  if (strcmp(sub, "list") == 0)
    code = outbox_list(ob);
  else if (strcmp(sub, "send") == 0)
    code = outbox_send(&o, ob, wait, 0);
  else if (strcmp(sub, "watch") == 0)
    code = outbox_send(&o, ob, 0, 1);
  else if (strcmp(sub, "show") == 0)
    code = outbox_show(ob, seq, NULL, 0);
  else if (strcmp(sub, "export") == 0)
    code = outbox_show(ob, seq, words[1], 1);
  else if (strcmp(sub, "retry") == 0)
    code = outbox_retry(ob, seq);
  else {
    int rc = td_outbox_drop(ob, seq, (int64_t)time(NULL),
                            reason ? reason : _("dropped by the officer"), err,
                            sizeof(err));
    if (rc == TD_OUTBOX_NONE) {
      fprintf(stderr, _("tiepdan: there is no entry %lld in the outbox\n"),
              (long long)seq);
      code = TD_EXIT_USAGE;
    } else if (rc != 0) {
      code = td_call_internal(err);
    } else {
      printf(_("Entry %lld was dropped; the outbox keeps a line of it.\n"),
             (long long)seq);
      code = TD_EXIT_OK;
    }
  }
  td_outbox_close(ob);
  td_client_config_free(&o);
  return code;
}
