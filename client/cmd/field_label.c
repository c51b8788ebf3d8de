/* Labels of the fields the server names; see field_label.h. */
#include "cmd/field_label.h"

#include <string.h>

#include "lang/lang.h"

static const struct {
  const char *field; /* The wire name, as the server sends it. */
  const char *label; /* English, translated at use. */
} labels[] = {
    {"action", N_("the step")},
    {"at", N_("the time of the step")},
    {"attendees", N_("the attendees")},
    {"certificate_pem", N_("the certificate")},
    {"channel", N_("the channel")},
    {"complex", N_("complex case")},
    {"cursor", N_("the cursor")},
    {"decision_no", N_("the decision number")},
    {"due_within_days", N_("days until due")},
    {"especially_complex", N_("especially complex case")},
    {"exclude_channel", N_("the channel left out")},
    {"expected_version", N_("the version of the petition")},
    {"field", N_("the field")},
    {"finding", N_("the finding")},
    {"fingerprint", N_("the certificate's fingerprint")},
    {"forwarded", N_("the opinions forwarded")},
    {"from", N_("the start of the period")},
    {"from_day", N_("the first day of the period")},
    {"from_year", N_("the first year")},
    {"group_by", N_("the grouping")},
    {"group_people", N_("the people in mass delegations")},
    {"groups", N_("the mass delegations")},
    {"group_size", N_("the number of petitioners")},
    {"holidays", N_("the holidays")},
    {"id", N_("the petition's id")},
    {"idempotency_key", N_("the key against duplicates")},
    {"kind", N_("the kind of petition")},
    {"limit", N_("the number of rows")},
    {"name", N_("the name")},
    {"new_code", N_("the new unit's code")},
    {"new_name", N_("the new name")},
    {"note", N_("the note or reason")},
    {"number", N_("the session number")},
    {"old_codes", N_("the former units' codes")},
    {"on", N_("the date")},
    {"opinions", N_("the opinions raised")},
    {"outcome", N_("the outcome")},
    {"petition_id", N_("the petition's id")},
    {"petitioner.address", N_("the petitioner's address")},
    {"petitioner.contact", N_("the petitioner's contact")},
    {"petitioner.id_number", N_("the petitioner's ID number")},
    {"petitioner.name", N_("the petitioner's name")},
    {"presided_by", N_("who presided")},
    {"reactivate", N_("reactivation")},
    {"received_at", N_("the time received")},
    {"received_from", N_("received from")},
    {"received_to", N_("received until")},
    {"receipt_no", N_("the receipt number")},
    {"repeat_of", N_("the earlier petition")},
    {"resolved_on_spot", N_("resolved on the spot")},
    {"role", N_("the role")},
    {"satisfaction", N_("the citizen's satisfaction")},
    {"session_id", N_("the reception session")},
    {"since", N_("the starting point")},
    {"soon_days", N_("days counted as soon")},
    {"source", N_("the legal basis")},
    {"status", N_("the status")},
    {"summary", N_("the summary")},
    {"text", N_("the search text")},
    {"theme", N_("the theme")},
    {"title", N_("the title")},
    {"to", N_("the end of the period")},
    {"to_day", N_("the last day of the period")},
    {"transfer_target", N_("the agency it goes to")},
    {"type", N_("the type of session")},
    {"unit_code", N_("the unit's code")},
    {"unit_level", N_("the level of units")},
    {"village_code", N_("the village's code")},
    {"wait_ms", N_("the wait")},
    {"year", N_("the year")},
};

const char *td_cmd_field_label(const char *field)
{
  size_t i;

  if (field == NULL)
    return NULL;
  for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
    if (strcmp(labels[i].field, field) == 0)
      return _(labels[i].label);
  return NULL;
}
