# shellcheck shell=bash
# tests/ha/lib.sh - what the failover tests share: a whole cluster of their
# own (deploy/cluster/cluster.sh up, stopped and removed at exit), the load
# generator through HAProxy, and pass/fail lines as in tests/integration.
#
# A test runs as root on Debian 12: tests/ha/run.sh BUILD_DIR, or by itself
# with TD_BUILD set (default: the repository's build/). TD_KEEP=1 leaves the
# cluster and its folder.

set -euo pipefail

HA_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$HA_SRC/deploy/lib.sh"
HA_BUILD=$(cd "${TD_BUILD:-$HA_SRC/build}" && pwd)
HA_CLUSTER=$HA_SRC/deploy/cluster/cluster.sh
export TIEPDAN_LANG=en TZ=Asia/Ho_Chi_Minh
TD_FAILED=0
ha_started=$(date +%s)

pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1"
  shift
  local l
  for l in "$@"; do printf '       %s\n' "$l"; done
  TD_FAILED=$((TD_FAILED + 1))
}
expect_eq() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $3" "actual:   $2"; fi
}
# expect_le NAME A B: A <= B (integers).
expect_le() {
  if [[ $2 =~ ^[0-9]+$ && $3 =~ ^[0-9]+$ ]] && (($2 <= $3)); then pass "$1"; else
    fail "$1" "expected at most $3" "actual: $2"
  fi
}
# ha_kill PID: stop a helper of the test if it still runs.
ha_kill() { kill "$1" 2>/dev/null || true; }
note() { printf '     %s\n' "$*"; }
step() { printf '== %s (%ds)\n' "$*" $(($(date +%s) - ha_started)); }

# ha_up [cluster.sh up options]: a cluster in a folder of its own; sets
# CL (its folder) and sources its cluster.env.
ha_up() {
  CL=$(td_tmpdir "tiepdan-$(basename "$0" .sh)")
  if [[ -z ${TD_KEEP:-} ]]; then
    td_cleanup_push rm -rf "$CL"
    td_cleanup_push ha_down
  fi
  step "cluster up $*"
  "$HA_CLUSTER" up "$CL" --build "$HA_BUILD" "$@" | sed 's/^/   /'
  # shellcheck source=/dev/null
  . "$CL/cluster.env"
}
ha_down() {
  [[ -f $CL/cluster.env ]] || return 0
  "$HA_CLUSTER" down "$CL" >/dev/null || td_err "cluster.sh down $CL failed"
}

# sql QUERY: rows from the database, through HAProxy's primary port.
sql() { "$(td_pg_bin)/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$TD_CL_DB" -c "$1"; }

# cli CERT ARGS...: the client through HAProxy as CERT (a name in DIR/pki).
cli() {
  local who=$1
  shift
  "$HA_BUILD/tiepdan" --server "$TD_CL_CLIENT" --ca "$TD_CL_PKI/ca.crt" \
    --cert "$TD_CL_PKI/$who.crt" --key "$TD_CL_PKI/$who.key" "$@"
}

# ha_load SECONDS: 16 submitters through HAProxy, spread over three
# communes' certificates, reconnecting and sending again with the same key
# when a connection breaks or the answer is retryable (--failover). Output
# in $CL/load.out, acknowledged petitions in $CL/acked.tsv; its pid in
# load_pid.
ha_load() {
  local secs=$1 c certs=()
  for c in rc03390 rc03405 rc03430; do
    certs+=(--cert "$TD_CL_PKI/$c.crt" --key "$TD_CL_PKI/$c.key")
  done
  "$HA_BUILD/tests/td_bench_submit" --server "$TD_CL_CLIENT" --failover \
    --ca "$TD_CL_PKI/ca.crt" "${certs[@]}" --conns 16 --warmup 0 --duration "$secs" \
    --acked "$CL/acked.tsv" >"$CL/load.out" 2>"$CL/load.err" &
  load_pid=$!
  td_cleanup_push ha_kill "$load_pid"
}

# ha_officers SECONDS: 16 reception officers' clients (the tiepdan CLI)
# through HAProxy, each in a loop of "tiepdan submit", over three communes,
# each with its own outbox. A submission the server does not answer is kept
# in the outbox with its idempotency key and its receipt number and sent
# again by the next command, as at a real counter. Each line of
# $CL/officers.tsv: how (sent: the server's answer; kept: the outbox's),
# receipt number, the time of the answer (EPOCHREALTIME); failures (a
# command that ended with anything but 0) in $CL/officers.err. Pids in
# officer_pids. ha_officers_end sends what every outbox still keeps.
ha_officers() {
  local secs=$1 i
  officer_pids=()
  : >"$CL/officers.tsv"
  : >"$CL/officers.err"
  for ((i = 0; i < 16; i++)); do
    ha_officer "$i" "$secs" &
    officer_pids+=($!)
    td_cleanup_push ha_kill "$!"
  done
}
ha_officer() {
  local i=$1 end=$((SECONDS + $2)) who out rc n=0
  local codes=(rc03390 rc03405 rc03430)
  who=${codes[i % 3]}
  export TIEPDAN_OUTBOX=$CL/outbox$i
  while ((SECONDS < end)); do
    n=$((n + 1))
    rc=0
    out=$(cli "$who" --timeout 10 --format json submit 2>>"$CL/officer$i.stderr" --kind complaint --channel regular_reception \
      --field land --name "Người dân $i-$n" --summary "Khiếu nại số $n của quầy $i") || rc=$?
    if ((rc != 0)); then
      printf '%s\t%s\t%s\n' "$i" "$rc" "$(tr '\n' ' ' <<<"$out" | cut -c1-200)" >>"$CL/officers.err"
      sleep 0.2
      continue
    fi
    if [[ $out == *'"sent":false'* ]]; then
      printf 'kept\t%s\t%s\n' "$(sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' <<<"$out")" "$EPOCHREALTIME"
    else
      printf 'sent\t%s\t%s\n' "$(sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' <<<"$out")" "$EPOCHREALTIME"
    fi >>"$CL/officers.tsv"
  done
}
# ha_officers_end: wait for the loops, then send what every outbox keeps.
ha_officers_end() {
  local p i
  for p in "${officer_pids[@]}"; do wait "$p" || true; done
  for ((i = 0; i < 16; i++)); do
    local codes=(rc03390 rc03405 rc03430)
    TIEPDAN_OUTBOX=$CL/outbox$i cli "${codes[i % 3]}" outbox send --wait >>"$CL/outbox-send.log" 2>&1 ||
      echo "outbox $i: send failed" >>"$CL/officers.err"
  done
}
# ha_officers_gap: the longest time, in ms, between two consecutive answers
# the officers got from the server (the outbox's are not the server's).
ha_officers_gap() {
  awk -F'\t' '$1 == "sent" { print $3 }' "$CL/officers.tsv" | sort -n |
    awk 'NR > 1 && $1 - p > m { m = $1 - p } { p = $1 } END { printf "%d\n", m * 1000 }'
}

# ha_start_load SECONDS: the load of the kill tests: td_bench_submit
# --failover when the build has it (16 connections), else the officers'
# clients (ha_officers). Sets load_kind.
ha_start_load() {
  if ha_have_failover; then
    load_kind=td_bench_submit
    ha_load "$1"
  else
    load_kind=officers
    ha_officers "$1"
  fi
  note "load: $load_kind, 16 submitters through HAProxy for $1 s"
}

# ha_end_load: waits for the load and sets acked, gap, reconnects,
# failures and load_rc.
# shellcheck disable=SC2034 # the tests read what it sets
ha_end_load() {
  load_rc=0
  if [[ $load_kind == td_bench_submit ]]; then
    wait "$load_pid" || load_rc=$?
    note "load generator: $(cat "$CL/load.out")"
    [[ ! -s $CL/load.err ]] ||
      note "its messages: $(sort "$CL/load.err" | uniq -c | sort -rn | head -n 3 | tr '\n' ';')"
    acked=$(ha_field acked) gap=$(ha_field gap_max_ms) reconnects=$(ha_field reconnects)
    failures=$(ha_field failures)
  else
    ha_officers_end
    acked=$(wc -l <"$CL/officers.tsv") gap=$(ha_officers_gap)
    reconnects=$(grep -c '^kept' "$CL/officers.tsv" || true)
    failures=$(wc -l <"$CL/officers.err")
    note "officers: $acked receipts printed, $(grep -c '^sent' "$CL/officers.tsv" || true) answered by the server, $reconnects kept in the outbox and sent afterwards, $failures commands failed"
  fi
}

# ha_check_load: no failure, and every petition acknowledged (or, for the
# officers, every receipt printed) stored exactly once, no receipt twice.
ha_check_load() {
  expect_eq "the load ended well" "$load_rc" 0
  expect_eq "no submission failed for good" "${failures:-?}" 0
  if [[ $load_kind == td_bench_submit ]]; then
    expect_eq "acked= agrees with the --acked file" "${acked:-}" "$(wc -l <"$CL/acked.tsv" 2>/dev/null || echo 0)"
    ha_check_acked
  else
    cut -f2 "$CL/officers.tsv" | sort >"$CL/held"
    sql "SELECT receipt_no FROM petitions" | sort >"$CL/stored"
    expect_eq "every receipt printed is stored" "$(comm -23 "$CL/held" "$CL/stored" | wc -l)" 0
    expect_eq "no receipt printed twice" "$(uniq -d "$CL/held" | wc -l)" 0
    expect_eq "no receipt number stored twice" "$(uniq -d "$CL/stored" | wc -l)" 0
    expect_eq "nothing stored but what was printed" "$(comm -13 "$CL/held" "$CL/stored" | wc -l)" 0
  fi
}

# ha_field KEY: KEY=value from the load generator's line.
ha_field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p; s/^$1=\([^[:space:]]*\).*/\1/p" "$CL/load.out" | head -n 1; }

# ha_have_failover: the load generator built knows --failover.
ha_have_failover() { grep -aq -- '--failover' "$HA_BUILD/tests/td_bench_submit"; }

# ha_check_acked: every acknowledged petition stored once, no receipt twice
# (tests/ha/check_acked.sh); prints its line and checks its counts.
ha_check_acked() {
  local out
  out=$("$HA_SRC/tests/ha/check_acked.sh" "$CL/acked.tsv" "$TD_CL_DB" 2>&1) || true
  note "check_acked.sh: $out"
  expect_eq "no acknowledged petition missing" "$(sed -n 's/.*missing=\([0-9]*\).*/\1/p' <<<"$out")" 0
  expect_eq "no acknowledged petition stored twice" "$(sed -n 's/.*duplicated=\([0-9]*\).*/\1/p' <<<"$out")" 0
  expect_eq "no receipt number given twice" "$(sed -n 's/.*receipts_twice=\([0-9]*\).*/\1/p' <<<"$out")" 0
}

# ha_done: the figures are printed; non-zero if a check failed.
ha_done() {
  if ((TD_FAILED > 0)); then
    echo "$TD_FAILED check(s) failed; the cluster's logs follow"
    tail -n 15 "$CL"/td*.log "$CL"/haproxy.log "$CL"/patroni-pg*.log 2>/dev/null || true
    exit 1
  fi
  echo "all checks passed"
}
