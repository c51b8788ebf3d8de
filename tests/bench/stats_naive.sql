-- tests/bench/stats_naive.sql - pgbench script: the question the benchmark
-- asks tiepdand, answered the naive way, by a GROUP BY over the petitions
-- themselves: the anchor of the ratio stats.sh prints, and the figures it
-- checks the server's against. Variables, set with -D:
--   :code     VN for the nation, or a province's code
--   :by_unit  true to group by province (the by-province scenario)
--   :from     first day (YYYY-MM-01)      :to     the day after the period
--   :today    the day overdue is judged on  :soon  days for "due soon"
-- The columns after the province are the measures in the order
-- td_bench_stats prints them (figures=), and count as td_stat_key and
-- td_stat_measures (sql/functions/70_stats.sql) define them.
SELECT CASE WHEN :by_unit::bool THEN u.province_id END AS province_id,
       count(*) AS received,
       count(*) FILTER (WHERE p.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE p.status = 'not_accepted') AS not_accepted,
       count(*) FILTER (WHERE p.status = 'transferred') AS transferred,
       count(*) FILTER (WHERE p.status = 'resolved') AS resolved,
       count(*) FILTER (WHERE p.outcome = 'answered_in_writing') AS answered_in_writing,
       count(*) FILTER (WHERE p.outcome = 'mediated_successfully') AS mediated_successfully,
       count(*) FILTER (WHERE p.outcome = 'mediation_failed') AS mediation_failed,
       count(*) FILTER (WHERE p.outcome = 'decision_issued') AS decision_issued,
       count(*) FILTER (WHERE p.status = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE p.status = 'resolved' AND p.on_time) AS resolved_on_time,
       count(*) FILTER (WHERE p.status = 'resolved' AND NOT p.on_time) AS resolved_late,
       count(*) FILTER (WHERE p.open AND NOT p.deadline < :today::date) AS open_within_deadline,
       count(*) FILTER (WHERE p.open AND p.deadline < :today::date) AS open_overdue,
       count(*) FILTER (WHERE p.open AND p.deadline >= :today::date
                          AND p.deadline <= :today::date + :soon::int) AS open_due_soon,
       count(*) FILTER (WHERE p.group_size >= 5) AS group_petitions
FROM (SELECT x.unit_id, x.accepted_at, x.status, x.outcome, x.group_size,
             x.status IN ('received', 'accepted', 'in_progress') AS open,
             coalesce(x.deadline, 'infinity'::date) AS deadline,
             x.deadline IS NULL
               OR (x.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= x.deadline
               AS on_time
      FROM petitions x
      WHERE x.received_at >= :from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
        AND x.received_at < :to::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') p
JOIN units u ON u.id = p.unit_id
WHERE :code = 'VN'
   OR u.province_id = (SELECT v.id FROM units v
                       WHERE v.code = :code AND v.valid_to IS NULL)
GROUP BY 1 ORDER BY 1;
