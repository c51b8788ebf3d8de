#!/usr/bin/env bash
# tiepdan watch, the live dashboard, and tiepdan changes: usage errors and
# refusals exit as other commands do; a dashboard in the background redraws
# with the new counts when petitions are submitted and resolved; it rides
# out a server restart on the same port, saying so, and catches up; SIGTERM
# ends it with status 0 and nothing leaked.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --feed-interval 100

year=$(date +%Y)
W=$T/watch.out

# The last frame the dashboard wrote: from its last header line on.
last_frame() { awk '/^tiepdan watch: unit/ { f = "" } { f = f $0 "\n" } END { printf "%s", f }' "$W"; }
# The row of a commune in the last frame, its blanks squeezed.
row_of() { last_frame | grep "^$1 " | tr -s ' '; }
# wait_for SECONDS CMD...: until CMD succeeds; returns 1 if it never does.
wait_for() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    "${@:2}" && return 0
    sleep 0.1
  done
  return 1
}
frame_has() { [[ "$(last_frame)" == *"$1"* ]]; }
has_row() { [[ "$(row_of "$1")" == "$2" ]]; }
count_of() { grep -c -- "$1" "$W" || true; }
more_than() { (($(count_of "$1") > $2)); }

# Usage errors: status 2 and a clear message -------------------------------
run_cmd out rc cli tinh watch
expect_eq "watch without --unit: usage error" "$rc" 2
expect_contains "... says --unit is required" "$out" "--unit is required, e.g. --unit 12"
run_cmd out rc cli tinh watch --unit 12 --from 2026-13
expect_eq "watch --from 2026-13: usage error" "$rc" 2
expect_contains "... names the option" "$out" "--from must be a month YYYY-MM"
run_cmd out rc cli tinh watch --unit 12 --every 5
expect_eq "watch with an unknown option: usage error" "$rc" 2
run_cmd out rc cli tinh watch --help
expect_eq "watch --help: status 0" "$rc" 0
expect_contains "... the usage" "$out" "Usage: tiepdan [GLOBAL OPTIONS] watch --unit CODE"
run_cmd out rc cli tinh changes --limit 0
expect_eq "changes --limit 0: usage error" "$rc" 2
expect_contains "... names the range" "$out" "--limit must be a number from 1 to 1000"
run_cmd out rc cli tinh changes --wait 5
expect_eq "changes --wait without --since: usage error" "$rc" 2
run_cmd out rc cli tinh changes --since x
expect_eq "changes --since x: usage error" "$rc" 2

# Refusals: the server's message, status 4 ----------------------------------
run_cmd out rc cli tinh watch --unit 99999 --once
expect_eq "watch of a unit that does not exist: refused" "$rc" 4
expect_contains "... with the server's message" "$out" "there is no unit 99999 in your area"
expect_contains "... and the option" "$out" "(option --unit)"
run_cmd out rc cli tinh watch --unit 03160 --once
expect_eq "watch of another province's commune: refused" "$rc" 4
run_cmd out rc cli admin watch --unit 12 --once
expect_eq "an admin may not watch petitions: refused" "$rc" 4
expect_contains "... PERMISSION_DENIED" "$out" "PERMISSION_DENIED"

# changes -------------------------------------------------------------------
run_cmd out rc cli tinh --lang en changes
expect_eq "changes without --since: status 0" "$rc" 0
expect_contains "... no events, only the cursor" "$out" "No new events."
c0=$(tail -n 1 <<<"$out" | sed -n 's/^cursor \([0-9]*\)$/\1/p')
expect_eq "... the last line is the cursor" "$c0" "$(sql "SELECT COALESCE(max(seq), 0) FROM petition_events")"

# --once: one frame, then exit 0 ----------------------------------------------
run_cmd out rc cli tinh watch --unit 12 --once
expect_eq "watch --once: status 0" "$rc" 0
expect_contains "... the header" "$out" "tiepdan watch: unit 12"
expect_contains "... the period" "$out" "Received $year-01 to $(date +%Y-%m)"
expect_contains "... a TOTAL row" "$out" "TOTAL"
expect_contains "... live" "$out" "Status: live"
width=$(LC_ALL=C.UTF-8 wc -L <<<"$out")
if ((width <= 80)); then pass "... every line fits 80 columns ($width)"; else fail "... every line fits 80 columns" "$width"; fi

# The dashboard in the background, its frames in a file -----------------------
# Not through cli: $! must be the dashboard itself, not a subshell.
(exec "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
  --cert "$TD_PKI/tinh.crt" --key "$TD_PKI/tinh.key" --timeout 20 \
  watch --unit 12) >"$W" 2>"$T/watch.err" &
wp=$!
td_cleanup_push td_stop_pid "$wp" 5
if wait_for 20 grep -q "Status: live" "$W"; then pass "watch draws a first frame"; else fail "watch draws a first frame" "$(cat "$W" "$T/watch.err")"; fi

# Two petitions in Bình Lư, one of them resolved at once: one open, on time.
cli hoa submit --kind request --channel regular_reception --field land \
  --summary "Đơn xin cấp giấy chứng nhận quyền sử dụng đất" >/dev/null
cli hoa submit --kind feedback --channel digital --field electricity \
  --summary "Phản ánh mất điện kéo dài" >/dev/null
id=$(sql "SELECT max(id) FROM petitions")
cli hoa accept "$id" >/dev/null
cli hoa start "$id" >/dev/null
cli hoa resolve "$id" --outcome answered_in_writing >/dev/null
if wait_for 20 has_row 03390 "03390 Xã Bình Lư 1 0 0 100.0"; then
  pass "a later frame shows Bình Lư: 1 open, 100.0 % on time"
else
  fail "a later frame shows Bình Lư: 1 open, 100.0 % on time" "$(last_frame)"
fi
c1=$(sql "SELECT max(seq) FROM petition_events")
if wait_for 10 frame_has "cursor $c1"; then pass "... at the cursor of the last event ($c1)"; else fail "... at the cursor of the last event" "$(last_frame)"; fi
expect_contains "... the resolution among the latest events" "$(last_frame)" "resolve In progress → Resolved"
expect_contains "... and the submission" "$(last_frame)" "submit → Received"
expect_contains "... and still 1 open" "$(row_of 03390)" "03390 Xã Bình Lư 1 0 0 100.0"

# In Vietnamese (the officer's default): the headings from the catalog.
TIEPDAN_LANG=vi run_cmd out rc cli tinh watch --unit 12 --once
expect_contains "watch in Vietnamese: the header" "$out" "tiepdan watch: đơn vị 12"
expect_contains "... the headings" "$out" "QUÁ HẠN"
expect_contains "... the status line" "$out" "Trạng thái: đang cập nhật"
expect_not_contains "... no English heading" "$out" "OVERDUE"

# (The server checks the unit of changes once there are events to look at.)
run_cmd out rc cli tinh changes --since 0 --unit 99999
expect_eq "changes of a unit that does not exist: refused" "$rc" 4
expect_contains "... with the server's message" "$out" "there is no unit 99999 in your area"

run_cmd out rc cli tinh changes --since "$c0" --unit 03390
expect_contains "changes --since: the events since, in a table" "$out" "BL-$year-000002  03390  resolve  In progress → Resolved"
expect_eq "... the last line is the new cursor" "$(tail -n 1 <<<"$out")" "cursor $c1"
json=$(cli tinh --format json changes --since "$c0" --limit 2)
expect_contains "changes --format json: the cursor and more" "$json" '"more":true,"events":['
expect_contains "... the events" "$json" '"action":"submit"'
csv=$(cli tinh --format csv changes --since "$c1")
expect_contains "changes --format csv with nothing new: the cursor in its column" "$csv" ",$c1,false"

# The server restarts on the same port ---------------------------------------
lives=$(count_of "Status: live")
td_server_stop
expect_eq "the server stops" "$TD_SERVER_RC" 0
if wait_for 20 grep -q "Status: reconnecting in .* s: " "$W"; then
  pass "watch shows that it is reconnecting"
else
  fail "watch shows that it is reconnecting" "$(last_frame)"
fi
"$TD_BUILD/tiepdand" --listen "127.0.0.1:$TD_PORT" \
  --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  --feed-interval 100 --metrics-listen off >>"$T/server2.log" 2>&1 &
TD_SERVER_PID=$!
td_cleanup_push td_stop_pid "$TD_SERVER_PID" 10
if wait_for 15 grep -q "listening on 127.0.0.1:$TD_PORT\$" "$T/server2.log"; then
  pass "the server starts again on port $TD_PORT"
else
  fail "the server starts again on port $TD_PORT" "$(cat "$T/server2.log")"
fi
if wait_for 20 more_than "Status: live" "$lives"; then pass "watch is live again"; else fail "watch is live again" "$(last_frame)"; fi
cli hoa submit --kind complaint --channel regular_reception --field land \
  --summary "Khiếu nại về việc bồi thường" >/dev/null
if wait_for 20 has_row 03390 "03390 Xã Bình Lư 2 0 0 100.0"; then
  pass "after the restart a new submission shows: 2 open"
else
  fail "after the restart a new submission shows: 2 open" "$(last_frame)"
fi
c2=$(sql "SELECT max(seq) FROM petition_events")
if wait_for 10 frame_has "cursor $c2"; then pass "... the cursor kept: no event lost ($c2)"; else fail "... the cursor kept: no event lost" "$(last_frame)"; fi
expect_contains "... the new submission among the latest events" "$(last_frame)" "BL-$year-000003 submit → Received"

# SIGTERM ends it cleanly -----------------------------------------------------
start=$(date +%s%N)
kill -TERM "$wp"
wrc=0
wait "$wp" || wrc=$?
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "SIGTERM: watch exits 0" "$wrc" 0
if ((ms < 5000)); then pass "... at once, though it was waiting on the server (${ms} ms)"; else fail "... at once" "${ms} ms"; fi
expect_not_contains "... no leak or sanitizer report" "$(cat "$T/watch.err")" "Sanitizer"
expect_eq "... nothing on standard error" "$(cat "$T/watch.err")" ""
td_done
