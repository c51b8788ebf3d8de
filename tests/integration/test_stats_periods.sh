#!/usr/bin/env bash
# The totals of a province or the nation over any period come from the
# running totals (stat_rollup_cum: the row at the period's end less the row
# before its start), and equal the same figures counted from the cells and
# from the rollup's months, for a month, a year, five years, a period
# between two others and one before any petition; still after old
# petitions change and the changes are folded in.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --fold-interval 200

total() { grep -o '"total":{[^}]*}' <<<"$1"; }

# 480 petitions of Bình Lư (province 12) and of a commune of province 11,
# one every nine days back from today (six years), kept by the triggers as
# submissions are: open ones with deadlines past, near and far, resolved
# ones on time and late, withdrawn and not accepted ones, group petitions.
other=$(sql "SELECT code FROM units WHERE level = 'commune' AND valid_to IS NULL
  AND province_id = (SELECT id FROM units WHERE code = '11') ORDER BY code LIMIT 1")
sql "INSERT INTO petitions
  (receipt_no, idempotency_key, request_hash, unit_id, kind, channel, field,
   group_size, summary, status, outcome, received_at, accepted_at, closed_at,
   deadline, deadline_step, deadline_start, created_by, created_at, updated_at)
SELECT u.prefix || '-' || g, gen_random_uuid(), int8send(g + u.id * 100000), u.id,
       'feedback', 'regular_reception', 'land', CASE WHEN g % 7 = 0 THEN 5 ELSE 1 END,
       'Đơn thứ ' || g,
       (ARRAY['received', 'accepted', 'resolved', 'resolved', 'withdrawn',
              'not_accepted'])[1 + g % 6],
       CASE WHEN g % 6 IN (2, 3) THEN 'answered_in_writing' END,
       now() - g * interval '9 days',
       CASE WHEN g % 6 IN (1, 2, 3) THEN now() - g * interval '9 days' + interval '1 day' END,
       CASE WHEN g % 6 >= 2 THEN now() - g * interval '9 days' + (g % 50) * interval '1 day' END,
       CASE WHEN g % 6 IN (0, 1) AND g < 60 THEN current_date + g % 11 - 4
            ELSE current_date - 9 * g + 20 END,
       'resolve', current_date - 9 * g, p.id, now(), now()
FROM (VALUES (td_unit_by_code('03390'), 'BL'), (td_unit_by_code('$other'), 'KH')) u (id, prefix)
CROSS JOIN generate_series(1, 240) g
CROSS JOIN (SELECT min(id) AS id FROM principals) p" >/dev/null
sql "SELECT td_stat_fold()" >/dev/null
expect_eq "the petitions are in the aggregates" "$(recount_diff)" 0
expect_eq "... and in the rollup and its running totals" "$(rollup_diff)" 0
expect_eq "... which span six years" \
  "$(sql "SELECT count(DISTINCT month) > 70 FROM stat_rollup_cum")" t
expect_eq "... with open petitions overdue, due soon and later" \
  "$(sql "SELECT count(DISTINCT CASE WHEN deadline < current_date THEN 'overdue'
                                     WHEN deadline <= current_date + 3 THEN 'soon'
                                     ELSE 'later' END)
          FROM petitions WHERE status IN ('received', 'accepted')")" 3

month() { date -d "$(date +%Y-%m-01) -$1 month" +%Y-%m; }
# same WHO FROM TO: the totals from the running totals equal the cells'
# (grouped by channel, which the rollup does not keep) and the months'.
same() {
  local fast cells months
  fast=$(total "$(cli "$1" --format json stats --from "$2" --to "$3")")
  cells=$(total "$(cli "$1" --format json stats --from "$2" --to "$3" --by channel)")
  months=$(total "$(cli "$1" --format json stats --from "$2" --to "$3" --by month)")
  expect_eq "$1 $2..$3: the running totals equal the cells'" "$fast" "$cells"
  expect_eq "... and the months'" "$fast" "$months"
}
# every_period LABEL: the same for the nation and a province over every
# period.
every_period() {
  local who
  for who in nation dash_db; do
    same "$who" "$(month 0)" "$(month 0)"
    same "$who" "$(month 11)" "$(month 0)"
    same "$who" "$(month 59)" "$(month 0)"
    same "$who" "$(month 40)" "$(month 13)"
    same "$who" 2015-01 "$(month 0)"
  done
  same nation 2010-01 2015-12
  expect_contains "$1: five years count every petition received in them" \
    "$(cli nation --format json stats --from "$(month 59)" --to "$(month 0)")" \
    "\"total\":{\"received\":$(sql "SELECT count(*) FROM petitions
       WHERE received_at >= '$(month 59)-01'::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'")"
}
every_period "as generated"
expect_eq "... and a period before any petition counts none" \
  "$(cli nation --format json stats --from 2010-01 --to 2015-12 | grep -c '"received":[1-9]')" 0

# Old petitions change: the changes fold into their months, and every
# later running total moves with them.
sql "UPDATE petitions SET status = 'resolved', outcome = 'decision_issued', closed_at = now(),
       accepted_at = coalesce(accepted_at, received_at)
     WHERE status IN ('received', 'accepted') AND received_at < now() - interval '3 years'" >/dev/null
sql "UPDATE petitions SET received_at = received_at - interval '2 years'
     WHERE id % 11 = 0" >/dev/null
sql "DELETE FROM petitions WHERE id % 17 = 0" >/dev/null
sql "SELECT td_stat_fold()" >/dev/null
expect_eq "after old petitions changed: the rollup and its running totals equal a recount" \
  "$(rollup_diff)" 0
every_period "after the changes"
td_done
