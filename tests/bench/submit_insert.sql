-- tests/bench/submit_insert.sql - pgbench's side of tests/bench/submit.sh:
-- one durable single-row INSERT of a row like a petition's (a random
-- idempotency key under a unique index, a commune, three codes, a group
-- size, ~300 bytes of Vietnamese, the time), into a plain table.
INSERT INTO bench_insert (idempotency_key, unit_id, kind, channel, field, group_size, summary)
VALUES (gen_random_uuid(), 1, 'complaint', 'regular_reception', 'land', 1,
        'Gia đình tôi có thửa đất số 12 tại bản đã sử dụng ổn định từ năm 1995, nay bị hộ liền kề lấn chiếm khoảng 40 m2 để làm chuồng trại. Việc thu hồi đất làm đường liên bản đợt 3 chưa được bồi thường phần cây cối, hoa màu. Đề nghị Ủy ban nhân dân xã xem xét, giải quyết dứt điểm.');
