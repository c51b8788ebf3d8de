#!/usr/bin/env bash
# The references of petitions and their events, checked once per statement
# (sql/functions/31_references.sql) where schema 019 dropped the per-row
# foreign keys: every wrong reference is refused with SQLSTATE 23503 and the
# key's own name, and changes nothing; a batch with one wrong row writes
# none; a referenced row cannot be deleted, re-keyed or truncated away; a
# row being named by a transaction still in flight cannot be deleted under
# it (the delete waits, then is refused); and what nothing names can go.
. "$(dirname "$0")/lib.sh"
td_test_db

# verbose SQL: the SQLSTATE and the constraint of an error.
vsql() {
  td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -At -v VERBOSITY=verbose -v ON_ERROR_STOP=1 \
    -c '\set VERBOSITY verbose' -c "$1" 2>&1 || true
}
# refused WHAT SQL CONSTRAINT: the statement fails with 23503 naming it.
refused() {
  local out
  out=$(vsql "$2")
  expect_contains "$1: SQLSTATE 23503" "$out" "ERROR:  23503"
  expect_contains "$1: names $3" "$out" "CONSTRAINT NAME:  $3"
}
count() { sql "SELECT (SELECT count(*) FROM petitions) || '/' || (SELECT count(*) FROM petition_events)"; }

expect_eq "schema 019 dropped the per-row keys" \
  "$(sql "SELECT count(*) FROM pg_constraint WHERE contype = 'f'
          AND conrelid IN ('petitions'::regclass, 'petition_events'::regclass)
          AND conname IN ('petitions_unit_id_fkey', 'petitions_kind_fkey',
                          'petition_events_petition_id_fkey')")" 0

pid=$(sql "SELECT id FROM principals WHERE name = 'Nguyễn Thị Hoa'")
cal=$(sql "SELECT version FROM calendar_state")
submit() {
  sql "SELECT (petition).id FROM td_submit_petition($pid, gen_random_uuid(), '\\x01', NULL,
       NULL, 'complaint', 'regular_reception', 'land', 1, 'Lò Văn Quyết', NULL, 'Bản Nà Phát',
       NULL, false, 'Tranh chấp đất', now(), NULL, $cal, NULL, NULL, NULL)"
}
p1=$(submit)
p2=$(submit)
unit=$(sql "SELECT unit_id FROM petitions WHERE id = $p1")
before=$(count)
expect_eq "two petitions and their events" "$before" "2/2"

# Inserts: each reference wrong in turn, as a plain INSERT copying a good row.
ins() {
  echo "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
          field, group_size, summary, received_at, created_by, status, deadline_rule_id)
        SELECT 'X-2026-' || n, gen_random_uuid(), '\\x01', $1, $2, $3, $4, 1, 's', now(), $5,
               $6, $7 FROM generate_series(1, 3) n"
}
good=(unit_id kind channel field created_by status deadline_rule_id)
refused "a petition of a unit that does not exist" \
  "$(ins 999999 "'complaint'" "'regular_reception'" "'land'" "$pid" "'received'" NULL)" \
  petitions_unit_id_fkey
refused "... of an unknown kind" \
  "$(ins "$unit" "'lawsuit'" "'regular_reception'" "'land'" "$pid" "'received'" NULL)" \
  petitions_kind_fkey
refused "... by an unknown channel" \
  "$(ins "$unit" "'complaint'" "'carrier_pigeon'" "'land'" "$pid" "'received'" NULL)" \
  petitions_channel_fkey
refused "... in an unknown field" \
  "$(ins "$unit" "'complaint'" "'regular_reception'" "'astrology'" "$pid" "'received'" NULL)" \
  petitions_field_fkey
refused "... by a principal who does not exist" \
  "$(ins "$unit" "'complaint'" "'regular_reception'" "'land'" 999999 "'received'" NULL)" \
  petitions_created_by_fkey
refused "... in an unknown status" \
  "$(ins "$unit" "'complaint'" "'regular_reception'" "'land'" "$pid" "'lost'" NULL)" \
  petitions_status_fkey
refused "... under a deadline rule that does not exist" \
  "$(ins "$unit" "'complaint'" "'regular_reception'" "'land'" "$pid" "'received'" 999999)" \
  petitions_deadline_rule_id_fkey
expect_eq "the refused inserts wrote nothing" "$(count)" "$before"
# A statement of many rows, one of them wrong, writes none of them.
refused "one wrong row among many" \
  "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
     group_size, summary, received_at, created_by)
   SELECT 'Y-2026-' || n, gen_random_uuid(), '\\x01', $unit,
          CASE WHEN n = 40 THEN 'lawsuit' ELSE 'complaint' END, 'digital', 1, 's', now(), $pid
     FROM generate_series(1, 64) n" petitions_kind_fkey
expect_eq "... and none of the 64 is stored" "$(count)" "$before"
expect_eq "the detail names the key, as a foreign key's does" \
  "$(vsql "$(ins "$unit" "'lawsuit'" "'regular_reception'" "'land'" "$pid" "'received'" NULL)" |
     sed -n 's/^DETAIL:  //p')" 'Key (kind)=(lawsuit) is not present in table "petition_kinds".'

# Updates: a reference changed to a wrong one; one left alone is not looked up.
refused "a status changed to one that does not exist" \
  "UPDATE petitions SET status = 'lost' WHERE id = $p1" petitions_status_fkey
# (Moved to a unit that does not exist, its statistics cell, which has no
# province, refuses it first: refused all the same.)
expect_contains "a petition moved to a unit that does not exist is refused" \
  "$(vsql "UPDATE petitions SET unit_id = 999999 WHERE id = $p1")" "ERROR:  23"
expect_eq "... and stays in its unit" "$(sql "SELECT unit_id FROM petitions WHERE id = $p1")" "$unit"
refused "a petition given to a principal who does not exist" \
  "UPDATE petitions SET created_by = 999999 WHERE id = $p1" petitions_created_by_fkey
expect_eq "an update that keeps its references passes" \
  "$(sql "UPDATE petitions SET note = 'ghi chú' WHERE id = $p1 RETURNING status")" received

# Events.
ev() {
  echo "INSERT INTO petition_events (petition_id, unit_id, actor_id, action, from_status,
          to_status, note) VALUES ($1, $2, $3, 'note', 'received', 'received', 'n')"
}
refused "an event of a petition that does not exist" "$(ev 999999 "$unit" "$pid")" \
  petition_events_petition_id_fkey
refused "an event in a unit that does not exist" "$(ev "$p1" 999999 "$pid")" \
  petition_events_unit_id_fkey
refused "an event by a principal who does not exist" "$(ev "$p1" "$unit" 999999)" \
  petition_events_actor_id_fkey
expect_eq "the refused events wrote nothing" "$(count)" "$before"

# The referenced side.
refused "a kind in use cannot be deleted" \
  "DELETE FROM petition_kinds WHERE code = 'complaint'" petitions_kind_fkey
sql "INSERT INTO fields (code, name_vi, name_en, sort) SELECT 'test_field', 'Thử', 'Test', 99 WHERE NOT EXISTS
     (SELECT FROM fields WHERE code = 'test_field')" >/dev/null
sql "UPDATE petitions SET field = 'test_field' WHERE id = $p2" >/dev/null
refused "a field in use cannot be deleted" "DELETE FROM fields WHERE code = 'test_field'" \
  petitions_field_fkey
refused "... nor its code changed" "UPDATE fields SET code = 'other' WHERE code = 'test_field'" \
  petitions_field_fkey
refused "a principal who wrote petitions cannot be deleted" \
  "DELETE FROM principals WHERE id = $pid" petitions_created_by_fkey
refused "a petition with events cannot be deleted" "DELETE FROM petitions WHERE id = $p1" \
  petition_events_petition_id_fkey
refused "the statuses cannot be truncated under the petitions" "TRUNCATE statuses CASCADE" \
  petitions_status_fkey
expect_eq "a field nothing names can go" \
  "$(sql "UPDATE petitions SET field = 'land' WHERE id = $p2;
          DELETE FROM fields WHERE code = 'test_field' RETURNING code")" test_field
expect_eq "nothing was lost" "$(count)" "$before"

# A transaction writing a petition in a field holds that field (FOR KEY
# SHARE, as the key did): a delete of the field waits for it, then sees the
# petition and is refused.
sql "INSERT INTO fields (code, name_vi, name_en, sort) VALUES ('race_field', 'Thử', 'Test', 98)" >/dev/null
fifo=$T/writer
mkfifo "$fifo"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -At <"$fifo" >"$T/writer.out" 2>&1 &
writer=$!
exec 7>"$fifo"
echo "BEGIN;
      INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
        field, group_size, summary, received_at, created_by)
      VALUES ('Z-2026-1', gen_random_uuid(), '\\x01', $unit, 'complaint', 'digital',
              'race_field', 1, 's', now(), $pid);
      SELECT 'inserted';" >&7
for _ in $(seq 50); do grep -q inserted "$T/writer.out" && break; sleep 0.1; done
vsql "DELETE FROM fields WHERE code = 'race_field'" >"$T/deleter.out" &
deleter=$!
sleep 1
expect_eq "the delete waits for the writer" "$(kill -0 $deleter 2>/dev/null && echo waiting)" \
  waiting
echo "COMMIT;" >&7
exec 7>&-
wait $writer
wait $deleter
expect_contains "... then is refused" "$(cat "$T/deleter.out")" "CONSTRAINT NAME:  petitions_field_fkey"
expect_eq "... and the field and the petition are both there" \
  "$(sql "SELECT count(*) FROM petitions p JOIN fields f ON f.code = p.field
          WHERE f.code = 'race_field'")" 1

# The other way round: a delete in flight holds the row; a writer naming it
# waits, then finds it gone and is refused.
sql "INSERT INTO fields (code, name_vi, name_en, sort) VALUES ('gone_field', 'Thử', 'Test', 97)" >/dev/null
exec 7> >(td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -At >"$T/deleter2.out" 2>&1)
echo "BEGIN; DELETE FROM fields WHERE code = 'gone_field'; SELECT 'deleted';" >&7
for _ in $(seq 50); do grep -q deleted "$T/deleter2.out" 2>/dev/null && break; sleep 0.1; done
vsql "INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind, channel,
        field, group_size, summary, received_at, created_by)
      VALUES ('Z-2026-2', gen_random_uuid(), '\\x01', $unit, 'complaint', 'digital',
              'gone_field', 1, 's', now(), $pid)" >"$T/writer2.out" &
writer=$!
sleep 1
echo "COMMIT;" >&7
exec 7>&-
wait $writer
expect_contains "a petition naming a field deleted meanwhile is refused" \
  "$(cat "$T/writer2.out")" "CONSTRAINT NAME:  petitions_field_fkey"
expect_eq "... and not stored" "$(sql "SELECT count(*) FROM petitions WHERE receipt_no = 'Z-2026-2'")" 0
td_done
