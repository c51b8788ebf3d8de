-- Access: principal administration, unit merges, and the audit of reads of a
-- denouncer's identity.

COMMENT ON COLUMN principals.unit_id IS
  'The unit the principal was registered for. If that unit has been merged, '
  'the principal acts for its successor (td_unit_current).';

-- Merges ----------------------------------------------------------------------------

-- Records that the communes p_old (codes of units that exist today, within
-- p_scope) end the day before p_on and continue as p_new. If p_new does not
-- exist today, or is one of the old codes (reused by the successor, as the
-- new xã Bình Lư reused 03390), the successor is created as a commune named
-- p_name, under the first old unit's parent, remote if any old unit was, with
-- the receipt prefix of the old unit whose code it takes (its numbering
-- continues, so receipt numbers stay unique). Villages move to the successor.
--
-- result: ok | unknown_unit | not_a_commune | other_province | needs_name |
--         bad_date | self
CREATE FUNCTION td_merge_units(p_scope integer, p_old text[], p_new text,
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

-- Principals ---------------------------------------------------------------------

CREATE VIEW td_principal_v AS
SELECT p.id, p.name, p.role, p.cert_sha256 AS fingerprint,
       u.code AS unit_code, u.name AS unit_name, u.level AS unit_level,
       td_unit_current(p.unit_id) AS current_unit_id,
       floor(extract(epoch FROM p.created_at))::bigint AS created_at,
       floor(extract(epoch FROM p.revoked_at))::bigint AS revoked_at
FROM principals p
JOIN units u ON u.id = td_unit_current(p.unit_id);

-- Registers (or re-registers and un-revokes) a certificate's holder for a
-- unit within the admin's scope. result: ok | unknown_unit
CREATE FUNCTION td_add_principal(p_scope integer, p_fingerprint text, p_name text,
                                 p_role text, p_unit_code text)
RETURNS TABLE (result text, principal td_principal_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_unit integer;
  v_id   integer;
BEGIN
  SELECT u.id INTO v_unit FROM units u
  WHERE u.code = p_unit_code AND u.valid_to IS NULL
    AND u.id IN (SELECT s.id FROM td_unit_subtree(p_scope) s);
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT 'unknown_unit'::text, NULL::td_principal_v;
    RETURN;
  END IF;
  INSERT INTO principals (cert_sha256, name, role, unit_id)
  VALUES (p_fingerprint, p_name, p_role, v_unit)
  ON CONFLICT (cert_sha256) DO UPDATE
    SET name = excluded.name, role = excluded.role, unit_id = excluded.unit_id,
        revoked_at = NULL
  RETURNING id INTO v_id;
  RETURN QUERY SELECT 'ok'::text, v FROM td_principal_v v WHERE v.id = v_id;
END
$$;

-- Audit ---------------------------------------------------------------------------

COMMENT ON COLUMN petition_events.action IS
  'submit, accept, reject, transfer, start, resolve, withdraw, reopen, extend, '
  'note, recompute; identity_read records that a denouncer''s (or a '
  'confidential petitioner''s) identity was shown to the actor.';
