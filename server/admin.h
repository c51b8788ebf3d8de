/*
 * Offline administration run by `tiepdand --migrate` and
 * `tiepdand --add-principal`: plain blocking libpq, before and instead of the
 * event loop, never inside it. Messages for the operator go to stdout.
 */
#ifndef TD_ADMIN_H
#define TD_ADMIN_H

#include <stddef.h>

/*
 * Applies, in order, every sql_dir/NNN_name.sql not yet recorded in
 * schema_migrations, each in its own transaction, under an advisory lock so
 * two migrators never interleave. Returns 0 or -1 with err set.
 */
int td_admin_migrate(const char *conninfo, const char *sql_dir, char *err,
                     size_t errlen);

/*
 * Registers (or re-registers, un-revoking) the certificate in cert_file as a
 * principal with role acting for the unit that exists today under
 * unit_code. name defaults to the certificate's common name.
 */
int td_admin_add_principal(const char *conninfo, const char *cert_file,
                           const char *role, const char *unit_code,
                           const char *name, char *err, size_t errlen);

#endif
