-- tests/bench/units.sql - the benchmark's administrative units: under the
-- nation VN, :provinces provinces (codes 01, 02, ...) of :per_province
-- communes each (5-digit codes 00001, 00002, ... unique nationwide, receipt
-- prefixes C0001, ...; every sixth commune a remote area), and
-- bench_communes, the communes numbered 0.. for the petition generator.
-- psql variables: provinces, per_province.

BEGIN;

INSERT INTO units (code, name, level, parent_id)
SELECT lpad(p::text, 2, '0'), 'Tỉnh ' || lpad(p::text, 2, '0'), 'province',
       td_unit_by_code('VN')
FROM generate_series(1, :provinces) p;

INSERT INTO units (code, name, level, parent_id, remote_area, receipt_prefix)
SELECT lpad(n::text, 5, '0'), 'Xã ' || lpad(n::text, 5, '0'), 'commune', pu.id,
       n % 6 = 0, 'C' || lpad(n::text, 4, '0')
FROM generate_series(1, :provinces) p
CROSS JOIN generate_series(1, :per_province) j
CROSS JOIN LATERAL (SELECT (p - 1) * :per_province + j AS n) x
JOIN units pu ON pu.code = lpad(p::text, 2, '0') AND pu.valid_to IS NULL;

CREATE TABLE bench_communes AS
SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id,
       receipt_prefix AS prefix, remote_area AS remote
FROM units WHERE level = 'commune' AND valid_to IS NULL;
ALTER TABLE bench_communes ADD PRIMARY KEY (idx);

COMMIT;
