# shellcheck shell=bash
# deploy/lib.sh - helpers shared by deploy/demo.sh and tests/run.sh.
#
# Source it (". deploy/lib.sh"); every function is prefixed td_ and is safe
# under "set -euo pipefail". Functions that fail print why on stderr and
# return non-zero. Typical use:
#
#   pgdir=$(td_tmpdir tiepdan-pg); td_cleanup_push rm -rf "$pgdir"
#   port=$(td_free_port)
#   td_cleanup_push td_pg_stop "$pgdir"     # push before start: stop tolerates "not running"
#   td_pg_start "$pgdir" "$port"
#   td_psql "$pgdir" "$port" tiepdan -c 'select 1'
#
# Do not set your own EXIT/INT/TERM traps after td_cleanup_push; push instead.

# Debian 12 packages needed to build, run and test tiepdan.
TD_DEPS=(build-essential cmake pkg-config libuv1-dev libprotobuf-c-dev libxlsxwriter-dev
  protobuf-c-compiler libpq-dev libssl-dev postgresql-15 postgresql-client-15
  openssl ca-certificates gettext libsqlite3-dev
  libpango1.0-dev libcairo2-dev fonts-liberation2 libzip-dev libsystemd-dev
  libmicrohttpd-dev)

# Debian 12 packages the high-availability cluster needs besides TD_DEPS
# (deploy/cluster/cluster.sh, tests/ha/).
TD_CLUSTER_DEPS=(patroni etcd-server etcd-client haproxy python3-psycopg2 curl)

# Print an error message on stderr.
td_err() { printf 'tiepdan: %s\n' "$*" >&2; }

# Run apt-get non-interactively, appending its output to LOG.
_td_apt() {
  local log=$1
  shift
  DEBIAN_FRONTEND=noninteractive apt-get "$@" >>"$log" 2>&1 </dev/null
}

# Install whichever of TD_DEPS (or of the packages named, then without their
# recommendations) are missing; silent on success, log tail on failure.
td_install_deps() {
  local p missing=() log rc=0 pkgs=("${TD_DEPS[@]}") opts=()
  if (($# > 0)); then
    pkgs=("$@")
    opts=(--no-install-recommends)
  fi
  for p in "${pkgs[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] ||
      missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  if ((EUID != 0)); then
    td_err "missing packages: ${missing[*]}"
    td_err "run as root, or first: sudo apt-get install -y ${missing[*]}"
    return 1
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/tiepdan-apt.XXXXXX")
  # apt-get update only when the package lists are empty or an install fails.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    _td_apt "$log" update || rc=$?
  fi
  if ((rc == 0)) && ! _td_apt "$log" install -y "${opts[@]}" "${missing[@]}"; then
    _td_apt "$log" update && _td_apt "$log" install -y "${opts[@]}" "${missing[@]}" || rc=$?
  fi
  if ((rc != 0)); then
    td_err "installing ${missing[*]} failed; last lines of $log:"
    tail -n 30 "$log" >&2
    return 1
  fi
  rm -f "$log"
}

# Configure (when needed) and build a CMake project; full log only on failure.
td_build() {
  local src=$1 build=$2 log
  shift 2
  mkdir -p "$build"
  log=$build/td-build.log
  : >"$log"
  # Reconfigure when there is no cache yet or the cmake arguments changed.
  if [[ ! -f $build/CMakeCache.txt ]] || [[ "$*" != "$(cat "$build/.td-cmake-args" 2>/dev/null)" ]]; then
    if ! cmake -S "$src" -B "$build" "$@" >>"$log" 2>&1; then
      td_err "cmake configure failed:"
      cat "$log" >&2
      return 1
    fi
    printf '%s' "$*" >"$build/.td-cmake-args"
  fi
  if ! cmake --build "$build" -j "$(nproc)" >>"$log" 2>&1; then
    td_err "build failed:"
    cat "$log" >&2
    return 1
  fi
}

# Print the PostgreSQL 15 binary directory (TD_PG_BIN overrides).
td_pg_bin() { printf '%s\n' "${TD_PG_BIN:-/usr/lib/postgresql/15/bin}"; }

# Run a PostgreSQL server-side command as the cluster owner, from DIR
# (postgres when we are root, else ourselves).
_td_as_pg() {
  local dir=$1
  shift
  if ((EUID == 0)); then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

# Run pg_ctl on the cluster in DIR (data in DIR/data, log in DIR/log).
_td_pg_ctl() {
  local dir=$1
  shift
  _td_as_pg "$dir" "$(td_pg_bin)/pg_ctl" -D "$dir/data" "$@"
}

# Create and start a throwaway cluster in DIR on 127.0.0.1:PORT with role and
# database "tiepdan"; prints nothing on success. DIR (created if missing, and
# given to user postgres when we are root) should be in a td_tmpdir.
td_pg_start() {
  local dir=$1 port=$2 bin out
  bin=$(td_pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if ((EUID == 0)); then
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      td_err "td_pg_start: user postgres cannot reach $dir (use a directory from td_tmpdir)"
      return 1
    fi
  fi
  if ! out=$(_td_as_pg "$dir" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
    --auth-host=trust --encoding=UTF8 --locale=C.UTF-8 --no-instructions 2>&1); then
    td_err "initdb failed:"
    printf '%s\n' "$out" >&2
    return 1
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF

# tiepdan throwaway cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '${dir//\'/\'\'}'
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 32MB
max_connections = 200
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  if ! _td_pg_ctl "$dir" start -w -t 60 -l "$dir/log" >/dev/null 2>&1; then
    td_err "PostgreSQL failed to start; last lines of $dir/log:"
    tail -n 30 "$dir/log" >&2 2>/dev/null || true
    return 1
  fi
  if ! out=$("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c 'CREATE ROLE tiepdan LOGIN SUPERUSER' -c 'CREATE DATABASE tiepdan OWNER tiepdan' 2>&1); then
    td_err "creating role tiepdan failed: $out"
    td_pg_stop "$dir"
    return 1
  fi
}

# Stop the cluster in DIR (fast shutdown); fine if it is not running.
td_pg_stop() {
  local dir=$1
  [[ -f $dir/data/postmaster.pid ]] || return 0
  _td_pg_ctl "$dir" stop -w -m fast >/dev/null 2>&1 ||
    ! _td_pg_ctl "$dir" status >/dev/null 2>&1
}

# Restart the cluster in DIR (fast shutdown, then start and wait).
td_pg_restart() {
  local dir=$1
  if ! _td_pg_ctl "$dir" restart -w -t 60 -m fast -l "$dir/log" >/dev/null 2>&1; then
    td_err "PostgreSQL failed to restart; last lines of $dir/log:"
    tail -n 30 "$dir/log" >&2 2>/dev/null || true
    return 1
  fi
}

# Crash the cluster in DIR (immediate shutdown: no checkpoint, recovery on next start).
td_pg_kill() {
  local dir=$1
  [[ -f $dir/data/postmaster.pid ]] || return 0
  _td_pg_ctl "$dir" stop -w -m immediate >/dev/null 2>&1 ||
    ! _td_pg_ctl "$dir" status >/dev/null 2>&1
}

# Print a libpq conninfo string for the cluster in DIR (dbname defaults to tiepdan).
td_pg_conninfo() {
  local dir=$1 port=$2 db=${3:-tiepdan}
  # Quote values containing spaces, quotes or backslashes, as libpq expects.
  if [[ $dir =~ [[:space:]\'\\] ]]; then
    dir=${dir//\\/\\\\}
    dir="'${dir//\'/\\\'}'"
  fi
  printf 'host=%s port=%s user=tiepdan dbname=%s\n' "$dir" "$port" "$db"
}

# Run psql as the current user against DBNAME in the cluster in DIR.
td_psql() {
  local dir=$1 port=$2 db=$3
  shift 3
  "$(td_pg_bin)/psql" -X -v ON_ERROR_STOP=1 -q -d "$(td_pg_conninfo "$dir" "$port" "$db")" "$@"
}

# Make a fresh temp directory (mode 0755, so postgres can enter) and print its path.
td_tmpdir() {
  local d
  d=$(mktemp -d "${TMPDIR:-/tmp}/${1:-tiepdan}.XXXXXX")
  chmod 0755 "$d"
  printf '%s\n' "$d"
}

# Succeed if something accepts TCP connections on HOST:PORT (2 s timeout).
# shellcheck disable=SC2016 # $1/$2 expand in the child bash
_td_port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }

# Print a TCP port in 20000-60000 that nothing listens on at 127.0.0.1.
td_free_port() {
  local i port
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
    _td_port_open 127.0.0.1 "$port" && continue
    if command -v ss >/dev/null && [[ -n "$(ss -Htan "sport = :$port" 2>/dev/null)" ]]; then
      continue
    fi
    printf '%s\n' "$port"
    return 0
  done
  td_err "no free TCP port found"
  return 1
}

# Wait up to SECONDS for HOST:PORT to accept TCP connections.
td_wait_port() {
  local host=$1 port=$2 tries=$(($3 * 10))
  until _td_port_open "$host" "$port"; do
    if (((tries -= 1) < 0)); then
      td_err "nothing accepted connections on $host:$port within $3 s"
      return 1
    fi
    sleep 0.1
  done
}

# Stop process PID: SIGTERM, wait up to SECONDS (default 10), then SIGKILL.
td_stop_pid() {
  local pid=$1 deadline=$((SECONDS + ${2:-10}))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

# Cleanup stack: commands run last-in first-out when the shell exits, whether
# normally, on error (set -e) or on Ctrl-C/SIGTERM/SIGHUP. Note that bash runs
# a signal trap only after the current foreground command ends (Ctrl-C stops
# that too); for long waits use "cmd & wait $!" so SIGTERM acts at once.
TD_CLEANUP=()

# Push a command (words, quoted as given) onto the cleanup stack.
td_cleanup_push() {
  TD_CLEANUP+=("$(printf '%q ' "$@")")
  if [[ -z ${TD_CLEANUP_TRAPS:-} ]]; then
    TD_CLEANUP_TRAPS=1
    trap _td_on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
  fi
}

# Run and empty the cleanup stack now; a failing command does not stop the rest.
td_cleanup_run() {
  local i
  for ((i = ${#TD_CLEANUP[@]} - 1; i >= 0; i--)); do
    eval "${TD_CLEANUP[i]}" || td_err "cleanup failed: ${TD_CLEANUP[i]}"
  done
  TD_CLEANUP=()
}

# EXIT trap: run the cleanup stack, keep the script's exit status.
_td_on_exit() {
  local rc=$?
  trap - EXIT INT TERM HUP
  td_cleanup_run
  exit "$rc"
}

# Install whichever of TD_CLUSTER_DEPS are missing. The packages' own
# services (etcd on 2379, HAProxy with Debian's configuration), started by
# the installation under systemd, are stopped and disabled when this
# installed them: deploy/cluster/cluster.sh runs its own, on its own ports.
td_install_cluster_deps() {
  local p fresh=()
  for p in etcd-server haproxy; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] ||
      fresh+=("$p")
  done
  td_install_deps "${TD_CLUSTER_DEPS[@]}" || return 1
  for p in "${fresh[@]}"; do
    case $p in
    etcd-server) systemctl disable --now etcd >/dev/null 2>&1 || true ;;
    haproxy) systemctl disable --now haproxy >/dev/null 2>&1 || true ;;
    esac
  done
}
