/*
 * The store: every SQL statement the server runs, and the mapping of rows to
 * wire messages. All statements are parameterised and go through the
 * non-blocking pool. Nothing here decides who may see what; handlers do,
 * with the rules in domain/permit.h, before replying.
 */
#ifndef TD_STORE_H
#define TD_STORE_H

#include "server.h"

enum td_store_status {
  TD_STORE_OK = 0,
  TD_STORE_NOT_FOUND,   /* No row (or not in the caller's scope). */
  TD_STORE_UNAVAILABLE, /* Database unreachable or shutting down: retry. */
  TD_STORE_ERROR        /* A bug or a broken schema: logged. */
};

/* Looks up the principal registered for a certificate fingerprint. */
int td_store_principal(struct td_pool *pool, const char *fingerprint,
                       void (*cb)(void *arg, int status,
                                  const struct td_principal *p),
                       void *arg);

/* A petition as read, with what the handler needs to decide redaction. */
struct td_petition_row {
  Tiepdan__Petition *p; /* In the request's arena. */
  int handling_unit_id;
};

struct td_store_result {
  int status;          /* enum td_store_status */
  const char *outcome; /* td_submit_petition's result, for submit. */
  int scope_found;     /* For list: the unit filter resolved in scope. */
  int n;
  struct td_petition_row *rows;
  int64_t next_id; /* For list: cursor of the next page, or 0. */
};

typedef void (*td_store_cb)(struct td_req *req,
                            const struct td_store_result *res);

/*
 * Each call returns 0 (cb runs once, later) or TD_STORE_UNAVAILABLE (cb never
 * runs). hash is the hex SHA-256 of the submission as sent.
 */
int td_store_submit(struct td_req *req, const Tiepdan__SubmitPetition *m,
                    const char *hash, td_store_cb cb);
int td_store_get(struct td_req *req, int64_t id, const char *receipt,
                 td_store_cb cb);

struct td_list_query {
  const char *unit_code;
  const char *kind;
  const char *status;
  int64_t received_from; /* 0 = no bound */
  int64_t received_to;
  const char *text;
  int64_t after_id; /* From the cursor; 0 = first page. */
  int limit;
};

int td_store_list(struct td_req *req, const struct td_list_query *q,
                  td_store_cb cb);

#endif
