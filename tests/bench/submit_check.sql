-- tests/bench/submit_check.sql - what tests/bench/submit.sh checks after
-- the load, against the table bench_acked (key, receipt, id) that it loads
-- from the load generator's --acked files. One row per check: its name and
-- the number of things wrong, 0 when it holds.

-- An acknowledged petition is stored under the key, receipt number and id
-- its reply gave.
SELECT 'acked but not stored as acknowledged', count(*)
FROM bench_acked a
WHERE NOT EXISTS (SELECT 1 FROM petitions p
                  WHERE p.idempotency_key = a.key AND p.receipt_no = a.receipt
                    AND p.id = a.id)
UNION ALL
-- A key or a receipt number acknowledged twice would be two citizens with
-- one number, or one petition stored twice.
SELECT 'keys acknowledged twice', count(*)
FROM (SELECT key FROM bench_acked GROUP BY key HAVING count(*) > 1) d
UNION ALL
SELECT 'receipts acknowledged twice', count(*)
FROM (SELECT receipt FROM bench_acked GROUP BY receipt HAVING count(*) > 1) d
UNION ALL
-- Every request was acknowledged or the run failed, so nothing else is
-- stored: a retried key added no row.
SELECT 'stored but never acknowledged', count(*)
FROM petitions p
WHERE NOT EXISTS (SELECT 1 FROM bench_acked a WHERE a.key = p.idempotency_key)
UNION ALL
-- Receipt numbers are PREFIX-YEAR-NNNNNN, gapless per commune and year:
-- 1..n with n petitions.
SELECT 'receipt numbers not of the form PREFIX-YEAR-N', count(*)
FROM petitions
WHERE receipt_no !~ '-[0-9]{4}-[0-9]+$'
UNION ALL
SELECT 'communes and years whose numbers are not 1..n', count(*)
FROM (SELECT unit_id, substring(receipt_no FROM '-([0-9]{4})-[0-9]+$') AS year,
             count(*) AS n, count(DISTINCT substring(receipt_no FROM '-([0-9]+)$')::int) AS d,
             min(substring(receipt_no FROM '-([0-9]+)$')::int) AS lo,
             max(substring(receipt_no FROM '-([0-9]+)$')::int) AS hi
      FROM petitions
      WHERE receipt_no ~ '-[0-9]{4}-[0-9]+$'
      GROUP BY 1, 2) g
WHERE NOT (lo = 1 AND hi = n AND d = n)
UNION ALL
-- The statistics the submissions kept equal a recount from the petitions
-- (the oracles of tests/integration/lib.sh, recount_diff and rollup_diff).
SELECT 'stat_cells rows that differ from a recount', count(*)
FROM ((SELECT * FROM stat_cells WHERE n > 0 EXCEPT SELECT * FROM td_stat_recount)
      UNION ALL
      (SELECT * FROM td_stat_recount EXCEPT SELECT * FROM stat_cells WHERE n > 0)) d
UNION ALL
SELECT 'rollup rows that differ from a recount', (
  WITH m AS (
         SELECT province_id, month, sum(received) AS received, sum(accepted) AS accepted,
                sum(not_accepted) AS not_accepted, sum(transferred) AS transferred,
                sum(resolved) AS resolved, sum(answered_in_writing) AS answered_in_writing,
                sum(mediated_successfully) AS mediated_successfully,
                sum(mediation_failed) AS mediation_failed, sum(decision_issued) AS decision_issued,
                sum(withdrawn) AS withdrawn, sum(resolved_on_time) AS resolved_on_time,
                sum(resolved_late) AS resolved_late, sum(open) AS open,
                sum(group_petitions) AS group_petitions
         FROM (SELECT province_id, month, received, accepted, not_accepted, transferred,
                      resolved, answered_in_writing, mediated_successfully, mediation_failed,
                      decision_issued, withdrawn, resolved_on_time, resolved_late, open,
                      group_petitions
               FROM stat_rollup
               UNION ALL
               SELECT province_id, month, received, accepted, not_accepted, transferred,
                      resolved, answered_in_writing, mediated_successfully, mediation_failed,
                      decision_issued, withdrawn, resolved_on_time, resolved_late, open,
                      group_petitions
               FROM stat_rollup_pending) r
         GROUP BY 1, 2 HAVING sum(received) <> 0 OR sum(open) <> 0),
       re AS (SELECT * FROM td_stat_rollup_recount),
       o AS (
         SELECT province_id, month, td_stat_bucket(deadline) AS deadline, sum(open)
         FROM (SELECT province_id, month, deadline, open FROM stat_rollup_open
               UNION ALL
               SELECT province_id, month, deadline, open FROM stat_rollup_pending
               WHERE open <> 0) x
         GROUP BY 1, 2, 3 HAVING sum(open) <> 0),
       ore AS (SELECT * FROM td_stat_rollup_open_recount)
  SELECT (SELECT count(*) FROM ((TABLE m EXCEPT TABLE re) UNION ALL (TABLE re EXCEPT TABLE m)) d)
       + (SELECT count(*) FROM ((TABLE o EXCEPT TABLE ore) UNION ALL (TABLE ore EXCEPT TABLE o)) d));
