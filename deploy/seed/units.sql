-- Administrative units for the demo and the tests: Lai Châu province, with
-- the 1 July 2025 merger that made the new xã Bình Lư out of xã Bình Lư,
-- xã Sơn Bình and thị trấn Tam Đường (Nghị quyết 1670/NQ-UBTVQH15), a few of
-- its 35 bản, and a neighbouring commune. Codes are the national codes
-- (QĐ 19/2025/QĐ-TTg); the new Bình Lư carries 03390, the code of the former
-- thị trấn Tam Đường, which is why a code is unique only among current units.
-- Idempotent: running it twice changes nothing.

BEGIN;

INSERT INTO units (code, name, level, parent_id)
SELECT '12', 'Tỉnh Lai Châu', 'province', td_unit_by_code('VN')
WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = '12' AND valid_to IS NULL);

-- The district level was abolished on 1 July 2025; older data still uses it.
INSERT INTO units (code, name, level, parent_id, valid_to)
SELECT '106', 'Huyện Tam Đường', 'district', td_unit_by_code('12'), DATE '2025-06-30'
WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = '106');

INSERT INTO units (code, name, level, parent_id, remote_area, receipt_prefix)
SELECT v.code, v.name, 'commune', td_unit_by_code('12'), v.remote, v.prefix
FROM (VALUES ('03390', 'Xã Bình Lư', true, 'BL'),
             ('03405', 'Xã Tả Lèng', true, 'TL'),
             ('03430', 'Xã Khun Há', true, 'KH')) AS v(code, name, remote, prefix)
WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.code = v.code AND u.valid_to IS NULL);

-- The predecessors of the new Bình Lư, kept for their history.
INSERT INTO units (code, name, level, parent_id, valid_to, merged_into, remote_area)
SELECT v.code, v.name, 'commune',
       (SELECT id FROM units WHERE code = '106'),
       DATE '2025-06-30', td_unit_by_code('03390'), true
FROM (VALUES ('03412', 'Xã Bình Lư (trước sáp nhập)'),
             ('03413', 'Xã Sơn Bình'),
             ('03390', 'Thị trấn Tam Đường')) AS v(code, name)
WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.code = v.code AND u.valid_to IS NOT NULL);

INSERT INTO units (code, name, level, parent_id)
SELECT v.code, v.name, 'village', td_unit_by_code('03390')
FROM (VALUES ('03390-01', 'Bản Nà Đa'),
             ('03390-02', 'Bản Chu Va'),
             ('03390-03', 'Bản Tân Bình'),
             ('03390-04', 'Bản Thẳm Phé'),
             ('03390-05', 'Bản Nà Khan')) AS v(code, name)
WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.code = v.code);

-- An unrelated province, for scope: Điện Biên (11), xã Mường Nhé.
INSERT INTO units (code, name, level, parent_id)
SELECT '11', 'Tỉnh Điện Biên', 'province', td_unit_by_code('VN')
WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = '11' AND valid_to IS NULL);
INSERT INTO units (code, name, level, parent_id, remote_area, receipt_prefix)
SELECT '03160', 'Xã Mường Nhé', 'commune', td_unit_by_code('11'), true, 'MN'
WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = '03160' AND valid_to IS NULL);

COMMIT;
