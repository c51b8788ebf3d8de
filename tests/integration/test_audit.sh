#!/usr/bin/env bash
# The record proves it was not altered. Petitions submitted and moved
# through the server are sealed into hash chains and anchored by the
# server's timer; the verifier, in SQL and through "tiepdan admin audit
# verify", finds them intact, and a province's report ends with its check
# code. Then, each on a fresh copy of that database and with the append-only
# triggers switched off as the database owner could: a note edited, a middle
# event deleted, the newest event deleted, two events swapped, a whole
# petition deleted with its history after an anchor; each time both
# verifiers name exactly that link. Only administrators verify, and only
# their own area.
. "$(dirname "$0")/lib.sh"
td_test_db

# dash_db, province 11's dashboard in the template, is made province 11's
# administrator here, before the server reads the principals.
sql "UPDATE principals SET role = 'admin' WHERE name = 'Giàng A Dũng'" >/dev/null
# Anchored every 2 s here (an hour by default).
td_server_start --anchor-interval 2

cli hoa submit --kind complaint --channel regular_reception --field land --name "Lò Văn Minh" \
  --summary "Khiếu nại việc xác định ranh giới thửa đất" >/dev/null
cli hoa submit --kind request --channel digital --summary "Đề nghị sửa đường vào bản" >/dev/null
cli hoa submit --kind feedback --channel digital --summary "Phản ánh đèn đường hỏng" >/dev/null
p1=$(sql "SELECT id FROM petitions WHERE kind = 'complaint'")
p2=$(sql "SELECT id FROM petitions WHERE kind = 'request'")
p3=$(sql "SELECT id FROM petitions WHERE kind = 'feedback'")
r1=$(sql "SELECT receipt_no FROM petitions WHERE id = $p1")
cli hoa accept "$p1" >/dev/null
cli hoa note "$p1" "Đã mời hai bên đến làm việc" >/dev/null
cli hoa start "$p1" >/dev/null
cli hoa accept "$p2" >/dev/null
cli hoa note "$p3" "Đã chuyển bộ phận điện" >/dev/null
# p1's events in order: submit, accept, note, start.
mapfile -t s1 < <(sql "SELECT seq FROM petition_events WHERE petition_id = $p1 ORDER BY seq")
expect_eq "setup: the complaint has four events" "${#s1[@]}" 4
events=$(sql "SELECT count(*) FROM petition_events")

# Sealing -----------------------------------------------------------------------

expect_eq "every event is sealed" \
  "$(sql "SELECT count(*) FROM petition_events e JOIN petition_event_chain c USING (petition_id, seq)")" \
  "$events"
expect_eq "a petition's first event links to nothing, the next to the one before" \
  "$(sql "SELECT count(*) FROM (
            SELECT c.prev_hash = coalesce(lag(c.hash) OVER w, decode(repeat('00', 32), 'hex')) AS ok
            FROM petition_event_chain c WINDOW w AS (PARTITION BY petition_id ORDER BY seq)) x
          WHERE ok")" "$events"
expect_eq "each head is its petition's newest event" \
  "$(sql "SELECT string_agg(h.seq::text, ' ' ORDER BY h.petition_id) FROM petition_chain_heads h")" \
  "$(sql "SELECT string_agg(m::text, ' ' ORDER BY petition_id)
          FROM (SELECT petition_id, max(seq) AS m FROM petition_events GROUP BY 1) x")"
expect_contains "a seal cannot be changed" \
  "$(sql "UPDATE petition_event_chain SET hash = hash WHERE seq = ${s1[0]}" 2>&1)" \
  "petition_event_chain is append-only"

# Anchors: the server's own timer makes them.
for _ in $(seq 1 100); do
  [[ $(sql "SELECT count(*) FROM audit_anchors") != 0 ]] && break
  sleep 0.2
done
expect_eq "the server anchors province 12 by itself" \
  "$(sql "SELECT count(*) > 0 FROM audit_anchors a JOIN units u ON u.id = a.province_id
          WHERE u.code = '12'")" t
expect_contains "... and says so in its log" "$(cat "$T/server.log")" "audit anchor: 1 province(s) anchored"
# The rest, by hand, now that nothing is being written (the timer finds
# nothing more to anchor after it).
sql "SELECT td_audit_anchor((SELECT max(seq) FROM petition_events))" >/dev/null
expect_eq "the anchors cover every event" \
  "$(sql "SELECT sum(events) FROM audit_anchors")" "$events"
latest=$(sql "SELECT encode(hash, 'hex') FROM audit_anchors ORDER BY up_to_seq DESC LIMIT 1")
anchors=$(sql "SELECT count(*) FROM audit_anchors")

# Intact ------------------------------------------------------------------------

expect_eq "SQL: the province's record is intact" \
  "$(sql "SELECT result, events, petitions, anchors, anchor_hash FROM td_audit_verify('12')")" \
  "ok|$events|3|$anchors|$latest"
run_cmd out rc cli admin --lang vi admin audit verify
expect_eq "client: intact (exit 0)" "$rc" 0
expect_contains "client: says so in the officers' words" "$out" \
  "Chuỗi nhật ký toàn vẹn: $events sự kiện, 3 đơn; $anchors mốc kiểm chứng khớp."
expect_contains "client: prints the latest check code" "$out" "Mã kiểm chứng dữ liệu: $latest (lúc "
run_cmd out rc cli admin --lang vi admin audit verify --unit 03390
expect_contains "client: a commune of the area" "$out" "Chuỗi nhật ký toàn vẹn: $events sự kiện, 3 đơn."
run_cmd out rc cli admin_vn --lang vi admin audit verify
expect_contains "client: the nation sees every province's anchors" "$out" \
  "Chuỗi nhật ký toàn vẹn: $events sự kiện, 3 đơn; $anchors mốc kiểm chứng khớp."

month=$(date +%Y-%m)
run_cmd out rc cli tinh --lang vi report --from "$month" --to "$month"
expect_eq "the province's report is written (exit 0)" "$rc" 0
expect_eq "... and its last line is the check code" "$(tail -n 1 <<<"$out" | sed 's/ (lúc .*//')" \
  "Mã kiểm chứng dữ liệu: $latest"

# Who may verify ------------------------------------------------------------------

run_cmd out rc cli hoa admin audit verify
expect_eq "a reception officer may not verify (exit 4)" "$rc" 4
expect_contains "... PERMISSION_DENIED" "$out" "PERMISSION_DENIED"
run_cmd out rc cli tinh admin audit verify
expect_eq "a province's dashboard may not verify (exit 4)" "$rc" 4
run_cmd out rc cli admin admin audit verify --unit VN
expect_eq "province 12's administrator may not verify the nation (exit 4)" "$rc" 4
expect_contains "... the nation is outside its area" "$out" "unit_code"
run_cmd out rc cli dash_db admin audit verify --unit 12
expect_eq "province 11's administrator may not verify province 12 (exit 4)" "$rc" 4
expect_contains "... INVALID_ARGUMENT on the unit" "$out" "INVALID_ARGUMENT"
run_cmd out rc cli dash_db --lang vi admin audit verify
expect_contains "province 11's administrator verifies its own area, which has none of 12's" \
  "$out" "Chuỗi nhật ký toàn vẹn: 0 sự kiện, 0 đơn."
td_server_stop

# Tampering ---------------------------------------------------------------------

# tamper NAME SQL: a fresh copy of the verified database, altered by SQL with
# the append-only triggers off; the server is started on it.
tamper() {
  local db="${TD_DB}_$1"
  td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE \"$db\" TEMPLATE \"$TD_DB\""
  td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$db" -c "
    ALTER TABLE petition_events DISABLE TRIGGER petition_events_append_only;
    ALTER TABLE petition_event_chain DISABLE TRIGGER petition_event_chain_append_only;
    ALTER TABLE petition_chain_heads DISABLE TRIGGER petition_chain_heads_kept;
    $2"
  CASE_DB=$db
  TD_SERVER_DB=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$db") td_server_start
}
case_sql() { td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$CASE_DB" -At -c "$1"; }
# found WHAT EXPECTED_SQL EXPECTED_TEXT: both verifiers report it.
found() {
  local out rc
  expect_eq "$1: SQL names it" \
    "$(case_sql "SELECT result, receipt_no, seq FROM td_audit_verify('12')")" "$2"
  run_cmd out rc cli admin --lang vi admin audit verify
  expect_eq "$1: the client exits 6" "$rc" 6
  expect_contains "$1: the client names it" "$out" "PHÁT HIỆN SAI LỆCH: $3"
  td_server_stop
}

tamper copy ""
expect_eq "an untouched copy is intact (SQL)" "$(case_sql "SELECT result FROM td_audit_verify('12')")" ok
run_cmd out rc cli admin --lang vi admin audit verify
expect_eq "... and through the client (exit 0)" "$rc" 0
td_server_stop

tamper note "UPDATE petition_events SET note = 'Không mời ai' WHERE seq = ${s1[2]}"
found "a note edited" "altered|$r1|${s1[2]}" \
  "đơn $r1 có bước bị sửa: sự kiện số ${s1[2]} không còn đúng nội dung đã ghi."

tamper middle "DELETE FROM petition_events WHERE seq = ${s1[1]}"
found "a middle event deleted" "missing|$r1|${s1[1]}" \
  "đơn $r1 mất bước ghi nhận tại sự kiện số ${s1[1]}"

tamper middle_seal "DELETE FROM petition_events WHERE seq = ${s1[1]};
                    DELETE FROM petition_event_chain WHERE seq = ${s1[1]}"
found "a middle event deleted with its seal" "missing|$r1|${s1[2]}" \
  "đơn $r1 mất bước ghi nhận tại sự kiện số ${s1[2]}"

tamper newest "DELETE FROM petition_events WHERE seq = ${s1[3]};
               DELETE FROM petition_event_chain WHERE seq = ${s1[3]}"
found "the newest event deleted with its seal" "missing|$r1|${s1[3]}" \
  "đơn $r1 mất bước ghi nhận tại sự kiện số ${s1[3]}"

swap() { # TABLE: swaps the numbers of p1's second and third events
  echo "UPDATE $1 SET seq = -1 WHERE seq = ${s1[1]};
        UPDATE $1 SET seq = ${s1[1]} WHERE seq = ${s1[2]};
        UPDATE $1 SET seq = ${s1[2]} WHERE seq = -1;"
}
tamper reorder "$(swap petition_events) $(swap petition_event_chain)"
found "two events swapped with their seals" "reordered|$r1|${s1[1]}" \
  "đơn $r1 có bước bị đảo thứ tự tại sự kiện số ${s1[1]}."

tamper swap_events "$(swap petition_events)"
found "two events swapped without their seals" "altered|$r1|${s1[1]}" \
  "đơn $r1 có bước bị sửa: sự kiện số ${s1[1]}"

tamper forged "ALTER TABLE petition_events DISABLE TRIGGER petition_events_z_seal;
               INSERT INTO petition_events (petition_id, unit_id, actor_id, action, from_status, to_status, note)
               SELECT id, unit_id, created_by, 'note', status, status, 'Ghi thêm'
                 FROM petitions WHERE id = $p1"
expect_eq "an event written with the seal switched off: SQL" \
  "$(case_sql "SELECT result, receipt_no FROM td_audit_verify('12')")" "unsealed|$r1"
td_server_stop

tamper petition "DELETE FROM petition_events WHERE petition_id = $p3;
                 DELETE FROM petition_event_chain WHERE petition_id = $p3;
                 DELETE FROM petition_chain_heads WHERE petition_id = $p3;
                 DELETE FROM petitions WHERE id = $p3"
expect_eq "a whole petition deleted: every chain left holds (SQL, commune)" \
  "$(case_sql "SELECT result FROM td_audit_verify('03390')")" ok
expect_eq "... but the anchor that covered it no longer matches (SQL)" \
  "$(case_sql "SELECT result, anchor_petitions > found_petitions, anchor_events > found_events
               FROM td_audit_verify('12')")" "anchor_mismatch|t|t"
run_cmd out rc cli admin --lang vi admin audit verify
expect_eq "... the client exits 6" "$rc" 6
expect_contains "... and names the anchor" "$out" \
  "PHÁT HIỆN SAI LỆCH: dữ liệu không còn khớp mốc kiểm chứng của tỉnh 12 lúc"
expect_contains "... with what it covered and what is left" "$out" "nay còn"
td_server_stop
td_done
