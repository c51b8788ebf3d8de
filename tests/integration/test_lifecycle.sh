#!/usr/bin/env bash
# A petition's whole life through the client: every step lawful, recorded in
# its history with who, when, from, to and what changed; every unlawful step
# refused with nothing changed; two officers acting at once, one winner.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

version() { sql "SELECT version FROM petitions WHERE id = $1"; }
status() { sql "SELECT status FROM petitions WHERE id = $1"; }
events() { sql "SELECT count(*) FROM petition_events WHERE petition_id = $1"; }

# Received on Friday 2026-02-06; 10 days to accept end on 2026-02-16, a Tết
# holiday, so the deadline moves to Monday 2026-02-23.
cli hoa submit --kind complaint --channel regular_reception --field land \
  --received "2026-02-06 09:00" --name "Lò Văn Minh" \
  --summary "Khiếu nại việc xác định ranh giới đất khi giải phóng mặt bằng" >/dev/null
id=$(sql "SELECT id FROM petitions")
expect_eq "acceptance deadline rolls over Tết" \
  "$(sql "SELECT deadline_step, deadline FROM petitions WHERE id = $id")" "accept|2026-02-23"

# Unlawful from received: each refused, nothing changes.
for bad in "start $id" "resolve $id --outcome answered_in_writing" "reopen $id --reason x" \
  "extend $id --reason x"; do
  v=$(version "$id")
  n=$(events "$id")
  rc=0
  # shellcheck disable=SC2086 # the words are the command
  out=$(cli hoa $bad 2>&1) || rc=$?
  expect_eq "received: '${bad%% *}' refused (exit 4)" "$rc" 4
  expect_contains "received: '${bad%% *}' says why" "$out" "ILLEGAL_TRANSITION"
  expect_eq "received: '${bad%% *}' changed nothing (version)" "$(version "$id")" "$v"
  expect_eq "received: '${bad%% *}' changed nothing (history)" "$(events "$id")" "$n"
done
rc=0
out=$(cli hoa reject "$id" 2>&1) || rc=$?
expect_eq "reject without a reason is a usage error" "$rc" 2

# Accepted on Friday 2026-02-13 (the Friday before Tết), a complex case in a
# remote commune: 60 days, ending Tuesday 2026-04-14.
out=$(TIEPDAN_LANG=vi cli hoa accept "$id" --complex --at "2026-02-13 10:00")
expect_contains "accept prints the move" "$out" "Mới tiếp nhận → Đã thụ lý"
expect_eq "resolution deadline: remote + complex = 60 days" \
  "$(sql "SELECT status, deadline_step, deadline_start, deadline, complex FROM petitions WHERE id = $id")" \
  "accepted|resolve|2026-02-13|2026-04-14|t"
explain=$(cli hoa show "$id" --explain)
expect_contains "explain names the legal source" "$explain" "Điều 28"
expect_contains "explain gives the start" "$explain" "2026-02-13"
expect_contains "explain gives the deadline" "$explain" "2026-04-14"
expect_contains "show says it is overdue (it is long past)" "$(cli hoa --lang en show "$id")" "overdue"

cli hoa start "$id" >/dev/null
cli hoa note "$id" "Đã mời hai bên đến làm việc tại trụ sở UBND xã" >/dev/null
v=$(version "$id")
cli hoa resolve "$id" --outcome mediated_successfully --satisfaction satisfied \
  --note "Hòa giải thành" >/dev/null
expect_eq "resolved with outcome and satisfaction" \
  "$(sql "SELECT status, outcome, satisfaction, closed_at IS NOT NULL FROM petitions WHERE id = $id")" \
  "resolved|mediated_successfully|satisfied|t"
expect_eq "a note does not bump the version; resolve does" "$(version "$id")" $((v + 1))

# Resolved: only reopen or a note.
rc=0
out=$(cli hoa withdraw "$id" --reason "rút đơn" 2>&1) || rc=$?
expect_eq "resolved: withdraw refused" "$rc" 4
cli hoa reopen "$id" --reason "Công dân không đồng ý với kết quả" >/dev/null
expect_eq "reopened: in progress again, outcome cleared" \
  "$(sql "SELECT status, outcome IS NULL, closed_at IS NULL FROM petitions WHERE id = $id")" "in_progress|t|t"
cli hoa withdraw "$id" --reason "Công dân xin rút đơn" --satisfaction not_asked >/dev/null
expect_eq "withdrawn at the citizen's request" "$(status "$id")" "withdrawn"

# The history: every step, in order, with its actor.
hist=$(cli hoa --format csv history "$id")
expect_eq "history: every step in order" \
  "$(sql "SELECT string_agg(action, ',' ORDER BY seq) FROM petition_events WHERE petition_id = $id")" \
  "submit,accept,start,note,resolve,reopen,withdraw"
for a in submit accept start note resolve reopen withdraw; do
  expect_contains "history shows $a" "$hist" "$a"
done
expect_contains "history shows the actor" "$hist" "Nguyễn Thị Hoa"
expect_contains "history shows the note" "$hist" "Đã mời hai bên"
expect_eq "the accept event records what changed" \
  "$(sql "SELECT changes->>'status', changes->>'deadline', changes->>'complex' FROM petition_events WHERE petition_id = $id AND action = 'accept'")" \
  "accepted|2026-04-14|true"
expect_eq "the events are append-only" \
  "$(td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -At -c "DELETE FROM petition_events" 2>&1 | grep -c append-only)" 1

# Withdrawn is closed: nothing but a note.
for bad in "accept $id" "reopen $id --reason x" "start $id" \
  "resolve $id --outcome decision_issued" "transfer $id --to x" "extend $id --reason x"; do
  v=$(version "$id")
  n=$(events "$id")
  rc=0
  # shellcheck disable=SC2086
  cli hoa $bad >/dev/null 2>&1 || rc=$?
  expect_eq "withdrawn: '${bad%% *}' refused" "$rc" 4
  expect_eq "withdrawn: '${bad%% *}' changed nothing" "$(version "$id")|$(events "$id")" "$v|$n"
done

# Two officers resolve the same petition at once: exactly one wins.
cli hoa submit --kind request --channel regular_reception --summary "Đơn yêu cầu" >/dev/null
id2=$(sql "SELECT max(id) FROM petitions")
cli hoa accept "$id2" >/dev/null
cli hoa start "$id2" >/dev/null
v=$(version "$id2")
n=$(events "$id2")
pids=()
for who in hoa leader hoa leader; do
  cli "$who" resolve "$id2" --expect-version "$v" --outcome answered_in_writing \
    >"$T/race.$who.$RANDOM" 2>&1 &
  pids+=($!)
done
wins=0
for p in "${pids[@]}"; do
  if wait "$p"; then wins=$((wins + 1)); fi
done
expect_eq "racing resolves: exactly one wins" "$wins" 1
expect_contains "the losers are told of the conflict" "$(cat "$T"/race.*)" "CONFLICT"
expect_eq "racing resolves: one event more" "$(events "$id2")" $((n + 1))
expect_eq "racing resolves: the version moved once" "$(version "$id2")" $((v + 1))

# Recording the answer of an accepted petition is one command: the start of
# work and the resolution, both in the history, in one transaction.
cli hoa submit --kind feedback --channel regular_reception --summary "Phản ánh đường hỏng" >/dev/null
id3=$(sql "SELECT max(id) FROM petitions")
cli hoa accept "$id3" >/dev/null
v=$(version "$id3")
out=$(TIEPDAN_LANG=vi cli hoa resolve "$id3" --outcome answered_in_writing --note "Đã trả lời bằng văn bản")
expect_contains "resolve from accepted prints the move (Vietnamese by default)" "$out" \
  "Đã thụ lý → Đã giải quyết"
expect_eq "resolve from accepted: resolved with its outcome" \
  "$(sql "SELECT status, outcome, closed_at IS NOT NULL FROM petitions WHERE id = $id3")" \
  "resolved|answered_in_writing|t"
expect_eq "resolve from accepted: start then resolve in the history" \
  "$(sql "SELECT string_agg(action || ':' || coalesce(from_status, '-') || '>' || to_status, ',' ORDER BY seq) FROM petition_events WHERE petition_id = $id3")" \
  "submit:->received,accept:received>accepted,start:accepted>in_progress,resolve:in_progress>resolved"
expect_eq "resolve from accepted: both events in one transaction" \
  "$(sql "SELECT count(DISTINCT xmin::text) FROM petition_events WHERE petition_id = $id3 AND action IN ('start', 'resolve')")" 1
expect_eq "resolve from accepted: the note is the resolution's" \
  "$(sql "SELECT string_agg(coalesce(note, '-'), '|' ORDER BY seq) FROM petition_events WHERE petition_id = $id3 AND action IN ('start', 'resolve')")" \
  "-|Đã trả lời bằng văn bản"
expect_eq "resolve from accepted: the version moved once" "$(version "$id3")" $((v + 1))
hist=$(cli hoa --lang en history "$id3")
expect_contains "history shows the start" "$hist" "Accepted → In progress"
expect_contains "history shows the resolution" "$hist" "In progress → Resolved"
# Sent again as a retry would (the version it read), nothing is recorded twice.
n=$(events "$id3")
rc=0
out=$(cli hoa resolve "$id3" --expect-version "$v" --outcome answered_in_writing 2>&1) || rc=$?
expect_eq "resolve sent again: refused as a conflict (exit 4)" "$rc" 4
expect_contains "resolve sent again: says CONFLICT" "$out" "CONFLICT"
expect_eq "resolve sent again: nothing recorded twice" "$(events "$id3")|$(version "$id3")" "$n|$((v + 1))"
# Without an outcome nothing happens: not even the start is recorded.
cli hoa submit --kind feedback --channel regular_reception --summary "Phản ánh khác" >/dev/null
id4=$(sql "SELECT max(id) FROM petitions")
cli hoa accept "$id4" >/dev/null
n=$(events "$id4")
rc=0
cli hoa resolve "$id4" >/dev/null 2>&1 || rc=$?
expect_eq "resolve without an outcome: a usage error" "$rc" 2
expect_eq "resolve without an outcome: still accepted, no event" "$(status "$id4")|$(events "$id4")" "accepted|$n"

# A stale version is refused even alone, and changes nothing.
rc=0
out=$(cli hoa note "$id2" "ghi chú" >/dev/null && cli hoa reopen "$id2" --expect-version "$v" --reason x 2>&1) || rc=$?
expect_eq "a stale version is a conflict (exit 4)" "$rc" 4
expect_contains "a stale version says what changed" "$out" "version"

# Who may act: a dashboard reads but cannot move a petition; a neighbour
# commune cannot even see it.
rc=0
out=$(cli tinh withdraw "$id2" --reason x 2>&1) || rc=$?
expect_eq "dashboard cannot change a petition" "$rc" 4
expect_contains "dashboard: PERMISSION_DENIED" "$out" "PERMISSION_DENIED"
rc=0
out=$(cli lan history "$id2" 2>&1) || rc=$?
expect_contains "neighbour: history reads as not found" "$out" "NOT_FOUND"
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
