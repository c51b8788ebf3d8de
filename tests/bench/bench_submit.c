/*
 * td_bench_submit: load generator for SubmitPetition through tiepdand.
 *
 *   td_bench_submit --server H:P[,H:P...] --ca CA --cert C --key K
 *                   [--cert C --key K] [--conns N] [--duration S]
 *                   [--warmup S] [--rate R] [--retry-every N]
 *                   [--twin-every N] [--acked FILE] [--timeout-ms MS]
 *                   [--failover] [--grace S]
 *
 * Each of the N connections (one thread each, mutual TLS) submits petitions
 * with one in flight at a time. Every petition has a fresh random
 * idempotency key, a summary of about 300 bytes of Vietnamese made up from
 * phrases and numbers (so that they vary), and a valid kind, channel and
 * field; it goes to the commune of the certificate that sent it. --cert and
 * --key may be given up to 8 times: connection i uses pair i mod their
 * number, which spreads the load over several communes. --server may name
 * several servers, comma-separated or repeated (up to 16): connection i
 * starts on server i mod their number.
 *
 * Closed loop (the default): a connection sends its next petition as soon
 * as the last one is acknowledged; the latency is from just before the
 * send to just after the reply is decoded.
 *
 * Open loop (--rate R): petition k is due at start + k / R seconds, whatever
 * the replies do; the connection that takes it waits for that instant, and
 * its latency runs from that instant, not from when it could send, so time
 * spent queued behind a slow reply is counted (no coordinated omission).
 * There must be enough connections for the rate: when all are busy, the
 * petitions due wait and their latency grows, as a citizen's would.
 *
 * Sending lasts --warmup plus --duration seconds (default 1 + 10); the
 * petitions due in the warm-up are not measured, but what they stored is
 * acknowledged all the same. --retry-every N sends every Nth petition of a
 * connection a second time with the same key and content, as a client that
 * lost the reply would; the answer must be a duplicate with the same
 * receipt number and petition id, or it is a failure. --twin-every N sends
 * every Nth petition twice before reading either reply, as a client that
 * retried too soon would: both replies must name the same petition, one as
 * created and one as a duplicate. Neither is measured; both count as
 * retries.
 *
 * Every reply must be a SubmitReply with a petition that has an id and a
 * receipt number, not a duplicate for a fresh key; anything else is a
 * failure. --acked FILE gets every acknowledged petition, one a line,
 * tab-separated: idempotency key, receipt number, petition id; each line is
 * written as its reply comes, so the file is whole however the process
 * ends.
 *
 * Without --failover a connection that breaks ends its worker (exit 1).
 * With --failover, a break (TLS or socket error, end of stream, no reply
 * within --timeout-ms) or an Error reply that says a retry can help (its
 * retryable flag, or else the code: UNAVAILABLE, SHUTTING_DOWN,
 * OVERLOADED; TD_EUNAVAIL "database unavailable" is one) is not a failure:
 * the worker drops the connection, waits 100 to 250 ms, connects to the
 * next server of the list (round robin, again and again) and sends the
 * same petition, same key and content, until a reply of another kind.
 * That reply may say created or duplicate (the first send may have been
 * committed before the break): either way the petition is acknowledged
 * with the receipt number and id it names. A non-retryable Error is still
 * a failure, and so is a petition still unacknowledged --grace seconds
 * (0 to 30, default 30) after sending ended. The latency of such a
 * petition runs to its acknowledgement. A break while checking
 * --retry-every skips that check. SIGTERM or SIGINT stops sending: the
 * petitions then in flight are neither acknowledged nor failures
 * (unacked=), and the line is printed; a second signal kills.
 *
 * Prints one line, key=value separated by spaces, latencies in ms:
 *   mode=closed|open conns=N requests=N failures=F retries=R rps=..
 *   p50=.. p95=.. p99=.. max=.. mean=.. cpu=S rate=R
 * where requests are the measured ones (sent after the warm-up), rps the
 * replies that came between the end of the warm-up and the end of sending
 * over that time, and cpu the CPU seconds (user + system) of this process,
 * handshakes included. With --failover the line goes on with
 *   acked=N reconnects=N resent=N unacked=N gap_max_ms=X gap_from=T
 * acked: every petition acknowledged, warm-up included (the lines of
 * --acked); reconnects: connections made again after a break; resent:
 * petitions sent again; gap_max_ms: the longest time between two
 * consecutive acknowledgements of any connections after the warm-up
 * (from its end, and up to the end of sending when acknowledgements stop
 * before it), and gap_from the instant it began, Unix ms: "writes resumed
 * within X ms". Exit status: 0 ok, 1 failures, 2 bad command line, 3 no
 * connection (with --failover: to none of the servers).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "common/limits.h"
#include "common/uuid.h"
#include "net/conn.h"
#include "wire.h"

#define IDS_MAX 8
#define SUMMARY_TARGET 300
#define SUMMARY_CAP 1024
#define RECEIPT_CAP 72
#define SERVERS_MAX 16
#define GRACE_MAX_S 30

struct bench {
  struct td_client_opts opts[IDS_MAX]; /* One per certificate. */
  char *servers[SERVERS_MAX];
  int nservers;
  int nids;
  int ncerts;
  int nkeys;
  int conns;
  double duration_ms;
  double warmup_ms;
  double rate; /* Petitions per second; 0: closed loop. */
  long retry_every;
  long twin_every;
  const char *acked_path;
  int acked_fd; /* -1 without --acked. */
  int failover;
  double grace_ms;
  /* Set once every connection is made, before any request. */
  double begin;    /* Sending starts. */
  double measured; /* begin + warmup: measurement starts. */
  double end;      /* Sending stops. */
  double deadline; /* end + grace: a petition unacknowledged is given up. */
  double wall;     /* Unix ms at monotonic 0. */
  atomic_long next_slot;
  atomic_int stop; /* SIGTERM or SIGINT came (with --failover). */
  /* Acknowledgements of all connections, under ack_lock. */
  pthread_mutex_t ack_lock;
  long acked;
  int acked_err;   /* errno of a failed write to --acked, 0 if none. */
  double last_ack; /* Of the measured ones; measured before the first. */
  double gap_max;
  double gap_from;
  double stopped_at; /* When the signal came, 0 if none. */
  pthread_barrier_t ready;
  pthread_barrier_t go;
};

/* One acknowledged petition. */
struct acked {
  char key[TD_UUID_LEN + 1];
  char receipt[RECEIPT_CAP];
  int64_t id;
};

struct worker {
  struct bench *b;
  pthread_t thread;
  int index;
  struct td_conn *conn;
  int srv; /* Index in b->servers of the server conn is to. */
  uint64_t rng;
  double *lat; /* Measured latencies, ms. */
  long nlat;
  long latcap;
  long completed; /* Replies that came inside the measured window. */
  long sent;      /* Petitions with a fresh key. */
  long failures;
  long retries;
  long reconnects; /* Connections remade after a break (--failover). */
  long resent;   /* Petitions sent again after a break or a retryable error. */
  long given_up; /* Still unacknowledged when the grace ended. */
  long unacked;  /* Still unacknowledged when a signal stopped the run. */
  int fatal;     /* The connection could not be made (3) or broke (1). */
  char err[512];
};

static int usage(const char *why)
{
  fprintf(stderr,
          "td_bench_submit: %s\n"
          "usage: td_bench_submit --server H:P[,H:P...] --ca CA --cert C "
          "--key K [--cert C --key K ...] [--conns N] [--duration S] "
          "[--warmup S] [--rate R] [--retry-every N] [--twin-every N] "
          "[--acked FILE] [--timeout-ms MS] [--failover] [--grace S]\n",
          why);
  return 2;
}

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_until(double t_ms)
{
  struct timespec ts;

  ts.tv_sec = (time_t)(t_ms / 1e3);
  ts.tv_nsec = (long)((t_ms - (double)ts.tv_sec * 1e3) * 1e6);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

/* xorshift64*: the variety of the texts, not their secrecy. */
static uint64_t rnd(struct worker *w)
{
  w->rng ^= w->rng >> 12;
  w->rng ^= w->rng << 25;
  w->rng ^= w->rng >> 27;
  return w->rng * 2685821657736338717ULL;
}

static unsigned pick(struct worker *w, unsigned n)
{
  return (unsigned)(rnd(w) >> 33) % n;
}

#define PICK(w, arr) (arr)[pick((w), sizeof(arr) / sizeof((arr)[0]))]

/* The words of the petitions. Kinds, channels and fields are codes of the
 * reference tables (sql/schema/002_reference.sql); the channels lean on
 * regular reception as a commune's book does. */
static const char *const kinds[] = {"complaint", "recommendation", "feedback",
                                    "complaint", "request"};
static const char *const channels[] = {
    "regular_reception",  "regular_reception", "regular_reception",
    "periodic_reception", "suggestion_box",    "digital"};

/* A sentence of a matter, with a number (a plot, a month, an hour) between
 * its two halves, so that petitions about the same thing differ. */
struct matter {
  const char *before;
  const char *after;
};

struct field_text {
  const char *code;
  struct matter matter[3];
};

static const struct field_text fields[] = {
    {"land",
     {{"Gia đình tôi có thửa đất số ",
       " tại bản đã sử dụng ổn định từ năm 1995, nay bị hộ liền kề lấn "
       "chiếm khoảng 40 m2 để làm chuồng trại."},
      {"Việc thu hồi đất làm đường liên bản đợt ",
       " chưa được bồi thường phần cây cối, hoa màu trên đất của gia đình."},
      {"Đề nghị xã xác nhận nguồn gốc thửa đất số ",
       " để gia đình làm thủ tục cấp giấy chứng nhận quyền sử dụng đất."}}},
    {"social_policy",
     {{"Mẹ tôi là người cao tuổi neo đơn nhưng từ tháng ",
       " đến nay chưa được nhận trợ cấp xã hội hằng tháng theo quy định."},
      {"Gia đình thuộc hộ nghèo từ tháng ",
       " nhưng không có tên trong danh sách được hỗ trợ tiền điện và thẻ "
       "bảo hiểm y tế."}}},
    {"rural_infrastructure",
     {{"Đoạn đường bê tông từ bản ra trung tâm xã bị sạt lở sau mưa lớn "
       "tháng ",
       ", xe máy không đi lại được, học sinh phải lội bộ."},
      {"Công trình nước sinh hoạt tập trung của bản hỏng từ tháng ",
       ", bà con phải gánh nước suối về dùng."}}},
    {"electricity",
     {{"Cột điện hạ thế gần nhà văn hóa bản bị nghiêng từ tháng ",
       ", dây điện võng thấp, rất nguy hiểm cho trẻ em và gia súc."}}},
    {"environment",
     {{"Cơ sở chế biến chè cạnh khu dân cư xả nước thải ra suối, mùi hôi "
       "kéo dài từ tháng ",
       ", ảnh hưởng đến sức khỏe người dân."}}},
    {"admin_procedure",
     {{"Hồ sơ đăng ký hộ kinh doanh nộp ngày ",
       " tháng trước đến nay quá hạn mà chưa có kết quả, cũng không được "
       "hướng dẫn bổ sung."}}},
    {"security_order",
     {{"Một nhóm thanh niên thường tụ tập uống rượu, gây ồn ào sau ",
       " giờ đêm tại khu vực chợ phiên, gây mất trật tự."}}},
};

static const char *const openers[] = {
    "Tôi là người dân trong bản, xin trình bày sự việc như sau.",
    "Thay mặt các hộ gia đình trong bản, chúng tôi trình bày.",
    "Công dân đến trụ sở xã trình bày nội dung sau.",
};
static const struct matter details[] = {
    {"Sự việc đã kéo dài khoảng ", " tháng mà chưa được xử lý."},
    {"Gia đình đã báo trưởng bản ", " lần nhưng chưa có kết quả."},
    {"Có ", " hộ trong bản cùng bị ảnh hưởng."},
};
static const char *const closers[] = {
    "Đề nghị Ủy ban nhân dân xã xem xét, giải quyết dứt điểm.",
    "Kính đề nghị xã kiểm tra thực tế và trả lời bằng văn bản.",
    "Mong được cán bộ xã xuống tận nơi xem xét, hướng dẫn.",
    "Đề nghị xã tổ chức đối thoại với các hộ liên quan.",
};
static const char *const families[] = {"Lò",  "Sùng", "Giàng", "Nguyễn",
                                       "Tẩn", "Vàng", "Lý",    "Hoàng"};
static const char *const given[] = {"Văn Dũng", "Thị Mai",   "A Páo",
                                    "Thị Hoa",  "Văn Chính", "A Sử",
                                    "Thị Lan",  "Văn Tú"};
static const char *const villages[] = {
    "Bản Nà Đa", "Bản Chu Va", "Bản Tân Bình", "Bản Thẳm Phé", "Bản Nà Khan"};

/* Appends to buf (cap bytes, NUL-terminated) what fits. */
static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...)
{
  size_t n = strlen(buf);
  va_list ap;

  if (n + 1 >= cap)
    return;
  va_start(ap, fmt);
  vsnprintf(buf + n, cap - n, fmt, ap);
  va_end(ap);
}

/* A summary of about SUMMARY_TARGET bytes about field f: who speaks, the
 * matter, a detail while it is short, what is asked. */
static void make_summary(struct worker *w, const struct field_text *f,
                         char *buf, size_t cap)
{
  const struct matter *m;
  unsigned n = 0;

  while (n < 3 && f->matter[n].before != NULL)
    n++;
  m = &f->matter[pick(w, n)];
  buf[0] = '\0';
  append(buf, cap, "%s %s%u%s ", PICK(w, openers), m->before, 1 + pick(w, 12),
         m->after);
  if (strlen(buf) < SUMMARY_TARGET - 100) {
    m = &PICK(w, details);
    append(buf, cap, "%s%u%s ", m->before, 2 + pick(w, 9), m->after);
  }
  append(buf, cap, "%s", PICK(w, closers));
}

/* The request for a fresh petition: new key, new words. */
struct petition_buf {
  Tiepdan__SubmitPetition m;
  Tiepdan__Petitioner who;
  char key[TD_UUID_LEN + 1];
  char summary[SUMMARY_CAP];
  char name[64];
  char address[96];
  char id_number[16];
};

static int make_petition(struct worker *w, struct petition_buf *p)
{
  const struct field_text *f = &PICK(w, fields);
  unsigned char bytes[16];

  if (RAND_bytes(bytes, sizeof(bytes)) != 1)
    return -1;
  td_uuid_format(bytes, p->key);
  tiepdan__submit_petition__init(&p->m);
  tiepdan__petitioner__init(&p->who);
  make_summary(w, f, p->summary, sizeof(p->summary));
  snprintf(p->name, sizeof(p->name), "%s %s", PICK(w, families),
           PICK(w, given));
  snprintf(p->address, sizeof(p->address), "%s, nhà số %u", PICK(w, villages),
           1 + pick(w, 90));
  snprintf(p->id_number, sizeof(p->id_number), "0120%08u", pick(w, 100000000));
  p->who.name = p->name;
  p->who.address = p->address;
  p->who.id_number = p->id_number;
  p->m.idempotency_key = p->key;
  p->m.kind = (char *)PICK(w, kinds);
  p->m.channel = (char *)PICK(w, channels);
  p->m.field = (char *)f->code;
  p->m.summary = p->summary;
  p->m.petitioner = &p->who;
  /* One petition in twenty is a group's. */
  p->m.has_group_size = 1;
  p->m.group_size = pick(w, 20) == 0 ? 5 + pick(w, 10) : 1;
  return 0;
}

/* What a reply to a submission must say about duplicates: the key was new,
 * it had been seen, or either (for twins sent together). */
enum expect { EXPECT_FRESH, EXPECT_DUPLICATE, EXPECT_EITHER };

/* What judge and submit return besides 0 (sane) and 1 (a failure): the
 * connection broke, or (only with --failover) the server answered with an
 * error that says sending the same request again can help. */
#define BROKE (-1)
#define RETRYABLE 2

/* Judges the reply to the submission of key: 0 a sane SubmitReply (its
 * petition in *a, whether it was a duplicate in *dup), RETRYABLE an error
 * reply that a retry can help, with --failover, 1 anything else (a
 * failure, said in w->err). */
static int judge(struct worker *w, const Tiepdan__Envelope *reply,
                 const char *key, enum expect want, struct acked *a, int *dup)
{
  const Tiepdan__Petition *pet;

  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_ERROR) {
    snprintf(w->err, sizeof(w->err), "error reply: %s",
             reply->error->message != NULL ? reply->error->message : "?");
    if (w->b->failover && (reply->error->has_retryable
                               ? reply->error->retryable
                               : td_error_code_retryable(reply->error->code)))
      return RETRYABLE;
    return 1;
  }
  if (reply->body_case != TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY ||
      reply->submit_reply->petition == NULL) {
    snprintf(w->err, sizeof(w->err), "unexpected reply body %d",
             (int)reply->body_case);
    return 1;
  }
  pet = reply->submit_reply->petition;
  *dup = reply->submit_reply->duplicate != 0;
  if (!pet->has_id || pet->receipt_no == NULL || pet->receipt_no[0] == '\0' ||
      strlen(pet->receipt_no) >= sizeof(a->receipt)) {
    snprintf(w->err, sizeof(w->err), "%s: reply without id or receipt", key);
    return 1;
  }
  if ((want == EXPECT_FRESH && *dup) || (want == EXPECT_DUPLICATE && !*dup)) {
    snprintf(w->err, sizeof(w->err), "%s: duplicate=%d", key, *dup);
    return 1;
  }
  snprintf(a->key, sizeof(a->key), "%s", key);
  snprintf(a->receipt, sizeof(a->receipt), "%s", pet->receipt_no);
  a->id = pet->id;
  return 0;
}

/* Sends p and judges the reply: 0 sane (its petition in *a), 1 a failure
 * (said in w->err), BROKE the connection broke, RETRYABLE (--failover) an
 * error reply that a retry can help. */
static int submit(struct worker *w, struct td_conn *c, struct petition_buf *p,
                  enum expect want, struct acked *a)
{
  Tiepdan__Envelope env;
  Tiepdan__Envelope *reply = NULL;
  int dup;
  int rc;

  tiepdan__envelope__init(&env);
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &p->m;
  if (c == NULL || td_conn_call(c, &env, &reply, w->err, sizeof(w->err)) != 0)
    return BROKE;
  rc = judge(w, reply, p->key, want, a, &dup);
  tiepdan__envelope__free_unpacked(reply, NULL);
  return rc;
}

static int push_latency(struct worker *w, double ms)
{
  double *grown;

  if (w->nlat == w->latcap) {
    w->latcap = w->latcap ? w->latcap * 2 : 1024;
    grown = realloc(w->lat, (size_t)w->latcap * sizeof(*grown));
    if (grown == NULL)
      return -1;
    w->lat = grown;
  }
  w->lat[w->nlat++] = ms;
  return 0;
}

/* Takes note of an acknowledged petition: its line in --acked, written at
 * once so that the file is whole whatever stops the process, and with
 * --failover the gap since the last acknowledgement. */
static void record_ack(struct worker *w, const struct acked *a)
{
  struct bench *b = w->b;
  char line[TD_UUID_LEN + RECEIPT_CAP + 32];
  double t;
  int n;

  n = snprintf(line, sizeof(line), "%s\t%s\t%lld\n", a->key, a->receipt,
               (long long)a->id);
  pthread_mutex_lock(&b->ack_lock);
  b->acked++;
  if (b->acked_fd >= 0 && b->acked_err == 0 &&
      write(b->acked_fd, line, (size_t)n) != (ssize_t)n)
    b->acked_err = errno != 0 ? errno : EIO;
  if (b->failover) {
    t = now_ms();
    if (t >= b->measured) {
      if (t - b->last_ack > b->gap_max) {
        b->gap_max = t - b->last_ack;
        b->gap_from = b->last_ack;
      }
      b->last_ack = t;
    }
  }
  pthread_mutex_unlock(&b->ack_lock);
}

/* The same key and content again: the first receipt, not a second row. */
static int retry_same(struct worker *w, struct td_conn *c,
                      struct petition_buf *p, const struct acked *first)
{
  struct acked again;
  int rc = submit(w, c, p, EXPECT_DUPLICATE, &again);

  if (rc != 0)
    return rc == RETRYABLE ? BROKE : rc;
  w->retries++;
  if (again.id == first->id && strcmp(again.receipt, first->receipt) == 0)
    return 0;
  snprintf(w->err, sizeof(w->err),
           "retry of %s gave %s (id %lld), first %s (id %lld)", p->key,
           again.receipt, (long long)again.id, first->receipt,
           (long long)first->id);
  return 1;
}

/* The twins' request ids: far above those of td_conn_call, which counts
 * from 1 on each connection. */
#define TWIN_ID_BASE (UINT64_C(1) << 48)

/* Sends p twice, ids id and id + 1, before reading either reply, so that
 * the server has both in hand at once (it takes many requests in flight on
 * a connection). Returns 0, or -1 when the connection broke. */
static int send_twins(struct worker *w, struct td_conn *c,
                      struct petition_buf *p, uint64_t id)
{
  Tiepdan__Envelope env;
  uint8_t *buf;
  size_t n;
  int i;
  int rc;

  tiepdan__envelope__init(&env);
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &p->m;
  env.has_request_id = 1;
  for (i = 0; i < 2; i++) {
    env.request_id = id + (uint64_t)i;
    if (td_wire_pack(&env, TD_FRAME_DEFAULT_MAX, &buf, &n) != 0) {
      snprintf(w->err, sizeof(w->err), "cannot pack a submission");
      return -1;
    }
    rc = td_conn_send_raw(c, buf, n, w->err, sizeof(w->err));
    free(buf);
    if (rc != 0)
      return -1;
  }
  return 0;
}

/* The same petition twice at once, as a client that retried before the
 * first reply came: both replies name one petition, and exactly one says
 * it was created. The one created is acknowledged. Returns BROKE when the
 * connection broke, RETRYABLE (--failover) when a reply was an error that
 * a retry can help and the other sane, else 0 (a failure is counted). */
static int twins(struct worker *w, struct td_conn *c, struct petition_buf *p)
{
  uint64_t id = TWIN_ID_BASE + 2 * (uint64_t)w->sent;
  Tiepdan__Envelope *reply;
  struct acked a[2];
  int dup[2] = {0, 0};
  int retry = 0;
  int rc = 0;
  int got;
  int r;
  int k;

  if (c == NULL || send_twins(w, c, p, id) != 0)
    return BROKE;
  for (got = 0; got < 2; got++) {
    if (td_conn_recv(c, &reply, w->err, sizeof(w->err)) != 0)
      return BROKE;
    k = reply->request_id == id + 1;
    if (reply->request_id != id + (uint64_t)k) {
      snprintf(w->err, sizeof(w->err), "reply to request %llu among twins",
               (unsigned long long)reply->request_id);
      rc = 1;
    } else {
      r = judge(w, reply, p->key, EXPECT_EITHER, &a[k], &dup[k]);
      if (r == RETRYABLE)
        retry = 1;
      else
        rc |= r;
    }
    tiepdan__envelope__free_unpacked(reply, NULL);
  }
  w->retries++;
  if (retry && rc == 0)
    return RETRYABLE;
  if (rc == 0 && (a[0].id != a[1].id || strcmp(a[0].receipt, a[1].receipt) ||
                  dup[0] + dup[1] != 1)) {
    snprintf(w->err, sizeof(w->err),
             "twins %s: %s (id %lld, duplicate=%d) and %s (id %lld, "
             "duplicate=%d)",
             p->key, a[0].receipt, (long long)a[0].id, dup[0], a[1].receipt,
             (long long)a[1].id, dup[1]);
    rc = 1;
  }
  if (rc == 0)
    record_ack(w, &a[dup[0] ? 1 : 0]);
  w->failures += rc;
  return 0;
}

/* When the next petition is due, or a negative number when sending is
 * over: now for a closed loop, the next slot of the schedule for an open
 * one. */
static double next_due(struct bench *b)
{
  double t;

  if (atomic_load(&b->stop))
    return -1;
  if (b->rate <= 0) {
    t = now_ms();
    return t < b->end ? t : -1;
  }
  t = b->begin + (double)atomic_fetch_add(&b->next_slot, 1) * 1e3 / b->rate;
  if (t >= b->end)
    return -1;
  sleep_until(t);
  return t;
}

/* With --failover: drops the connection and connects to the next server of
 * the list, round robin, after a pause of 100 to 250 ms, until one answers.
 * Returns 0, or -1 when the grace is over or a signal stopped the run (no
 * connection then). */
static int reconnect(struct worker *w)
{
  struct bench *b = w->b;
  struct td_client_opts o = b->opts[w->index % b->nids];
  double pause;

  if (w->conn != NULL)
    td_conn_abort(w->conn);
  w->conn = NULL;
  for (;;) {
    pause = 100 + (double)pick(w, 151);
    if (atomic_load(&b->stop) || now_ms() + pause >= b->deadline)
      return -1;
    sleep_until(now_ms() + pause);
    w->srv = (w->srv + 1) % b->nservers;
    o.server = b->servers[w->srv];
    if (td_conn_open(&o, &w->conn, w->err, sizeof(w->err)) == 0) {
      w->reconnects++;
      return 0;
    }
    w->conn = NULL;
  }
}

/* What resend returns when a signal stopped the run before the petition
 * was acknowledged: neither acknowledged nor a failure. */
#define STOPPED (-2)

/* With --failover: p was sent and its connection broke, or the server said
 * to send it again. Sends it again, same key and content, on a new
 * connection each time, until a reply that is not of that kind: 0 its
 * petition in *a (created or duplicate: the first send may have
 * committed), 1 a failure (said in w->err; also when the grace ended),
 * STOPPED. */
static int resend(struct worker *w, struct petition_buf *p, struct acked *a)
{
  char why[sizeof(w->err)];
  int rc;

  for (;;) {
    snprintf(why, sizeof(why), "%s", w->err);
    if (reconnect(w) != 0) {
      if (atomic_load(&w->b->stop)) {
        w->unacked++;
        return STOPPED;
      }
      w->given_up++;
      snprintf(w->err, sizeof(w->err),
               "%s: not acknowledged when the grace ended; last: %.400s",
               p->key, why);
      return 1;
    }
    w->resent++;
    rc = submit(w, w->conn, p, EXPECT_EITHER, a);
    if (rc != BROKE && rc != RETRYABLE)
      return rc;
  }
}

/* One petition, due at due: submitted, maybe retried, measured. Returns
 * -1 when the connection broke (never with --failover, which sends the
 * petition again on another connection). */
static int one_petition(struct worker *w, double due)
{
  struct bench *b = w->b;
  struct petition_buf p;
  struct acked a;
  double done;
  int rc;

  if (make_petition(w, &p) != 0) {
    snprintf(w->err, sizeof(w->err), "no random bytes for a key");
    return -1;
  }
  w->sent++;
  if (b->twin_every > 0 && w->sent % b->twin_every == 0) {
    rc = twins(w, w->conn, &p);
    if (rc == 0)
      return 0;
    if (!b->failover)
      return -1;
    rc = resend(w, &p, &a);
    if (rc == 0)
      record_ack(w, &a);
    w->failures += rc == 1;
    return 0;
  }
  rc = submit(w, w->conn, &p, EXPECT_FRESH, &a);
  if (b->failover && (rc == BROKE || rc == RETRYABLE))
    rc = resend(w, &p, &a);
  done = now_ms();
  if (rc == BROKE)
    return -1;
  if (rc == STOPPED)
    return 0;
  if (rc == 0)
    record_ack(w, &a);
  if (due >= b->measured && push_latency(w, done - due) != 0)
    return -1;
  w->completed += done >= b->measured && done <= b->end;
  if (rc == 0 && b->retry_every > 0 && w->sent % b->retry_every == 0)
    rc = retry_same(w, w->conn, &p, &a);
  if (rc == BROKE && b->failover) {
    /* The petition is acknowledged; only the check is lost. */
    (void)reconnect(w);
    rc = 0;
  }
  if (rc < 0)
    return -1;
  w->failures += rc;
  return 0;
}

/* Connects to the worker's server (connection i to server i mod their
 * number); with --failover, to the next ones in turn when it does not
 * answer. Returns 0 or -1. */
static int first_connect(struct worker *w)
{
  struct bench *b = w->b;
  struct td_client_opts o = b->opts[w->index % b->nids];
  int tries;

  w->srv = w->index % b->nservers;
  for (tries = 0;; tries++) {
    o.server = b->servers[w->srv];
    if (td_conn_open(&o, &w->conn, w->err, sizeof(w->err)) == 0)
      return 0;
    w->conn = NULL;
    if (!b->failover || tries + 1 >= b->nservers)
      return -1;
    w->srv = (w->srv + 1) % b->nservers;
  }
}

static void *run_worker(void *arg)
{
  struct worker *w = arg;
  struct bench *b = w->b;
  double due;

  if (first_connect(w) != 0)
    w->fatal = 3;
  pthread_barrier_wait(&b->ready);
  pthread_barrier_wait(&b->go);
  if (w->fatal != 0)
    return NULL;
  for (;;) {
    due = next_due(b);
    if (due < 0)
      break;
    if (one_petition(w, due) != 0) {
      w->fatal = 1;
      break;
    }
  }
  if (w->conn == NULL)
    ;
  else if (w->fatal != 0)
    td_conn_abort(w->conn);
  else
    td_conn_close(w->conn);
  w->conn = NULL;
  return NULL;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of sorted v, nearest rank. */
static double percentile(const double *v, long n, double p)
{
  long rank;

  if (n == 0)
    return 0;
  rank = (long)(p / 100.0 * (double)n + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return v[rank - 1];
}

/* Sets *out to the number s if it lies in [min, max]; 1 if it did. */
static int set_double(double *out, const char *s, double min, double max)
{
  char *end;
  double n;

  errno = 0;
  n = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !(n >= min && n <= max))
    return 0;
  *out = n;
  return 1;
}

static int set_long(long *out, const char *s, long min, long max)
{
  double d;

  if (!set_double(&d, s, (double)min, (double)max) || d != (double)(long)d)
    return 0;
  *out = (long)d;
  return 1;
}

/* An option naming a file of the connection: every identity shares the
 * server, the CA and the timeout; certificates and keys pair up in order. */
static int set_identity(struct bench *b, const char *a, char *v)
{
  if (strcmp(a, "--cert") == 0 && b->ncerts < IDS_MAX)
    b->opts[b->ncerts++].cert = v;
  else if (strcmp(a, "--key") == 0 && b->nkeys < IDS_MAX)
    b->opts[b->nkeys++].key = v;
  else
    return 0;
  return 1;
}

/* --server H:P[,H:P...]: the list is cut in place. Returns 1 if every
 * name fits, 0 otherwise. */
static int add_servers(struct bench *b, char *v)
{
  char *next;

  for (;;) {
    next = strchr(v, ',');
    if (next != NULL)
      *next = '\0';
    if (*v == '\0' || b->nservers == SERVERS_MAX)
      return 0;
    b->servers[b->nservers++] = v;
    if (next == NULL)
      return 1;
    v = next + 1;
  }
}

static int parse_option(struct bench *b, const char *a, char *v)
{
  long n;

  if (strcmp(a, "--server") == 0 && add_servers(b, v))
    ;
  else if (strcmp(a, "--ca") == 0)
    b->opts[0].ca = v;
  else if (strcmp(a, "--acked") == 0)
    b->acked_path = v;
  else if (set_identity(b, a, v))
    ;
  else if (strcmp(a, "--conns") == 0 && set_long(&n, v, 1, 1024))
    b->conns = (int)n;
  else if (strcmp(a, "--duration") == 0 &&
           set_double(&b->duration_ms, v, 0.1, 86400))
    b->duration_ms *= 1e3;
  else if (strcmp(a, "--warmup") == 0 && set_double(&b->warmup_ms, v, 0, 86400))
    b->warmup_ms *= 1e3;
  else if (strcmp(a, "--rate") == 0 && set_double(&b->rate, v, 0.1, 1e6))
    ;
  else if (strcmp(a, "--retry-every") == 0 &&
           set_long(&b->retry_every, v, 1, 100000000))
    ;
  else if (strcmp(a, "--twin-every") == 0 &&
           set_long(&b->twin_every, v, 1, 100000000))
    ;
  else if (strcmp(a, "--timeout-ms") == 0 && set_long(&n, v, 0, 3600000))
    b->opts[0].timeout_ms = (int)n;
  else if (strcmp(a, "--grace") == 0 &&
           set_double(&b->grace_ms, v, 0, GRACE_MAX_S))
    b->grace_ms *= 1e3;
  else
    return -1;
  return 0;
}

static int parse_args(struct bench *b, int argc, char **argv)
{
  int i;

  for (i = 1; i < argc; i += 2) {
    if (strcmp(argv[i], "--failover") == 0) {
      b->failover = 1;
      i--;
      continue;
    }
    if (i + 1 >= argc)
      return usage("every option but --failover takes a value");
    if (parse_option(b, argv[i], argv[i + 1]) != 0)
      return usage("unknown option or bad value");
  }
  if (b->nservers == 0 || b->ncerts == 0 || b->ncerts != b->nkeys)
    return usage("--server and as many --cert as --key are required");
  b->opts[0].server = b->servers[0];
  b->nids = b->ncerts;
  for (i = 1; i < b->nids; i++) {
    b->opts[i].server = b->opts[0].server;
    b->opts[i].ca = b->opts[0].ca;
    b->opts[i].timeout_ms = b->opts[0].timeout_ms;
  }
  return 0;
}

static double cpu_seconds(void)
{
  struct rusage ru;

  if (getrusage(RUSAGE_SELF, &ru) != 0)
    return 0;
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double wall_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* With --failover, SIGTERM and SIGINT are blocked in every thread but this
 * one, which waits for the first: sending stops, the petitions in flight
 * are given up (unacked=), the line is printed. A second one kills. */
static void *wait_signal(void *arg)
{
  struct bench *b = arg;
  sigset_t set;
  int sig;

  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  if (sigwait(&set, &sig) != 0)
    return NULL;
  pthread_mutex_lock(&b->ack_lock);
  b->stopped_at = now_ms();
  pthread_mutex_unlock(&b->ack_lock);
  atomic_store(&b->stop, 1);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  return NULL;
}

static int catch_signals(struct bench *b)
{
  pthread_t t;
  sigset_t set;

  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 ||
      pthread_create(&t, NULL, wait_signal, b) != 0)
    return -1;
  pthread_detach(t);
  return 0;
}

/* Starts the workers, lets them connect, then opens the schedule. */
static int run(struct bench *b, struct worker *w)
{
  int i;

  if (b->failover && catch_signals(b) != 0)
    return -1;

  if (pthread_barrier_init(&b->ready, NULL, (unsigned)b->conns + 1) != 0 ||
      pthread_barrier_init(&b->go, NULL, (unsigned)b->conns + 1) != 0)
    return -1;
  for (i = 0; i < b->conns; i++) {
    w[i].b = b;
    w[i].index = i;
    if (RAND_bytes((unsigned char *)&w[i].rng, sizeof(w[i].rng)) != 1)
      return -1;
    w[i].rng |= 1;
    if (pthread_create(&w[i].thread, NULL, run_worker, &w[i]) != 0)
      return -1;
  }
  pthread_barrier_wait(&b->ready);
  b->begin = now_ms();
  b->measured = b->begin + b->warmup_ms;
  b->end = b->measured + b->duration_ms;
  b->deadline = b->end + b->grace_ms;
  b->wall = wall_ms() - now_ms();
  b->last_ack = b->measured;
  pthread_barrier_wait(&b->go);
  for (i = 0; i < b->conns; i++)
    pthread_join(w[i].thread, NULL);
  return 0;
}

/* Gathers the workers' verdicts and latencies, prints the line. Returns
 * the exit status. */
static int report(struct bench *b, struct worker *w)
{
  long n = 0, failures = 0, retries = 0, completed = 0, k;
  long reconnects = 0, resent = 0, unacked = 0;
  double stop, gap_max, gap_from;
  double *all, sum = 0;
  int status = 0, i;

  for (i = 0; i < b->conns; i++)
    n += w[i].nlat;
  all = calloc((size_t)(n > 0 ? n : 1), sizeof(*all));
  if (all == NULL)
    return 1;
  n = 0;
  for (i = 0; i < b->conns; i++) {
    if (w[i].fatal != 0) {
      fprintf(stderr, "td_bench_submit: connection %d: %s\n", i, w[i].err);
      if (status == 0 || w[i].fatal == 3)
        status = w[i].fatal;
    } else if (w[i].failures > 0) {
      fprintf(stderr,
              "td_bench_submit: connection %d: %ld failures, last: %s\n", i,
              w[i].failures, w[i].err);
    }
    failures += w[i].failures;
    retries += w[i].retries;
    reconnects += w[i].reconnects;
    resent += w[i].resent;
    unacked += w[i].unacked;
    completed += w[i].completed;
    for (k = 0; k < w[i].nlat; k++) {
      all[n] = w[i].lat[k];
      sum += all[n++];
    }
  }
  if (failures > 0 && status == 0)
    status = 1;
  /* Sending ended at the end of the schedule or, with --failover, when a
   * signal came before it. */
  pthread_mutex_lock(&b->ack_lock);
  stop = b->stopped_at > 0 && b->stopped_at < b->end ? b->stopped_at : b->end;
  pthread_mutex_unlock(&b->ack_lock);
  qsort(all, (size_t)n, sizeof(*all), cmp_double);
  printf("mode=%s conns=%d requests=%ld failures=%ld retries=%ld rps=%.1f "
         "p50=%.3f p95=%.3f p99=%.3f max=%.3f mean=%.3f cpu=%.2f rate=%.1f",
         b->rate > 0 ? "open" : "closed", b->conns, n, failures, retries,
         stop > b->measured ? (double)completed * 1e3 / (stop - b->measured)
                            : 0.0,
         percentile(all, n, 50), percentile(all, n, 95), percentile(all, n, 99),
         n > 0 ? all[n - 1] : 0.0, n > 0 ? sum / (double)n : 0.0, cpu_seconds(),
         b->rate);
  if (b->failover) {
    /* The silence after the last acknowledgement counts too, up to the
     * end of sending (or the signal): writes that never resumed. */
    gap_max = b->gap_max;
    gap_from = b->gap_from;
    if (stop - b->last_ack > gap_max) {
      gap_max = stop - b->last_ack;
      gap_from = b->last_ack;
    }
    printf(" acked=%ld reconnects=%ld resent=%ld unacked=%ld gap_max_ms=%.0f "
           "gap_from=%.0f",
           b->acked, reconnects, resent, unacked, gap_max, gap_from + b->wall);
  }
  printf("\n");
  fflush(stdout);
  free(all);
  return status;
}

int main(int argc, char **argv)
{
  struct bench b;
  struct worker *w;
  int status;
  int i;

  signal(SIGPIPE, SIG_IGN);
  memset(&b, 0, sizeof(b));
  b.conns = 1;
  b.duration_ms = 10e3;
  b.warmup_ms = 1e3;
  b.opts[0].timeout_ms = 30000;
  b.grace_ms = GRACE_MAX_S * 1e3;
  b.acked_fd = -1;
  atomic_init(&b.next_slot, 0);
  atomic_init(&b.stop, 0);
  status = parse_args(&b, argc, argv);
  if (status != 0)
    return status;
  if (pthread_mutex_init(&b.ack_lock, NULL) != 0)
    return 1;
  if (b.acked_path != NULL) {
    b.acked_fd =
        open(b.acked_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (b.acked_fd < 0) {
      fprintf(stderr, "td_bench_submit: %s: %s\n", b.acked_path,
              strerror(errno));
      return 1;
    }
  }
  w = calloc((size_t)b.conns, sizeof(*w));
  if (w == NULL || run(&b, w) != 0) {
    fprintf(stderr, "td_bench_submit: cannot start the connections\n");
    return 1;
  }
  status = report(&b, w);
  if (b.acked_fd >= 0 && (close(b.acked_fd) != 0 || b.acked_err != 0)) {
    fprintf(stderr, "td_bench_submit: %s: %s\n", b.acked_path,
            strerror(b.acked_err != 0 ? b.acked_err : errno));
    if (status == 0)
      status = 1;
  }
  for (i = 0; i < b.conns; i++)
    free(w[i].lat);
  free(w);
  return status;
}
