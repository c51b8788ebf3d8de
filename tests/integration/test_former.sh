#!/usr/bin/env bash
# Former communes: after a merger, list, show and stats --unit OLD work for
# the successor's officers and for those above it, showing what was recorded
# under the old commune; a neighbouring commune's officer is refused as for
# a unit that does not exist, so access never widens beyond the successor's
# own area.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# An officer of xã Khun Há (03430), this test's own certificate (TD_PKI is
# shared by tests running in parallel).
khun=former_$$
td_cleanup_push rm -f "$TD_PKI/$khun.crt" "$TD_PKI/$khun.key"
"$TD_SRC/deploy/pki.sh" issue "$TD_PKI" "Đèo Văn Khun" --out "$khun" --unit 03430 \
  --role reception >/dev/null
cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03430 >/dev/null

# submit WHO ARGS...: records a petition as WHO; prints its id.
submit() {
  local who=$1
  shift
  cli "$who" --format json submit --channel regular_reception "$@" |
    sed -n 's/^{"id":\([0-9]*\),.*/\1/p'
}
# The receipt numbers of a csv listing, sorted.
receipts() { cut -d, -f2 | { grep -v receipt_no || true; } | sort; }

kh1=$(submit "$khun" --kind complaint --summary "Khiếu nại về đất nương bản Khun Há")
kh2=$(submit "$khun" --kind feedback --summary "Phản ánh đường vào bản Khun Há bị sạt")
submit lan --kind complaint --summary "Đề nghị sửa cầu treo bản Tả Lèng" >/dev/null
kh_receipts=$(sql "SELECT receipt_no FROM petitions WHERE id IN ($kh1, $kh2) ORDER BY 1")

# Before the merger, 03430 is not xã Tả Lèng's.
rc=0
out=$(cli lan list --unit 03430 2>&1) || rc=$?
expect_eq "before: xã Tả Lèng cannot list xã Khun Há" "$rc" 4

# Xã Tả Lèng (03405) and xã Khun Há (03430) become a new xã Tả Lèng that
# keeps the code 03405.
cli admin admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01 >/dev/null
expect_eq "merged: Khun Há has a successor" \
  "$(sql "SELECT count(*) FROM units WHERE code = '03430' AND merged_into IS NOT NULL")" 1

# The successor's officer lists what was recorded under the former commune.
rc=0
out=$(cli lan --format csv list --unit 03430 --all 2>&1) || rc=$?
expect_eq "after: lan lists the former xã Khun Há (exit 0)" "$rc" 0
expect_eq "after: exactly Khun Há's petitions" "$(receipts <<<"$out")" "$kh_receipts"
out=$(cli lan list --unit 03430)
expect_contains "after: the table shows a Khun Há petition" "$out" "Khiếu nại về đất"
expect_not_contains "after: but not Tả Lèng's own" "$out" "cầu treo"
# Filters still apply within the former commune.
out=$(cli lan --format csv list --unit 03430 --kind feedback)
expect_eq "after: --kind within the former commune" "$(receipts <<<"$out")" \
  "$(sql "SELECT receipt_no FROM petitions WHERE id = $kh2")"
# The successor's own code is the successor, with both communes under it.
out=$(cli lan --format csv list --unit 03405 --all)
expect_eq "after: --unit 03405 is the new xã Tả Lèng, all three" \
  "$(receipts <<<"$out" | wc -l)" 3
# show reads a former commune's petition.
rc=0
out=$(cli lan show "$kh1" 2>&1) || rc=$?
expect_eq "after: lan shows a Khun Há petition" "$rc" 0
expect_contains "... with its unit, the former commune" "$out" "03430"

# stats --unit 03430 counts what was recorded there, and only that.
rc=0
out=$(cli lan --format csv stats --unit 03430 --from 2026-01 --to 2026-12 --by kind 2>&1) || rc=$?
expect_eq "after: stats of the former commune (exit 0)" "$rc" 0
expect_contains "stats: the complaint counted" "$out" "complaint,1"
expect_contains "stats: the feedback counted" "$out" "feedback,1"
json=$(cli lan --format json stats --unit 03430 --from 2026-01 --to 2026-12)
expect_contains "stats: two received in all" "$json" '"received":2'
json=$(cli lan --format json stats --unit 03405 --from 2026-01 --to 2026-12)
expect_contains "stats of the successor: three received" "$json" '"received":3'

# Above the successor, the province sees the former commune too.
out=$(cli tinh --format csv list --unit 03430 --all)
expect_eq "province: lists the former xã Khun Há" "$(receipts <<<"$out")" "$kh_receipts"

# A neighbour commune's officer (xã Bình Lư, same province) and another
# province's are refused, as for a unit that does not exist, and learn
# nothing.
for who in hoa muongnhe; do
  rc=0
  out=$(cli "$who" list --unit 03430 2>&1) || rc=$?
  expect_eq "$who: list --unit 03430 refused (exit 4)" "$rc" 4
  expect_not_contains "$who: nothing of Khun Há shown" "$out" "Khun Há"
  expect_eq "$who: refused as a unit that does not exist" \
    "${out//03430/X}" "$(cli "$who" list --unit 09999 2>&1 | sed "s/09999/X/g")"
  rc=0
  out=$(cli "$who" stats --unit 03430 2>&1) || rc=$?
  expect_eq "$who: stats --unit 03430 refused (exit 4)" "$rc" 4
  rc=0
  out=$(cli "$who" show "$kh1" 2>&1) || rc=$?
  expect_eq "$who: show of a Khun Há petition refused (exit 4)" "$rc" 4
done

# Xã Bình Lư's own predecessor, xã Sơn Bình (03413, merged in 2025), is its
# officer's to list and count, and no one else's commune's.
rc=0
out=$(cli hoa list --unit 03413 2>&1) || rc=$?
expect_eq "hoa lists her predecessor 03413 (exit 0)" "$rc" 0
rc=0
cli hoa stats --unit 03413 >/dev/null 2>&1 || rc=$?
expect_eq "hoa counts her predecessor 03413 (exit 0)" "$rc" 0
rc=0
out=$(cli lan list --unit 03413 2>&1) || rc=$?
expect_eq "lan may not list Bình Lư's predecessor (exit 4)" "$rc" 4

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
