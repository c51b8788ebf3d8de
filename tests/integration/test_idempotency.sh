#!/usr/bin/env bash
# The same idempotency key sent twice, on the same and on a new connection,
# returns the first petition and leaves one row; the same key with other
# content is refused.
. "$(dirname "$0")/lib.sh"
# The client's own words are checked in English (the default is Vietnamese).
export TIEPDAN_LANG=en
td_test_db
td_server_start

k=$(uuid)
submit() {
  cli hoa "$@" submit --key "$k" --kind complaint --channel regular_reception --field land \
    --name "Hà Văn Sơn" --summary "Khiếu nại việc bồi thường khi thu hồi đất làm đường"
}
first=$(submit --format json)
second=$(submit --format json)
expect_contains "first submission gets a receipt" "$first" "\"receipt_no\":\"BL-"
r1=$(grep -o '"receipt_no":"[^"]*"' <<<"$first")
r2=$(grep -o '"receipt_no":"[^"]*"' <<<"$second")
expect_eq "a retry on a new connection returns the first receipt" "$r2" "$r1"
out=$(submit)
expect_contains "the client says it was already recorded" "$out" "already"
expect_eq "one row for the key" "$(sql "SELECT count(*) FROM petitions WHERE idempotency_key = '$k'")" 1
expect_eq "one submission event" "$(sql "SELECT count(*) FROM petition_events")" 1
# The first submission numbered the petition and leased the workstation a
# block for offline receipts (issue 13); the retries moved nothing.
expect_eq "the receipt counter did not move but for the workstation's lease" \
  "$(sql "SELECT c.last_no - coalesce((SELECT sum(l.last_no - l.first_no + 1) FROM receipt_leases l
                                       WHERE l.unit_id = c.unit_id AND l.year = c.year), 0)
          FROM receipt_counters c WHERE c.year = extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')")" 1

# Twice on one connection, pipelined: both answers carry the same petition.
k2=$(uuid)
out=$(probe hoa submit "$k2" "" request digital "" "Cùng một đơn" submit "$k2" "" request digital "" "Cùng một đơn" expect expect)
expect_eq "same connection: both answered" "$(grep -c 'submit_reply' <<<"$out")" 2
expect_eq "same connection: one row" "$(sql "SELECT count(*) FROM petitions WHERE idempotency_key = '$k2'")" 1

# Many clients racing with one key: exactly one row.
k3=$(uuid)
racers=()
for _ in 1 2 3 4 5 6; do
  probe hoa submit "$k3" "" request digital "" "Đơn gửi đồng thời" expect >>"$T/race.out" 2>&1 &
  racers+=($!)
done
wait "${racers[@]}"
expect_eq "racing clients: all answered" "$(grep -c 'submit_reply' "$T/race.out")" 6
expect_eq "racing clients: one row" "$(sql "SELECT count(*) FROM petitions WHERE idempotency_key = '$k3'")" 1
expect_eq "receipt numbers stay gapless, but for the block leased to the workstation" \
  "$(sql "SELECT string_agg(right(receipt_no, 6)::integer
                            - CASE WHEN id > 1 THEN (SELECT sum(last_no - first_no + 1) FROM receipt_leases
                                                      WHERE year = extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh'))
                                   ELSE 0 END || '', ',' ORDER BY id) FROM petitions")" "1,2,3"

# The same key with different content is a mistake, not a retry.
rc=0
out=$(cli hoa submit --key "$k" --kind complaint --channel regular_reception \
  --summary "Một nội dung khác" 2>&1) || rc=$?
expect_eq "key reused for other content: refused (exit 4)" "$rc" 4
expect_contains "key reused for other content: CONFLICT" "$out" "CONFLICT"
expect_eq "still one row for the key" "$(sql "SELECT count(*) FROM petitions WHERE idempotency_key = '$k'")" 1
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
