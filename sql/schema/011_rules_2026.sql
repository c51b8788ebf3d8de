-- The deadline rules under Law 136/2025/QH15, and the especially complex
-- denunciation.
--
-- Luật số 136/2025/QH15 (passed 10/12/2025, in force from 01/7/2026) amends
-- the Law on Citizen Reception, the Law on Complaints (02/2011/QH13) and the
-- Law on Denunciations (25/2018/QH14). From that day the time limits of
-- those two laws are those of the laws as amended, so each rule that rests
-- on them gets a row of its own from 2026-07-01 citing the amended law; the
-- rows of 2012 and 2019 stay as they are (a released row is never edited),
-- and a step that starts before 1 July 2026 keeps its old rule, because the
-- engine picks the rule in force on the day the step starts (receipt for
-- acceptance, acceptance for resolution).
--
-- The article-level text of Law 136/2025/QH15 could not be read when these
-- rows were written: only its preamble (which laws it amends) and press
-- summaries of it (withdrawal of complaints, grounds to suspend, the
-- denouncer's identity, online reception, databases), none of which names a
-- new time limit. The periods below are therefore those of the articles as
-- they stood before the amendment, read in the published text of each
-- article, and each source says that the amended text is still to be
-- compared. README.md ("Deadline rules and their sources") lists which row
-- was checked against which text. If the amended text changes a period,
-- a later file corrects these rows (one row per kind, step and day): a
-- correction of data, where a later change of the law is a row of its own.

INSERT INTO deadline_rules (kind, step, effective_from, day_count, days, remote_days,
                            complex_days, remote_complex_days, max_extensions,
                            extension_days, source) VALUES
  ('complaint', 'accept', '2026-07-01', 'calendar', 10, 0, 0, 0, 0, 0,
   'Luật Khiếu nại 2011, Điều 27, khiếu nại lần đầu (sửa đổi, bổ sung bởi '
   'Luật số 136/2025/QH15; thời hạn chưa đối chiếu văn bản sửa đổi)'),
  ('complaint', 'resolve', '2026-07-01', 'calendar', 30, 45, 45, 60, 0, 0,
   'Luật Khiếu nại 2011, Điều 28, khiếu nại lần đầu (sửa đổi, bổ sung bởi '
   'Luật số 136/2025/QH15; thời hạn chưa đối chiếu văn bản sửa đổi)'),
  ('denunciation', 'accept', '2026-07-01', 'working', 7, 0, 0, 0, 0, 0,
   'Luật Tố cáo 2018, Điều 24, khoản 1 (sửa đổi, bổ sung bởi '
   'Luật số 136/2025/QH15; thời hạn chưa đối chiếu văn bản sửa đổi)'),
  ('denunciation', 'resolve', '2026-07-01', 'calendar', 30, 0, 0, 0, 2, 30,
   'Luật Tố cáo 2018, Điều 30, khoản 1-3 (sửa đổi, bổ sung bởi '
   'Luật số 136/2025/QH15; thời hạn chưa đối chiếu văn bản sửa đổi)');

-- Luật Tố cáo 2018, Điều 30: a denunciation's time limit may be extended
-- once for a complex case and twice for an especially complex one
-- (khoản 2, 3). The second extension needs the case recorded as such.
ALTER TABLE petitions
  ADD COLUMN especially_complex boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN petitions.especially_complex IS
  'Recorded especially complex (vụ việc đặc biệt phức tạp) when accepted or '
  'extended, and never unset: a denunciation''s second extension is allowed '
  'only then (Luật Tố cáo 2018, Điều 30, khoản 3).';
