#!/usr/bin/env bash
# deploy/backup/backup.sh - backups of tiepdan's PostgreSQL that can restore
# to any moment: pgBackRest's full and differential backups plus the WAL
# archive. See deploy/backup/README.md.
#
#   backup.sh setup          write the pgBackRest configuration (if missing),
#                            turn WAL archiving on (restarts PostgreSQL once
#                            if archive_mode was off), create the stanza, check
#   backup.sh full           a full backup (weekly)
#   backup.sh diff           a differential backup (daily)
#   backup.sh info           the backups kept and the WAL archive
#   backup.sh check          switch to a new WAL segment and wait until the
#                            last one is in the repository (before stopping
#                            PostgreSQL for a restore in place)
#   backup.sh restore --to 'YYYY-MM-DD HH:MM:SS+07' [--pgdata DIR [--port N]]
#       Without --pgdata: the cluster itself, which must be stopped, is
#       brought back to that moment and started. With --pgdata: a copy is
#       restored into DIR (absent or empty) and started on port N (5433),
#       listening only on its socket in DIR, not archiving; the live cluster
#       is not touched. Either way PostgreSQL replays the WAL up to the
#       moment, then is promoted and accepts writes.
#
# Run it as root or as the cluster's owner. Settings (environment):
#   TD_BACKUP_CONF      pgBackRest configuration  (/etc/pgbackrest/pgbackrest.conf)
#   TD_BACKUP_STANZA    the stanza's name          (tiepdan)
#   TD_BACKUP_USER      the cluster's owner        (postgres)
#   TD_BACKUP_PGBIN     PostgreSQL's programs      (/usr/lib/postgresql/15/bin)
#   TD_BACKUP_RESTART   command that restarts PostgreSQL (systemctl restart postgresql@15-main)
#   TD_BACKUP_START     command that starts it         (systemctl start postgresql@15-main)
#   TD_BACKUP_WAIT      seconds a restore may take to replay WAL (3600)
# and, used by setup only to write a missing configuration:
#   TD_BACKUP_REPO (/var/lib/pgbackrest), TD_BACKUP_PGDATA
#   (/var/lib/postgresql/15/main), TD_BACKUP_PGPORT (5432), TD_BACKUP_PGSOCKET
#   (/var/run/postgresql), TD_BACKUP_LOG (/var/log/pgbackrest), TD_BACKUP_LOCK
#   (/tmp/pgbackrest), TD_BACKUP_SPOOL (/var/spool/pgbackrest).
#
# Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong usage.
set -euo pipefail

conf=${TD_BACKUP_CONF:-/etc/pgbackrest/pgbackrest.conf}
stanza=${TD_BACKUP_STANZA:-tiepdan}
pguser=${TD_BACKUP_USER:-postgres}
pgbin=${TD_BACKUP_PGBIN:-/usr/lib/postgresql/15/bin}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

err() { printf 'backup.sh: %s\n' "$*" >&2; }
die() {
  err "$@"
  exit 1
}
usage() {
  err "$@"
  err "usage: backup.sh setup | full | diff | info | check | restore --to 'YYYY-MM-DD HH:MM:SS+07' [--pgdata DIR [--port N]]"
  exit 2
}
say() { printf '== %s\n' "$*"; }

# Run a command as the cluster's owner (ourselves unless we are root).
as_pg() {
  if ((EUID == 0)); then
    runuser -u "$pguser" -- "$@"
  else
    "$@"
  fi
}
pgbr() { as_pg pgbackrest --config="$conf" --stanza="$stanza" "$@"; }

# The value of NAME in the stanza's section of the configuration.
conf_get() {
  awk -F= -v s="[$stanza]" -v k="$1" '
    function trim(x) { gsub(/^[ \t]+|[ \t\r]+$/, "", x); return x }
    /^[[:space:]]*\[/ { in_s = (trim($0) == s) }
    in_s && trim($1) == k { sub(/^[^=]*=/, ""); print trim($0); exit }' "$conf"
}

# psql as the cluster's owner on the cluster at SOCKET:PORT, database postgres.
pg_sql() {
  local socket=$1 port=$2
  shift 2
  as_pg "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -d postgres "$@"
}

need_conf() {
  [[ -r $conf ]] || die "no configuration at $conf: run 'backup.sh setup' first (or set TD_BACKUP_CONF)"
  command -v pgbackrest >/dev/null || die "pgbackrest is not installed: apt-get install pgbackrest"
}

# Make DIR owned by the cluster's owner, mode 0750.
own_dir() {
  mkdir -p "$1"
  if ((EUID == 0)); then chown "$pguser:" "$1"; fi
  chmod 0750 "$1"
}

cmd_setup() {
  command -v pgbackrest >/dev/null || die "pgbackrest is not installed: apt-get install pgbackrest"
  if [[ ! -e $conf ]]; then
    local repo=${TD_BACKUP_REPO:-/var/lib/pgbackrest} log=${TD_BACKUP_LOG:-/var/log/pgbackrest}
    local lock=${TD_BACKUP_LOCK:-/tmp/pgbackrest} spool=${TD_BACKUP_SPOOL:-/var/spool/pgbackrest}
    local v
    for v in "$repo" "$log" "$lock" "$spool" "${TD_BACKUP_PGDATA:-}" "${TD_BACKUP_PGSOCKET:-}"; do
      [[ $v != *[$'\n'=@\|]* ]] || die "a path must not contain a newline, '=', '@' or '|': $v"
    done
    say "writing $conf"
    mkdir -p "$(dirname "$conf")"
    sed -e "s|@REPO@|$repo|" -e "s|@LOG@|$log|" -e "s|@LOCK@|$lock|" -e "s|@SPOOL@|$spool|" \
      -e "s|@STANZA@|$stanza|" \
      -e "s|@PGDATA@|${TD_BACKUP_PGDATA:-/var/lib/postgresql/15/main}|" \
      -e "s|@PGPORT@|${TD_BACKUP_PGPORT:-5432}|" \
      -e "s|@PGSOCKET@|${TD_BACKUP_PGSOCKET:-/var/run/postgresql}|" \
      "$here/pgbackrest.conf.in" >"$conf.new"
    if ((EUID == 0)); then chown "root:$pguser" "$conf.new"; fi
    chmod 0640 "$conf.new"
    mv "$conf.new" "$conf"
    for v in "$repo" "$log" "$lock" "$spool"; do own_dir "$v"; done
  fi
  need_conf
  local socket port data
  socket=$(conf_get pg1-socket-path)
  port=$(conf_get pg1-port)
  data=$(conf_get pg1-path)
  [[ -n $data ]] || die "$conf has no pg1-path in section [$stanza]"
  pg_sql "$socket" "${port:-5432}" -c 'SELECT 1' >/dev/null ||
    die "PostgreSQL does not answer at ${socket:-/var/run/postgresql} port ${port:-5432}"

  say "turning WAL archiving on (ALTER SYSTEM)"
  local archive="pgbackrest --config=$conf --stanza=$stanza archive-push %p"
  local level
  level=$(pg_sql "$socket" "${port:-5432}" -c 'SHOW wal_level')
  [[ $level != minimal ]] || pg_sql "$socket" "${port:-5432}" -c "ALTER SYSTEM SET wal_level = replica"
  pg_sql "$socket" "${port:-5432}" -v cmd="$archive" <<'SQL'
ALTER SYSTEM SET archive_mode = on;
ALTER SYSTEM SET archive_command = :'cmd';
-- A quiet server still archives its last changes within a minute.
ALTER SYSTEM SET archive_timeout = '60s';
SELECT pg_reload_conf();
SQL
  sleep 1
  if [[ $(pg_sql "$socket" "${port:-5432}" -c \
    "SELECT bool_or(pending_restart) FROM pg_settings WHERE name IN ('archive_mode', 'wal_level')") == t ]]; then
    local restart=${TD_BACKUP_RESTART:-systemctl restart postgresql@15-main}
    say "restarting PostgreSQL, which reads archive_mode only at start: $restart"
    bash -c "$restart" || die "restarting PostgreSQL failed ($restart)"
    local i
    for ((i = 0; i < 60; i++)); do
      pg_sql "$socket" "${port:-5432}" -c 'SELECT 1' >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  [[ $(pg_sql "$socket" "${port:-5432}" -c 'SHOW archive_mode') == on ]] ||
    die "archive_mode is still off after the restart"

  say "creating the stanza $stanza"
  pgbr stanza-create
  say "checking that WAL reaches the repository"
  pgbr check
  say "ready: schedule 'backup.sh full' weekly and 'backup.sh diff' daily, and take a full backup now"
}

cmd_backup() {
  need_conf
  say "$1 backup"
  pgbr backup --type="$1"
  pgbr info
}

# Seconds since 1970 of the end of the oldest backup kept, or nothing.
oldest_backup_end() {
  pgbr info --output=json | grep -o '"stop":[0-9][0-9]*' | cut -d: -f2 | sort -n | head -n 1
}

cmd_restore() {
  local to="" pgdata="" port=5433 copy=0
  while (($# > 0)); do
    case $1 in
    --to)
      (($# >= 2)) || usage "--to needs a moment"
      to=$2
      shift 2
      ;;
    --pgdata)
      (($# >= 2)) || usage "--pgdata needs a folder"
      pgdata=$2
      copy=1
      shift 2
      ;;
    --port)
      (($# >= 2)) || usage "--port needs a number"
      port=$2
      shift 2
      ;;
    *) usage "restore: unknown argument '$1'" ;;
    esac
  done
  [[ -n $to ]] || usage "restore needs --to 'YYYY-MM-DD HH:MM:SS+07' (the moment to bring back)"
  # The zone is required: a moment without one would be read in the
  # server's zone, maybe UTC, seven hours from what the engineer meant.
  [[ $to =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?[+-][0-9]{2}(:?[0-9]{2})?$ ]] ||
    usage "--to '$to': write the moment as 'YYYY-MM-DD HH:MM:SS+07' (with its zone, e.g. +07 for Vietnam)"
  local when now oldest
  when=$(date -d "$to" +%s 2>/dev/null) || usage "--to '$to' is not a valid date and time"
  if ! [[ $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
    usage "--port '$port' is not a port number"
  fi
  ((copy == 1)) || [[ $port == 5433 ]] || usage "--port goes with --pgdata (a copy beside the cluster)"
  need_conf
  now=$(date +%s)
  ((when <= now)) || die "--to '$to' is in the future; nothing is archived past now"
  oldest=$(oldest_backup_end) || die "cannot read the repository (pgbackrest info failed)"
  [[ -n $oldest ]] || die "the repository holds no backup yet: nothing to restore"
  ((when >= oldest)) ||
    die "--to '$to' is before the end of the oldest backup kept ($(date -d "@$oldest" '+%F %T%:::z')): it cannot be restored"

  local opts=(--type=time "--target=$to" --target-action=promote)
  if ((copy == 1)); then
    if [[ -e $pgdata ]]; then
      [[ -d $pgdata ]] || die "--pgdata $pgdata exists and is not a folder"
      [[ -z $(ls -A "$pgdata") ]] || die "--pgdata $pgdata is not empty: give a new or empty folder"
    fi
    mkdir -p "$pgdata"
    pgdata=$(cd "$pgdata" && pwd -P)
    if ((EUID == 0)); then chown "$pguser:" "$pgdata"; fi
    chmod 0700 "$pgdata"
    # A copy must not push its WAL into the live cluster's repository.
    opts+=("--pg1-path=$pgdata" --archive-mode=off)
  else
    pgdata=$(conf_get pg1-path)
    [[ -n $pgdata ]] || die "$conf has no pg1-path in section [$stanza]"
    if as_pg "$pgbin/pg_ctl" status -D "$pgdata" >/dev/null 2>&1; then
      die "PostgreSQL is running on $pgdata: stop tiepdand and PostgreSQL first (systemctl stop tiepdand postgresql@15-main), or restore a copy with --pgdata"
    fi
    # Only the files that differ are copied back.
    opts+=(--delta)
  fi

  say "restoring $pgdata to $to"
  local t0=$SECONDS
  pgbr restore "${opts[@]}"

  local socket
  if ((copy == 1)); then
    socket=$pgdata
    # Debian keeps postgresql.conf and pg_hba.conf outside the data folder,
    # so a copy may have none: give it its own.
    [[ -e $pgdata/postgresql.conf ]] || as_pg tee "$pgdata/postgresql.conf" >/dev/null <<EOF
# restored copy (backup.sh restore --pgdata)
listen_addresses = ''
EOF
    [[ -e $pgdata/pg_hba.conf ]] || as_pg tee "$pgdata/pg_hba.conf" >/dev/null <<'EOF'
local all all peer
EOF
    [[ -e $pgdata/pg_ident.conf ]] || as_pg touch "$pgdata/pg_ident.conf"
    say "starting the copy on port $port (socket in $pgdata only)"
    as_pg "$pgbin/pg_ctl" start -D "$pgdata" -w -t 60 -l "$pgdata/restore.log" \
      -o "-c port=$port -c listen_addresses='' -c unix_socket_directories='$pgdata' -c archive_mode=off" \
      >/dev/null || {
      tail -n 30 "$pgdata/restore.log" >&2 2>/dev/null || true
      die "the restored copy did not start"
    }
  else
    socket=$(conf_get pg1-socket-path)
    port=$(conf_get pg1-port)
    port=${port:-5432}
    local start=${TD_BACKUP_START:-systemctl start postgresql@15-main}
    say "starting PostgreSQL: $start"
    bash -c "$start" || die "starting PostgreSQL failed ($start)"
  fi

  # Recovery replays the WAL up to the moment, then promotes.
  local wait=${TD_BACKUP_WAIT:-3600} state=""
  while ((SECONDS - t0 < wait)); do
    state=$(pg_sql "${socket:-/var/run/postgresql}" "$port" -c 'SELECT pg_is_in_recovery()' 2>/dev/null) || state=""
    [[ $state != f ]] || break
    if ! as_pg "$pgbin/pg_ctl" status -D "$pgdata" >/dev/null 2>&1; then
      if ((copy == 1)); then
        tail -n 30 "$pgdata/restore.log" >&2 2>/dev/null || true
      else
        err "PostgreSQL's log says why (on Debian /var/log/postgresql/postgresql-15-main.log)"
      fi
      die "PostgreSQL stopped during recovery: a moment past the last archived WAL cannot be reached; restore again to an earlier one"
    fi
    sleep 0.5
  done
  [[ $state == f ]] || die "recovery did not end within $wait s (TD_BACKUP_WAIT)"
  say "restored to $to and promoted in $((SECONDS - t0)) s"
  if ((copy == 1)); then
    say "connect: psql -h $pgdata -p $port -d tiepdan   stop: $pgbin/pg_ctl stop -D $pgdata (as $pguser)"
  else
    say "take a full backup now (backup.sh full), then start tiepdand"
  fi
}

(($# > 0)) || usage "which command?"
cmd=$1
shift
case $cmd in
setup | full | diff | info | check) (($# == 0)) || usage "$cmd takes no arguments" ;;
esac
case $cmd in
setup) cmd_setup ;;
full | diff) cmd_backup "$cmd" ;;
info | check)
  need_conf
  pgbr "$cmd"
  ;;
restore) cmd_restore "$@" ;;
-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) usage "unknown command '$cmd'" ;;
esac
