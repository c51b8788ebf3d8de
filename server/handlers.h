/*
 * Request handlers: one per request type. Each receives an authorised
 * request and ends it with exactly one td_req_reply or td_req_fail.
 */
#ifndef TD_HANDLERS_H
#define TD_HANDLERS_H

#include "server.h"

void td_handle_hello(struct td_req *req);
void td_handle_submit(struct td_req *req);
void td_handle_get(struct td_req *req);
void td_handle_list(struct td_req *req);

/* Page sizes for ListPetitions. */
#define TD_LIST_DEFAULT 50
#define TD_LIST_MAX 200

#endif
