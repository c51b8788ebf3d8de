#!/usr/bin/env bash
# tiepdan report: the commune's report in the words of its own reports. The
# Trà Sơn figures of 2024 (8 regular reception sessions, none periodic; 8
# requests: 2 mediated successfully, 1 mediation failed, 5 answered in
# writing) are replayed in xã Bình Lư, and come back out as sentences, in
# Vietnamese and English, as csv tables and as a workbook; then the Front's
# recommendations after supervision, and the province's own report.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# "tháng 6/2026" and "June 2026" for a YYYY-MM.
vi_month() { echo "tháng $((10#${1#*-}))/${1%-*}"; }
en_month() { LC_ALL=C date -d "$1-01" +"%B %Y"; }

# 8 regular reception sessions, each receiving one citizen; none periodic.
for i in $(seq 8); do
  cli hoa session open --type regular --presided-by "Chủ tịch UBND xã" >/dev/null
  sid=$(sql "SELECT max(id) FROM sessions")
  cli hoa session close "$sid" --attendees 1 >/dev/null
done
expect_eq "8 regular sessions recorded" \
  "$(sql "SELECT count(*) FROM sessions WHERE type = 'regular_reception' AND closed_at IS NOT NULL")" 8

# 8 requests, submitted, accepted and started on one connection (ids 1..8
# in this database); then resolved with their outcomes by the client, as
# the probe resolves only by answering in writing.
args=()
for i in $(seq 8); do
  args+=(submit "$(uuid)" "" request regular_reception "" "Đơn yêu cầu số $i" expect)
done
for i in $(seq 8); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect)
done
out=$(probe hoa "${args[@]}")
expect_eq "8 submissions answered" "$(grep -c submit_reply <<<"$out")" 8
expect_eq "16 transitions answered" "$(grep -c transition_reply <<<"$out")" 16
for id in 1 2; do cli hoa resolve "$id" --outcome mediated_successfully >/dev/null; done
cli hoa resolve 3 --outcome mediation_failed >/dev/null
for id in 4 5 6 7 8; do cli hoa resolve "$id" --outcome answered_in_writing >/dev/null; done
expect_eq "all 8 resolved" "$(sql "SELECT count(*) FROM petitions WHERE status = 'resolved'")" 8

month=$(date +%Y-%m)
from=2025-07
period_vi="Từ tháng 7/2025 đến $(vi_month "$month")"
period_en="From July 2025 to $(en_month "$month")"
# Open petitions are counted as of the server's day, whatever the period.
today_vi=$(TZ=Asia/Ho_Chi_Minh date +%d/%-m/%Y)

# The report, in Vietnamese by default.
run_cmd out rc cli hoa --lang vi report --from "$from" --to "$month"
expect_eq "report exits 0" "$rc" 0
expect_contains "the title" "$out" "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN, TIẾP NHẬN VÀ GIẢI QUYẾT ĐƠN THƯ"
expect_contains "the unit, from whoami, and the period" "$out" \
  "Xã Bình Lư (03390), ${period_vi,}"
expect_contains "received 08, resolved 08 (100%), all on time" "$out" \
  "$period_vi, xã Bình Lư đã tiếp nhận 08 đơn, đã giải quyết 08 đơn, đạt 100%; trong đó giải quyết trong hạn 08 đơn (100%), giải quyết quá hạn 0 đơn. Tính đến ngày $today_vi, hiện còn 0 đơn đang giải quyết trong thời hạn, 0 đơn quá hạn chưa giải quyết (mọi đơn đang mở, kể cả đơn tiếp nhận trước kỳ); trong kỳ có 0 đơn công dân xin rút, 0 đơn không thụ lý, 0 đơn chuyển cơ quan có thẩm quyền."
expect_contains "outcomes: hòa giải thành 02, không thành 01, trả lời bằng văn bản 05" "$out" \
  "Kết quả giải quyết: hòa giải thành 02 đơn, hòa giải không thành 01 đơn, trả lời bằng văn bản 05 đơn, ban hành quyết định giải quyết 0 đơn."
expect_contains "kinds: no complaint, no denunciation, 08 requests" "$out" \
  "Theo loại đơn: 0 đơn khiếu nại, 0 đơn tố cáo, 0 đơn kiến nghị, 0 đơn phản ánh, 08 đơn yêu cầu."
expect_contains "08 reception sessions (0 periodic, 08 regular)" "$out" \
  "Tổ chức 08 cuộc tiếp công dân (0 định kỳ, 08 thường xuyên), tiếp 08 lượt công dân."
expect_contains "no dialogue conference" "$out" "Không tổ chức hội nghị đối thoại nào."
expect_not_contains "no Front section without --front" "$out" "MTTQ"

# A day stands for its month.
run_cmd out2 rc cli hoa --lang vi report --from 2025-07-15 --to "$month-01"
expect_eq "days as months: the same report" "$out2" "$out"

# In English.
run_cmd out rc cli hoa report --from "$from" --to "$month" --lang en
expect_eq "report --lang en exits 0" "$rc" 0
expect_contains "English: received and resolved" "$out" \
  "$period_en, Xã Bình Lư received 8 petitions; 8 were resolved (100%), of which 8 within the deadline (100%) and 0 late."
expect_contains "English: outcomes" "$out" \
  "Outcomes: 2 mediated successfully, 1 failed mediation, 5 answered in writing, 0 settled by a decision."
expect_contains "English: sessions" "$out" \
  "8 citizen reception sessions were held (0 periodic, 8 regular), receiving 8 citizens."
expect_contains "English: kinds" "$out" \
  "By kind: 0 complaints, 0 denunciations, 0 recommendations, 0 pieces of feedback, 8 requests."
# Without --lang the report is in the officer's language: English here, the
# client's language being English (TIEPDAN_LANG=en, lib.sh).
run_cmd out2 rc cli hoa report --from "$from" --to "$month"
expect_eq "without --lang, the client's language" "$out2" "$out"

# csv tables, for scripts.
run_cmd out rc cli hoa --lang vi --format csv report --from "$from" --to "$month" --table kind
expect_eq "csv --table kind exits 0" "$rc" 0
expect_eq "csv kind: the header" "$(head -n 1 <<<"$out" | tr -d '\r')" \
  "kind,name,received,accepted,not_accepted,transferred,resolved,answered_in_writing,mediated_successfully,mediation_failed,decision_issued,withdrawn,resolved_on_time,resolved_late,open_within_deadline,open_overdue,group_petitions,rate_resolved,rate_on_time"
expect_contains "csv kind: 8 requests, 2 + 1 + 5 outcomes" "$out" \
  "request,Đơn yêu cầu,8,8,0,0,8,5,2,1,0,0,8,0,0,0,0,1.000,1.000"
expect_contains "csv kind: no complaint" "$out" "complaint,Khiếu nại,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,"
expect_contains "csv kind: the total" "$out" "TOTAL,Tổng cộng,8,8,"
expect_eq "csv kind: 5 kinds and a total" "$(grep -c . <<<"$out")" 7
run_cmd out rc cli hoa --lang vi --format csv report --from "$from" --to "$month" --table sessions
expect_contains "csv sessions: 8 regular" "$out" "regular_reception,Tiếp công dân thường xuyên,8,8,0,0,0"
expect_contains "csv sessions: 0 periodic" "$out" "periodic_reception,Tiếp công dân định kỳ,0,0,0,0,0"
run_cmd out rc cli hoa --lang vi --format csv report --from "$month" --to "$month" --table month
expect_contains "csv month: this month" "$out" "$month,Tháng $((10#${month#*-}))/${month%-*},8,8,"
run_cmd out rc cli hoa --lang vi --format json report --from "$from" --to "$month"
expect_eq "json exits 0" "$rc" 0
expect_contains "json: the summary" "$out" '{"measure":"received","name":"Tiếp nhận","value":8}'
expect_contains "json: the unit" "$out" '"unit":{"code":"03390","name":"Xã Bình Lư"}'

# Usage errors are told before connecting.
run_cmd out rc cli hoa report --to "$month"
expect_eq "no --from: exit 2" "$rc" 2
expect_contains "... saying so" "$out" "tiepdan report: --from is required, e.g. --from 2025-07"
run_cmd out rc cli hoa --format csv report --from "$from" --to "$month"
expect_eq "csv without --table: exit 2" "$rc" 2
expect_contains "... naming the tables" "$out" "--format csv prints one table: name it with --table"
run_cmd out rc cli hoa report --from "$from" --to "$month" --table front
expect_eq "--table front without --front: exit 2" "$rc" 2
run_cmd out rc cli hoa report --from "$from" --to "$month" --unit 99999
expect_eq "a unit out of reach: refused (exit 4)" "$rc" 4
expect_contains "... with the option named" "$out" "field: unit_code (option --unit)"

# The Front forwards recommendations after supervision; the commune
# resolves three of four. A recommendation raised at a voters' meeting is
# not the Front's.
for i in 1 2 3 4; do
  cli front_xa submit --kind recommendation --channel front_supervision \
    --summary "Kiến nghị sau giám sát số $i" >/dev/null
done
cli hoa submit --kind recommendation --channel voters_meeting \
  --summary "Kiến nghị của cử tri" >/dev/null
expect_eq "4 recommendations of the Front recorded" \
  "$(sql "SELECT count(*) FROM petitions WHERE channel = 'front_supervision'")" 4
for id in $(sql "SELECT id FROM petitions WHERE channel = 'front_supervision' ORDER BY id LIMIT 3"); do
  cli hoa accept "$id" >/dev/null && cli hoa start "$id" >/dev/null &&
    cli hoa resolve "$id" --outcome answered_in_writing >/dev/null
done
run_cmd out rc cli hoa --lang vi report --from "$from" --to "$month" --front
expect_eq "report --front exits 0" "$rc" 0
expect_contains "the Front: 04 forwarded, 75% resolved, 01 open" "$out" \
  "Ủy ban MTTQ Việt Nam xã Bình Lư chuyển 04 kiến nghị sau giám sát, 75% được tiếp thu, trả lời, giải quyết (03 kiến nghị); 01 kiến nghị đang giải quyết trong thời hạn, 0 kiến nghị quá hạn chưa giải quyết."
expect_contains "... and every petition in the totals" "$out" "xã Bình Lư đã tiếp nhận 13 đơn"
run_cmd out rc cli front_xa report --from "$from" --to "$month" --front --lang en
expect_eq "the Front runs its own report" "$rc" 0
expect_contains "... in English" "$out" \
  "The Fatherland Front committee of Xã Bình Lư forwarded 4 recommendations after supervision; 75% were accepted, answered and resolved (3 recommendations); 1 is being handled within the deadline and 0 are overdue."
run_cmd out rc cli hoa --lang vi --format csv report --from "$from" --to "$month" --front --table front
expect_contains "csv front: 3 resolved" "$out" "resolved,Đã giải quyết,3,3,0,0,3,3,0,0,0,0,3,0,0,0,0,1.000,1.000"
expect_contains "csv front: 1 received" "$out" "received,Mới tiếp nhận,1,0,"
expect_contains "csv front: the total and its rate" "$out" "TOTAL,Tổng cộng,4,3,0,0,3,3,0,0,0,0,3,0,1,0,0,0.750,1.000"

# The workbook.
xlsx=$T/bao-cao.xlsx
run_cmd out rc cli hoa --lang vi report --from "$from" --to "$month" --front --xlsx "$xlsx"
expect_eq "--xlsx exits 0" "$rc" 0
expect_eq "... and prints the path" "$out" "$xlsx"
expect_eq "... a zip file (PK)" "$(head -c 4 "$xlsx" | od -An -c | tr -d ' ')" 'PK003004'
expect_eq "... not empty" "$(($(stat -c %s "$xlsx") > 4000))" 1
sheets=$(unzip -p "$xlsx" xl/workbook.xml)
for s in "Tổng hợp" "Theo loại" "Theo lĩnh vực" "Theo kênh" "Theo tháng" "Tiếp công dân" "Kiến nghị sau giám sát"; do
  expect_contains "... a sheet $s" "$sheets" "name=\"$s\""
done
expect_contains "... rates as percentages" "$(unzip -p "$xlsx" xl/styles.xml)" 'formatCode="0.0%"'
expect_contains "... the report's paragraph" "$(unzip -p "$xlsx" xl/sharedStrings.xml)" \
  "xã Bình Lư đã tiếp nhận 13 đơn"
# LibreOffice opens it, as an officer's PC would, and reads the cells back
# (first sheet as UTF-8 CSV; a profile of the test's own, for parallel runs).
timeout 180 soffice --headless "-env:UserInstallation=file://$T/lo-profile" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$T/lo" "$xlsx" \
  >"$T/lo.log" 2>&1 || true
expect_contains "LibreOffice reads the workbook: the received cell" \
  "$(cat "$T/lo/bao-cao.csv" 2>/dev/null)" "received,Tiếp nhận,13"
expect_contains "LibreOffice reads the workbook: the period" \
  "$(cat "$T/lo/bao-cao.csv" 2>/dev/null)" ",$month"
run_cmd out rc cli hoa report --from "$from" --to "$month" --xlsx /nonexistent/bao-cao.xlsx
expect_eq "an unwritable workbook: exit 1" "$rc" 1
expect_contains "... saying why" "$out" "cannot write /nonexistent/bao-cao.xlsx: No such file or directory"

# The province's dashboard gets the report of its province, and of a
# commune of it by code.
run_cmd out rc cli tinh --lang vi report --from "$from" --to "$month"
expect_eq "the province's report exits 0" "$rc" 0
expect_contains "the province named" "$out" "Tỉnh Lai Châu (12), ${period_vi,}"
expect_contains "the province's figures" "$out" "$period_vi, tỉnh Lai Châu đã tiếp nhận 13 đơn, đã giải quyết 11 đơn, đạt 84,6%"
expect_contains "the province's sessions" "$out" "Tổ chức 08 cuộc tiếp công dân (0 định kỳ, 08 thường xuyên)"
run_cmd out rc cli tinh --lang vi report --from "$from" --to "$month" --unit 03390
expect_eq "a commune's report from the province exits 0" "$rc" 0
expect_contains "the commune named from the statistics by unit" "$out" "Xã Bình Lư (03390), ${period_vi,}"
run_cmd out rc cli tinh report --from "$from" --to "$month" --unit 12 --lang en
expect_contains "the province by its code" "$out" "Tỉnh Lai Châu (12), ${period_en#From }"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
