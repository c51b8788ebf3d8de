#!/usr/bin/env bash
# Reception sessions and dialogue conferences: opened, petitions linked,
# closed with what was raised and answered on the spot, listed with counts.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

out=$(cli hoa --format json session open --type dialogue --title "Đối thoại với Nhân dân bản Nà Đa" \
  --presided-by "Chủ tịch UBND xã")
sid=$(sql "SELECT max(id) FROM sessions")
expect_contains "open prints the session" "$out" "Đối thoại với Nhân dân bản Nà Đa"
for i in 1 2 3; do
  cli hoa submit --session "$sid" --kind recommendation --channel dialogue \
    --summary "Ý kiến số $i tại hội nghị đối thoại" >/dev/null
done
rc=0
out=$(cli hoa submit --session 999999 --kind recommendation --channel dialogue --summary x 2>&1) || rc=$?
expect_eq "a petition cannot link to an unknown session" "$rc" 4
expect_contains "unknown session names the field" "$out" "session_id"

rc=0
out=$(cli hoa session close "$sid" --attendees 120 --opinions 30 --resolved-on-spot 28 --forwarded 5 2>&1) || rc=$?
expect_eq "more settled than raised is refused" "$rc" 4
cli hoa session close "$sid" --attendees 120 --opinions 30 --resolved-on-spot 28 --forwarded 2 >/dev/null
expect_eq "closed with its counts" \
  "$(sql "SELECT type, attendees, opinions, resolved_on_spot, forwarded, closed_at IS NOT NULL FROM sessions WHERE id = $sid")" \
  "dialogue|120|30|28|2|t"
rc=0
cli hoa session close "$sid" --attendees 1 >/dev/null 2>&1 || rc=$?
expect_eq "a closed session cannot close again" "$rc" 4

cli hoa session open --type periodic --presided-by "Bí thư Đảng ủy xã" >/dev/null
list=$(cli hoa --format csv session list)
expect_contains "list shows the dialogue" "$list" "Đối thoại với Nhân dân bản Nà Đa"
expect_contains "list counts the linked petitions" "$(cli hoa --format json session list)" '"petitions":3'
expect_eq "list --type filters" "$(cli hoa --format csv session list --type dialogue | grep -c dialogue)" 1
expect_eq "petitions of a session" "$(cli hoa --format csv list --session "$sid" | grep -c 'BL-')" 3
expect_eq "the report's figures are a query" \
  "$(sql "SELECT count(*), sum(attendees), sum(opinions), sum(resolved_on_spot), sum(forwarded) FROM sessions WHERE type = 'dialogue'")" \
  "1|120|30|28|2"
rc=0
cli lan session close "$sid" >/dev/null 2>&1 || rc=$?
expect_eq "a neighbour cannot close our session" "$rc" 4
expect_eq "the neighbour sees no sessions of ours" "$(cli lan --format csv session list | grep -c dialogue || true)" 0
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
