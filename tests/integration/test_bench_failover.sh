#!/usr/bin/env bash
# The load generator's --failover (tests/bench/bench_submit.c) and the check
# of what it acknowledged (tests/ha/check_acked.sh), which the failover tests
# rely on: two servers on one database, one killed with SIGKILL under load;
# every acknowledged petition stored once, no failure, the write gap printed.
# Then what must stay a failure, what stops the run, and bad input.
. "$(dirname "$0")/lib.sh"
td_test_db
db=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
check=$TD_SRC/tests/ha/check_acked.sh
ids=(--ca "$TD_PKI/ca.crt" --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key"
  --cert "$TD_PKI/lan.crt" --key "$TD_PKI/lan.key")
# field NAME LINE: the value of NAME= in the generator's line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
out='' rc='' cout='' crc=''

td_server_start
a_pid=$TD_SERVER_PID a_port=$TD_PORT
td_server_start
b_port=$TD_PORT

# 1. Eight connections over both servers (four start on each); the first
# server killed after 2 s: its connections go on on the second with the
# petition they had in flight, and that is not a failure.
"$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$a_port,127.0.0.1:$b_port" "${ids[@]}" \
  --conns 8 --warmup 0.5 --duration 5 --timeout-ms 3000 --grace 10 --retry-every 5 \
  --failover --acked "$T/acked.tsv" >"$T/bench.out" 2>"$T/bench.err" &
bench=$!
td_cleanup_push td_stop_pid "$bench" 5
sleep 2.5
kill -KILL "$a_pid"
{ wait "$a_pid"; } 2>/dev/null || true
rc=0
wait "$bench" || rc=$?
out=$(cat "$T/bench.out")
echo "load: $out"
expect_eq "the load generator ended well" "$rc" 0
expect_eq "no failure though a server died" "$(field failures "$out")" 0
expect_eq "the connections of the killed server reconnected" \
  "$(( $(field reconnects "$out") >= 4 ))" 1
# (A connection that was checking a retry of an acknowledged petition
# only reconnects.)
expect_eq "the petitions in flight were sent again" \
  "$(( $(field resent "$out") >= 1 && $(field resent "$out") <= $(field reconnects "$out") ))" 1
acked=$(field acked "$out")
expect_eq "acked= counts the lines of --acked" "$acked" "$(wc -l <"$T/acked.tsv")"
expect_eq "petitions were acknowledged" "$((acked > 100))" 1
gap=$(field gap_max_ms "$out")
expect_eq "the write gap is printed, under the 10 s a failover may take" \
  "$(( gap > 0 && gap < 10000 ))" 1
expect_eq "it began during the run (Unix ms)" \
  "$(( $(field gap_from "$out") > ($(date +%s) - 60) * 1000 ))" 1
run_cmd cout crc "$check" "$T/acked.tsv" "$db"
expect_eq "check_acked.sh: all stored once" "$crc" 0
expect_eq "check_acked.sh: its line" "$cout" \
  "acked=$acked stored=$acked missing=0 duplicated=0 receipts_twice=0"
expect_eq "nothing stored that was not acknowledged" "$(sql "SELECT count(*) FROM petitions")" "$acked"

# 2. What check_acked.sh finds wrong. A petition acknowledged but not stored:
cp "$T/acked.tsv" "$T/lost.tsv"
printf '%s\tBL-2026-999999\t999999\n' "$(uuid)" >>"$T/lost.tsv"
run_cmd cout crc "$check" "$T/lost.tsv" "$db"
expect_eq "a lost petition: exit 1" "$crc" 1
expect_contains "a lost petition: missing=1" "$cout" "stored=$acked missing=1 duplicated=0 receipts_twice=0"
# Stored under another receipt number than the reply gave:
IFS=$'\t' read -r k1 _ i1 < <(head -n 1 "$T/acked.tsv")
IFS=$'\t' read -r _ r2 _ < <(sed -n 2p "$T/acked.tsv")
{ printf '%s\t%s\t%s\n' "$k1" "$r2" "$i1"; tail -n +2 "$T/acked.tsv"; } >"$T/other.tsv"
run_cmd cout crc "$check" "$T/other.tsv" "$db"
expect_eq "another receipt number: exit 1" "$crc" 1
expect_contains "another receipt number: missing, and the number given twice" "$cout" \
  "missing=1 duplicated=0 receipts_twice=1"
# One petition acknowledged twice:
{ cat "$T/acked.tsv"; head -n 1 "$T/acked.tsv"; } >"$T/twice.tsv"
run_cmd cout crc "$check" "$T/twice.tsv" "$db"
expect_eq "acknowledged twice: exit 1" "$crc" 1
expect_contains "acknowledged twice: duplicated=1" "$cout" "missing=0 duplicated=1 receipts_twice=0"
# Bad input changes nothing and says so.
printf 'not-a-key\tBL-2026-1\t1\n' >"$T/bad.tsv"
run_cmd cout crc "$check" "$T/bad.tsv" "$db"
expect_eq "a malformed file: exit 2" "$crc" 2
expect_contains "a malformed file: said" "$cout" "cannot check"
run_cmd cout crc "$check" "$T/none.tsv" "$db"
expect_eq "no such file: exit 2" "$crc" 2
expect_contains "no such file: said" "$cout" "not a readable file"
run_cmd cout crc "$check" "$T/acked.tsv"
expect_eq "one argument: exit 2" "$crc" 2
expect_contains "one argument: usage" "$cout" "usage: check_acked.sh ACKED_FILE CONNINFO"

# 3. An error that a retry cannot help stays a failure with --failover: a
# dashboard officer may not submit.
run_cmd out rc "$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$b_port" \
  --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/tinh.crt" --key "$TD_PKI/tinh.key" \
  --conns 1 --warmup 0 --duration 0.5 --failover
expect_eq "a refused submission: exit 1" "$rc" 1
expect_contains "a refused submission: not sent again" "$out" "reconnects=0 resent=0"
expect_not_contains "a refused submission: counted" "$out" "failures=0"

# 4. No server of the list answers: exit 3. A dead one first is skipped.
dead=$(td_free_port)
run_cmd out rc "$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$dead" "${ids[@]}" \
  --conns 1 --duration 0.5 --failover
expect_eq "no server answers: exit 3" "$rc" 3
run_cmd out rc "$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$dead" \
  --server "127.0.0.1:$b_port" "${ids[@]}" --conns 2 --warmup 0 --duration 0.5 --failover
expect_eq "a dead server first in the list: exit 0" "$rc" 0

# 5. SIGTERM stops a --failover run: the line is printed, --acked is whole.
"$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$b_port" "${ids[@]}" --conns 4 \
  --warmup 0 --duration 60 --failover --acked "$T/term.tsv" >"$T/term.out" 2>&1 &
bench=$!
td_cleanup_push td_stop_pid "$bench" 5
sleep 1.5
kill -TERM "$bench"
rc=0
wait "$bench" || rc=$?
out=$(cat "$T/term.out")
expect_eq "SIGTERM: exit 0" "$rc" 0
expect_eq "SIGTERM: acked= counts the lines of --acked" "$(field acked "$out")" "$(wc -l <"$T/term.tsv")"
run_cmd cout crc "$check" "$T/term.tsv" "$db"
expect_eq "SIGTERM: what it acknowledged is stored" "$crc" 0

# 6. Bad command lines: exit 2, nothing sent.
before=$(sql "SELECT count(*) FROM petitions")
for bad in "--server 127.0.0.1:$b_port,,127.0.0.1:1" "--server 127.0.0.1:$b_port, " \
  "--server 127.0.0.1:$b_port --grace 31" "--server 127.0.0.1:$b_port --grace -1"; do
  # shellcheck disable=SC2086 # the words of $bad are the options
  run_cmd out rc "$TD_BUILD/tests/td_bench_submit" $bad "${ids[@]}" --duration 0.5 --failover
  expect_eq "bad command line ($bad): exit 2" "$rc" 2
  expect_contains "bad command line ($bad): usage" "$out" "usage: td_bench_submit --server H:P[,H:P...]"
done
expect_eq "bad command lines stored nothing" "$(sql "SELECT count(*) FROM petitions")" "$before"
td_done
