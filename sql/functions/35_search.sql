-- Search: every text the server stores is normalised to Unicode NFC on its
-- way in, whatever path writes it (submission, lifecycle notes and reasons,
-- sessions), and a petition's folded notes follow its event log. What
-- td_fold() is, and the columns and index search reads, are in
-- sql/schema/012_search.sql.

-- NFC of every free text of a petition. One place for every path that
-- writes petitions (td_submit_petition, td_apply_transition, ...); the
-- request's hash was taken by the server over what the client sent, so a
-- retried submission still finds its first row.
CREATE OR REPLACE FUNCTION td_petition_nfc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.summary              := normalize(NEW.summary, NFC);
  NEW.petitioner_name      := normalize(NEW.petitioner_name, NFC);
  NEW.petitioner_id_number := normalize(NEW.petitioner_id_number, NFC);
  NEW.petitioner_address   := normalize(NEW.petitioner_address, NFC);
  NEW.petitioner_contact   := normalize(NEW.petitioner_contact, NFC);
  NEW.transfer_target      := normalize(NEW.transfer_target, NFC);
  NEW.decision_no          := normalize(NEW.decision_no, NFC);
  NEW.note                 := normalize(NEW.note, NFC);
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
  NEW.note        := normalize(NEW.note, NFC);
  NEW.decision_no := normalize(NEW.decision_no, NFC);
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
  NEW.title       := normalize(NEW.title, NFC);
  NEW.presided_by := normalize(NEW.presided_by, NFC);
  NEW.note        := normalize(NEW.note, NFC);
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
