-- The official report forms (table report_forms, sql/schema/015_forms.sql):
-- the facts a form counts, and one form filled for a unit and a period.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.
--
-- A form's figure is the sum of one measure over the facts whose attributes
-- contain the column's "where" (jsonb @>). The facts are the only code: the
-- attributes and measures below are the vocabulary the forms' data may use,
-- and a form changed by the Inspectorate is a new row of report_forms.
--
-- Days are Vietnam days: a period from F to T runs from F 00:00 to T+1 00:00
-- in Asia/Ho_Chi_Minh.

-- The rows of a form for a unit: a commune is one row (its predecessors
-- inside it); above a commune, one row per unit directly below it that
-- exists today. unit is every unit (itself, below, merged in) whose facts
-- the row counts.
CREATE OR REPLACE FUNCTION td_form_rows(p_unit integer)
RETURNS TABLE (row_unit integer, unit integer)
LANGUAGE sql STABLE AS $$
  SELECT r.id, s.unit
  FROM units t
  JOIN units r ON (t.level = 'commune' AND r.id = t.id)
               OR (t.level <> 'commune' AND r.parent_id = t.id AND r.valid_to IS NULL)
  JOIN unit_scope s ON s.ancestor = r.id
  WHERE t.id = p_unit
$$;

-- Which reception a session type or a petition's channel stands for in
-- form 01/TCD: routine (by the officers), the head's (periodic or ad hoc),
-- or delegated; NULL for anything else (dialogues, the Front's, ...).
CREATE OR REPLACE FUNCTION td_form_reception(p_type text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_type
           WHEN 'regular_reception' THEN 'routine'
           WHEN 'periodic_reception' THEN 'head'
           WHEN 'adhoc_reception' THEN 'head'
           WHEN 'delegated_reception' THEN 'delegated'
         END
$$;

-- The facts of a unit's form for a period.
--
-- Sessions (src "session"): the reception sessions opened in the period, attrs
--   rec (routine | head | delegated), tcd (true), type; measures sessions (1),
--   visits (lượt: each person who came alone, and each delegation, once),
--   people (attendees), groups and group_people (mass delegations). A session
--   closed without attendees counts its linked petitions instead.
-- Petitions (src "petition"), every petition of the area not closed before
--   the period began, attrs:
--   rec, tcd     received in the period at a reception (its session's type,
--                or channel regular_ or periodic_reception without a session)
--   visit        first | repeat (repeat_of_id set)
--   mass         group_size >= 5
--   kind; content  complaint | denunciation | recommendation (the others)
--   xld, in_xld  new (received in the period) | carried (received before,
--                not yet processed when it began); in_xld when either
--   signer       one | many (group_size > 1) | other (no name given)
--   eligible     a name was given
--   handled      by the period's end: accepted | guided (not accepted) |
--                transferred; processed when one of these
--   prior        none | open | closed: the petition it repeats, as it stands
--   gq           complaint | denunciation accepted (thụ lý) before the end
--                and not closed before the start; gq_in new | carried
--   closed       closed (resolved or withdrawn) in the period; withdrawn;
--                finding (correct | incorrect | partly_correct | none, absent
--                when withdrawn); timely (resolved by its deadline)
--   open_end     still open at the period's end
--   measures: n (1), cases (1), matters (0 when it repeats a petition
--   received in the same period: one matter), and for a reception petition
--   without a session visits (1), people, groups, group_people.
CREATE OR REPLACE FUNCTION td_form_facts(p_unit integer, p_from date, p_to date)
RETURNS TABLE (row_unit integer, src text, ref bigint, attrs jsonb, m jsonb)
LANGUAGE sql STABLE AS $$
  WITH w AS (
    SELECT p_from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS t0,
           (p_to + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS t1
  ),
  rows AS (SELECT * FROM td_form_rows(p_unit)),
  ses AS (
    SELECT r.row_unit, s.id, s.type, td_form_reception(s.type) AS rec,
           s.attendees, s.groups, s.group_people,
           (SELECT count(*) FROM petitions p WHERE p.session_id = s.id) AS np,
           (SELECT coalesce(sum(p.group_size), 0) FROM petitions p
             WHERE p.session_id = s.id) AS pp,
           (SELECT count(*) FROM petitions p
             WHERE p.session_id = s.id AND p.group_size >= 5) AS ng,
           (SELECT coalesce(sum(p.group_size), 0) FROM petitions p
             WHERE p.session_id = s.id AND p.group_size >= 5) AS pg
    FROM rows r JOIN sessions s ON s.unit_id = r.unit, w
    WHERE s.opened_at >= w.t0 AND s.opened_at < w.t1
      AND td_form_reception(s.type) IS NOT NULL
  ),
  pet AS (
    SELECT r.row_unit, p.*, s.type AS session_type,
           p.received_at >= w.t0 AS is_new,
           least(p.accepted_at, p.closed_at) AS processed_at,
           e.status AS prior_status, e.received_at >= w.t0 AS prior_new,
           w.t0, w.t1
    FROM rows r JOIN petitions p ON p.unit_id = r.unit
    CROSS JOIN w
    LEFT JOIN sessions s ON s.id = p.session_id
    LEFT JOIN petitions e ON e.id = p.repeat_of_id
    WHERE p.received_at < w.t1
      AND (p.received_at >= w.t0 OR p.closed_at IS NULL OR p.closed_at >= w.t0)
  ),
  pet_attrs AS (
    SELECT x.*,
           CASE WHEN x.is_new THEN
             CASE WHEN x.session_id IS NOT NULL THEN td_form_reception(x.session_type)
                  WHEN x.channel IN ('regular_reception', 'periodic_reception')
                    THEN td_form_reception(x.channel) END
           END AS rec,
           CASE WHEN x.is_new THEN 'new'
                WHEN x.processed_at IS NULL OR x.processed_at >= x.t0 THEN 'carried'
           END AS xld,
           CASE WHEN x.accepted_at < x.t1 THEN 'accepted'
                WHEN x.status = 'not_accepted' AND x.closed_at < x.t1 THEN 'guided'
                WHEN x.status = 'transferred' AND x.closed_at < x.t1 THEN 'transferred'
           END AS handled,
           CASE WHEN x.kind IN ('complaint', 'denunciation') AND x.accepted_at < x.t1
                     AND (x.closed_at IS NULL OR x.closed_at >= x.t0)
                THEN x.kind END AS gq,
           x.status IN ('resolved', 'withdrawn') AND x.closed_at >= x.t0
             AND x.closed_at < x.t1 AS closed_in
    FROM pet x
  )
  SELECT s.row_unit, 'session', s.id,
         jsonb_build_object('src', 'session', 'rec', s.rec, 'tcd', true, 'type', s.type),
         CASE WHEN s.attendees IS NOT NULL THEN
           jsonb_build_object(
             'sessions', 1,
             'visits', greatest(s.attendees - coalesce(s.group_people, 0), 0)
                       + coalesce(s.groups, 0),
             'people', s.attendees,
             'groups', coalesce(s.groups, 0),
             'group_people', coalesce(s.group_people, 0))
         ELSE
           jsonb_build_object('sessions', 1, 'visits', s.np, 'people', s.pp,
                              'groups', s.ng, 'group_people', s.pg)
         END
  FROM ses s
  UNION ALL
  SELECT a.row_unit, 'petition', a.id,
         jsonb_strip_nulls(jsonb_build_object(
           'src', 'petition',
           'rec', a.rec,
           'tcd', CASE WHEN a.rec IS NOT NULL THEN true END,
           'visit', CASE WHEN a.repeat_of_id IS NULL THEN 'first' ELSE 'repeat' END,
           'mass', a.group_size >= 5,
           'kind', a.kind,
           'content', CASE WHEN a.kind IN ('complaint', 'denunciation') THEN a.kind
                           ELSE 'recommendation' END,
           'xld', a.xld,
           'in_xld', CASE WHEN a.xld IS NOT NULL THEN true END,
           'signer', CASE WHEN a.petitioner_name IS NULL OR btrim(a.petitioner_name) = ''
                            THEN 'other'
                          WHEN a.group_size > 1 THEN 'many' ELSE 'one' END,
           'eligible', a.petitioner_name IS NOT NULL AND btrim(a.petitioner_name) <> '',
           'handled', a.handled,
           'processed', a.handled IS NOT NULL,
           'prior', CASE WHEN a.repeat_of_id IS NULL THEN 'none'
                         WHEN a.prior_status IN ('received', 'accepted', 'in_progress')
                           THEN 'open'
                         ELSE 'closed' END,
           'gq', a.gq,
           'gq_in', CASE WHEN a.gq IS NOT NULL THEN
                      CASE WHEN a.accepted_at < a.t0 THEN 'carried' ELSE 'new' END END,
           'closed', CASE WHEN a.gq IS NOT NULL THEN a.closed_in END,
           'withdrawn', a.status = 'withdrawn',
           'finding', CASE WHEN a.status = 'resolved' THEN coalesce(a.finding, 'none') END,
           'timely', CASE WHEN a.status = 'resolved' THEN
                       a.deadline IS NULL
                       OR (a.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= a.deadline
                     END,
           'open_end', CASE WHEN a.gq IS NOT NULL THEN
                         a.closed_at IS NULL OR a.closed_at >= a.t1 END)),
         jsonb_strip_nulls(jsonb_build_object(
           'n', 1,
           'cases', CASE WHEN a.is_new THEN 1 END,
           'matters', CASE WHEN a.repeat_of_id IS NOT NULL AND a.prior_new THEN 0 ELSE 1 END,
           'visits', CASE WHEN a.rec IS NOT NULL AND a.session_id IS NULL THEN 1 END,
           'people', CASE WHEN a.rec IS NOT NULL AND a.session_id IS NULL THEN a.group_size END,
           'groups', CASE WHEN a.rec IS NOT NULL AND a.session_id IS NULL
                          THEN (a.group_size >= 5)::int END,
           'group_people', CASE WHEN a.rec IS NOT NULL AND a.session_id IS NULL
                                THEN CASE WHEN a.group_size >= 5 THEN a.group_size ELSE 0 END
                           END))
  FROM pet_attrs a
$$;

-- The version of form p_code in force on p_day.
CREATE OR REPLACE FUNCTION td_form_version(p_code text, p_day date)
RETURNS report_forms
LANGUAGE sql STABLE AS $$
  SELECT * FROM report_forms
  WHERE code = p_code AND applies_from <= p_day
  ORDER BY applies_from DESC LIMIT 1
$$;

-- Form p_code for unit p_unit_code (NULL: the caller's unit p_scope) within
-- the caller's area, from p_from to p_to, as rows of parts:
--   scope   k: the unit's code, vi its name, p its level (no row at all when
--           the unit is unknown or out of the caller's area; p NULL when
--           the form has no version in force: k then says 'no_form')
--   form    k code, p version, vi/en title, x basis, d applies_from, and
--           in vi2/en2 the label ("Biểu số 01/TCD") and the unit heading
--   column  k id, p parent, vi, en, num number, flag manual
--   check   x formula
--   row     k unit code, vi name, num order
--   cell    k unit code, num column number, val value
CREATE OR REPLACE FUNCTION td_form_get(p_scope integer, p_code text, p_unit_code text,
                                       p_from date, p_to date)
RETURNS TABLE (part text, k text, p text, vi text, en text, x text, num integer,
               flag boolean, val bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_unit units%ROWTYPE;
  v_form report_forms%ROWTYPE;
BEGIN
  SELECT u.* INTO v_unit FROM units u
  WHERE u.id = CASE WHEN p_unit_code IS NULL THEN td_unit_current(p_scope)
                    ELSE td_unit_by_code(p_unit_code) END
    AND u.id IN (SELECT st.id FROM td_unit_subtree(p_scope) st);
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT * INTO v_form FROM td_form_version(p_code, p_to);
  IF v_form.code IS NULL THEN
    RETURN QUERY SELECT 'scope', v_unit.code, NULL::text, v_unit.name, NULL::text,
                        NULL::text, NULL::integer, NULL::boolean, NULL::bigint;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'scope', v_unit.code, v_unit.level, v_unit.name, NULL::text,
                      NULL::text, NULL::integer, NULL::boolean, NULL::bigint;
  RETURN QUERY SELECT 'form', v_form.code, v_form.version, v_form.title_vi,
                      v_form.title_en, v_form.basis, NULL::integer, NULL::boolean,
                      NULL::bigint;
  RETURN QUERY SELECT 'meta', v_form.label, to_char(v_form.applies_from, 'YYYY-MM-DD'),
                      v_form.definition->>'unit_label_vi',
                      v_form.definition->>'unit_label_en',
                      v_form.definition->>'note_vi', NULL::integer, NULL::boolean,
                      NULL::bigint;
  RETURN QUERY
    SELECT 'column', c->>'id', c->>'parent', c->>'label_vi', c->>'label_en', NULL::text,
           (c->>'number')::integer, coalesce((c->>'manual')::boolean, false), o
    FROM jsonb_array_elements(v_form.definition->'columns') WITH ORDINALITY AS t(c, o);
  RETURN QUERY
    SELECT 'check', NULL::text, NULL::text, NULL::text, NULL::text, f, NULL::integer,
           NULL::boolean, o
    FROM jsonb_array_elements_text(v_form.definition->'checks') WITH ORDINALITY AS t(f, o);
  RETURN QUERY
    SELECT 'row', u.code, NULL::text, u.name, NULL::text, NULL::text, NULL::integer,
           NULL::boolean, u.id::bigint
    FROM units u
    WHERE u.id IN (SELECT r.row_unit FROM td_form_rows(v_unit.id) r)
    ORDER BY u.code, u.id;
  RETURN QUERY
    SELECT 'cell', u.code, NULL::text, NULL::text, NULL::text, NULL::text, c.n,
           NULL::boolean, sum((f.m->>c.s)::bigint)::bigint
    FROM td_form_facts(v_unit.id, p_from, p_to) f
    JOIN (SELECT (cc->>'number')::integer AS n, cc->'where' AS w, cc->>'sum' AS s
            FROM jsonb_array_elements(v_form.definition->'columns') cc
           WHERE cc ? 'where' AND cc ? 'number' AND cc ? 'sum') c
      ON f.attrs @> c.w AND f.m ? c.s
    JOIN units u ON u.id = f.row_unit
    GROUP BY u.code, c.n;
END
$$;

-- The facts behind one figure of form p_code (column number p_number) for
-- the row of p_row_code (NULL: every row, the total), as the petitions and
-- sessions they are and what each adds. The caller's area and the unit are
-- resolved as td_form_get does; nothing when either is out of reach.
CREATE OR REPLACE FUNCTION td_form_explain(p_scope integer, p_code text, p_unit_code text,
                                           p_from date, p_to date, p_row_code text,
                                           p_number integer)
RETURNS TABLE (src text, ref bigint, weight bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_unit integer;
  v_col jsonb;
BEGIN
  SELECT u.id INTO v_unit FROM units u
  WHERE u.id = CASE WHEN p_unit_code IS NULL THEN td_unit_current(p_scope)
                    ELSE td_unit_by_code(p_unit_code) END
    AND u.id IN (SELECT st.id FROM td_unit_subtree(p_scope) st);
  IF v_unit IS NULL THEN
    RETURN;
  END IF;
  SELECT c INTO v_col
  FROM jsonb_array_elements((td_form_version(p_code, p_to)).definition->'columns') c
  WHERE (c->>'number')::integer = p_number AND c ? 'where';
  IF v_col IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT f.src, f.ref, (f.m->>(v_col->>'sum'))::bigint
    FROM td_form_facts(v_unit, p_from, p_to) f
    WHERE f.attrs @> (v_col->'where') AND f.m ? (v_col->>'sum')
      AND (f.m->>(v_col->>'sum'))::bigint <> 0
      AND (p_row_code IS NULL
           OR f.row_unit = (SELECT r.id FROM units r WHERE r.code = p_row_code
                              AND r.valid_to IS NULL))
    ORDER BY f.src, f.ref;
END
$$;
