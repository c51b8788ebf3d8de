#!/usr/bin/env bash
# Units without SQL: `tiepdan admin unit add|rename|list|load`. An
# administrator adds and renames units only within its own area (province
# 12's admin in province 12, the nation's anywhere); every refusal says why
# in Vietnamese (and in English with --lang en) and changes nothing, checked
# in SQL; a load is all or none, names the wrong lines, and loading the same
# file again changes nothing. Then what a new server's administrator meets
# first: `tiepdand --add-principal` with a role misspelt, or before the
# units are loaded.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# Every unit as SQL sees it, one line: what no refusal may change.
units() {
  sql "SELECT string_agg(u.code || ' ' || u.name || ' ' || u.level || ' ' ||
                         coalesce(p.code, '-') || ' ' || u.valid_from || ' ' ||
                         coalesce(u.valid_to::text, '-'), ';' ORDER BY u.id)
         FROM units u LEFT JOIN units p ON p.id = u.parent_id"
}
unit_row() {
  sql "SELECT u.name || '|' || u.level || '|' || p.code FROM units u JOIN units p ON p.id = u.parent_id
        WHERE u.code = '$1' AND u.valid_to IS NULL"
}

# refused WHAT EXIT NEEDLE CMD...: CMD exits EXIT, saying NEEDLE, and the
# units are as they were.
refused() {
  local what=$1 want=$2 needle=$3 before out rc=0
  shift 3
  before=$(units)
  out=$("$@" 2>&1) || rc=$?
  expect_eq "$what: exit $want" "$rc" "$want"
  expect_contains "$what: says why" "$out" "$needle"
  expect_eq "$what: the units did not change" "$(units)" "$before"
}
vi() { TIEPDAN_LANG=vi "$@"; }

# add ----------------------------------------------------------------------------

run_cmd out rc cli admin admin unit add 03999 --name "Xã Trà Sơn" --parent 12
expect_eq "add: province 12's admin adds a commune of its own" "$rc" 0
expect_contains "add: says what it added" "$out" "Added 03999 Xã Trà Sơn (commune of 12)"
expect_eq "add: the commune is there, under 12" "$(unit_row 03999)" "Xã Trà Sơn|commune|12"
expect_eq "add: in the closure, so the province's scope covers it" \
  "$(sql "SELECT count(*) FROM unit_scope s JOIN units a ON a.id = s.ancestor JOIN units u ON u.id = s.unit
          WHERE a.code = '12' AND u.code = '03999'")" 1
run_cmd out rc cli admin admin unit add 03999-01 --level village --name "Bản Trà" --parent 03999 --since 2026-07-01
expect_eq "add: a village under it, with its first day" "$rc" 0
expect_eq "add: ... recorded" \
  "$(sql "SELECT name || '|' || level || '|' || valid_from FROM units WHERE code = '03999-01'")" \
  "Bản Trà|village|2026-07-01"
# An officer can be registered for the new commune at once.
run_cmd out rc cli admin admin principal add --cert "$TD_PKI/stranger.crt" --role reception --unit 03999
expect_eq "add: an officer can be registered for the new commune" "$rc" 0

refused "add: a code that exists" 4 "the unit 03999 exists already (Xã Trà Sơn)" \
  cli admin admin unit add 03999 --name "Xã Trà Sơn Hai" --parent 12
refused "add: ... in Vietnamese" 4 "đơn vị 03999 đã có (Xã Trà Sơn)" \
  vi cli admin admin unit add 03999 --name "Xã Trà Sơn Hai" --parent 12
refused "add: an unknown parent" 4 "no unit exists today with code 99" \
  cli admin admin unit add 03998 --name "Xã Một" --parent 99
refused "add: ... in Vietnamese" 4 "hôm nay không có đơn vị nào mang mã 99" \
  vi cli admin admin unit add 03998 --name "Xã Một" --parent 99
refused "add: a parent of the wrong level" 4 "a commune cannot belong to 03390, a commune" \
  cli admin admin unit add 03998 --name "Xã Một" --parent 03390
refused "add: ... in Vietnamese" 4 "một xã không thể thuộc 03390, là một xã" \
  vi cli admin admin unit add 03998 --name "Xã Một" --parent 03390
refused "add: a province under a province" 4 "a province cannot belong to 12, a province" \
  cli admin_vn admin unit add 13 --name "Tỉnh Mới" --parent 12
refused "add: outside the admin's area (province 11)" 4 "11 is outside your area" \
  cli admin admin unit add 03998 --name "Xã Một" --parent 11
refused "add: ... in Vietnamese" 4 "11 nằm ngoài địa bàn của bạn" \
  vi cli admin admin unit add 03998 --name "Xã Một" --parent 11
refused "add: a province is the nation's to add" 4 "VN is outside your area" \
  cli admin admin unit add 13 --name "Tỉnh Mới" --parent VN
refused "add: a code of the wrong form, told by the client" 2 \
  "0399 is not the code of a province (2 digits), a district (3) or a commune (5)" \
  cli admin admin unit add 0399 --name "Xã Một" --parent 12
refused "add: ... in Vietnamese" 2 "0399 không phải mã tỉnh (2 chữ số)" \
  vi cli admin admin unit add 0399 --name "Xã Một" --parent 12
refused "add: a code of the wrong form for its level, told by the server" 4 \
  "0399 is not the code of a commune (a province has 2 digits" \
  cli admin admin unit add 0399 --level commune --name "Xã Một" --parent 12
refused "add: ... in Vietnamese" 4 "0399 không phải mã của một xã" \
  vi cli admin admin unit add 0399 --level commune --name "Xã Một" --parent 12
refused "add: an empty name" 2 "--name is empty" \
  cli admin admin unit add 03998 --name "  " --parent 12
refused "add: an unknown level" 2 '--level must be province, district, commune or village, not "town"' \
  cli admin admin unit add 03998 --level town --name "Xã Một" --parent 12
run_cmd out rc cli admin admin unit add 03996 --name "Xã Từ Tháng Bảy" --parent 12 --since 01/07/2026
expect_eq "add: a commune from a day (DD/MM/YYYY)" "$rc" 0
refused "add: a day before the parent's first" 4 "03996-01 cannot begin before its parent, which exists from 2026-07-01" \
  cli admin admin unit add 03996-01 --level village --name "Bản Hai" --parent 03996 --since 2026-01-01
refused "add: not an admin" 4 "PERMISSION_DENIED" \
  cli hoa admin unit add 03998 --name "Xã Một" --parent 12
# The database judges what a client would not send: a blank name, a
# province as a village, a code twice in one call.
before=$(units)
expect_eq "sql: a blank name" \
  "$(sql "SELECT result FROM td_add_units(td_unit_by_code('12'), false, '{03998}', '{\"  \"}', '{commune}', '{12}', '{NULL}')")" \
  "empty_name"
expect_eq "sql: a province's code as a village's parent level" \
  "$(sql "SELECT result || ' ' || detail FROM td_add_units(td_unit_by_code('12'), false, '{V1}', '{Bản}', '{village}', '{12}', '{NULL}')")" \
  "parent_level province"
expect_eq "sql: a code twice" \
  "$(sql "SELECT result || ' ' || idx || ' ' || detail FROM td_add_units(td_unit_by_code('12'), true, '{03998,03998}', '{A,B}', '{commune,commune}', '{12,12}', '{NULL,NULL}')")" \
  "twice 2 1"
expect_eq "sql: the nation is not added" \
  "$(sql "SELECT result FROM td_add_units(td_unit_by_code('VN'), false, '{VN2}', '{X}', '{nation}', '{VN}', '{NULL}')")" \
  "bad_level"
expect_eq "sql: a blank new name" \
  "$(sql "SELECT result FROM td_rename_unit(td_unit_by_code('12'), '03999', ' ')")" "empty_name"
expect_eq "sql: ... none of it changed the units" "$(units)" "$before"

# The nation's admin adds anywhere.
run_cmd out rc cli admin_vn admin unit add 03170 --name "Xã Mường Toong" --parent 11
expect_eq "add: the nation's admin adds in province 11" "$rc" 0
expect_eq "add: ... there it is" "$(unit_row 03170)" "Xã Mường Toong|commune|11"

# rename -------------------------------------------------------------------------

run_cmd out rc cli admin admin unit rename 03999 --name "Xã Trà Sơn Mới"
expect_eq "rename: within the area" "$rc" 0
expect_contains "rename: says so" "$out" "Renamed: 03999 Xã Trà Sơn Mới"
expect_eq "rename: the name changed, the code and parent stayed" "$(unit_row 03999)" "Xã Trà Sơn Mới|commune|12"
run_cmd out rc cli admin admin unit rename 03999 --name "Xã Trà Sơn Mới"
expect_eq "rename: again to the same name: fine" "$rc" 0
expect_contains "rename: ... nothing changed" "$out" "already has that name"
refused "rename: outside the area" 4 "03170 is outside your area" \
  cli admin admin unit rename 03170 --name "Xã Khác"
refused "rename: its own unit" 4 "12 is your own unit" \
  cli admin admin unit rename 12 --name "Tỉnh Khác"
refused "rename: ... in Vietnamese" 4 "12 là đơn vị của chính bạn" \
  vi cli admin admin unit rename 12 --name "Tỉnh Khác"
refused "rename: an unknown code" 4 "no unit exists today with code 03997" \
  cli admin admin unit rename 03997 --name "Xã Khác"
refused "rename: an empty name" 2 "--name is empty" \
  cli admin admin unit rename 03999 --name ""
run_cmd out rc cli admin_vn admin unit rename 12 --name "Tỉnh Lai Châu"
expect_eq "rename: the nation's admin renames a province (to its own name: unchanged)" "$rc" 0

# list ---------------------------------------------------------------------------

run_cmd out rc cli admin admin unit list
expect_eq "list: runs" "$rc" 0
expect_contains "list: the heads" "$out" "CODE"
expect_contains "list: the new commune" "$out" "03999     commune   12"
expect_contains "list: its village and first day" "$out" "03999-01  village   03999   2026-07-01  -"
expect_not_contains "list: nothing of province 11" "$out" "03170"
expect_not_contains "list: no ended unit without --all" "$out" "Thị trấn Tam Đường"
run_cmd out rc cli admin admin unit list --all
expect_contains "list --all: the ended ones too, with their last day" "$out" "2025-06-30"
run_cmd out rc vi cli admin admin unit list
expect_contains "list: in Vietnamese" "$out" "TÊN ĐƠN VỊ"
expect_contains "list: ... the levels too" "$out" "03999     xã"
run_cmd out rc cli admin --format json admin unit list
expect_contains "list: json" "$out" '{"code":"03999","name":"Xã Trà Sơn Mới","level":"commune","parent_code":"12","since":null,"until":null}'
n_json=$(printf '%s\n' "$out" | grep -c '"code"')
expect_eq "list: json: every current unit of province 12" "$n_json" \
  "$(sql "SELECT count(*) FROM units u JOIN unit_scope s ON s.unit = u.id
          WHERE s.ancestor = td_unit_by_code('12') AND u.valid_to IS NULL")"
run_cmd out rc cli admin_vn admin unit list
expect_contains "list: the nation's admin sees province 11" "$out" "03170"

# load ---------------------------------------------------------------------------

cat >"$T/units.csv" <<'EOF'
code,name,level,parent code
# Lai Châu, as the official list names it
12,Tỉnh Lai Châu,province,VN
03390,Xã Bình Lư,xã,12
03501-01,Bản Một,village,03501
03501,Xã Mới Một,commune,12
03999,"Xã Trà Sơn, mới",commune,12
EOF
before=$(units)
run_cmd out rc cli admin admin unit load "$T/units.csv"
expect_eq "load: province 12's admin loads its province's list" "$rc" 0
expect_contains "load: says what it did" "$out" "Added 2, renamed 1, left as is 2."
expect_contains "load: ... the village, whose commune came after it" "$out" "added:   03501-01 Bản Một (village of 03501)"
expect_contains "load: ... the renamed one" "$out" "renamed: 03999 Xã Trà Sơn, mới (commune of 12)"
expect_eq "load: the rename is recorded" "$(unit_row 03999)" "Xã Trà Sơn, mới|commune|12"
expect_eq "load: the village hangs from the commune" "$(unit_row 03501-01)" "Bản Một|village|03501"
after=$(units)
run_cmd out rc cli admin admin unit load "$T/units.csv"
expect_eq "load again: fine" "$rc" 0
expect_contains "load again: nothing added or renamed" "$out" "Added 0, renamed 0, left as is 5."
expect_eq "load again: the units did not change" "$(units)" "$after"
expect_eq "load again: no code twice among today's units" \
  "$(sql "SELECT count(*) FROM (SELECT code FROM units WHERE valid_to IS NULL GROUP BY code HAVING count(*) > 1) d")" 0
run_cmd out rc cli admin --format json admin unit load "$T/units.csv"
expect_eq "load: json" "$out" '{"added":[],"renamed":[],"unchanged":5}'
# A TSV file, with the Vietnamese levels.
printf '03502\tXã Mới Hai\tphường\t12\n' >"$T/units.tsv"
run_cmd out rc cli admin admin unit load "$T/units.tsv"
expect_contains "load: TSV" "$out" "Added 1, renamed 0, left as is 0."

# What the client sees in the file: every wrong line, nothing sent.
cat >"$T/bad.csv" <<'EOF'
12,Tỉnh Lai Châu,province,VN
0350,Xã A,commune,12
03503,,commune,12
03504,Xã B,town,12
03505,Xã C,commune,12,31/02/2026
03506,Xã D,commune
03507,Xã E,commune,12
03507,Xã E hai,commune,12
03508,"Xã F,commune,12
EOF
refused "load: the wrong lines, told by the client" 2 'line 2: "0350" is not the code of a commune' \
  cli admin admin unit load "$T/bad.csv"
for needle in "line 3: the unit 03503 has no name" 'line 4: "town" is not a level' \
  'line 5: "31/02/2026" is not a day' "line 6: give code, name, level, parent code" \
  "line 8: the code 03507 is given a second time (first on line 7)" \
  "line 9: a double quote is not closed"; do
  expect_contains "load: ... $needle" "$(cli admin admin unit load "$T/bad.csv" 2>&1)" "$needle"
done
expect_eq "load: ... 03507, on a good line, was not added" "$(unit_row 03507)" ""
refused "load: ... in Vietnamese" 2 'dòng 3: đơn vị 03503 chưa có tên' \
  vi cli admin admin unit load "$T/bad.csv"

# What the server judges, with the line: nothing is written, not even the
# good lines before the wrong one.
printf '03601,Xã G,commune,12\n03602,Xã H,commune,99\n' >"$T/bad_parent.csv"
refused "load: an unknown parent, on its line" 4 "line 2: no unit exists today with code 99, the parent of 03602" \
  cli admin admin unit load "$T/bad_parent.csv"
expect_eq "load: ... the good line before it was not added" "$(unit_row 03601)" ""
printf '03601,Xã G,commune,12\n03602,Xã H,commune,11\n' >"$T/bad_area.csv"
refused "load: outside the area, on its line" 4 "line 2: 11 is outside your area" \
  cli admin admin unit load "$T/bad_area.csv"
refused "load: ... in Vietnamese" 4 "dòng 2: 11 nằm ngoài địa bàn của bạn" \
  vi cli admin admin unit load "$T/bad_area.csv"
run_cmd out rc cli admin_vn admin unit load "$T/bad_area.csv"
expect_eq "load: the same file is the nation's admin's to load" "$rc" 0
printf '03601,Xã G,commune,12\n03390-01,Bản Nà Đa,village,03601\n' >"$T/moved.csv"
refused "load: a unit the file puts elsewhere" 4 "line 2: 03390-01 exists already with another level or parent (village 03390)" \
  cli admin admin unit load "$T/moved.csv"
printf '03603,Xã I,commune,03390\n' >"$T/bad_level.csv"
refused "load: a parent of the wrong level, on its line" 4 "line 1: a commune cannot belong to 03390, a commune" \
  cli admin admin unit load "$T/bad_level.csv"
printf '# nothing\n\n' >"$T/empty.csv"
refused "load: a file without units" 2 "the file holds no unit" cli admin admin unit load "$T/empty.csv"
refused "load: a file that is not there" 2 "cannot be read" cli admin admin unit load "$T/none.csv"

# The units seed, loaded as the official list by the nation's admin, changes
# nothing: the seed's units are there already.
sql "SELECT u.code || ',' || '\"' || u.name || '\"' || ',' || u.level || ',' || p.code
       FROM units u JOIN units p ON p.id = u.parent_id
      WHERE u.valid_to IS NULL ORDER BY u.id" >"$T/all.csv"
before=$(units)
run_cmd out rc cli admin_vn admin unit load "$T/all.csv"
expect_eq "load: every unit of today, loaded again" "$rc" 0
expect_contains "load: ... all left as is" "$out" "Added 0, renamed 0, left as is $(wc -l <"$T/all.csv")."
expect_eq "load: ... nothing changed" "$(units)" "$before"

# A list of the official list's size, by the nation's admin: 34 provinces
# of 100 communes, in seconds (the client waits 20 at most here).
python3 -c '
for p in range(60, 94):
    print(f"{p},Tỉnh {p},province,VN")
    for c in range(100):
        print(f"{60000 + (p - 60) * 100 + c},Xã {c} tỉnh {p},commune,{p}")
' >"$T/big.csv"
run_cmd out rc cli admin_vn admin unit load "$T/big.csv"
expect_eq "load: 3434 units at once" "$rc" 0
expect_contains "load: ... all added" "$out" "Added 3434, renamed 0, left as is 0."
expect_eq "load: ... each commune under its province in the closure" \
  "$(sql "SELECT count(*) FROM unit_scope s JOIN units a ON a.id = s.ancestor JOIN units u ON u.id = s.unit
          WHERE a.code BETWEEN '60' AND '93' AND length(a.code) = 2 AND u.level = 'commune'")" 3400

# A new server's first steps -------------------------------------------------------

db=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
principals=$(sql "SELECT count(*) FROM principals")
run_cmd out rc "$TD_BUILD/tiepdand" --db "$db" --add-principal "$TD_PKI/stranger.crt" --role recepton --unit 03390
expect_eq "--add-principal --role recepton: refused" "$rc" 1
expect_contains "--add-principal --role recepton: names the roles" "$out" \
  "--role recepton is not a role; give reception, leader, front, dashboard or admin"
expect_not_contains "--add-principal --role recepton: no raw PostgreSQL error" "$out" "violates"
run_cmd out rc "$TD_BUILD/tiepdand" --db "$db" --add-principal "$TD_PKI/stranger.crt" --role reception --unit 03777
expect_eq "--add-principal before the unit exists: refused" "$rc" 1
expect_contains "--add-principal before the unit exists: says how to load units" "$out" \
  "no unit exists today with code 03777; load the units first"
expect_contains "--add-principal before the unit exists: ... with the command" "$out" "tiepdan admin unit load FILE"
run_cmd out rc "$TD_BUILD/tiepdand" --db "$db" --add-principal "$T/no-such.crt" --role reception --unit 03390
expect_eq "--add-principal with a file that is not there: refused" "$rc" 1
expect_contains "--add-principal with a file that is not there: says so" "$out" \
  "$T/no-such.crt: No such file or directory"
if id nobody >/dev/null 2>&1; then
  install -m 0600 "$TD_PKI/stranger.crt" "$T/private.crt"
  chmod o+x "$T"
  run_cmd out rc runuser -u nobody -- "$TD_BUILD/tiepdand" --db "$db" \
    --add-principal "$T/private.crt" --role reception --unit 03390
  expect_contains "--add-principal with a certificate this user cannot read: says so" "$out" \
    "$T/private.crt: Permission denied (run this as a user who may read it)"
fi
printf 'not a certificate\n' >"$T/junk.crt"
run_cmd out rc "$TD_BUILD/tiepdand" --db "$db" --add-principal "$T/junk.crt" --role reception --unit 03390
expect_contains "--add-principal with a file that is no certificate: says so" "$out" \
  "$T/junk.crt: not a PEM certificate"
expect_eq "--add-principal refusals: no principal added" "$(sql "SELECT count(*) FROM principals")" "$principals"

td_done
