#!/usr/bin/env bash
# PostgreSQL stops while the server runs: requests get a retryable error;
# when PostgreSQL returns the same server process serves again.
. "$(dirname "$0")/lib.sh"

# A cluster of this test's own, since it is stopped mid-test.
pg=$(td_tmpdir tiepdan-outage-pg)
td_cleanup_push rm -rf "$pg"
pgport=$(td_free_port)
td_cleanup_push td_pg_stop "$pg"
td_pg_start "$pg" "$pgport"
db=$(td_pg_conninfo "$pg" "$pgport" tiepdan)
"$TD_BUILD/tiepdand" --migrate --db "$db" --sql-dir "$TD_SRC/sql" >/dev/null
td_psql "$pg" "$pgport" tiepdan -f "$TD_SRC/deploy/seed/units.sql"
"$TD_BUILD/tiepdand" --db "$db" --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390 >/dev/null
count() { td_psql "$pg" "$pgport" tiepdan -At -c "SELECT count(*) FROM petitions"; }

TD_SERVER_DB=$db td_server_start
pid=$TD_SERVER_PID

out=$(cli hoa submit --kind request --channel regular_reception --summary "Trước khi mất kết nối" 2>&1)
expect_contains "submission before the outage" "$out" "BL-"

# A connection made before the outage, used during it.
k=$(uuid)
probe hoa hello expect sleep 2500 submit "$k" "" request regular_reception "" "Trong lúc mất kết nối" expect \
  >"$T/probe.out" 2>&1 &
prober=$!
# Until its hello is answered (polling: a fixed sleep can be outrun by a
# busy machine running four tests at a time); its submission follows 2.5 s
# later, when PostgreSQL is down.
for _ in $(seq 100); do
  grep -q hello_reply "$T/probe.out" && break
  sleep 0.05
done
td_pg_stop "$pg"
wait "$prober" || true
out=$(cat "$T/probe.out")
expect_contains "established connection: UNAVAILABLE" "$out" "code=UNAVAILABLE"
expect_contains "established connection: retryable" "$out" "retryable=1"

# A new connection during the outage: the server says it is unavailable,
# so the client keeps the petition in its outbox, says so and exits 0.
rc=0
out=$(cli hoa submit --retries 0 --key "$k" --kind request --channel regular_reception \
  --summary "Trong lúc mất kết nối" 2>&1) || rc=$?
expect_eq "client exit status during the outage: kept" "$rc" 0
expect_contains "client tells the officer it is kept to be sent later" "$out" "kept in the outbox"
if kill -0 "$pid" 2>/dev/null; then pass "server survives the outage"; else fail "server died"; fi

td_pg_restart "$pg"
# The pool reconnects with backoff (at most 5 s); the client retries too.
rc=1
for _ in $(seq 15); do
  rc=0
  out=$(cli hoa submit --retries 0 --key "$k" --kind request --channel regular_reception \
    --summary "Trong lúc mất kết nối" 2>&1) || rc=$?
  ((rc == 0)) && [[ $out != *"Not sent yet"* ]] && break
  sleep 1
done
expect_eq "the same submission succeeds once PostgreSQL is back" "$rc" 0
expect_not_contains "...and was sent, not kept again" "$out" "Not sent yet"
expect_contains "it got a receipt" "$out" "BL-"
expect_eq "same server process" "$TD_SERVER_PID" "$pid"
expect_eq "two petitions stored, none twice" "$(count)" 2
# Four connections at start-up; more lines mean the pool reconnected.
connects=$(grep -c 'db\[[0-9]*\] connected' "$T/server.log")
if ((connects > 4)); then pass "pool reconnected ($connects connects)"; else fail "pool did not reconnect ($connects connects)"; fi
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
