#!/usr/bin/env bash
# deploy/cluster/cluster.sh - the high-availability topology on one machine:
# etcd, three PostgreSQL 15 nodes under Patroni, HAProxy and tiepdand
# servers, all on loopback, on free ports, with every file under DIR.
#
#   cluster.sh up DIR [--async] [--servers N] [--build BUILD]
#       Install what is missing (as root), then start etcd (one member),
#       three Patroni nodes (pg1..pg3; synchronous mode unless --async),
#       HAProxy (deploy/cluster/haproxy.cfg: a primary port, a replica port,
#       the tiepdand front), make certificates (deploy/pki.sh), migrate,
#       load deploy/seed/units.sql, register the principals and start N
#       tiepdand (default 2; td1..tdN). Prints the address for clients.
#       DIR must not hold a cluster already (an empty DIR is fine).
#   cluster.sh down DIR      stop everything started in DIR (files stay)
#   cluster.sh status DIR    patronictl list, HAProxy's servers, each
#                            tiepdand's /readyz
#   cluster.sh primary DIR   the leader: "pgN PORT" (exit 1 if none)
#   cluster.sh pid DIR WHAT  the process id of WHAT: pgN (its postmaster),
#                            patroni-pgN, tdN, haproxy or etcd
#   cluster.sh env DIR       the cluster's variables (DIR/cluster.env)
#
# The build (tiepdand, tiepdan) comes from --build, else $TD_BUILD, else
# the repository's build/. DIR/cluster.env, sourced by the tests, holds the
# ports and paths: TD_CL_CLIENT (HOST:PORT of HAProxy's tiepdand front),
# TD_CL_DB (conninfo of HAProxy's primary port), TD_CL_PKI, ...
# Certificates in DIR/pki: admin (VN), rc03390, rc03405, rc03430 (reception
# of three communes of province 12), dash12 (the province's dashboard).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/deploy/cluster
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

NODES=(pg1 pg2 pg3)

say() { printf 'cluster: %s\n' "$*"; }
die() {
  td_err "cluster.sh: $*"
  exit 1
}
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# start_bg NAME CMD...: run CMD in its own session, output to DIR/NAME.log,
# its pid in DIR/NAME.pid.
start_bg() {
  local name=$1
  shift
  setsid "$@" >>"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}
pid_of() { cat "$dir/$1.pid" 2>/dev/null || true; }
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

# http PORT PATH: the status code of GET http://127.0.0.1:PORT/PATH.
http() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1$2" || true; }

# wait_for SECONDS WHAT CMD...: until CMD succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

load_env() {
  [[ -f $dir/cluster.env ]] || die "no cluster in $dir (cluster.sh up $dir first)"
  # shellcheck source=/dev/null
  . "$dir/cluster.env"
}

# fill TEMPLATE OUT KEY=VALUE...: replace @KEY@ by VALUE.
fill() {
  local in=$1 out=$2 kv args=()
  shift 2
  for kv in "$@"; do
    args+=(-e "s|@${kv%%=*}@|${kv#*=}|g")
  done
  sed "${args[@]}" "$in" >"$out"
  if grep -q '@[A-Z_]*@' "$out"; then
    die "$out: unfilled fields: $(grep -o '@[A-Z_]*@' "$out" | sort -u | tr '\n' ' ')"
  fi
}

# Patroni's view of the cluster, from any node's REST API: one line per
# member, "name role state lag".
members() {
  local n port
  for n in "${NODES[@]}"; do
    port=REST_${n^^}
    curl -s -m 2 "http://127.0.0.1:${!port}/cluster" 2>/dev/null | python3 -c '
import json, sys
for m in json.load(sys.stdin)["members"]:
    print(m["name"], m["role"], m["state"], m.get("lag", 0))' 2>/dev/null && return 0
  done
  return 1
}

leader() {
  local n port
  for n in "${NODES[@]}"; do
    port=REST_${n^^}
    if [[ $(http "${!port}" /primary) == 200 ]]; then
      port=PG_${n^^}
      printf '%s %s\n' "$n" "${!port}"
      return 0
    fi
  done
  return 1
}

# Ready when a leader runs and both others stream (one as the synchronous
# standby in synchronous mode).
cluster_ready() {
  local m
  m=$(members) || return 1
  [[ $(grep -c ' leader running' <<<"$m") == 1 ]] || return 1
  [[ $(grep -Ec ' (sync_standby|replica) (streaming|running)' <<<"$m") == 2 ]] || return 1
  [[ $SYNC != true ]] || grep -q ' sync_standby ' <<<"$m"
}

haproxy_up() {
  local cnt
  cnt=$(curl -s -m 2 "http://127.0.0.1:$STATS_PORT/;csv" 2>/dev/null) || return 1
  # backend name, server, status
  awk -F, -v px="$1" -v sv="$2" '$1 == px && $2 == sv && $18 ~ /^UP/ { f = 1 } END { exit !f }' <<<"$cnt"
}

cmd_up() {
  local async=0 servers=2 build=${TD_BUILD:-$root/build} n i port rest
  while (($# > 0)); do
    case $1 in
    --async) async=1; shift ;;
    --servers) servers=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) die "up: unknown option $1" ;;
    esac
  done
  [[ $servers =~ ^[1-9]$ ]] || die "up: --servers takes 1 to 9"
  [[ -x $build/tiepdand && -x $build/tiepdan ]] || die "no tiepdand and tiepdan in $build (build first, or --build)"
  build=$(cd "$build" && pwd)
  [[ ! -f $dir/cluster.env ]] || die "$dir already holds a cluster (cluster.sh down $dir; then remove it)"
  ((EUID == 0)) || die "run as root (PostgreSQL runs as user postgres, the packages need apt-get)"

  # TD_CLUSTER_DEPS (deploy/lib.sh); their packaged services are not used.
  td_install_cluster_deps || die "cannot install ${TD_CLUSTER_DEPS[*]}"
  # shellcheck disable=SC2119 # every package of TD_DEPS
  td_install_deps || die "cannot install the build and run dependencies"

  chmod 0755 "$dir"
  runuser -u postgres -- test -x "$dir" || die "user postgres cannot enter $dir (use a folder like /tmp/x)"

  # Ports, and the cluster's variables for the other verbs and the tests.
  SYNC=true
  ((async == 0)) || SYNC=false
  ETCD_PORT=$(td_free_port) ETCD_PEER=$(td_free_port)
  STATS_PORT=$(td_free_port) PRIMARY_PORT=$(td_free_port) REPLICA_PORT=$(td_free_port)
  TIEPDAN_PORT=$(td_free_port)
  {
    printf '# written by deploy/cluster/cluster.sh up\n'
    printf 'TD_CL_DIR=%q\nTD_CL_BUILD=%q\nTD_CL_SRC=%q\nSYNC=%s\nSERVERS=%s\n' \
      "$dir" "$build" "$root" "$SYNC" "$servers"
    printf 'ETCD_PORT=%s\nETCD_PEER=%s\nSTATS_PORT=%s\nPRIMARY_PORT=%s\nREPLICA_PORT=%s\nTIEPDAN_PORT=%s\n' \
      "$ETCD_PORT" "$ETCD_PEER" "$STATS_PORT" "$PRIMARY_PORT" "$REPLICA_PORT" "$TIEPDAN_PORT"
    for n in "${NODES[@]}"; do
      printf 'PG_%s=%s\nREST_%s=%s\n' "${n^^}" "$(td_free_port)" "${n^^}" "$(td_free_port)"
    done
    for ((i = 1; i <= servers; i++)); do
      printf 'TD%s_PORT=%s\nTD%s_METRICS=%s\n' "$i" "$(td_free_port)" "$i" "$(td_free_port)"
    done
    printf 'TD_CL_CLIENT=127.0.0.1:%s\n' "$TIEPDAN_PORT"
    printf "TD_CL_DB='hostaddr=127.0.0.1 port=%s user=tiepdan dbname=tiepdan connect_timeout=3 target_session_attrs=read-write'\n" "$PRIMARY_PORT"
    printf "TD_CL_READ_DB='hostaddr=127.0.0.1 port=%s user=tiepdan dbname=tiepdan connect_timeout=3'\n" "$REPLICA_PORT"
    printf 'TD_CL_PKI=%q\n' "$dir/pki"
  } >"$dir/cluster.env"
  load_env
  # Whatever fails from here stops what was started.
  trap 'up_failed' EXIT

  # etcd: one member (three on three machines, see the README).
  say "etcd on 127.0.0.1:$ETCD_PORT"
  mkdir -p "$dir/etcd"
  start_bg etcd etcd --name etcd1 --data-dir "$dir/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "etcd1=http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster-token "tiepdan-$ETCD_PORT" --initial-cluster-state new
  wait_for 30 etcd etcd_healthy || die "etcd did not start; see $dir/etcd.log"

  # Patroni: pg1 initialises the cluster, then pg2 and pg3 copy it.
  local super repl
  super=$(openssl rand -hex 16)
  repl=$(openssl rand -hex 16)
  for n in "${NODES[@]}"; do
    mkdir -p "$dir/$n"
    port=PG_${n^^} rest=REST_${n^^}
    fill "$here/patroni.yml.in" "$dir/$n/patroni.yml" NAME="$n" SCOPE=tiepdan ADDR=127.0.0.1 \
      PG_PORT="${!port}" REST_PORT="${!rest}" ETCD_HOSTS="127.0.0.1:$ETCD_PORT" \
      DATA="$dir/$n/data" RUN="$dir/$n" SYNC="$SYNC" HBA_NET=127.0.0.1/32 HBA_METHOD=trust \
      SUPER_PASSWORD="$super" REPL_PASSWORD="$repl"
    chown -R postgres:postgres "$dir/$n"
    chmod 0700 "$dir/$n"
    chmod 0600 "$dir/$n/patroni.yml"
  done
  start_node pg1
  say "pg1 initialising (PostgreSQL on 127.0.0.1:$PG_PG1, REST on $REST_PG1)"
  wait_for 90 leader leader >/dev/null || die "pg1 did not become the leader; see $dir/patroni-pg1.log"
  start_node pg2
  start_node pg3
  say "pg2 and pg3 copying the primary (synchronous mode: $SYNC)"
  wait_for 120 streaming cluster_ready || {
    members >&2 || true
    die "the replicas did not start streaming; see $dir/patroni-pg*.log"
  }

  # HAProxy.
  local prim="" repl_lines="" tds=""
  for n in "${NODES[@]}"; do
    port=PG_${n^^} rest=REST_${n^^}
    prim+="  server $n 127.0.0.1:${!port} check port ${!rest}"$'\n'
  done
  repl_lines=$prim
  for ((i = 1; i <= servers; i++)); do
    port=TD${i}_PORT rest=TD${i}_METRICS
    tds+="  server td$i 127.0.0.1:${!port} check port ${!rest}"$'\n'
  done
  mkdir -p "$dir/haproxy"
  # The server lines hold newlines: put them in with awk, then the ports.
  awk -v p="$prim" -v r="$repl_lines" -v t="$tds" \
    '$0 == "@PG_PRIMARY_SERVERS@" { printf "%s", p; next }
     $0 == "@PG_REPLICA_SERVERS@" { printf "%s", r; next }
     $0 == "@TIEPDAND_SERVERS@" { printf "%s", t; next } { print }' "$here/haproxy.cfg" >"$dir/haproxy/cfg.in"
  fill "$dir/haproxy/cfg.in" "$dir/haproxy/haproxy.cfg" ADDR=127.0.0.1 STATS_PORT="$STATS_PORT" \
    PRIMARY_PORT="$PRIMARY_PORT" REPLICA_PORT="$REPLICA_PORT" TIEPDAN_PORT="$TIEPDAN_PORT"
  haproxy -c -q -f "$dir/haproxy/haproxy.cfg" || die "haproxy.cfg does not check"
  start_bg haproxy haproxy -db -f "$dir/haproxy/haproxy.cfg"
  say "HAProxy: PostgreSQL primary on 127.0.0.1:$PRIMARY_PORT, replicas on $REPLICA_PORT, stats on $STATS_PORT"
  wait_for 20 haproxy haproxy_leader_up || die "HAProxy sees no primary; see $dir/haproxy.log"

  # The database, the schema, the units, certificates and principals.
  local psql_super=("$(td_pg_bin)/psql" -X -q -v ON_ERROR_STOP=1
    -d "hostaddr=127.0.0.1 port=$PRIMARY_PORT user=postgres dbname=postgres")
  "${psql_super[@]}" -c 'CREATE ROLE tiepdan LOGIN SUPERUSER' -c 'CREATE DATABASE tiepdan OWNER tiepdan' ||
    die "cannot create the role and database tiepdan"
  "$build/tiepdand" --migrate --db "$TD_CL_DB" --sql-dir "$root/sql" >"$dir/migrate.log" 2>&1 ||
    die "migration failed; see $dir/migrate.log"
  "$(td_pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -d "$TD_CL_DB" -f "$root/deploy/seed/units.sql" >/dev/null ||
    die "loading deploy/seed/units.sql failed"
  say "certificates in $dir/pki"
  "$root/deploy/pki.sh" init "$dir/pki" --name "tiepdan cluster CA" >/dev/null
  issue admin "Quản trị quốc gia" admin VN
  issue dash12 "Bảng theo dõi tỉnh Lai Châu" dashboard 12
  for n in 03390 03405 03430; do
    issue "rc$n" "Cán bộ tiếp dân $n" reception "$n"
  done

  # The servers.
  local read_opts=()
  if "$build/tiepdand" --help 2>&1 | grep -q -- '--read-db'; then
    read_opts=(--read-db "$TD_CL_READ_DB")
  fi
  for ((i = 1; i <= servers; i++)); do
    start_server "$i" "${read_opts[@]}"
  done
  for ((i = 1; i <= servers; i++)); do
    rest=TD${i}_METRICS
    wait_for 30 ready ready_on "${!rest}" || die "td$i is not ready; see $dir/td$i.log"
  done
  wait_for 20 haproxy haproxy_up tiepdand td1 || die "HAProxy does not see td1 up"
  say "tiepdand x$servers${read_opts:+ (read pool on the replicas)}; clients: --server $TD_CL_CLIENT --ca $dir/pki/ca.crt"
  say "up; \"$0 status $dir\" shows it, \"$0 down $dir\" stops it"
  trap - EXIT
}

up_failed() {
  local rc=$?
  trap - EXIT
  if ((rc != 0)); then
    td_err "cluster.sh: up failed; stopping what it started"
    (cmd_down) || true
  fi
  exit "$rc"
}

etcd_healthy() { [[ $(curl -s -m 2 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null) == *'"true"'* ]]; }
haproxy_leader_up() {
  local l
  l=$(leader) || return 1
  haproxy_up pg_primary "${l%% *}"
}
ready_on() { [[ $(http "$1" /readyz) == 200 ]]; }

# issue NAME CN ROLE UNIT: a certificate DIR/pki/NAME.crt, registered.
issue() {
  "$root/deploy/pki.sh" issue "$dir/pki" "$2" --out "$1" --unit "$4" --role "$3" >/dev/null
  "$TD_CL_BUILD/tiepdand" --db "$TD_CL_DB" --add-principal "$dir/pki/$1.crt" --role "$3" \
    --unit "$4" >>"$dir/principals.log" 2>&1 || die "registering $1 failed; see $dir/principals.log"
}

start_node() {
  local n=$1
  # Patroni runs PostgreSQL, which refuses to run as root: as postgres, the
  # process replaced in place (setpriv), so its pid is Patroni's.
  start_bg "patroni-$n" env HOME="$dir/$n" setpriv --reuid=postgres --regid=postgres --init-groups \
    patroni "$dir/$n/patroni.yml"
}

# start_server I [OPTIONS...]: tiepdand number I.
start_server() {
  local i=$1 port metrics
  shift
  port=TD${i}_PORT metrics=TD${i}_METRICS
  start_bg "td$i" "$TD_CL_BUILD/tiepdand" --listen "127.0.0.1:${!port}" \
    --metrics-listen "127.0.0.1:${!metrics}" --db "$TD_CL_DB" --pool-size 8 \
    --cert "$dir/pki/server.crt" --key "$dir/pki/server.key" --ca "$dir/pki/ca.crt" \
    --log-level info "$@"
}

# stop_pid PID SECONDS: TERM, then KILL.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + $2))
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
}

cmd_down() {
  local f n pid left=0
  [[ -f $dir/cluster.env ]] || die "no cluster in $dir"
  load_env
  for f in "$dir"/td*.pid; do
    [[ -f $f ]] && stop_pid "$(cat "$f")" 15
  done
  stop_pid "$(pid_of haproxy)" 5
  # Patroni stops its PostgreSQL on SIGTERM.
  for n in "${NODES[@]}"; do
    pid=$(pid_of "patroni-$n")
    alive "$pid" && kill -TERM "$pid" 2>/dev/null
  done
  for n in "${NODES[@]}"; do
    stop_pid "$(pid_of "patroni-$n")" 30
    # A postmaster left over (Patroni killed, or gone first).
    pid=$(postmaster "$n")
    if alive "$pid"; then
      setpriv --reuid=postgres --regid=postgres --init-groups \
        "$(td_pg_bin)/pg_ctl" -D "$dir/$n/data" stop -m immediate -w >/dev/null 2>&1 || true
      stop_pid "$pid" 5
    fi
  done
  stop_pid "$(pid_of etcd)" 10
  for f in "$dir"/*.pid; do
    pid=$(cat "$f")
    if alive "$pid"; then
      td_err "still running: $(basename "$f" .pid) ($pid)"
      left=1
    fi
  done
  ((left == 0)) || exit 1
  say "stopped"
}

postmaster() { head -n 1 "$dir/$1/data/postmaster.pid" 2>/dev/null || true; }

cmd_status() {
  local i rest n
  load_env
  printf '== Patroni (synchronous mode: %s)\n' "$SYNC"
  timeout 10 patronictl -c "$dir/pg1/patroni.yml" list 2>&1 | grep -v " - WARNING - \| - ERROR - " || echo "etcd is not answering"
  printf '== HAProxy (stats: http://127.0.0.1:%s/)\n' "$STATS_PORT"
  curl -s -m 2 "http://127.0.0.1:$STATS_PORT/;csv" 2>/dev/null |
    awk -F, '$1 != "stats" && $2 != "FRONTEND" && $2 != "BACKEND" && $1 !~ /^#/ {
      printf "%-11s %-4s %-6s sessions %s\n", $1, $2, $18, $5 }' || echo "HAProxy is not answering"
  printf '== tiepdand (clients: %s)\n' "$TD_CL_CLIENT"
  for ((i = 1; i <= SERVERS; i++)); do
    rest=TD${i}_METRICS
    n=$(curl -s -m 2 "http://127.0.0.1:${!rest}/readyz" 2>/dev/null || true)
    printf 'td%s pid %s: %s\n' "$i" "$(pid_of "td$i")" "${n:-not answering}"
  done
}

cmd_pid() {
  local what=$1 pid
  load_env
  case $what in
  pg[1-3]) pid=$(postmaster "$what") ;;
  patroni-pg[1-3] | td[1-9] | haproxy | etcd) pid=$(pid_of "$what") ;;
  *) die "pid: pgN, patroni-pgN, tdN, haproxy or etcd" ;;
  esac
  alive "$pid" || die "$what is not running"
  printf '%s\n' "$pid"
}

(($# >= 1)) || { usage >&2; exit 2; }
verb=$1
shift
case $verb in
-h | --help) usage; exit 0 ;;
esac
(($# >= 1)) || die "$verb: which DIR?"
mkdir -p "$1"
dir=$(cd "$1" && pwd -P)
shift
case $verb in
up) cmd_up "$@" ;;
down) cmd_down ;;
status) cmd_status ;;
primary) load_env; leader || die "no primary" ;;
pid) (($# == 1)) || die "pid DIR WHAT"; cmd_pid "$1" ;;
env) load_env; cat "$dir/cluster.env" ;;
start-server)
  # start-server DIR I: start tiepdand number I again (after a test stopped it).
  load_env
  (($# == 1)) || die "start-server DIR I"
  if "$TD_CL_BUILD/tiepdand" --help 2>&1 | grep -q -- '--read-db'; then
    start_server "$1" --read-db "$TD_CL_READ_DB"
  else
    start_server "$1"
  fi
  ;;
*) usage >&2; exit 2 ;;
esac
