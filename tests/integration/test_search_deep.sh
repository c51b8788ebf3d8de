#!/usr/bin/env bash
# Search in an area with more petitions than one walk reads. A list by text
# (server/db/petition.c, SQL_LIST) first reads the area's 2,000 newest
# petitions and, when they do not fill the page, the search index
# (petitions_search_keys: trigrams tagged with the unit,
# sql/schema/013_search_keys.sql) for the older ones. Here a commune holds
# 2,600 petitions, so every way through is taken: a word found only among
# the old ones, a common word read page by page across the walk's edge, a
# text with no trigram, an ordering by deadline, a former commune's
# petitions, and a denouncer's name that only the handling commune may
# find. Each answer is compared with SQL's, petition for petition and in
# order.
. "$(dirname "$0")/lib.sh"
td_test_db

# 2,600 petitions of Bình Lư (03390) and 300 of its former commune Sơn
# Bình (03413), one a minute back from now, inserted as the benchmark does
# (tests/bench/petitions.sql: triggers off, every reference valid).
# Summaries: a third mention "mất điện"; petitions 2,401..2,403 of Bình Lư
# (older than the newest 2,000) alone mention "cầu treo"; "Nà Khan" (a
# word of two letters, "na", beside one of four) only 2,500; 2,550 is a
# denunciation by "Lò Văn Quyết". The open ones have passed their deadline.
sql "SET session_replication_role = replica;
INSERT INTO petitions
  (receipt_no, idempotency_key, request_hash, unit_id, kind, channel, field,
   petitioner_name, petitioner_id_number, confidential, summary, status,
   received_at, deadline, deadline_step, deadline_start, created_by,
   created_at, updated_at)
SELECT u.prefix || '-2025-' || lpad(g::text, 6, '0'),
       gen_random_uuid(), int8send(g + u.id * 100000), u.id,
       CASE WHEN g = 2550 THEN 'denunciation' ELSE 'feedback' END,
       'regular_reception', 'land',
       CASE WHEN g = 2550 THEN 'Lò Văn Quyết' ELSE 'Người thứ ' || g END,
       CASE WHEN g = 2550 THEN '012099004321' END,
       g = 2550,
       CASE WHEN g BETWEEN 2401 AND 2403 AND u.prefix = 'BL'
              THEN 'Đề nghị sửa cầu treo bản số ' || g
            WHEN g = 2500 AND u.prefix = 'BL' THEN 'Đường vào bản Nà Khan lầy lội'
            WHEN g % 3 = 0 THEN 'Mất điện kéo dài ở thôn số ' || g
            ELSE 'Đèn chiếu sáng hỏng ở xóm số ' || g END,
       CASE WHEN g % 10 = 0 THEN 'received' ELSE 'resolved' END,
       now() - g * interval '1 minute' - u.id * interval '1 second',
       current_date - 5 + g % 7, 'accept', current_date - 15, p.id,
       now() - g * interval '1 minute', now() - g * interval '1 minute'
FROM (VALUES (td_unit_by_code('03390'), 'BL', 2600),
             ((SELECT id FROM units WHERE code = '03413'), 'SB', 300)) u (id, prefix, n)
CROSS JOIN LATERAL generate_series(1, u.n) g
CROSS JOIN (SELECT min(id) AS id FROM principals) p" >/dev/null
expect_eq "Bình Lư holds 2,600 petitions" \
  "$(sql "SELECT count(*) FROM petitions WHERE unit_id = td_unit_by_code('03390')")" 2600
sql "ANALYZE petitions" >/dev/null
td_server_start

# No false negative: every piece of every petition's text (its summary
# and name as typed, with diacritics; pieces of 1 to 14 characters from
# every 5th position) that the petition matches, its keys contain the
# piece's keys. A key that the index would ask for and the petition lacks
# would hide it from search.
expect_eq "every piece of a text that matches it finds it in the index" \
  "$(sql "SELECT count(*) FROM (
            SELECT p.id, p.unit_id, p.search_sealed, p.receipt_no,
                   substr(t.txt, i, n) AS piece
              FROM (SELECT * FROM petitions ORDER BY id LIMIT 400) p
             CROSS JOIN LATERAL (VALUES (p.summary), (p.petitioner_name),
                                        (p.receipt_no)) t (txt)
             CROSS JOIN generate_series(1, 60, 5) i
             CROSS JOIN generate_series(1, 14) n
             WHERE t.txt IS NOT NULL AND i <= length(t.txt)) x
          WHERE (x.search_sealed LIKE td_search_pattern(x.piece)
                 OR lower(x.receipt_no) LIKE td_search_pattern(x.piece))
            AND NOT td_search_keys(x.unit_id, x.search_sealed, x.receipt_no)
                    @> td_search_query_keys(x.unit_id, x.piece)")" 0

# server WHO ARGS...: the receipt numbers `list --all` gives WHO, in order.
server() {
  local who=$1 rc=0
  shift
  cli "$who" --format csv list --all --limit 50 "$@" >"$T/list.csv" 2>&1 || rc=$?
  if ((rc != 0)); then
    fail "list as $who $* (exit $rc)" "$(head -c 400 "$T/list.csv")"
    return 0
  fi
  grep -o -E '[A-Z]{2}-[0-9]{4}-[0-9]{6}' "$T/list.csv" || true
}
# expected AREA-UNIT TEXT [SEALED-SQL] [EXTRA-SQL]: what SQL finds in the
# area of AREA-UNIT, newest first.
expected() {
  local area=$1 text=$2 sealed=${3:-"NOT p.confidential AND p.kind <> 'denunciation'"} extra=${4:-true}
  sql "SELECT p.receipt_no FROM petitions p
        WHERE p.unit_id IN (SELECT s.unit FROM unit_scope s
                             WHERE s.ancestor = (SELECT id FROM units WHERE code = '$area'
                                                 ORDER BY valid_to IS NULL DESC, valid_to DESC LIMIT 1))
          AND (lower(p.receipt_no) LIKE td_search_pattern('$text')
               OR (p.search_sealed LIKE td_search_pattern('$text') AND ($sealed)))
          AND ($extra)
        ORDER BY p.received_at DESC, p.id DESC"
}
# same WHAT GOT EXPECTED: the same petitions in the same order, and how many.
same() {
  local n
  n=$(grep -c . <<<"$3" || true)
  if [[ $2 == "$3" ]]; then
    pass "$1 ($n petitions, as SQL finds them)"
  else
    fail "$1" "server: $(wc -l <<<"$2") lines, SQL: $n; first difference: $(diff <(echo "$2") <(echo "$3") | head -n 4 | tr '\n' ' ')"
  fi
}

# Found only among the old ones: the index, after the walk.
got=$(server hoa --text "cau treo")
same "hoa: 'cau treo' is found in petitions older than the newest 2,000" "$got" "$(expected 03390 'cau treo' true)"
expect_eq "hoa: three of them" "$(grep -c . <<<"$got")" 3

# A common word, page by page: the first pages from the walk, the later
# ones from the index, in one order.
got=$(server hoa --text "MẤT ĐIỆN")
same "hoa: every 'MẤT ĐIỆN', page by page across the walk's edge" "$got" "$(expected 03390 'mat dien' true)"

# Filters with a text: open and overdue ones (the walk holds too few), by
# deadline.
got=$(server hoa --overdue --text "dien")
want=$(sql "SELECT p.receipt_no FROM petitions p
             WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(td_unit_by_code('03390')))
               AND p.search_sealed LIKE td_search_pattern('dien')
               AND p.status IN ('received', 'accepted', 'in_progress')
               AND p.deadline < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
             ORDER BY p.deadline, p.id")
same "hoa: overdue with 'dien', by deadline" "$got" "$want"
got=$(server hoa --text "dien" --status received)
same "hoa: received ones with 'dien'" "$got" "$(expected 03390 'dien' true "p.status = 'received'")"

# A text with no trigram (words of two letters and one of four, "khan"
# has two): the short word alone reads the rows.
got=$(server hoa --text "nà")
same "hoa: 'nà' (no trigram) is found beyond the walk" "$got" "$(expected 03390 'na' true)"

# The former commune, through --unit and within the province.
got=$(server hoa --unit 03413 --text "mat dien")
same "hoa: 'mat dien' under the former commune 03413" "$got" "$(expected 03413 'mat dien' true)"
got=$(server tinh --text "cầu treo")
same "the province's dashboard: 'cầu treo' in Lai Châu" "$got" "$(expected 12 'cau treo')"
got=$(server tinh --text "mat dien")
same "the province's dashboard: every 'mat dien', page by page" "$got" "$(expected 12 'mat dien')"
# The nation's dashboard walks the country's newest petitions, then each
# unit's keys.
got=$(server nation --text "cầu treo")
same "the nation's dashboard: 'cầu treo'" "$got" "$(expected VN 'cau treo')"

# A denouncer's name, beyond the walk: the handling commune finds it, the
# province's dashboard and the Front get the reply of a miss.
got=$(server hoa --text "lo van quyet")
expect_eq "hoa: the denouncer's name finds the denunciation" "$got" "BL-2025-002550"
expect_eq "the province's dashboard: the denouncer's name finds nothing" "$(server tinh --text "lo van quyet")" ""
expect_eq "the Front: the denouncer's name finds nothing" "$(server front_xa --text "lo van quyet")" ""
expect_eq "the Front: the denouncer's ID number finds nothing" "$(server front_xa --text "2099004")" ""

# A receipt number in lower case, old.
expect_eq "hoa: bl-2025-002599 in lower case" "$(server hoa --text "bl-2025-002599")" "BL-2025-002599"
td_server_stop
td_done
