#!/usr/bin/env bash
# tests/bench/stats.sh - the statistics target, measured: "nationwide
# statistics at 10 million petitions under 5 ms p99 for any period from one
# month to five years, and at most 1/200 of the naive GROUP BY".
#
# Self-contained, as root on Debian 12, like tests/run.sh: installs what is
# missing, builds, starts a throwaway PostgreSQL 15 cluster tuned for the
# load (the settings are printed), makes certificates, migrates, generates
# 34 provinces of 97 communes and N petitions over five years
# (tests/bench/units.sql and petitions.sql), rebuilds the statistics
# (td_stat_rebuild), starts tiepdand, then measures GetStats through the
# server with td_bench_stats (tests/bench/bench_stats.c): nationwide
# totals, nationwide by province and a province's totals, each over the
# last complete month, the last twelve and the last sixty, closed-loop,
# one request in flight. In the same run it times the naive answer to each
# of those nine questions, a GROUP BY over the petitions
# (tests/bench/stats_naive.sql), the anchor of the ratio; checks every
# measure of the server's nine totals against that naive count; times the
# server's rollup statement alone with pgbench (tests/bench/stats_rollup.sql);
# and reports pgbench's select-only TPS on a small separate database as a
# calibration of the machine. Everything it started is stopped and removed
# at the end unless --keep.
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
# Exit status: 0 when every reply was sane, every figure equals the naive
# count and every p99 is under the target and at most 1/200 of the naive
# time (neither judged with --smoke); 1 otherwise.
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
ratio_min=200
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
  --key "$pki/server.key" --ca "$pki/ca.crt" --log-level warn --metrics-listen off \
  >>"$work/server.log" 2>&1 &
server_pid=$!
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
td_wait_port 127.0.0.1 "$port" 15

# The periods end with the last complete month: the current one has only
# its first days.
today=$(date +%F)
to=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
to_day=$(date +%Y-%m-01)
prov_list=$(pg tiepdan -At -c "SELECT string_agg(code, ',' ORDER BY code) FROM units
  WHERE level = 'province' AND valid_to IS NULL")
first_prov=${prov_list%%,*}
status=0

# The periods asked for, in months: their labels, and their first months.
periods=(1 12 60)
declare -A plabel=([1]="1 month" [12]="12 months" [60]="5 years")
from_of() { date -d "$to_day -$1 month" +%Y-%m; }
scenarios=(nation by-province province)
declare -A slabel=([nation]="nationwide totals" [by-province]="nationwide by province"
  [province]="province totals")

# bench SCENARIO PERIOD [ARGS]: runs the driver over the period, prints its
# line, keeps it in line[SCENARIO/PERIOD].
declare -A line
bench() {
  local sc=$1 p=$2 out
  shift 2
  if ! out=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/nation.crt" \
    --key "$pki/nation.key" --scenario "$sc" --from "$(from_of "$p")" --to "$to" \
    --requests "$requests" --warmup 100 --conns "$conns" "$@"); then
    td_err "td_bench_stats $sc over ${plabel[$p]} failed"
    status=1
  fi
  printf '   %-12s %s\n' "${plabel[$p]}" "$out"
  line[$sc/$p]=$out
}
# field LINE KEY: the value of KEY=... in a driver line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

step "GetStats through tiepdand, up to $to, $requests requests x 3 scenarios x 3 periods"
for p in "${periods[@]}"; do
  bench nation "$p" --units VN
  bench by-province "$p" --units VN
  bench province "$p" --units "$prov_list"
done

# The naive way, for the same question: a GROUP BY over the petitions
# (tests/bench/stats_naive.sql), for the scope and period of each scenario.
# naive_vars SCENARIO PERIOD: its pgbench variables.
naive_vars() {
  local code=VN by=false
  [[ $1 == province ]] && code=$first_prov
  [[ $1 == by-province ]] && by=true
  printf '%s\n' -D "code=$code" -D "by_unit=$by" -D "from=$(from_of "$2")-01" \
    -D "to=$to_day" -D "today=$today" -D soon=3
}
naive_runs=3
[[ -n $smoke ]] && naive_runs=2
step "the naive GROUP BY over the petitions, $naive_runs runs x 3 scenarios x 3 periods"
declare -A naive_ms
for p in "${periods[@]}"; do
  for sc in "${scenarios[@]}"; do
    mapfile -t vars < <(naive_vars "$sc" "$p")
    pgbench_run "naive_$sc$p" -n -M extended -c 1 -t "$naive_runs" "${vars[@]}" \
      -f "$root/tests/bench/stats_naive.sql" tiepdan
    naive_ms[$sc/$p]=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/naive_$sc$p.out")
    printf '   %-12s %-24s latency average %s ms\n' "${plabel[$p]}" "$sc" "${naive_ms[$sc/$p]}"
  done
done

# The server's totals, every measure, must be the petitions' own: the
# nation's (grouped by province or not) and the first province's.
# naive_once SCENARIO PERIOD: the naive statement's figures, ungrouped, by
# psql with the values written in.
naive_once() {
  local code=VN
  [[ $1 == province ]] && code=$first_prov
  sed -e "s/:code\b/'$code'/g" -e 's/:by_unit\b/false/g' -e "s/:from\b/'$(from_of "$2")-01'/g" \
    -e "s/:to\b/'$to_day'/g" -e "s/:today\b/'$today'/g" -e 's/:soon\b/3/g' \
    "$root/tests/bench/stats_naive.sql" | pg tiepdan -At -F / -f -
}

step "checking every figure against the petitions"
mismatches=0
for p in "${periods[@]}"; do
  for sc in "${scenarios[@]}"; do
    want=$(naive_once "$sc" "$p" | cut -d / -f 2-)
    got=$(field "${line[$sc/$p]}" figures)
    if [[ -n $got && $got == "$want" ]]; then
      printf '   %-12s %-24s ok: %s\n' "${plabel[$p]}" "$sc" "$got"
    else
      printf '   %-12s %-24s MISMATCH: server %s, petitions %s\n' "${plabel[$p]}" "$sc" "${got:-?}" "${want:-?}"
      mismatches=$((mismatches + 1))
      status=1
    fi
  done
done
if ((mismatches == 0)); then
  count_verdict="ok: every measure of the 9 totals equals the petitions' own"
else
  count_verdict="$mismatches of the 9 totals MISMATCH the petitions"
fi

step "pgbench: the rollup statement alone, nationwide, 1 client, $requests transactions"
declare -A pgb
for p in "${periods[@]}"; do
  pgb_vars=(-D caller="$caller" -D code=VN -D from="$(from_of "$p")-01" -D to="$to_day"
    -D today="$today" -D soon=3)
  pgbench_run pgb_warm -n -M extended -c 1 -t 100 "${pgb_vars[@]}" \
    -f "$root/tests/bench/stats_rollup.sql" tiepdan
  rm -f "$work"/pgblog.*
  pgbench_run pgb_same -n -M extended -c 1 -t "$requests" -l --log-prefix="$work/pgblog" \
    "${pgb_vars[@]}" -f "$root/tests/bench/stats_rollup.sql" tiepdan
  # The per-transaction log: the third column is the latency in microseconds.
  pgb[$p]=$(cat "$work"/pgblog.* | grep -v '^$' | awk '{ print $3 / 1000 }' | sort -n |
    awk '{ v[NR] = $1 } END { i = int(NR * 0.5 + 0.999999); j = int(NR * 0.99 + 0.999999);
      printf "p50 %7.3f ms  p99 %7.3f ms", v[i], v[j] }')
  printf '   %-12s %s\n' "${plabel[$p]}" "${pgb[$p]}"
done

# With --smoke the calibration only has to keep working (its figures judge
# nothing then): scale 1 for 2 s instead of scale 10 for 10 s.
cal_scale=10 cal_secs=10
[[ -z $smoke ]] || cal_scale=1 cal_secs=2
step "pgbench: select-only calibration (scale $cal_scale, separate database, 1 client, $cal_secs s)"
pg tiepdan -c 'CREATE DATABASE bench_pgbench'
pgbench_run pgb_init -i -q -s "$cal_scale" bench_pgbench
pgbench_run pgb_select -n -S -c 1 -T "$cal_secs" bench_pgbench
cal_tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$work/pgb_select.out" | head -n 1)
cal_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_select.out")
printf '   select-only: %s tps, latency average %s ms\n' "$cal_tps" "$cal_lat"

# summary SCENARIO PERIOD: one line of the summary, judged against the
# targets: p99 under target_ms, and at most 1/ratio_min of the naive
# GROUP BY's time for the same question.
summary() {
  local l=${line[$1/$2]} naive=${naive_ms[$1/$2]} p99 ratio verdict
  p99=$(field "$l" p99)
  ratio=$(awk -v n="$naive" -v p="$p99" 'BEGIN { if (p > 0 && n != "") printf "%.0f", n / p; else print 0 }')
  if awk -v p="$p99" -v t="$target_ms" -v r="$ratio" -v m="$ratio_min" \
    'BEGIN { exit !(p != "" && p < t && r >= m) }'; then
    verdict=OK
  else
    verdict=OVER
    [[ -n $smoke ]] || status=1
  fi
  printf '%-23s %-9s p50 %7s ms  p99 %7s ms  naive %9s ms  ratio %6s  %s\n' \
    "${slabel[$1]}" "${plabel[$2]}" "$(field "$l" p50)" "$p99" "$naive" "$ratio" "$verdict"
}

echo
printf '== statistics benchmark: %s petitions, %s provinces, %s communes, periods ending %s\n' \
  "$n_pet" "$nprov" "$ncomm" "$to"
printf '   stat_cells %s rows, stat_rollup and stat_rollup_open %s rows; generated in %ss (%s); %s request(s) in flight\n' \
  "$n_cells" "$n_rollup" "$gen_s" "$db_size" "$conns"
printf '   GetStats through tiepdand; naive = the GROUP BY over the petitions (pgbench, mean of %s);\n' "$naive_runs"
printf '   ratio = naive / p99; targets: p99 < %s ms and ratio >= %s\n' "$target_ms" "$ratio_min"
for sc in "${scenarios[@]}"; do
  for p in "${periods[@]}"; do
    summary "$sc" "$p"
  done
done
for p in "${periods[@]}"; do
  printf '%-23s %-9s %s  (td_stats_rollup nationwide, no TLS, no server)\n' \
    "pgbench, same SQL" "${plabel[$p]}" "${pgb[$p]}"
done
printf '%-24s %s tps, latency average %s ms (pgbench -S, scale %s, 1 client)\n' \
  "machine calibration" "$cal_tps" "$cal_lat" "$cal_scale"
printf '%-24s %s\n' "correctness" "$count_verdict"
printf '%-24s PostgreSQL %s, %s cores, %s GB RAM; %s\n' "setup" "$pg_version" "$(nproc)" "$mem_gb" "$settings"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
