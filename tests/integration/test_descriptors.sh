#!/usr/bin/env bash
# Running out of file descriptors is never silent: a limit below what
# max-conns needs is named when the server starts, connections that meet an
# exhausted limit are logged (libuv would close them without a word), and
# the server answers again once they are gone.
. "$(dirname "$0")/lib.sh"
td_test_db

# Enough descriptors: nothing to say.
td_server_start --max-conns 100
expect_eq "a limit above what max-conns needs is not mentioned" \
  "$(grep -c "file descriptors" "$T/server.log" || true)" 0
td_server_stop
expect_eq "the first server stopped cleanly" "$TD_SERVER_RC" 0

# 64 descriptors for 1000 connections: said at start.
soft=$(ulimit -Sn)
ulimit -Sn 64
td_server_start --max-conns 1000
ulimit -Sn "$soft"
expect_contains "the start names max-conns and the limit" "$(cat "$T/server.log")" \
  "max-conns is 1000 but this process may open only 64 file descriptors"

# Plain TCP connections held open until the server's descriptors run out.
fds=()
for _ in $(seq 90); do
  exec {fd}<>"/dev/tcp/127.0.0.1/$TD_PORT" || break
  fds+=("$fd")
done
expect_eq "the test held 90 connections open" "${#fds[@]}" 90
for _ in $(seq 100); do
  grep -q "accept: out of file descriptors" "$T/server.log" && break
  sleep 0.1
done
expect_contains "running out is logged, with what to change" "$(cat "$T/server.log")" \
  "accept: out of file descriptors"
expect_contains "the log says how to raise the limit" "$(cat "$T/server.log")" "LimitNOFILE="

for fd in "${fds[@]}"; do exec {fd}>&-; done
# The held connections close; the server serves again.
ok=1
for _ in $(seq 50); do
  if cli hoa whoami >"$T/whoami.out" 2>&1; then ok=0; break; fi
  sleep 0.2
done
expect_eq "the server answers once the connections are gone" "$ok" 0
expect_contains "and answers the officer" "$(cat "$T/whoami.out")" "Nguyễn Thị Hoa"
if kill -0 "$TD_SERVER_PID" 2>/dev/null; then
  pass "the server is still running"
else
  fail "the server is still running"
fi
td_done
