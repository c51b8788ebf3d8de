#!/usr/bin/env bash
# shellcheck disable=SC2154 # load_kind, load_rc, acked, gap...: set by lib.sh
# tests/ha/test_kill_server.sh - one of the two tiepdand killed under load.
#
# A cluster of its own (deploy/cluster/cluster.sh, synchronous mode, two
# servers behind HAProxy); 16 submitters through HAProxy over three
# communes' certificates, sending again with the same idempotency key when
# a connection breaks or the answer is retryable (td_bench_submit
# --failover, or in a build without it the officers' clients, see
# tests/ha/lib.sh). After some seconds the
# server a watch is on gets SIGKILL; its clients reconnect through HAProxy
# to the other. Checks: the killed server is gone and the
# other took every connection; a watch on the killed server reconnected
# to the other and is live with the database's figures; no submission
# failed; every acknowledged
# petition stored once, no receipt number twice (tests/ha/check_acked.sh),
# nothing stored but what was sent; writes resumed within 15 s. Prints
# acked, stored and the gap.
#
#   TD_BUILD=build tests/ha/test_kill_server.sh     (as root; ~60 s)
. "$(dirname "$0")/lib.sh"

load_secs=${HA_LOAD_SECONDS:-15}
kill_after=${HA_KILL_AFTER:-6}

# shellcheck disable=SC2119 # no options: synchronous mode
ha_up

# sessions SERVER: connections HAProxy has open to tiepdand SERVER now.
sessions() {
  curl -s -m 2 "http://127.0.0.1:$STATS_PORT/;csv" |
    awk -F, -v sv="$1" '$1 == "tiepdand" && $2 == sv { print $5 }'
}

# A watch holds one connection all along: the server it is on (the only
# connection before the load starts) is the one killed.
cli dash12 watch --unit 12 >"$CL/watch.out" 2>"$CL/watch.err" &
watch_pid=$!
td_cleanup_push ha_kill "$watch_pid"
sleep 2
s1=$(sessions td1) s2=$(sessions td2)
watched=
if [[ $s1 == 1 && $s2 == 0 ]]; then watched=td1; elif [[ $s1 == 0 && $s2 == 1 ]]; then watched=td2; fi
note "the watch is on ${watched:-an unknown server} (td1 $s1, td2 $s2 connections)"

step "load: 16 submitters for ${load_secs}s, a server killed after ${kill_after}s"
ha_start_load "$load_secs"
sleep "$kill_after"
s1=$(sessions td1) s2=$(sessions td2)
note "connections before the kill: td1 $s1, td2 $s2"
victim=td1 other=td2
if [[ $watched == td2 ]] || { [[ -z $watched ]] && ((s2 > s1)); }; then victim=td2 other=td1; fi
stored_before=$(sql "SELECT count(*) FROM petitions")
vpid=$("$HA_CLUSTER" pid "$CL" "$victim")
kill -KILL "$vpid"
note "killed $victim (pid $vpid) with $(sessions "$victim") connections, $stored_before petitions stored by then"
sleep 3
s_other=$(sessions "$other")
ha_end_load

step "checks"
if kill -0 "$vpid" 2>/dev/null; then fail "$victim is dead"; else pass "$victim is dead"; fi
if [[ $load_kind == td_bench_submit ]]; then
  expect_eq "$other took the 16 connections and the watch" "$s_other" 17
fi
stored=$(sql "SELECT count(*) FROM petitions")
ha_check_load
if [[ $load_kind == td_bench_submit ]]; then
  # It sends a key again until it is answered, so nothing is stored that it
  # does not hold.
  expect_eq "stored = acknowledged" "$stored" "$acked"
fi
if [[ ${reconnects:-0} =~ ^[0-9]+$ ]] && ((reconnects > 0)); then
  pass "the killed server's clients reconnected or kept what they typed ($reconnects)"
elif [[ $load_kind == officers ]]; then
  note "no officer's command met the killed server"
else
  fail "the killed server's clients reconnected" "reconnects=${reconnects:-?}"
fi
expect_le "writes resumed within 15 s (gap ${gap:-?} ms)" "${gap%.*}" 15000

# The watch was moved to the other server and goes on from its cursor.
sleep 3
if kill -0 "$watch_pid" 2>/dev/null; then
  pass "the watch is still running"
else
  fail "the watch is still running" "$(tail -n 5 "$CL/watch.err")"
fi
frame=$(awk '/^tiepdan watch/ { f = "" } { f = f $0 "\n" } END { printf "%s", f }' "$CL/watch.out")
expect_eq "the watch's last frame counts every open petition" \
  "$(awk '$1 == "TOTAL" { print $2 }' <<<"$frame")" "$(sql "SELECT count(*) FROM petitions WHERE closed_at IS NULL")"
expect_eq "the watch's last frame is live" "$(grep -c '^Status: live' <<<"$frame")" 1
if [[ -n $watched ]]; then
  r=$(grep -c 'reconnecting in' "$CL/watch.out" || true)
  if ((r > 0)); then pass "the watch on $victim reconnected ($r frames said so)"; else
    fail "the watch on $victim reconnected" "no frame said \"reconnecting in\""
  fi
fi

printf 'FIGURES kill_server acked=%s stored=%s gap_ms=%s reconnects=%s rps_before_kill=%s\n' \
  "$acked" "$stored" "$gap" "$reconnects" \
  "$(awk -v n="$stored_before" -v t="$kill_after" 'BEGIN { printf "%.0f", n / t }')"
ha_done
