#!/usr/bin/env bash
# The guided form of `tiepdan submit` (issue 12, item 3), driven through a
# pseudo-terminal with script(1): the officer's answers are typed, wrong
# ones asked again, the lists chosen by number, the summary ended by ONE
# Ctrl-D, the petition confirmed; `show --format json` proves what was
# stored. Ctrl-D, Ctrl-C or "k" cancel with nothing stored. A script that
# gives every flag is never asked anything.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start
export TIEPDAN_LANG=vi
unset VISUAL EDITOR
export LC_ALL=C.UTF-8
# A form that ended early must not kill the test when it types on.
trap '' PIPE

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$2" | head -n1; }
count() { sql "SELECT count(*) FROM petitions"; }

# form_start ARGS...: starts "tiepdan ... ARGS" in a pseudo-terminal; the
# officer types on fd 3 and the screen is read from fd 4 into SCREEN.
# FORM_OUT, when set, is a file that takes the program's standard output.
form_start() {
  local cmd
  rm -f "$T/in" "$T/out"
  mkfifo "$T/in" "$T/out"
  cmd=$(printf '%q ' "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" --timeout 20 "$@")
  [[ -z "${FORM_OUT:-}" ]] || cmd+=" >$(printf '%q' "$FORM_OUT")"
  script -qfec "$cmd" /dev/null <"$T/in" >"$T/out" 2>&1 &
  FORM_PID=$!
  exec 3>"$T/in" 4<"$T/out"
  SCREEN=
}

# see TEXT: waits (30 s at most) until the screen shows TEXT since the last
# look, then forgets what it saw up to there.
see() {
  local c end=$((SECONDS + 30))
  while [[ "$SCREEN" != *"$1"* ]]; do
    if IFS= read -r -N 1 -t 1 c <&4; then
      SCREEN+=$c
    elif ((SECONDS >= end)) || [[ -z "${c+x}" && ! -e /proc/$FORM_PID ]]; then
      fail "the form shows: $1" "screen: $SCREEN"
      return 1
    fi
  done
  pass "the form shows: $1"
  SEEN=$SCREEN
  SCREEN=${SCREEN#*"$1"}
}

type_line() { printf '%s\r' "$1" >&3; }
ctrl_d() { printf '\004' >&3; }
ctrl_c() { printf '\003' >&3; }

# form_end: what the screen showed to the end, in REST, and the exit
# status in FORM_RC.
form_end() {
  local c
  while IFS= read -r -N 1 -t 30 c <&4; do SCREEN+=$c; done
  REST=$SCREEN
  # Still waiting for the officer after 30 s of silence: it hung.
  if kill -0 "$FORM_PID" 2>/dev/null && sleep 1 && kill -0 "$FORM_PID" 2>/dev/null; then
    fail "the program ended" "screen: $REST"
    kill "$FORM_PID" 2>/dev/null || true
  fi
  exec 3>&- 4<&-
  FORM_RC=0
  wait "$FORM_PID" || FORM_RC=$?
}

# 1. Everything asked: a wrong number, the default channel, a field by
# number, a name, a day-first time, two lines of summary and one Ctrl-D.
before=$(count)
form_start submit
see "Loại đơn:"
see "  1. Khiếu nại"
see "Chọn số (1-5): "
type_line ""
see "Câu này bắt buộc phải trả lời."
type_line "9"
see 'Không có lựa chọn "9"; hãy chọn một số từ 1 đến 5.'
type_line "1"
see "Hình thức tiếp nhận:"
see "Chọn số (1-8) [1]: "
type_line ""
see "Lĩnh vực:"
see "Chọn số (1-10), hoặc Enter để bỏ qua: "
type_line "5"
see "Họ và tên người gửi đơn (Enter để bỏ qua): "
type_line "Nguyễn Văn An"
see "(Enter: bây giờ): "
type_line "hôm qua"
see '"hôm qua" không phải là thời điểm'
type_line "01/12/2026 08:00"
see "Gõ xong thì nhấn Ctrl-D."
type_line "Mất điện sinh hoạt ba ngày"
type_line "ở bản Nậm Cười."
ctrl_d
see "Đơn sắp ghi nhận:"
see "Khiếu nại"
see "Tiếp công dân thường xuyên"
see "Điện sinh hoạt"
see "Nguyễn Văn An"
see "01/12/2026 08:00"
see "Ghi nhận đơn này? (c/k) "
type_line "có"
form_end
expect_eq "confirmed: exit 0" "$FORM_RC" 0
receipt=$(grep -o 'BL-[0-9]*-[0-9]*' <<<"$REST" | head -n1)
expect_contains "confirmed: the receipt number is printed" "$receipt" "BL-"
expect_eq "confirmed: one petition more" "$(count)" $((before + 1))
json=$(cli hoa --format json show "$receipt")
expect_eq "stored kind" "$(json_field kind "$json")" complaint
expect_eq "stored channel (the default)" "$(json_field channel "$json")" regular_reception
expect_eq "stored field" "$(json_field field "$json")" electricity
expect_eq "stored name" "$(json_field petitioner_name "$json")" "Nguyễn Văn An"
expect_eq "stored time, Vietnam's" "$(json_field received_at "$json")" "2026-12-01T08:00:00+07:00"
expect_eq "stored summary: both lines, one Ctrl-D" "$(json_field summary "$json")" \
  'Mất điện sinh hoạt ba ngày\nở bản Nậm Cười.'

# 2. Flags given by name are kept; Ctrl-D right after the text ends it.
before=$(count)
form_start submit --kind "to cao" --channel "hom thu gop y" --field "dat dai, giai phong mat bang" \
  --name "Lò Văn Pâng" --received "2026-12-01 09:30"
see "Gõ xong thì nhấn Ctrl-D."
printf 'Tố cáo việc lấn chiếm đất' >&3
ctrl_d
see "Tố cáo"
see "Hòm thư góp ý"
see "Ghi nhận đơn này? (c/k) "
type_line "c"
form_end
expect_eq "Ctrl-D after text: exit 0" "$FORM_RC" 0
expect_eq "Ctrl-D after text: recorded" "$(count)" $((before + 1))
receipt=$(grep -o 'BL-[0-9]*-[0-9]*' <<<"$REST" | head -n1)
json=$(cli hoa --format json show "$receipt")
expect_eq "Ctrl-D after text: the summary" "$(json_field summary "$json")" "Tố cáo việc lấn chiếm đất"
expect_eq "kind given by name" "$(json_field kind "$json")" denunciation
expect_eq "channel given by name" "$(json_field channel "$json")" suggestion_box

# 3. Cancelled: Ctrl-D at a question, Ctrl-C at a question, "k" at the
# confirmation. Nothing is stored, the officer is told, exit 2.
before=$(count)
form_start submit
see "Chọn số (1-5): "
ctrl_d
form_end
expect_eq "Ctrl-D at a question: exit 2" "$FORM_RC" 2
expect_contains "Ctrl-D at a question: says so" "$REST" "Đã hủy: chưa ghi nhận gì."
form_start submit --kind complaint
see "Chọn số (1-8) [1]: "
ctrl_c
form_end
expect_eq "Ctrl-C at a question: exit 2" "$FORM_RC" 2
expect_contains "Ctrl-C at a question: says so" "$REST" "Đã hủy: chưa ghi nhận gì."
form_start submit --kind complaint --channel digital --field land --name "A" --received "01/12/2026"
see "Gõ xong thì nhấn Ctrl-D."
type_line "Không gửi"
ctrl_d
see "Ghi nhận đơn này? (c/k) "
type_line "được"
see "Ghi nhận đơn này? (c/k) "
type_line "k"
form_end
expect_eq "k at the confirmation: exit 2" "$FORM_RC" 2
expect_contains "k at the confirmation: says so" "$REST" "Đã hủy: chưa ghi nhận gì."
expect_eq "cancelled forms stored nothing" "$(count)" "$before"

# 4. $EDITOR, when set, writes the summary.
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
printf 'Đề nghị sửa đường vào bản\nđể xe cứu thương đi được.\n' >"$1"
SH
chmod +x "$T/editor.sh"
before=$(count)
EDITOR=$T/editor.sh form_start submit --kind kien_nghi --channel regular_reception \
  --field "Nông thôn mới, hạ tầng" --name "Vàng A Sử" --received "01/12/2026 10:00"
see "lưu lại rồi đóng."
see "Kiến nghị"
see "Ghi nhận đơn này? (c/k) "
type_line "c"
form_end
expect_eq "editor: exit 0" "$FORM_RC" 0
receipt=$(grep -o 'BL-[0-9]*-[0-9]*' <<<"$REST" | head -n1)
json=$(cli hoa --format json show "$receipt")
expect_eq "editor: the summary it wrote" "$(json_field summary "$json")" \
  'Đề nghị sửa đường vào bản\nđể xe cứu thương đi được.'
expect_eq "editor: kind by name without diacritics" "$(json_field kind "$json")" recommendation

# 5. A script that gives every flag at a terminal is asked nothing; one
# that lacks some without a terminal gets today's usage error.
before=$(count)
form_start submit --kind complaint --channel digital --summary "Đủ cả"
form_end
expect_eq "every flag at a terminal: exit 0" "$FORM_RC" 0
expect_not_contains "every flag at a terminal: no question" "$REST" "Chọn số"
expect_eq "every flag at a terminal: recorded" "$(count)" $((before + 1))
run_cmd out rc cli hoa submit --channel digital --summary x </dev/null
expect_eq "no terminal, no --kind: exit 2" "$rc" 2
expect_contains "no terminal, no --kind: usage error" "$out" "--kind"

# 6. "--summary -" at a terminal, output to a file (so no form): one
# Ctrl-D ends the text, even right after the last word.
before=$(count)
FORM_OUT=$T/receipt.txt form_start submit --kind complaint --channel digital --summary -
see "nhấn Ctrl-D"
type_line "Dòng đầu"
printf 'dòng cuối' >&3 # Ctrl-D right after the text: stdio would wait on.
ctrl_d
form_end
expect_eq "--summary - at a terminal: one Ctrl-D is enough" "$FORM_RC" 0
expect_eq "--summary - at a terminal: recorded" "$(count)" $((before + 1))
receipt=$(grep -o 'BL-[0-9]*-[0-9]*' "$T/receipt.txt" | head -n1)
expect_eq "--summary - at a terminal: the text" \
  "$(json_field summary "$(cli hoa --format json show "$receipt")")" 'Dòng đầu\ndòng cuối'
td_done
