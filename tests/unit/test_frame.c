/* The frame codec on every edge: split reads, several frames per read, zero
 * length, the maximum length, and lengths over the limit refused before any
 * allocation could be made for them. */
#include <stdint.h>

#include "frame.h"
#include "test.h"

#define MAX 1024u

static size_t put_frame(uint8_t *out, const char *payload, uint32_t n)
{
  td_frame_put_header(out, n);
  memcpy(out + 4, payload, n);
  return 4 + n;
}

static void header_is_big_endian(void)
{
  uint8_t h[4];

  td_frame_put_header(h, 0x01020304u);
  ASSERT_EQ(h[0], 1);
  ASSERT_EQ(h[1], 2);
  ASSERT_EQ(h[2], 3);
  ASSERT_EQ(h[3], 4);
}

static void fewer_than_four_bytes_need_more(void)
{
  uint8_t buf[3] = {0, 0, 0};
  const uint8_t *p;
  uint32_t n;
  size_t used;
  size_t len;

  for (len = 0; len < 4; len++)
    ASSERT_EQ(td_frame_parse(buf, len, MAX, &p, &n, &used), TD_FRAME_NEED_MORE);
}

static void zero_length_is_a_frame(void)
{
  uint8_t buf[4] = {0, 0, 0, 0};
  const uint8_t *p = NULL;
  uint32_t n = 99;
  size_t used = 0;

  ASSERT_EQ(td_frame_parse(buf, 4, MAX, &p, &n, &used), TD_FRAME_OK);
  ASSERT_EQ(n, 0);
  ASSERT_EQ(used, 4);
  ASSERT(p == buf + 4);
}

static void max_length_is_accepted(void)
{
  static uint8_t buf[4 + MAX];
  const uint8_t *p;
  uint32_t n;
  size_t used;

  td_frame_put_header(buf, MAX);
  ASSERT_EQ(td_frame_parse(buf, 4 + MAX - 1, MAX, &p, &n, &used),
            TD_FRAME_NEED_MORE);
  ASSERT_EQ(td_frame_parse(buf, 4 + MAX, MAX, &p, &n, &used), TD_FRAME_OK);
  ASSERT_EQ(n, MAX);
  ASSERT_EQ(used, 4 + MAX);
}

static void over_limit_refused_on_header_alone(void)
{
  uint8_t buf[4];
  const uint8_t *p;
  uint32_t n;
  size_t used;

  td_frame_put_header(buf, MAX + 1);
  ASSERT_EQ(td_frame_parse(buf, 4, MAX, &p, &n, &used), TD_FRAME_TOO_LARGE);
  td_frame_put_header(buf, UINT32_MAX);
  ASSERT_EQ(td_frame_parse(buf, 4, MAX, &p, &n, &used), TD_FRAME_TOO_LARGE);
}

static void framebuf_never_buffers_an_oversized_frame(void)
{
  struct td_framebuf fb;
  uint8_t hdr[4];
  const uint8_t *p;
  uint32_t n;

  td_framebuf_init(&fb, MAX);
  td_frame_put_header(hdr, 0xFFFFFFF0u);
  ASSERT_EQ(td_framebuf_append(&fb, hdr, 4), 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_TOO_LARGE);
  /* Only the header was ever stored: nothing was sized from the prefix. */
  ASSERT(fb.cap <= 4096);
  td_framebuf_free(&fb);
}

/* A buffer that has never been given a byte owns no storage yet: asking it
 * for a frame must not do arithmetic on its null pointer (UBSan under
 * clang: "applying zero offset to null pointer"). */
static void a_fresh_buffer_needs_more_without_touching_storage(void)
{
  struct td_framebuf fb;
  const uint8_t *p = NULL;
  uint32_t n = 0;

  td_framebuf_init(&fb, MAX);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_NEED_MORE);
  ASSERT_EQ(td_framebuf_pending(&fb), 0);
  ASSERT_EQ(td_framebuf_append(&fb, "", 0), 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_NEED_MORE);
  td_framebuf_free(&fb);
}

static void split_reads_byte_by_byte(void)
{
  struct td_framebuf fb;
  uint8_t wire[64];
  size_t len = put_frame(wire, "xin chào", 9);
  const uint8_t *p;
  uint32_t n;
  size_t i;

  td_framebuf_init(&fb, MAX);
  for (i = 0; i + 1 < len; i++) {
    ASSERT_EQ(td_framebuf_append(&fb, wire + i, 1), 0);
    ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_NEED_MORE);
  }
  ASSERT_EQ(td_framebuf_append(&fb, wire + len - 1, 1), 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_OK);
  ASSERT_EQ(n, 9);
  ASSERT(memcmp(p, "xin chào", 9) == 0);
  ASSERT_EQ(td_framebuf_pending(&fb), 0);
  td_framebuf_free(&fb);
}

static void several_frames_in_one_read(void)
{
  struct td_framebuf fb;
  uint8_t wire[64];
  size_t len = 0;
  const uint8_t *p;
  uint32_t n;

  len += put_frame(wire + len, "a", 1);
  len += put_frame(wire + len, "", 0);
  len += put_frame(wire + len, "bcd", 3);
  len += put_frame(wire + len, "ef", 2); /* Partial below. */
  td_framebuf_init(&fb, MAX);
  ASSERT_EQ(td_framebuf_append(&fb, wire, len - 1), 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_OK);
  ASSERT(n == 1 && p[0] == 'a');
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_OK);
  ASSERT_EQ(n, 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_OK);
  ASSERT(n == 3 && memcmp(p, "bcd", 3) == 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_NEED_MORE);
  ASSERT_EQ(td_framebuf_pending(&fb), 5);
  ASSERT_EQ(td_framebuf_append(&fb, wire + len - 1, 1), 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_OK);
  ASSERT(n == 2 && memcmp(p, "ef", 2) == 0);
  ASSERT_EQ(td_framebuf_next(&fb, &p, &n), TD_FRAME_NEED_MORE);
  td_framebuf_free(&fb);
}

static void every_split_point_of_two_frames(void)
{
  uint8_t wire[64];
  size_t len = 0;
  size_t cut;

  len += put_frame(wire + len, "hello", 5);
  len += put_frame(wire + len, "world!", 6);
  for (cut = 0; cut <= len; cut++) {
    struct td_framebuf fb;
    const uint8_t *p;
    uint32_t n;
    int got = 0;

    td_framebuf_init(&fb, MAX);
    ASSERT_EQ(td_framebuf_append(&fb, wire, cut), 0);
    while (td_framebuf_next(&fb, &p, &n) == TD_FRAME_OK)
      got++;
    ASSERT_EQ(td_framebuf_append(&fb, wire + cut, len - cut), 0);
    while (td_framebuf_next(&fb, &p, &n) == TD_FRAME_OK) {
      got++;
      ASSERT(got != 2 || (n == 6 && memcmp(p, "world!", 6) == 0));
    }
    ASSERT_EQ(got, 2);
    td_framebuf_free(&fb);
  }
}

int main(void)
{
  RUN_TEST(header_is_big_endian);
  RUN_TEST(fewer_than_four_bytes_need_more);
  RUN_TEST(zero_length_is_a_frame);
  RUN_TEST(max_length_is_accepted);
  RUN_TEST(over_limit_refused_on_header_alone);
  RUN_TEST(framebuf_never_buffers_an_oversized_frame);
  RUN_TEST(a_fresh_buffer_needs_more_without_touching_storage);
  RUN_TEST(split_reads_byte_by_byte);
  RUN_TEST(several_frames_in_one_read);
  RUN_TEST(every_split_point_of_two_frames);
  return TEST_EXIT();
}
