-- Lifecycle: the calendar's version, the one function every state change
-- goes through, and the reload of a year's holidays with the deadlines it
-- moves.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

CREATE OR REPLACE FUNCTION td_calendar_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_state SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER deadline_rules_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON deadline_rules FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();
CREATE OR REPLACE TRIGGER public_holidays_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON public_holidays FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();
CREATE OR REPLACE TRIGGER calendar_working_days_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON calendar_working_days FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();
CREATE OR REPLACE TRIGGER calendar_years_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON calendar_years FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();

-- The fields that differ between two versions of a row, as a JSON object of
-- their new values: what an event records as "changed".
CREATE OR REPLACE FUNCTION td_row_changes(p_old jsonb, p_new jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb)
  FROM jsonb_each(p_new) n
  WHERE n.key NOT IN ('version', 'updated_at')
    AND p_old -> n.key IS DISTINCT FROM n.value
$$;

-- Every change of a petition's life goes through here, in one statement: the
-- server has already checked that the action is lawful from the state it
-- read (domain/lifecycle.c) and computed any new deadline
-- (domain/deadline.c); this re-checks, under the row lock, that nothing
-- changed since (expected version, calendar version), applies the change and
-- records the event with the fields that changed.
--
-- result: ok | conflict | stale_calendar | duplicate | key_conflict
--
-- p_key (Transition.idempotency_key) and p_hash (the SHA-256 of the request)
-- are recorded on the step's last event. A step whose key is recorded
-- already is not applied again: 'duplicate' with the first step's event when
-- the request is the same, 'key_conflict' when it is not. The server looks
-- the key up before it reads the petition; this check, under the key's lock
-- and the row's, settles two copies of one step that raced past it.
-- p_claimed and p_skew record a workstation clock found more than 5 minutes
-- off: the time it claimed and how far off it was (p_at is corrected).
--
-- A resolve of an accepted petition is the start of work and the resolution
-- in one: a 'start' event (accepted -> in_progress) is recorded first, then
-- the 'resolve' (in_progress -> resolved), in the same transaction and under
-- the same expected version, so a retry can record neither twice.
--
-- p_especially_complex (accept, extend) records the case as especially
-- complex; it came with schema 011, so the signature before it goes, and a
-- caller that does not know it records nothing.
--
-- p_finding (resolve of a complaint or denunciation: the server checked the
-- kind) is what the resolution found; a reopen clears it with the outcome.
-- p_repeat_of (note) marks the petition as repeating that earlier one
-- (td_repeat_target); the version does not move, as for any note, and the
-- event's changes name it by its receipt number.
--
-- result also: unknown_finding | repeat_not_found | repeat_not_older
--              | repeat_secret | repeat_self
DROP FUNCTION IF EXISTS td_apply_transition(integer, bigint, integer, bigint, text, text,
  timestamptz, text, text, text, text, boolean, text, boolean, date, integer, text, date,
  integer);
-- The key, its hash, the claimed time and the skew came with schema 014.
DROP FUNCTION IF EXISTS td_apply_transition(integer, bigint, integer, bigint, text, text,
  timestamptz, text, text, text, text, boolean, text, boolean, date, integer, text, date,
  integer, boolean);
-- The finding and the repeat came with schema 015.
DROP FUNCTION IF EXISTS td_apply_transition(integer, bigint, integer, bigint, text, text,
  timestamptz, text, text, text, text, boolean, text, boolean, date, integer, text, date,
  integer, boolean, uuid, bytea, timestamptz, bigint);
CREATE OR REPLACE FUNCTION td_apply_transition(
  p_principal   integer,
  p_id          bigint,
  p_expected    integer,
  p_calendar    bigint,
  p_action      text,
  p_to_status   text,
  p_at          timestamptz,
  p_note        text,
  p_transfer    text,
  p_outcome     text,
  p_satisfaction text,
  p_complex     boolean,
  p_decision_no text,
  p_set_deadline boolean,
  p_deadline    date,
  p_rule        integer,
  p_step        text,
  p_start       date,
  p_extensions  integer,
  p_especially_complex boolean DEFAULT false,
  p_key         uuid DEFAULT NULL,
  p_hash        bytea DEFAULT NULL,
  p_claimed     timestamptz DEFAULT NULL,
  p_skew        bigint DEFAULT NULL,
  p_finding     text DEFAULT NULL,
  p_repeat_of   text DEFAULT NULL
) RETURNS TABLE (result text, petition td_petition_v, event_seq bigint)
LANGUAGE plpgsql
-- Every table it reads is read by key: no plan cached while the tables
-- were small may read a whole table later, and no JIT (see td_submit_batch).
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
  v_old petitions%ROWTYPE;
  v_new petitions%ROWTYPE;
  v_seq bigint;
  v_from text;
  v_closing boolean := p_to_status IN ('not_accepted', 'transferred', 'resolved', 'withdrawn');
  v_first petition_events%ROWTYPE;
  v_repeat record;
  v_changes jsonb;
BEGIN
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_key::text, 0));
    SELECT * INTO v_first FROM petition_events WHERE idempotency_key = p_key;
    IF FOUND THEN
      RETURN QUERY SELECT CASE WHEN v_first.request_hash = p_hash AND v_first.petition_id = p_id
                               THEN 'duplicate' ELSE 'key_conflict' END,
                          v, v_first.seq
                   FROM td_petition_v v WHERE v.id = v_first.petition_id;
      RETURN;
    END IF;
  END IF;
  SELECT * INTO v_old FROM petitions WHERE id = p_id FOR UPDATE;
  IF NOT FOUND OR (p_action <> 'note' AND v_old.version <> p_expected) THEN
    RETURN QUERY SELECT 'conflict'::text, NULL::td_petition_v, NULL::bigint;
    RETURN;
  END IF;
  IF p_set_deadline AND p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN QUERY SELECT 'stale_calendar'::text, NULL::td_petition_v, NULL::bigint;
    RETURN;
  END IF;
  IF p_finding IS NOT NULL AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.code = p_finding) THEN
    RETURN QUERY SELECT 'unknown_finding'::text, NULL::td_petition_v, NULL::bigint;
    RETURN;
  END IF;
  IF p_repeat_of IS NOT NULL THEN
    SELECT * INTO v_repeat
      FROM td_repeat_target(td_unit_current(v_old.unit_id), p_repeat_of, v_old.received_at,
                            v_old.kind = 'denunciation' OR v_old.confidential, p_id);
    IF v_repeat.result <> 'ok' THEN
      RETURN QUERY SELECT v_repeat.result, NULL::td_petition_v, NULL::bigint;
      RETURN;
    END IF;
  END IF;

  v_from := v_old.status;
  IF p_action = 'resolve' AND v_old.status = 'accepted' THEN
    INSERT INTO petition_events (petition_id, unit_id, actor_id, action,
                                 from_status, to_status, note, changes)
    VALUES (p_id, v_old.unit_id, p_principal, 'start', 'accepted', 'in_progress',
            NULL, jsonb_build_object('status', 'in_progress'));
    v_from := 'in_progress';
  END IF;

  IF p_action <> 'note' THEN
    UPDATE petitions SET
      status          = p_to_status,
      accepted_at     = CASE WHEN p_action = 'accept' THEN p_at ELSE accepted_at END,
      closed_at       = CASE WHEN v_closing THEN p_at
                             WHEN p_action = 'reopen' THEN NULL ELSE closed_at END,
      outcome         = CASE WHEN p_action = 'resolve' THEN p_outcome
                             WHEN p_action = 'reopen' THEN NULL ELSE outcome END,
      finding         = CASE WHEN p_action = 'resolve' THEN p_finding
                             WHEN p_action = 'reopen' THEN NULL ELSE finding END,
      transfer_target = coalesce(p_transfer, transfer_target),
      satisfaction    = CASE WHEN p_satisfaction IS NOT NULL THEN p_satisfaction
                             WHEN p_action = 'reopen' THEN NULL ELSE satisfaction END,
      complex         = CASE WHEN p_action = 'accept' THEN coalesce(p_complex, false)
                             ELSE complex END,
      especially_complex = especially_complex OR coalesce(p_especially_complex, false),
      decision_no     = coalesce(p_decision_no, decision_no),
      note            = CASE WHEN p_action IN ('reject', 'transfer', 'withdraw', 'reopen')
                             THEN p_note ELSE note END,
      deadline        = CASE WHEN p_set_deadline THEN p_deadline ELSE deadline END,
      deadline_rule_id = CASE WHEN p_set_deadline THEN p_rule ELSE deadline_rule_id END,
      deadline_step   = CASE WHEN p_set_deadline THEN p_step ELSE deadline_step END,
      deadline_start  = CASE WHEN p_set_deadline THEN p_start ELSE deadline_start END,
      extensions      = CASE WHEN p_set_deadline THEN p_extensions ELSE extensions END,
      version         = version + 1,
      updated_at      = now()
    WHERE id = p_id
    RETURNING * INTO v_new;
  ELSIF p_repeat_of IS NOT NULL THEN
    UPDATE petitions SET repeat_of_id = v_repeat.id, updated_at = now()
    WHERE id = p_id
    RETURNING * INTO v_new;
  ELSE
    v_new := v_old;
  END IF;

  -- The earlier petition by its receipt number, as the officer knows it.
  v_changes := td_row_changes(to_jsonb(v_old), to_jsonb(v_new)) - 'repeat_of_id';
  IF p_repeat_of IS NOT NULL THEN
    v_changes := v_changes || jsonb_build_object('repeat_of', v_repeat.receipt_no);
  END IF;
  INSERT INTO petition_events (petition_id, unit_id, actor_id, action,
                               from_status, to_status, note, changes, decision_no,
                               idempotency_key, request_hash, claimed_at, clock_skew)
  VALUES (p_id, v_old.unit_id, p_principal, p_action, v_from, v_new.status,
          p_note, v_changes, p_decision_no,
          p_key, p_hash, p_claimed, p_skew)
  RETURNING seq INTO v_seq;

  RETURN QUERY SELECT 'ok'::text, v, v_seq FROM td_petition_v v WHERE v.id = p_id;
END
$$;

-- Replaces one year's days off and weekend working days with the
-- Government's announcement, marks the year confirmed by p_principal, and
-- returns the open petitions whose deadline the server must recompute.
DROP FUNCTION IF EXISTS td_load_holidays(integer, date[], text[]);
CREATE OR REPLACE FUNCTION td_load_holidays(p_principal integer, p_year integer,
                                            p_days date[], p_names text[],
                                            p_sources text[], p_work_days date[],
                                            p_work_names text[], p_work_sources text[],
                                            p_source text)
RETURNS TABLE (calendar bigint, id bigint, version integer, kind text, step text,
               start date, remote boolean, complex boolean, extensions integer,
               rule integer, deadline date)
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM public_holidays WHERE extract(year FROM day) = p_year;
  INSERT INTO public_holidays (day, name, source)
  SELECT d, n, s FROM unnest(p_days, p_names, p_sources) AS h(d, n, s);
  DELETE FROM calendar_working_days WHERE extract(year FROM day) = p_year;
  INSERT INTO calendar_working_days (day, name, source)
  SELECT d, n, s FROM unnest(p_work_days, p_work_names, p_work_sources) AS w(d, n, s);
  INSERT INTO calendar_years AS y (year, status, confirmed_by, confirmed_at, source)
  VALUES (p_year, 'confirmed', p_principal, now(), p_source)
  ON CONFLICT (year) DO UPDATE
    SET status = 'confirmed', confirmed_by = excluded.confirmed_by,
        confirmed_at = excluded.confirmed_at, source = excluded.source;
  RETURN QUERY
  SELECT (SELECT c.version FROM calendar_state c), p.id, p.version, p.kind,
         p.deadline_step, p.deadline_start, u.remote_area, p.complex,
         p.extensions, p.deadline_rule_id, p.deadline
  FROM petitions p JOIN units u ON u.id = p.unit_id
  WHERE p.status IN ('received', 'accepted', 'in_progress')
    AND p.deadline_rule_id IS NOT NULL
  ORDER BY p.id;
END
$$;

-- Gives every year of p_years that has no calendar yet the provisional days
-- the server computed (p_days, p_names: those of all the years asked), with
-- p_source, and returns the years it created. A year that has a calendar,
-- provisional or confirmed, is left as it is; two servers asking at once
-- create it once (the second waits on the first's row, then skips it).
CREATE OR REPLACE FUNCTION td_calendar_ensure(p_years integer[], p_days date[],
                                              p_names text[], p_source text)
RETURNS SETOF integer
LANGUAGE plpgsql AS $$
DECLARE
  v_year integer;
BEGIN
  FOREACH v_year IN ARRAY p_years LOOP
    -- Checked first so that a year held already changes nothing, not even
    -- the calendar's version (the insert's statement trigger would bump it).
    CONTINUE WHEN EXISTS (SELECT 1 FROM calendar_years y WHERE y.year = v_year);
    INSERT INTO calendar_years (year, status, source)
    VALUES (v_year, 'provisional', p_source)
    ON CONFLICT (year) DO NOTHING;
    CONTINUE WHEN NOT FOUND;
    INSERT INTO public_holidays (day, name, source)
    SELECT d, n, p_source FROM unnest(p_days, p_names) AS h(d, n)
    WHERE extract(year FROM d) = v_year
    ON CONFLICT (day) DO NOTHING;
    RETURN NEXT v_year;
  END LOOP;
END
$$;

-- Every year's calendar from p_from on, as rows an administrator reads: one
-- 'year' row (status, who confirmed it and when, source), then its days off
-- ('off') and its weekend working days ('work'), by day.
CREATE OR REPLACE FUNCTION td_calendar_list(p_from integer)
RETURNS TABLE (year integer, status text, confirmed_by text, confirmed_at bigint,
               source text, what text, day date, name text, day_source text)
LANGUAGE sql STABLE AS $$
  SELECT * FROM (
    SELECT y.year, y.status, pr.name AS confirmed_by,
           extract(epoch FROM y.confirmed_at)::bigint AS confirmed_at, y.source,
           'year' AS what, NULL::date AS day, NULL::text AS name,
           NULL::text AS day_source
    FROM calendar_years y LEFT JOIN principals pr ON pr.id = y.confirmed_by
    WHERE y.year >= p_from
    UNION ALL
    SELECT extract(year FROM h.day)::integer, NULL, NULL, NULL, NULL, 'off',
           h.day, h.name, h.source
    FROM public_holidays h
    WHERE h.day >= make_date(p_from, 1, 1)
    UNION ALL
    SELECT extract(year FROM w.day)::integer, NULL, NULL, NULL, NULL, 'work',
           w.day, w.name, w.source
    FROM calendar_working_days w
    WHERE w.day >= make_date(p_from, 1, 1)
  ) r
  ORDER BY r.year, CASE r.what WHEN 'year' THEN 0 WHEN 'off' THEN 1 ELSE 2 END, r.day
$$;

-- Stores recomputed deadlines, each with an event saying why it moved. A
-- petition that changed meanwhile is skipped: its own change used the new
-- calendar already.
CREATE OR REPLACE FUNCTION td_store_recomputed(p_principal integer, p_calendar bigint,
                                               p_note text, p_ids bigint[],
                                               p_versions integer[], p_deadlines date[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
BEGIN
  IF p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN -1;
  END IF;
  WITH r AS (
    SELECT * FROM unnest(p_ids, p_versions, p_deadlines) AS r(id, version, deadline)
  ), old AS (
    SELECT p.* FROM petitions p JOIN r USING (id)
    WHERE p.version = r.version FOR UPDATE OF p
  ), upd AS (
    UPDATE petitions p SET deadline = r.deadline, version = p.version + 1,
                           updated_at = now()
    FROM r, old
    WHERE p.id = r.id AND old.id = r.id
    RETURNING p.id, p.unit_id, p.status, old.deadline AS was, p.deadline AS now
  ), ev AS (
    INSERT INTO petition_events (petition_id, unit_id, actor_id, action,
                                 from_status, to_status, note, changes)
    SELECT id, unit_id, p_principal, 'recompute', status, status,
           p_note || ': ' || coalesce(was::text, '-') || ' -> ' || now::text,
           jsonb_build_object('deadline', now)
    FROM upd
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM ev;
  RETURN v_count;
END
$$;
