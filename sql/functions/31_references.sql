-- References of petitions and their events, checked per statement.
-- Re-applied by every --migrate (see 10_units.sql): CREATE OR REPLACE.
--
-- A foreign key is checked by PostgreSQL once per row: a batch of 64
-- submissions ran 640 look-ups (unit, principal, kind, channel, field,
-- status, rule; the event's petition, unit, actor), each locking the row it
-- found, which was about half of the batch's insert, all of it while the
-- commune's receipt counter is held. Schema 019 dropped those ten keys and
-- these triggers keep what they guaranteed, once per statement: every value
-- the statement wrote names an existing row, locked FOR KEY SHARE as the key
-- did (a concurrent delete of it waits for the writer, then is refused), and
-- a referenced row is neither deleted, nor re-keyed, nor truncated away
-- while anything still names it. The errors are the keys' own: SQLSTATE
-- 23503, the constraint's name, the key and the table in the detail.

-- td_ref_units(integer[]), td_ref_principals, td_ref_petitions, td_ref_rules,
-- td_ref_kinds(text[]), td_ref_channels, td_ref_fields, td_ref_statuses: the
-- first of the values that the table has no row for (NULL: every one exists,
-- and is now locked FOR KEY SHARE, in order). One function per referenced
-- table, made from one text here: a static statement is planned once per
-- connection, where one built with format() at each call would be planned
-- at every call.
DO $do$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      ('units', 'units', 'id', 'integer'), ('principals', 'principals', 'id', 'integer'),
      ('petitions', 'petitions', 'id', 'bigint'), ('rules', 'deadline_rules', 'id', 'integer'),
      ('kinds', 'petition_kinds', 'code', 'text'), ('channels', 'channels', 'code', 'text'),
      ('fields', 'fields', 'code', 'text'), ('statuses', 'statuses', 'code', 'text')
    ) AS t (fn, tab, col, typ)
  LOOP
    EXECUTE format($f$
      CREATE OR REPLACE FUNCTION %1$I(p %4$s[]) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        IF p IS NULL OR cardinality(p) = (SELECT count(*) FROM (SELECT 1 FROM %2$I r
            WHERE r.%3$I = ANY (p) ORDER BY r.%3$I FOR KEY SHARE) x) THEN
          RETURN NULL;
        END IF;
        RETURN (SELECT min(v)::text FROM unnest(p) v
                 WHERE NOT EXISTS (SELECT FROM %2$I r WHERE r.%3$I = v));
      END
      $$$f$, 'td_ref_' || r.fn, r.tab, r.col, r.typ);
  END LOOP;
END
$do$;
DROP FUNCTION IF EXISTS td_ref_codes(text[], text[], text[], text[]);

-- Refuses the statement when p_value, a value of p_table.p_col, is not NULL:
-- what td_ref_* found missing in p_ref.
CREATE OR REPLACE FUNCTION td_ref_refuse(p_table text, p_constraint text, p_col text,
                                         p_ref text, p_value text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_value IS NULL THEN
    RETURN;
  END IF;
  RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                  p_table, p_constraint
    USING ERRCODE = 'foreign_key_violation',
          DETAIL = format('Key (%s)=(%s) is not present in table "%s".', p_col, p_value, p_ref),
          TABLE = p_table, COLUMN = p_col, CONSTRAINT = p_constraint;
END
$$;

-- Petitions: on insert every reference, on update those that changed.
CREATE OR REPLACE FUNCTION td_petition_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.unit_id) AS units,
           array_agg(DISTINCT n.created_by) AS principals,
           array_agg(DISTINCT n.kind) AS kinds,
           array_agg(DISTINCT n.channel) AS channels,
           array_agg(DISTINCT n.field) FILTER (WHERE n.field IS NOT NULL) AS fields,
           array_agg(DISTINCT n.status) AS statuses,
           array_agg(DISTINCT n.deadline_rule_id)
             FILTER (WHERE n.deadline_rule_id IS NOT NULL) AS rules
      INTO v FROM td_refs_new n;
  ELSE
    SELECT array_agg(DISTINCT n.unit_id) FILTER (WHERE n.unit_id <> o.unit_id) AS units,
           array_agg(DISTINCT n.created_by)
             FILTER (WHERE n.created_by <> o.created_by) AS principals,
           array_agg(DISTINCT n.kind) FILTER (WHERE n.kind <> o.kind) AS kinds,
           array_agg(DISTINCT n.channel) FILTER (WHERE n.channel <> o.channel) AS channels,
           array_agg(DISTINCT n.field)
             FILTER (WHERE n.field IS NOT NULL AND n.field IS DISTINCT FROM o.field) AS fields,
           array_agg(DISTINCT n.status) FILTER (WHERE n.status <> o.status) AS statuses,
           array_agg(DISTINCT n.deadline_rule_id)
             FILTER (WHERE n.deadline_rule_id IS NOT NULL
                       AND n.deadline_rule_id IS DISTINCT FROM o.deadline_rule_id) AS rules
      INTO v FROM td_refs_new n JOIN td_refs_old o ON o.id = n.id;
  END IF;
  PERFORM td_ref_refuse('petitions', 'petitions_unit_id_fkey', 'unit_id', 'units',
                        td_ref_units(v.units));
  PERFORM td_ref_refuse('petitions', 'petitions_created_by_fkey', 'created_by', 'principals',
                        td_ref_principals(v.principals));
  PERFORM td_ref_refuse('petitions', 'petitions_deadline_rule_id_fkey', 'deadline_rule_id',
                        'deadline_rules', td_ref_rules(v.rules));
  PERFORM td_ref_refuse('petitions', 'petitions_kind_fkey', 'kind', 'petition_kinds',
                        td_ref_kinds(v.kinds));
  PERFORM td_ref_refuse('petitions', 'petitions_channel_fkey', 'channel', 'channels',
                        td_ref_channels(v.channels));
  PERFORM td_ref_refuse('petitions', 'petitions_field_fkey', 'field', 'fields',
                        td_ref_fields(v.fields));
  PERFORM td_ref_refuse('petitions', 'petitions_status_fkey', 'status', 'statuses',
                        td_ref_statuses(v.statuses));
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER petitions_refs_insert AFTER INSERT ON petitions
  REFERENCING NEW TABLE AS td_refs_new
  FOR EACH STATEMENT EXECUTE FUNCTION td_petition_refs();
CREATE OR REPLACE TRIGGER petitions_refs_update AFTER UPDATE ON petitions
  REFERENCING OLD TABLE AS td_refs_old NEW TABLE AS td_refs_new
  FOR EACH STATEMENT EXECUTE FUNCTION td_petition_refs();

-- Events are only ever inserted (petition_events_append_only).
CREATE OR REPLACE FUNCTION td_event_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  SELECT array_agg(DISTINCT n.petition_id) AS petitions,
         array_agg(DISTINCT n.unit_id) AS units,
         array_agg(DISTINCT n.actor_id) AS principals
    INTO v FROM td_refs_new n;
  PERFORM td_ref_refuse('petition_events', 'petition_events_petition_id_fkey', 'petition_id',
                        'petitions', td_ref_petitions(v.petitions));
  PERFORM td_ref_refuse('petition_events', 'petition_events_unit_id_fkey', 'unit_id',
                        'units', td_ref_units(v.units));
  PERFORM td_ref_refuse('petition_events', 'petition_events_actor_id_fkey', 'actor_id',
                        'principals', td_ref_principals(v.principals));
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_refs AFTER INSERT ON petition_events
  REFERENCING NEW TABLE AS td_refs_new
  FOR EACH STATEMENT EXECUTE FUNCTION td_event_refs();

-- The referenced side. Arguments: the referenced column, then for each
-- table that names it: the table, its column, the constraint. A row is
-- deleted, or its key changed, only when nothing names it (its row lock,
-- taken before this runs, waits for any writer that locked it FOR KEY
-- SHARE, whose rows this then sees); a table is truncated only when the
-- tables that name it are empty.
CREATE OR REPLACE FUNCTION td_ref_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_key  text := TG_ARGV[0];
  v_old  text;
  v_new  text;
  v_used boolean;
  i      integer := 1;
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    EXECUTE format('SELECT ($1).%I::text', v_key) INTO v_old USING OLD;
    IF TG_OP = 'UPDATE' THEN
      EXECUTE format('SELECT ($1).%I::text', v_key) INTO v_new USING NEW;
      IF v_new IS NOT DISTINCT FROM v_old THEN
        RETURN NEW;
      END IF;
    END IF;
  END IF;
  WHILE i + 2 < TG_NARGS LOOP
    IF TG_LEVEL = 'ROW' THEN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = ($1).%I)',
                     TG_ARGV[i], TG_ARGV[i + 1], v_key)
        INTO v_used USING OLD;
    ELSE
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_ARGV[i]) INTO v_used;
    END IF;
    IF v_used THEN
      RAISE EXCEPTION '% on table "%" violates foreign key constraint "%" on table "%"',
                      lower(TG_OP), TG_TABLE_NAME, TG_ARGV[i + 2], TG_ARGV[i]
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = CASE WHEN TG_LEVEL = 'ROW'
                            THEN format('Key (%s)=(%s) is still referenced from table "%s".',
                                        v_key, v_old, TG_ARGV[i])
                            ELSE format('Table "%s" references "%s".', TG_ARGV[i],
                                        TG_TABLE_NAME) END,
              TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[i + 2];
    END IF;
    i := i + 3;
  END LOOP;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

DO $$
DECLARE
  g record;
BEGIN
  FOR g IN SELECT * FROM (VALUES
      ('units', 'id', ARRAY['petitions', 'unit_id', 'petitions_unit_id_fkey',
                            'petition_events', 'unit_id', 'petition_events_unit_id_fkey']),
      ('principals', 'id', ARRAY['petitions', 'created_by', 'petitions_created_by_fkey',
                                 'petition_events', 'actor_id',
                                 'petition_events_actor_id_fkey']),
      ('petition_kinds', 'code', ARRAY['petitions', 'kind', 'petitions_kind_fkey']),
      ('channels', 'code', ARRAY['petitions', 'channel', 'petitions_channel_fkey']),
      ('fields', 'code', ARRAY['petitions', 'field', 'petitions_field_fkey']),
      ('statuses', 'code', ARRAY['petitions', 'status', 'petitions_status_fkey']),
      ('deadline_rules', 'id', ARRAY['petitions', 'deadline_rule_id',
                                     'petitions_deadline_rule_id_fkey']),
      ('petitions', 'id', ARRAY['petition_events', 'petition_id',
                                'petition_events_petition_id_fkey'])
    ) AS t (tab, key, refs)
  LOOP
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE DELETE OR UPDATE OF %I ON %I
                    FOR EACH ROW EXECUTE FUNCTION td_ref_guard(%L, %s)',
                   g.tab || '_refs_guard', g.key, g.tab, g.key,
                   (SELECT string_agg(quote_literal(r), ', ') FROM unnest(g.refs) r));
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION td_ref_guard(%L, %s)',
                   g.tab || '_refs_truncate', g.tab, g.key,
                   (SELECT string_agg(quote_literal(r), ', ') FROM unnest(g.refs) r));
  END LOOP;
END
$$;
