-- Units and scope: the province a unit belongs to, the closure every
-- request is scoped by, the unit that handles a unit's affairs today, and
-- merges of communes.
--
-- Every file of sql/functions/ is applied by every `tiepdand --migrate`, in
-- the order of the file names, all in one transaction, after the schema
-- files: hence CREATE OR REPLACE throughout. The numbers put what a file
-- uses first (these functions before the views that call them, the petition
-- view before the functions that return its rows). A view that loses or
-- changes a column cannot be replaced: a new schema file drops it, with
-- what depends on it, and these files re-create them (as 006 does).

-- The province a unit belongs to by its parents (the unit itself for a
-- province or the nation). It never changes: a unit may move to another
-- parent only within its province, and a commune merges only with communes
-- of its own province, so a province's statistics never lose a unit to a
-- neighbour that is still there.
CREATE OR REPLACE FUNCTION td_unit_province() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_province integer;
BEGIN
  IF NEW.level IN ('nation', 'province') THEN
    v_province := NEW.id;
  ELSE
    SELECT province_id INTO v_province FROM units WHERE id = NEW.parent_id;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.province_id IS DISTINCT FROM v_province THEN
    RAISE EXCEPTION 'unit % cannot move to another province', OLD.code
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  NEW.province_id := v_province;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER units_province BEFORE INSERT OR UPDATE OF parent_id, level
  ON units FOR EACH ROW EXECUTE FUNCTION td_unit_province();

-- What unit_scope holds, computed from the units. The edges (a unit below
-- its parent, a merged unit below its successor) are listed first, so that
-- each step of the walk is an equality join the planner can hash: with the
-- official list's thousands of units, a join on "parent or successor" was
-- a nested loop over every pair.
CREATE OR REPLACE VIEW td_unit_closure AS
WITH RECURSIVE e(above, below) AS (
  SELECT parent_id, id FROM units WHERE parent_id IS NOT NULL
  UNION ALL
  SELECT merged_into, id FROM units WHERE merged_into IS NOT NULL
), t(ancestor, unit) AS (
  SELECT id, id FROM units
  UNION
  SELECT t.ancestor, e.below
  FROM e JOIN t ON e.above = t.unit
)
SELECT ancestor, unit FROM t;

CREATE OR REPLACE FUNCTION td_unit_scope_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One rebuild at a time; readers go on with the version they see.
  LOCK TABLE unit_scope IN EXCLUSIVE MODE;
  -- The planner's picture of units, as this statement left them: the
  -- checks of unit_scope's references to units are planned once per
  -- session, and one planned while units held a dozen rows scans them all
  -- for each row below (minutes for the official list's thousands).
  ANALYZE units;
  DELETE FROM unit_scope;
  INSERT INTO unit_scope (ancestor, unit) SELECT * FROM td_unit_closure;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER units_scope AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_unit_scope_rebuild();

-- The unit and everything below it, including units merged into any of them,
-- so a merged commune's history stays visible to its successor.
CREATE OR REPLACE FUNCTION td_unit_subtree(p_unit integer)
RETURNS TABLE (id integer)
LANGUAGE sql STABLE AS $$
  SELECT s.unit FROM unit_scope s WHERE s.ancestor = p_unit
$$;

-- The unit that handles a unit's affairs today: itself, or the end of its
-- merged_into chain, kept in units.current_id (schema 016). The column is
-- what reads join; this is for callers that have only an id, one lookup by
-- primary key whose plan PL/pgSQL keeps for the session.
CREATE OR REPLACE FUNCTION td_unit_current(p_unit integer) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT current_id FROM units WHERE id = p_unit);
END
$$;

-- A new unit handles its own affairs, or, created already merged, its
-- successor's.
CREATE OR REPLACE FUNCTION td_unit_current_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.merged_into IS NULL THEN
    NEW.current_id := NEW.id;
  ELSE
    NEW.current_id := (SELECT current_id FROM units WHERE id = NEW.merged_into);
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER units_current_set BEFORE INSERT ON units
  FOR EACH ROW EXECUTE FUNCTION td_unit_current_set();

-- After a merger (merged_into changed), every unit whose chain passes through
-- a merged one follows it to its new end. Recomputed whole, as unit_scope
-- is: units change seldom, and only the rows that differ are written.
CREATE OR REPLACE FUNCTION td_unit_current_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH RECURSIVE chain(unit, current_id) AS (
    SELECT id, id FROM units WHERE merged_into IS NULL
    UNION ALL
    SELECT u.id, c.current_id FROM units u JOIN chain c ON u.merged_into = c.unit
  )
  UPDATE units u SET current_id = c.current_id
  FROM chain c
  WHERE u.id = c.unit AND u.current_id <> c.current_id;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER units_current_follow AFTER UPDATE OF merged_into ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_unit_current_follow();

-- The unit that exists today under a code.
CREATE OR REPLACE FUNCTION td_unit_by_code(p_code text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT id FROM units WHERE code = p_code AND valid_to IS NULL
$$;

-- The code and name of the unit at `level` above (or at) the unit that
-- handles a unit's affairs today, for rolling statistics up; '(none)' if
-- there is none of that level (a commune has no district since 2025).
CREATE OR REPLACE FUNCTION td_unit_at_level(p_unit integer, p_level text)
RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT a.code || ' ' || a.name
       FROM unit_scope s JOIN units a ON a.id = s.ancestor
      WHERE s.unit = td_unit_current(p_unit) AND a.level = p_level
        AND a.merged_into IS NULL
      ORDER BY a.id LIMIT 1),
    '(none)')
$$;

-- Merges ----------------------------------------------------------------------------

-- Records that the communes p_old (codes of units that exist today, within
-- p_scope) end the day before p_on and continue as p_new. If p_new does not
-- exist today, or is one of the old codes (reused by the successor, as the
-- new xã Bình Lư reused 03390), the successor is created as a commune named
-- p_name, under the first old unit's parent, remote if any old unit was, with
-- the receipt prefix of the old unit whose code it takes (its numbering
-- continues, so receipt numbers stay unique). Villages move to the successor.
--
-- An administrator merges only units of its own area (p_scope and below),
-- into a unit of its own area or a new one: an old code outside it reads as
-- a code that exists nowhere (unknown_unit), and a successor's code that a
-- unit outside it holds today is refused (code_taken) rather than taken over
-- or left to the unique index.
--
-- result: ok | unknown_unit | not_a_commune | other_province | needs_name |
--         bad_date | code_taken
CREATE OR REPLACE FUNCTION td_merge_units(p_scope integer, p_old text[], p_new text,
                                          p_name text, p_on date)
RETURNS TABLE (result text, detail text, unit_id integer, unit_code text,
               unit_name text, old_code text, old_name text, petitions bigint,
               principals bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_old     integer[];
  v_code    text;
  v_id      integer;
  v_new     integer;
  v_reused  integer;
  v_parent  integer;
  v_remote  boolean;
  v_prefix  text;
BEGIN
  FOREACH v_code IN ARRAY p_old LOOP
    SELECT u.id INTO v_id FROM units u
    WHERE u.code = v_code AND u.valid_to IS NULL
      AND u.id IN (SELECT s.id FROM td_unit_subtree(p_scope) s);
    IF v_id IS NULL THEN
      RETURN QUERY SELECT 'unknown_unit'::text, v_code, NULL::int, NULL::text,
                          NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    IF (SELECT level FROM units WHERE id = v_id) <> 'commune' THEN
      RETURN QUERY SELECT 'not_a_commune'::text, v_code, NULL::int, NULL::text,
                          NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    IF (SELECT valid_from FROM units WHERE id = v_id) > p_on - 1 THEN
      RETURN QUERY SELECT 'bad_date'::text, v_code, NULL::int, NULL::text,
                          NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    v_old := v_old || v_id;
    IF v_code = p_new THEN
      v_reused := v_id;
    END IF;
  END LOOP;

  IF v_reused IS NULL THEN
    SELECT u.id INTO v_new FROM units u
    WHERE u.code = p_new AND u.valid_to IS NULL
      AND u.id IN (SELECT s.id FROM td_unit_subtree(p_scope) s);
    IF v_new IS NOT NULL AND (SELECT level FROM units WHERE id = v_new) <> 'commune' THEN
      RETURN QUERY SELECT 'not_a_commune'::text, p_new, NULL::int, NULL::text,
                          NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    IF v_new IS NULL AND EXISTS (SELECT 1 FROM units u
                                 WHERE u.code = p_new AND u.valid_to IS NULL) THEN
      RETURN QUERY SELECT 'code_taken'::text, p_new, NULL::int, NULL::text,
                          NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
  END IF;
  -- Communes merge within a province (merge provinces first): a province's
  -- statistics then never count a unit that went to a neighbour.
  IF (SELECT count(DISTINCT td_unit_current(u.province_id)) FROM units u
      WHERE u.id = ANY (v_old || v_new)) > 1 THEN
    RETURN QUERY SELECT 'other_province'::text, p_new, NULL::int, NULL::text,
                        NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  IF v_new IS NULL AND (p_name IS NULL OR p_name = '') THEN
    RETURN QUERY SELECT 'needs_name'::text, p_new, NULL::int, NULL::text,
                        NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;

  UPDATE units SET valid_to = p_on - 1 WHERE id = ANY (v_old);
  IF v_new IS NULL THEN
    SELECT parent_id INTO v_parent FROM units WHERE id = v_old[1];
    SELECT bool_or(remote_area) INTO v_remote FROM units WHERE id = ANY (v_old);
    SELECT receipt_prefix INTO v_prefix FROM units
    WHERE id = coalesce(v_reused, v_old[1]);
    INSERT INTO units (code, name, level, parent_id, valid_from, remote_area,
                       receipt_prefix)
    VALUES (p_new, p_name, 'commune', v_parent, p_on, v_remote, v_prefix)
    RETURNING id INTO v_new;
    -- A successor that takes over a prefix continues its numbering.
    INSERT INTO receipt_counters (unit_id, year, last_no)
    SELECT v_new, c.year, max(c.last_no)
    FROM receipt_counters c JOIN units u ON u.id = c.unit_id
    WHERE u.id = ANY (v_old) AND coalesce(u.receipt_prefix, u.code) = coalesce(v_prefix, p_new)
    GROUP BY c.year;
  END IF;
  UPDATE units SET merged_into = v_new WHERE id = ANY (v_old);
  UPDATE units SET parent_id = v_new WHERE parent_id = ANY (v_old) AND level = 'village';

  -- One row per unit merged, the successor repeated on each.
  RETURN QUERY
  SELECT 'ok'::text, NULL::text, u.id, u.code, u.name, o.code, o.name,
         (SELECT count(*) FROM petitions p WHERE p.unit_id = ANY (v_old)),
         (SELECT count(*) FROM principals pr WHERE pr.unit_id = ANY (v_old)
                                               AND pr.revoked_at IS NULL)
  FROM units u, units o WHERE u.id = v_new AND o.id = ANY (v_old)
  ORDER BY o.code;
END
$$;
