#!/usr/bin/env bash
# Statistics come from aggregates the same transactions keep, and always
# equal a full recount; the reports' own figures come back out of them.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --fold-interval 200

total() { grep -o '"total":{[^}]*}' <<<"$1"; }

# Bình Lư since the merger: 57 petitions received; 56 resolved on time; 1
# still within its deadline. Sent on one connection: 57 submissions, then
# accept, start and resolve for 56 of them (ids 1..57 in this database).
args=()
for i in $(seq 57); do
  args+=(submit "$(uuid)" "" request regular_reception admin_procedure "Đơn số $i" expect)
done
for i in $(seq 56); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect
    transition "$i" resolve 3 expect)
done
out=$(probe hoa "${args[@]}")
expect_eq "57 submissions answered" "$(grep -c submit_reply <<<"$out")" 57
expect_eq "168 transitions answered" "$(grep -c transition_reply <<<"$out")" 168
month=$(date +%Y-%m)
json=$(cli hoa --format json stats --unit 03390 --from 2025-07 --to "$month")
expect_contains "received 57" "$json" '"received":57'
expect_contains "resolved 56" "$json" '"resolved":56'
expect_contains "resolved on time 56" "$json" '"resolved_on_time":56'
expect_contains "1 open within its deadline" "$json" '"open_within_deadline":1'
expect_contains "none overdue" "$json" '"open_overdue":0'
expect_contains "rate resolved 56/57" "$json" '"rate_resolved":0.982'
expect_contains "rate on time 56/56" "$json" '"rate_on_time":1'
# The citizen withdraws the last one.
cli hoa withdraw 57 --reason "Công dân xin rút đơn" >/dev/null
json=$(cli hoa --format json stats --unit 03390 --from 2025-07 --to "$month")
expect_contains "after the withdrawal: withdrawn 1" "$json" '"withdrawn":1'
expect_contains "after the withdrawal: nothing open" "$json" '"open_within_deadline":0'
expect_contains "after the withdrawal: rate resolved unchanged" "$json" '"rate_resolved":0.982'
expect_eq "aggregates equal a recount" "$(recount_diff)" 0

# Dialogue conferences since 1/7/2025: 3 conferences, 370 attendees, 84
# opinions, 81 resolved on the spot, 3 forwarded.
for s in "120 30 29 1" "126 29 28 1" "124 25 24 1"; do
  read -r att op spot fwd <<<"$s"
  cli hoa session open --type dialogue --title "Đối thoại" --presided-by "Chủ tịch UBND xã" >/dev/null
  sid=$(sql "SELECT max(id) FROM sessions")
  cli hoa session close "$sid" --attendees "$att" --opinions "$op" \
    --resolved-on-spot "$spot" --forwarded "$fwd" >/dev/null
done
json=$(cli hoa --format json stats --unit 03390 --from 2025-07 --to "$month")
expect_contains "dialogues: 3 sessions, 370 attendees, 84 opinions, 81 on the spot, 3 forwarded" \
  "$json" '"sessions":3,"attendees":370,"opinions":84,"resolved_on_spot":81,"forwarded":3'

# A random workload: every kind, channel and field; group petitions;
# transitions of every sort, including refused ones; then a merger of the
# neighbouring communes and a holiday reload. The aggregates must equal a
# recount after each.
kinds=(complaint denunciation recommendation feedback request)
channels=(regular_reception periodic_reception dialogue voters_meeting digital)
fields=(land social_policy electricity environment culture)
RANDOM=20261122
args=()
for i in $(seq 60); do
  args+=(submit "$(uuid)" "" "${kinds[RANDOM % 5]}" "${channels[RANDOM % 5]}"
    "${fields[RANDOM % 5]}" "Đơn ngẫu nhiên $i" expect)
done
probe hoa "${args[@]}" >/dev/null
first=$(sql "SELECT min(id) FROM petitions WHERE summary LIKE 'Đơn ngẫu nhiên%'")
sql "UPDATE petitions SET group_size = 7 WHERE id % 7 = 0 AND id >= $first" >/dev/null
for id in $(seq "$first" $((first + 59))); do
  case $((RANDOM % 6)) in
  0) cli hoa reject "$id" --reason "Không thuộc thẩm quyền" ;;
  1) cli hoa transfer "$id" --to "UBND tỉnh" ;;
  2) cli hoa accept "$id" && cli hoa start "$id" &&
    cli hoa resolve "$id" --outcome mediation_failed ;;
  3) cli hoa accept "$id" --complex && cli hoa withdraw "$id" --reason "Rút đơn" ;;
  4) cli hoa accept "$id" && cli hoa start "$id" && cli hoa resolve "$id" \
    --outcome decision_issued && cli hoa reopen "$id" --reason "Không đồng ý" ;;
  *) cli hoa resolve "$id" --outcome answered_in_writing || true ;;
  esac >/dev/null 2>&1 || true
done
# The workload must have reached every state, or the check below proves little.
expect_eq "the workload left petitions in every state it aimed at" \
  "$(sql "SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM petitions WHERE id >= $first")" \
  "in_progress,not_accepted,received,resolved,transferred,withdrawn"
expect_eq "... and group petitions among them" \
  "$(sql "SELECT count(*) > 0 FROM petitions WHERE id >= $first AND group_size >= 5")" t
expect_eq "after the random workload: aggregates equal a recount" "$(recount_diff)" 0
expect_eq "... and the province rollup too" "$(rollup_diff)" 0
expect_eq "... which is no empty comparison" \
  "$(sql "SELECT sum(received) > 60 FROM td_stat_rollup_recount")" t
expect_eq "... of open petitions too" \
  "$(sql "SELECT count(*) > 0 FROM td_stat_rollup_open_recount")" t
sql "UPDATE petitions SET received_at = received_at - interval '40 days' * (id % 5) WHERE id >= $first" >/dev/null
expect_eq "after moving receipt dates: aggregates equal a recount" "$(recount_diff)" 0
expect_eq "... and the province rollup too" "$(rollup_diff)" 0
cli admin admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01 >/dev/null
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = 2026 ORDER BY day" >"$T/h.csv"
echo "$(date +%Y)-12-31,Ngày nghỉ cho kiểm thử" >>"$T/h.csv"
cli admin_vn admin holidays load "$(date +%Y)" "$T/h.csv" >/dev/null 2>&1 || true
expect_eq "after a merger and a holiday reload: aggregates equal a recount" "$(recount_diff)" 0
expect_eq "... and the province rollup too" "$(rollup_diff)" 0
# The server folds the pending changes into the rollup on its own.
for i in $(seq 50); do
  [ "$(sql "SELECT count(*) FROM stat_rollup_pending")" = 0 ] && break
  sleep 0.1
done
expect_eq "the server folds pending changes into the rollup" \
  "$(sql "SELECT count(*) FROM stat_rollup_pending")" 0
expect_eq "... which still equals a recount" "$(rollup_diff)" 0
expect_eq "... and keeps no empty rows" \
  "$(sql "SELECT (SELECT count(*) FROM stat_rollup WHERE received = 0) + (SELECT count(*) FROM stat_rollup_open WHERE open = 0)")" 0
# A new day: the fold gathers the deadlines that have passed into the
# overdue row, and the figures do not move. The open rows are put back as a
# fold 400 days ago would have left them, every past deadline apart.
sql "UPDATE petitions SET deadline = current_date - 5 - (id % 20)::int
     WHERE status IN ('received', 'accepted', 'in_progress') AND id % 2 = 0" >/dev/null
expect_eq "some open petitions are overdue now" \
  "$(sql "SELECT count(*) > 2 FROM petitions WHERE status IN ('received', 'accepted', 'in_progress')
          AND deadline < current_date")" t
before=$(cli tinh --format json stats --from 2020-01 --to "$(date +%Y-%m)")
spread=$(sql "BEGIN;
  SELECT pg_advisory_xact_lock(hashtext('td_stat_fold'));
  DELETE FROM stat_rollup_pending;
  DELETE FROM stat_rollup;
  INSERT INTO stat_rollup SELECT * FROM td_stat_rollup_recount WHERE received <> 0;
  UPDATE stat_rollup_day SET day = day - 400;
  DELETE FROM stat_rollup_open;
  INSERT INTO stat_rollup_open SELECT * FROM td_stat_rollup_open_recount;
  SELECT count(*) FROM stat_rollup_open WHERE deadline < current_date AND deadline > '-infinity';
  COMMIT;" | tail -n 1)
if [ "${spread:-0}" -gt 1 ]; then
  pass "as 400 days ago: $spread rows of past deadlines"
else
  fail "as 400 days ago: rows of past deadlines" "$spread"
fi
expect_eq "... equal to a recount" "$(rollup_diff)" 0
sql "SELECT td_stat_fold()" >/dev/null
expect_eq "the next fold gathers them: no past deadline but -infinity" \
  "$(sql "SELECT count(*) FROM stat_rollup_open WHERE deadline < current_date AND deadline > '-infinity'")" 0
expect_eq "... still equal to a recount" "$(rollup_diff)" 0
expect_eq "... and the figures are the same" "$(total "$(cli tinh --format json stats --from 2020-01 --to "$(date +%Y-%m)")")" "$(total "$before")"

# A province's and the nation's figures come from the rollup; grouped by
# channel they come from the cells: both give the same totals.
fast=$(cli tinh --format json stats --from 2020-01 --to "$(date +%Y-%m)")
slow=$(cli tinh --format json stats --from 2020-01 --to "$(date +%Y-%m)" --by channel)
expect_eq "province 12: the rollup's totals equal the cells'" "$(total "$fast")" "$(total "$slow")"
expect_contains "... and count every petition of the province" "$fast" \
  "\"total\":{\"received\":$(sql "SELECT count(*) FROM petitions p JOIN units u ON u.id = p.unit_id
                                  WHERE u.province_id = (SELECT id FROM units WHERE code = '12')")"
nation=$(cli nation --format json stats --from 2020-01 --to "$(date +%Y-%m)" --by unit --level province)
expect_contains "the nation: every petition" "$nation" \
  "\"total\":{\"received\":$(sql "SELECT count(*) FROM petitions")"
expect_contains "... one row per province" "$nation" '"unit":"12 Tỉnh Lai Châu"'
slow=$(cli nation --format json stats --from 2020-01 --to "$(date +%Y-%m)" --by channel)
expect_eq "... the same totals from the cells" "$(total "$nation")" "$(total "$slow")"
csv=$(cli nation --format csv stats --from 2020-01 --to "$(date +%Y-%m)" --by unit --level nation)
expect_contains "grouped at the nation level: one row" "$csv" "VN Việt Nam,"

# The totals agree with the petitions themselves, and every measure adds up.
json=$(cli hoa --format json stats --unit 03390 --from 2020-01 --to "$month" --by kind,status)
expect_contains "the total counts every petition" "$json" \
  "\"total\":{\"received\":$(sql "SELECT count(*) FROM petitions")"

# A merged commune's statistics count its predecessors: a petition filed at
# the former xã Bình Lư (03412) in May 2025 rolls up into the new 03390.
sql "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
       summary, received_at, created_by)
     SELECT 'CU-2025-000001', gen_random_uuid(), '\\x00', u.id, 'complaint', 'regular_reception',
            'Đơn của xã cũ', '2025-05-10 09:00+07', (SELECT min(id) FROM principals)
     FROM units u WHERE u.code = '03412'" >/dev/null
csv=$(cli hoa --format csv stats --unit 03390 --from 2025-05 --to 2025-05 --by unit)
expect_contains "the old commune's petition counts for the new one" "$csv" "03390 Xã Bình Lư,1,"
csv=$(cli tinh --format csv stats --from 2025-05 --to 2025-05 --by unit --level province)
expect_contains "and for its province" "$csv" "12 Tỉnh Lai Châu,1,"

# soon_days: up to 60 days ahead; more is refused and the connection goes on.
out=$(probe tinh stats-soon 12 7 expect stats-soon 12 61 expect stats-soon 03390 60 expect)
expect_contains "soon_days 7 for the province: answered" "$(sed -n 1p <<<"$out")" "reply id=1 stats_reply"
expect_contains "soon_days 61: refused, naming the field" "$(sed -n 2p <<<"$out")" \
  "code=INVALID_ARGUMENT retryable=0 field=soon_days msg=soon_days: at most 60"
expect_contains "... and the next request is answered" "$(sed -n 3p <<<"$out")" "reply id=3 stats_reply"

# Who may ask: the dashboard and the Front read figures of their area; an
# unrelated province is refused the unit, like any unit out of its reach.
rc=0
cli front_xa stats --unit 03390 --from 2025-07 --to "$month" >/dev/null || rc=$?
expect_eq "the Front reads its commune's figures" "$rc" 0
rc=0
out=$(cli dash_db stats --unit 03390 --from 2025-07 --to "$month" 2>&1) || rc=$?
expect_eq "an unrelated dashboard is refused (exit 4)" "$rc" 4
expect_contains "... as if the unit did not exist" "$out" "INVALID_ARGUMENT"
rc=0
cli admin stats --from 2025-07 --to "$month" >/dev/null 2>&1 || rc=$?
expect_eq "an admin reads no statistics" "$rc" 4
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
