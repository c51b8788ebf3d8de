#!/usr/bin/env bash
# Search that finds: `list --text` matches whatever the diacritics, the case
# and the Unicode form (NFD, as Unikey's "Unicode tổ hợp" types it), over
# the summary, the notes, the receipt number in any case and, for those who
# may see the identity, the petitioner's name and ID number; for everyone
# else a name or ID number matches nothing and the reply is byte for byte
# that of a miss. The server stores NFC whatever it receives, and the
# migration (sql/schema/012_search.sql) normalises and indexes rows stored
# before it.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# receipts WHO ARGS...: the receipt numbers `tiepdan list` prints as CSV for
# WHO, sorted, space-separated.
receipts() {
  local who=$1
  shift
  cli "$who" --format csv list "$@" | grep -o -E '[A-Z]+-[0-9]{4}-[0-9]{6}' | sort -u | tr '\n' ' ' |
    sed 's/ $//'
}
# submit_id ARGS...: submits as hoa, prints "ID RECEIPT".
submit_id() {
  local out
  out=$(cli hoa --format json submit "$@")
  printf '%s %s\n' "$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$out" | head -n1)" \
    "$(sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' <<<"$out" | head -n1)"
}

# Decomposed (NFD) text, written as its bytes: "mất điện" is m, a, U+0302
# (combining circumflex), U+0301 (combining acute), t, space, đ, i, e,
# U+0323 (combining dot below), U+0302, n.
nfd_mat_dien=$(printf 'ma\xcc\x82\xcc\x81t \xc4\x91ie\xcc\xa3\xcc\x82n')
nfd_summary=$(printf 'Đu\xcc\x9bo\xcc\x9b\xcc\x80ng va\xcc\x80o tho\xcc\x82n sa\xcc\xa3t lo\xcc\x9b\xcc\x89, %s tu\xcc\x9b\xcc\x80 ho\xcc\x82m qua' "$nfd_mat_dien")
nfc_summary="Đường vào thôn sạt lở, mất điện từ hôm qua"
expect_eq "the test's NFD summary is not NFC" "$(sql "SELECT '$nfd_summary' IS NFC NORMALIZED")" f
expect_eq "the test's NFD summary is the NFC one decomposed" \
  "$(sql "SELECT normalize('$nfd_summary', NFC) = '$nfc_summary'")" t

year=$(TZ=Asia/Ho_Chi_Minh date +%Y)
read -r p1 r1 < <(submit_id --kind feedback --channel regular_reception --field electricity \
  --name "Hà Thị Mơ" --summary "Mất điện kéo dài ở bản Nà Khan")
read -r _ r2 < <(submit_id --kind denunciation --channel regular_reception --field admin_procedure \
  --name "Lò Văn Quyết" --id-number 012099004321 --summary "Tố cáo thu tiền sai quy định")
read -r p3 r3 < <(submit_id --kind request --channel digital --field rural_infrastructure \
  --name "Vàng A Sử" --summary "$nfd_summary")
read -r p4 r4 < <(submit_id --kind recommendation --channel digital --field land \
  --summary "Đề nghị cấp giấy chứng nhận quyền sử dụng đất")
cli hoa note "$p1" "Đã hẹn điện lực kiểm tra công tơ ngày mai" >/dev/null
expect_eq "the first petition of the commune this year is BL-$year-000001" "$r1" "BL-$year-000001"

# NFC on the way in.
expect_eq "an NFD summary is stored NFC" \
  "$(sql "SELECT summary IS NFC NORMALIZED AND summary = '$nfc_summary' FROM petitions WHERE id = $p3")" t
cli hoa note "$p4" "$(printf 'Ho\xcc\x82\xcc\x80 so\xcc\x9b ddu\xcc\x89')" >/dev/null
expect_eq "an NFD note is stored NFC" \
  "$(sql "SELECT note = 'Hồ sơ ddủ' FROM petition_events WHERE petition_id = $p4 AND action = 'note'")" t
expect_eq "the event chain still verifies" \
  "$(sql "SELECT count(*) FROM td_audit_chain_breaks(td_unit_by_code('03390'))")" 0

# Diacritics, case, Unicode form: the summary.
both="$(printf '%s\n' "$r1" "$r3" | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "\"dien\" finds both petitions about electricity" "$(receipts hoa --text dien)" "$both"
expect_eq "\"ĐIỆN\" finds them too" "$(receipts hoa --text ĐIỆN)" "$both"
expect_eq "\"điện\" finds them too" "$(receipts hoa --text điện)" "$both"
expect_eq "NFD \"mất điện\" finds them" "$(receipts hoa --text "$nfd_mat_dien")" "$both"
expect_eq "NFC \"mất điện\" finds them" "$(receipts hoa --text "mất điện")" "$both"
expect_eq "\"MAT DIEN\" finds them" "$(receipts hoa --text "MAT DIEN")" "$both"
expect_eq "\"sat lo\" finds the one stored from NFD" "$(receipts hoa --text "sat lo")" "$r3"
expect_eq "\"quyen su dung dat\" finds the land petition" "$(receipts hoa --text "quyen su dung dat")" "$r4"
# The notes.
expect_eq "a word of a note finds its petition" "$(receipts hoa --text "cong to")" "$r1"
expect_eq "a word of an NFD note finds its petition" "$(receipts hoa --text "hồ sơ")" "$r4"
# Receipt numbers in any case.
expect_eq "bl-$year-000001 finds BL-$year-000001" "$(receipts hoa --text "bl-$year-000001")" "$r1"
expect_eq "a lower-case receipt finds it for the province's dashboard" \
  "$(receipts tinh --text "${r4,,}")" "$r4"
expect_contains "show bl-$year-000001 shows BL-$year-000001" \
  "$(cli hoa --format json show "bl-$year-000001" 2>&1)" "\"receipt_no\":\"$r1\""
# LIKE's wildcards are plain characters.
expect_eq "\"%\" matches nothing" "$(receipts hoa --text "%")" ""
expect_eq "\"_\" matches nothing" "$(receipts hoa --text "_")" ""

# The identity: the handling commune's reception officer finds the
# denouncer by name (any form) and by ID number.
expect_eq "the officer finds the denouncer by name" "$(receipts hoa --text "lo van quyet")" "$r2"
expect_eq "the officer finds the denouncer by name, with diacritics" "$(receipts hoa --text "Lò Văn Quyết")" "$r2"
expect_eq "the officer finds the denouncer by ID number" "$(receipts hoa --text 099004321)" "$r2"
expect_eq "the officer finds an ordinary petitioner by name" "$(receipts hoa --text "ha thi mo")" "$r1"
# An ordinary petitioner's name is no secret: the dashboard finds it.
expect_eq "the dashboard finds an ordinary petitioner by name" "$(receipts tinh --text "Hà Thị Mơ")" "$r1"
expect_eq "the dashboard searches at all" "$(receipts tinh --text dien)" "$both"

# Everyone else: the name, the ID number and the summary of the
# denunciation match nothing, and the reply is that of a miss, byte for
# byte (each query on a connection of its own, so request ids agree).
miss="không có đơn nào như vậy"
for who in front_xa front_tinh tinh lan nation; do
  for q in "lo van quyet" "Lò Văn Quyết" "012099004321" "099004321" "thu tien sai"; do
    : >"$T/$who-q.bin"
    : >"$T/$who-miss.bin"
    a=$(probe "$who" hello expect list-text "$q" expect-dump "$T/$who-q.bin")
    b=$(probe "$who" hello expect list-text "$miss" expect-dump "$T/$who-miss.bin")
    expect_contains "$who: \"$q\" answered" "$(sed -n 2p <<<"$a")" "petitions=0"
    if [[ -s $T/$who-q.bin ]] && cmp -s "$T/$who-q.bin" "$T/$who-miss.bin"; then
      pass "$who: \"$q\" answers byte for byte as a miss"
    else
      fail "$who: \"$q\" answers byte for byte as a miss" "$a" "$b"
    fi
  done
done
# And the reception officer's own search by name does differ from a miss.
: >"$T/hoa-q.bin"
: >"$T/hoa-miss.bin"
probe hoa hello expect list-text "lo van quyet" expect-dump "$T/hoa-q.bin" >/dev/null
probe hoa hello expect list-text "$miss" expect-dump "$T/hoa-miss.bin" >/dev/null
if cmp -s "$T/hoa-q.bin" "$T/hoa-miss.bin"; then
  fail "hoa: a search by the denouncer's name differs from a miss"
else
  pass "hoa: a search by the denouncer's name differs from a miss"
fi

# The search index serves a commune's search: its keys are the trigrams of
# the text tagged with the unit (sql/schema/013_search_keys.sql). (On four
# rows the planner would rather read the table: without a sequential scan,
# the search index must do.)
plan=$(sql "BEGIN; SET LOCAL enable_seqscan = off;
  EXPLAIN SELECT id FROM petitions
  WHERE td_search_keys(unit_id, search_sealed, receipt_no)
        @> td_search_query_keys(td_unit_by_code('03390'), 'dien');
  ROLLBACK")
expect_contains "petitions_search_keys serves a search in a unit" "$plan" "petitions_search_keys"
# A commune's keys are not another's: the same word in a unit with no
# petition has no candidate.
expect_eq "a unit's keys find its own petitions" \
  "$(sql "SELECT count(*) > 0 FROM petitions WHERE td_search_keys(unit_id, search_sealed, receipt_no)
          @> td_search_query_keys(td_unit_by_code('03390'), 'dien')")" t
expect_eq "another unit's keys find none of them" \
  "$(sql "SELECT count(*) FROM petitions WHERE unit_id = td_unit_by_code('03390')
          AND td_search_keys(unit_id, search_sealed, receipt_no)
              @> td_search_query_keys(td_unit_by_code('VN'), 'dien')")" 0
# Only the trigrams inside a typed word are asked for: "ien" and "die" of
# "dien", not the word's ends, which may fall inside a stored word.
expect_eq "the keys of 'dien' are its two inner trigrams" \
  "$(sql "SELECT cardinality(td_search_query_keys(1, 'dien'))")" 2
expect_eq "a word of two letters alone has no key" \
  "$(sql "SELECT cardinality(td_search_query_keys(1, 'an'))")" 0
# Where the typed text puts a separator, a word's edge is asked for too:
# "lo " (lo ends a word), "  t", " th", "thi", "hi " (thi is a whole word),
# "  h", " ho", "hoa" (hoa starts one).
expect_eq "the keys of 'lò thị hoa' are its words' edges and insides" \
  "$(sql "SELECT cardinality(td_search_query_keys(1, 'lò thị hoa'))")" 8
# No false negative: for every petition here (NFD summaries, notes, names
# with diacritics), every piece of its texts that it matches asks the index
# only for keys it has.
expect_eq "every piece of a text that matches it finds it in the index" \
  "$(sql "SELECT count(*) FROM (
            SELECT p.unit_id, p.search_sealed, p.receipt_no, substr(t.txt, i, n) AS piece
              FROM petitions p
             CROSS JOIN LATERAL (VALUES (p.summary), (p.petitioner_name), (p.receipt_no),
                                        (p.petitioner_id_number)) t (txt)
             CROSS JOIN generate_series(1, 80) i
             CROSS JOIN generate_series(1, 16) n
             WHERE t.txt IS NOT NULL AND i <= length(t.txt)) x
          WHERE (x.search_sealed LIKE td_search_pattern(x.piece)
                 OR lower(x.receipt_no) LIKE td_search_pattern(x.piece))
            AND NOT td_search_keys(x.unit_id, x.search_sealed, x.receipt_no)
                    @> td_search_query_keys(x.unit_id, x.piece)")" 0
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0

# Rows stored before schema 012: a database migrated without it gets an NFD
# petition and an NFD note, then today's migration normalises them and
# makes them searchable.
old_db="o_$$"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE $old_db" >/dev/null
td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS $old_db WITH (FORCE)"
old_sql=$T/sql-011
mkdir -p "$old_sql"
cp -r "$TD_SRC/sql/schema" "$TD_SRC/sql/functions" "$old_sql/"
rm -f "$old_sql/schema/012_search.sql" "$old_sql/schema/013_search_keys.sql" \
  "$old_sql/functions/35_search.sql"
old_conn=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$old_db")
out=$("$TD_BUILD/tiepdand" --migrate --db "$old_conn" --sql-dir "$old_sql" 2>&1) ||
  fail "migrating without 012" "$out"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$old_db" -f "$TD_SRC/deploy/seed/units.sql" >/dev/null
"$TD_BUILD/tiepdand" --db "$old_conn" --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390 >/dev/null
old_sql_q() { td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$old_db" -At -c "$1"; }
old_sql_q "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
             petitioner_name, summary, received_at, created_by)
           VALUES ('BL-$year-000001', gen_random_uuid(), '\\x00', td_unit_by_code('03390'),
                   'feedback', 'digital', '$(printf 'Lu\xcc\x9bo\xcc\x9b\xcc\x80ng Thi\xcc\xa3 Nga')',
                   '$nfd_summary', now(), (SELECT min(id) FROM principals))" >/dev/null
old_sql_q "INSERT INTO petition_events (petition_id, unit_id, actor_id, action, note)
           SELECT id, unit_id, created_by, 'note', '$(printf 'co\xcc\x82ng to\xcc\x9b hu\xcc\x89ng')'
           FROM petitions" >/dev/null
expect_eq "before 012: the summary is stored as sent (NFD)" \
  "$(old_sql_q "SELECT summary IS NFC NORMALIZED FROM petitions")" f
out=$("$TD_BUILD/tiepdand" --migrate --db "$old_conn" --sql-dir "$TD_SRC/sql" 2>&1) ||
  fail "migrating to 012" "$out"
expect_contains "012 is applied" "$out" "applied 012_search.sql"
expect_contains "013 is applied" "$out" "applied 013_search_keys.sql"
expect_eq "012 normalised the summary and the name to NFC" \
  "$(old_sql_q "SELECT summary = '$nfc_summary' AND petitioner_name = 'Lường Thị Nga' FROM petitions")" t
expect_eq "012 folded the old note into search_notes" \
  "$(old_sql_q "SELECT search_notes FROM petitions")" "cong to hung"
expect_eq "012's folded text finds the old row" \
  "$(old_sql_q "SELECT count(*) FROM petitions WHERE search_sealed LIKE td_search_pattern('$nfd_mat_dien')
                  AND search_sealed LIKE td_search_pattern('LUONG thi nga')
                  AND search_sealed LIKE td_search_pattern('công tơ')")" 1
expect_eq "013's keys find the old row through its note" \
  "$(old_sql_q "SELECT count(*) FROM petitions WHERE td_search_keys(unit_id, search_sealed, receipt_no)
                  @> td_search_query_keys(unit_id, 'cong to')")" 1
# td_nfc: NFC text comes back as it is, anything else normalised, exactly as
# normalize() would (td_fold and the NFC triggers use it).
for form in NFC NFD NFKD; do
  expect_eq "td_nfc of $form text equals normalize(, NFC)" \
    "$(sql "SELECT count(*) FROM (VALUES ('Lò Thị Hoa'), ('Nguyễn Văn Ấn'), ('ĐỀ NGHỊ xử lý'),
              ('ﬁ ①'), (''), (repeat('ệ', 300))) t (x)
            WHERE td_nfc(normalize(x, $form)) IS DISTINCT FROM normalize(normalize(x, $form), NFC)")" 0
done
expect_eq "td_nfc of NULL is NULL" "$(sql "SELECT td_nfc(NULL) IS NULL")" t
expect_eq "td_fold folds NFD as NFC" \
  "$(sql "SELECT td_fold(normalize('Lò Thị Hoa', NFD)) = td_fold('Lò Thị Hoa')")" t
td_done
