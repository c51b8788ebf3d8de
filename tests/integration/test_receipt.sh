#!/usr/bin/env bash
# The citizen's receipt (giấy biên nhận đơn, kiêm phiếu hẹn): `tiepdan
# receipt` and `submit --print` give the officer a paper to hand over, as a
# PDF (A5 or A4) and as plain text, with the facts of the petition as the
# database holds them, in Vietnamese whatever the officer's language; the
# identity only for a caller the law allows; nothing for another commune.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

for tool in pdfinfo pdftotext pdffonts pdftoppm; do
  command -v "$tool" >/dev/null || { fail "$tool is installed (poppler-utils)"; td_done; }
done

# Stacked marks (ữ, ệ, ở, ằ) in the name and the summary, which the PDF must
# give back exactly.
name="Phạm Thị Ngữ"
summary="Đề nghị xem xét lại ranh giới thửa đất số 120 ở bản Nà Đa; hộ ông Lường Văn Ệ dựng hàng rào lấn sang đất nhà tôi, đề nghị cán bộ địa chính xuống đo đạc và giải quyết dứt điểm cho gia đình tôi được yên tâm sản xuất trên mảnh đất đã được cấp giấy chứng nhận quyền sử dụng từ năm 1998, tránh để xảy ra xô xát giữa hai gia đình."
out=$(cli hoa --format json submit --kind complaint --channel regular_reception --field land \
  --name "$name" --summary "$summary")
id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)
receipt=$(sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' <<<"$out" | head -n1)
expect_eq "the petition was recorded" "$(sql "SELECT receipt_no FROM petitions WHERE id = $id")" "$receipt"

# The facts, as the database holds them: the oracle of every rendering.
when=$(sql "SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI \"ngày\" DD/MM/YYYY') FROM petitions WHERE id = $id")
deadline=$(sql "SELECT to_char(deadline, 'DD/MM/YYYY') FROM petitions WHERE id = $id")
kind=$(sql "SELECT name_vi FROM td_terms WHERE vocabulary = 'kind' AND code = 'complaint'")
channel=$(sql "SELECT name_vi FROM td_terms WHERE vocabulary = 'channel' AND code = 'regular_reception'")
officer=$(sql "SELECT name FROM principals WHERE id = (SELECT created_by FROM petitions WHERE id = $id)")
[[ -n "$deadline" && -n "$kind" && -n "$officer" ]] || fail "the oracle has a deadline, a kind name and an officer" "$deadline|$kind|$officer"

# check_facts WHAT TEXT: every fact of the receipt in TEXT, exactly.
check_facts() {
  local what=$1 text=$2
  expect_contains "$what: the national header" "$text" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  expect_contains "$what: the motto" "$text" "Độc lập - Tự do - Hạnh phúc"
  expect_contains "$what: the commune, in the header" "$text" "XÃ BÌNH LƯ"
  expect_contains "$what: the commune and its province" "$text" "Ủy ban nhân dân xã Bình Lư, tỉnh Lai Châu"
  expect_contains "$what: the title" "$text" "GIẤY BIÊN NHẬN ĐƠN"
  expect_contains "$what: the receipt number" "$text" "Số biên nhận: $receipt"
  expect_contains "$what: the citizen's name" "$text" "Họ và tên người nộp đơn: $name"
  expect_contains "$what: when it was received, Vietnam time" "$text" "Thời điểm nhận: $when"
  expect_contains "$what: the kind, in Vietnamese" "$text" "Loại đơn: $kind"
  expect_contains "$what: the channel, in Vietnamese" "$text" "Hình thức tiếp nhận: $channel"
  expect_contains "$what: the acceptance deadline" "$text" "chậm nhất đến hết ngày $deadline"
  expect_contains "$what: what happens by then" "$text" "thụ lý hoặc trả lời việc không thụ lý đơn"
  expect_contains "$what: the officer's name" "$text" "$officer"
  expect_contains "$what: a place to sign" "$text" "(Ký, ghi rõ họ tên)"
  expect_contains "$what: the summary's start" "$text" "Đề nghị xem xét lại ranh giới"
  expect_not_contains "$what: the summary is cut short" "$text" "xô xát giữa hai gia đình."
}

# A PDF on A5 (the default) and A4.
a5=$T/a5.pdf
a4=$T/a4.pdf
run_cmd o rc cli hoa receipt "$id" --pdf "$a5"
expect_eq "receipt --pdf: exit 0" "$rc" 0
expect_contains "receipt --pdf says where it wrote" "$o" "$a5"
run_cmd o rc cli hoa receipt "$receipt" --pdf "$a4" --paper a4
expect_eq "receipt by number, A4: exit 0" "$rc" 0
expect_contains "A5 by default: 148 x 210 mm" "$(pdfinfo "$a5")" "419.528 x 595.276 pts"
expect_contains "A4 on request: 210 x 297 mm" "$(pdfinfo "$a4")" "595.276 x 841.89 pts"
expect_contains "one page" "$(pdfinfo "$a5")" "Pages:           1"
for f in "$a5" "$a4"; do
  size=$(basename "$f" .pdf)
  # pdftotext joins what Pango broke into lines only within a paragraph; read
  # each line and the whole with line breaks as spaces.
  check_facts "PDF $size" "$(pdftotext "$f" - | tr '\n' ' ' | tr -s ' ')"
  fonts=$(pdffonts "$f")
  expect_contains "PDF $size: the Debian font is used" "$fonts" "LiberationSerif"
  if awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' <<<"$fonts"; then
    pass "PDF $size: every font is embedded"
  else
    fail "PDF $size: every font is embedded" "$fonts"
  fi
  run_cmd o rc pdftoppm -png -r 60 -singlefile "$f" "$T/$size"
  expect_eq "PDF $size renders to PNG without error" "$rc:$o" "0:"
  [[ -s "$T/$size.png" ]] && pass "PDF $size: the PNG is not empty" || fail "PDF $size: the PNG is not empty"
done

# Plain text for a simple printer: the same facts, by default.
text=$(cli hoa receipt "$id")
check_facts "text" "$(tr '\n' ' ' <<<"$text" | tr -s ' ')"
long=$(perl -CSD -ne 'chomp; print "$_\n" if length > 72' <<<"$text")
expect_eq "text: no line wider than 72 characters" "$long" ""
# In English the officer's messages change, the citizen's paper does not.
expect_eq "text: the same in English mode" "$(cli hoa --lang en receipt "$id")" "$text"
both=$(cli hoa receipt "$id" --pdf "$T/both.pdf" --text 2>/dev/null)
expect_eq "--pdf with --text: the text too" "$both" "$text"
[[ -s "$T/both.pdf" ]] && pass "--pdf with --text: the PDF too" || fail "--pdf with --text: the PDF too"

# submit --print: the same receipt right after recording, as text or PDF.
out=$(cli hoa submit --kind feedback --channel digital --name "Lường Thị Ơn" \
  --summary "Phản ánh đường vào bản bị sạt lở" --print)
new=$(sql "SELECT receipt_no FROM petitions WHERE petitioner_name = 'Lường Thị Ơn'")
expect_contains "submit --print: the receipt follows" "$out" "Số biên nhận: $new"
expect_contains "submit --print: the citizen's name" "$out" "Họ và tên người nộp đơn: Lường Thị Ơn"
expect_contains "submit --print: the kind" "$out" "Loại đơn: $(sql "SELECT name_vi FROM td_terms WHERE vocabulary = 'kind' AND code = 'feedback'")"
run_cmd o rc cli hoa submit --kind request --channel digital --name "Tòng Văn Ước" \
  --summary "Đề nghị cấp lại giấy xác nhận" --print "$T/submitted.pdf"
expect_eq "submit --print FILE: exit 0" "$rc" 0
new=$(sql "SELECT receipt_no FROM petitions WHERE petitioner_name = 'Tòng Văn Ước'")
pdf_text=$(pdftotext "$T/submitted.pdf" - | tr '\n' ' ')
expect_contains "submit --print FILE: the PDF holds the new number" "$pdf_text" "$new"
expect_contains "submit --print FILE: an A5 PDF" "$(pdfinfo "$T/submitted.pdf")" "419.528 x 595.276 pts"

# A petition that does not exist, or of another commune: a Vietnamese
# refusal, exit 4, and nothing printed.
TIEPDAN_LANG=vi run_cmd o rc cli hoa receipt 999999
expect_eq "unknown id: exit 4" "$rc" 4
expect_contains "unknown id: said in Vietnamese" "$o" "không có đơn 999999 trong địa bàn"
run_cmd o rc cli hoa receipt BL-2026-999999 --pdf "$T/none.pdf"
expect_eq "unknown receipt number: exit 4" "$rc" 4
[[ -e "$T/none.pdf" ]] && fail "unknown receipt number: no PDF is written" || pass "unknown receipt number: no PDF is written"
TIEPDAN_LANG=vi run_cmd o rc cli lan receipt "$id"
expect_eq "another commune's officer: exit 4" "$rc" 4
expect_not_contains "another commune's officer: no name" "$o" "$name"
expect_contains "another commune's officer: told as for a missing one" "$o" "không có đơn $id"
run_cmd o rc cli hoa receipt "$id" --paper a3 --pdf "$T/a3.pdf"
expect_eq "--paper a3: a usage error" "$rc" 2
run_cmd o rc cli hoa receipt "$id" --paper a4
expect_eq "--paper without --pdf: a usage error" "$rc" 2

# A confidential petition: its officer prints the name the citizen gave, and
# that read is recorded; the province's dashboard gets the receipt without
# the name or the summary.
secret="Đinh Thị Kín"
out=$(cli hoa --format json submit --kind complaint --channel regular_reception --confidential \
  --name "$secret" --summary "Khiếu nại, xin giữ bí mật danh tính")
conf=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)
reads=$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $conf AND action = 'identity_read'")
expect_contains "confidential: its officer's receipt names the citizen" "$(cli hoa receipt "$conf")" \
  "Họ và tên người nộp đơn: $secret"
expect_eq "confidential: the read is recorded, as a receipt" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $conf AND action = 'identity_read' AND note = 'receipt'")" 1
withheld=$(cli tinh receipt "$conf")
expect_not_contains "confidential: the dashboard's receipt has no name" "$withheld" "$secret"
expect_not_contains "confidential: nor the summary" "$withheld" "xin giữ bí mật danh tính"
expect_contains "confidential: says it is kept secret" "$withheld" "Họ và tên người nộp đơn: (được giữ bí mật)"
expect_eq "confidential: the dashboard's read records nothing" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $conf AND action = 'identity_read'")" \
  "$((reads + 1))"

td_done
