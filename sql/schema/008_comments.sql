-- What a new engineer must understand about the tables the release at
-- commit dec2cc3 left without a word.

COMMENT ON TABLE schema_migrations IS
  'The files of sql/schema/ applied to this database, each with the SHA-256 '
  'of its content; tiepdand --migrate refuses to run if a recorded file has '
  'changed, because a released schema file is never edited.';

COMMENT ON TABLE stat_rollup_pending IS
  'Changes to the rollup appended by the transactions that change petitions '
  '(one row per petition leaving or entering a cell), so communes never wait '
  'for one province row; td_stat_fold moves them into stat_rollup and '
  'stat_rollup_open.';
COMMENT ON TABLE stat_rollup_day IS
  'The day of the last fold; open petitions whose deadline is before it are '
  'counted in stat_rollup_open under -infinity (overdue).';

COMMENT ON TABLE principal_changes IS
  'One number bumped by every change to principals and every update of '
  'units, so a server may keep what it checked about a principal until the '
  'number moves.';

COMMENT ON COLUMN petitions.complex IS
  'Judged complex when accepted: the longer complex_days of the rule apply.';
COMMENT ON COLUMN petitions.extensions IS
  'Extensions granted so far, at most the rule''s max_extensions; each moves '
  'deadline by the rule''s extension_days.';
COMMENT ON COLUMN petitions.deadline_rule_id IS
  'The deadline rule the running step''s deadline was computed from.';
COMMENT ON COLUMN petitions.transfer_target IS
  'The competent agency a transferred petition was sent to.';
