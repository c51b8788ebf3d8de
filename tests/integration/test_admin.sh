#!/usr/bin/env bash
# Administration through the wire: the administrator registers a new
# officer's certificate, and the officer can work at once; revokes it, and
# its very next request is refused, on a connection already open too; and
# records the merger of two communes, after which the successor sees, handles
# and counts what both did, and the officers of both act for it. None of it
# needs a restart of the server.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# A new officer of xã Khun Há (03430). The certificates in TD_PKI are shared
# by tests running in parallel, so this one's name is this test's own.
khun=khunha_$$
td_cleanup_push rm -f "$TD_PKI/$khun.crt" "$TD_PKI/$khun.key"
fp=$("$TD_SRC/deploy/pki.sh" issue "$TD_PKI" "Đèo Văn Khun" --out "$khun" --unit 03430 --role reception)

# refused WHAT CODE CMD...: CMD exits 4 with the refusal CODE; what it wrote
# is left in $last.
last=
refused() {
  local what=$1 code=$2 rc=0
  shift 2
  last=$("$@" 2>&1) || rc=$?
  expect_eq "$what: refused (exit 4)" "$rc" 4
  expect_contains "$what: $code" "$last" "refused: $code:"
}

# usage_error WHAT NEEDLE CMD...: CMD exits 2 and says NEEDLE.
usage_error() {
  local what=$1 needle=$2 rc=0
  shift 2
  last=$("$@" 2>&1) || rc=$?
  expect_eq "$what: usage error (exit 2)" "$rc" 2
  expect_contains "$what: says why" "$last" "$needle"
}

# as WHO ARGS...: the client as WHO, all it wrote on stdout and stderr; if it
# fails, that is printed too, so that the check reading it fails and says
# why while the test goes on to the next.
as() { cli "$@" 2>&1 || echo "(tiepdan exited $?)"; }

registered() { sql "SELECT count(*) FROM principals WHERE cert_sha256 = '$fp'"; }

for cmd in "admin" "admin principal" "admin principal add" "admin principal revoke" \
  "admin principal list" "admin unit" "admin unit merge"; do
  rc=0
  # shellcheck disable=SC2086 # the words of the command
  out=$("$TD_BUILD/tiepdan" $cmd --help 2>&1) || rc=$?
  expect_eq "$cmd --help: exit 0" "$rc" 0
  expect_contains "$cmd --help: its usage" "$out" "Usage: tiepdan [GLOBAL OPTIONS] $cmd"
done

# Registering ---------------------------------------------------------------------

refused "before registration the officer is unknown" UNAUTHENTICATED cli "$khun" whoami
refused "a reception officer cannot register anyone" PERMISSION_DENIED \
  cli hoa admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03430
refused "a unit that does not exist" INVALID_ARGUMENT \
  cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 09999
expect_contains "a unit that does not exist: names the option" "$last" "field: unit_code (option --unit)"
refused "a unit of another province" INVALID_ARGUMENT \
  cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03160
usage_error "the private key instead of the certificate" "private key, not a certificate" \
  cli admin admin principal add --cert "$TD_PKI/$khun.key" --role reception --unit 03430
printf 'Đèo Văn Khun, cán bộ tiếp dân xã Khun Há\n' >"$T/not-a-cert.txt"
usage_error "a file that is not a certificate" "is not a PEM certificate" \
  cli admin admin principal add --cert "$T/not-a-cert.txt" --role reception --unit 03430
usage_error "a role that does not exist" "--role" \
  cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role chairman --unit 03430
# The server judges the certificate too, whatever a client sends.
out=$(probe admin add-principal "$T/not-a-cert.txt" reception 03430 expect)
expect_contains "server: not a certificate: INVALID_ARGUMENT" "$out" "code=INVALID_ARGUMENT"
expect_contains "server: not a certificate: names the field" "$out" "field=certificate_pem "
expect_eq "nothing was registered by the refused requests" "$(registered)" 0

out=$(as admin --lang en admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03430)
kid=$(sql "SELECT id FROM principals WHERE cert_sha256 = '$fp'")
expect_contains "add: prints the new principal's id" "$out" "Principal $kid registered."
expect_contains "add: the name is the certificate's" "$out" "Đèo Văn Khun"
expect_contains "add: the role" "$out" "reception"
expect_contains "add: the unit" "$out" "03430 Xã Khun Há"
expect_contains "add: the fingerprint, whole" "$out" "$fp"
out=$(as "$khun" whoami)
expect_contains "the new officer works at once, without a restart" "$out" "Đèo Văn Khun"
expect_contains "the new officer acts for xã Khun Há" "$out" "03430 Xã Khun Há"

out=$(as admin admin principal list)
expect_contains "list: the new officer is there" "$out" "Đèo Văn Khun"
expect_contains "list: the table shows the fingerprint's first 16 digits" "$out" "${fp:0:16}…"
expect_not_contains "list: the table does not show it whole" "$out" "$fp"
csv=$(as admin --format csv admin principal list --unit 03430)
expect_contains "list csv: the whole fingerprint" "$csv" "$fp"
expect_eq "list --unit 03430: the header and its one officer" "$(grep -c '' <<<"$csv")" 2
expect_contains "list json: the whole fingerprint" \
  "$(as admin --format json admin principal list --unit 03430)" "\"fingerprint\":\"$fp\""
refused "a dashboard cannot list principals" PERMISSION_DENIED cli tinh admin principal list

# Revoking ------------------------------------------------------------------------

usage_error "revoke: neither an id nor a fingerprint" "fingerprint" \
  cli admin admin principal revoke Khun
refused "revoke: a principal that does not exist" NOT_FOUND cli admin admin principal revoke 999999
refused "a reception officer cannot revoke anyone" PERMISSION_DENIED \
  cli hoa admin principal revoke "$kid"

# One connection, open before the revocation: it was served, and its next
# request is refused.
probe "$khun" hello expect sleep 1500 hello expect >"$T/open.out" 2>"$T/open.err" &
probe_pid=$!
for ((i = 0; i < 200; i++)); do
  grep -q hello_reply "$T/open.out" && break
  sleep 0.05
done
out=$(as admin --lang en admin principal revoke "$kid")
wait "$probe_pid" || true
expect_contains "revoke: prints the principal" "$out" "Principal $kid revoked."
expect_eq "open connection: before the revocation, served" "$(sed -n 1p "$T/open.out")" "reply id=1 hello_reply"
expect_contains "open connection: the next request is refused" "$(sed -n 2p "$T/open.out")" \
  "code=UNAUTHENTICATED"
refused "revoked: a new connection is refused" UNAUTHENTICATED cli "$khun" whoami
expect_contains "revoked: the officer is told" "$last" "revoked"
expect_contains "revoked: the server logs the refusal" "$(cat "$T/server.log")" "$fp"

expect_not_contains "list: a revoked principal is not listed by default" \
  "$(as admin admin principal list)" "Đèo Văn Khun"
row=$(as admin --format csv admin principal list --all | grep "Đèo Văn Khun" || true)
expect_contains "list --all csv: the revoked principal" "$row" "$fp"
if [[ $row =~ ,2[0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9:]+[+-][0-9:]+$'\r'$ ]]; then
  pass "list --all csv: revoked_at is set"
else
  fail "list --all csv: revoked_at is set" "row: $row"
fi
row=$(as admin admin principal list --all | grep "Đèo Văn Khun" || true)
if [[ $row =~ [0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9:]{5}\ +[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9:]{5}$ ]]; then
  pass "list --all table: REVOKED shows when"
else
  fail "list --all table: REVOKED shows when" "row: $row"
fi

# Registering the certificate again lifts the revocation only when asked to.
refused "registered again without --reactivate" CONFLICT \
  cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03430
refused "... the officer stays revoked" UNAUTHENTICATED cli "$khun" whoami
cli admin admin principal add --cert "$TD_PKI/$khun.crt" --role reception --unit 03430 --reactivate >/dev/null
expect_contains "registered again: the officer works again" "$(as "$khun" whoami)" "Đèo Văn Khun"
expect_eq "registered again: the same principal" "$(sql "SELECT id FROM principals WHERE cert_sha256 = '$fp'")" "$kid"

# Merging ---------------------------------------------------------------------------
#
# Xã Tả Lèng (03405) and xã Khun Há (03430) become a new xã Tả Lèng that
# keeps the code 03405, from 1 July 2026.

# submit WHO ARGS...: records a complaint as WHO; prints its id, or nothing
# if it was refused (then the checks on it fail).
submit() {
  local who=$1
  shift
  as "$who" --format json submit --channel regular_reception --kind complaint "$@" |
    sed -n 's/^{"id":\([0-9]*\),.*/\1/p'
}
receipt() { sql "SELECT receipt_no FROM petitions WHERE id = ${1:-0}"; }
unit_of() { sql "SELECT unit_id FROM petitions WHERE id = ${1:-0}"; }
# The receipt numbers WHO's list shows, sorted.
receipts() { as "$1" --format csv list --all | cut -d, -f2 | { grep -v receipt_no || true; } | sort; }

tl=$(submit lan --summary "Đề nghị sửa cầu treo bản Tả Lèng")
kh=$(submit "$khun" --summary "Khiếu nại về đất nương bản Khun Há")
bl=$(submit hoa --summary "Khiếu nại của xã Bình Lư")
expect_contains "before: lan's petition is numbered TL" "$(receipt "$tl")" "TL-"
expect_contains "before: the Khun Há petition is numbered KH" "$(receipt "$kh")" "KH-"
tl_unit=$(unit_of "$tl")
kh_unit=$(unit_of "$kh")
expect_not_contains "before: lan does not see Khun Há's petitions" "$(receipts lan)" "$(receipt "$kh")"

merge=(admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01)
refused "a reception officer cannot merge units" PERMISSION_DENIED cli hoa "${merge[@]}"
refused "a dashboard cannot merge units" PERMISSION_DENIED cli tinh "${merge[@]}"
refused "merging a unit that does not exist" INVALID_ARGUMENT \
  cli admin admin unit merge 03405 09999 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01
refused "merging a unit of another province" INVALID_ARGUMENT \
  cli admin admin unit merge 03405 03160 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01
out=$(cli admin_vn admin unit merge 03405 03160 --into 03405 --name "Xã Tả Lèng" --on 2026-07-01 2>&1) || true
expect_contains "communes of two provinces do not merge" "$out" \
  "communes merge only within one province"
expect_eq "... and nothing changed" "$(sql "SELECT count(*) FROM units WHERE valid_to IS NOT NULL AND code IN ('03405', '03160')")" 0
usage_error "a merger dated 07/2026" "--on" \
  cli admin admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 07/2026
usage_error "a merger dated 31/06/2026" "--on" \
  cli admin admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 31/06/2026
usage_error "a merger dated on a day that does not exist" "--on" \
  cli admin admin unit merge 03405 03430 --into 03405 --name "Xã Tả Lèng" --on 2026-06-31
expect_eq "the refused mergers changed nothing" \
  "$(sql "SELECT count(*) FROM units WHERE code IN ('03405', '03430') AND valid_to IS NULL")" 2

out=$(as admin --format json "${merge[@]}")
expect_contains "merge: the successor" "$out" '"unit_code":"03405","unit_name":"Xã Tả Lèng"'
expect_contains "merge: its first day" "$out" '"on":"2026-07-01"'
expect_contains "merge: the old Tả Lèng merged" "$out" '{"code":"03405"'
expect_contains "merge: Khun Há merged" "$out" '{"code":"03430"'
expect_contains "merge: the petitions of both" "$out" '"petitions":2'
expect_contains "merge: the officers of both" "$out" '"principals":2'
new_unit=$(sql "SELECT td_unit_by_code('03405')")
expect_eq "the old communes end the day before" \
  "$(sql "SELECT string_agg(valid_to || ' ' || (merged_into = $new_unit), ',') FROM units WHERE id IN ($tl_unit, $kh_unit)")" \
  "2026-06-30 true,2026-06-30 true"

# The successor's officers, from both old communes, see and handle both.
expect_contains "after: the Khun Há officer acts for the new xã Tả Lèng" \
  "$(as "$khun" whoami)" "03405 Xã Tả Lèng"
expect_contains "after: lan acts for it too" "$(as lan whoami)" "03405 Xã Tả Lèng"
lan_sees=$(receipts lan)
expect_contains "after: lan sees her own petition" "$lan_sees" "$(receipt "$tl")"
expect_contains "after: lan sees the Khun Há petition" "$lan_sees" "$(receipt "$kh")"
expect_eq "after: the Khun Há officer sees the same list" "$(receipts "$khun")" "$lan_sees"
rc=0
out=$(cli lan accept "$kh" 2>&1) || rc=$?
expect_eq "after: lan accepts the Khun Há petition" "$rc" 0
expect_eq "after: it is accepted" "$(sql "SELECT status FROM petitions WHERE id = $kh")" accepted

# The records keep where each petition came from; new ones go to the successor
# and carry on its numbering.
expect_eq "old petition of Tả Lèng keeps its old unit" "$(unit_of "$tl")" "$tl_unit"
expect_eq "old petition of Khun Há keeps its old unit" "$(unit_of "$kh")" "$kh_unit"
out=$(as lan --format json submit --channel regular_reception --kind complaint \
  --summary "Đơn đầu tiên của xã Tả Lèng mới")
expect_contains "after: lan records a new petition" "$out" '"receipt_no":"TL-'
tl2=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$out")
out=$(as "$khun" --format json submit --channel regular_reception --kind complaint \
  --summary "Đơn thứ hai của xã Tả Lèng mới")
expect_contains "after: the Khun Há officer records a new petition" "$out" '"receipt_no":"TL-'
kh2=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$out")
expect_eq "a new petition belongs to the successor" "$(unit_of "$tl2")" "$new_unit"
expect_eq "the Khun Há officer's new petition too" "$(unit_of "$kh2")" "$new_unit"
# The old Tả Lèng's counter goes on, past the blocks its reception desks
# leased for offline receipts (issue 13); those of a commune that merged
# are no longer good, so the successor numbers the petitions itself.
old_no=$(receipt "$tl")
n_old=$((10#${old_no##*-}))
old_year=${old_no%-*}
old_year=${old_year##*-}
n_tl2=$(receipt "$tl2")
n_kh2=$(receipt "$kh2")
expect_eq "new receipt numbers continue TL" "${n_tl2%-*}|${n_kh2%-*}" "${old_no%-*}|${old_no%-*}"
n_tl2=$((10#${n_tl2##*-}))
n_kh2=$((10#${n_kh2##*-}))
if ((n_tl2 > n_old && n_kh2 > n_old && n_tl2 != n_kh2)); then
  pass "...after the old numbers, for every officer of the successor"
else
  fail "...after the old numbers, for every officer of the successor" "old $n_old, new $n_tl2 and $n_kh2"
fi
expect_eq "every number skipped lies in a block leased to a workstation" \
  "$(sql "SELECT count(*) FROM generate_series($n_old + 1, greatest($n_tl2, $n_kh2)) n
          WHERE NOT EXISTS (SELECT 1 FROM petitions p
                             WHERE p.receipt_no = '${old_no%-*}-' || lpad(n::text, 6, '0'))
            AND NOT EXISTS (SELECT 1 FROM receipt_leases l
                             WHERE l.year = $old_year AND n BETWEEN l.first_no AND l.last_no)")" 0

# Above it the province sees all of them; beside it xã Bình Lư sees none.
# (A petition refused above has failed its checks already and is skipped.)
province=$(receipts tinh)
binh_lu=$(receipts hoa)
for id in "$tl" "$kh" "$tl2" "$kh2"; do
  [[ -n $id ]] || continue
  no=$(receipt "$id")
  expect_contains "the province's dashboard sees $no" "$province" "$no"
  expect_not_contains "xã Bình Lư does not see $no" "$binh_lu" "$no"
done
expect_contains "xã Bình Lư still sees its own" "$binh_lu" "$(receipt "$bl")"
refused "xã Bình Lư cannot read the merged commune's petition" NOT_FOUND cli hoa show "$kh"

# Revoking by fingerprint, as openssl prints it (upper case, colons).
colons=$(sed 's/../&:/g; s/:$//' <<<"${fp^^}")
out=$(as admin --lang en admin principal revoke "$colons")
expect_contains "revoke by fingerprint: done" "$out" "Principal $kid revoked."
refused "revoked by fingerprint: refused" UNAUTHENTICATED cli "$khun" whoami

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
