-- Receipt numbers a workstation hands out with no link: leased blocks.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.
--
-- Why blocks from the commune's own counter, rather than numbers of the
-- workstation's own (README, "Offline: the server's side"): the number the
-- citizen takes home is the petition's permanent receipt, in the one series
-- the commune's registers, reports and officers already know; taking the
-- block from receipt_counters in the same step as recording the lease means
-- no number is ever handed out twice, online or off; and a number the
-- workstation never used is explained by its lease instead of looking lost.

-- A lease and what a reply says of it.
CREATE OR REPLACE VIEW td_receipt_lease_v AS
SELECT l.id, l.unit_id, u.code AS unit_code, u.name AS unit_name,
       coalesce(u.receipt_prefix, u.code) AS prefix, l.year, l.first_no, l.last_no,
       floor(extract(epoch FROM l.leased_at))::bigint AS leased_at,
       l.workstation::text AS workstation, pr.name AS principal_name,
       (SELECT count(*) FROM petitions p WHERE p.lease_id = l.id) AS used
FROM receipt_leases l
JOIN units u ON u.id = l.unit_id
JOIN principals pr ON pr.id = l.principal_id;

-- Takes p_count numbers of the caller's commune for p_year in one step and
-- records the lease for the principal's workstation. The year is this year
-- in Vietnam, or in December also the next, so a workstation can go into
-- the new year offline with numbers for it.
--
-- result: ok | not_commune | year
CREATE OR REPLACE FUNCTION td_lease_receipts(p_principal integer, p_workstation uuid,
                                             p_count integer, p_year integer)
RETURNS TABLE (result text, lease td_receipt_lease_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_unit  integer;
  v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
  v_this  integer := extract(year FROM v_today);
  v_last  integer;
  v_id    bigint;
BEGIN
  -- An officer of a merged commune acts for its successor.
  SELECT u.id INTO v_unit FROM principals p JOIN units u ON u.id = td_unit_current(p.unit_id)
  WHERE p.id = p_principal AND u.level = 'commune' AND u.valid_to IS NULL;
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT 'not_commune'::text, NULL::td_receipt_lease_v;
    RETURN;
  END IF;
  IF NOT (p_year = v_this OR (p_year = v_this + 1 AND extract(month FROM v_today) = 12)) THEN
    RETURN QUERY SELECT 'year'::text, NULL::td_receipt_lease_v;
    RETURN;
  END IF;
  INSERT INTO receipt_counters AS c (unit_id, year, last_no)
  VALUES (v_unit, p_year, p_count)
  ON CONFLICT (unit_id, year) DO UPDATE SET last_no = c.last_no + p_count
  RETURNING last_no INTO v_last;
  INSERT INTO receipt_leases (unit_id, year, first_no, last_no, principal_id, workstation)
  VALUES (v_unit, p_year, v_last - p_count + 1, v_last, p_principal, p_workstation)
  RETURNING id INTO v_id;
  RETURN QUERY SELECT 'ok'::text, v FROM td_receipt_lease_v v WHERE v.id = v_id;
END
$$;

-- The leases of commune p_unit_code (NULL: the caller's unit) within the
-- caller's area, of p_year or of every year, newest first, with how many
-- of each block were used: what an administrator or an auditor reads to
-- explain a gap in the numbering. The first row's scope_id is NULL when
-- the unit is not in the caller's area (unknown and out of reach alike).
CREATE OR REPLACE FUNCTION td_receipt_leases(p_caller_unit integer, p_unit_code text,
                                             p_year integer)
RETURNS TABLE (scope_id integer, lease td_receipt_lease_v)
LANGUAGE sql STABLE AS $$
  WITH scope AS (
    SELECT CASE WHEN p_unit_code IS NULL THEN p_caller_unit
           ELSE td_unit_in_area(p_caller_unit, p_unit_code) END AS id)
  SELECT s.id, v FROM scope s
  LEFT JOIN td_receipt_lease_v v
    ON v.unit_id IN (SELECT st.id FROM td_unit_subtree(s.id) st)
   AND (p_year IS NULL OR v.year = p_year)
  ORDER BY v.leased_at DESC NULLS LAST, v.id DESC
  LIMIT 1000
$$;
