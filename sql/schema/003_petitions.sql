-- Petitions: the reception sessions they may come from, the petitions
-- themselves, their receipt counters and the append-only event log of every
-- change.
--
-- Every statement the server runs against these tables lives in server/ or
-- in sql/functions/; all of them are parameterised.

-- Sessions ----------------------------------------------------------------------

CREATE TABLE sessions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id          integer NOT NULL REFERENCES units (id),
  type             text NOT NULL CHECK (type IN ('regular_reception', 'periodic_reception',
                                                 'dialogue', 'voters_meeting')),
  title            text NOT NULL DEFAULT '',
  presided_by      text,
  opened_at        timestamptz NOT NULL,
  closed_at        timestamptz,
  attendees        integer CHECK (attendees >= 0),
  opinions         integer CHECK (opinions >= 0),
  resolved_on_spot integer CHECK (resolved_on_spot >= 0),
  forwarded        integer CHECK (forwarded >= 0),
  note             text,
  created_by       integer NOT NULL REFERENCES principals (id),
  CHECK (closed_at IS NULL OR closed_at >= opened_at),
  CHECK (coalesce(resolved_on_spot, 0) + coalesce(forwarded, 0) <= coalesce(opinions, 0)
         OR opinions IS NULL)
);
COMMENT ON TABLE sessions IS
  'Reception sessions (regular, or periodic by leaders), dialogue conferences and '
  'voters'' meetings, with what was raised and answered there and then.';
CREATE INDEX sessions_unit_opened ON sessions (unit_id, opened_at DESC);

-- Petitions ---------------------------------------------------------------------

-- The columns keep the order the release at commit dec2cc3 gave them (its
-- lifecycle columns came last), so a database created from these files and
-- one upgraded from that release are the same.
CREATE TABLE petitions (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt_no           text NOT NULL UNIQUE,
  idempotency_key      uuid NOT NULL UNIQUE,
  request_hash         bytea NOT NULL,
  unit_id              integer NOT NULL REFERENCES units (id),
  village_id           integer REFERENCES units (id),
  kind                 text NOT NULL REFERENCES petition_kinds (code),
  channel              text NOT NULL REFERENCES channels (code),
  field                text REFERENCES fields (code),
  group_size           integer NOT NULL DEFAULT 1 CHECK (group_size >= 1),
  petitioner_name      text,
  petitioner_id_number text,
  petitioner_address   text,
  petitioner_contact   text,
  confidential         boolean NOT NULL DEFAULT false,
  summary              text NOT NULL CHECK (summary <> ''),
  status               text NOT NULL DEFAULT 'received'
                       CHECK (status IN ('received', 'accepted', 'not_accepted',
                                         'transferred', 'in_progress', 'resolved',
                                         'withdrawn')),
  outcome              text CHECK (outcome IN ('answered_in_writing',
                                               'mediated_successfully',
                                               'mediation_failed',
                                               'decision_issued')),
  received_at          timestamptz NOT NULL,
  accepted_at          timestamptz,
  closed_at            timestamptz,
  deadline             date,
  -- Never written; dropped by 006_drop_dead_columns.sql.
  extended_deadline    date,
  handling_agency      text,
  transfer_target      text,
  session_id           bigint CONSTRAINT petitions_session_fk REFERENCES sessions (id),
  satisfaction         text CHECK (satisfaction IN ('satisfied', 'not_satisfied', 'not_asked')),
  version              integer NOT NULL DEFAULT 1,
  created_by           integer NOT NULL REFERENCES principals (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  -- The lifecycle: the running step's deadline and the rule it came from.
  complex              boolean NOT NULL DEFAULT false,
  extensions           integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
  deadline_rule_id     integer REFERENCES deadline_rules (id),
  deadline_step        text CHECK (deadline_step IN ('accept', 'resolve')),
  deadline_start       date,
  decision_no          text,
  note                 text
);
COMMENT ON TABLE petitions IS
  'One row per petition (đơn) received by a commune, whatever its kind.';
COMMENT ON COLUMN petitions.receipt_no IS
  'Number handed to the citizen: <prefix>-<year>-<n>, n counting per commune and year.';
COMMENT ON COLUMN petitions.idempotency_key IS
  'Made by the client once per petition; a retried submission finds the first row.';
COMMENT ON COLUMN petitions.request_hash IS
  'SHA-256 of the submission as sent, so a key reused for other content is refused.';
COMMENT ON COLUMN petitions.group_size IS
  'Number of signatories; 5 or more makes a group petition (đoàn đông người).';
COMMENT ON COLUMN petitions.confidential IS
  'The petitioner asked for secrecy; denunciations are secret regardless (Luật Tố cáo Art. 9, 47, 56).';
COMMENT ON COLUMN petitions.version IS 'Optimistic concurrency: bumped on every change.';
COMMENT ON COLUMN petitions.deadline IS
  'The effective deadline of the running step, computed by the server from '
  'deadline_rules and public_holidays; never entered by hand.';
COMMENT ON COLUMN petitions.deadline_start IS
  'The day the running step started: receipt (accept) or acceptance (resolve).';
CREATE INDEX petitions_unit_received ON petitions (unit_id, received_at DESC, id DESC);
CREATE INDEX petitions_received ON petitions (received_at DESC, id DESC);
CREATE INDEX petitions_summary_trgm ON petitions USING gin (summary gin_trgm_ops);
CREATE INDEX petitions_open_deadline ON petitions (deadline)
  WHERE status IN ('received', 'accepted', 'in_progress');
CREATE INDEX petitions_session ON petitions (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE receipt_counters (
  unit_id integer NOT NULL REFERENCES units (id),
  year    smallint NOT NULL,
  last_no integer NOT NULL,
  PRIMARY KEY (unit_id, year)
);
COMMENT ON TABLE receipt_counters IS
  'Last receipt number handed out per commune and year; gapless because it is '
  'taken in the same transaction as the petition it numbers.';

-- Event log ---------------------------------------------------------------------

-- Numbered by the trigger petition_events_number (sql/functions/), which
-- takes the transaction's id first: the change feed relies on that.
CREATE SEQUENCE petition_events_seq;

CREATE TABLE petition_events (
  seq         bigint PRIMARY KEY,
  petition_id bigint NOT NULL REFERENCES petitions (id),
  unit_id     integer NOT NULL REFERENCES units (id),
  actor_id    integer NOT NULL REFERENCES principals (id),
  at          timestamptz NOT NULL DEFAULT now(),
  action      text NOT NULL,
  from_status text,
  to_status   text,
  note        text,
  changes     jsonb,
  decision_no text
);
COMMENT ON TABLE petition_events IS
  'Append-only history of every change to a petition; seq is global and is the '
  'cursor of the change feed. The submission is a petition''s first event.';
COMMENT ON COLUMN petition_events.action IS
  'submit, accept, reject, transfer, start, resolve, withdraw, reopen, extend, '
  'note, recompute; identity_read records that a denouncer''s (or a '
  'confidential petitioner''s) identity was shown to the actor.';
CREATE INDEX petition_events_petition ON petition_events (petition_id, seq);
