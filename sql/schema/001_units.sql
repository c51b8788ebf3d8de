-- Administrative units, the closure the scope of every request is read
-- from, and the principals who act for a unit.
--
-- Files in sql/schema/ hold tables, constraints, indexes and reference rows
-- only, and are never edited once released: a change is a new numbered
-- file. Functions, views and triggers live in sql/functions/, re-applied by
-- every `tiepdand --migrate`. Files 001 to 005 are the schema of the release
-- at commit dec2cc3, regrouped so that each table is defined in one file.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Administrative units ------------------------------------------------------

CREATE TABLE units (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           text NOT NULL CHECK (code ~ '^[0-9A-Za-z._-]{1,32}$'),
  name           text NOT NULL CHECK (name <> ''),
  level          text NOT NULL
                 CHECK (level IN ('nation', 'province', 'district', 'commune',
                                  'village')),
  parent_id      integer REFERENCES units (id),
  valid_from     date NOT NULL DEFAULT DATE '1900-01-01',
  valid_to       date,
  merged_into    integer REFERENCES units (id),
  remote_area    boolean NOT NULL DEFAULT false,
  receipt_prefix text CHECK (receipt_prefix ~ '^[A-Z0-9]{1,8}$'),
  province_id    integer NOT NULL REFERENCES units (id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK ((level = 'nation') = (parent_id IS NULL)),
  CHECK (merged_into IS NULL OR valid_to IS NOT NULL)
);
COMMENT ON TABLE units IS
  'Administrative units: the nation (the one root), province, optional '
  'district, commune, village. '
  'A unit that was merged keeps its row (history keeps pointing at it) with '
  'valid_to set and merged_into naming its successor.';
COMMENT ON COLUMN units.code IS
  'National code (2 digits province, 3 district, 5 commune). A code is unique '
  'among units that still exist; a successor may reuse a predecessor''s code.';
COMMENT ON COLUMN units.remote_area IS
  'Vùng sâu, vùng xa: longer legal deadlines apply (Luật Khiếu nại Art. 28).';
COMMENT ON COLUMN units.receipt_prefix IS
  'Short prefix of the receipt numbers handed to citizens, e.g. BL.';
COMMENT ON COLUMN units.province_id IS
  'The province above the unit by its parents (itself for a province or the '
  'nation); set by the trigger units_province; statistics roll up by it.';

CREATE UNIQUE INDEX units_current_code ON units (code) WHERE valid_to IS NULL;
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_merged_into ON units (merged_into);
-- The provinces (and the nation), which the statistics rollup is keyed by.
CREATE INDEX units_top ON units (id) WHERE level IN ('nation', 'province');

-- The root every province hangs from, so nationwide scope is a unit like any
-- other. It is its own province; the trigger that says so for later units
-- comes with the functions, after this file.
INSERT INTO units (id, code, name, level, province_id) OVERRIDING SYSTEM VALUE
SELECT n, 'VN', 'Việt Nam', 'nation', n
FROM nextval(pg_get_serial_sequence('units', 'id')) AS n;

-- Every (ancestor, unit) pair: a unit is below another by its parents or by
-- having been merged into it (or into a unit below it). Units change seldom
-- (an admin's merger) and every request is scoped, so this is a table,
-- rebuilt whole in the statement that changes the units, rather than a walk
-- on every call.
CREATE TABLE unit_scope (
  ancestor integer NOT NULL REFERENCES units (id),
  unit     integer NOT NULL REFERENCES units (id),
  PRIMARY KEY (ancestor, unit)
);
CREATE INDEX unit_scope_unit ON unit_scope (unit, ancestor);
COMMENT ON TABLE unit_scope IS
  'The closure of units under parent_id and merged_into; rebuilt by the '
  'trigger units_scope whenever units change.';
-- The root alone: its own ancestor.
INSERT INTO unit_scope (ancestor, unit) SELECT id, id FROM units;

-- Principals --------------------------------------------------------------------

CREATE TABLE principals (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cert_sha256 text NOT NULL UNIQUE CHECK (cert_sha256 ~ '^[0-9a-f]{64}$'),
  name        text NOT NULL CHECK (name <> ''),
  role        text NOT NULL
              CHECK (role IN ('reception', 'leader', 'front', 'dashboard', 'admin')),
  unit_id     integer NOT NULL REFERENCES units (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
COMMENT ON TABLE principals IS
  'Who is speaking: the SHA-256 of a client certificate (DER) maps to a role '
  'acting for a unit. A revoked principal is refused.';
COMMENT ON COLUMN principals.unit_id IS
  'The unit the principal was registered for. If that unit has been merged, '
  'the principal acts for its successor (td_unit_current).';
