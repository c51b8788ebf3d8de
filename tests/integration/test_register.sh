#!/usr/bin/env bash
# tiepdan report --register: the citizen-reception book (Mẫu số 03 of TT
# 04/2021/TT-TTCP) of March 2026 in xã Bình Lư. A petition received at the
# first minute of the period and one at its last are in it, one a minute
# before and one at the minute after are not; each way of handling lands in
# its column; a denouncer's name and ID number are in the reception
# officer's book and in no format of the province's dashboard's or the
# Front's, the workbook's XML included; the workbook prints as one A4
# landscape page wide with every heading whole.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

den_name="Đinh Văn Kín"
den_id=012099007777
own_name="Trần Văn Công"
own_id=012345678901

# submit WHO WHEN ARGS...: the petition's id.
submit() {
  local who=$1 when=$2
  shift 2
  cli "$who" --format json submit --received "$when" "$@" |
    sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n1
}

before=$(submit hoa "2026-02-28 23:59" --kind request --channel regular_reception \
  --name "Lò Văn Trước" --summary "Đơn nhận ngày cuối tháng Hai")
first=$(submit hoa "2026-03-01 00:00" --kind complaint --channel regular_reception \
  --field land --name "$own_name" --id-number "$own_id" --address "Bản Nà Khan" \
  --summary "Khiếu nại về bồi thường đất nương")
den=$(submit hoa "2026-03-10 09:30" --kind denunciation --channel regular_reception \
  --field admin_procedure --name "$den_name" --id-number "$den_id" --address "Bản Pa Tần" \
  --summary $'Tố cáo "cán bộ A", thu tiền sai quy định\nlần thứ hai')
group=$(submit hoa "2026-03-20 14:00" --kind feedback --channel regular_reception \
  --field rural_infrastructure --group-size 7 --name "Vàng A Sử" --address "Bản Huổi Lếch" \
  --summary "Phản ánh đường vào bản bị sạt lở")
came=$(submit hoa "2026-03-25 08:00" --kind complaint --channel transferred_in \
  --field social_policy --name "Lò Thị Đến" --summary "Đơn do huyện chuyển đến")
last=$(submit hoa "2026-03-31 23:59" --kind recommendation --channel regular_reception \
  --name "Giàng Thị Cuối" --summary "Kiến nghị phút cuối tháng Ba")
after=$(submit hoa "2026-04-01 00:00" --kind request --channel regular_reception \
  --name "Lò Văn Sau" --summary "Đơn nhận ngày đầu tháng Tư")
expect_eq "seven petitions recorded" "$(sql "SELECT count(*) FROM petitions")" 7

# How each was handled: the first resolved, the denunciation returned, the
# group's transferred on, the transferred-in one accepted, the last left
# as received.
cli hoa accept "$first" >/dev/null
cli hoa start "$first" >/dev/null
cli hoa resolve "$first" --outcome answered_in_writing >/dev/null
cli hoa reject "$den" --reason "Không thuộc thẩm quyền của xã" >/dev/null
cli hoa transfer "$group" --to "Phòng Kinh tế huyện" >/dev/null
cli hoa accept "$came" >/dev/null
expect_eq "the steps recorded" \
  "$(sql "SELECT string_agg(status::text, ',' ORDER BY id) FROM petitions WHERE id IN ($first, $den, $group, $came)")" \
  "resolved,not_accepted,transferred,accepted"
receipt() { sql "SELECT receipt_no FROM petitions WHERE id = $1"; }
# The day a petition closed, in Vietnam.
closed() { sql "SELECT to_char(closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') FROM petitions WHERE id = $1"; }

period=(--from 2026-03-01 --to 2026-03-31)

# The reception officer's book, as csv: the header, then one row per
# petition of the period, oldest first.
run_cmd csv rc cli hoa --format csv report --register "${period[@]}"
expect_eq "csv exits 0" "$rc" 0
expect_eq "csv: the header" "$(head -n 1 <<<"$csv")" \
  $'no,received_on,name_address,id_number,content,kind_people,earlier_body,accepted,returned,transferred,result,notes\r'
# CRLF ends each record; the newline inside the quoted summary stays.
expect_eq "csv: CRLF after the header and each of five petitions" "$(grep -c $'\r$' <<<"$csv")" 6
# One row more for the summary's newline, inside its quotes.
expect_eq "csv: the header and five petitions (and the summary's newline)" "$(wc -l <<<"$csv")" 7
expect_not_contains "csv: not the petition a minute before the period" "$csv" "cuối tháng Hai"
expect_not_contains "csv: not the petition at the minute after it" "$csv" "đầu tháng Tư"
expect_contains "csv: the first minute of the period, first, resolved" "$csv" \
  "1,2026-03-01,$own_name – Bản Nà Khan,$own_id,Khiếu nại về bồi thường đất nương,Complaint / 1 person,,x,,,\"Resolved: Answered in writing, $(closed "$first")\",$(receipt "$first")"
expect_contains "csv: the denunciation, returned with guidance, its summary quoted" "$csv" \
  "2,2026-03-10,$den_name – Bản Pa Tần,$den_id,\"Tố cáo \"\"cán bộ A\"\", thu tiền sai quy định"$'\n'"lần thứ hai\",Denunciation / 1 person,,,x,,\"Not accepted, $(closed "$den")\",$(receipt "$den"); Không thuộc thẩm quyền của xã"
expect_contains "csv: the group, transferred, noted as a mass delegation" "$csv" \
  "3,2026-03-20,Vàng A Sử – Bản Huổi Lếch,,Phản ánh đường vào bản bị sạt lở,Feedback / 7 people,,,,Phòng Kinh tế huyện,\"Transferred, $(closed "$group")\","
expect_contains "csv: ... its notes" "$csv" "$(receipt "$group"); Mass delegation"
expect_contains "csv: transferred in: the earlier body, accepted" "$csv" \
  "4,2026-03-25,Lò Thị Đến,,Đơn do huyện chuyển đến,Complaint / 1 person,Transferred from another agency,x,,,Accepted,$(receipt "$came")"
expect_contains "csv: the last minute of the period, last" "$csv" \
  "5,2026-03-31,Giàng Thị Cuối,,Kiến nghị phút cuối tháng Ba,Recommendation / 1 person,,,,,Received,$(receipt "$last")"

# The same period as a month, and as officers write days.
run_cmd out rc cli hoa --format csv report --register --from 2026-03 --to 2026-03
expect_eq "a month stands for its days" "$out" "$csv"
run_cmd out rc cli hoa --format csv report --register --from 01/03/2026 --to 31/03/2026
expect_eq "DD/MM/YYYY days" "$out" "$csv"
run_cmd out rc cli hoa --format csv report --register --from 2026-03-02 --to 2026-03-30
expect_not_contains "from the 2nd: not the first minute of the 1st" "$out" "$own_name"
expect_not_contains "to the 30th: not the last minute of the 31st" "$out" "Giàng Thị Cuối"
expect_contains "... the ones between" "$out" "Vàng A Sử"
run_cmd out rc cli hoa --format csv report --register --from 2026-02-28 --to 2026-04-01
expect_eq "a day wider each way: seven" "$(grep -c '^[0-9],2026-' <<<"$out")" 7

# The table, in Vietnamese.
run_cmd out rc env TIEPDAN_LANG=vi "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" \
  --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" \
  report --register "${period[@]}"
expect_eq "table exits 0" "$rc" 0
expect_contains "table: the title" "$out" "SỔ TIẾP CÔNG DÂN"
expect_contains "table: the unit" "$out" "Xã Bình Lư (03390)"
expect_contains "table: the period" "$out" "Từ ngày 01/03/2026 đến ngày 31/03/2026"
expect_contains "table: the day as officers write it" "$out" "10/03/2026"
expect_contains "table: the denouncer's name, to the handling officer" "$out" "$den_name"
expect_contains "table: the group noted" "$out" "Đoàn đông người"
expect_contains "table: five petitions" "$out" "5 đơn được tiếp nhận trong kỳ."

# json.
run_cmd out rc cli hoa --format json report --register "${period[@]}"
expect_eq "json exits 0" "$rc" 0
expect_contains "json: the period" "$out" '"from":"2026-03-01","to":"2026-03-31"'
expect_contains "json: the denunciation's row" "$out" "\"id_number\":\"$den_id\""
expect_eq "json: five rows" "$(grep -o '"no":' <<<"$out" | wc -l)" 5

# The province's dashboard and the commune's Front: the denunciation's
# identity withheld, in every format and the workbook's XML.
for who in tinh front_xa; do
  for fmt in table csv json; do
    run_cmd out rc cli "$who" --format "$fmt" report --register "${period[@]}" --unit 03390
    expect_eq "$who, $fmt: exits 0" "$rc" 0
    expect_not_contains "$who, $fmt: no denouncer's name" "$out" "$den_name"
    expect_not_contains "$who, $fmt: no part of it" "$out" "Kín"
    expect_not_contains "$who, $fmt: no denouncer's ID number" "$out" "$den_id"
    expect_not_contains "$who, $fmt: no denouncer's address" "$out" "Bản Pa Tần"
    expect_contains "$who, $fmt: withheld in their place" "$out" "(kept secret)"
    expect_contains "$who, $fmt: the denunciation is listed" "$out" "$(receipt "$den")"
  done
  run_cmd out rc env TIEPDAN_LANG=vi "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" \
    --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/$who.crt" --key "$TD_PKI/$who.key" \
    --format csv report --register "${period[@]}" --unit 03390
  expect_contains "$who, Vietnamese: (giữ bí mật)" "$out" \
    "2,2026-03-10,(giữ bí mật),(giữ bí mật),"
  xlsx=$T/so-$who.xlsx
  run_cmd out rc cli "$who" report --register "${period[@]}" --unit 03390 --xlsx "$xlsx"
  expect_eq "$who, xlsx: exits 0 and prints the path" "$rc/$out" "0/$xlsx"
  xml=$(unzip -p "$xlsx")
  expect_not_contains "$who, xlsx: no denouncer's name in its XML" "$xml" "$den_name"
  expect_not_contains "$who, xlsx: no denouncer's ID number in its XML" "$xml" "$den_id"
  expect_contains "$who, xlsx: withheld in their place" "$xml" "(kept secret)"
done
# Petitioners who asked for nothing stay visible to the dashboard.
expect_contains "the dashboard sees an ordinary name" \
  "$(cli tinh --format csv report --register "${period[@]}")" "$own_name"

# The workbook, printed: LibreOffice converts it to PDF; one A4 landscape
# page wide, every heading whole.
xlsx=$T/so-tiep-cong-dan.xlsx
run_cmd out rc env TIEPDAN_LANG=vi "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" \
  --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" \
  report --register "${period[@]}" --xlsx "$xlsx"
expect_eq "xlsx exits 0 and prints the path" "$rc/$out" "0/$xlsx"
xml=$(unzip -p "$xlsx" xl/worksheets/sheet1.xml)
expect_contains "xlsx: landscape A4" "$xml" 'paperSize="9"'
expect_contains "xlsx: ... landscape" "$xml" 'orientation="landscape"'
expect_contains "xlsx: fitted one page wide" "$xml" 'fitToHeight="0"'
expect_contains "xlsx: Hướng xử lý over columns 8 to 10" "$xml" '<mergeCell ref="H5:J5"/>'
expect_contains "xlsx: the headings over two rows" "$xml" '<mergeCell ref="A5:A6"/>'
expect_contains "xlsx: the header rows repeated on each page" \
  "$(unzip -p "$xlsx" xl/workbook.xml)" "\$5:\$7"
expect_contains "xlsx: Times New Roman" "$(unzip -p "$xlsx" xl/styles.xml)" 'Times New Roman'
expect_contains "xlsx: the denouncer, in the officer's book" \
  "$(unzip -p "$xlsx" xl/sharedStrings.xml)" "$den_name"
mkdir -p "$T/home" "$T/pdf"
HOME=$T/home timeout 180 soffice --headless "-env:UserInstallation=file://$T/lo-profile" \
  --convert-to pdf --outdir "$T/pdf" "$xlsx" >"$T/lo.log" 2>&1 || true
pdf=$T/pdf/so-tiep-cong-dan.pdf
expect_eq "LibreOffice converts the workbook to PDF" "$([[ -s $pdf ]] && echo yes)" yes
info=$(pdfinfo "$pdf" 2>&1)
expect_eq "one page" "$(sed -n 's/^Pages: *//p' <<<"$info")" 1
size=$(sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' <<<"$info")
expect_eq "A4 landscape (842 x 595 points)" \
  "$(awk '{printf "%.0f x %.0f", $1, $2}' <<<"$size")" "842 x 595"
# Each heading whole, read column by column: each column's part of the
# header, between the period line and the numbered row, cropped at its
# borders (found from the centres of the numbers (1) ... (12) and the
# columns' widths in the sheet), its lines joined. A line broken after a
# slash ("CMND/" "CCCD/Hộ chiếu") is joined without a space.
bbox=$(pdftotext -bbox "$pdf" - 2>/dev/null)
# word_box WORD: "xMin yMin xMax yMax" of the first such word.
word_box() {
  grep -F ">$1</word>" <<<"$bbox" | head -n1 |
    sed 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)".*/\1 \2 \3 \4/'
}
width=(4.5 10.5 18 15 22 18 11 8.5 9 12.5 16 15)
centre=()
for k in $(seq 12); do centre+=("$(word_box "($k)" | awk '{print ($1 + $3) / 2}')"); done
expect_eq "the numbered row (1) to (12) in the PDF" "$(printf '%s\n' "${centre[@]}" | grep -c .)" 12
top=$(word_box "31/03/2026" | awk '{print int($4) + 1}')
bottom=$(word_box "(1)" | awk '{print int($2)}')
# border K: between column K and K+1 (0-based), or the page's edges.
border() {
  awk -v k="$1" -v a="${centre[$1]:-}" -v b="${centre[$1 + 1]:-}" \
    -v wa="${width[$1]:-}" -v wb="${width[$1 + 1]:-}" \
    'BEGIN { if (k < 0) print 0; else if (b == "") print 842;
             else print int(a + (b - a) * wa / (wa + wb)) }'
}
headings=("STT" "Ngày tiếp" "Họ tên – Địa chỉ" "CMND/CCCD/Hộ chiếu" "Nội dung vụ việc"
  "Phân loại đơn / Số người" "Cơ quan đã giải quyết" "Thụ lý để giải quyết"
  "Trả lại đơn và hướng dẫn" "Chuyển đơn đến cơ quan có thẩm quyền"
  "Theo dõi kết quả giải quyết" "Ghi chú")
for k in $(seq 0 11); do
  left=$(border $((k - 1)))
  right=$(border "$k")
  cell=$(pdftotext -r 72 -x "$left" -y "$top" -W $((right - left)) -H $((bottom - top)) "$pdf" - |
    tr '\n\f' '  ' | tr -s ' ' | sed 's/^ //; s/ $//; s|\([^ ]\)/ |\1/|g')
  expect_contains "the PDF shows heading ($((k + 1))) whole in its column" "$cell" "${headings[k]}"
done
text=$(pdftotext "$pdf" - | tr '\n' ' ' | tr -s ' ')
for h in "SỔ TIẾP CÔNG DÂN" "Xã Bình Lư (03390)" "Từ ngày 01/03/2026 đến ngày 31/03/2026" "Hướng xử lý"; do
  expect_contains "the PDF shows \"$h\"" "$text" "$h"
done
expect_contains "the PDF shows the lines: an ID number" "$text" "$own_id"
expect_contains "the PDF shows the lines: the last receipt number" "$text" "$(receipt "$last")"
pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$T/page" 2>/dev/null
expect_eq "page 1 renders to PNG" "$(ls "$T"/page*.png 2>/dev/null | wc -l)" 1
[[ -n "${TD_REGISTER_PNG:-}" ]] && cp "$T"/page*.png "$TD_REGISTER_PNG"

# A book longer than a page of the listing (the server gives at most 200
# petitions a page) and than a printed page: 205 petitions received today,
# on one connection; every one in the book once, and the workbook's header
# printed again on the second page.
args=()
for i in $(seq 205); do
  args+=(submit "$(uuid)" "" request regular_reception "" "Đơn yêu cầu hôm nay số $i" expect)
done
out=$(probe hoa "${args[@]}")
expect_eq "205 more petitions answered" "$(grep -c submit_reply <<<"$out")" 205
today=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
run_cmd out rc cli hoa --format csv report --register --from "$today" --to "$today"
expect_eq "today's book exits 0" "$rc" 0
expect_eq "today's book: 205 petitions, over two pages of the listing" \
  "$(grep -c ',Đơn yêu cầu hôm nay số ' <<<"$out")" 205
expect_eq "... each once" \
  "$(grep -o 'BL-[0-9-]*' <<<"$out" | sort -u | wc -l)" 205
expect_eq "... numbered 1 to 205 in order" \
  "$(tail -n +2 <<<"$out" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "$(seq -s ' ' 205) "
expect_eq "... oldest first" "$(sed -n 2p <<<"$out" | grep -o 'số [0-9]*')" "số 1"
long=$T/so-hom-nay.xlsx
run_cmd out rc cli hoa --lang vi report --register --from "$today" --to "$today" --xlsx "$long"
expect_eq "today's workbook exits 0" "$rc" 0
HOME=$T/home timeout 180 soffice --headless "-env:UserInstallation=file://$T/lo-profile" \
  --convert-to pdf --outdir "$T/pdf" "$long" >>"$T/lo.log" 2>&1 || true
pages=$(pdfinfo "$T/pdf/so-hom-nay.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
expect_eq "205 lines print on several pages" "$((${pages:-0} > 1))" 1
page2=$(pdftotext -f 2 -l 2 "$T/pdf/so-hom-nay.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
for h in "Hướng xử lý" "Nội dung vụ việc" "Ghi chú" "(1)" "(12)"; do
  expect_contains "page 2 repeats the header: $h" "$page2" "$h"
done
expect_not_contains "... not the title" "$page2" "SỔ TIẾP CÔNG DÂN"
expect_eq "... and its pages are A4 landscape" \
  "$(pdfinfo -f 2 -l 2 "$T/pdf/so-hom-nay.pdf" | sed -n 's/^Page *2 size: *\([0-9]*\)[0-9.]* x \([0-9]*\).*/\1x\2/p')" "841x595"

# Usage errors, told before connecting.
run_cmd out rc cli hoa report --register --from 2026-03-31 --to 2026-03-01
expect_eq "--from after --to: exit 2" "$rc" 2
expect_contains "... saying so" "$out" "--from 2026-03-31 is after --to 2026-03-01"
run_cmd out rc cli hoa report --register --from 2026-02-30 --to 2026-03-01
expect_eq "a day that does not exist: exit 2" "$rc" 2
run_cmd out rc cli hoa report --register --from 2026-03 --to 2026-03 --table kind
expect_eq "--table with --register: exit 2" "$rc" 2
expect_contains "... saying why" "$out" "leave out --table"
run_cmd out rc cli hoa report --register --to 2026-03
expect_contains "no --from: required" "$out" "--from is required"
run_cmd out rc cli hoa report --register "${period[@]}" --xlsx /nonexistent/so.xlsx
expect_eq "an unwritable workbook: exit 1" "$rc" 1
run_cmd out rc cli hoa report --register "${period[@]}" --unit 99999
expect_eq "a unit out of reach: refused (exit 4)" "$rc" 4

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
