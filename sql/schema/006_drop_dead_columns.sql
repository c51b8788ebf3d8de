-- petitions.extended_deadline and petitions.handling_agency were read but
-- never written: an extension moves petitions.deadline itself (the action
-- extend, counted in petitions.extensions), and the agency a petition goes
-- to is petitions.transfer_target.
--
-- The petition view reads extended_deadline, so it goes first, with the
-- functions that return its rows; sql/functions/ re-creates them all at the
-- end of the same --migrate.
DROP VIEW IF EXISTS td_petition_v CASCADE;

ALTER TABLE petitions
  DROP COLUMN extended_deadline,
  DROP COLUMN handling_agency;
