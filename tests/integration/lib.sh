# shellcheck shell=bash
# tests/integration/lib.sh - what every integration test sources.
#
# tests/run.sh prepares one PostgreSQL cluster, a PKI and a template database
# (migrated, seeded with units, principals registered) and exports:
#   TD_PG_DIR, TD_PG_PORT  the cluster;  TD_TEMPLATE  the template database;
#   TD_PKI                 the certificates (ca.crt, server.*, <who>.crt/key).
# ctest exports TD_BUILD (the build under test) and TD_SRC.
# Each test gets a database of its own and starts its own tiepdand, so tests
# can run in parallel and a test may stop its server however it likes.
# Without that environment a test exits 77, which ctest reports as skipped.

set -euo pipefail

if [[ -z "${TD_PG_DIR:-}" || -z "${TD_BUILD:-}" || -z "${TD_PKI:-}" ]]; then
  echo "skipped: run through tests/run.sh" >&2
  exit 77
fi

# shellcheck source=deploy/lib.sh
. "$TD_SRC/deploy/lib.sh"

# The client speaks Vietnamese by default (client/lang/); these tests check
# its English source wording, and tests/i18n/ checks the Vietnamese. A test
# that wants the Vietnamese sets TIEPDAN_LANG=vi for its command.
export TIEPDAN_LANG=en

T=$(td_tmpdir "tiepdan-$(basename "$0" .sh)")
[[ -n "${TD_KEEP:-}" ]] || td_cleanup_push rm -rf "$T"
TD_DB="t_$(basename "$0" .sh)_$$"
# Each test's clients keep their outboxes (issue 13) in its own folder, one
# file per certificate, never in the home folder of whoever runs the tests.
export TIEPDAN_OUTBOX="$T/outbox"
TD_SERVER_PID=
TD_PORT=
TD_FAILED=0

# Database -------------------------------------------------------------------

# A fresh database for this test, copied from the template.
td_test_db() {
  td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE \"$TD_DB\" TEMPLATE \"$TD_TEMPLATE\""
  td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS \"$TD_DB\" WITH (FORCE)"
}

# Runs SQL in the test database and prints the rows unaligned, '|'-separated.
sql() { td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -At -c "$1"; }

# Statistics oracles -----------------------------------------------------------

# Rows in which stat_cells and td_stat_recount (a recount from the petitions)
# differ: 0 when the aggregates are right.
recount_diff() {
  sql "SELECT count(*) FROM (
         (SELECT * FROM stat_cells WHERE n > 0 EXCEPT SELECT * FROM td_stat_recount)
         UNION ALL
         (SELECT * FROM td_stat_recount EXCEPT SELECT * FROM stat_cells WHERE n > 0)) d"
}

# The same for the province and nation rollup: what stat_rollup and
# stat_rollup_open, with the changes not yet folded into them, add up to,
# against a recount from the petitions.
measures="received, accepted, not_accepted, transferred, resolved, answered_in_writing,
  mediated_successfully, mediation_failed, decision_issued, withdrawn, resolved_on_time,
  resolved_late, open, group_petitions"
sums=$(sed -E 's/([a-z_]+)/sum(\1)/g' <<<"$measures")
rollup_diff() {
  sql "WITH now AS (
         SELECT province_id, month, $sums
         FROM (SELECT province_id, month, $measures FROM stat_rollup
               UNION ALL
               SELECT province_id, month, $measures FROM stat_rollup_pending) r
         GROUP BY 1, 2 HAVING sum(received) <> 0 OR sum(open) <> 0),
       re AS (SELECT * FROM td_stat_rollup_recount),
       onow AS (
         SELECT province_id, month, td_stat_bucket(deadline) AS deadline, sum(open)
         FROM (SELECT province_id, month, deadline, open FROM stat_rollup_open
               UNION ALL
               SELECT province_id, month, deadline, open FROM stat_rollup_pending
               WHERE open <> 0) o
         GROUP BY 1, 2, 3 HAVING sum(open) <> 0),
       ore AS (SELECT * FROM td_stat_rollup_open_recount)
       SELECT (SELECT count(*) FROM ((TABLE now EXCEPT TABLE re) UNION ALL (TABLE re EXCEPT TABLE now)) d)
            + (SELECT count(*) FROM ((TABLE onow EXCEPT TABLE ore) UNION ALL (TABLE ore EXCEPT TABLE onow)) d)
            + ($(cum_diff_sql))"
}

# The running totals of the rollup (stat_rollup_cum) against a recount from
# stat_rollup and stat_rollup_open: what a period's totals read is, at any
# month, the latest row up to it, so both must give the same at every month
# either has a row for (a missing row, or a wrong one, counts).
cum_diff_sql() {
  local m same=""
  for m in ${measures//,/ } overdue; do
    same+=" AND coalesce(c.$m, 0) = coalesce(r.$m, 0)"
  done
  printf '%s' "WITH re AS MATERIALIZED (SELECT * FROM td_stat_rollup_cum_recount),
         k AS (SELECT province_id, month FROM stat_rollup_cum
               UNION SELECT province_id, month FROM re)
    SELECT count(*) FROM k
    LEFT JOIN LATERAL (SELECT * FROM stat_rollup_cum x
                       WHERE x.province_id = k.province_id AND x.month <= k.month
                       ORDER BY x.month DESC LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT * FROM re x
                       WHERE x.province_id = k.province_id AND x.month <= k.month
                       ORDER BY x.month DESC LIMIT 1) r ON true
    WHERE NOT (true$same)"
}
# Server ---------------------------------------------------------------------

# Starts tiepdand on a free port with the test's database; extra flags pass
# through. The server's log is $T/server.log.
td_server_start() {
  local db=${TD_SERVER_DB:-$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")}
  local try
  for try in 1 2 3 4 5; do
    TD_PORT=$(td_free_port)
    "$TD_BUILD/tiepdand" --listen "127.0.0.1:$TD_PORT" --db "$db" \
      --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
      --metrics-listen off "$@" >>"$T/server.log" 2>&1 &
    TD_SERVER_PID=$!
    if td_wait_listening 15; then
      td_cleanup_push td_stop_pid "$TD_SERVER_PID" 10
      return 0
    fi
    # Another test may have taken the port between the check and the bind.
    grep -q "address already in use" "$T/server.log" || break
    wait "$TD_SERVER_PID" 2>/dev/null || true
    echo "port $TD_PORT taken (try $try); retrying" >&2
  done
  echo "tiepdand did not start; its log:" >&2
  cat "$T/server.log" >&2
  return 1
}

# Waits until the current server logs that it is listening on TD_PORT.
td_wait_listening() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    grep -q "listening on 127.0.0.1:$TD_PORT\$" "$T/server.log" 2>/dev/null && return 0
    kill -0 "$TD_SERVER_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Sends SIGTERM, waits, and leaves the server's exit status in TD_SERVER_RC.
# (Not in a $(...) subshell: only this shell can wait for its child.)
td_server_stop() {
  TD_SERVER_RC=0
  kill -TERM "$TD_SERVER_PID"
  wait "$TD_SERVER_PID" || TD_SERVER_RC=$?
}

# Clients --------------------------------------------------------------------

# The client speaks English to the tests, whose checks read its English
# words; a test of the Vietnamese gives --lang vi (or sets TIEPDAN_LANG).
export TIEPDAN_LANG=${TIEPDAN_LANG:-en}

# cli WHO ARGS...: runs the tiepdan client as WHO (a certificate in TD_PKI).
cli() {
  local who=$1
  shift
  "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/$who.crt" --key "$TD_PKI/$who.key" --timeout 20 "$@"
}

# probe WHO ACTIONS...: the raw protocol peer (tests/integration/probe.c).
probe() {
  local who=$1
  shift
  "$TD_BUILD/tests/td_probe" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/$who.crt" --key "$TD_PKI/$who.key" "$@"
}

# outbox_of WHO: the file of WHO's outbox (issue 13): one per certificate,
# named after the start of its SHA-256 fingerprint, as the client names it.
outbox_of() {
  local fp
  fp=$(openssl x509 -in "$TD_PKI/$1.crt" -outform DER | sha256sum | cut -c1-16)
  printf '%s/outbox-%s.db\n' "$TIEPDAN_OUTBOX" "$fp"
}

# proxy_start ARGS...: td_flaky_proxy (tests/integration/flaky_proxy.c) in
# the background, a link that drops, delays and cuts; PROXY_PID and
# PROXY_PORT once it is ready.
proxy_start() {
  local i
  "$TD_BUILD/tests/td_flaky_proxy" --listen 127.0.0.1:0 "$@" >"$T/proxy.out" 2>"$T/proxy.err" &
  PROXY_PID=$!
  td_cleanup_push td_stop_pid "$PROXY_PID" 5
  PROXY_PORT=
  for ((i = 0; i < 50; i++)); do
    PROXY_PORT=$(sed -n 's/^[a-z]* on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/proxy.out")
    [[ -z "$PROXY_PORT" ]] || break
    sleep 0.1
  done
  [[ -n "$PROXY_PORT" ]] || fail "td_flaky_proxy $* starts" "$(cat "$T/proxy.err")"
}

# A new random UUID for an idempotency key.
uuid() { cat /proc/sys/kernel/random/uuid; }

# Moved clocks -----------------------------------------------------------------

FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

# td_need_faketime [--not-asan]: ends the test unless libfaketime is there;
# with --not-asan, skips it (77) on the sanitizer build, whose runtime and
# libfaketime both hook the clock early and hang the server's start.
td_need_faketime() {
  [[ -f $FAKETIME_LIB ]] || {
    echo "faketime is not installed (tests/run.sh installs it)" >&2
    exit 1
  }
  if [[ ${1:-} == --not-asan ]] && grep -q __asan_init "$TD_BUILD/tiepdand"; then
    echo "skipped on the sanitizer build: libfaketime hangs its start"
    exit 77
  fi
}

# at WHEN CMD...: CMD with its clock starting at WHEN (Vietnam time) and
# running on. frozen WHEN CMD...: stopped at WHEN. libuv's timers keep the
# real monotonic clock in both.
at() {
  local when=$1
  shift
  TZ=Asia/Ho_Chi_Minh FAKETIME="@$when" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    LD_PRELOAD=$FAKETIME_LIB "$@"
}
frozen() {
  local when=$1
  shift
  TZ=Asia/Ho_Chi_Minh FAKETIME="$when" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    LD_PRELOAD=$FAKETIME_LIB "$@"
}

# Assertions -------------------------------------------------------------------
# Each prints what it checked; a failure is recorded and the test goes on, so
# one run shows every broken behaviour. td_done ends the test.

pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1"
  [[ $# -gt 1 ]] && printf '     %s\n' "${@:2}"
  TD_FAILED=$((TD_FAILED + 1))
}

# expect_eq WHAT ACTUAL EXPECTED
expect_eq() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $3" "actual:   $2"; fi
}

# expect_contains WHAT HAYSTACK NEEDLE
expect_contains() {
  if [[ "$2" == *"$3"* ]]; then pass "$1"; else fail "$1" "expected to contain: $3" "actual: $2"; fi
}

# expect_not_contains WHAT HAYSTACK NEEDLE
expect_not_contains() {
  if [[ "$2" != *"$3"* ]]; then pass "$1"; else fail "$1" "expected not to contain: $3" "actual: $2"; fi
}

# run_cmd VAR_OUT VAR_RC CMD...: runs CMD capturing stdout+stderr and status.
run_cmd() {
  local -n _out=$1 _rc=$2
  shift 2
  _rc=0
  _out=$("$@" 2>&1) || _rc=$?
}

# Ends the test: non-zero if anything failed (the server log helps then).
td_done() {
  if ((TD_FAILED > 0)); then
    echo "$TD_FAILED check(s) failed; server log:"
    [[ -f "$T/server.log" ]] && tail -n 60 "$T/server.log"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
