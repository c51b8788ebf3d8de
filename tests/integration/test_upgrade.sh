#!/usr/bin/env bash
# A database migrated at the previous release, with petitions, a transition
# and a session put in through that release's own SQL functions, upgrades
# cleanly with today's --migrate: its data intact, the dead columns gone,
# today's functions working on its rows, its aggregates equal to a recount,
# and its schema the same as a freshly migrated database's. Migrating again
# changes nothing; an edited released schema file is refused.
. "$(dirname "$0")/lib.sh"

# The previous release: its sql/ held the five migrations at the top level.
prev=dec2cc3
old_sql=$T/old-sql
mkdir -p "$old_sql"
if ! files=$(git -C "$TD_SRC" ls-tree --name-only "$prev" sql/ 2>&1) || [[ -z "$files" ]]; then
  echo "FAIL the previous release ($prev) is not in the git history of $TD_SRC: $files"
  exit 1
fi
for f in $files; do
  git -C "$TD_SRC" show "$prev:$f" >"$old_sql/$(basename "$f")"
done
git -C "$TD_SRC" show "$prev:deploy/seed/units.sql" >"$T/units.sql"

up="u_$$"
fresh="f_$$"
for db in "$up" "$fresh"; do
  td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE $db"
  td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
# sql() and the server read the upgraded database.
TD_DB=$up
conn=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$up")
migrate() { "$TD_BUILD/tiepdand" --migrate --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$1")" \
  --sql-dir "${2:-$TD_SRC/sql}" 2>&1; }
# The schema alone, as pg_dump prints it, without what differs between any
# two dumps (its session settings, the random key of \restrict).
schema() {
  "$(td_pg_bin)/pg_dump" --schema-only --no-owner --no-privileges \
    -d "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$1")" |
    sed -E '/^--/d; /^$/d; /^\\(un)?restrict /d; /^SET /d; /^SELECT pg_catalog\.set_config/d'
}

# The previous release's migrate (server/admin.c at that commit): the table
# of applied files, then each file and its record in one transaction.
sql "CREATE TABLE IF NOT EXISTS schema_migrations (
       version integer PRIMARY KEY, name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now())" >/dev/null
for f in "$old_sql"/[0-9][0-9][0-9]_*.sql; do
  name=$(basename "$f")
  if ! out=$(td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$up" -1 -f "$f" \
    -c "INSERT INTO schema_migrations (version, name) VALUES (${name:0:3}, '$name')" 2>&1); then
    echo "FAIL the previous release's $name does not apply: $out"
    exit 1
  fi
done
expect_eq "the previous release's five migrations are recorded" \
  "$(sql "SELECT string_agg(name, ' ' ORDER BY version) FROM schema_migrations")" \
  "001_core.sql 002_lifecycle.sql 003_access.sql 004_stats.sql 005_feed.sql"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$up" -f "$T/units.sql" >/dev/null
"$TD_BUILD/tiepdand" --db "$conn" --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390 >/dev/null

# Data through the previous release's functions: three petitions (one from a
# closed session, one a confidential denunciation), one accepted with its
# resolution deadline, one resolved.
pid=$(sql "SELECT id FROM principals")
cal=$(sql "SELECT version FROM calendar_state")
sid=$(sql "INSERT INTO sessions (unit_id, type, title, opened_at, created_by)
           VALUES (td_unit_by_code('03390'), 'dialogue', 'Đối thoại về đất đai',
                   '2026-03-02 08:00+07', $pid) RETURNING id")
expect_eq "the old close_session closes it" \
  "$(sql "SELECT result FROM td_close_session(td_unit_by_code('03390'), $sid,
          '2026-03-02 11:00+07', 40, 6, 5, 1, NULL)")" ok
submit() { # KIND CONFIDENTIAL SESSION RECEIVED SUMMARY
  sql "SELECT result || ' ' || (petition).id FROM td_submit_petition($pid, gen_random_uuid(),
         '\\x01', NULL, NULL, '$1', 'regular_reception', 'land', 1, 'Lò Văn Minh', NULL, NULL,
         NULL, $2, '$5', '$4', $3, $cal,
         (SELECT id FROM deadline_rules WHERE kind = '$1' AND step = 'accept'),
         DATE '$4'::date + 10, DATE '$4'::date + 10)"
}
p1=$(submit complaint false NULL 2026-03-02 "Khiếu nại về ranh giới đất")
p2=$(submit request false "$sid" 2026-03-02 "Đề nghị sửa đường vào bản")
p3=$(submit denunciation true NULL 2026-03-05 "Tố cáo việc lấn chiếm đất công")
expect_eq "the old submission creates the three" "${p1% *} ${p2% *} ${p3% *}" "created created created"
p1=${p1#* } p2=${p2#* } p3=${p3#* }
move() { # ID EXPECTED ACTION TO AT [OUTCOME] [DEADLINE]
  local dl=${7:-NULL}
  sql "SELECT result FROM td_apply_transition($pid, $1, $2, $cal, '$3', '$4', '$5', NULL,
         NULL, ${6:-NULL}, NULL, false, NULL, $([[ $dl == NULL ]] && echo false || echo true),
         $dl, (SELECT id FROM deadline_rules WHERE kind = 'complaint' AND step = 'resolve'
               AND effective_from = '2012-07-01'),
         'resolve', DATE '2026-03-03', 0)"
}
expect_eq "the old transition accepts the complaint" \
  "$(move "$p1" 1 accept accepted '2026-03-03 09:00+07' NULL "DATE '2026-04-17'")" ok
move "$p2" 1 accept accepted '2026-03-03 09:00+07' >/dev/null
move "$p2" 2 start in_progress '2026-03-04 09:00+07' >/dev/null
expect_eq "the old transition resolves the request" \
  "$(move "$p2" 3 resolve resolved '2026-03-06 09:00+07' "'answered_in_writing'")" ok
# Part of the rollup folded, part still pending, as a running server leaves it.
sql "SELECT td_stat_fold()" >/dev/null
move "$p3" 1 note received '2026-03-06 10:00+07' >/dev/null

# What must come through the upgrade unchanged, as one digest per table (a
# petition without the two columns the upgrade drops).
petitions_before=$(sql "SELECT md5(string_agg((to_jsonb(p) - 'extended_deadline' - 'handling_agency')::text,
                          ',' ORDER BY p.id)) FROM petitions p")
declare -A before
tables="petition_events sessions units unit_scope principals receipt_counters
  stat_cells stat_rollup stat_rollup_pending stat_rollup_open principal_changes"
calendar_before=$(sql "SELECT version FROM calendar_state")
for t in $tables; do
  before[$t]=$(sql "SELECT md5(string_agg(to_jsonb(x)::text, ',' ORDER BY to_jsonb(x)::text)) FROM $t x")
done
expect_eq "the old schema has the dead columns" \
  "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'petitions'
          AND column_name IN ('extended_deadline', 'handling_agency')")" 2

# The upgrade.
rc=0
out=$(migrate "$up") || rc=$?
expect_eq "the upgrade succeeds" "$rc" 0
expect_contains "it adopts the previous release's files" "$out" \
  "adopted 001_units.sql (applied as 001_core.sql before checksums were kept)"
expect_contains "it applies the files that came after" "$out" "applied 006_drop_dead_columns.sql"
expect_contains "it re-applies the functions" "$out" \
  "functions: $(find "$TD_SRC/sql/functions" -name '*.sql' | wc -l) files re-applied"
expect_eq "every schema file is recorded with its checksum" \
  "$(sql "SELECT count(*) FILTER (WHERE sha256 IS NOT NULL) FROM schema_migrations")" \
  "$(find "$TD_SRC/sql/schema" -name '[0-9][0-9][0-9]_*.sql' | wc -l)"

# The data, intact (a petition without the column schema 011 adds, false on
# every old petition, the search columns schema 012 derives from it, and
# the offline outbox's columns of schema 014, empty on every old row).
# Schema 015's columns for the forms (session numbers, themes, delegations)
# are empty on old rows too; schema 016's units.current_id is checked below.
offline="ARRAY['idempotency_key', 'request_hash', 'claimed_at', 'clock_skew', 'close_key',
               'close_hash', 'number', 'theme', 'groups', 'group_people', 'current_id']"
expect_eq "the petitions are intact" \
  "$(sql "SELECT md5(string_agg((to_jsonb(p) - 'especially_complex' - 'search_notes'
                                 - 'search_sealed' - 'received_at_claimed' - 'clock_skew'
                                 - 'clock_suspect' - 'lease_id' - 'repeat_of_id'
                                 - 'finding')::text, ',' ORDER BY p.id))
          FROM petitions p")" \
  "$petitions_before"
expect_eq "schema 014 left every old row's offline columns empty" \
  "$(sql "SELECT (SELECT count(*) FROM petitions WHERE clock_suspect OR lease_id IS NOT NULL
                    OR received_at_claimed IS NOT NULL OR clock_skew IS NOT NULL)
               + (SELECT count(*) FROM petition_events WHERE idempotency_key IS NOT NULL
                    OR claimed_at IS NOT NULL OR clock_skew IS NOT NULL)
               + (SELECT count(*) FROM sessions WHERE idempotency_key IS NOT NULL
                    OR close_key IS NOT NULL)")" 0
expect_eq "schema 015 left every old row's form columns empty" \
  "$(sql "SELECT (SELECT count(*) FROM petitions WHERE repeat_of_id IS NOT NULL OR finding IS NOT NULL)
               + (SELECT count(*) FROM sessions WHERE number IS NOT NULL OR theme IS NOT NULL
                    OR groups IS NOT NULL OR group_people IS NOT NULL)")" 0
expect_eq "no old petition is especially complex" \
  "$(sql "SELECT count(*) FROM petitions WHERE especially_complex")" 0
expect_eq "the rules of schema 011 move the calendar's version once, so servers reload" \
  "$(sql "SELECT version FROM calendar_state")" $((calendar_before + 1))
cal=$(sql "SELECT version FROM calendar_state")
for t in $tables; do
  expect_eq "$t is intact" \
    "$(sql "SELECT md5(string_agg((to_jsonb(x) - $offline)::text, ','
                              ORDER BY (to_jsonb(x) - $offline)::text)) FROM $t x")" \
    "${before[$t]}"
done
expect_eq "schema 016 names the end of every unit's merged_into chain" \
  "$(sql "WITH RECURSIVE c(unit, id, next) AS (
            SELECT id, id, merged_into FROM units
            UNION ALL
            SELECT c.unit, u.id, u.merged_into FROM c JOIN units u ON u.id = c.next)
          SELECT count(*) FROM c JOIN units u ON u.id = c.unit
           WHERE c.next IS NULL AND u.current_id IS DISTINCT FROM c.id")" 0
expect_eq "... where merged communes lead to their successor" \
  "$(sql "SELECT count(*) > 0 FROM units WHERE current_id <> id")" t
expect_eq "the dead columns are gone" \
  "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'petitions'
          AND column_name IN ('extended_deadline', 'handling_agency')")" 0

# The aggregates still equal a recount, before and after a fold.
expect_eq "upgraded: the cells equal a recount" "$(recount_diff)" 0
expect_eq "... and the province rollup too" "$(rollup_diff)" 0
expect_eq "... which is no empty comparison" "$(sql "SELECT sum(received) FROM td_stat_rollup_recount")" 3
sql "SELECT td_stat_fold()" >/dev/null
expect_eq "... and still after a fold" "$(rollup_diff)" 0

# Today's functions on the old rows.
expect_eq "the petition view reads an old petition's deadline" \
  "$(sql "SELECT status, deadline FROM td_petition_v WHERE id = $p1")" "accepted|2026-04-17"
expect_eq "today's transition moves an old petition" \
  "$(move "$p1" 2 start in_progress '2026-03-07 09:00+07')" ok
expect_eq "today's submission numbers after the old receipts" \
  "$(sql "SELECT (petition).receipt_no FROM td_submit_petition($pid, gen_random_uuid(), '\\x02',
          NULL, NULL, 'feedback', 'digital', NULL, 1, NULL, NULL, NULL, NULL, false, 'Phản ánh',
          '2026-03-09 09:00+07', NULL, $cal, NULL, NULL, NULL)")" "BL-2026-000004"
expect_eq "the terms name every vocabulary" \
  "$(sql "SELECT string_agg(DISTINCT vocabulary, ' ') FROM td_terms")" \
  "channel field finding kind outcome session_type status"
expect_eq "an old status has its names" \
  "$(sql "SELECT name_vi FROM td_terms WHERE vocabulary = 'status' AND code = 'in_progress'")" \
  "Đang giải quyết"
expect_contains "a status outside the list is refused" \
  "$(sql "UPDATE petitions SET status = 'lost' WHERE id = $p3" 2>&1)" "petitions_status_fkey"
expect_contains "a session type outside the list is refused" \
  "$(sql "UPDATE sessions SET type = 'party' WHERE id = $sid" 2>&1)" "sessions_type_fkey"
expect_eq "after today's changes the cells still equal a recount" "$(recount_diff)" 0
expect_eq "... and the province rollup too" "$(rollup_diff)" 0

# The server serves the upgraded database.
TD_SERVER_DB=$conn td_server_start
expect_contains "the server shows an old petition" "$(cli hoa show "$p2")" "BL-2026-000002"
expect_contains "the server lists the old petitions" "$(cli hoa list)" "BL-2026-000001"
td_server_stop

# The same schema as a database migrated from nothing.
out=$(migrate "$fresh")
expect_contains "a fresh database is migrated" "$out" "applied 008_comments.sql"
schema "$up" >"$T/up.sql"
schema "$fresh" >"$T/fresh.sql"
if diff -u "$T/fresh.sql" "$T/up.sql" >"$T/schema.diff"; then
  pass "the upgraded schema equals a freshly migrated one ($(wc -l <"$T/up.sql") lines)"
else
  fail "the upgraded schema equals a freshly migrated one" "$(head -n 40 "$T/schema.diff")"
fi
expect_eq "... which is no empty comparison" "$(grep -c 'CREATE TABLE public.petitions ' "$T/up.sql")" 1

# Migrating again changes nothing.
out=$(migrate "$up")
expect_contains "migrating again applies nothing" "$out" "0 migrations applied now"
expect_not_contains "... and adopts nothing" "$out" "adopted"
schema "$up" >"$T/again.sql"
expect_eq "... and leaves the schema as it was" "$(diff "$T/up.sql" "$T/again.sql" | wc -l)" 0

# A released schema file edited afterwards is refused, and nothing runs.
cp -r "$TD_SRC/sql" "$T/edited"
echo "ALTER TABLE petitions ADD COLUMN edited boolean;" >>"$T/edited/schema/003_petitions.sql"
records_before=$(sql "SELECT count(*) FROM schema_migrations")
rc=0
out=$(migrate "$up" "$T/edited") || rc=$?
expect_eq "an edited released file is refused (exit)" "$rc" 1
expect_contains "... naming the file" "$out" "schema/003_petitions.sql has changed since it was applied"
expect_eq "... and nothing of it is applied" \
  "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'petitions'
          AND column_name = 'edited'")" 0
expect_eq "... nor recorded" "$(sql "SELECT count(*) FROM schema_migrations")" "$records_before"
td_done
