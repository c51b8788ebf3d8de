-- Periodic jobs shared by every tiepdand on the database; see
-- sql/schema/020_job_runs.sql and README.md ("Many servers, one database").
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

-- Claims period p_slot of job p_job for server p_server: true once, for the
-- first caller; false for every other, and for a caller that finds another
-- claiming right now (it skips the period rather than wait). The advisory
-- lock is held to the commit, so a second server's check runs after the
-- first's row is visible. Runs of more than two days ago are forgotten.
CREATE OR REPLACE FUNCTION td_job_claim(p_job text, p_slot bigint,
                                        p_server text)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('td_job:' || p_job)) THEN
    RETURN false;
  END IF;
  IF EXISTS (SELECT 1 FROM job_runs r WHERE r.job = p_job AND r.slot >= p_slot)
  THEN
    RETURN false;
  END IF;
  DELETE FROM job_runs r
  WHERE r.job = p_job AND r.ran_at < now() - interval '2 days';
  INSERT INTO job_runs (job, slot, server) VALUES (p_job, p_slot, p_server);
  RETURN true;
END
$$;

-- The statistics fold and the search index's pending list (see
-- td_stat_fold, td_search_clean), once per period: the rows folded, or -1
-- when another server has this period.
CREATE OR REPLACE FUNCTION td_job_fold(p_slot bigint, p_server text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_moved bigint;
BEGIN
  IF NOT td_job_claim('fold', p_slot, p_server) THEN
    RETURN -1;
  END IF;
  v_moved := td_stat_fold();
  PERFORM td_search_clean();
  UPDATE job_runs SET moved = v_moved
  WHERE job = 'fold' AND slot = p_slot AND server = p_server;
  RETURN v_moved;
END
$$;

-- The daily summary (one line per commune with something open: open,
-- overdue on p_day, due within three days), once per period: no rows when
-- another server has this period. The run records how many lines it gave.
CREATE OR REPLACE FUNCTION td_job_summary(p_day date, p_slot bigint,
                                          p_server text)
RETURNS TABLE (day text, code text, name text, open bigint, overdue bigint,
               due_soon bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_rows bigint;
BEGIN
  IF NOT td_job_claim('summary', p_slot, p_server) THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT p_day::text, u.code, u.name,
         count(*),
         count(*) FILTER (WHERE p.deadline < p_day),
         count(*) FILTER (WHERE p.deadline BETWEEN p_day AND p_day + 3)
  FROM petitions p JOIN units u ON u.id = td_unit_current(p.unit_id)
  WHERE p.status IN ('received', 'accepted', 'in_progress')
  GROUP BY u.code, u.name ORDER BY u.code;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  UPDATE job_runs r SET moved = v_rows
  WHERE r.job = 'summary' AND r.slot = p_slot AND r.server = p_server;
END
$$;
