#!/usr/bin/env bash
# SIGTERM with a request in flight: the server stops accepting, the request
# completes and is acknowledged, and the process exits 0.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

k=$(uuid)
# Hold the lock the submission of key k takes, so it stays in flight for a
# known time: deterministic, no sleeps racing a fast machine.
PGAPPNAME=td_locker td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" \
  -c "SELECT pg_advisory_lock(hashtextextended('$k', 0))" -c "SELECT pg_sleep(3)" >/dev/null &
locker=$!
# Until the lock is held (polling, not a fixed sleep a busy machine can outrun).
for _ in $(seq 100); do
  # The locker's own lock: the statistics fold takes advisory locks too.
  [[ $(sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND a.application_name = 'td_locker'") -ge 1 ]] && break
  sleep 0.05
done
cli hoa submit --key "$k" --kind complaint --channel regular_reception --field land \
  --summary "Đơn đang được ghi khi máy chủ dừng" >"$T/submit.out" 2>&1 &
client=$!
# Wait until the request has reached the server and is waiting on the lock.
for _ in $(seq 50); do
  [[ $(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") -ge 1 ]] && break
  sleep 0.1
done
expect_eq "submission waits on the lock" "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" 1

kill -TERM "$TD_SERVER_PID"
sleep 0.5
if kill -0 "$TD_SERVER_PID" 2>/dev/null; then
  pass "server still running while a request is in flight"
else
  fail "server exited with a request in flight"
fi
rc=0
out=$(probe lan hello expect 2>&1) || rc=$?
expect_eq "new connections refused while stopping (probe exit)" "$rc" 3

rc=0
wait "$client" || rc=$?
expect_eq "in-flight submission acknowledged (client exit)" "$rc" 0
expect_contains "client printed the receipt" "$(cat "$T/submit.out")" "BL-"
rc=0
wait "$TD_SERVER_PID" || rc=$?
expect_eq "server exit status" "$rc" 0
expect_eq "the petition is stored" "$(sql "SELECT count(*) FROM petitions WHERE idempotency_key = '$k'")" 1
expect_contains "server logged the stop" "$(cat "$T/server.log")" "stopped"
wait "$locker" || true
td_done
