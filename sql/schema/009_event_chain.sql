-- A record that proves it was not altered (Decree 55/2022 forbids
-- falsifying or deleting petition data): every event of a petition is
-- sealed with a SHA-256 hash chained to the petition's previous event, the
-- petition's chain head is kept apart, and anchors fix, province by
-- province, the heads reached at a given event number. Why per petition,
-- and what anchors add, is in README.md ("A record that proves it was not
-- altered"); the triggers that seal new events and the verifier are in
-- sql/functions/85_audit.sql.
--
-- The canonical encodings below are part of the stored data's format, like
-- a column's type: every stored hash was computed with them, so they are
-- fixed here with the tables and never re-applied. A new encoding is a new
-- schema file with new names.

-- They are STABLE, as convert_to is, which lets PostgreSQL inline them
-- into the verifier's query: three times faster than calling them per row.
--
-- One field, unambiguously: its length in bytes (4 bytes, big-endian; -1
-- for NULL) and then its UTF-8 bytes. Numbers are written as their decimal
-- text, timestamps as integer microseconds since 1970, jsonb as its text.
CREATE FUNCTION td_chain_field(p text) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p IS NULL THEN int4send(-1)
              ELSE int4send(octet_length(p)) || convert_to(p, 'UTF8') END
$$;

CREATE FUNCTION td_chain_micros(p timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (extract(epoch FROM p) * 1000000)::bigint::text
$$;

-- An event's hash: SHA-256 of the previous event's hash (32 zero bytes for
-- a petition's first event) followed by the event's fields, every column of
-- petition_events in order.
CREATE FUNCTION td_event_digest(p_prev bytea, p_seq bigint, p_petition bigint,
                                p_unit integer, p_actor integer, p_at timestamptz,
                                p_action text, p_from text, p_to text, p_note text,
                                p_changes jsonb, p_decision_no text)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sha256(p_prev || td_chain_field('tiepdan event v1')
                || td_chain_field(p_seq::text) || td_chain_field(p_petition::text)
                || td_chain_field(p_unit::text) || td_chain_field(p_actor::text)
                || td_chain_field(td_chain_micros(p_at)) || td_chain_field(p_action)
                || td_chain_field(p_from) || td_chain_field(p_to)
                || td_chain_field(p_note) || td_chain_field(p_changes::text)
                || td_chain_field(p_decision_no))
$$;

-- An anchor's hash: SHA-256 of the province's previous anchor's hash (32
-- zero bytes for its first) followed by what the anchor states.
CREATE FUNCTION td_anchor_digest(p_prev bytea, p_province integer, p_from bigint,
                                 p_up_to bigint, p_petitions bigint, p_events bigint,
                                 p_heads bytea, p_made_at timestamptz)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sha256(p_prev || td_chain_field('tiepdan anchor v1')
                || td_chain_field(p_province::text) || td_chain_field(p_from::text)
                || td_chain_field(p_up_to::text) || td_chain_field(p_petitions::text)
                || td_chain_field(p_events::text) || td_chain_field(encode(p_heads, 'hex'))
                || td_chain_field(td_chain_micros(p_made_at)))
$$;

-- The seals ---------------------------------------------------------------------

-- Beside the events rather than in them, so an event row stays what it was
-- (the change feed and the history read it unchanged) and existing events
-- are sealed by inserting, never by updating the append-only log.
CREATE TABLE petition_event_chain (
  petition_id bigint NOT NULL,
  seq         bigint NOT NULL,
  prev_hash   bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash        bytea NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (petition_id, seq)
);
COMMENT ON TABLE petition_event_chain IS
  'The seal of each event of petition_events: hash = td_event_digest(prev_hash, '
  'the event''s fields), prev_hash the hash of the petition''s previous event '
  '(32 zero bytes for its first). Written by the trigger petition_events_seal; '
  'checked by td_audit_verify.';

CREATE TABLE petition_chain_heads (
  petition_id bigint PRIMARY KEY,
  seq         bigint NOT NULL,
  hash        bytea NOT NULL CHECK (octet_length(hash) = 32)
);
COMMENT ON TABLE petition_chain_heads IS
  'The newest event of each petition''s chain and its hash, so deleting the '
  'newest event is seen. Its row is locked by every event of the petition '
  'before the event is numbered, which keeps a chain in event order.';

-- Anchors -----------------------------------------------------------------------

CREATE TABLE audit_anchors (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_id integer NOT NULL REFERENCES units (id),
  from_seq    bigint NOT NULL CHECK (from_seq >= 0),
  up_to_seq   bigint NOT NULL CHECK (up_to_seq > from_seq),
  petitions   bigint NOT NULL CHECK (petitions > 0),
  events      bigint NOT NULL CHECK (events >= petitions),
  heads       bytea NOT NULL CHECK (octet_length(heads) = 32),
  made_at     timestamptz NOT NULL,
  prev_hash   bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash        bytea NOT NULL CHECK (octet_length(hash) = 32),
  UNIQUE (province_id, up_to_seq)
);
COMMENT ON TABLE audit_anchors IS
  'What a province''s record was at an event number: for the petitions of the '
  'province with an event numbered from_seq+1 to up_to_seq, heads is the SHA-256 '
  'of (petition id, last such event, its hash) in petition order; hash chains '
  'the anchor to the province''s previous one (td_anchor_digest). The latest '
  'hash is printed in the province''s reports, so a report printed once can '
  'later be checked against the record.';

-- Existing events ---------------------------------------------------------------

-- Sealed in event order within each petition, one chain position at a time
-- for every petition at once.
WITH RECURSIVE e AS (
  SELECT ev.*, row_number() OVER (PARTITION BY ev.petition_id ORDER BY ev.seq) AS n
  FROM petition_events ev
), c (petition_id, n, seq, prev_hash, hash) AS (
  SELECT e.petition_id, e.n, e.seq, decode(repeat('00', 32), 'hex'),
         td_event_digest(decode(repeat('00', 32), 'hex'), e.seq, e.petition_id, e.unit_id,
                         e.actor_id, e.at, e.action, e.from_status, e.to_status, e.note,
                         e.changes, e.decision_no)
  FROM e WHERE e.n = 1
  UNION ALL
  SELECT e.petition_id, e.n, e.seq, c.hash,
         td_event_digest(c.hash, e.seq, e.petition_id, e.unit_id, e.actor_id, e.at,
                         e.action, e.from_status, e.to_status, e.note, e.changes,
                         e.decision_no)
  FROM c JOIN e ON e.petition_id = c.petition_id AND e.n = c.n + 1
)
INSERT INTO petition_event_chain (petition_id, seq, prev_hash, hash)
SELECT petition_id, seq, prev_hash, hash FROM c;

INSERT INTO petition_chain_heads (petition_id, seq, hash)
SELECT DISTINCT ON (petition_id) petition_id, seq, hash
FROM petition_event_chain
ORDER BY petition_id, seq DESC;
