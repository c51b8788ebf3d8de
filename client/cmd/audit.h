/*
 * tiepdan admin audit verify [--unit CODE]: has the server recompute the
 * hash chains and anchors of the record of an area and says, in the
 * officers' words, that it is intact or where it was first broken; and the
 * line a report ends with, the latest anchor of its province. The parser
 * and the wording are pure, for tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_AUDIT_H
#define TD_CMD_AUDIT_H

#include <stddef.h>

#include "net/session.h"
#include "tiepdan.pb-c.h"

/* The exit status when the record was found altered: the verification
 * itself worked, and scripts must still see that something is wrong. */
#define TD_EXIT_AUDIT_BROKEN 6

struct td_audit_args {
  char *unit; /* NULL: the administrator's own unit. */
  int help;
};

struct td_audit_req {
  Tiepdan__Envelope env;
  Tiepdan__VerifyAudit verify;
};

/* argv starts after "admin audit verify". Returns 0, or -1 with what is
 * wrong in err. */
int td_cmd_parse_audit(int argc, char **argv, struct td_audit_args *a,
                       char *err, size_t errlen);
void td_cmd_audit_request(const struct td_audit_args *a,
                          struct td_audit_req *r);

/* What the verifier found, as officers read it, in out (one or more
 * lines, each ending in '\n'; cut to len). Returns 1 if the record is
 * intact, 0 if it is not. */
int td_cmd_audit_describe(const Tiepdan__VerifyAuditReply *r, char *out,
                          size_t len);

/* "Mã kiểm chứng dữ liệu: <hash> (lúc <time>)\n", or "" without a hash. */
void td_cmd_audit_anchor_line(const Tiepdan__AuditAnchor *a, char *out,
                              size_t len);

/* Asks s's server for the latest anchor of unit's province (NULL: the
 * caller's unit) and writes its line into out; leaves out "" when there is
 * none or the server cannot say (an older server, a role that may not ask):
 * a report is never refused for want of it. */
void td_cmd_audit_fetch_anchor_line(struct td_session *s, const char *unit,
                                    char *out, size_t len);

#endif
