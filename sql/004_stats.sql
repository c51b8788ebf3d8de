-- Statistics: counts of petitions kept by the same transaction that changes
-- them, so a report or a dashboard never scans the petitions table.
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
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM td_stat_add(v_new, 1);
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

-- The name of the unit at `level` above (or at) the unit that handles a
-- unit's affairs today, for rolling statistics up; '(none)' if there is no
-- unit of that level above it (a commune has no district since 2025).
CREATE FUNCTION td_unit_at_level(p_unit integer, p_level text) RETURNS text
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(id, level, code, name, parent_id, depth) AS (
    SELECT u.id, u.level, u.code, u.name, u.parent_id, 0
    FROM units u WHERE u.id = td_unit_current(p_unit)
    UNION ALL
    SELECT u.id, u.level, u.code, u.name, u.parent_id, up.depth + 1
    FROM units u JOIN up ON u.id = up.parent_id
    WHERE up.depth < 8
  )
  SELECT coalesce((SELECT code || ' ' || name FROM up WHERE level = p_level
                   ORDER BY depth LIMIT 1), '(none)')
$$;
