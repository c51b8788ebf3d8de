#!/usr/bin/env bash
# Statistics as of today and by days (issue 14): every open petition of the
# area counts in open_now whatever the day it came in, while the period's
# figures stay the period's; exclude_channel leaves out exactly the Front's
# recommendations; a period in days counts from the petitions themselves,
# its edges are Vietnam's midnights, and over whole months it equals the
# monthly aggregates on every figure; bad periods and channels are refused
# naming the option, and change nothing.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start --fold-interval 200

total() { grep -o '"total":{[^}]*}' <<<"$1"; }
open_now() { grep -o '"open_now":{[^}]*}' <<<"$1"; }
# measure NAME JSON: the number after "NAME": in the first object given.
measure() { grep -o "\"$1\":[0-9]*" <<<"$2" | head -n 1 | cut -d: -f2; }

month=$(date +%Y-%m)
year=$(date +%Y)
open="('received', 'accepted', 'in_progress')"
# add UNIT KIND CHANNEL STATUS RECEIVED_AT DEADLINE [CLOSED_AT OUTCOME]: one
# petition written as the server would have, through the statistics trigger.
n=0
add() {
  n=$((n + 1))
  sql "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind,
         channel, field, summary, status, outcome, received_at, accepted_at, closed_at,
         deadline, created_by)
       VALUES ('T-$n', gen_random_uuid(), '\\x00', td_unit_by_code('$1'), '$2', '$3', 'land',
               'Đơn thử $n', '$4', ${8:-NULL}, '$5',
               CASE WHEN '$4' IN ('accepted', 'in_progress', 'resolved') THEN timestamptz '$5' END,
               ${7:-NULL}, ${6:-NULL}, (SELECT min(id) FROM principals))" >/dev/null
}

# 1. Open now ----------------------------------------------------------------
# This year: one petition within its deadline, submitted as an officer does.
cli hoa submit --kind request --channel regular_reception --field land \
  --summary "Đơn năm nay" >/dev/null
before=$(cli hoa --format json stats --unit 03390 --from "$year-01" --to "$month")
wbefore=$(cli tinh watch --unit 12 --once)
# Three years ago: accepted, and its deadline long past; two years ago, one
# extended to the day after tomorrow (due soon); a resolved old one.
add 03390 complaint regular_reception accepted "$(date -d '3 years ago' +%F) 09:00+07" \
  "current_date - 1035"
add 03390 request dialogue in_progress "$(date -d '2 years ago' +%F) 10:00+07" "current_date + 2"
add 03390 request dialogue resolved "$(date -d '2 years ago' +%F) 11:00+07" "current_date - 700" \
  "now() - interval '710 days'" "'answered_in_writing'"
after=$(cli hoa --format json stats --unit 03390 --from "$year-01" --to "$month")
expect_eq "the period's figures are unchanged by petitions of earlier years" \
  "$(total "$after")" "$(total "$before")"
on=$(open_now "$after")
expect_eq "open now: the overdue petition of three years ago counts" "$(measure open_overdue "$on")" 1
expect_eq "open now: within the deadline, this year's and the one due soon" \
  "$(measure open_within_deadline "$on")" 2
expect_eq "open now: the one due the day after tomorrow is due soon" "$(measure open_due_soon "$on")" 1
expect_eq "open now equals a count of the petitions themselves" \
  "$(measure open_overdue "$on")/$(measure open_within_deadline "$on")" \
  "$(sql "SELECT count(*) FILTER (WHERE deadline < current_date) || '/' ||
                 count(*) FILTER (WHERE deadline IS NULL OR deadline >= current_date)
          FROM petitions WHERE status IN $open
            AND unit_id IN (SELECT id FROM td_unit_subtree(td_unit_by_code('03390')))")"
expect_eq "the period still counts none overdue" "$(measure open_overdue "$(total "$after")")" 0
table=$(cli hoa stats --unit 03390 --from "$year-01" --to "$month")
expect_contains "stats prints the line as of today" "$table" \
  "every open petition whatever the day it came in: 2 within the deadline, 1 overdue, 1 of them due within 3 days"
vi=$(TIEPDAN_LANG=vi cli hoa stats --unit 03390 --from "$year-01" --to "$month")
expect_contains "... and in Vietnamese" "$vi" \
  "mọi đơn đang mở, không kể ngày tiếp nhận: 2 đơn trong hạn, 1 đơn quá hạn"
# The province, from its rollup, and the dashboard.
pjson=$(cli tinh --format json stats --from "$year-01" --to "$month")
expect_eq "the province's open now counts it too (rollup)" \
  "$(measure open_overdue "$(open_now "$pjson")")" 1
row() { grep "^$1" <<<"$2" | tr -s ' '; }
w=$(cli tinh watch --unit 12 --once)
expect_eq "watch: Bình Lư's row counts every open petition today: 3 open, 1 overdue, 1 due soon" \
  "$(row 03390 "$w" | cut -d' ' -f1-7)" "03390 Xã Bình Lư 3 1 1"
expect_eq "watch: TOTAL too, its on-time rate still the period's" \
  "$(row TOTAL "$w" | cut -d' ' -f1-4)/$(row TOTAL "$w" | cut -d' ' -f5)" \
  "TOTAL 3 1 1/$(row TOTAL "$wbefore" | cut -d' ' -f5)"
expect_contains "watch: says which figures are which" "$w" \
  "OPEN, OVERDUE, DUE: every open petition today, whatever the day it came in"
wvi=$(TIEPDAN_LANG=vi cli tinh watch --unit 12 --once)
expect_contains "watch in Vietnamese: mọi đơn đang mở hôm nay" "$wvi" \
  "ĐANG GQ, QUÁ HẠN, HẠN: mọi đơn đang mở hôm nay, dù tiếp nhận ngày nào"

# 2. exclude_channel ------------------------------------------------------------
# Tả Lèng: 4 citizens' petitions and 3 recommendations of the Front, one of
# them open and overdue.
for i in 1 2 3 4; do
  add 03405 complaint regular_reception resolved "$year-01-0$i 09:00+07" "'$year-02-28'" \
    "'$year-01-20 10:00+07'" "'answered_in_writing'"
done
add 03405 recommendation front_supervision resolved "$year-01-05 09:00+07" "'$year-02-28'" \
  "'$year-01-21 10:00+07'" "'answered_in_writing'"
add 03405 recommendation front_supervision accepted "$year-01-06 09:00+07" "'$year-01-30'"
add 03405 recommendation front_supervision received "$(date -d '4 years ago' +%F) 09:00+07" \
  "current_date - 1400"
all=$(cli tinh --format json stats --unit 03405 --from "$year-01" --to "$month")
cit=$(cli tinh --format json stats --unit 03405 --from "$year-01" --to "$month" \
  --exclude-channel front_supervision)
expect_eq "all petitions: 6 this year" "$(measure received "$(total "$all")")" 6
expect_eq "without the Front's: exactly its 2 of this year are gone" \
  "$(measure received "$(total "$cit")")" \
  "$(sql "SELECT count(*) FROM petitions WHERE unit_id = td_unit_by_code('03405')
            AND channel <> 'front_supervision' AND received_at >= '$year-01-01 00:00+07'")"
expect_eq "... and their overdue one too" "$(measure open_overdue "$(total "$cit")")" 0
expect_eq "open now without the Front's: none overdue" \
  "$(measure open_overdue "$(open_now "$cit")")" 0
expect_eq "open now with them: 2 overdue (one of four years ago)" \
  "$(measure open_overdue "$(open_now "$all")")" 2
bych=$(cli tinh --format csv stats --unit 03405 --from "$year-01" --to "$month" --by channel \
  --exclude-channel front_supervision)
expect_not_contains "by channel: no front_supervision row" "$bych" "front_supervision"

# 3. Days ------------------------------------------------------------------------
# Khun Há: the edges of the period 15/12/2025 - 14/3/2026, Vietnam time.
add 03430 complaint regular_reception received "2025-12-14 23:59:59+07"
add 03430 complaint regular_reception received "2025-12-15 00:00:00+07"
add 03430 complaint regular_reception received "2026-03-14 23:59:59+07"
add 03430 complaint regular_reception received "2026-03-15 00:00:00+07"
sql "INSERT INTO sessions (unit_id, type, opened_at, created_by)
     SELECT td_unit_by_code('03430'), 'regular_reception', t::timestamptz, min(id)
     FROM principals, (VALUES ('2025-12-14 23:59:59+07'), ('2025-12-15 00:00+07'),
                              ('2026-03-14 23:59:59+07'), ('2026-03-15 00:00+07')) v (t)
     GROUP BY t" >/dev/null
d=$(cli tinh --format json stats --unit 03430 --from-day 2025-12-15 --to-day 2026-03-14)
expect_eq "days: 00:00 on the 15th and 23:59:59 on the 14th are in, the others out" \
  "$(measure received "$(total "$d")")" 2
expect_contains "days: the sessions likewise, 2 of 4" "$d" '"sessions":2'
d=$(cli tinh --format json stats --unit 03430 --from-day 2025-12-15 --to-day 2025-12-15)
expect_eq "one day: the petition at midnight" "$(measure received "$(total "$d")")" 1
d=$(cli tinh --format json stats --unit 03430 --from-day 2026-03-15 --to-day 2026-03-15)
expect_eq "the next day's first second is the next day's" "$(measure received "$(total "$d")")" 1

# Whole months, days against the aggregates: a generated dataset of every
# kind, channel, field, status and outcome, at any hour, midnights included.
sql "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind,
       channel, field, group_size, summary, status, outcome, received_at, accepted_at,
       closed_at, deadline, created_by)
     SELECT 'G-' || g, gen_random_uuid(), '\\x00',
            (ARRAY[td_unit_by_code('03390'), td_unit_by_code('03405'),
                   td_unit_by_code('03430'), (SELECT id FROM units WHERE code = '03413')])[1 + g % 4],
            (ARRAY['complaint', 'denunciation', 'recommendation', 'feedback', 'request'])[1 + g % 5],
            (ARRAY['regular_reception', 'periodic_reception', 'dialogue', 'digital',
                   'front_supervision', 'voters_meeting'])[1 + (g / 5) % 6],
            (ARRAY['land', 'social_policy', 'environment', NULL])[1 + (g / 3) % 4],
            1 + (g % 7), 'Đơn sinh ' || g, s.status,
            CASE WHEN s.status = 'resolved'
                 THEN (ARRAY['answered_in_writing', 'mediated_successfully', 'mediation_failed',
                             'decision_issued'])[1 + g % 4] END,
            r.at,
            CASE WHEN g % 3 > 0 THEN r.at + interval '2 days' END,
            CASE WHEN s.status IN ('resolved', 'withdrawn', 'not_accepted', 'transferred')
                 THEN r.at + (g % 50) * interval '1 day' END,
            CASE WHEN g % 11 = 0 THEN NULL
                 ELSE (r.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 20 + g % 15 END,
            (SELECT min(id) FROM principals)
     FROM generate_series(1, 1500) g,
          LATERAL (SELECT CASE WHEN g % 97 = 0 THEN date_trunc('month', timestamp '2025-01-01' + g * interval '13 hours')
                                 AT TIME ZONE 'Asia/Ho_Chi_Minh'
                               WHEN g % 89 = 0 THEN (date_trunc('month', timestamp '2025-01-01' + g * interval '13 hours')
                                 - interval '1 second') AT TIME ZONE 'Asia/Ho_Chi_Minh'
                               ELSE timestamptz '2025-01-01 00:00+07' + g * interval '13 hours 7 minutes'
                          END AS at) r,
          LATERAL (SELECT (ARRAY['received', 'accepted', 'in_progress', 'resolved', 'resolved',
                                 'withdrawn', 'not_accepted', 'transferred'])[1 + g % 8] AS status) s" \
  >/dev/null
expect_eq "the generated petitions are in the aggregates" "$(recount_diff)" 0
last_day() { date -d "$1-01 +1 month -1 day" +%F; }
same() { # WHO UNIT FROM TO BY [LEVEL]
  local by=(--by "$5") m d
  [[ -n "${6:-}" ]] && by+=(--level "$6")
  m=$(cli "$1" --format json stats --unit "$2" --from "$3" --to "$4" "${by[@]}")
  d=$(cli "$1" --format json stats --unit "$2" --from-day "$3-01" --to-day "$(last_day "$4")" "${by[@]}")
  if [[ "$m" == "$d" && "$(grep -c '"keys"' <<<"$m")" -gt 1 ]]; then
    pass "days equal months: $2 $3..$4 by $5${6:+ at $6}"
  else
    fail "days equal months: $2 $3..$4 by $5" "$(diff <(echo "$m") <(echo "$d") | head -n 20)"
  fi
}
same hoa 03390 2025-01 2025-12 kind,channel,field,status,month
same hoa 03390 2025-03 2025-05 status,month
same tinh 12 2025-02 2026-06 unit,month
same tinh 12 2025-01 2026-12 kind,quarter
same tinh 12 2025-01 2026-12 unit,year province
same nation VN 2025-06 2025-06 unit,channel province
ex_m=$(cli tinh --format json stats --from 2025-01 --to 2026-12 --by channel --exclude-channel front_supervision)
ex_d=$(cli tinh --format json stats --from-day 2025-01-01 --to-day 2026-12-31 --by channel \
  --exclude-channel front_supervision)
expect_eq "days equal months without the Front's too" "$ex_d" "$ex_m"
expect_eq "... and count exactly the others" "$(measure received "$(total "$ex_d")")" \
  "$(sql "SELECT count(*) FROM petitions p JOIN units u ON u.id = p.unit_id
          WHERE u.province_id = td_unit_by_code('12') AND p.channel <> 'front_supervision'
            AND p.received_at >= '2025-01-01 00:00+07' AND p.received_at < '2027-01-01 00:00+07'")"
# An official period is not whole months: against the petitions themselves.
d=$(cli tinh --format json stats --from-day 2025-03-15 --to-day 2025-06-14 --by status)
expect_eq "15/3 - 14/6: received, as a count of the petitions" "$(measure received "$(total "$d")")" \
  "$(sql "SELECT count(*) FROM petitions p JOIN units u ON u.id = p.unit_id
          WHERE u.province_id = td_unit_by_code('12')
            AND p.received_at >= '2025-03-15 00:00+07' AND p.received_at < '2025-06-15 00:00+07'")"
expect_eq "... resolved likewise" "$(measure resolved "$(total "$d")")" \
  "$(sql "SELECT count(*) FROM petitions p JOIN units u ON u.id = p.unit_id
          WHERE u.province_id = td_unit_by_code('12') AND p.status = 'resolved'
            AND p.received_at >= '2025-03-15 00:00+07' AND p.received_at < '2025-06-15 00:00+07'")"

# 4. Bad input: refused, naming the option, nothing changed ----------------------
events=$(sql "SELECT count(*) || '/' || (SELECT count(*) FROM petition_events) FROM petitions")
run_cmd out rc cli tinh stats --from-day 2026-02-30 --to-day 2026-03-14
expect_eq "--from-day 2026-02-30: usage error" "$rc" 2
expect_contains "... names the option" "$out" "--from-day"
run_cmd out rc cli tinh stats --from-day 2026-01-01
expect_eq "--from-day alone: usage error" "$rc" 2
expect_contains "... asks for both" "$out" "needs both --from-day and --to-day"
run_cmd out rc cli tinh stats --from-day 2026-03-15 --to-day 2026-03-14
expect_eq "--from-day after --to-day: usage error" "$rc" 2
run_cmd out rc cli tinh stats --from 2026-01 --from-day 2026-01-01 --to-day 2026-01-31
expect_eq "days with months: usage error" "$rc" 2
run_cmd out rc cli tinh stats --from-day 2020-01-01 --to-day 2025-01-01
expect_eq "more than five years: refused by the server" "$rc" 4
expect_contains "... INVALID_ARGUMENT naming the option" "$out" "--to-day"
expect_contains "... and the limit" "$out" "at most 5 years"
run_cmd out rc cli tinh stats --from-day 2020-01-01 --to-day 2024-12-31
expect_eq "five years to the day: answered" "$rc" 0
run_cmd out rc cli tinh stats --from-day 1999-12-31 --to-day 2000-01-31
expect_eq "a day before 2000: refused" "$rc" 4
expect_contains "... naming --from-day" "$out" "--from-day"
run_cmd out rc cli tinh stats --exclude-channel nowhere
expect_eq "an unknown channel to leave out: refused" "$rc" 4
expect_contains "... saying so" "$out" "'nowhere' is not a known channel"
expect_contains "... naming the option" "$out" "--exclude-channel"
run_cmd out rc cli tinh stats --exclude-channel 'front supervision'
expect_eq "a channel code with a space: refused" "$rc" 4
expect_eq "nothing changed" "$(sql "SELECT count(*) || '/' || (SELECT count(*) FROM petition_events) FROM petitions")" "$events"
expect_eq "aggregates equal a recount" "$(recount_diff)" 0
expect_eq "the rollup equals a recount" "$(rollup_diff)" 0

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
