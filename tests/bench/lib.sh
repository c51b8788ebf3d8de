# tests/bench/lib.sh - what the benchmarks share (sourced by stats.sh and
# search.sh after deploy/lib.sh): the clock of the run, the throwaway
# PostgreSQL cluster tuned for a bulk load and a read benchmark, the
# generated units and petitions, and pgbench.
# shellcheck shell=bash

export TZ=Asia/Ho_Chi_Minh
bench_started=$(date +%s)
step() { printf '== %s (%ds)\n' "$*" $(($(date +%s) - bench_started)); }

# timed LABEL CMD...: runs CMD, prints how long it took and keeps it in
# took[LABEL].
declare -A took
timed() {
  local label=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  took[$label]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  printf '   %-34s %8s s\n' "$label" "${took[$label]}"
}

# bench_positive NAME N...: exits 2 unless every N is a positive number.
bench_positive() {
  local name=$1 n
  shift
  for n in "$@"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { td_err "$name: not a positive number: $n"; exit 2; }
  done
}

# bench_prepare ROOT: installs what is missing and builds the release
# build; sets pg_bin. tests/run.sh, which has just done both (the same
# packages, the same build with the same arguments), sets TD_PREPARED=1
# so that each smoke run does not query dpkg and make again.
bench_prepare() {
  if [[ ${TD_PREPARED:-} != 1 ]]; then
    step "installing missing packages"
    # shellcheck disable=SC2119 # every package of TD_DEPS (pgbench is in postgresql-15)
    td_install_deps
  fi
  pg_bin=$(td_pg_bin)
  [[ -x $pg_bin/pgbench ]] || { td_err "no pgbench in $pg_bin (package postgresql-15)"; exit 1; }
  if [[ ${TD_PREPARED:-} != 1 ]]; then
    step "building"
    td_build "$1" "$1/build" -DCMAKE_BUILD_TYPE=Release -DTD_SANITIZE=OFF
  fi
}

# bench_pg_start WORK NAME WORK_MEM: starts the cluster in WORK/pg, tuned
# for a bulk load and a read benchmark on a throwaway cluster (the memory
# settings are what a dedicated server of this size would use), and
# prints the settings. Sets pgport, mem_gb, settings, pg_version and pg()
# (psql on the cluster). Stopped at exit unless keep is set.
bench_pg_start() {
  local work=$1 name=$2 work_mem=$3 sb_mb
  step "starting PostgreSQL"
  pgport=$(td_free_port)
  [[ -n ${keep:-} ]] || td_cleanup_push td_pg_stop "$work/pg"
  td_pg_start "$work/pg" "$pgport"
  mem_gb=$(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo)
  sb_mb=$((mem_gb * 1024 / 8))
  ((sb_mb > 4096)) && sb_mb=4096
  ((sb_mb < 128)) && sb_mb=128
  cat >>"$work/pg/data/postgresql.conf" <<EOF

# tests/bench/$name
shared_buffers = ${sb_mb}MB
effective_cache_size = $((mem_gb * 1024 / 2))MB
work_mem = $work_mem
maintenance_work_mem = 1GB
max_wal_size = 20GB
checkpoint_timeout = 1h
wal_level = minimal
max_wal_senders = 0
fsync = off
full_page_writes = off
synchronous_commit = off
jit = off
EOF
  td_pg_restart "$work/pg"
  pg() { td_psql "$work/pg" "$pgport" "$@"; }
  settings=$(pg tiepdan -At -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name)
    FROM pg_settings WHERE name IN ('shared_buffers', 'effective_cache_size', 'work_mem',
    'maintenance_work_mem', 'max_wal_size', 'fsync', 'full_page_writes', 'synchronous_commit',
    'wal_level', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost')")
  pg_version=$(pg tiepdan -At -c 'SHOW server_version')
  printf '   PostgreSQL %s: %s\n' "$pg_version" "$settings"
}

# bench_units ROOT PROVINCES PER_PROVINCE: the generated units
# (tests/bench/units.sql). Sets ncomm and nprov.
bench_units() {
  pg tiepdan -v provinces="$2" -v per_province="$3" -f "$1/tests/bench/units.sql"
  ncomm=$(pg tiepdan -At -c 'SELECT count(*) FROM bench_communes')
  nprov=$(pg tiepdan -At -c "SELECT count(*) FROM units WHERE level = 'province'")
  printf '   %s provinces, %s communes\n' "$nprov" "$ncomm"
}

# bench_petitions ROOT WORK ROWS CHUNK CREATOR: ROWS generated petitions
# (tests/bench/petitions.sql), CHUNK per statement. The secondary indexes
# are dropped for the load and built afterwards from WORK/indexes.sql (the
# primary key and the unique constraints stay, so a duplicate would fail).
bench_petitions() {
  local root=$1 work=$2 rows=$3 chunk=$4 creator=$5 lo hi
  step "generating $rows petitions"
  pg tiepdan -At -c "SELECT pg_get_indexdef(i.indexrelid) || ';'
    FROM pg_index i WHERE i.indrelid = 'petitions'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)" \
    >"$work/indexes.sql"
  pg tiepdan -At -c "SELECT 'DROP INDEX ' || i.indexrelid::regclass || ';'
    FROM pg_index i WHERE i.indrelid = 'petitions'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)" |
    pg tiepdan -f -
  for ((lo = 1; lo <= rows; lo += chunk)); do
    hi=$((lo + chunk - 1))
    ((hi > rows)) && hi=$rows
    timed "insert $lo..$hi" pg tiepdan -v lo="$lo" -v hi="$hi" -v creator="$creator" \
      -v ncomm="$ncomm" -f "$root/tests/bench/petitions.sql"
  done
  timed "secondary indexes" pg tiepdan -c 'SET maintenance_work_mem = "2GB"' -f "$work/indexes.sql"
}

# pgbench_run NAME ARGS...: runs pgbench on the cluster in $work, output in
# $work/NAME.out.
pgbench_run() {
  local name=$1
  shift
  (cd "$work" && "$pg_bin/pgbench" -h "$work/pg" -p "$pgport" -U tiepdan "$@") \
    >"$work/$name.out" 2>&1 || { cat "$work/$name.out" >&2; return 1; }
}
