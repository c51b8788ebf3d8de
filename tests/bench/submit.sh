#!/usr/bin/env bash
# tests/bench/submit.sh - the submission targets of issue 15, measured:
# durable submissions per second against pgbench's single-row INSERT in the
# same cluster, and the latency at half of the peak.
#
# Self-contained, as root on Debian 12, like tests/run.sh: installs what is
# missing, builds, starts a throwaway PostgreSQL 15 cluster that is durable
# (fsync and synchronous_commit on, unlike the other benchmarks' bulk-load
# settings; printed), makes certificates (deploy/pki.sh) for a reception
# officer of each commune used, migrates, loads deploy/seed/units.sql and
# starts tiepdand. Then:
#   - pgbench: a single-row INSERT of a row like a petition's into a plain
#     table (tests/bench/submit_insert.sql, -M prepared) at 8 and 64 clients;
#   - td_bench_submit (tests/bench/bench_submit.c), closed loop at each
#     number of connections: submissions/s and latency;
#   - the same paced at half of the peak (open loop, latency from the
#     scheduled instant): p50 and p99;
#   - for every run, commits per petition acknowledged, counted twice: the
#     commit records in the WAL (pg_walinspect: the transactions that wrote
#     and waited for their flush) and the database's xact_commit in
#     pg_stat_database (every transaction, reads too, less what the server
#     commits when idle); and the CPU seconds of tiepdand, of the PostgreSQL
#     processes and of the load generator.
# It prints the targets with OK or OVER. Afterwards it checks what was
# stored (tests/bench/submit_check.sql): every acknowledged petition stored
# once under its receipt, nothing else stored (a key sent again, after its
# reply or at the same time, added nothing), receipt numbers 1..n per
# commune and year, statistics equal to a recount. Everything it started
# is stopped and removed at the end unless --keep.
#
#   tests/bench/submit.sh                     the full figures (~4 minutes)
#   tests/bench/submit.sh --smoke             smoke test for CI (~40 s after
#                                             the build and the cluster)
#
# Options:
#   --conns "1 8 32 64 128"  closed-loop runs, connections each
#   --duration S       measured seconds of each run (default 10)
#   --warmup S         seconds before each run's measurement (default 2)
#   --pgbench S        seconds of each pgbench run (default 10)
#   --paced-conns N    connections of the paced run (default 64)
#   --communes N       spread the load over N communes, 1 to 4 (default 1)
#   --pool-size N      tiepdand's PostgreSQL connections (its default if not
#                      given)
#   --settle S         seconds to wait after a run before reading
#                      xact_commit: PostgreSQL 15 publishes an idle
#                      backend's last second of counts only after 10 s
#                      (default 11; 0 with --smoke, which then prints no
#                      xact_commit per submission)
#   --keep             leave the cluster, the server and the temp dir
#   --smoke            --conns "1 8" --duration 2 --warmup 0.5 --pgbench 3
#                      --paced-conns 8 --settle 0; every 10th petition is sent
#                      again with its key after its reply, every 7th twice
#                      at once (td_bench_submit --retry-every, --twin-every);
#                      the targets are not judged, the checks are
# Exit status: 0 when every request succeeded, every check holds and (but
# with --smoke) every target is met; 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

conns_list="1 8 32 64 128"
duration=10
warmup=2
pgb_secs=10
paced_conns=64
communes=1
pool_size=
settle=11
retry_every=
twin_every=
keep=
smoke=
while (($# > 0)); do
  case $1 in
  --conns) conns_list=$2; shift 2 ;;
  --duration) duration=$2; shift 2 ;;
  --warmup) warmup=$2; shift 2 ;;
  --pgbench) pgb_secs=$2; shift 2 ;;
  --paced-conns) paced_conns=$2; shift 2 ;;
  --communes) communes=$2; shift 2 ;;
  --pool-size) pool_size=$2; shift 2 ;;
  --settle) settle=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  --smoke)
    smoke=1 conns_list="1 8" duration=2 warmup=0.5 pgb_secs=3 paced_conns=8
    settle=0 retry_every=10 twin_every=7
    shift
    ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "submit.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"
# shellcheck disable=SC2086 # the list of connections is words
bench_positive submit.sh $conns_list "$pgb_secs" "$paced_conns" "$communes" ${pool_size:+"$pool_size"}
[[ $duration =~ ^[0-9]+(\.[0-9]+)?$ && $warmup =~ ^[0-9]+(\.[0-9]+)?$ && $settle =~ ^[0-9]+$ ]] ||
  { td_err "submit.sh: --duration, --warmup and --settle take seconds"; exit 2; }
((communes <= 4)) || { td_err "submit.sh: --communes: the seed units have 4 communes"; exit 2; }
bench_prepare "$root"
driver=$root/build/tests/td_bench_submit
clk_tck=$(getconf CLK_TCK)

work=$(td_tmpdir tiepdan-bench)
if [[ -z $keep ]]; then
  td_cleanup_push rm -rf "$work"
fi

# The cluster as td_pg_start makes it (durable), with the memory a small
# dedicated server would have; fsync and synchronous_commit are written out
# so that what is measured is a commit that survives a power cut.
step "starting PostgreSQL (durable)"
pgport=$(td_free_port)
[[ -n $keep ]] || td_cleanup_push td_pg_stop "$work/pg"
td_pg_start "$work/pg" "$pgport"
cat >>"$work/pg/data/postgresql.conf" <<EOF

# tests/bench/submit.sh: durable commits, as in production
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 256MB
max_wal_size = 4GB
checkpoint_timeout = 30min
jit = off
EOF
td_pg_restart "$work/pg"
pg() { td_psql "$work/pg" "$pgport" "$@"; }
settings=$(pg tiepdan -At -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit',
  'full_page_writes', 'wal_level', 'max_wal_size', 'commit_delay', 'jit', 'max_connections')")
pg_version=$(pg tiepdan -At -c 'SHOW server_version')
printf '   PostgreSQL %s: %s\n' "$pg_version" "$settings"
pg_pid=$(head -n 1 "$work/pg/data/postmaster.pid")

step "making certificates"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan bench CA" >/dev/null
# The seed's current communes, a reception officer for each used.
all_communes=(03390 03405 03430 03160)
officers=()
for ((i = 0; i < communes; i++)); do
  code=${all_communes[i]}
  "$root/deploy/pki.sh" issue "$pki" "Cán bộ tiếp dân $code" --out "rc$code" --unit "$code" \
    --role reception >/dev/null
  officers+=(--cert "$pki/rc$code.crt" --key "$pki/rc$code.key")
done

step "migrating and loading the units"
db=$(td_pg_conninfo "$work/pg" "$pgport")
"$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
pg tiepdan -f "$root/deploy/seed/units.sql" >/dev/null
for ((i = 0; i < communes; i++)); do
  code=${all_communes[i]}
  "$root/build/tiepdand" --db "$db" --add-principal "$pki/rc$code.crt" --role reception \
    --unit "$code" >/dev/null
done

step "starting tiepdand"
port=$(td_free_port)
"$root/build/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --log-level warn \
  ${pool_size:+--pool-size "$pool_size"} --metrics-listen off >>"$work/server.log" 2>&1 &
server_pid=$!
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
td_wait_port 127.0.0.1 "$port" 15
status=0

# pgbench -----------------------------------------------------------------------

step "pgbench: single-row INSERT into a plain table, -M prepared, ${pgb_secs}s at 8 and 64 clients"
pg tiepdan -c 'CREATE DATABASE bench_insert'
pg bench_insert -c 'CREATE TABLE bench_insert (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, idempotency_key uuid NOT NULL UNIQUE,
  unit_id integer NOT NULL, kind text NOT NULL, channel text NOT NULL, field text,
  group_size integer NOT NULL, summary text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())'
declare -A pgb_tps
for c in 8 64; do
  pgbench_run "pgb_$c" -n -M prepared -c "$c" -j 2 -T "$pgb_secs" \
    -f "$root/tests/bench/submit_insert.sql" bench_insert
  # No tps line when no transaction ended in time (64 clients still
  # connecting on a loaded machine): the ratio is then n/a.
  pgb_tps[$c]=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$work/pgb_$c.out" | head -n 1)
  printf '   %3s clients: %s tps, latency average %s ms\n' "$c" "${pgb_tps[$c]}" \
    "$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_$c.out")"
done

# Measuring ---------------------------------------------------------------------

# ticks LINE: user + system ticks of a /proc/PID/stat line, with those of
# the children it waited for (fields 14 to 17, counted after the command
# name, which may hold spaces). Sets ticks_ppid to its parent.
ticks() {
  local f
  read -r -a f <<<"${1##*) }"
  ticks_ppid=${f[1]}
  ticks=$((f[11] + f[12] + f[13] + f[14]))
}
cpu_ticks() {
  local line
  read -r line <"/proc/$1/stat"
  ticks "$line"
  printf '%s\n' "$ticks"
}
# pg_ticks: the PostgreSQL processes: the postmaster, which holds the ticks
# of the children that have exited, and the children alive.
pg_ticks() {
  local f line sum
  sum=$(cpu_ticks "$pg_pid")
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    ticks "$line"
    ((ticks_ppid != pg_pid)) || sum=$((sum + ticks))
  done
  printf '%s\n' "$sum"
}
commits() { pg tiepdan -At -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'tiepdan'"; }
wal_lsn() { pg tiepdan -At -c 'SELECT pg_current_wal_flush_lsn()'; }
# wal_commits FROM TO: the commit records in the WAL between two positions:
# the transactions that wrote, each of which waited for its flush. Exact
# and at once, unlike xact_commit, which also counts the read-only ones.
wal_commits() {
  [[ $1 != "$2" ]] || { echo 0; return; }
  pg tiepdan -At -c "SELECT count(*) FROM pg_get_wal_records_info('$1', '$2')
    WHERE resource_manager = 'Transaction' AND record_type LIKE 'COMMIT%'"
}
now_s() { date +%s.%N; }
# field LINE KEY: the value of KEY=... in a driver line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# What the server does when nobody submits (the change feed, folding the
# statistics) commits too; its rate over one settling period is taken off
# every run's xact_commit. The first wait lets what the start did show.
pg tiepdan -c 'CREATE EXTENSION pg_walinspect' >/dev/null
idle_rate=0
if ((settle > 0)); then
  step "the server idle: xact_commit over ${settle}s"
  sleep "$settle"
  c0=$(commits)
  sleep "$settle"
  c1=$(commits)
  idle_rate=$(awk -v c=$((c1 - c0 - 1)) -v t="$settle" 'BEGIN { printf "%.2f", c / t }')
  printf '   %s commits/s\n' "$idle_rate"
fi

# run NAME ARGS...: one run of the load generator; prints its line and the
# commits and CPU it cost, keeps them in line[NAME] and extra[NAME].
declare -A line extra
run() {
  local name=$1 out t0 t1 c0 c1 l0 l1 s0 s1 p0 p1 acked subs
  shift
  c0=$(commits)
  t0=$(now_s)
  l0=$(wal_lsn)
  s0=$(cpu_ticks "$server_pid")
  p0=$(pg_ticks)
  if ! out=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" "${officers[@]}" \
    --duration "$duration" --warmup "$warmup" --acked "$work/acked.$name" \
    ${retry_every:+--retry-every "$retry_every"} ${twin_every:+--twin-every "$twin_every"} "$@"); then
    td_err "td_bench_submit $name failed"
    status=1
  fi
  s1=$(cpu_ticks "$server_pid")
  p1=$(pg_ticks)
  l1=$(wal_lsn)
  ((settle == 0)) || sleep "$settle"
  c1=$(commits)
  t1=$(now_s)
  acked=$(wc -l <"$work/acked.$name")
  subs=$((acked + $(field "$out" retries)))
  line[$name]=$out
  # The psql that read c0 is one of the commits counted.
  extra[$name]=$(awk -v c=$((c1 - c0 - 1)) -v w="$(wal_commits "$l0" "$l1")" -v a="$acked" \
    -v n="$subs" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v settled=$((settle > 0)) \
    -v idle="$idle_rate" -v t0="$t0" -v t1="$t1" -v g="$(field "$out" cpu)" -v k="$clk_tck" 'BEGIN {
      x = a > 0 && settled ? sprintf("%.2f", (c - idle * (t1 - t0)) / a) : "-"
      printf "acked=%d wal_commits_per=%.2f xact_commits_per=%s cpu_server=%.2f cpu_pg=%.2f cpu_gen=%.2f pg_ms_per=%.2f",
        a, (a > 0 ? w / a : 0), x, s / k, p / k, g, (n > 0 ? p / k * 1000 / n : 0) }')
  printf '   %s\n   %s\n' "$out" "${extra[$name]}"
}

peak=0
peak_conns=0
for c in $conns_list; do
  step "closed loop, $c connection(s), ${warmup}s + ${duration}s"
  run "c$c" --conns "$c"
  rps=$(field "${line[c$c]}" rps)
  if awk -v a="$rps" -v b="$peak" 'BEGIN { exit !(a > b) }'; then
    peak=$rps
    peak_conns=$c
  fi
done
rate=$(awk -v p="$peak" 'BEGIN { r = p / 2; printf "%.1f", r < 1 ? 1 : r }')
step "paced at half of the peak ($peak/s at $peak_conns): $rate/s over $paced_conns connections"
run paced --conns "$paced_conns" --rate "$rate"

# Checking ----------------------------------------------------------------------

step "checking what was stored"
cat "$work"/acked.* >"$work/acked.all"
pg tiepdan -c 'CREATE TABLE bench_acked (key uuid, receipt text, id bigint)' \
  -c "\\copy bench_acked FROM '$work/acked.all'"
checks=$(pg tiepdan -At -F '|' -f "$root/tests/bench/submit_check.sql")
while IFS='|' read -r what bad; do
  if [[ $bad == 0 ]]; then
    printf '   ok    %s: 0\n' "$what"
  else
    printf '   FAIL  %s: %s\n' "$what" "$bad"
    status=1
  fi
done <<<"$checks"
n_acked=$(wc -l <"$work/acked.all")
n_stored=$(pg tiepdan -At -c 'SELECT count(*) FROM petitions')
retries=0
for name in "${!line[@]}"; do
  retries=$((retries + $(field "${line[$name]}" retries)))
done
printf '   %s acknowledged, %s stored, %s sent again with the same key\n' "$n_acked" "$n_stored" "$retries"
if [[ -n $retry_every ]] && ((retries == 0)); then
  printf '   FAIL  no petition was sent again with its key\n'
  status=1
fi

# Summary -----------------------------------------------------------------------

# judge VALUE OP LIMIT: sets verdict to OK or OVER (OVER fails the run but
# with --smoke).
judge() {
  if [[ -n $1 ]] && awk -v v="$1" -v l="$3" -v op="$2" \
    'BEGIN { exit !(op == ">=" ? v >= l : v < l) }'; then
    verdict=OK
  else
    verdict=OVER
    [[ -n $smoke ]] || status=1
  fi
}
# ratio CONNS: submissions/s at CONNS over pgbench's tps at PGB.
ratio() {
  [[ -n ${line[c$1]:-} ]] || return 0
  awk -v a="$(field "${line[c$1]}" rps)" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'
}

echo
printf '== submission benchmark: durable commits, %s commune(s), %ss per run (+%ss warm-up)\n' \
  "$communes" "$duration" "$warmup"
printf '%-6s %8s %8s %8s %8s %8s %9s %9s %10s %7s %7s %9s\n' conns subs/s p50 p95 p99 max \
  wal-c/sub xact/sub cpu:server cpu:pg cpu:gen "pg ms/sub"
# shellcheck disable=SC2086 # the list of connections is words
for name in $(printf 'c%s\n' $conns_list) paced; do
  l=${line[$name]}
  e=${extra[$name]}
  printf '%-6s %8s %8s %8s %8s %8s %9s %9s %10s %7s %7s %9s\n' \
    "$([[ $name == paced ]] && printf 'paced' || printf '%s' "${name#c}")" \
    "$(field "$l" rps)" "$(field "$l" p50)" "$(field "$l" p95)" "$(field "$l" p99)" \
    "$(field "$l" max)" "$(field "$e" wal_commits_per)" "$(field "$e" xact_commits_per)" \
    "$(field "$e" cpu_server)" \
    "$(field "$e" cpu_pg)" "$(field "$e" cpu_gen)" "$(field "$e" pg_ms_per)"
done
printf '(ms; paced: %s/s over %s connections, latency from the scheduled instant;\n' "$rate" "$paced_conns"
printf ' wal-c: commit records in the WAL, xact: xact_commit less %s/s idle; CPU s)\n' "$idle_rate"
printf '%-34s %s tps @8, %s tps @64 (single-row INSERT, -M prepared)\n' "pgbench, same cluster" \
  "${pgb_tps[8]:-n/a}" "${pgb_tps[64]:-n/a}"
r64=$(ratio 64 "${pgb_tps[64]}")
r8=$(ratio 8 "${pgb_tps[8]}")
p99=$(field "${line[paced]}" p99)
checked=$status
judge "$r64" '>=' 2.0
printf '%-34s %6s  (target >= 2.0: %s)\n' "submissions/s @64 / pgbench @64" "${r64:-n/a}" "$verdict"
judge "$r8" '>=' 1.0
printf '%-34s %6s  (target >= 1.0: %s)\n' "submissions/s @8 / pgbench @8" "${r8:-n/a}" "$verdict"
judge "$p99" '<' 10
printf '%-34s %6s  (target < 10 ms: %s)\n' "paced p99 at half of peak, ms" "$p99" "$verdict"
if [[ -n $smoke ]]; then
  printf '%-34s %s\n' "note" "smoke run: targets not judged, xact/sub not measured (--settle 0)"
fi
printf '%-34s %s acknowledged, %s stored; checks %s\n' "correctness" "$n_acked" "$n_stored" \
  "$( ((checked == 0)) && printf 'passed' || printf 'FAILED, see above')"
printf '%-34s PostgreSQL %s, %s cores, tiepdand pool %s; %s\n' "setup" "$pg_version" "$(nproc)" \
  "${pool_size:-default}" "$settings"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
