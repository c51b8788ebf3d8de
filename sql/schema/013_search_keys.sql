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
-- case, each padded with two blanks before and one after, so "dien" gives
-- "  d", " di", "die", "ien", "en "). A petition is indexed under all of
-- them. A text typed in a search box may begin or end in the middle of a
-- stored word, so a query asks only for what its own text settles: the
-- trigrams inside each typed word, and the padded ones on a side where the
-- typed text itself puts a separator ("lò thị hoa": "thi" is a whole word,
-- so "  t", " th", "hi " too; "lo" ends a word, so "lo "; "hoa" starts one,
-- so "  h", " ho"). That narrows a name to the few petitions that hold its
-- words as words. Word edges are judged on plain ASCII (what td_fold makes
-- of Vietnamese); a text with any other character asks only for the
-- trigrams inside its words. A query with no trigram at all ("a", "12"
-- alone) reads the area's rows instead.

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
                                              || lower(coalesce(p_receipt_no, '')))) t)
$$;
COMMENT ON FUNCTION td_search_keys(integer, text, text) IS
  'The keys a petition is indexed under in petitions_search_keys.';

-- The keys a petition of unit p_unit must have to contain the text
-- p_query (see above). Empty when the text has none.
CREATE FUNCTION td_search_query_keys(p_unit integer, p_query text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH f AS (SELECT public.td_fold(p_query) AS t),
  -- The words of a plain ASCII text, numbered; an empty first or last one
  -- means the text begins or ends with a separator.
  words AS (
    SELECT w.word, w.n, count(*) OVER () AS last
      FROM f, regexp_split_to_table(f.t, '[^a-z0-9]+') WITH ORDINALITY AS w (word, n)
     WHERE f.t ~ '^[ -~]*$')
  SELECT ARRAY(
    SELECT DISTINCT public.td_search_key(p_unit, k.g) FROM (
      SELECT g FROM words, unnest(public.show_trgm(words.word)) g
       WHERE words.word <> ''
         AND (left(g, 1) <> ' ' OR words.n > 1)
         AND (right(g, 1) <> ' ' OR words.n < words.last)
      UNION ALL
      SELECT g FROM f, unnest(public.show_trgm(f.t)) g
       WHERE f.t !~ '^[ -~]*$' AND length(g) = 3 AND strpos(g, ' ') = 0) k)
$$;
COMMENT ON FUNCTION td_search_query_keys(integer, text) IS
  'The keys a petition of the unit must hold to contain the text (a necessary condition, not a sufficient one).';

DROP INDEX IF EXISTS petitions_search;
CREATE INDEX petitions_search_keys ON petitions USING gin
  (td_search_keys(unit_id, search_sealed, receipt_no));
