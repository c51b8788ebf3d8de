-- Group commit (issue 15): the server writes the submissions that arrive
-- together in one transaction, with one call of td_submit_batch
-- (sql/functions/30_petition.sql), which works on the whole batch with a
-- few set-oriented statements. A submission as that call carries it from
-- one statement to the next: what the officer sent, then what the batch
-- found out about it (its unit, its number, its verdict).
CREATE TYPE td_submit_item AS (
  ord            integer,
  principal      integer,
  key            uuid,
  hash           bytea,
  unit_code      text,
  village        text,
  kind           text,
  channel        text,
  field          text,
  group_size     integer,
  name           text,
  id_number      text,
  address        text,
  contact        text,
  confidential   boolean,
  summary        text,
  received_at    timestamptz,
  session        bigint,
  calendar       bigint,
  rule           integer,
  deadline       date,
  deadline_remote date,
  receipt_no     text,
  workstation    uuid,
  claimed        timestamptz,
  skew           bigint,
  repeat_of      text,
  candidates     boolean,
  -- Found by the batch:
  result         text,     -- NULL while the submission is still good
  prev_id        bigint,   -- the petition an earlier call with the key made
  unit_id        integer,
  village_id     integer,
  prefix         text,
  remote         boolean,
  year           smallint,
  lease_id       bigint,
  repeat_id      bigint,
  repeat_no      text
);

-- Functions evaluated for every row written: as SQL functions the planner
-- cannot inline (their bodies call what is only STABLE), each call started
-- an executor of its own; as PL/pgSQL their one expression is compiled once
-- per session and evaluated directly. The same results, so nothing stored
-- changes: td_fold (the generated search column and the petitioner's
-- index), td_event_digest (every event's seal).
-- td_fold is schema 012's and td_search_keys 013's (the search index's
-- expression: as PL/pgSQL its query is planned once per session, not once
-- per statement that inserts a petition): a database migrated without them
-- (a test of upgrades does that) keeps their own when it gets there.
DO $do$
BEGIN
  IF to_regprocedure('td_search_keys(integer, text, text)') IS NOT NULL THEN
    CREATE OR REPLACE FUNCTION td_search_keys(p_unit integer, p_sealed text,
                                              p_receipt_no text)
    RETURNS bigint[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      RETURN ARRAY(SELECT public.td_search_key(p_unit, t)
                     FROM unnest(public.show_trgm(coalesce(p_sealed, '') || E'\n'
                                                  || lower(coalesce(p_receipt_no, '')))) t);
    END
    $$;
  END IF;
  IF to_regprocedure('td_fold(text)') IS NOT NULL THEN
    CREATE OR REPLACE FUNCTION td_fold(p text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    BEGIN
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, normalize(p, NFC)));
    END
    $$;
  END IF;
END
$do$;

CREATE OR REPLACE FUNCTION td_event_digest(p_prev bytea, p_seq bigint, p_petition bigint,
                                           p_unit integer, p_actor integer,
                                           p_at timestamptz, p_action text, p_from text,
                                           p_to text, p_note text, p_changes jsonb,
                                           p_decision_no text)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  RETURN sha256(p_prev || td_chain_field('tiepdan event v1')
                || td_chain_field(p_seq::text) || td_chain_field(p_petition::text)
                || td_chain_field(p_unit::text) || td_chain_field(p_actor::text)
                || td_chain_field(td_chain_micros(p_at)) || td_chain_field(p_action)
                || td_chain_field(p_from) || td_chain_field(p_to)
                || td_chain_field(p_note) || td_chain_field(p_changes::text)
                || td_chain_field(p_decision_no));
END
$$;
