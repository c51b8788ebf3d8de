#!/usr/bin/env bash
# Values the way officers write them (issue 12, item 2): kinds, channels,
# fields, statuses, outcomes and session types by code, by Vietnamese name
# with or without diacritics, in capitals or decomposed Unicode, or by
# English name, resolved against the server's own terms; an unknown value
# lists the valid ones. Dates day first or ISO, on a PC on UTC or on
# Vietnam's time, are stored at the same instant.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start
export TIEPDAN_LANG=vi

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$2" | head -n1; }
json_id() { sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$1" | head -n1; }

# submit KIND CHANNEL FIELD: records a petition and prints its id.
submit() {
  local out
  out=$(cli hoa --format json submit --kind "$1" --channel "$2" --field "$3" \
    --summary "Mất điện ở bản Nậm Cười ($1 / $2 / $3)")
  json_id "$out"
}

nfd_kind=$'khie\xcc\x82\xcc\x81u na\xcc\xa3i' # "khiếu nại" decomposed
for spelling in "complaint" "Khiếu nại" "khiếu nại" "KHIẾU NẠI" "khieu nai" "KHIEU NAI" \
  "khieu_nai" "Complaint" "$nfd_kind"; do
  id=$(submit "$spelling" "Tiếp công dân thường xuyên" "điện sinh hoạt")
  json=$(cli hoa --format json show "$id")
  expect_eq "--kind \"$spelling\" is stored as complaint" "$(json_field kind "$json")" complaint
  expect_eq "--kind \"$spelling\": the channel by its name" \
    "$(json_field channel "$json")" regular_reception
  expect_eq "--kind \"$spelling\": the field by its name" "$(json_field field "$json")" electricity
done
id=$(submit "TỐ CÁO" "hom thu gop y" "Dat dai, giai phong mat bang")
json=$(cli hoa --format json show "$id")
expect_eq "capitals and no diacritics: denunciation" "$(json_field kind "$json")" denunciation
expect_eq "channel without diacritics" "$(json_field channel "$json")" suggestion_box
expect_eq "field with its comma, without diacritics" "$(json_field field "$json")" land

# An unknown value: a usage error, nothing sent, the valid ones listed in
# Vietnamese with their codes (English with --lang en).
before=$(sql "SELECT count(*) FROM petitions")
run_cmd out rc cli hoa submit --kind "don thu" --channel regular_reception --summary x
expect_eq "unknown kind: exit 2" "$rc" 2
expect_contains "unknown kind: names the option and the value" "$out" '--kind: "don thu"'
for line in "Khiếu nại (complaint)" "Tố cáo (denunciation)" "Kiến nghị (recommendation)" \
  "Phản ánh (feedback)" "Đơn yêu cầu (request)"; do
  expect_contains "unknown kind: lists $line" "$out" "  $line"
done
expect_eq "unknown kind: nothing recorded" "$(sql "SELECT count(*) FROM petitions")" "$before"
run_cmd out rc cli hoa --lang en submit --kind complaint --channel "counter" --summary x
expect_eq "unknown channel (English): exit 2" "$rc" 2
expect_contains "unknown channel (English): lists by English name" "$out" \
  "  Regular reception (regular_reception)"
run_cmd out rc cli hoa submit --kind complaint --channel regular_reception --field "dien luc" --summary x
expect_contains "unknown field: lists the fields" "$out" "  Điện sinh hoạt (electricity)"

# The start of a name is enough when only one name starts so; when more
# do, they are listed and nothing is sent.
id=$(submit "to cao" "hom thu" "dat dai")
expect_eq "the start of names: --kind \"to cao\" --channel \"hom thu\" --field \"dat dai\"" \
  "$(sql "SELECT kind || ' ' || channel || ' ' || field FROM petitions WHERE id = $id")" \
  "denunciation suggestion_box land"
before=$(sql "SELECT count(*) FROM petitions")
run_cmd out rc cli hoa --lang vi submit --kind complaint --channel "tiep" --summary x
expect_eq "an ambiguous start: exit 2" "$rc" 2
expect_contains "... naming the value" "$out" '--channel: "tiep" có thể là nhiều hình thức tiếp nhận'
expect_contains "... listing the candidates" "$out" "  Tiếp công dân định kỳ (periodic_reception)"
expect_not_contains "... and only them" "$out" "(digital)"
expect_eq "... nothing recorded" "$(sql "SELECT count(*) FROM petitions")" "$before"

# Statuses and outcomes are protocol enums: the same names work.
out=$(cli hoa --format csv list --status "mới tiếp nhận" --kind "Tố cáo")
expect_contains "list --status by name without the code" "$out" "denunciation"
expect_not_contains "list --kind by name filters" "$out" "complaint"
run_cmd out rc cli hoa list --status "xong"
expect_eq "unknown status: exit 2" "$rc" 2
expect_contains "unknown status: lists them" "$out" "  Đã thụ lý (accepted)"
cli hoa accept "$id" >/dev/null
cli hoa start "$id" >/dev/null
out=$(cli hoa --format json resolve "$id" --outcome "Hoà giải thành")
expect_contains "resolve --outcome by name (old-style tone)" "$out" '"outcome":"mediated_successfully"'
out=$(cli hoa --format csv list --status "DA GIAI QUYET")
expect_contains "list --status in capitals without diacritics" "$out" "mediated_successfully"
run_cmd out rc cli hoa resolve "$id" --outcome "xong"
expect_eq "unknown outcome: exit 2" "$rc" 2
expect_contains "unknown outcome: lists them" "$out" "  Hòa giải thành (mediated_successfully)"

# Dates: day first or ISO, on a PC on UTC or on Vietnam's time: one instant.
for zone in UTC Asia/Ho_Chi_Minh; do
  for when in "01/12/2026 08:00" "2026-12-01 08:00" "1/12/2026 08:00"; do
    out=$(TZ=$zone cli hoa --format json submit --kind complaint --channel regular_reception \
      --summary "Đến lúc 8 giờ sáng" --received "$when")
    pid=$(json_id "$out")
    expect_eq "TZ=$zone --received \"$when\": stored at 08:00 Vietnam time" \
      "$(json_field received_at "$(TZ=$zone cli hoa --format json show "$pid")")" \
      "2026-12-01T08:00:00+07:00"
    expect_eq "TZ=$zone --received \"$when\": the instant in the database" \
      "$(sql "SELECT extract(epoch FROM received_at)::bigint FROM petitions WHERE id = $pid")" \
      1796086800
  done
done
out=$(TZ=UTC cli hoa --format json submit --kind complaint --channel regular_reception \
  --summary "Ngày không giờ" --received "01/12/2026")
expect_eq "a day alone is its midnight in Vietnam" \
  "$(json_field received_at "$(cli hoa --format json show "$(json_id "$out")")")" \
  "2026-12-01T00:00:00+07:00"
td_done
