#!/usr/bin/env bash
# Bad input of every kind gets its error code and message, stores nothing,
# and never stops the server from serving other connections.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --max-frame 65536 --handshake-timeout 2

petitions() { sql "SELECT count(*) FROM petitions"; }
events() { sql "SELECT count(*) FROM petition_events"; }
k=$(uuid)

# Garbage inside TLS whose first four bytes read as a huge length.
out=$(probe hoa raw deadbeefcafebabe0102 expect expect-closed)
expect_contains "garbage: refused as too large" "$out" "code=FRAME_TOO_LARGE"
expect_contains "garbage: connection closed" "$out" "closed"

# Garbage with a plausible length but no valid message: the framing is
# intact, so the connection stays usable.
out=$(probe hoa raw 00000003ffffff expect hello expect)
expect_contains "undecodable payload: BAD_FRAME" "$out" "error id=0 code=BAD_FRAME"
expect_contains "undecodable payload: connection still serves" "$out" "hello_reply"

# Not TLS at all: the handshake fails and the server carries on.
exec 3<>"/dev/tcp/127.0.0.1/$TD_PORT"
printf 'GET / HTTP/1.0\r\n\r\n' >&3
timeout 5 cat <&3 >/dev/null || true
exec 3<&-
out=$(probe hoa hello expect)
expect_contains "plain-text garbage: server still serves" "$out" "hello_reply"

# A length over the configured limit is refused from the header alone.
out=$(probe hoa frame-len 65537 expect expect-closed)
expect_contains "over-limit length: FRAME_TOO_LARGE" "$out" "code=FRAME_TOO_LARGE"
expect_contains "over-limit length: message gives the limit" "$out" "65536"
expect_contains "over-limit length: connection closed" "$out" "closed"

# A truncated frame, then the client disconnects.
probe hoa frame-len 200 raw 0a0b0c close >/dev/null
sleep 0.3
expect_contains "truncated frame: logged" "$(cat "$T/server.log")" "middle of a frame"
out=$(probe hoa hello expect)
expect_contains "truncated frame: server still serves" "$out" "hello_reply"

# An Envelope carrying a message this server does not know, and an empty one.
out=$(probe hoa unknown-field expect empty-frame expect hello expect)
expect_contains "unknown message: UNKNOWN_REQUEST" "$out" "code=UNKNOWN_REQUEST"
expect_eq "empty frame: UNKNOWN_REQUEST too" "$(grep -c 'code=UNKNOWN_REQUEST' <<<"$out")" 2
expect_contains "unknown message: connection still serves" "$out" "hello_reply"

# Invalid fields: each named, nothing stored.
check_field() {
  local what=$1 field=$2
  shift 2
  out=$(probe hoa "$@" expect)
  expect_contains "$what: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "$what: names field $field" "$out" "field=$field "
  expect_contains "$what: not retryable" "$out" "retryable=0"
}
check_field "unknown kind" kind submit "$k" "" nope regular_reception land "Tóm tắt"
check_field "malformed kind" kind submit "$k" "" "khiếu nại" regular_reception land "Tóm tắt"
check_field "unknown channel" channel submit "$k" "" complaint fax land "Tóm tắt"
check_field "unknown field" field submit "$k" "" complaint regular_reception weather "Tóm tắt"
check_field "empty summary" summary submit "$k" "" complaint regular_reception land ""
check_field "summary over the limit" summary submit-big "$k" 16385
check_field "summary not UTF-8" summary submit-hex-summary "$k" "" complaint regular_reception land 48c328
check_field "summary with a control character" summary submit-hex-summary "$k" "" complaint regular_reception land 410742
check_field "unit that does not exist" unit_code submit "$k" 99999 complaint regular_reception land "Tóm tắt"
check_field "missing idempotency key" idempotency_key submit "" "" complaint regular_reception land "Tóm tắt"
check_field "idempotency key not a UUID" idempotency_key submit "abc" "" complaint regular_reception land "Tóm tắt"

# A neighbour's commune reads exactly like a commune that does not exist.
none=$(probe hoa submit "$k" 99999 complaint regular_reception land "x" expect | sed 's/99999/CODE/')
nb=$(probe hoa submit "$k" 03405 complaint regular_reception land "x" expect | sed 's/03405/CODE/')
expect_eq "out-of-scope unit answers like an unknown one" "$nb" "$none"

expect_eq "nothing stored after bad input" "$(petitions)" 0
expect_eq "no event recorded after bad input" "$(events)" 0

# Numbers beyond what the database holds are refused by name, never INTERNAL.
principals_state() { sql "SELECT count(*) FILTER (WHERE revoked_at IS NULL) FROM principals"; }
before=$(principals_state)
for id in 2147483648 4294967297 9223372036854775807; do
  out=$(probe admin revoke "$id" expect)
  expect_contains "revoke id $id: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "revoke id $id: names field id" "$out" "field=id "
done
expect_eq "revoke with huge ids: nobody revoked" "$(principals_state)" "$before"

cli hoa session open --type regular --presided-by "Hoàng Văn Lãnh" >/dev/null
sid=$(sql "SELECT max(id) FROM sessions")
session_state() { sql "SELECT closed_at IS NULL, attendees IS NULL FROM sessions WHERE id = $sid"; }
# close_count WHAT FIELD ATTENDEES OPINIONS RESOLVED FORWARDED
close_count() {
  out=$(probe hoa close-session "$sid" "${@:3}" expect)
  expect_contains "$1: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "$1: names field $2" "$out" "field=$2 "
}
close_count "attendees above 2^31" attendees 2147483648 10 1 1
close_count "opinions above 2^31" opinions 10 2147483648 1 1
close_count "resolved_on_spot above 2^31" resolved_on_spot 10 10 2147483648 1
close_count "forwarded above 2^31" forwarded 10 10 1 2147483648
close_count "resolved and forwarded wrapping around to 0" resolved_on_spot 10 10 4294967295 1
expect_eq "huge counts: the session is still open, uncounted" "$(session_state)" "t|t"

# Times PostgreSQL cannot hold are refused by name.
for t in 9223372036854775807 -9223372036854775808 253402300800 -62135596801; do
  out=$(probe hoa list-received "$t" "" expect)
  expect_contains "received_from $t: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "received_from $t: names the field" "$out" "field=received_from "
done
out=$(probe hoa list-received 0 9223372036854775807 expect)
expect_contains "received_to 2^63-1: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
expect_contains "received_to 2^63-1: names the field" "$out" "field=received_to "
out=$(probe hoa list-received 1735689600 1767225600 expect)
expect_contains "a year of 2025: listed" "$out" "list_reply"

# A receipt number that is not UTF-8 (a stray byte, a cut sequence, a
# surrogate) is refused by name, never passed to PostgreSQL.
before=$(events)
for hex in ff41 4bc3 eda080; do
  out=$(probe hoa history "hex:$hex" expect)
  expect_contains "history of receipt $hex: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "history of receipt $hex: names receipt_no" "$out" "field=receipt_no "
  out=$(probe hoa transition "hex:$hex" note 1 "Ghi chú" expect)
  expect_contains "transition of receipt $hex: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
  expect_contains "transition of receipt $hex: names receipt_no" "$out" "field=receipt_no "
done
expect_eq "bad receipt numbers: no event recorded" "$(events)" "$before"

# A NUL byte inside a string: protobuf-c keeps it, C would read the string
# cut at it, so the server would check and store less than was sent. The
# request is refused, naming the field, and nothing is stored. The client
# library cannot send such a string, so the Envelope is written out here.
hex_of() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
# pb_string KEY_HEX HEX: a length-delimited field of fewer than 128 bytes.
pb_string() { printf '%s%02x%s' "$1" $((${#2} / 2)) "$2"; }
# submission_frame SUMMARY_HEX [PETITIONER_NAME_HEX]: a framed Envelope with
# request_id 1 carrying a SubmitPetition that is valid but for its strings.
submission_frame() {
  local body env
  body=$(pb_string 0a "$(hex_of "$(uuid)")")$(pb_string 22 "$(hex_of complaint)")
  body+=$(pb_string 2a "$(hex_of regular_reception)")$(pb_string 32 "$(hex_of land)")
  [[ -n ${2:-} ]] && body+=$(pb_string 42 "$(pb_string 0a "$2")")
  body+=$(pb_string 52 "$1")
  env=0801$(pb_string 62 "$body")
  printf '%08x%s' $((${#env} / 2)) "$env"
}
before=$(petitions)
out=$(probe hoa raw "$(submission_frame "$(hex_of "Khiếu nại")00$(hex_of " phần sau bị cắt")")" expect)
expect_contains "a NUL in the summary: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
expect_contains "a NUL in the summary: names summary" "$out" "field=summary "
out=$(probe hoa raw "$(submission_frame "$(hex_of "Khiếu nại")" "$(hex_of "Lò Văn")00$(hex_of "Minh")")" expect)
expect_contains "a NUL in the petitioner's name: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
expect_contains "a NUL in the petitioner's name: names name" "$out" "field=name "
expect_eq "NUL bytes: nothing stored" "$(petitions)" "$before"

# A connection stuck mid-frame does not hold up anyone else.
probe hoa frame-len 100 raw 0a sleep 3000 >/dev/null &
stuck=$!
sleep 0.3
out=$(probe lan hello expect)
expect_contains "a stuck connection does not block others" "$out" "hello_reply"
wait "$stuck" || true

# A client that connects and never speaks TLS is cut at the handshake timeout.
exec 3<>"/dev/tcp/127.0.0.1/$TD_PORT"
start=$(date +%s)
timeout 10 cat <&3 >/dev/null || true
elapsed=$(($(date +%s) - start))
exec 3<&-
if ((elapsed <= 5)); then pass "silent client closed by the handshake timeout (${elapsed}s)"; else fail "silent client held ${elapsed}s"; fi

# And after all that, a good petition goes through.
out=$(probe hoa submit "$k" "" complaint regular_reception land "Khiếu nại hợp lệ" expect)
expect_contains "server still accepts a good petition" "$out" "submit_reply"
expect_eq "exactly one petition stored" "$(petitions)" 1
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
