-- Statistics: counts of petitions kept by the same transaction that changes
-- them, so a report or a dashboard never scans the petitions table: per cell
-- (stat_cells), and per province for province and nation scopes
-- (stat_rollup). The trigger that keeps them, the recount views they must
-- always equal, and the fold are in sql/functions/.
--
-- A petition counts in one cell: its unit (as filed; merges roll up at query
-- time), the month it was received (Vietnam time), kind, channel, field,
-- status, outcome, whether it was resolved on time, whether it is a group
-- petition, whether it was ever accepted, and, while it is open, its
-- deadline, so "overdue" is judged against the day of the question.

-- A petition's cell, as td_stat_key computes it.
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

-- A row of the rollup or of its open petitions, as td_stat_fold gathers
-- the rows it emptied.
CREATE TYPE td_rollup_key AS (province_id integer, month date, deadline date);

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

-- Statistics for provinces and the nation ---------------------------------

-- The same petitions as stat_cells, counted per province (as filed) and
-- month, one column per measure: the nation has 34 rows a month, whatever
-- the number of petitions. The open ones are counted again by deadline in
-- stat_rollup_open, where every deadline already past on the day of the
-- last fold is kept as one '-infinity' row ("overdue"), so what is read is
-- the overdue row and the few days ahead a dashboard asks about.
-- Submissions do not write here directly, which would make every commune of
-- a province wait for the same row: they append their change, with the
-- exact deadline, to stat_rollup_pending in their own transaction, and
-- td_stat_fold moves the pending rows in, in one transaction, so the rollup
-- plus the pending rows is exact at every instant.
CREATE TABLE stat_rollup_pending (
  province_id           integer NOT NULL,
  month                 date NOT NULL,
  deadline              date NOT NULL,
  received              integer NOT NULL,
  accepted              integer NOT NULL,
  not_accepted          integer NOT NULL,
  transferred           integer NOT NULL,
  resolved              integer NOT NULL,
  answered_in_writing   integer NOT NULL,
  mediated_successfully integer NOT NULL,
  mediation_failed      integer NOT NULL,
  decision_issued       integer NOT NULL,
  withdrawn             integer NOT NULL,
  resolved_on_time      integer NOT NULL,
  resolved_late         integer NOT NULL,
  open                  integer NOT NULL,
  group_petitions       integer NOT NULL
);
CREATE INDEX stat_rollup_pending_key
  ON stat_rollup_pending (province_id, month);

-- The measures of stat_rollup_pending without the deadline.
CREATE TABLE stat_rollup (
  province_id           integer NOT NULL,
  month                 date NOT NULL,
  received              integer NOT NULL,
  accepted              integer NOT NULL,
  not_accepted          integer NOT NULL,
  transferred           integer NOT NULL,
  resolved              integer NOT NULL,
  answered_in_writing   integer NOT NULL,
  mediated_successfully integer NOT NULL,
  mediation_failed      integer NOT NULL,
  decision_issued       integer NOT NULL,
  withdrawn             integer NOT NULL,
  resolved_on_time      integer NOT NULL,
  resolved_late         integer NOT NULL,
  open                  integer NOT NULL,
  group_petitions       integer NOT NULL,
  PRIMARY KEY (province_id, month)
);
COMMENT ON TABLE stat_rollup IS
  'Measures per province and month; with stat_rollup_pending, always equal '
  'to td_stat_rollup_recount.';

CREATE TABLE stat_rollup_open (
  province_id integer NOT NULL,
  month       date NOT NULL,
  deadline    date NOT NULL,
  open        integer NOT NULL,
  PRIMARY KEY (province_id, month, deadline)
);
CREATE INDEX stat_rollup_open_deadline ON stat_rollup_open (deadline);
COMMENT ON TABLE stat_rollup_open IS
  'Open petitions per province, month and deadline, deadlines before the '
  'last fold''s day kept as -infinity; with the open ones of '
  'stat_rollup_pending, always equal to td_stat_rollup_open_recount.';

-- The day of the last fold: deadlines before it are past.
CREATE TABLE stat_rollup_day (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  day date NOT NULL
);
INSERT INTO stat_rollup_day
VALUES (true, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date);
