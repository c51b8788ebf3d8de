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
  v_n      integer := coalesce(array_length(p_codes, 1), 0);
  v_act    text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_was    text[] := array_fill(NULL::text, ARRAY[v_n]);
  v_new    integer[];
  v_ren    integer[];
  v_level  text;
  v_parent units;
  v_old    units;
  v_fail   text;
  v_detail text;
  v_at     integer;
  i        integer;
BEGIN
  BEGIN
    FOR i IN 1 .. v_n LOOP
      v_at := i;
      IF p_levels[i] IS NULL
         OR p_levels[i] NOT IN ('province', 'district', 'commune', 'village') THEN
        v_fail := 'bad_level';
      ELSIF NOT td_unit_code_fits(p_levels[i], p_codes[i]) THEN
        v_fail := 'bad_code';
      ELSIF coalesce(btrim(p_names[i]), '') = '' THEN
        v_fail := 'empty_name';
      ELSIF p_codes[i] = ANY (p_codes[1:i - 1]) THEN
        v_fail := 'twice';
        v_detail := array_position(p_codes, p_codes[i])::text;
      END IF;
      IF v_fail IS NOT NULL THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'P0T01';
      END IF;
    END LOOP;

    FOREACH v_level IN ARRAY ARRAY['province', 'district', 'commune', 'village'] LOOP
      v_new := '{}';
      v_ren := '{}';
      FOR i IN SELECT g FROM generate_subscripts(p_levels, 1) g
               WHERE p_levels[g] = v_level ORDER BY g LOOP
        v_at := i;
        SELECT * INTO v_parent FROM units u
        WHERE u.code = p_parents[i] AND u.valid_to IS NULL;
        SELECT * INTO v_old FROM units u
        WHERE u.code = p_codes[i] AND u.valid_to IS NULL;
        IF v_parent.id IS NULL THEN
          v_fail := 'unknown_parent';
          v_detail := p_parents[i];
        ELSIF NOT td_unit_parent_fits(v_level, v_parent.level) THEN
          v_fail := 'parent_level';
          v_detail := v_parent.level;
        ELSIF p_load AND v_old.id IS NOT NULL AND v_old.level = v_level
              AND v_old.parent_id = v_parent.id AND v_old.name = btrim(p_names[i]) THEN
          -- The official list names units above the area too (its own
          -- province): what changes nothing is no one's business.
          v_was[i] := v_old.name;
          v_act[i] := 'unchanged';
        ELSIF NOT EXISTS (SELECT 1 FROM unit_scope s
                          WHERE s.ancestor = p_scope AND s.unit = v_parent.id) THEN
          v_fail := 'outside_area';
          v_detail := p_parents[i];
        ELSIF v_old.id IS NOT NULL AND NOT p_load THEN
          v_fail := 'duplicate';
          v_detail := v_old.name;
        ELSIF v_old.id IS NOT NULL
              AND (v_old.level <> v_level OR v_old.parent_id <> v_parent.id) THEN
          v_fail := 'exists_elsewhere';
          v_detail := v_old.level || ' ' ||
                      coalesce((SELECT p.code FROM units p WHERE p.id = v_old.parent_id), '-');
        ELSIF v_old.id IS NOT NULL THEN
          v_was[i] := v_old.name;
          v_act[i] := 'renamed';
          v_ren := v_ren || i;
        ELSIF p_since[i] IS NOT NULL AND p_since[i] < v_parent.valid_from THEN
          v_fail := 'bad_date';
          v_detail := v_parent.valid_from::text;
        ELSE
          v_act[i] := 'added';
          v_new := v_new || i;
        END IF;
        IF v_fail IS NOT NULL THEN
          RAISE EXCEPTION 'refused' USING ERRCODE = 'P0T01';
        END IF;
      END LOOP;
      IF cardinality(v_new) > 0 THEN
        INSERT INTO units (code, name, level, parent_id, valid_from)
        SELECT p_codes[g], btrim(p_names[g]), v_level, td_unit_by_code(p_parents[g]),
               coalesce(p_since[g], DATE '1900-01-01')
        FROM unnest(v_new) g;
      END IF;
      IF cardinality(v_ren) > 0 THEN
        UPDATE units u SET name = btrim(p_names[g])
        FROM unnest(v_ren) g
        WHERE u.code = p_codes[g] AND u.valid_to IS NULL;
      END IF;
    END LOOP;
  EXCEPTION WHEN SQLSTATE 'P0T01' THEN
    -- Everything the block wrote is undone.
    RETURN QUERY SELECT v_fail, v_at, p_codes[v_at], p_names[v_at],
                        p_levels[v_at], p_parents[v_at], p_since[v_at], v_detail;
    RETURN;
  END;
  RETURN QUERY
  SELECT v_act[g], g, p_codes[g], btrim(p_names[g]), p_levels[g], p_parents[g],
         p_since[g], v_was[g]
  FROM generate_series(1, v_n) g ORDER BY g;
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
-- Ordered from the top down, then by code.
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
           u.code, u.valid_from
$$;
