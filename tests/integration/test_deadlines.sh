#!/usr/bin/env bash
# The deadline engine through the server: the legal rules at their
# boundaries, versioned rules, extensions, holiday reloads, and the lists an
# officer works from (overdue, due soon), plus the daily summary line.
. "$(dirname "$0")/lib.sh"
# The client's own words are checked in English (the default is Vietnamese).
export TIEPDAN_LANG=en
td_test_db
td_server_start --summary-interval 1

dl() { sql "SELECT deadline FROM petitions WHERE id = $1"; }
newest() { sql "SELECT max(id) FROM petitions"; }

# A denunciation: 30 days, extended once (60) and twice (90), never thrice.
cli hoa submit --kind denunciation --channel regular_reception --received "2026-03-02 08:00" \
  --name "Người tố cáo" --summary "Tố cáo việc thu tiền sai quy định" >/dev/null
d=$(newest)
cli hoa accept "$d" --at "2026-03-02 10:00" >/dev/null
expect_eq "denunciation: 30 days from Monday 2026-03-02" "$(dl "$d")" "2026-04-01"
cli hoa extend "$d" --reason "Vụ việc phức tạp" --decision-no "12/QĐ-UBND" >/dev/null
expect_eq "first extension: 60 days end Friday 2026-05-01, a holiday, so Monday" "$(dl "$d")" "2026-05-04"
cli hoa extend "$d" --reason "Vụ việc đặc biệt phức tạp" --decision-no "15/QĐ-UBND" \
  --especially-complex >/dev/null
expect_eq "second extension: 90 days end Sunday 2026-05-31, so Monday" "$(dl "$d")" "2026-06-01"
v=$(sql "SELECT version FROM petitions WHERE id = $d")
rc=0
out=$(cli hoa extend "$d" --reason "Lần thứ ba" 2>&1) || rc=$?
expect_eq "a third extension is refused (exit 4)" "$rc" 4
expect_contains "the refusal cites the rule" "$out" "Điều 30"
expect_eq "the refusal changed nothing" \
  "$(sql "SELECT version, extensions, deadline FROM petitions WHERE id = $d")" "$v|2|2026-06-01"
expect_eq "each extension is an event with its decision" \
  "$(sql "SELECT string_agg(decision_no, ',' ORDER BY seq) FROM petition_events WHERE petition_id = $d AND action = 'extend'")" \
  "12/QĐ-UBND,15/QĐ-UBND"

# A rule whose new version takes effect on 2026-09-01, mid-way: the rule in
# force at acceptance governs. (Schema 011's rule of 2026-07-01 is the old
# one here; test_rules.sh tests that boundary with the rules as shipped.)
sql "UPDATE deadline_rules SET effective_to = '2026-09-01'
     WHERE kind = 'complaint' AND step = 'resolve' AND effective_from = '2026-07-01'" >/dev/null
sql "INSERT INTO deadline_rules (kind, step, effective_from, day_count, days, remote_days,
       complex_days, remote_complex_days, source)
     VALUES ('complaint', 'resolve', '2026-09-01', 'calendar', 20, 30, 30, 40,
             'Quy định giả định cho kiểm thử, từ 01/9/2026')" >/dev/null
for when in "2026-08-31" "2026-09-01"; do
  cli hoa submit --kind complaint --channel regular_reception --received "$when 08:00" \
    --summary "Khiếu nại thụ lý ngày $when" >/dev/null
  cli hoa accept "$(newest)" --at "$when 09:00" >/dev/null
done
old=$(($(newest) - 1))
new=$(newest)
expect_eq "accepted 2026-08-31: the old rule, 45 days (remote)" "$(dl "$old")" "2026-10-15"
expect_eq "accepted 2026-09-01: the new rule, 30 days (remote)" "$(dl "$new")" "2026-10-01"
expect_contains "explain names the new rule" "$(cli hoa show "$new" --explain)" "giả định"

# Loading a holiday year moves an open deadline and records why.
cli hoa submit --kind complaint --channel regular_reception --received "2026-10-01 08:00" \
  --summary "Khiếu nại về đền bù" >/dev/null
h=$(newest)
cli hoa accept "$h" --at "2026-10-01 09:00" >/dev/null
# 2026-10-01 + 30 days (new rule, remote) = Saturday 2026-10-31 -> Monday 2026-11-02.
expect_eq "before the reload" "$(dl "$h")" "2026-11-02"
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = 2026 ORDER BY day" >"$T/holidays-2026.csv"
echo "2026-11-02,Ngày nghỉ giả định cho kiểm thử" >>"$T/holidays-2026.csv"
out=$(cli admin_vn admin holidays load 2026 "$T/holidays-2026.csv")
expect_contains "the load reports what it recomputed" "$out" "recomputed"
expect_eq "after the reload: the deadline moves to Tuesday" "$(dl "$h")" "2026-11-03"
expect_contains "the move is in the history, with why" \
  "$(cli hoa history "$h")" "public holidays of 2026 reloaded"
expect_eq "a deadline the reload does not touch stays" "$(dl "$d")" "2026-06-01"
rc=0
out=$(cli hoa admin holidays load 2026 "$T/holidays-2026.csv" 2>&1) || rc=$?
expect_eq "only an admin loads holidays" "$rc" 4

# The lists an officer works from. $h is due 2026-11-03; the rest are past or
# closed. To test "due soon" without depending on today's date, one petition's
# deadline is set relative to today.
cli hoa submit --kind request --channel digital --summary "Đơn sắp đến hạn" >/dev/null
soon=$(newest)
sql "UPDATE petitions SET deadline = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 2 WHERE id = $soon" >/dev/null
overdue=$(cli hoa --format csv list --overdue | cut -d, -f1 | grep -v '^id' | sort -n | tr '\n' ' ')
expected=$(sql "SELECT string_agg(id::text, ' ' ORDER BY id) FROM petitions
                WHERE status IN ('received','accepted','in_progress')
                  AND deadline < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")
expect_eq "--overdue lists exactly the open petitions past their deadline" "${overdue% }" "$expected"
due=$(cli hoa --format csv list --due-within 3d | cut -d, -f1 | grep -v '^id' | tr '\n' ' ')
expect_contains "--due-within 3d includes the one due in 2 days" " $due" " $soon "
first=$(cli hoa --format csv list --overdue | sed -n 2p | cut -d, -f1)
expect_eq "overdue list sorted by urgency: earliest deadline first" "$first" \
  "$(sql "SELECT id FROM petitions WHERE status IN ('received','accepted','in_progress')
          AND deadline < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date ORDER BY deadline, id LIMIT 1")"

# The daily summary line per commune (every second in this test).
sleep 1.5
expect_contains "the server logs a summary per commune" "$(cat "$T/server.log")" "summary day="
expect_contains "the summary names the commune" "$(grep 'summary day=' "$T/server.log")" "unit=03390"
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
