#!/usr/bin/env bash
# Two servers, one set of background jobs (issue 17): two tiepdand on one
# database for a minute, each taking submissions, with the statistics fold
# every 200 ms and the daily summary every second. Every period of each job
# runs once, whichever server's timer comes first (td_job_claim, counted
# in job_runs), both servers kept trying, the summaries the logs carry are
# the ones recorded, and the statistics still equal a recount. Then a
# revocation and a holiday load made through one server hold on the other.
# shellcheck source=tests/integration/lib.sh disable=SC2154 # PORT_x, PID_x: printf -v
. "$(dirname "$0")/../integration/lib.sh"

SECONDS_UP=${TD_HA_SECONDS:-60}
td_test_db
conninfo=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")

# start_server NAME: tiepdand with its own log, $T/NAME.log; sets PORT_NAME.
start_server() {
  local name=$1 port try
  for try in 1 2 3 4 5; do
    port=$(td_free_port)
    "$TD_BUILD/tiepdand" --listen "127.0.0.1:$port" --db "$conninfo" \
      --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
      --metrics-listen off --fold-interval 200 --summary-interval 1 \
      >>"$T/$name.log" 2>&1 &
    printf -v "PID_$name" '%s' $!
    printf -v "PORT_$name" '%s' "$port"
    td_cleanup_push td_stop_pid $! 10
    for ((i = 0; i < 150; i++)); do
      grep -q "listening on 127.0.0.1:$port\$" "$T/$name.log" && return 0
      sleep 0.1
    done
    grep -q "address already in use" "$T/$name.log" || break
  done
  echo "tiepdand $name did not start:" >&2
  cat "$T/$name.log" >&2
  return 1
}

start_server a
start_server b
pass "two servers on one database: a on $PORT_a, b on $PORT_b"

# Each server takes submissions for the whole time: a from Bình Lư's
# reception, b from Bản Bo's, so both have open petitions to summarise.
load() {
  "$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$2" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/$1.crt" --key "$TD_PKI/$1.key" --conns 2 --rate 20 \
    --warmup 0 --duration "$SECONDS_UP" --acked "$T/acked_$1" >"$T/load_$1" 2>&1
}
load hoa "$PORT_a" &
load_a=$!
load lan "$PORT_b" &
load_b=$!
rc_a=0 rc_b=0
wait "$load_a" || rc_a=$?
wait "$load_b" || rc_b=$?
expect_eq "the submissions to server a ended well" "$rc_a" 0
expect_eq "the submissions to server b ended well" "$rc_b" 0
sleep 1.5 # The last periods.

# 5. Whichever server a client reaches, the same rules: a revocation made
# through a holds on b, and holidays loaded through a move the deadlines b
# computes.
on() {
  local port=$1 who=$2
  shift 2
  "$TD_BUILD/tiepdan" --server "127.0.0.1:$port" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/$who.crt" --key "$TD_PKI/$who.key" --timeout 20 "$@"
}
run_cmd out rc on "$PORT_b" muongnhe whoami
expect_eq "before: Mường Nhé's officer is served by b" "$rc" 0
nhe=$(sql "SELECT id FROM principals WHERE name = 'Lò Văn Nhé'")
run_cmd out rc on "$PORT_a" admin_vn admin principal revoke "$nhe"
expect_contains "revoked through a" "$out" "revoked"
for ((i = 0; i < 40; i++)); do
  run_cmd out rc on "$PORT_b" muongnhe whoami
  ((rc != 0)) && break
  sleep 0.1
done
expect_contains "... and b refuses him within $((i / 10)).$((i % 10)) s" "$out" "UNAUTHENTICATED"

# A denunciation is accepted within 7 working days (deadline_rules).
deadline_via() {
  local id
  id=$(on "$1" hoa --format json submit --channel regular_reception --kind denunciation \
    --summary "Đơn so hạn giữa hai máy chủ" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
  sql "SELECT deadline FROM petitions WHERE id = ${id:-0}"
}
before=$(deadline_via "$PORT_b")
# A day off two working days from now: inside any deadline's window.
day=$(sql "SELECT d::date FROM generate_series(current_date + 2, current_date + 9, '1 day') d
           WHERE extract(isodow FROM d) < 6
             AND d::date NOT IN (SELECT day FROM public_holidays) LIMIT 1")
year=${day%%-*}
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = $year ORDER BY day" >"$T/holidays.csv"
echo "$day,Ngày nghỉ thêm để thử" >>"$T/holidays.csv"
run_cmd out rc on "$PORT_a" admin_vn admin holidays load "$year" "$T/holidays.csv"
expect_eq "holidays of $year loaded through a, with $day off" "$rc" 0
after_b=$(deadline_via "$PORT_b")
after_a=$(deadline_via "$PORT_a")
[[ $after_b > $before ]] && pass "b's next deadline moves past the new day off: $before -> $after_b" ||
  fail "b computed a deadline without the new day off" "before $before, after $after_b"
expect_eq "a and b compute the same deadline" "$after_b" "$after_a"

kill -TERM "$PID_a" "$PID_b"
wait "$PID_a" "$PID_b" 2>/dev/null || true

acked=$(cat "$T/acked_hoa" "$T/acked_lan" | wc -l)
stored=$(sql "SELECT count(*) FROM petitions WHERE summary <> 'Đơn so hạn giữa hai máy chủ'")
((acked > 0)) && pass "petitions acknowledged: $acked" || fail "nothing acknowledged"
expect_eq "every acknowledged petition is stored, once" "$stored" "$acked"

# 1. No period of any job ran twice.
twice=$(sql "SELECT count(*) FROM (SELECT job, slot FROM job_runs
             GROUP BY job, slot HAVING count(*) > 1) d")
expect_eq "no period of a job ran twice (job_runs)" "$twice" 0

# 2. The fold: about every period of the minute ran, by one server or the
# other; each server tried every period.
folds=$(sql "SELECT count(*) FROM job_runs WHERE job = 'fold'")
periods=$(sql "SELECT max(slot) - min(slot) + 1 FROM job_runs WHERE job = 'fold'")
((periods >= SECONDS_UP * 5 && folds >= periods * 8 / 10)) &&
  pass "the fold ran $folds times in the $periods periods of 200 ms the servers were up" ||
  fail "the fold ran $folds times in the $periods periods of 200 ms the servers were up"
ran_a=$(sed -n 's/.*statistics fold: \([0-9]*\) of the \([0-9]*\) period.*/\1/p' "$T/a.log")
ran_b=$(sed -n 's/.*statistics fold: \([0-9]*\) of the \([0-9]*\) period.*/\1/p' "$T/b.log")
tried_a=$(sed -n 's/.*statistics fold: \([0-9]*\) of the \([0-9]*\) period.*/\2/p' "$T/a.log")
tried_b=$(sed -n 's/.*statistics fold: \([0-9]*\) of the \([0-9]*\) period.*/\2/p' "$T/b.log")
echo "     server a folded $ran_a of the $tried_a periods it tried, b $ran_b of $tried_b"
# A fold in flight when a server stops is recorded, but its reply is lost
# with the pool: at most one a server.
((folds >= ran_a + ran_b && folds <= ran_a + ran_b + 2)) &&
  pass "the folds the servers say they ran are those recorded ($((ran_a + ran_b)) of $folds)" ||
  fail "the folds the servers say they ran are not those recorded" "logged $((ran_a + ran_b)), recorded $folds"
((tried_a >= periods * 8 / 10 && tried_b >= periods * 8 / 10)) &&
  pass "both servers tried every period" ||
  fail "both servers tried every period" "a: $tried_a, b: $tried_b of about $periods"
by=$(sql "SELECT count(DISTINCT server) FROM job_runs WHERE job = 'fold'")
((by >= 1)) && pass "folds recorded by $by server(s)" || fail "no fold recorded"

# 3. The summary: once a second, its lines in one log or the other, never
# both: the lines logged are the lines recorded.
summaries=$(sql "SELECT count(*) FROM job_runs WHERE job = 'summary'")
recorded=$(sql "SELECT coalesce(sum(moved), 0) FROM job_runs WHERE job = 'summary'")
logged=$(cat "$T/a.log" "$T/b.log" | grep -c 'summary day=' || true)
seconds=$(sql "SELECT max(slot) - min(slot) + 1 FROM job_runs WHERE job = 'summary'")
((seconds >= SECONDS_UP && summaries >= seconds * 8 / 10)) &&
  pass "the summary ran $summaries times in the $seconds s the servers were up" ||
  fail "the summary ran $summaries times in the $seconds s the servers were up"
expect_eq "the summary lines logged by both servers are those recorded" "$logged" "$recorded"
# Each run gives each commune with open petitions one line (the first runs
# may come before the load): both communes in every run that gave two.
both=$(sql "SELECT count(*) FROM job_runs WHERE job = 'summary' AND moved = 2")
for unit in 03390 03405; do
  lines=$(cat "$T/a.log" "$T/b.log" | grep -c "summary day=.* unit=$unit " || true)
  ((both > 0 && lines >= both && lines <= summaries)) &&
    pass "commune $unit: one summary line a run ($lines in $summaries runs)" ||
    fail "commune $unit: $lines summary lines in $summaries runs"
done

# 4. The statistics, folded by two servers, equal a recount.
expect_eq "statistics cells equal a recount" "$(recount_diff)" 0
expect_eq "the province rollup equals a recount" "$(rollup_diff)" 0

td_done
