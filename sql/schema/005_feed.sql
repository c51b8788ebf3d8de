-- What the server needs to answer dashboards without asking PostgreSQL each
-- time: the version of the principals (see server/feed.h). The change
-- feed's horizon is read by td_feed_mark (sql/functions/).

-- Bumped by any change to the principals, so a server can trust what it
-- checked about a principal until the number moves.
CREATE TABLE principal_changes (
  one     boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO principal_changes VALUES (true, 1);
