#!/usr/bin/env bash
# The client's outbox (issue 13): every write is kept on the officer's PC
# before it is sent, exits 0 once kept, and is sent by the next command or
# `tiepdan outbox send`, exactly once; a submit that could not reach the
# server is given a receipt number from the block the workstation leased
# while online, and keeps it on the server; a denunciation rests sealed on
# the PC; a damaged outbox is put aside and said.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

ob() { outbox_of hoa; }
count() { sql "SELECT count(*) FROM petitions WHERE $1"; }

# Online: sent at once, nothing left waiting; the workstation leases a block.
run_cmd out rc cli hoa submit --kind complaint --channel regular_reception --field land \
  --summary "Khiếu nại về ranh giới thửa đất số 12"
expect_eq "online submit: exit 0" "$rc" 0
expect_contains "online submit: the receipt number" "$out" "Receipt number"
expect_eq "online submit: recorded once" "$(count "summary = 'Khiếu nại về ranh giới thửa đất số 12'")" 1
f=$(ob)
expect_eq "the outbox file exists, readable by its owner only" "$(stat -c %a "$f")" 600
expect_eq "the outbox's folder is its owner's only" "$(stat -c %a "$TIEPDAN_OUTBOX")" 700
run_cmd out rc cli hoa outbox
expect_contains "online submit: the outbox is empty" "$out" "The outbox is empty"
expect_eq "a block of this year's receipt numbers was leased to the workstation" \
  "$(sql "SELECT count(*) FROM receipt_leases WHERE year = extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')")" 1

# Offline: the server is down. Kept, exit 0, with a leased receipt number.
td_server_stop
run_cmd out rc cli hoa submit --retries 0 --kind complaint --channel regular_reception \
  --field land --name "Vàng A Dơ" --summary "Đường vào bản Nậm Ô bị sạt lở"
expect_eq "offline submit: exit 0 once kept" "$rc" 0
expect_contains "offline submit: says it is not sent yet" "$out" "Not sent yet"
offline_no=$(grep -o '[A-Z]*-20[0-9][0-9]-[0-9]*' <<<"$out" | tail -1)
expect_contains "offline submit: a receipt number for the citizen" "$offline_no" "-"
printf 'Đơn kiến nghị dài, nhận qua ống nghe.\nDòng thứ hai.\n' >"$T/long.txt"
run_cmd out rc cli hoa submit --retries 0 --kind recommendation --channel regular_reception \
  --summary - <"$T/long.txt"
expect_eq "offline submit from standard input: exit 0" "$rc" 0
run_cmd out rc cli hoa submit --retries 0 --kind denunciation --channel regular_reception \
  --name "Lò Văn Bí Mật" --id-number 011223344556 --summary "Tố cáo cán bộ địa chính"
expect_eq "offline denunciation: exit 0" "$rc" 0
run_cmd out rc cli hoa outbox
expect_contains "the outbox lists the offline petition" "$out" "Đường vào bản Nậm Ô"
expect_contains "the denunciation is listed sealed" "$out" "sealed"
expect_not_contains "the denouncer's name is not listed" "$out" "Bí Mật"
# Secrecy at rest: neither the name nor the ID number in the file or WAL.
leak=$(cat "$f" "$f-wal" 2>/dev/null | grep -a -c -e "Bí Mật" -e "011223344556" || true)
expect_eq "the denouncer's name and ID number are not in the outbox file" "$leak" 0
# The search can find what is there: the unsealed petition's words are.
seen=$(cat "$f" "$f-wal" 2>/dev/null | grep -a -c "Nậm Ô" || true)
if ((seen > 0)); then pass "the byte search finds an unsealed petition's words"; else fail "the byte search finds nothing at all"; fi

# The link is back: the next command sends what waits, once.
td_server_start
run_cmd out rc cli hoa outbox send
expect_eq "outbox send: exit 0" "$rc" 0
expect_eq "the offline petition arrived once, under the number handed out" \
  "$(count "receipt_no = '$offline_no' AND summary = 'Đường vào bản Nậm Ô bị sạt lở'")" 1
expect_eq "the petition from standard input arrived once" \
  "$(count "summary LIKE 'Đơn kiến nghị dài%'")" 1
expect_eq "the denunciation arrived once, the denouncer named on the server" \
  "$(count "kind = 'denunciation' AND petitioner_name = 'Lò Văn Bí Mật'")" 1
run_cmd out rc cli hoa outbox send
expect_eq "sent twice: still once" "$(count "summary = 'Đường vào bản Nậm Ô bị sạt lở'")" 1
run_cmd out rc cli hoa outbox
expect_contains "the outbox is empty again" "$out" "The outbox is empty"
# Acknowledged entries are erased, not marked: the pages they held were
# overwritten (secure_delete) and the WAL cut, so not even the sealed
# entry's label or the offline petition's text is left in the file.
leftover=$(cat "$f" "$f-wal" 2>/dev/null | grep -a -c -e "names kept secret" -e "Nậm Ô" -e "Bí Mật" || true)
expect_eq "after sending, nothing of the entries remains in the outbox file or its WAL" "$leftover" 0

# The systemd user unit that keeps `outbox watch` running is well formed.
if command -v systemd-analyze >/dev/null; then
  sed "s|/usr/bin/tiepdan|$TD_BUILD/tiepdan|" "$TD_SRC/deploy/systemd/tiepdan-outbox.service" \
    >"$T/tiepdan-outbox.service"
  run_cmd out rc systemd-analyze verify "$T/tiepdan-outbox.service"
  expect_eq "deploy/systemd/tiepdan-outbox.service verifies" "$rc|$out" "0|"
fi

td_done
