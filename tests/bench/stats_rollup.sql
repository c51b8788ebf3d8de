-- tests/bench/stats_rollup.sql - pgbench script: the nationwide totals the
-- benchmark asks tiepdand for, by the very statement the server sends for
-- them (SQL_STATS_ROLLUP in server/store.c calls td_stats_rollup, in
-- sql/functions/70_stats.sql), with its parameters as pgbench variables set with -D:
--   :caller  the caller's unit id        :code   the unit code (VN)
--   :from    first day (YYYY-MM-01)      :to     the day after the period
--   :today   the day overdue is judged on  :soon  days for "due soon"
-- and, as the server passes them for ungrouped totals, no unit grouping at
-- the default level and no period. Run with -M extended, so that the values
-- travel as parameters, as the server's PQsendQueryParams does.
SELECT * FROM td_stats_rollup(:caller::int, :code, :from::date, :to::date,
                              :today::date, false, 'commune', '', :soon::int);
