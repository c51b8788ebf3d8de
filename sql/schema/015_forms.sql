-- What the official report forms need (issue 14), and the forms themselves.
--
-- Reception sessions say what kind of reception they were: routine (by the
-- reception officers), the head's periodic or ad hoc reception, or a
-- reception the head delegated (ủy quyền), which Luật 136/2025/QH15 forbids
-- a commune from 1 July 2026 (td_open_session refuses it). A periodic
-- session has its number in the year (kỳ tiếp số); every session may keep
-- a theme (chủ đề) beside its title, and records the mass delegations
-- (đoàn đông người) it received. The Fatherland Front's supervisions and
-- social criticisms are sessions of their own types.
--
-- A petition may repeat an earlier one of the same petitioner about the
-- same matter (tiếp nhiều lần, khiếu nại lần hai): repeat_of_id links it.
-- A resolved complaint or denunciation keeps what its resolution found
-- (đúng, sai, đúng một phần), which forms 03/GQKN and 04/GQTC count.
--
-- The forms are data: report_forms holds each form's columns (their tree,
-- numbers and how each is counted), its check formulas, the circular it
-- comes from and the day it applies from. When the Inspectorate changes a
-- form, a later migration inserts the new version with its applies_from;
-- the version in force on a period's last day fills that period.

UPDATE session_types SET sort = sort + 2 WHERE sort >= 3;
UPDATE session_types SET name_vi = 'Tiếp định kỳ của Chủ tịch UBND',
                         name_en = 'Periodic reception by the head'
WHERE code = 'periodic_reception';
INSERT INTO session_types (code, name_vi, name_en, sort) VALUES
  ('adhoc_reception',     'Tiếp đột xuất của Chủ tịch UBND', 'Ad hoc reception by the head', 3),
  ('delegated_reception', 'Ủy quyền tiếp công dân',          'Delegated reception',          4),
  ('supervision',         'Giám sát của MTTQ',               'Front supervision',            7),
  ('social_criticism',    'Phản biện xã hội của MTTQ',       'Front social criticism',       8);
COMMENT ON TABLE session_types IS
  'What kind of meeting a session is: reception (routine, the head''s periodic '
  'or ad hoc, or delegated), a dialogue conference, a voters'' meeting, or the '
  'Fatherland Front''s supervision or social criticism.';

ALTER TABLE sessions ADD COLUMN number integer CHECK (number > 0),
                     ADD COLUMN theme text,
                     ADD COLUMN groups integer CHECK (groups >= 0),
                     ADD COLUMN group_people integer CHECK (group_people >= 0),
                     ADD CONSTRAINT sessions_groups_people_check
                       CHECK (group_people IS NULL OR groups IS NULL
                              OR group_people >= groups),
                     ADD CONSTRAINT sessions_group_attendees_check
                       CHECK (group_people IS NULL OR attendees IS NULL
                              OR group_people <= attendees);
COMMENT ON COLUMN sessions.number IS
  'Kỳ tiếp số: a periodic reception''s number in its commune and year.';
COMMENT ON COLUMN sessions.theme IS
  'Chủ đề: what a dialogue or supervision was about, printed with its title.';
COMMENT ON COLUMN sessions.groups IS
  'Mass delegations (đoàn đông người) received; group_people of the attendees '
  'came in them.';

CREATE TABLE findings (
  code    text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  sort    smallint NOT NULL
);
COMMENT ON TABLE findings IS
  'Kết luận: what the resolution of a complaint or denunciation found.';
INSERT INTO findings (code, name_vi, name_en, sort) VALUES
  ('correct',        'Đúng',          'Correct',        1),
  ('incorrect',      'Sai',           'Incorrect',      2),
  ('partly_correct', 'Đúng một phần', 'Partly correct', 3);

ALTER TABLE petitions ADD COLUMN repeat_of_id bigint REFERENCES petitions (id),
                      ADD COLUMN finding text REFERENCES findings (code),
                      ADD CONSTRAINT petitions_repeat_self_check
                        CHECK (repeat_of_id IS NULL OR repeat_of_id <> id);
COMMENT ON COLUMN petitions.repeat_of_id IS
  'The earlier petition of the same petitioner about the same matter that this '
  'one repeats (tiếp nhiều lần); NULL for a first visit.';
COMMENT ON COLUMN petitions.finding IS
  'For a resolved complaint or denunciation: what the resolution found.';
-- Earlier petitions of a petitioner, for the repeat check at intake.
CREATE INDEX petitions_petitioner_id ON petitions (petitioner_id_number)
  WHERE petitioner_id_number IS NOT NULL;
CREATE INDEX petitions_repeat_of ON petitions (repeat_of_id)
  WHERE repeat_of_id IS NOT NULL;

CREATE TABLE report_forms (
  code         text NOT NULL,
  applies_from date NOT NULL,
  label        text NOT NULL,
  title_vi     text NOT NULL,
  title_en     text NOT NULL,
  basis        text NOT NULL,
  version      text NOT NULL,
  definition   jsonb NOT NULL,
  PRIMARY KEY (code, applies_from)
);
COMMENT ON TABLE report_forms IS
  'The official periodic report forms (biểu mẫu), as data. definition holds '
  'unit_label_vi/en, source (reception or petitions: which facts it counts), '
  'checks (formulas over column numbers: "1 = 4 + 13 + 22", "8 <= 7") and '
  'columns: {id, parent, label_vi, label_en, number, where, sum, manual}, in '
  'order; a column with a number is a figure: the sum of measure sum over the '
  'facts whose attributes contain where (td_form_facts says which there are); '
  'a manual column is not recorded here and is left blank for the office.';

INSERT INTO report_forms (code, label, title_vi, title_en, basis, version, applies_from, definition) VALUES
  ('01/TCD', 'Biểu số 01/TCD',
   'TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT',
   'Citizen reception: routine, periodic and ad hoc',
   'Thông tư 06/2025/TT-TTCP', '06/2025 (tiepdan 1: as TT 01/2024, the best known)', DATE '2025-09-30',
   '{"unit_label_vi": "Đơn vị", "unit_label_en": "Unit", "source": "reception",
 "checks": ["1 = 4 + 13 + 22", "2 = 5 + 14 + 23", "3 = 6 + 7 + 15 + 16 + 24 + 25"],
 "columns": [
  {"id": "total", "label_vi": "Tổng số", "label_en": "Total"},
  {"id": "t_visits", "label_vi": "Tổng số lượt tiếp", "label_en": "Receptions (visits)", "parent": "total", "number": 1, "where": {"tcd": true}, "sum": "visits"},
  {"id": "t_people", "label_vi": "Tổng số người được tiếp", "label_en": "People received", "parent": "total", "number": 2, "where": {"tcd": true}, "sum": "people"},
  {"id": "t_cases", "label_vi": "Tổng số vụ việc tiếp", "label_en": "Cases received", "parent": "total", "number": 3, "where": {"tcd": true}, "sum": "cases"},
  {"id": "routine", "label_vi": "Tiếp thường xuyên", "label_en": "Routine reception"},
  {"id": "routine_v", "label_vi": "Số lượt tiếp", "label_en": "Visits", "parent": "routine", "number": 4, "where": {"rec": "routine"}, "sum": "visits"},
  {"id": "routine_p", "label_vi": "Số người được tiếp", "label_en": "People", "parent": "routine", "number": 5, "where": {"rec": "routine"}, "sum": "people"},
  {"id": "routine_c", "label_vi": "Số vụ việc", "label_en": "Cases", "parent": "routine"},
  {"id": "routine_c1", "label_vi": "Tiếp lần đầu", "label_en": "First visit", "parent": "routine_c", "number": 6, "where": {"rec": "routine", "visit": "first"}, "sum": "cases"},
  {"id": "routine_c2", "label_vi": "Tiếp nhiều lần", "label_en": "Repeat visit", "parent": "routine_c", "number": 7, "where": {"rec": "routine", "visit": "repeat"}, "sum": "cases"},
  {"id": "routine_g", "label_vi": "Trong đó đoàn đông người", "label_en": "Of which mass delegations", "parent": "routine"},
  {"id": "routine_gn", "label_vi": "Số đoàn", "label_en": "Delegations", "parent": "routine_g", "number": 8, "where": {"rec": "routine"}, "sum": "groups"},
  {"id": "routine_gp", "label_vi": "Số người", "label_en": "People", "parent": "routine_g", "number": 9, "where": {"rec": "routine"}, "sum": "group_people"},
  {"id": "routine_g1", "label_vi": "Số vụ việc lần đầu", "label_en": "Cases, first visit", "parent": "routine_g", "number": 10, "where": {"rec": "routine", "visit": "first", "mass": true}, "sum": "cases"},
  {"id": "routine_g2", "label_vi": "Số vụ việc nhiều lần", "label_en": "Cases, repeat visit", "parent": "routine_g", "number": 11, "where": {"rec": "routine", "visit": "repeat", "mass": true}, "sum": "cases"},
  {"id": "head", "label_vi": "Tiếp định kỳ và đột xuất của Thủ trưởng", "label_en": "The head''s periodic and ad hoc receptions"},
  {"id": "head_self", "label_vi": "Thủ trưởng tiếp", "label_en": "Received by the head", "parent": "head"},
  {"id": "head_self_ky", "label_vi": "Số kỳ tiếp", "label_en": "Sessions held", "parent": "head_self", "number": 12, "where": {"rec": "head", "src": "session"}, "sum": "sessions"},
  {"id": "head_self_v", "label_vi": "Số lượt tiếp", "label_en": "Visits", "parent": "head_self", "number": 13, "where": {"rec": "head"}, "sum": "visits"},
  {"id": "head_self_p", "label_vi": "Số người được tiếp", "label_en": "People", "parent": "head_self", "number": 14, "where": {"rec": "head"}, "sum": "people"},
  {"id": "head_self_c", "label_vi": "Số vụ việc", "label_en": "Cases", "parent": "head_self"},
  {"id": "head_self_c1", "label_vi": "Tiếp lần đầu", "label_en": "First visit", "parent": "head_self_c", "number": 15, "where": {"rec": "head", "visit": "first"}, "sum": "cases"},
  {"id": "head_self_c2", "label_vi": "Tiếp nhiều lần", "label_en": "Repeat visit", "parent": "head_self_c", "number": 16, "where": {"rec": "head", "visit": "repeat"}, "sum": "cases"},
  {"id": "head_self_g", "label_vi": "Trong đó đoàn đông người", "label_en": "Of which mass delegations", "parent": "head_self"},
  {"id": "head_self_gn", "label_vi": "Số đoàn", "label_en": "Delegations", "parent": "head_self_g", "number": 17, "where": {"rec": "head"}, "sum": "groups"},
  {"id": "head_self_gp", "label_vi": "Số người", "label_en": "People", "parent": "head_self_g", "number": 18, "where": {"rec": "head"}, "sum": "group_people"},
  {"id": "head_self_g1", "label_vi": "Số vụ việc lần đầu", "label_en": "Cases, first visit", "parent": "head_self_g", "number": 19, "where": {"rec": "head", "visit": "first", "mass": true}, "sum": "cases"},
  {"id": "head_self_g2", "label_vi": "Số vụ việc nhiều lần", "label_en": "Cases, repeat visit", "parent": "head_self_g", "number": 20, "where": {"rec": "head", "visit": "repeat", "mass": true}, "sum": "cases"},
  {"id": "head_dlg", "label_vi": "Ủy quyền tiếp", "label_en": "Delegated", "parent": "head"},
  {"id": "head_dlg_ky", "label_vi": "Số kỳ tiếp", "label_en": "Sessions held", "parent": "head_dlg", "number": 21, "where": {"rec": "delegated", "src": "session"}, "sum": "sessions"},
  {"id": "head_dlg_v", "label_vi": "Số lượt tiếp", "label_en": "Visits", "parent": "head_dlg", "number": 22, "where": {"rec": "delegated"}, "sum": "visits"},
  {"id": "head_dlg_p", "label_vi": "Số người được tiếp", "label_en": "People", "parent": "head_dlg", "number": 23, "where": {"rec": "delegated"}, "sum": "people"},
  {"id": "head_dlg_c", "label_vi": "Số vụ việc", "label_en": "Cases", "parent": "head_dlg"},
  {"id": "head_dlg_c1", "label_vi": "Tiếp lần đầu", "label_en": "First visit", "parent": "head_dlg_c", "number": 24, "where": {"rec": "delegated", "visit": "first"}, "sum": "cases"},
  {"id": "head_dlg_c2", "label_vi": "Tiếp nhiều lần", "label_en": "Repeat visit", "parent": "head_dlg_c", "number": 25, "where": {"rec": "delegated", "visit": "repeat"}, "sum": "cases"},
  {"id": "head_dlg_g", "label_vi": "Trong đó đoàn đông người", "label_en": "Of which mass delegations", "parent": "head_dlg"},
  {"id": "head_dlg_gn", "label_vi": "Số đoàn", "label_en": "Delegations", "parent": "head_dlg_g", "number": 26, "where": {"rec": "delegated"}, "sum": "groups"},
  {"id": "head_dlg_gp", "label_vi": "Số người", "label_en": "People", "parent": "head_dlg_g", "number": 27, "where": {"rec": "delegated"}, "sum": "group_people"},
  {"id": "head_dlg_g1", "label_vi": "Số vụ việc lần đầu", "label_en": "Cases, first visit", "parent": "head_dlg_g", "number": 28, "where": {"rec": "delegated", "visit": "first", "mass": true}, "sum": "cases"},
  {"id": "head_dlg_g2", "label_vi": "Số vụ việc nhiều lần", "label_en": "Cases, repeat visit", "parent": "head_dlg_g", "number": 29, "where": {"rec": "delegated", "visit": "repeat", "mass": true}, "sum": "cases"}
 ]}'::jsonb);

INSERT INTO report_forms (code, label, title_vi, title_en, basis, version, applies_from, definition) VALUES
  ('02/XLD', 'Biểu số 02/XLD',
   'TỔNG HỢP KẾT QUẢ TIẾP NHẬN, XỬ LÝ ĐƠN',
   'Receiving and processing petitions',
   'Thông tư 06/2025/TT-TTCP', '06/2025 (tiepdan 1: best known; see the note)', DATE '2025-09-30',
   '{"unit_label_vi": "Đơn vị", "unit_label_en": "Unit", "source": "petitions",
 "checks": ["1 = 2 + 3", "1 = 4 + 5 + 6", "8 <= 7", "9 = 10 + 11 + 12", "9 = 13 + 14 + 15", "7 = 16 + 17 + 18 + 19 + 20"],
 "columns": [
  {"id": "recv", "label_vi": "Tiếp nhận", "label_en": "Received"},
  {"id": "recv_total", "label_vi": "Tổng số đơn", "label_en": "Petitions in all", "parent": "recv", "number": 1, "where": {"in_xld": true}, "sum": "n"},
  {"id": "recv_prev", "label_vi": "Kỳ trước chuyển sang", "label_en": "Carried over", "parent": "recv", "number": 2, "where": {"xld": "carried"}, "sum": "n"},
  {"id": "recv_new", "label_vi": "Tiếp nhận trong kỳ", "label_en": "Received in the period", "parent": "recv", "number": 3, "where": {"xld": "new"}, "sum": "n"},
  {"id": "signer", "label_vi": "Theo người đứng đơn", "label_en": "By signatories", "parent": "recv"},
  {"id": "s_one", "label_vi": "Đơn có một người đứng tên", "label_en": "One signatory", "parent": "signer", "number": 4, "where": {"in_xld": true, "signer": "one"}, "sum": "n"},
  {"id": "s_many", "label_vi": "Đơn có nhiều người đứng tên", "label_en": "Several signatories", "parent": "signer", "number": 5, "where": {"in_xld": true, "signer": "many"}, "sum": "n"},
  {"id": "s_other", "label_vi": "Đơn không rõ họ tên", "label_en": "Name not given", "parent": "signer", "number": 6, "where": {"in_xld": true, "signer": "other"}, "sum": "n"},
  {"id": "proc", "label_vi": "Số đơn đã xử lý", "label_en": "Processed", "parent": "recv", "number": 7, "where": {"in_xld": true, "processed": true}, "sum": "n"},
  {"id": "elig", "label_vi": "Đơn đủ điều kiện xử lý", "label_en": "Eligible for handling"},
  {"id": "elig_n", "label_vi": "Số đơn", "label_en": "Petitions", "parent": "elig", "number": 8, "where": {"in_xld": true, "processed": true, "eligible": true}, "sum": "n"},
  {"id": "elig_c", "label_vi": "Số vụ việc", "label_en": "Cases", "parent": "elig", "number": 9, "where": {"in_xld": true, "processed": true, "eligible": true}, "sum": "cases"},
  {"id": "content", "label_vi": "Phân loại vụ việc theo nội dung", "label_en": "Cases by content"},
  {"id": "k_kn", "label_vi": "Khiếu nại", "label_en": "Complaints", "parent": "content", "number": 10, "where": {"in_xld": true, "processed": true, "eligible": true, "content": "complaint"}, "sum": "cases"},
  {"id": "k_tc", "label_vi": "Tố cáo", "label_en": "Denunciations", "parent": "content", "number": 11, "where": {"in_xld": true, "processed": true, "eligible": true, "content": "denunciation"}, "sum": "cases"},
  {"id": "k_kp", "label_vi": "Kiến nghị, phản ánh", "label_en": "Recommendations, feedback", "parent": "content", "number": 12, "where": {"in_xld": true, "processed": true, "eligible": true, "content": "recommendation"}, "sum": "cases"},
  {"id": "state", "label_vi": "Theo tình trạng giải quyết", "label_en": "By state of the matter"},
  {"id": "st_first", "label_vi": "Chưa được giải quyết", "label_en": "Not handled before", "parent": "state", "number": 13, "where": {"in_xld": true, "processed": true, "eligible": true, "prior": "none"}, "sum": "cases"},
  {"id": "st_done", "label_vi": "Đã được giải quyết", "label_en": "Handled before", "parent": "state", "number": 14, "where": {"in_xld": true, "processed": true, "eligible": true, "prior": "closed"}, "sum": "cases"},
  {"id": "st_open", "label_vi": "Đang được giải quyết", "label_en": "Being handled", "parent": "state", "number": 15, "where": {"in_xld": true, "processed": true, "eligible": true, "prior": "open"}, "sum": "cases"},
  {"id": "res", "label_vi": "Kết quả xử lý đơn", "label_en": "Result of processing"},
  {"id": "res_in", "label_vi": "Thuộc thẩm quyền", "label_en": "Under this body''s competence", "parent": "res"},
  {"id": "r_kn", "label_vi": "Khiếu nại", "label_en": "Complaints", "parent": "res_in", "number": 16, "where": {"in_xld": true, "handled": "accepted", "content": "complaint"}, "sum": "n"},
  {"id": "r_tc", "label_vi": "Tố cáo", "label_en": "Denunciations", "parent": "res_in", "number": 17, "where": {"in_xld": true, "handled": "accepted", "content": "denunciation"}, "sum": "n"},
  {"id": "r_kp", "label_vi": "Kiến nghị, phản ánh", "label_en": "Recommendations, feedback", "parent": "res_in", "number": 18, "where": {"in_xld": true, "handled": "accepted", "content": "recommendation"}, "sum": "n"},
  {"id": "res_out", "label_vi": "Không thuộc thẩm quyền", "label_en": "Not under its competence", "parent": "res"},
  {"id": "r_guide", "label_vi": "Hướng dẫn, trả lại đơn", "label_en": "Returned with guidance", "parent": "res_out", "number": 19, "where": {"in_xld": true, "handled": "guided"}, "sum": "n"},
  {"id": "r_move", "label_vi": "Chuyển đơn", "label_en": "Transferred", "parent": "res_out", "number": 20, "where": {"in_xld": true, "handled": "transferred"}, "sum": "n"},
  {"id": "r_urge", "label_vi": "Đôn đốc giải quyết", "label_en": "Follow-up requested", "parent": "res_out", "number": 21, "manual": true},
  {"id": "reply", "label_vi": "Số văn bản phúc đáp nhận được do chuyển đơn", "label_en": "Replies received for transferred petitions", "number": 22, "manual": true}
 ]}'::jsonb);

INSERT INTO report_forms (code, label, title_vi, title_en, basis, version, applies_from, definition) VALUES
  ('03/GQKN', 'Biểu số 03/GQKN',
   'TỔNG HỢP KẾT QUẢ GIẢI QUYẾT ĐƠN KHIẾU NẠI',
   'Complaints resolved',
   'Thông tư 06/2025/TT-TTCP', '06/2025 (tiepdan 1: best known; see the note)', DATE '2025-09-30',
   '{"unit_label_vi": "Đơn vị", "unit_label_en": "Unit", "source": "petitions",
 "checks": ["1 = 2 + 3", "5 = 6 + 7 + 8 + 9 + 10", "6 + 7 + 8 + 9 = 16 + 17", "1 = 5 + 18"],
 "columns": [
  {"id": "all", "label_vi": "Tổng số đơn khiếu nại thuộc thẩm quyền", "label_en": "Complaints under this body''s competence"},
  {"id": "a_n", "label_vi": "Tổng số", "label_en": "In all", "parent": "all", "number": 1, "where": {"gq": "complaint"}, "sum": "n"},
  {"id": "a_prev", "label_vi": "Kỳ trước chuyển sang", "label_en": "Carried over", "parent": "all", "number": 2, "where": {"gq": "complaint", "gq_in": "carried"}, "sum": "n"},
  {"id": "a_new", "label_vi": "Thụ lý trong kỳ", "label_en": "Accepted in the period", "parent": "all", "number": 3, "where": {"gq": "complaint", "gq_in": "new"}, "sum": "n"},
  {"id": "a_rep", "label_vi": "Trong đó khiếu nại nhiều lần", "label_en": "Of which repeated", "parent": "all", "number": 4, "where": {"gq": "complaint", "visit": "repeat"}, "sum": "n"},
  {"id": "done", "label_vi": "Đã giải quyết", "label_en": "Settled in the period"},
  {"id": "d_n", "label_vi": "Tổng số", "label_en": "In all", "parent": "done", "number": 5, "where": {"gq": "complaint", "closed": true}, "sum": "n"},
  {"id": "d_f", "label_vi": "Kết quả", "label_en": "Finding", "parent": "done"},
  {"id": "d_ok", "label_vi": "Khiếu nại đúng", "label_en": "Correct", "parent": "d_f", "number": 6, "where": {"gq": "complaint", "closed": true, "finding": "correct"}, "sum": "n"},
  {"id": "d_bad", "label_vi": "Khiếu nại sai", "label_en": "Incorrect", "parent": "d_f", "number": 7, "where": {"gq": "complaint", "closed": true, "finding": "incorrect"}, "sum": "n"},
  {"id": "d_part", "label_vi": "Đúng một phần", "label_en": "Partly correct", "parent": "d_f", "number": 8, "where": {"gq": "complaint", "closed": true, "finding": "partly_correct"}, "sum": "n"},
  {"id": "d_none", "label_vi": "Hòa giải, trả lời (không kết luận)", "label_en": "Mediated or answered, no finding", "parent": "d_f", "number": 9, "where": {"gq": "complaint", "closed": true, "finding": "none"}, "sum": "n"},
  {"id": "d_wd", "label_vi": "Rút đơn", "label_en": "Withdrawn", "parent": "done", "number": 10, "where": {"gq": "complaint", "closed": true, "withdrawn": true}, "sum": "n"},
  {"id": "rec", "label_vi": "Kiến nghị thu hồi, trả lại, xử lý", "label_en": "Recovery, restitution, sanctions"},
  {"id": "rec_money", "label_vi": "Tiền (triệu đồng)", "label_en": "Money (million đồng)", "parent": "rec", "number": 11, "manual": true},
  {"id": "rec_land", "label_vi": "Đất (m²)", "label_en": "Land (m²)", "parent": "rec", "number": 12, "manual": true},
  {"id": "rec_people", "label_vi": "Số người được trả lại quyền lợi", "label_en": "People whose rights were restored", "parent": "rec", "number": 13, "manual": true},
  {"id": "rec_sanct", "label_vi": "Kiến nghị xử lý hành chính (người)", "label_en": "Recommended for sanctions (people)", "parent": "rec", "number": 14, "manual": true},
  {"id": "rec_inv", "label_vi": "Chuyển cơ quan điều tra (vụ)", "label_en": "Sent to investigators (cases)", "parent": "rec", "number": 15, "manual": true},
  {"id": "time", "label_vi": "Thời hạn giải quyết", "label_en": "Deadlines"},
  {"id": "t_ok", "label_vi": "Đúng thời hạn", "label_en": "On time", "parent": "time", "number": 16, "where": {"gq": "complaint", "closed": true, "withdrawn": false, "timely": true}, "sum": "n"},
  {"id": "t_late", "label_vi": "Quá thời hạn", "label_en": "Late", "parent": "time", "number": 17, "where": {"gq": "complaint", "closed": true, "withdrawn": false, "timely": false}, "sum": "n"},
  {"id": "open", "label_vi": "Đang giải quyết cuối kỳ", "label_en": "Open at the end of the period", "number": 18, "where": {"gq": "complaint", "open_end": true}, "sum": "n"}
 ]}'::jsonb);

INSERT INTO report_forms (code, label, title_vi, title_en, basis, version, applies_from, definition) VALUES
  ('04/GQTC', 'Biểu số 04/GQTC',
   'TỔNG HỢP KẾT QUẢ GIẢI QUYẾT ĐƠN TỐ CÁO',
   'Denunciations resolved',
   'Thông tư 06/2025/TT-TTCP', '06/2025 (tiepdan 1: best known; see the note)', DATE '2025-09-30',
   '{"unit_label_vi": "Đơn vị", "unit_label_en": "Unit", "source": "petitions",
 "checks": ["1 = 2 + 3", "5 = 6 + 7 + 8 + 9 + 10", "6 + 7 + 8 + 9 = 16 + 17", "1 = 5 + 18"],
 "columns": [
  {"id": "all", "label_vi": "Tổng số đơn tố cáo thuộc thẩm quyền", "label_en": "Denunciations under this body''s competence"},
  {"id": "a_n", "label_vi": "Tổng số", "label_en": "In all", "parent": "all", "number": 1, "where": {"gq": "denunciation"}, "sum": "n"},
  {"id": "a_prev", "label_vi": "Kỳ trước chuyển sang", "label_en": "Carried over", "parent": "all", "number": 2, "where": {"gq": "denunciation", "gq_in": "carried"}, "sum": "n"},
  {"id": "a_new", "label_vi": "Thụ lý trong kỳ", "label_en": "Accepted in the period", "parent": "all", "number": 3, "where": {"gq": "denunciation", "gq_in": "new"}, "sum": "n"},
  {"id": "a_rep", "label_vi": "Trong đó tố cáo nhiều lần", "label_en": "Of which repeated", "parent": "all", "number": 4, "where": {"gq": "denunciation", "visit": "repeat"}, "sum": "n"},
  {"id": "done", "label_vi": "Đã giải quyết", "label_en": "Settled in the period"},
  {"id": "d_n", "label_vi": "Tổng số", "label_en": "In all", "parent": "done", "number": 5, "where": {"gq": "denunciation", "closed": true}, "sum": "n"},
  {"id": "d_f", "label_vi": "Kết quả", "label_en": "Finding", "parent": "done"},
  {"id": "d_ok", "label_vi": "Tố cáo đúng", "label_en": "Correct", "parent": "d_f", "number": 6, "where": {"gq": "denunciation", "closed": true, "finding": "correct"}, "sum": "n"},
  {"id": "d_bad", "label_vi": "Tố cáo sai", "label_en": "Incorrect", "parent": "d_f", "number": 7, "where": {"gq": "denunciation", "closed": true, "finding": "incorrect"}, "sum": "n"},
  {"id": "d_part", "label_vi": "Đúng một phần", "label_en": "Partly correct", "parent": "d_f", "number": 8, "where": {"gq": "denunciation", "closed": true, "finding": "partly_correct"}, "sum": "n"},
  {"id": "d_none", "label_vi": "Hòa giải, trả lời (không kết luận)", "label_en": "Mediated or answered, no finding", "parent": "d_f", "number": 9, "where": {"gq": "denunciation", "closed": true, "finding": "none"}, "sum": "n"},
  {"id": "d_wd", "label_vi": "Rút đơn", "label_en": "Withdrawn", "parent": "done", "number": 10, "where": {"gq": "denunciation", "closed": true, "withdrawn": true}, "sum": "n"},
  {"id": "rec", "label_vi": "Kiến nghị thu hồi, trả lại, xử lý", "label_en": "Recovery, restitution, sanctions"},
  {"id": "rec_money", "label_vi": "Tiền (triệu đồng)", "label_en": "Money (million đồng)", "parent": "rec", "number": 11, "manual": true},
  {"id": "rec_land", "label_vi": "Đất (m²)", "label_en": "Land (m²)", "parent": "rec", "number": 12, "manual": true},
  {"id": "rec_people", "label_vi": "Số người được trả lại quyền lợi", "label_en": "People whose rights were restored", "parent": "rec", "number": 13, "manual": true},
  {"id": "rec_sanct", "label_vi": "Kiến nghị xử lý hành chính (người)", "label_en": "Recommended for sanctions (people)", "parent": "rec", "number": 14, "manual": true},
  {"id": "rec_inv", "label_vi": "Chuyển cơ quan điều tra (vụ)", "label_en": "Sent to investigators (cases)", "parent": "rec", "number": 15, "manual": true},
  {"id": "time", "label_vi": "Thời hạn giải quyết", "label_en": "Deadlines"},
  {"id": "t_ok", "label_vi": "Đúng thời hạn", "label_en": "On time", "parent": "time", "number": 16, "where": {"gq": "denunciation", "closed": true, "withdrawn": false, "timely": true}, "sum": "n"},
  {"id": "t_late", "label_vi": "Quá thời hạn", "label_en": "Late", "parent": "time", "number": 17, "where": {"gq": "denunciation", "closed": true, "withdrawn": false, "timely": false}, "sum": "n"},
  {"id": "open", "label_vi": "Đang giải quyết cuối kỳ", "label_en": "Open at the end of the period", "number": 18, "where": {"gq": "denunciation", "open_end": true}, "sum": "n"}
 ]}'::jsonb);
