#!/usr/bin/env bash
# Who may do what, through the wire, as each officer would try it with their
# own certificate: role x relation x operation, the table the server enforces
# (server/domain/permit.c). The relation is that of the unit acted on to the
# caller's unit: own, child (below it), parent, sibling or unrelated. Only the
# own unit and the units below it are ever in reach, and what is out of reach
# answers exactly as what does not exist. A denouncer's identity leaves the
# server only for the handling commune's officers, and each time it does, the
# history records it. Every refusal is logged with who asked and why.
. "$(dirname "$0")/lib.sh"
# The client's own words are checked in English (the default is Vietnamese).
export TIEPDAN_LANG=en
td_test_db
# Four-digit petition ids, so that an id that does not exist and has as many
# digits as a real one is at hand: 9999.
sql "ALTER TABLE petitions ALTER COLUMN id RESTART WITH 1000"
td_server_start

# The certificates tests/run.sh made, and the names they carry.
declare -A name=(
  [hoa]="Nguyễn Thị Hoa"                # reception @ 03390 Xã Bình Lư
  [leader]="Hoàng Văn Lãnh"             # leader    @ 03390
  [front_xa]="Mặt trận xã Bình Lư"      # front     @ 03390
  [lan]="Lò Thị Lan"                    # reception @ 03405 Xã Tả Lèng: 03390 is a sibling
  [tinh]="Sùng A Tính"                  # dashboard @ 12 Tỉnh Lai Châu: 03390 is a child
  [front_tinh]="Mặt trận tỉnh Lai Châu" # front     @ 12
  [admin]="Lê Văn Quản"                 # admin     @ 12
  [dash_db]="Giàng A Dũng"              # dashboard @ 11 Tỉnh Điện Biên: unrelated
  [muongnhe]="Lò Văn Nhé"               # reception @ 03160 Xã Mường Nhé, in 11: unrelated
)

# as WHO ARGS...: the client as WHO, all it wrote on stdout and stderr; if it
# fails, that is printed too, so that the check reading it fails and says
# why while the test goes on to the next.
as() { cli "$@" 2>&1 || echo "(tiepdan exited $?)"; }

# submit WHO ARGS...: records a petition as WHO and prints its id (nothing
# if it was refused: then the checks on it fail).
submit() {
  local who=$1
  shift
  as "$who" --format json submit --channel regular_reception "$@" |
    sed -n 's/^{"id":\([0-9]*\),.*/\1/p'
}
receipt() { sql "SELECT receipt_no FROM petitions WHERE id = ${1:-0}"; }

# What the matrix acts on: petitions and sessions of xã Bình Lư (03390).
complaint=$(submit hoa --kind complaint --field land --summary "Tranh chấp ranh giới đất bản Nà Đa")
recommendation=$(submit hoa --kind recommendation --field rural_infrastructure \
  --summary "Kiến nghị sửa đường vào bản Chu Va")
complaint_receipt=$(receipt "$complaint")
expect_contains "setup: a complaint of 03390" "$complaint_receipt" "BL-"

# Lists of an area that holds nothing of the caller's are empty, not errors.
expect_eq "lan's own commune has no petitions yet: empty list" \
  "$(as lan list)" "No petitions found."
expect_eq "the province's dashboard, a commune below it with none: empty list" \
  "$(as tinh list --unit 03430)" "No petitions found."
sibling=$(submit lan --kind complaint --summary "Khiếu nại của xã Tả Lèng")
unrelated=$(submit muongnhe --kind complaint --summary "Khiếu nại của xã Mường Nhé")
expect_contains "setup: a petition of the sibling commune" "$(receipt "$sibling")" "TL-"
expect_contains "setup: a petition of the unrelated commune" "$(receipt "$unrelated")" "MN-"

# The matrix ---------------------------------------------------------------------
#
# One row per certificate x relation x operation. Petition operations act on
# petitions of 03390; unit operations on --unit 03390, or, for the parent
# relation, on --unit 12, the province above 03390. Expected: ok, or the code
# the refusal carries. accept states --expect-version, so that what reaches
# the server is the change itself and not the read the client would make
# first; a note needs no version and the client reads nothing before it.
# session_open opens a regular reception, session_front a supervision: the
# Front records its own sessions and only those, the commune's officers
# none of the Front's.
holidays=$T/holidays-2031.csv
printf '2031-01-01,Tết Dương lịch\n' >"$holidays"
matrix="
# who        relation   operation         expected
hoa          own        submit_complaint  ok
hoa          own        submit_rec        ok
hoa          own        show              ok
hoa          own        list              ok
hoa          own        history           ok
hoa          own        accept            ok
hoa          own        note_rec          ok
hoa          own        note_complaint    ok
hoa          own        session_open      ok
hoa          own        session_front     PERMISSION_DENIED
hoa          own        session_list      ok
hoa          own        holidays_load     PERMISSION_DENIED
hoa          own        principal_list    PERMISSION_DENIED
hoa          parent     submit_complaint  INVALID_ARGUMENT
hoa          parent     submit_rec        INVALID_ARGUMENT
hoa          parent     list              INVALID_ARGUMENT
hoa          parent     session_open      INVALID_ARGUMENT
hoa          parent     session_front     PERMISSION_DENIED
hoa          parent     session_list      INVALID_ARGUMENT

leader       own        submit_complaint  ok
leader       own        submit_rec        ok
leader       own        show              ok
leader       own        list              ok
leader       own        history           ok
leader       own        accept            ok
leader       own        note_rec          ok
leader       own        note_complaint    ok
leader       own        session_open      ok
leader       own        session_front     PERMISSION_DENIED
leader       own        session_list      ok
leader       own        holidays_load     PERMISSION_DENIED
leader       own        principal_list    PERMISSION_DENIED
leader       parent     submit_complaint  INVALID_ARGUMENT
leader       parent     list              INVALID_ARGUMENT
leader       parent     session_open      INVALID_ARGUMENT
leader       parent     session_front     PERMISSION_DENIED

front_xa     own        submit_complaint  PERMISSION_DENIED
front_xa     own        submit_rec        ok
front_xa     own        show              ok
front_xa     own        list              ok
front_xa     own        history           ok
front_xa     own        accept            PERMISSION_DENIED
front_xa     own        note_rec          ok
front_xa     own        note_complaint    PERMISSION_DENIED
front_xa     own        session_open      PERMISSION_DENIED
front_xa     own        session_front     ok
front_xa     own        session_list      ok
front_xa     own        holidays_load     PERMISSION_DENIED
front_xa     own        principal_list    PERMISSION_DENIED
front_xa     parent     submit_complaint  PERMISSION_DENIED
front_xa     parent     submit_rec        INVALID_ARGUMENT
front_xa     parent     list              INVALID_ARGUMENT
front_xa     parent     session_list      INVALID_ARGUMENT
front_xa     parent     session_front     INVALID_ARGUMENT

lan          sibling    submit_complaint  INVALID_ARGUMENT
lan          sibling    submit_rec        INVALID_ARGUMENT
lan          sibling    show              NOT_FOUND
lan          sibling    list              INVALID_ARGUMENT
lan          sibling    history           NOT_FOUND
lan          sibling    accept            NOT_FOUND
lan          sibling    note_rec          NOT_FOUND
lan          sibling    note_complaint    NOT_FOUND
lan          sibling    session_open      INVALID_ARGUMENT
lan          sibling    session_front     PERMISSION_DENIED
lan          sibling    session_list      INVALID_ARGUMENT
lan          sibling    holidays_load     PERMISSION_DENIED
lan          sibling    principal_list    PERMISSION_DENIED

tinh         child      submit_complaint  PERMISSION_DENIED
tinh         child      submit_rec        PERMISSION_DENIED
tinh         child      show              ok
tinh         child      list              ok
tinh         child      history           ok
tinh         child      accept            PERMISSION_DENIED
tinh         child      note_rec          PERMISSION_DENIED
tinh         child      note_complaint    PERMISSION_DENIED
tinh         child      session_open      PERMISSION_DENIED
tinh         child      session_front     PERMISSION_DENIED
tinh         child      session_list      ok
tinh         child      holidays_load     PERMISSION_DENIED
tinh         child      principal_list    PERMISSION_DENIED

front_tinh   child      submit_complaint  PERMISSION_DENIED
front_tinh   child      submit_rec        ok
front_tinh   child      show              ok
front_tinh   child      list              ok
front_tinh   child      history           ok
front_tinh   child      accept            PERMISSION_DENIED
front_tinh   child      note_rec          ok
front_tinh   child      note_complaint    PERMISSION_DENIED
front_tinh   child      session_open      PERMISSION_DENIED
front_tinh   child      session_front     ok
front_tinh   child      session_list      ok
front_tinh   child      holidays_load     PERMISSION_DENIED
front_tinh   child      principal_list    PERMISSION_DENIED

admin        child      submit_complaint  PERMISSION_DENIED
admin        child      submit_rec        PERMISSION_DENIED
admin        child      show              PERMISSION_DENIED
admin        child      list              PERMISSION_DENIED
admin        child      history           PERMISSION_DENIED
admin        child      accept            PERMISSION_DENIED
admin        child      note_rec          PERMISSION_DENIED
admin        child      note_complaint    PERMISSION_DENIED
admin        child      session_open      PERMISSION_DENIED
admin        child      session_front     PERMISSION_DENIED
admin        child      session_list      PERMISSION_DENIED
admin        child      holidays_load     PERMISSION_DENIED
admin        child      principal_list    ok

dash_db      unrelated  submit_complaint  PERMISSION_DENIED
dash_db      unrelated  submit_rec        PERMISSION_DENIED
dash_db      unrelated  show              NOT_FOUND
dash_db      unrelated  list              INVALID_ARGUMENT
dash_db      unrelated  history           NOT_FOUND
dash_db      unrelated  accept            PERMISSION_DENIED
dash_db      unrelated  note_rec          PERMISSION_DENIED
dash_db      unrelated  note_complaint    PERMISSION_DENIED
dash_db      unrelated  session_open      PERMISSION_DENIED
dash_db      unrelated  session_front     PERMISSION_DENIED
dash_db      unrelated  session_list      INVALID_ARGUMENT
dash_db      unrelated  holidays_load     PERMISSION_DENIED
dash_db      unrelated  principal_list    PERMISSION_DENIED

muongnhe     unrelated  submit_complaint  INVALID_ARGUMENT
muongnhe     unrelated  submit_rec        INVALID_ARGUMENT
muongnhe     unrelated  show              NOT_FOUND
muongnhe     unrelated  list              INVALID_ARGUMENT
muongnhe     unrelated  history           NOT_FOUND
muongnhe     unrelated  accept            NOT_FOUND
muongnhe     unrelated  note_rec          NOT_FOUND
muongnhe     unrelated  note_complaint    NOT_FOUND
muongnhe     unrelated  session_open      INVALID_ARGUMENT
muongnhe     unrelated  session_front     PERMISSION_DENIED
muongnhe     unrelated  session_list      INVALID_ARGUMENT
muongnhe     unrelated  holidays_load     PERMISSION_DENIED
muongnhe     unrelated  principal_list    PERMISSION_DENIED
"

# attempt WHO UNIT OP: runs the operation as WHO; leaves out and rc.
attempt() {
  local who=$1 unit=$2 op=$3 fresh
  case $op in
  submit_complaint)
    run_cmd out rc cli "$who" submit --unit "$unit" --kind complaint \
      --channel regular_reception --summary "Khiếu nại do $who ghi" ;;
  submit_rec)
    run_cmd out rc cli "$who" submit --unit "$unit" --kind recommendation \
      --channel front_supervision --summary "Kiến nghị do $who chuyển" ;;
  show) run_cmd out rc cli "$who" show "$complaint" ;;
  list) run_cmd out rc cli "$who" --format csv list --unit "$unit" ;;
  history) run_cmd out rc cli "$who" history "$complaint" ;;
  accept)
    fresh=$(submit hoa --kind complaint --summary "Đơn để $who thụ lý")
    run_cmd out rc cli "$who" accept "$fresh" --expect-version 1 ;;
  note_rec) run_cmd out rc cli "$who" note "$recommendation" "Ghi chú của $who" ;;
  note_complaint) run_cmd out rc cli "$who" note "$complaint" "Ghi chú của $who" ;;
  session_open)
    run_cmd out rc cli "$who" session open --unit "$unit" --type regular \
      --presided-by "${name[$who]}" ;;
  session_front)
    run_cmd out rc cli "$who" session open --unit "$unit" --type supervision \
      --presided-by "${name[$who]}" ;;
  session_list) run_cmd out rc cli "$who" --format csv session list --unit "$unit" ;;
  holidays_load) run_cmd out rc cli "$who" admin holidays load 2031 "$holidays" ;;
  principal_list) run_cmd out rc cli "$who" --format csv admin principal list --unit "$unit" ;;
  *)
    echo "unknown operation $op" >&2
    exit 2
    ;;
  esac
}

declare -A denied=() # PERMISSION_DENIED answers per certificate.
while read -r who relation op expected; do
  [[ -z $who || $who == \#* ]] && continue
  unit=03390
  [[ $relation == parent ]] && unit=12
  what="$who ($relation) $op"
  attempt "$who" "$unit" "$op" </dev/null
  if [[ $expected == ok ]]; then
    expect_eq "$what: allowed" "$rc" 0
    case $op in
    submit_*) done_says="Receipt number: BL-" ;;
    show | history | list) done_says=$complaint_receipt ;;
    accept) done_says="Received → Accepted" ;;
    note_*) done_says="note added" ;;
    session_open | session_front) done_says="opened." ;;
    session_list) done_says="unit_code" ;;
    holidays_load) done_says="loaded 1 holiday for 2031" ;;
    principal_list) done_says=${name[hoa]} ;;
    esac
    expect_contains "$what: done" "$out" "$done_says"
    continue
  fi
  expect_eq "$what: refused (exit 4)" "$rc" 4
  expect_contains "$what: $expected" "$out" "refused: $expected:"
  case $expected in
  PERMISSION_DENIED) denied[$who]=$((${denied[$who]:-0} + 1)) ;;
  INVALID_ARGUMENT) expect_contains "$what: names the unit" "$out" "field: unit_code" ;;
  esac
done <<<"$matrix"

# Every refusal is in the server's log with who asked and why.
for who in "${!denied[@]}"; do
  logged=$(grep -F "principal=\"${name[$who]}\"" "$T/server.log" | grep -c 'result=PERMISSION_DENIED msg="' || true)
  expect_eq "log: each refusal of $who is logged with the principal and the reason" \
    "$logged" "${denied[$who]}"
done
for who in lan muongnhe dash_db; do
  expect_contains "log: $who's out-of-area requests are logged" \
    "$(grep -F "principal=\"${name[$who]}\"" "$T/server.log")" "result=NOT_FOUND"
done

# Out of reach reads as nonexistent ------------------------------------------------

# The same words for a petition out of reach and one that does not exist,
# after replacing the id (or receipt number) by ID.
absent=9999
absent_receipt=${complaint_receipt%-*}-999999
# same_answer WHAT REAL FAKE CMD...: runs CMD with REF replaced by REAL, then
# by FAKE, and compares what the officer reads.
same_answer() {
  local what=$1 real=$2 fake=$3 a b
  shift 3
  # A refused note stays in the outbox under its own entry number.
  a=$("${@//REF/$real}" 2>&1 </dev/null | sed -E "s/$real/ID/g; s/(entry|export|drop) [0-9]+/\1 N/g") || true
  b=$("${@//REF/$fake}" 2>&1 </dev/null | sed -E "s/$fake/ID/g; s/(entry|export|drop) [0-9]+/\1 N/g") || true
  expect_eq "$what: out of reach and nonexistent read alike" "$a" "$b"
  expect_contains "$what: answered NOT_FOUND" "$a" "refused: NOT_FOUND:"
}
for who in lan muongnhe; do
  same_answer "$who show id" "$complaint" "$absent" cli "$who" show REF
  same_answer "$who show receipt" "$complaint_receipt" "$absent_receipt" cli "$who" show REF
  same_answer "$who history" "$complaint" "$absent" cli "$who" history REF
  same_answer "$who note" "$complaint" "$absent" cli "$who" note REF "Ghi chú"
  same_answer "$who accept" "$complaint" "$absent" cli "$who" accept REF
done
same_answer "dash_db show id" "$complaint" "$absent" cli dash_db show REF
same_answer "dash_db history" "$complaint" "$absent" cli dash_db history REF

# ...and alike to the byte on the wire: same error, same message, same size.
# probe_pair WHAT WHO ACTION REAL FAKE [ARGS...]: sends ACTION REAL ARGS and
# ACTION FAKE ARGS on one connection and compares the two answers.
probe_pair() {
  local what=$1 who=$2 action=$3 real=$4 fake=$5 out a b
  shift 5
  out=$(probe "$who" hello expect "$action" "$real" "$@" expect-size "$action" "$fake" "$@" expect-size)
  a=$(sed -n 2p <<<"$out" | sed "s/$real/X/g; s/^error id=[0-9]* //")
  b=$(sed -n 3p <<<"$out" | sed "s/$fake/X/g; s/^error id=[0-9]* //")
  expect_eq "$what: identical on the wire (code, message, bytes)" "$a" "$b"
  expect_contains "$what: an error reply" "$a" "code="
}
probe_pair "lan get by id" lan get "$complaint" "$absent"
probe_pair "lan get by receipt" lan get "$complaint_receipt" "$absent_receipt"
probe_pair "lan history" lan history "$complaint" "$absent"
probe_pair "lan accept" lan transition "$complaint" "$absent" accept 1
probe_pair "muongnhe get by id" muongnhe get "$complaint" "$absent"
probe_pair "dash_db get by id" dash_db get "$complaint" "$absent"
probe_pair "dash_db history" dash_db history "$complaint" "$absent"

# A unit out of reach reads as a unit that does not exist (09999): the same
# INVALID_ARGUMENT naming unit_code, the same words, the same size.
for who in lan muongnhe; do
  a=$(cli "$who" list --unit 03390 2>&1 | sed 's/03390/CODE/g') || true
  b=$(cli "$who" list --unit 09999 2>&1 | sed 's/09999/CODE/g') || true
  expect_eq "$who list --unit: out of reach and nonexistent read alike" "$a" "$b"
  a=$(cli "$who" session open --unit 03390 --type regular --presided-by x 2>&1 | sed 's/03390/CODE/g') || true
  b=$(cli "$who" session open --unit 09999 --type regular --presided-by x 2>&1 | sed 's/09999/CODE/g') || true
  expect_eq "$who session open --unit: out of reach and nonexistent read alike" "$a" "$b"
  probe_pair "$who list --unit" "$who" list 03390 09999
  k1=$(uuid) k2=$(uuid)
  out=$(probe "$who" submit "$k1" 03390 complaint regular_reception land "x" expect-size \
    submit "$k2" 09999 complaint regular_reception land "x" expect-size)
  a=$(sed -n 1p <<<"$out" | sed 's/03390/CODE/g; s/^error id=[0-9]* //')
  b=$(sed -n 2p <<<"$out" | sed 's/09999/CODE/g; s/^error id=[0-9]* //')
  expect_eq "$who submit --unit: identical on the wire" "$a" "$b"
  expect_contains "$who submit --unit: INVALID_ARGUMENT naming unit_code" "$a" \
    "code=INVALID_ARGUMENT retryable=0 field=unit_code "
done
# The province above is out of reach too, and reads as nonexistent (99).
a=$(cli hoa list --unit 12 2>&1 | sed 's/12/CODE/g') || true
b=$(cli hoa list --unit 99 2>&1 | sed 's/99/CODE/g') || true
expect_eq "hoa list --unit of its own province: reads as a nonexistent unit" "$a" "$b"
probe_pair "hoa list --unit of its own province" hoa list 12 99
rc=0
out=$(cli admin admin principal list --unit 11 2>&1) || rc=$?
expect_eq "admin of province 12 lists principals of province 11: refused" "$rc" 4
expect_contains "admin, unrelated province: INVALID_ARGUMENT naming the unit" "$out" "field: unit_code"

# An area's lists hold nothing of the others'.
for who in lan muongnhe dash_db hoa; do
  out=$(as "$who" --format csv list --all)
  expect_contains "$who's own list answers" "$out" "receipt_no"
  if [[ $who == hoa ]]; then
    expect_not_contains "hoa's own list holds nothing of the sibling" "$out" "TL-"
  else
    expect_not_contains "$who's own list holds nothing of 03390" "$out" "BL-"
  fi
done
expect_contains "the province's dashboard lists both of its communes" \
  "$(as tinh --format csv list --all)" "$(receipt "$sibling")"

# Secrecy ------------------------------------------------------------------------

who_name="Đinh Văn Tố"
who_idno=012099008888
who_addr="Bản Thẳm Phé, nhà số 7"
who_contact=0987000222
identity=(--name "$who_name" --id-number "$who_idno" --address "$who_addr" --contact "$who_contact")
denunciation=$(submit hoa --kind denunciation --field admin_procedure "${identity[@]}" \
  --summary "Tố cáo cán bộ thu tiền sai quy định")
confidential=$(submit hoa --kind complaint --field land --confidential "${identity[@]}" \
  --summary "Khiếu nại, xin giữ bí mật danh tính")

for id in "$denunciation" "$confidential"; do
  for who in hoa leader; do
    out=$(as "$who" --format json show "$id")
    for part in "$who_name" "$who_idno" "$who_addr" "$who_contact"; do
      expect_contains "petition $id, $who (handling commune): sees $part" "$out" "$part"
    done
    expect_not_contains "petition $id, $who: not redacted" "$out" '"redacted":true'
    expect_contains "petition $id, $who: the list names the petitioner" \
      "$(as "$who" --format csv list --unit 03390 --all)" "$who_name"
    expect_contains "petition $id, $who, raw reply: the identity" \
      "$(probe "$who" get "$id" expect)" "redacted=0 petitioner=$who_name"
  done
  for who in front_xa front_tinh tinh; do
    for fmt in table csv json; do
      out=$(as "$who" --format "$fmt" show "$id")$(as "$who" --format "$fmt" list --unit 03390 --all)$(as "$who" --format "$fmt" history "$id")
      expect_not_contains "petition $id, $who, $fmt: show, list and history answer" \
        "$out" "(tiepdan exited"
      for part in "$who_name" "$who_idno" "$who_addr" "$who_contact"; do
        expect_not_contains "petition $id, $who, $fmt (show, list, history): no $part" "$out" "$part"
      done
    done
    expect_contains "petition $id, $who: marked redacted" \
      "$(as "$who" --format json show "$id")" '"redacted":true'
    expect_contains "petition $id, $who: the table says withheld" \
      "$(as "$who" show "$id")" "(withheld)"
    out=$(probe "$who" get "$id" expect history "$id" expect list 03390 expect)
    expect_contains "petition $id, $who, raw replies: the list holds it" "$out" \
      "receipt=$(receipt "$id")"
    expect_not_contains "petition $id, $who, raw replies: the server sent no name" "$out" "$who_name"
    expect_eq "petition $id, $who, raw replies: get and history redacted" \
      "$(grep -c 'redacted=1' <<<"$out")" 2
  done
  for who in dash_db muongnhe; do
    rc=0
    out=$(cli "$who" show "$id" 2>&1) || rc=$?
    expect_eq "petition $id, $who (unrelated): not found (exit 4)" "$rc" 4
    expect_contains "petition $id, $who: NOT_FOUND" "$out" "refused: NOT_FOUND:"
    expect_not_contains "petition $id, $who: no name" "$out" "$who_name"
    out=$(as "$who" --format csv list --all)
    expect_contains "petition $id, $who: its own list answers" "$out" "receipt_no"
    expect_not_contains "petition $id, $who: its list does not hold it" "$out" "$who_name"
  done
done

# Each time a denouncer's identity leaves the server, the history says to whom.
reads() {
  sql "SELECT count(*) FROM petition_events WHERE petition_id = $denunciation AND action = 'identity_read'"
}
last_reader() {
  sql "SELECT p.name FROM petition_events e JOIN principals p ON p.id = e.actor_id
        WHERE e.petition_id = $denunciation AND e.action = 'identity_read' ORDER BY e.seq DESC LIMIT 1"
}
before=$(reads)
cli hoa show "$denunciation" >/dev/null
expect_eq "identity read by hoa: one more identity_read event" "$(reads)" $((before + 1))
expect_eq "identity read by hoa: the event names her" "$(last_reader)" "${name[hoa]}"
cli leader show "$denunciation" >/dev/null
expect_eq "identity read by the leader: one more identity_read event" "$(reads)" $((before + 2))
expect_eq "identity read by the leader: the event names him" "$(last_reader)" "${name[leader]}"
cli tinh show "$denunciation" >/dev/null
cli front_xa show "$denunciation" >/dev/null
expect_eq "redacted reads (dashboard, Front) record nothing" "$(reads)" $((before + 2))
rc=0
cli muongnhe show "$denunciation" >/dev/null 2>&1 || rc=$?
expect_eq "a read out of reach records nothing" "$(reads)" $((before + 2))

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
