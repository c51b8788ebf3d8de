#!/usr/bin/env bash
# What each command an officer uses prints, word for word, in Vietnamese
# (the default: no language chosen, no locale) and in English
# (TIEPDAN_LANG=en), against tests/integration/expected/outputs/NAME.vi.txt
# and NAME.en.txt (issue 12, "Tests"), as tests/i18n/help.sh does for the
# help texts.
#
# The same scene is played twice, once per language, each time on a fresh
# database of its own with a server of its own, so both languages show the
# same petitions under the same receipt numbers: a commune's reception
# officer (hoa, xã Bình Lư) receives five petitions with fixed texts, names
# and --received dates, takes them through every step, opens and closes a
# reception session, and asks for lists, a history, a receipt, the
# statistics and the feed of changes; a mistyped value and a step the
# server refuses are part of it.
#
# Every date is fixed: the server and the client run under faketime,
# frozen on 10/12/2026 09:00 Vietnam time, with a PKI of the test's own
# made on 1 September 2026 (the suite's certificates are valid only from
# the day tests/run.sh made them). What cannot be fixed is masked by
# mask() below, each with its reason.
#
# Independently of the expected files, a Vietnamese output holding an
# English word of a list, or an English output holding a Vietnamese letter
# with diacritics outside what the officer typed or the server's names,
# fails.
#
# With --update (tests/integration/test_outputs.sh --update, through
# ctest: TD_UPDATE=1) the expected files are rewritten; read every one of
# them before committing.
. "$(dirname "$0")/lib.sh"

update=${TD_UPDATE:-}
[[ ${1:-} == --update ]] && update=1
expected=$TD_SRC/tests/integration/expected/outputs

# libfaketime and the sanitizer runtime both hook the clock early (see
# test_calendar_years.sh): the words are the same in both builds.
td_need_faketime --not-asan

NOW="2026-12-10 09:00:00"

# The test's PKI, valid from 1 September 2026 for 9000 days.
pki=$T/pki
frozen "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" init "$pki" \
  --name "tiepdan outputs test CA" --days 9000 >/dev/null
issue() { frozen "2026-09-01 08:00:00" "$TD_SRC/deploy/pki.sh" issue "$pki" "$@" --days 9000 >/dev/null; }
issue "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception
issue "Sùng A Tính" --out tinh --unit 12 --role dashboard
issue "Lê Văn Quản" --out admin --unit 12 --role admin
export TD_PKI=$pki

# The officer's machine: no language chosen anywhere, no locale, on UTC.
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8 TZ=UTC
: >"$T/empty.conf"
export TIEPDAN_CONFIG=$T/empty.conf

# tiepdan WHO ARGS...: the client, as WHO, on the frozen clock, in the
# language of the scene.
tiepdan() {
  local who=$1
  shift
  if [[ $lang == vi ]]; then
    (unset TIEPDAN_LANG && frozen "$NOW" cli "$who" "$@")
  else
    TIEPDAN_LANG=en frozen "$NOW" cli "$who" "$@"
  fi
}

# What the test cannot fix, masked:
#  - the server's version (whoami's "Máy chủ:"/"Server:" line): it changes
#    with every release, and the words around it are what is compared;
#  - the times PostgreSQL stamps: when a step was recorded (history,
#    changes, the notes under show) and when the petition was typed in
#    (show's "Thời điểm nhập"/"Logged at", csv and json's created_at). The
#    database's clock is the suite's cluster's, which faketime cannot move
#    (petition_events.at and petitions.created_at DEFAULT now()). They are
#    read back from the database after each scene (stamps) and only those
#    exact values are replaced, by placeholders as wide, so the columns
#    stay aligned; the times the officer gave (--received, --at) and the
#    deadlines stay as the server computed them.
stamps() {
  sql "SELECT DISTINCT to_char(t AT TIME ZONE 'Asia/Ho_Chi_Minh', f)
         FROM (SELECT at FROM petition_events
               UNION SELECT created_at FROM petitions) s(t),
              unnest(ARRAY['DD/MM/YYYY HH24:MI', 'YYYY-MM-DD HH24:MI',
                           'YYYY-MM-DD\"T\"HH24:MI:SS\"+07:00\"']) f" >>"$T/stamps.txt"
}
mask() {
  local script=$T/mask.sed stamp
  {
    printf '%s\n' 's/^(Máy chủ|Server):( +).*/\1:\2X.Y.Z/'
    sort -u "$T/stamps.txt" | while read -r stamp; do
      case $stamp in
      *T*) echo "s|${stamp//+/\\+}|yyyy-mm-ddThh:mm:ss+07:00|g" ;;
      ??/*) echo "s|$stamp|dd/mm/yyyy hh:mm|g" ;;
      *) echo "s|$stamp|yyyy-mm-dd hh:mm|g" ;;
      esac
    done
  } >"$script"
  sed -E -f "$script" "$@"
}

out=$T/out
mkdir -p "$out"
# step NAME [WHO] -- ARGS...: runs tiepdan ARGS as hoa (or WHO), appends
# "$ tiepdan ARGS" and what the terminal showed (standard output, then
# standard error) and the exit status when not 0, to NAME.LANG.txt.
step() {
  local name=$1 who=hoa rc=0
  shift
  if [[ $1 != -- ]]; then
    who=$1
    shift
  fi
  shift
  {
    printf '$ tiepdan'
    (($# == 0)) || printf ' %q' "$@"
    printf '\n'
  } >>"$out/$name.$lang.txt"
  # What the officer typed, which may show in any language.
  printf '%s\n' "$@" >>"$T/typed.txt"
  tiepdan "$who" "$@" >"$T/stdout" 2>"$T/stderr" || rc=$?
  cat "$T/stdout" "$T/stderr" >>"$out/$name.$lang.txt"
  ((rc == 0)) || printf '[exit %d]\n' "$rc" >>"$out/$name.$lang.txt"
  printf '\n' >>"$out/$name.$lang.txt"
}

# One scene, in the language $lang, on a database and a server of its own.
scene() {
  TD_DB="t_outputs_${lang}_$$"
  td_test_db
  local db
  db=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
  "$TD_BUILD/tiepdand" --db "$db" --add-principal "$pki/hoa.crt" --role reception --unit 03390 >/dev/null
  "$TD_BUILD/tiepdand" --db "$db" --add-principal "$pki/tinh.crt" --role dashboard --unit 12 >/dev/null
  "$TD_BUILD/tiepdand" --db "$db" --add-principal "$pki/admin.crt" --role admin --unit 12 >/dev/null
  frozen "$NOW" td_server_start

  # No command: the usage, its placeholders too in the officer's language.
  step usage --
  step whoami -- whoami

  # Five petitions, each kind, received on fixed days.
  step submit -- submit --kind "khiếu nại" --channel "Tiếp công dân thường xuyên" \
    --field "dat dai" --name "Lò Văn Páo" --address "bản Nậm Cười" \
    --received "01/12/2026 08:30" \
    --summary "Mất điện kéo dài ba ngày ở bản Nậm Cười, đề nghị điện lực sửa đường dây"
  step submit -- submit --kind "to cao" --channel "hom thu" --field "an ninh" \
    --name "Giàng Thị Mỷ" --received "02/12/2026 14:00" \
    --summary "Tố cáo việc thu tiền sai quy định khi làm giấy tờ đất"
  step submit -- submit --kind "Kiến nghị" --channel digital --field "nong thon moi" \
    --received "03/12/2026 10:15" --summary "Kiến nghị làm lại cầu treo qua suối Nậm Na"
  step submit -- submit --kind "phan anh" --channel "tiep cong dan dinh ky" \
    --field "moi truong" --received "04/12/2026 09:00" \
    --summary "Phản ánh rác thải đổ ra suối đầu bản"
  step submit_json -- --format json submit --kind "don yeu cau" --channel "tiep cong dan thuong" \
    --received "05/12/2026 16:45" --summary "Đề nghị cấp lại giấy xác nhận hộ nghèo" --print
  # Standard output alone is the JSON a script parses; the receipt's text
  # went to standard error.
  cp "$T/stdout" "$T/submit_json.$lang.stdout"
  receipts=$(sql "SELECT string_agg(receipt_no, ' ' ORDER BY id) FROM petitions")
  read -r r1 r2 r3 r4 r5 <<<"$receipts"

  step receipt -- receipt "$r1"

  # Every step of a petition's life.
  step steps -- accept "$r1" --at "02/12/2026 09:00"
  step steps -- note "$r1" "Đã gọi điện cho điện lực huyện" --at "02/12/2026 10:00"
  step steps -- start "$r1" --at "03/12/2026 08:00"
  step steps -- resolve "$r1" --outcome "tra loi" --note "Điện lực đã sửa xong đường dây" \
    --at "05/12/2026 15:00"
  step steps -- reopen "$r1" --reason "Công dân báo đường dây lại hỏng" --at "08/12/2026 08:00"
  step steps -- reject "$r3" --reason "Không thuộc thẩm quyền của xã" --at "04/12/2026 08:00"
  step steps -- transfer "$r4" --to "Phòng Tài nguyên và Môi trường" --at "05/12/2026 08:00"
  step steps -- withdraw "$r5" --reason "Công dân đã được cấp ở nơi khác" --at "09/12/2026 08:00"
  step steps -- accept "$r2" --at "03/12/2026 09:00"
  step steps -- extend "$r2" --reason "Cần xác minh thêm tại thôn" --at "07/12/2026 08:00"

  # The server refuses a step that is not allowed; a value typed wrong
  # lists the valid ones, an ambiguous one its candidates.
  step refusals -- withdraw "$r3" --reason "Thử rút đơn đã không thụ lý"
  step refusals -- extend "$r1" --reason "Chờ điện lực khảo sát lại đường dây"
  step refusals -- list --kind "don thu"
  step refusals -- list --channel "tiep"
  step refusals -- show BL-2026-999999

  step show -- show "$r1"
  step show -- show "$r2"
  step show_explain -- show "$r2" --explain
  step list -- list
  step list_wide -- list --wide
  step list_filtered -- list --kind "to cao" --status "da thu ly"
  step list_filtered -- list --text "mat dien"
  step list_csv -- --format csv list
  step list_json -- --format json list
  step history -- history "$r1"
  step history_audit -- history "$r2" --audit

  step session -- session open --type regular --presided-by "Hoàng Văn Lãnh" \
    --title "Tiếp công dân tháng 12" --at "10/12/2026 08:00"
  step session -- session list
  step session -- session close 1 --attendees 12 --opinions 5 --resolved-on-spot 3 \
    --forwarded 2 --note "Buổi tiếp diễn ra bình thường" --at "10/12/2026 08:45"
  step session -- session list
  step session -- session open --type periodic --presided-by "Hoàng Văn Lãnh" \
    --theme "Đất đai" --at "10/11/2026 09:00"
  step session -- session close 2 --attendees 30 --opinions 4 --groups 1 --group-people 8 \
    --at "10/11/2026 10:30"
  step session -- session list --type periodic

  step stats -- stats --from 2026-12 --to 2026-12
  step stats -- stats --from 2026-12 --to 2026-12 --by kind
  step stats_province tinh -- stats --from 2026-12 --to 2026-12 --by unit
  step changes -- changes --since 0 --limit 5

  # The province's administrator adds, renames and lists its units.
  step units admin -- admin unit add 03999 --name "Xã Trà Sơn" --parent 12
  step units admin -- admin unit add 03999 --name "Xã Trà Sơn" --parent 12
  step units admin -- admin unit rename 03999 --name "Xã Trà Sơn Mới"
  printf '12,Tỉnh Lai Châu,tỉnh,VN\n03998,Xã Sơn Bình Mới,xã,12\n' >"$T/units.csv"
  # A path of its own folder, so that the command line is the same on
  # every run.
  cd "$T"
  step units admin -- admin unit load units.csv
  cd - >/dev/null
  step units admin -- admin unit list
  step units_json admin -- --format json admin unit list --all

  after_scene
  td_server_stop
}

# After a scene: the stamps to mask, and the names the server gave that
# an English output may show (units, officers, the rules' legal sources).
after_scene() {
  stamps
  sql "SELECT name FROM units UNION SELECT name FROM principals
       UNION SELECT source FROM deadline_rules" >>"$T/typed.txt"
}

lang='vi'
scene
lang='en'
scene

# No English word in the Vietnamese outputs: whole words of this list
# (tests/integration/test_officer_day.sh's, and more), outside what is
# typed as it is: the commands (the lines "$ tiepdan ...", those quoted
# in a hint, the command names the usage lists at the start of its lines,
# the options) and the codes the valid values name in brackets; csv and
# json carry codes and field names for scripts and are left out.
english='the|of|and|is|are|was|not|no|to|for|with|by|from|[Pp]etitions?|[Rr]eceipt|[Ss]tatus|[Kk]ind|[Uu]nit|[Rr]eceived|[Aa]ccepted|[Rr]esolved|[Dd]eadline|[Rr]efused|[Hh]int|[Nn]ame|[Ss]ummary|[Nn]otes?|[Ff]ound|[Ee]rror|[Uu]sage|[Hh]istory|[Oo]utcome|[Cc]hannel|[Ff]ield|[Oo]fficer|[Cc]ommune|[Vv]illage|[Ss]tep|[Ww]ork|[Ss]ession|[Tt]otal|[Dd]ue|[Oo]pen|[Cc]losed|[Ss]ince|[Cc]ursor|[Tt]ype|[Dd]ays?|[Rr]eason|[Rr]ule|complaint|denunciation|recommendation|feedback|request|regular_reception|answered_in_writing|land|NOT_FOUND|INVALID_ARGUMENT|FAILED_PRECONDITION'
for f in "$out"/*.vi.txt; do
  name=$(basename "$f" .vi.txt)
  [[ $name == list_csv || $name == list_json || $name == submit_json || $name == units_json ]] && continue
  hits=$(grep -vE '^\$ tiepdan|^  .* \([a-z_]+\)$' "$f" | sed -E 's/"tiepdan [^"]*"//g; s/^  [a-z][a-z| .]*//; s/--[a-z-]+//g' |
    grep -noEw "$english" || true)
  expect_eq "$name: no English word in the Vietnamese" "$hits" ""
done

# No Vietnamese letter in the English outputs but in what the officer
# typed (the words of the commands: summaries, names, notes, reasons,
# agencies) and the names that come from the server (units, officers, the
# legal sources of the deadline rules): the reference names (kinds,
# statuses, ...) and every message must be in English.
# The citizen's receipt is an official paper in Vietnamese whatever the
# officer's language (tests/integration/test_receipt.sh): receipt and
# submit --print are left out. A word cut by the list's ellipsis counts
# as typed when what is left of it is.
for f in "$out"/*.en.txt; do
  name=$(basename "$f" .en.txt)
  [[ $name == receipt || $name == submit_json ]] && continue
  hits=$({ grep -v '^\$ tiepdan' "$f" | grep -oP '[^\s,.;:()"]*[À-ỹĐđƯưƠơĂă][^\s,.;:()"]*' || true; } |
    sort -u | while read -r w; do
      w=${w%…}
      grep -qF -- "$w" "$T/typed.txt" || printf '%s ' "$w"
    done)
  expect_eq "$name: no Vietnamese word in the English but what was typed" "$hits" ""
done

for f in "$out"/*.txt; do
  mask "$f" >"$f.masked"
  mv "$f.masked" "$f"
done
for lang in vi en; do
  if python3 -c 'import json, sys; p = json.load(sys.stdin); assert p["receipt_no"] == "BL-2026-000005", p' \
    <"$T/submit_json.$lang.stdout" 2>"$T/json.err"; then
    pass "submit --format json --print ($lang): standard output is the JSON alone"
  else
    fail "submit --format json --print ($lang): standard output is not the JSON alone" \
      "$(cat "$T/json.err" "$T/submit_json.$lang.stdout")"
  fi
done
# csv and json are for scripts: codes and ISO times, the same in both
# languages.
for name in list_csv list_json units_json; do
  if cmp -s "$out/$name.vi.txt" "$out/$name.en.txt"; then
    pass "$name: the same in both languages"
  else
    fail "$name: differs between the languages" "$(diff "$out/$name.vi.txt" "$out/$name.en.txt")"
  fi
done
if [[ -n $update ]]; then
  mkdir -p "$expected"
  rm -f "$expected"/*.txt
  cp "$out"/*.txt "$expected/"
  echo "expected files rewritten in $expected: read each before committing"
fi
for f in "$out"/*.txt; do
  name=$(basename "$f")
  if diff -u "$expected/$name" "$f" >"$T/diff" 2>&1; then
    pass "$name as expected"
  else
    fail "$name differs from tests/integration/expected/outputs/$name" "$(cat "$T/diff")"
  fi
done
shopt -s nullglob
for f in "$expected"/*.txt; do
  [[ -f $out/$(basename "$f") ]] || fail "$(basename "$f"): expected but not made"
done
td_done
