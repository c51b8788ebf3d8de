#!/usr/bin/env bash
# The server's refusals in the officer's language. The server sends with
# each error the English template of its message and the values; the client
# words it through its catalog: in Vietnamese (the default) no English word
# and no code name reaches the screen, the field is named in Vietnamese with
# its option, and the hint is Vietnamese too; with --lang en every line reads
# exactly as before, for scripts and the other tests.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# Common English words that would betray an untranslated message; none of
# them is a Vietnamese syllable. Checked as whole words, ignoring case, after
# the option names (--kind), the program's name and the commands a hint
# quotes ("tiepdan session list").
english_words=(the is are was not no your area petition petitions found
  cannot can must role may with of and for this that already again server
  error refused hint field option invalid argument permission denied
  illegal transition conflict version changed received accepted status
  step required summary kind number receipt unit session closed before
  after only key used different record submit new please reason)

# vi WHAT STATUS WHO ARGS...: runs the client in Vietnamese (its default:
# no --lang, TIEPDAN_LANG unset), checks its exit status and leaves its
# output in $out; en the same with --lang en.
vi() {
  local what=$1 want=$2 rc=0
  shift 2
  out=$(TIEPDAN_LANG='' cli "$@" 2>&1) || rc=$?
  expect_eq "$what (vi): exit status" "$rc" "$want"
}
en() {
  local what=$1 want=$2 who=$3 rc=0
  shift 3
  out=$(cli "$who" --lang en "$@" 2>&1) || rc=$?
  expect_eq "$what (en): exit status" "$rc" "$want"
}

# No English word, no code name (NOT_FOUND, INVALID_ARGUMENT ...) in $out.
no_english() {
  local what=$1 text w found=()
  text=$(sed -E 's/"tiepdan [^"]*"//g; s/--[a-z-]+//g; s/tiepdan//g' <<<"$out")
  for w in "${english_words[@]}"; do
    grep -qiw -- "$w" <<<"$text" && found+=("$w")
  done
  if [[ $text =~ [A-Z]+_[A-Z_]+ ]]; then found+=("${BASH_REMATCH[0]}"); fi
  if ((${#found[@]} == 0)); then
    pass "$what (vi): no English word"
  else
    fail "$what (vi): no English word" "found: ${found[*]}" "output: $out"
  fi
}

cli hoa submit --kind complaint --channel regular_reception --field land \
  --summary "Đề nghị sửa đường điện thôn Nà Phát" >/dev/null
id=$(sql "SELECT id FROM petitions")

# 1. No such petition, by id.
vi "not found by id" 4 hoa show 999999
expect_contains "not found by id (vi): worded" "$out" \
  "tiepdan: Máy chủ từ chối: không tìm thấy: không có đơn nào mã 999999 trong địa bàn của bạn"
expect_contains "not found by id (vi): hint" "$out" "  Gợi ý: "
no_english "not found by id"
en "not found by id" 4 hoa show 999999
expect_contains "not found by id (en): as before" "$out" \
  "tiepdan: refused: NOT_FOUND: no petition with id 999999 in your area"
expect_contains "not found by id (en): hint as before" "$out" "  hint: check the id"

# 2. No such petition, by receipt number.
vi "not found by receipt" 4 hoa show BL-2099-999999
expect_contains "not found by receipt (vi): worded" "$out" \
  "không có đơn nào có số biên nhận BL-2099-999999 trong địa bàn của bạn"
no_english "not found by receipt"
en "not found by receipt" 4 hoa show BL-2099-999999
expect_contains "not found by receipt (en): as before" "$out" \
  "refused: NOT_FOUND: no petition with receipt number BL-2099-999999 in your area"

# 3. A step the petition's status does not allow: the step, the reason and
# the status all in Vietnamese (the status by the server's reference data).
vi "start before accept" 4 hoa start "$id"
expect_contains "start before accept (vi): worded" "$out" \
  "Máy chủ từ chối: bước xử lý không được phép: không thể bắt đầu giải quyết: đơn phải được thụ lý trước khi bắt đầu giải quyết"
expect_contains "start before accept (vi): the field" "$out" "  Trường: bước xử lý"
no_english "start before accept"
en "start before accept" 4 hoa start "$id"
expect_contains "start before accept (en): as before" "$out" \
  "refused: ILLEGAL_TRANSITION: cannot start: a petition must be accepted before work on it starts (the petition is received)"
expect_contains "start before accept (en): field as before" "$out" "  field: action"

# 4. Extending a petition with no deadline running.
vi "extend before accept" 4 hoa extend "$id" --reason "Cần xác minh thêm"
expect_contains "extend before accept (vi): worded" "$out" \
  "không thể gia hạn: chỉ gia hạn được đơn đã thụ lý hoặc đang giải quyết"
no_english "extend before accept"

# 5. A role that may not change petitions.
vi "front may not accept" 4 front_xa accept "$id"
expect_contains "front may not accept (vi): worded" "$out" \
  "Máy chủ từ chối: không được phép: vai trò Mặt trận không được thay đổi đơn"
no_english "front may not accept"
en "front may not accept" 4 front_xa accept "$id"
expect_contains "front may not accept (en): as before" "$out" \
  "refused: PERMISSION_DENIED: the front role may not change a petition"

# 6. A role that may not record petitions: the kind by its Vietnamese name.
vi "dashboard may not submit" 4 tinh submit --kind complaint \
  --channel regular_reception --field land --summary "Thử"
expect_contains "dashboard may not submit (vi): worded" "$out" \
  "vai trò theo dõi không được ghi nhận đơn loại "
expect_not_contains "dashboard may not submit (vi): kind named, not coded" "$out" \
  "loại complaint"
expect_contains "dashboard may not submit (vi): the field" "$out" \
  "  Trường: loại đơn (tùy chọn --kind)"
no_english "dashboard may not submit"
en "dashboard may not submit" 4 tinh submit --kind complaint \
  --channel regular_reception --field land --summary "Thử"
expect_contains "dashboard may not submit (en): as before" "$out" \
  "refused: PERMISSION_DENIED: the dashboard role may not log a petition of kind complaint"

# 7. A key reused for a different petition: CONFLICT.
k=$(uuid)
cli hoa submit --key "$k" --kind complaint --channel regular_reception \
  --summary "Đơn thứ nhất" >/dev/null
vi "key reused" 4 hoa submit --key "$k" --kind complaint \
  --channel regular_reception --summary "Đơn thứ hai"
expect_contains "key reused (vi): worded" "$out" \
  "Máy chủ từ chối: xung đột: khóa chống trùng $k đã được dùng cho một đơn khác"
expect_contains "key reused (vi): the field" "$out" \
  "  Trường: khóa chống trùng (tùy chọn --key)"
no_english "key reused"
en "key reused" 4 hoa submit --key "$k" --kind complaint \
  --channel regular_reception --summary "Đơn thứ hai"
expect_contains "key reused (en): as before" "$out" \
  "refused: CONFLICT: idempotency key $k was already used for a different petition"

# 8. A unit outside the caller's area: INVALID_ARGUMENT on unit_code.
vi "unit out of area" 4 hoa list --unit 99999
expect_contains "unit out of area (vi): worded" "$out" \
  "Máy chủ từ chối: thông tin không hợp lệ: không có đơn vị 99999 trong địa bàn của bạn"
expect_contains "unit out of area (vi): the field" "$out" \
  "  Trường: mã đơn vị (tùy chọn --unit)"
expect_contains "unit out of area (vi): hint" "$out" \
  "  Gợi ý: hãy sửa tùy chọn đó rồi chạy lại lệnh"
no_english "unit out of area"
en "unit out of area" 4 hoa list --unit 99999
expect_contains "unit out of area (en): as before" "$out" \
  "refused: INVALID_ARGUMENT: unit_code: there is no unit 99999 in your area"
expect_contains "unit out of area (en): field as before" "$out" \
  "  field: unit_code (option --unit)"

# 9. A village the commune does not have.
vi "unknown village" 4 hoa submit --kind complaint --channel regular_reception \
  --village 99999 --summary "Thử"
expect_contains "unknown village (vi): worded" "$out" "xã này không có thôn 99999"
no_english "unknown village"

# 10. A step dated before the petition was received: the field worded as
# the message's own value.
vi "step before receipt" 4 hoa accept "$id" --at "01/01/2001 08:00"
expect_contains "step before receipt (vi): worded" "$out" \
  "thời điểm này trước khi đơn được tiếp nhận"
no_english "step before receipt"

# 11. A received time in the future: the field's name is a value of the
# message ("%s: is in the future"), worded as its label.
vi "received in the future" 4 hoa submit --kind complaint \
  --channel regular_reception --received "01/01/2031 08:00" --summary "Thử"
expect_contains "received in the future (vi): worded" "$out" \
  "thời điểm tiếp nhận: là thời điểm trong tương lai"
no_english "received in the future"
en "received in the future" 4 hoa submit --kind complaint \
  --channel regular_reception --received "01/01/2031 08:00" --summary "Thử"
expect_contains "received in the future (en): as before" "$out" \
  "refused: INVALID_ARGUMENT: received_at: is in the future"

# 12. A session closed twice.
sid=$(cli hoa session open --type regular --presided-by "Hoàng Văn Lãnh" |
  grep -o '[0-9]\+' | head -1)
cli hoa session close "$sid" >/dev/null
vi "session closed twice" 4 hoa session close "$sid"
expect_contains "session closed twice (vi): worded" "$out" \
  "buổi tiếp số $sid đã kết thúc"
no_english "session closed twice"
en "session closed twice" 4 hoa session close "$sid"
expect_contains "session closed twice (en): as before" "$out" \
  "session $sid is already closed"

# 13. An unknown kind, when the server is the one to refuse it (a client
# that knows the kinds refuses it itself, in Vietnamese as well).
vi "unknown kind" "$(
  rc=0
  TIEPDAN_LANG='' cli hoa submit --kind nope --channel regular_reception \
    --summary "Thử" >/dev/null 2>&1 || rc=$?
  echo $rc
)" hoa submit --kind nope --channel regular_reception --summary "Thử"
if [[ $out == *"Máy chủ từ chối"* ]]; then
  expect_contains "unknown kind (vi): worded, as typed" "$out" \
    "'nope' không phải loại đơn đã biết"
fi
no_english "unknown kind"

# 14. A request the role may not make at all: the role and the request
# both named in Vietnamese.
vi "reception may not list principals" 4 hoa admin principal list
expect_contains "reception may not list principals (vi): worded" "$out" \
  "Máy chủ từ chối: không được phép: vai trò tiếp công dân không được liệt kê người dùng"
no_english "reception may not list principals"
en "reception may not list principals" 4 hoa admin principal list
expect_contains "reception may not list principals (en): as before" "$out" \
  "refused: PERMISSION_DENIED: the reception role may not do list_principals"

# Nothing any refusal was about was recorded.
expect_eq "refusals recorded nothing" "$(sql "SELECT count(*) FROM petitions")" 2

td_done
