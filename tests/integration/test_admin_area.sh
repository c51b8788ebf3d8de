#!/usr/bin/env bash
# An administrator acts only on its own area. The admin of province 12 cannot
# take over a principal of province 11, active or revoked, nor lift a
# revocation of its own area without saying so; and public holidays, which
# are national, are loaded by an administrator of the nation only. Every
# refusal leaves the database as it was, checked in SQL.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

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

fp_of() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; }
# The principal of a fingerprint as SQL sees it: unit, role, name, revoked.
row_of() {
  sql "SELECT u.code, p.role, p.name, p.revoked_at IS NOT NULL
         FROM principals p JOIN units u ON u.id = p.unit_id
        WHERE p.cert_sha256 = '$1'"
}

# Another province's principal ------------------------------------------------------

# dash_db is the dashboard of province 11; admin is the admin of province 12.
foreign=$(fp_of "$TD_PKI/dash_db.crt")
before=$(row_of "$foreign")
expect_eq "setup: dash_db is province 11's dashboard" "$before" "11|dashboard|Giàng A Dũng|f"

refused "province 12 re-registers province 11's principal" PERMISSION_DENIED \
  cli admin admin principal add --cert "$TD_PKI/dash_db.crt" --role leader --unit 03390
expect_contains "... and says why" "$last" "outside your area"
expect_eq "... and nothing changed" "$(row_of "$foreign")" "$before"

sql "UPDATE principals SET revoked_at = now() WHERE cert_sha256 = '$foreign'" >/dev/null
before=$(row_of "$foreign")
refused "province 12 brings back province 11's revoked principal" PERMISSION_DENIED \
  cli admin admin principal add --cert "$TD_PKI/dash_db.crt" --role leader --unit 03390 --reactivate
expect_eq "... and it stays revoked in province 11" "$(row_of "$foreign")" "$before"
refused "... and it cannot connect" UNAUTHENTICATED cli dash_db whoami

# The server judges it whatever a client sends.
out=$(probe admin add-principal "$TD_PKI/dash_db.crt" reception 03390 expect)
expect_contains "server: a foreign certificate: PERMISSION_DENIED" "$out" "code=PERMISSION_DENIED"
expect_eq "server: ... nothing changed" "$(row_of "$foreign")" "$before"

# A revoked principal of its own area -------------------------------------------------

own=$(fp_of "$TD_PKI/lan.crt")
sql "UPDATE principals SET revoked_at = now() WHERE cert_sha256 = '$own'" >/dev/null
before=$(row_of "$own")
refused "registering a revoked certificate again, without --reactivate" CONFLICT \
  cli admin admin principal add --cert "$TD_PKI/lan.crt" --role leader --unit 03390
expect_contains "... names the option that would" "$last" "--reactivate"
expect_eq "... and it stays revoked, unchanged" "$(row_of "$own")" "$before"
refused "... so its holder is still refused" UNAUTHENTICATED cli lan whoami

rc=0
out=$(cli admin admin principal add --cert "$TD_PKI/lan.crt" --role reception --unit 03405 --reactivate 2>&1) || rc=$?
expect_eq "--reactivate: its own area's admin lifts the revocation" "$rc" 0
expect_eq "--reactivate: active again, where it was" "$(row_of "$own")" "03405|reception|Lò Thị Lan|f"
expect_contains "--reactivate: its holder works again" "$(cli lan whoami 2>&1)" "Lò Thị Lan"

# Public holidays are national ------------------------------------------------------

holidays() {
  sql "SELECT count(*) || ' ' || coalesce(string_agg(to_char(day, 'YYYY-MM-DD') || ' ' || name, ',' ORDER BY day), '')
         FROM public_holidays WHERE extract(year FROM day) = 2026"
}
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = 2026 ORDER BY day" >"$T/holidays-2026.csv"
echo "2026-11-02,Ngày nghỉ do tỉnh tự thêm" >>"$T/holidays-2026.csv"
before=$(holidays)
refused "a province's admin loads the national holidays" PERMISSION_DENIED \
  cli admin admin holidays load 2026 "$T/holidays-2026.csv"
expect_contains "... and is told who may" "$last" "administrator of the nation"
expect_eq "... and the calendar is as it was" "$(holidays)" "$before"

rc=0
out=$(cli admin_vn admin holidays load 2026 "$T/holidays-2026.csv" 2>&1) || rc=$?
expect_eq "the nation's admin loads them" "$rc" 0
expect_contains "the nation's admin: the added day is there" "$(holidays)" "2026-11-02 Ngày nghỉ do tỉnh tự thêm"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
