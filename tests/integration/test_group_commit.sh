#!/usr/bin/env bash
# Group commit (issue 15): submissions that arrive together are written in
# one transaction, and each is answered as if it had been alone. While the
# receipt counters are held by another session, one connection pipelines
# thirty submissions, good and bad, a retry of a key and a key reused for
# other content; when the counters are free again every good one is stored
# once with a gapless number, every bad one is refused with its own code
# and changes nothing, and the statistics equal a recount. Then a batch
# whose one submission makes the statement fail (a trigger the test adds)
# is written again one at a time: the others are stored.
. "$(dirname "$0")/lib.sh"
export TIEPDAN_LANG=en
td_test_db
td_server_start

year=$(TZ=Asia/Ho_Chi_Minh date +%Y)
count() { sql "SELECT count(*) FROM petitions"; }

# A first petition, so the commune's counter exists.
probe hoa submit "$(uuid)" "" request digital "" "Đơn đầu tiên" expect >"$T/first.out"
expect_contains "the first submission is stored" "$(cat "$T/first.out")" "receipt=BL-$year-000001"

# counters_locked: waits until the locker holds receipt_counters (polling,
# not a fixed sleep a busy machine can outrun).
counters_locked() {
  local _
  for _ in $(seq 100); do
    [[ $(sql "SELECT count(*) FROM pg_locks WHERE relation = 'receipt_counters'::regclass
               AND mode = 'ExclusiveLock' AND granted") -ge 1 ]] && return 0
    sleep 0.05
  done
}

# The counters are held for three seconds: every batch waits at its
# numbering, and what arrives meanwhile queues behind it.
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -c "BEGIN; LOCK TABLE receipt_counters IN EXCLUSIVE MODE;
  SELECT pg_sleep(3); COMMIT;" >/dev/null 2>&1 &
locker=$!
counters_locked

retry=$(uuid)
conflict=$(uuid)
args=()
for i in $(seq 1 24); do
  args+=(submit "$(uuid)" "" complaint regular_reception land "Khiếu nại số $i về ranh giới đất")
done
# A unit that does not exist, a number never leased, a retry and a reuse.
args+=(submit "$(uuid)" "99999" complaint regular_reception land "Đơn gửi xã không có")
args+=(set receipt_no "BL-$year-000777" set workstation "$(uuid)"
  submit "$(uuid)" "" complaint regular_reception land "Số biên nhận chưa được cấp")
args+=(submit "$retry" "" request digital "" "Gửi hai lần trong một lô")
args+=(submit "$retry" "" request digital "" "Gửi hai lần trong một lô")
args+=(submit "$conflict" "" request digital "" "Nội dung thứ nhất")
args+=(submit "$conflict" "" request digital "" "Nội dung khác hẳn")
for _ in $(seq 1 30); do args+=(expect); done
probe hoa --timeout-ms 20000 "${args[@]}" >"$T/batch.out"
wait "$locker"
out=$(cat "$T/batch.out")

expect_eq "all thirty are answered" "$(grep -c '^reply\|^error' "$T/batch.out")" 30
expect_eq "the 24 good ones and the first of the retry and of the reuse are stored" "$(grep -c 'submit_reply.*duplicate=0' "$T/batch.out")" 26
expect_eq "the retry is answered as a duplicate" "$(grep -c 'submit_reply.*duplicate=1' "$T/batch.out")" 1
expect_eq "the retry got the first attempt's receipt" \
  "$(grep 'duplicate=1' "$T/batch.out" | grep -o 'receipt=[^ ]*')" \
  "receipt=$(sql "SELECT receipt_no FROM petitions WHERE idempotency_key = '$retry'")"
expect_contains "the unknown unit is refused" "$out" "field=unit_code msg=unit_code: there is no commune 99999"
expect_eq "the key reused for other content is refused" "$(grep -c 'code=CONFLICT' "$T/batch.out")" 1
expect_eq "the number never leased is refused" \
  "$(grep -c 'receipt_no' <<<"$(grep '^error' "$T/batch.out")")" 1
expect_eq "27 petitions in all" "$(count)" 27
expect_eq "no key twice" "$(sql "SELECT count(DISTINCT idempotency_key) FROM petitions")" 27
expect_eq "receipt numbers 1 to 27, no gap" \
  "$(sql "SELECT min(right(receipt_no, 6)::int) || '-' || max(right(receipt_no, 6)::int)
            || ':' || count(DISTINCT receipt_no) FROM petitions")" "1-27:27"
expect_eq "the counter is at 27" "$(sql "SELECT last_no FROM receipt_counters")" 27
expect_eq "one submission event per petition" "$(sql "SELECT count(*) FROM petition_events WHERE action = 'submit'")" 27
expect_eq "each event sealed in its petition's chain" "$(sql "SELECT count(*) FROM petition_event_chain")" 27
expect_eq "statistics cells equal a recount" "$(recount_diff)" 0
expect_eq "province rollup equals a recount" "$(rollup_diff)" 0

# A submission that makes the whole statement fail: its batch is written
# again one submission at a time, and only it fails.
sql "CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
  IF NEW.summary = 'Đơn gây lỗi' THEN RAISE EXCEPTION 'poisoned'; END IF;
  RETURN NEW;
END \$\$;
CREATE TRIGGER test_poison BEFORE INSERT ON petitions FOR EACH ROW EXECUTE FUNCTION test_poison();" >/dev/null
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -c "BEGIN; LOCK TABLE receipt_counters IN EXCLUSIVE MODE;
  SELECT pg_sleep(2); COMMIT;" >/dev/null 2>&1 &
locker=$!
counters_locked
args=()
for i in $(seq 1 5); do args+=(submit "$(uuid)" "" request digital "" "Kiến nghị lô hai số $i"); done
args+=(submit "$(uuid)" "" request digital "" "Đơn gây lỗi")
for i in $(seq 6 10); do args+=(submit "$(uuid)" "" request digital "" "Kiến nghị lô hai số $i"); done
for _ in $(seq 1 11); do args+=(expect); done
probe hoa --timeout-ms 20000 "${args[@]}" >"$T/poison.out"
wait "$locker"
expect_eq "the ten good ones are stored" "$(grep -c 'submit_reply.*duplicate=0' "$T/poison.out")" 10
expect_eq "the poisoned one fails alone, as retryable or internal" "$(grep -c '^error' "$T/poison.out")" 1
expect_eq "37 petitions" "$(count)" 37
expect_eq "receipt numbers still gapless" \
  "$(sql "SELECT min(right(receipt_no, 6)::int) || '-' || max(right(receipt_no, 6)::int)
            || ':' || count(DISTINCT receipt_no) FROM petitions")" "1-37:37"
expect_eq "statistics cells still equal a recount" "$(recount_diff)" 0

td_server_stop
expect_eq "server exits 0" "$TD_SERVER_RC" 0
line=$(grep 'submissions:' "$T/server.log" | tail -1)
largest=$(sed -E 's/.*the largest ([0-9]+).*/\1/' <<<"$line")
# The first two batches leave with what the first reads brought; the
# rest wait for one of them and go together.
expect_eq "batches formed: the largest held at least 10 submissions" "$((largest >= 10))" 1
alone=$(sed -E 's/.*; ([0-9]+) written alone.*/\1/' <<<"$line")
expect_eq "the failed batch, of several, was written one at a time" "$((alone >= 2))" 1
td_done
