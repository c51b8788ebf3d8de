#!/usr/bin/env bash
# What the official forms need of sessions (issue 14): the head's periodic
# and ad hoc receptions and delegated ones beside the routine ones, the
# Front's supervisions and social criticisms; a periodic reception's number
# in its year (the next by default), a theme, the mass delegations received.
# A delegated reception is refused for a commune from 1 July 2026 (Luật
# 136/2025/QH15); the Front records its own sessions and only those.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

nsessions() { sql "SELECT count(*) FROM sessions"; }
last() { sql "SELECT max(id) FROM sessions"; }
# The stored fields of a session: type|number|theme|attendees|groups|group_people|closed.
row() {
  sql "SELECT type, coalesce(number::text, '-'), coalesce(theme, '-'),
              coalesce(attendees::text, '-'), coalesce(groups::text, '-'),
              coalesce(group_people::text, '-'), closed_at IS NOT NULL
       FROM sessions WHERE id = $1"
}

# Every new type, opened and closed, read back. ----------------------------

run_cmd out rc cli hoa session open --type adhoc --number 2 --theme "Đất rừng bản Nà Đa" \
  --presided-by "Chủ tịch UBND xã" --at "10/03/2026 08:00"
expect_eq "adhoc: opened" "$rc" 0
adhoc=$(last)
expect_contains "adhoc: the number printed" "$out" "Number:         2"
expect_contains "adhoc: the theme printed" "$out" "Theme:          Đất rừng bản Nà Đa"
run_cmd out rc cli hoa session close "$adhoc" --attendees 30 --opinions 4 --groups 1 --group-people 12 \
  --at "10/03/2026 11:00"
expect_eq "adhoc: closed" "$rc" 0
expect_contains "adhoc: the delegations printed" "$out" "Delegations:    1 (12 people)"
expect_eq "adhoc: stored" "$(row "$adhoc")" "adhoc_reception|2|Đất rừng bản Nà Đa|30|1|12|t"

run_cmd out rc cli leader session open --type delegated --presided-by "Phó Chủ tịch UBND xã" \
  --at "30/06/2026 23:59"
expect_eq "delegated on 30/06/2026: opened" "$rc" 0
delegated=$(last)
run_cmd out rc cli leader session close "$delegated" --attendees 5 --groups 0 --at "01/07/2026 00:30"
expect_eq "delegated: closed" "$rc" 0
expect_eq "delegated: stored" "$(row "$delegated")" "delegated_reception|-|-|5|0|-|t"

run_cmd out rc cli front_xa session open --type supervision --title "Giám sát việc giải quyết đơn" \
  --theme "Bồi thường giải phóng mặt bằng" --presided-by "Chủ tịch UBMTTQ xã" --at "15/04/2026 08:00"
expect_eq "the Front opens a supervision" "$rc" 0
sup=$(last)
run_cmd out rc cli front_xa session close "$sup" --attendees 9 --opinions 3 --at "15/04/2026 16:00"
expect_eq "the Front closes its supervision" "$rc" 0
expect_eq "supervision: stored" "$(row "$sup")" "supervision|-|Bồi thường giải phóng mặt bằng|9|-|-|t"

run_cmd out rc cli front_xa session open --type social_criticism --title "Phản biện dự thảo quy hoạch" \
  --presided-by "Chủ tịch UBMTTQ xã" --at "20/05/2026 08:00"
expect_eq "the Front opens a social criticism (by its code)" "$rc" 0
crit=$(last)
run_cmd out rc cli front_xa session close "$crit" --attendees 25 --opinions 11 --resolved-on-spot 6 \
  --forwarded 5 --at "20/05/2026 11:00"
expect_eq "the Front closes its social criticism" "$rc" 0
expect_eq "social criticism: stored" "$(row "$crit")" "social_criticism|-|-|25|-|-|t"

# Two dialogues and a youth dialogue read apart by their themes (item 7).
cli hoa session open --type dialogue --title "Đối thoại tại Kà Tinh" --presided-by "Chủ tịch UBND xã" \
  --at "02/03/2026 08:00" >/dev/null
cli hoa session open --type dialogue --title "Đối thoại tại Kà Tinh" --theme "Đối thoại với thanh niên" \
  --presided-by "Bí thư Đoàn xã" --at "03/03/2026 08:00" >/dev/null
youth=$(last)
expect_eq "a dialogue keeps its theme" "$(row "$youth")" "dialogue|-|Đối thoại với thanh niên|-|-|-|f"

# Periodic receptions are numbered in their commune and year. ---------------

periodic() { # AT [extra options]: opens one as WHO=${who:-hoa}, prints its number
  local at=$1
  shift
  cli "${who:-hoa}" session open --type periodic --presided-by "Chủ tịch UBND xã" --at "$at" "$@" >/dev/null
  sql "SELECT coalesce(number::text, '-') FROM sessions WHERE id = $(last)"
}
expect_eq "the first periodic of 2026 is no. 1" "$(periodic "05/03/2026 08:00")" 1
expect_eq "the next is no. 2" "$(periodic "05/04/2026 08:00")" 2
expect_eq "the leader's of the same commune follows: no. 3" "$(who=leader periodic "05/05/2026 08:00")" 3
expect_eq "a number given is kept: 7" "$(periodic "05/06/2026 08:00" --number 7)" 7
expect_eq "the default follows the highest: 8" "$(periodic "05/07/2026 08:00")" 8
expect_eq "late on 31/12/2025, Vietnam time, is the first of 2025" "$(periodic "31/12/2025 23:30")" 1
expect_eq "another commune counts its own: no. 1" "$(who=lan periodic "05/03/2026 08:00")" 1
expect_eq "an ad hoc reception has no number unless given" \
  "$(cli hoa session open --type adhoc --presided-by x --at "06/03/2026 08:00" >/dev/null
     sql "SELECT coalesce(number::text, '-') FROM sessions WHERE id = $(last)")" "-"
out=$(cli hoa --format json session list --type periodic)
expect_contains "list --format json carries the number" "$out" '"number":8,'
out=$(cli hoa session list --type periodic)
expect_contains "list prints the number with the type" "$out" "Periodic reception by the head, no. 8"
out=$(TIEPDAN_LANG=vi cli hoa session list --type periodic)
expect_contains "vi: list names the type from the terms, with its number" "$out" \
  "Tiếp định kỳ của Chủ tịch UBND, kỳ tiếp số 8"
out=$(TIEPDAN_LANG=vi cli hoa session list --type adhoc)
expect_contains "vi: list prints the delegations" "$out" "1 đoàn (12 người)"
expect_contains "vi: list prints the theme after the title" "$out" "chủ đề: Đất rừng bản Nà Đa"
out=$(cli hoa --format csv session list --type dialogue)
expect_contains "csv carries the theme" "$out" "Đối thoại với thanh niên"
expect_eq "csv header ends with the new fields" "$(head -1 <<<"$out" | tr -d '\r')" \
  "id,unit_code,unit_name,type,title,presided_by,opened_at,closed_at,attendees,opinions,resolved_on_spot,forwarded,petitions,note,number,theme,groups,group_people"

# A number only where the forms have one. -----------------------------------
before=$(nsessions)
run_cmd out rc cli hoa session open --type dialogue --number 2 --presided-by x
expect_eq "client: --number on a dialogue is a usage error" "$rc" 2
expect_contains "client: says why" "$out" "--number is only for a periodic or ad hoc reception"
out=$(probe hoa set number 2 open-session dialogue expect)
expect_contains "server: a number on a dialogue is refused" "$out" "code=INVALID_ARGUMENT"
expect_contains "server: naming the field" "$out" "field=number"
expect_contains "server: in words" "$out" "only periodic and ad hoc receptions have a session number"
out=$(probe hoa set number 0 open-session periodic_reception expect)
expect_contains "server: number 0 is refused" "$out" "field=number"
out=$(probe hoa set number 1001 open-session periodic_reception expect)
expect_contains "server: number 1001 is refused" "$out" "from 1 to 1000"
expect_eq "nothing was opened by the refusals" "$(nsessions)" "$before"

# Delegated reception: refused from 1 July 2026 (Vietnam time). ------------
before=$(nsessions)
run_cmd out rc cli hoa session open --type delegated --presided-by "Phó Chủ tịch UBND xã" \
  --at "01/07/2026 00:00"
expect_eq "delegated on 01/07/2026: refused" "$rc" 4
expect_contains "delegated: says the law" "$out" "136/2025/QH15"
run_cmd out rc env TIEPDAN_LANG=vi "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
  --cert "$TD_PKI/leader.crt" --key "$TD_PKI/leader.key" session open --type delegated \
  --presided-by x --at "15/08/2026 08:00"
expect_eq "vi: refused" "$rc" 4
expect_contains "vi: in the officer's words" "$out" \
  "Từ ngày 01/7/2026, Chủ tịch UBND xã không được ủy quyền tiếp công dân (Luật số 136/2025/QH15)"
# 30/06/2026 17:00 UTC is 01/07/2026 00:00 in Vietnam: refused on the wire too.
out=$(probe hoa set at 1782838800 open-session delegated_reception expect)
expect_contains "probe: 01/07/2026 00:00 Vietnam time is refused" "$out" "code=INVALID_ARGUMENT retryable=0 field=type"
out=$(probe hoa set at 1782838799 open-session delegated_reception expect)
expect_contains "probe: one second earlier is accepted" "$out" "reply id="
run_cmd out rc cli hoa session open --type delegated --presided-by x
expect_eq "delegated today (after 01/07/2026): refused" "$rc" 4
expect_eq "only the one second earlier was recorded" "$(nsessions)" "$((before + 1))"
expect_eq "no delegated reception on or after 01/07/2026" \
  "$(sql "SELECT count(*) FROM sessions WHERE type = 'delegated_reception'
            AND (opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= DATE '2026-07-01'")" 0

# Mass delegations that do not add up: refused, nothing changed. ----------
cli hoa session open --type regular --presided-by "Công chức tiếp dân" --at "02/09/2026 08:00" >/dev/null
reg=$(last)
state() { sql "SELECT row(s.*)::text FROM sessions s WHERE id = $reg"; }
was=$(state)
bad() { # WHAT EXPECT ATTENDEES GROUPS GROUP_PEOPLE
  local out
  out=$(probe hoa set groups "$4" set group_people "$5" close-session "$reg" "$3" 0 0 0 expect)
  expect_contains "server: $1" "$out" "$2"
  expect_eq "server: $1: nothing changed" "$(state)" "$was"
}
bad "fewer people than delegations" "3 people cannot make 4 mass delegations" 10 4 3
bad "more people in delegations than attendees" "11 people in mass delegations cannot be more than the 10 attendees" 10 1 11
out=$(probe hoa set group_people 5 close-session "$reg" 10 0 0 0 expect)
expect_contains "server: people without the delegations' number, naming group_people" "$out" \
  "field=group_people msg=group_people: give the number of mass delegations (groups)"
out=$(probe hoa set groups 2 close-session "$reg" 10 0 0 0 expect)
expect_contains "server: delegations without their people, naming groups" "$out" \
  "field=groups msg=groups: give the people in the 2 mass delegations"
expect_eq "server: one-sided delegations: nothing changed" "$(state)" "$was"
run_cmd out rc cli hoa session close "$reg" --attendees 10 --groups 2 --group-people 1
expect_eq "client: fewer people than delegations is a usage error" "$rc" 2
run_cmd out rc cli hoa session close "$reg" --attendees 10 --groups 1 --group-people 11
expect_eq "client: more than the attendees is a usage error" "$rc" 2
run_cmd out rc cli hoa session close "$reg" --group-people 5
expect_eq "client: people without delegations is a usage error" "$rc" 2
expect_eq "the session is still open and unchanged" "$(state)" "$was"
out=$(probe hoa set groups 4 set group_people 3 close-session "$reg" 10 0 0 0 expect)
expect_contains "the template reaches the wire" "$out" "field=group_people"
run_cmd out rc cli hoa session close "$reg" --attendees 10 --groups 1 --group-people 10 --at "02/09/2026 11:00"
expect_eq "people in delegations equal to the attendees: closed" "$rc" 0
expect_eq "regular: stored" "$(row "$reg")" "regular_reception|-|-|10|1|10|t"

# Who records which sessions. -----------------------------------------------
before=$(nsessions)
run_cmd out rc cli front_xa session open --type regular --presided-by x
expect_eq "the Front cannot open a regular reception" "$rc" 4
expect_contains "the Front: told why" "$out" "the front role may not open or close a session of type regular_reception"
run_cmd out rc cli hoa session open --type supervision --presided-by x
expect_eq "a reception officer cannot open a supervision" "$rc" 4
expect_contains "the officer: told why" "$out" "may not open or close a session of type supervision"
out=$(TIEPDAN_LANG=vi cli leader session open --type criticism --presided-by x 2>&1 || true)
expect_contains "vi: the leader cannot open a social criticism, in words" "$out" \
  "không được mở hoặc kết thúc buổi Phản biện xã hội của MTTQ"
out=$(probe front_xa open-session dialogue expect)
expect_contains "probe: the Front's dialogue is PERMISSION_DENIED" "$out" "code=PERMISSION_DENIED retryable=0 field=type"
cli hoa session open --type regular --presided-by x --at "03/09/2026 08:00" >/dev/null
reg2=$(last)
before=$(nsessions)
run_cmd out rc cli front_xa session close "$reg2" --attendees 3
expect_eq "the Front cannot close a commune's reception" "$rc" 4
expect_contains "the Front: told the session's type" "$out" "session of type regular_reception"
expect_eq "the reception stays open" "$(row "$reg2")" "regular_reception|-|-|-|-|-|f"
cli front_xa session open --type supervision --presided-by x --at "04/09/2026 08:00" >/dev/null
sup2=$(last)
run_cmd out rc cli hoa session close "$sup2" --attendees 3
expect_eq "an officer cannot close the Front's supervision" "$rc" 4
expect_eq "the supervision stays open" "$(row "$sup2")" "supervision|-|-|-|-|-|f"
run_cmd out rc cli front_tinh session open --unit 03390 --type supervision --presided-by x \
  --at "05/09/2026 08:00"
expect_eq "the province's Front records a supervision in a commune of its area" "$rc" 0
run_cmd out rc cli front_xa session open --unit 03405 --type supervision --presided-by x
expect_eq "the commune's Front cannot in a neighbouring commune" "$rc" 4
run_cmd out rc cli tinh session open --unit 03390 --type supervision --presided-by x
expect_eq "a dashboard records nothing" "$rc" 4
expect_eq "two more sessions in all: the Front's supervisions" "$(nsessions)" "$((before + 2))"

# Idempotency covers the new fields: the same key with another number or
# theme is a conflict; the same request again answers the first session.
k=$(uuid)
out=$(probe hoa set key "$k" set number 4 open-session adhoc_reception expect \
  set key "$k" set number 4 open-session adhoc_reception expect \
  set key "$k" set number 5 open-session adhoc_reception expect \
  set key "$k" set number 4 set theme "khác" open-session adhoc_reception expect)
expect_contains "the first is opened" "$(sed -n 1p <<<"$out")" "duplicate=0"
expect_contains "the same again is the duplicate" "$(sed -n 2p <<<"$out")" "duplicate=1"
expect_contains "another number under the key is a conflict" "$(sed -n 3p <<<"$out")" "code=CONFLICT"
expect_contains "another theme under the key is a conflict" "$(sed -n 4p <<<"$out")" "code=CONFLICT"
k=$(uuid)
cli hoa session open --type regular --presided-by x --at "06/09/2026 08:00" >/dev/null
reg3=$(last)
out=$(probe hoa set key "$k" set groups 1 set group_people 5 close-session "$reg3" 20 0 0 0 expect \
  set key "$k" set groups 2 set group_people 5 close-session "$reg3" 20 0 0 0 expect)
expect_contains "a close with delegations" "$(sed -n 1p <<<"$out")" "closed=1"
expect_contains "the key with other delegations is a conflict" "$(sed -n 2p <<<"$out")" "code=CONFLICT"
expect_eq "the close kept the first figures" "$(row "$reg3")" "regular_reception|-|-|20|1|5|t"

# Offline: kept in the outbox with every new field, sent once later. -------
td_server_stop
run_cmd out rc cli hoa session open --type periodic --number 12 --theme "Tiếp dân về đất đai" \
  --presided-by "Chủ tịch UBND xã" --at "10/09/2026 08:00"
expect_eq "offline open: exit 0 once kept" "$rc" 0
expect_contains "offline open: kept" "$out" "Not sent yet"
td_server_start
run_cmd out rc cli hoa outbox send
expect_eq "outbox send: exit 0" "$rc" 0
kept=$(sql "SELECT id FROM sessions WHERE theme = 'Tiếp dân về đất đai'")
expect_eq "the kept open arrived once with its number and theme" "$(row "$kept")" \
  "periodic_reception|12|Tiếp dân về đất đai|-|-|-|f"
td_server_stop
run_cmd out rc cli hoa session close "$kept" --attendees 60 --groups 2 --group-people 14 \
  --at "10/09/2026 11:00"
expect_eq "offline close: exit 0 once kept" "$rc" 0
td_server_start
run_cmd out rc cli hoa outbox send
expect_eq "outbox send: exit 0" "$rc" 0
run_cmd out rc cli hoa outbox send
expect_eq "the kept close arrived once with its delegations" "$(row "$kept")" \
  "periodic_reception|12|Tiếp dân về đất đai|60|2|14|t"
expect_eq "sent twice: one session" "$(sql "SELECT count(*) FROM sessions WHERE theme = 'Tiếp dân về đất đai'")" 1

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
