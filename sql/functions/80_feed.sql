-- The change feed: one look at its horizon (see server/feed.h).
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.

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
CREATE OR REPLACE FUNCTION td_feed_mark(p_horizon bigint, OUT xmin xid8,
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
