-- tests/bench/partition.sql - run by tests/bench/partition.sh in a copy of a
-- benchmark database (CREATE DATABASE ... TEMPLATE): turns petitions and
-- petition_events into tables LIST-partitioned by province, one partition
-- per province (units.province_id of the petition's unit, which never
-- changes) and a DEFAULT, filled from the plain tables, with the same
-- indexes. The functions, views and triggers that named the plain tables
-- are dropped with them; partition.sh re-applies sql/functions/ afterwards
-- (tiepdand --migrate), with the submission taught the province.
--
-- What PostgreSQL 15 requires of a partitioned table, and what it costs:
--   - every primary key and unique index holds the partition key: (id,
--     province_id), (receipt_no, province_id), (idempotency_key,
--     province_id), (seq, province_id). A receipt number or an idempotency
--     key is unique within its province only; a look-up by id, receipt
--     number or key that does not also name the province reads every
--     partition's index (35 probes instead of 1).
--   - no foreign key may point at (id) alone: petitions.repeat_of_id loses
--     its foreign key (it would have to carry the province as well).
--   - the partition key is a stored column that each INSERT must supply:
--     no trigger may compute it (a BEFORE ROW trigger on a partition cannot
--     move the row to another partition), and a generated column cannot be
--     a partition key.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 1;
-- The load fires no trigger: the rows are already numbered, sealed,
-- folded and counted.
SET session_replication_role = replica;

BEGIN;
ALTER TABLE petitions RENAME TO petitions_plain;
ALTER TABLE petition_events RENAME TO petition_events_plain;

CREATE TABLE petitions (
  LIKE petitions_plain INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY
    INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS,
  province_id integer NOT NULL
) PARTITION BY LIST (province_id);

CREATE TABLE petition_events (
  LIKE petition_events_plain INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY
    INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS,
  province_id integer NOT NULL
) PARTITION BY LIST (province_id);

-- One partition per province, named by its code, and a DEFAULT for a
-- province added before its partition (the tool that adds a province would
-- create both).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id, code FROM units WHERE level = 'province' ORDER BY code LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF petitions FOR VALUES IN (%s)',
                   'petitions_p' || r.code, r.id);
    EXECUTE format('CREATE TABLE %I PARTITION OF petition_events FOR VALUES IN (%s)',
                   'petition_events_p' || r.code, r.id);
  END LOOP;
END
$$;
CREATE TABLE petitions_pdefault PARTITION OF petitions DEFAULT;
CREATE TABLE petition_events_pdefault PARTITION OF petition_events DEFAULT;
COMMIT;

-- The rows, every stored column (search_sealed is generated again).
DO $$
DECLARE
  v_cols text;
BEGIN
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_cols
    FROM pg_attribute
   WHERE attrelid = 'petitions_plain'::regclass AND attnum > 0 AND NOT attisdropped
     AND attgenerated = '';
  EXECUTE format('INSERT INTO petitions (%1$s, province_id) OVERRIDING SYSTEM VALUE
                  SELECT %2$s, u.province_id FROM petitions_plain p JOIN units u ON u.id = p.unit_id',
                 v_cols, (SELECT string_agg('p.' || c, ', ')
                            FROM regexp_split_to_table(v_cols, ', ') c));
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_cols
    FROM pg_attribute
   WHERE attrelid = 'petition_events_plain'::regclass AND attnum > 0 AND NOT attisdropped
     AND attgenerated = '';
  EXECUTE format('INSERT INTO petition_events (%1$s, province_id)
                  SELECT %2$s, u.province_id FROM petition_events_plain e
                    JOIN petitions_plain p ON p.id = e.petition_id
                    JOIN units u ON u.id = p.unit_id',
                 v_cols, (SELECT string_agg('e.' || c, ', ')
                            FROM regexp_split_to_table(v_cols, ', ') c));
END
$$;
SELECT setval(pg_get_serial_sequence('petitions', 'id'), (SELECT max(id) FROM petitions));

-- The indexes and foreign keys of the plain tables, to be made again on
-- the partitioned ones: each unique one with the partition key added, and
-- no foreign key to petitions (id) (repeat_of_id's).
CREATE TEMP TABLE plain_ddl AS
SELECT 1 AS pass, regexp_replace(pg_get_indexdef(i.indexrelid), ' ON public\.(\w+)_plain ', ' ON \1 ')
       || ';' AS ddl
  FROM pg_index i
 WHERE i.indrelid IN ('petitions_plain'::regclass, 'petition_events_plain'::regclass)
   AND NOT i.indisunique
UNION ALL
SELECT 1, regexp_replace(regexp_replace(pg_get_indexdef(i.indexrelid),
                                        ' ON public\.(\w+)_plain ', ' ON \1 '),
                         '\((\w+)\)', '(\1, province_id)') || ';'
  FROM pg_index i
 WHERE i.indrelid IN ('petitions_plain'::regclass, 'petition_events_plain'::regclass)
   AND i.indisunique
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
UNION ALL
SELECT 0, format('ALTER TABLE %s ADD CONSTRAINT %I %s;', replace(c.conrelid::regclass::text, '_plain', ''),
                 c.conname, regexp_replace(pg_get_constraintdef(c.oid), '\)$', ', province_id)'))
  FROM pg_constraint c
 WHERE c.conrelid IN ('petitions_plain'::regclass, 'petition_events_plain'::regclass)
   AND c.contype IN ('p', 'u')
UNION ALL
SELECT 0, format('ALTER TABLE %s ADD CONSTRAINT %I %s;', replace(c.conrelid::regclass::text, '_plain', ''),
                 c.conname, pg_get_constraintdef(c.oid))
  FROM pg_constraint c
 WHERE c.conrelid IN ('petitions_plain'::regclass, 'petition_events_plain'::regclass)
   AND c.contype = 'f'
   AND c.confrelid NOT IN ('petitions_plain'::regclass, 'petition_events_plain'::regclass);

-- The plain tables go, and with them the views and functions that named
-- them (re-applied by partition.sh).
DROP TABLE petitions_plain, petition_events_plain CASCADE;

SELECT ddl FROM plain_ddl ORDER BY pass, ddl \gexec
