#!/usr/bin/env bash
# A denouncer's identity, or that of a petitioner who asked for secrecy,
# leaves the server only for the handling commune's officers; the server
# redacts it for everyone else, in every format and every read path, and so
# every text written about such a petition, which may name them.
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

# What officers write may name the petitioner too: the summary, a note, a
# reason for refusing. Under the same rule as the identity fields, in every
# read path, for every role and relation: the bytes that leave the server are
# searched for the name and the phone.
phone=0987000111
out=$(cli hoa --format json submit --kind denunciation --channel regular_reception \
  --field admin_procedure --name "$name" --contact "$phone" \
  --summary "Ông $name (SĐT $phone) tố cáo cán bộ địa chính thu tiền sai quy định")
den=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)
den_receipt=$(sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' <<<"$out" | head -n1)
cli hoa note "$den" "Đã gọi lại cho ông $name theo số $phone" >/dev/null
out=$(cli hoa --format json submit --kind complaint --channel regular_reception --field land \
  --confidential --name "$name" --summary "Khiếu nại về bồi thường đất nương")
conf=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)
cli hoa reject "$conf" --reason "Ông $name ($phone) xin hòa giải tại thôn trước" >/dev/null
expect_eq "the reason is stored" \
  "$(sql "SELECT count(*) FROM petitions WHERE id = $conf AND note LIKE '%$phone%'")" 1

# read_all WHO FILE: every read path, one connection, each reply appended to
# FILE as it left the server; prints the probe's summary lines.
read_all() {
  probe "$1" hello expect \
    get "$den" expect-dump "$2" get "$den_receipt" expect-dump "$2" \
    history "$den" expect-dump "$2" get "$conf" expect-dump "$2" \
    history "$conf" expect-dump "$2" list "" expect-dump "$2" \
    list-text "$phone" expect-dump "$2" list-text "Kín" expect-dump "$2" \
    changes "" "" "" "" expect-dump "$2"
}
# The handling commune's reception officer and leader may read all of it.
for who in hoa leader; do
  : >"$T/$who.bin"
  lines=$(read_all "$who" "$T/$who.bin")
  expect_eq "$who: every read answered" "$(grep -c -E '^(reply|error) id=' <<<"$lines")" 10
  for needle in "$name" "$phone"; do
    expect_eq "$who reads '$needle' in summary, note and reason" \
      "$(grep -a -o -F "$needle" "$T/$who.bin" | wc -l | awk '$1 >= 6 {print "yes"}')" yes
  done
  expect_contains "$who: the phone finds the denunciation" \
    "$(sed -n 8p <<<"$lines")" "receipt=$den_receipt"
done
# Everyone else: the commune's Front, a sibling commune, the province's
# dashboard, Front and administrator, another province, the nation.
for who in front_xa lan muongnhe tinh front_tinh admin dash_db nation admin_vn; do
  : >"$T/$who.bin"
  lines=$(read_all "$who" "$T/$who.bin")
  expect_eq "$who: every read answered" "$(grep -c -E '^(reply|error) id=' <<<"$lines")" 10
  for needle in "$name" "$phone" "Kín" "0987"; do
    expect_eq "$who: '$needle' in no reply" "$(grep -a -c -F "$needle" "$T/$who.bin")" 0
  done
  # (lines 8 and 9: the searches by phone and by name)
  expect_eq "$who: searching the sealed texts finds nothing" \
    "$(sed -n '8,9p' <<<"$lines" | grep -c 'receipt=')" 0
done
# The Front of the commune sees the petitions exist, marked redacted.
lines=$(probe front_xa hello expect get "$den" expect history "$den" expect)
expect_contains "front: the denunciation is shown, redacted" "$(sed -n 2p <<<"$lines")" "redacted=1"
expect_contains "front: its history is shown" "$(sed -n 3p <<<"$lines")" "actions=submit,note"
for fmt in table json csv; do
  other=$(cli front_xa --format "$fmt" history "$den")
  expect_not_contains "front history, $fmt: no phone" "$other" "$phone"
  other=$(cli front_xa --format "$fmt" list)
  expect_not_contains "front list, $fmt: no phone" "$other" "$phone"
done

# Each of those reads is recorded; the history shows them on request only.
expect_eq "the officers' reads of the denunciation are recorded" \
  "$(sql "SELECT count(*) > 0 FROM petition_events WHERE petition_id = $den AND action = 'identity_read'")" t
out=$(cli hoa --format csv history "$den")
expect_not_contains "history: the reads are not steps" "$out" "identity_read"
expect_contains "history: the steps are there" "$out" "note"
expect_contains "history --audit: the reads too" \
  "$(cli hoa --format csv history --audit "$den")" "identity_read"

# The stored row keeps everything; only what leaves the server is redacted.
expect_eq "identity stored in full" \
  "$(sql "SELECT count(*) FROM petitions WHERE petitioner_name = '$name' AND petitioner_id_number = '$idno'")" 2
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
