#!/usr/bin/env bash
# Conflicts are decisions, not losses (issue 13, "Tests"). The reception
# officer (hoa) looks at two petitions while online, then the link goes
# down and she types a step on each, on the version she saw. Meanwhile the
# commune's leader (another certificate of xã Bình Lư) moves both petitions
# on. When her outbox sends, neither step is applied: each waits as "needs
# your decision", with what changed, in `tiepdan outbox` and
# `tiepdan outbox show N`. Then both choices: `outbox retry N` applies the
# first step on the petition as it is now (it is still legal), and
# `outbox drop N --reason ...` removes the second, which the leader's step
# made pointless, keeping a line of it in the outbox's journal. Last, a
# summary over the server's limit (common/limits.h, TD_SUMMARY_MAX) typed
# offline is refused when sent and stays in the outbox as refused, and
# `outbox export N FILE` gives back the typed text byte for byte.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

ob() { outbox_of hoa; }
field() { sql "SELECT $2 FROM petitions WHERE receipt_no = '$1'"; }
# entry_of TEXT: the number of hoa's outbox entry whose line in
# `tiepdan outbox` holds TEXT.
entry_of() { cli hoa outbox 2>/dev/null | grep -F -- "$1" | awk '{print $1}' | head -1 || true; }
receipt() { grep -o 'BL-20[0-9][0-9]-[0-9]*' <<<"$1" | head -1; }

# Online: P1, a denunciation (whose time limit may be extended), taken to
# version 3 (received, accepted, in progress); P2 just received (version
# 1); hoa looks at both.
run_cmd out rc cli hoa submit --kind denunciation --channel regular_reception --field land \
  --name "Lò Văn Pằng" --summary "Tố cáo việc lấn chiếm lối đi chung của bản"
p1=$(receipt "$out")
cli hoa accept "$p1" >/dev/null
cli hoa start "$p1" >/dev/null
run_cmd out rc cli hoa submit --kind recommendation --channel regular_reception \
  --summary "Đề nghị sửa cầu treo bản Huổi Luông"
p2=$(receipt "$out")
run_cmd show1 rc cli hoa show "$p1"
expect_contains "hoa saw P1 at version 3" "$show1" "Version:        3"
run_cmd show2 rc cli hoa show "$p2"
expect_contains "hoa saw P2 at version 1" "$show2" "Version:        1"

# Offline: hoa resolves P1 and accepts P2, on the versions she saw.
td_server_stop
run_cmd out rc cli hoa resolve "$p1" --outcome answered_in_writing --retries 0
expect_eq "offline resolve of P1: exit 0 once kept" "$rc" 0
expect_contains "offline resolve of P1: not sent yet" "$out" "Not sent yet"
run_cmd out rc cli hoa accept "$p2" --retries 0
expect_eq "offline accept of P2: exit 0 once kept" "$rc" 0

# Meanwhile the leader, online, extends P1 (version 4) and declines P2.
td_server_start
run_cmd out rc cli leader extend "$p1" --reason "Vụ việc phức tạp, cần xác minh thêm" \
  --decision-no "07/QĐ-UBND"
expect_eq "the leader extends P1: exit 0" "$rc" 0
expect_eq "P1 is at version 4, in progress" "$(field "$p1" "version || '|' || status")" "4|in_progress"
run_cmd out rc cli leader reject "$p2" --reason "Không thuộc thẩm quyền của xã"
expect_eq "the leader declines P2: exit 0" "$rc" 0
v2=$(field "$p2" version)

# The link is back: hoa's steps wait for her decision, nothing applied.
run_cmd sent rc cli hoa outbox send
echo "$sent"
expect_contains "outbox send says two entries need a decision" "$sent" "2 entries need your decision"
expect_eq "P1 was not resolved behind the leader's back" "$(field "$p1" "version || '|' || status")" "4|in_progress"
expect_eq "P2 was not accepted behind the leader's back" "$(field "$p2" "version || '|' || status")" "$v2|not_accepted"
run_cmd list rc cli hoa outbox
echo "$list"
expect_eq "tiepdan outbox: exit 0" "$rc" 0
expect_contains "the resolve of P1 is listed" "$list" "resolve $p1"
expect_contains "the accept of P2 is listed" "$list" "accept $p2"
expect_eq "both wait as needing a decision" "$(grep -c 'needs your decision' <<<"$list")" 2
expect_contains "what changed is said: P1 is no longer at the version hoa saw" "$list" \
  "you saw version 3, it is now version 4 and in progress"
expect_contains "what changed is said: P2 was declined meanwhile" "$list" \
  "you saw version 1, it is now version $v2 and not accepted"
n1=$(entry_of "resolve $p1")
n2=$(entry_of "accept $p2")
run_cmd show rc cli hoa outbox show "$n1"
echo "$show"
expect_eq "outbox show N: exit 0" "$rc" 0
expect_contains "outbox show: the state" "$show" "needs your decision"
expect_contains "outbox show: the step" "$show" "resolve $p1"
expect_contains "outbox show: what changed" "$show" "you saw version 3, it is now version 4"
# Sending again does not try them: they wait for the officer.
run_cmd out rc cli hoa outbox send
expect_eq "sent again: P1 still untouched" "$(field "$p1" "version || '|' || status")" "4|in_progress"

# Retry: the resolve applies to P1 as it is now (extended, in progress).
run_cmd out rc cli hoa outbox retry "$n1"
expect_eq "outbox retry: exit 0" "$rc" 0
expect_contains "outbox retry: says it will be sent" "$out" "will be sent again"
run_cmd out rc cli hoa outbox send --wait
expect_eq "outbox send after the retry: exit 0" "$rc" 0
expect_eq "P1 is resolved on top of the leader's extension, version 5" \
  "$(field "$p1" "version || '|' || status || '|' || outcome")" "5|resolved|answered_in_writing"
expect_eq "P1's history: the leader's extension, then hoa's resolve, once" \
  "$(sql "SELECT string_agg(e.action || ':' || pr.name, ',' ORDER BY e.seq)
          FROM petition_events e JOIN petitions p ON p.id = e.petition_id
          JOIN principals pr ON pr.id = e.actor_id
          WHERE p.receipt_no = '$p1' AND e.action IN ('extend', 'resolve')")" \
  "extend:Hoàng Văn Lãnh,resolve:Nguyễn Thị Hoa"
run_cmd out rc cli hoa outbox show "$n1"
expect_eq "the retried entry has left the outbox" "$rc" 2

# Drop: the accept of P2, which the leader declined, is removed; a line
# is kept in the journal with the reason.
run_cmd out rc cli hoa outbox drop "$n2" --reason "Lãnh đạo đã không thụ lý đơn này"
expect_eq "outbox drop: exit 0" "$rc" 0
expect_contains "outbox drop: says a line is kept" "$out" "keeps a line"
run_cmd list rc cli hoa outbox
expect_contains "the outbox is empty after the decisions" "$list" "The outbox is empty"
expect_eq "the journal keeps the drop: what, on which petition, why" \
  "$(sqlite3 "$(ob)" "SELECT op || '|' || target || '|' || why FROM journal WHERE op = 'accept'")" \
  "accept|$p2|Lãnh đạo đã không thụ lý đơn này"
expect_eq "the journal's line is dated" \
  "$(sqlite3 "$(ob)" "SELECT abs(at - strftime('%s','now')) < 600 FROM journal WHERE op = 'accept'")" 1
expect_eq "P2 stays as the leader left it: not accepted, no accept event" \
  "$(field "$p2" "version || '|' || status")|$(sql "SELECT count(*) FROM petition_events e
      JOIN petitions p ON p.id = e.petition_id WHERE p.receipt_no = '$p2' AND e.action = 'accept'")" \
  "$v2|not_accepted|0"

# A refusal no retry fixes: a summary over the server's limit, typed
# offline from a file, is kept as refused and exported byte for byte.
limit=$(sed -n 's/^#define TD_SUMMARY_MAX \([0-9]*\).*/\1/p' "$TD_SRC/common/limits.h")
{
  printf 'Đơn kiến nghị rất dài của bà con bản Nậm Chà về đường nội đồng.\n'
  for ((i = 1; i * 60 < limit + 200; i++)); do
    printf 'Dòng %04d: mặt đường bị sạt, xe máy không qua được.\n' "$i"
  done
} >"$T/long.txt"
expect_eq "the text is over the server's limit ($limit bytes)" \
  "$(($(stat -c %s "$T/long.txt") > limit))" 1
td_server_stop
run_cmd out rc cli hoa submit --retries 0 --kind recommendation --channel regular_reception \
  --summary - <"$T/long.txt"
expect_eq "offline submit of the long text: exit 0 once kept" "$rc" 0
expect_contains "offline submit of the long text: not sent yet" "$out" "Not sent yet"
td_server_start
before=$(sql "SELECT count(*) FROM petitions")
run_cmd out rc cli hoa outbox send --wait
echo "$out"
expect_contains "outbox send says the entry was refused and kept" "$out" "refused and is kept"
expect_eq "nothing was recorded" "$(sql "SELECT count(*) FROM petitions")" "$before"
n3=$(entry_of "Đơn kiến nghị rất dài")
run_cmd list rc cli hoa outbox
echo "$list"
expect_contains "the long petition is listed as refused" "$list" "refused"
run_cmd show rc cli hoa outbox show "$n3"
expect_contains "outbox show: the server's reason names the summary" "$show" "summary"
run_cmd out rc cli hoa outbox export "$n3" "$T/back.txt"
expect_eq "outbox export N FILE: exit 0" "$rc" 0
expect_eq "the text comes back byte for byte" \
  "$(cmp "$T/long.txt" "$T/back.txt" 2>&1 && echo same)" same
run_cmd out rc cli hoa outbox send --wait
expect_eq "a refused entry is not sent again by itself" "$(sql "SELECT count(*) FROM petitions")" "$before"
run_cmd list rc cli hoa outbox
expect_contains "and it stays in the outbox" "$list" "Đơn kiến nghị rất dài"

td_done
