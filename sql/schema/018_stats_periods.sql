-- Statistics over any period at the same cost: running totals per province.
--
-- stat_rollup has a row per province and month, so the totals of a period
-- read one row per month of it: five years cost sixty times one month. Here
-- each province keeps, at every month it has figures for, the totals of all
-- its months up to and including that one, so the totals of any period are
-- the row at its end minus the row before its start: two index lookups per
-- province, whatever the length. Its rows are kept by statement triggers on
-- stat_rollup and stat_rollup_open (in sql/functions/70_stats.sql), so
-- whatever writes those (the fold, a rebuild, an operator's repair) keeps
-- them in the same transaction.

CREATE TABLE stat_rollup_cum (
  province_id           integer NOT NULL,
  month                 date NOT NULL,
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
  overdue               bigint NOT NULL,
  PRIMARY KEY (province_id, month)
);
COMMENT ON TABLE stat_rollup_cum IS
  'Running totals per province: the row at a month holds the sums of '
  'stat_rollup over that month and every month before it, and in overdue '
  'the open petitions of those months under -infinity in stat_rollup_open. '
  'A month without a row has the totals of the latest row before it, so the '
  'totals of [from, to) are the latest row before to minus the latest row '
  'before from; always equal to td_stat_rollup_cum_recount.';

-- The running totals of what is already in the rollup, as
-- td_stat_rollup_cum_recount computes them (the triggers that keep them
-- from now on are created with the functions, after this file).
INSERT INTO stat_rollup_cum
SELECT province_id, month,
       sum(sum(received)) OVER w, sum(sum(accepted)) OVER w,
       sum(sum(not_accepted)) OVER w, sum(sum(transferred)) OVER w,
       sum(sum(resolved)) OVER w, sum(sum(answered_in_writing)) OVER w,
       sum(sum(mediated_successfully)) OVER w,
       sum(sum(mediation_failed)) OVER w, sum(sum(decision_issued)) OVER w,
       sum(sum(withdrawn)) OVER w, sum(sum(resolved_on_time)) OVER w,
       sum(sum(resolved_late)) OVER w, sum(sum(open)) OVER w,
       sum(sum(group_petitions)) OVER w, sum(sum(overdue)) OVER w
FROM (SELECT province_id, month, received, accepted, not_accepted,
             transferred, resolved, answered_in_writing,
             mediated_successfully, mediation_failed, decision_issued,
             withdrawn, resolved_on_time, resolved_late, open,
             group_petitions, 0 AS overdue
      FROM stat_rollup
      UNION ALL
      SELECT province_id, month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             open
      FROM stat_rollup_open WHERE deadline = '-infinity') r
GROUP BY province_id, month
WINDOW w AS (PARTITION BY province_id ORDER BY month);

-- A unit by its code, current or not, what a statistics request names its
-- scope by (td_stats_rollup), is found through units_code (schema 016).
