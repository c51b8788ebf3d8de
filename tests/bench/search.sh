#!/usr/bin/env bash
# tests/bench/search.sh - text search, measured: "at 10 million petitions a
# commune's text search answers in under 50 ms p99 and a province's in
# under 500 ms".
#
# Self-contained, as root on Debian 12, like tests/bench/stats.sh (whose
# setup it shares): installs what is missing, builds, starts a throwaway
# PostgreSQL 15 cluster tuned for the load (the settings are printed),
# makes certificates, migrates, generates 34 provinces of 97 communes and N
# petitions with Vietnamese summaries and petitioners' names
# (tests/bench/units.sql and petitions.sql), starts tiepdand, then measures
# ListPetitions with a text through the server with td_bench_search
# (tests/bench/bench_search.c), closed-loop, one request in flight:
#   commune    the reception officers of 8 communes, from the busiest to a
#              quiet one, each searching its own commune
#   province   the dashboards of 4 provinces, from the busiest, each
#              searching its whole province
# (2 of each with --smoke).
# The queries are what officers type: words with and without diacritics, in
# upper case, decomposed (NFD, as Unikey's "Unicode tổ hợp" sends them),
# hamlets, petitioners' names, ID numbers, receipt numbers in lower case,
# and words that match nothing. For comparison it runs pgbench on the same
# database with the server's own list statement (read from
# server/db/petition.c, the same parameters), and checks a few answers
# against SQL. Everything it started is stopped and removed at the end
# unless --keep.
#
#   tests/bench/search.sh                          10 million petitions
#   tests/bench/search.sh --smoke                  smoke test for CI (< 60 s)
#
# Options:
#   --rows N       petitions to generate (default 10000000)
#   --requests N   measured requests per scenario (default 2000)
#   --chunk N      petitions per INSERT statement (default 1000000)
#   --keep         leave the cluster, the server and the temp dir running
#   --reuse DIR    measure again on what a --keep run left in DIR (its
#                  cluster, petitions, callers, queries and certificates)
#                  with the server and SQL as they are now: migrates, stops
#                  the server the kept run left, starts one built now, and
#                  leaves the cluster running
#   --smoke        --rows 20000 --requests 160, and latencies over the target
#                  do not fail the run (a CI check that everything works)
# Exit status: 0 when every reply was sane, the checks agree and every p99
# is under its target (not judged with --smoke); 1 otherwise.
# The helper functions below are called through timed.
# shellcheck disable=SC2317
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

rows=10000000
requests=2000
chunk=1000000
keep=
reuse=
smoke=
provinces=34
per_province=97
commune_target_ms=50
province_target_ms=500
while (($# > 0)); do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --requests) requests=$2; shift 2 ;;
  --chunk) chunk=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  --reuse) reuse=$2; keep=1; shift 2 ;;
  --smoke) smoke=1; rows=20000; requests=160; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "search.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"

# bench_reuse: what the setup below leaves, read back from a kept run's
# directory ($reuse) instead of made anew.
bench_reuse() {
  work=$(cd "$reuse" && pwd -P)
  [[ -f $work/pg/data/postgresql.conf && -f $work/pki/ca.crt ]] ||
    { td_err "search.sh: $reuse is not what a --keep run left"; exit 2; }
  pgport=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$work/pg/data/postgresql.conf" | tail -n 1)
  [[ -n $pgport ]] || pgport=$(sed -n 4p "$work/pg/data/postmaster.pid")
  step "reusing $work"
  if ! _td_pg_ctl "$work/pg" status >/dev/null 2>&1; then
    _td_pg_ctl "$work/pg" start -w -t 120 -l "$work/pg/log" >/dev/null
  fi
  pg() { td_psql "$work/pg" "$pgport" "$@"; }
  mem_gb=$(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo)
  settings=$(pg tiepdan -At -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name)
    FROM pg_settings WHERE name IN ('shared_buffers', 'effective_cache_size', 'work_mem',
    'maintenance_work_mem', 'fsync', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost')")
  pg_version=$(pg tiepdan -At -c 'SHOW server_version')
  db=$(td_pg_conninfo "$work/pg" "$pgport")
  pki=$work/pki
  if [[ -f $work/server.pid ]]; then
    td_stop_pid "$(cat "$work/server.pid")" 10 || true
  fi
  timed "migrating" "$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
  timed "VACUUM ANALYZE" pg tiepdan -c 'VACUUM ANALYZE'
  gen_s=0
  read -r n_pet db_size idx_size nprov ncomm < <(pg tiepdan -At -F ' ' -c "SELECT (SELECT count(*) FROM petitions),
    replace(pg_size_pretty(pg_database_size(current_database())), ' ', ''),
    replace(pg_size_pretty(pg_relation_size('petitions_search_keys')), ' ', ''),
    (SELECT count(*) FROM units WHERE level = 'province' AND valid_to IS NULL),
    (SELECT count(*) FROM bench_communes)")
  read -r ncommunes nprovinces < <(pg tiepdan -At -F ' ' -c "SELECT count(*) FILTER (WHERE scenario = 'commune'),
    count(*) FILTER (WHERE scenario = 'province') FROM bench_callers")
  nq=$(wc -l <"$work/queries-$(pg tiepdan -At -c "SELECT code FROM bench_callers LIMIT 1").txt")
  nfd_mat_dien=$(printf 'ma\xcc\x82\xcc\x81t \xc4\x91ie\xcc\xa3\xcc\x82n')
  nbase=$((nq - 3))
  printf '   petitions %s, database %s, search index %s; %s callers, %s queries each\n' \
    "$n_pet" "$db_size" "$idx_size" "$((ncommunes + nprovinces))" "$nq"
}
bench_positive search.sh "$rows" "$requests" "$chunk"
bench_prepare "$root"
driver=$root/build/tests/td_bench_search

if [[ -n $reuse ]]; then
  bench_reuse
else
  work=$(td_tmpdir tiepdan-bench-search)
  if [[ -z $keep ]]; then
    td_cleanup_push rm -rf "$work"
  fi
  bench_pg_start "$work" search.sh 64MB

  step "migrating and generating units"
  db=$(td_pg_conninfo "$work/pg" "$pgport")
  "$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
  bench_units "$root" "$provinces" "$per_province"
  pki=$work/pki
  "$root/deploy/pki.sh" init "$pki" --name "tiepdan bench CA" >/dev/null
  "$root/deploy/pki.sh" issue "$pki" "Bench Tổng hợp" --out nation --unit VN --role dashboard >/dev/null
  "$root/build/tiepdand" --db "$db" --add-principal "$pki/nation.crt" --role dashboard --unit VN >/dev/null
  creator=$(pg tiepdan -At -c "SELECT id FROM principals ORDER BY id LIMIT 1")

  gen_t0=$(date +%s.%N)
  bench_petitions "$root" "$work" "$rows" "$chunk" "$creator"
  grep -q 'petitions_search_keys' "$work/indexes.sql" || { td_err "no petitions_search_keys index"; exit 1; }
  timed "VACUUM ANALYZE" pg tiepdan -c 'VACUUM ANALYZE'
  gen_s=$(awk -v a="$gen_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  read -r n_pet db_size idx_size < <(pg tiepdan -At -F ' ' -c "SELECT (SELECT count(*) FROM petitions),
    replace(pg_size_pretty(pg_database_size(current_database())), ' ', ''),
    replace(pg_size_pretty(pg_relation_size('petitions_search_keys')), ' ', '')")
  printf '   petitions %s, database %s, search index %s; %ss in all\n' "$n_pet" "$db_size" "$idx_size" "$gen_s"
  pg tiepdan -c "SELECT summary, petitioner_name FROM petitions ORDER BY id LIMIT 3" | sed 's/^/   /'

  step "choosing the callers and their queries"
  # Communes by how many petitions they hold, busiest first: ranks 1, and at
  # 1%, 5%, 10%, 25%, 50%, 75% and 95% of the list; provinces likewise
  # (ranks 1, and at 25%, 50%, 90%).
  pg tiepdan -c "CREATE TABLE bench_callers AS
    WITH c AS (SELECT u.code, u.id, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, u.id) AS rk,
                      count(*) OVER () AS total
               FROM petitions p JOIN units u ON u.id = p.unit_id GROUP BY u.code, u.id),
         p AS (SELECT u.code, u.id, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, u.id) AS rk,
                      count(*) OVER () AS total
               FROM petitions pe JOIN units c ON c.id = pe.unit_id JOIN units u ON u.id = c.parent_id
               GROUP BY u.code, u.id)
    SELECT DISTINCT ON (code) 'commune' AS scenario, code, id, n FROM c
     WHERE rk IN (1, greatest(1, round(total * 0.01)), greatest(1, round(total * 0.05)),
                  greatest(1, round(total * 0.10)), greatest(1, round(total * 0.25)),
                  greatest(1, round(total * 0.50)), greatest(1, round(total * 0.75)),
                  greatest(1, round(total * 0.95)))
    UNION ALL
    SELECT DISTINCT ON (code) 'province', code, id, n FROM p
     WHERE rk IN (1, greatest(1, round(total * 0.25)), greatest(1, round(total * 0.50)),
                  greatest(1, round(total * 0.90)))" >/dev/null
  if [[ -n $smoke ]]; then
    # Two of each are enough to see that everything works.
    pg tiepdan -c "DELETE FROM bench_callers WHERE code NOT IN (
      SELECT code FROM (SELECT code, row_number() OVER (PARTITION BY scenario ORDER BY n DESC) AS rn
                        FROM bench_callers) x WHERE rn <= 2)" >/dev/null
  fi
  read -r ncommunes nprovinces < <(pg tiepdan -At -F ' ' -c "SELECT count(*) FILTER (WHERE scenario = 'commune'),
    count(*) FILTER (WHERE scenario = 'province') FROM bench_callers")
  pg tiepdan -c "SELECT scenario, code, n AS petitions FROM bench_callers ORDER BY scenario, n DESC" | sed 's/^/   /'

  # What officers type. The NFD lines are built from their bytes: "mất điện"
  # and "Sạt lở" decomposed (a, combining circumflex U+0302, combining acute
  # U+0301, ...).
  nfd_mat_dien=$(printf 'ma\xcc\x82\xcc\x81t \xc4\x91ie\xcc\xa3\xcc\x82n')
  nfd_sat_lo=$(printf 'Sa\xcc\xa3t lo\xcc\x9b\xcc\x89')
  base_queries=(
    "dien" "ĐIỆN" "điện" "mất điện" "$nfd_mat_dien" "dat dai" "đất đai" "thu hồi đất"
    "karaoke" "cau treo" "nước sinh hoạt" "ho ngheo" "$nfd_sat_lo" "INTERNET" "trại chăn nuôi"
    "Nà Phầy" "khuoi ngoa" "hua tat" "doi thoai truc tiep" "tố cáo cán bộ"
    "lò thị hoa" "Nguyen Van An" "Sùng A Páo" "hoang duc" "vang minh thang"
    "không có gì như thế" "xyzzy"
  )
  # Each caller's list: the base queries, then two receipt numbers of its own
  # area in lower case and an ID number of its area.
  pg tiepdan -c "CREATE TABLE bench_queries (who text, n integer, q text, PRIMARY KEY (who, n))" >/dev/null
  while read -r scenario code id; do
    qf=$work/queries-$code.txt
    printf '%s\n' "${base_queries[@]}" >"$qf"
    pg tiepdan -At -c "SELECT lower(receipt_no) FROM petitions
      WHERE unit_id IN (SELECT id FROM td_unit_subtree($id)) ORDER BY id DESC LIMIT 2" >>"$qf"
    pg tiepdan -At -c "SELECT substr(petitioner_id_number, 3, 8) FROM petitions
      WHERE unit_id IN (SELECT id FROM td_unit_subtree($id)) ORDER BY id LIMIT 1" >>"$qf"
    awk -v who="$code" 'BEGIN { OFS = "\t" } { gsub(/\\/, "\\\\"); print who, NR, $0 }' "$qf" |
      pg tiepdan -c "COPY bench_queries FROM STDIN" >/dev/null
  done < <(pg tiepdan -At -F ' ' -c "SELECT scenario, code, id FROM bench_callers ORDER BY scenario, n DESC")
  nq=$(wc -l <"$work/queries-$(pg tiepdan -At -c "SELECT code FROM bench_callers LIMIT 1").txt")
  nbase=${#base_queries[@]}
  printf '   %s queries per caller: %s, 2 receipt numbers, 1 ID number\n' "$nq" "$nbase"

  step "making certificates"
  while read -r scenario code; do
    role=reception
    [[ $scenario == province ]] && role=dashboard
    "$root/deploy/pki.sh" issue "$pki" "Bench $scenario $code" --out "$code" --unit "$code" --role "$role" >/dev/null
    "$root/build/tiepdand" --db "$db" --add-principal "$pki/$code.crt" --role "$role" --unit "$code" >/dev/null
  done < <(pg tiepdan -At -F ' ' -c "SELECT scenario, code FROM bench_callers ORDER BY scenario, n DESC")
fi

# A production server runs all day with its database in memory: the
# petitions and the search index fit in this machine's RAM, so read them
# once (pg_prewarm, into the operating system's cache) before measuring,
# and the figures are those of a warm server, not of the first minutes
# after a restart. The time it takes is printed.
step "reading the petitions and the search index into memory"
timed "pg_prewarm" pg tiepdan -q -c 'CREATE EXTENSION IF NOT EXISTS pg_prewarm' \
  -c "SELECT sum(pg_prewarm(c, 'read')) FROM (SELECT 'petitions'::regclass AS c UNION ALL
        SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'petitions'::regclass) r" >/dev/null

step "starting tiepdand"
port=$(td_free_port)
"$root/build/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --log-level warn --metrics-listen off \
  >>"$work/server.log" 2>&1 &
server_pid=$!
echo "$server_pid" >"$work/server.pid"
[[ -n $keep ]] || td_cleanup_push td_stop_pid "$server_pid" 10
# At ten million petitions the server took about a minute to accept
# connections on a loaded machine, so wait for it generously.
td_wait_port 127.0.0.1 "$port" 600
status=0

# field LINE KEY: the value of KEY=... in a driver line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# search WHO ARGS...: one driver run as WHO; prints its line on stdout.
search() {
  local who=$1 out
  shift
  if ! out=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/$who.crt" \
    --key "$pki/$who.key" --queries "$work/queries-$who.txt" "$@"); then
    td_err "td_bench_search as $who failed"
    status=1
  fi
  printf '%s\n' "$out"
}

step "checking answers through the server against SQL"
# The nation's dashboard sees no secret petition's texts, so SQL's count
# of non-secret petitions matching the folded text is what the server
# must find; a page of 200 holds them all for these rare queries.
check_line() {
  local q=$1 code=$2 expected got
  expected=$(pg tiepdan -At -v q="$q" -v code="$code" <<'EOF'
SELECT count(*) FROM petitions p
 WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(td_unit_by_code(:'code')))
   AND NOT p.confidential AND p.kind <> 'denunciation'
   AND (p.search_sealed LIKE td_search_pattern(:'q')
        OR lower(p.receipt_no) LIKE td_search_pattern(:'q'))
EOF
  )
  printf '%s\n' "$q" >"$work/queries-check.txt"
  got=$("$driver" --server "127.0.0.1:$port" --ca "$pki/ca.crt" --cert "$pki/nation.crt" \
    --key "$pki/nation.key" --queries "$work/queries-check.txt" --unit "$code" --requests 1 \
    --warmup 0 --page-size 200 --label check)
  got=$(field "$got" rows)
  if [[ $got == "$expected" ]]; then
    printf '   ok: "%s" in %s: %s found, as SQL counts\n' "$q" "$code" "$got"
  else
    printf '   MISMATCH: "%s" in %s: server %s, SQL %s\n' "$q" "$code" "${got:-?}" "$expected"
    status=1
  fi
}
quiet=$(pg tiepdan -At -c "SELECT code FROM bench_callers WHERE scenario = 'commune' ORDER BY n LIMIT 1")
check_line "$(sed -n 21p "$work/queries-$quiet.txt")" "$quiet"
check_line "$nfd_mat_dien" "$quiet"
check_line "$(sed -n "$((nbase + 1))p" "$work/queries-$quiet.txt")" "$quiet"
check_line xyzzy "$quiet"

# scenario NAME: every caller of NAME, requests shared out among them, their
# latencies pooled in $work/raw-NAME; prints the per-caller lines.
scenario() {
  local name=$1 k each code line
  k=$(pg tiepdan -At -c "SELECT count(*) FROM bench_callers WHERE scenario = '$name'")
  each=$(((requests + k - 1) / k))
  : >"$work/raw-$name"
  k=0
  while read -r code; do
    line=$(search "$code" --requests "$each" --warmup 20 --offset $((k * 7)) \
      --raw "$work/raw-$name" --label "$name:$code")
    printf '   %s\n' "$line"
    k=$((k + 1))
  done < <(pg tiepdan -At -c "SELECT code FROM bench_callers WHERE scenario = '$name' ORDER BY n DESC")
}

# percentiles FILE: "n p50 p95 p99 max mean" of the latencies in FILE.
percentiles() {
  sort -n "$1" | awk '{ v[NR] = $1; s += $1 } END {
    if (NR == 0) { print "0 - - - - -"; exit }
    printf "%d %.3f %.3f %.3f %.3f %.3f\n", NR, v[int(NR * 0.50 + 0.999999)],
      v[int(NR * 0.95 + 0.999999)], v[int(NR * 0.99 + 0.999999)], v[NR], s / NR }'
}

step "ListPetitions with a text through tiepdand: communes' reception officers"
scenario commune
step "ListPetitions with a text through tiepdand: provinces' dashboards"
scenario province

step "pgbench: the server's list statement, same callers, same queries"
# The statement of td_db_petition_list (server/db/petition.c), as the
# server sends it for a search: $1 the caller's unit, $7 the text, $9 the
# page (51: 50 rows and one more), $12 today, $15 whether the caller's role
# may read identities; every other parameter (the filters, $16 channel and
# $17 field among them) NULL, as the server sends them.
# SQL_LIST is LIST_HEAD, its own strings, then LIST_TAIL: the macros are
# read first, then joined around it.
awk '/^#define LIST_HEAD/ { on = "head"; next }
     /^#define LIST_TAIL/ { on = "tail"; next }
     /^static const char SQL_LIST\[\] =/ { on = "list"; next }
     on != "" { line = $0; sub(/^[^"]*"/, "", line); sub(/"[^"]*$/, "", line)
                if ($0 ~ /"/) sql[on] = sql[on] line
                if ((on != "list" && $0 !~ /\\$/) || (on == "list" && /;[ ]*$/)) on = "" }
     END { printf "%s%s%s", sql["head"], sql["list"], sql["tail"] }' \
  "$root/server/db/petition.c" >"$work/list.sql"
[[ -s $work/list.sql ]] || { td_err "could not read SQL_LIST from server/db/petition.c"; exit 1; }
# Highest first, so $1 does not take the 1 of $12.
for kv in 17=NULL 16=NULL 15=:sealed 14=false 13=NULL 12=:today 11=NULL 10=NULL 9=51 8=NULL 7=:text \
  6=NULL 5=NULL 4=NULL 3=NULL 2=NULL 1=:caller; do
  sed -i -E "s/\\\$${kv%%=*}([^0-9]|\$)/${kv#*=}\1/g" "$work/list.sql"
done
if grep -q '\$[0-9]' "$work/list.sql"; then
  td_err "parameters left in the pgbench statement: $(grep -o '\$[0-9]*' "$work/list.sql" | sort -u | tr '\n' ' ')"
  exit 1
fi
{
  printf '\\set i random(1, %s)\n' "$nq"
  printf 'SELECT q AS text FROM bench_queries WHERE who = :who AND n = :i \\gset\n'
  cat "$work/list.sql"
  printf ';\n'
} >"$work/pgbench-search.sql"
today=$(date +%F)
pgb_scenario() {
  local name=$1 k each code caller sealed
  k=$(pg tiepdan -At -c "SELECT count(*) FROM bench_callers WHERE scenario = '$name'")
  each=$(((requests + k - 1) / k))
  rm -f "$work"/pgblog-"$name".*
  while read -r code caller; do
    sealed=false
    [[ $name == commune ]] && sealed=true
    pgbench_run "pgb-$name-$code" -n -M extended -c 1 -t $((each + 20)) -l \
      --log-prefix="$work/pgblog-$name" -D who="$code" -D caller="$caller" -D sealed="$sealed" \
      -D today="$today" -f "$work/pgbench-search.sql" tiepdan || status=1
  done < <(pg tiepdan -At -F ' ' -c "SELECT code, id FROM bench_callers WHERE scenario = '$name' ORDER BY n DESC")
  # The per-transaction log: the third column is the latency in
  # microseconds. The first 20 transactions of each run are its warm-up (a
  # new connection loads the unaccent dictionary), as for the driver.
  for f in "$work"/pgblog-"$name".*; do
    tail -n +21 "$f"
  done | awk 'NF > 2 { printf "%.3f\n", $3 / 1000 }' >"$work/pgb-raw-$name"
}
pgb_scenario commune
pgb_scenario province

# summary NAME LABEL TARGET: one line of the summary, judged against TARGET.
summary() {
  local n p50 p95 p99 max mean verdict
  read -r n p50 p95 p99 max mean < <(percentiles "$work/raw-$1")
  if awk -v p="$p99" -v t="$3" 'BEGIN { exit !(p != "-" && p < t) }'; then
    verdict=ok
  else
    verdict=OVER
    [[ -n $smoke ]] || status=1
  fi
  printf '%-26s %5s req  p50 %8s ms  p95 %8s ms  p99 %8s ms  max %8s ms  mean %8s ms  (target p99 < %s ms: %s)\n' \
    "$2" "$n" "$p50" "$p95" "$p99" "$max" "$mean" "$3" "$verdict"
  read -r n p50 p95 p99 max mean < <(percentiles "$work/pgb-raw-$1")
  printf '%-26s %5s req  p50 %8s ms  p95 %8s ms  p99 %8s ms  max %8s ms  mean %8s ms  (pgbench, same SQL, no TLS, no server)\n' \
    "  pgbench, same statement" "$n" "$p50" "$p95" "$p99" "$max" "$mean"
}

echo
printf '== search benchmark: %s petitions, %s provinces, %s communes, search index %s, database %s\n' \
  "$n_pet" "$nprov" "$ncomm" "$idx_size" "$db_size"
printf '   %s queries per caller (with and without diacritics, upper case, NFD, names, ID and receipt numbers, misses); one request in flight\n' "$nq"
summary commune "commune reception ($ncommunes)" "$commune_target_ms"
summary province "province dashboard ($nprovinces)" "$province_target_ms"
for name in commune province; do
  printf '%-26s %s\n' "slowest $name requests" \
    "$(sort -t $'\t' -k1,1nr "$work/raw-$name" | head -5 | awk -F '\t' '{ printf "%s%s ms (%s rows) \"%s\"", (NR > 1 ? ", " : ""), $1, $2, $3 }')"
done
printf '%-26s PostgreSQL %s, %s cores, %s GB RAM; %s\n' "setup" "$pg_version" "$(nproc)" "$mem_gb" "$settings"
if [[ -n $keep ]]; then
  printf '\nkept: %s (server pid %s on 127.0.0.1:%s; psql "%s")\n' "$work" "$server_pid" "$port" "$db"
fi
exit $status
