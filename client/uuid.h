/*
 * Idempotency keys: fresh random (version 4) UUIDs. Their text form and
 * its check are common to server and client (common/uuid.h).
 */
#ifndef TD_CLIENT_UUID_H
#define TD_CLIENT_UUID_H

#include "common/uuid.h"

/* Writes a fresh random UUID and its NUL into out. Returns 0, or -1 if the
 * system's random source failed. */
int td_uuid_v4(char out[TD_UUID_LEN + 1]);

#endif
