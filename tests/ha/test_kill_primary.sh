#!/usr/bin/env bash
# shellcheck disable=SC2154 # load_kind, load_rc, acked, gap...: set by lib.sh
# tests/ha/test_kill_primary.sh - the primary's PostgreSQL killed under load.
#
# A cluster of its own (deploy/cluster/cluster.sh, synchronous mode); 16
# submitters through HAProxy over three communes' certificates, sending
# again with the same idempotency key whenever a connection breaks or the
# answer is retryable; a "tiepdan watch" of the province and a reader of
# the change feed ("tiepdan changes --wait", as the watch polls it), both
# through HAProxy. After some seconds of load the leader's postmaster gets
# SIGKILL. The submitters are td_bench_submit --failover, or, in a build
# without it, 16 officers' clients (tiepdan submit with their outboxes; see
# tests/ha/lib.sh). Checks: another node leads; every acknowledged petition is on
# the new primary exactly once and no receipt number was given twice
# (tests/ha/check_acked.sh); writes resumed within 15 s; the feed reader,
# keeping its cursor, got every event in the database once; the watch is
# still live and its last frame agrees with the database. Prints acked,
# stored and the write gap.
#
#   TD_BUILD=build tests/ha/test_kill_primary.sh    (as root; ~70 s)
#   HA_LOAD_SECONDS=30 HA_KILL_AFTER=10 ...          longer load
#   HA_ASYNC=1 ...                                   asynchronous mode: the
#       same figures, for the sizing model (acknowledged writes may be lost:
#       the checks on them are then printed, not judged)
. "$(dirname "$0")/lib.sh"

load_secs=${HA_LOAD_SECONDS:-20}
kill_after=${HA_KILL_AFTER:-7}
async=${HA_ASYNC:-}

if [[ -n $async ]]; then ha_up --async; else ha_up; fi

# The feed reader: from the current cursor, every event after it, with a
# new connection for each poll (as a client whose link breaks would).
follow() {
  local c=$1 out
  while [[ ! -f $CL/follow.stop ]] || ((c < $(cat "$CL/follow.stop"))); do
    if out=$(cli dash12 --timeout 15 --format json changes --since "$c" --limit 1000 --wait 5 2>>"$CL/follow.err"); then
      c=$(python3 -c '
import json, sys
r = json.load(sys.stdin)
with open(sys.argv[1], "a") as f:
    for e in r["events"]:
        f.write("%d\n" % e["seq"])
print(r["cursor"])' "$CL/follow.seq" <<<"$out")
    else
      echo "poll failed at cursor $c" >>"$CL/follow.log"
      sleep 0.5
    fi
  done
}
cursor0=$(cli dash12 --format json changes | python3 -c 'import json, sys; print(json.load(sys.stdin)["cursor"])')
: >"$CL/follow.seq"
follow "$cursor0" &
follow_pid=$!
td_cleanup_push ha_kill "$follow_pid"

cli dash12 watch --unit 12 >"$CL/watch.out" 2>"$CL/watch.err" &
watch_pid=$!
td_cleanup_push ha_kill "$watch_pid"

step "load: 16 submitters for ${load_secs}s, the primary killed after ${kill_after}s"
old=$("$HA_CLUSTER" primary "$CL")
ha_start_load "$load_secs"
sleep "$kill_after"
stored_before=$(sql "SELECT count(*) FROM petitions")
victim=$("$HA_CLUSTER" pid "$CL" "${old%% *}")
kill -KILL "$victim"
note "killed ${old%% *} (postmaster $victim) after ${kill_after}s, $stored_before petitions stored by then"
t_kill=$(date +%s.%N)
# Who leads now, and when HAProxy's primary port took a write again.
new=
until new=$("$HA_CLUSTER" primary "$CL" 2>/dev/null) && [[ ${new%% *} != "${old%% *}" ]]; do
  if (($(date +%s) - ${t_kill%.*} > 30)); then new=; break; fi
  sleep 0.2
done
ha_end_load

step "checks"
if [[ -n $new ]]; then
  pass "another node leads (${old%% *} -> ${new%% *})"
else
  fail "another node leads" "still ${old%% *}, or none, 30 s after the kill"
  "$HA_CLUSTER" status "$CL" || true
fi
stored=$(sql "SELECT count(*) FROM petitions")
if [[ -n $async ]]; then
  note "asynchronous mode: acknowledged petitions may be lost; counted, not judged"
  expect_eq "the load ended well" "$load_rc" 0
  if [[ $load_kind == td_bench_submit ]]; then
    out=$("$HA_SRC/tests/ha/check_acked.sh" "$CL/acked.tsv" "$TD_CL_DB" 2>&1) || true
    note "check_acked.sh: $out"
    lost=$(sed -n 's/.*missing=\([0-9]*\).*/\1/p' <<<"$out")
  else
    lost=$(comm -23 <(cut -f2 "$CL/officers.tsv" | sort) <(sql "SELECT receipt_no FROM petitions" | sort) | wc -l)
  fi
else
  ha_check_load
fi
expect_le "writes resumed within 15 s (gap ${gap:-?} ms)" "${gap%.*}" 15000

# The feed: the reader goes on to the last event stored, then stops.
last_seq=$(sql "SELECT coalesce(max(seq), 0) FROM petition_events")
echo "$last_seq" >"$CL/follow.stop"
deadline=$((SECONDS + 40))
while kill -0 "$follow_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
if kill -0 "$follow_pid" 2>/dev/null; then
  fail "the feed reader reached the last event ($last_seq)" "$(tail -n 3 "$CL/follow.log" 2>/dev/null)"
else
  sql "SELECT seq FROM petition_events WHERE seq > $cursor0 ORDER BY seq" >"$CL/db.seq"
  expect_eq "the feed gave every event stored after its start, once, in order" \
    "$(cmp -s "$CL/follow.seq" "$CL/db.seq" && echo same || echo "differs: $(wc -l <"$CL/follow.seq") read, $(wc -l <"$CL/db.seq") stored, $(sort "$CL/follow.seq" | uniq -d | wc -l) twice")" same
  note "feed reader: $(wc -l <"$CL/follow.seq") events, $(wc -l <"$CL/follow.log" 2>/dev/null || echo 0) polls failed and were made again"
fi

# The watch: still running, live again, its last frame the database's.
sleep 3
if kill -0 "$watch_pid" 2>/dev/null; then
  pass "the watch is still running"
else
  fail "the watch is still running" "$(tail -n 5 "$CL/watch.err")"
fi
open=$(sql "SELECT count(*) FROM petitions WHERE closed_at IS NULL")
frame=$(awk '/^tiepdan watch/ { f = "" } { f = f $0 "\n" } END { printf "%s", f }' "$CL/watch.out")
total=$(awk '$1 == "TOTAL" { print $2 }' <<<"$frame")
expect_eq "the watch's last frame counts every open petition" "$total" "$open"
expect_eq "the watch's last frame is live" "$(grep -c '^Status: live' <<<"$frame")" 1
last5=$(sql "SELECT string_agg(receipt_no, ' ' ORDER BY seq DESC) FROM (SELECT e.seq, p.receipt_no
  FROM petition_events e JOIN petitions p ON p.id = e.petition_id ORDER BY e.seq DESC LIMIT 5) l")
# Oldest first, as the watch prints them.
shown=$(sed -n '/^Latest events:/,/^$/p' <<<"$frame" | grep -o '[A-Z]*-20[0-9][0-9]-[0-9]*' | tr '\n' ' ')
expect_eq "the watch's last frame shows the last five events" "${shown% }" \
  "$(tr ' ' '\n' <<<"$last5" | tac | tr '\n' ' ' | sed 's/ $//')"
printed=$(grep -o '[A-Z][A-Z]-20[0-9][0-9]-[0-9]*' "$CL/watch.out" | sort -u)
unknown=$(comm -23 <(echo "$printed") <(sql "SELECT receipt_no FROM petitions" | sort -u) | grep -c . || true)
expect_eq "every receipt the watch printed is in the database" "$unknown" 0
note "watch: $(grep -c '^tiepdan watch' "$CL/watch.out") frames, $(grep -c 'reconnecting in' "$CL/watch.out" || true) of them reconnecting"

printf 'FIGURES kill_primary mode=%s acked=%s stored=%s lost=%s gap_ms=%s reconnects=%s rps_before_kill=%s\n' \
  "$([[ -n $async ]] && echo async || echo sync)" "$acked" "$stored" "${lost:-0}" "$gap" "$reconnects" \
  "$(awk -v n="$stored_before" -v t="$kill_after" 'BEGIN { printf "%.0f", n / t }')"
ha_done
