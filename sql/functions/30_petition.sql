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
-- petitions_petitioner_name_address: name and address together), and one
-- without an ID number or a name reads nothing. "Received before" is
-- written inside coalesce so that the planner does not add an index on the
-- times to the lookup: it would read every petition received before this
-- one to keep the petitioner's few. It is PL/pgSQL, whose body names
-- td_fold only when it runs: this file is also applied to a database that
-- does not have schema 012 yet.
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

-- The index of the name branch above: name and address together. Indexed
-- by the folded name alone (petitions_petitioner_name, before), a common
-- name ("Nguyễn Văn An") led the lookup through every petition of everyone
-- so named to keep those at the same address: a cost growing with the
-- table, paid inside each submission. td_fold is schema 012's, so it is made
-- here, once td_fold exists: in every database migrated in order at once,
-- at the next migration in one that had not reached 012.
DO $$
BEGIN
  IF to_regprocedure('td_fold(text)') IS NOT NULL THEN
    DROP INDEX IF EXISTS petitions_petitioner_name;
    IF to_regclass('petitions_petitioner_name_address') IS NULL THEN
      CREATE INDEX petitions_petitioner_name_address ON petitions
        (td_fold(btrim(petitioner_name)), td_fold(btrim(petitioner_address)))
        WHERE petitioner_name IS NOT NULL;
    END IF;
  END IF;
END
$$;

-- Submission: a batch of submissions, written together (group commit, issue
-- 15). The server gathers the submissions that arrive while the previous
-- batch is being written and sends them in one call: the arrays carry one
-- submission per index, and the call answers each by its index (ord, from
-- 1) with a row: its verdict and, when the petition exists, the petition;
-- then, for a submission that asked for them (candidates), rows 'candidate'
-- with the same ord: the earlier petitions of the same petitioner
-- (td_repeat_candidates), for a duplicate as for a new one.
--
-- The work is a few statements over the whole batch, not one call per
-- petition: take every key's lock (and every offline number's), in one
-- order, so concurrent batches cannot deadlock; find the keys already used
-- (duplicate, or key_conflict when the request differs); resolve and check
-- every reference in one statement; number the receipts with one update of
-- each commune's counter for the batch; insert the petitions and their first
-- events in one statement each. The statistics trigger then adds the whole
-- batch to its cells at once (td_stat_track_insert). A submission that
-- fails a check gets its verdict and changes nothing: it never aborts the
-- others, and takes no number.
--
-- result: created | duplicate | key_conflict | unknown_unit | unknown_village
--         | unknown_kind | unknown_channel | unknown_field | unknown_session
--         | stale_calendar | receipt_invalid | receipt_not_leased
--         | receipt_used | receipt_year | before_lease | repeat_not_found
--         | repeat_not_older | repeat_secret
--
-- A unit outside the caller's scope answers exactly as one that does not
-- exist; an officer of a merged commune acts for its successor. The
-- acceptance deadline is the server's (p_deadline, or p_deadline_remote for
-- a remote commune: the unit is resolved here).
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
-- p_repeat_of names the earlier petition a submission repeats
-- (td_repeat_target: repeat_not_found | repeat_not_older | repeat_secret).
-- p_candidates is true where the caller's role may read the identity (the
-- server decides).
--
-- A key given twice in one batch is refused with an exception: the server
-- never does it (the second waits for the next batch).
CREATE OR REPLACE FUNCTION td_submit_batch(
  p_principal   integer[],
  p_key         uuid[],
  p_hash        text[],     -- hex
  p_unit_code   text[],
  p_village     text[],
  p_kind        text[],
  p_channel     text[],
  p_field       text[],
  p_group_size  integer[],
  p_name        text[],
  p_id_number   text[],
  p_address     text[],
  p_contact     text[],
  p_confidential boolean[],
  p_summary     text[],
  p_received_at timestamptz[],
  p_session     bigint[],
  p_calendar    bigint[],
  p_rule        integer[],
  p_deadline    date[],
  p_deadline_remote date[],
  p_receipt_no  text[],
  p_workstation uuid[],
  p_claimed     timestamptz[],
  p_skew        bigint[],
  p_repeat_of   text[],
  p_candidates  boolean[]
) RETURNS TABLE (ord integer, result text, petition td_petition_v)
LANGUAGE plpgsql
-- Its statements are planned once per connection: planned for each call's
-- arrays they cost more to plan than to run, and a batch's plan does not
-- depend on its size (small tables, lookups by key). Every table it reads
-- is read by key, so sequential scans are off for it and all it calls: a
-- plan made once, while the petitions were few (a new database, the first
-- minute before autovacuum's first ANALYZE), would otherwise read the whole
-- table at every call as it grew (seen: a batch of one at 5.4 ms instead of
-- 1.9). And no JIT: sequential scans off add their penalty to every plan's
-- cost, which would pass jit_above_cost and compile each statement (seen:
-- 2 s for the first call).
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
  v_items   td_submit_item[];
  v_it      td_submit_item;
  v_n       integer := cardinality(p_key);
  v_i       integer;
  v_parts   text[];
  v_lease   receipt_leases%ROWTYPE;
  v_repeat  record;
BEGIN
  IF v_n IS NULL OR v_n = 0 THEN
    RETURN;
  END IF;
  IF (SELECT count(DISTINCT k) FROM unnest(p_key) k) <> v_n THEN
    RAISE EXCEPTION 'td_submit_batch: a key twice in one batch'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- Every lock first, in one order: the keys' (a retry racing its first
  -- attempt waits for it, then finds the petition) and the offline numbers'
  -- (two keys racing for one number: the second finds it used).
  PERFORM pg_advisory_xact_lock(l.h)
     FROM (SELECT DISTINCT hashtextextended(k::text, 0) AS h FROM unnest(p_key) k
           UNION
           SELECT hashtextextended('receipt:' || upper(r), 0) FROM unnest(p_receipt_no) r
            WHERE r IS NOT NULL
           ORDER BY 1) l;

  -- Every submission with what its references name, and its first verdict.
  -- Each principal's area once, however many submissions it sent
  -- (materialized: joined as a sub-select, the generic plan resolved it
  -- again for every submission).
  WITH scope AS MATERIALIZED (
    SELECT pr.id AS principal, td_unit_current(pr.unit_id) AS id
      FROM principals pr
     WHERE pr.id IN (SELECT DISTINCT x FROM unnest(p_principal) x))
  SELECT array_agg(ROW(
           i.ord, i.principal, i.key, decode(i.hash, 'hex'), i.unit_code, i.village, i.kind,
           i.channel, i.field, i.group_size, i.name, i.id_number, i.address,
           i.contact, i.confidential, i.summary, i.received_at, i.session,
           i.calendar, i.rule, i.deadline, i.deadline_remote, i.receipt_no,
           i.workstation, i.claimed, i.skew, i.repeat_of, i.candidates,
           CASE WHEN prev.id IS NOT NULL
                THEN CASE WHEN prev.request_hash <> decode(i.hash, 'hex') THEN 'key_conflict'
                          ELSE 'duplicate' END
                WHEN i.calendar IS DISTINCT FROM cal.version THEN 'stale_calendar'
                WHEN u.id IS NULL THEN 'unknown_unit'
                WHEN i.village IS NOT NULL AND vil.id IS NULL THEN 'unknown_village'
                WHEN k.code IS NULL THEN 'unknown_kind'
                WHEN ch.code IS NULL THEN 'unknown_channel'
                WHEN i.field IS NOT NULL AND f.code IS NULL THEN 'unknown_field'
                WHEN i.session IS NOT NULL AND se.id IS NULL THEN 'unknown_session'
           END,
           prev.id, u.id, vil.id, coalesce(u.receipt_prefix, u.code), u.remote_area,
           extract(year FROM i.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::smallint,
           NULL, NULL, NULL)::td_submit_item ORDER BY i.ord)
    INTO v_items
    FROM unnest(p_principal, p_key, p_hash, p_unit_code, p_village, p_kind, p_channel,
                p_field, p_group_size, p_name, p_id_number, p_address, p_contact,
                p_confidential, p_summary, p_received_at, p_session, p_calendar,
                p_rule, p_deadline, p_deadline_remote, p_receipt_no, p_workstation,
                p_claimed, p_skew, p_repeat_of, p_candidates)
           WITH ORDINALITY
           AS i(principal, key, hash, unit_code, village, kind, channel, field,
                group_size, name, id_number, address, contact, confidential, summary,
                received_at, session, calendar, rule, deadline, deadline_remote,
                receipt_no, workstation, claimed, skew, repeat_of, candidates, ord)
    CROSS JOIN calendar_state cal
    LEFT JOIN petitions prev ON prev.idempotency_key = i.key
    LEFT JOIN scope ON scope.principal = i.principal
    LEFT JOIN units u
           ON u.id = CASE WHEN i.unit_code IS NULL THEN scope.id
                          ELSE (SELECT c.id FROM units c
                                 WHERE c.code = i.unit_code AND c.valid_to IS NULL) END
          AND u.level = 'commune' AND u.valid_to IS NULL
          AND EXISTS (SELECT 1 FROM unit_scope s
                       WHERE s.ancestor = scope.id AND s.unit = u.id)
    LEFT JOIN units vil
           ON vil.code = i.village AND vil.parent_id = u.id AND vil.level = 'village'
          AND vil.valid_to IS NULL
    LEFT JOIN petition_kinds k ON k.code = i.kind
    LEFT JOIN channels ch ON ch.code = i.channel
    LEFT JOIN fields f ON f.code = i.field
    LEFT JOIN sessions se ON se.id = i.session AND se.unit_id = u.id;

  -- What only a few submissions carry, one at a time, before any number is
  -- taken: the earlier petition repeated, and a number leased offline.
  FOR v_i IN 1 .. v_n LOOP
    v_it := v_items[v_i];
    CONTINUE WHEN v_it.result IS NOT NULL
               OR (v_it.repeat_of IS NULL AND v_it.receipt_no IS NULL);
    IF v_it.repeat_of IS NOT NULL THEN
      SELECT * INTO v_repeat
        FROM td_repeat_target(v_it.unit_id, v_it.repeat_of, v_it.received_at,
                              v_it.kind = 'denunciation' OR v_it.confidential, NULL);
      IF v_repeat.result <> 'ok' THEN
        v_it.result := v_repeat.result;
      ELSE
        v_it.repeat_id := v_repeat.id;
        v_it.repeat_no := v_repeat.receipt_no;
      END IF;
    END IF;
    IF v_it.result IS NULL AND v_it.receipt_no IS NOT NULL THEN
      -- PREFIX-YYYY-NNNNNN exactly as the server writes its numbers, so one
      -- number has one spelling and the unique receipt_no holds.
      v_parts := regexp_match(upper(v_it.receipt_no), '^(.+)-([0-9]{4})-([0-9]{6})$');
      IF v_parts IS NULL OR v_parts[1] <> upper(v_it.prefix) OR v_parts[3]::integer = 0 THEN
        v_it.result := 'receipt_invalid';
      ELSE
        v_it.receipt_no := v_it.prefix || '-' || v_parts[2] || '-' || v_parts[3];
        SELECT * INTO v_lease FROM receipt_leases l
         WHERE l.unit_id = v_it.unit_id AND l.year = v_parts[2]::smallint
           AND l.principal_id = v_it.principal AND l.workstation = v_it.workstation
           AND v_parts[3]::integer BETWEEN l.first_no AND l.last_no;
        IF NOT FOUND THEN
          v_it.result := 'receipt_not_leased';
        ELSIF v_lease.year <> v_it.year THEN
          v_it.result := 'receipt_year';
        ELSIF v_it.skew IS NOT NULL
              AND v_it.received_at < v_lease.leased_at - interval '5 minutes' THEN
          v_it.result := 'before_lease';
        ELSIF EXISTS (SELECT 1 FROM petitions WHERE receipt_no = v_it.receipt_no) THEN
          v_it.result := 'receipt_used';
        ELSE
          v_it.lease_id := v_lease.id;
        END IF;
      END IF;
    END IF;
    v_items[v_i] := v_it;
  END LOOP;

  -- The numbers: one counter update per commune and year for the whole
  -- batch, in one order; each submission takes its place in its commune's
  -- run. Then the petitions, their first events and those events' seals
  -- (the per-event seal triggers stand aside for this statement only).
  PERFORM set_config('td.seal', 'batch', true);
  WITH good AS (
    SELECT t.* FROM unnest(v_items) t WHERE t.result IS NULL
  ), need AS (
    SELECT g.unit_id, g.year, count(*)::integer AS n
      FROM good g WHERE g.receipt_no IS NULL
     GROUP BY 1, 2 ORDER BY 1, 2
  ), taken AS (
    INSERT INTO receipt_counters AS c (unit_id, year, last_no)
    SELECT need.unit_id, need.year, need.n FROM need ORDER BY 1, 2
    ON CONFLICT (unit_id, year) DO UPDATE SET last_no = c.last_no + excluded.last_no
    RETURNING c.unit_id, c.year, c.last_no
  ), numbered AS (
    SELECT g.*,
           coalesce(g.receipt_no,
                    g.prefix || '-' || g.year || '-'
                    || lpad((t.last_no - need.n
                             + row_number() OVER (PARTITION BY g.unit_id, g.year,
                                                               g.receipt_no IS NULL
                                                  ORDER BY g.ord))::text, 6, '0'))
             AS receipt
      FROM good g
      LEFT JOIN need ON g.receipt_no IS NULL AND need.unit_id = g.unit_id
                    AND need.year = g.year
      LEFT JOIN taken t ON t.unit_id = need.unit_id AND t.year = need.year
  ), ins AS (
    INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id,
                           village_id, kind, channel, field, group_size,
                           petitioner_name, petitioner_id_number,
                           petitioner_address, petitioner_contact, confidential,
                           summary, received_at, created_by, session_id,
                           deadline_rule_id, deadline_step, deadline_start, deadline,
                           lease_id, received_at_claimed, clock_skew, clock_suspect,
                           repeat_of_id)
    SELECT n.receipt, n.key, n.hash, n.unit_id, n.village_id, n.kind, n.channel,
           n.field, n.group_size, n.name, n.id_number, n.address, n.contact,
           n.confidential, n.summary, n.received_at, n.principal, n.session,
           n.rule, CASE WHEN n.rule IS NOT NULL THEN 'accept' END,
           CASE WHEN n.rule IS NOT NULL
                THEN (n.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
           CASE WHEN n.remote THEN n.deadline_remote ELSE n.deadline END,
           n.lease_id, n.claimed, nullif(n.skew, 0), coalesce(n.skew, 0) <> 0,
           n.repeat_id
      FROM numbered n ORDER BY n.ord
    RETURNING id, idempotency_key, unit_id, created_by, repeat_of_id
  ), ev AS (
    INSERT INTO petition_events (petition_id, unit_id, actor_id, action, to_status, changes)
    SELECT ins.id, ins.unit_id, ins.created_by, 'submit', 'received',
           CASE WHEN ins.repeat_of_id IS NOT NULL
                THEN jsonb_build_object('repeat_of', g.repeat_no) END
      FROM ins JOIN good g ON g.key = ins.idempotency_key
     ORDER BY ins.id
    RETURNING *
  ), sealed AS (
    -- Each new petition's chain starts here: its first event's link, from
    -- the event as stored (numbered, normalised), as td_event_seal makes
    -- it for every other event.
    INSERT INTO petition_event_chain (petition_id, seq, prev_hash, hash)
    SELECT e.petition_id, e.seq, td_chain_zero(),
           td_event_digest(td_chain_zero(), e.seq, e.petition_id, e.unit_id, e.actor_id,
                           e.at, e.action, e.from_status, e.to_status, e.note,
                           e.changes, e.decision_no)
      FROM ev e
    RETURNING petition_id, seq, hash
  ), heads AS (
    INSERT INTO petition_chain_heads (petition_id, seq, hash)
    SELECT s.petition_id, s.seq, s.hash FROM sealed s
  )
  SELECT array_agg(CASE WHEN ins.id IS NULL THEN t
                        ELSE (t.ord, t.principal, t.key, t.hash, t.unit_code, t.village,
                              t.kind, t.channel, t.field, t.group_size, t.name,
                              t.id_number, t.address, t.contact, t.confidential,
                              t.summary, t.received_at, t.session, t.calendar, t.rule,
                              t.deadline, t.deadline_remote, t.receipt_no,
                              t.workstation, t.claimed, t.skew, t.repeat_of,
                              t.candidates, 'created', ins.id, t.unit_id,
                              t.village_id, t.prefix, t.remote, t.year, t.lease_id,
                              t.repeat_id, t.repeat_no)::td_submit_item END
                   ORDER BY t.ord)
    INTO v_items
    FROM unnest(v_items) t LEFT JOIN ins ON ins.idempotency_key = t.key;
  PERFORM set_config('td.seal', '', true);

  -- The answers: the petition (created: prev_id is the new one), then the
  -- candidates of those that asked.
  -- (Each petition looked up by its id, whatever the plan thinks of the
  -- table's size: LATERAL, and OFFSET 0 so that the planner keeps it so.)
  RETURN QUERY
    SELECT t.ord, t.result, v.p
      FROM unnest(v_items) t
      LEFT JOIN LATERAL (SELECT x AS p FROM td_petition_v x
                          WHERE x.id = t.prev_id AND t.result IN ('created', 'duplicate')
                         OFFSET 0) v
             ON true
     ORDER BY t.ord;
  -- (Materialized: each asks td_repeat_candidates once, whatever the plan
  -- of the join with the view.)
  RETURN QUERY
    WITH found AS MATERIALIZED (
      SELECT t.ord, c.id, c.ord AS rank
        FROM unnest(v_items) t
       CROSS JOIN LATERAL td_repeat_candidates(t.prev_id) c
       WHERE t.candidates AND t.result IN ('created', 'duplicate')
         AND (t.id_number IS NOT NULL OR t.name IS NOT NULL))
    SELECT f.ord, 'candidate'::text, v.p
      FROM found f
     CROSS JOIN LATERAL (SELECT x AS p FROM td_petition_v x WHERE x.id = f.id OFFSET 0) v
     ORDER BY f.ord, f.rank;
END
$$;

-- One submission, as a batch of one: for an operator at psql and the
-- schema's tests. The server sends batches (td_submit_batch).
DROP FUNCTION IF EXISTS td_submit_petition(integer, uuid, bytea, text, text, text, text,
  text, integer, text, text, text, text, boolean, text, timestamptz, bigint, bigint,
  integer, date, date);
DROP FUNCTION IF EXISTS td_submit_petition(integer, uuid, bytea, text, text, text, text,
  text, integer, text, text, text, text, boolean, text, timestamptz, bigint, bigint,
  integer, date, date, text, uuid, timestamptz, bigint);
-- It was PL/pgSQL returning (result, petition) before schema 017.
DROP FUNCTION IF EXISTS td_submit_petition(integer, uuid, bytea, text, text, text, text,
  text, integer, text, text, text, text, boolean, text, timestamptz, bigint, bigint,
  integer, date, date, text, uuid, timestamptz, bigint, text, boolean);
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
LANGUAGE sql AS $$
  SELECT b.result, b.petition
    FROM td_submit_batch(ARRAY[p_principal], ARRAY[p_key], ARRAY[encode(p_hash, 'hex')],
                         ARRAY[p_unit_code], ARRAY[p_village], ARRAY[p_kind],
                         ARRAY[p_channel], ARRAY[p_field], ARRAY[p_group_size],
                         ARRAY[p_name], ARRAY[p_id_number], ARRAY[p_address],
                         ARRAY[p_contact], ARRAY[p_confidential], ARRAY[p_summary],
                         ARRAY[p_received_at], ARRAY[p_session], ARRAY[p_calendar],
                         ARRAY[p_rule], ARRAY[p_deadline], ARRAY[p_deadline_remote],
                         ARRAY[p_receipt_no], ARRAY[p_workstation], ARRAY[p_claimed],
                         ARRAY[p_skew], ARRAY[p_repeat_of], ARRAY[p_candidates]) b
$$;
