#!/usr/bin/env bash
# The official forms (report --form): 01/TCD, 02/XLD, 03/GQKN and 04/GQTC
# filled for the 2026 reporting year (15/12/2025 to 14/12/2026) from
# petitions and sessions recorded through the client, each figure checked
# against a count written here in SQL over the tables; their check formulas
# hold; a province's form has one row per commune and the total, with a
# merged commune's predecessor inside its row; the workbook converted by
# LibreOffice is one landscape page with every heading in full, and page 1
# is rendered as a picture; a figure is explained by the petitions behind
# it, redacted for whoever may not see the identity; bad requests are
# refused and change nothing.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start
export TIEPDAN_LANG=vi

for tool in soffice pdfinfo pdftotext pdftoppm; do
  command -v "$tool" >/dev/null || { fail "$tool is installed"; td_done; }
done

# The data ---------------------------------------------------------------------
# Bình Lư (03390): a routine session of 7 people with one petition linked,
# a periodic session of the Chairman with 2 linked, walk-in petitions at the
# routine reception (one a delegation of 6), a repeat visit, petitions by
# other channels, one carried over from before the period, complaints and a
# denunciation accepted and resolved with findings. Tả Lèng (03405): a few.
cli hoa session open --type regular --presided-by "Cán bộ tiếp dân" --at "20/12/2025 08:00" >/dev/null
s1=$(sql "SELECT max(id) FROM sessions")
cli hoa session close "$s1" --attendees 7 --at "20/12/2025 11:00" >/dev/null
cli hoa session open --type periodic --presided-by "Chủ tịch UBND xã" --at "15/01/2026 08:00" >/dev/null
s2=$(sql "SELECT max(id) FROM sessions")
cli hoa session close "$s2" --attendees 3 --at "15/01/2026 11:00" >/dev/null
# A session before the period: counted nowhere.
cli hoa session open --type periodic --presided-by "Chủ tịch UBND xã" --at "14/12/2025 08:00" >/dev/null
s0=$(sql "SELECT max(id) FROM sessions")
cli hoa session close "$s0" --attendees 4 --at "14/12/2025 10:00" >/dev/null

sub() { cli hoa --format json submit "$@" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n1; }
p1=$(sub --kind complaint --channel regular_reception --field land --name "Lò Văn An" \
  --id-number 012345678901 --summary "Tranh chấp ranh giới đất" --received "20/12/2025 09:00" --session "$s1")
p2=$(sub --kind complaint --channel periodic_reception --field land --name "Lò Văn An" \
  --id-number 012345678901 --summary "Tranh chấp ranh giới đất, lần hai" --received "15/01/2026 09:00" --session "$s2")
p3=$(sub --kind recommendation --channel periodic_reception --name "Vàng A Páo" \
  --summary "Kiến nghị sửa đường" --received "15/01/2026 09:30" --session "$s2")
p4=$(sub --kind request --channel regular_reception --name "Đoàn bản Nà Đa" --group-size 6 \
  --summary "Đề nghị cấp nước sinh hoạt" --received "03/02/2026 09:00")
p5=$(sub --kind feedback --channel regular_reception --name "Lường Thị Dung" \
  --summary "Phản ánh đèn đường hỏng" --received "04/02/2026 09:00")
p6=$(sub --kind denunciation --channel digital --summary "Tố cáo cán bộ địa chính" \
  --received "05/03/2026 09:00")
p7=$(sub --kind complaint --channel suggestion_box --summary "Khiếu nại không ký tên" \
  --received "06/03/2026 09:00")
# Carried over: received before the period, still open at its start.
p8=$(sub --kind complaint --channel digital --name "Hà Văn Tám" --summary "Khiếu nại cũ" \
  --received "01/12/2025 09:00")
cli hoa accept "$p8" --at "10/12/2025 09:00" >/dev/null
# Closed before the period: in no figure.
p9=$(sub --kind request --channel digital --name "Sùng Thị Chín" --summary "Đã xong từ trước" \
  --received "01/11/2025 09:00")
cli hoa reject "$p9" --reason "Không thuộc thẩm quyền" --at "05/11/2025 09:00" >/dev/null
# p2 repeats p1 (the same matter, the same ID number).
sql "UPDATE petitions SET repeat_of_id = $p1 WHERE id = $p2" >/dev/null

cli hoa accept "$p1" --at "22/12/2025 09:00" >/dev/null
cli hoa start "$p1" --at "23/12/2025 09:00" >/dev/null
cli hoa resolve "$p1" --outcome decision_issued --at "05/01/2026 09:00" >/dev/null
cli hoa accept "$p2" --at "16/01/2026 09:00" >/dev/null
cli hoa accept "$p6" --at "06/03/2026 09:00" >/dev/null
cli hoa start "$p6" --at "07/03/2026 09:00" >/dev/null
cli hoa resolve "$p6" --outcome decision_issued --at "20/03/2026 09:00" >/dev/null
cli hoa reject "$p7" --reason "Đơn không ký tên" --at "07/03/2026 09:00" >/dev/null
cli hoa transfer "$p5" --to "Điện lực huyện" --at "05/02/2026 09:00" >/dev/null
cli hoa start "$p8" --at "16/12/2025 09:00" >/dev/null
cli hoa withdraw "$p8" --reason "Công dân rút đơn" --at "10/01/2026 09:00" >/dev/null
sql "UPDATE petitions SET finding = 'partly_correct' WHERE id = $p1" >/dev/null
sql "UPDATE petitions SET finding = 'correct' WHERE id = $p6" >/dev/null

# Tả Lèng's routine reception over the year: 1,200 people.
cli lan session open --type regular --presided-by "Cán bộ tiếp dân" --at "05/01/2026 08:00" >/dev/null
s3=$(sql "SELECT max(id) FROM sessions")
cli lan session close "$s3" --attendees 1200 --at "05/01/2026 17:00" >/dev/null
cli lan submit --kind complaint --channel regular_reception --name "Giàng A Lử" \
  --summary "Khiếu nại về hộ nghèo" --received "10/04/2026 09:00" >/dev/null
cli lan submit --kind recommendation --channel regular_reception --name "Giàng Thị Mỷ" \
  --summary "Kiến nghị làm cầu" --received "11/04/2026 09:00" >/dev/null

# The oracle ------------------------------------------------------------------
W="p.received_at >= timestamp '2025-12-15' AT TIME ZONE 'Asia/Ho_Chi_Minh'
   AND p.received_at < timestamp '2026-12-15' AT TIME ZONE 'Asia/Ho_Chi_Minh'"
T0="timestamp '2025-12-15' AT TIME ZONE 'Asia/Ho_Chi_Minh'"
T1="timestamp '2026-12-15' AT TIME ZONE 'Asia/Ho_Chi_Minh'"
BL="p.unit_id IN (SELECT unit FROM unit_scope WHERE ancestor = (SELECT id FROM units WHERE code = '03390' AND valid_to IS NULL))"
SW="s.opened_at >= $T0 AND s.opened_at < $T1 AND s.unit_id IN (SELECT unit FROM unit_scope WHERE ancestor = (SELECT id FROM units WHERE code = '03390' AND valid_to IS NULL))"

# Figure N of a form's row (unit code, or TOTAL), from csv.
form_csv() { cli hoa --format csv report --form "$1" --period 2026; }
cell() { # csv, row key, column number
  tr -d '\r' <<<"$1" | awk -F, -v row="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "c" col) c = i }
    $1 == row { print $c }'
}

tcd=$(form_csv 01/TCD)
# Routine visits: the routine session's attendees, and each walk-in at the
# routine reception (a delegation once); people: attendees and signatories.
routine_visits=$(sql "SELECT (SELECT coalesce(sum(s.attendees), 0) FROM sessions s WHERE $SW AND s.type = 'regular_reception')
  + (SELECT count(*) FROM petitions p WHERE $BL AND $W AND p.session_id IS NULL AND p.channel = 'regular_reception')")
routine_people=$(sql "SELECT (SELECT coalesce(sum(s.attendees), 0) FROM sessions s WHERE $SW AND s.type = 'regular_reception')
  + (SELECT coalesce(sum(group_size), 0) FROM petitions p WHERE $BL AND $W AND p.session_id IS NULL AND p.channel = 'regular_reception')")
head_sessions=$(sql "SELECT count(*) FROM sessions s WHERE $SW AND s.type = 'periodic_reception'")
head_people=$(sql "SELECT coalesce(sum(s.attendees), 0) FROM sessions s WHERE $SW AND s.type = 'periodic_reception'")
routine_first=$(sql "SELECT count(*) FROM petitions p LEFT JOIN sessions s ON s.id = p.session_id WHERE $BL AND $W
  AND coalesce(s.type, p.channel) = 'regular_reception' AND p.repeat_of_id IS NULL")
head_first=$(sql "SELECT count(*) FROM petitions p LEFT JOIN sessions s ON s.id = p.session_id WHERE $BL AND $W
  AND coalesce(s.type, p.channel) = 'periodic_reception' AND p.repeat_of_id IS NULL")
head_repeat=$(sql "SELECT count(*) FROM petitions p LEFT JOIN sessions s ON s.id = p.session_id WHERE $BL AND $W
  AND coalesce(s.type, p.channel) = 'periodic_reception' AND p.repeat_of_id IS NOT NULL")
mass=$(sql "SELECT count(*) FROM petitions p WHERE $BL AND $W AND p.group_size >= 5 AND p.channel = 'regular_reception'")
expect_eq "01/TCD (4) routine visits = SQL ($routine_visits)" "$(cell "$tcd" 03390 4)" "$routine_visits"
expect_eq "01/TCD (5) routine people = SQL ($routine_people)" "$(cell "$tcd" 03390 5)" "$routine_people"
expect_eq "01/TCD (6) routine first-visit cases = SQL ($routine_first)" "$(cell "$tcd" 03390 6)" "$routine_first"
expect_eq "01/TCD (8) mass delegations = SQL ($mass)" "$(cell "$tcd" 03390 8)" "$mass"
expect_eq "01/TCD (12) the head's sessions = SQL ($head_sessions, not the one before the period)" \
  "$(cell "$tcd" 03390 12)" "$head_sessions"
expect_eq "01/TCD (14) people the head received = SQL ($head_people)" "$(cell "$tcd" 03390 14)" "$head_people"
expect_eq "01/TCD (15) head, first visits = SQL ($head_first)" "$(cell "$tcd" 03390 15)" "$head_first"
expect_eq "01/TCD (16) head, repeat visits = SQL ($head_repeat)" "$(cell "$tcd" 03390 16)" "$head_repeat"
expect_eq "01/TCD (1) = 4 + 13 + 22" "$(cell "$tcd" 03390 1)" \
  "$(($(cell "$tcd" 03390 4) + $(cell "$tcd" 03390 13) + $(cell "$tcd" 03390 22)))"
expect_eq "01/TCD (3) cases = every reception petition of the period" "$(cell "$tcd" 03390 3)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND $W AND p.channel IN ('regular_reception', 'periodic_reception')")"

xld=$(form_csv 02/XLD)
carried=$(sql "SELECT count(*) FROM petitions p WHERE $BL AND p.received_at < $T0
  AND (least(p.accepted_at, p.closed_at) IS NULL OR least(p.accepted_at, p.closed_at) >= $T0)")
new=$(sql "SELECT count(*) FROM petitions p WHERE $BL AND $W")
expect_eq "02/XLD (2) carried over = SQL ($carried)" "$(cell "$xld" 03390 2)" "$carried"
expect_eq "02/XLD (3) received in the period = SQL ($new)" "$(cell "$xld" 03390 3)" "$new"
expect_eq "02/XLD (1) = 2 + 3" "$(cell "$xld" 03390 1)" "$((carried + new))"
expect_eq "02/XLD (6) no name given = SQL" "$(cell "$xld" 03390 6)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND ($W OR p.id = $p8) AND p.petitioner_name IS NULL")"
expect_eq "02/XLD (19) returned with guidance in the period = SQL" "$(cell "$xld" 03390 19)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND ($W OR p.id = $p8) AND p.status = 'not_accepted' AND p.accepted_at IS NULL")"
expect_eq "02/XLD (20) transferred = SQL" "$(cell "$xld" 03390 20)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND ($W OR p.id = $p8) AND p.status = 'transferred'")"
expect_eq "02/XLD (21) is left blank for the office" "$(cell "$xld" 03390 21)" ""

kn=$(form_csv 03/GQKN)
expect_eq "03/GQKN (2) complaints carried over (accepted before, open at the start)" "$(cell "$kn" 03390 2)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND p.kind = 'complaint' AND p.accepted_at < $T0 AND (p.closed_at IS NULL OR p.closed_at >= $T0)")"
expect_eq "03/GQKN (3) complaints accepted in the period" "$(cell "$kn" 03390 3)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND p.kind = 'complaint' AND p.accepted_at >= $T0 AND p.accepted_at < $T1")"
expect_eq "03/GQKN (4) of which repeated" "$(cell "$kn" 03390 4)" "1"
expect_eq "03/GQKN (8) partly correct" "$(cell "$kn" 03390 8)" "1"
expect_eq "03/GQKN (10) withdrawn" "$(cell "$kn" 03390 10)" "1"
expect_eq "03/GQKN (18) open at the end" "$(cell "$kn" 03390 18)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND p.kind = 'complaint' AND p.accepted_at < $T1 AND p.status IN ('accepted', 'in_progress')")"
tc=$(form_csv 04/GQTC)
expect_eq "04/GQTC (3) denunciations accepted in the period" "$(cell "$tc" 03390 3)" "1"
expect_eq "04/GQTC (6) found correct" "$(cell "$tc" 03390 6)" "1"
expect_eq "04/GQTC (16) resolved on time" "$(cell "$tc" 03390 16)" "1"

# Every check formula of every form holds (json: "ok":true, none false).
for f in 01/TCD 02/XLD 03/GQKN 04/GQTC; do
  j=$(cli hoa --format json report --form "$f" --period 2026)
  expect_not_contains "$f: no check fails" "$j" '"ok":false'
  expect_contains "$f: the checks were verified" "$j" '"ok":true'
done

# The province: one row per commune below it today, and the total.
communes=$(sql "SELECT count(*) FROM units WHERE parent_id = (SELECT id FROM units WHERE code = '12' AND valid_to IS NULL) AND valid_to IS NULL")
prov=$(cli tinh --format csv report --form 01/TCD --period 2026)
expect_eq "province 01/TCD: a row per commune ($communes), the header and the total" \
  "$(wc -l <<<"$prov")" "$((communes + 2))"
expect_eq "province: Bình Lư's row is the commune's own form" "$(grep '^03390,' <<<"$prov")" "$(grep '^03390,' <<<"$tcd")"
expect_eq "province: the total adds Tả Lèng's 1,200 and two walk-ins to column 4" "$(cell "$prov" TOTAL 4)" \
  "$(($(cell "$tcd" 03390 4) + 1202))"
# A petition of a former commune (before the merge) is inside its
# successor's row.
old=$(sql "SELECT id FROM units WHERE merged_into IS NOT NULL AND valid_to IS NOT NULL
  AND id IN (SELECT unit FROM unit_scope WHERE ancestor = (SELECT id FROM units WHERE code = '03390' AND valid_to IS NULL)) LIMIT 1")
if [[ -n "$old" ]]; then
  sql "UPDATE petitions SET unit_id = $old WHERE id = $p3" >/dev/null
  prov2=$(cli tinh --format csv report --form 01/TCD --period 2026)
  expect_eq "a predecessor's petition stays in Bình Lư's row" "$(grep '^03390,' <<<"$prov2")" "$(grep '^03390,' <<<"$prov")"
  sql "UPDATE petitions SET unit_id = (SELECT id FROM units WHERE code = '03390' AND valid_to IS NULL) WHERE id = $p3" >/dev/null
else
  fail "the seed has a former commune merged into Bình Lư"
fi

# The workbook, printed --------------------------------------------------------
run_cmd out rc cli tinh report --form 01/TCD --period 2026 --xlsx "$T/01-TCD.xlsx"
expect_eq "--xlsx exits 0 and prints the path" "$rc:$out" "0:$T/01-TCD.xlsx"
mkdir -p "$T/home"
HOME="$T/home" timeout 180 soffice --headless --convert-to pdf --outdir "$T" "$T/01-TCD.xlsx" >/dev/null 2>&1
info=$(pdfinfo "$T/01-TCD.pdf" 2>&1)
expect_contains "the form is one page" "$info" "Pages:           1"
expect_contains "A4 landscape" "$info" "841.89 x 595.3"
text=$(pdftotext "$T/01-TCD.pdf" - | tr -s ' \n' '  ')
expect_contains "counts in the Vietnamese way: Tả Lèng's 1.202 visits" "$(pdftotext -layout "$T/01-TCD.pdf" - | grep 'Xã Tả Lèng')" "1.202"
for h in "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT" \
  "Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026" "Biểu số 01/TCD"; do
  expect_contains "the PDF shows \"$h\"" "$text" "$h"
done
# Every heading of the form's columns, as the server defines them, whole in
# its cell: none cut, none spread over the next column.
mapfile -t heads < <(sql "SELECT DISTINCT c->>'label_vi' FROM report_forms,
  jsonb_array_elements(definition->'columns') c WHERE code = '01/TCD'")
heads+=("STT" "Đơn vị" "Xã Bình Lư" "Xã Tả Lèng" "Tổng cộng")
run_cmd out rc perl "$TD_SRC/tests/integration/pdf_cells.pl" "$T/01-TCD.pdf" "${heads[@]}"
expect_eq "all ${#heads[@]} headings whole in their cells${out:+ ($out)}" "$rc" 0
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$T/01-TCD.pdf" "$T/01-TCD"
[[ -s "$T/01-TCD.png" ]] && pass "page 1 rendered: $T/01-TCD.png" || fail "page 1 rendered as PNG"
if [[ -n "${TD_ARTIFACTS:-}" ]]; then mkdir -p "$TD_ARTIFACTS" && cp "$T/01-TCD.png" "$T/01-TCD.pdf" "$TD_ARTIFACTS/"; fi

# Drill-down -------------------------------------------------------------------
run_cmd out rc cli hoa report --form 01/TCD --period 2026 --explain-cell 03390:16
expect_eq "--explain-cell exits 0" "$rc" 0
expect_contains "the repeat visit behind (16)" "$out" "$(sql "SELECT receipt_no FROM petitions WHERE id = $p2")"
expect_contains "and how many" "$out" "1"
run_cmd out rc cli tinh report --form 02/XLD --period 2026 --explain-cell 17
expect_contains "the denunciation behind 02/XLD (17), for the dashboard" "$out" \
  "$(sql "SELECT receipt_no FROM petitions WHERE id = $p6")"
expect_not_contains "its text withheld from the dashboard" "$out" "Tố cáo cán bộ địa chính"

# The narrative report's figures, explained ------------------------------------
# One recommendation the Front forwarded: not among the citizens' petitions.
cli hoa submit --kind recommendation --channel front_supervision --name "Ủy ban MTTQ xã" \
  --summary "Kiến nghị sau giám sát" --received "10/05/2026 09:00" >/dev/null
explained() { cli hoa --format csv report --period 2026 --explain "$1" | tail -n +2 | grep -c . || true; }
expect_eq "--explain received: the citizens' petitions received in the period (SQL)" \
  "$(explained received)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND $W AND p.channel <> 'front_supervision'")"
expect_eq "--explain resolved: those resolved (SQL)" "$(explained resolved)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND $W AND p.status = 'resolved' AND p.channel <> 'front_supervision'")"
expect_eq "--explain overdue: every open petition past its deadline today, whatever the day received (SQL)" \
  "$(explained overdue)" \
  "$(sql "SELECT count(*) FROM petitions p WHERE $BL AND p.status IN ('received', 'accepted', 'in_progress')
            AND p.deadline < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AND p.channel <> 'front_supervision'")"
expect_eq "--explain front: the Front's recommendation alone" "$(explained front)" 1
run_cmd out rc cli hoa report --period 2026 --explain received --include-front
expect_contains "with --include-front it is listed too" "$out" "Kiến nghị sau giám"
expect_contains "and counted" "$out" "$(($(explained received) + 1)) đơn làm nên số liệu received"
run_cmd out rc cli hoa report --period 2026 --explain everything
expect_eq "an unknown figure: usage (2)" "$rc" 2

# Bad requests -----------------------------------------------------------------
before=$(sql "SELECT count(*) FROM petition_events")
run_cmd out rc cli hoa report --form 99/XYZ --period 2026
expect_eq "an unknown form: refused (4)" "$rc" 4
expect_contains "named" "$out" "99/XYZ"
run_cmd out rc cli hoa report --form 01/TCD --period 2026-Q5
expect_eq "a bad period: usage (2)" "$rc" 2
run_cmd out rc cli hoa report --form 01/TCD
expect_eq "no period: usage (2)" "$rc" 2
run_cmd out rc cli hoa report --form 01/TCD --period 2026-12-14..2026-12-01
expect_eq "a period backwards: usage (2)" "$rc" 2
run_cmd out rc cli hoa report --form 01/TCD --period 2026 --unit 03405
expect_eq "another commune's form: refused (4)" "$rc" 4
run_cmd out rc cli hoa report --form 01/TCD --period 2026 --explain-cell 0
expect_eq "column 0: usage (2)" "$rc" 2
expect_eq "nothing was written by any of it" "$(sql "SELECT count(*) FROM petition_events")" "$before"
td_done
