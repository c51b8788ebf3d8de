#!/usr/bin/env bash
# A denouncer's identity, or that of a petitioner who asked for secrecy,
# leaves the server only for the handling commune's officers; the server
# redacts it for everyone else, in every format.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

name="Đinh Văn Kín"
idno=012099007777
cli hoa submit --kind denunciation --channel regular_reception --field admin_procedure \
  --name "$name" --id-number "$idno" --address "Bản Nà Khan" --contact 0987000111 \
  --summary "Tố cáo việc thu tiền sai quy định" >/dev/null
cli hoa submit --kind complaint --channel regular_reception --field land --confidential \
  --name "$name" --id-number "$idno" --summary "Khiếu nại, xin giữ bí mật danh tính" >/dev/null
cli hoa submit --kind request --channel digital --name "Công Khai" \
  --summary "Đơn yêu cầu thông thường" >/dev/null

for id in 1 2; do
  own=$(cli hoa --format json show "$id")
  expect_contains "petition $id: the handling commune's officer sees the name" "$own" "$name"
  for fmt in table json csv; do
    other=$(cli tinh --format "$fmt" show "$id")
    expect_not_contains "petition $id, dashboard, $fmt: no name" "$other" "$name"
    expect_not_contains "petition $id, dashboard, $fmt: no ID number" "$other" "$idno"
    expect_not_contains "petition $id, dashboard, $fmt: no contact" "$other" "0987000111"
  done
  expect_contains "petition $id, dashboard: marked redacted" "$(cli tinh --format json show "$id")" '"redacted":true'
done
for fmt in table json csv; do
  lst=$(cli tinh --format "$fmt" list)
  expect_not_contains "dashboard list, $fmt: no name" "$lst" "$name"
  expect_contains "dashboard list, $fmt: ordinary petitioners stay visible" "$lst" \
    "$([[ $fmt == table ]] && echo "BL-" || echo "Công Khai")"
done
expect_contains "the officer's own list shows the name" "$(cli hoa --format csv list)" "$name"
# The stored row keeps everything; only what leaves the server is redacted.
expect_eq "identity stored in full" \
  "$(sql "SELECT count(*) FROM petitions WHERE petitioner_name = '$name' AND petitioner_id_number = '$idno'")" 2
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
