#!/usr/bin/env bash
# The server's side of the offline outbox (issue 13): every write happens
# once however often it is sent (lifecycle steps and sessions carry their
# idempotency key), receipt numbers leased in blocks to a workstation and
# handed out offline, the workstation's clock checked and corrected, and
# requests sealed to the server's certificate.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# A line of probe's output, by request id.
line() { grep "id=$1 " <<<"$2" || true; }
# The value of NAME=... in a line.
field() { grep -o " $1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2; }
events() { sql "SELECT count(*) FROM petition_events WHERE petition_id = $1"; }
version() { sql "SELECT version FROM petitions WHERE id = $1"; }

# Exactly once: lifecycle steps ------------------------------------------------

out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại về ranh giới đất" expect)
expect_contains "a petition to work on" "$out" "submit_reply"
id=$(sql "SELECT max(id) FROM petitions")

# An accept sent, its reply lost, sent again: today's answer without a key
# would be CONFLICT (the version moved); with the key it is the first answer.
k=$(uuid)
out=$(probe hoa set key "$k" transition "$id" accept 1 expect \
  set key "$k" transition "$id" accept 1 expect)
first=$(line 1 "$out")
second=$(line 2 "$out")
expect_contains "keyed accept: applied" "$first" "status=accepted version=2"
expect_contains "keyed accept: first is no duplicate" "$first" "duplicate=0"
expect_contains "resent accept: success, not CONFLICT" "$second" "transition_reply status=accepted version=2"
expect_contains "resent accept: marked duplicate" "$second" "duplicate=1"
expect_eq "resent accept: the same event" "$(field seq "$second")" "$(field seq "$first")"
expect_eq "resent accept: one accept event" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id AND action = 'accept'")" 1
expect_eq "resent accept: no second version bump" "$(version "$id")" 2
expect_eq "the key is recorded with the event" \
  "$(sql "SELECT seq FROM petition_events WHERE idempotency_key = '$k'")" "$(field seq "$first")"

# On another connection, later, after the petition moved on: still the first
# answer, and nothing changes.
out=$(probe hoa transition "$id" start 2 expect)
expect_contains "the petition moves on (start)" "$out" "status=in_progress version=3"
before=$(events "$id")
out=$(probe hoa set key "$k" transition "$id" accept 1 expect)
expect_contains "resent on a new connection after a later step: the first event" "$out" "duplicate=1"
expect_eq "... its seq" "$(field seq "$out")" "$(field seq "$first")"
expect_eq "... no event added" "$(events "$id")" "$before"
expect_eq "... the version stays" "$(version "$id")" 3

# The same key with another request is a mistake: refused, nothing changes.
out=$(probe hoa set key "$k" transition "$id" extend 3 "Gia hạn" expect)
expect_contains "same key, other step: CONFLICT" "$out" "code=CONFLICT"
expect_contains "... on idempotency_key" "$out" "field=idempotency_key"
expect_contains "... saying why" "$out" "already used for a different step"
expect_eq "... nothing recorded" "$(events "$id")" "$before"
expect_eq "... the version stays" "$(version "$id")" 3
out=$(probe hoa set key "not-a-uuid" transition "$id" note 0 "Ghi chú" expect)
expect_contains "a key that is not a UUID is refused" "$out" "field=idempotency_key"

# Notes never bump the version: a resent note must still be recorded once.
kn=$(uuid)
out=$(probe hoa set key "$kn" transition "$id" note 0 "Đã liên hệ công dân" expect \
  set key "$kn" transition "$id" note 0 "Đã liên hệ công dân" expect)
expect_eq "resent note: both answered" "$(grep -c transition_reply <<<"$out")" 2
expect_contains "resent note: the second is the first" "$(line 2 "$out")" "duplicate=1"
expect_eq "resent note: one note event" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id AND action = 'note'")" 1

# A resolve of an accepted petition records two events; the key is on the
# last, and a resend records neither again.
out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại thứ hai" expect)
id2=$(sql "SELECT max(id) FROM petitions")
probe hoa transition "$id2" accept 1 expect >/dev/null
kr=$(uuid)
out=$(probe hoa set key "$kr" transition "$id2" resolve 2 "Đã trả lời bằng văn bản" expect \
  set key "$kr" transition "$id2" resolve 2 "Đã trả lời bằng văn bản" expect)
expect_contains "resolve from accepted: applied" "$(line 1 "$out")" "status=resolved version=3"
expect_contains "resolve resent: the first answer" "$(line 2 "$out")" "status=resolved version=3"
expect_eq "resolve resent: start and resolve once each" \
  "$(sql "SELECT string_agg(action, ',' ORDER BY seq) FROM petition_events WHERE petition_id = $id2")" \
  "submit,accept,start,resolve"

# Copies of one step racing on several connections: one event.
out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại thứ ba" expect)
id3=$(sql "SELECT max(id) FROM petitions")
kc=$(uuid)
racers=()
for _ in 1 2 3 4 5; do
  probe hoa set key "$kc" transition "$id3" accept 1 expect >>"$T/race.out" 2>&1 &
  racers+=($!)
done
wait "${racers[@]}"
expect_eq "racing copies: every one succeeds" "$(grep -c 'transition_reply status=accepted version=2' "$T/race.out")" 5
expect_eq "racing copies: one accept" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id3 AND action = 'accept'")" 1

# Without a key nothing changed: a resent step is a conflict, as before.
out=$(probe hoa transition "$id3" start 2 expect transition "$id3" start 2 expect)
expect_contains "unkeyed: first applied" "$(line 1 "$out")" "status=in_progress version=3"
expect_contains "unkeyed: resend is CONFLICT as before" "$(line 2 "$out")" "code=CONFLICT"

# Exactly once: sessions ---------------------------------------------------------

ks=$(uuid)
out=$(probe hoa set key "$ks" open-session dialogue expect set key "$ks" open-session dialogue expect)
sid=$(field session "$(line 1 "$out")")
expect_contains "keyed open: opened" "$(line 1 "$out")" "duplicate=0"
expect_eq "resent open: the same session" "$(field session "$(line 2 "$out")")" "$sid"
expect_contains "resent open: marked duplicate" "$(line 2 "$out")" "duplicate=1"
expect_eq "resent open: one session" "$(sql "SELECT count(*) FROM sessions WHERE idempotency_key = '$ks'")" 1
out=$(probe hoa set key "$ks" open-session voters_meeting expect)
expect_contains "same key, other opening: CONFLICT" "$out" "code=CONFLICT"
expect_eq "... no session added" "$(sql "SELECT count(*) FROM sessions")" 1

kx=$(uuid)
out=$(probe hoa set key "$kx" close-session "$sid" 40 9 5 4 expect set key "$kx" close-session "$sid" 40 9 5 4 expect)
expect_contains "keyed close: closed" "$(line 1 "$out")" "duplicate=0 closed=1"
expect_contains "resent close: success, not 'already closed'" "$(line 2 "$out")" "session_reply session=$sid duplicate=1 closed=1"
out=$(probe hoa set key "$kx" close-session "$sid" 41 9 5 4 expect)
expect_contains "same key, other counts: CONFLICT" "$out" "code=CONFLICT"
expect_eq "... the counts stay" "$(sql "SELECT attendees FROM sessions WHERE id = $sid")" 40
out=$(probe hoa close-session "$sid" 40 9 5 4 expect)
expect_contains "unkeyed close of a closed session: refused as before" "$out" "already closed"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
