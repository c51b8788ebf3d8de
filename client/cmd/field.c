/* The option behind a field; see field.h. */
#include "cmd/field.h"

#include <stddef.h>
#include <string.h>

const char *td_cmd_option_of_field(const char *field)
{
  static const char *const map[][2] = {
      {"idempotency_key", "--key"},
      {"unit_code", "--unit"},
      {"village_code", "--village"},
      {"kind", "--kind"},
      {"channel", "--channel"},
      {"field", "--field"},
      {"group_size", "--group-size"},
      {"name", "--name"},
      {"id_number", "--id-number"},
      {"address", "--address"},
      {"contact", "--contact"},
      {"confidential", "--confidential"},
      {"summary", "--summary"},
      {"received_at", "--received"},
      {"status", "--status"},
      {"received_from", "--from"},
      {"received_to", "--to"},
      {"text", "--text"},
      {"cursor", "--cursor"},
      {"page_size", "--limit"},
      {"session_id", "--session"},
      {"overdue", "--overdue"},
      {"due_within_days", "--due-within"},
      {"explain", "--explain"},
      {"transfer_target", "--to"},
      {"outcome", "--outcome"},
      {"finding", "--finding"},
      {"repeat_of", "--repeat-of"},
      {"satisfaction", "--satisfaction"},
      {"complex", "--complex"},
      {"especially_complex", "--especially-complex"},
      {"decision_no", "--decision-no"},
      {"at", "--at"},
      {"expected_version", "--expect-version"},
      {"note", "--note"},
      {"type", "--type"},
      {"title", "--title"},
      {"presided_by", "--presided-by"},
      {"attendees", "--attendees"},
      {"opinions", "--opinions"},
      {"resolved_on_spot", "--resolved-on-spot"},
      {"forwarded", "--forwarded"},
      {"number", "--number"},
      {"theme", "--theme"},
      {"groups", "--groups"},
      {"group_people", "--group-people"},
      {"from", "--from"},
      {"to", "--to"},
      {"year", "YEAR"},
      {"certificate_pem", "--cert"},
      {"role", "--role"},
      {"reactivate", "--reactivate"},
      {"include_revoked", "--all"},
      {"new_code", "--into"},
      {"new_name", "--name"},
      {"on", "--on"},
      {"group_by", "--by"},
      {"unit_level", "--level"},
      {"from_day", "--from-day"},
      {"to_day", "--to-day"},
      {"exclude_channel", "--exclude-channel"},
  };
  const char *dot;
  size_t i;

  if (field == NULL)
    return NULL;
  /* "petitioner.name" names the same option as "name". */
  dot = strrchr(field, '.');
  if (dot != NULL)
    field = dot + 1;
  for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (strcmp(map[i][0], field) == 0)
      return map[i][1];
  return NULL;
}

/* Where a field means another option than it does elsewhere. */
static const char *const field_in[][3] = {
    {"reject", "note", "--reason"},
    {"withdraw", "note", "--reason"},
    {"reopen", "note", "--reason"},
    {"extend", "note", "--reason"},
    {"note", "note", "TEXT"},
    {"session close", "session_id", "SESSION_ID"},
    {"admin holidays load", "holidays", "FILE"},
    {"admin holidays load", "name", "FILE"},
    {"admin principal revoke", "id", "ID"},
    {"admin principal revoke", "fingerprint", "FINGERPRINT"},
    {"admin unit merge", "old_codes", "OLD"},
    {"admin unit add", "code", "CODE"},
    {"admin unit add", "level", "--level"},
    {"admin unit add", "parent_code", "--parent"},
    {"admin unit add", "since", "--since"},
    {"admin unit rename", "code", "CODE"},
    {"admin unit load", "units", "FILE"},
    {"admin unit load", "name", "FILE"},
    {"report", "kind", "--front"},
    {"report", "channel", "--front"},
};

const char *td_cmd_option_of_field_in(const char *command, const char *field)
{
  const char *base;
  size_t i;

  if (field == NULL)
    return NULL;
  /* "holidays[3].date" concerns FILE as much as "holidays" does. */
  base = strrchr(field, '.');
  base = base ? base + 1 : field;
  for (i = 0; command != NULL && i < sizeof(field_in) / sizeof(field_in[0]);
       i++)
    if (strcmp(field_in[i][0], command) == 0 &&
        (strcmp(field_in[i][1], base) == 0 ||
         strncmp(field_in[i][1], field, strlen(field_in[i][1])) == 0))
      return field_in[i][2];
  return td_cmd_option_of_field(field);
}
