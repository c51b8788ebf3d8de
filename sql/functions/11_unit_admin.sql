-- Units an administrator adds, renames, loads from the official list and
-- lists (tiepdan admin unit add|rename|load|list), within its own area.
--
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- Whether p_code is written as a code of level p_level is: 2 digits for a
-- province, 3 for a district, 5 for a commune (QĐ 19/2025/QĐ-TTg); a
-- village's code is free, as the seed's 03390-01.
CREATE OR REPLACE FUNCTION td_unit_code_fits(p_level text, p_code text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(CASE p_level
    WHEN 'province' THEN p_code ~ '^[0-9]{2}$'
    WHEN 'district' THEN p_code ~ '^[0-9]{3}$'
    WHEN 'commune'  THEN p_code ~ '^[0-9]{5}$'
    WHEN 'village'  THEN p_code ~ '^[0-9A-Za-z._-]{1,32}$'
    ELSE false END, false)
$$;

-- The levels a unit of p_level hangs from: the nation holds the provinces,
-- a province its districts and communes (a commune has no district since
-- 2025), a district its communes, a commune its villages.
CREATE OR REPLACE FUNCTION td_unit_parent_fits(p_level text, p_parent text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce((p_level, p_parent) IN (('province', 'nation'),
                                          ('district', 'province'),
                                          ('commune', 'province'),
                                          ('commune', 'district'),
                                          ('village', 'commune')), false)
$$;

-- Adds the units given by the arrays (one unit per index), each under the
-- unit that exists today under its parent's code, which must be of the
-- level above and within p_scope (the administrator's unit and below). A
-- parent may come in the same call: units are added level by level, the
-- provinces first, one statement a level (the closure is rebuilt once a
-- level, not once a unit). With p_load, a code that exists today with the
-- same level and parent is renamed to the name given if that differs, else
-- left as is; without, it is refused.
--
-- All or nothing: on the first refusal (in the order of the levels, then of
-- the indexes) nothing is written and one row says what and where (idx,
-- 1-based), detail naming what it concerns (the parent's code or level,
-- the name or level and parent a code has today). Otherwise one row per
-- unit, in the order given: added | renamed (detail: the former name) |
-- unchanged.
--
-- refusals: bad_level | bad_code | empty_name | twice | unknown_parent |
--           parent_level | outside_area | duplicate | exists_elsewhere |
--           bad_date
CREATE OR REPLACE FUNCTION td_add_units(p_scope integer, p_load boolean,
                                        p_codes text[], p_names text[],
                                        p_levels text[], p_parents text[],
                                        p_since date[])
RETURNS TABLE (result text, idx integer, code text, name text, level text,
               parent_code text, since date, detail text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  -- The arrays are read row by row through unnest, never by subscript:
  -- an element of a text array is found by walking the array from its
  -- start, and the official list has thousands of units.
  v_new    integer[];
  v_ren    integer[];
  v_level  text;
  v_parent units;
  v_old    units;
  v_fail   text;
  v_detail text;
  v_at     integer;
  r        record;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS td_units_in (
    i integer PRIMARY KEY, code text, name text, level text, parent text,
    since date, act text, was text) ON COMMIT DROP;
  TRUNCATE td_units_in;
  INSERT INTO td_units_in (i, code, name, level, parent, since)
  SELECT x.i, x.code, btrim(x.name), x.level, x.parent, x.since
  FROM unnest(p_codes, p_names, p_levels, p_parents, p_since)
       WITH ORDINALITY AS x(code, name, level, parent, since, i);
  BEGIN
    FOR r IN SELECT * FROM td_units_in ORDER BY i LOOP
      v_at := r.i;
      IF r.level IS NULL
         OR r.level NOT IN ('province', 'district', 'commune', 'village') THEN
        v_fail := 'bad_level';
      ELSIF NOT td_unit_code_fits(r.level, r.code) THEN
        v_fail := 'bad_code';
      ELSIF coalesce(r.name, '') = '' THEN
        v_fail := 'empty_name';
      END IF;
      IF v_fail IS NOT NULL THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'P0T01';
      END IF;
    END LOOP;
    -- A code given twice: the first time it comes again.
    SELECT t.i, t.first::text INTO v_at, v_detail
    FROM (SELECT u.i, min(u.i) OVER (PARTITION BY u.code) AS first
          FROM td_units_in u) t
    WHERE t.i <> t.first ORDER BY t.i LIMIT 1;
    IF v_at IS NOT NULL THEN
      v_fail := 'twice';
      RAISE EXCEPTION 'refused' USING ERRCODE = 'P0T01';
    END IF;

    FOREACH v_level IN ARRAY ARRAY['province', 'district', 'commune', 'village'] LOOP
      v_new := '{}';
      v_ren := '{}';
      FOR r IN SELECT * FROM td_units_in u WHERE u.level = v_level ORDER BY u.i LOOP
        v_at := r.i;
        SELECT * INTO v_parent FROM units u
        WHERE u.code = r.parent AND u.valid_to IS NULL;
        SELECT * INTO v_old FROM units u
        WHERE u.code = r.code AND u.valid_to IS NULL;
        IF v_parent.id IS NULL THEN
          v_fail := 'unknown_parent';
          v_detail := r.parent;
        ELSIF NOT td_unit_parent_fits(v_level, v_parent.level) THEN
          v_fail := 'parent_level';
          v_detail := v_parent.level;
        ELSIF p_load AND v_old.id IS NOT NULL AND v_old.level = v_level
              AND v_old.parent_id = v_parent.id AND v_old.name = r.name THEN
          -- The official list names units above the area too (its own
          -- province): what changes nothing is no one's business.
          UPDATE td_units_in u SET act = 'unchanged', was = v_old.name WHERE u.i = r.i;
        ELSIF NOT EXISTS (SELECT 1 FROM unit_scope s
                          WHERE s.ancestor = p_scope AND s.unit = v_parent.id) THEN
          v_fail := 'outside_area';
          v_detail := r.parent;
        ELSIF v_old.id IS NOT NULL AND NOT p_load THEN
          v_fail := 'duplicate';
          v_detail := v_old.name;
        ELSIF v_old.id IS NOT NULL
              AND (v_old.level <> v_level OR v_old.parent_id <> v_parent.id) THEN
          v_fail := 'exists_elsewhere';
          v_detail := v_old.level || ' ' ||
                      coalesce((SELECT p.code FROM units p WHERE p.id = v_old.parent_id), '-');
        ELSIF v_old.id IS NOT NULL THEN
          UPDATE td_units_in u SET act = 'renamed', was = v_old.name WHERE u.i = r.i;
          v_ren := v_ren || r.i;
        ELSIF r.since IS NOT NULL AND r.since < v_parent.valid_from THEN
          v_fail := 'bad_date';
          v_detail := v_parent.valid_from::text;
        ELSE
          UPDATE td_units_in u SET act = 'added' WHERE u.i = r.i;
          v_new := v_new || r.i;
        END IF;
        IF v_fail IS NOT NULL THEN
          RAISE EXCEPTION 'refused' USING ERRCODE = 'P0T01';
        END IF;
      END LOOP;
      -- One statement a level: the closure is rebuilt once for all.
      IF cardinality(v_new) > 0 THEN
        INSERT INTO units (code, name, level, parent_id, valid_from)
        SELECT x.code, x.name, v_level, td_unit_by_code(x.parent),
               coalesce(x.since, DATE '1900-01-01')
        FROM td_units_in x WHERE x.level = v_level AND x.act = 'added'
        ORDER BY x.i;
      END IF;
      IF cardinality(v_ren) > 0 THEN
        UPDATE units u SET name = x.name
        FROM td_units_in x
        WHERE x.level = v_level AND x.act = 'renamed'
          AND u.code = x.code AND u.valid_to IS NULL;
      END IF;
    END LOOP;
  EXCEPTION WHEN SQLSTATE 'P0T01' THEN
    -- Everything the block wrote is undone.
    RETURN QUERY SELECT v_fail, v_at, x.code, x.name, x.level, x.parent,
                        x.since, v_detail
                 FROM td_units_in x WHERE x.i = v_at;
    RETURN;
  END;
  RETURN QUERY
  SELECT x.act, x.i, x.code, x.name, x.level, x.parent, x.since, x.was
  FROM td_units_in x ORDER BY x.i;
END
$$;

-- Renames the unit that exists today under p_code, strictly below p_scope
-- (an administrator does not rename its own unit: the one above does). The
-- code stays, and with it the unit's history.
--
-- result: renamed (detail: the former name) | unchanged | unknown_unit |
--         outside_area | own_unit | empty_name
CREATE OR REPLACE FUNCTION td_rename_unit(p_scope integer, p_code text,
                                          p_name text)
RETURNS TABLE (result text, code text, name text, level text,
               parent_code text, since date, detail text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v units;
  v_result text;
BEGIN
  SELECT * INTO v FROM units u WHERE u.code = p_code AND u.valid_to IS NULL;
  IF NOT FOUND THEN
    v_result := 'unknown_unit';
  ELSIF v.id = p_scope THEN
    v_result := 'own_unit';
  ELSIF NOT EXISTS (SELECT 1 FROM unit_scope s
                    WHERE s.ancestor = p_scope AND s.unit = v.id) THEN
    v_result := 'outside_area';
  ELSIF coalesce(btrim(p_name), '') = '' THEN
    v_result := 'empty_name';
  ELSIF v.name = btrim(p_name) THEN
    v_result := 'unchanged';
  ELSE
    UPDATE units u SET name = btrim(p_name) WHERE u.id = v.id;
    v_result := 'renamed';
  END IF;
  RETURN QUERY
  SELECT v_result, p_code, CASE WHEN v_result = 'renamed' THEN btrim(p_name) ELSE v.name END,
         v.level, (SELECT p.code FROM units p WHERE p.id = v.parent_id),
         NULLIF(v.valid_from, DATE '1900-01-01'), v.name;
END
$$;

-- The units of p_scope's area (the unit and below), those of today, or all
-- with p_ended: the ended ones (merged, or of a level abolished) too.
-- Ordered from the top down, then by code; under one code, the units that
-- held it in the order they ended, today's last.
CREATE OR REPLACE FUNCTION td_list_units(p_scope integer, p_ended boolean)
RETURNS TABLE (code text, name text, level text, parent_code text,
               since date, until date)
LANGUAGE sql STABLE AS $$
  SELECT u.code, u.name, u.level, p.code,
         NULLIF(u.valid_from, DATE '1900-01-01'), u.valid_to
  FROM unit_scope s
  JOIN units u ON u.id = s.unit
  LEFT JOIN units p ON p.id = u.parent_id
  WHERE s.ancestor = p_scope AND (p_ended OR u.valid_to IS NULL)
  ORDER BY array_position(ARRAY['nation', 'province', 'district', 'commune',
                                'village'], u.level),
           u.code, u.valid_to NULLS LAST, u.id
$$;
