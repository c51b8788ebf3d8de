/*
 * What the server does with every frame, fed random and mutated input: the
 * frame buffer in random chunk sizes, Envelope unpacking, and validation.
 * Deterministic (fixed seed), so a failure reproduces; run under ASan and
 * UBSan in the suite, so a stray read, leak or overflow fails it.
 */
#include <stdint.h>

#include "frame.h"
#include "test.h"
#include "domain/validate.h"
#include "wire.h"

#define ROUNDS 20000
#define MAX 4096u

static uint64_t rng = 0x7469657064616e31ull; /* "tiepdan1" */

static uint32_t next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

/* Runs one payload through what dispatch does before any SQL. */
static void handle(const uint8_t *p, uint32_t n)
{
  Tiepdan__Envelope *env = tiepdan__envelope__unpack(NULL, n, p);
  struct td_invalid inv;

  if (env == NULL)
    return;
  if (env->body_case == TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION)
    (void)td_validate_submit(env->submit_petition, 1780000000, &inv);
  else if (env->body_case == TIEPDAN__ENVELOPE__BODY_LIST_PETITIONS)
    (void)td_validate_list(env->list_petitions, &inv);
  tiepdan__envelope__free_unpacked(env, NULL);
}

/* A valid submission frame to mutate. */
static size_t seed_frame(uint8_t **out)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__SubmitPetition m = TIEPDAN__SUBMIT_PETITION__INIT;
  Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;
  size_t len = 0;

  who.name = "Lò Văn Minh";
  m.idempotency_key = "3f1c2a4e-9b7d-4c1e-8a2f-0123456789ab";
  m.kind = "complaint";
  m.channel = "regular_reception";
  m.summary = "Khiếu nại về ranh giới đất";
  m.petitioner = &who;
  env.has_request_id = 1;
  env.request_id = 7;
  env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  env.submit_petition = &m;
  if (td_wire_pack(&env, MAX, out, &len) != 0)
    return 0;
  return len;
}

static void random_streams_never_break_the_decoder(void)
{
  static uint8_t buf[2048];
  uint8_t *seed = NULL;
  size_t seed_len = seed_frame(&seed);
  int round;

  ASSERT(seed_len > 0);
  for (round = 0; round < ROUNDS; round++) {
    struct td_framebuf fb;
    const uint8_t *p;
    uint32_t n;
    size_t len;
    size_t off = 0;
    size_t i;
    int frames = 0;
    enum td_frame_status st = TD_FRAME_NEED_MORE;

    if (round % 2 == 0) {
      /* A valid frame with a few bytes flipped. */
      len = seed_len;
      memcpy(buf, seed, len);
      for (i = next() % 4; i > 0; i--)
        buf[4 + next() % (len - 4)] ^= (uint8_t)(1u << (next() % 8));
    } else {
      len = next() % sizeof(buf);
      for (i = 0; i < len; i++)
        buf[i] = (uint8_t)next();
      if (len >= 4 && next() % 2) /* Often a plausible length. */
        td_frame_put_header(buf, (uint32_t)(next() % (len - 3)));
    }
    td_framebuf_init(&fb, MAX);
    while (off < len && st != TD_FRAME_TOO_LARGE) {
      size_t chunk = 1 + next() % 64;

      if (chunk > len - off)
        chunk = len - off;
      ASSERT_EQ(td_framebuf_append(&fb, buf + off, chunk), 0);
      off += chunk;
      st = td_framebuf_next(&fb, &p, &n);
      while (st == TD_FRAME_OK) {
        ASSERT(n <= MAX);
        handle(p, n);
        frames++;
        st = td_framebuf_next(&fb, &p, &n);
      }
    }
    ASSERT(frames <= (int)(len / 4) + 1);
    td_framebuf_free(&fb);
  }
  free(seed);
}

int main(void)
{
  RUN_TEST(random_streams_never_break_the_decoder);
  return TEST_EXIT();
}
