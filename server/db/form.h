/*
 * The official report forms (sql/functions/90_forms.sql): one form filled
 * for a unit of the caller's area and a period of days, and the petitions
 * and sessions behind one of its figures.
 */
#ifndef TD_DB_FORM_H
#define TD_DB_FORM_H

#include "db/db.h"
#include "db/petition.h"
#include "tiepdan.pb-c.h"

/*
 * The form as the database fills it: reached is 0 when the unit is unknown
 * or out of the caller's area (alike); has_form is 0 when no version of the
 * form is in force on the period's last day. reply holds the form's
 * identity, columns, the unit, and one row per unit below with its values
 * (by column number - 1; -1 for a manual column, 0 where nothing counted),
 * then the total row; checks carry the formulas, not yet evaluated.
 */
struct td_form_filled {
  int err;
  int reached;
  int has_form;
  Tiepdan__FormReply *reply;
};
typedef void (*td_form_filled_cb)(void *arg, const struct td_form_filled *r);

TD_MUSTCHECK int td_db_form_get(const struct td_db *db, int caller_unit,
                                const char *form, const char *unit_code,
                                const char *from, const char *to,
                                td_form_filled_cb cb, void *arg);

/* The petitions behind a figure (with what each adds), oldest first, then
 * the sessions; empty when the unit, form or column is out of reach. */
struct td_form_items {
  int err;
  int n;
  struct td_petition_row *rows;
  int64_t *weights; /* Per petition row. */
  size_t nsessions;
  Tiepdan__FormItem **sessions;
};
typedef void (*td_form_items_cb)(void *arg, const struct td_form_items *r);

TD_MUSTCHECK int td_db_form_explain(const struct td_db *db, int caller_unit,
                                    const Tiepdan__GetForm *m,
                                    td_form_items_cb cb, void *arg);

#endif
