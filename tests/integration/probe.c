/*
 * td_probe: a raw protocol peer for the integration tests of bad input.
 *
 *   td_probe --server H:P [--cert C --key K] [--ca CA] [--timeout-ms MS]
 *            ACTION...
 *
 * The actions run in order on one mutual-TLS connection:
 *
 *   raw HEXBYTES          send these bytes as they are
 *   rawfile FILE          send the bytes of FILE
 *   frame-len N           send only a 4-byte big-endian length header of N
 *   hello                 send a Hello
 *   submit KEY UNIT KIND CHANNEL FIELD SUMMARY
 *                         send a SubmitPetition; "" leaves a field unset
 *   submit-hex-summary KEY UNIT KIND CHANNEL FIELD HEX
 *                         the same with the summary given in hex, so that
 *                         it can be invalid UTF-8
 *   submit-big KEY NBYTES send a complaint about land, received in person,
 *                         whose summary is NBYTES 'a'
 *   transition ID ACTION VERSION [NOTE]
 *                         send a Transition of petition ID by action name
 *                         (accept, reject, ..., note) expecting VERSION,
 *                         with NOTE as its note; transfer sends NOTE as
 *                         the agency too, resolve the outcome
 *                         answered_in_writing. A NOTE that is the name of
 *                         an action is taken for the next action instead.
 *   history ID            send a GetHistory of petition ID
 *                         (transition and history take "hex:HEX" for ID
 *                         too: the receipt number of those bytes, valid
 *                         UTF-8 or not)
 *   get REF               send a GetPetition of REF: an id if it is all
 *                         digits, else a receipt number
 *   list UNIT             send a ListPetitions of UNIT ("" for the
 *                         caller's own)
 *   list-text TEXT        send a ListPetitions of the caller's unit whose
 *                         summary or receipt number contains TEXT
 *   list-received FROM TO send a ListPetitions of the caller's unit
 *                         received from FROM to TO (Unix seconds, any
 *                         int64; "" leaves one unset)
 *   add-principal FILE ROLE UNIT
 *                         send an AddPrincipal whose certificate_pem is
 *                         the bytes of FILE as they are, whatever they are
 *   revoke ID             send a RevokePrincipal of principal ID, any int64
 *   close-session ID ATTENDEES OPINIONS RESOLVED FORWARDED
 *                         send a CloseSession of session ID with those
 *                         counts, each taken as any uint32 value
 *   changes SINCE WAIT_MS LIMIT UNIT
 *                         send a Changes; "" leaves a field unset
 *   open-session TYPE     send an OpenSession of the caller's commune, TYPE
 *                         a session type name (dialogue, ...)
 *   lease WS COUNT YEAR   send a LeaseReceipts for workstation WS ("" for
 *                         none), COUNT numbers of YEAR ("" leaves it unset)
 *   leases UNIT YEAR      send a ListReceiptLeases ("" leaves either unset)
 *   sealed-hex HEX        send a SealedRequest whose cms is these bytes
 *   set NAME VALUE        set a field of the next request only (submit,
 *                         transition, open-session, close-session):
 *                         key (the idempotency key of a transition or a
 *                         session), receipt_no, workstation, sent_at,
 *                         received_at, at (Unix s), petitioner (a name),
 *                         number and theme (open-session), groups and
 *                         group_people (close-session);
 *                         or seal the next request, whatever it is:
 *                         seal CERTFILE (in a SealedRequest to that
 *                         certificate, common/seal.c), seal-cut N (keep only
 *                         the first N bytes of the seal; -N: drop the last
 *                         N), seal-flip N (flip the bits of its byte N; -N:
 *                         the Nth from the end), seal-twice 1 (seal the
 *                         sealed request again)
 *   status                send a GetServerStatus
 *   stats-soon UNIT DAYS  send a GetStats of UNIT for the last 12 months
 *                         with soon_days DAYS
 *   unknown-field         send an Envelope with a request_id and only the
 *                         unknown field 99
 *   empty-frame           send a frame of zero bytes
 *   expect                read one frame and print one line:
 *                           reply id=ID BODY
 *                             with, for a transition_reply,
 *                             " status=S version=V seq=Q duplicate=0|1"
 *                             and, for a
 *                             history_reply, " events=N" and the actions
 *                             " actions=submit,accept,...", then
 *                             " redacted=0|1" and, when the petitioner
 *                             came with a name, " petitioner=NAME"; for
 *                             a get_reply " receipt=R redacted=0|1
 *                             [petitioner=NAME]"; for a list_reply
 *                             " petitions=N", then " receipt=R
 *                             [petitioner=NAME]" for each; for a
 *                             changes_reply " events=N cursor=C more=0|1"
 *                             then " SEQ:ACTION:RECEIPT:UNIT:r=0|1[:NOTE]"
 *                             for each; for a submit_reply " receipt=R
 *                             duplicate=0|1 clock_suspect=0|1 skew=S
 *                             received_at=T claimed=C" (-1 when absent);
 *                             for a session_reply " session=ID
 *                             duplicate=0|1 closed=0|1"; for a
 *                             receipt_lease_reply " lease=ID first=R last=R
 *                             leased_at=T"; for a receipt_leases_reply
 *                             " leases=N" then " FIRST-LAST:used=U" for
 *                             each; for a server_status
 *                             " request_queries=N horizon=H parked=P"
 *                           error id=ID code=CODE retryable=0|1 field=F msg=M
 *                           closed    (the server closed the connection)
 *                           timeout   (nothing came in time)
 *   expect-size           as expect, and then " bytes=N": the size of
 *                         the frame on the wire, its header included
 *   expect-dump FILE      as expect, and appends the reply, packed again
 *                         (every field, known or not), to FILE
 *   expect-closed         read until the server closes: print closed or open
 *   sleep MS              wait
 *   close                 drop the connection without a TLS close_notify
 *
 * Every read waits at most --timeout-ms (default 10000). Requests get the
 * ids 1, 2, ... in the order they are sent. A send that
 * fails prints "send-failed". The exit status is 0 when every action ran
 * (the tests judge what was printed), 2 for a bad command line and 3 when
 * the connection could not be made, with the reason on stderr.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/seal.h"
#include "net/conn.h"
#include "frame.h"
#include "wire.h"

/* What "set" asked of the next request; cleared once it is sent. */
#define NOT_SET LONG_MIN
struct pending {
  char *key;
  char *receipt_no;
  char *workstation;
  char *petitioner;
  char *seal; /* A certificate file: seal the request to it. */
  long seal_cut;
  long seal_flip;
  int seal_twice;
  int has_sent_at, has_received_at, has_at;
  int64_t sent_at, received_at, at;
  /* A session's: OpenSession.number, theme; CloseSession.groups,
   * group_people. */
  char *theme;
  int has_number, has_groups, has_group_people;
  uint32_t number, groups, group_people;
};

struct probe {
  struct td_conn *conn;
  uint64_t next_id;
  char **argv; /* The action's arguments. */
  int nargs;   /* How many there are. */
  struct pending set;
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_probe: %s\n"
          "usage: td_probe --server H:P [--cert C --key K] [--ca CA] "
          "[--timeout-ms MS] ACTION...\n",
          why);
  return 2;
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes hex into a malloc'd buffer with a NUL after it; spaces are
 * skipped. Returns NULL for anything else than pairs of hex digits. */
static uint8_t *unhex(const char *s, size_t *n)
{
  uint8_t *out;
  int hi;
  int lo;

  out = malloc(strlen(s) / 2 + 1);
  if (out == NULL)
    return NULL;
  *n = 0;
  while (*s != '\0') {
    if (*s == ' ') {
      s++;
      continue;
    }
    hi = hexval(s[0]);
    lo = hi < 0 ? -1 : hexval(s[1]);
    if (lo < 0) {
      free(out);
      return NULL;
    }
    out[(*n)++] = (uint8_t)(hi << 4 | lo);
    s += 2;
  }
  out[*n] = '\0';
  return out;
}

static void send_bytes(struct probe *p, const void *buf, size_t n)
{
  char err[512];

  if (p->conn == NULL) {
    printf("send-failed\n");
    fprintf(stderr, "td_probe: the connection was closed by \"close\"\n");
    return;
  }
  if (td_conn_send_raw(p->conn, buf, n, err, sizeof(err)) != 0) {
    printf("send-failed\n");
    fprintf(stderr, "td_probe: %s\n", err);
  }
}

/* env in a SealedRequest to the certificate file cert, damaged as asked. */
static uint8_t *seal_env(const struct pending *set, const char *cert,
                         const Tiepdan__Envelope *env, size_t *outn)
{
  size_t n = tiepdan__envelope__get_packed_size(env);
  uint8_t *plain = malloc(n ? n : 1);
  uint8_t *sealed;
  char err[512];
  X509 *x;

  x = td_seal_read_cert(cert, err, sizeof(err));
  if (plain == NULL || x == NULL) {
    fprintf(stderr, "td_probe: %s\n", x == NULL ? err : "out of memory");
    exit(2);
  }
  tiepdan__envelope__pack(env, plain);
  if (td_seal(x, plain, n, &sealed, outn, err, sizeof(err)) != 0) {
    fprintf(stderr, "td_probe: %s\n", err);
    exit(2);
  }
  X509_free(x);
  free(plain);
  /* A negative count is from the end. */
  if (set->seal_cut != NOT_SET && labs(set->seal_cut) < (long)*outn)
    *outn = set->seal_cut >= 0 ? (size_t)set->seal_cut
                               : *outn - (size_t)-set->seal_cut;
  if (set->seal_flip != NOT_SET && labs(set->seal_flip) <= (long)*outn &&
      set->seal_flip != (long)*outn)
    sealed[set->seal_flip >= 0 ? (size_t)set->seal_flip
                               : *outn - (size_t)-set->seal_flip] ^= 0xff;
  return sealed;
}

/* Frames env with the next request id and sends it, sealed if "set seal"
 * asked. The limit is lifted so that oversized frames reach the server. */
static void send_env(struct probe *p, Tiepdan__Envelope *env)
{
  Tiepdan__Envelope outer = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Envelope twice = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SealedRequest sr = TIEPDAN__SEALED_REQUEST__INIT;
  Tiepdan__SealedRequest sr2 = TIEPDAN__SEALED_REQUEST__INIT;
  uint8_t *buf;
  size_t n;

  env->has_request_id = 1;
  env->request_id = ++p->next_id;
  if (p->set.seal != NULL) {
    sr.has_cms = 1;
    sr.cms.data = seal_env(&p->set, p->set.seal, env, &sr.cms.len);
    outer.has_request_id = 1;
    outer.request_id = env->request_id;
    outer.body_case = TIEPDAN__ENVELOPE__BODY_SEALED_REQUEST;
    outer.sealed_request = &sr;
    env = &outer;
    if (p->set.seal_twice) {
      sr2.has_cms = 1;
      sr2.cms.data = seal_env(&p->set, p->set.seal, &outer, &sr2.cms.len);
      twice = outer;
      twice.sealed_request = &sr2;
      env = &twice;
    }
  }
  if (td_wire_pack(env, UINT32_MAX, &buf, &n) != 0) {
    fprintf(stderr, "td_probe: cannot pack the request\n");
    exit(1);
  }
  send_bytes(p, buf, n);
  free(buf);
  OPENSSL_free(sr.cms.data);
  OPENSSL_free(sr2.cms.data);
  memset(&p->set, 0, sizeof(p->set));
  p->set.seal_cut = p->set.seal_flip = NOT_SET;
}

static void act_raw(struct probe *p)
{
  uint8_t *buf;
  size_t n;

  buf = unhex(p->argv[0], &n);
  if (buf == NULL)
    exit(usage("raw wants pairs of hex digits"));
  send_bytes(p, buf, n);
  free(buf);
}

static void act_rawfile(struct probe *p)
{
  uint8_t buf[65536];
  FILE *f;
  size_t n;

  f = fopen(p->argv[0], "rb");
  if (f == NULL) {
    fprintf(stderr, "td_probe: %s: %s\n", p->argv[0], strerror(errno));
    exit(2);
  }
  for (;;) {
    n = fread(buf, 1, sizeof(buf), f);
    if (n == 0)
      break;
    send_bytes(p, buf, n);
  }
  fclose(f);
}

static void act_frame_len(struct probe *p)
{
  uint8_t hdr[TD_FRAME_HEADER];
  unsigned long long n;
  char *end;

  errno = 0;
  n = strtoull(p->argv[0], &end, 10);
  if (errno != 0 || *end != '\0' || n > UINT32_MAX)
    exit(usage("frame-len wants a number below 2^32"));
  td_frame_put_header(hdr, (uint32_t)n);
  send_bytes(p, hdr, sizeof(hdr));
}

static void act_hello(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Hello hello = TIEPDAN__HELLO__INIT;

  hello.has_protocol_version = 1;
  hello.protocol_version = TD_PROTOCOL_VERSION;
  hello.client_version = "td_probe " TD_VERSION;
  env.body_case = TIEPDAN__ENVELOPE__BODY_HELLO;
  env.hello = &hello;
  send_env(p, &env);
}

static char *opt(char *s)
{
  return s[0] != '\0' ? s : NULL;
}

/* argv: KEY UNIT KIND CHANNEL FIELD, then the summary given separately. */
static void send_submit(struct probe *p, char **argv, char *summary)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SubmitPetition sp = TIEPDAN__SUBMIT_PETITION__INIT;
  Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;

  sp.idempotency_key = opt(argv[0]);
  sp.unit_code = opt(argv[1]);
  sp.kind = opt(argv[2]);
  sp.channel = opt(argv[3]);
  sp.field = opt(argv[4]);
  sp.summary = summary;
  sp.receipt_no = p->set.receipt_no;
  sp.workstation = p->set.workstation;
  sp.has_sent_at = p->set.has_sent_at;
  sp.sent_at = p->set.sent_at;
  sp.has_received_at = p->set.has_received_at;
  sp.received_at = p->set.received_at;
  if (p->set.petitioner != NULL) {
    who.name = p->set.petitioner;
    who.id_number = "001099012345";
    sp.petitioner = &who;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &sp;
  send_env(p, &env);
}

static void act_submit(struct probe *p)
{
  send_submit(p, p->argv, opt(p->argv[5]));
}

static void act_submit_hex(struct probe *p)
{
  uint8_t *summary;
  size_t n;

  summary = unhex(p->argv[5], &n);
  if (summary == NULL || memchr(summary, '\0', n) != NULL)
    exit(usage("submit-hex-summary wants hex digits without 00"));
  send_submit(p, p->argv, n > 0 ? (char *)summary : NULL);
  free(summary);
}

static void act_submit_big(struct probe *p)
{
  /* Valid other fields, so that the summary is what the server judges. */
  char *fields[5] = {p->argv[0], "", "complaint", "regular_reception", "land"};
  unsigned long long n;
  char *summary;
  char *end;

  errno = 0;
  n = strtoull(p->argv[1], &end, 10);
  if (errno != 0 || *end != '\0' || n > TD_FRAME_HARD_MAX * 4ull)
    exit(usage("submit-big wants a byte count"));
  summary = malloc((size_t)n + 1);
  if (summary == NULL)
    exit(1);
  memset(summary, 'a', (size_t)n);
  summary[n] = '\0';
  send_submit(p, fields, summary);
  free(summary);
}

/* A number for a petition id or a version; exits on anything else. */
static int64_t number(const char *s, const char *what)
{
  long long n;
  char *end;

  errno = 0;
  n = strtoll(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0')
    exit(usage(what));
  return (int64_t)n;
}

static int is_action(const char *name);

/* A petition's key as the tests write it: an id, or "hex:HEX" for a receipt
 * number of those bytes. Returns the receipt (malloc'd, the caller frees
 * it) or NULL with *id set. The messages hold the two in a union: set only
 * the one chosen. */
static char *petition_key(const char *s, int64_t *id, const char *what)
{
  uint8_t *r;
  size_t n;

  *id = 0;
  if (strncmp(s, "hex:", 4) != 0) {
    *id = number(s, what);
    return NULL;
  }
  r = unhex(s + 4, &n);
  if (r == NULL || memchr(r, '\0', n) != NULL)
    exit(usage("hex: wants hex digits without 00"));
  return (char *)r;
}

/* How many arguments transition takes here: NOTE is optional. */
static int transition_args(char **argv, int left)
{
  return left > 3 && !is_action(argv[3]) ? 4 : 3;
}

static void act_transition(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Transition t = TIEPDAN__TRANSITION__INIT;
  char *receipt;
  int64_t id;
  int action;

  action = td_action_parse(p->argv[1]);
  if (action <= 0)
    exit(usage("transition wants an action: accept, reject, transfer, "
               "start, resolve, withdraw, reopen, extend or note"));
  receipt = petition_key(p->argv[0], &id, "transition wants a petition");
  if (receipt != NULL) {
    t.key_case = TIEPDAN__TRANSITION__KEY_RECEIPT_NO;
    t.receipt_no = receipt;
  } else {
    t.key_case = TIEPDAN__TRANSITION__KEY_PETITION_ID;
    t.petition_id = id;
  }
  t.has_action = 1;
  t.action = (Tiepdan__Action)action;
  t.has_expected_version = 1;
  t.expected_version = number(p->argv[2], "transition wants a version");
  t.note = p->nargs > 3 ? opt(p->argv[3]) : NULL;
  if (action == TIEPDAN__ACTION__TRANSFER)
    t.transfer_target = t.note;
  if (action == TIEPDAN__ACTION__RESOLVE) {
    t.has_outcome = 1;
    t.outcome = TIEPDAN__OUTCOME__ANSWERED_IN_WRITING;
  }
  t.idempotency_key = p->set.key;
  t.has_sent_at = p->set.has_sent_at;
  t.sent_at = p->set.sent_at;
  t.has_at = p->set.has_at;
  t.at = p->set.at;
  env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  env.transition = &t;
  send_env(p, &env);
  free(receipt);
}

static void act_history(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetHistory h = TIEPDAN__GET_HISTORY__INIT;
  char *receipt;
  int64_t id;

  receipt = petition_key(p->argv[0], &id, "history wants a petition");
  if (receipt != NULL) {
    h.key_case = TIEPDAN__GET_HISTORY__KEY_RECEIPT_NO;
    h.receipt_no = receipt;
  } else {
    h.key_case = TIEPDAN__GET_HISTORY__KEY_PETITION_ID;
    h.petition_id = id;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_HISTORY;
  env.get_history = &h;
  send_env(p, &env);
  free(receipt);
}

static int all_digits(const char *s)
{
  return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

static void act_get(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetPetition g = TIEPDAN__GET_PETITION__INIT;

  if (all_digits(p->argv[0])) {
    g.key_case = TIEPDAN__GET_PETITION__KEY_ID;
    g.id = number(p->argv[0], "get wants a petition id or receipt number");
  } else {
    g.key_case = TIEPDAN__GET_PETITION__KEY_RECEIPT_NO;
    g.receipt_no = p->argv[0];
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_PETITION;
  env.get_petition = &g;
  send_env(p, &env);
}

static void act_list(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__ListPetitions l = TIEPDAN__LIST_PETITIONS__INIT;

  l.unit_code = opt(p->argv[0]);
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env.list_petitions = &l;
  send_env(p, &env);
}

static void act_list_text(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__ListPetitions l = TIEPDAN__LIST_PETITIONS__INIT;

  l.text = p->argv[0];
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env.list_petitions = &l;
  send_env(p, &env);
}

static void act_list_received(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__ListPetitions l = TIEPDAN__LIST_PETITIONS__INIT;

  if (p->argv[0][0] != '\0') {
    l.has_received_from = 1;
    l.received_from = number(p->argv[0], "list-received wants seconds");
  }
  if (p->argv[1][0] != '\0') {
    l.has_received_to = 1;
    l.received_to = number(p->argv[1], "list-received wants seconds");
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS;
  env.list_petitions = &l;
  send_env(p, &env);
}

/* Reads a whole small file into a malloc'd, NUL-terminated buffer. */
static char *read_text(const char *path)
{
  char buf[65536];
  FILE *f;
  size_t n;
  char *s;

  f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "td_probe: %s: %s\n", path, strerror(errno));
    exit(2);
  }
  n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  s = malloc(n + 1);
  if (s == NULL)
    exit(1);
  memcpy(s, buf, n);
  s[n] = '\0';
  return s;
}

static void act_add_principal(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__AddPrincipal a = TIEPDAN__ADD_PRINCIPAL__INIT;
  int role;

  role = td_role_parse(p->argv[1]);
  if (role <= 0)
    exit(usage("add-principal wants a role: reception, leader, front, "
               "dashboard or admin"));
  a.certificate_pem = read_text(p->argv[0]);
  a.has_role = 1;
  a.role = (Tiepdan__Role)role;
  a.unit_code = opt(p->argv[2]);
  env.body_case = TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL;
  env.add_principal = &a;
  send_env(p, &env);
  free(a.certificate_pem);
}

static void act_revoke(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__RevokePrincipal r = TIEPDAN__REVOKE_PRINCIPAL__INIT;

  r.key_case = TIEPDAN__REVOKE_PRINCIPAL__KEY_ID;
  r.id = number(p->argv[0], "revoke wants an id");
  env.body_case = TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL;
  env.revoke_principal = &r;
  send_env(p, &env);
}

/* A count as the wire carries it: any uint32, wrapping what is larger. */
static uint32_t count(const char *s)
{
  return (uint32_t)number(s, "close-session wants numbers");
}

static void act_close_session(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__CloseSession c = TIEPDAN__CLOSE_SESSION__INIT;

  c.has_session_id = 1;
  c.session_id = number(p->argv[0], "close-session wants a session id");
  c.has_attendees = 1;
  c.has_opinions = 1;
  c.has_resolved_on_spot = 1;
  c.has_forwarded = 1;
  c.attendees = count(p->argv[1]);
  c.opinions = count(p->argv[2]);
  c.resolved_on_spot = count(p->argv[3]);
  c.forwarded = count(p->argv[4]);
  c.idempotency_key = p->set.key;
  c.has_at = p->set.has_at;
  c.at = p->set.at;
  c.has_groups = p->set.has_groups;
  c.groups = p->set.groups;
  c.has_group_people = p->set.has_group_people;
  c.group_people = p->set.group_people;
  env.body_case = TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION;
  env.close_session = &c;
  send_env(p, &env);
}

static void act_open_session(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__OpenSession o = TIEPDAN__OPEN_SESSION__INIT;
  int type = td_session_type_parse(p->argv[0]);

  if (type <= 0)
    exit(usage("open-session wants a session type"));
  o.has_type = 1;
  o.type = (Tiepdan__SessionType)type;
  o.title = "Tiếp công dân";
  o.idempotency_key = p->set.key;
  o.has_at = p->set.has_at;
  o.at = p->set.at;
  o.has_number = p->set.has_number;
  o.number = p->set.number;
  o.theme = p->set.theme;
  env.body_case = TIEPDAN__ENVELOPE__BODY_OPEN_SESSION;
  env.open_session = &o;
  send_env(p, &env);
}

static void act_lease(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__LeaseReceipts l = TIEPDAN__LEASE_RECEIPTS__INIT;

  l.workstation = opt(p->argv[0]);
  l.has_count = 1;
  l.count = (uint32_t)number(p->argv[1], "lease wants a count");
  if (p->argv[2][0] != '\0') {
    l.has_year = 1;
    l.year = (uint32_t)number(p->argv[2], "lease wants a year");
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_LEASE_RECEIPTS;
  env.lease_receipts = &l;
  send_env(p, &env);
}

static void act_leases(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__ListReceiptLeases l = TIEPDAN__LIST_RECEIPT_LEASES__INIT;

  l.unit_code = opt(p->argv[0]);
  if (p->argv[1][0] != '\0') {
    l.has_year = 1;
    l.year = (uint32_t)number(p->argv[1], "leases wants a year");
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_RECEIPT_LEASES;
  env.list_receipt_leases = &l;
  send_env(p, &env);
}

static void act_sealed_hex(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SealedRequest sr = TIEPDAN__SEALED_REQUEST__INIT;

  sr.cms.data = unhex(p->argv[0], &sr.cms.len);
  if (sr.cms.data == NULL)
    exit(usage("sealed-hex wants pairs of hex digits"));
  sr.has_cms = 1;
  env.body_case = TIEPDAN__ENVELOPE__BODY_SEALED_REQUEST;
  env.sealed_request = &sr;
  send_env(p, &env);
  free(sr.cms.data);
}

static void act_set(struct probe *p)
{
  const char *name = p->argv[0];
  char *v = p->argv[1];

  if (strcmp(name, "key") == 0)
    p->set.key = v;
  else if (strcmp(name, "receipt_no") == 0)
    p->set.receipt_no = v;
  else if (strcmp(name, "workstation") == 0)
    p->set.workstation = v;
  else if (strcmp(name, "petitioner") == 0)
    p->set.petitioner = v;
  else if (strcmp(name, "seal") == 0)
    p->set.seal = v;
  else if (strcmp(name, "seal-cut") == 0)
    p->set.seal_cut = (long)number(v, "seal-cut wants a number");
  else if (strcmp(name, "seal-flip") == 0)
    p->set.seal_flip = (long)number(v, "seal-flip wants a number");
  else if (strcmp(name, "seal-twice") == 0)
    p->set.seal_twice = 1;
  else if (strcmp(name, "sent_at") == 0) {
    p->set.has_sent_at = 1;
    p->set.sent_at = number(v, "sent_at wants seconds");
  } else if (strcmp(name, "received_at") == 0) {
    p->set.has_received_at = 1;
    p->set.received_at = number(v, "received_at wants seconds");
  } else if (strcmp(name, "at") == 0) {
    p->set.has_at = 1;
    p->set.at = number(v, "at wants seconds");
  } else if (strcmp(name, "theme") == 0) {
    p->set.theme = v;
  } else if (strcmp(name, "number") == 0) {
    p->set.has_number = 1;
    p->set.number = count(v);
  } else if (strcmp(name, "groups") == 0) {
    p->set.has_groups = 1;
    p->set.groups = count(v);
  } else if (strcmp(name, "group_people") == 0) {
    p->set.has_group_people = 1;
    p->set.group_people = count(v);
  } else
    exit(usage("set: unknown field"));
}

static void act_changes(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Changes c = TIEPDAN__CHANGES__INIT;

  if (p->argv[0][0] != '\0') {
    c.has_since = 1;
    c.since = (uint64_t)number(p->argv[0], "changes wants a cursor");
  }
  if (p->argv[1][0] != '\0') {
    c.has_wait_ms = 1;
    c.wait_ms = (uint32_t)number(p->argv[1], "changes wants milliseconds");
  }
  if (p->argv[2][0] != '\0') {
    c.has_limit = 1;
    c.limit = (uint32_t)number(p->argv[2], "changes wants a limit");
  }
  c.unit_code = opt(p->argv[3]);
  env.body_case = TIEPDAN__ENVELOPE__BODY_CHANGES;
  env.changes = &c;
  send_env(p, &env);
}

static void act_stats_soon(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetStats g = TIEPDAN__GET_STATS__INIT;
  char from[16];
  char to[16];
  time_t now = time(NULL);
  struct tm tm;

  localtime_r(&now, &tm);
  strftime(to, sizeof(to), "%Y-%m", &tm);
  tm.tm_year--;
  strftime(from, sizeof(from), "%Y-%m", &tm);
  g.unit_code = opt(p->argv[0]);
  g.from = from;
  g.to = to;
  g.has_soon_days = 1;
  g.soon_days = (uint32_t)number(p->argv[1], "stats-soon wants a number");
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_STATS;
  env.get_stats = &g;
  send_env(p, &env);
}

static void act_status(struct probe *p)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetServerStatus g = TIEPDAN__GET_SERVER_STATUS__INIT;

  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_SERVER_STATUS;
  env.get_server_status = &g;
  send_env(p, &env);
}

static size_t put_varint(uint8_t *out, uint64_t v)
{
  size_t n;

  for (n = 0; v >= 0x80; v >>= 7)
    out[n++] = (uint8_t)(v | 0x80);
  out[n++] = (uint8_t)v;
  return n;
}

static void act_unknown_field(struct probe *p)
{
  uint8_t frame[TD_FRAME_HEADER + 16];
  size_t n;

  /* request_id is field 1, a varint: key 0x08. Field 99 as the varint 1
   * has the key 99 << 3 | 0 = 792, itself the varint 0x98 0x06. */
  n = TD_FRAME_HEADER;
  frame[n++] = 0x08;
  n += put_varint(frame + n, ++p->next_id);
  frame[n++] = 0x98;
  frame[n++] = 0x06;
  frame[n++] = 0x01;
  td_frame_put_header(frame, (uint32_t)(n - TD_FRAME_HEADER));
  send_bytes(p, frame, n);
}

static void act_empty_frame(struct probe *p)
{
  static const uint8_t frame[TD_FRAME_HEADER] = {0, 0, 0, 0};

  send_bytes(p, frame, sizeof(frame));
}

static const char *body_name(Tiepdan__Envelope__BodyCase c)
{
  switch (c) {
  case TIEPDAN__ENVELOPE__BODY_HELLO:
    return "hello";
  case TIEPDAN__ENVELOPE__BODY_HELLO_REPLY:
    return "hello_reply";
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION:
    return "submit_petition";
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY:
    return "submit_reply";
  case TIEPDAN__ENVELOPE__BODY_GET_PETITION:
    return "get_petition";
  case TIEPDAN__ENVELOPE__BODY_GET_REPLY:
    return "get_reply";
  case TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS:
    return "list_petitions";
  case TIEPDAN__ENVELOPE__BODY_LIST_REPLY:
    return "list_reply";
  case TIEPDAN__ENVELOPE__BODY_TRANSITION:
    return "transition";
  case TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY:
    return "transition_reply";
  case TIEPDAN__ENVELOPE__BODY_GET_HISTORY:
    return "get_history";
  case TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY:
    return "history_reply";
  case TIEPDAN__ENVELOPE__BODY_OPEN_SESSION:
    return "open_session";
  case TIEPDAN__ENVELOPE__BODY_CLOSE_SESSION:
    return "close_session";
  case TIEPDAN__ENVELOPE__BODY_SESSION_REPLY:
    return "session_reply";
  case TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS:
    return "list_sessions";
  case TIEPDAN__ENVELOPE__BODY_LIST_SESSIONS_REPLY:
    return "list_sessions_reply";
  case TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS:
    return "load_holidays";
  case TIEPDAN__ENVELOPE__BODY_LOAD_HOLIDAYS_REPLY:
    return "load_holidays_reply";
  case TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL:
    return "add_principal";
  case TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL:
    return "revoke_principal";
  case TIEPDAN__ENVELOPE__BODY_PRINCIPAL_REPLY:
    return "principal_reply";
  case TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS:
    return "list_principals";
  case TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS_REPLY:
    return "list_principals_reply";
  case TIEPDAN__ENVELOPE__BODY_MERGE_UNITS:
    return "merge_units";
  case TIEPDAN__ENVELOPE__BODY_MERGE_UNITS_REPLY:
    return "merge_units_reply";
  case TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY:
    return "changes_reply";
  case TIEPDAN__ENVELOPE__BODY_SERVER_STATUS:
    return "server_status";
  case TIEPDAN__ENVELOPE__BODY_STATS_REPLY:
    return "stats_reply";
  case TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASE_REPLY:
    return "receipt_lease_reply";
  case TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASES_REPLY:
    return "receipt_leases_reply";
  default:
    return "empty";
  }
}

/* Prints s on one line: the tests read stdout line by line. */
static void put_line_safe(const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    putchar(*s == '\n' || *s == '\r' ? ' ' : *s);
}

/* Whom a petition names, as far as the server let it leave. */
static void print_identity(const Tiepdan__Petition *p)
{
  if (p == NULL)
    return;
  printf(" redacted=%d", p->redacted ? 1 : 0);
  if (p->petitioner != NULL && p->petitioner->name != NULL) {
    printf(" petitioner=");
    put_line_safe(p->petitioner->name);
  }
}

static void print_list(const Tiepdan__ListReply *l)
{
  size_t i;

  printf(" petitions=%zu", l->n_petitions);
  for (i = 0; i < l->n_petitions; i++) {
    printf(" receipt=");
    put_line_safe(l->petitions[i]->receipt_no);
    if (l->petitions[i]->petitioner != NULL &&
        l->petitions[i]->petitioner->name != NULL) {
      printf(" petitioner=");
      put_line_safe(l->petitions[i]->petitioner->name);
    }
  }
}

static void print_changes(const Tiepdan__ChangesReply *r)
{
  size_t i;

  printf(" events=%zu cursor=%llu more=%d", r->n_events,
         (unsigned long long)r->cursor, r->more ? 1 : 0);
  for (i = 0; i < r->n_events; i++) {
    const Tiepdan__Event *e = r->events[i];

    printf(" %lld:", (long long)e->seq);
    put_line_safe(e->action);
    putchar(':');
    put_line_safe(e->receipt_no);
    putchar(':');
    put_line_safe(e->unit_code);
    printf(":r=%d", e->redacted ? 1 : 0);
    if (e->note != NULL) {
      putchar(':');
      /* One word per event: spaces become underscores. */
      for (const char *c = e->note; *c != '\0'; c++)
        putchar(*c == ' ' || *c == '\n' || *c == '\r' ? '_' : *c);
    }
  }
}

static long long opt_i64(int has, int64_t v)
{
  return has ? (long long)v : -1LL;
}

static void print_offline(const Tiepdan__Envelope *env)
{
  const Tiepdan__Petition *p;
  const Tiepdan__Session *s;
  const Tiepdan__ReceiptLease *l;
  size_t i;

  switch (env->body_case) {
  case TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY:
    p = env->submit_reply->petition;
    if (p == NULL)
      return;
    printf(" receipt=");
    put_line_safe(p->receipt_no);
    printf(" duplicate=%d clock_suspect=%d skew=%lld received_at=%lld "
           "claimed=%lld",
           env->submit_reply->duplicate ? 1 : 0, p->clock_suspect ? 1 : 0,
           opt_i64(p->has_clock_skew, p->clock_skew),
           opt_i64(p->has_received_at, p->received_at),
           opt_i64(p->has_received_at_claimed, p->received_at_claimed));
    return;
  case TIEPDAN__ENVELOPE__BODY_SESSION_REPLY:
    s = env->session_reply->session;
    printf(" session=%lld duplicate=%d closed=%d",
           s ? opt_i64(s->has_id, s->id) : -1LL,
           env->session_reply->duplicate ? 1 : 0,
           s && s->has_closed_at ? 1 : 0);
    return;
  case TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASE_REPLY:
    l = env->receipt_lease_reply;
    printf(" lease=%lld first=", opt_i64(l->has_id, l->id));
    put_line_safe(l->first_receipt_no);
    printf(" last=");
    put_line_safe(l->last_receipt_no);
    printf(" leased_at=%lld", opt_i64(l->has_leased_at, l->leased_at));
    return;
  case TIEPDAN__ENVELOPE__BODY_RECEIPT_LEASES_REPLY:
    printf(" leases=%zu", env->receipt_leases_reply->n_leases);
    for (i = 0; i < env->receipt_leases_reply->n_leases; i++) {
      l = env->receipt_leases_reply->leases[i];
      printf(" ");
      put_line_safe(l->first_receipt_no);
      printf("-");
      put_line_safe(l->last_receipt_no);
      printf(":used=%u", l->used);
    }
    return;
  default:
    return;
  }
}

/* What a test needs of a reply, on the same line. */
static void print_details(const Tiepdan__Envelope *env)
{
  const Tiepdan__TransitionReply *t;
  const Tiepdan__HistoryReply *h;
  const Tiepdan__Petition *p;
  size_t i;

  print_offline(env);
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_GET_REPLY) {
    p = env->get_reply->petition;
    printf(" receipt=");
    put_line_safe(p ? p->receipt_no : NULL);
    print_identity(p);
    return;
  }
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_LIST_REPLY) {
    print_list(env->list_reply);
    return;
  }
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_CHANGES_REPLY) {
    print_changes(env->changes_reply);
    return;
  }
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_SERVER_STATUS) {
    printf(" request_queries=%llu horizon=%llu parked=%u",
           (unsigned long long)env->server_status->request_queries,
           (unsigned long long)env->server_status->feed_horizon,
           env->server_status->parked_polls);
    return;
  }

  if (env->body_case == TIEPDAN__ENVELOPE__BODY_TRANSITION_REPLY) {
    t = env->transition_reply;
    p = t->petition;
    printf(" status=%s version=%lld seq=%lld duplicate=%d",
           p && p->has_status && td_status_name(p->status)
               ? td_status_name(p->status)
               : "-",
           p && p->has_version ? (long long)p->version : -1LL,
           t->event ? opt_i64(t->event->has_seq, t->event->seq) : -1LL,
           t->duplicate ? 1 : 0);
  } else if (env->body_case == TIEPDAN__ENVELOPE__BODY_HISTORY_REPLY) {
    h = env->history_reply;
    printf(" events=%zu actions=", h->n_events);
    for (i = 0; i < h->n_events; i++) {
      printf("%s", i > 0 ? "," : "");
      put_line_safe(h->events[i]->action ? h->events[i]->action : "-");
    }
    print_identity(h->petition);
  }
}

/* Prints what came, without ending the line. */
static void print_env(const Tiepdan__Envelope *env)
{
  const Tiepdan__Error *e;

  if (env->body_case != TIEPDAN__ENVELOPE__BODY_ERROR) {
    printf("reply id=%llu %s", (unsigned long long)env->request_id,
           body_name(env->body_case));
    print_details(env);
    return;
  }
  e = env->error;
  printf("error id=%llu code=%s retryable=%d field=",
         (unsigned long long)env->request_id, td_error_code_name(e->code),
         e->retryable ? 1 : 0);
  put_line_safe(e->field);
  printf(" msg=");
  put_line_safe(e->message);
}

/* Reads one frame; returns 1 if one came, 0 after printing why not. */
static int read_one(struct probe *p, Tiepdan__Envelope **env, int quiet)
{
  char err[512];
  int r;

  if (p->conn == NULL) {
    if (!quiet)
      printf("closed\n");
    return 0;
  }
  r = td_conn_recv(p->conn, env, err, sizeof(err));
  if (r == 0)
    return 1;
  fprintf(stderr, "td_probe: %s\n", err);
  if (!quiet)
    printf("%s\n", r == TD_ETIMEOUT ? "timeout" : "closed");
  else
    printf("%s\n", r == TD_ETIMEOUT ? "open" : "closed");
  /* Whatever failed, this connection carries nothing more. */
  if (r != TD_ETIMEOUT) {
    td_conn_abort(p->conn);
    p->conn = NULL;
  }
  return 0;
}

static void act_expect(struct probe *p)
{
  Tiepdan__Envelope *env;

  if (!read_one(p, &env, 0))
    return;
  print_env(env);
  putchar('\n');
  tiepdan__envelope__free_unpacked(env, NULL);
}

static void act_expect_size(struct probe *p)
{
  Tiepdan__Envelope *env;

  if (!read_one(p, &env, 0))
    return;
  print_env(env);
  printf(" bytes=%zu\n", td_conn_last_frame_size(p->conn));
  tiepdan__envelope__free_unpacked(env, NULL);
}

/* As expect, and appends the reply, packed again, to the file argv[0]:
 * every field it carried, known or not, so that a test can search the bytes
 * that left the server. */
static void act_expect_dump(struct probe *p)
{
  Tiepdan__Envelope *env;
  uint8_t *buf;
  size_t n;
  FILE *f;

  if (!read_one(p, &env, 0))
    return;
  print_env(env);
  putchar('\n');
  n = tiepdan__envelope__get_packed_size(env);
  buf = malloc(n ? n : 1);
  f = fopen(p->argv[0], "ab");
  if (buf == NULL || f == NULL) {
    fprintf(stderr, "td_probe: %s: %s\n", p->argv[0], strerror(errno));
    exit(2);
  }
  tiepdan__envelope__pack(env, buf);
  if (fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "td_probe: %s: %s\n", p->argv[0], strerror(errno));
    exit(2);
  }
  free(buf);
  tiepdan__envelope__free_unpacked(env, NULL);
}

static void act_expect_closed(struct probe *p)
{
  Tiepdan__Envelope *env;

  if (p->conn == NULL) {
    printf("closed\n");
    return;
  }
  while (read_one(p, &env, 1))
    tiepdan__envelope__free_unpacked(env, NULL);
}

static void act_sleep(struct probe *p)
{
  struct timespec ts;
  long ms;

  ms = strtol(p->argv[0], NULL, 10);
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

static void act_close(struct probe *p)
{
  td_conn_abort(p->conn);
  p->conn = NULL;
}

struct action {
  const char *name;
  int nargs;
  void (*run)(struct probe *p);
  /* For optional arguments: how many of the left words are this
   * action's; NULL when always nargs. */
  int (*count)(char **argv, int left);
};

static const struct action actions[] = {
    {"raw", 1, act_raw, NULL},
    {"rawfile", 1, act_rawfile, NULL},
    {"frame-len", 1, act_frame_len, NULL},
    {"hello", 0, act_hello, NULL},
    {"submit", 6, act_submit, NULL},
    {"submit-hex-summary", 6, act_submit_hex, NULL},
    {"submit-big", 2, act_submit_big, NULL},
    {"transition", 3, act_transition, transition_args},
    {"history", 1, act_history, NULL},
    {"get", 1, act_get, NULL},
    {"list", 1, act_list, NULL},
    {"list-text", 1, act_list_text, NULL},
    {"list-received", 2, act_list_received, NULL},
    {"add-principal", 3, act_add_principal, NULL},
    {"revoke", 1, act_revoke, NULL},
    {"close-session", 5, act_close_session, NULL},
    {"changes", 4, act_changes, NULL},
    {"status", 0, act_status, NULL},
    {"open-session", 1, act_open_session, NULL},
    {"lease", 3, act_lease, NULL},
    {"leases", 2, act_leases, NULL},
    {"sealed-hex", 1, act_sealed_hex, NULL},
    {"set", 2, act_set, NULL},
    {"stats-soon", 2, act_stats_soon, NULL},
    {"unknown-field", 0, act_unknown_field, NULL},
    {"empty-frame", 0, act_empty_frame, NULL},
    {"expect", 0, act_expect, NULL},
    {"expect-size", 0, act_expect_size, NULL},
    {"expect-dump", 1, act_expect_dump, NULL},
    {"expect-closed", 0, act_expect_closed, NULL},
    {"sleep", 1, act_sleep, NULL},
    {"close", 0, act_close, NULL},
};

static const struct action *find_action(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
    if (strcmp(actions[i].name, name) == 0)
      return &actions[i];
  return NULL;
}

static int is_action(const char *name)
{
  return find_action(name) != NULL;
}

/* The arguments of action a at argv[i], or -1 if too few are left. */
static int arity(const struct action *a, int argc, char **argv, int i)
{
  int left;

  left = argc - i - 1;
  if (left < a->nargs)
    return -1;
  return a->count ? a->count(argv + i + 1, left) : a->nargs;
}

/* Checks every action and its arguments before anything is sent. */
static int check_actions(int argc, char **argv)
{
  const struct action *a;
  char why[128];
  int n;
  int i;

  if (argc == 0)
    return usage("no action given");
  for (i = 0; i < argc; i += 1 + n) {
    a = find_action(argv[i]);
    n = a ? arity(a, argc, argv, i) : -1;
    if (n < 0) {
      snprintf(why, sizeof(why), "%s \"%s\"",
               a ? "missing arguments for" : "unknown action", argv[i]);
      return usage(why);
    }
  }
  return 0;
}

static int parse_opts(int argc, char **argv, struct td_client_opts *o)
{
  int i;

  memset(o, 0, sizeof(*o));
  o->timeout_ms = 10000;
  for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
    if (strcmp(argv[i], "--server") == 0)
      o->server = argv[i + 1];
    else if (strcmp(argv[i], "--cert") == 0)
      o->cert = argv[i + 1];
    else if (strcmp(argv[i], "--key") == 0)
      o->key = argv[i + 1];
    else if (strcmp(argv[i], "--ca") == 0)
      o->ca = argv[i + 1];
    else if (strcmp(argv[i], "--timeout-ms") == 0)
      o->timeout_ms = (int)strtol(argv[i + 1], NULL, 10);
    else
      return -1;
  }
  return o->server != NULL ? i : -1;
}

int main(int argc, char **argv)
{
  struct td_client_opts o;
  struct probe p;
  const struct action *a;
  char err[512];
  int i;

  signal(SIGPIPE, SIG_IGN);
  /* Lines must reach the test in order with what goes to stderr. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  i = parse_opts(argc, argv, &o);
  if (i < 0)
    return usage("bad options; --server is required");
  if (check_actions(argc - i, argv + i) != 0)
    return 2;
  memset(&p, 0, sizeof(p));
  p.set.seal_cut = p.set.seal_flip = NOT_SET;
  if (td_conn_open(&o, &p.conn, err, sizeof(err)) != 0) {
    fprintf(stderr, "td_probe: %s\n", err);
    return 3;
  }
  while (i < argc) {
    a = find_action(argv[i]);
    p.argv = argv + i + 1;
    p.nargs = arity(a, argc, argv, i);
    a->run(&p);
    i += 1 + p.nargs;
  }
  td_conn_close(p.conn);
  return 0;
}
