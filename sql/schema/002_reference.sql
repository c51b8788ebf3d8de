-- Reference data: what a petition may be (kinds, channels, fields), the
-- legal deadline rules and the public holidays the deadlines are counted
-- with, and the version of that calendar the servers cache.

-- Kinds, channels, fields -------------------------------------------------------

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
