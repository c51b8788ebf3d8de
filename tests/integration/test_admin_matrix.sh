#!/usr/bin/env bash
# Who may administer what, through the wire, with the real client: every
# administrative operation by an administrator of a commune (03390), of a
# province (12) and of the nation (VN), towards its own unit, a child, a
# sibling and a unit of another province. The operations: add (register a new
# certificate for the unit), readd (register again the certificate of the
# unit's principal: for a unit out of reach, into the caller's own unit, the
# take-over an outside probe once managed), revoke (the unit's principal),
# list (the unit's principals), merge (the unit becomes a new commune) and
# merge_into (a commune of the caller's own area merges into the unit),
# holidays (load the nation's public holidays) and holidays_list (read the
# nation's calendar, which every deadline of every area runs by).
#
# Only the caller's own area (its unit and everything below it; for the
# nation, everything) is in reach. What lies outside it is refused the way
# the server refuses a petition's out-of-reach unit or id: exactly as if it
# did not exist (a unit: INVALID_ARGUMENT naming the field, the words and
# bytes of a code that exists nowhere; a principal: NOT_FOUND); and
# PERMISSION_DENIED only where the caller knows what it asks for exists (the
# certificate in its hands, registered elsewhere) or asks for something above
# its level (the national calendar). Every refusal is worded in Vietnamese
# and changes nothing: the principals, units, scope, mergers, holidays,
# petitions' units and deadlines, events and receipt counters are the same
# to the byte (checked in SQL) before and after. The matrix is printed at
# the end.
. "$(dirname "$0")/lib.sh"
td_test_db
# A second commune in province 11, so that the nation has communes of a
# province other than 12 to merge.
sql "INSERT INTO units (code, name, level, parent_id, remote_area, receipt_prefix)
     VALUES ('03161', 'Xã Nậm Kè', 'commune', td_unit_by_code('11'), true, 'NK')" >/dev/null

# The certificates in TD_PKI are shared by tests running in parallel, so the
# ones this test makes are in a folder of its own.
pfx=matrix_$$
mkdir "$TD_PKI/$pfx"
td_cleanup_push rm -rf "${TD_PKI:?}/$pfx"
issue() { # issue NAME BASE UNIT ROLE: makes the certificate, prints its fingerprint
  "$TD_SRC/deploy/pki.sh" issue "$TD_PKI" "$1" --out "$pfx/$2" --unit "$3" --role "$4"
}
# register FINGERPRINT NAME ROLE UNIT: a principal, the way tests/run.sh
# registers its own before the server starts; prints its id.
register() {
  sql "INSERT INTO principals (cert_sha256, name, role, unit_id)
       VALUES ('$1', '$2', '$3', td_unit_by_code('$4')) RETURNING id" | head -n 1
}

# as WHO ARGS...: the client as WHO, all it wrote; a failure is printed too.
as() { cli "$@" 2>&1 || echo "(tiepdan exited $?)"; }

# The callers, and what each acts on in each relation. A province's sibling
# is the other province; "other" is a commune of another province (for the
# nation, one of its provinces like any other); the nation has no sibling.
declare -A caller_cert=([xa]="$pfx/xa" [tinh]=admin [vn]=admin_vn)
declare -A level=([xa]="commune 03390" [tinh]="province 12" [vn]="nation VN")
declare -A target=(
  [xa.own]=03390 [xa.child]=03390-01 [xa.sibling]=03405 [xa.other]=03160
  [tinh.own]=12 [tinh.child]=03390 [tinh.sibling]=11 [tinh.other]=03160
  [vn.own]=VN [vn.child]=12 [vn.other]=03160
)
# A commune of each caller's own area, merged into the target by merge_into
# (a commune's area holds no other commune: it does not merge into itself).
declare -A own_commune=([xa]=03390 [tinh]=03430 [vn]=03161)
# The units as set up, for printing: a merger gives its unit a new code.
declare -A shown=()
for k in "${!target[@]}"; do shown[$k]=${target[$k]}; done
callers="xa tinh vn"
relations="own child sibling other"
# Whether the cell's unit lies in the caller's area.
inside() { [[ $2 == own || $2 == child || $1 == vn ]]; }

# Setup ------------------------------------------------------------------------

# The commune's administrator.
register "$(issue "Quản trị xã Bình Lư" xa 03390 admin)" "Quản trị xã Bình Lư" admin 03390 >/dev/null
# One principal at every unit acted on, and its id.
declare -A tid=() tname=()
for t in 03390 03390-01 03405 03160 12 11 VN; do
  tname[$t]="Cán bộ đơn vị $t"
  tid[$t]=$(register "$(issue "${tname[$t]}" "t_$t" "$t" dashboard)" "${tname[$t]}" dashboard "$t")
  [[ -n ${tid[$t]} ]] || fail "setup: a principal at $t"
done
# A certificate that no one registered, for every registration the matrix
# tries (each one allowed is removed again after it is checked).
new_fp=$(issue "Cán bộ mới" new 03390 dashboard)
td_server_start
expect_contains "setup: the commune's administrator is at work" "$(as "$pfx/xa" whoami)" "Quản trị xã Bình Lư"
# Petitions in three communes, so that their units, deadlines and events are
# part of what a refusal must leave alone.
for who in hoa lan muongnhe; do
  rc=0
  cli "$who" submit --kind complaint --channel regular_reception --field land \
    --summary "Khiếu nại về ranh giới đất" >/dev/null 2>&1 || rc=$?
  expect_eq "setup: $who records a petition" "$rc" 0
done
# This year's holidays with one more day: what the nation's administrator
# loads, and what no one else may.
sql "SELECT to_char(day, 'YYYY-MM-DD') || ',' || name FROM public_holidays
     WHERE extract(year FROM day) = 2026 ORDER BY day" >"$T/holidays-2026.csv"
echo "2026-12-31,Ngày nghỉ thêm" >>"$T/holidays-2026.csv"

# Everything an administrative operation could touch, as one checksum: the
# principals, the units with their history and mergers, the scope built from
# them, the holidays, the calendar's years and working days and its version, each petition's unit,
# deadline and version, every event and the receipt counters.
state() {
  sql "SELECT md5(string_agg(r, E'\n' ORDER BY r)) FROM (
         SELECT 'principal ' || p::text AS r FROM principals p
         UNION ALL SELECT 'unit ' || u::text FROM units u
         UNION ALL SELECT 'scope ' || s::text FROM unit_scope s
         UNION ALL SELECT 'holiday ' || h::text FROM public_holidays h
         UNION ALL SELECT 'year ' || y::text FROM calendar_years y
         UNION ALL SELECT 'working day ' || w::text FROM calendar_working_days w
         UNION ALL SELECT 'calendar ' || c::text FROM calendar_state c
         UNION ALL SELECT 'petition ' || concat_ws(' ', p.id, p.unit_id, p.deadline, p.version)
                     FROM petitions p
         UNION ALL SELECT 'event ' || e::text FROM petition_events e
         UNION ALL SELECT 'counter ' || c::text FROM receipt_counters c) t"
}

# The cells ----------------------------------------------------------------------

# The answer each cell must get: allowed, or the refusal's code, field and
# reason. Inside the area everything is allowed, except merging what is not
# a commune (a village, a province, the nation), refused for that reason.
expected() { # expected CALLER RELATION OP
  local c=$1 r=$2 op=$3 t=${target[$1.$2]}
  if [[ $op == holidays ]]; then
    [[ $c == vn ]] && echo allowed || echo "PERMISSION_DENIED - national"
    return
  fi
  if [[ $op == holidays_list ]]; then
    echo allowed
    return
  fi
  if inside "$c" "$r"; then
    case $op in
    merge | merge_into)
      [[ $t =~ ^[0-9]{5}$ ]] && echo allowed ||
        echo "INVALID_ARGUMENT $([[ $op == merge ]] && echo old_codes || echo new_code) not_a_commune"
      ;;
    *) echo allowed ;;
    esac
    return
  fi
  case $op in
  add | list) echo "INVALID_ARGUMENT unit_code as_nonexistent" ;;
  readd) echo "PERMISSION_DENIED certificate_pem foreign_certificate" ;;
  revoke) echo "NOT_FOUND - as_nonexistent" ;;
  merge) echo "INVALID_ARGUMENT old_codes as_nonexistent" ;;
  merge_into) echo "INVALID_ARGUMENT new_code code_taken" ;;
  esac
}
# Why, as the matrix prints it.
declare -A why=(
  [national]="the nation's alone"
  [not_a_commune]="not a commune"
  [as_nonexistent]="as if nonexistent"
  [foreign_certificate]="registered outside"
  [code_taken]="code held outside"
)

# The day each allowed merger takes effect: one month after the one before,
# since a unit merges only after the day it began.
merge_month=6
# The code a merge gives the new commune: one that exists nowhere, a new one
# for each merger allowed.
fresh=04701
# The command of a cell, in the array cmd, with TARGET standing for the unit
# (or principal id) acted on; REF in it is replaced by the caller's code.
cell_cmd() { # cell_cmd CALLER RELATION OP
  local c=$1 r=$2 op=$3 who=${caller_cert[$1]} on unit=${target[$1.own]}
  printf -v on '2026-%02d-01' $((merge_month + 1))
  inside "$c" "$r" && unit=${target[$c.$r]}
  case $op in
  add) cmd=(cli "$who" admin principal add --role dashboard --unit TARGET --cert "$TD_PKI/$pfx/new.crt") ;;
  readd) cmd=(cli "$who" admin principal add --cert "$TD_PKI/$pfx/t_${target[$c.$r]}.crt"
    --role dashboard --unit "$unit") ;;
  revoke) cmd=(cli "$who" admin principal revoke TARGET) ;;
  list) cmd=(cli "$who" --format csv admin principal list --unit TARGET) ;;
  merge) cmd=(cli "$who" admin unit merge TARGET --into "$fresh" --name "Xã hợp nhất" --on "$on") ;;
  merge_into) cmd=(cli "$who" admin unit merge "${own_commune[$c]}" --into TARGET
    --name "Xã hợp nhất" --on "$on") ;;
  holidays) cmd=(cli "$who" admin holidays load 2026 "$T/holidays-2026.csv") ;;
  holidays_list) cmd=(cli "$who" admin holidays list --from 2026) ;;
  esac
}

# describe CALLER RELATION OP sets what (the cell in words: public holidays
# are the nation's, whoever loads them), ref (what it acts on) and absent
# (what stands for that when it does not exist).
describe() {
  what="$3 by ${level[$1]} towards $2 (${target[$1.$2]})"
  [[ $3 == holidays* ]] && what="$3 by ${level[$1]} towards the nation (VN)"
  ref=${target[$1.$2]} absent=09999
  [[ $3 == revoke ]] && ref=${tid[${target[$1.$2]}]} absent=999999
  return 0
}

vietnamese='[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ]'
declare -A outcome=()

# The state before a refused cell: the state after the one before it, since
# nothing may change.
before=
# Runs one cell expected to be refused and checks what the officer reads and
# that nothing changed.
refused_cell() { # refused_cell CALLER RELATION OP CODE FIELD REASON
  local c=$1 r=$2 op=$3 code=$4 field=$5 reason=$6 what ref absent after out rc msg='' b out_vi
  describe "$c" "$r" "$op"
  cell_cmd "$c" "$r" "$op"
  [[ -n $before ]] || before=$(state)
  run_cmd out rc "${cmd[@]//TARGET/$ref}"
  after=$(state)
  outcome[$op.$c.$r]="exit $rc"
  [[ $out =~ tiepdan:\ refused:\ ([A-Z_]+):\ ([^$'\n']*) ]] &&
    outcome[$op.$c.$r]="refused ${BASH_REMATCH[1]}" msg=${BASH_REMATCH[2]}
  [[ ${outcome[$op.$c.$r]} == "refused $code" ]] && outcome[$op.$c.$r]+=" (${why[$reason]})"
  expect_eq "$what: refused (exit 4)" "$rc" 4
  expect_contains "$what: $code" "$out" "refused: $code:"
  [[ $field == - ]] || expect_contains "$what: names $field" "$out" "field: $field"
  # The server sends an English template; the client words it in the
  # officer's language: in Vietnamese, not the English message.
  TIEPDAN_LANG=vi run_cmd out_vi rc "${cmd[@]//TARGET/$ref}"
  out_vi=$(grep -m1 '^tiepdan: ' <<<"$out_vi" || true)
  if [[ ${out_vi#tiepdan: Máy chủ từ chối: } =~ $vietnamese && -n $msg && $out_vi != *"$msg"* ]]; then
    pass "$what: the officer reads why in Vietnamese"
  else
    fail "$what: the officer reads why in Vietnamese" "English: $msg" "Vietnamese: $out_vi"
  fi
  expect_eq "$what: nothing changed (SQL checksum)" "$after" "$before"
  before=$after
  # Out of reach reads as nonexistent, where it must not reveal the area: a
  # unit acted on, a principal to revoke. (A unit merged into cannot: one
  # that exists nowhere would be created.)
  if [[ $r == sibling || $r == other ]] && [[ " add list revoke merge " == *" $op "* ]]; then
    run_cmd b rc "${cmd[@]//TARGET/$absent}"
    expect_eq "$what: reads as if it did not exist" "${out//$ref/REF}" "${b//$absent/REF}"
  fi
}

# Runs one cell expected to be allowed and checks that it did what it says.
allowed_cell() { # allowed_cell CALLER RELATION OP
  local c=$1 r=$2 op=$3 t=${target[$1.$2]:-} what ref absent out rc on
  describe "$c" "$r" "$op"
  cell_cmd "$c" "$r" "$op"
  printf -v on '2026-%02d-01' $((merge_month + 1))
  [[ $op == *list ]] && before=$(state)
  run_cmd out rc "${cmd[@]//TARGET/$ref}"
  [[ $op == *list ]] && expect_eq "$what: a reading changes nothing (SQL checksum)" "$(state)" "$before"
  outcome[$op.$c.$r]=allowed
  [[ $rc == 0 ]] || outcome[$op.$c.$r]="NOT ALLOWED (exit $rc)"
  expect_eq "$what: allowed" "$rc" 0
  [[ $rc == 0 ]] || {
    printf '     %s\n' "$out"
    return
  }
  case $op in
  add)
    expect_eq "$what: registered at $t" \
      "$(sql "SELECT u.code FROM principals p JOIN units u ON u.id = td_unit_current(p.unit_id)
               WHERE p.cert_sha256 = '$new_fp' AND p.revoked_at IS NULL")" "$t"
    # Unregistered again, for the next cell.
    sql "DELETE FROM principals WHERE cert_sha256 = '$new_fp'" >/dev/null ;;
  readd)
    expect_eq "$what: still active at $t" \
      "$(sql "SELECT u.code FROM principals p JOIN units u ON u.id = td_unit_current(p.unit_id)
               WHERE p.id = ${tid[$t]} AND p.revoked_at IS NULL")" "$t" ;;
  revoke)
    expect_eq "$what: revoked" "$(sql "SELECT revoked_at IS NOT NULL FROM principals WHERE id = $ref")" t
    # Back as it was, for the cells after this one.
    sql "UPDATE principals SET revoked_at = NULL WHERE id = $ref" >/dev/null ;;
  list) expect_contains "$what: lists the principal at $t" "$out" "${tname[$t]}" ;;
  merge)
    expect_eq "$what: $t's successor is $fresh from $on" \
      "$(sql "SELECT count(*) FROM units o JOIN units n ON n.id = o.merged_into
               WHERE o.code = '$t' AND o.valid_to = DATE '$on' - 1
                 AND n.code = '$fresh' AND n.valid_from = DATE '$on'")" 1
    # The unit goes on under its new code, for the cells after this one.
    for k in "${!target[@]}"; do [[ ${target[$k]} == "$t" ]] && target[$k]=$fresh; done
    fresh=0$((10#$fresh + 1))
    merge_month=$((merge_month + 1)) ;;
  merge_into)
    expect_eq "$what: ${own_commune[$c]} merges into $t from $on" \
      "$(sql "SELECT count(*) FROM units o JOIN units n ON n.id = o.merged_into
               WHERE o.code = '${own_commune[$c]}' AND o.valid_to = DATE '$on' - 1
                 AND n.code = '$t' AND n.valid_to IS NULL")" 1
    merge_month=$((merge_month + 1)) ;;
  holidays_list) expect_contains "$what: shows this year's days off" "$out" "2026-09-02" ;;
  holidays)
    expect_eq "$what: the added day is in the calendar" \
      "$(sql "SELECT name FROM public_holidays WHERE day = '2026-12-31'")" "Ngày nghỉ thêm" ;;
  esac
}

ops="add readd revoke list merge merge_into holidays holidays_list"
cells() { # the cells, one per line: CALLER RELATION OP
  local c r op
  for op in $ops; do
    for c in $callers; do
      for r in $relations; do
        [[ -n ${target[$c.$r]:-} ]] || continue
        [[ $op == holidays* && $r != own ]] && continue
        [[ $op == merge_into && ${shown[$c.$r]} == "${own_commune[$c]}" ]] && continue
        echo "$c $r $op"
      done
    done
  done
}

# The refusals first, while every unit is as set up; then what is allowed,
# the mergers last, those that keep the unit's code first.
while read -r c r op; do
  read -r code field reason <<<"$(expected "$c" "$r" "$op")"
  [[ $code == allowed ]] || refused_cell "$c" "$r" "$op" "$code" "$field" "$reason"
done < <(cells)

# Communes of two provinces never merge, whoever asks: the field named is
# the successor's code, and nothing changes.
before=$(state)
run_cmd out rc cli admin_vn admin unit merge 03405 --into 03160 --on 2026-07-01
expect_eq "the nation merges 03405 (12) into 03160 (11): refused (exit 4)" "$rc" 4
expect_contains "... INVALID_ARGUMENT naming new_code" "$out" "field: new_code"
expect_contains "... in English with TIEPDAN_LANG=en" "$out" "communes merge only within one province"
TIEPDAN_LANG=vi run_cmd out rc cli admin_vn admin unit merge 03405 --into 03160 --on 2026-07-01
expect_contains "... in Vietnamese by default" "$out" "chỉ các xã cùng một tỉnh"
expect_eq "... nothing changed (SQL checksum)" "$(state)" "$before"
while read -r c r op; do
  [[ $(expected "$c" "$r" "$op") == allowed ]] || continue
  [[ $op == merge || $op == merge_into ]] && continue
  allowed_cell "$c" "$r" "$op"
done < <(cells)
for cell in "tinh child merge_into" "vn other merge_into" "xa own merge" "tinh child merge" \
  "vn other merge"; do
  # shellcheck disable=SC2086 # the three words of the cell
  allowed_cell $cell
done
expect_eq "every cell was tried" "${#outcome[@]}" "$(cells | grep -c '')"

# The matrix ------------------------------------------------------------------------

echo
echo "Administration matrix (operation x caller x target relation):"
printf '%-13s %-14s %-19s %s\n' operation caller target outcome
while read -r c r op; do
  printf '%-13s %-14s %-19s %s\n' "$op" "${level[$c]}" \
    "$([[ $op == holidays* ]] && echo "the nation (VN)" || echo "$r (${shown[$c.$r]})")" \
    "${outcome[$op.$c.$r]:-not run}"
done < <(cells)
echo

td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done
