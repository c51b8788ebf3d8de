/*
 * Frame codec: the wire unit of tiepdan.
 *
 * A frame is a 4-byte big-endian payload length followed by that many bytes
 * of one protobuf Envelope. These functions are pure: they never allocate,
 * never perform I/O and never read outside the buffer they are given, so the
 * same code serves the server, the client, the unit tests and the fuzzer.
 */
#ifndef TD_FRAME_H
#define TD_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* TD_FRAME_DEFAULT_MAX, the limit on a payload until a server is configured
 * otherwise, and TD_FRAME_HARD_MAX, the cap of any configuration. */
#include "common/limits.h"

#define TD_FRAME_HEADER 4u

enum td_frame_status {
  TD_FRAME_NEED_MORE = 0, /* Not a whole frame yet: read more bytes. */
  TD_FRAME_OK = 1,        /* One frame parsed; see the out parameters. */
  TD_FRAME_TOO_LARGE = 2  /* Length prefix over max_payload: close. */
};

/*
 * Parses at most one frame from buf[0..len). On TD_FRAME_OK, *payload points
 * into buf (borrowed), *plen is the payload length and *consumed = 4 + *plen.
 * The length is checked against max_payload as soon as the 4 header bytes are
 * present, before the caller could allocate for it. A zero-length payload is a
 * valid frame (an empty Envelope); whether that is a valid request is the
 * dispatcher's business.
 */
enum td_frame_status td_frame_parse(const uint8_t *buf, size_t len,
                                    uint32_t max_payload,
                                    const uint8_t **payload, uint32_t *plen,
                                    size_t *consumed);

/* Writes the 4-byte header for a payload of plen bytes. */
void td_frame_put_header(uint8_t out[TD_FRAME_HEADER], uint32_t plen);

/*
 * A growable receive buffer with the frame loop in it. The owner appends the
 * bytes it read, then calls td_framebuf_next until it stops returning
 * TD_FRAME_OK. Memory: data is heap owned by the framebuf, freed by
 * td_framebuf_free. It holds at most one partial frame plus the bytes of one
 * read.
 */
struct td_framebuf {
  uint8_t *data;
  size_t len; /* Bytes held. */
  size_t off; /* Start of the unparsed bytes. */
  size_t cap;
  uint32_t max_payload;
};

void td_framebuf_init(struct td_framebuf *fb, uint32_t max_payload);
void td_framebuf_free(struct td_framebuf *fb);
/* Appends n bytes. Returns 0, or -1 if memory ran out. */
int td_framebuf_append(struct td_framebuf *fb, const void *p, size_t n);
/*
 * Returns the next whole frame in the buffer (payload borrowed until the next
 * append, next or free call), TD_FRAME_NEED_MORE, or TD_FRAME_TOO_LARGE.
 */
enum td_frame_status td_framebuf_next(struct td_framebuf *fb,
                                      const uint8_t **payload, uint32_t *plen);
/* Bytes held that do not yet make a whole frame. */
size_t td_framebuf_pending(const struct td_framebuf *fb);

#endif
