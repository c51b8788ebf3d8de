/*
 * tiepdan admin principal add|revoke|list: the certificates that may speak
 * to the server, and as whom. The parsers and the requests are pure, for
 * tests; strings are borrowed from argv.
 */
#ifndef TD_CMD_ADMIN_PRINCIPAL_H
#define TD_CMD_ADMIN_PRINCIPAL_H

#include <stddef.h>
#include <stdint.h>

#include "tiepdan.pb-c.h"

struct td_principal_add_args {
  char *cert_file;
  char *name; /* NULL: the server takes the certificate's CN. */
  char *unit;
  int role;       /* A Tiepdan__Role. */
  int reactivate; /* Lift a revocation of this certificate. */
  int help;
};

/* The length of a SHA-256 fingerprint in hex. */
#define TD_CMD_FINGERPRINT_LEN 64

struct td_principal_revoke_args {
  int64_t id; /* 0 when revoking by fingerprint. */
  /* Lowercase hex without colons; empty when revoking by id. */
  char fingerprint[TD_CMD_FINGERPRINT_LEN + 1];
  int help;
};

struct td_principal_list_args {
  char *unit;
  int all; /* Include revoked principals. */
  int help;
};

struct td_principal_add_req {
  Tiepdan__Envelope env;
  Tiepdan__AddPrincipal add;
};

struct td_principal_revoke_req {
  Tiepdan__Envelope env;
  Tiepdan__RevokePrincipal revoke;
};

struct td_principal_list_req {
  Tiepdan__Envelope env;
  Tiepdan__ListPrincipals list;
};

/* argv starts after "admin principal add": --cert FILE --role ROLE --unit
 * CODE [--name NAME], all but --name required. Each parser returns 0, or -1
 * with what is wrong in err. */
int td_cmd_parse_principal_add(int argc, char **argv,
                               struct td_principal_add_args *a, char *err,
                               size_t errlen);
/* argv starts after "admin principal revoke": one ID (digits) or
 * FINGERPRINT (64 hex digits, colons between pairs allowed, any case). */
int td_cmd_parse_principal_revoke(int argc, char **argv,
                                  struct td_principal_revoke_args *a, char *err,
                                  size_t errlen);
/* argv starts after "admin principal list": [--unit CODE] [--all]. */
int td_cmd_parse_principal_list(int argc, char **argv,
                                struct td_principal_list_args *a, char *err,
                                size_t errlen);

/* The AddPrincipal of a, carrying pem, the certificate as read from
 * a->cert_file (borrowed, like the strings of a). */
void td_cmd_principal_add_request(const struct td_principal_add_args *a,
                                  char *pem, struct td_principal_add_req *r);
void td_cmd_principal_revoke_request(const struct td_principal_revoke_args *a,
                                     struct td_principal_revoke_req *r);
void td_cmd_principal_list_request(const struct td_principal_list_args *a,
                                   struct td_principal_list_req *r);

#endif
