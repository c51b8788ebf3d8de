-- Group commit (issue 15): the server writes the submissions that arrive
-- together in one transaction, with one call of td_submit_batch
-- (sql/functions/30_petition.sql), which works on the whole batch with a
-- few set-oriented statements. A submission as that call carries it from
-- one statement to the next: what the officer sent, then what the batch
-- found out about it (its unit, its number, its verdict).
CREATE TYPE td_submit_item AS (
  ord            integer,
  principal      integer,
  key            uuid,
  hash           bytea,
  unit_code      text,
  village        text,
  kind           text,
  channel        text,
  field          text,
  group_size     integer,
  name           text,
  id_number      text,
  address        text,
  contact        text,
  confidential   boolean,
  summary        text,
  received_at    timestamptz,
  session        bigint,
  calendar       bigint,
  rule           integer,
  deadline       date,
  deadline_remote date,
  receipt_no     text,
  workstation    uuid,
  claimed        timestamptz,
  skew           bigint,
  repeat_of      text,
  candidates     boolean,
  -- Found by the batch:
  result         text,     -- NULL while the submission is still good
  prev_id        bigint,   -- the petition an earlier call with the key made
  unit_id        integer,
  village_id     integer,
  prefix         text,
  remote         boolean,
  year           smallint,
  lease_id       bigint,
  repeat_id      bigint,
  repeat_no      text
);
