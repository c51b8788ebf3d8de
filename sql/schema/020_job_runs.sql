-- Background jobs with several tiepdand on one database: each periodic job
-- (the statistics fold, the daily summary) runs once per period of its own,
-- whichever server's timer comes first. A server claims a period
-- (td_job_claim, sql/functions/95_jobs.sql) under an advisory lock of the
-- job and finds whether anybody ran it already; the record is also what an
-- engineer (and tests/ha/test_two_servers.sh) counts to see that no period
-- ran twice. No unique key on (job, slot): the claim is what must hold, and
-- a count of the rows is how to see that it does.
CREATE TABLE job_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job text NOT NULL,
  slot bigint NOT NULL,     -- The period: epoch milliseconds / interval.
  server text NOT NULL,     -- Which tiepdand ran it (host, port, process).
  ran_at timestamptz NOT NULL DEFAULT now(),
  moved bigint              -- What the run did (the fold: rows moved).
);
CREATE INDEX job_runs_job_slot ON job_runs (job, slot);
