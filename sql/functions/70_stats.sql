-- Statistics: a petition's cell, the trigger that keeps stat_cells and
-- stat_rollup_pending in the transaction that changes a petition, the
-- recount views they must always equal (the tests' oracles), the running
-- totals of the rollup and the triggers that keep them, the fold into the
-- province rollup, a full rebuild, and the figures of a province or the
-- nation read from the rollup.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- The one definition of a petition's cell, used by the trigger and the recount.
-- PL/pgSQL: its one expression is compiled once per session and evaluated
-- directly for each row, where an SQL function that cannot be inlined (the
-- planner does not inline it on a transition table's rows) would start an
-- executor per row.
CREATE OR REPLACE FUNCTION td_stat_key(p petitions) RETURNS td_stat_key
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN ROW(
    p.unit_id,
    date_trunc('month', p.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    p.kind,
    p.channel,
    coalesce(p.field, ''),
    p.status,
    coalesce(p.outcome, ''),
    -- On time: closed on or before the deadline (none: on time).
    p.status = 'resolved'
      AND (p.deadline IS NULL
           OR (p.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= p.deadline),
    p.group_size >= 5,
    p.accepted_at IS NOT NULL,
    CASE WHEN p.status IN ('received', 'accepted', 'in_progress')
         THEN coalesce(p.deadline, 'infinity'::date)
         ELSE 'infinity'::date END
  )::td_stat_key;
END
$$;

-- Adds d to a cell. An increment may create the cell; a decrement must find
-- it (PostgreSQL checks n >= 0 on the row an upsert proposes, before the
-- conflict, so a decrement cannot be an upsert) and a missing cell means the
-- aggregates were broken, which is refused rather than hidden.
CREATE OR REPLACE FUNCTION td_stat_add(k td_stat_key, d integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF d > 0 THEN
    INSERT INTO stat_cells AS s
    VALUES (k.unit_id, k.month, k.kind, k.channel, k.field, k.status,
            k.outcome, k.on_time, k.grp, k.accepted, k.deadline, d)
    ON CONFLICT (unit_id, month, kind, channel, field, status, outcome,
                 on_time, grp, accepted, deadline)
    DO UPDATE SET n = s.n + excluded.n;
    RETURN;
  END IF;
  UPDATE stat_cells s SET n = s.n + d
  WHERE s.unit_id = k.unit_id AND s.month = k.month AND s.kind = k.kind
    AND s.channel = k.channel AND s.field = k.field AND s.status = k.status
    AND s.outcome = k.outcome AND s.on_time = k.on_time AND s.grp = k.grp
    AND s.accepted = k.accepted AND s.deadline = k.deadline;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stat_cells has no cell for a petition being changed'
      USING ERRCODE = 'data_corrupted';
  END IF;
END
$$;

-- The deadline under which stat_rollup_open counts an open petition.
CREATE OR REPLACE FUNCTION td_stat_bucket(p_deadline date) RETURNS date
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_deadline < (SELECT day FROM stat_rollup_day)
              THEN '-infinity'::date ELSE p_deadline END
$$;

-- The one definition of what a petition in cell k adds to each measure,
-- times d (1 when it enters the cell, -1 when it leaves). PL/pgSQL, as
-- td_stat_key: called from FROM in a trigger, an SQL function returning a
-- row is not inlined, and was parsed and planned again at every call.
CREATE OR REPLACE FUNCTION td_stat_measures(k td_stat_key, d integer)
RETURNS stat_rollup_pending
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN ROW(
    (SELECT u.province_id FROM units u WHERE u.id = k.unit_id),
    k.month, k.deadline,
    d,
    d * k.accepted::int,
    d * (k.status = 'not_accepted')::int,
    d * (k.status = 'transferred')::int,
    d * (k.status = 'resolved')::int,
    d * (k.outcome = 'answered_in_writing')::int,
    d * (k.outcome = 'mediated_successfully')::int,
    d * (k.outcome = 'mediation_failed')::int,
    d * (k.outcome = 'decision_issued')::int,
    d * (k.status = 'withdrawn')::int,
    d * (k.status = 'resolved' AND k.on_time)::int,
    d * (k.status = 'resolved' AND NOT k.on_time)::int,
    d * (k.status IN ('received', 'accepted', 'in_progress'))::int,
    d * k.grp::int
  )::stat_rollup_pending;
END
$$;

CREATE OR REPLACE FUNCTION td_stat_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_old td_stat_key;
  v_new td_stat_key;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    v_old := td_stat_key(OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    v_new := td_stat_key(NEW);
  END IF;
  IF v_old IS NOT DISTINCT FROM v_new THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM td_stat_add(v_old, -1);
    INSERT INTO stat_rollup_pending SELECT m.* FROM td_stat_measures(v_old, -1) m;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM td_stat_add(v_new, 1);
    INSERT INTO stat_rollup_pending SELECT m.* FROM td_stat_measures(v_new, 1) m;
  END IF;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER petitions_stats AFTER UPDATE OR DELETE ON petitions
  FOR EACH ROW EXECUTE FUNCTION td_stat_track();

-- New petitions are counted per statement: a batch of submissions (group
-- commit, td_submit_batch) adds to each of its cells once, with the count
-- of its petitions there, and appends one pending rollup row per province,
-- month and deadline, so a batch takes each hot row once, not once per
-- petition.
CREATE OR REPLACE FUNCTION td_stat_track_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_cells AS s
  SELECT (c.k).unit_id, (c.k).month, (c.k).kind, (c.k).channel, (c.k).field,
         (c.k).status, (c.k).outcome, (c.k).on_time, (c.k).grp, (c.k).accepted,
         (c.k).deadline, c.n
    FROM (SELECT td_stat_key(p) AS k, count(*) AS n FROM td_new_petitions p
           GROUP BY 1 ORDER BY 1) c
  ON CONFLICT (unit_id, month, kind, channel, field, status, outcome,
               on_time, grp, accepted, deadline)
  DO UPDATE SET n = s.n + excluded.n;
  -- The measures of each cell once, times its count.
  INSERT INTO stat_rollup_pending
  -- (In FROM, so that it runs once per cell: (f()).col in a select list
  -- would call f once per column.)
  SELECT m.province_id, m.month, m.deadline, sum(m.received),
         sum(m.accepted), sum(m.not_accepted), sum(m.transferred),
         sum(m.resolved), sum(m.answered_in_writing),
         sum(m.mediated_successfully), sum(m.mediation_failed),
         sum(m.decision_issued), sum(m.withdrawn), sum(m.resolved_on_time),
         sum(m.resolved_late), sum(m.open), sum(m.group_petitions)
    FROM (SELECT td_stat_key(p) AS k, count(*) AS n FROM td_new_petitions p
           GROUP BY 1) c
   CROSS JOIN LATERAL td_stat_measures(c.k, c.n::integer) m
   GROUP BY 1, 2, 3;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER petitions_stats_insert AFTER INSERT ON petitions
  REFERENCING NEW TABLE AS td_new_petitions
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_track_insert();

-- What stat_cells must hold, counted from the petitions themselves: for
-- tests and for an operator who wants to check.
CREATE OR REPLACE VIEW td_stat_recount AS
SELECT (k).unit_id, (k).month, (k).kind, (k).channel, (k).field, (k).status,
       (k).outcome, (k).on_time, (k).grp, (k).accepted, (k).deadline,
       count(*) AS n
FROM (SELECT td_stat_key(p) AS k FROM petitions p) c
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

-- What stat_rollup plus stat_rollup_pending, and stat_rollup_open plus the
-- open ones pending, must add up to, from the petitions themselves.
CREATE OR REPLACE VIEW td_stat_rollup_exact AS
SELECT m.province_id, m.month, m.deadline,
       sum(m.received) AS received, sum(m.accepted) AS accepted,
       sum(m.not_accepted) AS not_accepted, sum(m.transferred) AS transferred,
       sum(m.resolved) AS resolved,
       sum(m.answered_in_writing) AS answered_in_writing,
       sum(m.mediated_successfully) AS mediated_successfully,
       sum(m.mediation_failed) AS mediation_failed,
       sum(m.decision_issued) AS decision_issued,
       sum(m.withdrawn) AS withdrawn,
       sum(m.resolved_on_time) AS resolved_on_time,
       sum(m.resolved_late) AS resolved_late, sum(m.open) AS open,
       sum(m.group_petitions) AS group_petitions
FROM td_stat_recount r,
     LATERAL td_stat_measures(ROW(r.unit_id, r.month, r.kind, r.channel,
                                  r.field, r.status, r.outcome, r.on_time,
                                  r.grp, r.accepted, r.deadline)::td_stat_key,
                              r.n::int) m
GROUP BY 1, 2, 3;

CREATE OR REPLACE VIEW td_stat_rollup_recount AS
SELECT province_id, month,
       sum(received) AS received, sum(accepted) AS accepted,
       sum(not_accepted) AS not_accepted, sum(transferred) AS transferred,
       sum(resolved) AS resolved,
       sum(answered_in_writing) AS answered_in_writing,
       sum(mediated_successfully) AS mediated_successfully,
       sum(mediation_failed) AS mediation_failed,
       sum(decision_issued) AS decision_issued, sum(withdrawn) AS withdrawn,
       sum(resolved_on_time) AS resolved_on_time,
       sum(resolved_late) AS resolved_late, sum(open) AS open,
       sum(group_petitions) AS group_petitions
FROM td_stat_rollup_exact GROUP BY 1, 2;

CREATE OR REPLACE VIEW td_stat_rollup_open_recount AS
SELECT province_id, month, td_stat_bucket(deadline) AS deadline,
       sum(open) AS open
FROM td_stat_rollup_exact WHERE open <> 0 GROUP BY 1, 2, 3;

-- The running totals (stat_rollup_cum) ------------------------------------

-- Adds the changes p_d, each at its province and month, to the running
-- totals: to the row at that month (made first if missing, with the totals
-- the months before it had) and to every later row of the province.
CREATE OR REPLACE FUNCTION td_stat_cum_add(p_d stat_rollup_cum[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_rollup_cum
  SELECT k.province_id, k.month,
         coalesce(b.received, 0), coalesce(b.accepted, 0),
         coalesce(b.not_accepted, 0), coalesce(b.transferred, 0),
         coalesce(b.resolved, 0), coalesce(b.answered_in_writing, 0),
         coalesce(b.mediated_successfully, 0),
         coalesce(b.mediation_failed, 0), coalesce(b.decision_issued, 0),
         coalesce(b.withdrawn, 0), coalesce(b.resolved_on_time, 0),
         coalesce(b.resolved_late, 0), coalesce(b.open, 0),
         coalesce(b.group_petitions, 0), coalesce(b.overdue, 0)
  FROM (SELECT DISTINCT province_id, month FROM unnest(p_d)) k
  LEFT JOIN LATERAL (
    SELECT * FROM stat_rollup_cum c
    WHERE c.province_id = k.province_id AND c.month < k.month
    ORDER BY c.month DESC LIMIT 1) b ON true
  ON CONFLICT (province_id, month) DO NOTHING;
  UPDATE stat_rollup_cum c SET
    received = c.received + s.received,
    accepted = c.accepted + s.accepted,
    not_accepted = c.not_accepted + s.not_accepted,
    transferred = c.transferred + s.transferred,
    resolved = c.resolved + s.resolved,
    answered_in_writing = c.answered_in_writing + s.answered_in_writing,
    mediated_successfully = c.mediated_successfully + s.mediated_successfully,
    mediation_failed = c.mediation_failed + s.mediation_failed,
    decision_issued = c.decision_issued + s.decision_issued,
    withdrawn = c.withdrawn + s.withdrawn,
    resolved_on_time = c.resolved_on_time + s.resolved_on_time,
    resolved_late = c.resolved_late + s.resolved_late,
    open = c.open + s.open,
    group_petitions = c.group_petitions + s.group_petitions,
    overdue = c.overdue + s.overdue
  -- The changes summed up to each changed month, valid until the next
  -- changed month of the province: every row matches one, so the work is
  -- the rows that move, not rows times changes.
  FROM (SELECT province_id, month AS first,
               lead(month, 1, 'infinity'::date) OVER w AS next,
               sum(sum(received)) OVER w AS received,
               sum(sum(accepted)) OVER w AS accepted,
               sum(sum(not_accepted)) OVER w AS not_accepted,
               sum(sum(transferred)) OVER w AS transferred,
               sum(sum(resolved)) OVER w AS resolved,
               sum(sum(answered_in_writing)) OVER w AS answered_in_writing,
               sum(sum(mediated_successfully)) OVER w AS mediated_successfully,
               sum(sum(mediation_failed)) OVER w AS mediation_failed,
               sum(sum(decision_issued)) OVER w AS decision_issued,
               sum(sum(withdrawn)) OVER w AS withdrawn,
               sum(sum(resolved_on_time)) OVER w AS resolved_on_time,
               sum(sum(resolved_late)) OVER w AS resolved_late,
               sum(sum(open)) OVER w AS open,
               sum(sum(group_petitions)) OVER w AS group_petitions,
               sum(sum(overdue)) OVER w AS overdue
        FROM unnest(p_d)
        GROUP BY province_id, month
        WINDOW w AS (PARTITION BY province_id ORDER BY month)) s
  WHERE c.province_id = s.province_id
    AND c.month >= s.first AND c.month < s.next;
END
$$;

-- What a row of stat_rollup, or of stat_rollup_open, adds to the running
-- totals at its month, times p_sign (1 entering, -1 leaving).
CREATE OR REPLACE FUNCTION td_stat_cum_delta(r stat_rollup, p_sign integer)
RETURNS stat_rollup_cum
LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(r.province_id, r.month,
             p_sign * r.received, p_sign * r.accepted,
             p_sign * r.not_accepted, p_sign * r.transferred,
             p_sign * r.resolved, p_sign * r.answered_in_writing,
             p_sign * r.mediated_successfully, p_sign * r.mediation_failed,
             p_sign * r.decision_issued, p_sign * r.withdrawn,
             p_sign * r.resolved_on_time, p_sign * r.resolved_late,
             p_sign * r.open, p_sign * r.group_petitions, 0)::stat_rollup_cum
$$;

-- Only the overdue row (-infinity) of a month counts in the running totals:
-- the others are few and read by deadline.
CREATE OR REPLACE FUNCTION td_stat_cum_delta(r stat_rollup_open, p_sign integer)
RETURNS stat_rollup_cum
LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(r.province_id, r.month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             CASE WHEN r.deadline = '-infinity' THEN p_sign * r.open
                  ELSE 0 END)::stat_rollup_cum
$$;

-- What stat_rollup_cum must hold, from stat_rollup and stat_rollup_open: a
-- row at every month either has figures for, with the sums up to it.
CREATE OR REPLACE VIEW td_stat_rollup_cum_recount AS
SELECT province_id, month,
       sum(sum(received)) OVER w AS received,
       sum(sum(accepted)) OVER w AS accepted,
       sum(sum(not_accepted)) OVER w AS not_accepted,
       sum(sum(transferred)) OVER w AS transferred,
       sum(sum(resolved)) OVER w AS resolved,
       sum(sum(answered_in_writing)) OVER w AS answered_in_writing,
       sum(sum(mediated_successfully)) OVER w AS mediated_successfully,
       sum(sum(mediation_failed)) OVER w AS mediation_failed,
       sum(sum(decision_issued)) OVER w AS decision_issued,
       sum(sum(withdrawn)) OVER w AS withdrawn,
       sum(sum(resolved_on_time)) OVER w AS resolved_on_time,
       sum(sum(resolved_late)) OVER w AS resolved_late,
       sum(sum(open)) OVER w AS open,
       sum(sum(group_petitions)) OVER w AS group_petitions,
       sum(sum(overdue)) OVER w AS overdue
FROM (SELECT d.* FROM stat_rollup r, LATERAL td_stat_cum_delta(r, 1) d
      UNION ALL
      SELECT d.* FROM stat_rollup_open o, LATERAL td_stat_cum_delta(o, 1) d
      WHERE o.deadline = '-infinity') d
GROUP BY province_id, month
WINDOW w AS (PARTITION BY province_id ORDER BY month);

-- The triggers that keep the running totals: whatever statement changes
-- stat_rollup or stat_rollup_open adds the rows it wrote and takes away
-- the rows it replaced or deleted, as its transition tables (n, o) hold
-- them. PostgreSQL gives transition tables to a trigger of one event only,
-- and plans a statement of plpgsql when it first runs, so each event's
-- statement names only the tables its trigger has.
CREATE OR REPLACE FUNCTION td_stat_cum_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_d stat_rollup_cum[];
BEGIN
  IF TG_TABLE_NAME = 'stat_rollup' AND TG_OP = 'INSERT' THEN
    v_d := ARRAY(SELECT td_stat_cum_delta(n::stat_rollup, 1) FROM n);
  ELSIF TG_TABLE_NAME = 'stat_rollup' AND TG_OP = 'DELETE' THEN
    v_d := ARRAY(SELECT td_stat_cum_delta(o::stat_rollup, -1) FROM o);
  ELSIF TG_TABLE_NAME = 'stat_rollup' THEN
    v_d := ARRAY(SELECT td_stat_cum_delta(n::stat_rollup, 1) FROM n
                 UNION ALL
                 SELECT td_stat_cum_delta(o::stat_rollup, -1) FROM o);
  ELSIF TG_OP = 'INSERT' THEN
    v_d := ARRAY(SELECT td_stat_cum_delta(n::stat_rollup_open, 1) FROM n
                 WHERE n.deadline = '-infinity');
  ELSIF TG_OP = 'DELETE' THEN
    v_d := ARRAY(SELECT td_stat_cum_delta(o::stat_rollup_open, -1) FROM o
                 WHERE o.deadline = '-infinity');
  ELSE
    v_d := ARRAY(SELECT td_stat_cum_delta(n::stat_rollup_open, 1) FROM n
                 WHERE n.deadline = '-infinity'
                 UNION ALL
                 SELECT td_stat_cum_delta(o::stat_rollup_open, -1) FROM o
                 WHERE o.deadline = '-infinity');
  END IF;
  IF cardinality(v_d) > 0 THEN
    PERFORM td_stat_cum_add(v_d);
  END IF;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER stat_rollup_cum_ins AFTER INSERT ON stat_rollup
  REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();
CREATE OR REPLACE TRIGGER stat_rollup_cum_upd AFTER UPDATE ON stat_rollup
  REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();
CREATE OR REPLACE TRIGGER stat_rollup_cum_del AFTER DELETE ON stat_rollup
  REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();
CREATE OR REPLACE TRIGGER stat_rollup_open_cum_ins AFTER INSERT ON stat_rollup_open
  REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();
CREATE OR REPLACE TRIGGER stat_rollup_open_cum_upd AFTER UPDATE ON stat_rollup_open
  REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();
CREATE OR REPLACE TRIGGER stat_rollup_open_cum_del AFTER DELETE ON stat_rollup_open
  REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION td_stat_cum_track();

-- Moves the pending changes into stat_rollup and stat_rollup_open in one
-- transaction; on the first fold of a day, first gathers the deadlines that
-- have passed into the overdue row; drops the rows nothing counts in any
-- more. One fold at a time; returns how many pending rows it moved (0 when
-- another fold is running).
CREATE OR REPLACE FUNCTION td_stat_fold() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
  v_moved bigint;
  v_empty td_rollup_key[];
  v_none  td_rollup_key[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('td_stat_fold')) THEN
    RETURN 0;
  END IF;
  IF (SELECT day FROM stat_rollup_day) < v_today THEN
    UPDATE stat_rollup_day SET day = v_today;
    WITH passed AS (
      DELETE FROM stat_rollup_open
      WHERE deadline < v_today AND deadline > '-infinity'::date RETURNING *)
    INSERT INTO stat_rollup_open AS o
    SELECT province_id, month, '-infinity'::date, sum(open)
    FROM passed GROUP BY 1, 2
    ON CONFLICT (province_id, month, deadline)
    DO UPDATE SET open = o.open + excluded.open;
  END IF;
  WITH d AS (DELETE FROM stat_rollup_pending RETURNING *),
  up AS (
    INSERT INTO stat_rollup AS r
    SELECT province_id, month,
           sum(received), sum(accepted), sum(not_accepted), sum(transferred),
           sum(resolved), sum(answered_in_writing),
           sum(mediated_successfully), sum(mediation_failed),
           sum(decision_issued), sum(withdrawn), sum(resolved_on_time),
           sum(resolved_late), sum(open), sum(group_petitions)
    FROM d GROUP BY 1, 2
    ON CONFLICT (province_id, month) DO UPDATE SET
      received = r.received + excluded.received,
      accepted = r.accepted + excluded.accepted,
      not_accepted = r.not_accepted + excluded.not_accepted,
      transferred = r.transferred + excluded.transferred,
      resolved = r.resolved + excluded.resolved,
      answered_in_writing = r.answered_in_writing + excluded.answered_in_writing,
      mediated_successfully = r.mediated_successfully + excluded.mediated_successfully,
      mediation_failed = r.mediation_failed + excluded.mediation_failed,
      decision_issued = r.decision_issued + excluded.decision_issued,
      withdrawn = r.withdrawn + excluded.withdrawn,
      resolved_on_time = r.resolved_on_time + excluded.resolved_on_time,
      resolved_late = r.resolved_late + excluded.resolved_late,
      open = r.open + excluded.open,
      group_petitions = r.group_petitions + excluded.group_petitions
    RETURNING r.province_id, r.month, r.received),
  op AS (
    INSERT INTO stat_rollup_open AS o
    SELECT province_id, month, td_stat_bucket(deadline), sum(open)
    FROM d WHERE open <> 0 GROUP BY 1, 2, 3
    ON CONFLICT (province_id, month, deadline)
    DO UPDATE SET open = o.open + excluded.open
    RETURNING o.province_id, o.month, o.deadline, o.open)
  SELECT (SELECT count(*) FROM d),
         (SELECT array_agg(ROW(province_id, month, NULL)::td_rollup_key)
            FROM up WHERE received = 0),
         (SELECT array_agg(ROW(province_id, month, deadline)::td_rollup_key)
            FROM op WHERE open = 0)
  INTO v_moved, v_empty, v_none;
  IF v_empty IS NOT NULL THEN
    DELETE FROM stat_rollup r USING unnest(v_empty) e
    WHERE r.province_id = e.province_id AND r.month = e.month
      AND r.received = 0;
  END IF;
  IF v_none IS NOT NULL THEN
    DELETE FROM stat_rollup_open o USING unnest(v_none) e
    WHERE o.province_id = e.province_id AND o.month = e.month
      AND o.deadline = e.deadline AND o.open = 0;
  END IF;
  RETURN v_moved;
END
$$;

-- Rebuilds every aggregate from the petitions: for a bulk load made with
-- triggers off (the benchmark's), or an operator's repair.
CREATE OR REPLACE FUNCTION td_stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE petitions IN SHARE MODE;
  DELETE FROM stat_cells;
  INSERT INTO stat_cells SELECT * FROM td_stat_recount;
  DELETE FROM stat_rollup_pending;
  DELETE FROM stat_rollup;
  DELETE FROM stat_rollup_open;
  UPDATE stat_rollup_day SET day = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
  INSERT INTO stat_rollup
  SELECT * FROM td_stat_rollup_recount WHERE received <> 0;
  INSERT INTO stat_rollup_open SELECT * FROM td_stat_rollup_open_recount;
  -- The triggers kept the running totals through the rows above, from
  -- whatever they were: made anew, they are right even if those were not.
  DELETE FROM stat_rollup_cum;
  INSERT INTO stat_rollup_cum SELECT * FROM td_stat_rollup_cum_recount;
END
$$;

-- The figures of a province or the nation, as GetStats asks for them, from
-- the rollup: grouped by unit at p_level (nation or province) if p_by_unit,
-- and by p_period ('month', 'quarter', 'year' or ''); petitions received in
-- [p_from, p_to); overdue judged on p_today; due soon up to p_today + p_soon.
-- The scope is p_caller's unit, or the unit coded p_code under it. The
-- first columns say whether the scope exists (scope_id NULL if not) and
-- whether the rollup can answer (rollup false below a province: ask the
-- cells).
CREATE OR REPLACE FUNCTION td_stats_rollup(p_caller integer, p_code text, p_from date,
                                           p_to date, p_today date, p_by_unit boolean,
                                           p_level text, p_period text, p_soon integer)
RETURNS TABLE (scope_id integer, rollup boolean, k_unit text, k_period text,
               received bigint, accepted bigint, not_accepted bigint,
               transferred bigint, resolved bigint,
               answered_in_writing bigint, mediated_successfully bigint,
               mediation_failed bigint, decision_issued bigint,
               withdrawn bigint, resolved_on_time bigint,
               resolved_late bigint, open_within_deadline bigint,
               open_overdue bigint, open_due_soon bigint,
               group_petitions bigint)
LANGUAGE plpgsql STABLE
-- One plan per connection: planning this statement anew cost more than
-- running it, and every branch's plan is good for any values (the running
-- totals are read province by province; the branches not asked for are cut
-- when the statement starts).
SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
  v_scope integer;
  v_ok    boolean;
BEGIN
  IF p_code IS NULL THEN
    v_scope := p_caller;
  ELSE
    -- td_unit_in_area, written out: its plan reads the caller's whole
    -- area (every commune of the nation) to find the one unit, where this
    -- one finds the units of the code and reads their few ancestors.
    SELECT u.id INTO v_scope FROM units u
    WHERE u.code = p_code
      AND p_caller IN (SELECT s.ancestor FROM unit_scope s WHERE s.unit = u.id)
    ORDER BY u.valid_to IS NULL DESC, u.valid_to DESC, u.id DESC
    LIMIT 1;
  END IF;
  SELECT u.level IN ('nation', 'province') INTO v_ok
  FROM units u WHERE u.id = v_scope;
  IF v_scope IS NULL OR NOT v_ok THEN
    scope_id := v_scope;
    rollup := false;
    RETURN NEXT;
    RETURN;
  END IF;
  RETURN QUERY
  -- The provinces in the scope, each checked by its own few ancestors (a
  -- join would read every unit of the scope: the nation's communes).
  WITH provinces AS (
    SELECT u.id FROM units u
    WHERE u.level IN ('nation', 'province')
      AND v_scope IN (SELECT s.ancestor FROM unit_scope s WHERE s.unit = u.id)),
  -- Materialized: read once, whatever order the plan joins it in.
  tot AS MATERIALIZED (
    -- Ungrouped by period: the running totals at the period's end less
    -- those before its start, two lookups per province however long it is,
    -- the overdue rows of its months included.
    SELECT p.id AS province_id,
           hi.received - coalesce(lo.received, 0) AS received,
           hi.accepted - coalesce(lo.accepted, 0) AS accepted,
           hi.not_accepted - coalesce(lo.not_accepted, 0) AS not_accepted,
           hi.transferred - coalesce(lo.transferred, 0) AS transferred,
           hi.resolved - coalesce(lo.resolved, 0) AS resolved,
           hi.answered_in_writing - coalesce(lo.answered_in_writing, 0)
             AS answered_in_writing,
           hi.mediated_successfully - coalesce(lo.mediated_successfully, 0)
             AS mediated_successfully,
           hi.mediation_failed - coalesce(lo.mediation_failed, 0)
             AS mediation_failed,
           hi.decision_issued - coalesce(lo.decision_issued, 0)
             AS decision_issued,
           hi.withdrawn - coalesce(lo.withdrawn, 0) AS withdrawn,
           hi.resolved_on_time - coalesce(lo.resolved_on_time, 0)
             AS resolved_on_time,
           hi.resolved_late - coalesce(lo.resolved_late, 0) AS resolved_late,
           hi.open - coalesce(lo.open, 0) AS open,
           hi.group_petitions - coalesce(lo.group_petitions, 0)
             AS group_petitions,
           NULL::date AS month, hi.overdue - coalesce(lo.overdue, 0) AS overdue,
           0 AS soon
    FROM provinces p
    JOIN LATERAL (SELECT * FROM stat_rollup_cum c
                  WHERE c.province_id = p.id AND c.month < p_to
                  ORDER BY c.month DESC LIMIT 1) hi ON true
    LEFT JOIN LATERAL (SELECT * FROM stat_rollup_cum c
                       WHERE c.province_id = p.id AND c.month < p_from
                       ORDER BY c.month DESC LIMIT 1) lo ON true
    WHERE p_period = ''
    UNION ALL
    -- By month, quarter or year: the months themselves.
    SELECT r.province_id, r.received, r.accepted, r.not_accepted,
           r.transferred, r.resolved, r.answered_in_writing,
           r.mediated_successfully, r.mediation_failed, r.decision_issued,
           r.withdrawn, r.resolved_on_time, r.resolved_late, r.open,
           r.group_petitions, r.month, 0, 0
    FROM stat_rollup r
    WHERE p_period <> '' AND r.province_id IN (SELECT id FROM provinces)
      AND r.month >= p_from AND r.month < p_to
    UNION ALL
    SELECT r.province_id, r.received, r.accepted, r.not_accepted,
           r.transferred, r.resolved, r.answered_in_writing,
           r.mediated_successfully, r.mediation_failed, r.decision_issued,
           r.withdrawn, r.resolved_on_time, r.resolved_late, r.open,
           r.group_petitions, r.month, 0, 0
    FROM stat_rollup_pending r
    WHERE r.province_id IN (SELECT id FROM provinces)
      AND r.month >= p_from AND r.month < p_to
    UNION ALL
    -- The open ones overdue or due soon; the rest are within the deadline.
    -- Ungrouped, the overdue rows (-infinity) are in the running totals:
    -- what is read here is the few days since the last fold and ahead.
    SELECT o.province_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, o.month,
           CASE WHEN o.deadline < p_today THEN o.open ELSE 0 END,
           CASE WHEN o.deadline >= p_today THEN o.open ELSE 0 END
    FROM (SELECT x.province_id, x.month, x.deadline, x.open
          FROM stat_rollup_open x
          WHERE p_period = ''
            AND x.deadline > '-infinity'::date
            AND x.deadline <= p_today + p_soon
            AND x.month >= p_from AND x.month < p_to
          UNION ALL
          SELECT x.province_id, x.month, x.deadline, x.open
          FROM stat_rollup_open x
          WHERE p_period <> ''
            AND x.deadline <= p_today + p_soon
            AND x.month >= p_from AND x.month < p_to
          UNION ALL
          SELECT x.province_id, x.month, x.deadline, x.open
          FROM stat_rollup_pending x
          WHERE x.open <> 0 AND x.deadline <= p_today + p_soon
            AND x.month >= p_from AND x.month < p_to) o
    WHERE o.province_id IN (SELECT id FROM provinces)),
  -- The unit at p_level that exists today above each province (or at it):
  -- written out rather than td_unit_at_level, whose every call is planned.
  -- Once per province, not per row: materialized.
  unit_keys AS MATERIALIZED (
    SELECT p.id AS province_id,
           CASE WHEN p_by_unit THEN coalesce(
             (SELECT a.code || ' ' || a.name
                FROM unit_scope s JOIN units a ON a.id = s.ancestor
               WHERE s.unit = p.id AND a.level = p_level
                 AND a.valid_to IS NULL
               ORDER BY a.id LIMIT 1), '(none)')
                ELSE '' END AS k
    FROM provinces p),
  g AS (
    SELECT uk.k AS k_unit,
           CASE p_period WHEN 'month' THEN to_char(t.month, 'YYYY-MM')
                         WHEN 'quarter' THEN to_char(t.month, 'YYYY-"Q"Q')
                         WHEN 'year' THEN to_char(t.month, 'YYYY')
                         ELSE '' END AS k_period,
           -- The running totals are bigint, whose sum is numeric.
           sum(t.received)::bigint AS received,
           sum(t.accepted)::bigint AS accepted,
           sum(t.not_accepted)::bigint AS not_accepted,
           sum(t.transferred)::bigint AS transferred,
           sum(t.resolved)::bigint AS resolved,
           sum(t.answered_in_writing)::bigint AS answered_in_writing,
           sum(t.mediated_successfully)::bigint AS mediated_successfully,
           sum(t.mediation_failed)::bigint AS mediation_failed,
           sum(t.decision_issued)::bigint AS decision_issued,
           sum(t.withdrawn)::bigint AS withdrawn,
           sum(t.resolved_on_time)::bigint AS resolved_on_time,
           sum(t.resolved_late)::bigint AS resolved_late,
           (sum(t.open) - sum(t.overdue))::bigint AS open_within_deadline,
           sum(t.overdue)::bigint AS open_overdue,
           sum(t.soon)::bigint AS open_due_soon,
           sum(t.group_petitions)::bigint AS group_petitions
    FROM tot t JOIN unit_keys uk ON uk.province_id = t.province_id
    GROUP BY 1, 2 HAVING sum(t.received) > 0)
  SELECT v_scope, true, g.* FROM g ORDER BY g.k_unit, g.k_period;
  IF NOT FOUND THEN
    scope_id := v_scope;
    rollup := true;
    RETURN NEXT;
  END IF;
END
$$;
