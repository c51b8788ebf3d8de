#!/usr/bin/env bash
# Dashboards on a replica (issue 17): a primary of its own and a streaming
# replica made from it; tiepdand writes to the primary (--db) and reads the
# statistics, lists and the change feed from the replica (--read-db) as far
# as the replica is measured to hold. Checked:
# - the read pool's lag is a metric, and reads are counted by pool;
# - a dashboard is served from the replica (seen stale while its replay is
#   paused, within read-max-lag), and from the primary once the replica is
#   further behind than that;
# - an officer who has just submitted sees his petition at once, whatever
#   the replica holds (read-your-writes);
# - the change feed, followed from the replica while the primary takes
#   writes, misses and repeats no event;
# - a primary that turns read-only under the server (as a demoted one does:
#   SQLSTATE 25006) costs a retryable error, the pool connects again, and the
#   submission an officer retries is stored once.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

bin=$(td_pg_bin)

# The primary: a cluster of this test's own.
P=$T/primary
pport=$(td_free_port)
mkdir -p "$P"
td_pg_start "$P" "$pport"
td_cleanup_push td_pg_stop "$P"
primary=$(td_pg_conninfo "$P" "$pport" tiepdan)
"$TD_BUILD/tiepdand" --migrate --db "$primary" --sql-dir "$TD_SRC/sql" >/dev/null
td_psql "$P" "$pport" tiepdan -f "$TD_SRC/deploy/seed/units.sql" >/dev/null
while read -r who role unit; do
  "$TD_BUILD/tiepdand" --db "$primary" --add-principal "$TD_PKI/$who.crt" --role "$role" \
    --unit "$unit" >/dev/null
done <<EOF
hoa reception 03390
tinh dashboard 12
nation dashboard VN
EOF

# The replica: a base backup of the primary, streaming from it.
R=$T/replica
rport=$(td_free_port)
mkdir -p "$R"
chown postgres:postgres "$R" 2>/dev/null || true
(cd "$R" && runuser -u postgres -- "$bin/pg_basebackup" -h 127.0.0.1 -p "$pport" \
  -U postgres -D "$R/data" -R -X stream -c fast) >/dev/null
cat >>"$R/data/postgresql.conf" <<EOF
port = $rport
unix_socket_directories = '$R'
hot_standby_feedback = on
EOF
(cd "$R" && runuser -u postgres -- "$bin/pg_ctl" -D "$R/data" -l "$R/log" -w start) >/dev/null
td_cleanup_push td_pg_stop "$R"
replica=$(td_pg_conninfo "$R" "$rport" tiepdan)
expect_eq "the replica is a standby" \
  "$(td_psql "$R" "$rport" tiepdan -At -c 'SELECT pg_is_in_recovery()')" t
psqlr() { td_psql "$R" "$rport" tiepdan -At -c "$1"; }
psqlp() { td_psql "$P" "$pport" tiepdan -At -c "$1"; }

TD_SERVER_DB=$primary td_server_start --read-db "$replica" --read-max-lag 3 \
  --metrics-listen 127.0.0.1:0 --fold-interval 100
mport=$(sed -n 's/.* metrics on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/server.log" | tail -n 1)
metric() {
  curl -s "http://127.0.0.1:$mport/metrics" | awk -v m="$1" '$1 == m {print $2}'
}
# The loop publishes its figures every 250 ms.
reads() {
  sleep 0.3
  metric "tiepdan_reads_total{pool=\"$1\"}"
}
month=$(date +%Y-%m)
received() {
  cli "$1" --format json stats --from "$month" --to "$month" |
    grep -o '"total":{[^}]*}' | grep -o '"received":[0-9]*' | cut -d: -f2
}
submit() {
  cli hoa submit --kind request --channel digital --summary "Đơn đọc từ bản sao $1" >/dev/null
}

# 1. The lag is measured.
for ((i = 0; i < 50; i++)); do
  lag=$(metric tiepdan_read_pool_lag_seconds)
  [[ -n $lag && $lag != NaN ]] && break
  sleep 0.1
done
[[ -n $lag && $lag != NaN ]] && pass "the read pool's lag is a metric: ${lag} s" ||
  fail "no lag measured" "tiepdan_read_pool_lag_seconds: $lag"
expect_eq "the read pool's connections are up" "$(metric tiepdan_read_pool_connections_up)" 4

# 2. A dashboard reads from the replica once the replica holds everything
# since the server first saw him.
for n in 1 2 3; do submit "$n"; done
expect_eq "statistics of the province, first seen: 3 received" "$(received tinh)" 3
sleep 1
r0=$(reads replica)
expect_eq "the same statistics again: 3 received" "$(received tinh)" 3
r1=$(reads replica)
((r1 > r0)) && pass "... read from the replica ($r0 -> $r1 reads)" ||
  fail "the dashboard's statistics did not go to the replica" "reads from the replica: $r0 -> $r1"

# 3. The replica stops replaying: the officer who submits still sees his
# petition; the dashboard sees the replica's figures while it is within
# read-max-lag (3 s), and the primary's after.
psqlr "SELECT pg_wal_replay_pause()" >/dev/null
submit 4
expect_eq "the primary holds 4" "$(psqlp 'SELECT count(*) FROM petitions')" 4
expect_eq "the paused replica holds 3" "$(psqlr 'SELECT count(*) FROM petitions')" 3
listed=$(cli hoa --format csv list | grep -c 'Đơn đọc từ bản sao' || true)
expect_eq "the officer who just submitted lists his 4 petitions" "$listed" 4
expect_eq "a dashboard within read-max-lag reads the replica: 3 received" "$(received tinh)" 3
sleep 3.5
lag=$(metric tiepdan_read_pool_lag_seconds)
awk -v l="$lag" 'BEGIN { exit !(l == "NaN" || l + 0 > 3) }' &&
  pass "the lag metric shows the replica behind: $lag" ||
  fail "the lag metric does not show the paused replica" "lag: $lag"
p0=$(reads primary)
expect_eq "past read-max-lag, the dashboard reads the primary: 4 received" "$(received tinh)" 4
(($(reads primary) > p0)) && pass "... counted as a read of the primary" ||
  fail "the read was not counted as the primary's"
psqlr "SELECT pg_wal_replay_resume()" >/dev/null
for ((i = 0; i < 50; i++)); do
  lag=$(metric tiepdan_read_pool_lag_seconds)
  awk -v l="$lag" 'BEGIN { exit !(l != "NaN" && l + 0 < 1) }' && break
  sleep 0.1
done
pass "replay resumed: lag $lag s"
sleep 0.5
r0=$(reads replica)
expect_eq "the dashboard reads the replica again: 4 received" "$(received tinh)" 4
(($(reads replica) > r0)) && pass "... from the replica" || fail "not from the replica"

# 4. The change feed from the replica while the primary takes writes: a
# follower walks the cursor through every reply; what it collects is every
# event, once, in order.
"$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
  --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" --conns 2 --rate 60 --warmup 0 \
  --duration 6 --acked "$T/acked" >"$T/load" 2>&1 &
load=$!
r0=$(reads replica)
cursor=0
: >"$T/seen"
follow() {
  local out
  out=$(cli nation --format json changes --since "$cursor" --wait 1 --limit 1000)
  grep -o '"seq":[0-9]*' <<<"$out" | cut -d: -f2 >>"$T/seen" || true
  cursor=$(grep -o '"cursor":[0-9]*' <<<"$out" | cut -d: -f2)
}
while kill -0 "$load" 2>/dev/null; do follow; done
wait "$load" || fail "the load generator failed" "$(cat "$T/load")"
sleep 1
follow
follow
expect_eq "the replica has every event" "$(psqlr 'SELECT count(*) FROM petition_events')" \
  "$(psqlp 'SELECT count(*) FROM petition_events')"
r1=$(reads replica)
((r1 - r0 > 3)) && pass "the change feed was read from the replica ($((r1 - r0)) reads)" ||
  fail "the change feed did not go to the replica" "reads from the replica: $r0 -> $r1"
events=$(psqlp "SELECT count(*) FROM petition_events WHERE seq <= $cursor")
expect_eq "the follower saw every event up to its cursor" "$(wc -l <"$T/seen")" "$events"
expect_eq "... each once" "$(sort -n "$T/seen" | uniq -d | wc -l)" 0
expect_eq "... in order" "$(sort -n "$T/seen" | tr '\n' ' ')" "$(tr '\n' ' ' <"$T/seen")"
expect_eq "... and its cursor reached the newest event" "$cursor" \
  "$(psqlp 'SELECT max(seq) FROM petition_events')"

# 5. The primary turns read-only under the server (SQLSTATE 25006, as on a
# demoted primary): the submission gets a retryable error, the client tries
# again, then keeps it in the officer's outbox; the pool connects again once the database takes
# writes, and the outbox delivers it, once.
psqlp "ALTER SYSTEM SET default_transaction_read_only = on" >/dev/null
psqlp "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
before=$(psqlp 'SELECT count(*) FROM petitions')
run_cmd out rc cli hoa submit --kind request --channel digital --summary "Đơn gửi lúc máy chính chỉ đọc"
expect_contains "the client was told to try again" "$out" "the server cannot reach its database; try again shortly"
expect_contains "... and keeps the petition in the outbox" "$out" "kept in the outbox"
expect_eq "nothing was stored while the primary was read-only" \
  "$(psqlp 'SELECT count(*) FROM petitions')" "$before"
for ((i = 0; i < 50; i++)); do
  grep -q "the database is read-only now" "$T/server.log" && break
  sleep 0.1
done
expect_contains "the pool dropped the connection that found it read-only" \
  "$(grep 'read-only now' "$T/server.log" | head -n 1)" "a demoted primary?"
psqlp "ALTER SYSTEM RESET default_transaction_read_only" >/dev/null
psqlp "SELECT pg_reload_conf()" >/dev/null
run_cmd out rc cli hoa outbox send --wait
expect_eq "the outbox delivers it once the primary takes writes" "$rc" 0
expect_eq "stored once" \
  "$(psqlp "SELECT count(*) FROM petitions WHERE summary = 'Đơn gửi lúc máy chính chỉ đọc'")" 1
expect_eq "and nothing else" "$(psqlp 'SELECT count(*) FROM petitions')" "$((before + 1))"

td_done
