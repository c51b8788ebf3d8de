-- Search: every text the server stores is normalised to Unicode NFC on its
-- way in, whatever path writes it (submission, lifecycle notes and reasons,
-- sessions), and a petition's folded notes follow its event log. What
-- td_fold() is, and the columns and index search reads, are in
-- sql/schema/012_search.sql.

-- NFC of a text: the text itself when it is NFC already (the quick check of
-- UAX #15, a table look-up per character, decides almost every text), else
-- its normalisation. normalize() alone decomposes and recomposes every
-- text, about ten times the cost, and every text a client sends is NFC
-- already. An SQL expression, inlined where it is used.
CREATE OR REPLACE FUNCTION td_nfc(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p IS NFC NORMALIZED THEN p ELSE normalize(p, NFC) END
$$;

-- td_fold (schema 012, PL/pgSQL since 017) with the same quick check: the
-- same result, so the indexes on it stand.
DO $do$
BEGIN
  IF to_regprocedure('td_fold(text)') IS NOT NULL THEN
    CREATE OR REPLACE FUNCTION td_fold(p text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    BEGIN
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, public.td_nfc(p)));
    END
    $$;
  END IF;
END
$do$;

-- NFC of every free text of a petition. One place for every path that
-- writes petitions (td_submit_petition, td_apply_transition, ...); the
-- request's hash was taken by the server over what the client sent, so a
-- retried submission still finds its first row.
CREATE OR REPLACE FUNCTION td_petition_nfc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.summary              := td_nfc(NEW.summary);
  NEW.petitioner_name      := td_nfc(NEW.petitioner_name);
  NEW.petitioner_id_number := td_nfc(NEW.petitioner_id_number);
  NEW.petitioner_address   := td_nfc(NEW.petitioner_address);
  NEW.petitioner_contact   := td_nfc(NEW.petitioner_contact);
  NEW.transfer_target      := td_nfc(NEW.transfer_target);
  NEW.decision_no          := td_nfc(NEW.decision_no);
  NEW.note                 := td_nfc(NEW.note);
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER petitions_nfc BEFORE INSERT OR UPDATE ON petitions
  FOR EACH ROW EXECUTE FUNCTION td_petition_nfc();

-- NFC of an event's texts. Its name sorts after petition_events_number and
-- before petition_events_z_seal (triggers of one event fire in the order of
-- their names), so the hash chain seals the text as stored.
CREATE OR REPLACE FUNCTION td_event_nfc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note        := td_nfc(NEW.note);
  NEW.decision_no := td_nfc(NEW.decision_no);
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_nfc BEFORE INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION td_event_nfc();

-- A note (a plain note, or the reason of a rejection, a transfer, a
-- withdrawal or a reopening) becomes searchable with its petition: appended,
-- folded, to petitions.search_notes, from which search_sealed is generated.
-- The petition's row is already locked by td_apply_transition.
CREATE OR REPLACE FUNCTION td_event_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE petitions
     SET search_notes = CASE WHEN search_notes = '' THEN td_fold(NEW.note)
                             ELSE search_notes || E'\n' || td_fold(NEW.note) END
   WHERE id = NEW.petition_id;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER petition_events_search AFTER INSERT ON petition_events
  FOR EACH ROW WHEN (NEW.note IS NOT NULL AND NEW.note <> '')
  EXECUTE FUNCTION td_event_search();

CREATE OR REPLACE FUNCTION td_session_nfc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.title       := td_nfc(NEW.title);
  NEW.presided_by := td_nfc(NEW.presided_by);
  NEW.note        := td_nfc(NEW.note);
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER sessions_nfc BEFORE INSERT OR UPDATE ON sessions
  FOR EACH ROW EXECUTE FUNCTION td_session_nfc();

-- A user's text as the LIKE pattern search matches folded text with: folded
-- as the stored text was, then escaped so it matches literally.
CREATE OR REPLACE FUNCTION td_search_pattern(p text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT '%' || td_like_escape(td_fold(p)) || '%'
$$;

-- Lists ----------------------------------------------------------------------
-- What ListPetitions asks of a petition besides its area and its cursor
-- (server/db/petition.c, SQL_LIST), written once for each way the list
-- reads petitions. Both are inlined by the planner (one SQL expression, no
-- sub-select), so a NULL filter costs nothing.

-- The filters: kind, status, received between (Unix seconds), overdue or
-- due within N days of p_today while open, session, channel, field. NULL
-- (or false) filters nothing.
CREATE OR REPLACE FUNCTION td_list_filter(p petitions, p_kind text, p_status text,
                                          p_from bigint, p_to bigint,
                                          p_overdue boolean, p_due_within integer,
                                          p_today date, p_session bigint,
                                          p_channel text, p_field text)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT (p_kind IS NULL OR p.kind = p_kind)
     AND (p_status IS NULL OR p.status = p_status)
     AND (p_from IS NULL OR p.received_at >= to_timestamp(p_from))
     AND (p_to IS NULL OR p.received_at < to_timestamp(p_to))
     AND (p_overdue IS NOT TRUE
          OR (p.status IN ('received', 'accepted', 'in_progress')
              AND p.deadline < p_today))
     AND (p_due_within IS NULL
          OR (p.status IN ('received', 'accepted', 'in_progress')
              AND p.deadline <= p_today + p_due_within))
     AND (p_session IS NULL OR p.session_id = p_session)
     AND (p_channel IS NULL OR p.channel = p_channel)
     AND (p_field IS NULL OR p.field = p_field)
$$;

-- The text: the receipt number, or, where td_sealed_visible() lets the
-- caller see them, the summary, the notes and the petitioner's name and ID
-- number, compared folded. For anyone else a sealed text matches nothing,
-- so the reply is that of a miss. A NULL text matches every petition.
CREATE OR REPLACE FUNCTION td_list_text_match(p petitions, p_text text,
                                              p_caller_unit integer,
                                              p_may_read boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_text IS NULL
      OR lower(p.receipt_no) LIKE td_search_pattern(p_text)
      OR (p.search_sealed LIKE td_search_pattern(p_text)
          AND td_sealed_visible(p.kind, p.confidential, p.unit_id,
                                p_caller_unit, p_may_read))
$$;

-- The search index's pending list, merged into the index by the server's
-- statistics fold (every fold-interval, from its own connection). Left to
-- itself, GIN merges the list inside whichever insert finds it full: a
-- submission that then holds its commune's receipt counter for tens of
-- milliseconds, while every other submission to that commune waits. Returns
-- the pages merged; -1 when the server's role may not (an index owned by
-- another role: then the inserts merge it, as before).
CREATE OR REPLACE FUNCTION td_search_clean() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('petitions_search_keys') IS NULL THEN
    RETURN 0;
  END IF;
  RETURN gin_clean_pending_list('petitions_search_keys'::regclass);
EXCEPTION WHEN insufficient_privilege THEN
  RETURN -1;
END
$$;
