#!/usr/bin/env bash
# tiepdan report --doc: the report as the document a leader signs, in the
# layout of Nghị định 30/2020/NĐ-CP. A year of xã Bình Lư (a few petitions,
# three reception sessions) is written as a DOCX, which LibreOffice opens
# and converts to PDF as the office's computer would, and as a PDF of our
# own; pdftotext reads back the national heading and motto, the number and
# symbol, place and date, the title, the body's figures (equal to a count
# in SQL), the recipients and the signer; both are A4 portrait, and page 1
# of each is rendered to PNG into $TD_ARTIFACTS (default: the build's
# artifacts/ folder) for a person to look at. Then what is refused.
. "$(dirname "$0")/lib.sh"

for tool in soffice pdftotext pdfinfo pdffonts pdftoppm unzip xmllint; do
  # Not a skip: without LibreOffice nobody knows the DOCX opens.
  command -v "$tool" >/dev/null || {
    fail "$tool is installed (libreoffice-writer-nogui, poppler-utils, unzip, libxml2-utils; tests/run.sh installs them)"
    td_done
  }
done
td_test_db
td_server_start

art=${TD_ARTIFACTS:-$TD_BUILD/artifacts}/test_report_doc
mkdir -p "$art"

# Three regular reception sessions, and five requests of which four are
# resolved.
for i in 1 2 3; do
  cli hoa session open --type regular --presided-by "Chủ tịch UBND xã" >/dev/null
  sid=$(sql "SELECT max(id) FROM sessions")
  cli hoa session close "$sid" --attendees 2 >/dev/null
done
args=()
for i in $(seq 5); do
  args+=(submit "$(uuid)" "" request regular_reception "" "Đơn yêu cầu số $i" expect)
done
for i in $(seq 5); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect)
done
out=$(probe hoa "${args[@]}")
expect_eq "5 submissions answered" "$(grep -c submit_reply <<<"$out")" 5
for id in 1 2; do cli hoa resolve "$id" --outcome mediated_successfully >/dev/null; done
for id in 3 4; do cli hoa resolve "$id" --outcome answered_in_writing >/dev/null; done

year=$(date +%Y)
received=$(printf '%02d' "$(sql "SELECT count(*) FROM petitions")")
resolved=$(printf '%02d' "$(sql "SELECT count(*) FROM petitions WHERE status = 'resolved'")")
expect_eq "the oracle: 05 received, 04 resolved" "$received/$resolved" "05/04"
subject="Kết quả công tác tiếp công dân, tiếp nhận, xử lý và giải quyết đơn thư năm $year"

# pdftotext's text of a PDF, lines joined and spaces squeezed: a paragraph
# is found whole wherever the lines broke.
flat() { pdftotext -layout "$1" - | tr '\n' ' ' | tr -s ' '; }

# check_doc WHAT PDF: what every document shows.
check_doc() {
  local what=$1 text
  text=$(flat "$2")
  expect_contains "$what: the national heading" "$text" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  expect_contains "$what: the motto" "$text" "Độc lập - Tự do - Hạnh phúc"
  expect_contains "$what: the superior body" "$text" "ỦY BAN NHÂN DÂN"
  expect_contains "$what: the issuing body, the unit in capitals" "$text" "XÃ BÌNH LƯ"
  expect_contains "$what: the number's label" "$text" "Số:"
  expect_contains "$what: the symbol" "$text" "/BC-UBND"
  expect_contains "$what: the date" "$text" "ngày"
  expect_contains "$what: the year" "$text" "năm $year"
  expect_contains "$what: the title" "$text" "BÁO CÁO"
  expect_contains "$what: the subject" "$text" "$subject"
  expect_contains "$what: the body's heading" "$text" "1. Tiếp nhận, giải quyết đơn thư"
  expect_contains "$what: the body's figures, as SQL counts them" "$text" \
    "Trong năm $year, xã Bình Lư đã tiếp nhận $received đơn, đã giải quyết $resolved đơn"
  expect_contains "$what: the sessions" "$text" "Tổ chức 03 cuộc tiếp công dân"
  expect_not_contains "$what: the report's own title is not repeated" "$text" "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN"
  expect_contains "$what: the recipients' label" "$text" "Nơi nhận:"
  expect_contains "$what: the file copy last" "$text" "- Lưu: VT."
  expect_contains "$what: the authority" "$text" "TM. ỦY BAN NHÂN DÂN"
  expect_contains "$what: the signer's title" "$text" "CHỦ TỊCH"
  local info
  info=$(pdfinfo "$2")
  expect_contains "$what: A4" "$info" "(A4)"
  if awk '/^Page size:/ { exit !($3 < $5) }' <<<"$info"; then
    pass "$what: portrait"
  else
    fail "$what: portrait" "$info"
  fi
}

# The DOCX, numbered, dated and signed; a recipient with <, > and &.
docx=$T/bao-cao.docx
odd="UBND tỉnh <Lai Châu> & Sở Tư pháp"
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc "$docx" \
  --number 12/BC-UBND --date "$year-12-02" --signer "Hoàng Văn Lãnh" \
  --recipient "Thanh tra tỉnh" --recipient "$odd"
expect_eq "--doc FILE.docx: exit 0" "$rc" 0
expect_eq "... and prints the path" "$out" "$docx"
expect_eq "... a zip file (PK)" "$(head -c 4 "$docx" | od -An -c | tr -d ' ')" 'PK003004'
# Every part is there and is well-formed XML (unzip reads [ as a pattern).
for part in '\[Content_Types\].xml' _rels/.rels docProps/core.xml word/document.xml \
  word/styles.xml word/settings.xml word/header1.xml word/header2.xml \
  word/_rels/document.xml.rels; do
  if unzip -p "$docx" "$part" | xmllint --noout - 2>"$T/xmllint.err"; then
    pass "... $part is well-formed XML"
  else
    fail "... $part is well-formed XML" "$(cat "$T/xmllint.err")"
  fi
done
xml=$(unzip -p "$docx" word/document.xml)
expect_contains "... the recipient escaped in the XML" "$xml" \
  "UBND tỉnh &lt;Lai Châu&gt; &amp; Sở Tư pháp"
expect_contains "... A4 with the Decree's margins" "$xml" \
  '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"'
expect_contains "... Times New Roman" "$(unzip -p "$docx" word/styles.xml)" 'w:ascii="Times New Roman"'
# LibreOffice opens it (a profile and home of the test's own, for parallel
# runs) and converts it to PDF.
mkdir -p "$T/lo" "$T/home"
HOME=$T/home timeout 180 soffice --headless "-env:UserInstallation=file://$T/lo-profile" \
  --convert-to pdf --outdir "$T/lo" "$docx" >"$T/lo.log" 2>&1 || true
lo=$T/lo/bao-cao.pdf
if [[ -s "$lo" ]]; then
  pass "LibreOffice converts the DOCX to PDF"
else
  fail "LibreOffice converts the DOCX to PDF" "$(cat "$T/lo.log")"
fi
check_doc "DOCX" "$lo"
text=$(flat "$lo")
expect_contains "DOCX: the number" "$text" "Số: 12/BC-UBND"
expect_contains "DOCX: place and date, as the Decree writes them" "$text" "Bình Lư, ngày 02 tháng 12 năm $year"
expect_contains "DOCX: the recipients as given" "$text" "- Thanh tra tỉnh;"
expect_contains "DOCX: the odd recipient, whole" "$text" "- $odd;"
expect_contains "DOCX: the signer" "$text" "Hoàng Văn Lãnh"
expect_eq "DOCX: one page" "$(pdfinfo "$lo" | awk '/^Pages:/ { print $2 }')" 1
rm -f "$art/docx-page1.png"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$lo" "$art/docx-page1"
[[ -s "$art/docx-page1.png" ]] && pass "DOCX: page 1 rendered to $art/docx-page1.png" ||
  fail "DOCX: page 1 rendered to PNG"

# The PDF, with the defaults: number and day left to fill in by hand, the
# default recipients and title, no name; in Vietnamese even with --lang en.
pdf=$T/bao-cao.pdf
run_cmd out rc cli hoa --lang en report --from "$year-01" --to "$year-12" --doc "$pdf"
expect_eq "--doc FILE.pdf: exit 0" "$rc" 0
expect_eq "... and prints the path" "$out" "$pdf"
check_doc "PDF" "$pdf"
text=$(pdftotext -layout "$pdf" -)
# expect_match WHAT TEXT REGEX (pdftotext lays blanks out its own way).
expect_match() {
  if grep -Eq "$3" <<<"$2"; then pass "$1"; else fail "$1" "expected to match: $3" "actual: $2"; fi
}
expect_match "PDF: the number left to fill in" "$text" "Số: {3,}/BC-UBND"
expect_match "PDF: the day and month left to fill in" "$text" "Bình Lư, ngày {3,}tháng {3,}năm $year"
expect_contains "PDF: the default recipients" "$text" "- Thanh tra tỉnh;"
expect_contains "PDF: ... and the province's citizen reception board" "$text" "- Ban Tiếp công dân tỉnh;"
expect_not_contains "PDF: no English with --lang en" "$text" "received"
fonts=$(pdffonts "$pdf")
expect_contains "PDF: Liberation Serif" "$fonts" "LiberationSerif"
if awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' <<<"$fonts"; then
  pass "PDF: every font is embedded"
else
  fail "PDF: every font is embedded" "$fonts"
fi
rm -f "$art/pdf-page1.png"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$art/pdf-page1"
[[ -s "$art/pdf-page1.png" ]] && pass "PDF: page 1 rendered to $art/pdf-page1.png" ||
  fail "PDF: page 1 rendered to PNG"
echo "PNG renders of page 1: $art"

# The province's own report: its name as the issuing body and the place,
# sent to the Government Inspectorate and the central reception board.
run_cmd out rc cli tinh report --from "$year-01" --to "$year-12" --doc "$T/tinh.pdf"
expect_eq "the province's document: exit 0" "$rc" 0
text=$(flat "$T/tinh.pdf")
expect_contains "... the province as the issuing body" "$text" "TỈNH LAI CHÂU"
expect_contains "... dated at the province" "$text" "Lai Châu, ngày"
expect_contains "... its figures" "$text" "Trong năm $year, tỉnh Lai Châu đã tiếp nhận $received đơn"
expect_contains "... to the Government Inspectorate" "$text" "- Thanh tra Chính phủ;"
expect_contains "... and the central reception board" "$text" "- Ban Tiếp công dân Trung ương;"

# A span of months names the subject by its first and last days. (With
# --period the subject takes the period's name, td_report_doc_subject_of,
# tested in tests/unit/test_client_report_doc.c.)
run_cmd out rc cli hoa report --from 2025-07 --to "$year-02" --doc "$T/span.pdf"
expect_contains "months: the subject by days, as the Decree writes them" "$(flat "$T/span.pdf")" \
  "giải quyết đơn thư từ ngày 01/7/2025 đến ngày $(date -d "$year-03-01 - 1 day" +%d)/02/$year"
run_cmd out rc cli hoa report --form 01/TCD --period "$year" --doc "$T/form.pdf"
expect_eq "--doc with --form: a usage error" "$rc" 2
expect_contains "... saying why" "$out" "leave out --form"

# The signer, title and place from the configuration file; options win.
cat >"$T/client.conf" <<'EOF'
report_signer = Lò Văn Pảng
report_signer_title = PHÓ CHỦ TỊCH
report_place = Nà Tăm
EOF
run_cmd out rc env TIEPDAN_CONFIG="$T/client.conf" "$TD_BUILD/tiepdan" \
  --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/hoa.crt" \
  --key "$TD_PKI/hoa.key" report --from "$year-01" --to "$year-12" \
  --doc "$T/conf.pdf" --signer-title "KT. CHỦ TỊCH"
expect_eq "settings: exit 0" "$rc" 0
text=$(flat "$T/conf.pdf")
expect_contains "settings: the signer" "$text" "Lò Văn Pảng"
expect_contains "settings: the place" "$text" "Nà Tăm, ngày"
expect_contains "settings: --signer-title wins" "$text" "KT. CHỦ TỊCH"
expect_not_contains "settings: ... over the file's" "$text" "PHÓ CHỦ TỊCH"

# What is refused, with nothing written.
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc "$T/bao-cao.odt"
expect_eq "--doc FILE.odt: a usage error" "$rc" 2
expect_contains "... saying what it takes" "$out" "the path of a file ending in .docx or .pdf"
[[ -e "$T/bao-cao.odt" ]] && fail "... and writes nothing" || pass "... and writes nothing"
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --signer "Hoàng Văn Lãnh"
expect_eq "--signer without --doc: a usage error" "$rc" 2
expect_contains "... saying why" "$out" "--signer goes into the document to sign: give --doc FILE as well"
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc "$T/x.docx" --xlsx "$T/x.xlsx"
expect_eq "--doc with --xlsx: a usage error" "$rc" 2
[[ -e "$T/x.docx" || -e "$T/x.xlsx" ]] && fail "... and writes nothing" || pass "... and writes nothing"
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc "$T/x.docx" --date "$year-02-30"
expect_eq "--date that is no day: a usage error" "$rc" 2
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc /nonexistent/bao-cao.docx
expect_eq "an unwritable DOCX: exit 1" "$rc" 1
expect_contains "... saying why" "$out" "cannot write /nonexistent/bao-cao.docx"
run_cmd out rc cli hoa report --from "$year-01" --to "$year-12" --doc /nonexistent/bao-cao.pdf
expect_eq "an unwritable PDF: exit 1" "$rc" 1
expect_contains "... saying why" "$out" "cannot write /nonexistent/bao-cao.pdf"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
