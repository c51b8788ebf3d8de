-- The tamper-evident record: the triggers that seal every event into its
-- petition's hash chain, the anchors that fix a province's chain heads at
-- an event number, and the verifier that recomputes both and names the
-- first broken link. The tables and the canonical encodings
-- (td_event_digest, td_anchor_digest) are in sql/schema/009_event_chain.sql;
-- README.md ("A record that proves it was not altered") says why.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- The previous hash of a first link: 32 zero bytes.
CREATE OR REPLACE FUNCTION td_chain_zero() RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT decode(repeat('00', 32), 'hex')
$$;

-- Sealing ------------------------------------------------------------------------

-- BEFORE INSERT triggers fire in the order of their names:
-- petition_events_a_lock, then petition_events_number (30_petition.sql)
-- numbers the event, then petition_events_z_seal seals it.
--
-- The lock comes first: the petition (as every transition takes it, so
-- locks are always taken petition first), then its chain head, held to the
-- end of the transaction. A second event of the same petition waits here,
-- before it is numbered, so a chain's order is always its events' order.
CREATE OR REPLACE FUNCTION td_event_chain_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A batch of submissions seals its new petitions' first events itself,
  -- in one statement (td_submit_batch).
  IF current_setting('td.seal', true) = 'batch' THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM petitions WHERE id = NEW.petition_id FOR KEY SHARE;
  PERFORM 1 FROM petition_chain_heads WHERE petition_id = NEW.petition_id FOR UPDATE;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_a_lock BEFORE INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_event_chain_lock();

-- Seals the event as it will be stored: it must stay the last BEFORE INSERT
-- trigger, so no trigger changes the event after its hash is taken.
CREATE OR REPLACE FUNCTION td_event_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_prev bytea;
  v_hash bytea;
BEGIN
  -- Sealed by td_submit_batch, from the rows as stored: an event it
  -- failed to seal would have no link, which td_audit_chain_breaks names.
  IF current_setting('td.seal', true) = 'batch' THEN
    RETURN NEW;
  END IF;
  SELECT h.hash INTO v_prev FROM petition_chain_heads h WHERE h.petition_id = NEW.petition_id;
  v_prev := coalesce(v_prev, td_chain_zero());
  v_hash := td_event_digest(v_prev, NEW.seq, NEW.petition_id, NEW.unit_id, NEW.actor_id,
                            NEW.at, NEW.action, NEW.from_status, NEW.to_status, NEW.note,
                            NEW.changes, NEW.decision_no);
  INSERT INTO petition_event_chain (petition_id, seq, prev_hash, hash)
  VALUES (NEW.petition_id, NEW.seq, v_prev, v_hash);
  INSERT INTO petition_chain_heads AS h (petition_id, seq, hash)
  VALUES (NEW.petition_id, NEW.seq, v_hash)
  ON CONFLICT (petition_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_z_seal BEFORE INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_event_seal();

-- Seals and anchors are never changed; a head only moves forward, by the
-- seal above.
CREATE OR REPLACE FUNCTION td_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER petition_event_chain_append_only
  BEFORE UPDATE OR DELETE ON petition_event_chain
  FOR EACH ROW EXECUTE FUNCTION td_audit_refuse_change();
CREATE OR REPLACE TRIGGER petition_event_chain_no_truncate
  BEFORE TRUNCATE ON petition_event_chain
  FOR EACH STATEMENT EXECUTE FUNCTION td_audit_refuse_change();
CREATE OR REPLACE TRIGGER petition_chain_heads_kept
  BEFORE DELETE ON petition_chain_heads
  FOR EACH ROW EXECUTE FUNCTION td_audit_refuse_change();
CREATE OR REPLACE TRIGGER petition_chain_heads_no_truncate
  BEFORE TRUNCATE ON petition_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION td_audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_anchors_append_only
  BEFORE UPDATE OR DELETE ON audit_anchors
  FOR EACH ROW EXECUTE FUNCTION td_audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_anchors_no_truncate
  BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION td_audit_refuse_change();

-- Anchors ------------------------------------------------------------------------

-- What the events of a province numbered from p_after+1 to p_up_to say of
-- its petitions: for each petition with such an event, its last one and
-- that event's hash, digested in petition order. Shared by the anchoring
-- and by the verifier, so both read the record the same way.
CREATE OR REPLACE FUNCTION td_anchor_heads(p_petitions bigint[], p_seqs bigint[],
                                           p_hashes bytea[])
RETURNS bytea
LANGUAGE sql STABLE AS $$
  SELECT sha256(coalesce(string_agg(td_chain_field(h.p::text) || td_chain_field(h.s::text)
                                    || coalesce(h.x, td_chain_zero()), ''::bytea
                                    ORDER BY h.p), ''::bytea))
  FROM unnest(p_petitions, p_seqs, p_hashes) AS h(p, s, x)
$$;

-- Anchors every province whose petitions have events numbered after the
-- last anchoring and up to p_up_to, which must be an event number below
-- which no event can still commit (the server passes its change feed's
-- horizon; by hand, the last event number while nothing is being written).
-- Returns the number of anchors made. One anchoring at a time.
CREATE OR REPLACE FUNCTION td_audit_anchor(p_up_to bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_from bigint;
  v_count integer;
BEGIN
  LOCK TABLE audit_anchors IN SHARE ROW EXCLUSIVE MODE;
  SELECT coalesce(max(up_to_seq), 0) INTO v_from FROM audit_anchors;
  IF p_up_to IS NULL OR p_up_to <= v_from THEN
    RETURN 0;
  END IF;
  WITH w AS (
    SELECT u.province_id, e.petition_id, e.seq, c.hash
    FROM petition_events e
    JOIN units u ON u.id = e.unit_id
    LEFT JOIN petition_event_chain c ON c.petition_id = e.petition_id AND c.seq = e.seq
    WHERE e.seq > v_from AND e.seq <= p_up_to
  ), heads AS (
    SELECT DISTINCT ON (province_id, petition_id) province_id, petition_id, seq, hash
    FROM w ORDER BY province_id, petition_id, seq DESC
  ), counted AS (
    SELECT w.province_id, count(*) AS events FROM w GROUP BY w.province_id
  ), per AS (
    SELECT h.province_id, count(*) AS petitions, min(c.events) AS events,
           td_anchor_heads(array_agg(h.petition_id), array_agg(h.seq), array_agg(h.hash)) AS heads
    FROM heads h JOIN counted c USING (province_id) GROUP BY h.province_id
  ), made AS (
    INSERT INTO audit_anchors (province_id, from_seq, up_to_seq, petitions, events, heads,
                               made_at, prev_hash, hash)
    SELECT per.province_id, v_from, p_up_to, per.petitions, per.events, per.heads, now(),
           coalesce(prev.hash, td_chain_zero()),
           td_anchor_digest(coalesce(prev.hash, td_chain_zero()), per.province_id, v_from,
                            p_up_to, per.petitions, per.events, per.heads, now())
    FROM per
    LEFT JOIN LATERAL (
      SELECT a.hash FROM audit_anchors a WHERE a.province_id = per.province_id
      ORDER BY a.up_to_seq DESC LIMIT 1) prev ON true
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM made;
  RETURN v_count;
END
$$;

-- The latest anchor of the province a unit belongs to, if the unit is in
-- p_scope's area (scope_id NULL if not): what a report prints.
CREATE OR REPLACE FUNCTION td_audit_latest_anchor(p_scope integer, p_unit text)
RETURNS TABLE (scope_id integer, province_code text, province_name text, up_to_seq bigint,
               petitions bigint, events bigint, hash text, made_at bigint)
LANGUAGE sql STABLE AS $$
  WITH s AS (
    SELECT u.id, u.province_id FROM units u
    WHERE u.id = p_scope AND p_unit IS NULL
    UNION ALL
    SELECT u.id, u.province_id FROM units u
    WHERE u.code = p_unit AND u.valid_to IS NULL
      AND u.id IN (SELECT id FROM td_unit_subtree(p_scope))
  )
  SELECT s.id, pu.code, pu.name, a.up_to_seq, a.petitions, a.events, encode(a.hash, 'hex'),
         floor(extract(epoch FROM a.made_at))::bigint
  FROM (SELECT 1) one
  LEFT JOIN s ON true
  LEFT JOIN LATERAL (
    SELECT * FROM audit_anchors x WHERE x.province_id = s.province_id
    ORDER BY x.up_to_seq DESC LIMIT 1) a ON true
  LEFT JOIN units pu ON pu.id = a.province_id
$$;

-- Verifying ----------------------------------------------------------------------

-- Every broken link of the chains of the petitions of a unit's area, with
-- the event number it concerns:
--   missing      an event whose seal remains is gone; or the event before
--                this one is gone (its link points to no event); or the
--                newest event is gone (the head names it)
--   reordered    this event's link points to a later event of the petition
--   altered      this event is not what was sealed
--   unsealed     this event was written with the sealing switched off
--   head_mismatch the newest event is not the one the head recorded
-- rank orders what is found at the same event number, most telling first.
CREATE OR REPLACE FUNCTION td_audit_chain_breaks(p_unit integer)
RETURNS TABLE (seq bigint, rank integer, result text, petition_id bigint)
LANGUAGE sql STABLE AS $$
  WITH sp AS (
    SELECT p.id FROM petitions p WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(p_unit))
  ), e AS (
    SELECT e.*, c.prev_hash, c.hash, c.seq IS NOT NULL AS sealed,
           lag(c.hash) OVER w AS before_hash
    FROM sp JOIN petition_events e ON e.petition_id = sp.id
    LEFT JOIN petition_event_chain c ON c.petition_id = e.petition_id AND c.seq = e.seq
    WINDOW w AS (PARTITION BY e.petition_id ORDER BY e.seq)
  ), last AS (
    SELECT DISTINCT ON (e.petition_id) e.petition_id, e.seq, e.hash
    FROM e ORDER BY e.petition_id, e.seq DESC
  ), heads AS (
    SELECT h.* FROM sp JOIN petition_chain_heads h ON h.petition_id = sp.id
  )
  SELECT c.seq, 0, 'missing', c.petition_id
  FROM sp JOIN petition_event_chain c ON c.petition_id = sp.id
  WHERE NOT EXISTS (SELECT 1 FROM petition_events x
                    WHERE x.petition_id = c.petition_id AND x.seq = c.seq)
  UNION ALL
  SELECT e.seq, 1,
         CASE WHEN NOT e.sealed THEN 'unsealed'
              WHEN e.prev_hash IS DISTINCT FROM coalesce(e.before_hash, td_chain_zero()) THEN
                CASE WHEN EXISTS (SELECT 1 FROM petition_event_chain l
                                  WHERE l.petition_id = e.petition_id AND l.seq > e.seq
                                    AND l.hash = e.prev_hash)
                     THEN 'reordered' ELSE 'missing' END
              ELSE 'altered' END,
         e.petition_id
  FROM e
  WHERE NOT e.sealed
     OR e.prev_hash IS DISTINCT FROM coalesce(e.before_hash, td_chain_zero())
     OR e.hash IS DISTINCT FROM td_event_digest(e.prev_hash, e.seq, e.petition_id, e.unit_id,
                                                e.actor_id, e.at, e.action, e.from_status,
                                                e.to_status, e.note, e.changes, e.decision_no)
  UNION ALL
  SELECT CASE WHEN l.seq IS NULL OR h.seq > l.seq THEN h.seq ELSE l.seq END, 2,
         CASE WHEN h.petition_id IS NOT NULL AND (l.seq IS NULL OR h.seq > l.seq)
              THEN 'missing' ELSE 'head_mismatch' END,
         coalesce(h.petition_id, l.petition_id)
  FROM last l FULL JOIN heads h ON h.petition_id = l.petition_id
  WHERE h.petition_id IS NULL OR l.petition_id IS NULL OR h.seq <> l.seq
     OR h.hash IS DISTINCT FROM l.hash
$$;

-- Every anchor of the provinces of a unit's area that the record no longer
-- matches (anchor_mismatch): an anchor altered or out of its chain, or the
-- events it covers no longer those it fixed (a petition deleted or
-- rewritten with its events), with what it recorded and what is found now.
-- Each event of a province belongs to the first anchor at or after it.
CREATE OR REPLACE FUNCTION td_audit_anchor_breaks(p_unit integer)
RETURNS TABLE (anchor_id bigint, up_to_seq bigint, petitions bigint, events bigint,
               found_petitions bigint, found_events bigint, anchors bigint)
LANGUAGE sql STABLE AS $$
  WITH a AS (
    SELECT a.*, lag(a.hash) OVER w AS before_hash, count(*) OVER () AS anchors
    FROM audit_anchors a
    WHERE a.province_id IN (SELECT id FROM td_unit_subtree(p_unit))
    WINDOW w AS (PARTITION BY a.province_id ORDER BY a.up_to_seq)
  ), stream AS (
    SELECT u.province_id, e.seq, e.petition_id, c.hash, NULL::bigint AS anchor
    FROM petition_events e
    JOIN units u ON u.id = e.unit_id
    LEFT JOIN petition_event_chain c ON c.petition_id = e.petition_id AND c.seq = e.seq
    WHERE u.province_id IN (SELECT DISTINCT province_id FROM a)
      AND e.seq <= (SELECT max(up_to_seq) FROM a)
    UNION ALL
    SELECT a.province_id, a.up_to_seq, NULL, NULL, a.id FROM a
  ), grouped AS (
    SELECT s.*, count(s.anchor) OVER (PARTITION BY s.province_id
                                      ORDER BY s.seq DESC, (s.anchor IS NOT NULL) DESC
                                      ROWS UNBOUNDED PRECEDING) AS grp
    FROM stream s
  ), tagged AS (
    SELECT g.*, max(g.anchor) OVER (PARTITION BY g.province_id, g.grp) AS anchor_id
    FROM grouped g
  ), heads AS (
    SELECT DISTINCT ON (t.anchor_id, t.petition_id) t.anchor_id, t.petition_id, t.seq, t.hash
    FROM tagged t WHERE t.anchor IS NULL AND t.grp > 0
    ORDER BY t.anchor_id, t.petition_id, t.seq DESC
  ), counted AS (
    SELECT t.anchor_id, count(*) AS events FROM tagged t
    WHERE t.anchor IS NULL AND t.grp > 0 GROUP BY t.anchor_id
  ), found AS (
    SELECT h.anchor_id, count(*) AS petitions, min(c.events) AS events,
           td_anchor_heads(array_agg(h.petition_id), array_agg(h.seq), array_agg(h.hash)) AS heads
    FROM heads h JOIN counted c USING (anchor_id) GROUP BY h.anchor_id
  )
  SELECT a.id, a.up_to_seq, a.petitions, a.events, coalesce(f.petitions, 0),
         coalesce(f.events, 0), a.anchors
  FROM a LEFT JOIN found f ON f.anchor_id = a.id
  WHERE f.heads IS DISTINCT FROM a.heads
     OR a.prev_hash IS DISTINCT FROM coalesce(a.before_hash, td_chain_zero())
     OR a.hash IS DISTINCT FROM td_anchor_digest(a.prev_hash, a.province_id, a.from_seq,
                                                 a.up_to_seq, a.petitions, a.events, a.heads,
                                                 a.made_at)
  UNION ALL
  -- The number of anchors checked, when every one holds.
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM a
$$;

-- Verifies the record of a unit's area (p_unit, a code, or NULL for
-- p_scope's own unit, which must be in p_scope's area: scope_id NULL if it
-- is not): every chain and head of its petitions, and every anchor of the
-- provinces in it. One row: result 'ok', or the first broken link (the
-- smallest event number; a broken anchor only when every chain holds),
-- with the petition or the anchor it concerns; the events, petitions and
-- anchors checked; and the anchor concerned, or the latest anchor of the
-- unit's province when all is well.
--
-- result: ok | missing | reordered | altered | unsealed | head_mismatch |
--         anchor_mismatch
CREATE OR REPLACE FUNCTION td_audit_verify(p_scope integer, p_unit text)
RETURNS TABLE (scope_id integer, result text, petition_id bigint, receipt_no text, seq bigint,
               events bigint, petitions bigint, anchors bigint,
               anchor_province text, anchor_up_to bigint, anchor_hash text, anchor_at bigint,
               anchor_petitions bigint, anchor_events bigint,
               found_petitions bigint, found_events bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_unit integer;
  v_break record;
  v_anchor record;
  v_events bigint;
  v_petitions bigint;
  v_anchors bigint;
BEGIN
  IF p_unit IS NULL THEN
    v_unit := p_scope;
  ELSE
    SELECT u.id INTO v_unit FROM units u
    WHERE u.code = p_unit AND u.valid_to IS NULL
      AND u.id IN (SELECT id FROM td_unit_subtree(p_scope));
  END IF;
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT NULL::integer, NULL::text, NULL::bigint, NULL::text, NULL::bigint,
      NULL::bigint, NULL::bigint, NULL::bigint, NULL::text, NULL::bigint, NULL::text,
      NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  SELECT count(*), count(DISTINCT e.petition_id) INTO v_events, v_petitions
  FROM petitions p JOIN petition_events e ON e.petition_id = p.id
  WHERE p.unit_id IN (SELECT id FROM td_unit_subtree(v_unit));

  SELECT b.* INTO v_break FROM td_audit_chain_breaks(v_unit) b
  ORDER BY b.seq, b.rank LIMIT 1;
  SELECT b.* INTO v_anchor FROM td_audit_anchor_breaks(v_unit) b
  ORDER BY b.anchor_id NULLS LAST LIMIT 1;
  v_anchors := v_anchor.anchors;

  IF v_break.seq IS NOT NULL THEN
    RETURN QUERY
    SELECT v_unit, v_break.result, v_break.petition_id, p.receipt_no, v_break.seq,
           v_events, v_petitions, v_anchors, NULL::text, NULL::bigint, NULL::text,
           NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint
    FROM (SELECT 1) one LEFT JOIN petitions p ON p.id = v_break.petition_id;
  ELSIF v_anchor.anchor_id IS NOT NULL THEN
    RETURN QUERY
    SELECT v_unit, 'anchor_mismatch'::text, NULL::bigint, NULL::text, NULL::bigint,
           v_events, v_petitions, v_anchors, pu.code, a.up_to_seq, encode(a.hash, 'hex'),
           floor(extract(epoch FROM a.made_at))::bigint, a.petitions, a.events,
           v_anchor.found_petitions, v_anchor.found_events
    FROM audit_anchors a JOIN units pu ON pu.id = a.province_id
    WHERE a.id = v_anchor.anchor_id;
  ELSE
    RETURN QUERY
    SELECT v_unit, 'ok'::text, NULL::bigint, NULL::text, NULL::bigint,
           v_events, v_petitions, v_anchors, l.province_code, l.up_to_seq, l.hash, l.made_at,
           l.petitions, l.events, NULL::bigint, NULL::bigint
    FROM td_audit_latest_anchor(v_unit, NULL) l;
  END IF;
END
$$;

-- The same for psql, as an administrator of the nation would ask it:
-- SELECT * FROM td_audit_verify('12').
CREATE OR REPLACE FUNCTION td_audit_verify(p_unit text)
RETURNS TABLE (scope_id integer, result text, petition_id bigint, receipt_no text, seq bigint,
               events bigint, petitions bigint, anchors bigint,
               anchor_province text, anchor_up_to bigint, anchor_hash text, anchor_at bigint,
               anchor_petitions bigint, anchor_events bigint,
               found_petitions bigint, found_events bigint)
LANGUAGE sql STABLE AS $$
  SELECT * FROM td_audit_verify((SELECT u.id FROM units u
                                 WHERE u.level = 'nation' AND u.valid_to IS NULL
                                 ORDER BY u.id LIMIT 1), p_unit)
$$;
