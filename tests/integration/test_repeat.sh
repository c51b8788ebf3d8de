#!/usr/bin/env bash
# Repeat visits (tiếp nhiều lần) and what a resolution found (issue 14).
#
# At intake the server looks for the petitioner's earlier petitions about the
# same matter (same ID number, else the same name and address) in the commune
# and the communes merged into it, and proposes them to an officer who may
# read identities; never to the Front or a dashboard, and never a secret
# petitioner to anyone who may not read them. The officer records the link at
# intake (submit --repeat-of) or later (note --repeat-of). A resolved
# complaint or denunciation keeps its finding until it is reopened.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# The petition's own receipt number: the last in its json, after the
# earlier petitions proposed; and those, in their order.
receipt_of() { grep -o '"receipt_no":"[^"]*"' <<<"$1" | tail -n1 | cut -d'"' -f4; }
proposed() { grep -o '"receipt_no":"[^"]*"' <<<"${1%%],\"id\":*}" | cut -d'"' -f4 | paste -sd,; }
count() { sql "SELECT count(*) FROM petitions"; }

idno=012345009999
name="Lò Văn Pâng"
addr="Bản Nà Khan"

# The petitioner's first visits: about land, and about the environment.
out=$(cli hoa --format json submit --kind complaint --channel regular_reception \
  --field land --name "$name" --id-number "$idno" --address "$addr" \
  --received "02/03/2026 09:00" --summary "Tranh chấp ranh giới đất nương")
r1=$(receipt_of "$out")
expect_not_contains "a first visit: nothing proposed" "$out" "repeat_candidates"
expect_contains "a first visit is one" "$(cli hoa show "$r1")" "first visit"
out=$(cli hoa --format json submit --kind recommendation --channel regular_reception \
  --field environment --name "$name" --id-number "$idno" --address "$addr" \
  --received "03/03/2026 09:00" --summary "Khói lò gạch gần nhà")
r_env=$(receipt_of "$out")

# He comes back about the same land: the reception officer is shown the land
# petition, with how to mark the new one, and not the environment one.
out=$(cli hoa submit --kind complaint --channel regular_reception --field land \
  --name "$name" --id-number "$idno" --address "$addr" \
  --summary "Lại đề nghị xem xét ranh giới thửa đất")
r2=$(sed -n 's/^Receipt number: \(.*\)$/\1/p' <<<"$out" | head -n1)
expect_contains "returning (same ID, same field): proposed" "$out" \
  "This citizen has earlier petitions:"
expect_contains "... the land petition, its day" "$out" "  $r1 (2026-03-02"
expect_contains "... how to mark it" "$out" \
  "If it is the same matter: tiepdan note $r2 --repeat-of $r1"
expect_not_contains "... not the petition about another field" "$out" "$r_env"
expect_not_contains "... never itself" "$(grep '^  ' <<<"$out" || true)" "$r2"
out=$(cli leader --format json submit --kind complaint --channel regular_reception \
  --field land --id-number "$idno" --summary "Đơn nhắc lại lần ba")
expect_contains "the leader is proposed them too, in json" "$out" \
  "{\"repeat_candidates\":[{\"receipt_no\":"
expect_eq "... newest first" "$(proposed "$out")" "$r2,$r1"
expect_not_contains "... without their internal ids" "${out%%],\"id\":*}" '"id"' 
r3=$(receipt_of "$out")

# Recorded as a repeat at intake.
out=$(cli hoa --format json submit --kind complaint --channel regular_reception \
  --field land --id-number "$idno" --name "$name" --repeat-of "$r1" \
  --summary "Khiếu nại lần hai về ranh giới đất")
r4=$(receipt_of "$out")
expect_contains "submit --repeat-of: the reply names the earlier one" "$out" \
  "\"repeat_of\":\"$r1\""
expect_eq "... stored as repeat_of_id" \
  "$(sql "SELECT e.receipt_no FROM petitions p JOIN petitions e ON e.id = p.repeat_of_id
          WHERE p.receipt_no = '$r4'")" "$r1"
expect_contains "show: a repeat visit" "$(cli hoa show "$r4")" \
  "repeat visit (earlier petition: $r1)"
expect_contains "list json carries it" "$(cli hoa --format json list | grep "\"$r4\"")" \
  "\"repeat_of\":\"$r1\""
expect_contains "history: the submit records the link" "$(cli hoa history "$r4")" \
  "Repeat of: $r1"

# Same name and address, no ID number, written in another case and without
# diacritics: proposed.
out=$(cli hoa submit --kind complaint --channel regular_reception --field land \
  --name "  lo van pang " --address "BAN NA KHAN" --summary "Hỏi lại về đất")
expect_contains "same name and address, no ID: proposed" "$out" "  $r1 (2026-03-02"
out=$(cli hoa submit --kind complaint --channel regular_reception --field land \
  --name "Lò Văn Pâng" --address "Bản Khác" --summary "Người trùng tên ở bản khác")
expect_not_contains "same name, another address: nothing proposed" "$out" \
  "earlier petitions"

# The Front forwards a recommendation of the same citizen: its reply is the
# same as for a stranger, with nothing that tells a match was found.
out=$(cli front_xa --format json submit --kind recommendation \
  --channel front_supervision --field environment --name "$name" \
  --id-number "$idno" --address "$addr" --summary "MTTQ chuyển kiến nghị về khói lò gạch")
expect_not_contains "front: no candidates" "$out" "repeat_candidates"
for r in "$r1" "$r2" "$r_env"; do
  expect_not_contains "front: no earlier receipt $r in the reply" "$out" "$r"
done
stranger=$(cli front_xa --format json submit --kind recommendation \
  --channel front_supervision --field environment --name "Người Lạ Mặt" \
  --id-number 099999000001 --summary "MTTQ chuyển kiến nghị khác")
expect_eq "front: the reply has the same fields as a stranger's" \
  "$(grep -o '"[a-z_]*":' <<<"$out" | paste -sd,)" \
  "$(grep -o '"[a-z_]*":' <<<"$stranger" | paste -sd,)"
out=$(cli front_xa submit --kind recommendation --channel front_supervision \
  --field environment --id-number "$idno" --summary "MTTQ chuyển kiến nghị lần hai")
expect_not_contains "front, table: nothing proposed" "$out" "earlier petitions"
before=$(count)
rc=0
out=$(cli front_xa submit --kind recommendation --channel front_supervision \
  --field environment --repeat-of "$r_env" --summary "MTTQ đánh dấu" 2>&1) || rc=$?
expect_eq "front: submit --repeat-of refused (exit 4)" "$rc" 4
expect_contains "... as not allowed" "$out" "PERMISSION_DENIED"
expect_eq "... nothing stored" "$(count)" "$before"
# A dashboard records nothing at all, so it is never shown a match either.
rc=0
out=$(cli tinh submit --kind complaint --channel regular_reception --field land \
  --id-number "$idno" --summary "Bảng điều khiển thử ghi" 2>&1) || rc=$?
expect_eq "dashboard: submit refused (exit 4)" "$rc" 4
expect_not_contains "... and no earlier receipt in what it is told" "$out" "$r1"

# A denouncer is proposed only to the handling commune's officers; a
# commune that is not the handling one sees nothing.
den_id=012345008888
out=$(cli hoa --format json submit --kind denunciation --channel regular_reception \
  --field admin_procedure --name "Đinh Văn Kín" --id-number "$den_id" \
  --received "01/03/2026 08:00" --summary "Tố cáo cán bộ thu tiền sai")
r_den=$(receipt_of "$out")
out=$(cli hoa --format json submit --kind denunciation --channel regular_reception \
  --field admin_procedure --id-number "$den_id" --summary "Tố cáo lần hai")
expect_contains "the handling commune's officer is proposed the denunciation" "$out" \
  "\"receipt_no\":\"$r_den\""
r_den2=$(receipt_of "$out")
out=$(cli front_xa --format json submit --kind recommendation \
  --channel front_supervision --field admin_procedure --id-number "$den_id" \
  --summary "MTTQ chuyển ý kiến")
expect_not_contains "front: the denouncer is never proposed" "$out" "$r_den"
out=$(cli lan --format json submit --kind complaint --channel regular_reception \
  --field admin_procedure --id-number "$den_id" --summary "Ở xã khác")
expect_not_contains "another commune: the denouncer is never proposed" "$out" "$r_den"
expect_not_contains "... nor anything of Bình Lư" "$out" "repeat_candidates"
# A petition that is not secret may not be linked to a secret one: its
# readers would learn who denounced.
before=$(count)
rc=0
out=$(cli hoa submit --kind complaint --channel regular_reception --field admin_procedure \
  --id-number "$den_id" --repeat-of "$r_den" --summary "Khiếu nại công khai" 2>&1) || rc=$?
expect_eq "a public petition repeating a denunciation: refused (exit 4)" "$rc" 4
expect_contains "... saying why" "$out" "keeps its petitioner secret"
expect_eq "... nothing stored" "$(count)" "$before"
# The denunciation's own link is sealed with its identity.
cli hoa note "$r_den2" --repeat-of "$r_den" >/dev/null
expect_contains "the handling officer sees a denunciation's link" \
  "$(cli hoa --format json show "$r_den2")" "\"repeat_of\":\"$r_den\""
for who in tinh front_xa; do
  out=$(cli "$who" --format json show "$r_den2")
  expect_not_contains "$who: a denunciation's link is withheld" "$out" "$r_den"
  expect_not_contains "$who: ... in its history too" "$(cli "$who" history "$r_den2")" "$r_den"
done

# Another commune's petition, or a later one, cannot be repeated.
out=$(cli lan --format json submit --kind complaint --channel regular_reception \
  --field land --id-number "$idno" --summary "Ở Tả Lèng")
r_tl=$(receipt_of "$out")
before=$(count)
counter=$(sql "SELECT sum(last_no) FROM receipt_counters")
rc=0
out=$(cli hoa submit --kind complaint --channel regular_reception --field land \
  --id-number "$idno" --repeat-of "$r_tl" --summary "Lặp đơn xã khác" 2>&1) || rc=$?
expect_eq "repeat_of another commune's petition: refused (exit 4)" "$rc" 4
expect_contains "... as not found in this commune" "$out" \
  "there is no petition $r_tl in this commune"
expect_eq "... nothing stored" "$(count)" "$before"
expect_eq "... no receipt number used" "$(sql "SELECT sum(last_no) FROM receipt_counters")" "$counter"
rc=0
out=$(cli hoa submit --kind complaint --channel regular_reception --field land \
  --received "01/02/2026 08:00" --repeat-of "$r1" --summary "Lùi ngày" 2>&1) || rc=$?
expect_eq "repeat_of a later petition: refused (exit 4)" "$rc" 4
expect_contains "... saying so" "$out" "was not received before this petition"
expect_eq "... nothing stored" "$(count)" "$before"

# A predecessor's petition (xã Sơn Bình, merged into Bình Lư) is proposed
# and may be repeated.
out=$(cli hoa --format json submit --kind complaint --channel regular_reception \
  --field social_policy --id-number 012345007777 --received "05/01/2025 08:00" \
  --summary "Chế độ chính sách trước sáp nhập")
r_old=$(receipt_of "$out")
sql "UPDATE petitions SET unit_id = (SELECT id FROM units WHERE code = '03413')
     WHERE receipt_no = '$r_old'" >/dev/null
out=$(cli hoa --format json submit --kind complaint --channel regular_reception \
  --field social_policy --id-number 012345007777 --repeat-of "$r_old" \
  --summary "Chế độ chính sách, lần hai")
expect_contains "a predecessor's petition: proposed" "$out" \
  "{\"repeat_candidates\":[{\"receipt_no\":"
expect_contains "... and repeated" "$out" "\"repeat_of\":\"$r_old\""

# Marking later, with a note; refused to the Front, to a later petition and
# to itself.
cli hoa note "$r2" --repeat-of "$r1" >/dev/null
expect_eq "note --repeat-of: recorded" \
  "$(sql "SELECT e.receipt_no FROM petitions p JOIN petitions e ON e.id = p.repeat_of_id
          WHERE p.receipt_no = '$r2'")" "$r1"
expect_eq "... version unchanged, as for any note" \
  "$(sql "SELECT version FROM petitions WHERE receipt_no = '$r2'")" 1
expect_eq "... the event names the earlier receipt" \
  "$(sql "SELECT changes->>'repeat_of' FROM petition_events e JOIN petitions p ON p.id = e.petition_id
          WHERE p.receipt_no = '$r2' AND e.action = 'note'")" "$r1"
expect_contains "... and the history shows it" "$(cli hoa history "$r2")" "Repeat of: $r1"
rc=0
out=$(cli front_xa note "$r_env" --repeat-of "$r1" 2>&1) || rc=$?
expect_eq "front: note --repeat-of refused (exit 4)" "$rc" 4
expect_eq "... nothing recorded" \
  "$(sql "SELECT count(*) FROM petitions WHERE receipt_no = '$r_env' AND repeat_of_id IS NOT NULL")" 0
rc=0
out=$(cli hoa note "$r1" --repeat-of "$r2" 2>&1) || rc=$?
expect_eq "note --repeat-of a later petition: refused (exit 4)" "$rc" 4
rc=0
out=$(cli hoa note "$r1" --repeat-of "$r1" 2>&1) || rc=$?
expect_eq "note --repeat-of itself: refused (exit 4)" "$rc" 4
expect_eq "... nothing recorded on r1" \
  "$(sql "SELECT count(*) FROM petitions WHERE receipt_no = '$r1' AND repeat_of_id IS NOT NULL")" 0

# An idempotent resend answers as the first did, the candidates too.
key=$(uuid)
first=$(cli hoa --format json submit --key "$key" --kind complaint \
  --channel regular_reception --field land --id-number "$idno" --summary "Gửi lại")
again=$(cli hoa --format json submit --key "$key" --kind complaint \
  --channel regular_reception --field land --id-number "$idno" --summary "Gửi lại" 2>/dev/null)
expect_contains "a resend: candidates" "$again" "repeat_candidates"
expect_eq "... the same as the first time" "$(proposed "$again")" "$(proposed "$first")"

# The finding of a resolution: a complaint's, recorded and shown, cleared on
# reopening; refused for a request.
cli hoa accept "$r1" >/dev/null
cli hoa resolve "$r1" --outcome answered_in_writing --finding partly_correct >/dev/null
expect_eq "resolve --finding: stored" \
  "$(sql "SELECT finding FROM petitions WHERE receipt_no = '$r1'")" partly_correct
expect_contains "show prints the finding" "$(cli hoa show "$r1")" "Finding:"
expect_contains "... by the server's name" "$(cli hoa show "$r1")" "Partly correct"
expect_contains "json carries it" "$(cli hoa --format json show "$r1")" \
  '"finding":"partly_correct"'
cli hoa reopen "$r1" --reason "Công dân không đồng ý" >/dev/null
expect_eq "reopen clears the finding" \
  "$(sql "SELECT finding IS NULL FROM petitions WHERE receipt_no = '$r1'")" t
out=$(cli hoa --format json submit --kind request --channel regular_reception \
  --summary "Yêu cầu cấp giấy")
r_req=$(receipt_of "$out")
cli hoa accept "$r_req" >/dev/null
rc=0
out=$(cli hoa resolve "$r_req" --outcome answered_in_writing --finding correct 2>&1) || rc=$?
expect_eq "a request's finding: refused (exit 4)" "$rc" 4
expect_contains "... saying only complaints and denunciations have one" "$out" \
  "only a complaint or a denunciation"
expect_eq "... and nothing changed" \
  "$(sql "SELECT status FROM petitions WHERE receipt_no = '$r_req'")" accepted
rc=0
out=$(cli hoa resolve "$r_den" --outcome answered_in_writing --finding maybe 2>&1) || rc=$?
expect_eq "an unknown finding: refused (exit 2 or 4)" "$((rc == 2 || rc == 4))" 1

# Vietnamese.
out=$(TIEPDAN_LANG=vi cli hoa submit --kind complaint --channel regular_reception \
  --field land --id-number "$idno" --summary "Lần nữa về đất")
expect_contains "vi: the candidates' heading" "$out" "Công dân này đã có đơn trước:"
expect_contains "vi: ... with the field's name" "$out" "Đất đai"
expect_contains "vi: how to mark it" "$out" "Nếu cùng vụ việc: tiepdan note"
expect_contains "vi: a repeat visit" "$(TIEPDAN_LANG=vi cli hoa show "$r4")" \
  "Tiếp nhiều lần (đơn trước: $r1)"
expect_contains "vi: a first visit" "$(TIEPDAN_LANG=vi cli hoa show "$r_env")" "Tiếp lần đầu"
cli hoa resolve "$r1" --outcome answered_in_writing --finding incorrect >/dev/null
expect_contains "vi: the finding" "$(TIEPDAN_LANG=vi cli hoa show "$r1")" "Kết luận:"

# The lookup reads the indexes, never the whole table: the plans of the
# statements inside td_repeat_candidates, as auto_explain logs them to this
# session. A table this small is cheaper to read whole, so with sequential
# scans off the plans show which indexes the lookup can use (that its
# expressions match them).
id1=$(sql "SELECT id FROM petitions WHERE receipt_no = '$r1'")
plan=$(sql "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0;
            SET auto_explain.log_nested_statements = on; SET enable_seqscan = off;
            SET client_min_messages = log;
            SELECT count(*) FROM td_repeat_candidates($id1)" 2>&1)
expect_contains "the ID number is looked up by its index" "$plan" \
  "petitions_petitioner_id"
expect_contains "the name and address by their index" "$plan" "petitions_petitioner_name_address"
expect_not_contains "no petition is read but through an index" "$plan" "Seq Scan on petitions"

# Offline, the link is kept in the outbox with the petition and recorded
# when it is sent.
td_server_stop
run_cmd out rc cli hoa submit --retries 0 --kind complaint --channel regular_reception \
  --field land --id-number "$idno" --repeat-of "$r1" --summary "Gửi khi mất mạng"
expect_eq "offline submit --repeat-of: kept (exit 0)" "$rc" 0
expect_contains "... not sent yet" "$out" "Not sent yet"
td_server_start
run_cmd out rc cli hoa outbox send
expect_eq "outbox send: exit 0" "$rc" 0
expect_eq "the kept petition arrived with its link" \
  "$(sql "SELECT e.receipt_no FROM petitions p JOIN petitions e ON e.id = p.repeat_of_id
          WHERE p.summary = 'Gửi khi mất mạng'")" "$r1"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
