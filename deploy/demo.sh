#!/usr/bin/env bash
# deploy/demo.sh - brings up a working tiepdan on this machine and shows it
# doing its main job, then stops everything and removes what it made.
#
# As root on Debian 12: installs missing packages, builds, starts a throwaway
# PostgreSQL 15 cluster in a folder of its own, applies the migrations, makes
# a development CA with a certificate for a reception officer of xã Bình Lư
# (Lai Châu), loads the units, starts tiepdand, and records petitions like
# those in the commune's own reports, as the officer would, over mutual TLS.
#
#   deploy/demo.sh          run the demo, then stop everything and clean up
#   deploy/demo.sh --keep   run it and keep its folder (certificates, keys,
#                           server log, the PostgreSQL cluster, the reports),
#                           leaving PostgreSQL and tiepdand running; it ends
#                           by saying where that is and how to stop them
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

keep=0
case ${1:-} in
"") ;;
--keep) keep=1 ;;
-h | --help) sed -n '2,15s/^# \{0,1\}//p' "$0" && exit 0 ;;
*) td_err "demo.sh: unknown argument $1 (deploy/demo.sh [--keep])" && exit 2 ;;
esac

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
# What is undone when the demo ends, unless it keeps it.
undo() { ((keep)) || td_cleanup_push "$@"; }

say "Installing missing packages (apt-get; nothing to do when all are there)"
td_install_deps
say "Building into $root/build (log: build/td-build.log)"
td_build "$root" "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo &
build=$!
last=
# What the build is at, every few seconds, until it is done.
while kill -0 "$build" 2>/dev/null; do
  sleep 3
  step=$(grep -E '^\[ *[0-9]+%\]' "$root/build/td-build.log" 2>/dev/null | tail -n 1 |
    sed -E 's|^(\[ *[0-9]+%\]) ([A-Za-z ]+) .*/([^/ ]+)$|\1 \2 \3|') || true
  [[ -z $step || $step == "$last" ]] || printf '   %s\n' "$step"
  last=$step
done
wait "$build"
echo "   built: $root/build/tiepdand and $root/build/tiepdan"
bin=$root/build

work=$(td_tmpdir tiepdan-demo)
undo rm -rf "$work"
((keep == 0)) || echo "Keeping everything the demo makes in $work"

say "Starting a throwaway PostgreSQL 15 cluster in $work/pg"
pgport=$(td_free_port)
mkdir -p "$work/pg"
undo td_pg_stop "$work/pg"
td_pg_start "$work/pg" "$pgport"
db=$(td_pg_conninfo "$work/pg" "$pgport" tiepdan)

say "Applying migrations and loading the units of Lai Châu"
"$bin/tiepdand" --migrate --db "$db" --sql-dir "$root/sql"
td_psql "$work/pg" "$pgport" tiepdan -f "$root/deploy/seed/units.sql"
td_psql "$work/pg" "$pgport" tiepdan -c \
  "SELECT code, name, level, coalesce('merged into ' || (SELECT m.code FROM units m WHERE m.id = u.merged_into), '') AS history
     FROM units u WHERE level <> 'village' ORDER BY level DESC, code"

say "Making a development CA and a certificate for the reception officer"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan demo CA" >/dev/null
"$root/deploy/pki.sh" issue "$pki" "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception >/dev/null
openssl x509 -in "$pki/hoa.crt" -noout -subject -nameopt utf8
"$bin/tiepdand" --db "$db" --add-principal "$pki/hoa.crt" --role reception --unit 03390
# And one for the province's dashboard, to see what others are shown.
"$root/deploy/pki.sh" issue "$pki" "Sùng A Tính" --out tinh --unit 12 --role dashboard >/dev/null
"$bin/tiepdand" --db "$db" --add-principal "$pki/tinh.crt" --role dashboard --unit 12
# And the nation's, above every province.
"$root/deploy/pki.sh" issue "$pki" "Vụ Tổng hợp" --out vn --unit VN --role dashboard >/dev/null
"$bin/tiepdand" --db "$db" --add-principal "$pki/vn.crt" --role dashboard --unit VN

say "Starting tiepdand"
port=$(td_free_port)
"$bin/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --metrics-listen off 2>"$work/server.log" &
server=$!
undo td_stop_pid "$server" 10
td_wait_port 127.0.0.1 "$port" 15
echo "tiepdand (pid $server) listening on 127.0.0.1:$port"

# The officer's PC keeps its settings in a config file.
cat >"$work/client.conf" <<CONF
server = 127.0.0.1:$port
cert = $pki/hoa.crt
key = $pki/hoa.key
ca = $pki/ca.crt
CONF
export TIEPDAN_CONFIG=$work/client.conf
# The outbox (what the PC keeps until the server has it) in the demo's own
# folder, not in the home folder of whoever runs it.
export TIEPDAN_OUTBOX=$work/outbox
export TZ=Asia/Ho_Chi_Minh
td() { "$bin/tiepdan" "$@"; }

say "Who is this computer?"
show td whoami

say "A citizen walks in: a land boundary complaint (regular reception), typed as the officer says it, with the citizen's receipt printed"
td submit --kind "khiếu nại" --channel "tiếp công dân thường xuyên" --field "dat dai, giai phong mat bang" --print \
  --village 03390-01 --name "Lò Văn Minh" --id-number 012085001234 \
  --address "Bản Nà Đa, xã Bình Lư" --contact 0912345678 \
  --summary "Khiếu nại việc xác định ranh giới thửa đất nông nghiệp giáp đường tỉnh lộ khi giải phóng mặt bằng; đề nghị UBND xã đo đạc lại và trả lời bằng văn bản."

say "A voters' meeting forwards a recommendation on household electricity (long text from stdin)"
td submit --kind recommendation --channel voters_meeting --field electricity \
  --village 03390-02 --group-size 12 --name "Cử tri bản Chu Va" --summary - <<'TEXT'
Cử tri bản Chu Va kiến nghị: đường dây điện sinh hoạt từ trạm biến áp đến cuối bản đã xuống cấp, điện yếu vào giờ cao điểm, nhiều hộ không dùng được máy bơm nước.
Đề nghị xã phối hợp với Điện lực Tam Đường kiểm tra, nâng cấp đường dây trước mùa mưa bão.
TEXT

say "A request for social-policy support, received at the periodic reception"
td submit --kind request --channel periodic_reception --field social_policy \
  --village 03390-04 --name "Tao Thị Sâm" \
  --summary "Đề nghị xem xét hỗ trợ chế độ cho hộ nghèo có người khuyết tật theo quy định."

say "Feedback through the commune's Zalo group"
td submit --kind "Phản ánh" --channel digital --field environment \
  --summary "Phản ánh tình trạng xả rác thải sinh hoạt xuống suối đầu bản Tân Bình, gây ô nhiễm nguồn nước."

say "A denunciation: the denouncer's identity is kept secret by law"
td submit --kind denunciation --channel regular_reception --field admin_procedure \
  --name "Người tố cáo" --id-number 012090004321 --address "Bản Nà Khan" \
  --summary "Tố cáo việc thu tiền sai quy định khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất."

say "The link drops and the officer sends the same petition again: no duplicate"
key=$(cat /proc/sys/kernel/random/uuid)
for attempt in 1 2; do
  echo "-- attempt $attempt, idempotency key $key"
  td submit --key "$key" --kind complaint --channel dialogue --field land --group-size 7 \
    --name "Đại diện 7 hộ dân" \
    --summary "Đoàn 7 hộ dân đề nghị giải quyết dứt điểm việc bồi thường, hỗ trợ khi thu hồi đất làm đường nội bản."
done

say "The link is down (the server stopped): the officer keeps receiving citizens"
td_stop_pid "$server" 10
show td submit --retries 0 --kind "kiến nghị" --channel "tiếp công dân thường xuyên" --field "điện" \
  --name "Lò Thị Dung" --summary "Kiến nghị sửa cột điện nghiêng trước nhà văn hóa bản Nà Đa." || true
show td outbox
say "The link is back: what waited is sent, once, under the receipt number handed out"
"$bin/tiepdand" --listen "127.0.0.1:$port" --db "$db" --cert "$pki/server.crt" \
  --key "$pki/server.key" --ca "$pki/ca.crt" --metrics-listen off 2>>"$work/server.log" &
server=$!
undo td_stop_pid "$server" 10
td_wait_port 127.0.0.1 "$port" 15
show td outbox send

say "The officer lists the commune's petitions"
show td list

say "Finding petitions by a word, typed without diacritics"
show td list --text "dien"

say "Looking one up by its receipt number"
receipt=$(td --format csv list --kind denunciation | awk -F, 'NR == 2 { print $2 }')
show td show "$receipt"

say "The province dashboard sees the same denunciation, without the denouncer"
show td --cert "$pki/tinh.crt" --key "$pki/tinh.key" show "$receipt"

say "The officer carries the land complaint through its life"
first=$(td --format csv list --kind complaint | awk -F, 'END { print $2 }')
show td accept "$first" --complex
show td show "$first" --explain
show td start "$first"
show td note "$first" "Đã mời hai bên và trưởng bản Nà Đa đến làm việc tại trụ sở UBND xã"
show td resolve "$first" --outcome "hòa giải thành" --satisfaction satisfied \
  --note "Hòa giải thành: hai bên thống nhất ranh giới theo bản đồ địa chính"
show td history "$first"
say "The receipt again, as an A5 PDF for the office printer"
show td receipt "$first" --pdf "$work/giay-bien-nhan.pdf"
say "An unlawful step is refused, and changes nothing"
show td withdraw "$first" --reason "Công dân muốn rút đơn đã giải quyết" || true

say "A dialogue conference: opinions raised, answered on the spot, forwarded"
td session open --type dialogue --title "Đối thoại với Nhân dân bản Chu Va" \
  --presided-by "Chủ tịch UBND xã"
sid=$(td --format csv session list | awk -F, 'NR == 2 { print $1 }')
td submit --session "$sid" --kind recommendation --channel dialogue --field rural_infrastructure \
  --summary "Đề nghị bê tông hóa đoạn đường nội bản dài 800 m" >/dev/null
td session close "$sid" --attendees 126 --opinions 29 --resolved-on-spot 28 --forwarded 1
show td session list
show td list --due-within 30d

say "The figures the commune's report prints, and the province's view"
month=$(date +%Y-%m)
show td report --from "$(date +%Y)-01" --to "$month"
show td --cert "$pki/tinh.crt" --key "$pki/tinh.key" stats --from "$(date +%Y)-01" --to "$month" --by unit --level commune
td report --from "$(date +%Y)-01" --to "$month" --xlsx "$work/bao-cao.xlsx"

say "The official form 01/TCD for this reporting year (15 December to 14 December), checked, and as a workbook to print"
# The reporting year that holds today: from 15 December it is the next one.
ryear=$(date +%Y)
if (($(date +%-m) == 12 && $(date +%-d) >= 15)); then ryear=$((ryear + 1)); fi
show td report --form 01/TCD --period "$ryear"
show td report --form 01/TCD --period "$ryear" --xlsx "$work/01-TCD-$ryear.xlsx"

say "The report of the same year as a document the Chairman signs (Decree 30/2020), and the petitions behind its overdue figure"
show td report --period "$ryear" --doc "$work/bao-cao-$ryear.docx" --number "12/BC-UBND" --signer "Hoàng Văn Lãnh"
show td report --period "$ryear" --explain overdue

say "The nation's view: every province, from the rollup, without counting petitions"
show td --cert "$pki/vn.crt" --key "$pki/vn.key" stats --from "$(date +%Y)-01" --to "$month" --by unit --level province

say "The province's live dashboard (one frame here; left running, it redraws as events arrive)"
show td --cert "$pki/tinh.crt" --key "$pki/tinh.key" watch --unit 12 --once
say "The change feed a dashboard follows: the first events, then the cursor to go on from"
show td --cert "$pki/tinh.crt" --key "$pki/tinh.key" changes --since 0 --limit 4

say "The same list as CSV, for a spreadsheet"
show td --format csv list --limit 3

say "What PostgreSQL holds: one row per petition, one event per submission"
td_psql "$work/pg" "$pgport" tiepdan -c \
  "SELECT receipt_no, kind, status, group_size, left(summary, 40) AS summary FROM petitions ORDER BY id" \
  -c "SELECT seq, petition_id, action, to_status FROM petition_events ORDER BY seq"

say "The server's log: one line per request"
grep ' req ' "$work/server.log" | tail -n 5

if ((keep)); then
  say "Kept: everything is in $work"
  cat <<KEPT
  pki/          the CA, the server's and the officers' certificates and keys
  pg/           the PostgreSQL cluster (data/, log), port $pgport
  server.log    tiepdand's log; client.conf, outbox/, the receipt PDF and reports
tiepdand (pid $server) still serves 127.0.0.1:$port; try:
  TIEPDAN_CONFIG=$work/client.conf TIEPDAN_OUTBOX=$work/outbox $bin/tiepdan list
Stop both, then remove the folder:
  kill $server
  (. $root/deploy/lib.sh && td_pg_stop $work/pg)
  rm -rf $work
KEPT
  exit 0
fi

say "Stopping tiepdand with SIGTERM"
kill -TERM "$server"
rc=0
wait "$server" || rc=$?
tail -n 2 "$work/server.log"
echo "tiepdand exited with status $rc"
say "Demo finished; cleaning up"
exit "$rc"
