-- Search keys: the trigrams of a petition's searchable text, each tagged
-- with the petition's unit, in one GIN index.
--
-- The index of 012_search.sql put the unit and the trigrams side by side
-- in a GIN index: GIN keeps one posting list per key and column, so a
-- search in one commune still read the nationwide posting list of each of
-- its trigrams (about 20,000 index pages for a common one at 10 million
-- petitions) before intersecting it with the commune's. Here the unit is
-- part of each key: the key of trigram t in unit u is
--   u << 32 | (hashtext(t) & 0xffffffff)
-- so a commune's search reads only its own posting lists, and a province's
-- reads those of its communes (and of the former communes under them) one
-- by one. A collision of two trigrams' hashes only adds a candidate: every
-- candidate is checked against the text itself (LIKE over td_fold()ed
-- text, as before), so the keys decide what is read, never what matches.
--
-- The trigrams are pg_trgm's (show_trgm: words of letters and digits, lower
-- case), without those padded with blanks at a word's ends: a text typed
-- in a search box may begin or end in the middle of a stored word, so
-- only the trigrams inside each typed word are required of a match. A
-- trigram with a character beyond ASCII is shown by show_trgm as a hash
-- ("0x..."); the stored side keeps it, a query drops it (it may come from
-- a word's end). A query with no trigram at all ("an", "12") reads the
-- area's rows instead.
--
-- Like td_fold, these functions are part of the index's format: an index
-- expression is computed with them, so they are defined here and never
-- re-applied. A new key is a new schema file with new names and a rebuilt
-- index.

CREATE FUNCTION td_search_key(p_unit integer, p_trigram text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (p_unit::bigint << 32) | (pg_catalog.hashtext(p_trigram)::bigint & 4294967295)
$$;
COMMENT ON FUNCTION td_search_key(integer, text) IS
  'The search index''s key of a trigram in a unit: the unit in the high 32 bits, the trigram''s hash in the low.';

-- A petition's keys: the trigrams of its folded sealed text (summary, name,
-- ID number, notes) and of its receipt number in lower case.
CREATE FUNCTION td_search_keys(p_unit integer, p_sealed text, p_receipt_no text)
RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT public.td_search_key(p_unit, t)
                 FROM unnest(public.show_trgm(coalesce(p_sealed, '') || E'\n'
                                              || lower(coalesce(p_receipt_no, '')))) t
                WHERE strpos(t, ' ') = 0)
$$;
COMMENT ON FUNCTION td_search_keys(integer, text, text) IS
  'The keys a petition is indexed under in petitions_search_keys.';

-- The keys a petition of unit p_unit must have to match the text p_query:
-- the ASCII trigrams inside the words of td_fold(p_query). Empty when the
-- text has none.
CREATE FUNCTION td_search_query_keys(p_unit integer, p_query text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT public.td_search_key(p_unit, t)
                 FROM unnest(public.show_trgm(public.td_fold(p_query))) t
                WHERE length(t) = 3 AND strpos(t, ' ') = 0)
$$;
COMMENT ON FUNCTION td_search_query_keys(integer, text) IS
  'The keys a petition of the unit must hold to contain the text (a necessary condition, not a sufficient one).';

DROP INDEX IF EXISTS petitions_search;
CREATE INDEX petitions_search_keys ON petitions USING gin
  (td_search_keys(unit_id, search_sealed, receipt_no));
