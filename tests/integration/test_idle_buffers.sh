#!/usr/bin/env bash
# An idle connection gives its buffers back (its frame buffer and the
# storage of its memory BIOs, server/net/conn.c) and serves its next
# request all the same: a frame that arrives in pieces is not dropped
# while the connection waits for the rest, and a connection that carried a
# large request keeps working once it has shrunk.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# Hello as raw bytes: Envelope{request_id: 1, hello: {protocol_version: 1,
# client_version: "x"}}, nine bytes of payload after the 4-byte length.
out=$(probe hoa raw 0000 sleep 300 raw 0009080152 sleep 300 raw 050801120178 expect)
expect_contains "frame in three pieces with pauses: served" "$out" "reply id=1 hello_reply"

out=$(probe hoa raw 00000009080152050801120178000000 sleep 300 raw 09080152050801120178 expect expect)
expect_eq "a whole frame and the start of another, then the rest: both served" \
  "$(grep -c 'hello_reply' <<<"$out")" 2

k1=$(uuid)
k2=$(uuid)
out=$(probe hoa hello expect submit-big "$k1" 300000 expect sleep 1200 hello expect \
  submit-big "$k2" 300000 expect sleep 1200 hello expect)
expect_eq "large requests between idle spells: every Hello answered" \
  "$(grep -c 'hello_reply' <<<"$out")" 3
expect_contains "large request answered" "$out" "id=2 "
expect_contains "large request after an idle spell answered" "$out" "id=4 "
expect_not_contains "nothing timed out" "$out" "timeout"
expect_not_contains "never closed" "$out" "closed"
expect_not_contains "no frame lost or garbled" "$out" "BAD_FRAME"

td_done
