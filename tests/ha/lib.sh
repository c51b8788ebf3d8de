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
