-- Statistics: counts of petitions kept by the same transaction that changes
-- them, so a report or a dashboard never scans the petitions table: per cell
-- (stat_cells), and per province for province and nation scopes
-- (stat_rollup).
--
-- A petition counts in one cell: its unit (as filed; merges roll up at query
-- time), the month it was received (Vietnam time), kind, channel, field,
-- status, outcome, whether it was resolved on time, whether it is a group
-- petition, whether it was ever accepted, and, while it is open, its
-- deadline, so "overdue" is judged against the day of the question.

CREATE TYPE td_stat_key AS (
  unit_id  integer,
  month    date,
  kind     text,
  channel  text,
  field    text,
  status   text,
  outcome  text,
  on_time  boolean,
  grp      boolean,
  accepted boolean,
  deadline date
);

-- The one definition of a petition's cell, used by the trigger and the recount.
CREATE FUNCTION td_stat_key(p petitions) RETURNS td_stat_key
LANGUAGE sql STABLE AS $$
  SELECT ROW(
    p.unit_id,
    date_trunc('month', p.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    p.kind,
    p.channel,
    coalesce(p.field, ''),
    p.status,
    coalesce(p.outcome, ''),
    -- On time: closed on or before the effective deadline (none: on time).
    p.status = 'resolved'
      AND (coalesce(p.extended_deadline, p.deadline) IS NULL
           OR (p.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
              <= coalesce(p.extended_deadline, p.deadline)),
    p.group_size >= 5,
    p.accepted_at IS NOT NULL,
    CASE WHEN p.status IN ('received', 'accepted', 'in_progress')
         THEN coalesce(p.extended_deadline, p.deadline, 'infinity'::date)
         ELSE 'infinity'::date END
  )::td_stat_key
$$;

CREATE TABLE stat_cells (
  unit_id  integer NOT NULL,
  month    date NOT NULL,
  kind     text NOT NULL,
  channel  text NOT NULL,
  field    text NOT NULL,
  status   text NOT NULL,
  outcome  text NOT NULL,
  on_time  boolean NOT NULL,
  grp      boolean NOT NULL,
  accepted boolean NOT NULL,
  deadline date NOT NULL,
  n        bigint NOT NULL CHECK (n >= 0),
  PRIMARY KEY (unit_id, month, kind, channel, field, status, outcome, on_time,
               grp, accepted, deadline)
);
COMMENT ON TABLE stat_cells IS
  'How many petitions fall in each statistics cell (see td_stat_key). Kept by '
  'the trigger petitions_stats in the transaction that changes a petition; '
  'must always equal td_stat_recount.';
CREATE INDEX stat_cells_month ON stat_cells (month, unit_id);

-- Adds d to a cell. An increment may create the cell; a decrement must find
-- it (PostgreSQL checks n >= 0 on the row an upsert proposes, before the
-- conflict, so a decrement cannot be an upsert) and a missing cell means the
-- aggregates were broken, which is refused rather than hidden.
CREATE FUNCTION td_stat_add(k td_stat_key, d integer) RETURNS void
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

-- Statistics for provinces and the nation ---------------------------------

-- The same petitions as stat_cells, counted per province (as filed), month,
-- kind and, while open, deadline, with one column per measure: a province
-- has a few hundred rows, the nation a few thousand, whatever the number of
-- petitions. Submissions do not write here directly, which would make every
-- commune of a province wait for the same row; they append their change to
-- stat_rollup_pending in their own transaction, and td_stat_fold moves the
-- pending rows in, in one transaction, so rollup plus pending is exact at
-- every instant.
CREATE TABLE stat_rollup (
  province_id           integer NOT NULL,
  month                 date NOT NULL,
  kind                  text NOT NULL,
  deadline              date NOT NULL,
  received              bigint NOT NULL,
  accepted              bigint NOT NULL,
  not_accepted          bigint NOT NULL,
  transferred           bigint NOT NULL,
  resolved              bigint NOT NULL,
  answered_in_writing   bigint NOT NULL,
  mediated_successfully bigint NOT NULL,
  mediation_failed      bigint NOT NULL,
  decision_issued       bigint NOT NULL,
  withdrawn             bigint NOT NULL,
  resolved_on_time      bigint NOT NULL,
  resolved_late         bigint NOT NULL,
  open                  bigint NOT NULL,
  group_petitions       bigint NOT NULL,
  PRIMARY KEY (province_id, month, kind, deadline)
);
COMMENT ON TABLE stat_rollup IS
  'Measures per province, month, kind and (open petitions) deadline; with '
  'stat_rollup_pending, always equal to td_stat_rollup_recount.';

CREATE TABLE stat_rollup_pending (LIKE stat_rollup);
CREATE INDEX stat_rollup_pending_key
  ON stat_rollup_pending (province_id, month);

-- The one definition of what a petition in cell k adds to each measure,
-- times d (1 when it enters the cell, -1 when it leaves).
CREATE FUNCTION td_stat_measures(k td_stat_key, d bigint) RETURNS stat_rollup
LANGUAGE sql STABLE AS $$
  SELECT ROW(
    (SELECT u.province_id FROM units u WHERE u.id = k.unit_id),
    k.month, k.kind, k.deadline,
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
  )::stat_rollup
$$;

CREATE FUNCTION td_stat_track() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER petitions_stats AFTER INSERT OR UPDATE OR DELETE ON petitions
  FOR EACH ROW EXECUTE FUNCTION td_stat_track();

-- What stat_cells must hold, counted from the petitions themselves: for
-- tests and for an operator who wants to check.
CREATE VIEW td_stat_recount AS
SELECT (k).unit_id, (k).month, (k).kind, (k).channel, (k).field, (k).status,
       (k).outcome, (k).on_time, (k).grp, (k).accepted, (k).deadline,
       count(*) AS n
FROM (SELECT td_stat_key(p) AS k FROM petitions p) c
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

INSERT INTO stat_cells SELECT * FROM td_stat_recount;

-- What stat_rollup plus stat_rollup_pending must add up to, from the
-- petitions themselves.
CREATE VIEW td_stat_rollup_recount AS
SELECT m.province_id, m.month, m.kind, m.deadline,
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
                              r.n) m
GROUP BY 1, 2, 3, 4;

CREATE TYPE td_rollup_key AS (
  province_id integer, month date, kind text, deadline date
);

-- Moves the pending changes into stat_rollup in one transaction and drops
-- the rows nothing counts in any more (an open deadline passed on). One
-- fold at a time; returns how many pending rows it moved (0 when another
-- fold is running).
CREATE FUNCTION td_stat_fold() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_moved  bigint;
  v_empty  td_rollup_key[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('td_stat_fold')) THEN
    RETURN 0;
  END IF;
  WITH d AS (DELETE FROM stat_rollup_pending RETURNING *),
  g AS (
    SELECT province_id, month, kind, deadline,
           sum(received) AS received, sum(accepted) AS accepted,
           sum(not_accepted) AS not_accepted, sum(transferred) AS transferred,
           sum(resolved) AS resolved,
           sum(answered_in_writing) AS answered_in_writing,
           sum(mediated_successfully) AS mediated_successfully,
           sum(mediation_failed) AS mediation_failed,
           sum(decision_issued) AS decision_issued,
           sum(withdrawn) AS withdrawn,
           sum(resolved_on_time) AS resolved_on_time,
           sum(resolved_late) AS resolved_late, sum(open) AS open,
           sum(group_petitions) AS group_petitions, count(*) AS n
    FROM d GROUP BY 1, 2, 3, 4),
  up AS (
    INSERT INTO stat_rollup AS r
    SELECT province_id, month, kind, deadline, received, accepted,
           not_accepted, transferred, resolved, answered_in_writing,
           mediated_successfully, mediation_failed, decision_issued,
           withdrawn, resolved_on_time, resolved_late, open, group_petitions
    FROM g
    ON CONFLICT (province_id, month, kind, deadline) DO UPDATE SET
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
    RETURNING r.province_id, r.month, r.kind, r.deadline, r.received)
  SELECT (SELECT coalesce(sum(n), 0) FROM g),
         array_agg(ROW(province_id, month, kind, deadline)::td_rollup_key)
           FILTER (WHERE received = 0)
  INTO v_moved, v_empty FROM up;
  IF v_empty IS NOT NULL THEN
    DELETE FROM stat_rollup r
    USING unnest(v_empty) e
    WHERE r.province_id = e.province_id AND r.month = e.month
      AND r.kind = e.kind AND r.deadline = e.deadline AND r.received = 0;
  END IF;
  RETURN v_moved;
END
$$;

INSERT INTO stat_rollup
SELECT * FROM td_stat_rollup_recount WHERE received <> 0;

-- Rebuilds every aggregate from the petitions: for a bulk load made with
-- triggers off (the benchmark's), or an operator's repair.
CREATE FUNCTION td_stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE petitions IN SHARE MODE;
  DELETE FROM stat_cells;
  INSERT INTO stat_cells SELECT * FROM td_stat_recount;
  DELETE FROM stat_rollup_pending;
  DELETE FROM stat_rollup;
  INSERT INTO stat_rollup
  SELECT * FROM td_stat_rollup_recount WHERE received <> 0;
END
$$;

-- The code and name of the unit at `level` above (or at) the unit that
-- handles a unit's affairs today, for rolling statistics up; '(none)' if
-- there is none of that level (a commune has no district since 2025).
CREATE FUNCTION td_unit_at_level(p_unit integer, p_level text)
RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT a.code || ' ' || a.name
       FROM unit_scope s JOIN units a ON a.id = s.ancestor
      WHERE s.unit = td_unit_current(p_unit) AND a.level = p_level
        AND a.merged_into IS NULL
      ORDER BY a.id LIMIT 1),
    '(none)')
$$;
