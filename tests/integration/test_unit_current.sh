#!/usr/bin/env bash
# units.current_id, the unit that handles a unit's affairs today, follows
# every merger: a unit created, a commune merged into another, and the
# successor merged again, its predecessors following it to the new end of
# their chain. The petition view and td_unit_current read it.
. "$(dirname "$0")/lib.sh"
td_test_db

# Units whose current_id is not the end of their merged_into chain, walked
# here the way td_unit_current walked it before the column kept it.
stale() {
  sql "WITH RECURSIVE c(unit, id, next) AS (
         SELECT id, id, merged_into FROM units
         UNION ALL
         SELECT c.unit, u.id, u.merged_into FROM c JOIN units u ON u.id = c.next)
       SELECT count(*) FROM c JOIN units u ON u.id = c.unit
        WHERE c.next IS NULL AND u.current_id IS DISTINCT FROM c.id"
}
current() { sql "SELECT string_agg(DISTINCT s.code, ',') FROM units u JOIN units s ON s.id = u.current_id
                 WHERE u.code = ANY ('{$1}'::text[])"; }
merge() { sql "SELECT DISTINCT result FROM td_merge_units(td_unit_by_code('12'), '{$1}', '$2', '$3', '$4')"; }

expect_eq "the seeded units are their chains' ends" "$(stale)" 0
expect_eq "the predecessors of Bình Lư lead to it" "$(current 03412,03413)" 03390
expect_eq "a unit that was never merged handles its own affairs" "$(current 03405)" 03405

pid=$(sql "SELECT id FROM principals WHERE name = 'Lò Thị Lan'")
cal=$(sql "SELECT version FROM calendar_state")
petition=$(sql "SELECT (petition).id FROM td_submit_petition($pid, gen_random_uuid(), '\\x01', NULL,
                NULL, 'feedback', 'digital', NULL, 1, NULL, NULL, NULL, NULL, false, 'Phản ánh đường',
                now(), NULL, $cal, NULL, NULL, NULL)")
handling() { sql "SELECT u.code FROM td_petition_v v JOIN units u ON u.id = v.handling_unit_id
                  WHERE v.id = $petition"; }
expect_eq "Tả Lèng's petition is handled by Tả Lèng" "$(handling)" 03405

expect_eq "Tả Lèng merges into Bình Lư" "$(merge 03405 03390 '' 2026-01-01)" ok
expect_eq "... and then leads to it" "$(current 03405)" 03390
expect_eq "... its petition handled by Bình Lư" "$(handling)" 03390

expect_eq "Bình Lư and Khun Há merge into a new commune" \
  "$(merge 03390,03430 03999 'Xã Tam Đường Mới' 2026-06-01)" ok
expect_eq "the new commune handles its own affairs" "$(current 03999)" 03999
expect_eq "every predecessor, merged once or twice, leads to it" \
  "$(sql "SELECT count(*) FROM units WHERE level = 'commune' AND valid_to IS NOT NULL
            AND current_id <> td_unit_by_code('03999')")" 0
expect_eq "... Tả Lèng's petition handled by it" "$(handling)" 03999
expect_eq "td_unit_current reads the same" \
  "$(sql "SELECT u.code FROM units u WHERE u.id = td_unit_current(
            (SELECT id FROM units WHERE code = '03413'))")" 03999
expect_eq "every unit is its chain's end after the mergers" "$(stale)" 0

td_done
