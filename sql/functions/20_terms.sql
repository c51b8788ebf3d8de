-- Terms: every vocabulary of the reference tables in one list, with the
-- Vietnamese and English names the officers read. The server reads it once
-- and sends it to clients in HelloReply.terms, so no client keeps its own
-- copy of the names.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

CREATE OR REPLACE VIEW td_terms AS
SELECT 'kind'::text AS vocabulary, code, name_vi, name_en, sort::integer AS sort
FROM petition_kinds
UNION ALL
SELECT 'channel', code, name_vi, name_en, sort::integer FROM channels
UNION ALL
SELECT 'field', code, name_vi, name_en, sort::integer FROM fields
UNION ALL
SELECT 'status', code, name_vi, name_en, sort::integer FROM statuses
UNION ALL
SELECT 'outcome', code, name_vi, name_en, sort::integer FROM outcomes
UNION ALL
SELECT 'session_type', code, name_vi, name_en, sort::integer FROM session_types
UNION ALL
SELECT 'finding', code, name_vi, name_en, sort::integer FROM findings;
COMMENT ON VIEW td_terms IS
  'Every code of every vocabulary (kind, channel, field, status, outcome, '
  'session_type, finding) with its names in Vietnamese and English, sort giving the '
  'order within a vocabulary.';
