/*
 * The officer's words for a field the server names in an error
 * (Error.field, and a field's name among an error's values): "summary" is
 * "nội dung tóm tắt" in Vietnamese. The option behind a field is
 * cmd/field.h's.
 */
#ifndef TD_CMD_FIELD_LABEL_H
#define TD_CMD_FIELD_LABEL_H

/* The field's label in the current language, or NULL when the field is
 * none this client knows (a newer server's, or "holidays[3]"). */
const char *td_cmd_field_label(const char *field);

#endif
