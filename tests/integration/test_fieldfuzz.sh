#!/usr/bin/env bash
# Every field of every request, hostile, through the wire
# (tests/integration/fieldfuzz.c): out-of-range integers, unknown enum
# values, invalid UTF-8, NUL bytes, control characters and overlong
# strings. Each is refused by name or by the truth (NOT_FOUND, CONFLICT,
# ...), never INTERNAL; the server stays up; and every table holds exactly
# what it held before.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# What the baselines name: a complaint in Bình Lư and an open session there.
cli hoa session open --type regular --presided-by "Hoàng Văn Lãnh" >/dev/null
cli hoa session open --type dialogue --presided-by "Hoàng Văn Lãnh" >/dev/null
closed=$(sql "SELECT max(id) FROM sessions")
cli hoa session close "$closed" --attendees 10 >/dev/null
cli hoa submit --kind complaint --channel regular_reception --field land \
  --name "Lò Văn Minh" --summary "Khiếu nại ranh giới thửa đất" >/dev/null
petition=$(sql "SELECT id FROM petitions ORDER BY id LIMIT 1")
version=$(sql "SELECT version FROM petitions WHERE id = $petition")
session=$(sql "SELECT min(id) FROM sessions")
# A commune of Điện Biên (11), outside the province 12 administrator's area.
foreign=03160
expect_eq "the foreign code is a unit of province 11 today" \
  "$(sql "SELECT count(*) FROM units WHERE code = '$foreign' AND valid_to IS NULL
            AND td_unit_current(province_id) = td_unit_by_code('11')")" 1

# Every table's rows, as one checksum per table, once the statistics folds
# that the submission started are done.
# job_runs is left out: the servers' periodic jobs record themselves there
# by the clock (sql/schema/020_job_runs.sql), whatever the requests do.
tables=$(sql "SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                AND tablename <> 'job_runs' ORDER BY 1")
snapshot() {
  local t
  for t in $tables; do
    printf '%s %s\n' "$t" "$(sql "SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-') FROM \"$t\" x")"
  done
}
folded() {
  local i
  for ((i = 0; i < 100; i++)); do
    [[ $(sql "SELECT count(*) FROM stat_rollup_pending") == 0 ]] && return 0
    sleep 0.1
  done
  return 1
}
folded || fail "the submission's statistics were folded"
before=$(snapshot)
expect_contains "the snapshot covers petitions" "$before" "petitions 1 "
expect_contains "the snapshot covers sessions" "$before" "sessions 2 "

run_cmd out rc "$TD_BUILD/tests/td_fieldfuzz" --server "127.0.0.1:$TD_PORT" \
  --ca "$TD_PKI/ca.crt" --pki "$TD_PKI" --petition "$petition" \
  --version "$version" --session "$session" --closed-session "$closed" --foreign-code "$foreign" --verbose
summary=$(grep '^fieldfuzz:' <<<"$out" || true)
# Every mutation and its answer with TD_FIELDFUZZ_VERBOSE=1, else the failures.
if [[ -n "${TD_FIELDFUZZ_VERBOSE:-}" ]]; then echo "$out"; else grep '^FAIL' <<<"$out" | head -n 40 || true; fi
echo "$summary"
expect_eq "no mutation answered INTERNAL, OK unjustified or unnamed" "$rc" 0
expect_contains "every request type was fuzzed" "$summary" "of 29 request types"
expect_not_contains "nothing came back INTERNAL" "$summary" "INTERNAL"
kill -0 "$TD_SERVER_PID" 2>/dev/null && pass "the server is still running" ||
  fail "the server is still running"

sleep 1
folded || fail "nothing is left to fold"
after=$(snapshot)
if [[ "$after" == "$before" ]]; then
  pass "every table holds what it held before ($(wc -l <<<"$tables") tables)"
else
  fail "every table holds what it held before" "$(diff <(echo "$before") <(echo "$after") || true)"
fi
td_done
