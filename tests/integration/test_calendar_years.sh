#!/usr/bin/env bash
# A calendar that never runs out (issue 11): the server computes every year's
# holidays it has none of, marks them provisional, and says so; loading the
# Government's announcement confirms the year and moves exactly the deadlines
# it changes; a make-up Saturday is a working day.
#
# Every date is fixed, whatever the machine's: each server runs under
# faketime, the first on 1 December 2026 (no 2027 data, after 1 October),
# the later ones in 2027 so that petitions can be received then. The clients
# run on the machine's clock. So the test makes a PKI of its own, dated
# 1 September 2026 and valid into the 2050s (the suite's certificates are
# valid only from the day tests/run.sh made them), and registers its
# principals in its own database.
. "$(dirname "$0")/lib.sh"
td_test_db

td_need_faketime

# at WHEN CMD...: runs CMD (td_server_start, pki.sh) with its clock starting
# at WHEN, Vietnam's time, and running on. libuv's timers keep the real
# monotonic clock; the sanitizer runtime accepts the library loaded before it.
at() {
  local when=$1
  shift
  TZ=Asia/Ho_Chi_Minh FAKETIME="@$when" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD=$FAKETIME_LIB \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$@"
}

# libfaketime and the sanitizer runtime both hook the clock early, and
# under load the instrumented server hangs before main; the moved clock is
# tested on the -Werror build, where nothing else hooks it.
if grep -q __asan_init "$TD_BUILD/tiepdand"; then
  echo "skipped on the sanitizer build: libfaketime hangs its start"
  exit 77
fi

# start_at WHEN ARGS...: td_server_start under at WHEN. Now and then, in the
# sanitizer build, libfaketime meets the sanitizer's own early clock calls
# ("Unexpected recursive calls to clock_gettime()") and the process hangs
# before main: that start is killed and made again, at most three times.
start_at() {
  local when=$1 try
  shift
  for try in 1 2 3; do
    at "$when" td_server_start "$@" && return 0
    kill -9 "$TD_SERVER_PID" 2>/dev/null || true
    wait "$TD_SERVER_PID" 2>/dev/null || true
    echo "tiepdand under faketime did not start (try $try)" >&2
    : >"$T/server.log"
  done
  return 1
}

# The test's PKI: made on 1 September 2026, valid 9000 days (to April 2051).
pki=$T/pki
at "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" init "$pki" --name "tiepdan calendar test CA" \
  --days 9000 >/dev/null
issue() { at "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" issue "$pki" "$@" --days 9000 >/dev/null; }
issue "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception
issue "Sùng A Tính" --out tinh --unit 12 --role dashboard
issue "Quản trị quốc gia" --out admin_vn --unit VN --role admin
register() {
  "$TD_BUILD/tiepdand" --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")" \
    --add-principal "$pki/$1.crt" --role "$2" --unit "$3" >/dev/null
}
register hoa reception 03390
register tinh dashboard 12
register admin_vn admin VN
# From here on, cli and td_server_start (lib.sh) use it.
export TD_PKI=$pki
# The premise: every certificate valid from 1 September 2026 until after 2050.
for c in ca server hoa tinh admin_vn; do
  from=$(openssl x509 -in "$pki/$c.crt" -noout -startdate)
  until=$(openssl x509 -in "$pki/$c.crt" -noout -enddate)
  expect_eq "the test's $c certificate is valid from 1 September 2026 to after 2050" \
    "$(date -u -d "${from#notBefore=}" +%F) $(($(date -u -d "${until#notAfter=}" +%Y) > 2050))" \
    "2026-09-01 1"
done

dl() { sql "SELECT deadline FROM petitions WHERE id = $1"; }
newest() { sql "SELECT max(id) FROM petitions"; }
recomputes() { sql "SELECT count(*) FROM petition_events WHERE petition_id = $1 AND action = 'recompute'"; }
# The server's log and an English client read the warning in English; a
# Vietnamese client in Vietnamese.
warning="the holidays of"
warning_vi="lịch nghỉ năm"
# The log of the current server only.
fresh_log() { [[ -f $T/server.log ]] && mv "$T/server.log" "$T/server-$1.log" || true; }

# 1. 1 December 2026, before any 2027 data --------------------------------------
start_at "2026-12-01 10:00:00"
expect_eq "the server gave next year a provisional calendar at start" \
  "$(sql "SELECT status, source FROM calendar_years WHERE year = 2027")" \
  "provisional|Bộ luật Lao động 2019, Điều 112 (lịch tạm tính, chờ thông báo của Chính phủ)"
expect_eq "... and no calendar to the year after" \
  "$(sql "SELECT count(*) FROM calendar_years WHERE year > 2027")" 0
expect_eq "... saying so in its log, once" \
  "$(grep -c "calendar: 2027 has no holidays yet; stored the provisional ones" "$T/server.log")" 1
expect_eq "this year's seeded calendar stays confirmed" \
  "$(sql "SELECT status FROM calendar_years WHERE year = 2026")" "confirmed"
expect_eq "provisional 2027: New Year, Tết from 30 Chạp to mùng 4 with two days in lieu, Giỗ Tổ, 30/4, 1/5, 2/9 with 3/9" \
  "$(sql "SELECT string_agg(to_char(day, 'MM-DD'), ' ' ORDER BY day) FROM public_holidays
          WHERE extract(year FROM day) = 2027")" \
  "01-01 02-05 02-06 02-07 02-08 02-09 02-10 02-11 04-16 04-30 05-01 05-03 09-02 09-03"
expect_contains "the log warns that next year is unconfirmed (on or after 1 October)" \
  "$(cat "$T/server.log")" "$warning 2027 are not confirmed yet"
expect_eq "... once, at start" "$(grep -c "$warning 2027" "$T/server.log")" 1
TIEPDAN_LANG=vi run_cmd out rc cli admin_vn whoami
expect_contains "an administrator's whoami shows the warning" "$out" \
  "Cảnh báo: $warning_vi 2027 chưa được xác nhận"
TIEPDAN_LANG=vi run_cmd out rc cli hoa whoami
expect_not_contains "a reception officer's whoami does not" "$out" "Cảnh báo"
run_cmd out rc cli tinh watch --unit 12 --once
expect_contains "watch shows it on its status line" "$out" \
  "live; $warning 2027 are not confirmed yet"

# Case 1: a complaint accepted 2026-11-17 in a remote commune, 45 days, ends
# on New Year's Day 2027, a Friday of the provisional calendar.
cli hoa submit --kind complaint --channel regular_reception --received "2026-11-17 08:00" \
  --summary "Khiếu nại quyết định thu hồi đất" >/dev/null
c1=$(newest)
cli hoa accept "$c1" --at "2026-11-17 10:00" >/dev/null
expect_eq "case 1: 45 days end on Friday 1 January 2027, a holiday: Monday 4 January" \
  "$(dl "$c1")" "2027-01-04"
explain=$(cli hoa show "$c1" --explain)
expect_contains "case 1: the explanation skips New Year's Day" "$explain" "2027-01-01"
expect_contains "case 1: the explanation names the provisional year" "$explain" \
  "the holidays of 2027 are not confirmed yet"
explain=$(cli hoa --lang vi show "$c1" --explain)
expect_contains "case 1: in Vietnamese, New Year's Day skipped" "$explain" "01/01/2027"
expect_contains "case 1: in Vietnamese, the provisional year" "$explain" \
  "lịch nghỉ năm 2027 chưa được xác nhận"
run_cmd out rc cli admin_vn --lang vi admin holidays list --from 2026
expect_contains "holidays list: 2027 is provisional" "$out" "Năm 2027: TẠM TÍNH, chưa được xác nhận"
expect_contains "holidays list: its source is the Labour Code" "$out" "Bộ luật Lao động 2019, Điều 112"
expect_contains "holidays list: its days have names" "$out" "2027-02-06  Tết Nguyên đán"
expect_contains "holidays list: 2026 is confirmed" "$out" "Năm 2026: đã xác nhận"
run_cmd out rc cli hoa --lang vi admin holidays list
expect_eq "only an administrator lists the calendars" "$rc" 4
td_server_stop
expect_eq "server exits 0" "$TD_SERVER_RC" 0

# As a server before this release left things: no 2027 at all, and case 1's
# deadline counted without it.
sql "DELETE FROM public_holidays WHERE extract(year FROM day) = 2027;
     DELETE FROM calendar_years WHERE year = 2027;
     UPDATE petitions SET deadline = '2027-01-01', version = version + 1 WHERE id = $c1" >/dev/null

# 2. In 2027, still with the provisional days --------------------------------
fresh_log 1
start_at "2027-02-25 10:00:00"
expect_eq "the server recomputes a deadline the provisional days it stores move" \
  "$(dl "$c1")" "2027-01-04"
expect_eq "... recorded once" "$(recomputes "$c1")" 1
history=$(cli hoa history "$c1")
expect_contains "... in the history, by the server itself" "$history" "System (provisional holidays)"
TIEPDAN_LANG=vi run_cmd out rc cli hoa history "$c1"
expect_contains "... in Vietnamese by default" "$out" "Hệ thống (lịch nghỉ tạm tính)"
expect_contains "... saying why" "$history" \
  "provisional public holidays of 2027-2028 stored; deadline recomputed: 2027-01-01 -> 2027-01-04"
expect_eq "the statistics still equal a recount" "$(recount_diff)" 0
expect_eq "a new year's start gives the year after a provisional calendar too" \
  "$(sql "SELECT status FROM calendar_years WHERE year = 2028")" "provisional"
expect_eq "... and gives 2027 its 14 provisional days again" \
  "$(sql "SELECT status, count(*) FROM calendar_years y JOIN public_holidays h
          ON extract(year FROM h.day) = y.year WHERE y.year = 2027 GROUP BY 1")" "provisional|14"
expect_not_contains "before 1 October nothing is said of 2028" "$(cat "$T/server.log")" "$warning"
TIEPDAN_LANG=vi run_cmd out rc cli admin_vn whoami
expect_not_contains "... nor in an administrator's whoami" "$out" "Cảnh báo"

submit() { # KIND RECEIVED
  cli hoa submit --kind "$1" --channel regular_reception --received "$2 08:00" \
    --name "Người gửi đơn" --summary "Đơn kiểm thử lịch nghỉ ($1, $2)" >/dev/null
  newest
}
# Case 2: a complaint received Friday 29 January, 10 days to accept.
c2=$(submit complaint 2027-01-29)
# Case 3: a denunciation received the same day, 7 working days to accept.
c3=$(submit denunciation 2027-01-29)
# Case 4: a request accepted Monday 1 February, 10 working days to resolve.
c4=$(submit request 2027-02-01)
cli hoa accept "$c4" --at "2027-02-01 10:00" >/dev/null
# Case 5: a request accepted Friday 12 February, 10 working days.
c5=$(submit request 2027-02-12)
cli hoa accept "$c5" --at "2027-02-12 10:00" >/dev/null
# Case 6: a complaint received 10 February; 10 days end on Saturday 20.
c6=$(submit complaint 2027-02-10)

expect_eq "case 2: ends Monday 8 February (mùng 3 Tết): the next working day after Tết and the days in lieu" \
  "$(dl "$c2")" "2027-02-12"
expect_eq "case 3: 7 working days after the Tết break" "$(dl "$c3")" "2027-02-16"
expect_eq "case 4: 10 working days with the Tết break" "$(dl "$c4")" "2027-02-22"
expect_eq "case 5: 10 working days, 15-26 February" "$(dl "$c5")" "2027-02-26"
expect_eq "case 6: Saturday 20 February is a day off: Monday 22" "$(dl "$c6")" "2027-02-22"
explain=$(cli hoa show "$c3" --explain)
expect_contains "case 3: the explanation lists the Tết days skipped" "$explain" "2027-02-05, 2027-02-06"
expect_contains "case 3: ... and names them provisional" "$explain" "the holidays of 2027 are not confirmed yet"
{
  echo "== before loading the official 2027 calendar"
  for c in "$c1" "$c2" "$c3" "$c4" "$c5" "$c6"; do
    echo "-- petition $c"
    cli hoa show "$c" --explain | sed -n '/^Deadline/p; /How the deadline was computed:/,$p'
  done
} >"$T/before.txt"

# 3. The official 2027 ------------------------------------------------------
# A different Tết placement (Thursday 4 to Wednesday 10 February, the
# weekend inside it) and a swap: Thursday 11 February off, Saturday 20
# worked instead.
cat >"$T/holidays-2027.csv" <<'EOF'
ngày;tên;loại;nguồn
2027-01-01;Tết Dương lịch
2027-02-04;Tết Nguyên đán
2027-02-05;Tết Nguyên đán
2027-02-08;Tết Nguyên đán
2027-02-09;Tết Nguyên đán
2027-02-10;Tết Nguyên đán
2027-02-11;Nghỉ hoán đổi;nghỉ;Thông báo giả định 1/TB-BNV, mục 2
2027-02-20;Làm bù cho ngày 11/02;làm việc;Thông báo giả định 1/TB-BNV, mục 2
2027-04-16;Giỗ Tổ Hùng Vương
2027-04-30;Ngày Chiến thắng
2027-05-01;Quốc tế Lao động
2027-05-03;Nghỉ bù
2027-09-02;Quốc khánh
2027-09-03;Quốc khánh
EOF
out=$(cli admin_vn admin holidays load 2027 "$T/holidays-2027.csv" --source "Thông báo giả định 1/TB-BNV")
expect_contains "the load reports what it recomputed" "$out" "recomputed the deadline of 3 open"
expect_eq "the deadlines the new Tết does not touch stay: cases 1, 2, 4" \
  "$(dl "$c1") $(dl "$c2") $(dl "$c4")" "2027-01-04 2027-02-12 2027-02-22"
expect_eq "... and are not recorded as moved again" \
  "$(recomputes "$c1")$(recomputes "$c2")$(recomputes "$c4")" "100"
expect_eq "case 3: Thursday 4 February is now off: one day later" "$(dl "$c3")" "2027-02-17"
expect_eq "case 5: the make-up Saturday counts as a working day: one day earlier" \
  "$(dl "$c5")" "2027-02-25"
expect_eq "case 6: a period ending on the make-up Saturday ends there" "$(dl "$c6")" "2027-02-20"
expect_eq "each move is one event" "$(recomputes "$c3")$(recomputes "$c5")$(recomputes "$c6")" "111"
expect_contains "the history says why" "$(cli hoa history "$c3")" \
  "public holidays of 2027 reloaded; deadline recomputed: 2027-02-16 -> 2027-02-17"
expect_eq "the year is confirmed by the administrator, with the source" \
  "$(sql "SELECT y.status, p.name, y.source, y.confirmed_at IS NOT NULL FROM calendar_years y
          JOIN principals p ON p.id = y.confirmed_by WHERE y.year = 2027")" \
  "confirmed|Quản trị quốc gia|Thông báo giả định 1/TB-BNV|t"
expect_eq "the make-up Saturday is stored with its source" \
  "$(sql "SELECT day, source FROM calendar_working_days")" \
  "2027-02-20|Thông báo giả định 1/TB-BNV, mục 2"
run_cmd out rc cli admin_vn --lang vi admin holidays list --from 2027
expect_contains "holidays list: 2027 confirmed, by whom" "$out" "Năm 2027: đã xác nhận bởi Quản trị quốc gia lúc"
expect_contains "holidays list: the source" "$out" "Nguồn: Thông báo giả định 1/TB-BNV"
expect_contains "holidays list: the make-up Saturday" "$out" \
  "2027-02-20  Làm bù cho ngày 11/02  (nguồn: Thông báo giả định 1/TB-BNV, mục 2)"
expect_contains "holidays list: 2028 still provisional" "$out" "Năm 2028: TẠM TÍNH"
expect_not_contains "holidays list: nothing before --from" "$out" "Năm 2026"
explain=$(cli hoa show "$c3" --explain)
expect_not_contains "case 3: no longer provisional" "$explain" "not confirmed"
{
  echo "== after loading the official 2027 calendar"
  for c in "$c1" "$c2" "$c3" "$c4" "$c5" "$c6"; do
    echo "-- petition $c"
    cli hoa show "$c" --explain | sed -n '/^Deadline/p; /How the deadline was computed:/,$p'
  done
} >"$T/after.txt"
cat "$T/before.txt" "$T/after.txt"

# A working day must be a weekend day; a weekday is refused, nothing changes.
printf '2027-01-01,Tết Dương lịch\n2027-02-19,Thứ Sáu,làm việc\n' >"$T/bad.csv"
run_cmd out rc cli admin_vn admin holidays load 2027 "$T/bad.csv"
expect_eq "a weekday given as a working day is a usage error" "$rc" 2
expect_eq "... and the confirmed year stays" "$(sql "SELECT count(*) FROM calendar_working_days")" 1
td_server_stop

# 4. On 1 October 2027, 2028 unconfirmed ------------------------------------
fresh_log 2
start_at "2027-10-01 09:00:00"
expect_contains "from 1 October the log warns about next year" "$(cat "$T/server.log")" \
  "$warning 2028 are not confirmed yet"
expect_eq "... once, at start" "$(grep -c "$warning 2028" "$T/server.log")" 1
run_cmd out rc cli admin_vn whoami
expect_contains "an administrator's whoami shows it" "$out" "Warning: $warning 2028 are not confirmed yet"
run_cmd out rc cli tinh watch --unit 12 --once
expect_contains "watch shows it" "$out" "live; $warning 2028 are not confirmed yet"
TIEPDAN_LANG=vi run_cmd out rc cli tinh watch --unit 12 --once
expect_contains "... in Vietnamese by default" "$out" "$warning_vi 2028 chưa được xác nhận"
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = 2028 ORDER BY day" >"$T/holidays-2028.csv"
cli admin_vn admin holidays load 2028 "$T/holidays-2028.csv" >/dev/null
TIEPDAN_LANG=vi run_cmd out rc cli admin_vn whoami
expect_not_contains "once 2028 is confirmed, whoami says nothing" "$out" "Cảnh báo"
run_cmd out rc cli tinh watch --unit 12 --once
expect_not_contains "... nor watch" "$out" "$warning"
td_server_stop

# 5. The day is configurable ---------------------------------------------------
fresh_log 3
sql "UPDATE calendar_years SET status = 'provisional', confirmed_by = NULL, confirmed_at = NULL
     WHERE year = 2028" >/dev/null
start_at "2027-10-01 09:00:00" --calendar-warn-from 10-15
expect_not_contains "with calendar-warn-from = 10-15, 1 October is too early" \
  "$(cat "$T/server.log")" "$warning"
TIEPDAN_LANG=vi run_cmd out rc cli admin_vn whoami
expect_not_contains "... for whoami too" "$out" "Cảnh báo"
td_server_stop
expect_eq "server exits 0" "$TD_SERVER_RC" 0
td_done
