#!/usr/bin/env bash
# submit -> show -> list with Vietnamese text: the bytes the officer typed are
# the bytes stored and the bytes shown, in every output format.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

hex() { od -An -tx1 | tr -d ' \n'; }
summary=$'Cử tri bản Chu Va kiến nghị: đường dây điện sinh hoạt đã xuống cấp, điện yếu giờ cao điểm.\nĐề nghị xã phối hợp Điện lực Tam Đường kiểm tra – “khẩn” ✓'
name="Lò Văn Minh"

out=$(printf '%s' "$summary" | cli hoa --lang vi submit --kind recommendation --channel voters_meeting \
  --field electricity --village 03390-02 --group-size 12 --name "$name" \
  --address "Bản Chu Va, xã Bình Lư" --summary - 2>&1)
expect_contains "submit prints the receipt number" "$out" "Số biên nhận: BL-$(date +%Y)-000001"
receipt=$(sql "SELECT receipt_no FROM petitions")
id=$(sql "SELECT id FROM petitions")
expect_eq "receipt numbered per commune and year" "$receipt" "BL-$(date +%Y)-000001"

expect_eq "summary stored byte for byte" \
  "$(sql "SELECT encode(convert_to(summary, 'UTF8'), 'hex') FROM petitions")" \
  "$(printf '%s' "$summary" | hex)"
expect_eq "name stored byte for byte" "$(sql "SELECT petitioner_name FROM petitions")" "$name"
expect_eq "village, group size and kind stored" \
  "$(sql "SELECT v.code, p.group_size, p.kind, p.status FROM petitions p JOIN units v ON v.id = p.village_id")" \
  "03390-02|12|recommendation|received"
expect_eq "the submission is the first event" \
  "$(sql "SELECT action, to_status, actor_id = (SELECT id FROM principals WHERE name = 'Nguyễn Thị Hoa') FROM petition_events")" \
  "submit|received|t"

# show, by id and by receipt, as JSON: the summary comes back exactly.
json=$(cli hoa --format json show "$receipt")
expect_contains "show by receipt finds it" "$json" "\"id\":$id"
# As an officer types it from a paper receipt: in lower case.
lower=$(tr '[:upper:]' '[:lower:]' <<<"$receipt")
expect_contains "show by receipt in lower case finds it" \
  "$(cli hoa --format json show "$lower")" "\"id\":$id"
expect_contains "history by receipt in lower case finds it" \
  "$(cli hoa --format csv history "$lower")" "submit"
expect_contains "show returns the summary exactly (JSON-escaped)" "$json" \
  "\"summary\":\"$(printf '%s' "$summary" | sed 's/"/\\"/g' | sed ':a;N;$!ba;s/\n/\\n/g')\""
expect_contains "show returns the name" "$json" "\"petitioner_name\":\"$name\""
table=$(cli hoa show "$id")
expect_contains "show by id, table: first line of the summary" "$table" "Cử tri bản Chu Va kiến nghị"
expect_contains "show by id, table: second line of the summary" "$table" "“khẩn” ✓"

# list: table, CSV and filters.
printf '%s' "Khiếu nại về ranh giới đất ở bản Nà Đa" |
  cli hoa submit --kind complaint --channel regular_reception --field land --summary - >/dev/null
list=$(cli hoa list)
expect_contains "list shows the recommendation" "$list" "$receipt"
expect_contains "list shows the complaint" "$list" "BL-$(date +%Y)-000002"
csv=$(cli hoa --format csv list --kind complaint)
expect_eq "list --kind filters (CSV rows incl. header)" "$(grep -c '^[0-9]*,BL-' <<<"$csv")" 1
expect_contains "CSV keeps Vietnamese" "$csv" "Khiếu nại về ranh giới đất"
expect_eq "plain CSV has no byte-order mark" "$(head -c 3 <<<"$csv" | od -An -tx1 | tr -d ' ')" \
  "$(head -c 3 <<<"id," | od -An -tx1 | tr -d ' ')"
cli hoa --excel list --kind complaint >"$T/excel.csv"
expect_eq "--excel: the file starts with the UTF-8 byte-order mark" \
  "$(head -c 3 "$T/excel.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "--excel: then the same CSV" "$(tail -c +4 "$T/excel.csv")" "$csv"
text=$(cli hoa --format csv list --text "ĐIỆN LỰC")
expect_contains "free text is case-insensitive over Vietnamese" "$text" "$receipt"
expect_not_contains "free text excludes others" "$text" "000002"
expect_eq "a LIKE wildcard is matched literally" "$(cli hoa --format csv list --text '%' | grep -c 'BL-' || true)" 0

# Pagination: five more petitions, pages of two, every petition exactly once.
for i in 1 2 3 4 5; do
  cli hoa submit --kind request --channel digital --summary "Đơn yêu cầu số $i" >/dev/null
done
all=$(cli hoa --format csv list --limit 2 --all | grep -c 'BL-' || true)
expect_eq "cursor pages cover all 7 petitions once" "$all" 7
page=$(cli hoa --format csv list --limit 2 2>"$T/page.err" | grep -c 'BL-' || true)
expect_eq "one page holds the page size" "$page" 2
expect_contains "a partial page tells how to get the next" "$(cat "$T/page.err")" "cursor"

# Several requests in flight on one connection, answered by request id.
k1=$(uuid)
k2=$(uuid)
out=$(probe hoa submit "$k1" "" request digital "" "Một" submit "$k2" "" request digital "" "Hai" hello expect expect expect)
expect_contains "pipelined: first submission answered" "$out" "reply id=1 submit_reply"
expect_contains "pipelined: second submission answered" "$out" "reply id=2 submit_reply"
expect_contains "pipelined: hello answered" "$out" "reply id=3 hello_reply"

# Scope: the neighbouring commune sees none of it, and says so like a miss.
n=$(cli lan --format csv list | grep -c 'BL-' || true)
expect_eq "a neighbour's list is empty" "$n" 0
rc=0
miss=$(cli lan show "$id" 2>&1) || rc=$?
expect_eq "a neighbour's show is refused (exit 4)" "$rc" 4
expect_contains "a neighbour's show reads as not found" "$miss" "NOT_FOUND"
rc=0
none=$(cli hoa show 999999 2>&1) || rc=$?
expect_eq "show of an unknown id (exit 4)" "$rc" 4
expect_eq "out-of-scope and unknown ids answer alike" \
  "$(sed "s/$id/N/g" <<<"$miss")" "$(sed 's/999999/N/g' <<<"$none")"
# The province dashboard sees the commune's petitions.
expect_eq "the province dashboard lists all of them" \
  "$(cli tinh --format csv list --limit 200 | grep -c 'BL-' || true)" 9
rc=0
out=$(cli tinh submit --kind request --channel digital --summary "x" 2>&1) || rc=$?
expect_eq "a dashboard may not submit (exit 4)" "$rc" 4
expect_contains "a dashboard may not submit: PERMISSION_DENIED" "$out" "PERMISSION_DENIED"

# A PC left on UTC, or on New York's time, reads and writes Vietnam's: the
# citizen came at 08:00 in the commune, typed day first.
for zone in UTC America/New_York; do
  out=$(TZ=$zone cli hoa --format json submit --kind request --channel regular_reception \
    --summary "Đến lúc 8 giờ sáng ($zone)" --received "01/12/2026 08:00")
  pid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)
  expect_eq "TZ=$zone: received at 08:00 in Vietnam" \
    "$(sql "SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') FROM petitions WHERE id = $pid")" \
    "2026-12-01 08:00"
  expect_contains "TZ=$zone: shown at 08:00" "$(TZ=$zone cli hoa show "$pid")" "2026-12-01 08:00"
  expect_contains "TZ=$zone: csv with Vietnam's offset" \
    "$(TZ=$zone cli hoa --format csv show "$pid")" "2026-12-01T08:00:00+07:00"
done

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
expect_eq "one log line per request" "$(grep -c ' req op=' "$T/server.log" | tr -d ' ')" \
  "$(grep ' req op=' "$T/server.log" | grep -c 'ms=')"
td_done
