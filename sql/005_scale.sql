-- National scale: scope by a table instead of a recursive walk, statistics
-- for provinces and the nation from a small rollup, and what the server needs
-- to answer dashboards without asking PostgreSQL each time (the change
-- feed's horizon and the version of the principals).

-- Scope ---------------------------------------------------------------------

-- Every (ancestor, unit) pair: a unit is below another by its parents or by
-- having been merged into it (or into a unit below it). This is what
-- td_unit_subtree walked on every call; units change seldom (an admin's
-- merger), petitions are scoped on every request, so it is kept as a table,
-- rebuilt whole in the statement that changes the units.
CREATE TABLE unit_scope (
  ancestor integer NOT NULL REFERENCES units (id),
  unit     integer NOT NULL REFERENCES units (id),
  PRIMARY KEY (ancestor, unit)
);
CREATE INDEX unit_scope_unit ON unit_scope (unit, ancestor);
COMMENT ON TABLE unit_scope IS
  'The closure of units under parent_id and merged_into; rebuilt by the '
  'trigger units_scope whenever units change.';

CREATE FUNCTION td_unit_scope_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One rebuild at a time; readers go on with the version they see.
  LOCK TABLE unit_scope IN EXCLUSIVE MODE;
  DELETE FROM unit_scope;
  INSERT INTO unit_scope (ancestor, unit)
  WITH RECURSIVE t(ancestor, unit) AS (
    SELECT id, id FROM units
    UNION
    SELECT t.ancestor, u.id
    FROM units u JOIN t ON u.parent_id = t.unit OR u.merged_into = t.unit
  )
  SELECT ancestor, unit FROM t;
  RETURN NULL;
END
$$;
CREATE TRIGGER units_scope AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_unit_scope_rebuild();
INSERT INTO unit_scope (ancestor, unit)
WITH RECURSIVE t(ancestor, unit) AS (
  SELECT id, id FROM units
  UNION
  SELECT t.ancestor, u.id
  FROM units u JOIN t ON u.parent_id = t.unit OR u.merged_into = t.unit
)
SELECT ancestor, unit FROM t;

CREATE OR REPLACE FUNCTION td_unit_subtree(p_unit integer)
RETURNS TABLE (id integer)
LANGUAGE sql STABLE AS $$
  SELECT s.unit FROM unit_scope s WHERE s.ancestor = p_unit
$$;

CREATE OR REPLACE FUNCTION td_unit_at_level(p_unit integer, p_level text)
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

CREATE OR REPLACE FUNCTION td_stat_track() RETURNS trigger
LANGUAGE plpgsql AS $$
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

-- What the server polls ----------------------------------------------------

-- Bumped by any change to the principals, so a server can trust what it
-- checked about a principal until the number moves.
CREATE TABLE principal_changes (
  one     boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO principal_changes VALUES (true, 1);

CREATE FUNCTION td_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE principal_changes SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER principals_changed AFTER INSERT OR UPDATE OR DELETE ON principals
  FOR EACH STATEMENT EXECUTE FUNCTION td_principal_changed();
CREATE TRIGGER units_changed_principals AFTER UPDATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_principal_changed();

-- One look at the change feed's state, for the server's horizon (see
-- server/feed.h):
--   xmin      every transaction id below it has finished (read first);
--   last_seq  the last event number handed out;
--   mark_xid  an id this call takes for itself, after reading last_seq.
-- Every event numbered up to last_seq belongs to a transaction whose id was
-- taken before its number (td_event_number), so before mark_xid: once a
-- later call's xmin is at or past mark_xid, no event up to last_seq can
-- still appear, and the feed may hand them out. (The snapshot's xmax cannot
-- serve as the bound: it is the last finished id plus one, and a running
-- transaction may hold a larger id.) Taking an id costs a commit record,
-- written without waiting for the disk: nothing depends on it surviving;
-- and none is taken when nothing is numbered past p_horizon, the caller's
-- horizon (mark_xid is then NULL), so an idle feed costs no ids.
CREATE FUNCTION td_feed_mark(p_horizon bigint, OUT xmin xid8,
                             OUT last_seq bigint, OUT mark_xid xid8,
                             OUT principals bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  xmin := pg_snapshot_xmin(pg_current_snapshot());
  SELECT CASE WHEN s.is_called THEN s.last_value ELSE 0 END
    INTO last_seq FROM petition_events_seq s;
  IF last_seq > p_horizon THEN
    PERFORM set_config('synchronous_commit', 'off', true);
    mark_xid := pg_current_xact_id();
  END IF;
  SELECT c.version INTO principals FROM principal_changes c;
END
$$;
