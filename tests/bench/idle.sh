#!/usr/bin/env bash
# tests/bench/idle.sh - idle connections, measured: "at most 16 KiB resident
# per idle mutual-TLS connection at 10,000 idle connections, memory returned
# when they go, and a new client answered in under 20 ms while they are
# held".
#
# Self-contained, as root on Debian 12, like tests/bench/stats.sh: installs
# what is missing, builds, starts a throwaway PostgreSQL 15 cluster, makes
# certificates, migrates, registers one reception officer, starts tiepdand
# with enough file descriptors, then runs td_bench_idle
# (tests/bench/bench_idle.c): N connections, each a full handshake with the
# officer's certificate and a Hello, held idle; the server's VmRSS before,
# while they are held and after they have gone; new clients (connect,
# handshake, Hello) while they are held; every held connection answering a
# second Hello; one more client after they have gone. As a reference it
# prints what PostgreSQL's pgbench -S gives on the same machine in the same
# run (the machine's load shows there). Everything it started is stopped
# and removed at the end unless --keep.
#
#   tests/bench/idle.sh                            10,000 connections
#   tests/bench/idle.sh --smoke                    smoke test for CI (< 30 s)
#
# Options:
#   --conns N      connections held (default 10000)
#   --samples N    new clients measured while they are held (default 50)
#   --settle-ms MS how long to wait before reading the RSS, held and (once
#                  the server has closed them) after (default 3000)
#   --keep         leave the cluster, the server and the temp dir running
#   --smoke        --conns 1000 --samples 10 --settle-ms 1200, no pgbench,
#                  and memory and latency are not judged (a CI check that
#                  every connection is served, a new client is served while
#                  they are held, and the server lives after they go)
# Exit status: 0 when every connection and client was served, the server
# is alive and (not with --smoke) every target is met; 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

conns=10000
samples=50
settle_ms=3000
keep=
smoke=
target_kib=16
target_ms=20
# Memory counts as returned when what stays is at most this much per
# connection that went (an eighth of the target).
retained_kib=2
while (($# > 0)); do
  case $1 in
  --conns) conns=$2; shift 2 ;;
  --samples) samples=$2; shift 2 ;;
  --settle-ms) settle_ms=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  --smoke) smoke=1; conns=1000; samples=10; settle_ms=1200; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "idle.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"
bench_positive idle.sh "$conns" "$samples" "$settle_ms"
bench_prepare "$root"
driver=$root/build/tests/td_bench_idle

# The server and the driver each hold one descriptor per connection (the
# server warns at start when --max-conns does not fit its limit).
fds=$((conns + 256))
if ! ulimit -n "$fds" 2>/dev/null; then
  td_err "idle.sh: cannot raise the limit of open files to $fds (ulimit -Hn is $(ulimit -Hn)); use fewer --conns"
  exit 1
fi

work=$(td_tmpdir tiepdan-bench)
if [[ -z $keep ]]; then
  td_cleanup_push rm -rf "$work"
fi
bench_pg_start "$work" idle.sh 4MB

step "making certificates"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan bench CA" >/dev/null
"$root/deploy/pki.sh" issue "$pki" "Bench Tiếp dân" --out officer --unit 03390 --role reception >/dev/null

step "migrating"
db=$(td_pg_conninfo "$work/pg" "$pgport")
"$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
pg tiepdan -f "$root/deploy/seed/units.sql" >/dev/null
"$root/build/tiepdand" --db "$db" --add-principal "$pki/officer.crt" --role reception --unit 03390 >/dev/null

step "starting tiepdand"
port=$(td_free_port)
"$root/build/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --max-conns $((conns + 64)) \
  --idle-timeout 3600 --log-level warn --metrics-listen off >>"$work/server.log" 2>&1 &
server_pid=$!
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
td_wait_port 127.0.0.1 "$port" 15

status=0
step "$conns idle connections, $samples new clients while they are held"
if ! out=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/officer.crt" \
  --key "$pki/officer.key" --pid "$server_pid" --conns "$conns" --samples "$samples" \
  --settle-ms "$settle_ms"); then
  td_err "td_bench_idle failed"
  status=1
fi
printf '   %s\n' "$out"
if kill -0 "$server_pid" 2>/dev/null; then
  alive="alive"
else
  alive="DEAD"
  status=1
fi
printf '   server %s after the connections left\n' "$alive"
if grep -q 'ERROR\|too many connections\|out of file descriptors' "$work/server.log"; then
  grep 'ERROR\|too many connections\|out of file descriptors' "$work/server.log" | head -n 5 | sed 's/^/   server: /'
  status=1
fi

cal=
if [[ -z $smoke ]]; then
  step "pgbench: select-only calibration (scale 10, separate database, 1 client, 10 s)"
  pg tiepdan -c 'CREATE DATABASE bench_pgbench' >/dev/null
  pgbench_run pgb_init -i -q -s 10 bench_pgbench
  pgbench_run pgb_select -n -S -c 1 -T 10 bench_pgbench
  cal=$(printf '%s tps, latency average %s ms (pgbench -S, scale 10, 1 client)' \
    "$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$work/pgb_select.out" | head -n 1)" \
    "$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_select.out")")
fi

# field KEY: the value of KEY=... in the driver's line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $out"; }
# judge VALUE OP LIMIT: sets verdict to ok or OVER (OVER fails the run
# unless --smoke).
judge() {
  if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { exit !(v != "" && (op == "<" ? v < l : v <= l)) }'; then
    verdict=ok
  else
    [[ -n $smoke ]] || status=1
    verdict=OVER
  fi
}
per=$(field per_conn)
retained=$(field retained_per_conn)
new_max=$(field new_max)
held_kib=$(($(field rss_held) - $(field rss_before)))
returned=$(awk -v h="$held_kib" -v r="$(($(field rss_held) - $(field rss_after)))" \
  'BEGIN { printf "%.0f", (h > 0 ? 100 * r / h : 0) }')

echo
printf '== idle connections benchmark: %s connections held (%s opened, %s failures), %.1f s to open\n' \
  "$conns" "$(field opened)" "$(field failures)" "$(field open_s)"
judge "$per" "<=" "$target_kib"
printf '%-26s %6s KiB   (RSS %s -> %s KiB; target <= %s KiB: %s)\n' "per idle connection" \
  "$per" "$(field rss_before)" "$(field rss_held)" "$target_kib" "$verdict"
judge "$retained" "<=" "$retained_kib"
printf '%-26s %6s KiB   (RSS %s KiB after they left, %s%% of their memory returned; target <= %s KiB: %s)\n' \
  "kept after they left" "$retained" "$(field rss_after)" "$returned" "$retained_kib" "$verdict"
judge "$new_max" "<" "$target_ms"
printf '%-26s p50 %6s ms  max %6s ms   (connect, handshake, Hello; %s clients; target < %s ms: %s)\n' \
  "new client while held" "$(field new_p50)" "$new_max" "$samples" "$target_ms" "$verdict"
printf '%-26s p50 %6s ms  max %6s ms   (a second Hello on every held connection)\n' \
  "held connection again" "$(field held_p50)" "$(field held_max)"
printf '%-26s every connection served: %s; a client after they left: %s; server %s\n' "correctness" \
  "$([[ $(field failures) == 0 && $(field opened) == "$conns" ]] && echo yes || echo NO)" \
  "$(field after)" "$alive"
[[ -z $cal ]] || printf '%-26s %s\n' "machine calibration" "$cal"
printf '%-26s %s cores, %s GB RAM, load average %s; PostgreSQL %s\n' "setup" "$(nproc)" "$mem_gb" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$pg_version"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
