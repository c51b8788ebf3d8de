#!/usr/bin/env bash
# What tiepdand says to systemd (Type=notify), played by td_notify_sink:
# READY=1 only once PostgreSQL answered and the port accepts (never while
# the database is away), WATCHDOG=1 from the loop at half of WatchdogSec,
# RELOADING=1 then READY=1 around a SIGHUP, STOPPING=1 when it drains. And
# its logs: log-format = json gives one valid JSON object a line, Vietnamese
# and quotes included; under systemd's journal stream it writes to the
# journal, or, when there is no journal to take it, still to stderr.
. "$(dirname "$0")/lib.sh"
td_test_db

conninfo=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
sink() { # sink NAME: a notify socket $T/NAME.sock whose messages go to $T/NAME.txt
  : >"$T/$1.txt"
  "$TD_BUILD/tests/td_notify_sink" "$T/$1.sock" "$T/$1.txt" &
  td_cleanup_push td_stop_pid $! 2
  local i
  for ((i = 0; i < 50; i++)); do [[ -S $T/$1.sock ]] && return 0; sleep 0.1; done
  fail "the notify sink did not start"
}
# wait_in FILE NEEDLE [COUNT]: until FILE holds NEEDLE COUNT times (10 s).
wait_in() {
  local i
  for ((i = 0; i < 100; i++)); do
    (($(grep -cxF -- "$2" "$1" 2>/dev/null) >= ${3:-1})) && return 0
    sleep 0.1
  done
  return 1
}

# 1. The database is away: no READY=1, and the status says why.
sink away
away_port=$(td_free_port)
NOTIFY_SOCKET=$T/away.sock "$TD_BUILD/tiepdand" --metrics-listen off --listen "127.0.0.1:$(td_free_port)" \
  --db "host=127.0.0.1 port=$away_port dbname=none connect_timeout=1" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  >"$T/away.log" 2>&1 &
away_pid=$!
td_cleanup_push td_stop_pid "$away_pid" 5
wait_in "$T/away.txt" "STATUS=waiting for the database" &&
  pass "1. the status says it waits for the database" ||
  fail "1. the status does not say it waits for the database"
sleep 2
expect_eq "1. no READY=1 while PostgreSQL does not answer" \
  "$(grep -c '^READY=1$' "$T/away.txt")" 0
kill -TERM "$away_pid"
wait "$away_pid" 2>/dev/null || true

# 2. A server under a watchdog of 0.4 s, logging JSON.
sink main
TD_PORT=$(td_free_port)
NOTIFY_SOCKET=$T/main.sock WATCHDOG_USEC=400000 "$TD_BUILD/tiepdand" --metrics-listen off \
  --listen "127.0.0.1:$TD_PORT" --db "$conninfo" --log-format json --summary-interval 1 \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  >>"$T/server.log" 2>&1 &
TD_SERVER_PID=$!
td_cleanup_push td_stop_pid "$TD_SERVER_PID" 10
wait_in "$T/main.txt" "READY=1" && pass "2. READY=1" || fail "2. no READY=1"
expect_contains "2. the status names the address" "$(cat "$T/main.txt")" \
  "STATUS=serving on 127.0.0.1:$TD_PORT"
# READY=1 came once the port accepted: a client is served at once.
run_cmd out rc cli hoa whoami
expect_eq "2. served as soon as READY=1 was said" "$rc" 0
run_cmd out rc cli hoa submit --kind complaint --channel regular_reception --field land \
  --name "Lò Văn \"Minh\"" --summary "Khiếu nại về ranh giới đất"
expect_eq "2. a petition submitted, for the summary to name its commune" "$rc" 0
before=$(grep -c '^WATCHDOG=1$' "$T/main.txt")
sleep 2
after=$(grep -c '^WATCHDOG=1$' "$T/main.txt")
(((after - before) >= 6 && (after - before) <= 12)) &&
  pass "2. WATCHDOG=1 every 0.2 s ($((after - before)) in 2 s)" ||
  fail "2. WATCHDOG=1 $((after - before)) times in 2 s; expected about 10"
expect_contains "2. the log says the watchdog's pace" "$(cat "$T/server.log")" \
  "systemd watchdog: a ping every 200 ms"

# 3. SIGHUP: RELOADING=1, then READY=1 again.
kill -HUP "$TD_SERVER_PID"
wait_in "$T/main.txt" "RELOADING=1" && pass "3. RELOADING=1 on SIGHUP" ||
  fail "3. no RELOADING=1 on SIGHUP"
wait_in "$T/main.txt" "READY=1" 2 && pass "3. READY=1 after the reload" ||
  fail "3. no READY=1 after the reload"
expect_eq "3. RELOADING=1 came before the second READY=1" \
  "$(grep -xE 'RELOADING=1|READY=1' "$T/main.txt" | tr '\n' ' ')" "READY=1 RELOADING=1 READY=1 "

# 4. The JSON log: every line one object, with ts, level and msg; quotes
# and Vietnamese as they are (the summary names the communes).
wait_in_log() { local i; for ((i = 0; i < 100; i++)); do grep -qF -- "$1" "$T/server.log" && return 0; sleep 0.1; done; return 1; }
wait_in_log 'summary day=' || fail "4. no summary line within 10 s"
bad=$(perl -MJSON::PP -ne '
  my $o = eval { JSON::PP->new->utf8->decode($_) };
  print "not JSON: $_" and next unless $o;
  print "no ts/level/msg: $_" unless defined $o->{ts} && $o->{level} =~ /^(debug|info|warn|error)$/ && defined $o->{msg};
' "$T/server.log")
expect_eq "4. every log line is a JSON object with ts, level and msg" "$bad" ""
summary=$(perl -MJSON::PP -ne 'my $o = JSON::PP->new->decode($_); print $o->{msg}, "\n" if $o->{msg} =~ /^summary .*unit=03390/' "$T/server.log" | head -1)
expect_contains "4. a message with quotes and Vietnamese reads back whole" "$summary" \
  'name="Xã Bình Lư"'
expect_contains "4. the timestamps are UTC with milliseconds" "$(head -1 "$T/server.log")" '"ts":"20'

# 5. SIGTERM: STOPPING=1, and a clean exit.
td_server_stop
expect_eq "5. a clean exit" "$TD_SERVER_RC" 0
expect_contains "5. STOPPING=1 on drain" "$(cat "$T/main.txt")" "STOPPING=1"

# 6. Under systemd's journal stream (JOURNAL_STREAM names stderr), records
# go to the journal; with no journal to take them, to stderr all the same.
TD_PORT=$(td_free_port)
: >"$T/journal.log"
stream=$(stat -c '%d:%i' "$T/journal.log")
JOURNAL_STREAM=$stream "$TD_BUILD/tiepdand" --metrics-listen off --listen "127.0.0.1:$TD_PORT" --db "$conninfo" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  >>"$T/journal.log" 2>&1 &
jpid=$!
td_cleanup_push td_stop_pid "$jpid" 10
if [[ -S /run/systemd/journal/socket ]] && command -v journalctl >/dev/null; then
  sleep 2
  expect_contains "6. the journal has the server's records" \
    "$(journalctl -t tiepdand --since "-1min" -o cat 2>/dev/null)" "listening on 127.0.0.1:$TD_PORT"
else
  for ((i = 0; i < 100; i++)); do grep -q "listening on 127.0.0.1:$TD_PORT" "$T/journal.log" && break; sleep 0.1; done
  expect_contains "6. no journal here: the records still reach stderr" \
    "$(cat "$T/journal.log")" "info listening on 127.0.0.1:$TD_PORT"
fi
kill -TERM "$jpid"
wait "$jpid" 2>/dev/null || true

# 7. A log format that does not exist: a clear error, exit 2.
run_cmd out rc "$TD_BUILD/tiepdand" --log-format xml --db "$conninfo"
expect_eq "7. --log-format xml: exit 2" "$rc" 2
expect_contains "7. --log-format xml: says what is allowed" "$out" \
  "log-format: expected text, json, journal or auto, got 'xml'"
td_done
