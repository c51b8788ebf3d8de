/*
 * libFuzzer target: the frame codec (proto/frame.c).
 *
 * The first byte chooses the payload limit and the size of the reads the
 * bytes arrive in; the rest is the stream. Every frame td_frame_parse finds
 * in one buffer must also come out of a td_framebuf fed the same stream in
 * pieces, in the same order, with the same payloads: the framing may not
 * depend on how the bytes were cut.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The frames of data, parsed from one buffer: offsets of payloads. */
struct whole {
  size_t off[512];
  uint32_t len[512];
  size_t n;
  int too_large;
};

static void parse_whole(const uint8_t *p, size_t n, uint32_t max,
                        struct whole *w)
{
  const uint8_t *payload;
  uint32_t plen;
  size_t used;
  size_t at = 0;
  enum td_frame_status st;

  w->n = 0;
  w->too_large = 0;
  while (w->n < 512) {
    st = td_frame_parse(p + at, n - at, max, &payload, &plen, &used);
    if (st == TD_FRAME_TOO_LARGE) {
      w->too_large = 1;
      return;
    }
    if (st != TD_FRAME_OK)
      return;
    if (plen > max || used != TD_FRAME_HEADER + (size_t)plen || used > n - at ||
        payload != p + at + TD_FRAME_HEADER)
      abort();
    w->off[w->n] = at + TD_FRAME_HEADER;
    w->len[w->n] = plen;
    w->n++;
    at += used;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct whole w;
  struct td_framebuf fb;
  const uint8_t *payload;
  uint32_t plen;
  uint32_t max;
  size_t chunk;
  size_t at;
  size_t k = 0;
  enum td_frame_status st = TD_FRAME_NEED_MORE;
  uint8_t hdr[TD_FRAME_HEADER];

  if (size < 1)
    return 0;
  /* Small limits make TOO_LARGE reachable; 0 too. */
  max = (uint32_t)(data[0] & 0x0F) * 16u;
  chunk = (size_t)(data[0] >> 4) + 1;
  data++;
  size--;
  parse_whole(data, size, max, &w);

  td_framebuf_init(&fb, max);
  for (at = 0; at < size && st != TD_FRAME_TOO_LARGE; at += chunk) {
    size_t n = size - at < chunk ? size - at : chunk;

    if (td_framebuf_append(&fb, data + at, n) != 0)
      abort();
    for (st = td_framebuf_next(&fb, &payload, &plen); st == TD_FRAME_OK;
         st = td_framebuf_next(&fb, &payload, &plen)) {
      /* Beyond the frames parse_whole keeps, only count. */
      if (k < w.n &&
          (plen != w.len[k] ||
           (plen > 0 && memcmp(payload, data + w.off[k], plen) != 0)))
        abort();
      if (k >= w.n && w.n < 512)
        abort();
      k++;
    }
  }
  /* Both saw the same frames, and the same refusal if any. */
  if (w.n < 512 && k != w.n)
    abort();
  if ((st == TD_FRAME_TOO_LARGE) != w.too_large && w.n < 512)
    abort();
  if (st != TD_FRAME_TOO_LARGE && td_framebuf_pending(&fb) > size)
    abort();
  td_framebuf_free(&fb);

  /* The header writer and the parser agree on every length. */
  if (size >= 4) {
    uint32_t v = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
                 (uint32_t)data[2] << 8 | data[3];
    td_frame_put_header(hdr, v);
    if (memcmp(hdr, data, 4) != 0)
      abort();
  }
  return 0;
}
