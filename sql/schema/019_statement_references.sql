-- The references a submission writes most, checked once per statement
-- instead of once per row: PostgreSQL checks a foreign key with a look-up
-- and a row lock for every row, ten of them for each petition submitted,
-- about half of a batch's insert. sql/functions/31_references.sql keeps what
-- these keys guaranteed, under their names, with triggers that check a
-- statement's rows together (and refuse a delete, a change of key or a
-- truncation of what is still named). The keys of columns that are NULL on
-- almost every insert (village, session, outcome, lease, repeat, finding)
-- stay.
ALTER TABLE petitions
  DROP CONSTRAINT IF EXISTS petitions_unit_id_fkey,
  DROP CONSTRAINT IF EXISTS petitions_created_by_fkey,
  DROP CONSTRAINT IF EXISTS petitions_kind_fkey,
  DROP CONSTRAINT IF EXISTS petitions_channel_fkey,
  DROP CONSTRAINT IF EXISTS petitions_field_fkey,
  DROP CONSTRAINT IF EXISTS petitions_status_fkey,
  DROP CONSTRAINT IF EXISTS petitions_deadline_rule_id_fkey;
ALTER TABLE petition_events
  DROP CONSTRAINT IF EXISTS petition_events_petition_id_fkey,
  DROP CONSTRAINT IF EXISTS petition_events_unit_id_fkey,
  DROP CONSTRAINT IF EXISTS petition_events_actor_id_fkey;
