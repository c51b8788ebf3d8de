-- Lifecycle: deadline rules and public holidays as data, reception sessions,
-- the lifecycle columns of a petition, and the one function every state
-- change goes through.

-- Deadline rules ------------------------------------------------------------------

CREATE TABLE deadline_rules (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                text NOT NULL REFERENCES petition_kinds (code),
  step                text NOT NULL CHECK (step IN ('accept', 'resolve')),
  effective_from      date NOT NULL,
  effective_to        date,
  day_count           text NOT NULL CHECK (day_count IN ('calendar', 'working')),
  days                integer NOT NULL CHECK (days >= 0),
  remote_days         integer NOT NULL DEFAULT 0 CHECK (remote_days >= 0),
  complex_days        integer NOT NULL DEFAULT 0 CHECK (complex_days >= 0),
  remote_complex_days integer NOT NULL DEFAULT 0 CHECK (remote_complex_days >= 0),
  max_extensions      integer NOT NULL DEFAULT 0 CHECK (max_extensions >= 0),
  extension_days      integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
  source              text NOT NULL,
  UNIQUE (kind, step, effective_from),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
COMMENT ON TABLE deadline_rules IS
  'Legal time limits as data, versioned by the date they take effect: the rule '
  'in force on the day a step starts governs it. A *_days value of 0 means '
  '"same as days". Step accept runs from receipt, resolve from acceptance.';

INSERT INTO deadline_rules (kind, step, effective_from, day_count, days, remote_days,
                            complex_days, remote_complex_days, max_extensions,
                            extension_days, source) VALUES
  ('complaint', 'accept', '2012-07-01', 'calendar', 10, 0, 0, 0, 0, 0,
   'Luật Khiếu nại 2011, Điều 27'),
  ('complaint', 'resolve', '2012-07-01', 'calendar', 30, 45, 45, 60, 0, 0,
   'Luật Khiếu nại 2011, Điều 28'),
  ('denunciation', 'accept', '2019-01-01', 'working', 7, 0, 0, 0, 0, 0,
   'Luật Tố cáo 2018, Điều 24 (giá trị chưa được xác minh)'),
  ('denunciation', 'resolve', '2019-01-01', 'calendar', 30, 0, 0, 0, 2, 30,
   'Luật Tố cáo 2018, Điều 30'),
  ('recommendation', 'accept', '2021-11-15', 'calendar', 10, 0, 0, 0, 0, 0,
   'Thông tư 05/2021/TT-TTCP (xử lý đơn trong 10 ngày)'),
  ('feedback', 'accept', '2021-11-15', 'calendar', 10, 0, 0, 0, 0, 0,
   'Thông tư 05/2021/TT-TTCP (xử lý đơn trong 10 ngày)'),
  ('request', 'accept', '2021-11-15', 'calendar', 10, 0, 0, 0, 0, 0,
   'Thông tư 05/2021/TT-TTCP (xử lý đơn trong 10 ngày)'),
  ('recommendation', 'resolve', '2021-11-15', 'working', 10, 0, 0, 0, 1, 10,
   'Mặc định của hệ thống, chờ xác nhận văn bản pháp luật'),
  ('feedback', 'resolve', '2021-11-15', 'working', 10, 0, 0, 0, 1, 10,
   'Mặc định của hệ thống, chờ xác nhận văn bản pháp luật'),
  ('request', 'resolve', '2021-11-15', 'working', 10, 0, 0, 0, 1, 10,
   'Mặc định của hệ thống, chờ xác nhận văn bản pháp luật');

-- Public holidays (Bộ luật Lao động 2019, Điều 112), the lunar ones resolved to
-- dates, the Tết and National Day days as the Government set them. An admin
-- loads each new year; loading recomputes open deadlines.
CREATE TABLE public_holidays (
  day  date PRIMARY KEY,
  name text NOT NULL CHECK (name <> '')
);
COMMENT ON TABLE public_holidays IS
  'Days off for state agencies besides weekends. Deadlines that end on one move '
  'to the next working day (Bộ luật Dân sự 2015, Điều 148).';

INSERT INTO public_holidays (day, name)
SELECT d::date, n FROM (VALUES
  ('2025-01-01', 'Tết Dương lịch'),
  ('2025-01-27', 'Tết Nguyên đán'), ('2025-01-28', 'Tết Nguyên đán'),
  ('2025-01-29', 'Tết Nguyên đán'), ('2025-01-30', 'Tết Nguyên đán'),
  ('2025-01-31', 'Tết Nguyên đán'),
  ('2025-04-07', 'Giỗ Tổ Hùng Vương'),
  ('2025-04-30', 'Ngày Chiến thắng'), ('2025-05-01', 'Quốc tế Lao động'),
  ('2025-05-02', 'Nghỉ bù'),
  ('2025-09-01', 'Quốc khánh'), ('2025-09-02', 'Quốc khánh'),
  ('2026-01-01', 'Tết Dương lịch'),
  ('2026-02-16', 'Tết Nguyên đán'), ('2026-02-17', 'Tết Nguyên đán'),
  ('2026-02-18', 'Tết Nguyên đán'), ('2026-02-19', 'Tết Nguyên đán'),
  ('2026-02-20', 'Tết Nguyên đán'),
  ('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'),
  ('2026-04-30', 'Ngày Chiến thắng'), ('2026-05-01', 'Quốc tế Lao động'),
  ('2026-09-01', 'Quốc khánh'), ('2026-09-02', 'Quốc khánh')
) AS h(d, n);

-- The servers cache rules and holidays; every write that used the cache
-- states the version it used, and a stale one is refused and recomputed.
CREATE TABLE calendar_state (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  bigint NOT NULL
);
COMMENT ON TABLE calendar_state IS
  'Bumped on every change to deadline_rules or public_holidays.';
INSERT INTO calendar_state VALUES (true, 1);

CREATE FUNCTION td_calendar_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_state SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER deadline_rules_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON deadline_rules FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();
CREATE TRIGGER public_holidays_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON public_holidays FOR EACH STATEMENT EXECUTE FUNCTION td_calendar_bump();

-- Sessions ----------------------------------------------------------------------------

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

-- Petitions: the lifecycle columns ---------------------------------------------------

ALTER TABLE petitions
  ADD COLUMN complex          boolean NOT NULL DEFAULT false,
  ADD COLUMN extensions       integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
  ADD COLUMN deadline_rule_id integer REFERENCES deadline_rules (id),
  ADD COLUMN deadline_step    text CHECK (deadline_step IN ('accept', 'resolve')),
  ADD COLUMN deadline_start   date,
  ADD COLUMN decision_no      text,
  ADD COLUMN note             text,
  ADD CONSTRAINT petitions_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id);
COMMENT ON COLUMN petitions.deadline IS
  'The effective deadline of the running step, computed by the server from '
  'deadline_rules and public_holidays; never entered by hand.';
COMMENT ON COLUMN petitions.deadline_start IS
  'The day the running step started: receipt (accept) or acceptance (resolve).';
CREATE INDEX petitions_open_deadline ON petitions (deadline)
  WHERE status IN ('received', 'accepted', 'in_progress');
CREATE INDEX petitions_session ON petitions (session_id) WHERE session_id IS NOT NULL;
ALTER TABLE petition_events ADD COLUMN decision_no text;

-- What the server reads about a petition: one row, already joined. Times
-- are whole Unix seconds, rounded down, so "now" is never before them.
-- handling_unit_id is the unit that handles it today (the successor of a
-- merged commune).
CREATE VIEW td_petition_v AS
SELECT p.id,
       p.receipt_no,
       p.unit_id,
       td_unit_current(p.unit_id) AS handling_unit_id,
       u.code AS unit_code,
       u.name AS unit_name,
       v.code AS village_code,
       v.name AS village_name,
       p.kind,
       p.channel,
       p.field,
       p.group_size,
       p.petitioner_name,
       p.petitioner_id_number,
       p.petitioner_address,
       p.petitioner_contact,
       p.confidential,
       p.summary,
       p.status,
       p.outcome,
       floor(extract(epoch FROM p.received_at))::bigint AS received_at,
       floor(extract(epoch FROM p.accepted_at))::bigint AS accepted_at,
       floor(extract(epoch FROM p.closed_at))::bigint AS closed_at,
       coalesce(p.extended_deadline, p.deadline)::text AS deadline,
       p.version,
       pr.name AS created_by,
       floor(extract(epoch FROM p.created_at))::bigint AS created_at,
       u.remote_area,
       p.complex,
       p.extensions,
       p.deadline_rule_id,
       p.deadline_step,
       p.deadline_start::text AS deadline_start,
       p.transfer_target,
       p.satisfaction,
       p.session_id,
       p.note
FROM petitions p
JOIN units u ON u.id = p.unit_id
LEFT JOIN units v ON v.id = p.village_id
JOIN principals pr ON pr.id = p.created_by;

-- Submission. One call is one submission: it takes the idempotency key's
-- lock, returns the first result if the key was seen, checks every
-- reference, numbers the receipt, stores the petition with the acceptance
-- deadline the server computed (for a remote and a non-remote commune: the
-- unit is resolved here) and its first event. Failures are reported in
-- `result` rather than raised, so many submissions can share one transaction
-- (group commit) without one bad petition aborting the others.
--
-- result: created | duplicate | key_conflict | unknown_unit | unknown_village
--         | unknown_kind | unknown_channel | unknown_field | unknown_session
--         | stale_calendar
CREATE FUNCTION td_submit_petition(
  p_principal   integer,
  p_key         uuid,
  p_hash        bytea,
  p_unit_code   text,
  p_village     text,
  p_kind        text,
  p_channel     text,
  p_field       text,
  p_group_size  integer,
  p_name        text,
  p_id_number   text,
  p_address     text,
  p_contact     text,
  p_confidential boolean,
  p_summary     text,
  p_received_at timestamptz,
  p_session     bigint,
  p_calendar    bigint,
  p_rule        integer,
  p_deadline    date,
  p_deadline_remote date
) RETURNS TABLE (result text, petition td_petition_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_prev     petitions%ROWTYPE;
  v_scope    integer;
  v_unit     integer;
  v_remote   boolean;
  v_village  integer;
  v_prefix   text;
  v_year     smallint;
  v_no       integer;
  v_id       bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_key::text, 0));

  SELECT * INTO v_prev FROM petitions WHERE idempotency_key = p_key;
  IF FOUND THEN
    IF v_prev.request_hash <> p_hash THEN
      RETURN QUERY SELECT 'key_conflict'::text, NULL::td_petition_v;
    ELSE
      RETURN QUERY SELECT 'duplicate'::text, v FROM td_petition_v v WHERE v.id = v_prev.id;
    END IF;
    RETURN;
  END IF;
  IF p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN QUERY SELECT 'stale_calendar'::text, NULL::td_petition_v;
    RETURN;
  END IF;

  -- An officer of a merged commune acts for its successor.
  SELECT td_unit_current(unit_id) INTO v_scope FROM principals WHERE id = p_principal;
  -- A unit outside the caller's scope answers exactly as one that does not exist.
  SELECT u.id, coalesce(u.receipt_prefix, u.code), u.remote_area
    INTO v_unit, v_prefix, v_remote
  FROM units u
  WHERE u.id = CASE WHEN p_unit_code IS NULL THEN v_scope
                    ELSE td_unit_by_code(p_unit_code) END
    AND u.level = 'commune' AND u.valid_to IS NULL
    AND u.id IN (SELECT id FROM td_unit_subtree(v_scope));
  IF v_unit IS NULL THEN
    RETURN QUERY SELECT 'unknown_unit'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_village IS NOT NULL THEN
    SELECT id INTO v_village FROM units
    WHERE code = p_village AND parent_id = v_unit AND level = 'village'
      AND valid_to IS NULL;
    IF v_village IS NULL THEN
      RETURN QUERY SELECT 'unknown_village'::text, NULL::td_petition_v;
      RETURN;
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM petition_kinds WHERE code = p_kind) THEN
    RETURN QUERY SELECT 'unknown_kind'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM channels WHERE code = p_channel) THEN
    RETURN QUERY SELECT 'unknown_channel'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_field IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fields WHERE code = p_field) THEN
    RETURN QUERY SELECT 'unknown_field'::text, NULL::td_petition_v;
    RETURN;
  END IF;
  IF p_session IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM sessions WHERE id = p_session AND unit_id = v_unit) THEN
    RETURN QUERY SELECT 'unknown_session'::text, NULL::td_petition_v;
    RETURN;
  END IF;

  v_year := extract(year FROM p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh');
  INSERT INTO receipt_counters AS c (unit_id, year, last_no)
  VALUES (v_unit, v_year, 1)
  ON CONFLICT (unit_id, year) DO UPDATE SET last_no = c.last_no + 1
  RETURNING last_no INTO v_no;

  INSERT INTO petitions (receipt_no, idempotency_key, request_hash, unit_id,
                         village_id, kind, channel, field, group_size,
                         petitioner_name, petitioner_id_number,
                         petitioner_address, petitioner_contact, confidential,
                         summary, received_at, created_by, session_id,
                         deadline_rule_id, deadline_step, deadline_start, deadline)
  VALUES (v_prefix || '-' || v_year || '-' || lpad(v_no::text, 6, '0'),
          p_key, p_hash, v_unit, v_village, p_kind, p_channel, p_field,
          p_group_size, p_name, p_id_number, p_address, p_contact,
          p_confidential, p_summary, p_received_at, p_principal, p_session,
          p_rule, CASE WHEN p_rule IS NOT NULL THEN 'accept' END,
          CASE WHEN p_rule IS NOT NULL
               THEN (p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
          CASE WHEN v_remote THEN p_deadline_remote ELSE p_deadline END)
  RETURNING id INTO v_id;

  INSERT INTO petition_events (petition_id, unit_id, actor_id, action, to_status)
  VALUES (v_id, v_unit, p_principal, 'submit', 'received');

  RETURN QUERY SELECT 'created'::text, v FROM td_petition_v v WHERE v.id = v_id;
END
$$;

-- The fields that differ between two versions of a row, as a JSON object of
-- their new values: what an event records as "changed".
CREATE FUNCTION td_row_changes(p_old jsonb, p_new jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}'::jsonb)
  FROM jsonb_each(p_new) n
  WHERE n.key NOT IN ('version', 'updated_at')
    AND p_old -> n.key IS DISTINCT FROM n.value
$$;

-- Every change of a petition's life goes through here, in one statement: the
-- server has already checked that the action is lawful from the state it
-- read (domain/lifecycle.c) and computed any new deadline
-- (domain/deadline.c); this re-checks, under the row lock, that nothing
-- changed since (expected version, calendar version), applies the change and
-- records the event with the fields that changed.
--
-- result: ok | conflict | stale_calendar
CREATE FUNCTION td_apply_transition(
  p_principal   integer,
  p_id          bigint,
  p_expected    integer,
  p_calendar    bigint,
  p_action      text,
  p_to_status   text,
  p_at          timestamptz,
  p_note        text,
  p_transfer    text,
  p_outcome     text,
  p_satisfaction text,
  p_complex     boolean,
  p_decision_no text,
  p_set_deadline boolean,
  p_deadline    date,
  p_rule        integer,
  p_step        text,
  p_start       date,
  p_extensions  integer
) RETURNS TABLE (result text, petition td_petition_v, event_seq bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_old petitions%ROWTYPE;
  v_new petitions%ROWTYPE;
  v_seq bigint;
  v_closing boolean := p_to_status IN ('not_accepted', 'transferred', 'resolved', 'withdrawn');
BEGIN
  SELECT * INTO v_old FROM petitions WHERE id = p_id FOR UPDATE;
  IF NOT FOUND OR (p_action <> 'note' AND v_old.version <> p_expected) THEN
    RETURN QUERY SELECT 'conflict'::text, NULL::td_petition_v, NULL::bigint;
    RETURN;
  END IF;
  IF p_set_deadline AND p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN QUERY SELECT 'stale_calendar'::text, NULL::td_petition_v, NULL::bigint;
    RETURN;
  END IF;

  IF p_action <> 'note' THEN
    UPDATE petitions SET
      status          = p_to_status,
      accepted_at     = CASE WHEN p_action = 'accept' THEN p_at ELSE accepted_at END,
      closed_at       = CASE WHEN v_closing THEN p_at
                             WHEN p_action = 'reopen' THEN NULL ELSE closed_at END,
      outcome         = CASE WHEN p_action = 'resolve' THEN p_outcome
                             WHEN p_action = 'reopen' THEN NULL ELSE outcome END,
      transfer_target = coalesce(p_transfer, transfer_target),
      satisfaction    = CASE WHEN p_satisfaction IS NOT NULL THEN p_satisfaction
                             WHEN p_action = 'reopen' THEN NULL ELSE satisfaction END,
      complex         = CASE WHEN p_action = 'accept' THEN coalesce(p_complex, false)
                             ELSE complex END,
      decision_no     = coalesce(p_decision_no, decision_no),
      note            = CASE WHEN p_action IN ('reject', 'transfer', 'withdraw', 'reopen')
                             THEN p_note ELSE note END,
      deadline        = CASE WHEN p_set_deadline THEN p_deadline ELSE deadline END,
      deadline_rule_id = CASE WHEN p_set_deadline THEN p_rule ELSE deadline_rule_id END,
      deadline_step   = CASE WHEN p_set_deadline THEN p_step ELSE deadline_step END,
      deadline_start  = CASE WHEN p_set_deadline THEN p_start ELSE deadline_start END,
      extensions      = CASE WHEN p_set_deadline THEN p_extensions ELSE extensions END,
      version         = version + 1,
      updated_at      = now()
    WHERE id = p_id
    RETURNING * INTO v_new;
  ELSE
    v_new := v_old;
  END IF;

  INSERT INTO petition_events (petition_id, unit_id, actor_id, action,
                               from_status, to_status, note, changes, decision_no)
  VALUES (p_id, v_old.unit_id, p_principal, p_action, v_old.status, v_new.status,
          p_note, td_row_changes(to_jsonb(v_old), to_jsonb(v_new)), p_decision_no)
  RETURNING seq INTO v_seq;

  RETURN QUERY SELECT 'ok'::text, v, v_seq FROM td_petition_v v WHERE v.id = p_id;
END
$$;

-- Replaces one year's public holidays and returns the open petitions whose
-- deadline the server must recompute with them.
CREATE FUNCTION td_load_holidays(p_year integer, p_days date[], p_names text[])
RETURNS TABLE (calendar bigint, id bigint, version integer, kind text, step text,
               start date, remote boolean, complex boolean, extensions integer,
               rule integer, deadline date)
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM public_holidays WHERE extract(year FROM day) = p_year;
  INSERT INTO public_holidays (day, name)
  SELECT d, n FROM unnest(p_days, p_names) AS h(d, n);
  RETURN QUERY
  SELECT (SELECT c.version FROM calendar_state c), p.id, p.version, p.kind,
         p.deadline_step, p.deadline_start, u.remote_area, p.complex,
         p.extensions, p.deadline_rule_id, p.deadline
  FROM petitions p JOIN units u ON u.id = p.unit_id
  WHERE p.status IN ('received', 'accepted', 'in_progress')
    AND p.deadline_rule_id IS NOT NULL
  ORDER BY p.id;
END
$$;

-- Stores recomputed deadlines, each with an event saying why it moved. A
-- petition that changed meanwhile is skipped: its own change used the new
-- calendar already.
CREATE FUNCTION td_store_recomputed(p_principal integer, p_calendar bigint,
                                    p_note text, p_ids bigint[],
                                    p_versions integer[], p_deadlines date[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
BEGIN
  IF p_calendar IS DISTINCT FROM (SELECT version FROM calendar_state) THEN
    RETURN -1;
  END IF;
  WITH r AS (
    SELECT * FROM unnest(p_ids, p_versions, p_deadlines) AS r(id, version, deadline)
  ), old AS (
    SELECT p.* FROM petitions p JOIN r USING (id)
    WHERE p.version = r.version FOR UPDATE OF p
  ), upd AS (
    UPDATE petitions p SET deadline = r.deadline, version = p.version + 1,
                           updated_at = now()
    FROM r, old
    WHERE p.id = r.id AND old.id = r.id
    RETURNING p.id, p.unit_id, p.status, old.deadline AS was, p.deadline AS now
  ), ev AS (
    INSERT INTO petition_events (petition_id, unit_id, actor_id, action,
                                 from_status, to_status, note, changes)
    SELECT id, unit_id, p_principal, 'recompute', status, status,
           p_note || ': ' || coalesce(was::text, '-') || ' -> ' || now::text,
           jsonb_build_object('deadline', now)
    FROM upd
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM ev;
  RETURN v_count;
END
$$;

CREATE VIEW td_session_v AS
SELECT s.id, s.unit_id, u.code AS unit_code, u.name AS unit_name, s.type, s.title,
       s.presided_by,
       floor(extract(epoch FROM s.opened_at))::bigint AS opened_at,
       floor(extract(epoch FROM s.closed_at))::bigint AS closed_at,
       s.attendees, s.opinions, s.resolved_on_spot, s.forwarded, s.note,
       (SELECT count(*) FROM petitions p WHERE p.session_id = s.id) AS petitions
FROM sessions s JOIN units u ON u.id = s.unit_id;

-- Sessions: closing records what was raised and answered there.
-- result: ok | not_found | already_closed | before_open | counts
CREATE FUNCTION td_close_session(p_scope integer, p_id bigint, p_at timestamptz,
                                 p_attendees integer, p_opinions integer,
                                 p_resolved integer, p_forwarded integer,
                                 p_note text)
RETURNS TABLE (result text, session td_session_v)
LANGUAGE plpgsql AS $$
DECLARE
  v_closed timestamptz;
  v_opened timestamptz;
BEGIN
  SELECT s.closed_at, s.opened_at INTO v_closed, v_opened FROM sessions s
  WHERE s.id = p_id
    AND s.unit_id IN (SELECT st.id FROM td_unit_subtree(p_scope) AS st)
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF v_closed IS NOT NULL THEN
    RETURN QUERY SELECT 'already_closed'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF p_at < v_opened THEN
    RETURN QUERY SELECT 'before_open'::text, NULL::td_session_v;
    RETURN;
  END IF;
  IF coalesce(p_resolved, 0) + coalesce(p_forwarded, 0) > coalesce(p_opinions, 0) THEN
    RETURN QUERY SELECT 'counts'::text, NULL::td_session_v;
    RETURN;
  END IF;
  UPDATE sessions SET closed_at = p_at, attendees = p_attendees, opinions = p_opinions,
                      resolved_on_spot = p_resolved, forwarded = p_forwarded,
                      note = p_note
  WHERE id = p_id;
  RETURN QUERY SELECT 'ok'::text, v FROM td_session_v v WHERE v.id = p_id;
END
$$;
