#!/usr/bin/env bash
# The server's side of the offline outbox (issue 13): every write happens
# once however often it is sent (lifecycle steps and sessions carry their
# idempotency key), receipt numbers leased in blocks to a workstation and
# handed out offline, the workstation's clock checked and corrected, and
# requests sealed to the server's certificate.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# A line of probe's output, by request id.
line() { grep "id=$1 " <<<"$2" || true; }
# The value of NAME=... in a line.
field() { grep -o " $1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2; }
events() { sql "SELECT count(*) FROM petition_events WHERE petition_id = $1"; }
version() { sql "SELECT version FROM petitions WHERE id = $1"; }

# Exactly once: lifecycle steps ------------------------------------------------

out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại về ranh giới đất" expect)
expect_contains "a petition to work on" "$out" "submit_reply"
id=$(sql "SELECT max(id) FROM petitions")

# An accept sent, its reply lost, sent again: today's answer without a key
# would be CONFLICT (the version moved); with the key it is the first answer.
k=$(uuid)
out=$(probe hoa set key "$k" transition "$id" accept 1 expect \
  set key "$k" transition "$id" accept 1 expect)
first=$(line 1 "$out")
second=$(line 2 "$out")
expect_contains "keyed accept: applied" "$first" "status=accepted version=2"
expect_contains "keyed accept: first is no duplicate" "$first" "duplicate=0"
expect_contains "resent accept: success, not CONFLICT" "$second" "transition_reply status=accepted version=2"
expect_contains "resent accept: marked duplicate" "$second" "duplicate=1"
expect_eq "resent accept: the same event" "$(field seq "$second")" "$(field seq "$first")"
expect_eq "resent accept: one accept event" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id AND action = 'accept'")" 1
expect_eq "resent accept: no second version bump" "$(version "$id")" 2
expect_eq "the key is recorded with the event" \
  "$(sql "SELECT seq FROM petition_events WHERE idempotency_key = '$k'")" "$(field seq "$first")"

# On another connection, later, after the petition moved on: still the first
# answer, and nothing changes.
out=$(probe hoa transition "$id" start 2 expect)
expect_contains "the petition moves on (start)" "$out" "status=in_progress version=3"
before=$(events "$id")
out=$(probe hoa set key "$k" transition "$id" accept 1 expect)
expect_contains "resent on a new connection after a later step: the first event" "$out" "duplicate=1"
expect_eq "... its seq" "$(field seq "$out")" "$(field seq "$first")"
expect_eq "... no event added" "$(events "$id")" "$before"
expect_eq "... the version stays" "$(version "$id")" 3

# The same key with another request is a mistake: refused, nothing changes.
out=$(probe hoa set key "$k" transition "$id" extend 3 "Gia hạn" expect)
expect_contains "same key, other step: CONFLICT" "$out" "code=CONFLICT"
expect_contains "... on idempotency_key" "$out" "field=idempotency_key"
expect_contains "... saying why" "$out" "already used for a different step"
expect_eq "... nothing recorded" "$(events "$id")" "$before"
expect_eq "... the version stays" "$(version "$id")" 3
out=$(probe hoa set key "not-a-uuid" transition "$id" note 0 "Ghi chú" expect)
expect_contains "a key that is not a UUID is refused" "$out" "field=idempotency_key"

# Notes never bump the version: a resent note must still be recorded once.
kn=$(uuid)
out=$(probe hoa set key "$kn" transition "$id" note 0 "Đã liên hệ công dân" expect \
  set key "$kn" transition "$id" note 0 "Đã liên hệ công dân" expect)
expect_eq "resent note: both answered" "$(grep -c transition_reply <<<"$out")" 2
expect_contains "resent note: the second is the first" "$(line 2 "$out")" "duplicate=1"
expect_eq "resent note: one note event" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id AND action = 'note'")" 1

# A resolve of an accepted petition records two events; the key is on the
# last, and a resend records neither again.
out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại thứ hai" expect)
id2=$(sql "SELECT max(id) FROM petitions")
probe hoa transition "$id2" accept 1 expect >/dev/null
kr=$(uuid)
out=$(probe hoa set key "$kr" transition "$id2" resolve 2 "Đã trả lời bằng văn bản" expect \
  set key "$kr" transition "$id2" resolve 2 "Đã trả lời bằng văn bản" expect)
expect_contains "resolve from accepted: applied" "$(line 1 "$out")" "status=resolved version=3"
expect_contains "resolve resent: the first answer" "$(line 2 "$out")" "status=resolved version=3"
expect_eq "resolve resent: start and resolve once each" \
  "$(sql "SELECT string_agg(action, ',' ORDER BY seq) FROM petition_events WHERE petition_id = $id2")" \
  "submit,accept,start,resolve"

# Copies of one step racing on several connections: one event.
out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Khiếu nại thứ ba" expect)
id3=$(sql "SELECT max(id) FROM petitions")
kc=$(uuid)
racers=()
for _ in 1 2 3 4 5; do
  probe hoa set key "$kc" transition "$id3" accept 1 expect >>"$T/race.out" 2>&1 &
  racers+=($!)
done
wait "${racers[@]}"
expect_eq "racing copies: every one succeeds" "$(grep -c 'transition_reply status=accepted version=2' "$T/race.out")" 5
expect_eq "racing copies: one accept" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $id3 AND action = 'accept'")" 1

# Without a key nothing changed: a resent step is a conflict, as before.
out=$(probe hoa transition "$id3" start 2 expect transition "$id3" start 2 expect)
expect_contains "unkeyed: first applied" "$(line 1 "$out")" "status=in_progress version=3"
expect_contains "unkeyed: resend is CONFLICT as before" "$(line 2 "$out")" "code=CONFLICT"

# Exactly once: sessions ---------------------------------------------------------

ks=$(uuid)
out=$(probe hoa set key "$ks" open-session dialogue expect set key "$ks" open-session dialogue expect)
sid=$(field session "$(line 1 "$out")")
expect_contains "keyed open: opened" "$(line 1 "$out")" "duplicate=0"
expect_eq "resent open: the same session" "$(field session "$(line 2 "$out")")" "$sid"
expect_contains "resent open: marked duplicate" "$(line 2 "$out")" "duplicate=1"
expect_eq "resent open: one session" "$(sql "SELECT count(*) FROM sessions WHERE idempotency_key = '$ks'")" 1
out=$(probe hoa set key "$ks" open-session voters_meeting expect)
expect_contains "same key, other opening: CONFLICT" "$out" "code=CONFLICT"
expect_eq "... no session added" "$(sql "SELECT count(*) FROM sessions")" 1

kx=$(uuid)
out=$(probe hoa set key "$kx" close-session "$sid" 40 9 5 4 expect set key "$kx" close-session "$sid" 40 9 5 4 expect)
expect_contains "keyed close: closed" "$(line 1 "$out")" "duplicate=0 closed=1"
expect_contains "resent close: success, not 'already closed'" "$(line 2 "$out")" "session_reply session=$sid duplicate=1 closed=1"
out=$(probe hoa set key "$kx" close-session "$sid" 41 9 5 4 expect)
expect_contains "same key, other counts: CONFLICT" "$out" "code=CONFLICT"
expect_eq "... the counts stay" "$(sql "SELECT attendees FROM sessions WHERE id = $sid")" 40
out=$(probe hoa close-session "$sid" 40 9 5 4 expect)
expect_contains "unkeyed close of a closed session: refused as before" "$out" "already closed"

# Leased receipt numbers ----------------------------------------------------------

year=$(TZ=Asia/Ho_Chi_Minh date +%Y)
month=$(TZ=Asia/Ho_Chi_Minh date +%m)
prefix=$(sql "SELECT coalesce(receipt_prefix, code) FROM units WHERE code = '03390' AND valid_to IS NULL")
counter() { sql "SELECT coalesce((SELECT last_no FROM receipt_counters c JOIN units u ON u.id = c.unit_id
                 WHERE u.code = '03390' AND u.valid_to IS NULL AND c.year = $year), 0)"; }
no() { printf '%s-%s-%06d' "$prefix" "$year" "$1"; }
petitions() { sql "SELECT count(*) FROM petitions"; }
ws=$(uuid)
c0=$(counter)
out=$(probe hoa lease "$ws" 5 "" expect)
expect_contains "a block of 5 is leased" "$out" "receipt_lease_reply"
expect_eq "... the first after the counter" "$(field first "$out")" "$(no $((c0 + 1)))"
expect_eq "... the last" "$(field last "$out")" "$(no $((c0 + 5)))"
expect_eq "the counter moved past the block" "$(counter)" $((c0 + 5))
expect_eq "the lease is recorded with its workstation" \
  "$(sql "SELECT first_no || '-' || last_no || ' ' || workstation FROM receipt_leases")" "$((c0 + 1))-$((c0 + 5)) $ws"
out=$(probe hoa submit "$(uuid)" "" complaint regular_reception land "Đơn nhận trực tuyến" expect)
expect_eq "a number the server gives next is past the block" "$(field receipt "$out")" "$(no $((c0 + 6)))"

# Offline, the workstation hands out its second number first.
kl=$(uuid)
n2=$(no $((c0 + 2)))
out=$(probe hoa set receipt_no "$n2" set workstation "$ws" submit "$kl" "" complaint regular_reception land "Đơn nhận khi mất mạng" expect)
expect_contains "a leased number is accepted" "$out" "submit_reply receipt=$n2 duplicate=0"
expect_eq "... stored under it, with its lease" \
  "$(sql "SELECT l.first_no FROM petitions p JOIN receipt_leases l ON l.id = p.lease_id WHERE p.receipt_no = '$n2'")" $((c0 + 1))
expect_eq "... the counter did not move" "$(counter)" $((c0 + 6))
out=$(probe hoa set receipt_no "$n2" set workstation "$ws" submit "$kl" "" complaint regular_reception land "Đơn nhận khi mất mạng" expect)
expect_contains "its resend returns the same row" "$out" "receipt=$n2 duplicate=1"
before=$(petitions)
out=$(probe hoa set receipt_no "$n2" set workstation "$ws" submit "$(uuid)" "" complaint regular_reception land "Một đơn khác" expect)
expect_contains "a used number with another key: CONFLICT" "$out" "code=CONFLICT retryable=0 field=receipt_no"
expect_contains "... saying so" "$out" "already given to another petition"
out=$(probe hoa set receipt_no "$(no $((c0 + 6)))" set workstation "$ws" submit "$(uuid)" "" complaint regular_reception land "Số ngoài lô" expect)
expect_contains "a number outside the block is refused" "$out" "field=receipt_no msg=receipt_no: $(no $((c0 + 6))) is not in a block of numbers leased to you"
out=$(probe hoa set receipt_no "$(no $((c0 + 3)))" set workstation "$(uuid)" submit "$(uuid)" "" complaint regular_reception land "Máy khác" expect)
expect_contains "another workstation's number is refused" "$out" "is not in a block of numbers leased to you"
out=$(probe leader set receipt_no "$(no $((c0 + 3)))" set workstation "$ws" submit "$(uuid)" "" complaint regular_reception land "Người khác" expect)
expect_contains "another officer's number is refused" "$out" "is not in a block of numbers leased to you"
out=$(probe hoa set receipt_no "$prefix-$year-12" set workstation "$ws" submit "$(uuid)" "" complaint regular_reception land "Sai dạng" expect)
expect_contains "a malformed number is refused" "$out" "field=receipt_no"
out=$(probe hoa set receipt_no "XX-$year-$(printf %06d $((c0 + 3)))" set workstation "$ws" submit "$(uuid)" "" complaint regular_reception land "Sai tiền tố" expect)
expect_contains "another commune's prefix is refused" "$out" "is not a receipt number of this commune"
out=$(probe hoa set receipt_no "$(no $((c0 + 3)))" submit "$(uuid)" "" complaint regular_reception land "Thiếu máy" expect)
expect_contains "a leased number without its workstation is refused" "$out" "field=workstation"
leased_at=$(sql "SELECT floor(extract(epoch FROM leased_at))::bigint FROM receipt_leases")
# A time the workstation's clock stamped (sent_at given) before its lease:
# the clock or the number is wrong. A time the officer typed may be older
# (a petition received days ago, entered now): see below.
out=$(probe hoa set receipt_no "$(no $((c0 + 3)))" set workstation "$ws" set received_at $((leased_at - 3600)) \
  set sent_at "$(date +%s)" submit "$(uuid)" "" complaint regular_reception land "Trước khi thuê" expect)
expect_contains "stamped before the lease: refused" "$out" "field=received_at msg=received_at: before the block"
expect_eq "none of the refusals stored anything" "$(petitions)" "$before"
expect_eq "... nor moved the counter" "$(counter)" $((c0 + 6))

out=$(probe leader lease "$(uuid)" 5 "" expect)
expect_contains "a leader may not lease" "$out" "code=PERMISSION_DENIED"
out=$(probe tinh lease "$(uuid)" 5 "" expect)
expect_contains "a dashboard may not lease" "$out" "code=PERMISSION_DENIED"
out=$(probe hoa lease "$(uuid)" 0 "" expect lease "$(uuid)" 1001 "" expect lease "nope" 5 "" expect lease "" 5 "" expect)
expect_eq "count 0 and 1001 are refused" "$(grep -c 'field=count' <<<"$out")" 2
expect_eq "a workstation that is not a UUID, or none, is refused" "$(grep -c 'field=workstation' <<<"$out")" 2
out=$(probe hoa lease "$(uuid)" 5 $((year - 1)) expect)
expect_contains "last year's numbers are refused" "$out" "field=year"
out=$(probe hoa lease "$(uuid)" 5 $((year + 1)) expect)
if [[ $month == 12 ]]; then
  expect_contains "in December, next year's block is leased" "$out" "first=$prefix-$((year + 1))-000001"
  # ... and is not for a citizen received this year.
  out=$(probe hoa set receipt_no "$prefix-$((year + 1))-000001" set workstation "$(sql "SELECT workstation FROM receipt_leases WHERE year = $((year + 1))")" \
    submit "$(uuid)" "" complaint regular_reception land "Số năm sau" expect)
  expect_contains "next year's number for a citizen received this year: refused" "$out" "is a number of another year"
else
  expect_contains "before December, next year's block is refused" "$out" "field=year"
fi
expect_eq "refused leases record nothing" "$(sql "SELECT count(*) FROM receipt_leases WHERE year = $year")" 1

out=$(probe admin leases 03390 "$year" expect)
expect_contains "an administrator lists the commune's leases" "$out" "leases=1 $(no $((c0 + 1)))-$(no $((c0 + 5))):used=1"
out=$(probe admin leases 03160 "" expect)
expect_contains "a commune outside the administrator's area: refused" "$out" "field=unit_code"
out=$(probe hoa leases "" "" expect)
expect_contains "reception may not list leases" "$out" "code=PERMISSION_DENIED"

# The clock guard -----------------------------------------------------------------

now=$(date +%s)
# The workstation's clock is an hour fast; it says the citizen came 10
# minutes ago by that clock.
kt=$(uuid)
out=$(probe hoa set sent_at $((now + 3600)) set received_at $((now + 3000)) \
  submit "$kt" "" complaint regular_reception land "Máy tính để sai giờ" expect)
expect_contains "a fast clock: recorded and flagged" "$out" "clock_suspect=1"
got=$(field received_at "$out")
expect_eq "... received_at corrected by the skew (10 minutes ago)" "$((got >= now - 610 && got <= now - 590))" 1
expect_eq "... the claim kept" "$(field claimed "$out")" $((now + 3000))
skew=$(field skew "$out")
expect_eq "... the skew kept (about an hour)" "$((skew >= 3590 && skew <= 3610))" 1
expect_eq "... flagged in the database" \
  "$(sql "SELECT clock_suspect, received_at_claimed = to_timestamp($((now + 3000))) FROM petitions WHERE idempotency_key = '$kt'")" "t|t"
expect_eq "... and in what show reads" \
  "$(sql "SELECT v.clock_suspect FROM td_petition_v v JOIN petitions p USING (id) WHERE p.idempotency_key = '$kt'")" t
# A retry minutes later measures another skew: still the same petition.
out=$(probe hoa set sent_at $((now + 3700)) set received_at $((now + 3000)) \
  submit "$kt" "" complaint regular_reception land "Máy tính để sai giờ" expect)
expect_contains "a retry with another sent_at is the same submission" "$out" "duplicate=1"
out=$(probe hoa set received_at $((now + 3000)) submit "$(uuid)" "" complaint regular_reception land "Không gửi giờ" expect)
expect_contains "without sent_at, a time in the future is refused as before" "$out" "field=received_at"
out=$(probe hoa set sent_at $((now + 60)) set received_at $((now - 100)) submit "$(uuid)" "" complaint regular_reception land "Giờ đúng" expect)
expect_contains "a clock a minute off is trusted" "$out" "clock_suspect=0"
expect_eq "... its time kept as claimed" "$(field received_at "$out")" $((now - 100))
out=$(probe hoa set sent_at $((now - 86400)) set received_at $((now - 86400 + 7200)) \
  submit "$(uuid)" "" complaint regular_reception land "Ngày sau" expect)
expect_contains "corrected into the future (2 hours ahead of its own clock): refused" "$out" "field=received_at"
before=$(petitions)
out=$(probe hoa set sent_at -5 submit "$(uuid)" "" complaint regular_reception land "Giờ âm" expect)
expect_contains "a negative sent_at is refused" "$out" "field=sent_at"
# A clock that lost its date (1970), or one years ahead, stamped what it
# stamped as wrongly: not one to correct by.
out=$(probe hoa set sent_at 1000 set received_at 400 submit "$(uuid)" "" complaint regular_reception land "Pin CMOS hết" expect \
  set sent_at $((now + 400 * 86400)) submit "$(uuid)" "" complaint regular_reception land "Năm sau" expect)
expect_contains "a clock reading 1970: refused, saying why" "$(line 1 "$out")" "field=sent_at msg=sent_at: the workstation's clock reads before 2000"
expect_contains "a clock more than a year ahead: refused" "$(line 2 "$out")" "field=sent_at"
expect_eq "... nothing stored" "$(petitions)" "$before"
# A leased number handed out by a slow clock: judged on the corrected time.
out=$(probe hoa set receipt_no "$(no $((c0 + 4)))" set workstation "$ws" set sent_at $((now - 7200)) \
  set received_at $((now - 7200 - 60)) submit "$(uuid)" "" complaint regular_reception land "Máy chậm hai giờ" expect)
expect_contains "a slow clock's leased number: accepted on the corrected time" "$out" "receipt=$(no $((c0 + 4))) duplicate=0 clock_suspect=1"
# A step: Transition.at corrected and the claim kept on the event.
out=$(probe hoa set received_at $((now - 600)) submit "$(uuid)" "" complaint regular_reception land "Đơn để thụ lý" expect)
idc=$(sql "SELECT max(id) FROM petitions")
out=$(probe hoa set sent_at $((now + 7200)) set at $((now + 7200 - 30)) transition "$idc" accept 1 expect)
expect_contains "a step from a fast clock: applied" "$out" "status=accepted"
expect_eq "... its time corrected" \
  "$(sql "SELECT abs(extract(epoch FROM accepted_at) - $((now - 30))) < 15 FROM petitions WHERE id = $idc")" t
expect_eq "... the claim and the skew on its event" \
  "$(sql "SELECT claimed_at = to_timestamp($((now + 7200 - 30))), clock_skew BETWEEN 7190 AND 7210 FROM petition_events WHERE petition_id = $idc AND action = 'accept'")" "t|t"

# Sealed requests -------------------------------------------------------------------

seal=$TD_PKI/server.crt
ks1=$(uuid)
before=$(petitions)
out=$(probe hoa set seal "$seal" set petitioner "Lò Thị Tố" submit "$ks1" "" denunciation regular_reception "" "Tố cáo cán bộ thu tiền sai" expect)
expect_contains "a sealed denunciation is recorded, answered with its own id" "$out" "reply id=1 submit_reply"
expect_eq "... with the denouncer's name" \
  "$(sql "SELECT petitioner_name FROM petitions WHERE idempotency_key = '$ks1'")" "Lò Thị Tố"
out=$(probe hoa set seal "$seal" set petitioner "Lò Thị Tố" submit "$ks1" "" denunciation regular_reception "" "Tố cáo cán bộ thu tiền sai" expect)
expect_contains "sealed again (a new seal), resent: the same petition" "$out" "duplicate=1"
ids=$(sql "SELECT id FROM petitions WHERE idempotency_key = '$ks1'")
kst=$(uuid)
out=$(probe hoa status expect set seal "$seal" set key "$kst" transition "$ids" accept 1 expect)
expect_contains "a sealed step: applied, answered with its request's id" "$(line 2 "$out")" "reply id=2 transition_reply status=accepted"
expect_eq "... recorded with its key" "$(sql "SELECT count(*) FROM petition_events WHERE idempotency_key = '$kst'")" 1
out=$(probe tinh set seal "$seal" submit "$(uuid)" "" complaint regular_reception land "Không được phép" expect)
expect_contains "inside the seal the same permissions hold" "$out" "code=PERMISSION_DENIED"
before=$(petitions)
events_before=$(sql "SELECT count(*) FROM petition_events")
bad=$(probe hoa \
  set seal "$TD_PKI/hoa.crt" submit "$(uuid)" "" complaint regular_reception land "Sai người nhận" expect \
  set seal "$seal" set seal-cut 60 submit "$(uuid)" "" complaint regular_reception land "Cắt ngắn" expect \
  set seal "$seal" set seal-flip -1 submit "$(uuid)" "" complaint regular_reception land "Lật byte" expect \
  set seal "$seal" set seal-twice 1 submit "$(uuid)" "" complaint regular_reception land "Niêm phong hai lần" expect \
  set seal "$seal" get 1 expect \
  sealed-hex "" expect \
  sealed-hex 3082 expect \
  sealed-hex 0123456789abcdef expect \
  status expect)
expect_contains "sealed to another certificate: refused" "$(line 1 "$bad")" "code=INVALID_ARGUMENT retryable=0 field=cms msg=cms: the sealed request cannot be opened"
expect_contains "truncated: refused" "$(line 2 "$bad")" "field=cms"
expect_contains "a flipped byte: refused" "$(line 3 "$bad")" "field=cms"
expect_contains "a seal inside a seal: refused" "$(line 4 "$bad")" "cms: only a petition's submission or a step"
expect_contains "a sealed read: refused" "$(line 5 "$bad")" "cms: only a petition's submission or a step"
expect_contains "an empty seal: refused" "$(line 6 "$bad")" "cms: the sealed request is empty"
expect_contains "random bytes: refused" "$(line 8 "$bad")" "field=cms"
expect_contains "the connection lives on" "$(line 9 "$bad")" "server_status"
# A little fuzz: random seals of random sizes, and the real one cut
# everywhere.
args=()
for _ in $(seq 40); do
  args+=(sealed-hex "$(head -c $((RANDOM % 400 + 1)) /dev/urandom | od -An -tx1 | tr -d ' \n')" expect)
done
out=$(probe hoa "${args[@]}" status expect)
expect_eq "40 random seals: 40 refusals" "$(grep -c 'field=cms' <<<"$out")" 40
expect_contains "... and the server answers after them" "$out" "server_status"
args=()
for cut in 1 2 10 50 100 150 200 250 -100 -16 -1; do
  args+=(set seal "$seal" set seal-cut "$cut" submit "$(uuid)" "" complaint regular_reception land "Cắt $cut" expect)
done
out=$(probe hoa "${args[@]}")
expect_eq "a seal cut anywhere: refused" "$(grep -c 'field=cms' <<<"$out")" 11
expect_eq "none of it stored anything" "$(petitions)|$(sql "SELECT count(*) FROM petition_events")" "$before|$events_before"
kill -0 "$TD_SERVER_PID" && pass "the server lives" || fail "the server lives" "it died"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
