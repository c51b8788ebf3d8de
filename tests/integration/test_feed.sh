#!/usr/bin/env bash
# The change feed: events after a cursor, in the caller's area, redacted for
# the Front and dashboards; a poll with nothing new answered without a
# database query (the server's own counter says so); a long poll woken by a
# new event; a cursor that never skips an event a slower transaction
# commits; bad requests refused.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --feed-interval 100

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }

# A unit out of reach is refused even before there is any event.
out=$(probe tinh changes 0 "" "" 99999 expect changes "" "" "" 03160 expect)
expect_contains "before any event: an unknown unit is refused" "$(sed -n 1p <<<"$out")" \
  "field=unit_code msg=unit_code: there is no unit 99999 in your area"
expect_contains "... and one of another province, without a cursor too" "$(sed -n 2p <<<"$out")" \
  "msg=unit_code: there is no unit 03160 in your area"

# From now: no cursor given, the reply is the cursor, with no events.
out=$(probe tinh changes "" "" "" "" expect)
expect_contains "no cursor: a changes_reply" "$out" "reply id=1 changes_reply events=0"
c0=$(field cursor "$out")

# A denouncer, a note that names him, and an ordinary request.
name="Đinh Văn Kín"
cli hoa submit --kind denunciation --channel regular_reception --field admin_procedure \
  --name "$name" --id-number 012099007777 --summary "Tố cáo việc thu tiền sai quy định" >/dev/null
den=$(sql "SELECT id FROM petitions WHERE kind = 'denunciation'")
cli hoa note "$den" "Đã làm việc với ông $name" >/dev/null
cli hoa submit --kind request --channel digital --summary "Đơn yêu cầu thông thường" >/dev/null
req=$(sql "SELECT id FROM petitions WHERE kind = 'request'")
cli hoa note "$req" "Hẹn trả lời ngày thứ Hai" >/dev/null
cli lan submit --kind complaint --channel regular_reception --summary "Đơn ở Tả Lèng" >/dev/null

# The events are final within a few marks; read them as each role.
for i in $(seq 50); do
  out=$(probe tinh changes "$c0" 5000 "" "" expect)
  [ "$(field events "$out")" -ge 5 ] 2>/dev/null && break
  sleep 0.1
done
expect_contains "dashboard (province): the five events, in order" "$out" "events=5 "
expect_contains "... the denunciation's submission" "$out" ":submit:BL-"
expect_not_contains "... never the denouncer's name" "$out" "Kín"
expect_contains "... the note on the denunciation withheld" "$out" ":note:BL-$(date +%Y)-000001:03390:r=1 "
expect_contains "... the note on the request kept" "$out" ":note:BL-$(date +%Y)-000002:03390:r=0:Hẹn_trả_lời_ngày_thứ_Hai"
expect_contains "... Tả Lèng's too: the province sees its communes" "$out" ":submit:TL-"
c1=$(field cursor "$out")
expect_eq "the cursor is the last event's number" "$c1" "$(sql "SELECT max(seq) FROM petition_events")"

# Nor do their statistics and reports name him.
month=$(date +%Y-%m)
for who in tinh front_xa; do
  out=$(cli "$who" --format json stats --unit 03390 --from "$(date +%Y)-01" --to "$month" --by kind,status 2>&1)
  expect_contains "$who: statistics count the denunciation" "$out" '"kind":"denunciation"'
  expect_not_contains "$who: ... and never name the denouncer" "$out" "Kín"
done
out=$(cli front_xa report --unit 03390 --from "$(date +%Y)-01" --to "$month" --front 2>&1)
expect_not_contains "the Front's report never names the denouncer" "$out" "Kín"

out=$(probe front_xa changes "$c0" "" "" "" expect)
expect_not_contains "Front (commune): never the denouncer's name" "$out" "Kín"
expect_contains "... the note on the denunciation withheld" "$out" ":note:BL-$(date +%Y)-000001:03390:r=1"
expect_not_contains "... nothing of Tả Lèng" "$out" "TL-"
out=$(probe hoa changes "$c0" "" "" "" expect)
expect_contains "reception (the handling commune): the note in full" "$out" "Đã_làm_việc_với_ông_Đinh_Văn_Kín"
out=$(probe dash_db changes "$c0" "" "" "" expect)
expect_contains "an unrelated province: nothing" "$out" "events=0 cursor=$c1 more=0"
out=$(probe tinh changes "$c0" "" "" 03405 expect)
expect_contains "under a unit: only its events" "$out" "events=1 "
expect_contains "... Tả Lèng's submission" "$out" ":submit:TL-"

# Paging: two at a time, with more=1 until the last page.
out=$(probe tinh changes "$c0" "" 2 "" expect)
expect_contains "limit 2: two events and more" "$out" "events=2 "
expect_contains "... more=1" "$out" "more=1"
p1=$(field cursor "$out")
out=$(probe tinh changes "$p1" "" 2 "" expect changes "$c0" "" 1000 "" expect)
expect_contains "... the next page goes on from its cursor" "$(sed -n 1p <<<"$out")" "events=2 "
expect_contains "... and a limit of 1000 takes the rest at once" "$(sed -n 2p <<<"$out")" "events=5 cursor=$c1 more=0"

# A poll with nothing new touches no database: the server's counter of
# statements sent for requests does not move across it, nor across a poll
# that waits and times out. (The status requests themselves send none.)
out=$(probe tinh status expect changes "$c1" "" "" "" expect changes "$c1" 300 "" "" expect status expect)
q0=$(field request_queries "$(sed -n 1p <<<"$out")")
q1=$(field request_queries "$(sed -n 4p <<<"$out")")
expect_contains "nothing new: an empty reply at the same cursor" "$(sed -n 2p <<<"$out")" "events=0 cursor=$c1 more=0"
expect_contains "nothing new after waiting 300 ms: the same" "$(sed -n 3p <<<"$out")" "events=0 cursor=$c1 more=0"
expect_eq "... and no statement sent to PostgreSQL for them" "$((q1 - q0))" 0
# A unit is checked once per connection; the empty polls after it send none.
out=$(probe tinh changes "$c1" "" "" 03390 expect status expect changes "$c1" "" "" 03390 expect \
  changes "$c1" 200 "" 03390 expect status expect)
q0=$(field request_queries "$(sed -n 2p <<<"$out")")
q1=$(field request_queries "$(sed -n 5p <<<"$out")")
expect_contains "under a unit, nothing new: empty" "$(sed -n 4p <<<"$out")" "events=0 cursor=$c1 more=0"
expect_eq "... and after the first poll checked the unit, no statement" "$((q1 - q0))" 0
# ... whereas a poll that finds events does query.
out=$(probe tinh status expect changes "$c0" "" "" "" expect status expect)
q0=$(field request_queries "$(sed -n 1p <<<"$out")")
q1=$(field request_queries "$(sed -n 3p <<<"$out")")
expect_eq "a poll with new events sends one statement" "$((q1 - q0))" 1

# A long poll wakes on a new event: parked, then answered soon after a
# submission, long before its 20 s are up.
start=$(date +%s%N)
probe tinh --timeout-ms 30000 changes "$c1" 20000 "" "" expect >"$T/long.out" &
lp=$!
for i in $(seq 50); do
  [ "$(field parked "$(probe tinh status expect)")" = 1 ] && break
  sleep 0.1
done
expect_eq "the long poll is parked" "$(field parked "$(probe tinh status expect)")" 1
cli hoa submit --kind feedback --channel digital --summary "Phản ánh đèn đường hỏng" >/dev/null
wait "$lp"
ms=$((($(date +%s%N) - start) / 1000000))
out=$(cat "$T/long.out")
expect_contains "the long poll returns the new event" "$out" "events=1 "
expect_contains "... the submission" "$out" ":submit:BL-"
if [ "$ms" -lt 15000 ]; then
  pass "... woken by it, not by its time limit (${ms} ms)"
else
  fail "... woken by it, not by its time limit" "took ${ms} ms"
fi
c2=$(field cursor "$out")

# A slower transaction's event is never skipped. A transaction takes an
# event number and holds it uncommitted while later submissions commit
# bigger ones: the horizon stays below the held number, so no cursor passes
# it; once it commits, its event comes, and nothing is lost or repeated.
hold="$T/hold.fifo"
mkfifo "$hold"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -q <"$hold" >/dev/null 2>&1 &
hp=$!
exec 7>"$hold"
cat >&7 <<SQL
BEGIN;
INSERT INTO petition_events (petition_id, unit_id, actor_id, action, note)
SELECT id, unit_id, created_by, 'note', 'giữ lại' FROM petitions WHERE id = $req;
SQL
for i in $(seq 50); do
  [ -n "$(sql "SELECT 1 FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = current_database()")" ] && break
  sleep 0.1
done
held=$(sql "SELECT last_value FROM petition_events_seq")
cli hoa submit --kind feedback --channel digital --summary "Phản ánh sau" >/dev/null
sleep 1
out=$(probe tinh changes "$c2" "" "" "" expect)
expect_contains "while a number is held: the later event is not handed out" "$out" "events=0 cursor=$c2 more=0"
if [ "$(field cursor "$out")" -lt "$held" ]; then
  pass "... the cursor stays below the held number ($held)"
else
  fail "... the cursor stays below the held number" "$out"
fi
echo "COMMIT;" >&7
exec 7>&-
wait "$hp"
for i in $(seq 50); do
  out=$(probe tinh changes "$c2" 2000 "" "" expect)
  [ "$(field events "$out")" -ge 2 ] 2>/dev/null && break
done
expect_contains "after the commit: both events, the held one first" "$out" "events=2 "
expect_contains "... the held note" "$out" "$held:note:"
expect_eq "... each event once, in number order" \
  "$(grep -o ' [0-9]*:' <<<"$out" | tr -d ' :' | tr '\n' ' ')" \
  "$(sql "SELECT string_agg(seq::text, ' ' ORDER BY seq) || ' ' FROM petition_events WHERE seq > $c2 AND action <> 'identity_read'")"

# Bad requests: a clear error, and the connection goes on.
out=$(probe tinh changes 0 "" 0 "" expect changes 0 60001 "" "" expect \
  changes 0 "" "" "không-hợp-lệ" expect changes 0 "" "" 03160 expect \
  changes 0 "" "" 99999 expect status expect)
expect_contains "limit 0: refused" "$(sed -n 1p <<<"$out")" "code=INVALID_ARGUMENT retryable=0 field=limit"
expect_contains "wait over 60 s: refused" "$(sed -n 2p <<<"$out")" "field=wait_ms"
expect_contains "a malformed unit: refused" "$(sed -n 3p <<<"$out")" "field=unit_code msg=unit_code: not a unit code"
expect_contains "a unit of another province: as if it did not exist" "$(sed -n 4p <<<"$out")" "field=unit_code msg=unit_code: there is no unit 03160 in your area"
expect_contains "a unit that does not exist: the same words" "$(sed -n 5p <<<"$out")" "msg=unit_code: there is no unit 99999 in your area"
expect_contains "... and the connection is still served" "$(sed -n 6p <<<"$out")" "server_status"
# A cursor no server handed out, beyond the newest event: echoing it back as
# the next cursor would make a client that trusts it skip every event up to
# it. Refused; the newest event's own number is still a cursor.
last=$(sql "SELECT max(seq) FROM petition_events")
out=$(probe tinh changes $((last + 1000000)) "" "" "" expect changes "$last" "" "" "" expect)
expect_contains "a cursor beyond the newest event: refused" "$(sed -n 1p <<<"$out")" \
  "code=INVALID_ARGUMENT retryable=0 field=since"
expect_contains "the newest event's number: a cursor" "$(sed -n 2p <<<"$out")" "changes_reply"
out=$(probe admin changes 0 "" "" "" expect)
expect_contains "an admin reads no petitions' events" "$out" "code=PERMISSION_DENIED"

# A parked poll does not hold up a stop: SIGTERM answers it at once.
probe tinh --timeout-ms 30000 changes "$(sql "SELECT max(seq) FROM petition_events")" 30000 "" "" expect >"$T/stop.out" &
lp=$!
for i in $(seq 50); do
  [ "$(field parked "$(probe tinh status expect)")" = 1 ] && break
  sleep 0.1
done
start=$(date +%s%N)
td_server_stop
wait "$lp" || true
ms=$((($(date +%s%N) - start) / 1000000))
expect_contains "a parked poll is answered when the server stops" "$(cat "$T/stop.out")" "events=0"
if [ "$ms" -lt 10000 ]; then
  pass "... and the stop does not wait for it (${ms} ms)"
else
  fail "... and the stop does not wait for it" "${ms} ms"
fi
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
