/*
 * Where a request is routed and authorised: one table, one row per
 * operation, each carrying its name, its handler and the operation it asks
 * of the permission table (domain/permit.h). The role check runs here, before
 * any handler and so before any SQL; no handler decides on its own whether a
 * role may call it. Where the content decides (a submission's kind, a
 * transition's action), the row names the domain rule that refines it.
 */
#ifndef TD_DISPATCH_H
#define TD_DISPATCH_H

#include "req.h"

/* Routes req (its caller authenticated and still active) to its handler, or
 * answers UNKNOWN_REQUEST or PERMISSION_DENIED. */
void td_dispatch(struct td_req *req);

/* 1 if a request of this body may change who principals are or act for
 * (adds, revokes, merges): every connection is checked again until the
 * feed's next mark. */
int td_dispatch_changes_principals(Tiepdan__Envelope__BodyCase body);

#endif
