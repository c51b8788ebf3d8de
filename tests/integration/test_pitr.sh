#!/usr/bin/env bash
# Backups (deploy/backup/backup.sh, pgBackRest): a cluster of this test's
# own archives its WAL into a repository in the test's folder while the real
# client submits petitions to a real server and a full and a differential
# backup are taken. Restored to a moment T, beside the live cluster and then
# in its place, it holds every petition acknowledged before T exactly once,
# none acknowledged after T, receipt numbers without a gap, intact event
# chains and statistics equal to a recount; the next petition gets a number
# no citizen holds yet. Wrong uses of the restore are refused and change
# nothing; a moment past the archived WAL is refused by PostgreSQL, and said.
. "$(dirname "$0")/lib.sh"

command -v pgbackrest >/dev/null || {
  echo "pgbackrest is not installed (tests/run.sh installs it)" >&2
  exit 1
}
backup=$TD_SRC/deploy/backup/backup.sh
t0=$SECONDS

# The cluster, the repository and the restored copy all in the test's folder.
B=$T/backup
mkdir -p "$B"
((EUID != 0)) || chown postgres: "$B"
pg=$B/pg
pgport=$(td_free_port)
td_cleanup_push td_pg_stop "$pg"
td_pg_start "$pg" "$pgport"
db=$(td_pg_conninfo "$pg" "$pgport" tiepdan)
"$TD_BUILD/tiepdand" --migrate --db "$db" --sql-dir "$TD_SRC/sql" >/dev/null
td_psql "$pg" "$pgport" tiepdan -f "$TD_SRC/deploy/seed/units.sql"
"$TD_BUILD/tiepdand" --db "$db" --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390 >/dev/null

lib=$(printf %q "$TD_SRC/deploy/lib.sh")
export TD_BACKUP_CONF=$B/pgbackrest.conf TD_BACKUP_STANZA=tiepdan TD_BACKUP_REPO=$B/repo \
  TD_BACKUP_LOG=$B/log TD_BACKUP_LOCK=$B/lock TD_BACKUP_SPOOL=$B/spool \
  TD_BACKUP_PGDATA=$pg/data TD_BACKUP_PGPORT=$pgport TD_BACKUP_PGSOCKET=$pg TD_BACKUP_WAIT=120
# How this test's cluster is restarted and started (deploy/lib.sh, as its owner).
# (pg_ctl restart cannot start a restored folder: it has no postmaster.opts.)
TD_BACKUP_RESTART=". $lib && td_pg_restart $(printf %q "$pg")"
TD_BACKUP_START=". $lib && _td_pg_ctl $(printf %q "$pg") start -w -t 60 -l $(printf %q "$pg/log")"
export TD_BACKUP_RESTART TD_BACKUP_START

run_cmd out rc "$backup" setup
expect_eq "setup succeeds" "$rc" 0
expect_contains "setup restarts PostgreSQL to turn archiving on" "$out" "restarting PostgreSQL"
expect_contains "setup checks that WAL reaches the repository" "$out" "ready:"
[[ $rc == 0 ]] || {
  printf '%s\n' "$out"
  td_done
}
# Again, as an engineer may: nothing to restart, the same configuration.
cp "$TD_BACKUP_CONF" "$T/conf.before"
run_cmd out rc "$backup" setup
expect_eq "setup again succeeds" "$rc" 0
expect_not_contains "...without restarting PostgreSQL" "$out" "restarting PostgreSQL"
expect_eq "...and keeps the configuration" "$(cmp "$T/conf.before" "$TD_BACKUP_CONF" && echo same)" same
live() { td_psql "$pg" "$pgport" tiepdan -At -c "$1"; }
expect_eq "archive_mode is on" "$(live "SHOW archive_mode")" on
expect_contains "archive_command pushes to pgBackRest" "$(live "SHOW archive_command")" "archive-push %p"

TD_SERVER_DB=$db td_server_start

# Each acknowledged submission: "receipt seconds.nanoseconds n" in $T/acked,
# the time taken once the receipt is in hand.
n=0
: >"$T/acked"
submit() {
  local i out r
  for ((i = 0; i < $1; i++)); do
    n=$((n + 1))
    out=$(cli hoa submit --retries 0 --kind request --channel regular_reception \
      --summary "Đơn thử sao lưu số $n" 2>&1) || true
    r=$(grep -o 'BL-[0-9]*-[0-9]*' <<<"$out" | head -n 1) || true
    if [[ -n $r && $out != *"Not sent yet"* ]]; then
      printf '%s %s %s\n' "$r" "$(date +%s.%N)" "$n" >>"$T/acked"
    else
      fail "submission $n acknowledged" "$out"
    fi
  done
}

submit 6
run_cmd out rc "$backup" full
expect_eq "a full backup while the server runs" "$rc" 0
submit 6
run_cmd out rc "$backup" diff
expect_eq "a differential backup while the server runs" "$rc" 0
submit 6
# T: a whole second at least 0.1 s after the last acknowledgement, and the
# next submission at least 1.1 s after T.
sleep 1.1
T_at=$(date '+%F %T%:::z')
T_s=$(date -d "$T_at" +%s)
sleep 1.2
submit 6
# The WAL past T reaches the repository (as it would within a minute).
run_cmd out rc "$backup" check
expect_eq "check archives the WAL past T" "$rc" 0
run_cmd out rc "$backup" info
expect_contains "info lists the full backup" "$out" "full backup"
expect_contains "info lists the differential backup" "$out" "diff backup"

# A moment past the last archived WAL (the next segment goes within a
# minute) cannot be reached: recovery stops and the restore says so.
sleep 1
td_cleanup_push td_pg_stop "$B/late"
run_cmd out rc "$backup" restore --to "$(date '+%F %T%:::z')" --pgdata "$B/late/data" \
  --port "$(td_free_port)"
expect_eq "a moment past the archived WAL: status 1" "$rc" 1
expect_contains "a moment past the archived WAL: says why" "$out" "past the last archived WAL"
expect_contains "...with PostgreSQL's words" "$out" "recovery ended before configured recovery target"

awk -v t="$T_s" '$2 < t { print $1 }' "$T/acked" | sort >"$T/before"
awk -v t="$T_s" '$2 >= t { print $1 }' "$T/acked" | sort >"$T/after"
nb=$(wc -l <"$T/before")
na=$(wc -l <"$T/after")
expect_eq "acknowledged before T" "$nb" 18
expect_eq "acknowledged after T" "$na" 6
expect_eq "the live cluster holds all of them" "$(live "SELECT count(*) FROM petitions")" 24

# Wrong uses: a clear error, a usage status, nothing changed.
mkdir -p "$B/full"
echo keep >"$B/full/file"
wrong() { # WHAT STATUS MESSAGE ARGS...
  local what=$1 status=$2 msg=$3
  shift 3
  run_cmd out rc "$backup" "$@"
  expect_eq "$what: status $status" "$rc" "$status"
  expect_contains "$what: says why" "$out" "$msg"
}
wrong "restore without a moment" 2 "restore needs --to" restore
wrong "a moment without its zone" 2 "with its zone" restore --to "${T_at%+*}"
wrong "a date that does not exist" 2 "not a valid date" restore --to "2026-02-30 10:00:00+07"
wrong "a moment in the future" 1 "in the future" restore --to "$(date -d '+1 day' '+%F %T%:::z')"
wrong "a moment before the oldest backup" 1 "before the end of the oldest backup" \
  restore --to "$(date -d '-1 day' '+%F %T%:::z')"
wrong "a folder that is not empty" 1 "is not empty" restore --to "$T_at" --pgdata "$B/full"
wrong "the live cluster while it runs" 1 "PostgreSQL is running" restore --to "$T_at"
wrong "--port without --pgdata" 2 "--port goes with --pgdata" restore --to "$T_at" --port 5999
wrong "an unknown command" 2 "unknown command" restor
expect_eq "the non-empty folder is untouched" "$(ls -A "$B/full")" file
expect_eq "the live cluster still holds all of them" "$(live "SELECT count(*) FROM petitions")" 24

# What a restored cluster must hold; $1 runs SQL on it.
check_restored() {
  local where=$1 q=$2 year
  expect_eq "$where: not in recovery (promoted)" "$($q "SELECT pg_is_in_recovery()")" f
  $q "SELECT receipt_no FROM petitions ORDER BY receipt_no" >"$T/got"
  if diff "$T/before" "$T/got" >"$T/diff"; then
    pass "$where: exactly the $nb petitions acknowledged before T"
  else
    fail "$where: exactly the $nb petitions acknowledged before T" "$(cat "$T/diff")"
  fi
  expect_eq "$where: none acknowledged after T" \
    "$(grep -cxFf "$T/after" "$T/got" || true)" 0
  expect_eq "$where: each once (receipts, summaries)" \
    "$($q "SELECT count(*), count(DISTINCT receipt_no), count(DISTINCT summary) FROM petitions")" \
    "$nb|$nb|$nb"
  # The client numbers from a block it leased (README, "A receipt with no
  # link"): the commune's counter stands at the end of the block.
  year=$(date +%Y)
  expect_eq "$where: receipt numbers 1..$nb without a gap, the counter past them and the leases" \
    "$($q "SELECT bool_and(substring(receipt_no FROM '[0-9]+\$')::int = rn), max(rn),
                  (SELECT c.last_no = greatest(max(s.rn), max(l.last_no))
                   FROM receipt_counters c JOIN units u ON u.id = c.unit_id
                   LEFT JOIN receipt_leases l ON l.unit_id = c.unit_id AND l.year = c.year
                   WHERE u.code = '03390' AND c.year = $year GROUP BY c.last_no)
           FROM (SELECT receipt_no, row_number() OVER (ORDER BY receipt_no) rn FROM petitions) s")" \
    "t|$nb|t"
  expect_eq "$where: the event chains verify (one event each)" \
    "$($q "SELECT result, events, petitions FROM td_audit_verify('12')")" "ok|$nb|$nb"
  expect_eq "$where: statistics equal a recount" \
    "$($q "SELECT count(*) FROM (
             (SELECT * FROM stat_cells WHERE n > 0 EXCEPT SELECT * FROM td_stat_recount)
             UNION ALL
             (SELECT * FROM td_stat_recount EXCEPT SELECT * FROM stat_cells WHERE n > 0)) d")" 0
}

# 1. A copy beside the live cluster, into a new data folder.
cport=$(td_free_port)
td_cleanup_push td_pg_stop "$B/copy"
r0=$SECONDS
run_cmd out rc "$backup" restore --to "$T_at" --pgdata "$B/copy/data" --port "$cport"
expect_eq "restore of a copy to T: status" "$rc" 0
expect_contains "the copy was promoted" "$out" "promoted in"
((rc == 0)) || {
  printf '%s\n' "$out"
  td_done
}
echo "restore of a copy to $T_at: $((SECONDS - r0)) s"
copy() { td_psql "$B/copy/data" "$cport" tiepdan -At -c "$1"; }
check_restored "copy" copy
expect_eq "the copy does not archive into the live repository" "$(copy "SHOW archive_mode")" off
expect_eq "the live cluster is untouched" "$(live "SELECT count(*) FROM petitions")" 24

# 2. The live cluster itself brought back to T, then served again, as
# deploy/backup/README.md says: the server stopped, the last WAL archived,
# PostgreSQL stopped, the restore.
td_server_stop
run_cmd out rc "$backup" check
expect_eq "check archives the last WAL" "$rc" 0
td_pg_stop "$pg"
r0=$SECONDS
run_cmd out rc "$backup" restore --to "$T_at"
expect_eq "restore in place to T: status" "$rc" 0
((rc == 0)) || {
  printf '%s\n' "$out"
  td_done
}
echo "restore in place to $T_at: $((SECONDS - r0)) s"
check_restored "in place" live
TD_SERVER_DB=$db td_server_start
# The desk goes on numbering from its leased block: no number a citizen
# holds, from before T or after it, is handed out again.
out=$(cli hoa submit --retries 0 --kind request --channel regular_reception \
  --summary "Đơn sau khi phục hồi" 2>&1) || true
r=$(grep -o 'BL-[0-9]*-[0-9]*' <<<"$out" | head -n 1) || true
expect_contains "a submission after the restore is acknowledged" "$r" "BL-"
expect_eq "...with a number no citizen holds yet" \
  "$(cat "$T/before" "$T/after" | grep -cxF -- "$r" || true)" 0
expect_eq "...stored once" "$(live "SELECT count(*) FROM petitions WHERE receipt_no = '$r'")" 1
expect_eq "archiving goes on after the restore" "$(live "SHOW archive_mode")" on
td_server_stop

echo "petitions acknowledged: $((nb + na)); before T: $nb, restored: $nb; after T: $na, restored: 0; $((SECONDS - t0)) s"
td_done
