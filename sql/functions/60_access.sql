-- Access: the view the server reads a principal through, registration,
-- and the version of the principals a server trusts its checks by.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- Principals ---------------------------------------------------------------------

CREATE OR REPLACE VIEW td_principal_v AS
SELECT p.id, p.name, p.role, p.cert_sha256 AS fingerprint,
       u.code AS unit_code, u.name AS unit_name, u.level AS unit_level,
       td_unit_current(p.unit_id) AS current_unit_id,
       floor(extract(epoch FROM p.created_at))::bigint AS created_at,
       floor(extract(epoch FROM p.revoked_at))::bigint AS revoked_at
FROM principals p
JOIN units u ON u.id = td_unit_current(p.unit_id);

-- Registers (or re-registers) a certificate's holder for a unit within the
-- admin's scope. An admin acts only on principals of its own area: a
-- certificate registered to a principal whose unit today lies outside it is
-- refused, untouched, whatever its state. A revoked certificate of the area
-- comes back only when the request says so (p_reactivate): a revocation is
-- usually a lost laptop, and registering "again" must not quietly undo it.
-- The guard sits in the ON CONFLICT clause so that a registration racing
-- another cannot slip past it.
-- result: ok | unknown_unit | foreign | revoked
DROP FUNCTION IF EXISTS td_add_principal(integer, text, text, text, text);
CREATE OR REPLACE FUNCTION td_add_principal(p_scope integer, p_fingerprint text, p_name text,
                                            p_role text, p_unit_code text,
                                            p_reactivate boolean)
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
  INSERT INTO principals AS p (cert_sha256, name, role, unit_id)
  VALUES (p_fingerprint, p_name, p_role, v_unit)
  ON CONFLICT (cert_sha256) DO UPDATE
    SET name = excluded.name, role = excluded.role, unit_id = excluded.unit_id,
        revoked_at = NULL
    WHERE td_unit_current(p.unit_id) IN (SELECT s.id FROM td_unit_subtree(p_scope) s)
      AND (p.revoked_at IS NULL OR p_reactivate)
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    -- The certificate is registered and the guard kept it as it was.
    RETURN QUERY
      SELECT CASE WHEN td_unit_current(p.unit_id) IN (SELECT s.id FROM td_unit_subtree(p_scope) s)
                  THEN 'revoked' ELSE 'foreign' END,
             NULL::td_principal_v
        FROM principals p WHERE p.cert_sha256 = p_fingerprint;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'ok'::text, v FROM td_principal_v v WHERE v.id = v_id;
END
$$;

-- The principals' version (principal_changes) moves with every change to a
-- principal, and with every update of units, which may change whom a
-- principal acts for.
CREATE OR REPLACE FUNCTION td_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE principal_changes SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER principals_changed AFTER INSERT OR UPDATE OR DELETE ON principals
  FOR EACH STATEMENT EXECUTE FUNCTION td_principal_changed();
CREATE OR REPLACE TRIGGER units_changed_principals AFTER UPDATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_principal_changed();

-- Units by code, within an area -------------------------------------------------

-- The unit a caller of p_scope means by p_code, or NULL when it is none of
-- its area: the unit that exists today under that code, else a former
-- commune merged away (directly or through others) into a unit of the area,
-- the latest first when a code was used more than once. Its petitions stay
-- recorded under it, so listing or counting it shows what was recorded
-- there. The area is unit_scope's, which holds a unit's predecessors and
-- nothing else of its neighbours': a commune sees its own former communes,
-- never another's. In PL/pgSQL, so that its plan (the code's units by
-- units_code, each probed in unit_scope) is kept for the session: as an SQL
-- function it was planned again on every call, twice per page listed.
CREATE OR REPLACE FUNCTION td_unit_in_area(p_scope integer, p_code text)
RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT u.id FROM units u
           WHERE u.code = p_code
             AND u.id IN (SELECT s.unit FROM unit_scope s WHERE s.ancestor = p_scope)
           ORDER BY u.valid_to IS NULL DESC, u.valid_to DESC, u.id DESC
           LIMIT 1);
END
$$;
