#!/usr/bin/env bash
# An officer who reads only Vietnamese, through a day at the counter (issue
# 12's "done when"): she receives a petition, prints the citizen's receipt,
# finds it again by a word typed without diacritics, in capitals or in
# decomposed Unicode, and records its answer, with the client in its
# default language on a machine with no locale set. Everything the terminal
# shows (standard output and error) is checked for English words. With
# TD_TRANSCRIPT=FILE the session is also written there as the terminal
# printed it, and the receipt's PDF beside it.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start
# The officer's machine: no language chosen anywhere, no locale installed.
unset TIEPDAN_LANG LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
export TZ=UTC

transcript=$T/transcript.txt
: >"$transcript"
# say COMMAND...: runs `tiepdan COMMAND...` as hoa, the commune's reception
# officer, as she would type it, and keeps what the terminal showed.
say() {
  local rc=0
  printf '$ tiepdan' >>"$transcript"
  printf ' %q' "$@" >>"$transcript"
  printf '\n' >>"$transcript"
  last=$(cli hoa "$@" 2>&1) || rc=$?
  printf '%s\n\n' "$last" >>"$transcript"
  return $rc
}

say whoami || fail "whoami" "$last"
expect_contains "whoami: the officer, in Vietnamese" "$last" "Nguyễn Thị Hoa"

summary="Mất điện kéo dài ba ngày ở bản Nậm Cười, đề nghị điện lực sửa đường dây"
say submit --kind "khieu nai" --channel "Tiếp công dân thường xuyên" --field "đất đai, giải phóng mặt bằng" \
  --name "Lò Văn Páo" --received "01/12/2026 08:30" --summary "$summary" --print ||
  fail "submit --print" "$last"
receipt=$(sql "SELECT receipt_no FROM petitions ORDER BY id DESC LIMIT 1")
id=$(sql "SELECT id FROM petitions WHERE receipt_no = '$receipt'")
expect_contains "submit: the receipt number" "$last" "$receipt"
expect_contains "submit --print: the citizen's receipt" "$last" "GIẤY BIÊN NHẬN ĐƠN"
expect_eq "received at 08:30 Vietnam time on a PC on UTC" \
  "$(sql "SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI') FROM petitions WHERE id = $id")" \
  "01/12/2026 08:30"

pdf=$T/giay-bien-nhan.pdf
say receipt "$receipt" --pdf "$pdf" || fail "receipt --pdf" "$last"
expect_contains "the PDF holds the receipt number" "$(pdftotext -layout "$pdf" - 2>&1)" "$receipt"

# Found again by any word of it, however typed.
nfd=$'ma\xcc\x82\xcc\x81t \xc4\x91ie\xcc\xa3\xcc\x82n' # "mất điện", decomposed
lower=$(tr '[:upper:]' '[:lower:]' <<<"$receipt")
for words in "mat dien" "ĐIỆN" "$nfd" "Nậm Cười" "nam cuoi" "$lower"; do
  say list --text "$words" || fail "list --text $words" "$last"
  expect_contains "list --text \"$words\" finds it" "$last" "$receipt"
done
say show "$lower" || fail "show" "$last"
expect_contains "show by the receipt number in lower case" "$last" "$receipt"
expect_contains "show: the kind by its name" "$last" "Khiếu nại"
say show "$receipt" --explain || fail "show --explain" "$last"
expect_contains "--explain: the rule, in Vietnamese" "$last" "Quy định: khiếu nại / thụ lý"
expect_contains "--explain: counting starts the next day" "$last" "thời hạn tính từ ngày hôm sau"

say accept "$receipt" || fail "accept" "$last"
say resolve "$receipt" --outcome "tra loi bang van ban" --note "Điện lực đã sửa xong đường dây ngày 03/12" ||
  fail "resolve" "$last"
expect_eq "resolved in one command after accepting" \
  "$(sql "SELECT status FROM petitions WHERE id = $id")" resolved
say history "$receipt" || fail "history" "$last"
expect_contains "history: the resolution" "$last" "Đã giải quyết"
say show "$receipt" || fail "show after resolving" "$last"
expect_contains "show: the note of the answer" "$last" "Điện lực đã sửa xong"

# A mistake on the way, as officers make them: the words stay Vietnamese.
say show 999999 && fail "show of no petition" "$last"
expect_contains "a petition that is not there: said in Vietnamese" "$last" "không"
say list --kind "don thu" && fail "list --kind of no kind" "$last"
expect_contains "an unknown kind: the kinds listed" "$last" "Khiếu nại"

# No English word on the screen. Codes stay out too: what the officer reads
# are names. Whole words, so "Nà Đa" or a receipt number cannot match.
english='the|of|and|is|are|was|not|no|to|for|with|by|from|[Pp]etitions?|[Rr]eceipt|[Ss]tatus|[Kk]ind|[Uu]nit|[Rr]eceived|[Aa]ccepted|[Rr]esolved|[Dd]eadline|[Rr]efused|[Hh]int|[Nn]ame|[Ss]ummary|[Nn]otes?|[Ff]ound|[Ee]rror|[Uu]sage|[Hh]istory|[Oo]utcome|[Cc]hannel|[Ff]ield|[Oo]fficer|[Cc]ommune|[Vv]illage|[Ss]tep|[Ww]ork|complaint|regular_reception|answered_in_writing|land|NOT_FOUND|INVALID_ARGUMENT'
# The commands as typed are not what the screen said; the valid values an
# unknown one lists name their codes, which may be typed too, in brackets.
# Options (--kind) are what she types, not words she reads.
hits=$(grep -vE '^\$ tiepdan|^  .* \([a-z_]+\)$' "$transcript" | sed -E 's/--[a-z-]+//g' |
  grep -noEw "$english" || true)
expect_eq "no English word on the screen" "$hits" ""

if [[ -n "${TD_TRANSCRIPT:-}" ]]; then
  cp "$transcript" "$TD_TRANSCRIPT"
  cp "$pdf" "${TD_TRANSCRIPT%.*}.pdf"
fi
td_done
