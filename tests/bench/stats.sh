#!/usr/bin/env bash
# tests/bench/stats.sh - the statistics target, measured: "nationwide
# statistics over 10 million petitions in under 5 ms per request".
#
# Self-contained, as root on Debian 12, like tests/run.sh: installs what is
# missing, builds, starts a throwaway PostgreSQL 15 cluster tuned for the
# load (the settings are printed), makes certificates, migrates, generates
# 34 provinces of 97 communes and N petitions (tests/bench/units.sql and
# petitions.sql), rebuilds the statistics (td_stat_rebuild), starts
# tiepdand, then measures GetStats through the server with td_bench_stats
# (tests/bench/bench_stats.c): nationwide totals, nationwide by province and
# a province's totals, closed-loop, one request in flight. For comparison it
# runs pgbench on the same database with the server's rollup statement
# (tests/bench/stats_rollup.sql), checks the server's nationwide count
# against count(*) of the petitions, and reports pgbench's select-only TPS
# on a small separate database as a calibration of the machine. Everything
# it started is stopped and removed at the end unless --keep.
#
#   tests/bench/stats.sh                           10 million petitions
#   tests/bench/stats.sh --smoke                   smoke test for CI (~20 s)
#
# Options:
#   --rows N       petitions to generate (default 10000000)
#   --requests N   measured requests per scenario (default 2000)
#   --conns C      connections, one request in flight each (default 1)
#   --chunk N      petitions per INSERT statement (default 1000000)
#   --keep         leave the cluster, the server and the temp dir running
#   --smoke        --rows 20000 --requests 200, and latencies over the target
#                  do not fail the run (a CI check that everything works)
# Exit status: 0 when every reply was sane, the counts agree and every p99
# is under the target (not judged with --smoke); 1 otherwise.
# The helper functions below are called through timed.
# shellcheck disable=SC2317
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

rows=10000000
requests=2000
conns=1
chunk=1000000
keep=
smoke=
provinces=34
per_province=97
target_ms=5
while (($# > 0)); do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --requests) requests=$2; shift 2 ;;
  --conns) conns=$2; shift 2 ;;
  --chunk) chunk=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  --smoke) smoke=1; rows=20000; requests=200; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "stats.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"
bench_positive stats.sh "$rows" "$requests" "$conns" "$chunk"
bench_prepare "$root"
driver=$root/build/tests/td_bench_stats

work=$(td_tmpdir tiepdan-bench)
if [[ -z $keep ]]; then
  td_cleanup_push rm -rf "$work"
fi
bench_pg_start "$work" stats.sh 256MB

step "making certificates"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan bench CA" >/dev/null
"$root/deploy/pki.sh" issue "$pki" "Bench Tổng hợp" --out nation --unit VN --role dashboard >/dev/null

step "migrating and generating units"
db=$(td_pg_conninfo "$work/pg" "$pgport")
"$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
bench_units "$root" "$provinces" "$per_province"
"$root/build/tiepdand" --db "$db" --add-principal "$pki/nation.crt" --role dashboard --unit VN >/dev/null
read -r creator caller < <(pg tiepdan -At -F ' ' -c "SELECT id, unit_id FROM principals ORDER BY id LIMIT 1")

gen_t0=$(date +%s.%N)
bench_petitions "$root" "$work" "$rows" "$chunk" "$creator"
stat_rebuild() { pg tiepdan -c 'SET work_mem = "1GB"' -c 'SELECT td_stat_rebuild()' >/dev/null; }
timed "td_stat_rebuild()" stat_rebuild
timed "VACUUM ANALYZE" pg tiepdan -c 'VACUUM ANALYZE'
gen_s=$(awk -v a="$gen_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
read -r n_pet n_cells n_rollup n_pending db_size < <(pg tiepdan -At -F ' ' -c "SELECT
  (SELECT count(*) FROM petitions), (SELECT count(*) FROM stat_cells),
  (SELECT count(*) FROM stat_rollup) + (SELECT count(*) FROM stat_rollup_open), (SELECT count(*) FROM stat_rollup_pending),
  replace(pg_size_pretty(pg_database_size(current_database())), ' ', '')")
printf '   petitions %s, stat_cells %s rows, stat_rollup and stat_rollup_open %s rows (+%s pending), database %s; %ss in all\n' \
  "$n_pet" "$n_cells" "$n_rollup" "$n_pending" "$db_size" "$gen_s"
pg tiepdan -c "SELECT status, count(*), round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
  FROM petitions GROUP BY 1 ORDER BY 2 DESC" | sed 's/^/   /'

step "starting tiepdand"
port=$(td_free_port)
"$root/build/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --log-level warn >>"$work/server.log" 2>&1 &
server_pid=$!
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
td_wait_port 127.0.0.1 "$port" 15

from=$(date +%Y-01)
to=$(date +%Y-%m)
from_day=$from-01
to_day=$(date -d "$(date +%Y-%m-01) +1 month" +%F)
today=$(date +%F)
prov_list=$(pg tiepdan -At -c "SELECT string_agg(code, ',' ORDER BY code) FROM units
  WHERE level = 'province' AND valid_to IS NULL")
status=0

# bench SCENARIO [ARGS]: runs the driver, prints its line, sets line_SCENARIO.
declare -A line
bench() {
  local sc=$1 out
  shift
  if ! out=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/nation.crt" \
    --key "$pki/nation.key" --scenario "$sc" --from "$from" --to "$to" \
    --requests "$requests" --warmup 100 --conns "$conns" "$@"); then
    td_err "td_bench_stats $sc failed"
    status=1
  fi
  printf '   %s\n' "$out"
  line[$sc]=$out
}
# field LINE KEY: the value of KEY=... in a driver line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

step "GetStats through tiepdand, $from..$to, $requests requests x 3 scenarios"
bench nation --units VN
bench by-province --units VN
bench province --units "$prov_list"

step "checking the nationwide count"
expected=$(pg tiepdan -At -c "SELECT count(*) FROM petitions
  WHERE received_at >= '$from_day'::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
    AND received_at < '$to_day'::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'")
got=$(field "${line[nation]}" received)
if [[ $got == "$expected" ]]; then
  count_verdict="ok: server received $got = count(*) $expected"
else
  count_verdict="MISMATCH: server received ${got:-?}, count(*) $expected"
  status=1
fi
printf '   %s\n' "$count_verdict"
by_rows=$(field "${line[by-province]}" rows)

step "pgbench: the same rollup statement, 1 client, $requests transactions"
pgb_vars=(-D caller="$caller" -D code=VN -D from="$from_day" -D to="$to_day"
  -D today="$today" -D soon=3)
pgbench_run pgb_warm -n -M extended -c 1 -t 100 "${pgb_vars[@]}" \
  -f "$root/tests/bench/stats_rollup.sql" tiepdan
pgbench_run pgb_same -n -M extended -c 1 -t "$requests" -r -l --log-prefix="$work/pgblog" \
  "${pgb_vars[@]}" -f "$root/tests/bench/stats_rollup.sql" tiepdan
pgb_avg=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_same.out")
pgb_tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$work/pgb_same.out" | head -n 1)
# The per-transaction log: the third column is the latency in microseconds.
read -r pgb_p50 pgb_p99 < <(cat "$work"/pgblog.* 2>/dev/null | grep -v '^$' |
  awk '{ print $3 / 1000 }' | sort -n |
  awk '{ v[NR] = $1 } END { i = int(NR * 0.5 + 0.999999); j = int(NR * 0.99 + 0.999999);
    printf "%.3f %.3f\n", v[i], v[j] }')
printf '   latency average %s ms, p50 %s ms, p99 %s ms, %s tps\n' "$pgb_avg" "$pgb_p50" "$pgb_p99" "$pgb_tps"

step "pgbench: select-only calibration (scale 10, separate database, 1 client, 10 s)"
pg tiepdan -c 'CREATE DATABASE bench_pgbench'
pgbench_run pgb_init -i -q -s 10 bench_pgbench
pgbench_run pgb_select -n -S -c 1 -T 10 bench_pgbench
cal_tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$work/pgb_select.out" | head -n 1)
cal_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_select.out")
printf '   select-only: %s tps, latency average %s ms\n' "$cal_tps" "$cal_lat"

# summary SCENARIO LABEL: one line of the summary, judged against the target.
summary() {
  local l=${line[$1]} p99 verdict
  p99=$(field "$l" p99)
  if awk -v p="$p99" -v t="$target_ms" 'BEGIN { exit !(p != "" && p < t) }'; then
    verdict=ok
  else
    verdict=OVER
    [[ -n $smoke ]] || status=1
  fi
  printf '%-24s p50 %7s ms  p90 %7s ms  p99 %7s ms  max %7s ms  mean %7s ms  %8s req/s  (target < %s ms: %s)\n' \
    "$2" "$(field "$l" p50)" "$(field "$l" p90)" "$p99" "$(field "$l" max)" \
    "$(field "$l" mean)" "$(field "$l" rps)" "$target_ms" "$verdict"
}

echo
printf '== statistics benchmark: %s petitions, %s provinces, %s communes, %s..%s\n' \
  "$n_pet" "$nprov" "$ncomm" "$from" "$to"
printf '   stat_cells %s rows, stat_rollup and stat_rollup_open %s rows; generated in %ss (%s); %s request(s) in flight\n' \
  "$n_cells" "$n_rollup" "$gen_s" "$db_size" "$conns"
summary nation "nationwide totals"
summary by-province "nationwide by province"
summary province "province totals"
printf '%-24s p50 %7s ms  p99 %7s ms  avg %s ms  %s tps  (td_stats_rollup, no TLS, no server)\n' \
  "pgbench, same SQL" "$pgb_p50" "$pgb_p99" "$pgb_avg" "$pgb_tps"
printf '%-24s %s tps, latency average %s ms (pgbench -S, scale 10, 1 client)\n' \
  "machine calibration" "$cal_tps" "$cal_lat"
printf '%-24s %s; by province: %s rows\n' "correctness" "$count_verdict" "$by_rows"
printf '%-24s PostgreSQL %s, %s cores, %s GB RAM; %s\n' "setup" "$pg_version" "$(nproc)" "$mem_gb" "$settings"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
