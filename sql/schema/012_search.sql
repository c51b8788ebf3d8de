-- Search that finds: text stored in Unicode NFC, and a folded copy of what
-- a petition may be found by, indexed for substring search.
--
-- An officer types "dien", "ĐIỆN" or "điện", precomposed or decomposed
-- (Unikey's "Unicode tổ hợp" sends NFD), and expects "mất điện". Every text
-- the server stores is normalised to NFC on its way in (the triggers of
-- sql/functions/35_search.sql; the rows stored before are normalised
-- below), and search compares td_fold() of the query with td_fold() of the
-- stored text: NFC, no diacritics (đ/Đ become d/D: unaccent's rules), lower
-- case.
--
-- td_fold is part of the stored data's format, like td_chain_field in
-- 009_event_chain.sql: a generated column and an index are computed with
-- it, so it is defined here with them and never re-applied. A new folding
-- is a new schema file with a new name and a rebuilt column.
--
-- unaccent, pg_trgm and btree_gin ship with PostgreSQL (Debian's
-- postgresql-15) and are trusted extensions: the owner of the database may
-- create them.

CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;

-- unaccent() is STABLE because it looks its dictionary up by name on the
-- search_path; naming the dictionary and the function with their schema
-- makes the result depend on the argument alone, so the wrapper may be
-- IMMUTABLE (a generated column and an index expression require it).
CREATE FUNCTION td_fold(p text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, normalize(p, NFC)))
$$;
COMMENT ON FUNCTION td_fold(text) IS
  'Text as search compares it: NFC, without diacritics (đ becomes d), lower case.';

-- Text stored before the server normalised what it receives. The event log
-- is append-only and sealed by a hash chain (009_event_chain.sql), so its
-- notes stay as they were written; search folds them all the same.
UPDATE petitions SET
  summary              = normalize(summary, NFC),
  petitioner_name      = normalize(petitioner_name, NFC),
  petitioner_id_number = normalize(petitioner_id_number, NFC),
  petitioner_address   = normalize(petitioner_address, NFC),
  petitioner_contact   = normalize(petitioner_contact, NFC),
  transfer_target      = normalize(transfer_target, NFC),
  decision_no          = normalize(decision_no, NFC),
  note                 = normalize(note, NFC)
WHERE NOT (summary IS NFC NORMALIZED
           AND coalesce(petitioner_name, '') IS NFC NORMALIZED
           AND coalesce(petitioner_id_number, '') IS NFC NORMALIZED
           AND coalesce(petitioner_address, '') IS NFC NORMALIZED
           AND coalesce(petitioner_contact, '') IS NFC NORMALIZED
           AND coalesce(transfer_target, '') IS NFC NORMALIZED
           AND coalesce(decision_no, '') IS NFC NORMALIZED
           AND coalesce(note, '') IS NFC NORMALIZED);

UPDATE sessions SET
  title       = normalize(title, NFC),
  presided_by = normalize(presided_by, NFC),
  note        = normalize(note, NFC)
WHERE NOT (title IS NFC NORMALIZED
           AND coalesce(presided_by, '') IS NFC NORMALIZED
           AND coalesce(note, '') IS NFC NORMALIZED);

-- The notes of a petition's events, folded, one per line in the order they
-- were written; appended by the trigger on petition_events.
ALTER TABLE petitions ADD COLUMN search_notes text NOT NULL DEFAULT '';
UPDATE petitions p SET search_notes = n.folded
FROM (SELECT petition_id, string_agg(td_fold(note), E'\n' ORDER BY seq) AS folded
      FROM petition_events WHERE note IS NOT NULL AND note <> ''
      GROUP BY petition_id) n
WHERE n.petition_id = p.id;
COMMENT ON COLUMN petitions.search_notes IS
  'td_fold() of the notes of the petition''s events, one per line; kept by '
  'the trigger petition_events_search (sql/functions/35_search.sql).';

-- Everything sealed a petition may be found by: the summary, the
-- petitioner's name and ID number, and the notes. Only a caller for whom
-- td_sealed_visible() holds may match it; the receipt number, which is not
-- sealed, is searched apart (lower(receipt_no)).
ALTER TABLE petitions ADD COLUMN search_sealed text GENERATED ALWAYS AS (
  td_fold(summary || E'\n' || coalesce(petitioner_name, '') || E'\n'
          || coalesce(petitioner_id_number, ''))
  || E'\n' || search_notes) STORED;
COMMENT ON COLUMN petitions.search_sealed IS
  'td_fold() of the summary, the petitioner''s name and ID number, and the '
  'notes; searched only where td_sealed_visible() lets the caller.';

-- One index answers a search within a unit: the unit's entry and the
-- trigrams of the text are intersected inside the index (btree_gin gives
-- GIN the integer), so a commune's search reads only its own matches and a
-- province's only those of its communes, however common the word is
-- nationally.
DROP INDEX IF EXISTS petitions_summary_trgm;
CREATE INDEX petitions_search ON petitions USING gin
  (unit_id, search_sealed gin_trgm_ops, lower(receipt_no) gin_trgm_ops);
