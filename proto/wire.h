/*
 * Wire helpers shared by the server, the client and the tests: packing an
 * Envelope into a frame, and the names of the protocol's enums as officers
 * and scripts see them.
 */
#ifndef TD_WIRE_H
#define TD_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

struct td_tmpl;

#define TD_PROTOCOL_VERSION 1u

/*
 * Packs env into one frame (header + payload) in a fresh malloc'd buffer that
 * the caller frees. Returns 0, -E2BIG if the payload would exceed max_payload,
 * or -ENOMEM.
 */
int td_wire_pack(const Tiepdan__Envelope *env, uint32_t max_payload,
                 uint8_t **out, size_t *outlen);

/* Makes env an Error reply to request_id (0: about the connection) in the
 * storage given: code, message (borrowed), whether a retry helps (from the
 * code), and the field it concerns or NULL. */
void td_wire_error(Tiepdan__Envelope *env, Tiepdan__Error *err,
                   uint64_t request_id, int code, const char *field,
                   const char *message);
/* Adds to err the template its message was formatted from and the values
 * (common/tmpl.h), when t has one; args is room for TD_TMPL_ARGS pointers
 * that must live as long as err. */
void td_wire_error_template(Tiepdan__Error *err, const struct td_tmpl *t,
                            char **args);

/*
 * The name of a string field of the packed message data (a desc, nested
 * messages included) whose bytes hold a NUL, or NULL when none does.
 * protobuf-c keeps such a string whole but C reads it cut at the NUL, so
 * what a handler would check and store is not what was sent: the server
 * refuses the request instead. Reads only the wire; data that is not a
 * well-formed message yields NULL (unpacking judges that).
 */
const char *td_wire_nul_string(const ProtobufCMessageDescriptor *desc,
                               const uint8_t *data, size_t len);

/* "INVALID_ARGUMENT" etc.; "UNKNOWN" for codes this build does not know. */
const char *td_error_code_name(int code);
/* Whether a client may send the same request again after this error. */
int td_error_code_retryable(int code);

/* "received", "accepted", ...; NULL for values outside the enum. */
const char *td_status_name(int status);
/* Returns the Status value, or -1 for an unknown name. */
int td_status_parse(const char *name);

/* "reception", "leader", "front", "dashboard", "admin"; NULL if unknown. */
const char *td_role_name(int role);
int td_role_parse(const char *name);

/* "accept", "reject", "transfer", "start", "resolve", "withdraw", "reopen",
 * "extend", "note"; NULL outside the enum. */
const char *td_action_name(int action);
int td_action_parse(const char *name);

/* "answered_in_writing", "mediated_successfully", "mediation_failed",
 * "decision_issued". */
const char *td_outcome_name(int outcome);
int td_outcome_parse(const char *name);

/* "satisfied", "not_satisfied", "not_asked". */
const char *td_satisfaction_name(int satisfaction);
int td_satisfaction_parse(const char *name);

/* "regular_reception", "periodic_reception", "dialogue", "voters_meeting". */
const char *td_session_type_name(int type);
int td_session_type_parse(const char *name);

#endif
