#!/usr/bin/env bash
# Fewer steps at the counter: list fits 80 columns (--wide for every column)
# and filters by channel, kind, field, status, overdue and due within; show
# prints the notes with their time and author.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start
# What the officer reads: Vietnamese, the client's default (lib.sh runs the
# older tests in English).
export TIEPDAN_LANG=vi

# submit ARGS...: records a petition as hoa; prints its id.
submit() {
  cli hoa --format json submit "$@" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p'
}
# The receipt numbers of a csv listing, sorted, space-separated.
receipts() { cut -d, -f2 | { grep -v receipt_no || true; } | sort | tr '\n' ' '; }
receipt() { sql "SELECT receipt_no FROM petitions WHERE id = $1"; }
# Every line's width in columns (the text is NFC: one character, one column).
widest() { perl -CS -ne 'chomp; $w = length if length > $w; END { print $w + 0 }'; }

old=$(submit --kind complaint --channel regular_reception --field land \
  --received "01/10/2026 08:00" \
  --summary "Khiếu nại việc xác định ranh giới đất khi giải phóng mặt bằng đường tỉnh 132")
dig=$(submit --kind feedback --channel digital --field rural_infrastructure \
  --summary "Phản ánh đường vào bản Nà Đa bị sạt lở")
box=$(submit --kind recommendation --channel suggestion_box --field land \
  --summary "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất")
cli hoa accept "$box" >/dev/null

# The short table: 80 columns, days as dd/mm/yyyy, the server's names.
out=$(cli hoa list)
expect_eq "list: every line within 80 columns" "$(widest <<<"$out")" 80
expect_contains "list: the receipt number" "$out" "$(receipt "$old")"
expect_contains "list: the day received as dd/mm/yyyy" "$out" "01/10/2026"
expect_contains "list: the kind by its Vietnamese name" "$out" "Khiếu nại"
expect_contains "list: the status by its Vietnamese name" "$out" "Đã thụ lý"
expect_contains "list: Vietnamese column heads" "$out" "SỐ BIÊN NHẬN"
expect_not_contains "list: no unit column" "$out" "03390"
out=$(cli hoa --lang en list)
expect_contains "list in English: the server's English names" "$out" "Complaint"
expect_contains "list in English: English heads" "$out" "RECEIPT"
expect_eq "list in English: within 80 columns too" "$((  $(widest <<<"$out") <= 80 ))" 1
# --wide: every column, the summary whole when the terminal is unknown (50).
out=$(cli hoa list --wide)
expect_contains "list --wide: the unit column" "$out" "03390"
expect_contains "list --wide: the time received, day first" "$out" "01/10/2026 08:00"
expect_contains "list --wide: LEFT" "$out" "CÒN"

# Filters, each alone and together.
expect_eq "--channel digital" "$(cli hoa --format csv list --channel digital | receipts)" \
  "$(receipt "$dig") "
expect_eq "--field land" "$(cli hoa --format csv list --field land | receipts)" \
  "$(printf '%s\n' "$(receipt "$old")" "$(receipt "$box")" | sort | tr '\n' ' ')"
expect_eq "--field land --kind recommendation" \
  "$(cli hoa --format csv list --field land --kind recommendation | receipts)" "$(receipt "$box") "
expect_eq "--status accepted" "$(cli hoa --format csv list --status accepted | receipts)" \
  "$(receipt "$box") "
expect_eq "--channel digital --field land: none" \
  "$(cli hoa --format csv list --channel digital --field land | receipts)" ""
expect_contains "a filter that finds nothing says so" \
  "$(cli hoa list --channel dialogue)" "Không có đơn nào."
expect_eq "--overdue: the petition received in October" \
  "$(cli hoa --format csv list --overdue | receipts)" "$(receipt "$old") "
expect_eq "--due-within 30: the two received today" \
  "$(cli hoa --format csv list --due-within 30 --field rural_infrastructure | receipts)" "$(receipt "$dig") "
rc=0
out=$(cli hoa list --channel "not a code" 2>&1) || rc=$?
expect_eq "--channel that is no channel: a usage error, nothing sent (exit 2)" "$rc" 2
expect_contains "... naming the option" "$out" "--channel"
expect_contains "... listing the valid channels" "$out" "Tiếp công dân thường xuyên (regular_reception)"

# show prints the notes, each with its time and author.
out=$(cli hoa show "$dig")
expect_not_contains "show without notes: no notes heading" "$out" "Các ghi chú:"
cli hoa note "$dig" "Đã gọi điện cho công dân, hẹn khảo sát thứ Hai" >/dev/null
cli leader note "$dig" "Giao công chức địa chính - xây dựng kiểm tra" >/dev/null
out=$(cli hoa show "$dig")
expect_contains "show: the notes' heading" "$out" "Các ghi chú:"
expect_contains "show: the first note" "$out" "Đã gọi điện cho công dân, hẹn khảo sát thứ Hai"
expect_contains "show: the second note" "$out" "Giao công chức địa chính - xây dựng kiểm tra"
expect_contains "show: the note's author" "$out" "Hoàng Văn Lãnh:"
expect_contains "show: the note's time" "$out" \
  "$(sql "SELECT to_char(at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI') FROM petition_events WHERE petition_id = $dig AND action = 'note' ORDER BY seq LIMIT 1")"
expect_eq "show: the notes in the order written" \
  "$(grep -n -e "Đã gọi điện" -e "Giao công chức" <<<"$out" | cut -d: -f1 | tr '\n' ' ')" \
  "$(grep -n -e "Đã gọi điện" -e "Giao công chức" <<<"$out" | cut -d: -f1 | sort -n | tr '\n' ' ')"
out=$(cli hoa --lang en show "$dig")
expect_contains "show in English: the heading" "$out" "Notes:"
# csv and json stay one record, for scripts.
expect_eq "show --format csv: a header and one row" \
  "$(cli hoa --format csv show "$dig" | wc -l)" 2

# history shows the reads of a denouncer's identity only with --audit; they
# stay recorded.
den=$(submit --kind denunciation --channel regular_reception --name "Lò Văn Tố" \
  --summary "Tố cáo việc thu tiền trái quy định")
cli hoa show "$den" >/dev/null
cli hoa show "$den" >/dev/null
expect_eq "two shows of a denunciation: two identity reads recorded" \
  "$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $den AND action = 'identity_read'")" 2
out=$(cli hoa --format csv history "$den")
expect_not_contains "history: no identity reads" "$out" "identity_read"
expect_contains "history: the submission" "$out" "submit"
# (history records its own read of the identity, after reading the steps.)
n=$(sql "SELECT count(*) FROM petition_events WHERE petition_id = $den AND action = 'identity_read'")
out=$(cli hoa --format csv history --audit "$den")
expect_eq "history --audit: every identity read recorded before it" \
  "$(grep -c identity_read <<<"$out")" "$n"

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
