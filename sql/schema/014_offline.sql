-- The server's side of the offline outbox (issue 13): a write sent again
-- after a lost reply is recognised by its key, receipt numbers leased to a
-- workstation in blocks, and the workstation's clock as it was recorded.
--
-- Exactly once. A petition has carried its idempotency key since 003; a
-- lifecycle step and a session's opening and closing now carry theirs, with
-- the hash of the request they stood for, so that a resend of the same
-- request answers as the first did and the same key with another request
-- is refused. The keys are UUIDs the client makes, so they are unique
-- across the whole table: a key reused on another petition or session is a
-- different request, and is refused like any other misuse. The indexes are
-- partial: only keyed writes pay for them.

ALTER TABLE petition_events ADD COLUMN idempotency_key uuid,
                            ADD COLUMN request_hash bytea,
                            -- The time the workstation claimed for the step
                            -- (Transition.at) and how far its clock was off
                            -- (client minus server, seconds), when it was
                            -- more than 5 minutes off and at was corrected.
                            ADD COLUMN claimed_at timestamptz,
                            ADD COLUMN clock_skew bigint;
COMMENT ON COLUMN petition_events.idempotency_key IS
  'Transition.idempotency_key of the step that wrote this event (the last event '
  'of a step that records two), with the SHA-256 of its request in request_hash.';
CREATE UNIQUE INDEX petition_events_idempotency_key ON petition_events (idempotency_key)
  WHERE idempotency_key IS NOT NULL;

ALTER TABLE sessions ADD COLUMN idempotency_key uuid,
                     ADD COLUMN request_hash bytea,
                     ADD COLUMN close_key uuid,
                     ADD COLUMN close_hash bytea;
COMMENT ON COLUMN sessions.idempotency_key IS
  'OpenSession.idempotency_key, with the SHA-256 of the request in request_hash; '
  'close_key and close_hash are those of the CloseSession that closed it.';
CREATE UNIQUE INDEX sessions_idempotency_key ON sessions (idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX sessions_close_key ON sessions (close_key)
  WHERE close_key IS NOT NULL;

-- The clock guard. A workstation says when it sent each attempt
-- (SubmitPetition.sent_at); if that is more than 5 minutes from the
-- server's clock, the time it claims the citizen was received is corrected
-- by the difference, and the petition keeps both the claim and the skew and
-- is flagged, so that `show` can warn and nobody trusts it silently.
ALTER TABLE petitions ADD COLUMN received_at_claimed timestamptz,
                      ADD COLUMN clock_skew bigint,
                      ADD COLUMN clock_suspect boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN petitions.clock_suspect IS
  'The workstation''s clock was more than 5 minutes off when it sent the '
  'petition: received_at was corrected by clock_skew (client minus server, '
  'seconds) from received_at_claimed.';

-- Leased receipt numbers. A workstation takes, while online, a block of its
-- commune's numbers for a year from receipt_counters (the counter the
-- server numbers with), so a number is never issued twice, and hands them
-- to citizens while offline. A leased number the workstation never used
-- stays unused: this table explains the gap in the numbering.
CREATE TABLE receipt_leases (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id      integer NOT NULL REFERENCES units (id),
  year         smallint NOT NULL,
  first_no     integer NOT NULL CHECK (first_no >= 1),
  last_no      integer NOT NULL,
  principal_id integer NOT NULL REFERENCES principals (id),
  workstation  uuid NOT NULL,
  leased_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (last_no >= first_no)
);
COMMENT ON TABLE receipt_leases IS
  'Blocks of receipt numbers [first_no, last_no] of a commune and year taken from '
  'receipt_counters for one principal''s workstation, to be handed out offline.';
CREATE INDEX receipt_leases_unit ON receipt_leases (unit_id, year, first_no);
ALTER TABLE petitions ADD COLUMN lease_id bigint REFERENCES receipt_leases (id);
COMMENT ON COLUMN petitions.lease_id IS
  'The lease its receipt number was taken from, when a workstation numbered it.';
CREATE INDEX petitions_lease ON petitions (lease_id) WHERE lease_id IS NOT NULL;
