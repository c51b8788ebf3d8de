/*
 * Offline administration run by `tiepdand --add-principal`: plain blocking
 * libpq, before and instead of the event loop, never inside it. Messages for
 * the operator go to stdout. (`tiepdand --migrate` is db/migrate.h.)
 */
#ifndef TD_ADMIN_H
#define TD_ADMIN_H

#include <stddef.h>

/*
 * Registers (or re-registers, un-revoking) the certificate in cert_file as a
 * principal with role acting for the unit that exists today under
 * unit_code. name defaults to the certificate's common name.
 */
int td_admin_add_principal(const char *conninfo, const char *cert_file,
                           const char *role, const char *unit_code,
                           const char *name, char *err, size_t errlen);

#endif
