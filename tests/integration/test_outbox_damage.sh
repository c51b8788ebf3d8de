#!/usr/bin/env bash
# A damaged outbox (issue 13, "Tests"): an outbox file cut short (to half
# its size, and to nothing) or overwritten in the middle (dd) is detected by
# the next command, which says so on standard error naming the copy it kept
# aside (outbox-*.db.damaged-*, the same bytes as the damaged file); the
# client does not crash, nor start a new, empty outbox without saying so,
# and afterwards works with a new outbox: what is typed is kept and sent.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

ob() { outbox_of hoa; }
asides() { find "$TIEPDAN_OUTBOX" -name 'outbox-*.db.damaged-*' ! -name '*-wal' ! -name '*-shm' | sort; }
count() { sql "SELECT count(*) FROM petitions WHERE summary LIKE '$1%'"; }

# keep N WHAT: N petitions typed while the server is down, kept.
keep() {
  local i
  for ((i = 1; i <= $1; i++)); do
    cli hoa submit --retries 0 --kind recommendation --channel regular_reception \
      --summary "$2 $i: $(printf 'Đường nội đồng bản Pá Khoang bị sạt lở %.0s' {1..20})" \
      >/dev/null 2>&1
  done
}

# damaged CASE CMD...: runs the command the officer runs next on the
# damaged outbox ($T/damaged.db holds its bytes) and checks what follows.
damaged() {
  local what=$1 rc=0 kept
  shift
  "$@" >"$T/stdout" 2>"$T/stderr" || rc=$?
  expect_eq "$what: the command ends normally, no crash (exit $rc)" "$((rc < 64))" 1
  expect_contains "$what: standard error says the outbox was damaged" \
    "$(cat "$T/stderr")" "the outbox was damaged"
  expect_contains "$what: and that a new, empty outbox is used" \
    "$(cat "$T/stderr")" "a new, empty outbox is used"
  kept=$(grep -o "$TIEPDAN_OUTBOX/outbox-[0-9a-f]*\.db\.damaged-[0-9-]*" "$T/stderr" | head -1 || true)
  expect_contains "$what: standard error names the copy kept aside" "$kept" ".db.damaged-"
  if [[ -n $kept && -f $kept ]]; then
    expect_eq "$what: the copy kept aside holds the damaged file's bytes" \
      "$(cmp "$kept" "$T/damaged.db" 2>&1 && echo same)" same
  else
    fail "$what: the copy kept aside exists" "not found: ${kept:-nothing named}"
  fi
  expect_eq "$what: the copy is its owner's only" "$(stat -c %a "$kept" 2>/dev/null)" 600
  expect_eq "$what: a new outbox file is in its place" "$(sqlite3 "$(ob)" 'PRAGMA quick_check')" ok
  # Said once: the next command finds the new outbox sound.
  run_cmd out rc cli hoa outbox
  expect_eq "$what: the next command: exit 0" "$rc" 0
  expect_not_contains "$what: the next command does not report damage again" "$out" "damaged"
}

# An outbox with entries waiting: the workstation leased numbers online,
# then the link went down and citizens were received.
cli hoa submit --kind feedback --channel regular_reception --summary "Trước khi hỏng" >/dev/null
td_server_stop
keep 6 "Chờ gửi (cắt ngắn)"
f=$(ob)
expect_eq "the premise: 6 entries wait in a sound outbox" \
  "$(sqlite3 "$f" 'SELECT count(*) FROM entries')|$(sqlite3 "$f" 'PRAGMA quick_check')" "6|ok"

# 1. Cut short: half the file is gone (a full disk, a copy broken off).
size=$(stat -c %s "$f")
truncate -s $((size / 2)) "$f"
cp "$f" "$T/damaged.db"
damaged "cut to half" cli hoa outbox
expect_eq "cut to half: one copy kept aside" "$(asides | wc -l)" 1

# 2. Cut to nothing: the file is there, empty (a crash of the file system).
keep 3 "Chờ gửi (rỗng)"
f=$(ob)
expect_eq "the premise: 3 entries wait again" "$(sqlite3 "$f" 'SELECT count(*) FROM entries')" 3
truncate -s 0 "$f"
cp "$f" "$T/damaged.db"
damaged "cut to nothing" cli hoa outbox
expect_eq "cut to nothing: its copy kept aside too, the first one still there" "$(asides | wc -l)" 2

# 3. Overwritten in the middle: 4096 bytes of 0xff written over the middle
# of the file with dd, so at least one page loses its header. No page of
# the file is free (nothing was deleted since the file was made), so the
# page hit is one of the database's.
keep 12 "Chờ gửi (ghi đè)"
f=$(ob)
expect_eq "the premise: 12 entries wait, no free page in the file" \
  "$(sqlite3 "$f" 'SELECT count(*) FROM entries')|$(sqlite3 "$f" 'PRAGMA freelist_count')" "12|0"
head -c 4096 /dev/zero | tr '\0' '\377' >"$T/ff"
size=$(stat -c %s "$f")
dd if="$T/ff" of="$f" bs=1 seek=$((size / 2 - 2048)) count=4096 conv=notrunc status=none
expect_eq "the file keeps its size" "$(stat -c %s "$f")" "$size"
cp "$f" "$T/damaged.db"
# The next command is a submit, with the link back: it reports the damage,
# then records the petition and leaves nothing waiting.
td_server_start
damaged "overwritten" cli hoa submit --kind complaint --channel regular_reception \
  --field land --summary "Sau khi hỏng: khiếu nại về cấp giấy chứng nhận"
expect_contains "overwritten: the submit went on and was recorded" "$(cat "$T/stdout")" "Receipt number"
expect_eq "overwritten: three copies kept aside, none overwritten" "$(asides | wc -l)" 3

# 4. Two damaged outboxes found in the same second: the copies are named
# by the second they were found in, and the second one must not overwrite
# the first. The client's clock is frozen with faketime for this (not on
# the sanitizer build, whose runtime and libfaketime both hook the clock
# early: see test_calendar_years.sh).
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [[ -f $FAKETIME_LIB ]] && ! grep -q __asan_init "$TD_BUILD/tiepdan"; then
  frozen() {
    TZ=Asia/Ho_Chi_Minh FAKETIME="2026-12-10 09:00:00" FAKETIME_DONT_FAKE_MONOTONIC=1 \
      LD_PRELOAD=$FAKETIME_LIB "$@"
  }
  for k in 1 2; do
    printf 'Hộp thư đi hỏng lần %s\n' "$k" >"$(ob)"
    run_cmd out rc frozen cli hoa outbox
    expect_contains "same second, time $k: reported" "$out" "the outbox was damaged"
  done
  expect_eq "same second: both copies kept, each with its own bytes" \
    "$(asides | grep -- '-20261210-090000' | xargs cat | sort | tr '\n' ' ')" \
    "Hộp thư đi hỏng lần 1 Hộp thư đi hỏng lần 2 "
else
  echo "skipped the same-second case: it needs libfaketime and a build without the sanitizer"
fi

# Afterwards the new outbox works: kept offline, sent when the link is back.
td_server_stop
run_cmd out rc cli hoa submit --retries 0 --kind request --channel regular_reception \
  --summary "Sau khi hỏng: đề nghị xác nhận hộ nghèo"
expect_eq "the new outbox keeps an offline submit: exit 0" "$rc" 0
expect_contains "the new outbox keeps an offline submit" "$out" "Not sent yet"
td_server_start
run_cmd out rc cli hoa outbox send --wait
expect_eq "outbox send: exit 0" "$rc" 0
expect_eq "both petitions typed after the damage arrived, once each" \
  "$(count "Sau khi hỏng: khiếu nại")|$(count "Sau khi hỏng: đề nghị")" "1|1"
run_cmd out rc cli hoa outbox
expect_contains "the new outbox is empty" "$out" "The outbox is empty"
# What the damaged files held never reached the server by itself: the kept
# copies are for the technician.
expect_eq "nothing of the damaged outboxes was sent" "$(count "Chờ gửi")" 0

td_done
