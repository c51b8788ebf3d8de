/*
 * td_fieldfuzz: every field of every request, hostile, through the wire.
 *
 *   td_fieldfuzz --server H:P --ca CA --pki DIR --petition ID --version V
 *                --session ID --closed-session ID --foreign-code CODE
 *                [--verbose]
 *
 * Walks the protobuf-c descriptor of the Envelope: every body that is a
 * request (not error, not a reply) has a valid baseline below (Transition
 * two), and every
 * field of that request, and of the messages inside it (the first element
 * of a repeated one), is replaced in turn by hostile values of its type:
 * integers out of range, unknown enum values, strings of invalid UTF-8,
 * with a NUL byte inside, with a control character, and longer than any
 * limit of common/limits.h. The request is encoded here, by a small
 * encoder driven by the same descriptors, so that a string can carry the
 * NUL byte protobuf-c (which packs strings with strlen) cannot. Each goes
 * over mutual TLS, as the officer the request is meant for (DIR/hoa, a
 * reception officer of 03390; DIR/admin, the administrator of province 12;
 * DIR/admin_vn, the nation's, for LoadHolidays).
 *
 * For every mutation the reply must be an Error, never INTERNAL, and an
 * INVALID_ARGUMENT must name the field (its path, its first or its last
 * part). An OK is a failure unless the table of justified values below
 * says why the value is legitimately valid. The baselines are valid but
 * built to change nothing when a hostile value is ignored instead of
 * refused (a transition expecting a version the petition does not have, a
 * principal to revoke that does not exist, a session already closed), so
 * the test script can check
 * in SQL that nothing was stored. MergeUnits also gets --foreign-code as
 * new_code: a unit of another province holds it.
 *
 * Prints one line per failure and a summary; exits 0 when there was none,
 * 1 otherwise, 2 for a bad command line, 3 when it cannot connect.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/conn.h"
#include "common/limits.h"
#include "common/seal.h"
#include "frame.h"
#include "wire.h"

/* Growable output buffer ------------------------------------------------- */

struct buf {
  uint8_t *p;
  size_t n;
  size_t cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 64;
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL) {
      fprintf(stderr, "td_fieldfuzz: out of memory\n");
      exit(1);
    }
  }
  if (n > 0)
    memcpy(b->p + b->n, p, n);
  b->n += n;
}

static void put_varint(struct buf *b, uint64_t v)
{
  uint8_t tmp[10];
  size_t n = 0;

  while (v >= 0x80) {
    tmp[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  tmp[n++] = (uint8_t)v;
  put(b, tmp, n);
}

static void put_tag(struct buf *b, unsigned id, unsigned wire)
{
  put_varint(b, (uint64_t)id << 3 | wire);
}

static void put_len(struct buf *b, unsigned id, const void *p, size_t n)
{
  put_tag(b, id, 2);
  put_varint(b, n);
  put(b, p, n);
}

/* Mutations -------------------------------------------------------------- */

/* What replaces the target field: a varint or fixed integer, or bytes. */
struct value {
  const char *name; /* "-1", "invalid UTF-8", ... */
  uint64_t u;       /* For integers, as the wire carries them. */
  const char *s;    /* For strings; NULL for an integer. */
  size_t len;
};

struct target {
  const ProtobufCMessage *msg; /* The message holding the field. */
  const ProtobufCFieldDescriptor *field;
  const struct value *v;
};

/* Encoder ---------------------------------------------------------------- */

static void encode(struct buf *b, const ProtobufCMessage *m,
                   const struct target *t);

static uint64_t zigzag(int64_t v)
{
  return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* One scalar value of field f at p (a pointer into the message). */
static void put_scalar(struct buf *b, const ProtobufCFieldDescriptor *f,
                       const void *p, const struct target *t)
{
  struct buf sub = {NULL, 0, 0};
  const char *s;

  switch (f->type) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_ENUM:
    put_tag(b, f->id, 0);
    put_varint(b, (uint64_t)(int64_t) * (const int32_t *)p);
    break;
  case PROTOBUF_C_TYPE_SINT32:
    put_tag(b, f->id, 0);
    put_varint(b, zigzag(*(const int32_t *)p));
    break;
  case PROTOBUF_C_TYPE_UINT32:
    put_tag(b, f->id, 0);
    put_varint(b, *(const uint32_t *)p);
    break;
  case PROTOBUF_C_TYPE_INT64:
  case PROTOBUF_C_TYPE_UINT64:
    put_tag(b, f->id, 0);
    put_varint(b, *(const uint64_t *)p);
    break;
  case PROTOBUF_C_TYPE_SINT64:
    put_tag(b, f->id, 0);
    put_varint(b, zigzag(*(const int64_t *)p));
    break;
  case PROTOBUF_C_TYPE_BOOL:
    put_tag(b, f->id, 0);
    put_varint(b, *(const protobuf_c_boolean *)p ? 1 : 0);
    break;
  case PROTOBUF_C_TYPE_FIXED32:
  case PROTOBUF_C_TYPE_SFIXED32:
  case PROTOBUF_C_TYPE_FLOAT:
    put_tag(b, f->id, 5);
    put(b, p, 4);
    break;
  case PROTOBUF_C_TYPE_FIXED64:
  case PROTOBUF_C_TYPE_SFIXED64:
  case PROTOBUF_C_TYPE_DOUBLE:
    put_tag(b, f->id, 1);
    put(b, p, 8);
    break;
  case PROTOBUF_C_TYPE_STRING:
    s = *(char *const *)p;
    if (s != NULL)
      put_len(b, f->id, s, strlen(s));
    break;
  case PROTOBUF_C_TYPE_BYTES:
    put_len(b, f->id, ((const ProtobufCBinaryData *)p)->data,
            ((const ProtobufCBinaryData *)p)->len);
    break;
  case PROTOBUF_C_TYPE_MESSAGE:
    if (*(ProtobufCMessage *const *)p == NULL)
      break;
    encode(&sub, *(ProtobufCMessage *const *)p, t);
    put_len(b, f->id, sub.p, sub.n);
    free(sub.p);
    break;
  }
}

/* The hostile value in place of field f. */
static void put_value(struct buf *b, const ProtobufCFieldDescriptor *f,
                      const struct value *v)
{
  if (v->s != NULL) {
    put_len(b, f->id, v->s, v->len);
    return;
  }
  switch (f->type) {
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SINT64:
    put_tag(b, f->id, 0);
    put_varint(b, zigzag((int64_t)v->u));
    break;
  case PROTOBUF_C_TYPE_FIXED32:
  case PROTOBUF_C_TYPE_SFIXED32: {
    uint32_t x = (uint32_t)v->u;
    put_tag(b, f->id, 5);
    put(b, &x, 4);
    break;
  }
  case PROTOBUF_C_TYPE_FIXED64:
  case PROTOBUF_C_TYPE_SFIXED64:
    put_tag(b, f->id, 1);
    put(b, &v->u, 8);
    break;
  default:
    put_tag(b, f->id, 0);
    put_varint(b, v->u);
    break;
  }
}

/* Whether field f of m is present (optional, oneof) or has elements. */
static size_t present(const ProtobufCMessage *m,
                      const ProtobufCFieldDescriptor *f)
{
  const char *base = (const char *)m;

  if (f->label == PROTOBUF_C_LABEL_REPEATED)
    return *(const size_t *)(base + f->quantifier_offset);
  if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
    return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
  if (f->type == PROTOBUF_C_TYPE_STRING || f->type == PROTOBUF_C_TYPE_MESSAGE)
    return *(void *const *)(base + f->offset) != NULL;
  if (f->label == PROTOBUF_C_LABEL_OPTIONAL)
    return *(const protobuf_c_boolean *)(base + f->quantifier_offset);
  return 1;
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
  switch (f->type) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SFIXED32:
  case PROTOBUF_C_TYPE_UINT32:
  case PROTOBUF_C_TYPE_FIXED32:
  case PROTOBUF_C_TYPE_FLOAT:
  case PROTOBUF_C_TYPE_ENUM:
    return 4;
  case PROTOBUF_C_TYPE_BOOL:
    return sizeof(protobuf_c_boolean);
  case PROTOBUF_C_TYPE_BYTES:
    return sizeof(ProtobufCBinaryData);
  case PROTOBUF_C_TYPE_STRING:
  case PROTOBUF_C_TYPE_MESSAGE:
    return sizeof(void *);
  default:
    return 8;
  }
}

/* Whether f belongs to the same oneof as the target's field. */
static int same_oneof(const ProtobufCMessage *m,
                      const ProtobufCFieldDescriptor *f, const struct target *t)
{
  return t->msg == m && (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
         (t->field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
         f->quantifier_offset == t->field->quantifier_offset;
}

/*
 * Encodes m as protobuf-c would, except that the target field, present or
 * not, carries the hostile value (in a repeated field, as its first
 * element), and the other members of its oneof are left out.
 */
static void encode(struct buf *b, const ProtobufCMessage *m,
                   const struct target *t)
{
  const ProtobufCMessageDescriptor *d = m->descriptor;
  const char *base = (const char *)m;
  unsigned i;
  size_t k, n;

  for (i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    const void *p = base + f->offset;

    if (t != NULL && t->msg == m && t->field == f) {
      put_value(b, f, t->v);
      if (f->label == PROTOBUF_C_LABEL_REPEATED)
        for (k = 1; k < present(m, f); k++)
          put_scalar(b, f, *(char *const *)p + k * elem_size(f), t);
      continue;
    }
    if (t != NULL && same_oneof(m, f, t))
      continue;
    n = present(m, f);
    if (n == 0)
      continue;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      for (k = 0; k < n; k++)
        put_scalar(b, f, *(char *const *)p + k * elem_size(f), t);
    } else {
      put_scalar(b, f, p, t);
    }
  }
}

/* Hostile values by type ------------------------------------------------- */

static char overlong[TD_SUMMARY_MAX + 2];

static const struct value int32_values[] = {
    {"-1", (uint64_t)-1, NULL, 0},
    {"0", 0, NULL, 0},
    {"INT32_MAX", INT32_MAX, NULL, 0},
    {"INT32_MIN", (uint64_t)INT32_MIN, NULL, 0},
    {NULL, 0, NULL, 0}};
static const struct value int64_values[] = {
    {"-1", (uint64_t)-1, NULL, 0},
    {"0", 0, NULL, 0},
    {"2^31", 1ULL << 31, NULL, 0},
    {"2^32", 1ULL << 32, NULL, 0},
    {"INT64_MAX", INT64_MAX, NULL, 0},
    {"INT64_MIN", (uint64_t)INT64_MIN, NULL, 0},
    {NULL, 0, NULL, 0}};
static const struct value uint32_values[] = {
    {"0", 0, NULL, 0},
    {"2^31", 1ULL << 31, NULL, 0},
    {"UINT32_MAX", UINT32_MAX, NULL, 0},
    {NULL, 0, NULL, 0}};
static const struct value uint64_values[] = {
    {"0", 0, NULL, 0},
    {"2^31", 1ULL << 31, NULL, 0},
    {"2^32", 1ULL << 32, NULL, 0},
    {"2^63", 1ULL << 63, NULL, 0},
    {"UINT64_MAX", UINT64_MAX, NULL, 0},
    {NULL, 0, NULL, 0}};
static const struct value enum_values[] = {{"-1", (uint64_t)-1, NULL, 0},
                                           {"unknown 99", 99, NULL, 0},
                                           {"INT32_MAX", INT32_MAX, NULL, 0},
                                           {NULL, 0, NULL, 0}};
static struct value string_values[] = {
    {"invalid UTF-8", 0, "BL-\xc3\x28", 5},
    {"NUL inside", 0, "03390\0x", 7},
    {"control character", 0, "a\x01z", 3},
    {"overlong", 0, overlong, sizeof(overlong) - 1},
    {NULL, 0, NULL, 0}};

/* The values tried on field f; NULL for a type not mutated (bool). */
static const struct value *values_for(const ProtobufCFieldDescriptor *f)
{
  switch (f->type) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SFIXED32:
    return int32_values;
  case PROTOBUF_C_TYPE_INT64:
  case PROTOBUF_C_TYPE_SINT64:
  case PROTOBUF_C_TYPE_SFIXED64:
    return int64_values;
  case PROTOBUF_C_TYPE_UINT32:
  case PROTOBUF_C_TYPE_FIXED32:
    return uint32_values;
  case PROTOBUF_C_TYPE_UINT64:
  case PROTOBUF_C_TYPE_FIXED64:
    return uint64_values;
  case PROTOBUF_C_TYPE_ENUM:
    return enum_values;
  case PROTOBUF_C_TYPE_STRING:
  case PROTOBUF_C_TYPE_BYTES:
    return string_values;
  default:
    return NULL;
  }
}

/* Values that are legitimately valid ------------------------------------- */

/*
 * A mutation answered OK must be one of these: the value is one the field
 * may hold, and the request it is in changes nothing.
 */
static const struct {
  const char *request; /* Envelope field name. */
  const char *field;   /* Path inside it. */
  const char *value;   /* Value name, or NULL for every value. */
  const char *why;
} justified[] = {
    {"hello", "client_version", NULL,
     "the server reads nothing of it: neither stored nor logged"},
    {"list_petitions", "received_from", "-1",
     "1969-12-31T23:59:59Z is a time PostgreSQL holds: an empty filter"},
    {"list_petitions", "received_from", "0",
     "the Unix epoch is a time PostgreSQL holds: an empty filter"},
    {"list_petitions", "received_to", "2^31", "2038, within the years 1-9999"},
    {"list_petitions", "received_to", "2^32", "2106, within the years 1-9999"},
    {"list_petitions", "page_size", NULL,
     "the page size is capped by the server, as the protocol says"},
    {"list_petitions", "due_within_days", "0", "due today"},
    {"list_petitions", "session_id", "2^31", "no session has it: no petition"},
    {"list_petitions", "session_id", "2^32", "no session has it: no petition"},
    {"list_petitions", "session_id", "INT64_MAX",
     "no session has it: no petition"},
    {"list_sessions", "from", "-1", "a time PostgreSQL holds"},
    {"list_sessions", "from", "0", "a time PostgreSQL holds"},
    {"list_sessions", "to", "2^31", "2038, within the years 1-9999"},
    {"list_sessions", "to", "2^32", "2106, within the years 1-9999"},
    {"changes", "since", "0", "0 asks for the current cursor"},
    {"changes", "wait_ms", NULL, "capped at 60 s; since 0 never waits"},
    {"get_stats", "soon_days", "0", "0 takes the default of 3 days"},
    {"add_units", "units.line", NULL,
     "the line only words a refusal; the unit is left as it is"},
};
#define N_JUSTIFIED (sizeof(justified) / sizeof(justified[0]))
static int justified_used[N_JUSTIFIED];

/* Fields checked together: a bad one may be named by its partner. */
static const char *const partners[][2] = {
    {"received_from", "received_to"},
    {"from", "to"},
};

static const char *why_ok(const char *request, const char *field,
                          const char *value)
{
  size_t i;

  for (i = 0; i < N_JUSTIFIED; i++)
    if (strcmp(justified[i].request, request) == 0 &&
        strcmp(justified[i].field, field) == 0 &&
        (justified[i].value == NULL ||
         strcmp(justified[i].value, value) == 0)) {
      justified_used[i] = 1;
      return justified[i].why;
    }
  return NULL;
}

/* Baselines -------------------------------------------------------------- */

enum who { OFFICER, ADMIN, NATION, WHO_COUNT };

struct args {
  const char *server, *ca, *pki, *foreign_code;
  int64_t petition, version, session, closed_session;
  int verbose;
};

/* Every request's baseline; a request of the Envelope missing here fails
 * the run, so a new one cannot go unfuzzed. */
struct baseline {
  const char *name; /* Envelope field name. */
  enum who who;
  ProtobufCMessage *msg;
  /* A field this baseline leaves alone because the request ignores it by
   * design (another baseline of the same request fuzzes it), or NULL. */
  const char *skip;
};

static char *read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  char *s;
  long n = -1;

  if (f != NULL && fseek(f, 0, SEEK_END) == 0)
    n = ftell(f);
  if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "td_fieldfuzz: cannot read %s\n", path);
    exit(2);
  }
  s = calloc(1, (size_t)n + 1);
  if (s == NULL || fread(s, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "td_fieldfuzz: cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  return s;
}

static Tiepdan__Hello hello = TIEPDAN__HELLO__INIT;
static Tiepdan__Petitioner petitioner = TIEPDAN__PETITIONER__INIT;
static Tiepdan__SubmitPetition submit = TIEPDAN__SUBMIT_PETITION__INIT;
static Tiepdan__GetPetition get = TIEPDAN__GET_PETITION__INIT;
static Tiepdan__GetReceipt receipt = TIEPDAN__GET_RECEIPT__INIT;
static Tiepdan__ListPetitions list = TIEPDAN__LIST_PETITIONS__INIT;
static Tiepdan__Transition transition = TIEPDAN__TRANSITION__INIT;
static Tiepdan__Transition note = TIEPDAN__TRANSITION__INIT;
static Tiepdan__GetHistory history = TIEPDAN__GET_HISTORY__INIT;
static Tiepdan__OpenSession open_session = TIEPDAN__OPEN_SESSION__INIT;
static Tiepdan__CloseSession close_session = TIEPDAN__CLOSE_SESSION__INIT;
static Tiepdan__ListSessions list_sessions = TIEPDAN__LIST_SESSIONS__INIT;
static Tiepdan__Holiday holiday = TIEPDAN__HOLIDAY__INIT;
static Tiepdan__Holiday *holidays[] = {&holiday};
static Tiepdan__Holiday working = TIEPDAN__HOLIDAY__INIT;
static Tiepdan__Holiday *working_days[] = {&working};
static Tiepdan__LoadHolidays load = TIEPDAN__LOAD_HOLIDAYS__INIT;
static Tiepdan__ListHolidays list_holidays = TIEPDAN__LIST_HOLIDAYS__INIT;
static Tiepdan__AddPrincipal add = TIEPDAN__ADD_PRINCIPAL__INIT;
static Tiepdan__RevokePrincipal revoke = TIEPDAN__REVOKE_PRINCIPAL__INIT;
static Tiepdan__ListPrincipals principals = TIEPDAN__LIST_PRINCIPALS__INIT;
static char *old_codes[] = {"03405"};
static Tiepdan__MergeUnits merge = TIEPDAN__MERGE_UNITS__INIT;
static Tiepdan__UnitEntry unit_entry = TIEPDAN__UNIT_ENTRY__INIT;
static Tiepdan__UnitEntry *unit_entries[] = {&unit_entry};
static Tiepdan__AddUnits add_units = TIEPDAN__ADD_UNITS__INIT;
static Tiepdan__RenameUnit rename_unit = TIEPDAN__RENAME_UNIT__INIT;
static Tiepdan__ListUnits list_units = TIEPDAN__LIST_UNITS__INIT;
static Tiepdan__StatDim dims[] = {TIEPDAN__STAT_DIM__DIM_KIND};
static Tiepdan__GetStats stats = TIEPDAN__GET_STATS__INIT;
static Tiepdan__Changes changes = TIEPDAN__CHANGES__INIT;
static Tiepdan__GetServerStatus status = TIEPDAN__GET_SERVER_STATUS__INIT;
static Tiepdan__ListRules rules = TIEPDAN__LIST_RULES__INIT;
static Tiepdan__VerifyAudit verify_audit = TIEPDAN__VERIFY_AUDIT__INIT;
static Tiepdan__GetAnchor get_anchor = TIEPDAN__GET_ANCHOR__INIT;
static Tiepdan__GetForm get_form = TIEPDAN__GET_FORM__INIT;
static Tiepdan__LeaseReceipts lease = TIEPDAN__LEASE_RECEIPTS__INIT;
static Tiepdan__ListReceiptLeases leases = TIEPDAN__LIST_RECEIPT_LEASES__INIT;
static Tiepdan__SealedRequest sealed = TIEPDAN__SEALED_REQUEST__INIT;

/* The transition baseline (refused by its version: nothing changes),
 * sealed to the server's certificate: a SealedRequest that opens. */
static void seal_transition(const struct args *a)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  char path[512];
  char err[512];
  uint8_t *plain;
  size_t n;
  X509 *x;

  snprintf(path, sizeof(path), "%s/server.crt", a->pki);
  x = td_seal_read_cert(path, err, sizeof(err));
  env.body_case = TIEPDAN__ENVELOPE__BODY_TRANSITION;
  env.transition = &transition;
  n = tiepdan__envelope__get_packed_size(&env);
  plain = malloc(n);
  if (x == NULL || plain == NULL) {
    fprintf(stderr, "td_fieldfuzz: %s\n", x == NULL ? err : "out of memory");
    exit(2);
  }
  tiepdan__envelope__pack(&env, plain);
  if (td_seal(x, plain, n, &sealed.cms.data, &sealed.cms.len, err,
              sizeof(err)) != 0) {
    fprintf(stderr, "td_fieldfuzz: %s\n", err);
    exit(2);
  }
  sealed.has_cms = 1;
  free(plain);
  X509_free(x);
}

static int make_baselines(const struct args *a, struct baseline *out)
{
  static char cert[512];
  int64_t now = (int64_t)time(NULL);
  int n = 0;

#define BASE(name_, who_, msg_)                                                \
  out[n].name = name_;                                                         \
  out[n].who = who_;                                                           \
  out[n].msg = &(msg_).base;                                                   \
  out[n].skip = NULL;                                                          \
  n++

  hello.has_protocol_version = 1;
  hello.protocol_version = TD_PROTOCOL_VERSION;
  hello.client_version = "td_fieldfuzz";
  BASE("hello", OFFICER, hello);

  /* A complaint that would be stored: only hostile values may go in. */
  petitioner.name = "Lò Văn Minh";
  petitioner.id_number = "012345678901";
  petitioner.address = "Bản Nà Lại, xã Bình Lư";
  petitioner.contact = "0912345678";
  submit.idempotency_key = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  submit.unit_code = "03390";
  submit.kind = "complaint";
  submit.channel = "regular_reception";
  submit.field = "land";
  submit.has_group_size = 1;
  submit.group_size = 1;
  submit.petitioner = &petitioner;
  submit.summary = "Khiếu nại việc xác định ranh giới thửa đất";
  submit.has_received_at = 1;
  submit.received_at = now - 3600;
  submit.has_session_id = 1;
  submit.session_id = a->session;
  BASE("submit_petition", OFFICER, submit);

  get.key_case = TIEPDAN__GET_PETITION__KEY_ID;
  get.id = a->petition;
  get.has_explain = 1;
  get.explain = 1;
  BASE("get_petition", OFFICER, get);

  receipt.key_case = TIEPDAN__GET_RECEIPT__KEY_ID;
  receipt.id = a->petition;
  BASE("get_receipt", OFFICER, receipt);

  list.unit_code = "03390";
  list.kind = "complaint";
  list.has_status = 1;
  list.status = TIEPDAN__STATUS__RECEIVED;
  list.has_received_from = 1;
  list.received_from = now - 86400 * 30;
  list.has_received_to = 1;
  list.received_to = now + 86400;
  list.text = "đất";
  list.has_page_size = 1;
  list.page_size = 10;
  list.has_due_within_days = 1;
  list.due_within_days = 30;
  list.has_session_id = 1;
  list.session_id = a->session;
  BASE("list_petitions", OFFICER, list);

  /* A resolution the petition's state and version both refuse, carrying
   * every text: a hostile value that is not refused by name ends in
   * CONFLICT or ILLEGAL_TRANSITION, with nothing stored. */
  transition.key_case = TIEPDAN__TRANSITION__KEY_PETITION_ID;
  transition.petition_id = a->petition;
  transition.has_action = 1;
  transition.action = TIEPDAN__ACTION__RESOLVE;
  transition.has_expected_version = 1;
  transition.expected_version = a->version + 1000;
  transition.note = "Đã trả lời bằng văn bản";
  transition.transfer_target = "Tòa án nhân dân tỉnh";
  transition.has_outcome = 1;
  transition.outcome = TIEPDAN__OUTCOME__ANSWERED_IN_WRITING;
  transition.has_satisfaction = 1;
  transition.satisfaction = TIEPDAN__SATISFACTION__SATISFIED;
  transition.decision_no = "12/QĐ-UBND";
  transition.has_at = 1;
  transition.at = now - 60;
  BASE("transition", OFFICER, transition);
  /* And a note the petition's state and version allow: here a hostile
   * value that is ignored instead of refused would be stored. */
  note.key_case = TIEPDAN__TRANSITION__KEY_PETITION_ID;
  note.petition_id = a->petition;
  note.has_action = 1;
  note.action = TIEPDAN__ACTION__NOTE;
  note.note = "Đã gọi điện cho công dân";
  BASE("transition", OFFICER, note);
  /* A note changes neither state nor version, so it states none (README,
   * "A petition's life"); the resolution above fuzzes expected_version. */
  out[n - 1].skip = "expected_version";

  history.key_case = TIEPDAN__GET_HISTORY__KEY_PETITION_ID;
  history.petition_id = a->petition;
  BASE("get_history", OFFICER, history);

  open_session.unit_code = "03390";
  open_session.has_type = 1;
  open_session.type = TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION;
  open_session.title = "Tiếp công dân định kỳ";
  open_session.presided_by = "Hoàng Văn Lãnh";
  open_session.has_at = 1;
  open_session.at = now - 600;
  BASE("open_session", OFFICER, open_session);

  /* A session already closed: closing it again changes nothing. */
  close_session.has_session_id = 1;
  close_session.session_id = a->closed_session;
  close_session.has_attendees = 1;
  close_session.attendees = 12;
  close_session.has_opinions = 1;
  close_session.opinions = 3;
  close_session.has_resolved_on_spot = 1;
  close_session.resolved_on_spot = 0;
  close_session.has_forwarded = 1;
  close_session.forwarded = 0;
  close_session.note = "Kết thúc";
  close_session.has_at = 1;
  close_session.at = now - 60;
  BASE("close_session", OFFICER, close_session);

  list_sessions.unit_code = "03390";
  list_sessions.has_type = 1;
  list_sessions.type = TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION;
  list_sessions.has_from = 1;
  list_sessions.from = now - 86400 * 30;
  list_sessions.has_to = 1;
  list_sessions.to = now + 86400;
  BASE("list_sessions", OFFICER, list_sessions);

  holiday.date = "2026-09-02";
  holiday.name = "Quốc khánh";
  load.has_year = 1;
  load.year = 2026;
  load.n_holidays = 1;
  load.holidays = holidays;
  /* A make-up Saturday, for the swapped day. */
  working.date = "2026-02-21";
  working.name = "Làm bù";
  working.source = "Thông báo của Bộ Lao động";
  load.n_working_days = 1;
  load.working_days = working_days;
  load.source = "Quyết định của Thủ tướng";
  BASE("load_holidays", NATION, load);

  list_holidays.has_from_year = 1;
  list_holidays.from_year = 2026;
  BASE("list_holidays", ADMIN, list_holidays);

  snprintf(cert, sizeof(cert), "%s/stranger.crt", a->pki);
  add.certificate_pem = read_file(cert);
  add.name = "Người Lạ";
  add.has_role = 1;
  add.role = TIEPDAN__ROLE__RECEPTION;
  add.unit_code = "03390";
  BASE("add_principal", ADMIN, add);

  revoke.key_case = TIEPDAN__REVOKE_PRINCIPAL__KEY_ID;
  revoke.id = 999999;
  BASE("revoke_principal", ADMIN, revoke);

  principals.unit_code = "12";
  principals.has_include_revoked = 1;
  principals.include_revoked = 1;
  BASE("list_principals", ADMIN, principals);

  merge.n_old_codes = 1;
  merge.old_codes = old_codes;
  merge.new_code = "03390";
  merge.new_name = "Xã Bình Lư";
  merge.on = "2026-07-01";
  BASE("merge_units", ADMIN, merge);

  /* A unit loaded again as it is: left as is. */
  unit_entry.code = "03390";
  unit_entry.name = "Xã Bình Lư";
  unit_entry.level = "commune";
  unit_entry.parent_code = "12";
  unit_entry.has_line = 1;
  unit_entry.line = 2;
  add_units.n_units = 1;
  add_units.units = unit_entries;
  add_units.has_load = 1;
  add_units.load = 1;
  BASE("add_units", ADMIN, add_units);

  /* Renamed to the name it has: unchanged. */
  rename_unit.code = "03390";
  rename_unit.name = "Xã Bình Lư";
  BASE("rename_unit", ADMIN, rename_unit);

  list_units.has_include_ended = 1;
  list_units.include_ended = 1;
  BASE("list_units", ADMIN, list_units);

  stats.unit_code = "03390";
  stats.from = "2026-01";
  stats.to = "2026-06";
  stats.n_group_by = 1;
  stats.group_by = dims;
  stats.unit_level = "commune";
  stats.kind = "complaint";
  stats.channel = "regular_reception";
  stats.has_soon_days = 1;
  stats.soon_days = 3;
  BASE("get_stats", OFFICER, stats);

  changes.has_since = 1;
  changes.since = 0;
  changes.has_limit = 1;
  changes.limit = 10;
  changes.unit_code = "03390";
  BASE("changes", OFFICER, changes);

  BASE("get_server_status", OFFICER, status);

  /* The rules in force on the day Law 136/2025/QH15 takes effect. */
  rules.on = "2026-07-01";
  BASE("list_rules", OFFICER, rules);
  verify_audit.unit_code = "03390";
  BASE("verify_audit", ADMIN, verify_audit);
  get_anchor.unit_code = "03390";
  BASE("get_anchor", OFFICER, get_anchor);
  /* A figure of Bình Lư's row explained: a read, whatever is named. */
  get_form.form = "01/TCD";
  get_form.unit_code = "03390";
  get_form.from = "2025-12-15";
  get_form.to = "2026-12-14";
  get_form.explain_unit = "03390";
  get_form.has_explain_column = 1;
  get_form.explain_column = 6;
  BASE("get_form", OFFICER, get_form);
  /* A block of a year long past, which no officer may lease: a hostile
   * value ignored instead of refused would still be refused by the year,
   * naming the wrong field; one refused by name takes nothing. */
  lease.workstation = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
  lease.has_count = 1;
  lease.count = 5;
  lease.has_year = 1;
  lease.year = 2000;
  BASE("lease_receipts", OFFICER, lease);
  leases.unit_code = "03390";
  leases.has_year = 1;
  leases.year = 2026;
  BASE("list_receipt_leases", ADMIN, leases);
  seal_transition(a);
  BASE("sealed_request", OFFICER, sealed);
#undef BASE
  return n;
}

/* The wire --------------------------------------------------------------- */

struct run {
  const struct args *a;
  struct td_conn *conn[WHO_COUNT];
  uint64_t next_id;
  unsigned mutations, fields, requests, failures, bools;
  unsigned by_code[TIEPDAN__ERROR_CODE__ILLEGAL_TRANSITION + 2];
  unsigned justified_ok;
};

static struct td_conn *conn_for(struct run *r, enum who who)
{
  static const char *const base[] = {"hoa", "admin", "admin_vn"};
  struct td_client_opts o;
  char cert[512], key[512], err[512];

  if (r->conn[who] != NULL)
    return r->conn[who];
  snprintf(cert, sizeof(cert), "%s/%s.crt", r->a->pki, base[who]);
  snprintf(key, sizeof(key), "%s/%s.key", r->a->pki, base[who]);
  memset(&o, 0, sizeof(o));
  o.server = (char *)r->a->server;
  o.ca = (char *)r->a->ca;
  o.cert = cert;
  o.key = key;
  o.timeout_ms = 20000;
  if (td_conn_open(&o, &r->conn[who], err, sizeof(err)) != 0) {
    fprintf(stderr, "td_fieldfuzz: cannot connect as %s: %s\n", base[who], err);
    exit(3);
  }
  r->next_id = 0;
  return r->conn[who];
}

static void drop(struct run *r, enum who who)
{
  td_conn_abort(r->conn[who]);
  r->conn[who] = NULL;
}

/* Sends an Envelope whose body is field body of the Envelope, encoded with
 * target t, and returns the reply (NULL after printing why there is none). */
static Tiepdan__Envelope *call(struct run *r, enum who who,
                               const ProtobufCFieldDescriptor *body,
                               const ProtobufCMessage *m,
                               const struct target *t)
{
  struct buf payload = {NULL, 0, 0};
  struct buf sub = {NULL, 0, 0};
  struct buf frame = {NULL, 0, 0};
  struct td_conn *c = conn_for(r, who);
  Tiepdan__Envelope *reply = NULL;
  uint8_t hdr[TD_FRAME_HEADER];
  char err[512];
  int rc;

  /* td_conn numbers its own calls; raw frames number from 1 per
   * connection, which is all the server needs. */
  put_tag(&payload, 1, 0);
  put_varint(&payload, 1);
  encode(&sub, m, t);
  put_len(&payload, body->id, sub.p, sub.n);
  td_frame_put_header(hdr, (uint32_t)payload.n);
  put(&frame, hdr, sizeof(hdr));
  put(&frame, payload.p, payload.n);
  rc = td_conn_send_raw(c, frame.p, frame.n, err, sizeof(err));
  if (rc == 0)
    rc = td_conn_recv(c, &reply, err, sizeof(err));
  free(payload.p);
  free(sub.p);
  free(frame.p);
  if (rc != 0) {
    printf("FAIL no reply (%s); the connection is made again\n", err);
    drop(r, who);
    return NULL;
  }
  return reply;
}

/* Whether the error's field names the mutated path. */
static int names_field(const char *got, const char *path)
{
  const char *dot = strchr(path, '.');
  const char *last = strrchr(path, '.');

  size_t i;

  if (got == NULL || got[0] == '\0')
    return 0;
  if (strcmp(got, path) == 0)
    return 1;
  for (i = 0; i < sizeof(partners) / sizeof(partners[0]); i++)
    if (strcmp(path, partners[i][0]) == 0 && strcmp(got, partners[i][1]) == 0)
      return 1;
  if (dot != NULL && strlen(got) == (size_t)(dot - path) &&
      strncmp(got, path, (size_t)(dot - path)) == 0)
    return 1;
  return last != NULL && strcmp(got, last + 1) == 0;
}

static void judge(struct run *r, const char *request, const char *path,
                  const struct value *v, const Tiepdan__Envelope *reply)
{
  const Tiepdan__Error *e;
  const char *why;

  r->mutations++;
  if (reply == NULL) {
    r->failures++;
    printf("FAIL %s.%s = %s: no reply\n", request, path, v->name);
    return;
  }
  if (reply->body_case != TIEPDAN__ENVELOPE__BODY_ERROR) {
    why = why_ok(request, path, v->name);
    if (why != NULL) {
      r->justified_ok++;
      if (r->a->verbose)
        printf("ok   %s.%s = %s: OK (%s)\n", request, path, v->name, why);
      return;
    }
    r->failures++;
    printf("FAIL %s.%s = %s: answered OK\n", request, path, v->name);
    return;
  }
  e = reply->error;
  if ((unsigned)e->code < sizeof(r->by_code) / sizeof(r->by_code[0]))
    r->by_code[e->code]++;
  if (e->code == TIEPDAN__ERROR_CODE__INTERNAL ||
      e->code == TIEPDAN__ERROR_CODE__UNAVAILABLE) {
    r->failures++;
    printf("FAIL %s.%s = %s: %s: %s\n", request, path, v->name,
           td_error_code_name(e->code), e->message ? e->message : "");
    return;
  }
  if (e->code == TIEPDAN__ERROR_CODE__INVALID_ARGUMENT &&
      !names_field(e->field, path)) {
    r->failures++;
    printf("FAIL %s.%s = %s: INVALID_ARGUMENT names field \"%s\": %s\n",
           request, path, v->name, e->field ? e->field : "",
           e->message ? e->message : "");
    return;
  }
  if (r->a->verbose)
    printf("ok   %s.%s = %s: %s field=%s\n", request, path, v->name,
           td_error_code_name(e->code), e->field ? e->field : "");
}

/* Tries every value on field f of m (inside the body), then recurses into
 * f's message if it has one. prefix is m's path ("" for the body). */
static void fuzz_message(struct run *r, const struct baseline *b,
                         const ProtobufCFieldDescriptor *body,
                         const ProtobufCMessage *m, const char *prefix);

static void fuzz_field(struct run *r, const struct baseline *b,
                       const ProtobufCFieldDescriptor *body,
                       const ProtobufCMessage *m,
                       const ProtobufCFieldDescriptor *f, const char *path,
                       const struct value *values)
{
  Tiepdan__Envelope *reply;
  struct target t;
  size_t i;

  r->fields++;
  for (i = 0; values[i].name != NULL; i++) {
    t.msg = m;
    t.field = f;
    t.v = &values[i];
    reply = call(r, b->who, body, b->msg, &t);
    judge(r, b->name, path, &values[i], reply);
    if (reply != NULL)
      tiepdan__envelope__free_unpacked(reply, NULL);
  }
}

static void fuzz_message(struct run *r, const struct baseline *b,
                         const ProtobufCFieldDescriptor *body,
                         const ProtobufCMessage *m, const char *prefix)
{
  const ProtobufCMessageDescriptor *d = m->descriptor;
  const ProtobufCMessage *sub;
  const struct value *values;
  char path[160];
  unsigned i;

  for (i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    const char *p = (const char *)m + f->offset;

    snprintf(path, sizeof(path), "%s%s%s", prefix, prefix[0] ? "." : "",
             f->name);
    if (b->skip != NULL && strcmp(b->skip, path) == 0)
      continue;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
      sub = f->label == PROTOBUF_C_LABEL_REPEATED
                ? (present(m, f) ? **(ProtobufCMessage * *const *)p : NULL)
                : *(ProtobufCMessage *const *)p;
      if (sub == NULL) {
        r->failures++;
        printf("FAIL %s.%s: the baseline has no %s to fuzz inside\n", b->name,
               path, f->name);
        continue;
      }
      fuzz_message(r, b, body, sub, path);
      continue;
    }
    values = values_for(f);
    if (values == NULL) {
      r->bools++;
      continue;
    }
    fuzz_field(r, b, body, m, f, path, values);
  }
}

/* The one finding found before this test: a merger into a code another
 * province's unit holds came back INTERNAL. */
static void fuzz_foreign_code(struct run *r, const struct baseline *b,
                              const ProtobufCFieldDescriptor *body)
{
  static struct value v = {"a code of another province", 0, NULL, 0};
  const ProtobufCFieldDescriptor *f =
      protobuf_c_message_descriptor_get_field_by_name(b->msg->descriptor,
                                                      "new_code");
  Tiepdan__Envelope *reply;
  struct target t;

  v.s = r->a->foreign_code;
  v.len = strlen(v.s);
  t.msg = b->msg;
  t.field = f;
  t.v = &v;
  reply = call(r, b->who, body, b->msg, &t);
  judge(r, b->name, "new_code", &v, reply);
  if (reply != NULL &&
      (reply->body_case != TIEPDAN__ENVELOPE__BODY_ERROR ||
       reply->error->code != TIEPDAN__ERROR_CODE__INVALID_ARGUMENT)) {
    r->failures++;
    printf("FAIL merge_units.new_code = %s: not INVALID_ARGUMENT\n", v.s);
  }
  if (reply != NULL)
    tiepdan__envelope__free_unpacked(reply, NULL);
}

static int is_request(const ProtobufCFieldDescriptor *f)
{
  size_t n = strlen(f->name);

  return f->type == PROTOBUF_C_TYPE_MESSAGE && strcmp(f->name, "error") != 0 &&
         strcmp(f->name, "server_status") != 0 &&
         !(n > 6 && strcmp(f->name + n - 6, "_reply") == 0);
}

/* After everything, the server still answers. */
static void still_up(struct run *r)
{
  const ProtobufCFieldDescriptor *f =
      protobuf_c_message_descriptor_get_field_by_name(
          &tiepdan__envelope__descriptor, "hello");
  Tiepdan__Envelope *reply;
  int i;

  for (i = 0; i < WHO_COUNT; i++)
    if (r->conn[i] != NULL)
      drop(r, (enum who)i);
  reply = call(r, OFFICER, f, &hello.base, NULL);
  if (reply == NULL ||
      reply->body_case != TIEPDAN__ENVELOPE__BODY_HELLO_REPLY) {
    r->failures++;
    printf("FAIL the server no longer answers a Hello\n");
  }
  if (reply != NULL)
    tiepdan__envelope__free_unpacked(reply, NULL);
}

static int parse_args(int argc, char **argv, struct args *a)
{
  int i;

  memset(a, 0, sizeof(*a));
  for (i = 1; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;

    if (strcmp(argv[i], "--verbose") == 0) {
      a->verbose = 1;
      continue;
    }
    if (v == NULL)
      return -1;
    if (strcmp(argv[i], "--server") == 0)
      a->server = v;
    else if (strcmp(argv[i], "--ca") == 0)
      a->ca = v;
    else if (strcmp(argv[i], "--pki") == 0)
      a->pki = v;
    else if (strcmp(argv[i], "--foreign-code") == 0)
      a->foreign_code = v;
    else if (strcmp(argv[i], "--petition") == 0)
      a->petition = strtoll(v, NULL, 10);
    else if (strcmp(argv[i], "--version") == 0)
      a->version = strtoll(v, NULL, 10);
    else if (strcmp(argv[i], "--session") == 0)
      a->session = strtoll(v, NULL, 10);
    else if (strcmp(argv[i], "--closed-session") == 0)
      a->closed_session = strtoll(v, NULL, 10);
    else
      return -1;
    i++;
  }
  return a->server && a->ca && a->pki && a->foreign_code && a->petition > 0 &&
                 a->session > 0 && a->closed_session > 0
             ? 0
             : -1;
}

int main(int argc, char **argv)
{
  const ProtobufCMessageDescriptor *env = &tiepdan__envelope__descriptor;
  struct baseline base[40];
  struct args a;
  struct run r;
  int nbase;
  int found;
  int i, j;

  signal(SIGPIPE, SIG_IGN);
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (parse_args(argc, argv, &a) != 0) {
    fprintf(stderr, "usage: td_fieldfuzz --server H:P --ca CA --pki DIR "
                    "--petition ID --version V --session ID "
                    "--closed-session ID --foreign-code CODE [--verbose]\n");
    return 2;
  }
  memset(overlong, 'a', sizeof(overlong) - 1);
  memset(&r, 0, sizeof(r));
  r.a = &a;
  nbase = make_baselines(&a, base);
  for (i = 0; i < (int)env->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &env->fields[i];

    if (!is_request(f))
      continue;
    found = 0;
    for (j = 0; j < nbase; j++) {
      if (strcmp(base[j].name, f->name) != 0)
        continue;
      found = 1;
      fuzz_message(&r, &base[j], f, base[j].msg, "");
      if (strcmp(f->name, "merge_units") == 0)
        fuzz_foreign_code(&r, &base[j], f);
    }
    if (found)
      r.requests++;
    else {
      r.failures++;
      printf("FAIL request %s has no baseline here\n", f->name);
    }
  }
  still_up(&r);
  for (i = 0; i < (int)N_JUSTIFIED; i++)
    if (!justified_used[i]) {
      r.failures++;
      printf("FAIL %s.%s = %s was justified but never answered OK\n",
             justified[i].request, justified[i].field,
             justified[i].value ? justified[i].value : "any value");
    }
  printf("fieldfuzz: %u mutations of %u fields of %u request types "
         "(%u bool fields left as they are): ",
         r.mutations, r.fields, r.requests, r.bools);
  for (i = 0; i < (int)(sizeof(r.by_code) / sizeof(r.by_code[0])); i++)
    if (r.by_code[i] > 0)
      printf("%s %u, ", td_error_code_name(i), r.by_code[i]);
  printf("justified OK %u; %u failures\n", r.justified_ok, r.failures);
  for (i = 0; i < WHO_COUNT; i++)
    td_conn_close(r.conn[i]);
  free(add.certificate_pem);
  return r.failures == 0 ? 0 : 1;
}
