#!/usr/bin/env bash
# The deadline rules as the law changes. "tiepdan admin rules list" shows the
# rules in force on a day, to any registered officer; the day before and the
# day Law 136/2025/QH15 takes effect (1 July 2026) differ exactly by the rows
# schema 011 adds; a step that starts before that day keeps its old rule. A
# denunciation's second extension needs a case recorded especially complex
# (Luật Tố cáo 2018, Điều 30), and the refusal says so.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

newest() { sql "SELECT max(id) FROM petitions"; }
deadline() { sql "SELECT deadline_rule_id, deadline FROM petitions WHERE id = $1"; }
rule() { sql "SELECT id FROM deadline_rules WHERE kind = '$1' AND step = '$2' AND effective_from = '$3'"; }
# The rules in force on a day as csv rows, without the header, sorted.
rules_on() { cli hoa --format csv admin rules list --on "$1" | tail -n +2 | tr -d '\r' | LC_ALL=C sort; }

# The list on both sides of 1 July 2026 ---------------------------------------
amended=$(sql "SELECT string_agg(kind || ',' || step, ' ' ORDER BY kind, step)
               FROM deadline_rules WHERE effective_from = '2026-07-01'")
expect_eq "schema 011 restates the four rules of the two amended laws" "$amended" \
  "complaint,accept complaint,resolve denunciation,accept denunciation,resolve"
before=$(rules_on 2026-06-30)
after=$(rules_on 2026-07-01)
expect_eq "one rule per kind and step on each day" "$(wc -l <<<"$before") $(wc -l <<<"$after")" "10 10"
gone=$(LC_ALL=C comm -23 <(echo "$before") <(echo "$after") | cut -d, -f2,3 | LC_ALL=C sort | tr '\n' ' ')
came=$(LC_ALL=C comm -13 <(echo "$before") <(echo "$after") | cut -d, -f2,3 | LC_ALL=C sort | tr '\n' ' ')
expect_eq "the days differ by the amended rules, which leave" "${gone% }" "$amended"
expect_eq "... and by them only, which come" "${came% }" "$amended"
expect_eq "the other six rules are the same rows on both days" "$(LC_ALL=C comm -12 <(echo "$before") <(echo "$after") | wc -l)" 6
expect_eq "on 2026-06-30 the old rows end that day" \
  "$(grep '^[0-9]*,complaint,resolve,' <<<"$before" | cut -d, -f1,11,12)" \
  "$(rule complaint resolve 2012-07-01),2012-07-01,2026-06-30"
expect_eq "on 2026-07-01 the new rows run on" \
  "$(grep '^[0-9]*,denunciation,resolve,' <<<"$after" | cut -d, -f1,4,5,9,10,11,12)" \
  "$(rule denunciation resolve 2026-07-01),false,30,2,30,2026-07-01,"
expect_contains "each new row names the amending law" \
  "$(grep '^[0-9]*,complaint,accept,' <<<"$after")" "Luật số 136/2025/QH15"

table=$(cli hoa --lang vi admin rules list --on 2026-07-01)
expect_contains "the table names the day" "$table" "Quy định về thời hạn áp dụng ngày 2026-07-01"
expect_contains "the table names kinds and steps as officers do" "$table" "Khiếu nại — Thời hạn giải quyết (từ ngày thụ lý)"
expect_contains "the table says working days" "$table" "7 ngày làm việc"
expect_contains "the table gives the remote-area period" "$table" "Vùng sâu, vùng xa:           45 ngày"
expect_contains "the table gives the extensions" "$table" "tối đa 2 lần, mỗi lần 30 ngày; từ lần thứ hai chỉ khi vụ việc đặc biệt phức tạp"
expect_contains "the table gives the source" "$table" "Căn cứ:                      Luật Tố cáo 2018, Điều 30, khoản 1-3"
expect_contains "the table on the eve shows when the old rule ends" \
  "$(cli hoa --lang vi admin rules list --on 2026-06-30)" "từ 2012-07-01 đến hết 2026-06-30"
today=$(sql "SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")
expect_contains "without --on, today" "$(cli hoa --lang vi admin rules list)" "áp dụng ngày $today"
expect_eq "before any rule, an empty list" "$(cli hoa --format json admin rules list --on 2000-01-01)" \
  '{"on":"2000-01-01","rules":[]}'
for who in tinh front_xa admin_vn; do
  run_cmd out rc cli "$who" --format csv admin rules list --on 2026-07-01
  expect_eq "$who may read the rules, which are public law" "$rc $(tail -n +2 <<<"$out" | tr -d '\r' | sort | wc -l)" "0 10"
done
run_cmd out rc cli hoa admin rules list --on 2026-02-30
expect_eq "an impossible day is a usage error" "$rc" 2
expect_contains "... that says what a day looks like" "$out" "YYYY-MM-DD"

# Petitions on both sides of 1 July 2026 ---------------------------------------
# Bình Lư (03390) is remote: 45 days to resolve a complaint.
for when in 2026-06-30 2026-07-01; do
  cli hoa submit --kind complaint --channel regular_reception --received "$when 08:00" \
    --summary "Khiếu nại nhận ngày $when" >/dev/null
done
p1=$(($(newest) - 1))
p2=$(newest)
expect_eq "received 2026-06-30: the old rule, 10 days" "$(deadline "$p1")" \
  "$(rule complaint accept 2012-07-01)|2026-07-10"
expect_eq "received 2026-07-01: the new rule, 10 days end Saturday, so Monday" "$(deadline "$p2")" \
  "$(rule complaint accept 2026-07-01)|2026-07-13"
expect_contains "explain names the amended law for the new one" "$(cli hoa show "$p2" --explain)" "136/2025/QH15"
expect_not_contains "... and not for the old one" "$(cli hoa show "$p1" --explain)" "136/2025/QH15"
cli hoa accept "$p1" --at "2026-06-30 10:00" >/dev/null
cli hoa accept "$p2" --at "2026-07-01 10:00" >/dev/null
expect_eq "accepted 2026-06-30: the old resolution rule, 45 days" "$(deadline "$p1")" \
  "$(rule complaint resolve 2012-07-01)|2026-08-14"
expect_eq "accepted 2026-07-01: the new one, 45 days end Saturday, so Monday" "$(deadline "$p2")" \
  "$(rule complaint resolve 2026-07-01)|2026-08-17"
cli hoa submit --kind complaint --channel regular_reception --received "2026-06-30 08:00" \
  --summary "Khiếu nại nhận trước, thụ lý sau ngày 01/7/2026" >/dev/null
p3=$(newest)
cli hoa accept "$p3" --at "2026-07-02 10:00" >/dev/null
expect_eq "received before, accepted after: the resolution follows the day of acceptance" \
  "$(deadline "$p3")" "$(rule complaint resolve 2026-07-01)|2026-08-17"

# A denunciation's extensions ---------------------------------------------------
cli hoa submit --kind denunciation --channel regular_reception --received "2026-07-01 08:00" \
  --name "Người tố cáo" --summary "Tố cáo việc thu tiền sai quy định" >/dev/null
d1=$(newest)
cli hoa accept "$d1" --at "2026-07-01 10:00" >/dev/null
expect_eq "a denunciation accepted 2026-07-01: 30 days, the new rule" "$(deadline "$d1")" \
  "$(rule denunciation resolve 2026-07-01)|2026-07-31"
cli hoa extend "$d1" --reason "Vụ việc phức tạp" --decision-no "21/QĐ-UBND" >/dev/null
expect_eq "the first extension needs no more: 60 days end Sunday, so Monday" \
  "$(sql "SELECT extensions, deadline FROM petitions WHERE id = $d1")" "1|2026-08-31"
v=$(sql "SELECT version FROM petitions WHERE id = $d1")
run_cmd out rc cli hoa --lang vi extend "$d1" --reason "Cần thêm thời gian" --decision-no "22/QĐ-UBND"
expect_eq "a second extension of a case not especially complex is refused (exit 4)" "$rc" 4
expect_contains "the refusal names the rule" "$out" \
  "Tố cáo chỉ được gia hạn lần thứ hai khi vụ việc đặc biệt phức tạp:"
expect_contains "... and the limits of Điều 30" "$out" \
  "vụ việc phức tạp được gia hạn một lần, vụ việc đặc biệt phức tạp hai lần, mỗi lần không quá 30 ngày"
expect_contains "... and what is missing" "$out" "vụ việc này chưa được ghi nhận là đặc biệt phức tạp"
expect_contains "... and the legal source of the rule in force" "$out" \
  "Căn cứ: Luật Tố cáo 2018, Điều 30, khoản 1-3 (sửa đổi, bổ sung bởi Luật số 136/2025/QH15"
expect_contains "... with a hint about the extensions, not the status" "$out" "số lần đã gia hạn"
expect_contains "... with the option that records it" "$out" "--especially-complex"
expect_not_contains "... all of it in Vietnamese" "$out" "refused"
expect_eq "the refusal changed nothing" \
  "$(sql "SELECT version, extensions, deadline, especially_complex FROM petitions WHERE id = $d1")" \
  "$v|1|2026-08-31|f"
cli hoa extend "$d1" --reason "Vụ việc đặc biệt phức tạp" --decision-no "22/QĐ-UBND" \
  --especially-complex >/dev/null
expect_eq "with the case recorded especially complex, the second extension: 90 days" \
  "$(sql "SELECT extensions, deadline, especially_complex FROM petitions WHERE id = $d1")" "2|2026-09-29|t"
expect_contains "the history records it" "$(cli hoa history "$d1")" "Especially complex: yes"
run_cmd out rc cli hoa extend "$d1" --reason "Lần thứ ba" --especially-complex
expect_eq "never a third (exit 4)" "$rc" 4
expect_contains "... citing the rule's limit" "$out" "allows 2 extension(s)"

# Recorded at acceptance, it holds for both extensions, and the case is complex.
cli hoa submit --kind denunciation --channel regular_reception --received "2026-06-30 08:00" \
  --name "Người tố cáo" --summary "Tố cáo sai phạm trong quản lý đất đai" >/dev/null
d2=$(newest)
cli hoa accept "$d2" --at "2026-06-30 10:00" --especially-complex >/dev/null
cli hoa extend "$d2" --reason "Cần xác minh nhiều nơi" >/dev/null
cli hoa extend "$d2" --reason "Cần xác minh thêm" >/dev/null
expect_eq "accepted 2026-06-30 as especially complex: the old rule, extended twice" \
  "$(sql "SELECT deadline_rule_id, extensions, deadline, complex, especially_complex FROM petitions WHERE id = $d2")" \
  "$(rule denunciation resolve 2019-01-01)|2|2026-09-28|t|t"
# Accepted before 1 July 2026 and not especially complex: refused under the
# rule of 2019, which the refusal cites.
cli hoa submit --kind denunciation --channel regular_reception --received "2026-06-29 08:00" \
  --name "Người tố cáo" --summary "Tố cáo việc cấp phép sai" >/dev/null
d3=$(newest)
cli hoa accept "$d3" --at "2026-06-30 10:00" >/dev/null
cli hoa extend "$d3" --reason "Vụ việc phức tạp" >/dev/null
run_cmd out rc cli hoa extend "$d3" --reason "Cần thêm thời gian"
expect_eq "under the rule of 2019 too, the second extension is refused (exit 4)" "$rc" 4
expect_contains "... citing that rule" "$out" "Basis: Luật Tố cáo 2018, Điều 30"$'\n'
expect_not_contains "... and not the amending law" "$out" "136/2025"
run_cmd out rc cli hoa start "$d2" --especially-complex
expect_eq "only accept and extend take --especially-complex (exit 2)" "$rc" 2
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
