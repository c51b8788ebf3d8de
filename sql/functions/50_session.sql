-- Sessions: the view the server reads a session through, and closing one.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

CREATE OR REPLACE VIEW td_session_v AS
SELECT s.id, s.unit_id, u.code AS unit_code, u.name AS unit_name, s.type, s.title,
       s.presided_by,
       floor(extract(epoch FROM s.opened_at))::bigint AS opened_at,
       floor(extract(epoch FROM s.closed_at))::bigint AS closed_at,
       s.attendees, s.opinions, s.resolved_on_spot, s.forwarded, s.note,
       (SELECT count(*) FROM petitions p WHERE p.session_id = s.id) AS petitions
FROM sessions s JOIN units u ON u.id = s.unit_id;

-- Sessions: closing records what was raised and answered there.
-- result: ok | not_found | already_closed | before_open | counts
CREATE OR REPLACE FUNCTION td_close_session(p_scope integer, p_id bigint, p_at timestamptz,
                                            p_attendees integer, p_opinions integer,
                                            p_resolved integer, p_forwarded integer,
                                            p_note text)
RETURNS TABLE (result text, session td_session_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_closed timestamptz;
  v_opened timestamptz;
BEGIN
  SELECT s.closed_at, s.opened_at INTO v_closed, v_opened FROM sessions s
  WHERE s.id = p_id
    AND s.unit_id IN (SELECT st.id FROM td_unit_subtree(p_scope) AS st)
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF v_closed IS NOT NULL THEN
    RETURN QUERY SELECT 'already_closed'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF p_at < v_opened THEN
    RETURN QUERY SELECT 'before_open'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF coalesce(p_resolved, 0) + coalesce(p_forwarded, 0) > coalesce(p_opinions, 0) THEN
    RETURN QUERY SELECT 'counts'::text, NULL::td_session_v;
    RETURN;
  END IF;
  UPDATE sessions SET closed_at = p_at, attendees = p_attendees, opinions = p_opinions,
                      resolved_on_spot = p_resolved, forwarded = p_forwarded,
                      note = p_note
  WHERE id = p_id;
  RETURN QUERY SELECT 'ok'::text, v FROM td_session_v v WHERE v.id = p_id;
END
$$;
