#!/usr/bin/env bash
# The Front's own account (issue 14), from the seeds' figures replayed:
# Bình Lư's 57 petitions (56 resolved on time, one still open) with the
# Front's 59 recommendations recorded beside them: the commune's report
# still says 57 and tells the 59 apart; the Front's report says 15
# supervisions, 15 social criticisms, 59 recommendations and the rate
# "được tiếp thu, trả lời, giải quyết" of 50 resolved: 84,7%, which the
# Front's report of June 2026 printed rounded as 85%; and each
# recommendation behind each figure. Then Trà Sơn's dialogues of 2024 (two
# at Kà Tinh, 114 people, 10 opinions; one with the youth, 51 people, 4
# opinions), replayed in xã Tả Lèng, listed apart.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

month=$(date +%Y-%m)
from=2025-07

# 57 citizens' petitions, on one connection: 56 resolved (in writing), one
# accepted and being handled. Ids 1..57 in this database.
args=()
for i in $(seq 57); do
  args+=(submit "$(uuid)" "" request regular_reception "" "Đơn của công dân số $i" expect)
done
for i in $(seq 56); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect transition "$i" resolve 3 expect)
done
args+=(transition 57 accept 1 expect transition 57 start 2 expect)
out=$(probe hoa "${args[@]}")
expect_eq "57 submissions answered" "$(grep -c submit_reply <<<"$out")" 57
expect_eq "170 transitions answered" "$(grep -c transition_reply <<<"$out")" 170

# The Front's 59 recommendations (ids 58..116): the commune resolves 50,
# handles 6, refuses 2 and transfers 1.
args=()
for i in $(seq 59); do
  args+=(submit "$(uuid)" "" recommendation front_supervision "" "Kiến nghị sau giám sát số $i" expect)
done
out=$(probe front_xa "${args[@]}")
expect_eq "59 recommendations answered" "$(grep -c submit_reply <<<"$out")" 59
args=()
for i in $(seq 58 107); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect transition "$i" resolve 3 expect)
done
for i in $(seq 108 113); do
  args+=(transition "$i" accept 1 expect transition "$i" start 2 expect)
done
args+=(transition 114 reject 1 "Không thuộc thẩm quyền của xã" expect)
args+=(transition 115 reject 1 "Đã giải quyết trước đó" expect)
args+=(transition 116 transfer 1 "UBND tỉnh Lai Châu" expect)
out=$(probe hoa "${args[@]}")
expect_eq "165 transitions answered" "$(grep -c transition_reply <<<"$out")" 165
# An independent count: what the reports must say.
expect_eq "SQL: 57 citizens' petitions" \
  "$(sql "SELECT count(*) FROM petitions WHERE channel <> 'front_supervision'")" 57
expect_eq "SQL: 59 of the Front, 50 resolved" \
  "$(sql "SELECT count(*) || '/' || count(*) FILTER (WHERE status = 'resolved') FROM petitions WHERE channel = 'front_supervision'")" 59/50

# 15 supervisions (one title: told by their number), 15 social criticisms
# under two titles.
args=()
for i in $(seq 15); do args+=(open-session supervision expect); done
out=$(probe front_xa "${args[@]}")
expect_eq "15 supervisions opened" "$(grep -c session_reply <<<"$out")" 15
for i in $(seq 10); do
  cli front_xa session open --type criticism --presided-by "Chủ tịch UBMTTQ xã" \
    --title "Phản biện dự thảo Nghị quyết HĐND xã" >/dev/null
done
for i in $(seq 5); do
  cli front_xa session open --type criticism --presided-by "Chủ tịch UBMTTQ xã" \
    --title "Phản biện dự thảo quy hoạch chung xã" --theme "đất đai" >/dev/null
done
expect_eq "SQL: 15 and 15" \
  "$(sql "SELECT string_agg(n::text, '/' ORDER BY type DESC) FROM (SELECT type, count(*) AS n FROM sessions WHERE type IN ('supervision', 'social_criticism') GROUP BY type) x")" 15/15

# The commune's report: its 57, and the Front's 59 apart.
run_cmd out rc cli hoa --lang vi report --from "$from" --to "$month"
expect_eq "the commune's report exits 0" "$rc" 0
expect_contains "still 57, 56 resolved on time" "$out" \
  "xã Bình Lư đã tiếp nhận 57 đơn, đã giải quyết 56 đơn, đạt 98,2%; trong đó giải quyết trong hạn 56 đơn (100%)"
expect_contains "the Front's 59 beside them" "$out" \
  "Ngoài ra, Ủy ban MTTQ Việt Nam xã Bình Lư chuyển đến 59 kiến nghị qua giám sát, phản biện xã hội (không tính vào số đơn trên)."
expect_contains "the commune's kinds leave the Front's out" "$out" "0 đơn kiến nghị"
expect_not_contains "no supervision in the commune's report" "$out" "giám sát: "
run_cmd out rc cli hoa --lang vi --format csv report --from "$from" --to "$month" --table channel
expect_contains "csv channel: no front_supervision row counted" "$out" "front_supervision,\"Giám sát, phản biện xã hội của MTTQ\",0,"
run_cmd out rc cli hoa --lang vi report --from "$from" --to "$month" --include-front
expect_contains "--include-front: 116" "$out" "xã Bình Lư đã tiếp nhận 116 đơn"

# The Front's report, run by the Front.
run_cmd out rc cli front_xa --lang vi report --from "$from" --to "$month" --front
expect_eq "the Front's report exits 0" "$rc" 0
expect_contains "15 supervisions" "$out" "Tổ chức 15 cuộc giám sát."
expect_contains "15 social criticisms, by title" "$out" \
  "Tổ chức 15 cuộc phản biện xã hội: 10 phản biện dự thảo Nghị quyết HĐND xã và 05 phản biện dự thảo quy hoạch chung xã (chủ đề: đất đai)."
expect_contains "59 recommendations, 84,7%" "$out" \
  "Ủy ban MTTQ Việt Nam xã Bình Lư chuyển 59 kiến nghị qua giám sát, phản biện xã hội, 84,7% được tiếp thu, trả lời, giải quyết (50 kiến nghị); 06 kiến nghị đang giải quyết trong thời hạn, 0 kiến nghị quá hạn chưa giải quyết; 02 kiến nghị không thụ lý; 01 kiến nghị chuyển cơ quan có thẩm quyền."
# The seeds print the rate as a whole percentage: 50 / 59 rounds to 85.
expect_eq "50 of 59 is the seeds' 85%" "$(LC_ALL=C printf '%.0f' "$(echo '50 * 100 / 59' | bc -l)")" 85
expect_contains "the rate defined" "$out" \
  "Tỷ lệ được tiếp thu, trả lời, giải quyết là số kiến nghị đã giải quyết, kể cả trả lời bằng văn bản (50), trên số kiến nghị chuyển đến trong kỳ (59)."
expect_contains "the 50 behind their figure" "$out" "Đã tiếp thu, trả lời, giải quyết (50 kiến nghị):"
expect_contains "the 6 behind theirs" "$out" "Đang giải quyết trong thời hạn (06 kiến nghị):"
expect_contains "the 2 refused" "$out" "Không thụ lý (02 kiến nghị):"
expect_contains "the one transferred" "$out" "Chuyển cơ quan có thẩm quyền (01 kiến nghị):"
expect_eq "59 items, one per recommendation" "$(grep -c '^- ' <<<"$out")" 59
first=$(sql "SELECT receipt_no FROM petitions WHERE id = 58")
expect_contains "each by its receipt, summary and status" "$out" \
  "- $first, $(date +%d)/$((10#$(date +%m)))/$(date +%Y): Kiến nghị sau giám sát số 1 (Đã giải quyết)"
expect_not_contains "not the commune's petitions" "$out" "Đơn của công dân"
# Its tables.
run_cmd out rc cli front_xa --lang vi --format csv report --from "$from" --to "$month" --front --table summary
expect_contains "csv summary: 15 supervisions" "$out" "supervisions,Số cuộc giám sát,15"
expect_contains "csv summary: 15 social criticisms" "$out" "social_criticisms,Số cuộc phản biện xã hội,15"
expect_contains "csv summary: 59 forwarded" "$out" "forwarded,Kiến nghị chuyển đến,59"
expect_contains "csv summary: 50 resolved" "$out" "resolved,\"Đã tiếp thu, trả lời, giải quyết\",50"
expect_contains "csv summary: the rate" "$out" "rate_resolved,\"Tỷ lệ được tiếp thu, trả lời, giải quyết\",0.847"
run_cmd out rc cli front_xa --format csv report --from "$from" --to "$month" --front --table front-list
expect_eq "csv front-list: a header and 59" "$(grep -c . <<<"$out")" 60
expect_eq "csv front-list: 50 counted as resolved" "$(grep -c ',resolved,' <<<"$out")" 50
expect_contains "csv front-list: the transferred one" "$out" \
  "Kiến nghị sau giám sát số 59,transferred,"
run_cmd out rc cli front_xa --format csv report --from "$from" --to "$month" --front --table session-list
expect_eq "csv session-list: a header, 30 sessions, a total" "$(grep -c . <<<"$out")" 32
expect_contains "csv session-list: the total" "$out" "30,TOTAL,"
run_cmd out rc cli front_xa --lang vi --format json report --from "$from" --to "$month" --front
expect_contains "json: the Front's report" "$out" '{"report":"front",'
expect_contains "json: the rate" "$out" '{"measure":"rate_resolved","name":"Tỷ lệ được tiếp thu, trả lời, giải quyết","value":0.847}'
run_cmd out rc cli front_xa report --from "$from" --to "$month" --front --lang en
expect_contains "English: 84.7%" "$out" \
  "The Fatherland Front committee of Xã Bình Lư forwarded 59 recommendations from its supervision and social criticism; 84.7% were accepted, answered and resolved (50 recommendations)"
expect_contains "English: 15 supervisions" "$out" "15 supervisions were held."

# Trà Sơn's dialogues, replayed in xã Tả Lèng: two at Kà Tinh, one with
# the youth on its theme.
dialogue() {
  cli lan session open --type dialogue --presided-by "Chủ tịch UBND xã" --title "$1" \
    ${2:+--theme "$2"} >/dev/null
  cli lan session close "$(sql "SELECT max(id) FROM sessions")" --attendees "$3" \
    --opinions "$4" --resolved-on-spot "$4" >/dev/null
}
dialogue "Hội nghị đối thoại tại Kà Tinh" "" 60 6
dialogue "Hội nghị đối thoại tại Kà Tinh" "" 54 4
dialogue "Đối thoại với thanh niên" "chuyển đổi số" 51 4
run_cmd out rc cli lan --lang vi report --from "$from" --to "$month"
expect_eq "Tả Lèng's report exits 0" "$rc" 0
expect_contains "three dialogues, listed apart" "$out" \
  "Tổ chức 03 hội nghị đối thoại: 02 hội nghị đối thoại tại Kà Tinh (114 người, 10 ý kiến) và 01 đối thoại với thanh niên (chủ đề: chuyển đổi số; 51 người, 04 ý kiến); tổng cộng 165 lượt người tham dự, 14 ý kiến, giải quyết tại chỗ 14 ý kiến, chuyển 0 ý kiến đến cơ quan có thẩm quyền."
run_cmd out rc cli lan report --from "$from" --to "$month" --lang en
expect_contains "... in English" "$out" \
  "3 dialogue conferences were held: 2 \"Hội nghị đối thoại tại Kà Tinh\" (114 attendees, 10 opinions) and 1 \"Đối thoại với thanh niên\" (theme: chuyển đổi số; 51 attendees, 4 opinions); in all 165 attendees"
run_cmd out rc cli lan --lang vi --format csv report --from "$from" --to "$month" --table session-list
expect_contains "csv session-list: the youth dialogue with its theme" "$out" \
  ",dialogue,Hội nghị đối thoại,Đối thoại với thanh niên,chuyển đổi số,Chủ tịch UBND xã,51,4,4,"
# The province sees both communes' dialogues, but not the Front's sessions
# in the commune's report.
run_cmd out rc cli tinh --lang vi report --from "$from" --to "$month"
expect_contains "the province: the dialogues listed" "$out" "Tổ chức 03 hội nghị đối thoại: 02 hội nghị đối thoại tại Kà Tinh"
expect_contains "the province: 57 petitions" "$out" "tỉnh Lai Châu đã tiếp nhận 57 đơn"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
