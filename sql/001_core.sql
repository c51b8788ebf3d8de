-- Core schema: administrative units, principals, reference data, petitions,
-- receipt counters and the append-only event log. The view the server reads
-- petitions through and the submission function come with the lifecycle
-- columns, in 002_lifecycle.sql.
--
-- Every statement the server runs against these tables lives in
-- server/store.c or in the functions below; all of them are parameterised.

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
-- The province a unit belongs to by its parents (the unit itself for a
-- province or the nation). It never changes: a unit may move to another
-- parent only within its province, and a commune merges only with communes
-- of its own province, so a province's statistics never lose a unit to a
-- neighbour that is still there.
CREATE FUNCTION td_unit_province() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_province integer;
BEGIN
  IF NEW.level IN ('nation', 'province') THEN
    v_province := NEW.id;
  ELSE
    SELECT province_id INTO v_province FROM units WHERE id = NEW.parent_id;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.province_id IS DISTINCT FROM v_province THEN
    RAISE EXCEPTION 'unit % cannot move to another province', OLD.code
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  NEW.province_id := v_province;
  RETURN NEW;
END
$$;
CREATE TRIGGER units_province BEFORE INSERT OR UPDATE OF parent_id, level
  ON units FOR EACH ROW EXECUTE FUNCTION td_unit_province();

CREATE UNIQUE INDEX units_current_code ON units (code) WHERE valid_to IS NULL;
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_merged_into ON units (merged_into);

-- The root every province hangs from, so nationwide scope is a unit like any
-- other.
INSERT INTO units (code, name, level) VALUES ('VN', 'Việt Nam', 'nation');

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

-- What unit_scope holds, computed from the units.
CREATE VIEW td_unit_closure AS
WITH RECURSIVE t(ancestor, unit) AS (
  SELECT id, id FROM units
  UNION
  SELECT t.ancestor, u.id
  FROM units u JOIN t ON u.parent_id = t.unit OR u.merged_into = t.unit
)
SELECT ancestor, unit FROM t;

CREATE FUNCTION td_unit_scope_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One rebuild at a time; readers go on with the version they see.
  LOCK TABLE unit_scope IN EXCLUSIVE MODE;
  DELETE FROM unit_scope;
  INSERT INTO unit_scope (ancestor, unit) SELECT * FROM td_unit_closure;
  RETURN NULL;
END
$$;
CREATE TRIGGER units_scope AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION td_unit_scope_rebuild();
INSERT INTO unit_scope (ancestor, unit) SELECT * FROM td_unit_closure;

-- The unit and everything below it, including units merged into any of them,
-- so a merged commune's history stays visible to its successor.
CREATE FUNCTION td_unit_subtree(p_unit integer)
RETURNS TABLE (id integer)
LANGUAGE sql STABLE AS $$
  SELECT s.unit FROM unit_scope s WHERE s.ancestor = p_unit
$$;

-- The unit that handles a unit's affairs today: itself, or the end of its
-- merged_into chain.
CREATE FUNCTION td_unit_current(p_unit integer) RETURNS integer
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE c(id, next, depth) AS (
    SELECT id, merged_into, 0 FROM units WHERE id = p_unit
    UNION ALL
    SELECT u.id, u.merged_into, c.depth + 1
    FROM units u JOIN c ON u.id = c.next
    WHERE c.depth < 16
  )
  SELECT id FROM c WHERE next IS NULL
$$;

-- The unit that exists today under a code.
CREATE FUNCTION td_unit_by_code(p_code text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT id FROM units WHERE code = p_code AND valid_to IS NULL
$$;

-- Reference data --------------------------------------------------------------

CREATE TABLE petition_kinds (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE petition_kinds IS 'Loại đơn: classified by content, not title (TT 05/2021/TT-TTCP).';

CREATE TABLE channels (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE channels IS 'How a petition reached the commune.';

CREATE TABLE fields (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE fields IS 'Lĩnh vực: the subject area, as the reports group them.';

INSERT INTO petition_kinds (code, name_vi, name_en, sort) VALUES
  ('complaint',      'Khiếu nại',          'Complaint',       1),
  ('denunciation',   'Tố cáo',             'Denunciation',    2),
  ('recommendation', 'Kiến nghị',          'Recommendation',  3),
  ('feedback',       'Phản ánh',           'Feedback',        4),
  ('request',        'Đơn yêu cầu',        'Request',         5);

INSERT INTO channels (code, name_vi, name_en, sort) VALUES
  ('regular_reception',  'Tiếp công dân thường xuyên',        'Regular reception',            1),
  ('periodic_reception', 'Tiếp công dân định kỳ',             'Periodic reception by leaders', 2),
  ('dialogue',           'Đối thoại trực tiếp',               'Dialogue conference',          3),
  ('voters_meeting',     'Tiếp xúc cử tri',                   'Voters'' meeting',             4),
  ('front_supervision',  'Giám sát, phản biện xã hội của MTTQ', 'Front supervision and social criticism', 5),
  ('suggestion_box',     'Hòm thư góp ý',                     'Suggestion box',               6),
  ('digital',            'Nền tảng số (cổng, Zalo, fanpage)', 'Digital platforms',            7),
  ('transferred_in',     'Cơ quan khác chuyển đến',           'Transferred from another agency', 8);

INSERT INTO fields (code, name_vi, name_en, sort) VALUES
  ('land',                   'Đất đai, giải phóng mặt bằng',          'Land and site clearance',      1),
  ('social_policy',          'Chế độ chính sách',                     'Policies and social welfare',  2),
  ('economy',                'Phát triển kinh tế',                    'Economic development',         3),
  ('rural_infrastructure',   'Nông thôn mới, hạ tầng',                'New rural development and infrastructure', 4),
  ('electricity',            'Điện sinh hoạt',                        'Household electricity',        5),
  ('environment',            'Môi trường',                            'Environment',                  6),
  ('admin_procedure',        'Cải cách thủ tục hành chính',           'Administrative procedures',    7),
  ('digital_transformation', 'Chuyển đổi số',                         'Digital transformation',       8),
  ('security_order',         'An ninh, trật tự',                      'Security and order',           9),
  ('culture',                'Văn hóa, phong tục',                    'Culture and customs',          10);

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

-- Petitions ---------------------------------------------------------------------

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
  extended_deadline    date,
  handling_agency      text,
  transfer_target      text,
  session_id           bigint,
  satisfaction         text CHECK (satisfaction IN ('satisfied', 'not_satisfied', 'not_asked')),
  version              integer NOT NULL DEFAULT 1,
  created_by           integer NOT NULL REFERENCES principals (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
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
CREATE INDEX petitions_unit_received ON petitions (unit_id, received_at DESC, id DESC);
CREATE INDEX petitions_received ON petitions (received_at DESC, id DESC);
CREATE INDEX petitions_summary_trgm ON petitions USING gin (summary gin_trgm_ops);

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
  changes     jsonb
);
COMMENT ON TABLE petition_events IS
  'Append-only history of every change to a petition; seq is global and is the '
  'cursor of the change feed. The submission is a petition''s first event.';
CREATE INDEX petition_events_petition ON petition_events (petition_id, seq);

-- Numbers an event. The transaction's id is taken first, so every number ever
-- handed out belongs to a transaction that already had an id: the change feed
-- relies on that to know when no smaller number can still commit (see
-- td_feed_mark in 005_feed.sql).
CREATE FUNCTION td_event_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_current_xact_id();
  NEW.seq := nextval('petition_events_seq');
  RETURN NEW;
END
$$;
CREATE TRIGGER petition_events_number BEFORE INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_event_number();

CREATE FUNCTION td_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'petition_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER petition_events_append_only
  BEFORE UPDATE OR DELETE ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_refuse_change();
CREATE TRIGGER petition_events_no_truncate
  BEFORE TRUNCATE ON petition_events
  FOR EACH STATEMENT EXECUTE FUNCTION td_refuse_change();

-- A user's text as a LIKE pattern that matches it literally.
CREATE FUNCTION td_like_escape(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_')
$$;
