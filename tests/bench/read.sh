#!/usr/bin/env bash
# tests/bench/read.sh - the read path, measured: "GetPetition by id or
# receipt number at 8 connections: p99 under 1 ms and well under 0.2 ms of
# PostgreSQL CPU per read; lists likewise" (issue 15).
#
# Self-contained, as root on Debian 12, like tests/run.sh: installs what is
# missing, builds, starts a throwaway PostgreSQL 15 cluster, makes
# certificates, migrates, generates 34 provinces of 97 communes and N
# petitions (tests/bench/units.sql and petitions.sql), starts tiepdand, then
# measures through the server with td_bench_read (tests/bench/bench_read.c),
# closed-loop, one request in flight per connection: GetPetition by id,
# GetPetition by receipt number (keys sampled over the whole table), and
# ListPetitions of a commune (the first page, rotating over the communes).
# The caller is a nationwide dashboard, which reads every petition and no
# secret identity (so no read writes an audit event).
#
# PostgreSQL's CPU per read is the CPU time (user + system) of every process
# of the cluster during a scenario, divided by the requests it served. For
# comparison pgbench runs in the same cluster with as many clients: a
# primary-key SELECT of a petition, prepared (-M prepared); its rate and CPU
# per transaction are printed beside the server's, and the ratio of the two
# rates. Everything it started is stopped and removed at the end unless
# --keep.
#
#   tests/bench/read.sh                        200,000 petitions, 8 conns
#   tests/bench/read.sh --smoke                smoke test for CI (~30 s)
#
# Options:
#   --rows N       petitions to generate (default 200000)
#   --seconds S    length of each measured scenario, about (default 10)
#   --conns C      connections, one request in flight each (default 8)
#   --pool N       tiepdand's --pool-size (default: the server's, 4)
#   --keep         leave the cluster, the server and the temp dir running
#   --smoke        --rows 20000, a short run, targets not judged; checks
#                  that what the server answers is what the database holds
# Exit status: 0 when every reply was sane and equal to the database (and,
# without --smoke, every target is met); 1 otherwise.
# The helper functions below are called through timed.
# shellcheck disable=SC2317
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

rows=200000
seconds=10
conns=8
pool=
keep=
smoke=
provinces=34
per_province=97
target_p99_ms=1
target_cpu_ms=0.2
while (($# > 0)); do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  --conns) conns=$2; shift 2 ;;
  --pool) pool=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  --smoke) smoke=1; rows=20000; seconds=2; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "read.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"
bench_positive read.sh "$rows" "$seconds" "$conns" ${pool:+"$pool"}
bench_prepare "$root"
driver=$root/build/tests/td_bench_read

work=$(td_tmpdir tiepdan-bench)
if [[ -z $keep ]]; then
  td_cleanup_push rm -rf "$work"
fi
bench_pg_start "$work" read.sh 16MB

step "making certificates"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan bench CA" >/dev/null
"$root/deploy/pki.sh" issue "$pki" "Bench Tổng hợp" --out nation --unit VN --role dashboard >/dev/null

step "migrating and generating units"
db=$(td_pg_conninfo "$work/pg" "$pgport")
"$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
bench_units "$root" "$provinces" "$per_province"
"$root/build/tiepdand" --db "$db" --add-principal "$pki/nation.crt" --role dashboard --unit VN >/dev/null
creator=$(pg tiepdan -At -c "SELECT id FROM principals ORDER BY id LIMIT 1")
# An officer for every commune, as an installation has: the petition view
# joins its principal, and a table of one row would be scanned, not probed.
pg tiepdan -c "INSERT INTO principals (cert_sha256, name, role, unit_id)
  SELECT encode(sha256(c.id::text::bytea), 'hex'), 'Cán bộ ' || c.idx, 'reception', c.id
  FROM bench_communes c" >/dev/null

bench_petitions "$root" "$work" "$rows" 1000000 "$creator"
timed "VACUUM ANALYZE" pg tiepdan -c 'VACUUM ANALYZE'

# The keys: petitions sampled over the whole table, and every commune.
nkeys=2000
[[ -z $smoke ]] || nkeys=300
pg tiepdan -At -F ' ' -c "SELECT id, receipt_no FROM petitions
  ORDER BY md5(id::text) LIMIT $nkeys" >"$work/petitions.keys"
pg tiepdan -At -c "SELECT u.code FROM units u WHERE u.level = 'commune'
  AND u.valid_to IS NULL ORDER BY md5(u.code) LIMIT $nkeys" >"$work/communes.keys"

step "EXPLAIN ANALYZE of the statements GetPetition sends"
one=$(head -n 1 "$work/petitions.keys")
explain() { # NAME SQL VALUE: the generic plan of SQL (the one a prepared
  # statement settles on), run with the caller VN and VALUE
  local plan
  plan=$(pg tiepdan -At -c "SET plan_cache_mode = force_generic_plan" \
    -c "PREPARE s(int, text) AS $2" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
    EXECUTE s($vn, '$3')")
  printf '   %s:\n' "$1"
  printf '%s\n' "$plan" | sed 's/^/     /'
  if grep -Eq 'Seq Scan|Bitmap Heap Scan' <<<"$plan"; then
    explained="$explained $1:scan"
  fi
}
explained=
vn=$(pg tiepdan -At -c "SELECT td_unit_by_code('VN')")
get_where="SELECT v.* FROM td_petition_v v WHERE %s
   AND EXISTS (SELECT 1 FROM unit_scope s WHERE s.ancestor = \$1 AND s.unit = v.unit_id)"
# shellcheck disable=SC2016,SC2059 # $2 is SQL's; the format is ours
explain "by id" "$(printf "$get_where" 'v.id = $2::bigint')" "${one%% *}"
# shellcheck disable=SC2016,SC2059
explain "by receipt" "$(printf "$get_where" 'v.receipt_no = upper($2::text)')" "${one#* }"

step "starting tiepdand"
port=$(td_free_port)
"$root/build/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --log-level warn ${pool:+--pool-size "$pool"} \
  --metrics-listen off >>"$work/server.log" 2>&1 &
server_pid=$!
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
td_wait_port 127.0.0.1 "$port" 15
status=0

# pg_cpu: CPU seconds (user + system) of every process of the cluster so
# far: the postmaster, its children, and (the postmaster's cutime and
# cstime) the children that have ended, pgbench's backends among them.
postmaster=$(head -n 1 "$work/pg/data/postmaster.pid")
tck=$(getconf CLK_TCK)
pg_cpu() {
  local pid
  {
    sed 's/^.*) //' "/proc/$postmaster/stat" | awk '{ print $12 + $13 + $14 + $15 }'
    for pid in $(pgrep -P "$postmaster"); do cat "/proc/$pid/stat" 2>/dev/null || true; done |
      sed 's/^.*) //' | awk '{ print $12 + $13 }'
  } | awk -v tck="$tck" '{ t += $1 } END { printf "%.3f", t / tck }'
}
ms_per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.3f", (n > 0 ? (b - a) * 1000 / n : 0) }'; }

# Requests for about $seconds at the rate of a short probe run.
requests_for() {
  local rps
  rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<" $1")
  awk -v r="${rps:-100}" -v s="$seconds" 'BEGIN { n = int(r * s); printf "%d", n < 200 ? 200 : n }'
}

# bench SCENARIO KEYS: runs the driver, prints its line, sets line_SCENARIO
# and cpu[SCENARIO] (PostgreSQL's CPU per request, ms).
declare -A line cpu
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
drive() {
  "$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/nation.crt" \
    --key "$pki/nation.key" --keys "$work/$2.keys" --scenario "$1" "${@:3}"
}
bench() {
  local sc=$1 keys=$2 probe out c0 c1 n
  probe=$(drive "$sc" "$keys" --requests 200 --warmup 50 --conns "$conns") || true
  c0=$(pg_cpu)
  if ! out=$(drive "$sc" "$keys" --requests "$(requests_for "$probe")" --warmup 20 \
    --conns "$conns"); then
    td_err "td_bench_read $sc failed"
    status=1
  fi
  c1=$(pg_cpu)
  n=$(($(field "$out" requests) + 20 * conns))
  cpu[$sc]=$(ms_per "$c0" "$c1" "$n")
  printf '   %s pg_cpu_ms=%s\n' "$out" "${cpu[$sc]}"
  line[$sc]=$out
}

step "through tiepdand, $conns connections, about ${seconds}s a scenario"
bench id petitions
bench receipt petitions
bench list communes

step "checking the replies against the database"
# What the database holds, in the driver's --print format.
pg tiepdan -At -c "SELECT p.id || '|' || p.receipt_no || '|' || u.code || '|' || upper(p.status)
    || '|' || p.version || '|' || floor(extract(epoch FROM p.received_at))::bigint
    || '|' || coalesce(p.deadline::text, '') || '|' || p.kind
  FROM petitions p JOIN units u ON u.id = p.unit_id
  WHERE p.id IN ($(cut -d ' ' -f 1 "$work/petitions.keys" | paste -sd,))" |
  sort >"$work/get.want"
pg tiepdan -At -c "SELECT 'list|' || u.code || '|' || coalesce((SELECT string_agg(x.id::text, ','
    ORDER BY x.received_at DESC, x.id DESC) FROM (SELECT p.id, p.received_at FROM petitions p
    WHERE p.unit_id = u.id ORDER BY p.received_at DESC, p.id DESC LIMIT 20) x), '')
  FROM units u WHERE u.code IN ($(sed "s/.*/'&'/" "$work/communes.keys" | paste -sd,))" |
  sort >"$work/list.want"
check() { # SCENARIO KEYS WANT
  local n
  n=$(wc -l <"$work/$2.keys")
  drive "$1" "$2" --requests "$n" --warmup 0 --conns 1 --page 20 --print "$work/$1.got" >/dev/null ||
    status=1
  if sort -u "$work/$1.got" | diff -q - "$work/$3.want" >/dev/null; then
    verdict[$1]="ok: $n replies equal the database"
  else
    verdict[$1]="MISMATCH: $(sort -u "$work/$1.got" | diff - "$work/$3.want" | grep -c '^[<>]') lines differ"
    status=1
  fi
  printf '   %s: %s\n' "$1" "${verdict[$1]}"
}
declare -A verdict
check id petitions get
check receipt petitions get
check list communes list

step "pgbench: a petition by primary key, -M prepared, $conns clients, ${seconds}s"
maxid=$(pg tiepdan -At -c "SELECT max(id) FROM petitions")
printf '\\set id random(1, %s)\nSELECT * FROM petitions WHERE id = :id;\n' "$maxid" >"$work/pk.sql"
pgbench_run pgb_warm -n -M prepared -c "$conns" -j "$conns" -T 1 -f "$work/pk.sql" tiepdan
c0=$(pg_cpu)
pgbench_run pgb_pk -n -M prepared -c "$conns" -j "$conns" -T "$seconds" -f "$work/pk.sql" tiepdan
c1=$(pg_cpu)
pgb_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgb_pk.out" | head -n 1)
pgb_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgb_pk.out")
pgb_n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgb_pk.out")
pgb_cpu=$(ms_per "$c0" "$c1" "$pgb_n")
printf '   %s tps, latency average %s ms, PostgreSQL CPU %s ms per transaction\n' \
  "$pgb_tps" "$pgb_lat" "$pgb_cpu"

# summary SCENARIO LABEL: one line of the summary, judged against the targets.
summary() {
  local l=${line[$1]} p99 judged=ok
  p99=$(field "$l" p99)
  if ! awk -v p="$p99" -v t="$target_p99_ms" -v c="${cpu[$1]}" -v ct="$target_cpu_ms" \
    'BEGIN { exit !(p != "" && p < t && c < ct) }'; then
    judged=OVER
    [[ -n $smoke ]] || status=1
  fi
  printf '%-22s %8s req/s  p50 %6s ms  p99 %6s ms  max %7s ms  PG CPU %6s ms/req  x%s of pgbench  (p99 < %s ms, PG CPU < %s ms: %s)\n' \
    "$2" "$(field "$l" rps)" "$(field "$l" p50)" "$p99" "$(field "$l" max)" "${cpu[$1]}" \
    "$(awk -v a="$(field "$l" rps)" -v b="$pgb_tps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
    "$target_p99_ms" "$target_cpu_ms" "$judged"
}

n_pet=$(pg tiepdan -At -c "SELECT count(*) FROM petitions")
echo
printf '== read benchmark: %s petitions, %s provinces, %s communes, %s connections, tiepdand pool %s\n' \
  "$n_pet" "$nprov" "$ncomm" "$conns" "${pool:-default}"
summary id "GetPetition by id"
summary receipt "GetPetition by receipt"
summary list "ListPetitions commune"
printf '%-22s %8s tps    latency average %s ms, PG CPU %s ms/txn (petition by primary key, -M prepared, no TLS, no server)\n' \
  "pgbench, $conns clients" "$pgb_tps" "$pgb_lat" "$pgb_cpu"
if [[ -n $explained ]]; then
  printf '%-22s a scan other than by index:%s\n' "plans" "$explained"
  status=1
else
  printf '%-22s index scans only (GetPetition by id and by receipt)\n' "plans"
fi
printf '%-22s by id %s; by receipt %s; list %s\n' "correctness" "${verdict[id]}" \
  "${verdict[receipt]}" "${verdict[list]}"
printf '%-22s PostgreSQL %s, %s cores, %s GB RAM; %s\n' "setup" "$pg_version" "$(nproc)" "$mem_gb" "$settings"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
