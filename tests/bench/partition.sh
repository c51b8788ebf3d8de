#!/usr/bin/env bash
# tests/bench/partition.sh - should petitions and petition_events be
# LIST-partitioned by province? Measured, plain against partitioned, on
# the same data in the same cluster (issue 17).
#
# Starts from a cluster kept by tests/bench/stats.sh --keep (or search.sh
# --keep): --reuse DIR, the directory it printed ("kept: DIR"); stop the
# tiepdand it left running first (its pid was printed too), since the
# database is copied. Then, once (a second run reuses both):
#   - in the plain database: one "submit" event per petition (stats.sh
#     generates petitions only, the change feed needs their events), the
#     petitions looked up by id and receipt number (bench_pick), the
#     busiest commune and province (bench_part_callers) and what officers
#     type (bench_part_queries);
#   - a copy of it (CREATE DATABASE ... TEMPLATE), where
#     tests/bench/partition.sql makes both tables partitioned by
#     province_id (34 provinces and a DEFAULT) with the same indexes, and
#     sql/functions/ is re-applied with the submission taught the province
#     (td_submit_batch's INSERTs supply province_id; nothing else is
#     rewritten: every other statement is the server's as it is).
# Then it measures with pgbench, one client, each scenario on the plain and the partitioned
# database in turn, in the same run, round after round (the order swapped
# each round, so a machine that gets busier penalises neither): the
# server's own statements, read from server/db/*.c, sent as the server
# sends them: prepared once per connection (-M prepared; td_rows_send),
# or planned for their values on every call (-M extended;
# td_rows_send_custom: the lists):
#   rollup         GetStats nationwide, 12 months (tests/bench/stats_rollup.sql)
#   get-id         GetPetition by id (SQL_GET_BY_ID), ids over the whole table
#   get-id-plan    the same, planned on every call (-M extended)
#   get-receipt    GetPetition by receipt number (SQL_GET_BY_RECEIPT; the
#                  transaction also reads the number from bench_pick by key)
#   page-commune   ListPetitions of the busiest commune, no text (SQL_PAGE)
#   list-commune   ListPetitions --text, busiest commune (SQL_LIST)
#   list-province  ListPetitions --text, busiest province (SQL_LIST)
#   feed           the change feed nationwide, 100 events (SQL_CHANGES)
#   submit         one submission, its petition, event and seal
#                  (SQL_BATCH, td_submit_batch; reads a commune's code first)
# For each: transactions per second, p50 and p99 latency (pgbench's log),
# and PostgreSQL's CPU per transaction (user + system of every process of
# the cluster, /proc, as tests/bench/read.sh).
#
#   tests/bench/partition.sh --reuse DIR
#
# Options:
#   --reuse DIR    the kept benchmark directory (DIR/pg is its cluster)
#   --seconds S    each measured run (default 10)
#   --rounds N     rounds of every scenario on both databases (default 2)
#   --warm S       seconds of each run not counted (default 3): a new
#                  connection first loads the catalogue of every partition
#   --only LIST    comma-separated scenarios (default all)
#   --rebuild      drop the partitioned copy and make it again
# Exit status: 0 when everything ran; 1 when a statement failed or the two
# databases do not hold the same rows. Judging the figures against the
# targets is left to the reader (README, "Partitions by province").
# shellcheck disable=SC2317
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

reuse=
seconds=10
rounds=2
warm=3
only=
rebuild=
built=
plain=tiepdan
part=tiepdan_part
while (($# > 0)); do
  case $1 in
  --reuse) reuse=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  --rounds) rounds=$2; shift 2 ;;
  --warm) warm=$2; shift 2 ;;
  --only) only=$2; shift 2 ;;
  --rebuild) rebuild=1; shift ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    td_err "partition.sh: unknown option $1 (see --help)"
    exit 2
    ;;
  esac
done
# shellcheck source=tests/bench/lib.sh
. "$root/tests/bench/lib.sh"
bench_positive partition.sh "$seconds" "$rounds" "$warm"
[[ -n $reuse ]] || { td_err "partition.sh: --reuse DIR is required (a cluster kept by stats.sh --keep)"; exit 2; }
work=$(cd "$reuse" && pwd)
[[ -f $work/pg/data/postmaster.pid ]] || { td_err "partition.sh: no running cluster in $work/pg"; exit 1; }
pgport=$(sed -n 4p "$work/pg/data/postmaster.pid")
pg_bin=$(td_pg_bin)
pg() { td_psql "$work/pg" "$pgport" "$@"; }
out=$work/partition
mkdir -p "$out"
status=0

[[ $(pg "$plain" -At -c "SELECT to_regclass('petitions') IS NOT NULL") == t ]] ||
  { td_err "partition.sh: no petitions in database $plain"; exit 1; }

step "the plain database: events, keys, callers, queries"
if [[ $(pg "$plain" -At -c "SELECT NOT EXISTS (SELECT 1 FROM petition_events)") == t ]]; then
  # One submit event per petition, numbered in the petitions' order, as if
  # each had been submitted alone; triggers off, like the petitions'
  # generation (tests/bench/petitions.sql).
  timed "submit events" pg "$plain" -c 'SET session_replication_role = replica' \
    -c "INSERT INTO petition_events (seq, petition_id, unit_id, actor_id, at, action, to_status)
        SELECT id, id, unit_id, created_by, received_at, 'submit', 'received' FROM petitions ORDER BY id" \
    -c "SELECT setval('petition_events_seq', (SELECT max(seq) FROM petition_events))" -o /dev/null
  timed "VACUUM ANALYZE petition_events" pg "$plain" -c 'VACUUM ANALYZE petition_events'
fi
if [[ $(pg "$plain" -At -c "SELECT to_regclass('bench_pick') IS NULL") == t ]]; then
  pg "$plain" -c "CREATE TABLE bench_pick AS
      SELECT (row_number() OVER ())::int AS n, p.id, p.receipt_no FROM petitions p
       WHERE p.id IN (SELECT 1 + floor(random() * (SELECT max(id) FROM petitions))::bigint
                        FROM generate_series(1, 10000))" \
    -c 'ALTER TABLE bench_pick ADD PRIMARY KEY (n)' >/dev/null
  pg "$plain" -c "CREATE TABLE bench_part_callers AS
      (SELECT 'commune' AS who, unit_id AS id FROM petitions GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1)
      UNION ALL
      (SELECT 'province', u.province_id FROM petitions p JOIN units u ON u.id = p.unit_id
        GROUP BY u.province_id ORDER BY count(*) DESC LIMIT 1)" >/dev/null
  # What officers type (a part of tests/bench/search.sh's list).
  printf '%s\n' "dien" "mất điện" "dat dai" "thu hồi đất" "karaoke" "cau treo" "nước sinh hoạt" \
    "ho ngheo" "INTERNET" "Nà Phầy" "doi thoai truc tiep" "tố cáo cán bộ" "Nguyen Van An" \
    "Sùng A Páo" "không có gì như thế" "xyzzy" | awk 'BEGIN { OFS = "\t" } { print NR, $0 }' |
    pg "$plain" -c 'CREATE TABLE bench_part_queries (n integer PRIMARY KEY, q text)' \
      -c 'COPY bench_part_queries FROM STDIN' >/dev/null
  pg "$plain" -c 'ANALYZE bench_pick, bench_part_callers, bench_part_queries' >/dev/null
fi

if [[ -n $rebuild ]]; then
  pg postgres -c "DROP DATABASE IF EXISTS $part" >/dev/null
fi
if [[ $(pg postgres -At -c "SELECT count(*) FROM pg_database WHERE datname = '$part'") == 0 ]]; then
  step "the partitioned copy: $part"
  built=1
  others=$(pg postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$plain'")
  if ((others > 0)); then
    td_err "partition.sh: $others session(s) on $plain (stop the tiepdand that stats.sh kept)"
    exit 1
  fi
  timed "CREATE DATABASE ... TEMPLATE" pg postgres -c "CREATE DATABASE $part TEMPLATE $plain STRATEGY FILE_COPY"
  timed "partition.sql" pg "$part" -o /dev/null -f "$root/tests/bench/partition.sql"
  # The functions, with the submission supplying the province: the
  # petition's from its commune, the event's from the petition.
  rm -rf "$out/sql"
  cp -r "$root/sql" "$out/sql"
  f=$out/sql/functions/30_petition.sql
  perl -0pi -e '
    s/(\n\s+)repeat_of_id\)\n(\s+SELECT n\.receipt)/$1repeat_of_id, province_id)\n$2/ or die "insert\n";
    s/(\n\s+n\.repeat_id)(\n\s+FROM numbered n ORDER BY n\.ord)/$1, (SELECT u.province_id FROM units u WHERE u.id = n.unit_id)$2/ or die "values\n";
    s/RETURNING id, idempotency_key, unit_id, created_by, repeat_of_id/$&, province_id/ or die "returning\n";
    s/INSERT INTO petition_events \(petition_id, unit_id, actor_id, action, to_status, changes\)\n(\s+)SELECT ins\.id,/INSERT INTO petition_events (province_id, petition_id, unit_id, actor_id, action, to_status, changes)\n$1SELECT ins.province_id, ins.id,/ or die "event\n";
  ' "$f" || { td_err "partition.sh: td_submit_batch no longer reads as expected ($f)"; exit 1; }
  migrate() { "$root/build/tiepdand" --migrate --db "$(td_pg_conninfo "$work/pg" "$pgport" "$part")" \
    --sql-dir "$out/sql" >"$out/migrate.out"; }
  timed "sql/functions re-applied" migrate
  timed "VACUUM ANALYZE" pg "$part" -c 'VACUUM ANALYZE'
fi

step "the two databases"
for d in "$plain" "$part"; do
  pg "$d" -At -F ' ' -c "SELECT current_database(), (SELECT count(*) FROM petitions),
      (SELECT count(*) FROM petition_events),
      (SELECT count(*) FROM pg_inherits WHERE inhparent = 'petitions'::regclass),
      replace(pg_size_pretty(pg_database_size(current_database())), ' ', '')"
done | while read -r d n e k size; do
  printf '   %-14s petitions %s, events %s, partitions %s, database %s\n' "$d" "$n" "$e" "$k" "$size"
  printf '%s %s\n' "$n" "$e" >"$out/count-$d"
done
# Right after the copy both hold the same rows; the submissions measured
# since then differ.
if [[ -n $built ]] && ! cmp -s "$out/count-$plain" "$out/count-$part"; then
  td_err "partition.sh: the two databases do not hold the same rows"
  status=1
fi
pg "$part" -At -c "SELECT '   largest partition ' || max(n) || ', smallest ' || min(n) FROM (
  SELECT count(*) AS n FROM petitions GROUP BY province_id) c"

# The statements ---------------------------------------------------------------

# c_sql FILE NAME: the statement NAME of FILE as the server sends it: its
# strings joined, with the LIST_HEAD and LIST_TAIL macros it names.
c_sql() {
  awk -v name="$2" '
     /^#define LIST_HEAD/ { on = "head"; next }
     /^#define LIST_TAIL/ { on = "tail"; next }
     $0 ~ "^static const char " name "\\[\\] =" { on = "it"; h = /LIST_HEAD/; next }
     on != "" { line = $0; sub(/^[^"]*"/, "", line); sub(/"[^"]*$/, "", line)
                if ($0 ~ /"/) sql[on] = sql[on] line
                if (on == "it" && /LIST_TAIL/) t = 1
                if ((on != "it" && $0 !~ /\\$/) || (on == "it" && /;[ ]*$/)) on = "" }
     END { printf "%s%s%s", h ? sql["head"] : "", sql["it"], t ? sql["tail"] : "" }' "$1"
}
# bind NAME=VALUE...: replaces $NAME by VALUE in stdin (highest first).
bind() {
  perl -e 'my %v = map { split /=/, $_, 2 } @ARGV; local $/; my $s = <STDIN>;
    $s =~ s/\$(\d+)(?!\d)/exists $v{$1} ? $v{$1} : die "unbound \$$1\n"/ge; print $s, ";\n"' "$@"
}

nation=$(pg "$plain" -At -c "SELECT td_unit_by_code('VN')")
commune=$(pg "$plain" -At -c "SELECT id FROM bench_part_callers WHERE who = 'commune'")
province=$(pg "$plain" -At -c "SELECT id FROM bench_part_callers WHERE who = 'province'")
maxid=$(pg "$plain" -At -c 'SELECT max(id) FROM petitions')
maxseq=$(pg "$plain" -At -c 'SELECT max(seq) FROM petition_events')
npick=$(pg "$plain" -At -c 'SELECT count(*) FROM bench_pick')
ncomm=$(pg "$plain" -At -c 'SELECT count(*) FROM bench_communes')
nq=$(pg "$plain" -At -c 'SELECT count(*) FROM bench_part_queries')
principal=$(pg "$plain" -At -c 'SELECT id FROM principals ORDER BY id LIMIT 1')
calendar=$(pg "$plain" -At -c 'SELECT version FROM calendar_state')
today=$(date +%F)
to_day=$(date +%Y-%m-01)
from_day=$(date -d "$to_day -12 month" +%F)
pc=$root/server/db/petition.c
# shellcheck disable=SC2191 # NUMBER=VALUE pairs for bind
list_args=(17=NULL 16=NULL 15=:sealed 14=false 13=NULL 12=:today::date 11=NULL 10=NULL 9=51
  8=NULL 7=:text 6=NULL 5=NULL 4=NULL 3=NULL 2=NULL 1=:caller)

cp "$root/tests/bench/stats_rollup.sql" "$out/rollup.sql"
{
  printf '\\set id random(1, %s)\n' "$maxid"
  c_sql "$pc" SQL_GET_BY_ID | bind 1=:caller 2=:id
} >"$out/get-id.sql"
{
  printf '\\set n random(1, %s)\n' "$npick"
  printf 'SELECT receipt_no AS r FROM bench_pick WHERE n = :n \\gset\n'
  c_sql "$pc" SQL_GET_BY_RECEIPT | bind 1=:caller 2=:r
} >"$out/get-receipt.sql"
c_sql "$pc" SQL_PAGE | bind "${list_args[@]/7=:text/7=NULL}" >"$out/page-commune.sql"
{
  printf '\\set i random(1, %s)\n' "$nq"
  printf 'SELECT q AS text FROM bench_part_queries WHERE n = :i \\gset\n'
  c_sql "$pc" SQL_LIST | bind "${list_args[@]}"
} >"$out/list.sql"
{
  printf '\\set from random(0, %s)\n\\set upto :from + 1000\n' $((maxseq - 1000))
  c_sql "$root/server/db/feed.c" SQL_CHANGES | bind 1=:caller 2=NULL 3=:from 4=:upto 5=100
} >"$out/feed.sql"
{
  printf '\\set c random(0, %s)\n' $((ncomm - 1))
  printf 'SELECT u.code FROM bench_communes b JOIN units u ON u.id = b.id WHERE b.idx = :c \\gset\n'
  c_sql "$root/server/db/submit.c" SQL_BATCH | bind 1="ARRAY[$principal]" 2="ARRAY[gen_random_uuid()]" \
    3="ARRAY[encode(sha256(random()::text::bytea), 'hex')]" 4="ARRAY[:code::text]" \
    5='ARRAY[NULL::text]' 6="ARRAY['complaint']" 7="ARRAY['regular_reception']" 8="ARRAY['land']" \
    9='ARRAY[1]' 10="ARRAY['Nguyễn Văn An']" 11='ARRAY[NULL::text]' 12='ARRAY[NULL::text]' \
    13='ARRAY[NULL::text]' 14='ARRAY[false]' \
    15="ARRAY['Đường liên thôn xuống cấp, lầy lội, đề nghị xã sớm xem xét']" \
    16='ARRAY[NULL::bigint]' 17='ARRAY[NULL::bigint]' 18="ARRAY[$calendar::bigint]" \
    19='ARRAY[NULL::int]' 20='ARRAY[NULL::date]' 21='ARRAY[NULL::date]' 22='ARRAY[NULL::text]' \
    23='ARRAY[NULL::uuid]' 24='ARRAY[NULL::bigint]' 25='ARRAY[NULL::bigint]' \
    26='ARRAY[NULL::text]' 27='ARRAY[false]'
} >"$out/submit.sql"

# scenario NAME: its script and its pgbench variables.
declare -A script vars mode
script=([rollup]=rollup [get-id]=get-id [get-id-plan]=get-id [get-receipt]=get-receipt [page-commune]=page-commune
  [list-commune]=list [list-province]=list [feed]=feed [submit]=submit)
vars=([rollup]="-D caller=$nation -D code=VN -D from=$from_day -D to=$to_day -D today=$today -D soon=3"
  [get-id]="-D caller=$nation" [get-id-plan]="-D caller=$nation" [get-receipt]="-D caller=$nation"
  [page-commune]="-D caller=$commune -D sealed=true -D today=$today"
  [list-commune]="-D caller=$commune -D sealed=true -D today=$today"
  [list-province]="-D caller=$province -D sealed=false -D today=$today"
  [feed]="-D caller=$nation" [submit]="")
for sc in "${!script[@]}"; do mode[$sc]=prepared; done
mode[get-id-plan]=extended mode[page-commune]=extended mode[list-commune]=extended
mode[list-province]=extended
scenarios=(rollup get-id get-id-plan get-receipt page-commune list-commune list-province feed submit)
# A list by text without the search index would read whole tables: a
# cluster kept without it (it takes the longest to build) measures the rest.
if [[ $(pg "$plain" -At -c "SELECT to_regclass('petitions_search_keys') IS NULL") == t ]]; then
  printf '   no petitions_search_keys in %s: list-commune and list-province left out\n' "$plain"
  scenarios=(rollup get-id get-id-plan get-receipt page-commune feed submit)
fi
if [[ -n $only ]]; then
  IFS=, read -r -a scenarios <<<"$only"
  for sc in "${scenarios[@]}"; do
    [[ -n ${script[$sc]:-} ]] || { td_err "partition.sh: no scenario $sc"; exit 2; }
  done
fi

# A statement that fails or answers nothing is a defect of the copy, not a
# figure: each is run once on each database first.
step "checking each statement on both databases"
for sc in "${scenarios[@]}"; do
  for d in "$plain" "$part"; do
    # shellcheck disable=SC2086 # vars holds several options
    if ! (cd "$out" && "$pg_bin/pgbench" -h "$work/pg" -p "$pgport" -U tiepdan -n -M "${mode[$sc]}" -c 1 \
      -t 3 ${vars[$sc]} -f "$out/${script[$sc]}.sql" "$d") >"$out/check-$sc-$d.out" 2>&1 ||
      grep -q 'ERROR\|aborted' "$out/check-$sc-$d.out"; then
      td_err "partition.sh: $sc failed on $d:"
      cat "$out/check-$sc-$d.out" >&2
      status=1
    fi
  done
done
((status == 0)) || exit 1
created=$(pg "$part" -At -c "SELECT count(*) FROM petitions WHERE province_id IS NOT NULL AND id > $maxid")
printf '   every statement ran; the partitioned copy took %s submissions\n' "$created"

# pg_cpu: CPU seconds (user + system) of every process of the cluster so
# far (as tests/bench/read.sh).
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

# run SCENARIO DB ROUND: one measured run; appends "SCENARIO DB ROUND tps
# p50 p99 cpu_ms" to $out/results.
run() {
  local sc=$1 d=$2 r=$3 c0 c1 t0 t1 pid tag=$1-$2-$3
  rm -f "$out"/log-"$tag".*
  # shellcheck disable=SC2086
  (cd "$out" && exec "$pg_bin/pgbench" -h "$work/pg" -p "$pgport" -U tiepdan -n -M "${mode[$sc]}" -c 1 \
    -T $((warm + seconds)) -l --log-prefix="$out/log-$tag" ${vars[$sc]} -f "$out/${script[$sc]}.sql" "$d") \
    >"$out/run-$tag.out" 2>&1 &
  pid=$!
  sleep "$warm"
  c0=$(pg_cpu)
  t0=$(date +%s.%N)
  wait "$pid" || { cat "$out/run-$tag.out" >&2; status=1; }
  # Its backend's time is the postmaster's once it has reaped it.
  sleep 0.3
  c1=$(pg_cpu)
  t1=$(date +%s.%N)
  # The log: the third column is the latency in microseconds, the fifth and
  # sixth when the transaction ended.
  cat "$out"/log-"$tag".* | awk -v t0="$t0" '$5 + $6 / 1e6 >= t0 { print $3 / 1000 }' | sort -n |
    awk -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
      -v c="$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" -v pre="$sc $d $r" '
    { v[NR] = $1 }
    END { printf "%s %.1f %.3f %.3f %.3f\n", pre, NR / s, v[int(NR * 0.5 + 0.999999)],
                 v[int(NR * 0.99 + 0.999999)], (NR > 0 ? c * 1000 / NR : 0) }' | tee -a "$out/results" |
    awk '{ printf "   %-14s %-13s round %s  %8s tps  p50 %8s ms  p99 %8s ms  PG CPU %7s ms/tx\n", $1, $2, $3, $4, $5, $6, $7 }'
}

# No autovacuum while measuring (both databases were vacuumed and analysed
# above): its work would be counted as the statements' CPU.
pg postgres -c 'ALTER SYSTEM SET autovacuum = off' -c 'SELECT pg_reload_conf()' >/dev/null
autovacuum_on() { pg postgres -c 'ALTER SYSTEM RESET autovacuum' -c 'SELECT pg_reload_conf()' >/dev/null; }
trap autovacuum_on EXIT
step "measuring: ${#scenarios[@]} scenarios x $rounds rounds x 2 databases, ${seconds}s each, 1 client"
: >"$out/results"
for ((r = 1; r <= rounds; r++)); do
  for sc in "${scenarios[@]}"; do
    if ((r % 2 == 1)); then
      run "$sc" "$plain" "$r"
      run "$sc" "$part" "$r"
    else
      run "$sc" "$part" "$r"
      run "$sc" "$plain" "$r"
    fi
  done
done

echo
printf '== partitions by province: %s petitions, %s events; plain (%s) against partitioned (%s, %s partitions)\n' \
  "$(cut -d ' ' -f 1 "$out/count-$plain")" "$(cut -d ' ' -f 2 "$out/count-$plain")" "$plain" "$part" \
  "$(pg "$part" -At -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'petitions'::regclass")"
printf '   pgbench, 1 client, -M prepared (get-id-plan and the lists: -M extended), %s rounds of %ss after %ss of warm-up,\n   alternating; median of the rounds [min-max]\n' \
  "$rounds" "$seconds" "$warm"
printf '%-14s | %-44s | %-44s | %s\n' scenario "plain: p50 / p99 ms, PG CPU ms/tx" \
  "partitioned: p50 / p99 ms, PG CPU ms/tx" "p99, CPU part/plain"
for sc in "${scenarios[@]}"; do
  awk -v sc="$sc" -v a="$plain" -v b="$part" '
    function med(arr, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
        if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
      return k % 2 ? arr[(k + 1) / 2] : (arr[k / 2] + arr[k / 2 + 1]) / 2 }
    $1 == sc { d = ($2 == a) ? "a" : "b"; k[d]++; p50[d, k[d]] = $5; p99[d, k[d]] = $6; cpu[d, k[d]] = $7 }
    END {
      for (d in k) { delete x; delete y; delete z
        for (i = 1; i <= k[d]; i++) { x[i] = p50[d, i]; y[i] = p99[d, i]; z[i] = cpu[d, i] }
        m50[d] = med(x, k[d]); m99[d] = med(y, k[d]); lo[d] = y[1]; hi[d] = y[k[d]]; mc[d] = med(z, k[d]) }
      printf "%-14s | %8.3f / %8.3f [%.3f-%.3f] %7.3f | %8.3f / %8.3f [%.3f-%.3f] %7.3f | x%.2f  x%.2f\n", sc,
        m50["a"], m99["a"], lo["a"], hi["a"], mc["a"], m50["b"], m99["b"], lo["b"], hi["b"], mc["b"],
        (m99["a"] > 0 ? m99["b"] / m99["a"] : 0), (mc["a"] > 0 ? mc["b"] / mc["a"] : 0) }' "$out/results"
done
printf '%-14s PostgreSQL %s, %s cores; the machine may be shared: compare within a run\n' setup \
  "$(pg "$plain" -At -c 'SHOW server_version')" "$(nproc)"
exit $status
