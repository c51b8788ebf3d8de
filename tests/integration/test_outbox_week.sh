#!/usr/bin/env bash
# A week offline (issue 13, "Tests"): the reception desk of xã Bình Lư
# leases receipt numbers while online, then the link goes down for seven
# days. Day after day the officer receives citizens, each handed a receipt
# number printed offline, and takes petitions received offline through
# their steps (accept, note, start, resolve), naming them by that receipt
# number: 500 entries wait in the outbox. The link comes back and
# `tiepdan outbox send --wait` sends them. Checked in SQL: every entry
# arrived once (no second petition, no second event), in the order it was
# typed on each petition, each petition under the number printed for the
# citizen, received at the counter time typed offline, its deadline
# counted from that time (as an online submit with the same --received
# gets it), and each acceptance and resolution at the time it was typed.
# A second PC, its clock two hours fast, has its petition flagged and
# corrected.
#
# The clocks. The week is the one after the machine's today (the Monday
# after it to the Sunday). The officer's PC runs under faketime, frozen at
# each command's minute of that week, so the counter time of each petition
# is known to the second. The server runs under faketime too, its clock
# running from the morning of the Monday after, when the link is back, and
# the PC sends on that same morning by its own (faked) clock: both clocks
# agree, so the server trusts the counter times and flags nothing. That is
# the week as it happens in the commune. Sending on the machine's real
# clock instead would not work: the counter times would be in the future
# of both clocks and be refused (or, with only the server's clock moved,
# the PC's clock would look twelve days slow, every petition be flagged
# and its time "corrected" into the future, and refused). The wrong clock
# is tested apart, on its own PC (a second certificate of the same
# commune), still two hours fast when it sends: flagged, with the claim
# kept.
#
# The database's own clock (now(): when a lease or an event was recorded)
# is the suite's cluster's, the real one, which faketime cannot move; the
# test's days are after it, so a number used offline is never "before its
# lease". The suite's certificates are valid for a year from the day
# tests/run.sh made them; the test makes a PKI of its own, dated
# 1 September 2026 and valid 9000 days, as test_calendar_years.sh does.
#
# WEEK_PER_DAY (default 30) petitions a day; the other entries are steps
# and notes, 500 in all with the default.
. "$(dirname "$0")/lib.sh"
td_test_db

# libfaketime and the sanitizer runtime both hook the clock early (see
# test_calendar_years.sh): the moved clocks are tested on the -Werror build.
td_need_faketime --not-asan

# The test's PKI, valid from 1 September 2026 for 9000 days, and its
# principals in the test's database.
pki=$T/pki
at "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" init "$pki" \
  --name "tiepdan week test CA" --days 9000 >/dev/null
issue() { at "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" issue "$pki" "$@" --days 9000 >/dev/null; }
issue "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception
issue "Đỗ Văn Lệch" --out skewed --unit 03390 --role reception
register() {
  "$TD_BUILD/tiepdand" --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")" \
    --add-principal "$pki/$1.crt" --role "$2" --unit "$3" >/dev/null
}
register hoa reception 03390
register skewed reception 03390
export TD_PKI=$pki

# The workstation keeps 300 numbers leased (the default is 100).
printf 'offline_receipts = 300\n' >"$T/client.conf"
export TIEPDAN_CONFIG=$T/client.conf

# start_at WHEN: td_server_start with its clock running from WHEN.
start_at() {
  local when=$1 try
  for try in 1 2 3; do
    at "$when" td_server_start && return 0
    kill -9 "$TD_SERVER_PID" 2>/dev/null || true
    wait "$TD_SERVER_PID" 2>/dev/null || true
    echo "tiepdand under faketime did not start (try $try)" >&2
    : >"$T/server.log"
  done
  return 1
}
vn() { sql "SELECT to_char(($1) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS')"; }

# The week: from the Monday after today (the machine's date). The database
# stamps a lease with its own, real clock, and a number handed out before
# its lease is refused, so the week must come after the real today.
# WEEK_FROM=YYYY-MM-DD starts it on another day after today (a week across
# the new year: WEEK_FROM=2026-12-28).
days=()
for d in 0 1 2 3 4 5 6; do
  days+=("$(date -d "${WEEK_FROM:-$(date -d 'next monday' +%F)} + $d days" +%F)")
done
back=$(date -d "${days[0]} + 7 days" +%F)  # the Monday after: the link is back
tuesday=$(date -d "${days[0]} + 8 days" +%F) # the Tuesday after: the fast PC
year0=${days[0]%%-*}

# Online, on the first Monday: one petition sent at once, which leases the
# workstation its block of numbers.
start_at "${days[0]} 07:30:00"
run_cmd out rc frozen "${days[0]} 07:31:00" cli hoa submit --kind feedback \
  --channel regular_reception --summary "Phản ánh trước khi mất mạng"
expect_eq "online on the first morning: exit 0" "$rc" 0
expect_eq "the workstation leased 300 numbers of $year0" \
  "$(sql "SELECT sum(last_no - first_no + 1) FROM receipt_leases WHERE year = $year0")" 300
lease_first=$(sql "SELECT min(first_no) FROM receipt_leases WHERE year = $year0")
td_server_stop

# The week offline ----------------------------------------------------------
# Each line of $T/typed is what the terminal printed for one entry:
#   seq|day time|op|receipt number|exit status
per_day=${WEEK_PER_DAY:-30}
declare -a no_of          # petition index -> receipt number printed
declare -a day_of         # petition index -> day it was received
n_entries=0 n_sub=0 n_bad=0
: >"$T/typed"
clock_h=7 clock_m=30
tick() {
  clock_m=$((clock_m + 1))
  if ((clock_m == 60)); then
    clock_m=0
    clock_h=$((clock_h + 1))
  fi
  printf -v when '%s %02d:%02d:00' "$day" "$clock_h" "$clock_m"
}
# typed OP REF ARGS...: one step or note typed on the frozen clock.
typed() {
  local op=$1 ref=$2 o r=0
  shift 2
  tick
  # A note is sent once and takes no --retries.
  [[ $op == note ]] || set -- --retries 0 "$@"
  o=$(frozen "$when" cli hoa "$op" "$ref" "$@" 2>&1) || r=$?
  n_entries=$((n_entries + 1))
  ((r == 0)) && [[ $o == *"Not sent yet"* ]] || {
    n_bad=$((n_bad + 1))
    echo "$op $ref at $when: exit $r: $o" >>"$T/bad"
  }
  printf '%s|%s|%s|%s\n' "$n_entries" "$when" "$op" "$ref" >>"$T/typed"
}
fields=(land social_policy economy rural_infrastructure electricity environment)
kinds=(complaint recommendation feedback request)
started=$SECONDS
for d in "${!days[@]}"; do
  day=${days[$d]} clock_h=7 clock_m=30
  # The day's citizens, each leaving with a receipt number.
  for ((k = 0; k < per_day; k++)); do
    i=$((d * per_day + k))
    tick
    r=0
    o=$(frozen "$when" cli hoa submit --retries 0 --kind "${kinds[i % 4]}" \
      --channel regular_reception --field "${fields[i % 6]}" \
      --name "Công dân số $i" --summary "Đơn số $i nhận ngày $day lúc $when" 2>&1) || r=$?
    no=$(grep -o 'BL-20[0-9][0-9]-[0-9]*' <<<"$o" | head -1 || true)
    n_entries=$((n_entries + 1))
    if ((r != 0)) || [[ -z $no || $o != *"Receipt number"* ]]; then
      n_bad=$((n_bad + 1))
      echo "submit $i at $when: exit $r: $o" >>"$T/bad"
    fi
    no_of[i]=$no day_of[i]=$day
    n_sub=$((n_sub + 1))
    printf '%s|%s|submit|%s\n' "$n_entries" "$when" "$no" >>"$T/typed"
    ((i > 0)) || printf '%s\n' "$o" >"$T/first_receipt.txt"
  done
  # In the afternoon, every third of the day's petitions is accepted and
  # gets a note; the ones accepted yesterday are started and resolved.
  clock_h=14 clock_m=0
  for ((k = 0; k < per_day; k += 3)); do
    i=$((d * per_day + k))
    typed accept "${no_of[i]}"
    typed note "${no_of[i]}" "Đã hẹn công dân ngày làm việc tiếp theo (đơn $i)"
  done
  if ((d > 0)); then
    for ((k = 0; k < per_day; k += 3)); do
      i=$(((d - 1) * per_day + k))
      typed start "${no_of[i]}"
      typed resolve "${no_of[i]}" --outcome answered_in_writing
    done
  fi
  # A note or two on petitions not accepted (ten in the week).
  for k in 1 4; do
    ((k < per_day)) && ((k == 1 || d < 3)) || continue
    typed note "${no_of[d * per_day + k]}" "Công dân bổ sung giấy tờ (đơn $((d * per_day + k)))"
  done
done
# The last day's accepted petitions are started and resolved on Sunday
# evening, to finish the week.
day=${days[6]} clock_h=18 clock_m=0
for ((k = 0; k < per_day; k += 3)); do
  i=$((6 * per_day + k))
  typed start "${no_of[i]}"
  typed resolve "${no_of[i]}" --outcome answered_in_writing
done
echo "typed $n_entries entries ($n_sub petitions) in $((SECONDS - started)) s"
expect_eq "every offline command kept its entry and said it was not sent yet" "$n_bad" 0
[[ -f $T/bad ]] && head -5 "$T/bad"
((per_day != 30)) || expect_eq "500 entries typed in the week" "$n_entries" 500
expect_eq "every petition was handed a distinct receipt number" \
  "$(printf '%s\n' "${no_of[@]}" | sort -u | grep -c BL-)" "$n_sub"
expect_eq "the numbers printed offline are the leased block's, in order" \
  "$(printf '%s\n' "${no_of[@]}" | head -1)" "$(printf 'BL-%s-%06d' "$year0" "$lease_first")"
run_cmd listing rc frozen "${days[6]} 19:00:00" cli hoa outbox
# None of the week's petitions names a secret: the notes typed on their
# numbers rest unsealed, so the officer can still read and export them.
expect_eq "no entry of the week is sealed" \
  "$(sqlite3 "$(outbox_of hoa)" 'SELECT count(*) FROM entries WHERE sealed = 1')" 0
# The same, as the officer's terminal shows it by default (Vietnamese).
listing_vi=$(TIEPDAN_LANG=vi frozen "${days[6]} 19:00:01" cli hoa outbox 2>&1 || true)
expect_eq "the outbox lists what waits: exit 0" "$rc" 0
expect_eq "$n_entries entries wait in the outbox" \
  "$(sqlite3 "$(outbox_of hoa)" 'SELECT count(*) FROM entries')" \
  "$n_entries"

# The link is back on Monday morning ---------------------------------------
start_at "$back 07:45:00"
started=$SECONDS
run_cmd sendout rc at "$back 07:45:30" cli hoa outbox send --wait
expect_eq "outbox send --wait: exit 0" "$rc" 0
echo "sent in $((SECONDS - started)) s"
run_cmd after rc at "$back 07:50:00" cli hoa outbox
expect_contains "the outbox is empty afterwards" "$after" "The outbox is empty"

# Checked in SQL ------------------------------------------------------------
offline="receipt_no IN (SELECT receipt_no FROM petitions WHERE lease_id IS NOT NULL)"
expect_eq "every petition typed offline arrived, once, under its printed number" \
  "$(sql "SELECT count(*), count(DISTINCT receipt_no), count(DISTINCT summary)
          FROM petitions WHERE lease_id IS NOT NULL")" "$n_sub|$n_sub|$n_sub"
# The receipt number of each petition is the one printed for the summary
# typed: rebuilt from the test's own record.
for i in "${!no_of[@]}"; do
  printf '%s\t%s\n' "${no_of[i]}" "$i"
done | sort >"$T/printed"
sql "SELECT receipt_no || E'\t' || substring(summary FROM 'Đơn số ([0-9]+) ')
     FROM petitions WHERE lease_id IS NOT NULL ORDER BY 1" | sort >"$T/stored"
expect_eq "each petition is stored under the number printed for it" \
  "$(diff "$T/printed" "$T/stored" | head -3)" ""
# Received at the counter time typed, Vietnam time, to the second.
grep '|submit|' "$T/typed" | awk -F'|' '{print $4 "\t" $2}' | sort >"$T/typed_at"
sql "SELECT receipt_no || E'\t' ||
            to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS')
     FROM petitions WHERE lease_id IS NOT NULL" | sort >"$T/stored_at"
expect_eq "each petition was received at the time typed offline" \
  "$(diff "$T/typed_at" "$T/stored_at" | head -3)" ""
expect_eq "no petition of the week is flagged: the clocks agreed" \
  "$(sql "SELECT count(*) FROM petitions WHERE lease_id IS NOT NULL AND
          (clock_suspect OR clock_skew IS NOT NULL)")" 0
# No second event: one submit event per petition, one event per step, and
# the steps' keys unique.
steps_typed=$(grep -c -v '|submit|' "$T/typed")
expect_eq "one event per entry: $n_sub submits and $steps_typed steps and notes" \
  "$(sql "SELECT count(*) FILTER (WHERE e.action = 'submit'),
                 count(*) FILTER (WHERE e.action <> 'submit')
          FROM petition_events e JOIN petitions p ON p.id = e.petition_id
          WHERE p.lease_id IS NOT NULL")" "$n_sub|$steps_typed"
expect_eq "no step recorded twice" \
  "$(sql "SELECT count(*) FROM (SELECT idempotency_key FROM petition_events
          WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d")" 0
# In the order typed, petition by petition: the events of each petition in
# their recording order are the ops typed on its number, in typing order.
awk -F'|' '{print $4 "\t" $3}' "$T/typed" | awk -F'\t' '
  { seq[$1] = seq[$1] (seq[$1] == "" ? "" : ",") $2 }
  END { for (k in seq) print k "\t" seq[k] }' | sort >"$T/order_typed"
sql "SELECT p.receipt_no || E'\t' ||
            string_agg(e.action::text, ',' ORDER BY e.seq)
     FROM petition_events e JOIN petitions p ON p.id = e.petition_id
     WHERE p.lease_id IS NOT NULL GROUP BY p.receipt_no" | sort >"$T/order_stored"
expect_eq "the events of each petition are in the order typed" \
  "$(diff "$T/order_typed" "$T/order_stored" | head -3)" ""
expect_eq "the accepted petitions are resolved, the others still received" \
  "$(sql "SELECT string_agg(status || ':' || n, ' ' ORDER BY status)
          FROM (SELECT status::text, count(*) n FROM petitions
                WHERE lease_id IS NOT NULL GROUP BY 1) s")" \
  "received:$((n_sub - 7 * ((per_day + 2) / 3))) resolved:$((7 * ((per_day + 2) / 3)))"
# Each resolution at the time it was typed (Transition.at from the
# offline clock: petitions.closed_at), not when the link came back; the
# events themselves are stamped by the database when recorded.
grep '|resolve|' "$T/typed" | awk -F'|' '{print $4 "\t" $2}' | sort >"$T/resolve_typed"
sql "SELECT receipt_no || E'\t' ||
            to_char(closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS')
     FROM petitions WHERE lease_id IS NOT NULL AND closed_at IS NOT NULL" | sort >"$T/resolve_stored"
expect_eq "each petition resolved offline was closed at the time typed" \
  "$(diff "$T/resolve_typed" "$T/resolve_stored" | head -3)" ""

# The deadline counts from the counter time: an online petition received at
# the same minutes (--received) on the same server gets the same deadline.
# One of each day, and of each kind.
same=0 checked=0
for d in 0 1 2 3 4 5 6; do
  for k in 1 2 4 5; do
    i=$((d * per_day + k))
    ((k < per_day)) || continue
    typed_at=$(sql "SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI')
                    FROM petitions WHERE receipt_no = '${no_of[i]}'")
    run_cmd o rc at "$back 08:00:00" cli hoa submit --kind "${kinds[i % 4]}" \
      --channel regular_reception --field "${fields[i % 6]}" --received "$typed_at" \
      --summary "Đối chứng của đơn số $i"
    if [[ $(sql "SELECT a.deadline = b.deadline AND a.deadline_start = b.deadline_start
                  AND a.deadline IS NOT NULL
                 FROM petitions a, petitions b
                 WHERE a.receipt_no = '${no_of[i]}' AND b.summary = 'Đối chứng của đơn số $i'") == t ]]; then
      same=$((same + 1))
    else
      echo "deadline of ${no_of[i]} differs: $(sql "SELECT receipt_no, received_at, deadline_start, deadline
        FROM petitions WHERE receipt_no = '${no_of[i]}' OR summary = 'Đối chứng của đơn số $i'")"
    fi
    checked=$((checked + 1))
  done
done
expect_eq "the accept deadline of offline petitions counts from the counter time ($checked compared)" \
  "$same" "$checked"
expect_eq "the deadline of those not accepted starts on the day received, not the day sent" \
  "$(sql "SELECT count(*) FROM petitions WHERE lease_id IS NOT NULL AND status = 'received'
          AND deadline_start IS DISTINCT FROM (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")" 0
# The acceptance typed offline is when the petition was accepted (the
# deadline of its resolution counts from it), not when the link came back.
grep '|accept|' "$T/typed" | awk -F'|' '{print $4 "\t" $2}' | sort >"$T/accept_typed"
sql "SELECT receipt_no || E'\t' ||
            to_char(accepted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS')
     FROM petitions WHERE lease_id IS NOT NULL AND accepted_at IS NOT NULL" | sort >"$T/accept_stored"
expect_eq "each petition accepted offline was accepted at the time typed" \
  "$(diff "$T/accept_typed" "$T/accept_stored" | head -3)" ""

# Sent twice: nothing new.
before="$(sql "SELECT count(*) FROM petitions")|$(sql "SELECT count(*) FROM petition_events")"
run_cmd o rc at "$back 08:30:00" cli hoa outbox send --wait
expect_eq "sending again adds nothing" \
  "$(sql "SELECT count(*) FROM petitions")|$(sql "SELECT count(*) FROM petition_events")" "$before"

# A PC whose clock is two hours fast ----------------------------------------
# It leases while online (on its wrong clock: the lease is the server's),
# receives a citizen offline at what it believes is 10:00, and sends when
# the link is back, still two hours fast.
td_server_stop
start_at "$tuesday 07:30:00"
run_cmd o rc at "$tuesday 09:30:00" cli skewed submit --kind feedback \
  --channel regular_reception --summary "Máy lệch giờ, khi còn mạng"
expect_eq "the fast PC online: exit 0" "$rc" 0
td_server_stop
run_cmd o rc frozen "$tuesday 10:00:00" cli skewed submit --retries 0 --kind complaint \
  --channel regular_reception --field land --summary "Máy lệch giờ, lúc mất mạng"
expect_contains "the fast PC offline: a receipt number" "$o" "Receipt number"
skew_no=$(grep -o 'BL-20[0-9][0-9]-[0-9]*' <<<"$o" | head -1)
# A denunciation received offline, and a note on its number: both sealed
# to the server (the note may name the denouncer).
run_cmd o rc frozen "$tuesday 10:01:00" cli skewed submit --retries 0 --kind denunciation \
  --channel regular_reception --name "Người Tố Cáo Giấu Tên" --summary "Tố cáo việc thu tiền trái phép"
secret_no=$(grep -o 'BL-20[0-9][0-9]-[0-9]*' <<<"$o" | head -1)
run_cmd o rc frozen "$tuesday 10:02:00" cli skewed note "$secret_no" "Người tố cáo hẹn nộp thêm chứng cứ"
expect_eq "the denunciation and its note rest sealed on the fast PC" \
  "$(sqlite3 "$(outbox_of skewed)" "SELECT group_concat(op || ':' || sealed, ',') FROM entries")" \
  "submit:0,submit:1,note:1"
start_at "$tuesday 08:05:00"
run_cmd o rc at "$tuesday 10:05:00" cli skewed outbox send --wait
expect_eq "the fast PC sends: exit 0" "$rc" 0
expect_eq "its petition is flagged, the skew about two hours (7200 s +- 60)" \
  "$(sql "SELECT clock_suspect, abs(clock_skew - 7200) <= 60 FROM petitions
          WHERE receipt_no = '$skew_no'")" "t|t"
expect_eq "the time it claimed is kept, the received time corrected by the skew" \
  "$(sql "SELECT to_char(received_at_claimed AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI:SS'),
                 received_at = received_at_claimed - clock_skew * interval '1 second'
          FROM petitions WHERE receipt_no = '$skew_no'")" "10:00:00|t"
expect_eq "the denunciation and its sealed note arrived" \
  "$(sql "SELECT count(*) FROM petition_events e JOIN petitions p ON p.id = e.petition_id
          WHERE p.receipt_no = '$secret_no' AND e.action IN ('submit', 'note')")" 2
# The skew is the two hours less the real time between the server's start
# and the send's (each clock runs on from its own start): 7200 s on an idle
# machine, a second or two less on a busy one (checked above, +- 60 s). What
# show prints is the stored skew in whole minutes, to the minute.
skew_min=$(sql "SELECT floor(abs(clock_skew) / 60)::int FROM petitions WHERE receipt_no = '$skew_no'")
run_cmd o rc at "$tuesday 10:06:00" cli skewed show "$skew_no"
expect_eq "show on the flagged petition: exit 0" "$rc" 0
expect_contains "show warns of the clock and gives what the PC claimed" "$o" \
  "Clock warning:  the sending computer's clock was $skew_min min fast: it said $tuesday 10:00, corrected"
run_cmd o rc at "$tuesday 10:06:00" cli skewed --lang vi show "$skew_no"
expect_contains "... in Vietnamese too" "$o" "Cảnh báo giờ:   đồng hồ máy gửi chạy nhanh $skew_min phút"

# What the officer's terminal showed, for the closing note ------------------
{
  echo "== Monday ${days[0]} 07:31, the link down: tiepdan submit ... (the first citizen)"
  sed 's/^/   /' "$T/first_receipt.txt"
  echo "== Sunday ${days[6]} 19:00: tiepdan outbox ($(grep -c '^ *[0-9]' <<<"$listing") entries; the first and the last)"
  head -4 <<<"$listing" | sed 's/^/   /'
  echo "   ..."
  tail -2 <<<"$listing" | sed 's/^/   /'
  echo "== the same in Vietnamese (the officer's default)"
  head -4 <<<"$listing_vi" | sed 's/^/   /'
  echo "== Monday $back 07:45, the link back: tiepdan outbox send --wait ($(grep -c '^sent: ' <<<"$sendout") lines \"sent:\")"
  head -6 <<<"$sendout" | sed 's/^/   /'
  echo "   ..."
  tail -3 <<<"$sendout" | sed 's/^/   /'
  echo "== tiepdan outbox"
  sed 's/^/   /' <<<"$after"
  echo "== in the database: the petitions of the week and their events"
  sql "SELECT count(*) || ' petitions, ' || count(DISTINCT receipt_no) || ' receipt numbers ('
              || min(receipt_no) || ' to ' || max(receipt_no) || '), '
              || (SELECT count(*) FROM petition_events e JOIN petitions q ON q.id = e.petition_id
                  WHERE q.lease_id IS NOT NULL AND q.created_by = p.created_by) || ' events'
       FROM petitions p WHERE lease_id IS NOT NULL AND summary LIKE 'Đơn số %'
       GROUP BY created_by" | sed 's/^/   /'
  echo "== the fast PC (two hours ahead): received_at_claimed, received_at, clock_skew, clock_suspect"
  sql "SELECT to_char(received_at_claimed AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS') || ' | ' ||
              to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS') || ' | ' ||
              clock_skew || ' | ' || clock_suspect
       FROM petitions WHERE receipt_no = '$skew_no'" | sed 's/^/   /'
} | tee "$T/summary.txt"

td_done
