-- Statistics: a petition's cell, the trigger that keeps stat_cells and
-- stat_rollup_pending in the transaction that changes a petition, the
-- recount views they must always equal (the tests' oracles), the fold into
-- the province rollup, a full rebuild, and the figures of a province or the
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
-- times d (1 when it enters the cell, -1 when it leaves).
CREATE OR REPLACE FUNCTION td_stat_measures(k td_stat_key, d integer)
RETURNS stat_rollup_pending
LANGUAGE sql STABLE AS $$
  SELECT ROW(
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
  )::stat_rollup_pending
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
  SELECT (m).province_id, (m).month, (m).deadline, sum((m).received),
         sum((m).accepted), sum((m).not_accepted), sum((m).transferred),
         sum((m).resolved), sum((m).answered_in_writing),
         sum((m).mediated_successfully), sum((m).mediation_failed),
         sum((m).decision_issued), sum((m).withdrawn), sum((m).resolved_on_time),
         sum((m).resolved_late), sum((m).open), sum((m).group_petitions)
    FROM (SELECT td_stat_measures(c.k, c.n::integer) AS m
            FROM (SELECT td_stat_key(p) AS k, count(*) AS n FROM td_new_petitions p
                   GROUP BY 1) c) x
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
-- A plan for the values given: a generic one cannot tell the nation's
-- thirty-odd provinces from a province's one and reads 5 times as much.
SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
  v_scope integer;
  v_ok    boolean;
BEGIN
  IF p_code IS NULL THEN
    v_scope := p_caller;
  ELSE
    v_scope := td_unit_in_area(p_caller, p_code);
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
  WITH provinces AS (
    SELECT u.id FROM units u
    WHERE u.level IN ('nation', 'province')
      AND EXISTS (SELECT 1 FROM unit_scope s
                  WHERE s.ancestor = v_scope AND s.unit = u.id)),
  tot AS (
    SELECT r.province_id, r.received, r.accepted, r.not_accepted,
           r.transferred, r.resolved, r.answered_in_writing,
           r.mediated_successfully, r.mediation_failed, r.decision_issued,
           r.withdrawn, r.resolved_on_time, r.resolved_late, r.open,
           r.group_petitions, r.month, 0 AS overdue, 0 AS soon
    FROM stat_rollup r
    WHERE r.province_id IN (SELECT id FROM provinces)
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
    SELECT o.province_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, o.month,
           CASE WHEN o.deadline < p_today THEN o.open ELSE 0 END,
           CASE WHEN o.deadline >= p_today THEN o.open ELSE 0 END
    FROM (SELECT x.province_id, x.month, x.deadline, x.open
          FROM stat_rollup_open x
          WHERE x.deadline <= p_today + p_soon
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
           sum(t.received) AS received, sum(t.accepted) AS accepted,
           sum(t.not_accepted) AS not_accepted,
           sum(t.transferred) AS transferred, sum(t.resolved) AS resolved,
           sum(t.answered_in_writing) AS answered_in_writing,
           sum(t.mediated_successfully) AS mediated_successfully,
           sum(t.mediation_failed) AS mediation_failed,
           sum(t.decision_issued) AS decision_issued,
           sum(t.withdrawn) AS withdrawn,
           sum(t.resolved_on_time) AS resolved_on_time,
           sum(t.resolved_late) AS resolved_late,
           sum(t.open) - sum(t.overdue) AS open_within_deadline,
           sum(t.overdue) AS open_overdue, sum(t.soon) AS open_due_soon,
           sum(t.group_petitions) AS group_petitions
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
