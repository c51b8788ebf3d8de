/*
 * The schema migrator run by `tiepdand --migrate`: plain blocking libpq,
 * before and instead of the event loop, never inside it. Messages for the
 * operator go to stdout.
 *
 * sql_dir holds two folders:
 *   schema/NNN_name.sql  tables, constraints, indexes, reference rows. Each
 *                        is applied once, in its own transaction, and
 *                        recorded in schema_migrations with the SHA-256 of
 *                        its content. A released file is never edited: a
 *                        recorded file whose content (or name) changed is
 *                        refused, and so is a record with no file.
 *   functions/NAME.sql   functions, views and triggers (CREATE OR REPLACE),
 *                        all re-applied by every run, in the order of their
 *                        names, in one transaction, after the schema files.
 *
 * The migrator of the release at commit dec2cc3 recorded files without a
 * checksum. Its five files are schema/001 to 005 today, regrouped so that
 * each table is defined in one file and with the functions moved out,
 * leaving the same tables: a record of one of them without a checksum is
 * adopted (given the name and checksum of today's file) rather than applied
 * again.
 */
#ifndef TD_DB_MIGRATE_H
#define TD_DB_MIGRATE_H

#include <stddef.h>

#include "common/error.h"

/*
 * Brings the database at conninfo up to the files under sql_dir, under an
 * advisory lock so two migrators never interleave. Returns 0, or -1 with a
 * message for the operator in err (errlen bytes, always terminated); what
 * was applied before a failure stays applied.
 */
TD_MUSTCHECK int td_db_migrate(const char *conninfo, const char *sql_dir,
                               char *err, size_t errlen);

#endif
