/*
 * The command-line option behind a field that the server named in an
 * INVALID_ARGUMENT error, so that the officer is told what to correct in
 * the words they typed.
 */
#ifndef TD_CMD_FIELD_H
#define TD_CMD_FIELD_H

/* The option of a field, e.g. "--group-size" for "group_size"; NULL if
 * none. */
const char *td_cmd_option_of_field(const char *field);

/* The same for the given command ("reject", "session close", ...), where
 * one field can stand for different options: note is --reason for reject
 * but --note for accept. */
const char *td_cmd_option_of_field_in(const char *command, const char *field);

#endif
