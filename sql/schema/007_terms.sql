-- The remaining vocabularies as reference rows, like petition_kinds,
-- channels and fields: a petition's status and outcome and a session's type,
-- each with its Vietnamese and English name and its place in a list. The
-- server reads every vocabulary once through the view td_terms and sends it
-- to clients, which print these names rather than their own copies. The
-- CHECK lists of the columns become foreign keys to the new tables.

CREATE TABLE statuses (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE statuses IS
  'Trạng thái: where a petition is in its life. The lawful moves between them '
  'are the state machine of server/domain/lifecycle.c; received, accepted and '
  'in_progress are open, the others closed.';

CREATE TABLE outcomes (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE outcomes IS
  'Kết quả giải quyết: how a resolved petition was answered.';

CREATE TABLE session_types (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE session_types IS
  'What kind of meeting a session is: reception (regular, or periodic by '
  'leaders), a dialogue conference or a voters'' meeting.';

INSERT INTO statuses (code, name_vi, name_en, sort) VALUES
  ('received',     'Mới tiếp nhận',                  'Received',     1),
  ('accepted',     'Đã thụ lý',                      'Accepted',     2),
  ('not_accepted', 'Không thụ lý',                   'Not accepted', 3),
  ('transferred',  'Đã chuyển cơ quan có thẩm quyền', 'Transferred',  4),
  ('in_progress',  'Đang giải quyết',                'In progress',  5),
  ('resolved',     'Đã giải quyết',                  'Resolved',     6),
  ('withdrawn',    'Đã rút',                         'Withdrawn',    7);

INSERT INTO outcomes (code, name_vi, name_en, sort) VALUES
  ('answered_in_writing',   'Trả lời bằng văn bản', 'Answered in writing',   1),
  ('mediated_successfully', 'Hòa giải thành',       'Mediated successfully', 2),
  ('mediation_failed',      'Hòa giải không thành', 'Mediation failed',      3),
  ('decision_issued',       'Ban hành quyết định',  'Decision issued',       4);

INSERT INTO session_types (code, name_vi, name_en, sort) VALUES
  ('regular_reception',  'Tiếp công dân thường xuyên', 'Regular reception',             1),
  ('periodic_reception', 'Tiếp công dân định kỳ',      'Periodic reception by leaders', 2),
  ('dialogue',           'Hội nghị đối thoại',         'Dialogue conference',           3),
  ('voters_meeting',     'Tiếp xúc cử tri',            'Voters'' meeting',              4);

ALTER TABLE petitions
  DROP CONSTRAINT petitions_status_check,
  DROP CONSTRAINT petitions_outcome_check,
  ADD CONSTRAINT petitions_status_fkey FOREIGN KEY (status) REFERENCES statuses (code),
  ADD CONSTRAINT petitions_outcome_fkey FOREIGN KEY (outcome) REFERENCES outcomes (code);
COMMENT ON COLUMN petitions.status IS
  'Changed only through td_apply_transition, which records the event.';
COMMENT ON COLUMN petitions.outcome IS
  'Set when the petition is resolved; cleared when it is reopened.';

ALTER TABLE sessions
  DROP CONSTRAINT sessions_type_check,
  ADD CONSTRAINT sessions_type_fkey FOREIGN KEY (type) REFERENCES session_types (code);
