#!/usr/bin/env bash
# Migrations apply once and are recorded; the event log is append-only; the
# schema refuses what the application must never write.
. "$(dirname "$0")/lib.sh"

db="s_$$"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE $db"
td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
conn=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$db")
q() { td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$db" -At -c "$1" 2>&1; }

out=$("$TD_BUILD/tiepdand" --migrate --db "$conn" --sql-dir "$TD_SRC/sql")
expect_contains "first run applies 001" "$out" "applied 001_units.sql"
expect_contains "first run applies 002" "$out" "applied 002_reference.sql"
out=$("$TD_BUILD/tiepdand" --migrate --db "$conn" --sql-dir "$TD_SRC/sql")
expect_contains "second run applies nothing" "$out" "0 migrations applied now"
expect_eq "every migration file is recorded" "$(q "SELECT count(*) FROM schema_migrations")" \
  "$(find "$TD_SRC/sql/schema" -name '[0-9][0-9][0-9]_*.sql' | wc -l)"
rc=0
out=$("$TD_BUILD/tiepdand" --migrate --db "host=/nonexistent dbname=x" --sql-dir "$TD_SRC/sql" 2>&1) || rc=$?
expect_eq "migrate without a database fails (exit)" "$rc" 1
expect_contains "migrate without a database says so" "$out" "cannot connect to the database"

# Registering principals, the way an installation bootstraps its first ones.
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$db" -f "$TD_SRC/deploy/seed/units.sql"
out=$("$TD_BUILD/tiepdand" --db "$conn" --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390)
expect_contains "add-principal names the holder from the certificate" "$out" "Nguyễn Thị Hoa"
rc=0
out=$("$TD_BUILD/tiepdand" --db "$conn" --add-principal "$TD_PKI/lan.crt" --role reception --unit 99999 2>&1) || rc=$?
expect_eq "add-principal to an unknown unit fails" "$rc" 1
expect_contains "add-principal says which unit" "$out" "99999"
rc=0
out=$("$TD_BUILD/tiepdand" --db "$conn" --add-principal "$TD_PKI/lan.crt" --role mayor --unit 03405 2>&1) || rc=$?
expect_eq "add-principal with an unknown role fails" "$rc" 1
expect_eq "the unit code resolves to the commune that exists today" \
  "$(q "SELECT u.name FROM principals p JOIN units u ON u.id = p.unit_id")" "Xã Bình Lư"

# The append-only event log.
pid=$(q "SELECT id FROM principals LIMIT 1")
q "SELECT result FROM td_submit_petition($pid, gen_random_uuid(), '\\x00', NULL, NULL,
   'complaint', 'regular_reception', NULL, 1, NULL, NULL, NULL, NULL, false, 'x', now(),
   NULL, (SELECT version FROM calendar_state), NULL, NULL, NULL)" >/dev/null
expect_eq "one event after a submission" "$(q "SELECT count(*) FROM petition_events")" 1
expect_contains "events refuse UPDATE" "$(q "UPDATE petition_events SET note = 'x'")" "append-only"
expect_contains "events refuse DELETE" "$(q "DELETE FROM petition_events")" "append-only"
expect_contains "events refuse TRUNCATE" "$(q "TRUNCATE petition_events CASCADE")" "append-only"
expect_eq "the event survives" "$(q "SELECT count(*) FROM petition_events")" 1

# The calendar version moves with every change of rules or holidays, which
# is how every server learns its cached copy is stale.
before=$(q "SELECT version FROM calendar_state")
q "INSERT INTO public_holidays VALUES ('2027-01-01', 'Tết Dương lịch')" >/dev/null
expect_eq "a holiday change bumps the calendar version" "$(q "SELECT version FROM calendar_state")" $((before + 1))
q "UPDATE deadline_rules SET source = source WHERE id = 1" >/dev/null
expect_eq "a rule change bumps it too" "$(q "SELECT version FROM calendar_state")" $((before + 2))
# A submission made with a stale calendar is refused, and stores nothing.
expect_eq "a stale calendar version is refused" \
  "$(q "SELECT result FROM td_submit_petition($pid, gen_random_uuid(), '\\x00', NULL, NULL,
   'complaint', 'regular_reception', NULL, 1, NULL, NULL, NULL, NULL, false, 'x', now(),
   NULL, $before, NULL, NULL, NULL)")" "stale_calendar"

# Constraints the application relies on.
expect_contains "a unit code is unique among current units" \
  "$(q "INSERT INTO units (code, name, level, parent_id) VALUES ('03390', 'Trùng', 'commune', 1)")" "duplicate key"
expect_contains "a merged unit must have ended" \
  "$(q "UPDATE units SET merged_into = 1 WHERE code = '03405'")" "violates check constraint"
copy="INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id, kind,
  channel, summary, received_at, created_by)
  SELECT %s, %s, request_hash, unit_id, kind, channel, summary, received_at, created_by FROM petitions"
# shellcheck disable=SC2059 # the format is ours
expect_contains "a receipt number is unique" \
  "$(q "$(printf "$copy" receipt_no "gen_random_uuid()")")" "petitions_receipt_no_key"
# shellcheck disable=SC2059
expect_contains "an idempotency key is unique" \
  "$(q "$(printf "$copy" "receipt_no || '-2'" idempotency_key)")" "petitions_idempotency_key_key"
td_done
