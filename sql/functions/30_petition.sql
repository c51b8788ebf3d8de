-- Petitions: the event log's numbering and its refusal of any change, the
-- view the server reads a petition through, and submission.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- Numbers an event. The transaction's id is taken first, so every number ever
-- handed out belongs to a transaction that already had an id: the change feed
-- relies on that to know when no smaller number can still commit (see
-- td_feed_mark in 80_feed.sql).
CREATE OR REPLACE FUNCTION td_event_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_current_xact_id();
  NEW.seq := nextval('petition_events_seq');
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_number BEFORE INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_event_number();

CREATE OR REPLACE FUNCTION td_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'petition_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER petition_events_append_only
  BEFORE UPDATE OR DELETE ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_refuse_change();
CREATE OR REPLACE TRIGGER petition_events_no_truncate
  BEFORE TRUNCATE ON petition_events
  FOR EACH STATEMENT EXECUTE FUNCTION td_refuse_change();

-- A user's text as a LIKE pattern that matches it literally.
CREATE OR REPLACE FUNCTION td_like_escape(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_')
$$;

-- The columns of a petition that may name the petitioner of a secret one
-- (a denunciation, or a petition kept confidential): the identity, every
-- text a citizen or an officer wrote, and the earlier petition it repeats
-- (which has the same petitioner). The server reads them apart from the
-- rest (server/db/petition.h, struct td_sealed) and hands them only to those
-- the law allows; an event's changes are read twice, whole and without
-- these keys.
CREATE OR REPLACE FUNCTION td_sealed_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['petitioner_name', 'petitioner_id_number', 'petitioner_address',
               'petitioner_contact', 'summary', 'note', 'transfer_target',
               'handling_agency', 'decision_no', 'repeat_of']
$$;

-- Whether a caller of unit p_caller_unit may search a petition's sealed
-- texts: always for a petition that is not secret; for a secret one, only in
-- the unit that handles it, and only a role that may read the identity
-- (p_may_read, decided by the server: domain/permit.c), the rule of
-- td_permit_identity.
CREATE OR REPLACE FUNCTION td_sealed_visible(p_kind text, p_confidential boolean,
                                             p_unit integer, p_caller_unit integer,
                                             p_may_read boolean) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (p_kind <> 'denunciation' AND NOT p_confidential)
      OR (p_may_read AND td_unit_current(p_unit) = p_caller_unit)
$$;

-- What the server reads about a petition: one row, already joined. Times
-- are whole Unix seconds, rounded down, so "now" is never before them.
-- handling_unit_id is the unit that handles it today (the successor of a
-- merged commune), kept on the unit (units.current_id): nothing is computed
-- per row, so reading one petition is index scans by key only.
CREATE OR REPLACE VIEW td_petition_v AS
SELECT p.id,
       p.receipt_no,
       p.unit_id,
       u.current_id AS handling_unit_id,
       u.code AS unit_code,
       u.name AS unit_name,
       v.code AS village_code,
       v.name AS village_name,
       p.kind,
       p.channel,
       p.field,
       p.group_size,
       p.petitioner_name,
       p.petitioner_id_number,
       p.petitioner_address,
       p.petitioner_contact,
       p.confidential,
       p.summary,
       p.status,
       p.outcome,
       floor(extract(epoch FROM p.received_at))::bigint AS received_at,
       floor(extract(epoch FROM p.accepted_at))::bigint AS accepted_at,
       floor(extract(epoch FROM p.closed_at))::bigint AS closed_at,
       p.deadline::text AS deadline,
       p.version,
       pr.name AS created_by,
       floor(extract(epoch FROM p.created_at))::bigint AS created_at,
       u.remote_area,
       p.complex,
       p.extensions,
       p.deadline_rule_id,
       p.deadline_step,
       p.deadline_start::text AS deadline_start,
       p.transfer_target,
       p.satisfaction,
       p.session_id,
       p.note,
       p.especially_complex,
       p.clock_suspect,
       p.clock_skew,
       floor(extract(epoch FROM p.received_at_claimed))::bigint AS received_at_claimed,
       (SELECT r.receipt_no FROM petitions r WHERE r.id = p.repeat_of_id) AS repeat_of,
       p.finding
FROM petitions p
JOIN units u ON u.id = p.unit_id
LEFT JOIN units v ON v.id = p.village_id
JOIN principals pr ON pr.id = p.created_by;

-- Repeat visits ------------------------------------------------------------------

-- The earlier petition p_receipt names, for a petition of commune p_unit
-- received at p_received_at that repeats it (p_self: that petition, once it
-- exists): one of the commune's or of the communes merged into it, received
-- before, and not kept more secret than the later one, whose readers would
-- otherwise learn the secret petitioner from the link.
-- result: ok | repeat_not_found | repeat_not_older | repeat_secret
--         | repeat_self
CREATE OR REPLACE FUNCTION td_repeat_target(p_unit integer, p_receipt text,
                                            p_received_at timestamptz,
                                            p_secret boolean, p_self bigint)
RETURNS TABLE (result text, id bigint, receipt_no text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v petitions%ROWTYPE;
BEGIN
  SELECT e.* INTO v FROM petitions e
   WHERE e.receipt_no = upper(btrim(p_receipt))
     AND e.unit_id IN (SELECT s.unit FROM unit_scope s WHERE s.ancestor = p_unit);
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'repeat_not_found'::text, NULL::bigint, NULL::text;
  ELSIF v.id = p_self THEN
    RETURN QUERY SELECT 'repeat_self'::text, NULL::bigint, NULL::text;
  ELSIF v.received_at >= p_received_at THEN
    RETURN QUERY SELECT 'repeat_not_older'::text, NULL::bigint, NULL::text;
  ELSIF (v.kind = 'denunciation' OR v.confidential) AND NOT p_secret THEN
    RETURN QUERY SELECT 'repeat_secret'::text, NULL::bigint, NULL::text;
  ELSE
    RETURN QUERY SELECT 'ok'::text, v.id, v.receipt_no;
  END IF;
END
$$;

-- The earlier petitions of petition p_id's petitioner that the officer may
-- mark it as repeating, best first (ord): those with its ID number, then
-- those without one on either side that carry its name and address
-- (compared as td_fold of the trimmed text: case and diacritics aside),
-- each newest first, at most 5; in its commune and the communes merged into
-- it, received before it, and about the same matter: the same field when
-- both have one. Who may see them is the server's to decide:
-- td_submit_petition returns them only when asked.
--
-- Each branch is an index lookup (petitions_petitioner_id,
-- petitions_petitioner_name), and one without an ID number or a name reads
-- nothing. "Received before" is written inside coalesce so that the planner
-- does not add an index on the times to the lookup: it would read every
-- petition received before this one to keep the petitioner's few. It is
-- PL/pgSQL, whose body names td_fold only when it runs: this file is also
-- applied to a database that does not have schema 012 yet.
CREATE OR REPLACE FUNCTION td_repeat_candidates(p_id bigint)
RETURNS TABLE (id bigint, ord integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  me       petitions%ROWTYPE;
  v_name   text;
  v_addr   text;
  v_area   integer[];
BEGIN
  SELECT * INTO me FROM petitions p WHERE p.id = p_id;
  IF NOT FOUND OR (me.petitioner_id_number IS NULL AND me.petitioner_name IS NULL) THEN
    RETURN;
  END IF;
  v_name := nullif(td_fold(btrim(me.petitioner_name)), '');
  v_addr := nullif(td_fold(btrim(me.petitioner_address)), '');
  SELECT array_agg(s.unit) INTO v_area FROM unit_scope s
   WHERE s.ancestor = td_unit_current(me.unit_id);
  RETURN QUERY
  WITH by_id AS (
    SELECT e.id AS pid, e.received_at, 0 AS branch
      FROM petitions e
     WHERE me.petitioner_id_number IS NOT NULL
       AND e.petitioner_id_number = me.petitioner_id_number
       AND e.unit_id = ANY (v_area)
       AND coalesce(e.received_at < me.received_at
                    OR (e.received_at = me.received_at AND e.id < me.id), false)
       AND (e.field IS NULL OR me.field IS NULL OR e.field = me.field)
     ORDER BY e.received_at DESC, e.id DESC LIMIT 5
  ), by_name AS (
    SELECT e.id AS pid, e.received_at, 1 AS branch
      FROM petitions e
     WHERE v_name IS NOT NULL AND v_addr IS NOT NULL
       AND e.petitioner_name IS NOT NULL
       AND td_fold(btrim(e.petitioner_name)) = v_name
       AND td_fold(btrim(e.petitioner_address)) = v_addr
       AND (e.petitioner_id_number IS NULL OR me.petitioner_id_number IS NULL)
       AND e.unit_id = ANY (v_area)
       AND coalesce(e.received_at < me.received_at
                    OR (e.received_at = me.received_at AND e.id < me.id), false)
       AND (e.field IS NULL OR me.field IS NULL OR e.field = me.field)
     ORDER BY e.received_at DESC, e.id DESC LIMIT 5
  )
  SELECT c.pid, (row_number() OVER (ORDER BY c.branch, c.received_at DESC, c.pid DESC))::integer
    FROM (SELECT * FROM by_id UNION ALL SELECT * FROM by_name) c
   ORDER BY c.branch, c.received_at DESC, c.pid DESC
   LIMIT 5;
END
$$;

-- The index of the name branch above. td_fold is schema 012's, so it is
-- made here, once td_fold exists: in every database migrated in order at
-- once, at the next migration in one that had not reached 012.
DO $$
BEGIN
  IF to_regclass('petitions_petitioner_name') IS NULL
     AND to_regprocedure('td_fold(text)') IS NOT NULL THEN
    CREATE INDEX petitions_petitioner_name ON petitions (td_fold(btrim(petitioner_name)))
      WHERE petitioner_name IS NOT NULL;
  END IF;
END
$$;

-- Submission. One call is one submission: it takes the idempotency key's
-- lock, returns the first result if the key was seen, checks every
-- reference, numbers the receipt, stores the petition with the acceptance
-- deadline the server computed (for a remote and a non-remote commune: the
-- unit is resolved here) and its first event. Failures are reported in
-- `result` rather than raised, so many submissions can share one transaction
-- (group commit) without one bad petition aborting the others.
--
-- result: created | duplicate | key_conflict | unknown_unit | unknown_village
--         | unknown_kind | unknown_channel | unknown_field | unknown_session
--         | stale_calendar | receipt_invalid | receipt_not_leased
--         | receipt_used | receipt_year | before_lease | repeat_not_found
--         | repeat_not_older | repeat_secret
--
-- A workstation that numbered the petition offline gives p_receipt_no (with
-- p_workstation): it is stored only if it is in the canonical form of the
-- commune's numbers, lies in a lease of this principal and workstation for
-- that commune and year (td_lease_receipts), is not used yet, and the
-- citizen was received in that year and, when the time came from the
-- workstation's clock, not before the lease was made (5 minutes'
-- tolerance, the clock skew the server allows); a time the officer typed
-- (a petition received days ago, entered now) may precede it. The counter
-- is not touched: the lease took those numbers from it already.
--
-- p_skew is NULL when the times were typed, else the workstation clock's
-- error: 0 when right, else more than 5 minutes (the server corrected
-- p_received_at already, and p_claimed is what the workstation said).
--
-- p_repeat_of (SubmitPetition.repeat_of) names the earlier petition this
-- one repeats (td_repeat_target: repeat_not_found | repeat_not_older |
-- repeat_secret). With p_candidates (the caller's role may read the
-- identity: the server decides), the petition's row is followed by rows
-- 'candidate': the earlier petitions of the same petitioner
-- (td_repeat_candidates), for a duplicate as for a new one.
--
-- The receipt number, the workstation, the claim and the skew came with
-- schema 014, the repeat with schema 015, so the signatures before them go.
DROP FUNCTION IF EXISTS td_submit_petition(integer, uuid, bytea, text, text, text, text,
  text, integer, text, text, text, text, boolean, text, timestamptz, bigint, bigint,
  integer, date, date);
DROP FUNCTION IF EXISTS td_submit_petition(integer, uuid, bytea, text, text, text, text,
  text, integer, text, text, text, text, boolean, text, timestamptz, bigint, bigint,
  integer, date, date, text, uuid, timestamptz, bigint);
CREATE OR REPLACE FUNCTION td_submit_petition(
  p_principal   integer,
  p_key         uuid,
  p_hash        bytea,
  p_unit_code   text,
  p_village     text,
  p_kind        text,
  p_channel     text,
  p_field       text,
  p_group_size  integer,
  p_name        text,
  p_id_number   text,
  p_address     text,
  p_contact     text,
  p_confidential boolean,
  p_summary     text,
  p_received_at timestamptz,
  p_session     bigint,
  p_calendar    bigint,
  p_rule        integer,
  p_deadline    date,
  p_deadline_remote date,
  p_receipt_no  text DEFAULT NULL,
  p_workstation uuid DEFAULT NULL,
  p_claimed     timestamptz DEFAULT NULL,
  p_skew        bigint DEFAULT NULL,
  p_repeat_of   text DEFAULT NULL,
  p_candidates  boolean DEFAULT false
) RETURNS TABLE (result text, petition td_petition_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_prev     petitions%ROWTYPE;
  v_scope    integer;
  v_unit     integer;
  v_remote   boolean;
  v_village  integer;
  v_prefix   text;
  v_year     smallint;
  v_no       integer;
  v_id       bigint;
  v_receipt  text;
  v_lease    receipt_leases%ROWTYPE;
  v_parts    text[];
  v_repeat   record;
  v_repeat_id bigint;
  v_repeat_no text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_key::text, 0));

  SELECT * INTO v_prev FROM petitions WHERE idempotency_key = p_key;
  IF FOUND THEN
    IF v_prev.request_hash <> p_hash THEN
      RETURN QUERY SELECT 'key_conflict'::text, NULL::td_petition_v;
    ELSE
      RETURN QUERY SELECT 'duplicate'::text, v FROM td_petition_v v WHERE v.id = v_prev.id;
      IF p_candidates THEN
        RETURN QUERY SELECT 'candidate'::text, v FROM td_repeat_candidates(v_prev.id) c
                     JOIN td_petition_v v ON v.id = c.id ORDER BY c.ord;
      END IF;
    END IF;
    RETURN;
  END IF;
  IF p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN QUERY SELECT 'stale_calendar'::text, NULL::td_petition_v;
    RETURN;
  END IF;

  -- An officer of a merged commune acts for its successor.
  SELECT td_unit_current(unit_id) INTO v_scope FROM principals WHERE id = p_principal;
  -- A unit outside the caller's scope answers exactly as one that does not exist.
  SELECT u.id, coalesce(u.receipt_prefix, u.code), u.remote_area
    INTO v_unit, v_prefix, v_remote
  FROM units u
  WHERE u.id = CASE WHEN p_unit_code IS NULL THEN v_scope
                    ELSE td_unit_by_code(p_unit_code) END
    AND u.level = 'commune' AND u.valid_to IS NULL
    AND u.id IN (SELECT id FROM td_unit_subtree(v_scope));
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT 'unknown_unit'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_village IS NOT NULL THEN
    SELECT id INTO v_village FROM units
    WHERE code = p_village AND parent_id = v_unit AND level = 'village'
      AND valid_to IS NULL;
    IF v_village IS NULL THEN
      RETURN QUERY SELECT 'unknown_village'::text, NULL::td_petition_v;
      RETURN;
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM petition_kinds WHERE code = p_kind) THEN
    RETURN QUERY SELECT 'unknown_kind'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM channels WHERE code = p_channel) THEN
    RETURN QUERY SELECT 'unknown_channel'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_field IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fields WHERE code = p_field) THEN
    RETURN QUERY SELECT 'unknown_field'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_session IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM sessions WHERE id = p_session AND unit_id = v_unit) THEN
    RETURN QUERY SELECT 'unknown_session'::text, NULL::td_petition_v;
    RETURN;
  END IF;

  -- Before a number is taken: a refusal leaves the counter as it was.
  IF p_repeat_of IS NOT NULL THEN
    SELECT * INTO v_repeat
      FROM td_repeat_target(v_unit, p_repeat_of, p_received_at,
                            p_kind = 'denunciation' OR p_confidential, NULL);
    IF v_repeat.result <> 'ok' THEN
      RETURN QUERY SELECT v_repeat.result, NULL::td_petition_v;
      RETURN;
    END IF;
    v_repeat_id := v_repeat.id;
    v_repeat_no := v_repeat.receipt_no;
  END IF;

  v_year := extract(year FROM p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh');
  IF p_receipt_no IS NULL THEN
    INSERT INTO receipt_counters AS c (unit_id, year, last_no)
    VALUES (v_unit, v_year, 1)
    ON CONFLICT (unit_id, year) DO UPDATE SET last_no = c.last_no + 1
    RETURNING last_no INTO v_no;
    v_receipt := v_prefix || '-' || v_year || '-' || lpad(v_no::text, 6, '0');
  ELSE
    -- PREFIX-YYYY-NNNNNN exactly as the server writes its numbers, so one
    -- number has one spelling and the unique receipt_no holds.
    v_parts := regexp_match(upper(p_receipt_no), '^(.+)-([0-9]{4})-([0-9]{6})$');
    IF v_parts IS NULL OR v_parts[1] <> upper(v_prefix) OR v_parts[3]::integer = 0 THEN
      RETURN QUERY SELECT 'receipt_invalid'::text, NULL::td_petition_v;
      RETURN;
    END IF;
    v_no := v_parts[3]::integer;
    v_receipt := v_prefix || '-' || v_parts[2] || '-' || v_parts[3];
    SELECT * INTO v_lease FROM receipt_leases l
    WHERE l.unit_id = v_unit AND l.year = v_parts[2]::smallint
      AND l.principal_id = p_principal AND l.workstation = p_workstation
      AND v_no BETWEEN l.first_no AND l.last_no;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'receipt_not_leased'::text, NULL::td_petition_v;
      RETURN;
    END IF;
    IF v_lease.year <> v_year THEN
      RETURN QUERY SELECT 'receipt_year'::text, NULL::td_petition_v;
      RETURN;
    END IF;
    IF p_skew IS NOT NULL AND p_received_at < v_lease.leased_at - interval '5 minutes' THEN
      RETURN QUERY SELECT 'before_lease'::text, NULL::td_petition_v;
      RETURN;
    END IF;
    -- Two keys racing for one number: the second waits, then finds it used.
    PERFORM pg_advisory_xact_lock(hashtextextended('receipt:' || v_receipt, 0));
    IF EXISTS (SELECT 1 FROM petitions WHERE receipt_no = v_receipt) THEN
      RETURN QUERY SELECT 'receipt_used'::text, NULL::td_petition_v;
      RETURN;
    END IF;
  END IF;

  INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id,
                         village_id, kind, channel, field, group_size,
                         petitioner_name, petitioner_id_number,
                         petitioner_address, petitioner_contact, confidential,
                         summary, received_at, created_by, session_id,
                         deadline_rule_id, deadline_step, deadline_start, deadline,
                         lease_id, received_at_claimed, clock_skew, clock_suspect,
                         repeat_of_id)
  VALUES (v_receipt,
          p_key, p_hash, v_unit, v_village, p_kind, p_channel, p_field,
          p_group_size, p_name, p_id_number, p_address, p_contact,
          p_confidential, p_summary, p_received_at, p_principal, p_session,
          p_rule, CASE WHEN p_rule IS NOT NULL THEN 'accept' END,
          CASE WHEN p_rule IS NOT NULL
               THEN (p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
          CASE WHEN v_remote THEN p_deadline_remote ELSE p_deadline END,
          v_lease.id, p_claimed, nullif(p_skew, 0), coalesce(p_skew, 0) <> 0,
          v_repeat_id)
  RETURNING id INTO v_id;

  INSERT INTO petition_events (petition_id, unit_id, actor_id, action, to_status, changes)
  VALUES (v_id, v_unit, p_principal, 'submit', 'received',
          CASE WHEN v_repeat_id IS NOT NULL
               THEN jsonb_build_object('repeat_of', v_repeat_no) END);

  RETURN QUERY SELECT 'created'::text, v FROM td_petition_v v WHERE v.id = v_id;
  IF p_candidates THEN
    RETURN QUERY SELECT 'candidate'::text, v FROM td_repeat_candidates(v_id) c
                 JOIN td_petition_v v ON v.id = c.id ORDER BY c.ord;
  END IF;
END
$$;
