-- Lean reads (issue 15): the unit that handles a unit's affairs today is
-- kept on the unit, not computed on every read.
--
-- td_unit_current walked the merged_into chain with a recursive query for
-- every petition read (td_petition_v's handling_unit_id), planned again on
-- every call. Units change seldom (an administrator's merger), petitions are
-- read all day: the chain's end is now a column, set when a unit is created
-- or merged (the triggers units_current_set and units_current_follow, with
-- the functions) and read by primary key.

ALTER TABLE units ADD COLUMN current_id integer REFERENCES units (id);

-- Every unit so far: the end of its merged_into chain (chains are short:
-- a commune merged once or twice). The units' triggers (once the functions
-- exist: on an upgrade) are left out of it: the new column changes neither
-- the closure, nor whom a principal acts for, nor a province.
ALTER TABLE units DISABLE TRIGGER USER;
WITH RECURSIVE chain(unit, current_id) AS (
  SELECT id, id FROM units WHERE merged_into IS NULL
  UNION ALL
  SELECT u.id, c.current_id FROM units u JOIN chain c ON u.merged_into = c.unit
)
UPDATE units u SET current_id = c.current_id
FROM chain c WHERE u.id = c.unit;
ALTER TABLE units ENABLE TRIGGER USER;

ALTER TABLE units ALTER COLUMN current_id SET NOT NULL;
CREATE INDEX units_current ON units (current_id);
COMMENT ON COLUMN units.current_id IS
  'The unit that handles this unit''s affairs today: itself, or the end of '
  'its merged_into chain. Kept by the triggers units_current_set and '
  'units_current_follow; read through td_unit_current.';

-- A unit named by its code in a larger area (td_unit_in_area: ListPetitions
-- or statistics of a commune asked by a province or the nation) is found by
-- its code, current or former, then checked against the area; without this
-- index the check walked the whole area's units (the nation's thousands)
-- for every request.
CREATE INDEX units_code ON units (code);
