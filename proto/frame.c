/* Frame codec; see frame.h for the contract. */
#include "frame.h"

#include <stdlib.h>
#include <string.h>

enum td_frame_status td_frame_parse(const uint8_t *buf, size_t len,
                                    uint32_t max_payload,
                                    const uint8_t **payload, uint32_t *plen,
                                    size_t *consumed)
{
  uint32_t n;

  if (len < TD_FRAME_HEADER)
    return TD_FRAME_NEED_MORE;
  n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 |
      (uint32_t)buf[3];
  /* Don't believe nonsense: refuse before anyone allocates for it. */
  if (n > max_payload)
    return TD_FRAME_TOO_LARGE;
  if (len - TD_FRAME_HEADER < n)
    return TD_FRAME_NEED_MORE;
  *payload = buf + TD_FRAME_HEADER;
  *plen = n;
  *consumed = TD_FRAME_HEADER + (size_t)n;
  return TD_FRAME_OK;
}

void td_frame_put_header(uint8_t out[TD_FRAME_HEADER], uint32_t plen)
{
  out[0] = (uint8_t)(plen >> 24);
  out[1] = (uint8_t)(plen >> 16);
  out[2] = (uint8_t)(plen >> 8);
  out[3] = (uint8_t)plen;
}

void td_framebuf_init(struct td_framebuf *fb, uint32_t max_payload)
{
  memset(fb, 0, sizeof(*fb));
  fb->max_payload = max_payload;
}

void td_framebuf_free(struct td_framebuf *fb)
{
  free(fb->data);
  memset(fb, 0, sizeof(*fb));
}

size_t td_framebuf_pending(const struct td_framebuf *fb)
{
  return fb->len - fb->off;
}

int td_framebuf_append(struct td_framebuf *fb, const void *p, size_t n)
{
  size_t need;
  size_t cap;
  uint8_t *d;

  if (n == 0)
    return 0;
  /* Drop what was already parsed before growing. */
  if (fb->off > 0) {
    memmove(fb->data, fb->data + fb->off, fb->len - fb->off);
    fb->len -= fb->off;
    fb->off = 0;
  }
  need = fb->len + n;
  if (need > fb->cap) {
    cap = fb->cap ? fb->cap : 4096;
    while (cap < need)
      cap *= 2;
    d = realloc(fb->data, cap);
    if (d == NULL)
      return -1;
    fb->data = d;
    fb->cap = cap;
  }
  memcpy(fb->data + fb->len, p, n);
  fb->len += n;
  return 0;
}

enum td_frame_status td_framebuf_next(struct td_framebuf *fb,
                                      const uint8_t **payload, uint32_t *plen)
{
  enum td_frame_status st;
  size_t used;

  /* Nothing buffered; a fresh buffer has no storage at all, and even a zero
   * offset applied to its null pointer is undefined. */
  if (fb->off == fb->len)
    return TD_FRAME_NEED_MORE;
  st = td_frame_parse(fb->data + fb->off, fb->len - fb->off, fb->max_payload,
                      payload, plen, &used);
  if (st == TD_FRAME_OK)
    fb->off += used;
  if (fb->off == fb->len)
    fb->off = fb->len = 0;
  return st;
}
