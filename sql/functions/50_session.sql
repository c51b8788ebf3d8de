-- Sessions: the view the server reads a session through, and closing one.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

CREATE OR REPLACE VIEW td_session_v AS
SELECT s.id, s.unit_id, u.code AS unit_code, u.name AS unit_name, s.type, s.title,
       s.presided_by,
       floor(extract(epoch FROM s.opened_at))::bigint AS opened_at,
       floor(extract(epoch FROM s.closed_at))::bigint AS closed_at,
       s.attendees, s.opinions, s.resolved_on_spot, s.forwarded, s.note,
       (SELECT count(*) FROM petitions p WHERE p.session_id = s.id) AS petitions,
       s.number, s.theme, s.groups, s.group_people
FROM sessions s JOIN units u ON u.id = s.unit_id;

-- Opening a session of commune p_unit_code (NULL: the caller's unit p_scope)
-- within the caller's area. With p_key (OpenSession.idempotency_key) and
-- p_hash (the SHA-256 of the request), a resend of the same request answers
-- with the session it opened ('duplicate'), and the key sent with another
-- request is refused ('key_conflict'): an outbox that lost the reply never
-- opens a second session.
--
-- p_number is a periodic or ad hoc reception's number (kỳ tiếp số); a
-- periodic one without it takes the next number of its commune in the year
-- (Vietnam time) it opens in. The server refuses a number on other types
-- before it gets here. A delegated reception (ủy quyền tiếp) is refused for
-- a commune from 1 July 2026, Vietnam time: Luật 136/2025/QH15 has the
-- Chairman of the commune's People's Committee receive citizens in person.
-- Every session is a commune's (the unit check below), so the rule applies
-- to every delegated session.
-- result: created | duplicate | key_conflict | unknown_unit | delegated_refused
DROP FUNCTION IF EXISTS td_open_session(integer, text, text, text, text, timestamptz,
                                        integer, uuid, bytea);
CREATE OR REPLACE FUNCTION td_open_session(p_scope integer, p_unit_code text, p_type text,
                                           p_title text, p_presided text, p_at timestamptz,
                                           p_principal integer, p_key uuid, p_hash bytea,
                                           p_number integer DEFAULT NULL,
                                           p_theme text DEFAULT NULL)
RETURNS TABLE (result text, session td_session_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_first sessions%ROWTYPE;
  v_unit integer;
  v_id bigint;
  v_at timestamptz := coalesce(p_at, now());
  v_year integer;
  v_number integer := p_number;
BEGIN
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_key::text, 0));
    SELECT * INTO v_first FROM sessions WHERE idempotency_key = p_key;
    IF FOUND THEN
      RETURN QUERY SELECT CASE WHEN v_first.request_hash = p_hash THEN 'duplicate'
                               ELSE 'key_conflict' END, v
                   FROM td_session_v v WHERE v.id = v_first.id;
      RETURN;
    END IF;
  END IF;
  SELECT u.id INTO v_unit FROM units u
  WHERE u.id = CASE WHEN p_unit_code IS NULL THEN p_scope ELSE td_unit_by_code(p_unit_code) END
    AND u.level = 'commune' AND u.valid_to IS NULL
    AND u.id IN (SELECT st.id FROM td_unit_subtree(p_scope) st);
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT 'unknown_unit'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF p_type = 'delegated_reception'
     AND (v_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= DATE '2026-07-01' THEN
    RETURN QUERY SELECT 'delegated_refused'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF p_type = 'periodic_reception' AND v_number IS NULL THEN
    -- One commune's periodic sessions of a year are numbered one at a time.
    v_year := extract(year FROM v_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::integer;
    PERFORM pg_advisory_xact_lock(hashtextextended('td_session_number', v_unit * 10000 + v_year));
    SELECT coalesce(max(s.number), 0) + 1 INTO v_number FROM sessions s
    WHERE s.unit_id = v_unit AND s.type = 'periodic_reception'
      AND extract(year FROM s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh') = v_year;
  END IF;
  INSERT INTO sessions (unit_id, type, title, presided_by, opened_at, created_by,
                        idempotency_key, request_hash, number, theme)
  VALUES (v_unit, p_type, coalesce(p_title, ''), p_presided, v_at,
          p_principal, p_key, p_hash, v_number, p_theme)
  RETURNING id INTO v_id;
  RETURN QUERY SELECT 'created'::text, v FROM td_session_v v WHERE v.id = v_id;
END
$$;

-- Sessions: closing records what was raised and answered there, and the
-- mass delegations received (p_groups, p_group_people: the server refuses
-- first, in words, people in delegations fewer than the delegations or more
-- than the attendees; the table's CHECKs are the last line). With p_key
-- and p_hash (CloseSession.idempotency_key), as td_open_session: the resend
-- of a close that happened answers 'duplicate' with the session as it was
-- closed, instead of 'already_closed'. p_types: the session types the
-- caller's role may close (NULL: any); a session of another type in the
-- caller's area answers 'type_denied' with the session, changing nothing.
-- result: ok | not_found | already_closed | before_open | counts | duplicate
--         | key_conflict | type_denied
DROP FUNCTION IF EXISTS td_close_session(integer, bigint, timestamptz, integer, integer,
                                         integer, integer, text);
DROP FUNCTION IF EXISTS td_close_session(integer, bigint, timestamptz, integer, integer,
                                         integer, integer, text, uuid, bytea);
CREATE OR REPLACE FUNCTION td_close_session(p_scope integer, p_id bigint, p_at timestamptz,
                                            p_attendees integer, p_opinions integer,
                                            p_resolved integer, p_forwarded integer,
                                            p_note text, p_key uuid DEFAULT NULL,
                                            p_hash bytea DEFAULT NULL,
                                            p_groups integer DEFAULT NULL,
                                            p_group_people integer DEFAULT NULL,
                                            p_types text[] DEFAULT NULL)
RETURNS TABLE (result text, session td_session_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_closed timestamptz;
  v_opened timestamptz;
  v_type text;
  v_first sessions%ROWTYPE;
BEGIN
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_key::text, 0));
    SELECT * INTO v_first FROM sessions WHERE close_key = p_key;
    IF FOUND THEN
      IF v_first.id = p_id AND v_first.close_hash = p_hash
         AND v_first.unit_id IN (SELECT st.id FROM td_unit_subtree(p_scope) AS st) THEN
        RETURN QUERY SELECT 'duplicate'::text, v FROM td_session_v v WHERE v.id = p_id;
      ELSE
        RETURN QUERY SELECT 'key_conflict'::text, NULL::td_session_v;
      END IF;
      RETURN;
    END IF;
  END IF;
  SELECT s.closed_at, s.opened_at, s.type INTO v_closed, v_opened, v_type FROM sessions s
  WHERE s.id = p_id
    AND s.unit_id IN (SELECT st.id FROM td_unit_subtree(p_scope) AS st)
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF p_types IS NOT NULL AND NOT v_type = ANY (p_types) THEN
    RETURN QUERY SELECT 'type_denied'::text, v FROM td_session_v v WHERE v.id = p_id;
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
                      note = p_note, close_key = p_key, close_hash = p_hash,
                      groups = p_groups, group_people = p_group_people
  WHERE id = p_id;
  RETURN QUERY SELECT 'ok'::text, v FROM td_session_v v WHERE v.id = p_id;
END
$$;
